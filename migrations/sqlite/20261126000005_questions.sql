-- Citizen questions, the volunteer queue, the public FAQ, volunteer invites.

-- When the user agreed to the question-storage notice (NULL: not yet).
ALTER TABLE users ADD COLUMN question_consent_at INTEGER;
-- Languages a volunteer answers in ("kk,ru").
ALTER TABLE users ADD COLUMN volunteer_langs TEXT NOT NULL DEFAULT 'kk,ru';

CREATE TABLE questions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,  -- the number in the receipt
    user_id           INTEGER,                            -- NULL once anonymised by /forget
    chat_id           INTEGER,                            -- where the answer goes; NULL once anonymised
    source_message_id INTEGER,                            -- with chat_id: one question per message
    lang              TEXT NOT NULL CHECK (lang IN ('ru', 'kk')),
    item_id           TEXT,                               -- the explanation it is about
    follow_up_of      INTEGER REFERENCES questions (id),
    body              TEXT NOT NULL,                      -- text or caption ('' for bare media)
    media_kind        TEXT CHECK (media_kind IN ('voice', 'photo')),
    media_file_id     TEXT,
    status            TEXT NOT NULL DEFAULT 'waiting'
                      CHECK (status IN ('waiting', 'claimed', 'answered', 'rejected', 'escalated')),
    claimed_by        INTEGER,
    lease_until       INTEGER,
    answer            TEXT,
    answered_by       INTEGER,
    answered_at       INTEGER,
    delivery          TEXT CHECK (delivery IN ('pending', 'delivered', 'undeliverable')),
    reject_reason     TEXT,
    rating            INTEGER CHECK (rating IN (-1, 1)),
    group_message_id  INTEGER,                            -- its post in the volunteer group
    created_at        INTEGER NOT NULL,
    UNIQUE (chat_id, source_message_id)
);

CREATE INDEX questions_queue ON questions (status, lang, created_at);
CREATE INDEX questions_user ON questions (user_id, created_at);

-- Answers published for everyone (feeds "does one of these answer it?").
CREATE TABLE faq (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id  INTEGER REFERENCES questions (id),
    lang         TEXT NOT NULL CHECK (lang IN ('ru', 'kk')),
    question     TEXT NOT NULL,
    answer       TEXT NOT NULL,
    published_by INTEGER NOT NULL,
    published_at INTEGER NOT NULL
);

-- One-time volunteer invites (deep link vol_<token>), valid 48 hours.
CREATE TABLE volunteer_invites (
    token      TEXT PRIMARY KEY,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by    INTEGER,
    used_at    INTEGER
);
