"""Events, subscriptions and reminders in SQLite, with an injected clock: due times across
daylight saving, catch-up after downtime, change and cancel, and exactly-once queueing
across a simulated crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from knowledge.dates import BERLIN
from storage import privacy
from storage.db import Database
from storage.events import Event, EventData, Events
from storage.outbox import Outbox
from storage.reminders import (
    Action,
    DueReminder,
    Reminders,
    decide,
    dedupe_key,
    due_time,
    planned_status,
)
from storage.subscriptions import ALL, CATEGORY, EVENT, Subscriptions

DAY, TWO_HOURS = timedelta(hours=24), timedelta(hours=2)
LEADS = (DAY, TWO_HOURS)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def render(reminder: DueReminder, event: Event, now: datetime) -> dict[str, Any]:
    return {"text": f"{event.title} for {reminder.user_id}", "lead": reminder.lead.seconds}


async def new_event(db: Database, start: datetime, category: str = "engagement") -> Event:
    async with db.transaction():
        return await Events(db).create(
            EventData(title="Treffen", starts_at=start, place="Rathaus", category=category)
        )


async def subscribe(db: Database, event: Event, user: int, now: datetime = NOW) -> int:
    async with db.transaction():
        await Subscriptions(db).add(user, "de", EVENT, event_id=event.id)
        return await Reminders(db).plan(event, [user], LEADS, now)


async def outbox_rows(db: Database) -> list[tuple[int, str, int, str]]:
    sql = "SELECT chat_id, purpose, ref_id, dedupe_key FROM outbox ORDER BY id"
    async with db.conn.execute(sql) as cursor:
        return [tuple(r) for r in await cursor.fetchall()]  # type: ignore[misc]


# ---- pure: due times and the catch-up decision ----------------------------------------------


def test_due_times_are_real_durations_before_the_start() -> None:
    start = berlin(2026, 12, 12, 18, 0)
    assert due_time(start, DAY) == datetime(2026, 12, 11, 17, 0, tzinfo=UTC)
    assert due_time(start, TWO_HOURS) == datetime(2026, 12, 12, 15, 0, tzinfo=UTC)


def test_due_times_across_the_spring_switch() -> None:
    # 29 March 2026, 10:00 CEST = 08:00 UTC. 24 hours earlier is 09:00 CET on the 28th:
    # a real day before, one hour "earlier" on the wall clock.
    start = berlin(2026, 3, 29, 10, 0)
    assert due_time(start, DAY) == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert due_time(start, DAY).astimezone(BERLIN).hour == 9
    assert due_time(start, TWO_HOURS).astimezone(BERLIN) == berlin(2026, 3, 29, 8, 0)
    # In the switch night itself: 03:30 CEST is two real hours after 00:30 CET.
    night = berlin(2026, 3, 29, 3, 30)
    assert due_time(night, TWO_HOURS).astimezone(BERLIN) == berlin(2026, 3, 29, 0, 30)


def test_due_times_across_the_autumn_switch() -> None:
    # 25 October 2026, 10:00 CET = 09:00 UTC; a day earlier is 11:00 CEST on the 24th.
    start = berlin(2026, 10, 25, 10, 0)
    assert due_time(start, DAY).astimezone(BERLIN) == berlin(2026, 10, 24, 11, 0)
    # 03:30 CET; two hours earlier is 02:30 in summer time, the first of the two 02:30s.
    night = berlin(2026, 10, 25, 3, 30)
    due = due_time(night, TWO_HOURS)
    assert due == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert due.astimezone(BERLIN).utcoffset() == timedelta(hours=2)


def test_the_catch_up_decision() -> None:
    start = NOW + timedelta(hours=5)
    due = start - TWO_HOURS
    assert decide(due, start, due - timedelta(seconds=1)) is Action.WAIT
    assert decide(due, start, due) is Action.SEND
    assert decide(due, start, start - timedelta(minutes=1)) is Action.SEND  # late, not begun
    assert decide(due, start, start) is Action.SKIP  # begun
    assert decide(due, start, due, superseded=True) is Action.SKIP
    assert decide(due, start, due, cancelled=True) is Action.SKIP


def test_a_reminder_already_due_when_planned_is_skipped() -> None:
    assert planned_status(NOW + timedelta(seconds=1), NOW) == "scheduled"
    assert planned_status(NOW, NOW) == "skipped"


# ---- planning and queueing -------------------------------------------------------------------


async def test_subscribing_plans_one_row_per_lead_and_due_ones_are_queued(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=3))
    assert await subscribe(db, event, 7) == 2
    reminders = Reminders(db)
    assert await reminders.next_due() == NOW + timedelta(days=2)
    assert await reminders.queue_due(NOW + timedelta(days=1), render) == (0, 0)
    assert await reminders.queue_due(NOW + timedelta(days=2), render) == (1, 0)
    rows = await outbox_rows(db)
    assert rows == [(7, "reminder", rows[0][2], dedupe_key(event.id, 1, 7, 24 * 60))]
    assert await reminders.next_due() == NOW + timedelta(days=3) - TWO_HOURS
    assert (await reminders.counts()) == {"queued": 1, "scheduled": 1}


async def test_subscribing_late_plans_only_what_is_still_ahead(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(hours=5))
    assert await subscribe(db, event, 7) == 1  # 24 h before has passed
    assert [r[3] for r in await Reminders(db).of_event(event.id)] == ["skipped", "scheduled"]


async def test_catch_up_after_downtime_sends_the_latest_missed_reminder_once(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    await subscribe(db, event, 7)
    # The bot was down from long before both due times until an hour before the start.
    back = event.starts_at - timedelta(hours=1)
    assert await Reminders(db).queue_due(back, render) == (1, 1)
    statuses = {lead: status for _, lead, _, status in await Reminders(db).of_event(event.id)}
    assert statuses == {24 * 60: "skipped", 2 * 60: "queued"}
    assert [row[3] for row in await outbox_rows(db)] == [dedupe_key(event.id, 1, 7, 120)]


async def test_catch_up_after_the_event_began_sends_nothing(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    await subscribe(db, event, 7)
    assert await Reminders(db).queue_due(event.starts_at + timedelta(minutes=1), render) == (0, 2)
    assert await outbox_rows(db) == []


async def test_batches_never_split_the_superseded_decision(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    for user in range(1, 6):
        await subscribe(db, event, user)
    queued, skipped = await Reminders(db).queue_due(
        event.starts_at - timedelta(minutes=30), render, batch=3
    )
    assert (queued, skipped) == (5, 5)
    assert sorted(row[0] for row in await outbox_rows(db)) == [1, 2, 3, 4, 5]


# ---- exactly once ---------------------------------------------------------------------------


async def test_queueing_twice_queues_once(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    for user in (1, 2, 3):
        await subscribe(db, event, user)
    at = event.starts_at - DAY
    assert await Reminders(db).queue_due(at, render) == (3, 0)
    assert await Reminders(db).queue_due(at, render) == (0, 0)
    assert len(await outbox_rows(db)) == 3


async def test_a_crash_while_queueing_leaves_nothing_half_done(
    db: Database, tmp_path: Path
) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    for user in (1, 2, 3):
        await subscribe(db, event, user)
    calls = 0

    def crashing(reminder: DueReminder, event: Event, now: datetime) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("power cut")  # the process dies in the middle of the batch
        return render(reminder, event, now)

    at = event.starts_at - DAY
    with pytest.raises(RuntimeError):
        await Reminders(db).queue_due(at, crashing)
    assert await outbox_rows(db) == []
    assert (await Reminders(db).counts())["scheduled"] == 6
    # Restart: a new connection on the same file queues every reminder exactly once.
    await db.close()
    reopened = await Database.open(tmp_path / "bot.sqlite3")
    try:
        assert await Reminders(reopened).queue_due(at, render) == (3, 0)
        assert [r[0] for r in await outbox_rows(reopened)] == [1, 2, 3]
    finally:
        await reopened.close()


async def test_a_restart_between_queueing_and_sending_sends_each_once(
    db: Database, tmp_path: Path
) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    for user in (1, 2):
        await subscribe(db, event, user)
    at = event.starts_at - DAY
    assert await Reminders(db).queue_due(at, render) == (2, 0)
    await db.close()  # the crash: queued, nothing sent yet
    reopened = await Database.open(tmp_path / "bot.sqlite3")
    try:
        outbox = Outbox(reopened)
        await outbox.recover()
        assert await Reminders(reopened).queue_due(at, render) == (0, 0)
        due = await outbox.due(now=at.timestamp() + 1)
        assert sorted(item.chat_id for item in due) == [1, 2]
        assert all(item.purpose == "reminder" for item in due)
        # The sender marks them sent; the outbox's on_sent hook marks the reminders.
        async with reopened.transaction():
            for item in due:
                await outbox.mark_sent(item.id, 100 + item.chat_id)
                await Reminders(reopened).mark_sent(item.ref_id or 0)
        assert await outbox.due(now=at.timestamp() + 1) == []
        assert (await Reminders(reopened).counts())["sent"] == 2
    finally:
        await reopened.close()


async def test_the_same_reminder_key_is_refused_by_the_outbox(db: Database) -> None:
    async with db.transaction():
        first = await Outbox(db).add(7, {"text": "x"}, purpose="reminder", dedupe_key="k")
        second = await Outbox(db).add(7, {"text": "x"}, purpose="reminder", dedupe_key="k")
    assert first is not None and second is None


# ---- change and cancel ------------------------------------------------------------------------


async def test_moving_an_event_moves_its_reminders_and_takes_queued_ones_back(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    await subscribe(db, event, 7)
    at = event.starts_at - DAY
    assert await Reminders(db).queue_due(at, render) == (1, 0)
    later = event.starts_at + timedelta(days=7)
    async with db.transaction():
        change = await Events(db).update(event.id, EventData(
            title="Treffen", starts_at=later, place="Rathaus", category="engagement"
        ))  # fmt: skip
        assert change is not None and change.time_changed
        assert change.new.time_rev == 2
        await Reminders(db).reschedule(change.new, at)
    assert await outbox_rows(db) == []  # the reminder for the old time is not sent
    assert [
        (lead, due, status) for _, lead, due, status in await Reminders(db).of_event(event.id)
    ] == [
        (24 * 60, later - DAY, "scheduled"),
        (2 * 60, later - TWO_HOURS, "scheduled"),
    ]
    assert await Reminders(db).queue_due(later - DAY, render) == (1, 0)
    assert [r[3] for r in await outbox_rows(db)] == [dedupe_key(event.id, 2, 7, 24 * 60)]


async def test_a_change_without_a_new_time_keeps_the_reminders(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    await subscribe(db, event, 7)
    before = await Reminders(db).of_event(event.id)
    async with db.transaction():
        change = await Events(db).update(event.id, EventData(
            title="Treffen", starts_at=event.starts_at, place="Schloss", category="engagement"
        ))  # fmt: skip
    assert change is not None and not change.time_changed and change.new.revision == 2
    assert await Reminders(db).of_event(event.id) == before


async def test_cancelling_an_event_cancels_its_reminders(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    await subscribe(db, event, 7)
    await subscribe(db, event, 8)
    assert await Reminders(db).queue_due(event.starts_at - DAY, render) == (2, 0)
    async with db.transaction():
        cancelled = await Events(db).cancel(event.id)
        assert cancelled is not None and cancelled.cancelled
        assert await Reminders(db).cancel(event.id) == 4
        assert await Events(db).cancel(event.id) is None  # twice: nothing more
    assert await outbox_rows(db) == []
    assert await Reminders(db).queue_due(event.starts_at, render) == (0, 0)
    assert await Reminders(db).next_due() is None


async def test_unsubscribing_cancels_only_that_citizens_reminders(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    await subscribe(db, event, 7)
    await subscribe(db, event, 8)
    subscriptions = Subscriptions(db)
    mine = await subscriptions.event_subscription(7, event.id)
    assert mine is not None
    async with db.transaction():
        assert await subscriptions.remove(mine, 8) is None  # not yours
        removed = await subscriptions.remove(mine, 7)
    assert removed is not None and removed.kind == EVENT
    statuses = {(u, s) for u, _, _, s in await Reminders(db).of_event(event.id)}
    assert statuses == {(7, "cancelled"), (8, "scheduled")}
    # Subscribing again brings the cancelled rows back.
    await subscribe(db, event, 7)
    assert {s for u, _, _, s in await Reminders(db).of_event(event.id) if u == 7} == {"scheduled"}


async def test_new_lead_times_are_followed_at_start_up(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=3))
    await subscribe(db, event, 7)
    thirty = timedelta(minutes=30)
    assert await Reminders(db).ensure_leads((DAY, thirty), NOW) == (1, 1)
    leads = {lead: status for _, lead, _, status in await Reminders(db).of_event(event.id)}
    assert leads == {24 * 60: "scheduled", 2 * 60: "cancelled", 30: "scheduled"}
    assert await Reminders(db).ensure_leads((DAY, thirty), NOW) == (0, 0)


# ---- who hears about what -------------------------------------------------------------------


async def test_recipients_get_one_message_each_with_their_most_specific_subscription(
    db: Database,
) -> None:
    event = await new_event(db, NOW + timedelta(days=2), category="bildung")
    subscriptions = Subscriptions(db)
    async with db.transaction():
        await subscriptions.add(1, "de", ALL)
        await subscriptions.add(1, "de", CATEGORY, category="bildung")
        await subscriptions.add(2, "en", ALL)
        await subscriptions.add(3, "de", CATEGORY, category="wirtschaft")
        await subscriptions.add(4, "de", EVENT, event_id=event.id)
        await subscriptions.add(1, "de", EVENT, event_id=event.id)
    new = {(r.user_id, r.kind, r.language) for r in await subscriptions.interested(event, new=True)}
    assert new == {(1, "category", "de"), (2, "all", "en")}
    changed = {(r.user_id, r.kind) for r in await subscriptions.interested(event)}
    assert changed == {(1, "event"), (2, "all"), (4, "event")}


async def test_subscribing_twice_is_one_subscription(db: Database) -> None:
    async with db.transaction():
        first, created = await Subscriptions(db).add(1, "de", ALL)
        again, created_again = await Subscriptions(db).add(1, "en", ALL)
    assert created and not created_again and first.id == again.id
    assert await Subscriptions(db).count() == 1


async def test_privacy_shows_and_forgets_subscriptions_and_reminders(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2))
    await subscribe(db, event, 7)
    async with db.transaction():
        await Subscriptions(db).add(7, "de", CATEGORY, category="bildung")
    assert await Reminders(db).queue_due(event.starts_at - DAY, render) == (1, 0)
    records = await privacy.describe_user(db, 7)
    kinds = [r.kind for r in records if r.kind in ("subscription", "reminder")]
    assert kinds == ["subscription", "subscription", "reminder", "reminder"]
    assert "Treffen" in dict(records[0].fields)["event"]
    assert dict(records[1].fields)["category"] == "bildung"
    assert (await privacy.forget_user(db, 7))["subscriptions"] == 2
    assert await Subscriptions(db).of_user(7) == []
    assert await Reminders(db).of_event(event.id) == []
    assert await outbox_rows(db) == []  # the queued reminder is taken back too


# ---- events.yaml sync -----------------------------------------------------------------------


async def test_sync_adds_changes_and_removes_knowledge_events(db: Database) -> None:
    start = NOW + timedelta(days=10)
    first = EventData(title="A", starts_at=start, place="X", category="engagement")
    second = EventData(title="B", starts_at=start, place="Y", category="bildung")
    events = Events(db)
    async with db.transaction():
        result = await events.sync_kb({"a": first, "b": second})
    assert [e.kb_key for e in result.added] == ["a", "b"]
    async with db.transaction():
        result = await events.sync_kb({"a": first, "b": second})
    assert (result.added, result.changed, result.removed) == ([], [], [])
    moved = EventData(title="A", starts_at=start + DAY, place="X", category="engagement")
    async with db.transaction():
        result = await events.sync_kb({"a": moved})
    assert [c.new.kb_key for c in result.changed] == ["a"] and result.changed[0].time_changed
    assert [e.kb_key for e in result.removed] == ["b"]
    # Written back into the file, "b" is scheduled again and counts as new.
    async with db.transaction():
        result = await events.sync_kb({"a": moved, "b": second})
    assert [e.kb_key for e in result.added] == ["b"] and not result.added[0].cancelled


async def test_a_coordinators_change_to_a_knowledge_event_holds_until_the_file_changes(
    db: Database,
) -> None:
    start = NOW + timedelta(days=10)
    spec = EventData(title="A", starts_at=start, place="X", category="engagement")
    events = Events(db)
    async with db.transaction():
        (event,) = (await events.sync_kb({"a": spec})).added
        await events.update(event.id, EventData(
            title="A", starts_at=start, place="Rathaus", category="engagement"
        ))  # fmt: skip
        result = await events.sync_kb({"a": spec})
    assert (result.added, result.changed, result.removed) == ([], [], [])
    assert (await events.get(event.id)).place == "Rathaus"  # type: ignore[union-attr]


async def test_listing_upcoming_events_and_a_period(db: Database) -> None:
    for days in (1, 2, 3, 40):
        await new_event(db, NOW + timedelta(days=days))
    past = await new_event(db, NOW - timedelta(days=1))
    async with db.transaction():
        cancelled = await Events(db).create(EventData("C", NOW + timedelta(days=2), "X", "bildung"))
        await Events(db).cancel(cancelled.id)
    events, total = await Events(db).between(NOW, limit=2)
    assert total == 4 and len(events) == 2 and past.id not in [e.id for e in events]
    events, total = await Events(db).between(
        NOW, NOW + timedelta(days=1, hours=12), NOW + timedelta(days=5)
    )
    assert total == 2 and [e.starts_at for e in events] == [NOW + timedelta(days=d) for d in (2, 3)]


async def test_who_was_reminded_of_a_past_event_is_forgotten(db: Database) -> None:
    past = await new_event(db, NOW + timedelta(days=1))
    future = await new_event(db, NOW + timedelta(days=60))
    await subscribe(db, past, 7)
    await subscribe(db, future, 7)
    later = NOW + timedelta(days=40)
    assert await Subscriptions(db).purge_past(later - timedelta(days=30)) == 1
    assert [s.event_id for s in await Subscriptions(db).of_user(7)] == [future.id]
    assert await Reminders(db).of_event(past.id) == []
    assert len(await Reminders(db).of_event(future.id)) == 2


async def test_a_language_chosen_later_is_the_one_notices_come_in(db: Database) -> None:
    event = await new_event(db, NOW + timedelta(days=2), category="bildung")
    subscriptions = Subscriptions(db)
    async with db.transaction():
        await subscriptions.add(1, "de", ALL)
        await subscriptions.speaks(1, "ar")  # /sprache
        await subscriptions.speaks(2, "uk")  # no subscriber: nothing is created
    [recipient] = await subscriptions.interested(event, new=True)
    assert (recipient.user_id, recipient.language) == (1, "ar")
    assert await subscriptions.of_user(2) == []
