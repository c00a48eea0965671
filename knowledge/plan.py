"""From a message to the bot's replies: read it, match each part, plan what to send.

`plan(text, matcher, now)` is the whole of the bot's understanding of a free-text message, as
a pure function the evaluation and the tests call directly; the handler (handlers/questions.py)
only renders the plan. Per part of the reading (knowledge/reading.py):

* a question about what is on at some time ("wann ist das nächste Treffen?") is an EVENTS
  reply, unless its wording is in the past ("Was war im November?": history);
* anything else is matched, without the calendar for a question in the past and without the
  history for one about the future; the matcher answers, suggests or finds nothing;
* an answer whose entry does not hold the detail asked for ("Was kostet die Beratung im
  JBZ?") is given with a note that the source does not say, and the question goes to the team;
* small talk counts only when the message is nothing else ("Hallo", "Danke, tschüss"): in
  "Hallo, was ist …" the greeting is frame;
* a part that is only context ("Ich bin neu in Dessau.", "Hab gehört, …") is left out when
  another part asks something; a question the knowledge base cannot answer goes to the team
  while the other parts are still answered.

The team gets one ticket per message (the whole text), however many parts it has.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from itertools import pairwise

from knowledge import topics
from knowledge.courtesy import (
    ALL_RIGHT,
    GOODBYE,
    all_is_well,
    denied,
    help_denied,
    only_thanks,
    small_talk_only,
    what_the_bot_does,
)
from knowledge.dates import DateRange, Span, date_question, local
from knowledge.decision import WHOLE, Decision, Outcome
from knowledge.detail_words import asks_what_kind
from knowledge.follow_up import (
    asks_the_programme_about_it,
    joined,
    lead,
    points_at_it,
    same_topic_follow_up,
    same_topic_lead,
)
from knowledge.languages import russian_in_latin_letters
from knowledge.matcher import Matcher
from knowledge.model import SMALL_TALK
from knowledge.naming import (
    generic_name_only,
    named_best,
    points_back,
    quotes_a_name,
    thing_named,
)
from knowledge.reading import Detail, Part, Reading, Time, read
from knowledge.replies import Plan, Reply, Step
from knowledge.text import words
from knowledge.translit import to_cyrillic


def plan(text: str, matcher: Matcher, now: datetime) -> Plan:
    """Everything the bot will reply to `text`, as data."""
    if matcher.language == "ru" and russian_in_latin_letters(text):
        text = to_cyrillic(text, matcher.knows)  # "privet! kakie …" spelled in Cyrillic
    reading = read(text, matcher.cues)
    if not reading.parts:  # all frame: "Hallo!", "Danke im Voraus", "LG"
        return Plan(reading, small_talk_only(reading, matcher))
    if all_is_well(reading, matcher.cues):  # nothing asked: "Kein Problem!", "Das war's."
        return Plan(reading, small_talk_only(reading, matcher, all_right=True))
    if all(part.only_help for part in reading.parts) and not topics.is_a_phrasing(
        reading.text, matcher
    ):
        return Plan(reading, what_the_bot_does(reading, matcher))  # "Kannst du mir helfen?"
    replies = _details_of_previous([_reply(part, matcher, now) for part in reading.parts], matcher)
    context = topics.known_words(" ".join(p.text for p in reading.parts if not p.question), matcher)
    if context:
        replies = [_with_context(r, context, matcher, now) for r in replies]
    replies = [_with_sentence_before(r, _before(r, reading), matcher, now) for r in replies]
    story = " ".join(p.text for p in reading.parts if not p.question or p.text[-1:] not in "?؟")
    replies = [  # "Die Laterne vor unserem Haus ist kaputt. Wen muss ich da anrufen?"
        Reply(Step.TEAM, r.part, r.decision)
        if r.step in _WHOM_STEPS and topics.whom_about_the_unknown(r.part, story, matcher)
        else r
        for r in replies
    ]
    replies = [_what_it_is(r, _before(r, reading), matcher) for r in replies]
    replies = _with_previous(replies, matcher, now)
    replies = _tidy(replies)
    if reading.goodbye and all(r.step is Step.SMALL_TALK for r in replies):
        return Plan(reading, small_talk_only(reading, matcher))  # "Ok, danke, tschüss"
    if only_thanks(reading):
        return Plan(reading, small_talk_only(reading, matcher))
    if help_denied(reading):  # "Danke, aber das hilft mir nicht.": for the team
        part = Part(reading.text, reading.text, question=True)
        return Plan(reading, (Reply(Step.TEAM, part, matcher.ask(reading.text)),))
    return Plan(reading, tuple(replies))


# details no entry holds of the programme as a whole: its money, its numbers, an address or
# opening hours of "the Engagierte Stadt" (the office's entry holds its contacts)
_OF_NO_ENTRY = frozenset({Detail.COST, Detail.COUNT, Detail.WHERE, Detail.HOURS})
CONTEXT_CHOICES = 4  # a context may pick an answered part's entry among its best few
_WHOM_STEPS = frozenset({Step.ANSWER, Step.EVENTS})  # what a whom-question about the unknown got


def _reply(part: Part, matcher: Matcher, now: datetime) -> Reply:
    if topics.for_the_team(part, matcher):  # money paid, a count of nothing held, a city service
        return Reply(Step.TEAM, part, matcher.ask(part.topic))
    if part.time is not Time.PAST:
        period = date_question(part.text, now)
        if (
            period is not None
            and not topics.foreign_to_events(part.text, matcher)
            and not topics.asks_for_reminders(part.text)
        ):
            return _events(part, period)
    skip = topics.wrong_time(matcher, part.time)
    if part.points_back:  # the story before the question lends its known words, no more
        part = topics.story_known(part, matcher)
    decision = matcher.ask(part.topic, skip=skip)
    lacks = (
        decision.outcome is not Outcome.ANSWER
        or part.detail not in decision.candidates[0].entry.details
    )
    if part.topic != part.text and lacks and not _kind_cut(part, matcher):
        # the words asking for the detail may be the entry's own: "Seit wann gibt es das
        # Programm?" is the history's question (it holds "when"), not "what is it"
        whole = matcher.ask(part.text, skip=skip)
        if whole.outcome is Outcome.ANSWER and (
            decision.outcome is not Outcome.ANSWER
            or part.detail in whole.candidates[0].entry.details
        ):
            decision = whole
    decision = named_best(part.text, decision, matcher)  # "… Stand bei Dessau living?"
    if topics.goodbye_asked(decision, part, matcher):  # "Когда встреча?" asks; "До встречи!" leaves
        decision = matcher.ask(part.topic, skip=skip | {GOODBYE})
    if topics.asks_what_is_coming(part, decision, matcher):  # "ما الفعاليات المقبلة؟"
        return _next_events(part, now)
    if decision.outcome is Outcome.ANSWER:
        entry = decision.candidates[0].entry
        if entry.category == SMALL_TALK:
            if entry.id == ALL_RIGHT and denied(part.text):  # "Das reicht mir nicht"
                return Reply(Step.TEAM, part, decision)
            return Reply(Step.SMALL_TALK, part, decision, entry)
        if entry.time == "future" and matcher.cues is not None:
            # In a further language periods are not read ("у грудні"), so the calendar's
            # entry is answered with what it is about: the next events.
            return _next_events(part, now)
        missing = part.detail if part.detail and part.detail not in entry.details else None
        if missing is Detail.NAME and topics.names_only_a_person(part, entry, matcher):
            return Reply(Step.TEAM, part, decision)  # "Wie heißt der Oberbürgermeister?"
        if missing in _OF_NO_ENTRY and generic_name_only(entry, matcher):
            # "Сколько денег город получает на программу Engagierte Stadt?": a detail of the
            # programme as a whole that no entry holds is the team's ("Was ist die Engagierte
            # Stadt und wie lange läuft sie?" keeps its answer and the note)
            return Reply(Step.TEAM, part, decision)
        return Reply(Step.ANSWER, part, decision, entry, missing)
    if decision.outcome is Outcome.SUGGEST:
        if part.detail and part.detail is not Detail.COST and len(decision.candidates) == 1:
            # "Wie lange läuft die Förderung noch?": one entry is meant, the detail is what is
            # unsure; the entry is given, and the question goes to the team for the detail.
            # Not money: a lone weak candidate of "Zahlt ihr Ehrenamtlichen was?" or "Wie viel
            # Geld bekommt das Programm?" was mostly another question (seen sets: 3 wrong
            # answers and 3 out-of-scope questions answered, none right)
            entry = decision.candidates[0].entry
            missing = part.detail if part.detail not in entry.details else None
            if missing:
                return Reply(Step.ANSWER, part, decision, entry, missing)
        return Reply(Step.SUGGEST, part, decision)
    return Reply(Step.TEAM, part, decision)


def _kind_cut(part: Part, matcher: Matcher) -> bool:
    """Not read whole again: a kind cut from the topic, or hours ("роботи") of an unknown thing."""
    kind = asks_what_kind(part.text) and not asks_what_kind(part.topic)
    if kind or part.detail is not Detail.HOURS or matcher.cues is None:
        return kind
    return bool(set(matcher.unknown_terms(part.topic)) - matcher.speech.stop_words)


def _with_context(
    reply: Reply, context: str, matcher: Matcher, now: datetime, answered: bool = True
) -> Reply:
    """A question read with the message's context: in "Ich habe vom Jugend.Berufs.Zentrum
    gehört. Was bieten die an?" the topic is in the first sentence, the question in the
    second, and in "Ich habe eine Firma. Wie kann ich mitmachen?" the context says who asks
    (a business, not a volunteer). Taken when it answers; with `answered` False only for a
    question that found no answer alone."""
    part = reply.part
    retry = (Step.TEAM, Step.SUGGEST, Step.ANSWER) if answered else _FOUND_NOTHING
    if not part.question or reply.step not in retry:
        return reply
    told = Part(f"{context} {part.text}", f"{context} {part.topic}", True, part.time, part.detail)
    retried = _reply(told, matcher, now)
    if retried.step is not Step.ANSWER or retried.entry is None:
        return reply
    if (
        reply.step is Step.ANSWER
        and retried.entry.id not in _candidates(part, matcher)
        and not asks_the_programme_about_it(part, matcher)
    ):
        return reply  # "Ich wohne in Roßlau. Wie kann ich mitmachen?" is no Roßlau question
    return Reply(Step.ANSWER, part, retried.decision, retried.entry, retried.missing)


def _before(reply: Reply, reading: Reading) -> tuple[Part, ...]:
    """The parts before a reply's part, found by its text (a part naming only a detail may have
    been merged into the reply before it, so the replies are not the parts one to one; a
    part's topic may have been rewritten, its text not)."""
    texts = [part.text for part in reading.parts]
    return reading.parts[: texts.index(reply.part.text)] if reply.part.text in texts else ()


