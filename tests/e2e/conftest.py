"""Fixtures of the end-to-end tests."""

from __future__ import annotations

import pytest
from fake_bot_api import FakeBotApi, User
from handoff_steps import (
    BOB,
    KATHRIN,
)


@pytest.fixture
def bob(fake_api: FakeBotApi) -> User:
    """Another citizen, without a username."""
    return fake_api.user(BOB, "Bob", language_code="en")


@pytest.fixture
def kathrin(fake_api: FakeBotApi) -> User:
    """A member of the coordinator group."""
    return fake_api.user(KATHRIN, "Kathrin", username="koordination")
