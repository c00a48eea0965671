"""Courtesy around questions: thanks, praise, emoji, and the small-talk entries they stand for.

Pure functions over a reading (knowledge/reading.py); the plan (knowledge/plan.py) decides
with them whether a message is small talk, a complaint for the team, or a question, and takes
from here the replies to a message that is only courtesy (`small_talk_only`) or only asks for
help (`what_the_bot_does`).
"""

from __future__ import annotations

import re

from knowledge.cues import Cues
from knowledge.decision import Outcome
from knowledge.matcher import Matcher
from knowledge.model import SMALL_TALK
from knowledge.reading import Part, Reading
from knowledge.replies import Reply, Step
from knowledge.text import STOP_WORDS, fold, words

# The small-talk entries (knowledge/smalltalk.yaml) that answer a message of only frame, and
# one that asks for help and names nothing.
THANKS, GREETING, GOODBYE = "smalltalk-danke", "smalltalk-hallo", "smalltalk-tschuess"
ABILITIES, ALL_RIGHT = "smalltalk-faehigkeiten", "smalltalk-ok"
_EMOJI_SMALL_TALK = {
    "👍": ALL_RIGHT, "👌": ALL_RIGHT, "🆗": ALL_RIGHT, "✅": ALL_RIGHT,
    "🙂": ALL_RIGHT, "😊": ALL_RIGHT, "🙏": THANKS, "❤": THANKS, "👋": GREETING,
}  # fmt: skip
# emoji presentation and skin tones: "👍🏼" and "❤️" are "👍" and "❤"
_EMOJI_VARIANTS = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff\\s]")


def small_talk_of_emoji(text: str) -> str:
    """The small-talk entry an emoji alone stands for ("👍🏼", "👍👍": all right), or ""."""
    plain = _EMOJI_VARIANTS.sub("", text)
    one = plain[0] if plain and set(plain) == {plain[0]} else ""
    return _EMOJI_SMALL_TALK.get(one, "")


_THANKS_WORDS_MAX = 6  # "Super, hat mir geholfen" beside the thanks, not a story
_NEGATIONS = frozenset("nicht kein keine keinen nichts nie not no".split())
_PRAISE = frozenset(
    """hilft geholfen hilfreich hilfe nett super toll prima klasse perfekt gut spitze lieb
    gross grosse schnell schnelle antwort auskunft waren war great helpful nice kind awesome
    perfect help freundlich jut gemacht jemacht""".split()
)


def only_thanks(reading: Reading) -> bool:
    """ "Super, hat mir geholfen, danke", "Dankeschön, das hilft mir sehr!": the thanks is the
    message, not a question for the team nor one for an entry that shares a word with it.
    Only for thanks around a few words that ask nothing and deny nothing: "Das hat mir nicht
    geholfen, danke" and "Guten Tag, meine Mutter ist pflegebedürftig …" stay questions for
    the team."""
    if not reading.thanks:
        return False
    rest = " ".join(p.text for p in reading.parts)
    found = words(rest)
    if not all(w in STOP_WORDS or w in _PRAISE or w in _NEGATIONS for w in found):
        return False  # "Danke! JBZ Adresse" asks something, though without "?"
    return (
        not any(p.asks for p in reading.parts)
        and len(found) <= _THANKS_WORDS_MAX
        and not _NEGATIONS.intersection(found)
    )


# All is well, nothing more is asked ("Kein Problem!", "Danke, das war's", "Keine weiteren
# Fragen"): an answer, not a question for the team nor for an entry that shares a word
# ("Problem" met the JBZ, "keine" the reminders' stop). On the words of what the frame left.
_ALL_IS_WELL = re.compile(
    r"(?:(?:ok|okay|gut|alles\s+klar|nein|ne|nee|no)\s+)?"
    r"(?:kein(?:e|en)?\s+(?:problem|probleme|ding|stress|sorge|ursache)|no\s+(?:problem|worries)"
    r"|macht\s+(?:nichts|nix)|nicht\s+schlimm"
    r"|das\s+war(?:\s+s|s|\s+es)(?:\s+(?:schon|auch|erstmal|dann|alles|f(?:ue|u)rs\s+erste))*"
    r"|(?:ich\s+)?(?:(?:hab|habe)\s+)?(?:(?:sonst|erstmal|jetzt)\s+)?keine\s+(?:weitere[n]?\s+)?"
    r"fragen(?:\s+mehr)?"
    r"|(?:that\s+s|thats|that\s+is)\s+(?:all|it)(?:\s+for\s+now)?"
    r"|no\s+(?:more|further)\s+questions)"
)


