"""The coordinator's typed answers in /termin_neu and /termin_aendern, read with an injected
"now": every unusable value names its problem (the handler re-asks with that hint)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from handlers.events.admin_steps import LIMITS, parse_value
from knowledge.dates import BERLIN
from storage.events import iso

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN).astimezone(UTC)  # a Wednesday, 09:00
START = {"start": iso(datetime(2026, 12, 12, 18, 0, tzinfo=BERLIN))}


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("gestern 18:00", "admin_bad_date"),
        ("12.12.2026", "admin_bad_date"),  # no time
        ("18:00", "admin_bad_date"),  # no day
        ("31.02.2027 18:00", "admin_bad_date"),
        ("12.12.2026 25:00", "admin_bad_date"),
        ("irgendwann", "admin_bad_date"),
        ("24.11.2026 18:00", "admin_past"),
        ("25.11.2026 08:59", "admin_past"),  # a minute ago
        ("01.01.2020 10:00", "admin_past"),
        ("12.12.2062 18:00", "admin_too_far"),  # a typo for 2026
        ("28.03.2027 02:30", "admin_nonexistent_time"),  # the hour summer time skips
        ("12.12.9999 18:00", "admin_too_far"),
    ],
)
def test_an_unusable_start_names_its_problem(typed: str, problem: str) -> None:
    assert parse_value("start", typed, {}, NOW) == (None, problem)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12.12.2026 18:00", datetime(2026, 12, 12, 18, 0, tzinfo=BERLIN)),
        ("morgen 18 Uhr", datetime(2026, 11, 26, 18, 0, tzinfo=BERLIN)),
        ("25.11.2026 09:01", datetime(2026, 11, 25, 9, 1, tzinfo=BERLIN)),
        # The hour that repeats when summer time ends: the first one (still summer time).
        ("31.10.2027 02:30", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
    ],
)
def test_a_start_is_read_in_berlin_time(typed: str, expected: datetime) -> None:
    assert parse_value("start", typed, {}, NOW) == (iso(expected), "")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("17:00", "admin_bad_end"),  # before the start
        ("18:00", "admin_bad_end"),  # at the start
        ("11.12.2026 20:00", "admin_bad_end"),  # the day before
        ("halb acht", "admin_bad_end"),
    ],
)
def test_an_end_must_come_after_the_start(typed: str, problem: str) -> None:
    assert parse_value("end", typed, START, NOW) == (None, problem)


def test_an_end_alone_is_a_time_on_the_start_day_or_a_later_date() -> None:
    assert parse_value("end", "20:00", START, NOW) == (
        iso(datetime(2026, 12, 12, 20, 0, tzinfo=BERLIN)),
        "",
    )
    assert parse_value("end", "13.12.2026 01:00", START, NOW)[1] == ""


@pytest.mark.parametrize("field", ["title", "place", "description"])
def test_texts_must_be_there_and_not_too_long(field: str) -> None:
    draft: dict[str, Any] = {}
    assert parse_value(field, "   ", draft, NOW) == (None, "admin_text_expected")
    assert parse_value(field, "x" * (LIMITS[field] + 1), draft, NOW) == (None, "admin_too_long")
    assert parse_value(field, "  Lesecafé  ", draft, NOW) == ("Lesecafé", "")
