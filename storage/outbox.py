"""The outbox: every message that must not be lost is a row here before it is a send.

Cards and answers in the handoff, sign-up notices, reminders and announcements are all rows
in one table, worked by `runtime.delivery.Sender`. A row is `pending` until Telegram
confirmed it, `sending` while a request is in flight, then `sent` (its payload blanked: the
text was only needed for sending) or `failed` (Telegram refused it for good).

Rows found `sending` at start-up were interrupted by a crash. Telegram has no idempotency key,
so the sender cannot ask whether such a message arrived; it sends it again (at least once).
Only rows whose request was actually in flight at the moment of the crash are affected.

`dedupe_key` makes enqueueing idempotent: the same reminder or notice queued twice (for
example when a job reruns after a crash) is one row.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

from storage.db import Store, inserted_id, now_utc

ERROR_CHARS = 200  # error texts are Telegram's descriptions, cut short; never message content


@dataclass(frozen=True)
class OutboxItem:
    """One message waiting to be sent."""

    id: int
    chat_id: int
    method: str
    stored: str  # the Bot API parameters as JSON, read when the row is really sent
    purpose: str
    ref_id: int | None
    attempts: int

    @cached_property
    def payload(self) -> dict[str, Any]:
        """The Bot API parameters. Decoded on first use: a round of the sender reads every
        due row but sends only those whose chat is free (while the team's group waits for
        its 20 per minute, its queued cards are read again and again)."""
        return json.loads(self.stored)


class Outbox(Store):
    """Queue operations on the outbox table; every statement is parameterised."""

    async def add(
        self,
        chat_id: int,
        payload: dict[str, Any],
        *,
        purpose: str,
        ref_id: int | None = None,
        method: str = "sendMessage",
        dedupe_key: str | None = None,
        not_before: float = 0.0,
        batch: int | None = None,
    ) -> int | None:
        """Queue a message inside the caller's transaction; None if `dedupe_key` was queued.
        `batch`: the send to many it belongs to (storage/batches.py)."""
        cursor = await self.db.conn.execute(
            """INSERT INTO outbox (chat_id, method, payload, purpose, ref_id, dedupe_key,
                                   not_before, created_at, batch)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING""",
            (
                chat_id, method, json.dumps(payload, ensure_ascii=False), purpose, ref_id,
                dedupe_key, not_before, now_utc().isoformat(timespec="seconds"), batch,
            ),
        )  # fmt: skip
        return inserted_id(cursor) if cursor.rowcount else None

    async def recent_sends(
        self, within: float, now: float | None = None
    ) -> list[tuple[int, float]]:
        """(chat id, unix time) of what reached Telegram in the last `within` seconds, oldest
        first: rows sent (at the end of their `sent_at` second, which is stored without
        fractions) and rows left `sending` by a crash (their request may have arrived: now).
        Call before `recover`."""
        moment = time.time() if now is None else now
        since = datetime.fromtimestamp(moment - within - 1, UTC).isoformat(timespec="seconds")
        sql = """SELECT chat_id, sent_at FROM outbox WHERE status = 'sent' AND sent_at >= ?
                 ORDER BY sent_at, id"""
        async with self.db.conn.execute(sql, (since,)) as cursor:
            sent = [
                (int(r[0]), min(datetime.fromisoformat(r[1]).timestamp() + 1, moment))
                for r in await cursor.fetchall()
            ]
        sql = "SELECT chat_id FROM outbox WHERE status = 'sending' ORDER BY id"
        async with self.db.conn.execute(sql) as cursor:
            sent += [(int(r[0]), moment) for r in await cursor.fetchall()]
        return sorted(sent, key=lambda pair: pair[1])

    async def recover(self) -> int:
        """After a crash: rows left `sending` go back to `pending`."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
            )
            return cursor.rowcount

    async def due(self, limit: int = 200, now: float | None = None) -> list[OutboxItem]:
        """Pending rows whose time has come, oldest first."""
        moment = time.time() if now is None else now
        sql = """SELECT id, chat_id, method, payload, purpose, ref_id, attempts FROM outbox
                 WHERE status = 'pending' AND not_before <= ? ORDER BY id LIMIT ?"""
        async with self.db.conn.execute(sql, (moment, limit)) as cursor:
            rows = await cursor.fetchall()
        return [OutboxItem(*row) for row in rows]

    async def next_due(self) -> float | None:
        """When the next pending row becomes due (unix time), if any."""
        sql = "SELECT MIN(not_before) FROM outbox WHERE status = 'pending'"
        async with self.db.conn.execute(sql) as cursor:
            row = await cursor.fetchone()
        return float(row[0]) if row and row[0] is not None else None

    async def mark_sending(self, item_id: int) -> None:
        """A request for this row is about to go out."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?",
                (item_id,),
            )

    async def mark_sent(self, item_id: int, message_id: int | None) -> None:
        """Telegram confirmed the message (inside the caller's transaction)."""
        await self.db.conn.execute(
            """UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, payload = '{}',
               error = NULL WHERE id = ?""",
            (now_utc().isoformat(timespec="seconds"), message_id, item_id),
        )

    async def retry_later(
        self, item_id: int, not_before: float, error: str, *, count_attempt: bool = True
    ) -> None:
        """Put the row back in the queue until `not_before`.

        A 429 is Telegram pacing us, not a failure of the message: it does not count as an
        attempt (`count_attempt=False`), so backoff after network errors stays short.
        """
        async with self.db.transaction() as conn:
            await conn.execute(
                """UPDATE outbox SET status = 'pending', not_before = ?, error = ?,
                   attempts = attempts - ? WHERE id = ?""",
                (not_before, error[:ERROR_CHARS], 0 if count_attempt else 1, item_id),
            )

    async def update_payload(self, item_id: int, payload: dict[str, Any]) -> None:
        """Change what a pending row will send (e.g. drop a reply to a deleted message)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET payload = ?, status = 'pending' WHERE id = ?",
                (json.dumps(payload, ensure_ascii=False), item_id),
            )

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: its unsent rows follow it."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET chat_id = ?, status = 'pending'"
                " WHERE chat_id = ? AND status IN ('pending', 'sending')",
                (new_chat_id, old_chat_id),
            )

    async def fail(self, item_id: int, error: str, *, blocked: bool = False) -> None:
        """Telegram refused the row for good (inside the caller's transaction); `blocked`:
        because the person blocked the bot."""
        await self.db.conn.execute(
            """UPDATE outbox SET status = 'failed', payload = '{}', error = ?, blocked = ?
               WHERE id = ?""",
            (error[:ERROR_CHARS], int(blocked), item_id),
        )

    async def cancel(self, *, purpose: str, ref_id: int) -> int:
        """Drop unsent rows of one purpose and reference (inside the caller's transaction)."""
        cursor = await self.db.conn.execute(
            "DELETE FROM outbox WHERE purpose = ? AND ref_id = ? AND status = 'pending'",
            (purpose, ref_id),
        )
        return cursor.rowcount

    async def forget_chat(self, chat_id: int) -> int:
        """Delete every unsent row for a chat (the citizen deleted their data or blocked us)."""
        cursor = await self.db.conn.execute(
            "DELETE FROM outbox WHERE chat_id = ? AND status IN ('pending', 'failed')",
            (chat_id,),
        )
        return cursor.rowcount

    async def forget_sent(self, chat_id: int) -> int:
        """Delete the traces of messages already sent to a chat: their payloads are blank, but
        chat id and times remain (the citizen deleted their data; inside the caller's
        transaction)."""
        cursor = await self.db.conn.execute(
            "DELETE FROM outbox WHERE chat_id = ? AND status = 'sent'", (chat_id,)
        )
        return cursor.rowcount

    async def purge_done(self, older_than: timedelta) -> int:
        """Delete sent and refused rows older than `older_than`: their payloads are empty
        already, but the chat id (a person's, in private chats) and the times remain."""
        cutoff = (now_utc() - older_than).isoformat(timespec="seconds")
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM outbox WHERE (status = 'sent' AND sent_at < ?)"
                " OR (status = 'failed' AND created_at < ?)",
                (cutoff, cutoff),
            )
            return cursor.rowcount

    async def counts(self) -> dict[str, int]:
        """Rows per status."""
        sql = "SELECT status, COUNT(*) FROM outbox GROUP BY status"
        async with self.db.conn.execute(sql) as cursor:
            return {str(r[0]): int(r[1]) for r in await cursor.fetchall()}
