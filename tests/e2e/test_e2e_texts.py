"""Texts at Telegram's edges: answers over 4096 characters, other scripts, markup characters."""

from __future__ import annotations

import shutil
from pathlib import Path

from fake_bot_api import FakeBotApi

from handlers.ui import MAX_MESSAGE, split_text
from knowledge import DEFAULT_DIR

LONG_ENTRY = """\
entries:
  - id: lang-antwort
    category: programm
    title: Eine lange Antwort
    questions:
      - Erzähl mir alles über die Geschichte & <Struktur>
    answer: |
{paragraphs}
    related: [kurz]
  - id: kurz
    category: kontakt
    title: Kurz
    questions:
      - Wie erreiche ich das Büro?
    answer: Schreiben Sie uns.
"""


def test_split_keeps_paragraphs_and_never_cuts_an_entity() -> None:
    text = "\n\n".join(["A &amp; B " * 60] * 20)
    chunks = split_text(text)
    assert all(len(chunk) <= MAX_MESSAGE for chunk in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )
    assert not any(chunk.endswith("&") or chunk.startswith("amp;") for chunk in chunks)
    unbroken = "x" * 10_000  # no space anywhere: cut hard at the limit
    assert [len(c) for c in split_text(unbroken)] == [4096, 4096, 1808]


async def test_an_answer_over_4096_characters_arrives_in_parts_with_buttons_last(
    start_bot: object, fake_api: FakeBotApi, tmp_path: Path
) -> None:
    for messages in DEFAULT_DIR.glob("messages*.yaml"):
        shutil.copy(messages, tmp_path / messages.name)
    menu = (tmp_path / "messages.yaml").read_text(encoding="utf-8")
    start, end = menu.index("menu:"), menu.index("messages:")
    (tmp_path / "messages.yaml").write_text(menu[:start] + "menu: [kurz]\n\n" + menu[end:])
    paragraph = "      " + "Ein Satz über Engagement & <Bildung> in Dessau-Roßlau. " * 30
    long_answer = "\n\n".join([paragraph] * 8)
    entry = LONG_ENTRY.format(paragraphs=long_answer)
    (tmp_path / "a.yaml").write_text(entry, encoding="utf-8")
    await start_bot(knowledge_dir=tmp_path)  # type: ignore[operator]
    anna = fake_api.user(4242, "Anna")
    await fake_api.send_text(anna, "Erzähl mir alles über die Geschichte & <Struktur>")
    last = await fake_api.wait_for_message(4242, lambda m: bool(m.get("reply_markup")))
    parts = fake_api.sent_to(4242)
    assert len(parts) == 4  # 8 paragraphs of ~1,650 characters: 4 messages of 2 paragraphs
    assert parts[-1] is last and all("reply_markup" not in p for p in parts[:-1])
    escape = "Das passt nicht – Frage ans Team"
    assert [label for label, _ in FakeBotApi.buttons(last)] == ["Kurz", escape, "Hauptmenü"]
    assert all(len(p["text"]) <= MAX_MESSAGE for p in parts)
    assert "Engagement & <Bildung>" in parts[0]["text"]
    assert fake_api.api_errors == []


async def test_other_scripts_and_markup_characters_reach_the_team_unharmed(
    start_bot: object, fake_api: FakeBotApi
) -> None:
    await start_bot()  # type: ignore[operator]
    ivan = fake_api.user(5151, "Иван", language_code="ru")
    question = "Где продлить паспорт? <b>*_[ссылка](x)_*</b> & مرحبا"  # for the team
    await fake_api.send_text(ivan, question)
    await fake_api.wait_for_message(5151)
    card = await fake_api.wait_for_message(-1009999, lambda m: "Иван" in m["text"])
    assert question in card["text"]  # shown as written, not as formatting
    assert fake_api.api_errors == []
