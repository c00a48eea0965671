"""The labelled question sets and how a matcher is scored on them.

Two sets, written independently of the knowledge base's phrasings:
`tune_set.yaml` (to choose thresholds) and `eval_set.yaml` (held out, to report figures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge import Decision, KnowledgeBase, Outcome

HERE = Path(__file__).resolve().parent
EVAL_SET = HERE / "eval_set.yaml"
TUNE_SET = HERE / "tune_set.yaml"

TARGET_IN_SCOPE = 0.95
TARGET_OUT_OF_SCOPE = 0.92


@dataclass(frozen=True)
class LabelledSet:
    """In-scope questions with their expected entry id, and out-of-scope questions."""

    in_scope: list[tuple[str, str]]
    out_of_scope: list[str]


def load_set(path: Path, kb: KnowledgeBase | None = None) -> LabelledSet:
    """Read a labelled set; with `kb`, check that every expected id exists."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    in_scope = [(str(item["q"]), str(item["id"])) for item in data["in_scope"]]
    out_of_scope = [str(item["q"]) for item in data["out_of_scope"]]
    if kb is not None:
        unknown = sorted({i for _, i in in_scope} - kb.by_id.keys())
        if unknown:
            raise ValueError(f"{path.name}: ids not in the knowledge base: {', '.join(unknown)}")
    return LabelledSet(in_scope, out_of_scope)


@dataclass
class Score:
    """How a matcher did on one labelled set."""

    in_scope: int = 0
    out_of_scope: int = 0
    top1: int = 0  # the expected entry ranked first, whatever the outcome
    correct: int = 0  # answered with it, or offered it as the first suggestion
    answered_right: int = 0  # answered directly with the expected entry
    answered_wrong: int = 0  # answered directly with another entry: the worst case
    in_scope_handoff: int = 0
    oos_rejected: int = 0  # out-of-scope not answered from the knowledge base
    oos_handoff: int = 0  # out-of-scope handed straight to a human
    failures: list[str] = field(default_factory=list)

    @property
    def correct_rate(self) -> float:
        """Share of in-scope questions that lead straight to the right entry."""
        return self.correct / self.in_scope if self.in_scope else 0.0

    @property
    def top1_rate(self) -> float:
        """Share of in-scope questions whose best candidate is right."""
        return self.top1 / self.in_scope if self.in_scope else 0.0

    @property
    def rejection_rate(self) -> float:
        """Share of out-of-scope questions not answered from the knowledge base."""
        return self.oos_rejected / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def meets_targets(self) -> bool:
        """Both targets of the issue reached."""
        return self.correct_rate >= TARGET_IN_SCOPE and self.rejection_rate >= TARGET_OUT_OF_SCOPE


def score(labelled: LabelledSet, ask: Callable[[str], Decision]) -> Score:
    """Run every question through `ask` and count the outcomes."""
    result = Score(in_scope=len(labelled.in_scope), out_of_scope=len(labelled.out_of_scope))
    for question, expected in labelled.in_scope:
        decision = ask(question)
        best = decision.best.entry.id if decision.best else None
        result.top1 += best == expected
        if decision.outcome is Outcome.ANSWER:
            result.answered_right += best == expected
            result.answered_wrong += best != expected
        result.in_scope_handoff += decision.outcome is Outcome.HANDOFF
        ok = best == expected and decision.outcome is not Outcome.HANDOFF
        result.correct += ok
        if not ok:
            result.failures.append(f"IN  {question!r}: expected {expected}, {_describe(decision)}")
    for question in labelled.out_of_scope:
        decision = ask(question)
        rejected = decision.outcome is not Outcome.ANSWER
        result.oos_rejected += rejected
        result.oos_handoff += decision.outcome is Outcome.HANDOFF
        if not rejected:
            result.failures.append(f"OUT {question!r}: {_describe(decision)}")
    return result


def _describe(decision: Decision) -> str:
    offered = ", ".join(f"{c.entry.id} {c.score:.2f}" for c in decision.candidates) or "nothing"
    return f"got {decision.outcome.value} ({offered})"
