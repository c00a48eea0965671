"""The error handler: log without personal data, and never leave the citizen in silence."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application

from runtime.context import BotContext

logger = logging.getLogger(__name__)


def where_it_failed(error: BaseException | None) -> str:
    """The traceback's frames (file, line, function, code), without the exception's message:
    a message may quote what a citizen wrote ("Can't parse entities … <b>&…")."""
    if error is None or error.__traceback__ is None:
        return ""
    return "".join(traceback.format_list(traceback.extract_tb(error.__traceback__))).rstrip()


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure (update id, error type, where) and tell the user something went wrong."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error(
        "update %s failed: %s\n%s", update_id, type(error).__name__, where_it_failed(error)
    )
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
