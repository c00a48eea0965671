"""The error handler: log without personal data, and never leave the citizen in silence."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from handlers.context import BotContext

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure (update id and error type only) and tell the user something went wrong."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error(
        "update %s failed: %s", update_id, type(error).__name__,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )  # fmt: skip
    if not isinstance(update, Update) or isinstance(error, Forbidden):
        return  # nobody to tell, or the user blocked the bot
    lang = context.language(update)
    text = context.messages.get("error", lang) if context.bot_data.kb else "Fehler / error"
    try:
        if update.callback_query:
            try:  # the handler may have answered the button already; then this is refused
                await update.callback_query.answer(text, show_alert=True)
                return
            except BadRequest:
                pass
        if update.effective_chat:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError as exc:  # the apology itself failed: nothing more we can do
        logger.warning("could not tell the user about the error: %s", type(exc).__name__)


def register(app: Application) -> None:
    """Install the error handler."""
    app.add_error_handler(on_error)
