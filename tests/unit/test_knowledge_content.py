"""The bundled knowledge base as a citizen reads it: only the programme's shared contact, an
English answer for every entry, and a next step in every answer."""

from __future__ import annotations

import re

import pytest

from knowledge import Entry, KnowledgeBase
from knowledge.model import SMALL_TALK

OFFICE_EMAIL = "engagiertestadt@dessau-rosslau.de"
OFFICE_PHONES = {"0340 204-1401", "+49 340 204-1401"}  # the one number of the source
EXAMPLE_DOMAINS = ("@example.org", "@example.com", "@example.net")  # how to type an address
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\d.:])(?:\+\d{2} |0)\d{2,5}[ /]?\d{3,}(?:-\d+)?")
# What a citizen can do next: ask the office, use a command, ask the bot, tap a button.
NEXT_STEP = re.compile(
    r"Koordinierungsstelle|coordination office|/[a-z]+|Fragen Sie|[Aa]sk me|Tippen Sie|Tap "
)


def texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """Every text a citizen can be shown: answers and messages, with where they come from."""
    found = [(f"{e.id} (de)", e.answer) for e in kb.entries]
    found += [(f"{e.id} (en)", e.answer_en) for e in kb.entries if e.answer_en]
    found += [
        (f"message {key} ({lang})", text)
        for key, variants in kb.messages.texts.items()
        for lang, text in variants.items()
    ]
    return found


def test_the_only_contact_is_the_offices_shared_one(kb: KnowledgeBase) -> None:
    for where, text in texts(kb):
        emails = {e for e in EMAIL.findall(text) if not e.endswith(EXAMPLE_DOMAINS)}
        assert emails <= {OFFICE_EMAIL}, where
        assert set(PHONE.findall(text)) <= OFFICE_PHONES, where


def topics(kb: KnowledgeBase) -> list[Entry]:
    return [entry for entry in kb.entries if entry.category != SMALL_TALK]


def test_every_entry_answers_in_english_too(kb: KnowledgeBase) -> None:
    assert [e.id for e in kb.entries if not (e.answer_en and e.title_en)] == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_answer_offers_a_next_step(kb: KnowledgeBase, lang: str) -> None:
    without = [e.id for e in topics(kb) if not NEXT_STEP.search(e.answer_in(lang))]
    assert without == []
