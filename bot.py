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
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from handlers import (
    console,
    errors,
    event_admin,
    events,
    fallback,
    handoff,
    privacy,
    questions,
    signup,
    start,
)
from handlers.concurrency import PerChatUpdateProcessor
from handlers.context import CONTEXT_TYPES, Services
from handlers.delivery import Sender
from handlers.persistence import SQLitePersistence
from handlers.ratelimit import TelegramRateLimiter
from handlers.settings import (
    STARTUP_ERRORS,
    Settings,
    SettingsError,
    check_db_path,
    from_env,
    setup_logging,
    startup_problem,
)
from knowledge import KnowledgeBase, KnowledgeError, Matcher, load

logger = logging.getLogger("bot")

# Opt in to python-telegram-bot 23's behaviour now (read when a duration is built): durations
# such as RetryAfter.retry_after are timedeltas, which the outbox reads, and PTB stops warning
# about the change on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# All handlers live in group 0, where the first matching handler wins. Feature modules come
# first, in this order:
# - signup first: its conversation takes the deep link `/start mitmachen` before `start` greets,
#   and while someone is signing up it takes their messages (a name is not a question, and a
#   command gets "finish or /abbrechen first");
# - privacy: /meinedaten, /loeschen and their buttons (specific, any place before fallback);
# - event_admin (the coordinator's /termin_neu conversation) before handoff: the coordinator's
#   typed answers are replies in the team chat, which handoff would otherwise take;
# - handoff before questions: its commands and buttons are specific; questions takes any text
#   (and itself hands replies to a ticket's messages over to handoff);
# - events before questions: "Was ist am Wochenende los?" is answered from the events;
# - questions: free text in private chats;
# - fallback comes last because its filters catch whatever no feature took.
FEATURES = (signup, privacy, start, event_admin, handoff, events, questions)


async def post_init(app: Application) -> None:
    """Load the knowledge base, take the open database, publish the commands, start sending."""
    services: Services = app.bot_data
    settings = services.settings
    if services.kb is None:  # main() loads it before anything starts; tests may not
        services.kb = load(settings.knowledge_dir)
    services.matcher = Matcher(services.kb)
    services.db = await app.persistence.database()  # opened while the Application initialised
    await start.set_commands(app, services.kb, settings.coordinator_chat_id)
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


def build_app(
    settings: Settings,
    *,
    kb: KnowledgeBase | None = None,
    request: BaseRequest | None = None,
) -> Application:
    """The Application with every handler registered; `kb` is the loaded knowledge base (else
    post_init loads it), `request` replaces the HTTP transport."""
    builder = (
        ApplicationBuilder()
        .token(settings.token.value)
        .context_types(CONTEXT_TYPES)
        .persistence(SQLitePersistence(settings.db_path))
        .concurrent_updates(PerChatUpdateProcessor())
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
    app.bot_data.kb = kb
    app.bot_data.gate = limiter.gate if limiter else None
    for module in (*FEATURES, fallback, errors):
        module.register(app)
    return app


def webhook_options(settings: Settings) -> dict[str, object]:
    """How the webhook server listens; Telegram must present the secret with every update
    (python-telegram-bot answers 403 to requests without it)."""
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret.value,
        "allowed_updates": Update.ALL_TYPES,
    }


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
        check_db_path(settings.db_path)
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    setup_logging(settings)
    try:  # before anything starts: a broken knowledge base is reported, not half-run
        kb = load(settings.knowledge_dir)
    except KnowledgeError as error:
        print(f"Knowledge base invalid ({len(error.problems)} problems):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    try:
        if args.console:
            app = build_app(settings, kb=kb, request=console.ConsoleBotApi(sys.stdout))
            asyncio.run(console.run(app))
        elif settings.webhook_url:
            build_app(settings, kb=kb).run_webhook(**webhook_options(settings))
        else:
            build_app(settings, kb=kb).run_polling(allowed_updates=Update.ALL_TYPES)
    except KeyboardInterrupt:
        pass
    except STARTUP_ERRORS as error:  # one line, never the token (InvalidToken quotes it)
        line, status = startup_problem(error, settings)
        print(line, file=sys.stderr)
        return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
