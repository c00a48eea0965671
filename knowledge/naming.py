"""A question what a named thing is: "Eine Hebamme erwähnte „Frühe Bildung, Frühe Chancen“. Was
genau ist das?", "Ich habe von der „Engagierten Stadt“ gelesen. Könnten Sie mir erklären, was
das für ein Programm ist?", "Что такое эта Dialogveranstaltung?".

Entries declare the names the source gives the thing they are about (`names:`). When a
question asks what something is (`asks_what_it_is` below; further languages
by their `what_is:` words), the thing is named in the question or in the statements before it
(the nearest first), exactly one entry carries that name, and the question has at most two
words of its own that find no entry alone and no unknown noun, it is that entry's question.
Pure: the plan (knowledge/plan.py) calls it for a question that found no answer, or one
that only points back (`points_back`: "Was steht da drin?"). A question that names one
entry far ahead of the next topic is answered with it, what-is or not (`named_best`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set

from knowledge.cues import Cues
from knowledge.decision import Candidate, Decision, Outcome
from knowledge.matcher import Matcher
from knowledge.model import SMALL_TALK, Entry
from knowledge.reading import cut, sentences
from knowledge.text import GENERIC_TERMS, STOP_WORDS, fold, stem, words

MAX_WORDS_AROUND_A_NAME = 2  # "Was verbirgt sich (in wenigen Worten) dahinter?"
# "Was ist das (bei der Engagierten Stadt)?" points back to the story; in "Was ist das
# Programm …?" "das" is an article: the pronoun stands alone, at the end or before a particle
# or a preposition
_POINTS_BACK = re.compile(
    r"\b(?:ist|bedeutet|heisst|meint|is|means?)\s+(?:das|dies|dieses|es|that|this|it)"
    r"(?=\s*(?:$|[?!.,;:]|(?:denn|genau|eigentlich|ueberhaupt|bei|beim|in|im|an|am|fuer|mit"
    r"|von|vom|zu|zum|zur|ueber|for|about|at|in|with)\b))"
)
# Words of such a question that name no topic of their own
WHAT_IT_IS_WORDS = frozenset(
    """ist sind war bedeutet bedeutung heisst meint gemeint verbirgt verbergen steckt stecken
    dahinter genau eigentlich ueberhaupt erklaeren erklaert erlaeutern begriff wort programm
    projekt initiative sache ding kurz damit mean means stand stands about explain versteht
    verstehen versteh vorstellen anfangen unter worum geht ging handelt wat is isn sagen hat
    hatte koennen koennten""".split()
)
# "Was ist das?", "Was verbirgt sich dahinter?", "Was heißt das denn?", "Könnten Sie mir
# erklären, was das für ein Programm ist?", "What is it?", "What does LoI stand for?"
_IS = (
    "ist|sind|war|bedeutet|bedeuten|heisst|meint|verbirgt|steckt|dahinter\\w*"  # dahintersteckt
    "|soll\\s+das|hat\\s+es\\s+(?:da)?mit|is|isn"  # "wat is n LoI", "… damit auf sich"
    "|steht\\s+(?:da\\s+|denn\\s+)*(?:drin|darin)"  # "Was steht da drin?"
)
_WHAT_IT_IS = re.compile(
    rf"^\W*(?:(?:und|aber|also|and|so|hae|na|ey|hm+|aeh)\W+)?"  # "hä, was is n das?"
    rf"(?:(?:was|wat)\s+(?:(?:genau|eigentlich|denn|ueberhaupt)\s+)*"
    rf"(?:{_IS})|worum\s+(?:geht|handelt)|what\s+(?:exactly\s+)?(?:is|are|does))\b"
    rf"|\b(?:erklaer|erlaeuter|explain)\w*\b.*\b(?:was|what)\b.*\b(?:{_IS}|are|means?)\b"
    # "Was versteht die Stadt unter …?", "Was kann ich mir unter … vorstellen?", "… worum es
    # bei … geht", "… kann damit nichts anfangen"
    rf"|\bwas\s+(?:versteh\w*|kann\s+ich\s+mir|soll\s+ich\s+mir)\b.*\bunter\b"
    # "… was unter einer „Engagierten Stadt“ zu verstehen ist", "was man unter … versteht"
    rf"|\bwas\s+(?:man\s+)?unter\b[^.?!]{{0,200}}?\b(?:versteh\w*|zu\s+verstehen)\b"
    rf"|\bworum\s+(?:es\s+)?(?:(?:an|bei|in|auf)\s+(?:dem|der|diesem|dieser)\s+(?:[\w-]+\s+){{1,5}}?)?"
    rf"(?:geht|ging|handelt)\b|\bnichts\s+(?:vorstellen|anfangen)\b"  # "… worum es an dem Tag ging"
    # "… was es damit auf sich hatte?"
    rf"|\bwas\s+es\s+(?:da)?mit\s+auf\s+sich\s+(?:hat|hatte)\b"
    # asking to have "das" explained: "Könnten Sie mir das (in ein paar Sätzen) erklären?"
    rf"|\b(?:das|dies)\s+(?:[^\s.?!]+\s+){{0,4}}?(?:erklaer|erlaeuter)\w*\W*$"
    rf"|^\W*(?:erklaer|erlaeuter)\w*\s+(?:sie\s+|du\s+)?(?:mir\s+|uns\s+)?(?:das|dies)\b",
    re.IGNORECASE,
)

_LAST_CLAUSE = re.compile(r"\s[–—-]\s|:\s")  # a dash or a colon between a story and a question


def asks_what_it_is(text: str, cues: Cues | None = None) -> str | None:
    """The words of `text`'s last sentence besides those that ask what something is, when it
    asks that ("Was verbirgt sich dahinter?", "Что такое эта Dialogveranstaltung?"); else
    None."""
    said = sentences(text)
    if not said:
        return None
    folded = fold(said[-1])
    if cues is None:  # the German and English words asking it are WHAT_IT_IS_WORDS
        clause = _LAST_CLAUSE.split(said[-1])[-1]  # "Ich hab von … gehört – worum geht's?"
        if clause != said[-1] and _WHAT_IT_IS.search(fold(clause)):
            return clause
        return said[-1] if _WHAT_IT_IS.search(folded) else None
    if cues.what_is is None:
        return None
    spans = [(found.start(), found.end()) for found in cues.what_is.finditer(folded)]
    return cut(said[-1], folded, spans) if spans else None


_WHAT_IT_IS_TERMS = frozenset(stem(word) for word in WHAT_IT_IS_WORDS)


def points_back(question: str, matcher: Matcher) -> bool:
    """Whether a question asks what something said before is and names nothing itself: "Was
    steht da drin?", "Was hat es damit auf sich?" (its own words found an entry only by the
    story's words around it)."""
    asking = asks_what_it_is(question, matcher.cues)
    if asking is None or matcher.named(asking):
        return False
    ignored = _WHAT_IT_IS_TERMS | STOP_WORDS | GENERIC_TERMS | matcher.speech.stop_words
    return not [t for t in matcher.terms(asking) if t not in ignored]


