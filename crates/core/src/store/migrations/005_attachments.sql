-- fieldvault schema v5: attachments (audio, photos, documents). Their bytes live outside
-- the database, encrypted in chunks under a key of their own (crypto/chunked.rs), in the
-- vault folder's attachments/ directory; the key lives here, so that wiping the row's key
-- turns the file into noise.

CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,               -- 32 lowercase hex (16 random bytes); the file is attachments/<id>
    interview_id  TEXT NOT NULL REFERENCES interviews(id),
    added_in      INTEGER NOT NULL CHECK (added_in >= 1),   -- the revision number it was added to
    removed_in    INTEGER,                        -- the revision number that removed it, if one did
    file_name     TEXT NOT NULL,                  -- the original file name, for chain of custody
    media_type    TEXT NOT NULL,                  -- sniffed from the bytes, not the name
    size          INTEGER NOT NULL CHECK (size >= 0),
    sha256        TEXT NOT NULL,                  -- of the original bytes
    added_at      TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('complete', 'recording', 'wiped')),
    key           BLOB,                           -- 32 bytes; NULL once wiped
    device        TEXT,                           -- headquarters: the device that sent it
    origin_id     TEXT                            -- headquarters: its id on that device
) STRICT;
CREATE INDEX attachments_by_interview ON attachments(interview_id, added_in);
CREATE UNIQUE INDEX attachments_by_origin ON attachments(device, origin_id) WHERE device IS NOT NULL;
