//! The SQLCipher store: the only module that speaks SQL.
//!
//! The database is opened with a raw 256-bit key (never a passphrase), checked with a
//! first read, and brought up to date by numbered migrations, one transaction each.
//! Reads go through [`Store`]; every change goes through a [`Tx`], so that callers can
//! make several changes (rows, search index, audit entry) atomically.

mod annotations;
mod attachments;
mod consent;
mod exchange;
mod facts;
mod reads;
mod review;
mod search_text;
mod stick;
mod work;

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::domain::{Lifecycle, SearchFields};
use crate::explain::{Explain, Explanation};
use crate::secret::DatabaseKey;

pub use annotations::{AnnotationRow, Decision, FactFilter, Found};
pub use attachments::AttachmentRow;
pub use consent::ConsentChangeRow;
pub use exchange::{BundleRow, TrustedRow};
pub use facts::{IncidentFactRow, InterviewFactRow, StatsFact};
pub use reads::Reads;
pub use review::{HeldRevision, NewFlag, ReviewFlag};
pub use search_text::{contains_all, highlight_terms, snippet};
pub use stick::ExportIntent;
pub use work::WorkRow;

/// Schema migrations, applied in order; the index + 1 is the schema version.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_identity_trust_bundles.sql"),
    include_str!("migrations/003_editor_work.sql"),
    include_str!("migrations/004_revision_codes_hq_review.sql"),
    include_str!("migrations/005_attachments.sql"),
    include_str!("migrations/006_recording_markers.sql"),
    include_str!("migrations/007_analysis_review.sql"),
    include_str!("migrations/008_consent_changes.sql"),
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    WrongKey,
    /// What SQLite found damaged (a technical detail).
    Damaged(String),
    NewerSchema {
        found: u32,
        known: u32,
    },
    ReadOnly,
    DiskFull,
    Busy,
    /// A migration would leave rows pointing at nothing; the vault was left as it was.
    MigrationBreaksReferences {
        migration: usize,
        broken: i64,
    },
    /// A draft was sealed or changed by another window between reading and writing it.
    NoLongerDraft,
    CannotCreate {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    Sqlite(#[source] rusqlite::Error),
}

impl Explain for StoreError {
    fn explain(&self) -> Explanation {
        match self {
            StoreError::WrongKey => Explanation::new("store-wrong-key"),
            StoreError::Damaged(what) => Explanation::new("store-damaged").technical(what),
            StoreError::NewerSchema { found, known } => Explanation::new("store-newer-schema")
                .number("found", *found)
                .number("known", *known),
            StoreError::ReadOnly => Explanation::new("store-read-only"),
            StoreError::DiskFull => Explanation::new("store-disk-full"),
            StoreError::Busy => Explanation::new("store-busy"),
            StoreError::MigrationBreaksReferences { migration, broken } => {
                Explanation::new("store-migration-references")
                    .number("migration", *migration as f64)
                    .number("broken", *broken as f64)
            }
            StoreError::NoLongerDraft => Explanation::new("store-no-longer-draft"),
            StoreError::CannotCreate { path, source } => Explanation::new("store-cannot-create")
                .path("path", path)
                .technical(source),
            // Our SQL is parameterised, so rusqlite's message carries no interview content.
            StoreError::Sqlite(error) => Explanation::new("store-sqlite").technical(error),
        }
    }
}

crate::explain::display_in_english!(StoreError);

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        // SQLite grows the write-ahead log's shared-memory index (`vault.db-shm`) before the
        // first read; on a full disk that write fails, and SQLite reports a bare "disk I/O
        // error". ENOSPC is what makes it fail in practice, so say that.
        if error.sqlite_extended_error_code() == Some(rusqlite::ffi::SQLITE_IOERR_SHMSIZE) {
            return StoreError::DiskFull;
        }
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::WrongKey,
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged("corrupt pages".into()),
            Some(ErrorCode::ReadOnly) | Some(ErrorCode::CannotOpen) => StoreError::ReadOnly,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(error),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One revision as stored.
#[derive(Clone)]
pub struct RevisionRow {
    pub rowid: i64,
    pub interview_id: String,
    pub code: String,
    pub number: u32,
    pub previous_hash: Option<String>,
    pub state: Lifecycle,
    pub content: Option<String>,
    pub hash: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub sealed_at: Option<String>,
    pub device: Option<String>,
    pub bundle_id: Option<String>,
}

crate::redact::debug_redacted!(RevisionRow {
    rowid,
    interview_id,
    code,
    number,
    state,
    hash
});

/// A new revision to insert.
pub struct NewRevision<'a> {
    pub interview_id: &'a str,
    pub number: u32,
    pub previous_hash: Option<&'a str>,
    pub state: Lifecycle,
    pub content: &'a str,
    pub hash: Option<&'a str>,
    pub now: &'a str,
    pub device: Option<&'a str>,
    pub bundle_id: Option<&'a str>,
}

