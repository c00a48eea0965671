"""Events: what citizens see and subscribe to, what the team plans, and the reminders.

citizen.py (/termine, /abos, "Erinnern", "Zum Kalender"), admin.py (the team's /termin_neu,
/termin_aendern, /termin_absagen), notices.py (announcements, changes, cancellations as outbox
rows), reminders.py (the scheduler), ui.py (how events are told and shown).
"""
