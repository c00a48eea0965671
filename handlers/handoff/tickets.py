"""Questions the bot cannot answer go to the team; the team's answers come back.

Citizen side: a question becomes a ticket when the matcher has no confident answer, when the
citizen taps "Keine davon – Frage an das Team" under suggestions, or with `/frage <Text>`.
Replies to the bot's acknowledgement or to a relayed answer join the ticket.

Team side: each ticket is a card in the coordinator chat. A reply to the card (or to any later
message of the ticket there) is relayed to the citizen as the bot, never showing who wrote it;
when its author edits that reply, the corrected text follows as a new message.
Which chat message belongs to which ticket is stored (`message_links`), never read from forward
information, so citizens who hide their account in forwards still get their answer.

Every message of the handoff is an outbox row first (runtime/delivery.py): cards, relayed
answers, acknowledgements and confirmations survive restarts, Telegram errors and the group's
20-messages-per-minute limit.
"""

from __future__ import annotations

import html
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import ui
from knowledge import Decision, Messages
from knowledge.dates import local_text
from knowledge.text import UKRAINIAN_OR_RUSSIAN, terms, written_language
from runtime import delivery
from runtime.context import BotContext
from runtime.coordinator import chat_filter, coordinator_only
from runtime.updates import message_of, query_of, user_of
from storage import ticket_retention
from storage.citizens import Citizens
from storage.db import Database
from storage.faq_drafts import FaqDrafts
from storage.message_links import MessageLinks
from storage.outbox import Outbox, OutboxItem
from storage.questions_log import VIA_COMMAND, VIA_NOT_IT, VIA_SUGGESTIONS, QuestionsLog, Statistics
from storage.tickets import Ticket, Tickets

logger = logging.getLogger(__name__)

# Characters of a citizen's question kept for the team: all that Telegram delivers in one
# message (4,096); a card too long for one message is sent in parts (`_html_parts`).
MAX_QUESTION = ui.MAX_MESSAGE
EXAMPLE_CHARS = 200  # of an unanswered question, kept for the curator's list in /statistik
OPEN_LIST = 20  # tickets shown by /offen
TICKET_WINDOW = timedelta(hours=1)  # tickets_per_hour counts within this window
SENT_ROWS_KEPT = timedelta(days=30)  # sent or refused outbox rows (payload blank): then deleted
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "Englisch",
    "uk": "Ukrainisch",
    "ru": "Russisch",
    UKRAINIAN_OR_RUSSIAN: "Ukrainisch oder Russisch",
    "ar": "Arabisch",
}

# Button data. Ticket buttons live in the coordinator chat; ASK_TEAM under suggestions carries
# a token that must match the question remembered for this citizen (stale buttons do nothing).
TICKET_BUTTON = re.compile(r"^t:(close|open|ban|unban|faq):(\d{1,12})$")
ASK_TEAM = "team:"  # "Keine davon – Frage an das Team" under suggestions
NOT_IT = "notit:"  # "Das passt nicht – Frage ans Team" under an answer
PENDING = "pending_question"  # user_data key: the question behind the last answer or suggestions
COUNTED = "counted"  # in PENDING: its row in the statistics, which "Keine davon" turns around


# --- citizens ---------------------------------------------------------------------------------


def remember_question(context: BotContext, text: str, considered: list[tuple[str, float]]) -> str:
    """Keep the question behind an answer or a "Meinten Sie …?" message, for its "Keine davon"
    or "Das passt nicht" button; returns the token those buttons carry. Only the latest
    question is kept: the buttons of an older one say that it is no longer known."""
    token = secrets.token_hex(4)
    context.person[PENDING] = {"token": token, "text": clip(text), "considered": considered}
    return token


def clip(text: str) -> str:
    """A citizen's text as kept for the team: at most MAX_QUESTION characters (what one
    Telegram message holds, so nothing is cut in practice), and a cut would show."""
    text = text.strip()
    return text if len(text) <= MAX_QUESTION else text[: MAX_QUESTION - 1].rstrip() + "…"


def ask_team_button(messages: Messages, lang: str, token: str) -> InlineKeyboardButton:
    """The "Keine davon – Frage an das Team" button under suggestions."""
    return InlineKeyboardButton(
        messages.get("none_of_these_team", lang), callback_data=ASK_TEAM + token
    )


def not_it_button(messages: Messages, lang: str, token: str) -> InlineKeyboardButton:
    """The "Das passt nicht – Frage ans Team" button under an answer to a typed question."""
    return InlineKeyboardButton(messages.get("not_it_team", lang), callback_data=NOT_IT + token)


