"""The matcher: normalisation, scoring and the three decisions, on a small fixed knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import Candidate, KnowledgeBase, Matcher, Outcome, Thresholds, load
from knowledge.matcher import decide
from knowledge.text import detect_language, fold, terms
from tests.test_knowledge_loader import kb_dir  # noqa: F401 - fixture

ENTRIES = """\
entries:
  - id: bildung-fruehe-chancen
    category: bildung
    title: Frühe Bildung, Frühe Chancen
    questions:
      - Was ist Frühe Bildung, Frühe Chancen?
      - Gibt es Beratung für Familien mit kleinen Kindern?
    keywords: [familienbildung, familienberatung]
    answer: Familienbildung und -beratung.
  - id: bildung-jbz
    category: bildung
    title: Jugend.Berufs.Zentrum
    questions:
      - Was ist das Jugend.Berufs.Zentrum?
      - Wo bekomme ich Berufsberatung als junger Mensch?
    keywords: [jbz, jugendberufszentrum, karriereberatung]
    answer: Beratung unter einem Dach.
  - id: bildung-weiterbildung
    category: bildung
    title: Initiative Weiterbildung
    questions:
      - Welche Weiterbildung gibt es in Dessau-Roßlau?
    keywords: [fortbildung, qualifizierung]
    answer: Weiterbildung in allen Branchen.
  - id: engagement-mitmachen
    category: engagement
    title: Mitmachen
    questions:
      - Wie kann ich mich ehrenamtlich engagieren?
      - How can I volunteer?
    keywords: [ehrenamt, freiwillig, volunteering]
    answer: Melden Sie sich bei uns.
  - id: engagement-ehrenamtskultur
    category: engagement
    title: Ehrenamtskultur
    questions:
      - Was bedeutet Ehrenamtskultur?
    keywords: [engagementkultur]
    answer: Eine Kultur des Ehrenamts.
  - id: kontakt-stelle
    category: kontakt
    title: Kontakt
    questions:
      - Wie erreiche ich die Koordinierungsstelle in Dessau?
    keywords: [telefon, email, ansprechpartner]
    answer: Schreiben Sie uns.
"""


@pytest.fixture
def kb(kb_dir: Path) -> KnowledgeBase:  # noqa: F811 - the fixture imported above
    (kb_dir / "a.yaml").write_text(ENTRIES, encoding="utf-8")
    return load(kb_dir)


@pytest.fixture
def matcher(kb: KnowledgeBase) -> Matcher:
    return Matcher(kb)


def test_fold_makes_umlauts_and_sharp_s_equivalent() -> None:
    assert fold("Frühe Roßlau") == fold("fruehe ROSSLAU") == "fruehe rosslau"
    assert terms("Jugend.Berufs.Zentrum!!") == terms("jugend berufs zentrum")


def test_stop_words_go_but_a_question_of_only_stop_words_keeps_them() -> None:
    assert terms("Was ist die Engagierte Stadt?") == ["engagiert", "stadt"]
    assert terms("Wer bist du?") != []


def test_language_detection() -> None:
    assert detect_language("How can I volunteer in Dessau?") == "en"
    assert detect_language("Wie kann ich helfen?") == "de"
    assert detect_language("JBZ") is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Was ist Frühe Bildung, Frühe Chancen?", "bildung-fruehe-chancen"),
        ("fruehe chancen", "bildung-fruehe-chancen"),  # umlaut spelled out
        ("FRÜHE CHANCEN!!!", "bildung-fruehe-chancen"),  # case, punctuation
        ("jbz", "bildung-jbz"),  # keyword
        ("Jugendberufszentrum Öffnung", "bildung-jbz"),  # compound keyword, extra word
        ("weiterbilung in dessau", "bildung-weiterbildung"),  # typo
        ("ehrenamtlich engagieren", "engagement-mitmachen"),
        ("how can i volunteer", "engagement-mitmachen"),  # English
    ],
)
def test_paraphrases_typos_and_spellings_find_the_entry(
    matcher: Matcher, question: str, expected: str
) -> None:
    assert matcher.search(question)[0].entry.id == expected


def test_a_clear_question_is_answered(matcher: Matcher) -> None:
    decision = matcher.ask("Was ist das Jugend.Berufs.Zentrum?")
    assert decision.outcome is Outcome.ANSWER
    assert [c.entry.id for c in decision.candidates] == ["bildung-jbz"]


def test_only_a_place_name_in_common_is_not_a_match(matcher: Matcher) -> None:
    decision = matcher.ask("Wo verlängere ich meinen Personalausweis in Dessau?")
    assert decision.outcome is Outcome.HANDOFF


def test_only_a_generic_word_is_never_answered(matcher: Matcher) -> None:
    assert matcher.ask("Bildung in Dessau-Roßlau").outcome is not Outcome.ANSWER


def test_nonsense_is_handed_off(matcher: Matcher) -> None:
    for question in ("asdfghjkl", "Привет, как дела?", "12345"):
        assert matcher.ask(question).outcome is Outcome.HANDOFF, question


def test_rare_words_weigh_more_than_common_ones(matcher: Matcher) -> None:
    # "ehrenamt" occurs in two entries, "engagementkultur" in one: the rare word decides.
    assert (
        matcher.search("Ehrenamt und Engagementkultur")[0].entry.id == "engagement-ehrenamtskultur"
    )


def test_search_reports_the_phrasing_that_matched(matcher: Matcher) -> None:
    best = matcher.search("Beratung für Familien mit kleinen Kindern")[0]
    assert best.entry.id == "bildung-fruehe-chancen"
    assert best.phrasing == "Gibt es Beratung für Familien mit kleinen Kindern?"
    assert 0 < best.score <= 1


def test_very_long_input_is_cut_not_crashed(matcher: Matcher) -> None:
    assert matcher.ask("Ehrenamt " * 5000).outcome in set(Outcome)


def _candidate(kb: KnowledgeBase, entry_id: str, score: float) -> Candidate:
    return Candidate(kb.by_id[entry_id], score, score, score, "")


def test_decide_answers_only_a_clear_winner(kb: KnowledgeBase) -> None:
    th = Thresholds(answer=0.7, margin=0.1, suggest=0.4, spread=0.25)
    jbz, wb, ff = "bildung-jbz", "bildung-weiterbildung", "bildung-fruehe-chancen"
    clear = decide([_candidate(kb, jbz, 0.9), _candidate(kb, wb, 0.75)], th)
    assert clear.outcome is Outcome.ANSWER
    close = decide(
        [_candidate(kb, jbz, 0.9), _candidate(kb, wb, 0.85), _candidate(kb, ff, 0.5)], th
    )
    assert close.outcome is Outcome.SUGGEST
    assert [c.entry.id for c in close.candidates] == [jbz, wb]  # 0.5 is too far behind
    weak = decide([_candidate(kb, jbz, 0.35)], th)
    assert weak.outcome is Outcome.HANDOFF
    assert decide([], th).outcome is Outcome.HANDOFF
    generic = decide([_candidate(kb, jbz, 0.95)], th, only_generic=True)
    assert generic.outcome is Outcome.SUGGEST


def test_suggestions_are_capped_at_three(kb: KnowledgeBase) -> None:
    ids = ["bildung-jbz", "bildung-weiterbildung", "bildung-fruehe-chancen", "kontakt-stelle"]
    decision = decide([_candidate(kb, i, 0.6) for i in ids], Thresholds())
    assert decision.outcome is Outcome.SUGGEST
    assert len(decision.candidates) == 3
