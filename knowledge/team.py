"""What the team teaches the bot in its chat, merged into the curated knowledge base.

The coordination office publishes answers as entries of their own (`TeamEntry`, ids beginning
with `team-`) and adds phrasings (`Taught`) to any entry, curated or their own. Both live in
SQLite (storage/team_knowledge.py) and are merged here into the knowledge base the matchers
index (`merge`), without touching the YAML.

A team entry is validated exactly like a YAML entry: it is written as the YAML that
`python -m knowledge export` writes (`entry_yaml`) and read back by the loader. A team entry
whose id a YAML entry now has is superseded by it (the curator took it into the files):
`merge` leaves it out and names it in `Merged.superseded`, and the caller retires it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import yaml

from knowledge.frame import unframe
from knowledge.languages import script_language
from knowledge.loader import entry_from_yaml
from knowledge.model import INLINE_LANGUAGES, MAX_TITLE, Entry, KnowledgeBase
from knowledge.nodes import ID_PATTERN
from knowledge.text import STOP_WORDS, detect_language, fold, terms, words

TEAM_PREFIX = "team-"  # team entries' ids; the curated YAML's never begin so by convention
MAX_PHRASING = 300  # characters: a phrasing is a question, not a letter
MIN_PHRASING_LETTERS = 3  # in its telling words: "a" or "ok" would draw answers to anything
EXPORT_HEADER = (
    "# Entries the coordination office published in the team chat (python -m knowledge export).\n"
    "# Review each one, give it a lasting id if you like, and move it into one of the files of\n"
    "# knowledge/. An entry kept with its team id replaces the team's entry at the next reload.\n"
)


@dataclass(frozen=True, slots=True)
class Taught:
    """A phrasing the team added to an entry (a curated one or its own)."""

    id: int
    entry_id: str
    text: str
    language: str  # the matcher that reads it: de (German and English), uk, ru, ar
    by: str  # the team member's first name
    at: datetime


@dataclass(frozen=True, slots=True)
class TeamEntry:
    """An answer the team published from its chat."""

    id: int
    entry_id: str
    category: str
    title: str
    answer: str
    by: str
    at: datetime
    changed_by: str | None = None
    changed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Merged:
    """The knowledge base with the team's entries and phrasings, and what did not fit."""

    kb: KnowledgeBase
    superseded: tuple[tuple[TeamEntry, str], ...] = ()  # with the YAML entry's source
    invalid: tuple[tuple[TeamEntry, str], ...] = ()  # with the first problem


def merge(curated: KnowledgeBase, entries: Iterable[TeamEntry], taught: Iterable[Taught]) -> Merged:
    """The curated knowledge base plus the team's live entries and taught phrasings."""
    superseded, invalid, added = [], [], []
    for team_entry in entries:
        if team_entry.entry_id in curated.by_id:
            superseded.append((team_entry, curated.by_id[team_entry.entry_id].source))
            continue
        entry, problems = as_entry(team_entry, ())
        if entry is None:
            invalid.append((team_entry, problems[0] if problems else "invalid"))
        else:
            added.append(dataclasses.replace(entry, source=f"team:{team_entry.id}"))
    phrasings: dict[str, dict[str, list[str]]] = {}
    for phrasing in taught:
        by_lang = phrasings.setdefault(phrasing.entry_id, {})
        by_lang.setdefault(phrasing.language, []).append(phrasing.text)
    merged = [
        _with_taught(entry, phrasings.get(entry.id, {})) for entry in (*curated.entries, *added)
    ]
    kb = dataclasses.replace(curated, entries=tuple(merged))
    return Merged(kb, tuple(superseded), tuple(invalid))


def _with_taught(entry: Entry, taught: dict[str, list[str]]) -> Entry:
    if not taught:
        return entry
    return dataclasses.replace(entry, taught={lang: tuple(texts) for lang, texts in taught.items()})


