"""How a ticket looks in the team's chat: the card (in parts when the question is long), its
buttons, and the figures of /statistik."""

from __future__ import annotations

import html
import logging
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from handlers import teaching, ui
from handlers.buttons import TICKET
from knowledge import Decision, Messages
from knowledge.dates import local_text
from knowledge.decision import Thresholds
from knowledge.languages import UKRAINIAN_OR_RUSSIAN, script_language, written_language
from knowledge.model import with_notice
from knowledge.text import detect_language
from storage.tickets import Ticket

logger = logging.getLogger(__name__)


def written_in(messages: Messages, ticket: Ticket) -> str:
    """The language the question is written in, in German ("Arabisch"), for the team: told by
    its letters or words, else the citizen's language."""
    question = ticket.question or ""
    if written_language(question) == UKRAINIAN_OR_RUSSIAN:  # "Помогите!": either
        return " oder ".join(messages.language_name(lang, german=True) for lang in ("uk", "ru"))
    written = script_language(question) or detect_language(question)
    return messages.language_name(written or ticket.language, german=True)


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
        who=who_asked(ticket),
        language=written_in(messages, ticket),
        time=local_text(ticket.created_at),
        question=ticket.question or "",
        considered=considered or messages.get("nothing_considered"),
    )
    return html_payloads(text, markup=card_keyboard(messages, ticket, entries))


def card_keyboard(messages: Messages, ticket: Ticket, entries: Any) -> InlineKeyboardMarkup:
    """Done (or reopen) and ban (or unban) for one ticket; and, while its question is kept,
    "📚 Zu „…“ hinzufügen" for the entry the bot weighed first (of `entries`, by id), if it
    scored as much as a "Meinten Sie …?" suggestion needs, and "📚 Anderer Eintrag …"
    (handlers/teaching/phrasings.py)."""
    done = ("open", "button_reopen") if ticket.status == "closed" else ("close", "button_done")
    ban = ("unban", "button_unban") if ticket.banned else ("ban", "button_ban")
    rows = [
        [
            InlineKeyboardButton(messages.get(key), callback_data=f"{TICKET}{action}:{ticket.id}")
            for action, key in (done, ban)
        ]
    ]
    if ticket.question is not None:
        bar = Thresholds().suggest
        weighed = [entries[i] for i, score in ticket.considered if i in entries and score >= bar]
        source = f"t{ticket.id}"
        rows += [[b] for b in teaching.teach_buttons(messages, source, (weighed or [None])[0])]
    return InlineKeyboardMarkup(rows)


def html_payload(
    text: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    reply_to: Message | None = None,
) -> dict[str, Any]:
    """sendMessage parameters for one of the bot's plain texts (escaped here, sent as HTML)."""
    payload = _html_escaped(html.escape(with_notice(text).strip()))
    if markup is not None:
        payload["reply_markup"] = markup.to_dict()
    if reply_to is not None:
        payload["reply_parameters"] = {
            "message_id": reply_to.message_id,
            "allow_sending_without_reply": True,
        }
    return payload


def html_payloads(text: str, markup: InlineKeyboardMarkup | None = None) -> list[dict[str, Any]]:
    """Like `html_payload`, split into messages that fit Telegram's limit (which counts UTF-16
    units: a text of many emoji is split finer); `markup` goes under the last one."""
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


def who_asked(ticket: Ticket) -> str:
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
