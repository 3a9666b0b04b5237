//! Headquarters import: decrypt, verify the device's signature, verify every hash,
//! validate every interview, then store the whole bundle in one transaction, or nothing;
//! answer with a receipt signed by headquarters and encrypted to the device.
//!
//! A bundle is streamed: one interview at a time is in memory, and the transaction is
//! committed only after the age stream has been authenticated to its last byte.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use serde::Serialize;

use crate::audit::{self, Action};
use crate::bundle::{self, BundleError, BundleReader, Doc, Receipt, ReceiptEntry};
use crate::crypto::digest::sha256_hex;
use crate::crypto::seal::{AgeIdentity, AgeRecipient};
use crate::crypto::signing::{Fingerprint, PublicKey, SigningKey};
use crate::domain::{self, Lifecycle, Vocabulary};
use crate::store::{BundleRow, NewRevision, Store, StoreError, TrustedRow, Tx};

/// What importing one bundle did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub bundle_id: String,
    pub device_label: String,
    pub device: String,
    pub sequence: u64,
    /// Revisions stored by this import.
    pub stored: usize,
    /// Revisions headquarters already held (sent again in a later bundle).
    pub already_held: usize,
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

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Bundle(#[from] BundleError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
}

/// Headquarters' own keys, for one import.
pub struct HqKeys<'a> {
    pub signing: &'a SigningKey,
    pub age: &'a AgeIdentity,
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

