"""Free-text questions: answer from the knowledge base, offer choices, or hand to the team.

A photo, file or video with a caption is a question too: the caption is read as the text
(with a short note that the attachment is not), the attachment never goes to the team.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from handlers import handoff, ui
from handlers.context import BotContext
from knowledge import Outcome
from knowledge.text import words
from storage.tickets import VIA_MATCHER, Tickets


async def question(update: Update, context: BotContext) -> None:
    """Match a citizen's question (a text, or a caption) and answer, suggest, or hand it on."""
    message = update.effective_message
    text = ui.said(message)
    lang = context.language(update, text)
    await ui.mention_attachment(message, context.messages, lang)
    if await handoff.followed_up(update, context, lang):
        return
    if not words(text):  # emoji, punctuation, nothing to match
        await ui.send_text(message, context.messages.get("no_words", lang))
        return
    decision = context.matcher.ask(text)
    best = decision.best.entry.id if decision.outcome is Outcome.ANSWER else None
    unanswered, via = None, None
    if decision.outcome is Outcome.HANDOFF:
        unanswered, via = handoff.unanswered(update.effective_user.id, text), VIA_MATCHER
    if decision.outcome is Outcome.ANSWER:
        await ui.send_entry(message, decision.candidates[0].entry, context.kb, lang)
    elif decision.outcome is Outcome.SUGGEST:
        token = handoff.remember_question(context, text, decision)
        extra = handoff.ask_team_button(context.messages, lang, token)
        keyboard = ui.suggestions_keyboard(decision.candidates, lang, extra)
        await ui.send_text(message, context.messages.get("did_you_mean", lang), keyboard)
    elif not await handoff.hand_off(update, context, text, handoff.considered_of(decision), lang):
        return  # no ticket (banned, over the limit) or the same update again: not counted
    async with context.db.transaction():  # counted for /statistik once the citizen has a reply
        counted = await Tickets(context.db).log_question(
            decision.outcome.value, best, unanswered, via
        )
    if decision.outcome is Outcome.SUGGEST:  # "Keine davon" makes this row the handoff
        context.user_data[handoff.PENDING][handoff.COUNTED] = counted


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


def register(app: Application) -> None:
    """Add this module's handlers."""
    # Text, and photos, files and videos with a caption: the caption is the question.
    said = filters.TEXT | filters.CAPTION
    text = said & ~filters.COMMAND & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    # In the team's own chat (when it is a private chat) messages are the team's, not questions.
    text &= ~filters.Chat(chat_id=app.bot_data.settings.coordinator_chat_id)
    app.add_handler(MessageHandler(text, question))
    app.add_handler(CallbackQueryHandler(entry_button, pattern=f"^{ui.ENTRY}"))
