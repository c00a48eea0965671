"""Telegram's flood limits as sliding windows: never one message too many in any window."""

from __future__ import annotations

import pytest

from runtime.ratelimit import RateGate, TelegramLimits


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def send_all(gate: RateGate, clock: Clock, chat_id: int, count: int, paced: bool) -> list[float]:
    """Send `count` messages as early as the gate allows, each answered by Telegram at once;
    return when each went."""
    times = []
    keys = gate.keys_for(chat_id, paced)
    for _ in range(count):
        clock.now += gate.wait_time(keys)
        gate.release(gate.take(keys))
        times.append(clock.now)
    return times


def max_in_window(times: list[float], window: float) -> int:
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


def test_a_group_gets_at_most_20_messages_in_any_minute() -> None:
    clock = Clock()
    gate = RateGate(TelegramLimits(slack=0.0), clock)
    times = send_all(gate, clock, -100123, 45, paced=True)
    assert max_in_window(times, 60.0) == 20
    # The first 20 go at once, the next 20 a minute later: 45 messages in just over 2 minutes.
    assert times[19] == times[0]
    assert times[20] == pytest.approx(times[0] + 60.0)
    assert times[44] == pytest.approx(times[0] + 120.0)


def test_overall_limit_of_30_per_second_with_slack() -> None:
    clock = Clock()
    gate = RateGate(TelegramLimits(), clock)
    times = []
    for user in range(1, 301):  # 300 different private chats, one message each
        times += send_all(gate, clock, user, 1, paced=True)
    assert max_in_window(times, 1.0) <= 30
    assert 300 / (times[-1] - times[0]) >= 29  # close to Telegram's 30 per second


def test_paced_private_chat_gets_one_message_per_second_interactive_replies_do_not() -> None:
    clock = Clock()
    gate = RateGate(TelegramLimits(slack=0.0), clock)
    paced = send_all(gate, clock, 42, 3, paced=True)
    assert paced[1] - paced[0] == pytest.approx(1.0)
    replies = send_all(gate, clock, 43, 3, paced=False)
    assert replies[2] == replies[0]


def test_a_429_pauses_only_the_chat_it_came_for() -> None:
    clock = Clock()
    gate = RateGate(TelegramLimits(), clock)
    gate.pause(-100123, 7.0)
    assert gate.wait_time(gate.keys_for(-100123, paced=False)) == pytest.approx(7.0)
    assert gate.wait_time(gate.keys_for(42, paced=True)) == 0.0
    clock.now += 7.0
    assert gate.wait_time(gate.keys_for(-100123, paced=False)) == 0.0


def test_requests_without_a_chat_are_not_limited() -> None:
    gate = RateGate(TelegramLimits(), Clock())
    assert gate.keys_for(None, paced=True) == []


def test_a_message_in_flight_counts_until_telegram_answered() -> None:
    clock = Clock()
    gate = RateGate(TelegramLimits(slack=0.0), clock)
    keys = gate.keys_for(42, paced=True)  # one message per second into this private chat
    slot = gate.take(keys)  # sent at 1000.0 ...
    clock.now += 5.0
    assert gate.wait_time(keys) > 0  # ... still no answer: it may arrive any moment now
    gate.release(slot)  # Telegram answered at 1005.0: it arrived at 1005.0 at the latest
    assert gate.wait_time(keys) == pytest.approx(1.0)
    clock.now += 1.0
    assert gate.wait_time(keys) == 0.0
    gate.release(slot)  # releasing twice changes nothing
    assert gate.wait_time(keys) == 0.0


def test_thirty_in_flight_at_once_fill_the_second() -> None:
    gate = RateGate(TelegramLimits(slack=0.0), Clock())
    slots = [gate.take(gate.keys_for(user, paced=False)) for user in range(1, 31)]
    assert gate.wait_time(gate.keys_for(99, paced=False)) > 0
    gate.release(slots[0])
    assert gate.wait_time(gate.keys_for(99, paced=False)) == pytest.approx(1.0)
