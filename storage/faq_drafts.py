"""FAQ drafts: a ticket's question and the team's answer, made into an entry in the team chat
(handlers/teaching/publish.py) or kept for the curator (`python -m knowledge drafts`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from storage.db import Store, iso_utc, now_utc
from storage.tickets import Ticket

OPEN, PUBLISHED, DISCARDED = "open", "published", "discarded"


@dataclass(frozen=True, slots=True)
class Draft:
    """A team entry in the making: what the team chose so far."""

    ticket_id: int
    question: str  # the citizen's question as asked
    answer: str
    title: str
    category: str | None
    phrasings: tuple[str, ...]
    status: str
    entry_id: str | None  # once published


_DRAFT_SELECT = """SELECT ticket_id, question, answer, title, category, phrasings, status,
                          entry_id FROM faq_drafts"""


def _draft(row: Sequence[Any]) -> Draft:
    return Draft(
        ticket_id=int(row[0]),
        question=str(row[1]),
        answer=str(row[2]),
        title=str(row[3] or ""),
        category=row[4],
        phrasings=tuple(str(p) for p in json.loads(str(row[5] or "[]"))),
        status=str(row[6]),
        entry_id=row[7],
    )


class FaqDrafts(Store):
    """The `faq_drafts` table; every SQL statement is parameterised."""

    async def start(
        self,
        ticket: Ticket,
        answer: str,
        title: str,
        category: str | None,
        phrasings: Sequence[str],
    ) -> Draft:
        """The ticket's draft: a new one with these values, the open one kept as it is, or a
        discarded one started again; a published one is returned as it is."""
        async with self.db.transaction():
            draft = await self.get(ticket.id)
            if draft is not None and draft.status == DISCARDED:
                sql = "DELETE FROM faq_drafts WHERE ticket_id = ?"
                await self.db.conn.execute(sql, (ticket.id,))
                draft = None
            if draft is None:
                hint = ticket.considered[0][0] if ticket.considered else None
                await self.db.conn.execute(
                    """INSERT INTO faq_drafts (ticket_id, question, answer, entry_hint,
                         created_at, title, category, phrasings)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        ticket.id, ticket.question or "", answer, hint, iso_utc(now_utc()),
                        title or None, category, json.dumps(list(phrasings), ensure_ascii=False),
                    ),
                )  # fmt: skip
            elif not draft.title:  # kept by an earlier version's button: complete it
                await self.update(ticket.id, title=title, category=category, phrasings=phrasings)
            found = await self.get(ticket.id)
        assert found is not None
        return found

    async def get(self, ticket_id: int) -> Draft | None:
        """A ticket's draft."""
        async with self.db.conn.execute(f"{_DRAFT_SELECT} WHERE ticket_id = ?", (ticket_id,)) as c:
            row = await c.fetchone()
        return _draft(row) if row else None

    async def update(
        self,
        ticket_id: int,
        *,
        title: str | None = None,
        answer: str | None = None,
        category: str | None = None,
        phrasings: Sequence[str] | None = None,
    ) -> None:
        """Change an open draft's title, answer, category or phrasings (None: kept; no
        commit)."""
        listed = json.dumps(list(phrasings), ensure_ascii=False) if phrasings is not None else None
        await self.db.conn.execute(
            """UPDATE faq_drafts SET title = COALESCE(?, title), answer = COALESCE(?, answer),
                 category = COALESCE(?, category), phrasings = COALESCE(?, phrasings),
                 changed_at = ?
               WHERE ticket_id = ? AND status = ?""",
            (title, answer, category, listed, iso_utc(now_utc()), ticket_id, OPEN),
        )

    async def finish(self, ticket_id: int, status: str, entry_id: str | None = None) -> bool:
        """Mark an open draft published (with its entry) or discarded; False if not open."""
        cursor = await self.db.conn.execute(
            """UPDATE faq_drafts SET status = ?, entry_id = ?, changed_at = ?
               WHERE ticket_id = ? AND status = ?""",
            (status, entry_id, iso_utc(now_utc()), ticket_id, OPEN),
        )
        return cursor.rowcount > 0

    async def drafts(self) -> list[tuple[int, str, str, str | None]]:
        """The open FAQ drafts: (ticket id, question, answer, closest entry id)."""
        sql = """SELECT ticket_id, question, answer, entry_hint FROM faq_drafts
                 WHERE status = ? ORDER BY id"""
        async with self.db.conn.execute(sql, (OPEN,)) as cursor:
            return [(r[0], r[1], r[2], r[3]) for r in await cursor.fetchall()]

    async def purge_drafts(self, older_than: timedelta) -> int:
        """Delete FAQ drafts kept longer than `older_than`: a question and an answer may name
        a person, and a draft nobody took into the knowledge base by then never will be."""
        cutoff = iso_utc(now_utc() - older_than)
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM faq_drafts WHERE created_at < ?", (cutoff,))
            return cursor.rowcount
