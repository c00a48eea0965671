"""The coordinator's event commands, in the coordinator chat only (`coordinator_only`):

/termin_neu      guided: title, start ("12.12.2026 18:00"), end (optional), place, category,
                 description (optional), then a summary to save. Saving announces the event to
                 the subscribers of its category and of all events.
/termin_aendern  choose an event (button or number, also `/termin_aendern 12`), change any
                 fields, save: subscribers get a change notice, reminders move with the start.
/termin_absagen  choose an event, confirm: subscribers get a cancellation notice, its pending
                 reminders are cancelled.
/abbrechen       leaves any of these without changing anything.

One persistent ConversationHandler holds all three (a new command restarts it), so a restart
of the bot in the middle of /termin_neu continues where the coordinator was. The fields
collected so far live in `user_data` as JSON (times as ISO strings). Questions that want a
typed answer come with ForceReply: in a group with privacy mode on, the answer is a reply to
the bot and reaches it.
"""

from __future__ import annotations

import warnings

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers.buttons import EVENT_ADMIN
from handlers.events import notices as event_notices
from handlers.events import ui
from handlers.events.admin_steps import (
    ABORT,
    ASK,
    CATEGORY,
    CHOICES,
    CHOOSE,
    CONFIRM_CANCEL,
    DRAFT,
    FIELD,
    NAME,
    PICK,
    REVIEW,
    SAVE,
    SKIP,
    YES,
    Addressed,
    ask,
    clear,
    clock,
    draft_of,
    flow_of,
    got_choice,
    got_text,
    pick_field,
    review,
    save,
    say,
)
from knowledge.dates import local
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import message_of, pressed_message, query_of
from storage.events import Event, Events, iso
from storage.reminders import Reminders

# ---- entry points ---------------------------------------------------------------------------


async def new_event(update: Update, context: BotContext) -> str:
    """/termin_neu: start the guided questions."""
    clear(context)
    flow_of(context)["mode"] = "new"
    draft_of(context)
    return await ask(message_of(update), context, context.language(update), "title")


async def _choose(update: Update, context: BotContext, mode: str) -> str | int:
    """/termin_aendern or /termin_absagen: which event (a number after the command works too)."""
    clear(context)
    flow_of(context)["mode"] = mode
    lang, messages = context.language(update), context.messages
    if context.args:  # "/termin_absagen 12"; anything else there gets "no such event"
        event_id = ui.parse_id(context.args[0].lstrip("#")) or 0
        return await _picked(message_of(update), context, lang, event_id)
    events = await Events(context.db).choices(clock(context), CHOICES)
    if not events:
        clear(context)
        await say(context, message_of(update), ui.html(messages, "admin_no_events", lang))
        return ConversationHandler.END
    rows = [
        [InlineKeyboardButton(_label(event, context, lang), callback_data=f"{PICK}{event.id}")]
        for event in events
    ]
    rows.append([InlineKeyboardButton(messages.get("button_abort", lang), callback_data=ABORT)])
    await say(
        context,
        message_of(update),
        ui.html(messages, "admin_choose_event", lang),
        InlineKeyboardMarkup(rows),
    )
    return CHOOSE


def _label(event: Event, context: BotContext, lang: str) -> str:
    start = local(event.starts_at)
    return ui.short(f"{event.id} · {start:%d.%m. %H:%M} · {event.title}", 60)


async def edit_event(update: Update, context: BotContext) -> str | int:
    """/termin_aendern."""
    return await _choose(update, context, "edit")


async def cancel_event(update: Update, context: BotContext) -> str | int:
    """/termin_absagen."""
    return await _choose(update, context, "cancel")


async def pick_button(update: Update, context: BotContext) -> str | int:
    """An event chosen by its button."""
    query = query_of(update)
    raw = (query.data or "").removeprefix(PICK)
    await query.answer()
    await query.edit_message_reply_markup(None)
    event_id = ui.parse_id(raw) or 0
    return await _picked(pressed_message(query), context, context.language(update), event_id)


async def pick_text(update: Update, context: BotContext) -> str | int:
    """An event chosen by typing its number."""
    raw = (message_of(update).text or "").strip().lstrip("#")
    event_id = ui.parse_id(raw) or 0
    return await _picked(message_of(update), context, context.language(update), event_id)


