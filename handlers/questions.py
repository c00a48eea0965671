"""Free-text questions: answer from the knowledge base, offer choices, or admit not knowing."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from handlers import ui
from handlers.context import BotContext
from knowledge import Outcome
from knowledge.text import words


async def question(update: Update, context: BotContext) -> None:
    """Match a citizen's question and answer, suggest, or say honestly that we do not know."""
    message = update.effective_message
    text = message.text or ""
    lang = context.language(update, text)
    if not words(text):  # emoji, punctuation, nothing to match
        await ui.send_text(message, context.messages.get("no_words", lang))
        return
    decision = context.matcher.ask(text)
    if decision.outcome is Outcome.ANSWER:
        await ui.send_entry(message, decision.candidates[0].entry, context.kb, lang)
    elif decision.outcome is Outcome.SUGGEST:
        keyboard = ui.suggestions_keyboard(decision.candidates, context.kb, lang)
        await ui.send_text(message, context.messages.get("did_you_mean", lang), keyboard)
    else:
        await no_answer(update, context, lang)


async def no_answer(update: Update, context: BotContext, lang: str) -> None:
    """Tell the citizen honestly that the knowledge base has no answer, and who can help."""
    await ui.send_text(update.effective_message, context.messages.get("no_answer", lang))


async def entry_button(update: Update, context: BotContext) -> None:
    """Show the entry behind a suggestion, menu or follow-up button."""
    query = update.callback_query
    lang = context.language(update)
    entry = context.kb.by_id.get((query.data or "").removeprefix(ui.ENTRY))
    if entry is None:  # stale (entry removed since) or forged button data
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return
    await query.answer()
    await ui.send_entry(query.message, entry, context.kb, lang)


async def none_of_these(update: Update, context: BotContext) -> None:
    """The citizen rejected every suggestion."""
    query = update.callback_query
    await query.answer()
    await no_answer(update, context, context.language(update))


def register(app: Application) -> None:
    """Add this module's handlers."""
    text = filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(text, question))
    app.add_handler(CallbackQueryHandler(entry_button, pattern=f"^{ui.ENTRY}"))
    app.add_handler(CallbackQueryHandler(none_of_these, pattern=f"^{ui.NONE_OF_THESE}$"))
