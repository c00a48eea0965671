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
from datetime import datetime, timedelta
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers.events import notices as event_notices
from handlers.events import ui
from handlers.ui import NO_PREVIEW
from knowledge import EVENT_CATEGORIES
from knowledge.dates import DateInputError, local, parse_datetime, parse_time_on
from knowledge.events import MAX_DESCRIPTION, MAX_EVENT_TITLE, MAX_PLACE
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import message_of, pressed_message, query_of
from storage.events import Event, EventData, Events, from_iso, iso
from storage.reminders import Reminders

NAME = "termine_verwalten"  # the ConversationHandler's name in the persistence table

# States (strings: stored as JSON by the persistence).
ASK = "ask"  # waiting for the value of draft field `field`
REVIEW = "review"  # summary shown: save, abort, or (when changing) pick another field
CHOOSE = "choose"  # which event to change or cancel
CONFIRM_CANCEL = "confirm_cancel"

DRAFT = "event_draft"  # user_data: the event's fields so far
FLOW = "event_flow"  # user_data: {"mode": "new"|"edit"|"cancel", "event_id", "field"}
FIELDS = ("title", "start", "end", "place", "category", "description")
OPTIONAL = {"end": "button_no_end", "description": "button_no_description"}
LIMITS = {"title": MAX_EVENT_TITLE, "place": MAX_PLACE, "description": MAX_DESCRIPTION}
CHOICES = 10  # events offered as buttons
REMEMBERED = 20  # the bot's latest messages in a conversation that a reply may answer
MAX_AHEAD = timedelta(days=3 * 366)  # a start further ahead is a typo ("2062" for "2026")

# Button data of this conversation.
SKIP = "ta:skip"  # "Ohne Ende" / "Ohne Beschreibung"
CATEGORY = "ta:cat:"
SAVE = "ta:save"
ABORT = "ta:abort"
PICK = "ta:pick:"
FIELD = "ta:field:"
YES = "ta:yes"


def _flow(context: BotContext) -> dict[str, Any]:
    return context.person.setdefault(FLOW, {})


def _draft(context: BotContext) -> dict[str, Any]:
    return context.person.setdefault(DRAFT, {})


def _clear(context: BotContext) -> None:
    context.person.pop(DRAFT, None)
    context.person.pop(FLOW, None)


def _now(context: BotContext) -> datetime:
    return context.schedule.now()


def _draft_event(draft: dict[str, Any], event_id: int = 0) -> Event:
    """The draft as an Event, to show it like citizens will see it."""
    return Event(
        id=event_id,
        title=draft.get("title", ""),
        starts_at=from_iso(draft["start"]),
        ends_at=from_iso(draft["end"]) if draft.get("end") else None,
        place=draft.get("place", ""),
        description=draft.get("description", ""),
        category=draft.get("category", ""),
        link=draft.get("link"),
        status="scheduled",
        time_rev=1,
        revision=1,
    )


def _data(draft: dict[str, Any]) -> EventData:
    return _draft_event(draft).data()


async def _say(
    context: BotContext,
    message: Message,
    text: str,
    markup: InlineKeyboardMarkup | ForceReply | None = None,
) -> None:
    """Reply in the coordinator chat; remember the message as one of this conversation's."""
    sent = await message.reply_html(text, reply_markup=markup, link_preview_options=NO_PREVIEW)
    if FLOW in context.person:
        said = context.person[FLOW].setdefault("said", [])
        said[:] = [*said[-(REMEMBERED - 1) :], sent.message_id]


class Addressed(filters.MessageFilter):
    """A message meant for the running /termin_… questions: not a reply to some other message.

    In the coordinator chat the team also answers citizens by replying to a ticket's card
    (handlers/handoff/). Such a reply, written while /termin_neu waits for a title, is an
    answer to a citizen and must reach the handoff, not become the event's title.
    """

    def __init__(self, app: Application) -> None:
        super().__init__(name="Addressed")
        self.app = app

    def filter(self, message: Message) -> bool:
        """Not a reply, or a reply to a message of this conversation."""
        target = message.reply_to_message
        if target is None or message.from_user is None:
            return True
        flow = self.app.user_data.get(message.from_user.id, {}).get(FLOW, {})
        return target.message_id in flow.get("said", ())


# ---- asking for one field ------------------------------------------------------------------


async def _ask(message: Message, context: BotContext, lang: str, field: str) -> str:
    """Ask for `field`; the question depends on the field and on new or change."""
    messages = context.messages
    _flow(context)["field"] = field
    if _flow(context).get("mode") == "edit":
        name = messages.get(f"field_{field}", lang)
        text = ui.html(messages, "admin_ask_value", lang, field=name)
    else:
        text = ui.html(messages, f"admin_ask_{field}", lang)
    markup: InlineKeyboardMarkup | ForceReply
    if field == "category":
        buttons = [
            InlineKeyboardButton(ui.category_name(c, messages, lang), callback_data=CATEGORY + c)
            for c in EVENT_CATEGORIES
        ]
        markup = InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])
    elif field in OPTIONAL:
        skip = InlineKeyboardButton(messages.get(OPTIONAL[field], lang), callback_data=SKIP)
        markup = InlineKeyboardMarkup([[skip]])
    else:
        markup = ForceReply(selective=True)
    await _say(context, message, text, markup)
    return ASK


