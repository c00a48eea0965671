"""The sign-up flow as a volunteer goes through it, for the end-to-end tests: who signs up,
what she answers, how she taps, and how the database is read back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from fake_bot_api import FakeBotApi, JSONDict, User
from harness import COORDINATOR_CHAT_ID, RunningBot, labels, say

from knowledge import KnowledgeBase

VOLUNTEER = 5_550_123_987  # distinctive: found by a text search in any column
NAME = "Anna <Musterfrau> & Co"  # HTML characters: escaped in every message
EMAIL = "anna.beispiel@example.org"
NOTE = "Ich organisiere gern Nachbarschaftsfeste."
NEXT = "Weiter ➡️"
AGREE = "✅ Ich stimme zu"
SUBMIT = "✅ Absenden"
EDIT = "✏️ Ändern"
CANCEL = "✖️ Abbrechen"


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


def volunteer(fake_api: FakeBotApi) -> User:
    """The volunteer of the sign-up tests, Telegram in German (a distinctive user id); the
    tests use it as their `anna` fixture."""
    return fake_api.user(VOLUNTEER, "Anna", username="anna_dessau", language_code="de")


async def nothing_kept(
    fake: FakeBotApi, user: User, running: RunningBot, kb: KnowledgeBase, command: str,
    *tables: str,
) -> None:  # fmt: skip
    """Nothing of the person is left in `tables`, and `command` (/meinedaten, /loeschen) says
    that the bot keeps nothing about them."""
    for table in tables:
        assert count(running, table) == 0, table
    reply = await say(fake, user, command)
    assert reply["text"] == kb.messages.get("data_none", "de")
