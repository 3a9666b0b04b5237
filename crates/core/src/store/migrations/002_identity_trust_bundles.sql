-- fieldvault schema v2: the vault's own keys, whom it trusts, and the bundles and
-- receipts that have passed through it. All inside the encrypted database.

-- The device's (or headquarters') identity: an Ed25519 signing key and an age identity.
CREATE TABLE identity (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    label         TEXT NOT NULL,
    signing_pkcs8 BLOB NOT NULL,
    age_identity  TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

-- Field vault: the headquarters it exports to and whose receipts count.
-- Headquarters vault: the enrolled field devices whose bundles it accepts.
CREATE TABLE trusted (
    fingerprint   TEXT PRIMARY KEY,         -- SHA-256 of the SSH public key, hex
    role          TEXT NOT NULL CHECK (role IN ('field','headquarters')),
    label         TEXT NOT NULL,
    age_recipient TEXT NOT NULL,
    ssh_key       TEXT NOT NULL,
    card          TEXT NOT NULL,            -- the trust card as received
    added_at      TEXT NOT NULL,
    removed_at    TEXT                      -- kept for history; no longer trusted
) STRICT;

-- Field: bundles exported. Headquarters: bundles imported.
CREATE TABLE bundles (
    bundle_id   TEXT PRIMARY KEY,
    device      TEXT NOT NULL,              -- fingerprint hex of the device that made it
    sequence    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    file_name   TEXT,                       -- field: the file written
    file_sha256 TEXT,                       -- field: SHA-256 of that file, to recognise it later
    imported_at TEXT,                       -- headquarters: when it was imported
    receipt_id  TEXT                        -- field: the receipt that confirmed it
) STRICT;
CREATE INDEX bundles_by_device ON bundles(device, sequence);

-- Which revisions each bundle carried.
CREATE TABLE bundle_revisions (
    bundle_id     TEXT NOT NULL REFERENCES bundles(bundle_id),
    revision_hash TEXT NOT NULL,
    PRIMARY KEY (bundle_id, revision_hash)
) STRICT;

-- Field: receipts accepted from headquarters.
CREATE TABLE receipts (
    receipt_id  TEXT PRIMARY KEY,
    bundle_id   TEXT NOT NULL,
    hq          TEXT NOT NULL,
    received_at TEXT NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
