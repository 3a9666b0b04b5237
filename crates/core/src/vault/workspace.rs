//! What the desktop app keeps between sessions, all inside the encrypted vault: its
//! settings (language, auto-lock) and the editor's autosaved work copies. Nothing of
//! this is written anywhere else, so the app leaves no state files behind.

use super::error::{InterviewRefusal, Missing};
use super::{Vault, VaultError, now};
use crate::store::Reads;
use crate::store::WorkRow;

/// Settings the app may keep; anything else is refused so the meta table stays tidy.
const SETTINGS: &[&str] = &[
    "ui.language",
    "ui.auto_lock_minutes",
    "ui.text_size",
    // The drop box `sync` talks to: its address, certificate pin and an optional proxy.
    "sync.url",
    "sync.pin",
    "sync.proxy",
];

/// Largest work copy accepted: the editor's form of the largest interview, with room.
const MAX_WORK_COPY: usize = 24 * 1024 * 1024;

/// An autosaved editor form, as the editor left it.
#[derive(Clone)]
pub struct WorkCopy {
    pub slot: String,
    pub interview_id: Option<String>,
    pub form: String,
    pub saved_at: String,
}

crate::redact::debug_redacted!(WorkCopy {
    slot,
    interview_id,
    saved_at
});

impl Vault {
    /// A stored app setting, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, VaultError> {
        check_setting(key)?;
        Ok(self.store.meta(&format!("setting.{key}"))?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), VaultError> {
        check_setting(key)?;
        let key = format!("setting.{key}");
        self.store.write(|tx| tx.set_meta(&key, value))?;
        Ok(())
    }

    /// Saves (or replaces) the editor's work copy in `slot`. Not audited: a work copy is
    /// not an interview until the editor saves it as one.
    pub fn save_work_copy(
        &mut self,
        slot: &str,
        interview_id: Option<&str>,
        form: &str,
    ) -> Result<(), VaultError> {
        if form.len() > MAX_WORK_COPY {
            return Err(VaultError::Interview(InterviewRefusal::FormTooLarge {
                mib: MAX_WORK_COPY / (1024 * 1024),
            }));
        }
        let row = WorkRow {
            slot: slot.to_owned(),
            interview_id: interview_id.map(str::to_owned),
            form: form.to_owned(),
            saved_at: now(),
        };
        self.store.write(|tx| tx.put_work_copy(&row))?;
        Ok(())
    }

    /// Every work copy left by an editor that did not save, newest first.
    pub fn work_copies(&self) -> Result<Vec<WorkCopy>, VaultError> {
        Ok(self
            .store
            .work_copies()?
            .into_iter()
            .map(|row| WorkCopy {
                slot: row.slot,
                interview_id: row.interview_id,
                form: row.form,
                saved_at: row.saved_at,
            })
            .collect())
    }

    /// Drops a work copy once its form is saved or deliberately discarded.
    pub fn discard_work_copy(&mut self, slot: &str) -> Result<bool, VaultError> {
        Ok(self.store.write(|tx| tx.delete_work_copy(slot))?)
    }
}

fn check_setting(key: &str) -> Result<(), VaultError> {
    if SETTINGS.contains(&key) {
        Ok(())
    } else {
        Err(VaultError::NotFound(Missing::Setting { key: key.to_owned() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Passphrase;
    use crate::vault::Role;

    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v");
        let pass = Passphrase::new("correct horse battery".into());
        let vault = Vault::create(&path, &pass, Role::Field, "test").unwrap();
        (dir, vault)
    }

    #[test]
    fn work_copies_survive_a_relock_and_are_replaced_by_slot() {
        let (dir, mut vault) = vault();
        vault.save_work_copy("a", None, "{\"code\":\"W-1\"}").unwrap();
        vault.save_work_copy("a", None, "{\"code\":\"W-2\"}").unwrap();
        vault.save_work_copy("b", Some("id-1"), "{}").unwrap();
        drop(vault);
        let pass = Passphrase::new("correct horse battery".into());
        let mut vault = Vault::unlock(&dir.path().join("v"), &pass).unwrap();
        let copies = vault.work_copies().unwrap();
        assert_eq!(copies.len(), 2);
        let a = copies.iter().find(|c| c.slot == "a").unwrap();
        assert_eq!(a.form, "{\"code\":\"W-2\"}");
        assert!(vault.discard_work_copy("a").unwrap());
        assert!(!vault.discard_work_copy("a").unwrap());
        assert_eq!(vault.work_copies().unwrap().len(), 1);
    }

    #[test]
    fn only_known_settings_are_kept() {
        let (_dir, mut vault) = vault();
        assert_eq!(vault.setting("ui.language").unwrap(), None);
        vault.set_setting("ui.language", "ko").unwrap();
        assert_eq!(vault.setting("ui.language").unwrap().as_deref(), Some("ko"));
        assert!(vault.set_setting("audit_head", "x").is_err());
    }
}
