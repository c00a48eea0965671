"""YAML as nodes that remember their line, and the checks every knowledge file shares.

A curator who mistypes a key reads "bildung.yaml:42: unknown key 'anwser' (did you mean
'answer'?)" instead of a stack trace: files are composed into nodes (not plain dicts), and
every check reports to a `Report` with file and line instead of stopping at the first problem.
Used by loader.py (entries, messages), events.py and signup.py.
"""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import process

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")  # short enough for Telegram button data


@dataclass
class Report:
    """Collects problems instead of stopping at the first one."""

    problems: list[str] = field(default_factory=list)
    declared: set[str] = field(default_factory=set)  # ids written, even in invalid entries

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def compose(path: Path, report: Report) -> yaml.Node | None:
    """Parse a file into a YAML node tree, reporting syntax errors with their line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report.add(name(path), f"cannot read file ({exc})")
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        report.add(f"{name(path)}:{line}", f"YAML syntax error: {exc.problem or exc.context}")
    except yaml.YAMLError as exc:
        report.add(name(path), f"YAML error: {exc}")
    return None


I18N_DIR = "i18n"  # knowledge/i18n/<language>/: the texts in further languages


def name(path: Path) -> str:
    """How problems name a file: 'bildung.yaml', or 'i18n/uk/entries.yaml' for a translation."""
    if path.parent.parent.name == I18N_DIR:
        return "/".join(path.parts[-3:])
    return path.name


def where(path: Path, node: yaml.Node) -> str:
    """'file.yaml:line' of a node, for a problem's message."""
    return f"{name(path)}:{node.start_mark.line + 1}"


class Fields(dict[str, yaml.Node]):
    """A mapping's values by key, remembering where each key was written."""

    def __init__(self) -> None:
        super().__init__()
        self.key_nodes: dict[str, yaml.Node] = {}


def mapping(path: Path, node: yaml.Node, report: Report, what: str) -> Fields:
    """A mapping node as {key: value node}; reports non-mappings and duplicate keys."""
    result = Fields()
    if not isinstance(node, yaml.MappingNode):
        report.add(where(path, node), f"{what} must be a mapping of 'key: value' lines")
        return result
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in result:
            report.add(where(path, key_node), f"{what}: key '{key}' appears twice")
        result[key] = value_node
        result.key_nodes[key] = key_node
    return result


def check_keys(
    path: Path, found: Fields, allowed: frozenset[str],
    report: Report, what: str,
) -> None:  # fmt: skip
    """Report keys not in `allowed`, with the closest allowed one as a hint."""
    for key, key_node in found.key_nodes.items():
        if key not in allowed:
            hint = process.extractOne(key, sorted(allowed), score_cutoff=70)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            allowed_list = ", ".join(sorted(allowed))
            report.add(
                where(path, key_node),
                f"{what}: unknown key '{key}'{suggestion}; allowed: {allowed_list}",
            )


def text(path: Path, node: yaml.Node | None, report: Report, what: str) -> str | None:
    """A non-empty string scalar, stripped; reports anything else."""
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        report.add(where(path, node), f"{what} must be a text")
        return None
    value = str(node.value).strip()
    if not value:
        report.add(where(path, node), f"{what} is empty")
        return None
    return value


def texts(path: Path, node: yaml.Node | None, report: Report, what: str) -> list[str]:
    """A list of non-empty strings (a single string is accepted as a one-item list)."""
    if node is None:
        return []
    if isinstance(node, yaml.ScalarNode):
        value = text(path, node, report, what)
        return [value] if value else []
    if not isinstance(node, yaml.SequenceNode):
        report.add(where(path, node), f"{what} must be a list")
        return []
    values = [text(path, item, report, f"{what}, item {n}") for n, item in enumerate(node.value, 1)]
    return [v for v in values if v]


