//! What can go wrong, in words a person can act on. Every variant is typed and keeps the
//! lower layer's error as its source; its words (what happened, what to do, in Korean and
//! English) come from the catalogue through [`Explain`]. Messages never carry interview
//! content: at most a code, an identifier or a path.

use std::path::{Path, PathBuf};

use super::Role;
use crate::bundle::BundleError;
use crate::crypto::header::HeaderError;
use crate::disk::wipe::WipeError;
use crate::domain::{Lifecycle, ValidationErrors};
use crate::explain::{Explain, Explanation};
use crate::store::StoreError;

pub use super::exchange::ImportError;
pub use crate::bundle::card::CardError;
pub use crate::bundle::parts::PartSizeError;

/// The broad class of an error; the CLI maps it to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    WrongPassphrase,
    InvalidInput,
    NotAVault,
    Damaged,
    Conflict,
    NotFound,
    /// A bundle or receipt was refused (forged, damaged, not for us, hostile).
    Rejected,
    Io,
}

/// What kind of trouble a file or folder gave, so that a headline can name the cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoCause {
    /// The folder or file is not there (a stick pulled out, a mistyped path).
    Missing,
    NoPermission,
    ReadOnly,
    Full,
    /// A file of that name is there already (nothing is overwritten).
    Exists,
    Other,
}

impl IoCause {
    pub fn of(kind: std::io::ErrorKind) -> IoCause {
        use std::io::ErrorKind as K;
        match kind {
            K::NotFound => IoCause::Missing,
            K::PermissionDenied => IoCause::NoPermission,
            K::ReadOnlyFilesystem => IoCause::ReadOnly,
            K::StorageFull | K::QuotaExceeded | K::FileTooLarge => IoCause::Full,
            K::AlreadyExists => IoCause::Exists,
            _ => IoCause::Other,
        }
    }

    fn id(self) -> &'static str {
        match self {
            IoCause::Missing => "missing",
            IoCause::NoPermission => "permission",
            IoCause::ReadOnly => "read-only",
            IoCause::Full => "full",
            IoCause::Exists => "exists",
            IoCause::Other => "other",
        }
    }
}

/// What the vault was doing with a file or folder when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    CreateVaultFolder,
    ProtectDatabase,
    ReadFolder,
    ReadVaultHeader,
    Read,
    WriteVaultHeader,
    WriteKeyFile,
    WriteTrustCard,
    /// Writing a receipt after its bundle was imported (the import itself stands).
    WriteReceipt,
    /// Keeping a bundle or receipt in transit in the vault folder (`sync`).
    KeepInTransit,
    /// Export: creating the bundle file on the medium.
    CreateBundle,
    /// Export: writing the bundle.
    WriteBundle,
    /// Export: giving the finished bundle its name.
    NameBundle,
    /// Export: reading the bundle back to check it.
    ReadBackBundle,
    /// Writing an attachment's encrypted file into the vault folder.
    StoreAttachment,
    /// Writing an attachment's plaintext copy where the person asked.
    ExportAttachment,
    /// An analysis export, publication file or statistics chart.
    ExportAnalysis,
}

impl IoAction {
    fn id(self) -> &'static str {
        match self {
            IoAction::CreateVaultFolder => "create-vault-folder",
            IoAction::ProtectDatabase => "protect-database",
            IoAction::ReadFolder => "read-folder",
            IoAction::ReadVaultHeader => "read-vault-header",
            IoAction::Read => "read",
            IoAction::WriteVaultHeader => "write-vault-header",
            IoAction::WriteKeyFile => "write-key-file",
            IoAction::WriteTrustCard => "write-trust-card",
            IoAction::WriteReceipt => "write-receipt",
            IoAction::KeepInTransit => "keep-in-transit",
            IoAction::CreateBundle => "create-bundle",
            IoAction::WriteBundle => "write-bundle",
            IoAction::NameBundle => "name-bundle",
            IoAction::ReadBackBundle => "read-back-bundle",
            IoAction::StoreAttachment => "store-attachment",
            IoAction::ExportAttachment => "export-attachment",
            IoAction::ExportAnalysis => "export-analysis",
        }
    }
}

/// The operation a vault of the wrong role was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    ImportBundles,
    ImportReceipts,
    ExportBundles,
    ExportHqKey,
    WipeDelivered,
    Review,
    /// Statistics, analysis exports, publication packs.
    Analysis,
}

