"""Choose the matcher's thresholds on the tuning set (never on the held-out eval set).

    python -m benchmarks.tune

Grid-searches `Weights` and `Thresholds` and prints the best settings: first fewest wrong
direct answers, then most in-scope questions led to the right entry plus out-of-scope
questions not answered, then most direct answers.
Copy the winner into `knowledge.matcher.Weights` and `Thresholds` and confirm with `make eval`.
"""

from __future__ import annotations

import itertools
import sys

from benchmarks.labelled import TUNE_SET, Score, load_set, score
from knowledge import Matcher, Thresholds, load
from knowledge.matcher import Weights


def objective(result: Score) -> tuple[float, float, int]:
    """Fewest wrong answers first, then the sum of both rates, then most direct answers."""
    wrong = result.answered_wrong + (result.out_of_scope - result.oos_rejected)
    return (-wrong, round(result.correct_rate + result.rejection_rate, 3), result.answered_right)


def main() -> int:
    """Search and print the five best threshold settings."""
    kb = load()
    labelled = load_set(TUNE_SET, kb)
    results = []
    for query_cover, resemblance in itertools.product([0.3, 0.4, 0.5, 0.6], [0.1, 0.2, 0.3]):
        weights = Weights(query_cover, round(1 - query_cover - resemblance, 2), resemblance)
        matcher = Matcher(kb, weights=weights)
        grid = itertools.product(
            [0.55, 0.6, 0.65, 0.7],  # answer
            [0.05, 0.1, 0.15],  # margin
            [0.3, 0.35, 0.4],  # suggest
            [0.0, 0.7, 0.8],  # cover
        )
        for answer, margin, suggest, cover in grid:
            matcher.thresholds = Thresholds(
                answer=answer, margin=margin, cover=cover, suggest=suggest
            )
            result = score(labelled, matcher.ask)
            results.append((objective(result), weights, matcher.thresholds, result))
    results.sort(key=lambda item: item[0], reverse=True)
    for _, weights, th, result in results[:5]:
        print(
            f"{weights}\n  answer={th.answer} margin={th.margin} cover={th.cover}"
            f" suggest={th.suggest}: in scope correct {result.correct_rate:.1%},"
            f" answered right {result.answered_right}, answered wrong {result.answered_wrong},"
            f" out of scope not answered {result.rejection_rate:.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
