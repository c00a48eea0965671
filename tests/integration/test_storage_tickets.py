"""Tickets in SQLite: statistics, retention and a citizen's right to be forgotten."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from storage import db as db_module
from storage import privacy, ticket_retention
from storage.citizens import Citizens
from storage.db import Database, now_utc
from storage.faq_drafts import FaqDrafts
from storage.message_links import MessageLinks
from storage.outbox import Outbox
from storage.questions_log import (
    VIA_COMMAND,
    VIA_MATCHER,
    VIA_NOT_IT,
    VIA_SUGGESTIONS,
    QuestionsLog,
)
from storage.seen import Mark, SeenMessages
from storage.tickets import Tickets

ANNA, BOB = 4242, 4343


async def new_ticket(db: Database, user_id: int, question: str, update_id: int) -> int:
    tickets = Tickets(db)
    async with db.transaction():
        await Citizens(db).remember(user_id, "Anna", "anna_dessau", "de")
        ticket_id = await tickets.create(user_id, question, "de", [("kontakt", 0.3)])
        await SeenMessages(db).remember(Mark(user_id, update_id, 1_765_000_000))
        await MessageLinks(db).link(-100, 10 + ticket_id, ticket_id)  # the card in the team's chat
        await MessageLinks(db).link(user_id, 20 + ticket_id, ticket_id)  # the acknowledgement
        await QuestionsLog(db).log_question("handoff", None, (user_id, "fundbuero", question))
    return ticket_id


async def rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    async with db.conn.execute(sql) as cursor:
        return [tuple(r) for r in await cursor.fetchall()]


async def test_forgetting_a_citizen_blanks_every_personal_field(db: Database) -> None:
    anna = await new_ticket(db, ANNA, "Wo ist das Fundbüro? Ich heiße Anna Muster.", 1)
    await new_ticket(db, BOB, "Bobs Frage", 2)
    async with db.transaction():
        await Tickets(db).add_message(anna, "team", "Im Rathaus.")
        await Outbox(db).add(-100, {"text": "Anna Muster fragt"}, purpose="card", ref_id=anna)
    records = await privacy.describe_user(db, ANNA)
    assert [r.kind for r in records] == ["ticket"]
    assert ("question", "Wo ist das Fundbüro? Ich heiße Anna Muster.") in records[0].fields
    assert dict(records[0].fields)["asked"].count(".") == 2  # 25.11.2026 14:03, local time

    touched = await privacy.forget_user(db, ANNA)
    assert touched["tickets"] == 1
    assert await privacy.describe_user(db, ANNA) == []
    assert await rows(db, f"SELECT question, user_id FROM tickets WHERE id = {anna}") == [
        (None, None)
    ]
    assert await rows(db, f"SELECT text FROM ticket_messages WHERE ticket_id = {anna}") == [
        (None,),
        (None,),
    ]
    assert await rows(db, f"SELECT * FROM citizens WHERE user_id = {ANNA}") == []
    # the link to the citizen's chat goes; the card's stays, so a late reply hears why not
    assert await rows(db, f"SELECT chat_id FROM message_links WHERE ticket_id = {anna}") == [
        (-100,)
    ]
    assert await rows(db, f"SELECT * FROM questions_log WHERE user_id = {ANNA}") == []
    # the card that the team chat had not received yet is not sent any more
    assert await rows(db, "SELECT * FROM outbox WHERE purpose = 'card'") == []
    assert await rows(db, "SELECT COUNT(*) FROM questions_log WHERE example IS NULL") == [(1,)]
    # Bob is untouched, and the statistics still count Anna's question
    assert [r.kind for r in await privacy.describe_user(db, BOB)] == ["ticket"]
    assert (await QuestionsLog(db).statistics(7)).asked == 2


async def test_a_ban_survives_the_citizen_deleting_their_data(db: Database) -> None:
    await new_ticket(db, ANNA, "Frage", 1)
    await Citizens(db).set_banned(ANNA, True)
    await privacy.forget_user(db, ANNA)
    assert await Citizens(db).is_banned(ANNA)
    assert await rows(db, "SELECT first_name, username FROM citizens") == [(None, None)]


async def test_closed_and_answered_tickets_are_anonymised_after_retention_open_ones_kept(
    db: Database,
) -> None:
    closed = await new_ticket(db, ANNA, "Alte Frage", 1)
    answered = await new_ticket(db, ANNA, "Beantwortet, nie erledigt", 2)
    still_open = await new_ticket(db, ANNA, "Offene Frage", 3)
    await Tickets(db).close(closed)
    async with db.transaction():
        await Tickets(db).add_message(answered, "team", "Antwort")
        await Tickets(db).mark_answered(answered)
    assert await ticket_retention.anonymise_expired(db, timedelta(days=180)) == 0  # all just now
    assert await ticket_retention.anonymise_expired(db, timedelta(seconds=-1)) == 2
    for ticket in (closed, answered):
        assert await rows(db, f"SELECT question FROM tickets WHERE id = {ticket}") == [(None,)]
    assert await rows(db, f"SELECT question FROM tickets WHERE id = {still_open}") == [
        ("Offene Frage",)
    ]


async def test_a_message_is_known_by_chat_number_and_date_and_the_marks_expire(
    db: Database,
) -> None:
    seen = SeenMessages(db)
    await new_ticket(db, ANNA, "Frage", 77)
    assert await seen.seen(Mark(ANNA, 77, 1_765_000_000))  # delivered again: handled
    assert not await seen.seen(Mark(ANNA, 78, 1_765_000_000))  # the next message
    assert not await seen.seen(Mark(BOB, 77, 1_765_000_000))  # the same number, another chat
    assert not await seen.seen(Mark(ANNA, 77, 1_765_000_060))  # an edit of it: a new version
    assert await seen.purge() == 0  # younger than two days: kept
    assert await seen.purge(kept=timedelta(0)) == 1
    assert not await seen.seen(Mark(ANNA, 77, 1_765_000_000))


async def test_deleting_a_persons_data_deletes_the_marks_of_their_chat(db: Database) -> None:
    await new_ticket(db, ANNA, "Frage", 77)
    await new_ticket(db, BOB, "Frage", 77)
    await privacy.forget_user(db, ANNA)
    assert await rows(db, "SELECT chat_id FROM seen_messages") == [(BOB,)]


async def test_statistics_group_rephrasings_and_measure_the_wait(db: Database) -> None:
    first = await new_ticket(db, ANNA, "Wo ist das Fundbüro?", 1)
    await new_ticket(db, BOB, "wo ist das fundbuero", 2)
    async with db.transaction():
        await QuestionsLog(db).log_question("answer", "bildung-jbz")
        await Tickets(db).mark_answered(first)
    stats = await QuestionsLog(db).statistics(7)
    assert (stats.asked, stats.answered, stats.handed_off) == (3, 1, 2)
    assert stats.tickets == 2 and stats.team_answered == 1
    assert stats.median_wait is not None and stats.median_wait < timedelta(minutes=1)
    assert stats.top_unanswered == [("Wo ist das Fundbüro?", 2)]


async def test_questions_sent_to_the_team_by_the_citizen_are_unanswered_and_counted_once(
    db: Database,
) -> None:
    log = QuestionsLog(db)
    fundbuero = (ANNA, "fundbuero", "Wo ist das Fundbüro?")
    async with db.transaction():
        await log.log_question("handoff", None, fundbuero, VIA_MATCHER)
        # suggestions, then "Keine davon – Frage an das Team": one question, handed off
        suggested = await log.log_question("suggest", None)
        await log.handed_over(VIA_SUGGESTIONS, (BOB, "fundbuero", "Fundbüro?"), suggested)
        await log.log_question("suggest", None)  # suggestions someone took
        await log.handed_over(VIA_COMMAND, (ANNA, "sperrmuell", "Wann ist Sperrmüll?"))
        # suggestions shown before this version (no row remembered): counted as it comes
        await log.handed_over(VIA_SUGGESTIONS, (BOB, "sperrmuell", "Sperrmüll?"))
        await log.log_question("answer", "bildung-jbz")
    stats = await log.statistics(7)
    assert (stats.asked, stats.answered, stats.suggested, stats.handed_off) == (6, 1, 1, 4)
    assert (stats.after_suggestions, stats.by_command) == (2, 1)
    assert sorted(stats.top_unanswered) == [("Fundbüro?", 2), ("Sperrmüll?", 2)]
    # /loeschen reaches the rows that "Keine davon" and /frage filled in
    await privacy.forget_user(db, BOB)
    assert await rows(db, f"SELECT COUNT(*) FROM questions_log WHERE user_id = {BOB}") == [(0,)]
    left = (await log.statistics(7)).top_unanswered
    assert sorted(left) == [("Wann ist Sperrmüll?", 1), ("Wo ist das Fundbüro?", 1)]


async def test_an_answer_that_did_not_fit_is_counted_as_misunderstood_not_answered(
    db: Database,
) -> None:
    log = QuestionsLog(db)
    async with db.transaction():
        answered = await log.log_question("answer", "bildung-jbz")
        await log.log_question("answer", "bildung-jbz")  # an answer that did fit
        await log.handed_over(VIA_NOT_IT, (ANNA, "kostet jbz", "Was kostet das JBZ?"), answered)
    stats = await log.statistics(7)
    assert (stats.asked, stats.answered, stats.handed_off, stats.not_it) == (2, 1, 1, 1)
    assert stats.top_unanswered == [("Was kostet das JBZ?", 1)]


async def test_a_database_of_the_first_version_migrates_its_handoffs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    first = db_module.COMPONENTS["tickets"][:1]
    with monkeypatch.context() as patch:  # a file written before `via` existed
        patch.setitem(db_module.COMPONENTS, "tickets", first)
        async with await Database.open(path) as old:
            now = now_utc().isoformat(timespec="seconds")
            async with old.transaction():
                await old.conn.execute(
                    "INSERT INTO questions_log (asked_at, outcome, normalised, example)"
                    " VALUES (?, 'handoff', 'fundbuero', 'Fundbüro?'), (?, 'suggest', NULL, NULL)",
                    (now, now),
                )
            assert await old.schema_version("tickets") == 1
    async with await Database.open(path) as migrated:
        assert await migrated.schema_version("tickets") == len(db_module.COMPONENTS["tickets"])
        assert await rows(migrated, "SELECT outcome, via FROM questions_log ORDER BY id") == [
            ("handoff", VIA_MATCHER),
            ("suggest", None),
        ]
        stats = await QuestionsLog(migrated).statistics(7)
        assert (stats.asked, stats.handed_off, stats.after_suggestions) == (2, 1, 0)


async def test_old_sent_and_refused_outbox_rows_are_purged_pending_ones_kept(db: Database) -> None:
    outbox = Outbox(db)
    async with db.transaction():
        sent, refused, pending = [
            await outbox.add(ANNA, {"text": "x"}, purpose="relay") for _ in range(3)
        ]
        await outbox.mark_sent(sent, 1)
        await outbox.fail(refused, "Bad Request: chat not found")
    assert await outbox.purge_done(timedelta(days=30)) == 0  # all of today
    assert await outbox.purge_done(timedelta(seconds=-1)) == 2
    assert await rows(db, "SELECT id, status FROM outbox") == [(pending, "pending")]


async def test_faq_drafts_older_than_the_retention_are_deleted(db: Database) -> None:
    tickets = Tickets(db)
    old, recent = [await new_ticket(db, ANNA, f"Frage {n}", n) for n in (1, 2)]
    for ticket_id in (old, recent):
        ticket = await tickets.get(ticket_id)
        assert ticket is not None
        draft = await FaqDrafts(db).start(ticket, "Antwort, Frau Muster.", "Frage", None, [])
        assert draft.status == "open" and draft.answer == "Antwort, Frau Muster."
    async with db.transaction():
        await db.conn.execute(
            "UPDATE faq_drafts SET created_at = ? WHERE ticket_id = ?",
            ("2020-01-01T00:00:00+00:00", old),
        )
    assert await FaqDrafts(db).purge_drafts(timedelta(days=180)) == 1
    assert [d[0] for d in await FaqDrafts(db).drafts()] == [recent]


async def test_a_relayed_team_message_is_found_with_the_text_the_citizen_has(db: Database) -> None:
    tickets = Tickets(db)
    ticket = await new_ticket(db, ANNA, "Wo ist das Fundbüro?", 1)
    async with db.transaction():
        await tickets.add_message(ticket, "team", "Im Rathaus.", (-100, 55))
        await tickets.add_message(ticket, "team", "Im Rathaus, 2. Stock.", (-100, 55))
    assert await tickets.relayed_from(-100, 55) == (ticket, "Im Rathaus, 2. Stock.")
    assert await tickets.relayed_from(-100, 11) is None  # the card: never relayed
    assert await tickets.relayed_from(-200, 55) is None  # the same id in another chat
    await privacy.forget_user(db, ANNA)
    assert await tickets.relayed_from(-100, 55) == (ticket, None)


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        # the retention job's last activity of a ticket, and the team's last answer
        ("SELECT MAX(created_at) FROM ticket_messages WHERE ticket_id = 1", "by_ticket"),
        ("DELETE FROM message_links WHERE ticket_id = 1", "message_links_by_ticket"),
        ("UPDATE questions_log SET example = NULL WHERE user_id = 1", "questions_by_user"),
    ],
)
async def test_lookups_by_ticket_or_citizen_use_an_index(
    db: Database, sql: str, index: str
) -> None:
    plan = " ".join(str(row[-1]) for row in await rows(db, f"EXPLAIN QUERY PLAN {sql}"))
    assert index in plan and "SCAN" not in plan, plan
