"""Conversation state and per-user settings of the bot, so a restart forgets nothing.

python-telegram-bot keeps `user_data` (language, an unfinished sign-up) and the states of
ConversationHandlers in memory; `runtime.persistence` writes them here. Values are JSON, so
the rows stay readable and a citizen's data can be shown and deleted.
"""

from __future__ import annotations

import json
from typing import Any

from storage.db import Store, now_utc


class StateStore(Store):
    """Reads and writes user data and conversation states."""

    async def users(self) -> dict[int, dict[str, Any]]:
        """Every user's stored data."""
        async with self.db.conn.execute("SELECT user_id, data FROM user_state") as cursor:
            return {int(r[0]): json.loads(r[1]) for r in await cursor.fetchall()}

    async def user(self, user_id: int) -> dict[str, Any] | None:
        """One user's stored data, if any."""
        sql = "SELECT data FROM user_state WHERE user_id = ?"
        async with self.db.conn.execute(sql, (user_id,)) as cursor:
            row = await cursor.fetchone()
        return json.loads(row[0]) if row else None

    async def save_user(self, user_id: int, data: dict[str, Any]) -> None:
        """Store a user's data; an empty dict removes the row."""
        async with self.db.transaction() as conn:
            if not data:
                await conn.execute("DELETE FROM user_state WHERE user_id = ?", (user_id,))
                return
            await conn.execute(
                """INSERT INTO user_state (user_id, data, updated_at) VALUES (?, ?, ?)
                   ON CONFLICT (user_id) DO UPDATE SET data = excluded.data,
                     updated_at = excluded.updated_at""",
                (user_id, json.dumps(data, ensure_ascii=False), _now()),
            )

    async def conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        """The stored states of one ConversationHandler."""
        sql = "SELECT key, state FROM conversation_state WHERE name = ?"
        async with self.db.conn.execute(sql, (name,)) as cursor:
            rows = await cursor.fetchall()
        return {tuple(json.loads(r[0])): json.loads(r[1]) for r in rows}

    async def save_conversation(
        self, name: str, key: tuple[int | str, ...], state: object | None
    ) -> None:
        """Store a conversation's state; None ends it."""
        key_json = json.dumps(list(key))
        async with self.db.transaction() as conn:
            if state is None:
                await conn.execute(
                    "DELETE FROM conversation_state WHERE name = ? AND key = ?", (name, key_json)
                )
                return
            user_id = key[-1] if key and isinstance(key[-1], int) else None
            await conn.execute(
                """INSERT INTO conversation_state (name, key, user_id, state, updated_at)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (name, key) DO UPDATE SET state = excluded.state,
                     updated_at = excluded.updated_at""",
                (name, key_json, user_id, json.dumps(state), _now()),
            )

    async def forget_user(self, user_id: int) -> None:
        """Delete a user's data and conversation states (inside the caller's transaction)."""
        await self.db.conn.execute("DELETE FROM user_state WHERE user_id = ?", (user_id,))
        await self.db.conn.execute("DELETE FROM conversation_state WHERE user_id = ?", (user_id,))


def _now() -> str:
    return now_utc().isoformat(timespec="seconds")
