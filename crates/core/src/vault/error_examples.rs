//! One example of every error a person can meet, for the catalogue's tests: each renders
//! in both languages with every argument it names, and the examples together use every
//! message id of the catalogue (the tests in `explain` check both). Only in tests and the
//! `testing` surface.

use std::io;
use std::path::PathBuf;

use super::error::{
    AttachmentRefusal, Damage, InterviewRefusal, IoAction, IoCause, Missing, NotCovered, NothingToExport,
    Operation, ReceiptRefusal, ReviewRefusal, TrustRefusal,
};
use super::exchange::{ImportError, PassedOver};
use super::{Role, VaultError};
use crate::bundle::card::CardError;
use crate::bundle::parts::{PartSizeError, PartsError};
use crate::bundle::{BundleError, Doc};
use crate::crypto::header::HeaderError;
use crate::crypto::kdf::KdfError;
use crate::disk::wipe::{WipeError, WipeStep};
use crate::domain::{EdtfDate, Lifecycle, Problem, ValidationError, ValidationErrors, VocabKind};
use crate::store::StoreError;

fn path() -> PathBuf {
    PathBuf::from("/media/stick/a1b2")
}

fn os_error() -> io::Error {
    io::Error::other("Input/output error (os error 5)")
}

fn problems() -> Vec<Problem> {
    let mut problems = vec![
        Problem::NotAnInterview { found: "list" },
        Problem::FileTooLarge {
            bytes: 20_000_000,
            limit: 16 * 1024 * 1024,
        },
        Problem::NotJson {
            detail: "expected value".into(),
        },
        Problem::Shape {
            detail: "missing field `who`".into(),
        },
        Problem::UnknownField {
            allowed: String::new(),
        },
        Problem::UnknownField {
            allowed: "code, narrative".into(),
        },
        Problem::EmptyList,
        Problem::TooManyInterviews {
            count: 10_001,
            limit: 10_000,
        },
        Problem::NotOneInterview { count: 2 },
        Problem::DuplicateCode {
            code: "\"W26-0001\"".into(),
            first: 0,
        },
        Problem::CodeTwiceInImport {
            code: "\"W26-0001\"".into(),
            first: "a.json".into(),
        },
        Problem::ContainsNul,
        Problem::InvalidCode {
            value: "\"Kim Young-hee\"".into(),
        },
        Problem::NotACountry {
            value: "\"kp\"".into(),
        },
        Problem::NotALanguage {
            value: "\"korean\"".into(),
        },
        Problem::TooLongBytes {
            bytes: 1025,
            limit: 1024,
        },
        Problem::TooLongBytes {
            bytes: 1001,
            limit: 1000,
        },
        Problem::TooLongChars {
            chars: 101,
            limit: 100,
        },
        Problem::Empty,
    ];
    for kind in VocabKind::ALL {
        problems.push(Problem::NotInVocabulary {
            value: "\"trafficing\"".into(),
            kind,
            suggestion: Some("\"trafficking\"".into()),
        });
        problems.push(Problem::NotInVocabulary {
            value: "\"x\"".into(),
            kind,
            suggestion: None,
        });
    }
    for what in [
        "entries",
        "incidents",
        "children",
        "tags",
        "perpetrators",
        "victims",
    ] {
        problems.push(Problem::TooMany {
            what,
            count: 201,
            limit: 200,
        });
    }
    for value in ["", "2014-13", "2015/2014", "someday"] {
        problems.push(Problem::Date(EdtfDate::parse(value).unwrap_err()));
    }
    problems.push(Problem::Date(EdtfDate::parse_year("1991-02").unwrap_err()));
    problems
}

fn bundle_errors() -> Vec<BundleError> {
    let mut errors = vec![BundleError::ReceiptForAnotherDevice {
        device: "SHA256:abc".into(),
    }];
    for doc in [Doc::Bundle, Doc::Receipt] {
        errors.extend([
            BundleError::NotEncryptedToUs { doc },
            BundleError::NotADocument {
                doc,
                reason: "it is not an age-encrypted file",
            },
            BundleError::Damaged { doc },
            BundleError::BadSignature { doc },
            BundleError::Tampered {
                doc,
                detail: "a1.json differs".into(),
            },
            BundleError::UnknownSigner {
                doc,
                fingerprint: "SHA256:abc".into(),
            },
            BundleError::UnsupportedVersion {
                doc,
                found: "fieldvault-bundle/9".into(),
            },
            BundleError::Hostile {
                doc,
                detail: "a setuid entry".into(),
            },
            BundleError::InvalidInput {
                doc,
                detail: "no recipients".into(),
            },
            BundleError::Io {
                doc,
                source: os_error(),
            },
        ]);
    }
    errors
}

