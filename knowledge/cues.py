"""A further language's words that shape how a message is read (knowledge/reading.py).

German and English are read by the patterns of reading.py and frame.py. For Ukrainian,
Russian and Arabic, the `frame:` and `reading:` lists of knowledge/i18n/<code>/entries.yaml
stand in for them: greetings and closings to take off, and word beginnings that ask for a
kind of detail or put a question in the past or the future. The kinds themselves (`Time`,
`Detail`) are defined here, where both readings need them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from knowledge.text import fold, words


class Time(StrEnum):
    """What a part's wording says about when: it asks about the past, or the future."""

    PAST = "past"
    FUTURE = "future"


class Detail(StrEnum):
    """The kind of detail a question asks for; entries declare which kinds they hold."""

    # money or insurance someone receives: an allowance or insurance for volunteers, the
    # programme's budget ("Aufwandsentschädigung", "платят ли волонтёрам"); no entry holds
    # it, so such a question is the team's (checked before COST: "платят" is both)
    PAY = "pay"
    COST = "cost"  # was kostet, Gebühr, Preis
    COUNT = "count"  # wie viele, Anzahl, Plätze
    DURATION = "duration"  # wie lange, Dauer
    HOURS = "hours"  # Öffnungszeiten, Sprechzeiten
    WHERE = "where"  # an address or a place: wo ist, Adresse
    WHEN = "when"  # wann, seit wann
    DATE = "date"  # an exact date or time: wann genau, Datum, Uhrzeit
    NAME = "name"  # wie heißt, Name, wer genau


