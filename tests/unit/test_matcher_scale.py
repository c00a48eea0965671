"""The matcher on a large knowledge base: pruning never changes the result, and common
words do not flood the candidates."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from rapidfuzz import fuzz, process

from benchmarks import synthetic
from benchmarks.labelled import LETTERS_SET, load_items
from knowledge import KnowledgeBase, Matcher, load
from knowledge.text import terms
from knowledge.typos import FUZZY_CUTOFF, FUZZY_LIMIT, Typos


@pytest.fixture(scope="module")
def large() -> KnowledgeBase:
    """1,000 generated entries in the style of the bundled ones (benchmarks/synthetic.py)."""
    return synthetic.generate(load(), 1_000)


def test_pruned_search_finds_the_same_best_entries_as_scoring_everything(
    large: KnowledgeBase,
) -> None:
    matcher = Matcher(large)
    questions = [
        *synthetic.sample_questions(large, 150),
        "Wie kann ich mich ehrenamtlich engagieren?",
        "Was ist die Engagierte Stadt?",
        "Wo verlängere ich meinen Personalausweis?",
        # a letter far longer than any phrasing: resemblance cannot add to its scores
        "Sehr geehrte Damen und Herren, ich bin seit vielen Jahren in einem Sportverein in"
        " Roßlau aktiv und möchte gern wissen, wie die Engagierte Stadt Vereine bei der Suche"
        " nach Ehrenamtlichen unterstützt und ob es dafür Weiterbildungen gibt. Mit"
        " freundlichen Grüßen",
        # letters as people write them: the best few are decided among many close scores
        *(item.q for item in load_items(LETTERS_SET)[:30]),
    ]
    for question in questions:
        pruned = matcher.search(question, limit=3)
        everything = matcher.search(question, limit=10_000)[:3]  # no early stop possible
        assert [(c.entry.id, c.score) for c in pruned] == [
            (c.entry.id, c.score) for c in everything
        ], question


def test_a_word_in_most_entries_does_not_make_them_all_candidates(large: KnowledgeBase) -> None:
    matcher = Matcher(large)
    assert matcher.common_terms  # this knowledge base has words in over 200 entries
    entry = large.entries[123]
    question = entry.questions[0]
    result = matcher.search(question, limit=3)
    assert result[0].entry.id == entry.id
    # the bundled knowledge base is far too small to have common words
    assert Matcher(load()).common_terms == set()


@pytest.mark.parametrize(
    "word", ["ehrenamtlich", "weiterbilung", "engagemnt", "vereine", "kordinierung", "jugend"]
)
def test_a_typo_finds_the_same_words_as_comparing_the_whole_vocabulary(
    large: KnowledgeBase, word: str
) -> None:
    vocabulary = sorted({t for e in large.entries for q in e.questions for t in terms(q)})
    everything = process.extract(
        word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_LIMIT
    )
    assert everything  # each word has typos in this vocabulary
    assert Typos(vocabulary).of(word) == {
        position: score / 100 for _, score, position in everything
    }


def test_a_question_of_generic_words_is_compared_with_the_entries_holding_them(
    large: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher = Matcher(large)
    questions = [
        "Was ist die Engagierte Stadt?",
        "engagierte stadt??",
        "Seit wann ist Dessau-Roßlau bei der Engagierten Stadt dabei?",
        "Hallo! Ich bin neu in Dessau. Was genau ist diese Engagierte Stadt?",
    ]
    compared: list[int] = []
    resembling = matcher._wordings.resembling

    def counting(folded: str, limit: int, among: Sequence[int] | None = None) -> list[int]:
        compared.append(len(large.entries) if among is None else len(among))
        return resembling(folded, limit, among)

    monkeypatch.setattr(matcher._wordings, "resembling", counting)
    pruned = [[c.entry.id for c in matcher.search(q, limit=3)] for q in questions]
    # only some of the 1,000 entries are compared with each question …
    assert compared and all(0 < n < len(large.entries) for n in compared)
    # … and the best entries are those of comparing every phrasing
    monkeypatch.setattr(matcher, "_holding_all", lambda _terms: None)
    assert pruned == [[c.entry.id for c in matcher.search(q, limit=3)] for q in questions]
