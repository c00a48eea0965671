"""Find the entry a citizen means, and decide whether to answer, suggest or hand off.

How a question is scored against an entry (all of an entry's phrasings, titles and keywords
are indexed once, when the matcher is built):

* Both sides go through the same processor (`knowledge.text.terms`): case and umlaut folding,
  punctuation and stop words removed, light stemming.
* Every query term is matched to the vocabulary: exactly, by typo (knowledge/typos.py), or as
  part of a compound ("Ehrenamtskultur" contains "ehrenamt"); a word found only by its first
  part counts for the share of it that part explains ("Personalausweis" is no "Person").
* Terms weigh by rarity (inverse document frequency over entries). Generic words ("Stadt",
  "Dessau", "Bildung") weigh little, and words the knowledge base has never seen weigh a lot:
  "Wo verlängere ich meinen Personalausweis in Dessau?" shares only "Dessau" with the entries,
  so it is not a match.
* Generic words are never stretched to compounds: "Stadt" does not find "Stadtteil".
* Three features per entry, each 0..1, blended with `Weights`:
  `query_cover`: how much of the question's weight the entry's words explain;
  `phrase_cover`: how much of the entry's best phrasing (question or title; keywords only
  widen the vocabulary) the question contains;
  `resemblance`: rapidfuzz `token_sort_ratio` of the whole folded question to the closest
  phrasing, stop words included. An entry must explain the question *and* resemble one.

`decide` (knowledge/decision.py) turns the ranked candidates into an outcome with named
thresholds, chosen on the seen sets and measured on the held-out one (`make eval`).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from operator import mul

from knowledge.decision import (
    FURTHER_LANGUAGES,
    Candidate,
    Decision,
    Thresholds,
    decide,
    names_one,
)
from knowledge.languages import SPEECH
from knowledge.model import INLINE_LANGUAGES, SMALL_TALK, Entry, KnowledgeBase
from knowledge.text import GENERIC_TERMS, detect_language, terms, words
from knowledge.typos import SmallWords, Typos, ratio_bound
from knowledge.wording import RESEMBLANCE_FLOOR, Wordings

MAX_QUERY_CHARS = 1000  # longer messages are read up to here; the rest cannot change the topic
MAX_QUERY_TERMS = 24
FUZZY_MIN_LENGTH = 5  # shorter words match exactly: "kita" is no "kind", "offe(n)" no "offer"
PREFIX_MIN_LENGTH = 5  # compound parts shorter than this are not trusted
PREFIX_LIMIT = 8  # compounds a query word may stand for, the shortest first
PREFIX_BASE = 0.55  # a compound part scores between this and 1.0, by its share of the word
GENERIC_WEIGHT = 0.2
UNKNOWN_WEIGHT_FACTOR = 0.8  # an unknown word weighs this share of the rarest known word
GENERIC_CANDIDATES = 50  # entries considered for a question of only generic or common words
# A word in more entries than this is common: it counts for the entries found through rarer
# words, but it does not make every entry that contains it a candidate. Only large knowledge
# bases have such words (the bundled one has none).
COMMON_ENTRIES = 200
COMMON_SHARE = 0.02
ROUNDING = 1e-4  # scores are rounded to 4 places: a bound keeps this much room
TERM_CACHE_SIZE = 20_000  # query words whose matches are remembered (then forgotten at once)
TELLING_SIMILARITY = 0.85  # a query word this close to an entry's word is a shared word


@dataclass(frozen=True, slots=True)
class Weights:
    """How the three features (each 0..1) add up to an entry's score; they sum to 1."""

    query_cover: float = 0.6  # the question's weight that the entry's words explain
    phrase_cover: float = 0.2  # the entry's best phrasing that the question contains
    resemblance: float = 0.2  # the whole question against its closest phrasing


@dataclass(frozen=True, slots=True)
class _Phrasing:
    text: str
    weighted: tuple[tuple[int, float], ...]  # distinct term ids with their weights
    weight: float  # their sum


@dataclass(slots=True)
class _QueryTerm:
    matches: dict[int, float]  # vocabulary term id -> similarity 0..1
    weight: float
    generic: bool


