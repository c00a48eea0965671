"""A local fake of the Telegram Bot API for end-to-end tests: an aiohttp server on 127.0.0.1.

The real python-telegram-bot networking (HTTPXRequest) talks to it through
`ApplicationBuilder().base_url(fake.base_url)`. It speaks the Bot API closely enough for the
bot: form-encoded, multipart and JSON bodies; `/bot{token}/{method}` with case-insensitive
method names; real long polling with Telegram's offset confirmation (an update that is not
confirmed is delivered again); Telegram's checks and error texts for empty or too long texts,
malformed HTML, oversized button data and stale callback queries.

Tests drive it like a Telegram client would::

    anna = fake.user(42, "Anna")
    await fake.send_text(anna, "/start")
    reply = await fake.wait_for_message(anna.id)
    await fake.press(anna, reply, fake.button_data(reply, "Hauptmenü"))
    sent = await fake.send_text(anna, "Halo")
    await fake.edit_text(sent, "Hallo")  # an `edited_message` update

and inject trouble: `fail(chat_id, 429, times=2, retry_after=1)`, `block(chat_id)` (or
`block_bot(user)`, which also sends the `my_chat_member` update),
`limits(...)` (Telegram's flood limits, counting `provoked_429`), `latency`.

Bot messages are stored like Telegram stores them: plain `text` plus `entities` parsed from
the HTML; the original request (with its HTML) stays in `calls`.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import math
import re
import time
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from html import unescape
from typing import Any, ClassVar, TypeVar

from aiohttp import web

JSONDict = dict[str, Any]
T = TypeVar("T")

MAX_TEXT = 4096  # characters of a message after entity parsing
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes
MAX_CALLBACK_ANSWER = 200
MAX_BUTTONS = 100

# Methods that send or change a message in a chat: fault injection and flood limits apply.
SENDING_METHODS = frozenset(
    {"sendmessage", "senddocument", "editmessagetext", "editmessagereplymarkup"}
)
# Form fields that are always strings: never JSON-decoded (a text "123" stays "123").
TEXT_FIELDS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "language_code", "data", "url",
    "action", "inline_message_id", "secret_token", "title", "description", "query", "emoji",
    "message_effect_id", "business_connection_id", "ip_address", "short_description", "name",
})  # fmt: skip
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})  # fmt: skip

# Telegram's HTML: tag -> entity type.
HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}  # fmt: skip
HTML_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[a-zA-Z0-9-]*")
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z0-9_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_HTML_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);")

ERROR_TEXTS = {
    400: "Bad Request: chat not found",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional `parameters`."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        """The JSON body Telegram sends for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    """A 400 error with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {description}")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> tuple[str, list[JSONDict]]:
    """Telegram's HTML parse mode: the plain text and its entities, or ApiError like Telegram.

    Accepts only Telegram's tags, `&lt; &gt; &amp; &quot;` and numeric entities; a bare `<` or
    `&`, an unknown or unclosed tag, or a mismatched end tag is rejected.
    """
    out: list[str] = []
    length = 0  # of out, in UTF-16 units
    stack: list[tuple[str, JSONDict, int]] = []  # (tag, attributes, start offset)
    entities: list[JSONDict] = []
    i = 0

    def fail(reason: str, at: int) -> ApiError:
        where = len(text[:at].encode())
        return bad_request(f"can't parse entities: {reason} at byte offset {where}")

    while i < len(text):
        char = text[i]
        if char == "&":
            match = _HTML_ENTITY.match(text, i)
            if not match:
                raise fail("Character '&' must be escaped as &amp;", i)
            name = match.group(1)
            if name.startswith("#x"):
                decoded = chr(int(name[2:], 16))
            elif name.startswith("#"):
                decoded = chr(int(name[1:]))
            elif name in HTML_NAMED_ENTITIES:
                decoded = HTML_NAMED_ENTITIES[name]
            else:
                raise fail(f'Unsupported HTML entity "&{name};"', i)
            out.append(decoded)
            length += utf16_len(decoded)
            i = match.end()
        elif char == "<":
            start = i
            closing = text.startswith("</", i)
            i += 2 if closing else 1
            name_match = _TAG_NAME.match(text, i)
            assert name_match is not None  # the pattern matches the empty string
            name = name_match.group().lower()
            i = name_match.end()
            if closing:
                while i < len(text) and text[i].isspace():
                    i += 1
                if i >= len(text) or text[i] != ">":
                    raise fail("Unclosed end tag", start)
                i += 1
                if not stack:
                    raise fail(f'Unexpected end tag "{name}"', start)
                open_tag, attributes, offset = stack.pop()
                if name and name != open_tag:
                    raise fail(
                        f'Unmatched end tag, expected "</{open_tag}>", found "</{name}>"', start
                    )
                _add_entity(entities, stack, open_tag, attributes, offset, length - offset)
                continue
            if not name:
                raise fail('Unsupported start tag ""', start)
            if name not in HTML_TAGS:
                raise fail(f'Unsupported start tag "{name}"', start)
            attributes: JSONDict = {}
            while True:
                while i < len(text) and text[i].isspace():
                    i += 1
                if i >= len(text):
                    raise fail(f'Unclosed start tag "{name}"', start)
                if text[i] == ">":
                    i += 1
                    break
                attribute = _ATTRIBUTE.match(text, i)
                if not attribute or attribute.end() == i:
                    raise fail(f'Unexpected character in start tag "{name}"', start)
                value = next((v for v in attribute.groups()[1:] if v is not None), "")
                attributes[attribute.group(1).lower()] = unescape(value)
                i = attribute.end()
            if name == "span" and attributes.get("class") != "tg-spoiler":
                raise fail('Tag "span" must have class "tg-spoiler"', start)
            stack.append((name, attributes, length))
        else:
            out.append(char)
            length += utf16_len(char)
            i += 1
    if stack:
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1][0]}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _add_entity(
    entities: list[JSONDict],
    stack: list[tuple[str, JSONDict, int]],
    tag: str,
    attributes: JSONDict,
    offset: int,
    length: int,
) -> None:
    """Record the entity of a closed tag (empty ones are dropped, like Telegram does)."""
    if length <= 0:
        return
    kind = HTML_TAGS[tag]
    entity: JSONDict = {"type": kind, "offset": offset, "length": length}
    if tag == "a":
        if not attributes.get("href"):
            return  # Telegram keeps the text and drops a link without target
        entity["url"] = attributes["href"]
    elif tag == "code" and stack and stack[-1][0] == "pre":
        language = str(attributes.get("class", ""))
        if language.startswith("language-"):
            stack[-1][1]["language"] = language.removeprefix("language-")
        return  # <pre><code class="language-x"> is one pre entity
    elif tag == "pre" and attributes.get("language"):
        entity["language"] = attributes["language"]
    elif tag == "blockquote" and "expandable" in attributes:
        entity["type"] = "expandable_blockquote"
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = str(attributes.get("emoji-id", ""))
    entities.append(entity)


def formatted(text: str, parse_mode: str | None) -> tuple[str, list[JSONDict]]:
    """Text and entities for a parse mode (only HTML is checked; others pass through)."""
    if not parse_mode:
        return text, []
    if parse_mode.lower() == "html":
        return parse_html(text)
    if parse_mode.lower() in ("markdown", "markdownv2"):
        return text, []  # the bot uses HTML only; Markdown is not modelled
    raise bad_request("unsupported parse_mode")


def check_text(text: object, parse_mode: str | None) -> tuple[str, list[JSONDict]]:
    """Telegram's checks for a message text: not empty, parseable, at most 4096 characters."""
    if not isinstance(text, str) or not text.strip():
        raise bad_request("message text is empty")
    plain, entities = formatted(text, parse_mode)
    if not plain.strip():
        raise bad_request("message text is empty")
    if len(plain.strip()) > MAX_TEXT:
        raise bad_request("message is too long")
    return plain, entities


