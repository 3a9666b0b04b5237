//! Export: every sealed, undelivered revision into one bundle that only the trusted
//! headquarters can open, written atomically and read back before it counts. A bundle
//! larger than the part size (FAT32's 4 GiB file limit by default) is written as numbered
//! parts of the one encrypted stream (`crate::bundle::parts`), each with the same
//! guarantees: temporary name, flushed, renamed, folder flushed, read back and hashed.

use super::error::{IoAction, NothingToExport, Operation};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use super::{Role, Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::bundle::parts::{self, BundleFiles, LocateError, PartSize, part_file_name};
use crate::bundle::{self, BundleError, BundleInfo, BundleItem};
use crate::crypto::digest::sha256_reader;
use crate::crypto::random::random_array;
use crate::disk::atomic as files;
use crate::disk::split::{Split, SplitWriter};
use crate::domain::Lifecycle;
use crate::store::Reads;
use crate::store::{BundleRow, ExportIntent};

/// How to export: what to leave out and how large one file may be.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Interviews (codes or ids) that stay on the laptop for a later export.
    pub leave_out: Vec<String>,
    /// A bundle larger than this is written as parts (default: FAT32's limit).
    pub part_size: PartSize,
}

/// What `export` reports.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    /// The bundle's file, or its first part.
    pub path: PathBuf,
    /// Every file of the bundle: the one file, or all its parts in order. All of them go
    /// to headquarters.
    pub files: Vec<PathBuf>,
    pub bundle_id: String,
    pub sequence: u64,
    pub bytes: u64,
    pub interviews: Vec<ExportedRevision>,
    /// How many consent changes it carries to headquarters.
    pub consent_changes: usize,
    /// Labels of the headquarters that can open it.
    pub recipients: Vec<String>,
    /// The bundle went to the file system the vault is on, so not to a removable stick:
    /// usually a stick that is not mounted (its empty mount point) or a wrong folder.
    pub on_vault_disk: bool,
    /// Sequence numbers of bundles an interrupted export had completed in that folder
    /// without recording them; they are recorded now and can be delivered as they are.
    pub recovered: Vec<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportedRevision {
    pub code: String,
    pub revision: u32,
    pub hash: String,
}

/// How far an export is, for a progress display (counts only, never content).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportStage {
    /// `done` of `total` interviews are in the bundle.
    Writing { done: usize, total: usize },
    /// The file is complete; it is being flushed to the medium, read back and recorded.
    Verifying,
}

impl Vault {
    /// The SHA-256 (hexadecimal) this vault recorded for the bundle file it exported under
    /// `file_name`, checked when it was read back: `sync` sends it without hashing the file
    /// again. `None` for a file this vault did not write.
    pub fn exported_file_sha256(&self, file_name: &str) -> Result<Option<String>, VaultError> {
        Ok(self
            .store
            .bundle_by_file_name(file_name)?
            .and_then(|bundle| bundle.file_sha256))
    }

    /// Writes every sealed (or exported but not yet delivered) revision into one new
    /// bundle file in `to_dir` and returns its path.
    pub fn export(&mut self, to_dir: &Path) -> Result<ExportReport, VaultError> {
        self.export_reporting(to_dir, &[], |_| {})
    }

    /// [`Vault::export`] without the interviews named in `leave_out` (codes or ids): they
    /// stay on the laptop, unchanged, for a later export.
    pub fn export_leaving_out(
        &mut self,
        to_dir: &Path,
        leave_out: &[String],
    ) -> Result<ExportReport, VaultError> {
        self.export_reporting(to_dir, leave_out, |_| {})
    }

    /// [`Vault::export_leaving_out`], telling `report` how far it is.
    pub fn export_reporting(
        &mut self,
        to_dir: &Path,
        leave_out: &[String],
        report: impl FnMut(ExportStage),
    ) -> Result<ExportReport, VaultError> {
        let options = ExportOptions {
            leave_out: leave_out.to_vec(),
            ..ExportOptions::default()
        };
        self.export_with(to_dir, &options, report)
    }

