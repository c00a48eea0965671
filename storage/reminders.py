"""Reminders: one row per (event, subscriber, lead time) before anything is scheduled.

Life of a row: `scheduled` (due at `due_at`, UTC) -> `queued` (moved into the outbox) ->
`sent` (Telegram confirmed it; set by the outbox's on_sent hook). Or `skipped` (its time
passed while the event had already begun, or a later reminder for the same event made it
pointless) or `cancelled` (unsubscribed, event cancelled, lead time no longer configured).

Exactly once: `queue_due` inserts the outbox row and marks the reminder `queued` in ONE
transaction. A crash before the commit leaves the reminder `scheduled` and no outbox row; a
crash after it leaves both, and the outbox sends the row after the restart. The outbox
row's `dedupe_key` is a second guard should the same reminder ever be queued twice.

The decisions are pure functions with an injected clock: `due_time` (a real duration before
the start, computed in UTC, so "24 hours before" stays 24 hours across a DST switch) and
`decide` (after downtime: send a missed reminder while the event has not begun, else skip).
Knows nothing of Telegram: the payload comes from the caller's `render`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from storage.batches import PROGRESS_MIN, Batches
from storage.db import Database, Store
from storage.events import Event, Events, from_iso, iso
from storage.outbox import Outbox

PURPOSE = "reminder"  # the outbox purpose of reminder rows
BATCH = 500  # reminders moved into the outbox per transaction


class Action(Enum):
    """What to do with a reminder now."""

    WAIT = "wait"
    SEND = "send"
    SKIP = "skip"


def due_time(starts_at: datetime, lead: timedelta) -> datetime:
    """When a reminder `lead` before an aware start is due, in UTC (real elapsed time)."""
    return starts_at.astimezone(UTC) - lead


def planned_status(due_at: datetime, now: datetime) -> str:
    """A new (or moved) reminder whose time has already passed is not sent: the subscriber
    just chose the event, or just got the change notice with the new time."""
    return "scheduled" if due_at > now else "skipped"


def decide(
    due_at: datetime,
    starts_at: datetime,
    now: datetime,
    *,
    superseded: bool = False,
    cancelled: bool = False,
) -> Action:
    """Send, skip or wait. After downtime a missed reminder is still sent while the event
    has not begun; it is skipped once the event has begun, or when a shorter-lead reminder
    of the same event is due as well (one reminder, not two in a row)."""
    if now < due_at:
        return Action.WAIT
    if cancelled or now >= starts_at or superseded:
        return Action.SKIP
    return Action.SEND


def dedupe_key(event_id: int, time_rev: int, user_id: int, lead_minutes: int) -> str:
    """The outbox key of one reminder: event (and which start time), subscriber, lead."""
    return f"reminder:{event_id}.{time_rev}:{user_id}:{lead_minutes}"


def batch_key(event_id: int, time_rev: int, lead_minutes: int) -> str:
    """The key of the send to many of one event's reminders for one lead time."""
    return f"reminders:{event_id}.{time_rev}:{lead_minutes}"


