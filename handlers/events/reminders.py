"""The reminder scheduler: one JobQueue job that wakes at the next due reminder.

Why one job and not one per reminder: a broadcast to 10,000 subscribers with two lead times
is 20,000 rows, and python-telegram-bot's JobQueue keeps its jobs only in memory. The rows in
SQLite are the schedule; the single job just knows when the earliest row is due. At start-up
(a job at `when=0`, after post_init) the scheduler
  1. syncs knowledge/events.yaml into the database (new, changed, removed events, with their
     announcements and notices; the team's /neu_laden does the same with the file as it is),
  2. adds or cancels reminder rows if REMINDER_LEAD_TIMES changed,
  3. runs once: reminders whose time passed during the downtime are sent if their event has
     not begun, else marked skipped (storage.reminders.decide),
and then re-arms itself at the next due time. Anything that adds or moves reminders calls
`poke()`, which runs the job now (it re-arms itself when done).

The clock is injectable (`scheduler.clock`): tests move it forward instead of waiting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from telegram import Message
from telegram.ext import Application

from handlers.events import notices as event_notices
from knowledge import KnowledgeBase
from runtime import delivery
from runtime.context import BotContext
from storage.db import Database, now_utc
from storage.events import EventData, Events, SyncResult
from storage.outbox import OutboxItem
from storage.reminders import PURPOSE, Reminders
from storage.subscriptions import Subscriptions

logger = logging.getLogger(__name__)

JOB = "event-reminders"
STARTUP_JOB = "event-startup"
MAX_SLEEP = timedelta(minutes=15)  # re-check at least this often (clock jumps, suspend)
# Who was reminded of an event is forgotten this long after it ended (checked once a day).
KEEP_AFTER_EVENT = timedelta(days=30)
PURGE_EVERY = timedelta(days=1)


class ReminderScheduler:
    """Arms the single reminder job; `ready` is set once events.yaml has been synced."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self.clock: Callable[[], datetime] = now_utc
        self.ready = asyncio.Event()
        self._lock = asyncio.Lock()
        self.runs = 0  # completed runs, for tests and logs
        self._purged: datetime | None = None

    def now(self) -> datetime:
        """The current time (aware, UTC)."""
        return self.clock()

    def poke(self) -> None:
        """Look at the reminders now (something was added or moved)."""
        self._schedule(0.0)

    def _schedule(self, delay: float) -> None:
        queue = self.app.job_queue
        if queue is None:  # pragma: no cover - the job-queue extra is a dependency
            return
        for job in queue.get_jobs_by_name(JOB):
            job.schedule_removal()
        queue.run_once(self._job, when=delay, name=JOB, job_kwargs={"misfire_grace_time": None})

    async def _job(self, context: BotContext) -> None:
        """The job: queue what is due, then sleep until the next due reminder."""
        await self.run(context)

    async def startup(self, context: BotContext) -> None:
        """Sync events.yaml, follow the lead times, send what the downtime held back."""
        try:
            await sync_knowledge_events(context, context.kb)
            added, cancelled = await Reminders(context.db).ensure_leads(
                context.settings.reminder_leads, self.now()
            )
            if added or cancelled:
                logger.info(
                    "reminders: lead times changed: %d added, %d cancelled", added, cancelled
                )
        finally:
            self.ready.set()
        await self.run(context)

    async def run(self, context: BotContext) -> tuple[int, int]:
        """Move due reminders into the outbox (or skip them) and re-arm; (queued, skipped)."""
        async with self._lock:
            reminders = Reminders(context.db)
            now = self.now()
            render = event_notices.reminder_renderer(context.messages)
            team_chat = context.settings.coordinator_chat_id
            opener = event_notices.reminder_batches(context.messages, team_chat)
            queued, skipped = await reminders.queue_due(now, render, open_batch=opener)
            if queued:
                context.wake_outbox()
            if queued or skipped:
                logger.info("reminders: %d queued, %d skipped", queued, skipped)
            if self._purged is None or now - self._purged >= PURGE_EVERY:
                purged = await Subscriptions(context.db).purge_past(now - KEEP_AFTER_EVENT)
                self._purged = now
                if purged:
                    logger.info("reminders: %d subscription(s) of past events forgotten", purged)
            upcoming = await reminders.next_due()
            delay = MAX_SLEEP
            if upcoming is not None:
                delay = min(max(upcoming - self.now(), timedelta(0)), MAX_SLEEP)
            self._schedule(delay.total_seconds())
            self.runs += 1
            return queued, skipped


async def sync_knowledge_events(context: BotContext, kb: KnowledgeBase) -> tuple[SyncResult, int]:
    """Make the database follow `kb`'s events.yaml and tell subscribers what changed (in the
    texts of `kb`); what changed, and how many notices were queued. At start-up and when the
    team reloads the knowledge directory (handlers/reload.py)."""
    db, messages, now = context.db, kb.messages, context.schedule.now()
    team_chat = context.settings.coordinator_chat_id
    specs = {
        spec.id: EventData(
            title=spec.title,
            starts_at=spec.start,
            ends_at=spec.end,
            place=spec.place,
            category=spec.category,
            description=spec.description,
            link=spec.link,
        )
        for spec in kb.events
    }
    async with db.transaction():
        result = await Events(db).sync_kb(specs)
        notices = 0
        for event in result.added:
            notices += await event_notices.announce(db, messages, event, now, team_chat)
        for change in result.changed:
            if change.time_changed:
                await Reminders(db).reschedule(change.new, now)
            notices += await event_notices.changed(db, messages, change, now, team_chat)
        for event in result.removed:
            await Reminders(db).cancel(event.id)
            notices += await event_notices.cancelled(db, messages, event, now, team_chat)
    if result.added or result.changed or result.removed:
        logger.info(
            "events.yaml: %d added, %d changed, %d removed; %d notices queued",
            len(result.added), len(result.changed), len(result.removed), notices,
        )  # fmt: skip
    if notices:
        context.wake_outbox()
    return result, notices


async def _reminder_sent(db: Database, item: OutboxItem, message: Message) -> None:
    """Telegram confirmed a reminder."""
    if item.ref_id is not None:
        await Reminders(db).mark_sent(item.ref_id)


async def _blocked(db: Database, item: OutboxItem) -> None:
    """Telegram said 403 (the citizen blocked the bot): end their subscriptions."""
    removed = await Subscriptions(db).forget_user(item.chat_id)
    logger.info("a subscriber blocked the bot: %d subscription(s) ended", removed)


def register(app: Application) -> None:
    """Create the scheduler, its start-up job and the outbox hooks."""
    scheduler = ReminderScheduler(app)
    app.bot_data.reminders = scheduler
    delivery.on_sent(app, PURPOSE, _reminder_sent)
    delivery.on_forbidden(app, PURPOSE, _blocked)
    delivery.on_forbidden(app, event_notices.PURPOSE, _blocked)
    if app.job_queue is not None:
        # no misfire limit: when start-up takes longer than APScheduler's default second
        # (loading and indexing the knowledge base), the job must still run, late
        app.job_queue.run_once(
            scheduler.startup, when=0, name=STARTUP_JOB, job_kwargs={"misfire_grace_time": None}
        )
