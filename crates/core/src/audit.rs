//! The hash-chained audit log: every change to the vault appends one entry.
//!
//! Entry *n* stores SHA-256 over a canonical JSON of its sequence number, time, action,
//! subject, the digest of its payload, and the hash of entry *n−1*. The payload itself is
//! kept apart so that wiping can remove it while the chain still verifies. `meta.audit_head`
//! records the last sequence number and hash, so that removing entries from the tail is
//! detected too. See `docs/audit-log.md`.

use crate::crypto::digest::sha256_hex;
use crate::store::{AuditRow, Store, StoreError, Tx};

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
use crate::store::AUDIT_HEAD_KEY as HEAD_KEY;
use crate::store::Reads;

/// What is recorded; payloads never carry interview content, only identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    VaultCreated,
    PassphraseChanged,
    InterviewCreated,
    DraftUpdated,
    RevisionCreated,
    Sealed,
    TrustAdded,
    TrustRemoved,
    BundleExported,
    BundleImported,
    ReceiptImported,
    HqKeyExported,
    Wiped,
    FilesWiped,
    AttachmentAdded,
    AttachmentRemoved,
    Annotated,
    CorroborationDecided,
    ConsentChanged,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::VaultCreated => "vault_created",
            Action::PassphraseChanged => "passphrase_changed",
            Action::InterviewCreated => "interview_created",
            Action::DraftUpdated => "draft_updated",
            Action::RevisionCreated => "revision_created",
            Action::Sealed => "sealed",
            Action::TrustAdded => "trust_added",
            Action::TrustRemoved => "trust_removed",
            Action::BundleExported => "bundle_exported",
            Action::BundleImported => "bundle_imported",
            Action::ReceiptImported => "receipt_imported",
            Action::HqKeyExported => "hq_key_exported",
            Action::Wiped => "wiped",
            Action::FilesWiped => "files_wiped",
            Action::AttachmentAdded => "attachment_added",
            Action::AttachmentRemoved => "attachment_removed",
            Action::Annotated => "annotated",
            Action::CorroborationDecided => "corroboration_decided",
            Action::ConsentChanged => "consent_changed",
        }
    }
}

pub(crate) fn entry_hash(
    seq: i64,
    at: &str,
    action: &str,
    subject: &str,
    payload_digest: &str,
    prev: &str,
) -> String {
    /// The hashed object; fields in sorted key order, so serde writes the documented
    /// canonical text directly (no intermediate map).
    #[derive(serde::Serialize)]
    struct Canonical<'a> {
        action: &'a str,
        at: &'a str,
        format: &'a str,
        payload_sha256: &'a str,
        prev: &'a str,
        seq: i64,
        subject: &'a str,
    }
    let canonical = serde_json::to_vec(&Canonical {
        action,
        at,
        format: "fieldvault-audit/1",
        payload_sha256: payload_digest,
        prev,
        seq,
        subject,
    })
    .unwrap_or_default();
    sha256_hex(&canonical)
}

/// Appends one entry inside the caller's transaction.
pub fn append(
    tx: &mut Tx<'_>,
    at: &str,
    action: Action,
    subject: &str,
    payload: serde_json::Value,
) -> Result<(), StoreError> {
    append_text(tx, at, action, subject, payload.to_string())
}

/// [`append`] with the payload already written as JSON text (bulk import prepares it on
/// the parsing threads).
pub fn append_text(
    tx: &mut Tx<'_>,
    at: &str,
    action: Action,
    subject: &str,
    payload: String,
) -> Result<(), StoreError> {
    let (seq, prev) = match tx.last_audit()? {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let payload_digest = sha256_hex(payload.as_bytes());
    let hash = entry_hash(seq, at, action.as_str(), subject, &payload_digest, &prev);
    tx.append_audit(&AuditRow {
        seq,
        at: at.to_owned(),
        action: action.as_str().to_owned(),
        subject: subject.to_owned(),
        payload: Some(payload),
        payload_digest,
        prev_hash: prev,
        hash,
    })
}

/// The outcome of `log verify`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LogReport {
    pub entries: u64,
    pub wiped_payloads: u64,
    pub problems: Vec<String>,
}

impl LogReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Walks the chain from the first entry to the recorded head.
pub fn verify(store: &Store) -> Result<LogReport, StoreError> {
    let rows = store.audit_rows()?;
    let mut problems = Vec::new();
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1;
    let mut wiped_payloads = 0;
    for row in &rows {
        if row.seq != expected_seq {
            problems.push(format!(
                "entry {expected_seq}{}: missing (the next entry is {})",
                if row.seq > expected_seq + 1 {
                    format!(" to {}", row.seq - 1)
                } else {
                    String::new()
                },
                row.seq
            ));
        }
        if row.prev_hash != prev {
            problems.push(format!(
                "entry {}: does not follow the entry before it (chain broken)",
                row.seq
            ));
        }
        let recomputed = entry_hash(
            row.seq,
            &row.at,
            &row.action,
            &row.subject,
            &row.payload_digest,
            &row.prev_hash,
        );
        if recomputed != row.hash {
            problems.push(format!(
                "entry {}: changed after it was written (hash mismatch)",
                row.seq
            ));
        }
        match &row.payload {
            Some(payload) if sha256_hex(payload.as_bytes()) != row.payload_digest => {
                problems.push(format!("entry {}: payload changed after it was written", row.seq));
            }
            Some(_) => {}
            None => wiped_payloads += 1,
        }
        prev = row.hash.clone();
        expected_seq = row.seq + 1;
    }
    let head = store.meta(HEAD_KEY)?;
    let actual_head = rows.last().map(|r| format!("{}:{}", r.seq, r.hash));
    if head != actual_head {
        let recorded = head
            .as_deref()
            .and_then(|h| h.split(':').next())
            .unwrap_or("none");
        problems.push(format!(
            "the log ends at entry {} but the vault recorded entry {recorded} as the last (entries removed or added)",
            rows.last().map_or(0, |r| r.seq)
        ));
    }
    Ok(LogReport {
        entries: rows.len() as u64,
        wiped_payloads,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entry_hash_is_over_the_documented_canonical_json() {
        for (seq, subject) in [(1, "vault"), (42, "a\"b\\c\u{1}é한")] {
            let documented = json!({
                "format": "fieldvault-audit/1",
                "seq": seq,
                "at": "2026-11-28T03:00:00Z",
                "action": "sealed",
                "subject": subject,
                "payload_sha256": "ab",
                "prev": GENESIS,
            })
            .to_string();
            assert!(
                documented.starts_with("{\"action\":\"sealed\",\"at\":"),
                "{documented}"
            );
            assert_eq!(
                entry_hash(seq, "2026-11-28T03:00:00Z", "sealed", subject, "ab", GENESIS),
                sha256_hex(documented.as_bytes())
            );
        }
    }
}
