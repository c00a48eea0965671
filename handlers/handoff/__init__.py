"""Questions for the team: a citizen's question becomes a ticket (tickets.py), the team's
replies come back (team.py), a ticket shows as a card in the team's chat (cards.py).

Every message of the handoff is an outbox row first (runtime/delivery.py): cards, relayed
answers, acknowledgements and confirmations survive restarts, Telegram errors and the group's
20-messages-per-minute limit. Which chat message belongs to which ticket is stored
(storage/message_links.py), never read from forward information.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers.buttons import ASK_TEAM, NOT_IT, TICKET
from handlers.handoff.cards import html_payload
from handlers.handoff.team import (
    RELAYS,
    open_command,
    statistics_command,
    team_edit,
    team_hint,
    team_reply,
    ticket_button,
)
from handlers.handoff.tickets import (
    COUNTED,
    PENDING,
    ask_command,
    ask_team_button,
    ask_team_button_pressed,
    followed_up,
    hand_off,
    not_it_button,
    remember_question,
    unanswered,
)
from knowledge import Messages
from runtime import delivery
from runtime.context import BotContext
from runtime.coordinator import chat_filter
from storage import ticket_retention
from storage.citizens import Citizens
from storage.db import Database
from storage.faq_drafts import FaqDrafts
from storage.message_links import MessageLinks
from storage.outbox import Outbox, OutboxItem
from storage.seen import SeenMessages

# What other features use (handlers/questions.py, handlers/privacy.py).
__all__ = [
    "COUNTED",
    "PENDING",
    "ask_team_button",
    "followed_up",
    "hand_off",
    "not_it_button",
    "register",
    "remember_question",
    "unanswered",
]

logger = logging.getLogger(__name__)

SENT_ROWS_KEPT = timedelta(days=30)  # sent or refused outbox rows (payload blank): then deleted


def register(app: Application) -> None:
    """Add this module's handlers, outbox hooks and the daily privacy job."""
    settings = app.bot_data.settings
    team = chat_filter(settings)
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("frage", ask_command, filters=private))
    app.add_handler(CommandHandler("offen", open_command))
    app.add_handler(CommandHandler("statistik", statistics_command))
    message = filters.UpdateType.MESSAGE & ~filters.COMMAND
    app.add_handler(MessageHandler(team & filters.REPLY & message, team_reply))
    edit = filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(team & edit, team_edit))
    if settings.coordinator_chat_id > 0:  # the team's chat is a private chat with the bot
        app.add_handler(MessageHandler(team & message, team_hint))
    app.add_handler(CallbackQueryHandler(ticket_button, pattern=f"^{TICKET}"))
    app.add_handler(
        CallbackQueryHandler(ask_team_button_pressed, pattern=f"^(?:{ASK_TEAM}|{NOT_IT})")
    )

    async def linked(db: Database, item: OutboxItem, message: Message) -> None:
        if item.ref_id is not None:
            await MessageLinks(db).link(item.chat_id, message.message_id, item.ref_id)

    async def relayed(db: Database, item: OutboxItem, message: Message) -> None:
        await linked(db, item, message)
        ticket_id = item.ref_id
        messages: Messages = app.bot_data.kb.messages
        confirm = messages.get(RELAYS[item.purpose].delivered, number=ticket_id)
        faq = InlineKeyboardButton(
            messages.get("button_faq"), callback_data=f"{TICKET}faq:{ticket_id}"
        )
        await Outbox(db).add(
            settings.coordinator_chat_id,
            html_payload(confirm, markup=InlineKeyboardMarkup([[faq]])),
            purpose="confirm",
            ref_id=ticket_id,
        )

    async def blocked(db: Database, item: OutboxItem) -> None:
        await Citizens(db).mark_blocked(item.chat_id)

    async def tell_team(db: Database, item: OutboxItem, key: str) -> None:
        messages: Messages = app.bot_data.kb.messages
        notice = messages.get(key, number=item.ref_id)
        await Outbox(db).add(
            settings.coordinator_chat_id, html_payload(notice), purpose="notice", ref_id=item.ref_id
        )

    async def undeliverable(db: Database, item: OutboxItem) -> None:
        await blocked(db, item)
        await tell_team(db, item, "answer_undeliverable")

    async def refused(db: Database, item: OutboxItem) -> None:
        await tell_team(db, item, "answer_refused")

    for purpose in ("card", "ack", "confirm", "followup", "notice"):
        delivery.on_sent(app, purpose, linked)
    delivery.on_forbidden(app, "ack", blocked)
    for purpose in RELAYS:  # answers and corrections
        delivery.on_sent(app, purpose, relayed)
        delivery.on_forbidden(app, purpose, undeliverable)
        delivery.on_failed(app, purpose, refused)

    if app.job_queue is not None:
        app.job_queue.run_repeating(
            retention, interval=timedelta(days=1), first=timedelta(minutes=1), name="retention"
        )


async def retention(context: BotContext) -> None:
    """Daily: anonymise tickets and delete FAQ drafts past the ticket retention, drop old sent
    and refused outbox rows."""
    services = context.bot_data
    if services.db is None:
        return
    anonymised = await ticket_retention.anonymise_expired(
        services.db, context.settings.ticket_retention
    )
    drafts = await FaqDrafts(services.db).purge_drafts(context.settings.ticket_retention)
    purged = await Outbox(services.db).purge_done(SENT_ROWS_KEPT)
    marks = await SeenMessages(services.db).purge()
    logger.info(
        "retention: %d tickets anonymised, %d FAQ drafts deleted, %d outbox rows removed,"
        " %d marks of handled messages removed",
        anonymised,
        drafts,
        purged,
        marks,
    )
