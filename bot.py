"""Entry point: read settings, build the Application, run it (polling, webhook or console).

python bot.py             # polling (or a webhook when WEBHOOK_URL is set)
python bot.py --console   # terminal chat on the bundled knowledge base, no token, no network
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from typing import Any
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

import handlers
from knowledge import KnowledgeBase
from runtime import backups, console, errors, lifecycle, persistence, progress, startup
from runtime.concurrency import PerChatUpdateProcessor
from runtime.context import CONTEXT_TYPES, Knowledge
from runtime.ratelimit import TelegramRateLimiter
from runtime.settings import Settings

# Opt in to python-telegram-bot 23's behaviour now (read when a duration is built): durations
# such as RetryAfter.retry_after are timedeltas, which the outbox reads, and PTB stops warning
# about the change on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")


def build_app(
    settings: Settings,
    *,
    kb: KnowledgeBase | None = None,
    request: BaseRequest | None = None,
) -> Application:
    """The Application with every handler registered; `kb` is the loaded knowledge base (else
    post_init loads it), `request` replaces the HTTP transport."""
    # Any: each builder step changes the type parameters (the rate limiter's among them).
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(settings.token.value)
        .context_types(CONTEXT_TYPES)
        .persistence(persistence.SQLitePersistence(settings.db_path))
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(lifecycle.post_init)
        .post_stop(lifecycle.post_stop)
        .post_shutdown(lifecycle.post_shutdown)
    )
    if settings.api_base_url and settings.api_file_url:
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
    app.bot_data.knowledge = Knowledge.of(kb) if kb else None
    app.bot_data.gate = limiter.gate if limiter else None
    handlers.register(app)  # the features, in the order handlers/__init__.py explains
    errors.register(app)
    backups.register(app)  # the daily backup, when BACKUP_DIR is set
    progress.register(app)  # sends to many: their progress in the team chat
    # group 1: after every update, store what it changed (conversation states, user data)
    persistence.register(app)
    return app


def webhook_options(settings: Settings) -> dict[str, Any]:
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
    if hasattr(signal, "SIGHUP"):  # a reload before the bot listens for it must not kill it
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        settings = startup.read_settings(os.environ, console=args.console)
        kb = startup.load_knowledge(settings)
        with startup.reported(settings):
            if args.console:
                app = build_app(settings, kb=kb, request=console.ConsoleBotApi(sys.stdout))
                asyncio.run(console.run(app))
            elif settings.webhook_url:
                build_app(settings, kb=kb).run_webhook(**webhook_options(settings))
            else:
                build_app(settings, kb=kb).run_polling(allowed_updates=Update.ALL_TYPES)
    except startup.CannotStart as problem:
        print(problem, file=sys.stderr)
        return problem.status
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