@dataclass(frozen=True, slots=True)
class Cues:
    """A further language's words that shape a reading, from its knowledge/i18n/ folder: how a
    message is framed there and which words ask for a detail or put it in the past or future.

    German and English are read by the patterns of this module and frame.py; for another
    language these lists stand in for them. Frame words are whole words or phrases; reading
    words are word beginnings ("стоим" is "стоимость", "стоимости").
    """

    opening: frozenset[tuple[str, ...]] = frozenset()  # greetings and polite openers
    # the first words of a letter's salutation line ("Уважаемые организаторы!")
    salutations: frozenset[str] = frozenset()
    thanks: frozenset[tuple[str, ...]] = frozenset()  # thanks at the end
    goodbye: frozenset[tuple[str, ...]] = frozenset()  # goodbyes and letter closings
    # a whole message that says all is well or nothing more is asked: "Без проблем", "Это всё"
    all_right: frozenset[tuple[str, ...]] = frozenset()
    details: tuple[tuple[Detail, re.Pattern[str]], ...] = ()
    # words that make a "where" word no address: "адрес электронной почты" (an e-mail address)
    not_where: re.Pattern[str] | None = None
    # what another body does, not the programme: a Kita place, a doctor, a German course, the
    # Bürgeramt ("місце в садочку", "детский врач", "دورة اندماج"); such a question is the team's
    not_ours: re.Pattern[str] | None = None
    past: re.Pattern[str] | None = None
    future: re.Pattern[str] | None = None
    what_is: re.Pattern[str] | None = None  # "что такое", "що означає" (whole words)
    # what starts a sentence that asks without "?": "Хочу записаться …", "Дайте …" (whole words)
    requests: re.Pattern[str] | None = None
    # the question words that start a second question (the last word of each of `joins`):
    # a salutation line or a signature with one of them asks something
    asking: frozenset[str] = frozenset()
    generic: tuple[str, ...] = ()  # words in almost every question: the city's and its name
    # where a second question starts: "… и как …", "… і хто …", "… وكيف …" (split before)
    joins: re.Pattern[str] | None = None
    # where a wish starts after what someone tells of themselves: "كنت معلماً …، وأود أن أعرف
    # …" (split before; the wish asks, the story before it is context)
    wishes: re.Pattern[str] | None = None
    # words that point back ("оно", "туди", "منها"): a piece with one asks of the one before
    pointers: frozenset[str] = frozenset()
    # words that ask the bot or its team ("ви", "вы", "انتو"), and word endings that do
    # ("-те": "зберігаєте" without "ви"): such a follow-up is its own question
    addressing: frozenset[str] = frozenset()
    addressing_endings: tuple[str, ...] = ()
    stop_words: frozenset[str] = frozenset()  # the language's small words (languages.py)

    @classmethod
    def of(
        cls,
        frame: Mapping[str, Sequence[str]],
        reading: Mapping[str, Sequence[str]],
        stop_words: frozenset[str] = frozenset(),
    ) -> Cues:
        """Cues from the `frame:` and `reading:` lists of a language's entries.yaml, and its
        small words."""
        return cls(
            opening=_phrases(*frame.get("greetings", ()), *frame.get("polite", ())),
            salutations=frozenset(w for p in frame.get("salutations", ()) for w in words(p)),
            thanks=_phrases(*frame.get("thanks", ())),
            goodbye=_phrases(*frame.get("goodbyes", ()), *frame.get("closings", ())),
            all_right=_phrases(*frame.get("all_right", ())),
            details=tuple(
                (kind, pattern)
                for kind in Detail
                if (pattern := _beginnings(reading.get(kind.value, ()))) is not None
            ),
            not_where=_beginnings(reading.get("not_where", ())),
            not_ours=_beginnings(reading.get("not_ours", ())),
            past=_beginnings(reading.get("past", ())),
            future=_beginnings(reading.get("future", ())),
            what_is=_whole(reading.get("what_is", ())),
            requests=_whole(reading.get("requests", ())),
            generic=tuple(reading.get("generic", ())),
            joins=_split_before(reading.get("joins", ())),
            wishes=_split_before(reading.get("wishes", ())),
            asking=frozenset(_question_word(p) for p in reading.get("joins", ()) if words(p)),
            pointers=frozenset(w for p in reading.get("pointers", ()) for w in words(p)),
            addressing=frozenset(
                w for p in reading.get("addressing", ()) if p[:1] != "-" for w in words(p)
            ),
            addressing_endings=tuple(
                fold(p[1:]) for p in reading.get("addressing", ()) if p[:1] == "-"
            ),
            stop_words=stop_words,
        )

    def second_questions(self, text: str, asking: set[str]) -> list[str]:
        """`text` split where a second question starts ("Что такое JBZ и как с вами
        связаться?"); both pieces of a question ask, the first without its "?" too (added to
        `asking`). One that only points back is the same topic again: the plan sees to that."""
        if self.joins is None:
            return [text]
        spans: list[tuple[int, int]] = []  # each piece's start and end in `text`
        start = 0
        cuts = [(m.start(), m.end()) for m in self.joins.finditer(text)] + [(len(text), 0)]
        for end, after in cuts:
            piece = text[start:end]
            if spans and not [w for w in words(piece) if w not in self.stop_words]:
                spans[-1] = (spans[-1][0], end)  # "…، وكيف؟" ("and how?") asks the same
            elif piece:
                spans.append((start, end))
            start = after
        found = [text[start:end] for start, end in spans]
        # "… ? і чи можна записатись прямо тут" starts with a join: a question without its "?"
        # (one that only adds is a statement when it ends like one: "А также у меня двое
        # детей.", "وكمان أنا عندي ولدين.")
        adds = bool(_ADDING.intersection(words(text)[:2]))
        statement = adds and text.rstrip().endswith((".", "!"))
        starts_joined = not statement and self.starts_joined(text)
        if (len(found) > 1 and _QUESTION_MARK.search(text)) or starts_joined:
            asking.update(found)
        return found

    def story_and_asking(self, sentence: str, asking: set[str]) -> list[str]:
        """A sentence split after a lead-in (`after_lead_in`) and before a wish (`wished`)."""
        return [
            piece for lead in self.after_lead_in(sentence) for piece in self.wished(lead, asking)
        ]

    def after_lead_in(self, sentence: str) -> list[str]:
        """A sentence split after a lead-in that ends in a colon before a question word:
        "Я участвую в родительском комитете и хотела бы спросить: что программа делает …?"
        (the story is context, the question is read alone)."""
        found = _LEAD_IN_END.search(sentence)
        first = words(found.group(1)) if found else []
        if not (found and first and first[0] in self.asking):
            return [sentence]
        # not a question that points back to what a short lead-in names: "Координационное
        # бюро: когда оно работает?" ("что это за программа?" after a story is split)
        lead, question = sentence[: found.start()], sentence[found.start(1) :]
        if len(words(lead)) <= _LEAD_IN_WORDS and self.pointers.intersection(words(question)):
            return [sentence]
        return [lead, question]

    def wished(self, sentence: str, asking: set[str]) -> list[str]:
        """A sentence split before a wish that follows a story ("… وأود أن أعرف هل …"); the
        wish is marked as asking (`asking`), the story before it is not."""
        found = self.wishes.search(sentence) if self.wishes else None
        before = words(sentence[: found.start()]) if found else []
        # not after a question: "متى تفتح مكتب التنسيق وأريد رقم الهاتف" asks both (its first
        # word asks; "أنا أيضا طالبة، وأريد …" is a story)
        if (
            found is None
            or not before
            or before[0] in self.asking - _ADDING
            or _QUESTION_MARK.search(sentence[: found.start()])
        ):
            return [sentence]
        wish = sentence[found.end() :]
        asking.add(wish)
        return [sentence[: found.start()], wish]

    def addresses(self, found: list[str]) -> bool:
        """Whether words ask the bot or its team ("ви", or a verb in "-те")."""
        # (str.endswith of no endings is False)
        return bool(self.addressing.intersection(found)) or any(
            w.endswith(self.addressing_endings) for w in found
        )

    def starts_joined(self, text: str) -> bool:
        """Whether `text` starts with a join ("і чи …", "и как …", "وكيف …")."""
        return self.joins is not None and self.joins.match(" " + text.lstrip()) is not None

    def unframe(self, text: str) -> tuple[str, bool, bool, bool, bool]:
        """Like frame.unframe: the text without greetings (and polite openers) at its start,
        and without thanks, goodbyes or a letter's closing (with a name under it) at its end."""
        body = text.strip()
        greeting = thanks = goodbye = False
        for _ in range(_MAX_OPENINGS):  # "Добрий день! Вітаю! Підкажіть, будь ласка, …"
            line, _, rest = body.partition("\n")
            said = words(line)
            if (
                rest
                and said
                and said[0] in self.salutations
                and len(said) <= _SALUTATION_WORDS
                and not _QUESTION_MARK.search(line)  # not "Уважаемые, где ваш офис?"
                # it ends as a salutation does and asks nothing: not "Команда, подскажите
                # адрес офиса.", "الى اي عنوان ارسل الاوراق"
                and _SALUTATION_END.search(line.rstrip()[-4:])
                and not self.asks(said)
            ):
                # "Уважаемые организаторы!", "Шановні пані та панове!" on a line, also after
                # a greeting: "Здравствуйте, уважаемые!"
                greeting = True
                body = rest.lstrip()
                continue
            head = _INLINE_SALUTATION.match(body)
            said = words(head.group(1)) if head else []
            after = words(body[head.end() :]) if head else []
            if (
                head
                and said
                and len(said[0]) > _SHORTEST_ADDRESS
                and len(said) <= _SALUTATION_WORDS
                and said[0] in self.salutations
                and not self.asks(said)
                and self._addresses_only(said, after)
            ):
                # the salutation before the question on one line: "Уважаемые дамы и господа,
                # сообщите …", "السادة المحترمون، تحية طيبة وبعد، …"
                greeting = True
                body = body[head.end() :].lstrip(" \t,،!:;.-–—\n")
                continue
            cut = _opening_end(self.opening, body, whole=greeting)
            if cut is None:
                break
            greeting = True
            body = body[cut:].lstrip(" \t,،!:;.-–—\n")  # "،": the Arabic comma
        for _ in range(_MAX_OPENINGS):  # "До зустрічі, гарного вечора!": each goes
            before = body
            for phrases in (self.goodbye, self.thanks):
                cut = _closing_start(phrases, body, self.asks)
                if cut is not None:
                    thanks |= phrases is self.thanks
                    goodbye |= phrases is self.goodbye
                    body = body[:cut].rstrip(" \t,،;:-–—\n")
            if body == before:
                break
        return body, greeting, thanks, goodbye, body != text.strip()

    def _addresses_only(self, said: Sequence[str], rest: Sequence[str]) -> bool:
        """Whether words before a comma only address the reader, with a question after them:
        words of address ("Уважаемые дамы и господа, …"), or a name or role before a
        question of its own ("Уважаемая Анна, подскажите, как стать волонтером?"); not a
        topic the question points back to ("Команда координационного бюро, кто в неё
        входит?", "Дорогой курс, сколько он стоит?")."""
        if not [w for w in rest if w not in self.stop_words]:
            return False
        if all(w in self.salutations or w in self.stop_words for w in said):
            return True
        return not self.pointers.intersection(rest)

    def asks(self, said: Sequence[str]) -> bool:
        """Whether folded words hold a question word or a request of this language."""
        return bool(self.asking.intersection(said)) or bool(
            self.requests and self.requests.search(" ".join(said))
        )


