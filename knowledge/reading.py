"""Reading a citizen's message the way a person would, before anything is matched.

People do not type search queries. They greet first ("Hallo, was ist …"), write letters
("Sehr geehrte Damen und Herren, … Mit freundlichen Grüßen, Erika Muster"), introduce
themselves ("ich heiße Erika und möchte wissen, …"), ask two things at once ("Was ist das JBZ
und wie melde ich mich an?"), ask about the past ("Wie war die Auftaktveranstaltung?") and
ask for details ("Was kostet das?"). `read` turns a text into a `Reading`:

* the frame taken off (knowledge/frame.py): a salutation, a closing and the name under it,
  thanks, a self-introduction, "ich habe eine Frage:"; whether it greeted or thanked is kept;
* the parts: sentences, and questions joined by "und"/"and" when the second one starts with
  a question word; a part of nothing but small words joins its neighbour;
* per part: whether it asks something, its time (past or future, where the wording shows
  it), and the kind of detail it asks for (cost, number, duration, place, date, hours, name),
  with the words that ask for the detail taken out of the text the matcher sees, so "Was
  kostet die Beratung im JBZ?" is matched as a question about the JBZ.

Pure functions, no Telegram, no knowledge base: the plan (knowledge/plan.py) puts a reading
and the matcher together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from knowledge import detail_words as dw
from knowledge.cues import Cues, Detail, Time
from knowledge.detail_words import DETAIL_HINTS, DETAIL_WORDS, DETAILS, NOT_AN_ADDRESS, WHAT_KIND
from knowledge.frame import ANNOUNCEMENT, ASKS, HELP_WANTED, QUESTION_WORD, asked_last, unframe
from knowledge.lists import numbered_list
from knowledge.text import STOP_WORDS, fold, words

MAX_PARTS = 4  # more questions than this in one message are read as one text


@dataclass(frozen=True, slots=True)
class Part:
    """One question (or statement) of a message."""

    text: str  # as written
    topic: str  # what the matcher sees: the text without the words asking for a detail
    question: bool  # it asks or requests something (not mere context), or it is all there is
    time: Time | None = None
    detail: Detail | None = None
    asks: bool = True  # its wording asks ("?", a question word, "ich möchte wissen")
    only_help: bool = False  # it asks for help and names nothing: "Kannst du mir helfen?"
    # it ends in a question with no words of its own, about the sentence before: "Ich habe
    # von der Engagierten Stadt gelesen. Was steckt dahinter?"
    points_back: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """A message read: its frame and its parts (none when it is all frame: "Hallo!")."""

    text: str
    parts: tuple[Part, ...]
    greeting: bool = False
    thanks: bool = False
    framed: bool = False  # something was taken off (salutation, closing, introduction)
    goodbye: bool = False  # it ended with a closing or a goodbye ("LG", "Tschüss")


# --- parts ------------------------------------------------------------------------------------
# A question word of a sentence written in small letters
_SMALL_OPENING = (
    r"(?:was|wie|wo|wann|wer|warum|wieso|welche\w*|gibt|gibts|kann|habt|hat|ist|kurze|frage)\b"
)
# What starts a sentence after an emoji: a capital, a letter of another script, or a question
# word in small letters
_NEW_SENTENCE = rf"(?:[A-ZÄÖÜ]|[\u0400-\u04ff\u0600-\u06ff]|{_SMALL_OPENING})"
_SENTENCE_END = re.compile(
    r"(?<=[?!؟])\s+|(?<=[^\d\s.][.;])\s+(?=[A-ZÄÖÜА-ЯІЇЄҐЁ\u0600-\u06ff])|\s*\n+\s*"
    # written all in small letters: "… werden will. was machen die im jbz so" (a word of
    # three letters or more before the '.', so "z.b. was" stays one)
    # (not after an abbreviation: "evtl. kann ich …")
    r"|(?<=[^\W\d_]{3}[.;])(?<!bzw\.)(?<!usw\.)(?<!evtl\.)(?<!ggf\.)(?<!etc\.)(?<!inkl\.)"
    rf"\s+(?={_SMALL_OPENING})"
    # an emoji or a smiley ends a sentence when a new one starts after it: "komme grad von
    # der Nachtschicht 😴 kurze Frage: …", "Привіт 👋 я з Бучі …" (not "Kinder ⚽ oder
    # Familien"); an emoji may carry a variation selector ("☀️")
    rf"|(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF\ufe0f])\s+(?={_NEW_SENTENCE})"
    rf"|(?<=\s[:;][)(DP])\s+(?={_NEW_SENTENCE})|(?<=\s[:;]-[)(DP])\s+(?={_NEW_SENTENCE})"
    # a dash before a question: "Grüß Gott (bin Zugezogene aus Bayern) – wie werden …?"
    # (not one that points back to what is before the dash: "… – was steckt da dahinter?")
    # (bounded: a text of dashes is read in linear time)
    r"|\s+[–—]\s+(?=(?:wie|was|wo|wann|wer|warum|wieso|welche\w*|gibt|kann|können)\b"
    r"(?![^.!?]{0,300}\b(?:da|das|die|den|der|diese\w*|dahinter|dort|dabei|dazu|damit|es|sie)\b)"
    r"[^.!?]{20,300}\?)"
)
# After an English "and" only a question word or "is there" starts a question: in "We have a
# two-year-old and are new to the city" "are" continues the statement.
_ENGLISH_AUXILIARIES = r"(?:is|are|do|does|did|was|were|can|could)"
# "… und krieg ich dann Erinnerungen?": a verb before its subject starts a German question
# (not a conjunction or preposition before a subject: "und weil ich", "und für ihr Alter"),
# and the piece it starts asks ("?")
_INVERTED = (
    r"(?!(?:dann|zwar|auch|so|doch|nun|jetzt|da|weil|wenn|dass|ob|als|obwohl|damit|falls|fuer"
    r"|für|mit|bei|von|zu|an|auf|in|nach|vor|ueber|über|ohne|um)\b)"
    r"[^\W\d_]+\s+(?:ich|man|wir|du|ihr)\b(?=[^.!?]*\?)"
)
# After "und" a question word starts a question, a verb only before its subject: "und kann
# man …?", "und gibt es …?", not "ich bin Lagerist und kann während der Arbeit nicht …".
_W_WORD = (
    r"wie|was|wo|wann|wer|wen|wem|warum|wieso|weshalb|welche[rsmn]?|woher|wohin|wof(?:ü|ue)r"
    # "… und worum geht es in der Kooperationsvereinbarung?", not "… und worum geht es da?"
    r"|(?:worum|woran|womit|worauf|wor(?:ü|ue)ber|wovon)(?=(?:\s+[^\W\d_]+){4})"
    r"|(?:seit|ab|bis)\s+wann"
    # "… und unter welcher Nummer erreiche ich sie?", "… und an wen wende ich mich?": a
    # clause of its own that asks (two words more, then "?"); not "… und in welchen
    # Sprachen?", "… bei wem ich mich melden muss." nor "für welche": "… und für welche
    # Berufe?" goes on with the question before it
    r"|(?:in|an|auf|bei|mit|zu|von|unter|aus|(?:ü|ue)ber)\s+(?:welche[rsmn]?\s+\w+|wem|wen)"
    r"(?=\s+\w+\s+\w+[^.!?]*\?)"
    r"|how|what|where|when|who|why|which"
)
_VERB_FIRST = (
    r"gibts\b|(?:gibt|kann|k(?:ö|oe)nnen|k(?:ö|oe)nnte|darf|muss|ist|sind|habt|haben|hat"
    r"|hilft|helft|geht|bietet|bieten|macht|kostet|braucht)\s+"
    r"(?:es|das|der|die|den|dem|man|ich|wir|du|ihr|sie|er|jemand|da|dort|hier|mich|uns|dich|euch"
    r"|mein\w*|dein\w*|eue?r\w*|ihr\w*|unser\w*|ein\w*)\b(?=[^.!?]*\?)"  # … and it asks
)
_JOINED = re.compile(
    rf"\s*,?\s+(?:(?:und|sowie|und\s+au(?:ch|sserdem)|au(?:ß|ss)erdem)\s+"
    rf"(?=(?:{_W_WORD})\b|{_VERB_FIRST}|{_INVERTED})"
    rf"|(?:and|also)\s+(?=(?!{_ENGLISH_AUXILIARIES}\b)(?:{QUESTION_WORD})\b"
    rf"|{_ENGLISH_AUXILIARIES}\s+(?:there|you|we|i|it)\b))",
    re.IGNORECASE,
)
# "Was ist die Engagierte Stadt, wer ist die Ansprechpartnerin und …": questions listed with
# commas, each starting with a question word, after a first that starts with one too.
_W_QUESTION = (
    r"(?:wer|was|wie|wann|warum|wieso|weshalb|welche[rsmn]?|seit\s+wann"
    r"|who|what|how|when|why|which)"
)
_LISTED = re.compile(rf",\s+(?={_W_QUESTION}\b)", re.IGNORECASE)
_STARTS_W_QUESTION = re.compile(rf"^\W*(?:{_W_QUESTION}|wo)\b", re.IGNORECASE)


def _listed_questions(text: str) -> list[str]:
    """A piece split where questions are listed with commas (only when it starts with a
    question word: "Ich weiß nicht, was das ist" and "Gibt es etwas, was ich tun kann?" are
    one question)."""
    if not _STARTS_W_QUESTION.match(text):
        return [text]
    pieces = _LISTED.split(text)
    if _FINDING_OUT.intersection(words(pieces[0])):
        return [text]  # "Wie finde ich heraus, wann das nächste Treffen ist?" asks one thing
    if any(len(words(piece)) < _LISTED_MIN_WORDS for piece in pieces):
        return [text]  # "Wo ist das JBZ, welche Adresse?" asks one thing
    return pieces


_LISTED_MIN_WORDS = 3
_FINDING_OUT = frozenset(
    """heraus herausfinden rausfinden raus erfahre erfahren weiss wissen sagen erklaeren
    nachsehen nachschauen sehen sehe sieht feststellen verstehe verstehen
    """.split()
)


# --- time -------------------------------------------------------------------------------------
# On folded words. German "was" (what) is no past; English past forms only in an English part.
_PAST_WORDS = frozenset(
    """war waren wurde wurden gab fand fanden stattgefunden gewesen geschah geschehen passiert
    passierte damals frueher bisher letzte letzten letztes letzter vergangene vergangenen
    vergangenes hatte hatten gemacht begonnen angefangen gelaufen lief liefen""".split()
)
_PAST_ENGLISH = frozenset("were did happened ago last past previous held took".split())
_FUTURE_WORDS = frozenset(
    """naechste naechsten naechster naechstes demnaechst kommende kommenden kommender bald
    geplant kuenftig zukuenftig upcoming next soon planned future""".split()
)

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def read(text: str, cues: Cues | None = None) -> Reading:
    """Read a message: its frame, and its parts with their time and the detail they ask
    (`cues`: a further language's words, instead of the German and English ones)."""
    text = unicodedata.normalize("NFC", text)  # "ü" as one character, however it was typed
    # a run of spaces is one space, blank lines are one line break: no pattern below then has
    # to try every way of matching a run of thousands (a message may be all spaces)
    text = _BLANK_LINES.sub("\n", _SPACES.sub(" ", text)).strip()
    body, greeting, thanks, goodbye, framed = cues.unframe(text) if cues else unframe(text)
    written = sentences(body)
    said = [s for s in written if not ANNOUNCEMENT.fullmatch(s)]
    asking: set[str] = set()  # pieces of a question split where a second one starts
    pieces = [
        piece
        for sentence in said
        for requested in (
            cues.story_and_asking(sentence, asking) if cues else _joined_requests(sentence, asking)
        )
        for joined in _joined_questions(requested)
        for asked in (cues.second_questions(joined, asking) if cues else (joined,))
        for piece in _listed_questions(asked)
    ]
    pieces = [piece for piece in pieces if words(piece)]  # "👋", ":)" after a greeting
    pieces = _merge_small(pieces)
    if len(pieces) > MAX_PARTS:
        pieces = _story_and_questions(pieces)
    parts = _details_joined(
        [_part(piece, len(pieces) == 1, cues, piece in asking) for piece in pieces], cues
    )
    parts = tuple(_kind_of_the_story(part) if n else part for n, part in enumerate(parts))
    framed = framed or len(written) > len(said)  # "Ich hätte eine Frage:" was taken off
    return Reading(text, parts, greeting, thanks, framed, goodbye)


# "In welcher Straße und welchem Zimmer …", "Wo und wann …": the piece before "und" asks
# nothing alone, the question goes on after it
_NOT_ALONE = re.compile(
    r"^\W*(?:\w+|(?:in|an|auf|bei|mit|zu|von|unter|aus)\s+welche[rsmn]?\s+\w+)\W*$",
    re.IGNORECASE,
)


# "Ich möchte keine Erinnerungen mehr bekommen und außerdem meine Daten löschen.": two
# requests, each ending in its verb, joined by "und"
_WISH = re.compile(r"\b(?:m(?:ö|oe)chte|will|w(?:ü|ue)rde|kann\s+ich)\b", re.IGNORECASE)
_REQUEST_VERBS = (
    r"(?:l(?:ö|oe)schen|entfernen|abbestellen|abmelden|abstellen|eintragen|anmelden|registrieren"
    r"|sehen|ansehen|bekommen|kriegen|erhalten)"
)
# (the first request ends in one of the verbs, or "lassen": not "mit meinem Mann und …")
_REQUEST_JOIN = re.compile(
    rf"\b(?:{_REQUEST_VERBS}|lassen)(\s+und\s+(?:au(?:ß|ss)erdem\s+|auch\s+)?)"
    rf"(?=[^.!?]*\b{_REQUEST_VERBS}\b)",
    re.IGNORECASE,
)


def _joined_requests(sentence: str, asking: set[str]) -> list[str]:
    """A sentence of two requests split in two, the second marked as asking (`asking`)."""
    if not _WISH.search(sentence):
        return [sentence]
    found = _REQUEST_JOIN.search(sentence)
    if found is None or len(words(sentence[found.end() :])) < 2:
        return [sentence]
    second = sentence[found.end() :]
    asking.add(second)
    return [sentence[: found.start(1)], second]  # the first ends with its verb


def _kind_of_the_story(part: Part) -> Part:
    """ "… die große Auftaktveranstaltung verpasst. Was war das eigentlich für ein Termin?":
    after a story, the kind of thing asked about is no topic (the story names which one)."""
    folded = fold(part.topic)
    kind_of = WHAT_KIND.search(folded)
    if kind_of is None:
        return part
    return replace(part, topic=cut(part.topic, folded, [kind_of.span(1)]) or part.topic)


def _joined_questions(sentence: str) -> list[str]:
    """A sentence split where a second question starts after "und" (`_JOINED`)."""
    pieces: list[str] = []
    start = 0
    for found in _JOINED.finditer(sentence):
        before = sentence[start : found.start()]
        if not _NOT_ALONE.match(before):
            pieces.append(before)
            start = found.end()
    return [*pieces, sentence[start:]]


def _details_joined(parts: list[Part], cues: Cues | None) -> tuple[Part, ...]:
    """A question that asks only for a detail joins the question before it: in "Was ist das
    JBZ? Was kostet das?" and "Wo finde ich die Familienberatung? Welche Adresse?" the detail
    is of the topic before, and asked alone it names none ("Где сдать экзамен B1 и сколько
    он стоит?" in a further language, with its small words)."""
    small = cues.stop_words if cues and cues.stop_words else STOP_WORDS
    joined: list[Part] = []
    for part in parts:
        own = [w for w in words(part.topic) if w not in small and w not in dw.ASKING_WORDS]
        if joined and part.detail in _OF_THE_TOPIC_BEFORE and part.question and not own:
            before = joined.pop()
            part = _part(f"{before.text} {part.text}", False, cues)
        joined.append(part)
    return tuple(joined)


# Not "Seit wann gibt es sie?" or "Wie heißt sie?": the history and the coordinator answer
# those as questions of their own.
_OF_THE_TOPIC_BEFORE = frozenset(
    {Detail.COST, Detail.COUNT, Detail.DURATION, Detail.HOURS, Detail.WHERE, Detail.DATE}
)


def _story_and_questions(pieces: list[str]) -> list[str]:
    """A long letter: its story as one piece of context, then the sentences that ask, each
    a part of its own ("Ich bin 71 … Seit mein Mann verstorben ist … Wie kann ich mich bei
    Ihnen ehrenamtlich einbringen?"). Read as one text, the story's words would drown the
    question; more questions than MAX_PARTS are read as one text."""
    asking = [piece for piece in pieces if ASKS.search(piece)]
    if not asking or len(asking) > MAX_PARTS:
        return [" ".join(pieces)]
    story = " ".join(piece for piece in pieces if not ASKS.search(piece))
    return [story, *asking] if story else asking


def sentences(body: str) -> list[str]:
    """The sentences of a text: after '?' and '!', after '.' before a capital (not after a
    number: "am 02./04. Oktober"), at line breaks, and after a lead-in that asks nothing
    before a colon ("Damit wir Frieden schließen können: Seit wann …?"); a numbered list
    ("1. was speichert ihr 2. kann ich das löschen") at its numbers, which are left out."""
    body = numbered_list(body)
    found = [s.strip() for s in _SENTENCE_END.split(body) if s and s.strip(" \t.,;:!?-–—")]
    return [piece for sentence in found for piece in _after_lead_in(sentence)]


# "Bevor ich mich melde: Wie ist das aufgebaut?"; not "…, wie die Stadt aufgebaut ist: Wer
# koordiniert, …" (the lead-in asks, what follows spells it out)
_LEAD_IN = re.compile(
    r"(?<=\w):\s+(?=(?:Seit\s+wann|Wie|Was|Wo|Wann|Wer|Warum|Wieso|Welche[rsmn]?|Gibt|Kann"
    r"|K(?:ö|oe)nnen|Ist|Sind|Hat|Haben)\b)"
)
ASKS_SOMETHING = re.compile(rf"\b(?:{_W_QUESTION}|wo)\b", re.IGNORECASE)


def _after_lead_in(sentence: str) -> list[str]:
    found = _LEAD_IN.search(sentence)
    if found is None:
        return asked_last(sentence)
    lead = sentence[: found.start()]
    if ASKS.search(lead) or ASKS_SOMETHING.search(lead):
        return asked_last(sentence)
    return [lead, *asked_last(sentence[found.end() :])]


_SMALL_PIECE = 6  # words; a longer piece of them asks: "… und wie seh ich, was ihr habt?"
_POINTING = frozenset("da dafuer dazu damit dabei das dies it this that there".split())  # joins


def _merge_small(pieces: list[str]) -> list[str]:
    """A piece of only small words ("Und?", "Wer kann mir helfen?") joins the next (or last)."""
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        said = words(HELP_WANTED.sub(" ", fold(piece)))
        short = len(said) <= _SMALL_PIECE or _POINTING.intersection(said)
        if short and not [w for w in said if w not in STOP_WORDS]:
            carry = f"{carry} {piece}".strip()
            continue
        merged.append(f"{carry} {piece}".strip() if carry else piece)
        carry = ""
    if carry:
        if merged:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    return merged


def _part(text: str, alone: bool, cues: Cues | None = None, asked: bool = False) -> Part:
    """One part: whether it asks (`asked`: it is part of a question), its time, and the
    detail asked for (taken out of `topic`)."""
    folded = fold(text)
    found = words(folded)
    time = None
    if cues:
        if cues.past and cues.past.search(folded):
            time = Time.PAST
        elif cues.future and cues.future.search(folded):
            time = Time.FUTURE
    elif _PAST_WORDS.intersection(found) or (
        _looks_english(found) and _PAST_ENGLISH.intersection(found)
    ):
        time = Time.PAST
    elif _FUTURE_WORDS.intersection(found):
        time = Time.FUTURE
    detail, topic = None, text
    for kind, pattern in cues.details if cues else DETAILS:
        hints = None if cues else DETAIL_HINTS.get(kind)
        if hints and not any(hint in folded for hint in hints):
            continue
        match = pattern.search(folded)
        if match is None:
            continue
        not_an_address = cues.not_where if cues else NOT_AN_ADDRESS
        if kind is Detail.WHERE and not_an_address and not_an_address.search(folded):
            continue
        detail = kind
        # every word asking for it goes: "Wie lange dauert …", "wie viele Plätze …"
        spans = [(found.start(), found.end()) for found in pattern.finditer(folded)]
        if not cues and kind in DETAIL_WORDS:
            spans += [(found.start(), found.end()) for found in DETAIL_WORDS[kind].finditer(folded)]
        topic = cut(text, folded, spans) or text
        break
    helps = [(found.start(), found.end()) for found in HELP_WANTED.finditer(fold(topic))]
    only_help = False
    if helps:  # "… löschen. Wie gehe ich dabei vor?": the way asked for is no topic
        rest = cut(topic, fold(topic), helps)
        only_help = not [w for w in words(rest) if w not in STOP_WORDS]
        topic = rest or topic
    asks = bool(ASKS.search(text)) or only_help or asked
    if cues and cues.requests and cues.requests.match(" ".join(found)):
        asks = True  # it starts with a request: "Хочу записатися волонтером прямо тут."
    said = sentences(text)
    points_back = len(said) > 1 and not [
        w for w in words(HELP_WANTED.sub(" ", fold(said[-1]))) if w not in STOP_WORDS
    ]
    return Part(text, topic, alone or asks, time, detail, asks, only_help, points_back)


def cut(text: str, folded: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the words that folded[start:end] of each span stand for (folding
    changes lengths, so the cut is made on words: the same words before and inside)."""
    dropped: set[int] = set()
    for start, end in spans:
        before = len(words(folded[:start]))
        dropped.update(range(before, before + len(words(folded[start:end]))))
    kept: list[str] = []
    index = 0
    for token in re.findall(r"[^\W_]+|[\W_]+", text):
        if re.fullmatch(r"[^\W_]+", token):
            count = len(words(token))
            index += count
            if dropped.intersection(range(index - count, index)):
                continue
        kept.append(token)
    return re.sub(r"\s{2,}", " ", "".join(kept)).strip()


_ENGLISH_HINTS = frozenset("the you your is are what how where who which does did do".split())
_GERMAN_HINTS = frozenset("der die das ist sind wie wo wer welche gibt ich sie und".split())


def _looks_english(found: list[str]) -> bool:
    english = sum(w in _ENGLISH_HINTS for w in found)
    german = sum(w in _GERMAN_HINTS for w in found)
    return english > german


def describe(reading: Reading) -> str:
    """A reading as lines, for `python -m knowledge ask` and for tests' failure messages."""
    lines = [f"frame: greeting={reading.greeting} thanks={reading.thanks} framed={reading.framed}"]
    for number, part in enumerate(reading.parts, start=1):
        lines.append(
            f"part {number}: {part.text!r} topic={part.topic!r} question={part.question}"
            f" time={part.time} detail={part.detail}"
        )
    return "\n".join(lines)
