//! The signed documents: a bundle's `manifest.json` and a receipt's `receipt.json`.
//!
//! Why this exists: the manifest is the one thing a device signs about a bundle, so it must
//! list everything that matters (which revisions, which exact bytes, for whom, in which
//! order) and have exactly one byte form, so that the signature can be checked with
//! `ssh-keygen` over the raw file. The receipt is headquarters' signed statement of which
//! exact revisions it holds; the laptop wipes nothing that a receipt does not name.
//!
//! Both are canonical JSON (sorted keys, compact; [`crate::domain::canonical`]). Parsing
//! reads `format` first, so a newer file gets "update fieldvault" rather than a shape error;
//! then refuses unknown fields, any byte form other than the canonical one, and every
//! malformed or duplicated value. Error details name fields, never their values.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::limits::{
    MAX_AUDIT_BYTES, MAX_BUNDLE_BYTES, MAX_ID_BYTES, MAX_INTERVIEW_BYTES, MAX_INTERVIEWS, MAX_RECIPIENTS,
};
use super::{BUNDLE_FORMAT, BUNDLE_FORMAT_V1, BundleError, Doc, RECEIPT_FORMAT};
use crate::crypto::seal::AgeRecipient;
use crate::domain::canonical::to_canonical_string;
use crate::domain::validate::is_valid_code;

/// A bundle's `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    /// A random UUID (lowercase, hyphenated).
    pub bundle_id: String,
    /// The signing device's key fingerprint, 64 lowercase hex digits.
    pub device: String,
    /// Per device, 1 for its first bundle, then 2, 3...
    pub sequence: u64,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
    /// The age recipients (`age1…`) the bundle is encrypted to.
    pub recipients: Vec<String>,
    /// The interview files, in archive order.
    pub interviews: Vec<ManifestEntry>,
    /// Format 2: the device's audit chain, carried in `audit.jsonl` right after the
    /// signature. Absent in format 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditSummary>,
    /// Format 2: the attachments of the interviews carried (audio, photos, documents),
    /// in archive order after the interview files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<AttachmentEntry>>,
    /// Format 2: narrowings and withdrawals of interviewees' consent recorded on the
    /// device and not yet confirmed by a receipt. A bundle may carry only these (no
    /// interview), for an interview already wiped from the laptop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_changes: Option<Vec<ConsentChangeEntry>>,
}

/// One consent change in a bundle: an interviewee narrowed or withdrew what they allowed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentChangeEntry {
    /// A random UUID (lowercase, hyphenated), the same at headquarters.
    pub id: String,
    pub interview_id: String,
    pub code: String,
    /// The newest sealed revision the device held when the change was recorded (`null`:
    /// none was sealed).
    pub revision_hash: Option<String>,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
    /// The quoting now allowed (`no`, `anonymised`, `named`); `null`: unchanged.
    pub quote: Option<String>,
    /// The audiences now allowed; `null`: unchanged.
    pub share_with: Option<Vec<String>>,
    /// Consent withdrawn altogether.
    pub withdrawn: bool,
    /// The interviewer's note (at most 4,000 bytes); `null`: none.
    pub note: Option<String>,
}

/// The longest note a consent change carries.
pub const MAX_CONSENT_NOTE_BYTES: usize = 4000;

/// The audit chain carried in a format 2 bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSummary {
    /// Number of entries (lines) in `audit.jsonl`.
    pub entries: u64,
    /// Sequence number of the first entry carried: 1 for the whole log, later when the
    /// entries before it reached headquarters in an earlier bundle (0 for an empty log).
    pub first: u64,
    /// Hash of the last entry (64 zeros for an empty log).
    pub head: String,
    /// Always `audit.jsonl`.
    pub file: String,
    pub sha256: String,
    pub size: u64,
}

/// The archive name of the carried audit chain.
pub const AUDIT_FILE_NAME: &str = "audit.jsonl";

/// One interview revision in a bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    pub interview_id: String,
    pub code: String,
    pub revision: u32,
    /// `null` exactly for revision 1.
    pub previous_hash: Option<String>,
    pub revision_hash: String,
    /// `interviews/<revision_hash>.json`.
    pub file: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// The file's length in bytes.
    pub size: u64,
}

