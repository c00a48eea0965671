"""The citizen's data: /meinedaten shows everything stored about them, /loeschen deletes it.

What is stored comes from `storage.privacy`, whose table lists the stores with personal data
(the outbox and the conversation state are handled here and in the persistence); records are
shown generically by kind, with a heading from the messages (`data_kind_<kind>`, else the
kind's name), field labels (`data_field_<label>`, else the label itself) and coded values in
words (`data_<label>_<value>`, e.g. `data_status_open`, else the feature's own
`<label>_<value>`, e.g. `category_bildung`, else the value itself); a tuple of sign-up choices
is shown in the reader's language. Deleting runs every module's `forget` in one transaction,
together with the removal of unsent messages to the citizen and, if they had signed up, the
notice to the team; then python-telegram-bot's user data and conversation states go too.
"""

from __future__ import annotations

import logging
import secrets
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from handlers import handoff, signup, ui
from handlers.buttons import PRIVACY
from knowledge.model import LANGUAGES
from runtime.context import CHOSEN_LANGUAGE, LAST_LANGUAGE, BotContext
from runtime.updates import message_of, query_of, user_of
from storage import privacy
from storage.outbox import Outbox

logger = logging.getLogger(__name__)

DELETE = PRIVACY + "del:"  # + the request's token
KEEP = PRIVACY + "keep:"
SHOWN_QUESTION = 500  # characters of the kept question /meinedaten shows
PENDING = "delete_request"  # user_data key: the id of the open /loeschen question
NOTICE_PURPOSE = "signup-withdrawn"
EMPTY = "—"  # a field without a value


def _text(context: BotContext, key: str, lang: str, fallback: str) -> str:
    """A message if the knowledge base has it, else `fallback` (records of other features)."""
    return context.messages.get(key, lang) if key in context.messages.texts else fallback


def _shown(context: BotContext, label: str, value: str | tuple[str, ...], lang: str) -> str:
    """A field's value in words: choices in the reader's language, codes translated."""
    if isinstance(value, tuple):
        return ", ".join(signup.choice_in(context, item, lang) for item in value) or EMPTY
    if not value:
        return EMPTY
    if label == "language" and value in LANGUAGES:
        return context.messages.language_name(value)  # in itself: "Deutsch", "Українська"
    for key in (f"data_{label}_{value}", f"{label}_{value}"):
        if key in context.messages.texts:
            return context.messages.get(key, lang)
    return value


async def my_data(update: Update, context: BotContext) -> None:
    """/meinedaten: everything stored about this citizen, readable."""
    lang = context.language(update)
    records = await privacy.describe_user(context.db, user_of(update).id)
    parts = []
    for record in records:
        heading = _text(context, f"data_kind_{record.kind}", lang, record.kind)
        lines = [f"<b>{escape(heading)}</b>"]
        for label, value in record.fields:
            name = _text(context, f"data_field_{label}", lang, label)
            lines.append(f"{escape(name)}: {escape(_shown(context, label, value, lang))}")
        parts.append("\n".join(lines))
    person = context.user_data or {}
    remembered = person.get(CHOSEN_LANGUAGE) or person.get(LAST_LANGUAGE)
    if remembered in LANGUAGES:
        language = context.messages.language_name(remembered)
        parts.append(escape(context.messages.get("data_language", lang, language=language)))
    last = context.user_data.get(handoff.PENDING) if context.user_data else None
    if last and last.get("text"):
        question = str(last["text"])
        if len(question) > SHOWN_QUESTION:  # the whole question is the team's, not this list's
            question = question[: SHOWN_QUESTION - 1].rstrip() + "…"
        parts.append(escape(context.messages.get("data_last_question", lang, question=question)))
    if not parts:
        await ui.send_text(message_of(update), context.messages.get("data_none", lang))
        return
    intro = escape(context.messages.get("data_intro", lang))
    footer = escape(context.messages.get("data_footer", lang))
    for chunk in ui.split_text("\n\n".join([intro, *parts, footer])):
        await message_of(update).reply_html(chunk)


async def delete_request(update: Update, context: BotContext) -> None:
    """/loeschen: ask for confirmation before deleting anything."""
    lang = context.language(update)
    records = await privacy.describe_user(context.db, user_of(update).id)
    if not records and not context.user_data:
        await ui.send_text(message_of(update), context.messages.get("data_none", lang))
        return
    token = secrets.token_hex(4)
    context.person[PENDING] = token  # only this question's buttons delete
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(context.messages.get("button_delete_yes", lang),
                                  callback_data=DELETE + token)],
            [InlineKeyboardButton(context.messages.get("button_delete_no", lang),
                                  callback_data=KEEP + token)],
        ]
    )  # fmt: skip
    await ui.send_text(message_of(update), context.messages.get("delete_confirm", lang), markup)


async def delete_confirmed(update: Update, context: BotContext) -> None:
    """Button "Ja, alles löschen": delete everything about this citizen and tell the team."""
    query, user = query_of(update), user_of(update)
    lang = context.language(update)
    token = (query.data or "").removeprefix(DELETE)
    if not context.user_data or context.user_data.get(PENDING) != token:
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return
    db = context.db
    notice = await signup.withdrawal_notice(context, user)

    async def also(counts: dict[str, int]) -> None:
        outbox = Outbox(db)
        await outbox.forget_chat(user.id)  # what was still to be sent to the person
        await outbox.forget_sent(user.id)  # and the record of what was sent
        if notice is not None and counts.get("signups"):
            await Outbox(db).add(
                context.settings.coordinator_chat_id, notice, purpose=NOTICE_PURPOSE
            )

    counts = await privacy.forget_user(db, user.id, then=also)
    # python-telegram-bot's copy of the user data and conversation states: gone from memory
    # now, and from the database right away rather than at the next persistence run.
    context.application.drop_user_data(user.id)
    if context.application.persistence is not None:
        await context.application.persistence.drop_user_data(user.id)
    context.wake_outbox()
    logger.info("privacy: a user deleted their data (%s)", counts)
    await query.answer()
    await query.edit_message_text(
        escape(context.messages.get("delete_done", lang)), parse_mode=ParseMode.HTML
    )


async def delete_declined(update: Update, context: BotContext) -> None:
    """Button "Nein, behalten": nothing is deleted."""
    query = query_of(update)
    lang = context.language(update)
    token = (query.data or "").removeprefix(KEEP)
    if not context.user_data or context.user_data.get(PENDING) != token:
        await query.answer(context.messages.get("stale_button", lang), show_alert=True)
        return
    context.user_data.pop(PENDING, None)
    await query.answer()
    await query.edit_message_text(
        escape(context.messages.get("delete_kept", lang)), parse_mode=ParseMode.HTML
    )


def register(app: Application) -> None:
    """Add /meinedaten, /loeschen and the confirmation buttons."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("meinedaten", my_data, filters=private))
    app.add_handler(CommandHandler("loeschen", delete_request, filters=private))
    app.add_handler(CallbackQueryHandler(delete_confirmed, pattern=f"^{DELETE}[0-9a-f]+$"))
    app.add_handler(CallbackQueryHandler(delete_declined, pattern=f"^{KEEP}[0-9a-f]+$"))
