-- Editors keep the pack true from Telegram: a role granted by a one-time invite (ed_<token>),
-- independent of the volunteer role. Invites of both roles share one table. Published packs
-- live here, not in the repository's content/: the newest version is the live pack; the last
-- ten are kept for /rollback.
ALTER TABLE users ADD COLUMN editor INTEGER NOT NULL DEFAULT 0;

ALTER TABLE volunteer_invites RENAME TO invites;
ALTER TABLE invites ADD COLUMN grants TEXT NOT NULL DEFAULT 'volunteer' CHECK (grants IN ('volunteer', 'editor'));

CREATE TABLE pack_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    zip          BLOB NOT NULL,
    published_by INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    -- publish | rollback | reload | review
    what         TEXT NOT NULL,
    summary      TEXT NOT NULL,
    -- The fingerprint of CONTENT_DIR's files when this version was made (to notice a change).
    dir_hash     TEXT NOT NULL
);

-- A checked upload waiting for Publish; `base` is the version it was checked against (0: the
-- pack from CONTENT_DIR).
CREATE TABLE pack_drafts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    editor     INTEGER NOT NULL,
    zip        BLOB NOT NULL,
    base       INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
