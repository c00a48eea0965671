"""`make demo`: the handoff in the terminal chat, the team played with `/team`."""

from __future__ import annotations

import io
from pathlib import Path

import bot as bot_module
from handlers import console
from handlers.settings import from_env

LINES = [
    "/team Zu früh",  # no question with the team yet: a hint, nothing sent
    "Wo verlängere ich meinen Personalausweis?",
    "/team Im Bürgeramt <Zerbster Str.> & online.",
    "/team /offen",
]


async def test_question_card_team_answer_and_confirmation_in_the_terminal(
    tmp_path: Path,
) -> None:
    settings = from_env({"BOT_DB_PATH": str(tmp_path / "console.sqlite3")}, console=True)
    out = io.StringIO()
    app = bot_module.build_app(settings, request=console.ConsoleBotApi(out))
    await console.run(app, stdin=io.StringIO("\n".join(LINES) + "\n"), out=out)
    transcript = out.getvalue()
    assert "es ist noch keine da" in transcript
    assert "Zu früh" not in transcript.split("es ist noch keine da")[1]
    card = transcript.index("Bot → Team: 📨 Frage Nr. 1")
    answer = transcript.index(
        "Bot: Antwort vom Team der Engagierten Stadt zu Ihrer Frage Nr. 1:\n\n"
        "Im Bürgeramt <Zerbster Str.> & online."
    )
    confirmation = transcript.index("Bot → Team: ✅ Antwort zu Frage Nr. 1 wurde zugestellt.")
    assert card < answer < confirmation
    assert "Team: /offen\n\nBot → Team: Keine offenen Fragen." in transcript
