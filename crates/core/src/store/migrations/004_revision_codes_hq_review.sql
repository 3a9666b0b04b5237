-- fieldvault schema v4: each revision carries its own code; headquarters keys interviews by
-- the device that delivered them, so two devices may use one code; review flags and
-- revisions held back for a missing predecessor. See docs/vault-format.md.

-- The code as written in that revision's content (a corrected code is a new revision; the
-- old revision keeps the code it was sealed with). Kept when the content is wiped.
ALTER TABLE revisions ADD COLUMN code TEXT;
UPDATE revisions SET code = coalesce(
    (SELECT json_extract(c.content, '$.code') FROM revision_content c WHERE c.rowid = revisions.rowid),
    (SELECT i.code FROM interviews i WHERE i.id = revisions.interview_id));

-- The code is no longer unique across the table: at headquarters two devices may each
-- have used it. A field vault (device IS NULL) still allows each code once.
CREATE TABLE interviews_v4 (
    id         TEXT PRIMARY KEY,
    code       TEXT NOT NULL,             -- the code of the latest revision
    created_at TEXT NOT NULL,
    device     TEXT                       -- HQ: the device that first delivered it and alone may revise it
) STRICT;
INSERT INTO interviews_v4 (id, code, created_at, device)
    SELECT i.id, i.code, i.created_at,
           (SELECT r.device FROM revisions r WHERE r.interview_id = i.id ORDER BY r.number LIMIT 1)
    FROM interviews i;
DROP TABLE interviews;
ALTER TABLE interviews_v4 RENAME TO interviews;
CREATE UNIQUE INDEX interviews_code_on_device ON interviews(code) WHERE device IS NULL;
CREATE INDEX interviews_by_code ON interviews(code);

-- Headquarters: things a person must look at (a code used by two devices, a device that
-- tried to revise another's interview, a revision held back). Codes and ids only, never
-- interview text.
CREATE TABLE review_flags (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,            -- the interview id (or code) concerned
    device      TEXT,                     -- fingerprint hex of the device involved
    bundle_id   TEXT,
    detail      TEXT NOT NULL,            -- one sentence for the reviewer
    raised_at   TEXT NOT NULL,
    UNIQUE (kind, subject, device, detail)
) STRICT;

-- Headquarters: a revision whose predecessor it does not hold. It is not part of the
-- archive (not listed, searched or receipted) until the predecessor arrives.
CREATE TABLE held_revisions (
    revision_hash TEXT PRIMARY KEY,
    interview_id  TEXT NOT NULL,
    number        INTEGER NOT NULL,
    previous_hash TEXT,
    device        TEXT NOT NULL,
    bundle_id     TEXT NOT NULL,
    content       TEXT NOT NULL,
    held_at       TEXT NOT NULL
) STRICT;

-- Headquarters: the random names of the receipts it wrote, so that `import STICK` passes
-- over them (they are encrypted to the device and look like any bundle).
CREATE TABLE issued_receipts (
    file_name  TEXT PRIMARY KEY,
    bundle_id  TEXT NOT NULL,
    written_at TEXT NOT NULL
) STRICT;

-- Field: an export recorded before its file is written. If the export is killed after the
-- file got its final name but before the export was recorded, the next export or
-- `wipe exported` finds the file by this name and records it then.
CREATE TABLE export_intents (
    bundle_id  TEXT PRIMARY KEY,
    file_name  TEXT NOT NULL,
    sequence   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    rowids     TEXT NOT NULL                -- JSON array of the revisions' rowids
) STRICT;

-- Field: the last audit entry each exported bundle carried. A bundle carries the log from
-- the last entry of the newest bundle headquarters confirmed by receipt, not all of it.
ALTER TABLE bundles ADD COLUMN audit_seq INTEGER;

-- Headquarters: each enrolled device's audit chain as carried in its bundles (format 2),
-- without payloads. An entry is never replaced: a later bundle whose chain differs from
-- what is held here is flagged as a rewritten log.
CREATE TABLE device_audit (
    device         TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    at             TEXT NOT NULL,
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    prev           TEXT NOT NULL,
    hash           TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) STRICT;
