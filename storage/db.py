"""The SQLite database: one aiosqlite connection in WAL mode, schema kept by numbered migrations.

Knows nothing of Telegram. The migrations are listed in schema.py; each kind of record has
its own small module next to this one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import aiosqlite

from storage.schema import COMPONENTS  # every component's migrations, in order

logger = logging.getLogger(__name__)


def now_utc() -> datetime:
    """The current time in UTC (the database stores ISO 8601 UTC strings)."""
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """The stored form of an instant: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def inserted_id(cursor: aiosqlite.Cursor) -> int:
    """The id of the row an INSERT just added."""
    assert cursor.lastrowid is not None, "called after an INSERT"
    return cursor.lastrowid


class Database:
    """An open database; use `await Database.open(path)` and `await db.close()`."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self.conn = connection
        self.path = path
        self._write_lock = asyncio.Lock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One atomic write: committed at the end, rolled back on any error.

        The connection is shared by every coroutine, so writes take turns: without the lock
        one coroutine's commit could carry half of another's transaction to disk.
        """
        async with self._write_lock:
            try:
                yield self.conn
                await self.conn.commit()
            except BaseException:
                await self.conn.rollback()
                raise

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (and create or migrate) the database file."""
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: no corruption
            await conn.execute("PRAGMA busy_timeout=5000")
            # Deleted personal data is overwritten, not left in free pages of the file.
            await conn.execute("PRAGMA secure_delete=ON")
            db = cls(conn, path)
            await db._migrate()
        except BaseException:  # e.g. "file is not a database": aiosqlite's thread must end,
            await conn.close()  # or the process cannot exit
            raise
        return db

    async def _migrate(self) -> None:
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema"
            " (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
        await self.conn.commit()
        for name, migrations in COMPONENTS.items():
            version = await self.schema_version(name)
            for number, script in enumerate(migrations[version:], start=version + 1):
                # One transaction per migration: a crash leaves the previous version intact.
                await self.conn.executescript(
                    "BEGIN;\n"
                    f"{script}\n"
                    f"INSERT INTO schema (component, version) VALUES ('{name}', {number})\n"
                    "  ON CONFLICT (component) DO UPDATE SET version = excluded.version;\n"
                    "COMMIT;"
                )
                logger.info("database: %s migrated to version %d", name, number)

    async def schema_version(self, name: str) -> int:
        """The schema version of one component stored in the file (0: not created yet)."""
        sql = "SELECT version FROM schema WHERE component = ?"
        async with self.conn.execute(sql, (name,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def close(self) -> None:
        """Close the connection (pending transactions are rolled back)."""
        await self.conn.close()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class Store:
    """The base of every repository (storage/<kind>.py): one kind of record over the open
    database. Writes without a transaction of their own run inside the caller's."""

    def __init__(self, db: Database) -> None:
        self.db = db
