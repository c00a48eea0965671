"""The real bot, run against the fake Bot API the way `Application.run_polling` runs it, and
what end-to-end tests do with it.

`RunningBot` builds the Application with `bot.build_app(settings)` (settings from
`runtime.settings.from_env`), starts it like run_polling (initialize, post_init, long polling
over HTTP, start) and stops it like run_polling (updater, application, post_stop, shutdown,
post_shutdown). `restart()` starts a fresh Application on the same database and fake server.
Fixtures using it are in conftest.py.

Below it, the steps the end-to-end test files share: a user says something and reads the reply
(`say`, `replies`, `answer_text`, `labels`), and a copy of the knowledge directory with events
of the test's own (`copy_knowledge`, `write_events`, `started`, the injectable `Clock`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dtm
import functools
import logging
import shutil
from collections.abc import Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from fake_bot_api import FakeBotApi, JSONDict, User
from telegram import Update
from telegram.ext import Application

import bot as bot_module
from knowledge import DEFAULT_DIR
from knowledge.dates import BERLIN
from runtime import lifecycle
from runtime.context import BotContext, Knowledge
from runtime.settings import Settings, from_env, setup_logging

TOKEN = "123456:ABCDEF-e2e-test-token"
COORDINATOR_CHAT_ID = -1009999
# user ids of conftest's people: anna, ben, bob, and the coordinator (kathrin)
ANNA, BEN, BOB, COORDINATOR = 4242, 5151, 4343, 777
POLL_TIMEOUT = dtm.timedelta(seconds=2)  # long poll length; stopping never waits for it
# A Wednesday morning in Dessau: the time tests with an injected `Clock` start at.
T0 = dtm.datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN).astimezone(dtm.UTC)


@functools.cache
def bundled_knowledge() -> Knowledge:
    """The bundled knowledge base and its matchers, loaded once for all tests (it is immutable;
    loading and indexing it takes about 1.5 s, which every start of a bot would pay)."""
    return Knowledge.load(DEFAULT_DIR)


class RunningBot:
    """The real bot, polling the fake server; restartable on the same database."""

    def __init__(
        self, fake: FakeBotApi, env: Mapping[str, str], overrides: Mapping[str, Any] | None = None
    ) -> None:
        self.fake = fake
        self.env = dict(env)
        # Settings that do not come from the environment (Telegram's limits, the retry pace)
        # are scaled down by tests through `overrides`.
        self.settings: Settings = dataclasses.replace(from_env(self.env), **(overrides or {}))
        self.app: Application | None = None
        self.errors: list[BaseException] = []  # what reached the error handlers
        self.starts = 0

    async def start(self) -> Application:
        """Build and start a new Application like run_polling does; returns it."""
        if self.app is not None:
            raise RuntimeError("the bot is already running")
        app = bot_module.build_app(self.settings)
        if self.settings.knowledge_dir.resolve() == DEFAULT_DIR.resolve():
            app.bot_data.knowledge = bundled_knowledge()  # as post_init would load it
        app.add_error_handler(self._record_error)
        await lifecycle.start(
            app,
            lambda updater: updater.start_polling(
                poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
            ),
        )
        self.app = app
        self.starts += 1
        return app

    async def stop(self) -> None:
        """Stop polling and the Application, then shut down (database closed)."""
        if self.app is not None:
            app, self.app = self.app, None
            await lifecycle.stop(app)

    async def restart(self) -> Application:
        """Stop, then start a fresh Application on the same settings and database."""
        await self.stop()
        return await self.start()

    async def _record_error(self, update: object, context: BotContext) -> None:
        """Keep every handler error for the test to inspect."""
        if context.error is not None:
            self.errors.append(context.error)
            await self.fake.notify()


@contextlib.contextmanager
def debug_logs(settings: Settings) -> Iterator[list[str]]:
    """The bot's logging as `LOG_LEVEL=DEBUG` sets it up; yields the formatted lines logged
    inside the block (the token already blanked), then puts the test's logging back."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    setup_logging(dataclasses.replace(settings, log_level="DEBUG"))
    keep = Keep()
    keep.addFilter(root.handlers[0].filters[0])  # the token filter setup_logging installed
    root.addHandler(keep)
    try:
        yield lines
    finally:
        root.handlers[:] = saved[1]
        root.setLevel(saved[0])


StartBot = Callable[..., Awaitable[RunningBot]]  # the `start_bot` fixture (conftest.py)


# ---- what a user does and sees ----------------------------------------------------------------


def labels(message: JSONDict) -> list[str]:
    """The labels of a message's inline buttons."""
    return [label for label, _ in FakeBotApi.buttons(message)]


async def say(fake: FakeBotApi, user: User, text: str) -> JSONDict:
    """The user writes `text` in their private chat; the bot's first reply."""
    await fake.send_text(user, text)
    return await fake.wait_for_message(user.id)


async def replies(fake: FakeBotApi, chat_id: int, count: int) -> list[JSONDict]:
    """Wait for `count` bot messages in a chat since the last action there."""
    await fake.wait_for(lambda: len(fake.replies(chat_id)) >= count, 5, f"{count} replies")
    return fake.replies(chat_id)


async def answer_text(fake: FakeBotApi, query_id: str) -> str:
    """The text the bot answered a button press with ("" for a silent answer)."""
    await fake.wait_for(lambda: query_id in fake.answered_callbacks, 5, "the button's answer")
    return str(fake.answered_callbacks[query_id].get("text") or "")


# ---- a knowledge directory of the test's own -------------------------------------------------

Event = tuple[str, str, dtm.datetime, str]  # (id, title, start, category) of events.yaml


class Clock:
    """The bot's injected clock (`handlers.events.reminders.now_utc`): tests move it forward."""

    def __init__(self, now: dtm.datetime) -> None:
        self.now = now

    def __call__(self) -> dtm.datetime:
        return self.now

    def advance(self, by: dtm.timedelta) -> None:
        self.now += by


def copy_knowledge(target: Path) -> Path:
    """A copy of the bundled knowledge directory (its YAML files) at `target`, to edit."""
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def write_events(directory: Path, events: list[Event]) -> None:
    """events.yaml with (id, title, start, category) events; descriptions name the id."""
    lines = ["events:"]
    for event_id, title, start, category in events:
        lines += [
            f"  - id: {event_id}",
            f'    title: "{title}"',
            f"    start: {start.astimezone(BERLIN):%Y-%m-%d %H:%M}",
            "    place: wird bekannt gegeben",
            f"    category: {category}",
            f"    description: Beschreibung von {event_id}.",
        ]
    (directory / "events.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


async def started(start_bot: StartBot, knowledge_dir: Path, **env: str) -> RunningBot:
    """A bot on `knowledge_dir`, once events.yaml is synced."""
    running = await start_bot(knowledge_dir, **env)
    scheduler = running.app.bot_data.reminders
    await running.fake.wait_for(lambda: scheduler.ready.is_set() and scheduler.runs, 5, "sync")
    return running
