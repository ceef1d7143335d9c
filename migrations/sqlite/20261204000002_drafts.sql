-- Draft laws in public discussion (issue 24): residents' comments per article of a draft, on the
-- version of the text they read, moderated by volunteers, supported by other residents, and
-- answered by the drafters (recorded by an editor). The drafts themselves live in the pack
-- (drafts/<id>/); versions are numbered here, one per distinct text.

CREATE TABLE draft_versions (
    doc_id     TEXT NOT NULL,
    version    INTEGER NOT NULL,                -- 1, 2, ...: a new text is a new version
    text_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, version),
    UNIQUE (doc_id, text_hash)
);

CREATE TABLE draft_comments (
    id            INTEGER PRIMARY KEY,          -- the number residents and editors see
    doc_id        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    article       INTEGER NOT NULL CHECK (article > 0),
    user_id       INTEGER,                      -- NULL once removed by /forget
    lang          TEXT NOT NULL CHECK (lang IN ('ru', 'kk')),
    district      TEXT,                         -- the author's district when they wrote it (shown; never the name)
    body          TEXT NOT NULL,                -- '' once removed
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected', 'removed')),
    reject_reason TEXT,
    moderated_by  INTEGER,
    moderated_at  INTEGER,
    response      TEXT CHECK (response IN ('accepted', 'considered', 'rejected')),
    response_note TEXT,
    responded_by  INTEGER,
    responded_at  INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX draft_comments_article ON draft_comments (doc_id, article, status);
CREATE INDEX draft_comments_queue ON draft_comments (status, created_at);
CREATE INDEX draft_comments_user ON draft_comments (user_id);

CREATE TABLE comment_agrees (
    comment_id INTEGER NOT NULL REFERENCES draft_comments (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_agrees_user ON comment_agrees (user_id);

-- A discussion that reached its close date: admins were sent the digest once.
CREATE TABLE draft_closings (
    doc_id    TEXT PRIMARY KEY,
    closes_at INTEGER NOT NULL,
    closed_at INTEGER NOT NULL
);