def _parse_value(field: str, text: str, draft: dict[str, Any], now: datetime) -> tuple[Any, str]:
    """The stored form of a typed value, or (None, message key of the problem)."""
    text = text.strip()
    if field in LIMITS and len(text) > LIMITS[field]:
        return None, "admin_too_long"
    if field == "start":
        try:
            start = parse_datetime(text, now)
        except DateInputError as error:
            return (
                None,
                "admin_nonexistent_time" if error.reason == "nonexistent" else "admin_bad_date",
            )
        if start <= now:
            return None, "admin_past"
        return (iso(start), "") if start <= now + MAX_AHEAD else (None, "admin_too_far")
    if field == "end":
        start = from_iso(draft["start"])
        try:
            end = parse_time_on(local(start).date(), text)
        except DateInputError as error:
            return (
                None,
                "admin_nonexistent_time" if error.reason == "nonexistent" else "admin_bad_end",
            )
        return (iso(end), "") if end > start else (None, "admin_bad_end")
    if field in ("title", "place", "description") and text:
        return text, ""
    return None, "admin_text_expected"


async def _accepted(message: Message, context: BotContext, lang: str) -> str:
    """A value was taken: ask for the next field (new event) or show the summary."""
    flow, draft = _flow(context), _draft(context)
    if flow.get("mode") == "new":
        for field in FIELDS:
            if field not in draft:
                return await _ask(message, context, lang, field)
    return await _review(message, context, lang)


async def got_text(update: Update, context: BotContext) -> str:
    """A typed answer to the current question."""
    message = message_of(update)
    lang = context.language(update)
    field = _flow(context).get("field", "")
    if field == "category":
        await _say(context, message, ui.html(context.messages, "admin_text_expected", lang))
        return ASK
    value, problem = _parse_value(field, message.text or "", _draft(context), _now(context))
    if problem:
        values = {"limit": LIMITS.get(field, 0)} if problem == "admin_too_long" else {}
        hint = ui.html(context.messages, problem, lang, **values)
        # With "reply" again: in a group with privacy mode on, only replies reach the bot.
        await _say(context, message, hint, ForceReply(selective=True))
        return ASK
    draft = _draft(context)
    draft[field] = value
    if field == "start" and draft.get("end") and from_iso(draft["end"]) <= from_iso(value):
        draft["end"] = None  # an end before the new start makes no sense: ask again
        if _flow(context).get("mode") == "edit":
            return await _ask(message, context, lang, "end")
    return await _accepted(message, context, lang)


async def got_choice(update: Update, context: BotContext) -> str:
    """A button answer to the current question: a category, or "Ohne Ende/Beschreibung"."""
    query = query_of(update)
    lang = context.language(update)
    field = _flow(context).get("field", "")
    data = query.data or ""
    draft = _draft(context)
    if data == SKIP and field in OPTIONAL:
        draft[field] = None if field == "end" else ""
    elif (
        data.startswith(CATEGORY)
        and field == "category"
        and data[len(CATEGORY) :] in EVENT_CATEGORIES
    ):
        draft[field] = data[len(CATEGORY) :]
    else:
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return ASK
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _accepted(pressed_message(query), context, lang)


# ---- summary and saving --------------------------------------------------------------------


async def _review(message: Message, context: BotContext, lang: str) -> str:
    """Show the event as citizens will see it, with "Speichern" (and fields to change)."""
    messages = context.messages
    rows = []
    if _flow(context).get("mode") == "edit":
        buttons = [
            InlineKeyboardButton(messages.get(f"field_{f}", lang), callback_data=FIELD + f)
            for f in FIELDS
        ]
        rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
        intro = ui.html(messages, "admin_choose_field", lang)
    else:
        intro = ui.html(messages, "admin_summary", lang)
    rows.append(
        [
            InlineKeyboardButton(messages.get("button_save", lang), callback_data=SAVE),
            InlineKeyboardButton(messages.get("button_abort", lang), callback_data=ABORT),
        ]
    )
    card = ui.card(
        _draft_event(_draft(context), _flow(context).get("event_id") or 0), messages, lang
    )
    await _say(context, message, f"{intro}\n\n{card}", InlineKeyboardMarkup(rows))
    return REVIEW


async def pick_field(update: Update, context: BotContext) -> str:
    """While changing an event: the field to change next."""
    query = query_of(update)
    lang = context.language(update)
    field = (query.data or "").removeprefix(FIELD)
    if field not in FIELDS or _flow(context).get("mode") != "edit":
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return REVIEW
    await query.answer()
    return await _ask(pressed_message(query), context, lang, field)


