"""Text normalisation for matching: case, umlauts, punctuation, stop words, light stemming.

Everything here is pure and deterministic; the matcher applies the same processor to the
knowledge base and to what citizens type, so "Frühe Bildung", "fruehe bildung" and
"FRUHE BILDUNG!!" meet in the middle.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from knowledge import rewrites

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
    sonst eh ueberhaupt nochmal komm ding dinger sache sachen zeug kram wenig wenige wenigen kaum
    fuers aufs ums vors ins ans durchs uebers unters
    irgendwann vielleicht bloss trotzdem dafuer dazu daran darauf darueber
    unseren unserem unserer unseres eurem eurer eures ihrem ihrer ihres dein deine deinem
    deinen deiner seinem seinen seiner seines solche solcher solchen solches einige einigen
    einiger jede jeder jeden jedem viele waren wart warst gewesen sei seien einmal bereits
    neulich selbst konnten koennten sollen sollten muessen musste wollte wollten duerfen darf
    hast hatten wurden dahintersteckt dahinter steckt kam kamen zusammenfassen erlaeutern
    beschreiben echte anschliessend gehoert
    seitens inwiefern inwieweit darin hierzu hierfuer diesbezueglich haette haetten gewusst
    verbirgt verbergen fand statt direkt regelmaessig
    wieso weshalb deshalb deswegen ausserdem sowieso eher erstmal inzwischen gar
    niemals irgendein irgendeine irgendeinen irgendeinem beispiel ehrlich gesagt gefragt
    u oda eigtl glei gleich stimmt
    tatsaechlich sondern wirklich ziemlich generell praktisch bislang bissl manche manchen
    mancher gleichzeitig zusaetzlich dauernd ca z b imma meim mitm uffm anner iwo dasselbe
    beide beiden etliche saemtliche
    fuern warn isn haste kannste biste willste weisste musste extra heute spaeter gibtn
    meinst issn zusammengefasst zsmgefasst
    irgendetwas getan jetzige jetzigen jetzigem rahmen selber je endlich
    interessiert interessieren damals seh reinschreibe reinschreiben knapp
    daher hoeflich hoeflichst anfragen darlegen eig
    wat dit det ick nich ooch ma janz nu keene nischt isses ham hamm
    falls iwie wenigstens mindestens richtig sagt
    sowie mitzuteilen mitteilen anvertraue anvertrauen satz saetze saetzen worten konkret
    erlaube erlauben einzelnen freundlicherweise kurze kurzen kurzer insgesamt ihren ausser neben
    trifft voll aufm ufm null morgens se de wieda wern heesst wolln
    ersuche ersuchen weise rahmen gestatte gestatten worin woran wodurch
    """.split()
)
# Not stop words, measured: "davon" ("Was habe ich davon?" asks what the programme brings),
# "wieder" ("… wieder abbestellen"), "irgendwo", "raus", "vielen", "bist" and "seid"
# ("Wozu bist du da?") each cost right answers or small talk, or made a wrong answer, on the
# seen sets; "alter" (the age) and "kurz" ("kurz vorbeikommen") are words a question may be
# about. Nor "danach" ("was ging danach los?" asks the chronicle), "nie" ("hab vorher nie was
# gehört" then left only "vorher" to answer the reminders) or "leider" (measured, eighth session),
# nor "neu" ("Ich bin neu in Dessau und wollte fragen, was die Engagierte Stadt macht" then
# answered the aims; thirteenth session),
# nor "meint", "gemeint" ("Was ist damit gemeint?" asks what a thing named before is; "meinst
# du" asks the bot's opinion and is one). "warum", "wieso", "weshalb", "why" stay small
# words: as words of every question (a synonym group, fifteenth session) they measured 25
# more right on the seen sets, but "Warum soll ich mich engagieren?" then got why firms
# engage and "Warum?" buttons; only why firms engage reads them (knowledge/rewrites.py).
# "konkret" is one since the sixteenth session: it had been measured a loss before, but with
# "Bürger" generic ("den Bürgern konkret" had met "Bürgerinitiative") it measured 9 more right.
ENGLISH_STOP_WORDS = frozenset(
    """
    a about an and are as at be can could do does for from get give has have hello how i if in
    info is it me my of on or please tell the there this to us want was we what when where which
    who why will with would you your re s t ll ve m d whats any anything some thing just
    here now right
    that those these sort stuff
    """.split()
)
STOP_WORDS = GERMAN_STOP_WORDS | ENGLISH_STOP_WORDS

# Words that appear in almost every question about this programme and tell nothing about which
# answer is wanted. They still count, but far less than telling words (see matcher.GENERIC_WEIGHT).
GENERIC_WORDS = frozenset(
    """stadt dessau rosslau dessaurosslau city town bildung engagiert engagierte angebot
    buerger buergerinnen""".split()  # "den Bürgern" had met "Bürgerinitiative"
)

_SUFFIXES = ("ungen", "innen", "ern", "ens", "en", "er", "es", "em", "ed", "e", "n", "s")
_MIN_STEM = 4

