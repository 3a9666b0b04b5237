//! The handoff loop on both sides: headquarters imports bundles and answers with receipts;
//! the laptop imports a receipt and marks exactly the revisions it names as delivered.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

mod hq;
mod import_error;

use super::error::{IoAction, Missing, Operation, ReceiptRefusal};
use super::{Role, Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::bundle::{self, BundleError};
use crate::crypto::random::random_array;
use crate::crypto::signing::Fingerprint;
use crate::disk::atomic as files;
use crate::domain::Lifecycle;
use crate::explain::{Explain, Explanation};
use hq::HqKeys;
pub use hq::ImportError;
pub use hq::{Gap, ImportReport};

/// What `import` did with one bundle, and where its receipt went.
#[derive(Debug, Clone, Serialize)]
pub struct BundleImport {
    #[serde(flatten)]
    pub report: ImportReport,
    pub receipt: Option<PathBuf>,
}

/// What [`Vault::import_bundles_reporting`] did with the files it was given.
#[derive(Debug)]
pub struct BundleImports {
    /// Each bundle tried, in order, with what became of it.
    pub results: Vec<(PathBuf, Result<BundleImport, VaultError>)>,
    /// Files that are not bundles, each with the reason, never tried.
    pub skipped: Vec<Skipped>,
    /// The run was stopped (cancelled) before every bundle was tried.
    pub stopped: bool,
}

/// How far [`Vault::import_bundles_reporting`] is.
#[derive(Debug, Clone, Copy)]
pub enum ImportStage<'a> {
    /// Bundle `done + 1` of `total` is about to be tried.
    Bundle {
        done: usize,
        total: usize,
        path: &'a Path,
    },
    /// `done` of `total` bundles were tried.
    Done { done: usize, total: usize },
}

/// Whether a long run goes on after a progress report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Headquarters' review list: flags, and revisions held back (metadata only).
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub flags: Vec<crate::store::ReviewFlag>,
    pub held: Vec<HeldSummary>,
}

/// A revision held back, without its content.
#[derive(Debug, Clone, Serialize)]
pub struct HeldSummary {
    pub interview_id: String,
    pub revision: u32,
    /// The device that sent it (short fingerprint).
    pub device: String,
    pub bundle_id: String,
}

/// What importing the receipts in a folder did.
#[derive(Debug, Default, Serialize)]
pub struct ReceiptsFound {
    pub applied: Vec<ReceiptReport>,
    /// Files that are not receipts for this laptop (its own bundles, other files).
    pub passed_over: usize,
    /// Receipts for this laptop that were refused: file name and why.
    pub refused: Vec<RefusedReceipt>,
}

/// What `receipt import` did.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptReport {
    pub receipt_id: String,
    pub bundle_id: String,
    pub headquarters: String,
    pub delivered: Vec<String>,
    pub already_delivered: usize,
    /// Consent changes this receipt confirmed headquarters holds.
    pub consent_changes: usize,
}

/// A file an import passed over without trying it, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassedOver {
    /// A receipt, for a field laptop (`receipt import`).
    Receipt,
    /// An export that never finished (`.NAME.partial`).
    UnfinishedExport,
    HiddenFile,
    /// A receipt this headquarters wrote, for a field laptop.
    OwnReceipt,
}

impl Explain for PassedOver {
    fn explain(&self) -> Explanation {
        Explanation::new(match self {
            PassedOver::Receipt => "passed-over-receipt",
            PassedOver::UnfinishedExport => "passed-over-partial",
            PassedOver::HiddenFile => "passed-over-hidden",
            PassedOver::OwnReceipt => "passed-over-own-receipt",
        })
    }
}

crate::explain::display_in_english!(PassedOver);

/// A receipt found on a stick and refused.
#[derive(Debug)]
pub struct RefusedReceipt {
    pub name: String,
    pub error: VaultError,
}

impl Serialize for RefusedReceipt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.name, self.error.to_string()).serialize(serializer)
    }
}

impl Vault {
    pub(crate) fn require(&self, role: Role, operation: Operation) -> Result<(), VaultError> {
        if self.role == role {
            Ok(())
        } else {
            Err(VaultError::WrongRole {
                operation,
                needed: role,
                this: self.role,
            })
        }
    }