class Matcher:
    """An index over one knowledge base; build once, query many times."""

    def __init__(
        self,
        kb: KnowledgeBase,
        thresholds: Thresholds | None = None,
        weights: Weights | None = None,
        language: str = "de",
    ) -> None:
        self.kb = kb
        # German and English share one index; every further language has its own, of its own
        # phrasings, read with its own stop words and stemmer (languages.py)
        self.language = "de" if language in INLINE_LANGUAGES else language
        self.speech = SPEECH[self.language]
        synonyms = kb.synonyms if self.language == "de" else {}
        self._read = partial(terms, synonyms=synonyms, speech=self.speech)  # any text
        self.cues = kb.cues.get(self.language)  # how a message in that language is read
        # words in almost every question ("Stadt", "Dessau"; "المدينه", "Дессау"): they weigh little
        self._generic = GENERIC_TERMS | {
            term for word in (self.cues.generic if self.cues else ()) for term in self._read(word)
        }
        further = self.language != "de"
        self.thresholds = thresholds or (FURTHER_LANGUAGES if further else Thresholds())
        self.weights = weights or Weights()
        self._entries = list(kb.entries)
        # small-talk entries that may crowd the top candidates (see decide)
        small_talk = sum(entry.category == SMALL_TALK for entry in self._entries)
        self._small_talk = min(small_talk, self.thresholds.max_suggestions)
        self._vocab: dict[str, int] = {}
        self._term_cache: dict[str, dict[int, float]] = {}
        self._postings: list[set[int]] = []
        self._prefixes: dict[str, list[int]] = defaultdict(list)
        phrasings_terms: list[list[tuple[str, list[int]]]] = []
        # Each phrasing's folded words in sorted order: rapidfuzz's token_sort_ratio is fuzz.ratio
        # on exactly these strings, so they are sorted once here instead of at every question.
        self._wordings = Wordings()
        self._entry_terms: list[set[int]] = []  # each entry's vocabulary
        self._names: list[tuple[frozenset[str], Entry]] = []  # each name's terms, and its entry
        for index, entry in enumerate(self._entries):
            phrasings, keywords = entry.phrasings_in(self.language)
            per_entry = []
            sorted_texts = []
            for text in phrasings:
                ids = [self._term_id(term) for term in self._read(text)]
                per_entry.append((text, ids))
                sorted_texts.append(" ".join(sorted(words(text))))
            self._wordings.add(sorted_texts)
            for keyword in keywords:  # keywords widen the vocabulary, they are no phrasing
                per_entry.append(("", [self._term_id(term) for term in self._read(keyword)]))
            vocabulary = {term_id for _, ids in per_entry for term_id in ids}
            for term_id in vocabulary:
                self._postings[term_id].add(index)
            self._entry_terms.append(vocabulary)
            self._names += [(frozenset(self._read(name)), entry) for name in entry.names]
            phrasings_terms.append([(text, ids) for text, ids in per_entry if text])
        self._terms = list(self._vocab)
        self._typos = Typos(self._terms)  # compares only words of a length that can match
        self._small_words = SmallWords(self.speech.stop_words)
        count = len(self._entries)
        self._idf = [
            math.log(1 + count / len(posting)) * (GENERIC_WEIGHT if term in self._generic else 1)
            for term, posting in zip(self._terms, self._postings, strict=True)
        ]
        self._unknown_weight = max(self._idf, default=1.0) * UNKNOWN_WEIGHT_FACTOR
        common = max(COMMON_ENTRIES, COMMON_SHARE * count)
        self._common = {i for i, posting in enumerate(self._postings) if len(posting) > common}
        for term, term_id in sorted(self._vocab.items(), key=lambda item: len(item[0])):
            if term in self._generic:
                continue
            for cut in range(PREFIX_MIN_LENGTH, len(term)):
                if term[:cut] not in self._generic:
                    self._prefixes[term[:cut]].append(term_id)  # shortest compounds first
        self._phrasings = [
            [
                _Phrasing(
                    text,
                    tuple((i, self._idf[i]) for i in set(ids)),
                    sum(self._idf[i] for i in set(ids)),
                )
                for text, ids in per_entry
                if ids
            ]
            for per_entry in phrasings_terms
        ]
        # (term id, entry) -> (phrasing, weight) of the entry's phrasings with that term: a
        # question's phrase cover is summed over the phrasings that share its words, not all
        self._phrase_postings: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
        for index, entry_phrasings in enumerate(self._phrasings):
            for number, phrasing in enumerate(entry_phrasings):
                for term_id, weight in phrasing.weighted:
                    self._phrase_postings[term_id, index].append((number, weight))

    def terms(self, text: str) -> list[str]:
        """A question's terms as this index reads them; an unknown word that is a small word
        all the same ("eigntlich", knowledge/typos.py) is left out, unless all are."""
        found = self._read(text)
        kept = [t for t in found if self._match_term(t) or t not in self._small_words]
        return kept or found

    def _term_id(self, term: str) -> int:
        term_id = self._vocab.get(term)
        if term_id is None:
            term_id = self._vocab[term] = len(self._vocab)
            self._postings.append(set())
        return term_id

    @property
    def common_terms(self) -> set[str]:
        """Words in so many entries that they find no candidates on their own."""
        return {self._terms[term_id] for term_id in self._common}

    @property
    def vocabulary_size(self) -> int:
        """How many distinct terms the index knows."""
        return len(self._terms)

    def _match_term(self, term: str) -> dict[int, float]:
        """Vocabulary terms similar to one query term, with their similarity (remembered: a
        word is looked up once per index, however often people write it, and a plan that
        asks about a part twice pays once)."""
        found = self._term_cache.get(term)
        if found is None:
            if len(self._term_cache) >= TERM_CACHE_SIZE:
                self._term_cache.clear()
            found = self._term_cache[term] = self._look_up(term)
        return found

    def forget_words(self) -> None:
        """Empty the memory of looked-up words (for benchmarks that time cold look-ups)."""
        self._term_cache.clear()
        self._small_words.forget()

    def _look_up(self, term: str) -> dict[int, float]:
        found: dict[int, float] = {}
        exact = self._vocab.get(term)
        if exact is not None:
            found[exact] = 1.0
        elif len(term) >= FUZZY_MIN_LENGTH:
            found.update(self._typos.of(term))
        if len(term) >= PREFIX_MIN_LENGTH and term not in self._generic:
            # The query word is the start of a longer known word ("ehrenamt" -> "ehrenamtskultur")
            # (the closest few: in a large knowledge base "verein" starts a hundred compounds)
            for term_id in self._prefixes.get(term, ())[:PREFIX_LIMIT]:
                share = len(term) / len(self._terms[term_id])
                found.setdefault(term_id, PREFIX_BASE + (1 - PREFIX_BASE) * share)
            # A known word is the start of the query word ("ehrenamtskoordination" -> "ehrenamt"),
            # as similar as the share it explains: the rest of the word is unknown, and
            # "personalausweis" is not about a "person"
            for cut in range(PREFIX_MIN_LENGTH, len(term)):
                part_id = self._vocab.get(term[:cut])
                if part_id is not None and term[:cut] not in self._generic:
                    found.setdefault(part_id, cut / len(term))
        return found

    def generic(self, term: str) -> bool:
        """Whether a term is one of the words in almost every question ("stadt", "дессау")."""
        return term in self._generic

    def named(self, text: str) -> list[Entry]:
        """The entries whose name `text` holds, every word of it ("Eine Hebamme erwähnte
        „Frühe Bildung, Frühe Chancen“"); a name found inside a longer one counts once, and a
        name of generic words only ("Engagierte Stadt") when no other is there."""
        found = set(self.terms(text[:MAX_QUERY_CHARS]))
        hits = [(terms, entry) for terms, entry in self._names if terms and terms <= found]
        if any(not terms <= self._generic for terms, _ in hits):
            # the programme's name frames a telling one ("Ehrenamtskultur bei der …")
            hits = [(terms, entry) for terms, entry in hits if not terms <= self._generic]
        longest = [entry for terms, entry in hits if not any(terms < other for other, _ in hits)]
        return list(dict.fromkeys(longest))

    def knows(self, word: str) -> bool:
        """Whether the vocabulary holds a word exactly that is not a small word: "stadt",
        "telefon" in a Russian question in Latin letters (not "gorod", a typo away from
        "good")."""
        found = set(self.terms(word))
        small = len(word) <= 2 or word in self.speech.stop_words
        return not small and bool(found) and found <= self._vocab.keys()

    def unknown_terms(self, text: str) -> list[str]:
        """The terms of `text` the knowledge base knows nothing like (not even a typo or a
        compound away): "kino" in "Was läuft heute im Kino?"."""
        return [
            term
            for term in self.terms(text[:MAX_QUERY_CHARS])[:MAX_QUERY_TERMS]
            if not self._match_term(term)
        ]

    def _query_terms(self, query: str) -> list[_QueryTerm]:
        result = []
        for term in self.terms(query[:MAX_QUERY_CHARS])[:MAX_QUERY_TERMS]:
            matches = self._match_term(term)
            if matches:
                best = max(matches, key=lambda i: (matches[i], self._idf[i]))
                weight = self._idf[best]
                generic = self._terms[best] in self._generic
            else:
                generic = term in self._generic
                weight = self._unknown_weight * (GENERIC_WEIGHT if generic else 1)
            result.append(_QueryTerm(matches, weight, generic))
        return result

    def _holding_all(self, query_terms: list[_QueryTerm]) -> list[int] | None:
        """The entries that hold a word of each of the question's known words, in index
        order: a question of only generic words is compared with their phrasings only, not
        with every phrasing of a large knowledge base. None (compare with all) when no entry
        holds them all, or the question has no known word."""
        held: set[int] | None = None
        for q in query_terms:
            if q.matches:
                these = set().union(*(self._postings[term_id] for term_id in q.matches))
                held = these if held is None else held & these
                if not held:
                    return None
        return sorted(held) if held else None

    def search(self, query: str, limit: int = 5) -> list[Candidate]:
        """The best-matching entries for a question, best first (empty when nothing matches)."""
        return self._search(query, self._query_terms(query), limit)

    def _search(
        self,
        query: str,
        query_terms: list[_QueryTerm],
        limit: int,
        skip: frozenset[str] = frozenset(),
    ) -> list[Candidate]:
        """Score the candidate entries and keep the best `limit`.

        Candidates are the entries that share a telling word with the question; a question of
        only generic words has as candidates the entries whose phrasings resemble it. Entries
        are scored in order of how much of the question they explain, and scoring stops once
        even a perfect phrase cover and resemblance could not reach the best `limit`: a large
        knowledge base costs little more than a small one.
        """
        total = sum(q.weight for q in query_terms)
        if not total:
            return []
        folded = " ".join(sorted(words(query[:MAX_QUERY_CHARS])))
        width = len(query_terms)
        # entry index -> best similarity per query term; telling terms walk their postings
        per_entry: dict[int, list[float]] = {}
        telling: set[int] = set()  # entries sharing a telling word (not generic, not common)
        for position, q in enumerate(query_terms):
            if q.generic:
                continue
            for term_id, sim in q.matches.items():
                if term_id in self._common:
                    continue
                if sim >= TELLING_SIMILARITY:
                    telling.update(self._postings[term_id])
                for index in self._postings[term_id]:
                    sims = per_entry.get(index)
                    if sims is None:
                        sims = per_entry[index] = [0.0] * width
                    if sim > sims[position]:
                        sims[position] = sim
        if not per_entry and all(  # only generic or common words: the wording has to decide
            q.generic or (q.matches and self._common.issuperset(q.matches)) for q in query_terms
        ):
            among = self._holding_all(query_terms)
            close = self._wordings.resembling(folded, GENERIC_CANDIDATES, among)
            per_entry = {i: [0.0] * width for i in close}
        # generic and common words are in thousands of entries: only the candidates count
        frequent = [
            (position, {t: s for t, s in q.matches.items() if q.generic or t in self._common})
            for position, q in enumerate(query_terms)
        ]
        candidates = per_entry.keys()
        for position, matches in frequent:
            for term_id, sim in matches.items():
                # only the candidates holding the word, found in C (the smaller side is walked)
                for index in candidates & self._postings[term_id]:
                    sims = per_entry[index]
                    if sim > sims[position]:
                        sims[position] = sim
        term_weights = [q.weight for q in query_terms]
        covers = [
            (-sum(map(mul, term_weights, sims)) / total, index)
            for index, sims in per_entry.items()
            if not (skip and self._entries[index].id in skip)
        ]
        term_sim: dict[int, float] = {}  # vocabulary term -> best similarity to any query term
        for q in query_terms:
            for term_id, sim in q.matches.items():
                term_sim[term_id] = max(term_sim.get(term_id, 0.0), sim)
        covers.sort()  # the most explained first (negated), then in index order
        weights = self.weights
        # the most the other two features can add (a long letter resembles no short phrasing)
        spare = weights.phrase_cover + weights.resemblance * ratio_bound(
            len(folded), self._wordings.longest_of_all, RESEMBLANCE_FLOOR
        )
        top: list[tuple[float, int, float, float, str, float]] = []  # a min-heap of the best
        for uncovered, index in covers:
            query_cover = -uncovered
            reach = weights.resemblance  # the most resemblance can add to this entry
            if len(top) >= limit:
                bound = weights.query_cover * query_cover + ROUNDING
                if bound + spare < top[0][0]:
                    break  # the rest explain even less of the question
                longest = self._wordings.longest[index]
                reach = weights.resemblance * ratio_bound(len(folded), longest, RESEMBLANCE_FLOOR)
                if bound + weights.phrase_cover + reach < top[0][0]:
                    continue  # not even with its best phrasing contained whole
            phrase_cover, phrasing = 0.0, ""
            phrasings = self._phrasings[index]
            for number, covered in self._phrase_sums(index, term_sim).items():
                p = phrasings[number]
                if covered > phrase_cover * p.weight:
                    phrase_cover, phrasing = covered / p.weight, p.text
            known = weights.query_cover * query_cover + weights.phrase_cover * phrase_cover
            if len(top) >= limit and known + reach + ROUNDING < top[0][0]:
                continue  # even its closest possible wording would not reach the best `limit`
            # an entry that cannot enter the best `limit` needs no exact resemblance
            needed = 0.0
            if len(top) >= limit and weights.resemblance:
                needed = (top[0][0] - known - ROUNDING) / weights.resemblance
            resembles = self._wordings.resemblance(folded, index, needed)
            if needed > 0 and not resembles:
                continue
            score = round(
                weights.query_cover * query_cover
                + weights.phrase_cover * phrase_cover
                + weights.resemblance * resembles,
                4,
            )
            item = (score, -index, query_cover, phrase_cover, phrasing, resembles)
            if len(top) < limit:
                heapq.heappush(top, item)
            elif item > top[0]:
                heapq.heapreplace(top, item)
        return [
            Candidate(self._entries[-neg], score, qc, pc, phrasing, res, -neg in telling)
            for score, neg, qc, pc, phrasing, res in sorted(top, reverse=True)
        ]

    def _phrase_sums(self, index: int, term_sim: dict[int, float]) -> dict[int, float]:
        """How much of each of an entry's phrasings the question covers (weight × similarity
        of the shared terms), for the phrasings that share any."""
        sums: dict[int, float] = {}
        for term_id in self._entry_terms[index].intersection(term_sim):  # a few, found in C
            sim = term_sim[term_id]
            for number, weight in self._phrase_postings.get((term_id, index), ()):
                sums[number] = sums.get(number, 0.0) + weight * sim
        return sums

    def ask(self, query: str, skip: frozenset[str] = frozenset()) -> Decision:
        """Search and decide in one step: what the bot does with this question. Entries whose
        ids are in `skip` are not considered (the calendar for a question about the past)."""
        query_terms = self._query_terms(query)
        # decide() looks at the best, the runner-up and the suggestions (never small talk)
        limit = max(2, self.thresholds.max_suggestions) + self._small_talk
        candidates = self._search(query, query_terms, limit, skip)
        only_generic = bool(query_terms) and all(q.generic for q in query_terms)
        if only_generic and candidates and names_one(candidates):
            only_generic = False
        lang = detect_language(query) if self.language == "de" else self.language
        known = all(q.matches for q in query_terms)  # no word the knowledge base does not know
        return decide(candidates, self.thresholds, lang, only_generic, known, len(query_terms))