def thing_named(
    question: str, story: Sequence[str], weighed: Sequence[Candidate], matcher: Matcher
) -> Candidate | None:
    """The candidate of the entry whose name a question what something is asks for, or None.

    `story` are the statements before the question, nearest first; `weighed` the candidates
    the question found (the entry's is taken from there, else from a search of its title: the
    story around a name may find other entries first)."""
    asking = asks_what_it_is(question, matcher.cues)
    if asking is None:
        return None
    texts = [question, *story]
    in_question = matcher.named(question)
    if in_question and _POINTS_BACK.search(fold(asking)) and _all_generic(in_question, matcher):
        # "Ich habe von Letter of Intent gehört. Was ist das bei Engagierte Stadt?": the
        # question points back, so the programme's own name in it is the frame; a name in
        # the story comes first, the programme's only when the story names nothing
        texts = [*story, question]
    named: list[Entry] = []
    for text in texts:
        named = matcher.named(text)
        if named:
            break
    if len(named) != 1:
        return None
    entry = named[0]
    name_terms = {term for name in entry.names for term in matcher.terms(name)}
    ignored = (
        name_terms | _WHAT_IT_IS_TERMS | STOP_WORDS | GENERIC_TERMS | matcher.speech.stop_words
    )
    rest = [t for t in matcher.terms(asking) if t not in ignored]
    if len(rest) > MAX_WORDS_AROUND_A_NAME or _names_another_thing(asking, ignored, matcher):
        return None
    alone = matcher.ask(" ".join(rest)) if rest else None
    if alone and alone.outcome is not Outcome.HANDOFF and not _small_talk_only(alone):
        return None  # "Was ist das Ziel der Engagierten Stadt?": the goal is another topic
    found = [c for c in weighed if c.entry is entry]
    found = found or [c for c in matcher.search(entry.title) if c.entry is entry]
    return found[0] if found else None


def _small_talk_only(decision: Decision) -> bool:
    """Whether a decision found nothing but small talk ("Tag" is "Guten Tag")."""
    return all(c.entry.category == SMALL_TALK for c in decision.candidates)