    /// Headquarters: imports each bundle (each all or nothing) and, with `receipt_dir`,
    /// writes a signed receipt for it there. Stops at the first bundle that is refused.
    pub fn import_bundles(
        &mut self,
        paths: &[PathBuf],
        receipt_dir: Option<&Path>,
    ) -> Result<Vec<BundleImport>, VaultError> {
        self.require(Role::Headquarters, Operation::ImportBundles)?;
        if let Some(dir) = receipt_dir
            && !dir.is_dir()
        {
            return Err(VaultError::io(
                IoAction::WriteReceipt,
                dir,
                std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            ));
        }
        let keys = self.keys()?;
        let attachments_dir = self.exchange_folder(super::ATTACHMENTS_FOLDER)?;
        let mut done = Vec::new();
        for path in paths {
            let at = now();
            let hq_keys = HqKeys {
                signing: &keys.signing,
                age: &keys.age,
                attachments_dir: Some(&attachments_dir),
            };
            let (report, receipt) = hq::import_bundle(&mut self.store, &hq_keys, &self.vocabulary, path, &at)
                .map_err(|source| VaultError::Import {
                    file: path.display().to_string(),
                    source: Box::new(source),
                })?;
            let receipt_path = match (receipt, receipt_dir) {
                (Some(receipt), Some(dir)) => {
                    let recipient = hq::device_recipient(&self.store, &receipt.device).map_err(|source| {
                        VaultError::Import {
                            file: path.display().to_string(),
                            source: Box::new(source),
                        }
                    })?;
                    // A random name and bundle-like padding: on a stick a receipt looks like any
                    // bundle. Headquarters remembers the name to pass over it on import.
                    let name = hex::encode(random_array::<16>());
                    let (bytes, _) = bundle::write_receipt(Vec::new(), &keys.signing, &recipient, &receipt)?;
                    let target = dir.join(&name);
                    self.store
                        .write(|tx| tx.record_issued_receipt(&name, &receipt.bundle_id, &at))?;
                    files::write_atomic(&target, &bytes).map_err(|e| receipt_not_written(&target, e))?;
                    Some(target)
                }
                _ => None,
            };
            done.push(BundleImport {
                report,
                receipt: receipt_path,
            });
        }
        Ok(done)
    }

