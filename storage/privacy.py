"""Everything the bot stores about one citizen, across stores: shown and deleted as one.

PARTS lists the stores that keep personal data (the outbox and the conversation state are
cleared by handlers/privacy.py and the persistence) with two functions: `describe` returns the
citizen's records in readable form (for /meinedaten) and `forget` deletes or anonymises them
(for /loeschen). `forget_user` runs every `forget` in one transaction, so a deletion is
complete or not done at all. A new store with personal data adds itself to PARTS (the test
that scans every cell after /loeschen finds one that did not).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from storage import seen, signups, subscriptions, ticket_retention
from storage.db import Database
from storage.records import Record

Describe = Callable[[Database, int], Awaitable[list[Record]]]
Forget = Callable[[Database, int], Awaitable[int]]  # inside the caller's transaction

PARTS: dict[str, tuple[Describe, Forget]] = {
    # the order /meinedaten shows them in (as before the layout change)
    "tickets": (ticket_retention.describe, ticket_retention.forget),
    "subscriptions": (subscriptions.describe, subscriptions.forget),
    "signups": (signups.describe, signups.forget),
    "seen": (seen.describe, seen.forget),  # marks of handled messages, two days at most
}


async def describe_user(db: Database, user_id: int) -> list[Record]:
    """Every record about this citizen, component by component."""
    records: list[Record] = []
    for describe, _ in PARTS.values():
        records += await describe(db, user_id)
    return records


async def forget_user(
    db: Database,
    user_id: int,
    *,
    then: Callable[[dict[str, int]], Awaitable[None]] | None = None,
) -> dict[str, int]:
    """Delete or anonymise everything about this citizen; how many rows each part touched.

    `then` runs in the same transaction with those counts, e.g. to queue a notice for the
    team: the notice is queued if and only if the deletion is committed.
    """
    async with db.transaction():
        counts = {name: await forget(db, user_id) for name, (_, forget) in PARTS.items()}
        if then is not None:
            await then(counts)
        return counts
