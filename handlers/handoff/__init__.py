"""Questions for the team: tickets, the team's replies relayed, /offen and /statistik.

What other features use is named here; the rest is the package's own.
"""

from handlers.handoff.tickets import (
    COUNTED,
    PENDING,
    ask_team_button,
    followed_up,
    hand_off,
    not_it_button,
    register,
    remember_question,
    unanswered,
)

__all__ = [
    "COUNTED",
    "PENDING",
    "ask_team_button",
    "followed_up",
    "hand_off",
    "not_it_button",
    "register",
    "remember_question",
    "unanswered",
]
