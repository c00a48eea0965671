"""Backups of the live database, and restoring one.

`backup` makes an online, consistent copy while the bot runs: SQLite's backup API in one step
reads a single snapshot (in WAL mode the bot keeps writing meanwhile; a copy in many steps
would start again whenever the bot writes). The copy is written beside its target with mode
600 (it holds personal data), turned into one self-contained file (no -wal beside it),
checked with `PRAGMA integrity_check`, and only then renamed into place: a backup that exists
is a good one.

`restore` puts a backup in place of the database, but never under a running bot: it takes the
bot's own lock (storage/instance.py) first. The database it replaces is kept beside it
(`<name>.replaced-<time>`), so a restore can be undone.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.instance import InstanceLock

_BACKUP_NAME = re.compile(r"bot-\d{8}-\d{6}\.sqlite3")  # only what `timestamped` names
PRIVATE_FILE = 0o600  # read and write for the owner only: the copy holds personal data
BUSY_TIMEOUT = 30.0  # seconds a step may wait for the bot's write lock


class BackupError(Exception):
    """A backup or restore did not happen; `str(self)` says why, in one line."""


@dataclass(frozen=True, slots=True)
class Copied:
    """What a backup or restore did."""

    path: Path
    size: int  # bytes
    seconds: float
    replaced: Path | None = None  # restore: where the database it replaced was kept


def backup(db_path: Path, target: Path) -> Copied:
    """Copy the database at `db_path` to `target` (replacing it), consistent and checked."""
    started = time.perf_counter()
    if not db_path.is_file():
        raise BackupError(f"No database at {db_path}")
    if target.resolve() == db_path.resolve():
        raise BackupError(f"{target} is the database itself; name another file")
    _copy(db_path, target)
    return Copied(target, target.stat().st_size, time.perf_counter() - started)


def restore(backup_file: Path, db_path: Path) -> Copied:
    """Put `backup_file` in place of the database at `db_path`; refuses while a bot uses it."""
    started = time.perf_counter()
    if not backup_file.is_file():
        raise BackupError(f"No backup at {backup_file}")
    problem = _check(backup_file)
    if problem:
        raise BackupError(f"{backup_file} is no usable backup: {problem}")
    lock = InstanceLock.acquire(db_path)  # AnotherInstance: the bot runs on it
    try:
        replaced = None
        owner = db_path.stat() if db_path.exists() else None
        if owner is not None:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            replaced = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
            try:
                _copy(db_path, replaced)  # the old database as one file, beside it
            except BackupError:  # damaged (why one restores): its files moved aside as they are
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(FileNotFoundError):
                        Path(f"{db_path}{suffix}").rename(f"{replaced}{suffix}")
        _copy(backup_file, db_path, in_place=True)
        if owner is not None:  # run as root for the bot's user: the bot must open it again
            with contextlib.suppress(PermissionError):
                os.chown(db_path, owner.st_uid, owner.st_gid)
    finally:
        lock.release()
    return Copied(db_path, db_path.stat().st_size, time.perf_counter() - started, replaced)


def made(directory: Path) -> list[Path]:
    """The backups `timestamped` named in `directory`, oldest first (names sort by time)."""
    return sorted(p for p in directory.glob("bot-*.sqlite3") if _BACKUP_NAME.fullmatch(p.name))


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete the oldest backups in `directory` beyond the newest `keep`; the deleted ones."""
    backups = made(directory)
    old = backups[: max(len(backups) - keep, 0)]
    for path in old:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return old


def timestamped(directory: Path, now: datetime) -> Path:
    """The file name of a backup made at `now` (UTC), e.g. bot-20261206-031500.sqlite3."""
    return directory / f"bot-{now.astimezone(UTC):%Y%m%d-%H%M%S}.sqlite3"


def _copy(source: Path, target: Path, *, in_place: bool = False) -> None:
    """SQLite's backup API from `source` into a private temporary file beside `target`, made
    one file, checked, then renamed over `target` (and its -wal and -shm removed, `in_place`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    try:
        reader = sqlite3.connect(source, timeout=BUSY_TIMEOUT)
        writer = sqlite3.connect(partial)
        try:
            reader.backup(writer)  # one step: one consistent snapshot
            writer.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
            problem = _integrity(writer)
        finally:
            writer.close()
            reader.close()
        if problem:
            raise BackupError(f"the copy of {source} failed its integrity check: {problem}")
        if in_place:
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{target}{suffix}").unlink()
        partial.replace(target)
        target.chmod(PRIVATE_FILE)
    except sqlite3.Error as error:
        raise BackupError(f"cannot copy {source}: {error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _check(path: Path) -> str | None:
    """Why `path` is no database of this bot (None: it is one, and intact)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problem = _integrity(connection)
            if problem:
                return problem
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema'"
            ).fetchone()
            return None if found else "it has no table 'schema' (not this bot's database)"
        finally:
            connection.close()
    except sqlite3.Error as error:
        return str(error)


def _integrity(connection: sqlite3.Connection) -> str | None:
    rows = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
    return None if rows == ["ok"] else "; ".join(rows[:3])
