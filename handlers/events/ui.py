"""How events look in Telegram: cards in escaped HTML, dates in Europe/Berlin, buttons, and
the .ics calendar file.

Button data (untrusted when it comes back; handlers check every id):
  ev:r:<event>   "Erinnern"           ev:c:<event>   "Zum Kalender"
  ev:m:<offset>[:<first>:<last>:<d|s|m>]   "Weitere Termine" / "Zurück" (of /termine, or of
                                      a period: its first and last day, YYYYMMDD, and its kind)
  ev:u:<subscription>                 "Abbestellen" under a reminder or notice
  ev:x:<subscription>                 remove, in the /abos list
  ev:s:<category> or ev:s:*           subscribe to a category or to all new events
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from html import escape
from typing import Any

import icalendar
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.buttons import EVENT
from handlers.ui import MAX_MESSAGE, telegram_length
from knowledge import EVENT_CATEGORIES, Messages
from knowledge.dates import DateRange, Span, local
from knowledge.text import fold
from storage.events import Event

# The events' button data (handlers/buttons.py: EVENT), and what follows the beginning.
REMIND = EVENT + "r:"  # "🔔 Erinnern": the event's id
CALENDAR = EVENT + "c:"  # "📅 Zum Kalender": the event's id
MORE = EVENT + "m:"  # "Weitere Termine", "Zurück": offset[:first:last:span] (more_data)
UNSUBSCRIBE = EVENT + "u:"  # "Abbestellen" under a notice: the subscription's id
REMOVE = EVENT + "x:"  # a subscription's "✖" in /abos: the subscription's id
SUBSCRIBE = EVENT + "s:"  # "+ Bildung und Lernen" in /abos: a category, or * for all
ALL_CATEGORIES = "*"
MAX_BUTTON_LABEL = 40
MAX_OFFSET = 10_000
SPAN_CODES = {"d": Span.DAY, "s": Span.DAYS, "m": Span.MONTH}
CALENDAR_DOMAIN = "engagierte-stadt-dessau-rosslau.bot"  # only in .ics UIDs
_ID = re.compile(r"[0-9]{1,12}")
_MORE = re.compile(r"([0-9]{1,5})(?::([0-9]{8}):([0-9]{8}):([dsm]))?")


def parse_id(raw: str) -> int | None:
    """An id from untrusted button data or typed text: 1 to 12 ASCII digits, else None.

    (`str.isdigit` would let "²" through, on which `int` fails.)
    """
    return int(raw) if _ID.fullmatch(raw) else None


def html(messages: Messages, key: str, lang: str, **values: object) -> str:
    """A message as Telegram HTML: the text and every value escaped."""
    template = escape(messages.get(key, lang), quote=False)
    return template.format(**{name: escape(str(value)) for name, value in values.items()})


def _names(messages: Messages, key: str, lang: str) -> list[str]:
    return [part.strip() for part in messages.get(key, lang).split(",")]


def format_date(day: date, messages: Messages, lang: str, *, year: bool = True) -> str:
    """12.12.2026 (German) or 12 Dec 2026 (English); without `year`: 12.12. or 12 Dec."""
    if lang == "en":
        text = f"{day.day} {_names(messages, 'months_short', 'en')[day.month - 1]}"
        return f"{text} {day.year}" if year else text
    text = f"{day.day:02d}.{day.month:02d}."
    return f"{text}{day.year}" if year else text


def weekday(day: date, messages: Messages, lang: str) -> str:
    """Sa. / Sat."""
    return _names(messages, "weekdays", lang)[day.weekday()]


def when(event: Event, messages: Messages, lang: str) -> str:
    """When an event is, in Berlin time: "Sa., 12.12.2026, 18:00–20:00 Uhr"."""
    start = local(event.starts_at)
    values = {
        "weekday": weekday(start.date(), messages, lang),
        "date": format_date(start.date(), messages, lang),
        "time": f"{start:%H:%M}",
    }
    if event.ends_at is None:
        return messages.get("event_when", lang, **values)
    end = local(event.ends_at)
    if end.date() == start.date():
        return messages.get("event_when_until", lang, **values, end=f"{end:%H:%M}")
    last = {
        "weekday": weekday(end.date(), messages, lang),
        "date": format_date(end.date(), messages, lang),
        "time": f"{end:%H:%M}",
    }
    return messages.get(
        "event_when_span",
        lang,
        start=messages.get("event_when", lang, **values),
        end=messages.get("event_when", lang, **last),
    )


def category_name(category: str, messages: Messages, lang: str) -> str:
    """The readable name of an event category."""
    return messages.get(f"category_{category}", lang) if category in EVENT_CATEGORIES else category


def card(
    event: Event,
    messages: Messages,
    lang: str,
    *,
    number: int | None = None,
    description_limit: int | None = None,
) -> str:
    """An event as Telegram HTML: bold title, when, where, description, link.

    In a list (`number` given) the title is numbered like its buttons, and the description
    follows without a blank line, so that the blank lines separate the events.
    """
    title = escape(event.title) if number is None else f"{number}. {escape(event.title)}"
    lines = [
        f"<b>{title}</b>",
        f"🗓 {escape(when(event, messages, lang))}",
        f"📍 {escape(event.place)}",
    ]
    if event.description:
        description = event.description
        if description_limit is not None:
            description = short(description.strip(), max(description_limit, 1))
        lines.append(escape(description) if number is not None else f"\n{escape(description)}")
    if event.link:
        lines.append(f'🔗 <a href="{escape(event.link)}">{escape(event.link)}</a>')
    return "\n".join(lines)


def page_text(lead: str, events: Sequence[Event], messages: Messages, lang: str) -> str:
    """One message with several events, numbered when there is more than one, after `lead`
    (HTML: the heading). Long descriptions are shortened so that the page fits one message."""
    number = len(events) > 1

    def render(limit: int | None) -> str:
        cards = [
            card(event, messages, lang, number=n if number else None, description_limit=limit)
            for n, event in enumerate(events, start=1)
        ]
        return "\n\n".join([lead, *cards])

    text = render(None)
    if telegram_length(text) <= MAX_MESSAGE or not events:
        return text
    bare = telegram_length(render(0)) - len(events)  # with a one-character description each
    budget = (MAX_MESSAGE - bare) // len(events) - 2  # the "…" and a line break
    return render(max(budget, 1))


def sentence(text: str) -> str:
    """A text that begins a sentence: "am Sa., …" -> "Am Sa., …"."""
    return text[:1].upper() + text[1:]


def period_text(period: DateRange, messages: Messages, lang: str) -> str:
    """ "am Sa., 12.12.2026", "vom 28.11.2026 bis 29.11.2026", "im Dezember 2026"."""
    if period.span is Span.UPCOMING or period.last is None:
        return messages.get("period_upcoming", lang)
    if period.span is Span.MONTH:
        month = _names(messages, "months", lang)[period.first.month - 1]
        return messages.get("period_month", lang, month=month, year=period.first.year)
    if period.first == period.last:
        return messages.get("period_day", lang, date=_weekday_date(period.first, messages, lang))
    same_year = period.first.year == period.last.year
    return messages.get(
        "period_days",
        lang,
        first=_weekday_date(period.first, messages, lang, year=not same_year),
        last=_weekday_date(period.last, messages, lang),
    )


def _weekday_date(day: date, messages: Messages, lang: str, *, year: bool = True) -> str:
    """ "Sa., 12.12.2026" or "Sat 12 Dec 2026"."""
    return messages.get(
        "weekday_date",
        lang,
        weekday=weekday(day, messages, lang),
        date=format_date(day, messages, lang, year=year),
    )


def duration_text(span: timedelta, messages: Messages, lang: str) -> str:
    """24 Stunden, 2 Stunden, 30 Minuten, 2 Tage (rounded to the unit that reads best)."""
    total = max(round(span.total_seconds() / 60), 1)
    if (total >= 36 * 60 and total % (24 * 60) == 0) or total >= 72 * 60:
        count, unit = round(total / (24 * 60)), "day"
    elif total >= 90 or total % 60 == 0:
        count, unit = round(total / 60), "hour"
    else:
        count, unit = total, "minute"
    if count == 1:
        return messages.get(f"duration_{unit}", lang)
    return messages.get(f"duration_{unit}s", lang, n=count)


def leads_text(leads: Sequence[timedelta], messages: Messages, lang: str) -> str:
    """24 Stunden und 2 Stunden."""
    parts = [duration_text(lead, messages, lang) for lead in leads]
    if len(parts) == 1:
        return parts[0]
    return messages.get("list_and", lang, first=", ".join(parts[:-1]), last=parts[-1])


def relative_text(starts_at: datetime, now: datetime, messages: Messages, lang: str) -> str:
    """How soon an event starts: "in 2 Stunden", or "gleich" within a minute."""
    left = starts_at - now
    if left < timedelta(minutes=1):
        return messages.get("relative_now", lang)
    return messages.get("relative_in", lang, duration=duration_text(left, messages, lang))


def short(text: str, limit: int = MAX_BUTTON_LABEL) -> str:
    """A label cut to fit a button."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def event_buttons(
    event: Event, messages: Messages, lang: str, *, remind: bool = True, number: int | None = None
) -> list[list[InlineKeyboardButton]]:
    """ "Erinnern" and "Zum Kalender" under an event (numbered like the event in a list)."""
    buttons = [("button_calendar", CALENDAR)]
    if remind:
        buttons.insert(0, ("button_remind", REMIND))
    row = []
    for key, prefix in buttons:
        label = messages.get(key, lang)
        if number is not None:
            label = messages.get("button_numbered", lang, n=number, label=label)
        row.append(InlineKeyboardButton(label, callback_data=f"{prefix}{event.id}"))
    return [row]


