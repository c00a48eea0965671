"""What a Telegram client does against the fake server (users write, press, block the bot),
what tests ask about what the bot did, and waiting for it without sleeping."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from fake_bot_api.checks import JSONDict, utf16_len
from fake_bot_api.models import Call, SentDocument, User

T = TypeVar("T")


class Client:
    """The client's side of FakeBotApi (a mixin: the state is FakeBotApi's)."""

    # ---- users, chats and updates (what a Telegram client would do) -------------------------

    def user(
        self,
        id: int,
        first_name: str,
        username: str | None = None,
        language_code: str | None = "de",
    ) -> User:
        """A user, with the private chat the bot would see."""
        user = User(id, first_name, username, language_code)
        chat = {"id": id, "type": "private", "first_name": first_name}
        if username:
            chat["username"] = username
        self._chat(id).data.update(chat)
        return user

    def group(self, chat_id: int, title: str = "Koordinierungsstelle") -> JSONDict:
        """Register a supergroup (chat ids are negative), e.g. the coordinators' group."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        chat = self._chat(chat_id)
        chat.data.update({"id": chat_id, "type": "supergroup", "title": title})
        return dict(chat.data)

    def restart_update_ids(self, first: int = 1) -> None:
        """Number the next updates from `first` again, as a new Bot API server does (and
        Telegram, at a random number, after a week without updates)."""
        self._update_ids = itertools.count(first)

    async def send_update(self, update: JSONDict) -> int:
        """Queue a raw update (its update_id is assigned if missing); returns the update_id."""
        update = copy.deepcopy(update)
        update.setdefault("update_id", next(self._update_ids))
        self._updates[update["update_id"]] = update
        self._pending.append(update)
        self._pending.sort(key=lambda u: u["update_id"])
        await self.notify()
        return int(update["update_id"])

    async def send_text(
        self,
        user: User,
        text: str,
        reply_to: JSONDict | None = None,
        *,
        chat_id: int | None = None,
    ) -> int:
        """The user writes `text` (in their private chat, or in group `chat_id`); a leading
        /command gets its bot_command entity. `reply_to` is a message of that chat."""
        message = self._user_message(user, chat_id, reply_to)
        _set_user_text(message, text)
        return await self.send_update({"message": message})

    async def edit_text(self, update_id: int, text: str) -> int:
        """The author of the message sent in update `update_id` changes its text: Telegram
        sends the whole message as it is now (a reply still shows what it replies to) in an
        `edited_message` update. Returns that update's id."""
        sent = self._updates[update_id]["message"]
        message = self._chat(sent["chat"]["id"]).messages[sent["message_id"]]
        _set_user_text(message, text)
        message["edit_date"] = int(time.time())
        return await self.send_update({"edited_message": message})

    async def send_non_text(
        self,
        user: User,
        kind: str,
        *,
        chat_id: int | None = None,
        reply_to: JSONDict | None = None,
        caption: str | None = None,
    ) -> int:
        """The user sends a sticker, photo, video, voice, location, contact or document
        (`reply_to`: as a reply to that message of the chat; `caption`: with words under it)."""
        file = {"file_id": f"{kind}-file", "file_unique_id": f"{kind}-unique"}
        payloads: dict[str, object] = {
            "sticker": {**file, "type": "regular", "width": 512, "height": 512,
                        "is_animated": False, "is_video": False, "emoji": "👍"},
            "photo": [{**file, "width": 90, "height": 90, "file_size": 1200},
                      {**file, "width": 800, "height": 800, "file_size": 64000}],
            "video": {**file, "width": 640, "height": 360, "duration": 12,
                      "mime_type": "video/mp4", "file_size": 900000},
            "voice": {**file, "duration": 3, "mime_type": "audio/ogg", "file_size": 9000},
            "location": {"latitude": 51.8356, "longitude": 12.2454},
            "contact": {"phone_number": "+49340000000", "first_name": user.first_name},
            "document": {**file, "file_name": "scan.pdf", "mime_type": "application/pdf"},
        }  # fmt: skip
        if kind not in payloads:
            raise ValueError(f"unknown kind {kind!r}; one of {', '.join(payloads)}")
        message = self._user_message(user, chat_id, reply_to)
        message[kind] = payloads[kind]
        if caption is not None:
            message["caption"] = caption
        return await self.send_update({"message": message})

    async def press(self, user: User, message: JSONDict, data: str) -> str:
        """The user presses a button with `data` under a bot message; returns the query id.

        `data` is not checked against the message's buttons, so tests can forge it.
        """
        chat_id = message["chat"]["id"]
        chat = self._chat(chat_id)
        current = chat.messages.get(message["message_id"], message)
        chat.mark = chat.next_message_id - 1
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        self.pressed_callbacks.append(query_id)
        await self.send_update({
            "callback_query": {
                "id": query_id, "from": user.to_dict(), "message": copy.deepcopy(current),
                "chat_instance": f"instance-{chat_id}", "data": data,
            }
        })  # fmt: skip
        return query_id

    async def press_inline(self, user: User, data: str) -> str:
        """The user presses a button under an inline message (one sent via inline mode, which
        the bot has not): Telegram sends no message, only `inline_message_id`. Returns the
        query id."""
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        self.pressed_callbacks.append(query_id)
        await self.send_update({
            "callback_query": {
                "id": query_id, "from": user.to_dict(), "chat_instance": "inline",
                "inline_message_id": "AAAAAgAAAAAAAAAA", "data": data,
            }
        })  # fmt: skip
        return query_id

    async def block_bot(self, user: User, *, blocked: bool = True) -> int:
        """The user blocks (or unblocks) the bot in their private chat, as Telegram reports it:
        a `my_chat_member` update (kicked / member), and 403 for sends while blocked."""
        if blocked:
            self.block(user.id)
        else:
            self.unblock(user.id)
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        bot = self.bot_user.to_dict()
        member = {"user": bot, "until_date": 0} if new == "kicked" else {"user": bot}
        return await self.send_update({
            "my_chat_member": {
                "chat": dict(self._chat(user.id).data), "from": user.to_dict(),
                "date": int(time.time()), "old_chat_member": {"user": bot, "status": old},
                "new_chat_member": {**member, "status": new},
            }
        })  # fmt: skip

    def _user_message(self, user: User, chat_id: int | None, reply_to: JSONDict | None) -> JSONDict:
        """A new message from `user` in their private chat or in `chat_id`, stored in the chat."""
        chat = self._chat(user.id if chat_id is None else chat_id)
        message: JSONDict = {
            "message_id": self._next_id(chat), "from": user.to_dict(),
            "chat": dict(chat.data), "date": int(time.time()),
        }  # fmt: skip
        chat.mark = message["message_id"]
        if reply_to is not None:
            message["reply_to_message"] = self._snapshot(chat, int(reply_to["message_id"]))
        chat.messages[message["message_id"]] = message
        return message

    # ---- what the bot did ---------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """The calls of one method (name case-insensitive)."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    @property
    def api_errors(self) -> list[Call]:
        """Calls Telegram refused (except long polls), injected failures included."""
        return [
            call
            for call in self.calls
            if call.status is not None and call.status != 200 and call.method != "getUpdates"
        ]

    def sent_to(self, chat_id: int, *, include_deleted: bool = False) -> list[JSONDict]:
        """The messages the bot sent to a chat, oldest first, as they are now (edits applied)."""
        return [
            message
            for message in self._bot_messages
            if message["chat"]["id"] == chat_id
            and (include_deleted or (chat_id, message["message_id"]) not in self._deleted)
        ]

    def current(self, message: JSONDict) -> JSONDict:
        """A bot message as it is now (edits applied)."""
        chat, number = message["chat"]["id"], message["message_id"]
        [now] = [m for m in self.sent_to(chat) if m["message_id"] == number]
        return now

    def replies(self, chat_id: int) -> list[JSONDict]:
        """The bot's messages in a chat since the test's latest action there."""
        mark = self._chat(chat_id).mark
        return [m for m in self.sent_to(chat_id) if m["message_id"] > mark]

    def documents_to(self, chat_id: int) -> list[SentDocument]:
        """The documents the bot sent to a chat."""
        return [document for document in self.documents if document.chat_id == chat_id]

    @property
    def unanswered_callbacks(self) -> list[str]:
        """Query ids of pressed buttons the bot has not answered (yet)."""
        return [qid for qid in self.pressed_callbacks if qid not in self.answered_callbacks]

    def delivery_count(self, update_id: int) -> int:
        """How often getUpdates returned this update."""
        return self.deliveries[update_id]

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates queued and not yet confirmed by the bot."""
        return list(self._pending)

    @staticmethod
    def buttons(message: JSONDict) -> list[tuple[str, str | None]]:
        """(label, callback_data) of a message's inline buttons, row by row."""
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return [(button["text"], button.get("callback_data")) for row in rows for button in row]

    @classmethod
    def button_data(cls, message: JSONDict, label: str) -> str:
        """The callback_data of the button labelled `label` (AssertionError if none)."""
        for text, data in cls.buttons(message):
            if text == label and data is not None:
                return data
        raise AssertionError(f"no button {label!r}; buttons: {cls.buttons(message)}")

    @staticmethod
    def entity_texts(message: JSONDict, kind: str) -> list[str]:
        """The pieces of a message's text covered by entities of one type (e.g. "bold")."""
        text = message.get("text", message.get("caption", ""))
        units = text.encode("utf-16-le")
        entities = message.get("entities", message.get("caption_entities", []))
        return [
            units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
            for e in entities
            if e["type"] == kind
        ]

    # ---- waiting --------------------------------------------------------------------------

    async def wait_for(
        self,
        condition: Callable[[], T],
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline per wait reads best in tests
        what: str = "condition",
    ) -> T:
        """Wait until `condition()` is truthy and return it.

        Re-checked on every API call and `notify()`, and every RECHECK seconds for conditions
        on state the bot changes without calling the API (its database, its error list).
        """
        try:
            async with asyncio.timeout(timeout), self._changed:
                while not (result := condition()):
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(self.RECHECK):
                            await self._changed.wait()
                return result
        except TimeoutError:
            recent = [f"{c.method}({c.status})" for c in self.calls[-8:]]
            raise AssertionError(
                f"timed out after {timeout} s waiting for {what}; last calls: {recent}"
            ) from None

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        after: int | None = None,
    ) -> JSONDict:
        """The first bot message to `chat_id` matching `predicate`, sent after the test's
        latest action in that chat (or after message_id `after`)."""
        mark = self._chat(chat_id).mark if after is None else after

        def found() -> JSONDict | None:
            for message in self.sent_to(chat_id):
                if message["message_id"] > mark and (predicate is None or predicate(message)):
                    return message
            return None

        try:
            return await self.wait_for(found, timeout, f"a message to chat {chat_id}")
        except AssertionError as error:
            texts = [m.get("text", m.get("caption")) for m in self.replies(chat_id)]
            raise AssertionError(f"{error}; the chat got since: {texts}") from None

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> Call:
        """The first answered call of `method` matching `predicate`."""

        def found() -> Call | None:
            for call in self.calls_to(method):
                if call.status is not None and (predicate is None or predicate(call)):
                    return call
            return None

        return await self.wait_for(found, timeout, f"a {method} call")

    async def notify(self) -> None:
        """Wake every waiter to re-check its condition (for state outside the fake)."""
        async with self._changed:
            self._changed.notify_all()


def _set_user_text(message: JSONDict, text: str) -> None:
    """A user's text, with the bot_command entity Telegram adds to a leading /command."""
    message["text"] = text
    message.pop("entities", None)
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def messages_text(messages: Iterable[JSONDict]) -> list[str]:
    """The texts (or captions) of messages, for readable assertions."""
    return [str(m.get("text", m.get("caption", ""))) for m in messages]
