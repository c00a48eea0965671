"""Curator's tools: `python -m knowledge check [DIR]` and `python -m knowledge ask "Frage"`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from knowledge import DEFAULT_DIR, KnowledgeError, Matcher, load


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
    print(f"{'score':>6} {'query':>6} {'phrase':>6}  entry (best phrasing)")
    for c in candidates:
        print(f"{c.score:6.3f} {c.query_cover:6.3f} {c.phrase_cover:6.3f}  {c.entry.id}")
        print(f"{'':22}“{c.phrasing}”  [{c.entry.source}]")
    if not candidates:
        print("  (no entry shares a telling word with the question)")
    offered = ", ".join(c.entry.id for c in decision.candidates) or "-"
    print(
        f"Entscheidung: {decision.outcome.value.upper()} ({offered})\n"
        f"  thresholds: answer ≥ {th.answer} with margin ≥ {th.margin}; "
        f"suggest ≥ {th.suggest} within {th.spread} of the best"
    )
    return 0


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
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.directory)
    return _ask(args.directory, args.question, args.limit)


if __name__ == "__main__":
    sys.exit(main())
