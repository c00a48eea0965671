"""The date-range parser: German and English phrasings, an injected "now", Europe/Berlin days
(including the daylight-saving switch days), and which texts count as date questions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from knowledge.dates import (
    BERLIN,
    DateInputError,
    DateRange,
    Span,
    date_question,
    day_start,
    parse_datetime,
    parse_range,
    parse_time_on,
)

# Wednesday, 25 November 2026, 10:00 in Dessau.
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
SATURDAY = datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN)
SUNDAY = datetime(2026, 11, 29, 20, 0, tzinfo=BERLIN)


def days(first: date, last: date | None, span: Span) -> DateRange:
    return DateRange(first, last, span)


def one(day: date) -> DateRange:
    return DateRange(day, day, Span.DAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Was ist heute los?", one(date(2026, 11, 25))),
        ("Was ist morgen los?", one(date(2026, 11, 26))),
        ("Was ist übermorgen?", one(date(2026, 11, 27))),
        ("Was ist am Wochenende los?", days(date(2026, 11, 28), date(2026, 11, 29), Span.DAYS)),
        ("Termine nächste Woche", days(date(2026, 11, 30), date(2026, 12, 6), Span.DAYS)),
        ("Termine diese Woche", days(date(2026, 11, 25), date(2026, 11, 29), Span.DAYS)),
        ("Termine im Dezember", days(date(2026, 12, 1), date(2026, 12, 31), Span.MONTH)),
        ("Termine im Oktober", days(date(2027, 10, 1), date(2027, 10, 31), Span.MONTH)),
        ("Veranstaltungen im Dez.", days(date(2026, 12, 1), date(2026, 12, 31), Span.MONTH)),
        ("Was gibt es im März 2027?", days(date(2027, 3, 1), date(2027, 3, 31), Span.MONTH)),
        ("Was ist am 12.12.?", one(date(2026, 12, 12))),
        ("Was ist am 12.12.2026 los", one(date(2026, 12, 12))),
        ("Termine am 3.1.27", one(date(2027, 1, 3))),
        ("Termine am 12.12", one(date(2026, 12, 12))),
        ("Gibt es am 1.11. etwas?", one(date(2027, 11, 1))),  # passed this year: next year
        ("Was ist am 12. Dezember los?", one(date(2026, 12, 12))),
        ("Was ist am Samstag?", one(date(2026, 11, 28))),
        ("Was ist nächsten Mittwoch los?", one(date(2026, 12, 2))),
        ("Was ist am Mittwoch?", one(date(2026, 11, 25))),  # today is Wednesday
        ("Termine nächsten Monat", days(date(2026, 12, 1), date(2026, 12, 31), Span.MONTH)),
        ("Wann ist die nächste Veranstaltung?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Was ist demnächst los?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Termine am 2026-12-24", one(date(2026, 12, 24))),
        # English
        ("What's on this weekend?", days(date(2026, 11, 28), date(2026, 11, 29), Span.DAYS)),
        ("Any events tomorrow?", one(date(2026, 11, 26))),
        ("Events next week", days(date(2026, 11, 30), date(2026, 12, 6), Span.DAYS)),
        ("Events in December", days(date(2026, 12, 1), date(2026, 12, 31), Span.MONTH)),
        ("Is there anything on Saturday?", one(date(2026, 11, 28))),
        ("Events on December 12th", one(date(2026, 12, 12))),
        ("What is happening on 12 December 2026?", one(date(2026, 12, 12))),
        ("Any upcoming events?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Events in May", days(date(2027, 5, 1), date(2027, 5, 31), Span.MONTH)),
    ],
)
def test_periods_are_found_relative_to_now(text: str, expected: DateRange) -> None:
    assert parse_range(text, WEDNESDAY) == expected
    assert date_question(text, WEDNESDAY) == expected


def test_the_weekend_on_a_weekend_day_is_the_current_one_and_next_weekend_the_one_after() -> None:
    assert parse_range("am Wochenende", SATURDAY) == days(
        date(2026, 11, 28), date(2026, 11, 29), Span.DAYS
    )
    assert parse_range("am Wochenende", SUNDAY) == one(date(2026, 11, 29))
    assert parse_range("nächstes Wochenende", SUNDAY) == days(
        date(2026, 12, 5), date(2026, 12, 6), Span.DAYS
    )
    assert parse_range("nächstes Wochenende", WEDNESDAY) == days(
        date(2026, 11, 28), date(2026, 11, 29), Span.DAYS
    )


def test_now_is_read_in_berlin_not_in_utc() -> None:
    # 23:30 UTC on 31 December is already New Year's Day in Dessau.
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert parse_range("heute", new_year) == one(date(2027, 1, 1))
    assert parse_range("morgen", new_year) == one(date(2027, 1, 2))


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 11, 25), 24)],
)
def test_a_day_runs_from_local_midnight_to_local_midnight_across_dst(day: date, hours: int) -> None:
    period = parse_range(f"Was ist am {day:%d.%m.%Y} los?", WEDNESDAY - timedelta(days=400))
    assert period == one(day)
    assert period.start == datetime(day.year, day.month, day.day, tzinfo=BERLIN)
    assert period.end is not None
    assert period.end.astimezone(UTC) - period.start.astimezone(UTC) == timedelta(hours=hours)
    assert period.end.astimezone(BERLIN).hour == 0


def test_the_weekend_of_the_autumn_switch_is_49_hours_long() -> None:
    friday = datetime(2026, 10, 23, 12, 0, tzinfo=BERLIN)
    period = parse_range("Was ist am Wochenende los?", friday)
    assert period == days(date(2026, 10, 24), date(2026, 10, 25), Span.DAYS)
    assert period.end is not None
    # Subtracting two Berlin times gives wall-clock hours (48); the real span is 49 hours.
    assert period.end.astimezone(UTC) - period.start.astimezone(UTC) == timedelta(hours=49)


@pytest.mark.parametrize(
    "text",
    [
        "Guten Morgen",
        "Guten Morgen, wie kann ich mich engagieren?",
        "Was macht die Engagierte Stadt heute?",
        "Ich kann nur am Wochenende helfen",
        "Was ist das Jugend.Berufs.Zentrum?",
        "Wann war die Auftaktveranstaltung?",
        "Was war im November 2020?",  # the past belongs to the knowledge base
        "Was war am 23.06.2023?",
        "Ich bin Jan und suche ein Ehrenamt",
        "May I ask something?",
        "Termine am 31.02.?",  # no such day
        "Morgen!",  # a greeting
        "Morgen kann ich nicht",
        "Heute nicht",
        "Welche Angebote gibt es?",  # offers: the knowledge base
        "Welche Veranstaltungen gab es?",  # history
        "Ich brauche einen Termin",  # an appointment with the office
        "Wie melde ich eine Veranstaltung an?",
        "Ich möchte Leute treffen",
    ],
)
def test_texts_that_are_not_date_questions(text: str) -> None:
    assert date_question(text, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("heute", one(date(2026, 11, 25))),
        ("Morgen?", one(date(2026, 11, 26))),
        ("nächste Woche", days(date(2026, 11, 30), date(2026, 12, 6), Span.DAYS)),
        ("12.12.", one(date(2026, 12, 12))),
        ("Und am Samstag?", one(date(2026, 11, 28))),
        (
            "Wie sieht es am Wochenende aus?",
            days(date(2026, 11, 28), date(2026, 11, 29), Span.DAYS),
        ),
        ("Ist am Freitag was?", one(date(2026, 11, 27))),
        ("Was läuft nächste Woche?", days(date(2026, 11, 30), date(2026, 12, 6), Span.DAYS)),
        ("Is there something on the 12th of December?", one(date(2026, 12, 12))),
        ("Welche Termine gibt es?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Veranstaltungen?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Was ist los?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Wann is ma wieder was los bei euch?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Gibt es schon neue Termine?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("gibt es bald wieder so was?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("What's on?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Any events?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        ("Gibt es Termine oder Treffen?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        # the next meeting of some kind: a compound of "Treffen" or "Veranstaltung"
        ("Wann ist das nächste Netzwerktreffen?", days(date(2026, 11, 25), None, Span.UPCOMING)),
        (
            "Wann ist die nächste Infoveranstaltung?",
            days(date(2026, 11, 25), None, Span.UPCOMING),
        ),
    ],
)
def test_a_period_alone_or_events_alone_is_a_question(text: str, expected: DateRange) -> None:
    assert date_question(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        # verbs that end in "treffen" are no meeting
        "Wann kann ich die Koordinatorin am Montag im Büro antreffen?",
        "Welche Regeln betreffen mich im nächsten Monat?",
    ],
)
def test_a_verb_ending_in_treffen_is_no_event(text: str) -> None:
    assert date_question(text, WEDNESDAY) is None


def test_an_earlier_day_this_week_is_no_question_but_the_rest_of_the_month_is() -> None:
    assert date_question("Termine im November", WEDNESDAY) == days(
        date(2026, 11, 1), date(2026, 11, 30), Span.MONTH
    )
    assert date_question("Was war gestern?", WEDNESDAY) is None


# ---- the coordinator's date and time ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.12.2026 18:00", datetime(2026, 12, 12, 18, 0)),
        ("12.12.2026, 18 Uhr", datetime(2026, 12, 12, 18, 0)),
        ("12.12. 18:30", datetime(2026, 12, 12, 18, 30)),
        ("12.12 9.30 Uhr", datetime(2026, 12, 12, 9, 30)),
        ("2027-01-20 18:00", datetime(2027, 1, 20, 18, 0)),
        ("morgen 9:30", datetime(2026, 11, 26, 9, 30)),
        ("Samstag 14 Uhr", datetime(2026, 11, 28, 14, 0)),
        ("12. Dezember 2026 um 18:00", datetime(2026, 12, 12, 18, 0)),
    ],
)
def test_the_coordinators_date_and_time(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text, WEDNESDAY)
    assert parsed == expected.replace(tzinfo=BERLIN)
    assert parsed.tzinfo is BERLIN


@pytest.mark.parametrize(
    "text", ["12.12.2026", "18:00", "bald", "12.12.2026 25:00", "nächste Woche 18:00"]
)
def test_a_date_without_time_or_nonsense_is_refused(text: str) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_datetime(text, WEDNESDAY)
    assert caught.value.reason == "format"


def test_the_hour_skipped_in_spring_does_not_exist() -> None:
    with pytest.raises(DateInputError) as caught:
        parse_datetime("29.03.2026 02:30", WEDNESDAY)
    assert caught.value.reason == "nonexistent"
    assert parse_datetime("29.03.2026 03:00", WEDNESDAY).utcoffset() == timedelta(hours=2)
    assert parse_datetime("29.03.2026 01:59", WEDNESDAY).utcoffset() == timedelta(hours=1)


def test_the_repeated_hour_in_autumn_means_the_first_one_summer_time() -> None:
    moment = parse_datetime("25.10.2026 02:30", WEDNESDAY)
    assert moment.utcoffset() == timedelta(hours=2)
    assert moment.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_an_end_time_alone_is_on_the_start_day() -> None:
    day = date(2026, 12, 12)
    assert parse_time_on(day, "20:00") == datetime(2026, 12, 12, 20, 0, tzinfo=BERLIN)
    assert parse_time_on(day, "21 Uhr") == datetime(2026, 12, 12, 21, 0, tzinfo=BERLIN)
    assert parse_time_on(day, "13.12.2026 01:00") == datetime(2026, 12, 13, 1, 0, tzinfo=BERLIN)
    assert day_start(day) == datetime(2026, 12, 12, tzinfo=BERLIN)
