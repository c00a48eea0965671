"""Every question asked, counted for /statistik; unanswered ones keep their telling words for
the curator's list."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from storage.db import Store, inserted_id, iso_utc, now_utc

# How a question reached the team (questions_log.via).
VIA_MATCHER, VIA_SUGGESTIONS, VIA_COMMAND = "matcher", "suggestions", "command"
VIA_NOT_IT = "not_it"  # "Das passt nicht – Frage ans Team" under an answer: misunderstood


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
    top_rows: list[int] = field(default_factory=list)  # the row of each phrasing shown


class QuestionsLog(Store):
    """The `questions_log` table (and the tickets' waiting times); parameterised SQL."""

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
            (iso_utc(now_utc()), outcome, entry_id, normalised, example, user_id, via),
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
        since = iso_utc(now_utc() - timedelta(days=days))
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
        # SQLite takes a bare column (id) from the row MIN() chose: the row of the example
        sql = """SELECT MIN(example), COUNT(*) AS n, id FROM questions_log
                 WHERE asked_at >= ? AND outcome = 'handoff' AND normalised IS NOT NULL
                   AND normalised != '' AND example IS NOT NULL
                 GROUP BY normalised ORDER BY n DESC, MIN(asked_at) LIMIT 10"""
        async with conn.execute(sql, (since,)) as cursor:
            found = list(await cursor.fetchall())
        top = [(str(r[0]), int(r[1])) for r in found]
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
            top_rows=[int(r[2]) for r in found],
        )

    async def unanswered_question(self, row_id: int) -> tuple[str, str | None, list[str]] | None:
        """A question of /statistik's list: as asked, the entry that answered it when the
        answer did not fit, and the names its citizen goes by (to keep out of a phrasing)."""
        sql = """SELECT q.example, q.entry_id, c.first_name, c.username FROM questions_log q
                 LEFT JOIN citizens c ON c.user_id = q.user_id
                 WHERE q.id = ? AND q.outcome = 'handoff' AND q.example IS NOT NULL"""
        async with self.db.conn.execute(sql, (row_id,)) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return str(row[0]), row[1], [name for name in (row[2], row[3]) if name]
