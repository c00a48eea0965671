"""What the teaching feature's parts share: who did it, the topics, the checks' wording, the
questions that wait for a typed reply, and putting a change into service."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import (
    CallbackQuery,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)

from handlers import ui
from handlers.buttons import TEACH
from knowledge import Messages
from knowledge.model import CATEGORIES, KnowledgeBase
from knowledge.team import Checked, office_contacts, personal_data
from runtime import teaching
from runtime.context import BotContext
from storage.team_knowledge import TeamPrompts

CANCEL = f"{TEACH}n"  # "Abbrechen" under a preview


def who(update: Update) -> str:
    """The team member who did something, as the chat reads it (their first name)."""
    user = update.effective_user
    return (user.first_name or "Team") if user else "Team"


def topic(messages: Messages, category: str | None) -> str:
    """A category's name for the team ("Ehrenamt")."""
    if not category:
        return messages.get("draft_no_topic")
    return messages.get(f"topic_{category}") if f"topic_{category}" in messages.texts else category


def topics(kb: KnowledgeBase) -> list[str]:
    """The categories that have entries, in the knowledge base's order."""
    present = {entry.category for entry in kb.entries}
    return [category for category in CATEGORIES if category in present]


def carries(query: CallbackQuery, data: str | None = None) -> bool:
    """Whether the pressed message really has a button with the pressed data (or `data`).
    Buttons that change the message they are under are checked so: forged data pressed under
    another message (a ticket's card) must not turn it into something else."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    rows = markup.inline_keyboard if markup else ()
    wanted = query.data if data is None else data
    return any(button.callback_data == wanted for row in rows for button in row)


def kinds(messages: Messages, found: tuple[str, ...]) -> str:
    """'Telefonnummer, E-Mail-Adresse': what a check found, in words."""
    return ", ".join(messages.get(f"kind_{kind}") for kind in found)


def office(context: BotContext) -> tuple[str, ...]:
    """The office's own contacts and names: those the curated answers publish (never what
    the team published itself, which is no proof of being public)."""
    knowledge = context.bot_data.knowledge or context.knowledge
    return office_contacts(knowledge.yaml)


def personal(context: BotContext, *texts: str, names: Iterable[str] = ()) -> tuple[str, ...]:
    """What in texts about to be published looks like a person's data (not the office's);
    `names`: the citizen's whose question the texts come from."""
    known, named = office(context), tuple(names)
    return tuple(dict.fromkeys(k for text in texts for k in personal_data(text, known, named)))


def warnings(context: BotContext, *texts: str, names: Iterable[str] = ()) -> str:
    """The warning line for texts about to be published, or '' when nothing looks personal."""
    found = personal(context, *texts, names=names)
    messages = context.messages
    return messages.get("warn_personal", kinds=kinds(messages, found)) if found else ""


def checked_lines(messages: Messages, checked: Checked) -> list[str]:
    """What the personal-data check of a citizen's question took out and still found."""
    lines = []
    if checked.removed:
        lines.append(messages.get("teach_removed", kinds=kinds(messages, checked.removed)))
    if checked.warnings:
        lines.append(messages.get("warn_personal", kinds=kinds(messages, checked.warnings)))
    return lines


def quote(text: str, limit: int = 200) -> str:
    """A text quoted in a team message: one line, cut visibly."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def button(messages: Messages, key: str, data: str, **values: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(messages.get(key, "de", **values), callback_data=data)


def keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([row for row in rows if row])


async def reply(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A team message in the team chat: escaped, split if long, no link previews (the team's
    texts hold the links of the answers they are about)."""
    await ui.send_text(message, text, markup, previews=False)


async def prompt(message: Message, context: BotContext, text: str, target: str, field: str) -> None:
    """Ask the team for a typed value: the reply to this question changes `field` of
    `target` ('draft:<ticket>' or 'entry:<entry id>'); see handlers/teaching/replies.py."""
    asked = await message.reply_text(text, reply_markup=ForceReply(selective=False))
    await TeamPrompts(context.db).ask(asked.chat_id, asked.message_id, target, field)


async def put_into_service(context: BotContext) -> None:
    """The team changed what the bot knows: the matchers take it now, without a restart."""
    await teaching.refresh(context.bot_data)


def current_kb(context: BotContext) -> KnowledgeBase:
    """The knowledge base in service now (after a change within this update, the new one)."""
    knowledge = context.bot_data.knowledge
    return knowledge.kb if knowledge is not None else context.kb
