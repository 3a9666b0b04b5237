//! Consent changes (schema v8): narrowings and withdrawals recorded after the interview,
//! kept beside the sealed revisions; on a field laptop, which bundle carried each and
//! whether a receipt came back for it.

use rusqlite::params;

use super::{Result, Store, Tx};

/// One consent change as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConsentChangeRow {
    pub id: String,
    pub interview_id: String,
    pub code: String,
    pub revision_hash: Option<String>,
    pub at: String,
    /// The quoting now allowed (`no`, `anonymised`, `named`), if this change sets it.
    pub quote: Option<String>,
    /// The audiences now allowed, if this change sets them.
    pub share_with: Option<Vec<String>>,
    pub withdrawn: bool,
    pub note: Option<String>,
    /// Headquarters: the device that sent it (`None`: recorded here).
    pub origin: Option<String>,
}

const COLUMNS: &str = "id, interview_id, code, revision_hash, at, quote, share_with, withdrawn, note, origin";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConsentChangeRow> {
    Ok(ConsentChangeRow {
        id: r.get(0)?,
        interview_id: r.get(1)?,
        code: r.get(2)?,
        revision_hash: r.get(3)?,
        at: r.get(4)?,
        quote: r.get(5)?,
        share_with: r
            .get::<_, Option<String>>(6)?
            .map(|s| s.split_whitespace().map(str::to_owned).collect()),
        withdrawn: r.get::<_, i64>(7)? != 0,
        note: r.get(8)?,
        origin: r.get(9)?,
    })
}

impl Store {
    /// An interview's consent changes, oldest first.
    pub fn consent_changes_of(&self, interview_id: &str) -> Result<Vec<ConsentChangeRow>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM consent_changes WHERE interview_id = ?1 ORDER BY at, id"
        ))?;
        let rows = statement.query_map([interview_id], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every consent change, oldest first.
    pub fn consent_changes(&self) -> Result<Vec<ConsentChangeRow>> {
        let mut statement = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM consent_changes ORDER BY at, id"))?;
        let rows = statement.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Field: the changes recorded here that no receipt has confirmed yet (they go in the
    /// next bundle, again if an earlier one was lost).
    pub fn undelivered_consent_changes(&self) -> Result<Vec<ConsentChangeRow>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM consent_changes WHERE origin IS NULL AND delivered = 0 ORDER BY at, id"
        ))?;
        let rows = statement.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Field: changes recorded here that no bundle has carried yet.
    pub fn unsent_consent_changes(&self) -> Result<usize> {
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM consent_changes WHERE origin IS NULL AND bundle_id IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(count as usize)
    }
}

impl Tx<'_> {
    /// Stores a change; one already held (the same id, sent twice) is left as it is.
    /// Returns whether it was new.
    pub fn insert_consent_change(&mut self, change: &ConsentChangeRow) -> Result<bool> {
        let inserted = self.tx.execute(
            &format!("INSERT OR IGNORE INTO consent_changes({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
            params![
                change.id,
                change.interview_id,
                change.code,
                change.revision_hash,
                change.at,
                change.quote,
                change.share_with.as_ref().map(|s| s.join(" ")),
                i64::from(change.withdrawn),
                change.note,
                change.origin,
            ],
        )?;
        Ok(inserted > 0)
    }

    /// Field: these changes left in `bundle_id`.
    pub fn consent_changes_sent(&mut self, ids: &[String], bundle_id: &str) -> Result<()> {
        let mut update = self
            .tx
            .prepare_cached("UPDATE consent_changes SET bundle_id = ?2 WHERE id = ?1 AND delivered = 0")?;
        for id in ids {
            update.execute(params![id, bundle_id])?;
        }
        Ok(())
    }

    /// Field: a receipt for `bundle_id` came back; the changes it carried are delivered.
    pub fn consent_changes_delivered(&mut self, bundle_id: &str) -> Result<usize> {
        Ok(self.tx.execute(
            "UPDATE consent_changes SET delivered = 1 WHERE bundle_id = ?1 AND origin IS NULL",
            params![bundle_id],
        )?)
    }
}
