//! The handoff loop on both sides: headquarters imports bundles and answers with receipts;
//! the laptop imports a receipt and marks exactly the revisions it names as delivered.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use super::{Role, Vault, VaultError, files, now};
use crate::audit::{self, Action};
use crate::bundle::{self, BundleError, ErrorKind as BundleErrorKind};
use crate::crypto::random::random_array;
use crate::crypto::signing::Fingerprint;
use crate::domain::Lifecycle;
use crate::hq::{self, Gap, HqKeys, ImportError, ImportReport};

/// What `import` did with one bundle, and where its receipt went.
#[derive(Debug, Clone, Serialize)]
pub struct BundleImport {
    #[serde(flatten)]
    pub report: ImportReport,
    pub receipt: Option<PathBuf>,
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
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReceiptsFound {
    pub applied: Vec<ReceiptReport>,
    /// Files that are not receipts for this laptop (its own bundles, other files).
    pub passed_over: usize,
    /// Receipts for this laptop that were refused: file name and reason.
    pub refused: Vec<(String, String)>,
}

/// What `receipt import` did.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptReport {
    pub receipt_id: String,
    pub bundle_id: String,
    pub headquarters: String,
    pub delivered: Vec<String>,
    pub already_delivered: usize,
}

impl From<BundleError> for VaultError {
    fn from(error: BundleError) -> Self {
        match error.kind() {
            BundleErrorKind::Io | BundleErrorKind::InvalidInput => VaultError::Exchange {
                kind: ExchangeKind::Io,
                message: error.to_string(),
            },
            BundleErrorKind::UnsupportedVersion => VaultError::Exchange {
                kind: ExchangeKind::Unsupported,
                message: error.to_string(),
            },
            _ => VaultError::Exchange {
                kind: ExchangeKind::Rejected,
                message: error.to_string(),
            },
        }
    }
}

/// How an exchange file failed, for exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeKind {
    /// Forged, damaged, not for us, hostile, unknown signer: refused, nothing changed.
    Rejected,
    Unsupported,
    Io,
}

impl From<ImportError> for VaultError {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Bundle(e) => e.into(),
            ImportError::Store(e) => VaultError::Store(e),
            ImportError::Invalid(message) => VaultError::Exchange {
                kind: ExchangeKind::Rejected,
                message,
            },
            ImportError::Conflict(message) => VaultError::Conflict(message),
            ImportError::Io { path, reason } => VaultError::Io {
                action: "read",
                path: PathBuf::from(path),
                reason,
                cause: super::error::IoCause::Other,
            },
        }
    }
}

impl Vault {
    fn require(&self, role: Role, what: &str) -> Result<(), VaultError> {
        if self.role == role {
            Ok(())
        } else {
            Err(VaultError::Conflict(format!(
                "{what} is done on a {} vault; this one is a {} vault",
                role.as_str(),
                self.role.as_str()
            )))
        }
    }