def as_entry(team_entry: TeamEntry, questions: Sequence[str]) -> tuple[Entry | None, list[str]]:
    """The team entry as the loader reads it from its YAML, or the problems found.

    Its phrasings come separately (`Taught`); the YAML needs at least one question, so the
    title stands in for them here."""
    return entry_from_yaml(entry_yaml(team_entry, questions or (team_entry.title,)))


def entry_yaml(team_entry: TeamEntry, questions: Sequence[str]) -> str:
    """One entry as a knowledge file holds it (`entries:` with one item)."""
    return _entries_yaml([_item(team_entry, questions)])


def _item(team_entry: TeamEntry, questions: Sequence[str]) -> dict[str, object]:
    """A team entry as an item of a knowledge file's `entries:`."""
    return {
        "id": team_entry.entry_id,
        "category": team_entry.category,
        "title": team_entry.title,
        "questions": list(questions),
        "answer": team_entry.answer,
    }


def _entries_yaml(items: list[dict[str, object]]) -> str:
    return yaml.dump({"entries": items}, allow_unicode=True, sort_keys=False, width=88)


def export_yaml(entries: Sequence[TeamEntry], taught: Sequence[Taught]) -> str:
    """The team's entries as a knowledge file, and as comments what goes elsewhere: phrasings
    the team taught curated entries (for their `questions:`) and phrasings in Ukrainian,
    Russian or Arabic (for the entry in knowledge/i18n/<language>/entries.yaml: a file's
    `questions:` are read by the German and English matcher only)."""
    by_entry: dict[str, list[Taught]] = {}
    for phrasing in taught:
        by_entry.setdefault(phrasing.entry_id, []).append(phrasing)
    own = {entry.entry_id for entry in entries}
    parts = [EXPORT_HEADER]
    items = []
    for entry in entries:
        taught_here = by_entry.get(entry.entry_id, [])
        inline = [p.text for p in taught_here if p.language in INLINE_LANGUAGES]
        items.append(_item(entry, inline or [entry.title]))
    parts.append(_entries_yaml(items) if items else "entries: []\n")
    elsewhere = [
        (entry_id, phrasing)
        for entry_id in sorted(by_entry)
        for phrasing in by_entry[entry_id]
        if entry_id not in own or phrasing.language not in INLINE_LANGUAGES
    ]
    if elsewhere:
        parts.append(
            "\n# Phrasings that belong elsewhere: copy each into the entry's `questions:`, in\n"
            "# this file's entry or a curated one (de, en), or in knowledge/i18n/<language>/\n"
            "# entries.yaml (uk, ru, ar).\n"
        )
    for entry_id, phrasing in elsewhere:
        parts.append(f"#   {entry_id} [{phrasing.language}]: {phrasing.text}    ({phrasing.by})\n")
    return "".join(parts)


def new_id(title: str, taken: Iterable[str]) -> str:
    """A team entry's id from its title: `team-` and its first words, unique among `taken`."""
    used = set(taken)
    telling = [w for w in words(title) if w.casefold() not in STOP_WORDS] or words(title)
    slug = "-".join(fold(word) for word in telling)
    slug = re.sub(r"[^a-z0-9-]+", "", slug.replace("ß", "ss"))[: 40 - len(TEAM_PREFIX) - 4]
    base = TEAM_PREFIX + (slug.strip("-") or "eintrag")
    candidate, number = base, 2
    while candidate in used or not ID_PATTERN.match(candidate):
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def proposed_title(question: str) -> str:
    """A first title for an answer the team publishes: the citizen's question, tidied and cut
    to a title's length at a word's end."""
    text = " ".join(question.split()).rstrip(" ?!.")
    if len(text) <= MAX_TITLE:
        return text
    cut = text[: MAX_TITLE - 1].rsplit(" ", 1)[0]
    return cut + "…"


def phrasing_problem(text: str) -> str | None:
    """Why a text cannot be a phrasing ('empty', 'long', 'short'), or None: it must hold
    telling words (no phrasing "a" that would draw answers to anything) and be a question's
    length, not a letter's."""
    if not words(text):
        return "empty"
    if len(text) > MAX_PHRASING:
        return "long"
    if sum(len(term) for term in terms(text)) < MIN_PHRASING_LETTERS:
        return "short"
    return None