async def _picked(message: Message, context: BotContext, lang: str, event_id: int) -> str | int:
    messages = context.messages
    event = await Events(context.db).get(event_id) if event_id else None
    if event is None or event.cancelled or event.last_moment < clock(context):
        await say(context, message, ui.html(messages, "admin_unknown_event", lang))
        return CHOOSE
    flow = flow_of(context)
    flow["event_id"] = event.id
    if flow.get("mode") == "cancel":
        rows = [
            [
                InlineKeyboardButton(
                    messages.get("button_confirm_cancel", lang), callback_data=YES
                ),
                InlineKeyboardButton(messages.get("button_keep", lang), callback_data=ABORT),
            ]
        ]
        text = (
            f"{ui.html(messages, 'admin_confirm_cancel', lang)}\n\n{ui.card(event, messages, lang)}"
        )
        await say(context, message, text, InlineKeyboardMarkup(rows))
        return CONFIRM_CANCEL
    flow["start_was"] = iso(event.starts_at)
    context.person[DRAFT] = {
        "title": event.title,
        "start": iso(event.starts_at),
        "end": event.ends_at and iso(event.ends_at),
        "place": event.place,
        "category": event.category,
        "description": event.description,
        "link": event.link,
    }
    return await review(message, context, lang)


async def confirm_cancel(update: Update, context: BotContext) -> int:
    """ "Ja, absagen": cancel the event, its reminders, and tell its subscribers."""
    query = query_of(update)
    lang, messages = context.language(update), context.messages
    await query.answer()
    await query.edit_message_reply_markup(None)
    event_id = int(flow_of(context).get("event_id") or 0)
    db, now = context.db, clock(context)
    async with db.transaction():
        event = await Events(db).cancel(event_id)
        count = 0
        if event is not None:
            await Reminders(db).cancel(event.id)
            count = await event_notices.cancelled(
                db, messages, event, now, context.settings.coordinator_chat_id
            )
    clear(context)
    if event is None:
        await say(context, pressed_message(query), ui.html(messages, "admin_event_gone", lang))
        return ConversationHandler.END
    context.wake_outbox()
    await say(
        context,
        pressed_message(query),
        ui.html(messages, "admin_event_cancelled", lang, id=event.id, count=count),
    )
    return ConversationHandler.END


# ---- leaving ------------------------------------------------------------------------------


async def abort(update: Update, context: BotContext) -> int:
    """/abbrechen or "Abbrechen": leave without changing anything."""
    clear(context)
    lang = context.language(update)
    if update.callback_query:
        await query_of(update).answer()
        await query_of(update).edit_message_reply_markup(None)
    await say(context, message_of(update), ui.html(context.messages, "admin_aborted", lang))
    return ConversationHandler.END


async def unexpected(update: Update, context: BotContext) -> None:
    """Something the current step does not take (a sticker, text where a button is due)."""
    lang = context.language(update)
    if update.callback_query:
        await query_of(update).answer(context.messages.get("stale_button", lang), show_alert=True)
        return
    await say(context, message_of(update), ui.html(context.messages, "admin_text_expected", lang))


def register(app: Application) -> None:
    """Add the coordinator's event conversation."""
    # New messages only: an edited message (e.g. a team member correcting an answer that was
    # relayed to a citizen) is not the answer to the current step.
    addressed = Addressed(app) & filters.UpdateType.MESSAGE
    text = filters.TEXT & ~filters.COMMAND & addressed
    with warnings.catch_warnings():
        # Buttons are only tracked per chat and user here, which is what we want: PTB warns
        # that CallbackQueryHandlers are then not tracked per message.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        conversation: ConversationHandler[BotContext] = ConversationHandler(
            entry_points=[
                CommandHandler("termin_neu", coordinator_only(new_event)),
                CommandHandler("termin_aendern", coordinator_only(edit_event)),
                CommandHandler("termin_absagen", coordinator_only(cancel_event)),
            ],
            states={
                ASK: [
                    MessageHandler(text, got_text),
                    CallbackQueryHandler(got_choice, pattern=f"^({SKIP}|{CATEGORY})"),
                ],
                REVIEW: [
                    CallbackQueryHandler(save, pattern=f"^{SAVE}$"),
                    CallbackQueryHandler(pick_field, pattern=f"^{FIELD}"),
                ],
                CHOOSE: [
                    CallbackQueryHandler(pick_button, pattern=f"^{PICK}"),
                    MessageHandler(text, pick_text),
                ],
                CONFIRM_CANCEL: [CallbackQueryHandler(confirm_cancel, pattern=f"^{YES}$")],
            },
            fallbacks=[
                CommandHandler("abbrechen", abort),
                CallbackQueryHandler(abort, pattern=f"^{ABORT}$"),
                CallbackQueryHandler(unexpected, pattern=f"^{EVENT_ADMIN}"),
                MessageHandler(~filters.COMMAND & addressed, unexpected),
            ],
            name=NAME,
            persistent=True,
            allow_reentry=True,
        )
    app.add_handler(conversation)
