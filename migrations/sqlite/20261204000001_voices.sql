-- What residents think, and what the coalition achieved: statement sets residents vote on (and
-- propose statements to, moderated by volunteers), a theme and a district on every question,
-- organisers (invited per district, or_<token>) who record attendance after their events, and
-- when a subscription began (the report's growth of subscribers).

ALTER TABLE questions ADD COLUMN theme TEXT;        -- suggested at asking; the volunteer confirms or changes it
ALTER TABLE questions ADD COLUMN district TEXT;     -- the asker's district setting at the time (NULL: not given)
CREATE INDEX questions_created ON questions (created_at);

ALTER TABLE users ADD COLUMN district_asked INTEGER NOT NULL DEFAULT 0 CHECK (district_asked IN (0, 1)); -- asked once, after a first question
ALTER TABLE users ADD COLUMN organiser_district TEXT;                    -- set: an organiser of that district
ALTER TABLE users ADD COLUMN subscribed_at INTEGER;
UPDATE users SET subscribed_at = first_seen WHERE subscribed = 1;

CREATE TABLE invites_new (
    token      TEXT PRIMARY KEY,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by    INTEGER,
    used_at    INTEGER,
    grants     TEXT NOT NULL DEFAULT 'volunteer' CHECK (grants IN ('volunteer', 'editor', 'organiser')),
    district   TEXT                                 -- an organiser's district
);
INSERT INTO invites_new (token, created_by, created_at, expires_at, used_by, used_at, grants)
SELECT token, created_by, created_at, expires_at, used_by, used_at, grants FROM invites;
DROP TABLE invites;
ALTER TABLE invites_new RENAME TO invites;

ALTER TABLE events ADD COLUMN attendance INTEGER CHECK (attendance >= 0);  -- recorded by its organiser
ALTER TABLE events ADD COLUMN report_note TEXT;
ALTER TABLE events ADD COLUMN reported_at INTEGER;

CREATE TABLE statement_sets (
    id         TEXT PRIMARY KEY,                    -- the file's id; the deep link st_<id>
    theme      TEXT NOT NULL,
    title_ru   TEXT NOT NULL,
    title_kk   TEXT NOT NULL DEFAULT '',            -- '' = not translated: the Russian title is shown
    opens_at   INTEGER NOT NULL,
    closes_at  INTEGER NOT NULL CHECK (closes_at > opens_at),
    updated_by INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE statements (
    id           INTEGER PRIMARY KEY,
    set_id       TEXT NOT NULL REFERENCES statement_sets (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,                  -- the order residents see
    text_ru      TEXT NOT NULL DEFAULT '',          -- at least one of the two
    text_kk      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('published', 'proposed', 'rejected', 'withdrawn')),
    proposed_by  INTEGER,                           -- a resident's proposal (NULL: the editors', or forgotten)
    reject_reason TEXT,
    moderated_by INTEGER,
    moderated_at INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX statements_set ON statements (set_id, status, position);
CREATE INDEX statements_proposed ON statements (status, created_at);

CREATE TABLE votes (
    statement_id INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    vote         INTEGER NOT NULL CHECK (vote IN (-1, 0, 1)),   -- disagree, pass, agree
    voted_at     INTEGER NOT NULL,
    PRIMARY KEY (statement_id, user_id)
);
CREATE INDEX votes_user ON votes (user_id);
