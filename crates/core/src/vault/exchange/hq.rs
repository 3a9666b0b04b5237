//! Headquarters import: decrypt, verify the device's signature, verify every hash,
//! validate every interview, then store the whole bundle in one transaction, or nothing;
//! answer with a receipt signed by headquarters and encrypted to the device.
//!
//! A bundle is streamed: one interview at a time is in memory, and the transaction is
//! committed only after the age stream has been authenticated to its last byte.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::Path;

use serde::Serialize;

pub use super::import_error::ImportError;
use crate::audit::{self, Action};
use crate::bundle::parts::{self, BundleFiles, LocateError};
use crate::bundle::{self, BundleError, BundleReader, Doc, Receipt, ReceiptEntry};
use crate::crypto::digest::sha256_hex;
use crate::crypto::seal::{AgeIdentity, AgeRecipient};
use crate::crypto::signing::{Fingerprint, PublicKey, SigningKey};
use crate::domain::{self, Lifecycle, Vocabulary};
use crate::store::Reads;
use crate::store::{BundleRow, HeldRevision, NewFlag, NewRevision, Store, StoreError, TrustedRow, Tx};

/// What importing one bundle did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// The bundle's file name (the parts' common name for a split bundle).
    pub file: String,
    /// How many files it came in: 1, or the number of its parts.
    pub parts: usize,
    pub bundle_id: String,
    pub device_label: String,
    pub device: String,
    pub sequence: u64,
    /// Revisions stored by this import.
    pub stored: usize,
    /// Revisions headquarters already held (sent again in a later bundle).
    pub already_held: usize,
    /// Revisions kept aside because headquarters lacks the revision each follows; they
    /// are not in the receipt, so the device keeps and sends them again.
    pub held_back: usize,
    /// Revisions held back by an earlier import that this one let into the archive.
    pub released: usize,
    /// Consent changes stored by this import (narrowings or withdrawals from the device).
    pub consent_changes: usize,
    /// What this import flagged for review (`hq review` lists every flag).
    pub flags: Vec<String>,
    /// True when this very bundle had been imported before: nothing was changed.
    pub already_imported: bool,
}

/// Bundles a device has made that headquarters has not seen.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub device: String,
    pub device_label: String,
    pub first_missing: u64,
    pub last_missing: u64,
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first_missing == self.last_missing {
            write!(
                f,
                "device {} ({}): bundle {} not received",
                self.device, self.device_label, self.first_missing
            )
        } else {
            write!(
                f,
                "device {} ({}): bundles {} to {} not received",
                self.device, self.device_label, self.first_missing, self.last_missing
            )
        }
    }
}

/// Headquarters' own keys, for one import.
pub struct HqKeys<'a> {
    pub signing: &'a SigningKey,
    pub age: &'a AgeIdentity,
    /// Where attachments are stored (the vault folder's `attachments/`); `None` refuses
    /// a bundle that carries any.
    pub attachments_dir: Option<&'a Path>,
}

/// The enrolled, not-removed device that signed with `key`, or an error naming the problem.
fn enrolled_device(store: &Store, key: &PublicKey) -> Result<TrustedRow, BundleError> {
    let fingerprint = key.fingerprint();
    match store.trusted_by_fingerprint(&fingerprint.hex()) {
        Ok(Some(row))
            if row.role == "field" && row.removed_at.is_none() && row.ssh_key == key.to_openssh() =>
        {
            Ok(row)
        }
        _ => Err(BundleError::unknown_signer(Doc::Bundle, key)),
    }
}

/// Imports one bundle, a file or (given any one of them) all its parts joined; writes
/// nothing unless every check passes.
pub fn import_bundle(
    store: &mut Store,
    keys: &HqKeys<'_>,
    vocabulary: &Vocabulary,
    path: &Path,
    now: &str,
) -> Result<(ImportReport, Option<Receipt>), ImportError> {
    let files = parts::locate(path).map_err(|e| match e {
        LocateError::Parts(e) => ImportError::Parts(e),
        LocateError::Io(path, source) => ImportError::Io { path, source },
    })?;
    let result = import_files(store, keys, vocabulary, &files, now);
    match result {
        // A stream that does not decrypt to its end, or whose start is not age, is told as
        // a joining fault when it was joined from parts.
        Err(ImportError::Bundle(source))
            if files.split
                && matches!(
                    source.kind(),
                    bundle::ErrorKind::Damaged | bundle::ErrorKind::NotABundle
                ) =>
        {
            Err(ImportError::PartsDoNotJoin {
                name: files.name.clone(),
                count: files.files.len(),
                source,
            })
        }
        other => other,
    }
}

