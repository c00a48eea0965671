"""What's on: /termine, questions about dates, "Erinnern", "Zum Kalender", /abos, unsubscribing.

Questions like "Was ist am Wochenende los?" are recognised when a message is read
(knowledge/plan.py, with the pure parser in knowledge/dates.py); handlers/questions.py then
shows the stored events of that period with `send_events`, one part of a message among others
("Was ist das JBZ und was ist am Wochenende los?").

A citizen who blocks the bot is unsubscribed: through the outbox's 403 hook
(reminders.py) or, earlier, through the `my_chat_member` update Telegram sends.
"""

from __future__ import annotations

import logging
from datetime import datetime
from html import escape

from telegram import (
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    filters,
)

from handlers.events import reminders, ui
from handlers.ui import NO_PREVIEW
from knowledge import EVENT_CATEGORIES
from knowledge.dates import DateRange
from runtime.context import BotContext
from runtime.updates import chat_of, message_of, pressed_message, query_of, user_of
from storage.events import Event, Events
from storage.reminders import Reminders, due_time
from storage.subscriptions import ALL, CATEGORY, EVENT, Subscriptions

logger = logging.getLogger(__name__)

PAGE = 5  # events per message ("Weitere Termine" shows the next five in it)
MAX_TITLE_IN_ALERT = 60  # a button's answer holds at most 200 characters


def _now(app: Application) -> datetime:
    return app.bot_data.reminders.now()


async def _ready(context: BotContext) -> datetime:
    """Wait until events.yaml is synced (right after start-up), then the current time."""
    await context.schedule.ready.wait()
    return context.schedule.now()


# ---- listing events ----------------------------------------------------------------------


async def termine(update: Update, context: BotContext) -> None:
    """/termine: the next five events in one message, each with "Erinnern" and "Zum Kalender"."""
    lang = context.language(update)
    text, markup = await _page(context, lang, None, 0)
    await _reply(message_of(update), text, markup)


async def send_events(
    message: Message, context: BotContext, lang: str, period: DateRange | None
) -> None:
    """Reply with the events of `period` (the next ones if there are none then, or if None)."""
    text, markup = await _page(context, lang, period, 0)
    await _reply(message, text, markup)


async def more(update: Update, context: BotContext) -> None:
    """ "Weitere Termine" or "Zurück": the message shows the next (or previous) five."""
    query = query_of(update)
    lang = context.language(update)
    parsed = ui.parse_more(query.data or "")
    if parsed is None:
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return
    await query.answer()
    offset, period = parsed
    text, markup = await _page(context, lang, period, offset)
    message = query.message
    if message is None or not message.is_accessible:  # too old to be edited: send anew
        await context.bot.send_message(
            chat_of(update).id,
            text,
            parse_mode="HTML",
            reply_markup=markup,
            link_preview_options=NO_PREVIEW,
        )
        return
    try:
        await query.edit_message_text(
            text, parse_mode="HTML", reply_markup=markup, link_preview_options=NO_PREVIEW
        )
    except BadRequest as error:
        if "not modified" not in error.message:  # a double tap shows the same page again
            raise


