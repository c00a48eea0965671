"""A local fake of the Telegram Bot API for end-to-end tests: an aiohttp server on 127.0.0.1.

checks.py (what Telegram checks), models.py (its records), server.py (HTTP, state, faults,
limits), methods.py (the Bot API methods), client.py (what a client and a test do).

The real python-telegram-bot networking (HTTPXRequest) talks to it through
`ApplicationBuilder().base_url(fake.base_url)`. It speaks the Bot API closely enough for the
bot: form-encoded, multipart and JSON bodies; `/bot{token}/{method}` with case-insensitive
method names; real long polling with Telegram's offset confirmation (an update that is not
confirmed is delivered again); Telegram's checks and error texts for empty or too long texts,
malformed HTML, oversized button data and stale callback queries.

Tests drive it like a Telegram client would::

    anna = fake.user(42, "Anna")
    await fake.send_text(anna, "/start")
    reply = await fake.wait_for_message(anna.id)
    await fake.press(anna, reply, fake.button_data(reply, "Hauptmenü"))
    sent = await fake.send_text(anna, "Halo")
    await fake.edit_text(sent, "Hallo")  # an `edited_message` update

and inject trouble: `fail(chat_id, 429, times=2, retry_after=1)`, `block(chat_id)` (or
`block_bot(user)`, which also sends the `my_chat_member` update),
`limits(...)` (Telegram's flood limits, counting `provoked_429`), `latency`.

Bot messages are stored like Telegram stores them: plain `text` plus `entities` parsed from
the HTML; the original request (with its HTML) stays in `calls`.
"""

from fake_bot_api.checks import NOT_MODIFIED, JSONDict, parse_html, utf16_len
from fake_bot_api.client import messages_text
from fake_bot_api.models import User
from fake_bot_api.server import FakeBotApi

__all__ = [
    "NOT_MODIFIED",
    "FakeBotApi",
    "JSONDict",
    "User",
    "messages_text",
    "parse_html",
    "utf16_len",
]
