"""`make demo`: the handoff in the terminal chat, the team played with `/team`."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import bot as bot_module
from runtime import console
from runtime.settings import from_env

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


async def test_the_team_creates_an_event_and_closes_a_ticket_in_the_terminal(
    tmp_path: Path,
) -> None:
    lines = [
        "/team /termin_neu",
        "/team Lesecafé",  # answers the bot's question, though no ticket exists
        f"/team 12.12.{date.today().year + 1} 18:00",
        "/team T1",  # Ohne Ende
        "/team Stadtbibliothek",
        "/team T2",  # a topic
        "/team T1",  # Ohne Beschreibung
        "/team T1",  # Speichern
        "/termine",
        "Wo verlängere ich meinen Personalausweis?",
        "/team T1",  # ✅ Erledigt under the card
        "/team T9",  # no such button: the hint, nothing pressed
    ]
    settings = from_env({"BOT_DB_PATH": str(tmp_path / "console.sqlite3")}, console=True)
    out = io.StringIO()
    app = bot_module.build_app(settings, request=console.ConsoleBotApi(out))
    await console.run(app, stdin=io.StringIO("\n".join(lines) + "\n"), out=out)
    transcript = out.getvalue()
    year = date.today().year + 1
    weekday = ("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So.")[date(year, 12, 12).weekday()]
    assert "Bot → Team: Gespeichert als Termin" in transcript
    listing = transcript[transcript.index("Sie: /termine") :]
    assert f"Lesecafé\n🗓 {weekday}, 12.12.{year}, 18:00 Uhr\n📍 Stadtbibliothek" in listing
    assert "Bot (Hinweis): Frage Nr. 1 ist erledigt." in transcript
    assert "  [T1] ↩️ Wieder öffnen" in transcript
    # An unknown button is a hint, not an answer "T9" sent to the citizen.
    assert transcript.rstrip().endswith("(Der Team-Chat hat keinen Knopf T9.)")