# a word with the marks written on its letters (Arabic vowel signs: "مرحباً" ends in "ً")
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[\u064b-\u065f\u0670])*(?:['’ʼ][^\W_]+)*")
_NAME_WORDS = 3  # "З повагою, Олена Коваль": a closing and the name under it
_LEAD_IN_END = re.compile(r"(?<=\w):\s+(\w+)")  # "…, хотела бы спросить: что …"
_LEAD_IN_WORDS = 3  # a lead-in this short may be the topic itself
# "Уважаемые организаторы!", "… المحترم،" (on the line's last few characters only)
_SALUTATION_END = re.compile(r"[,،!:]\W*$")
_SIGNATURE_WORDS = 7  # "полковник в отставке В. И. Самойлов" under a closing on its own line
_SALUTATION_WORDS = 6  # a salutation line is short: "Шановна пані координаторко!"
# a salutation on the question's line ends at its first comma, "!" or ":"
_INLINE_SALUTATION = re.compile(r"([^,،!:;.?؟\n]+)[,،!:]")
# a word of a salutation line this short is no address on the question's line: "الى اي
# عنوان ارسل الاوراق، …" ("to which address …") starts with "الى" (to)
_SHORTEST_ADDRESS = 3
_MAX_OPENINGS = 3  # greetings and polite openers taken off one after the other, at most
_FRAME_WINDOW = 12  # words looked at for an opening
_LONGEST_PHRASE = 6  # words of the longest frame phrase ("السلام عليكم ورحمة الله وبركاته")


def _phrases(*phrases: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(words(p)) for p in phrases if words(p))


_APART = "…"  # "денег … получ": two word beginnings with other words between them
_APART_WORDS = 5


def _beginnings(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """Word beginnings as one pattern. A Cyrillic one of four letters or fewer is a whole word:
    "був" (was) is not "буває" (happens), "коли" (when) not "колишній" (former). Arabic
    attaches articles and prepositions to words, so its beginnings stay beginnings. Two
    beginnings joined by "…" match with up to _APART_WORDS words between them."""
    apart = [p.split(_APART) for p in phrases if _APART in p]  # "денег … получ"
    phrases = [p for p in phrases if _APART not in p]
    unique = sorted({" ".join(words(p)) for p in phrases} - {""}, key=len, reverse=True)
    whole = [p for p in unique if len(p) <= _WHOLE_WORD and _CYRILLIC.search(p)]
    starts = [p for p in unique if p not in whole]
    found = [rf"(?:{_alternatives(starts)})\w*"] if starts else []
    found += [rf"(?:{_alternatives(whole)})(?!\w)"] if whole else []
    found += [
        # a few words apart at most (lazily, so a long message is read in linear time)
        # (within one clause: no punctuation between them)
        rf"{_alternatives([' '.join(words(a))])}\w*(?:\s+[^\s,.;:!?؟،]+){{0,{_APART_WORDS}}}?\s+"
        rf"{_alternatives([' '.join(words(b))])}\w*"
        for a, b in (pair[:2] for pair in apart)
        if words(a) and words(b)
    ]
    return re.compile(rf"(?<!\w)(?:{'|'.join(found)})") if found else None


def _whole(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """Whole words or phrases as one pattern: "что за" is not the start of "заставляет"."""
    unique = sorted({" ".join(words(p)) for p in phrases} - {""}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{_alternatives(unique)})(?!\w)") if unique else None


def _split_before(phrases: Sequence[str]) -> re.Pattern[str] | None:
    """A split before any of `phrases` (whole words, as written, any case), taking the space and
    a comma before it: the phrases start the second question and stay in it."""
    unique = sorted(set(phrases) - {""}, key=len, reverse=True)
    if not unique:
        return None
    # one way to match a run of spaces (possessive, from its first space only): a message of
    # thousands of spaces costs no more than its length; "и что-то" is no second question
    return re.compile(
        rf"(?<![\s,])(?:\s*+,\s*+|\s++)(?=(?:{_alternatives(unique)})(?![\w-]))", re.IGNORECASE
    )


# Join words that add a statement as often as a question ("and also", "and more")
_ADDING = frozenset(
    fold(word) for word in "ещё еще также ще також وكمان كمان وأيضا وايضا أيضا ايضا".split()
)
_WHOLE_WORD = 4
_QUESTION_MARK = re.compile(r"[?؟]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _alternatives(phrases: list[str]) -> str:
    # a space of a phrase is any run of spaces or a hyphen: "что то" is also "что-то"
    return "|".join(re.escape(p).replace("\\ ", r"[\s-]+") for p in phrases)


def _tokens(body: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), " ".join(words(m.group()))) for m in _TOKEN.finditer(body)]


def _opening_end(phrases: frozenset[tuple[str, ...]], body: str, whole: bool = False) -> int | None:
    """Where the longest frame phrase that opens `body` ends; None when none does."""
    tokens = _tokens(body[: _FRAME_WINDOW * 20])
    for size in range(min(len(tokens), _LONGEST_PHRASE), 0, -1):
        if tuple(t[2] for t in tokens[:size]) in phrases:
            # a greeting that is the whole message is left whole ("Вітаю вас"), not cut
            # after a shorter greeting in it ("Вітаю"), which left "вас" as a question; all
            # that is left after a greeting (`whole`) goes: "مساء النور يا جماعة"
            return tokens[size - 1][1] if size < len(tokens) or whole else None
    return None


def _question_word(join: str) -> str:
    """The question word of a `joins:` phrase: its last word ("и как": "как"), without the
    "و" (and) written onto it ("وكيف": "كيف")."""
    last = words(join)[-1]
    return last[1:] if len(words(join)) == 1 and last.startswith("و") and len(last) > 2 else last


def _closing_start(
    phrases: frozenset[tuple[str, ...]],
    body: str,
    asks: Callable[[Sequence[str]], bool] | None = None,
) -> int | None:
    """Where a frame phrase that ends `body` begins: it starts a line or follows a sentence,
    and at most a name comes after it (no question, no request): up to _NAME_WORDS words, or
    _SIGNATURE_WORDS on the lines under a closing that is a line of its own."""
    tokens = _tokens(body)
    for index in range(max(0, len(tokens) - _SIGNATURE_WORDS - 4), len(tokens)):
        for size in range(1, 5):
            said = tuple(t[2] for t in tokens[index : index + size])
            if len(said) < size or said not in phrases:
                continue
            after = body[tokens[index + size - 1][1] :]
            before = body[: tokens[index][0]]
            # after a closing on a line of its own, a signature may say more than a name:
            # "С уважением,\nполковник в отставке В. И. Самойлов", "Ірина Мельник, Dessau-Nord"
            own_line = re.search(r"\n\s*$", before) and re.match(r"[^\w\n]*\n", after)
            most = _SIGNATURE_WORDS if own_line and after.count("\n") <= 2 else _NAME_WORDS
            short = (
                len(tokens) - index - size <= most
                and not re.search(r"[?؟]", after)
                # no question or request under it: "Спасибо!\nподскажите адрес офиса"
                and not (asks and asks(words(after)))
            )
            # (or it is all there is: "Благодарю за помощь"; not "Спасибо. Телефон бюро")
            alone = not before.strip() and not words(after)
            if short and (alone or re.search(r"[\n.!,،?؟]\s*$", before)):
                return tokens[index][0]
    return None
