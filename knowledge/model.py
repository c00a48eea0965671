"""The knowledge base as immutable data: entries and the bot's messages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from knowledge.cues import Cues
from knowledge.text import STOP_WORDS, words

SMALL_TALK = "smalltalk"  # greetings, thanks, goodbye, "what can you do": no topic of their own
CATEGORIES = (
    "programm", "engagement", "bildung", "wirtschaft", "veranstaltungen", "kontakt", "assistent",
    SMALL_TALK,
)  # fmt: skip
# The languages citizens are answered in. German is the source of every fact, the team's
# language and the fallback; English is written beside the German in the same files (`title_en`,
# `answer_en`, `en:`); every further language is YAML in knowledge/i18n/<code>/ (translations.py).
# Adding a language: its code here, and that folder.
LANGUAGES = ("de", "en", "uk", "ru", "ar")
INLINE_LANGUAGES = ("de", "en")
MAX_TITLE = 60  # an entry's title is a heading and a button
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
class Translation:
    """An entry in a language of knowledge/i18n/: its title, answer and own phrasings."""

    title: str
    answer: str
    questions: tuple[str, ...] = ()  # as people of that language ask, not word for word
    keywords: tuple[str, ...] = ()
    source: str = ""  # "i18n/uk/entries.yaml:LINE"


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
    # what the source calls the thing the entry is about ("Frühe Bildung, Frühe Chancen"):
    # "Eine Hebamme erwähnte „Frühe Bildung, Frühe Chancen“. Was ist das?" asks for this entry
    names: tuple[str, ...] = ()
    # by language code, for the languages of knowledge/i18n/ (not German, not English)
    translations: Mapping[str, Translation] = field(default_factory=dict, compare=False, hash=False)
    # phrasings the team taught in its chat (knowledge/team.py), by the language they are in
    taught: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)

    def speaks(self, lang: str) -> bool:
        """Whether the entry has its answer in `lang` (else it is answered in German)."""
        return lang == "de" or bool(self.answer_en if lang == "en" else lang in self.translations)

    def title_in(self, lang: str) -> str:
        """The title in the citizen's language, German where no translation exists."""
        if lang == "en":
            return self.title_en or self.title
        translation = self.translations.get(lang)
        return translation.title if translation else self.title

    def answer_in(self, lang: str) -> str:
        """The answer in the citizen's language, German where no translation exists."""
        if lang == "en":
            return self.answer_en or self.answer
        translation = self.translations.get(lang)
        return translation.answer if translation else self.answer

    def phrasings_in(self, lang: str) -> tuple[list[str], tuple[str, ...]]:
        """What the matcher of `lang` indexes: phrasings (titles included) and keywords.

        German and English share one matcher (people mix them). Another language's matcher
        knows its own phrasings and the German title, whose names ("Jugend.Berufs.Zentrum")
        people write as they see them, and its German names and keywords (people mix German words
        in). Phrasings the team taught join those of their language;
        a language without a translation of the entry is matched by them alone.
        """
        if lang in INLINE_LANGUAGES:
            titles = [self.title, *([self.title_en] if self.title_en else [])]
            taught = [text for code in INLINE_LANGUAGES for text in self.taught.get(code, ())]
            return [*self.questions, *taught, *titles], self.keywords
        translation = self.translations.get(lang)
        taught = list(self.taught.get(lang, ()))
        if translation is None:
            return ([*taught, self.title], ()) if taught else ([], ())
        phrasings = [*translation.questions, *taught, translation.title, self.title]
        # the German words people mix in ("хочу Ehrenamt делать", "بدي Weiterbildung"): the
        # entry's German names and keywords widen the vocabulary (they are no phrasing), less
        # their German and English stop words, which this language's reading would keep
        german = (*self.names, *self.keywords)
        kept = (" ".join(w for w in words(k) if w not in STOP_WORDS) for k in german)
        return phrasings, (*translation.keywords, *(k for k in kept if k))


