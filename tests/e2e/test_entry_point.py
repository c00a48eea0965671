"""bot.py as an operator meets it: configuration errors, the terminal chat, the webhook."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fake_bot_api import FakeBotApi
from harness import COORDINATOR_CHAT_ID, TOKEN, StartBot, say

import bot as bot_module
from knowledge import KnowledgeBase
from runtime import lifecycle
from runtime.settings import from_env

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cret-token_for-webhooks"


def run_bot(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run `python bot.py ARGS` with only `env` (and PATH) in its environment."""
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_missing_token_is_one_line_and_exit_status_2() -> None:
    result = run_bot(env={"COORDINATOR_CHAT_ID": "-100"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: TELEGRAM_BOT_TOKEN is not set (ask @BotFather for a token)"
    ]
    assert "Traceback" not in result.stderr


def test_a_malformed_setting_is_named_and_the_token_not_shown() -> None:
    result = run_bot(env={"TELEGRAM_BOT_TOKEN": TOKEN, "COORDINATOR_CHAT_ID": "abc"})
    assert result.returncode == 2
    assert "COORDINATOR_CHAT_ID must be a number" in result.stderr
    assert TOKEN not in result.stderr + result.stdout
    result = run_bot(
        env={"TELEGRAM_BOT_TOKEN": TOKEN, "COORDINATOR_CHAT_ID": "-1", "TICKETS_PER_HOUR": "0"}
    )
    assert result.returncode == 2
    assert "TICKETS_PER_HOUR must be a positive number" in result.stderr


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"WEBHOOK_PORT": "99999"}, "WEBHOOK_PORT must be a port number from 1 to 65535"),
        ({"COORDINATOR_CHAT_ID": "0"}, "COORDINATOR_CHAT_ID must be a chat id like"),
        ({"BOT_DB_PATH": "/proc/no-such-dir/bot.sqlite3"}, "BOT_DB_PATH '/proc/no-such-dir/"),
    ],
)
def test_more_malformed_settings_are_one_line(env: dict[str, str], line: str) -> None:
    result = run_bot(env={"TELEGRAM_BOT_TOKEN": TOKEN, "COORDINATOR_CHAT_ID": "-1", **env})
    assert result.returncode == 2
    [printed] = result.stderr.strip().splitlines()
    assert printed.startswith(f"Configuration error: {line}")


