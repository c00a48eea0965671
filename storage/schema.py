"""The database's schema: every component's migrations, in the order they are applied.

Each kind of record has a named, append-only list of migrations. A migration that shipped is
never edited; the next change is a new entry. Versions are kept per component in the `schema`
table (storage/db.py), so components evolve independently. Every table exists once the
database is open, whichever store a caller happens to import.
"""

from __future__ import annotations

OUTBOX = (
    """
    CREATE TABLE outbox (
        id          INTEGER PRIMARY KEY,
        chat_id     INTEGER NOT NULL,
        method      TEXT NOT NULL DEFAULT 'sendMessage',
        payload     TEXT NOT NULL,              -- JSON parameters of the Bot API call
        purpose     TEXT NOT NULL,              -- card, ack, relay, reminder, notice, ...
        ref_id      INTEGER,                    -- the ticket, reminder, ... it belongs to
        dedupe_key  TEXT UNIQUE,                -- same key queued twice: one row
        status      TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        not_before  REAL NOT NULL DEFAULT 0,    -- unix time: retry or rate-limit pause
        created_at  TEXT NOT NULL,
        sent_at     TEXT,
        message_id  INTEGER,
        error       TEXT
    );
    CREATE INDEX outbox_due ON outbox (status, not_before, id);
    """,
    # A send to many (an announcement to every subscriber) is a batch: its rows carry the
    # batch, and the team chat sees its progress in one message edited in place
    # (runtime/progress.py). `blocked`: Telegram refused the row because the person blocked
    # the bot (403), told apart from other refusals.
    """
    CREATE TABLE batches (
        id                 INTEGER PRIMARY KEY,
        label              TEXT NOT NULL,           -- what is sent, as the team reads it
        total              INTEGER NOT NULL,
        dedupe_key         TEXT UNIQUE,             -- the same send opened twice: one batch
        created_at         TEXT NOT NULL,
        report_message_id  INTEGER,                 -- the progress message in the team chat
        finished_at        TEXT
    );
    ALTER TABLE outbox ADD COLUMN batch INTEGER;
    ALTER TABLE outbox ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX outbox_by_batch ON outbox (batch, status);
    """,
    # A batch is done only once all its rows are queued (`sealed`): reminders are queued in
    # chunks, and a report between two chunks must not take the first for the whole send.
    """
    ALTER TABLE batches ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
    """,
)

