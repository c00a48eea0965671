"""events.yaml is validated with the knowledge base: every problem names file and line."""

from __future__ import annotations

import shutil
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from knowledge import DEFAULT_DIR, KnowledgeError, load
from knowledge.dates import BERLIN

VALID = """\
events:
  - id: treffen
    title: "Beispiel: Treffen"
    start: 2027-01-20 18:00
    end: "20:00"
    place: wird bekannt gegeben
    category: engagement
    description: Ein Beispiel.
  - id: netzwerk
    title: Netzwerk
    start: 29.03.2026 10:00
    place: Rathaus
    category: netzwerk
    description: Am Tag der Zeitumstellung.
    link: https://example.org/netzwerk
"""


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A copy of the bundled knowledge directory, to break events.yaml in."""
    target = tmp_path / "kb"
    shutil.copytree(DEFAULT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def write_events(directory: Path, text: str) -> None:
    (directory / "events.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def problems_for(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load(directory)
    return caught.value.problems


def test_the_bundled_events_are_clearly_marked_examples() -> None:
    kb = load()
    assert 2 <= len(kb.events) <= 3
    for event in kb.events:
        assert event.title.startswith("Beispiel:")
        assert event.place == "wird bekannt gegeben"
        assert "Beispieltermin" in event.description
        assert event.start.tzinfo is BERLIN
    text = (DEFAULT_DIR / "events.yaml").read_text(encoding="utf-8")
    assert "EXAMPLES" in text and "replaces them" in text


def test_valid_events_load_in_berlin_time(kb_dir: Path) -> None:
    write_events(kb_dir, VALID)
    treffen, netzwerk = load(kb_dir).events
    assert treffen.start == datetime(2027, 1, 20, 18, 0, tzinfo=BERLIN)
    assert treffen.end == datetime(2027, 1, 20, 20, 0, tzinfo=BERLIN)
    assert treffen.source == "events.yaml:2"
    assert netzwerk.start.astimezone(UTC) == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # CEST
    assert netzwerk.end is None
    assert netzwerk.link == "https://example.org/netzwerk"


def test_an_empty_events_file_is_allowed(kb_dir: Path) -> None:
    write_events(kb_dir, "events:\n")
    assert load(kb_dir).events == ()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("start: 2027-01-20 18:00", "start: 20.1.27 abends"),
         "events.yaml:4: event 'treffen': start must be a date and time like"),
        (("start: 29.03.2026 10:00", "start: 29.03.2026 02:30"),
         "events.yaml:11: event 'netzwerk': start '29.03.2026 02:30' does not exist in"),
        (('end: "20:00"', 'end: "17:00"'),
         "events.yaml:5: event 'treffen': end must be after start"),
        (("category: netzwerk", "category: sport"),
         "events.yaml:13: event 'netzwerk': unknown category 'sport'; allowed: engagement"),
        (("place: Rathaus", "plaec: Rathaus"),
         "events.yaml:12: event 'netzwerk': unknown key 'plaec' (did you mean 'place'?)"),
        (("id: netzwerk", "id: treffen"),
         "events.yaml:9: duplicate event id 'treffen' (first at events.yaml:2)"),
        (("    description: Ein Beispiel.\n", ""),
         "events.yaml:2: event 'treffen': missing 'description'"),
        (("link: https://example.org/netzwerk", "link: javascript:alert(1)"),
         "events.yaml:15: event 'netzwerk': link must start with https://"),
        (("id: netzwerk", "id: Netz Werk"),
         "events.yaml:9: event 'Netz Werk': id must be 2-40 characters"),
        (("start: 2027-01-20 18:00", "start: 2207-01-20 18:00"),
         "events.yaml:4: event 'treffen': start after 2099 (a typo?)"),
        (("link: https://example.org/netzwerk", "link: https://example.org/" + "x" * 300),
         "events.yaml:15: event 'netzwerk': link over 300 characters"),
    ],
)  # fmt: skip
def test_problems_name_file_and_line(kb_dir: Path, change: tuple[str, str], expected: str) -> None:
    write_events(kb_dir, VALID.replace(*change))
    problems = problems_for(kb_dir)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_yaml_error_in_events_is_reported_with_its_line(kb_dir: Path) -> None:
    write_events(kb_dir, "events:\n  - id: x\n    title: Beispiel: kaputt\n")
    assert problems_for(kb_dir)[0].startswith("events.yaml:3: YAML syntax error")


def test_a_long_description_is_refused(kb_dir: Path) -> None:
    write_events(kb_dir, VALID.replace("Ein Beispiel.", "x" * 1501))
    assert any("description over 1500 characters" in p for p in problems_for(kb_dir))


def test_the_end_may_be_on_a_later_day(kb_dir: Path) -> None:
    write_events(kb_dir, VALID.replace('end: "20:00"', "end: 2027-01-21 02:00"))
    treffen = load(kb_dir).events[0]
    assert treffen.end is not None
    assert treffen.end - treffen.start == timedelta(hours=8)
