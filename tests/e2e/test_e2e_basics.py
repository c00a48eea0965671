"""End to end: the real Application polls the fake Bot API over HTTP, on the bundled knowledge
base; the tests assert what a citizen would see in Telegram.

Expected texts come from the loaded knowledge base; the fake turns the bot's HTML back into
plain text and entities, as Telegram does. After every test: no handler error, no API call
Telegram would have refused, and every pressed button answered.
"""

from __future__ import annotations

import json

import pytest
from fake_bot_api import FakeBotApi, JSONDict, User
from harness import ANNA, COORDINATOR_CHAT_ID, labels, say

from knowledge import KnowledgeBase, Matcher, Outcome

JBZ_QUESTION = "Was ist das Jugend.Berufs.Zentrum?"
AMBIGUOUS_QUESTION = "Partner"  # the partners of businesses, associations, Eichenhof: SUGGEST
UNANSWERABLE_QUESTION = "Wo verlängere ich meinen Personalausweis?"
OFFICE_EMAIL = "engagiertestadt@dessau-rosslau.de"
pytestmark = pytest.mark.usefixtures("bot", "clean_run")


async def ask(fake: FakeBotApi, user: User, text: str) -> JSONDict:
    """The user writes `text`; the bot's (last) reply, the one carrying buttons if any."""
    await fake.send_text(user, text)
    first = await fake.wait_for_message(user.id)
    if first.get("reply_markup"):
        return first
    return await fake.wait_for_message(user.id, lambda m: bool(m.get("reply_markup")), 0.3)