fn import_errors() -> Vec<ImportError> {
    let invalid = ValidationErrors::one("code", Problem::Empty);
    vec![
        ImportError::RemovedDevice {
            device: "ab12cd".into(),
            label: "laptop 3".into(),
            removed_on: "2026-11-02".into(),
        },
        ImportError::InvalidInterview {
            file: "a1.json".into(),
            errors: invalid.clone(),
        },
        ImportError::NotOneInterview {
            file: "a1.json".into(),
        },
        ImportError::CodeMismatch {
            file: "a1.json".into(),
            manifest_code: "W26-0001".into(),
            file_code: "W26-0002".into(),
        },
        ImportError::PreviousRevisionClaim {
            file: "a1.json".into(),
            revision: 1,
        },
        ImportError::PreviousRevisionClaim {
            file: "a1.json".into(),
            revision: 2,
        },
        ImportError::HashMismatch {
            file: "a1.json".into(),
        },
        ImportError::ForeignRevision {
            sender: "device ab12cd (laptop B)".into(),
            owner: "device ef34gh (laptop A)".into(),
            revision: 2,
            interview: "0f1e".into(),
            code: "W26-0001".into(),
        },
        ImportError::Forked {
            sender: "device ab12cd (laptop B)".into(),
            revision: 3,
            interview: "0f1e".into(),
            code: "W26-0001".into(),
        },
        ImportError::AlreadyHoldsDifferent {
            revision: 1,
            code: "W26-0001".into(),
        },
        ImportError::HeldNoLongerValid(invalid),
        ImportError::NotEnrolled,
        ImportError::BadRecipient("bad bech32".into()),
        ImportError::Io {
            path: path(),
            source: os_error(),
        },
        ImportError::Bundle(BundleError::Damaged { doc: Doc::Bundle }),
        ImportError::Store(StoreError::Busy),
        ImportError::Parts(PartsError::Missing {
            name: "a1b2".into(),
            part: 2,
            count: 3,
        }),
        ImportError::Parts(PartsError::Extra {
            name: "a1b2".into(),
            part: 4,
            count: 3,
        }),
        ImportError::Parts(PartsError::Mixed {
            name: "a1b2".into(),
            counts: (3, 4),
        }),
        ImportError::Parts(PartsError::WrongSize {
            name: "a1b2".into(),
            part: 2,
            count: 3,
            size: 1000,
            expected: 65536,
        }),
        ImportError::Parts(PartsError::WrongSize {
            name: "a1b2".into(),
            part: 3,
            count: 3,
            size: 70000,
            expected: 65536,
        }),
        ImportError::Parts(PartsError::WrongSize {
            name: "a1b2".into(),
            part: 3,
            count: 3,
            size: 0,
            expected: 65536,
        }),
        ImportError::PartsDoNotJoin {
            name: "a1b2".into(),
            count: 3,
            source: BundleError::Damaged { doc: Doc::Bundle },
        },
    ]
}

fn wipe_errors() -> Vec<WipeError> {
    let mut errors = vec![
        WipeError::NotFound { path: path() },
        WipeError::NotAFolder { path: path() },
        WipeError::Symlink { path: path() },
        WipeError::HardLinked {
            path: path(),
            links: 2,
        },
        WipeError::ReadOnly { path: path() },
        WipeError::NotWritable { path: path() },
    ];
    for kind in ["folder", "device", "pipe", "socket", "other"] {
        errors.push(WipeError::NotAFile { path: path(), kind });
    }
    for step in [
        WipeStep::Overwriting,
        WipeStep::Truncating,
        WipeStep::Renaming,
        WipeStep::SyncingFolder,
        WipeStep::Unlinking,
    ] {
        errors.push(WipeError::Interrupted {
            path: path(),
            now_at: path(),
            done_percent: 40,
            step,
            source: os_error(),
        });
    }
    for action in ["open", "read", "replaced"] {
        errors.push(WipeError::Io {
            path: path(),
            action,
            source: os_error(),
        });
    }
    errors
}

