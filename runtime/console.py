"""The terminal chat: the same Application and handlers, with the Bot API answered in-process.

`ConsoleBotApi` is a python-telegram-bot request class: instead of sending HTTP requests to
Telegram it prints what the bot sends and answers like the Bot API would. `run` turns each line
the person types into a Telegram update (text, /command, or the number of a button) and feeds it
to `Application.process_update`, exactly as polling would. With piped input it answers each line
and returns at end of input.

The terminal plays the team too: `/team <Text>` is a team member writing in the coordinator
chat. It answers the bot's last question there if that asked for a reply (the steps of
`/termin_neu`), else it replies to the latest message that belongs to a citizen's question
(its card, an addition, a confirmation), so the whole handoff can be tried: question, card,
answer, confirmation. `/team /offen`, `/team /termin_neu` etc. run the team's commands, and
`/team T2` presses the team's button marked T2.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import sys
import time
from typing import Any, TextIO

from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from runtime import lifecycle
from storage.message_links import MessageLinks
from storage.outbox import Outbox

BOT_USER = {"id": 1, "is_bot": True, "first_name": "Engagierte Stadt", "username": "demo_bot"}
CITIZEN = {"id": 1001, "is_bot": False, "first_name": "Gast", "language_code": "de"}
TEAM_MEMBER = {"id": 2002, "is_bot": False, "first_name": "Team", "language_code": "de"}
TEAM = "/team"  # a line starting with this is the team's, in the coordinator chat
_BUTTON = re.compile(r"[Tt]\d+")  # `/team T2`: the team presses its button T2
_TAG = re.compile(r"<(/?)(\w+)[^>]*>")
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)


def html_to_text(text: str) -> str:
    """Telegram HTML as terminal text: tags dropped, links as 'title (url)', entities decoded."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return html.unescape(_TAG.sub("", text))


class ConsoleBotApi(BaseRequest):
    """Answers the bot's API calls in-process and prints its messages to a terminal."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.message_ids = itertools.count(1)
        self.buttons: list[tuple[str, str, dict[str, Any]]] = []  # (label, data, message)
        self.team_buttons: list[tuple[str, str, dict[str, Any]]] = []  # the same, team chat
        self.team_prompt: int | None = None  # the bot's last team message asking for a reply

    @property
    def read_timeout(self) -> float | None:
        """No network, no timeout."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = None,
        write_timeout: object = None,
        connect_timeout: object = None,
        pool_timeout: object = None,
    ) -> tuple[int, bytes]:
        """Handle one Bot API method call."""
        api_method = url.rsplit("/", 1)[-1].lower()
        params = request_data.parameters if request_data else {}
        files = request_data.multipart_data if request_data else {}
        result = self._call(api_method, params, {key: value[0] for key, value in files.items()})
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _call(self, method: str, params: dict[str, Any], file_names: dict[str, str]) -> object:
        """What Telegram would answer to `method`; `file_names` of the uploads by field."""
        if method == "getme":
            return BOT_USER
        if method in ("sendmessage", "editmessagetext"):
            return self._show(params)
        if method == "editmessagereplymarkup":  # e.g. ✓ marks of a multi-select
            message = self._message(params, {"text": ""})
            self._keep_keyboard(params, message)
            self._list_buttons(params.get("reply_markup"), message)
            return message
        if method == "senddocument":
            name = next(iter(file_names.values()), None) or "Datei"
            caption = html_to_text(str(params.get("caption", "")))
            self.out.write(f"\nBot: [Dokument: {name}]{f' {caption}' if caption else ''}\n")
            return self._message(params, {"document": {"file_id": "f", "file_unique_id": "f"}})
        if method == "answercallbackquery" and params.get("text"):
            self.out.write(f"\nBot (Hinweis): {params['text']}\n")
        return True

    def _message(self, params: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params.get("chat_id", CITIZEN["id"]))
        message_id = int(params.get("message_id") or next(self.message_ids))
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group", "title": "Team"}
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **extra,
        }

    def _show(self, params: dict[str, Any]) -> dict[str, Any]:
        text = str(params.get("text", ""))
        markup = params.get("reply_markup")
        message = self._message(params, {"text": text})
        self._keep_keyboard(params, message)
        if message["chat"]["id"] < 0 and text:
            markup = params.get("reply_markup")
            asks = isinstance(markup, dict) and bool(markup.get("force_reply"))
            self.team_prompt = message["message_id"] if asks else None
        prefix = "Bot → Team" if message["chat"]["id"] < 0 else "Bot"
        self.out.write(f"\n{prefix}: {html_to_text(text)}\n")
        self._list_buttons(markup, message)
        return message

    @staticmethod
    def _keep_keyboard(params: dict[str, Any], message: dict[str, Any]) -> None:
        """Like Telegram, a sent message carries its inline keyboard only; a ForceReply or a
        reply keyboard is not part of the message."""
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup

    def _list_buttons(self, markup: object, message: dict[str, Any]) -> None:
        """Number the message's buttons; typing a number presses one."""
        rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
        labelled = [b for row in rows for b in row if "callback_data" in b]
        if labelled and message["chat"]["id"] < 0:  # the team's buttons: `/team T<n>`
            self.team_buttons = [(b["text"], b["callback_data"], message) for b in labelled]
            for number, (label, _, _) in enumerate(self.team_buttons, start=1):
                self.out.write(f"  [T{number}] {label}\n")
        elif labelled:
            self.buttons = [(b["text"], b["callback_data"], message) for b in labelled]
            for number, (label, _, _) in enumerate(self.buttons, start=1):
                self.out.write(f"  [{number}] {label}\n")
        self.out.flush()


