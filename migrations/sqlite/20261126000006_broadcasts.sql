-- Announcement broadcasts: the broadcast, one delivery row per recipient (the outbox), and the
-- audit log of admin actions.

CREATE TABLE broadcasts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by       INTEGER NOT NULL,
    html             TEXT NOT NULL,          -- Telegram HTML as recipients see it
    photo_file_id    TEXT,
    audience         TEXT NOT NULL,          -- JSON of domain::Audience
    status           TEXT NOT NULL CHECK (status IN ('scheduled', 'sending', 'done', 'stopped')),
    scheduled_at     INTEGER,
    created_at       INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER,
    progress_chat    INTEGER,                -- the admin's progress message
    progress_message INTEGER,
    total            INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE deliveries (
    broadcast_id    INTEGER NOT NULL REFERENCES broadcasts (id),
    chat_id         INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    sent_at         INTEGER,
    error           TEXT,
    PRIMARY KEY (broadcast_id, chat_id)
);

CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     INTEGER NOT NULL,
    actor  INTEGER NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
