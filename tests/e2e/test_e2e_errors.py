"""End to end: when a handler fails, the citizen hears so, and the log names the failure without
what the citizen wrote."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from fake_bot_api import FakeBotApi
from harness import RunningBot

from handlers import ui
from knowledge import Decision, KnowledgeBase

ANNA = 4242
QUESTION = "Wie kann ich mich engagieren, Anna Beispiel, Musterstraße 1?"


class BrokenMatcher:
    """A matcher that fails the way a bug would, quoting the question in its message."""

    cues = None  # German: read by the patterns of knowledge/reading.py
    language = "de"

    def ask(self, query: str, skip: frozenset[str] = frozenset()) -> Decision:
        """Fail."""
        raise RuntimeError(f"cannot match {query!r}")


async def test_a_failing_question_gets_an_apology_and_the_log_keeps_no_text(
    bot: RunningBot, fake_api: FakeBotApi, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    assert bot.app is not None and bot.app.bot_data.knowledge is not None
    broken = dataclasses.replace(bot.app.bot_data.knowledge, matcher=BrokenMatcher())
    bot.app.bot_data.knowledge = broken  # type: ignore[arg-type]
    anna = fake_api.user(ANNA, "Anna", language_code="de")
    with caplog.at_level(logging.ERROR, logger="runtime.errors"):
        await fake_api.send_text(anna, QUESTION)
        reply = await fake_api.wait_for_message(ANNA)
    assert reply["text"] == kb.messages.get("error", "de")
    await fake_api.wait_for(lambda: bool(bot.errors), 2, "the error recorded")
    assert [type(error) for error in bot.errors] == [RuntimeError]
    [record] = [r for r in caplog.records if r.name == "runtime.errors"]
    logged = record.getMessage() + (record.exc_text or "")
    assert "failed: RuntimeError" in logged
    assert "questions.py" in logged  # where it failed
    assert "Musterstraße" not in logged and "Anna" not in logged
    assert fake_api.api_errors == []


async def test_a_failing_button_is_answered_and_the_apology_sent(
    bot: RunningBot, fake_api: FakeBotApi, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = fake_api.user(ANNA, "Anna", language_code="en")
    await fake_api.send_text(anna, "/start")
    menu = await fake_api.wait_for_message(ANNA)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the entry could not be shown")

    monkeypatch.setattr(ui, "send_entry", broken)
    await fake_api.press(anna, menu, "kb:kontakt-koordinierungsstelle")
    apology = await fake_api.wait_for_message(ANNA, lambda m: m is not menu)
    assert apology["text"] == kb.messages.get("error", "en")  # Anna's Telegram is English
    await fake_api.wait_for(lambda: not fake_api.unanswered_callbacks, 2, "answered buttons")
    await fake_api.wait_for(lambda: bool(bot.errors), 2, "the error recorded")
    assert [type(error) for error in bot.errors] == [RuntimeError]


async def test_a_button_under_a_message_telegram_no_longer_shows_is_answered_as_outdated(
    bot: RunningBot, fake_api: FakeBotApi, kb: KnowledgeBase
) -> None:
    anna = fake_api.user(ANNA, "Anna", language_code="de")
    gone = {"message_id": 987_654, "chat": {"id": ANNA, "type": "private"}, "date": 0}
    query_id = await fake_api.press(anna, gone, "kb:kontakt-koordinierungsstelle")
    await fake_api.wait_for(lambda: query_id in fake_api.answered_callbacks, 2, "the answer")
    assert fake_api.answered_callbacks[query_id]["text"] == kb.messages.get("stale_button", "de")
    assert bot.errors == []
