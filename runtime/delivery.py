"""The sender: works the outbox until every row is confirmed by Telegram or refused for good.

Feature modules queue rows with `storage.outbox.Outbox.add` inside their own transaction and
call `context.wake_outbox()`; they say what should happen once a row is sent (link the message to a
ticket, mark a reminder done), refused with 403 (the citizen blocked the bot) or refused for
another reason (a chat that no longer exists) through `on_sent` / `on_forbidden` /
`on_failed` hooks registered per purpose at start-up.

How a row travels:
* due rows are read oldest first; a row goes only when its chat may receive a message now
  (the shared `RateGate`: 30/s overall, 20/min per group, 1/s per private chat) and no
  other row of the same chat is in flight, so each chat gets its messages in order and one
  busy group never holds up the rest;
* `sending` is committed before the request, `sent` (with the hook) after Telegram's answer;
* 429: back in the queue until `retry_after` has passed (the gate pauses that chat too);
  network errors and 5xx: back in the queue with exponential backoff; 403: `failed` plus the
  purpose's `on_forbidden` hook; a group that became a supergroup: its rows move along;
  other 400s: `failed` plus the purpose's `on_failed` hook, logged without the message text;
* rows for the coordinator chat are never given up: if Telegram refuses them (the bot was
  removed from the group, a wrong chat id) they wait with backoff until the chat works again,
  and the log says why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, ExtBot
from telegram.warnings import PTBUserWarning

from runtime.ratelimit import RateGate, Slot
from storage.db import Database
from storage.outbox import Outbox, OutboxItem

logger = logging.getLogger(__name__)

SentHook = Callable[[Database, OutboxItem, Message], Awaitable[None]]
ForbiddenHook = Callable[[Database, OutboxItem], Awaitable[None]]

# A row stores a Bot API method and its JSON parameters, so that any kind of message can wait
# in the outbox; Bot.do_api_request is the generic call for that, and PTB's hint to use the
# typed method instead does not apply.
warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.\w+' instead of", category=PTBUserWarning
)

BATCH = 200  # due rows read per round
IDLE_WAIT = 30.0  # seconds between checks when nothing is due (a wake() cuts it short)
MAX_BACKOFF = 600.0


@dataclass
class Hooks:
    """What feature modules want done when their rows are sent or refused, by purpose."""

    sent: dict[str, SentHook] = field(default_factory=dict)
    forbidden: dict[str, ForbiddenHook] = field(default_factory=dict)
    failed: dict[str, ForbiddenHook] = field(default_factory=dict)


def on_sent(app: Application, purpose: str, hook: SentHook) -> None:
    """Run `hook` in the transaction that marks a row of `purpose` sent."""
    app.bot_data.hooks.sent[purpose] = hook


def on_forbidden(app: Application, purpose: str, hook: ForbiddenHook) -> None:
    """Run `hook` in the transaction that marks a row of `purpose` refused with 403."""
    app.bot_data.hooks.forbidden[purpose] = hook


def on_failed(app: Application, purpose: str, hook: ForbiddenHook) -> None:
    """Run `hook` in the transaction that marks a row of `purpose` refused for good for any
    reason but 403 (e.g. 400 "chat not found")."""
    app.bot_data.hooks.failed[purpose] = hook


def backoff(attempts: int, base: float) -> float:
    """Seconds to wait after the `attempts`-th failure: doubling, capped, with jitter."""
    delay = min(MAX_BACKOFF, base * 2 ** max(attempts - 1, 0))
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography


class Sender:
    """Sends outbox rows in the background; `start` after the database is open, `stop` before
    it closes."""

    def __init__(
        self,
        bot: ExtBot,
        db: Database,
        gate: RateGate | None,
        hooks: Hooks,
        *,
        concurrency: int = 8,
        backoff_base: float = 2.0,
        keep_trying: frozenset[int] = frozenset(),
    ) -> None:
        self.bot = bot
        self.db = db
        self.outbox = Outbox(db)
        self.gate = gate
        self.hooks = hooks
        self.concurrency = concurrency
        self.backoff_base = backoff_base
        self.keep_trying = keep_trying  # chats whose rows are never given up
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}  # outbox id -> its send
        self._busy_chats: set[int] = set()

    async def start(self) -> None:
        """Requeue rows a crash left in flight and begin working the outbox."""
        await self._remember_recent_sends()
        recovered = await self.outbox.recover()
        if recovered:
            logger.warning(
                "outbox: %d message(s) interrupted by a restart are sent again", recovered
            )
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def _remember_recent_sends(self) -> None:
        """Telegram still counts what the previous process sent in its last window (a crash,
        a quick restart): put those sends into the fresh gate, so the first round after a
        restart does not overrun the window and earn 429s."""
        if self.gate is None:
            return
        limits = self.gate.limits
        within = max(limits.global_window, limits.chat_window, limits.group_window) + limits.slack
        wall, mono = time.time(), self.gate.clock()
        for chat_id, sent in await self.outbox.recent_sends(within, wall):
            self.gate.remember(self.gate.keys_for(chat_id, paced=True), mono - (wall - sent))

    async def stop(self, grace: float = 5.0) -> None:
        """Stop taking rows; give sends in flight `grace` seconds to finish."""
        if self._task is not None:
            loop, self._task = self._task, None
            loop.cancel()
            await asyncio.wait([loop])  # a cancel of stop() itself still propagates
            if not loop.cancelled() and loop.exception() is not None:
                logger.error("outbox: the sender had stopped", exc_info=loop.exception())
        if self._in_flight:
            _, pending = await asyncio.wait(self._in_flight.values(), timeout=grace)
            for task in pending:  # still `sending`: recovered and sent at the next start
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    def wake(self) -> None:
        """Look at the outbox now."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            # Cleared before the round, not after: a wake() during the round (a send finished,
            # a row was queued) must start the next round at once, not be lost.
            self._wake.clear()
            try:
                pause = await self._round()
            except asyncio.CancelledError:
                raise
            except Exception:  # a broken round must not stop delivery for good
                logger.exception("outbox: round failed")
                pause = self.backoff_base
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancel that
            # arrives together with a wake(), and stop() then waited for this loop forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(pause):
                    await self._wake.wait()

    async def _round(self) -> float:
        """Start every send that may go now; return how long to wait before the next round."""
        now = time.time()
        pause = IDLE_WAIT
        free = self.concurrency - len(self._in_flight)
        held: set[int] = set()  # chats whose oldest due row must wait: the rest waits behind it
        for item in await self.outbox.due(limit=BATCH, now=now) if free > 0 else []:
            if free <= 0:
                break
            if item.id in self._in_flight or item.chat_id in (self._busy_chats | held):
                continue
            wait, slot = self._reserve(item.chat_id)
            if wait > 0:
                # Without this, a later row of the same chat could find the limit free a
                # moment later in this very loop and overtake it ("Abgesagt" before
                # "geändert").
                held.add(item.chat_id)
                pause = min(pause, wait)
                continue
            self._busy_chats.add(item.chat_id)
            send = self._deliver(item, slot)
            task = asyncio.create_task(send, name=f"outbox-{item.id}")
            self._in_flight[item.id] = task
            free -= 1
        next_due = await self.outbox.next_due()
        if next_due is not None:
            pause = min(pause, max(next_due - time.time(), 0.0))
        if free <= 0:
            pause = min(pause, 1.0)  # a finishing send wakes us earlier
        return max(pause, 0.005)

    def _reserve(self, chat_id: int) -> tuple[float, Slot | None]:
        """Take a place in Telegram's limits for one message to `chat_id` now, or say how long
        until there is one. Checked and taken without an await in between: while the limits
        are full, replies sent interactively must not take every place that frees up before
        the outbox gets to it."""
        if self.gate is None:
            return 0.0, None
        keys = self.gate.keys_for(chat_id, paced=True)
        wait = self.gate.wait_time(keys)
        return (0.0, self.gate.take(keys)) if wait <= 0 else (wait, None)

    async def _deliver(self, item: OutboxItem, slot: Slot | None) -> None:
        try:
            await self.outbox.mark_sending(item.id)
            await self._attempt(item, slot)
        except Exception:  # unexpected: keep the row and try again later
            logger.exception("outbox: row %d (%s) failed unexpectedly", item.id, item.purpose)
            await self.outbox.retry_later(
                item.id, time.time() + backoff(item.attempts + 1, self.backoff_base), "internal"
            )
        finally:
            if slot is not None and self.gate is not None:
                self.gate.release(slot)  # if the request never reached the limiter
            self._in_flight.pop(item.id, None)
            self._busy_chats.discard(item.chat_id)
            self._wake.set()

    async def _attempt(self, item: OutboxItem, slot: Slot | None) -> None:
        params: dict[str, Any] = {"chat_id": item.chat_id, **item.payload}
        try:
            result = await self.bot.do_api_request(
                item.method,
                api_kwargs=params,
                return_type=Message if item.method.startswith("send") else None,
                # the place was reserved in _reserve; 429s come back to us (durable retry);
                # no limiter in the offline console
                rate_limit_args=(
                    {"paced": True, "max_retries": 0, "slot": slot}
                    if self.bot.rate_limiter
                    else None
                ),
            )
        except RetryAfter as exc:
            seconds = _seconds(exc.retry_after)
            await self.outbox.retry_later(
                item.id, time.time() + seconds, "429", count_attempt=False
            )
            return
        except ChatMigrated as exc:
            if item.chat_id in self.keep_trying:  # a group id is no personal data
                logger.error(
                    "outbox: the coordinator group is now the supergroup %d; set"
                    " COORDINATOR_CHAT_ID=%d and restart, or the team's replies there go unseen",
                    exc.new_chat_id,
                    exc.new_chat_id,
                )
            else:
                logger.warning("outbox: chat moved to a supergroup; rows follow it")
            await self.outbox.move_chat(item.chat_id, int(exc.new_chat_id))
            return
        except Forbidden as exc:
            await self._refused(item, exc, forbidden=True)
            return
        except BadRequest as exc:
            if "message to be replied not found" in exc.message.lower():
                payload = {k: v for k, v in item.payload.items() if k != "reply_parameters"}
                await self.outbox.update_payload(item.id, payload)
                return
            await self._refused(item, exc, forbidden=False)
            return
        except NetworkError as exc:  # timeouts, connection errors, 5xx
            delay = backoff(item.attempts + 1, self.backoff_base)
            logger.info("outbox: row %d retried in %.1f s (%s)", item.id, delay, exc.message)
            await self.outbox.retry_later(item.id, time.time() + delay, exc.message)
            return
        message = result if isinstance(result, Message) else None
        async with self.db.transaction():
            await self.outbox.mark_sent(item.id, message.message_id if message else None)
            hook = self.hooks.sent.get(item.purpose)
            if hook is not None and message is not None:
                await hook(self.db, item, message)

    async def _refused(self, item: OutboxItem, exc: Exception, *, forbidden: bool) -> None:
        if item.chat_id in self.keep_trying:
            delay = backoff(item.attempts + 1, self.backoff_base)
            logger.error(
                "outbox: the coordinator chat refuses messages (%s); is the bot still a member"
                " and COORDINATOR_CHAT_ID right? Retrying in %.0f s",
                exc,
                delay,
            )
            await self.outbox.retry_later(item.id, time.time() + delay, str(exc))
            return
        logger.warning("outbox: row %d (%s) refused by Telegram: %s", item.id, item.purpose, exc)
        async with self.db.transaction():
            await self.outbox.fail(item.id, str(exc), blocked=forbidden)
            hooks = self.hooks.forbidden if forbidden else self.hooks.failed
            hook = hooks.get(item.purpose)
            if hook is not None:
                await hook(self.db, item)


def _seconds(value: object) -> float:
    """RetryAfter.retry_after is an int or a timedelta, depending on the PTB version."""
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]
