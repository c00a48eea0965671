"""Further languages (knowledge/i18n/<code>/): read like the German files, mistakes named with
file and line, gaps listed, and German, with a line that says so, where a text is missing."""

from __future__ import annotations

import functools
import textwrap
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from knowledge import KnowledgeError, Matcher, load
from knowledge.languages import script_language, stem_arabic, stem_ukrainian, written_language
from knowledge.model import with_notice
from knowledge.plan import plan
from knowledge.replies import Step
from knowledge.text import words

NOW = datetime(2026, 12, 3, 12, tzinfo=ZoneInfo("Europe/Berlin"))

UK_ENTRIES = """\
entries:
  bildung-jbz:
    title: "Jugend.Berufs.Zentrum (молодіжний центр)"
    answer: |
      Консультації під одним дахом.
    questions:
      - "Що таке JBZ?"
      - "Де молоді допоможуть з роботою?"
frame:
  greetings: ["Привіт", "добрий день"]
"""
UK_MESSAGES = """\
name: "Українська"
name_de: "Ukrainisch"
messages:
  language_fallback: "Цього тексту ще немає українською, тому він німецькою."
  ticket_created: "Дякую! Передав команді (№ {number})."
options: {}
"""


def write_uk(kb_dir: Path, entries: str = UK_ENTRIES, messages: str = UK_MESSAGES) -> Path:
    folder = kb_dir / "i18n" / "uk"
    folder.mkdir(parents=True)
    (folder / "entries.yaml").write_text(textwrap.dedent(entries), encoding="utf-8")
    (folder / "messages.yaml").write_text(textwrap.dedent(messages), encoding="utf-8")
    return folder


