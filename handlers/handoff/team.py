"""The team's side of the handoff: replies relayed to the citizen as the bot (never showing
who wrote them), corrections when a reply is edited, the card's buttons, /offen, /statistik."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from handlers import teaching, ui
from handlers.buttons import TICKET
from handlers.handoff.cards import age, card_keyboard, html_payload, who_asked
from handlers.handoff.tickets import handled_mark
from knowledge import Messages
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import message_of, pressed_message, query_of
from storage.citizens import Citizens
from storage.message_links import MessageLinks
from storage.outbox import Outbox
from storage.questions_log import QuestionsLog, Statistics
from storage.seen import SeenMessages
from storage.tickets import Tickets

logger = logging.getLogger(__name__)

OPEN_LIST = 20  # tickets shown by /offen
# Button data. Ticket buttons live in the coordinator chat; ASK_TEAM under suggestions carries
# a token that must match the question remembered for this citizen (stale buttons do nothing).
TICKET_BUTTON = re.compile(rf"^{TICKET}(close|open|ban|unban|faq):(\d{{1,12}})$")


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
    seen, mark = SeenMessages(context.db), handled_mark(message)
    if await seen.seen(mark):
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
        await seen.remember(mark)
        await tickets.add_message(ticket.id, "team", answer, source)
        if relay is ANSWER:  # a correction answers nothing new: an addition still waits
            await tickets.mark_answered(ticket.id)
        await Outbox(context.db).add(
            ticket.user_id, html_payload(text), purpose=relay.purpose, ref_id=ticket.id
        )
    logger.info("ticket %d answered by the team (%s)", ticket.id, relay.purpose)
    context.wake_outbox()


async def team_hint(update: Update, context: BotContext) -> None:
    """In a private coordinator chat, a message that answers no ticket: say how to answer."""
    await ui.send_text(message_of(update), context.messages.get("team_hint"))


@coordinator_only
async def ticket_button(update: Update, context: BotContext) -> None:
    """Buttons under a card or a confirmation: done, reopen, ban, unban, publish as FAQ."""
    query = query_of(update)
    messages = context.messages
    match = TICKET_BUTTON.match(query.data or "")
    tickets = Tickets(context.db)
    ticket = await tickets.get(int(match.group(2))) if match else None
    if ticket is None or match is None:
        await query.answer(messages.get("stale_button"), show_alert=True)
        return
    action = match.group(1)
    if action == "faq":  # "📝 Als FAQ übernehmen": the draft, in handlers/teaching/publish.py
        refused = await teaching.open_draft(pressed_message(query), context, ticket)
        await query.answer(refused, show_alert=bool(refused))
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
            await query.edit_message_reply_markup(card_keyboard(messages, ticket, context.kb.by_id))
        except BadRequest as exc:  # e.g. "message is not modified" after a double tap
            logger.debug("card keyboard not updated: %s", exc.message)


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
                who=who_asked(ticket),
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
    messages = context.messages
    week, month = await log.statistics(7), await log.statistics(30)
    parts = [stats_text(messages, week), stats_text(messages, month, numbered=True)]
    # the month's list, numbered: a button teaches one of them to an entry
    buttons = [
        teaching.teach_button(messages, f"q{row}", n)
        for n, row in enumerate(month.top_rows, start=1)
    ]
    if buttons:
        parts.append(messages.get("stats_teach"))
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    markup = InlineKeyboardMarkup(rows) if rows else None
    await ui.send_text(message_of(update), "\n\n".join(parts), markup)


def stats_text(messages: Messages, stats: Statistics, *, numbered: bool = False) -> str:
    """One period's figures as the coordinator reads them; `numbered`: the list of unanswered
    questions carries the numbers of the buttons under the message (the 30 days' list)."""
    figures = asdict(stats)  # the counts by their field names; the text uses those it names
    figures["answered_share"] = f"{stats.answered / stats.asked:.0%}" if stats.asked else "–"
    wait = stats.median_wait
    figures["median"] = messages.get("stats_none") if wait is None else age(messages, wait)
    text = messages.get("stats", **figures)
    if stats.top_unanswered:
        top = "\n".join(
            f"{f'{n}. ' if numbered else ''}{count}× {phrase}"
            for n, (phrase, count) in enumerate(stats.top_unanswered, start=1)
        )
        text += f"\n{messages.get('stats_top')}\n{top}"
    return text
