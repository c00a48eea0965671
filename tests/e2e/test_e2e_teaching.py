"""End to end: the team teaches the bot in its chat. An answer it publishes answers other
wordings at once (and after a restart and a reload); a citizen's question taught to an entry
is answered directly next time; /faq shows, changes and withdraws what was taught; only the
team can do any of it. Through the real Application and the fake Bot API.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
import teaching_steps as steps
import yaml
from fake_bot_api import FakeBotApi, User
from handoff_steps import FAST, ask_team, db_rows, delete_my_data, fast_bot, team_replies
from harness import ANNA, COORDINATOR_CHAT_ID, RunningBot, answer_text, copy_knowledge, labels

from knowledge import KnowledgeBase, load
from knowledge.__main__ import main as knowledge_main

pytestmark = pytest.mark.usefixtures("clean_run")

bot = pytest.fixture(fast_bot, name="bot")


async def test_a_published_answer_answers_other_wordings_at_once_and_after_a_restart(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User, kb: KnowledgeBase
) -> None:
    draft = await steps.draft_of_answer(fake_api, bot, anna, kathrin)
    # proposed: the question as title and first phrasing, the team's answer
    assert "Titel: Wie bekomme ich die Ehrenamtskarte\n" in draft["text"]
    assert f"• {steps.CARD_QUESTION}" in draft["text"] and steps.TEAM_ANSWER in draft["text"]
    card = await steps.type_reply(fake_api, kathrin, "✏️ Titel", draft, "Ehrenamtskarte")
    assert card["text"].startswith("✏️ Kathrin hat den Entwurf geändert: Titel.")
    assert "Titel: Ehrenamtskarte\n" in card["text"]
    more = "Wo kann ich eine Ehrenamtskarte beantragen?\n• How do I get the volunteer card?"
    card = await steps.type_reply(fake_api, kathrin, "➕ Formulierungen", card, more)
    assert "• How do I get the volunteer card?" in card["text"]
    # the preview is the answer as a citizen sees it
    await steps.tap(fake_api, kathrin, card, "👁 Vorschau")
    preview = await steps.team_message(fake_api, lambda m: m["text"].startswith("Ehrenamtskarte"))
    assert FakeBotApi.entity_texts(preview, "bold") == ["Ehrenamtskarte"]
    assert preview["text"] == f"Ehrenamtskarte\n\n{steps.TEAM_ANSWER}"
    await steps.pick_topic(fake_api, kathrin, card)
    await steps.tap(fake_api, kathrin, fake_api.current(card), "✅ Veröffentlichen")
    done = await steps.team_message(fake_api, lambda m: "veröffentlicht" in m["text"])
    assert done["text"].startswith(
        "✅ Kathrin hat „Ehrenamtskarte“ veröffentlicht (team-ehrenamtskarte)."
    )
    assert labels(fake_api.current(card)) == []  # the draft's buttons are gone

    # three other wordings, never seen by the bot, are answered directly
    for question in (
        "Ehrenamtskarte beantragen – wie geht das?",
        "Wo gibt es die Ehrenamtskarte?",
        "how can I get a volunteer card",
    ):
        reply = await steps.answered_with(fake_api, bob, question, "Ehrenamtskarte")
        assert steps.TEAM_ANSWER in reply["text"]
        escape = {kb.messages.get("not_it_team", lang) for lang in ("de", "en")}
        assert labels(reply)[0] in escape  # "Das passt nicht": cheap to correct
    assert db_rows(bot, "SELECT COUNT(*) FROM tickets") == [(1,)]  # only Anna's
    await bot.restart()
    await steps.answered_with(fake_api, bob, "Wo gibt es die Ehrenamtskarte?", "Ehrenamtskarte")
    await fake_api.send_text(kathrin, "/neu_laden", chat_id=COORDINATOR_CHAT_ID)
    report = await steps.team_message(fake_api, lambda m: "neu geladen" in m["text"])
    assert "Vom Team im Chat: 1 Einträge, 3 Formulierungen" in report["text"]
    await steps.answered_with(fake_api, bob, "Wo gibt es die Ehrenamtskarte?", "Ehrenamtskarte")


async def test_personal_data_in_a_draft_is_taken_out_or_warned_about(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    letter = (
        "Sehr geehrte Damen und Herren, ich heiße Anna Muster. Wie bekomme ich die"
        " Ehrenamtskarte? Erreichbar unter 0171 2345678 oder anna@example.org."
        " Mit freundlichen Grüßen, Anna Muster"
    )
    card = await ask_team(fake_api, bot, anna, letter)
    await team_replies(fake_api, kathrin, card, "Rufen Sie Frau Muster unter 0172 9876543 an.")
    confirm = await steps.team_message(fake_api, lambda m: "zugestellt" in m["text"])
    await steps.tap(fake_api, kathrin, confirm, "📝 Als FAQ übernehmen")
    draft = await steps.team_message(fake_api, lambda m: m["text"].startswith("📝 FAQ-Entwurf"))
    phrasing = "• Wie bekomme ich die Ehrenamtskarte? Erreichbar unter [Telefon] oder [E-Mail]."
    assert phrasing in draft["text"]
    for personal in ("Anna", "Muster\n", "0171", "anna@example.org", "Sehr geehrte"):
        assert personal not in draft["text"].split("Antwort:")[0]
    # the team's answer names a person and a number: a warning, and publishing asks again
    assert "⚠️ Enthält vielleicht persönliche Daten: Telefonnummer, Name." in draft["text"]
    await steps.pick_topic(fake_api, kathrin, draft)
    await steps.tap(fake_api, kathrin, fake_api.current(draft), "✅ Veröffentlichen")
    warning = await steps.team_message(fake_api, lambda m: "Trotzdem" in m["text"])
    assert labels(warning) == ["⚠️ Trotzdem veröffentlichen"]
    assert db_rows(bot, "SELECT COUNT(*) FROM team_entries") == [(0,)]
    # corrected instead: the answer without the person
    card = await steps.type_reply(
        fake_api, kathrin, "✏️ Antwort", fake_api.current(draft), steps.TEAM_ANSWER
    )
    assert "⚠️" not in card["text"].split("Formulierungen")[0]
    await steps.tap(fake_api, kathrin, card, "✅ Veröffentlichen")
    await steps.team_message(fake_api, lambda m: "veröffentlicht" in m["text"])
    [(answer,)] = db_rows(bot, "SELECT answer FROM team_entries")
    assert answer == steps.TEAM_ANSWER


async def test_a_missed_question_is_taught_to_its_entry_in_two_taps(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User, kb: KnowledgeBase
) -> None:
    card = await ask_team(fake_api, bot, anna, f"Hallo! {steps.MISSED} Viele Grüße, Anna")
    title = kb.by_id["engagement-mitmachen"].title
    # tap 1: the card offers the entry the bot weighed first; the preview comes below the
    # card and shows the phrasing without greeting, closing and name
    assert labels(card)[2:] == [f"📚 Zu „{title}“ hinzufügen", "📚 Anderer Eintrag …"]
    await steps.tap(fake_api, kathrin, card, f"📚 Zu „{title}“ hinzufügen")
    preview = await steps.team_message(fake_api, lambda m: "Hinzufügen?" in m["text"])
    assert f"«{steps.MISSED}»" in preview["text"] and "Anna" not in preview["text"]
    assert "Herausgenommen: Begrüßung und Gruß." in preview["text"]
    assert labels(fake_api.current(card)) == labels(card)  # the card stays as it was
    # tap 2: add
    add = FakeBotApi.button_data(preview, "✅ Hinzufügen")
    await steps.tap(fake_api, kathrin, preview, "✅ Hinzufügen")
    await fake_api.wait_for(lambda: "beigebracht" in fake_api.current(preview)["text"], what="d")
    assert fake_api.current(preview)["text"].startswith(
        f"✅ Kathrin hat „{title}“ eine Formulierung beigebracht: «{steps.MISSED}»"
    )
    await steps.answered_with(fake_api, bob, steps.MISSED, title)
    # the same button again (a double tap; the message has no buttons any more): nothing
    # doubles; and taught again through "Anderer Eintrag", the entry knows it already
    assert await answer_text(fake_api, await fake_api.press(kathrin, preview, add)) == (
        kb.messages.get("stale_button")
    )
    await steps.tap(fake_api, kathrin, card, "📚 Anderer Eintrag …")
    again = await steps.team_message(fake_api, lambda m: "Zu welchem Eintrag" in m["text"])
    assert labels(again)[0] == title  # the entries the bot weighed come first
    await steps.tap(fake_api, kathrin, again, title)
    await fake_api.wait_for(lambda: "Hinzufügen?" in fake_api.current(again)["text"], what="p")
    assert await steps.tap(fake_api, kathrin, fake_api.current(again), "✅ Hinzufügen") == (
        f"„{title}“ kennt diese Formulierung schon."
    )
    assert db_rows(bot, "SELECT COUNT(*) FROM team_phrasings") == [(1,)]

    # /faq lists it; removing the phrasing takes it out of service, the row stays
    await fake_api.send_text(kathrin, "/faq", chat_id=COORDINATOR_CHAT_ID)
    listing = await steps.team_message(fake_api, lambda m: "beigebracht hat" in m["text"])
    assert f"1. „{title}“ – 1 Formulierungen gelernt, zuletzt von Kathrin" in listing["text"]
    await steps.tap(fake_api, kathrin, listing, "1")
    shown = await steps.team_message(fake_api, lambda m: m["text"].startswith(f"„{title}“"))
    assert steps.MISSED in shown["text"] and "Eintrag der Wissensbasis" in shown["text"]
    await steps.tap(fake_api, kathrin, shown, "✖ 1")
    await steps.team_message(fake_api, lambda m: m["text"].startswith("✖ Kathrin hat"))
    await fake_api.send_text(bob, steps.MISSED)
    await steps.team_message(fake_api, lambda m: m["text"].startswith("📨 Frage Nr. 2"))
    assert db_rows(bot, "SELECT removed_by FROM team_phrasings") == [("Kathrin",)]


async def test_statistics_list_offers_to_teach_its_questions(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User, kb: KnowledgeBase
) -> None:
    await ask_team(fake_api, bot, anna, steps.MISSED)
    await fake_api.send_text(kathrin, "/statistik", chat_id=COORDINATOR_CHAT_ID)
    stats = await steps.team_message(fake_api, lambda m: "Statistik" in m["text"])
    assert f"1. 1× {steps.MISSED}" in stats["text"] and labels(stats) == ["📚 1"]
    await steps.tap(fake_api, kathrin, stats, "📚 1")
    choose = await steps.team_message(fake_api, lambda m: "Zu welchem Eintrag" in m["text"])
    # no entry was weighed for it: the topics, then the entries of one
    await steps.tap(fake_api, kathrin, choose, "Ehrenamt")
    title = kb.by_id["engagement-mitmachen"].title
    await fake_api.wait_for(lambda: title in labels(fake_api.current(choose)), what="entries")
    await steps.tap(fake_api, kathrin, fake_api.current(choose), title)
    await fake_api.wait_for(lambda: "Hinzufügen?" in fake_api.current(choose)["text"], what="p")
    await steps.tap(fake_api, kathrin, fake_api.current(choose), "✅ Hinzufügen")
    await fake_api.wait_for(lambda: "beigebracht" in fake_api.current(choose)["text"], what="d")
    await steps.answered_with(fake_api, bob, steps.MISSED, title)


async def test_faq_changes_withdraws_and_restores_a_team_entry_visibly_for_the_team(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User
) -> None:
    shown = await steps.published_and_shown(fake_api, bot, anna, kathrin)
    changed = await steps.type_reply(
        fake_api, kathrin, "✏️ Antwort", shown, "Neue Antwort des Teams."
    )
    assert changed["text"].startswith(
        "✏️ Kathrin hat „Wie bekomme ich die Ehrenamtskarte“ geändert: Antwort."
    )
    reply = await steps.answered_with(
        fake_api, bob, steps.CARD_QUESTION, "Wie bekomme ich die Ehrenamtskarte"
    )
    assert "Neue Antwort des Teams." in reply["text"]
    await steps.tap(fake_api, kathrin, shown, "🗑 Zurückziehen")
    confirm = await steps.team_message(fake_api, lambda m: "zurückziehen?" in m["text"])
    await steps.tap(fake_api, kathrin, confirm, "Ja, zurückziehen")
    await fake_api.wait_for(lambda: "zurückgezogen" in fake_api.current(confirm)["text"], what="w")
    await fake_api.send_text(bob, steps.CARD_QUESTION)
    await steps.team_message(fake_api, lambda m: m["text"].startswith("📨 Frage Nr. 2"))
    assert db_rows(bot, "SELECT status, changed_by FROM team_entries") == [("withdrawn", "Kathrin")]
    # a button of the withdrawn entry changes nothing
    assert await steps.tap(fake_api, kathrin, shown, "✏️ Titel") == (
        "Dieser Eintrag ist nicht mehr in Betrieb."
    )
    # /faq still lists it, and it can be put back into service: nothing was deleted
    await fake_api.send_text(kathrin, "/faq", chat_id=COORDINATOR_CHAT_ID)
    listing = await steps.team_message(fake_api, lambda m: "beigebracht hat" in m["text"])
    assert "1. „Wie bekomme ich die Ehrenamtskarte“ – zurückgezogen von Kathrin" in listing["text"]
    await steps.tap(fake_api, kathrin, listing, "1")
    view = await steps.team_message(fake_api, lambda m: "Zurückgezogen: Kathrin" in m["text"])
    await steps.tap(fake_api, kathrin, view, "↩️ Wieder in Betrieb nehmen")
    await fake_api.wait_for(lambda: "wieder in Betrieb" in fake_api.current(view)["text"], what="r")
    reply = await steps.answered_with(
        fake_api, bob, steps.CARD_QUESTION, "Wie bekomme ich die Ehrenamtskarte"
    )
    assert "Neue Antwort des Teams." in reply["text"]
    assert db_rows(bot, "SELECT status FROM team_entries") == [("live",)]


@pytest.fixture
async def team_of_one(start_bot: object, kathrin: User) -> RunningBot:
    """The bot with COORDINATOR_USER_IDS: of the group's members, only Kathrin is the team."""
    return await start_bot(overrides=FAST, COORDINATOR_USER_IDS=str(kathrin.id))  # type: ignore[operator,no-any-return]