    /// Headquarters: imports each bundle (each all or nothing) and, with `receipt_dir`,
    /// writes a signed receipt for it there. Stops at the first bundle that is refused.
    pub fn import_bundles(
        &mut self,
        paths: &[PathBuf],
        receipt_dir: Option<&Path>,
    ) -> Result<Vec<BundleImport>, VaultError> {
        self.require(Role::Headquarters, "importing bundles")?;
        if let Some(dir) = receipt_dir
            && !dir.is_dir()
        {
            return Err(VaultError::io(
                "write receipts to",
                dir,
                std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            ));
        }
        let keys = self.keys()?;
        let mut done = Vec::new();
        for path in paths {
            let at = now();
            let hq_keys = HqKeys {
                signing: &keys.signing,
                age: &keys.age,
            };
            let (report, receipt) = hq::import_bundle(&mut self.store, &hq_keys, &self.vocabulary, path, &at)
                .map_err(|e| prefix(VaultError::from(e), path))?;
            let receipt_path = match (receipt, receipt_dir) {
                (Some(receipt), Some(dir)) => {
                    let recipient = hq::device_recipient(&self.store, &receipt.device)?;
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
                skipped.push((path, "a receipt this headquarters wrote, for a field laptop"));
            } else {
                bundles.push(path);
            }
        }
        Ok((bundles, skipped))
    }

    /// Field: applies every receipt for this laptop found in `dir` (a stick's folder, where
    /// receipts have random names like bundles). Files that are not receipts for this
    /// laptop are passed over; a receipt refused (forged, damaged) is reported.
    pub fn import_receipts_in(&mut self, dir: &Path) -> Result<ReceiptsFound, VaultError> {
        self.require(Role::Field, "importing receipts")?;
        let keys = self.keys()?;
        let entries = std::fs::read_dir(dir).map_err(|e| VaultError::io("read the folder", dir, e))?;
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
            if name.starts_with('.') || own_bundles.contains(&name) {
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
                Err(error) => found.refused.push((name, error.to_string())),
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
        self.require(Role::Headquarters, "reviewing imports")?;
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
        self.require(Role::Field, "importing receipts")?;
        let keys = self.keys()?;
        let own = keys.signing.public_key().fingerprint().hex();
        let file = File::open(path).map_err(|e| VaultError::io("read", path, e))?;
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
            .map_err(|e| prefix(e.into(), path))?;
        let refuse = |why: String| {
            prefix(
                VaultError::Exchange {
                    kind: ExchangeKind::Rejected,
                    message: why,
                },
                path,
            )
        };
        if receipt.device != own {
            return Err(refuse(
                "this receipt is for another device; nothing was marked delivered".into(),
            ));
        }
        let Some(bundle) = self.store.bundle(&receipt.bundle_id)? else {
            return Err(refuse(
                "this receipt names a bundle this laptop never exported; nothing was marked delivered".into(),
            ));
        };
        if bundle.sequence != receipt.sequence {
            return Err(refuse(
                "the receipt's sequence number does not match the bundle it names".into(),
            ));
        }
        let carried = self.store.bundle_revisions(&receipt.bundle_id)?;
        let mut targets = Vec::new();
        for entry in &receipt.revisions {
            if !carried.contains(&entry.revision_hash) {
                return Err(refuse(format!(
                    "the receipt names revision {} of {:?}, which was not in that bundle: it may be replayed or forged; nothing was marked delivered",
                    entry.revision, entry.code
                )));
            }
            let row = self
                .store
                .revision_by_hash(&entry.revision_hash)?
                .ok_or_else(|| {
                    refuse(format!(
                        "revision {} of {:?} is not in this vault",
                        entry.revision, entry.code
                    ))
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
            });
        }
        let at = now();
        let mut delivered = Vec::new();
        let mut already = 0;
        self.store.write(|tx| {
            tx.insert_receipt(&receipt.receipt_id, &receipt.bundle_id, &receipt.hq, &receipt.received_at, &at)?;
            tx.set_bundle_receipt(&receipt.bundle_id, &receipt.receipt_id)?;
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
        })
    }

    /// Headquarters: writes its age identity (`AGE-SECRET-KEY-1…`) to a new file for
    /// safe-keeping. Whoever holds that file can read every bundle.
    pub fn export_hq_key(&mut self, out: &Path) -> Result<String, VaultError> {
        self.require(Role::Headquarters, "exporting the headquarters key")?;
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
        result.map_err(|e| VaultError::io("write the key file", out, e))?;
        let at = now();
        self.store.write(|tx| {
            audit::append(tx, &at, Action::HqKeyExported, "vault", json!({}))?;
            Ok::<_, VaultError>(())
        })?;
        Ok(Fingerprint::to_openssh(&fp))
    }
}

/// Names the file in a message about it.
fn prefix(error: VaultError, path: &Path) -> VaultError {
    let name = path.display();
    match error {
        VaultError::Exchange { kind, message } => VaultError::Exchange {
            kind,
            message: format!("{name}: {message}"),
        },
        other => other,
    }
}

/// A receipt that could not be written after its bundle was imported: the import stands,
/// and running it again writes the receipt (an imported bundle is not imported twice).
fn receipt_not_written(target: &Path, error: std::io::Error) -> VaultError {
    match VaultError::io("write the receipt", target, error) {
        VaultError::Io {
            action,
            path,
            reason,
            cause,
        } => VaultError::Io {
            action,
            path,
            cause,
            reason: format!(
                "{reason}. The bundle itself was imported and is safe: once that is fixed, run the same import again to write its receipt"
            ),
        },
        other => other,
    }
}

/// A file `import` passed over, and why.
pub type Skipped = (PathBuf, &'static str);

/// The bundles among the paths given to an import: a folder stands for the files in it (a
/// stick's root); receipts and unfinished exports (named as export and import name them),
/// which a `/media/stick/*` also gives, are set aside with the reason.
pub fn bundles_among(given: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Skipped>), VaultError> {
    let mut paths = Vec::new();
    for path in given {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| VaultError::io("read the folder", path, e))?;
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
    for path in paths {
        let name = files::file_name_of(&path);
        if name.ends_with(".receipt") {
            skipped.push((
                path,
                "a receipt, for the field laptop (`receipt import`), not a bundle",
            ));
        } else if name.starts_with('.') && name.ends_with(".partial") {
            skipped.push((path, "an export that never finished; export again on the laptop"));
        } else if name.starts_with('.') {
            skipped.push((path, "a hidden file, not a bundle"));
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
    fn a_stick_folder_gives_its_bundles_and_names_the_rest() {
        let stick = tempfile::tempdir().unwrap();
        for name in ["b2", "a1", "x.receipt", ".a1.partial", ".hidden"] {
            std::fs::write(stick.path().join(name), b"").unwrap();
        }
        let given = [stick.path().to_path_buf(), stick.path().join("y.receipt")];
        let (bundles, skipped) = bundles_among(&given).unwrap();
        assert_eq!(bundles, [stick.path().join("a1"), stick.path().join("b2")]);
        let mut reasons: Vec<&str> = skipped.iter().map(|(_, why)| *why).collect();
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
