"""Integration tests: the stores and the machinery against a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh database file with every table, closed after the test."""
    async with await Database.open(tmp_path / "bot.sqlite3") as database:
        yield database
