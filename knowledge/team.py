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
from knowledge.text import STOP_WORDS, detect_language, fold, words

TEAM_PREFIX = "team-"  # team entries' ids; the curated YAML's never begin so by convention
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
    item = {
        "id": team_entry.entry_id,
        "category": team_entry.category,
        "title": team_entry.title,
        "questions": list(questions),
        "answer": team_entry.answer,
    }
    return yaml.dump({"entries": [item]}, allow_unicode=True, sort_keys=False, width=88)


def export_yaml(entries: Sequence[TeamEntry], taught: Sequence[Taught]) -> str:
    """The team's entries as a knowledge file, and the phrasings it taught curated entries
    as comments to copy into their entries' `questions:`."""
    by_entry: dict[str, list[Taught]] = {}
    for phrasing in taught:
        by_entry.setdefault(phrasing.entry_id, []).append(phrasing)
    own = {entry.entry_id for entry in entries}
    parts = [EXPORT_HEADER]
    items = []
    for entry in entries:
        questions = [p.text for p in by_entry.get(entry.entry_id, [])] or [entry.title]
        item = {
            "id": entry.entry_id,
            "category": entry.category,
            "title": entry.title,
            "questions": questions,
            "answer": entry.answer,
        }
        items.append(item)
    if items:
        parts.append(yaml.dump({"entries": items}, allow_unicode=True, sort_keys=False, width=88))
    else:
        parts.append("entries: []\n")
    others = sorted(entry_id for entry_id in by_entry if entry_id not in own)
    if others:
        parts.append("\n# Phrasings the team taught entries of the curated files:\n")
    for entry_id in others:
        parts.append(f"# {entry_id}:\n")
        for phrasing in by_entry[entry_id]:
            parts.append(f"#   - {phrasing.text}    # {phrasing.language}, {phrasing.by}\n")
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
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z]\w{3,31}\b")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
NAME_MARK, PHONE_MARK, EMAIL_MARK, HANDLE_MARK = "[Name]", "[Telefon]", "[E-Mail]", "[Name]"


@dataclass(frozen=True, slots=True)
class Checked:
    """A text made ready to publish: with what was taken out, and what still looks personal."""

    text: str
    removed: tuple[str, ...]  # kinds of data taken out ("name", "phone", "email")
    warnings: tuple[str, ...]  # kinds of data the text still seems to hold


def without_personal_data(
    text: str, names: Iterable[str] = (), office: Iterable[str] = ()
) -> Checked:
    """A citizen's question as a phrasing: the greeting, the closing with the name under it and
    a self-introduction taken off (knowledge/frame.py), e-mail addresses, phone numbers,
    @names and the citizen's own names (`names`) replaced. The office's own addresses and
    numbers (`office`, from the curated answers) stay."""
    body, _, _, _, framed = unframe(text)
    removed: list[str] = ["frame"] if framed and body else []
    body = body or text.strip()
    body, kinds = _replace_contacts(body, office)
    removed += kinds
    for name in {n.strip() for n in names if n and len(n.strip()) >= 2}:
        pattern = re.compile(rf"(?<!\w)@?{re.escape(name)}(?!\w)", re.IGNORECASE)
        if pattern.search(body):
            body = pattern.sub(NAME_MARK, body)
            removed.append("name")
    body = " ".join(body.split())
    return Checked(body, tuple(dict.fromkeys(removed)), personal_data(body, office))


def _replace_contacts(text: str, office: Iterable[str]) -> tuple[str, list[str]]:
    keep = {fold_contact(item) for item in office}
    kinds = []
    for pattern, mark, kind in (
        (_EMAIL, EMAIL_MARK, "email"),
        (_URL, "[Link]", "link"),
        (_PHONE, PHONE_MARK, "phone"),
        (_HANDLE, HANDLE_MARK, "name"),
    ):

        def replace(found: re.Match[str], mark: str = mark, kind: str = kind) -> str:
            if fold_contact(found.group(0)) in keep:
                return found.group(0)
            kinds.append(kind)
            return mark

        text = pattern.sub(replace, text)
    return text, kinds


def personal_data(text: str, office: Iterable[str] = ()) -> tuple[str, ...]:
    """What in a text the team is about to publish looks like a person's data: an e-mail
    address or phone number other than the office's, an @name, or a name introduced
    ("ich heiße …", "mein Name ist …", "Frau/Herr …")."""
    keep = {fold_contact(item) for item in office}
    found = []
    if any(fold_contact(m.group(0)) not in keep for m in _EMAIL.finditer(text)):
        found.append("email")
    if any(fold_contact(m.group(0)) not in keep for m in _PHONE.finditer(text)):
        found.append("phone")
    named = [m.group(1) for m in _NAMED.finditer(text)]
    if _HANDLE.search(text) or any(fold_contact(name) not in keep for name in named):
        found.append("name")
    return tuple(found)


_NAMED = re.compile(
    r"\b(?:ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|my\s+name\s+is|frau|herr|herrn)\s+"
    r"(?-i:([A-ZÄÖÜ][\w'-]+))",
    re.IGNORECASE,
)


def fold_contact(text: str) -> str:
    """An address or number as compared: lower case, digits and letters only."""
    return re.sub(r"[^\w@.]", "", text.casefold())


def office_contacts(kb: KnowledgeBase) -> tuple[str, ...]:
    """The e-mail addresses, phone numbers and names the curated answers publish: the
    office's own, which a team answer may name (every capitalised word of them stands for
    the names: the coordinator's is one)."""
    found: list[str] = []
    for entry in kb.entries:
        for text in (entry.answer, entry.answer_en or ""):
            found += [m.group(0) for m in _EMAIL.finditer(text)]
            found += [m.group(0) for m in _PHONE.finditer(text)]
            found += re.findall(r"(?<!\w)[A-ZÄÖÜ][\w'-]+", text)
    return tuple(dict.fromkeys(found))