async def run_bot_async(env: dict[str, str]) -> tuple[int, str]:
    """`python bot.py` while this test's event loop keeps serving the fake Bot API."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "bot.py", cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def test_what_only_starting_shows_is_one_line_without_the_token(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    """Telegram refuses the token, the database file is not SQLite, the Bot API is not there:
    one line each, no traceback, and the token nowhere (python-telegram-bot's InvalidToken
    message quotes it)."""
    wrong_token = "987654:this-is-not-the-token"
    base = {"COORDINATOR_CHAT_ID": "-1", "BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}
    status, stderr = await run_bot_async(
        {**base, "TELEGRAM_BOT_TOKEN": wrong_token, "TELEGRAM_API_BASE_URL": fake_api.base_url}
    )
    assert status == 2
    assert stderr.strip().splitlines() == [
        "Configuration error: TELEGRAM_BOT_TOKEN was rejected by Telegram"
        " (mistyped or revoked? @BotFather shows the current token)"
    ]
    assert wrong_token not in stderr and "987654" not in stderr
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("Einkaufsliste: Milch, Brot\n" * 100, encoding="utf-8")
    status, stderr = await run_bot_async(
        {**base, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake_api.base_url,
         "BOT_DB_PATH": str(not_a_database)}
    )  # fmt: skip
    assert status == 2
    [line] = stderr.strip().splitlines()
    assert line.startswith(f"Configuration error: BOT_DB_PATH {str(not_a_database)!r} cannot be")
    status, stderr = await run_bot_async(
        {**base, "TELEGRAM_BOT_TOKEN": TOKEN,
         "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{free_port()}/bot"}
    )  # fmt: skip
    assert status == 1
    [line] = stderr.strip().splitlines()
    assert line.startswith("Cannot reach the Telegram Bot API at http://127.0.0.1:")
    assert TOKEN not in stderr


def test_an_invalid_knowledge_base_lists_problems_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("entries:\n  - id: x\n    title: [kaputt\n", "utf-8")
    result = run_bot("--console", env={"KNOWLEDGE_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "a.yaml:" in result.stderr and "YAML syntax error" in result.stderr


def test_the_terminal_chat_answers_piped_lines_and_exits_0(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    result = run_bot(
        "--console",
        env={"BOT_DB_PATH": str(tmp_path / "console.sqlite3")},
        stdin="Was ist das JBZ?\n1\nWo verlängere ich meinen Personalausweis?\n",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Bot: Guten Tag, Gast!" in out  # /start at the beginning
    assert "Sie: Was ist das JBZ?" in out
    jbz = kb.by_id["bildung-jbz"]
    assert f"Bot: {jbz.title}\n\n{jbz.answer.strip()}\n" in out  # as written in the YAML
    pressed = kb.by_id[jbz.related[0]]  # button 1 under the JBZ answer
    assert f"Bot: {pressed.title}\n" in out
    assert "Bot → Team: 📨 Frage Nr. 1" in out  # the card for the team
    assert "weitergegeben (Nr. 1)" in out  # and the citizen's acknowledgement


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_requests_without_the_secret_are_refused(
    fake_api: FakeBotApi, tmp_path: Path
) -> None:
    port = free_port()
    settings = from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "COORDINATOR_CHAT_ID": str(COORDINATOR_CHAT_ID),
            "TELEGRAM_API_BASE_URL": fake_api.base_url,
            "BOT_DB_PATH": str(tmp_path / "bot.sqlite3"),
            "WEBHOOK_URL": "https://bot.example.org/telegram/hook",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_PORT": str(port),
        }
    )
    app = bot_module.build_app(settings)
    options = bot_module.webhook_options(settings)
    await lifecycle.start(app, lambda updater: updater.start_webhook(**options))
    try:
        hook = await fake_api.wait_for_call("setWebhook")
        assert hook.params["url"] == "https://bot.example.org/telegram/hook"
        assert hook.params["secret_token"] == SECRET
        anna = fake_api.user(4242, "Anna")
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 4242, "type": "private", "first_name": "Anna"},
                "from": anna.to_dict(),
                "text": "Hallo",
            },
        }
        url = f"http://127.0.0.1:{port}/telegram/hook"
        async with httpx.AsyncClient() as client:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                response = await client.post(url, content=json.dumps(update), headers=headers)
                assert response.status_code == 403
            await asyncio.sleep(0.2)
            assert fake_api.sent_to(4242) == []  # nothing of the forged updates was processed
            headers = {
                "X-Telegram-Bot-Api-Secret-Token": SECRET,
                "Content-Type": "application/json",
            }
            response = await client.post(url, content=json.dumps(update), headers=headers)
            assert response.status_code == 200
        reply = await fake_api.wait_for_message(4242)
        assert reply["text"].startswith("Guten Tag!")
    finally:
        await lifecycle.stop(app)


async def test_a_second_bot_on_the_same_database_refuses_at_once_and_the_first_goes_on(
    fake_api: FakeBotApi, start_bot: StartBot, kb: KnowledgeBase
) -> None:
    first = await start_bot()
    status, stderr = await run_bot_async(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "COORDINATOR_CHAT_ID": str(COORDINATOR_CHAT_ID),
         "TELEGRAM_API_BASE_URL": fake_api.base_url, "BOT_DB_PATH": str(first.settings.db_path)}
    )  # fmt: skip
    assert status == 2
    [line] = stderr.strip().splitlines()
    assert line.startswith("Another instance of the bot already runs on BOT_DB_PATH")
    assert f"(process {os.getpid()})" in line and TOKEN not in stderr
    anna = fake_api.user(4242, "Anna", language_code="de")
    reply = await say(fake_api, anna, "Was ist das JBZ?")
    assert reply["text"].startswith(kb.by_id["bildung-jbz"].title)
    await first.stop()  # once the first has stopped, the database is free again
    second = await start_bot()
    assert second.settings.db_path == first.settings.db_path
    reply = await say(fake_api, anna, "Was ist das JBZ?")
    assert reply["text"].startswith(kb.by_id["bildung-jbz"].title)
