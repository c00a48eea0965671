"""How closely a whole question is worded like an entry's phrasings (rapidfuzz).

The matcher (knowledge/matcher.py) scores an entry by the words it shares with a question and
by how closely the whole question resembles the entry's closest phrasing: `fuzz.ratio` on the
folded words in sorted order (rapidfuzz's token_sort_ratio, with the phrasings sorted once
when the index is built). For a question of only generic or very common words ("Was ist die
Engagierte Stadt?") the wording alone finds the candidates: `resembling`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from rapidfuzz import fuzz, process

RESEMBLANCE_FLOOR = 50  # token_sort_ratio below this says nothing
MAX_PHRASINGS_GUESS = 4  # phrasings fetched per wanted entry (several may be one entry's)


class Wordings:
    """Every entry's phrasings as sorted folded words, for whole-question comparison."""

    def __init__(self) -> None:
        self._texts: list[str] = []  # every phrasing
        self._owner: list[int] = []  # the entry index of each
        self._per_entry: list[list[str]] = []  # each entry's phrasings
        self._start: list[int] = [0]  # where each entry's phrasings start in _texts (and end)
        self.longest: list[int] = []  # the length of each entry's longest phrasing
        self.longest_of_all = 0  # the longest phrasing's length

    def add(self, texts: list[str]) -> None:
        """The next entry's phrasings (sorted folded words each)."""
        index = len(self._per_entry)
        self._texts += texts
        self._owner += [index] * len(texts)
        self._per_entry.append(texts)
        self._start.append(len(self._texts))
        self.longest.append(max(map(len, texts), default=0))
        self.longest_of_all = max(self.longest_of_all, self.longest[-1])

    def resembling(self, folded: str, limit: int, among: Sequence[int] | None = None) -> list[int]:
        """Entries with a phrasing close to the whole question, closest first: among the
        entries `among` when given (one rapidfuzz batch call over their phrasings), else
        among all."""
        texts: list[str] = self._texts
        owners: Sequence[int] | _Owners = self._owner
        if among is not None:  # their phrasings, a slice each (thousands of entries at 10,000)
            texts, ends = [], []
            for index in among:
                texts += self._texts[self._start[index] : self._start[index + 1]]
                ends.append(len(texts))
            owners = _Owners(among, ends)
        found = process.extract(
            folded,
            texts,
            scorer=fuzz.ratio,
            score_cutoff=RESEMBLANCE_FLOOR,
            limit=limit * MAX_PHRASINGS_GUESS,
        )
        return list(dict.fromkeys(owners[position] for _, _, position in found))[:limit]

    def resemblance(self, folded: str, index: int, at_least: float = 0.0) -> float:
        """How closely the whole question resembles entry `index`'s closest phrasing (0..1);
        0 when below `at_least` (rapidfuzz gives up early on a phrasing that cannot reach it).

        Stop words stay in here: "Was ist die Engagierte Stadt?" and "Was will die Engagierte
        Stadt?" differ only in them.
        """
        cutoff = max(RESEMBLANCE_FLOOR, at_least * 100)
        best = process.extractOne(
            folded, self._per_entry[index], scorer=fuzz.ratio, score_cutoff=cutoff
        )
        return best[1] / 100 if best else 0.0


class _Owners:
    """The entry of each phrasing in a batch of some entries' phrasings: `ends[k]` is where
    the phrasings of `among[k]` end."""

    def __init__(self, among: Sequence[int], ends: list[int]) -> None:
        self._among, self._ends = among, ends

    def __getitem__(self, position: int) -> int:
        return self._among[bisect_right(self._ends, position)]
