"""/neu_laden: the team puts an edited knowledge directory into service without a restart.

The directory (KNOWLEDGE_DIR) is read and validated off the event loop. If it has problems, the
team gets every one of them with file and line, and the bot goes on answering from the
knowledge base it has. If it is valid, events.yaml is synced exactly as at start-up (subscribers
hear of new, changed and removed events), the knowledge base and its matcher are swapped in as
one pair (runtime.context.Knowledge: an update being handled meanwhile finishes with the old
pair), the command menus are published again, and the team gets the counts.

On a server, `kill -HUP <pid>` does the same and tells the team in its chat (not in the
terminal chat, where a hang-up ends the program as usual).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections import Counter
from html import escape

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from handlers import start, ui
from handlers.events import reminders
from knowledge import KnowledgeError, load
from runtime import teaching
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import message_of

logger = logging.getLogger(__name__)


async def reload_knowledge(context: BotContext) -> str:
    """Re-read the knowledge directory and put it into service if it is valid; the report
    for the team (the counts, or every problem with file and line)."""
    services = context.bot_data
    async with services.reloading:
        try:
            curated = await asyncio.to_thread(load, context.settings.knowledge_dir)
        except KnowledgeError as error:
            logger.warning("knowledge base not reloaded: %d problem(s)", len(error.problems))
            problems = "\n".join(f"• {problem}" for problem in error.problems)
            return context.messages.get(
                "reload_failed", count=len(error.problems), problems=problems
            )
        # with what the team taught in its chat; a team entry now in the YAML is retired
        fresh, merged = await teaching.assemble(curated, context.db)
        await context.schedule.ready.wait()  # the start-up's sync of events.yaml is done
        events, notices = await reminders.sync_knowledge_events(context, fresh.kb)
        services.knowledge = fresh  # the knowledge base and its matcher, in one assignment
        try:
            await start.set_commands(
                context.application, fresh.kb, context.settings.coordinator_chat_id
            )
        except TelegramError as exc:  # the menus stay as they were; the answers are new
            logger.warning("command menus not published again: %s", type(exc).__name__)
    kb = fresh.kb
    files = Counter(entry.source.split(":")[0] for entry in curated.entries)
    logger.info("knowledge base reloaded: %d entries, %d events", len(kb.entries), len(kb.events))
    lines = [
        kb.messages.get("reload_team_retired", title=entry.title, id=entry.entry_id, source=source)
        for entry, source in merged.superseded
    ]
    lines += [
        kb.messages.get("reload_team_invalid", title=entry.title, id=entry.entry_id, problem=why)
        for entry, why in merged.invalid
    ]
    team = len(kb.entries) - len(curated.entries)
    taught = sum(len(texts) for entry in kb.entries for texts in entry.taught.values())
    if team or taught:
        lines.insert(0, kb.messages.get("reload_team", entries=team, phrasings=taught))
    return "\n".join(
        [
            kb.messages.get(
                "reload_done",
                entries=len(kb.entries),
                files=len(files),
                messages=len(kb.messages.texts),
                events=len(kb.events),
                added=len(events.added),
                changed=len(events.changed),
                removed=len(events.removed),
                notices=notices,
            ).strip(),
            *lines,
        ]
    )


@coordinator_only
async def reload_command(update: Update, context: BotContext) -> None:
    """/neu_laden: reload the knowledge directory and say how it went."""
    await ui.send_text(message_of(update), await reload_knowledge(context))


async def _on_hangup(app: Application) -> None:
    """SIGHUP: reload, and tell the team in its chat."""
    context = BotContext(app)
    report = await reload_knowledge(context)
    try:
        for chunk in ui.split_text(escape(report)):
            await app.bot.send_message(
                context.settings.coordinator_chat_id, chunk, parse_mode="HTML"
            )
    except TelegramError as exc:
        logger.warning("could not tell the team about the reload: %s", type(exc).__name__)


async def _listen_for_hangup(context: BotContext) -> None:
    """A job at start: from now on, SIGHUP reloads (where the platform has it)."""
    app = context.application
    if context.settings.console or not hasattr(signal, "SIGHUP"):
        return
    loop = asyncio.get_running_loop()

    def hangup() -> None:
        if app.running:
            app.create_task(_on_hangup(app), name="reload-on-sighup")

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not main thread
        loop.add_signal_handler(signal.SIGHUP, hangup)


def register(app: Application) -> None:
    """Add /neu_laden, and SIGHUP once the bot runs."""
    app.add_handler(CommandHandler("neu_laden", reload_command))
    if app.job_queue is not None:
        app.job_queue.run_once(
            _listen_for_hangup,
            when=0,
            name="reload-on-sighup",
            job_kwargs={"misfire_grace_time": None},  # however long start-up takes
        )