fn import_files(
    store: &mut Store,
    keys: &HqKeys<'_>,
    vocabulary: &Vocabulary,
    files: &BundleFiles,
    now: &str,
) -> Result<(ImportReport, Option<Receipt>), ImportError> {
    let path = files.files[0].0.as_path();
    let mut device_row: Option<TrustedRow> = None;
    let mut removed: Option<TrustedRow> = None;
    let opened = BundleReader::open(BufReader::new(files.reader()), keys.age, |signer| {
        let result = enrolled_device(store, signer);
        match &result {
            Ok(row) => device_row = Some(row.clone()),
            Err(_) => {
                removed = store
                    .trusted_by_fingerprint(&signer.fingerprint().hex())
                    .ok()
                    .flatten()
            }
        }
        result.map(|_| ())
    });
    let mut reader = match (opened, removed) {
        (Err(_), Some(row)) if row.removed_at.is_some() => {
            return Err(ImportError::RemovedDevice {
                device: Fingerprint::from_hex(&row.fingerprint)
                    .map(|f| f.short())
                    .unwrap_or_default(),
                label: row.label,
                removed_on: row.removed_at.unwrap_or_default(),
            });
        }
        (opened, _) => opened?,
    };
    let device = device_row.ok_or_else(|| BundleError::unknown_signer(Doc::Bundle, reader.signer()))?;
    let manifest = reader.manifest().clone();
    let label = files.name.clone();
    let mut report = ImportReport {
        file: label.clone(),
        parts: if files.split { files.files.len() } else { 1 },
        bundle_id: manifest.bundle_id.clone(),
        device_label: device.label.clone(),
        device: Fingerprint::from_hex(&device.fingerprint)
            .map(|f| f.short())
            .unwrap_or_default(),
        sequence: manifest.sequence,
        stored: 0,
        already_held: 0,
        held_back: 0,
        released: 0,
        consent_changes: 0,
        flags: Vec::new(),
        already_imported: false,
    };
    if store.bundle(&manifest.bundle_id)?.is_some() {
        // Read to the end anyway, so that a damaged copy of a known bundle is reported.
        while reader.next_interview()?.is_some() {}
        reader.finish()?;
        report.already_imported = true;
        let receipt = receipt_for(store, &manifest, &device, keys, now)?;
        report.already_held = receipt.revisions.len();
        report.held_back = manifest.interviews.len() - receipt.revisions.len();
        return Ok((report, Some(receipt)));
    }
    let audit_chain = reader.audit_chain().map(<[u8]>::to_vec);
    let mut arrival = Arrival {
        device: &device,
        bundle_id: &manifest.bundle_id,
        now,
        refusal: None,
        listed: manifest
            .interviews
            .iter()
            .map(|e| e.revision_hash.clone())
            .collect(),
    };
    // Attachment files written for this bundle: removed if it is refused after all.
    let mut stored_files: Vec<std::path::PathBuf> = Vec::new();
    let written = store.write(|tx| -> Result<(), ImportError> {
        tx.insert_bundle(&BundleRow {
            bundle_id: manifest.bundle_id.clone(),
            device: device.fingerprint.clone(),
            sequence: manifest.sequence,
            created_at: manifest.created_at.clone(),
            file_name: Some(label.clone()),
            file_sha256: None,
            imported_at: Some(now.to_owned()),
            receipt_id: None,
        })?;
        if let (Some(chain), Some(summary)) = (&audit_chain, &manifest.audit) {
            compare_audit_chain(tx, &arrival, &mut report, chain, summary)?;
        }
        while let Some((entry, bytes)) = reader.next_interview()? {
            store_revision(tx, vocabulary, &mut arrival, &entry, &bytes, &mut report)?;
        }
        for entry in manifest.attachments.iter().flatten() {
            store_attachment(
                tx,
                &mut reader,
                keys,
                &device,
                entry,
                path,
                &mut stored_files,
                now,
            )?;
        }
        // Only an authenticated end of stream lets the transaction commit.
        reader.finish()?;
        audit::append(
            tx,
            now,
            Action::BundleImported,
            &manifest.bundle_id,
            serde_json::json!({
                "device": device.fingerprint,
                "sequence": manifest.sequence,
                "stored": report.stored,
                "held_back": report.held_back,
            }),
        )?;
        for change in manifest.consent_changes.iter().flatten() {
            store_consent_change(tx, &arrival, change, &mut report)?;
        }
        Ok(())
    });
    if let Err(error) = written {
        for file in &stored_files {
            let _ = crate::disk::wipe::wipe_file(file);
        }
        // Nothing of the bundle was stored, but a reviewer must still learn of the attempt.
        if let Some(refusal) = arrival.refusal.take() {
            store.write(|tx| {
                tx.raise_flag(&NewFlag {
                    kind: refusal.kind,
                    subject: &refusal.subject,
                    device: Some(&device.fingerprint),
                    bundle_id: Some(&manifest.bundle_id),
                    detail: &refusal.detail,
                    now,
                })
            })?;
        }
        return Err(error);
    }
    let receipt = receipt_for(store, &manifest, &device, keys, now)?;
    // Whatever of this bundle the archive does not hold is held back, however it came to be.
    report.held_back = manifest.interviews.len() - receipt.revisions.len();
    Ok((report, Some(receipt)))
}

/// Stores a consent change the device recorded, with its own audit entry. A change for an
/// interview another device recorded is not stored but flagged: only the device that
/// took a testimony (or headquarters itself) may narrow its consent.
fn store_consent_change(
    tx: &mut Tx<'_>,
    arrival: &Arrival<'_>,
    change: &bundle::ConsentChangeEntry,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let device = arrival.device.fingerprint.as_str();
    if let Some(Some(owner)) = tx.interview_owner(&change.interview_id)?
        && owner != device
    {
        let detail = format!(
            "{} sent a consent change for interview {} (code {:?}), which belongs to {}; it was not applied",
            device_name(tx, device),
            change.interview_id,
            change.code,
            device_name(tx, &owner),
        );
        tx.raise_flag(&NewFlag {
            kind: "foreign_consent_change",
            subject: &change.interview_id,
            device: Some(device),
            bundle_id: Some(arrival.bundle_id),
            detail: &detail,
            now: arrival.now,
        })?;
        report.flags.push(detail);
        return Ok(());
    }
    let row = crate::vault::consent::received_row(change, device);
    if tx.insert_consent_change(&row)? {
        report.consent_changes += 1;
        audit::append(
            tx,
            arrival.now,
            Action::ConsentChanged,
            &row.interview_id,
            serde_json::json!({
                "change": row.id,
                "device": device,
                "quote": row.quote,
                "share_with": row.share_with,
                "withdrawn": row.withdrawn,
            }),
        )?;
    }
    Ok(())
}

