//! Wiping bundle files from a stick after headquarters confirmed them, and the panic
//! `destroy` of a whole vault. The deleting itself is `crate::disk::wipe`'s; this module decides
//! what may be deleted: never a bundle that no receipt covers, unless forced. A bundle
//! split into parts is judged as one (its parts joined must be what was exported) and
//! wiped whole: every part goes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use super::error::{IoAction, NotCovered};
use super::{DATABASE_FILE, HEADER_FILE, Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::bundle::parts::{self, BundleFiles};
use crate::crypto::digest::sha256_reader;
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
#[derive(Clone)]
enum Verdict {
    /// One of our bundles, confirmed by a receipt.
    Covered { sequence: u64, receipt_id: String },
    /// Why it is not covered (overridden only by `--force`).
    Uncovered { sequence: Option<u64>, why: NotCovered },
}

/// The bundle a regular file on the stick belongs to: the file itself, or all the parts of
/// a split bundle when it is one of them. Parts that are not all there are judged by the
/// given file alone (whose hash then cannot match: it is kept unless forced).
fn bundle_of(path: &Path) -> Result<BundleFiles, VaultError> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| VaultError::io(IoAction::Read, path, e))?;
    if !meta.is_file() {
        return Err(VaultError::NotABundleFile(path.to_path_buf()));
    }
    let name = crate::disk::atomic::file_name_of(path);
    let parts_of = parts::parse_part_name(&name).map(|part| part.base);
    if let Some(found) = parts_of.as_ref().and_then(|_| parts::locate(path).ok()) {
        let regular = found
            .paths()
            .all(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()));
        if regular {
            return Ok(found);
        }
    }
    Ok(BundleFiles {
        split: parts_of.is_some(),
        name: parts_of.unwrap_or(name),
        files: vec![(path.to_path_buf(), meta.len())],
    })
}

impl Vault {
    fn verdict(&self, files: &BundleFiles) -> Result<Verdict, VaultError> {
        let Some(bundle) = self.store.bundle_by_file_name(&files.name)? else {
            return Ok(Verdict::Uncovered {
                sequence: None,
                why: NotCovered::NotOurs,
            });
        };
        let first = &files.files[0].0;
        let actual = sha256_reader(files.reader())
            .map(|(h, _)| hex::encode(h))
            .map_err(|e| VaultError::io(IoAction::Read, first, e))?;
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

    /// Wipes bundle files; a part of a split bundle stands for all its parts. Every path
    /// is checked first; without `force`, any file that no receipt covers stops the whole
    /// command before anything is wiped.
    pub fn wipe_files(&mut self, paths: &[PathBuf], force: bool) -> Result<FileWipeReport, VaultError> {
        let mut plan = Vec::new();
        let mut planned = BTreeSet::new();
        for path in paths {
            if planned.contains(path) {
                continue;
            }
            let files = bundle_of(path)?;
            let verdict = self.verdict(&files)?;
            if let Verdict::Uncovered { why, .. } = &verdict
                && !force
            {
                return Err(VaultError::NotCovered {
                    path: path.clone(),
                    why: why.clone(),
                });
            }
            for file in files.paths() {
                if planned.insert(file.to_path_buf()) {
                    plan.push((file.to_path_buf(), verdict.clone()));
                }
            }
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
        let mut seen = BTreeSet::new();
        for path in paths {
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_file() => {}
                _ => continue,
            }
            if seen.contains(&path) {
                continue;
            }
            let files = bundle_of(&path)?;
            let files: Vec<PathBuf> = match self.verdict(&files)? {
                Verdict::Uncovered { sequence: None, .. } => vec![path],
                Verdict::Uncovered { why, .. } => {
                    let group: Vec<PathBuf> = files.paths().map(Path::to_path_buf).collect();
                    kept.extend(group.iter().map(|path| KeptFile {
                        path: path.clone(),
                        reason: why.to_string(),
                    }));
                    group
                }
                covered => {
                    let group: Vec<PathBuf> = files.paths().map(Path::to_path_buf).collect();
                    plan.extend(group.iter().map(|path| (path.clone(), covered.clone())));
                    group
                }
            };
            seen.extend(files);
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
