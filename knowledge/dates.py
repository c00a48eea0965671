"""Dates in what people write: "am Wochenende", "Termine im Dezember", "morgen", "am 12.12.",
"12.12.2026 18:00". Pure functions with an injected "now"; all calendar days are days in
Europe/Berlin.

Daylight saving time: a day is from local midnight to the next local midnight (23 or 25 hours
on the switch days), built with `day_start`, never by adding 24 hours. Durations (a reminder
24 hours before an event) are real durations and are computed in UTC elsewhere.

`parse_range(text, now)` finds the period a question is about; `date_question(text, now)`
also decides whether the text asks what is on then (so "Guten Morgen" is not a question about
tomorrow). `parse_datetime(text, now)` reads the coordinator's "12.12.2026 18:00".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from knowledge.text import STOP_WORDS, fold, words

BERLIN = ZoneInfo("Europe/Berlin")

# Month names written out (German and English); "may" only as "in May" or with a day.
FULL_MONTHS = {
    "januar": 1, "jaenner": 1, "februar": 2, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    "january": 1, "february": 2, "march": 3, "june": 6, "july": 7, "october": 10,
    "december": 12,
}  # fmt: skip
# Abbreviations only next to a day ("12. Dez") or after "im" ("im Dez."): "Jan" is also a name.
SHORT_MONTHS = {
    "jan": 1, "feb": 2, "mrz": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dez": 12, "dec": 12,
}  # fmt: skip
MONTHS = {**FULL_MONTHS, **SHORT_MONTHS, "may": 5}
WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

# Every word that names or narrows a period, for telling what else a date question is about.
DATE_WORDS = frozenset(
    {
        *MONTHS,
        *WEEKDAYS,
        *"""heute morgen uebermorgen gestern wochenende woche wochen monat monate jahr tag tage
        abend abends nachmittag vormittag mittag frueh spaet uhr today tomorrow tonight weekend
        week month year day evening afternoon morning naechste naechsten naechster naechstes
        kommende kommenden diese dieser diesen dieses next coming this""".split(),
    }
)
_MONTH = "|".join(sorted((m for m in MONTHS if m != "may"), key=len, reverse=True))
_FULL_MONTH = "|".join(sorted(FULL_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NEXT = r"(?:naechste[nrs]?|kommende[nrs]?|next|coming)"
_THIS = r"(?:diese[nrs]?|this|dieses)"

# Patterns on folded text (lower case, ä -> ae, ß -> ss), tried in this order.
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?:(\d{4}|\d{2})(?!\d))?")
_NUMERIC_DATE_SHORT = re.compile(r"(?:\bam\s+|^)(\d{1,2})\.(\d{1,2})(?![\d.:])")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:of\s+)?({_MONTH}|may)\.?(?:\s+(\d{{4}}))?\b"
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH}|may)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(\d{{4}}))?"
)
_DAY_AFTER_TOMORROW = re.compile(r"\buebermorgen\b|\bday after tomorrow\b")
_TODAY = re.compile(r"\bheute\b|\btoday\b|\btonight\b")
_TOMORROW = re.compile(r"\bmorgen\b|\btomorrow\b")
_WEEKEND = re.compile(rf"\b(?:({_NEXT}|{_THIS})\s+)?(?:wochenende|weekend)\b")
_WEEK = re.compile(rf"\b({_NEXT}|{_THIS})\s+(?:woche|week)\b")
_MONTH_RELATIVE = re.compile(rf"\b({_NEXT}|{_THIS})\s+(?:monat|month)\b")
_MONTH_NAME = re.compile(
    rf"\b({_FULL_MONTH})\b(?:\s+(\d{{4}}))?"
    rf"|\b(?:im|in)\s+({_MONTH}|may)\b\.?(?:\s+(\d{{4}}))?"
)
_WEEKDAY_NAME = re.compile(rf"\b(?:({_NEXT})\s+)?({_WEEKDAY})s?\b")
# "Treffen" and its compounds ("Netzwerktreffen"), not verbs ending so ("antreffen", "betreffen")
_MEETING = r"(?!(?:an|be|zu|ein|ueber|auf|vor)treff)\w*treffen"
_UPCOMING = re.compile(
    r"\bdemnaechst\b|\bbald\b|\bals naechstes\b|\bupcoming\b|\bcoming up\b|\bsoon\b"
    rf"|\bin naechster zeit\b|\bnaechste[nr]?\s+(?:termin|\w*veranstaltung|{_MEETING}|event)"
    r"|\bnext\s+(?:event|meeting|date)"
)

# Going to an event: "… wo man hingehen kann?" (topics.py: no unknown topic word either)
GOING_WORDS = ("hingehen", "hingehn", "teilnehmen")
# Words that say "what is on": with one of them, any period in the text makes it a date
# question ("Gibt es am Wochenende Veranstaltungen?").
_EVENT_WORDS = re.compile(
    r"\b(?:termin\w*|\w*veranstaltung\w*|event\w*|los|laeuft|passiert|stattfind\w*|statt|geboten"
    rf"|geplant|{_MEETING}|angebote?|aktion\w*|happening|planned|meetings?|going on"
    rf"|{'|'.join(GOING_WORDS)})\b"
    r"|\bwhat(?:['’]s| is|s) on\b"
)
# "Was ist am Samstag?", "What about Saturday?": a question word and nothing but the period.
_QUESTION_START = re.compile(r"^\W*(?:was|what|gibt es|gibts|is there|any)\b")
_FILLER = frozenset(
    "abend abends nachmittag nachmittags vormittag vormittags frueh morgens mittag "
    "evening afternoon morning night about happens happening so denn eigentlich da "
    "genau noch alles ueberhaupt something wieder".split()
)  # fmt: skip
# The words that may stand beside a period that is the whole message ("Und morgen?", "Wie
# sieht es am Wochenende aus?", "nächste Woche"): unlike stop words in general, none of them
# turns the text into a statement ("Morgen kann ich nicht").
_BARE = frozenset(
    "und and am an on im in at the this was what ist is sind are wie how sieht es aus "
    "about with mit denn so noch".split()
)  # fmt: skip
# Asking what is on without a period: "Welche Termine gibt es?", "Veranstaltungen?", "Was ist
# los?", "Wann is denn ma wieder was los bei euch?": an event noun, and only words from
# _ASKING beside it. Everything else stays with the knowledge base: "Welche Angebote gibt
# es?", "Welche Veranstaltungen gab es?" (history), "Ich brauche einen Termin" (an
# appointment with the office).
_EVENT_NOUN = re.compile(r"termine?|veranstaltung(?:en)?|events?|treffen|meetings?")
_ASKING = frozenset(
    "welche welcher welches gibt es oder und die der das ist sind was wann wo zeig zeige mir "
    "alle aktuelle aktuellen kommende kommenden naechste naechsten anstehende anstehenden "
    "geplante geplanten bald demnaechst zurzeit derzeit gerade habt ihr haben sie eure ihre "
    "bitte any are there what which the upcoming next coming show me all your please "
    "neue neuen schon wieder new".split()
)  # fmt: skip
_WHATS_ON = re.compile(
    r"^\W*(?:(?:was|wann) (?:ist|is) (?:(?:hier|denn|gerade|so|ma|mal|wieder) )*(?:(?:was|etwas) )?"
    r"los(?: bei (?:euch|ihnen|dir))?|what(?:['’]s| is) (?:on|happening))\W*$"
)


class Span(Enum):
    """What kind of period a question names (the handler words its answer by it)."""

    DAY = "day"  # one calendar day
    DAYS = "days"  # several days: a weekend, a week
    MONTH = "month"  # a calendar month
    UPCOMING = "upcoming"  # from now on, no end ("demnächst")


@dataclass(frozen=True, slots=True)
class DateRange:
    """Calendar days in Europe/Berlin, `first` to `last` inclusive (`last` None: open)."""

    first: date
    last: date | None
    span: Span

    @property
    def start(self) -> datetime:
        """Local midnight at the beginning of the first day."""
        return day_start(self.first)

    @property
    def end(self) -> datetime | None:
        """Local midnight after the last day (exclusive), None when open-ended."""
        return None if self.last is None else day_start(self.last + timedelta(days=1))


def day_start(day: date) -> datetime:
    """Local midnight of a day in Europe/Berlin (a real instant, whatever DST does that day)."""
    return datetime.combine(day, time(0), BERLIN)


def local(moment: datetime) -> datetime:
    """An aware instant as Berlin wall-clock time."""
    return moment.astimezone(BERLIN)


def local_text(moment: datetime) -> str:
    """An instant as people in Dessau-Roßlau read it: 25.11.2026 14:03."""
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_occurrence(today: date, month: int, day: int) -> date | None:
    """This year's day-month if not yet past, else next year's (29 Feb: the next leap year)."""
    for year in range(today.year, today.year + 9):
        candidate = _date(year, month, day)
        if candidate and candidate >= today:
            return candidate
    return None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return 2000 + value if value < 100 else value


def _explicit_day(folded: str, today: date) -> tuple[date | None, re.Match[str]] | None:
    """A written date ("12.12.2026", "am 12.12.", "12. Dezember", "December 12th")."""
    if match := _ISO_DATE.search(folded):
        return _date(int(match[1]), int(match[2]), int(match[3])), match
    for pattern in (_NUMERIC_DATE, _NUMERIC_DATE_SHORT):
        if match := pattern.search(folded):
            day, month = int(match[1]), int(match[2])
            year = _year(match[3]) if match.re is _NUMERIC_DATE else None
            if year is None:
                return _next_occurrence(today, month, day), match
            return _date(year, month, day), match
    if match := _DAY_MONTH.search(folded):
        day, month, year = int(match[1]), MONTHS[match[2]], _year(match[3])
    elif match := _MONTH_DAY.search(folded):
        day, month, year = int(match[2]), MONTHS[match[1]], _year(match[3])
    else:
        return None
    if year is None:
        return _next_occurrence(today, month, day), match
    return _date(year, month, day), match


def _days(first: date, last: date) -> DateRange:
    """Several days, or one (the rest of a weekend on its Sunday)."""
    return DateRange(first, last, Span.DAY if first == last else Span.DAYS)


def _month_range(year: int, month: int) -> DateRange:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return DateRange(first, following - timedelta(days=1), Span.MONTH)


def _find_range(folded: str, today: date) -> tuple[DateRange, re.Match[str]] | None:
    """The first period named in folded text, and where it was written."""
    if found := _explicit_day(folded, today):
        day, written = found
        return (DateRange(day, day, Span.DAY), written) if day else None
    for pattern, offset in ((_DAY_AFTER_TOMORROW, 2), (_TODAY, 0), (_TOMORROW, 1)):
        if match := pattern.search(folded):
            day = today + timedelta(days=offset)
            return DateRange(day, day, Span.DAY), match
    if match := _WEEKEND.search(folded):
        # The coming weekend; on a Saturday or Sunday the current one. "Nächstes Wochenende"
        # on a weekend day is the one after.
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:  # Sunday: the weekend began yesterday
            saturday = today - timedelta(days=1)
        if match[1] and re.match(_NEXT, match[1]) and today.weekday() >= 5:
            saturday += timedelta(days=7)
        return _days(max(saturday, today), saturday + timedelta(days=1)), match
    if match := _WEEK.search(folded):
        monday = today - timedelta(days=today.weekday())
        if match[1] and re.match(_NEXT, match[1]):
            monday += timedelta(days=7)
        return _days(max(monday, today), monday + timedelta(days=6)), match
    if match := _MONTH_RELATIVE.search(folded):
        year, month = today.year, today.month
        if re.match(_NEXT, match[1]):
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return _month_range(year, month), match
    if match := _MONTH_NAME.search(folded):
        month = MONTHS[match[1] or match[3]]
        named = _year(match[2] or match[4])
        if named is None:
            named = today.year if month >= today.month else today.year + 1
        return _month_range(named, month), match
    if match := _WEEKDAY_NAME.search(folded):
        ahead = (WEEKDAYS[match[2]] - today.weekday()) % 7
        if match[1] and ahead == 0:  # "nächsten Samstag" on a Saturday: in a week
            ahead = 7
        day = today + timedelta(days=ahead)
        return DateRange(day, day, Span.DAY), match
    if match := _UPCOMING.search(folded):
        return DateRange(today, None, Span.UPCOMING), match
    return None


def parse_range(text: str, now: datetime) -> DateRange | None:
    """The period a text names, in Berlin calendar days relative to `now` (aware), or None."""
    found = _find_range(fold(text), local(now).date())
    return found[0] if found else None


def date_question(text: str, now: datetime) -> DateRange | None:
    """The period if the text asks what is on then (today or later), else None.

    A question qualifies when it names a period and either speaks of events ("Termine im
    Dezember", "Was ist morgen los?") or is only a question word and the period ("Was ist am
    Samstag?"). Periods wholly in the past are left to the knowledge base (its history).
    """
    folded = fold(text)
    today = local(now).date()
    found = _find_range(folded, today)
    if found is None:
        return DateRange(today, None, Span.UPCOMING) if _asks_for_events(folded) else None
    period, match = found
    if period.last is not None and period.last < today:
        return None
    if _EVENT_WORDS.search(folded):
        return period
    rest = words(folded[: match.start()] + " " + folded[match.end() :])
    if _QUESTION_START.match(folded) and not [w for w in rest if not _is_small_word(w)]:
        return period
    if all(w in _BARE or w in _FILLER or w.isdigit() for w in rest):  # "nächste Woche?"
        greeting = words(folded) == ["morgen"] and "?" not in text  # "Morgen!" says hello
        return None if greeting else period
    return None


def _asks_for_events(folded: str) -> bool:
    """ "Welche Termine gibt es?", "Veranstaltungen?", "Was ist los?": what is on, no period."""
    if _WHATS_ON.match(folded):
        return True
    found = words(folded)
    nouns = [w for w in found if _EVENT_NOUN.fullmatch(w)]
    return bool(nouns) and all(w in _ASKING or _EVENT_NOUN.fullmatch(w) for w in found)


def _is_small_word(word: str) -> bool:
    """Stop words ("was", "ist", "am"), times of day and numbers say nothing of the topic."""
    return word in STOP_WORDS or word in _FILLER or word.isdigit()


# ---- the coordinator's input: "12.12.2026 18:00", "12.12. 18 Uhr", "morgen 9:30" ----------

_TIME = re.compile(r"(?<![\d.])([01]?\d|2[0-3])(?:[:.]([0-5]\d))?\s*(?:uhr|h)?(?![\d.])")


class DateInputError(ValueError):
    """The text is not a date and time we can use; `reason` says why (a message key)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_datetime(text: str, now: datetime) -> datetime:
    """A date and a time of day in Berlin, as an aware datetime.

    Raises DateInputError with reason "format" (no date or no time found), "nonexistent"
    (the hour skipped when clocks go forward, e.g. 29.03.2026 02:30). In the hour that repeats
    in October the earlier (summer time) occurrence is taken.
    """
    folded = fold(text).strip()
    today = local(now).date()
    found = _find_range(folded, today)
    if found is None or found[0].span is not Span.DAY:
        raise DateInputError("format")
    period, match = found
    rest = folded[: match.start()] + " " + folded[match.end() :]
    times = [m for m in _TIME.finditer(rest) if m[2] or re.search(r"uhr|h", m[0])]
    if len(times) != 1:
        raise DateInputError("format")
    clock = time(int(times[0][1]), int(times[0][2] or 0))
    return local_datetime(period.first, clock)


def local_datetime(day: date, clock: time) -> datetime:
    """Wall-clock time in Berlin as an aware datetime; DateInputError for a skipped time."""
    moment = datetime.combine(day, clock, BERLIN)  # fold=0: summer time in the repeated hour
    if local(moment.astimezone(UTC)).replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise DateInputError("nonexistent")
    return moment


def parse_time_on(day: date, text: str) -> datetime:
    """Just a time ("20:00", "20 Uhr") on a given day, or a full date and time."""
    folded = fold(text).strip()
    match = _TIME.fullmatch(folded)
    if match and (match[2] or "uhr" in folded or folded.endswith("h")):
        return local_datetime(day, time(int(match[1]), int(match[2] or 0)))
    return parse_datetime(text, day_start(day))
