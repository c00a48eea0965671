"""The coordination office's side of the sign-up: its card, /anmeldungen, /export, the notice
of a withdrawn sign-up, and the daily housekeeping (retention, old drafts)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from html import escape
from typing import Any

from telegram import (
    InputFile,
    Update,
    User,
)
from telegram.constants import ParseMode

from handlers import ui
from handlers.signup.draft import DRAFT, DRAFT_MAX_AGE, fill, stale_drafts
from knowledge import Messages
from knowledge.dates import BERLIN
from runtime.context import BotContext
from runtime.coordinator import coordinator_only
from runtime.updates import chat_of, message_of
from storage.signups import (
    GERMAN_DATE,
    Signup,
    Signups,
    local_time,
    to_csv,
)

logger = logging.getLogger(__name__)

LATEST = 10  # sign-ups listed by /anmeldungen


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
        language=messages.language_name(signup.language, german=True),
        version=signup.consent_version,
    )
    return f"<b>{escape(title)}</b>\n\n{body}"
