"""Events: from the knowledge base's events.yaml (synced at start-up) and from the coordinator.

Both kinds live in one table, so subscriptions, reminders and buttons refer to one integer id.
Times are stored as ISO 8601 UTC strings; Europe/Berlin is only how they are shown and read.

`time_rev` counts changes of the start time: reminders are keyed by it, so a reminder sent
for the old time does not swallow the one for the new time. `revision` counts every change
(for the change notices' dedupe keys). Knows nothing of Telegram.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from storage.db import Store, inserted_id, now_utc

SCHEDULED = "scheduled"
CANCELLED = "cancelled"


def iso(moment: datetime) -> str:
    """The stored form of an instant: UTC, seconds, so that text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: events need aware times")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    """An aware UTC datetime from its stored form."""
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class EventData:
    """What an event says: from events.yaml or from the coordinator's /termin_neu."""

    title: str
    starts_at: datetime  # aware; stored in UTC
    place: str
    category: str  # one of knowledge.model.EVENT_CATEGORIES
    description: str = ""
    ends_at: datetime | None = None  # None: no end given
    link: str | None = None  # https only (knowledge/events.py checks it)

    def fingerprint(self) -> str:
        """A short hash of every field, to tell whether events.yaml changed an event."""
        values = [self.title, iso(self.starts_at), self.ends_at and iso(self.ends_at),
                  self.place, self.category, self.description, self.link]  # fmt: skip
        return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Event:
    """A stored event."""

    id: int
    title: str
    starts_at: datetime  # aware, UTC
    ends_at: datetime | None
    place: str
    description: str
    category: str
    link: str | None
    status: str
    time_rev: int
    revision: int
    kb_key: str | None = None

    @property
    def cancelled(self) -> bool:
        """The event was called off."""
        return self.status == CANCELLED

    @property
    def last_moment(self) -> datetime:
        """When it is over: its end, or (without an end) its start."""
        return self.ends_at or self.starts_at

    def data(self) -> EventData:
        """Its fields as EventData."""
        return EventData(
            title=self.title, starts_at=self.starts_at, ends_at=self.ends_at, place=self.place,
            category=self.category, description=self.description, link=self.link,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Change:
    """An event before and after a change."""

    old: Event
    new: Event

    @property
    def time_changed(self) -> bool:
        """The start moved (reminders must move with it)."""
        return self.old.starts_at != self.new.starts_at


@dataclass
class SyncResult:
    """What syncing events.yaml did: events added, changed and cancelled (removed)."""

    added: list[Event] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Event] = field(default_factory=list)


_COLUMNS = """id, title, starts_at, ends_at, place, description, category, link, status,
              time_rev, revision, kb_key"""
EVENT_COLUMNS = tuple(name.strip() for name in _COLUMNS.split(","))  # for joins: "e." + name


def event_from_row(row: Sequence[Any]) -> Event:
    """An Event from a row of EVENT_COLUMNS (in that order)."""
    return Event(
        id=int(row[0]), title=str(row[1]), starts_at=from_iso(str(row[2])),
        ends_at=from_iso(str(row[3])) if row[3] else None, place=str(row[4]),
        description=str(row[5]), category=str(row[6]), link=row[7] and str(row[7]),
        status=str(row[8]), time_rev=int(row[9]), revision=int(row[10]),
        kb_key=row[11] and str(row[11]),
    )  # fmt: skip


