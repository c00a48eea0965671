"""The handoff's pure parts: how the team reads times and figures."""

from __future__ import annotations

from datetime import timedelta

from handlers.handoff.cards import age
from knowledge import KnowledgeBase
from knowledge.model import Messages


def test_waiting_times_read_in_minutes_hours_and_days(kb: KnowledgeBase) -> None:
    messages = kb.messages
    assert age(messages, timedelta(seconds=59)) == "unter 1 Min."
    assert age(messages, timedelta(minutes=59, seconds=59)) == "59 Min."
    assert age(messages, timedelta(hours=2, minutes=5)) == "2 Std. 5 Min."
    assert age(messages, timedelta(hours=47, minutes=59)) == "47 Std. 59 Min."
    assert age(messages, timedelta(days=3, hours=5)) == "3 Tage"


def test_the_words_for_waiting_times_come_from_the_messages_file() -> None:
    messages = Messages(
        texts={
            "age_under_minute": {"de": "gerade eben"},
            "age_minutes": {"de": "{minutes} Minuten"},
            "age_hours": {"de": "{hours} h {minutes} min"},
            "age_days": {"de": "seit {days} Tagen"},
        }
    )
    assert age(messages, timedelta(seconds=10)) == "gerade eben"
    assert age(messages, timedelta(minutes=7)) == "7 Minuten"
    assert age(messages, timedelta(hours=1, minutes=1)) == "1 h 1 min"
    assert age(messages, timedelta(days=2)) == "seit 2 Tagen"
