"""A citizen's question becomes a ticket: when the matcher has no confident answer, when the
citizen taps "Keine davon – Frage an das Team" or "Das passt nicht – Frage ans Team", or with
`/frage <Text>`. Replies to the bot's acknowledgement or to a relayed answer join the ticket.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from telegram import InlineKeyboardButton, Message, Update

from handlers import ui
from handlers.buttons import ASK_TEAM, NOT_IT
from handlers.handoff.cards import card_payloads, html_payload, html_payloads, who_asked
from knowledge import Messages
from knowledge.text import terms
from runtime.context import BotContext
from runtime.updates import message_of, query_of, user_of
from storage.citizens import Citizens
from storage.message_links import MessageLinks
from storage.outbox import Outbox
from storage.questions_log import VIA_COMMAND, VIA_NOT_IT, VIA_SUGGESTIONS, QuestionsLog
from storage.seen import Mark, SeenMessages
from storage.tickets import Ticket, Tickets

logger = logging.getLogger(__name__)

# Characters of a citizen's question kept for the team: all that Telegram delivers in one
# message (4,096); a card too long for one message is sent in parts (`html_payloads`).
MAX_QUESTION = ui.MAX_MESSAGE
EXAMPLE_CHARS = 200  # of an unanswered question, kept for the curator's list in /statistik
TICKET_WINDOW = timedelta(hours=1)  # tickets_per_hour counts within this window

PENDING = "pending_question"  # user_data key: the question behind the last answer or suggestions
COUNTED = "counted"  # in PENDING: its row in the statistics, which "Keine davon" turns around


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
    seen = SeenMessages(db)
    mark = handled_mark(message)
    if await seen.seen(mark):
        return False  # Telegram delivered this update again after a restart: the ticket exists
    limit = context.settings.tickets_per_hour
    if await tickets.count_recent(user.id, TICKET_WINDOW) >= limit:
        await ui.send_text(message, context.messages.get("ticket_limit", lang, limit=limit))
        return False
    question = clip(text)
    outbox = Outbox(db)
    async with db.transaction():
        await Citizens(db).remember(user.id, user.first_name, user.username, lang)
        # the citizen's language: the team's answer reaches them framed in it
        await seen.remember(mark)
        ticket_id = await tickets.create(user.id, question, lang, considered)
        ticket = await tickets.get(ticket_id)  # this transaction sees its own insert
        assert ticket is not None
        for payload in card_payloads(context.messages, context.kb.by_id, ticket):
            await outbox.add(
                context.settings.coordinator_chat_id, payload, purpose="card", ref_id=ticket_id
            )
        ack = context.messages.get("ticket_created", lang, number=ticket_id)
        await outbox.add(
            user.id, html_payload(ack, reply_to=message), purpose="ack", ref_id=ticket_id
        )
    logger.info("ticket %d created", ticket_id)
    context.wake_outbox()
    return True


def handled_mark(message: Message) -> Mark:
    """What identifies a message that is handled once (storage/seen.py): its chat, number and
    date, or its edit date for an edited message (a correction is a new version)."""
    return Mark.of(message.chat_id, message.message_id, message.date, message.edit_date)


async def add_followup(update: Update, context: BotContext, ticket: Ticket, lang: str) -> None:
    """A citizen replied to a message of their ticket: pass it on to the team."""
    message = message_of(update)
    tickets = Tickets(context.db)
    if await Citizens(context.db).is_banned(user_of(update).id):
        await ui.send_text(message, context.messages.get("ticket_received", lang))
        return
    seen, mark = SeenMessages(context.db), handled_mark(message)
    if await seen.seen(mark):
        return
    text = clip(ui.said(message))
    async with context.db.transaction():
        await seen.remember(mark)
        await tickets.add_message(ticket.id, "citizen", text)
        await tickets.reopen(ticket.id)
        card = context.messages.get(
            "card_followup", "de", number=ticket.id, who=who_asked(ticket), question=text
        )
        for payload in html_payloads(card):
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


def normalised(text: str) -> str:
    """A question reduced to its telling words, so that rephrasings count together."""
    return " ".join(terms(text)[:12])