def problems_for(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load(directory)
    return caught.value.problems


def test_a_translation_gives_the_entry_its_ukrainian_title_answer_and_phrasings(
    kb_dir: Path,
) -> None:
    write_uk(kb_dir)
    kb = load(kb_dir)
    jbz = kb.by_id["bildung-jbz"]
    assert jbz.answer_in("uk") == "Консультації під одним дахом."
    assert jbz.title_in("uk").startswith("Jugend.Berufs.Zentrum")
    assert jbz.speaks("uk") and not kb.by_id["kontakt-stelle"].speaks("uk")
    assert kb.by_id["kontakt-stelle"].answer_in("uk") == "Schreiben Sie uns."  # German fallback
    assert kb.messages.language_name("uk", german=True) == "Ukrainisch"
    assert kb.cues["uk"].opening == {("привіт",), ("добрий", "день")}
    reply = plan("Привіт! Що таке JBZ?", Matcher(kb, language="uk"), NOW).replies
    assert [(r.step, r.entry.id if r.entry else None) for r in reply] == [
        (Step.ANSWER, "bildung-jbz")
    ]


def test_what_is_not_translated_is_listed_with_the_german_place(kb_dir: Path) -> None:
    write_uk(kb_dir)
    gaps = load(kb_dir).gaps["uk"]
    assert "entry 'kontakt-stelle' (a.yaml:10)" in gaps
    assert any(gap.startswith("message 'welcome' (messages.yaml:") for gap in gaps)
    assert not any("'ticket_created'" in gap for gap in gaps)
    assert not any("'admin_saved'" in gap for gap in gaps)  # the team's texts stay German


def test_a_missing_text_comes_in_german_after_one_line_in_the_persons_language(
    kb_dir: Path,
) -> None:
    messages = load(write_uk(kb_dir).parent.parent).messages
    text = messages.get("no_answer", "uk")
    assert text == messages.get("no_answer", "de")  # German, in a button or a pop-up as it is
    notice, german = with_notice(text).split("\n\n", 1)  # as a message of its own
    assert notice == "Цього тексту ще немає українською, тому він німецькою."
    assert german == messages.get("no_answer", "de")
    assert messages.get("ticket_created", "uk", number=3) == "Дякую! Передав команді (№ 3)."
    assert with_notice(messages.get("ticket_created", "uk", number=3)).startswith("Дякую!")
    # the team's texts are German for everyone, without a line about translations
    assert with_notice(messages.get("admin_ask_title", "uk")) == messages.get("admin_ask_title")


def test_a_language_without_its_notice_line_is_rejected(kb_dir: Path) -> None:
    write_uk(kb_dir, messages=UK_MESSAGES.replace("  language_fallback:", "  # language_fallback:"))
    assert any(
        p.startswith("i18n/uk/messages.yaml: message 'language_fallback' is missing")
        for p in problems_for(kb_dir)
    )


def test_the_bundled_languages_are_complete() -> None:
    assert {lang: gaps for lang, gaps in load().gaps.items() if gaps} == {}


@pytest.mark.parametrize(
    ("entries", "messages", "expected"),
    [
        (UK_ENTRIES.replace("bildung-jbz:", "bildung-xyz:"), UK_MESSAGES,
         "i18n/uk/entries.yaml:2: entry 'bildung-xyz' does not exist in the German files"),
        (UK_ENTRIES, UK_MESSAGES.replace("(№ {number})", "(№ {nummer})"),
         "i18n/uk/messages.yaml:5: message 'ticket_created': placeholders differ from the"
         " German text"),
        (UK_ENTRIES, UK_MESSAGES.replace("ticket_created:", "ticket_creatd:"),
         "i18n/uk/messages.yaml:5: message 'ticket_creatd' does not exist in the German files"),
        (UK_ENTRIES.replace("Консультації під одним дахом.", "Консультації під\n      одним."),
         UK_MESSAGES, "i18n/uk/entries.yaml:6: entry 'bildung-jbz': answer: line break inside"),
        (UK_ENTRIES, UK_MESSAGES.replace("name_de:", "name_en:"),
         "i18n/uk/messages.yaml:2: file: unknown key 'name_en'"),
    ],
)  # fmt: skip
def test_mistakes_in_a_translation_name_file_and_line(
    kb_dir: Path, entries: str, messages: str, expected: str
) -> None:
    write_uk(kb_dir, entries, messages)
    assert any(problem.startswith(expected) for problem in problems_for(kb_dir))


@pytest.mark.parametrize(
    ("text", "prefer", "language"),
    [
        ("Дякую", None, "uk"),  # one word is enough: the script and a word of its own
        ("Ясно!", "ru", "ru"),  # Cyrillic of neither: the person's language decides
        ("Ясно!", None, "uk"),
        ("شكرا", None, "ar"),
        ("Wo ist das JBZ? Дякую", "uk", None),  # mostly German: the German matcher reads it
    ],
)
def test_the_script_chooses_the_language(text: str, prefer: str | None, language: str) -> None:
    assert script_language(text, prefer) == language


def test_folding_keeps_cyrillic_letters_and_evens_out_arabic_spellings() -> None:
    assert words("Її пам’ять, ЙОГО") == ["її", "память", "його"]
    assert words("Ещё") == ["еще"]
    assert words("مدرسة") == words("مدرسه")  # ة typed as ه
    assert words("إلى") == words("الى") == words("الي")  # hamza and alif maqsura
    assert words("المُبادرة") == words("المبادرة")  # vowel marks


def test_and_before_the_arabic_article_is_no_part_of_the_word() -> None:
    # "والتعليم" (and the education) is "التعليم"; "والدين" (parents) is no "and the religion"
    assert stem_arabic(words("والتعليم")[0]) == stem_arabic(words("التعليم")[0])
    assert stem_arabic(words("فالمدينة")[0]) == stem_arabic(words("المدينة")[0])
    assert stem_arabic(words("والدين")[0]) != stem_arabic(words("الدين")[0])
    # "… with civil society and the economy?" finds the cooperation agreement
    text = "ما مضمون الاتفاق الذي أبرمته البلدية مع المجتمع المدني والقطاع الاقتصادي؟"
    assert _answers(text, "ar") == [(Step.ANSWER, "programm-kooperationsvereinbarung")]


def test_the_arabic_programme_is_one_word_with_or_without_its_article() -> None:
    # Snowball reads the "ب" of a bare "برنامج" as "with" and dropped it ("رنامج")
    forms = ["برنامج", "البرنامج", "برنامجكم", "بالبرنامج", "هالبرنامج"]
    assert {stem_arabic(words(form)[0]) for form in forms} == {"برنامج"}
    assert stem_arabic(words("بديساو")[0]) == stem_arabic(words("ديساو")[0])  # "in Dessau"
    # "فعالية" (an event) is no "ف" (so) + "عال" (the spoken "fine", a small-talk phrasing)
    assert stem_arabic(words("فعالية")[0]) == stem_arabic(words("الفعالية")[0])
    assert stem_arabic(words("فعالية")[0]) != stem_arabic(words("عال")[0])
    text = "كيف تستطيع شركة صغيرة ان تشارك في برنامج المدينة الملتزمة؟"
    assert _answers(text, "ar") == [(Step.ANSWER, "wirtschaft-mitmachen")]


def test_further_everyday_words_find_their_entry() -> None:
    # what the city gains, not what an association gains
    assert _answers("شو بتستفيد ديساو من البرنامج؟", "ar") == [(Step.ANSWER, "programm-mehrwert")]
    text = "відпишіть мене будь ласка від нагадувань"  # "unsubscribe me"
    assert _answers(text, "uk") == [(Step.ANSWER, "assistent-erinnerungen-stoppen")]


def test_levantine_exactly_is_a_small_word() -> None:
    # "بالزبط" was a word of one of the JBZ's phrasings, and this got the JBZ's answer
    planned = plan("شو هو هاد البرنامج بالزبط؟", _matcher("ar"), NOW)
    assert [r.step for r in planned.replies] == [Step.SUGGEST]
    offered = planned.replies[0].decision.candidates
    assert offered[0].entry.id == "programm-was-ist"
    assert "bildung-jbz" not in {c.entry.id for c in offered}


def test_a_russian_letter_loses_its_frame_and_its_detail_goes_to_the_team() -> None:
    kb = load()
    planned = plan(
        "Здравствуйте!\nГде находится JBZ? Нужен точный адрес.\nС уважением, Ольга",
        Matcher(kb, language="ru"),
        NOW,
    )
    assert planned.reading.greeting and planned.reading.goodbye
    [reply] = [r for r in planned.replies if r.step is not Step.TEAM]
    assert (reply.step, reply.entry and reply.entry.id) == (Step.ANSWER, "bildung-jbz")
    assert reply.missing is not None and reply.missing.value == "where"
    assert planned.to_team  # the address is not in the source: the team answers it


def test_which_exact_date_or_which_days_and_hours_asks_a_detail_for_the_team() -> None:
    kb = load()
    asked = [
        (
            "uk",
            "Якого саме числа в жовтні 2021 був стартовий захід?",
            "veranstaltung-auftakt",
            "date",
        ),
        (
            "uk",
            "У які дні та години працює координаційне бюро?",
            "kontakt-koordinierungsstelle",
            "hours",
        ),
        (
            "ru",
            "Какого именно числа в ноябре 2020 прошло диалоговое мероприятие?",
            "veranstaltung-dialog",
            "date",
        ),
    ]
    for lang, text, entry, detail in asked:
        planned = plan(text, Matcher(kb, language=lang), NOW)
        [reply] = [r for r in planned.replies if r.step is Step.ANSWER]
        assert reply.entry is not None and reply.entry.id == entry, text
        assert reply.missing is not None and reply.missing.value == detail, text
        assert planned.to_team, text  # the source does not say it: the team answers
    # "some day" and "from among" are no date: "якогось" only begins like "якого"
    for lang, text in (
        ("uk", "Якогось дня я теж хочу стати волонтеркою, з чого почати?"),
        ("ru", "Какого уровня немецкий нужен волонтерам из числа беженцев?"),
        ("uk", "Можна прийти в будь-які дні у робочі години?"),  # any days, not which
    ):
        assert all(r.missing is None for r in plan(text, Matcher(kb, language=lang), NOW).replies)


def test_a_russian_question_what_a_german_name_is_gets_its_entry() -> None:
    text = "Что такое эта Dialogveranstaltung, о которой я прочитал?"
    planned = plan(text, Matcher(load(), language="ru"), NOW)
    assert [(r.step, r.entry and r.entry.id) for r in planned.replies] == [
        (Step.ANSWER, "veranstaltung-dialog")
    ]


def test_the_programme_s_name_in_arabic_words_weighs_little() -> None:
    # "المدينة الملتزمة" (the engaged city) is how people name the programme, not a topic
    text = "ما هي أهداف برنامج المدينة الملتزمة؟"
    planned = plan(text, Matcher(load(), language="ar"), NOW)
    assert [(r.step, r.entry and r.entry.id) for r in planned.replies] == [
        (Step.ANSWER, "programm-ziele")
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # a count of nothing the knowledge base knows
        ("ru", "Сколько жителей сейчас в Дессау-Рослау?"),
        # "місті" (the city) is as generic as "Stadt": the number counted is all that is asked
        ("uk", "Скільки всього волонтерів зараз у місті?"),
        # the counting word a few words before the thing counted
        ("ru", "Сколько сейчас волонтёров в Дессау-Рослау?"),
        # no entry holds the programme's budget: "what the programme is" with a note would be
        # an answer to another question
        ("ru", "Сколько денег город получает на программу Engagierte Stadt?"),
        ("ar", "كم ميزانية برنامج Engagierte Stadt بالضبط باليورو؟"),
        ("de", "Was kostet die Engagierte Stadt die Stadt?"),
        ("de", "Wann hat die Engagierte Stadt geöffnet?"),  # the office's hours: not given
        # what volunteers are paid: "платить" (pays) a few words from "волонтерам"; "місяць"
        # (month) sent it to the calendar
        ("uk", "Скільки грошей на місяць програма платить волонтерам?"),
        ("ru", "Сколько программа платит волонтёрам в месяц?"),
        ("ru", "Волонтерам у вас платят?"),
        ("uk", "Скільки ви платите волонтерам?"),
        # money the programme "will give" ("дасть", "даст") a club or a shop
        ("uk", "Скільки грошей програма дасть на проєкт нашого клубу?"),
        ("ru", "Даст ли программа деньги моему магазину на ремонт?"),
        # what someone earns
        ("de", "Wie viel verdient die Koordinatorin?"),
        ("uk", "Скільки заробляє координаторка програми?"),
        # "Anmeldung" written into a further language is mostly the registration of one's
        # address: it weighs as little as "city", so what else is said decides
        ("ru", "Как записаться на Anmeldung в Bürgeramt? мы только переехали"),
        ("uk", "Де в Дессау зробити Anmeldung? У мене нова квартира в Roßlau."),
        ("ar", "وين بعمل Anmeldung للبيت الجديد؟ يعني تسجيل العنوان"),
        # opening hours of an office the source does not name: "роботи" (of work), "دوام"
        # (working time) are the words asking hours, no topic (they had found the JBZ)
        ("uk", "Які години роботи Bürgeramt у Дессау?"),
        ("ar", "شنو ساعات دوام الجوب سنتر بديساو؟"),
        # what another body does (the `not_ours` cues): a Kita place, a doctor, a German course
        ("uk", "Як знайти місце в дитсадку для сина? Йому три роки."),
        ("ru", "Где найти детского врача, который говорит по-русски?"),
        ("ar", "وين في دكتور اطفال بيحكي عربي بديساو؟"),
        ("uk", "Як записатися на інтеграційний курс німецької мови?"),
        ("de", "Wo finde ich einen Kinderarzt, der Arabisch spricht?"),
        ("ar", "كيف ألاقي مكان لابني في الروضة (Kita)؟"),
        # a complaint keeps its "مش" (not): it had turned "useful" into an answer
        ("ar", "الجواب مش مفيد ابدا"),
        ("de", "How do I register my new address in Dessau?"),
    ],
)
def test_what_the_source_does_not_give_goes_to_the_team(lang: str, text: str) -> None:
    planned = plan(text, Matcher(load(), language=lang), NOW)
    assert [r.step for r in planned.replies] == [Step.TEAM]