def check_markup(markup: object) -> JSONDict | None:
    """Validate reply_markup like Telegram; returns the inline keyboard to echo, if any."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return None  # reply keyboards and the like are not echoed in Message
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard: rows must be arrays of buttons")
    buttons = [button for row in rows for button in row]
    if len(buttons) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    for button in buttons:
        if not isinstance(button, dict) or not str(button.get("text", "")).strip():
            raise bad_request("BUTTON_TEXT_INVALID")
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
        elif "url" in button:
            if not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
                raise bad_request("BUTTON_URL_INVALID")
        elif not set(button) - {"text", "style", "icon_custom_emoji_id"}:
            raise bad_request("text buttons are unallowed in the inline keyboard")
    return markup


@dataclass(frozen=True, slots=True)
class User:
    """A Telegram user the test plays."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "de"
    is_bot: bool = False

    def to_dict(self) -> JSONDict:
        """The User object as Telegram sends it."""
        data: JSONDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file the bot uploaded in a multipart request."""

    filename: str | None
    content: bytes
    content_type: str | None


@dataclass(frozen=True, slots=True)
class SentDocument:
    """A document the bot sent: where, the file, the caption (as sent, with any HTML)."""

    chat_id: int
    message_id: int
    file_name: str | None
    content: bytes
    caption: str | None
    mime_type: str | None


@dataclass(slots=True)
class Call:
    """One API call the bot made: method (canonical name), parsed params, time received.

    `status` and `response` are filled in once answered; `status` stays None for a request
    abandoned by the client (a long poll cancelled when the bot stops).
    """

    method: str
    params: JSONDict
    time: float
    status: int | None = None
    response: JSONDict | None = None

    @property
    def ok(self) -> bool:
        """Telegram answered with ok=true."""
        return self.status == 200


@dataclass(slots=True)
class Fault:
    """An injected failure for the next `times` sends to one chat."""

    status: int
    times: int
    retry_after: int | None = None
    description: str | None = None


@dataclass(slots=True)
class _Window:
    """A sliding window: at most `rate` sends in any `window` seconds, as Telegram words its
    limits ("no more than 20 messages per minute to the same group"). Stricter than a token
    bucket, which lets a full bucket through and then refills within the same minute."""

    rate: int
    window: float
    times: deque[float] = field(default_factory=deque)

    def wait(self, now: float) -> float:
        """Seconds until a send would be allowed; 0 if now."""
        while self.times and self.times[0] <= now - self.window:
            self.times.popleft()
        if len(self.times) < self.rate:
            return 0.0
        return self.times[-self.rate] + self.window - now


@dataclass(frozen=True, slots=True)
class Limits:
    """Telegram's flood limits, enforced by the fake when set with `FakeBotApi.limits`."""

    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    global_per_second: int = 30
    group_per_minute: int = 20
    group_window: float = 60.0  # tests scale the minute down


