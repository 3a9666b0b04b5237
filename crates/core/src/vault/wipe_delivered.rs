//! `wipe delivered`: remove from the laptop every revision that a valid headquarters
//! receipt covers, then rotate the database key so that stale copies of old pages, wherever
//! flash left them, are encrypted under a key that no longer exists.
//!
//! Order, each step safe to interrupt and to run again:
//! 1. one transaction: content, search entries and audit payloads of the delivered
//!    revisions go; a tombstone (code, revision, hash, receipt, time) stays;
//! 2. checkpoint, VACUUM, checkpoint: freed pages (zeroed by secure_delete) leave the file
//!    and the write-ahead log is emptied;
//! 3. the header is rewritten with a fresh key staged as `next-key`;
//! 4. the database is re-keyed to it (rollback journal: all old key or all new);
//! 5. the header is rewritten with only the new key, and the superseded header is
//!    overwritten in place. Opening a vault caught between 3 and 5 finishes the rotation.

use super::error::{IoAction, Operation};
use serde::Serialize;
use serde_json::json;

use super::{HEADER_FILE, Role, Vault, VaultError, now, read_header};
use crate::audit::{self, Action};
use crate::crypto::random::new_database_key;
use crate::disk::atomic as files;
use crate::domain::Lifecycle;
use crate::secret::Passphrase;
use crate::store::Reads;

