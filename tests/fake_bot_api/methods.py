"""The Bot API methods the bot uses, as the fake server answers them."""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from fake_bot_api.checks import (
    CHAT_ACTIONS,
    CONFLICT_OTHER_POLL,
    CONFLICT_WEBHOOK,
    MAX_CALLBACK_ANSWER,
    MAX_CAPTION,
    NOT_MODIFIED,
    QUERY_INVALID,
    ApiError,
    JSONDict,
    bad_request,
    check_markup,
    check_text,
    formatted,
    int_or_none,
)
from fake_bot_api.models import SentDocument, UploadedFile


class Methods:
    """The Bot API methods of FakeBotApi (a mixin: the state is FakeBotApi's)."""

    # ---- the Bot API methods: each takes the parsed params and returns `result` or raises
    # ApiError; `_methods` maps lower-case names to (canonical name, implementation).

    async def _get_me(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user.to_dict(), "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False,
        }  # fmt: skip

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        """Long polling: hold until an update can be delivered, `timeout` passes, or a newer
        getUpdates takes over (this one then gets 409 Conflict, like Telegram)."""
        if self.webhook_url:
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = int_or_none(params.get("offset")) or 0
        limit = min(max(int_or_none(params.get("limit")) or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates") or None
        if self.confirm_offsets:
            if offset > 0:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
            elif offset < 0:
                self._pending = self._pending[offset:]
        self._poll_generation += 1
        generation = self._poll_generation

        def deliverable() -> list[JSONDict]:
            if allowed is not None:  # Telegram does not keep updates of unwanted types
                self._pending = [u for u in self._pending if _update_type(u) in allowed]
            floor = offset if offset > 0 else 0
            return [u for u in self._pending if u["update_id"] >= floor][:limit]

        def ready() -> bool:
            return self._closing or generation != self._poll_generation or bool(deliverable())

        await self.notify()  # an older poll still waiting is superseded now
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(ready)
        except TimeoutError:
            pass
        if generation != self._poll_generation and not self._closing:
            raise ApiError(409, CONFLICT_OTHER_POLL)
        updates = deliverable()
        self.deliveries.update(u["update_id"] for u in updates)
        return copy.deepcopy(updates)

    async def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._pending.clear()
        return True

    async def _set_webhook(self, params: JSONDict) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: HTTPS url must be provided for webhook")
        self.webhook_url = url
        if params.get("drop_pending_updates") in (True, "true", "True"):
            self._pending.clear()
        return True

    async def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        return {
            "url": self.webhook_url, "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }  # fmt: skip

    async def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            name = str(command.get("command", "")) if isinstance(command, dict) else ""
            description = str(command.get("description", "")) if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name) or not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_INVALID")
        self.commands[_commands_key(params)] = copy.deepcopy(commands)
        return True

    async def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return copy.deepcopy(self.commands.get(_commands_key(params), []))

    async def _delete_my_commands(self, params: JSONDict) -> bool:
        self.commands.pop(_commands_key(params), None)
        return True

    async def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._target_chat(params)
        text, entities = check_text(params.get("text"), params.get("parse_mode"))
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self._bot_message(chat, params, content)

    async def _send_document(self, params: JSONDict) -> JSONDict:
        chat = self._target_chat(params)
        document = params.get("document")
        if document is None or document == "":
            raise bad_request("there is no document in the request")
        caption = params.get("caption")
        content: JSONDict = {}
        if caption:
            plain, entities = formatted(str(caption), params.get("parse_mode"))
            if len(plain) > MAX_CAPTION:
                raise bad_request("message caption is too long")
            content["caption"] = plain
            if entities:
                content["caption_entities"] = entities
        if isinstance(document, UploadedFile):
            if not document.content:
                raise bad_request("file must be non-empty")
            name, data, mime = document.filename, document.content, document.content_type
        else:  # a file_id or URL: nothing uploaded
            name, data, mime = None, b"", None
        file_number = len(self.documents) + 1
        content["document"] = {
            "file_id": f"document-{file_number}", "file_unique_id": f"unique-{file_number}",
            "file_size": len(data),
        }  # fmt: skip
        if name:
            content["document"]["file_name"] = name
        if mime:
            content["document"]["mime_type"] = mime
        message = self._bot_message(chat, params, content)
        self.documents.append(
            SentDocument(chat.data["id"], message["message_id"], name, data, caption, mime)
        )
        return message

    async def _edit_message_text(self, params: JSONDict) -> JSONDict:
        chat, message = self._editable(params)
        text, entities = check_text(params.get("text"), params.get("parse_mode"))
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        markup = check_markup(params.get("reply_markup"))
        if (
            text == message["text"]
            and entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        self._take_send_slot(chat.data["id"], "edit")
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict:
        chat, message = self._editable(params)
        markup = check_markup(params.get("reply_markup"))
        if markup == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        self._take_send_slot(chat.data["id"], "edit")
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _delete_message(self, params: JSONDict) -> bool:
        chat = self._target_chat(params)
        message_id = int_or_none(params.get("message_id")) or 0
        if message_id not in chat.messages or (chat.data["id"], message_id) in self._deleted:
            raise bad_request("message to delete not found")
        self._deleted.add((chat.data["id"], message_id))
        return True

    async def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_queries:
            raise bad_request(QUERY_INVALID.removeprefix("Bad Request: "))
        if len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        self.answered_callbacks[query_id] = params
        return True

    async def _get_chat(self, params: JSONDict) -> JSONDict:
        chat = self._target_chat(params)
        return {
            **chat.data, "accent_color_id": 0, "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                "premium_subscription": False, "gifts_from_channels": False,
            },
        }  # fmt: skip

    async def _send_chat_action(self, params: JSONDict) -> bool:
        self._target_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    async def _ok(self, params: JSONDict) -> bool:
        return True

    _methods: ClassVar[dict[str, tuple[str, Callable[[Any, JSONDict], Awaitable[Any]]]]] = {
        name.lower(): (name, function)
        for name, function in (
            ("getMe", _get_me),
            ("getUpdates", _get_updates),
            ("deleteWebhook", _delete_webhook),
            ("setWebhook", _set_webhook),
            ("getWebhookInfo", _get_webhook_info),
            ("setMyCommands", _set_my_commands),
            ("getMyCommands", _get_my_commands),
            ("deleteMyCommands", _delete_my_commands),
            ("sendMessage", _send_message),
            ("sendDocument", _send_document),
            ("editMessageText", _edit_message_text),
            ("editMessageReplyMarkup", _edit_message_reply_markup),
            ("deleteMessage", _delete_message),
            ("answerCallbackQuery", _answer_callback_query),
            ("getChat", _get_chat),
            ("sendChatAction", _send_chat_action),
            ("close", _ok),
            ("logOut", _ok),
        )
    }


def _commands_key(params: JSONDict) -> tuple[str, str]:
    """(scope, language_code) under which setMyCommands stores a command list."""
    scope = params.get("scope")
    scope_key = json.dumps(scope, sort_keys=True) if isinstance(scope, dict) else "default"
    if scope_key == json.dumps({"type": "default"}):
        scope_key = "default"
    return scope_key, str(params.get("language_code") or "")


def _set_markup(message: JSONDict, markup: JSONDict | None) -> None:
    """Replace (or remove) a stored message's inline keyboard."""
    message.pop("reply_markup", None)
    if markup is not None:
        message["reply_markup"] = copy.deepcopy(markup)


def _update_type(update: JSONDict) -> str:
    """The kind of an update (message, callback_query, ...), as allowed_updates names it."""
    return next((key for key in update if key != "update_id"), "")
