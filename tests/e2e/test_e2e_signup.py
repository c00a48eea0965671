"""End to end: volunteers sign up in the chat: the flow, its checks, cancelling, changing,
restarts and crashes. The real Application polls the fake Bot API; the database is checked
with plain SQL, as a curious auditor would.

After every test: no handler error, no API call Telegram would have refused, and every pressed
button answered.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi, User
from harness import RunningBot, labels, say
from signup_flow import (
    AGREE,
    CANCEL,
    EDIT,
    EMAIL,
    NAME,
    NEXT,
    NOTE,
    SUBMIT,
    VOLUNTEER,
    card_for,
    cells_mentioning,
    choose,
    count,
    fill_in,
    live,
    query,
    sign_up,
    signups,
    tap,
    tap_for_reply,
    volunteer,
)

from handlers.signup.draft import DRAFT
from knowledge import KnowledgeBase

pytestmark = pytest.mark.usefixtures("bot", "clean_run")


anna = pytest.fixture(volunteer, name="anna")


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
