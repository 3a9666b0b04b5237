//! The editor's autosaved work copies (schema v3): the form as typed, kept inside the
//! encrypted database so that a crash or auto-lock never loses what was typed.

use rusqlite::params;

use super::{Result, Store, Tx};

/// One autosaved editor form.
#[derive(Clone)]
pub struct WorkRow {
    pub slot: String,
    pub interview_id: Option<String>,
    pub form: String,
    pub saved_at: String,
}

crate::redact::debug_redacted!(WorkRow {
    slot,
    interview_id,
    saved_at
});

impl Store {
    /// Every work copy, newest first.
    pub fn work_copies(&self) -> Result<Vec<WorkRow>> {
        let mut statement = self.conn.prepare(
            "SELECT slot, interview_id, form, saved_at FROM editor_work ORDER BY saved_at DESC, slot",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(WorkRow {
                slot: r.get(0)?,
                interview_id: r.get(1)?,
                form: r.get(2)?,
                saved_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

impl Tx<'_> {
    pub fn put_work_copy(&mut self, row: &WorkRow) -> Result<()> {
        self.tx.execute(
            "INSERT INTO editor_work(slot, interview_id, form, saved_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(slot) DO UPDATE SET interview_id = excluded.interview_id,
                 form = excluded.form, saved_at = excluded.saved_at",
            params![row.slot, row.interview_id, row.form, row.saved_at],
        )?;
        Ok(())
    }

    /// Removes the work copies of an interview none of whose revisions is left (all wiped):
    /// a copy of a wiped testimony must not outlive it. Returns how many went.
    pub fn delete_work_of_wiped(&mut self, interview_id: &str) -> Result<usize> {
        Ok(self.tx.execute(
            "DELETE FROM editor_work WHERE interview_id = ?1 AND NOT EXISTS \
             (SELECT 1 FROM revisions WHERE interview_id = ?1 AND state != 'wiped')",
            params![interview_id],
        )?)
    }

    /// Removes a work copy; `secure_delete` zeroes its bytes in the database file.
    pub fn delete_work_copy(&mut self, slot: &str) -> Result<bool> {
        Ok(self
            .tx
            .execute("DELETE FROM editor_work WHERE slot = ?1", params![slot])?
            > 0)
    }
}