async def test_start_greets_by_name_with_the_main_menu_and_commands_are_published(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    reply = await say(fake_api, anna, "/start")
    assert reply["text"] == kb.messages.get("welcome", "de", name=", Anna").strip()
    assert reply["text"].startswith("Guten Tag, Anna!")
    menu = [kb.by_id[entry_id] for entry_id in kb.messages.menu]
    signup = (kb.messages.get("signup_menu_button", "de"), "signup")
    assert FakeBotApi.buttons(reply) == [(e.title, f"kb:{e.id}") for e in menu] + [signup]
    assert [len(row) for row in reply["reply_markup"]["inline_keyboard"]] == [2, 2, 2, 1]
    german = fake_api.commands[("default", "")]
    english = fake_api.commands[("default", "en")]
    assert {
        "start", "mitmachen", "frage", "hilfe", "kontakt", "meinedaten", "loeschen", "abbrechen",
        "termine", "abos",
    } <= {c["command"] for c in german}  # fmt: skip
    english_help = next(c for c in english if c["command"] == "help")
    assert english_help["description"] == kb.messages.get("command_help", "en")
    assert "hilfe" not in {c["command"] for c in english}
    assert "mitmachen" in {c["command"] for c in english}
    team_scope = json.dumps({"chat_id": COORDINATOR_CHAT_ID, "type": "chat"}, sort_keys=True)
    team = fake_api.commands[(team_scope, "")]
    assert {c["command"] for c in team} == {
        "offen", "statistik", "faq", "anmeldungen", "export", "termin_neu", "termin_aendern",
        "termin_absagen", "neu_laden",
    }  # fmt: skip


async def test_a_question_gets_the_entry_with_bold_title_and_buttons(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    jbz = kb.by_id["bildung-jbz"]
    reply = await ask(fake_api, anna, JBZ_QUESTION)
    assert reply["text"].startswith("Jugend.Berufs.Zentrum\n\n")
    assert FakeBotApi.entity_texts(reply, "bold") == ["Jugend.Berufs.Zentrum"]
    assert jbz.answer.strip() in reply["text"]
    escape = kb.messages.get("not_it_team", "de")
    assert labels(reply) == [kb.by_id[other].title for other in jbz.related] + [escape, "Hauptmenü"]


async def test_menu_buttons_show_entries_and_lead_back_to_the_menu(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    greeting = await say(fake_api, anna, "/start")
    await fake_api.press(anna, greeting, "kb:engagement-mitmachen")
    entry = await fake_api.wait_for_message(ANNA, lambda m: bool(m.get("reply_markup")))
    assert FakeBotApi.entity_texts(entry, "bold") == ["Wie kann ich mitmachen?"]
    await fake_api.press(anna, entry, FakeBotApi.button_data(entry, "Hauptmenü"))
    menu = await fake_api.wait_for_message(ANNA)
    assert menu["text"] == kb.messages.get("welcome", "de", name="").strip()
    assert FakeBotApi.buttons(menu) == FakeBotApi.buttons(greeting)


async def test_an_ambiguous_question_offers_choices_and_a_choice_answers(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    decision = Matcher(kb).ask(AMBIGUOUS_QUESTION)
    assert decision.outcome is Outcome.SUGGEST, "pick another AMBIGUOUS_QUESTION"
    choices = [candidate.entry for candidate in decision.candidates]

    suggestions = await say(fake_api, anna, AMBIGUOUS_QUESTION)
    assert suggestions["text"] == kb.messages.get("did_you_mean", "de")
    assert suggestions["text"].startswith("Ich bin nicht ganz sicher, was Sie meinen. Meinten Sie")
    ask_team = kb.messages.get("none_of_these_team", "de")
    assert labels(suggestions) == [e.title for e in choices] + [ask_team]

    query_id = await fake_api.press(anna, suggestions, f"kb:{choices[0].id}")
    answer = await fake_api.wait_for_message(ANNA, lambda m: bool(m.get("reply_markup")))
    assert FakeBotApi.entity_texts(answer, "bold") == [choices[0].title]
    assert choices[0].answer.strip()[:200] in answer["text"]
    assert fake_api.answered_callbacks[query_id].get("text") is None  # no alert, just answered

    # "Keine davon – Frage an das Team": the question goes to the team, the citizen is told
    await fake_api.press(anna, suggestions, FakeBotApi.button_data(suggestions, ask_team))
    ack = await fake_api.wait_for_message(ANNA)
    assert ack["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    assert AMBIGUOUS_QUESTION in card["text"]


@pytest.mark.parametrize("kind", ["sticker", "photo", "video", "document", "voice", "location"])
async def test_non_text_messages_ask_for_text(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, kind: str
) -> None:
    await fake_api.send_non_text(anna, kind)
    reply = await fake_api.wait_for_message(ANNA)
    assert reply["text"] == kb.messages.get("non_text", "de")


async def caption_replies(
    fake: FakeBotApi, user: User, kind: str, caption: str, note: str
) -> JSONDict:
    """The user sends a `kind` with `caption`: the first reply must be `note` (only the words
    are read); returns the reply after it."""
    await fake.send_non_text(user, kind, caption=caption)
    first = await fake.wait_for_message(user.id)
    assert first["text"] == note
    return await fake.wait_for_message(user.id, after=first["message_id"])


async def test_a_caption_is_the_question_and_the_attachment_is_not_read(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    note = kb.messages.get("attachment_not_read", "de")
    assert note == "Ich lese nur Ihren Text – Bilder, Dateien und Videos kann ich nicht ansehen."
    # A screenshot with the question under it: answered as if typed.
    answer = await caption_replies(fake_api, anna, "photo", "Was ist das JBZ?", note)
    assert FakeBotApi.entity_texts(answer, "bold") == [kb.by_id["bildung-jbz"].title]
    assert kb.by_id["bildung-jbz"].answer.strip() in answer["text"]
    # Unsure: the choices, as for text.
    suggestions = await caption_replies(fake_api, anna, "video", AMBIGUOUS_QUESTION, note)
    assert suggestions["text"] == kb.messages.get("did_you_mean", "de")
    # A date question: the events.
    events = await caption_replies(fake_api, anna, "photo", "Was ist am Wochenende los?", note)
    assert "Termine" in events["text"]
    # Unanswerable: the caption goes to the team, the scan does not.
    ack = await caption_replies(fake_api, anna, "document", UNANSWERABLE_QUESTION, note)
    assert ack["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    assert UNANSWERABLE_QUESTION in card["text"]
    sent_to_team = [
        call.method
        for call in fake_api.calls
        if str(call.params.get("chat_id")) == str(COORDINATOR_CHAT_ID)
    ]
    assert set(sent_to_team) == {"sendMessage"}  # no forward, copy, photo or document
    # An English caption gets English.
    ben = fake_api.user(5151, "Ben", language_code="en")
    note_en = kb.messages.get("attachment_not_read", "en")
    answer = await caption_replies(fake_api, ben, "photo", "What is the JBZ?", note_en)
    assert kb.by_id["bildung-jbz"].answer_in("en").strip() in answer["text"]


async def test_an_unanswerable_question_is_handed_to_the_coordination_office(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    reply = await say(fake_api, anna, UNANSWERABLE_QUESTION)
    assert reply["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    assert "reply_markup" not in reply
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    assert card["text"].startswith("📨 Frage Nr. 1\nvon Anna")
    assert UNANSWERABLE_QUESTION in card["text"]


@pytest.mark.parametrize("data", ["kb:does-not-exist", "garbage"])
async def test_forged_button_data_gets_a_gentle_alert_and_nothing_else(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, data: str
) -> None:
    greeting = await say(fake_api, anna, "/start")
    before = len(fake_api.sent_to(ANNA))
    query_id = await fake_api.press(anna, greeting, data)
    await fake_api.wait_for(lambda: query_id in fake_api.answered_callbacks, what="the answer")
    answer = fake_api.answered_callbacks[query_id]
    assert answer["text"] == kb.messages.get("stale_button", "de")
    assert answer["show_alert"] is True
    # Updates are handled in order: once /hilfe is answered, the press has been handled fully.
    help_reply = await say(fake_api, anna, "/hilfe")
    assert fake_api.sent_to(ANNA)[before:] == [help_reply]


async def test_html_and_markdown_characters_in_a_question_cause_no_api_error(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    text = "<script>alert('x')</script> & *fett* _kursiv_ [link](http://x) `code` </b> &amp"
    reply = await say(fake_api, anna, text)
    assert reply["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    assert text in card["text"]  # shown to the team as written, not as formatting
    assert FakeBotApi.entity_texts(card, "bold") == []
    assert fake_api.api_errors == []


@pytest.mark.parametrize("text", ["🙂👍🎉", "?!…"])
async def test_a_message_without_words_asks_for_words(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, text: str
) -> None:
    reply = await say(fake_api, anna, text)
    assert reply["text"] == kb.messages.get("no_words", "de")


@pytest.mark.parametrize(("text", "entry"), [("👍🏼", "smalltalk-ok"), ("🙏", "smalltalk-danke")])
async def test_an_emoji_that_says_something_is_answered_like_the_words(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, text: str, entry: str
) -> None:
    reply = await say(fake_api, anna, text)
    assert reply["text"].startswith(kb.by_id[entry].answer.strip().split("\n")[0][:40])


async def test_an_english_question_is_answered_in_english(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    entry = kb.by_id["engagement-mitmachen"]
    assert entry.title_en and entry.answer_en
    reply = await ask(fake_api, anna, "How can I volunteer?")
    assert FakeBotApi.entity_texts(reply, "bold") == [entry.title_en]
    assert entry.answer_en.strip() in reply["text"]
    assert labels(reply)[-1] == "Main menu"


async def test_short_questions_get_the_language_they_are_written_in(
    fake_api: FakeBotApi, anna: User, ben: User, kb: KnowledgeBase
) -> None:
    history = kb.by_id["programm-geschichte"]
    reply = await ask(fake_api, anna, "Who runs it?")  # Anna's Telegram is German
    assert FakeBotApi.entity_texts(reply, "bold") == [history.title_in("en")]
    # As English as it is German: the language the person wrote last decides, else Telegram's.
    mixed = "Any Events für Jugendliche?"
    assert (await ask(fake_api, anna, mixed))["text"] == kb.messages.get("did_you_mean", "en")
    assert (await ask(fake_api, ben, mixed))["text"] == kb.messages.get("did_you_mean", "de")
    bea = fake_api.user(6161, "Bea", language_code="en")
    assert (await ask(fake_api, bea, mixed))["text"] == kb.messages.get("did_you_mean", "en")
    # English loanwords in a German question: German, whatever Telegram says.
    ack = await say(fake_api, bea, "Wo ist das Team?")  # nothing in the KB: to the team
    assert ack["text"] == kb.messages.get("ticket_created", "de", number=1).strip()


async def test_a_very_long_message_is_read_and_answered(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    text = ("Ich möchte mich ehrenamtlich engagieren und suche Weiterbildung. " * 160)[:10_000]
    reply = await say(fake_api, anna, text)
    # the first thousand characters are read: volunteering, offered first (the message asks
    # about further training too, so the bot is torn and asks)
    assert reply["text"] == kb.messages.get("did_you_mean", "de")
    assert labels(reply)[0] == kb.by_id["engagement-mitmachen"].title


@pytest.mark.parametrize(
    ("command", "expected"),
    [("/hilfe", "help"), ("/help", "help"), ("/kontakt", "contact"), ("/abc", "unknown")],
)
async def test_commands(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, command: str, expected: str
) -> None:
    reply = await say(fake_api, anna, command)
    if expected == "contact":
        contact = kb.by_id["kontakt-koordinierungsstelle"]
        assert FakeBotApi.entity_texts(reply, "bold") == [contact.title]
        assert OFFICE_EMAIL in reply["text"]
    else:
        key = {"help": "help", "unknown": "unknown_command"}[expected]
        assert reply["text"] == kb.messages.get(key, "de").strip()


async def test_an_english_telegram_gets_english_greeting_menu_and_help(
    fake_api: FakeBotApi, kb: KnowledgeBase
) -> None:
    bob = fake_api.user(4343, "Bob", language_code="en-GB")
    greeting = await say(fake_api, bob, "/start")
    assert greeting["text"] == kb.messages.get("welcome", "en", name=", Bob").strip()
    menu = [kb.by_id[entry_id] for entry_id in kb.messages.menu]
    assert labels(greeting)[: len(menu)] == [e.title_en or e.title for e in menu]
    help_reply = await say(fake_api, bob, "/help")
    assert help_reply["text"] == kb.messages.get("help", "en").strip()
