"""End to end: a send to more than a hundred subscribers shows its progress in the team chat,
in one message edited in place, and ends with the final count (sent, blocked the bot,
failed); through the real Application, the outbox at Telegram's limits and the fake Bot API.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta

import pytest
from events_steps import run_scheduler
from fake_bot_api import FakeBotApi, User
from harness import COORDINATOR_CHAT_ID, T0, Clock, RunningBot, StartBot, started, write_events

from runtime.progress import JOB
from storage.events import Events
from storage.reminders import Reminders
from storage.subscriptions import EVENT, Subscriptions

pytestmark = pytest.mark.usefixtures("clean_run")

FIRST = 500_000  # the subscribers' chat ids: FIRST, FIRST + 1, …
SUBSCRIBERS = 104  # more than storage.batches.PROGRESS_MIN
BLOCKED = (FIRST + 3, FIRST + 50, FIRST + 99)  # they blocked the bot
GONE = (FIRST + 7,)  # an account Telegram no longer knows (400)


@pytest.fixture
def refusals_expected() -> set[int]:
    return {400, 403}


async def test_an_announcement_to_many_reports_its_progress_and_final_count(
    fake_api: FakeBotApi,
    start_bot: StartBot,
    events_dir: Callable,
    coordinator: User,
    clock: Clock,
) -> None:
    folder = events_dir([])
    running = await started(start_bot, folder)
    db = running.app.bot_data.db
    async with db.transaction():
        for user_id in range(FIRST, FIRST + SUBSCRIBERS):
            fake_api.user(user_id, f"Abonnent {user_id}")
            await Subscriptions(db).add(user_id, "de", "all")
    for user_id in BLOCKED:
        fake_api.block(user_id)
    for user_id in GONE:
        fake_api.fail(user_id, 400, times=10, description="Bad Request: chat not found")
    write_events(folder, [("fest", "Ehrenamtsfest", T0 + timedelta(days=5), "engagement")])
    await fake_api.send_text(coordinator, "/neu_laden", chat_id=COORDINATOR_CHAT_ID)

    label = "Ankündigung „Ehrenamtsfest“ an 104 Personen"
    report = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: label in m["text"])
    assert report["text"] == (
        f"📣 {label}: 0 gesendet, 0 haben den Bot blockiert, 0 fehlgeschlagen,"
        " 104 in der Warteschlange."
    )
    [job] = running.app.job_queue.get_jobs_by_name(JOB)
    await job.run(running.app)  # a round while the send runs: the counts add up
    numbers = [int(word) for word in fake_api.current(report)["text"].split() if word.isdigit()]
    assert numbers[0] == 104 and sum(numbers[1:]) == 104

    def delivered() -> bool:
        return all(
            fake_api.sent_to(uid)
            for uid in range(FIRST, FIRST + SUBSCRIBERS)
            if uid not in (*BLOCKED, *GONE)
        )

    await fake_api.wait_for(delivered, timeout=20, what="104 announcements")
    await fake_api.wait_for(lambda: _settled(running), timeout=5, what="every row settled")
    await job.run(running.app)
    assert fake_api.current(report)["text"] == (
        f"✅ {label} ist fertig: 100 gesendet, 3 haben den Bot blockiert, 1 fehlgeschlagen."
    )
    edits = [
        c
        for c in fake_api.calls_to("editMessageText")
        if c.params["message_id"] == report["message_id"]
    ]
    await job.run(running.app)  # finished: the message is not touched again
    assert len(
        [
            c
            for c in fake_api.calls_to("editMessageText")
            if c.params["message_id"] == report["message_id"]
        ]
    ) == len(edits)
    assert all(c.status == 200 for c in edits)


async def test_reminders_due_to_many_at_once_report_their_progress_too(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, clock: Clock
) -> None:
    folder = events_dir([("fest", "Ehrenamtsfest", T0 + timedelta(days=5), "engagement")])
    running = await started(start_bot, folder)
    db = running.app.bot_data.db
    [event] = (await Events(db).many([1])).values()
    users = range(FIRST, FIRST + SUBSCRIBERS)
    async with db.transaction():
        for user_id in users:
            fake_api.user(user_id, f"Abonnent {user_id}")
            await Subscriptions(db).add(user_id, "de", EVENT, event_id=event.id)
        await Reminders(db).plan(event, users, [timedelta(hours=2)], clock.now)
    clock.advance(timedelta(days=5) - timedelta(hours=2))
    await run_scheduler(running)
    label = "Erinnerung an „Ehrenamtsfest“ an 104 Personen"
    report = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: label in m["text"])
    await fake_api.wait_for(lambda: _settled(running), timeout=20, what="every reminder sent")
    [job] = running.app.job_queue.get_jobs_by_name(JOB)
    await job.run(running.app)
    assert fake_api.current(report)["text"] == (
        f"✅ {label} ist fertig: 104 gesendet, 0 haben den Bot blockiert, 0 fehlgeschlagen."
    )


def _settled(running: RunningBot) -> bool:
    """No row of a send to many waits any more."""
    with sqlite3.connect(running.settings.db_path) as conn:
        sql = """SELECT COUNT(*) FROM outbox
                 WHERE batch IS NOT NULL AND status IN ('pending', 'sending')"""
        return bool(conn.execute(sql).fetchone()[0] == 0)
