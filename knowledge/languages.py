"""Ukrainian, Russian and Arabic: telling them apart, and how their words become terms.

German and English are told apart by function words (text.detect_language). The other three
are told by their script and letters: Arabic script is Arabic; Cyrillic is Ukrainian with
"і ї є ґ" or words only Ukrainian writes ("як", "що", "дякую"), Russian with "ы э ъ ё" or
words only Russian writes ("как", "что", "спасибо"). A message's main language decides ("Wo
ist das JBZ? Дякую" is German).

Each language's matcher (matcher.py) indexes that language's phrasings with its own stop words
and stemmer: Snowball's Russian and Arabic stemmers (the `snowballstemmer` package), and for
Ukrainian, which Snowball has not, a light stripper of inflection endings (measured in
`make eval`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import snowballstemmer

from knowledge.text import GERMAN, Speech, fold
from knowledge.translit import in_latin_letters

_UKRAINIAN_LETTERS = frozenset("іїєґ")
_RUSSIAN_LETTERS = frozenset("ыэъё")
UKRAINIAN_OR_RUSSIAN = "uk-ru"  # Cyrillic without a letter or a word of either's own
# Words that only one of the two writes ("як" / "как", "що" / "что", "дякую" / "спасибо").
_UKRAINIAN_WORDS = frozenset(
    "як що це та де дякую будь ласка чи коли хто привіт вітаю добрий скільки навіщо чому"
    " який яка які можна потрібно є або мені ви"
    # everyday words that Russian writes otherwise (not "робота", a form of Russian "робот",
    # nor "програма", a Russian misspelling, nor "зараз", "але", colloquial Russian too)
    " дуже ранок ранку побачення треба мене його вона вони ми був була буде такий така"
    " куди вечора роботи дитина дитини питання мова говорити якщо можу бувай бувайте"
    " допомога допомогу допомоги навчання зустрічі"
    # one-letter words Russian writes "с" and "и"; and everyday words of chats
    " з й із зі було хтось щось шо гаразд гарного всього здрастуйте робити почати поки"
    " ходив ходила можеш хоче допомагає порадьте прийняв".split()
)
_RUSSIAN_WORDS = frozenset(
    "как что это где спасибо пожалуйста ли когда кто здравствуйте привет сколько зачем"
    " почему какой какая какие нужно или есть ладно идти скольки работает мне вы"
    # everyday words that Ukrainian writes otherwise (not "уже", "говорить", "но", "город":
    # Ukrainian words too)
    " нет да вот тоже очень хорошо сейчас сегодня утро доброе свидания благодарю понятно"
    " можно надо меня тебя себя его она они был была будет такой только еще куда откуда"
    " добрый вечер помощь помочь помогите работа работу работы ребенок дети детей городе"
    " программа программе программы вопрос ответ язык русский скажите подскажите"
    " расскажите объясните хотел хотела нужна нужен нужны если пока здрасьте всего"
    " хорошего встречи спс понял поняла человек человека"
    # one-letter words Ukrainian writes "з", "і" and "до"; and everyday words of chats
    " и с к со че чё который которая которое которые которую хочет помогает посоветуйте"
    " принял приняла можешь расскажи находится".split()
)

# Endings only one of the two writes: Russian "-ая", "-ое", "-ые", "-ие", "-ия" ("стартовое
# мероприятие", "информация"), where Ukrainian writes "-а", "-е", "-і", "-ія"; Ukrainian
# "-ння" ("навчання"), where Russian writes "-ние".
_ONLY_RUSSIAN_ENDINGS = ("ая", "ое", "ые", "ие", "ия", "ии", "ию")
_ONLY_UKRAINIAN_ENDINGS = ("ння",)


def written_language(text: str) -> str | None:
    """'uk', 'ru', UKRAINIAN_OR_RUSSIAN or 'ar' when the text is mainly Cyrillic or Arabic;
    None otherwise.

    Words decide, not letters: people write their own language with the German names they
    see ("Кто подписал Kooperationsvereinbarung?" is Russian), so a text is Cyrillic or Arabic
    when it has at least half as many such words as Latin ones ("Wo ist das JBZ? Дякую" is
    German). A capitalised Cyrillic word inside a Latin sentence is a name, not the language
    ("Hallo, ich bin Олена Коваль" is German).
    """
    unquoted = _QUOTED.sub(_unless_own_script, text)
    if _mainly_cyrillic_or_arabic(unquoted):  # a quoted German name is not the language
        text = unquoted  # ("Was ist „Ehrenamtskultur“? Дякую!" stays German)
    found = list(_WORDS.finditer(text))
    arabic = sum(bool(_ARABIC_WORD.match(w.group())) for w in found)
    cyrillic_words = [w for w in found if _CYRILLIC_WORD.match(w.group())]
    latin = len(found) - len(cyrillic_words) - arabic
    cyrillic = [
        w.group().casefold()
        for w in cyrillic_words
        if not (latin and w.group()[0].isupper() and not _SENTENCE_START.search(text[: w.start()]))
    ]
    if not (cyrillic or arabic) or 2 * max(len(cyrillic), arabic) < latin:
        return None
    if arabic > len(cyrillic):
        return "ar"
    letters = set("".join(cyrillic))
    ukrainian = len(_UKRAINIAN_LETTERS & letters) * 2 + sum(
        w in _UKRAINIAN_WORDS or w.endswith(_ONLY_UKRAINIAN_ENDINGS) for w in cyrillic
    )
    russian = len(_RUSSIAN_LETTERS & letters) * 2 + sum(
        w in _RUSSIAN_WORDS or (len(w) > 3 and w.endswith(_ONLY_RUSSIAN_ENDINGS)) for w in cyrillic
    )
    if ukrainian > russian:
        return "uk"
    if russian > ukrainian:
        return "ru"
    return UKRAINIAN_OR_RUSSIAN


# «…», „…“, “…”, "…" and ‚…‘: the German name of a programme quoted in a Russian question
_QUOTED = re.compile(r"«[^»]*»|„[^“”\"]*[“”\"]|“[^”]*”|\"[^\"]*\"|‚[^‘’]*[‘’]")


def _mainly_cyrillic_or_arabic(text: str) -> bool:
    """Whether most words of `text` are in Cyrillic or Arabic script."""
    found = [w.group() for w in _WORDS.finditer(text)]
    other = sum(bool(_CYRILLIC_WORD.match(w) or _ARABIC_WORD.match(w)) for w in found)
    return 2 * other > len(found)


def _unless_own_script(quoted: re.Match[str]) -> str:
    """A quotation in Latin script left out, one in Cyrillic or Arabic kept."""
    keep = _CYRILLIC_WORD.search(quoted.group()) or _ARABIC_WORD.search(quoted.group())
    return quoted.group() if keep else " "


_WORDS = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s*)$")  # nothing before, or a sentence's end
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


# Question words, pronouns, prepositions, particles and polite fillers: no topic of their own.
UKRAINIAN_STOP_WORDS = _folded(
    """
    що як де коли хто чи це цей ця ці цього та і й а але або в у на з із зі до від для по про
    за під над при через без мені мене мій моя моє мої я ви вас вам ваш ваша ваше ваші вами ти
    тебе тобі він вона воно вони їх його її ми нас нам наш наша є був була було були буде бути
    можу можна може можете треба потрібно будь ласка підкажіть скажіть розкажіть поясніть хочу
    хотів хотіла хотілося хотів би б би ж же ще вже тут там так ні не дуже просто також теж
    тому який яка яке які якщо чому навіщо скільки щодо саме взагалі ось то щоб мати маю має
    можливо будьласка дізнатися знати інформацію інформація питання запитання
    таке такий така такі таку такого кому кого чого чим чому куди звідки туди сюди тоді зараз
    собі себе себе нашому нашої нашим наших нашу нашій вашому вашої вашим ваших вашу вашій моєму
    моєї моїм моїх мою моїй цій цьому цих цю цим той того тому тим та ту ті тих все всі всього
    всім усе усі весь вся дайте дай скажи підкажи розкажи поясни будь-ласка зробити робити
    треба мені мною тобою нею ним ними них нього неї ним їй йому їм яку якого якому яких якій
    якою якими це ось оце там тут десь щось щодо якось хтось нічого нема немає є був була буду
    будете будемо буду бувають можемо можуть могли міг могла мав мала мали хотіли хотілося
    дуже трохи ще вже також навіть лише тільки ну типу шо шось чи хіба невже прив привіт
    загалом приблизно шоб бо поки всим плз пліз потім
    ваще ващє тіки тіко мона нашо хоч кудись узагалі брати
    пжлст якийсь якась якесь якісь чув чула чули крім якої ввечері вечорами зовсім інакше
    шановні шановна шановний повагою панове заздалегідь наприклад
    мається увазі розуміється словами
    зможу зможете зможе зможемо зможуть уточнити залишу зрозуміти
    йти піти яким чином рамках
    будьте люб'язні люб’язні доброго добрий день вечір ранок вітаю дякую
    """
) - _folded("привіт прив доброго добрий день вечір ранок вітаю дякую")
RUSSIAN_STOP_WORDS = _folded(
    """
    что как где когда кто ли это этот эта эти этого и а но или в во на с со к ко до от для по о
    об про за под над при через без мне меня мой моя мое мои я вы вас вам ваш ваша ваше ваши
    вами ты тебя тебе он она оно они их его ее мы нас нам наш наша есть был была было были
    будет быть могу можно может можете нужно надо пожалуйста подскажите скажите расскажите
    объясните хочу хотел хотела хотелось бы же ж еще уже тут там так нет не очень просто также
    тоже поэтому который которая которое которые какой какая какое какие если почему зачем
    сколько здесь то у из чтобы вообще вот иметь имею имеет узнать знать информацию информация
    вопрос
    такое такой такая такие такую такого кому кого чего чем куда откуда туда сюда тогда сейчас
    себе себя нашем нашей нашим наших нашу нашего вашем вашей вашим ваших вашу вашего моем моей
    моим моих мою моего этой этом этих эту этим тот того тому тем та ту те тех все всё всех
    всем весь вся дайте дай скажи подскажи расскажи объясни сделать делать мной тобой ней ним
    ними них него нее ей ему им какую какого какому каких какой какою какими вон где-то что-то
    что-нибудь кто-то ничего нету есть буду будете будем бывают можем могут могли мог могла
    имел имела имели хотели немного даже лишь только ну типа шо разве неужели будьте любезны
    чё че чо щас плз пжлст короче кароче потом
    чтоб тока ктото хз када честно
    слышал слышала слышали кроме плиз пж какойто какаято
    которой которого котором которым которую которых которыми
    уважаемые уважаемая уважаемый уважением господа дамы например
    имеется виду подразумевается словами
    смогу сможете сможет сможем смогут уточнить оставлю
    идти пойти каким образом рамках понять преследует преследуют
    """
)
ARABIC_STOP_WORDS = _folded(
    """
    ما ماذا كيف أين وين متى من هل هو هي هم هن أنا انا أنت انت أنتم انتم حضرتك حضرتكم نحن في
    على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين أو او و ثم لو إذا اذا إن ان أن لا لم لن
    كان كانت يكون يمكن ممكن أريد اريد بدي عندي لدي لي لك لكم شو ايش إيش فيني فضلك سمحت يا قد
    كل بعض عند حول بخصوص عندكم لديكم انه إنه انها هناك هنا كم أود اود أعرف اعرف معرفة معلومات
    سؤال لماذا ليش منين فيه فيها بس عن لو كمان ايضا أيضا يعني شي شيء اي أي الي إلي اللي
    تعرفون تعرف بدنا نحنا احنا عم رح راح منكم منك عليكم عليك ارجو أرجو الرجاء رجاء ممكن
    حابب حابة حاب اسأل أسأل استفسر أستفسر بالمجموع المجموع تقريبا
    خلاص خالص يلي ياها ياه عاد تاني هيك ازاي إزاي ليه علشان عشان عايز عاوز بدك هلأ هلق هسه
    هسا هنيك تخبروني تخبرني اخبروني اخبرني تخبرونا
    اكدر ده دا دي هاد هاي اوي كتير بغيت نعرف واش كاين فين متين داير ابي ودي
    حقكم بتاع بتاعي بتاعتكم بتاعكم ديال تبع عايزه عاوزه طب بجد هسي ياخي جماعه
    كده كدا زي وياكم اشي كلها كله كلهم كلشي
    جدا جداً لين الحين باشا استطيع أستطيع نستطيع صرت
    ال بال لل لهم سمعت سمعنا
    مثل فقط لكن نفس بهذا بهذه بشكل صراحة صراحه يشرحلي تشرحلي مو زلت بالظبط بالزبط
    يهمني بتاعتي يبقى بما يقوم به التكرم افادتي إفادتي بافادتي بإفادتي بالمزيد
    عما عمّا الحقيقي الحقيقية تخطط يخطط تخططون بصفتي بصفتنا ترسل ترسلوا ترسلون
    تفعله فعله والله منيح بليز ياهن ياهم حقتنا حقتي حقنا ساي
    اصبح أصبح يدرون شيسوون شيسوي بان بأن عارف عارفه عارفة فاهم فاهمه فاهمة مقيم مقيمه مقيمة
    الخصوص ياخ ايمت إيمت بنفس بقى
    السادة السيدات المحترمون المحترمين المحترم المحترمة الكرام الموقر الموقرة حضرات
    الأعزاء الاعزاء تحية تحياتي التحيات طيبة وبعد فائق وتفضلوا بقبول
    """  # "ال", "بال", "لل": the article written apart before a German word ("الـ Jobcenter",
    # "بال Engagierte Stadt", "للـ Vereine"); "لهم" (to them); "تخبروني"
    # ("can you tell me …") asks and is no topic (the reminders' "بتخبروني", "will you let me
    # know", is another word)
)
# "and" and "so" are written onto the next word: "وكيف", "وهل", "فشو" are still small words
# (not the words that come out the same: "ولي" a guardian, "ولدي" my son, "فلم" a film,
# "فهم" understanding, "فرح" joy, "فعلي" actual, "فلك", "والي" a governor, "وعلي" Ali)
ARABIC_STOP_WORDS |= {f"{joined}{w}" for w in ARABIC_STOP_WORDS for joined in "وف"} - _folded(
    "ولي ولدي فلم فهم فرح فعلي فلك والي وعلي"
)

# Ukrainian inflection endings, longest first; a stem keeps at least three letters. Not "й":
# "бувай" (bye) and "буває" (happens) would become one word.
_UKRAINIAN_ENDINGS = tuple(
    sorted(
        """
        ами ями ові еві ого ому ими ій их ім ою ею ям ах ях ів ий ей ом ем ам ти ть ся сь
        ться ись ася ого ої ою ую юю ая яя а я о е и і у ю ь ї є
        """.split(),
        key=len,
        reverse=True,
    )
)
_MIN_STEM = 3


@lru_cache(maxsize=65536)
def stem_ukrainian(word: str) -> str:
    """'волонтерами' -> 'волонтер': one inflection ending off, at least three letters kept."""
    for ending in _UKRAINIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def stem_russian(word: str) -> str:
    """Snowball's Russian stemmer ('волонтёрами' -> 'волонтер')."""
    return str(_RUSSIAN.stemWord(word))