/// Stores one carried attachment as it is read from the bundle: encrypted into a new file
/// under a new key of headquarters' own as it streams, its bytes checked against the signed
/// manifest at the end, and recorded with the device and the device's id for it. One
/// already held from this device is checked and not stored again. One whose interview is
/// not in the archive (its revisions held back) is read and checked but not kept: the
/// device keeps it until a receipt covers its revisions.
#[allow(clippy::too_many_arguments)]
fn store_attachment<R: std::io::Read>(
    tx: &mut Tx<'_>,
    reader: &mut BundleReader<R>,
    keys: &HqKeys<'_>,
    device: &TrustedRow,
    entry: &bundle::AttachmentEntry,
    bundle_path: &Path,
    stored_files: &mut Vec<std::path::PathBuf>,
    now: &str,
) -> Result<(), ImportError> {
    use crate::crypto::chunked::{AttachmentKey, ChunkWriter};
    let held = tx.attachment_from(&device.fingerprint, &entry.id)?;
    let keep = held.is_none() && tx.has_interview(&entry.interview_id)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| ImportError::Io { path, source }
    };
    let mut target = None;
    if keep {
        let dir = keys.attachments_dir.ok_or_else(|| ImportError::Io {
            path: bundle_path.to_path_buf(),
            source: std::io::Error::other("this vault cannot store attachments here"),
        })?;
        let id_bytes = crate::crypto::random::random_array::<16>();
        let id = hex::encode(id_bytes);
        let key = AttachmentKey::generate();
        let partial = dir.join(format!(".{id}.partial"));
        let file = crate::disk::atomic::create_private(&partial).map_err(io(&partial))?;
        stored_files.push(partial.clone());
        let writer = ChunkWriter::new(file, &key, id_bytes).map_err(io(&partial))?;
        target = Some((id, key, partial, writer));
    }
    let mut sink = |piece: &[u8]| match &mut target {
        Some((_, _, _, writer)) => writer.write_all(piece),
        None => Ok(()),
    };
    reader
        .next_attachment(&mut sink)?
        .ok_or_else(|| BundleError::hostile(Doc::Bundle, format!("{} is missing", entry.file)))?;
    if let Some(held) = held {
        if held.sha256 != entry.sha256 {
            return Err(BundleError::Tampered {
                doc: Doc::Bundle,
                detail: format!(
                    "{} has other bytes than the attachment of the same id this device sent before",
                    entry.file
                ),
            }
            .into());
        }
        if held.removed_in != entry.removed_in {
            tx.set_attachment_removed(&held.id, entry.removed_in)?;
        }
        return Ok(());
    }
    let Some((id, key, partial, writer)) = target else {
        return Ok(());
    };
    let (file, _) = writer.finish().map_err(io(&partial))?;
    file.sync_all().map_err(io(&partial))?;
    let final_path = partial.with_file_name(&id);
    std::fs::rename(&partial, &final_path).map_err(io(&final_path))?;
    stored_files.push(final_path);
    tx.insert_attachment(&crate::store::AttachmentRow {
        id,
        interview_id: entry.interview_id.clone(),
        added_in: entry.added_in,
        removed_in: entry.removed_in,
        file_name: entry.name.clone(),
        media_type: entry.media_type.clone(),
        size: entry.size,
        sha256: entry.sha256.clone(),
        added_at: now.to_owned(),
        state: "complete".into(),
        key: Some(key.expose_secret().to_vec()),
        device: Some(device.fingerprint.clone()),
        origin_id: Some(entry.id.clone()),
    })?;
    Ok(())
}

/// What happened to one revision of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed {
    Stored,
    AlreadyHeld,
    /// Kept aside: headquarters lacks the revision it follows.
    HeldBack,
    /// Kept aside until the revision it follows, later in the same bundle, is stored.
    Waiting,
}

/// The bundle being imported, for the revisions in it.
struct Arrival<'a> {
    device: &'a TrustedRow,
    bundle_id: &'a str,
    now: &'a str,
    /// Set when the bundle is refused for something a reviewer must see even though
    /// nothing is stored: recorded after the rollback.
    refusal: Option<Refusal>,
    /// Every revision hash the manifest lists: a revision whose predecessor comes later
    /// in the same bundle waits for it without being reported as a gap.
    listed: std::collections::HashSet<String>,
}

struct Refusal {
    kind: &'static str,
    subject: String,
    detail: String,
}

/// One revision, checked against its own hash, ready to place in the archive.
struct Incoming {
    interview_id: String,
    number: u32,
    previous_hash: Option<String>,
    hash: String,
    record: domain::InterviewRecord,
}

/// A device as people know it: its label and the start of its fingerprint.
fn device_name(tx: &Tx<'_>, fingerprint: &str) -> String {
    let short = Fingerprint::from_hex(fingerprint)
        .map(|f| f.short())
        .unwrap_or_else(|_| fingerprint.to_owned());
    match tx.trusted_label(fingerprint).ok().flatten() {
        Some(label) => format!("device {short} ({label})"),
        None => format!("device {short}"),
    }
}

fn check_revision(
    vocabulary: &Vocabulary,
    entry: &bundle::ManifestEntry,
    bytes: &[u8],
) -> Result<Incoming, ImportError> {
    let mut records = domain::parse_interviews(&entry.file, bytes, vocabulary).map_err(|errors| {
        ImportError::InvalidInterview {
            file: entry.file.clone(),
            errors,
        }
    })?;
    if records.len() != 1 {
        return Err(ImportError::NotOneInterview {
            file: entry.file.clone(),
        });
    }
    let record = records.remove(0);
    if record.code() != entry.code {
        return Err(ImportError::CodeMismatch {
            file: entry.file.clone(),
            manifest_code: entry.code.clone(),
            file_code: record.code().to_owned(),
        });
    }
    if entry.revision == 1 && entry.previous_hash.is_some()
        || entry.revision > 1 && entry.previous_hash.is_none()
    {
        return Err(ImportError::PreviousRevisionClaim {
            file: entry.file.clone(),
            revision: entry.revision,
        });
    }
    let input = domain::revision_hash_input(
        &entry.interview_id,
        entry.revision,
        entry.previous_hash.as_deref(),
        &record,
    );
    if sha256_hex(&input) != entry.revision_hash {
        return Err(ImportError::HashMismatch {
            file: entry.file.clone(),
        });
    }
    Ok(Incoming {
        interview_id: entry.interview_id.clone(),
        number: entry.revision,
        previous_hash: entry.previous_hash.clone(),
        hash: entry.revision_hash.clone(),
        record,
    })
}

fn store_revision(
    tx: &mut Tx<'_>,
    vocabulary: &Vocabulary,
    arrival: &mut Arrival<'_>,
    entry: &bundle::ManifestEntry,
    bytes: &[u8],
    report: &mut ImportReport,
) -> Result<Placed, ImportError> {
    let incoming = check_revision(vocabulary, entry, bytes)?;
    tx.insert_bundle_revision(arrival.bundle_id, &entry.revision_hash)?;
    let placed = place_revision(tx, vocabulary, arrival, incoming, report)?;
    match placed {
        Placed::Stored => report.stored += 1,
        Placed::AlreadyHeld => report.already_held += 1,
        Placed::HeldBack => report.held_back += 1,
        Placed::Waiting => {}
    }
    Ok(placed)
}