/// One attachment in a bundle: the original bytes as `attachments/<id>`, and the chain
/// of custody the device recorded for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentEntry {
    /// The device's attachment id: 32 lowercase hex digits.
    pub id: String,
    /// The interview it belongs to (one of the bundle's interviews).
    pub interview_id: String,
    /// The revision that added it, and the one that removed it (`null`: none did).
    pub added_in: u32,
    pub removed_in: Option<u32>,
    /// The original file name, as the device recorded it.
    pub name: String,
    /// The media type sniffed from the bytes on the device.
    pub media_type: String,
    /// When the device stored it, `YYYY-MM-DDTHH:MM:SSZ` or with fractions of a second.
    pub added_at: String,
    /// `attachments/<id>`.
    pub file: String,
    /// SHA-256 of the original bytes, lowercase hex.
    pub sha256: String,
    pub size: u64,
}

/// The archive name of an attachment.
pub fn attachment_file_name(id: &str) -> String {
    format!("attachments/{id}")
}

/// A receipt's `receipt.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// Always [`RECEIPT_FORMAT`].
    pub format: String,
    pub receipt_id: String,
    /// The bundle this receipt answers.
    pub bundle_id: String,
    /// The device that made the bundle (fingerprint hex).
    pub device: String,
    /// The headquarters key that signs this receipt (fingerprint hex).
    pub hq: String,
    /// The bundle's sequence number.
    pub sequence: u64,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub received_at: String,
    /// The revisions HQ holds safely.
    pub revisions: Vec<ReceiptEntry>,
}

/// One revision acknowledged by a receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptEntry {
    pub interview_id: String,
    pub code: String,
    pub revision: u32,
    pub revision_hash: String,
}

impl From<&ManifestEntry> for ReceiptEntry {
    fn from(e: &ManifestEntry) -> Self {
        ReceiptEntry {
            interview_id: e.interview_id.clone(),
            code: e.code.clone(),
            revision: e.revision,
            revision_hash: e.revision_hash.clone(),
        }
    }
}

/// The archive name of an interview file.
pub fn interview_file_name(revision_hash: &str) -> String {
    format!("interviews/{revision_hash}.json")
}

fn canonical<T: Serialize>(value: &T) -> Vec<u8> {
    let v = serde_json::to_value(value).expect("plain structs always serialize");
    to_canonical_string(&v).into_bytes()
}

impl Manifest {
    /// The exact bytes of `manifest.json` (and of what is signed).
    pub fn to_canonical_bytes(&self) -> Vec<u8> {
        canonical(self)
    }

