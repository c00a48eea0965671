"""Citizens, team members and the steps of a question to the team, for the end-to-end tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable

import harness
from fake_bot_api import FakeBotApi, JSONDict, User
from harness import COORDINATOR_CHAT_ID, RunningBot

BOB, KATHRIN = harness.BOB, harness.COORDINATOR  # conftest's bob and kathrin
UNANSWERABLE = "Wo verlängere ich meinen Personalausweis?"
FAST = {"retry_base": 0.05}  # retries after 50 ms instead of 2 s


async def ask_team(
    fake: FakeBotApi, bot: RunningBot, user: User, text: str = UNANSWERABLE
) -> JSONDict:
    """The citizen asks something the KB cannot answer; returns the card the team gets, once
    the bot has recorded which ticket it belongs to (a person replies seconds later; a test
    could otherwise reply before the bot has written the link)."""
    await fake.send_text(user, text)
    card = await fake.wait_for_message(COORDINATOR_CHAT_ID, lambda m: text in m["text"])
    await recorded(fake, bot, COORDINATOR_CHAT_ID, card)
    return card


async def recorded(fake: FakeBotApi, bot: RunningBot, chat_id: int, message: JSONDict) -> None:
    """Wait until the bot has linked this message of `chat_id` to its ticket."""
    db = bot.settings.db_path
    sql = "SELECT COUNT(*) FROM message_links WHERE chat_id = ? AND message_id = ?"

    def linked() -> bool:
        with sqlite3.connect(db) as conn:
            return conn.execute(sql, (chat_id, message["message_id"])).fetchone()[0] == 1

    await fake.wait_for(linked, what=f"message {message['message_id']} linked to its ticket")


async def team_replies(fake: FakeBotApi, member: User, to: JSONDict, text: str) -> int:
    """A team member answers by replying to a message in the coordinator chat; returns the
    update's id (for `fake.edit_text`)."""
    return await fake.send_text(member, text, reply_to=to, chat_id=COORDINATOR_CHAT_ID)


async def answered(
    fake: FakeBotApi, bot: RunningBot, citizen: User, member: User, text: str
) -> tuple[JSONDict, int, JSONDict]:
    """The citizen asks the team, a member replies to the card with `text`, the citizen gets
    it and the team the confirmation; returns the card, the reply's update id (for
    `fake.edit_text`) and the confirmation."""
    card = await ask_team(fake, bot, citizen)
    reply = await team_replies(fake, member, card, text)
    await relayed(fake, citizen.id, text)
    confirm = await fake.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "✅" in m["text"])
    return card, reply, confirm


async def relayed(fake: FakeBotApi, chat_id: int, words: str) -> JSONDict:
    """The team's answer containing `words`, as the citizen receives it."""
    return await fake.wait_for_message(
        chat_id, lambda m: m["text"].startswith("Antwort vom Team") and words in m["text"]
    )


async def delete_my_data(fake: FakeBotApi, user: User) -> None:
    """The citizen deletes everything about them: /loeschen, then "Ja, alles löschen"."""
    await fake.send_text(user, "/loeschen")
    question = await fake.wait_for_message(user.id, lambda m: "reply_markup" in m)
    yes = FakeBotApi.button_data(question, "🗑 Ja, alles löschen")
    query = await fake.press(user, question, yes)
    await fake.wait_for(lambda: query in fake.answered_callbacks, what="data deleted")


def db_rows(bot: RunningBot, sql: str) -> list[tuple[object, ...]]:
    """Rows of the bot's database, read with plain sqlite3 (the file is in WAL mode)."""
    with sqlite3.connect(bot.settings.db_path) as conn:
        return conn.execute(sql).fetchall()


async def fast_bot(start_bot: Callable[..., Awaitable[RunningBot]]) -> RunningBot:
    """The bot with fast retries (the tests use it as their `bot` fixture)."""
    return await start_bot(overrides=FAST)
