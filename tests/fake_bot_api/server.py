"""The fake Bot API server: an aiohttp app on 127.0.0.1 with the state of every chat, fault
injection and Telegram's limits."""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import math
import time
from collections import Counter, defaultdict, deque

from aiohttp import web

from fake_bot_api.checks import (
    ERROR_TEXTS,
    SENDING_METHODS,
    TEXT_FIELDS,
    ApiError,
    JSONDict,
    bad_request,
    check_markup,
    int_or_none,
)
from fake_bot_api.client import Client
from fake_bot_api.methods import Methods
from fake_bot_api.models import (
    Call,
    ChatState,
    Fault,
    Limits,
    RateLimitViolation,
    SentDocument,
    UploadedFile,
    User,
    Window,
)


class FakeBotApi(Client, Methods):
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
        self._chats: dict[int, ChatState] = {}
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
        self._windows: dict[tuple[str, int], Window] = {}
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
        chat_id = int_or_none(call.params.get("chat_id"))
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

    def _window(self, key: tuple[str, int], rate: int, span: float) -> Window:
        """The sliding window for one limit."""
        if key not in self._windows:
            self._windows[key] = Window(rate, span)
        return self._windows[key]

    # ---- chats and messages ---------------------------------------------------------------

    def _chat(self, chat_id: int) -> ChatState:
        """The chat with this id, created on first use (private if positive, else supergroup)."""
        if chat_id not in self._chats:
            data: JSONDict = (
                {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
                if chat_id > 0
                else {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
            )
            self._chats[chat_id] = ChatState(data)
        return self._chats[chat_id]

    def _target_chat(self, params: JSONDict) -> ChatState:
        """The chat a send is addressed to (400 if missing or unknown in strict mode)."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat_id = int_or_none(raw)
        if chat_id is None or (self.known_chats_only and chat_id not in self._chats):
            raise bad_request("chat not found")
        return self._chat(chat_id)

    @staticmethod
    def _next_id(chat: ChatState) -> int:
        """The chat's next message_id (user and bot messages share one sequence)."""
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return message_id

    def _snapshot(self, chat: ChatState, message_id: int) -> JSONDict:
        """A message as it appears inside reply_to_message (without its own reply)."""
        if message_id not in chat.messages or (chat.data["id"], message_id) in self._deleted:
            raise bad_request("message to be replied not found")
        snapshot = copy.deepcopy(chat.messages[message_id])
        snapshot.pop("reply_to_message", None)
        return snapshot

    def _bot_message(self, chat: ChatState, params: JSONDict, content: JSONDict) -> JSONDict:
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

    def _editable(self, params: JSONDict) -> tuple[ChatState, JSONDict]:
        """The bot message an edit addresses, with Telegram's errors if it cannot be edited."""
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not supported by the fake")
        chat = self._target_chat(params)
        message_id = int_or_none(params.get("message_id"))
        message = chat.messages.get(message_id or 0)
        if message is None or (chat.data["id"], message_id) in self._deleted:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user.id:
            raise bad_request("message can't be edited")
        return chat, message


def _decode(key: str, value: str) -> object:
    """A form value as Telegram reads it: JSON for numbers, booleans, objects and arrays,
    except for free-text fields."""
    if key in TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _forbidden(chat_id: int) -> str:
    """Telegram's 403 text for a private chat or a group."""
    if chat_id < 0:
        return "Forbidden: bot was kicked from the supergroup chat"
    return "Forbidden: bot was blocked by the user"
