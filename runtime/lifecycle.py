"""The Application's lifecycle: the hooks that open and close its services, and starting and
stopping it the way `Application.run_polling` does.

`post_init` loads the knowledge base and builds the matcher (unless bot.py did), takes the
database the persistence opened, runs the features' start-up steps (Services.on_init: the
command menus) and starts the outbox sender; `post_stop` stops the sender while the bot can
still finish its sends; `post_shutdown` closes the database after python-telegram-bot's last
persistence write.

python-telegram-bot's run_polling calls initialize, post_init, the updater, start; and on the
way out the updater's stop, stop, post_stop, shutdown and post_shutdown. Whoever runs the
Application inside their own event loop (the terminal chat, the tests' harness and the
benchmarks) calls `start` and `stop` here, which do the same, or the database is never closed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram.ext import Application, Updater

from runtime import teaching
from runtime.context import Knowledge, Services
from runtime.delivery import Sender
from runtime.persistence import SQLitePersistence

logger = logging.getLogger(__name__)


async def post_init(app: Application) -> None:
    """Load the knowledge base, take the open database, publish the commands, start sending."""
    services: Services = app.bot_data
    settings = services.settings
    assert settings is not None, "set in build_app"
    if services.knowledge is None:  # main() loads it before anything starts; tests may not
        services.knowledge = Knowledge.load(settings.knowledge_dir)
    assert isinstance(app.persistence, SQLitePersistence), "set in build_app"
    services.db = await app.persistence.database()  # opened while the Application initialised
    # the curated entries with what the team published and taught in its chat
    known = services.knowledge
    services.knowledge, merged = await teaching.assemble(known.yaml, services.db, built=known)
    await teaching.tell_team(services, merged)  # team entries the YAML took over meanwhile
    for step in services.on_init:  # e.g. publishing the command menus (handlers/start.py)
        await step(app)
    services.sender = Sender(
        app.bot,
        services.db,
        services.gate,
        services.hooks,
        backoff_base=settings.retry_base,
        keep_trying=frozenset({settings.coordinator_chat_id}),
    )
    await services.sender.start()
    logger.info("knowledge base: %d entries", len(services.knowledge.kb.entries))


async def post_stop(app: Application) -> None:
    """Stop the outbox sender while the bot can still finish the sends in flight."""
    if app.bot_data.sender is not None:
        await app.bot_data.sender.stop()
        app.bot_data.sender = None


async def post_shutdown(app: Application) -> None:
    """Close the database after python-telegram-bot's last persistence write."""
    app.bot_data.db = None
    assert isinstance(app.persistence, SQLitePersistence), "set in build_app"
    await app.persistence.close()


async def start(
    app: Application, updates: Callable[[Updater], Awaitable[object]] | None = None
) -> None:
    """initialize, post_init, start fetching updates (if `updates` says how), start.

    If anything fails on the way, whatever was started is stopped again before the error
    propagates.
    """
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        if updates is not None and app.updater is not None:
            await updates(app.updater)
        await app.start()
    except BaseException:
        await stop(app)
        raise


async def stop(app: Application) -> None:
    """Stop fetching updates and the Application, then shut down; safe after a failed start."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
        if app.post_stop:
            await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)