    /// Parses and checks `manifest.json`. Call only on bytes whose signature was verified.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, BundleError> {
        let m: Manifest = parse_document(bytes, Doc::Bundle)?;
        m.validate()
            .map_err(|d| BundleError::hostile(Doc::Bundle, format!("manifest.json: {d}")))?;
        Ok(m)
    }

    /// Every rule of the format except the canonical byte form; the reason names a field.
    pub fn validate(&self) -> Result<(), String> {
        match (
            self.format.as_str(),
            &self.audit,
            &self.attachments,
            &self.consent_changes,
        ) {
            (BUNDLE_FORMAT_V1, None, None, None) => {}
            (BUNDLE_FORMAT_V1, ..) => {
                return Err("audit, attachments and consent_changes do not exist in format 1".into());
            }
            (BUNDLE_FORMAT, Some(audit), Some(_), Some(_)) => {
                check_hex("audit.head", &audit.head)?;
                if (audit.entries == 0) != (audit.first == 0) {
                    return Err("audit.first is 0 exactly when no entry is carried".into());
                }
                check_hex("audit.sha256", &audit.sha256)?;
                if audit.file != AUDIT_FILE_NAME {
                    return Err(format!("audit.file is not {AUDIT_FILE_NAME}"));
                }
                if audit.size > MAX_AUDIT_BYTES {
                    return Err(format!("audit.size is over the limit of {MAX_AUDIT_BYTES} bytes"));
                }
            }
            (BUNDLE_FORMAT, ..) => {
                return Err("audit, attachments and consent_changes are required in format 2".into());
            }
            _ => return Err(format!("format is not {BUNDLE_FORMAT}")),
        }
        check_uuid("bundle_id", &self.bundle_id)?;
        check_hex("device", &self.device)?;
        check_sequence(self.sequence)?;
        check_timestamp("created_at", &self.created_at)?;
        if self.recipients.is_empty() || self.recipients.len() > MAX_RECIPIENTS {
            return Err(format!(
                "recipients must list 1 to {MAX_RECIPIENTS} keys, not {}",
                self.recipients.len()
            ));
        }
        let mut seen = HashSet::new();
        for (i, r) in self.recipients.iter().enumerate() {
            match AgeRecipient::parse(r) {
                Ok(p) if p.as_str() == r => {}
                _ => return Err(format!("recipients[{i}] is not an age recipient")),
            }
            if !seen.insert(r) {
                return Err(format!("recipients[{i}] is listed twice"));
            }
        }
        let changes = self.consent_changes.as_deref().unwrap_or_default();
        // A bundle may carry consent changes alone; otherwise it carries interviews.
        let changes_alone = self.interviews.is_empty() && !changes.is_empty();
        if !changes_alone {
            check_count("interviews", self.interviews.len())?;
        }
        check_consent_changes(changes)?;
        let mut hashes = HashSet::new();
        let mut revisions = HashSet::new();
        for (i, e) in self.interviews.iter().enumerate() {
            let at = |field: &str| format!("interviews[{i}].{field}");
            check_revision(&at(""), &e.interview_id, &e.code, e.revision, &e.revision_hash)?;
            match (&e.previous_hash, e.revision) {
                (None, 1) => {}
                (Some(h), r) if r > 1 => check_hex(&at("previous_hash"), h)?,
                _ => {
                    return Err(format!(
                        "{} must be null exactly for revision 1",
                        at("previous_hash")
                    ));
                }
            }
            if e.file != interview_file_name(&e.revision_hash) {
                return Err(format!("{} is not interviews/<revision_hash>.json", at("file")));
            }
            check_hex(&at("sha256"), &e.sha256)?;
            if e.size > MAX_INTERVIEW_BYTES {
                return Err(format!(
                    "{} is over the limit of {MAX_INTERVIEW_BYTES} bytes",
                    at("size")
                ));
            }
            if !hashes.insert(e.revision_hash.as_str()) {
                return Err(format!("{} is listed twice", at("revision_hash")));
            }
            if !revisions.insert((e.interview_id.as_str(), e.revision)) {
                return Err(format!(
                    "{} repeats a revision of the same interview",
                    at("revision")
                ));
            }
        }
        let interviews: HashSet<&str> = self.interviews.iter().map(|e| e.interview_id.as_str()).collect();
        let mut ids = HashSet::new();
        for (i, a) in self.attachments.iter().flatten().enumerate() {
            let at = |field: &str| format!("attachments[{i}].{field}");
            if a.id.len() != 32
                || !a
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                return Err(format!("{} is not 32 lowercase hexadecimal digits", at("id")));
            }
            if !ids.insert(a.id.as_str()) {
                return Err(format!("{} is listed twice", at("id")));
            }
            if !interviews.contains(a.interview_id.as_str()) {
                return Err(format!(
                    "{} is not an interview of this bundle",
                    at("interview_id")
                ));
            }
            if a.added_in == 0 || a.removed_in.is_some_and(|r| r <= a.added_in) {
                return Err(format!("{} must come after {}", at("removed_in"), at("added_in")));
            }
            if a.name.is_empty() || a.name.len() > 255 || a.name.chars().any(|c| c.is_control() || c == '/') {
                return Err(format!("{} is not a file name", at("name")));
            }
            if a.media_type.is_empty()
                || a.media_type.len() > 127
                || !a.media_type.bytes().all(|b| b.is_ascii_graphic())
            {
                return Err(format!("{} is not a media type", at("media_type")));
            }
            if a.added_at.len() < 20 || a.added_at.len() > 40 || !a.added_at.ends_with('Z') {
                return Err(format!("{} is not a UTC time", at("added_at")));
            }
            if a.file != attachment_file_name(&a.id) {
                return Err(format!("{} is not attachments/<id>", at("file")));
            }
            check_hex(&at("sha256"), &a.sha256)?;
            if a.size > MAX_BUNDLE_BYTES {
                return Err(format!(
                    "{} is over the limit of {MAX_BUNDLE_BYTES} bytes",
                    at("size")
                ));
            }
        }
        Ok(())
    }
}

