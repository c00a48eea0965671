"""What a part of a message is about, read against the knowledge base (pure helpers of the
plan, knowledge/plan.py): the words of a story the knowledge base knows, a count of nothing it
holds, a date question about something else than the programme's events, the entries of
another time, a question that is one of the phrasings word for word, what another body does."""

from __future__ import annotations

import re

from knowledge.courtesy import GOODBYE
from knowledge.dates import DATE_WORDS, GOING_WORDS
from knowledge.decision import VERBATIM, WHOLE, Decision, Outcome
from knowledge.matcher import Matcher
from knowledge.model import Entry
from knowledge.reading import ASKS_SOMETHING, Detail, Part, Time, cut, sentences
from knowledge.text import GENERIC_TERMS, fold, stem, words

_COUNTED = re.compile(r"\b(?:wie\s*viele?|how\s+many|anzahl\s+(?:der|an))\s+(\w+)")


def for_the_team(part: Part, matcher: Matcher) -> bool:
    """A question no entry answers in any part: money paid to someone (Detail.PAY), a count of
    nothing an entry holds, or what another body does, asked for (the city's services:
    `_NOT_OURS` in German and English, a further language's `Cues.not_ours`)."""
    if part.detail is Detail.PAY or counts_what_is_not_known(part, matcher):
        return True
    cues = matcher.cues
    if cues is None:
        return _NOT_OURS.search(fold(part.text)) is not None
    return bool(cues.not_ours and cues.not_ours.search(" ".join(words(part.text))))


# what another body does, in German and English (as `Cues.not_ours`; on the folded text),
# asked for: a question word or a wish before it in its clause ("Wo finde ich einen
# Kinderarzt …?", not "Ich bin Kinderärztin im Ruhestand und möchte helfen")
_NOT_OURS = re.compile(
    r"\b(?:wo|wie|wann|welche\w*|suche|brauche|beantrag\w*|where|how|when|need|looking\s+for)\b"
    # (within one clause, and not what the writer is or lives on: "als Hausärztin im
    # Ruhestand", "mit Wohngeld", "while on Bürgergeld")
    r"[^.?!,;]{0,60}?(?<!\bals )(?<!\bmit )(?<!\bon )(?<!\bas a )(?<!\bas an )"
    r"\b(?:kinderaerzt|kinderarzt|zahnarzt|zahnaerzt|hausarzt|hausaerzt"
    r"|kita-?platz|kitaplaetze|kita-plaetze|integrationskurs|buergeramt|auslaenderbehoerde"
    r"|aufenthaltstitel|kindergeld|buergergeld|wohngeld|elterngeld|fuehrerschein"
    r"|paediatrician|family\s+doctor|dentist|residence\s+permit|driving\s+licen[cs]e"
    r"|ummeld|wohnsitz|regist\w*\s+(?:my\s+|our\s+|the\s+|a\s+)?(?:new\s+)?address)\w*"
)


def counts_what_is_not_known(part: Part, matcher: Matcher) -> bool:
    """ "Wie viele Ehrenamtliche gibt es in Dessau-Roßlau?": a number the source does not give,
    about nothing but the thing counted. No entry is about it (the one about volunteering is
    about how to join), so the team answers it; "Wie viele Plätze hat die Familienberatung?"
    counts something of an entry's own, which is answered with a note that the number is
    not given."""
    if part.detail is not Detail.COUNT:
        return False
    if matcher.cues is not None:
        # "Сколько жителей в Дессау-Рослау?": only unknown words left; "Скільки всього
        # волонтерів у Дессау?": only the thing counted, the first word after the counting
        # words that is not a stop word (a counting cue may hold the thing itself, "скільки
        # людей": then the word after it is what is said of them, "живе")
        count = dict(matcher.cues.details).get(Detail.COUNT)
        folded = " ".join(words(part.text))
        found = count.search(folded) if count else None
        rest = words(folded[found.end() :]) if found else []
        after = [w for w in rest if w not in matcher.speech.stop_words][:1]
        thing = set(matcher.terms(" ".join(after))) if after else set()
        unknown = set(matcher.unknown_terms(part.topic))
        left = [t for t in matcher.terms(part.topic) if not matcher.generic(t)]
        return unknown.issuperset(t for t in left if t not in thing)
    counted = _COUNTED.search(fold(part.text))
    if counted is None:
        return False
    named = set(matcher.terms(part.topic)) - GENERIC_TERMS
    return named <= set(matcher.terms(counted.group(1)))


