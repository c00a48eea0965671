"""Teach a phrasing: a citizen's question the bot did not understand becomes a phrasing of the
entry that answers it, in a few taps of the team chat.

Under a ticket's card ("📚 Zu Eintrag hinzufügen") and under /statistik's list of unanswered
questions, the team picks the entry (those the matcher weighed first, then any by topic),
sees the phrasing as it will be kept — greeting, closing and the citizen's name, e-mail
addresses and phone numbers taken out, with a warning for what still looks personal — and
adds it. The matchers take it at once.

Button data carry where the question comes from: `t<ticket>` or `q<row of the questions
log>`; every press looks it up again, so a deleted question or entry changes nothing.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, Update

from handlers.buttons import TEACH
from handlers.teaching.common import (
    CANCEL,
    button,
    carries,
    checked_lines,
    current_kb,
    keyboard,
    office,
    put_into_service,
    quote,
    topic,
    topics,
    who,
)
from knowledge import Messages
from knowledge.model import Entry
from knowledge.team import (
    MAX_PHRASING,
    Checked,
    phrasing_language,
    phrasing_problem,
    without_personal_data,
)
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import pressed_message, query_of
from storage.questions_log import QuestionsLog
from storage.team_knowledge import TeamKnowledge
from storage.tickets import Tickets

PICK, CATEGORY, SEE, ADD = f"{TEACH}p:", f"{TEACH}c:", f"{TEACH}s:", f"{TEACH}a:"
_SOURCE = r"([tq]\d{1,12})"
_ENTRY = r"([a-z0-9-]{2,40})"
BUTTON = re.compile(
    rf"^{TEACH}(?:p:{_SOURCE}|c:{_SOURCE}:([a-z]{{2,20}})|([sa]):{_SOURCE}:{_ENTRY})$"
)
PROBLEMS = {"empty": "teach_empty", "long": "teach_too_long", "short": "teach_too_short"}


def teach_button(messages: Messages, source: str, number: int = 0) -> InlineKeyboardButton:
    """ "📚 Zu Eintrag hinzufügen" for a ticket ('t12'), or "📚 3" for the third question of
    /statistik's list ('q7': its row in the questions log)."""
    if number:
        return InlineKeyboardButton(f"📚 {number}", callback_data=PICK + source)
    return button(messages, "button_teach", PICK + source)


def teach_buttons(
    messages: Messages, source: str, entry: Entry | None
) -> list[InlineKeyboardButton]:
    """Under a ticket's card: "📚 Zu „<the entry weighed first>“ hinzufügen" (its preview at
    once) and "📚 Anderer Eintrag …"; without such an entry the general button."""
    if entry is None:
        return [teach_button(messages, source)]
    first = button(messages, "button_teach_to", f"{SEE}{source}:{entry.id}", title=entry.title)
    return [first, button(messages, "button_teach_other_entry", PICK + source)]


async def _question(context: BotContext, source: str) -> tuple[str, list[str], list[str]] | None:
    """The question behind a source: its text, the entries the bot weighed or answered with,
    and the names its citizen goes by. None when it is no longer kept."""
    number = int(source[1:])
    if source.startswith("t"):
        ticket = await Tickets(context.db).get(number)
        if ticket is None or ticket.question is None:
            return None
        names = [name for name in (ticket.first_name, ticket.username) if name]
        return ticket.question, [entry_id for entry_id, _ in ticket.considered], names
    found = await QuestionsLog(context.db).unanswered_question(number)
    if found is None:
        return None
    text, answered, names = found
    return text, [answered] if answered else [], names


def cleaned(context: BotContext, text: str, names: list[str]) -> Checked:
    """The question as it would be kept: see knowledge/team.py."""
    return without_personal_data(text, names, office(context))