def _with_sentence_before(
    reply: Reply, before: tuple[Part, ...], matcher: Matcher, now: datetime
) -> Reply:
    """A question that only points back ("Wie fange ich das am besten an?") and found nothing
    alone or with the whole story, read with the sentence just before it ("Ich würde gern
    irgendwo mit anpacken, wo man Leute wie mich braucht."): a long story's other words weigh
    that sentence down. Taken only when that sentence alone leans to the entry found (among
    its best few, worth offering), so "Das hat mich neugierig gemacht. Wie ist das gemeint?"
    takes nothing from words that tell nothing."""
    if not before or before[-1].question or reply.step not in _FOUND_NOTHING:
        return reply
    if not same_topic_follow_up(reply.part, matcher, pointer=True):
        return reply
    leaning = {
        c.entry.id
        for c in matcher.search(before[-1].topic, limit=CONTEXT_CHOICES)
        if c.score >= matcher.thresholds.suggest
    }
    context = topics.known_words(before[-1].text, matcher) if leaning else ""
    if not context:  # (the cheaper search first: most sentences lean to nothing)
        return reply
    retried = _with_context(reply, context, matcher, now, answered=False)
    if retried.entry is None or retried is reply:
        return reply
    return retried if retried.entry.id in leaning else reply


def _details_of_previous(replies: list[Reply], matcher: Matcher) -> list[Reply]:
    """A part that names nothing but a detail asks it of the question answered before it:
    "Wie heißt die Koordinatorin? Ich will der Name wissen." is one question, not a second
    one about the data the bot keeps (its words are "will" and "wissen"). Not when the part
    found an entry that holds the detail: "…, seit wann gibt es sie?" is the history's.
    (Before matching, reading.py already joins a part asking only a cost, count, duration,
    hours, place or date; this covers the rest once the answers are known, a name above all.)"""
    result: list[Reply] = []
    for reply in replies:
        previous = result[-1] if result else None
        detail = reply.part.detail
        if (
            previous is not None
            and previous.step is Step.ANSWER
            and previous.entry is not None
            and detail is not None
            and detail is not Detail.PAY  # money received is the team's, not a note's
            and all(w in matcher.speech.stop_words for w in words(reply.part.topic))
            and (reply.step is not Step.ANSWER or reply.missing is not None)
        ):
            if previous.missing is None and detail not in previous.entry.details:
                result[-1] = replace(previous, missing=detail)
            continue
        result.append(reply)
    return result