def all_is_well(reading: Reading, cues: Cues | None) -> bool:
    """ "Kein Problem!", "Danke, das war's", "Больше вопросов нет": the message says all is
    well or that nothing more is asked (a further language's `all_right:` phrases)."""
    rest = " ".join(p.text for p in reading.parts)
    said = words(rest)
    if not said or re.search("[?؟]", rest):  # "Das war's schon?" asks
        return False
    if cues is not None:
        return tuple(said) in cues.all_right
    return _ALL_IS_WELL.fullmatch(" ".join(said)) is not None


def denied(text: str) -> bool:
    """Whether a message says it is not all right: "Das reicht mir nicht", "nix verstanden",
    "Не понятно" are no "Alles klar" ("Alles klar, kein Problem" is)."""
    return bool(_NOT_ALL_RIGHT.search(fold(text)))


# A negation next to a word of understanding, help or being enough, either way round
_NOT = r"(?:nicht|nich|nix|kein|not|no|не|ні|ما)"
_ALL_RIGHT = (
    r"(?:reicht|verstanden|verstehe|geholfen|hilft|klar|passt|gut|understood|understand"
    r"|helpful|helped|clear|понятно|понял[аи]?|ясно|помогло|зрозуміло|зрозумів|зрозуміла"
    r"|допомогло|فهمت|واضح)"
)
_NOT_ALL_RIGHT = re.compile(
    rf"(?<!\w){_NOT}\s+(?:\w+\s+){{0,2}}{_ALL_RIGHT}(?!\w)"
    rf"|(?<!\w){_ALL_RIGHT}\s+(?:\w+\s+){{0,2}}(?:nicht|nich|nix|not)(?!\w)"
)


def help_denied(reading: Reading) -> bool:
    """Thanks around a few words that say it did not help."""
    found = words(" ".join(p.text for p in reading.parts))
    return (
        reading.thanks
        and bool(_NEGATIONS.intersection(found))
        and len(found) <= _THANKS_WORDS_MAX
        and all(w in STOP_WORDS or w in _PRAISE or w in _NEGATIONS for w in found)
    )


def what_the_bot_does(reading: Reading, matcher: Matcher) -> tuple[Reply, ...]:
    """ "Kannst du mir helfen?", "Ich kenne mich nicht aus": what the bot can do, which is
    where help starts (the team, if that entry is missing)."""
    part = Part(reading.text, reading.text, question=True)
    entry = matcher.kb.by_id.get(ABILITIES)
    if entry is None:
        return (Reply(Step.TEAM, part, matcher.ask(reading.text)),)
    return (Reply(Step.SMALL_TALK, part, entry=entry),)


def small_talk_only(
    reading: Reading, matcher: Matcher, all_right: bool = False
) -> tuple[Reply, ...]:
    """A message that is all frame is small talk: a goodbye when it takes leave ("Danke und
    tschüss", "Bis morgen"), else answered as the whole text is, or by what the frame was
    ("Danke im Voraus": thanks); one that says all is well (`all_right`) is "all right"
    unless it thanks or takes leave ("Kein Problem!"; "Danke, das war's" is thanks)."""
    part = Part(reading.text, reading.text, question=False)
    well = matcher.kb.by_id.get(ALL_RIGHT) if all_right else None
    if well is not None and not reading.thanks and not reading.goodbye:
        return (Reply(Step.SMALL_TALK, part, entry=well),)
    decision = matcher.ask(reading.text)
    goodbye = matcher.kb.by_id.get(GOODBYE) if reading.goodbye else None
    if goodbye is not None:
        return (Reply(Step.SMALL_TALK, part, decision, goodbye),)
    entry = decision.candidates[0].entry if decision.outcome is Outcome.ANSWER else None
    if entry is not None and (entry.category == SMALL_TALK or not reading.thanks):
        step = Step.SMALL_TALK if entry.category == SMALL_TALK else Step.ANSWER
        return (Reply(step, part, decision, entry),)  # (thanks are no recognition question)
    # thanks, a goodbye, or else a greeting (also for "Ich hätte eine Frage:" alone)
    wanted = THANKS if reading.thanks else GOODBYE if reading.goodbye else GREETING
    if not reading.framed:  # no words at all: "👍" is all right, "🙏" thanks, "🍕🍕🍕" nothing
        wanted = small_talk_of_emoji(reading.text)
    frame = matcher.kb.by_id.get(wanted)
    if frame is not None:
        return (Reply(Step.SMALL_TALK, part, decision, frame),)
    return (Reply(Step.TEAM, part, decision),)
