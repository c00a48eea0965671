"""The team teaches the bot in its chat, without editing files (coordinator chat only):

- publish.py: "📝 Als FAQ übernehmen" under a delivered answer makes a draft; the team edits
  title, phrasings, answer and topic, previews it and publishes it as an entry;
- phrasings.py: "📚 Zu Eintrag hinzufügen" under a ticket's card or /statistik's list adds a
  citizen's question (personal data taken out) as a phrasing of the entry that answers it;
- faq.py: /faq lists what the team taught; entries can be changed or withdrawn, phrasings
  removed;
- replies.py: the team's typed values (replies to the bot's questions).

What the team taught lives in SQLite (storage/team_knowledge.py), is merged into the curated
YAML (knowledge/team.py) and put into service at once (runtime/teaching.py). Every button is
checked again on press (`coordinator_only`, and every id is looked up): forged or stale data
change nothing.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers.buttons import TEACH
from handlers.teaching import faq, phrasings, publish, replies
from handlers.teaching.common import CANCEL, carries
from runtime.context import BotContext
from runtime.coordinator import chat_filter, coordinator_only
from runtime.updates import query_of
from storage.team_knowledge import TeamPrompts

__all__ = ["open_draft", "register", "teach_button", "teach_buttons"]

open_draft = publish.open_draft
teach_button = phrasings.teach_button
teach_buttons = phrasings.teach_buttons


@coordinator_only
async def cancelled(update: Update, context: BotContext) -> None:
    """ "Abbrechen": the question or preview says that nothing changed."""
    query = query_of(update)
    if not carries(query):  # forged under another message (a card): that stays as it is
        await query.answer(context.messages.get("stale_button"), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(context.messages.get("teach_cancelled"))


def register(app: Application) -> None:
    """Add this feature's handlers."""
    settings = app.bot_data.settings
    team = chat_filter(settings)
    typed = team & filters.REPLY & filters.UpdateType.MESSAGE & ~filters.COMMAND
    app.add_handler(MessageHandler(typed, replies.prompt_reply), group=replies.REPLIES_GROUP)
    app.add_handler(CommandHandler("faq", faq.faq_command))
    app.add_handler(CallbackQueryHandler(cancelled, pattern=f"^{CANCEL}$"))
    app.add_handler(CallbackQueryHandler(replies.confirm_pressed, pattern=f"^{replies.CONFIRM}"))
    app.add_handler(CallbackQueryHandler(phrasings.teach_pressed, pattern=f"^{TEACH}[pcsa]:"))
    app.add_handler(CallbackQueryHandler(publish.draft_pressed, pattern=f"^{TEACH}dt?:"))
    app.add_handler(
        CallbackQueryHandler(faq.faq_pressed, pattern=f"^{TEACH}(?:e|r|ed|et|w|wy|rs):")
    )
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            forget_questions,
            interval=timedelta(days=1),
            first=timedelta(minutes=2),
            name="team-prompts",
        )


async def forget_questions(context: BotContext) -> None:
    """Daily: the bot's questions to the team older than a week are no longer answered."""
    if context.bot_data.db is not None:
        await TeamPrompts(context.bot_data.db).purge()