impl Operation {
    fn id(self) -> &'static str {
        match self {
            Operation::ImportBundles => "import-bundles",
            Operation::ImportReceipts => "import-receipts",
            Operation::ExportBundles => "export-bundles",
            Operation::ExportHqKey => "export-hq-key",
            Operation::WipeDelivered => "wipe-delivered",
            Operation::Review => "review",
            Operation::Analysis => "analysis",
        }
    }
}

/// What is damaged in a vault that opened (as opposed to a header or database that does not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    DatabaseMissing(PathBuf),
    /// The database does not open with the header's key.
    DatabaseNotOfThisHeader(PathBuf),
    /// SQLite found the database damaged (`detail` is its finding).
    Database {
        path: PathBuf,
        detail: String,
    },
    RoleUnrecorded,
    NoRevisions {
        interview: String,
    },
    RevisionUnreadable {
        code: String,
        revision: u32,
    },
    NoIdentityKeys,
    SigningKeyUnreadable,
    AgeIdentityUnreadable,
    StoredAgeKeyUnreadable {
        label: String,
    },
    TrustedFingerprintUnreadable,
    /// Making a key failed (`detail` is the library's message).
    KeyGeneration(String),
}

impl Explain for Damage {
    fn explain(&self) -> Explanation {
        match self {
            Damage::DatabaseMissing(path) => Explanation::new("damage-database-missing").path("path", path),
            Damage::DatabaseNotOfThisHeader(path) => {
                Explanation::new("damage-database-other").path("path", path)
            }
            Damage::Database { path, detail } => Explanation::new("damage-database")
                .path("path", path)
                .technical(detail),
            Damage::RoleUnrecorded => Explanation::new("damage-role"),
            Damage::NoRevisions { interview } => {
                Explanation::new("damage-no-revisions").text("interview", interview)
            }
            Damage::RevisionUnreadable { code, revision } => Explanation::new("damage-revision-unreadable")
                .text("code", code)
                .number("revision", *revision),
            Damage::NoIdentityKeys => Explanation::new("damage-no-keys"),
            Damage::SigningKeyUnreadable => Explanation::new("damage-signing-key"),
            Damage::AgeIdentityUnreadable => Explanation::new("damage-age-identity"),
            Damage::StoredAgeKeyUnreadable { label } => {
                Explanation::new("damage-stored-age-key").text("label", label)
            }
            Damage::TrustedFingerprintUnreadable => Explanation::new("damage-trusted-fingerprint"),
            Damage::KeyGeneration(detail) => Explanation::new("damage-key-generation").technical(detail),
        }
    }
}

/// Why a trust card was refused by this vault (the card itself parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustRefusal {
    /// A field card at a field vault, or a headquarters card at headquarters.
    WrongRole {
        card: Role,
        vault: Role,
    },
    OwnCard,
    /// The safety number read out does not match the card's.
    NumberMismatch {
        safety_number: String,
    },
    /// The party is trusted already with another age recipient, and the change was not accepted.
    RecipientChanged {
        label: String,
        old: String,
        new: String,
    },
    AlreadyRemoved {
        label: String,
    },
    /// The label for a new vault is empty, too long or more than one line.
    BadLabel,
}

impl Explain for TrustRefusal {
    fn explain(&self) -> Explanation {
        match self {
            TrustRefusal::WrongRole { card, vault } => Explanation::new("trust-wrong-role")
                .text("card", card.as_str())
                .text("vault", vault.as_str()),
            TrustRefusal::OwnCard => Explanation::new("trust-own-card"),
            TrustRefusal::NumberMismatch { safety_number } => {
                Explanation::new("trust-number-mismatch").text("number", safety_number)
            }
            TrustRefusal::RecipientChanged { label, old, new } => Explanation::new("trust-recipient-changed")
                .text("label", label)
                .text("old", old)
                .text("new", new),
            TrustRefusal::AlreadyRemoved { label } => {
                Explanation::new("trust-already-removed").text("label", label)
            }
            TrustRefusal::BadLabel => Explanation::new("trust-bad-label"),
        }
    }
}

