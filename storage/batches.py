"""Sends to many: an announcement, change or cancellation notice to every subscriber is one
batch, whose progress the team sees in one message edited in place (runtime/progress.py).

A batch's outbox rows carry its id; its progress is counted from them (sent, blocked the bot,
failed, still queued), so the count survives restarts and needs no bookkeeping of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.db import Store, inserted_id, now_utc

PROGRESS_MIN = 100  # a send to more people than this reports its progress to the team


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a batch stands."""

    id: int
    label: str
    total: int
    sent: int
    blocked: int
    failed: int
    queued: int  # pending or being sent
    report_message_id: int | None
    sealed: bool = True  # all its rows are queued

    @property
    def done(self) -> bool:
        """All of the batch is queued, and nothing of it waits to be sent any more."""
        return self.sealed and self.queued == 0

    @property
    def dropped(self) -> int:
        """Rows that left the queue unsent: the person unsubscribed, blocked the bot or deleted
        their data, or the event moved or was called off meanwhile."""
        return max(0, self.total - self.sent - self.blocked - self.failed - self.queued)


class Batches(Store):
    """The `batches` table and the counts of their outbox rows; parameterised SQL."""

    async def open(self, label: str, total: int, dedupe_key: str) -> tuple[int, bool]:
        """Start a batch (inside the caller's transaction): its id, and whether it is new
        (False: this send was opened before, by a step that ran again after a crash)."""
        cursor = await self.db.conn.execute(
            """INSERT INTO batches (label, total, dedupe_key, created_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (dedupe_key) DO NOTHING""",
            (label, total, dedupe_key, now_utc().isoformat(timespec="seconds")),
        )
        if cursor.rowcount:
            return inserted_id(cursor), True
        sql = "SELECT id FROM batches WHERE dedupe_key = ?"
        async with self.db.conn.execute(sql, (dedupe_key,)) as found:
            row = await found.fetchone()
        assert row is not None, "the insert conflicted on this key"
        return int(row[0]), False

    async def find(self, dedupe_key: str) -> int | None:
        """The batch opened for this send, if any (a send that resumes after a crash)."""
        sql = "SELECT id FROM batches WHERE dedupe_key = ?"
        async with self.db.conn.execute(sql, (dedupe_key,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def count_rows(self, batch_id: int, *, seal: bool = True) -> None:
        """The batch's total is the number of rows queued for it so far; `seal`: that is all
        of them (inside the caller's transaction)."""
        await self.db.conn.execute(
            """UPDATE batches SET total = (SELECT COUNT(*) FROM outbox WHERE batch = ?),
                 sealed = MAX(sealed, ?) WHERE id = ?""",
            (batch_id, int(seal), batch_id),
        )

    async def reported(self, batch_id: int, message_id: int) -> None:
        """The progress message was sent (inside the caller's transaction)."""
        await self.db.conn.execute(
            "UPDATE batches SET report_message_id = ? WHERE id = ?", (message_id, batch_id)
        )

    async def running(self) -> list[Progress]:
        """The batches not yet finished whose progress message is in the team chat."""
        sql = """SELECT b.id, b.label, b.total, b.report_message_id, b.sealed,
                   TOTAL(o.status = 'sent'),
                   TOTAL(o.status = 'failed' AND o.blocked = 1),
                   TOTAL(o.status = 'failed' AND o.blocked = 0),
                   TOTAL(o.status IN ('pending', 'sending'))
                 FROM batches b LEFT JOIN outbox o ON o.batch = b.id
                 WHERE b.finished_at IS NULL AND b.report_message_id IS NOT NULL
                 GROUP BY b.id ORDER BY b.id"""
        async with self.db.conn.execute(sql) as cursor:
            return [
                Progress(int(r[0]), str(r[1]), int(r[2]), int(r[5]), int(r[6]), int(r[7]),
                         int(r[8]), int(r[3]), bool(r[4]))
                for r in await cursor.fetchall()
            ]  # fmt: skip

    async def finish(self, batch_id: int) -> None:
        """The final count is in the team chat."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE batches SET finished_at = ? WHERE id = ?",
                (now_utc().isoformat(timespec="seconds"), batch_id),
            )