def names_only_a_person(part: Part, entry: Entry, matcher: Matcher) -> bool:
    """ "Wie heißt der Oberbürgermeister von Dessau-Roßlau?", "Как зовут обер-бургомистра?": a
    name asked of a person the question names by nothing but an office (`_ROLES`). `entry`,
    which mentions the office, is not about that person, so the team answers it; "Wie heißt
    die Ansprechperson beim JBZ?" and "Wie heißt der Beirat?" name a topic and get their
    entry, with the note that the name is not given."""
    # the text, not the topic: "Wer ist der Oberbürgermeister?" asks the name by the office
    own = {term for term in matcher.terms(part.text) if not matcher.generic(term)}
    own -= set(matcher.terms(_NAME_WORDS))
    roles = set(matcher.terms(_ROLES))
    named = {term for name in entry.names for term in matcher.terms(name)}
    return bool(own) and own <= roles and not own & named


_NAME_WORDS = "name namen vollen nennen leitet зовут имя фамилия звати ім'я прізвище اسم اسمه"
# A person asked for by role, in the bot's languages ("обер-бургомистр" is two words)
_ROLES = """
    oberbürgermeister oberbürgermeisterin bürgermeister bürgermeisterin ober dezernent
    dezernentin amtsleiter amtsleiterin präsident präsidentin landrat mayor
    мэр бургомистр обер руководитель начальник глава мер бургомістр керівник голова
    عمدة العمدة رئيس البلدية
"""


def story_known(part: Part, matcher: Matcher) -> Part:
    """A part that ends in a question about the sentence before ("Ich habe von der
    Engagierten Stadt in der Zeitung gelesen. Was steckt dahinter?"), read with only the
    words the knowledge base knows, when they are most of it: in "Ich habe Brief von
    Ausländerbehörde, nicht verstehe. Wo muss ich gehen?" the unknown words are the topic."""
    unknown = matcher.unknown_terms(part.topic)
    known = matcher.terms(part.topic)
    if len(unknown) > 1 or len(known) - len(unknown) < len(unknown):
        return part  # the story's unknown words may be what it is about: for the team
    topic = known_words(part.topic, matcher) or part.topic
    return Part(part.text, topic, True, part.time, part.detail)


def known_words(text: str, matcher: Matcher) -> str:
    """The words of a context the knowledge base knows: a letter's story ("in der Zeitung
    habe ich vom Programm gelesen") lends the question its topic, not its unknown words,
    which would only weigh the reading down. Nothing when it knows only generic words: "Ich
    bin neu in Dessau." lends no topic to "Was genau ist diese Engagierte Stadt?"."""
    unknown = set(matcher.unknown_terms(text))
    known = [w for w in words(text) if matcher.speech.stem(w) not in unknown]
    telling = [
        t
        for t in matcher.terms(" ".join(known))
        if not matcher.generic(t) and t not in matcher.speech.stop_words
    ]
    return " ".join(known) if telling else ""


_DATE_TERMS = frozenset(stem(word) for word in DATE_WORDS)
# "Kann mich der Assistent vor den nächsten Veranstaltungen erinnern?" asks about reminders,
# not which events are next.
_REMINDING = re.compile(r"\b(?:erinner\w*|abo|abos|abonn\w*|remind\w*|subscri\w*)")


def asks_for_reminders(text: str) -> bool:
    """Whether a question with a date asks about reminders, not which events come next."""
    return bool(_REMINDING.search(fold(text)))


# Nouns that ask for the programme's events; not "Termin" (an appointment at the Bürgeramt)
_EVENT_NOUNS = re.compile(r"\b(?:veranstaltung\w*|events?|treffen)\b")
# Going somewhere is no topic of its own in a date question ("gibt es demnächst wieder was,
# wo man hingehen kann?"); where to go still is ("… morgen zur Ausländerbehörde hingehen")
_GOING = frozenset(stem(word) for word in GOING_WORDS)


