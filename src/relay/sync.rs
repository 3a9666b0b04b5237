//! `sync`: the handoff loop through a drop box, on an explicit command only.
//!
//! Field: every receipt waiting comes down and is applied as `receipt import` applies it,
//! and the bundles it covers are wiped from the vault folder's `outbox/`; then sealed
//! interviews are exported into the outbox (the same bundle `export` writes) and every
//! bundle still there goes up (again, if an earlier sync was cut short: the drop box keeps
//! one copy per name). Headquarters: every bundle waiting is fetched, imported with all the checks
//! of `import`, its receipt goes down to the device, and only then is the bundle
//! acknowledged (deleted from the drop box). A bundle refused at import stays on the drop
//! box and is reported. Any run can stop anywhere and be run again: nothing is marked
//! delivered that headquarters has not receipted, and nothing leaves the drop box that was
//! not imported.

use std::path::{Path, PathBuf};

use serde::Serialize;

use fieldvault_core::domain::Lifecycle;
use fieldvault_core::vault::{
    BundleFiles, Flow, IoAction, Role, Vault, VaultError, bundle_files, file_name_of, parse_part_name,
    write_atomic,
};

use super::client::{DropBoxClient, SyncError};
use super::protocol;

/// What a sync moved.
#[derive(Debug, Default, Serialize)]
pub struct SyncReport {
    /// Field: bundles written by the export this sync made first (0 or 1).
    pub exported: usize,
    /// Field: bundles sent up.
    pub sent: Vec<String>,
    /// Field: receipts applied; their interviews are delivered.
    pub receipts: Vec<String>,
    /// Field: revisions now confirmed delivered.
    pub delivered: Vec<String>,
    /// Headquarters: bundles fetched and imported.
    pub imported: Vec<String>,
    /// Headquarters: bundles refused at import (left on the drop box), with the reason.
    pub refused: Vec<(String, String)>,
}

impl SyncReport {
    /// Nothing moved.
    pub fn is_empty(&self) -> bool {
        self.exported == 0
            && self.sent.is_empty()
            && self.receipts.is_empty()
            && self.imported.is_empty()
            && self.refused.is_empty()
    }
}

/// Runs the vault's half: the field laptop's or headquarters'. What moved is in `report`
/// even when a fault stops the sync part way.
pub fn run(vault: &mut Vault, dropbox: &DropBoxClient, report: &mut SyncReport) -> Result<(), SyncError> {
    match vault.role() {
        Role::Field => field(vault, dropbox, report),
        Role::Headquarters => headquarters(vault, dropbox, report),
    }
}

/// A file problem on the laptop, in the catalogue's words.
fn io(action: IoAction, path: &Path) -> impl FnOnce(std::io::Error) -> SyncError + '_ {
    move |error| SyncError::Vault(VaultError::io(action, path, error))
}

/// The field laptop's half.
fn field(vault: &mut Vault, dropbox: &DropBoxClient, report: &mut SyncReport) -> Result<(), SyncError> {
    let outbox = vault.exchange_folder("outbox")?;
    for receipt in dropbox.receipts(vault)? {
        stop_if_cancelled(dropbox)?;
        let bytes = dropbox.fetch_receipt(vault, &receipt.name)?;
        // The receipt is encrypted to this laptop and signed by headquarters; it is applied
        // from a file in the vault folder, as `receipt import` applies one from a stick.
        let file = outbox.join(format!(".receipt-{}", receipt.name));
        write_atomic(&file, &bytes).map_err(io(IoAction::KeepInTransit, &file))?;
        let applied = vault.import_receipt(&file);
        let _ = std::fs::remove_file(&file);
        let applied = applied?;
        report.delivered.extend(applied.delivered);
        report.receipts.push(receipt.name.clone());
        dropbox.receipt_applied(vault, &receipt.name)?;
    }
    if !report.receipts.is_empty() {
        // Bundles a receipt now covers are no longer needed here.
        vault.wipe_exported(&outbox)?;
    }
    stop_if_cancelled(dropbox)?;
    // Sealed interviews, or consent changes that no bundle carries yet, go in a new bundle.
    if !vault.list(Some(Lifecycle::Sealed))?.is_empty() || vault.consent_changes_never_sent()? > 0 {
        vault.export_reporting(&outbox, &[], |_| {})?;
        report.exported = 1;
    }
    let bundles = bundles_in(&outbox)?;
    for files in &bundles {
        dropbox.watch().expect(files.len());
    }
    for files in bundles {
        let known = vault.exported_file_sha256(&files.name)?;
        dropbox.send_bundle_files(vault, &files.name, &files, known)?;
        report.sent.push(files.name);
    }
    Ok(())
}

fn stop_if_cancelled(dropbox: &DropBoxClient) -> Result<(), SyncError> {
    if dropbox.watch().is_cancelled() {
        Err(SyncError::Cancelled)
    } else {
        Ok(())
    }
}

/// Headquarters' half.
fn headquarters(
    vault: &mut Vault,
    dropbox: &DropBoxClient,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let inbox = vault.exchange_folder("inbox")?;
    let waiting = dropbox.bundles(vault)?;
    dropbox.watch().expect(waiting.iter().map(|item| item.size).sum());
    for item in waiting {
        stop_if_cancelled(dropbox)?;
        let path = inbox.join(&item.name);
        dropbox.fetch_bundle(vault, &item, &path)?;
        let receipts = vault.exchange_folder(&format!("inbox/receipts-{}", item.name))?;
        let outcome =
            vault.import_bundles_reporting(std::slice::from_ref(&path), Some(&receipts), |_| Flow::Continue);
        let _ = std::fs::remove_file(&path);
        let imported = match outcome {
            Ok(outcome) => outcome.results.into_iter().next().map(|(_, result)| result),
            Err(error) => Some(Err(error)),
        };
        match imported {
            Some(Ok(import)) => {
                if let Some(receipt) = &import.receipt {
                    let name = file_name_of(receipt);
                    let bytes = std::fs::read(receipt).map_err(io(IoAction::Read, receipt))?;
                    if protocol::is_name(&name) {
                        dropbox.send_receipt(vault, &item.device, &name, bytes)?;
                    }
                }
                dropbox.acknowledge(vault, &item)?;
                if !import.report.already_imported {
                    report.imported.push(item.name.clone());
                }
            }
            Some(Err(error)) if error.refuses_the_file() => {
                report.refused.push((item.name.clone(), error.to_string()))
            }
            Some(Err(error)) => {
                let _ = std::fs::remove_dir_all(&receipts);
                return Err(SyncError::Vault(error));
            }
            None => {}
        }
        let _ = std::fs::remove_dir_all(&receipts);
    }
    Ok(())
}

/// The finished bundles in the outbox (not `.partial` exports or receipts in transit): a
/// file, or the parts of a split bundle (checked complete; each goes up as one object
/// under the parts' common name, so headquarters fetches the bundle as one file).
fn bundles_in(dir: &Path) -> Result<Vec<BundleFiles>, SyncError> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.is_file());
    paths.sort();
    let mut bundles: Vec<BundleFiles> = Vec::new();
    for path in paths {
        let name = file_name_of(&path);
        let part_of = parse_part_name(&name).map(|part| part.base);
        let whole = protocol::is_name(&name);
        let a_part = part_of.as_deref().is_some_and(protocol::is_name);
        if !(whole || a_part)
            || bundles
                .iter()
                .any(|b| b.split && Some(&b.name) == part_of.as_ref())
        {
            continue;
        }
        bundles.push(bundle_files(&path)?);
    }
    Ok(bundles)
}