/// Each consent change well formed, none twice.
fn check_consent_changes(changes: &[ConsentChangeEntry]) -> Result<(), String> {
    if changes.len() > MAX_INTERVIEWS {
        return Err(format!(
            "consent_changes must list at most {MAX_INTERVIEWS} changes, not {}",
            changes.len()
        ));
    }
    let mut ids = HashSet::new();
    for (i, c) in changes.iter().enumerate() {
        let at = |field: &str| format!("consent_changes[{i}].{field}");
        check_uuid(&at("id"), &c.id)?;
        if !ids.insert(c.id.as_str()) {
            return Err(format!("{} is listed twice", at("id")));
        }
        check_interview(&format!("consent_changes[{i}]."), &c.interview_id, &c.code)?;
        if let Some(hash) = &c.revision_hash {
            check_hex(&at("revision_hash"), hash)?;
        }
        check_timestamp(&at("at"), &c.at)?;
        if c.quote
            .as_deref()
            .is_some_and(|q| !["no", "anonymised", "named"].contains(&q))
        {
            return Err(format!("{} is not no, anonymised or named", at("quote")));
        }
        if let Some(list) = &c.share_with
            && (list.len() > 16
                || list.iter().any(|a| {
                    a.is_empty() || a.len() > 32 || !a.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                }))
        {
            return Err(format!("{} is not a list of audiences", at("share_with")));
        }
        if !c.withdrawn && c.quote.is_none() && c.share_with.is_none() {
            return Err(format!("consent_changes[{i}] changes nothing"));
        }
        if c.note
            .as_deref()
            .is_some_and(|n| n.len() > MAX_CONSENT_NOTE_BYTES)
        {
            return Err(format!(
                "{} is over the limit of {MAX_CONSENT_NOTE_BYTES} bytes",
                at("note")
            ));
        }
    }
    Ok(())
}

impl Receipt {
    /// The exact bytes of `receipt.json` (and of what is signed).
    pub fn to_canonical_bytes(&self) -> Vec<u8> {
        canonical(self)
    }

    /// Parses and checks `receipt.json`. Call only on bytes whose signature was verified.
    pub fn parse(bytes: &[u8]) -> Result<Receipt, BundleError> {
        let r: Receipt = parse_document(bytes, Doc::Receipt)?;
        r.validate()
            .map_err(|d| BundleError::hostile(Doc::Receipt, format!("receipt.json: {d}")))?;
        Ok(r)
    }

    /// Every rule of the format except the canonical byte form; the reason names a field.
    pub fn validate(&self) -> Result<(), String> {
        if self.format != RECEIPT_FORMAT {
            return Err(format!("format is not {RECEIPT_FORMAT}"));
        }
        check_uuid("receipt_id", &self.receipt_id)?;
        check_uuid("bundle_id", &self.bundle_id)?;
        check_hex("device", &self.device)?;
        check_hex("hq", &self.hq)?;
        check_sequence(self.sequence)?;
        check_timestamp("received_at", &self.received_at)?;
        // A bundle of consent changes alone is acknowledged by a receipt naming no revision.
        if !self.revisions.is_empty() {
            check_count("revisions", self.revisions.len())?;
        }
        let mut hashes = HashSet::new();
        for (i, e) in self.revisions.iter().enumerate() {
            let at = format!("revisions[{i}].");
            check_revision(&at, &e.interview_id, &e.code, e.revision, &e.revision_hash)?;
            if !hashes.insert(e.revision_hash.as_str()) {
                return Err(format!("{at}revision_hash is listed twice"));
            }
        }
        Ok(())
    }
}