/// Puts one checked revision into the archive, holds it back, or refuses the bundle.
fn place_revision(
    tx: &mut Tx<'_>,
    vocabulary: &Vocabulary,
    arrival: &mut Arrival<'_>,
    incoming: Incoming,
    report: &mut ImportReport,
) -> Result<Placed, ImportError> {
    let device_row: &TrustedRow = arrival.device;
    let device = device_row.fingerprint.as_str();
    let code = incoming.record.code().to_owned();
    if tx.holds_revision(&incoming.hash)? {
        tx.forget_held(&incoming.hash)?;
        return Ok(Placed::AlreadyHeld);
    }
    // An interview belongs to the device that first delivered it.
    let owner = tx.interview_owner(&incoming.interview_id)?;
    if let Some(Some(owner)) = &owner
        && owner != device
    {
        let detail = format!(
            "{} sent revision {} of interview {} (code {code:?}), which belongs to {}; only the device that recorded an interview may revise it",
            device_name(tx, device),
            incoming.number,
            incoming.interview_id,
            device_name(tx, owner),
        );
        arrival.refusal = Some(Refusal {
            kind: "foreign_revision",
            subject: incoming.interview_id.clone(),
            detail: detail.clone(),
        });
        return Err(ImportError::ForeignRevision {
            sender: device_name(tx, device),
            owner: device_name(tx, owner),
            revision: incoming.number,
            interview: incoming.interview_id.clone(),
            code,
        });
    }
    // Revision n follows the revision n-1 headquarters holds, or waits for it.
    if let Some(previous) = &incoming.previous_hash {
        match tx.revision_hash(&incoming.interview_id, incoming.number - 1)? {
            Some(Some(held)) if &held == previous => {}
            Some(_) => {
                let detail = format!(
                    "{} sent revision {} of interview {} (code {code:?}) following a revision {} that is not the one headquarters holds",
                    device_name(tx, device),
                    incoming.number,
                    incoming.interview_id,
                    incoming.number - 1,
                );
                arrival.refusal = Some(Refusal {
                    kind: "forked_revision",
                    subject: incoming.interview_id.clone(),
                    detail: detail.clone(),
                });
                return Err(ImportError::Forked {
                    sender: device_name(tx, device),
                    revision: incoming.number,
                    interview: incoming.interview_id.clone(),
                    code,
                });
            }
            None => {
                tx.hold_revision(
                    &HeldRevision {
                        revision_hash: incoming.hash.clone(),
                        interview_id: incoming.interview_id.clone(),
                        number: incoming.number,
                        previous_hash: incoming.previous_hash.clone(),
                        device: device.to_owned(),
                        bundle_id: arrival.bundle_id.to_owned(),
                        content: incoming.record.canonical_json(),
                    },
                    arrival.now,
                )?;
                if arrival.listed.contains(previous) {
                    // Its predecessor comes later in this bundle and will release it.
                    return Ok(Placed::Waiting);
                }
                let detail = format!(
                    "revision {} of interview {} (code {code:?}) from {} was held back: headquarters does not hold revision {} it follows; it enters the archive when that arrives, and the device keeps it until then",
                    incoming.number,
                    incoming.interview_id,
                    device_name(tx, device),
                    incoming.number - 1,
                );
                raise(
                    tx,
                    arrival,
                    report,
                    "held_revision",
                    &incoming.interview_id,
                    &detail,
                )?;
                return Ok(Placed::HeldBack);
            }
        }
    }
    // A sealed revision never changes: a second, different content under the same number
    // is a device fault or a forgery made with the device's key, never an update.
    if tx
        .revision_hash(&incoming.interview_id, incoming.number)?
        .is_some()
    {
        return Err(ImportError::AlreadyHoldsDifferent {
            revision: incoming.number,
            code,
        });
    }
    let latest = tx.latest_revision(&incoming.interview_id)?;
    match &latest {
        None => tx.insert_interview(&incoming.interview_id, &code, Some(device), arrival.now)?,
        Some(prev) if prev.number < incoming.number => tx.set_code(&incoming.interview_id, &code)?,
        Some(_) => {}
    }
    let rowid = tx.insert_revision(&NewRevision {
        interview_id: &incoming.interview_id,
        number: incoming.number,
        previous_hash: incoming.previous_hash.as_deref(),
        state: Lifecycle::Delivered,
        content: &incoming.record.canonical_json(),
        hash: Some(&incoming.hash),
        now: arrival.now,
        device: Some(device),
        bundle_id: Some(arrival.bundle_id),
    })?;
    tx.forget_held(&incoming.hash)?;
    // Search and analysis show the newest revision of each interview.
    let newest = match &latest {
        Some(prev) if prev.number > incoming.number => false,
        Some(prev) => {
            tx.unindex_revision(prev.rowid)?;
            tx.index_revision(rowid, &incoming.record.search_fields())?;
            true
        }
        None => {
            tx.index_revision(rowid, &incoming.record.search_fields())?;
            true
        }
    };
    if newest {
        let facts = domain::facts::InterviewFacts::of(incoming.record.interview());
        tx.set_facts(&incoming.interview_id, rowid, Some(device), &facts)?;
    }
    flag_duplicate_code(tx, arrival, report, &incoming.interview_id, &code)?;
    // A revision held back for this one can now follow it.
    if let Some(held) = tx.take_held_after(&incoming.interview_id, &incoming.hash)? {
        let records = domain::parse_interviews("held revision", held.content.as_bytes(), vocabulary)
            .map_err(ImportError::HeldNoLongerValid)?;
        let from_this_bundle = held.bundle_id == arrival.bundle_id;
        if let (Some(record), true) = (records.into_iter().next(), held.device == device) {
            let next = Incoming {
                interview_id: held.interview_id,
                number: held.number,
                previous_hash: held.previous_hash,
                hash: held.revision_hash,
                record,
            };
            if place_revision(tx, vocabulary, arrival, next, report)? == Placed::Stored {
                if from_this_bundle {
                    report.stored += 1;
                } else {
                    report.released += 1;
                }
            }
        }
    }
    Ok(Placed::Stored)
}

