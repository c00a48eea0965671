"""Words people write for the same thing: `synonyms.yaml`, curated as data.

Two lists, both read into one mapping from a folded word to the word the matcher uses
instead, on both sides (the knowledge base's phrasings and keywords, and what people type):

* `spellings`: colloquial and short forms to the standard word, one way ("wat: was",
  "telefonnr: telefonnummer");
* `groups`: words that mean the same here, each mapped to the group's first ("[firma,
  unternehmen, betrieb]").

Validated like the rest of the knowledge base, every problem with file:line: single words
only, no word in two places, nothing mapped to itself. This module parses its own file and
imports nothing of the loader's, so it adds no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from knowledge.text import words

SYNONYMS_FILE = "synonyms.yaml"

Problem = Callable[[str, str], None]  # (where, message)


def load_synonyms(directory: Path, problem: Problem) -> Mapping[str, str]:
    """The mapping of `synonyms.yaml` in `directory` (empty if there is none)."""
    path = directory / SYNONYMS_FILE
    if not path.exists():
        return {}
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem(f"{path.name}:{mark.line + 1 if mark else 0}", f"cannot read: {exc}")
        return {}
    if not isinstance(root, yaml.MappingNode):
        problem(path.name, "must be a mapping with 'spellings:' and 'groups:'")
        return {}
    mapping: dict[str, str] = {}
    where_first: dict[str, str] = {}

    def add(word_node: yaml.Node, target: str, spelling: bool) -> None:
        where = f"{path.name}:{word_node.start_mark.line + 1}"
        word = _one_word(word_node, where, problem)
        if word is None:
            return
        if word in where_first:
            problem(where, f"'{word}' is already listed at {where_first[word]}")
            return
        where_first[word] = where
        if word == target and spelling:
            problem(where, f"'{word}' is mapped to itself")
        elif word != target:
            mapping[word] = target

    for key_node, value_node in root.value:
        key = str(key_node.value)
        where = f"{path.name}:{key_node.start_mark.line + 1}"
        if key == "spellings" and isinstance(value_node, yaml.MappingNode):
            for word_node, target_node in value_node.value:
                here = f"{path.name}:{target_node.start_mark.line + 1}"
                target = _one_word(target_node, here, problem)
                if target is not None:
                    add(word_node, target, spelling=True)
        elif key == "groups" and isinstance(value_node, yaml.SequenceNode):
            for group in value_node.value:
                here = f"{path.name}:{group.start_mark.line + 1}"
                if not isinstance(group, yaml.SequenceNode) or len(group.value) < 2:
                    problem(here, "a group is a list of at least two words: [firma, unternehmen]")
                    continue
                first = _one_word(group.value[0], here, problem)
                if first is not None:
                    for word_node in group.value:
                        add(word_node, first, spelling=False)
        else:
            problem(where, f"unknown or malformed '{key}': expected 'spellings:' and 'groups:'")
    for word, target in mapping.items():  # one step only: "a: b" with "b: c" is a mistake
        if target in mapping:
            problem(where_first[word], f"'{word}' maps to '{target}', which maps on itself")
    return mapping


def _one_word(node: yaml.Node, where: str, problem: Problem) -> str | None:
    """A node's single folded word ("Unternehmen" -> "unternehmen"), or None and a problem."""
    found = words(str(node.value)) if isinstance(node, yaml.ScalarNode) else []
    if len(found) != 1:
        problem(where, f"'{getattr(node, 'value', node)}' must be one word")
        return None
    return found[0]