async def hand_off(
    update: Update,
    context: BotContext,
    text: str,
    considered: list[tuple[str, float]],
    lang: str,
) -> bool:
    """Make a ticket of the citizen's question and tell them so, or why not; True only if
    the ticket was made now (not for a banned citizen, one over the hourly limit, or an
    update Telegram delivered again after a crash, whose ticket exists): only then does the
    question count in /statistik."""
    user = user_of(update)
    message = message_of(update)
    db = context.db
    tickets = Tickets(db)
    if await Citizens(db).is_banned(user.id):
        await ui.send_text(message, context.messages.get("ticket_received", lang))
        return False
    if await tickets.seen_update(update.update_id):
        return False  # Telegram delivered this update again after a restart: the ticket exists
    limit = context.settings.tickets_per_hour
    if await tickets.count_recent(user.id, TICKET_WINDOW) >= limit:
        await ui.send_text(message, context.messages.get("ticket_limit", lang, limit=limit))
        return False
    question = clip(text)
    outbox = Outbox(db)
    async with db.transaction():
        await Citizens(db).remember(user.id, user.first_name, user.username, lang)
        # the language it is written in, for the card ("Ukrainisch"); a script the bot does
        # not answer in yet gets the team's answer framed in German
        written = written_language(question) or lang
        ticket_id = await tickets.create(user.id, question, written, considered, update.update_id)
        ticket = await tickets.get(ticket_id)  # this transaction sees its own insert
        assert ticket is not None
        for payload in card_payloads(context.messages, context.kb.by_id, ticket):
            await outbox.add(
                context.settings.coordinator_chat_id, payload, purpose="card", ref_id=ticket_id
            )
        ack = context.messages.get("ticket_created", lang, number=ticket_id)
        await outbox.add(user.id, _html(ack, reply_to=message), purpose="ack", ref_id=ticket_id)
    logger.info("ticket %d created", ticket_id)
    context.wake_outbox()
    return True


async def add_followup(update: Update, context: BotContext, ticket: Ticket, lang: str) -> None:
    """A citizen replied to a message of their ticket: pass it on to the team."""
    message = message_of(update)
    tickets = Tickets(context.db)
    if await Citizens(context.db).is_banned(user_of(update).id):
        await ui.send_text(message, context.messages.get("ticket_received", lang))
        return
    if await tickets.seen_update(update.update_id):
        return
    text = clip(ui.said(message))
    async with context.db.transaction():
        await tickets.add_message(ticket.id, "citizen", text, update.update_id)
        await tickets.reopen(ticket.id)
        card = context.messages.get(
            "card_followup", "de", number=ticket.id, who=_who(ticket), question=text
        )
        for payload in _html_parts(card):
            await Outbox(context.db).add(
                context.settings.coordinator_chat_id, payload, purpose="followup", ref_id=ticket.id
            )
    context.wake_outbox()
    await ui.send_text(message, context.messages.get("followup_added", lang, number=ticket.id))


async def ticket_of_reply(update: Update, context: BotContext) -> Ticket | None:
    """The citizen's ticket this message replies to (their acknowledgement or an answer)."""
    message = update.effective_message
    if message is None or message.reply_to_message is None or update.effective_user is None:
        return None
    target = message.reply_to_message
    tickets = Tickets(context.db)
    ticket_id = await MessageLinks(context.db).ticket_for_message(
        message.chat_id, target.message_id
    )
    ticket = await tickets.get(ticket_id) if ticket_id else None
    if ticket is None or ticket.user_id != update.effective_user.id:
        return None
    return ticket


async def followed_up(update: Update, context: BotContext, lang: str) -> bool:
    """If the citizen's message replies to a message of their ticket (the acknowledgement, an
    answer), pass it to the team as an addition and say True: "Am Samstag" in reply to the
    team's "Wann hätten Sie Zeit?" is meant for the team, not a question for the bot."""
    message = update.effective_message
    if message is None or message.reply_to_message is None:
        return False
    ticket = await ticket_of_reply(update, context)
    if ticket is None:
        return False
    await add_followup(update, context, ticket, lang)
    return True


async def ask_command(update: Update, context: BotContext) -> None:
    """/frage <Text>: send a question straight to the team."""
    text = " ".join(context.args or [])
    lang = context.language(update, text)
    if not text.strip():
        await ui.send_text(message_of(update), context.messages.get("ask_prompt", lang))
        return
    if await hand_off(update, context, text, [], lang):
        await _count_handed_over(update, context, text, VIA_COMMAND)


