"""Tickets: citizens' questions for the team and their messages.

A ticket is created in one transaction together with the messages that announce it (rows in
the outbox), so a crash either loses nothing or did nothing; the same transaction marks the
message handled (storage/seen.py), so an update delivered twice after a crash creates nothing
new. (The column `ticket_messages.update_id` of older databases is no longer written: update
ids start again after a week without updates, so a new message could look like an old one.)
Who the citizen is lives in storage/citizens.py, which chat message is whose in
message_links.py, the statistics in questions_log.py, forgetting in ticket_retention.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storage.db import Store, inserted_id, iso_utc, now_utc


@dataclass(frozen=True, slots=True)
class Ticket:
    """A question for the team."""

    id: int
    user_id: int | None
    question: str | None
    language: str
    considered: list[tuple[str, float]]
    status: str
    created_at: datetime
    first_answer_at: datetime | None
    first_name: str | None = None
    username: str | None = None
    banned: bool = False
    blocked_bot: bool = False


_TICKET_SELECT = """
    SELECT t.id, t.user_id, t.question, t.language, t.considered, t.status, t.created_at,
           t.first_answer_at, c.first_name, c.username, c.banned, c.blocked_bot
    FROM tickets t LEFT JOIN citizens c ON c.user_id = t.user_id
"""


def _ticket(row: Sequence[Any]) -> Ticket:
    return Ticket(
        id=int(row[0]),
        user_id=row[1],
        question=row[2],
        language=str(row[3]),
        considered=[(str(i), float(s)) for i, s in json.loads(str(row[4]))],
        status=str(row[5]),
        created_at=datetime.fromisoformat(str(row[6])),
        first_answer_at=datetime.fromisoformat(str(row[7])) if row[7] else None,
        first_name=row[8],
        username=row[9],
        banned=bool(row[10]),
        blocked_bot=bool(row[11]),
    )


class Tickets(Store):
    """The `tickets` and `ticket_messages` tables; every SQL statement is parameterised."""

    async def count_recent(self, user_id: int, within: timedelta) -> int:
        """How many tickets this citizen opened within the given time."""
        since = iso_utc(now_utc() - within)
        sql = "SELECT COUNT(*) FROM tickets WHERE user_id = ? AND created_at >= ?"
        async with self.db.conn.execute(sql, (user_id, since)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def create(
        self,
        user_id: int,
        question: str,
        language: str,
        considered: list[tuple[str, float]],
    ) -> int:
        """Insert a ticket and its first message (no commit: the caller adds the outbox rows)."""
        created = iso_utc(now_utc())
        cursor = await self.db.conn.execute(
            """INSERT INTO tickets (user_id, question, language, considered, created_at)
               VALUES (?, ?, ?, ?, ?)""",
            (user_id, question, language, json.dumps(considered), created),
        )
        ticket_id = inserted_id(cursor)
        await self.add_message(ticket_id, "citizen", question)
        return ticket_id

    async def add_message(
        self,
        ticket_id: int,
        author: str,
        text: str,
        team_message: tuple[int, int] | None = None,
    ) -> None:
        """Append a message to a ticket's history (no commit); `team_message` (chat id,
        message id) is the team member's message a relayed answer came from."""
        chat_id, message_id = team_message or (None, None)
        await self.db.conn.execute(
            """INSERT INTO ticket_messages (ticket_id, author, text, created_at,
                                            team_chat_id, team_message_id)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (ticket_id, author, text, iso_utc(now_utc()), chat_id, message_id),
        )

    async def relayed_from(self, chat_id: int, message_id: int) -> tuple[int, str | None] | None:
        """The ticket a team member's message was relayed to as an answer, and the text the
        citizen has of it (the latest version; None once the ticket was anonymised); None
        if that message was never relayed."""
        sql = """SELECT ticket_id, text FROM ticket_messages
                 WHERE team_chat_id = ? AND team_message_id = ? ORDER BY id DESC LIMIT 1"""
        async with self.db.conn.execute(sql, (chat_id, message_id)) as cursor:
            row = await cursor.fetchone()
        return (int(row[0]), row[1]) if row else None

    async def mark_answered(self, ticket_id: int) -> None:
        """The team answered (the first answer's time is kept for statistics; no commit)."""
        await self.db.conn.execute(
            """UPDATE tickets SET status = CASE WHEN status = 'closed' THEN 'closed'
                 ELSE 'answered' END,
                 first_answer_at = COALESCE(first_answer_at, ?) WHERE id = ?""",
            (iso_utc(now_utc()), ticket_id),
        )

    async def close(self, ticket_id: int) -> bool:
        """Mark a ticket done; False if it was already closed."""
        async with self.db.transaction():
            cursor = await self.db.conn.execute(
                "UPDATE tickets SET status = 'closed', closed_at = ?"
                " WHERE id = ? AND status != 'closed'",
                (iso_utc(now_utc()), ticket_id),
            )
            return cursor.rowcount > 0

    async def reopen(self, ticket_id: int) -> None:
        """The ticket waits for the team again: the citizen added something after an answer
        (or the team reopened it). No commit."""
        await self.db.conn.execute(
            "UPDATE tickets SET status = 'open', closed_at = NULL"
            " WHERE id = ? AND status != 'open'",
            (ticket_id,),
        )

    async def get(self, ticket_id: int) -> Ticket | None:
        """One ticket with its citizen's details."""
        async with self.db.conn.execute(f"{_TICKET_SELECT} WHERE t.id = ?", (ticket_id,)) as cur:
            row = await cur.fetchone()
        return _ticket(row) if row else None

    async def open_tickets(self, limit: int = 50) -> list[Ticket]:
        """Tickets not yet answered or closed, oldest first."""
        sql = f"{_TICKET_SELECT} WHERE t.status = 'open' ORDER BY t.created_at, t.id LIMIT ?"
        async with self.db.conn.execute(sql, (limit,)) as cursor:
            return [_ticket(row) for row in await cursor.fetchall()]

    async def count_open(self) -> int:
        """How many tickets wait for the team."""
        async with self.db.conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE status = 'open'"
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def last_team_answer(self, ticket_id: int) -> str | None:
        """The team's latest answer on a ticket."""
        sql = """SELECT text FROM ticket_messages WHERE ticket_id = ? AND author = 'team'
                 ORDER BY id DESC LIMIT 1"""
        async with self.db.conn.execute(sql, (ticket_id,)) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row and row[0] else None

    async def of_user(self, user_id: int) -> list[Ticket]:
        """A citizen's tickets, newest first."""
        sql = f"{_TICKET_SELECT} WHERE t.user_id = ? ORDER BY t.created_at DESC, t.id DESC"
        async with self.db.conn.execute(sql, (user_id,)) as cursor:
            return [_ticket(row) for row in await cursor.fetchall()]
