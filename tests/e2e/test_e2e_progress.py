"""End to end: a send to more than a hundred subscribers shows its progress in the team chat,
in one message edited in place, and ends with the final count (sent, blocked the bot,
failed); through the real Application, the outbox at Telegram's limits and the fake Bot API.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from events_steps import run_scheduler
from fake_bot_api import FakeBotApi, JSONDict, User
from fake_bot_api.models import Call
from handoff_steps import db_rows
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


SLOW = (FIRST + 10, FIRST + 11, FIRST + 12, FIRST + 13)  # Telegram fails them for a while


@pytest.fixture
def refusals_expected() -> set[int]:
    return {400, 403, 502}


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
    for user_id in SLOW:  # they stay in the queue until the faults are cleared
        fake_api.fail(user_id, 502, times=1000)
    write_events(folder, [("fest", "Ehrenamtsfest", T0 + timedelta(days=5), "engagement")])
    await fake_api.send_text(coordinator, "/neu_laden", chat_id=COORDINATOR_CHAT_ID)

    label = "Ankündigung „Ehrenamtsfest“ an 104 Personen"
    report = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: label in m["text"])
    assert report["text"] == (
        f"📣 {label}: 0 gesendet, 0 haben den Bot blockiert, 0 fehlgeschlagen,"
        " 104 in der Warteschlange."
    )

    def delivered(but: tuple[int, ...]) -> bool:
        users = range(FIRST, FIRST + SUBSCRIBERS)
        return all(fake_api.sent_to(uid) for uid in users if uid not in (*BLOCKED, *GONE, *but))

    await fake_api.wait_for(lambda: delivered(SLOW), timeout=20, what="100 announcements")
    sends = fake_api.calls_to("sendMessage")
    last = max(n for n, c in enumerate(sends) if int(c.params["chat_id"]) >= FIRST)
    shown = next(n for n, c in enumerate(sends) if c.params["text"].startswith(f"📣 {label}"))
    # the report is queued first and goes out while the send runs; the group's own rate
    # limit may hold it a moment while citizens' messages go (the outbox does not make
    # citizens wait for the team chat), so it need not be the very first
    assert shown < last
    await fake_api.wait_for(lambda: _pending(running) == len(SLOW), what="the slow ones wait")
    [job] = running.app.job_queue.get_jobs_by_name(JOB)
    await job.run(running.app)  # a round while four wait for Telegram
    assert fake_api.current(report)["text"] == (
        f"📣 {label}: 96 gesendet, 3 haben den Bot blockiert, 1 fehlgeschlagen,"
        " 4 in der Warteschlange."
    )
    for user_id in SLOW:
        fake_api.clear_faults(user_id)
    await fake_api.wait_for(lambda: delivered(()), timeout=30, what="the four after retries")
    await fake_api.wait_for(lambda: _pending(running) == 0, what="every row settled")
    await job.run(running.app)
    assert fake_api.current(report)["text"] == (
        f"✅ {label} ist fertig: 100 gesendet, 3 haben den Bot blockiert, 1 fehlgeschlagen."
    )
    edits = _edits(fake_api, report)
    await job.run(running.app)  # finished: the message is not touched again
    assert len(_edits(fake_api, report)) == len(edits) == 2
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
    await fake_api.wait_for(lambda: _pending(running) == 0, timeout=20, what="all reminders")
    # the team deleted the report meanwhile: it ends there, and is not edited again
    fake_api.fail(COORDINATOR_CHAT_ID, 400, description="Bad Request: message to edit not found")
    [job] = running.app.job_queue.get_jobs_by_name(JOB)
    await job.run(running.app)
    await job.run(running.app)
    assert len(_edits(fake_api, report)) == 1  # the one refused
    assert db_rows(running, "SELECT finished_at IS NOT NULL, sealed, total FROM batches") == [
        (1, 1, 104)
    ]


def _pending(running: RunningBot) -> int:
    """Rows of sends to many that wait to be sent."""
    sql = "SELECT COUNT(*) FROM outbox WHERE batch IS NOT NULL AND status IN ('pending', 'sending')"
    return int(db_rows(running, sql)[0][0])  # type: ignore[call-overload]


def _edits(fake: FakeBotApi, report: JSONDict) -> list[Call]:
    """The edits of the report message."""
    calls = fake.calls_to("editMessageText")
    return [c for c in calls if c.params["message_id"] == report["message_id"]]
