-- Residents, volunteers and admins who ever wrote to the bot, and what each is in the middle of.
-- Times are Unix seconds (UTC).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,               -- Telegram user id (= private chat id)
    lang          TEXT CHECK (lang IN ('ru', 'kk')), -- NULL until the user chooses
    district      TEXT,                              -- District id, NULL until chosen
    role          TEXT NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'volunteer')),
    subscribed    INTEGER NOT NULL DEFAULT 0 CHECK (subscribed IN (0, 1)),
    district_only INTEGER NOT NULL DEFAULT 0 CHECK (district_only IN (0, 1)),
    blocked       INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL
);

CREATE INDEX users_subscribed ON users (subscribed, blocked);

-- Dialogue state per chat (JSON of bot::state::State); survives restarts.
CREATE TABLE dialogues (
    chat_id    INTEGER PRIMARY KEY,
    state      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
