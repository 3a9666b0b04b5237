//! Sealed bundles, HQ receipts and trust cards: the formats that leave the laptop.
//!
//! Why this exists: interviews travel from an air-gapped laptop to headquarters on a USB
//! stick, and a signed receipt travels back before anything is wiped. Both files may be
//! seized (so they must show nothing but their padded length), may be forged or altered (so
//! they are signed and every byte is checked before anything is trusted), may be cut short
//! (so the reader finishes the authenticated stream before the caller commits anything), and
//! may be crafted to attack the reader (so it is streaming, bounded and strict). And if this
//! software is ever gone, headquarters must still recover everything with `age`, `tar` and
//! `ssh-keygen` alone: see `docs/bundle-format.md`. Trust cards (`docs/trust-card.md`) are
//! how people exchange and compare those keys in person.
//!
//! - [`padme`](mod@padme): length padding
//! - [`manifest`]: the signed manifest and receipt documents
//! - [`card`]: trust cards
//! - [`write`](mod@write): writing bundles and receipts
//! - [`read`]: reading them, streaming and hostile-input safe
//! - [`parts`]: a bundle over the part size as numbered files (FAT32 sticks)
//!
//! This module uses `age` and `ring` only through [`crate::crypto`].

pub mod card;
pub mod manifest;
pub mod padme;
pub mod parts;
pub mod read;
pub mod write;

mod tarball;

#[cfg(test)]
mod tests;

use std::fmt;
use std::io;

use crate::crypto::seal::SealError;
use crate::crypto::signing::PublicKey;
use crate::explain::{Explain, Explanation};

pub use manifest::{
    AttachmentEntry, AuditSummary, ConsentChangeEntry, Manifest, ManifestEntry, Receipt, ReceiptEntry,
};
pub use read::{BundleReader, read_receipt};
#[cfg(any(test, feature = "testing"))]
pub use write::write_bundle;
pub use write::{BundleInfo, BundleItem, write_bundle_with_attachments, write_receipt};

/// `format` of a bundle manifest, as written now: version 2 carries the device's audit
/// chain (`audit.jsonl`), the interviews' `attachments` and the device's `consent_changes`.
pub const BUNDLE_FORMAT: &str = "fieldvault-bundle/2";
/// The first bundle format, still read: bundles already on sticks stay deliverable.
pub const BUNDLE_FORMAT_V1: &str = "fieldvault-bundle/1";
/// `format` of a receipt.
pub const RECEIPT_FORMAT: &str = "fieldvault-receipt/1";
/// SSHSIG namespace of manifest signatures.
pub const BUNDLE_NAMESPACE: &str = "fieldvault-bundle";
/// SSHSIG namespace of receipt signatures.
pub const RECEIPT_NAMESPACE: &str = "fieldvault-receipt";

/// Size and count limits. A file beyond any of them is refused before it is read further.
pub mod limits {
    /// Largest `manifest.json` or `receipt.json` (8 MiB, room for far more than
    /// [`MAX_INTERVIEWS`] entries).
    pub const MAX_MANIFEST_BYTES: u64 = 8 * 1024 * 1024;
    /// Largest `*.sig` file (an Ed25519 SSHSIG is about 300 bytes).
    pub const MAX_SIGNATURE_BYTES: u64 = 8 * 1024;
    /// Largest interview file: the domain's import file limit (16 MiB).
    pub const MAX_INTERVIEW_BYTES: u64 = crate::domain::limits::MAX_FILE_BYTES as u64;
    /// Most interviews in one bundle, and most revisions in one receipt.
    pub const MAX_INTERVIEWS: usize = crate::domain::limits::MAX_INTERVIEWS_PER_FILE;
    /// Most age recipients a bundle may name.
    pub const MAX_RECIPIENTS: usize = 64;
    /// Largest `audit.jsonl` (64 MiB: some 200,000 log entries).
    pub const MAX_AUDIT_BYTES: u64 = 64 * 1024 * 1024;
    /// Largest tar stream inside a bundle, padding included (64 GiB).
    pub const MAX_BUNDLE_BYTES: u64 = 64 * 1024 * 1024 * 1024;
    /// Largest tar stream inside a receipt, padding included (16 MiB).
    pub const MAX_RECEIPT_BYTES: u64 = 16 * 1024 * 1024;
    /// Longest `interview_id` (bytes).
    pub const MAX_ID_BYTES: usize = 128;
}

