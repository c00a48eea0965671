"""Durable state in SQLite through aiosqlite; knows nothing of Telegram."""

from storage.db import Database

__all__ = ["Database"]
