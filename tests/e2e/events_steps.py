"""Events, clocks and the coordinator's steps for the end-to-end tests of events."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta

from fake_bot_api import FakeBotApi, JSONDict, User, messages_text
from harness import (
    COORDINATOR_CHAT_ID,
    T0,
    RunningBot,
)

from handlers.events import reminders as reminders_module
from knowledge.dates import BERLIN
from storage.db import Database
from storage.reminders import Reminders
from storage.subscriptions import Subscriptions

# An event on the Saturday after T0, 18:00.
LESECAFE = ("lesecafe", "Lesecafé", datetime(2026, 11, 28, 18, 0, tzinfo=BERLIN), "bildung")


def local(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock time `day_offset` days after T0's day."""
    day = T0.astimezone(BERLIN).date() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), BERLIN)


async def reminder_states(running: RunningBot, event_id: int) -> list[str]:
    """The states of an event's reminder rows, in order of their lead time."""
    return [state for *_, state in await Reminders(running.app.bot_data.db).of_event(event_id)]


def reminders_received(fake_api: FakeBotApi, chat_id: int) -> int:
    """How many reminders ("⏰ …") reached a chat."""
    return sum(t.startswith("⏰") for t in messages_text(fake_api.sent_to(chat_id)))


def scheduler_of(running: RunningBot) -> reminders_module.ReminderScheduler:
    return running.app.bot_data.reminders


async def run_scheduler(running: RunningBot) -> None:
    """Let the reminder job look at the (moved) clock now, and wait until it has."""
    scheduler = scheduler_of(running)
    before = scheduler.runs
    scheduler.poke()
    await running.fake.wait_for(lambda: scheduler.runs > before, 5, "a scheduler run")


async def coordinator_says(fake: FakeBotApi, user: User, text: str) -> JSONDict:
    """The coordinator writes in the coordinator group; the bot's last reply there."""
    await fake.send_text(user, text, chat_id=COORDINATOR_CHAT_ID)
    return await fake.wait_for_message(COORDINATOR_CHAT_ID)


def sent_markup(fake: FakeBotApi, message: JSONDict) -> object:
    """The reply_markup the bot sent with a message (Telegram echoes only inline keyboards)."""
    chat = message["chat"]["id"]
    calls = [c for c in fake.calls_to("sendMessage") if c.ok and c.params["chat_id"] == chat]
    (call,) = [
        c for c in calls if (c.response or {})["result"]["message_id"] == message["message_id"]
    ]
    return call.params.get("reply_markup")


async def coordinator_presses(
    fake: FakeBotApi, user: User, message: JSONDict, label: str
) -> JSONDict:
    await fake.press(user, message, FakeBotApi.button_data(message, label))
    return await fake.wait_for_message(COORDINATOR_CHAT_ID)


def last_in_group(fake: FakeBotApi) -> JSONDict:
    """The bot's latest message in the coordinator group."""
    return fake.sent_to(COORDINATOR_CHAT_ID)[-1]


async def unsubscribed(db: Database, user_id: int) -> bool:
    return await Subscriptions(db).of_user(user_id) == []


async def eventually(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait for a condition on the bot's database (the fake cannot see it; so we poll)."""
    try:
        async with asyncio.timeout(5):
            while not await condition():  # noqa: ASYNC110 - a database, not an event
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


def refusals_of_events() -> set[int]:
    """HTTP statuses the events' tests provoke on purpose (injected 5xx or 429): 403 always
    is (a subscriber who blocked the bot); the tests use it as `refusals_expected`."""
    return {403}