@dataclass(frozen=True, slots=True)
class Item:
    """A mapping with an id (an entry, an event), read by `item`."""

    fields: Fields
    at: str  # "file.yaml:line" where it begins
    id: str | None  # as written, also when it is malformed
    what: str  # how problems name it: "entry 'jbz'"
    missing: list[str]  # required keys not written
    id_ok: bool  # the id, if any, is 2-40 characters a-z, 0-9, '-'


def item(
    path: Path, node: yaml.Node, report: Report, kind: str,
    allowed: frozenset[str], required: tuple[str, ...], id_label: str,
) -> Item | None:  # fmt: skip
    """Read a mapping with an id and report unknown keys, missing ones and a malformed id;
    None if the node is no mapping (reported too)."""
    at = where(path, node)
    fields = mapping(path, node, report, kind)
    if not fields:
        return None
    item_id = text(path, fields.get("id"), report, id_label)
    what = f"{kind} '{item_id}'" if item_id else kind
    check_keys(path, fields, allowed, report, what)
    missing = [key for key in required if key not in fields]
    for key in missing:
        report.add(at, f"{what}: missing '{key}'")
    id_ok = not item_id or bool(ID_PATTERN.match(item_id))
    if not id_ok:
        report.add(where(path, fields["id"]), f"{what}: id must be 2-40 characters a-z, 0-9, '-'")
    return Item(fields, at, item_id, what, missing, id_ok)


# Telegram shows every line break of a text. Inside a paragraph a line may only begin a list
# item or command ("• …", "- …", "/start – …"), a "Label: value" line ("Telefon: 0340 …") or
# what follows one, or a new sentence; a break anywhere else ("(e-mail:⏎engagiertestadt@…")
# splits a sentence on the citizen's screen. Lines that begin with an emoji ("📨 Frage Nr. 3",
# "↩️ Antworten …"), and the line after such a heading, are free.
_LIST_LINE = re.compile(r"^(?:[•*/\-–]|\d+[.)] )")
_LABEL_LINE = re.compile(r"^[^\W\d_][\w .()/-]{0,40}: \S")
_SENTENCE_END = re.compile(r"[.!?…؟][\"'“”„»«)]*$")
_SENTENCE_START = re.compile(r"^(?:[\"'“”„»«(]|[^\W_])")


def _broken_line(line: str, following: str) -> bool:
    """Whether the line break between two lines of one paragraph falls inside a sentence."""
    if _LIST_LINE.match(following) or _LABEL_LINE.match(following) or _LABEL_LINE.match(line):
        return False
    if not _SENTENCE_START.match(line) or not _SENTENCE_START.match(following):
        return False  # a heading or a line marked by an emoji ("📨 Frage …", "↩️ Antworten …")
    starts_sentence = not following[:1].islower()  # Arabic letters have no case
    return not (_SENTENCE_END.search(line) and starts_sentence)


def check_line_breaks(path: Path, node: yaml.Node, report: Report, what: str) -> None:
    """Report a line break inside a sentence, at its line (see _LIST_LINE above)."""
    if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
        return
    lines = node.value.split("\n")
    # A block scalar ("|") starts on the line after its indicator; others where they stand.
    first = node.start_mark.line + (2 if node.style in ("|", ">") else 1)
    for number, (line, following) in enumerate(itertools.pairwise(lines)):
        line, following = line.strip(), following.strip()
        if line and following and _broken_line(line, following):
            report.add(
                f"{name(path)}:{first + number + 1}",
                f"{what}: line break inside a sentence (Telegram shows it); write the paragraph"
                " on one line, or start the new line with a sentence or a '• ' list item",
            )


def check_placeholders(
    path: Path, node: yaml.Node, key: str, variants: dict[str, str], report: Report
) -> None:
    """Every language of a message must use the same {placeholders}, and valid ones."""
    found: dict[str, set[str]] = {}
    for lang, text in variants.items():
        try:
            found[lang] = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        except ValueError as exc:
            report.add(
                where(path, node), f"message '{key}' ({lang}): {exc}; write {{{{ for a brace"
            )
    if len({frozenset(names) for names in found.values()}) > 1:
        report.add(where(path, node), f"message '{key}': placeholders differ between languages")
