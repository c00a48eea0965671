"""Volunteer sign-ups: one per Telegram user (signing up again updates it), with the consent.

Each row keeps what the person entered, the version of the privacy notice they agreed to and
when, and is deleted by the retention job once it has not changed for the retention period
(`delete_older_than`), or at once when the person asks (`privacy.forget_user`). Choices are
stored as the German labels shown at the time, so the record reads the same after a curator
renames a field. Knows nothing of Telegram.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from knowledge.dates import BERLIN
from storage.db import Database, Store, iso_utc, now_utc
from storage.records import Record

CARD_PURPOSE = "signup"  # outbox rows announcing a sign-up to the team; ref_id = user id
CSV_COLUMNS = (
    "Telegram-ID", "Name", "Interessen", "Verfügbarkeit", "Kontakt", "Notiz", "Sprache",
    "Einwilligung (Fassung)", "Einwilligung am", "Angemeldet am", "Geändert am",
)  # fmt: skip
CSV_DELIMITER = ";"  # what Excel expects in German settings (the comma is the decimal mark)
LIST_SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


@dataclass(frozen=True, slots=True)
class Signup:
    """One volunteer's sign-up."""

    user_id: int
    name: str
    interests: tuple[str, ...]
    availability: tuple[str, ...]
    contact: str | None
    note: str | None
    language: str
    consent_version: str
    consent_at: datetime
    created_at: datetime | None = None  # set by the database
    updated_at: datetime | None = None


def local_time(moment: datetime | None, form: str = "%Y-%m-%d %H:%M") -> str:
    """A time in German time, by default as spreadsheets sort it: 2026-11-25 14:30."""
    return moment.astimezone(BERLIN).strftime(form) if moment else ""


GERMAN_DATE = "%d.%m.%Y"  # as people in Dessau-Roßlau write it: 25.11.2026
GERMAN_TIME = "%d.%m.%Y %H:%M"


_COLUMNS = (
    "user_id, name, interests, availability, contact, note, language, consent_version,"
    " consent_at, created_at, updated_at"
)


def _signup(row: Sequence[Any]) -> Signup:
    return Signup(
        user_id=int(row[0]), name=str(row[1]),
        interests=tuple(json.loads(str(row[2]))), availability=tuple(json.loads(str(row[3]))),
        contact=row[4], note=row[5], language=str(row[6]),
        consent_version=str(row[7]), consent_at=datetime.fromisoformat(str(row[8])),
        created_at=datetime.fromisoformat(str(row[9])),
        updated_at=datetime.fromisoformat(str(row[10])),
    )  # fmt: skip