    /// Export with every option, telling `report` how far it is.
    pub fn export_with(
        &mut self,
        to_dir: &Path,
        options: &ExportOptions,
        mut report: impl FnMut(ExportStage),
    ) -> Result<ExportReport, VaultError> {
        let leave_out = &options.leave_out;
        if self.role != Role::Field {
            return Err(VaultError::WrongRole {
                operation: Operation::ExportBundles,
                needed: Role::Field,
                this: self.role,
            });
        }
        let hqs = self.active_trusted()?;
        if hqs.is_empty() {
            return Err(VaultError::NothingToExport(NothingToExport::NoHeadquarters));
        }
        // Metadata only: the content is read once, while the bundle is written.
        let mut rows = self.store.revisions_in_state_without_content(Lifecycle::Sealed)?;
        rows.extend(
            self.store
                .revisions_in_state_without_content(Lifecycle::Exported)?,
        );
        // Consent changes go until a receipt confirms them, with or without interviews.
        let consent_changes: Vec<bundle::ConsentChangeEntry> = self
            .store
            .undelivered_consent_changes()?
            .into_iter()
            .map(super::consent::bundle_entry)
            .collect();
        if rows.is_empty() && consent_changes.is_empty() {
            return Err(VaultError::NothingToExport(NothingToExport::NothingSealed));
        }
        let left_out = leave_out
            .iter()
            .map(|selector| self.resolve(selector))
            .collect::<Result<std::collections::BTreeSet<String>, _>>()?;
        // All revisions of a left-out interview stay behind together, so no bundle carries
        // a revision without the one it follows.
        rows.retain(|row| !left_out.contains(&row.interview_id));
        // Each interview's revisions in order, so that headquarters meets revision n-1
        // before revision n (an exported revision 1 and a sealed correction, say).
        rows.sort_by(|a, b| (&a.interview_id, a.number).cmp(&(&b.interview_id, b.number)));
        if rows.is_empty() && consent_changes.is_empty() {
            return Err(VaultError::NothingToExport(NothingToExport::AllLeftOut));
        }
        if !to_dir.is_dir() {
            return Err(VaultError::io(
                IoAction::CreateBundle,
                to_dir,
                std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            ));
        }
        let keys = self.keys()?;
        let device = keys.signing.public_key().fingerprint().hex();
        let recipients = hqs
            .iter()
            .map(Vault::recipient_of)
            .collect::<Result<Vec<_>, _>>()?;
        let recovered = self.recover_interrupted_exports(to_dir)?;
        remove_unfinished_exports(to_dir);
        // Numbered after the bundles recorded, not after unfinished intents: most killed
        // exports never produced a file, and reserving their numbers would show headquarters
        // a "missing" bundle that never existed. If such a file turns up later, two bundles
        // share a number, which headquarters handles (it keys bundles by id).
        let sequence = self.store.last_sequence(&device)? + 1;

        let items: Vec<BundleItem> = rows
            .iter()
            .map(|row| BundleItem {
                interview_id: row.interview_id.clone(),
                code: row.code.clone(),
                revision: row.number,
                previous_hash: row.previous_hash.clone(),
                revision_hash: row.hash.clone().unwrap_or_default(),
            })
            .collect();
        // Every attachment that a revision in this bundle carries goes with it, bytes and
        // all (again, if an earlier bundle carried it too: headquarters keeps one copy).
        let carried = self.attachments_carried(&rows)?;
        let attachment_entries: Vec<bundle::AttachmentEntry> =
            carried.iter().map(|(entry, _)| entry.clone()).collect();
        let info = BundleInfo {
            bundle_id: uuid::Uuid::new_v4(),
            sequence,
            created_at: jiff::Timestamp::now(),
            // Signed with the manifest, so headquarters can tell if this log is ever rewritten.
            audit: Some(crate::audit_chain::export(
                &self.store,
                self.store.last_confirmed_audit_seq()?.unwrap_or(1),
            )?),
            consent_changes,
        };
        let change_ids: Vec<String> = info.consent_changes.iter().map(|c| c.id.clone()).collect();
        let bundle_id = info.bundle_id.to_string();
        // The last audit entry this bundle carries: the next one starts there once a
        // receipt confirms this one.
        let carried_to = info
            .audit
            .as_ref()
            .filter(|c| c.entries > 0)
            .map_or(0, |c| (c.first + c.entries - 1) as i64);
        let created_at = bundle::manifest::format_timestamp(info.created_at);

        let name = hex::encode(random_array::<16>());
        let temp_path = temp_part_path(to_dir, &name, 1);
        // Recorded before the file exists: if this process is killed after the file gets its
        // final name but before the export is recorded, the next export (or `wipe
        // exported`) recognises the file by this name.
        self.store.write(|tx| {
            tx.insert_export_intent(&ExportIntent {
                bundle_id: bundle_id.clone(),
                file_name: name.clone(),
                sequence,
                created_at: created_at.clone(),
                rowids: rows.iter().map(|r| r.rowid).collect(),
            })
        })?;
        // The stored content is the validated canonical JSON of the interview: it goes into
        // the bundle as it is (plus a newline), so export never re-parses or re-formats.
        let store = &self.store;
        let total = rows.len();
        report(ExportStage::Writing { done: 0, total });
        let report_writing = &mut report;
        let load = |i: usize, _: &BundleItem| -> std::io::Result<Vec<u8>> {
            report_writing(ExportStage::Writing { done: i + 1, total });
            store
                .revision_content(rows[i].rowid, b"\n")
                .map_err(std::io::Error::other)?
                .ok_or_else(|| std::io::Error::other("a revision has no content"))
        };
        // Every failure on the medium says what happened, what to do, and that the vault
        // did not change; nothing incomplete is left under the final name.
        let medium = |action: IoAction, path: &Path, e: std::io::Error| medium_error(action, path, e);
        let write = || -> Result<(Split, bundle::write::Written), VaultError> {
            let file = files::create_private(&temp_path)
                .map_err(|e| medium(IoAction::CreateBundle, &temp_path, e))?;
            let (dir, base) = (to_dir.to_path_buf(), name.clone());
            let out = SplitWriter::new(
                temp_path.clone(),
                file,
                options.part_size.get(),
                Box::new(move |n| temp_part_path(&dir, &base, n)),
            );
            let open = |i: usize, _: &bundle::AttachmentEntry| -> std::io::Result<Box<dyn std::io::Read>> {
                self.reader_of(&carried[i].1)
                    .map(|r| Box::new(r) as Box<dyn std::io::Read>)
                    .map_err(std::io::Error::other)
            };
            let (writer, written) = bundle::write_bundle_with_attachments(
                out,
                &keys.signing,
                &recipients,
                &info,
                &items,
                load,
                &attachment_entries,
                open,
            )
            .map_err(|e| match e {
                BundleError::Io { source, .. } => medium(IoAction::WriteBundle, &temp_path, source),
                other => other.into(),
            })?;
            let split = writer
                .finish()
                .map_err(|e| medium(IoAction::WriteBundle, &temp_path, e))?;
            Ok((split, written))
        };
        let (split, written) = match write() {
            Ok(done) => done,
            Err(e) => {
                remove_export_files(to_dir, &name);
                let _ = self.store.write(|tx| tx.delete_export_intent(&bundle_id));
                return Err(e);
            }
        };
        report(ExportStage::Verifying);
        let bytes = written.len;
        // One file keeps the bundle's name; parts are numbered now that their count is known.
        let count = split.parts.len() as u32;
        let final_paths: Vec<PathBuf> = (1..=count)
            .map(|n| match count {
                1 => to_dir.join(&name),
                _ => to_dir.join(part_file_name(&name, n, count)),
            })
            .collect();
        let final_path = final_paths[0].clone();

        // Making the files durable under their final names and reading them back run on a
        // second thread while the bookkeeping is written in the transaction below, which
        // commits only after every file was flushed and renamed, the folder flushed, and
        // the files read back, joined, exactly as written; otherwise it rolls back and
        // nothing is marked exported.
        let make_durable = || -> Result<(), VaultError> {
            let Split { parts, last } = split;
            let last_path = &parts[parts.len() - 1].0;
            last.sync_all()
                .map_err(|e| medium(IoAction::WriteBundle, last_path, e))?;
            drop(last);
            for ((temp, _), target) in parts.iter().zip(&final_paths) {
                std::fs::rename(temp, target).map_err(|e| medium(IoAction::NameBundle, target, e))?;
            }
            files::sync_dir(to_dir).map_err(|e| medium(IoAction::WriteBundle, to_dir, e))?;
            let written_files = BundleFiles {
                name: name.clone(),
                files: final_paths
                    .iter()
                    .zip(&parts)
                    .map(|(path, (_, len))| (path.clone(), *len))
                    .collect(),
                split: count > 1,
            };
            match sha256_reader(written_files.reader()) {
                Ok((hash, len)) if hash == written.sha256 && len == written.len => Ok(()),
                Ok(_) => Err(VaultError::ReadBackMismatch(final_path.clone())),
                Err(e) => Err(medium(IoAction::ReadBackBundle, &final_path, e)),
            }
        };
        let at = now();
        let store = &mut self.store;
        let rowids: Vec<i64> = rows.iter().map(|r| r.rowid).collect();
        let recorded = std::thread::scope(|scope| {
            let durable = scope.spawn(make_durable);
            store.write(|tx| {
                tx.insert_bundle(&BundleRow {
                    bundle_id: bundle_id.clone(),
                    device: device.clone(),
                    sequence,
                    created_at: created_at.clone(),
                    file_name: Some(name.clone()),
                    file_sha256: Some(hex::encode(written.sha256)),
                    imported_at: None,
                    receipt_id: None,
                })?;
                tx.delete_export_intent(&bundle_id)?;
                if carried_to > 0 {
                    tx.set_bundle_audit_seq(&bundle_id, carried_to)?;
                }
                let changed = tx.mark_exported(&rowids, &bundle_id, &at)?;
                if changed != rowids.len() {
                    return Err(VaultError::NothingToExport(NothingToExport::ChangedMeanwhile));
                }
                tx.consent_changes_sent(&change_ids, &bundle_id)?;
                audit::append(
                    tx,
                    &at,
                    Action::BundleExported,
                    &bundle_id,
                    json!({
                        "sequence": sequence,
                        "revisions": rows.iter().map(|r| r.hash.clone()).collect::<Vec<_>>(),
                        "consent_changes": change_ids,
                    }),
                )?;
                durable
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        });
        if recorded.is_err() {
            // Not recorded in the vault: a file on the stick that the vault does not know
            // about would be delivered without ever being marked exported.
            remove_export_files(to_dir, &name);
            let _ = self.store.write(|tx| tx.delete_export_intent(&bundle_id));
        }
        recorded?;
        Ok(ExportReport {
            path: final_path,
            files: final_paths,
            bundle_id,
            sequence,
            bytes,
            interviews: {
                let mut listed: Vec<ExportedRevision> = rows
                    .iter()
                    .map(|r| ExportedRevision {
                        code: r.code.clone(),
                        revision: r.number,
                        hash: r.hash.clone().unwrap_or_default(),
                    })
                    .collect();
                listed.sort_by(|a, b| (&a.code, a.revision).cmp(&(&b.code, b.revision)));
                listed
            },
            consent_changes: change_ids.len(),
            recipients: hqs.iter().map(|h| h.label.clone()).collect(),
            on_vault_disk: same_file_system(to_dir, &self.dir),
            recovered,
        })
    }

    /// Records the bundles in `dir` that an interrupted export completed but did not
    /// record (see [`ExportIntent`]); returns their sequence numbers.
    pub(crate) fn recover_interrupted_exports(&mut self, dir: &Path) -> Result<Vec<u64>, VaultError> {
        let device = self.fingerprint_hex()?;
        let mut recovered = Vec::new();
        for intent in self.store.export_intents()? {
            let path = dir.join(&intent.file_name);
            // The file, or all its parts (found under their common name).
            let found = match parts::locate(&path) {
                Ok(found)
                    if found
                        .paths()
                        .all(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file())) =>
                {
                    found
                }
                // Some parts were renamed, not all, when the export was killed: they are
                // an unfinished export, like the temporary files.
                Err(LocateError::Parts(_)) => {
                    remove_export_files(dir, &intent.file_name);
                    continue;
                }
                _ => continue,
            };
            // Final names are given only after every file was flushed: it is complete.
            let (sha256, _) =
                sha256_reader(found.reader()).map_err(|e| VaultError::io(IoAction::Read, &path, e))?;
            let at = now();
            self.store.write(|tx| {
                tx.insert_bundle(&BundleRow {
                    bundle_id: intent.bundle_id.clone(),
                    device: device.clone(),
                    sequence: intent.sequence,
                    created_at: intent.created_at.clone(),
                    file_name: Some(intent.file_name.clone()),
                    file_sha256: Some(hex::encode(sha256)),
                    imported_at: None,
                    receipt_id: None,
                })?;
                tx.mark_exported(&intent.rowids, &intent.bundle_id, &at)?;
                tx.delete_export_intent(&intent.bundle_id)?;
                audit::append(
                    tx,
                    &at,
                    Action::BundleExported,
                    &intent.bundle_id,
                    json!({ "sequence": intent.sequence, "recovered": true }),
                )?;
                Ok::<_, VaultError>(())
            })?;
            recovered.push(intent.sequence);
        }
        Ok(recovered)
    }
}

/// The temporary name of part `n` of the export `name`: `.<name>.partial` for the first
/// (the name of a bundle in one file, as before), `.<name>.<n>.partial` for the others.
fn temp_part_path(dir: &Path, name: &str, n: u32) -> PathBuf {
    match n {
        1 => dir.join(format!(".{name}.partial")),
        _ => dir.join(format!(".{name}.{n:03}.partial")),
    }
}

/// The bundle name in a temporary file's name, as export writes them: `.<name>.partial`
/// for a whole bundle, `.<name>.<n>.partial` for one of its parts.
fn partial_export_name(file: &str) -> Option<&str> {
    let inner = file.strip_prefix('.')?.strip_suffix(".partial")?;
    match inner.rsplit_once('.') {
        Some((name, number)) if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
            Some(name)
        }
        Some(_) => None,
        None => Some(inner),
    }
}

