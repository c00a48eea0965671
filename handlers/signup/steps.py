"""Sending the sign-up's steps: each question with its buttons, and reading which button of
this run of the flow was pressed."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from html import escape
from typing import TypeVar

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from handlers import ui
from handlers.buttons import SIGNUP_STEP
from handlers.signup.draft import (
    BUTTON,
    CHECK,
    CODES,
    DRAFT,
    EDITABLE,
    STEP_OF_CODE,
    STEPS,
    TYPED,
    Draft,
    Step,
    fill,
    labels,
)
from handlers.signup.validators import MAX_NOTE
from knowledge import Messages
from knowledge.model import SignupConfig
from runtime.context import BotContext
from runtime.updates import chat_of, message_of, pressed_message, query_of

logger = logging.getLogger(__name__)


def config_of(context: BotContext) -> SignupConfig:
    assert context.kb.signup is not None, "the flow starts only with a signup.yaml"
    return context.kb.signup


def draft_of(context: BotContext) -> Draft | None:
    """The unfinished sign-up of the person this update is from, if any."""
    return Draft.of(context.user_data.get(DRAFT) if context.user_data is not None else None)


def keep(context: BotContext, draft: Draft) -> None:
    """Store the draft's changes in user_data (persisted after the update)."""
    context.person[DRAFT] = draft.as_json()


def _data(draft: Draft, step: str, action: str) -> str:
    return f"{SIGNUP_STEP}{draft.flow}:{CODES[step]}:{action}"


def _button(draft: Draft, text: str, step: str, action: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=_data(draft, step, action))


def _cancel_row(messages: Messages, draft: Draft) -> list[InlineKeyboardButton]:
    text = messages.get("button_cancel", draft.lang)
    return [InlineKeyboardButton(text, callback_data=f"{SIGNUP_STEP}{draft.flow}:x")]


def choices_keyboard(
    messages: Messages, draft: Draft, step: str, config: SignupConfig
) -> InlineKeyboardMarkup:
    """A multi-select keyboard: one option per row (✓ once chosen), "Weiter", "Abbrechen"."""
    options = config.interests if step == Step.INTERESTS else config.availability
    chosen = draft.answer(step)
    lang = draft.lang
    rows = [
        [
            _button(draft, CHECK + option.label_in(lang), step, "-" + option.id)
            if option.id in chosen
            else _button(draft, option.label_in(lang), step, "+" + option.id)
        ]
        for option in options
    ]
    rows.append([_button(draft, messages.get("button_next", lang), step, "ok")])
    rows.append(_cancel_row(messages, draft))
    return InlineKeyboardMarkup(rows)


def summary_keyboard(messages: Messages, draft: Draft) -> InlineKeyboardMarkup:
    lang = draft.lang
    return InlineKeyboardMarkup(
        [
            [_button(draft, messages.get("button_submit", lang), Step.SUMMARY, "send")],
            [_button(draft, messages.get("button_edit", lang), Step.SUMMARY, "edit")],
            _cancel_row(messages, draft),
        ]
    )


def edit_keyboard(messages: Messages, draft: Draft) -> InlineKeyboardMarkup:
    """Which step to go back to, and "Zurück" to the summary."""
    lang = draft.lang
    rows = [
        [_button(draft, messages.get(f"data_field_{step}", lang), Step.SUMMARY, "go" + CODES[step])]
        for step in EDITABLE
    ]
    rows.append([_button(draft, messages.get("button_back", lang), Step.SUMMARY, "back")])
    return InlineKeyboardMarkup(rows)


# The typed steps: the question and the button that answers without typing ("Telegram
# genügt", "Überspringen"), as (message key, button key, action).
_TYPED_PROMPTS: dict[str, tuple[str, str | None, str]] = {
    Step.NAME: ("signup_ask_name", None, ""),
    Step.CONTACT: ("signup_ask_contact", "button_telegram_only", "tg"),
    Step.NOTE: ("signup_ask_note", "button_skip", "skip"),
}


