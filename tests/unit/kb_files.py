"""A small, valid knowledge directory for the loader's and the matcher's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge import DEFAULT_DIR

ENTRY = """\
entries:
  - id: bildung-jbz
    category: bildung
    title: Jugend.Berufs.Zentrum
    questions:
      - Was ist das Jugend.Berufs.Zentrum?
    keywords: [jbz]
    answer: Beratung unter einem Dach.
    related: [kontakt-stelle]
  - id: kontakt-stelle
    category: kontakt
    title: Kontakt
    questions:
      - Wie erreiche ich Sie?
    answer: Schreiben Sie uns.
"""


def write_kb_dir(path: Path) -> Path:
    """The bundled messages plus two small entries, in `path`."""
    for messages in DEFAULT_DIR.glob("messages*.yaml"):  # the core texts and each feature's
        shutil.copy(messages, path / messages.name)
    text = (path / "messages.yaml").read_text(encoding="utf-8")
    # The bundled menu points at bundled entries; this directory has its own.
    start, end = text.index("menu:"), text.index("messages:")
    text = text[:start] + "menu:\n  - kontakt-stelle\n\n" + text[end:]
    (path / "messages.yaml").write_text(text, encoding="utf-8")
    (path / "a.yaml").write_text(ENTRY, encoding="utf-8")
    return path
