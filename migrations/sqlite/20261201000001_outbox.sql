-- One outbox for every message the bot sends on its own initiative, except broadcast deliveries
-- (which keep their own rows, one per recipient, claimed and retried the same way): answers,
-- rejection notices, escalation notes, event notices and reminders, volunteer-group posts and
-- notes to staff. A row is written in the same transaction as the change that causes it, claimed
-- under a lease by the sender, and retried with backoff until it is sent, the recipient is
-- unreachable, it expires, or it is given up (kept, visible to admins, who can retry or discard).

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('answer', 'rejection', 'escalation', 'notice',
                                                  'reminder', 'group_post', 'group_edit', 'staff_note')),
    chat_id         INTEGER NOT NULL,
    text            TEXT NOT NULL,          -- Telegram HTML, in the recipient's language, within limits
    markup          TEXT,                   -- JSON of the inline keyboard
    edit_message_id INTEGER,                -- set: edit this message of chat_id instead of sending
    question_id     INTEGER REFERENCES questions (id) ON DELETE SET NULL,
    event_id        INTEGER REFERENCES events (id) ON DELETE CASCADE,
    report_to       INTEGER,                -- a volunteer waiting to hear how it ended
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'undeliverable',
                                      'expired', 'discarded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,                -- while `sending`: after this, another claim may take it
    expires_at      INTEGER NOT NULL,       -- after this the message no longer makes sense
    last_error      TEXT,
    message_id      INTEGER,                -- what Telegram returned for a sent message
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_chat ON outbox (chat_id);
CREATE INDEX outbox_question ON outbox (question_id);

-- Event notices move into the outbox (pending ones keep waiting; history is not needed).
INSERT INTO outbox (kind, chat_id, text, event_id, status, next_attempt_at, expires_at, created_at)
SELECT 'notice', chat_id, text, event_id, 'pending', 0, created_at + 86400, created_at
FROM notifications WHERE status IN ('pending', 'sending');
DROP TABLE notifications;

-- Reminders become a schedule: when one is due, its message is written to the outbox ('queued').
CREATE TABLE reminders_new (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    chat_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('24h', '2h')),
    due_at   INTEGER NOT NULL,
    sent_at  INTEGER,                             -- NULL until handled
    outcome  TEXT CHECK (outcome IN ('queued', 'sent', 'skipped', 'blocked', 'failed')),
    UNIQUE (event_id, chat_id, kind)
);
INSERT INTO reminders_new (id, event_id, chat_id, kind, due_at, sent_at, outcome)
SELECT id, event_id, chat_id, kind, due_at, sent_at, outcome FROM reminders;
DROP TABLE reminders;
ALTER TABLE reminders_new RENAME TO reminders;
CREATE INDEX reminders_due ON reminders (due_at) WHERE sent_at IS NULL;

-- Broadcast deliveries are claimed under a lease too, and give up after a day like the outbox.
ALTER TABLE deliveries ADD COLUMN lease_until INTEGER;
ALTER TABLE deliveries ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX deliveries_claim ON deliveries (status, broadcast_id, next_attempt_at, chat_id);

-- Chats that were given the admin command menu (to take it away when the role ends).
CREATE TABLE admin_menus (
    chat_id INTEGER PRIMARY KEY
);

-- Passed to coordinators: only admins may take it from then on, even after a lease expires.
ALTER TABLE questions ADD COLUMN escalated_at INTEGER;
UPDATE questions SET escalated_at = created_at WHERE status = 'escalated';

-- Photos of an album beyond the first (which stays in questions.media_*): one question, all
-- its photos, in the order sent.
CREATE TABLE question_media (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('voice', 'photo')),
    file_id     TEXT NOT NULL,
    PRIMARY KEY (question_id, position)
);