TICKETS = (
    """
    CREATE TABLE citizens (
        user_id     INTEGER PRIMARY KEY,       -- Telegram user id = private chat id
        first_name  TEXT,
        username    TEXT,
        language    TEXT NOT NULL DEFAULT 'de',
        banned      INTEGER NOT NULL DEFAULT 0,
        blocked_bot INTEGER NOT NULL DEFAULT 0, -- Telegram said 403: the citizen blocked us
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE tickets (
        id               INTEGER PRIMARY KEY,
        user_id          INTEGER REFERENCES citizens (user_id) ON DELETE SET NULL,
        question         TEXT,
        language         TEXT NOT NULL DEFAULT 'de',
        considered       TEXT NOT NULL DEFAULT '[]', -- JSON [[entry id, score], ...]
        status           TEXT NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'answered', 'closed')),
        created_at       TEXT NOT NULL,
        first_answer_at  TEXT,
        closed_at        TEXT,
        anonymised_at    TEXT
    );
    CREATE INDEX tickets_by_user ON tickets (user_id, created_at);
    CREATE INDEX tickets_by_status ON tickets (status, created_at);
    CREATE TABLE ticket_messages (
        id          INTEGER PRIMARY KEY,
        ticket_id   INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        author      TEXT NOT NULL CHECK (author IN ('citizen', 'team')),
        text        TEXT,
        created_at  TEXT NOT NULL,
        update_id   INTEGER UNIQUE              -- Telegram's id: redelivery is a no-op
    );
    -- Which Telegram message (in the coordinator chat or a citizen's chat) belongs to which
    -- ticket. Replies are resolved through this table, never through forward information.
    CREATE TABLE message_links (
        chat_id     INTEGER NOT NULL,
        message_id  INTEGER NOT NULL,
        ticket_id   INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        PRIMARY KEY (chat_id, message_id)
    );
    -- Every question asked, for /statistik; unanswered ones keep their normalised words.
    CREATE TABLE questions_log (
        id          INTEGER PRIMARY KEY,
        asked_at    TEXT NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('answer', 'suggest', 'handoff')),
        entry_id    TEXT,
        normalised  TEXT,                       -- telling words, to count rephrasings
        example     TEXT,                       -- one phrasing as asked, for the curator
        user_id     INTEGER                     -- so that /loeschen can blank the two
    );
    CREATE INDEX questions_by_time ON questions_log (asked_at);
    CREATE TABLE faq_drafts (
        id          INTEGER PRIMARY KEY,
        ticket_id   INTEGER UNIQUE REFERENCES tickets (id) ON DELETE SET NULL,
        question    TEXT NOT NULL,
        answer      TEXT NOT NULL,
        entry_hint  TEXT,                       -- closest entry, for the category
        created_at  TEXT NOT NULL
    );
    """,
    # How a question reached the team: the matcher had no answer, the citizen tapped
    # "Keine davon – Frage an das Team" under suggestions (the suggestion's row becomes the
    # handoff, so the question counts once), or wrote /frage. Before, only the first kind
    # was counted as unanswered; rows from then were all handed off by the matcher.
    """
    ALTER TABLE questions_log ADD COLUMN via TEXT
        CHECK (via IN ('matcher', 'suggestions', 'command'));
    UPDATE questions_log SET via = 'matcher' WHERE outcome = 'handoff';
    """,
    # The team member's message each team answer was relayed from: when that message is
    # edited, the correction goes to the citizen too; edits of anything else do not.
    """
    ALTER TABLE ticket_messages ADD COLUMN team_chat_id INTEGER;
    ALTER TABLE ticket_messages ADD COLUMN team_message_id INTEGER;
    CREATE INDEX ticket_messages_by_team_message
        ON ticket_messages (team_chat_id, team_message_id);
    """,
    # A ticket's messages and links are looked up by ticket (the retention job's last
    # activity, the team's last answer, anonymising, /loeschen): without these indexes
    # each lookup read the whole table, and the daily job grew as tickets × messages.
    """
    CREATE INDEX ticket_messages_by_ticket ON ticket_messages (ticket_id, created_at);
    CREATE INDEX message_links_by_ticket ON message_links (ticket_id);
    CREATE INDEX questions_by_user ON questions_log (user_id);
    """,
    # "Das passt nicht – Frage ans Team" under an answer: the answer's row becomes the
    # handoff (via 'not_it', a misunderstood question). SQLite cannot widen a CHECK, so
    # the table is rebuilt with its rows and indexes.
    """
    CREATE TABLE questions_log_new (
        id          INTEGER PRIMARY KEY,
        asked_at    TEXT NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('answer', 'suggest', 'handoff')),
        entry_id    TEXT,
        normalised  TEXT,
        example     TEXT,
        user_id     INTEGER,
        via         TEXT CHECK (via IN ('matcher', 'suggestions', 'command', 'not_it'))
    );
    INSERT INTO questions_log_new
        SELECT id, asked_at, outcome, entry_id, normalised, example, user_id, via
        FROM questions_log;
    DROP TABLE questions_log;
    ALTER TABLE questions_log_new RENAME TO questions_log;
    CREATE INDEX questions_by_time ON questions_log (asked_at);
    CREATE INDEX questions_by_user ON questions_log (user_id);
    """,
    # An FAQ draft is the team's entry in the making (handlers/teaching/): the title,
    # topic and phrasings the team chose, and whether it was published or discarded.
    """
    ALTER TABLE faq_drafts ADD COLUMN title TEXT;
    ALTER TABLE faq_drafts ADD COLUMN category TEXT;
    ALTER TABLE faq_drafts ADD COLUMN phrasings TEXT NOT NULL DEFAULT '[]';  -- JSON list
    ALTER TABLE faq_drafts ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
    ALTER TABLE faq_drafts ADD COLUMN entry_id TEXT;   -- once published
    ALTER TABLE faq_drafts ADD COLUMN changed_at TEXT;
    """,
)

SIGNUPS = (
    """
    CREATE TABLE signups (
        user_id          INTEGER PRIMARY KEY,  -- Telegram user id = private chat id
        name             TEXT NOT NULL,
        interests        TEXT NOT NULL,        -- JSON list of labels, as chosen
        availability     TEXT NOT NULL,        -- JSON list of labels
        contact          TEXT,                 -- e-mail or phone; NULL: Telegram is enough
        note             TEXT,
        language         TEXT NOT NULL,
        consent_version  TEXT NOT NULL,        -- privacy_version of signup.yaml agreed to
        consent_at       TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    );
    CREATE INDEX signups_by_updated ON signups (updated_at);
    """,
)

EVENTS = (
    """
    CREATE TABLE events (
        id           INTEGER PRIMARY KEY,
        kb_key       TEXT UNIQUE,               -- its id in events.yaml; NULL: the team's
        kb_hash      TEXT,                      -- the YAML as last applied; NULL: removed
        title        TEXT NOT NULL,
        starts_at    TEXT NOT NULL,             -- UTC, ISO 8601
        ends_at      TEXT,
        place        TEXT NOT NULL,
        description  TEXT NOT NULL DEFAULT '',
        category     TEXT NOT NULL,
        link         TEXT,
        status       TEXT NOT NULL DEFAULT 'scheduled'
                     CHECK (status IN ('scheduled', 'cancelled')),
        time_rev     INTEGER NOT NULL DEFAULT 1,
        revision     INTEGER NOT NULL DEFAULT 1,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    CREATE INDEX events_by_start ON events (status, starts_at);
    """,
)

