"""Tickets forgotten: anonymised after the retention period, or at once on /loeschen.

The tickets stay as numbers for the statistics; the question, the messages and the links to
the citizen's chat go. `describe` and `forget` are the tickets' part of storage/privacy.py.
"""

from __future__ import annotations

from datetime import timedelta

from knowledge.dates import local_text
from storage.db import Database, iso_utc, now_utc
from storage.outbox import Outbox
from storage.records import Record
from storage.tickets import Tickets


async def anonymise_expired(db: Database, older_than: timedelta) -> int:
    """Blank the personal content of tickets closed longer ago than `older_than`, and of
    answered ones nobody wrote on for that long (the team answered but never pressed
    "Erledigt": done all the same). Open tickets wait for the team and are kept."""
    async with db.transaction():
        cutoff = iso_utc(now_utc() - older_than)
        conn = db.conn
        sql = """SELECT id FROM tickets t WHERE anonymised_at IS NULL AND (
                   (status = 'closed' AND closed_at < ?)
                   OR (status = 'answered' AND COALESCE((SELECT MAX(created_at)
                       FROM ticket_messages m WHERE m.ticket_id = t.id), created_at) < ?))"""
        async with conn.execute(sql, (cutoff, cutoff)) as cursor:
            ids = [int(r[0]) for r in await cursor.fetchall()]
        for ticket_id in ids:
            await _anonymise(db, ticket_id)
        await conn.execute(
            """DELETE FROM citizens WHERE banned = 0 AND user_id NOT IN
               (SELECT user_id FROM tickets WHERE user_id IS NOT NULL)"""
        )
        await conn.execute(
            "UPDATE questions_log SET normalised = NULL, example = NULL, user_id = NULL"
            " WHERE asked_at < ?",
            (cutoff,),
        )
        return len(ids)


async def forget(db: Database, user_id: int) -> int:
    """Blank everything personal about a citizen's tickets (inside the caller's transaction).

    The tickets stay as numbers for the statistics (closed: nobody to answer any more);
    the question, the messages and the links to the citizen's chat go. A ban is kept
    (without name) so that deleting one's data does not lift it.
    """
    conn = db.conn
    sql = "SELECT id FROM tickets WHERE user_id = ?"
    async with conn.execute(sql, (user_id,)) as cursor:
        ids = [int(r[0]) for r in await cursor.fetchall()]
    outbox = Outbox(db)
    await conn.execute(  # nobody to answer any more: off the team's /offen list
        "UPDATE tickets SET status = 'closed', closed_at = ?"
        " WHERE user_id = ? AND status != 'closed'",
        (iso_utc(now_utc()), user_id),
    )
    for ticket_id in ids:
        await _anonymise(db, ticket_id)
        await conn.execute("DELETE FROM faq_drafts WHERE ticket_id = ?", (ticket_id,))
        for purpose in ("card", "followup"):  # not yet with the team: never will be
            await outbox.cancel(purpose=purpose, ref_id=ticket_id)
    await conn.execute(
        "UPDATE questions_log SET normalised = NULL, example = NULL, user_id = NULL"
        " WHERE user_id = ?",
        (user_id,),
    )
    await conn.execute("DELETE FROM citizens WHERE user_id = ? AND banned = 0", (user_id,))
    await conn.execute(
        "UPDATE citizens SET first_name = NULL, username = NULL WHERE user_id = ?", (user_id,)
    )
    return len(ids)


async def _anonymise(db: Database, ticket_id: int) -> None:
    """Blank a ticket's personal content. The links to the citizen's chat go (its id is the
    person's); the links to the team's messages stay, so that a late reply to the card is
    told that nobody can receive it any more instead of being ignored."""
    conn = db.conn
    await conn.execute(
        """DELETE FROM message_links WHERE ticket_id = ?
           AND chat_id = (SELECT user_id FROM tickets WHERE id = ?)""",
        (ticket_id, ticket_id),
    )
    await conn.execute(
        "UPDATE tickets SET question = NULL, user_id = NULL, anonymised_at = ? WHERE id = ?",
        (iso_utc(now_utc()), ticket_id),
    )
    await conn.execute("UPDATE ticket_messages SET text = NULL WHERE ticket_id = ?", (ticket_id,))


async def describe(db: Database, user_id: int) -> list[Record]:
    """A citizen's tickets as /meinedaten shows them."""
    records = []
    for ticket in await Tickets(db).of_user(user_id):
        records.append(
            Record(
                "ticket",
                (
                    ("number", str(ticket.id)),
                    ("asked", local_text(ticket.created_at)),
                    ("status", ticket.status),
                    ("question", ticket.question or ""),
                ),
            )
        )
    return records
