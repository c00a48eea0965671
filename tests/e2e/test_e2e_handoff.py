"""End to end: questions the bot cannot answer reach the team, and the team's answers the
citizen; only the team can answer; /offen and /statistik; through the real Application,
the outbox and the fake Bot API.

The coordinator chat is the group COORDINATOR_CHAT_ID; Kathrin is a member of it.
"""

from __future__ import annotations

import handoff_steps as steps
import pytest
from fake_bot_api import FakeBotApi, JSONDict, User
from harness import ANNA, COORDINATOR_CHAT_ID, RunningBot

from knowledge import KnowledgeBase
from runtime.ratelimit import TelegramLimits

pytestmark = pytest.mark.usefixtures("clean_run")


bot = pytest.fixture(steps.fast_bot, name="bot")


async def test_round_trip_question_card_reply_answer(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, steps.UNANSWERABLE)
    ack = await fake_api.wait_for_message(ANNA)
    assert ack["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    await steps.recorded(fake_api, bot, COORDINATOR_CHAT_ID, card)
    assert card["text"].startswith("📨 Frage Nr. 1\nvon Anna (@anna_dessau) · Deutsch · ")
    assert steps.UNANSWERABLE in card["text"]
    assert "Ähnliche Einträge:" in card["text"]
    assert [label for label, _ in FakeBotApi.buttons(card)] == [
        "✅ Erledigt",
        "🚫 Sperren",
        "📚 Zu Eintrag hinzufügen",
    ]

    await steps.team_replies(fake_api, kathrin, card, "Das Bürgeramt hilft Ihnen <gern> & schnell.")
    answer = await steps.relayed(fake_api, ANNA, "Bürgeramt")
    assert answer["text"].startswith("Antwort vom Team der Engagierten Stadt zu Ihrer Frage Nr. 1")
    assert "Das Bürgeramt hilft Ihnen <gern> & schnell." in answer["text"]
    assert "Kathrin" not in answer["text"] and "koordination" not in answer["text"]
    confirm = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "✅" in m["text"])
    assert confirm["text"] == "✅ Antwort zu Frage Nr. 1 wurde zugestellt."
    await steps.recorded(fake_api, bot, COORDINATOR_CHAT_ID, confirm)

    # several replies are fine, also to the confirmation
    await steps.team_replies(fake_api, kathrin, confirm, "Nachtrag: Termine gibt es online.")
    second = await steps.relayed(fake_api, ANNA, "Nachtrag")
    assert "Nachtrag: Termine gibt es online." in second["text"]
    assert fake_api.api_errors == []


async def test_citizen_follow_up_joins_the_ticket(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    await steps.ask_team(fake_api, bot, anna)
    ack = await fake_api.wait_for_message(ANNA)
    await steps.recorded(fake_api, bot, ANNA, ack)
    await fake_api.send_text(anna, "Es geht um meinen Reisepass, nicht den Ausweis.", reply_to=ack)
    followup = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: "Reisepass" in m["text"]
    )
    await steps.recorded(fake_api, bot, COORDINATOR_CHAT_ID, followup)
    assert followup["text"].startswith("📨 Ergänzung zu Frage Nr. 1 von Anna")
    thanks = await fake_api.wait_for_message(ANNA, lambda m: "Ergänzung" in m["text"])
    assert thanks["text"] == kb.messages.get("followup_added", "de", number=1)
    await steps.team_replies(fake_api, kathrin, followup, "Auch dafür ist das Bürgeramt da.")
    answer = await steps.relayed(fake_api, ANNA, "Auch dafür")
    assert "Auch dafür ist das Bürgeramt da." in answer["text"]
    await fake_api.send_text(kathrin, "/offen", chat_id=COORDINATOR_CHAT_ID)
    listing = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "ffene" in m["text"])
    assert listing["text"] == kb.messages.get("open_none")  # answered: nothing waits

    # an addition after the answer (a reply to it) joins the ticket and puts it back in /offen
    await steps.recorded(fake_api, bot, ANNA, answer)
    await fake_api.send_text(anna, "Und wann hat es offen?", reply_to=answer)
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "wann hat es" in m["text"])
    await fake_api.send_text(kathrin, "/offen", chat_id=COORDINATOR_CHAT_ID)
    listing = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Offene" in m["text"])
    assert listing["text"].splitlines()[0] == "Offene Fragen (1), älteste zuerst:"
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM tickets") == [(1,)]

    # a photo with a caption, in reply: the caption joins the ticket, the photo stays here
    await fake_api.send_non_text(anna, "photo", reply_to=answer, caption="Hier mein Formular.")
    note = await fake_api.wait_for_message(ANNA)
    assert note["text"] == kb.messages.get("attachment_not_read", "de").strip()
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "mein Formular" in m["text"])
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM tickets") == [(1,)]
    assert not fake_api.calls_to("sendPhoto")

    # a reply that reads like a date question ("when do you have time?" – "Am Samstag") is
    # for the team too, not a question about the events
    await fake_api.send_text(anna, "Am Samstag", reply_to=answer)
    added = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: "Am Samstag" in m["text"]
    )
    assert added["text"].startswith("📨 Ergänzung zu Frage Nr. 1")
    thanks = await fake_api.wait_for_message(ANNA)
    assert thanks["text"] == kb.messages.get("followup_added", "de", number=1)
    await fake_api.send_text(anna, "Am Samstag")  # not a reply: the events of that day
    events = await fake_api.wait_for_message(ANNA)
    assert "Termine" in events["text"]
    team = [m for m in fake_api.sent_to(COORDINATOR_CHAT_ID) if "Am Samstag" in m["text"]]
    assert len(team) == 1