@dataclass(frozen=True, slots=True)
class RateLimitViolation:
    """A send refused with 429 because it exceeded a flood limit."""

    chat_id: int
    method: str
    limit: str  # "chat", "group" or "global"
    retry_after: int
    time: float


@dataclass(slots=True)
class _Chat:
    """A chat the fake knows, with its messages (user's and bot's) by message_id."""

    data: JSONDict
    messages: dict[int, JSONDict] = field(default_factory=dict)
    next_message_id: int = 1
    mark: int = 0  # the last message_id before the test's latest action in this chat


class FakeBotApi:
    """The fake Bot API server and its test-facing API (see the module docstring)."""

    RECHECK = 0.02  # seconds: how often `wait_for` re-checks without a new API call

    def __init__(
        self,
        token: str | None = None,
        *,
        bot_first_name: str = "Engagierte Stadt",
        bot_username: str = "engagierte_stadt_test_bot",
        known_chats_only: bool = False,
    ) -> None:
        """`token`: if given, other tokens get 401 Unauthorized; `known_chats_only`: sends to a
        chat no user wrote in (and no `group()` registered) get "chat not found"."""
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token else 123456
        self.bot_user = User(bot_id, bot_first_name, bot_username, None, is_bot=True)
        self.known_chats_only = known_chats_only
        self.latency = 0.0  # seconds added before answering every call except getUpdates
        self.confirm_offsets = True  # False: offsets no longer confirm (a crash before confirm)
        self.calls: list[Call] = []
        self.documents: list[SentDocument] = []
        self.answered_callbacks: dict[str, JSONDict] = {}  # query id -> answer params
        self.pressed_callbacks: list[str] = []
        self.deliveries: Counter[int] = Counter()  # update_id -> times returned by getUpdates
        self.provoked_429 = 0
        self.rate_limit_violations: list[RateLimitViolation] = []
        self.injected_failures: list[Call] = []
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}  # (scope, lang) -> commands
        self.webhook_url = ""
        self._chats: dict[int, _Chat] = {}
        self._bot_messages: list[JSONDict] = []  # in send order, live (edits apply)
        self._deleted: set[tuple[int, int]] = set()
        self._pending: list[JSONDict] = []  # updates not yet confirmed
        self._updates: dict[int, JSONDict] = {}
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(9_000_000_001)
        self._open_queries: set[str] = set()
        self._faults: dict[int, deque[Fault]] = defaultdict(deque)
        self._blocked: set[int] = set()
        self._limits: Limits | None = None
        self._windows: dict[tuple[str, int], _Window] = {}
        self._poll_generation = 0
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The value for `ApplicationBuilder().base_url(...)` / TELEGRAM_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # handler_cancellation: a long poll the client gave up on ends with its connection.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Release held long polls and stop listening."""
        self._closing = True
        await self.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

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

    # ---- fault injection ----------------------------------------------------------------

    def fail(
        self,
        chat_id: int,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Make the next `times` sends to `chat_id` fail with `status`: 5xx, 429 (with
        `retry_after`, default 1 s), 403 (blocked by the user) or 400 (chat not found)."""
        if status == 429:
            retry_after = retry_after or 1
        self._faults[chat_id].append(Fault(status, times, retry_after, description))

    def clear_faults(self, chat_id: int) -> None:
        """Forget the faults still queued for `chat_id`: the chat works again."""
        self._faults.pop(chat_id, None)

    def block(self, chat_id: int) -> None:
        """The user blocks the bot: every send to the chat gets 403 until `unblock`."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """The user unblocks the bot."""
        self._blocked.discard(chat_id)

    def limits(
        self,
        per_chat_per_second: float = 1.0,
        global_per_second: int = 30,
        group_per_minute: int = 20,
        per_chat_burst: int = 3,
        group_window: float = 60.0,
    ) -> None:
        """Enforce Telegram's flood limits as sliding windows: a send beyond one gets 429 and
        counts in `provoked_429`. A private chat takes `per_chat_burst` messages in any
        `per_chat_burst / per_chat_per_second` seconds (Telegram tolerates short bursts); a
        group (negative id) `group_per_minute` in any `group_window` seconds; all chats
        together `global_per_second` in any second."""
        self._limits = Limits(
            per_chat_per_second, per_chat_burst, global_per_second, group_per_minute, group_window
        )
        self._windows.clear()

    def clear_limits(self) -> None:
        """Stop enforcing flood limits."""
        self._limits = None
        self._windows.clear()

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

    # ---- HTTP ---------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        """Dispatch one Bot API request and record it."""
        if self.token is not None and request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        name = request.match_info["method"]
        handler = self._methods.get(name.lower())
        try:
            params = await self._parse(request)
        except ApiError as error:
            return web.json_response(error.payload(), status=error.status)
        call = Call(handler[0] if handler else name, params, time.monotonic())
        self.calls.append(call)
        await self.notify()
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            if self.latency and call.method != "getUpdates":
                await asyncio.sleep(self.latency)
            if name.lower() in SENDING_METHODS:
                self._inject_faults(call)
            payload: JSONDict = {"ok": True, "result": await handler[1](self, params)}
            status = 200
        except ApiError as error:
            payload, status = error.payload(), error.status
        call.status, call.response = status, payload
        await self.notify()
        return web.json_response(payload, status=status)

    async def _parse(self, request: web.Request) -> JSONDict:
        """Params from the query string and a form, multipart or JSON body; files resolved."""
        params: JSONDict = {key: _decode(key, value) for key, value in request.query.items()}
        files: dict[str, UploadedFile] = {}
        if request.content_type == "application/json":
            try:
                body = await request.json() if request.can_read_body else {}
            except ValueError:
                raise bad_request("can't parse JSON encoded request") from None
            if not isinstance(body, dict):
                raise bad_request("JSON object expected")
            params.update(body)
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = UploadedFile(value.filename, value.file.read(), value.content_type)
                else:
                    params[key] = _decode(key, str(value))
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = files.pop(value.removeprefix("attach://"), value)
        params.update(files)
        return params

    def _inject_faults(self, call: Call) -> None:
        """Raise the injected failure for this call's chat, if one is queued or it's blocked."""
        chat_id = _int_or_none(call.params.get("chat_id"))
        if chat_id is None:
            return
        if chat_id in self._blocked:
            self.injected_failures.append(call)
            raise ApiError(403, _forbidden(chat_id))
        faults = self._faults.get(chat_id)
        if not faults:
            return
        fault = faults[0]
        fault.times -= 1
        if fault.times <= 0:
            faults.popleft()
        self.injected_failures.append(call)
        if fault.status == 429:
            retry = fault.retry_after or 1
            raise ApiError(
                429, fault.description or f"Too Many Requests: retry after {retry}",
                {"retry_after": retry},
            )  # fmt: skip
        if fault.status == 403:
            raise ApiError(403, fault.description or _forbidden(chat_id))
        default = ERROR_TEXTS.get(fault.status, "Internal Server Error")
        raise ApiError(fault.status, fault.description or default)

    def _take_send_slot(self, chat_id: int, method: str) -> None:
        """Enforce the flood limits (if set) for one send; a violation is a counted 429."""
        if self._limits is None:
            return
        now = time.monotonic()
        limits = self._limits
        windows = {"global": self._window(("global", 0), limits.global_per_second, 1.0)}
        if chat_id < 0:
            windows["group"] = self._window(
                ("group", chat_id), limits.group_per_minute, limits.group_window
            )
        else:
            span = limits.per_chat_burst / limits.per_chat_per_second
            windows["chat"] = self._window(("chat", chat_id), limits.per_chat_burst, span)
        waits = {name: window.wait(now) for name, window in windows.items()}
        limit, wait = max(waits.items(), key=lambda item: item[1])
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            self.provoked_429 += 1
            self.rate_limit_violations.append(
                RateLimitViolation(chat_id, method, limit, retry_after, now)
            )
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )
        for window in windows.values():
            window.times.append(now)

    def _window(self, key: tuple[str, int], rate: int, span: float) -> _Window:
        """The sliding window for one limit."""
        if key not in self._windows:
            self._windows[key] = _Window(rate, span)
        return self._windows[key]

    # ---- chats and messages ---------------------------------------------------------------

    def _chat(self, chat_id: int) -> _Chat:
        """The chat with this id, created on first use (private if positive, else supergroup)."""
        if chat_id not in self._chats:
            data: JSONDict = (
                {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
                if chat_id > 0
                else {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
            )
            self._chats[chat_id] = _Chat(data)
        return self._chats[chat_id]

    def _target_chat(self, params: JSONDict) -> _Chat:
        """The chat a send is addressed to (400 if missing or unknown in strict mode)."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat_id = _int_or_none(raw)
        if chat_id is None or (self.known_chats_only and chat_id not in self._chats):
            raise bad_request("chat not found")
        return self._chat(chat_id)

    @staticmethod
    def _next_id(chat: _Chat) -> int:
        """The chat's next message_id (user and bot messages share one sequence)."""
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return message_id

    def _snapshot(self, chat: _Chat, message_id: int) -> JSONDict:
        """A message as it appears inside reply_to_message (without its own reply)."""
        if message_id not in chat.messages or (chat.data["id"], message_id) in self._deleted:
            raise bad_request("message to be replied not found")
        snapshot = copy.deepcopy(chat.messages[message_id])
        snapshot.pop("reply_to_message", None)
        return snapshot

    def _bot_message(self, chat: _Chat, params: JSONDict, content: JSONDict) -> JSONDict:
        """Store a new bot message in `chat` with `content`, the echoed keyboard and reply."""
        reply_to: int | None = None
        allow_without = False
        reply_parameters = params.get("reply_parameters")
        if isinstance(reply_parameters, dict) and reply_parameters.get("message_id"):
            reply_to = int(reply_parameters["message_id"])
            allow_without = bool(reply_parameters.get("allow_sending_without_reply"))
        elif params.get("reply_to_message_id"):
            reply_to = int(params["reply_to_message_id"])
            allow_without = bool(params.get("allow_sending_without_reply"))
        reply_snapshot = None
        if reply_to is not None:
            try:
                reply_snapshot = self._snapshot(chat, reply_to)
            except ApiError:
                if not allow_without:
                    raise
        markup = check_markup(params.get("reply_markup"))
        self._take_send_slot(chat.data["id"], "send")
        message: JSONDict = {
            "message_id": self._next_id(chat), "from": self.bot_user.to_dict(),
            "chat": dict(chat.data), "date": int(time.time()), **content,
        }  # fmt: skip
        if reply_snapshot is not None:
            message["reply_to_message"] = reply_snapshot
        if markup is not None:
            message["reply_markup"] = copy.deepcopy(markup)
        chat.messages[message["message_id"]] = message
        self._bot_messages.append(message)
        return message

    def _editable(self, params: JSONDict) -> tuple[_Chat, JSONDict]:
        """The bot message an edit addresses, with Telegram's errors if it cannot be edited."""
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not supported by the fake")
        chat = self._target_chat(params)
        message_id = _int_or_none(params.get("message_id"))
        message = chat.messages.get(message_id or 0)
        if message is None or (chat.data["id"], message_id) in self._deleted:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user.id:
            raise bad_request("message can't be edited")
        return chat, message

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
        offset = _int_or_none(params.get("offset")) or 0
        limit = min(max(_int_or_none(params.get("limit")) or 100, 1), 100)
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
        message_id = _int_or_none(params.get("message_id")) or 0
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

    _methods: ClassVar[dict[str, tuple[str, Callable[[FakeBotApi, JSONDict], Awaitable[Any]]]]] = {
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


def _decode(key: str, value: str) -> object:
    """A form value as Telegram reads it: JSON for numbers, booleans, objects and arrays,
    except for free-text fields."""
    if key in TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _int_or_none(value: object) -> int | None:
    """An integer parameter (also given as a string), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def _forbidden(chat_id: int) -> str:
    """Telegram's 403 text for a private chat or a group."""
    if chat_id < 0:
        return "Forbidden: bot was kicked from the supergroup chat"
    return "Forbidden: bot was blocked by the user"


def _commands_key(params: JSONDict) -> tuple[str, str]:
    """(scope, language_code) under which setMyCommands stores a command list."""
    scope = params.get("scope")
    scope_key = json.dumps(scope, sort_keys=True) if isinstance(scope, dict) else "default"
    if scope_key == json.dumps({"type": "default"}):
        scope_key = "default"
    return scope_key, str(params.get("language_code") or "")


def _set_user_text(message: JSONDict, text: str) -> None:
    """A user's text, with the bot_command entity Telegram adds to a leading /command."""
    message["text"] = text
    message.pop("entities", None)
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def _set_markup(message: JSONDict, markup: JSONDict | None) -> None:
    """Replace (or remove) a stored message's inline keyboard."""
    message.pop("reply_markup", None)
    if markup is not None:
        message["reply_markup"] = copy.deepcopy(markup)


def _update_type(update: JSONDict) -> str:
    """The kind of an update (message, callback_query, ...), as allowed_updates names it."""
    return next((key for key in update if key != "update_id"), "")


def messages_text(messages: Iterable[JSONDict]) -> list[str]:
    """The texts (or captions) of messages, for readable assertions."""
    return [str(m.get("text", m.get("caption", ""))) for m in messages]
