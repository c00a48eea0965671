"""Tools on the shell for the coordination office and the operator:

    python -m storage export signups.csv     # the volunteer sign-ups as CSV
    python -m storage backup FILE            # an online, checked copy of the live database
    python -m storage restore FILE           # a backup back in place (never under a running bot)
    python -m storage check                  # integrity, schema, rows, the outbox's backlog

Each works on the bot's database (BOT_DB_PATH, default data/bot.sqlite3, or `--db PATH`);
export and backup are safe while the bot runs (SQLite in WAL mode lets readers and the writer
work side by side). A new file is readable by its owner only: it holds personal data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from storage import backup, check
from storage.db import Database
from storage.instance import AnotherInstance
from storage.signups import Signup, Signups, to_csv

DEFAULT_DB = "data/bot.sqlite3"
PRIVATE_FILE = 0o600  # a new export: read and write for its owner only


async def _signups(db_path: Path) -> list[Signup]:
    async with await Database.open(db_path) as db:
        return await Signups(db).all()


def _export(db_path: Path, target: str) -> int:
    signups = asyncio.run(_signups(db_path))
    data = to_csv(signups)
    if target == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            file = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
            with os.fdopen(file, "wb") as out:
                out.write(data)
        except OSError as error:
            print(f"Cannot write {target}: {error.strerror}", file=sys.stderr)
            return 1
        print(f"{len(signups)} sign-up(s) written to {target}", file=sys.stderr)
    return 0


def _backup(db_path: Path, target: str) -> int:
    try:
        done = backup.backup(db_path, Path(target))
    except backup.BackupError as error:
        print(f"Backup failed: {error}", file=sys.stderr)
        return 1
    print(
        f"Backup written to {done.path} ({done.size / 1e6:.1f} MB in {done.seconds:.1f} s,"
        " integrity checked, readable by its owner only)",
        file=sys.stderr,
    )
    return 0


def _restore(db_path: Path, source: str) -> int:
    try:
        done = backup.restore(Path(source), db_path)
    except AnotherInstance as running:
        print(
            f"Not restored: the bot runs on {db_path} (process {running.pid or 'unknown'})."
            " Stop it first, then restore, then start it again.",
            file=sys.stderr,
        )
        return 2
    except backup.BackupError as error:
        print(f"Not restored: {error}", file=sys.stderr)
        return 1
    kept = f"; the database it replaced is kept as {done.replaced}" if done.replaced else ""
    print(f"Restored {source} into {db_path}{kept}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m storage",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser(
        "export", help="write every volunteer sign-up as CSV (UTF-8 with BOM, for Excel)"
    )
    export.add_argument("file", help="the CSV file to write, or - for standard output")
    copy = commands.add_parser(
        "backup", help="an online, consistent copy of the database, checked, mode 600"
    )
    copy.add_argument("file", help="the backup file to write (replaced if it exists)")
    back = commands.add_parser(
        "restore", help="put a backup in place of the database (the bot must be stopped)"
    )
    back.add_argument("file", help="the backup file to restore")
    look = commands.add_parser(
        "check", help="integrity, schema versions, rows per table, the outbox's backlog"
    )
    for command in (export, copy, back, look):
        command.add_argument(
            "--db",
            type=Path,
            default=Path(os.environ.get("BOT_DB_PATH", "").strip() or DEFAULT_DB),
            help="the bot's SQLite file (default: $BOT_DB_PATH or data/bot.sqlite3)",
        )
    args = parser.parse_args(argv)
    if args.command == "restore":
        return _restore(args.db, args.file)
    if not args.db.is_file():
        print(f"No database at {args.db} (set BOT_DB_PATH or use --db)", file=sys.stderr)
        return 2
    if args.command == "backup":
        return _backup(args.db, args.file)
    if args.command == "check":
        health = check.check(args.db)
        print("\n".join(health.lines))
        return 0 if health.ok else 1
    return _export(args.db, args.file)


if __name__ == "__main__":
    sys.exit(main())