async def test_answer_arrives_after_a_restart_between_card_and_reply(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    card = await steps.ask_team(fake_api, bot, anna)
    await bot.restart()
    await steps.team_replies(fake_api, kathrin, card, "Antwort nach dem Neustart.")
    answer = await steps.relayed(fake_api, ANNA, "Neustart")
    assert "Antwort nach dem Neustart." in answer["text"]


async def test_coordinator_chat_failing_then_recovering_gets_the_card_once(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase,
    refusals_expected: set[int],
) -> None:  # fmt: skip
    refusals_expected.update({429, 500, 502})
    fake_api.fail(COORDINATOR_CHAT_ID, 502, times=2)
    fake_api.fail(COORDINATOR_CHAT_ID, 500, times=1)
    fake_api.fail(COORDINATOR_CHAT_ID, 429, times=1, retry_after=1)
    await fake_api.send_text(anna, steps.UNANSWERABLE)
    ack = await fake_api.wait_for_message(ANNA)  # the citizen is not held up by the team chat
    assert ack["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, timeout=10)
    to_team = [
        c
        for c in fake_api.calls_to("sendMessage")
        if str(c.params["chat_id"]) == str(COORDINATOR_CHAT_ID)
    ]
    assert [c.status for c in to_team] == [502, 502, 500, 429, 200]
    assert to_team[-1].time - to_team[-2].time >= 0.95  # Telegram's retry_after: 1 s
    cards = [m for m in fake_api.sent_to(COORDINATOR_CHAT_ID) if steps.UNANSWERABLE in m["text"]]
    assert len(cards) == 1
    sql = "SELECT status FROM outbox WHERE purpose = 'card'"
    await fake_api.wait_for(lambda: steps.db_rows(bot, sql) == [("sent",)], what="card marked sent")


async def test_thirty_tickets_reach_the_group_within_its_limit(
    start_bot: object, fake_api: FakeBotApi
) -> None:
    # Telegram's 20 messages per minute into a group, with the minute scaled to 1.5 seconds
    window = 1.5
    fake_api.limits(group_per_minute=20, group_window=window)
    limits = TelegramLimits(group_rate=20, group_window=window)
    await start_bot(overrides={**steps.FAST, "limits": limits})  # type: ignore[operator]
    citizens = [fake_api.user(5000 + n, f"Person{n}") for n in range(30)]
    for n, citizen in enumerate(citizens):
        await fake_api.send_text(citizen, f"Frage Nummer {n}: Wann öffnet das Standesamt?")

    def cards() -> list[JSONDict]:
        return [m for m in fake_api.sent_to(COORDINATOR_CHAT_ID) if "Frage Nummer" in m["text"]]

    await fake_api.wait_for(lambda: len(cards()) >= 30, 15, "30 cards")
    assert sorted(m["text"].split("Frage Nummer ")[1].split(":")[0] for m in cards()) == sorted(
        str(n) for n in range(30)
    )
    assert fake_api.provoked_429 == 0
    for citizen in citizens:  # and every citizen got the acknowledgement
        assert fake_api.sent_to(citizen.id)


async def test_only_the_coordinator_chat_can_answer(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User
) -> None:
    card = await steps.ask_team(fake_api, bot, anna)
    outsiders = fake_api.group(-100777, "Andere Gruppe")
    # A reply in another group to a message with the card's id there: not the team.
    await fake_api.send_update(
        {
            "message": {
                "message_id": 50,
                "date": card["date"],
                "chat": outsiders,
                "from": kathrin.to_dict(),
                "text": "Falsche Gruppe",
                "reply_to_message": {**card, "chat": outsiders},
            }
        }
    )
    # Bob, in his private chat, replying to the bot's message: a citizen with a question.
    greeting = await fake_api.send_text(bob, "/start")
    assert greeting
    welcome = await fake_api.wait_for_message(steps.BOB)
    await fake_api.send_text(bob, "Ich bin nicht das Team", reply_to=welcome)
    await fake_api.wait_for_message(steps.BOB)
    await steps.team_replies(fake_api, kathrin, card, "Richtige Antwort.")
    answer = await steps.relayed(fake_api, ANNA, "Richtige Antwort.")
    assert answer["text"].startswith("Antwort vom Team")
    texts = [m["text"] for m in fake_api.sent_to(ANNA)]
    assert not any("Falsche Gruppe" in t or "nicht das Team" in t for t in texts)
    assert not fake_api.sent_to(-100777)


async def test_only_listed_members_act_for_the_team(
    start_bot: object, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    bot = await start_bot(overrides=steps.FAST, COORDINATOR_USER_IDS=str(steps.KATHRIN))  # type: ignore[operator]
    intern = fake_api.user(888, "Praktikant")
    card = await steps.ask_team(fake_api, bot, anna)
    await steps.team_replies(fake_api, intern, card, "Nicht von mir weitergeben!")
    await steps.team_replies(fake_api, kathrin, card, "Von Kathrin.")
    answer = await steps.relayed(fake_api, ANNA, "Von Kathrin.")
    assert answer["text"].startswith("Antwort vom Team")
    assert not any("Nicht von mir" in m["text"] for m in fake_api.sent_to(ANNA))


async def test_ban_stops_questions_reaching_the_team(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    card = await steps.ask_team(fake_api, bot, anna)
    ack = await fake_api.wait_for_message(ANNA)
    await steps.recorded(fake_api, bot, ANNA, ack)
    query = await fake_api.press(kathrin, card, FakeBotApi.button_data(card, "🚫 Sperren"))
    await fake_api.wait_for(lambda: query in fake_api.answered_callbacks, what="ban answered")
    assert fake_api.answered_callbacks[query]["text"].startswith("Gesperrt")
    cards_before = len(fake_api.sent_to(COORDINATOR_CHAT_ID))
    await fake_api.send_text(anna, "Noch eine Frage zum Führerschein?")
    reply = await fake_api.wait_for_message(ANNA, lambda m: "Nachricht" in m["text"])
    assert reply["text"] == kb.messages.get("ticket_received", "de")
    # nor does an addition to the earlier question (a reply to its acknowledgement)
    await fake_api.send_text(anna, "Ergänzung: Es ist dringend!", reply_to=ack)
    reply = await fake_api.wait_for_message(ANNA)
    assert reply["text"] == kb.messages.get("ticket_received", "de")
    assert len(fake_api.sent_to(COORDINATOR_CHAT_ID)) == cards_before
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == [(0,)]
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM ticket_messages") == [(1,)]
    # the card's buttons now offer to lift the ban; lifted, questions reach the team again
    edited = fake_api.calls_to("editMessageReplyMarkup")[-1]
    assert "Entsperren" in str(edited.params["reply_markup"])
    card = fake_api.sent_to(COORDINATOR_CHAT_ID)[0]  # as the team sees it now
    query = await fake_api.press(kathrin, card, FakeBotApi.button_data(card, "Entsperren"))
    await fake_api.wait_for(lambda: query in fake_api.answered_callbacks, what="unban answered")
    assert fake_api.answered_callbacks[query]["text"] == kb.messages.get("unbanned_ok")
    await steps.ask_team(fake_api, bot, anna, "Wo mache ich den Führerschein?")


async def test_a_citizen_cannot_use_team_buttons(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await steps.ask_team(fake_api, bot, anna)
    ack = await fake_api.wait_for_message(ANNA)
    query = await fake_api.press(anna, ack, "t:ban:1")  # forged: the team's ban button
    await fake_api.wait_for(lambda: query in fake_api.answered_callbacks, what="refusal")
    assert fake_api.answered_callbacks[query]["text"] == kb.messages.get("coordinator_only")
    assert steps.db_rows(bot, "SELECT banned FROM citizens") == [(0,)]


async def test_offen_lists_open_tickets_oldest_first_and_refuses_citizens(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User, kb: KnowledgeBase
) -> None:
    first = await steps.ask_team(fake_api, bot, anna, "Wo ist das Fundbüro?")
    await steps.ask_team(fake_api, bot, bob, "Where do I register my car?")
    await fake_api.send_text(kathrin, "/offen", chat_id=COORDINATOR_CHAT_ID)
    listing = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Offene" in m["text"])
    lines = listing["text"].splitlines()
    assert lines[0] == "Offene Fragen (2), älteste zuerst:"
    assert lines[1].startswith("Nr. 1 · ") and lines[1].endswith(
        "Anna (@anna_dessau): Wo ist das Fundbüro?"
    )
    assert lines[2].startswith("Nr. 2 · ") and "Bob: Where do I register my car?" in lines[2]

    done = await fake_api.press(kathrin, first, FakeBotApi.button_data(first, "✅ Erledigt"))
    await fake_api.wait_for(lambda: done in fake_api.answered_callbacks, what="done")
    await fake_api.send_text(kathrin, "/offen", chat_id=COORDINATOR_CHAT_ID)
    listing = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Offene" in m["text"])
    assert listing["text"].splitlines()[0] == "Offene Fragen (1), älteste zuerst:"

    await fake_api.send_text(anna, "/offen")
    refusal = await fake_api.wait_for_message(ANNA)
    assert refusal["text"] == kb.messages.get("coordinator_only", "de")


async def test_statistik_counts_outcomes_and_lists_unanswered_phrasings(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User
) -> None:
    await fake_api.send_text(anna, "Was ist das Jugend.Berufs.Zentrum?")  # answered from the KB
    await fake_api.wait_for_message(ANNA)
    card = await steps.ask_team(fake_api, bot, anna, "Wann hat das Fundbüro offen?")
    await steps.ask_team(fake_api, bot, bob, "wann hat das fundbüro offen")  # the same, rephrased
    await steps.team_replies(fake_api, kathrin, card, "Montags.")
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "zugestellt" in m["text"])
    await fake_api.send_text(kathrin, "/statistik", chat_id=COORDINATOR_CHAT_ID)
    stats = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Statistik" in m["text"])
    week = stats["text"].split("📊")[1]
    assert "Fragen gestellt: 3" in week
    assert "direkt aus der Wissensbasis beantwortet: 1 (33%)" in week
    assert (
        "an das Team gegeben: 2 (davon nach Vorschlägen: 0, nach „Das passt nicht“: "
        "0, mit /frage: 0; Anfragen: 2)"
    ) in week
    assert "vom Team beantwortet: 1" in week
    assert "mittlere Antwortzeit (Median): unter 1 Min." in week
    assert "2× Wann hat das Fundbüro offen?" in week
    assert "letzten 30 Tage" in stats["text"]


async def test_statistik_counts_keine_davon_and_frage_as_unanswered_once(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User, kb: KnowledgeBase
) -> None:
    # the matcher hands off
    await steps.ask_team(fake_api, bot, anna, "Wann hat das Fundbüro offen?")
    await fake_api.send_text(bob, "/frage wann hat das fundbüro offen")
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Nr. 2" in m["text"])
    await fake_api.send_text(anna, "Partner")  # suggestions, and Anna asks the team after all
    suggestions = await fake_api.wait_for_message(ANNA, lambda m: "reply_markup" in m)
    ask = FakeBotApi.button_data(suggestions, kb.messages.get("none_of_these_team", "de"))
    await fake_api.press(anna, suggestions, ask)
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Nr. 3" in m["text"])
    await fake_api.send_text(bob, "Partner")  # suggestions, and Bob picks one of them
    await fake_api.wait_for_message(steps.BOB, lambda m: "reply_markup" in m)
    sql = "SELECT COUNT(*), SUM(via IS NOT NULL) FROM questions_log"
    await fake_api.wait_for(lambda: steps.db_rows(bot, sql) == [(4, 3)], what="questions counted")
    await fake_api.send_text(kathrin, "/statistik", chat_id=COORDINATOR_CHAT_ID)
    stats = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Statistik" in m["text"])
    week = stats["text"].split("📊")[1]
    assert "Fragen gestellt: 4" in week
    assert "direkt aus der Wissensbasis beantwortet: 0 (0%)" in week
    assert "mit Vorschlägen beantwortet: 1\n" in week  # Bob's; Anna's went to the team
    assert (
        "an das Team gegeben: 3 (davon nach Vorschlägen: 1, nach „Das passt nicht“: "
        "0, mit /frage: 1; Anfragen: 3)"
    ) in week
    assert "2× Wann hat das Fundbüro offen?" in week
    assert "1× Partner" in week


async def test_answer_to_a_citizen_who_blocked_the_bot_is_reported(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, refusals_expected: set[int]
) -> None:
    refusals_expected.add(403)
    card = await steps.ask_team(fake_api, bot, anna)
    await fake_api.wait_for_message(ANNA)
    fake_api.block(ANNA)
    await steps.team_replies(fake_api, kathrin, card, "Antwort ins Leere.")
    notice = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "⚠️" in m["text"])
    assert "konnte nicht zugestellt werden" in notice["text"]
    assert steps.db_rows(bot, "SELECT blocked_bot FROM citizens") == [(1,)]
