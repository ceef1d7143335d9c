-- Local events (imported from the operators' CSV, upserted by `external_id`), residents' RSVPs,
-- the reminders each RSVP schedules, and an outbox of notices about moved or cancelled events.
-- Times are Unix seconds (UTC); the region's local time (Asia/Oral) exists only at the edges.
-- Everything tied to a user goes with the users row (`/forget`): ON DELETE CASCADE.

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,             -- the CSV `id`; also the deep link `event_<id>`
    title_ru    TEXT NOT NULL,
    title_kk    TEXT NOT NULL DEFAULT '',         -- '' = not translated: the Russian title is shown
    kind        TEXT NOT NULL CHECK (kind IN ('meeting', 'round_table', 'public_discussion',
                                              'dialogue_platform', 'online')),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL CHECK (ends_at > starts_at),
    district    TEXT NOT NULL CHECK (district IN ('uralsk', 'akzhaik', 'baiterek', 'bokeyorda',
                                                  'burlin', 'zhangala', 'zhanibek', 'kaztalov',
                                                  'karatobe', 'syrym', 'taskala', 'terekti',
                                                  'shyngyrlau')),
    venue       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    lat         REAL,                             -- both or neither
    lon         REAL CHECK ((lat IS NULL) = (lon IS NULL)),
    online_url  TEXT NOT NULL DEFAULT '',
    organizer   TEXT NOT NULL DEFAULT '',
    themes      TEXT NOT NULL DEFAULT '',         -- theme ids separated by `|`
    capacity    INTEGER CHECK (capacity > 0),
    status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'moved', 'cancelled')),
    updated_at  INTEGER NOT NULL
);

-- Listing: upcoming events soonest first, in one district or everywhere.
CREATE INDEX events_starts ON events (starts_at);
CREATE INDEX events_district_starts ON events (district, starts_at);

-- A resident's interest in an event: coming (counted) and/or wanting reminders.
CREATE TABLE rsvps (
    event_id   INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    going      INTEGER NOT NULL DEFAULT 0 CHECK (going IN (0, 1)),
    remind     INTEGER NOT NULL DEFAULT 0 CHECK (remind IN (0, 1)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

CREATE INDEX rsvps_user ON rsvps (user_id);

-- One row per RSVP (with reminders on) and kind, created with it; the worker sends each once.
CREATE TABLE reminders (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    chat_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('24h', '2h')),
    due_at   INTEGER NOT NULL,
    sent_at  INTEGER,                             -- NULL until handled
    outcome  TEXT CHECK (outcome IN ('sent', 'skipped', 'blocked', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, chat_id, kind)
);

CREATE INDEX reminders_due ON reminders (due_at) WHERE sent_at IS NULL;

-- Notices to send (an event moved or cancelled), written in the same transaction as the change.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id   INTEGER REFERENCES events (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,                     -- Telegram HTML, in the user's language
    created_at INTEGER NOT NULL,
    sent_at    INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    status     TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked'))
);

CREATE INDEX notifications_pending ON notifications (status, id);
