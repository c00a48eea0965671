"""Fixtures of the pure tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import Matcher, load
from tests.unit.kb_files import write_kb_dir


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A valid knowledge directory: the bundled messages plus two small entries."""
    return write_kb_dir(tmp_path)


@pytest.fixture(scope="session")
def bundled_matcher() -> Matcher:
    """The matcher over the bundled knowledge base, built once."""
    return Matcher(load())
