"""`make bench-backup`: an online backup of a database with 100,000 tickets while the bot
writes, side by side with the writes' latency without a backup.

The database is made with the bot's own schema (storage.db) and filled with 100,000 tickets,
200,000 ticket messages and as many rows of the questions log, like years of use. A writer
thread stands in for the bot: it inserts a ticket message every 10 ms in its own transaction,
before and during `storage.backup.backup`, and records how long each write took.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from storage import backup
from storage.db import Database

TICKETS = 100_000


def _fill(path: Path) -> None:
    asyncio.run(_create(path))
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO citizens (user_id, language, updated_at) VALUES (1, 'de', 'x')")
        conn.executemany(
            "INSERT INTO tickets (id, user_id, question, language, created_at)"
            " VALUES (?, 1, ?, 'de', '2026-01-01T00:00:00+00:00')",
            (
                (i, f"Frage {i}: " + "Wo finde ich das Amt für Dinge? " * 6)
                for i in range(1, TICKETS + 1)
            ),
        )
        conn.executemany(
            "INSERT INTO ticket_messages (ticket_id, author, text, created_at)"
            " VALUES (?, ?, ?, '2026-01-01T00:00:00+00:00')",
            (
                (i // 2 + 1, "citizen" if i % 2 else "team", "Eine Nachricht. " * 10)
                for i in range(2 * TICKETS)
            ),
        )


async def _create(path: Path) -> None:
    async with await Database.open(path):
        pass


def _writes(path: Path, stop: threading.Event, took: list[float]) -> None:
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    while not stop.is_set():
        started = time.perf_counter()
        with conn:
            conn.execute(
                "INSERT INTO ticket_messages (ticket_id, author, text, created_at)"
                " VALUES (1, 'team', 'Antwort', '2026-12-06T00:00:00+00:00')"
            )
        took.append(time.perf_counter() - started)
        time.sleep(0.01)
    conn.close()


def _during(path: Path, seconds: float | None, target: Path | None) -> tuple[list[float], float]:
    stop, took = threading.Event(), []
    writer = threading.Thread(target=_writes, args=(path, stop, took))
    writer.start()
    started = time.perf_counter()
    if target is not None:
        backup.backup(path, target)
    else:
        time.sleep(seconds or 0)
    elapsed = time.perf_counter() - started
    stop.set()
    writer.join()
    return took, elapsed


def _ms(values: list[float], q: float) -> str:
    """The q-th percentile (nearest rank), in milliseconds."""
    ranked = sorted(values)
    return f"{ranked[min(len(ranked) - 1, round(q / 100 * len(ranked)))] * 1000:.1f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bot.sqlite3"
        _fill(path)
        size = path.stat().st_size + Path(f"{path}-wal").stat().st_size
        print(f"database: {TICKETS:,} tickets, {size / 1e6:.0f} MB")
        for run in (1, 2):
            took, elapsed = _during(path, None, Path(folder) / f"b{run}.sqlite3")
            quiet, _ = _during(path, elapsed, None)
            print(
                f"run {run}: backup {elapsed:.2f} s; the bot's writes meanwhile: {len(took)},"
                f" p50 {_ms(took, 50)}, p99 {_ms(took, 99)}, max {max(took) * 1000:.1f} ms"
                f" | without a backup: {len(quiet)} writes, p50 {_ms(quiet, 50)},"
                f" p99 {_ms(quiet, 99)}, max {max(quiet) * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
