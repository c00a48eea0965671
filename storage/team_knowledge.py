"""What the team taught the bot in its chat: the entries it published and the phrasings it
added (the `team_entries` and `team_phrasings` tables). knowledge/team.py merges them into the
knowledge base; handlers/teaching/ is where the team does it.

Nothing is deleted: withdrawing an entry or removing a phrasing marks its row, with who did it
and when, so /faq can show what happened and nothing goes silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from knowledge.team import Taught, TeamEntry
from storage.db import Store, inserted_id, iso_utc, now_utc

LIVE, WITHDRAWN, RETIRED = "live", "withdrawn", "retired"

_ENTRY_SELECT = """SELECT id, entry_id, category, title, answer, created_by, created_at,
                          changed_by, changed_at, status, note FROM team_entries"""


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def _entry(row: Sequence[Any]) -> TeamEntry:
    """A row of _ENTRY_SELECT: its first columns are TeamEntry's fields, in their order."""
    entry_id, category, title, answer, by = (str(value) for value in row[1:6])
    at = datetime.fromisoformat(str(row[6]))
    return TeamEntry(
        int(row[0]), entry_id, category, title, answer, by, at, row[7], _moment(row[8])
    )


def _taught(row: Sequence[Any]) -> Taught:
    """A row of team_phrasings (id, entry_id, text, language, added_by, added_at)."""
    entry_id, text, language, by = (str(value) for value in row[1:5])
    return Taught(int(row[0]), entry_id, text, language, by, datetime.fromisoformat(str(row[5])))