def _next_events(part: Part, now: datetime) -> Reply:
    """The events still to come, as the answer to `part`."""
    return _events(part, DateRange(local(now).date(), None, Span.UPCOMING))


def _events(part: Part, period: DateRange) -> Reply:
    """The events of `period`; what they cost, which they do not show, is noted and goes to
    the team: "Was kostet der Eintritt beim nächsten Treffen?". (Not a count: "um wie viel
    Uhr" reads as one; nor a name: "Wie heißt die nächste Veranstaltung?" is its title.)"""
    missing = part.detail if part.detail is Detail.COST else None
    return Reply(Step.EVENTS, part, period=period, missing=missing)


def _what_it_is(reply: Reply, before: tuple[Part, ...], matcher: Matcher) -> Reply:
    """A question what a named thing is, answered with the entry of that name
    (knowledge/naming.py), keeping a detail asked with it: when it found no answer, or only
    the programme's own entry, whose name is in every letter ("Die Abkürzung „LoI“ fiel im
    Zusammenhang mit der Engagierten Stadt. Was bedeutet das?" asks for the LoI)."""
    part = reply.part
    if not part.question or not (
        reply.step in (Step.TEAM, Step.SUGGEST)
        or (reply.step is Step.ANSWER and reply.entry and generic_name_only(reply.entry, matcher))
        or (reply.step is Step.ANSWER and points_back(part.text, matcher))
    ):
        return reply
    weighed = reply.decision.candidates if reply.decision else ()
    story = tuple(p.text for p in reversed(before) if not p.question)
    found = thing_named(part.text, story, weighed, matcher)
    if found is None or found.entry is reply.entry:
        return reply
    if (
        reply.step is Step.ANSWER
        and generic_name_only(found.entry, matcher)
        and not quotes_a_name(story, found.entry)
    ):
        return reply  # the programme's own name is in every letter: it names nothing here
    entry = found.entry
    decision = Decision(Outcome.ANSWER, (found,), reply.decision.lang if reply.decision else None)
    missing = part.detail if part.detail and part.detail not in entry.details else None
    return Reply(Step.ANSWER, part, decision, entry, missing)