class ConsoleChat:
    """Turns typed lines into updates for one citizen."""

    def __init__(self, api: ConsoleBotApi) -> None:
        self.api = api
        self.update_ids = itertools.count(1)

    def update_for(self, line: str) -> dict[str, Any]:
        """The update a Telegram client would send for this line."""
        if line.isdigit() and 1 <= int(line) <= len(self.api.buttons):
            return self._press(self.api.buttons[int(line) - 1], CITIZEN)
        chat = {"id": CITIZEN["id"], "type": "private", "first_name": CITIZEN["first_name"]}
        return {"update_id": next(self.update_ids), "message": self._message(chat, CITIZEN, line)}

    def team_press_for(self, label: str) -> dict[str, Any] | None:
        """A team member presses the team's button `T<n>`; None if there is no such button."""
        number = int(label[1:])
        if 1 <= number <= len(self.api.team_buttons):
            return self._press(self.api.team_buttons[number - 1], TEAM_MEMBER)
        return None

    def _press(self, button: tuple[str, str, dict[str, Any]], user: dict[str, Any]) -> dict:
        _, data, message = button
        update_id = next(self.update_ids)
        query = {"id": str(update_id), "from": user, "chat_instance": "console", "data": data,
                 "message": message}  # fmt: skip
        return {"update_id": update_id, "callback_query": query}

    def team_update_for(self, text: str, chat_id: int, reply_to: int | None) -> dict[str, Any]:
        """A team member writes `text` in the coordinator chat, replying to message `reply_to`."""
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group", "title": "Team"}
        message = self._message(chat, TEAM_MEMBER, text)
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to, "date": int(time.time()), "chat": chat, "from": BOT_USER,
            }  # fmt: skip
        return {"update_id": next(self.update_ids), "message": message}

    def _message(self, chat: dict[str, Any], sender: dict[str, Any], text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self.api.message_ids), "date": int(time.time()),
            "chat": chat, "from": sender, "text": text,
        }  # fmt: skip
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return message


async def drain(app: Application, timeout: float = 3.0) -> None:  # noqa: ASYNC109
    """Wait until the outbox has sent what the last update queued (at most `timeout` s)."""
    services = app.bot_data
    if services.db is None or services.sender is None:
        return
    outbox = Outbox(services.db)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = await outbox.counts()
        if not counts.get("pending") and not counts.get("sending"):
            return
        services.sender.wake()
        await asyncio.sleep(0.02)


async def _team_update(
    app: Application, chat: ConsoleChat, text: str, out: TextIO
) -> dict[str, Any] | None:
    """The update for a `/team …` line, or None (with a hint) if there is nothing to do."""
    chat_id = app.bot_data.settings.coordinator_chat_id
    if text.startswith("/"):  # a team command such as /offen: not a reply
        return chat.team_update_for(text, chat_id, None)
    if _BUTTON.fullmatch(text):
        press = chat.team_press_for(text)
        if press is None:
            out.write(f"\n(Der Team-Chat hat keinen Knopf {text.upper()}.)\n")
        return press
    if text and chat.api.team_prompt is not None:  # the bot asked the team something
        return chat.team_update_for(text, chat_id, chat.api.team_prompt)
    latest = await MessageLinks(app.bot_data.db).latest_message(chat_id) if text else None
    if latest is None:
        out.write(
            "\n(/team <Text> antwortet als Team auf die letzte Frage beim Team; "
            "es ist noch keine da.)\n"
            if text
            else "\n(/team <Text>: als Team antworten.)\n"
        )
        return None
    return chat.team_update_for(text, chat_id, latest)


async def run(app: Application, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    """Chat in the terminal until end of input (Ctrl-D) or /ende."""
    api = app.bot.request if isinstance(app.bot.request, ConsoleBotApi) else None
    if api is None:
        raise TypeError("the console needs an Application built with ConsoleBotApi")
    chat = ConsoleChat(api)
    interactive = stdin.isatty()
    await lifecycle.start(app)
    try:
        if interactive:
            out.write("Terminal-Chat mit dem Bot. Tippen Sie eine Frage, /start, oder die Nummer "
                      "eines Knopfes. Als Team: /team <Text> (antwortet auf die letzte Frage "
                      "beim Team), /team /offen, /team T1 (Knopf T1 des Teams). "
                      "Ende mit Strg-D.\n")  # fmt: skip
        await app.process_update(Update.de_json(chat.update_for("/start"), app.bot))
        while True:
            if interactive:
                out.write("\nSie: ")
                out.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if line == TEAM or line.startswith(TEAM + " "):
                update = await _team_update(app, chat, line.removeprefix(TEAM).strip(), out)
                if update is None:
                    continue
                if not interactive:
                    out.write(f"\nTeam: {line.removeprefix(TEAM).strip()}\n")
            else:
                update = chat.update_for(line)
                if not interactive:
                    out.write(f"\nSie: {line}\n")
            await app.process_update(Update.de_json(update, app.bot))
            await drain(app)  # so that queued messages (e.g. "your question is with the team")
            # appear before the next prompt, and none is left unsent at the end of input
    finally:
        await lifecycle.stop(app)