class Events(Store):
    """Queries and changes on events; writes run inside the caller's transaction."""

    async def get(self, event_id: int) -> Event | None:
        """One event by id, cancelled or not."""
        sql = f"SELECT {_COLUMNS} FROM events WHERE id = ?"  # noqa: S608 - constant columns
        async with self.db.conn.execute(sql, (event_id,)) as cursor:
            row = await cursor.fetchone()
        return event_from_row(row) if row else None

    async def many(self, ids: Sequence[int]) -> dict[int, Event]:
        """Several events by id."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        sql = f"SELECT {_COLUMNS} FROM events WHERE id IN ({marks})"  # noqa: S608 - only ?s
        async with self.db.conn.execute(sql, tuple(ids)) as cursor:
            return {int(r[0]): event_from_row(r) for r in await cursor.fetchall()}

    async def between(
        self,
        now: datetime,
        start: datetime | None = None,
        end: datetime | None = None,
        *,
        limit: int = 5,
        offset: int = 0,
    ) -> tuple[list[Event], int]:
        """Scheduled events not yet over at `now` that touch [start, end); and their count.

        Without `start` and `end`: every event still to come, soonest first.
        """
        after = iso(max(start, now) if start else now)
        before = iso(end) if end else "9999"
        where = """FROM events WHERE status = 'scheduled' AND starts_at < ?
                   AND COALESCE(ends_at, starts_at) >= ?"""
        params = (before, after)
        sql = f"SELECT {_COLUMNS} {where} ORDER BY starts_at, id LIMIT ? OFFSET ?"
        async with self.db.conn.execute(sql, (*params, limit, offset)) as cursor:
            events = [event_from_row(r) for r in await cursor.fetchall()]
        async with self.db.conn.execute(f"SELECT COUNT(*) {where}", params) as cursor:
            row = await cursor.fetchone()
        return events, int(row[0]) if row else 0

    async def create(self, data: EventData, *, kb_key: str | None = None) -> Event:
        """Store a new event (inside the caller's transaction)."""
        stamp = iso(now_utc())
        cursor = await self.db.conn.execute(
            """INSERT INTO events (kb_key, kb_hash, title, starts_at, ends_at, place,
                 description, category, link, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                kb_key, data.fingerprint() if kb_key else None, data.title, iso(data.starts_at),
                data.ends_at and iso(data.ends_at), data.place, data.description,
                data.category, data.link, stamp, stamp,
            ),
        )  # fmt: skip
        event = await self.get(inserted_id(cursor))
        assert event is not None
        return event

    async def update(self, event_id: int, data: EventData) -> Change | None:
        """Change an event's fields (inside the caller's transaction); None if unknown or
        nothing changed."""
        old = await self.get(event_id)
        if old is None or old.data() == data:
            return None
        moved = old.starts_at != data.starts_at
        await self.db.conn.execute(
            """UPDATE events SET title = ?, starts_at = ?, ends_at = ?, place = ?,
                 description = ?, category = ?, link = ?, time_rev = time_rev + ?,
                 revision = revision + 1, updated_at = ? WHERE id = ?""",
            (
                data.title, iso(data.starts_at), data.ends_at and iso(data.ends_at), data.place,
                data.description, data.category, data.link, int(moved), iso(now_utc()),
                event_id,
            ),
        )  # fmt: skip
        new = await self.get(event_id)
        assert new is not None
        return Change(old, new)

    async def cancel(self, event_id: int) -> Event | None:
        """Call an event off (inside the caller's transaction); None if unknown or already."""
        cursor = await self.db.conn.execute(
            """UPDATE events SET status = 'cancelled', revision = revision + 1, updated_at = ?
               WHERE id = ? AND status = 'scheduled'""",
            (iso(now_utc()), event_id),
        )
        return await self.get(event_id) if cursor.rowcount else None

    async def sync_kb(self, specs: dict[str, EventData]) -> SyncResult:
        """Make the stored events follow events.yaml (inside the caller's transaction).

        An event is applied again only when its YAML changed since it was last applied, so a
        coordinator's /termin_aendern on a YAML event holds until someone edits the file.
        Events removed from the file are cancelled; written back in, they are scheduled again.
        """
        result = SyncResult()
        sql = f"SELECT {_COLUMNS}, kb_hash FROM events WHERE kb_key IS NOT NULL"  # noqa: S608
        async with self.db.conn.execute(sql) as cursor:
            stored = {str(r[11]): (event_from_row(r), r[12]) for r in await cursor.fetchall()}
        for key, data in specs.items():
            fingerprint = data.fingerprint()
            if key not in stored:
                result.added.append(await self.create(data, kb_key=key))
                continue
            event, applied = stored[key]
            if applied == fingerprint:
                continue
            change = await self.update(event.id, data)
            await self.db.conn.execute(
                "UPDATE events SET kb_hash = ? WHERE id = ?", (fingerprint, event.id)
            )
            if applied is None and event.cancelled:  # written back into the file
                await self.db.conn.execute(
                    "UPDATE events SET status = 'scheduled' WHERE id = ?", (event.id,)
                )
                revived = await self.get(event.id)
                assert revived is not None
                result.added.append(revived)
            elif change is not None and not event.cancelled:
                result.changed.append(change)
        for key, (event, applied) in stored.items():
            if key in specs or applied is None:
                continue
            await self.db.conn.execute("UPDATE events SET kb_hash = NULL WHERE id = ?", (event.id,))
            cancelled = await self.cancel(event.id)
            if cancelled is not None:
                result.removed.append(cancelled)
        return result

    async def choices(self, now: datetime, limit: int = 10) -> list[Event]:
        """Events the coordinator may still change or cancel: scheduled and not over."""
        events, _ = await self.between(now, limit=limit)
        return events
