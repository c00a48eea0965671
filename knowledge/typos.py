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
# A word the knowledge base does not know is a small word all the same when it is one after
# stemming ("jemandem" -> "jemand") or, from this length on, this close to one ("eigntlich",
# "vieleicht"): closer than a typo of a topic word, as short words differ in few letters
# ("teuer" is no "euer", "dauer" no "dafür", "jährlich" no "ehrlich").
SMALL_TYPO_MIN_LENGTH = 6
SMALL_TYPO_CUTOFF = 90
SMALL_WORDS_REMEMBERED = 10_000  # unknown words whose verdict is remembered


class Typos:
    """The typo look-up over one vocabulary (a list whose positions are the term ids)."""

    def __init__(self, vocabulary: list[str], cutoff: int = FUZZY_CUTOFF) -> None:
        self._vocabulary = vocabulary
        self._cutoff = cutoff
        # per word length: the vocabulary words of a length that can be a typo of it
        self._windows: dict[int, tuple[list[str], list[int]]] = {}

    def of(self, word: str) -> dict[int, float]:
        """The closest few vocabulary words at FUZZY_CUTOFF or above, by id, with their
        similarity (0..1)."""
        window = self._windows.get(len(word))
        if window is None:
            low, high = lengths_within(len(word), self._cutoff)
            ids = [i for i, known in enumerate(self._vocabulary) if low <= len(known) <= high]
            window = self._windows[len(word)] = ([self._vocabulary[i] for i in ids], ids)
        texts, ids = window
        found = [
            (score, ids[position])
            for _, score, position in process.extract(
                word, texts, scorer=fuzz.ratio, score_cutoff=self._cutoff, limit=None
            )
        ]
        closest = sorted(found, key=lambda match: (-match[0], match[1]))[:FUZZY_LIMIT]
        return {term_id: score / 100 for score, term_id in closest}


class SmallWords:
    """Which words a knowledge base does not know are small words all the same (see
    SMALL_TYPO_MIN_LENGTH): as unknown words they weighed as much as a word of another topic,
    and "ey was is eigntlich diese engagierte stadt" went to the team."""

    def __init__(self, stop_words: frozenset[str]) -> None:
        self._words = stop_words
        self._typos = Typos(sorted(stop_words), SMALL_TYPO_CUTOFF)
        self._known: dict[str, bool] = {}  # words asked before (few: only unknown ones come)

    def __contains__(self, word: str) -> bool:
        found = self._known.get(word)
        if found is None:
            if len(self._known) >= SMALL_WORDS_REMEMBERED:
                self._known.clear()
            found = self._known[word] = self._small(word) or (
                # Berlin and Anhalt "j" for "g": "jenau", "kriejt", "jesacht"
                "j" in word and self._small(word.replace("j", "g"))
            )
        return found

    def _small(self, word: str) -> bool:
        return len(word) >= SMALL_TYPO_MIN_LENGTH - 1 and (
            word in self._words
            or (len(word) >= SMALL_TYPO_MIN_LENGTH and bool(self._typos.of(word)))
        )

    def forget(self) -> None:
        """Empty the memory of words asked before."""
        self._known.clear()


def lengths_within(length: int, cutoff: int = FUZZY_CUTOFF) -> tuple[int, int]:
    """The shortest and the longest word that `fuzz.ratio` can find as similar as `cutoff`
    to a word of `length` letters."""
    share = cutoff / 100
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
