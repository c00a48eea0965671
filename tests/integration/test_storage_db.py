"""The database file: WAL mode, per-component migrations applied once and kept across opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import db as db_module
from storage.db import Database


@pytest.fixture
def widgets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A throwaway component with two migrations."""
    migrations = (
        "CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
        "ALTER TABLE widgets ADD COLUMN colour TEXT;",
    )
    monkeypatch.setitem(db_module.COMPONENTS, "widgets", migrations)
    yield


async def test_a_new_file_is_created_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "bot.sqlite3"
    async with await Database.open(path) as db, db.conn.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"
    assert path.exists()


async def test_migrations_run_once_and_survive_reopening(tmp_path: Path, widgets: None) -> None:
    path = tmp_path / "bot.sqlite3"
    async with await Database.open(path) as db:
        assert await db.schema_version("widgets") == 2
        await db.conn.execute("INSERT INTO widgets (name, colour) VALUES (?, ?)", ("a", "red"))
        await db.conn.commit()
    async with await Database.open(path) as db:  # migrating again must not fail or lose rows
        assert await db.schema_version("widgets") == 2
        async with db.conn.execute("SELECT name, colour FROM widgets") as cursor:
            assert [tuple(row) for row in await cursor.fetchall()] == [("a", "red")]