def _candidates(part: Part, matcher: Matcher) -> set[str]:
    """The entries a part alone comes close to (the context may choose among them)."""
    return {c.entry.id for c in matcher.search(part.topic, limit=CONTEXT_CHOICES)}


def _with_previous(replies: list[Reply], matcher: Matcher, now: datetime) -> list[Reply]:
    """A later question of several that found nothing alone (or only small talk: "… und wie
    stelle ich sie wieder ab?" is like "Welche Fragen kann ich dir stellen?"), read with the
    one before it: in "Was speichert ihr über mich und wie kann ich das wieder löschen?" the
    second question is about the first one's topic. Taken only when it answers with another
    entry than the one before (else it would repeat that answer), and, for a question that
    only points back, when read together that entry leads ("Was war die Auftaktveranstaltung?
    Und was hat sie bewirkt?" is the kick-off again, not the programme's benefits). A question
    asking only the programme's view on it ("Wie sieht die Engagierte Stadt das?") is read
    with the question before, and both are that answer."""
    result = replies[:1]
    for previous, reply in pairwise(replies):
        viewed = _view_asked(previous, reply, matcher, now)
        if viewed is not None:
            result[-1], reply = viewed
        elif reply.part.question and reply.step in _FOUND_NOTHING and previous.entry:
            retried = _with_context(reply, previous.part.text, matcher, now, answered=False)
            if retried.entry is not None and retried.entry.id != previous.entry.id:
                follow_up = same_topic_follow_up(reply.part, matcher, pointer=True)
                reply = retried
                if follow_up and lead(previous, retried, matcher) > 0:
                    reply = Reply(Step.ANSWER, reply.part, reply.decision, previous.entry)
        elif (
            reply.step is Step.ANSWER
            and previous.entry
            and same_topic_follow_up(reply.part, matcher)
            # "Was lief seit 2020? Und was kommt als Nächstes?" asks another time: its own
            and {previous.part.time, reply.part.time} != {Time.PAST, Time.FUTURE}
            and reply.decision is not None
            and (
                reply.decision.candidates[0].phrase_cover < WHOLE
                # "Was ist Dessau living und was hat die Engagierte Stadt damit zu tun?"
                or (
                    previous.part.question
                    and generic_name_only(reply.decision.candidates[0].entry, matcher)
                    and points_at_it(reply.part)
                )
            )
            and lead(previous, reply, matcher) >= same_topic_lead(reply.part, matcher)
        ):
            # "War das die Auftaktveranstaltung? Was hat sie bewirkt?": read with the one
            # before, it is the same topic again (and said once), not another entry's word
            reply = Reply(Step.ANSWER, reply.part, reply.decision, previous.entry)
        result.append(reply)
    return result


