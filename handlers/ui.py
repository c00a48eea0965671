"""How knowledge is shown in Telegram: escaped HTML, split messages, keyboards, button data."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message

from handlers.buttons import ENTRY, MENU, SIGNUP
from knowledge import Candidate, Entry, KnowledgeBase, Messages
from knowledge.model import SMALL_TALK, with_notice

MAX_MESSAGE = 4096  # Telegram's limit for one message's text


def telegram_length(text: str) -> int:
    """A text's length as Telegram counts it for its limits (UTF-16 code units; an emoji
    counts twice). Of HTML, an upper bound: the markup is counted too."""
    return len(text.encode("utf-16-le")) // 2


NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def entry_text(entry: Entry, lang: str, messages: Messages | None = None) -> str:
    """An entry as Telegram HTML: bold title, the answer, links; every KB text escaped.

    Small talk ("Hallo", "Danke") is answered without a heading, like a person would. An answer
    not yet translated into `lang` comes in German, after a line in `lang` that says so.
    """
    parts = [escape(entry.answer_in(lang))]
    if entry.category != SMALL_TALK:
        parts.insert(0, f"<b>{escape(entry.title_in(lang))}</b>")
    notice = messages.texts.get("language_fallback", {}).get(lang) if messages else None
    if notice and not entry.speaks(lang):
        parts.insert(0, f"<i>{escape(notice)}</i>")
    if entry.links:
        parts.append(
            "\n".join(
                f'🔗 <a href="{escape(link.url)}">{escape(link.title)}</a>' for link in entry.links
            )
        )
    return "\n\n".join(parts)


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split text into messages of at most `limit` characters, at paragraph or line ends.

    Works on already-escaped HTML: a cut never falls inside an entity like "&amp;".
    """
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
            amp = window.rfind("&", limit - 10)
            if amp != -1 and ";" not in window[amp:]:
                cut = amp
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def entry_keyboard(
    entry: Entry, kb: KnowledgeBase, lang: str, escape: InlineKeyboardButton | None = None
) -> InlineKeyboardMarkup:
    """Follow-up buttons from the entry's `related` ids, `escape` ("Das passt nicht – Frage
    ans Team", under an answer to a typed question) and a way back to the main menu; answers
    about volunteering (signup.yaml's `button_under`) first offer "Jetzt anmelden"."""
    rows = [
        [InlineKeyboardButton(kb.by_id[other].title_in(lang), callback_data=ENTRY + other)]
        for other in entry.related
        if other in kb.by_id
    ]
    if kb.signup and entry.id in kb.signup.button_under:
        rows.insert(0, [signup_button(kb, lang, "signup_button")])
    if escape is not None:
        rows.append([escape])
    rows.append([InlineKeyboardButton(kb.messages.get("main_menu", lang), callback_data=MENU)])
    return InlineKeyboardMarkup(rows)


def menu_keyboard(kb: KnowledgeBase, lang: str) -> InlineKeyboardMarkup:
    """The main menu: the entries listed under `menu:` in messages.yaml, two per row, and the
    sign-up (if the knowledge base has one) on a row of its own."""
    buttons = [
        InlineKeyboardButton(kb.by_id[entry_id].title_in(lang), callback_data=ENTRY + entry_id)
        for entry_id in kb.messages.menu
        if entry_id in kb.by_id
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if kb.signup:
        rows.append([signup_button(kb, lang, "signup_menu_button")])
    return InlineKeyboardMarkup(rows)


def signup_button(kb: KnowledgeBase, lang: str, label_key: str) -> InlineKeyboardButton:
    """A button that starts the volunteer sign-up."""
    return InlineKeyboardButton(kb.messages.get(label_key, lang), callback_data=SIGNUP)


def suggestions_keyboard(
    candidates: tuple[Candidate, ...], lang: str, last: InlineKeyboardButton | None
) -> InlineKeyboardMarkup:
    """ "Meinten Sie …?": one button per candidate, then `last` ("Keine davon – …")."""
    rows = [
        [InlineKeyboardButton(c.entry.title_in(lang), callback_data=ENTRY + c.entry.id)]
        for c in candidates
    ]
    if last is not None:
        rows.append([last])
    return InlineKeyboardMarkup(rows)


async def send_entry(
    message: Message,
    entry: Entry,
    kb: KnowledgeBase,
    lang: str,
    escape: InlineKeyboardButton | None = None,
) -> None:
    """Reply with an entry, split if long; the buttons go under the last part."""
    chunks = split_text(entry_text(entry, lang, kb.messages))
    for number, chunk in enumerate(chunks, start=1):
        markup = entry_keyboard(entry, kb, lang, escape) if number == len(chunks) else None
        await message.reply_html(chunk, reply_markup=markup, link_preview_options=NO_PREVIEW)


async def send_text(
    message: Message,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    previews: bool = True,
) -> None:
    """Reply with one of the bot's own plain texts, escaped and split if long (the buttons
    under the last part); `previews=False`: no link previews (texts the team typed)."""
    chunks = split_text(escape(with_notice(text)))
    options = None if previews else NO_PREVIEW
    for number, chunk in enumerate(chunks, start=1):
        last = number == len(chunks)
        await message.reply_html(
            chunk, reply_markup=markup if last else None, link_preview_options=options
        )


def said(message: Message) -> str:
    """What the citizen wrote: the message's text, or the caption of a photo, file or video."""
    return message.text or message.caption or ""


async def mention_attachment(message: Message, messages: Messages, lang: str) -> None:
    """Under a question sent as a caption: say briefly that only the words are read (the
    attachment is neither looked at nor passed on)."""
    if message.caption and not message.text:
        await send_text(message, messages.get("attachment_not_read", lang))
