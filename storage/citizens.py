"""Citizens as the team sees them: first name, @username, language, banned, blocked the bot."""

from __future__ import annotations

from storage.db import Store, iso_utc, now_utc


class Citizens(Store):
    """The `citizens` table; every SQL statement is parameterised."""

    async def remember(
        self, user_id: int, first_name: str | None, username: str | None, language: str
    ) -> None:
        """Store or refresh what the team sees of a citizen (first name, @username, language)."""
        await self.db.conn.execute(
            """INSERT INTO citizens (user_id, first_name, username, language, updated_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name,
                 username = excluded.username, language = excluded.language,
                 blocked_bot = 0, updated_at = excluded.updated_at""",
            (user_id, first_name, username, language, iso_utc(now_utc())),
        )

    async def is_banned(self, user_id: int) -> bool:
        """Whether the team banned this citizen."""
        sql = "SELECT banned FROM citizens WHERE user_id = ?"
        async with self.db.conn.execute(sql, (user_id,)) as cursor:
            row = await cursor.fetchone()
        return bool(row and row[0])

    async def set_banned(self, user_id: int, banned: bool) -> None:
        """Ban or unban a citizen."""
        async with self.db.transaction():
            await self.db.conn.execute(
                "UPDATE citizens SET banned = ? WHERE user_id = ?", (int(banned), user_id)
            )

    async def mark_blocked(self, user_id: int) -> None:
        """The citizen blocked the bot (Telegram answered 403)."""
        await self.db.conn.execute(
            "UPDATE citizens SET blocked_bot = 1 WHERE user_id = ?", (user_id,)
        )