def prompt(context: BotContext, draft: Draft, step: str) -> tuple[str, InlineKeyboardMarkup]:
    """The question of one step as HTML ("Schritt N von 7" in bold) and its buttons."""
    messages, config, lang = context.messages, config_of(context), draft.lang
    header = messages.get("signup_step", lang, step=STEPS.index(step) + 1, total=len(STEPS))
    if step in TYPED:
        question, button, action = _TYPED_PROMPTS[step]
        text = fill(messages.get(question, lang), max=MAX_NOTE)
        rows = [[_button(draft, messages.get(button, lang), step, action)]] if button else []
        if draft.editing:  # changing one answer from the summary: show it, offer to keep it
            current = fill(
                messages.get("signup_current", lang), value=_shown(messages, draft, step)
            )
            text = f"{current}\n\n{text}"
            rows.append([_button(draft, messages.get("button_unchanged", lang), step, "keep")])
        markup = InlineKeyboardMarkup([*rows, _cancel_row(messages, draft)])
    elif step in (Step.INTERESTS, Step.AVAILABILITY):
        text = fill(messages.get(f"signup_ask_{step}", lang))
        markup = choices_keyboard(messages, draft, step, config)
    elif step == Step.CONSENT:
        months = round(context.settings.signup_retention.days * 12 / 365.25)
        text = fill(
            messages.get("signup_privacy", lang), months=months, version=config.privacy_version
        )
        markup = InlineKeyboardMarkup(
            [
                [_button(draft, messages.get("button_agree", lang), Step.CONSENT, "yes")],
                [_button(draft, messages.get("button_decline", lang), Step.CONSENT, "no")],
            ]
        )
    else:
        text = _summary_text(context, draft)
        markup = summary_keyboard(messages, draft)
    return f"<b>{escape(header)}</b>\n\n{text}", markup


def _shown(messages: Messages, draft: Draft, step: str) -> str:
    """A typed answer as the person reads it back ("nur über Telegram" for no contact)."""
    if step == Step.CONTACT:
        return draft.contact or messages.get("signup_telegram_only", draft.lang)
    if step == Step.NOTE:
        return draft.note or messages.get("signup_no_note", draft.lang)
    return draft.answer(step) or ""


def _summary_text(context: BotContext, draft: Draft) -> str:
    messages, config, lang = context.messages, config_of(context), draft.lang
    return fill(
        messages.get("signup_summary", lang),
        name=_shown(messages, draft, Step.NAME),
        interests=", ".join(labels(draft.interests, config.interests, lang)),
        availability=", ".join(labels(draft.availability, config.availability, lang)),
        contact=_shown(messages, draft, Step.CONTACT),
        note=_shown(messages, draft, Step.NOTE),
    )


async def ask(
    update: Update, context: BotContext, draft: Draft, step: str, *, hint: str = ""
) -> str:
    """Send the question of `step` (after a hint, if any) and make it the current step."""
    text, markup = prompt(context, draft, step)
    if hint:
        text = f"<i>{escape(hint)}</i>\n\n{text}"
    draft.step = step
    keep(context, draft)
    await chat_of(update).send_message(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    return step


async def next_step(update: Update, context: BotContext, draft: Draft, done: str) -> str:
    """After a step: the next one, or back to the summary when the person was changing it."""
    if draft.editing:
        draft.editing = False
        return await ask(update, context, draft, Step.SUMMARY)
    return await ask(update, context, draft, STEPS[STEPS.index(done) + 1])


async def drop_keyboard(query: CallbackQuery) -> None:
    """Remove the buttons of a step that is done (cosmetic: a failure changes nothing)."""
    if query.message is None or not getattr(pressed_message(query), "reply_markup", None):
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as error:  # the message was deleted or is too old to edit
        logger.debug("signup: keyboard not removed: %s", error.message)


@dataclass(frozen=True, slots=True)
class Press:
    """A button of the current flow: its step code and action."""

    draft: Draft
    step: str
    action: str

    def step_to_change(self) -> str | None:
        """The step chosen under "Ändern" (action "go" and its code), if it can be changed."""
        step = STEP_OF_CODE.get(self.action.removeprefix("go"))
        return step if self.action.startswith("go") and step in EDITABLE else None


async def pressed(update: Update, context: BotContext) -> Press | None:
    """The pressed button if it belongs to the current flow; else answer it as stale."""
    query = query_of(update)
    draft = draft_of(context)
    match = BUTTON.match(query.data or "")
    if draft is None or match is None or match.group(1) != draft.flow:
        lang = draft.lang if draft else context.language(update)
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return None
    code, _, action = match.group(2).partition(":")
    return Press(draft, STEP_OF_CODE.get(code, ""), action)


def after_stale(context: BotContext) -> int | None:
    """A stale button changes nothing; without a draft the conversation itself is over."""
    return None if draft_of(context) else ConversationHandler.END


R = TypeVar("R")


def flow_button(
    handler: Callable[[Update, BotContext, Press], Awaitable[R]],
) -> Callable[[Update, BotContext], Coroutine[object, object, R | int | None]]:
    """A callback for the buttons of the current flow, given the press; stale buttons are
    answered (and end the conversation when no draft is left) before it is called."""

    @functools.wraps(handler)
    async def callback(update: Update, context: BotContext) -> R | int | None:
        press = await pressed(update, context)
        if press is None:
            return after_stale(context)
        return await handler(update, context, press)

    return callback


async def expired(update: Update, context: BotContext) -> int:
    """The draft is gone (discarded after DRAFT_MAX_AGE): say so and end the conversation."""
    await ui.send_text(
        message_of(update),
        context.messages.get("signup_expired", context.language(update)),
    )
    return ConversationHandler.END