fn store_errors() -> Vec<StoreError> {
    vec![
        StoreError::WrongKey,
        StoreError::Damaged("corrupt pages".into()),
        StoreError::NewerSchema { found: 9, known: 4 },
        StoreError::ReadOnly,
        StoreError::DiskFull,
        StoreError::Busy,
        StoreError::MigrationBreaksReferences {
            migration: 5,
            broken: 3,
        },
        StoreError::NoLongerDraft,
        StoreError::CannotCreate {
            path: path(),
            source: os_error(),
        },
        StoreError::Sqlite(rusqlite::Error::InvalidQuery),
    ]
}

fn header_errors() -> Vec<HeaderError> {
    vec![
        HeaderError::WrongPassphrase,
        HeaderError::NotAHeader,
        HeaderError::UnsupportedVersion(9),
        HeaderError::Damaged("the key check does not match".into()),
        HeaderError::Kdf(KdfError::OutOfBounds {
            setting: "m_cost",
            value: 1,
            min: 8,
            max: 4_194_304,
        }),
        HeaderError::Kdf(KdfError::OutOfMemory { mib: 1024 }),
        HeaderError::Kdf(KdfError::Argon2("params".into())),
    ]
}

/// The drop box's refusals, which the sync client shows as they come.
#[cfg(test)]
pub fn relay_refusals() -> Vec<crate::relay::RelayRefusal> {
    use crate::relay::RelayRefusal;
    vec![
        RelayRefusal::UnknownKey,
        RelayRefusal::BadSignature,
        RelayRefusal::Stale { skew: -400 },
        RelayRefusal::Replayed,
        RelayRefusal::Malformed,
        RelayRefusal::NotAllowed,
    ]
}

/// How a `sync` can fail besides a refusal or a vault error.
#[cfg(test)]
pub fn sync_errors() -> Vec<crate::relay::SyncError> {
    use crate::relay::SyncError;
    vec![
        SyncError::Unreachable("Connection refused (os error 111)".into()),
        SyncError::PinMismatch,
        SyncError::Status(502),
        SyncError::Garbled,
        SyncError::TooLarge,
        SyncError::StoreFull,
        SyncError::Cancelled,
        SyncError::BadProxy("http://127.0.0.1:9050".into()),
    ]
}

