"""`make bench-broadcast`: one reminder to every subscriber, through the fake Bot API, at
Telegram's limits; once undisturbed and once with the bot killed (SIGKILL) halfway.

The fake Bot API (tests/fake_bot_api.py) runs in this process on 127.0.0.1 and enforces
30 messages per second overall and 1 per second per chat, answering 429 beyond that; it
counts per chat what arrived. The bot runs as a separate process (`python bot.py`) on a
database file prepared here: one event, N subscribers who tapped "Erinnern", and their
reminders already due (the event has not begun), so the bot's start-up catch-up moves them
into the outbox and the sender works them off. In the second run the benchmark kills the
bot with SIGKILL once half the subscribers have their reminder, starts it again on the same
file, and lets it finish; the fake keeps counting across the restart.

Reported per run: messages per second (target >= 28), 429s provoked (target 0), duplicates
(a chat that got the reminder twice) and losses (a subscriber who never got it), targets 0.

    python -m benchmarks.broadcast                      # 10,000, then 3,000 with a kill
    python -m benchmarks.broadcast --subscribers 2000 --killed 1000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import FakeBotApi  # noqa: E402 - the fake lives with the tests

from storage.db import Database, now_utc  # noqa: E402
from storage.events import EventData, Events  # noqa: E402
from storage.reminders import Reminders  # noqa: E402
from storage.subscriptions import EVENT, Subscriptions  # noqa: E402

TOKEN = "123456:ABCDEF-broadcast-benchmark"  # noqa: S105 - the fake server's token
COORDINATOR_CHAT_ID = -1009999
FIRST_USER = 10_000_000  # subscriber chat ids: FIRST_USER, FIRST_USER + 1, ...
LEAD = timedelta(minutes=60)  # REMINDER_LEAD_TIMES for the bot: one reminder per subscriber
STALL = 90.0  # seconds without a new reminder before the run is given up
SETTLE = 3.0  # seconds to keep counting after the last reminder (late duplicates)
TARGET_RATE = 28.0


@dataclass
class Run:
    """What one run measured."""

    name: str
    subscribers: int
    received: Counter[int] = field(default_factory=Counter)  # chat id -> reminders received
    times: list[float] = field(default_factory=list)  # arrival of each reminder (monotonic)
    provoked_429: int = 0
    wall: float = 0.0
    killed_at: int | None = None  # subscribers served when the bot was killed
    in_flight_at_kill: int | None = None  # outbox rows the killed bot had in flight
    gap: float = 0.0  # seconds without reminders around the restart
    split: int | None = None  # index in `times` of the first reminder after the restart
    violations: list[tuple[float, str]] = field(default_factory=list)  # 429s: when, which limit

    @property
    def delivered(self) -> int:
        return len(self.received)

    @property
    def duplicates(self) -> int:
        return sum(count - 1 for count in self.received.values() if count > 1)

    @property
    def losses(self) -> int:
        return self.subscribers - self.delivered

    @property
    def rate(self) -> float:
        """Reminders per second while the bot was sending: measured over each process's
        stretch of sending (first to last reminder), the restart left out."""
        cut = self.split or len(self.times)
        stretches = [s for s in (self.times[:cut], self.times[cut:]) if len(s) >= 2]
        sent = sum(len(s) - 1 for s in stretches)
        span = sum(s[-1] - s[0] for s in stretches)
        return sent / span if span > 0 else 0.0


async def prepare(db_path: Path, subscribers: int) -> None:
    """One event starting in 30 minutes; each subscriber's 60-minute reminder is due."""
    db = await Database.open(db_path)
    try:
        now = now_utc()
        async with db.transaction():
            event = await Events(db).create(
                EventData(
                    title="Benchmark: Erinnerung an alle",
                    starts_at=now + timedelta(minutes=30),
                    place="Dessau-Roßlau",
                    category="netzwerk",
                    description="Ein Termin für den Broadcast-Benchmark.",
                )
            )
            users = range(FIRST_USER, FIRST_USER + subscribers)
            for user_id in users:
                await Subscriptions(db).add(user_id, "de", EVENT, event_id=event.id)
            # Planned an hour ago, when the reminder was still ahead: due now, not skipped.
            await Reminders(db).plan(event, users, [LEAD], now - timedelta(hours=1))
    finally:
        await db.close()


