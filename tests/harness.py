"""The real bot, run against the fake Bot API the way `Application.run_polling` runs it.

`RunningBot` builds the Application with `bot.build_app(settings)` (settings from
`handlers.settings.from_env`), starts it like run_polling (initialize, post_init, long polling
over HTTP, start) and stops it like run_polling (updater, application, post_stop, shutdown,
post_shutdown). `restart()` starts a fresh Application on the same database and fake server.
Fixtures using it are in conftest.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dtm
import logging
from collections.abc import Iterator, Mapping
from typing import Any

from fake_bot_api import FakeBotApi
from telegram import Update
from telegram.ext import Application

import bot as bot_module
from handlers import lifecycle
from handlers.context import BotContext
from handlers.settings import Settings, from_env, setup_logging

TOKEN = "123456:ABCDEF-e2e-test-token"
COORDINATOR_CHAT_ID = -1009999
POLL_TIMEOUT = dtm.timedelta(seconds=2)  # long poll length; stopping never waits for it


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