/// `format` first, then the full shape, then the canonical byte form.
fn parse_document<T: DeserializeOwned + Serialize>(bytes: &[u8], doc: Doc) -> Result<T, BundleError> {
    let (name, ours, other) = match doc {
        Doc::Bundle => ("manifest.json", BUNDLE_FORMAT, RECEIPT_FORMAT),
        Doc::Receipt => ("receipt.json", RECEIPT_FORMAT, BUNDLE_FORMAT),
    };
    #[derive(Deserialize)]
    struct FormatOnly {
        format: Option<serde_json::Value>,
    }
    let not_object = || BundleError::hostile(doc, format!("{name} is not a JSON object"));
    if bytes.first() != Some(&b'{') {
        return Err(not_object());
    }
    let head: FormatOnly = serde_json::from_slice(bytes).map_err(|_| not_object())?;
    let format = match head.format {
        Some(serde_json::Value::String(s)) => s,
        _ => {
            return Err(BundleError::hostile(
                doc,
                format!("{name} has no \"format\" text"),
            ));
        }
    };
    if format != ours && !(doc == Doc::Bundle && format == BUNDLE_FORMAT_V1) {
        let family = |f: &str| f.split('/').next().map(str::to_owned);
        if family(&format) == family(ours) {
            return Err(BundleError::UnsupportedVersion {
                doc,
                found: printable(&format),
            });
        }
        if family(&format) == family(other) {
            return Err(BundleError::NotADocument {
                doc,
                reason: match doc {
                    Doc::Bundle => "it is a receipt, not a bundle",
                    Doc::Receipt => "it is a bundle, not a receipt",
                },
            });
        }
        return Err(BundleError::hostile(doc, format!("{name} has an unknown format")));
    }
    let value: T = serde_json::from_slice(bytes).map_err(|e| {
        BundleError::hostile(
            doc,
            format!(
                "{name} does not have the expected fields (line {} column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    if canonical(&value) != bytes {
        return Err(BundleError::hostile(
            doc,
            format!("{name} is not in canonical form"),
        ));
    }
    Ok(value)
}

/// A format name from a file, shown only if it is short and plain.
fn printable(s: &str) -> String {
    if !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'-' | b'_'))
    {
        s.to_owned()
    } else {
        "unknown".to_owned()
    }
}

fn check_hex(field: &str, s: &str) -> Result<(), String> {
    if s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(format!("{field} is not 64 lowercase hexadecimal digits"))
    }
}