async def ask_team_button_pressed(update: Update, context: BotContext) -> None:
    """ "Keine davon – Frage an das Team" under suggestions, or "Das passt nicht – Frage ans
    Team" under an answer: the question behind them becomes a ticket, counted in /statistik
    as sent after suggestions or as misunderstood."""
    query = query_of(update)
    lang = context.language(update)
    pending = context.user_data.get(PENDING) if context.user_data is not None else None
    data = query.data or ""
    via = VIA_NOT_IT if data.startswith(NOT_IT) else VIA_SUGGESTIONS
    token = data.removeprefix(NOT_IT if via == VIA_NOT_IT else ASK_TEAM)
    expected = str(pending.get("token", "")).encode() if pending else b""
    if not pending or not secrets.compare_digest(expected, token.encode()):
        await query.answer(context.messages.get("question_expired", lang), show_alert=True)
        return
    await query.answer()
    del context.person[PENDING]  # a second tap must not make a second ticket
    considered = [(str(i), float(s)) for i, s in pending.get("considered", [])]
    text = str(pending["text"])
    if await hand_off(update, context, text, considered, lang):
        await _count_handed_over(update, context, text, via, pending.get(COUNTED))


def unanswered(user_id: int, text: str) -> tuple[int, str, str]:
    """What /statistik keeps of a question the knowledge base could not answer: whose (for
    /loeschen), its telling words (to count rephrasings together) and how it was asked."""
    return user_id, normalised(text), text[:EXAMPLE_CHARS]


async def _count_handed_over(
    update: Update, context: BotContext, text: str, via: str, suggested: int | None = None
) -> None:
    """Count a question the citizen sent to the team for /statistik, once the ticket exists."""
    async with context.db.transaction():
        await QuestionsLog(context.db).handed_over(
            via, unanswered(user_of(update).id, text), suggested
        )


# --- the team ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Relay:
    """What a team member's text becomes for the citizen: an answer, or the correction of one
    (the member edited an answer that was relayed). The fields are message keys."""

    purpose: str  # of the outbox row to the citizen
    text: str  # the message the citizen gets, around the team's words
    too_long: str  # said in the team chat when that does not fit one message
    delivered: str  # the confirmation in the team chat


ANSWER = Relay("relay", "team_answer", "answer_too_long", "answer_delivered")
CORRECTION = Relay("correction", "team_correction", "correction_too_long", "correction_delivered")
RELAYS = {relay.purpose: relay for relay in (ANSWER, CORRECTION)}


async def team_reply(update: Update, context: BotContext) -> None:
    """A reply in the coordinator chat to a ticket's message: relay it to the citizen."""
    message = message_of(update)
    assert message.reply_to_message is not None, "registered for replies"
    ticket_id = await MessageLinks(context.db).ticket_for_message(
        message.chat_id, message.reply_to_message.message_id
    )
    if ticket_id is None:
        if message.chat.type == ChatType.PRIVATE:  # nobody else to talk to: say how it works
            await team_hint(update, context)
        return  # in a group, a reply to anything else is the team talking among themselves
    if not message.text:
        await message.reply_text(context.messages.get("reply_text_only"))
        return
    await _relay(update, context, ticket_id, ANSWER)


async def team_edit(update: Update, context: BotContext) -> None:
    """A team member edited a message that was relayed as an answer: send the corrected text
    to the citizen as a new message (an edit of anything else is the team's own business)."""
    message = message_of(update)
    tickets = Tickets(context.db)
    relayed = await tickets.relayed_from(message.chat_id, message.message_id)
    if not message.text:
        return
    if relayed is None:
        # A reply to a ticket that was not passed on (too long: "Bitte kürzen Sie sie"),
        # shortened by editing it, is the answer now. Commands are never relayed.
        target = message.reply_to_message
        if target is not None and not message.text.startswith("/"):
            ticket_id = await MessageLinks(context.db).ticket_for_message(
                message.chat_id, target.message_id
            )
            if ticket_id is not None:
                await _relay(update, context, ticket_id, ANSWER)
        return
    ticket_id, relayed_text = relayed
    if message.text.strip() == relayed_text:  # e.g. only the formatting changed
        return
    await _relay(update, context, ticket_id, CORRECTION)


