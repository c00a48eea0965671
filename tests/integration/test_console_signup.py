"""`make demo`: the sign-up works in the terminal chat, ✓ marks included."""

from __future__ import annotations

import io
from pathlib import Path

import bot as bot_module
from runtime import console
from runtime.settings import from_env

LINES = [
    "/mitmachen",
    "Anna Beispiel",
    "1",  # Soziales Miteinander
    "13",  # Weiter
    "2",  # abends
    "6",  # Weiter
    "1",  # Telegram genügt
    "1",  # Überspringen
    "1",  # Ich stimme zu
    "1",  # Absenden
]


async def test_a_sign_up_in_the_terminal_chat(tmp_path: Path) -> None:
    settings = from_env({"BOT_DB_PATH": str(tmp_path / "console.sqlite3")}, console=True)
    out = io.StringIO()
    app = bot_module.build_app(settings, request=console.ConsoleBotApi(out))
    await console.run(app, stdin=io.StringIO("\n".join(LINES) + "\n"), out=out)
    transcript = out.getvalue()
    assert "  [1] ✓ Soziales Miteinander" in transcript  # the redrawn keyboard
    assert "Schritt 7 von 7" in transcript
    assert "Vielen Dank, Anna Beispiel!" in transcript
