-- Districts come from the region file (REGION_FILE), not from the schema: the CHECK listing West
-- Kazakhstan's ids on `events.district` goes. SQLite cannot drop a CHECK in place, so the table is
-- rebuilt (SQLite's documented 12-step procedure); `storage::Db::open` runs this once, in a write
-- transaction with foreign keys off, so that dropping the old table does not cascade to RSVPs,
-- reminders, notices and outbox rows (they point at `events` by name and find the new table).

CREATE TABLE events_new (
    id          INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,             -- the CSV `id`; also the deep link `event_<id>`
    title_ru    TEXT NOT NULL,
    title_kk    TEXT NOT NULL DEFAULT '',         -- '' = not translated: the Russian title is shown
    kind        TEXT NOT NULL CHECK (kind IN ('meeting', 'round_table', 'public_discussion',
                                              'dialogue_platform', 'online')),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL CHECK (ends_at > starts_at),
    district    TEXT NOT NULL CHECK (district <> ''),  -- a district id of the region file
    venue       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    lat         REAL,                             -- both or neither
    lon         REAL CHECK ((lat IS NULL) = (lon IS NULL)),
    online_url  TEXT NOT NULL DEFAULT '',
    organizer   TEXT NOT NULL DEFAULT '',
    themes      TEXT NOT NULL DEFAULT '',         -- theme ids separated by `|`
    capacity    INTEGER CHECK (capacity > 0),
    status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'moved', 'cancelled')),
    updated_at  INTEGER NOT NULL,
    attendance  INTEGER CHECK (attendance >= 0),  -- recorded by its organiser
    report_note TEXT,
    reported_at INTEGER
);

INSERT INTO events_new SELECT id, external_id, title_ru, title_kk, kind, starts_at, ends_at, district,
    venue, address, lat, lon, online_url, organizer, themes, capacity, status, updated_at,
    attendance, report_note, reported_at FROM events;
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;

CREATE INDEX events_starts ON events (starts_at);
CREATE INDEX events_district_starts ON events (district, starts_at);

