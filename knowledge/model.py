"""The knowledge base as immutable data: entries and the bot's messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

SMALL_TALK = "smalltalk"  # greetings, thanks, goodbye, "what can you do": no topic of their own
CATEGORIES = (
    "programm", "engagement", "bildung", "wirtschaft", "veranstaltungen", "kontakt", "assistent",
    SMALL_TALK,
)  # fmt: skip
LANGUAGES = ("de", "en")
# The kinds of detail a question can ask for (knowledge.reading.Detail) and the times an entry
# can be about; an entry declares which details it holds (`details:`) and, for history or the
# calendar, its time (`time:`).
DETAILS = ("cost", "count", "duration", "hours", "where", "when", "date", "name")
TIMES = ("past", "future")
# Topics of events, for subscriptions ("tell me about new events on education").
EVENT_CATEGORIES = ("engagement", "bildung", "wirtschaft", "netzwerk")


@dataclass(frozen=True, slots=True)
class Link:
    """A link shown under an answer."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One question-and-answer entry of the curated knowledge base."""

    id: str
    category: str
    title: str
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str
    source: str  # "file.yaml:LINE", for curators and error messages
    title_en: str | None = None
    answer_en: str | None = None
    links: tuple[Link, ...] = ()
    related: tuple[str, ...] = ()
    details: frozenset[str] = frozenset()  # kinds of detail the answer states (DETAILS)
    time: str | None = None  # "past" (history) or "future" (the calendar); None: timeless

    def title_in(self, lang: str) -> str:
        """The title in the citizen's language, German where no translation exists."""
        return self.title_en if lang == "en" and self.title_en else self.title

    def answer_in(self, lang: str) -> str:
        """The answer in the citizen's language, German where no translation exists."""
        return self.answer_en if lang == "en" and self.answer_en else self.answer


@dataclass(frozen=True, slots=True)
class Messages:
    """The bot's own texts (greeting, help, apologies), per language, editable in YAML."""

    texts: Mapping[str, Mapping[str, str]]
    menu: tuple[str, ...] = ()  # entry ids offered as main-menu buttons

    def get(self, key: str, lang: str = "de", **values: object) -> str:
        """The text `key` in `lang` (German fallback) with `{placeholders}` filled in."""
        variants = self.texts[key]
        text = variants.get(lang) or variants["de"]
        return text.format(**values) if values else text


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a multi-select question (a field of interest, a time of availability)."""

    id: str  # stable: stored in unfinished sign-ups and button data
    label: str
    label_en: str | None = None

    def label_in(self, lang: str) -> str:
        """The label in the citizen's language, German where no translation exists."""
        return self.label_en if lang == "en" and self.label_en else self.label


@dataclass(frozen=True, slots=True)
class SignupConfig:
    """What the volunteer sign-up asks (signup.yaml): the choices and the privacy version."""

    privacy_version: str  # stored with each sign-up's consent; change it with the notice
    interests: tuple[Option, ...]
    availability: tuple[Option, ...]
    button_under: tuple[str, ...] = ()  # entry ids whose answers offer "Jetzt anmelden"


@dataclass(frozen=True, slots=True)
class EventSpec:
    """An event as written in events.yaml; times are aware (Europe/Berlin)."""

    id: str
    title: str
    start: datetime
    place: str
    description: str
    category: str
    source: str  # "events.yaml:LINE"
    end: datetime | None = None
    link: str | None = None


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """All entries and messages of one knowledge directory, validated."""

    entries: tuple[Entry, ...]
    messages: Messages
    directory: Path
    signup: SignupConfig | None = None  # None: the directory has no signup.yaml
    events: tuple[EventSpec, ...] = ()
    synonyms: Mapping[str, str] = field(default_factory=dict)  # knowledge/synonyms.py
    by_id: Mapping[str, Entry] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {entry.id: entry for entry in self.entries})