def phrasing_language(text: str, prefer: str = "de") -> str:
    """Which matcher a taught phrasing belongs to: the language of its letters (Ukrainian,
    Russian, Arabic), else German's and English's shared one ('de' or 'en' as written)."""
    found = script_language(text, prefer=prefer)
    if found and found not in INLINE_LANGUAGES:
        return found
    return detect_language(text, prefer=prefer if prefer in INLINE_LANGUAGES else "de") or "de"


# ---- personal data -------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d /().-]{5,}\d(?!\w)")
PHONE_DIGITS = 7  # fewer digits are no phone number ("10 - 20", "9.00 - 12.00")
_DATE_OR_TIME = re.compile(
    r"\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?"  # 12.05.2024, 12.05.
    r"|\d{1,2}[.:]\d{2}(?!\d)"  # 9.00, 18:30
    r"|(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}(?!\d)"  # 2024-2027, 2024/25
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z]\w{3,31}\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
# A name a person introduces, in the bot's languages: the words after it are the name.
# A name's word: capitalised (Latin or Cyrillic letters), or a word in Arabic script (which
# has no capitals). "Hier ist Platz für …" introduces nobody.
_CAPITALISED = r"(?-i:[A-ZÄÖÜА-ЯЁІЇЄҐ][\w'-]*)"
_NAME_WORD = rf"(?:{_CAPITALISED}|[\u0600-\u06ff]+)"
_INTRODUCED = re.compile(
    r"\b(?:ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|hier\s+schreibt|my\s+name\s+is"
    r"|мене\s+звати|мо[єе]\s+ім'?я|меня\s+зовут|мо[её]\s+имя|اسمي|أنا\s+اسمي)\s+"
    rf"({_NAME_WORD}(?:\s+{_CAPITALISED})?)",  # a surname only where names have capitals
    re.IGNORECASE,
)
_TITLED = re.compile(r"\b(?:frau|herr|herrn|mrs?|ms)\.?\s+(?-i:([A-ZÄÖÜ][\w'-]+))", re.IGNORECASE)
NAME_MARK, PHONE_MARK, EMAIL_MARK, LINK_MARK = "[Name]", "[Telefon]", "[E-Mail]", "[Link]"


@dataclass(frozen=True, slots=True)
class Checked:
    """A text made ready to publish: with what was taken out, and what still looks personal."""

    text: str  # "" when nothing but greeting, closing and personal data was there
    removed: tuple[str, ...]  # kinds of data taken out ("frame", "name", "phone", "email")
    warnings: tuple[str, ...]  # kinds of data the text still seems to hold


def without_personal_data(
    text: str, names: Iterable[str] = (), office: Iterable[str] = ()
) -> Checked:
    """A citizen's question as a phrasing: the greeting, the closing with the name under it and
    a self-introduction taken off (knowledge/frame.py), e-mail addresses, phone numbers,
    @names, introduced names and the citizen's own names (`names`, with a surname after
    them) replaced. The office's own addresses, numbers and names (`office`) stay."""
    body, _, _, _, framed = unframe(text)
    removed: list[str] = ["frame"] if framed else []
    body, kinds = _replace_contacts(body, office)
    removed += kinds
    keep = {fold_contact(item) for item in office}
    for name in {n.strip().lstrip("@") for n in names if n and len(n.strip()) >= 2}:
        if fold_contact(name) in keep:
            continue
        # the name, and a capitalised word after it that the office never writes (a surname,
        # not "Ehrenamt" in "Kann Anna Ehrenamt im JBZ machen?")
        pattern = re.compile(
            rf"(?<!\w)@?{re.escape(name)}(?!\w)(?:\s+((?-i:[A-ZÄÖÜ][\w'-]+)))?", re.IGNORECASE
        )

        def named(found: re.Match[str]) -> str:
            surname = found.group(1)
            if surname and fold_contact(surname) in keep:
                return NAME_MARK + found.group(0)[found.start(1) - found.start(0) - 1 :]
            return NAME_MARK

        if pattern.search(body):
            body = pattern.sub(named, body)
            removed.append("name")

    def introduced(found: re.Match[str]) -> str:
        if fold_contact(found.group(1).split()[0]) in keep:
            return found.group(0)
        removed.append("name")
        return found.group(0)[: found.start(1) - found.start(0)] + NAME_MARK

    body = _INTRODUCED.sub(introduced, body)
    body = " ".join(body.split())
    if not words(body.replace(NAME_MARK, "").replace(PHONE_MARK, "").replace(EMAIL_MARK, "")):
        body = ""  # "Hallo!", "Viele Grüße, Anna": no question left
    return Checked(body, tuple(dict.fromkeys(removed)), personal_data(body, office))


