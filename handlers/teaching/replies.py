"""Typed values: a team member's reply to one of the bot's questions ("Bitte antworten Sie
auf diese Nachricht mit dem neuen Titel …") changes a draft or a team entry.

Runs in a handler group before the features (REPLIES_GROUP): a reply to such a question is
taken here and goes no further, even when handling it fails; any other reply in the team chat
goes on to the handoff, which relays it to a citizen when it answers a ticket.

A changed title or answer of an entry in service that looks like a person's data is held
back until the team confirms it ("⚠️ Trotzdem übernehmen"), as publishing does.
"""

from __future__ import annotations

import dataclasses
import re

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop

from handlers.buttons import TEACH
from handlers.teaching import common
from handlers.teaching.publish import send_card
from knowledge.model import MAX_TITLE
from knowledge.team import MAX_PHRASING, as_entry, phrasing_language, phrasing_problem
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import message_of, pressed_message, query_of
from storage.faq_drafts import OPEN, FaqDrafts
from storage.team_knowledge import LIVE, TeamKnowledge, TeamPrompts

REPLIES_GROUP = -2  # before every feature (and before handlers/fallback.py's guard)
CONFIRM = f"{TEACH}ok:"  # "Trotzdem übernehmen"; fq:ok:<message id of the bot's question>
CONFIRM_BUTTON = re.compile(rf"^{CONFIRM}(\d{{1,12}})$")
_BULLET = re.compile(r"^\s*(?:[•*\-–]|\d+[.)])\s*")


async def prompt_reply(update: Update, context: BotContext) -> None:
    """A reply in the team chat: if it answers one of the bot's questions, take the value."""
    message = message_of(update)
    target = message.reply_to_message
    assert target is not None, "registered for replies"
    asked = await TeamPrompts(context.db).asked(message.chat_id, target.message_id)
    if asked is None:
        return  # the team talking, or answering a citizen: the handoff's business
    try:
        kind, field = asked
        value = (message.text or "").strip()
        problem = _problem(context, field, value)
        if problem:
            await common.reply(message, problem)
        elif kind.startswith("draft:"):
            await _change_draft(update, context, int(kind.removeprefix("draft:")), field, value)
        elif kind.startswith("entry:"):
            await _change_entry(
                message, context, kind.removeprefix("entry:"), field, value, common.who(update)
            )
    except Exception as error:  # reported like any handler's error, then the update stops
        await context.application.process_error(update, error)
    # a value for the bot is never relayed to a citizen, not even after an error
    raise ApplicationHandlerStop


def _problem(context: BotContext, field: str, value: str) -> str | None:
    messages = context.messages
    if not value:
        return messages.get("text_expected")
    if field == "title" and ("\n" in value or len(value) > MAX_TITLE):
        return messages.get("bad_title", limit=MAX_TITLE, length=len(value))
    if field == "phrasings":
        for line in lines_of(value):
            problem = phrasing_problem(line)
            if problem == "long":
                return messages.get("bad_phrasing", limit=MAX_PHRASING, length=len(line))
            if problem:
                return messages.get("bad_phrasing_short", text=line)
    return None


def lines_of(value: str) -> list[str]:
    """Phrasings typed one per line (list marks taken off)."""
    return [_BULLET.sub("", line).strip() for line in value.splitlines() if line.strip()]


async def _change_draft(
    update: Update, context: BotContext, ticket_id: int, field: str, value: str
) -> None:
    messages = context.messages
    message = message_of(update)
    drafts = FaqDrafts(context.db)
    draft = await drafts.get(ticket_id)
    if draft is None or draft.status != OPEN:
        await common.reply(message, messages.get("draft_not_open"))
        return
    async with context.db.transaction():
        if field == "phrasings":
            known = {p.casefold() for p in draft.phrasings}
            added = [line for line in lines_of(value) if line.casefold() not in known]
            await drafts.update(ticket_id, phrasings=[*draft.phrasings, *dict.fromkeys(added)])
        elif field == "title":
            await drafts.update(ticket_id, title=value)
        else:
            await drafts.update(ticket_id, answer=value)
    changed = await drafts.get(ticket_id)
    assert changed is not None
    note = messages.get(
        "draft_changed", who=common.who(update), field=messages.get(f"field_name_{field}")
    )
    await send_card(message, context, changed, note)


async def _change_entry(
    message: Message,
    context: BotContext,
    entry_id: str,
    field: str,
    value: str,
    by: str,
    *,
    confirmed: bool = False,
) -> None:
    """A team entry's title or answer, or phrasings of any entry (the curated ones too)."""
    messages = context.messages
    team = TeamKnowledge(context.db)
    kb = common.current_kb(context)
    own = await team.entry(entry_id)
    if field == "phrasings":
        if entry_id not in kb.by_id:
            await common.reply(message, messages.get("entry_not_live"))
            return
        async with context.db.transaction():
            for line in lines_of(value):
                await team.teach(entry_id, line, phrasing_language(line), by)
        title = kb.by_id[entry_id].title
    else:
        if own is None or own[1] != LIVE:
            await common.reply(message, messages.get("entry_not_live"))
            return
        title = value if field == "title" else own[0].title
        answer = value if field == "answer" else own[0].answer
        changed = dataclasses.replace(own[0], title=title, answer=answer)
        entry, problems = as_entry(changed, ())
        if entry is None:
            listed = "\n".join(f"• {p}" for p in problems)
            await common.reply(message, messages.get("change_problems", problems=listed))
            return
        found = common.personal(context, value)
        if found and not confirmed:  # held back until the team confirms it
            asked = message.reply_to_message
            assert asked is not None, "a reply to the bot's question"
            await TeamPrompts(context.db).hold(message.chat_id, asked.message_id, value)
            anyway = common.button(messages, "button_change_anyway", f"{CONFIRM}{asked.message_id}")
            text = messages.get("change_warning", kinds=common.kinds(messages, found))
            await common.reply(message, text, common.keyboard([[anyway]]))
            return
        await team.change(changed, by)
    await common.put_into_service(context)
    text = messages.get(
        "entry_changed", who=by, title=title, field=messages.get(f"field_name_{field}")
    )
    warning = common.warnings(context, value) if field == "phrasings" else ""
    await common.reply(message, f"{text}\n\n{warning}" if warning else text)


@coordinator_only
async def confirm_pressed(update: Update, context: BotContext) -> None:
    """ "⚠️ Trotzdem übernehmen": the held value goes into service after all."""
    query = query_of(update)
    found = CONFIRM_BUTTON.match(query.data or "") if common.carries(query) else None
    message = pressed_message(query)
    held = await TeamPrompts(context.db).held(message.chat_id, int(found[1])) if found else None
    if held is None or not held[0].startswith("entry:"):
        await query.answer(context.messages.get("stale_button"), show_alert=True)
        return
    await query.answer()
    kind, field, value = held
    await query.edit_message_reply_markup(None)
    entry_id = kind.removeprefix("entry:")
    await _change_entry(
        message, context, entry_id, field, value, common.who(update), confirmed=True
    )
