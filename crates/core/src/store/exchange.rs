//! Rows for identities, trust, bundles and receipts (schema v2).

use rusqlite::{OptionalExtension, params};

use super::{REVISION_COLUMNS, REVISION_FROM, Result, RevisionRow, Store, Tx, revision_from_row};

/// The vault's own keys, as stored (the secrets stay inside the encrypted database).
pub struct IdentityRow {
    pub label: String,
    pub signing_pkcs8: crate::secret::SecretBytes,
    pub age_identity: crate::secret::SecretBytes,
}

#[derive(Debug, Clone)]
pub struct TrustedRow {
    pub fingerprint: String,
    pub role: String,
    pub label: String,
    pub age_recipient: String,
    pub ssh_key: String,
    pub added_at: String,
    pub removed_at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct BundleRow {
    pub bundle_id: String,
    pub device: String,
    pub sequence: u64,
    pub created_at: String,
    pub file_name: Option<String>,
    pub file_sha256: Option<String>,
    pub imported_at: Option<String>,
    pub receipt_id: Option<String>,
}

fn trusted_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TrustedRow> {
    Ok(TrustedRow {
        fingerprint: r.get(0)?,
        role: r.get(1)?,
        label: r.get(2)?,
        age_recipient: r.get(3)?,
        ssh_key: r.get(4)?,
        added_at: r.get(5)?,
        removed_at: r.get(6)?,
    })
}

fn bundle_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BundleRow> {
    Ok(BundleRow {
        bundle_id: r.get(0)?,
        device: r.get(1)?,
        sequence: r.get::<_, i64>(2)? as u64,
        created_at: r.get(3)?,
        file_name: r.get(4)?,
        file_sha256: r.get(5)?,
        imported_at: r.get(6)?,
        receipt_id: r.get(7)?,
    })
}

const TRUSTED_COLUMNS: &str = "fingerprint, role, label, age_recipient, ssh_key, added_at, removed_at";
const BUNDLE_COLUMNS: &str =
    "bundle_id, device, sequence, created_at, file_name, file_sha256, imported_at, receipt_id";

impl Store {
    pub fn identity(&self) -> Result<Option<IdentityRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT label, signing_pkcs8, age_identity FROM identity WHERE singleton = 1",
                [],
                |r| {
                    Ok(IdentityRow {
                        label: r.get(0)?,
                        signing_pkcs8: crate::secret::SecretBytes::new(r.get(1)?),
                        age_identity: crate::secret::SecretBytes::new(r.get::<_, String>(2)?.into_bytes()),
                    })
                },
            )
            .optional()?)
    }

    /// Every trust entry, current and removed, by label.
    pub fn trusted(&self) -> Result<Vec<TrustedRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {TRUSTED_COLUMNS} FROM trusted ORDER BY removed_at IS NOT NULL, label"
        ))?;
        let rows = stmt.query_map([], trusted_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn trusted_by_fingerprint(&self, fingerprint: &str) -> Result<Option<TrustedRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {TRUSTED_COLUMNS} FROM trusted WHERE fingerprint = ?1"),
                [fingerprint],
                trusted_from_row,
            )
            .optional()?)
    }

    pub fn bundle(&self, bundle_id: &str) -> Result<Option<BundleRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {BUNDLE_COLUMNS} FROM bundles WHERE bundle_id = ?1"),
                [bundle_id],
                bundle_from_row,
            )
            .optional()?)
    }

    /// Bundles, by device then sequence.
    pub fn bundles(&self) -> Result<Vec<BundleRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {BUNDLE_COLUMNS} FROM bundles ORDER BY device, sequence"
        ))?;
        let rows = stmt.query_map([], bundle_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The bundle this vault wrote under a file name, if any.
    pub fn bundle_by_file_name(&self, name: &str) -> Result<Option<BundleRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {BUNDLE_COLUMNS} FROM bundles WHERE file_name = ?1"),
                [name],
                bundle_from_row,
            )
            .optional()?)
    }

    /// Revision hashes a bundle carried.
    pub fn bundle_revisions(&self, bundle_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT revision_hash FROM bundle_revisions WHERE bundle_id = ?1 ORDER BY revision_hash",
        )?;
        let rows = stmt.query_map([bundle_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn revision_by_hash(&self, hash: &str) -> Result<Option<RevisionRow>> {
        let sql = format!("SELECT {REVISION_COLUMNS} FROM {REVISION_FROM} WHERE r.hash = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([hash], revision_from_row)
            .optional()?)
    }

    pub fn receipt_exists(&self, receipt_id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM receipts WHERE receipt_id = ?1",
                [receipt_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

impl Tx<'_> {
    pub fn set_identity(
        &mut self,
        label: &str,
        signing_pkcs8: &[u8],
        age_identity: &str,
        now: &str,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO identity(singleton, label, signing_pkcs8, age_identity, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![label, signing_pkcs8, age_identity, now],
        )?;
        Ok(())
    }

    /// Adds or re-activates a trusted party.
    pub fn upsert_trusted(&mut self, row: &TrustedRow, card: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO trusted(fingerprint, role, label, age_recipient, ssh_key, card, added_at, removed_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL) \
             ON CONFLICT(fingerprint) DO UPDATE SET label = excluded.label, age_recipient = excluded.age_recipient, \
             card = excluded.card, added_at = excluded.added_at, removed_at = NULL",
            params![row.fingerprint, row.role, row.label, row.age_recipient, row.ssh_key, card, row.added_at],
        )?;
        Ok(())
    }

    pub fn remove_trusted(&mut self, fingerprint: &str, now: &str) -> Result<bool> {
        let n = self.tx.execute(
            "UPDATE trusted SET removed_at = ?2 WHERE fingerprint = ?1 AND removed_at IS NULL",
            params![fingerprint, now],
        )?;
        Ok(n == 1)
    }

    pub fn insert_bundle(&mut self, row: &BundleRow) -> Result<()> {
        self.tx.execute(
            &format!("INSERT INTO bundles({BUNDLE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                row.bundle_id,
                row.device,
                row.sequence as i64,
                row.created_at,
                row.file_name,
                row.file_sha256,
                row.imported_at,
                row.receipt_id
            ],
        )?;
        Ok(())
    }

    pub fn insert_bundle_revision(&mut self, bundle_id: &str, revision_hash: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO bundle_revisions(bundle_id, revision_hash) VALUES (?1, ?2)",
            )?
            .execute(params![bundle_id, revision_hash])?;
        Ok(())
    }

    pub fn set_bundle_receipt(&mut self, bundle_id: &str, receipt_id: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE bundles SET receipt_id = ?2 WHERE bundle_id = ?1",
            params![bundle_id, receipt_id],
        )?;
        Ok(())
    }

    pub fn insert_receipt(
        &mut self,
        receipt_id: &str,
        bundle_id: &str,
        hq: &str,
        received_at: &str,
        now: &str,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO receipts(receipt_id, bundle_id, hq, received_at, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![receipt_id, bundle_id, hq, received_at, now],
        )?;
        Ok(())
    }
}