/// Which kind of file an error is about, for the wording of messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doc {
    Bundle,
    Receipt,
}

impl fmt::Display for Doc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Doc::Bundle => "bundle",
            Doc::Receipt => "receipt",
        })
    }
}

/// The broad class of a [`BundleError`]; stable, for exit codes and the hostile corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Encrypted to other keys, or a receipt for another device.
    NotForUs,
    /// Not an age file, passphrase-protected, or a receipt where a bundle was expected.
    NotABundle,
    /// Cut short or corrupted (age authentication failed).
    Damaged,
    /// Signature invalid, or content differs from what was signed.
    Forged,
    /// Signed by a key the caller does not trust.
    UnknownSigner,
    /// Made by a newer format version.
    UnsupportedVersion,
    /// Authentic encryption, but structure no fieldvault writes: a crafted file.
    Hostile,
    /// The caller asked to write something invalid.
    InvalidInput,
    /// Reading or writing failed at the operating-system level.
    Io,
}

impl ErrorKind {
    /// The name used in `tests/data/hostile/expected.tsv`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotForUs => "NotForUs",
            ErrorKind::NotABundle => "NotABundle",
            ErrorKind::Damaged => "Damaged",
            ErrorKind::Forged => "Forged",
            ErrorKind::UnknownSigner => "UnknownSigner",
            ErrorKind::UnsupportedVersion => "UnsupportedVersion",
            ErrorKind::Hostile => "Hostile",
            ErrorKind::InvalidInput => "InvalidInput",
            ErrorKind::Io => "Io",
        }
    }
}

/// Errors from writing and reading bundles and receipts. Messages never contain interview
/// content, and never echo names or text found in a refused file (only our own fixed names).
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    NotEncryptedToUs {
        doc: Doc,
    },
    ReceiptForAnotherDevice {
        device: String,
    },
    /// `reason`: why it is not one (a technical detail).
    NotADocument {
        doc: Doc,
        reason: &'static str,
    },
    Damaged {
        doc: Doc,
    },
    BadSignature {
        doc: Doc,
    },
    /// `detail`: what differs from the signed manifest (a technical detail).
    Tampered {
        doc: Doc,
        detail: String,
    },
    UnknownSigner {
        doc: Doc,
        fingerprint: String,
    },
    UnsupportedVersion {
        doc: Doc,
        found: String,
    },
    /// `detail`: what is not built the way fieldvault builds it (a technical detail).
    Hostile {
        doc: Doc,
        detail: String,
    },
    InvalidInput {
        doc: Doc,
        detail: String,
    },
    Io {
        doc: Doc,
        #[source]
        source: io::Error,
    },
}