REMINDERS = (
    """
    CREATE TABLE reminders (
        id            INTEGER PRIMARY KEY,
        event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        user_id       INTEGER NOT NULL REFERENCES subscribers (user_id) ON DELETE CASCADE,
        lead_minutes  INTEGER NOT NULL,
        due_at        TEXT NOT NULL,             -- UTC, ISO 8601
        status        TEXT NOT NULL DEFAULT 'scheduled'
                      CHECK (status IN ('scheduled', 'queued', 'sent', 'skipped',
                                        'cancelled')),
        outbox_id     INTEGER,
        updated_at    TEXT NOT NULL,
        UNIQUE (event_id, user_id, lead_minutes)
    );
    CREATE INDEX reminders_due ON reminders (status, due_at);
    CREATE INDEX reminders_by_user ON reminders (user_id);
    """,
)

SUBSCRIPTIONS = (
    """
    CREATE TABLE subscribers (
        user_id     INTEGER PRIMARY KEY,        -- Telegram user id = private chat id
        language    TEXT NOT NULL DEFAULT 'de',
        created_at  TEXT NOT NULL
    );
    CREATE TABLE subscriptions (
        id          INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES subscribers (user_id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('event', 'category', 'all')),
        event_id    INTEGER REFERENCES events (id) ON DELETE CASCADE,
        category    TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        CHECK ((kind = 'event') = (event_id IS NOT NULL)),
        CHECK ((kind = 'category') = (category != ''))
    );
    CREATE UNIQUE INDEX subscriptions_once
        ON subscriptions (user_id, kind, IFNULL(event_id, 0), category);
    CREATE INDEX subscriptions_by_event ON subscriptions (event_id);
    CREATE INDEX subscriptions_by_category ON subscriptions (kind, category);
    """,
)

STATE = (
    """
    CREATE TABLE user_state (
        user_id     INTEGER PRIMARY KEY,
        data        TEXT NOT NULL,              -- JSON object
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE conversation_state (
        name        TEXT NOT NULL,              -- the ConversationHandler's name
        key         TEXT NOT NULL,              -- JSON list: chat id, user id
        user_id     INTEGER,                    -- the key's user, for deletion
        state       TEXT NOT NULL,              -- JSON value
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (name, key)
    );
    CREATE INDEX conversation_state_by_user ON conversation_state (user_id);
    """,
)

SEEN = (
    """
    CREATE TABLE seen_messages (
        chat_id     INTEGER NOT NULL,
        message_id  INTEGER NOT NULL,
        version     INTEGER NOT NULL,           -- unix time of the message, or of its edit
        seen_at     TEXT NOT NULL,
        PRIMARY KEY (chat_id, message_id, version)
    );
    CREATE INDEX seen_messages_by_age ON seen_messages (seen_at);
    """,
)

# What the team taught the bot in its chat (storage/team_knowledge.py): entries it published
# and phrasings it added to any entry. Nothing is deleted: a withdrawn entry or a removed
# phrasing keeps its row, with who did it and when.
TEAM = (
    """
    CREATE TABLE team_entries (
        id          INTEGER PRIMARY KEY,
        entry_id    TEXT NOT NULL UNIQUE,       -- 'team-…': out of the way of YAML ids
        category    TEXT NOT NULL,
        title       TEXT NOT NULL,
        answer      TEXT NOT NULL,
        status      TEXT NOT NULL DEFAULT 'live'
                    CHECK (status IN ('live', 'withdrawn', 'retired')),
        note        TEXT,                       -- retired: the YAML entry that replaced it
        created_by  TEXT NOT NULL,              -- the team member's first name
        created_at  TEXT NOT NULL,
        changed_by  TEXT,
        changed_at  TEXT
    );
    CREATE TABLE team_phrasings (
        id          INTEGER PRIMARY KEY,
        entry_id    TEXT NOT NULL,              -- a curated entry's id or a team entry's
        text        TEXT NOT NULL,
        language    TEXT NOT NULL,
        added_by    TEXT NOT NULL,
        added_at    TEXT NOT NULL,
        removed_by  TEXT,
        removed_at  TEXT
    );
    CREATE INDEX team_phrasings_by_entry ON team_phrasings (entry_id, removed_at);
    -- the bot's questions in the team chat ("reply with the new title"), by their message
    CREATE TABLE team_prompts (
        chat_id     INTEGER NOT NULL,
        message_id  INTEGER NOT NULL,
        target      TEXT NOT NULL,              -- 'draft:<ticket id>' or 'entry:<entry id>'
        field       TEXT NOT NULL,              -- title, answer, phrasings
        created_at  TEXT NOT NULL,
        PRIMARY KEY (chat_id, message_id)
    );
    """,
    # A typed change that looked personal waits for the team's "Trotzdem übernehmen".
    """
    ALTER TABLE team_prompts ADD COLUMN pending TEXT;
    """,
)

COMPONENTS: dict[str, tuple[str, ...]] = {
    "outbox": OUTBOX,
    "tickets": TICKETS,
    "signups": SIGNUPS,
    "events": EVENTS,
    "reminders": REMINDERS,
    "subscriptions": SUBSCRIPTIONS,
    "state": STATE,
    "seen": SEEN,
    "team": TEAM,
}