class TeamKnowledge(Store):
    """The team's entries and phrasings; every SQL statement is parameterised."""

    async def live_entries(self) -> list[TeamEntry]:
        """The team's entries in service, oldest first."""
        sql = f"{_ENTRY_SELECT} WHERE status = ? ORDER BY id"
        async with self.db.conn.execute(sql, (LIVE,)) as cursor:
            return [_entry(row) for row in await cursor.fetchall()]

    async def entry(self, entry_id: str) -> tuple[TeamEntry, str] | None:
        """One team entry and its status (live, withdrawn, retired)."""
        async with self.db.conn.execute(f"{_ENTRY_SELECT} WHERE entry_id = ?", (entry_id,)) as c:
            row = await c.fetchone()
        return (_entry(row), str(row[9])) if row else None

    async def entries(self) -> dict[str, tuple[TeamEntry, str]]:
        """Every team entry with its status (live, withdrawn, retired), by id."""
        async with self.db.conn.execute(_ENTRY_SELECT) as cursor:
            return {str(r[1]): (_entry(r), str(r[9])) for r in await cursor.fetchall()}

    async def entry_ids(self) -> set[str]:
        """Every id a team entry ever had (a new one takes none of them)."""
        async with self.db.conn.execute("SELECT entry_id FROM team_entries") as cursor:
            return {str(row[0]) for row in await cursor.fetchall()}

    async def phrasings(self, entry_id: str | None = None) -> list[Taught]:
        """Phrasings in service (not removed), of one entry or of all, oldest first. Those of
        a withdrawn team entry are not in service; those of a retired one serve the curated
        entry that took its id."""
        sql = """SELECT id, entry_id, text, language, added_by, added_at FROM team_phrasings
                 WHERE removed_at IS NULL AND (? IS NULL OR entry_id = ?) AND entry_id NOT IN
                   (SELECT entry_id FROM team_entries WHERE status = 'withdrawn')
                 ORDER BY id"""
        async with self.db.conn.execute(sql, (entry_id, entry_id)) as cursor:
            return [_taught(row) for row in await cursor.fetchall()]

    async def phrasing(self, phrasing_id: int) -> Taught | None:
        """One phrasing in service."""
        sql = """SELECT id, entry_id, text, language, added_by, added_at FROM team_phrasings
                 WHERE id = ? AND removed_at IS NULL"""
        async with self.db.conn.execute(sql, (phrasing_id,)) as cursor:
            row = await cursor.fetchone()
        return _taught(row) if row else None

    async def publish(
        self, entry_id: str, category: str, title: str, answer: str, by: str
    ) -> TeamEntry:
        """Add a team entry (no commit: the caller adds its phrasings in the same transaction)."""
        at = iso_utc(now_utc())
        cursor = await self.db.conn.execute(
            """INSERT INTO team_entries (entry_id, category, title, answer, created_by, created_at)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (entry_id, category, title, answer, by, at),
        )
        return TeamEntry(
            inserted_id(cursor), entry_id, category, title, answer, by, datetime.fromisoformat(at)
        )

    async def teach(self, entry_id: str, text: str, language: str, by: str) -> int | None:
        """Add a phrasing to an entry (no commit); None if the entry has it already."""
        sql = """SELECT 1 FROM team_phrasings WHERE entry_id = ? AND removed_at IS NULL
                  AND lower(text) = lower(?)"""
        async with self.db.conn.execute(sql, (entry_id, text)) as cursor:
            if await cursor.fetchone():
                return None
        cursor = await self.db.conn.execute(
            """INSERT INTO team_phrasings (entry_id, text, language, added_by, added_at)
               VALUES (?, ?, ?, ?, ?)""",
            (entry_id, text, language, by, iso_utc(now_utc())),
        )
        return inserted_id(cursor)

    async def remove_phrasing(self, phrasing_id: int, by: str) -> bool:
        """Take a phrasing out of service (its row stays); False if it was not in service."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                """UPDATE team_phrasings SET removed_by = ?, removed_at = ?
                   WHERE id = ? AND removed_at IS NULL""",
                (by, iso_utc(now_utc()), phrasing_id),
            )
            return cursor.rowcount > 0

    async def change(self, entry: TeamEntry, by: str) -> bool:
        """Put a live team entry's changed title, answer and category (`entry`, the stored one
        with its changes) into the table; False if the entry is not live."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                """UPDATE team_entries SET title = ?, answer = ?, category = ?,
                     changed_by = ?, changed_at = ?
                   WHERE entry_id = ? AND status = 'live'""",
                (entry.title, entry.answer, entry.category, by, iso_utc(now_utc()), entry.entry_id),
            )
            return cursor.rowcount > 0

    async def set_status(self, entry_id: str, status: str, by: str, note: str = "") -> bool:
        """Withdraw or retire a live team entry (its row and phrasings stay); False if it was
        not live."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                """UPDATE team_entries SET status = ?, note = ?, changed_by = ?, changed_at = ?
                    WHERE entry_id = ? AND status = 'live'""",
                (status, note or None, by, iso_utc(now_utc()), entry_id),
            )
            return cursor.rowcount > 0

    async def restore(self, entry_id: str, by: str) -> bool:
        """Put a withdrawn team entry back into service; False if it was not withdrawn."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                """UPDATE team_entries SET status = 'live', note = NULL, changed_by = ?,
                     changed_at = ? WHERE entry_id = ? AND status = 'withdrawn'""",
                (by, iso_utc(now_utc()), entry_id),
            )
            return cursor.rowcount > 0

    async def recent(self, limit: int) -> list[tuple[str, str, str, datetime]]:
        """What the team published or taught, newest first: (entry id, what, by, when), where
        `what` is 'published' or 'withdrawn' for a team entry and 'taught' for phrasings of a
        curated entry (one line per entry, with its latest phrasing's time)."""
        sql = """
            SELECT entry_id, CASE status WHEN 'live' THEN 'published' ELSE status END,
                   COALESCE(changed_by, created_by), COALESCE(changed_at, created_at) AS at
              FROM team_entries WHERE status IN ('live', 'withdrawn')
            UNION ALL
            SELECT entry_id, 'taught', added_by, MAX(added_at) FROM team_phrasings
             WHERE removed_at IS NULL AND entry_id NOT IN
               (SELECT entry_id FROM team_entries WHERE status IN ('live', 'withdrawn'))
             GROUP BY entry_id
            ORDER BY at DESC LIMIT ?"""
        async with self.db.conn.execute(sql, (limit,)) as cursor:
            return [
                (str(r[0]), str(r[1]), str(r[2]), datetime.fromisoformat(str(r[3])))
                for r in await cursor.fetchall()
            ]


class TeamPrompts(Store):
    """The bot's questions in the team chat that wait for a typed reply ("reply with the new
    title"): which draft or entry, and which field, a reply to them changes."""

    KEPT = timedelta(days=7)  # a question older than this is not answered any more

    async def ask(self, chat_id: int, message_id: int, target: str, field: str) -> None:
        """Remember a question sent to the team chat."""
        async with self.db.transaction() as conn:
            await conn.execute(
                """INSERT OR REPLACE INTO team_prompts
                     (chat_id, message_id, target, field, created_at) VALUES (?, ?, ?, ?, ?)""",
                (chat_id, message_id, target, field, iso_utc(now_utc())),
            )

    async def hold(self, chat_id: int, message_id: int, value: str) -> None:
        """Keep a typed value that waits for the team's confirmation (it looked personal)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE team_prompts SET pending = ? WHERE chat_id = ? AND message_id = ?",
                (value, chat_id, message_id),
            )

    async def held(self, chat_id: int, message_id: int) -> tuple[str, str, str] | None:
        """(target, field, value) of a held value, taken out of the prompt (once)."""
        async with self.db.transaction() as conn:
            sql = """SELECT target, field, pending FROM team_prompts
                     WHERE chat_id = ? AND message_id = ? AND pending IS NOT NULL"""
            async with conn.execute(sql, (chat_id, message_id)) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            await conn.execute(
                "UPDATE team_prompts SET pending = NULL WHERE chat_id = ? AND message_id = ?",
                (chat_id, message_id),
            )
        return str(row[0]), str(row[1]), str(row[2])

    async def asked(self, chat_id: int, message_id: int) -> tuple[str, str] | None:
        """The (target, field) a message of the bot asked for, if it is such a question."""
        since = iso_utc(now_utc() - self.KEPT)
        sql = """SELECT target, field FROM team_prompts
                 WHERE chat_id = ? AND message_id = ? AND created_at >= ?"""
        async with self.db.conn.execute(sql, (chat_id, message_id, since)) as cursor:
            row = await cursor.fetchone()
        return (str(row[0]), str(row[1])) if row else None

    async def purge(self) -> int:
        """Forget questions older than KEPT."""
        cutoff = iso_utc(now_utc() - self.KEPT)
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM team_prompts WHERE created_at < ?", (cutoff,))
            return cursor.rowcount
