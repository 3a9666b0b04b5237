//! Wiping bundle files from a stick after headquarters confirmed them, and the panic
//! `destroy` of a whole vault. The deleting itself is `crate::disk::wipe`'s; this module decides
//! what may be deleted: never a bundle that no receipt covers, unless forced.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use super::error::{IoAction, NotCovered};
use super::{DATABASE_FILE, HEADER_FILE, Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::crypto::digest::sha256_file;
use crate::disk::wipe::{self, DestroyReport, FileWipe};

/// What `wipe file` / `wipe exported` did.
#[derive(Debug, Clone, Serialize)]
pub struct FileWipeReport {
    pub wiped: Vec<WipedFile>,
    /// Files left alone, each with the reason.
    pub kept: Vec<KeptFile>,
    pub limits: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WipedFile {
    #[serde(flatten)]
    pub file: FileWipe,
    /// The bundle's sequence number, when it is one of this laptop's bundles.
    pub bundle: Option<u64>,
    pub receipt_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeptFile {
    pub path: PathBuf,
    pub reason: String,
}

/// What a file on the stick is, as far as this vault knows.
enum Verdict {
    /// One of our bundles, confirmed by a receipt.
    Covered { sequence: u64, receipt_id: String },
    /// Why it is not covered (overridden only by `--force`).
    Uncovered { sequence: Option<u64>, why: NotCovered },
}

impl Vault {
    fn verdict(&self, path: &Path) -> Result<Verdict, VaultError> {
        let meta = std::fs::symlink_metadata(path).map_err(|e| VaultError::io(IoAction::Read, path, e))?;
        if !meta.is_file() {
            return Err(VaultError::NotABundleFile(path.to_path_buf()));
        }
        let name = crate::disk::atomic::file_name_of(path);
        let Some(bundle) = self.store.bundle_by_file_name(&name)? else {
            return Ok(Verdict::Uncovered {
                sequence: None,
                why: NotCovered::NotOurs,
            });
        };
        let actual = sha256_file(path)
            .map(|(h, _)| hex::encode(h))
            .map_err(|e| VaultError::io(IoAction::Read, path, e))?;
        if bundle.file_sha256.as_deref() != Some(actual.as_str()) {
            return Ok(Verdict::Uncovered {
                sequence: Some(bundle.sequence),
                why: NotCovered::Changed {
                    sequence: bundle.sequence,
                },
            });
        }
        Ok(match bundle.receipt_id {
            Some(receipt_id) => Verdict::Covered {
                sequence: bundle.sequence,
                receipt_id,
            },
            None => Verdict::Uncovered {
                sequence: Some(bundle.sequence),
                why: NotCovered::NoReceipt {
                    sequence: bundle.sequence,
                },
            },
        })
    }

    /// Wipes bundle files. Every path is checked first; without `force`, any file that no
    /// receipt covers stops the whole command before anything is wiped.
    pub fn wipe_files(&mut self, paths: &[PathBuf], force: bool) -> Result<FileWipeReport, VaultError> {
        let mut plan = Vec::new();
        for path in paths {
            let verdict = self.verdict(path)?;
            if let Verdict::Uncovered { why, .. } = &verdict
                && !force
            {
                return Err(VaultError::NotCovered {
                    path: path.clone(),
                    why: why.clone(),
                });
            }
            plan.push((path.clone(), verdict));
        }
        self.execute(plan, Vec::new(), wipe::FILE_LIMITS)
    }

    /// Wipes every bundle in `dir` that a receipt covers and leaves the rest, saying why.
    pub fn wipe_exported(&mut self, dir: &Path) -> Result<FileWipeReport, VaultError> {
        // A bundle an interrupted export completed is recognised first (and kept: no
        // receipt can cover it yet).
        if self.role == super::Role::Field {
            self.recover_interrupted_exports(dir)?;
        }
        let entries = std::fs::read_dir(dir).map_err(|e| VaultError::io(IoAction::Read, dir, e))?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let mut plan = Vec::new();
        let mut kept = Vec::new();
        for path in paths {
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_file() => {}
                _ => continue,
            }
            match self.verdict(&path)? {
                Verdict::Uncovered { sequence: None, .. } => {}
                Verdict::Uncovered { why, .. } => kept.push(KeptFile {
                    path,
                    reason: why.to_string(),
                }),
                covered => plan.push((path, covered)),
            }
        }
        self.execute(plan, kept, wipe::EXPORTED_LIMITS)
    }

    fn execute(
        &mut self,
        plan: Vec<(PathBuf, Verdict)>,
        kept: Vec<KeptFile>,
        limits: &[&'static str],
    ) -> Result<FileWipeReport, VaultError> {
        let mut wiped = Vec::new();
        let mut failure = None;
        for (path, verdict) in plan {
            match wipe::wipe_file(&path) {
                Ok(file) => {
                    let (bundle, receipt_id) = match verdict {
                        Verdict::Covered { sequence, receipt_id } => (Some(sequence), Some(receipt_id)),
                        Verdict::Uncovered { sequence, .. } => (sequence, None),
                    };
                    wiped.push(WipedFile {
                        file,
                        bundle,
                        receipt_id,
                    });
                }
                Err(e) => {
                    failure = Some(VaultError::from(e));
                    break;
                }
            }
        }
        if !wiped.is_empty() {
            let at = now();
            self.store.write(|tx| {
                audit::append(
                    tx,
                    &at,
                    Action::FilesWiped,
                    "vault",
                    json!({ "bundles": wiped.iter().map(|w| w.bundle).collect::<Vec<_>>(), "forced": wiped.iter().filter(|w| w.receipt_id.is_none()).count() }),
                )?;
                Ok::<_, VaultError>(())
            })?;
        }
        if let Some(error) = failure {
            return Err(error);
        }
        Ok(FileWipeReport {
            wiped,
            kept,
            limits: limits.to_vec(),
        })
    }

    /// The panic action: destroys the vault in `dir` without needing the passphrase. The
    /// wrapped key goes first (the vault is unreadable from then on), then every file.
    /// Nothing is parsed: a damaged header is destroyed like a good one.
    pub fn destroy(dir: &Path) -> Result<DestroyReport, VaultError> {
        Vault::check_destroyable(dir)?;
        Ok(wipe::destroy_vault_dir(dir, HEADER_FILE)?)
    }

    /// Checks, by file names alone, that `dir` is a vault folder (it holds `vault.header`
    /// or `vault.db`), so that a mistyped path never wipes some other folder.
    pub fn check_destroyable(dir: &Path) -> Result<(), VaultError> {
        if !dir.is_dir() {
            return Err(VaultError::NoSuchFolder(dir.to_path_buf()));
        }
        let named = |name: &str| std::fs::symlink_metadata(dir.join(name)).is_ok();
        if named(HEADER_FILE) || named(DATABASE_FILE) {
            Ok(())
        } else {
            Err(VaultError::NotAVault(dir.to_path_buf()))
        }
    }
}
