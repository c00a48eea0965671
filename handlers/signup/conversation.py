"""The sign-up conversation: from "Wie kann ich mitmachen?" to a record the coordination office
can act on.

Entry: /mitmachen, the deep link t.me/<bot>?start=mitmachen (`/start mitmachen`), the main-menu
button and "Jetzt anmelden" under answers about volunteering (both carry `ui.SIGNUP`).
Steps, each message saying "Schritt N von 7": name → fields of interest (multi-select) → times
(multi-select) → contact beyond Telegram (optional) → a note (optional) → the privacy notice
and consent → a summary with "Absenden", "Ändern" and "Abbrechen". Nothing is stored before
"Absenden"; then the sign-up and the card for the team (an outbox row, purpose "signup") are
written in one transaction. /abbrechen ends the flow at any step.

State that survives a restart: the ConversationHandler is persistent (its state in SQLite) and
the answers so far are `user_data["signup"]`, JSON only. Unfinished drafts older than
DRAFT_MAX_AGE are discarded by the daily job, which also deletes sign-ups past retention.

Buttons carry `su:<flow>:<step>:<action>`: <flow> is a random id of this run of the flow, so a
button from an earlier run gets the gentle stale-button answer and changes nothing; a button of
this run from another step (a double tap after moving on) is answered silently. Choice buttons
say what they do ("+id" choose, "-id" unchoose), so a double tap does not toggle twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from html import escape

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from handlers import ui
from handlers.signup.draft import (
    DEEP_LINK,
    DRAFT,
    STEPS,
    TYPED,
    Draft,
    Step,
    labels,
    new_draft,
    toggle,
)
from handlers.signup.steps import (
    Press,
    after_stale,
    ask,
    choices_keyboard,
    config_of,
    draft_of,
    drop_keyboard,
    edit_keyboard,
    expired,
    flow_button,
    keep,
    next_step,
    pressed,
    prompt,
    summary_keyboard,
)
from handlers.signup.team import card
from handlers.signup.validators import MAX_NAME, MAX_NOTE, clean_name, clean_note, parse_contact
from runtime.context import BotContext
from runtime.updates import chat_of, message_of, pressed_message, query_of, user_of
from storage.db import now_utc
from storage.outbox import Outbox
from storage.signups import (
    CARD_PURPOSE,
    Signup,
    Signups,
)

logger = logging.getLogger(__name__)


async def begin(update: Update, context: BotContext) -> str | int:
    """Start the sign-up (/mitmachen, the deep link or a button): step 1, the name."""
    lang = context.language(update)
    if query := update.callback_query:
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE:  # forged: the button is private only
            await query.answer(context.messages.get("stale_button", lang), show_alert=True)
            return ConversationHandler.END
        await query.answer()
    if context.kb.signup is None:
        text = context.messages.get("signup_unavailable", lang)
        await ui.send_text(message_of(update), text)
        return ConversationHandler.END
    returning = await Signups(context.db).get(user_of(update).id) is not None
    draft = new_draft(lang, now_utc(), returning=returning)
    keep(context, draft)
    text, markup = prompt(context, draft, Step.NAME)
    intro = context.messages.get("signup_intro", lang)
    if returning:
        intro += "\n\n" + context.messages.get("signup_already", lang)
    await chat_of(update).send_message(
        f"{escape(intro)}\n\n{text}", parse_mode=ParseMode.HTML, reply_markup=markup
    )
    return Step.NAME


async def _typed(
    update: Update,
    context: BotContext,
    step: str,
    clean: Callable[[str], str | None],
    hint: Callable[[str, str], str],
) -> str | int:
    """A typed answer to `step`: cleaned and kept, or asked again with `hint(text, lang)`."""
    draft = draft_of(context)
    if draft is None:
        return await expired(update, context)
    text = message_of(update).text or ""
    value = clean(text)
    if value is None:
        return await ask(update, context, draft, step, hint=hint(text, draft.lang))
    draft.set_answer(step, value)
    return await next_step(update, context, draft, step)


async def got_name(update: Update, context: BotContext) -> str | int:
    """Step 1: the name, 1-100 characters."""

    def hint(text: str, lang: str) -> str:
        return context.messages.get("signup_name_invalid", lang, max=MAX_NAME)

    return await _typed(update, context, Step.NAME, clean_name, hint)


@flow_button
async def choice_button(update: Update, context: BotContext, press: Press) -> str | int | None:
    """Steps 2 and 3: choose or unchoose an option, or go on with "Weiter" (at least one)."""
    query, draft, step = query_of(update), press.draft, press.step
    config = config_of(context)
    options = config.interests if step == Step.INTERESTS else config.availability
    if press.action == "ok":
        if not draft.answer(step):
            text = context.messages.get("signup_choose_one", draft.lang)
            await query.answer(text, show_alert=True)
            return None
        await query.answer()
        await drop_keyboard(query)
        return await next_step(update, context, draft, step)
    sign, option_id = press.action[:1], press.action[1:]
    if sign not in ("+", "-") or option_id not in {option.id for option in options}:
        await query.answer(context.messages.get("stale_button", draft.lang), show_alert=True)
        return None
    chosen = toggle(draft.answer(step), option_id, sign == "+", options)
    await query.answer()
    if chosen != draft.answer(step):  # a double tap repeats the same wish: nothing to change
        draft.set_answer(step, chosen)
        keep(context, draft)
        try:
            await query.edit_message_reply_markup(
                choices_keyboard(context.messages, draft, step, config)
            )
        except BadRequest as error:  # an older copy of this step's keyboard was pressed
            logger.debug("signup: choices not redrawn: %s", error.message)
    return None


async def got_contact(update: Update, context: BotContext) -> str | int:
    """Step 4: an e-mail address or a German phone number."""

    def clean(text: str) -> str | None:
        contact = parse_contact(text)
        return contact.value if contact else None

    def hint(text: str, lang: str) -> str:
        key = "signup_email_invalid" if "@" in text else "signup_phone_invalid"
        return context.messages.get(key, lang)

    return await _typed(update, context, Step.CONTACT, clean, hint)


async def got_note(update: Update, context: BotContext) -> str | int:
    """Step 5: a note of at most 500 characters."""

    def hint(text: str, lang: str) -> str:
        length = len(text.strip())
        return context.messages.get("signup_note_invalid", lang, length=length, max=MAX_NOTE)

    return await _typed(update, context, Step.NOTE, clean_note, hint)


@flow_button
async def skip_button(update: Update, context: BotContext, press: Press) -> str | int | None:
    """Steps 1, 4 and 5 without typing: "Telegram genügt", "Überspringen", and, when changing
    an answer from the summary, "Unverändert lassen"."""
    query, draft = query_of(update), press.draft
    await query.answer()
    if press.action == "keep" and not draft.editing:  # only offered while changing
        return None
    await drop_keyboard(query)
    if press.action != "keep":
        draft.set_answer(press.step, None)
    return await next_step(update, context, draft, press.step)


@flow_button
async def consent_button(update: Update, context: BotContext, press: Press) -> str | int | None:
    """Step 6: "Ich stimme zu" leads to the summary; without consent nothing is kept."""
    query, draft = query_of(update), press.draft
    await query.answer()
    await drop_keyboard(query)
    if press.action != "yes":
        context.person.pop(DRAFT, None)
        key = "signup_declined_kept" if draft.returning else "signup_declined"
        await ui.send_text(pressed_message(query), context.messages.get(key, draft.lang))
        return ConversationHandler.END
    draft.consent_version = config_of(context).privacy_version
    draft.consent_at = now_utc().isoformat(timespec="seconds")
    return await ask(update, context, draft, Step.SUMMARY)


@flow_button
async def summary_button(update: Update, context: BotContext, press: Press) -> str | int | None:
    """Step 7: "Absenden", "Ändern" (choose a step, or "Zurück") and a chosen step."""
    query, draft = query_of(update), press.draft
    if press.action == "send":
        return await _submit(update, context, draft)
    edit = press.action == "edit"  # a short note at the top of the screen says what to do
    await query.answer(context.messages.get("signup_edit_which", draft.lang) if edit else None)
    if press.action in ("edit", "back"):
        markup = edit_keyboard if edit else summary_keyboard
        try:
            await query.edit_message_reply_markup(markup(context.messages, draft))
        except BadRequest as error:  # pressed twice: the keyboard shows this already
            logger.debug("signup: summary keyboard unchanged: %s", error.message)
        return None
    step = press.step_to_change()
    if step is None:
        return None
    await drop_keyboard(query)
    draft.editing = True
    return await ask(update, context, draft, step)


async def _submit(update: Update, context: BotContext, draft: Draft) -> int:
    """Store the sign-up and queue the team's card in one transaction; thank the person."""
    query, user = query_of(update), user_of(update)
    config, messages, lang = config_of(context), context.messages, draft.lang
    if not (draft.name and draft.consent_at and draft.consent_version):  # not through the steps
        await query.answer(messages.get("stale_button", lang), show_alert=True)
        return ConversationHandler.END
    signup = Signup(
        user_id=user.id,
        name=draft.name,
        interests=tuple(labels(draft.interests, config.interests, "de")),
        availability=tuple(labels(draft.availability, config.availability, "de")),
        contact=draft.contact,
        note=draft.note,
        language=lang,
        consent_version=draft.consent_version,
        consent_at=datetime.fromisoformat(draft.consent_at),
    )
    db = context.db
    async with db.transaction():
        updated = await Signups(db).save(signup)
        payload = {"text": card(messages, signup, user, updated=updated), "parse_mode": "HTML"}
        await Outbox(db).add(
            context.settings.coordinator_chat_id,
            payload,
            purpose=CARD_PURPOSE,
            ref_id=user.id,
            # One card per run of the flow: "Absenden" pressed again after a crash that lost
            # the end of the conversation (persisted after the handler) sends no second card.
            dedupe_key=f"signup:{draft.flow}",
        )
    context.wake_outbox()
    logger.info("signup: a sign-up was %s", "updated" if updated else "stored")
    context.person.pop(DRAFT, None)
    await query.answer()
    await drop_keyboard(query)
    await ui.send_text(pressed_message(query), messages.get("signup_done", lang, name=signup.name))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int | None:
    """/abbrechen or the "Abbrechen" button: discard the answers, store nothing."""
    query = update.callback_query
    if query:
        if await pressed(update, context) is None:
            return after_stale(context)
        await query.answer()
        await drop_keyboard(query)
    draft = Draft.of(context.person.pop(DRAFT, None))
    lang = draft.lang if draft else context.language(update)
    key = "signup_cancelled_kept" if draft and draft.returning else "signup_cancelled"
    await ui.send_text(message_of(update), context.messages.get(key, lang))
    return ConversationHandler.END


