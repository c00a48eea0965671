"""The daily backup, for operators who want one: BACKUP_DIR and BACKUP_KEEP.

With BACKUP_DIR set, the bot copies its database there once a day (storage/backup.py: online,
consistent, checked, mode 600), as bot-YYYYMMDD-HHMMSS.sqlite3, and deletes the oldest copies
beyond BACKUP_KEEP. The copy runs in a thread, so the bot keeps answering meanwhile; a failed
backup is logged as an error (for the operator's monitoring) and tried again the next day.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram.ext import Application

from runtime.context import BotContext
from storage import backup

logger = logging.getLogger(__name__)

JOB = "daily-backup"
INTERVAL = timedelta(days=1)
FIRST = timedelta(minutes=5)  # after start-up, when the bot has settled
FRESH = timedelta(hours=20)  # a newer backup than this makes the day's backup unnecessary


async def daily_backup(context: BotContext) -> None:
    """Copy the database into BACKUP_DIR and keep the newest BACKUP_KEEP copies."""
    settings = context.settings
    if settings.backup_dir is None:
        return
    now = datetime.now(UTC)
    newest = backup.made(settings.backup_dir) if settings.backup_dir.is_dir() else []
    if newest and now - _made_at(newest[-1]) < FRESH:
        return  # a restart (or several) within the day: today's backup exists, keep the others
    target = backup.timestamped(settings.backup_dir, now)
    try:
        done = await asyncio.to_thread(backup.backup, settings.db_path, target)
    except (backup.BackupError, OSError) as error:  # e.g. a full disk: tried again tomorrow
        logger.error("daily backup failed: %s", error)
        return
    removed = await asyncio.to_thread(backup.prune, settings.backup_dir, settings.backup_keep)
    logger.info(
        "daily backup: %s (%.1f MB in %.1f s), %d older backup(s) removed",
        done.path,
        done.size / 1e6,
        done.seconds,
        len(removed),
    )


def _made_at(path: Path) -> datetime:
    """When a backup named by storage.backup.timestamped was made."""
    return datetime.strptime(path.name, "bot-%Y%m%d-%H%M%S.sqlite3").replace(tzinfo=UTC)


def register(app: Application) -> None:
    """Schedule the daily backup when BACKUP_DIR is set."""
    settings = app.bot_data.settings
    if settings is None or settings.backup_dir is None or app.job_queue is None:
        return
    app.job_queue.run_repeating(
        daily_backup,
        interval=INTERVAL,
        first=FIRST,
        name=JOB,
        job_kwargs={"misfire_grace_time": None},
    )
