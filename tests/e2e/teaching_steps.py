"""The team's steps of teaching the bot (publishing an answer, teaching a phrasing, /faq),
and a citizen's question answered from what was taught, for the end-to-end tests."""

from __future__ import annotations

from fake_bot_api import FakeBotApi, JSONDict, User
from handoff_steps import ask_team, relayed, team_replies
from harness import ANNA, COORDINATOR_CHAT_ID, RunningBot, answer_text, labels

# A question the bundled knowledge base cannot answer, and the team's answer to it (test
# data: the team's words, not a fact of the knowledge base).
CARD_QUESTION = "Wie bekomme ich die Ehrenamtskarte?"
TEAM_ANSWER = (
    "Die Ehrenamtskarte beantragen Sie bei der Koordinierungsstelle der Engagierten Stadt."
)
# A question that went to the team although an entry (engagement-mitmachen) answers it.
MISSED = "Ich möchte meine Zeit für andere einsetzen, wohin wende ich mich?"


async def team_message(fake: FakeBotApi, predicate: object) -> JSONDict:
    return await fake.wait_for_message(COORDINATOR_CHAT_ID, predicate)  # type: ignore[arg-type]


async def tap(fake: FakeBotApi, member: User, message: JSONDict, label: str) -> str:
    """A team member taps a button; returns the pop-up text ("" if none)."""
    query = await fake.press(member, message, FakeBotApi.button_data(message, label))
    return await answer_text(fake, query)


async def type_reply(
    fake: FakeBotApi, member: User, label: str, card: JSONDict, text: str
) -> JSONDict:
    """Tap `label` on a card, answer the bot's question with `text`; the bot's next message."""
    await tap(fake, member, card, label)
    asked = await team_message(
        fake, lambda m: "Bitte antworten Sie auf diese Nachricht" in m["text"]
    )
    [sent] = [
        c
        for c in fake.calls_to("sendMessage")
        if c.response and c.response.get("result", {}).get("message_id") == asked["message_id"]
    ]
    assert sent.params["reply_markup"]["force_reply"] is True  # the reply field opens
    await fake.send_text(member, text, reply_to=asked, chat_id=COORDINATOR_CHAT_ID)
    return await fake.wait_for_message(COORDINATOR_CHAT_ID, after=asked["message_id"] + 1)


async def draft_of_answer(fake: FakeBotApi, bot: RunningBot, anna: User, kathrin: User) -> JSONDict:
    """Anna asks CARD_QUESTION, Kathrin answers, taps "Als FAQ übernehmen": the draft."""
    card = await ask_team(fake, bot, anna, CARD_QUESTION)
    await team_replies(fake, kathrin, card, TEAM_ANSWER)
    await relayed(fake, ANNA, TEAM_ANSWER)
    confirm = await team_message(fake, lambda m: "zugestellt" in m["text"])
    assert await tap(fake, kathrin, confirm, "📝 Als FAQ übernehmen") == ""
    return await team_message(fake, lambda m: m["text"].startswith("📝 FAQ-Entwurf"))


async def publish(fake: FakeBotApi, bot: RunningBot, anna: User, kathrin: User) -> JSONDict:
    """A draft of CARD_QUESTION published under the topic "Ehrenamt" as it was proposed."""
    draft = await draft_of_answer(fake, bot, anna, kathrin)
    await pick_topic(fake, kathrin, draft)
    await tap(fake, kathrin, fake.current(draft), "✅ Veröffentlichen")
    return await team_message(fake, lambda m: "veröffentlicht" in m["text"])


async def published_and_shown(
    fake: FakeBotApi, bot: RunningBot, anna: User, kathrin: User
) -> JSONDict:
    """CARD_QUESTION published; /faq lists it first, and its number shows it."""
    await publish(fake, bot, anna, kathrin)
    await fake.send_text(kathrin, "/faq", chat_id=COORDINATOR_CHAT_ID)
    listing = await team_message(fake, lambda m: "beigebracht hat" in m["text"])
    assert "1. „Wie bekomme ich die Ehrenamtskarte“ – veröffentlicht von Kathrin" in listing["text"]
    await tap(fake, kathrin, listing, "1")
    return await team_message(fake, lambda m: "Vom Team veröffentlicht" in m["text"])


async def pick_topic(fake: FakeBotApi, member: User, draft: JSONDict) -> None:
    """ "🗂 Thema", then "Ehrenamt": the topics replace the draft's buttons, then it is back."""
    await tap(fake, member, draft, "🗂 Thema")
    await fake.wait_for(lambda: "Ehrenamt" in labels(fake.current(draft)), what="topics")
    await tap(fake, member, fake.current(draft), "Ehrenamt")
    await fake.wait_for(lambda: "✅ Veröffentlichen" in labels(fake.current(draft)), what="card")


async def answered_with(fake: FakeBotApi, user: User, question: str, title: str) -> JSONDict:
    """The citizen asks; the bot's first reply, which must be the entry titled `title`."""
    await fake.send_text(user, question)
    reply = await fake.wait_for_message(user.id)
    assert FakeBotApi.entity_texts(reply, "bold")[:1] == [title], (question, reply["text"])
    return reply
