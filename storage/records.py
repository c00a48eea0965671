"""What /meinedaten shows: each store describes a citizen's data as Records (storage/privacy.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Record:
    """One stored thing about a citizen: its kind ("signup", "subscription", "ticket", ...)
    and its fields as (label, value) pairs, in the order they should be shown. Labels are
    keys the bot translates; a value is text, a code the bot translates (a status, a
    category), or a tuple of choices (shown as a list)."""

    kind: str
    fields: tuple[tuple[str, str | tuple[str, ...]], ...]
