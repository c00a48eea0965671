"""Telling subscribers: new events, changes, cancellations, and the reminders' text.

Every function here runs INSIDE the caller's transaction and only adds outbox rows, so the
change of an event and the messages about it are committed together (or not at all); the
outbox sender delivers them at Telegram's limits afterwards (call `context.wake_outbox()`). Each row
has a dedupe key, so running the same step twice after a crash queues nothing twice.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton

from handlers.events import ui
from knowledge import Messages
from runtime.progress import PROGRESS, progress_text
from storage.batches import PROGRESS_MIN, Batches, Progress
from storage.db import Database
from storage.events import Change, Event
from storage.outbox import Outbox
from storage.reminders import DueReminder, OpenBatch, Render
from storage.subscriptions import CATEGORY, EVENT, Recipient, Subscriptions

PURPOSE = "event_notice"  # outbox purpose of announcements, change and cancellation notices


async def announce(
    db: Database, messages: Messages, event: Event, now: datetime, team_chat: int | None = None
) -> int:
    """A new event: tell the subscribers of its category and of all events (and, for more
    than PROGRESS_MIN of them, show the team chat `team_chat` how the send goes)."""
    if event.starts_at <= now or event.cancelled:
        return 0
    recipients = await Subscriptions(db).interested(event, new=True)
    texts: dict[tuple[str, str], str] = {}
    for recipient in recipients:
        key = (recipient.language, recipient.kind)
        if key not in texts:
            texts[key] = _announcement(event, messages, *key)
    return await _queue(
        db,
        recipients,
        event,
        "new",
        lambda r: texts[(r.language, r.kind)],
        messages,
        team_chat,
        remind=True,
    )


def _announcement(event: Event, messages: Messages, lang: str, kind: str) -> str:
    if kind == CATEGORY:
        category = ui.category_name(event.category, messages, lang)
        header = ui.html(messages, "notice_new_category", lang, category=category)
    else:
        header = ui.html(messages, "notice_new", lang)
    return f"{header}\n\n{ui.card(event, messages, lang)}"


async def changed(
    db: Database, messages: Messages, change: Change, now: datetime, team_chat: int | None = None
) -> int:
    """An event changed: tell everyone interested in it, with the new details and the old."""
    event = change.new
    if event.last_moment < now or event.cancelled:
        return 0
    recipients = await Subscriptions(db).interested(event)
    texts: dict[str, str] = {}
    for lang in {r.language for r in recipients}:
        before = ui.html(
            messages,
            "notice_changed_before",
            lang,
            when=ui.when(change.old, messages, lang),
            place=change.old.place,
        )
        texts[lang] = (
            f"{ui.html(messages, 'notice_changed', lang)}\n\n"
            f"{ui.card(event, messages, lang)}\n\n<i>{before}</i>"
        )
    return await _queue(
        db, recipients, event, "changed", lambda r: texts[r.language], messages, team_chat
    )


async def cancelled(
    db: Database, messages: Messages, event: Event, now: datetime, team_chat: int | None = None
) -> int:
    """An event was called off: tell everyone interested in it (no buttons: nothing to do);
    those who asked to be reminded also hear that the reminders are off."""
    if event.last_moment < now:
        return 0
    recipients = await Subscriptions(db).interested(event)
    texts: dict[tuple[str, bool], str] = {}
    for recipient in recipients:
        key = (recipient.language, recipient.kind == EVENT)
        if key not in texts:
            lang, reminded = key
            when = ui.when(event, messages, lang)
            text = ui.html(messages, "notice_cancelled", lang, title=event.title, when=when)
            if reminded:
                text += " " + ui.html(messages, "notice_cancelled_reminders", lang)
            texts[key] = text
    return await _queue(
        db,
        recipients,
        event,
        "cancelled",
        lambda r: texts[(r.language, r.kind == EVENT)],
        messages,
        team_chat,
        buttons=False,
    )


async def _queue(
    db: Database,
    recipients: list[Recipient],
    event: Event,
    what: str,
    text: Callable[[Recipient], str],
    messages: Messages,
    team_chat: int | None,
    *,
    remind: bool = False,
    buttons: bool = True,
) -> int:
    outbox = Outbox(db)
    key = f"event-{what}:{event.id}.{event.revision}"
    batch = None
    if team_chat is not None and len(recipients) > PROGRESS_MIN:
        batch = await _report_progress(db, messages, event, what, len(recipients), team_chat, key)
    queued = 0
    for recipient in recipients:
        rows: list[list[InlineKeyboardButton]] = []
        if buttons:
            rows = ui.event_buttons(event, messages, recipient.language, remind=remind)
            rows.append(
                [ui.unsubscribe_button(recipient.subscription_id, messages, recipient.language)]
            )
        row_id = await outbox.add(
            recipient.user_id,
            ui.payload(text(recipient), rows),
            purpose=PURPOSE,
            ref_id=event.id,
            dedupe_key=f"{key}:{recipient.user_id}",
            batch=batch,
        )
        queued += row_id is not None
    if batch is not None:
        await Batches(db).count_rows(batch)
    return queued


async def _report_progress(
    db: Database,
    messages: Messages,
    event: Event,
    what: str,
    total: int,
    team_chat: int,
    key: str,
) -> int:
    """Open a batch for a send to many and, the first time, queue its progress message for
    the team chat before the messages (the outbox sends in order), so the team sees it at
    once."""
    label = messages.get(f"progress_label_{what}", title=event.title)
    batch, new = await Batches(db).open(label, total, key)
    if new:
        text = progress_text(messages, Progress(batch, label, total, 0, 0, 0, total, None))
        await Outbox(db).add(
            team_chat, ui.payload(html.escape(text), []), purpose=PROGRESS, ref_id=batch
        )
    return batch


def reminder_batches(messages: Messages, team_chat: int) -> OpenBatch:
    """How storage.reminders.queue_due opens a batch for the reminders of one event and
    lead time due to more than PROGRESS_MIN people at once."""

    async def open_batch(db: Database, event: Event, lead: int, total: int, key: str) -> int:
        return await _report_progress(db, messages, event, "reminder", total, team_chat, key)

    return open_batch


def reminder_renderer(messages: Messages) -> Render:
    """The function that writes a due reminder (for storage.reminders.queue_due)."""

    def render(reminder: DueReminder, event: Event, now: datetime) -> dict[str, Any]:
        lang = reminder.language
        relative = ui.relative_text(event.starts_at, now, messages, lang)
        text = f"{ui.html(messages, 'reminder_intro', lang, relative=relative)}\n\n"
        text += ui.card(event, messages, lang)
        rows = ui.event_buttons(event, messages, lang, remind=False)
        if reminder.subscription_id is not None:
            rows[0].append(ui.unsubscribe_button(reminder.subscription_id, messages, lang))
        return ui.payload(text, rows)

    return render
