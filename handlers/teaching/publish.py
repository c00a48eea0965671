"""Publish an answer: under a team answer the bot delivered, "📝 Als FAQ übernehmen" opens a
draft in the team chat, and "Veröffentlichen" puts it into service as an entry.

The draft starts with a title made of the citizen's question, that question as the first
phrasing (greeting, closing, names, e-mail addresses and phone numbers taken out), the team's
answer and the topic of the entry the bot weighed first. Anyone of the team can change the
title, the answer and the topic, add phrasings (in any of the bot's languages), look at the
answer exactly as a citizen will see it, publish or discard it. The draft lives in SQLite
(storage/faq_drafts.py): a restart loses nothing, and every change shows in the chat.

Publishing checks the entry by exactly the rules of the YAML files (knowledge/team.py) and
warns when the text seems to hold personal data; then the matchers take it at once.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, Message, Update
from telegram.error import BadRequest

from handlers import ui
from handlers.buttons import TEACH
from handlers.teaching.common import (
    button,
    carries,
    current_kb,
    keyboard,
    kinds,
    personal,
    prompt,
    put_into_service,
    quote,
    reply,
    topic,
    topics,
    warnings,
    who,
)
from handlers.teaching.phrasings import cleaned
from knowledge import Messages
from knowledge.frame import unframe
from knowledge.model import CATEGORIES, MAX_TITLE, Entry
from knowledge.team import (
    TeamEntry,
    as_entry,
    new_id,
    phrasing_language,
    phrasing_problem,
    proposed_title,
)
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import pressed_message, query_of
from storage.db import now_utc
from storage.faq_drafts import DISCARDED, OPEN, PUBLISHED, Draft, FaqDrafts
from storage.team_knowledge import TeamKnowledge
from storage.tickets import Ticket, Tickets

DRAFT, DRAFT_TOPIC = f"{TEACH}d:", f"{TEACH}dt:"
ACTIONS = ("title", "answer", "phr", "topic", "view", "pub", "force", "drop")
BUTTON = re.compile(
    rf"^{TEACH}(?:d:(\d{{1,12}}):({'|'.join(ACTIONS)})|dt:(\d{{1,12}}):([a-z]{{2,20}}))$"
)
FIELDS = {"title": "title", "answer": "answer", "phr": "phrasings"}  # button -> typed field


async def open_draft(message: Message, context: BotContext, ticket: Ticket) -> str | None:
    """ "📝 Als FAQ übernehmen" under a delivered answer: show the ticket's draft (started
    now, or as the team left it). Returns what to say in a pop-up instead, if anything."""
    messages = context.messages
    if ticket.question is None:  # anonymised, or the citizen deleted their data
        return messages.get("draft_gone", number=ticket.id)
    answer = await Tickets(context.db).last_team_answer(ticket.id)
    if not answer:
        return messages.get("draft_needs_answer")
    kb = current_kb(context)
    checked = cleaned(context, ticket.question, names_of(ticket))
    phrasings = [checked.text] if not phrasing_problem(checked.text) else []
    weighed = [kb.by_id[i] for i, _ in ticket.considered if i in kb.by_id]
    # the team's answer without "Hallo Anna," and "Viele Grüße, Kathrin" around it
    body, *_ = unframe(answer)
    draft = await FaqDrafts(context.db).start(
        ticket,
        body or answer,
        proposed_title(checked.text or ticket.question),
        weighed[0].category if weighed else None,
        phrasings,
    )
    if draft.status == PUBLISHED:
        return messages.get(
            "draft_done_already", number=ticket.id, title=draft.title, id=draft.entry_id
        )
    await send_card(message, context, draft)
    return None


CARD_ANSWER = 1500  # characters of the answer a draft card shows (the preview shows it all)
CARD_PHRASINGS = 12  # phrasings a draft card lists (the newest), each cut at CARD_PHRASING
CARD_PHRASING = 150


def names_of(ticket: Ticket | None) -> list[str]:
    """The names a ticket's citizen goes by (none once the ticket was anonymised)."""
    if ticket is None:
        return []
    return [name for name in (ticket.first_name, ticket.username) if name]


