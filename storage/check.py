"""`python -m storage check`: what an operator looks at when something seems wrong.

Read-only (the bot may run meanwhile): the file's integrity, each component's schema version
against the one this code expects, the rows of every table, and the outbox's backlog (what
waits to be sent, since when, what failed).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storage.schema import COMPONENTS


@dataclass
class Health:
    """The findings; `ok` is False when the file is damaged or its schema is not this code's."""

    lines: list[str] = field(default_factory=list)
    ok: bool = True


def check(db_path: Path, now: datetime | None = None) -> Health:
    """Look at the database at `db_path` without changing it."""
    health = Health()
    now = now or datetime.now(UTC)
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = [str(r[0]) for r in connection.execute("PRAGMA integrity_check")]
        health.ok = rows == ["ok"]
        health.lines.append(f"integrity: {'ok' if health.ok else '; '.join(rows[:5])}")
        _schema(connection, health)
        _tables(connection, health)
        _outbox(connection, health, now)
    except sqlite3.Error as error:
        health.ok = False
        health.lines.append(f"cannot read {db_path}: {error}")
    finally:
        connection.close()
    return health


def _schema(connection: sqlite3.Connection, health: Health) -> None:
    found = dict(connection.execute("SELECT component, version FROM schema").fetchall())
    parts = []
    for name, migrations in COMPONENTS.items():
        version, expected = found.get(name, 0), len(migrations)
        mark = "" if version == expected else f" (this code expects {expected})"
        if version > expected:
            health.ok = False  # a newer bot wrote it: this code must not run on it
        parts.append(f"{name} {version}{mark}")
    health.lines.append("schema: " + ", ".join(parts))


def _tables(connection: sqlite3.Connection, health: Health) -> None:
    names = [
        str(r[0])
        for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    counts = []
    for name in names:
        # a table name cannot be a parameter: it comes from sqlite_master, quoted
        sql = 'SELECT COUNT(*) FROM "' + name.replace('"', '""') + '"'  # noqa: S608
        counts.append(f"{name} {connection.execute(sql).fetchone()[0]}")
    health.lines.append("rows: " + ", ".join(counts))


def _outbox(connection: sqlite3.Connection, health: Health, now: datetime) -> None:
    by_status = dict(
        connection.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()
    )
    oldest = connection.execute(
        "SELECT MIN(created_at) FROM outbox WHERE status IN ('pending', 'sending')"
    ).fetchone()[0]
    waiting = by_status.get("pending", 0) + by_status.get("sending", 0)
    line = f"outbox: {waiting} to send, {by_status.get('failed', 0)} failed"
    if oldest:
        age = now - datetime.fromisoformat(oldest)
        line += f", the oldest waiting since {oldest} ({age.total_seconds() / 60:.0f} min)"
    health.lines.append(line)
