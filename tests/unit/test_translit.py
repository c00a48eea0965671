"""Russian written in Latin letters (knowledge/translit.py): told apart from German and
English, spelled back in Cyrillic and answered by the Russian matcher."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from knowledge import Matcher, load
from knowledge.languages import script_language
from knowledge.plan import plan
from knowledge.replies import Step
from knowledge.translit import in_latin_letters, to_cyrillic

NOW = datetime(2026, 12, 3, 12, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    "text",
    [
        "privet! kakie blizhaishie meropriyatiya?",
        "zdravstvuyte, kak mne zapisatsya volonterom?",
        "spasibo",
        "do svidaniya!",
        "a chto eto voobshe takoe?",
        "otpishite menja ot napominanij požalujsta, bol'še ne nado",  # ISO letters
        "ladno, ponyal",
        "dobryi den",  # a greeting of two words
        "yasno, ok",
        # beside an everyday word, words of Russian shapes: "-eesh", "-iyu", "-oj"
        "chto ty umeesh?",
        "kakuyu strategiyu razrabotal gorodskoj sovet?",
        # "est li" (is there), "-ovom", "-akh": it had been taken for German and sent to the team
        "est li v gorode kursy na raznyh yazykakh?",
        "chto bylo na startovom meropriyatii v 2021 godu?",
        # everyday words of young people, choosing, grandchildren
        "gde molodym pomogut s vyborom professii?",
        "gde mozhno pogulyat s vnukami?",
        # the Russian spellings of signing up ("zapisatsja", "podpisatsya") are everyday words
        "mozhno zapisatsja dobrovolcem prjamo tut v chate?",
        "mozhno podpisatsya na napominaniya o meropriyatiyah? 4tob ne propustit",
    ],
)
def test_russian_in_latin_letters_is_russian(text: str) -> None:
    assert in_latin_letters(text)
    assert script_language(text) == "ru"


@pytest.mark.parametrize(
    "text",
    [
        "Was ist das JBZ?",
        "Wie viel Geld bekommt das Programm pro Jahr?",
        "Hallo, ich bin Tanja aus Kasachstan und möchte helfen.",
        "Where can I volunteer in Dessau?",
        "Danke!",
        "ok",
        "ok ty",  # "thank you"
        "Hotel Dessau",
        "ya ok",
        "Tam?",
        # Ukrainian in Latin letters is not taken for Russian
        "pryvit, ya khochu dopomagaty, de tam zapysatysya?",
        "Dobryi den, skazhit bud laska, de mozhna zapysatysya?",
        # names and words that only look Russian: a capital, "zh", "-iy", "-aya", "DIY"
        "Wo ist das JBZ? Andriy Zhuk",
        "Was kostet das? Gruß, Oleksiy Zhuravel",
        "Wann ist das nächste Treffen? Soraya und Aya",
        "Gibt es ein DIY Café oder eine Holzwerkstatt?",
        "Gibt es Kurse für herzhaft Kochen?",
        "Is there a stat on how many people volunteer? I saw a sad logo about it.",
        # Vietnamese and Chinese names ("vy", "li" are no everyday Russian words here)
        "Ich heiße Vy Li.",
        "Hi, my name is Li Vy, thank you",
        # French "est", Ukrainian in Latin letters ("vash", "prosto")
        "Bonjour! Est-ce que le programme est gratuit?",
        "Dobryi den, de vash ofis? Ya prosto khochu dopomahaty.",
        "Pensioner here, let me help?",
        # Ukrainian in Latin letters shares "volonterom", "na pensii" with Russian
        "Dobryi den, ya na pensii i khochu buty volonterom. Yak zapysatysia?",
        # "molodym", "vyborom", "znachit" are Ukrainian words too
        "de molodym dopomagayut z vyborom profesii?",
        "De kurs dlya dennogo navchannya?",  # "-nnogo" is Ukrainian too
        "Hallo, gibt es was für Babushka und Dedushka?",
        "Ja khochu staty dobrovolcem",  # "dobrovolcem" is Ukrainian too
        # Ukrainian reflexive verbs end in "-tsja" too; "prjamo" is Ukrainian as well
        "Hochu stati volonterom, yak ce robytsya?",
        "Hochu prjamo zaraz zapysatysja",
        "let me chate with someone",
    ],
)
def test_german_english_and_ukrainian_are_not(text: str) -> None:
    assert not in_latin_letters(text)
    assert script_language(text) is None


def test_it_is_spelled_in_cyrillic_keeping_the_words_the_caller_knows() -> None:
    assert to_cyrillic("kak moy dobryy drug, pozhaluysta") == "как мой добрый друг, пожалуйста"
    assert to_cyrillic("dobryi den") == "добрый день"
    assert to_cyrillic("eto meropriyatie") == "это мероприятие"
    # reflexive verbs however their ending is written, letters with a háček
    assert to_cyrillic("zapisatsa i nauchitsya") == "записаться и научиться"
    assert to_cyrillic("kakaya ulitsa") == "какая улица"  # a noun in -ица stays one
    assert to_cyrillic("požalujsta, bol'še") == "пожалуйста, больше"
    kept = to_cyrillic("chto takoe engagierte stadt", lambda word: word in {"engagierte", "stadt"})
    assert kept == "что такое engagierte stadt"


def test_byt_without_its_soft_sign_is_to_be() -> None:
    assert to_cyrillic("hochu byt volonterom") == "хочу быть волонтером"


def test_a_soft_sign_left_out_is_put_back_where_the_knowledge_base_knows_the_word() -> None:
    matcher = Matcher(load(), language="ru")
    assert to_cyrillic("konsultacii dlya roditeley", matcher.knows) == "консультации для родителей"
    assert to_cyrillic("mozhet uchastvovat", matcher.knows) == "может участвовать"  # not "можеть"
    planned = plan("U nas rebenok 8 mesyacev, est li konsultacii dlya roditeley?", matcher, NOW)
    assert [(r.step, r.entry and r.entry.id) for r in planned.replies] == [
        (Step.ANSWER, "bildung-fruehe-chancen")
    ]


def test_quotes_and_the_russian_words_themselves_are_spelled_right() -> None:
    assert to_cyrillic("'privet' kak dela") == "'привет' как дела"
    # a Russian word is spelled even when the caller knows one like it
    assert to_cyrillic("gorod", lambda word: True) == "город"


def test_a_question_in_latin_letters_gets_the_russian_answer() -> None:
    matcher = Matcher(load(), language="ru")
    planned = plan("privet! kakie blizhaishie meropriyatiya?", matcher, NOW)
    assert [r.step for r in planned.replies] == [Step.EVENTS]
    planned = plan("chto eto voobshe takoe engagierte stadt?", matcher, NOW)
    assert [(r.step, r.entry and r.entry.id) for r in planned.replies] == [
        (Step.ANSWER, "programm-was-ist")
    ]
    planned = plan("kak svyazatsya s koordinacionnym byuro? est telefon?", matcher, NOW)
    assert [(r.step, r.entry and r.entry.id) for r in planned.replies] == [
        (Step.ANSWER, "kontakt-koordinierungsstelle")
    ]