async def citizen_names(context: BotContext, draft: Draft) -> list[str]:
    """The names of the citizen whose question the draft came from: they must not be
    published (the team's answer may greet them)."""
    return names_of(await Tickets(context.db).get(draft.ticket_id))


def card_text(context: BotContext, draft: Draft, note: str = "", names: Sequence[str] = ()) -> str:
    """The draft as the team reads it, with what looks personal and how to go on; short
    enough for one message, whatever the team typed."""
    messages = context.messages
    shown = draft.phrasings[-CARD_PHRASINGS:]
    phrasings = "\n".join(f"• {quote(p, CARD_PHRASING)}" for p in shown)
    if len(draft.phrasings) > len(shown):
        phrasings = f"… (+{len(draft.phrasings) - len(shown)})\n{phrasings}"
    answer = draft.answer
    if len(answer) > CARD_ANSWER:
        answer = answer[: CARD_ANSWER - 1].rstrip() + "…"
    text = messages.get(
        "draft_card",
        number=draft.ticket_id,
        topic=topic(messages, draft.category),
        title=draft.title,
        phrasings=phrasings or messages.get("faq_no_phrasings"),
        answer=answer,
    )
    warning = warnings(context, draft.title, draft.answer, *draft.phrasings, names=names)
    hint = messages.get("draft_card_hint")
    return "\n\n".join(part for part in (note, text, warning, hint) if part)


def card_keyboard(messages: Messages, ticket_id: int) -> list[list[InlineKeyboardButton]]:
    def act(key: str, action: str) -> InlineKeyboardButton:
        return button(messages, key, f"{DRAFT}{ticket_id}:{action}")

    return [
        [act("button_draft_title", "title"), act("button_draft_answer", "answer")],
        [act("button_draft_phrasings", "phr"), act("button_draft_topic", "topic")],
        [act("button_draft_preview", "view")],
        [act("button_publish", "pub"), act("button_discard", "drop")],
    ]


async def send_card(message: Message, context: BotContext, draft: Draft, note: str = "") -> None:
    """The draft as a new message in the team chat (after a typed change: below it)."""
    text = card_text(context, draft, note, await citizen_names(context, draft))
    await reply(message, text, keyboard(card_keyboard(context.messages, draft.ticket_id)))


@coordinator_only
async def draft_pressed(update: Update, context: BotContext) -> None:
    """Every button of a draft."""
    query = query_of(update)
    messages = context.messages
    found = BUTTON.match(query.data or "") if carries(query) else None
    ticket_id = int((found.group(1) or found.group(3)) if found else 0)
    draft = await FaqDrafts(context.db).get(ticket_id) if found else None
    if found is None or draft is None:
        await query.answer(messages.get("stale_button"), show_alert=True)
        return
    if draft.status != OPEN:
        await query.answer(messages.get("draft_not_open"), show_alert=True)
        return
    action = found.group(2)
    message = pressed_message(query)
    if found.group(3):  # a topic was chosen
        if found.group(4) not in CATEGORIES:
            await query.answer(messages.get("stale_button"), show_alert=True)
            return
        async with context.db.transaction():
            await FaqDrafts(context.db).update(ticket_id, category=found.group(4))
        await query.answer()
        changed = await FaqDrafts(context.db).get(ticket_id)
        assert changed is not None
        note = messages.get(
            "draft_changed", who=who(update), field=messages.get("field_name_category")
        )
        text = card_text(context, changed, note, await citizen_names(context, changed))
        await query.edit_message_text(
            text, reply_markup=keyboard(card_keyboard(messages, ticket_id))
        )
    elif action in FIELDS:
        await query.answer()
        field = FIELDS[action]
        key = f"prompt_{field}"
        await prompt(
            message, context, messages.get(key, title=draft.title, limit=MAX_TITLE),
            f"draft:{ticket_id}", field,
        )  # fmt: skip
    elif action == "topic":
        await query.answer()
        rows = [
            InlineKeyboardButton(
                topic(messages, category), callback_data=f"{DRAFT_TOPIC}{ticket_id}:{category}"
            )
            for category in topics(current_kb(context))
        ]
        await query.edit_message_reply_markup(
            keyboard([rows[i : i + 2] for i in range(0, len(rows), 2)])
        )
    elif action == "view":
        await query.answer()
        await _preview(message, context, draft)
    elif action in ("pub", "force"):
        await _publish(update, context, draft, force=action == "force")
    else:  # drop
        async with context.db.transaction():
            await FaqDrafts(context.db).finish(ticket_id, DISCARDED)
        await query.answer()
        await _close_card(message)
        await reply(message, messages.get("draft_discarded", who=who(update), number=ticket_id))