def test_a_bilingual_kita_or_a_benefit_named_as_context_keeps_its_answer() -> None:
    # (a Kita place is another body's; a bilingual Kita is one of the source's aims)
    assert _answers("Чи є в Дессау двомовний дитячий садок?", "uk") == [
        (Step.ANSWER, "bildung-mehrsprachigkeit")
    ]
    assert _answers("Есть ли место в двуязычной Kita для моего сына?", "ru") == [
        (Step.ANSWER, "bildung-mehrsprachigkeit")
    ]
    # a benefit named as one's situation is no question about it
    text = "Я получаю Bürgergeld и у меня много свободного времени, чем я могу помочь?"
    assert _answers(text, "ru") == [(Step.ANSWER, "engagement-mitmachen")]


def test_the_german_word_anmeldung_alone_is_no_sign_up_in_the_chat() -> None:
    # (its registration of an address goes to the team: rows of the test above)
    assert _answers("Как сделать Anmeldung волонтёром прямо в чате?", "ru") == [
        (Step.ANSWER, "assistent-anmeldung")
    ]


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        # Egyptian "دي" (this), "اوي" (very), "كتير" (a lot) are no topic words
        ("عايز اوقف التنبيهات دي بقت كتير اوي", "assistent-erinnerungen-stoppen"),
        # Gulf "ابي" (I want), "حقكم" (your)
        ("ابي رقم المكتب حقكم او الايميل ضروري", "kontakt-koordinierungsstelle"),
        # "أستطيع" (can I) and "مباشرة" asking how: the sign-up in the chat
        ("مساء الخير، هل استطيع ان اسجل كمتطوع هنا في المحادثة مباشرة؟", "assistent-anmeldung"),
        # "بالظبط" (exactly), and "يشرحلي" (explain to me) asking
        ("هو البرنامج ده عايز يعمل ايه في البلد بالظبط؟ ايه اهدافه يعني", "programm-ziele"),
        # Egyptian "البلد" is the town, as general a word as "المدينة"
        ("البرنامج ده عمل ايه فرق في البلد؟", "programm-mehrwert"),
        # "بال" (in the) written apart before a German name
        ("عندي Laden صغير بالمدينة، ممكن اشارك بال Engagierte Stadt؟", "wirtschaft-mitmachen"),
        # "ترسلوا" (you send), "الحقيقية" (real), "عما" (about what), "تخطط" (plans)
        ("هل يمكن ان ترسلوا لي تذكيرا قبل الفعاليات القادمة؟", "assistent-erinnerungen"),
        ("ما هي الفائدة الحقيقية من البرنامج لأهل المدينة؟", "programm-mehrwert"),
        ("أود الاستفسار عما تخطط له المدينة في موضوع تعدد اللغات", "bildung-mehrsprachigkeit"),
        # "الجهة الحاملة" (the carrying body): the programme's Träger, its history
        ("من كانت الجهة الحاملة للبرنامج في البداية؟", "programm-geschichte"),
        # "والله" (by God), "منيح" (well), "بليز" (please); "وقفولي" (stop them for me)
        ("والله ما عرفت شو يعني مدينة ملتزمة، ممكن تشرحولي منيح؟", "programm-was-ist"),
        ("بليز وقفولي التذكيرات", "assistent-erinnerungen-stoppen"),
        # "أصبح" (become) is no topic word; "مسا الخير" (good evening, as it is typed) greets
        ("مسا الخير، كيف أصبح متطوعا؟", "engagement-mitmachen"),
        # Egyptian "عيال" (children), "بدري" (early); Iraqi "يدرون" (they know), "شيسوون" (what
        # they do)
        ("عندي عيال صغيرين، عايزه حاجه عن تعليم الاطفال بدري", "bildung-fruehe-chancen"),
        ("اكو شي للشباب اللي ما يدرون شيسوون بحياتهم؟ ابني محتار بالشغل", "bildung-jbz"),
        # Egyptian "عارفة" (knowing) and "فاهم" (understanding) are small words; "مش" (not) and
        # "حد" (someone) are not: a complaint "الجواب مش مفيد" must reach the team
        ("انا عندي 20 سنة ومش عارفة اشتغل ايه، في مكان حد يساعدني اختار مهنة؟", "bildung-jbz"),
        # "تطوير ثقافة" (developing a culture): the source's "Entwicklung einer Ehrenamtskultur",
        # not the aims' "تطوير المدينة" (developing the city)
        (
            "كيف يعمل البرنامج على تطوير ثقافة العمل التطوعي في المدينة؟",
            "engagement-ehrenamtskultur",
        ),
        # a letter's polite words inside its first line ("تحية طيبة", "السادة المحترمون")
        (
            "الى القائمين على البرنامج، تحية طيبة، أود ان اعرف منذ متى تشارك المدينة في البرنامج.",
            "programm-geschichte",
        ),
    ],
)
def test_arabic_dialect_small_words_do_not_hide_the_question(text: str, entry: str) -> None:
    assert _answers(text, "ar") == [(Step.ANSWER, entry)]


@pytest.mark.parametrize(
    ("lang", "text", "entries"),
    [
        (
            "uk",
            "Хочу записатися волонтером прямо тут. А що ви потім робите з моїми даними?",
            ["assistent-anmeldung", "assistent-datenschutz"],
        ),
        (
            "ar",
            "بدي امسح بياناتي كلها، وكمان وقّفوا التذكيرات لو سمحتوا",
            ["assistent-meine-daten", "assistent-erinnerungen-stoppen"],
        ),
    ],
)
def test_a_request_without_a_question_mark_is_answered_too(
    lang: str, text: str, entries: list[str]
) -> None:
    # a sentence that starts with a request ("Хочу записатися …", "وقّفوا …") asks; as mere
    # context it had lent its topic to the question after it and lost its own answer
    answered = [entry for step, entry in _answers(text, lang) if step is Step.ANSWER]
    assert answered == entries


def test_a_business_named_by_its_kind_takes_part_as_a_firm() -> None:
    # a bakery, a restaurant had been unknown words: to the team or volunteering
    asked = {
        "uk": "у мене маленька пекарня, чим можу допомогти місту через вашу програму?",
        "ru": "Может ли наш ресторан как-то участвовать в программе?",
        "ar": "عندي مخبز صغير، هل يستطيع المخبز ان يشارك في البرنامج؟",
    }
    for lang, text in asked.items():
        assert _answers(text, lang) == [(Step.ANSWER, "wirtschaft-mitmachen")], lang


def test_money_per_month_asked_after_a_question_is_no_topic_of_its_own() -> None:
    # "كم يورو بالشهر؟" (how many euros a month) had "الشهر" left, a month like the kick-off's
    text = "هل يحصل المتطوع على مصروف أو Ehrenamtspauschale؟ كم يورو بالشهر؟"
    assert all(step is not Step.ANSWER for step, _ in _answers(text, "ar"))
    # "مش بس فلوس؟" (not just money?) asks on about the firms, not a topic of "مش" (not)
    text = "الشركات بتشارك في البرنامج ازاي؟ مش بس فلوس يعني؟"
    assert all(entry is None or entry.startswith("wirtschaft") for _, entry in _answers(text, "ar"))


