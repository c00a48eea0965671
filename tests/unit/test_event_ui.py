"""How events are worded and shown: dates, durations, periods, cards, .ics files."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from fake_bot_api import parse_html, utf16_len

from handlers.events import ui
from knowledge import KnowledgeBase
from knowledge.dates import BERLIN, DateRange, Span
from storage.events import Event


def event(**changes: object) -> Event:
    values: dict[str, object] = {
        "id": 12, "title": "Lesecafé", "starts_at": datetime(2026, 12, 12, 17, 0, tzinfo=UTC),
        "ends_at": None, "place": "Stadtbibliothek", "description": "", "category": "bildung",
        "link": None, "status": "scheduled", "time_rev": 1, "revision": 1,
    }  # fmt: skip
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("span", "de", "en"),
    [
        (timedelta(hours=24), "24 Stunden", "24 hours"),
        (timedelta(hours=2), "2 Stunden", "2 hours"),
        (timedelta(hours=1), "1 Stunde", "1 hour"),
        (timedelta(minutes=30), "30 Minuten", "30 minutes"),
        (timedelta(minutes=1), "1 Minute", "1 minute"),
        (timedelta(days=2), "2 Tage", "2 days"),
        (timedelta(hours=1, minutes=59), "2 Stunden", "2 hours"),
    ],
)
def test_durations_read_naturally(kb: KnowledgeBase, span: timedelta, de: str, en: str) -> None:
    assert ui.duration_text(span, kb.messages, "de") == de
    assert ui.duration_text(span, kb.messages, "en") == en


def test_lead_times_are_listed(kb: KnowledgeBase) -> None:
    leads = (timedelta(hours=24), timedelta(hours=2), timedelta(minutes=30))
    assert ui.leads_text(leads, kb.messages, "de") == "24 Stunden, 2 Stunden und 30 Minuten"
    assert ui.leads_text(leads[:1], kb.messages, "en") == "24 hours"


def test_when_is_shown_in_berlin_time(kb: KnowledgeBase) -> None:
    assert ui.when(event(), kb.messages, "de") == "Sa., 12.12.2026, 18:00 Uhr"
    assert ui.when(event(), kb.messages, "en") == "Sat, 12 Dec 2026, 18:00"
    summer = event(
        starts_at=datetime(2027, 6, 5, 16, 0, tzinfo=UTC),
        ends_at=datetime(2027, 6, 5, 18, 30, tzinfo=UTC),
    )
    assert ui.when(summer, kb.messages, "de") == "Sa., 05.06.2027, 18:00–20:30 Uhr"
    overnight = event(ends_at=datetime(2026, 12, 13, 9, 0, tzinfo=UTC))
    assert ui.when(overnight, kb.messages, "de") == (
        "Sa., 12.12.2026, 18:00 Uhr bis So., 13.12.2026, 10:00 Uhr"
    )


def test_periods_are_worded(kb: KnowledgeBase) -> None:
    day = DateRange(date(2026, 12, 12), date(2026, 12, 12), Span.DAY)
    weekend = DateRange(date(2026, 11, 28), date(2026, 11, 29), Span.DAYS)
    month = DateRange(date(2026, 12, 1), date(2026, 12, 31), Span.MONTH)
    assert ui.period_text(day, kb.messages, "de") == "am Sa., 12.12.2026"
    new_year = DateRange(date(2026, 12, 28), date(2027, 1, 3), Span.DAYS)
    assert ui.period_text(weekend, kb.messages, "de") == "vom Sa., 28.11. bis So., 29.11.2026"
    assert ui.period_text(weekend, kb.messages, "en") == "from Sat 28 Nov to Sun 29 Nov 2026"
    assert ui.period_text(new_year, kb.messages, "de") == "vom Mo., 28.12.2026 bis So., 03.01.2027"
    assert ui.period_text(month, kb.messages, "de") == "im Dezember 2026"
    assert ui.period_text(month, kb.messages, "en") == "in December 2026"


def test_a_card_escapes_everything(kb: KnowledgeBase) -> None:
    text = ui.card(
        event(title="<b>&</b>", place="A & B", description="x < y", link="https://e.org/?a=1&b=2"),
        kb.messages,
        "de",
    )
    assert text.startswith("<b>&lt;b&gt;&amp;&lt;/b&gt;</b>\n🗓 ")
    assert "📍 A &amp; B\n\nx &lt; y\n" in text
    assert '<a href="https://e.org/?a=1&amp;b=2">' in text


def test_button_data_fits_telegrams_64_bytes() -> None:
    period = DateRange(date(2026, 12, 1), date(2026, 12, 31), Span.MONTH)
    assert ui.more_data(10_000, period) == "ev:m:10000:20261201:20261231:m"
    assert len(ui.more_data(10_000, period).encode()) <= 64


def test_the_calendar_file_on_the_autumn_switch_day(kb: KnowledgeBase) -> None:
    switch_day = event(
        starts_at=datetime(2026, 10, 25, 9, 0, tzinfo=UTC),  # 10:00 CET, after the switch
        ends_at=datetime(2026, 10, 25, 11, 0, tzinfo=UTC),
        description="Zeile 1\nZeile 2; mit Komma, und Semikolon",
        revision=3,
    )
    data = ui.calendar_file(switch_day, datetime(2026, 10, 1, tzinfo=UTC))
    assert b"DTSTART;TZID=Europe/Berlin:20261025T100000" in data
    assert b"DTEND;TZID=Europe/Berlin:20261025T120000" in data
    parsed = icalendar.Calendar.from_ical(data)
    (entry,) = parsed.walk("VEVENT")
    assert entry["DTSTART"].dt == datetime(2026, 10, 25, 10, 0, tzinfo=BERLIN)
    assert str(entry["DESCRIPTION"]) == "Zeile 1\nZeile 2; mit Komma, und Semikolon"
    assert str(entry["UID"]) == "event-12@engagierte-stadt-dessau-rosslau.bot"
    assert entry["SEQUENCE"] == 2


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Lesecafé", "termin-12-lesecafe.ics"),
        ("../../etc/passwd", "termin-12-etc-passwd.ics"),
        ("🎉🎉", "termin-12.ics"),
        ("Straßenfest: Groß & Klein", "termin-12-strassenfest-gross-klein.ics"),
    ],
)
def test_calendar_file_names_are_safe(title: str, name: str) -> None:
    assert ui.calendar_filename(event(title=title)) == name


@pytest.mark.parametrize(
    "data",
    ["ev:m:x", "ev:m:-1", "ev:m:99999999", "ev:m:0:20261301:20261231:m",
     "ev:m:0:99991231:99991231:d", "ev:m:0:20261231:20261201:s", "ev:m:0:20261201:20261231:q",
     "ev:m:0:20261201:20261231:m:extra", "ev:m:0:2026", "ev:m:²", "ev:m:٣", "ev:m: 5",
     "ev:m:+5", "ev:m:0:２０２６1201:20261231:m", "ev:m:5\n"],
)  # fmt: skip
def test_forged_more_buttons_are_refused(data: str) -> None:
    assert ui.parse_more(data) is None


def test_more_buttons_round_trip() -> None:
    period = DateRange(date(2026, 12, 1), date(2026, 12, 31), Span.MONTH)
    assert ui.parse_more(ui.more_data(5, period)) == (5, period)
    assert ui.parse_more(ui.more_data(10, None)) == (10, None)


@pytest.mark.parametrize("raw", ["", "x", "²", "٣", "-1", " 1", "1 ", "+1", "1_0", "1" * 13])
def test_forged_ids_are_refused(raw: str) -> None:
    assert ui.parse_id(raw) is None


def test_ids_are_read() -> None:
    assert ui.parse_id("12") == 12
    assert ui.parse_id("9" * 12) == 999_999_999_999


def test_a_page_numbers_its_events_and_their_buttons(kb: KnowledgeBase) -> None:
    events = [event(id=1, title="A"), event(id=2, title="B", description="Mit Kaffee.")]
    text = ui.page_text("Die nächsten Termine:", events, kb.messages, "de")
    assert text == (
        "Die nächsten Termine:\n\n"
        "<b>1. A</b>\n🗓 Sa., 12.12.2026, 18:00 Uhr\n📍 Stadtbibliothek\n\n"
        "<b>2. B</b>\n🗓 Sa., 12.12.2026, 18:00 Uhr\n📍 Stadtbibliothek\nMit Kaffee."
    )
    now = datetime(2026, 12, 1, tzinfo=UTC)
    rows = ui.page_buttons(events, kb.messages, "de", now, [("Weitere Termine ▶", "ev:m:5")])
    assert [[(b.text, b.callback_data) for b in row] for row in rows] == [
        [("1 · 🔔 Erinnern", "ev:r:1"), ("1 · 📅 Zum Kalender", "ev:c:1")],
        [("2 · 🔔 Erinnern", "ev:r:2"), ("2 · 📅 Zum Kalender", "ev:c:2")],
        [("Weitere Termine ▶", "ev:m:5")],
    ]


def test_one_event_needs_no_numbers_and_a_begun_one_no_reminder(kb: KnowledgeBase) -> None:
    (single,) = [event()]
    assert ui.page_text("Termine:", [single], kb.messages, "de").startswith(
        "Termine:\n\n<b>Lesecafé</b>\n"
    )
    during = single.starts_at + timedelta(minutes=5)
    rows = ui.page_buttons([single], kb.messages, "de", during)
    assert [[b.text for b in row] for row in rows] == [["📅 Zum Kalender"]]


def test_a_page_of_long_descriptions_fits_one_message(kb: KnowledgeBase) -> None:
    long = "Ein langer Satz & mehr. " * 62  # 1,488 characters, near the limit of 1,500
    events = [
        event(id=n, title="T" * 100, place="P" * 200, description=long, link="https://e.org/x")
        for n in range(1, 6)
    ]
    text = ui.page_text("Die nächsten Termine (1–5 von 9):", events, kb.messages, "de")
    shown, _ = parse_html(text)  # what Telegram counts: the text without its markup
    assert 3500 < utf16_len(shown) <= 4096
    assert text.count("…") == 5 and text.count("<b>") == 5
    short = [event(id=n, description="Kurz.") for n in range(1, 6)]
    assert "…" not in ui.page_text("Termine:", short, kb.messages, "de")
