"""Fixtures for end-to-end tests: the fake Bot API server and the real bot polling it.

`fake_api` is a running `FakeBotApi` (tests/fake_bot_api/) with the coordinators' group
registered. `start_bot` is a factory that starts the real Application against it and returns a
`RunningBot` (tests/harness.py) with `restart()`; `bot` is such a bot on the bundled knowledge
base. Every bot is stopped cleanly at the end of its test, before the server.

An end-to-end module opts in to the checks after each test with
`pytestmark = pytest.mark.usefixtures("clean_run")`. The people tests play: `anna` and `ben`
(citizens, Telegram in German) and `coordinator` (a member of the coordinators' group).
Events on a clock of the test's own: `clock` and `events_dir`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import NOT_MODIFIED, FakeBotApi, User
from harness import (
    ANNA,
    BEN,
    BOB,
    COORDINATOR,
    COORDINATOR_CHAT_ID,
    T0,
    TOKEN,
    Clock,
    Event,
    RunningBot,
    StartBot,
    copy_knowledge,
    write_events,
)

from handlers.events import reminders
from knowledge import KnowledgeBase, load


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
def started_bots() -> list[RunningBot]:
    """Every bot `start_bot` started in this test, in order."""
    return []


@pytest.fixture
async def start_bot(
    fake_api: FakeBotApi, tmp_path: Path, started_bots: list[RunningBot]
) -> AsyncIterator[StartBot]:
    """A factory: `await start_bot(knowledge_dir=None, overrides=None, **env)` returns a running
    bot; `overrides` replaces Settings fields that are not read from the environment.

    Settings come from `runtime.settings.from_env` with the fake server's URL, a database in
    `tmp_path`, the coordinator group COORDINATOR_CHAT_ID and TOKEN; `env` overrides any
    variable. `knowledge_dir` defaults to the bundled knowledge base.
    """
    bots = started_bots

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


@pytest.fixture
def refusals_expected() -> set[int]:
    """HTTP statuses a test provokes on purpose (injected 5xx or 429, a blocked chat's 403);
    a module overrides it, a test adds to it."""
    return set()


@pytest.fixture
async def clean_run(
    fake_api: FakeBotApi,
    start_bot: StartBot,
    started_bots: list[RunningBot],
    refusals_expected: set[int],
) -> AsyncIterator[None]:
    """After the test, while its bots still run: every pressed button answered, no handler
    error in any bot it started, and no API call Telegram refused but those the test provoked
    and an edit that would change nothing (a double tap on the same button, which the bot lets
    pass)."""
    yield
    await fake_api.wait_for(lambda: not fake_api.unanswered_callbacks, 2, "answered buttons")
    assert [error for running in started_bots for error in running.errors] == []
    refused = [
        (c.method, c.response)
        for c in fake_api.api_errors
        if c.status not in refusals_expected
        and NOT_MODIFIED.removeprefix("Bad Request: ") not in str(c.response)
    ]
    assert refused == []


# The people of the tests: fixture name -> (user id, first name, details, who they are).
PEOPLE: dict[str, tuple[int, str, dict[str, str], str]] = {
    "anna": (ANNA, "Anna", {"username": "anna_dessau", "language_code": "de"},
             "A citizen whose Telegram is set to German."),
    "ben": (BEN, "Ben", {"language_code": "de"}, "Another citizen, without a username."),
    "bob": (BOB, "Bob", {"language_code": "en"}, "A citizen whose Telegram is in English."),
    "coordinator": (COORDINATOR, "Kathrin", {"language_code": "de"}, "A team member."),
    "kathrin": (COORDINATOR, "Kathrin", {"username": "koordination"}, "The same, @named."),
}  # fmt: skip


def person(name: str) -> Callable[..., User]:
    """The fixture of one of PEOPLE."""
    user_id, first_name, details, who = PEOPLE[name]

    def user(fake_api: FakeBotApi) -> User:
        return fake_api.user(user_id, first_name, **details)  # type: ignore[arg-type]

    user.__doc__ = who
    return pytest.fixture(user, name=name)  # type: ignore[no-any-return]


anna, ben, bob, coordinator, kathrin = (person(name) for name in PEOPLE)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The clock every bot started in this test runs on, at T0 until the test moves it."""
    fake_now = Clock(T0)
    monkeypatch.setattr(reminders, "now_utc", fake_now)
    return fake_now


@pytest.fixture
def events_dir(tmp_path: Path) -> Callable[[list[Event]], Path]:
    """A copy of the bundled knowledge directory with the given events."""

    def make(events: list[Event]) -> Path:
        target = copy_knowledge(tmp_path / "kb")
        write_events(target, events)
        return target

    return make
