"""Curator's tools: `python -m knowledge check [DIR]`, `python -m knowledge ask "Frage"`,
`python -m knowledge export` (what the team published and taught in its chat, as YAML to
review and commit) and `python -m knowledge drafts` (the team's unpublished FAQ drafts)."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml

from knowledge import DEFAULT_DIR, KnowledgeError, Matcher, load
from knowledge.dates import BERLIN
from knowledge.plan import plan
from knowledge.reading import describe

T = TypeVar("T")


def _check(directory: Path) -> int:
    try:
        kb = load(directory)
    except KnowledgeError as error:
        print(f"{len(error.problems)} problem(s) in {directory}:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    files = Counter(entry.source.split(":")[0] for entry in kb.entries)
    print(
        f"OK: {len(kb.entries)} entries in {len(files)} files, {len(kb.messages.texts)} messages,"
        f" {len(kb.events)} events"
    )
    if kb.signup:
        print(
            f"sign-up: {len(kb.signup.interests)} fields of interest, "
            f"{len(kb.signup.availability)} times, privacy notice {kb.signup.privacy_version}"
        )
    for lang, gaps in kb.gaps.items():
        name = kb.messages.language_name(lang, german=True)
        if not gaps:
            print(f"{lang} ({name}): everything translated")
            continue
        print(f"{lang} ({name}): {len(gaps)} text(s) not translated yet, answered in German:")
        for gap in gaps:
            print(f"  {gap}")
    return 0


def _ask(directory: Path, question: str, limit: int) -> int:
    try:
        kb = load(directory)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    matcher = Matcher(kb)
    decision = matcher.ask(question)
    candidates = matcher.search(question, limit=limit)
    th = matcher.thresholds
    print(f"Frage: {question}")
    print(f"Sprache: {decision.lang}")
    w = matcher.weights
    print(f"score = {w.query_cover} × query + {w.phrase_cover} × phrase + {w.resemblance} × resem")
    print(f"{'score':>6} {'query':>6} {'phrase':>6} {'resem':>6}  entry (best phrasing)")
    for c in candidates:
        print(
            f"{c.score:6.3f} {c.query_cover:6.3f} {c.phrase_cover:6.3f} {c.resemblance:6.3f}"
            f"  {c.entry.id}"
        )
        print(f"{'':29}“{c.phrasing}”  [{c.entry.source}]")
    if not candidates:
        print("  (no entry shares a telling word with the question)")
    offered = ", ".join(c.entry.id for c in decision.candidates) or "-"
    print(
        f"Entscheidung: {decision.outcome.value.upper()} ({offered})\n"
        f"  thresholds: answer ≥ {th.answer} with margin ≥ {th.margin}; "
        f"suggest ≥ {th.suggest} within {th.spread} of the best"
    )
    planned = plan(question, matcher, datetime.now(BERLIN))
    print("Lesart (die ganze Nachricht):")
    print("  " + describe(planned.reading).replace("\n", "\n  "))
    for reply in planned.replies:
        what = reply.entry.id if reply.entry else reply.period or ""
        missing = f" (fehlt: {reply.missing.value} -> Team)" if reply.missing else ""
        print(f"  Antwort: {reply.step.value.upper()} {what}{missing}")
    return 0


async def _read_drafts(db_path: Path) -> list[tuple[int, str, str, str | None]]:
    from storage.db import Database  # the curator's command reads the bot's database
    from storage.faq_drafts import FaqDrafts

    async with await Database.open(db_path) as db:
        return await FaqDrafts(db).drafts()


def drafts_yaml(drafts: list[tuple[int, str, str, str | None]], directory: Path) -> str:
    """FAQ drafts as knowledge-base entries, ready to review, complete and paste into a file."""
    try:
        categories = {entry.id: entry.category for entry in load(directory).entries}
    except KnowledgeError:
        categories = {}
    entries = []
    for ticket_id, question, answer, hint in drafts:
        title = re.sub(r"\s+", " ", question).strip()
        entries.append(
            {
                "id": f"entwurf-{ticket_id}",
                "category": categories.get(hint or "", "kontakt"),
                "title": title[:57] + "..." if len(title) > 60 else title,
                "questions": [question.strip()],
                "keywords": [],
                "answer": answer.strip() + "\n",
            }
        )
    header = (
        "# FAQ drafts from the team's answers. Review each one before it goes live: check the\n"
        "# facts, write the answer for everyone (no names), add phrasings and keywords, choose\n"
        "# a real id and category, then paste it into a knowledge file and run\n"
        "# python -m knowledge check.\n"
    )
    body = yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False, width=100)
    return header + body


def _drafts(db_path: Path, directory: Path, out: Path | None) -> int:
    def written(drafts: list[tuple[int, str, str, str | None]]) -> tuple[str, str]:
        return drafts_yaml(drafts, directory), f"{len(drafts)} draft(s)"

    return _from_db(db_path, out, _read_drafts, written)


def _from_db(
    db_path: Path,
    out: Path | None,
    read: Callable[[Path], Coroutine[Any, Any, T]],
    written: Callable[[T], tuple[str, str]],
) -> int:
    """Read the bot's database with `read`, write what `written` makes of it to `out` (or
    standard output) and say what was written."""
    if not db_path.exists():
        print(f"no database at {db_path} (set BOT_DB_PATH or use --db)", file=sys.stderr)
        return 1
    text, what = written(asyncio.run(read(db_path)))
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        print(f"{what} written to {out}")
    return 0


async def _read_team(db_path: Path) -> str:
    from knowledge.team import export_yaml
    from storage.db import Database  # the curator's command reads the bot's database
    from storage.team_knowledge import TeamKnowledge

    async with await Database.open(db_path) as db:
        team = TeamKnowledge(db)
        return export_yaml(await team.live_entries(), await team.phrasings())


def _export(db_path: Path, out: Path | None) -> int:
    return _from_db(
        db_path, out, _read_team, lambda text: (text, "the team's entries and phrasings")
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the curator's command line."""
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the knowledge directory")
    check.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    ask = commands.add_parser("ask", help="show the top matches and the decision for a question")
    ask.add_argument("question")
    ask.add_argument("--dir", dest="directory", type=Path, default=DEFAULT_DIR)
    ask.add_argument("--limit", type=int, default=5)
    drafts = commands.add_parser("drafts", help="write the team's FAQ drafts as YAML entries")
    default_db = Path(os.environ.get("BOT_DB_PATH") or "data/bot.sqlite3")
    drafts.add_argument("--db", type=Path, default=default_db)
    drafts.add_argument("--dir", dest="directory", type=Path, default=DEFAULT_DIR)
    drafts.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export = commands.add_parser(
        "export", help="write what the team published and taught in its chat as YAML"
    )
    export.add_argument("--db", type=Path, default=default_db)
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args.db, args.out)
    if args.command == "check":
        return _check(args.directory)
    if args.command == "drafts":
        return _drafts(args.db, args.directory, args.out)
    return _ask(args.directory, args.question, args.limit)


if __name__ == "__main__":
    sys.exit(main())
