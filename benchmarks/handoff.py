"""`make bench-handoff`: 30 citizens ask at the same moment; how long until the team has all
30 cards, at Telegram's real limit of 20 messages per minute into a group?

The real bot (bot.build_app) runs against the fake Bot API server of the tests, which
enforces the limit as Telegram words it (a sliding window: never more than 20 messages to the
group in any 60 seconds) and answers anything beyond with 429. Reported: the time until the
last card arrived, 429s the bot provoked (target 0), cards lost or delivered twice (target 0),
and how quickly the citizens got their acknowledgements (they do not wait for the group).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fake_bot_api import FakeBotApi
from harness import COORDINATOR_CHAT_ID, TOKEN, RunningBot

TICKETS = 30


async def run() -> int:
    """Run the scenario once and print the figures; exit status 1 if a target is missed."""
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeBotApi(token=TOKEN) as fake:
            fake.group(COORDINATOR_CHAT_ID, "Koordinierungsstelle")
            fake.limits(group_per_minute=20, group_window=60.0)
            env = {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "COORDINATOR_CHAT_ID": str(COORDINATOR_CHAT_ID),
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "BOT_DB_PATH": str(Path(tmp) / "bot.sqlite3"),
                "TICKETS_PER_HOUR": "5",
            }
            bot = RunningBot(fake, env)
            await bot.start()
            try:
                citizens = [fake.user(7000 + n, f"Person{n}") for n in range(TICKETS)]
                started = time.monotonic()
                await asyncio.gather(
                    *(
                        fake.send_text(c, f"Bench {n}: Wann öffnet das Standesamt?")
                        for n, c in enumerate(citizens)
                    )
                )

                def cards() -> list[dict]:
                    return [m for m in fake.sent_to(COORDINATOR_CHAT_ID) if "Bench " in m["text"]]

                arrivals: dict[int, float] = {}
                acks: list[float] = []
                while len(cards()) < TICKETS and time.monotonic() - started < 240:
                    await asyncio.sleep(0.05)
                    now = time.monotonic() - started
                    for c in citizens:
                        if c.id not in arrivals and fake.sent_to(c.id):
                            arrivals[c.id] = now
                    acks = list(arrivals.values())
                elapsed = time.monotonic() - started
            finally:
                await bot.stop()
            numbers = [m["text"].split("Bench ")[1].split(":")[0] for m in cards()]
            lost = TICKETS - len(set(numbers))
            twice = len(numbers) - len(set(numbers))
            print(f"{TICKETS} tickets at once into a group limited to 20 messages per minute")
            print(f"  all cards delivered after   {elapsed:6.1f} s")
            print(f"  429s provoked               {fake.provoked_429:6d}   (target 0)")
            print(f"  cards lost / twice          {lost:3d} / {twice}   (target 0 / 0)")
            if acks:
                print(
                    f"  citizens' acknowledgements  median {statistics.median(acks):.2f} s,"
                    f" last {max(acks):.2f} s (not held up by the group limit)"
                )
            return 0 if fake.provoked_429 == 0 and lost == 0 and twice == 0 else 1


def main() -> int:
    """Entry point of `python -m benchmarks.handoff`."""
    return asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
