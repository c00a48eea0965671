"""End to end: the team reloads an edited knowledge directory with /neu_laden (or SIGHUP)
while the bot runs; citizens get the new answers and hear of changed events, and a broken
directory is reported to the team while the bot keeps answering from the one it has."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi, JSONDict, User, messages_text
from harness import (
    ANNA,
    COORDINATOR_CHAT_ID,
    T0,
    Clock,
    StartBot,
    copy_knowledge,
    labels,
    replies,
    say,
    started,
    write_events,
)

import bot as bot_module
from handlers.ui import MAX_MESSAGE
from knowledge import KnowledgeBase, KnowledgeError, load
from runtime.context import BotContext, Knowledge
from runtime.settings import from_env

pytestmark = pytest.mark.usefixtures("clean_run")

JBZ_QUESTION = "Was ist das Jugend.Berufs.Zentrum?"
EDITED = "Diese Antwort hat das Team eben geändert."  # a test's edit, not a fact of the KB
TREFFEN = ("treffen", "Treffen", T0 + timedelta(days=3), "engagement")


def edit_jbz_answer(directory: Path, kb: KnowledgeBase) -> None:
    """The curator rewrites the first paragraph of the JBZ's answer in bildung.yaml."""
    first = kb.by_id["bildung-jbz"].answer.splitlines()[0]
    path = directory / "bildung.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(first) == 1
    path.write_text(text.replace(first, EDITED), encoding="utf-8")


async def team_says(fake: FakeBotApi, user: User, text: str, count: int = 1) -> list[JSONDict]:
    """A team member writes in the coordinator group; the bot's `count` replies there."""
    before = len(fake.sent_to(COORDINATOR_CHAT_ID))
    await fake.send_text(user, text, chat_id=COORDINATOR_CHAT_ID)
    await fake.wait_for(
        lambda: len(fake.sent_to(COORDINATOR_CHAT_ID)) >= before + count, 10, "the team's reply"
    )
    return fake.sent_to(COORDINATOR_CHAT_ID)[before:]


async def test_neu_laden_serves_the_edited_answers_and_tells_subscribers_of_event_changes(
    fake_api: FakeBotApi, start_bot: StartBot, events_dir: Callable, anna: User,
    coordinator: User, clock: Clock, kb: KnowledgeBase,
) -> None:  # fmt: skip
    kb_dir = events_dir([TREFFEN])
    await started(start_bot, kb_dir)
    await fake_api.send_text(anna, "/abos")
    (abos,) = await replies(fake_api, ANNA, 1)
    await fake_api.press(anna, abos, FakeBotApi.button_data(abos, "+ Alle neuen Termine"))
    await fake_api.wait_for(lambda: not fake_api.unanswered_callbacks, 5, "subscribed")
    old = await say(fake_api, anna, JBZ_QUESTION)
    assert EDITED not in old["text"]

    # The curator edits the answer and events.yaml: "Treffen" moves a day, "Messe" is new.
    edit_jbz_answer(kb_dir, kb)
    moved = (*TREFFEN[:2], TREFFEN[2] + timedelta(days=1), TREFFEN[3])
    write_events(kb_dir, [moved, ("messe", "Messe", T0 + timedelta(days=9), "wirtschaft")])
    # Nothing changes before the team says so.
    assert EDITED not in (await say(fake_api, anna, JBZ_QUESTION))["text"]

    before = len(fake_api.sent_to(ANNA))
    (report,) = await team_says(fake_api, coordinator, "/neu_laden")
    files = {entry.source.split(":")[0] for entry in kb.entries}
    assert report["text"] == kb.messages.get(
        "reload_done", entries=len(kb.entries), files=len(files),
        messages=len(kb.messages.texts), events=2, added=1, changed=1, removed=0, notices=2,
    ).strip()  # fmt: skip
    await fake_api.wait_for(lambda: len(fake_api.sent_to(ANNA)) >= before + 2, 5, "2 notices")
    notices = messages_text(fake_api.sent_to(ANNA)[before:])
    assert notices[0].startswith("📣 Neuer Termin:\n\nMesse\n")
    assert notices[1].startswith("✏️ Dieser Termin wurde geändert.")

    new = await say(fake_api, anna, JBZ_QUESTION)
    assert EDITED in new["text"]
    assert labels(new) == labels(old)  # same entry, same follow-ups

    # Reloading the same files again changes nothing and tells nobody anything.
    before = len(fake_api.sent_to(ANNA))
    (report,) = await team_says(fake_api, coordinator, "/neu_laden")
    assert "(neu: 0, geändert: 0, entfernt: 0)" in report["text"]
    await asyncio.sleep(0.2)
    assert len(fake_api.sent_to(ANNA)) == before