@coordinator_only
async def teach_pressed(update: Update, context: BotContext) -> None:
    """Every button of teaching a phrasing."""
    query = query_of(update)
    messages = context.messages
    found = BUTTON.match(query.data or "")
    # "Zu Eintrag hinzufügen" sits under cards and /statistik; the rest edit their message
    if found is None or not (found.group(1) or carries(query)):
        await query.answer(messages.get("stale_button"), show_alert=True)
        return
    source = found.group(1) or found.group(2) or found.group(5)
    question = await _question(context, source)
    if question is None:
        await query.answer(messages.get("teach_gone"), show_alert=True)
        return
    text, weighed, names = question
    kb = current_kb(context)
    if found.group(1):  # choose the entry: those weighed, or any by topic
        await query.answer()
        await _choose(
            update, context, source, text, [kb.by_id[i] for i in weighed if i in kb.by_id]
        )
    elif found.group(2):
        if found.group(3) not in topics(kb):
            await query.answer(messages.get("stale_button"), show_alert=True)
            return
        await query.answer()
        await _choose_in(update, context, source, found.group(3))
    else:
        entry = kb.by_id.get(found.group(6))
        if entry is None:
            await query.answer(messages.get("teach_entry_gone"), show_alert=True)
            return
        checked = cleaned(context, text, names)
        problem = phrasing_problem(checked.text)
        if problem:
            await query.answer()
            await pressed_message(query).reply_text(
                messages.get(PROBLEMS[problem], length=len(checked.text), limit=MAX_PHRASING)
            )
            return
        if found.group(4) == "s":
            await query.answer()
            await _preview(update, context, source, entry, checked)
        else:
            await _add(update, context, entry, checked)


async def _choose(
    update: Update, context: BotContext, source: str, text: str, weighed: list[Entry]
) -> None:
    messages = context.messages
    rows = [
        [InlineKeyboardButton(entry.title, callback_data=f"{SEE}{source}:{entry.id}")]
        for entry in weighed
    ]
    kb = current_kb(context)
    others = [
        InlineKeyboardButton(
            topic(messages, category), callback_data=f"{CATEGORY}{source}:{category}"
        )
        for category in topics(kb)
    ]
    rows += [others[i : i + 2] for i in range(0, len(others), 2)]
    rows.append([button(messages, "button_teach_cancel", CANCEL)])
    key = "teach_choose" if weighed else "teach_choose_topic"
    await pressed_message(query_of(update)).reply_text(
        messages.get(key, question=quote(text)), reply_markup=keyboard(rows)
    )


async def _choose_in(update: Update, context: BotContext, source: str, category: str) -> None:
    """The entries of one topic, to pick from (the message is edited in place)."""
    kb = current_kb(context)
    rows = [
        [InlineKeyboardButton(entry.title, callback_data=f"{SEE}{source}:{entry.id}")]
        for entry in kb.entries
        if entry.category == category
    ]
    rows.append([button(context.messages, "button_teach_cancel", CANCEL)])
    await query_of(update).edit_message_reply_markup(keyboard(rows))


async def _preview(
    update: Update, context: BotContext, source: str, entry: Entry, checked: Checked
) -> None:
    messages = context.messages
    lines = [messages.get("teach_preview", title=entry.title, text=checked.text)]
    lines += checked_lines(messages, checked)
    lines.append(messages.get("teach_ask_add"))
    markup = keyboard(
        [
            [
                button(messages, "button_teach_add", f"{ADD}{source}:{entry.id}"),
                button(messages, "button_teach_cancel", CANCEL),
            ]
        ]
    )
    query = query_of(update)
    if carries(query, CANCEL):  # this flow's chooser (it has "Abbrechen"): the preview replaces it
        await query.edit_message_text("\n".join(lines), reply_markup=markup)
    else:  # a card's "Zu „…“ hinzufügen": the card stays, the preview comes below it
        await pressed_message(query).reply_text("\n".join(lines), reply_markup=markup)


async def _add(update: Update, context: BotContext, entry: Entry, checked: Checked) -> None:
    """Keep the phrasing, put it into service, and tell the chat who taught what."""
    query = query_of(update)
    messages = context.messages
    language = phrasing_language(checked.text)
    async with context.db.transaction():
        added = await TeamKnowledge(context.db).teach(entry.id, checked.text, language, who(update))
    if added is None:
        await query.answer(messages.get("teach_exists", title=entry.title), show_alert=True)
        return
    await put_into_service(context)
    await query.answer()
    done = messages.get("teach_done", who=who(update), title=entry.title, text=checked.text)
    await query.edit_message_text(done)