@pytest.fixture
def mallory(fake_api: FakeBotApi) -> User:
    """A member of the coordinator group who is not in the team."""
    return fake_api.user(31337, "Mallory")


async def test_only_the_team_teaches_and_forged_buttons_change_nothing(
    team_of_one: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, mallory: User,
    kb: KnowledgeBase,
) -> None:  # fmt: skip
    bot, outsider = team_of_one, mallory
    card = await ask_team(fake_api, bot, anna, steps.MISSED)
    refusal = kb.messages.get("coordinator_only")
    teach = "fq:a:t1:engagement-mitmachen"
    # a citizen forging the button in her chat, a group member not in the team
    hello = await fake_api.send_text(anna, "Hallo")
    mine = await fake_api.wait_for_message(ANNA)
    assert hello and await answer_text(fake_api, await fake_api.press(anna, mine, teach)) == refusal
    assert await answer_text(fake_api, await fake_api.press(outsider, card, teach)) == refusal
    await fake_api.send_text(outsider, "/faq", chat_id=COORDINATOR_CHAT_ID)
    await steps.team_message(fake_api, lambda m: m["text"] == refusal)
    # forged data from the team, pressed under the card (which has no such button): a ticket
    # or entry that does not exist, nonsense, the other flows' buttons; the card stays as is
    for data in (
        "fq:a:t999:engagement-mitmachen",
        "fq:a:t1:gibt-es-nicht",
        "fq:a:t1:DROP TABLE",
        "fq:c:t1:programm",
        "fq:n",
        "fq:d:1:pub",
        "fq:dt:1:kontakt",
        "fq:r:1",
        "fq:wy:engagement-mitmachen",
        "fq:ok:1",
    ):
        said = await answer_text(fake_api, await fake_api.press(kathrin, card, data))
        assert said == kb.messages.get("stale_button"), data
    assert fake_api.current(card)["text"] == card["text"]
    assert "📚 Anderer Eintrag …" in labels(fake_api.current(card))
    # a genuine button whose question is gone: the citizen deleted her data
    await delete_my_data(fake_api, anna)
    gone = await steps.tap(fake_api, kathrin, fake_api.current(card), "📚 Anderer Eintrag …")
    assert gone == "Diese Frage ist nicht mehr gespeichert (gelöscht oder anonymisiert)."
    assert db_rows(bot, "SELECT COUNT(*) FROM team_phrasings") == [(0,)]
    assert db_rows(bot, "SELECT COUNT(*) FROM team_entries") == [(0,)]


