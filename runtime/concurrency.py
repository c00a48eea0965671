"""Updates of different chats are handled at the same time; one chat's updates in order.

python-telegram-bot handles one update after the other by default, so every answer waits for
the round trips of the updates before it: with 30 ms to Telegram and back, the bot manages
about 30 updates per second however fast it is. Handling all updates concurrently would let
a citizen's second message overtake the first, and conversations (the sign-up flow) rely on
their order. This processor runs updates of different chats concurrently and serialises the
updates of each chat: each chat's lock is taken in the order the updates arrived (asyncio
locks and semaphores wake their waiters first come, first served).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 32


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """At most `max_concurrent_updates` at a time; per chat, one after the other."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}  # updates holding or awaiting each chat's lock
        self.handled = 0  # updates whose handlers have finished (benchmarks and tests wait on it)

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        """Run the update's handlers once the chat's earlier updates are done."""
        key = _chat_key(update)
        if key is None:
            try:
                await coroutine
            finally:
                self.handled += 1
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self.handled += 1
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody else for this chat: forget its lock
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