impl Explain for BundleError {
    fn explain(&self) -> Explanation {
        let (id, doc) = match self {
            BundleError::NotEncryptedToUs { doc } => ("bundle-not-for-us", doc),
            BundleError::ReceiptForAnotherDevice { device } => {
                return Explanation::new("bundle-receipt-for-another-device").text("device", device);
            }
            BundleError::NotADocument { doc, .. } => ("bundle-not-a-document", doc),
            BundleError::Damaged { doc } => ("bundle-damaged", doc),
            BundleError::BadSignature { doc } => ("bundle-bad-signature", doc),
            BundleError::Tampered { doc, .. } => ("bundle-tampered", doc),
            BundleError::UnknownSigner { doc, .. } => ("bundle-unknown-signer", doc),
            BundleError::UnsupportedVersion { doc, .. } => ("bundle-newer-format", doc),
            BundleError::Hostile { doc, .. } => ("bundle-hostile", doc),
            BundleError::InvalidInput { doc, .. } => ("bundle-invalid-input", doc),
            BundleError::Io { doc, .. } => ("bundle-io", doc),
        };
        let explanation = Explanation::new(id).text("doc", doc);
        match self {
            BundleError::NotADocument { reason, .. } => explanation.technical(reason),
            BundleError::Tampered { detail, .. }
            | BundleError::Hostile { detail, .. }
            | BundleError::InvalidInput { detail, .. } => explanation.technical(detail),
            BundleError::UnknownSigner { fingerprint, .. } => explanation.text("fingerprint", fingerprint),
            BundleError::UnsupportedVersion { found, .. } => explanation.text("found", found),
            BundleError::Io { source, .. } => explanation.technical(source),
            _ => explanation,
        }
    }
}

crate::explain::display_in_english!(BundleError);

impl BundleError {
    /// The stable class of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            BundleError::NotEncryptedToUs { .. } | BundleError::ReceiptForAnotherDevice { .. } => {
                ErrorKind::NotForUs
            }
            BundleError::NotADocument { .. } => ErrorKind::NotABundle,
            BundleError::Damaged { .. } => ErrorKind::Damaged,
            BundleError::BadSignature { .. } | BundleError::Tampered { .. } => ErrorKind::Forged,
            BundleError::UnknownSigner { .. } => ErrorKind::UnknownSigner,
            BundleError::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            BundleError::Hostile { .. } => ErrorKind::Hostile,
            BundleError::InvalidInput { .. } => ErrorKind::InvalidInput,
            BundleError::Io { .. } => ErrorKind::Io,
        }
    }

    /// For trust callbacks: "this key is not enrolled here".
    pub fn unknown_signer(doc: Doc, key: &PublicKey) -> BundleError {
        BundleError::UnknownSigner {
            doc,
            fingerprint: key.fingerprint().to_openssh(),
        }
    }

    pub(crate) fn hostile(doc: Doc, detail: impl Into<String>) -> BundleError {
        BundleError::Hostile {
            doc,
            detail: detail.into(),
        }
    }

    pub(crate) fn invalid(doc: Doc, detail: impl Into<String>) -> BundleError {
        BundleError::InvalidInput {
            doc,
            detail: detail.into(),
        }
    }

    /// Maps an age error to the class a person can act on.
    pub(crate) fn from_seal(doc: Doc, e: SealError) -> BundleError {
        match e {
            SealError::NoMatchingKey => BundleError::NotEncryptedToUs { doc },
            SealError::PassphraseEncrypted => BundleError::NotADocument {
                doc,
                reason: "it is protected by a passphrase, not encrypted to a key",
            },
            SealError::NotAgeFile => BundleError::NotADocument {
                doc,
                reason: "it is not an age-encrypted file, or its beginning is damaged",
            },
            SealError::Damaged | SealError::Truncated => BundleError::Damaged { doc },
            SealError::HeaderTooLarge => BundleError::hostile(doc, "its encryption header is far too large"),
            SealError::NoRecipients => BundleError::invalid(doc, "no recipients were given"),
            SealError::InvalidRecipient | SealError::InvalidIdentity => {
                BundleError::invalid(doc, e.to_string())
            }
            SealError::Encrypt(m) => BundleError::invalid(doc, m),
            SealError::Io(source) => BundleError::Io { doc, source },
        }
    }

    /// Maps an error from reading the decrypted stream: age's errors travel inside
    /// `io::Error`; a clean end of the authenticated stream in the middle of the archive
    /// (`UnexpectedEof` without an age error) means the archive itself was built short.
    pub(crate) fn from_read(doc: Doc, e: io::Error) -> BundleError {
        match SealError::from_io(e) {
            SealError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                BundleError::hostile(doc, "the archive inside ends in the middle of an entry")
            }
            other => BundleError::from_seal(doc, other),
        }
    }
}