/// One audit log entry as stored; `payload` is `None` once wiped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub action: String,
    pub subject: String,
    pub payload: Option<String>,
    pub payload_digest: String,
    pub prev_hash: String,
    pub hash: String,
}

/// A search result.
#[derive(Debug, Clone)]
pub struct SearchRow {
    pub revision: RevisionRow,
}

const REVISION_COLUMNS: &str = "r.rowid, r.interview_id, coalesce(r.code, i.code), r.number, r.previous_hash, r.state, \
     c.content, r.hash, r.created_at, r.updated_at, r.sealed_at, r.device, r.bundle_id";

/// [`REVISION_COLUMNS`] with `NULL` for the content.
const REVISION_COLUMNS_NO_CONTENT: &str = "r.rowid, r.interview_id, coalesce(r.code, i.code), r.number, r.previous_hash, r.state, \
     NULL, r.hash, r.created_at, r.updated_at, r.sealed_at, r.device, r.bundle_id";

/// The tables a revision is read from (content may be absent: wiped).
const REVISION_FROM: &str = "revisions r JOIN interviews i ON i.id = r.interview_id LEFT JOIN revision_content c ON c.rowid = r.rowid";

fn revision_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RevisionRow> {
    let state: String = row.get(5)?;
    Ok(RevisionRow {
        rowid: row.get(0)?,
        interview_id: row.get(1)?,
        code: row.get(2)?,
        number: row.get(3)?,
        previous_hash: row.get(4)?,
        state: Lifecycle::parse(&state).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                5,
                rusqlite::types::Type::Text,
                format!("unknown lifecycle state {state:?}").into(),
            )
        })?,
        content: row.get(6)?,
        hash: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        sealed_at: row.get(10)?,
        device: row.get(11)?,
        bundle_id: row.get(12)?,
    })
}