fn check_uuid(field: &str, s: &str) -> Result<(), String> {
    match uuid::Uuid::try_parse(s) {
        Ok(u) if u.hyphenated().to_string() == s => Ok(()),
        _ => Err(format!("{field} is not a lowercase hyphenated UUID")),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`, a real instant, in exactly that form.
pub(crate) fn check_timestamp(field: &str, s: &str) -> Result<(), String> {
    match s.parse::<jiff::Timestamp>() {
        Ok(t) if format_timestamp(t) == s => Ok(()),
        _ => Err(format!("{field} is not a time like 2026-03-01T09:30:00Z")),
    }
}

/// The one timestamp form of the format.
pub fn format_timestamp(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn check_sequence(n: u64) -> Result<(), String> {
    if n == 0 {
        Err("sequence must start at 1".into())
    } else {
        Ok(())
    }
}

fn check_count(field: &str, n: usize) -> Result<(), String> {
    if n == 0 || n > MAX_INTERVIEWS {
        Err(format!(
            "{field} must list 1 to {MAX_INTERVIEWS} revisions, not {n}"
        ))
    } else {
        Ok(())
    }
}

fn check_revision(
    at: &str,
    interview_id: &str,
    code: &str,
    revision: u32,
    revision_hash: &str,
) -> Result<(), String> {
    check_interview(at, interview_id, code)?;
    if revision == 0 {
        return Err(format!("{at}revision must start at 1"));
    }
    check_hex(&format!("{at}revision_hash"), revision_hash)
}

fn check_interview(at: &str, interview_id: &str, code: &str) -> Result<(), String> {
    if interview_id.is_empty()
        || interview_id.len() > MAX_ID_BYTES
        || interview_id.chars().any(char::is_control)
    {
        return Err(format!(
            "{at}interview_id must be 1 to {MAX_ID_BYTES} bytes without control characters"
        ));
    }
    if !is_valid_code(code) {
        return Err(format!("{at}code is not a valid interviewee code"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::ErrorKind;

    const H1: &str = "1111111111111111111111111111111111111111111111111111111111111111";
    const H2: &str = "2222222222222222222222222222222222222222222222222222222222222222";

    fn entry(hash: &str) -> ManifestEntry {
        ManifestEntry {
            interview_id: "5b0c6a5e-4c1e-4d8a-9a57-3d0f1e2b7c11".into(),
            code: "W26-0012".into(),
            revision: 1,
            previous_hash: None,
            revision_hash: hash.into(),
            file: interview_file_name(hash),
            sha256: H2.into(),
            size: 10,
        }
    }

    fn manifest() -> Manifest {
        Manifest {
            format: BUNDLE_FORMAT.into(),
            bundle_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            device: H1.into(),
            sequence: 1,
            created_at: "2026-03-01T09:30:00Z".into(),
            recipients: vec![
                crate::crypto::seal::AgeIdentity::generate()
                    .recipient()
                    .as_str()
                    .into(),
            ],
            interviews: vec![entry(H1)],
            audit: Some(AuditSummary {
                entries: 0,
                first: 0,
                head: "0".repeat(64),
                file: AUDIT_FILE_NAME.into(),
                sha256: H2.into(),
                size: 0,
            }),
            attachments: Some(Vec::new()),
            consent_changes: Some(Vec::new()),
        }
    }

    #[test]
    fn format_1_is_still_read_and_format_2_needs_its_sections() {
        let mut v1 = manifest();
        v1.format = BUNDLE_FORMAT_V1.into();
        v1.audit = None;
        v1.attachments = None;
        v1.consent_changes = None;
        assert_eq!(Manifest::parse(&v1.to_canonical_bytes()).unwrap(), v1);
        let mut mixed = v1.clone();
        mixed.attachments = Some(Vec::new());
        assert!(hostile_detail(Manifest::parse(&mixed.to_canonical_bytes())).contains("format 1"));
        let mut bare = manifest();
        bare.audit = None;
        assert!(hostile_detail(Manifest::parse(&bare.to_canonical_bytes())).contains("required in format 2"));
        // Consent changes: well formed, and a bundle may carry them alone.
        let change = ConsentChangeEntry {
            id: "7c9e6679-7425-40de-944b-e07fc1f90ae7".into(),
            interview_id: "5b0c6a5e-4c1e-4d8a-9a57-3d0f1e2b7c11".into(),
            code: "W26-0012".into(),
            revision_hash: Some(H1.into()),
            at: "2026-12-05T09:00:00Z".into(),
            quote: None,
            share_with: None,
            withdrawn: true,
            note: None,
        };
        let mut alone = manifest();
        alone.interviews.clear();
        assert!(
            hostile_detail(Manifest::parse(&alone.to_canonical_bytes())).contains("interviews must list 1")
        );
        alone.consent_changes = Some(vec![change.clone()]);
        assert_eq!(Manifest::parse(&alone.to_canonical_bytes()).unwrap(), alone);
        let mut idle = change.clone();
        idle.withdrawn = false;
        alone.consent_changes = Some(vec![idle]);
        assert!(hostile_detail(Manifest::parse(&alone.to_canonical_bytes())).contains("changes nothing"));
        let mut wider = change.clone();
        wider.quote = Some("everyone".into());
        alone.consent_changes = Some(vec![wider]);
        assert!(
            hostile_detail(Manifest::parse(&alone.to_canonical_bytes())).contains("consent_changes[0].quote")
        );
        alone.consent_changes = Some(vec![change.clone(), change]);
        assert!(hostile_detail(Manifest::parse(&alone.to_canonical_bytes())).contains("listed twice"));
        // Attachments must name an interview of the bundle, their own file and a real hash.
        let entry = AttachmentEntry {
            id: "0123456789abcdef0123456789abcdef".into(),
            interview_id: manifest().interviews[0].interview_id.clone(),
            added_in: 1,
            removed_in: None,
            name: "passport.jpg".into(),
            media_type: "image/jpeg".into(),
            added_at: "2026-09-20T08:00:00.123Z".into(),
            file: "attachments/0123456789abcdef0123456789abcdef".into(),
            sha256: "ab".repeat(32),
            size: 1234,
        };
        let mut with = manifest();
        with.attachments = Some(vec![entry.clone()]);
        assert_eq!(Manifest::parse(&with.to_canonical_bytes()).unwrap(), with);
        for (broken, why) in [
            (
                AttachmentEntry {
                    interview_id: "other".into(),
                    ..entry.clone()
                },
                "not an interview of this bundle",
            ),
            (
                AttachmentEntry {
                    file: "attachments/../x".into(),
                    ..entry.clone()
                },
                "attachments/<id>",
            ),
            (
                AttachmentEntry {
                    name: "a/b".into(),
                    ..entry.clone()
                },
                "not a file name",
            ),
            (
                AttachmentEntry {
                    removed_in: Some(1),
                    ..entry.clone()
                },
                "must come after",
            ),
            (
                AttachmentEntry {
                    id: "XYZ".into(),
                    ..entry.clone()
                },
                "32 lowercase",
            ),
        ] {
            let mut m = manifest();
            m.attachments = Some(vec![broken]);
            assert!(
                hostile_detail(Manifest::parse(&m.to_canonical_bytes())).contains(why),
                "{why}"
            );
        }
    }

    fn receipt() -> Receipt {
        Receipt {
            format: RECEIPT_FORMAT.into(),
            receipt_id: "7c9e6679-7425-40de-944b-e07fc1f90ae7".into(),
            bundle_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            device: H1.into(),
            hq: H2.into(),
            sequence: 3,
            received_at: "2026-03-02T10:00:00Z".into(),
            revisions: vec![ReceiptEntry::from(&entry(H1))],
        }
    }

    fn hostile_detail(r: Result<Manifest, BundleError>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Hostile, "{e}");
        e.to_string()
    }

    #[test]
    fn canonical_round_trip() {
        let m = manifest();
        let bytes = m.to_canonical_bytes();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.starts_with("{\"attachments\":[],\"audit\":{"), "{text}");
        assert!(text.contains("\"bundle_id\":\"0f8fad5b"), "{text}");
        assert!(text.contains("\"previous_hash\":null"));
        assert!(!text.contains(' '));
        assert_eq!(Manifest::parse(&bytes).unwrap(), m);

        let r = receipt();
        assert_eq!(Receipt::parse(&r.to_canonical_bytes()).unwrap(), r);
    }

    #[test]
    fn format_is_checked_first() {
        let mut v = serde_json::to_value(manifest()).unwrap();
        v["format"] = "fieldvault-bundle/3".into();
        v["new_field_of_v2"] = 1.into();
        v["interviews"] = "a different shape".into();
        let e = Manifest::parse(to_canonical_string(&v).as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnsupportedVersion);
        assert_eq!(
            e.to_string(),
            "this bundle was made by a newer fieldvault (format fieldvault-bundle/3); update \
             fieldvault"
        );
        v["format"] = "fieldvault-bundle/\u{1b}[31m".into();
        let e = Manifest::parse(to_canonical_string(&v).as_bytes()).unwrap_err();
        assert!(e.to_string().contains("(format unknown)"), "{e}");

        let e = Manifest::parse(&receipt().to_canonical_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotABundle);
        let e = Receipt::parse(&manifest().to_canonical_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotABundle);
        assert!(hostile_detail(Manifest::parse(b"[1]")).contains("not a JSON object"));
        assert!(hostile_detail(Manifest::parse(b"{}")).contains("no \"format\""));
        assert!(hostile_detail(Manifest::parse(br#"{"format":"x"}"#)).contains("unknown format"));
    }

    #[test]
    fn unknown_fields_duplicates_and_non_canonical_forms_are_refused() {
        let mut v = serde_json::to_value(manifest()).unwrap();
        v["extra"] = 1.into();
        assert!(
            hostile_detail(Manifest::parse(to_canonical_string(&v).as_bytes())).contains("expected fields")
        );
        let good = String::from_utf8(manifest().to_canonical_bytes()).unwrap();
        let pretty = good.replacen(',', ", ", 1);
        assert!(hostile_detail(Manifest::parse(pretty.as_bytes())).contains("canonical"));
        let dup = good.replacen('{', "{\"sequence\":1,", 1);
        assert!(hostile_detail(Manifest::parse(dup.as_bytes())).contains("expected fields"));
        let missing_null = good.replace("\"previous_hash\":null,", "");
        assert!(hostile_detail(Manifest::parse(missing_null.as_bytes())).contains("canonical"));
    }

    #[test]
    fn every_field_is_validated() {
        type Edit = fn(&mut Manifest);
        let cases: &[(Edit, &str)] = &[
            (|m| m.bundle_id = m.bundle_id.to_uppercase(), "bundle_id"),
            (|m| m.device = "1".repeat(63), "device"),
            (|m| m.device = "A".repeat(64), "device"),
            (|m| m.sequence = 0, "sequence"),
            (|m| m.created_at = "2026-02-30T09:30:00Z".into(), "created_at"),
            (|m| m.created_at = "2026-03-01 09:30:00Z".into(), "created_at"),
            (|m| m.recipients.clear(), "recipients"),
            (|m| m.recipients.push(m.recipients[0].clone()), "twice"),
            (|m| m.recipients[0] = "age1xyz".into(), "recipients[0]"),
            (|m| m.interviews.clear(), "interviews"),
            (|m| m.interviews[0].file = "interviews/x.json".into(), "file"),
            (|m| m.interviews[0].file = "../../etc/passwd".into(), "file"),
            (|m| m.interviews[0].sha256 = "00".into(), "sha256"),
            (|m| m.interviews[0].revision = 0, "revision"),
            (|m| m.interviews[0].revision = 2, "previous_hash"),
            (
                |m| m.interviews[0].previous_hash = Some(H2.into()),
                "previous_hash",
            ),
            (|m| m.interviews[0].code = "Kim Young-hee".into(), "code"),
            (|m| m.interviews[0].interview_id = String::new(), "interview_id"),
            (|m| m.interviews[0].interview_id = "a\nb".into(), "interview_id"),
            (|m| m.interviews[0].size = MAX_INTERVIEW_BYTES + 1, "size"),
            (|m| m.interviews.push(m.interviews[0].clone()), "listed twice"),
            (
                |m| {
                    let mut e = entry(H2);
                    e.sha256 = H1.into();
                    m.interviews.push(e);
                },
                "same interview",
            ),
        ];
        for (edit, word) in cases {
            let mut m = manifest();
            edit(&mut m);
            let detail = hostile_detail(Manifest::parse(&m.to_canonical_bytes()));
            assert!(detail.contains(word), "expected {word:?} in: {detail}");
            assert!(!detail.contains("Kim"), "a value leaked: {detail}");
        }
        let mut m = manifest();
        m.interviews = vec![entry(H1); MAX_INTERVIEWS + 1];
        assert!(m.validate().unwrap_err().contains("1 to 10000"));
    }

    #[test]
    fn receipts_are_validated() {
        let mut r = receipt();
        r.revisions.push(r.revisions[0].clone());
        assert!(r.validate().unwrap_err().contains("twice"));
        let mut r = receipt();
        r.hq = "x".into();
        assert!(
            Receipt::parse(&r.to_canonical_bytes())
                .unwrap_err()
                .to_string()
                .contains("hq is not")
        );
        let mut v = serde_json::to_value(receipt()).unwrap();
        v["format"] = "fieldvault-receipt/9".into();
        let e = Receipt::parse(to_canonical_string(&v).as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnsupportedVersion);
        assert!(e.to_string().starts_with("this receipt was made by a newer"));
    }
}
