"""The volunteer sign-up: from "Wie kann ich mitmachen?" to a record the coordination office
can act on, and the team's /anmeldungen and /export.

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
import re
import secrets
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
    User,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers import ui
from handlers.signup.validators import MAX_NAME, MAX_NOTE, clean_name, clean_note, parse_contact
from knowledge import Messages
from knowledge.dates import BERLIN
from knowledge.model import Option, SignupConfig
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import chat_of, message_of, pressed_message, query_of, user_of
from storage.db import now_utc
from storage.outbox import Outbox
from storage.signups import (
    CARD_PURPOSE,
    GERMAN_DATE,
    Signup,
    Signups,
    local_time,
    to_csv,
)

logger = logging.getLogger(__name__)

# Conversation states, in order; the values are stored by the persistence.
NAME, INTERESTS, AVAILABILITY, CONTACT, NOTE, CONSENT, SUMMARY = (
    "name", "interests", "availability", "contact", "note", "consent", "summary",
)  # fmt: skip
STEPS = (NAME, INTERESTS, AVAILABILITY, CONTACT, NOTE, CONSENT, SUMMARY)
EDITABLE = (NAME, INTERESTS, AVAILABILITY, CONTACT, NOTE)  # "Ändern" offers these
TYPED = (NAME, CONTACT, NOTE)  # steps answered by typing (the others by buttons)
CODES = {NAME: "n", INTERESTS: "i", AVAILABILITY: "a", CONTACT: "c", NOTE: "t", CONSENT: "p",
         SUMMARY: "s"}  # fmt: skip
STEP_OF_CODE = {code: step for step, code in CODES.items()}

DRAFT = "signup"  # user_data key of the unfinished sign-up
DEEP_LINK = "mitmachen"  # t.me/<bot>?start=mitmachen
DRAFT_MAX_AGE = timedelta(days=7)  # unfinished sign-ups hold personal data without consent
JOB_INTERVAL = timedelta(days=1)
LATEST = 10  # sign-ups listed by /anmeldungen
CHECK = "✓ "
_BUTTON = re.compile(r"^su:([0-9a-f]{6}):(.+)$")


# ---- pure helpers ---------------------------------------------------------------------------


def new_draft(lang: str, now: datetime, *, returning: bool = False) -> dict[str, Any]:
    """A fresh, empty sign-up (JSON values only: it lives in the persisted user_data);
    `returning`: the person has signed up before, and that sign-up stays if this one ends."""
    return {
        "flow": secrets.token_hex(3), "started": now.isoformat(timespec="seconds"),
        "lang": lang, "returning": returning, "step": NAME, "editing": False, "name": None,
        "interests": [], "availability": [], "contact": None, "note": None,
        "consent_version": None, "consent_at": None,
    }  # fmt: skip


def stale_drafts(
    user_data: Mapping[int, Mapping[str, Any]], now: datetime, max_age: timedelta
) -> list[int]:
    """Users whose unfinished sign-up was started more than `max_age` ago."""
    stale = []
    for user_id, data in user_data.items():
        draft = data.get(DRAFT)
        if not isinstance(draft, dict):
            continue
        try:
            started = datetime.fromisoformat(str(draft.get("started")))
        except ValueError:
            started = None
        if started is None or now - started > max_age:
            stale.append(user_id)
    return stale


def toggle(chosen: list[str], option_id: str, on: bool, options: tuple[Option, ...]) -> list[str]:
    """The chosen ids after choosing (`on`) or unchoosing one, in the configured order."""
    wanted = (set(chosen) | {option_id}) if on else (set(chosen) - {option_id})
    return [option.id for option in options if option.id in wanted]


def labels(ids: list[str], options: tuple[Option, ...], lang: str) -> list[str]:
    """The labels of chosen ids (ids no longer configured are left out)."""
    by_id = {option.id: option for option in options}
    return [by_id[i].label_in(lang) for i in ids if i in by_id]


def choice_in(context: BotContext, label: str, lang: str) -> str:
    """A stored choice (its German label) in `lang`, if it is still offered; else as stored."""
    config = context.kb.signup
    options = (*config.interests, *config.availability) if config else ()
    return next((o.label_in(lang) for o in options if o.label == label), label)


def fill(template: str, raw: Mapping[str, str] | None = None, **values: object) -> str:
    """A plain-text template as Telegram HTML: the template and `values` escaped, `raw`
    (already HTML) inserted as is."""
    escaped = {key: escape(str(value)) for key, value in values.items()}
    return escape(template).format(**escaped, **(raw or {}))


# ---- sending the steps ------------------------------------------------------------------------


def _config(context: BotContext) -> SignupConfig:
    assert context.kb.signup is not None, "the flow starts only with a signup.yaml"
    return context.kb.signup


def _draft(context: BotContext) -> dict[str, Any] | None:
    draft = context.user_data.get(DRAFT) if context.user_data is not None else None
    return draft if isinstance(draft, dict) else None


def _data(draft: Mapping[str, Any], step: str, action: str) -> str:
    return f"su:{draft['flow']}:{CODES[step]}:{action}"


def _button(draft: Mapping[str, Any], text: str, step: str, action: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=_data(draft, step, action))


def _cancel_row(messages: Messages, draft: Mapping[str, Any]) -> list[InlineKeyboardButton]:
    text = messages.get("button_cancel", draft["lang"])
    return [InlineKeyboardButton(text, callback_data=f"su:{draft['flow']}:x")]


def _choices(
    messages: Messages, draft: Mapping[str, Any], step: str, config: SignupConfig
) -> InlineKeyboardMarkup:
    """A multi-select keyboard: one option per row (✓ once chosen), "Weiter", "Abbrechen"."""
    options = config.interests if step == INTERESTS else config.availability
    chosen = draft[step]
    lang = draft["lang"]
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


def _summary_keyboard(messages: Messages, draft: Mapping[str, Any]) -> InlineKeyboardMarkup:
    lang = draft["lang"]
    return InlineKeyboardMarkup(
        [
            [_button(draft, messages.get("button_submit", lang), SUMMARY, "send")],
            [_button(draft, messages.get("button_edit", lang), SUMMARY, "edit")],
            _cancel_row(messages, draft),
        ]
    )


def _edit_keyboard(messages: Messages, draft: Mapping[str, Any]) -> InlineKeyboardMarkup:
    """Which step to go back to, and "Zurück" to the summary."""
    lang = draft["lang"]
    rows = [
        [_button(draft, messages.get(f"data_field_{step}", lang), SUMMARY, "go" + CODES[step])]
        for step in EDITABLE
    ]
    rows.append([_button(draft, messages.get("button_back", lang), SUMMARY, "back")])
    return InlineKeyboardMarkup(rows)


# The typed steps: the question and the button that answers without typing ("Telegram
# genügt", "Überspringen"), as (message key, button key, action).
_TYPED_PROMPTS = {
    NAME: ("signup_ask_name", None, ""),
    CONTACT: ("signup_ask_contact", "button_telegram_only", "tg"),
    NOTE: ("signup_ask_note", "button_skip", "skip"),
}


def _prompt(
    context: BotContext, draft: dict[str, Any], step: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The question of one step as HTML ("Schritt N von 7" in bold) and its buttons."""
    messages, config, lang = context.messages, _config(context), draft["lang"]
    header = messages.get("signup_step", lang, step=STEPS.index(step) + 1, total=len(STEPS))
    if step in TYPED:
        question, button, action = _TYPED_PROMPTS[step]
        text = fill(messages.get(question, lang), max=MAX_NOTE)
        rows = [[_button(draft, messages.get(button, lang), step, action)]] if button else []
        if draft.get("editing"):  # changing one answer from the summary: show it, offer to keep it
            current = fill(
                messages.get("signup_current", lang), value=_shown(messages, draft, step)
            )
            text = f"{current}\n\n{text}"
            rows.append([_button(draft, messages.get("button_unchanged", lang), step, "keep")])
        markup = InlineKeyboardMarkup([*rows, _cancel_row(messages, draft)])
    elif step in (INTERESTS, AVAILABILITY):
        text = fill(messages.get(f"signup_ask_{step}", lang))
        markup = _choices(messages, draft, step, config)
    elif step == CONSENT:
        months = round(context.settings.signup_retention.days * 12 / 365.25)
        text = fill(
            messages.get("signup_privacy", lang), months=months, version=config.privacy_version
        )
        markup = InlineKeyboardMarkup(
            [
                [_button(draft, messages.get("button_agree", lang), CONSENT, "yes")],
                [_button(draft, messages.get("button_decline", lang), CONSENT, "no")],
            ]
        )
    else:
        text = _summary_text(context, draft)
        markup = _summary_keyboard(messages, draft)
    return f"<b>{escape(header)}</b>\n\n{text}", markup