/// Why an interview cannot be changed, sealed or found the way it was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterviewRefusal {
    /// An import brings a code the vault already has.
    CodeInVault {
        file: String,
        code: String,
    },
    /// A new code that another interview already has.
    CodeTaken {
        code: String,
    },
    /// Headquarters holds interviews from several devices under this code.
    CodeOnSeveralDevices {
        code: String,
        count: usize,
        ids: String,
    },
    /// A sealed (or later) revision, asked to change.
    Fixed {
        code: String,
        revision: u32,
        state: Lifecycle,
    },
    StillDraft {
        code: String,
        revision: u32,
    },
    WipedAfterDelivery {
        code: String,
    },
    /// Sealing a revision that is not a draft.
    AlreadySealed {
        code: String,
        revision: u32,
        state: Lifecycle,
        hash: Option<String>,
    },
    /// An editor form too large to keep.
    FormTooLarge {
        mib: usize,
    },
}

impl Explain for InterviewRefusal {
    fn explain(&self) -> Explanation {
        match self {
            InterviewRefusal::CodeInVault { file, code } => Explanation::new("interview-code-in-vault")
                .text("file", file)
                .text("code", code),
            InterviewRefusal::CodeTaken { code } => {
                Explanation::new("interview-code-taken").text("code", code)
            }
            InterviewRefusal::CodeOnSeveralDevices { code, count, ids } => {
                Explanation::new("interview-code-on-several-devices")
                    .text("code", code)
                    .number("count", *count as f64)
                    .text("ids", ids)
            }
            InterviewRefusal::Fixed {
                code,
                revision,
                state,
            } => Explanation::new("interview-fixed")
                .text("code", code)
                .number("revision", *revision)
                .text("state", state.as_str()),
            InterviewRefusal::StillDraft { code, revision } => Explanation::new("interview-still-draft")
                .text("code", code)
                .number("revision", *revision),
            InterviewRefusal::WipedAfterDelivery { code } => {
                Explanation::new("interview-wiped-after-delivery").text("code", code)
            }
            InterviewRefusal::AlreadySealed {
                code,
                revision,
                state,
                hash,
            } => Explanation::new(if hash.is_some() {
                "interview-already-sealed-hash"
            } else {
                "interview-already-sealed"
            })
            .text("code", code)
            .number("revision", *revision)
            .text("state", state.as_str())
            .text("hash", hash.as_deref().unwrap_or_default()),
            InterviewRefusal::FormTooLarge { mib } => {
                Explanation::new("interview-form-too-large").number("mib", *mib as f64)
            }
        }
    }
}

/// Why a review, filter or analysis request was refused (nothing in the archive changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewRefusal {
    /// A value that is not one of those allowed for `what` (`known` lists them, or the
    /// nearest one).
    UnknownValue {
        what: &'static str,
        value: String,
        known: String,
    },
    /// A date that is not EDTF.
    BadDate { value: String },
    /// The interview has no incident with that number.
    NoSuchIncident { code: String, number: u32, count: u32 },
    /// An annotation without a reviewer to name.
    NoReviewer,
    /// An annotation that records nothing.
    NothingToRecord,
    /// No interviewee's consent allows sharing with this audience.
    NoConsentFor { audience: String },
    /// An excerpt's range is not inside the narrative.
    ExcerptOutOfRange {
        code: String,
        start: usize,
        end: usize,
        length: usize,
    },
    /// A consent change that names nothing to narrow.
    NoConsentChange,
    /// A consent change that would widen the consent in force (only a new revision may).
    ConsentWidening { code: String, what: String },
    /// The excerpt was chosen in another revision than the newest.
    ExcerptRevisionChanged {
        code: String,
        chosen: String,
        current: String,
    },
}

impl Explain for ReviewRefusal {
    fn explain(&self) -> Explanation {
        match self {
            ReviewRefusal::UnknownValue { what, value, known } => Explanation::new("review-unknown-value")
                .text("what", what)
                .text("value", quoted(value))
                .text("known", known),
            ReviewRefusal::BadDate { value } => {
                Explanation::new("review-bad-date").text("value", quoted(value))
            }
            ReviewRefusal::NoSuchIncident { code, number, count } => {
                Explanation::new("review-no-such-incident")
                    .text("code", code)
                    .number("number", f64::from(*number))
                    .number("count", f64::from(*count))
            }
            ReviewRefusal::NoReviewer => Explanation::new("review-no-reviewer"),
            ReviewRefusal::NothingToRecord => Explanation::new("review-nothing"),
            ReviewRefusal::NoConsentChange => Explanation::new("consent-nothing"),
            ReviewRefusal::ConsentWidening { code, what } => Explanation::new("consent-widening")
                .text("code", code)
                .text("what", what),
            ReviewRefusal::NoConsentFor { audience } => {
                Explanation::new("publish-no-consent").text("audience", quoted(audience))
            }
            ReviewRefusal::ExcerptOutOfRange {
                code,
                start,
                end,
                length,
            } => Explanation::new("publish-out-of-range")
                .text("code", code)
                .number("start", *start as f64)
                .number("end", *end as f64)
                .number("length", *length as f64),
            ReviewRefusal::ExcerptRevisionChanged {
                code,
                chosen,
                current,
            } => Explanation::new("publish-revision-changed")
                .text("code", code)
                .text("chosen", &chosen[..chosen.len().min(16)])
                .text("current", &current[..current.len().min(16)]),
        }
    }
}

