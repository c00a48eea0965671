"""Everything the bot stores about one citizen, across components: shown and deleted as one.

Each storage module that keeps personal data registers two functions here at import time:
`describe` returns the citizen's records in readable form (for /meinedaten) and `forget`
deletes or anonymises them (for /loeschen). `forget_user` runs every `forget` in one
transaction, so a deletion is complete or not done at all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True, slots=True)
class Record:
    """One stored thing about a citizen: its kind ("signup", "subscription", "ticket", ...)
    and its fields as (label, value) pairs, in the order they should be shown. Labels are
    keys the bot translates; a value is text, a code the bot translates (a status, a
    category), or a tuple of choices (shown as a list)."""

    kind: str
    fields: tuple[tuple[str, str | tuple[str, ...]], ...]


Describe = Callable[[Database, int], Awaitable[list[Record]]]
Forget = Callable[[Database, int], Awaitable[int]]  # inside the caller's transaction

_PARTS: dict[str, tuple[Describe, Forget]] = {}


def register(name: str, describe: Describe, forget: Forget) -> None:
    """Declare a component's personal data (called at import time by storage modules)."""
    _PARTS[name] = (describe, forget)


async def describe_user(db: Database, user_id: int) -> list[Record]:
    """Every record about this citizen, component by component."""
    records: list[Record] = []
    for describe, _ in _PARTS.values():
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
        counts = {name: await forget(db, user_id) for name, (_, forget) in _PARTS.items()}
        if then is not None:
            await then(counts)
        return counts