def test_chat_fillers_in_russian_and_ukrainian_are_no_topic_words() -> None:
    # "честно" (honestly), "хоч" (at least)
    assert _answers("напоминалки уже достали честно, как их отключить", "ru") == [
        (Step.ANSWER, "assistent-erinnerungen-stoppen")
    ]
    assert _answers("а волонтерам тут хоч якось дякують чи всім пофіг", "uk") == [
        (Step.ANSWER, "engagement-anerkennung")
    ]
    # "пжлст" (pls), "якийсь" (some), "чув" (I heard), "кроме" (apart from)
    assert _answers("скільки можна слати ці нагадування вимкніть пжлст", "uk") == [
        (Step.ANSWER, "assistent-erinnerungen-stoppen")
    ]
    assert _answers("чув шо восени 21го був якийсь великий старт програми шо там було", "uk") == [
        (Step.ANSWER, "veranstaltung-auftakt")
    ]
    assert _answers("короче что ваша программа реально поменяла в городе, кроме красивых слов?",
                    "ru") == [(Step.ANSWER, "programm-mehrwert")]  # fmt: skip
    # the forms of "который" (which) and "пишут" (they write) tell no topic
    assert _answers("Что такое «культура добровольчества», о которой говорит программа?",
                    "ru") == [(Step.ANSWER, "engagement-ehrenamtskultur")]  # fmt: skip
    # "зовсім інакше" (quite otherwise)
    text = "як тут розвивають культуру волонтерства бо в нас вдома це було зовсім інакше"
    assert _answers(text, "uk") == [(Step.ANSWER, "engagement-ehrenamtskultur")]
    # "каким образом" (in what way), "в рамках" (within); "добровольческая" (voluntary)
    text = "Каким образом я могу включиться в добровольческую работу в рамках программы?"
    assert _answers(text, "ru") == [(Step.ANSWER, "engagement-mitmachen")]
    # "бюро" (the office, as Ukrainians also call it) and "тел." (phone)
    assert _answers("скажіть плз номер тел. координаційного бюро", "uk") == [
        (Step.ANSWER, "kontakt-koordinierungsstelle")
    ]


def test_a_question_about_an_office_s_hours_is_no_privacy_question() -> None:
    # phrasings naming these offices had made their names the privacy entry's, the JBZ's
    # and further education's words
    for lang, text in [
        ("uk", "Коли відкрита Ausländerbehörde?"),
        ("uk", "Коли відкритий Jobcenter?"),
        ("ru", "Когда открыт Jobcenter?"),
        ("ar", "متى يفتح الـ Jobcenter؟"),
        # "куда идти" (where to go) names no topic: not the youth centre's
        ("ru", "Где продлить паспорт? Куда мне идти?"),
    ]:
        planned = plan(text, Matcher(load(), language=lang), NOW)
        assert [r.step for r in planned.replies] == [Step.TEAM], text


def test_a_ukrainian_question_for_the_next_events_lists_them() -> None:
    planned = plan("Коли наступний захід?", Matcher(load(), language="uk"), NOW)
    assert [r.step for r in planned.replies] == [Step.EVENTS]


def test_the_ukrainian_past_is_told_by_its_words() -> None:
    reading = plan("Що було на Dialogveranstaltung?", Matcher(load(), language="uk"), NOW).reading
    assert reading.parts[0].time is not None and reading.parts[0].time.value == "past"
    # what happened at the kick-off is the kick-off's, not the chronicle's (whose phrasing
    # asked what happened "до" (before) it: a small word)
    text = "Що відбулося на стартовому заході у жовтні 2021 року?"
    assert _answers(text, "uk") == [(Step.ANSWER, "veranstaltung-auftakt")]
    # taking part is no question about Roßlau (whose phrasing asked "فيني شارك؟")
    assert (Step.ANSWER, "programm-rosslau") not in _answers("كيف فيني شارك؟", "ar")


def test_a_cyrillic_name_in_a_german_sentence_does_not_make_it_ukrainian() -> None:
    assert written_language("Hallo, ich bin Олена Коваль. Wo ist das JBZ?") is None
    assert written_language("Кто подписал Kooperationsvereinbarung?") == "ru"


def test_everyday_words_tell_russian_from_ukrainian() -> None:
    # written with no letter of its own: the words tell
    russian = ["Доброе утро!", "До свидания!", "Помогите!"]
    ukrainian = ["Дуже дякую, добре", "Мене звати Олена, я шукаю роботу"]
    assert [written_language(text) for text in russian] == ["ru"] * len(russian)
    assert [written_language(text) for text in ukrainian] == ["uk"] * len(ukrainian)
    # words both write do not decide: "робота" is Russian "robot" too, "говорить" Ukrainian
    assert written_language("Что за програма?") == "ru"
    assert written_language("Хто там говорить?") == "uk"


def test_one_letter_words_and_endings_tell_russian_from_ukrainian() -> None:
    # no letter of its own and no listed word but these: Russian "с", "и", "к"; Ukrainian "з"
    assert written_language("Кофе с молоком и булочку к обеду") == "ru"
    assert written_language("Кава з молоком") == "uk"
    # and endings: Russian "-ое", "-ие" where Ukrainian writes "-е", "-і"; Ukrainian "-ння"
    assert written_language("В каком зале проходило стартовое мероприятие?") == "ru"
    assert written_language("Курси навчання") == "uk"
    assert written_language("Ищу место по бухгалтерии") == "ru"  # Ukrainian writes "-ії"


def test_what_is_words_are_whole_words() -> None:
    cues = load().cues["ru"]
    assert cues.what_is is not None
    assert cues.what_is.search("что за бумажка")
    assert cues.what_is.search("что заставляет jbz закрыться") is None  # not "что за…"


def test_a_quoted_german_name_does_not_make_a_russian_question_german() -> None:
    quoted = "Что значит «Beschluss des Stadtrats — Erarbeitung einer Engagement-Strategie»?"
    assert written_language(quoted) == "ru"
    # a quotation in the writer's own script still counts ("ё" tells Russian)
    assert written_language("С какого года город в программе «Вовлечённый город»?") == "ru"
    assert written_language("Ich habe „Frühe Bildung, Frühe Chancen“ gelesen.") is None
    assert written_language("Was bedeutet „Дякую“?") is None  # a German question about a word
    # a German question with a quoted name and Cyrillic thanks stays German
    assert written_language("Was ist „Ehrenamtskultur“? Дякую!") is None


def test_goodbye_and_happens_stay_apart_and_when_is_not_former() -> None:
    assert stem_ukrainian("бувай") != stem_ukrainian("буває")
    kb = load()
    matcher = Matcher(kb, language="uk")
    planned = plan("Чи буває волонтерство у вихідні?", matcher, NOW)
    assert all(r.step is not Step.SMALL_TALK for r in planned.replies)  # no "goodbye"
    assert planned.reading.parts[0].time is None  # "буває" is not "був"
    former = plan("Хто колишній координатор програми?", matcher, NOW).reading.parts[0]
    assert former.detail is None or former.detail.value != "when"  # "колишній" is not "коли"


def test_at_most_three_greetings_are_taken_off_a_message() -> None:
    reading = plan("Привіт! " * 600, Matcher(load(), language="uk"), NOW).reading
    assert reading.greeting
    assert reading.parts  # the rest is still read: a flood of greetings is no frame


