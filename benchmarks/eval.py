"""`make eval`: accuracy of the matcher on the held-out labelled set, beside a naive baseline.

The baseline is what a first attempt would do: rapidfuzz `process.extractOne` with `WRatio`
over the raw phrasings, answering when the score reaches a cutoff.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from benchmarks.labelled import (
    EVAL_SET,
    TARGET_IN_SCOPE,
    TARGET_OUT_OF_SCOPE,
    Score,
    load_set,
    score,
)
from knowledge import Candidate, Decision, KnowledgeBase, Matcher, Outcome, load

BASELINE_CUTOFF = 80


def baseline(kb: KnowledgeBase, cutoff: float = BASELINE_CUTOFF) -> Callable[[str], Decision]:
    """A naive matcher: extractOne(WRatio) over raw phrasings, answer at or above `cutoff`."""
    choices = [(q, e) for e in kb.entries for q in (*e.questions, e.title)]
    texts = [q for q, _ in choices]

    def ask(question: str) -> Decision:
        found = process.extractOne(
            question, texts, scorer=fuzz.WRatio, processor=utils.default_process
        )
        if found is None:
            return Decision(Outcome.HANDOFF, (), None)
        _, value, index = found
        candidate = Candidate(choices[index][1], value / 100, value / 100, 0.0, texts[index])
        outcome = Outcome.ANSWER if value >= cutoff else Outcome.HANDOFF
        return Decision(outcome, (candidate,), None)

    return ask


def report(name: str, result: Score) -> str:
    """The figures of one matcher as aligned lines."""
    n, m = result.in_scope, result.out_of_scope
    return "\n".join(
        [
            f"{name}",
            f"  in scope ({n}): correct {result.correct_rate:6.1%}   top-1 {result.top1_rate:6.1%}"
            f"   answered right {result.answered_right / n:6.1%}   answered WRONG"
            f" {result.answered_wrong / n:6.1%}   handed off {result.in_scope_handoff / n:6.1%}",
            f"  out of scope ({m}): not answered {result.rejection_rate:6.1%}"
            f"   handed off {result.oos_handoff / m:6.1%}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 when the matcher misses a target."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.eval", description=__doc__)
    parser.add_argument("--set", type=Path, default=EVAL_SET, help="labelled set (YAML)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    kb = load()
    labelled = load_set(args.set, kb)
    ours = score(labelled, Matcher(kb).ask)
    naive = score(labelled, baseline(kb))
    print(f"Labelled set: {args.set.name}, knowledge base: {len(kb.entries)} entries")
    print("  correct = answered with the expected entry, or offered it as the first suggestion")
    print(report("Matcher (knowledge.matcher)", ours))
    print(report(f"Baseline (extractOne, WRatio, answer at >= {BASELINE_CUTOFF})", naive))
    print(
        f"Targets: in scope correct >= {TARGET_IN_SCOPE:.0%}, out of scope not answered >="
        f" {TARGET_OUT_OF_SCOPE:.0%}: {'met' if ours.meets_targets else 'NOT met'}"
    )
    if args.verbose or not ours.meets_targets:
        print("\nMisses:")
        print("\n".join(f"  {line}" for line in ours.failures))
    return 0 if ours.meets_targets else 1


if __name__ == "__main__":
    sys.exit(main())
