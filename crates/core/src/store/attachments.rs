//! Attachment rows (schema v5): what each attachment is (name, media type, size, SHA-256 of
//! the original), which revisions of its interview carry it, and its key. The bytes are in
//! the vault folder, encrypted under that key (`crypto::chunked`).

use rusqlite::params;

use super::{Result, Store, Tx};

/// One attachment, as stored.
#[derive(Clone)]
pub struct AttachmentRow {
    pub id: String,
    pub interview_id: String,
    pub added_in: u32,
    pub removed_in: Option<u32>,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    pub added_at: String,
    pub state: String,
    /// The key; `None` once wiped.
    pub key: Option<Vec<u8>>,
    /// Headquarters: the device that sent it, and its id there.
    pub device: Option<String>,
    pub origin_id: Option<String>,
}

crate::redact::debug_redacted!(AttachmentRow {
    id,
    interview_id,
    added_in,
    removed_in,
    media_type,
    size,
    state
});

const COLUMNS: &str = "id, interview_id, added_in, removed_in, file_name, media_type, size, sha256, added_at, \
                       state, key, device, origin_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AttachmentRow> {
    Ok(AttachmentRow {
        id: r.get(0)?,
        interview_id: r.get(1)?,
        added_in: r.get(2)?,
        removed_in: r.get(3)?,
        file_name: r.get(4)?,
        media_type: r.get(5)?,
        size: r.get::<_, i64>(6)? as u64,
        sha256: r.get(7)?,
        added_at: r.get(8)?,
        state: r.get(9)?,
        key: r.get(10)?,
        device: r.get(11)?,
        origin_id: r.get(12)?,
    })
}

impl Store {
    /// Every attachment an interview ever had, oldest first.
    pub fn attachments_of(&self, interview_id: &str) -> Result<Vec<AttachmentRow>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM attachments WHERE interview_id = ?1 ORDER BY added_at, id"
        ))?;
        let rows = statement.query_map(params![interview_id], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Recordings still being made, or cut off (state `recording`), oldest first.
    pub fn recordings(&self) -> Result<Vec<AttachmentRow>> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM attachments WHERE state = 'recording' ORDER BY added_at, id"
        ))?;
        let rows = statement.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The markers (JSON) kept with a recording while it is made.
    pub fn recording_markers(&self, id: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row(
            "SELECT markers FROM attachments WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?)
    }

    /// Bytes of attachments not wiped: of one interview, or of the whole vault.
    pub fn attachment_bytes(&self, interview_id: Option<&str>) -> Result<u64> {
        let total: i64 = self.conn.query_row(
            "SELECT coalesce(sum(size), 0) FROM attachments
             WHERE state != 'wiped' AND (?1 IS NULL OR interview_id = ?1)",
            params![interview_id],
            |r| r.get(0),
        )?;
        Ok(total as u64)
    }
}

impl Tx<'_> {
    pub fn insert_attachment(&mut self, a: &AttachmentRow) -> Result<()> {
        self.tx.execute(
            &format!(
                "INSERT INTO attachments({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
            ),
            params![
                a.id,
                a.interview_id,
                a.added_in,
                a.removed_in,
                a.file_name,
                a.media_type,
                a.size as i64,
                a.sha256,
                a.added_at,
                a.state,
                a.key,
                a.device,
                a.origin_id
            ],
        )?;
        Ok(())
    }

    pub fn set_recording_markers(&mut self, id: &str, markers: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE attachments SET markers = ?2 WHERE id = ?1 AND state = 'recording'",
            params![id, markers],
        )?;
        Ok(())
    }

    /// A recording's journal goes (kept as an attachment, or discarded): its row and key.
    pub fn delete_recording(&mut self, id: &str) -> Result<()> {
        self.tx.execute(
            "DELETE FROM attachments WHERE id = ?1 AND state = 'recording'",
            params![id],
        )?;
        Ok(())
    }

    /// Headquarters: the attachment a device already delivered under its own id.
    pub fn attachment_from(&self, device: &str, origin_id: &str) -> Result<Option<AttachmentRow>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM attachments WHERE device = ?1 AND origin_id = ?2"),
                params![device, origin_id],
                row,
            )
            .optional()?)
    }

    /// Headquarters: a later revision removed an attachment it holds.
    pub fn set_attachment_removed(&mut self, id: &str, removed_in: Option<u32>) -> Result<()> {
        self.tx.execute(
            "UPDATE attachments SET removed_in = ?2 WHERE id = ?1",
            params![id, removed_in],
        )?;
        Ok(())
    }

    pub fn has_interview(&self, id: &str) -> Result<bool> {
        let found: i64 = self.tx.query_row(
            "SELECT count(*) FROM interviews WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?;
        Ok(found > 0)
    }

    /// A draft revision drops an attachment: one added in that same draft goes entirely;
    /// one carried from a sealed revision is marked removed from `revision` on.
    pub fn remove_attachment(&mut self, id: &str, revision: u32) -> Result<()> {
        let deleted = self.tx.execute(
            "DELETE FROM attachments WHERE id = ?1 AND added_in = ?2",
            params![id, revision],
        )?;
        if deleted == 0 {
            self.tx.execute(
                "UPDATE attachments SET removed_in = ?2 WHERE id = ?1 AND removed_in IS NULL",
                params![id, revision],
            )?;
        }
        Ok(())
    }

    /// Crypto-erase of the interview's attachments that no revision left unwiped carries
    /// (a revision carries those added in it or before and not removed by then): their keys
    /// go, their bytes zeroed in the database file by `secure_delete`. The encrypted files
    /// are then noise; the caller wipes them. Returns their ids.
    pub fn erase_attachments_of_wiped(&mut self, interview_id: &str) -> Result<Vec<String>> {
        let mut statement = self.tx.prepare(
            "UPDATE attachments SET key = NULL, state = 'wiped'
             WHERE interview_id = ?1 AND state != 'wiped' AND NOT EXISTS (
                 SELECT 1 FROM revisions r
                 WHERE r.interview_id = ?1 AND r.state != 'wiped'
                   AND r.number >= attachments.added_in
                   AND (attachments.removed_in IS NULL OR r.number < attachments.removed_in))
             RETURNING id",
        )?;
        let ids = statement.query_map(params![interview_id], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<Vec<String>>>()?)
    }
}