def foreign_to_events(text: str, matcher: Matcher) -> bool:
    """Whether a date question is about something the knowledge base knows nothing of ("Was
    läuft heute im Kino?", "einen Termin beim Bürgeramt am Dienstag"): then it is not a
    question about the programme's events, and the matcher (and so the team) decides."""
    if _EVENT_NOUNS.search(fold(text)):  # "Veranstaltungen für Senioren diese Woche"
        return False
    return any(
        term not in _DATE_TERMS and term not in _GOING and not term.isdigit()
        for term in matcher.unknown_terms(text)
    )


def wrong_time(matcher: Matcher, time: Time | None) -> frozenset[str]:
    """Entries about another time than the part's: the calendar for the past, history for
    the future."""
    if time is None:
        return frozenset()
    return matcher.kb.by_time["future" if time is Time.PAST else "past"]


def is_a_phrasing(text: str, matcher: Matcher) -> bool:
    """Whether `text` is one of the knowledge base's phrasings, near word for word ("An wen
    kann ich mich wenden?" is the office's)."""
    best = matcher.search(text, limit=1)
    return bool(best) and best[0].resemblance >= VERBATIM


def asks_what_is_coming(part: Part, decision: Decision, matcher: Matcher) -> bool:
    """In a further language, a question in the future whose best candidate (not answered
    alone) is the calendar's entry and which has no unknown word but its future words ("ما
    الفعاليات المقبلة؟", "Які найближчі події?"): the next events. German and English read
    dates and periods instead (knowledge/dates.py)."""
    cues = matcher.cues
    if cues is None or cues.future is None or part.time is not Time.FUTURE:
        return False
    if decision.outcome is Outcome.ANSWER or not decision.candidates:
        return False
    if decision.candidates[0].entry.time != "future":
        return False
    folded = fold(part.topic)
    spans = [(found.start(), found.end()) for found in cues.future.finditer(folded)]
    rest = cut(part.topic, folded, spans)
    if not rest or matcher.unknown_terms(rest):
        return False
    # without its future words the calendar's entry explains all of it: not "the council's
    # next meeting", whose council is another entry's word
    best = matcher.search(rest, limit=1)
    return bool(best) and best[0].entry.time == "future" and best[0].query_cover >= WHOLE