class Signups(Store):
    """Sign-up records; every statement is parameterised."""

    async def save(self, signup: Signup, now: datetime | None = None) -> bool:
        """Store or replace the user's sign-up (inside the caller's transaction).

        Returns True if the user had signed up before (the sign-up was updated).
        """
        moment = iso_utc(now or now_utc())
        existed = await self.get(signup.user_id) is not None
        await self.db.conn.execute(
            f"""INSERT INTO signups ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                  name = excluded.name, interests = excluded.interests,
                  availability = excluded.availability, contact = excluded.contact,
                  note = excluded.note, language = excluded.language,
                  consent_version = excluded.consent_version, consent_at = excluded.consent_at,
                  updated_at = excluded.updated_at""",  # noqa: S608 - column names only
            (
                signup.user_id, signup.name, json.dumps(list(signup.interests), ensure_ascii=False),
                json.dumps(list(signup.availability), ensure_ascii=False), signup.contact,
                signup.note, signup.language, signup.consent_version, iso_utc(signup.consent_at),
                moment, moment,
            ),
        )  # fmt: skip
        return existed

    async def get(self, user_id: int) -> Signup | None:
        """The user's sign-up, if any."""
        sql = f"SELECT {_COLUMNS} FROM signups WHERE user_id = ?"  # noqa: S608
        async with self.db.conn.execute(sql, (user_id,)) as cursor:
            row = await cursor.fetchone()
        return _signup(row) if row else None

    async def count(self) -> int:
        """How many people are signed up."""
        async with self.db.conn.execute("SELECT COUNT(*) FROM signups") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def latest(self, limit: int = 10) -> list[Signup]:
        """The most recently created or changed sign-ups, newest first."""
        sql = f"SELECT {_COLUMNS} FROM signups ORDER BY updated_at DESC, user_id LIMIT ?"  # noqa: S608
        async with self.db.conn.execute(sql, (limit,)) as cursor:
            return [_signup(row) for row in await cursor.fetchall()]

    async def all(self) -> list[Signup]:
        """Every sign-up, oldest first (for the export)."""
        sql = f"SELECT {_COLUMNS} FROM signups ORDER BY created_at, user_id"  # noqa: S608
        async with self.db.conn.execute(sql) as cursor:
            return [_signup(row) for row in await cursor.fetchall()]

    async def card_message_id(self, user_id: int, chat_id: int) -> int | None:
        """The team's latest message announcing this user's sign-up, once sent."""
        sql = """SELECT message_id FROM outbox WHERE purpose = ? AND ref_id = ? AND chat_id = ?
                 AND status = 'sent' AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1"""
        async with self.db.conn.execute(sql, (CARD_PURPOSE, user_id, chat_id)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def forget(self, user_id: int) -> int:
        """Delete the user's sign-up and unsent cards about it; sent cards no longer point
        at the user (inside the caller's transaction). Returns the sign-ups deleted (0 or 1).

        A card in flight goes too: should Telegram answer 5xx, the sender's retry finds no
        row to put back in the queue (it updates by id), so it is not sent after the
        deletion; if it did arrive, the team's withdrawal notice follows it."""
        await self.db.conn.execute(
            """DELETE FROM outbox WHERE purpose = ? AND ref_id = ?
               AND status IN ('pending', 'sending')""",
            (CARD_PURPOSE, user_id),
        )
        await self.db.conn.execute(
            "UPDATE outbox SET ref_id = NULL WHERE purpose = ? AND ref_id = ?",
            (CARD_PURPOSE, user_id),
        )
        cursor = await self.db.conn.execute("DELETE FROM signups WHERE user_id = ?", (user_id,))
        return cursor.rowcount

    async def delete_older_than(self, retention: timedelta, now: datetime | None = None) -> int:
        """Retention: delete sign-ups unchanged for longer than `retention`; how many."""
        cutoff = iso_utc((now or now_utc()) - retention)
        async with self.db.transaction() as conn:
            sql = "SELECT user_id FROM signups WHERE updated_at < ?"
            async with conn.execute(sql, (cutoff,)) as cursor:
                user_ids = [int(row[0]) for row in await cursor.fetchall()]
            for user_id in user_ids:
                await self.forget(user_id)
        return len(user_ids)


async def describe(db: Database, user_id: int) -> list[Record]:
    """The sign-up for /meinedaten; labels are field keys the bot translates."""
    signup = await Signups(db).get(user_id)
    if signup is None:
        return []
    fields: tuple[tuple[str, str | tuple[str, ...]], ...] = (
        ("name", signup.name),
        ("interests", signup.interests),
        ("availability", signup.availability),
        ("contact", signup.contact or ""),
        ("note", signup.note or ""),
        ("language", signup.language),
        ("consent", f"{signup.consent_version} ({local_time(signup.consent_at, GERMAN_TIME)})"),
        ("created", local_time(signup.created_at, GERMAN_TIME)),
        ("updated", local_time(signup.updated_at, GERMAN_TIME)),
    )
    return [Record(kind="signup", fields=fields)]


async def forget(db: Database, user_id: int) -> int:
    return await Signups(db).forget(user_id)


def csv_safe(value: str) -> str:
    """A cell value a spreadsheet shows as text: formulas (=, +, -, @ …) get a leading '."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(signups: Iterable[Signup]) -> bytes:
    """The sign-ups as CSV for Excel: UTF-8 with BOM, ';'-separated, one column per field."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(CSV_COLUMNS)
    for s in signups:
        cells = (
            s.name, LIST_SEPARATOR.join(s.interests), LIST_SEPARATOR.join(s.availability),
            s.contact or "", s.note or "", s.language, s.consent_version,
            local_time(s.consent_at), local_time(s.created_at), local_time(s.updated_at),
        )  # fmt: skip
        writer.writerow((str(s.user_id), *(csv_safe(cell) for cell in cells)))
    return buffer.getvalue().encode("utf-8-sig")
