"""Load and validate the knowledge directory: the entries and the bot's texts here, the
events and the sign-up's choices in events.py and signup.py, all read as YAML nodes
(nodes.py), so that every problem names its file and line.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from knowledge import nodes
from knowledge.events import load_events
from knowledge.model import (
    CATEGORIES,
    DETAILS,
    INLINE_LANGUAGES,
    MAX_TITLE,
    TIMES,
    Entry,
    KnowledgeBase,
    LanguageName,
    Link,
    Messages,
)
from knowledge.signup import load_signup
from knowledge.synonyms import SYNONYMS_FILE, load_synonyms
from knowledge.text import words
from knowledge.translations import translate

DEFAULT_DIR = Path(__file__).resolve().parent
MESSAGES_FILE = "messages.yaml"  # the core texts and the main menu
MORE_MESSAGES = "messages_*.yaml"  # one file of texts per feature (handoff, sign-up, events)
# Files in the directory that hold other data than question-and-answer entries.
DATA_FILES = frozenset({"events.yaml", "signup.yaml", SYNONYMS_FILE})

ENTRY_KEYS = frozenset(
    {"id", "category", "title", "title_en", "questions", "keywords", "answer", "answer_en",
     "links", "related", "details", "time", "names"}
)  # fmt: skip
REQUIRED_ENTRY_KEYS = ("id", "category", "title", "questions", "answer")
MAX_RELATED = 3


@functools.cache
def required_messages() -> frozenset[str]:
    """The texts a knowledge directory must have: every text of the bundled one's messages
    files (a copy to edit has them all; tests/unit/test_messages_used.py checks that every text
    the code asks for by name is among them). Texts the code can do without (/meinedaten's
    `data_…` labels fall back to the field's name) are required too: the sign-up's summary
    uses `data_field_<step>` without a fallback, and a directory missing one is better
    reported at load than found by a citizen."""
    keys: set[str] = set()
    for path in [DEFAULT_DIR / MESSAGES_FILE, *sorted(DEFAULT_DIR.glob(MORE_MESSAGES))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        keys |= set(data.get("messages") or {})
    return frozenset(keys)


class KnowledgeError(Exception):
    """The knowledge directory is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load(directory: Path | str = DEFAULT_DIR) -> KnowledgeBase:
    """Load, validate and return the knowledge base, or raise KnowledgeError."""
    directory = Path(directory)
    report = nodes.Report()
    if not directory.is_dir():
        raise KnowledgeError([f"{directory}: not a directory"])
    entries: list[Entry] = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name not in DATA_FILES and not path.name.startswith("messages"):
            entries.extend(_load_entries(path, report))
    if not entries and not report.problems:
        report.add(str(directory), "no entries found (expected *.yaml files with 'entries:')")
    messages, message_sources = _load_messages(directory, report)
    _check_links_between(entries, messages, report)
    signup = load_signup(directory, report)
    translated = translate(directory, entries, messages, message_sources, signup, report)
    events = load_events(directory, report)
    synonyms = load_synonyms(directory, report.add)
    if report.problems:
        raise KnowledgeError(report.problems)
    return KnowledgeBase(
        entries=tuple(translated.entries),
        messages=translated.messages,
        directory=directory,
        signup=translated.signup,
        events=tuple(events),
        synonyms=synonyms,
        cues=translated.cues,
        gaps=translated.gaps,
    )


def _load_entries(path: Path, report: nodes.Report) -> list[Entry]:
    root = nodes.compose(path, report)
    if root is None:
        if not report.problems or not report.problems[-1].startswith(path.name):
            report.add(path.name, "file is empty (expected 'entries:')")
        return []
    top = nodes.mapping(path, root, report, "file")
    nodes.check_keys(path, top, frozenset({"entries"}), report, "file")
    items = top.get("entries")
    if items is None:
        if top:
            report.add(nodes.where(path, root), "missing 'entries:' list")
        return []
    if not isinstance(items, yaml.SequenceNode):
        report.add(nodes.where(path, items), "'entries' must be a list of entries ('- id: ...')")
        return []
    entries = [_entry(path, node, report) for node in items.value]
    return [e for e in entries if e is not None]


def entry_from_yaml(text: str, label: str = "team") -> tuple[Entry | None, list[str]]:
    """One entry written as a knowledge file (`entries:` with one item), checked by exactly
    the rules of the files: the entry, or the problems (file and line name `label`)."""
    report = nodes.Report()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return None, [f"{label}: YAML error: {exc}"]
    items = getattr(root.value[0][1], "value", []) if isinstance(root, yaml.MappingNode) else []
    if len(items) != 1:
        return None, [f"{label}: expected one entry"]
    entry = _entry(Path(label), items[0], report)
    return (entry if not report.problems else None), report.problems


def _entry(path: Path, node: yaml.Node, report: nodes.Report) -> Entry | None:
    found = nodes.item(path, node, report, "entry", ENTRY_KEYS, REQUIRED_ENTRY_KEYS, "id")
    if found is None:
        return None
    fields, entry_id, what, where = found.fields, found.id, found.what, found.at
    if entry_id:
        report.declared.add(entry_id)
    ok = found.id_ok
    category = nodes.text(path, fields.get("category"), report, f"{what}: category")
    if category and category not in CATEGORIES:
        report.add(
            nodes.where(path, fields["category"]),
            f"{what}: unknown category '{category}'; allowed: {', '.join(CATEGORIES)}",
        )
        ok = False
    title = nodes.text(path, fields.get("title"), report, f"{what}: title")
    title_en = nodes.text(path, fields.get("title_en"), report, f"{what}: title_en")
    for key, value in (("title", title), ("title_en", title_en)):
        if value and len(value) > MAX_TITLE:
            report.add(nodes.where(path, fields[key]), f"{what}: {key} over {MAX_TITLE} characters")
    questions = nodes.texts(path, fields.get("questions"), report, f"{what}: questions")
    if "questions" in fields and not questions:
        report.add(nodes.where(path, fields["questions"]), f"{what}: 'questions' is empty")
        ok = False
    for phrasing_node in getattr(fields.get("questions"), "value", []):
        text = getattr(phrasing_node, "value", "")
        if isinstance(text, str) and text.strip() and not words(text):
            report.add(
                nodes.where(path, phrasing_node), f"{what}: phrasing {text!r} has no words to match"
            )
            ok = False
    keywords = nodes.texts(path, fields.get("keywords"), report, f"{what}: keywords")
    answer = nodes.text(path, fields.get("answer"), report, f"{what}: answer")
    answer_en = nodes.text(path, fields.get("answer_en"), report, f"{what}: answer_en")
    for key in ("answer", "answer_en"):
        if key in fields:
            nodes.check_line_breaks(path, fields[key], report, f"{what}: {key}")
    related = nodes.texts(path, fields.get("related"), report, f"{what}: related")
    if len(related) > MAX_RELATED:
        report.add(
            nodes.where(path, fields["related"]), f"{what}: at most {MAX_RELATED} related ids"
        )
    links = _links(path, fields.get("links"), report, what)
    details = nodes.texts(path, fields.get("details"), report, f"{what}: details")
    for kind in details:
        if kind not in DETAILS:
            report.add(
                nodes.where(path, fields["details"]),
                f"{what}: unknown detail '{kind}'; allowed: {', '.join(DETAILS)}",
            )
            ok = False
    names = nodes.texts(path, fields.get("names"), report, f"{what}: names")
    for name_node in getattr(fields.get("names"), "value", []):
        text = getattr(name_node, "value", "")
        if isinstance(text, str) and text.strip() and not words(text):
            report.add(nodes.where(path, name_node), f"{what}: name {text!r} has no words")
            ok = False
    time = nodes.text(path, fields.get("time"), report, f"{what}: time")
    if time and time not in TIMES:
        report.add(
            nodes.where(path, fields["time"]), f"{what}: time must be one of {', '.join(TIMES)}"
        )
        ok = False
    if not (ok and entry_id and category and title and questions and answer):
        return None
    return Entry(
        id=entry_id, category=category, title=title, title_en=title_en,
        questions=tuple(questions), keywords=tuple(keywords), answer=answer, answer_en=answer_en,
        links=tuple(links), related=tuple(related), source=where,
        details=frozenset(details), time=time or None, names=tuple(names),
    )  # fmt: skip


def _links(path: Path, node: yaml.Node | None, report: nodes.Report, what: str) -> list[Link]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        report.add(nodes.where(path, node), f"{what}: 'links' must be a list of 'title' and 'url'")
        return []
    links = []
    for item in node.value:
        fields = nodes.mapping(path, item, report, f"{what}: link")
        nodes.check_keys(path, fields, frozenset({"title", "url"}), report, f"{what}: link")
        title = nodes.text(path, fields.get("title"), report, f"{what}: link title")
        url = nodes.text(path, fields.get("url"), report, f"{what}: link url")
        if url and not re.match(r"^https?://[^\s<>\"]+$", url):
            report.add(
                nodes.where(path, fields["url"]), f"{what}: link url must start with https://"
            )
        elif title and url:
            links.append(Link(title=title, url=url))
        elif fields and not (title and url):
            report.add(nodes.where(path, item), f"{what}: a link needs 'title' and 'url'")
    return links


def _load_messages(directory: Path, report: nodes.Report) -> tuple[Messages, dict[str, str]]:
    """The core messages file (with the menu) and every feature's messages file, merged."""
    core = directory / MESSAGES_FILE
    if not core.exists():
        report.add(MESSAGES_FILE, "missing: the bot's texts live in this file")
        return Messages(texts={}), {}
    texts: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    menu: list[str] = []
    names: dict[str, LanguageName] = {}
    for path in [core, *sorted(directory.glob(MORE_MESSAGES))]:
        menu += _load_message_file(path, path == core, texts, where, names, report)
    for key in sorted(required_messages() - texts.keys()):
        report.add(MESSAGES_FILE, f"message '{key}' is missing (in none of the messages*.yaml)")
    return Messages(texts=texts, menu=tuple(menu), names=names), where


def _language_names(path: Path, top: nodes.Fields, report: nodes.Report) -> dict[str, LanguageName]:
    """messages.yaml's `languages:`: the names of the languages written beside the German."""
    found = (
        nodes.mapping(path, top["languages"], report, "languages")
        if "languages" in top
        else nodes.Fields()
    )
    names = {}
    for lang in INLINE_LANGUAGES:
        fields = nodes.mapping(path, found[lang], report, lang) if lang in found else None
        own = nodes.text(path, fields.get("name"), report, f"{lang}: name") if fields else None
        german = (
            nodes.text(path, fields.get("name_de"), report, f"{lang}: name_de") if fields else None
        )
        if own and german:
            names[lang] = LanguageName(own, german)
        else:
            report.add(MESSAGES_FILE, f"languages: '{lang}' needs 'name' and 'name_de'")
    return names


def _load_message_file(
    path: Path,
    is_core: bool,
    texts: dict[str, dict[str, str]],
    where: dict[str, str],
    names: dict[str, LanguageName],
    report: nodes.Report,
) -> list[str]:
    """Add one file's messages to `texts` (and the core file's language names to `names`);
    return its menu (only the core file has one)."""
    root = nodes.compose(path, report)
    if root is None:
        return []
    top = nodes.mapping(path, root, report, "file")
    allowed = frozenset({"messages", "menu", "languages"}) if is_core else frozenset({"messages"})
    nodes.check_keys(path, top, allowed, report, "file")
    if is_core:
        names.update(_language_names(path, top, report))
    messages_node = top.get("messages")
    if messages_node is None:
        report.add(nodes.where(path, root), "missing 'messages:'")
    found = (
        nodes.mapping(path, messages_node, report, "messages") if messages_node else nodes.Fields()
    )
    for key, node in found.items():
        at = nodes.where(path, found.key_nodes[key])
        if key in where:
            report.add(at, f"message '{key}' is defined twice (first at {where[key]})")
            continue
        where[key] = at
        variants = nodes.mapping(path, node, report, f"message '{key}'")
        nodes.check_keys(path, variants, frozenset(INLINE_LANGUAGES), report, f"message '{key}'")
        texts[key] = {}
        for lang, value in variants.items():
            text = nodes.text(path, value, report, f"message '{key}' ({lang})")
            if lang in INLINE_LANGUAGES and text:
                texts[key][lang] = text
                nodes.check_line_breaks(path, value, report, f"message '{key}' ({lang})")
        if variants and "de" not in texts[key]:
            report.add(
                nodes.where(path, node), f"message '{key}': the German text ('de') is missing"
            )
        nodes.check_placeholders(path, node, key, texts[key], report)
    return nodes.texts(path, top.get("menu"), report, "menu")


def _check_links_between(entries: list[Entry], messages: Messages, report: nodes.Report) -> None:
    """Ids are unique, and 'related' and the menu point at entries that exist."""
    first_seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in first_seen:
            first = first_seen[entry.id].source
            report.add(entry.source, f"duplicate id '{entry.id}' (first at {first})")
        else:
            first_seen[entry.id] = entry
    named: dict[tuple[str, ...], Entry] = {}
    for entry in entries:
        for name in entry.names:  # "Engagement-Strategie" is "Engagement Strategie"
            first_entry = named.setdefault(tuple(words(name)), entry)
            if first_entry is not entry:
                report.add(
                    entry.source,
                    f"entry '{entry.id}': name '{name}' is also a name of '{first_entry.id}'"
                    f" ({first_entry.source})",
                )
    for entry in entries:
        for other in entry.related:
            if other == entry.id:
                report.add(entry.source, f"entry '{entry.id}': related lists the entry itself")
            elif other not in report.declared:
                report.add(entry.source, f"entry '{entry.id}': related id '{other}' does not exist")
    for entry_id in messages.menu:
        if entry_id not in report.declared:
            report.add(MESSAGES_FILE, f"menu: entry id '{entry_id}' does not exist")
