"""The machinery features use but are not: settings, lifecycle, the typed context, persistence,
per-chat order, Telegram's limits, the outbox sender, errors and the console transport."""
