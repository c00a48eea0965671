"""Ukrainian, Russian and Arabic through the real Application: answers (Russian also in Latin
letters), the team's answers framed in the citizen's language, /sprache kept across a
restart, and the sign-up in Russian."""

from __future__ import annotations

import pytest
from fake_bot_api import FakeBotApi, User
from handoff_steps import recorded, team_replies
from harness import ANNA, COORDINATOR_CHAT_ID, RunningBot, StartBot, labels, say
from signup_flow import choose, signups, tap, tap_for_reply

from knowledge import KnowledgeBase

pytestmark = pytest.mark.usefixtures("clean_run")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Добрий день! Що таке JBZ і чим там допомагають?", "uk"),
        # no Cyrillic keyboard: read as Russian, answered in Russian, not handed to the team
        ("zdravstvuyte! chto takoe JBZ i chem tam pomogayut?", "ru"),
    ],
)
async def test_a_question_is_answered_in_the_language_it_is_written_in(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase, text: str, lang: str
) -> None:
    reply = await say(fake_api, anna, text)

    jbz = kb.by_id["bildung-jbz"].translations[lang]
    assert reply["text"].startswith(jbz.title)
    assert jbz.answer.strip() in reply["text"]
    assert kb.messages.get("not_it_team", lang) in labels(reply)  # the escape, in that language


async def test_an_arabic_question_goes_to_the_team_and_its_german_answer_comes_framed_in_arabic(
    fake_api: FakeBotApi, anna: User, coordinator: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    question = "مرحبا، أين يمكنني تجديد جواز السفر؟"  # renewing a passport: not the programme's
    await fake_api.send_text(anna, question)
    ack = await fake_api.wait_for_message(ANNA)
    assert ack["text"] == kb.messages.get("ticket_created", "ar", number=1).strip()
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: question in m["text"])
    assert "· Arabisch ·" in card["text"]
    await recorded(fake_api, bot, COORDINATOR_CHAT_ID, card)

    answer = "Das Bürgeramt erneuert Pässe; Termine gibt es online."
    await team_replies(fake_api, coordinator, card, answer)
    framed = kb.messages.get("team_answer", "ar", number=1, answer=answer).strip()
    assert framed != kb.messages.get("team_answer", "de", number=1, answer=answer).strip()
    await fake_api.wait_for_message(ANNA, lambda m: m["text"] == framed)


async def test_sprache_switches_the_language_and_the_choice_outlasts_a_restart(
    fake_api: FakeBotApi, anna: User, start_bot: StartBot, kb: KnowledgeBase
) -> None:
    running = await start_bot()
    prompt = await say(fake_api, anna, "/sprache")
    assert prompt["text"] == kb.messages.get("language_choose", "de").strip()
    assert labels(prompt) == ["Deutsch", "English", "Українська", "Русский", "العربية"]
    await tap(fake_api, anna, prompt, "Русский")
    confirmed = await fake_api.wait_for_message(ANNA)
    assert confirmed["text"] == kb.messages.get("language_set", "ru").strip()

    await running.restart()
    help_text = await say(fake_api, anna, "/hilfe")
    assert help_text["text"] == kb.messages.get("help", "ru").strip()
    # chosen wins over what a message is written in: a German question, a Russian answer
    reply = await say(fake_api, anna, "Was ist das Jugend.Berufs.Zentrum?")
    assert reply["text"].startswith(kb.by_id["bildung-jbz"].title_in("ru"))


async def test_a_forged_language_button_is_refused_gently(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    prompt = await say(fake_api, anna, "/sprache")
    query_id = await fake_api.press(anna, prompt, "lang:xx")
    answer = await fake_api.wait_for(lambda: fake_api.answered_callbacks.get(query_id), what="it")
    assert answer["text"] == kb.messages.get("stale_button", "de")
    reply = await say(fake_api, anna, "Was ist das JBZ?")
    assert reply["text"].startswith(kb.by_id["bildung-jbz"].title)  # still German


async def test_the_sign_up_in_russian_to_the_end(
    fake_api: FakeBotApi, bot: RunningBot, kb: KnowledgeBase
) -> None:
    olga = fake_api.user(7272, "Olga", language_code="ru")
    ru = kb.messages
    assert kb.signup is not None
    option = {o.id: o.label_in("ru") for o in (*kb.signup.interests, *kb.signup.availability)}

    intro = await say(fake_api, olga, "/mitmachen")
    assert intro["text"].startswith(ru.get("signup_intro", "ru").split("\n")[0].strip())
    interests = await say(fake_api, olga, "Ольга")
    nxt = ru.get("button_next", "ru")
    availability = await choose(fake_api, olga, interests, [option["miteinander"]], nxt)
    contact = await choose(fake_api, olga, availability, [option["abends"]], nxt)
    note = await tap_for_reply(fake_api, olga, contact, ru.get("button_telegram_only", "ru"))
    privacy = await tap_for_reply(fake_api, olga, note, ru.get("button_skip", "ru"))
    assert "/loeschen" in privacy["text"] and kb.signup.privacy_version in privacy["text"]
    assert ru.get("signup_privacy", "ru").split("\n")[0].strip() in privacy["text"]
    summary = await tap_for_reply(fake_api, olga, privacy, ru.get("button_agree", "ru"))
    assert option["miteinander"] in summary["text"]
    done = await tap_for_reply(fake_api, olga, summary, ru.get("button_submit", "ru"))

    assert done["text"] == ru.get("signup_done", "ru", name="Ольга").strip()
    [row] = signups(bot)
    assert (row["language"], row["consent_version"]) == ("ru", kb.signup.privacy_version)
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Ольга" in m["text"])
    assert "Russisch" in card["text"]  # the team reads German
