"""Button data (callback_data) of every feature, by how it begins: one table, so that no
feature answers another's buttons (tests/unit/test_buttons.py checks that none begins with
another and that every registered button handler begins with one of them).

Telegram allows 64 bytes. Whatever a button sends comes back from the client and is
untrusted: handlers look ids and tokens up and answer stale or forged data gently.
"""

from __future__ import annotations

ENTRY = "kb:"  # questions, start: an entry's answer; kb:<entry id>
MENU = "menu"  # start: the main menu (the whole data)
SIGNUP = "signup"  # signup: start the sign-up (the whole data)
SIGNUP_STEP = "su:"  # signup: a step of one run of the flow; su:<flow>:<step>:<action>
TICKET = "t:"  # handoff, team chat: a card's buttons; t:<action>:<ticket>
ASK_TEAM = "team:"  # handoff: "Keine davon – Frage an das Team"; team:<token>
NOT_IT = "notit:"  # handoff: "Das passt nicht – Frage ans Team"; notit:<token>
EVENT = "ev:"  # events: "Erinnern", "Zum Kalender", more, (un)subscribe; ev:<kind>:<id>
EVENT_ADMIN = "ta:"  # events, team chat: the /termin_… conversation; ta:<step>[:<value>]
PRIVACY = "pv:"  # privacy: /loeschen's "Ja" and "Nein"; pv:<del|keep>:<token>
LANGUAGE = "lang:"  # language: /sprache's choice; lang:<language code>
TEACH = "fq:"  # teaching, team chat: phrasings, FAQ drafts, /faq; fq:<action>:<ids…>

FEATURES = {
    ENTRY: "questions",
    MENU: "start",
    SIGNUP: "signup",
    SIGNUP_STEP: "signup",
    TICKET: "handoff",
    ASK_TEAM: "handoff",
    NOT_IT: "handoff",
    EVENT: "events",
    EVENT_ADMIN: "events",
    PRIVACY: "privacy",
    LANGUAGE: "language",
    TEACH: "teaching",
}