def _phone(candidate: str) -> bool:
    """Whether a run of digits is a phone number, not a date, a time or a range."""
    if sum(char.isdigit() for char in candidate) < PHONE_DIGITS:
        return False
    return not _DATE_OR_TIME.search(candidate)


def _replace_contacts(text: str, office: Iterable[str]) -> tuple[str, list[str]]:
    keep = {fold_contact(item) for item in office}
    kinds = []
    for pattern, mark, kind in (
        (_EMAIL, EMAIL_MARK, "email"),
        (_URL, LINK_MARK, "link"),
        (_PHONE, PHONE_MARK, "phone"),
        (_HANDLE, NAME_MARK, "name"),
    ):

        def replace(found: re.Match[str], mark: str = mark, kind: str = kind) -> str:
            if fold_contact(found.group(0)) in keep or (kind == "phone" and not _phone(found[0])):
                return found.group(0)
            kinds.append(kind)
            return mark

        text = pattern.sub(replace, text)
    return text, kinds


def personal_data(
    text: str, office: Iterable[str] = (), names: Iterable[str] = ()
) -> tuple[str, ...]:
    """What in a text the team is about to publish looks like a person's data: an e-mail
    address or phone number other than the office's, an @name, a name introduced ("ich
    heiße …", "Frau …", "мене звати …"), or one of `names` (the citizen's, whose question the
    answer came from)."""
    keep = {fold_contact(item) for item in office}
    found = []
    if any(fold_contact(m.group(0)) not in keep for m in _EMAIL.finditer(text)):
        found.append("email")
    if any(fold_contact(m[0]) not in keep and _phone(m[0]) for m in _PHONE.finditer(text)):
        found.append("phone")
    named = [m.group(1).split()[0] for m in _INTRODUCED.finditer(text)]
    named += [m.group(1) for m in _TITLED.finditer(text)]
    named += [
        name.strip().lstrip("@")
        for name in names
        if name
        and len(name.strip()) >= 2
        and re.search(rf"(?<!\w){re.escape(name.strip().lstrip('@'))}(?!\w)", text, re.I)
    ]
    if _HANDLE.search(text) or any(fold_contact(name) not in keep for name in named):
        found.append("name")
    return tuple(found)


def fold_contact(text: str) -> str:
    """An address, number or name as compared: lower case, digits and letters only."""
    return re.sub(r"[^\w@.]", "", text.casefold())


def office_contacts(kb: KnowledgeBase) -> tuple[str, ...]:
    """The e-mail addresses, phone numbers and names the curated answers publish: the
    office's own, which a team answer may name (every capitalised word of them stands for
    the names: the coordinator's is one). Give it the curated knowledge base, never the one
    with the team's entries merged in: what the team published is no proof of being public."""
    found: list[str] = []
    for entry in kb.entries:
        for text in (entry.answer, entry.answer_en or ""):
            found += [m.group(0) for m in _EMAIL.finditer(text)]
            found += [m.group(0) for m in _PHONE.finditer(text)]
            found += re.findall(r"(?<!\w)[A-ZÄÖÜ][\w'-]+", text)
    return tuple(dict.fromkeys(found))
