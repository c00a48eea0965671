"""python-telegram-bot persistence in the bot's SQLite database (not a pickle file).

Stored: `user_data` (the citizen's language, an unfinished sign-up) and the states of
ConversationHandlers marked `persistent=True`. Not stored: `bot_data` (the services, rebuilt
at start-up), `chat_data` (unused) and callback data (buttons carry plain strings).

python-telegram-bot calls the `get_*` methods while the Application initialises, before
`post_init`; the persistence therefore opens the database itself, and `post_init` takes the
same open `Database` from it (`database()`), so there is one connection.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, BasePersistence, PersistenceInput, TypeHandler

from runtime.context import BotContext
from storage.db import Database
from storage.instance import InstanceLock
from storage.state import StateStore

logger = logging.getLogger(__name__)

AFTER_FEATURES = 1  # the handler group of `write_through`

# How often python-telegram-bot itself writes changed data. `write_through` (below) already
# stores what each update changed once its handlers are done; this periodic run only catches
# changes made outside updates (jobs).
UPDATE_INTERVAL = 60.0


class SQLitePersistence(BasePersistence[dict[str, Any], dict[str, Any], Any]):
    """User data and conversation states in the `state` tables of the bot's database."""

    def __init__(self, db_path: Path, update_interval: float | None = None) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=UPDATE_INTERVAL if update_interval is None else update_interval,
        )
        self.db_path = db_path
        self._db: Database | None = None
        self._instance: InstanceLock | None = None
        self._lock = asyncio.Lock()
        # What the database holds, as written (JSON): `write_through` asks after every update,
        # and most updates change nothing there, so an unchanged value is not written again.
        self._users: dict[int, str] = {}
        self._conversations: dict[tuple[str, str], str] = {}

    async def database(self) -> Database:
        """The open database (opened, created or migrated on first use)."""
        async with self._lock:
            if self._db is None:
                # one bot per database (storage/instance.py): a second one stops here
                if self._instance is None and str(self.db_path) != ":memory:":
                    self._instance = InstanceLock.acquire(self.db_path)
                self._db = await Database.open(self.db_path)
            return self._db

    async def close(self) -> None:
        """Close the database (after python-telegram-bot's last flush)."""
        async with self._lock:
            if self._db is not None:
                await self._db.close()
                self._db = None
            if self._instance is not None:
                self._instance.release()
                self._instance = None

    async def _store(self) -> StateStore:
        return StateStore(await self.database())

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        """Every user's data, loaded once at start-up."""
        users = await (await self._store()).users()
        self._users = {user_id: _json(data) for user_id, data in users.items()}
        return users

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        """Write one user's data, unless the database has it like this already."""
        try:
            written = _json(data) if data else ""
        except TypeError:  # a handler put something that is not JSON into user_data
            logger.error("user data of one user is not JSON-serialisable; not stored")
            return
        if self._users.get(user_id, "") == written:
            return
        await (await self._store()).save_user(user_id, data)
        self._users[user_id] = written

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def drop_user_data(self, user_id: int) -> None:
        """Forget a user entirely (the citizen deleted their data)."""
        store = await self._store()
        async with store.db.transaction():
            await store.forget_user(user_id)
        self._users.pop(user_id, None)
        self._conversations = {
            key: state
            for key, state in self._conversations.items()
            if json.loads(key[1])[-1:] != [user_id]
        }

    async def get_conversations(self, name: str) -> MutableMapping[tuple[int | str, ...], object]:
        """The states of one ConversationHandler."""
        states = await (await self._store()).conversations(name)
        for key, state in states.items():
            self._conversations[name, _json(list(key))] = _json(state)
        return states

    async def update_conversation(
        self, name: str, key: tuple[int | str, ...], new_state: object | None
    ) -> None:
        """Write one conversation's state (None: the conversation ended), unless the database
        has it like this already."""
        slot = (name, _json(list(key)))
        written = "" if new_state is None else _json(new_state)
        if self._conversations.get(slot, "") == written:
            return
        await (await self._store()).save_conversation(name, key, new_state)
        if new_state is None:
            self._conversations.pop(slot, None)
        else:
            self._conversations[slot] = written

    async def flush(self) -> None:
        """Every write is committed already."""

    # Not stored (see the module docstring); python-telegram-bot does not call these with the
    # PersistenceInput above, but the interface requires them.
    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        """No chat data is stored."""
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        """No chat data is stored."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """No chat data is stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """No chat data is stored."""

    async def get_bot_data(self) -> Any:
        """bot_data holds the services and is rebuilt at start-up."""
        raise NotImplementedError("bot_data is not persisted")

    async def update_bot_data(self, data: Any) -> None:
        """bot_data is not persisted."""

    async def refresh_bot_data(self, bot_data: Any) -> None:
        """bot_data is not persisted."""

    async def get_callback_data(self) -> None:
        """Buttons carry plain strings; nothing to store."""
        return None

    async def update_callback_data(self, data: Any) -> None:
        """Buttons carry plain strings; nothing to store."""


async def write_through(update: object, context: BotContext) -> None:
    """After an update's handlers: store what it changed (a conversation's new state, the
    citizen's data) now, not at the next periodic run, so that a crash right after the bot
    answered a sign-up step does not take that step back."""
    app = context.application
    # python-telegram-bot marks the user's data as changed only after the last group.
    if isinstance(update, Update) and update.effective_user is not None:
        app.mark_data_for_update_persistence(user_ids=update.effective_user.id)
    await app.update_persistence()


def register(app: Application) -> None:
    """Add the write-through handler in its own group, after the features' group 0 (a
    ConversationHandler's new state is set once its callback has returned)."""
    app.add_handler(TypeHandler(Update, write_through), group=AFTER_FEATURES)


def _json(value: object) -> str:
    """The form in which a value is compared with what was written last."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