/// Why an attachment was not taken, or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentRefusal {
    /// A folder, link, FIFO, device or socket instead of a file.
    NotARegularFile(PathBuf),
    /// The file's size or time changed while it was read: nothing was kept.
    ChangedWhileReading(PathBuf),
    /// Audio for an interview whose consent does not allow recording.
    NoRecordingConsent {
        code: String,
    },
    InterviewFull {
        limit_gib: u64,
    },
    VaultFull {
        limit_gib: u64,
    },
    /// The encrypted file does not open as written (`detail`: which chunk, what).
    Damaged {
        name: String,
        detail: String,
    },
}

impl Explain for AttachmentRefusal {
    fn explain(&self) -> Explanation {
        match self {
            AttachmentRefusal::NotARegularFile(path) => {
                Explanation::new("attachment-not-a-file").path("path", path)
            }
            AttachmentRefusal::ChangedWhileReading(path) => {
                Explanation::new("attachment-changed").path("path", path)
            }
            AttachmentRefusal::NoRecordingConsent { code } => {
                Explanation::new("attachment-no-recording-consent").text("code", code)
            }
            AttachmentRefusal::InterviewFull { limit_gib } => {
                Explanation::new("attachment-interview-full").number("limit", *limit_gib as f64)
            }
            AttachmentRefusal::VaultFull { limit_gib } => {
                Explanation::new("attachment-vault-full").number("limit", *limit_gib as f64)
            }
            AttachmentRefusal::Damaged { name, detail } => Explanation::new("attachment-damaged")
                .text("name", quoted(name))
                .technical(detail),
        }
    }
}

/// What was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    Interview {
        selector: String,
    },
    /// An id prefix that several interviews share.
    SeveralInterviews {
        selector: String,
    },
    Party {
        selector: String,
    },
    SeveralParties {
        selector: String,
    },
    Setting {
        key: String,
    },
    /// No receipt for this laptop in a stick's folder.
    ReceiptIn {
        dir: PathBuf,
    },
    /// No current attachment of the interview has this id (prefix) or file name.
    Attachment {
        selector: String,
    },
    SeveralAttachments {
        selector: String,
    },
}

impl Explain for Missing {
    fn explain(&self) -> Explanation {
        match self {
            Missing::Interview { selector } => {
                Explanation::new("missing-interview").text("selector", quoted(selector))
            }
            Missing::SeveralInterviews { selector } => {
                Explanation::new("missing-several-interviews").text("selector", quoted(selector))
            }
            Missing::Party { selector } => {
                Explanation::new("missing-party").text("selector", quoted(selector))
            }
            Missing::SeveralParties { selector } => {
                Explanation::new("missing-several-parties").text("selector", quoted(selector))
            }
            Missing::Setting { key } => Explanation::new("missing-setting").text("key", quoted(key)),
            Missing::ReceiptIn { dir } => Explanation::new("missing-receipt").path("dir", dir),
            Missing::Attachment { selector } => {
                Explanation::new("missing-attachment").text("selector", quoted(selector))
            }
            Missing::SeveralAttachments { selector } => {
                Explanation::new("missing-several-attachments").text("selector", quoted(selector))
            }
        }
    }
}

fn quoted(s: &str) -> String {
    crate::domain::quote::quote(s)
}

/// Why an export did not happen (before anything was written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NothingToExport {
    NoHeadquarters,
    NothingSealed,
    AllLeftOut,
    /// Interviews changed while the bundle was written; it was removed.
    ChangedMeanwhile,
}

/// Why a receipt was refused after it decrypted and its signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptRefusal {
    ForAnotherDevice,
    UnknownBundle,
    SequenceMismatch,
    /// It names a revision that was not in the bundle.
    NotInBundle {
        code: String,
        revision: u32,
    },
    NotInVault {
        code: String,
        revision: u32,
    },
}

