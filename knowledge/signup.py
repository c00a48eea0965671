"""The volunteer sign-up's configuration, `signup.yaml`: the fields of interest and times of
availability people choose from, the version of the privacy notice they agree to, and which
answers offer a "Jetzt anmelden" button.

Validated like the rest of the knowledge base, with the helpers of nodes.py: every problem names
file and line. The file is optional; a knowledge directory without it has no sign-up.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from knowledge import nodes
from knowledge.model import Option, SignupConfig

SIGNUP_FILE = "signup.yaml"
TOP_KEYS = frozenset({"privacy_version", "button_under", "interests", "availability"})
OPTION_KEYS = frozenset({"id", "label", "label_en"})
OPTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,23}$")  # short: it travels in button data
VERSION = re.compile(r"^[A-Za-z0-9._-]{1,20}$")
MAX_LABEL = 40  # one button per option, with a ✓ in front once chosen
MAX_OPTIONS = 20


def load_signup(directory: Path, report: nodes.Report) -> SignupConfig | None:
    """Read and validate `signup.yaml` (None if the directory has none or it is invalid).

    Call after the entries are read: `button_under` must name entries that exist.
    """
    path = directory / SIGNUP_FILE
    if not path.exists():
        return None
    before = len(report.problems)
    root = nodes.compose(path, report)
    if root is None:
        if len(report.problems) == before:
            report.add(path.name, "file is empty (expected 'privacy_version:' and 'interests:')")
        return None
    top = nodes.mapping(path, root, report, "file")
    if not top:
        return None
    nodes.check_keys(path, top, TOP_KEYS, report, "file")
    for key in ("privacy_version", "interests", "availability"):
        if key not in top:
            report.add(nodes.where(path, root), f"missing '{key}:'")
    version = nodes.text(path, top.get("privacy_version"), report, "privacy_version")
    if version and not VERSION.match(version):
        report.add(
            nodes.where(path, top["privacy_version"]),
            "privacy_version must be 1-20 characters A-Z, a-z, 0-9, '.', '_' or '-' (like 2026-11)",
        )
    interests = _options(path, top.get("interests"), report, "interests")
    availability = _options(path, top.get("availability"), report, "availability")
    button_under = _entry_ids(path, top.get("button_under"), report)
    if len(report.problems) > before or not version:
        return None
    return SignupConfig(
        privacy_version=version,
        interests=tuple(interests),
        availability=tuple(availability),
        button_under=tuple(button_under),
    )


def _options(path: Path, node: yaml.Node | None, report: nodes.Report, what: str) -> list[Option]:
    """A non-empty list of choices with unique ids and short labels."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        where = nodes.where(path, node)
        report.add(where, f"'{what}' must be a list of choices ('- id: ...' with 'label: ...')")
        return []
    if len(node.value) > MAX_OPTIONS:
        report.add(nodes.where(path, node), f"'{what}': at most {MAX_OPTIONS} choices")
    options: list[Option] = []
    seen: dict[str, str] = {}
    for item in node.value:
        fields = nodes.mapping(path, item, report, f"{what}: choice")
        if not fields:
            continue
        option_id = nodes.text(path, fields.get("id"), report, f"{what}: id")
        label_of = f"{what} '{option_id}'" if option_id else f"{what}: choice"
        nodes.check_keys(path, fields, OPTION_KEYS, report, label_of)
        label = nodes.text(path, fields.get("label"), report, f"{label_of}: label")
        label_en = nodes.text(path, fields.get("label_en"), report, f"{label_of}: label_en")
        where = nodes.where(path, item)
        for key in ("id", "label"):
            if key not in fields:
                report.add(where, f"{label_of}: missing '{key}'")
        if option_id and not OPTION_ID.match(option_id):
            report.add(
                nodes.where(path, fields["id"]),
                f"{label_of}: id must be 2-24 characters a-z, 0-9, '-'",
            )
            continue
        if option_id in seen:
            report.add(where, f"{label_of}: id appears twice (first at {seen[option_id]})")
            continue
        for key, value in (("label", label), ("label_en", label_en)):
            if value and len(value) > MAX_LABEL:
                report.add(
                    nodes.where(path, fields[key]),
                    f"{label_of}: {key} over {MAX_LABEL} characters (it is a button)",
                )
        if option_id and label:
            seen[option_id] = where
            options.append(Option(id=option_id, label=label, label_en=label_en))
    return options


def _entry_ids(path: Path, node: yaml.Node | None, report: nodes.Report) -> list[str]:
    """The entries whose answers offer the sign-up; each must exist."""
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        report.add(nodes.where(path, node), "'button_under' must be a list of entry ids")
        return []
    ids = []
    for item in node.value:
        entry_id = nodes.text(path, item, report, "button_under: entry id")
        if entry_id and entry_id not in report.declared:
            report.add(
                nodes.where(path, item), f"button_under: entry id '{entry_id}' does not exist"
            )
        elif entry_id:
            ids.append(entry_id)
    return ids