async def test_export_writes_yaml_that_supersedes_the_team_entry_on_reload(
    start_bot: object,
    fake_api: FakeBotApi,
    anna: User,
    bob: User,
    kathrin: User,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = copy_knowledge(tmp_path / "kb")
    bot = await start_bot(folder, overrides=FAST)  # type: ignore[operator]
    await steps.publish(fake_api, bot, anna, kathrin)
    out = tmp_path / "team.yaml"
    command = ["export", "--db", str(bot.settings.db_path), "--out", str(out)]
    assert await asyncio.to_thread(knowledge_main, command) == 0
    capsys.readouterr()
    [entry] = yaml.safe_load(out.read_text(encoding="utf-8"))["entries"]
    assert entry["id"] == "team-ehrenamtskarte"
    assert entry["questions"] == [steps.CARD_QUESTION] and entry["answer"] == steps.TEAM_ANSWER
    # the curator edits the answer and moves the file into the knowledge directory
    text = out.read_text(encoding="utf-8").replace(steps.TEAM_ANSWER, "Die Antwort der Redaktion.")
    (folder / "team.yaml").write_text(text, encoding="utf-8")
    assert load(folder).by_id["team-ehrenamtskarte"].answer == "Die Antwort der Redaktion."
    await fake_api.send_text(kathrin, "/neu_laden", chat_id=COORDINATOR_CHAT_ID)
    report = await steps.team_message(fake_api, lambda m: "neu geladen" in m["text"])
    assert (
        "Team-Eintrag „Wie bekomme ich die Ehrenamtskarte“ (team-ehrenamtskarte) steht jetzt in"
        " team.yaml:" in report["text"]
    )
    reply = await steps.answered_with(
        fake_api, bob, steps.CARD_QUESTION, "Wie bekomme ich die Ehrenamtskarte"
    )
    assert "Die Antwort der Redaktion." in reply["text"]
    [(status, note)] = db_rows(bot, "SELECT status, note FROM team_entries")
    assert status == "retired" and str(note).startswith("team.yaml:")
    shutil.rmtree(folder)


async def test_a_long_answer_and_many_phrasings_keep_the_draft_card_in_one_message(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User
) -> None:
    long_answer = " ".join(["Die Koordinierungsstelle hilft weiter."] * 95)  # 3,704 characters
    card = await ask_team(fake_api, bot, anna, steps.CARD_QUESTION)
    await team_replies(fake_api, kathrin, card, long_answer)
    confirm = await steps.team_message(fake_api, lambda m: "zugestellt" in m["text"])
    await steps.tap(fake_api, kathrin, confirm, "📝 Als FAQ übernehmen")
    draft = await steps.team_message(fake_api, lambda m: m["text"].startswith("📝 FAQ-Entwurf"))
    many = "\n".join(f"Frage Nummer {n} zur Ehrenamtskarte?" for n in range(1, 21))
    changed = await steps.type_reply(fake_api, kathrin, "➕ Formulierungen", draft, many)
    assert len(changed["text"]) <= 4096 and "… (+9)" in changed["text"]
    assert "Frage Nummer 20 zur Ehrenamtskarte?" in changed["text"]
    assert labels(changed)[-1] == "🗑 Verwerfen"
    [(stored, phrasings)] = db_rows(bot, "SELECT answer, phrasings FROM faq_drafts")
    assert stored == long_answer and str(phrasings).count("Frage Nummer") == 20
    await steps.tap(fake_api, kathrin, changed, "🗑 Verwerfen")
    dropped = await steps.team_message(fake_api, lambda m: "verworfen" in m["text"])
    assert dropped["text"] == "🗑 Kathrin hat den FAQ-Entwurf aus Frage Nr. 1 verworfen."
    assert db_rows(bot, "SELECT status FROM faq_drafts") == [("discarded",)]


async def test_a_group_member_outside_the_team_changes_no_draft_and_no_entry(
    team_of_one: RunningBot, fake_api: FakeBotApi, anna: User, kathrin: User, mallory: User,
    kb: KnowledgeBase,
) -> None:  # fmt: skip
    draft = await steps.draft_of_answer(fake_api, team_of_one, anna, kathrin)
    for label in ("✅ Veröffentlichen", "🗑 Verwerfen", "✏️ Titel"):
        said = await steps.tap(fake_api, mallory, draft, label)
        assert said == kb.messages.get("coordinator_only"), label
    # Kathrin asks for a title; Mallory answers the bot's question: nothing happens
    await steps.tap(fake_api, kathrin, draft, "✏️ Titel")
    asked = await steps.team_message(fake_api, lambda m: "Bitte antworten Sie" in m["text"])
    await fake_api.send_text(mallory, "Gehackt", reply_to=asked, chat_id=COORDINATOR_CHAT_ID)
    await fake_api.send_text(kathrin, "Ehrenamtskarte", reply_to=asked, chat_id=COORDINATOR_CHAT_ID)
    card = await steps.team_message(fake_api, lambda m: m["text"].startswith("✏️ Kathrin"))
    assert "Titel: Ehrenamtskarte\n" in card["text"] and "Gehackt" not in card["text"]
    # neither typed value reached the citizen
    assert not any(
        t in m["text"] for m in fake_api.sent_to(ANNA) for t in ("Gehackt", "Ehrenamtskarte\n")
    )
    assert [m["text"].split("\n")[0] for m in fake_api.sent_to(ANNA)][-1].startswith(
        "Antwort vom Team"
    )
    assert db_rows(team_of_one, "SELECT title, status FROM faq_drafts") == [
        ("Ehrenamtskarte", "open")
    ]


async def test_a_changed_answer_that_looks_personal_waits_for_confirmation(
    bot: RunningBot, fake_api: FakeBotApi, anna: User, bob: User, kathrin: User
) -> None:
    shown = await steps.published_and_shown(fake_api, bot, anna, kathrin)
    personal = "Rufen Sie Herrn Schulze unter 0171 2345678 an."
    warning = await steps.type_reply(fake_api, kathrin, "✏️ Antwort", shown, personal)
    assert warning["text"].startswith(
        "⚠️ Noch nicht geändert: Der Text enthält vielleicht persönliche Daten"
        " (Telefonnummer, Name)."
    )
    reply = await steps.answered_with(
        fake_api, bob, steps.CARD_QUESTION, "Wie bekomme ich die Ehrenamtskarte"
    )
    assert steps.TEAM_ANSWER in reply["text"]  # still the old answer
    await steps.tap(fake_api, kathrin, warning, "⚠️ Trotzdem übernehmen")
    await steps.team_message(fake_api, lambda m: "geändert: Antwort" in m["text"])
    reply = await steps.answered_with(
        fake_api, bob, steps.CARD_QUESTION, "Wie bekomme ich die Ehrenamtskarte"
    )
    assert personal in reply["text"]
