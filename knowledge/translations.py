"""Texts in further languages: knowledge/i18n/<code>/entries.yaml and messages.yaml.

German is the source of every fact and English is written beside it; each further language of
`model.LANGUAGES` is a folder of two files that translate what a citizen reads:

* `entries.yaml`: per entry id its `title`, `answer`, its own `questions` (as people of that
  language ask) and `keywords`; `frame:` the words that frame a message in that language
  (greetings, thanks, goodbyes, letter closings, polite fillers, and `all_right:` whole messages
  that say all is well, "Без проблем"); and `reading:` the word
  beginnings that ask for a detail (cost, hours, count, duration, date, where, when, name) or
  put a question in the past or future (knowledge/reading.py's Cues).
* `messages.yaml`: `name` (the language's name in itself) and `name_de` (in German, for the
  team), `messages:` the bot's texts by key, `options:` the sign-up's choices by id.

A text that is not translated yet is answered in German, never with silence; `python -m
knowledge check` lists such gaps per language with the file and line of the German text.
Mistakes are problems like everywhere else: an unknown id or key, a placeholder that differs
from the German, a title too long for its heading, a line break inside a sentence.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from knowledge import nodes
from knowledge.cues import Cues, Detail
from knowledge.languages import SPEECH
from knowledge.model import (
    INLINE_LANGUAGES,
    LANGUAGES,
    MAX_TITLE,
    Entry,
    LanguageName,
    Messages,
    Option,
    SignupConfig,
    Translation,
    for_citizens,
)
from knowledge.text import words

ENTRIES_FILE = "entries.yaml"
MESSAGES_FILE = "messages.yaml"
ENTRY_KEYS = frozenset({"title", "answer", "questions", "keywords"})
FRAME_KINDS = frozenset(
    {"greetings", "salutations", "thanks", "goodbyes", "closings", "polite", "all_right"}
)
# word beginnings that ask for a detail, or put a question in the past or the future
READING_KINDS = frozenset(
    {
        *(kind.value for kind in Detail),
        "past",
        "future",
        "what_is",
        "generic",
        "joins",
        "pointers",
        "addressing",
        "requests",
        "not_where",
        "not_ours",
        "wishes",
    }
)
NOTICE = "language_fallback"  # required: the line above a text that is not translated yet
MAX_OPTION_LABEL = 40  # as signup.MAX_LABEL: a button, with a ✓ in front once chosen


@dataclass
class Translated:
    """What the i18n folders add to the German knowledge base."""

    entries: list[Entry]
    messages: Messages
    signup: SignupConfig | None
    cues: dict[str, Cues] = field(default_factory=dict)
    gaps: dict[str, tuple[str, ...]] = field(default_factory=dict)


def translate(
    directory: Path,
    entries: list[Entry],
    messages: Messages,
    message_sources: Mapping[str, str],
    signup: SignupConfig | None,
    report: nodes.Report,
) -> Translated:
    """Read every further language's folder and merge it into entries, messages and choices."""
    result = Translated(entries=entries, messages=messages, signup=signup)
    texts = {key: dict(variants) for key, variants in messages.texts.items()}
    names = dict(messages.names)
    translations: dict[str, dict[str, Translation]] = {entry.id: {} for entry in entries}
    labels: dict[str, dict[str, str]] = {}
    options = (*signup.interests, *signup.availability) if signup else ()
    for lang in LANGUAGES:
        if lang in INLINE_LANGUAGES:
            continue
        folder = directory / nodes.I18N_DIR / lang
        if not folder.is_dir():
            result.gaps[lang] = (f"{nodes.I18N_DIR}/{lang}/ is missing: everything in German",)
            continue
        ids = {entry.id for entry in entries}
        found, frame, reading = _load_entries(folder / ENTRIES_FILE, ids, report)
        for entry_id, translation in found.items():
            translations[entry_id][lang] = translation
        speech = SPEECH.get(lang)
        result.cues[lang] = Cues.of(frame, reading, speech.stop_words if speech else frozenset())
        name, found_texts, found_labels = _load_messages(
            folder / MESSAGES_FILE, texts, {option.id for option in options}, report
        )
        if name:
            names[lang] = name
        if (folder / MESSAGES_FILE).exists() and NOTICE not in found_texts:
            report.add(
                f"{nodes.I18N_DIR}/{lang}/{MESSAGES_FILE}",
                f"message '{NOTICE}' is missing: it says that a text comes in German",
            )
        for key, text in found_texts.items():
            texts[key][lang] = text
        for option_id, label in found_labels.items():
            labels.setdefault(option_id, {})[lang] = label
        result.gaps[lang] = _gaps(lang, entries, found, texts, message_sources, options, labels)
    result.entries = [
        dataclasses.replace(entry, translations=translations[entry.id]) for entry in entries
    ]
    result.messages = Messages(texts=texts, menu=messages.menu, names=names)
    if signup:
        result.signup = dataclasses.replace(
            signup,
            interests=tuple(_labelled(o, labels) for o in signup.interests),
            availability=tuple(_labelled(o, labels) for o in signup.availability),
        )
    return result


def _labelled(option: Option, labels: Mapping[str, Mapping[str, str]]) -> Option:
    return dataclasses.replace(option, labels=dict(labels.get(option.id, {})))


def _gaps(
    lang: str,
    entries: list[Entry],
    found: Mapping[str, Translation],
    texts: Mapping[str, Mapping[str, str]],
    message_sources: Mapping[str, str],
    options: tuple[Option, ...],
    labels: Mapping[str, Mapping[str, str]],
) -> tuple[str, ...]:
    """What a citizen of `lang` would still read in German, each with the German's place."""
    missing = [f"entry '{e.id}' ({e.source})" for e in entries if e.id not in found]
    missing += [
        f"message '{key}' ({message_sources.get(key, '?')})"
        for key, variants in sorted(texts.items())
        if for_citizens(key, variants) and lang not in variants
    ]
    missing += [
        f"sign-up choice '{o.id}' (signup.yaml)"
        for o in options
        if lang not in labels.get(o.id, {})
    ]
    return tuple(missing)