impl Explain for ReceiptRefusal {
    fn explain(&self) -> Explanation {
        match self {
            ReceiptRefusal::ForAnotherDevice => Explanation::new("receipt-for-another-device"),
            ReceiptRefusal::UnknownBundle => Explanation::new("receipt-unknown-bundle"),
            ReceiptRefusal::SequenceMismatch => Explanation::new("receipt-sequence-mismatch"),
            ReceiptRefusal::NotInBundle { code, revision } => Explanation::new("receipt-not-in-bundle")
                .text("code", quoted(code))
                .number("revision", *revision),
            ReceiptRefusal::NotInVault { code, revision } => Explanation::new("receipt-not-in-vault")
                .text("code", quoted(code))
                .number("revision", *revision),
        }
    }
}

/// Why a bundle file on a stick may not be wiped (without `--force`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotCovered {
    NotOurs,
    /// It has a bundle's name but not its content.
    Changed {
        sequence: u64,
    },
    NoReceipt {
        sequence: u64,
    },
}

impl Explain for NotCovered {
    fn explain(&self) -> Explanation {
        match self {
            NotCovered::NotOurs => Explanation::new("not-covered-not-ours"),
            NotCovered::Changed { sequence } => {
                Explanation::new("not-covered-changed").number("sequence", *sequence as f64)
            }
            NotCovered::NoReceipt { sequence } => {
                Explanation::new("not-covered-no-receipt").number("sequence", *sequence as f64)
            }
        }
    }
}