/// Imports one bundle file; writes nothing unless every check passes.
pub fn import_bundle(
    store: &mut Store,
    keys: &HqKeys<'_>,
    vocabulary: &Vocabulary,
    path: &Path,
    now: &str,
) -> Result<(ImportReport, Option<Receipt>), ImportError> {
    let file = File::open(path).map_err(|e| ImportError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut device_row: Option<TrustedRow> = None;
    let mut removed: Option<TrustedRow> = None;
    let opened = BundleReader::open(BufReader::new(file), keys.age, |signer| {
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
            return Err(ImportError::Invalid(format!(
                "the bundle is signed by device {} ({}), which was removed from the enrolled devices on {}; it is refused",
                Fingerprint::from_hex(&row.fingerprint)
                    .map(|f| f.short())
                    .unwrap_or_default(),
                row.label,
                row.removed_at.unwrap_or_default()
            )));
        }
        (opened, _) => opened?,
    };
    let device = device_row.ok_or_else(|| BundleError::unknown_signer(Doc::Bundle, reader.signer()))?;
    let manifest = reader.manifest().clone();
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut report = ImportReport {
        file: label.clone(),
        bundle_id: manifest.bundle_id.clone(),
        device_label: device.label.clone(),
        device: Fingerprint::from_hex(&device.fingerprint)
            .map(|f| f.short())
            .unwrap_or_default(),
        sequence: manifest.sequence,
        stored: 0,
        already_held: 0,
        already_imported: false,
    };
    if store.bundle(&manifest.bundle_id)?.is_some() {
        // Read to the end anyway, so that a damaged copy of a known bundle is reported.
        while reader.next_interview()?.is_some() {}
        reader.finish()?;
        report.already_imported = true;
        report.already_held = manifest.interviews.len();
        return Ok((report, Some(receipt_for(&manifest, &device, keys, now))));
    }
    store.write(|tx| -> Result<(), ImportError> {
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
        while let Some((entry, bytes)) = reader.next_interview()? {
            store_revision(tx, vocabulary, &device, &manifest.bundle_id, &entry, &bytes, now, &mut report)?;
        }
        // Only an authenticated end of stream lets the transaction commit.
        reader.finish()?;
        audit::append(
            tx,
            now,
            Action::BundleImported,
            &manifest.bundle_id,
            serde_json::json!({ "device": device.fingerprint, "sequence": manifest.sequence, "stored": report.stored }),
        )?;
        Ok(())
    })?;
    Ok((report, Some(receipt_for(&manifest, &device, keys, now))))
}

#[allow(clippy::too_many_arguments)]
fn store_revision(
    tx: &mut Tx<'_>,
    vocabulary: &Vocabulary,
    device: &TrustedRow,
    bundle_id: &str,
    entry: &bundle::ManifestEntry,
    bytes: &[u8],
    now: &str,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let mut records = domain::parse_interviews(&entry.file, bytes, vocabulary)
        .map_err(|e| ImportError::Invalid(format!("the bundle holds an invalid interview: {e}")))?;
    if records.len() != 1 {
        return Err(ImportError::Invalid(format!(
            "{} must hold exactly one interview",
            entry.file
        )));
    }
    let record = records.remove(0);
    if record.code() != entry.code {
        return Err(ImportError::Invalid(format!(
            "{}: the manifest says code {:?} but the file says {:?}",
            entry.file,
            entry.code,
            record.code()
        )));
    }
    let input = domain::revision_hash_input(
        &entry.interview_id,
        entry.revision,
        entry.previous_hash.as_deref(),
        &record,
    );
    if sha256_hex(&input) != entry.revision_hash {
        return Err(ImportError::Invalid(format!(
            "{}: the revision hash does not match its content; the bundle was made wrongly or altered before signing",
            entry.file
        )));
    }
    tx.insert_bundle_revision(bundle_id, &entry.revision_hash)?;
    if tx.revision_by_hash(&entry.revision_hash)?.is_some() {
        report.already_held += 1;
        return Ok(());
    }
    match tx.interview_id_by_code(record.code())? {
        Some(existing) if existing != entry.interview_id => {
            return Err(ImportError::Conflict(format!(
                "code {:?} already belongs to another interview in the archive; the device must use a new code (nothing was imported)",
                record.code()
            )));
        }
        Some(_) => {}
        None => {
            if tx.interview_exists(&entry.interview_id)? {
                tx.set_code(&entry.interview_id, record.code())?;
            } else {
                tx.insert_interview(&entry.interview_id, record.code(), now)?;
            }
        }
    }
    // A sealed revision never changes: a second, different content under the same number
    // is a device fault or a forgery made with the device's key, never an update.
    if tx.revision_hash(&entry.interview_id, entry.revision)?.is_some() {
        return Err(ImportError::Conflict(format!(
            "{}: headquarters already holds revision {} of {} with different content; a sealed revision never changes, so this bundle was refused and nothing was imported (ask the device's owner how this bundle was made)",
            entry.file, entry.revision, entry.code
        )));
    }
    let latest = tx.latest_revision(&entry.interview_id)?;
    let rowid = tx.insert_revision(&NewRevision {
        interview_id: &entry.interview_id,
        number: entry.revision,
        previous_hash: entry.previous_hash.as_deref(),
        state: Lifecycle::Delivered,
        content: &record.canonical_json(),
        hash: Some(&entry.revision_hash),
        now,
        device: Some(&device.fingerprint),
        bundle_id: Some(bundle_id),
    })?;
    // Search shows the newest revision of each interview.
    match latest {
        Some(prev) if prev.number > entry.revision => {}
        Some(prev) => {
            tx.unindex_revision(prev.rowid)?;
            tx.index_revision(rowid, &record.search_fields())?;
        }
        None => tx.index_revision(rowid, &record.search_fields())?,
    }
    report.stored += 1;
    Ok(())
}

fn receipt_for(manifest: &bundle::Manifest, device: &TrustedRow, keys: &HqKeys<'_>, now: &str) -> Receipt {
    Receipt {
        format: bundle::RECEIPT_FORMAT.to_owned(),
        receipt_id: uuid::Uuid::new_v4().to_string(),
        bundle_id: manifest.bundle_id.clone(),
        device: device.fingerprint.clone(),
        hq: keys.signing.public_key().fingerprint().hex(),
        sequence: manifest.sequence,
        received_at: now.to_owned(),
        revisions: manifest.interviews.iter().map(ReceiptEntry::from).collect(),
    }
}

/// The age recipient of an enrolled device, for encrypting its receipt.
pub fn device_recipient(store: &Store, device_hex: &str) -> Result<AgeRecipient, ImportError> {
    let row = store
        .trusted_by_fingerprint(device_hex)?
        .ok_or_else(|| ImportError::Conflict("the device is no longer enrolled".into()))?;
    AgeRecipient::parse(&row.age_recipient).map_err(|e| ImportError::Invalid(e.to_string()))
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
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile")
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
        use crate::bundle::{BundleInfo, BundleItem, write_bundle};
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
            let mut value: serde_json::Value =
                serde_json::from_slice(&std::fs::read(corpus().join("../samples/w26-0001.json")).unwrap())
                    .unwrap();
            value["narrative"] = narrative.into();
            let bytes = serde_json::to_vec(&value).unwrap();
            let record = domain::parse_interviews("s.json", &bytes, &vocabulary)
                .unwrap()
                .remove(0);
            let item = BundleItem {
                interview_id: id.into(),
                code: record.code().into(),
                revision: 1,
                previous_hash: None,
                revision_hash: sha256_hex(&domain::revision_hash_input(id, 1, None, &record)),
            };
            let info = BundleInfo {
                bundle_id: uuid::Uuid::new_v4(),
                sequence,
                created_at: jiff::Timestamp::now(),
            };
            let (out, _) = write_bundle(
                Vec::new(),
                &device,
                &[hq.age.recipient()],
                &info,
                &[item],
                |_, _| Ok(bytes.clone()),
            )
            .unwrap();
            let path = hq._dir.path().join(format!("{sequence}.bundle"));
            std::fs::write(&path, out).unwrap();
            path
        };
        let first = bundle("The first account.", 1);
        let second = bundle("A different account under the same revision number.", 2);
        let keys = HqKeys {
            signing: &hq.signing,
            age: &hq.age,
        };
        import_bundle(&mut hq.store, &keys, &vocabulary, &first, "2026-11-28T00:00:00Z").unwrap();
        let before = counts(&hq.store);
        let error = import_bundle(&mut hq.store, &keys, &vocabulary, &second, "2026-11-28T00:00:00Z")
            .err()
            .unwrap();
        assert!(matches!(error, ImportError::Conflict(_)), "{error}");
        assert!(
            error.to_string().contains("already holds revision 1 of W26-0001"),
            "{error}"
        );
        assert_eq!(counts(&hq.store), before);
    }

    #[test]
    fn a_validly_signed_bundle_with_an_invalid_interview_is_refused_whole() {
        let mut hq = hq();
        let keys = HqKeys {
            signing: &hq.signing,
            age: &hq.age,
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
