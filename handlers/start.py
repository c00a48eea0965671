"""Greeting, help, contact and the main menu; the command list shown in Telegram's menu."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from handlers import ui
from knowledge import KnowledgeBase
from knowledge.model import LANGUAGES
from runtime.context import BotContext
from runtime.updates import message_of, pressed_message, query_of

logger = logging.getLogger(__name__)

CONTACT_ENTRY = "kontakt-koordinierungsstelle"

# (command, message key of its description); aliases in both languages share one handler.
CITIZEN_COMMANDS = (
    ("start", "command_start"),
    ("mitmachen", "command_mitmachen"),
    ("termine", "command_termine"),
    ("frage", "command_frage"),
    ("abos", "command_abos"),
    ("kontakt", "command_kontakt"),
    ("meinedaten", "command_meinedaten"),
    ("loeschen", "command_loeschen"),
    ("abbrechen", "command_abbrechen"),
    ("sprache", "command_sprache"),
    ("hilfe", "command_help"),
)
# The same in English, where /help and /language are the names people know. The other
# languages keep the German names (a command is written in Latin letters) and describe them in
# their own words.
ENGLISH_NAMES = {"hilfe": "help", "sprache": "language"}
ENGLISH_COMMANDS = tuple((ENGLISH_NAMES.get(name, name), key) for name, key in CITIZEN_COMMANDS)
# Shown only in the coordinator chat (Telegram's per-chat command scope).
TEAM_COMMANDS = (
    ("offen", "command_offen"),
    ("statistik", "command_statistik"),
    ("faq", "command_faq"),
    ("anmeldungen", "command_anmeldungen"),
    ("export", "command_export"),
    ("termin_neu", "command_termin_neu"),
    ("termin_aendern", "command_termin_aendern"),
    ("termin_absagen", "command_termin_absagen"),
    ("neu_laden", "command_neu_laden"),
)


async def start(update: Update, context: BotContext) -> None:
    """Welcome the citizen and show the main menu."""
    message = message_of(update)
    user = update.effective_user
    lang = context.language(update)
    name = f", {user.first_name}" if user and user.first_name else ""
    text = context.messages.get("welcome", lang, name=name)
    await ui.send_text(message, text, ui.menu_keyboard(context.kb, lang))


async def help_command(update: Update, context: BotContext) -> None:
    """Explain how to use the bot."""
    lang = context.language(update)
    await ui.send_text(message_of(update), context.messages.get("help", lang))


async def contact(update: Update, context: BotContext) -> None:
    """Show how to reach the coordination office."""
    lang = context.language(update)
    entry = context.kb.by_id.get(CONTACT_ENTRY)
    if entry is None:  # a curator removed the entry: fall back to the honest no-answer text
        await ui.send_text(message_of(update), context.messages.get("no_answer", lang))
        return
    await ui.send_entry(message_of(update), entry, context.kb, lang)


async def menu_button(update: Update, context: BotContext) -> None:
    """Show the main menu again ("Hauptmenü" button)."""
    query = query_of(update)
    await query.answer()
    lang = context.language(update)
    text = context.messages.get("welcome", lang, name="")
    await ui.send_text(pressed_message(query), text, ui.menu_keyboard(context.kb, lang))


async def set_commands(application: Application, kb: KnowledgeBase, team_chat: int) -> None:
    """Publish the command menu in German (the default) and in every other language (for
    people whose Telegram speaks it), and the team's in its chat."""
    for lang in LANGUAGES:
        commands = ENGLISH_COMMANDS if lang == "en" else CITIZEN_COMMANDS
        await application.bot.set_my_commands(
            [BotCommand(name, kb.messages.get(key, lang)) for name, key in commands],
            language_code=None if lang == "de" else lang,
        )
    try:
        await application.bot.set_my_commands(
            [BotCommand(name, kb.messages.get(key)) for name, key in TEAM_COMMANDS],
            scope=BotCommandScopeChat(team_chat),
        )
    except TelegramError as exc:  # the bot is not (yet) in that chat: the team types them
        logger.warning("team commands not published in the coordinator chat: %s", exc.message)


def register(app: Application) -> None:
    """Add this module's handlers."""
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("start", start, filters=private))
    app.add_handler(CommandHandler(["hilfe", "help"], help_command, filters=private))
    app.add_handler(CommandHandler("kontakt", contact, filters=private))
    app.add_handler(CallbackQueryHandler(menu_button, pattern=f"^{ui.MENU}$"))
    app.bot_data.on_init.append(_publish_commands)


async def _publish_commands(app: Application) -> None:
    """At start-up: the command menus, in the texts of the knowledge base in service."""
    await set_commands(app, app.bot_data.kb, app.bot_data.settings.coordinator_chat_id)