def as_team_entry(draft: Draft, entry_id: str, by: str) -> TeamEntry:
    return TeamEntry(0, entry_id, draft.category or "", draft.title, draft.answer, by, now_utc())


def _entry_of(draft: Draft, entry_id: str, by: str) -> tuple[Entry | None, list[str]]:
    """The entry the draft would become, or the problems the rules of the files find."""
    entry, problems = as_entry(as_team_entry(draft, entry_id, by), draft.phrasings)
    # "team:3: entry 'team-x': title over 60 characters" -> "title over 60 characters"
    return entry, [re.sub(r"^[^:]*:\d+: (?:entry '[^']*': )?", "", p) for p in problems]


async def _preview(message: Message, context: BotContext, draft: Draft) -> None:
    """The answer exactly as a citizen will see it (in German), or why it cannot be."""
    messages = context.messages
    kb = current_kb(context)
    entry, problems = _entry_of(draft, new_id(draft.title, kb.by_id), "")
    if entry is None:
        listed = "\n".join(f"• {p}" for p in problems)
        await reply(message, messages.get("publish_problems", problems=listed))
        return
    await reply(message, messages.get("preview_intro"))
    for chunk in ui.split_text(ui.entry_text(entry, "de", messages)):
        await message.reply_html(chunk, link_preview_options=ui.NO_PREVIEW)


async def _publish(update: Update, context: BotContext, draft: Draft, *, force: bool) -> None:
    query = query_of(update)
    messages = context.messages
    message = pressed_message(query)
    kb = current_kb(context)
    if not draft.category:
        await query.answer(messages.get("publish_needs_topic"), show_alert=True)
        return
    team = TeamKnowledge(context.db)
    taken = set(kb.by_id) | await team.entry_ids()
    entry_id = new_id(draft.title, taken)
    entry, problems = _entry_of(draft, entry_id, who(update))
    if entry is None:
        await query.answer()
        listed = "\n".join(f"• {p}" for p in problems)
        await reply(message, messages.get("publish_problems", problems=listed))
        return
    names = await citizen_names(context, draft)
    found = personal(context, draft.title, draft.answer, *draft.phrasings, names=names)
    if found and not force:
        await query.answer()
        anyway = button(messages, "button_publish_anyway", f"{DRAFT}{draft.ticket_id}:force")
        text = messages.get("publish_warning", kinds=kinds(messages, found))
        await reply(message, text, keyboard([[anyway]]))
        return
    by = who(update)
    async with context.db.transaction():
        if not await FaqDrafts(context.db).finish(draft.ticket_id, PUBLISHED, entry_id):
            await query.answer(messages.get("draft_not_open"), show_alert=True)
            return
        await team.publish(entry_id, draft.category, draft.title, draft.answer, by)
        for phrasing in draft.phrasings:
            await team.teach(entry_id, phrasing, phrasing_language(phrasing), by)
    await put_into_service(context)
    await query.answer()
    await _close_card(message)
    await reply(message, messages.get("published", who=by, title=draft.title, id=entry_id))


async def _close_card(message: Message) -> None:
    """A draft that is published or discarded keeps its text, without buttons."""
    with contextlib.suppress(BadRequest):  # already without buttons (a double tap)
        await message.edit_reply_markup(None)