impl std::fmt::Display for NotCovered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::explain::explain(crate::domain::Lang::En, self).what)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    WrongPassphrase,
    /// A new passphrase shorter than `min` characters.
    PassphraseTooShort {
        min: usize,
    },
    NotAVault(PathBuf),
    NoSuchFolder(PathBuf),
    NotEmpty(PathBuf),
    Header(#[source] HeaderError),
    Damaged(Damage),
    Store(#[from] StoreError),
    Invalid(#[from] ValidationErrors),
    NotFound(Missing),
    InvalidCard(#[from] CardError),
    /// An export's part size that cannot be used.
    PartSize(#[from] PartSizeError),
    Trust(TrustRefusal),
    Interview(InterviewRefusal),
    Attachment(AttachmentRefusal),
    Review(ReviewRefusal),
    /// This vault's role does not do that (a field laptop does not import bundles).
    WrongRole {
        operation: Operation,
        needed: Role,
        this: Role,
    },
    NothingToExport(NothingToExport),
    /// A bundle or receipt refused for what it is (`file` names it when known).
    Bundle {
        file: Option<String>,
        #[source]
        source: BundleError,
    },
    /// A bundle refused by headquarters' checks on what it holds.
    Import {
        file: String,
        #[source]
        source: Box<ImportError>,
    },
    /// A receipt refused after it verified.
    Receipt {
        file: String,
        refusal: ReceiptRefusal,
    },
    /// A file passed over by an import: a receipt, an unfinished export, a hidden file.
    PassedOver(super::exchange::PassedOver),
    /// A bundle file a receipt does not cover, which `wipe` will not touch without `--force`.
    NotCovered {
        path: PathBuf,
        why: NotCovered,
    },
    /// A delivered-interview wipe would take an interview no receipt covers (`state`:
    /// where it stands, or `None` if this vault does not have it).
    NotDelivered {
        code: String,
        state: Option<Lifecycle>,
    },
    /// A file to wipe that is not a regular file.
    NotABundleFile(PathBuf),
    Wipe(#[from] WipeError),
    /// Export wrote a file that reads back differently: the medium may be failing.
    ReadBackMismatch(PathBuf),
    Io {
        action: IoAction,
        path: PathBuf,
        cause: IoCause,
        #[source]
        source: std::io::Error,
    },
}

impl VaultError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            VaultError::WrongPassphrase => ErrorKind::WrongPassphrase,
            VaultError::PassphraseTooShort { .. }
            | VaultError::Invalid(_)
            | VaultError::InvalidCard(_)
            | VaultError::PartSize(_)
            | VaultError::Trust(TrustRefusal::BadLabel | TrustRefusal::NumberMismatch { .. }) => {
                ErrorKind::InvalidInput
            }
            VaultError::Trust(TrustRefusal::WrongRole { .. } | TrustRefusal::OwnCard) => {
                ErrorKind::InvalidInput
            }
            VaultError::Trust(_) => ErrorKind::Conflict,
            VaultError::NotAVault(_) | VaultError::NoSuchFolder(_) => ErrorKind::NotAVault,
            VaultError::Header(_) | VaultError::Damaged(_) => ErrorKind::Damaged,
            VaultError::Store(StoreError::Damaged(_) | StoreError::NewerSchema { .. }) => ErrorKind::Damaged,
            VaultError::Attachment(
                AttachmentRefusal::NotARegularFile(_) | AttachmentRefusal::ChangedWhileReading(_),
            ) => ErrorKind::InvalidInput,
            VaultError::Attachment(AttachmentRefusal::Damaged { .. }) => ErrorKind::Damaged,
            VaultError::Review(_) => ErrorKind::InvalidInput,
            VaultError::NotEmpty(_)
            | VaultError::Attachment(_)
            | VaultError::Interview(_)
            | VaultError::WrongRole { .. }
            | VaultError::NothingToExport(_)
            | VaultError::NotCovered { .. }
            | VaultError::NotDelivered { .. } => ErrorKind::Conflict,
            VaultError::NotFound(_) => ErrorKind::NotFound,
            VaultError::Bundle { source, .. } => match source.kind() {
                crate::bundle::ErrorKind::Io | crate::bundle::ErrorKind::InvalidInput => ErrorKind::Io,
                _ => ErrorKind::Rejected,
            },
            VaultError::Import { source, .. } => match &**source {
                ImportError::Store(StoreError::Damaged(_) | StoreError::NewerSchema { .. }) => {
                    ErrorKind::Damaged
                }
                ImportError::Store(_) | ImportError::Io { .. } => ErrorKind::Io,
                // Headquarters already holds something else under these names: a person
                // must look at it (`hq review`), so an import run stops here.
                ImportError::ForeignRevision { .. }
                | ImportError::Forked { .. }
                | ImportError::AlreadyHoldsDifferent { .. }
                | ImportError::NotEnrolled => ErrorKind::Conflict,
                ImportError::Bundle(inner) => match inner.kind() {
                    crate::bundle::ErrorKind::Io | crate::bundle::ErrorKind::InvalidInput => ErrorKind::Io,
                    _ => ErrorKind::Rejected,
                },
                ImportError::RemovedDevice { .. }
                | ImportError::InvalidInterview { .. }
                | ImportError::NotOneInterview { .. }
                | ImportError::CodeMismatch { .. }
                | ImportError::PreviousRevisionClaim { .. }
                | ImportError::HashMismatch { .. }
                | ImportError::HeldNoLongerValid(_)
                | ImportError::BadRecipient(_)
                | ImportError::Parts(_)
                | ImportError::PartsDoNotJoin { .. } => ErrorKind::Rejected,
            },
            VaultError::Receipt { .. } | VaultError::PassedOver(_) => ErrorKind::Rejected,
            VaultError::NotABundleFile(_)
            | VaultError::Wipe(_)
            | VaultError::ReadBackMismatch(_)
            | VaultError::Store(_)
            | VaultError::Io { .. } => ErrorKind::Io,
        }
    }

    /// Whether this error refuses one file (a bundle or receipt that is forged, damaged,
    /// not for this vault, or invalid) rather than stopping the work as a whole.
    pub fn refuses_the_file(&self) -> bool {
        matches!(self.kind(), ErrorKind::Rejected | ErrorKind::InvalidInput)
    }

    /// Whether a bundle's format is newer than this program reads.
    pub fn is_unsupported_version(&self) -> bool {
        let bundle = match self {
            VaultError::Bundle { source, .. } => source,
            VaultError::Import { source, .. } => match &**source {
                ImportError::Bundle(source) => source,
                _ => return false,
            },
            _ => return false,
        };
        bundle.kind() == crate::bundle::ErrorKind::UnsupportedVersion
    }

    /// A file or folder problem.
    pub fn io(action: IoAction, path: &Path, source: std::io::Error) -> VaultError {
        VaultError::Io {
            action,
            path: path.to_path_buf(),
            cause: IoCause::of(source.kind()),
            source,
        }
    }

    /// For a file or folder problem, what kind it was.
    pub fn io_cause(&self) -> Option<IoCause> {
        match self {
            VaultError::Io { cause, .. } => Some(*cause),
            VaultError::Store(StoreError::ReadOnly) => Some(IoCause::ReadOnly),
            VaultError::Store(StoreError::DiskFull) => Some(IoCause::Full),
            _ if self.kind() == ErrorKind::Io => Some(IoCause::Other),
            _ => None,
        }
    }

    pub(crate) fn store_at(error: StoreError, path: &Path) -> VaultError {
        match error {
            StoreError::Damaged(detail) => VaultError::Damaged(Damage::Database {
                path: path.to_path_buf(),
                detail,
            }),
            other => VaultError::Store(other),
        }
    }

    pub(crate) fn from_header(error: HeaderError) -> VaultError {
        match error {
            HeaderError::WrongPassphrase => VaultError::WrongPassphrase,
            other => VaultError::Header(other),
        }
    }

    /// A bundle or receipt error about the file at `path`.
    pub(crate) fn bundle_at(source: BundleError, path: &Path) -> VaultError {
        VaultError::Bundle {
            file: Some(path.display().to_string()),
            source,
        }
    }
}

impl From<BundleError> for VaultError {
    fn from(source: BundleError) -> Self {
        VaultError::Bundle { file: None, source }
    }
}

impl Explain for VaultError {
    fn explain(&self) -> Explanation {
        match self {
            VaultError::WrongPassphrase => Explanation::new("wrong-passphrase"),
            VaultError::PassphraseTooShort { min } => {
                Explanation::new("passphrase-too-short").number("min", *min as f64)
            }
            VaultError::NotAVault(path) => Explanation::new("not-a-vault").path("path", path),
            VaultError::NoSuchFolder(path) => Explanation::new("no-such-folder").path("path", path),
            VaultError::NotEmpty(path) => Explanation::new("not-empty").path("path", path),
            VaultError::Header(error) => Explanation::new("vault-header").cause(error),
            VaultError::Damaged(damage) => damage.explain(),
            VaultError::Store(error) => error.explain(),
            VaultError::Invalid(errors) => errors.explain(),
            VaultError::NotFound(missing) => missing.explain(),
            VaultError::InvalidCard(error) => Explanation::new("invalid-card").cause(error),
            VaultError::PartSize(error) => error.explain(),
            VaultError::Trust(refusal) => refusal.explain(),
            VaultError::Interview(refusal) => refusal.explain(),
            VaultError::Attachment(refusal) => refusal.explain(),
            VaultError::Review(refusal) => refusal.explain(),
            VaultError::WrongRole {
                operation,
                needed,
                this,
            } => Explanation::new("wrong-role")
                .text("operation", operation.id())
                .text("needed", needed.as_str())
                .text("this", this.as_str()),
            VaultError::NothingToExport(why) => Explanation::new(match why {
                NothingToExport::NoHeadquarters => "export-no-headquarters",
                NothingToExport::NothingSealed => "export-nothing-sealed",
                NothingToExport::AllLeftOut => "export-all-left-out",
                NothingToExport::ChangedMeanwhile => "export-changed-meanwhile",
            }),
            VaultError::Bundle { file: None, source } => source.explain(),
            VaultError::Bundle {
                file: Some(file),
                source,
            } => Explanation::new("in-file").text("file", file).cause(source),
            VaultError::Import { file, source } => {
                Explanation::new("in-file").text("file", file).cause(&**source)
            }
            VaultError::Receipt { file, refusal } => {
                Explanation::new("in-file").text("file", file).cause(refusal)
            }
            VaultError::PassedOver(why) => why.explain(),
            VaultError::NotCovered { path, why } => {
                Explanation::new("wipe-not-covered").path("path", path).cause(why)
            }
            VaultError::NotDelivered { code, state } => Explanation::new("wipe-not-delivered")
                .text("code", code)
                .text("state", state.map_or("absent", |s| s.as_str())),
            VaultError::NotABundleFile(path) => Explanation::new("wipe-not-a-bundle-file").path("path", path),
            VaultError::Wipe(error) => error.explain(),
            VaultError::ReadBackMismatch(path) => Explanation::new("export-read-back").path("path", path),
            VaultError::Io {
                action,
                path,
                cause,
                source,
            } => {
                let explanation = Explanation::new("io-failed")
                    .text("action", action.id())
                    .path("path", path)
                    .text("why", cause.id());
                if *cause == IoCause::Other {
                    explanation.technical(source)
                } else {
                    explanation
                }
            }
        }
    }
}

crate::explain::display_in_english!(VaultError);
