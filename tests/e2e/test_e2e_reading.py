"""End to end: messages as people write them (a greeting first, a letter, two questions, the
past, a detail the knowledge base does not hold), "Das passt nicht" under an answer, and a
long question reaching the team whole; through the real Application and the fake Bot API.
"""

from __future__ import annotations

import pytest
from fake_bot_api import FakeBotApi, JSONDict, User
from harness import ANNA, COORDINATOR_CHAT_ID, replies

from knowledge import KnowledgeBase

pytestmark = pytest.mark.usefixtures("bot", "clean_run")


def title(message: JSONDict) -> list[str]:
    return FakeBotApi.entity_texts(message, "bold")


async def one_ticket(
    fake_api: FakeBotApi, kb: KnowledgeBase, ack: JSONDict, question: str
) -> JSONDict:
    """The team's one card for `question`, after the citizen's acknowledgement of ticket 1."""
    assert ack["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    card = await fake_api.wait_for_message(COORDINATOR_CHAT_ID)
    assert question in card["text"]
    assert len(fake_api.sent_to(COORDINATOR_CHAT_ID)) == 1
    return card


async def test_a_greeting_first_does_not_hide_the_question(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, "Hallo, was ist die Engagierte Stadt?")
    [answer] = await replies(fake_api, ANNA, 1)
    assert title(answer) == [kb.by_id["programm-was-ist"].title]  # the answer, not "Hallo!"


@pytest.mark.parametrize(
    ("letter", "entry"),
    [
        (
            "Sehr geehrte Damen und Herren,\n\nich möchte mich gern ehrenamtlich engagieren. "
            "Wie geht das?\n\nMit freundlichen Grüßen\nErika Muster",
            "engagement-mitmachen",
        ),
        # what a thing named the sentence before is: that thing's entry
        (
            "Liebes Team,\n\nich bin vor einem halben Jahr Mama geworden. Eine Hebamme "
            "erwähnte „Frühe Bildung, Frühe Chancen“. Was genau ist das?\n\nViele Grüße\nLaura",
            "bildung-fruehe-chancen",
        ),
    ],
)
async def test_a_letter_is_answered_and_the_name_under_it_is_no_question(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, letter: str, entry: str
) -> None:
    await fake_api.send_text(anna, letter)
    [answer] = await replies(fake_api, ANNA, 1)
    assert title(answer) == [kb.by_id[entry].title]


async def test_three_questions_in_one_message_get_three_replies_in_order(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(
        anna, "Was ist das JBZ und wie kann ich mich anmelden und wann ist das nächste Treffen?"
    )
    jbz, signup, events = await replies(fake_api, ANNA, 3)
    assert title(jbz) == [kb.by_id["bildung-jbz"].title]
    assert title(signup) == [kb.by_id["assistent-anmeldung"].title]
    assert "Termine" in events["text"]
    assert fake_api.sent_to(COORDINATOR_CHAT_ID) == []  # all of it answered: no ticket


async def test_a_question_about_the_past_gets_history_not_the_calendar(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, "Was war im November?")
    [answer] = await replies(fake_api, ANNA, 1)
    assert title(answer) == [kb.by_id["veranstaltung-dialog"].title]
    assert "November 2020" in answer["text"]


@pytest.mark.parametrize(
    ("question", "entry", "note"),
    [
        # a detail the entry does not hold: the entry, a note and one ticket
        ("Was kostet die Beratung im JBZ?", "bildung-jbz", "detail_missing_cost"),
        # no entry holds a volunteer's insurance: the answer to the first question, no note,
        # and the whole message on one ticket
        ("Was ist die Engagierte Stadt? Und ist man da versichert?", "programm-was-ist", None),
    ],
)
async def test_what_no_entry_holds_goes_on_one_ticket_beside_the_answer(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, question: str, entry: str, note: str | None
) -> None:
    await fake_api.send_text(anna, question)
    got = await replies(fake_api, ANNA, 3 if note else 2)
    answer, ack = got[0], got[-1]
    assert title(answer) == [kb.by_id[entry].title]
    assert "Euro" not in answer["text"] and "kostenlos" not in answer["text"]
    if note:
        assert got[1]["text"] == kb.messages.get(note, "de")
    card = await one_ticket(fake_api, kb, ack, question)
    assert "Nr. 1" in card["text"]


async def test_what_the_next_event_costs_gets_the_events_a_note_and_a_ticket(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    # the events show when and where, not what it costs: that goes to the team
    question = "Was kostet der Eintritt beim nächsten Treffen?"
    await fake_api.send_text(anna, question)
    events, note, ack = await replies(fake_api, ANNA, 3)
    assert "Termine" in events["text"]
    assert note["text"] == kb.messages.get("detail_missing_cost", "de")
    await one_ticket(fake_api, kb, ack, question)


async def test_whom_to_tell_about_a_broken_street_lamp_goes_to_the_team_not_the_office(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    # alone, "Wo melde ich das?" is the sign-up's wording; after a story the knowledge base
    # knows nothing of it is a municipal matter: the ticket, not the office's phone number
    question = "Die Straßenlaterne vor unserem Haus ist seit zwei Wochen kaputt. Wo melde ich das?"
    await fake_api.send_text(anna, question)
    [ack] = await replies(fake_api, ANNA, 1)
    await one_ticket(fake_api, kb, ack, question)
    assert len(fake_api.replies(ANNA)) == 1  # no answer from the knowledge base beside it


async def test_das_passt_nicht_sends_the_question_to_the_team_once_and_counts_it(
    fake_api: FakeBotApi, anna: User, coordinator: User, kb: KnowledgeBase
) -> None:
    question = "Was ist das Jugend.Berufs.Zentrum?"
    await fake_api.send_text(anna, question)
    [answer] = await replies(fake_api, ANNA, 1)
    escape = FakeBotApi.button_data(answer, kb.messages.get("not_it_team", "de"))
    await fake_api.press(anna, answer, escape)
    ack = await fake_api.wait_for_message(ANNA)
    card = await one_ticket(fake_api, kb, ack, question)
    assert kb.by_id["bildung-jbz"].title in card["text"]  # what the bot had answered
    again = await fake_api.press(anna, answer, escape)  # a second tap: no second ticket
    await fake_api.wait_for(lambda: again in fake_api.answered_callbacks, what="second tap")
    assert fake_api.answered_callbacks[again]["text"] == kb.messages.get("question_expired", "de")
    await fake_api.send_text(coordinator, "/statistik", chat_id=COORDINATOR_CHAT_ID)
    stats = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "Statistik" in m["text"])
    week = stats["text"].split("📊")[1]
    assert "Fragen gestellt: 1" in week
    assert "direkt aus der Wissensbasis beantwortet: 0 (0%)" in week
    assert "nach „Das passt nicht“: 1" in week
    assert "1× Was ist das Jugend.Berufs.Zentrum?" in week


@pytest.mark.parametrize(("length", "messages"), [(3500, 1), (4090, 2)])
async def test_a_long_question_reaches_the_team_whole_in_as_many_cards_as_it_needs(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase, length: int, messages: int
) -> None:
    sentence = "Ich wohne in Ziebigk und kümmere mich um meine Mutter, die Hilfe braucht. "
    ending = " Wer hilft mir beim Ausfüllen von Anträgen beim Amt?"
    question = (sentence * 60)[: length - len(ending)] + ending
    assert len(question) == length
    await fake_api.send_text(anna, question)
    ack = await fake_api.wait_for_message(ANNA)
    assert ack["text"] == kb.messages.get("ticket_created", "de", number=1).strip()
    await fake_api.wait_for(
        lambda: "reply_markup" in (fake_api.sent_to(COORDINATOR_CHAT_ID) or [{}])[-1],
        what="the card with its buttons",
    )
    parts = fake_api.sent_to(COORDINATOR_CHAT_ID)
    assert len(parts) == messages
    assert all("reply_markup" not in part for part in parts[:-1])
    whole = " ".join(part["text"] for part in parts)
    assert " ".join(question.split()) in " ".join(whole.split())  # not a word cut off


async def test_the_last_question_kept_for_das_passt_nicht_is_shown_in_meinedaten(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    question = "Was ist das Jugend.Berufs.Zentrum? <b>&"
    await fake_api.send_text(anna, question)
    await replies(fake_api, ANNA, 1)
    await fake_api.send_text(anna, "/meinedaten")
    shown = await fake_api.wait_for_message(ANNA)
    expected = kb.messages.get("data_last_question", "de", question=question)
    assert expected in shown["text"]  # shown as written: "<b>&" is text, not markup
    # a question that goes to the team needs no escape: the kept one is forgotten
    await fake_api.send_text(anna, "Wo verlängere ich meinen Personalausweis?")
    await replies(fake_api, ANNA, 1)
    await fake_api.send_text(anna, "/meinedaten")
    shown = await fake_api.wait_for_message(ANNA)
    assert "Jugend.Berufs.Zentrum" not in shown["text"]


async def test_a_cost_asked_after_a_question_is_answered_with_the_note_and_a_ticket(
    fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await fake_api.send_text(anna, "Was ist das JBZ? Was kostet das?")
    await fake_api.wait_for_message(COORDINATOR_CHAT_ID)  # the cost goes to the team
    texts = [m.get("text", "") for m in fake_api.replies(ANNA)]
    assert any(kb.by_id["bildung-jbz"].title in text for text in texts)
