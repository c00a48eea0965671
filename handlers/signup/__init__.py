"""The volunteer sign-up (/mitmachen) and the team's /anmeldungen and /export: the steps and
their state (draft.py, steps.py), the conversation (conversation.py), the team's side (team.py).
"""

from __future__ import annotations

import logging
import warnings
from datetime import timedelta

from telegram import Update
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
from handlers.buttons import SIGNUP_STEP
from handlers.signup.conversation import (
    begin,
    cancel,
    choice_button,
    consent_button,
    got_contact,
    got_name,
    got_note,
    nothing_to_cancel,
    other_button,
    reask,
    skip_button,
    summary_button,
)
from handlers.signup.draft import (
    DEEP_LINK,
    Step,
    choice_in,
)
from handlers.signup.team import export, housekeeping, overview, withdrawal_notice
from runtime.context import BotContext

# What other features use (handlers/privacy.py).
__all__ = ["choice_in", "register", "withdrawal_notice"]

logger = logging.getLogger(__name__)

JOB_INTERVAL = timedelta(days=1)


Steps = BaseHandler[Update, BotContext, object]  # a handler of the sign-up conversation


def register(app: Application) -> None:
    """Add the sign-up conversation, the team's commands and the daily housekeeping."""
    private = filters.ChatType.PRIVATE
    message = private & filters.UpdateType.MESSAGE
    text = message & filters.TEXT & ~filters.COMMAND
    flow = rf"^{SIGNUP_STEP}[0-9a-f]{{6}}:"
    entries: list[Steps] = [
        CommandHandler("mitmachen", begin, filters=private),
        CommandHandler("start", begin, filters=private & filters.Regex(rf"^/start {DEEP_LINK}$")),
        CallbackQueryHandler(begin, pattern=f"^{ui.SIGNUP}$"),
    ]
    states: dict[object, list[Steps]] = {
        Step.NAME: [
            MessageHandler(text, got_name),
            CallbackQueryHandler(skip_button, pattern=flow + "n:keep$"),
        ],
        Step.INTERESTS: [CallbackQueryHandler(choice_button, pattern=flow + "i:")],
        Step.AVAILABILITY: [CallbackQueryHandler(choice_button, pattern=flow + "a:")],
        Step.CONTACT: [
            MessageHandler(text, got_contact),
            CallbackQueryHandler(skip_button, pattern=flow + "c:(tg|keep)$"),
        ],
        Step.NOTE: [
            MessageHandler(text, got_note),
            CallbackQueryHandler(skip_button, pattern=flow + "t:(skip|keep)$"),
        ],
        Step.CONSENT: [CallbackQueryHandler(consent_button, pattern=flow + "p:(yes|no)$")],
        Step.SUMMARY: [CallbackQueryHandler(summary_button, pattern=flow + "s:")],
    }
    fallbacks: list[Steps] = [
        CommandHandler(["abbrechen", "cancel"], cancel, filters=private),
        CallbackQueryHandler(cancel, pattern=flow + "x$"),
        CallbackQueryHandler(other_button, pattern=f"^{SIGNUP_STEP}"),
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
