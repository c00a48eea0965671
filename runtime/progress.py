"""Long sends show their progress where the team works: an announcement, change or
cancellation notice to more than a hundred subscribers (storage/batches.py) gets one message
in the team chat — queued, sent, blocked the bot, failed — edited in place as the outbox works
it off (at Telegram's 30 messages a second, 10,000 take five and a half minutes), and a final
count when nothing is left to send.

The counts come from the batch's outbox rows, so a restart resumes the report where it was.
Edits go through the same rate limiter as every request; one edit every PROGRESS_EVERY seconds,
however many sends run at once (finished ones first), keeps four of the group's 20 messages a
minute for the reports. A report the team deleted is not edited again.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta

from telegram import Message
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application

from knowledge import Messages
from runtime import delivery
from runtime.context import BotContext
from storage.batches import Batches, Progress
from storage.db import Database
from storage.outbox import OutboxItem

logger = logging.getLogger(__name__)

PROGRESS = "progress"  # outbox purpose of the progress message in the team chat
PROGRESS_EVERY = timedelta(seconds=15)
JOB = "progress"


def progress_text(messages: Messages, progress: Progress) -> str:
    """The progress message: while the send runs, and once nothing is left to send."""
    figures = dataclasses.asdict(progress)  # label, total, sent, blocked, failed, queued
    if not progress.done:
        return messages.get("progress_running", **figures)
    text = messages.get("progress_done", **figures)
    if progress.dropped:
        text += " " + messages.get("progress_dropped", dropped=progress.dropped)
    return text


def register(app: Application) -> None:
    """The hook that remembers each progress message, and the job that edits them."""
    shown: dict[int, str] = {}  # batch -> the text the team sees now

    async def remember(db: Database, item: OutboxItem, message: Message) -> None:
        if item.ref_id is not None:
            await Batches(db).reported(item.ref_id, message.message_id)

    async def report(context: BotContext) -> None:
        """One round: one edit at most (whichever report changed, finished sends first), so
        that however many sends run at once the team's group gets four edits a minute."""
        services = context.bot_data
        if services.db is None or services.knowledge is None or services.settings is None:
            return
        messages = services.knowledge.kb.messages
        batches = Batches(services.db)
        running = sorted(await batches.running(), key=lambda p: (not p.done, p.id))
        texts = {p.id: progress_text(messages, p) for p in running}
        changed = [p for p in running if shown.get(p.id) != texts[p.id]]
        for progress in changed[:1]:
            assert progress.report_message_id is not None, "running() lists reported batches"
            text = texts[progress.id]
            try:
                await context.bot.edit_message_text(
                    text, services.settings.coordinator_chat_id, progress.report_message_id
                )
            except BadRequest as exc:  # the team deleted the message: the report ends here
                logger.info("progress %d not shown: %s", progress.id, exc.message)
                if "not modified" not in exc.message.lower():
                    await batches.finish(progress.id)
                    continue
            except TelegramError as exc:  # try again at the next round
                logger.warning("progress %d: %s", progress.id, exc)
                continue
            shown[progress.id] = text
            if progress.done:
                await batches.finish(progress.id)
                shown.pop(progress.id, None)

    delivery.on_sent(app, PROGRESS, remember)
    if app.job_queue is not None:
        # a round missed while the loop was busy runs late rather than never
        late = {"misfire_grace_time": None}
        app.job_queue.run_repeating(
            report, PROGRESS_EVERY, PROGRESS_EVERY, name=JOB, job_kwargs=late
        )
