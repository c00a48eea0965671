"""End to end: what happens to a volunteer's sign-up afterwards: /meinedaten and /loeschen,
the team's export and figures, buttons that must change nothing, English, the logs and the
daily clean-up. The real Application polls the fake Bot API; the database is checked with
plain SQL.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import signup_flow as flow
from fake_bot_api import FakeBotApi, User
from harness import COORDINATOR_CHAT_ID, TOKEN, RunningBot, debug_logs, labels, say

from handlers.signup.draft import DRAFT
from knowledge import KnowledgeBase
from storage.events import EventData, Events
from storage.signups import CSV_COLUMNS

pytestmark = pytest.mark.usefixtures("bot", "clean_run")


anna = pytest.fixture(flow.volunteer, name="anna")


async def test_meinedaten_shows_everything_and_loeschen_leaves_nothing_behind(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    await flow.sign_up(fake_api, anna)
    card = await flow.card_for(fake_api, "🙋 Neue Anmeldung")
    needles = [str(flow.VOLUNTEER), "Musterfrau", flow.EMAIL, flow.NOTE, "anna_dessau"]
    assert {(table, needle) for table, _, needle in flow.cells_mentioning(bot, needles)} >= {
        ("signups", str(flow.VOLUNTEER)), ("signups", flow.EMAIL), ("outbox", str(flow.VOLUNTEER)),
    }  # fmt: skip

    data = await say(fake_api, anna, "/meinedaten")
    assert data["text"].startswith(kb.messages.get("data_intro", "de"))
    assert FakeBotApi.entity_texts(data, "bold") == ["Ihre Anmeldung zum Mitmachen"]
    for line in (f"Name: {flow.NAME}", "Interessen: Soziales Miteinander", "Zeit: abends",
                 f"Kontakt: {flow.EMAIL}", f"Nachricht: {flow.NOTE}", "Sprache: Deutsch",
                 "Einwilligung (Fassung, Zeitpunkt): 2026-11 ("):  # fmt: skip
        assert line in data["text"]

    kept = await say(fake_api, anna, "/loeschen")
    assert kept["text"] == kb.messages.get("delete_confirm", "de").strip()
    assert labels(kept) == ["🗑 Ja, alles löschen", "Nein, behalten"]
    old_yes = FakeBotApi.button_data(kept, "🗑 Ja, alles löschen")
    await flow.tap(fake_api, anna, kept, "Nein, behalten")
    await fake_api.wait_for(
        lambda: flow.live(fake_api, kept)["text"] == "Gut, ich habe nichts gelöscht."
    )
    assert len(flow.signups(bot)) == 1
    query_id = await fake_api.press(anna, kept, old_yes)
    await fake_api.wait_for(lambda: query_id in fake_api.answered_callbacks)
    assert fake_api.answered_callbacks[query_id]["text"] == kb.messages.get("stale_button", "de")
    assert len(flow.signups(bot)) == 1

    done = await flow.delete_everything(fake_api, anna)
    assert done["text"] == kb.messages.get("delete_done", "de")
    assert "reply_markup" not in done

    notice = await flow.card_for(fake_api, "🗑 Anna hat die Anmeldung zurückgezogen")
    assert notice["reply_to_message"]["message_id"] == card["message_id"]
    assert "Musterfrau" not in notice["text"] and flow.EMAIL not in notice["text"]
    await fake_api.wait_for(  # the notice is sent: the outbox no longer holds its text
        lambda: flow.query(bot, "SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == [(0,)]
    )
    await bot.app.update_persistence()  # nothing comes back with python-telegram-bot's next write
    assert flow.cells_mentioning(bot, needles) == []
    await flow.nothing_kept(
        fake_api, anna, bot, kb, "/meinedaten", "user_state", "conversation_state"
    )


async def test_the_team_exports_every_sign_up_as_csv_for_excel(
    fake_api: FakeBotApi, anna: User, coordinator: User, bot: RunningBot
) -> None:
    bernd = fake_api.user(8_880_001, "Bernd", language_code="de")
    await flow.sign_up(fake_api, anna, name="Änne Müller-Weiß", note='=HYPERLINK("http://x")')
    await flow.sign_up(
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
    assert anne["Telegram-ID"] == str(flow.VOLUNTEER)
    assert anne["Notiz"] == '\'=HYPERLINK("http://x")'  # a formula stays text
    assert anne["Kontakt"] == flow.EMAIL
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
    await flow.sign_up(fake_api, anna, interests=["Demokratiebildung", "Mehrsprachigkeit"])
    await fake_api.send_text(coordinator, "/anmeldungen", chat_id=COORDINATOR_CHAT_ID)
    reply = await fake_api.wait_for_message(
        COORDINATOR_CHAT_ID, lambda m: m["text"].startswith("Anmeldungen insgesamt")
    )
    today = datetime.now(UTC).astimezone().date()
    assert reply["text"].startswith("Anmeldungen insgesamt: 1. Die neuesten:\n• ")
    assert reply["text"].endswith(f"– {flow.NAME}: Demokratiebildung, Mehrsprachigkeit")
    assert str(today.year) in reply["text"]


@pytest.mark.parametrize("command", ["/export", "/anmeldungen"])
async def test_a_citizen_cannot_use_the_teams_commands(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, command: str
) -> None:
    await flow.sign_up(fake_api, anna)
    reply = await say(fake_api, anna, command)
    assert reply["text"] == kb.messages.get("coordinator_only", "de")
    assert fake_api.documents == []


async def test_the_deep_link_and_the_main_menu_start_the_sign_up(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    greeting = await say(fake_api, anna, "/start")
    assert greeting["text"].startswith("Guten Tag, Anna!")  # plain /start still greets
    first = await flow.tap_for_reply(fake_api, anna, greeting, "✍️ Mitmachen: jetzt anmelden")
    assert "Schritt 1 von 7" in first["text"]
    # The menu button again while signing up: the flow goes on where it is.
    reply = await flow.tap_for_reply(fake_api, anna, greeting, "✍️ Mitmachen: jetzt anmelden")
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
    answer = await fake_api.wait_for_message(flow.VOLUNTEER, lambda m: bool(m.get("reply_markup")))
    assert FakeBotApi.entity_texts(answer, "bold") == ["Wie kann ich mitmachen?"]
    assert labels(answer)[0] == "✍️ Jetzt anmelden"
    assert labels(answer)[-1] == "Hauptmenü"
    first = await flow.tap_for_reply(fake_api, anna, answer, "✍️ Jetzt anmelden")
    assert "Schritt 1 von 7" in first["text"]

    await say(fake_api, anna, "/abbrechen")
    await fake_api.send_text(anna, "Was ist das Jugend.Berufs.Zentrum?")
    other = await fake_api.wait_for_message(flow.VOLUNTEER, lambda m: bool(m.get("reply_markup")))
    assert "✍️ Jetzt anmelden" not in labels(other)


async def test_buttons_of_an_earlier_flow_and_double_taps_change_nothing(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await say(fake_api, anna, "/mitmachen")
    earlier = await say(fake_api, anna, "Anna")
    await say(fake_api, anna, "/abbrechen")
    await say(fake_api, anna, "/mitmachen")
    interests = await say(fake_api, anna, "Anna")

    alert = await flow.tap(fake_api, anna, earlier, "Soziales Miteinander")
    assert alert["text"] == kb.messages.get("stale_button", "de")
    alert = await flow.tap(fake_api, anna, earlier, flow.CANCEL)
    assert alert["text"] == kb.messages.get("stale_button", "de")

    # A double tap: two presses of the same button before the keyboard changed.
    data = FakeBotApi.button_data(interests, "Demokratiebildung")
    first = await fake_api.press(anna, interests, data)
    second = await fake_api.press(anna, interests, data)
    await fake_api.wait_for(lambda: {first, second} <= fake_api.answered_callbacks.keys())
    assert "text" not in fake_api.answered_callbacks[second]
    chosen = [label for label in labels(flow.live(fake_api, interests)) if label.startswith("✓")]
    assert chosen == ["✓ Demokratiebildung"]  # chosen once, not chosen and unchosen

    current = flow.live(fake_api, interests)
    weiter = FakeBotApi.button_data(current, flow.NEXT)
    first = await fake_api.press(anna, current, weiter)
    second = await fake_api.press(anna, current, weiter)
    await fake_api.wait_for(lambda: {first, second} <= fake_api.answered_callbacks.keys())
    assert "text" not in fake_api.answered_callbacks[second]  # answered silently
    contact = await flow.choose(
        fake_api, anna, await fake_api.wait_for_message(flow.VOLUNTEER), ["abends"]
    )
    assert "Schritt 4 von 7" in contact["text"]
    step_three = [m for m in fake_api.sent_to(flow.VOLUNTEER) if "Schritt 3 von 7" in m["text"]]
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
    run = choice.split(":")[1]  # Anna's run of the flow
    for data in (choice, f"su:{run}:s:send", f"su:{run}:x", "su:zzzzzz:i:ok"):
        query_id = await fake_api.press(mallory, greeting, data)
        alert = await fake_api.wait_for(lambda q=query_id: fake_api.answered_callbacks.get(q))
        assert alert["text"] == kb.messages.get("stale_button", "de")
    assert bot.app.user_data[flow.VOLUNTEER][DRAFT]["interests"] == []
    assert bot.app.user_data[mallory.id][DRAFT]["interests"] == []
    assert flow.signups(bot) == []


async def test_absenden_again_after_a_crash_lost_the_flows_end_sends_one_card(
    fake_api: FakeBotApi, anna: User, bot: RunningBot
) -> None:
    summary = (await flow.fill_in(fake_api, anna))[-1]
    draft = json.loads(json.dumps(bot.app.user_data[flow.VOLUNTEER][DRAFT]))
    submit = FakeBotApi.button_data(summary, flow.SUBMIT)
    await flow.tap_for_reply(fake_api, anna, summary, flow.SUBMIT)
    await flow.card_for(fake_api, "🙋 Neue Anmeldung")
    await bot.stop()
    # The sign-up was committed, but the crash came before the end of the conversation was
    # persisted (write_through runs after the handler's reply): the state of before.
    with sqlite3.connect(bot.settings.db_path) as conn:
        conn.execute(
            "INSERT OR REPLACE INTO user_state VALUES (?, ?, '')",
            (flow.VOLUNTEER, json.dumps({DRAFT: draft})),
        )
        conn.execute(
            "INSERT INTO conversation_state VALUES ('signup', ?, ?, '\"summary\"', '')",
            (json.dumps([flow.VOLUNTEER, flow.VOLUNTEER]), flow.VOLUNTEER),
        )
    await bot.start()

    await fake_api.press(anna, summary, submit)  # the button as the phone still shows it
    done = await fake_api.wait_for_message(flow.VOLUNTEER)
    assert done["text"].startswith("Vielen Dank")
    assert len(flow.signups(bot)) == 1
    assert flow.query(bot, "SELECT COUNT(*) FROM outbox WHERE purpose = 'signup'") == [(1,)]


async def test_english_speakers_are_guided_in_english(
    fake_api: FakeBotApi, bot: RunningBot
) -> None:
    john = fake_api.user(6_660_001, "John", language_code="en")
    first = await say(fake_api, john, "/mitmachen")
    assert "Step 1 of 7" in first["text"]
    interests = await say(fake_api, john, "John Smith")
    assert labels(interests)[0] == "Living well together"
    availability = await flow.choose(fake_api, john, interests, ["Living well together"], "Next ➡️")
    contact = await flow.choose(fake_api, john, availability, ["in the evenings"], "Next ➡️")
    note = await flow.tap_for_reply(fake_api, john, contact, "Telegram is enough")
    privacy = await flow.tap_for_reply(fake_api, john, note, "Skip")
    summary = await flow.tap_for_reply(fake_api, john, privacy, "✅ I agree")
    assert "Interests: Living well together\nTime: in the evenings" in summary["text"]
    done = await flow.tap_for_reply(fake_api, john, summary, "✅ Submit")
    assert done["text"].startswith("Thank you, John Smith!")
    [row] = flow.signups(bot)
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
        steps = await flow.fill_in(fake_api, anna)
        await say(fake_api, anna, "Ein Nachsatz")  # text at a button step: asked again
        await flow.tap_for_reply(fake_api, anna, steps[-1], flow.SUBMIT)
        await flow.card_for(fake_api, "🙋 Neue Anmeldung")
        await say(fake_api, anna, "/meinedaten")
        await fake_api.send_text(coordinator, "/export", chat_id=COORDINATOR_CHAT_ID)
        await fake_api.wait_for(lambda: fake_api.documents_to(COORDINATOR_CHAT_ID))
        await flow.delete_everything(fake_api, anna)
        await flow.card_for(fake_api, "🗑 Anna hat die Anmeldung zurückgezogen")
    text = "\n".join(lines)
    assert "signup: a sign-up was stored" in text  # the logs were written, at DEBUG
    assert "privacy: a user deleted their data" in text
    # Not even the Telegram user id: it identifies the person as well as a name does.
    for secret in ("Musterfrau", flow.EMAIL, flow.NOTE, "Nachsatz", "anna_dessau", "Anna", TOKEN,
                   str(flow.VOLUNTEER)):  # fmt: skip
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
    bot.app.user_data[flow.VOLUNTEER][DRAFT]["started"] = old

    await bot.restart()  # the job runs at start-up, then daily

    await fake_api.wait_for(lambda: flow.query(bot, "SELECT user_id FROM signups") == [(2,)])
    await fake_api.wait_for(lambda: DRAFT not in bot.app.user_data.get(flow.VOLUNTEER, {}))
    reply = await say(fake_api, anna, "Anna")  # the name for a draft that is gone
    assert reply["text"] == kb.messages.get("signup_expired", "de")
    answer = await say(fake_api, anna, "Was ist das Jugend.Berufs.Zentrum?")
    assert answer["text"].startswith("Jugend.Berufs.Zentrum")


async def test_deleting_without_a_sign_up_tells_the_team_nothing(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, "Was ist das Jugend.Berufs.Zentrum?")  # remembers German
    await fake_api.wait_for(lambda: flow.count(bot, "user_state") == 1)
    data = await say(fake_api, anna, "/meinedaten")
    assert "Außerdem merke ich mir Ihre Sprache (Deutsch)" in data["text"]
    await flow.delete_everything(fake_api, anna)
    await flow.nothing_kept(fake_api, anna, bot, kb, "/loeschen", "user_state", "outbox")


async def test_meinedaten_and_loeschen_cover_questions_and_subscriptions_too(
    fake_api: FakeBotApi, anna: User, bot: RunningBot, kb: KnowledgeBase
) -> None:
    question = "Wo verlängere ich meinen Personalausweis?"  # no answer: a ticket for the team
    await fake_api.send_text(anna, question)
    await flow.card_for(fake_api, "📨 Frage Nr. 1")
    await fake_api.wait_for_message(flow.VOLUNTEER, lambda m: "Nr. 1" in m["text"])  # the receipt
    await flow.sign_up(fake_api, anna)
    await flow.card_for(fake_api, "🙋 Neue Anmeldung")
    db = bot.app.bot_data.db
    async with db.transaction():  # the next event, whatever the bundled examples' dates
        created = await Events(db).create(
            EventData("Freiwilligentreffen", datetime.now(UTC) + timedelta(days=3), "Rathaus",
                      "engagement")
        )  # fmt: skip
    await fake_api.send_text(anna, "/termine")
    page = await fake_api.wait_for_message(
        flow.VOLUNTEER, lambda m: "Freiwilligentreffen" in m["text"]
    )
    (remind,) = [text for text, data in FakeBotApi.buttons(page) if data == f"ev:r:{created.id}"]
    await flow.tap(fake_api, anna, page, remind)
    abos = await say(fake_api, anna, "/abos")
    await flow.tap(fake_api, anna, abos, "+ Bildung und Lernen")
    await fake_api.wait_for(lambda: flow.count(bot, "subscriptions") == 2)

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

    await flow.delete_everything(fake_api, anna)
    await flow.card_for(fake_api, "🗑 Anna hat die Anmeldung zurückgezogen")
    await fake_api.wait_for(
        lambda: flow.query(bot, "SELECT COUNT(*) FROM outbox WHERE status != 'sent'") == [(0,)]
    )
    needles = [str(flow.VOLUNTEER), "Personalausweis", "Musterfrau", flow.EMAIL, "anna_dessau"]
    assert flow.cells_mentioning(bot, needles) == []
    assert flow.count(bot, "tickets") == 1  # a number for the statistics
    assert flow.count(bot, "subscriptions") == 0
    assert flow.count(bot, "reminders") == 0
