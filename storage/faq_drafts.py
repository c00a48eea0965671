"""FAQ drafts: a ticket's question and the team's answer, kept for the curator's next entry."""

from __future__ import annotations

from datetime import timedelta

from storage.db import Database, iso_utc, now_utc
from storage.tickets import Ticket


class FaqDrafts:
    """The `faq_drafts` table; every SQL statement is parameterised."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_draft(self, ticket: Ticket, answer: str) -> bool:
        """Keep a ticket's question and answer as an FAQ draft; False if one exists already."""
        async with self.db.transaction():
            hint = ticket.considered[0][0] if ticket.considered else None
            cursor = await self.db.conn.execute(
                """INSERT OR IGNORE INTO faq_drafts
                     (ticket_id, question, answer, entry_hint, created_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (ticket.id, ticket.question or "", answer, hint, iso_utc(now_utc())),
            )
            return cursor.rowcount > 0

    async def drafts(self) -> list[tuple[int, str, str, str | None]]:
        """All FAQ drafts: (ticket id, question, answer, closest entry id)."""
        sql = "SELECT ticket_id, question, answer, entry_hint FROM faq_drafts ORDER BY id"
        async with self.db.conn.execute(sql) as cursor:
            return [(r[0], r[1], r[2], r[3]) for r in await cursor.fetchall()]

    async def purge_drafts(self, older_than: timedelta) -> int:
        """Delete FAQ drafts kept longer than `older_than`: a question and an answer may name
        a person, and a draft nobody took into the knowledge base by then never will be."""
        cutoff = iso_utc(now_utc() - older_than)
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM faq_drafts WHERE created_at < ?", (cutoff,))
            return cursor.rowcount
