-- Telegram's one message a second per chat is per bot: instances sharing a database take their
-- turns for a chat from here (PostgreSQL; one instance on SQLite keeps the turns in memory).
CREATE TABLE chat_slots (
    chat_id BIGINT PRIMARY KEY,
    next_ms BIGINT NOT NULL                     -- the database clock, Unix milliseconds: the next free turn
);