# Telling German from English. Only function words count (articles, pronouns, prepositions,
# question words, auxiliaries): a content word says nothing, because German borrows freely
# ("Gibt es ein Event?", "Wo ist das Team?", "Job-Beratung"). Function words that both
# languages write ("in", "an", "was", "will", "so", "also", "am", "ok") are no evidence at all.
_SHARED_WORDS = (GERMAN_STOP_WORDS & ENGLISH_STOP_WORDS) | {
    "am", "also", "so", "ok", "okay", "information",
    "u", "isn", "warn", "haste", "extra",  # chat German and English alike ("u", "isn't")
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


# Cyrillic: "й" and "ї" are letters of their own, not "и" and "і" with an accent, so they are
# kept through the stripping of accents; "ё" is written "е" as often as not. Apostrophes inside a
# Ukrainian word ("пам'ять", "сім’я") are part of it.
_KEEP = str.maketrans({"й": "\ue000", "ї": "\ue001"})
_RESTORE = str.maketrans({"\ue000": "й", "\ue001": "ї"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_APOSTROPHE = re.compile(r"(?<=[\u0400-\u04ff])['’ʼ`](?=[\u0400-\u04ff])")
# Arabic: the vowel marks and hamza seats are accents (stripped with them, so "أ", "إ" and "آ"
# are "ا"); the letters people type for one another ("ى" for "ي", "ه" for "ة") and the
# stretching tatweel are folded too.
_ARABIC = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None})


def fold(text: str) -> str:
    """Case-fold and fold umlauts, ß and accents: 'Frühe Roßlau' -> 'fruehe rosslau'; Cyrillic
    and Arabic as above."""
    if text.isascii():  # most of what is folded: nothing to normalise, only case
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    cyrillic = _CYRILLIC.search(text) is not None
    if cyrillic:
        text = _APOSTROPHE.sub("", text).replace("ё", "е").translate(_KEEP)
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():  # umlauts and ß were the only non-ASCII letters
        return decomposed
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_ARABIC)
    return folded.translate(_RESTORE) if cyrillic else folded


def words(text: str) -> list[str]:
    """All words of a text after folding, punctuation removed ('Jugend.Berufs.Zentrum' = 3)."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """Strip one common German/English inflection suffix, keeping at least four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            if suffix == "ed" and word.endswith("ied"):
                continue  # English "-ed", not German "Mitglied", "Unterschied"
            return word[: -len(suffix)] + ("ung" if suffix == "ungen" else "")
    return word


# The city's name is one word: "Dessau-Roßlau" is the city, "Roßlau" alone the part of it
# that has an entry of its own.
# the city's name in the scripts its people write (Cyrillic and Arabic too): one generic term,
# so "Roßlau" alone ("Welche Rolle spielt Roßlau?", "А Рослау?") can still tell the district
_CITY = re.compile(r"\b(?:dessau rosslau|десс?ау росс?лау|دي?ساو روسلاو)\b")
# "nicht mehr" is two stop words, but "Ich will nicht mehr Nachricht über Termine bekommen"
# asks to stop as "keine Nachrichten mehr" does: before a verb of getting or sending (within
# four words) it is read as "kein", which is a term. Not "Ich weiß nicht mehr, wie …", "Ich
# finde die Seite nicht mehr", "Ich möchte nicht mehr mitmachen".
_NO_LONGER = re.compile(
    r"\bnicht mehr\b(?=(?:\s+\w+){0,4}?\s+"
    r"(?:bekomm|krieg|erhalt|schick|send|zuschick|zugeschickt|geschickt)\w*)"
)
# and after a wish, right before what the bot sends: the learner's "Ich möchte nicht mehr
# Erinnerung." (not "Warum bekomme ich nicht mehr Erinnerungen?", a complaint)
_NO_MORE_WANTED = re.compile(
    r"\b((?:moechte|will|wollen|brauche|bitte)(?: ich)?) nicht mehr\b"
    r"(?=(?: (?:die|eure|ihre|diese))? (?:erinnerung|nachricht|benachrichtigung))"
)

GENERIC_TERMS = frozenset(stem(word) for word in GENERIC_WORDS)  # as the matcher sees them


@dataclass(frozen=True, slots=True)
class Speech:
    """How one language's words become terms: its stop words and its stemmer.

    German and English share one (people mix them, and the matcher of knowledge/ serves both);
    knowledge/languages.py has the others."""

    stop_words: frozenset[str]
    stem: Callable[[str], str]


GERMAN = Speech(STOP_WORDS, stem)


def terms(
    text: str, synonyms: Mapping[str, str] | None = None, speech: Speech = GERMAN
) -> list[str]:
    """The telling terms of a text: folded, each word replaced by its synonym's (`synonyms`,
    knowledge/synonyms.py), stemmed, stop words removed, order kept, no repeats.

    A text made only of stop words ("Wer bist du?") keeps them, so it can still be matched.
    """
    lowered = fold(text)
    if speech is GERMAN:
        lowered = rewrites.german(lowered)
    folded = _CITY.sub("dessaurosslau", " ".join(_WORD.findall(lowered)))
    if "nicht mehr" in folded:  # (a plain test first: terms() runs on every question)
        folded = _NO_MORE_WANTED.sub(r"\1 kein", _NO_LONGER.sub("kein", folded))
    all_words = folded.split()
    if synonyms:
        all_words = [synonyms.get(word, word) for word in all_words]
    kept = [w for w in all_words if w not in speech.stop_words] or all_words
    return list(dict.fromkeys(speech.stem(w) for w in kept))


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


def _spelled_german(word: str) -> bool:
    """Whether a (lower-case) word is spelled the German way: umlauts, ß, a German ending."""
    if word in _NAMES:
        return False
    if _GERMAN_LETTERS.intersection(word):
        return True
    return len(word) >= _MIN_ENDING_WORD and word.endswith(_GERMAN_ENDINGS)
