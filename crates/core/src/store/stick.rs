//! What a vault remembers about the files it puts on sticks (schema v4): headquarters the
//! names of the receipts it wrote, a field laptop the exports it began, so that a file on a
//! stick is recognised by name although every name is random.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, Tx};

/// An export recorded before its file was written.
#[derive(Debug, Clone)]
pub struct ExportIntent {
    pub bundle_id: String,
    pub file_name: String,
    pub sequence: u64,
    pub created_at: String,
    pub rowids: Vec<i64>,
}

impl Store {
    pub fn is_issued_receipt(&self, file_name: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM issued_receipts WHERE file_name = ?1")?
            .query_row([file_name], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub fn export_intents(&self) -> Result<Vec<ExportIntent>> {
        let mut stmt = self.conn.prepare(
            "SELECT bundle_id, file_name, sequence, created_at, rowids FROM export_intents ORDER BY sequence",
        )?;
        let rows = stmt.query_map([], |r| {
            let rowids: String = r.get(4)?;
            Ok(ExportIntent {
                bundle_id: r.get(0)?,
                file_name: r.get(1)?,
                sequence: r.get::<_, i64>(2)? as u64,
                created_at: r.get(3)?,
                rowids: serde_json::from_str(&rowids).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last audit entry carried by a bundle that headquarters confirmed by receipt.
    pub fn last_confirmed_audit_seq(&self) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT max(audit_seq) FROM bundles WHERE receipt_id IS NOT NULL",
            [],
            |r| r.get(0),
        )?)
    }
}

impl Tx<'_> {
    pub fn record_issued_receipt(&mut self, file_name: &str, bundle_id: &str, now: &str) -> Result<()> {
        self.tx.execute(
            "INSERT OR IGNORE INTO issued_receipts(file_name, bundle_id, written_at) VALUES (?1, ?2, ?3)",
            params![file_name, bundle_id, now],
        )?;
        Ok(())
    }

    pub fn insert_export_intent(&mut self, intent: &ExportIntent) -> Result<()> {
        self.tx.execute(
            "INSERT INTO export_intents(bundle_id, file_name, sequence, created_at, rowids) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                intent.bundle_id,
                intent.file_name,
                intent.sequence as i64,
                intent.created_at,
                serde_json::to_string(&intent.rowids).unwrap_or_else(|_| "[]".into())
            ],
        )?;
        Ok(())
    }

    /// Records the last audit entry a bundle carried.
    pub fn set_bundle_audit_seq(&mut self, bundle_id: &str, seq: i64) -> Result<()> {
        self.tx.execute(
            "UPDATE bundles SET audit_seq = ?2 WHERE bundle_id = ?1",
            params![bundle_id, seq],
        )?;
        Ok(())
    }

    pub fn delete_export_intent(&mut self, bundle_id: &str) -> Result<()> {
        self.tx
            .execute("DELETE FROM export_intents WHERE bundle_id = ?1", [bundle_id])?;
        Ok(())
    }
}
