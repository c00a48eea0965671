"""`python -m storage check`: integrity, schema versions, rows, the outbox's backlog."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import check
from storage.__main__ import main
from storage.db import Database
from storage.outbox import Outbox
from storage.schema import COMPONENTS


async def test_a_healthy_database_with_a_backlog_is_described(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    async with db.transaction():
        await Outbox(db).add(4242, {"text": "Hallo"}, purpose="ack")
    assert main(["check", "--db", str(db.path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "integrity: ok"
    assert out[1] == "schema: " + ", ".join(f"{n} {len(m)}" for n, m in COMPONENTS.items())
    assert "outbox 1" in out[2] and "tickets 0" in out[2]
    assert out[3].startswith("outbox: 1 to send, 0 failed, the oldest waiting since ")


async def test_a_database_of_a_newer_bot_is_not_healthy(db: Database) -> None:
    async with db.transaction():
        await db.conn.execute("UPDATE schema SET version = version + 1 WHERE component = 'seen'")
    later = datetime.now(UTC) + timedelta(hours=1)
    health = check.check(db.path, later)
    assert not health.ok
    assert f"seen {len(COMPONENTS['seen']) + 1} (this code expects" in health.lines[1]


def test_a_file_that_is_no_database_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "bot.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    assert main(["check", "--db", str(broken)]) == 1
    assert "cannot read" in capsys.readouterr().out


def older_database(path: Path, step: int) -> None:
    """A database as a bot of an earlier release left it: every component at its `step`-th
    schema version at most (0: not created), with one ticket once tickets exist."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE schema (component TEXT PRIMARY KEY, version INTEGER)")
        for name, migrations in COMPONENTS.items():
            done = migrations[: min(step, len(migrations))]
            for script in done:
                connection.executescript(script)
            if done:
                connection.execute("INSERT INTO schema VALUES (?, ?)", (name, len(done)))
        if step:
            connection.execute(
                "INSERT INTO tickets (id, question, created_at) VALUES (1, 'Frage', '2026-01-01')"
            )


@pytest.mark.parametrize("step", range(max(len(m) for m in COMPONENTS.values())))
async def test_every_earlier_schema_is_migrated_at_start_and_keeps_its_data(
    tmp_path: Path, step: int
) -> None:
    path = tmp_path / "bot.sqlite3"
    older_database(path, step)
    async with await Database.open(path) as db:  # what the bot does when it starts
        for name, migrations in COMPONENTS.items():
            assert await db.schema_version(name) == len(migrations)
        async with db.conn.execute("SELECT question FROM tickets") as cursor:
            assert [tuple(r) for r in await cursor.fetchall()] == ([("Frage",)] if step else [])
    assert check.check(path).ok