def test_the_district_alone_tells_but_the_citys_full_name_does_not() -> None:
    kb = load()
    russian = Matcher(kb, language="ru")
    # "Дессау-Рослау" is the city, one generic term, in every script
    assert russian.terms("Дессау-Рослау") == russian.terms("Dessau-Roßlau") == ["dessaurosslau"]
    planned = plan("Какую роль в программе играет Рослау?", russian, NOW)
    assert [r.entry.id for r in planned.replies if r.entry] == ["programm-rosslau"]


def test_a_count_of_only_the_thing_counted_goes_to_the_team() -> None:
    ukrainian = Matcher(load(), language="uk")
    # how many people live here: nothing of an entry is counted
    planned = plan("Скільки людей живе в Дессау-Рослау?", ukrainian, NOW)
    assert [r.step for r in planned.replies] == [Step.TEAM]
    # how many came to the kick-off counts something of that entry: answered, with a note
    planned = plan("Скільки людей прийшло на стартовий захід у жовтні 2021?", ukrainian, NOW)
    [reply] = planned.replies
    assert reply.entry is not None and reply.entry.id == "veranstaltung-auftakt"
    assert reply.missing is not None and planned.to_team


def test_colloquial_what_is_words_and_greetings_are_read() -> None:
    ukrainian = Matcher(load(), language="uk")
    planned = plan("прив, а шо це за Engagierte Stadt, про яку всюди пишуть?", ukrainian, NOW)
    assert planned.reading.greeting
    assert [r.entry.id for r in planned.replies if r.entry] == ["programm-was-ist"]


def test_a_question_what_is_coming_gets_the_next_events_but_not_another_bodys_meeting() -> None:
    arabic = Matcher(load(), language="ar")
    assert [r.step for r in plan("ما الفعاليات المقبلة؟", arabic, NOW).replies] == [Step.EVENTS]
    # "when is the city council's next meeting": the council is another entry's word
    council = plan("متى الاجتماع القادم لمجلس المدينة؟", arabic, NOW)
    assert Step.EVENTS not in [r.step for r in council.replies]


def test_german_words_mixed_into_another_language_are_known() -> None:
    russian = Matcher(load(), language="ru")
    # "Vernetzung" is no Russian phrasing's word, but the entry's German keyword
    text = "У нас Verein русскоязычных немцев, нам нужна Vernetzung с другими, вы помогаете?"
    assert [r.entry.id for r in plan(text, russian, NOW).replies if r.entry] == [
        "engagement-vereine"
    ]


@functools.cache
def _matcher(lang: str) -> Matcher:
    """The bundled knowledge base's matcher of a language, built once for the module."""
    return Matcher(load(), language=lang)


def test_a_short_question_of_its_own_after_an_answer_still_reaches_the_team() -> None:
    # (a guard, kept from a rule the reviews took back: a short question after an answer is
    # no part of it) where it is: the JBZ's entry does not hold its address
    assert _answers("Что такое JBZ? Где это?", "ru") == [
        (Step.ANSWER, "bildung-jbz"),
        (Step.TEAM, None),
    ]
    assert _answers("ما هو JBZ؟ وين هاد؟", "ar") == [
        (Step.ANSWER, "bildung-jbz"),
        (Step.TEAM, None),
    ]
    # what to do after a statement (its answer may be the wrong one), what else there is
    assert (Step.TEAM, None) in _answers("Мне нужна консультация. Как это сделать?", "ru")
    assert (Step.TEAM, None) in _answers("Розкажіть про JBZ. Що ще?", "uk")


def _answers(text: str, lang: str) -> list[tuple[Step, str | None]]:
    planned = plan(text, _matcher(lang), NOW)
    return [(r.step, r.entry and r.entry.id) for r in planned.replies]


@pytest.mark.parametrize(
    ("text", "lang", "entries"),
    [
        (
            "Что такое Engagierte Stadt и как в ней поучаствовать?",
            "ru",
            ["programm-was-ist", "engagement-mitmachen"],
        ),
        (
            "Хто координаторка програми і як з нею зв'язатися?",
            "uk",
            ["kontakt-koordinatorin", "kontakt-koordinierungsstelle"],
        ),
        (  # a second request after "и" with its own object
            "Хочу отписаться от напоминаний и удалить свои данные.",
            "ru",
            ["assistent-erinnerungen-stoppen", "assistent-meine-daten"],
        ),
        (  # "and" is written onto the next word in Arabic
            "بدي امسح بياناتي كلها، وكمان وقّفوا التذكيرات لو سمحتوا",
            "ar",
            ["assistent-meine-daten", "assistent-erinnerungen-stoppen"],
        ),
    ],
)
def test_a_second_question_after_and_is_answered_too(
    text: str, lang: str, entries: list[str]
) -> None:
    assert _answers(text, lang) == [(Step.ANSWER, entry) for entry in entries]


def test_an_arabic_formal_letter_s_request_and_closing_are_read() -> None:
    # "لذا أرجو" (so I ask) starts the request after a story (here a salutation, "سيدتي
    # الفاضلة", and a complaint); "أرجو إفادتي" (please inform me) asks without "?";
    # "وتقبلوا وافر الاحترام" closes
    text = (
        "سيدتي الفاضلة، تحية عطرة وبعد، كتبت إليكم سابقاً عبر أحد المعارف ولم يصلني رد، لذا"
        " أرجو من حضرتكم أن تزودوني برقم الهاتف وعنوان البريد الإلكتروني لمكتب تنسيق البرنامج."
        " مع خالص التقدير."
    )
    assert _answers(text, "ar") == [(Step.ANSWER, "kontakt-koordinierungsstelle")]
    text = "أنا أم لطفلين. أرجو إفادتي كيف يمكنني التطوع في البرنامج. وتقبلوا وافر الاحترام."
    assert _answers(text, "ar") == [(Step.SUGGEST, None)]  # not the story's early childhood


def test_egyptian_and_levantine_everyday_words_are_read() -> None:
    # "مساء النور" (good evening, in reply) greets
    text = "مساء النور، كيف أسجل كمتطوع هنا في المحادثة؟"
    assert _answers(text, "ar") == [(Step.ANSWER, "assistent-anmeldung")]
    # all that is left after a greeting goes: "يا جماعة" (folks) is no question
    assert _answers("مساء النور يا جماعة", "ar") == [(Step.SMALL_TALK, "smalltalk-hallo")]
    # (a guard, kept from two rules the reviews took back: "سيدي الفاضل" as an opener and jobs
    # as another body's matter) a formal question about job openings keeps its ticket
    assert _answers("سيدي الفاضل، أرجو إفادتي بفرص عمل في ديساو", "ar") == [(Step.TEAM, None)]


def test_after_and_a_question_that_points_back_or_only_asks_a_detail_is_the_same_topic() -> None:
    # "… and what did it bring?" is the kick-off again; "… and how?" asks the same
    text = "Как прошло стартовое мероприятие осенью 2021 и что оно дало?"
    assert _answers(text, "ru") == [(Step.ANSWER, "veranstaltung-auftakt")]
    assert _answers("هل يستطيع مركز الشباب والمهنة مساعدته، وكيف؟", "ar") == [
        (Step.ANSWER, "bildung-jbz")
    ]
    # "… and how much does it cost?" of a thing the source does not know: the team, no buttons
    assert _answers("Где купить Deutschlandticket и сколько он стоит?", "ru") == [(Step.TEAM, None)]
    # "… and were there breaks?": one word of its own after a join asks on ("перерви" is
    # also a word of the sign-up's "can I interrupt the sign-up?")
    text = "Відколи Дессау-Рослау бере участь у програмі Engagierte Stadt і чи були перерви?"
    assert _answers(text, "uk") == [(Step.ANSWER, "programm-geschichte")]
    # a pointer with two words of its own: "… and what did it give the programme?"
    text = "Якою була Auftaktveranstaltung у 2021 році? А що вона дала для програми?"
    assert _answers(text, "uk") == [(Step.ANSWER, "veranstaltung-auftakt")]
    # "… and what do you store then?" asks the bot something of its own
    for text in (
        "Можна записатися волонтером тут у чаті? І що ви потім зберігаєте про мене?",
        "Можна записатися волонтером тут у чаті? І що зберігаєте?",  # the verb asks the bot
    ):
        assert _answers(text, "uk") == [
            (Step.ANSWER, "assistent-anmeldung"),
            (Step.ANSWER, "assistent-datenschutz"),
        ]