def page_buttons(
    events: Sequence[Event],
    messages: Messages,
    lang: str,
    now: datetime,
    paging: Sequence[tuple[str, str]] = (),
) -> list[list[InlineKeyboardButton]]:
    """A row per event of a page ("Erinnern" only while it has not begun), then the paging
    buttons, given as (label, data)."""
    rows = []
    for n, event in enumerate(events, start=1):
        rows += event_buttons(
            event,
            messages,
            lang,
            remind=event.starts_at > now,
            number=n if len(events) > 1 else None,
        )
    if paging:
        rows.append([InlineKeyboardButton(label, callback_data=data) for label, data in paging])
    return rows


def unsubscribe_button(subscription_id: int, messages: Messages, lang: str) -> InlineKeyboardButton:
    """ "Abbestellen" for the subscription that brought a message."""
    return InlineKeyboardButton(
        messages.get("button_unsubscribe", lang), callback_data=f"{UNSUBSCRIBE}{subscription_id}"
    )


def more_data(offset: int, period: DateRange | None) -> str:
    """Button data of "Weitere Termine" and "Zurück": where the page starts, and the period."""
    if period is None or period.last is None:
        return f"{MORE}{offset}"
    code = next(c for c, span in SPAN_CODES.items() if span is period.span)
    return f"{MORE}{offset}:{period.first:%Y%m%d}:{period.last:%Y%m%d}:{code}"


