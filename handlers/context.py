"""The typed context every handler receives: services are properties, not dict lookups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from handlers.delivery import Hooks
from knowledge import KnowledgeBase, Matcher, Messages, detect_language

if TYPE_CHECKING:
    from handlers.delivery import Sender
    from handlers.ratelimit import RateGate
    from handlers.reminders import ReminderScheduler
    from handlers.settings import Settings
    from storage import Database


class Services:
    """The application's long-lived services, set up in post_init and closed in post_shutdown."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.kb: KnowledgeBase | None = None
        self.matcher: Matcher | None = None
        self.db: Database | None = None
        self.gate: RateGate | None = None  # Telegram's flood limits, shared by every send
        self.hooks = Hooks()  # what happens when outbox rows are sent (registered per feature)
        self.sender: Sender | None = None  # works the outbox
        self.reminders: ReminderScheduler | None = None  # event reminders (handlers.reminders)


class BotContext(CallbackContext[ExtBot, dict, dict, Services]):
    """CallbackContext with typed access to the knowledge base, matcher, database and settings."""

    @property
    def services(self) -> Services:
        """The application-wide services."""
        return self.bot_data

    @property
    def settings(self) -> Settings:
        """The validated settings."""
        assert self.bot_data.settings is not None, "settings are set in build_app"
        return self.bot_data.settings

    @property
    def kb(self) -> KnowledgeBase:
        """The loaded knowledge base."""
        assert self.bot_data.kb is not None, "the knowledge base is loaded in post_init"
        return self.bot_data.kb

    @property
    def matcher(self) -> Matcher:
        """The matcher built over the knowledge base."""
        assert self.bot_data.matcher is not None, "the matcher is built in post_init"
        return self.bot_data.matcher

    @property
    def messages(self) -> Messages:
        """The bot's own texts."""
        return self.kb.messages

    @property
    def sender(self) -> Sender:
        """The outbox sender."""
        assert self.bot_data.sender is not None, "the sender is started in post_init"
        return self.bot_data.sender

    @property
    def db(self) -> Database:
        """The open database."""
        assert self.bot_data.db is not None, "the database is opened in post_init"
        return self.bot_data.db

    def language(self, update: Update, text: str | None = None) -> str:
        """The citizen's language: from what they just wrote, else remembered, else Telegram's."""
        if text and (detected := detect_language(text)):
            if self.user_data is not None:
                self.user_data["lang"] = detected
            return detected
        if self.user_data and self.user_data.get("lang") in ("de", "en"):
            return self.user_data["lang"]
        user = update.effective_user
        code = (user.language_code or "") if user else ""
        return "en" if code.startswith("en") else "de"


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=Services)
BotApplication = Application[ExtBot, BotContext, dict, dict, Services, object]
