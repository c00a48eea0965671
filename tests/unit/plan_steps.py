"""What the plan tests share: the moment date questions are read at, and a plan as steps."""

from __future__ import annotations

from datetime import datetime

from knowledge.dates import BERLIN
from knowledge.replies import Plan

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=BERLIN)


def steps(p: Plan) -> list[tuple[str, str | None]]:
    """Each reply as (what it is, the entry it answers with)."""
    return [(r.step.value, r.entry.id if r.entry else None) for r in p.replies]
