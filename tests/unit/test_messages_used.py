"""Every text the code asks for by name is in the bundled messages files, so a knowledge
directory that has the bundled texts (knowledge.loader.required_messages) has every text the
bot sends; a typo in a key fails here, not in front of a citizen."""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.loader import required_messages

ROOT = Path(__file__).resolve().parents[2]
# messages.get("key", …), kb.messages.get(\n "key", …), html(messages, "key", …),
# button(messages, "key", …), messages.texts.get("key", …)
NAMED = re.compile(
    r"messages(?:\.texts)?\.get\(\s*\"([a-z][a-z0-9_]*)\"|\(\s*messages,\s*\"([a-z][a-z0-9_]*)\""
)


def named_in_code() -> dict[str, str]:
    """The message keys the code names literally, with one place each."""
    found: dict[str, str] = {}
    for folder in ("handlers", "runtime", "knowledge"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for match in NAMED.finditer(text):
                key = match.group(1) or match.group(2)
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault(key, f"{path.relative_to(ROOT)}:{line}")
    return found


def test_every_text_the_code_names_is_in_the_bundled_messages() -> None:
    named = named_in_code()
    assert len(named) > 150  # the pattern still finds the code's texts
    missing = {key: where for key, where in named.items() if key not in required_messages()}
    assert missing == {}
