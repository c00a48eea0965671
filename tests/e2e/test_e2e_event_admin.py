"""End to end: the team creates, changes and cancels events in its chat, and the subscribers
are told; through the real Application and the fake Bot API.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from events_steps import (
    LESECAFE,
    coordinator_presses,
    coordinator_says,
    eventually,
    last_in_group,
    local,
    refusals_of_events,
    reminders_received,
    run_scheduler,
    sent_markup,
    unsubscribed,
)
from fake_bot_api import FakeBotApi, User, messages_text
from harness import (
    ANNA,
    BEN,
    COORDINATOR,
    COORDINATOR_CHAT_ID,
    T0,
    Clock,
    StartBot,
    answer_text,
    labels,
    replies,
    started,
    write_events,
)

from knowledge import KnowledgeBase
from storage.events import Events
from storage.outbox import Outbox
from storage.reminders import Reminders
from storage.subscriptions import Subscriptions

pytestmark = pytest.mark.usefixtures("clean_run")


refusals_expected = pytest.fixture(refusals_of_events, name="refusals_expected")


async def test_termin_neu_creates_an_event_announced_to_category_subscribers(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, ben: User,
    coordinator: User, clock: Clock, kb: KnowledgeBase,
) -> None:  # fmt: skip
    running = await started(start_bot, events_dir([]))
    await fake_api.send_text(anna, "/abos")
    (abos,) = await replies(fake_api, ANNA, 1)
    query = await fake_api.press(anna, abos, FakeBotApi.button_data(abos, "+ Bildung und Lernen"))
    assert await answer_text(fake_api, query) == kb.messages.get(
        "subscribed_category", "de", category="Bildung und Lernen"
    )
    await fake_api.wait_for(lambda: "Neue Termine: Bildung" in fake_api.sent_to(ANNA)[-1]["text"])
    await fake_api.send_text(ben, "/abos")
    (abos,) = await replies(fake_api, BEN, 1)
    await fake_api.press(ben, abos, FakeBotApi.button_data(abos, "+ Wirtschaft"))

    reply = await coordinator_says(fake_api, coordinator, "/termin_neu")
    assert reply["text"].startswith("Neuer Termin. Wie heißt er?")
    reply = await coordinator_says(fake_api, coordinator, "Lesecafé für alle")
    assert reply["text"].startswith("Wann beginnt er?")
    # An unusable start is asked again, with a hint and "reply" (for privacy mode). More
    # cases: tests/unit/test_event_admin.py (the group takes 20 messages a minute from the bot).
    for typed, problem in [
        ("gestern 18:00", "admin_bad_date"),
        ("24.11.2026 18:00", "admin_past"),
        ("12.12.2062 18:00", "admin_too_far"),
        ("28.03.2027 02:30", "admin_nonexistent_time"),
    ]:
        reply = await coordinator_says(fake_api, coordinator, typed)
        assert reply["text"] == kb.messages.get(problem, "de"), typed
        assert sent_markup(fake_api, reply) == {"force_reply": True, "selective": True}
    reply = await coordinator_says(fake_api, coordinator, "12.12.2026 18:00")
    assert labels(reply) == ["Ohne Ende"]
    reply = await coordinator_says(fake_api, coordinator, "17:00")  # before the start
    assert reply["text"] == kb.messages.get("admin_bad_end", "de")
    reply = await coordinator_says(fake_api, coordinator, "20:00")
    assert reply["text"] == kb.messages.get("admin_ask_place", "de")
    reply = await coordinator_says(fake_api, coordinator, "Stadtbibliothek")
    assert "Bildung und Lernen" in labels(reply)
    reply = await coordinator_presses(fake_api, coordinator, reply, "Bildung und Lernen")
    assert labels(reply) == ["Ohne Beschreibung"]
    reply = await coordinator_presses(fake_api, coordinator, reply, "Ohne Beschreibung")
    assert reply["text"].startswith("Bitte prüfen und speichern:\n\nLesecafé für alle\n")
    assert "Sa., 12.12.2026, 18:00–20:00 Uhr" in reply["text"]
    reply = await coordinator_presses(fake_api, coordinator, reply, "Speichern")
    assert reply["text"] == kb.messages.get("admin_saved", "de", id=1, count=1)

    announcement = await fake_api.wait_for_message(ANNA, lambda m: "Neuer Termin" in m["text"])
    assert announcement["text"].startswith("📣 Neuer Termin im Bereich Bildung und Lernen:")
    assert FakeBotApi.entity_texts(announcement, "bold") == ["Lesecafé für alle"]
    assert labels(announcement) == ["🔔 Erinnern", "📅 Zum Kalender", "Abbestellen"]
    assert not any("Neuer Termin" in t for t in messages_text(fake_api.sent_to(BEN)))
    event = await Events(running.app.bot_data.db).get(1)
    assert event is not None and event.starts_at == datetime(2026, 12, 12, 17, 0, tzinfo=UTC)
    assert running.errors == []


async def test_a_citizen_cannot_use_the_coordinators_commands(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
    kb: KnowledgeBase,
) -> None:  # fmt: skip
    running = await started(start_bot, events_dir([LESECAFE]))
    for command in ("/termin_neu", "/termin_aendern", "/termin_absagen 1"):
        await fake_api.send_text(anna, command)
        (reply,) = await replies(fake_api, ANNA, 1)
        assert reply["text"] == kb.messages.get("coordinator_only", "de")
    await fake_api.send_text(anna, "Lesecafé")  # would be the title, had the command worked
    await replies(fake_api, ANNA, 1)
    assert (await Events(running.app.bot_data.db).get(1)).title == "Lesecafé"  # type: ignore[union-attr]
    assert await Events(running.app.bot_data.db).get(2) is None


async def test_only_the_named_team_members_create_events_and_press_their_buttons(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, ben: User,
    coordinator: User, clock: Clock, kb: KnowledgeBase,
) -> None:  # fmt: skip
    running = await started(
        start_bot, events_dir([]), COORDINATOR_USER_IDS=str(COORDINATOR)
    )  # Ben is in the group too, but not one of the team
    reply = await coordinator_says(fake_api, ben, "/termin_neu")
    assert reply["text"] == kb.messages.get("coordinator_only", "de")
    await coordinator_says(fake_api, coordinator, "/termin_neu")
    await coordinator_says(fake_api, coordinator, "Lesecafé")
    await coordinator_says(fake_api, coordinator, "12.12.2026 18:00")
    reply = await coordinator_presses(fake_api, coordinator, last_in_group(fake_api), "Ohne Ende")
    await coordinator_says(fake_api, coordinator, "Stadtbibliothek")
    reply = await coordinator_presses(fake_api, coordinator, last_in_group(fake_api), "Wirtschaft")
    summary = await coordinator_presses(fake_api, coordinator, reply, "Ohne Beschreibung")
    # Ben presses the coordinator's "Speichern": nothing is saved, his button is answered.
    query = await fake_api.press(ben, summary, FakeBotApi.button_data(summary, "Speichern"))
    assert await answer_text(fake_api, query) == kb.messages.get("stale_button", "de")
    assert await Events(running.app.bot_data.db).get(1) is None
    reply = await coordinator_presses(fake_api, coordinator, summary, "Speichern")
    assert reply["text"] == kb.messages.get("admin_saved", "de", id=1, count=0)


async def test_changing_and_cancelling_notify_the_subscribers_and_move_the_reminders(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, ben: User,
    coordinator: User, clock: Clock, kb: KnowledgeBase,
) -> None:  # fmt: skip
    running = await started(start_bot, events_dir([LESECAFE]))
    db = running.app.bot_data.db
    await fake_api.send_text(anna, "/termine")
    (card,) = await replies(fake_api, ANNA, 1)
    query = await fake_api.press(anna, card, FakeBotApi.button_data(card, "🔔 Erinnern"))
    await answer_text(fake_api, query)
    await fake_api.send_text(ben, "/abos")  # Ben follows all new events, without reminders
    (abos,) = await replies(fake_api, BEN, 1)
    query = await fake_api.press(ben, abos, FakeBotApi.button_data(abos, "+ Alle neuen Termine"))
    await answer_text(fake_api, query)

    reply = await coordinator_says(fake_api, coordinator, "/termin_aendern")
    assert labels(reply)[0] == "1 · 28.11. 18:00 · Lesecafé"
    reply = await coordinator_presses(fake_api, coordinator, reply, labels(reply)[0])
    assert reply["text"].startswith(kb.messages.get("admin_choose_field", "de"))
    reply = await coordinator_presses(fake_api, coordinator, reply, "Beginn")
    assert reply["text"] == "Neu für „Beginn“:"
    reply = await coordinator_says(fake_api, coordinator, "29.11.2026 11:00")
    reply = await coordinator_presses(fake_api, coordinator, reply, "Ort")
    reply = await coordinator_says(fake_api, coordinator, "Rathaus")
    assert "📍 Rathaus" in reply["text"] and "So., 29.11.2026, 11:00 Uhr" in reply["text"]
    reply = await coordinator_presses(fake_api, coordinator, reply, "Speichern")
    assert reply["text"] == kb.messages.get("admin_changed", "de", id=1, count=2)

    notice = await fake_api.wait_for_message(ANNA, lambda m: "geändert" in m["text"])
    assert "🗓 So., 29.11.2026, 11:00 Uhr\n📍 Rathaus" in notice["text"]
    assert "Bisher: Sa., 28.11.2026, 18:00 Uhr, wird bekannt gegeben" in notice["text"]
    new_start = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    assert [(lead, due) for _, lead, due, _ in await Reminders(db).of_event(1)] == [
        (24 * 60, new_start - timedelta(hours=24)), (120, new_start - timedelta(hours=2)),
    ]  # fmt: skip

    reply = await coordinator_says(fake_api, coordinator, "/termin_absagen 1")
    assert reply["text"].startswith(kb.messages.get("admin_confirm_cancel", "de"))
    reply = await coordinator_presses(fake_api, coordinator, reply, "Ja, absagen")
    assert reply["text"] == kb.messages.get("admin_event_cancelled", "de", id=1, count=2)
    notice = await fake_api.wait_for_message(ANNA, lambda m: "Abgesagt" in m["text"])
    assert notice["text"] == (
        "❌ Abgesagt: „Lesecafé“ (So., 29.11.2026, 11:00 Uhr) findet nicht statt."
        " Ihre Erinnerungen daran sind gelöscht."
    )
    notice = await fake_api.wait_for_message(BEN, lambda m: "Abgesagt" in m["text"])
    assert notice["text"] == (
        "❌ Abgesagt: „Lesecafé“ (So., 29.11.2026, 11:00 Uhr) findet nicht statt."
    )  # Ben had no reminders to delete
    assert "reply_markup" not in notice
    assert {s for *_, s in await Reminders(db).of_event(1)} == {"cancelled"}
    await fake_api.send_text(anna, "/abos")  # a cancelled event is no subscription to show
    (abos,) = await replies(fake_api, ANNA, 1)
    assert abos["text"].startswith(kb.messages.get("abos_none", "de"))
    clock.advance(timedelta(days=4))
    await run_scheduler(running)
    assert reminders_received(fake_api, ANNA) == 0
    await fake_api.send_text(anna, "/termine")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"] == kb.messages.get("events_none", "de").strip()


async def test_answering_a_citizen_in_the_middle_of_termin_neu_reaches_the_citizen(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User,
    coordinator: User, clock: Clock, kb: KnowledgeBase,
) -> None:  # fmt: skip
    running = await started(start_bot, events_dir([]))
    question = "Wo verlängere ich meinen Personalausweis?"  # nothing the knowledge base knows
    await fake_api.send_text(anna, question)
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: question in m["text"])
    asked = await coordinator_says(fake_api, coordinator, "/termin_neu")
    # The coordinator answers the citizen first, replying to the ticket's card ...
    said = await fake_api.send_text(coordinator, "Im Bürgeramt.", card, chat_id=COORDINATOR_CHAT_ID)
    answer = await fake_api.wait_for_message(ANNA, lambda m: "Im Bürgeramt." in m["text"])
    assert "Antwort" in answer["text"]
    # ... then gives the title, replying to the bot's question: the conversation goes on.
    title = await fake_api.send_text(coordinator, "Lesecafé", asked, chat_id=COORDINATOR_CHAT_ID)
    reply = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: m["text"].startswith("Wann beginnt er?")
    )
    assert reply["text"] == kb.messages.get("admin_ask_start", "de")
    # Edits while the bot waits for the start are not the start: a corrected answer goes to
    # the citizen, a corrected title changes nothing (and gets no "unreadable date").
    await fake_api.edit_text(said, "Im Bürgeramt, Zimmer 21.")
    await fake_api.wait_for_message(ANNA, lambda m: "Zimmer 21" in m["text"])
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Korrektur" in m["text"])
    await fake_api.edit_text(title, "Lesecafé am Markt")
    await fake_api.send_text(coordinator, "12.12.2026 18:00", chat_id=COORDINATOR_CHAT_ID)
    reply = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: labels(m) == ["Ohne Ende"]
    )
    unreadable = kb.messages.get("admin_bad_date", "de")
    assert [m for m in fake_api.sent_to(COORDINATOR_CHAT_ID) if m["text"] == unreadable] == []
    assert running.errors == []


async def test_forged_event_numbers_are_refused(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User,
    coordinator: User, clock: Clock, kb: KnowledgeBase,
) -> None:  # fmt: skip
    running = await started(start_bot, events_dir([LESECAFE]))
    # The coordinator: numbers Python reads as digits but int() does not, and unknown ones.
    for command in ("/termin_absagen ²", "/termin_aendern 99999999999999", "/termin_absagen x"):
        reply = await coordinator_says(fake_api, coordinator, command)
        assert reply["text"] == kb.messages.get("admin_unknown_event", "de"), command
    reply = await coordinator_says(fake_api, coordinator, "٣")  # still choosing: typed
    assert reply["text"] == kb.messages.get("admin_unknown_event", "de")
    await coordinator_says(fake_api, coordinator, "/abbrechen")
    # A citizen: button data made up, or someone else's subscription.
    await fake_api.send_text(anna, "/termine")
    (page,) = await replies(fake_api, ANNA, 1)
    stale = kb.messages.get("stale_button", "de")
    for data in (
        "ev:r:²",
        "ev:c:99",
        "ev:r:",
        "ev:m:99999999",
        "ev:u:²",
        "ev:s:politik",
        "ta:save",
    ):
        query = await fake_api.press(anna, page, data)
        assert await answer_text(fake_api, query) in (
            stale,
            kb.messages.get("coordinator_only", "de"),
        ), data
    async with running.app.bot_data.db.transaction():
        other, _ = await Subscriptions(running.app.bot_data.db).add(BEN, "de", "all")
    query = await fake_api.press(anna, page, f"ev:x:{other.id}")
    assert await answer_text(fake_api, query) == kb.messages.get("subscription_gone", "de")
    assert await Subscriptions(running.app.bot_data.db).of_user(BEN) != []
    assert running.errors == []


async def test_an_event_under_way_can_still_get_a_new_place(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, coordinator: User,
    clock: Clock, kb: KnowledgeBase,
) -> None:  # fmt: skip
    running = await started(
        start_bot, events_dir([("markt", "Markt", T0 - timedelta(hours=1), "wirtschaft")])
    )
    # No end: "under way" means it started; the tests' events have no end, so add one.
    db = running.app.bot_data.db
    event = await Events(db).get(1)
    assert event is not None
    async with db.transaction():
        await Events(db).update(
            1, dataclasses.replace(event.data(), ends_at=T0 + timedelta(hours=3))
        )
    reply = await coordinator_says(fake_api, coordinator, "/termin_aendern 1")
    reply = await coordinator_presses(fake_api, coordinator, reply, "Ort")
    reply = await coordinator_says(fake_api, coordinator, "Marktplatz")
    reply = await coordinator_presses(fake_api, coordinator, reply, "Speichern")
    assert reply["text"] == kb.messages.get("admin_changed", "de", id=1, count=0)
    assert (await Events(db).get(1)).place == "Marktplatz"  # type: ignore[union-attr]


async def test_abbrechen_leaves_the_guided_questions_and_survives_a_restart(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, coordinator: User,
    clock: Clock, kb: KnowledgeBase,
) -> None:  # fmt: skip
    running = await started(start_bot, events_dir([]))
    await coordinator_says(fake_api, coordinator, "/termin_neu")
    await coordinator_says(fake_api, coordinator, "Lesecafé")
    await running.restart()  # the conversation is persistent
    reply = await coordinator_says(fake_api, coordinator, "12.12.2026 18:00")
    assert labels(reply) == ["Ohne Ende"]
    reply = await coordinator_says(fake_api, coordinator, "/abbrechen")
    assert reply["text"] == kb.messages.get("admin_aborted", "de")
    assert await Events(running.app.bot_data.db).get(1) is None


async def test_blocking_the_bot_ends_the_subscriptions(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, ben: User,
    clock: Clock,
) -> None:  # fmt: skip
    running = await started(start_bot, events_dir([LESECAFE]))
    db = running.app.bot_data.db
    for user in (anna, ben):
        await fake_api.send_text(user, "/termine")
        (card,) = await replies(fake_api, user.id, 1)
        query = await fake_api.press(user, card, FakeBotApi.button_data(card, "🔔 Erinnern"))
        await answer_text(fake_api, query)
    # Anna blocks the bot: Telegram sends my_chat_member (kicked).
    await fake_api.block_bot(anna)
    await eventually(lambda: unsubscribed(db, ANNA), "Anna unsubscribed")
    assert await Subscriptions(db).of_user(BEN) != []
    # Ben blocks without Telegram telling us: his reminder is refused with 403.
    fake_api.block(BEN)
    clock.advance(timedelta(days=2, hours=9, minutes=1))
    await run_scheduler(running)
    await fake_api.wait_for_call("sendMessage", lambda c: c.status == 403, 5)
    await eventually(lambda: unsubscribed(db, BEN), "Ben unsubscribed")
    assert await Reminders(db).of_event(1) == []
    assert running.errors == []


async def test_editing_events_yaml_tells_subscribers_at_the_next_start(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
) -> None:  # fmt: skip
    treffen = ("treffen", "Treffen", local(3, 18), "engagement")
    kurs = ("kurs", "Kurs", local(5, 10), "bildung")
    kb_dir = events_dir([treffen, kurs])
    running = await started(start_bot, kb_dir)
    await fake_api.send_text(anna, "/abos")
    (abos,) = await replies(fake_api, ANNA, 1)
    await fake_api.press(anna, abos, FakeBotApi.button_data(abos, "+ Alle neuen Termine"))
    await fake_api.send_text(anna, "/termine")
    (page,) = await replies(fake_api, ANNA, 1)
    query = await fake_api.press(anna, page, FakeBotApi.button_data(page, "2 · 🔔 Erinnern"))
    await answer_text(fake_api, query)
    await running.stop()
    # The coordinator edits the file: "Treffen" moves, "Kurs" is removed, "Messe" is new.
    moved = ("treffen", "Treffen", local(4, 18), "engagement")
    write_events(kb_dir, [moved, ("messe", "Messe", local(9, 10), "wirtschaft")])
    await running.start()
    await fake_api.wait_for(lambda: len(fake_api.replies(ANNA)) >= 3, 10, "three notices")
    texts = messages_text(fake_api.replies(ANNA))
    assert texts[0].startswith("📣 Neuer Termin:\n\nMesse\n")
    assert texts[1].startswith("✏️ Dieser Termin wurde geändert.")
    assert "Bisher: Sa., 28.11.2026, 18:00 Uhr" in texts[1]
    assert texts[2].startswith("❌ Abgesagt: „Kurs“ (Mo., 30.11.2026, 10:00 Uhr)")
    assert {s for *_, s in await Reminders(running.app.bot_data.db).of_event(2)} == {"cancelled"}
    await running.restart()  # nothing changed since: nothing more to say
    await run_scheduler(running)
    counts = await Outbox(running.app.bot_data.db).counts()
    assert counts.get("pending", 0) + counts.get("sending", 0) == 0
    assert len(fake_api.replies(ANNA)) == 3
