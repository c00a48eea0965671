"""End to end: events, subscriptions and reminders as a citizen sees them, through the real
Application and the fake Bot API.

The bot's clock is injected (`handlers.events.reminders.now_utc` is replaced before the bot
starts), so a reminder "two hours before" arrives as soon as the test moves the clock, not
after two hours; the events are written into a copy of the knowledge directory relative to
that clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import events_steps
import icalendar
import pytest
from events_steps import local, reminder_states, reminders_received, run_scheduler
from fake_bot_api import FakeBotApi, User
from harness import ANNA, T0, Clock, StartBot, answer_text, labels, replies, started

from knowledge import KnowledgeBase
from storage.reminders import Reminders

pytestmark = pytest.mark.usefixtures("clean_run")


refusals_expected = pytest.fixture(events_steps.refusals_of_events, name="refusals_expected")


async def test_termine_shows_five_at_a_time_in_one_message_with_weitere(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
    kb: KnowledgeBase,
) -> None:  # fmt: skip
    titles = [f"Treffen {n}" for n in range(1, 8)]
    kb_dir = events_dir(
        [(f"treffen-{n}", t, local(n, 18), "engagement") for n, t in enumerate(titles, 1)]
        + [("vorbei", "Vorbei", local(-1, 18), "engagement")]
    )
    await started(start_bot, kb_dir)
    await fake_api.send_text(anna, "/termine")
    (page,) = await replies(fake_api, ANNA, 1)
    assert page["text"].startswith("Die nächsten Termine (1–5 von 7):\n\n1. Treffen 1\n")
    bold = [f"{n}. {title}" for n, title in enumerate(titles[:5], 1)]
    assert FakeBotApi.entity_texts(page, "bold") == bold
    assert "1. Treffen 1\n🗓 Do., 26.11.2026, 18:00 Uhr\n📍 wird bekannt gegeben\n" in page["text"]
    assert labels(page) == [
        *(f"{n} · {label}" for n in range(1, 6) for label in ("🔔 Erinnern", "📅 Zum Kalender")),
        "Weitere Termine ▶",
    ]
    # Each event's buttons name that event.
    assert FakeBotApi.button_data(page, "3 · 🔔 Erinnern") == "ev:r:3"

    await fake_api.press(anna, page, FakeBotApi.button_data(page, "Weitere Termine ▶"))
    await fake_api.wait_for(lambda: "(6–7 von 7)" in fake_api.sent_to(ANNA)[-1]["text"])
    (page,) = fake_api.sent_to(ANNA)  # the same message, now showing the rest
    assert page["text"].startswith("Die nächsten Termine (6–7 von 7):\n\n1. Treffen 6\n")
    assert labels(page)[-1] == "◀ Zurück" and "Weitere Termine ▶" not in labels(page)
    assert FakeBotApi.button_data(page, "2 · 📅 Zum Kalender") == "ev:c:7"

    await fake_api.press(anna, page, FakeBotApi.button_data(page, "◀ Zurück"))
    await fake_api.wait_for(lambda: "(1–5 von 7)" in fake_api.sent_to(ANNA)[-1]["text"])
    assert len(fake_api.sent_to(ANNA)) == 1


async def test_an_old_weitere_button_shows_what_is_there_now(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
) -> None:  # fmt: skip
    kb_dir = events_dir([(f"t-{n}", f"Treffen {n}", local(n, 18), "engagement") for n in range(7)])
    running = await started(start_bot, kb_dir)
    await fake_api.send_text(anna, "/termine")
    (page,) = await replies(fake_api, ANNA, 1)
    # A "Weitere" button from when there were more events: the last page there is now.
    await fake_api.press(anna, page, "ev:m:10")
    await fake_api.wait_for(lambda: "(6–7 von 7)" in fake_api.sent_to(ANNA)[-1]["text"])
    # Pressed twice, the page stays: Telegram's "message is not modified" is no error.
    await fake_api.press(anna, page, "ev:m:10")
    await fake_api.wait_for(lambda: not fake_api.unanswered_callbacks, 5, "answers")
    await fake_api.wait_for_call("editMessageText", lambda c: c.status == 400, 5)
    assert len(fake_api.sent_to(ANNA)) == 1
    assert running.errors == []


async def test_no_events_says_so_honestly(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
    kb: KnowledgeBase,
) -> None:  # fmt: skip
    await started(start_bot, events_dir([]))
    await fake_api.send_text(anna, "/termine")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"] == kb.messages.get("events_none", "de").strip()
    assert "engagiertestadt@dessau-rosslau.de" in reply["text"]


async def test_date_questions_are_answered_from_the_events(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
) -> None:  # fmt: skip
    kb_dir = events_dir([
        ("morgen", "Lesecafé", local(1, 18), "bildung"),
        ("spaeter", "Netzwerktreffen", local(10, 17), "netzwerk"),
    ])  # fmt: skip
    await started(start_bot, kb_dir)
    await fake_api.send_text(anna, "Was ist morgen los?")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"].startswith("Termine am Do., 26.11.2026:\n\nLesecafé\n🗓 Do., 26.11.")
    assert FakeBotApi.entity_texts(reply, "bold") == ["Lesecafé"]
    assert labels(reply) == ["🔔 Erinnern", "📅 Zum Kalender"]

    # Nothing that weekend: one message says so and shows the next events.
    await fake_api.send_text(anna, "Was ist am Wochenende los?")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"].startswith(
        "Vom Sa., 28.11. bis So., 29.11.2026 sind keine Termine eingetragen.\n\n"
        "Die nächsten Termine:\n\n1. Lesecafé\n"
    )
    assert FakeBotApi.entity_texts(reply, "bold") == ["1. Lesecafé", "2. Netzwerktreffen"]

    await fake_api.send_text(anna, "What's on in December?")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"].startswith("Events in December 2026:\n\nNetzwerktreffen\n")
    assert "🗓 Sat, 5 Dec 2026, 17:00\n" in reply["text"]
    assert labels(reply) == ["🔔 Remind me", "📅 Add to calendar"]

    await fake_api.send_text(anna, "Are there any events in March?")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"].startswith("There are no events in March 2027.\n\nUpcoming events:")
    # Short, with "in" (German too): still English, though Anna's Telegram is German.
    await fake_api.send_text(anna, "Any events in March?")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"].startswith("There are no events in March 2027.")
    # German with English loanwords stays German.
    await fake_api.send_text(anna, "Gibt es ein Event im März?")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"].startswith("Im März 2027 sind keine Termine eingetragen.")


async def test_a_date_question_does_not_reach_the_knowledge_base_but_history_does(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
    kb: KnowledgeBase,
) -> None:  # fmt: skip
    await started(start_bot, events_dir([("lesecafe", "Lesecafé", local(6, 18), "bildung")]))
    await fake_api.send_text(anna, "Welche Veranstaltungen gibt es nächste Woche?")
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"].startswith("Termine vom Mo., 30.11. bis So., 06.12.2026:\n\nLesecafé\n")
    await fake_api.send_text(anna, "Welche Termine gibt es?")  # no period: what comes next
    (reply,) = await replies(fake_api, ANNA, 1)
    assert reply["text"].startswith("Die nächsten Termine:\n\nLesecafé\n")
    await fake_api.send_text(anna, "Wann war die Auftaktveranstaltung?")
    (answer,) = await replies(fake_api, ANNA, 1)
    assert FakeBotApi.entity_texts(answer, "bold") == [kb.by_id["veranstaltung-auftakt"].title]


async def test_erinnern_then_the_reminder_arrives_with_abbestellen(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
    kb: KnowledgeBase,
) -> None:  # fmt: skip
    start = T0 + timedelta(hours=26)
    running = await started(start_bot, events_dir([("lesecafe", "Lesecafé", start, "bildung")]))
    await fake_api.send_text(anna, "/termine")
    (card,) = await replies(fake_api, ANNA, 1)
    query = await fake_api.press(anna, card, FakeBotApi.button_data(card, "🔔 Erinnern"))
    assert await answer_text(fake_api, query) == kb.messages.get(
        "remind_ok", "de", title="Lesecafé", leads="24 Stunden und 2 Stunden"
    )
    again = await fake_api.press(anna, card, FakeBotApi.button_data(card, "🔔 Erinnern"))
    assert await answer_text(fake_api, again) == kb.messages.get(
        "remind_already", "de", title="Lesecafé"
    )

    clock.advance(timedelta(hours=2, minutes=1))  # 24 hours (less a minute) before the start
    await run_scheduler(running)
    reminder = await fake_api.wait_for_message(ANNA, lambda m: m["text"].startswith("⏰"))
    assert reminder["text"].startswith("⏰ Erinnerung: Dieser Termin beginnt in 24 Stunden.")
    assert FakeBotApi.entity_texts(reminder, "bold") == ["Lesecafé"]
    assert labels(reminder) == ["📅 Zum Kalender", "Abbestellen"]

    query = await fake_api.press(anna, reminder, FakeBotApi.button_data(reminder, "Abbestellen"))
    assert await answer_text(fake_api, query) == kb.messages.get(
        "unsubscribed_event", "de", title="Lesecafé"
    )
    await fake_api.wait_for(lambda: labels(fake_api.sent_to(ANNA)[-1]) == ["📅 Zum Kalender"])
    # No second reminder two hours before: it was cancelled with the subscription.
    clock.advance(timedelta(hours=22))
    await run_scheduler(running)
    await fake_api.send_text(anna, "/abos")
    (abos,) = await replies(fake_api, ANNA, 1)
    assert abos["text"].startswith(kb.messages.get("abos_none", "de"))
    assert reminders_received(fake_api, ANNA) == 1
    assert [s for _, _, _, s in await Reminders(running.app.bot_data.db).of_event(1)] == [
        "sent", "cancelled"
    ]  # fmt: skip


async def test_a_reminder_missed_during_downtime_is_sent_after_the_restart(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
) -> None:  # fmt: skip
    kb_dir = events_dir([
        ("bald", "Lesecafé", T0 + timedelta(hours=5), "bildung"),
        ("frueh", "Frühstück", T0 + timedelta(hours=3), "engagement"),
    ])  # fmt: skip
    running = await started(start_bot, kb_dir)
    await fake_api.send_text(anna, "/termine")
    (page,) = await replies(fake_api, ANNA, 1)
    for number in (1, 2):
        label = f"{number} · 🔔 Erinnern"
        query = await fake_api.press(anna, page, FakeBotApi.button_data(page, label))
        await answer_text(fake_api, query)
    await running.stop()
    # Down for four hours: both 2-hour reminders fell due; "Frühstück" has begun meanwhile.
    clock.advance(timedelta(hours=4))
    await running.start()
    reminder = await fake_api.wait_for_message(ANNA, lambda m: m["text"].startswith("⏰"))
    assert FakeBotApi.entity_texts(reminder, "bold") == ["Lesecafé"]
    assert "beginnt in 1 Stunde" in reminder["text"]
    await run_scheduler(running)
    assert await reminder_states(running, 2) == ["skipped", "skipped"]
    assert reminders_received(fake_api, ANNA) == 1


async def test_a_reminder_outlives_telegram_errors_and_a_restart_and_arrives_once(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
    refusals_expected: set[int],
) -> None:  # fmt: skip
    refusals_expected.update({429, 502})
    start = T0 + timedelta(hours=26)
    kb_dir = events_dir([("lesecafe", "Lesecafé", start, "bildung")])
    running = await started(start_bot, kb_dir, overrides={"retry_base": 0.05})
    await fake_api.send_text(anna, "/termine")
    (card,) = await replies(fake_api, ANNA, 1)
    await answer_text(fake_api, await fake_api.press(anna, card, "ev:r:1"))
    fake_api.fail(ANNA, 502, times=100)  # Telegram is down for Anna's chat
    clock.advance(timedelta(hours=2, minutes=1))
    await run_scheduler(running)
    await fake_api.wait_for_call("sendMessage", lambda c: c.status == 502)
    assert await reminder_states(running, 1) == ["queued", "scheduled"]
    await running.stop()  # the reminder is a row in the outbox, not yet sent

    fake_api.clear_faults(ANNA)
    fake_api.fail(ANNA, 429, retry_after=1)  # after the restart: "too many requests, wait 1 s"
    await running.start()
    reminder = await fake_api.wait_for_message(
        ANNA, lambda m: m["text"].startswith("⏰"), timeout=10
    )
    assert "beginnt in 24 Stunden" in reminder["text"]
    refused = await fake_api.wait_for_call("sendMessage", lambda c: c.status == 429)
    delivered = await fake_api.wait_for_call(
        "sendMessage", lambda c: c.ok and c.time > refused.time
    )
    assert delivered.time - refused.time >= 1.0  # Telegram's retry_after was honoured
    await run_scheduler(running)
    await running.restart()  # and nothing is sent twice by starting again
    await run_scheduler(running)
    assert await reminder_states(running, 1) == ["sent", "scheduled"]
    assert reminders_received(fake_api, ANNA) == 1


async def test_zum_kalender_sends_an_ics_file_in_berlin_time(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User, clock: Clock,
) -> None:  # fmt: skip
    title = "Lesecafé <&> ../Abend"
    start = local(10, 18, 30)
    await started(start_bot, events_dir([("lesecafe", title.replace('"', ""), start, "bildung")]))
    await fake_api.send_text(anna, "/termine")
    (card,) = await replies(fake_api, ANNA, 1)
    await fake_api.press(anna, card, FakeBotApi.button_data(card, "📅 Zum Kalender"))
    await fake_api.wait_for(lambda: fake_api.documents_to(ANNA), 5, "the .ics file")
    (document,) = fake_api.documents_to(ANNA)
    assert re.fullmatch(r"termin-\d+-[a-z0-9-]+\.ics", document.file_name or "")
    assert document.file_name == "termin-1-lesecafe-abend.ics"
    calendar = icalendar.Calendar.from_ical(document.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt == start
    assert event["DTSTART"].dt.utcoffset() == timedelta(hours=1)
    assert str(event["LOCATION"]) == "wird bekannt gegeben"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
