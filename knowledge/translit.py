"""Russian written in Latin letters ("privet! kakie blizhaishie meropriyatiya?").

People without a Cyrillic keyboard – on a borrowed phone, a German laptop – write Russian in
Latin letters the way they sound. `in_latin_letters` tells such a message by the everyday
words that only Russian has, and beside them words of Russian shapes (`_RUSSIAN_SHAPE`; at
least two such words and a quarter of the message, or, in a
message of one or two words, a greeting or thanks: German and English questions never have
them); `to_cyrillic` spells it back for the Russian matcher, word by word, keeping the words
the caller says to keep (those the Russian matcher holds exactly: "engagierte stadt"). The
spelling back need not be exact: the Russian stemmer and the matcher's typo tolerance take
"ближаишие" for "ближайшие".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.text import fold

# Everyday Russian words as people write them in Latin letters, none of them a German or
# English word or short for one ("da", "den", "tut", "net", "na", "ty", "ya", "hotel", "tam",
# "eta", "nas" are left out for that reason)
_RUSSIAN_WORDS = frozenset(
    """
    chto shto chto-to kak gde kogda kto eto etot eti mne menya mnoy tebe tebya vas vam vami nam
    privet privetik spasibo spasib pozhaluysta pozhalujsta pojaluista pozhalusta mozhno nuzhno
    nado hochu khochu kakie kakoy kakaya kakoe kakuyu skolko pochemu zachem pomoch pomogite
    pomogi zdravstvuyte zdravstvujte zdrastvuyte zdravstvuite zdrastvuite zdrastvujte dobryy
    dobryj dobriy dobroe dobryi vecher utro poka horosho khorosho ladno ili uzhe eshche esche eshe
    tolko mozhesh mozhete mozhet napomni napomnite voobshe voobshche takoe takoy tozhe sejchas
    seychas dlya dlja ochen gorod programma meropriyatie meropriyatiya volonter volontery rabota
    rabotu skazhite podskazhite rasskazhite blizhaishie blizhayshie sleduyushchee budet kakogo
    kakom kakih kakikh etoi etoy etom byli byl bylo vsego dobrogo chtoby nichego spasibochki
    li goda let chego chem chemu kogo komu mogu hotyat khotyat hotim khotim pryamo moghno
    roditeley roditelej detey vstrechi celi tseli programmy programmu zapisatsya zapisatsa
    zapisat'sya otpishite napominaniy napominanij napominaniya uvedomleniya obuchenie
    uchastvuet uchastvovat nauchitsya ponyal ponyala ponyatno yasno vashi vashego nashi nashego
    moya moego moi svidaniya svidanya dosvidaniya
    byt gorode gorodom zhivu zhit rabotayu
    rabotaju rabotat yazyk yazyka yazykah yazykakh nemeckom nemetskom russkom detskiy detskij
    detskie shkoly shkole vremya vremeni svobodnoe svobodna dannye dannyh dannykh dannymi
    soobsheniya soobshcheniya soobshenija soobshhenija mezhdu pomosch pomoshch pomoshchi sdelat
    godu nedelyu vstreche vstrechu svyazatsya svjazatsja
    pomogut pomogayut molodezhi molodyozhi professiyu vybrat vnukami vnukov
    zapisatsja podpisatsya podpisatsja
    """.split()
)
# A message of one or two words is told by these alone ("spasibo", "privet!")
_ALONE = frozenset(
    """
    privet privetik spasibo spasibochki zdravstvuyte zdravstvujte zdrastvuyte zdravstvuite
    zdrastvuite zdrastvujte poka pozhaluysta pozhalujsta ladno ponyal ponyala ponyatno
    horosho khorosho yasno dobryi dobryj dobryy dobriy dobroe svidaniya svidanya dosvidaniya
    """.split()
)
# Whole words whose soft sign people leave out ("dobryj den", "est chto-to")
_SOFT_SIGN_LEFT_OUT = {
    "den": "день", "est": "есть", "zdes": "здесь", "pomoch": "помочь", "ves": "весь",
    "byt": "быть",
}  # fmt: skip
# Word shapes German, English and Ukrainian in Latin letters do not have: "shch", "-iyu"
# ("strategiyu") and the endings of Russian adjectives, nouns and verbs ("poleznoj",
# "russkoyazychnykh", "startovom", "yazykakh", "umeesh", "uchastvovat"; not "-ogo": "Logo");
# counted only in small letters (not names: "Andriy", "Soraya", "DIY") and only beside an
# everyday Russian word. Not "zh" (Ukrainian "mozhna", German "herzhaft") nor "-iy", "-yy",
# "-aya" (names), nor "-tsja" (Ukrainian "robytsya", "vidbuvajetsja").
_RUSSIAN_SHAPE = re.compile(r"shch|iyu|(?:oj|yj|ykh|eesh|aesh|ovom|ymi|akh|yakh|ovat)$")
_MIN_WORDS = 2  # Russian words that tell a longer message
_MIN_SHARE = 0.25

# Latin letters and their sounds in Cyrillic, longest first: "shch" before "sh" and "ch"
_LETTERS = sorted(
    (
        pair.split(":")
        for pair in """
        shch:щ sch:щ zh:ж kh:х ch:ч sh:ш ts:ц yu:ю ju:ю ya:я ja:я yo:е jo:е ye:е a:а b:б v:в w:в
        g:г d:д e:е z:з i:и j:й k:к l:л m:м n:н o:о p:п r:р s:с t:т u:у f:ф h:х c:ц x:кс q:к
        y:ы ':ь
        """.split()
    ),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_SOUND = re.compile("|".join(re.escape(latin) for latin, _ in _LETTERS))
_CYRILLIC_OF = dict(_LETTERS)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")  # "ob'yavlenie"; not the quotes around a word


# Letters with a háček ("požalujsta", "bol'še") are the two-letter sounds, before folding
# takes their accents off
_HACEK = str.maketrans({"š": "sh", "ž": "zh", "č": "ch", "Š": "Sh", "Ž": "Zh", "Č": "Ch"})


def _folded(text: str) -> str:
    return fold(text.translate(_HACEK))


def in_latin_letters(text: str) -> bool:
    """Whether `text` is Russian written in Latin letters: at least two of its everyday words
    (or one and words of Russian shapes) and a quarter of the message, or a message of one or
    two words with a greeting or thanks ("spasibo")."""
    found = _WORD.findall(_folded(text))
    if len(found) <= _MIN_WORDS:
        return any(word in _ALONE for word in found)
    listed = sum(word in _RUSSIAN_WORDS for word in found)
    # the words found in small letters as written ("poleznoj"); a capitalised word is found
    # only without its first letter ("ndriy"), so it is not among them
    small = set(_WORD.findall(text.translate(_HACEK)))
    shaped = sum(
        word not in _RUSSIAN_WORDS and word in small and bool(_RUSSIAN_SHAPE.search(word))
        for word in found
    )
    russian = listed + shaped if listed else 0
    return russian >= _MIN_WORDS and russian / len(found) >= _MIN_SHARE


def to_cyrillic(text: str, keep: Callable[[str], bool] = lambda word: False) -> str:
    """`text` with its Latin words spelled in Cyrillic, except those `keep` says to keep."""
    return _WORD.sub(lambda found: _spelled(found.group(), keep), _folded(text))


def _spelled(word: str, keep: Callable[[str], bool]) -> str:
    if word not in _RUSSIAN_WORDS and keep(word):
        return word
    if word in _SOFT_SIGN_LEFT_OUT:
        return _SOFT_SIGN_LEFT_OUT[word]
    if word.startswith("et") and len(word) <= 5:  # "eto", "etot", "etomu": э, not е
        word = "э" + word[1:]
    # "y" or "j" after a vowel and before none is й ("moy", "dobryy", "zdravstvuyte"); before
    # one it starts "ya", "yu", "yo" above
    word = re.sub(r"(?<=[aeiouy])[yj](?![aeiou])", "й", word)
    word = re.sub(r"(?<=[aeou])i(?=[b-df-hj-np-tv-z])", "й", word)  # "blizhaishie": ближайшие
    word = re.sub(r"(?<=y)i$", "й", word)  # "dobryi": добрый
    # reflexive verbs: "nauchitsya", "zapisatsa" -ться; not the nouns in -ица ("ulitsa")
    word = re.sub(r"t'?s[yj]a$|(?<=[aeouy])t'?sa$", "ться", word)
    spelled = _SOUND.sub(lambda sound: _CYRILLIC_OF[sound.group()], word)
    if len(spelled) < _SOFTENED_LENGTH or keep(spelled):
        return spelled
    # a soft sign is often left out ("uchastvovat", "konsultacii"): taken where the
    # knowledge base knows the word with it (not "mozhet", "budet": no "ь" there)
    softened = _SOFT_L.sub("ль", spelled)
    for candidate in (spelled + "ь", softened, softened + "ь"):
        if candidate != spelled and keep(candidate):
            return candidate
    return spelled


_SOFT_L = re.compile(r"л(?=[бвгджзклмнпрстфхцчшщ])")
_SOFTENED_LENGTH = 5  # not the small words: "kak" is no "какь"
