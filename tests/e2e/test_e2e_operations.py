"""Running it for years: the daily backup beside a bot that keeps answering."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from fake_bot_api import FakeBotApi, User
from harness import StartBot, say

from knowledge import KnowledgeBase
from runtime import backups


def files_in(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


async def test_the_daily_backup_is_checked_private_and_keeps_the_newest(
    fake_api: FakeBotApi, start_bot: StartBot, anna: User, kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    for old in ("bot-20261101-031500.sqlite3", "bot-20261102-031500.sqlite3"):
        (folder / old).write_bytes(b"")
    running = await start_bot(BACKUP_DIR=str(folder), BACKUP_KEEP="2")
    await say(fake_api, anna, "Wo verlängere ich meinen Personalausweis?")  # a ticket to keep
    [job] = running.app.job_queue.get_jobs_by_name(backups.JOB)

    await job.run(running.app)  # what the job queue does once a day

    kept = files_in(folder)
    assert len(kept) == 2 and kept[0] == "bot-20261102-031500.sqlite3"  # the oldest went
    made = folder / kept[1]
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    with sqlite3.connect(made) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 1
    reply = await say(fake_api, anna, "Was ist das JBZ?")  # the bot answers on
    assert reply["text"].startswith(kb.by_id["bildung-jbz"].title)
    await job.run(running.app)  # started again within the day: no second backup
    assert files_in(folder) == kept


async def test_without_backup_dir_there_is_no_backup_job(start_bot: StartBot) -> None:
    running = await start_bot()
    assert running.app.job_queue.get_jobs_by_name(backups.JOB) == ()
