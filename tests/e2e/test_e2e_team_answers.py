"""End to end: the team's answers in the unusual cases – corrections, answers by people no
longer in the team, to a deleted or blocking citizen, photos, long texts – and redelivered
updates, limits, FAQ drafts and the logs; through the real Application, the outbox and the
fake Bot API.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import handoff_steps as steps
import pytest
import yaml
from fake_bot_api import FakeBotApi, User
from harness import ANNA, COORDINATOR_CHAT_ID, TOKEN, RunningBot, debug_logs

from knowledge import DEFAULT_DIR as KNOWLEDGE_DIR
from knowledge import KnowledgeBase, Matcher, Outcome, load
from knowledge.__main__ import main as knowledge_main

pytestmark = pytest.mark.usefixtures("clean_run")


bot = pytest.fixture(steps.fast_bot, name="bot")


async def test_an_edited_answer_reaches_the_citizen_as_a_correction(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    _, answer, confirm = await steps.answered(
        fake_api, bot, anna, kathrin, "Im Bürgeramt, Zimmer 12."
    )
    assert confirm["text"] == kb.messages.get("answer_delivered", number=1)

    await fake_api.edit_text(answer, "Im Bürgeramt, Zimmer 21 & <B>.")
    correction = await fake_api.wait_for_message(ANNA, lambda m: "Zimmer 21" in m["text"])
    assert (
        correction["text"]
        == (
            kb.messages.get(
                "team_correction", "de", number=1, answer="Im Bürgeramt, Zimmer 21 & <B>."
            )
        ).strip()
    )
    assert correction["text"].startswith("Korrektur vom Team der Engagierten Stadt")
    assert "Kathrin" not in correction["text"]
    confirm = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: "Korrektur" in m["text"]
    )
    assert confirm["text"] == kb.messages.get("correction_delivered", number=1)
    await steps.recorded(fake_api, bot, ANNA, correction)  # a reply to it joins the ticket
    await fake_api.edit_text(answer, "x" * 4096)  # too long with the greeting: said, not sent
    refusal = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "4096" in m["text"])
    assert refusal["text"].startswith("Die geänderte Antwort ist 4096 Zeichen lang")

    # Not relayed: an edit that leaves the text as the citizen has it, an edit of the team's
    # own chatter, and an edit in another group of a message with the answer's id there.
    await fake_api.edit_text(answer, "Im Bürgeramt, Zimmer 21 & <B>.")
    chatter = await fake_api.send_text(kathrin, "Wer holt Kaffee?", chat_id=COORDINATOR_CHAT_ID)
    await fake_api.edit_text(chatter, "Wer holt Kuchen?")
    outsiders = fake_api.group(-100777, "Andere Gruppe")
    sql = "SELECT DISTINCT team_message_id FROM ticket_messages WHERE team_message_id > 0"
    [(answer_id,)] = steps.db_rows(bot, sql)  # the answer's id in the team chat
    await fake_api.send_update(
        {
            "edited_message": {
                "message_id": answer_id,
                "date": correction["date"],
                "edit_date": correction["date"],
                "chat": outsiders,
                "from": kathrin.to_dict(),
                "text": "Falsche Gruppe",
            }
        }
    )
    await fake_api.send_text(kathrin, "/offen", chat_id=COORDINATOR_CHAT_ID)  # after the edits
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "ffene" in m["text"])
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM outbox WHERE purpose = 'correction'") == [(1,)]
    assert len(fake_api.sent_to(ANNA)) == 3  # acknowledgement, answer, one correction
    assert not fake_api.sent_to(-100777)
    assert fake_api.api_errors == []


async def test_an_answer_edited_by_someone_no_longer_in_the_team_is_not_relayed(
    start_bot: object, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    team = {"overrides": steps.FAST, "COORDINATOR_USER_IDS": f"{steps.KATHRIN},888"}
    bot = await start_bot(**team)  # type: ignore[operator]
    _, answer, _ = await steps.answered(fake_api, bot, anna, kathrin, "Montags.")
    await bot.stop()
    bot = await start_bot(overrides=steps.FAST, COORDINATOR_USER_IDS="888")  # type: ignore[operator]
    await fake_api.edit_text(answer, "Dienstags.")  # Kathrin has left the team since
    intern = fake_api.user(888, "Praktikant")
    await fake_api.send_text(intern, "/offen", chat_id=COORDINATOR_CHAT_ID)  # after the edit
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "ffene" in m["text"])
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM outbox WHERE purpose = 'correction'") == [(0,)]
    assert not any("Dienstags" in m["text"] for m in fake_api.sent_to(ANNA))


async def test_an_update_delivered_twice_makes_one_ticket(
    bot: RunningBot, fake_api: FakeBotApi, anna: User
) -> None:
    fake_api.confirm_offsets = False  # the bot "crashes" before Telegram hears the offset
    await steps.ask_team(fake_api, bot, anna)
    await bot.restart()
    fake_api.confirm_offsets = True
    update = max(u["update_id"] for u in fake_api.pending_updates)
    await fake_api.wait_for(lambda: not fake_api.pending_updates, 5, "redelivered updates")
    assert fake_api.delivery_count(update) >= 2  # the question really came twice
    await fake_api.send_text(anna, "/start")  # something after it, to know the bot caught up
    await fake_api.wait_for_message(ANNA, lambda m: m["text"].startswith("Guten Tag"))
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM tickets") == [(1,)]
    cards = [m for m in fake_api.sent_to(COORDINATOR_CHAT_ID) if steps.UNANSWERABLE in m["text"]]
    assert len(cards) == 1
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM questions_log") == [(1,)]  # /statistik: once


async def test_a_team_answer_and_a_follow_up_delivered_twice_are_relayed_once(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    card = await steps.ask_team(fake_api, bot, anna)
    fake_api.confirm_offsets = False  # the bot "crashes" before Telegram hears the offsets
    await steps.team_replies(fake_api, kathrin, card, "Im Bürgerbüro, Zerbster Straße.")
    await steps.relayed(fake_api, ANNA, "Zerbster Straße")
    ack = next(m for m in fake_api.sent_to(ANNA) if "Nr. 1" in m["text"])
    await fake_api.send_text(anna, "Und am Samstag?", reply_to=ack)
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Samstag" in m["text"])
    await bot.restart()
    fake_api.confirm_offsets = True
    await fake_api.wait_for(lambda: not fake_api.pending_updates, 5, "redelivered updates")
    await fake_api.send_text(anna, "/start")  # something after them, to know the bot caught up
    await fake_api.wait_for_message(ANNA, lambda m: m["text"].startswith("Guten Tag"))
    purposes = steps.db_rows(bot, "SELECT purpose, COUNT(*) FROM outbox GROUP BY purpose")
    assert ("relay", 1) in purposes and ("followup", 1) in purposes


async def test_a_new_question_is_not_taken_for_an_old_one_when_update_ids_start_again(
    start_bot: object, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    bot = await start_bot()  # type: ignore[operator]
    first = await steps.ask_team(fake_api, bot, anna)
    await bot.stop()
    fake_api.restart_update_ids()  # a new Bot API server: the next update is number 1 again
    bot = await start_bot()  # type: ignore[operator]
    question = "Wo bekomme ich einen Angelschein?"
    second = await steps.ask_team(fake_api, bot, anna, question)

    assert first["text"] != second["text"]
    ack = kb.messages.get("ticket_created", "de", number=2).strip()
    await fake_api.wait_for_message(ANNA, lambda m: m["text"] == ack)
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM tickets") == [(2,)]


async def test_ticket_limit_per_citizen(
    start_bot: object, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    bot = await start_bot(overrides=steps.FAST, TICKETS_PER_HOUR="2")  # type: ignore[operator]
    await steps.ask_team(fake_api, bot, anna, "Wo ist das Fundbüro?")
    await steps.ask_team(fake_api, bot, anna, "Wann ist Sperrmüll?")
    await fake_api.send_text(anna, "Wo parke ich am Bahnhof?")
    reply = await fake_api.wait_for_message(ANNA, lambda m: "letzten Stunde" in m["text"])
    assert reply["text"] == kb.messages.get("ticket_limit", "de", limit=2).strip()
    await fake_api.send_text(anna, "/frage Und wo ist das Standesamt?")
    await fake_api.wait_for(lambda: len(fake_api.sent_to(ANNA)) == 4)  # the limit again
    # What never reached the team is not on the curator's list of questions it answered.
    sql = "SELECT example FROM questions_log WHERE outcome = 'handoff' ORDER BY id"
    assert steps.db_rows(bot, sql) == [("Wo ist das Fundbüro?",), ("Wann ist Sperrmüll?",)]


async def test_frage_command_goes_straight_to_the_team(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, "/frage")
    prompt = await fake_api.wait_for_message(ANNA)
    assert prompt["text"] == kb.messages.get("ask_prompt", "de")
    # even a question the KB could answer goes to the team when asked with /frage
    await fake_api.send_text(anna, "/frage Was ist das JBZ genau für mich?")
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    assert "Was ist das JBZ genau für mich?" in card["text"]
    ack = await fake_api.wait_for_message(ANNA, lambda m: "Nr. 1" in m["text"])
    assert ack["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    # what looks like HTML is the citizen's text, shown as written
    await fake_api.send_text(anna, "/frage Gilt <b>das</b> & auch für <Vereine>?")
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Nr. 2" in m["text"])
    assert "\nGilt <b>das</b> & auch für <Vereine>?\n" in card["text"]
    # a question longer than a card can hold arrives whole, in two messages
    await fake_api.send_text(anna, "/frage " + "Ehrenamt im Verein? " * 200)
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Nr. 3" in m["text"])
    rest = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: "reply_markup" in m, after=card["message_id"]
    )
    whole = card["text"] + " " + rest["text"]
    assert whole.count("Ehrenamt im Verein?") == 200 and "…" not in whole
    assert fake_api.api_errors == []


async def test_an_unpublished_faq_draft_is_exported_as_yaml(
    bot: RunningBot,
    fake_api: FakeBotApi,
    anna: User,
    kathrin: User,
    kb: KnowledgeBase,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    question = "Gibt es Ehrenamt für Senioren im Stadtpark?"
    await fake_api.send_text(anna, f"/frage {question}")
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: question in m["text"])
    await steps.recorded(fake_api, bot, COORDINATOR_CHAT_ID, card)
    await steps.team_replies(fake_api, kathrin, card, "Fragen Sie bitte direkt bei uns nach.")
    confirm = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: "zugestellt" in m["text"]
    )
    faq = FakeBotApi.button_data(confirm, "📝 Als FAQ übernehmen")
    for _ in range(2):  # a second tap shows the same draft again: one draft per question
        await fake_api.press(kathrin, confirm, faq)
        await fake_api.wait_for_message(
            COORDINATOR_CHAT_ID, lambda m: m["text"].startswith("📝 FAQ-Entwurf aus Frage Nr. 1")
        )
    assert steps.db_rows(bot, "SELECT COUNT(*), status FROM faq_drafts") == [(1, "open")]

    out = tmp_path / "drafts.yaml"
    command = ["drafts", "--db", str(bot.settings.db_path), "--out", str(out)]
    assert await asyncio.to_thread(knowledge_main, command) == 0
    [entry] = yaml.safe_load(out.read_text(encoding="utf-8"))["entries"]
    assert entry["id"] == "entwurf-1"
    assert entry["questions"] == [question]
    assert entry["answer"].strip() == "Fragen Sie bitte direkt bei uns nach."
    assert entry["category"] in {"engagement", "programm", "kontakt", "bildung"}
    capsys.readouterr()
    # pasted into the knowledge base as it is, it passes the loader's checks
    folder = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copy(out, folder / "entwuerfe.yaml")
    assert load(folder).by_id["entwurf-1"].answer.strip() == "Fragen Sie bitte direkt bei uns nach."


async def test_faq_drafts_are_deleted_by_the_daily_retention_job(
    start_bot: object, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    bot = await start_bot(overrides=steps.FAST, TICKET_RETENTION_DAYS="30")  # type: ignore[operator]
    for question in ("Wo ist das Fundbüro?", "Wann ist Sperrmüll?"):
        card = await steps.ask_team(fake_api, bot, anna, question)
        await steps.team_replies(fake_api, kathrin, card, f"Antwort für Frau Muster: {question}")
        confirm = await fake_api.wait_for_message(
            COORDINATOR_CHAT_ID, lambda m: "zugestellt" in m["text"]
        )
        faq = FakeBotApi.button_data(confirm, "📝 Als FAQ übernehmen")
        query = await fake_api.press(kathrin, confirm, faq)
        await fake_api.wait_for(lambda: query in fake_api.answered_callbacks, what="faq")  # noqa: B023
    with sqlite3.connect(bot.settings.db_path) as conn:  # the first draft was kept 31 days ago
        conn.execute(
            "UPDATE faq_drafts SET created_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now',"
            " '-31 days') WHERE ticket_id = 1"
        )
    [job] = bot.app.job_queue.get_jobs_by_name("retention")
    await job.run(bot.app)
    assert steps.db_rows(bot, "SELECT ticket_id FROM faq_drafts") == [(2,)]


async def test_personal_data_and_the_token_never_reach_the_logs(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    with debug_logs(bot.settings) as lines:
        card = await steps.ask_team(fake_api, bot, anna)
        await steps.team_replies(fake_api, kathrin, card, "Geheime Antwort für Frau Anna.")
        await steps.relayed(fake_api, ANNA, "Geheime Antwort")
    text = "\n".join(lines)
    assert "ticket 1 created" in text  # the logs were written, at DEBUG
    for secret in ("Personalausweis", "Anna", "anna_dessau", "Geheime Antwort", TOKEN, str(ANNA)):
        assert secret not in text


async def test_a_card_in_flight_when_the_bot_was_killed_is_sent_after_the_restart(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, refusals_expected: set[int]
) -> None:
    refusals_expected.add(502)
    fake_api.fail(COORDINATOR_CHAT_ID, 502, times=1000)  # the team chat is down ...
    await fake_api.send_text(anna, steps.UNANSWERABLE)
    await fake_api.wait_for_message(ANNA)
    await bot.stop()
    # ... and the bot dies (kill -9) while the card's request is in flight: the row says so
    with sqlite3.connect(bot.settings.db_path) as conn:
        conn.execute("UPDATE outbox SET status = 'sending' WHERE purpose = 'card'")
    fake_api.clear_faults(COORDINATOR_CHAT_ID)
    await bot.start()
    card = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: steps.UNANSWERABLE in m["text"]
    )
    assert card["text"].startswith("📨 Frage Nr. 1")


async def test_a_command_sent_as_a_reply_in_the_team_chat_is_not_relayed(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    card = await steps.ask_team(fake_api, bot, anna)
    await steps.team_replies(fake_api, kathrin, card, "/offen")
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Offene" in m["text"])
    assert not any(m["text"].startswith("Antwort vom Team") for m in fake_api.sent_to(ANNA))


async def test_a_private_team_chat_answers_by_reply_and_gets_a_hint_otherwise(
    start_bot: object, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    bot = await start_bot(overrides=steps.FAST, COORDINATOR_CHAT_ID=str(steps.KATHRIN))  # type: ignore[operator]
    await fake_api.send_text(anna, steps.UNANSWERABLE)
    card = await fake_api.wait_for_message(steps.KATHRIN, lambda m: steps.UNANSWERABLE in m["text"])
    await steps.recorded(fake_api, bot, steps.KATHRIN, card)
    await fake_api.send_text(kathrin, "Wie antworte ich hier?")  # no reply: not a question
    hint = await fake_api.wait_for_message(steps.KATHRIN, lambda m: "Karte" in m["text"])
    assert hint["text"] == kb.messages.get("team_hint")
    await fake_api.send_text(kathrin, "Und so?", reply_to=hint)  # a reply, but to no ticket
    again = await fake_api.wait_for_message(steps.KATHRIN, lambda m: "Karte" in m["text"])
    assert again["text"] == kb.messages.get("team_hint")
    await fake_api.send_text(kathrin, "Im Bürgeramt.", reply_to=card)
    answer = await steps.relayed(fake_api, ANNA, "Im Bürgeramt.")
    assert "Kathrin" not in answer["text"]
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM tickets") == [(1,)]


async def test_a_reply_after_the_citizen_deleted_their_data_tells_the_team(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    card, first, confirm = await steps.answered(fake_api, bot, anna, kathrin, "Erste Antwort.")
    await steps.recorded(fake_api, bot, COORDINATOR_CHAT_ID, confirm)

    await steps.delete_my_data(fake_api, anna)
    assert steps.db_rows(bot, f"SELECT COUNT(*) FROM message_links WHERE chat_id = {ANNA}") == [
        (0,)
    ]
    sent_to_anna = len(fake_api.sent_to(ANNA))

    await steps.team_replies(fake_api, kathrin, card, "Zweite Antwort.")
    gone = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: "Frage Nr. 1" in m["text"]
    )
    assert gone["text"] == kb.messages.get("ticket_gone", number=1)
    await fake_api.edit_text(first, "Erste Antwort, korrigiert.")  # nor a correction
    gone = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: "Frage Nr. 1" in m["text"]
    )
    assert gone["text"] == kb.messages.get("ticket_gone", number=1)
    faq = await fake_api.press(
        kathrin, confirm, FakeBotApi.button_data(confirm, "📝 Als FAQ übernehmen")
    )
    await fake_api.wait_for(lambda: faq in fake_api.answered_callbacks, what="faq refused")
    assert fake_api.answered_callbacks[faq]["text"] == kb.messages.get("draft_gone", number=1)
    assert len(fake_api.sent_to(ANNA)) == sent_to_anna
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM faq_drafts") == [(0,)]


async def test_deleted_data_takes_open_questions_off_the_team_list(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    await steps.ask_team(fake_api, bot, anna)
    await steps.delete_my_data(fake_api, anna)
    await fake_api.send_text(kathrin, "/offen", chat_id=COORDINATOR_CHAT_ID)
    listing = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "ffene" in m["text"])
    assert listing["text"] == kb.messages.get("open_none")


async def test_a_photo_or_sticker_as_the_answer_gets_a_hint_and_nothing_reaches_the_citizen(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    card = await steps.ask_team(fake_api, bot, anna)
    await fake_api.wait_for_message(ANNA)
    for kind in ("photo", "sticker"):
        await fake_api.send_non_text(kathrin, kind, chat_id=COORDINATOR_CHAT_ID, reply_to=card)
        hint = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
        assert hint["text"] == kb.messages.get("reply_text_only")
    # a sticker in the team's chat that answers no ticket is the team's own business
    await fake_api.send_non_text(kathrin, "sticker", chat_id=COORDINATOR_CHAT_ID)
    await steps.team_replies(fake_api, kathrin, card, "Jetzt als Text.")
    await steps.relayed(fake_api, ANNA, "Jetzt als Text.")
    assert len(fake_api.sent_to(ANNA)) == 2  # the acknowledgement and the text answer
    assert [m["text"] for m in fake_api.sent_to(COORDINATOR_CHAT_ID)].count(
        kb.messages.get("reply_text_only")
    ) == 2


async def test_a_long_answer_is_relayed_whole_or_refused_with_the_limit(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase
) -> None:
    card = await steps.ask_team(fake_api, bot, anna)
    long_answer = ("Das Bürgeramt & die <Koordinierungsstelle> helfen. " * 80)[:3900].strip()
    await steps.team_replies(fake_api, kathrin, card, long_answer)
    answer = await steps.relayed(fake_api, ANNA, "Bürgeramt")
    assert long_answer in answer["text"]  # one message, HTML characters intact

    too_long = "x" * 4096  # the most a Telegram client sends in one message
    refused = await steps.team_replies(fake_api, kathrin, card, too_long)
    refusal = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "4096" in m["text"])
    wrapper = len(kb.messages.get("team_answer", "de", number=1, answer="").strip())
    assert refusal["text"].startswith("Diese Antwort ist 4096 Zeichen lang")
    limit = int(refusal["text"].split("höchstens ")[1].split()[0])
    assert 4096 - wrapper - 5 <= limit <= 4096 - wrapper
    assert not any(too_long in m["text"] for m in fake_api.sent_to(ANNA))
    # "Bitte kürzen Sie sie": shortened by editing the reply, it goes to the citizen
    await fake_api.edit_text(refused, "x" * limit)
    shortened = await steps.relayed(fake_api, ANNA, "x" * limit)
    assert shortened["text"].startswith("Antwort vom Team")
    assert fake_api.api_errors == []


async def test_an_answer_telegram_refuses_is_reported_to_the_team(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, kb: KnowledgeBase,
    refusals_expected: set[int],
) -> None:  # fmt: skip
    refusals_expected.add(400)  # "chat not found"
    card = await steps.ask_team(fake_api, bot, anna)
    await fake_api.wait_for_message(ANNA)
    fake_api.fail(ANNA, 400, description="Bad Request: chat not found")
    await steps.team_replies(fake_api, kathrin, card, "Antwort an ein gelöschtes Konto.")
    notice = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "⚠️" in m["text"])
    assert notice["text"] == kb.messages.get("answer_refused", number=1)
    assert steps.db_rows(bot, "SELECT status FROM outbox WHERE purpose = 'relay'") == [("failed",)]


async def test_none_of_these_makes_one_ticket_with_the_suggestions_on_the_card(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    question = "Partner"  # three entries name partners: suggestions, no direct answer
    decision = Matcher(kb).ask(question)
    assert decision.outcome is Outcome.SUGGEST
    await fake_api.send_text(anna, question)
    suggestions = await fake_api.wait_for_message(ANNA)
    ask = FakeBotApi.button_data(suggestions, kb.messages.get("none_of_these_team", "de"))
    first = await fake_api.press(anna, suggestions, ask)
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    considered = card["text"].split("Ähnliche Einträge: ")[1]
    for candidate in decision.candidates:
        assert candidate.entry.title in considered
    second = await fake_api.press(anna, suggestions, ask)  # a second tap: no second ticket
    await fake_api.wait_for(lambda: second in fake_api.answered_callbacks, what="second tap")
    assert fake_api.answered_callbacks[first].get("text") is None
    assert fake_api.answered_callbacks[second]["text"] == kb.messages.get("question_expired", "de")
    assert steps.db_rows(bot, "SELECT COUNT(*) FROM tickets") == [(1,)]
