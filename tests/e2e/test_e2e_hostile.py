"""End to end: hostile and odd input, more than fifty kinds. Every one gets a sensible reply
or is ignored; never an API error, never a handler error (a traceback), never the apology
for an error. Through the real Application and the fake Bot API.

Each kind is sent on its own and the test waits until the bot has handled every update it
sent (the update processor counts them), so "ignored" is checked after the bot has looked,
not after a pause.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from fake_bot_api import FakeBotApi, JSONDict, User
from handoff_steps import db_rows
from harness import ANNA, COORDINATOR_CHAT_ID, RunningBot, answer_text

from knowledge import KnowledgeBase
from knowledge.model import LANGUAGES
from runtime.concurrency import PerChatUpdateProcessor

pytestmark = pytest.mark.usefixtures("clean_run")

STRANGERS = -100555  # a group strangers added the bot to
CHANNEL = {"id": -100777, "type": "channel", "title": "Ein Kanal"}
OTHER_BOT = {"id": 999, "is_bot": True, "first_name": "Anderer Bot", "username": "other_bot"}
REPLY, IGNORED, POPUP = "reply", "ignored", "popup"
# what the reply to a text without words must say: that the bot reads questions
NOT_A_QUESTION: dict[str, Callable[[str], bool]] = {
    "zero-width space only": lambda reply: "Frage" in reply or "Text" in reply
}


@dataclass(frozen=True)
class Kind:
    """One kind of hostile input: how it is sent (returns how many updates), where to look,
    and what must happen there."""

    name: str
    send: Callable[[FakeBotApi, User], Awaitable[int]]
    expect: str = REPLY
    chat: int = ANNA
    check: Callable[[str], bool] | None = None  # on the reply's text
    answer: str | None = None  # the entry whose answer the reply must be
    says: str | None = None  # the message key of the reply or pop-up ("stale_button")


def text(words: str, **options: object) -> Callable[[FakeBotApi, User], Awaitable[int]]:
    async def send(fake: FakeBotApi, user: User) -> int:
        await fake.send_text(user, words, **options)  # type: ignore[arg-type]
        return 1

    return send


def raw(
    update: Callable[[FakeBotApi, User], JSONDict],
) -> Callable[[FakeBotApi, User], Awaitable[int]]:
    async def send(fake: FakeBotApi, user: User) -> int:
        await fake.send_update(update(fake, user))
        return 1

    return send


def message_in(
    chat: dict[str, object], sender: dict[str, object], words: str, **more: object
) -> Callable[[FakeBotApi, User], JSONDict]:
    def update(fake: FakeBotApi, user: User) -> JSONDict:
        return {
            "message": {
                "message_id": 900 + len(words) % 97, "date": int(time.time()), "chat": chat,
                "from": sender, "text": words, **more,
            }
        }  # fmt: skip

    return update


def channel(kind: str, words: str, **more: object) -> Callable[[FakeBotApi, User], JSONDict]:
    """A post (or an edited post) in a channel the bot is in."""

    def update(fake: FakeBotApi, user: User) -> JSONDict:
        post = {"message_id": 5, "date": int(time.time()), "chat": CHANNEL, "text": words}
        return {kind: {**post, **more}}

    return update


def private(user: User) -> dict[str, object]:
    return {"id": user.id, "type": "private", "first_name": user.first_name}


# the texts are data (hostile_texts.yaml); the kinds that can only be made in code follow
TEXTS = [
    Kind(
        item["kind"],
        text(item.get("text") or item.get("prefix", "") + item["repeat"] * item["times"]),
        check=NOT_A_QUESTION.get(item["kind"]),
        answer=item.get("answer"),
        says="ticket_created" if item.get("to_team") else None,
    )
    for item in yaml.safe_load((Path(__file__).parent / "hostile_texts.yaml").read_text("utf-8"))
] + [
    Kind(
        "a forwarded message",
        raw(
            lambda f, u: message_in(
                private(u),
                u.to_dict(),
                "Was ist das JBZ?",
                forward_origin={
                    "type": "hidden_user",
                    "date": int(time.time()),
                    "sender_user_name": "X",
                },
            )(f, u)
        ),
    ),
    Kind(
        "a reply to a message the bot does not know",
        raw(
            lambda f, u: message_in(
                private(u),
                u.to_dict(),
                "Und was kostet das?",
                reply_to_message={"message_id": 1, "date": 0, "chat": private(u), "text": "alt"},
            )(f, u)
        ),
    ),
    Kind("a caption of 1,024 characters", lambda f, u: _non_text(f, u, "photo", "Frage? " * 146)),
    Kind("a sticker", lambda f, u: _non_text(f, u, "sticker")),
    Kind("a location", lambda f, u: _non_text(f, u, "location")),
    Kind("a contact", lambda f, u: _non_text(f, u, "contact")),
    Kind("a voice message", lambda f, u: _non_text(f, u, "voice")),
    Kind("a document", lambda f, u: _non_text(f, u, "document", "scan.pdf")),
]

COMMANDS = [
    Kind("a command with the bot's name", text("/start@engagierte_stadt_test_bot")),
    Kind("a command for another bot, in private", text("/start@other_bot")),
    Kind("a command with many words", text("/hilfe bitte jetzt sofort " + "x " * 50)),
    Kind("a deep link of 4,000 characters", text("/start " + "x" * 4000)),
    Kind("a command in capitals", text("/HILFE")),
    Kind("a slash alone", text("/")),
    Kind("an unknown command", text("/gibtsnicht")),
    Kind("/frage with 4,090 characters", text("/frage " + "Frage " * 681)),
    Kind("a team command from a citizen", text("/termin_neu"), check=lambda t: "Team" in t),
    Kind("/faq from a citizen", text("/faq"), check=lambda t: "Team" in t),
    Kind("/neu_laden from a citizen", text("/neu_laden"), check=lambda t: "Team" in t),
]

UPDATES = [
    Kind("a channel post", raw(channel("channel_post", "/start")), IGNORED, CHANNEL["id"]),
    Kind(
        "an edited channel post",
        raw(channel("edited_channel_post", "Hallo", edit_date=int(time.time()))),
        IGNORED,
        CHANNEL["id"],
    ),
    Kind(
        "a message from another bot in a group",
        raw(
            message_in(
                {"id": STRANGERS, "type": "supergroup", "title": "Fremde"}, OTHER_BOT, "/start"
            )
        ),
        expect=IGNORED,
        chat=STRANGERS,
    ),
    Kind(
        "a question in a group strangers added the bot to",
        text("@engagierte_stadt_test_bot Was ist das JBZ?", chat_id=STRANGERS),
        expect=IGNORED,
        chat=STRANGERS,
    ),
    Kind(
        "being added to a strangers' group",
        raw(
            lambda f, u: {
                "my_chat_member": {
                    "chat": {"id": STRANGERS, "type": "supergroup", "title": "Fremde"},
                    "from": u.to_dict(),
                    "date": int(time.time()),
                    "old_chat_member": {"user": f.bot_user.to_dict(), "status": "left"},
                    "new_chat_member": {"user": f.bot_user.to_dict(), "status": "member"},
                }
            }
        ),
        expect=IGNORED,
        chat=STRANGERS,
    ),
    Kind(
        "new members in a strangers' group",
        raw(
            message_in(
                {"id": STRANGERS, "type": "supergroup", "title": "Fremde"},
                {"id": 5, "is_bot": False, "first_name": "X"},
                "",
                new_chat_members=[{"id": 6, "is_bot": False, "first_name": "Y"}],
            )
        ),
        expect=IGNORED,
        chat=STRANGERS,
    ),
    Kind(
        "an inline query",
        raw(
            lambda f, u: {
                "inline_query": {"id": "iq1", "from": u.to_dict(), "query": "jbz", "offset": ""}
            }
        ),
        expect=IGNORED,
    ),
    Kind(
        "a poll",
        raw(
            lambda f, u: {
                "poll": {
                    "id": "p1",
                    "question": "Ja?",
                    "options": [{"text": "ja", "voter_count": 0, "persistent_id": "o1"}],
                    "total_voter_count": 0,
                    "is_closed": False,
                    "is_anonymous": True,
                    "type": "regular",
                    "allows_multiple_answers": False,
                    "allows_revoting": False,
                    "members_only": False,
                }
            }
        ),
        expect=IGNORED,
    ),
    Kind(
        "a reaction",
        raw(
            lambda f, u: {
                "message_reaction": {
                    "chat": private(u),
                    "message_id": 1,
                    "date": int(time.time()),
                    "user": u.to_dict(),
                    "old_reaction": [],
                    "new_reaction": [{"type": "emoji", "emoji": "👍"}],
                }
            }
        ),
        expect=IGNORED,
    ),
    Kind(
        "a join request",
        raw(
            lambda f, u: {
                "chat_join_request": {
                    "chat": {"id": STRANGERS, "type": "supergroup", "title": "Fremde"},
                    "from": u.to_dict(),
                    "user_chat_id": u.id,
                    "date": int(time.time()),
                }
            }
        ),
        expect=IGNORED,
        chat=STRANGERS,
    ),
    Kind("an edited question", lambda f, u: _edited(f, u), expect=IGNORED),
    Kind(
        "a team member's chatter in the team chat",
        text("Wer holt Kaffee?", chat_id=COORDINATOR_CHAT_ID),
        expect=IGNORED,
        chat=COORDINATOR_CHAT_ID,
    ),
]

STALE, TEAM_ONLY = "stale_button", "coordinator_only"
BUTTONS = [
    Kind(name, lambda f, u, data=data: _press(f, u, data), POPUP, says=says)  # type: ignore[misc]
    for name, data, says in (
        ("button data of 64 bytes", "kb:" + "a" * 61, STALE),
        ("a team button of 64 bytes", "fq:a:t1:" + "a" * 56, TEAM_ONLY),
        ("button data with umlauts", "kb:ä", STALE),
        ("button data of another version", "x", STALE),
        ("a ticket button pressed by a citizen", "t:close:1", TEAM_ONLY),
        ("a language button for no language", "lang:xx", STALE),
    )
] + [
    Kind(
        "a button under an inline message",
        lambda f, u: _inline(f, u, "kb:bildung-jbz"),
        expect=POPUP,
        says=STALE,
    )
]


async def _non_text(fake: FakeBotApi, user: User, kind: str, caption: str | None = None) -> int:
    await fake.send_non_text(user, kind, caption=caption)
    return 1


async def _edited(fake: FakeBotApi, user: User) -> int:
    update_id = await fake.send_text(user, "Was ist das JBZ?")
    await fake.wait_for_message(user.id)
    await fake.edit_text(update_id, "Was ist die Engagierte Stadt?")
    return 2


async def _press(fake: FakeBotApi, user: User, data: str) -> int:
    await fake.send_text(user, "Hallo")
    greeting = await fake.wait_for_message(user.id)
    await fake.press(user, greeting, data)
    return 2


async def _inline(fake: FakeBotApi, user: User, data: str) -> int:
    await fake.press_inline(user, data)
    return 1


async def run_kinds(
    kinds: list[Kind], running: RunningBot, fake: FakeBotApi, user: User, kb: KnowledgeBase
) -> None:
    processor = running.app.update_processor
    assert isinstance(processor, PerChatUpdateProcessor)

    def tickets() -> int:
        return int(db_rows(running, "SELECT COUNT(*) FROM tickets")[0][0])  # type: ignore[call-overload]

    apology = {kb.messages.get("error", lang) for lang in ("de", "en")}
    for kind in kinds:
        handled = processor.handled
        seen = {chat: len(fake.sent_to(chat)) for chat in (kind.chat, ANNA)}
        before = tickets()
        queries = len(fake.pressed_callbacks)
        sent = await kind.send(fake, user)
        await fake.wait_for(lambda: processor.handled >= handled + sent, what=kind.name)  # noqa: B023
        if kind.expect == REPLY:
            reply = await fake.wait_for_message(
                kind.chat, after=_last_id(fake, kind.chat, seen[kind.chat])
            )
            assert reply["text"] not in apology, kind.name
            assert kind.check is None or kind.check(reply["text"]), (kind.name, reply["text"])
            if kind.answer is not None:
                title = kb.by_id[kind.answer].title
                assert FakeBotApi.entity_texts(reply, "bold")[:1] == [title], kind.name
            if kind.says is not None:  # the ticket's acknowledgement in the text's language
                expected = {
                    kb.messages.get(kind.says, lang, number=tickets()).strip() for lang in LANGUAGES
                }
                assert reply["text"] in expected, (kind.name, reply["text"])
        elif kind.expect == POPUP:
            query = fake.pressed_callbacks[queries]
            said = await answer_text(fake, query)
            assert said == kb.messages.get(kind.says or STALE, "de"), (kind.name, said)
        else:
            answered = 1 if kind.name == "an edited question" else 0  # the question itself
            assert len(fake.sent_to(kind.chat)) == seen[kind.chat] + answered, kind.name
            assert tickets() == before, kind.name  # nothing went to the team either
        assert running.errors == [], (kind.name, running.errors)
        assert fake.api_errors == [], (kind.name, fake.api_errors)


def _last_id(fake: FakeBotApi, chat: int, count: int) -> int:
    sent = fake.sent_to(chat)
    return int(sent[count - 1]["message_id"]) if count else 0


@pytest.fixture
async def running(start_bot: object, fake_api: FakeBotApi) -> RunningBot:
    fake_api.group(STRANGERS, "Fremde")
    return await start_bot(TICKETS_PER_HOUR="100")  # type: ignore[operator,no-any-return]


async def test_odd_and_hostile_texts_get_a_sensible_reply(
    running: RunningBot, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await run_kinds(TEXTS, running, fake_api, anna, kb)
    assert db_rows(running, "SELECT COUNT(*) FROM tickets")[0][0] >= 1  # the tables are there


async def test_odd_commands_are_answered_or_left_to_their_bot(
    running: RunningBot, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await run_kinds(COMMANDS, running, fake_api, anna, kb)


async def test_other_update_types_are_ignored_without_a_trace(
    running: RunningBot, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await run_kinds(UPDATES, running, fake_api, anna, kb)


async def test_forged_stale_and_edge_buttons_get_a_gentle_popup(
    running: RunningBot, fake_api: FakeBotApi, anna: User, kb: KnowledgeBase
) -> None:
    await run_kinds(BUTTONS, running, fake_api, anna, kb)


def test_there_are_more_than_fifty_kinds() -> None:
    names = [kind.name for kind in (*TEXTS, *COMMANDS, *UPDATES, *BUTTONS)]
    assert len(set(names)) == len(names) >= 50
