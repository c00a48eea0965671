"""Who may act as the coordination office: members of the coordinator chat only.

`COORDINATOR_CHAT_ID` names the coordinator's private chat or group; with
`COORDINATOR_USER_IDS` set, only those members count. Everyone else is an ordinary citizen,
whatever they send. Commands for the team are wrapped in `coordinator_only`, which answers
anyone else with a short refusal instead of running the command.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import TypeVar

from telegram import Update
from telegram.ext import filters

from runtime.context import BotContext
from runtime.settings import Settings

R = TypeVar("R")
Handler = Callable[[Update, BotContext], Coroutine[object, object, R]]


def is_coordinator(update: Update, settings: Settings) -> bool:
    """Whether this update comes from the coordinator chat (and an allowed member of it)."""
    chat = update.effective_chat
    if chat is None or chat.id != settings.coordinator_chat_id:
        return False
    if not settings.coordinator_user_ids:
        return True
    user = update.effective_user
    return user is not None and user.id in settings.coordinator_user_ids


def chat_filter(settings: Settings) -> filters.BaseFilter:
    """A message filter for the coordinator chat (and its allowed members)."""
    chat = filters.Chat(chat_id=settings.coordinator_chat_id)
    if settings.coordinator_user_ids:
        return chat & filters.User(user_id=settings.coordinator_user_ids)
    return chat


def coordinator_only(callback: Handler[R]) -> Handler[R | None]:
    """Run a team command only in the coordinator chat; refuse it politely anywhere else."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> R | None:
        if is_coordinator(update, context.settings):
            return await callback(update, context)
        lang = context.language(update)
        text = context.messages.get("coordinator_only", lang)
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(text)
        return None

    return guarded