async def save(update: Update, context: BotContext) -> str | int:
    """Store the new or changed event and queue the messages about it, in one transaction."""
    query = query_of(update)
    lang, messages = context.language(update), context.messages
    flow, draft = _flow(context), _draft(context)
    now = _now(context)
    if "start" not in draft or flow.get("mode") not in ("new", "edit"):
        await query.answer(messages.get("stale_button", lang), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)
    # A start that has passed meanwhile; an event under way may still get a new place.
    if from_iso(draft["start"]) <= now and draft["start"] != flow.get("start_was"):
        await _say(context, pressed_message(query), ui.html(messages, "admin_past", lang))
        return await _ask(pressed_message(query), context, lang, "start")
    db = context.db
    if flow["mode"] == "new":
        async with db.transaction():
            event = await Events(db).create(_data(draft))
            count = await event_notices.announce(db, messages, event, now)
        text = ui.html(messages, "admin_saved", lang, id=event.id, count=count)
    else:
        async with db.transaction():
            change = await Events(db).update(int(flow["event_id"]), _data(draft))
            count = 0
            if change is not None:
                if change.time_changed:
                    await Reminders(db).reschedule(change.new, now)
                count = await event_notices.changed(db, messages, change, now)
        if change is None:
            _clear(context)
            await _say(context, pressed_message(query), ui.html(messages, "admin_no_changes", lang))
            return ConversationHandler.END
        context.schedule.poke()
        text = ui.html(messages, "admin_changed", lang, id=change.new.id, count=count)
    context.wake_outbox()
    _clear(context)
    await _say(context, pressed_message(query), text)
    return ConversationHandler.END


# ---- entry points ---------------------------------------------------------------------------


async def new_event(update: Update, context: BotContext) -> str:
    """/termin_neu: start the guided questions."""
    _clear(context)
    _flow(context)["mode"] = "new"
    _draft(context)
    return await _ask(message_of(update), context, context.language(update), "title")


async def _choose(update: Update, context: BotContext, mode: str) -> str | int:
    """/termin_aendern or /termin_absagen: which event (a number after the command works too)."""
    _clear(context)
    _flow(context)["mode"] = mode
    lang, messages = context.language(update), context.messages
    if context.args:  # "/termin_absagen 12"; anything else there gets "no such event"
        event_id = ui.parse_id(context.args[0].lstrip("#")) or 0
        return await _picked(message_of(update), context, lang, event_id)
    events = await Events(context.db).choices(_now(context), CHOICES)
    if not events:
        _clear(context)
        await _say(context, message_of(update), ui.html(messages, "admin_no_events", lang))
        return ConversationHandler.END
    rows = [
        [InlineKeyboardButton(_label(event, context, lang), callback_data=f"{PICK}{event.id}")]
        for event in events
    ]
    rows.append([InlineKeyboardButton(messages.get("button_abort", lang), callback_data=ABORT)])
    await _say(
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
    if event is None or event.cancelled or event.last_moment < _now(context):
        await _say(context, message, ui.html(messages, "admin_unknown_event", lang))
        return CHOOSE
    flow = _flow(context)
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
        await _say(context, message, text, InlineKeyboardMarkup(rows))
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
    return await _review(message, context, lang)


async def confirm_cancel(update: Update, context: BotContext) -> int:
    """ "Ja, absagen": cancel the event, its reminders, and tell its subscribers."""
    query = query_of(update)
    lang, messages = context.language(update), context.messages
    await query.answer()
    await query.edit_message_reply_markup(None)
    event_id = int(_flow(context).get("event_id") or 0)
    db, now = context.db, _now(context)
    async with db.transaction():
        event = await Events(db).cancel(event_id)
        count = 0
        if event is not None:
            await Reminders(db).cancel(event.id)
            count = await event_notices.cancelled(db, messages, event, now)
    _clear(context)
    if event is None:
        await _say(context, pressed_message(query), ui.html(messages, "admin_event_gone", lang))
        return ConversationHandler.END
    context.wake_outbox()
    await _say(
        context,
        pressed_message(query),
        ui.html(messages, "admin_event_cancelled", lang, id=event.id, count=count),
    )
    return ConversationHandler.END


# ---- leaving ------------------------------------------------------------------------------


async def abort(update: Update, context: BotContext) -> int:
    """/abbrechen or "Abbrechen": leave without changing anything."""
    _clear(context)
    lang = context.language(update)
    if update.callback_query:
        await query_of(update).answer()
        await query_of(update).edit_message_reply_markup(None)
    await _say(context, message_of(update), ui.html(context.messages, "admin_aborted", lang))
    return ConversationHandler.END


async def unexpected(update: Update, context: BotContext) -> None:
    """Something the current step does not take (a sticker, text where a button is due)."""
    lang = context.language(update)
    if update.callback_query:
        await query_of(update).answer(context.messages.get("stale_button", lang), show_alert=True)
        return
    await _say(context, message_of(update), ui.html(context.messages, "admin_text_expected", lang))


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
                CallbackQueryHandler(unexpected, pattern="^ta:"),
                MessageHandler(~filters.COMMAND & addressed, unexpected),
            ],
            name=NAME,
            persistent=True,
            allow_reentry=True,
        )
    app.add_handler(conversation)