/// An open, unlocked database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Creates a new encrypted database at `path`, which must not exist.
    pub fn create(path: &Path, key: &DatabaseKey) -> Result<Store> {
        // The empty file is made readable by its owner only; SQLite then gives its journal
        // and write-ahead log the same permissions.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::ReadOnly
            }
            _ => StoreError::CannotCreate {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        let mut store = Store::keyed(conn, key)?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing encrypted database; `WrongKey` if the key does not fit.
    pub fn open(path: &Path, key: &DatabaseKey) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        let mut store = Store::keyed(conn, key)?;
        store.migrate()?;
        Ok(store)
    }

    fn keyed(conn: Connection, key: &DatabaseKey) -> Result<Store> {
        conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
        let hex_key = Zeroizing::new(hex::encode(key.expose_secret()));
        let statement = Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex_key.as_str()));
        conn.execute_batch(&statement)?;
        // The first read proves the key: SQLCipher answers NotADatabase otherwise.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
        conn.execute_batch(
            "PRAGMA secure_delete = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA foreign_keys = ON;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA cipher_memory_security = OFF;
             PRAGMA cache_size = -65536;",
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Store { conn })
    }

    fn migrate(&mut self) -> Result<()> {
        let version: u32 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = MIGRATIONS.len() as u32;
        if version > known {
            return Err(StoreError::NewerSchema {
                found: version,
                known,
            });
        }
        // A migration may rebuild a table that others reference (SQLite's documented
        // procedure): foreign keys are off while it runs and checked before it commits.
        self.conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        let migrated = self.run_migrations(version);
        self.conn.execute_batch("PRAGMA foreign_keys = ON")?;
        migrated
    }

    fn run_migrations(&mut self, version: u32) -> Result<()> {
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
            if broken > 0 {
                return Err(StoreError::MigrationBreaksReferences {
                    migration: index + 1,
                    broken,
                });
            }
            tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1))?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Re-encrypts every page under `new_key`. Runs outside WAL mode (rollback journal), so
    /// an interruption leaves the database wholly under the old key or wholly under the new.
    pub fn rekey(&mut self, new_key: &DatabaseKey) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        let hex_key = Zeroizing::new(hex::encode(new_key.expose_secret()));
        let statement = Zeroizing::new(format!("PRAGMA rekey = \"x'{}'\";", hex_key.as_str()));
        let result = self.conn.execute_batch(&statement);
        self.conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        result?;
        // Prove the new key reads every page.
        self.integrity_check()
    }

    /// Rewrites the database compactly so that freed pages (already zeroed by secure_delete)
    /// leave the file, and empties the write-ahead log.
    pub fn vacuum(&mut self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// See `Vault::set_cipher_memory_security`.
    pub fn set_memory_security(&mut self, on: bool) -> Result<()> {
        let value = if on { "ON" } else { "OFF" };
        self.conn
            .execute_batch(&format!("PRAGMA cipher_memory_security = {value};"))?;
        Ok(())
    }

    /// Checks every page of the database; reports damage in words.
    pub fn integrity_check(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(StoreError::Damaged(verdict))
        }
    }

    /// Runs `f` in one transaction: all of its changes land, or none.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Tx<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let mut wrapped = Tx { tx, audit_head: None };
        let value = f(&mut wrapped)?;
        if let Some(head) = wrapped.audit_head.take() {
            wrapped.set_meta(AUDIT_HEAD_KEY, &head)?;
        }
        wrapped.tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Ids that start with `prefix` (at most two: enough to tell "one" from "several").
    pub fn interview_ids_with_prefix(&self, prefix: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM interviews WHERE substr(id, 1, length(?1)) = ?1 LIMIT 2")?;
        let rows = stmt.query_map([prefix], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn interview_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM interviews", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// All revisions of one interview, oldest first.
    pub fn revisions_of(&self, interview_id: &str) -> Result<Vec<RevisionRow>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM {REVISION_FROM} \
             WHERE r.interview_id = ?1 ORDER BY r.number"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([interview_id], revision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The latest revision of every interview, optionally in one state, ordered by code.
    pub fn list_latest(&self, state: Option<Lifecycle>) -> Result<Vec<RevisionRow>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM {REVISION_FROM} \
             WHERE r.number = (SELECT max(number) FROM revisions WHERE interview_id = r.interview_id) \
             AND (?1 IS NULL OR r.state = ?1) ORDER BY i.code"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([state.map(|s| s.as_str())], revision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Revisions in a given state (any revision, not only the latest).
    pub fn revisions_in_state(&self, state: Lifecycle) -> Result<Vec<RevisionRow>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM {REVISION_FROM} \
             WHERE r.state = ?1 ORDER BY i.code, r.number"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([state.as_str()], revision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Like [`Store::revisions_in_state`], without the content (`content` is `None`): the
    /// rows stay small however large the interviews; see [`Store::revision_content`].
    pub fn revisions_in_state_without_content(&self, state: Lifecycle) -> Result<Vec<RevisionRow>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS_NO_CONTENT} FROM revisions r JOIN interviews i ON i.id = r.interview_id \
             WHERE r.state = ?1 ORDER BY i.code, r.number"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([state.as_str()], revision_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored content (canonical JSON) of one revision as bytes, followed by `suffix`;
    /// `None` if it has none (wiped).
    pub fn revision_content(&self, rowid: i64, suffix: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT content FROM revision_content WHERE rowid = ?1")?
            .query_row([rowid], |r| {
                // The bytes as stored (UTF-8 text): no second validation on the way out.
                let text = r.get_ref(0)?.as_bytes()?;
                let mut bytes = Vec::with_capacity(text.len() + suffix.len());
                bytes.extend_from_slice(text);
                bytes.extend_from_slice(suffix);
                Ok(bytes)
            })
            .optional()?)
    }

    /// Number of revisions in each lifecycle state.
    pub fn count_by_state(&self) -> Result<Vec<(Lifecycle, u64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT state, count(*) FROM revisions GROUP BY state")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?;
        let mut counts = Vec::new();
        for row in rows {
            let (state, n) = row?;
            if let Some(state) = Lifecycle::parse(&state) {
                counts.push((state, n));
            }
        }
        Ok(counts)
    }

    /// Full-text search; `query` is what the person typed. Newest revisions first: FTS5
    /// walks its doclists in rowid order and stops at `limit`, instead of ranking every
    /// match (tens of thousands for a common word in a large archive).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchRow>> {
        let Some(expression) = search_text::match_expression(query) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM \
               (SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2) s \
             JOIN revisions r ON r.rowid = s.rowid JOIN interviews i ON i.id = r.interview_id \
             LEFT JOIN revision_content c ON c.rowid = r.rowid \
             ORDER BY r.rowid DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![expression, limit as i64], |row| {
            Ok(SearchRow {
                revision: revision_from_row(row)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The whole audit log, oldest first.
    /// The sequence number of the newest audit entry (0 for an empty log).
    pub fn last_audit_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| r.get(0))?)
    }

    /// Calls `each` with every audit entry from `from_seq` on, oldest first, without its payload (which stays
    /// in `audit_payload`): for carrying the chain in a bundle.
    pub fn for_each_audit_entry(&self, from_seq: i64, mut each: impl FnMut(&AuditRow)) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, action, subject, payload_digest, prev_hash, hash FROM audit_log \
             WHERE seq >= ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([from_seq])?;
        while let Some(r) = rows.next()? {
            each(&AuditRow {
                seq: r.get(0)?,
                at: r.get(1)?,
                action: r.get(2)?,
                subject: r.get(3)?,
                payload: None,
                payload_digest: r.get(4)?,
                prev_hash: r.get(5)?,
                hash: r.get(6)?,
            });
        }
        Ok(())
    }

    pub fn audit_rows(&self) -> Result<Vec<AuditRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT l.seq, l.at, l.action, l.subject, p.payload, l.payload_digest, l.prev_hash, l.hash \
             FROM audit_log l LEFT JOIN audit_payload p ON p.seq = l.seq ORDER BY l.seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditRow {
                seq: r.get(0)?,
                at: r.get(1)?,
                action: r.get(2)?,
                subject: r.get(3)?,
                payload: r.get(4)?,
                payload_digest: r.get(5)?,
                prev_hash: r.get(6)?,
                hash: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Where the last audit entry (`seq:hash`) is recorded, so that removing entries from the
/// end of the log is detected.
pub const AUDIT_HEAD_KEY: &str = "audit_head";

/// A write transaction; dropped without commit, it rolls back.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    /// The newest audit entry appended in this transaction, recorded once at commit.
    audit_head: Option<String>,
}

