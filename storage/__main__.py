"""The coordination office's tools on the shell: `python -m storage export signups.csv`.

Reads the bot's database (BOT_DB_PATH, default data/bot.sqlite3, or `--db PATH`); safe while
the bot runs (SQLite in WAL mode lets readers and the writer work side by side). A new file is
readable by its owner only: it holds personal data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from storage.db import Database
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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the command line."""
    parser = argparse.ArgumentParser(prog="python -m storage", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser(
        "export", help="write every volunteer sign-up as CSV (UTF-8 with BOM, for Excel)"
    )
    export.add_argument("file", help="the CSV file to write, or - for standard output")
    export.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("BOT_DB_PATH", "").strip() or DEFAULT_DB),
        help="the bot's SQLite file (default: $BOT_DB_PATH or data/bot.sqlite3)",
    )
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"No database at {args.db} (set BOT_DB_PATH or use --db)", file=sys.stderr)
        return 2
    return _export(args.db, args.file)


if __name__ == "__main__":
    sys.exit(main())
