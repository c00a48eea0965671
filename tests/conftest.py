"""Fixtures for end-to-end tests: the fake Bot API server and the real bot polling it.

`fake_api` is a running `FakeBotApi` (tests/fake_bot_api.py) with the coordinators' group
registered. `start_bot` is a factory that starts the real Application against it and returns a
`RunningBot` (tests/harness.py) with `restart()`; `bot` is such a bot on the bundled knowledge
base. Every bot is stopped cleanly at the end of its test, before the server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import FakeBotApi
from harness import COORDINATOR_CHAT_ID, TOKEN, RunningBot

from knowledge import KnowledgeBase, load

StartBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled knowledge base the bot runs on: tests compare texts with it."""
    return load()


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """The fake Bot API server, listening on a free port of 127.0.0.1 for this test."""
    async with FakeBotApi(token=TOKEN) as fake:
        fake.group(COORDINATOR_CHAT_ID, "Koordinierungsstelle")
        yield fake


@pytest.fixture
async def start_bot(fake_api: FakeBotApi, tmp_path: Path) -> AsyncIterator[StartBot]:
    """A factory: `await start_bot(knowledge_dir=None, overrides=None, **env)` returns a running
    bot; `overrides` replaces Settings fields that are not read from the environment.

    Settings come from `handlers.settings.from_env` with the fake server's URL, a database in
    `tmp_path`, the coordinator group COORDINATOR_CHAT_ID and TOKEN; `env` overrides any
    variable. `knowledge_dir` defaults to the bundled knowledge base.
    """
    bots: list[RunningBot] = []

    async def start(
        knowledge_dir: Path | None = None, overrides: dict[str, Any] | None = None, **env: str
    ) -> RunningBot:
        settings_env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "COORDINATOR_CHAT_ID": str(COORDINATOR_CHAT_ID),
            "TELEGRAM_API_BASE_URL": fake_api.base_url,
            "BOT_DB_PATH": str(tmp_path / "bot.sqlite3"),
        }
        if knowledge_dir is not None:
            settings_env["KNOWLEDGE_DIR"] = str(knowledge_dir)
        settings_env.update(env)
        running = RunningBot(fake_api, settings_env, overrides)
        bots.append(running)
        await running.start()
        return running

    yield start
    for running in reversed(bots):
        await running.stop()


@pytest.fixture
async def bot(start_bot: StartBot) -> RunningBot:
    """The real bot on the bundled knowledge base, polling the fake server."""
    return await start_bot()
