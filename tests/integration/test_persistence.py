"""runtime/persistence.py: python-telegram-bot's state in SQLite, written only when it changed
(write_through asks after every update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.persistence import SQLitePersistence
from storage.state import StateStore


async def test_unchanged_data_is_not_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[str] = []
    for method in ("save_user", "save_conversation"):
        original = getattr(StateStore, method)

        async def counted(self: StateStore, *args: object, _o=original, _m=method) -> None:
            writes.append(_m)
            await _o(self, *args)

        monkeypatch.setattr(StateStore, method, counted)
    persistence = SQLitePersistence(tmp_path / "bot.sqlite3")
    try:
        assert await persistence.get_user_data() == {}
        assert await persistence.get_conversations("signup") == {}
        for _ in range(3):
            await persistence.update_user_data(7, {"lang": "de"})
            await persistence.update_conversation("signup", (7, 7), "interests")
        assert writes == ["save_user", "save_conversation"]
        await persistence.update_user_data(7, {"lang": "en"})  # changed: written
        await persistence.update_conversation("signup", (7, 7), None)  # ended: deleted
        await persistence.update_conversation("signup", (7, 7), None)
        assert writes[2:] == ["save_user", "save_conversation"]
        await persistence.drop_user_data(7)  # the citizen deleted their data ...
        await persistence.update_user_data(7, {"lang": "en"})  # ... and writes again
        assert writes[4:] == ["save_user"]
        assert await persistence.get_user_data() == {7: {"lang": "en"}}
    finally:
        await persistence.close()

    reopened = SQLitePersistence(tmp_path / "bot.sqlite3")  # a restart: knows what is stored
    try:
        assert await reopened.get_user_data() == {7: {"lang": "en"}}
        await reopened.update_user_data(7, {"lang": "en"})
        assert writes[5:] == []
    finally:
        await reopened.close()
