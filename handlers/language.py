"""/sprache (/language): the person chooses the language the bot writes in, with buttons.

The choice is kept in the person's user_data (persisted, so it outlasts a restart; shown by
/meinedaten; deleted by /loeschen with everything else) and wins over the language a message
is written in: whoever chose Ukrainian and writes "JBZ?" is answered in Ukrainian. Their
reminders and notices of new events follow the choice too (storage/subscriptions.py).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from handlers import ui
from handlers.buttons import LANGUAGE
from knowledge.model import LANGUAGES
from runtime.context import CHOSEN_LANGUAGE, LAST_LANGUAGE, BotContext
from runtime.updates import message_of, pressed_message, query_of, user_of
from storage.subscriptions import Subscriptions


def offered(context: BotContext) -> list[str]:
    """The languages the knowledge base names (German and English always; each language of
    knowledge/i18n/ once its folder names it)."""
    return [lang for lang in LANGUAGES if lang in context.messages.names]


async def choose(update: Update, context: BotContext) -> None:
    """Offer every language as a button, each named in itself."""
    lang = context.language(update)
    rows = [
        [
            InlineKeyboardButton(
                context.messages.language_name(code), callback_data=f"{LANGUAGE}{code}"
            )
        ]
        for code in offered(context)
    ]
    text = context.messages.get("language_choose", lang)
    await ui.send_text(message_of(update), text, InlineKeyboardMarkup(rows))


async def chosen(update: Update, context: BotContext) -> None:
    """Keep the language pressed and confirm it in that language."""
    query = query_of(update)
    code = (query.data or "").removeprefix(LANGUAGE)
    if code not in offered(context):  # forged or from a language since removed
        await query.answer(context.messages.get("stale_button", context.language(update)))
        return
    await query.answer()
    context.person[CHOSEN_LANGUAGE] = code
    context.person[LAST_LANGUAGE] = code
    async with context.db.transaction():  # reminders and notices come in it from now on
        await Subscriptions(context.db).speaks(user_of(update).id, code)
    await ui.send_text(pressed_message(query), context.messages.get("language_set", code))


def register(app: Application) -> None:
    """Add this module's handlers."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler(["sprache", "language"], choose, filters=private))
    app.add_handler(CallbackQueryHandler(chosen, pattern=f"^{LANGUAGE}"))