@dataclass(frozen=True, slots=True)
class Messages:
    """The bot's own texts (greeting, help, apologies), per language, editable in YAML."""

    texts: Mapping[str, Mapping[str, str]]
    menu: tuple[str, ...] = ()  # entry ids offered as main-menu buttons
    # each language's name in itself (its /sprache button) and in German (for the team)
    names: Mapping[str, LanguageName] = field(default_factory=dict)

    def get(self, key: str, lang: str = "de", **values: object) -> str:
        """The text `key` in `lang` with `{placeholders}` filled in.

        A text not yet translated comes in German; a sentence or more gets one line before it,
        in the person's language, that says so, when it is sent as a message of its own
        (`Untranslated`, `with_notice`): not in a button, a pop-up or a composed text.
        """
        variants = self.texts[key]
        text = variants.get(lang) or variants["de"]
        text = text.format(**values) if values else text
        notice = self.texts.get("language_fallback", {}).get(lang)
        if lang not in variants and notice and for_citizens(key, variants):
            return Untranslated(text, notice)
        return text

    def language_name(self, lang: str, *, german: bool = False) -> str:
        """'Українська' (for the person) or 'Ukrainisch' (german=True, for the team)."""
        name = self.names.get(lang)
        if name is None:
            return lang
        return name.german if german else name.own


@dataclass(frozen=True, slots=True)
class LanguageName:
    """A language's name in itself and in German."""

    own: str
    german: str


class Untranslated(str):
    """A citizen's text not translated into their language yet: the German, carrying the line
    in their language that says so (`notice`), which `with_notice` puts above it where the
    text is sent as a message of its own."""

    notice: str

    def __new__(cls, text: str, notice: str) -> Untranslated:
        made = super().__new__(cls, text)
        made.notice = notice
        return made


def with_notice(text: str) -> str:
    """The text as a message: an untranslated one with its notice above it."""
    return f"{text.notice}\n\n{text}" if isinstance(text, Untranslated) else str(text)


# What only the team reads stays German (the team is German-speaking): the event editor, the
# team's cards and lists, the team's commands. Everything else a citizen may read.
_TEAM_PREFIXES = ("admin_", "field_", "signups_", "signup_card", "command_termin_")
_TEAM_KEYS = frozenset(
    {
        "button_abort", "button_confirm_cancel", "button_keep", "button_no_description",
        "button_no_end", "button_save", "signup_withdrawn", "export_caption",
        "command_anmeldungen", "command_export",
    }
)  # fmt: skip


def for_citizens(key: str, variants: Mapping[str, str]) -> bool:
    """Whether a message is read by citizens (and so is translated): the team's texts have no
    English either, or are named above."""
    return "en" in variants and key not in _TEAM_KEYS and not key.startswith(_TEAM_PREFIXES)


@dataclass(frozen=True, slots=True)
class Option:
    """One choice of a multi-select question (a field of interest, a time of availability)."""

    id: str  # stable: stored in unfinished sign-ups and button data
    label: str
    label_en: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)  # i18n/

    def label_in(self, lang: str) -> str:
        """The label in the citizen's language, German where no translation exists."""
        if lang == "en":
            return self.label_en or self.label
        return self.labels.get(lang, self.label)


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
    # per language of knowledge/i18n/: the words that frame a message there and those that ask
    # for a detail or show its time (knowledge/reading.py)
    cues: Mapping[str, Cues] = field(default_factory=dict)
    # what is not yet translated, per language: "uk: entry 'x' (programm.yaml:12)" lines
    gaps: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    by_id: Mapping[str, Entry] = field(init=False)
    # the ids of the entries about the past and about the future (Entry.time)
    by_time: Mapping[str, frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {entry.id: entry for entry in self.entries})
        times: dict[str, set[str]] = {"past": set(), "future": set()}
        for entry in self.entries:
            if entry.time in times:
                times[entry.time].add(entry.id)
        object.__setattr__(self, "by_time", {t: frozenset(ids) for t, ids in times.items()})