    /// Headquarters' import desk, for both front ends: sorts the files given (folders are
    /// read) into bundles and files passed over with the reason (receipts, unfinished
    /// exports, hidden files, receipts this headquarters wrote), then imports each bundle
    /// on its own, all or nothing, writing its receipt to `receipt_dir`.
    ///
    /// `report` hears about each bundle before it is tried and may stop the run there by
    /// returning [`Flow::Stop`] (stopping between bundles is always safe). A refused
    /// bundle (forged, damaged, not for us, invalid) is recorded and the next one tried;
    /// any other failure (the receipt folder is gone, the disk is full) stops the run,
    /// since it would fail every bundle after it.
    pub fn import_bundles_reporting(
        &mut self,
        given: &[PathBuf],
        receipt_dir: Option<&Path>,
        mut report: impl FnMut(ImportStage<'_>) -> Flow,
    ) -> Result<BundleImports, VaultError> {
        self.require(Role::Headquarters, Operation::ImportBundles)?;
        let (bundles, mut skipped) = bundles_among(given)?;
        let (bundles, own_receipts) = self.set_aside_own_receipts(bundles)?;
        skipped.extend(own_receipts);
        let total = bundles.len();
        let mut imports = BundleImports {
            results: Vec::with_capacity(total),
            skipped,
            stopped: false,
        };
        for (done, path) in bundles.into_iter().enumerate() {
            if report(ImportStage::Bundle {
                done,
                total,
                path: &path,
            }) == Flow::Stop
            {
                imports.stopped = true;
                break;
            }
            let result = self
                .import_bundles(std::slice::from_ref(&path), receipt_dir)
                .map(|mut one| one.remove(0));
            let fatal = matches!(&result, Err(e) if !e.refuses_the_file());
            imports.results.push((path, result));
            if fatal {
                break;
            }
        }
        report(ImportStage::Done {
            done: imports.results.len(),
            total,
        });
        Ok(imports)
    }

    /// Headquarters: sets aside, from files found on a stick, the receipts this
    /// headquarters wrote (their random names look like any bundle's).
    pub fn set_aside_own_receipts(
        &self,
        paths: Vec<PathBuf>,
    ) -> Result<(Vec<PathBuf>, Vec<Skipped>), VaultError> {
        let mut bundles = Vec::new();
        let mut skipped = Vec::new();
        for path in paths {
            let name = files::file_name_of(&path);
            if self.role == Role::Headquarters && self.store.is_issued_receipt(&name)? {
                skipped.push((path, PassedOver::OwnReceipt));
            } else {
                bundles.push(path);
            }
        }
        Ok((bundles, skipped))
    }

    /// Field: a receipt file, or every receipt for this laptop in a stick's folder, applied
    /// and reported as one: what was delivered, from which headquarters. A folder with no
    /// receipt for this laptop is an error that says where receipts come from.
    pub fn import_receipts_at(&mut self, path: &Path) -> Result<ReceiptReport, VaultError> {
        if !path.is_dir() {
            return self.import_receipt(path);
        }
        let found = self.import_receipts_in(path)?;
        if found.applied.is_empty() {
            return Err(match found.refused.into_iter().next() {
                Some(refused) => refused.error,
                None => VaultError::NotFound(Missing::ReceiptIn {
                    dir: path.to_path_buf(),
                }),
            });
        }
        let mut merged = ReceiptReport {
            receipt_id: String::new(),
            bundle_id: String::new(),
            headquarters: String::new(),
            delivered: Vec::new(),
            already_delivered: 0,
            consent_changes: 0,
        };
        let mut ids = Vec::new();
        let mut hqs: Vec<String> = Vec::new();
        for report in found.applied {
            ids.push(report.receipt_id);
            if !hqs.contains(&report.headquarters) {
                hqs.push(report.headquarters);
            }
            merged.delivered.extend(report.delivered);
            merged.already_delivered += report.already_delivered;
            merged.consent_changes += report.consent_changes;
        }
        merged.receipt_id = ids.join(", ");
        merged.headquarters = hqs.join(", ");
        Ok(merged)
    }

    /// Field: applies every receipt for this laptop found in `dir` (a stick's folder, where
    /// receipts have random names like bundles). Files that are not receipts for this
    /// laptop are passed over; a receipt refused (forged, damaged) is reported.
    pub fn import_receipts_in(&mut self, dir: &Path) -> Result<ReceiptsFound, VaultError> {
        self.require(Role::Field, Operation::ImportReceipts)?;
        let keys = self.keys()?;
        let entries = std::fs::read_dir(dir).map_err(|e| VaultError::io(IoAction::ReadFolder, dir, e))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()))
            .collect();
        paths.sort();
        let own_bundles: std::collections::HashSet<String> = self
            .store
            .bundles()?
            .into_iter()
            .filter_map(|b| b.file_name)
            .collect();
        let mut found = ReceiptsFound::default();
        for path in paths {
            let name = files::file_name_of(&path);
            let own_part = crate::bundle::parts::parse_part_name(&name)
                .is_some_and(|part| own_bundles.contains(&part.base));
            if name.starts_with('.') || own_bundles.contains(&name) || own_part {
                found.passed_over += 1;
                continue;
            }
            // Only the age header is read: a bundle (encrypted to headquarters) or any
            // other file fails here at once.
            let opens = File::open(&path).ok().is_some_and(|f| {
                crate::crypto::seal::decrypting_reader(&keys.age, BufReader::new(f)).is_ok()
            });
            if !opens {
                found.passed_over += 1;
                continue;
            }
            match self.import_receipt(&path) {
                Ok(report) => found.applied.push(report),
                Err(error) => found.refused.push(RefusedReceipt { name, error }),
            }
        }
        Ok(found)
    }

    /// Headquarters: sequence numbers missing per device.
    pub fn gaps(&self) -> Result<Vec<Gap>, VaultError> {
        Ok(hq::gaps(&self.store)?)
    }

    /// Headquarters: everything flagged for a person to look at.
    pub fn review(&self) -> Result<Review, VaultError> {
        self.require(Role::Headquarters, Operation::Review)?;
        let held = self
            .store
            .held_revisions()?
            .into_iter()
            .map(|h| HeldSummary {
                device: Fingerprint::from_hex(&h.device)
                    .map(|f| f.short())
                    .unwrap_or(h.device),
                interview_id: h.interview_id,
                revision: h.number,
                bundle_id: h.bundle_id,
            })
            .collect();
        Ok(Review {
            flags: self.store.review_flags()?,
            held,
        })
    }

    /// Field: verifies a receipt from a trusted headquarters and marks exactly the revisions
    /// it names as delivered. Nothing changes unless every check passes.
    pub fn import_receipt(&mut self, path: &Path) -> Result<ReceiptReport, VaultError> {
        self.require(Role::Field, Operation::ImportReceipts)?;
        let keys = self.keys()?;
        let own = keys.signing.public_key().fingerprint().hex();
        let file = File::open(path).map_err(|e| VaultError::io(IoAction::Read, path, e))?;
        let mut hq_label = String::new();
        let own_fingerprint = keys.signing.public_key().fingerprint();
        let receipt =
            bundle::read_receipt(
                BufReader::new(file),
                &keys.age,
                &own_fingerprint,
                |signer| match self.trusted_signer(signer) {
                    Ok(Some(row)) if row.role == "headquarters" => {
                        hq_label = row.label;
                        Ok(())
                    }
                    _ => Err(BundleError::unknown_signer(bundle::Doc::Receipt, signer)),
                },
            )
            .map_err(|e| VaultError::bundle_at(e, path))?;
        let refuse = |refusal| VaultError::Receipt {
            file: path.display().to_string(),
            refusal,
        };
        if receipt.device != own {
            return Err(refuse(ReceiptRefusal::ForAnotherDevice));
        }
        let Some(bundle) = self.store.bundle(&receipt.bundle_id)? else {
            return Err(refuse(ReceiptRefusal::UnknownBundle));
        };
        if bundle.sequence != receipt.sequence {
            return Err(refuse(ReceiptRefusal::SequenceMismatch));
        }
        let carried = self.store.bundle_revisions(&receipt.bundle_id)?;
        let mut targets = Vec::new();
        for entry in &receipt.revisions {
            if !carried.contains(&entry.revision_hash) {
                return Err(refuse(ReceiptRefusal::NotInBundle {
                    code: entry.code.clone(),
                    revision: entry.revision,
                }));
            }
            let row = self
                .store
                .revision_by_hash(&entry.revision_hash)?
                .ok_or_else(|| {
                    refuse(ReceiptRefusal::NotInVault {
                        code: entry.code.clone(),
                        revision: entry.revision,
                    })
                })?;
            targets.push(row);
        }
        if self.store.receipt_exists(&receipt.receipt_id)? {
            return Ok(ReceiptReport {
                receipt_id: receipt.receipt_id,
                bundle_id: receipt.bundle_id,
                headquarters: hq_label,
                delivered: Vec::new(),
                already_delivered: targets.len(),
                consent_changes: 0,
            });
        }
        let at = now();
        let mut delivered = Vec::new();
        let mut already = 0;
        let mut consent_delivered = 0;
        self.store.write(|tx| {
            tx.insert_receipt(&receipt.receipt_id, &receipt.bundle_id, &receipt.hq, &receipt.received_at, &at)?;
            tx.set_bundle_receipt(&receipt.bundle_id, &receipt.receipt_id)?;
            // Headquarters stores every consent change of a bundle it imports.
            consent_delivered = tx.consent_changes_delivered(&receipt.bundle_id)?;
            for row in &targets {
                match row.state {
                    Lifecycle::Sealed | Lifecycle::Exported => {
                        tx.set_state(row.rowid, Lifecycle::Delivered, None, &at)?;
                        delivered.push(format!("{} revision {}", row.code, row.number));
                    }
                    _ => already += 1,
                }
            }
            audit::append(
                tx,
                &at,
                Action::ReceiptImported,
                &receipt.receipt_id,
                json!({ "bundle_id": receipt.bundle_id, "hq": receipt.hq, "revisions": targets.iter().map(|r| r.hash.clone()).collect::<Vec<_>>() }),
            )?;
            Ok::<_, VaultError>(())
        })?;
        Ok(ReceiptReport {
            receipt_id: receipt.receipt_id,
            bundle_id: receipt.bundle_id,
            headquarters: hq_label,
            delivered,
            already_delivered: already,
            consent_changes: consent_delivered,
        })
    }

    /// Headquarters: writes its age identity (`AGE-SECRET-KEY-1…`) to a new file for
    /// safe-keeping. Whoever holds that file can read every bundle.
    pub fn export_hq_key(&mut self, out: &Path) -> Result<String, VaultError> {
        self.require(Role::Headquarters, Operation::ExportHqKey)?;
        let keys = self.keys()?;
        let fp = keys.signing.public_key().fingerprint();
        let secret = keys.age.to_secret_string();
        let mut text = format!(
            "# fieldvault headquarters age identity\n# label: {}\n# fingerprint: {}\n# public key: {}\n",
            keys.label,
            fp.to_openssh(),
            keys.age.recipient().as_str()
        )
        .into_bytes();
        text.extend_from_slice(secret.expose_secret());
        text.push(b'\n');
        let result = files::create_private(out).and_then(|mut f| {
            use std::io::Write;
            f.write_all(&text)?;
            f.sync_all()
        });
        zeroize::Zeroize::zeroize(&mut text);
        result.map_err(|e| VaultError::io(IoAction::WriteKeyFile, out, e))?;
        let at = now();
        self.store.write(|tx| {
            audit::append(tx, &at, Action::HqKeyExported, "vault", json!({}))?;
            Ok::<_, VaultError>(())
        })?;
        Ok(Fingerprint::to_openssh(&fp))
    }
}