def _view_asked(
    previous: Reply, reply: Reply, matcher: Matcher, now: datetime
) -> tuple[Reply, Reply] | None:
    """ "Warum soll sich eine Firma engagieren? Wie sieht die Engagierte Stadt das?": both
    questions read as one, and both that answer, when it is a topic of its own (not the
    programme again) and the question before was answered (one for the team stays so:
    "Wer ist der Oberbürgermeister? Gehört er zur Engagierten Stadt?")."""
    if previous.step is not Step.ANSWER or not previous.part.question:
        return None
    if not asks_the_programme_about_it(reply.part, matcher):
        return None
    retried = _reply(joined(previous.part, reply.part), matcher, now)
    if retried.step is not Step.ANSWER or retried.entry is None:
        return None
    if generic_name_only(retried.entry, matcher):
        return None
    return replace(retried, part=previous.part), replace(retried, part=reply.part)


# A question that found nothing alone, or only small talk ("… und wie stelle ich sie wieder
# ab?" is like "Welche Fragen kann ich dir stellen?"): read with what came before it
_FOUND_NOTHING = (Step.TEAM, Step.SUGGEST, Step.SMALL_TALK)


def _tidy(replies: list[Reply]) -> list[Reply]:
    """Small talk only when nothing else was asked; context that found nothing left out when
    something else was asked; each entry and each period once; several parts that go to the
    team are one."""
    topical = [r for r in replies if r.step is not Step.SMALL_TALK]
    if not topical:
        return replies[:1]
    asked = [r for r in topical if r.part.question]
    if asked:  # the rest is context: "Ich bin neu in Dessau." "Hab gehört, …"
        topical = asked
    kept: list[Reply] = []
    seen: set[object] = set()
    for reply in topical:
        key: object
        if reply.entry is not None:
            key = reply.entry.id
        elif reply.period is not None:
            key = ("events", reply.period)
        elif reply.step is Step.TEAM:
            key = "team"
        else:
            offered = reply.decision.candidates if reply.decision else ()
            key = ("suggest", tuple(c.entry.id for c in offered))
        if key in seen:
            if reply.missing:  # the same entry asked twice, once for a detail: keep the detail
                kept = [r if r.entry is not reply.entry else reply for r in kept]
            continue
        seen.add(key)
        kept.append(reply)
    return kept
