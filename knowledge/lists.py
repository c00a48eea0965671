"""Numbered lists of questions: "1. was speichert der bot von mir 2. kann ich das löschen?"
is two questions, each on a line of its own for the reading to cut, the numbers left out.
A date or an ordinal is no item ("1. Mai", "am 2.", "im 3. Stock")."""

from __future__ import annotations

import re

from knowledge.text import fold, words

# "1. … 2. … 3. …" (or "1) … 2) …"): a list of questions, numbered in one line or on several;
# not a date or an ordinal ("1. Mai", "am 9. Dezember", "am 2. Advent", "im 3. Stock", "die 2.
# Klasse") nor "1. FC …" without a "2." after it
_MONTH = (
    r"(?:jan(?:uar)?|feb(?:ruar)?|m(?:ä|ae)rz|apr(?:il)?|mai|jun(?:i)?|jul(?:i)?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?)\b"
)
_LIST_START = re.compile(rf"^\s*1[.)]\s+(?!{_MONTH}|\d)", re.IGNORECASE)
_LIST_ITEMS = [
    re.compile(rf"\s+{number}[.)]\s+(?!{_MONTH}|\d)", re.IGNORECASE) for number in range(2, 10)
]
# a number after these is an ordinal of what follows, not an item's
_ORDINAL_BEFORE = frozenset(
    "am im ab bis zum zur vom von seit um ins die der dem den das des jeden jede ein eine".split()
)


def numbered_list(body: str) -> str:
    """A numbered list with each item on a line of its own, its numbers left out; other text
    as it is. Only the next number in turn starts an item ("2." after "1.", then "3.")."""
    start = _LIST_START.match(body)
    if start is None:
        return body
    rest, items = body[start.end() :], []
    for item in _LIST_ITEMS:
        found = next(
            (f for f in item.finditer(rest) if not _ordinal(rest, f.start(), f.end())), None
        )
        if found is None:
            break
        items.append(rest[: found.start()])
        rest = rest[found.end() :]
    return "\n".join([*items, rest]) if items else body


_ITEM_OPENS = re.compile(
    r"(?:was|wo\w*|wer|wie|wann|warum|wieso|welche\w*|kann|k(?:ö|oe)nnen|gibt|ist|sind|hat|haben"
    r"|muss|darf|bekomme?|brauche?)\b",
    re.IGNORECASE,
)


def _ordinal(text: str, at: int, after: int) -> bool:
    """Whether the number at `at` follows a word that makes it an ordinal ("am 2."), and
    what follows it does not open a question ("… wo ist das 2. was kostet das")."""
    before = words(fold(text[max(0, at - 12) : at]))
    return bool(before) and before[-1] in _ORDINAL_BEFORE and not _ITEM_OPENS.match(text, after)
