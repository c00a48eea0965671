"""Subscriptions to events: one event ("Erinnern"), a category, or all events.

What each kind brings:
* an event subscription: reminders before it starts (storage.reminders), and notices when
  it is changed or cancelled;
* a category or all-events subscription: an announcement of every new event of the category
  (with an "Erinnern" button), and notices when such an event is changed or cancelled.

A citizen is a `subscribers` row (user id = private chat id, and the language to write in);
deleting it deletes their subscriptions and reminders (foreign keys cascade). Personal data:
listed in storage.privacy, so /meinedaten shows it and /loeschen deletes it. Knows
nothing of Telegram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from knowledge.dates import local_text
from storage.db import Database, Store, now_utc
from storage.events import EVENT_COLUMNS, Event, event_from_row, from_iso, iso
from storage.records import Record
from storage.reminders import Reminders

EVENT = "event"
CATEGORY = "category"
ALL = "all"
_RANK = {EVENT: 0, CATEGORY: 1, ALL: 2}  # the most specific subscription speaks for a user


@dataclass(frozen=True, slots=True)
class Subscription:
    """One subscription; `event` is filled in for event subscriptions."""

    id: int
    user_id: int
    kind: str
    event_id: int | None
    category: str
    created_at: datetime
    event: Event | None = None


@dataclass(frozen=True, slots=True)
class Recipient:
    """Someone to tell about an event, and the subscription that makes them interested."""

    user_id: int
    language: str
    subscription_id: int
    kind: str


class Subscriptions(Store):
    """Queries and changes; writes run inside the caller's transaction."""

    async def speaks(self, user_id: int, language: str) -> None:
        """The language to write in, for a subscriber who is one (a person who chose it with
        /sprache): reminders and notices follow the choice. Creates no subscriber."""
        await self.db.conn.execute(
            "UPDATE subscribers SET language = ? WHERE user_id = ?", (language, user_id)
        )

    async def touch(self, user_id: int, language: str) -> None:
        """Create the subscriber or update the language to write in."""
        await self.db.conn.execute(
            """INSERT INTO subscribers (user_id, language, created_at) VALUES (?, ?, ?)
               ON CONFLICT (user_id) DO UPDATE SET language = excluded.language""",
            (user_id, language, iso(now_utc())),
        )

    async def add(
        self,
        user_id: int,
        language: str,
        kind: str,
        *,
        event_id: int | None = None,
        category: str = "",
    ) -> tuple[Subscription, bool]:
        """Subscribe; returns the subscription and whether it is new."""
        await self.touch(user_id, language)
        cursor = await self.db.conn.execute(
            """INSERT OR IGNORE INTO subscriptions (user_id, kind, event_id, category, created_at)
               VALUES (?, ?, ?, ?, ?)""",
            (user_id, kind, event_id, category, iso(now_utc())),
        )
        created = cursor.rowcount > 0
        sql = """SELECT id, user_id, kind, event_id, category, created_at FROM subscriptions
                 WHERE user_id = ? AND kind = ? AND IFNULL(event_id, 0) = ? AND category = ?"""
        async with self.db.conn.execute(sql, (user_id, kind, event_id or 0, category)) as cur:
            row = await cur.fetchone()
        assert row is not None
        return _subscription(row), created

    async def get(self, subscription_id: int) -> Subscription | None:
        """One subscription by id."""
        sql = """SELECT id, user_id, kind, event_id, category, created_at FROM subscriptions
                 WHERE id = ?"""
        async with self.db.conn.execute(sql, (subscription_id,)) as cursor:
            row = await cursor.fetchone()
        return _subscription(row) if row else None

    async def remove(self, subscription_id: int, user_id: int) -> Subscription | None:
        """Unsubscribe (only the owner can); an event's pending reminders are cancelled."""
        found = await self.get(subscription_id)
        if found is None or found.user_id != user_id:
            return None
        await self.db.conn.execute("DELETE FROM subscriptions WHERE id = ?", (subscription_id,))
        if found.kind == EVENT and found.event_id is not None:
            await Reminders(self.db).cancel(found.event_id, user_id)
        return found

    async def of_user(self, user_id: int) -> list[Subscription]:
        """A citizen's subscriptions, with their events: events first (soonest first)."""
        event_columns = ", ".join(f"e.{name}" for name in EVENT_COLUMNS)
        sql = f"""SELECT s.id, s.user_id, s.kind, s.event_id, s.category, s.created_at,
                         {event_columns}
                  FROM subscriptions s LEFT JOIN events e ON e.id = s.event_id
                  WHERE s.user_id = ?
                  ORDER BY CASE s.kind WHEN 'event' THEN 0 WHEN 'category' THEN 1 ELSE 2 END,
                           e.starts_at, s.category, s.id"""  # noqa: S608 - constant columns
        async with self.db.conn.execute(sql, (user_id,)) as cursor:
            rows = await cursor.fetchall()
        return [
            replace(_subscription(row[:6]), event=event_from_row(row[6:]) if row[3] else None)
            for row in rows
        ]

    async def event_subscription(self, user_id: int, event_id: int) -> int | None:
        """The id of this citizen's subscription to this event, if any."""
        sql = "SELECT id FROM subscriptions WHERE user_id = ? AND kind = 'event' AND event_id = ?"
        async with self.db.conn.execute(sql, (user_id, event_id)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def event_subscribers(self, event_id: int) -> list[int]:
        """Who asked to be reminded of this event."""
        sql = "SELECT user_id FROM subscriptions WHERE kind = 'event' AND event_id = ?"
        async with self.db.conn.execute(sql, (event_id,)) as cursor:
            return [int(r[0]) for r in await cursor.fetchall()]

    async def interested(self, event: Event, *, new: bool = False) -> list[Recipient]:
        """Who to tell about an event, once each, with their most specific subscription.

        `new`: an announcement, to category and all-events subscribers; otherwise (change,
        cancellation) also to those who subscribed to this very event.
        """
        sql = """SELECT s.user_id, b.language, s.id, s.kind FROM subscriptions s
                 JOIN subscribers b ON b.user_id = s.user_id
                 WHERE (s.kind = 'category' AND s.category = ?) OR s.kind = 'all'"""
        params: tuple[object, ...] = (event.category,)
        if not new:
            sql += " OR (s.kind = 'event' AND s.event_id = ?)"
            params = (event.category, event.id)
        async with self.db.conn.execute(sql + " ORDER BY s.user_id", params) as cursor:
            rows = await cursor.fetchall()
        best: dict[int, Recipient] = {}
        for user_id, language, subscription_id, kind in rows:
            current = best.get(int(user_id))
            if current is None or _RANK[str(kind)] < _RANK[current.kind]:
                best[int(user_id)] = Recipient(
                    int(user_id), str(language), int(subscription_id), str(kind)
                )
        return list(best.values())

    async def forget_user(self, user_id: int) -> int:
        """Delete a citizen's subscriptions and reminders (they blocked the bot, or asked):
        queued reminders are taken out of the outbox. Inside the caller's transaction."""
        await Reminders(self.db).cancel_user(user_id)
        async with self.db.conn.execute(
            "SELECT COUNT(*) FROM subscriptions WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        await self.db.conn.execute("DELETE FROM subscribers WHERE user_id = ?", (user_id,))
        return int(row[0]) if row else 0

    async def purge_past(self, before: datetime) -> int:
        """Forget who was reminded of events over before `before`: their event subscriptions
        and reminder rows (own transaction). Returns the subscriptions deleted."""
        async with self.db.transaction() as conn:
            await conn.execute(
                """DELETE FROM reminders WHERE event_id IN
                   (SELECT id FROM events WHERE COALESCE(ends_at, starts_at) < ?)""",
                (iso(before),),
            )
            cursor = await conn.execute(
                """DELETE FROM subscriptions WHERE kind = 'event' AND event_id IN
                   (SELECT id FROM events WHERE COALESCE(ends_at, starts_at) < ?)""",
                (iso(before),),
            )
            return cursor.rowcount

    async def count(self) -> int:
        """How many subscriptions exist (for logs and the benchmark)."""
        async with self.db.conn.execute("SELECT COUNT(*) FROM subscriptions") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0


def _subscription(row: Sequence[Any]) -> Subscription:
    return Subscription(
        id=int(row[0]), user_id=int(row[1]), kind=str(row[2]),
        event_id=int(row[3]) if row[3] is not None else None, category=str(row[4]),
        created_at=from_iso(str(row[5])),
    )  # fmt: skip


async def describe(db: Database, user_id: int) -> list[Record]:
    """A citizen's subscriptions and pending reminders, readable (for /meinedaten)."""
    records = []
    for subscription in await Subscriptions(db).of_user(user_id):
        # Labels and coded values are translated by the bot (data_field_event, category_…).
        if subscription.event is not None:
            event = subscription.event
            what = ("event", f"{event.title} ({local_text(event.starts_at)})")
        elif subscription.kind == CATEGORY:
            what = ("category", subscription.category)
        else:
            what = ("category", ALL)
        since = ("since", local_text(subscription.created_at))
        records.append(Record("subscription", (what, since)))
    sql = """SELECT e.title, r.due_at FROM reminders r JOIN events e ON e.id = r.event_id
             WHERE r.user_id = ? AND r.status IN ('scheduled', 'queued') ORDER BY r.due_at"""
    async with db.conn.execute(sql, (user_id,)) as cursor:
        for title, due_at in await cursor.fetchall():
            records.append(
                Record("reminder", (("event", str(title)), ("due", local_text(from_iso(due_at)))))
            )
    return records


async def forget(db: Database, user_id: int) -> int:
    """Delete a citizen's subscriptions and reminders (inside /loeschen's transaction)."""
    return await Subscriptions(db).forget_user(user_id)
