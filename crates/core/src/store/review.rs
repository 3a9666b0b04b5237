//! Headquarters' own bookkeeping beside the archive (schema v4): which device owns each
//! interview, the flags a reviewer must look at, and revisions held back until the
//! revision they follow arrives.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, Tx};

/// Something headquarters must look at; codes and ids only, never interview text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReviewFlag {
    pub id: i64,
    /// `duplicate_code`, `foreign_revision`, `held_revision` or `forked_revision`.
    pub kind: String,
    pub subject: String,
    pub device: Option<String>,
    pub bundle_id: Option<String>,
    pub detail: String,
    pub raised_at: String,
}

/// A new flag; the same flag raised twice is stored once.
pub struct NewFlag<'a> {
    pub kind: &'a str,
    pub subject: &'a str,
    pub device: Option<&'a str>,
    pub bundle_id: Option<&'a str>,
    pub detail: &'a str,
    pub now: &'a str,
}

/// A revision headquarters could not yet place in the archive.
#[derive(Debug, Clone)]
pub struct HeldRevision {
    pub revision_hash: String,
    pub interview_id: String,
    pub number: u32,
    pub previous_hash: Option<String>,
    pub device: String,
    pub bundle_id: String,
    pub content: String,
}

fn flag_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewFlag> {
    Ok(ReviewFlag {
        id: r.get(0)?,
        kind: r.get(1)?,
        subject: r.get(2)?,
        device: r.get(3)?,
        bundle_id: r.get(4)?,
        detail: r.get(5)?,
        raised_at: r.get(6)?,
    })
}

fn held_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HeldRevision> {
    Ok(HeldRevision {
        revision_hash: r.get(0)?,
        interview_id: r.get(1)?,
        number: r.get(2)?,
        previous_hash: r.get(3)?,
        device: r.get(4)?,
        bundle_id: r.get(5)?,
        content: r.get(6)?,
    })
}

const HELD_COLUMNS: &str = "revision_hash, interview_id, number, previous_hash, device, bundle_id, content";

fn ids_by_code(conn: &rusqlite::Connection, code: &str) -> Result<Vec<(String, Option<String>)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, device FROM interviews WHERE code = ?1 ORDER BY created_at, id")?;
    let rows = stmt.query_map([code], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Every flag, oldest first.
    pub fn review_flags(&self) -> Result<Vec<ReviewFlag>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, subject, device, bundle_id, detail, raised_at FROM review_flags ORDER BY id",
        )?;
        let rows = stmt.query_map([], flag_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every revision held back, by interview and number.
    pub fn held_revisions(&self) -> Result<Vec<HeldRevision>> {
        let sql = format!("SELECT {HELD_COLUMNS} FROM held_revisions ORDER BY interview_id, number");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], held_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The interviews (id, owning device) whose current code is `code`: several at
    /// headquarters when devices used the same code.
    pub fn interview_ids_by_code(&self, code: &str) -> Result<Vec<(String, Option<String>)>> {
        ids_by_code(&self.conn, code)
    }
}

impl Tx<'_> {
    /// The device that owns an interview: `None` if there is no such interview,
    /// `Some(None)` on a field vault (its own interviews).
    pub fn interview_owner(&self, interview_id: &str) -> Result<Option<Option<String>>> {
        Ok(self
            .tx
            .prepare_cached("SELECT device FROM interviews WHERE id = ?1")?
            .query_row([interview_id], |r| r.get(0))
            .optional()?)
    }

    pub fn interview_ids_by_code(&self, code: &str) -> Result<Vec<(String, Option<String>)>> {
        ids_by_code(&self.tx, code)
    }

    /// The label a trusted party was given, removed or not.
    pub fn trusted_label(&self, fingerprint: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT label FROM trusted WHERE fingerprint = ?1")?
            .query_row([fingerprint], |r| r.get(0))
            .optional()?)
    }

    /// The hash headquarters holds for entry `seq` of a device's audit chain.
    pub fn device_audit_hash(&self, device: &str, seq: i64) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT hash FROM device_audit WHERE device = ?1 AND seq = ?2")?
            .query_row(params![device, seq], |r| r.get(0))
            .optional()?)
    }

    /// The highest entry of a device's audit chain that headquarters holds (0 if none).
    pub fn device_audit_len(&self, device: &str) -> Result<i64> {
        Ok(self.tx.query_row(
            "SELECT coalesce(max(seq), 0) FROM device_audit WHERE device = ?1",
            [device],
            |r| r.get(0),
        )?)
    }

    /// Keeps one carried audit entry; an entry already held is never replaced.
    pub fn keep_device_audit(&mut self, device: &str, e: &crate::audit_chain::CarriedEntry) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO device_audit(device, seq, at, action, subject, payload_sha256, prev, hash) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![device, e.seq, e.at, e.action, e.subject, e.payload_sha256, e.prev, e.hash])?;
        Ok(())
    }

    /// Records a flag; returns false if the same flag was already there.
    pub fn raise_flag(&mut self, flag: &NewFlag<'_>) -> Result<bool> {
        let changed = self.tx.execute(
            "INSERT OR IGNORE INTO review_flags(kind, subject, device, bundle_id, detail, raised_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                flag.kind,
                flag.subject,
                flag.device,
                flag.bundle_id,
                flag.detail,
                flag.now
            ],
        )?;
        Ok(changed == 1)
    }

    /// Keeps a revision aside; a second copy of the same revision changes nothing.
    pub fn hold_revision(&mut self, held: &HeldRevision, now: &str) -> Result<()> {
        self.tx.execute(
            "INSERT OR IGNORE INTO held_revisions(revision_hash, interview_id, number, previous_hash, \
             device, bundle_id, content, held_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                held.revision_hash,
                held.interview_id,
                held.number,
                held.previous_hash,
                held.device,
                held.bundle_id,
                held.content,
                now
            ],
        )?;
        Ok(())
    }

    /// Removes and returns the held revision that follows revision `previous_hash` of an
    /// interview, if one is waiting for it.
    pub fn take_held_after(
        &mut self,
        interview_id: &str,
        previous_hash: &str,
    ) -> Result<Option<HeldRevision>> {
        let sql = format!(
            "SELECT {HELD_COLUMNS} FROM held_revisions WHERE interview_id = ?1 AND previous_hash = ?2"
        );
        let held = self
            .tx
            .prepare_cached(&sql)?
            .query_row(params![interview_id, previous_hash], held_from_row)
            .optional()?;
        if let Some(held) = &held {
            self.forget_held(&held.revision_hash)?;
        }
        Ok(held)
    }

    /// Drops a held revision once the archive holds it.
    pub fn forget_held(&mut self, revision_hash: &str) -> Result<()> {
        self.tx.execute(
            "DELETE FROM held_revisions WHERE revision_hash = ?1",
            [revision_hash],
        )?;
        Ok(())
    }
}
