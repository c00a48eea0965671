"""Text normalisation for matching: case, umlauts, punctuation, stop words, light stemming.

Everything here is pure and deterministic; the matcher applies the same processor to the
knowledge base and to what citizens type, so "Frühe Bildung", "fruehe bildung" and
"FRUHE BILDUNG!!" meet in the middle.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# ä/ö/ü are folded to their two-letter spellings, so "fruehe" and "frühe" become one word;
# str.casefold() already turns "ß" into "ss" (Roßlau = Rosslau).
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_WORD = re.compile(r"[^\W_]+")

GERMAN_STOP_WORDS = frozenset(
    """
    a ab aber alle alles als also am an auch auf aus bei beim bin bis bitte da dabei damit dann
    das dass dem den denn der des dich die dies diese diesem diesen dieser dieses dir doch dort
    du durch ein eine einem einen einer eines einfach er es etwa etwas euch euer fuer gab gibt
    geben gerne gern gibts hab habe haben hat hatte hier hin ich ihm ihn ihnen ihr ihre im in
    ist ja jemand kann kannst koennen koennte konnte man mal mehr mich mir mit moechte moechten
    muss mein meine meinem meinen meiner nach nicht noch nun nur ob oder ohne schon sehr sein
    seine sich sie sind so soll sollte sowas um und uns unser unsere vom von vor wann war waere
    warum was weiss welche welchem welchen welcher welches wem wen wenn wer werde werden wie
    will wir wird wo wurde zu zum zur ueber gerade eigentlich irgendwie genau denn wohl sagen
    sag sagst erzaehl erzaehlen erklaer erklaeren info infos information informationen frage
    fragen wissen weisst eure euren gehts geht mache machen finde finden suche suchen bekomme
    bekommen brauche brauchen tun hab habt paar mal halt eben ganz jetzt bisschen irgendwas
    wuerde wuerden wuerdest n ne nen ok okay bzw usw kriege krieg kriegt komme kommen kommt
    macht machst heisst heissen frau herr herrn wollt wollen ganze ganzen ganzes moeglich
    steht stehen stehn verfolgt verfolgen versteht verstehen bietet bieten bekommt findet
    sieht aussieht laeuft gelaufen geht gehen tut
    yo jo ey lol haha hihi xd digga bro nee hm hmm aeh aehm naja achso ah oh
    allen allem aller rein drauf drin dran bevor nachdem waehrend weil obwohl immer oft
    sonst eh ueberhaupt nochmal komm ding dinger sache sachen zeug kram
    irgendwann vielleicht bloss trotzdem dafuer dazu daran darauf darueber
    unseren unserem unserer unseres eurem eurer eures ihrem ihrer ihres dein deine deinem
    deinen deiner seinem seinen seiner seines solche solcher solchen solches einige einigen
    einiger jede jeder jeden jedem viele waren wart warst gewesen sei seien einmal bereits
    neulich selbst konnten koennten sollen sollten muessen musste wollte wollten duerfen darf
    hast hatten wurden dahintersteckt dahinter steckt kam kamen zusammenfassen erlaeutern
    beschreiben echte anschliessend gehoert
    seitens inwiefern inwieweit darin hierzu hierfuer diesbezueglich haette haetten gewusst
    verbirgt verbergen fand statt direkt regelmaessig
    """.split()
)
# Not stop words, measured: "davon" ("Was habe ich davon?" asks what the programme brings),
# "wieder" ("… wieder abbestellen"), "irgendwo", "raus", "vielen", "konkret", "bist" and "seid"
# ("Wozu bist du da?") each cost right answers or small talk, or made a wrong answer, on the
# seen sets; "alter" (the age) and "kurz" ("kurz vorbeikommen") are words a question may be
# about.
ENGLISH_STOP_WORDS = frozenset(
    """
    a about an and are as at be can could do does for from get give has have hello how i if in
    info is it me my of on or please tell the there this to us want was we what when where which
    who why will with would you your re s t ll ve m d whats any anything some thing just
    """.split()
)
STOP_WORDS = GERMAN_STOP_WORDS | ENGLISH_STOP_WORDS

# Words that appear in almost every question about this programme and tell nothing about which
# answer is wanted. They still count, but far less than telling words (see matcher.GENERIC_WEIGHT).
GENERIC_WORDS = frozenset(
    "stadt dessau rosslau dessaurosslau city town bildung engagiert engagierte angebot".split()
)

_SUFFIXES = ("ungen", "innen", "ern", "en", "er", "es", "em", "e", "n", "s")
_MIN_STEM = 4

# Telling German from English. Only function words count (articles, pronouns, prepositions,
# question words, auxiliaries): a content word says nothing, because German borrows freely
# ("Gibt es ein Event?", "Wo ist das Team?", "Job-Beratung"). Function words that both
# languages write ("in", "an", "was", "will", "so", "also", "am", "ok") are no evidence at all.
_SHARED_WORDS = (GERMAN_STOP_WORDS & ENGLISH_STOP_WORDS) | {
    "am", "also", "so", "ok", "okay", "information",
}  # fmt: skip
_ENGLISH_MARKERS = ENGLISH_STOP_WORDS - _SHARED_WORDS - {"s"}  # "gibt's", "geht's": German too
_GERMAN_MARKERS = GERMAN_STOP_WORDS - _SHARED_WORDS
# A question's first word weighs double: both languages open questions with a question word
# or an auxiliary ("Any events …?", "Who runs …?", "Gibt es …?", "Wo ist …?"). As the opening
# word, "was" counts (once) for German: "Was bedeutet …?" is German, and an English "Was there
# …?" has English words after it that outweigh it.
_OPENING_WEIGHT = 2
_GERMAN_OPENERS = frozenset({"was"})
# German spelling: umlauts and ß, and endings English has not ("Beratung", "Möglichkeit",
# "Gemeinschaft"). One point per such word, so a German name in an English question ("What is
# Frühe Bildung?") does not outweigh the English around it. The city's own name is no evidence.
_GERMAN_LETTERS = frozenset("äöüß")
_GERMAN_ENDINGS = ("ung", "ungen", "keit", "heit", "schaft")
_MIN_ENDING_WORD = 7  # "Bildung", but not "strung"
_NAMES = frozenset({"roßlau", "rosslau", "dessau"})


def fold(text: str) -> str:
    """Case-fold and fold umlauts, ß and accents: 'Frühe Roßlau' -> 'fruehe rosslau'."""
    if text.isascii():  # most of what is folded: nothing to normalise, only case
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():  # umlauts and ß were the only non-ASCII letters
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """All words of a text after folding, punctuation removed ('Jugend.Berufs.Zentrum' = 3)."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """Strip one common German/English inflection suffix, keeping at least four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)] + ("ung" if suffix == "ungen" else "")
    return word


