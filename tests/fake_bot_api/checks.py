"""What Telegram checks and how it says no: HTML into text and entities, lengths in UTF-16,
keyboards, and the error texts of the Bot API."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

JSONDict = dict[str, Any]

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


def int_or_none(value: object) -> int | None:
    """An integer parameter (also given as a string), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None