async def _page(
    context: BotContext, lang: str, period: DateRange | None, offset: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of events as one message: the events of `period` (None: all to come) from
    `offset` on, with paging buttons. A period without events says so and shows the next ones."""
    messages = context.messages
    now = await _ready(context)
    if period is not None and period.last is None:  # "demnächst": simply what comes next
        period = None
    events_db = Events(context.db)
    start, end = (period.start, period.end) if period else (None, None)
    events, total = await events_db.between(now, start, end, limit=PAGE, offset=offset)
    lead: list[str] = []
    if period is not None and total == 0:
        # Nothing then: say so, and offer what comes next.
        when = ui.period_text(period, messages, lang)
        lead.append(ui.sentence(ui.html(messages, "events_period_none", lang, period=when)))
        period, start, end, offset = None, None, None, 0
        events, total = await events_db.between(now, limit=PAGE)
    if total == 0:
        return ui.html(messages, "events_none", lang), None
    if offset >= total:  # the button is older than a change: show the last page
        offset = (total - 1) // PAGE * PAGE
        events, total = await events_db.between(now, start, end, limit=PAGE, offset=offset)
    values: dict[str, object] = {}
    key = "events_header"
    if period is not None:
        key, values["period"] = "events_period_header", ui.period_text(period, messages, lang)
    if total <= PAGE:  # everything fits: no "1–3 of 3"
        key += "_short"
    else:
        values.update(first=offset + 1, last=offset + len(events), total=total)
    lead.append(ui.html(messages, key, lang, **values))
    paging = []
    if offset > 0:
        back = ui.more_data(max(offset - PAGE, 0), period)
        paging.append((messages.get("button_previous", lang), back))
    if offset + len(events) < total:
        paging.append((messages.get("button_more", lang), ui.more_data(offset + PAGE, period)))
    text = ui.page_text("\n\n".join(lead), events, messages, lang)
    rows = ui.page_buttons(events, messages, lang, now, paging)
    return text, InlineKeyboardMarkup(rows)


async def _reply(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await message.reply_html(text, reply_markup=markup, link_preview_options=NO_PREVIEW)


# ---- buttons under an event ------------------------------------------------------------------


async def _event_from(update: Update, context: BotContext, prefix: str) -> Event | None:
    """The event a button names, if it is still to come; answers the button if not."""
    query = query_of(update)
    lang = context.language(update)
    event_id = ui.parse_id((query.data or "").removeprefix(prefix))
    event = await Events(context.db).get(event_id) if event_id is not None else None
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
    query, lang, messages = query_of(update), context.language(update), context.messages
    user_id = user_of(update).id
    now = context.schedule.now()
    # Only the lead times still ahead: 5 hours before the start, "24 hours before" is gone.
    leads = [
        lead for lead in context.settings.reminder_leads if due_time(event.starts_at, lead) > now
    ]
    async with context.db.transaction():
        _, created = await Subscriptions(context.db).add(user_id, lang, EVENT, event_id=event.id)
        if created:
            await Reminders(context.db).plan(event, [user_id], context.settings.reminder_leads, now)
    title = ui.short(event.title, MAX_TITLE_IN_ALERT)
    if not created:
        text = messages.get("remind_already", lang, title=title)
    elif leads:
        context.schedule.poke()
        leads_text = ui.leads_text(leads, messages, lang)
        text = messages.get("remind_ok", lang, title=title, leads=leads_text)
    else:
        text = messages.get("remind_too_late", lang, title=title)
    await query.answer(text, show_alert=True)


async def calendar(update: Update, context: BotContext) -> None:
    """ "Zum Kalender": the event as an .ics file."""
    event = await _event_from(update, context, ui.CALENDAR)
    if event is None:
        return
    query, lang = query_of(update), context.language(update)
    await query.answer()
    data = ui.calendar_file(event, context.schedule.now())
    caption = ui.html(context.messages, "calendar_caption", lang, title=event.title)
    await pressed_message(query).reply_document(
        InputFile(data, filename=ui.calendar_filename(event), attach=True),
        caption=caption,
        parse_mode="HTML",
    )


# ---- /abos ---------------------------------------------------------------------------------


async def abos(update: Update, context: BotContext) -> None:
    """/abos: the citizen's subscriptions, with buttons to remove them or add topics."""
    lang = context.language(update)
    text, markup = await _abos_view(user_of(update).id, context, lang)
    await _reply(message_of(update), text, markup)


async def _abos_view(
    user_id: int, context: BotContext, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The list of subscriptions; events that are over or called off are left out (nothing
    more comes of them, and they are forgotten 30 days after the event)."""
    messages = context.messages
    now = await _ready(context)
    subscriptions = await Subscriptions(context.db).of_user(user_id)
    lines, rows = [], []
    has_all, categories = False, set()
    for subscription in subscriptions:
        if subscription.event is not None:
            event = subscription.event
            if event.cancelled or event.last_moment < now:
                continue
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
    text, markup = await _abos_view(user_of(update).id, context, lang)
    await query_of(update).edit_message_text(
        text, parse_mode="HTML", reply_markup=markup, link_preview_options=NO_PREVIEW
    )


async def _unsubscribe(update: Update, context: BotContext, prefix: str) -> str | None:
    """Remove the subscription a button names; the confirmation text, None if it is gone."""
    query, lang, messages = query_of(update), context.language(update), context.messages
    subscription_id = ui.parse_id((query.data or "").removeprefix(prefix))
    if subscription_id is None:
        await query.answer(messages.get("stale_button", lang), show_alert=True)
        return None
    async with context.db.transaction():
        removed = await Subscriptions(context.db).remove(subscription_id, user_of(update).id)
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
    query = query_of(update)
    await query.answer(text, show_alert=True)
    markup = pressed_message(query).reply_markup if query.message else None
    if markup is not None:
        rows = [[b for b in row if b.callback_data != query.data] for row in markup.inline_keyboard]
        rows = [row for row in rows if row]
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)


async def remove(update: Update, context: BotContext) -> None:
    """ "✖" in the /abos list: end that subscription and show the list again."""
    text = await _unsubscribe(update, context, ui.REMOVE)
    if text is None:
        return
    await query_of(update).answer(text)
    await _refresh_abos(update, context, context.language(update))


async def subscribe(update: Update, context: BotContext) -> None:
    """ "+ Bereich" / "+ Alle neuen Termine" in the /abos list."""
    query, lang, messages = query_of(update), context.language(update), context.messages
    category = (query.data or "").removeprefix(ui.SUBSCRIBE)
    if category != ui.ALL_CATEGORIES and category not in EVENT_CATEGORIES:
        await query.answer(messages.get("stale_button", lang), show_alert=True)
        return
    user_id = user_of(update).id
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
        logger.info("a subscriber blocked the bot: %d subscription(s) ended", removed)


def register(app: Application) -> None:
    """Add this module's handlers (and the reminder scheduler)."""
    reminders.register(app)
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("termine", termine, filters=private))
    app.add_handler(CommandHandler("abos", abos, filters=private))
    app.add_handler(CallbackQueryHandler(more, pattern=f"^{ui.MORE}"))
    app.add_handler(CallbackQueryHandler(remind, pattern=f"^{ui.REMIND}"))
    app.add_handler(CallbackQueryHandler(calendar, pattern=f"^{ui.CALENDAR}"))
    app.add_handler(CallbackQueryHandler(unsubscribe, pattern=f"^{ui.UNSUBSCRIBE}"))
    app.add_handler(CallbackQueryHandler(remove, pattern=f"^{ui.REMOVE}"))
    app.add_handler(CallbackQueryHandler(subscribe, pattern=f"^{ui.SUBSCRIBE}"))
    app.add_handler(ChatMemberHandler(chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
