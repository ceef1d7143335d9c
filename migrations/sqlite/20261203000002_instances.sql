-- Several instances on one database (webhook mode): updates land in the inbox first, so that one
-- chat's updates are handled one at a time in Telegram's order whichever instance received them;
-- instances announce themselves, so that together they keep to Telegram's per-bot rate.

CREATE TABLE inbox (
    update_id   BIGINT PRIMARY KEY,             -- Telegram's; a redelivered update is stored once
    chat_id     BIGINT,                         -- whose order it keeps (NULL: no chat, no order)
    payload     TEXT NOT NULL,                  -- the update as Telegram sent it (JSON)
    status      TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'handling', 'done')),
    lease_until BIGINT,                         -- while `handling`: after this, another instance may take it
    received_at BIGINT NOT NULL,
    done_at     BIGINT
);

CREATE INDEX inbox_ready ON inbox (status, update_id);
CREATE INDEX inbox_chat ON inbox (chat_id, update_id);

CREATE TABLE instances (
    id         TEXT PRIMARY KEY,                -- random per process start
    started_at BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL                  -- heartbeat; silent for long = gone
);