def test_german_words_in_another_language_are_read_as_german() -> None:
    # "zwischen", "und" are German small words, not unknown words that outweigh the rest
    text = (
        "Що взагалі прописано в Kooperationsvereinbarung zwischen Stadt, Zivilgesellschaft"
        " und Wirtschaft?"
    )
    assert _answers(text, "uk") == [(Step.ANSWER, "programm-kooperationsvereinbarung")]
    text = "Добрый день! Подскажите, пожалуйста, ближайшие Termine für Ehrenamtliche."
    assert [step for step, _ in _answers(text, "ru")] == [Step.EVENTS]


def test_a_letters_salutation_line_is_frame() -> None:
    text = (
        "Шановна пані координаторко!\n"
        "Прошу повідомити, як я можу відмовитися від усіх нагадувань про заходи.\n"
        "Заздалегідь дякую."
    )
    planned = plan(text, Matcher(load(), language="uk"), NOW)
    assert planned.reading.greeting
    assert [(r.step, r.entry and r.entry.id) for r in planned.replies] == [
        (Step.ANSWER, "assistent-erinnerungen-stoppen")
    ]


def test_arabic_thanks_with_very_and_a_goodbye_after_an_arabic_comma_are_small_talk() -> None:
    # "جدا" (very) and "باشا" (sir) are no topic; "،" ends what comes before a goodbye
    assert _answers("متشكر جدا يا باشا", "ar") == [(Step.SMALL_TALK, "smalltalk-danke")]
    assert _answers("بسلامة، الله يعاونكم", "ar") == [(Step.SMALL_TALK, "smalltalk-tschuess")]
    # "ولكم جزيل الشكر" (and much thanks to you) closes a letter: no ticket for it
    letter = (
        "السادة الكرام، تحية طيبة، أرجو أن توضحوا لي ما هي اتفاقية التعاون بين المدينة"
        " والمجتمع المدني والاقتصاد. ولكم جزيل الشكر، أخوكم أبو محمد."
    )
    assert _answers(letter, "ar") == [(Step.ANSWER, "programm-kooperationsvereinbarung")]
    # thanks that are the whole message are thanks, not a question about recognition
    assert _answers("Благодарю Вас за помощь", "ru") == [(Step.SMALL_TALK, "smalltalk-danke")]
    # but a request after them is one: "Thanks. The office's phone"
    assert _answers("Спасибо. Телефон бюро", "ru") == [
        (Step.ANSWER, "kontakt-koordinierungsstelle")
    ]
    assert _answers("Пока не понятно", "ru") != [(Step.SMALL_TALK, "smalltalk-tschuess")]
    # all is well, nothing more asked: no ticket ("ما عندي أسئلة أخرى" had answered an entry)
    for lang, text in (
        ("ru", "Больше вопросов нет"),
        ("uk", "Без проблем"),
        ("ar", "ما عندي أسئلة أخرى"),
    ):
        assert _answers(text, lang) == [(Step.SMALL_TALK, "smalltalk-ok")], text
    assert _answers("Это всё, спасибо", "ru") == [(Step.SMALL_TALK, "smalltalk-danke")]
    # "بني ادم" (a human being): who the bot is
    assert _answers("انت مين؟ روبوت ولا بني ادم؟", "ar") == [
        (Step.SMALL_TALK, "smalltalk-faehigkeiten")
    ]
    assert _answers("من أنت؟ وماذا تستطيع ان تفعل؟", "ar") == [
        (Step.SMALL_TALK, "smalltalk-faehigkeiten")
    ]


def test_an_arabic_letter_s_opening_and_closing_are_frame() -> None:
    # "حضرات …" (plural of "حضرة"), "تحية طيبة وبعد" and "مع خالص الشكر والتقدير"
    text = (
        "حضرات المسؤولين المحترمين،\n"
        "تحية طيبة وبعد،\n"
        "ما هو الـ JBZ؟\n"
        "مع خالص الشكر والتقدير،\n"
        "أبو خالد"
    )
    unframed = load().cues["ar"].unframe(text)
    assert unframed[0] == "ما هو الـ JBZ؟"
    assert unframed[1] and unframed[3]  # it greeted and took leave


@pytest.mark.parametrize(
    ("lang", "text", "kept"),
    [
        # a line that starts with a salutation word but asks is the question
        ("ru", "Добрый день!\nКоманда, подскажите адрес вашего офиса\nСпасибо", "адрес вашего"),
        ("ar", "مرحبا\nالى اي عنوان ارسل الاوراق\nشكرا", "عنوان"),
        ("ar", "الى اي عنوان ارسل الاوراق، ومتى؟", "عنوان"),  # "to": no address on its line
        # on the question's line only words of address are a salutation: these name the topic
        ("ru", "Команда координационного бюро, кто в неё входит?", "координационного"),
        ("ru", "Дорогой курс, сколько он стоит?", "курс"),  # "дорогой": dear, or expensive
        # a sentence after a closing on the same line is no signature
        (
            "ru",
            "Я пенсионер и хочу помогать.\nС благодарностью приму любой совет, куда обратиться",
            "совет",
        ),
        # nor a request under it, nor a question without its "?"
        ("ar", "ما هو JBZ؟\nوشكرا لكم\nوكمان وقفوا التذكيرات", "التذكيرات"),
        ("ru", "Что такое JBZ?\nСпасибо!\nподскажите адрес офиса", "адрес"),
        ("ar", "ما هو JBZ؟\nشكرا\nكيف اوقف التذكيرات", "التذكيرات"),
        # a line that asks is no salutation, however it ends
        ("ru", "Добрый день!\nКоманда, подскажите адрес вашего офиса.\nСпасибо", "адрес"),
        ("ru", "Здравствуйте!\nУважаемые, расскажите о программе!\nСпасибо", "программе"),
    ],
)
def test_frame_words_do_not_take_a_real_question_with_them(lang: str, text: str, kept: str) -> None:
    assert kept in load().cues[lang].unframe(text)[0]


@pytest.mark.parametrize(
    ("lang", "text", "question"),
    [
        # a salutation line after a greeting, a signature with a role under the closing
        (
            "ru",
            "Здравствуйте, уважаемые!\nЧто такое JBZ?\nС уважением,\n"
            "полковник в отставке В. И. Самойлов",
            "Что такое JBZ?",
        ),
        # "إلى فريق … المحترم،" (to the esteemed team) and "مع الشكر" (with thanks)
        ("ar", "إلى فريق البرنامج المحترم،\nما هو الـ JBZ؟\nمع الشكر،\nرنا", "ما هو الـ JBZ؟"),
        # the vowel sign of "مرحباً" stays with the greeting, "فريق البوت" is whom it greets
        ("ar", "مرحباً فريق البوت،\nما هو الـ JBZ؟", "ما هو الـ JBZ؟"),
    ],
)
def test_a_letter_s_frame_in_further_languages_is_taken_off(
    lang: str, text: str, question: str
) -> None:
    assert load().cues[lang].unframe(text)[0] == question


