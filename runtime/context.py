"""The typed context every handler receives: services are properties, not dict lookups.

The knowledge base and the matcher built over it are one `Knowledge` pair, replaced as a whole
when the team reloads the knowledge directory (handlers/reload.py). A context keeps the pair it
first used, so an update that is being handled while the pair is swapped finishes with the
matcher and the knowledge base that belong together.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from knowledge import KnowledgeBase, Matcher, Messages, detect_language, load
from knowledge.languages import script_language
from knowledge.model import INLINE_LANGUAGES, LANGUAGES
from knowledge.text import words
from runtime.delivery import Hooks

if TYPE_CHECKING:
    from runtime.delivery import Sender
    from runtime.ratelimit import RateGate
    from runtime.settings import Settings
    from storage import Database

# Where a person's languages are kept (in their user_data, so /loeschen deletes them with it):
# the one they wrote last, and the one they chose with /sprache, which wins.
LAST_LANGUAGE = "lang"
CHOSEN_LANGUAGE = "lang_chosen"
# A message of fewer words never switches a person's language ("please", "ok thanks", an
# e-mail address): the language changes on clear evidence only.
CLEAR_EVIDENCE_WORDS = 3


@dataclass(frozen=True, slots=True)
class Knowledge:
    """A knowledge base and the matchers built over it: in service together or not at all.

    One matcher for German and English, one more for each language of knowledge/i18n/."""

    kb: KnowledgeBase  # the curated YAML with what the team taught (knowledge/team.py)
    matcher: Matcher  # German and English
    matchers: Mapping[str, Matcher] = field(default_factory=dict)  # further languages
    curated: KnowledgeBase | None = None  # the YAML alone, when the team's part is merged in

    @classmethod
    def of(cls, kb: KnowledgeBase, curated: KnowledgeBase | None = None) -> Knowledge:
        """The pair for a loaded knowledge base (builds the matchers' indexes)."""
        others = {
            lang: Matcher(kb, language=lang)
            for lang in LANGUAGES
            if lang not in INLINE_LANGUAGES and lang in kb.cues
        }
        return cls(kb, Matcher(kb), others, curated)

    @property
    def yaml(self) -> KnowledgeBase:
        """The curated knowledge base, without what the team taught."""
        return self.curated or self.kb

    def matcher_for(self, lang: str | None) -> Matcher:
        """The matcher that reads `lang` (German's for German, English and the untranslated)."""
        return self.matchers.get(lang or "de", self.matcher)

    @classmethod
    def load(cls, directory: Path) -> Knowledge:
        """Load and validate a knowledge directory and index it; raises KnowledgeError.
        Blocking (files and CPU): run it in a thread once the bot serves."""
        return cls.of(load(directory))


class Schedule(Protocol):
    """What features ask of the reminder scheduler (handlers/events/reminders.py)."""

    ready: asyncio.Event  # set once events.yaml is synced into the database

    def now(self) -> datetime:
        """The bot's clock (aware, UTC); tests move it."""
        ...

    def poke(self) -> None:
        """Look at the reminders now."""
        ...


StartupStep = Callable[[Application], Awaitable[None]]


class Services:
    """The application's long-lived services, set up in post_init and closed in post_shutdown."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.knowledge: Knowledge | None = None  # replaced as a whole, never one half of it
        self.reloading = asyncio.Lock()  # one reload at a time (handlers/reload.py)
        self.db: Database | None = None
        self.gate: RateGate | None = None  # Telegram's flood limits, shared by every send
        self.hooks = Hooks()  # what happens when outbox rows are sent (registered per feature)
        self.sender: Sender | None = None  # works the outbox
        self.reminders: Schedule | None = None  # handlers/events/reminders.py
        self.on_init: list[StartupStep] = []  # features' steps in post_init (command menus)

    @property
    def kb(self) -> KnowledgeBase | None:
        """The knowledge base in service (None before post_init)."""
        return self.knowledge.kb if self.knowledge else None


class BotContext(CallbackContext[ExtBot, dict, dict, Services]):
    """CallbackContext with typed access to the knowledge base, matcher, database and settings.

    python-telegram-bot makes one context per update (and per job), so the knowledge pair it
    keeps lasts exactly as long as the handling of one update.
    """

    def __init__(
        self, application: Application, chat_id: int | None = None, user_id: int | None = None
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self._knowledge: Knowledge | None = None

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
    def person(self) -> dict[str, Any]:
        """The user_data of the person the update is from (handlers for people's updates)."""
        assert self.user_data is not None, "an update from a person"
        return self.user_data

    @property
    def schedule(self) -> Schedule:
        """The reminder scheduler's clock and nudge (registered with the events feature)."""
        assert self.bot_data.reminders is not None, "handlers/events registers the scheduler"
        return self.bot_data.reminders

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge pair in service when this update first asked for it, kept to its end."""
        if self._knowledge is None:
            assert self.bot_data.knowledge is not None, "the knowledge base is loaded in post_init"
            self._knowledge = self.bot_data.knowledge
        return self._knowledge

    @property
    def kb(self) -> KnowledgeBase:
        """The loaded knowledge base."""
        return self.knowledge.kb

    @property
    def matcher(self) -> Matcher:
        """The matcher built over that knowledge base."""
        return self.knowledge.matcher

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

    def wake_outbox(self) -> None:
        """New outbox rows were committed: the sender looks now, not at its next check."""
        if self.bot_data.sender is not None:
            self.bot_data.sender.wake()

    def language(self, update: Update, text: str | None = None) -> str:
        """The citizen's language: the one they chose with /sprache; else what they just wrote
        shows; else the one they wrote last; else Telegram's.

        Ukrainian, Russian and Arabic show in their letters, even in one word ("Дякую").
        German and English need clear evidence (CLEAR_EVIDENCE_WORDS); when a text is as
        English as it is German, the remembered language (else Telegram's) breaks the tie.
        """
        known = self._known_language(update)
        if self.user_data and self.user_data.get(CHOSEN_LANGUAGE) in LANGUAGES:
            return str(self.user_data[CHOSEN_LANGUAGE])
        if not text:
            return known
        detected = script_language(text, prefer=known)
        if detected is None and len(words(text)) >= CLEAR_EVIDENCE_WORDS:
            detected = detect_language(text, prefer=known)
        if detected is None:
            return known  # "please", "ok thanks", an e-mail address: no reason to switch
        if self.user_data is not None:
            self.user_data[LAST_LANGUAGE] = detected
        return detected

    def _known_language(self, update: Update) -> str:
        """The language the citizen wrote last, else their Telegram's, else German."""
        if self.user_data and self.user_data.get(LAST_LANGUAGE) in LANGUAGES:
            return str(self.user_data[LAST_LANGUAGE])
        user = update.effective_user
        code = (user.language_code or "").split("-")[0] if user else ""
        return code if code in LANGUAGES else "de"


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=Services)
