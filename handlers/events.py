"""What's on: /termine, questions about dates, "Erinnern", "Zum Kalender", /abos, unsubscribing.

Questions like "Was ist am Wochenende los?" are recognised by `DateQuestion`, a message filter
over the pure parser in knowledge/dates.py, and answered from the stored events. This module
comes before `questions` in bot.py, so such a question never reaches the knowledge base's
matcher (whose entry about events only points to /termine).

A citizen who blocks the bot is unsubscribed: through the outbox's 403 hook
(handlers.reminders) or, earlier, through the `my_chat_member` update Telegram sends.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from html import escape

from telegram import (
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import event_ui as ui
from handlers import reminders
from handlers.context import BotContext
from handlers.ui import NO_PREVIEW
from knowledge import EVENT_CATEGORIES
from knowledge.dates import DateRange, date_question
from storage.events import Event, Events
from storage.reminders import Reminders
from storage.subscriptions import ALL, CATEGORY, EVENT, Subscriptions

logger = logging.getLogger(__name__)

PAGE = 5  # events per message batch ("Weitere Termine" shows the next five)


class DateQuestion(filters.MessageFilter):
    """Text that asks what is on at some time ("Was ist morgen los?", "Termine im Dezember")."""

    def __init__(self, app: Application) -> None:
        super().__init__(name="DateQuestion")
        self.app = app

    def filter(self, message: Message) -> bool:
        """Whether the message is a date question (judged at the bot's current time)."""
        return bool(message.text) and date_question(message.text, _now(self.app)) is not None


def _now(app: Application) -> datetime:
    return app.bot_data.reminders.now()


async def _ready(context: BotContext) -> datetime:
    """Wait until events.yaml is synced (right after start-up), then the current time."""
    await context.bot_data.reminders.ready.wait()
    return context.bot_data.reminders.now()


# ---- listing events ----------------------------------------------------------------------


async def termine(update: Update, context: BotContext) -> None:
    """/termine: the next five events, each with "Erinnern" and "Zum Kalender"."""
    await show(update.effective_message, context, context.language(update), None, 0)


async def date_answer(update: Update, context: BotContext) -> None:
    """A question about a date or period: the events then, or the next ones if none."""
    message = update.effective_message
    lang = context.language(update, message.text)
    now = await _ready(context)
    period = date_question(message.text or "", now)
    await show(message, context, lang, period, 0)


async def more(update: Update, context: BotContext) -> None:
    """ "Weitere Termine": the next five of /termine or of a period."""
    query = update.callback_query
    lang = context.language(update)
    parsed = _parse_more(query.data or "")
    if parsed is None:
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return
    offset, period = parsed
    await query.answer()
    await show(query.message, context, lang, period, offset)


def _parse_more(data: str) -> tuple[int, DateRange | None] | None:
    """Offset and period from "Weitere Termine" button data (untrusted); None if malformed."""
    parts = data.removeprefix(ui.MORE).split(":")
    try:
        offset = int(parts[0])
        if len(parts) == 1:
            return (offset, None) if 0 <= offset <= ui.MAX_OFFSET else None
        first, last = (date(int(p[:4]), int(p[4:6]), int(p[6:8])) for p in parts[1:3])
        span = ui.SPAN_CODES[parts[3]]
    except (ValueError, IndexError, KeyError):
        return None
    if len(parts) != 4 or not 0 <= offset <= ui.MAX_OFFSET or not first <= last:
        return None
    if first.year < 2000 or last.year > 2200:  # forged: far outside any calendar
        return None
    return offset, DateRange(first, last, span)


async def show(
    message: Message,
    context: BotContext,
    lang: str,
    period: DateRange | None,
    offset: int,
) -> None:
    """One page of events: a heading, then one message per event with its buttons."""
    messages = context.messages
    now = await _ready(context)
    if period is not None and period.last is None:  # "demnächst": simply what comes next
        period = None
    events_db = Events(context.db)
    start, end = (period.start, period.end) if period else (None, None)
    events, total = await events_db.between(now, start, end, limit=PAGE, offset=offset)
    heading_key = "events_period_header" if period else "events_header"
    values: dict[str, object] = {}
    if period:
        values["period"] = ui.period_text(period, messages, lang)
    if not events and offset == 0 and period is not None:
        # Nothing then: say so, and offer what comes next.
        events, total = await events_db.between(now, limit=PAGE)
        text = ui.period_text(period, messages, lang)
        if not events:
            await _reply(message, ui.html(messages, "events_period_none", lang, period=text))
            await _reply(message, ui.html(messages, "events_none", lang))
            return
        heading_key, values, period = "events_next_instead", {"period": text}, None
    if not events:
        if offset:
            await _reply(message, ui.html(messages, "stale_button", lang))
        else:
            await _reply(message, ui.html(messages, "events_none", lang))
        return
    last = offset + len(events)
    if total <= PAGE:  # everything fits: no "1–3 of 3"
        heading = ui.html(messages, f"{heading_key}_short", lang, **values)
    else:
        heading = ui.html(
            messages, heading_key, lang, first=offset + 1, last=last, total=total, **values
        )
    await _reply(message, heading)
    for number, event in enumerate(events, start=1):
        rows = ui.event_buttons(event, messages, lang)
        if number == len(events) and last < total:
            label = messages.get("button_more", lang)
            rows.append([InlineKeyboardButton(label, callback_data=ui.more_data(last, period))])
        await _reply(message, ui.card(event, messages, lang), InlineKeyboardMarkup(rows))


async def _reply(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await message.reply_html(text, reply_markup=markup, link_preview_options=NO_PREVIEW)


# ---- buttons under an event ------------------------------------------------------------------


async def _event_from(update: Update, context: BotContext, prefix: str) -> Event | None:
    """The event a button names, if it is still to come; answers the button if not."""
    query = update.callback_query
    lang = context.language(update)
    raw = (query.data or "").removeprefix(prefix)
    event = await Events(context.db).get(int(raw)) if raw.isdigit() and len(raw) < 12 else None
    if event is None:
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return None
    now = await _ready(context)
    if event.cancelled or event.last_moment < now:
        await query.answer(context.messages.get("event_gone", lang), show_alert=True)
        return None
    return event


async def remind(update: Update, context: BotContext) -> None:
    """ "Erinnern": subscribe to this event; reminders at the configured lead times."""
    event = await _event_from(update, context, ui.REMIND)
    if event is None:
        return
    query, lang, messages = update.callback_query, context.language(update), context.messages
    user_id = update.effective_user.id
    leads = context.settings.reminder_leads
    now = context.bot_data.reminders.now()
    async with context.db.transaction():
        _, created = await Subscriptions(context.db).add(user_id, lang, EVENT, event_id=event.id)
        planned = await Reminders(context.db).plan(event, [user_id], leads, now) if created else 0
    if not created:
        text = messages.get("remind_already", lang)
    elif planned:
        context.bot_data.reminders.poke()
        text = messages.get("remind_ok", lang, leads=ui.leads_text(leads, messages, lang))
    else:
        text = messages.get("remind_too_late", lang)
    await query.answer(text, show_alert=True)


async def calendar(update: Update, context: BotContext) -> None:
    """ "Zum Kalender": the event as an .ics file."""
    event = await _event_from(update, context, ui.CALENDAR)
    if event is None:
        return
    query, lang = update.callback_query, context.language(update)
    await query.answer()
    data = ui.calendar_file(event, context.bot_data.reminders.now())
    caption = ui.html(context.messages, "calendar_caption", lang, title=event.title)
    await query.message.reply_document(
        InputFile(data, filename=ui.calendar_filename(event), attach=True),
        caption=caption,
        parse_mode="HTML",
    )


# ---- /abos ---------------------------------------------------------------------------------


async def abos(update: Update, context: BotContext) -> None:
    """/abos: the citizen's subscriptions, with buttons to remove them or add topics."""
    lang = context.language(update)
    await _ready(context)
    text, markup = await _abos_view(update.effective_user.id, context, lang)
    await _reply(update.effective_message, text, markup)


async def _abos_view(
    user_id: int, context: BotContext, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    messages = context.messages
    subscriptions = await Subscriptions(context.db).of_user(user_id)
    lines, rows = [], []
    has_all, categories = False, set()
    for subscription in subscriptions:
        if subscription.event is not None:
            event = subscription.event
            line = messages.get(
                "abos_event", lang, title=event.title, when=ui.when(event, messages, lang)
            )
            label = event.title
        elif subscription.kind == CATEGORY:
            categories.add(subscription.category)
            label = ui.category_name(subscription.category, messages, lang)
            line = messages.get("abos_category", lang, category=label)
        else:
            has_all = True
            line = label = messages.get("abos_all", lang)
        lines.append(line)
        button = messages.get("button_remove", lang, label=ui.short(label))
        rows.append([InlineKeyboardButton(button, callback_data=f"{ui.REMOVE}{subscription.id}")])
    offers = [
        InlineKeyboardButton(
            messages.get(
                "button_subscribe_category",
                lang,
                category=ui.category_name(category, messages, lang),
            ),
            callback_data=f"{ui.SUBSCRIBE}{category}",
        )
        for category in EVENT_CATEGORIES
        if category not in categories and not has_all
    ]
    rows += [offers[i : i + 2] for i in range(0, len(offers), 2)]
    if not has_all:
        label = messages.get("button_subscribe_all", lang)
        rows.append(
            [InlineKeyboardButton(label, callback_data=f"{ui.SUBSCRIBE}{ui.ALL_CATEGORIES}")]
        )
    leads = ui.leads_text(context.settings.reminder_leads, messages, lang)
    hint = messages.get("abos_hint", lang, leads=leads)
    if lines:
        body = "\n".join([messages.get("abos_header", lang), *lines, "", hint])
    else:
        body = "\n\n".join([messages.get("abos_none", lang), hint])
    return escape(body), InlineKeyboardMarkup(rows)


async def _refresh_abos(update: Update, context: BotContext, lang: str) -> None:
    text, markup = await _abos_view(update.effective_user.id, context, lang)
    await update.callback_query.edit_message_text(
        text, parse_mode="HTML", reply_markup=markup, link_preview_options=NO_PREVIEW
    )


async def _unsubscribe(update: Update, context: BotContext, prefix: str) -> str | None:
    """Remove the subscription a button names; the confirmation text, None if it is gone."""
    query, lang, messages = update.callback_query, context.language(update), context.messages
    raw = (query.data or "").removeprefix(prefix)
    if not raw.isdigit() or len(raw) > 12:
        await query.answer(messages.get("stale_button", lang), show_alert=True)
        return None
    async with context.db.transaction():
        removed = await Subscriptions(context.db).remove(int(raw), update.effective_user.id)
        event = (
            await Events(context.db).get(removed.event_id) if removed and removed.event_id else None
        )
    if removed is None:
        await query.answer(messages.get("subscription_gone", lang), show_alert=True)
        return None
    if removed.kind == EVENT:
        title = event.title if event else ""
        return messages.get("unsubscribed_event", lang, title=title)
    if removed.kind == CATEGORY:
        name = ui.category_name(removed.category, messages, lang)
        return messages.get("unsubscribed_category", lang, category=name)
    return messages.get("unsubscribed_all", lang)


async def unsubscribe(update: Update, context: BotContext) -> None:
    """ "Abbestellen" under a reminder or notice: end that subscription, drop the button."""
    text = await _unsubscribe(update, context, ui.UNSUBSCRIBE)
    if text is None:
        return
    query = update.callback_query
    await query.answer(text, show_alert=True)
    markup = query.message.reply_markup if query.message else None
    if markup is not None:
        rows = [[b for b in row if b.callback_data != query.data] for row in markup.inline_keyboard]
        rows = [row for row in rows if row]
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)


async def remove(update: Update, context: BotContext) -> None:
    """ "✖" in the /abos list: end that subscription and show the list again."""
    text = await _unsubscribe(update, context, ui.REMOVE)
    if text is None:
        return
    await update.callback_query.answer(text)
    await _refresh_abos(update, context, context.language(update))


async def subscribe(update: Update, context: BotContext) -> None:
    """ "+ Bereich" / "+ Alle neuen Termine" in the /abos list."""
    query, lang, messages = update.callback_query, context.language(update), context.messages
    category = (query.data or "").removeprefix(ui.SUBSCRIBE)
    if category != ui.ALL_CATEGORIES and category not in EVENT_CATEGORIES:
        await query.answer(messages.get("stale_button", lang), show_alert=True)
        return
    user_id = update.effective_user.id
    async with context.db.transaction():
        if category == ui.ALL_CATEGORIES:
            await Subscriptions(context.db).add(user_id, lang, ALL)
            text = messages.get("subscribed_all", lang)
        else:
            await Subscriptions(context.db).add(user_id, lang, CATEGORY, category=category)
            name = ui.category_name(category, messages, lang)
            text = messages.get("subscribed_category", lang, category=name)
    await query.answer(text)
    await _refresh_abos(update, context, lang)


# ---- the citizen blocked the bot -------------------------------------------------------------


async def chat_member(update: Update, context: BotContext) -> None:
    """Telegram says the bot was blocked (or the chat left): end the subscriptions."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    if change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT):
        async with context.db.transaction():
            removed = await Subscriptions(context.db).forget_user(change.chat.id)
        logger.info(
            "subscriber %d blocked the bot: %d subscription(s) ended", change.chat.id, removed
        )


def register(app: Application) -> None:
    """Add this module's handlers (and the reminder scheduler)."""
    reminders.register(app)
    private = filters.ChatType.PRIVATE
    text = filters.TEXT & ~filters.COMMAND & private & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("termine", termine, filters=private))
    app.add_handler(CommandHandler("abos", abos, filters=private))
    app.add_handler(MessageHandler(text & DateQuestion(app), date_answer))
    app.add_handler(CallbackQueryHandler(more, pattern=f"^{ui.MORE}"))
    app.add_handler(CallbackQueryHandler(remind, pattern=f"^{ui.REMIND}"))
    app.add_handler(CallbackQueryHandler(calendar, pattern=f"^{ui.CALENDAR}"))
    app.add_handler(CallbackQueryHandler(unsubscribe, pattern=f"^{ui.UNSUBSCRIBE}"))
    app.add_handler(CallbackQueryHandler(remove, pattern=f"^{ui.REMOVE}"))
    app.add_handler(CallbackQueryHandler(subscribe, pattern=f"^{ui.SUBSCRIBE}"))
    app.add_handler(ChatMemberHandler(chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
