"""After a crash, the fresh sender remembers what the old process just sent: Telegram still
counts those messages, so the first round after a restart must not overrun the window."""

from __future__ import annotations

import asyncio
import time

import pytest

from runtime.delivery import Hooks, Sender
from runtime.ratelimit import RateGate, TelegramLimits
from storage.db import Database
from storage.outbox import Outbox


async def queue(db: Database, chats: range) -> list[int]:
    async with db.transaction():
        return [
            await Outbox(db).add(chat, {"text": "x"}, purpose="reminder") or 0 for chat in chats
        ]


async def test_recent_sends_are_put_into_the_fresh_gate(db: Database) -> None:
    outbox = Outbox(db)
    ids = await queue(db, range(1, 32))
    async with db.transaction():
        for row in ids[:30]:
            await outbox.mark_sent(row, 1)  # the old process sent 30 in its last second
    await outbox.mark_sending(ids[30])  # and one was in flight when it died
    clock = time.monotonic
    gate = RateGate(TelegramLimits(), clock)
    sender = Sender(None, db, gate, Hooks())  # type: ignore[arg-type]
    await sender._remember_recent_sends()
    assert len(await outbox.recent_sends(61.0)) == 31
    # A new chat must wait: the second is full. The chat in flight must wait its second too.
    assert gate.wait_time(gate.keys_for(999, paced=True)) > 0.5
    assert gate.wait_time(gate.keys_for(31, paced=True)) > 0.9


async def test_a_quiet_outbox_starts_at_once(db: Database) -> None:
    old = await queue(db, range(1, 3))
    async with db.transaction():
        await Outbox(db).mark_sent(old[0], 1)
        await db.conn.execute(
            "UPDATE outbox SET sent_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", (old[0],)
        )
    gate = RateGate(TelegramLimits(), time.monotonic)
    await Sender(None, db, gate, Hooks())._remember_recent_sends()  # type: ignore[arg-type]
    assert gate.wait_time(gate.keys_for(999, paced=True)) == 0.0


async def test_a_later_message_never_overtakes_one_to_the_same_chat_that_must_wait(
    db: Database,
) -> None:
    """The chat's limit frees up while one round looks at its rows: the first must still go
    first ("✏️ geändert" before "❌ Abgesagt"), not the second because it was looked at later."""
    ticks = iter(range(100))
    gate = RateGate(TelegramLimits(), lambda: next(ticks) * 5.0)  # 5 s pass at every look
    gate.remember(gate.keys_for(7, paced=True), at=0.0)  # a message to chat 7 went out at 0
    await queue(db, range(7, 8))
    await queue(db, range(7, 8))
    sender = Sender(None, db, gate, Hooks())  # type: ignore[arg-type]
    await sender._round()
    assert sender._in_flight == {}  # neither: the first must wait, so the second waits too


async def test_stopping_right_after_a_wake_stops(db: Database) -> None:
    """A send finishing (or a row queued) wakes the sender in the moment the bot stops: the
    stop must still end the sender's loop, not wait for it forever."""
    for _ in range(20):
        sender = Sender(None, db, None, Hooks())  # type: ignore[arg-type]
        await sender.start()
        await asyncio.sleep(0.01)  # the loop waits for its next round
        sender.wake()
        stopping = asyncio.create_task(sender.stop())
        done, _ = await asyncio.wait([stopping], timeout=2)
        assert done, "stop() still waits for the sender's loop"


async def test_a_sender_loop_that_died_is_logged_when_the_bot_stops(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    class Died(BaseException):  # not an Exception: the loop's own guard does not catch it
        pass

    async def dies() -> None:
        raise Died

    sender = Sender(None, db, None, Hooks())  # type: ignore[arg-type]
    sender._task = asyncio.create_task(dies())
    await asyncio.sleep(0)
    await sender.stop()
    assert "outbox: the sender had stopped" in caplog.text
