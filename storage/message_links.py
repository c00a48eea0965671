"""Which Telegram message (in the team's chat or a citizen's) belongs to which ticket.

Replies are resolved through this table, never through forward information, so citizens who
hide their account in forwards still get their answer.
"""

from __future__ import annotations

from storage.db import Store


class MessageLinks(Store):
    """The `message_links` table; every SQL statement is parameterised."""

    async def link(self, chat_id: int, message_id: int, ticket_id: int) -> None:
        """Remember that a Telegram message belongs to a ticket (no commit)."""
        await self.db.conn.execute(
            "INSERT OR IGNORE INTO message_links (chat_id, message_id, ticket_id) VALUES (?, ?, ?)",
            (chat_id, message_id, ticket_id),
        )

    async def ticket_for_message(self, chat_id: int, message_id: int) -> int | None:
        """The ticket a Telegram message belongs to, if any."""
        sql = "SELECT ticket_id FROM message_links WHERE chat_id = ? AND message_id = ?"
        async with self.db.conn.execute(sql, (chat_id, message_id)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def latest_message(self, chat_id: int) -> int | None:
        """The newest message of a chat that belongs to a ticket (the terminal chat's team
        replies to it)."""
        sql = "SELECT MAX(message_id) FROM message_links WHERE chat_id = ?"
        async with self.db.conn.execute(sql, (chat_id,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else None