def test_a_salutation_on_the_question_s_own_line_is_taken_off() -> None:
    # before a greeting too; words of address, or a name before a question of its own
    asked = {"ar": "ما هو الـ JBZ؟", "ru": "что такое JBZ?"}
    for lang, salutation in (
        ("ar", "السادة المحترمون، تحية طيبة وبعد،"),
        ("ar", "السيدات والسادة الكرام،"),
        ("ru", "Уважаемые дамы и господа,"),
        ("ru", "Уважаемая Анна, подскажите,"),
    ):
        assert load().cues[lang].unframe(f"{salutation} {asked[lang]}")[0] == asked[lang], lang


def test_two_russian_questions_joined_by_a_preposition_and_which_are_both_answered() -> None:
    # "и на какую почту …" starts a question of its own; "отказаться" is unsubscribing
    for text, entries in (
        (
            "Кто у вас координирует программу и на какую почту можно написать?",
            ["kontakt-koordinatorin", "kontakt-koordinierungsstelle"],
        ),
        (
            "Как подписаться на напоминания и как потом от них отказаться?",
            ["assistent-erinnerungen", "assistent-erinnerungen-stoppen"],
        ),
    ):
        answered = [entry for step, entry in _answers(text, "ru") if step is Step.ANSWER]
        assert answered == entries, text


def test_an_e_mail_address_is_the_office_s_contact_not_an_address_to_go_to() -> None:
    # "адрес электронной почты" (e-mail address) is answered: the office's e-mail is known
    for text, lang in (
        ("Сообщите, пожалуйста, адрес электронной почты координационного бюро.", "ru"),
        ("Підкажіть, будь ласка, адресу електронної пошти координаційного бюро.", "uk"),
        ("ارجو تزويدي بعنوان البريد الالكتروني لمكتب التنسيق", "ar"),
    ):
        planned = plan(text, Matcher(load(), language=lang), NOW)
        assert [(r.step, r.entry and r.entry.id, r.missing) for r in planned.replies] == [
            (Step.ANSWER, "kontakt-koordinierungsstelle", None)
        ], text
        assert not planned.to_team


def test_a_lead_in_ending_in_a_colon_before_a_question_word_is_context() -> None:
    # "I am on the parents' committee and would like to ask: what does the programme do …?"
    text = (
        "Я участвую в родительском комитете и хотела бы спросить: что программа делает для"
        " развития культуры волонтёрства в городе?"
    )
    assert _answers(text, "ru") == [(Step.ANSWER, "engagement-ehrenamtskultur")]
    cues = load().cues["ru"]
    # not before a word that asks nothing: "Адрес: Zerbster Straße"
    assert cues.after_lead_in("Мой адрес: улица Ленина") == ["Мой адрес: улица Ленина"]
    # nor when the question points back to what the lead-in names
    topic = "Координационное бюро: когда оно работает?"
    assert cues.after_lead_in(topic) == [topic]
    # but a story before "что это за …" is split
    story = "Я мама двоих детей и хотела бы спросить: что это за программа?"
    assert _answers(story, "ru") == [(Step.ANSWER, "programm-was-ist")]


def test_an_arabic_wish_after_a_story_is_the_question_and_the_story_is_context() -> None:
    # "I was a teacher in Sudan for many years, and I would like to know whether …"
    text = "كنت معلماً في السودان لسنوات طويلة، وأود أن أعرف هل تهتم المدينة بتعدد اللغات في التعليم"
    assert _answers(text, "ar") == [(Step.ANSWER, "bildung-mehrsprachigkeit")]
    # "I signed up as a volunteer before, and now I would like to see the data you keep":
    # the story of signing up gets no answer of its own
    text = "سبق أن سجلت اسمي كمتطوعة عبر البوت، وأرغب الآن في الاطلاع على البيانات المحفوظة لديكم"
    assert _answers(text, "ar") == [(Step.ANSWER, "assistent-meine-daten")]
    # a question before the wish is no story: "when does the office open, and I want the
    # phone number" asks both
    text = "متى تفتح مكتب التنسيق وأريد رقم الهاتف"
    assert load().cues["ar"].wished(text, set()) == [text]
    # "أيضا" (too) in a story asks nothing: "I am a student too, and I would like to know …"
    text = "أنا أيضا طالبة في الجامعة، وأريد أن أعرف كيف أسجل كمتطوعة"
    assert len(load().cues["ar"].wished(text, set())) == 2


def test_a_salutation_word_opening_a_question_is_no_salutation_line() -> None:
    # "Дорогой" also means expensive; a first line that asks is the question
    for text, lang in (
        ("Дорогой бот, что такое JBZ?\nСпасибо", "ru"),
        ("Шановні, що таке JBZ?\nДякую", "uk"),
    ):
        assert _answers(text, lang) == [(Step.ANSWER, "bildung-jbz")]


def test_indefinite_pronouns_do_not_start_a_second_question() -> None:
    text = "Мы недавно приехали и что-то хотим делать для города, где можно помочь?"
    cues = load().cues["ru"]
    assert cues.second_questions(text, set()) == [text]


def test_a_sentence_that_only_adds_is_no_question() -> None:
    # "А также …" ending like a statement tells something; the question is the last sentence
    text = "Я хочу помогать волонтёром. А также у меня двое детей. Как записаться?"
    planned = plan(text, Matcher(load(), language="ru"), NOW)
    assert not planned.to_team
    cues = load().cues["ru"]
    asking: set[str] = set()
    cues.second_questions("А также у меня двое детей.", asking)
    assert not asking


def test_a_sentence_starting_with_a_join_asks_without_its_question_mark() -> None:
    # "… ? і чи можна записатись …" is the second question, though its "?" is missing
    text = "як можна долучитись до волонтерства? і чи можна записатись прямо тут в боті"
    assert _answers(text, "uk") == [
        (Step.ANSWER, "engagement-mitmachen"),
        (Step.ANSWER, "assistent-anmeldung"),
    ]


def test_what_the_programme_is_asks_for_the_programme() -> None:
    # "програма" is the word that asks ("Що таке програма …"), not a topic of the goals
    text = "Що таке програма «Engagierte Stadt» у Дессау-Рослау?"
    assert _answers(text, "uk") == [(Step.ANSWER, "programm-was-ist")]


@pytest.mark.parametrize(
    ("text", "lang", "entry"),
    [
        # chat words are small words: "чё", "короче", "шоб", "всим" weigh nothing
        ("чё это за энгагирте штадт такая", "ru", "programm-was-ist"),
        ("короче как мне удалить всё что вы про меня сохранили", "ru", "assistent-meine-daten"),
        ("а шо треба робити шоб стати волонтером", "uk", "engagement-mitmachen"),
        # "преследует" (pursues goals): no topic of its own
        ("какие цели преследует программа?", "ru", "programm-ziele"),
    ],
)
def test_chat_small_words_leave_the_question_wholly_explained(
    text: str, lang: str, entry: str
) -> None:
    best = Matcher(load(), language=lang).search(text)[0]
    assert best.entry.id == entry and best.query_cover >= 0.99


def test_at_all_take_part_and_asking_words_are_small_words_in_ukrainian_and_russian() -> None:
    # "узагалі" (at all) and "брати" of "брати участь" (take part) were unknown words
    text = "Поясніть, чому фірмам узагалі варто брати участь у громадському житті міста?"
    assert _answers(text, "uk") == [(Step.ANSWER, "wirtschaft-engagement")]
    # "что имеется в виду под словами …" (what is meant by the words …) names no topic
    text = "Что имеется в виду под словами «образование больше, чем школа»?"
    assert _answers(text, "ru") == [(Step.ANSWER, "bildung-lebenslanges-lernen")]
    # a letter's "Уважаемые дамы и господа", "например", "С уважением" on the question's line
    text = (
        "Уважаемые дамы и господа, меня интересует, есть ли в городе обучение на нескольких "
        "языках, например для детей? С уважением, Галина"
    )
    assert _answers(text, "ru") == [(Step.ANSWER, "bildung-mehrsprachigkeit")]
    # "прежде чем" (before) stays a word: signing up is what comes first, data are asked
    text = "Прежде чем записаться, хочу уточнить: что вы сохраняете?"
    assert _answers(text, "ru") == [(Step.ANSWER, "assistent-datenschutz")]
    # a kindergarten place is the city's, not the bilingual kindergartens' entry
    assert Step.ANSWER not in [step for step, _ in _answers("Де записати дитину до садка?", "uk")]


