"""The fake Bot API behaves like Telegram where the bot depends on it.

Driven through python-telegram-bot's own `Bot` and HTTPXRequest, so form encoding, multipart
uploads and error mapping are the real ones.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fake_bot_api import FakeBotApi
from harness import COORDINATOR_CHAT_ID, TOKEN, RunningBot
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

ANNA = 42
# PTB itself reads RetryAfter.retry_after while building the exception (deprecated int form).
RETRY_AFTER_DEPRECATION = pytest.mark.filterwarnings(
    "ignore:.*attribute `retry_after` will be of type:DeprecationWarning"
)


@pytest.fixture
async def client(fake_api: FakeBotApi) -> AsyncIterator[Bot]:
    """A bare PTB Bot talking HTTP to the fake server."""
    fake_api.user(ANNA, "Anna")
    async with Bot(TOKEN, base_url=fake_api.base_url) as bot:
        yield bot


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'expected "</b>", found "</i>"'),
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("1 < 2", 'Unsupported start tag ""'),
        ("AT&T", "Character '&' must be escaped"),
        ('<span class="x">x</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_malformed_html_is_rejected_like_telegram(
    client: Bot, fake_api: FakeBotApi, text: str, reason: str
) -> None:
    with pytest.raises(BadRequest, match="an't parse entities") as caught:
        await client.send_message(ANNA, text, parse_mode="HTML")
    assert reason.lower() in caught.value.message.lower()
    assert fake_api.sent_to(ANNA) == []


async def test_valid_html_becomes_plain_text_with_entities(
    client: Bot, fake_api: FakeBotApi
) -> None:
    html = '<b>Jugend &amp; Beruf</b> 👋 <a href="https://example.org/?a=1&amp;b=2">Link</a> &lt;3'
    message = await client.send_message(ANNA, html, parse_mode="HTML")
    assert message.text == "Jugend & Beruf 👋 Link <3"
    [stored] = fake_api.sent_to(ANNA)
    assert fake_api.entity_texts(stored, "bold") == ["Jugend & Beruf"]
    assert fake_api.entity_texts(stored, "text_link") == ["Link"]  # UTF-16 offsets past 👋
    assert stored["entities"][1]["url"] == "https://example.org/?a=1&b=2"
    assert fake_api.calls_to("sendMessage")[0].params["text"] == html


async def test_text_limit_is_4096_characters_after_entity_parsing(client: Bot) -> None:
    await client.send_message(ANNA, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await client.send_message(ANNA, "a" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await client.send_message(ANNA, "<b> </b>", parse_mode="HTML")


async def test_button_data_over_64_bytes_is_rejected(client: Bot) -> None:
    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Knopf", callback_data=data)]])

    await client.send_message(ANNA, "ok", reply_markup=keyboard("ü" * 32))  # 64 bytes
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await client.send_message(ANNA, "zu lang", reply_markup=keyboard("ü" * 32 + "x"))


async def test_long_polling_waits_delivers_and_redelivers_until_confirmed(
    client: Bot, fake_api: FakeBotApi
) -> None:
    anna = fake_api.user(ANNA, "Anna")

    async def write_later() -> int:
        await asyncio.sleep(0.1)
        return await fake_api.send_text(anna, "/start")

    writer = asyncio.create_task(write_later())
    started = time.monotonic()
    updates = await client.get_updates(timeout=5)
    assert 0.05 < time.monotonic() - started < 1  # held, then woken by the update
    update_id = await writer
    assert [u.update_id for u in updates] == [update_id]
    assert updates[0].message.text == "/start"
    assert updates[0].message.entities[0].type == "bot_command"

    again = await client.get_updates(offset=update_id, timeout=0)  # not confirmed yet
    assert [u.update_id for u in again] == [update_id]
    assert await client.get_updates(offset=update_id + 1, timeout=0) == ()
    assert fake_api.delivery_count(update_id) == 2
    assert fake_api.pending_updates == []


async def test_lost_confirmations_redeliver_to_the_next_bot_instance(
    client: Bot, fake_api: FakeBotApi
) -> None:
    """`confirm_offsets = False` models a bot that crashed before confirming its updates."""
    fake_api.confirm_offsets = False
    update_id = await fake_api.send_text(fake_api.user(ANNA, "Anna"), "Hallo")
    assert [u.update_id for u in await client.get_updates(timeout=1)] == [update_id]
    assert await client.get_updates(offset=update_id + 1, timeout=0) == ()
    restarted = await client.get_updates(timeout=0)  # a new instance starts without offset
    assert [u.update_id for u in restarted] == [update_id]
    assert fake_api.delivery_count(update_id) == 2


async def test_an_edited_message_arrives_whole_as_edited_message(
    client: Bot, fake_api: FakeBotApi
) -> None:
    anna = fake_api.user(ANNA, "Anna")
    first = await fake_api.send_text(anna, "Hallo")
    reply = await fake_api.send_text(anna, "Tippfehlr", reply_to={"message_id": 1})
    edited = await fake_api.edit_text(reply, "/start Tippfehler")
    updates = await client.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first, reply, edited]
    message = updates[2].edited_message
    assert message.message_id == updates[1].message.message_id
    assert message.text == "/start Tippfehler"
    assert message.reply_to_message.text == "Hallo"
    assert message.entities[0].type == "bot_command" and message.edit_date is not None


async def test_wait_for_sees_state_changed_without_api_calls(fake_api: FakeBotApi) -> None:
    rows: list[str] = []
    asyncio.get_running_loop().call_later(0.05, rows.append, "row")
    started = time.monotonic()
    assert await fake_api.wait_for(lambda: rows, timeout=1) == ["row"]
    assert time.monotonic() - started < 0.5
    with pytest.raises(AssertionError, match=r"timed out after 0\.05 s waiting for nothing"):
        await fake_api.wait_for(lambda: False, timeout=0.05, what="nothing")


async def test_an_empty_long_poll_ends_at_its_timeout(fake_api: FakeBotApi) -> None:
    async with httpx.AsyncClient() as http:
        started = time.monotonic()
        response = await http.post(f"{fake_api.base_url}{TOKEN}/getUpdates", json={"timeout": 0.2})
    assert 0.2 <= time.monotonic() - started < 1
    assert response.json() == {"ok": True, "result": []}


async def test_unknown_methods_404_and_method_names_are_case_insensitive(
    fake_api: FakeBotApi,
) -> None:
    async with httpx.AsyncClient() as http:
        unknown = await http.post(f"{fake_api.base_url}{TOKEN}/sendPigeon")
        upper = await http.post(
            f"{fake_api.base_url}{TOKEN}/SENDMESSAGE", json={"chat_id": ANNA, "text": "hi"}
        )
    assert unknown.status_code == 404
    assert unknown.json() == {
        "ok": False, "error_code": 404, "description": "Not Found: method not found"
    }  # fmt: skip
    assert upper.json()["result"]["text"] == "hi"
    assert [c.method for c in fake_api.calls] == ["sendPigeon", "sendMessage"]


async def test_documents_are_uploaded_as_multipart(client: Bot, fake_api: FakeBotApi) -> None:
    message = await client.send_document(
        ANNA, b"id;frage\n1;Wo?\n", filename="export.csv", caption="<b>Export</b>",
        parse_mode="HTML",
    )  # fmt: skip
    assert message.document.file_name == "export.csv"
    assert message.caption == "Export"
    [document] = fake_api.documents_to(ANNA)
    assert (document.file_name, document.content) == ("export.csv", b"id;frage\n1;Wo?\n")


async def test_a_callback_query_can_be_answered_once(client: Bot, fake_api: FakeBotApi) -> None:
    anna = fake_api.user(ANNA, "Anna")
    sent = await client.send_message(ANNA, "Frage?")
    query_id = await fake_api.press(anna, sent.to_dict(), "kb:x")
    [update] = await client.get_updates(timeout=1)
    assert update.callback_query.data == "kb:x"
    assert await update.callback_query.answer("Danke")
    with pytest.raises(BadRequest, match="Query is too old"):
        await update.callback_query.answer()
    with pytest.raises(BadRequest, match="Query is too old"):
        await client.answer_callback_query("123")
    assert fake_api.answered_callbacks[query_id]["text"] == "Danke"
    assert fake_api.unanswered_callbacks == []


@RETRY_AFTER_DEPRECATION
async def test_injected_faults_hit_the_next_sends_to_one_chat(
    client: Bot, fake_api: FakeBotApi
) -> None:
    fake_api.fail(ANNA, 429, times=1, retry_after=7)
    fake_api.fail(ANNA, 502, times=1)
    fake_api.fail(ANNA, 403)
    with pytest.raises(RetryAfter):
        await client.send_message(ANNA, "eins")
    assert fake_api.calls[-1].response == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }  # fmt: skip
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await client.send_message(ANNA, "zwei")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await client.send_message(ANNA, "drei")
    await client.send_message(COORDINATOR_CHAT_ID, "andere Chats sind nicht betroffen")
    await client.send_message(ANNA, "vier")
    assert [m["text"] for m in fake_api.sent_to(ANNA)] == ["vier"]
    assert len(fake_api.injected_failures) == 3
    assert fake_api.provoked_429 == 0  # injected, not provoked


@RETRY_AFTER_DEPRECATION
async def test_flood_limits_answer_429_and_count_it(client: Bot, fake_api: FakeBotApi) -> None:
    fake_api.limits(per_chat_per_second=1, per_chat_burst=3, group_per_minute=20)
    for number in range(3):
        await client.send_message(ANNA, f"Nachricht {number}")
    with pytest.raises(RetryAfter):
        await client.send_message(ANNA, "eine zu viel")
    for number in range(20):
        await client.send_message(COORDINATOR_CHAT_ID, f"Gruppe {number}")
    with pytest.raises(RetryAfter):
        await client.send_message(COORDINATOR_CHAT_ID, "eine zu viel")
    # 20 in the same minute: the 21st waits until the first leaves the window
    assert fake_api.calls[-1].response["parameters"] == {"retry_after": 60}
    assert fake_api.provoked_429 == 2
    assert [v.limit for v in fake_api.rate_limit_violations] == ["chat", "group"]


async def test_latency_delays_answers(client: Bot, fake_api: FakeBotApi) -> None:
    fake_api.latency = 0.15
    started = time.monotonic()
    await client.send_message(ANNA, "langsam")
    assert time.monotonic() - started >= 0.15


async def test_the_bot_restarts_and_gets_what_was_written_while_it_was_down(
    bot: RunningBot, fake_api: FakeBotApi
) -> None:
    anna = fake_api.user(ANNA, "Anna")
    await bot.stop()
    await fake_api.send_text(anna, "/start")
    await bot.start()
    reply = await fake_api.wait_for_message(ANNA)
    assert reply["text"].startswith("Guten Tag, Anna!")
    await bot.restart()
    await fake_api.send_text(anna, "/hilfe")
    assert "So funktioniert es" in (await fake_api.wait_for_message(ANNA))["text"]
    assert bot.starts == 3
    assert fake_api.api_errors == []
    assert not [c for c in fake_api.calls_to("getUpdates") if c.status == 409]