def parse_more(data: str) -> tuple[int, DateRange | None] | None:
    """Offset and period from "Weitere Termine" button data (untrusted); None if malformed."""
    match = _MORE.fullmatch(data.removeprefix(MORE))
    if match is None or int(match[1]) > MAX_OFFSET:
        return None
    if match[2] is None:
        return int(match[1]), None
    try:
        first, last = (date(int(p[:4]), int(p[4:6]), int(p[6:8])) for p in match.group(2, 3))
    except ValueError:
        return None
    if not first <= last or first.year < 2000 or last.year > 2200:  # forged: far off
        return None
    return int(match[1]), DateRange(first, last, SPAN_CODES[match[4]])


def payload(text: str, rows: list[list[InlineKeyboardButton]] | None = None) -> dict[str, Any]:
    """The parameters of an outbox row: HTML text, buttons, no link preview."""
    data: dict[str, Any] = {
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    if rows:
        data["reply_markup"] = InlineKeyboardMarkup(rows).to_dict()
    return data


# ---- the calendar file ---------------------------------------------------------------------


def calendar_file(event: Event, now: datetime) -> bytes:
    """The event as an iCalendar (.ics) file, times in Europe/Berlin with its VTIMEZONE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Engagierte Stadt Dessau-Rosslau//Telegram-Assistent//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.id}@{CALENDAR_DOMAIN}")
    entry.add("dtstamp", now)
    entry.add("dtstart", local(event.starts_at))
    if event.ends_at is not None:
        entry.add("dtend", local(event.ends_at))
    entry.add("summary", event.title)
    entry.add("location", event.place)
    if event.description:
        entry.add("description", event.description)
    if event.link:
        entry.add("url", event.link)
    entry.add("sequence", event.revision - 1)  # calendars update an imported event by this
    calendar.add_component(entry)
    first = local(event.starts_at).date()
    calendar.add_missing_timezones(
        first_date=first - timedelta(days=366), last_date=first + timedelta(days=366)
    )
    return calendar.to_ical()


def calendar_filename(event: Event) -> str:
    """A safe file name: "termin-12-offenes-treffen.ics" (ASCII letters, digits, dashes)."""
    slug = "-".join(re.findall(r"[a-z0-9]+", fold(event.title)))[:40].strip("-")
    return f"termin-{event.id}-{slug}.ics" if slug else f"termin-{event.id}.ics"
