"""Tickets: citizens' questions for the team, their messages, and which chat message is whose.

A ticket is created in one transaction together with the messages that announce it (rows in
the outbox), so a crash either loses nothing or did nothing. Telegram's `update_id` is stored
with every citizen message: an update delivered twice after a crash creates nothing new.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from storage import privacy
from storage.db import Database, component, inserted_id, now_utc
from storage.outbox import Outbox

component(
    "tickets",
    (
        """
        CREATE TABLE citizens (
            user_id     INTEGER PRIMARY KEY,       -- Telegram user id = private chat id
            first_name  TEXT,
            username    TEXT,
            language    TEXT NOT NULL DEFAULT 'de',
            banned      INTEGER NOT NULL DEFAULT 0,
            blocked_bot INTEGER NOT NULL DEFAULT 0, -- Telegram said 403: the citizen blocked us
            updated_at  TEXT NOT NULL
        );
        CREATE TABLE tickets (
            id               INTEGER PRIMARY KEY,
            user_id          INTEGER REFERENCES citizens (user_id) ON DELETE SET NULL,
            question         TEXT,
            language         TEXT NOT NULL DEFAULT 'de',
            considered       TEXT NOT NULL DEFAULT '[]', -- JSON [[entry id, score], ...]
            status           TEXT NOT NULL DEFAULT 'open'
                             CHECK (status IN ('open', 'answered', 'closed')),
            created_at       TEXT NOT NULL,
            first_answer_at  TEXT,
            closed_at        TEXT,
            anonymised_at    TEXT
        );
        CREATE INDEX tickets_by_user ON tickets (user_id, created_at);
        CREATE INDEX tickets_by_status ON tickets (status, created_at);
        CREATE TABLE ticket_messages (
            id          INTEGER PRIMARY KEY,
            ticket_id   INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
            author      TEXT NOT NULL CHECK (author IN ('citizen', 'team')),
            text        TEXT,
            created_at  TEXT NOT NULL,
            update_id   INTEGER UNIQUE              -- Telegram's id: redelivery is a no-op
        );
        -- Which Telegram message (in the coordinator chat or a citizen's chat) belongs to which
        -- ticket. Replies are resolved through this table, never through forward information.
        CREATE TABLE message_links (
            chat_id     INTEGER NOT NULL,
            message_id  INTEGER NOT NULL,
            ticket_id   INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
            PRIMARY KEY (chat_id, message_id)
        );
        -- Every question asked, for /statistik; unanswered ones keep their normalised words.
        CREATE TABLE questions_log (
            id          INTEGER PRIMARY KEY,
            asked_at    TEXT NOT NULL,
            outcome     TEXT NOT NULL CHECK (outcome IN ('answer', 'suggest', 'handoff')),
            entry_id    TEXT,
            normalised  TEXT,                       -- telling words, to count rephrasings
            example     TEXT,                       -- one phrasing as asked, for the curator
            user_id     INTEGER                     -- so that /loeschen can blank the two
        );
        CREATE INDEX questions_by_time ON questions_log (asked_at);
        CREATE TABLE faq_drafts (
            id          INTEGER PRIMARY KEY,
            ticket_id   INTEGER UNIQUE REFERENCES tickets (id) ON DELETE SET NULL,
            question    TEXT NOT NULL,
            answer      TEXT NOT NULL,
            entry_hint  TEXT,                       -- closest entry, for the category
            created_at  TEXT NOT NULL
        );
        """,
        # How a question reached the team: the matcher had no answer, the citizen tapped
        # "Keine davon – Frage an das Team" under suggestions (the suggestion's row becomes the
        # handoff, so the question counts once), or wrote /frage. Before, only the first kind
        # was counted as unanswered; rows from then were all handed off by the matcher.
        """
        ALTER TABLE questions_log ADD COLUMN via TEXT
            CHECK (via IN ('matcher', 'suggestions', 'command'));
        UPDATE questions_log SET via = 'matcher' WHERE outcome = 'handoff';
        """,
        # The team member's message each team answer was relayed from: when that message is
        # edited, the correction goes to the citizen too; edits of anything else do not.
        """
        ALTER TABLE ticket_messages ADD COLUMN team_chat_id INTEGER;
        ALTER TABLE ticket_messages ADD COLUMN team_message_id INTEGER;
        CREATE INDEX ticket_messages_by_team_message
            ON ticket_messages (team_chat_id, team_message_id);
        """,
        # A ticket's messages and links are looked up by ticket (the retention job's last
        # activity, the team's last answer, anonymising, /loeschen): without these indexes
        # each lookup read the whole table, and the daily job grew as tickets × messages.
        """
        CREATE INDEX ticket_messages_by_ticket ON ticket_messages (ticket_id, created_at);
        CREATE INDEX message_links_by_ticket ON message_links (ticket_id);
        CREATE INDEX questions_by_user ON questions_log (user_id);
        """,
        # "Das passt nicht – Frage ans Team" under an answer: the answer's row becomes the
        # handoff (via 'not_it', a misunderstood question). SQLite cannot widen a CHECK, so
        # the table is rebuilt with its rows and indexes.
        """
        CREATE TABLE questions_log_new (
            id          INTEGER PRIMARY KEY,
            asked_at    TEXT NOT NULL,
            outcome     TEXT NOT NULL CHECK (outcome IN ('answer', 'suggest', 'handoff')),
            entry_id    TEXT,
            normalised  TEXT,
            example     TEXT,
            user_id     INTEGER,
            via         TEXT CHECK (via IN ('matcher', 'suggestions', 'command', 'not_it'))
        );
        INSERT INTO questions_log_new
            SELECT id, asked_at, outcome, entry_id, normalised, example, user_id, via
            FROM questions_log;
        DROP TABLE questions_log;
        ALTER TABLE questions_log_new RENAME TO questions_log;
        CREATE INDEX questions_by_time ON questions_log (asked_at);
        CREATE INDEX questions_by_user ON questions_log (user_id);
        """,
    ),
)

# How a question reached the team (questions_log.via).
VIA_MATCHER, VIA_SUGGESTIONS, VIA_COMMAND = "matcher", "suggestions", "command"
VIA_NOT_IT = "not_it"  # "Das passt nicht – Frage ans Team" under an answer: misunderstood


BERLIN = ZoneInfo("Europe/Berlin")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Ticket:
    """A question for the team."""

    id: int
    user_id: int | None
    question: str | None
    language: str
    considered: list[tuple[str, float]]
    status: str
    created_at: datetime
    first_answer_at: datetime | None
    first_name: str | None = None
    username: str | None = None
    banned: bool = False
    blocked_bot: bool = False


_TICKET_SELECT = """
    SELECT t.id, t.user_id, t.question, t.language, t.considered, t.status, t.created_at,
           t.first_answer_at, c.first_name, c.username, c.banned, c.blocked_bot
    FROM tickets t LEFT JOIN citizens c ON c.user_id = t.user_id
"""


def _ticket(row: Sequence[Any]) -> Ticket:
    return Ticket(
        id=int(row[0]),
        user_id=row[1],
        question=row[2],
        language=str(row[3]),
        considered=[(str(i), float(s)) for i, s in json.loads(str(row[4]))],
        status=str(row[5]),
        created_at=datetime.fromisoformat(str(row[6])),
        first_answer_at=datetime.fromisoformat(str(row[7])) if row[7] else None,
        first_name=row[8],
        username=row[9],
        banned=bool(row[10]),
        blocked_bot=bool(row[11]),
    )


@dataclass(frozen=True, slots=True)
class Statistics:
    """What /statistik shows for one period."""

    days: int
    asked: int
    answered: int
    suggested: int
    handed_off: int  # by the matcher, after suggestions, or with /frage
    after_suggestions: int  # of those: "Keine davon – Frage an das Team"
    not_it: int  # of those: "Das passt nicht" under an answer (the bot misunderstood)
    by_command: int  # of those: /frage
    tickets: int
    team_answered: int
    median_wait: timedelta | None
    top_unanswered: list[tuple[str, int]]  # (one phrasing as asked, how often), most first


class Tickets:
    """Queries and changes on tickets; every SQL statement is parameterised."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def remember_citizen(
        self, user_id: int, first_name: str | None, username: str | None, language: str
    ) -> None:
        """Store or refresh what the team sees of a citizen (first name, @username, language)."""
        await self.db.conn.execute(
            """INSERT INTO citizens (user_id, first_name, username, language, updated_at)
               VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name,
                 username = excluded.username, language = excluded.language,
                 blocked_bot = 0, updated_at = excluded.updated_at""",
            (user_id, first_name, username, language, _iso(now_utc())),
        )

    async def is_banned(self, user_id: int) -> bool:
        """Whether the team banned this citizen."""
        sql = "SELECT banned FROM citizens WHERE user_id = ?"
        async with self.db.conn.execute(sql, (user_id,)) as cursor:
            row = await cursor.fetchone()
        return bool(row and row[0])

    async def set_banned(self, user_id: int, banned: bool) -> None:
        """Ban or unban a citizen."""
        async with self.db.transaction():
            await self.db.conn.execute(
                "UPDATE citizens SET banned = ? WHERE user_id = ?", (int(banned), user_id)
            )

    async def mark_blocked(self, user_id: int) -> None:
        """The citizen blocked the bot (Telegram answered 403)."""
        await self.db.conn.execute(
            "UPDATE citizens SET blocked_bot = 1 WHERE user_id = ?", (user_id,)
        )

    async def count_recent(self, user_id: int, within: timedelta) -> int:
        """How many tickets this citizen opened within the given time."""
        since = _iso(now_utc() - within)
        sql = "SELECT COUNT(*) FROM tickets WHERE user_id = ? AND created_at >= ?"
        async with self.db.conn.execute(sql, (user_id, since)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def seen_update(self, update_id: int) -> bool:
        """Whether a citizen message with this Telegram update id is already stored."""
        sql = "SELECT 1 FROM ticket_messages WHERE update_id = ?"
        async with self.db.conn.execute(sql, (update_id,)) as cursor:
            return await cursor.fetchone() is not None

    async def create(
        self,
        user_id: int,
        question: str,
        language: str,
        considered: list[tuple[str, float]],
        update_id: int | None,
    ) -> int:
        """Insert a ticket and its first message (no commit: the caller adds the outbox rows)."""
        created = _iso(now_utc())
        cursor = await self.db.conn.execute(
            """INSERT INTO tickets (user_id, question, language, considered, created_at)
               VALUES (?, ?, ?, ?, ?)""",
            (user_id, question, language, json.dumps(considered), created),
        )
        ticket_id = inserted_id(cursor)
        await self.add_message(ticket_id, "citizen", question, update_id)
        return ticket_id

    async def add_message(
        self,
        ticket_id: int,
        author: str,
        text: str,
        update_id: int | None = None,
        team_message: tuple[int, int] | None = None,
    ) -> None:
        """Append a message to a ticket's history (no commit); `team_message` (chat id,
        message id) is the team member's message a relayed answer came from."""
        chat_id, message_id = team_message or (None, None)
        await self.db.conn.execute(
            """INSERT INTO ticket_messages (ticket_id, author, text, created_at, update_id,
                                            team_chat_id, team_message_id)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (ticket_id, author, text, _iso(now_utc()), update_id, chat_id, message_id),
        )

    async def relayed_from(self, chat_id: int, message_id: int) -> tuple[int, str | None] | None:
        """The ticket a team member's message was relayed to as an answer, and the text the
        citizen has of it (the latest version; None once the ticket was anonymised); None
        if that message was never relayed."""
        sql = """SELECT ticket_id, text FROM ticket_messages
                 WHERE team_chat_id = ? AND team_message_id = ? ORDER BY id DESC LIMIT 1"""
        async with self.db.conn.execute(sql, (chat_id, message_id)) as cursor:
            row = await cursor.fetchone()
        return (int(row[0]), row[1]) if row else None

    async def mark_answered(self, ticket_id: int) -> None:
        """The team answered (the first answer's time is kept for statistics; no commit)."""
        await self.db.conn.execute(
            """UPDATE tickets SET status = CASE WHEN status = 'closed' THEN 'closed'
                 ELSE 'answered' END,
                 first_answer_at = COALESCE(first_answer_at, ?) WHERE id = ?""",
            (_iso(now_utc()), ticket_id),
        )

    async def close(self, ticket_id: int) -> bool:
        """Mark a ticket done; False if it was already closed."""
        async with self.db.transaction():
            cursor = await self.db.conn.execute(
                "UPDATE tickets SET status = 'closed', closed_at = ?"
                " WHERE id = ? AND status != 'closed'",
                (_iso(now_utc()), ticket_id),
            )
            return cursor.rowcount > 0

    async def reopen(self, ticket_id: int) -> None:
        """The ticket waits for the team again: the citizen added something after an answer
        (or the team reopened it). No commit."""
        await self.db.conn.execute(
            "UPDATE tickets SET status = 'open', closed_at = NULL"
            " WHERE id = ? AND status != 'open'",
            (ticket_id,),
        )

    async def get(self, ticket_id: int) -> Ticket | None:
        """One ticket with its citizen's details."""
        async with self.db.conn.execute(f"{_TICKET_SELECT} WHERE t.id = ?", (ticket_id,)) as cur:
            row = await cur.fetchone()
        return _ticket(row) if row else None

    async def open_tickets(self, limit: int = 50) -> list[Ticket]:
        """Tickets not yet answered or closed, oldest first."""
        sql = f"{_TICKET_SELECT} WHERE t.status = 'open' ORDER BY t.created_at, t.id LIMIT ?"
        async with self.db.conn.execute(sql, (limit,)) as cursor:
            return [_ticket(row) for row in await cursor.fetchall()]

    async def count_open(self) -> int:
        """How many tickets wait for the team."""
        async with self.db.conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE status = 'open'"
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def link(self, chat_id: int, message_id: int, ticket_id: int) -> None:
        """Remember that a Telegram message belongs to a ticket (no commit)."""
        await self.db.conn.execute(
            "INSERT OR IGNORE INTO message_links (chat_id, message_id, ticket_id) VALUES (?, ?, ?)",
            (chat_id, message_id, ticket_id),
        )

    async def ticket_for_message(self, chat_id: int, message_id: int) -> int | None:
        """The ticket a Telegram message belongs to, if any."""
        sql = "SELECT ticket_id FROM message_links WHERE chat_id = ? AND message_id = ?"
        async with self.db.conn.execute(sql, (chat_id, message_id)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else None

    async def latest_message(self, chat_id: int) -> int | None:
        """The newest message of a chat that belongs to a ticket (the terminal chat's team
        replies to it)."""
        sql = "SELECT MAX(message_id) FROM message_links WHERE chat_id = ?"
        async with self.db.conn.execute(sql, (chat_id,)) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else None

    async def last_team_answer(self, ticket_id: int) -> str | None:
        """The team's latest answer on a ticket."""
        sql = """SELECT text FROM ticket_messages WHERE ticket_id = ? AND author = 'team'
                 ORDER BY id DESC LIMIT 1"""
        async with self.db.conn.execute(sql, (ticket_id,)) as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row and row[0] else None

    async def save_draft(self, ticket: Ticket, answer: str) -> bool:
        """Keep a ticket's question and answer as an FAQ draft; False if one exists already."""
        async with self.db.transaction():
            hint = ticket.considered[0][0] if ticket.considered else None
            cursor = await self.db.conn.execute(
                """INSERT OR IGNORE INTO faq_drafts
                     (ticket_id, question, answer, entry_hint, created_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (ticket.id, ticket.question or "", answer, hint, _iso(now_utc())),
            )
            return cursor.rowcount > 0

    async def drafts(self) -> list[tuple[int, str, str, str | None]]:
        """All FAQ drafts: (ticket id, question, answer, closest entry id)."""
        sql = "SELECT ticket_id, question, answer, entry_hint FROM faq_drafts ORDER BY id"
        async with self.db.conn.execute(sql) as cursor:
            return [(r[0], r[1], r[2], r[3]) for r in await cursor.fetchall()]

    async def purge_drafts(self, older_than: timedelta) -> int:
        """Delete FAQ drafts kept longer than `older_than`: a question and an answer may name
        a person, and a draft nobody took into the knowledge base by then never will be."""
        cutoff = _iso(now_utc() - older_than)
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM faq_drafts WHERE created_at < ?", (cutoff,))
            return cursor.rowcount

    async def log_question(
        self,
        outcome: str,
        entry_id: str | None,
        unanswered: tuple[int, str, str] | None = None,
        via: str | None = None,
    ) -> int:
        """Count a question for the statistics (inside the caller's transaction); returns its
        row, which "Keine davon" after suggestions turns into a handoff (`handed_over`).

        `unanswered` (user id, normalised words, the question as asked) is kept for questions
        the knowledge base could not answer: the curator's list in /statistik. `via` says how
        a handed-off question reached the team.
        """
        user_id, normalised, example = unanswered or (None, None, None)
        cursor = await self.db.conn.execute(
            "INSERT INTO questions_log"
            " (asked_at, outcome, entry_id, normalised, example, user_id, via)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (_iso(now_utc()), outcome, entry_id, normalised, example, user_id, via),
        )
        return inserted_id(cursor)

    async def handed_over(
        self, via: str, unanswered: tuple[int, str, str], suggested: int | None = None
    ) -> None:
        """Count a question the citizen sent to the team themselves (inside the caller's
        transaction): with /frage a new question; after suggestions or an answer that did not
        fit (`suggested`: the row that counted them) the same question, so that row becomes
        the handoff instead of a second one. Without that row it is counted anew."""
        user_id, normalised, example = unanswered
        if suggested is not None:
            cursor = await self.db.conn.execute(
                """UPDATE questions_log SET outcome = 'handoff', via = ?, normalised = ?,
                     example = ?, user_id = ? WHERE id = ? AND outcome IN ('suggest', 'answer')""",
                (via, normalised, example, user_id, suggested),
            )
            if cursor.rowcount:
                return
        await self.log_question("handoff", None, unanswered, via)

    async def statistics(self, days: int) -> Statistics:
        """Figures for the last `days` days."""
        since = _iso(now_utc() - timedelta(days=days))
        conn = self.db.conn
        sql = """SELECT outcome, via, COUNT(*) FROM questions_log WHERE asked_at >= ?
                 GROUP BY outcome, via"""
        async with conn.execute(sql, (since,)) as cursor:
            counts = {(str(r[0]), r[1]): int(r[2]) for r in await cursor.fetchall()}
        outcomes: dict[str, int] = {}
        for (outcome, _), count in counts.items():
            outcomes[outcome] = outcomes.get(outcome, 0) + count
        sql = "SELECT created_at, first_answer_at FROM tickets WHERE created_at >= ?"
        async with conn.execute(sql, (since,)) as cursor:
            rows = list(await cursor.fetchall())
        waits = [
            (datetime.fromisoformat(a) - datetime.fromisoformat(c)).total_seconds()
            for c, a in rows
            if a
        ]
        sql = """SELECT MIN(example), COUNT(*) AS n FROM questions_log
                 WHERE asked_at >= ? AND outcome = 'handoff' AND normalised IS NOT NULL
                   AND normalised != '' AND example IS NOT NULL
                 GROUP BY normalised ORDER BY n DESC, MIN(asked_at) LIMIT 10"""
        async with conn.execute(sql, (since,)) as cursor:
            top = [(str(r[0]), int(r[1])) for r in await cursor.fetchall()]
        return Statistics(
            days=days,
            asked=sum(outcomes.values()),
            answered=outcomes.get("answer", 0),
            suggested=outcomes.get("suggest", 0),
            handed_off=outcomes.get("handoff", 0),
            after_suggestions=counts.get(("handoff", VIA_SUGGESTIONS), 0),
            not_it=counts.get(("handoff", VIA_NOT_IT), 0),
            by_command=counts.get(("handoff", VIA_COMMAND), 0),
            tickets=len(rows),
            team_answered=len(waits),
            median_wait=timedelta(seconds=statistics.median(waits)) if waits else None,
            top_unanswered=top,
        )

    async def of_user(self, user_id: int) -> list[Ticket]:
        """A citizen's tickets, newest first."""
        sql = f"{_TICKET_SELECT} WHERE t.user_id = ? ORDER BY t.created_at DESC, t.id DESC"
        async with self.db.conn.execute(sql, (user_id,)) as cursor:
            return [_ticket(row) for row in await cursor.fetchall()]

    async def forget_user(self, user_id: int) -> int:
        """Blank everything personal about a citizen's tickets (inside the caller's transaction).

        The tickets stay as numbers for the statistics (closed: nobody to answer any more);
        the question, the messages and the links to the citizen's chat go. A ban is kept
        (without name) so that deleting one's data does not lift it.
        """
        conn = self.db.conn
        sql = "SELECT id FROM tickets WHERE user_id = ?"
        async with conn.execute(sql, (user_id,)) as cursor:
            ids = [int(r[0]) for r in await cursor.fetchall()]
        outbox = Outbox(self.db)
        await conn.execute(  # nobody to answer any more: off the team's /offen list
            "UPDATE tickets SET status = 'closed', closed_at = ?"
            " WHERE user_id = ? AND status != 'closed'",
            (_iso(now_utc()), user_id),
        )
        for ticket_id in ids:
            await self._anonymise(ticket_id)
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

    async def _anonymise(self, ticket_id: int) -> None:
        """Blank a ticket's personal content. The links to the citizen's chat go (its id is the
        person's); the links to the team's messages stay, so that a late reply to the card is
        told that nobody can receive it any more instead of being ignored."""
        conn = self.db.conn
        await conn.execute(
            """DELETE FROM message_links WHERE ticket_id = ?
               AND chat_id = (SELECT user_id FROM tickets WHERE id = ?)""",
            (ticket_id, ticket_id),
        )
        await conn.execute(
            "UPDATE tickets SET question = NULL, user_id = NULL, anonymised_at = ? WHERE id = ?",
            (_iso(now_utc()), ticket_id),
        )
        await conn.execute(
            "UPDATE ticket_messages SET text = NULL WHERE ticket_id = ?", (ticket_id,)
        )

    async def anonymise_expired(self, older_than: timedelta) -> int:
        """Blank the personal content of tickets closed longer ago than `older_than`, and of
        answered ones nobody wrote on for that long (the team answered but never pressed
        "Erledigt": done all the same). Open tickets wait for the team and are kept."""
        async with self.db.transaction():
            cutoff = _iso(now_utc() - older_than)
            conn = self.db.conn
            sql = """SELECT id FROM tickets t WHERE anonymised_at IS NULL AND (
                       (status = 'closed' AND closed_at < ?)
                       OR (status = 'answered' AND COALESCE((SELECT MAX(created_at)
                           FROM ticket_messages m WHERE m.ticket_id = t.id), created_at) < ?))"""
            async with conn.execute(sql, (cutoff, cutoff)) as cursor:
                ids = [int(r[0]) for r in await cursor.fetchall()]
            for ticket_id in ids:
                await self._anonymise(ticket_id)
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


def _local(moment: datetime) -> str:
    """A time as people in Dessau-Roßlau read it: 25.11.2026 14:03."""
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


async def _describe(db: Database, user_id: int) -> list[privacy.Record]:
    records = []
    for ticket in await Tickets(db).of_user(user_id):
        records.append(
            privacy.Record(
                "ticket",
                (
                    ("number", str(ticket.id)),
                    ("asked", _local(ticket.created_at)),
                    ("status", ticket.status),
                    ("question", ticket.question or ""),
                ),
            )
        )
    return records


async def _forget(db: Database, user_id: int) -> int:
    return await Tickets(db).forget_user(user_id)


privacy.register("tickets", _describe, _forget)
