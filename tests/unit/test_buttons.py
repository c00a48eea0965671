"""Every feature's button data begins differently (handlers/buttons.py), and every button
handler the bot registers listens to one of those beginnings."""

from __future__ import annotations

import re
from itertools import permutations
from pathlib import Path

from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

import bot as bot_module
from handlers import buttons
from runtime.settings import from_env


def test_no_beginning_is_the_beginning_of_another() -> None:
    assert len(set(buttons.FEATURES)) == len(buttons.FEATURES)
    for first, second in permutations(buttons.FEATURES, 2):
        assert not second.startswith(first), f"{second!r} begins with {first!r}"


def callback_patterns(handlers: list[BaseHandler]) -> list[str]:
    """The patterns of the button handlers, conversations' ones included."""
    found = []
    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            nested = [*handler.entry_points, *handler.fallbacks]
            for state in handler.states.values():
                nested += state
            found += callback_patterns(nested)
        elif isinstance(handler, CallbackQueryHandler):
            pattern = handler.pattern
            found.append(pattern.pattern if isinstance(pattern, re.Pattern) else str(pattern))
    return found


def test_every_button_handler_listens_to_a_beginning_of_the_table(tmp_path: Path) -> None:
    settings = from_env({"BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}, console=True)
    app = bot_module.build_app(settings)
    patterns = callback_patterns([h for group in app.handlers.values() for h in group])
    assert patterns
    for pattern in patterns:
        body = pattern.removeprefix("^").removeprefix("(?:").removeprefix("(")
        if pattern == ".*" or pattern == "None":  # the fallback for stale buttons takes any
            continue
        assert any(body.startswith(re.escape(p)) or body.startswith(p) for p in buttons.FEATURES), (
            pattern
        )