impl Tx<'_> {
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// The hash of revision `number` of an interview: `None` if there is no such revision,
    /// `Some(None)` if it is an unsealed draft.
    pub fn revision_hash(&self, interview_id: &str, number: u32) -> Result<Option<Option<String>>> {
        Ok(self
            .tx
            .prepare_cached("SELECT hash FROM revisions WHERE interview_id = ?1 AND number = ?2")?
            .query_row(params![interview_id, number], |r| r.get(0))
            .optional()?)
    }

    /// `device`: at headquarters, the device that delivered it; `None` on a field vault.
    pub fn insert_interview(&mut self, id: &str, code: &str, device: Option<&str>, now: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO interviews(id, code, created_at, device) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, code, now, device])?;
        Ok(())
    }

    pub fn set_code(&mut self, interview_id: &str, code: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE interviews SET code = ?2 WHERE id = ?1",
            params![interview_id, code],
        )?;
        Ok(())
    }

    /// Inserts a revision and returns its rowid. The caller indexes it for search.
    pub fn insert_revision(&mut self, new: &NewRevision<'_>) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO revisions(interview_id, number, previous_hash, state, hash, \
                 created_at, updated_at, sealed_at, device, bundle_id, code) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, CASE WHEN ?5 IS NULL THEN NULL ELSE ?6 END, ?7, ?8, \
                 json_extract(?9, '$.code'))",
            )?
            .execute(params![
                new.interview_id,
                new.number,
                new.previous_hash,
                new.state.as_str(),
                new.hash,
                new.now,
                new.device,
                new.bundle_id,
                new.content,
            ])?;
        let rowid = self.tx.last_insert_rowid();
        self.tx
            .prepare_cached("INSERT INTO revision_content(rowid, content) VALUES (?1, ?2)")?
            .execute(params![rowid, new.content])?;
        Ok(rowid)
    }

    /// Replaces the content of a draft revision.
    pub fn update_draft_content(&mut self, rowid: i64, content: &str, now: &str) -> Result<()> {
        let changed = self.tx.execute(
            "UPDATE revisions SET updated_at = ?2, code = json_extract(?3, '$.code') \
             WHERE rowid = ?1 AND state = 'draft'",
            params![rowid, now, content],
        )?;
        if changed != 1 {
            return Err(StoreError::NoLongerDraft);
        }
        self.tx.execute(
            "UPDATE revision_content SET content = ?2 WHERE rowid = ?1",
            params![rowid, content],
        )?;
        Ok(())
    }

    /// Marks a draft sealed with its revision hash.
    pub fn seal_revision(&mut self, rowid: i64, hash: &str, now: &str) -> Result<()> {
        let changed = self.tx.execute(
            "UPDATE revisions SET state = 'sealed', hash = ?2, sealed_at = ?3, updated_at = ?3 \
             WHERE rowid = ?1 AND state = 'draft'",
            params![rowid, hash, now],
        )?;
        if changed != 1 {
            return Err(StoreError::NoLongerDraft);
        }
        Ok(())
    }

    /// Moves a revision to another lifecycle state (exported, delivered…).
    pub fn set_state(
        &mut self,
        rowid: i64,
        state: Lifecycle,
        bundle_id: Option<&str>,
        now: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE revisions SET state = ?2, bundle_id = coalesce(?3, bundle_id), updated_at = ?4 WHERE rowid = ?1",
            )?
            .execute(params![rowid, state.as_str(), bundle_id, now])?;
        Ok(())
    }

    /// Marks the revisions `rowids` exported in bundle `bundle_id` and records each one's
    /// hash as part of that bundle, in two statements however many there are (an export of
    /// thousands spent most of its bookkeeping on per-row statements). Only sealed or
    /// already exported revisions change; returns how many did.
    pub fn mark_exported(&mut self, rowids: &[i64], bundle_id: &str, now: &str) -> Result<usize> {
        let ids = format!(
            "[{}]",
            rowids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        );
        let changed = self.tx.execute(
            "UPDATE revisions SET state = 'exported', bundle_id = ?2, updated_at = ?3 \
             WHERE rowid IN (SELECT value FROM json_each(?1)) AND state IN ('sealed', 'exported')",
            params![ids, bundle_id, now],
        )?;
        self.tx.execute(
            "INSERT OR IGNORE INTO bundle_revisions(bundle_id, revision_hash) \
             SELECT ?2, hash FROM revisions \
             WHERE rowid IN (SELECT value FROM json_each(?1)) AND hash IS NOT NULL",
            params![ids, bundle_id],
        )?;
        Ok(changed)
    }

    /// Puts a revision's text into the search index (replacing any previous entry).
    pub fn index_revision(&mut self, rowid: i64, fields: &SearchFields) -> Result<()> {
        self.unindex_revision(rowid)?;
        self.index_new_revision(rowid, fields)
    }

    /// Indexes a revision that has never been indexed (a fresh rowid): no delete needed.
    pub fn index_new_revision(&mut self, rowid: i64, fields: &SearchFields) -> Result<()> {
        self.index_new_tokens(rowid, &search_tokens(fields))
    }

    /// Like [`Tx::index_new_revision`], with the tokens already made by [`search_tokens`]
    /// (bulk import makes them on the parsing threads, off the single writer).
    pub fn index_new_tokens(&mut self, rowid: i64, tokens: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO search_index(rowid, text) VALUES (?1, ?2)")?
            .execute(params![rowid, tokens])?;
        Ok(())
    }

    pub fn unindex_revision(&mut self, rowid: i64) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute([rowid])?;
        Ok(())
    }

    /// Removes a revision's content, its search entry and the payloads of its audit entries,
    /// leaving a tombstone (code, number, hash, bundle, time).
    pub fn wipe_revision(&mut self, rowid: i64, interview_id: &str, now: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE revisions SET state = 'wiped', updated_at = ?2 WHERE rowid = ?1",
            params![rowid, now],
        )?;
        self.tx
            .execute("DELETE FROM revision_content WHERE rowid = ?1", [rowid])?;
        self.unindex_revision(rowid)?;
        self.tx.execute(
            "DELETE FROM audit_payload WHERE seq IN (SELECT seq FROM audit_log WHERE subject = ?1)",
            [interview_id],
        )?;
        Ok(())
    }

    /// The last audit entry's sequence number and hash, if any.
    pub fn last_audit(&self) -> Result<Option<(i64, String)>> {
        if let Some((seq, hash)) = self.audit_head.as_deref().and_then(|h| h.split_once(':'))
            && let Ok(seq) = seq.parse()
        {
            return Ok(Some((seq, hash.to_owned())));
        }
        Ok(self
            .tx
            .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    pub fn append_audit(&mut self, row: &AuditRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log(seq, at, action, subject, payload_digest, prev_hash, hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                row.seq,
                row.at,
                row.action,
                row.subject,
                row.payload_digest,
                row.prev_hash,
                row.hash
            ])?;
        if let Some(payload) = &row.payload {
            self.tx
                .prepare_cached("INSERT INTO audit_payload(seq, payload) VALUES (?1, ?2)")?
                .execute(params![row.seq, payload])?;
        }
        self.audit_head = Some(format!("{}:{}", row.seq, row.hash));
        Ok(())
    }
}

/// The text stored in the full-text index for a revision: the distinct tokens of every
/// searchable field (see `search_text`), in one column.
pub fn search_tokens(fields: &SearchFields) -> String {
    search_text::distinct_index_text(&[
        &fields.code,
        &fields.narrative,
        &fields.incidents,
        &fields.places,
        &fields.facilities,
        &fields.tags,
    ])
}