def test_a_whole_greeting_with_its_object_is_only_a_greeting() -> None:
    # "Вітаю" was cut off "Вітаю Вас", and "Вас" went to the team as a question
    assert _answers("Вітаю Вас", "uk") == [(Step.SMALL_TALK, "smalltalk-hallo")]
    assert _answers("Вітаю вас! Що таке JBZ?", "uk") == [(Step.ANSWER, "bildung-jbz")]
    # the colloquial "здрасьтє" alone is a greeting, "спасібо велике" thanks
    assert _answers("здрасьтє", "uk") == [(Step.SMALL_TALK, "smalltalk-hallo")]
    assert _answers("спасібо велике", "uk") == [(Step.SMALL_TALK, "smalltalk-danke")]
    # Iraqi "الله وياك" (God be with you) and "بامان الله" are goodbyes
    assert _answers("الله وياك، بامان الله", "ar") == [(Step.SMALL_TALK, "smalltalk-tschuess")]
    # the season's wishes take leave: "С Новым годом!" had answered the history ("год")
    for lang, text in (("ru", "С Новым годом!"), ("uk", "З Новим роком вас!"), ("ar", "عيد مبارك")):
        assert _answers(text, lang) == [(Step.SMALL_TALK, "smalltalk-tschuess")], text


def test_a_second_russian_question_may_start_with_a_verb_and_li() -> None:
    text = "Что Вы сохраняете обо мне и могу ли я всё это удалить?"
    assert [entry for _, entry in _answers(text, "ru")] == [
        "assistent-datenschutz", "assistent-meine-daten",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "How do you protect my data?"),
        ("uk", "Як Ви захищаєте мої дані?"),
        ("ru", "Как Вы защищаете мои данные?"),
        ("ar", "كيف تحمون بياناتي؟"),
    ],
)
def test_how_my_data_is_protected_is_the_privacy_question(lang: str, text: str) -> None:
    assert _answers(text, lang) == [(Step.ANSWER, "assistent-datenschutz")]


# Ways of asking that had found another entry or none: asking to have a thing named before
# explained ("Можете объяснить?" was the programme's own word "explain"); "носій/носитель"
# (carrier), the source's "Träger" word for word; "освітній ландшафт", its
# "Bildungslandschaft"; "включиться в волонтёрство" (join the volunteering), tied with a
# business joining the programme; "التعليم اكثر من المدرسة", the source's "Bildung ist
# mehr als Schule" ("بان", that, a small word).
_ASKED = {
    "programm-kooperationsvereinbarung": [
        ("ru", "Не пойму, что такое соглашение о сотрудничестве. Можете объяснить?"),
    ],
    "programm-letter-of-intent": [("uk", "Не розумію, що таке Letter of Intent. Можете пояснити?")],
    "programm-geschichte": [
        ("uk", "Хто був носієм програми в першій фазі?"),
        ("ru", "Кто был носителем программы сначала?"),
    ],
    "engagement-mitmachen": [
        ("ru", "Как мне включиться в волонтёрство через Вашу программу?"),
        ("uk", "Як я можу стати волонтером у програмі?"),
    ],
    # hours of the office, known: its contacts with the note (only hours of an unknown
    # thing are not read again with their words of work)
    "kontakt-koordinierungsstelle": [
        ("ar", "ما هي ساعات الدوام؟"),
        ("uk", "Які години роботи офісу?"),
    ],
    "bildung-lebenslanges-lernen": [
        ("uk", "Як це розглядається в освітньому ландшафті міста?"),
        ("ru", "Что входит в образовательный ландшафт города?"),
        ("ar", "ما المقصود بان التعليم اكثر من المدرسة؟"),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text", "entry"),
    [(lang, text, entry) for entry, asked in _ASKED.items() for lang, text in asked],
)
def test_further_languages_ways_of_asking_find_their_entry(
    lang: str, text: str, entry: str
) -> None:
    assert _answers(text, lang) == [(Step.ANSWER, entry)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ru", "Когда встреча?"), ("uk", "Коли зустріч?"), ("ar", "متى في لقاء؟")],
)
def test_when_the_meeting_is_asks_the_events_and_is_no_goodbye(lang: str, text: str) -> None:
    # the meeting word is a goodbye's ("До встречи", "إلى اللقاء"), but a question mark asks
    planned = plan(text, _matcher(lang), NOW)
    assert Step.SMALL_TALK not in [r.step for r in planned.replies]
    [reply] = planned.replies
    offered = [c.entry.id for c in reply.decision.candidates] if reply.decision else []
    assert reply.step is Step.EVENTS or "veranstaltung-termine" in offered
    # a goodbye with the meeting word still takes leave
    assert _answers(
        {"ru": "До скорой встречи!", "uk": "До зустрічі в Дессау!", "ar": "الى اللقاء ان شاء الله"}[
            lang
        ],
        lang,
    ) == [(Step.SMALL_TALK, "smalltalk-tschuess")]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("uk", "До зустрічі, гарного вечора!"),
        ("ru", "До встречи, хорошего дня"),
        ("ar", "إلى اللقاء قريباً"),
        ("ar", "مشكور ياخ"),  # Sudanese "ياخ" (man, brother) is no topic
    ],
)
def test_several_goodbyes_in_a_row_take_leave(lang: str, text: str) -> None:
    # (a guard: the goodbye entries hold these too) the frame takes each off the end
    assert [step for step, _ in _answers(text, lang)] == [Step.SMALL_TALK]


def test_a_sudanese_what_is_this_programme_is_answered() -> None:
    assert _answers("ياخ البرنامج ده شنو؟", "ar") == [(Step.ANSWER, "programm-was-ist")]


def test_what_a_volunteer_will_be_paid_is_the_team_s_not_the_events() -> None:
    # "будут" (will) had made "сколько мне будут платить" a question for the next events
    text = (
        "Есть ли курсы повышения квалификации для водителей? И сколько мне будут платить, "
        "если я стану волонтёром?"
    )
    assert _answers(text, "ru") == [
        (Step.ANSWER, "bildung-weiterbildung"),
        (Step.TEAM, None),
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [("uk", "Що таке JBZ і де він знаходиться?"), ("ru", "Что такое JBZ и где он находится?")],
)
def test_where_it_is_after_and_asks_the_place_of_the_thing_before(lang: str, text: str) -> None:
    # "де він знаходиться" (where is it) with its pronoun asks the place, as "де знаходиться"
    # does: the JBZ is answered, the address it does not hold goes to the team (no buttons)
    planned = plan(text, _matcher(lang), NOW)
    [reply] = planned.replies
    assert (reply.step, reply.entry and reply.entry.id) == (Step.ANSWER, "bildung-jbz")
    assert reply.missing is not None and reply.missing.value == "where"
    assert planned.to_team
    # another body's office: all of it to the team, no buttons
    other = {
        "uk": "Коли відкритий Jobcenter і де він знаходиться?",
        "ru": "Когда работает Bürgeramt и где оно находится?",
    }[lang]
    assert _answers(other, lang) == [(Step.TEAM, None)]