/// Every error a person can meet, at least once each way it can be worded.
pub fn examples() -> Vec<VaultError> {
    let mut errors = vec![
        VaultError::WrongPassphrase,
        VaultError::PassphraseTooShort { min: 10 },
        VaultError::PartSize(PartSizeError::NotASize {
            text: "4 gigs".into(),
        }),
        VaultError::PartSize(PartSizeError::TooSmall { bytes: 1024 }),
        VaultError::NotAVault(path()),
        VaultError::NoSuchFolder(path()),
        VaultError::NotEmpty(path()),
        VaultError::InvalidCard(CardError::TooLong(100_000)),
        VaultError::InvalidCard(CardError::Line {
            line: 3,
            problem: "expected `age:`".into(),
        }),
        VaultError::InvalidCard(CardError::BadSignature),
        VaultError::InvalidCard(CardError::Invalid("the label is empty")),
        VaultError::PassedOver(PassedOver::Receipt),
        VaultError::PassedOver(PassedOver::UnfinishedExport),
        VaultError::PassedOver(PassedOver::HiddenFile),
        VaultError::PassedOver(PassedOver::OwnReceipt),
        VaultError::NotDelivered {
            code: "W26-0001".into(),
            state: Some(Lifecycle::Sealed),
        },
        VaultError::NotDelivered {
            code: "W26-0001".into(),
            state: None,
        },
        VaultError::NotABundleFile(path()),
        VaultError::ReadBackMismatch(path()),
    ];
    errors.extend(header_errors().into_iter().map(VaultError::Header));
    errors.extend(store_errors().into_iter().map(VaultError::Store));
    for (index, problem) in problems().into_iter().enumerate() {
        let at = if index % 2 == 0 { "incidents[2].when" } else { "" };
        errors.push(VaultError::Invalid(ValidationErrors::one(at, problem)));
    }
    errors.push(VaultError::Invalid(ValidationErrors(vec![
        ValidationError::new("code", Problem::Empty),
        ValidationError::new("tags[0]", Problem::Empty),
    ])));
    errors.push(VaultError::Invalid(ValidationErrors(Vec::new())));
    for source in bundle_errors() {
        errors.push(VaultError::Bundle {
            file: Some("a1b2".into()),
            source,
        });
    }
    errors.push(VaultError::Bundle {
        file: None,
        source: BundleError::Damaged { doc: Doc::Receipt },
    });
    for source in import_errors() {
        errors.push(VaultError::Import {
            file: "a1b2".into(),
            source: Box::new(source),
        });
    }
    errors.extend(wipe_errors().into_iter().map(VaultError::Wipe));
    errors.extend(
        [
            Damage::DatabaseMissing(path()),
            Damage::DatabaseNotOfThisHeader(path()),
            Damage::Database {
                path: path(),
                detail: "corrupt pages".into(),
            },
            Damage::RoleUnrecorded,
            Damage::NoRevisions {
                interview: "0f1e".into(),
            },
            Damage::RevisionUnreadable {
                code: "W26-0001".into(),
                revision: 2,
            },
            Damage::NoIdentityKeys,
            Damage::SigningKeyUnreadable,
            Damage::AgeIdentityUnreadable,
            Damage::StoredAgeKeyUnreadable {
                label: "Seoul HQ".into(),
            },
            Damage::TrustedFingerprintUnreadable,
            Damage::KeyGeneration("no entropy".into()),
        ]
        .into_iter()
        .map(VaultError::Damaged),
    );
    for (card, vault) in [
        (Role::Field, Role::Field),
        (Role::Headquarters, Role::Headquarters),
    ] {
        errors.push(VaultError::Trust(TrustRefusal::WrongRole { card, vault }));
    }
    errors.extend(
        [
            TrustRefusal::OwnCard,
            TrustRefusal::NumberMismatch {
                safety_number: "12345 67890".into(),
            },
            TrustRefusal::RecipientChanged {
                label: "\"Seoul HQ\"".into(),
                old: "age1old".into(),
                new: "age1new".into(),
            },
            TrustRefusal::AlreadyRemoved {
                label: "laptop 3".into(),
            },
            TrustRefusal::BadLabel,
        ]
        .into_iter()
        .map(VaultError::Trust),
    );
    let code = || "W26-0001".to_owned();
    for state in [
        Lifecycle::Sealed,
        Lifecycle::Exported,
        Lifecycle::Delivered,
        Lifecycle::Wiped,
    ] {
        errors.push(VaultError::Interview(InterviewRefusal::Fixed {
            code: code(),
            revision: 1,
            state,
        }));
        errors.push(VaultError::Interview(InterviewRefusal::AlreadySealed {
            code: code(),
            revision: 1,
            state,
            hash: Some("9f86d081".into()),
        }));
    }
    errors.extend(
        [
            InterviewRefusal::CodeInVault {
                file: "a.json".into(),
                code: "\"W26-0001\"".into(),
            },
            InterviewRefusal::CodeTaken {
                code: "\"W26-0001\"".into(),
            },
            InterviewRefusal::CodeOnSeveralDevices {
                code: "\"W26-0001\"".into(),
                count: 2,
                ids: "0f1e, 9a8b".into(),
            },
            InterviewRefusal::StillDraft {
                code: code(),
                revision: 2,
            },
            InterviewRefusal::WipedAfterDelivery { code: code() },
            InterviewRefusal::AlreadySealed {
                code: code(),
                revision: 1,
                state: Lifecycle::Draft,
                hash: None,
            },
            InterviewRefusal::FormTooLarge { mib: 24 },
        ]
        .into_iter()
        .map(VaultError::Interview),
    );
    errors.extend(
        [
            Missing::Interview { selector: code() },
            Missing::SeveralInterviews {
                selector: "0f1e".into(),
            },
            Missing::Party {
                selector: "Seoul HQ".into(),
            },
            Missing::SeveralParties {
                selector: "ab".into(),
            },
            Missing::Setting {
                key: "ui.colour".into(),
            },
            Missing::ReceiptIn { dir: path() },
            Missing::Attachment {
                selector: "recording.wav".into(),
            },
            Missing::SeveralAttachments {
                selector: "0f1e".into(),
            },
        ]
        .into_iter()
        .map(VaultError::NotFound),
    );
    errors.extend(
        [
            ReviewRefusal::UnknownValue {
                what: "incident kind",
                value: "detention".into(),
                known: "arbitrary_detention".into(),
            },
            ReviewRefusal::BadDate {
                value: "spring".into(),
            },
            ReviewRefusal::NoSuchIncident {
                code: code(),
                number: 4,
                count: 2,
            },
            ReviewRefusal::NoReviewer,
            ReviewRefusal::NothingToRecord,
            ReviewRefusal::NoConsentChange,
            ReviewRefusal::ConsentWidening {
                code: code(),
                what: "quote \"named\" (now \"anonymised\")".into(),
            },
            ReviewRefusal::NoConsentFor {
                audience: "public".into(),
            },
            ReviewRefusal::ExcerptOutOfRange {
                code: code(),
                start: 10,
                end: 5000,
                length: 420,
            },
            ReviewRefusal::ExcerptRevisionChanged {
                code: code(),
                chosen: "3f2a".repeat(16),
                current: "9b1c".repeat(16),
            },
        ]
        .into_iter()
        .map(VaultError::Review),
    );
    errors.extend(
        [
            AttachmentRefusal::NotARegularFile(path()),
            AttachmentRefusal::ChangedWhileReading(path()),
            AttachmentRefusal::NoRecordingConsent { code: code() },
            AttachmentRefusal::InterviewFull { limit_gib: 32 },
            AttachmentRefusal::VaultFull { limit_gib: 256 },
            AttachmentRefusal::Damaged {
                name: "passport.jpg".into(),
                detail: "chunk 3 of the attachment does not authenticate".into(),
            },
        ]
        .into_iter()
        .map(VaultError::Attachment),
    );
    for operation in [
        Operation::ImportBundles,
        Operation::ImportReceipts,
        Operation::ExportBundles,
        Operation::ExportHqKey,
        Operation::WipeDelivered,
        Operation::Review,
        Operation::Analysis,
    ] {
        for (needed, this) in [
            (Role::Field, Role::Headquarters),
            (Role::Headquarters, Role::Field),
        ] {
            errors.push(VaultError::WrongRole {
                operation,
                needed,
                this,
            });
        }
    }
    errors.extend(
        [
            NothingToExport::NoHeadquarters,
            NothingToExport::NothingSealed,
            NothingToExport::AllLeftOut,
            NothingToExport::ChangedMeanwhile,
        ]
        .into_iter()
        .map(VaultError::NothingToExport),
    );
    errors.extend(
        [
            ReceiptRefusal::ForAnotherDevice,
            ReceiptRefusal::UnknownBundle,
            ReceiptRefusal::SequenceMismatch,
            ReceiptRefusal::NotInBundle {
                code: code(),
                revision: 1,
            },
            ReceiptRefusal::NotInVault {
                code: code(),
                revision: 1,
            },
        ]
        .into_iter()
        .map(|refusal| VaultError::Receipt {
            file: "c3d4".into(),
            refusal,
        }),
    );
    errors.extend(
        [
            NotCovered::NotOurs,
            NotCovered::Changed { sequence: 4 },
            NotCovered::NoReceipt { sequence: 4 },
        ]
        .into_iter()
        .map(|why| VaultError::NotCovered { path: path(), why }),
    );
    let actions = [
        IoAction::CreateVaultFolder,
        IoAction::ProtectDatabase,
        IoAction::ReadFolder,
        IoAction::ReadVaultHeader,
        IoAction::Read,
        IoAction::WriteVaultHeader,
        IoAction::WriteKeyFile,
        IoAction::WriteTrustCard,
        IoAction::WriteReceipt,
        IoAction::KeepInTransit,
        IoAction::CreateBundle,
        IoAction::WriteBundle,
        IoAction::NameBundle,
        IoAction::ReadBackBundle,
        IoAction::StoreAttachment,
        IoAction::ExportAttachment,
        IoAction::ExportAnalysis,
    ];
    for action in actions {
        for kind in [
            io::ErrorKind::NotFound,
            io::ErrorKind::PermissionDenied,
            io::ErrorKind::ReadOnlyFilesystem,
            io::ErrorKind::StorageFull,
            io::ErrorKind::AlreadyExists,
            io::ErrorKind::Other,
        ] {
            let error = VaultError::io(
                action,
                &path(),
                io::Error::new(kind, "Input/output error (os error 5)"),
            );
            debug_assert!(matches!(error, VaultError::Io { cause, .. } if cause == IoCause::of(kind)));
            errors.push(error);
        }
    }
    errors
}