async def _relay(update: Update, context: BotContext, ticket_id: int, relay: Relay) -> None:
    """Queue a team member's text for the ticket's citizen, or say in the team chat why not."""
    message = message_of(update)
    messages = context.messages
    tickets = Tickets(context.db)
    if await tickets.seen_update(update.update_id):
        return
    ticket = await tickets.get(ticket_id)
    if ticket is None or ticket.user_id is None:
        await message.reply_text(messages.get("ticket_gone", number=ticket_id))
        return
    answer = (message.text or "").strip()
    text = messages.get(relay.text, ticket.language, number=ticket.id, answer=answer)
    if (excess := ui.telegram_length(text.strip()) - ui.MAX_MESSAGE) > 0:
        # One message, not several: parts could arrive out of order if one had to be retried.
        length = ui.telegram_length(answer)
        await message.reply_text(messages.get(relay.too_long, length=length, limit=length - excess))
        return
    source = (message.chat_id, message.message_id)
    async with context.db.transaction():
        await tickets.add_message(ticket.id, "team", answer, update.update_id, source)
        if relay is ANSWER:  # a correction answers nothing new: an addition still waits
            await tickets.mark_answered(ticket.id)
        await Outbox(context.db).add(
            ticket.user_id, _html(text), purpose=relay.purpose, ref_id=ticket.id
        )
    logger.info("ticket %d answered by the team (%s)", ticket.id, relay.purpose)
    context.wake_outbox()


async def team_hint(update: Update, context: BotContext) -> None:
    """In a private coordinator chat, a message that answers no ticket: say how to answer."""
    await ui.send_text(message_of(update), context.messages.get("team_hint"))


@coordinator_only
async def ticket_button(update: Update, context: BotContext) -> None:
    """Buttons under a card or a confirmation: done, reopen, ban, unban, keep as FAQ."""
    query = query_of(update)
    messages = context.messages
    match = TICKET_BUTTON.match(query.data or "")
    tickets = Tickets(context.db)
    ticket = await tickets.get(int(match.group(2))) if match else None
    if ticket is None or match is None:
        await query.answer(messages.get("stale_button"), show_alert=True)
        return
    action = match.group(1)
    if action == "faq":
        await query.answer(await _save_draft(tickets, ticket, messages), show_alert=True)
        return
    if action in ("ban", "unban") and ticket.user_id is None:
        await query.answer(messages.get("ticket_gone", number=ticket.id), show_alert=True)
        return
    if action == "close":
        await tickets.close(ticket.id)
        note = messages.get("closed_ok", number=ticket.id)
    elif action == "open":
        async with context.db.transaction():
            await tickets.reopen(ticket.id)
        note = messages.get("reopened_ok", number=ticket.id)
    else:
        if ticket.user_id is not None:  # an anonymised ticket's citizen is nobody to ban
            await Citizens(context.db).set_banned(ticket.user_id, action == "ban")
        note = messages.get("banned_ok" if action == "ban" else "unbanned_ok")
    await query.answer(note)
    ticket = await tickets.get(ticket.id)
    if ticket is not None and query.message is not None:
        try:
            await query.edit_message_reply_markup(card_keyboard(messages, ticket))
        except BadRequest as exc:  # e.g. "message is not modified" after a double tap
            logger.debug("card keyboard not updated: %s", exc.message)


async def _save_draft(tickets: Tickets, ticket: Ticket, messages: Messages) -> str:
    """Keep the ticket and the team's last answer as an FAQ draft; what the team is told."""
    if ticket.question is None:  # anonymised, or the citizen deleted their data
        return messages.get("draft_gone", number=ticket.id)
    answer = await tickets.last_team_answer(ticket.id)
    if not answer:
        return messages.get("draft_needs_answer")
    saved = await FaqDrafts(tickets.db).save_draft(ticket, answer)
    return messages.get("draft_saved" if saved else "draft_exists")


@coordinator_only
async def open_command(update: Update, context: BotContext) -> None:
    """/offen: open tickets, oldest first."""
    messages = context.messages
    tickets = Tickets(context.db)
    open_tickets = await tickets.open_tickets(limit=OPEN_LIST)
    if not open_tickets:
        await ui.send_text(message_of(update), messages.get("open_none"))
        return
    now = datetime.now(UTC)
    total = await tickets.count_open()
    lines = [messages.get("open_header", count=total)]
    for ticket in open_tickets:
        question = " ".join((ticket.question or "").split())
        lines.append(
            messages.get(
                "open_line",
                number=ticket.id,
                age=age(messages, now - ticket.created_at),
                who=_who(ticket),
                question=question[:80] + ("…" if len(question) > 80 else ""),
            )
        )
    if total > len(open_tickets):
        lines.append(messages.get("open_more", count=total - len(open_tickets)))
    await ui.send_text(message_of(update), "\n".join(lines))


