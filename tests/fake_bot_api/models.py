"""The records the fake server keeps: users, uploaded files, calls, faults, limits, chats."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from fake_bot_api.checks import JSONDict


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
class Window:
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

    per_chat_per_second: float = 1.0  # sustained, per private chat
    per_chat_burst: int = 3  # a short burst Telegram lets through
    global_per_second: int = 30  # all chats together
    group_per_minute: int = 20  # into one group
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
class ChatState:
    """A chat the fake knows, with its messages (user's and bot's) by message_id."""

    data: JSONDict
    messages: dict[int, JSONDict] = field(default_factory=dict)
    next_message_id: int = 1
    mark: int = 0  # the last message_id before the test's latest action in this chat
