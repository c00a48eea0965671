"""Backups of the live database and restoring them: `python -m storage backup|restore`."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import backup
from storage.__main__ import main
from storage.citizens import Citizens
from storage.db import Database
from storage.instance import AnotherInstance, InstanceLock


async def remember(db: Database, *user_ids: int) -> None:
    async with db.transaction():
        for user_id in user_ids:
            await Citizens(db).remember(user_id, "Anna", None, "de")


def citizens_in(path: Path) -> list[int]:
    with sqlite3.connect(path) as connection:
        return [int(r[0]) for r in connection.execute("SELECT user_id FROM citizens ORDER BY 1")]


def files_in(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


async def test_a_backup_while_the_bot_writes_is_consistent_private_and_one_file(
    db: Database, tmp_path: Path
) -> None:
    await remember(db, 1, 2)
    async with db.transaction():  # the bot is in the middle of a write: not in the copy
        await Citizens(db).remember(3, "Ben", None, "de")
        target = tmp_path / "backups" / "today.sqlite3"
        done = backup.backup(db.path, target)
    assert done.path == target and done.size > 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds personal data
    assert citizens_in(target) == [1, 2]  # what was committed, nothing half-written
    with sqlite3.connect(target) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert files_in(target.parent) == ["today.sqlite3"]  # one file: no -wal, no leftovers


async def test_restore_refuses_while_the_bot_runs_and_keeps_the_replaced_database(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await remember(db, 1)
    saved = tmp_path / "saved.sqlite3"
    backup.backup(db.path, saved)
    await remember(db, 2)  # what happened after the backup
    running = InstanceLock.acquire(db.path)  # the bot holds its lock
    try:
        assert main(["restore", str(saved), "--db", str(db.path)]) == 2
        [line] = capsys.readouterr().err.strip().splitlines()
        assert line.startswith(f"Not restored: the bot runs on {db.path} (process ")
        with pytest.raises(AnotherInstance):
            backup.restore(saved, db.path)
    finally:
        running.release()
    await db.close()  # the bot stopped

    assert main(["restore", str(saved), "--db", str(db.path)]) == 0
    assert citizens_in(db.path) == [1]
    [replaced] = [tmp_path / n for n in files_in(tmp_path) if n.startswith("bot.sqlite3.replaced-")]
    assert citizens_in(replaced) == [1, 2]  # the restore can be undone
    async with await Database.open(db.path) as reopened:  # the bot starts on it
        assert not await Citizens(reopened).is_banned(1)


def test_something_that_is_no_backup_is_not_restored(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Einkaufsliste\n" * 200, encoding="utf-8")
    with pytest.raises(backup.BackupError, match="no usable backup"):
        backup.restore(notes, tmp_path / "bot.sqlite3")
    assert not (tmp_path / "bot.sqlite3").exists()


async def test_a_backup_by_the_command_line_says_what_it_wrote(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await remember(db, 7)
    target = tmp_path / "b.sqlite3"
    assert main(["backup", str(target), "--db", str(db.path)]) == 0
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"Backup written to {target} (") and "integrity checked" in line
    assert main(["backup", str(target), "--db", str(tmp_path / "none.sqlite3")]) == 2


def test_only_the_newest_backups_are_kept(tmp_path: Path) -> None:
    (tmp_path / "bot-live.sqlite3").write_bytes(b"")  # not a backup's name: never pruned
    made = []
    for day in range(1, 6):
        path = backup.timestamped(tmp_path, datetime(2026, 12, day, 3, 0, tzinfo=UTC))
        path.write_bytes(b"")
        made.append(path)
    assert backup.prune(tmp_path, keep=3) == made[:2]
    assert sorted(tmp_path.iterdir()) == sorted([tmp_path / "bot-live.sqlite3", *made[2:]])


async def test_a_damaged_database_is_moved_aside_as_it_is_and_the_backup_restored(
    db: Database, tmp_path: Path
) -> None:
    await remember(db, 1)
    saved = tmp_path / "saved.sqlite3"
    backup.backup(db.path, saved)
    await db.close()
    db.path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)  # the disk broke it
    done = backup.restore(saved, db.path)
    assert citizens_in(db.path) == [1]
    assert done.replaced is not None and done.replaced.read_bytes().startswith(b"SQLite")


async def test_a_backup_never_overwrites_the_database_itself(db: Database) -> None:
    with pytest.raises(backup.BackupError, match="the database itself"):
        backup.backup(db.path, db.path)