def _shown(messages: Messages, draft: Mapping[str, Any], step: str) -> str:
    """A typed answer as the person reads it back ("nur über Telegram" for no contact)."""
    if step == CONTACT:
        return draft[CONTACT] or messages.get("signup_telegram_only", draft["lang"])
    if step == NOTE:
        return draft[NOTE] or messages.get("signup_no_note", draft["lang"])
    return draft[step] or ""


def _summary_text(context: BotContext, draft: Mapping[str, Any]) -> str:
    messages, config, lang = context.messages, _config(context), draft["lang"]
    return fill(
        messages.get("signup_summary", lang),
        name=_shown(messages, draft, NAME),
        interests=", ".join(labels(draft[INTERESTS], config.interests, lang)),
        availability=", ".join(labels(draft[AVAILABILITY], config.availability, lang)),
        contact=_shown(messages, draft, CONTACT),
        note=_shown(messages, draft, NOTE),
    )


async def _ask(
    update: Update, context: BotContext, draft: dict[str, Any], step: str, *, hint: str = ""
) -> str:
    """Send the question of `step` (after a hint, if any) and make it the current step."""
    text, markup = _prompt(context, draft, step)
    if hint:
        text = f"<i>{escape(hint)}</i>\n\n{text}"
    draft["step"] = step
    await chat_of(update).send_message(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    return step


async def _next(update: Update, context: BotContext, draft: dict[str, Any], done: str) -> str:
    """After a step: the next one, or back to the summary when the person was changing it."""
    if draft.get("editing"):
        draft["editing"] = False
        return await _ask(update, context, draft, SUMMARY)
    return await _ask(update, context, draft, STEPS[STEPS.index(done) + 1])


async def _drop_keyboard(query: CallbackQuery) -> None:
    """Remove the buttons of a step that is done (cosmetic: a failure changes nothing)."""
    if query.message is None or not getattr(pressed_message(query), "reply_markup", None):
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as error:  # the message was deleted or is too old to edit
        logger.debug("signup: keyboard not removed: %s", error.message)


@dataclass(frozen=True, slots=True)
class _Press:
    """A button of the current flow: its step code and action."""

    draft: dict[str, Any]
    step: str
    action: str


async def _press(update: Update, context: BotContext) -> _Press | None:
    """The pressed button if it belongs to the current flow; else answer it as stale."""
    query = query_of(update)
    draft = _draft(context)
    match = _BUTTON.match(query.data or "")
    if draft is None or match is None or match.group(1) != draft.get("flow"):
        lang = draft["lang"] if draft else context.language(update)
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return None
    code, _, action = match.group(2).partition(":")
    return _Press(draft, STEP_OF_CODE.get(code, ""), action)


def _after_stale(context: BotContext) -> int | None:
    """A stale button changes nothing; without a draft the conversation itself is over."""
    return None if _draft(context) else ConversationHandler.END


async def _expired(update: Update, context: BotContext) -> int:
    """The draft is gone (discarded after DRAFT_MAX_AGE): say so and end the conversation."""
    await ui.send_text(
        message_of(update),
        context.messages.get("signup_expired", context.language(update)),
    )
    return ConversationHandler.END


# ---- the conversation -------------------------------------------------------------------------


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
    context.person[DRAFT] = draft
    text, markup = _prompt(context, draft, NAME)
    intro = context.messages.get("signup_intro", lang)
    if returning:
        intro += "\n\n" + context.messages.get("signup_already", lang)
    await chat_of(update).send_message(
        f"{escape(intro)}\n\n{text}", parse_mode=ParseMode.HTML, reply_markup=markup
    )
    return NAME


async def _typed(
    update: Update,
    context: BotContext,
    step: str,
    clean: Callable[[str], str | None],
    hint: Callable[[str, str], str],
) -> str | int:
    """A typed answer to `step`: cleaned and kept, or asked again with `hint(text, lang)`."""
    draft = _draft(context)
    if draft is None:
        return await _expired(update, context)
    text = message_of(update).text or ""
    value = clean(text)
    if value is None:
        return await _ask(update, context, draft, step, hint=hint(text, draft["lang"]))
    draft[step] = value
    return await _next(update, context, draft, step)


async def got_name(update: Update, context: BotContext) -> str | int:
    """Step 1: the name, 1-100 characters."""

    def hint(text: str, lang: str) -> str:
        return context.messages.get("signup_name_invalid", lang, max=MAX_NAME)

    return await _typed(update, context, NAME, clean_name, hint)


async def choice_button(update: Update, context: BotContext) -> str | int | None:
    """Steps 2 and 3: choose or unchoose an option, or go on with "Weiter" (at least one)."""
    press = await _press(update, context)
    if press is None:
        return _after_stale(context)
    query, draft, step = query_of(update), press.draft, press.step
    config = _config(context)
    options = config.interests if step == INTERESTS else config.availability
    if press.action == "ok":
        if not draft[step]:
            text = context.messages.get("signup_choose_one", draft["lang"])
            await query.answer(text, show_alert=True)
            return None
        await query.answer()
        await _drop_keyboard(query)
        return await _next(update, context, draft, step)
    sign, option_id = press.action[:1], press.action[1:]
    if sign not in ("+", "-") or option_id not in {option.id for option in options}:
        await query.answer(context.messages.get("stale_button", draft["lang"]), show_alert=True)
        return None
    chosen = toggle(draft[step], option_id, sign == "+", options)
    await query.answer()
    if chosen != draft[step]:  # a double tap repeats the same wish: nothing to change
        draft[step] = chosen
        try:
            await query.edit_message_reply_markup(_choices(context.messages, draft, step, config))
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

    return await _typed(update, context, CONTACT, clean, hint)


async def got_note(update: Update, context: BotContext) -> str | int:
    """Step 5: a note of at most 500 characters."""

    def hint(text: str, lang: str) -> str:
        length = len(text.strip())
        return context.messages.get("signup_note_invalid", lang, length=length, max=MAX_NOTE)

    return await _typed(update, context, NOTE, clean_note, hint)


async def skip_button(update: Update, context: BotContext) -> str | int | None:
    """Steps 1, 4 and 5 without typing: "Telegram genügt", "Überspringen", and, when changing
    an answer from the summary, "Unverändert lassen"."""
    press = await _press(update, context)
    if press is None:
        return _after_stale(context)
    query, draft = query_of(update), press.draft
    await query.answer()
    if press.action == "keep" and not draft.get("editing"):  # only offered while changing
        return None
    await _drop_keyboard(query)
    if press.action != "keep":
        draft[press.step] = None
    return await _next(update, context, draft, press.step)


async def consent_button(update: Update, context: BotContext) -> str | int | None:
    """Step 6: "Ich stimme zu" leads to the summary; without consent nothing is kept."""
    press = await _press(update, context)
    if press is None:
        return _after_stale(context)
    query, draft = query_of(update), press.draft
    await query.answer()
    await _drop_keyboard(query)
    if press.action != "yes":
        context.person.pop(DRAFT, None)
        key = "signup_declined_kept" if draft.get("returning") else "signup_declined"
        await ui.send_text(pressed_message(query), context.messages.get(key, draft["lang"]))
        return ConversationHandler.END
    draft["consent_version"] = _config(context).privacy_version
    draft["consent_at"] = now_utc().isoformat(timespec="seconds")
    return await _ask(update, context, draft, SUMMARY)


async def summary_button(update: Update, context: BotContext) -> str | int | None:
    """Step 7: "Absenden", "Ändern" (choose a step, or "Zurück") and a chosen step."""
    press = await _press(update, context)
    if press is None:
        return _after_stale(context)
    query, draft = query_of(update), press.draft
    if press.action == "send":
        return await _submit(update, context, draft)
    edit = press.action == "edit"  # a short note at the top of the screen says what to do
    await query.answer(context.messages.get("signup_edit_which", draft["lang"]) if edit else None)
    if press.action in ("edit", "back"):
        markup = _edit_keyboard if edit else _summary_keyboard
        try:
            await query.edit_message_reply_markup(markup(context.messages, draft))
        except BadRequest as error:  # pressed twice: the keyboard shows this already
            logger.debug("signup: summary keyboard unchanged: %s", error.message)
        return None
    step = STEP_OF_CODE.get(press.action.removeprefix("go"))
    if not press.action.startswith("go") or step not in EDITABLE:
        return None
    await _drop_keyboard(query)
    draft["editing"] = True
    return await _ask(update, context, draft, step)


async def _submit(update: Update, context: BotContext, draft: dict[str, Any]) -> int:
    """Store the sign-up and queue the team's card in one transaction; thank the person."""
    query, user = query_of(update), user_of(update)
    config, messages, lang = _config(context), context.messages, draft["lang"]
    if not (draft.get("name") and draft.get("consent_at")):  # cannot happen through the steps
        await query.answer(messages.get("stale_button", lang), show_alert=True)
        return ConversationHandler.END
    signup = Signup(
        user_id=user.id,
        name=draft["name"],
        interests=tuple(labels(draft[INTERESTS], config.interests, "de")),
        availability=tuple(labels(draft[AVAILABILITY], config.availability, "de")),
        contact=draft["contact"],
        note=draft["note"],
        language=lang,
        consent_version=draft["consent_version"],
        consent_at=datetime.fromisoformat(draft["consent_at"]),
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
            dedupe_key=f"signup:{draft['flow']}",
        )
    context.wake_outbox()
    logger.info("signup: a sign-up was %s", "updated" if updated else "stored")
    context.person.pop(DRAFT, None)
    await query.answer()
    await _drop_keyboard(query)
    await ui.send_text(pressed_message(query), messages.get("signup_done", lang, name=signup.name))
    return ConversationHandler.END


def card(messages: Messages, signup: Signup, user: User, *, updated: bool) -> str:
    """The team's card about a sign-up (German, HTML, every value escaped)."""
    title = messages.get("signup_card_updated" if updated else "signup_card_new", "de")
    handle = f"@{user.username}" if user.username else user.first_name
    telegram = f'<a href="tg://user?id={user.id}">{escape(handle)}</a> (ID {user.id})'
    body = fill(
        messages.get("signup_card", "de"),
        raw={"telegram": telegram},
        name=signup.name,
        interests=", ".join(signup.interests),
        availability=", ".join(signup.availability),
        contact=signup.contact or messages.get("signup_telegram_only", "de"),
        note=signup.note or messages.get("signup_no_note", "de"),
        language=messages.get(f"data_language_{signup.language}", "de"),
        version=signup.consent_version,
    )
    return f"<b>{escape(title)}</b>\n\n{body}"


async def cancel(update: Update, context: BotContext) -> int | None:
    """/abbrechen or the "Abbrechen" button: discard the answers, store nothing."""
    query = update.callback_query
    if query:
        if await _press(update, context) is None:
            return _after_stale(context)
        await query.answer()
        await _drop_keyboard(query)
    draft = context.person.pop(DRAFT, None)
    if not isinstance(draft, dict):
        draft = {"lang": context.language(update)}
    key = "signup_cancelled_kept" if draft.get("returning") else "signup_cancelled"
    await ui.send_text(message_of(update), context.messages.get(key, draft["lang"]))
    return ConversationHandler.END


async def reask(update: Update, context: BotContext) -> str | int | None:
    """Anything the current step does not take: say what it needs and ask again."""
    draft = _draft(context)
    if draft is None:
        if _is_entry(update):  # a restart the conversation was waiting for
            return await begin(update, context)
        return await _expired(update, context)
    query = update.callback_query
    step = draft["step"] if draft.get("step") in STEPS else NAME
    if query:  # the sign-up button again: the sign-up is running already
        await query.answer()
        key = "signup_in_progress"
    elif (text := message_of(update).text) and text.startswith("/"):
        key = "signup_in_progress"
    elif text or step not in TYPED:
        key = "signup_use_buttons"
    else:  # a photo, sticker, voice message … where a typed answer is wanted
        key = "signup_text_please"
    return await _ask(update, context, draft, step, hint=context.messages.get(key, draft["lang"]))


async def other_button(update: Update, context: BotContext) -> int | None:
    """A button of this flow from another step (pressed twice, or after moving on): no effect."""
    if await _press(update, context) is None:
        return _after_stale(context)
    await query_of(update).answer()
    return None


def _is_entry(update: Update) -> bool:
    if update.callback_query:
        return query_of(update).data == ui.SIGNUP
    text = (update.effective_message.text or "") if update.effective_message else ""
    return text.split()[:1] == ["/mitmachen"] or text.split() == ["/start", DEEP_LINK]


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/abbrechen outside the sign-up."""
    lang = context.language(update)
    await ui.send_text(message_of(update), context.messages.get("nothing_to_cancel", lang))


# ---- the coordination office ----------------------------------------------------------------


@coordinator_only
async def overview(update: Update, context: BotContext) -> None:
    """/anmeldungen: how many people signed up, and the latest ones."""
    lang = context.language(update)
    signups = Signups(context.db)
    count = await signups.count()
    if not count:
        await ui.send_text(message_of(update), context.messages.get("signups_none", lang))
        return
    lines = [context.messages.get("signups_overview", lang, count=count)]
    for signup in await signups.latest(LATEST):
        lines.append(
            context.messages.get(
                "signups_line",
                lang,
                date=local_time(signup.updated_at, GERMAN_DATE),
                name=signup.name,
                interests=", ".join(signup.interests),
            )
        )
    await ui.send_text(message_of(update), "\n".join(lines))


@coordinator_only
async def export(update: Update, context: BotContext) -> None:
    """/export: every sign-up as a CSV document (UTF-8 with BOM, for Excel)."""
    lang = context.language(update)
    signups = await Signups(context.db).all()
    if not signups:
        await ui.send_text(message_of(update), context.messages.get("signups_none", lang))
        return
    today = datetime.now(BERLIN).date().isoformat()
    caption = context.messages.get("export_caption", lang, count=len(signups), date=today)
    await context.bot.send_document(
        chat_of(update).id,
        InputFile(to_csv(signups), filename=f"anmeldungen-{today}.csv"),
        caption=escape(caption),
        parse_mode=ParseMode.HTML,
    )
    logger.info("signup: %d sign-up(s) exported", len(signups))


async def withdrawal_notice(context: BotContext, user: User) -> dict[str, Any] | None:
    """The team's notice that `user` withdrew their sign-up (first name only), as an outbox
    payload replying to the sign-up's card; None if the user has not signed up. Read it
    before deleting: the link to the card goes with the sign-up."""
    signups = Signups(context.db)
    if await signups.get(user.id) is None:
        return None
    chat_id = context.settings.coordinator_chat_id
    text = context.messages.get("signup_withdrawn", "de", first_name=user.first_name)
    payload: dict[str, Any] = {"text": escape(text), "parse_mode": "HTML"}
    card_id = await signups.card_message_id(user.id, chat_id)
    if card_id is not None:
        payload["reply_parameters"] = {"message_id": card_id, "allow_sending_without_reply": True}
    return payload


# ---- jobs -----------------------------------------------------------------------------------


async def housekeeping(context: BotContext) -> None:
    """Daily and at start-up: delete sign-ups past retention and unfinished old drafts."""
    deleted = await Signups(context.db).delete_older_than(context.settings.signup_retention)
    if deleted:
        logger.info("signup: %d sign-up(s) deleted after the retention period", deleted)
    app = context.application
    stale = stale_drafts(app.user_data, datetime.now(UTC), DRAFT_MAX_AGE)
    for user_id in stale:
        app.user_data[user_id].pop(DRAFT, None)
    if stale:
        app.mark_data_for_update_persistence(user_ids=stale)
        await app.update_persistence()  # a job is no update: write_through does not run
        logger.info("signup: %d unfinished sign-up(s) discarded", len(stale))


# ---- registration ---------------------------------------------------------------------------


Steps = BaseHandler[Update, BotContext, object]  # a handler of the sign-up conversation


def register(app: Application) -> None:
    """Add the sign-up conversation, the team's commands and the daily housekeeping."""
    private = filters.ChatType.PRIVATE
    message = private & filters.UpdateType.MESSAGE
    text = message & filters.TEXT & ~filters.COMMAND
    flow = r"^su:[0-9a-f]{6}:"
    entries: list[Steps] = [
        CommandHandler("mitmachen", begin, filters=private),
        CommandHandler("start", begin, filters=private & filters.Regex(rf"^/start {DEEP_LINK}$")),
        CallbackQueryHandler(begin, pattern=f"^{ui.SIGNUP}$"),
    ]
    states: dict[object, list[Steps]] = {
        NAME: [
            MessageHandler(text, got_name),
            CallbackQueryHandler(skip_button, pattern=flow + "n:keep$"),
        ],
        INTERESTS: [CallbackQueryHandler(choice_button, pattern=flow + "i:")],
        AVAILABILITY: [CallbackQueryHandler(choice_button, pattern=flow + "a:")],
        CONTACT: [
            MessageHandler(text, got_contact),
            CallbackQueryHandler(skip_button, pattern=flow + "c:(tg|keep)$"),
        ],
        NOTE: [
            MessageHandler(text, got_note),
            CallbackQueryHandler(skip_button, pattern=flow + "t:(skip|keep)$"),
        ],
        CONSENT: [CallbackQueryHandler(consent_button, pattern=flow + "p:(yes|no)$")],
        SUMMARY: [CallbackQueryHandler(summary_button, pattern=flow + "s:")],
    }
    fallbacks: list[Steps] = [
        CommandHandler(["abbrechen", "cancel"], cancel, filters=private),
        CallbackQueryHandler(cancel, pattern=flow + "x$"),
        CallbackQueryHandler(other_button, pattern=r"^su:"),
        CallbackQueryHandler(reask, pattern=f"^{ui.SIGNUP}$"),
        MessageHandler(message, reask),  # commands, text at a button step, stickers, photos …
    ]
    with warnings.catch_warnings():
        # One flow per user is tracked, not per message: buttons carry the flow's id instead.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=entries,
            states=states,
            fallbacks=fallbacks,
            name="signup",
            persistent=True,
        )
    app.add_handler(conversation)
    app.add_handler(CommandHandler(["abbrechen", "cancel"], nothing_to_cancel, filters=private))
    app.add_handler(CommandHandler("anmeldungen", overview))
    app.add_handler(CommandHandler("export", export))
    if app.job_queue is not None:
        # Once as soon as the job queue starts (whenever that is: no misfire limit), then daily.
        app.job_queue.run_once(
            housekeeping, when=0, name="signup-housekeeping",
            job_kwargs={"misfire_grace_time": None},
        )  # fmt: skip
        app.job_queue.run_repeating(housekeeping, interval=JOB_INTERVAL, name="signup-housekeeping")
