"""Start and stop an Application the way `Application.run_polling` does, for the callers that
drive the event loop themselves: the terminal chat, the tests' harness and the benchmarks.

python-telegram-bot's run_polling calls initialize, post_init, the updater, start; and on the
way out the updater's stop, stop, post_stop, shutdown and post_shutdown. Whoever runs the
Application inside their own event loop must do the same, or the database is never closed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram.ext import Application, Updater


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
