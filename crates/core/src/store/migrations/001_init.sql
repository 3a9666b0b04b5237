-- fieldvault schema v1. Every table lives inside the SQLCipher-encrypted database.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One row per interview; its content lives in revisions.
CREATE TABLE interviews (
    id         TEXT PRIMARY KEY,          -- random UUID, stable across revisions
    code       TEXT NOT NULL UNIQUE,      -- pseudonymous interviewee code
    created_at TEXT NOT NULL
) STRICT;

-- Every version of an interview. A draft is edited in place; a sealed revision never
-- changes content again, and a correction is a new revision naming the previous hash.
CREATE TABLE revisions (
    rowid         INTEGER PRIMARY KEY,     -- also the rowid in search_index
    interview_id  TEXT NOT NULL REFERENCES interviews(id),
    number        INTEGER NOT NULL CHECK (number >= 1),
    previous_hash TEXT,
    state         TEXT NOT NULL CHECK (state IN ('draft','sealed','exported','delivered','wiped')),
    hash          TEXT,                    -- SHA-256 (hex) of the revision; set at sealing
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    sealed_at     TEXT,
    device        TEXT,                    -- HQ: fingerprint of the device that sent it
    bundle_id     TEXT,                    -- HQ: bundle it arrived in; field: last bundle it left in
    UNIQUE (interview_id, number)
) STRICT;
CREATE INDEX revisions_by_state ON revisions(state);

-- The canonical JSON of each revision, apart from its small metadata row: changing a
-- revision's state then rewrites a few bytes, not kilobytes of text. Deleted when the
-- revision is wiped (the metadata row stays as the tombstone).
CREATE TABLE revision_content (
    rowid   INTEGER PRIMARY KEY REFERENCES revisions(rowid),
    content TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX revisions_by_hash ON revisions(hash) WHERE hash IS NOT NULL;

-- Pre-tokenized text (see store/search_text.rs) of the latest revision of each interview.
-- Contentless: the index keeps tokens only; content comes from revisions.
CREATE VIRTUAL TABLE search_index USING fts5(
    text,
    content = '', contentless_delete = 1, detail = none,
    tokenize = 'ascii'
);
INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 1);

-- Append-only, hash-chained audit log. The chain commits to a digest of each payload,
-- so a payload can be wiped later while the chain still verifies.
CREATE TABLE audit_log (
    seq            INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    payload_digest TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
) STRICT;
CREATE TABLE audit_payload (
    seq     INTEGER PRIMARY KEY REFERENCES audit_log(seq),
    payload TEXT NOT NULL
) STRICT;
