"""/faq: what the team taught the bot, newest first, with who did it and when; each entry can
be looked at, changed (the team's own entries), have a phrasing removed, or be withdrawn.

Nothing is deleted: a withdrawn entry and a removed phrasing keep their rows
(storage/team_knowledge.py). Every change is said in the chat, so the others see it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from telegram import InlineKeyboardButton, Update

from handlers import ui
from handlers.buttons import TEACH
from handlers.teaching import common
from knowledge.dates import local_text
from knowledge.model import CATEGORIES, MAX_TITLE
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import message_of, pressed_message, query_of
from storage.team_knowledge import LIVE, WITHDRAWN, TeamKnowledge

LISTED = 20  # entries /faq shows
SHOWN_PHRASINGS = 40  # the newest phrasings one entry's view lists (each with its ✖ button)
SHOW, REMOVE, EDIT, SET_TOPIC = f"{TEACH}e:", f"{TEACH}r:", f"{TEACH}ed:", f"{TEACH}et:"
WITHDRAW, WITHDRAW_YES, RESTORE = f"{TEACH}w:", f"{TEACH}wy:", f"{TEACH}rs:"
_ENTRY = r"([a-z0-9-]{2,40})"
BUTTON = re.compile(
    rf"^{TEACH}(?:(e|w|wy|rs):{_ENTRY}|r:(\d{{1,12}})|ed:{_ENTRY}:(title|answer|phr|topic)"
    rf"|et:{_ENTRY}:([a-z]{{2,20}}))$"
)


@coordinator_only
async def faq_command(update: Update, context: BotContext) -> None:
    """/faq: the entries the team published or taught phrasings, newest first."""
    messages = context.messages
    team = TeamKnowledge(context.db)
    recent = await team.recent(LISTED)
    if not recent:
        await ui.send_text(message_of(update), messages.get("faq_none"))
        return
    kb = common.current_kb(context)
    own = await team.entries()  # read once, with the phrasings in service: no query per line
    counts = Counter(phrasing.entry_id for phrasing in await team.phrasings())
    lines = [messages.get("faq_header")]
    numbers = []
    for n, (entry_id, what, by, at) in enumerate(recent, start=1):
        team_entry = own[entry_id][0] if entry_id in own else None
        key = {"withdrawn": "faq_line_withdrawn", "taught": "faq_line_taught"}.get(what)
        if key is None:  # published: changed since?
            changed = team_entry is not None and team_entry.changed_at is not None
            key = "faq_line_changed" if changed else "faq_line_published"
        curated = kb.by_id.get(entry_id)
        title = curated.title if curated else (team_entry.title if team_entry else entry_id)
        when, count = local_text(at), counts[entry_id]
        lines.append(messages.get(key, n=n, title=title, who=by, when=when, count=count))
        numbers.append(InlineKeyboardButton(str(n), callback_data=f"{SHOW}{entry_id}"))
    rows = [numbers[i : i + 5] for i in range(0, len(numbers), 5)]
    await ui.send_text(message_of(update), "\n".join(lines), common.keyboard(rows))


@coordinator_only
async def faq_pressed(update: Update, context: BotContext) -> None:
    """Every button of /faq."""
    query = query_of(update)
    messages = context.messages
    found = BUTTON.match(query.data or "")
    # /faq's numbers and an entry's buttons live under their messages: checked there too
    if found is None or not common.carries(query):
        await query.answer(messages.get("stale_button"), show_alert=True)
        return
    team = TeamKnowledge(context.db)
    if found.group(3):  # remove a phrasing
        phrasing = await team.phrasing(int(found.group(3)))
        if phrasing is None or not await team.remove_phrasing(phrasing.id, common.who(update)):
            await query.answer(messages.get("stale_button"), show_alert=True)
            return
        await common.put_into_service(context)
        await query.answer()
        title = _title(context, phrasing.entry_id)
        text = messages.get(
            "phrasing_removed", who=common.who(update), title=title, text=phrasing.text
        )
        await common.reply(pressed_message(query), text)
        return
    entry_id = found.group(2) or found.group(4) or found.group(6)
    kind = found.group(1) or ("ed" if found.group(4) else "et")
    kb = common.current_kb(context)
    own = await team.entry(entry_id)
    if entry_id not in kb.by_id and own is None:
        await query.answer(messages.get("teach_entry_gone"), show_alert=True)
        return
    if kind == "e":
        await query.answer()
        await _show(update, context, entry_id)
        return
    if kind == "rs":  # a withdrawn entry back into service (unless the YAML took its id)
        await _restore(update, context, entry_id)
        return
    live = own is not None and own[1] == LIVE
    field = found.group(5)
    if not live and not (kind == "ed" and field == "phr" and entry_id in kb.by_id):
        await query.answer(messages.get("entry_not_live"), show_alert=True)
        return
    await query.answer()
    message = pressed_message(query)
    title = _title(context, entry_id)
    if kind == "w":
        markup = common.keyboard(
            [
                [
                    common.button(messages, "button_withdraw_yes", f"{WITHDRAW_YES}{entry_id}"),
                    common.button(messages, "button_teach_cancel", common.CANCEL),
                ]
            ]
        )
        await common.reply(message, messages.get("withdraw_confirm", title=title), markup)
    elif kind == "wy":
        if await team.set_status(entry_id, WITHDRAWN, common.who(update)):
            await common.put_into_service(context)
            await query.edit_message_text(
                messages.get("withdrawn", who=common.who(update), title=title)
            )
    elif kind == "ed" and field == "topic":
        rows = [
            InlineKeyboardButton(
                common.topic(messages, category), callback_data=f"{SET_TOPIC}{entry_id}:{category}"
            )
            for category in common.topics(kb)
        ]
        await query.edit_message_reply_markup(
            common.keyboard([rows[i : i + 2] for i in range(0, len(rows), 2)])
        )
    elif kind == "ed":
        name = {"title": "title", "answer": "answer", "phr": "phrasings"}[field]
        text = messages.get(f"prompt_{name}", title=title, limit=MAX_TITLE)
        await common.prompt(message, context, text, f"entry:{entry_id}", name)
    else:  # et: a topic was chosen
        category = found.group(7)
        assert own is not None, "live: checked above"
        changed = dataclasses.replace(own[0], category=category)
        if category in CATEGORIES and await team.change(changed, common.who(update)):
            await common.put_into_service(context)
            field_name = messages.get("field_name_category")
            text = messages.get(
                "entry_changed", who=common.who(update), title=title, field=field_name
            )
            await query.edit_message_text(text)


def _title(context: BotContext, entry_id: str) -> str:
    entry = common.current_kb(context).by_id.get(entry_id)
    return entry.title if entry else entry_id


async def _show(update: Update, context: BotContext, entry_id: str) -> None:
    """One entry: its phrasings from the team (each removable) and, for the team's own
    entries, the answer and the buttons to change or withdraw it."""
    messages = context.messages
    team = TeamKnowledge(context.db)
    kb = common.current_kb(context)
    phrasings = (await team.phrasings(entry_id))[-SHOWN_PHRASINGS:]
    own = await team.entry(entry_id)
    entry = kb.by_id.get(entry_id)
    if own is not None:
        team_entry, status = own
        title, category = team_entry.title, team_entry.category
        origin = messages.get("faq_origin_team", who=team_entry.by, when=local_text(team_entry.at))
        if status == WITHDRAWN and team_entry.changed_at is not None:
            when = local_text(team_entry.changed_at)
            origin += "\n" + messages.get("faq_withdrawn", who=team_entry.changed_by, when=when)
        answer = messages.get("faq_entry_answer", answer=team_entry.answer)
    else:
        assert entry is not None
        title, category, status = entry.title, entry.category, LIVE
        origin = messages.get("faq_origin_curated", source=entry.source)
        answer = ""
    listed = "\n".join(
        f"{n}. {common.quote(p.text, 120)} ({p.by}, {local_text(p.at)})"
        for n, p in enumerate(phrasings, 1)
    )
    text = messages.get(
        "faq_entry",
        title=title,
        id=entry_id,
        topic=common.topic(messages, category),
        origin=origin,
        phrasings=listed or messages.get("faq_no_phrasings"),
    )
    if answer:
        text = f"{text}\n\n{answer}"
    removes = [
        common.button(messages, "button_remove_phrasing", f"{REMOVE}{p.id}", n=n)
        for n, p in enumerate(phrasings, 1)
    ]
    rows = [removes[i : i + 5] for i in range(0, len(removes), 5)]

    def edit(key: str, field: str) -> InlineKeyboardButton:
        return common.button(messages, key, f"{EDIT}{entry_id}:{field}")

    if own is not None and status == LIVE:
        rows.append([edit("button_draft_title", "title"), edit("button_draft_answer", "answer")])
        rows.append([edit("button_draft_phrasings", "phr"), edit("button_draft_topic", "topic")])
        rows.append([common.button(messages, "button_withdraw", f"{WITHDRAW}{entry_id}")])
    elif own is None:
        rows.append([edit("button_draft_phrasings", "phr")])
    elif status == WITHDRAWN:
        rows.append([common.button(messages, "button_restore", f"{RESTORE}{entry_id}")])
    await ui.send_text(pressed_message(query_of(update)), text, common.keyboard(rows))


async def _restore(update: Update, context: BotContext, entry_id: str) -> None:
    """ "↩️ Wieder in Betrieb": a withdrawn team entry is answered again, its phrasings too."""
    query = query_of(update)
    messages = context.messages
    team = TeamKnowledge(context.db)
    if entry_id in context.knowledge.yaml.by_id or not await team.restore(
        entry_id, common.who(update)
    ):
        await query.answer(messages.get("stale_button"), show_alert=True)
        return
    await query.answer()
    await common.put_into_service(context)
    title = _title(context, entry_id)
    await query.edit_message_text(messages.get("restored", who=common.who(update), title=title))
