"""Choose the matcher's thresholds on the tuning set (never on the held-out eval set).

    python -m benchmarks.tune

Grid-searches `Thresholds` and prints the best settings: first fewest wrong direct answers,
then most in-scope questions led to the right entry plus out-of-scope questions not answered.
Copy the winner into `knowledge.matcher.Thresholds` and confirm with `make eval`.
"""

from __future__ import annotations

import itertools
import sys

from benchmarks.labelled import TUNE_SET, Score, load_set, score
from knowledge import Matcher, Thresholds, load


def objective(result: Score) -> tuple[float, float]:
    """Lower wrong answers first, then the sum of both rates (higher is better)."""
    wrong = result.answered_wrong + (result.out_of_scope - result.oos_rejected)
    return (-wrong, result.correct_rate + result.rejection_rate)


def main() -> int:
    """Search and print the five best threshold settings."""
    kb = load()
    labelled = load_set(TUNE_SET, kb)
    matcher = Matcher(kb)
    grid = itertools.product(
        [0.55, 0.6, 0.65, 0.7, 0.75, 0.8],  # answer
        [0.05, 0.08, 0.1, 0.15, 0.2],  # margin
        [0.3, 0.35, 0.4, 0.45, 0.5],  # suggest
    )
    results = []
    for answer, margin, suggest in grid:
        if suggest >= answer:
            continue
        matcher.thresholds = Thresholds(answer=answer, margin=margin, suggest=suggest)
        result = score(labelled, matcher.ask)
        results.append((objective(result), matcher.thresholds, result))
    results.sort(key=lambda item: item[0], reverse=True)
    for _, thresholds, result in results[:5]:
        print(
            f"answer={thresholds.answer} margin={thresholds.margin} suggest={thresholds.suggest}:"
            f" in scope correct {result.correct_rate:.1%}, answered wrong {result.answered_wrong},"
            f" out of scope not answered {result.rejection_rate:.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