/// Compares the audit chain a device carried with the entries headquarters already holds
/// from it, keeps the new ones, and flags a log that was rewritten or is not one chain.
/// The bundle is stored either way: a broken log is a question for a person, not a
/// reason to leave testimonies on the laptop.
fn compare_audit_chain(
    tx: &mut Tx<'_>,
    arrival: &Arrival<'_>,
    report: &mut ImportReport,
    jsonl: &[u8],
    summary: &bundle::AuditSummary,
) -> Result<(), ImportError> {
    let device = arrival.device.fingerprint.clone();
    let entries = match crate::audit_chain::check(jsonl, summary.first, summary.entries, &summary.head) {
        Ok(entries) => entries,
        Err(reason) => {
            let detail = format!(
                "the audit log that {} carried is not one unbroken chain ({reason}); the bundle was stored, but ask how the log on the laptop was changed",
                device_name(tx, &device)
            );
            return raise(tx, arrival, report, "audit_chain_broken", &device, &detail);
        }
    };
    let held = tx.device_audit_len(&device)?;
    let Some(last) = entries.last().map(|e| e.seq) else {
        return Ok(());
    };
    let first = entries[0].seq;
    // The entries chain their hashes: if the carried entry at the last one held matches,
    // every entry before it matches too, and only the new ones need storing. Otherwise
    // find the first that differs (rare: a rewritten log).
    let carried_at = |seq: i64| &entries[(seq - first) as usize];
    let same_at = |tx: &Tx<'_>, seq: i64| -> Result<bool, ImportError> {
        Ok(tx.device_audit_hash(&device, seq)?.as_deref() == Some(carried_at(seq).hash.as_str()))
    };
    let overlap_end = held.min(last);
    let mut rewritten_from = None;
    if overlap_end >= first && !same_at(tx, overlap_end)? {
        let mut seq = first;
        while seq <= overlap_end && same_at(tx, seq)? {
            seq += 1;
        }
        rewritten_from = Some(seq);
    } else if last < held {
        rewritten_from = Some(last + 1);
    }
    if rewritten_from.is_none() {
        for entry in entries.iter().filter(|e| e.seq > held) {
            tx.keep_device_audit(&device, entry)?;
        }
    }
    if let Some(seq) = rewritten_from {
        let detail = format!(
            "the audit log of {} differs, from entry {seq}, from the log it sent before: entries headquarters already held were rewritten or removed; headquarters keeps the earlier copy",
            device_name(tx, &device)
        );
        raise(tx, arrival, report, "audit_chain_rewritten", &device, &detail)?;
    }
    Ok(())
}

