"""The matcher on a large knowledge base: pruning never changes the result, and common
words do not flood the candidates."""

from __future__ import annotations

import pytest

from benchmarks import synthetic
from knowledge import KnowledgeBase, Matcher, load


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
