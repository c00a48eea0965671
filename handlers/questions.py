"""Free-text questions: read, matched and planned by knowledge/plan.py, rendered here.

A message is read as a person would (a greeting, a letter's frame, several questions, the
past, a detail asked for) and gets one reply per part, in order: an answer from the knowledge
base (with "Das passt nicht – Frage ans Team" under it), the events of a period, "Meinten Sie
…?" buttons, or, for a part nobody can answer and for a detail an answer does not hold, one
ticket for the team with the whole message. Small talk is answered only when the message is
nothing else.

A photo, file or video with a caption is a question too: the caption is read as the text
(with a short note that the attachment is not), the attachment never goes to the team.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Message, Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from handlers import handoff, ui
from handlers.events.citizen import send_events
from knowledge.courtesy import small_talk_of_emoji
from knowledge.languages import script_language
from knowledge.plan import plan
from knowledge.replies import Plan, Reply, Step
from knowledge.text import words
from runtime.context import BotContext
from runtime.updates import message_of, pressed_message, query_of, user_of
from storage.questions_log import VIA_MATCHER, QuestionsLog


async def question(update: Update, context: BotContext) -> None:
    """Read a citizen's message (a text, or a caption), plan the replies and send them."""
    message = message_of(update)
    text = ui.said(message)
    lang = context.language(update, text)
    await ui.mention_attachment(message, context.messages, lang)
    if await handoff.followed_up(update, context, lang):
        return
    if not words(text) and not small_talk_of_emoji(text):  # "🍕🍕🍕", "?!": nothing to match
        await ui.send_text(message, context.messages.get("no_words", lang))
        return
    # read with the matcher of the language it is written in (the reply is in `lang`, which a
    # choice made with /sprache may set apart)
    matcher = context.knowledge.matcher_for(script_language(text, prefer=lang))
    planned = plan(text, matcher, context.schedule.now())
    token = None
    if not planned.to_team and any(r.step in (Step.ANSWER, Step.SUGGEST) for r in planned.replies):
        token = handoff.remember_question(context, text, planned.weighed)
    else:  # nothing to send to the team later: the last question is not kept any longer
        context.person.pop(handoff.PENDING, None)
    for reply in planned.replies:
        await _send(message, context, lang, reply, token)
    if planned.to_team and not await handoff.hand_off(
        update, context, text, planned.considered, lang
    ):
        return  # no ticket (banned, over the limit) or the same update again: not counted
    await _count(update, context, text, planned, token)


async def _send(
    message: Message, context: BotContext, lang: str, reply: Reply, token: str | None
) -> None:
    """One reply of the plan. A part for the team sends nothing itself: the ticket's
    acknowledgement (one per message) says it."""
    if reply.step is Step.SMALL_TALK and reply.entry is not None:
        await ui.send_entry(message, reply.entry, context.kb, lang)
    elif reply.step is Step.ANSWER and reply.entry is not None:
        escape = handoff.not_it_button(context.messages, lang, token) if token else None
        await ui.send_entry(message, reply.entry, context.kb, lang, escape)
    elif reply.step is Step.EVENTS:
        await send_events(message, context, lang, reply.period)
    elif reply.step is Step.SUGGEST and reply.decision is not None:
        extra: InlineKeyboardButton | None = None
        if token:
            extra = handoff.ask_team_button(context.messages, lang, token)
        keyboard = ui.suggestions_keyboard(reply.decision.candidates, lang, extra)
        await ui.send_text(message, context.messages.get("did_you_mean", lang), keyboard)
    if reply.missing and reply.step in (Step.ANSWER, Step.EVENTS):  # and it goes to the team
        note = context.messages.get(f"detail_missing_{reply.missing.value}", lang)
        await ui.send_text(message, note)


async def _count(
    update: Update, context: BotContext, text: str, planned: Plan, token: str | None
) -> None:
    """Count the message once for /statistik, now that the citizen has their replies; a
    "Keine davon" or "Das passt nicht" later turns this row into a handoff."""
    answered = [e.id for e in planned.answered]
    unanswered, via = None, None
    if planned.to_team:
        unanswered, via = handoff.unanswered(user_of(update).id, text), VIA_MATCHER
    async with context.db.transaction():
        counted = await QuestionsLog(context.db).log_question(
            planned.outcome.value, answered[0] if answered else None, unanswered, via
        )
    if token is not None:  # the buttons carry this message's token: its row is the one
        context.person[handoff.PENDING][handoff.COUNTED] = counted


async def entry_button(update: Update, context: BotContext) -> None:
    """Show the entry behind a suggestion, menu or follow-up button."""
    query = query_of(update)
    lang = context.language(update)
    entry = context.kb.by_id.get((query.data or "").removeprefix(ui.ENTRY))
    if entry is None:  # stale (entry removed since) or forged button data
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return
    await query.answer()
    await ui.send_entry(pressed_message(query), entry, context.kb, lang)


def register(app: Application) -> None:
    """Add this module's handlers."""
    # Text, and photos, files and videos with a caption: the caption is the question.
    said = filters.TEXT | filters.CAPTION
    text = said & ~filters.COMMAND & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    # In the team's own chat (when it is a private chat) messages are the team's, not questions.
    text &= ~filters.Chat(chat_id=app.bot_data.settings.coordinator_chat_id)
    app.add_handler(MessageHandler(text, question))
    app.add_handler(CallbackQueryHandler(entry_button, pattern=f"^{ui.ENTRY}"))