Words = dict[str, tuple[str, ...]]


def _load_entries(
    path: Path, ids: set[str], report: nodes.Report
) -> tuple[dict[str, Translation], Words, Words]:
    """An entries.yaml: translations by entry id, the frame words and the reading words."""
    top = _top(path, frozenset({"entries", "frame", "reading"}), report)
    found: dict[str, Translation] = {}
    for entry_id, node, at in _known(path, top, "entries", ids, "entry", report):
        translation = _entry(path, node, f"entry '{entry_id}'", at, report)
        if translation:
            found[entry_id] = translation
    return (
        found,
        _words(path, top, "frame", FRAME_KINDS, report),
        _words(path, top, "reading", READING_KINDS, report),
    )


def _words(
    path: Path, top: nodes.Fields, key: str, kinds: frozenset[str], report: nodes.Report
) -> Words:
    """A mapping of kinds to lists of words (`frame:`, `reading:`)."""
    found = _section(path, top, key, report)
    nodes.check_keys(path, found, kinds, report, key)
    return {
        kind: tuple(nodes.texts(path, node, report, f"{key}: {kind}"))
        for kind, node in found.items()
    }


def _entry(
    path: Path, node: yaml.Node, what: str, at: str, report: nodes.Report
) -> Translation | None:
    fields = nodes.mapping(path, node, report, what)
    nodes.check_keys(path, fields, ENTRY_KEYS, report, what)
    title = nodes.text(path, fields.get("title"), report, f"{what}: title")
    answer = nodes.text(path, fields.get("answer"), report, f"{what}: answer")
    for key in ("title", "answer"):
        if key not in fields:
            report.add(at, f"{what}: missing '{key}'")
    if title and len(title) > MAX_TITLE:
        report.add(nodes.where(path, fields["title"]), f"{what}: title over {MAX_TITLE} characters")
    if "answer" in fields:
        nodes.check_line_breaks(path, fields["answer"], report, f"{what}: answer")
    questions = nodes.texts(path, fields.get("questions"), report, f"{what}: questions")
    for phrasing in getattr(fields.get("questions"), "value", []):
        text = getattr(phrasing, "value", "")
        if isinstance(text, str) and text.strip() and not words(text):
            report.add(
                nodes.where(path, phrasing), f"{what}: phrasing {text!r} has no words to match"
            )
    keywords = nodes.texts(path, fields.get("keywords"), report, f"{what}: keywords")
    if not (title and answer):
        return None
    return Translation(title, answer, tuple(questions), tuple(keywords), at)


def _load_messages(
    path: Path,
    german: Mapping[str, Mapping[str, str]],
    option_ids: set[str],
    report: nodes.Report,
) -> tuple[LanguageName | None, dict[str, str], dict[str, str]]:
    """A messages.yaml: the language's names, its texts by key and its choices' labels."""
    top = _top(path, frozenset({"name", "name_de", "messages", "options"}), report)
    if not top:
        return None, {}, {}
    own = nodes.text(path, top.get("name"), report, "name")
    in_german = nodes.text(path, top.get("name_de"), report, "name_de")
    if not (own and in_german):
        report.add(f"{nodes.name(path)}:1", "'name' and 'name_de' name the language")
    texts: dict[str, str] = {}
    for key, node, at in _known(path, top, "messages", german.keys(), "message", report):
        text = nodes.text(path, node, report, f"message '{key}'")
        if text is None:
            continue
        nodes.check_line_breaks(path, node, report, f"message '{key}'")
        if _placeholders(text) != _placeholders(german[key]["de"]):
            report.add(at, f"message '{key}': placeholders differ from the German text")
            continue
        texts[key] = text
    labels: dict[str, str] = {}
    for option_id, node, at in _known(path, top, "options", option_ids, "option", report):
        label = nodes.text(path, node, report, f"option '{option_id}'")
        if label and len(label) > MAX_OPTION_LABEL:
            report.add(at, f"option '{option_id}': over {MAX_OPTION_LABEL} characters (a button)")
        elif label:
            labels[option_id] = label
    name = LanguageName(own, in_german) if own and in_german else None
    return name, texts, labels


def _top(path: Path, allowed: frozenset[str], report: nodes.Report) -> nodes.Fields:
    """A file's top-level mapping (empty when the file is missing or broken, reported)."""
    root = nodes.compose(path, report) if path.exists() else None
    if root is None:
        return nodes.Fields()
    top = nodes.mapping(path, root, report, "file")
    nodes.check_keys(path, top, allowed, report, "file")
    return top


def _section(path: Path, top: nodes.Fields, key: str, report: nodes.Report) -> nodes.Fields:
    """The mapping under `key` (empty when it is not written)."""
    return nodes.mapping(path, top[key], report, key) if key in top else nodes.Fields()


def _known(
    path: Path,
    top: nodes.Fields,
    key: str,
    known: Collection[str],
    kind: str,
    report: nodes.Report,
) -> Iterator[tuple[str, yaml.Node, str]]:
    """(name, value, "file:line") of each item under `key` that the German files have; the
    others are reported ("entry 'x' does not exist in the German files")."""
    found = _section(path, top, key, report)
    for name, node in found.items():
        at = nodes.where(path, found.key_nodes[name])
        if name in known:
            yield name, node, at
        else:
            report.add(at, f"{kind} '{name}' does not exist in the German files")


def _placeholders(text: str) -> frozenset[str] | None:
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
    except ValueError:
        return None
