"""One bot per database: a second instance on the same file refuses to start.

Two bots on one database would both fetch updates and both send every reminder. The bot holds
an exclusive lock on "<database>.lock" (fcntl.flock) for as long as its database is open;
a second one finds the lock taken and stops before it fetches anything. The lock is the
kernel's, so it goes with the process: a crash or `kill -9` leaves no stale lock behind. The
file keeps the holder's process id, for the refusal's message. Tools that read the database
beside the running bot (`python -m storage export`) take no lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import IO


class AnotherInstance(Exception):
    """Another process holds the database's lock."""

    def __init__(self, db_path: Path, pid: str) -> None:
        super().__init__(f"{db_path} is in use by process {pid or 'unknown'}")
        self.db_path = db_path
        self.pid = pid


class LockFileError(Exception):
    """The lock file cannot be opened (e.g. made by another user): the bot cannot make sure
    that it is the only one."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot open {path} ({reason})")
        self.path = path
        self.reason = reason


class InstanceLock:
    """The lock of one database file, held until `release`."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle: IO[str] | None = handle

    @classmethod
    def acquire(cls, db_path: Path | str) -> InstanceLock:
        """Take the lock of `db_path`, or raise AnotherInstance at once (never waits)."""
        path = Path(f"{db_path}.lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        try:
            handle = path.open("a+", encoding="utf-8")
        except OSError as error:
            raise LockFileError(path, error.strerror or str(error)) from None
        database = Path(db_path)
        if new and database.exists():  # made by root for the bot's user (a restore): theirs
            owner = database.stat()
            with contextlib.suppress(PermissionError):
                os.chown(path, owner.st_uid, owner.st_gid)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip()
            handle.close()
            raise AnotherInstance(Path(db_path), pid) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return cls(handle)

    def release(self) -> None:
        """Let the lock go (closing the file releases it)."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None
