//! The reads that both an open [`Store`] and a write transaction [`Tx`] offer, written
//! once: a transaction checks what it is about to change with the same queries the store
//! answers outside one.

use rusqlite::{Connection, OptionalExtension};

use super::{REVISION_COLUMNS, REVISION_FROM, Result, RevisionRow, Store, Tx, revision_from_row};

/// Reads shared by [`Store`] and [`Tx`]; bring it into scope with `use crate::store::Reads`.
pub trait Reads {
    /// The connection to read through (inside the transaction, for a [`Tx`]).
    fn conn(&self) -> &Connection;

    /// A value of the `meta` table.
    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    fn interview_id_by_code(&self, code: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM interviews WHERE code = ?1")?
            .query_row([code], |r| r.get(0))
            .optional()?)
    }

    fn interview_exists(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM interviews WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The newest revision of an interview, sealed or draft.
    fn latest_revision(&self, interview_id: &str) -> Result<Option<RevisionRow>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM {REVISION_FROM} \
             WHERE r.interview_id = ?1 ORDER BY r.number DESC LIMIT 1"
        );
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([interview_id], revision_from_row)
            .optional()?)
    }

    /// Whether a revision with this hash is held (without reading its content).
    fn holds_revision(&self, hash: &str) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM revisions WHERE hash = ?1")?
            .query_row([hash], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The highest sequence number recorded for a device's bundles (0 if none).
    fn last_sequence(&self, device: &str) -> Result<u64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(sequence), 0) FROM bundles WHERE device = ?1",
            [device],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }
}

impl Reads for Store {
    fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl Reads for Tx<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }
}