async def reask(update: Update, context: BotContext) -> str | int | None:
    """Anything the current step does not take: say what it needs and ask again."""
    draft = draft_of(context)
    if draft is None:
        if _is_entry(update):  # a restart the conversation was waiting for
            return await begin(update, context)
        return await expired(update, context)
    query = update.callback_query
    step = draft.step if draft.step in STEPS else Step.NAME
    if query:  # the sign-up button again: the sign-up is running already
        await query.answer()
        key = "signup_in_progress"
    elif (text := message_of(update).text) and text.startswith("/"):
        key = "signup_in_progress"
    elif text or step not in TYPED:
        key = "signup_use_buttons"
    else:  # a photo, sticker, voice message … where a typed answer is wanted
        key = "signup_text_please"
    return await ask(update, context, draft, step, hint=context.messages.get(key, draft.lang))


@flow_button
async def other_button(update: Update, context: BotContext, press: Press) -> None:
    """A button of this flow from another step (pressed twice, or after moving on): no effect."""
    await query_of(update).answer()


def _is_entry(update: Update) -> bool:
    if update.callback_query:
        return query_of(update).data == ui.SIGNUP
    text = (update.effective_message.text or "") if update.effective_message else ""
    return text.split()[:1] == ["/mitmachen"] or text.split() == ["/start", DEEP_LINK]


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/abbrechen outside the sign-up."""
    lang = context.language(update)
    await ui.send_text(message_of(update), context.messages.get("nothing_to_cancel", lang))
