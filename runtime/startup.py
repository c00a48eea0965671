"""What an operator sees when the bot cannot start: one line per problem, never a traceback,
never the token.

- a missing or malformed setting, or a database path the bot cannot use: one line naming it,
  exit status 2;
- an invalid knowledge base: every problem with file and line, exit status 2;
- Telegram rejects the token or the database file is not SQLite: one line, exit status 2;
  the Bot API cannot be reached: one line, exit status 1.

Each step raises `CannotStart` with the text to print and the exit status; bot.py prints it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping

from telegram.error import InvalidToken

from knowledge import KnowledgeBase, KnowledgeError, load
from runtime.settings import (
    STARTUP_ERRORS,
    Settings,
    SettingsError,
    check_db_path,
    from_env,
    redact,
    setup_logging,
)
from storage.instance import AnotherInstance, LockFileError


class CannotStart(Exception):
    """The bot cannot start: `str(self)` says why (for stderr), `status` is the exit status."""

    def __init__(self, text: str, status: int) -> None:
        super().__init__(text)
        self.status = status


def read_settings(env: Mapping[str, str], *, console: bool = False) -> Settings:
    """The validated settings, with logging set up as they say. The terminal chat logs only
    warnings (to keep the chat readable) and has a database of its own, unless `env` says
    otherwise."""
    if console:
        env = {"LOG_LEVEL": "WARNING", "BOT_DB_PATH": "data/console.sqlite3", **env}
    try:
        settings = from_env(env, console=console)
        check_db_path(settings.db_path)
    except SettingsError as error:
        raise CannotStart(f"Configuration error: {error}", 2) from None
    setup_logging(settings)
    return settings


def load_knowledge(settings: Settings) -> KnowledgeBase:
    """The knowledge base, loaded before anything starts: a broken one is reported, not
    half-run."""
    try:
        return load(settings.knowledge_dir)
    except KnowledgeError as error:
        lines = [f"Knowledge base invalid ({len(error.problems)} problems):"]
        lines += [f"  {problem}" for problem in error.problems]
        raise CannotStart("\n".join(lines), 2) from None


@contextlib.contextmanager
def reported(settings: Settings) -> Iterator[None]:
    """Turn what can only go wrong once the bot runs (STARTUP_ERRORS) into CannotStart."""
    try:
        yield
    except STARTUP_ERRORS as error:
        line, status = startup_problem(error, settings)
        raise CannotStart(line, status) from None


def startup_problem(error: BaseException, settings: Settings) -> tuple[str, int]:
    """One line for a start-up error (never with the token), and the exit status."""
    if isinstance(error, InvalidToken):  # its own message quotes the token
        return (
            "Configuration error: TELEGRAM_BOT_TOKEN was rejected by Telegram"
            " (mistyped or revoked? @BotFather shows the current token)",
            2,
        )
    if isinstance(error, LockFileError):
        return (
            f"Configuration error: BOT_DB_PATH {str(settings.db_path)!r}: cannot open its lock"
            f" file {str(error.path)!r} ({error.reason}); it must belong to the bot's user",
            2,
        )
    if isinstance(error, AnotherInstance):
        return (
            f"Another instance of the bot already runs on BOT_DB_PATH {str(error.db_path)!r}"
            f" (process {error.pid or 'unknown'}); this one does not start. Stop the other one"
            " first, or give this one its own BOT_DB_PATH.",
            2,
        )
    if isinstance(error, sqlite3.DatabaseError):
        return (
            f"Configuration error: BOT_DB_PATH {str(settings.db_path)!r} cannot be used as the"
            f" bot's SQLite database ({error})",
            2,
        )
    where = settings.api_base_url or "https://api.telegram.org"
    return (
        f"Cannot reach the Telegram Bot API at {where}: {redact(str(error), settings.secrets)}",
        1,
    )
