"""A question that only asks on about the one before it: "Was war die Auftaktveranstaltung?
Und was hat sie bewirkt?", "wie is dit organisiert, wer macht da wat", "… и что оно дало?".

Pure: the plan (knowledge/plan.py) takes the topic before for such a question when, read
together with the one before, that topic leads.
"""

from __future__ import annotations

import re

from knowledge.matcher import Matcher
from knowledge.naming import asks_what_it_is, generic_name_only
from knowledge.reading import Part
from knowledge.replies import Reply
from knowledge.text import STOP_WORDS, fold, words

_POINTERS = frozenset(
    "sie es er das die der dort da dabei dafuer daran dazu damit sowas it they there".split()
)
# what "Wie sieht die Engagierte Stadt das?" points at ("diese Frage")
_ITS = frozenset("das dazu davon darueber diese dieser dieses diesem diesen this that".split())
_OWN_WORDS = 2  # a question with more words of its own than this names its own topic
_ADDRESSING = frozenset("ihr du euch dir dich you".split())  # the bot or its team, asked


def same_topic_follow_up(part: Part, matcher: Matcher, pointer: bool = False) -> bool:
    """Whether a question only points at what was asked before: "Was hat sie bewirkt?", "wer
    macht da wat". Not one that asks a detail of it ("Seit wann gibt es sie?", "Wie heißt
    sie?"), nor one that asks the bot ("Und was speichert ihr dann von mir?"): that is a
    question of its own. ("Wer leitet es?" may be read as a follow-up; the caller then
    takes the topic before only when, read together, it leads.) With `pointer`, only one
    with a word that points ("sie", "das")."""
    found = words(part.topic)
    cues = matcher.cues
    if cues is not None:  # a further language: "… и что оно дало?", with its own small words
        own = [w for w in found if w not in cues.stop_words and w not in cues.pointers]
        # "… і чи були перерви?": one word of its own after a join asks on, too
        pointing = bool(cues.pointers.intersection(found))
        joined = (
            not pointer
            and cues.starts_joined(part.text)
            and not cues.addresses(found)  # "І що ви тоді зберігаєте?", "І що зберігаєте?"
        )
        # as in German, a pointer allows two words of its own ("Що вона дала для програми?")
        return part.detail is None and (
            (pointing and len(own) <= _OWN_WORDS) or (joined and len(own) <= 1)
        )
    own = [w for w in found if w not in STOP_WORDS]
    pointing = bool(_POINTERS.intersection(found))
    # "und was wurde vorgestellt?" asks on, about the topic before; "Und was speichert ihr
    # dann von mir?" asks the bot something of its own
    unpointed = len(own) <= 1 and not pointer and not _ADDRESSING.intersection(found)
    return (
        part.detail is None
        and bool(_FOLLOW_UP_OPENING.match(fold(part.text)))
        and (pointing or unpointed)
        and len(own) <= _OWN_WORDS
    )


_FOLLOW_UP_OPENING = re.compile(
    r"^\W*(?:(?:und|and)\s+)?"
    r"(?:was|wie|warum|wieso|weshalb|worum|wofuer|wozu|wer|kann|koennen|helft|hilft"
    r"|ist|sind|war|waren|what|how|why|who|can|sie|er|es|das|dort|da)\b"
)


def asks_the_programme_about_it(part: Part, matcher: Matcher) -> bool:
    """Whether a question names only the programme (generic words) and points at what was said
    before with "das", "dazu", "diese …": "Wie sieht die Engagierte Stadt das?" asks its view
    on the question before, not what it is. ("die" and "es" are no pointer here: "Seit wann
    gibt es die Engagierte Stadt?" asks its own detail.) German only: the further languages'
    ways of asking a view are not listed."""
    found = words(part.topic)
    if part.detail is not None or matcher.cues is not None or not _ITS.intersection(found):
        return False
    if asks_what_it_is(part.text, matcher.cues):
        return False  # "was isn das eigtl diese engagierte stadt??" asks what it is
    terms = matcher.terms(part.topic)
    named = matcher.named(part.topic)  # the programme by its name, not "Roßlau" or "die Stadt"
    return (
        all(matcher.generic(term) for term in terms)
        and bool(named)
        and all(generic_name_only(entry, matcher) for entry in named)
    )


# Words that point at a thing named before, not articles: "… damit zu tun?", "… dazu?"
# (not "this", "that": "… And what is this Engagierte Stadt?" asks anew)
_AT_IT = frozenset("damit dazu dabei dafuer daran davon darin darueber it".split())


def points_at_it(part: Part) -> bool:
    """Whether a question points at a thing named before ("Was hat die Engagierte Stadt damit
    zu tun?"), not only with an article ("Und was ist die Engagierte Stadt?" asks anew)."""
    return bool(_AT_IT.intersection(words(fold(part.text))))


SAME_TOPIC_LEAD = 0.2  # read together, the earlier topic leads by this much: one topic
# ... or by this much for a German or English question that points back ("… und wer kann sie
# sehen?"): on the seen sets 8 more right and 12 fewer wrong answers (two parts labelled apart
# became one); at 0.0 the same right answers as before and 16 worse. Not in the further
# languages: a review found "Що таке Dessau living? А хто там координує?" losing its second
# answer (their pointers are fewer and their matchers weaker).
POINTED_LEAD = 0.1


def same_topic_lead(part: Part, matcher: Matcher) -> float:
    """How far the topic before must lead for a follow-up to be read as that topic."""
    pointed = matcher.cues is None and same_topic_follow_up(part, matcher, pointer=True)
    return POINTED_LEAD if pointed else SAME_TOPIC_LEAD


def lead(previous: Reply, reply: Reply, matcher: Matcher) -> float:
    """How far the entry before leads the reply's entry when both questions are read as one."""
    again = {
        c.entry.id: c.score
        for c in matcher.search(joined(previous.part, reply.part).topic, limit=5)
    }
    before = again.get(previous.entry.id, 0.0) if previous.entry else 0.0
    return before - again.get(reply.entry.id if reply.entry else "", 0.0)


def joined(before: Part, part: Part) -> Part:
    """A question read with the one before it."""
    text, topic = f"{before.text} {part.text}", f"{before.topic} {part.topic}"
    return Part(text, topic, True, part.time, part.detail)
