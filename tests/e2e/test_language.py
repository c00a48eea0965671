"""Which language a person writes in: the language stays put on thin evidence, and the team's
card names the language a question is written in (pure, and end to end)."""

from __future__ import annotations

import pytest
from fake_bot_api import FakeBotApi, User
from harness import ANNA, COORDINATOR_CHAT_ID, replies

from knowledge import KnowledgeBase
from knowledge.languages import UKRAINIAN_OR_RUSSIAN, written_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Як я можу допомогти як волонтерка?", "uk"),  # "як", "можу"
        ("Де отримати консультацію для сім'ї?", "uk"),  # і, ї
        ("Где можно получить консультацию для семьи?", "ru"),  # "где", "можно"
        ("Вы мне поможете? Ещё вопрос.", "ru"),  # ё
        ("Ясно!", UKRAINIAN_OR_RUSSIAN),  # neither a letter nor a word of its own
        ("كيف يمكنني التطوع؟", "ar"),
        ("Wo ist das JBZ? Дякую", None),  # mostly German
        ("Was ist das JBZ?", None),
        ("👍", None),
    ],
)
def test_the_script_tells_the_language(text: str, language: str | None) -> None:
    assert written_language(text) == language


pytestmark_e2e = pytest.mark.usefixtures("bot", "clean_run")


@pytestmark_e2e
async def test_one_english_word_does_not_switch_a_german_conversation(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, "Was ist das Jugend.Berufs.Zentrum?")
    await replies(fake_api, ANNA, 1)
    await fake_api.send_text(anna, "thanks")
    reply = await fake_api.wait_for_message(ANNA)
    assert reply["text"] == kb.by_id["smalltalk-danke"].answer.strip()  # German, as before


@pytestmark_e2e
@pytest.mark.parametrize(
    ("question", "language", "name"),
    [
        ("Добрий день! Де мені продовжити закордонний паспорт?", "uk", "Ukrainisch"),
        # no letter of Russian's own: its words and endings tell it ("посоветуйте", "-ого")
        ("Посоветуйте русскоговорящего стоматолога в Дессау", "ru", "Russisch"),
        # a count of nothing an entry is about: the team's, in Ukrainian
        ("Скільки людей живе в Дессау-Рослау?", "uk", "Ukrainisch"),
    ],
)
async def test_a_question_for_the_team_is_acknowledged_and_labelled_in_its_language(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, question: str, language: str, name: str
) -> None:
    await fake_api.send_text(anna, question)
    ack = await fake_api.wait_for_message(ANNA)
    assert ack["text"] == kb.messages.get("ticket_created", language, number=1).strip()
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    assert question in card["text"]
    assert f"· {name} ·" in card["text"] and "Deutsch" not in card["text"]


@pytestmark_e2e
async def test_a_russian_goodbye_without_russian_letters_is_answered_in_russian(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    # "До свидания" has none of ы э ъ ё: its words tell Russian, not the Ukrainian default
    await fake_api.send_text(anna, "До свидания!")
    reply = await fake_api.wait_for_message(ANNA)
    assert reply["text"] == kb.by_id["smalltalk-tschuess"].translations["ru"].answer.strip()