/// Removes what killed exports left in `dir` (`.<32 hex>.partial` and
/// `.<32 hex>.<n>.partial`, as export names them).
fn remove_unfinished_exports(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let is_ours = partial_export_name(&file)
            .is_some_and(|name| name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit()));
        if is_ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes every file of the export `name` in `dir`, temporary or final, one file or
/// parts: an export that failed or was not recorded leaves nothing behind.
fn remove_export_files(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let temporary = partial_export_name(&file) == Some(name);
        let final_name = file == name || parts::parse_part_name(&file).is_some_and(|p| p.base == name);
        if (temporary || final_name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// True when `a` and `b` are on one file system.
fn same_file_system(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        matches!((std::fs::metadata(a), std::fs::metadata(b)), (Ok(x), Ok(y)) if x.dev() == y.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// An export that failed on the medium. The catalogue's words for the export actions say
/// what to do, and that nothing was marked exported (every such failure happens before the
/// bookkeeping commits, which it then rolls back).
fn medium_error(action: IoAction, path: &Path, error: std::io::Error) -> VaultError {
    VaultError::io(action, path, error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Passphrase;

    fn pass() -> Passphrase {
        Passphrase::new("correct horse battery".into())
    }

    #[test]
    fn temporary_names_give_their_bundle_name_and_nothing_else_does() {
        let name = "0123456789abcdef0123456789abcdef";
        assert_eq!(partial_export_name(&format!(".{name}.partial")), Some(name));
        assert_eq!(partial_export_name(&format!(".{name}.002.partial")), Some(name));
        for other in [
            name.to_owned(),
            format!("{name}.partial"),
            format!(".{name}"),
            format!(".{name}.x2.partial"),
            format!(".{name}..partial"),
            ".partial".to_owned(),
        ] {
            assert_ne!(partial_export_name(&other), Some(name), "{other}");
        }
        assert_eq!(partial_export_name(&format!(".{name}..partial")), None);
    }

    /// A field vault with the samples sealed, trusting a headquarters vault that trusts it.
    fn sealed_pair(dir: &Path) -> (Vault, Vault, usize) {
        let mut hq = Vault::create(&dir.join("hq"), &pass(), Role::Headquarters, "HQ").unwrap();
        let mut field = Vault::create(&dir.join("field"), &pass(), Role::Field, "L").unwrap();
        crate::vault::identity::trust_each_other(&mut field, &mut hq);
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/samples");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(samples)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        field.add_interviews(&files).unwrap();
        field.seal_all_drafts().unwrap();
        (field, hq, files.len())
    }

    #[test]
    fn export_reports_every_interview_then_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let (mut field, _hq, count) = sealed_pair(dir.path());

        let stick = dir.path().join("stick");
        std::fs::create_dir(&stick).unwrap();
        let mut stages = Vec::new();
        let report = field
            .export_reporting(&stick, &[], |stage| stages.push(stage))
            .unwrap();
        let total = report.interviews.len();
        assert_eq!(total, count);
        assert_eq!(stages.first(), Some(&ExportStage::Writing { done: 0, total }));
        assert_eq!(stages.last(), Some(&ExportStage::Verifying));
        let done: Vec<usize> = stages
            .iter()
            .filter_map(|s| match s {
                ExportStage::Writing { done, .. } => Some(*done),
                ExportStage::Verifying => None,
            })
            .collect();
        assert!(done.windows(2).all(|w| w[0] <= w[1]), "{done:?}");
        assert_eq!(done.last(), Some(&total));
        // The test's "stick" is a folder beside the vault.
        assert!(report.on_vault_disk);
    }

    /// Review finding 9: a bundle completed just before a kill was unknown to the laptop.
    /// Here the kill is staged: the intent is recorded and the file has its final name,
    /// but the export was never recorded.
    #[test]
    fn a_bundle_an_interrupted_export_completed_is_recognised_and_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let (mut field, _hq, count) = sealed_pair(dir.path());
        let stick = dir.path().join("stick");
        std::fs::create_dir(&stick).unwrap();
        let rows = field
            .store
            .revisions_in_state_without_content(Lifecycle::Sealed)
            .unwrap();
        let intent = ExportIntent {
            bundle_id: uuid::Uuid::new_v4().to_string(),
            file_name: "0123456789abcdef0123456789abcdef".into(),
            sequence: 1,
            created_at: "2026-12-04T00:00:00Z".into(),
            rowids: rows.iter().map(|r| r.rowid).collect(),
        };
        field.store.write(|tx| tx.insert_export_intent(&intent)).unwrap();
        // A leftover of another killed export, and the completed file.
        std::fs::write(stick.join(".fedcba9876543210fedcba9876543210.partial"), b"cut").unwrap();
        std::fs::write(stick.join(&intent.file_name), b"a complete bundle").unwrap();

        let report = field.export(&stick).unwrap();
        assert_eq!(report.recovered, [1]);
        assert_eq!(
            report.sequence, 2,
            "the interrupted export's number is not reused"
        );
        assert_eq!(report.interviews.len(), count);
        let bundles = field.store.bundles().unwrap();
        assert_eq!(bundles.len(), 2);
        assert!(
            bundles
                .iter()
                .any(|b| b.file_name.as_deref() == Some(intent.file_name.as_str()))
        );
        assert!(field.store.export_intents().unwrap().is_empty());
        let names: Vec<String> = std::fs::read_dir(&stick)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
        // An intent whose file is not in the folder (most killed exports never wrote one)
        // does not hold its number back: no gap appears at headquarters.
        let elsewhere = ExportIntent {
            bundle_id: uuid::Uuid::new_v4().to_string(),
            file_name: "fedcba9876543210fedcba9876543210".into(),
            sequence: 3,
            ..intent
        };
        field
            .store
            .write(|tx| tx.insert_export_intent(&elsewhere))
            .unwrap();
        let next = field.export(&stick).unwrap();
        assert!(next.recovered.is_empty());
        assert_eq!(next.sequence, 3);
    }

    fn smallest_parts() -> ExportOptions {
        ExportOptions {
            part_size: PartSize::bytes(parts::MIN_PART_SIZE).unwrap(),
            ..ExportOptions::default()
        }
    }

    /// The smallest part size splits even the smallest bundle (64 KiB of archive plus
    /// age's overhead): the code path of a 4 GiB split, on a small bundle.
    #[test]
    fn a_bundle_over_the_part_size_is_written_in_parts_imported_whole_and_wiped_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (mut field, mut hq, count) = sealed_pair(dir.path());
        let stick = dir.path().join("stick");
        std::fs::create_dir(&stick).unwrap();
        let report = field.export_with(&stick, &smallest_parts(), |_| {}).unwrap();
        assert_eq!(report.files.len(), 2, "{:?}", report.files);
        assert_eq!(report.path, report.files[0]);
        let bundle = field.store.bundles().unwrap().pop().unwrap();
        let base = bundle.file_name.clone().unwrap();
        let mut joined = Vec::new();
        for (i, file) in report.files.iter().enumerate() {
            assert_eq!(files::file_name_of(file), part_file_name(&base, i as u32 + 1, 2));
            joined.extend(std::fs::read(file).unwrap());
        }
        assert_eq!(
            std::fs::metadata(&report.files[0]).unwrap().len(),
            parts::MIN_PART_SIZE
        );
        assert_eq!(joined.len() as u64, report.bytes);
        assert_eq!(
            bundle.file_sha256.as_deref(),
            Some(crate::crypto::digest::sha256_hex(&joined).as_str())
        );
        assert_eq!(field.exported_file_sha256(&base).unwrap(), bundle.file_sha256);

        let receipts = dir.path().join("receipts");
        std::fs::create_dir(&receipts).unwrap();
        let imported = hq
            .import_bundles(std::slice::from_ref(&report.files[1]), Some(&receipts))
            .unwrap();
        assert_eq!(imported[0].report.stored, count);
        assert_eq!(imported[0].report.parts, 2);
        assert_eq!(imported[0].report.file, base);
        field
            .import_receipt(imported[0].receipt.as_ref().unwrap())
            .unwrap();
        let wiped = field.wipe_exported(&stick).unwrap();
        assert_eq!(wiped.wiped.len(), 2);
        assert!(wiped.wiped.iter().all(|w| w.bundle == Some(1)));
        assert_eq!(std::fs::read_dir(&stick).unwrap().count(), 0);
    }

    /// An export killed after every part got its final name is recorded by the next one; one
    /// killed half-way through the renaming leaves parts that are removed.
    #[test]
    fn parts_an_interrupted_export_left_are_recorded_if_complete_and_removed_if_not() {
        let dir = tempfile::tempdir().unwrap();
        let (mut field, _hq, _) = sealed_pair(dir.path());
        let stick = dir.path().join("stick");
        std::fs::create_dir(&stick).unwrap();
        let rows = field
            .store
            .revisions_in_state_without_content(Lifecycle::Sealed)
            .unwrap();
        let intent = |name: &str, sequence| ExportIntent {
            bundle_id: uuid::Uuid::new_v4().to_string(),
            file_name: name.into(),
            sequence,
            created_at: "2026-12-04T00:00:00Z".into(),
            rowids: rows.iter().map(|r| r.rowid).collect(),
        };
        let (complete, cut) = (
            "0123456789abcdef0123456789abcdef",
            "fedcba9876543210fedcba9876543210",
        );
        for i in [intent(complete, 1), intent(cut, 2)] {
            field.store.write(|tx| tx.insert_export_intent(&i)).unwrap();
        }
        std::fs::write(stick.join(part_file_name(complete, 1, 2)), [1u8; 100]).unwrap();
        std::fs::write(stick.join(part_file_name(complete, 2, 2)), [2u8; 40]).unwrap();
        std::fs::write(stick.join(part_file_name(cut, 2, 2)), [3u8; 40]).unwrap();
        std::fs::write(stick.join(format!(".{cut}.partial")), [3u8; 100]).unwrap();

        let report = field.export(&stick).unwrap();
        assert_eq!(report.recovered, [1]);
        let recorded = field.store.bundle_by_file_name(complete).unwrap().unwrap();
        let mut joined = vec![1u8; 100];
        joined.extend([2u8; 40]);
        assert_eq!(
            recorded.file_sha256.as_deref(),
            Some(crate::crypto::digest::sha256_hex(&joined).as_str())
        );
        let mut names: Vec<String> = std::fs::read_dir(&stick)
            .unwrap()
            .map(|e| files::file_name_of(&e.unwrap().path()))
            .collect();
        names.sort();
        let mut expected = vec![
            part_file_name(complete, 1, 2),
            part_file_name(complete, 2, 2),
            files::file_name_of(&report.path),
        ];
        expected.sort();
        assert_eq!(names, expected);
    }

    #[test]
    fn every_bundle_is_at_least_64_kib_however_little_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let (mut field, _hq, _) = sealed_pair(dir.path());
        let stick = dir.path().join("stick");
        std::fs::create_dir(&stick).unwrap();
        let codes: Vec<String> = field.list(None).unwrap().into_iter().map(|s| s.code).collect();
        let report = field.export_leaving_out(&stick, &codes[1..]).unwrap();
        assert_eq!(report.interviews.len(), 1);
        assert!(report.bytes >= 64 * 1024, "{} bytes", report.bytes);
    }

    #[test]
    fn a_bundle_on_another_file_system_is_not_on_the_vault_disk() {
        let dir = tempfile::tempdir().unwrap();
        let Ok(other) = tempfile::tempdir_in("/dev/shm") else {
            return; // no second file system to write to here
        };
        if same_file_system(dir.path(), other.path()) {
            return;
        }
        let (mut field, _hq, _) = sealed_pair(dir.path());
        assert!(!field.export(other.path()).unwrap().on_vault_disk);
    }

    #[test]
    fn bookkeeping_marks_only_sealed_or_exported_revisions() {
        let dir = tempfile::tempdir().unwrap();
        let (mut field, mut hq, count) = sealed_pair(dir.path());
        let stick = dir.path().join("stick");
        std::fs::create_dir(&stick).unwrap();
        // Exported revisions go again until a receipt arrives.
        field.export(&stick).unwrap();
        let again = field.export(&stick).unwrap();
        assert_eq!(again.interviews.len(), count);
        let exported = field
            .store
            .revisions_in_state_without_content(Lifecycle::Exported)
            .unwrap();
        assert_eq!(exported.len(), count);
        assert!(
            exported
                .iter()
                .all(|r| r.bundle_id.as_deref() == Some(again.bundle_id.as_str()))
        );

        let receipts = dir.path().join("receipts");
        std::fs::create_dir(&receipts).unwrap();
        let imported = hq
            .import_bundles(std::slice::from_ref(&again.path), Some(&receipts))
            .unwrap();
        field
            .import_receipt(imported[0].receipt.as_ref().unwrap())
            .unwrap();
        let delivered: Vec<i64> = field
            .store
            .revisions_in_state_without_content(Lifecycle::Delivered)
            .unwrap()
            .iter()
            .map(|r| r.rowid)
            .collect();
        assert_eq!(delivered.len(), count);
        // A delivered revision is never marked exported again.
        let changed = field
            .store
            .write(|tx| tx.mark_exported(&delivered, &again.bundle_id, "2026-01-01T00:00:00Z"))
            .unwrap();
        assert_eq!(changed, 0);
        assert_eq!(
            field
                .store
                .revisions_in_state_without_content(Lifecycle::Delivered)
                .unwrap()
                .len(),
            count
        );
    }
}
