"""The sign-up's pure decisions: choices, stale drafts, escaped texts, button data size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from telegram import User

from handlers.signup.draft import (
    CODES,
    DRAFT,
    Draft,
    Step,
    fill,
    labels,
    new_draft,
    stale_drafts,
    toggle,
)
from handlers.signup.team import card
from knowledge import load
from knowledge.model import Option
from knowledge.signup import OPTION_ID
from storage.signups import Signup

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
OPTIONS = (Option("a", "Eins", "One"), Option("b", "Zwei"), Option("c", "Drei"))


def test_choosing_keeps_the_configured_order_and_is_idempotent() -> None:
    chosen = toggle([], "c", True, OPTIONS)
    chosen = toggle(chosen, "a", True, OPTIONS)
    assert chosen == ["a", "c"]
    assert toggle(chosen, "a", True, OPTIONS) == ["a", "c"]  # the same tap twice
    assert toggle(chosen, "a", False, OPTIONS) == ["c"]
    assert toggle(chosen, "b", False, OPTIONS) == ["a", "c"]


def test_labels_follow_the_language_and_skip_removed_options() -> None:
    assert labels(["a", "b", "gone"], OPTIONS, "en") == ["One", "Zwei"]
    assert labels(["a"], OPTIONS, "de") == ["Eins"]


def test_drafts_older_than_the_limit_are_stale() -> None:
    user_data = {
        1: {DRAFT: new_draft("de", NOW - timedelta(days=8)).as_json()},
        2: {DRAFT: new_draft("de", NOW - timedelta(days=6)).as_json()},
        3: {"lang": "de"},
        4: {DRAFT: {"started": "kaputt"}},
    }
    assert stale_drafts(user_data, NOW, timedelta(days=7)) == [1, 4]


def test_a_new_draft_is_json_and_has_a_short_flow_id() -> None:
    draft = new_draft("en", NOW)
    assert len(draft.flow) == 6 and int(draft.flow, 16) >= 0
    assert new_draft("en", NOW).flow != draft.flow
    assert draft.step == Step.NAME and draft.lang == "en"
    assert all(isinstance(v, str | list | bool | type(None)) for v in draft.as_json().values())
    assert Draft.of(draft.as_json()) == draft


def test_what_is_not_a_draft_reads_as_none() -> None:
    assert Draft.of(None) is None
    assert Draft.of({"lang": "de"}) is None  # no flow, no start
    assert Draft.of({"flow": "abc123", "started": "x", "lang": "de", "old": 1}) is not None


def test_fill_escapes_the_template_and_the_values_but_not_raw_html() -> None:
    text = fill("A & {name}: {link}", raw={"link": '<a href="x">y</a>'}, name="<b>Bob</b>")
    assert text == 'A &amp; &lt;b&gt;Bob&lt;/b&gt;: <a href="x">y</a>'


def test_the_teams_card_escapes_what_the_volunteer_wrote() -> None:
    kb = load()
    signup = Signup(
        user_id=7, name="<script>", interests=("Demokratiebildung",), availability=("abends",),
        contact=None, note="a & b", language="en", consent_version="2026-11", consent_at=NOW,
    )  # fmt: skip
    user = User(7, "Eve", is_bot=False, username=None)
    html = card(kb.messages, signup, user, updated=False)
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "a &amp; b" in html
    assert '<a href="tg://user?id=7">Eve</a> (ID 7)' in html
    assert "Sprache: Englisch" in html


def test_button_data_fits_telegrams_64_bytes() -> None:
    longest_id = "x" * 24  # what signup.yaml's validation allows (OPTION_ID)
    assert OPTION_ID.match(longest_id) and not OPTION_ID.match(longest_id + "x")
    data = f"su:{new_draft('de', NOW).flow}:{CODES[Step.INTERESTS]}:-{longest_id}"
    assert len(data.encode()) <= 64
