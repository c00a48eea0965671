"""End to end: events, subscriptions and reminders through the real Application and the fake
Bot API, asserting what a citizen or the coordinator sees.

The bot's clock is injected (`handlers.events.reminders.now_utc` is replaced before the bot starts),
so a reminder "two hours before" arrives as soon as the test moves the clock, not after two
hours; the events are written into a copy of the knowledge directory relative to that clock.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest
from fake_bot_api import FakeBotApi, JSONDict, User, messages_text
from harness import (
    ANNA,
    BEN,
    COORDINATOR,
    COORDINATOR_CHAT_ID,
    T0,
    Clock,
    RunningBot,
    StartBot,
    answer_text,
    labels,
    replies,
    started,
    write_events,
)

from handlers.events import reminders as reminders_module
from knowledge import KnowledgeBase
from knowledge.dates import BERLIN
from storage.db import Database
from storage.events import Events
from storage.outbox import Outbox
from storage.reminders import Reminders
from storage.subscriptions import Subscriptions

pytestmark = pytest.mark.usefixtures("clean_run")

# An event on the Saturday after T0, 18:00.
LESECAFE = ("lesecafe", "Lesecafé", datetime(2026, 11, 28, 18, 0, tzinfo=BERLIN), "bildung")


@pytest.fixture
def refusals_expected() -> set[int]:
    """HTTP statuses a test provokes on purpose (injected 5xx or 429); 403 always is."""
    return {403}


def local(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock time `day_offset` days after T0's day."""
    day = T0.astimezone(BERLIN).date() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), BERLIN)


async def reminder_states(running: RunningBot, event_id: int) -> list[str]:
    """The states of an event's reminder rows, in order of their lead time."""
    return [state for *_, state in await Reminders(running.app.bot_data.db).of_event(event_id)]


def reminders_received(fake_api: FakeBotApi, chat_id: int) -> int:
    """How many reminders ("⏰ …") reached a chat."""
    return sum(t.startswith("⏰") for t in messages_text(fake_api.sent_to(chat_id)))


def scheduler_of(running: RunningBot) -> reminders_module.ReminderScheduler:
    return running.app.bot_data.reminders


async def run_scheduler(running: RunningBot) -> None:
    """Let the reminder job look at the (moved) clock now, and wait until it has."""
    scheduler = scheduler_of(running)
    before = scheduler.runs
    scheduler.poke()
    await running.fake.wait_for(lambda: scheduler.runs > before, 5, "a scheduler run")


# ---- /termine -----------------------------------------------------------------------------


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


# ---- questions about dates ---------------------------------------------------------------


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


# ---- Erinnern, the reminder, Abbestellen -----------------------------------------------------


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


# ---- the calendar file -------------------------------------------------------------------


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


# ---- the coordinator -------------------------------------------------------------------------


async def coordinator_says(fake: FakeBotApi, user: User, text: str) -> JSONDict:
    """The coordinator writes in the coordinator group; the bot's last reply there."""
    await fake.send_text(user, text, chat_id=COORDINATOR_CHAT_ID)
    return await fake.wait_for_message(COORDINATOR_CHAT_ID)


def sent_markup(fake: FakeBotApi, message: JSONDict) -> object:
    """The reply_markup the bot sent with a message (Telegram echoes only inline keyboards)."""
    chat = message["chat"]["id"]
    calls = [c for c in fake.calls_to("sendMessage") if c.ok and c.params["chat_id"] == chat]
    (call,) = [
        c for c in calls if (c.response or {})["result"]["message_id"] == message["message_id"]
    ]
    return call.params.get("reply_markup")


async def coordinator_presses(
    fake: FakeBotApi, user: User, message: JSONDict, label: str
) -> JSONDict:
    await fake.press(user, message, FakeBotApi.button_data(message, label))
    return await fake.wait_for_message(COORDINATOR_CHAT_ID)


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


def last_in_group(fake: FakeBotApi) -> JSONDict:
    """The bot's latest message in the coordinator group."""
    return fake.sent_to(COORDINATOR_CHAT_ID)[-1]


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


# ---- blocking the bot ------------------------------------------------------------------------


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


async def unsubscribed(db: Database, user_id: int) -> bool:
    return await Subscriptions(db).of_user(user_id) == []


async def eventually(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait for a condition on the bot's database (the fake cannot see it; so we poll)."""
    try:
        async with asyncio.timeout(5):
            while not await condition():  # noqa: ASYNC110 - a database, not an event
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


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
