"""Events from `events.yaml`, validated like the rest of the knowledge base (file:line errors).

    events:
      - id: beispiel-offenes-treffen       # unique; a-z, 0-9, '-'
        title: "Beispiel: Offenes Treffen"  # quote titles that contain ": "
        start: 2027-01-20 18:00            # Europe/Berlin wall-clock time (or 20.01.2027 18:00)
        end: 2027-01-20 20:00              # optional; "20:00" alone means the same day
        place: wird bekannt gegeben
        category: engagement               # engagement, bildung, wirtschaft, netzwerk
        description: |
          …
        link: https://…                    # optional

Times are read as local time in Europe/Berlin. A time that does not exist there (the hour
skipped when clocks go forward) is an error; in the hour that repeats in October the earlier
occurrence (summer time) is meant.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path

import yaml

from knowledge import nodes
from knowledge.dates import DateInputError, local_datetime
from knowledge.model import EVENT_CATEGORIES, EventSpec

EVENTS_FILE = "events.yaml"
EVENT_KEYS = frozenset({"id", "title", "start", "end", "place", "description", "category", "link"})
REQUIRED_EVENT_KEYS = ("id", "title", "start", "place", "category", "description")
MAX_EVENT_TITLE = 100
MAX_PLACE = 200
MAX_DESCRIPTION = 1500  # an event with all its lines stays far below Telegram's 4096
MAX_LINK = 300  # five events with links still fit one message of /termine
LAST_YEAR = 2099  # a year beyond is a typo, and calendars' time-zone data end somewhere

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$")
_TIME_ONLY = re.compile(r"^(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$")


class _BadTime(ValueError):
    pass


def parse_local(value: str, day_of: datetime | None = None) -> datetime:
    """'2027-01-20 18:00' or '20.01.2027 18:00' (or '20:00' on the day of `day_of`)."""
    if match := _ISO.match(value):
        year, month, day, hour, minute = (int(g) for g in match.groups())
    elif match := _GERMAN.match(value):
        day, month, year, hour, minute = (int(g) for g in match.groups())
    elif day_of is not None and (match := _TIME_ONLY.match(value)):
        year, month, day = day_of.year, day_of.month, day_of.day
        hour, minute = int(match[1]), int(match[2])
    else:
        raise _BadTime("format")
    try:
        moment = datetime(year, month, day, hour, minute)
    except ValueError:
        raise _BadTime("format") from None
    try:
        return local_datetime(moment.date(), time(hour, minute))
    except DateInputError:
        raise _BadTime("nonexistent") from None


def load_events(directory: Path, report: nodes.Report) -> list[EventSpec]:
    """The events of `directory/events.yaml` (none if the file does not exist)."""
    path = directory / EVENTS_FILE
    if not path.exists():
        return []
    root = nodes.compose(path, report)
    if root is None:
        return []
    top = nodes.mapping(path, root, report, "file")
    nodes.check_keys(path, top, frozenset({"events"}), report, "file")
    items = top.get("events")
    if items is None or (isinstance(items, yaml.ScalarNode) and not items.value):
        return []  # no events planned: allowed
    if not isinstance(items, yaml.SequenceNode):
        report.add(nodes.where(path, items), "'events' must be a list of events ('- id: ...')")
        return []
    events: list[EventSpec] = []
    seen: dict[str, str] = {}
    for node in items.value:
        event = _event(path, node, report)
        if event is None:
            continue
        if event.id in seen:
            report.add(event.source, f"duplicate event id '{event.id}' (first at {seen[event.id]})")
            continue
        seen[event.id] = event.source
        events.append(event)
    return events


def _event(path: Path, node: yaml.Node, report: nodes.Report) -> EventSpec | None:
    found = nodes.item(path, node, report, "event", EVENT_KEYS, REQUIRED_EVENT_KEYS, "event id")
    if found is None:
        return None
    fields, event_id, what, where = found.fields, found.id, found.what, found.at
    ok = not found.missing and found.id_ok
    values: dict[str, str | None] = {}
    limits = {
        "title": MAX_EVENT_TITLE,
        "place": MAX_PLACE,
        "description": MAX_DESCRIPTION,
        "link": MAX_LINK,
    }
    for key in ("title", "place", "description", "category", "link"):
        values[key] = nodes.text(path, fields.get(key), report, f"{what}: {key}")
        if key in fields and values[key] is None:
            ok = False
        if key in limits and values[key] and len(values[key] or "") > limits[key]:
            report.add(
                nodes.where(path, fields[key]), f"{what}: {key} over {limits[key]} characters"
            )
            ok = False
    category = values["category"]
    if category and category not in EVENT_CATEGORIES:
        report.add(
            nodes.where(path, fields["category"]),
            f"{what}: unknown category '{category}'; allowed: {', '.join(EVENT_CATEGORIES)}",
        )
        ok = False
    link = values["link"]
    if link and not re.match(r"^https://[^\s<>\"]+$", link):
        report.add(nodes.where(path, fields["link"]), f"{what}: link must start with https://")
        ok = False
    start = _time(path, fields.get("start"), report, what, "start")
    end = _time(path, fields.get("end"), report, what, "end", day_of=start) if start else None
    if "start" in fields and start is None:
        ok = False
    if start is not None and start.year > LAST_YEAR:
        report.add(nodes.where(path, fields["start"]), f"{what}: start after {LAST_YEAR} (a typo?)")
        ok = False
    if "end" in fields and start is not None:
        if end is None:
            ok = False
        elif end <= start:
            report.add(nodes.where(path, fields["end"]), f"{what}: end must be after start")
            ok = False
    if not (ok and event_id and start and values["title"] and values["place"] and category):
        return None
    return EventSpec(
        id=event_id, title=values["title"] or "", start=start, end=end,
        place=values["place"] or "", description=values["description"] or "",
        category=category, link=link, source=where,
    )  # fmt: skip


def _time(
    path: Path,
    node: yaml.Node | None,
    report: nodes.Report,
    what: str,
    key: str,
    day_of: datetime | None = None,
) -> datetime | None:
    value = nodes.text(path, node, report, f"{what}: {key}")
    if node is None or value is None:
        return None
    try:
        return parse_local(value, day_of)
    except _BadTime as error:
        if str(error) == "nonexistent":
            report.add(
                nodes.where(path, node),
                f"{what}: {key} {value!r} does not exist in Europe/Berlin"
                " (the clocks skip that hour when summer time begins)",
            )
        else:
            example = "2027-01-20 18:00 or 20.01.2027 18:00"
            if key == "end":
                example += ", or just 20:00"
            report.add(
                nodes.where(path, node), f"{what}: {key} must be a date and time like {example}"
            )
        return None