/// What `wipe delivered` did, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct WipeDeliveredReport {
    pub wiped: Vec<WipedRevision>,
    /// Revisions left alone because no receipt covers them (by state).
    pub kept: Vec<KeptRevision>,
    pub database_bytes_before: u64,
    pub database_bytes_after: u64,
    pub key_rotated: bool,
    /// Unsaved editor work on interviews that are now wholly wiped, discarded with them.
    pub work_copies_discarded: usize,
    /// Attachments no remaining revision carries: their keys were destroyed in the
    /// database (crypto-erase), then their encrypted files wiped, as reported here.
    pub attachments_wiped: Vec<crate::disk::wipe::FileWipe>,
    pub limits: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WipedRevision {
    pub code: String,
    pub revision: u32,
    pub hash: String,
    pub receipt_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeptRevision {
    pub code: String,
    pub revision: u32,
    pub state: Lifecycle,
}

/// Plain words on what `wipe delivered` does and does not guarantee.
pub const DELIVERED_LIMITS: &[&str] = &[
    "The wiped interviews' text, search entries and log details were removed inside the encrypted database, and the database was rewritten without them.",
    "The database key was replaced: any old copy of the database or of its pages (for example blocks an SSD or USB stick kept when it remapped writes) is encrypted under a key that no longer exists, provided the old vault.header is gone too.",
    "The old vault.header was overwritten in place before removal; on flash media the old blocks may still survive physically, and anyone holding such a copy AND the passphrase of that time could recover the old key. Change the passphrase after a wipe if that matters.",
    "Kept on purpose: a tombstone per wiped revision (code, revision number, revision hash, receipt id, time), so that delivery can be shown.",
];

fn database_bytes(vault: &Vault) -> u64 {
    ["vault.db", "vault.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(vault.dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}

impl Vault {
    /// Wipes every delivered revision (or only those of `codes`, each of which must be
    /// delivered) and rotates the database key. `passphrase` re-wraps the new key.
    pub fn wipe_delivered(
        &mut self,
        passphrase: &Passphrase,
        codes: &[String],
    ) -> Result<WipeDeliveredReport, VaultError> {
        if self.role != Role::Field {
            return Err(VaultError::WrongRole {
                operation: Operation::WipeDelivered,
                needed: Role::Field,
                this: self.role,
            });
        }
        let header = read_header(&self.dir)?;
        let keys = header.unlock(passphrase).map_err(VaultError::from_header)?;
        let delivered = self.store.revisions_in_state(Lifecycle::Delivered)?;
        let targets: Vec<_> = if codes.is_empty() {
            delivered
        } else {
            for code in codes {
                if !delivered.iter().any(|r| &r.code == code) {
                    let state = self
                        .store
                        .interview_id_by_code(code)?
                        .map(|id| self.store.latest_revision(&id))
                        .transpose()?
                        .flatten()
                        .map(|r| r.state);
                    return Err(VaultError::NotDelivered {
                        code: code.clone(),
                        state,
                    });
                }
            }
            delivered
                .into_iter()
                .filter(|r| codes.contains(&r.code))
                .collect()
        };
        let mut kept = Vec::new();
        for state in [Lifecycle::Draft, Lifecycle::Sealed, Lifecycle::Exported] {
            kept.extend(
                self.store
                    .revisions_in_state(state)?
                    .into_iter()
                    .map(|r| KeptRevision {
                        code: r.code,
                        revision: r.number,
                        state: r.state,
                    }),
            );
        }
        let bytes_before = database_bytes(self);
        let at = now();
        let mut wiped = Vec::new();
        for r in &targets {
            let receipt_id = match &r.bundle_id {
                Some(b) => self.store.bundle(b)?.and_then(|b| b.receipt_id),
                None => None,
            };
            wiped.push(WipedRevision {
                code: r.code.clone(),
                revision: r.number,
                hash: r.hash.clone().unwrap_or_default(),
                receipt_id,
            });
        }
        let mut work_copies_discarded = 0;
        let mut erased_attachments = Vec::new();
        if !targets.is_empty() {
            self.store.write(|tx| {
                for r in &targets {
                    tx.wipe_revision(r.rowid, &r.interview_id, &at)?;
                }
                let interviews: std::collections::BTreeSet<&str> =
                    targets.iter().map(|r| r.interview_id.as_str()).collect();
                for id in interviews {
                    work_copies_discarded += tx.delete_work_of_wiped(id)?;
                    erased_attachments.extend(tx.erase_attachments_of_wiped(id)?);
                }
                audit::append(
                    tx,
                    &at,
                    Action::Wiped,
                    "vault",
                    json!({ "revisions": wiped.iter().map(|w| &w.hash).collect::<Vec<_>>() }),
                )?;
                Ok::<_, VaultError>(())
            })?;
        }
        self.store.vacuum()?;
        // The keys are gone: the files are noise now, and are wiped as files.
        let mut attachments_wiped = Vec::new();
        for id in &erased_attachments {
            let path = self.dir.join(super::ATTACHMENTS_FOLDER).join(id);
            if path.exists() {
                attachments_wiped.push(crate::disk::wipe::wipe_file(&path)?);
            }
        }

        // Rotate the key: stage, re-key, promote (see the module doc).
        let header_path = self.dir.join(HEADER_FILE);
        let next = new_database_key();
        let staged = keys.stage_next(&header, &next);
        files::replace_scrubbing(&header_path, &staged.to_bytes())
            .map_err(|e| VaultError::io(IoAction::WriteVaultHeader, &header_path, e))?;
        self.store.rekey(&next)?;
        let promoted = keys.promote(&staged, &next);
        files::replace_scrubbing(&header_path, &promoted.to_bytes())
            .map_err(|e| VaultError::io(IoAction::WriteVaultHeader, &header_path, e))?;
        Ok(WipeDeliveredReport {
            wiped,
            kept,
            database_bytes_before: bytes_before,
            database_bytes_after: database_bytes(self),
            key_rotated: true,
            work_copies_discarded,
            attachments_wiped,
            limits: DELIVERED_LIMITS.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass() -> Passphrase {
        Passphrase::new("correct horse battery".into())
    }

    /// A work copy is a copy of a testimony: it goes when its interview is wholly wiped,
    /// and stays while any revision of it (or nothing at all: a new interview) is left.
    #[test]
    fn work_copies_of_wholly_wiped_interviews_go_with_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut hq = Vault::create(&dir.path().join("hq"), &pass(), Role::Headquarters, "HQ").unwrap();
        let mut field = Vault::create(&dir.path().join("field"), &pass(), Role::Field, "L").unwrap();
        crate::vault::identity::trust_each_other(&mut field, &mut hq);
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/samples");
        let file = |name: &str| (name.to_owned(), std::fs::read(samples.join(name)).unwrap());
        field
            .add_interviews(&[file("w26-0001.json"), file("w26-0002.json")])
            .unwrap();
        field.seal_all_drafts().unwrap();
        let stick = dir.path().join("stick");
        std::fs::create_dir(&stick).unwrap();
        let bundle = field.export(&stick).unwrap().path;
        let imported = hq.import_bundles(&[bundle], Some(&stick)).unwrap();
        field
            .import_receipt(imported[0].receipt.as_ref().unwrap())
            .unwrap();

        let list = field.list(None).unwrap();
        let id_of = |code: &str| list.iter().find(|s| s.code == code).unwrap().id.clone();
        field
            .save_work_copy("gone", Some(&id_of("W26-0001")), "{}")
            .unwrap();
        field.save_work_copy("new", None, "{}").unwrap();
        // W26-0002 gets a draft correction, so it is not wholly wiped.
        let corrected = file("w26-0002.json");
        field
            .revise(&id_of("W26-0002"), "correction", &corrected.1)
            .unwrap();
        field
            .save_work_copy("kept", Some(&id_of("W26-0002")), "{}")
            .unwrap();

        let report = field.wipe_delivered(&pass(), &[]).unwrap();
        assert_eq!(report.work_copies_discarded, 1);
        let mut left: Vec<String> = field.work_copies().unwrap().into_iter().map(|c| c.slot).collect();
        left.sort();
        assert_eq!(left, ["kept", "new"]);
    }
}