async def test_a_broken_knowledge_base_is_listed_for_the_team_and_the_old_one_kept(
    fake_api: FakeBotApi, start_bot: StartBot, tmp_path: Path, anna: User, coordinator: User,
    kb: KnowledgeBase,
) -> None:  # fmt: skip
    kb_dir = copy_knowledge(tmp_path / "kb")
    await start_bot(kb_dir)
    old = await say(fake_api, anna, JBZ_QUESTION)

    # The curator's edit breaks things: the JBZ's new answer is in a file with 80 problems
    # (more than one message holds), two of them in every entry, with markup-like keys.
    edit_jbz_answer(kb_dir, kb)
    lines = ["entries:"]
    for n in range(40):
        lines += [f"  - id: kaputt-{n}", "    category: programm", "    title: Kaputt",
                  "    questions: [Kaputt]", "    <b>&nbsp;: 1"]  # fmt: skip
    (kb_dir / "zz.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as invalid:
        load(kb_dir)
    problems = invalid.value.problems
    assert len(problems) == 80

    await team_says(fake_api, coordinator, "/neu_laden", count=2)
    await asyncio.sleep(0.3)  # and nothing after the last part
    parts = messages_text(fake_api.sent_to(COORDINATOR_CHAT_ID))
    assert len(parts) >= 2 and all(len(part) <= MAX_MESSAGE for part in parts)
    report = "\n".join(parts)
    assert report.startswith(
        "⚠️ Die Wissensbasis wurde nicht neu geladen, weil sie 80 Fehler enthält."
    )
    assert report.endswith("senden Sie dann noch einmal /neu_laden.")
    for problem in problems:  # every problem, with file and line, shown as written
        assert f"• {problem}" in report
    assert "zz.yaml:6: entry 'kaputt-0': unknown key '<b>&nbsp;'" in report

    # The bot still answers from the knowledge base it had.
    assert (await say(fake_api, anna, JBZ_QUESTION))["text"] == old["text"]

    (kb_dir / "zz.yaml").unlink()  # fixed: the next reload takes the edit
    (report_ok,) = await team_says(fake_api, coordinator, "/neu_laden")
    assert report_ok["text"].startswith("✅ Die Wissensbasis ist neu geladen")
    assert EDITED in (await say(fake_api, anna, JBZ_QUESTION))["text"]


async def test_only_the_team_may_reload(
    fake_api: FakeBotApi, start_bot: StartBot, tmp_path: Path, anna: User, ben: User,
    coordinator: User, kb: KnowledgeBase,
) -> None:  # fmt: skip
    kb_dir = copy_knowledge(tmp_path / "kb")
    running = await start_bot(kb_dir, COORDINATOR_USER_IDS=str(coordinator.id))
    knowledge = running.app.bot_data.knowledge
    edit_jbz_answer(kb_dir, kb)
    reply = await say(fake_api, anna, "/neu_laden")  # a citizen, in her private chat
    assert reply["text"] == kb.messages.get("coordinator_only", "de")
    (reply,) = await team_says(fake_api, ben, "/neu_laden")  # in the group, not on the team
    assert reply["text"] == kb.messages.get("coordinator_only", "de")
    assert running.app.bot_data.knowledge is knowledge
    assert EDITED not in (await say(fake_api, anna, JBZ_QUESTION))["text"]


async def test_sighup_reloads_and_tells_the_team(
    fake_api: FakeBotApi, start_bot: StartBot, tmp_path: Path, anna: User, kb: KnowledgeBase
) -> None:
    kb_dir = copy_knowledge(tmp_path / "kb")
    await start_bot(kb_dir)
    # The bot listens for SIGHUP once it runs; never send it before (it would end pytest).
    await fake_api.wait_for(
        lambda: signal.getsignal(signal.SIGHUP) not in (signal.SIG_DFL, signal.SIG_IGN, None),
        5,
        "the SIGHUP handler",
    )
    edit_jbz_answer(kb_dir, kb)
    os.kill(os.getpid(), signal.SIGHUP)
    report = await fake_api.wait_for_message(COORDINATOR_CHAT_ID, lambda m: "✅" in m["text"])
    assert report["text"].startswith("✅ Die Wissensbasis ist neu geladen")
    assert EDITED in (await say(fake_api, anna, JBZ_QUESTION))["text"]


def test_an_update_in_flight_keeps_the_knowledge_base_and_matcher_it_started_with(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    settings = from_env(
        {"TELEGRAM_BOT_TOKEN": "1:abcdef", "COORDINATOR_CHAT_ID": "-1",
         "BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}
    )  # fmt: skip
    app = bot_module.build_app(settings, kb=kb)
    in_flight = BotContext(app)  # python-telegram-bot makes one context per update
    first = in_flight.knowledge
    assert in_flight.matcher is first.matcher
    edited = dataclasses.replace(kb, entries=kb.entries[:-1])
    app.bot_data.knowledge = Knowledge.of(edited)  # /neu_laden swaps the pair meanwhile
    assert in_flight.kb is first.kb and in_flight.matcher is first.matcher
    assert in_flight.matcher.kb is in_flight.kb  # the pair belongs together
    later = BotContext(app)  # the next update
    assert later.kb is edited and later.matcher.kb is edited
