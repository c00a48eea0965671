"""Telegram handlers: one module per thing a person does with the bot, each with register(app)."""