@lru_cache(maxsize=65536)
def stem_arabic(word: str) -> str:
    """Snowball's Arabic stemmer ('المتطوعين' -> 'متطوع'), after "و" or "ف" (and, so) before
    the article: Snowball keeps them ('والتعليم' stayed 'والتعليم', not 'تعليم')."""
    if word[:3] in ("وال", "فال") and len(word) > _JOINED_ARTICLE and word not in _PARENTS:
        word = word[1:]
    for noun in _OWN_B:
        if noun in word:
            return noun
    if word == "فعاليه":  # an event: Snowball reads "ف" as "so" ("عال", the spoken "fine")
        return word
    return str(_ARABIC.stemWord(word))


# Snowball reads a leading "ب" as "with" and drops it (bare "برنامج" -> "رنامج", but
# "البرنامج" -> "برنامج"): these nouns keep it in every form.
_OWN_B = ("برنامج", "برامج")


_JOINED_ARTICLE = 5  # "والتعليم", not "والي" (a governor)
# words that start as "and the" would ("والدين" is parents, not "and the religion")
_PARENTS = frozenset(
    "والد والده والدي والدين والديه والدها والدهم والدتي والدته والدتها والدا والدان".split()
)


_RUSSIAN = snowballstemmer.stemmer("russian")
_ARABIC = snowballstemmer.stemmer("arabic")


