"""Which messages were already handled: a redelivered update is a no-op, a new one never is.

Telegram delivers an update again when the bot crashed before confirming it. Update ids are
no identity: Telegram starts them again at a random number after a week without updates, and
a new or local Bot API server starts them at 1. So a message is known by what identifies the
message itself: its chat, its number in that chat, and its date (an edit by its edit date, so
an edit is a new version). Telegram keeps an unconfirmed update for 24 hours; the marks are
kept for two days and then deleted (`purge`, run daily). A mark names a chat, which is a
person's: /loeschen deletes them with the rest (storage.privacy).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Database, Store, iso_utc, now_utc
from storage.records import Record

KEPT = timedelta(days=2)  # longer than Telegram keeps an unconfirmed update (24 hours)


@dataclass(frozen=True, slots=True)
class Mark:
    """A message's identity: chat, message number, and the time of this version of it."""

    chat_id: int
    message_id: int
    version: int  # unix time of the message, or of its last edit

    @classmethod
    def of(cls, chat_id: int, message_id: int, date: datetime, edited: datetime | None) -> Mark:
        """The mark of a message as Telegram sent it."""
        return cls(chat_id, message_id, int((edited or date).timestamp()))


class SeenMessages(Store):
    """The `seen_messages` table; writes run inside the caller's transaction."""

    async def seen(self, mark: Mark) -> bool:
        """Whether this version of this message was handled already."""
        sql = "SELECT 1 FROM seen_messages WHERE chat_id = ? AND message_id = ? AND version = ?"
        params = (mark.chat_id, mark.message_id, mark.version)
        async with self.db.conn.execute(sql, params) as cursor:
            return await cursor.fetchone() is not None

    async def remember(self, mark: Mark) -> None:
        """Mark it handled (no commit: in the transaction that handles it)."""
        await self.db.conn.execute(
            "INSERT OR IGNORE INTO seen_messages (chat_id, message_id, version, seen_at)"
            " VALUES (?, ?, ?, ?)",
            (mark.chat_id, mark.message_id, mark.version, iso_utc(now_utc())),
        )

    async def purge(self, kept: timedelta = KEPT) -> int:
        """Delete the marks older than `kept`; how many (commits)."""
        async with self.db.transaction():
            cursor = await self.db.conn.execute(
                "DELETE FROM seen_messages WHERE seen_at <= ?", (iso_utc(now_utc() - kept),)
            )
        return cursor.rowcount


async def describe(db: Database, user_id: int) -> list[Record]:
    """Nothing to show: a mark holds no content, only that a message number was handled."""
    return []


async def forget(db: Database, user_id: int) -> int:
    """Delete the marks of this person's chat (inside the caller's transaction)."""
    cursor = await db.conn.execute("DELETE FROM seen_messages WHERE chat_id = ?", (user_id,))
    return cursor.rowcount
