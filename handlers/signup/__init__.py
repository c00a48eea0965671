"""The volunteer sign-up (/mitmachen) and the team's /anmeldungen and /export.

What other features use is named here; the rest is the package's own.
"""

from handlers.signup.conversation import choice_in, register, withdrawal_notice

__all__ = ["choice_in", "register", "withdrawal_notice"]