@coordinator_only
async def statistics_command(update: Update, context: BotContext) -> None:
    """/statistik: the last 7 and 30 days, and what the knowledge base is missing."""
    log = QuestionsLog(context.db)
    parts = [stats_text(context.messages, await log.statistics(days)) for days in (7, 30)]
    await ui.send_text(message_of(update), "\n\n".join(parts))


def stats_text(messages: Messages, stats: Statistics) -> str:
    """One period's figures as the coordinator reads them."""
    share = f"{stats.answered / stats.asked:.0%}" if stats.asked else "–"
    text = messages.get(
        "stats",
        days=stats.days,
        asked=stats.asked,
        answered=stats.answered,
        answered_share=share,
        suggested=stats.suggested,
        handed_off=stats.handed_off,
        after_suggestions=stats.after_suggestions,
        not_it=stats.not_it,
        by_command=stats.by_command,
        tickets=stats.tickets,
        team_answered=stats.team_answered,
        median=(
            messages.get("stats_none")
            if stats.median_wait is None
            else age(messages, stats.median_wait)
        ),
    )
    if stats.top_unanswered:
        top = "\n".join(f"{count}× {phrase}" for phrase, count in stats.top_unanswered)
        text += f"\n{messages.get('stats_top')}\n{top}"
    return text


def normalised(text: str) -> str:
    """A question reduced to its telling words, so that rephrasings count together."""
    return " ".join(terms(text)[:12])


# --- rendering ----------------------------------------------------------------------------------


def card_payloads(messages: Messages, entries: Any, ticket: Ticket) -> list[dict[str, Any]]:
    """The card for the coordinator chat, as sendMessage parameters: one message, or several
    for a question too long for one (the buttons under the last; each part is linked to the
    ticket, so a reply to any of them answers it)."""
    considered = ", ".join(
        f"{entries[entry_id].title if entry_id in entries else entry_id} ({score:.2f})"
        for entry_id, score in ticket.considered
    )
    text = messages.get(
        "card",
        number=ticket.id,
        who=_who(ticket),
        language=LANGUAGE_NAMES.get(ticket.language, ticket.language),
        time=local_text(ticket.created_at),
        question=ticket.question or "",
        considered=considered or messages.get("nothing_considered"),
    )
    return _html_parts(text, markup=card_keyboard(messages, ticket))


def card_keyboard(messages: Messages, ticket: Ticket) -> InlineKeyboardMarkup:
    """Done (or reopen) and ban (or unban) for one ticket."""
    done = ("open", "button_reopen") if ticket.status == "closed" else ("close", "button_done")
    ban = ("unban", "button_unban") if ticket.banned else ("ban", "button_ban")
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(messages.get(key), callback_data=f"t:{action}:{ticket.id}")
                for action, key in (done, ban)
            ]
        ]
    )


def _html(
    text: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    reply_to: Message | None = None,
) -> dict[str, Any]:
    """sendMessage parameters for one of the bot's plain texts (escaped here, sent as HTML)."""
    payload = _html_escaped(html.escape(text.strip()))
    if markup is not None:
        payload["reply_markup"] = markup.to_dict()
    if reply_to is not None:
        payload["reply_parameters"] = {
            "message_id": reply_to.message_id,
            "allow_sending_without_reply": True,
        }
    return payload


def _html_parts(text: str, markup: InlineKeyboardMarkup | None = None) -> list[dict[str, Any]]:
    """Like `_html`, split into messages that fit Telegram's limit (which counts UTF-16 units:
    a text of many emoji is split finer); `markup` goes under the last one."""
    escaped = html.escape(text.strip())
    limit = ui.MAX_MESSAGE - 96  # room for a cut's whitespace and a last entity
    chunks = ui.split_text(escaped, limit)
    while any(ui.telegram_length(chunk) > ui.MAX_MESSAGE for chunk in chunks):
        limit //= 2
        chunks = ui.split_text(escaped, limit)
    payloads = [_html_escaped(chunk) for chunk in chunks]
    if markup is not None:
        payloads[-1]["reply_markup"] = markup.to_dict()
    return payloads


def _html_escaped(escaped: str) -> dict[str, Any]:
    return {
        "text": escaped,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }


def _who(ticket: Ticket) -> str:
    name = ticket.first_name or "Unbekannt"
    return f"{name} (@{ticket.username})" if ticket.username else name