def minutes(lead: timedelta) -> int:
    """A lead time in whole minutes (how rows store it)."""
    return int(lead.total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A reminder whose time has come, with what rendering it needs."""

    id: int
    event_id: int
    user_id: int
    lead: timedelta
    due_at: datetime
    language: str
    subscription_id: int | None
    superseded: bool


Render = Callable[[DueReminder, Event, datetime], dict[str, Any]]
# Opens the send to many of one event's reminders for one lead time (minutes), given how many
# are due and its key; returns the batch (handlers/events/notices.py: reminder_batches).
OpenBatch = Callable[[Database, Event, int, int, str], Awaitable[int]]

_UPSERT = """
    INSERT INTO reminders (event_id, user_id, lead_minutes, due_at, status, updated_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (event_id, user_id, lead_minutes) DO UPDATE SET due_at = excluded.due_at,
      status = excluded.status, outbox_id = NULL, updated_at = excluded.updated_at
    WHERE reminders.status = 'cancelled'
"""


class Reminders(Store):
    """Reminder rows; methods without their own transaction run inside the caller's."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.outbox = Outbox(db)

    async def plan(
        self, event: Event, user_ids: Iterable[int], leads: Sequence[timedelta], now: datetime
    ) -> int:
        """Rows for these subscribers of an event (inside the caller's transaction); rows
        that exist stay as they are, cancelled ones come back. Returns how many are due later."""
        rows = []
        for user_id in user_ids:
            for lead in leads:
                due = due_time(event.starts_at, lead)
                rows.append(
                    (event.id, user_id, minutes(lead), iso(due), planned_status(due, now), iso(now))
                )
        await self.db.conn.executemany(_UPSERT, rows)
        return sum(row[4] == "scheduled" for row in rows)

    async def reschedule(self, event: Event, now: datetime) -> int:
        """The event's start moved: every live reminder of it moves too (inside the caller's
        transaction); ones already queued are taken back out of the outbox."""
        sql = """SELECT id, lead_minutes, status FROM reminders
                 WHERE event_id = ? AND status != 'cancelled'"""
        async with self.db.conn.execute(sql, (event.id,)) as cursor:
            rows = list(await cursor.fetchall())
        for reminder_id, lead_minutes, status in rows:
            if status == "queued":
                await self.outbox.cancel(purpose=PURPOSE, ref_id=reminder_id)
            due = due_time(event.starts_at, timedelta(minutes=lead_minutes))
            await self.db.conn.execute(
                """UPDATE reminders SET due_at = ?, status = ?, outbox_id = NULL,
                     updated_at = ? WHERE id = ?""",
                (iso(due), planned_status(due, now), iso(now), reminder_id),
            )
        return len(rows)

    async def cancel(self, event_id: int, user_id: int | None = None) -> int:
        """Call off the reminders not yet sent of an event (one subscriber's, or everyone's),
        inside the caller's transaction; rows already in the outbox are taken out of it."""
        sql = """SELECT id, status FROM reminders WHERE event_id = ?
                 AND status IN ('scheduled', 'queued')"""
        params: tuple[int, ...] = (event_id,)
        if user_id is not None:
            sql += " AND user_id = ?"
            params = (event_id, user_id)
        async with self.db.conn.execute(sql, params) as cursor:
            rows = list(await cursor.fetchall())
        for reminder_id, status in rows:
            if status == "queued":
                await self.outbox.cancel(purpose=PURPOSE, ref_id=reminder_id)
        await self.db.conn.executemany(
            "UPDATE reminders SET status = 'cancelled', outbox_id = NULL WHERE id = ?",
            [(row[0],) for row in rows],
        )
        return len(rows)

    async def cancel_user(self, user_id: int) -> int:
        """Take a subscriber's queued reminders out of the outbox (inside the caller's
        transaction), before their rows are deleted."""
        sql = "SELECT id FROM reminders WHERE user_id = ? AND status = 'queued'"
        async with self.db.conn.execute(sql, (user_id,)) as cursor:
            ids = [int(r[0]) for r in await cursor.fetchall()]
        for reminder_id in ids:
            await self.outbox.cancel(purpose=PURPOSE, ref_id=reminder_id)
        return len(ids)

    async def ensure_leads(self, leads: Sequence[timedelta], now: datetime) -> tuple[int, int]:
        """Follow the configured lead times (they may have changed since the last start):
        add missing rows for events to come, cancel scheduled rows of other leads.
        Returns (rows added or revived, rows cancelled)."""
        wanted = [minutes(lead) for lead in leads]
        async with self.db.transaction() as conn:
            sql = """SELECT s.user_id, e.id FROM subscriptions s
                     JOIN events e ON e.id = s.event_id
                     WHERE s.kind = 'event' AND e.status = 'scheduled' AND e.starts_at > ?"""
            async with conn.execute(sql, (iso(now),)) as cursor:
                pairs = await cursor.fetchall()
            users: dict[int, list[int]] = {}
            for user_id, event_id in pairs:
                users.setdefault(int(event_id), []).append(int(user_id))
            events = await Events(self.db).many(sorted(users))
            before = await self._total_changes()
            for event_id, user_ids in users.items():
                await self.plan(events[event_id], user_ids, leads, now)
            added = await self._total_changes() - before
            marks = ",".join("?" * len(wanted))
            sql = f"""UPDATE reminders SET status = 'cancelled', updated_at = ?
                      WHERE status = 'scheduled' AND lead_minutes NOT IN ({marks})"""  # noqa: S608
            cursor = await conn.execute(
                sql,
                (iso(now), *wanted),
            )
            return added, cursor.rowcount

    async def _total_changes(self) -> int:
        async with self.db.conn.execute("SELECT total_changes()") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def next_due(self) -> datetime | None:
        """When the next scheduled reminder is due."""
        sql = "SELECT MIN(due_at) FROM reminders WHERE status = 'scheduled'"
        async with self.db.conn.execute(sql) as cursor:
            row = await cursor.fetchone()
        return from_iso(row[0]) if row and row[0] else None

    async def queue_due(
        self,
        now: datetime,
        render: Render,
        batch: int = BATCH,
        open_batch: OpenBatch | None = None,
    ) -> tuple[int, int]:
        """Move every reminder due at `now` into the outbox, or skip it; (queued, skipped).

        Each batch is one transaction: outbox rows and `queued` marks commit together. The
        reminders of one event and lead time due to more than PROGRESS_MIN people are a send
        to many (storage/batches.py): `open_batch` opens it, in its own transaction first.
        """
        queued = skipped = 0
        sends: dict[tuple[int, int], int] = {}
        if open_batch is not None:
            async with self.db.transaction():
                sends = await self._sends(now, open_batch)
        while True:
            async with self.db.transaction():
                due = await self._due(now, batch)
                events = await Events(self.db).many(sorted({r.event_id for r in due}))
                for reminder in due:
                    event = events[reminder.event_id]
                    action = decide(
                        reminder.due_at, event.starts_at, now,
                        superseded=reminder.superseded, cancelled=event.cancelled,
                    )  # fmt: skip
                    if action is Action.SEND:
                        outbox_id = await self.outbox.add(
                            reminder.user_id,
                            render(reminder, event, now),
                            purpose=PURPOSE,
                            ref_id=reminder.id,
                            dedupe_key=dedupe_key(
                                event.id, event.time_rev, reminder.user_id, minutes(reminder.lead)
                            ),
                            batch=sends.get((event.id, minutes(reminder.lead))),
                        )
                        await self._mark(reminder.id, "queued", now, outbox_id)
                        queued += 1
                    else:
                        await self._mark(reminder.id, "skipped", now, None)
                        skipped += 1
                last = len(due) < batch  # the last chunk: the sends are complete with it
                for send in sends.values():
                    await Batches(self.db).count_rows(send, seal=last)
            if last:
                return queued, skipped

    async def _sends(self, now: datetime, open_batch: OpenBatch) -> dict[tuple[int, int], int]:
        """The sends to many among the due reminders, by (event, lead minutes): those opened
        before (a send that resumes after a crash) and those due to more than PROGRESS_MIN."""
        sends = {}
        for (event_id, lead), count in (await self._due_counts(now)).items():
            event = (await Events(self.db).many([event_id]))[event_id]
            key = batch_key(event.id, event.time_rev, lead)
            found = await Batches(self.db).find(key)
            if found is None and count > PROGRESS_MIN:
                found = await open_batch(self.db, event, lead, count, key)
            if found is not None:
                sends[(event_id, lead)] = found
        return sends

    async def _due_counts(self, now: datetime) -> dict[tuple[int, int], int]:
        """How many reminders are due now and will be sent, per event and lead time: those of
        events that have not begun and are not called off (a later reminder of the same event
        that supersedes one is counted too; the batch's total is corrected as it is queued)."""
        sql = """SELECT r.event_id, r.lead_minutes, COUNT(*) FROM reminders r
                 JOIN events e ON e.id = r.event_id
                 WHERE r.status = 'scheduled' AND r.due_at <= ?
                   AND e.status = 'scheduled' AND e.starts_at > ?
                 GROUP BY r.event_id, r.lead_minutes"""
        async with self.db.conn.execute(sql, (iso(now), iso(now))) as cursor:
            return {(int(r[0]), int(r[1])): int(r[2]) for r in await cursor.fetchall()}

    async def _due(self, now: datetime, limit: int) -> list[DueReminder]:
        sql = """
            SELECT r.id, r.event_id, r.user_id, r.lead_minutes, r.due_at, s.language,
              (SELECT x.id FROM subscriptions x WHERE x.user_id = r.user_id
                 AND x.kind = 'event' AND x.event_id = r.event_id),
              EXISTS (SELECT 1 FROM reminders o WHERE o.event_id = r.event_id
                 AND o.user_id = r.user_id AND o.status = 'scheduled'
                 AND o.lead_minutes < r.lead_minutes AND o.due_at <= ?)
            FROM reminders r JOIN subscribers s ON s.user_id = r.user_id
            WHERE r.status = 'scheduled' AND r.due_at <= ?
            ORDER BY r.due_at, r.id LIMIT ?"""
        moment = iso(now)
        async with self.db.conn.execute(sql, (moment, moment, limit)) as cursor:
            rows = await cursor.fetchall()
        return [
            DueReminder(
                id=int(r[0]),
                event_id=int(r[1]),
                user_id=int(r[2]),
                lead=timedelta(minutes=int(r[3])),
                due_at=from_iso(str(r[4])),
                language=str(r[5]),
                subscription_id=r[6] and int(r[6]),
                superseded=bool(r[7]),
            )
            for r in rows
        ]

    async def _mark(
        self, reminder_id: int, status: str, now: datetime, outbox_id: int | None
    ) -> None:
        await self.db.conn.execute(
            "UPDATE reminders SET status = ?, outbox_id = ?, updated_at = ? WHERE id = ?",
            (status, outbox_id, iso(now), reminder_id),
        )

    async def mark_sent(self, reminder_id: int) -> None:
        """Telegram confirmed the reminder (inside the outbox's transaction)."""
        await self.db.conn.execute(
            "UPDATE reminders SET status = 'sent' WHERE id = ? AND status = 'queued'",
            (reminder_id,),
        )

    async def of_event(self, event_id: int) -> list[tuple[int, int, datetime, str]]:
        """(user id, lead minutes, due, status) of an event's reminders, for tests and logs."""
        sql = """SELECT user_id, lead_minutes, due_at, status FROM reminders
                 WHERE event_id = ? ORDER BY user_id, lead_minutes DESC"""
        async with self.db.conn.execute(sql, (event_id,)) as cursor:
            return [
                (int(r[0]), int(r[1]), from_iso(str(r[2])), str(r[3]))
                for r in await cursor.fetchall()
            ]

    async def counts(self) -> dict[str, int]:
        """Rows per status."""
        sql = "SELECT status, COUNT(*) FROM reminders GROUP BY status"
        async with self.db.conn.execute(sql) as cursor:
            return {str(r[0]): int(r[1]) for r in await cursor.fetchall()}
