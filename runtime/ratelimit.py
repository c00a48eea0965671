"""Telegram's flood limits, kept for every request the bot makes.

Telegram asks bots to send at most about 30 messages per second overall, 20 messages per
minute into one group, and about one message per second into one private chat when
broadcasting. python-telegram-bot's `AIORateLimiter` uses leaky buckets (aiolimiter) that
let a full bucket through at once and then refill: into a quiet group it lets 20 messages
through immediately and another 19 within the same minute, which is what Telegram answers
with 429. `RateGate` counts messages in sliding windows instead, so no window of 60 seconds
ever holds more than 20 messages to a group.

When does a message count? Telegram counts it when it arrives, which is some time after the
bot decided to send it and before the bot hears back, and under load that time varies: a
message sent later can even arrive earlier. So a message counts as "now" for as long as it is
in flight, and from the moment Telegram's answer came back once it is done. That errs on the
safe side by one round trip, whatever the jitter, instead of hoping it stays below a margin.

`TelegramRateLimiter` plugs the gate into python-telegram-bot's `BaseRateLimiter` interface,
so interactive replies and the outbox sender (`runtime.delivery`) share one budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

GLOBAL = "global"
IN_FLIGHT_POLL = 0.005  # seconds between looks when only messages in flight fill a window


@dataclass(frozen=True, slots=True)
class TelegramLimits:
    """How many messages Telegram accepts per window (seconds); scaled down in tests."""

    global_rate: int = 30
    global_window: float = 1.0
    group_rate: int = 20
    group_window: float = 60.0
    chat_rate: int = 1  # per private chat, for paced sends (outbox rows, broadcasts)
    chat_window: float = 1.0
    slack: float = 0.01  # added to every window, for clock granularity


@dataclass(frozen=True, slots=True)
class _Rule:
    rate: int
    window: float


Keys = list[tuple[Hashable, _Rule]]


@dataclass(slots=True)
class Slot:
    """One message's place in the windows, from the decision to send until Telegram answered."""

    keys: Keys
    done: bool = field(default=False)


class RateGate:
    """Sliding-window counters per key; pure apart from the clock, which is injected."""

    def __init__(self, limits: TelegramLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self._sent: dict[Hashable, deque[float]] = {}  # when Telegram answered, oldest first
        self._in_flight: dict[Hashable, int] = {}
        self._paused: dict[Hashable, float] = {}  # key -> clock time until Telegram said wait

    def keys_for(self, chat_id: int | str | None, paced: bool) -> Keys:
        """The windows one message to `chat_id` must fit into."""
        limits = self.limits
        if chat_id is None:
            return []
        keys: Keys = [(GLOBAL, _Rule(limits.global_rate, limits.global_window + limits.slack))]
        is_group = isinstance(chat_id, str) or chat_id < 0
        if is_group:
            keys.append((chat_id, _Rule(limits.group_rate, limits.group_window + limits.slack)))
        elif paced:
            keys.append((chat_id, _Rule(limits.chat_rate, limits.chat_window + limits.slack)))
        return keys

    def wait_time(self, keys: Keys, now: float | None = None) -> float:
        """Seconds until a message on these keys may go (0 if now)."""
        now = self.clock() if now is None else now
        wait = 0.0
        for key, rule in keys:
            wait = max(wait, self._paused.get(key, 0.0) - now)
            sent = self._sent.get(key, ())
            while sent and sent[0] <= now - rule.window:
                sent.popleft()
            room = rule.rate - self._in_flight.get(key, 0)
            if room <= 0:  # only an answer from Telegram can make room
                wait = max(wait, IN_FLIGHT_POLL)
            elif len(sent) >= room:
                wait = max(wait, sent[-room] + rule.window - now)
        return max(wait, 0.0)

    def take(self, keys: Keys) -> Slot:
        """Count a message as in flight on these keys (call `wait_time` first)."""
        for key, _ in keys:
            self._in_flight[key] = self._in_flight.get(key, 0) + 1
        return Slot(keys)

    def release(self, slot: Slot) -> None:
        """Telegram answered (or the request failed): the message counts from now on."""
        if slot.done:
            return
        slot.done = True
        now = self.clock()
        for key, _ in slot.keys:
            self._in_flight[key] -= 1
            if not self._in_flight[key]:
                del self._in_flight[key]
            self._sent.setdefault(key, deque()).append(now)

    def remember(self, keys: Keys, at: float) -> None:
        """A message Telegram received at `at` (clock time), before this gate existed: the
        previous process's last window still counts after a restart. Call oldest first."""
        for key, _ in keys:
            sent = self._sent.setdefault(key, deque())
            sent.append(max(at, sent[-1]) if sent else at)

    def pause(self, chat_id: int | str | None, seconds: float) -> None:
        """Telegram answered 429: nothing more to this chat (or at all) for `seconds`."""
        key = GLOBAL if chat_id is None else chat_id
        until = self.clock() + seconds
        self._paused[key] = max(self._paused.get(key, 0.0), until)

    async def acquire(self, keys: Keys) -> Slot:
        """Wait until a message fits every window, then take its place.

        Checking and taking happen without an await in between, so concurrent callers never
        both take the last place in a window.
        """
        while (delay := self.wait_time(keys)) > 0:  # noqa: ASYNC110 - waiting for time to pass
            await asyncio.sleep(delay)
        return self.take(keys)


class TelegramRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Every Bot API request that names a chat passes the gate first.

    `rate_limit_args` (per call): `{"paced": True}` adds the per-chat limit for private chats
    (the outbox sender uses it); `{"max_retries": 0}` hands a 429 straight back to the caller
    (the sender keeps its own durable retry schedule); `{"slot": slot}`: the caller took the
    place already (`RateGate.take`). Interactive replies get one retry.
    """

    def __init__(self, limits: TelegramLimits | None = None, max_retries: int = 1) -> None:
        self.gate = RateGate(limits or TelegramLimits())
        self.max_retries = max_retries

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for a place in every window of the request's chat, then send it."""
        options = rate_limit_args or {}
        retries = int(options.get("max_retries", self.max_retries))
        chat_id: Any = data.get("chat_id")
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(chat_id)
        keys = self.gate.keys_for(chat_id, bool(options.get("paced")))
        slot: Slot | None = options.get("slot")
        for attempt in range(retries + 1):
            if slot is None or slot.done:
                slot = await self.gate.acquire(keys)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = exc.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                self.gate.pause(chat_id, seconds)
                logger.warning("Telegram asked to wait %.0f s (%s)", seconds, endpoint)
                if attempt == retries:
                    raise
            finally:
                self.gate.release(slot)
        raise AssertionError("unreachable")  # pragma: no cover
