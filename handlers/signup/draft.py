"""A sign-up in the making: the steps, the answers so far (`Draft`) and pure helpers."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum
from html import escape
from typing import Any

from handlers.buttons import SIGNUP_STEP
from knowledge.model import Option
from runtime.context import BotContext

logger = logging.getLogger(__name__)


class Step(StrEnum):
    """The conversation's states, in order; the persistence stores their values."""

    NAME = "name"
    INTERESTS = "interests"
    AVAILABILITY = "availability"
    CONTACT = "contact"
    NOTE = "note"
    CONSENT = "consent"
    SUMMARY = "summary"


STEPS = tuple(Step)
EDITABLE = STEPS[:5]  # what "Ändern" offers: name to note
TYPED = (Step.NAME, Step.CONTACT, Step.NOTE)  # steps answered by typing (the others by buttons)
CODES: dict[str, str] = dict(zip(STEPS, "niactps", strict=True))  # a step in button data
STEP_OF_CODE = {code: step for step, code in CODES.items()}

DRAFT = "signup"  # user_data key of the unfinished sign-up
DEEP_LINK = "mitmachen"  # t.me/<bot>?start=mitmachen
DRAFT_MAX_AGE = timedelta(days=7)  # unfinished sign-ups hold personal data without consent
CHECK = "✓ "
BUTTON = re.compile(rf"^{SIGNUP_STEP}([0-9a-f]{{6}}):(.+)$")


@dataclass(slots=True)
class Draft:
    """The answers so far. It lives in the persisted user_data as JSON (`as_json`, read back
    with `of`), so an unfinished sign-up survives a restart; the answer fields are named like
    the steps that ask for them."""

    flow: str  # random id of this run of the flow, carried by its buttons
    started: str  # ISO time, for DRAFT_MAX_AGE
    lang: str
    returning: bool = False  # signed up before: that sign-up stays if this one ends
    step: str = Step.NAME
    editing: bool = False  # changing one answer from the summary
    name: str | None = None
    interests: list[str] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    contact: str | None = None
    note: str | None = None
    consent_version: str | None = None
    consent_at: str | None = None  # ISO time

    @classmethod
    def of(cls, stored: object) -> Draft | None:
        """The draft kept in user_data, or None if there is none (or it is not one)."""
        if not isinstance(stored, dict):
            return None
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{key: value for key, value in stored.items() if key in known})
        except TypeError:  # flow, started or lang missing
            return None

    def as_json(self) -> dict[str, Any]:
        """The draft as user_data keeps it."""
        return asdict(self)

    def answer(self, step: str) -> Any:
        """The answer to one of the EDITABLE steps."""
        return getattr(self, step)

    def set_answer(self, step: str, value: Any) -> None:
        """Set the answer to one of the EDITABLE steps."""
        setattr(self, step, value)


def new_draft(lang: str, now: datetime, *, returning: bool = False) -> Draft:
    """A fresh, empty sign-up; `returning`: the person has signed up before, and that sign-up
    stays if this one ends."""
    return Draft(
        flow=secrets.token_hex(3),
        started=now.isoformat(timespec="seconds"),
        lang=lang,
        returning=returning,
    )


def stale_drafts(
    user_data: Mapping[int, Mapping[str, Any]], now: datetime, max_age: timedelta
) -> list[int]:
    """Users whose unfinished sign-up was started more than `max_age` ago."""
    stale = []
    for user_id, data in user_data.items():
        draft = data.get(DRAFT)
        if not isinstance(draft, dict):
            continue
        try:
            started = datetime.fromisoformat(str(draft.get("started")))
        except ValueError:
            started = None
        if started is None or now - started > max_age:
            stale.append(user_id)
    return stale


def toggle(chosen: list[str], option_id: str, on: bool, options: tuple[Option, ...]) -> list[str]:
    """The chosen ids after choosing (`on`) or unchoosing one, in the configured order."""
    wanted = (set(chosen) | {option_id}) if on else (set(chosen) - {option_id})
    return [option.id for option in options if option.id in wanted]


def labels(ids: list[str], options: tuple[Option, ...], lang: str) -> list[str]:
    """The labels of chosen ids (ids no longer configured are left out)."""
    by_id = {option.id: option for option in options}
    return [by_id[i].label_in(lang) for i in ids if i in by_id]


def choice_in(context: BotContext, label: str, lang: str) -> str:
    """A stored choice (its German label) in `lang`, if it is still offered; else as stored."""
    config = context.kb.signup
    options = (*config.interests, *config.availability) if config else ()
    return next((o.label_in(lang) for o in options if o.label == label), label)


def fill(template: str, raw: Mapping[str, str] | None = None, **values: object) -> str:
    """A plain-text template as Telegram HTML: the template and `values` escaped, `raw`
    (already HTML) inserted as is."""
    escaped = {key: escape(str(value)) for key, value in values.items()}
    return escape(template).format(**escaped, **(raw or {}))
