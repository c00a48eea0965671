"""What no other handler took: non-text messages, unknown commands, unknown buttons; and, before
every feature, a button under a message the bot can no longer reach.

Registered last (see handlers/__init__.py): its filters are deliberately broad. The guard for
buttons under inaccessible messages runs in a group before the features (BEFORE_FEATURES).
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ZERO_DATE
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import ui
from runtime.context import BotContext
from runtime.updates import message_of, query_of


async def non_text(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice, locations …: say kindly that the bot reads text."""
    await ui.send_text(
        message_of(update), context.messages.get("non_text", context.language(update))
    )


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not know."""
    lang = context.language(update)
    await ui.send_text(message_of(update), context.messages.get("unknown_command", lang))


async def unknown_button(update: Update, context: BotContext) -> None:
    """Button data no handler recognises (an old version's button, or forged): answer gently."""
    lang = context.language(update)
    await query_of(update).answer(context.messages.get("stale_button", lang), show_alert=True)


BEFORE_FEATURES = -1  # the handler group of `inaccessible_button`


async def inaccessible_button(update: Update, context: BotContext) -> None:
    """A button under a message Telegram no longer shows the bot (deleted, or too old: an
    InaccessibleMessage) cannot be acted on where it is: answer it as outdated, and no feature
    sees it. The same for a button under an inline message (no message at all): the bot has
    no inline mode, so such data is forged."""
    query = update.callback_query
    if query is None:
        return
    # python-telegram-bot 22 reads an InaccessibleMessage as a Message dated ZERO_DATE
    if isinstance(query.message, Message) and query.message.date != ZERO_DATE:
        return
    lang = context.language(update)
    await query.answer(context.messages.get("stale_button", lang), show_alert=True)
    raise ApplicationHandlerStop


def register(app: Application) -> None:
    """Add this module's handlers."""
    app.add_handler(TypeHandler(Update, inaccessible_button), group=BEFORE_FEATURES)
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & ~filters.TEXT, non_text))
    app.add_handler(CallbackQueryHandler(unknown_button))
