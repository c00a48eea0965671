"""The team's event conversation one step at a time: the fields collected so far, asking for
one field and reading the answer, the summary and saving (admin.py has the entry points)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    ConversationHandler,
    filters,
)

from handlers.buttons import EVENT_ADMIN
from handlers.events import notices as event_notices
from handlers.events import ui
from handlers.ui import NO_PREVIEW
from knowledge import EVENT_CATEGORIES
from knowledge.dates import DateInputError, local, parse_datetime, parse_time_on
from knowledge.events import MAX_DESCRIPTION, MAX_EVENT_TITLE, MAX_PLACE
from runtime.context import BotContext
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
SKIP = EVENT_ADMIN + "skip"  # "Ohne Ende" / "Ohne Beschreibung"
CATEGORY = EVENT_ADMIN + "cat:"
SAVE = EVENT_ADMIN + "save"
ABORT = EVENT_ADMIN + "abort"
PICK = EVENT_ADMIN + "pick:"
FIELD = EVENT_ADMIN + "field:"
YES = EVENT_ADMIN + "yes"


def flow_of(context: BotContext) -> dict[str, Any]:
    return context.person.setdefault(FLOW, {})


def draft_of(context: BotContext) -> dict[str, Any]:
    return context.person.setdefault(DRAFT, {})


def clear(context: BotContext) -> None:
    context.person.pop(DRAFT, None)
    context.person.pop(FLOW, None)


def clock(context: BotContext) -> datetime:
    return context.schedule.now()


def draft_event(draft: dict[str, Any], event_id: int = 0) -> Event:
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


def event_data(draft: dict[str, Any]) -> EventData:
    return draft_event(draft).data()


async def say(
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


async def ask(message: Message, context: BotContext, lang: str, field: str) -> str:
    """Ask for `field`; the question depends on the field and on new or change."""
    messages = context.messages
    flow_of(context)["field"] = field
    if flow_of(context).get("mode") == "edit":
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
    await say(context, message, text, markup)
    return ASK


def parse_value(field: str, text: str, draft: dict[str, Any], now: datetime) -> tuple[Any, str]:
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


async def accepted(message: Message, context: BotContext, lang: str) -> str:
    """A value was taken: ask for the next field (new event) or show the summary."""
    flow, draft = flow_of(context), draft_of(context)
    if flow.get("mode") == "new":
        for field in FIELDS:
            if field not in draft:
                return await ask(message, context, lang, field)
    return await review(message, context, lang)


async def got_text(update: Update, context: BotContext) -> str:
    """A typed answer to the current question."""
    message = message_of(update)
    lang = context.language(update)
    field = flow_of(context).get("field", "")
    if field == "category":
        await say(context, message, ui.html(context.messages, "admin_text_expected", lang))
        return ASK
    value, problem = parse_value(field, message.text or "", draft_of(context), clock(context))
    if problem:
        values = {"limit": LIMITS.get(field, 0)} if problem == "admin_too_long" else {}
        hint = ui.html(context.messages, problem, lang, **values)
        # With "reply" again: in a group with privacy mode on, only replies reach the bot.
        await say(context, message, hint, ForceReply(selective=True))
        return ASK
    draft = draft_of(context)
    draft[field] = value
    if field == "start" and draft.get("end") and from_iso(draft["end"]) <= from_iso(value):
        draft["end"] = None  # an end before the new start makes no sense: ask again
        if flow_of(context).get("mode") == "edit":
            return await ask(message, context, lang, "end")
    return await accepted(message, context, lang)


async def got_choice(update: Update, context: BotContext) -> str:
    """A button answer to the current question: a category, or "Ohne Ende/Beschreibung"."""
    query = query_of(update)
    lang = context.language(update)
    field = flow_of(context).get("field", "")
    data = query.data or ""
    draft = draft_of(context)
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
    return await accepted(pressed_message(query), context, lang)


# ---- summary and saving --------------------------------------------------------------------


async def review(message: Message, context: BotContext, lang: str) -> str:
    """Show the event as citizens will see it, with "Speichern" (and fields to change)."""
    messages = context.messages
    rows = []
    if flow_of(context).get("mode") == "edit":
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
        draft_event(draft_of(context), flow_of(context).get("event_id") or 0), messages, lang
    )
    await say(context, message, f"{intro}\n\n{card}", InlineKeyboardMarkup(rows))
    return REVIEW


async def pick_field(update: Update, context: BotContext) -> str:
    """While changing an event: the field to change next."""
    query = query_of(update)
    lang = context.language(update)
    field = (query.data or "").removeprefix(FIELD)
    if field not in FIELDS or flow_of(context).get("mode") != "edit":
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return REVIEW
    await query.answer()
    return await ask(pressed_message(query), context, lang, field)


async def save(update: Update, context: BotContext) -> str | int:
    """Store the new or changed event and queue the messages about it, in one transaction."""
    query = query_of(update)
    lang, messages = context.language(update), context.messages
    flow, draft = flow_of(context), draft_of(context)
    now = clock(context)
    if "start" not in draft or flow.get("mode") not in ("new", "edit"):
        await query.answer(messages.get("stale_button", lang), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)
    # A start that has passed meanwhile; an event under way may still get a new place.
    if from_iso(draft["start"]) <= now and draft["start"] != flow.get("start_was"):
        await say(context, pressed_message(query), ui.html(messages, "admin_past", lang))
        return await ask(pressed_message(query), context, lang, "start")
    db, team_chat = context.db, context.settings.coordinator_chat_id
    if flow["mode"] == "new":
        async with db.transaction():
            event = await Events(db).create(event_data(draft))
            count = await event_notices.announce(db, messages, event, now, team_chat)
        text = ui.html(messages, "admin_saved", lang, id=event.id, count=count)
    else:
        async with db.transaction():
            change = await Events(db).update(int(flow["event_id"]), event_data(draft))
            count = 0
            if change is not None:
                if change.time_changed:
                    await Reminders(db).reschedule(change.new, now)
                count = await event_notices.changed(db, messages, change, now, team_chat)
        if change is None:
            clear(context)
            await say(context, pressed_message(query), ui.html(messages, "admin_no_changes", lang))
            return ConversationHandler.END
        context.schedule.poke()
        text = ui.html(messages, "admin_changed", lang, id=change.new.id, count=count)
    context.wake_outbox()
    clear(context)
    await say(context, pressed_message(query), text)
    return ConversationHandler.END