# The city's name is one word: "Dessau-Roßlau" is the city, "Roßlau" alone the part of it
# that has an entry of its own.
_CITY = re.compile(r"\bdessau rosslau\b")


GENERIC_TERMS = frozenset(stem(word) for word in GENERIC_WORDS)  # as the matcher sees them


def terms(text: str, synonyms: Mapping[str, str] | None = None) -> list[str]:
    """The telling terms of a text: folded, each word replaced by its synonym's (`synonyms`,
    knowledge/synonyms.py), stemmed, stop words removed, order kept, no repeats.

    A text made only of stop words ("Wer bist du?") keeps them, so it can still be matched.
    """
    all_words = _CITY.sub("dessaurosslau", " ".join(words(text))).split()
    if synonyms:
        all_words = [synonyms.get(word, word) for word in all_words]
    kept = [w for w in all_words if w not in STOP_WORDS] or all_words
    return list(dict.fromkeys(stem(w) for w in kept))


def detect_language(text: str, prefer: str | None = None) -> str | None:
    """'en' or 'de' when the text shows it, None when it does not ("JBZ?" could be either).

    English function words weigh against German ones and German spelling (see above). A tie
    with evidence on both sides goes to `prefer` (the caller's best guess about the person, such
    as their Telegram language), else to German, the bot's default.
    """
    all_words = words(text)
    english = german = 0
    if all_words and all_words[0] in _GERMAN_OPENERS:
        german += 1
    for position, word in enumerate(all_words):
        weight = _OPENING_WEIGHT if position == 0 else 1
        if word in _ENGLISH_MARKERS:
            english += weight
        elif word in _GERMAN_MARKERS:
            german += weight
    german += sum(_spelled_german(word) for word in _WORD.findall(text.lower()))
    if english > german:
        return "en"
    if german > english:
        return "de"
    if not german:
        return None
    return prefer if prefer in ("de", "en") else "de"


# Scripts the bot does not answer in yet (issue 10): told by their letters, so the team's card
# names the language a message is written in. Ukrainian and Russian share most of Cyrillic;
# each has letters of its own.
_UKRAINIAN_LETTERS = frozenset("іїєґ")
_RUSSIAN_LETTERS = frozenset("ыэъё")
UKRAINIAN_OR_RUSSIAN = "uk-ru"  # Cyrillic without a letter or a word of either's own
# Short words that only one of the two writes ("як" / "как", "що" / "что", "дякую" / "спасибо").
_UKRAINIAN_WORDS = frozenset("як що це та де дякую будь ласка мені можу чи коли хто вас".split())
_RUSSIAN_WORDS = frozenset(
    "как что это где спасибо пожалуйста мне могу ли когда кто вы можно здравствуйте".split()
)


def written_language(text: str) -> str | None:
    """'uk', 'ru', UKRAINIAN_OR_RUSSIAN or 'ar' when most letters of `text` are Cyrillic or
    Arabic ("Wo ist das JBZ? Дякую" is German: its main language decides); None otherwise."""
    letters = [c for c in text.casefold() if c.isalpha()]
    cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    arabic = sum("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in letters)
    if not letters or max(len(cyrillic), arabic) * 2 <= len(letters):
        return None
    if arabic > len(cyrillic):
        return "ar"
    found = _WORD.findall(text.casefold())
    ukrainian = len(_UKRAINIAN_LETTERS.intersection(cyrillic)) * 2 + sum(
        word in _UKRAINIAN_WORDS for word in found
    )
    russian = len(_RUSSIAN_LETTERS.intersection(cyrillic)) * 2 + sum(
        word in _RUSSIAN_WORDS for word in found
    )
    if ukrainian > russian:
        return "uk"
    if russian > ukrainian:
        return "ru"
    return UKRAINIAN_OR_RUSSIAN


def _spelled_german(word: str) -> bool:
    """Whether a (lower-case) word is spelled the German way: umlauts, ß, a German ending."""
    if word in _NAMES:
        return False
    if _GERMAN_LETTERS.intersection(word):
        return True
    return len(word) >= _MIN_ENDING_WORD and word.endswith(_GERMAN_ENDINGS)
