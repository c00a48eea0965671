"""Sign-up records: one per user, retention, deletion with the team's cards, the CSV export."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import privacy
from storage.__main__ import main as storage_main
from storage.db import Database
from storage.outbox import Outbox
from storage.signups import CARD_PURPOSE, CSV_COLUMNS, Signup, Signups, csv_safe, to_csv

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
TEAM = -100123


def signup(user_id: int = 42, **changes: object) -> Signup:
    values: dict[str, object] = {
        "user_id": user_id, "name": "Jürgen Weiß", "interests": ("Soziales Miteinander",),
        "availability": ("abends", "am Wochenende"), "contact": "juergen@example.org",
        "note": "Ich fahre gern Rad.", "language": "de", "consent_version": "2026-11",
        "consent_at": T0,
    }  # fmt: skip
    values.update(changes)
    return Signup(**values)  # type: ignore[arg-type]


async def save(db: Database, record: Signup, now: datetime = T0) -> bool:
    async with db.transaction():
        return await Signups(db).save(record, now=now)


async def test_a_sign_up_is_stored_and_a_second_one_updates_it(db: Database) -> None:
    assert await save(db, signup()) is False
    later = T0 + timedelta(days=3)
    assert await save(db, signup(name="Jürgen W.", contact=None), now=later) is True
    stored = await Signups(db).get(42)
    assert stored is not None
    assert (stored.name, stored.contact, stored.interests) == (
        "Jürgen W.", None, ("Soziales Miteinander",),
    )  # fmt: skip
    assert (stored.created_at, stored.updated_at) == (T0, later)
    assert stored.consent_version == "2026-11"
    assert await Signups(db).count() == 1


async def test_latest_lists_the_most_recently_changed_first(db: Database) -> None:
    for number in range(3):
        await save(
            db, signup(user_id=number, name=f"Person {number}"), T0 + timedelta(hours=number)
        )
    await save(db, signup(user_id=0, name="Person 0 again"), T0 + timedelta(days=1))
    assert [s.name for s in await Signups(db).latest(2)] == ["Person 0 again", "Person 2"]
    assert [s.user_id for s in await Signups(db).all()] == [0, 1, 2]  # oldest sign-up first


async def test_retention_deletes_sign_ups_unchanged_for_too_long(db: Database) -> None:
    await save(db, signup(user_id=1), T0)
    await save(db, signup(user_id=2), T0 + timedelta(days=400))
    signups = Signups(db)
    assert await signups.delete_older_than(timedelta(days=730), now=T0 + timedelta(days=730)) == 0
    now = T0 + timedelta(days=731)
    assert await signups.delete_older_than(timedelta(days=730), now=now) == 1
    assert await signups.get(1) is None
    assert await signups.get(2) is not None


async def test_forgetting_removes_the_sign_up_and_its_unsent_cards(db: Database) -> None:
    await save(db, signup(user_id=42))
    outbox = Outbox(db)
    async with db.transaction():
        sent = await outbox.add(TEAM, {"text": "card 1"}, purpose=CARD_PURPOSE, ref_id=42)
        await outbox.add(TEAM, {"text": "card 2"}, purpose=CARD_PURPOSE, ref_id=42)
        in_flight = await outbox.add(TEAM, {"text": "card 3"}, purpose=CARD_PURPOSE, ref_id=42)
        other = await outbox.add(TEAM, {"text": "someone else"}, purpose=CARD_PURPOSE, ref_id=7)
    assert sent is not None and in_flight is not None and other is not None
    async with db.transaction():
        await outbox.mark_sent(sent, message_id=555)
    await outbox.mark_sending(in_flight)  # a 5xx would put it back in the queue, data and all
    assert await Signups(db).card_message_id(42, TEAM) == 555

    counts = await privacy.forget_user(db, 42)

    assert counts["signups"] == 1
    assert await Signups(db).get(42) is None
    async with db.conn.execute("SELECT id, ref_id, status FROM outbox ORDER BY id") as cursor:
        rows = [tuple(row) for row in await cursor.fetchall()]
    assert rows == [(sent, None, "sent"), (other, 7, "pending")]  # cards 2 and 3 never arrived


async def test_forget_user_runs_then_in_the_same_transaction(db: Database) -> None:
    await save(db, signup(user_id=42))
    seen: list[dict[str, int]] = []

    async def then(counts: dict[str, int]) -> None:
        seen.append(counts)
        raise RuntimeError("the notice could not be queued")

    with pytest.raises(RuntimeError):
        await privacy.forget_user(db, 42, then=then)
    assert seen == [{**seen[0], "signups": 1}]
    assert await Signups(db).get(42) is not None  # rolled back together


async def test_describe_lists_every_field_for_meinedaten(db: Database) -> None:
    await save(db, signup(contact=None))
    [record] = await privacy.describe_user(db, 42)
    fields = dict(record.fields)
    assert record.kind == "signup"
    assert fields["name"] == "Jürgen Weiß"
    assert fields["availability"] == ("abends", "am Wochenende")  # the bot translates each
    assert fields["contact"] == ""
    assert fields["consent"] == "2026-11 (01.03.2026 10:30)"  # German time, as Germans write it
    assert await privacy.describe_user(db, 7) == []


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+49 340 1234567", "'+49 340 1234567"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Anna = Anna", "Anna = Anna"),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_quoted(value: str, safe: str) -> None:
    assert csv_safe(value) == safe


def test_csv_is_utf8_with_bom_one_column_per_field_and_lists_joined() -> None:
    data = to_csv(
        [
            signup(created_at=T0, updated_at=T0),
            signup(user_id=7, note="=1+1", contact=None, created_at=T0, updated_at=T0),
        ]
    )
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1] == [
        "42", "Jürgen Weiß", "Soziales Miteinander", "abends; am Wochenende",
        "juergen@example.org", "Ich fahre gern Rad.", "de", "2026-11", "2026-03-01 10:30",
        "2026-03-01 10:30", "2026-03-01 10:30",
    ]  # fmt: skip
    assert rows[2][4:6] == ["", "'=1+1"]


def test_the_shell_export_writes_the_same_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bot.sqlite3"

    async def prepare() -> bytes:
        async with await Database.open(path) as db:
            await save(db, signup())
            return to_csv(await Signups(db).all())

    expected = asyncio.run(prepare())  # the command runs its own event loop
    target = tmp_path / "signups.csv"
    assert storage_main(["export", str(target), "--db", str(path)]) == 0
    assert target.read_bytes() == expected
    assert target.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    assert "1 sign-up(s) written" in capsys.readouterr().err

    missing = tmp_path / "no-such-folder" / "signups.csv"
    assert storage_main(["export", str(missing), "--db", str(path)]) == 1
    assert f"Cannot write {missing}" in capsys.readouterr().err

    monkeypatch.setenv("BOT_DB_PATH", str(path))
    assert storage_main(["export", str(tmp_path / "again.csv")]) == 0
    assert (tmp_path / "again.csv").read_bytes() == expected

    assert storage_main(["export", "x.csv", "--db", str(tmp_path / "missing.sqlite3")]) == 2
    assert "No database at" in capsys.readouterr().err


async def test_choices_are_stored_as_json_lists(db: Database) -> None:
    await save(db, signup(interests=("Kulturelle Bildung", "Engagement in Roßlau")))
    async with db.conn.execute("SELECT interests FROM signups") as cursor:
        row = await cursor.fetchone()
    assert json.loads(row[0]) == ["Kulturelle Bildung", "Engagement in Roßlau"]


async def test_forget_sent_removes_only_what_was_sent_to_that_chat(db: Database) -> None:
    outbox = Outbox(db)
    async with db.transaction():
        sent = await outbox.add(42, {"text": "a"}, purpose="ack")
        await outbox.add(42, {"text": "b"}, purpose="ack")
        other = await outbox.add(7, {"text": "c"}, purpose="ack")
    assert sent is not None and other is not None
    async with db.transaction():
        await outbox.mark_sent(sent, message_id=1)
        await outbox.mark_sent(other, message_id=2)
        assert await outbox.forget_sent(42) == 1
    async with db.conn.execute("SELECT chat_id, status FROM outbox ORDER BY id") as cursor:
        assert [tuple(row) for row in await cursor.fetchall()] == [(42, "pending"), (7, "sent")]