/// Flags a code that interviews from more than one device now share. Both are kept.
fn flag_duplicate_code(
    tx: &mut Tx<'_>,
    arrival: &Arrival<'_>,
    report: &mut ImportReport,
    interview_id: &str,
    code: &str,
) -> Result<(), ImportError> {
    let sharing = tx.interview_ids_by_code(code)?;
    if sharing.len() < 2 || !sharing.iter().any(|(id, _)| id == interview_id) {
        return Ok(());
    }
    let holders = sharing
        .iter()
        .map(|(id, owner)| {
            let owner = owner.as_deref().map(|o| device_name(tx, o)).unwrap_or_default();
            format!("{id} from {owner}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    let detail = format!(
        "code {code:?} is used by {} interviews: {holders}. All are kept; refer to them by id and ask the devices' owners which code is meant",
        sharing.len()
    );
    raise(tx, arrival, report, "duplicate_code", code, &detail)
}

fn raise(
    tx: &mut Tx<'_>,
    arrival: &Arrival<'_>,
    report: &mut ImportReport,
    kind: &str,
    subject: &str,
    detail: &str,
) -> Result<(), ImportError> {
    tx.raise_flag(&NewFlag {
        kind,
        subject,
        device: Some(&arrival.device.fingerprint),
        bundle_id: Some(arrival.bundle_id),
        detail,
        now: arrival.now,
    })?;
    report.flags.push(detail.to_owned());
    Ok(())
}

/// The receipt names exactly the revisions of the bundle that the archive now holds, so
/// the device keeps (and sends again) anything held back.
fn receipt_for(
    store: &Store,
    manifest: &bundle::Manifest,
    device: &TrustedRow,
    keys: &HqKeys<'_>,
    now: &str,
) -> Result<Receipt, ImportError> {
    let mut revisions = Vec::with_capacity(manifest.interviews.len());
    for entry in &manifest.interviews {
        if store.holds_revision(&entry.revision_hash)? {
            revisions.push(ReceiptEntry::from(entry));
        }
    }
    Ok(Receipt {
        format: bundle::RECEIPT_FORMAT.to_owned(),
        receipt_id: uuid::Uuid::new_v4().to_string(),
        bundle_id: manifest.bundle_id.clone(),
        device: device.fingerprint.clone(),
        hq: keys.signing.public_key().fingerprint().hex(),
        sequence: manifest.sequence,
        received_at: now.to_owned(),
        revisions,
    })
}

/// The age recipient of an enrolled device, for encrypting its receipt.
pub fn device_recipient(store: &Store, device_hex: &str) -> Result<AgeRecipient, ImportError> {
    let row = store
        .trusted_by_fingerprint(device_hex)?
        .ok_or(ImportError::NotEnrolled)?;
    AgeRecipient::parse(&row.age_recipient).map_err(|e| ImportError::BadRecipient(e.to_string()))
}

/// Sequence numbers missing between 1 and the highest received, per device.
pub fn gaps(store: &Store) -> Result<Vec<Gap>, StoreError> {
    let labels: BTreeMap<String, String> = store
        .trusted()?
        .into_iter()
        .map(|r| (r.fingerprint, r.label))
        .collect();
    let mut seen: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for bundle in store.bundles()? {
        seen.entry(bundle.device).or_default().push(bundle.sequence);
    }
    let mut gaps = Vec::new();
    for (device, mut sequences) in seen {
        sequences.sort_unstable();
        sequences.dedup();
        let mut expected = 1;
        for s in sequences {
            if s > expected {
                gaps.push(Gap {
                    device: Fingerprint::from_hex(&device)
                        .map(|f| f.short())
                        .unwrap_or_else(|_| device.clone()),
                    device_label: labels.get(&device).cloned().unwrap_or_default(),
                    first_missing: expected,
                    last_missing: s - 1,
                });
            }
            expected = s + 1;
        }
    }
    Ok(gaps)
}

#[cfg(test)]
mod tests {
    //! Every file of the hostile corpus (`tests/data/hostile/`) through the whole import,
    //! with the corpus device enrolled: each is refused and headquarters' store is unchanged.

    use std::path::PathBuf;

    use base64::Engine;

    use super::*;
    use crate::secret::DatabaseKey;

    fn corpus() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/hostile")
    }

    fn secret_line(name: &str) -> String {
        std::fs::read_to_string(corpus().join("keys").join(name))
            .unwrap()
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .unwrap()
            .to_owned()
    }

    struct Hq {
        _dir: tempfile::TempDir,
        store: Store,
        signing: SigningKey,
        age: AgeIdentity,
    }

    fn hq() -> Hq {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::create(&dir.path().join("vault.db"), &DatabaseKey::from_bytes([7; 32])).unwrap();
        let pkcs8 = base64::engine::general_purpose::STANDARD
            .decode(
                std::fs::read_to_string(corpus().join("keys/hq.pkcs8.b64"))
                    .unwrap()
                    .trim(),
            )
            .unwrap();
        let device_ssh = std::fs::read_to_string(corpus().join("keys/device.pub")).unwrap();
        let device = PublicKey::from_openssh(device_ssh.trim()).unwrap();
        let device_age = AgeIdentity::from_secret_string(&secret_line("device.agekey")).unwrap();
        store
            .write(|tx| {
                tx.upsert_trusted(
                    &TrustedRow {
                        fingerprint: device.fingerprint().hex(),
                        role: "field".into(),
                        label: "corpus device".into(),
                        age_recipient: device_age.recipient().as_str().to_owned(),
                        ssh_key: device.to_openssh(),
                        added_at: "2026-11-28T00:00:00Z".into(),
                        removed_at: None,
                    },
                    "card",
                )
            })
            .unwrap();
        Hq {
            _dir: dir,
            store,
            signing: SigningKey::from_pkcs8(&pkcs8).unwrap(),
            age: AgeIdentity::from_secret_string(&secret_line("hq.agekey")).unwrap(),
        }
    }

    fn counts(store: &Store) -> (usize, usize, usize) {
        (
            store.list_latest(None).unwrap().len(),
            store.bundles().unwrap().len(),
            store.audit_rows().unwrap().len(),
        )
    }

    #[test]
    fn every_hostile_bundle_is_refused_and_changes_nothing() {
        let mut hq = hq();
        let vocabulary = Vocabulary::default();
        let mut tried = 0;
        for entry in std::fs::read_dir(corpus()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".bundle") || name == "valid.bundle" {
                continue;
            }
            let keys = HqKeys {
                signing: &hq.signing,
                age: &hq.age,
                attachments_dir: None,
            };
            let result = import_bundle(&mut hq.store, &keys, &vocabulary, &path, "2026-11-28T00:00:00Z");
            let error = result.err().unwrap_or_else(|| panic!("{name} was imported"));
            assert!(!error.to_string().is_empty(), "{name}");
            assert_eq!(counts(&hq.store), (0, 0, 0), "{name} changed the store");
            tried += 1;
        }
        assert!(tried >= 30, "the corpus shrank: {tried}");
        // The valid control imports, so the refusals above are not a broken setup.
        let keys = HqKeys {
            signing: &hq.signing,
            age: &hq.age,
            attachments_dir: None,
        };
        let (report, receipt) = import_bundle(
            &mut hq.store,
            &keys,
            &vocabulary,
            &corpus().join("valid.bundle"),
            "2026-11-28T00:00:00Z",
        )
        .unwrap();
        assert!(report.stored > 0);
        assert_eq!(receipt.unwrap().revisions.len(), report.stored);
    }

    /// Regression (found by tests/hostile_input.rs): a second, different revision 1 of an
    /// interview headquarters holds came out as "database error: UNIQUE constraint failed".
    #[test]
    fn a_different_content_under_a_held_revision_number_is_refused_clearly() {
        let mut hq = hq();
        let pkcs8 = base64::engine::general_purpose::STANDARD
            .decode(
                std::fs::read_to_string(corpus().join("keys/device.pkcs8.b64"))
                    .unwrap()
                    .trim(),
            )
            .unwrap();
        let device = SigningKey::from_pkcs8(&pkcs8).unwrap();
        let vocabulary = Vocabulary::default();
        let id = "00000000-0000-4000-8000-000000000001";
        let bundle = |narrative: &str, sequence: u64| {
            bundle_of(&hq, &device, sequence, &[&revision(id, 1, None, narrative)])
        };
        let first = bundle("The first account.", 1);
        let second = bundle("A different account under the same revision number.", 2);
        let keys = HqKeys {
            signing: &hq.signing,
            age: &hq.age,
            attachments_dir: None,
        };
        import_bundle(&mut hq.store, &keys, &vocabulary, &first, "2026-11-28T00:00:00Z").unwrap();
        let before = counts(&hq.store);
        let error = import_bundle(&mut hq.store, &keys, &vocabulary, &second, "2026-11-28T00:00:00Z")
            .err()
            .unwrap();
        assert!(
            matches!(error, ImportError::AlreadyHoldsDifferent { .. }),
            "{error}"
        );
        assert!(
            error.to_string().contains("already holds revision 1 of W26-0001"),
            "{error}"
        );
        assert_eq!(counts(&hq.store), before);
    }

    /// A field device enrolled at `hq`, with its own keys.
    fn enrolled(hq: &mut Hq, label: &str) -> SigningKey {
        let key = SigningKey::generate().unwrap();
        let public = key.public_key();
        hq.store
            .write(|tx| {
                tx.upsert_trusted(
                    &TrustedRow {
                        fingerprint: public.fingerprint().hex(),
                        role: "field".into(),
                        label: label.into(),
                        age_recipient: AgeIdentity::generate().recipient().as_str().to_owned(),
                        ssh_key: public.to_openssh(),
                        added_at: "2026-11-28T00:00:00Z".into(),
                        removed_at: None,
                    },
                    "card",
                )
            })
            .unwrap();
        key
    }

    /// One revision of interview `id`: the sample W26-0001 with `narrative`.
    struct Rev {
        item: crate::bundle::BundleItem,
        bytes: Vec<u8>,
    }

    fn revision(id: &str, number: u32, previous: Option<&str>, narrative: &str) -> Rev {
        let vocabulary = Vocabulary::default();
        let mut value: serde_json::Value =
            serde_json::from_slice(&std::fs::read(corpus().join("../samples/w26-0001.json")).unwrap())
                .unwrap();
        value["narrative"] = narrative.into();
        let bytes = serde_json::to_vec(&value).unwrap();
        let record = domain::parse_interviews("s.json", &bytes, &vocabulary)
            .unwrap()
            .remove(0);
        Rev {
            item: crate::bundle::BundleItem {
                interview_id: id.into(),
                code: record.code().into(),
                revision: number,
                previous_hash: previous.map(str::to_owned),
                revision_hash: sha256_hex(&domain::revision_hash_input(id, number, previous, &record)),
            },
            bytes,
        }
    }

    fn bundle_of(hq: &Hq, device: &SigningKey, sequence: u64, revs: &[&Rev]) -> PathBuf {
        bundle_with_log(hq, device, sequence, revs, None)
    }

    fn bundle_with_log(
        hq: &Hq,
        device: &SigningKey,
        sequence: u64,
        revs: &[&Rev],
        audit: Option<crate::audit_chain::CarriedChain>,
    ) -> PathBuf {
        let info = crate::bundle::BundleInfo {
            bundle_id: uuid::Uuid::new_v4(),
            sequence,
            created_at: jiff::Timestamp::now(),
            audit,
            consent_changes: Vec::new(),
        };
        let items: Vec<_> = revs.iter().map(|r| r.item.clone()).collect();
        let (out, _) = crate::bundle::write_bundle(
            Vec::new(),
            device,
            &[hq.age.recipient()],
            &info,
            &items,
            |i, _| Ok(revs[i].bytes.clone()),
        )
        .unwrap();
        let path = hq._dir.path().join(info.bundle_id.to_string());
        std::fs::write(&path, out).unwrap();
        path
    }

    fn import(hq: &mut Hq, path: &Path) -> Result<(ImportReport, Receipt), ImportError> {
        let keys = HqKeys {
            signing: &hq.signing,
            age: &hq.age,
            attachments_dir: None,
        };
        import_bundle(
            &mut hq.store,
            &keys,
            &Vocabulary::default(),
            path,
            "2026-11-28T00:00:00Z",
        )
        .map(|(report, receipt)| (report, receipt.unwrap()))
    }

    const ID: &str = "00000000-0000-4000-8000-00000000000a";

    /// Review finding 2: device B cannot revise an interview device A delivered.
    #[test]
    fn a_revision_from_another_device_is_refused_naming_both_devices() {
        let mut hq = hq();
        let a = enrolled(&mut hq, "laptop A");
        let b = enrolled(&mut hq, "laptop B");
        let first = revision(ID, 1, None, "The account as given.");
        {
            let path = bundle_of(&hq, &a, 1, &[&first]);
            import(&mut hq, &path)
        }
        .unwrap();
        let forged = revision(ID, 2, Some(&first.item.revision_hash), "A forged account.");
        let before = counts(&hq.store);
        let error = {
            let path = bundle_of(&hq, &b, 1, &[&forged]);
            import(&mut hq, &path)
        }
        .err()
        .unwrap();
        let text = error.to_string();
        assert!(matches!(error, ImportError::ForeignRevision { .. }), "{text}");
        assert!(text.contains("(laptop B) sent revision 2 of interview"), "{text}");
        assert!(
            text.contains("which belongs to device") && text.contains("(laptop A)"),
            "{text}"
        );
        // Nothing stored, the current text is still A's, and the attempt is flagged.
        assert_eq!(counts(&hq.store), before);
        let latest = hq.store.latest_revision(ID).unwrap().unwrap();
        assert_eq!(latest.number, 1);
        let flags = hq.store.review_flags().unwrap();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].kind, "foreign_revision");
        assert!(hq.store.search("forged", 10).unwrap().is_empty());
    }

    /// Review finding 2: revision n needs revision n-1; a gap is held back, not stored over,
    /// left out of the receipt, and enters the archive when its predecessor arrives.
    #[test]
    fn a_revision_whose_predecessor_is_missing_is_held_back_then_released() {
        let mut hq = hq();
        let a = enrolled(&mut hq, "laptop A");
        let first = revision(ID, 1, None, "The account as given.");
        let second = revision(ID, 2, Some(&first.item.revision_hash), "The account corrected.");
        let (report, receipt) = {
            let path = bundle_of(&hq, &a, 1, &[&second]);
            import(&mut hq, &path)
        }
        .unwrap();
        assert_eq!((report.stored, report.held_back), (0, 1));
        assert!(receipt.revisions.is_empty(), "a held revision is not receipted");
        assert!(hq.store.latest_revision(ID).unwrap().is_none());
        assert_eq!(hq.store.held_revisions().unwrap().len(), 1);
        assert_eq!(hq.store.review_flags().unwrap()[0].kind, "held_revision");

        let (report, receipt) = {
            let path = bundle_of(&hq, &a, 2, &[&first]);
            import(&mut hq, &path)
        }
        .unwrap();
        assert_eq!((report.stored, report.released), (1, 1));
        assert_eq!(receipt.revisions.len(), 1);
        assert_eq!(hq.store.latest_revision(ID).unwrap().unwrap().number, 2);
        assert!(hq.store.held_revisions().unwrap().is_empty());
        assert_eq!(hq.store.search("corrected", 10).unwrap().len(), 1);
    }

    /// A device's audit log with entries for `subjects`, carried from entry `from`.
    fn log_from(subjects: &[&str], from: i64) -> crate::audit_chain::CarriedChain {
        crate::audit_chain::testing::chain_of(subjects, from)
    }

    /// Bundles after a receipt carry the log from the last entry headquarters confirmed;
    /// a rewrite of what it already holds is still seen.
    #[test]
    fn a_log_carried_from_the_last_confirmed_entry_is_checked_against_the_copy_held() {
        let mut hq = hq();
        let a = enrolled(&mut hq, "laptop A");
        let log_flags =
            |report: &ImportReport| report.flags.iter().filter(|f| f.contains("audit log")).count();
        let rev = |n: u8| {
            revision(
                &format!("00000000-0000-4000-8000-0000000001{n:02}"),
                1,
                None,
                "An account.",
            )
        };
        let path = bundle_with_log(&hq, &a, 1, &[&rev(1)], Some(log_from(&["a", "b", "c"], 1)));
        assert_eq!(log_flags(&import(&mut hq, &path).unwrap().0), 0);
        let path = bundle_with_log(
            &hq,
            &a,
            2,
            &[&rev(2)],
            Some(log_from(&["a", "b", "c", "d", "e"], 3)),
        );
        assert_eq!(log_flags(&import(&mut hq, &path).unwrap().0), 0);
        let rewritten = log_from(&["a", "B", "c", "d", "e", "f"], 5);
        let path = bundle_with_log(&hq, &a, 3, &[&rev(3)], Some(rewritten));
        let (report, _) = import(&mut hq, &path).unwrap();
        assert_eq!(log_flags(&report), 1, "{:?}", report.flags);
    }

    /// A device's audit log with entries for `subjects`.
    fn log_of(subjects: &[&str]) -> crate::audit_chain::CarriedChain {
        crate::audit_chain::testing::chain_of(subjects, 1)
    }

    /// Review finding 10: the audit chain's head is signed and carried in each bundle, so
    /// headquarters sees when a laptop's log was rewritten after it had received it.
    #[test]
    fn a_rewritten_device_log_is_flagged_and_the_bundle_still_stored() {
        let mut hq = hq();
        let a = enrolled(&mut hq, "laptop A");
        let first = revision(ID, 1, None, "The account as given.");
        let path = bundle_with_log(&hq, &a, 1, &[&first], Some(log_of(&["one", "two"])));
        let log_flags = |report: &ImportReport| -> Vec<String> {
            report
                .flags
                .iter()
                .filter(|f| f.contains("audit log"))
                .cloned()
                .collect()
        };
        let (report, _) = import(&mut hq, &path).unwrap();
        assert!(log_flags(&report).is_empty(), "{:?}", report.flags);
        // The same log grown by one entry is fine.
        let other = revision("00000000-0000-4000-8000-00000000000b", 1, None, "Another.");
        let path = bundle_with_log(&hq, &a, 2, &[&other], Some(log_of(&["one", "two", "three"])));
        let (report, _) = import(&mut hq, &path).unwrap();
        assert!(log_flags(&report).is_empty(), "{:?}", report.flags);
        // Entry 2 rewritten (and every hash after it recomputed, as a forger would).
        let third = revision("00000000-0000-4000-8000-00000000000c", 1, None, "A third.");
        let path = bundle_with_log(
            &hq,
            &a,
            3,
            &[&third],
            Some(log_of(&["one", "TWO", "three", "four"])),
        );
        let (report, receipt) = import(&mut hq, &path).unwrap();
        assert_eq!(report.stored, 1);
        assert_eq!(receipt.revisions.len(), 1);
        assert!(
            report.flags.iter().any(|f| f.contains("from entry 2")),
            "{:?}",
            report.flags
        );
        let kinds: Vec<String> = hq
            .store
            .review_flags()
            .unwrap()
            .into_iter()
            .map(|f| f.kind)
            .filter(|k| k.starts_with("audit"))
            .collect();
        assert_eq!(kinds, ["audit_chain_rewritten"]);
        // A log cut short is flagged too.
        let fourth = revision("00000000-0000-4000-8000-00000000000d", 1, None, "A fourth.");
        let path = bundle_with_log(&hq, &a, 4, &[&fourth], Some(log_of(&["one"])));
        let (report, _) = import(&mut hq, &path).unwrap();
        assert!(!log_flags(&report).is_empty(), "{:?}", report.flags);
    }

    /// A bundle that lists a correction before the revision it corrects is not a gap.
    #[test]
    fn a_revision_before_its_predecessor_in_one_bundle_is_stored_without_a_flag() {
        let mut hq = hq();
        let a = enrolled(&mut hq, "laptop A");
        let first = revision(ID, 1, None, "The account as given.");
        let second = revision(ID, 2, Some(&first.item.revision_hash), "The account corrected.");
        let path = bundle_of(&hq, &a, 1, &[&second, &first]);
        let (report, receipt) = import(&mut hq, &path).unwrap();
        assert_eq!((report.stored, report.held_back, report.released), (2, 0, 0));
        assert_eq!(receipt.revisions.len(), 2);
        assert!(hq.store.review_flags().unwrap().is_empty());
        assert!(hq.store.held_revisions().unwrap().is_empty());
        assert_eq!(hq.store.latest_revision(ID).unwrap().unwrap().number, 2);
    }

    /// A revision n that follows a different revision n-1 than the one held is a fork.
    #[test]
    fn a_revision_following_a_different_predecessor_is_refused() {
        let mut hq = hq();
        let a = enrolled(&mut hq, "laptop A");
        let first = revision(ID, 1, None, "The account as given.");
        {
            let path = bundle_of(&hq, &a, 1, &[&first]);
            import(&mut hq, &path)
        }
        .unwrap();
        let other_first = revision(ID, 1, None, "Some other first revision.");
        let fork = revision(ID, 2, Some(&other_first.item.revision_hash), "A fork.");
        let error = {
            let path = bundle_of(&hq, &a, 2, &[&fork]);
            import(&mut hq, &path)
        }
        .err()
        .unwrap();
        assert!(
            error.to_string().contains("not the one headquarters holds"),
            "{error}"
        );
        assert_eq!(hq.store.review_flags().unwrap()[0].kind, "forked_revision");
        assert_eq!(hq.store.latest_revision(ID).unwrap().unwrap().number, 1);
    }

    /// Review finding 6: HQ named a removed device from the key inside a signature before
    /// verifying it, so anyone could make a seized laptop seem to be sending bundles.
    #[test]
    fn a_signature_that_does_not_verify_never_names_a_removed_device() {
        let mut hq = hq();
        let device = hq.store.trusted().unwrap().remove(0).fingerprint;
        hq.store
            .write(|tx| tx.remove_trusted(&device, "2026-11-29T00:00:00Z"))
            .unwrap();
        let keys = HqKeys {
            signing: &hq.signing,
            age: &hq.age,
            attachments_dir: None,
        };
        let vocabulary = Vocabulary::default();
        let forged = corpus().join("signed-in-receipt-namespace.bundle");
        let error = import_bundle(&mut hq.store, &keys, &vocabulary, &forged, "2026-11-29T00:00:00Z")
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("signature does not verify"), "{error}");
        assert!(!error.contains("removed"), "{error}");
        // A genuine signature by the removed device is named as such.
        let genuine = corpus().join("valid.bundle");
        let error = import_bundle(
            &mut hq.store,
            &keys,
            &vocabulary,
            &genuine,
            "2026-11-29T00:00:00Z",
        )
        .err()
        .unwrap()
        .to_string();
        assert!(error.contains("was removed from the enrolled devices"), "{error}");
    }

    #[test]
    fn a_validly_signed_bundle_with_an_invalid_interview_is_refused_whole() {
        let mut hq = hq();
        let keys = HqKeys {
            signing: &hq.signing,
            age: &hq.age,
            attachments_dir: None,
        };
        let path = corpus().join("invalid-interview-json.bundle");
        let error = import_bundle(
            &mut hq.store,
            &keys,
            &Vocabulary::default(),
            &path,
            "2026-11-28T00:00:00Z",
        )
        .err()
        .unwrap();
        assert!(error.to_string().contains("invalid interview"), "{error}");
        assert_eq!(counts(&hq.store), (0, 0, 0));
    }
}
