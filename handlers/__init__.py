"""The features: each module or package has `register(app)`; this module composes them.

All handlers live in group 0, where the first matching handler wins, so the order below is
behaviour:
- signup first: its conversation takes the deep link `/start mitmachen` before `start` greets,
  and while someone is signing up it takes their messages (a name is not a question);
- privacy (/meinedaten, /loeschen), language (/sprache), reload (/neu_laden), start: commands
  and their buttons;
- event_admin (the team's /termin_neu conversation) before handoff: the team's typed answers
  are replies in the team chat, which handoff would otherwise take;
- teaching (publishing answers, teaching phrasings, /faq): its typed values are replies too,
  taken in a group before all features when they answer one of its questions;
- handoff before questions: its commands and buttons are specific, questions takes any text;
- events before questions: /termine, /abos and the events' buttons;
- questions: free text in private chats (a date question such as "Was ist am Wochenende
  los?" is answered from the events there, by knowledge/plan.py);
- fallback last: it catches whatever no feature took.
"""

from telegram.ext import Application

from handlers import (
    fallback,
    handoff,
    language,
    privacy,
    questions,
    reload,
    signup,
    start,
    teaching,
)
from handlers.events import admin as event_admin
from handlers.events import citizen as events

FEATURES = (
    signup,
    privacy,
    language,
    reload,
    start,
    event_admin,
    teaching,
    handoff,
    events,
    questions,
    fallback,
)


def register(app: Application) -> None:
    """Add every feature's handlers, in the order above."""
    for feature in FEATURES:
        feature.register(app)