def start_bot(fake: FakeBotApi, db_path: Path, log: Path) -> subprocess.Popen[bytes]:
    """`python bot.py` against the fake server, on the prepared database."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "COORDINATOR_CHAT_ID": str(COORDINATOR_CHAT_ID),
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "BOT_DB_PATH": str(db_path),
        "REMINDER_LEAD_TIMES": "60min",
        "LOG_LEVEL": "WARNING",
    }
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 - our own bot.py, a fixed command
            [sys.executable, str(ROOT / "bot.py")], cwd=ROOT, env=env, stdout=out, stderr=out
        )


def in_flight(db_path: Path) -> int:
    """Outbox rows a killed bot left `sending` (its requests in flight at the kill)."""
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        row = conn.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sending'").fetchone()
    return int(row[0])


def pending(db_path: Path) -> int:
    """Outbox rows not yet sent (read while the bot runs: WAL lets readers in)."""
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
        ).fetchone()
    return int(row[0])


async def broadcast(subscribers: int, *, kill: bool, workdir: Path) -> Run:
    """One run: prepare, start the bot, (kill and restart it,) count until all arrived."""
    run = Run("SIGKILL halfway" if kill else "undisturbed", subscribers)
    db_path = workdir / f"{'killed' if kill else 'normal'}.sqlite3"
    log = workdir / f"{'killed' if kill else 'normal'}.log"
    print(f"  preparing {subscribers:,} subscribers …", flush=True)
    await prepare(db_path, subscribers)
    async with FakeBotApi(token=TOKEN) as fake:
        fake.group(COORDINATOR_CHAT_ID)
        fake.limits(global_per_second=30, per_chat_per_second=1.0)  # Telegram's limits
        seen = 0  # calls looked at
        waiting: list[int] = []  # sendMessage calls not answered yet when looked at

        def count() -> None:
            nonlocal seen, waiting
            calls = fake.calls
            fresh = [i for i in range(seen, len(calls)) if calls[i].method == "sendMessage"]
            seen = len(calls)
            still = []
            for index in waiting + fresh:
                call = calls[index]
                if call.status is None:
                    still.append(index)
                    continue
                chat = call.params.get("chat_id")
                if call.ok and chat is not None and int(chat) >= FIRST_USER:
                    run.received[int(chat)] += 1
                    run.times.append(call.time)
            waiting = still
            run.times.sort()

        started = time.monotonic()
        bot = start_bot(fake, db_path, log)
        try:
            last_progress, last_count, shown = time.monotonic(), 0, 0
            while run.delivered < subscribers:
                await asyncio.sleep(0.05)
                count()
                if len(run.times) != last_count:
                    last_progress, last_count = time.monotonic(), len(run.times)
                elif time.monotonic() - last_progress > STALL:
                    raise RuntimeError(f"no progress for {STALL:.0f} s; see {log}")
                if bot.poll() is not None:
                    raise RuntimeError(f"the bot exited with {bot.returncode}; see {log}")
                if kill and run.killed_at is None and run.delivered >= subscribers // 2:
                    bot.send_signal(signal.SIGKILL)
                    bot.wait()
                    before_kill = run.times[-1]
                    run.killed_at = run.delivered
                    run.in_flight_at_kill = in_flight(db_path)
                    print(
                        f"  killed the bot (SIGKILL) at {run.delivered:,} delivered;"
                        f" {run.in_flight_at_kill} send(s) were in flight; restarting …",
                        flush=True,
                    )
                    bot = start_bot(fake, db_path, log)
                    served = len(run.times)
                    while len(run.times) == served and run.delivered < subscribers:
                        await asyncio.sleep(0.05)  # until the first reminder after the restart
                        count()
                        if bot.poll() is not None:
                            raise RuntimeError(f"the bot exited with {bot.returncode}; see {log}")
                        if time.monotonic() - last_progress > STALL:
                            raise RuntimeError(f"no progress after the restart; see {log}")
                    if len(run.times) > served:
                        run.gap = run.times[served] - before_kill
                        run.split = served
                if run.delivered // 1000 > shown:
                    shown = run.delivered // 1000
                    print(f"  … {run.delivered:,} delivered", flush=True)
            deadline = time.monotonic() + SETTLE  # late duplicates would arrive now
            while time.monotonic() < deadline or pending(db_path):
                await asyncio.sleep(0.1)
                count()
                if time.monotonic() > deadline + STALL:
                    break
            run.wall = time.monotonic() - started
        finally:
            if bot.poll() is None:
                bot.send_signal(signal.SIGTERM)
                try:
                    await asyncio.to_thread(bot.wait, 20)
                except subprocess.TimeoutExpired:
                    bot.kill()
        count()
        run.provoked_429 = fake.provoked_429
        run.violations = [(v.time, v.limit) for v in fake.rate_limit_violations]
    return run


def table(runs: list[Run]) -> str:
    """The figures as a table, with the targets."""
    header = (
        f"{'run':<17}{'subscribers':>12}{'delivered':>11}{'msgs/s':>9}{'429s':>7}"
        f"{'duplicates':>12}{'losses':>8}{'wall time':>11}"
    )
    lines = [header, "-" * len(header)]
    for run in runs:
        lines.append(
            f"{run.name:<17}{run.subscribers:>12,}{run.delivered:>11,}{run.rate:>9.1f}"
            f"{run.provoked_429:>7}{run.duplicates:>12}{run.losses:>8}{run.wall:>10.1f}s"
        )
    lines.append(f"{'target':<17}{'':>12}{'':>11}{'>= 28':>9}{0:>7}{0:>12}{0:>8}")
    notes = []
    for run in runs:
        if run.killed_at is not None:
            notes.append(
                f"{run.name}: killed at {run.killed_at:,} delivered with {run.in_flight_at_kill}"
                f" send(s) in flight; {run.gap:.1f} s from the last reminder before the kill to the"
                " first after the restart (left out of msgs/s)."
            )
        if run.violations:
            kinds = Counter(limit for _, limit in run.violations)
            first = run.times[0] if run.times else 0.0
            at = ", ".join(f"{t - first:.1f} s" for t, _ in run.violations[:10])
            notes.append(
                f"{run.name}: 429s by limit: {dict(kinds)}, at {at} after the first reminder."
            )
    return "\n".join([*lines, "", *notes])


async def main(subscribers: int, killed: int) -> int:
    """Both runs; exit status 1 if a target was missed."""
    print(
        "Broadcast benchmark: one reminder per subscriber through the fake Bot API, which\n"
        "enforces 30 messages/s overall and 1 message/s per chat with 429s.\n",
        flush=True,
    )
    runs = []
    # The fake stands in for Telegram and stamps each request when it handles it. A garbage
    # collection of this process (its stored calls and messages grow to ~100,000 objects)
    # stops it for up to ~90 ms; requests that queued meanwhile would be stamped as arriving
    # together and provoke 429s that Telegram would not send. The fake's objects are freed by
    # reference counting, so this process runs without the cyclic collector.
    gc.disable()
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as tmp:
        workdir = Path(tmp)
        for count, kill in ((subscribers, False), (killed, True)):
            if count <= 0:
                continue
            label = "with a SIGKILL halfway" if kill else "undisturbed"
            print(f"Run {len(runs) + 1}: {count:,} subscribers, {label}", flush=True)
            runs.append(await broadcast(count, kill=kill, workdir=workdir))
    print()
    print(table(runs))
    missed = [
        r.name for r in runs if r.rate < TARGET_RATE or r.provoked_429 or r.duplicates or r.losses
    ]
    if missed:
        print(f"\nTargets missed in: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000, help="undisturbed run")
    parser.add_argument("--killed", type=int, default=3_000, help="run with a SIGKILL halfway")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.subscribers, args.killed)))
