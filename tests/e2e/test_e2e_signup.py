"""End to end: volunteers sign up in the chat, see and delete their data; the team lists and
exports the sign-ups. The real Application polls the fake Bot API; the database is checked
with plain SQL, as a curious auditor would.

After every test: no handler error, no API call Telegram would have refused, and every pressed
button answered.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import FakeBotApi, JSONDict, User
from harness import COORDINATOR_CHAT_ID, TOKEN, RunningBot, debug_logs, labels, say

from handlers.signup.draft import DRAFT
from knowledge import KnowledgeBase
from storage.events import EventData, Events
from storage.signups import CSV_COLUMNS

VOLUNTEER = 5_550_123_987  # distinctive: found by a text search in any column
NAME = "Anna <Musterfrau> & Co"  # HTML characters: escaped in every message
EMAIL = "anna.beispiel@example.org"
NOTE = "Ich organisiere gern Nachbarschaftsfeste."
NEXT = "Weiter ➡️"
AGREE = "✅ Ich stimme zu"
SUBMIT = "✅ Absenden"
EDIT = "✏️ Ändern"
CANCEL = "✖️ Abbrechen"
pytestmark = pytest.mark.usefixtures("bot", "clean_run")


@pytest.fixture
def anna(fake_api: FakeBotApi) -> User:
    """A volunteer whose Telegram is set to German."""
    return fake_api.user(VOLUNTEER, "Anna", username="anna_dessau", language_code="de")


# ---- what a volunteer does ------------------------------------------------------------------


def live(fake: FakeBotApi, message: JSONDict) -> JSONDict:
    """The message as it is now in the chat (edits applied)."""
    chat_id = message["chat"]["id"]
    return next(m for m in fake.sent_to(chat_id) if m["message_id"] == message["message_id"])


async def tap(fake: FakeBotApi, user: User, message: JSONDict, label: str) -> JSONDict:
    """The user taps the button `label` under (the current version of) `message`; returns
    the answer to the button press once it is answered."""
    current = live(fake, message)
    query_id = await fake.press(user, current, FakeBotApi.button_data(current, label))
    return await fake.wait_for(lambda: fake.answered_callbacks.get(query_id), what="the answer")


async def tap_for_reply(fake: FakeBotApi, user: User, message: JSONDict, label: str) -> JSONDict:
    """The user taps `label`; the bot's next message."""
    await tap(fake, user, message, label)
    return await fake.wait_for_message(user.id)


async def choose(
    fake: FakeBotApi, user: User, prompt: JSONDict, choices: Iterable[str], next_label: str = NEXT
) -> JSONDict:
    """Tick `choices` in a multi-select step, then "Weiter"; the next step's message."""
    for choice in choices:
        await tap(fake, user, prompt, choice)
        await fake.wait_for(lambda c=choice: "✓ " + c in labels(live(fake, prompt)), what="✓")
    return await tap_for_reply(fake, user, prompt, next_label)


async def fill_in(
    fake: FakeBotApi,
    user: User,
    *,
    name: str = NAME,
    interests: Iterable[str] = ("Soziales Miteinander",),
    availability: Iterable[str] = ("abends",),
    contact: str | None = EMAIL,
    note: str | None = NOTE,
    start: str = "/mitmachen",
    consent: bool = True,
) -> list[JSONDict]:
    """From the start of the sign-up to its summary: the seven steps' messages (to the
    privacy notice only, without `consent`). Messages are live: edits show."""
    steps = [await say(fake, user, start)]
    steps.append(await say(fake, user, name))
    steps.append(await choose(fake, user, steps[-1], interests))
    steps.append(await choose(fake, user, steps[-1], availability))
    if contact is None:
        steps.append(await tap_for_reply(fake, user, steps[-1], "Telegram genügt"))
    else:
        steps.append(await say(fake, user, contact))
    if note is None:
        steps.append(await tap_for_reply(fake, user, steps[-1], "Überspringen"))
    else:
        steps.append(await say(fake, user, note))
    if consent:
        steps.append(await tap_for_reply(fake, user, steps[-1], AGREE))
    return steps


async def delete_everything(fake: FakeBotApi, user: User) -> JSONDict:
    """/loeschen and "Ja, alles löschen"; the question, once it says that all is deleted."""
    confirm = await say(fake, user, "/loeschen")
    await tap(fake, user, confirm, "🗑 Ja, alles löschen")
    done = "Erledigt: Ich habe alles gelöscht, was ich über Sie gespeichert hatte."
    await fake.wait_for(lambda: live(fake, confirm)["text"] == done, what="the deletion")
    return live(fake, confirm)


async def sign_up(fake: FakeBotApi, user: User, **answers: Any) -> JSONDict:
    """A complete sign-up; the bot's confirmation."""
    summary = (await fill_in(fake, user, **answers))[-1]
    return await tap_for_reply(fake, user, summary, SUBMIT)


# ---- what the database holds ----------------------------------------------------------------


