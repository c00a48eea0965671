"""Entry point: read settings, build the Application, run it (polling, webhook or console).

python bot.py             # polling (or a webhook when WEBHOOK_URL is set)
python bot.py --console   # terminal chat on the bundled knowledge base, no token, no network
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from telegram import Update
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from handlers import console, errors, event_admin, events, fallback, questions, start
from handlers.context import CONTEXT_TYPES, Services
from handlers.delivery import Sender
from handlers.persistence import SQLitePersistence
from handlers.ratelimit import TelegramRateLimiter
from handlers.settings import Settings, SettingsError, from_env, setup_logging
from knowledge import KnowledgeError, Matcher, load

logger = logging.getLogger("bot")

# Opt in to python-telegram-bot 23's behaviour now (read when a duration is built): durations
# such as RetryAfter.retry_after are timedeltas, which the outbox reads, and PTB stops warning
# about the change on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# All handlers live in group 0, where the first matching handler wins. Feature modules come
# first; `fallback` comes last because its filters catch whatever no feature took.
# `event_admin` (the coordinator's /termin_neu conversation) comes before the citizens'
# handlers, so a coordinator's typed answers are not taken for questions; `events` comes
# before `questions`, so "Was ist am Wochenende los?" is answered from the events, not the KB.
FEATURES = (start, event_admin, events, questions)


async def post_init(app: Application) -> None:
    """Load the knowledge base, take the open database, publish the commands, start sending."""
    services: Services = app.bot_data
    settings = services.settings
    services.kb = load(settings.knowledge_dir)
    services.matcher = Matcher(services.kb)
    services.db = await app.persistence.database()  # opened while the Application initialised
    await start.set_commands(app, services.kb)
    services.sender = Sender(
        app.bot,
        services.db,
        services.gate,
        services.hooks,
        backoff_base=settings.retry_base,
        keep_trying=frozenset({settings.coordinator_chat_id}),
    )
    await services.sender.start()
    logger.info("knowledge base: %d entries", len(services.kb.entries))


async def post_stop(app: Application) -> None:
    """Stop the outbox sender while the bot can still finish the sends in flight."""
    if app.bot_data.sender is not None:
        await app.bot_data.sender.stop()
        app.bot_data.sender = None


async def post_shutdown(app: Application) -> None:
    """Close the database after python-telegram-bot's last persistence write."""
    app.bot_data.db = None
    await app.persistence.close()


def build_app(settings: Settings, *, request: BaseRequest | None = None) -> Application:
    """The Application with every handler registered; `request` replaces the HTTP transport."""
    builder = (
        ApplicationBuilder()
        .token(settings.token.value)
        .context_types(CONTEXT_TYPES)
        .persistence(SQLitePersistence(settings.db_path))
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
    )
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url).base_file_url(settings.api_file_url)
    limiter = None
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        # Telegram's flood limits for every request: queue instead of failing (ratelimit.py).
        limiter = TelegramRateLimiter(settings.limits)
        builder = builder.rate_limiter(limiter)
    app = builder.build()
    app.bot_data.settings = settings
    app.bot_data.gate = limiter.gate if limiter else None
    for module in (*FEATURES, fallback, errors):
        module.register(app)
    return app


def main(argv: list[str] | None = None) -> int:
    """Run the bot; exit status 2 for configuration or knowledge base problems."""
    parser = argparse.ArgumentParser(description="Engagierte Stadt Dessau-Roßlau – Telegram bot")
    parser.add_argument("--console", action="store_true", help="chat in this terminal, offline")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.console:
        env.setdefault("LOG_LEVEL", "WARNING")  # keep the chat readable
        env.setdefault("BOT_DB_PATH", "data/console.sqlite3")
    try:
        settings = from_env(env, console=args.console)
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    setup_logging(settings)
    try:
        if args.console:
            app = build_app(settings, request=console.ConsoleBotApi(sys.stdout))
            asyncio.run(console.run(app))
        elif settings.webhook_url:
            app = build_app(settings)
            app.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret.value,  # Telegram must present it
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            build_app(settings).run_polling(allowed_updates=Update.ALL_TYPES)
    except KnowledgeError as error:
        print(f"Knowledge base invalid ({len(error.problems)} problems):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
