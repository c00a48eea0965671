"""What the bot will send for one message, as data: a `Plan` of `Reply`s, one per part.

knowledge/plan.py makes it; handlers/questions.py renders it, benchmarks/labelled.py scores it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from knowledge.dates import DateRange
from knowledge.decision import Decision, Outcome
from knowledge.model import SMALL_TALK, Entry
from knowledge.reading import Detail, Part, Reading


class Step(StrEnum):
    """What one reply is."""

    ANSWER = "answer"  # an entry of the knowledge base
    SUGGEST = "suggest"  # "Meinten Sie …?" with buttons
    EVENTS = "events"  # the events of a period (or the next ones)
    TEAM = "team"  # this part goes to the team
    SMALL_TALK = "smalltalk"  # the answer to a greeting, thanks, goodbye


@dataclass(frozen=True, slots=True)
class Reply:
    """One reply of a plan, for one part of the message (or the whole of it)."""

    step: Step
    part: Part
    decision: Decision | None = None
    entry: Entry | None = None  # ANSWER, SMALL_TALK
    # ANSWER, EVENTS: the detail asked for that the entry (or the events) does not hold
    missing: Detail | None = None
    period: DateRange | None = None  # EVENTS


@dataclass(frozen=True, slots=True)
class Plan:
    """The replies to one message, in the order of its parts."""

    reading: Reading
    replies: tuple[Reply, ...]

    @property
    def to_team(self) -> bool:
        """Whether the message (or part of it) goes to the team."""
        return any(r.step is Step.TEAM or r.missing for r in self.replies)

    @property
    def answered(self) -> tuple[Entry, ...]:
        """The entries answered directly (small talk included), in order."""
        return tuple(r.entry for r in self.replies if r.entry is not None)

    @property
    def considered(self) -> list[tuple[str, float]]:
        """What the matcher weighed for the parts that go to the team (for the team's card)."""
        seen: dict[str, float] = {}
        for reply in self.replies:
            if reply.step is Step.TEAM or reply.missing:
                for candidate in reply.decision.candidates if reply.decision else ():
                    seen.setdefault(candidate.entry.id, round(candidate.score, 2))
        return list(seen.items())[:3]

    @property
    def weighed(self) -> list[tuple[str, float]]:
        """What the matcher answered or offered for every part, best first per part (for the
        team's card when the citizen says that an answer did not fit)."""
        seen: dict[str, float] = {}
        for reply in self.replies:
            for candidate in reply.decision.candidates if reply.decision else ():
                if candidate.entry.category != SMALL_TALK:
                    seen.setdefault(candidate.entry.id, round(candidate.score, 2))
        return list(seen.items())[:3]

    @property
    def outcome(self) -> Outcome:
        """The message's outcome for /statistik: handed off if any part went to the team,
        else suggested if any part got suggestions, else answered."""
        if self.to_team:
            return Outcome.HANDOFF
        if any(r.step is Step.SUGGEST for r in self.replies):
            return Outcome.SUGGEST
        return Outcome.ANSWER