def query(bot: RunningBot, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of a read-only query on the bot's database file."""
    with sqlite3.connect(bot.settings.db_path) as conn:
        return [tuple(row) for row in conn.execute(sql, params)]


def count(bot: RunningBot, table: str) -> int:
    """How many rows a table of the bot's database holds."""
    return int(query(bot, f"SELECT COUNT(*) FROM {table}")[0][0])


def signups(bot: RunningBot) -> list[dict[str, Any]]:
    """The sign-up rows, as dicts."""
    with sqlite3.connect(bot.settings.db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT * FROM signups ORDER BY created_at")]


def cells_mentioning(bot: RunningBot, needles: Iterable[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every cell in every table that contains a needle."""
    found = []
    with sqlite3.connect(bot.settings.db_path) as conn:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for column in columns:
                sql = f'SELECT COUNT(*) FROM "{table}" WHERE instr(CAST("{column}" AS TEXT), ?)'
                for needle in needles:
                    if conn.execute(sql, (needle,)).fetchone()[0]:
                        found.append((table, column, needle))
    return found


async def card_for(fake: FakeBotApi, heading: str, after: int = 0) -> JSONDict:
    """The team's card with `heading`, once the outbox has sent it."""
    return await fake.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: m.get("text", "").startswith(heading), after=after
    )


# ---- the flow ---------------------------------------------------------------------------------


async def test_the_full_flow_stores_the_sign_up_thanks_and_informs_the_team(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    steps = await fill_in(fake_api, anna, interests=("Soziales Miteinander", "Demokratiebildung"))
    for number, step in enumerate(steps, start=1):
        assert f"Schritt {number} von 7" in step["text"]
        assert f"Schritt {number} von 7" in FakeBotApi.entity_texts(step, "bold")
    assert steps[0]["text"].startswith("Schön, dass Sie mitmachen möchten!")
    assert "reply_markup" not in steps[1]  # a finished step's buttons are removed
    assert "/loeschen" in steps[5]["text"] and "24 Monate" in steps[5]["text"]
    summary = steps[6]
    assert f"Name: {NAME}\n" in summary["text"]
    assert "Interessen: Soziales Miteinander, Demokratiebildung\n" in summary["text"]
    assert f"Kontakt: {EMAIL}\nNachricht: {NOTE}" in summary["text"]
    assert labels(summary) == [SUBMIT, EDIT, CANCEL]
    assert signups(bot) == []  # nothing is stored before "Absenden"
    submit = FakeBotApi.button_data(summary, SUBMIT)

    done = await tap_for_reply(fake_api, anna, summary, SUBMIT)

    assert done["text"] == kb.messages.get("signup_done", "de", name=NAME).strip()
    assert "/meinedaten" in done["text"] and "/loeschen" in done["text"]
    assert "reply_markup" not in live(fake_api, summary)  # the summary's buttons are gone
    [row] = signups(bot)
    assert row["user_id"] == VOLUNTEER
    assert (row["name"], row["contact"], row["note"], row["language"]) == (NAME, EMAIL, NOTE, "de")
    assert json.loads(row["interests"]) == ["Soziales Miteinander", "Demokratiebildung"]
    assert json.loads(row["availability"]) == ["abends"]
    assert row["consent_version"] == kb.signup.privacy_version
    assert row["consent_at"] <= row["created_at"] == row["updated_at"]

    card = await card_for(fake_api, "🙋 Neue Anmeldung zum Mitmachen")
    assert FakeBotApi.entity_texts(card, "bold") == ["🙋 Neue Anmeldung zum Mitmachen"]
    assert f"Name: {NAME}\nTelegram: @anna_dessau (ID {VOLUNTEER})" in card["text"]
    assert "Interessen: Soziales Miteinander, Demokratiebildung" in card["text"]
    assert f"Kontakt: {EMAIL}\nNachricht: {NOTE}\nSprache: Deutsch" in card["text"]
    [link] = [e for e in card["entities"] if e["type"] == "text_link"]
    assert link["url"] == f"tg://user?id={VOLUNTEER}"

    # "Absenden" tapped again: the flow is over; nothing is stored or sent twice.
    query_id = await fake_api.press(anna, summary, submit)  # from a copy of the keyboard
    alert = await fake_api.wait_for(lambda: fake_api.answered_callbacks.get(query_id))
    assert alert["text"] == kb.messages.get("stale_button", "de")
    assert len(signups(bot)) == 1
    assert query(bot, "SELECT COUNT(*) FROM outbox WHERE purpose = 'signup'") == [(1,)]


async def test_every_invalid_answer_is_asked_again_with_a_hint(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    def hint(key: str, **values: object) -> str:
        return kb.messages.get(key, "de", **values)

    await say(fake_api, anna, "/mitmachen")
    for bad in ("   ", "A" * 101, "12345"):
        reply = await say(fake_api, anna, bad)
        assert reply["text"].startswith(hint("signup_name_invalid", max=100))
        assert "Schritt 1 von 7" in reply["text"]
    await fake_api.send_non_text(anna, "sticker")
    reply = await fake_api.wait_for_message(VOLUNTEER)
    assert reply["text"].startswith(hint("signup_text_please"))
    assert "Schritt 1 von 7" in reply["text"]
    reply = await say(fake_api, anna, "/hilfe")
    assert reply["text"].startswith(hint("signup_in_progress"))

    interests = await say(fake_api, anna, "A" * 100)
    assert "Schritt 2 von 7" in interests["text"]
    alert = await tap(fake_api, anna, interests, NEXT)  # nothing chosen yet
    assert alert["text"] == hint("signup_choose_one")
    assert alert["show_alert"] is True
    await fake_api.send_non_text(anna, "photo")  # a button step wants a tap, not text
    reply = await fake_api.wait_for_message(VOLUNTEER)
    assert reply["text"].startswith(hint("signup_use_buttons"))
    reply = await say(fake_api, anna, "Soziales Miteinander")  # typed instead of tapped
    assert reply["text"].startswith(hint("signup_use_buttons"))
    assert "Schritt 2 von 7" in reply["text"]
    assert labels(reply) == labels(interests)  # the buttons again, at the bottom of the chat
    availability = await choose(fake_api, anna, reply, ["Weiterbildung"])
    contact = await choose(fake_api, anna, availability, ["am Wochenende"])

    assert "Schritt 4 von 7" in contact["text"]
    for bad, key in (
        ("anna@example", "signup_email_invalid"),
        ("anna @example.org", "signup_email_invalid"),
        ("0340 12ab", "signup_phone_invalid"),
        ("+43 1 2345678", "signup_phone_invalid"),
        ("0340 12", "signup_phone_invalid"),
    ):
        reply = await say(fake_api, anna, bad)
        assert reply["text"].startswith(hint(key)), bad
        assert "Schritt 4 von 7" in reply["text"]
    note = await say(fake_api, anna, "0151 23456789")
    assert "Schritt 5 von 7" in note["text"]
    reply = await say(fake_api, anna, "x" * 501)
    assert reply["text"].startswith(hint("signup_note_invalid", length=501, max=500))
    privacy = await say(fake_api, anna, "x" * 500)
    assert "Schritt 6 von 7" in privacy["text"]
    reply = await say(fake_api, anna, "ja")
    assert reply["text"].startswith(hint("signup_use_buttons"))
    assert "Schritt 6 von 7" in reply["text"]
    summary = await tap_for_reply(fake_api, anna, reply, AGREE)
    assert "Kontakt: 0151 23456789" in summary["text"]
    assert signups(bot) == []


@pytest.mark.parametrize("how", ["command", "button", "decline"])
async def test_cancelling_or_declining_stores_nothing_and_ends_the_flow(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase, how: str
) -> None:
    steps = await fill_in(fake_api, anna, consent=how != "decline")
    if how == "command":
        reply = await say(fake_api, anna, "/abbrechen")
        assert reply["text"] == kb.messages.get("signup_cancelled", "de")
    elif how == "button":
        reply = await tap_for_reply(fake_api, anna, steps[-1], CANCEL)
        assert reply["text"] == kb.messages.get("signup_cancelled", "de")
        assert "reply_markup" not in live(fake_api, steps[-1])
    else:
        reply = await tap_for_reply(fake_api, anna, steps[-1], "Nicht zustimmen")
        assert reply["text"] == kb.messages.get("signup_declined", "de").strip()
    assert signups(bot) == []
    assert count(bot, "outbox") == 0
    assert DRAFT not in bot.app.user_data.get(VOLUNTEER, {})
    # The flow is over: a question is a question again, and /abbrechen has nothing to do.
    answer = await say(fake_api, anna, "Was ist das Jugend.Berufs.Zentrum?")
    assert answer["text"].startswith("Jugend.Berufs.Zentrum")
    reply = await say(fake_api, anna, "/abbrechen")
    assert reply["text"] == kb.messages.get("nothing_to_cancel", "de")


async def test_abbrechen_works_at_every_step_and_leaves_nothing_behind(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    answers = [
        lambda step: say(fake_api, anna, NAME),
        lambda step: choose(fake_api, anna, step, ["Weiterbildung"]),
        lambda step: choose(fake_api, anna, step, ["abends"]),
        lambda step: say(fake_api, anna, EMAIL),
        lambda step: say(fake_api, anna, NOTE),
        lambda step: tap_for_reply(fake_api, anna, step, AGREE),
    ]
    for number in range(1, 8):
        step = await say(fake_api, anna, "/mitmachen")
        for answer in answers[: number - 1]:
            step = await answer(step)
        assert f"Schritt {number} von 7" in step["text"]
        if number == 7:
            await bot.app.update_persistence()
            assert ("user_state", "data", EMAIL) in cells_mentioning(bot, [EMAIL])
        reply = await say(fake_api, anna, "/abbrechen" if number % 2 else "/cancel")
        assert reply["text"] == kb.messages.get("signup_cancelled", "de")
    assert signups(bot) == [] and count(bot, "outbox") == 0
    # The unfinished answers were kept in the bot's state (for a restart) until the cancel.
    await bot.app.update_persistence()  # what write_through stores after the update
    assert cells_mentioning(bot, [NAME, EMAIL, NOTE]) == []


async def test_changing_answers_from_the_summary_returns_to_the_summary(
    fake_api: FakeBotApi, anna: User, bot: RunningBot
) -> None:
    summary = (await fill_in(fake_api, anna, contact=None, note=None))[-1]
    assert "Kontakt: nur über Telegram\nNachricht: keine" in summary["text"]

    toast = await tap(fake_api, anna, summary, EDIT)
    assert toast["text"] == "Was möchten Sie ändern?" and not toast.get("show_alert")
    steps = ["Name", "Interessen", "Zeit", "Kontakt", "Nachricht", "↩️ Zurück"]
    await fake_api.wait_for(lambda: labels(live(fake_api, summary)) == steps, what="steps")
    await tap(fake_api, anna, summary, "↩️ Zurück")
    await fake_api.wait_for(lambda: labels(live(fake_api, summary)) == [SUBMIT, EDIT, CANCEL])

    # The name chosen by mistake: it is shown and can be kept without typing it again.
    await tap(fake_api, anna, summary, EDIT)
    await fake_api.wait_for(lambda: labels(live(fake_api, summary)) == steps, what="steps")
    name = await tap_for_reply(fake_api, anna, summary, "Name")
    assert "Schritt 1 von 7" in name["text"] and f"Bisher: {NAME}\n" in name["text"]
    assert labels(name) == ["↩️ Unverändert lassen", CANCEL]
    summary = await tap_for_reply(fake_api, anna, name, "↩️ Unverändert lassen")
    assert "Schritt 7 von 7" in summary["text"] and f"Name: {NAME}\n" in summary["text"]

    await tap(fake_api, anna, summary, EDIT)
    await fake_api.wait_for(lambda: labels(live(fake_api, summary)) == steps, what="steps")
    contact = await tap_for_reply(fake_api, anna, summary, "Kontakt")
    assert "Schritt 4 von 7" in contact["text"]
    assert "Bisher: nur über Telegram" in contact["text"]
    assert labels(contact) == ["Telegram genügt", "↩️ Unverändert lassen", CANCEL]
    summary = await say(fake_api, anna, "+49 (0)340 98765")
    assert "Schritt 7 von 7" in summary["text"]
    assert "Kontakt: +49 (0)340 98765\nNachricht: keine" in summary["text"]

    await tap(fake_api, anna, summary, EDIT)
    await fake_api.wait_for(lambda: labels(live(fake_api, summary)) == steps, what="steps")
    interests = await tap_for_reply(fake_api, anna, summary, "Interessen")
    assert "✓ Soziales Miteinander" in labels(interests)  # the earlier choice is kept
    summary = await choose(fake_api, anna, interests, ["Mehrsprachigkeit"])
    assert "Interessen: Soziales Miteinander, Mehrsprachigkeit\n" in summary["text"]

    await tap_for_reply(fake_api, anna, summary, SUBMIT)
    [row] = signups(bot)
    assert row["contact"] == "+49 (0)340 98765"
    assert json.loads(row["interests"]) == ["Soziales Miteinander", "Mehrsprachigkeit"]


async def test_a_restart_in_the_middle_continues_where_the_volunteer_was(
    fake_api: FakeBotApi, anna: User, bot: RunningBot
) -> None:
    await say(fake_api, anna, "/mitmachen")
    interests = await say(fake_api, anna, NAME)
    await tap(fake_api, anna, interests, "Kulturelle Bildung")
    await fake_api.wait_for(lambda: "✓ Kulturelle Bildung" in labels(live(fake_api, interests)))

    await bot.restart()

    availability = await tap_for_reply(fake_api, anna, interests, NEXT)  # a button from before
    assert "Schritt 3 von 7" in availability["text"]
    contact = await choose(fake_api, anna, availability, ["regelmäßig"])

    await bot.restart()

    note = await say(fake_api, anna, EMAIL)  # text goes to the flow, not to the questions
    assert "Schritt 5 von 7" in note["text"]
    privacy = await tap_for_reply(fake_api, anna, note, "Überspringen")
    summary = await tap_for_reply(fake_api, anna, privacy, AGREE)
    assert f"Name: {NAME}\nInteressen: Kulturelle Bildung\nZeit: regelmäßig\n" in summary["text"]
    assert "Schritt 4 von 7" in contact["text"]
    await tap_for_reply(fake_api, anna, summary, SUBMIT)
    [row] = signups(bot)
    assert (row["name"], row["contact"], row["note"]) == (NAME, EMAIL, None)


async def test_a_crash_right_after_a_step_keeps_that_step(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, tmp_path: Path
) -> None:
    await say(fake_api, anna, "/mitmachen")
    interests = await say(fake_api, anna, NAME)
    assert "Schritt 2 von 7" in interests["text"]
    # kill -9 the moment the bot has answered: what survives is what SQLite has committed.
    # (python-telegram-bot's own periodic write comes only every UPDATE_INTERVAL seconds.)
    crashed = tmp_path / "after-the-crash.sqlite3"

    def committed_state() -> bool:
        with sqlite3.connect(bot.settings.db_path) as source, sqlite3.connect(crashed) as copy:
            source.backup(copy)
            sql = "SELECT state FROM conversation_state WHERE name = 'signup'"
            return copy.execute(sql).fetchall() == [('"interests"',)]

    await fake_api.wait_for(committed_state, 0.5, "the new step committed")
    await bot.stop()
    bot.settings = dataclasses.replace(bot.settings, db_path=crashed)
    await bot.start()
    await tap(fake_api, anna, interests, "Kulturelle Bildung")  # the button from before
    await fake_api.wait_for(lambda: "✓ Kulturelle Bildung" in labels(live(fake_api, interests)))
    availability = await tap_for_reply(fake_api, anna, interests, NEXT)
    assert "Schritt 3 von 7" in availability["text"]
    contact = await choose(fake_api, anna, availability, ["regelmäßig"])
    note = await say(fake_api, anna, EMAIL)
    privacy = await tap_for_reply(fake_api, anna, note, "Überspringen")
    summary = await tap_for_reply(fake_api, anna, privacy, AGREE)
    assert f"Name: {NAME}\nInteressen: Kulturelle Bildung\n" in summary["text"]
    assert "Schritt 4 von 7" in contact["text"]


async def test_signing_up_again_updates_the_first_sign_up(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    await sign_up(fake_api, anna, name="Anna")
    first_card = await card_for(fake_api, "🙋 Neue Anmeldung")
    [first] = signups(bot)

    # Starting again and leaving it: the first sign-up stays, and the person is told so.
    await say(fake_api, anna, "/mitmachen")
    reply = await say(fake_api, anna, "/abbrechen")
    assert reply["text"] == kb.messages.get("signup_cancelled_kept", "de")
    privacy = (await fill_in(fake_api, anna, name="Anna M.", consent=False))[-1]
    reply = await tap_for_reply(fake_api, anna, privacy, "Nicht zustimmen")
    assert reply["text"] == kb.messages.get("signup_declined_kept", "de").strip()
    assert signups(bot) == [first]

    steps = await fill_in(fake_api, anna, name="Anna Musterfrau", contact=None)
    assert kb.messages.get("signup_already", "de") in steps[0]["text"]
    await tap_for_reply(fake_api, anna, steps[-1], SUBMIT)

    [second] = signups(bot)
    assert (second["name"], second["contact"]) == ("Anna Musterfrau", None)
    assert second["created_at"] == first["created_at"]
    assert second["updated_at"] >= first["updated_at"]
    card = await card_for(fake_api, "🙋 Anmeldung aktualisiert", after=first_card["message_id"])
    assert "Name: Anna Musterfrau\n" in card["text"]
    assert "Kontakt: nur über Telegram" in card["text"]


async def test_meinedaten_shows_everything_and_loeschen_leaves_nothing_behind(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    await sign_up(fake_api, anna)
    card = await card_for(fake_api, "🙋 Neue Anmeldung")
    needles = [str(VOLUNTEER), "Musterfrau", EMAIL, NOTE, "anna_dessau"]
    assert {(table, needle) for table, _, needle in cells_mentioning(bot, needles)} >= {
        ("signups", str(VOLUNTEER)), ("signups", EMAIL), ("outbox", str(VOLUNTEER)),
    }  # fmt: skip

    data = await say(fake_api, anna, "/meinedaten")
    assert data["text"].startswith(kb.messages.get("data_intro", "de"))
    assert FakeBotApi.entity_texts(data, "bold") == ["Ihre Anmeldung zum Mitmachen"]
    for line in (f"Name: {NAME}", "Interessen: Soziales Miteinander", "Zeit: abends",
                 f"Kontakt: {EMAIL}", f"Nachricht: {NOTE}", "Sprache: Deutsch",
                 "Einwilligung (Fassung, Zeitpunkt): 2026-11 ("):  # fmt: skip
        assert line in data["text"]

    kept = await say(fake_api, anna, "/loeschen")
    assert kept["text"] == kb.messages.get("delete_confirm", "de").strip()
    assert labels(kept) == ["🗑 Ja, alles löschen", "Nein, behalten"]
    old_yes = FakeBotApi.button_data(kept, "🗑 Ja, alles löschen")
    await tap(fake_api, anna, kept, "Nein, behalten")
    await fake_api.wait_for(
        lambda: live(fake_api, kept)["text"] == "Gut, ich habe nichts gelöscht."
    )
    assert len(signups(bot)) == 1
    query_id = await fake_api.press(anna, kept, old_yes)
    await fake_api.wait_for(lambda: query_id in fake_api.answered_callbacks)
    assert fake_api.answered_callbacks[query_id]["text"] == kb.messages.get("stale_button", "de")
    assert len(signups(bot)) == 1

    done = await delete_everything(fake_api, anna)
    assert done["text"] == kb.messages.get("delete_done", "de")
    assert "reply_markup" not in done

    notice = await card_for(fake_api, "🗑 Anna hat die Anmeldung zurückgezogen")
    assert notice["reply_to_message"]["message_id"] == card["message_id"]
    assert "Musterfrau" not in notice["text"] and EMAIL not in notice["text"]
    await fake_api.wait_for(  # the notice is sent: the outbox no longer holds its text
        lambda: query(bot, "SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == [(0,)]
    )
    await bot.app.update_persistence()  # nothing comes back with python-telegram-bot's next write
    assert cells_mentioning(bot, needles) == []
    assert count(bot, "user_state") == 0
    assert count(bot, "conversation_state") == 0

    reply = await say(fake_api, anna, "/meinedaten")
    assert reply["text"] == kb.messages.get("data_none", "de")


async def test_the_team_exports_every_sign_up_as_csv_for_excel(
    fake_api: FakeBotApi, anna: User, coordinator: User, bot: RunningBot
) -> None:
    bernd = fake_api.user(8_880_001, "Bernd", language_code="de")
    await sign_up(fake_api, anna, name="Änne Müller-Weiß", note='=HYPERLINK("http://x")')
    await sign_up(
        fake_api, bernd, name="Bernd", interests=["Weiterbildung", "Engagement in Roßlau"],
        availability=["wochentags", "gelegentlich oder einmalig"], contact="+49 340 555666",
        note=None,
    )  # fmt: skip

    await fake_api.send_text(coordinator, "/export", chat_id=COORDINATOR_CHAT_ID)
    [document] = await fake_api.wait_for(lambda: fake_api.documents_to(COORDINATOR_CHAT_ID))

    assert re.fullmatch(r"anmeldungen-\d{4}-\d{2}-\d{2}\.csv", document.file_name or "")
    assert document.caption and document.caption.startswith("Anmeldungen zum Mitmachen: 2,")
    assert document.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    text = document.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 2
    assert list(rows[0]) == list(CSV_COLUMNS)
    anne, bernd_row = sorted(rows, key=lambda row: row["Name"], reverse=True)
    assert anne["Name"] == "Änne Müller-Weiß"
    assert anne["Telegram-ID"] == str(VOLUNTEER)
    assert anne["Notiz"] == '\'=HYPERLINK("http://x")'  # a formula stays text
    assert anne["Kontakt"] == EMAIL
    assert bernd_row["Interessen"] == "Weiterbildung; Engagement in Roßlau"
    assert bernd_row["Verfügbarkeit"] == "wochentags; gelegentlich oder einmalig"
    assert bernd_row["Kontakt"] == "'+49 340 555666"
    assert bernd_row["Einwilligung (Fassung)"] == "2026-11"


async def test_the_team_sees_the_count_and_the_latest_sign_ups(
    fake_api: FakeBotApi, anna: User, coordinator: User
) -> None:
    await fake_api.send_text(coordinator, "/anmeldungen", chat_id=COORDINATOR_CHAT_ID)
    reply = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    assert reply["text"] == "Bisher gibt es keine Anmeldungen."
    await sign_up(fake_api, anna, interests=["Demokratiebildung", "Mehrsprachigkeit"])
    await fake_api.send_text(coordinator, "/anmeldungen", chat_id=COORDINATOR_CHAT_ID)
    reply = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: m["text"].startswith("Anmeldungen insgesamt")
    )
    today = datetime.now(UTC).astimezone().date()
    assert reply["text"].startswith("Anmeldungen insgesamt: 1. Die neuesten:\n• ")
    assert reply["text"].endswith(f"– {NAME}: Demokratiebildung, Mehrsprachigkeit")
    assert str(today.year) in reply["text"]


@pytest.mark.parametrize("command", ["/export", "/anmeldungen"])
async def test_a_citizen_cannot_use_the_teams_commands(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, command: str
) -> None:
    await sign_up(fake_api, anna)
    reply = await say(fake_api, anna, command)
    assert reply["text"] == kb.messages.get("coordinator_only", "de")
    assert fake_api.documents == []


async def test_the_deep_link_and_the_main_menu_start_the_sign_up(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    greeting = await say(fake_api, anna, "/start")
    assert greeting["text"].startswith("Guten Tag, Anna!")  # plain /start still greets
    first = await tap_for_reply(fake_api, anna, greeting, "✍️ Mitmachen: jetzt anmelden")
    assert "Schritt 1 von 7" in first["text"]
    # The menu button again while signing up: the flow goes on where it is.
    reply = await tap_for_reply(fake_api, anna, greeting, "✍️ Mitmachen: jetzt anmelden")
    assert reply["text"].startswith(kb.messages.get("signup_in_progress", "de"))
    assert "Schritt 1 von 7" in reply["text"]
    await say(fake_api, anna, "/abbrechen")

    first = await say(fake_api, anna, "/start mitmachen")  # t.me/<bot>?start=mitmachen
    assert first["text"].startswith("Schön, dass Sie mitmachen möchten!")
    assert "Schritt 1 von 7" in first["text"]
    assert "Schritt 2 von 7" in (await say(fake_api, anna, "Anna"))["text"]


async def test_the_answer_about_volunteering_offers_jetzt_anmelden(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, "Wie kann ich mich engagieren?")
    answer = await fake_api.wait_for_message(VOLUNTEER, lambda m: bool(m.get("reply_markup")))
    assert FakeBotApi.entity_texts(answer, "bold") == ["Wie kann ich mitmachen?"]
    assert labels(answer)[0] == "✍️ Jetzt anmelden"
    assert labels(answer)[-1] == "Hauptmenü"
    first = await tap_for_reply(fake_api, anna, answer, "✍️ Jetzt anmelden")
    assert "Schritt 1 von 7" in first["text"]

    await say(fake_api, anna, "/abbrechen")
    await fake_api.send_text(anna, "Was ist das Jugend.Berufs.Zentrum?")
    other = await fake_api.wait_for_message(VOLUNTEER, lambda m: bool(m.get("reply_markup")))
    assert "✍️ Jetzt anmelden" not in labels(other)


async def test_buttons_of_an_earlier_flow_and_double_taps_change_nothing(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await say(fake_api, anna, "/mitmachen")
    earlier = await say(fake_api, anna, "Anna")
    await say(fake_api, anna, "/abbrechen")
    await say(fake_api, anna, "/mitmachen")
    interests = await say(fake_api, anna, "Anna")

    alert = await tap(fake_api, anna, earlier, "Soziales Miteinander")
    assert alert["text"] == kb.messages.get("stale_button", "de")
    alert = await tap(fake_api, anna, earlier, CANCEL)
    assert alert["text"] == kb.messages.get("stale_button", "de")

    # A double tap: two presses of the same button before the keyboard changed.
    data = FakeBotApi.button_data(interests, "Demokratiebildung")
    first = await fake_api.press(anna, interests, data)
    second = await fake_api.press(anna, interests, data)
    await fake_api.wait_for(lambda: {first, second} <= fake_api.answered_callbacks.keys())
    assert "text" not in fake_api.answered_callbacks[second]
    chosen = [label for label in labels(live(fake_api, interests)) if label.startswith("✓")]
    assert chosen == ["✓ Demokratiebildung"]  # chosen once, not chosen and unchosen

    current = live(fake_api, interests)
    weiter = FakeBotApi.button_data(current, NEXT)
    first = await fake_api.press(anna, current, weiter)
    second = await fake_api.press(anna, current, weiter)
    await fake_api.wait_for(lambda: {first, second} <= fake_api.answered_callbacks.keys())
    assert "text" not in fake_api.answered_callbacks[second]  # answered silently
    contact = await choose(fake_api, anna, await fake_api.wait_for_message(VOLUNTEER), ["abends"])
    assert "Schritt 4 von 7" in contact["text"]
    step_three = [m for m in fake_api.sent_to(VOLUNTEER) if "Schritt 3 von 7" in m["text"]]
    assert len(step_three) == 1


async def test_a_forged_sign_up_button_in_the_teams_group_starts_nothing(
    fake_api: FakeBotApi, coordinator: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(coordinator, "/anmeldungen", chat_id=COORDINATOR_CHAT_ID)
    message = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    query_id = await fake_api.press(coordinator, message, "signup")  # the main menu's data
    alert = await fake_api.wait_for(lambda: fake_api.answered_callbacks.get(query_id))
    assert alert["text"] == kb.messages.get("stale_button", "de")
    await fake_api.send_text(coordinator, "Anna", chat_id=COORDINATOR_CHAT_ID)
    await fake_api.send_text(coordinator, "/anmeldungen", chat_id=COORDINATOR_CHAT_ID)
    reply = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, after=message["message_id"])
    assert reply["text"] == "Bisher gibt es keine Anmeldungen."  # no "Schritt 2 von 7"


async def test_another_users_button_data_changes_nothing_in_a_flow(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    await say(fake_api, anna, "/mitmachen")
    interests = await say(fake_api, anna, "Anna")
    choice = FakeBotApi.button_data(interests, "Weiterbildung")
    mallory = fake_api.user(6_660_666, "Mallory", language_code="de")
    greeting = await say(fake_api, mallory, "/start")
    await say(fake_api, mallory, "/mitmachen")  # a flow of her own, with another id
    flow = choice.split(":")[1]  # Anna's
    for data in (choice, f"su:{flow}:s:send", f"su:{flow}:x", "su:zzzzzz:i:ok"):
        query_id = await fake_api.press(mallory, greeting, data)
        alert = await fake_api.wait_for(lambda q=query_id: fake_api.answered_callbacks.get(q))
        assert alert["text"] == kb.messages.get("stale_button", "de")
    assert bot.app.user_data[VOLUNTEER][DRAFT]["interests"] == []
    assert bot.app.user_data[mallory.id][DRAFT]["interests"] == []
    assert signups(bot) == []


async def test_absenden_again_after_a_crash_lost_the_flows_end_sends_one_card(
    fake_api: FakeBotApi, anna: User, bot: RunningBot
) -> None:
    summary = (await fill_in(fake_api, anna))[-1]
    draft = json.loads(json.dumps(bot.app.user_data[VOLUNTEER][DRAFT]))
    submit = FakeBotApi.button_data(summary, SUBMIT)
    await tap_for_reply(fake_api, anna, summary, SUBMIT)
    await card_for(fake_api, "🙋 Neue Anmeldung")
    await bot.stop()
    # The sign-up was committed, but the crash came before the end of the conversation was
    # persisted (write_through runs after the handler's reply): the state of before.
    with sqlite3.connect(bot.settings.db_path) as conn:
        conn.execute(
            "INSERT OR REPLACE INTO user_state VALUES (?, ?, '')",
            (VOLUNTEER, json.dumps({DRAFT: draft})),
        )
        conn.execute(
            "INSERT INTO conversation_state VALUES ('signup', ?, ?, '\"summary\"', '')",
            (json.dumps([VOLUNTEER, VOLUNTEER]), VOLUNTEER),
        )
    await bot.start()

    await fake_api.press(anna, summary, submit)  # the button as the phone still shows it
    done = await fake_api.wait_for_message(VOLUNTEER)
    assert done["text"].startswith("Vielen Dank")
    assert len(signups(bot)) == 1
    assert query(bot, "SELECT COUNT(*) FROM outbox WHERE purpose = 'signup'") == [(1,)]


async def test_english_speakers_are_guided_in_english(
    fake_api: FakeBotApi, bot: RunningBot
) -> None:
    john = fake_api.user(6_660_001, "John", language_code="en")
    first = await say(fake_api, john, "/mitmachen")
    assert "Step 1 of 7" in first["text"]
    interests = await say(fake_api, john, "John Smith")
    assert labels(interests)[0] == "Living well together"
    availability = await choose(fake_api, john, interests, ["Living well together"], "Next ➡️")
    contact = await choose(fake_api, john, availability, ["in the evenings"], "Next ➡️")
    note = await tap_for_reply(fake_api, john, contact, "Telegram is enough")
    privacy = await tap_for_reply(fake_api, john, note, "Skip")
    summary = await tap_for_reply(fake_api, john, privacy, "✅ I agree")
    assert "Interests: Living well together\nTime: in the evenings" in summary["text"]
    done = await tap_for_reply(fake_api, john, summary, "✅ Submit")
    assert done["text"].startswith("Thank you, John Smith!")
    [row] = signups(bot)
    assert json.loads(row["interests"]) == ["Soziales Miteinander"]  # the team reads German
    assert row["language"] == "en"
    data = await say(fake_api, john, "/meinedaten")
    assert FakeBotApi.entity_texts(data, "bold") == ["Your volunteer sign-up"]
    assert "Interests: Living well together\nTime: in the evenings\n" in data["text"]
    assert "Language: English\n" in data["text"]


async def test_no_sign_up_data_reaches_the_logs_even_at_debug(
    fake_api: FakeBotApi, anna: User, coordinator: User, bot: RunningBot
) -> None:
    with debug_logs(bot.settings) as lines:
        steps = await fill_in(fake_api, anna)
        await say(fake_api, anna, "Ein Nachsatz")  # text at a button step: asked again
        await tap_for_reply(fake_api, anna, steps[-1], SUBMIT)
        await card_for(fake_api, "🙋 Neue Anmeldung")
        await say(fake_api, anna, "/meinedaten")
        await fake_api.send_text(coordinator, "/export", chat_id=COORDINATOR_CHAT_ID)
        await fake_api.wait_for(lambda: fake_api.documents_to(COORDINATOR_CHAT_ID))
        await delete_everything(fake_api, anna)
        await card_for(fake_api, "🗑 Anna hat die Anmeldung zurückgezogen")
    text = "\n".join(lines)
    assert "signup: a sign-up was stored" in text  # the logs were written, at DEBUG
    assert "privacy: a user deleted their data" in text
    # Not even the Telegram user id: it identifies the person as well as a name does.
    for secret in ("Musterfrau", EMAIL, NOTE, "Nachsatz", "anna_dessau", "Anna", TOKEN,
                   str(VOLUNTEER)):  # fmt: skip
        assert secret not in text


async def test_old_sign_ups_and_abandoned_drafts_are_deleted_by_the_daily_job(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    old = (datetime.now(UTC) - timedelta(days=800)).isoformat(timespec="seconds")
    recent = (datetime.now(UTC) - timedelta(days=30)).isoformat(timespec="seconds")
    with sqlite3.connect(bot.settings.db_path) as conn:
        for user_id, moment in ((1, old), (2, recent)):
            conn.execute(
                "INSERT INTO signups VALUES"
                " (?, 'X', '[]', '[]', NULL, NULL, 'de', '2026-11', ?, ?, ?)",
                (user_id, moment, moment, moment),
            )
    await say(fake_api, anna, "/mitmachen")  # a draft, abandoned for more than a week
    bot.app.user_data[VOLUNTEER][DRAFT]["started"] = old

    await bot.restart()  # the job runs at start-up, then daily

    await fake_api.wait_for(lambda: query(bot, "SELECT user_id FROM signups") == [(2,)])
    await fake_api.wait_for(lambda: DRAFT not in bot.app.user_data.get(VOLUNTEER, {}))
    reply = await say(fake_api, anna, "Anna")  # the name for a draft that is gone
    assert reply["text"] == kb.messages.get("signup_expired", "de")
    answer = await say(fake_api, anna, "Was ist das Jugend.Berufs.Zentrum?")
    assert answer["text"].startswith("Jugend.Berufs.Zentrum")


async def test_deleting_without_a_sign_up_tells_the_team_nothing(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, "Was ist das Jugend.Berufs.Zentrum?")  # remembers German
    await fake_api.wait_for(lambda: count(bot, "user_state") == 1)
    data = await say(fake_api, anna, "/meinedaten")
    assert "Außerdem merke ich mir Ihre Sprache (Deutsch)" in data["text"]
    await delete_everything(fake_api, anna)
    assert count(bot, "user_state") == 0
    assert count(bot, "outbox") == 0
    reply = await say(fake_api, anna, "/loeschen")
    assert reply["text"] == kb.messages.get("data_none", "de")


async def test_meinedaten_and_loeschen_cover_questions_and_subscriptions_too(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    question = "Wo verlängere ich meinen Personalausweis?"  # no answer: a ticket for the team
    await fake_api.send_text(anna, question)
    await card_for(fake_api, "📨 Frage Nr. 1")
    await fake_api.wait_for_message(VOLUNTEER, lambda m: "Nr. 1" in m["text"])  # the receipt
    await sign_up(fake_api, anna)
    await card_for(fake_api, "🙋 Neue Anmeldung")
    db = bot.app.bot_data.db
    async with db.transaction():  # the next event, whatever the bundled examples' dates
        created = await Events(db).create(
            EventData("Freiwilligentreffen", datetime.now(UTC) + timedelta(days=3), "Rathaus",
                      "engagement")
        )  # fmt: skip
    await fake_api.send_text(anna, "/termine")
    page = await fake_api.wait_for_message(VOLUNTEER, lambda m: "Freiwilligentreffen" in m["text"])
    (remind,) = [text for text, data in FakeBotApi.buttons(page) if data == f"ev:r:{created.id}"]
    await tap(fake_api, anna, page, remind)
    abos = await say(fake_api, anna, "/abos")
    await tap(fake_api, anna, abos, "+ Bildung und Lernen")
    await fake_api.wait_for(lambda: count(bot, "subscriptions") == 2)

    data = await say(fake_api, anna, "/meinedaten")
    headings = FakeBotApi.entity_texts(data, "bold")
    assert sorted(headings) == [
        "Geplante Erinnerung", "Geplante Erinnerung", "Ihr Abo für Termine",
        "Ihr Abo für Termine", "Ihre Anmeldung zum Mitmachen", "Ihre Frage an das Team",
    ]  # fmt: skip
    assert "Nummer: 1\n" in data["text"] and "Stand: offen\n" in data["text"]
    assert f"Frage: {question}" in data["text"]
    assert "Termin: Freiwilligentreffen (" in data["text"]
    assert "Neue Termine: Bildung und Lernen\nSeit: " in data["text"]

    await delete_everything(fake_api, anna)
    await card_for(fake_api, "🗑 Anna hat die Anmeldung zurückgezogen")
    await fake_api.wait_for(
        lambda: query(bot, "SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == [(0,)]
    )
    needles = [str(VOLUNTEER), "Personalausweis", "Musterfrau", EMAIL, "anna_dessau"]
    assert cells_mentioning(bot, needles) == []
    assert count(bot, "tickets") == 1  # a number for the statistics
    assert count(bot, "subscriptions") == 0
    assert count(bot, "reminders") == 0