def _with_german(
    stop_words: frozenset[str], own: Callable[[str], str]
) -> tuple[frozenset[str], Callable[[str], str]]:
    """A further language's small words and stemmer for messages with German in them ("Що
    прописано в Kooperationsvereinbarung zwischen Stadt und Wirtschaft?"): a word in Latin
    letters is read as German ("zwischen" and "und" are small words there, "Veranstaltungen"
    is "Veranstaltung"), every other word by the language's own."""

    @lru_cache(maxsize=65536)
    def stem_either(word: str) -> str:
        return GERMAN.stem(word) if word.isascii() else own(word)

    return stop_words | GERMAN.stop_words, stem_either


SPEECH: dict[str, Speech] = {
    "de": GERMAN,
    "en": GERMAN,
    "uk": Speech(*_with_german(UKRAINIAN_STOP_WORDS, stem_ukrainian)),
    "ru": Speech(*_with_german(RUSSIAN_STOP_WORDS, stem_russian)),
    "ar": Speech(*_with_german(ARABIC_STOP_WORDS, stem_arabic)),
}


def russian_in_latin_letters(text: str) -> bool:
    """Whether `text` is Russian written in Latin letters ("privet! kakie blizhaishie
    meropriyatiya?", knowledge/translit.py): no Cyrillic or Arabic words, and Russian ones."""
    return written_language(text) is None and in_latin_letters(text)


def script_language(text: str, prefer: str | None = None) -> str | None:
    """The language a text's script shows: 'uk', 'ru' or 'ar', or None for Latin script
    (Russian written in Latin letters is 'ru').

    Cyrillic that shows neither Ukrainian nor Russian goes to `prefer` when that is one of the
    two (the person's last or Telegram's language), else to Ukrainian: most of the city's
    Cyrillic-writing newcomers came from Ukraine, and they read either.
    """
    written = written_language(text)
    if written is None and in_latin_letters(text):  # russian_in_latin_letters, read once
        return "ru"
    if written == UKRAINIAN_OR_RUSSIAN:
        return prefer if prefer in ("uk", "ru") else "uk"
    return written