def _names_another_thing(asking: str, ignored: Set[str], matcher: Matcher) -> bool:
    """Whether the question names a thing the knowledge base does not know, written as a
    noun is ("Was ist beim JBZ anders als beim Jobcenter?"); small unknown words are filler
    ("in wenigen Worten")."""
    unknown = set(matcher.unknown_terms(asking))
    for found in re.finditer(r"[^\W\d_][\w.-]*", asking):
        word = found.group()
        capital = word[0].isupper() and found.start() > 0 and asking[found.start() - 1] != "„"
        terms = matcher.terms(word)
        if capital and terms and terms[0] in unknown and terms[0] not in ignored:
            return True
    return False


def _all_generic(entries: list[Entry], matcher: Matcher) -> bool:
    """Whether every one of `entries` is named by generic words only."""
    return all(generic_name_only(entry, matcher) for entry in entries)


# A name in quotation marks: „Engagierte Stadt“, "Engagierte Stadt", «…», “…”
_QUOTED = re.compile(r"[„“\"«‚](?P<said>[^„“”\"«»\n]{2,60})[“”\"»‘]")


def quotes_a_name(story: Sequence[str], entry: Entry) -> bool:
    """Whether the story puts one of the entry's names in quotation marks ("Überall lese ich
    „Engagierte Stadt“ …"): then it is the thing asked about, even the programme's own name,
    which otherwise is in every letter."""
    names = [[stem(w) for w in words(name)] for name in entry.names]
    for text in story:
        for found in _QUOTED.finditer(text):
            said = [stem(w) for w in words(found.group("said"))]
            if said[:1] and said[0] in _ARTICLES:
                said = said[1:]  # „Die Engagierte Stadt“
            if any(name and said[: len(name)] == name for name in names):
                return True  # in any of its forms: „Engagierten Stadt“
    return False


_ARTICLES = frozenset(stem(w) for w in ("der", "die", "das", "den", "dem", "des"))


def generic_name_only(entry: Entry, matcher: Matcher) -> bool:
    """Whether every name of an entry is made of generic words ("Engagierte Stadt"): a
    question answered with it may be asking for another thing named in its story."""
    terms = [term for name in entry.names for term in matcher.terms(name)]
    return bool(terms) and all(matcher.generic(term) for term in terms)


# A question that names one entry ("… bei Dessau living", "Что значит Ehrenamtskultur …")
# is that entry's when it is the best candidate and this far ahead of the next topic, though the
# rest of its words keep its score below the answer's threshold, it names no thing the
# knowledge base does not know ("Was ist beim JBZ anders als beim Jobcenter?") and its entry
# explains at least NAMED_COVER of it. On the seen sets 13 more right, one right answer wrong
# and one wrong right, no out-of-scope question answered. Without the cover 18 more right,
# but a complaint ("Das JBZ hat mir nicht geholfen, an wen kann ich mich beschweren?") and
# questions in small letters or other languages about something else at the JBZ were
# answered (the unknown-thing check sees only capitalised nouns); without the unknown thing
# 23 more right but "Wie viel Geld hat die Stadt für die Auftaktveranstaltung ausgegeben?"
# answered; 0.05 ahead 29 more right but two new wrong answers and "Ich suche eine Wohnung –
# hat Dessau living noch was frei?" answered.
NAMED_LEAD = 0.15
NAMED_COVER = 0.4
_NOT_A_THING = _WHAT_IT_IS_TERMS | STOP_WORDS  # words that name no thing of their own


def named_best(text: str, decision: Decision, matcher: Matcher) -> Decision:
    """The decision for a question that names the best candidate's entry (see NAMED_LEAD):
    answered with it; else `decision` as it was."""
    if decision.outcome is Outcome.ANSWER or not decision.candidates:
        return decision
    best, *others = decision.candidates
    # small talk is never what a named thing's question means: the next topic is the runner-up
    runner_up = max((c.score for c in others if c.entry.category != SMALL_TALK), default=0.0)
    if (
        best.telling
        and best.score - runner_up >= NAMED_LEAD
        and matcher.named(text) == [best.entry]
        and not generic_name_only(best.entry, matcher)  # "Engagierte Stadt" is in every letter
        and not _names_another_thing(text, _NOT_A_THING, matcher)
        and best.query_cover >= NAMED_COVER  # "Das JBZ hat mir nicht geholfen, an wen …?"
    ):
        return Decision(Outcome.ANSWER, (best,), decision.lang)
    return decision