def age(messages: Messages, delta: timedelta) -> str:
    """How long something took or has waited, as the team reads it: minutes, then hours and
    minutes up to two days, then days (the words are `age_…` in messages_handoff.yaml)."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return messages.get("age_under_minute")
    if minutes < 60:
        return messages.get("age_minutes", minutes=minutes)
    if minutes < 48 * 60:
        return messages.get("age_hours", hours=minutes // 60, minutes=minutes % 60)
    return messages.get("age_days", days=minutes // (24 * 60))


def considered_of(decision: Decision) -> list[tuple[str, float]]:
    """The entries the matcher weighed (at most three, with scores), for the card."""
    return [(c.entry.id, round(c.score, 2)) for c in decision.candidates[:3]]


# --- what happens when the outbox delivered (or could not) --------------------------------------


def register(app: Application) -> None:
    """Add this module's handlers, outbox hooks and the daily privacy job."""
    settings = app.bot_data.settings
    team = chat_filter(settings)
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("frage", ask_command, filters=private))
    app.add_handler(CommandHandler("offen", open_command))
    app.add_handler(CommandHandler("statistik", statistics_command))
    message = filters.UpdateType.MESSAGE & ~filters.COMMAND
    app.add_handler(MessageHandler(team & filters.REPLY & message, team_reply))
    edit = filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(team & edit, team_edit))
    if settings.coordinator_chat_id > 0:  # the team's chat is a private chat with the bot
        app.add_handler(MessageHandler(team & message, team_hint))
    app.add_handler(CallbackQueryHandler(ticket_button, pattern=r"^t:"))
    app.add_handler(
        CallbackQueryHandler(ask_team_button_pressed, pattern=f"^(?:{ASK_TEAM}|{NOT_IT})")
    )

    async def linked(db: Database, item: OutboxItem, message: Message) -> None:
        if item.ref_id is not None:
            await MessageLinks(db).link(item.chat_id, message.message_id, item.ref_id)

    async def relayed(db: Database, item: OutboxItem, message: Message) -> None:
        await linked(db, item, message)
        ticket_id = item.ref_id
        messages: Messages = app.bot_data.kb.messages
        confirm = messages.get(RELAYS[item.purpose].delivered, number=ticket_id)
        faq = InlineKeyboardButton(messages.get("button_faq"), callback_data=f"t:faq:{ticket_id}")
        await Outbox(db).add(
            settings.coordinator_chat_id,
            _html(confirm, markup=InlineKeyboardMarkup([[faq]])),
            purpose="confirm",
            ref_id=ticket_id,
        )

    async def blocked(db: Database, item: OutboxItem) -> None:
        await Citizens(db).mark_blocked(item.chat_id)

    async def tell_team(db: Database, item: OutboxItem, key: str) -> None:
        messages: Messages = app.bot_data.kb.messages
        notice = messages.get(key, number=item.ref_id)
        await Outbox(db).add(
            settings.coordinator_chat_id, _html(notice), purpose="notice", ref_id=item.ref_id
        )

    async def undeliverable(db: Database, item: OutboxItem) -> None:
        await blocked(db, item)
        await tell_team(db, item, "answer_undeliverable")

    async def refused(db: Database, item: OutboxItem) -> None:
        await tell_team(db, item, "answer_refused")

    for purpose in ("card", "ack", "confirm", "followup", "notice"):
        delivery.on_sent(app, purpose, linked)
    delivery.on_forbidden(app, "ack", blocked)
    for purpose in RELAYS:  # answers and corrections
        delivery.on_sent(app, purpose, relayed)
        delivery.on_forbidden(app, purpose, undeliverable)
        delivery.on_failed(app, purpose, refused)

    if app.job_queue is not None:
        app.job_queue.run_repeating(
            retention, interval=timedelta(days=1), first=timedelta(minutes=1), name="retention"
        )


async def retention(context: BotContext) -> None:
    """Daily: anonymise tickets and delete FAQ drafts past the ticket retention, drop old sent
    and refused outbox rows."""
    services = context.bot_data
    if services.db is None:
        return
    anonymised = await ticket_retention.anonymise_expired(
        services.db, context.settings.ticket_retention
    )
    drafts = await FaqDrafts(services.db).purge_drafts(context.settings.ticket_retention)
    purged = await Outbox(services.db).purge_done(SENT_ROWS_KEPT)
    logger.info(
        "retention: %d tickets anonymised, %d FAQ drafts deleted, %d outbox rows removed",
        anonymised,
        drafts,
        purged,
    )
