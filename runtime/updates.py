"""What a handler was called for, typed: python-telegram-bot types every part of an Update as
optional, but a handler's filters already guarantee its part (a CallbackQueryHandler always
has a query, a private message handler a user and a message)."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, Update, User


def query_of(update: Update) -> CallbackQuery:
    """The button press a CallbackQueryHandler was called for."""
    assert update.callback_query is not None, "registered for button presses"
    return update.callback_query


def message_of(update: Update) -> Message:
    """The message (new or edited) a MessageHandler or CommandHandler was called for, or the
    message under a pressed button."""
    assert update.effective_message is not None, "registered for messages"
    return update.effective_message


def user_of(update: Update) -> User:
    """Who sent the message or pressed the button."""
    assert update.effective_user is not None, "registered for updates from a person"
    return update.effective_user


def chat_of(update: Update) -> Chat:
    """The chat the update happened in."""
    assert update.effective_chat is not None, "registered for updates in a chat"
    return update.effective_chat


def pressed_message(query: CallbackQuery) -> Message:
    """The message under a pressed button. A button under a message Telegram reports as
    inaccessible (deleted or otherwise out of reach) is answered before any feature sees it
    (handlers/fallback.py, `inaccessible_button`)."""
    assert isinstance(query.message, Message), "inaccessible messages are answered earlier"
    return query.message