/// A receipt that could not be written after its bundle was imported: the import stands,
/// and running it again writes the receipt (an imported bundle is not imported twice).
/// The catalogue's words for [`IoAction::WriteReceipt`] say so.
fn receipt_not_written(target: &Path, error: std::io::Error) -> VaultError {
    VaultError::io(IoAction::WriteReceipt, target, error)
}

/// The files of the bundle `path` belongs to: `path` itself, or all the parts of a split
/// bundle (given any one of them, or their common name), checked to be complete and in
/// order.
pub fn bundle_files(path: &Path) -> Result<bundle::parts::BundleFiles, VaultError> {
    bundle::parts::locate(path).map_err(|e| match e {
        bundle::parts::LocateError::Parts(source) => VaultError::Import {
            file: path.display().to_string(),
            source: Box::new(ImportError::Parts(source)),
        },
        bundle::parts::LocateError::Io(at, source) => VaultError::io(IoAction::Read, &at, source),
    })
}

/// A file `import` passed over, and why.
pub type Skipped = (PathBuf, PassedOver);

/// The bundles among the paths given to an import: a folder stands for the files in it (a
/// stick's root); the parts of a split bundle count once (by the first of them given);
/// receipts and unfinished exports (named as export and import name them), which a
/// `/media/stick/*` also gives, are set aside with the reason.
pub fn bundles_among(given: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Skipped>), VaultError> {
    let mut paths = Vec::new();
    for path in given {
        if path.is_dir() {
            let entries =
                std::fs::read_dir(path).map_err(|e| VaultError::io(IoAction::ReadFolder, path, e))?;
            let mut inside: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            inside.sort();
            paths.extend(inside);
        } else {
            paths.push(path.clone());
        }
    }
    let mut bundles = Vec::new();
    let mut skipped = Vec::new();
    // The parts of a split bundle are one bundle: the first of them found stands for all
    // (the import finds the others beside it).
    let mut split_seen = std::collections::HashSet::new();
    for path in paths {
        let name = files::file_name_of(&path);
        if let Some(part) = crate::bundle::parts::parse_part_name(&name) {
            if split_seen.insert((path.parent().map(Path::to_path_buf), part.base)) {
                bundles.push(path);
            }
        } else if name.ends_with(".receipt") {
            skipped.push((path, PassedOver::Receipt));
        } else if name.starts_with('.') && name.ends_with(".partial") {
            skipped.push((path, PassedOver::UnfinishedExport));
        } else if name.starts_with('.') {
            skipped.push((path, PassedOver::HiddenFile));
        } else {
            bundles.push(path);
        }
    }
    Ok((bundles, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_of_a_split_bundle_count_once() {
        let stick = tempfile::tempdir().unwrap();
        for name in ["b.001-of-002", "b.002-of-002", "c", ".b.002.partial"] {
            std::fs::write(stick.path().join(name), b"").unwrap();
        }
        let given = [stick.path().to_path_buf(), stick.path().join("b.002-of-002")];
        let (bundles, skipped) = bundles_among(&given).unwrap();
        assert_eq!(
            bundles,
            [stick.path().join("b.001-of-002"), stick.path().join("c")]
        );
        assert_eq!(skipped.len(), 1);
    }

    #[test]
    fn a_stick_folder_gives_its_bundles_and_names_the_rest() {
        let stick = tempfile::tempdir().unwrap();
        for name in ["b2", "a1", "x.receipt", ".a1.partial", ".hidden"] {
            std::fs::write(stick.path().join(name), b"").unwrap();
        }
        let given = [stick.path().to_path_buf(), stick.path().join("y.receipt")];
        let (bundles, skipped) = bundles_among(&given).unwrap();
        assert_eq!(bundles, [stick.path().join("a1"), stick.path().join("b2")]);
        let mut reasons: Vec<String> = skipped.iter().map(|(_, why)| why.to_string()).collect();
        reasons.sort();
        assert_eq!(reasons.len(), 4);
        assert!(
            reasons.iter().filter(|r| r.contains("receipt")).count() == 2,
            "{reasons:?}"
        );
        assert!(
            reasons.iter().any(|r| r.contains("never finished")),
            "{reasons:?}"
        );
    }
}
