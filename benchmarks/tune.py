"""Choose the matcher's thresholds on the tune half (never on the held-out half).

    python -m benchmarks.tune

Grid-searches `Thresholds` over the tune half of the people set together with the older
`tune_set.yaml`, judging what the citizen gets (reading + matcher + plan), and prints the best
settings: first fewest wrong direct answers (in scope) and answered out-of-scope messages,
then most right answers plus out-of-scope messages sent straight to the team.
Copy the winner into `knowledge.decision.Thresholds` and confirm with `make eval`.
"""

from __future__ import annotations

import itertools
import sys

from benchmarks.labelled import (
    OOS_ANSWERED,
    OOS_TEAM,
    PEOPLE_SET,
    RIGHT,
    TUNE,
    TUNE_SET,
    WRONG,
    Score,
    load_items,
    planner,
    score,
)
from knowledge import Matcher, Thresholds, load


def objective(result: Score) -> tuple[int, int]:
    """Fewest wrong answers first, then most right answers and out of scope to the team."""
    wrong = result.verdicts["in"][WRONG] + result.verdicts["out"][OOS_ANSWERED]
    good = result.verdicts["in"][RIGHT] + result.verdicts["out"][OOS_TEAM]
    return (-wrong, good)


def main() -> int:
    """Search and print the five best threshold settings."""
    kb = load()
    items = [i for i in load_items(PEOPLE_SET, kb) if i.half == TUNE] if PEOPLE_SET.exists() else []
    items += load_items(TUNE_SET, kb)
    matcher = Matcher(kb)
    results = []
    grid = itertools.product(
        [0.5, 0.55, 0.6, 0.65],  # answer
        [0.0, 0.03, 0.05, 0.1],  # margin
        [0.3, 0.35, 0.4],  # suggest
        [0.0, 0.4, 0.5, 0.6],  # suggest_cover
    )
    for answer, margin, suggest, suggest_cover in grid:
        matcher.thresholds = Thresholds(
            answer=answer, margin=margin, suggest=suggest, suggest_cover=suggest_cover
        )
        result = score(items, planner(matcher))
        results.append((objective(result), matcher.thresholds, result))
    results.sort(key=lambda item: item[0], reverse=True)
    for _, th, result in results[:5]:
        print(
            f"answer={th.answer} margin={th.margin} suggest={th.suggest}"
            f" suggest_cover={th.suggest_cover}: right {result.rate('in', RIGHT):.1%},"
            f" wrong {result.verdicts['in'][WRONG]}, out of scope to the team"
            f" {result.rate('out', OOS_TEAM):.1%}, answered {result.verdicts['out'][OOS_ANSWERED]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