# Whom to turn to about a thing: "Wo melde ich das?", "Wen muss ich da anrufen?", "Wer ist
# dafür zuständig?", "Wo muss ich hin?", "Bei wem melde ich das?", or which papers it needs –
# pointing at the story.
# Not the asker offering themselves ("Ich bin Lehrerin im Ruhestand. Wo muss ich mich
# melden?", "An wen wende ich mich?"): that is the sign-up's or the office's question.
_POINTER = r"(?:das|dies|sowas|so\s+was|da|damit|daf(?:ü|ue)r|deswegen|deshalb|hin)"
_WHOM = re.compile(
    rf"^\W*(?:und\s+)?(?:wo\s+(?:(?:kann|muss|soll)\s+(?:ich|man)|melde\s+ich)\s+{_POINTER}\b"
    rf"|(?:bei\s+)?wem\s+(?:(?:kann|muss|soll)\s+)?(?:ich|man)\s+{_POINTER}\s+melde"
    rf"|(?:bei\s+)?wem\s+melde\s+ich\s+{_POINTER}\b"
    rf"|wen\s+(?:kann|muss|soll)\s+ich\s+{_POINTER}\s+(?:anrufen|kontaktieren|anschreiben|fragen)"
    r"|wen\s+rufe?\s+ich\s+(?:da\s+|daf(?:ü|ue)r\s+)?an\b"
    r"|an\s+wen\s+(?:kann|muss|soll|wende)\s+ich\s+mich\s+(?:da|damit|daf(?:ü|ue)r|deswegen)\b"
    r"|wer\s+ist\s+(?:da|daf(?:ü|ue)r)\s+zust(?:ä|ae)ndig"
    r"|wo\s+muss\s+ich\s+(?:da\s+)?hin\b"
    # where to register someone for it: "Mein Sohn soll schwimmen lernen. Wo kann ich ihn
    # anmelden?" (not "Ich habe Zeit. Wo kann ich mich anmelden?": a volunteer)
    r"|wo\s+(?:ich\s+)?(?:kann|muss|soll)\s+(?:ich\s+|man\s+)?(?:sie|ihn|es)\s+"
    r"(?:da\s+|dort\s+|daf(?:ü|ue)r\s+)?anmelden\b"
    r"|wohin\s+muss\s+ich\s+(?:da\s+)?(?:gehen|mich\s+wenden)?[^\w\s]*\s*$"
    # which papers it needs: "Welche Formular brauche ich?" after "Kindergeld beantragen"
    r"|welche\w*\s+(?:formular\w*|unterlagen|dokumente?|papiere)"
    r"(?:\s+(?:brauche|ben(?:ö|oe)tige|muss)\b|\W*$))",
    re.IGNORECASE,
)
# The story offers something: "Ich kann Deutschkurse geben.", "Meine Firma will Laptops
# spenden.", "Unser Verein würde gern …" – a whom-question after it asks how to join in.
_OFFER = re.compile(
    r"\b(?:ich|wir)\b[^.?!,]{0,80}?\b(?:kann|k(?:ö|oe)nnen|k(?:ö|oe)nnte|biete\w*|spende\w*"
    r"|helfe\w*|mitmachen|engagier\w*|organisier\w*|dolmetsch\w*|geben|anbieten|unterst(?:ü|ue)tz\w*"
    r"|suche\s+(?:ein\s+)?(?:ehrenamt|aufgabe)\w*)\b"
    r"(?![^.?!,]{0,60}?\b(?:nicht|nie|kein\w*|nichts|mehr)\b)"
    # "Ich möchte Lesepatin werden."
    r"|\b(?:ich|wir)\s+(?:m(?:ö|oe)chte\w*|will|wollen|w(?:ü|ue)rde\w*)\b[^.?!,]{0,60}?\bwerden\b"
    r"|\b(?:mein|meine|unser|unsere)\s+(?:verein|firma|betrieb|club|klub|gemeinde|unternehmen"
    r"|initiative|gruppe)\s+(?:will|m(?:ö|oe)chte|w(?:ü|ue)rde|kann|k(?:ö|oe)nnte|sucht|biete\w*"
    r"|spende\w*|hilft)\b",
    re.IGNORECASE,
)


def whom_about_the_unknown(part: Part, story: str, matcher: Matcher) -> bool:
    """ "Die Straßenlaterne vor unserem Haus ist kaputt. Wo melde ich das?": a question whom to
    turn to is about the story before it, and when that story is something the knowledge base
    knows nothing of (a word it does not know, no entry it would answer, and no offer),
    the office's contacts or the sign-up are no answer: the team is. (German; the further
    languages ask whom in other ways.)"""
    said = sentences(part.text)
    if matcher.cues is not None or not said or not _WHOM.search(said[-1]):
        return False
    # the part's own sentences before its last are the story too ("… läuft bald ab. Wo muss
    # ich hin?" is one part); not when the part is a question before it ("Was ist am Samstag
    # los? Wo muss ich hin?"), and an offer there counts ("Ich möchte mitmachen. Wo …?")
    own = said[:-1]
    if any(sentence.rstrip().endswith("?") for sentence in own):
        return False
    story = " ".join([story, *own]).strip()
    if not story or not matcher.unknown_terms(story) or _OFFER.search(story):
        return False
    return matcher.ask(story).outcome is Outcome.HANDOFF


def goodbye_asked(decision: Decision, part: Part, matcher: Matcher) -> bool:
    """Whether a question is answered with a goodbye: its words are a goodbye's ("встреча" of
    "До встречи", "لقاء" of "إلى اللقاء"), but it asks with a question word and a question
    mark ("Коли зустріч?"; "Bis bald?" and "Tschüss?" still take leave)."""
    best = decision.best
    if decision.outcome is not Outcome.ANSWER or best is None or best.entry.id != GOODBYE:
        return False
    if not any(mark in part.text for mark in "?؟"):
        return False
    if matcher.cues is not None:
        return matcher.cues.asks(words(part.text))
    return ASKS_SOMETHING.search(part.text) is not None  # a question word: "wann", "what"
