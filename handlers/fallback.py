"""What no other handler took: non-text messages, unknown commands, unknown buttons.

Registered last (see bot.py): its filters are deliberately broad.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

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


def register(app: Application) -> None:
    """Add this module's handlers."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & ~filters.TEXT, non_text))
    app.add_handler(CallbackQueryHandler(unknown_button))
