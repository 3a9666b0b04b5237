//! Why headquarters refused a bundle for what it holds (or could not take it): each check of
//! `hq` has its own variant, with the data that names the file, device and revision, and
//! the catalogue's words for it.

use crate::bundle::BundleError;
use crate::bundle::parts::PartsError;
use crate::domain::ValidationErrors;
use crate::explain::{Explain, Explanation};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    Bundle(#[from] BundleError),
    Store(#[from] StoreError),
    /// The parts of a split bundle on the stick are not all there, or not as export
    /// wrote them (checked before anything is decrypted).
    Parts(#[from] PartsError),
    /// The parts are all there but their joined stream is not an intact bundle: one was
    /// damaged, renamed or taken from another bundle.
    PartsDoNotJoin {
        name: String,
        count: usize,
        #[source]
        source: BundleError,
    },
    /// Signed by a device headquarters removed from the enrolled devices.
    RemovedDevice {
        device: String,
        label: String,
        removed_on: String,
    },
    InvalidInterview {
        file: String,
        #[source]
        errors: ValidationErrors,
    },
    NotOneInterview {
        file: String,
    },
    CodeMismatch {
        file: String,
        manifest_code: String,
        file_code: String,
    },
    /// Revision 1 names a previous revision, or a later one names none.
    PreviousRevisionClaim {
        file: String,
        revision: u32,
    },
    HashMismatch {
        file: String,
    },
    /// A revision of an interview another device recorded. `sender` and `owner` name the
    /// devices (label and short fingerprint).
    ForeignRevision {
        sender: String,
        owner: String,
        revision: u32,
        interview: String,
        code: String,
    },
    /// A revision following another revision n-1 than the one headquarters holds.
    Forked {
        sender: String,
        revision: u32,
        interview: String,
        code: String,
    },
    AlreadyHoldsDifferent {
        revision: u32,
        code: String,
    },
    HeldNoLongerValid(#[source] ValidationErrors),
    NotEnrolled,
    /// The stored age recipient of a device does not parse (a technical detail).
    BadRecipient(String),
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Explain for ImportError {
    fn explain(&self) -> Explanation {
        match self {
            ImportError::Bundle(error) => error.explain(),
            ImportError::Store(error) => error.explain(),
            ImportError::Parts(error) => error.explain(),
            ImportError::PartsDoNotJoin { name, count, source } => Explanation::new("parts-do-not-join")
                .text("name", name)
                .number("count", *count as f64)
                .cause(source),
            ImportError::RemovedDevice {
                device,
                label,
                removed_on,
            } => Explanation::new("import-removed-device")
                .text("device", device)
                .text("label", label)
                .text("removed_on", removed_on),
            ImportError::InvalidInterview { file, errors } => Explanation::new("import-invalid-interview")
                .text("file", file)
                .cause(errors),
            ImportError::NotOneInterview { file } => {
                Explanation::new("import-not-one-interview").text("file", file)
            }
            ImportError::CodeMismatch {
                file,
                manifest_code,
                file_code,
            } => Explanation::new("import-code-mismatch")
                .text("file", file)
                .text("manifest_code", manifest_code)
                .text("file_code", file_code),
            ImportError::PreviousRevisionClaim { file, revision } => {
                Explanation::new("import-previous-claim")
                    .text("file", file)
                    .number("revision", *revision)
            }
            ImportError::HashMismatch { file } => Explanation::new("import-hash-mismatch").text("file", file),
            ImportError::ForeignRevision {
                sender,
                owner,
                revision,
                interview,
                code,
            } => Explanation::new("import-foreign-revision")
                .text("sender", sender)
                .text("owner", owner)
                .number("revision", *revision)
                .text("interview", interview)
                .text("code", code),
            ImportError::Forked {
                sender,
                revision,
                interview,
                code,
            } => Explanation::new("import-forked")
                .text("sender", sender)
                .number("revision", *revision)
                .number("previous", revision.saturating_sub(1))
                .text("interview", interview)
                .text("code", code),
            ImportError::AlreadyHoldsDifferent { revision, code } => {
                Explanation::new("import-already-different")
                    .number("revision", *revision)
                    .text("code", code)
            }
            ImportError::HeldNoLongerValid(errors) => Explanation::new("import-held-invalid").cause(errors),
            ImportError::NotEnrolled => Explanation::new("import-not-enrolled"),
            ImportError::BadRecipient(detail) => Explanation::new("import-bad-recipient").technical(detail),
            ImportError::Io { path, source } => {
                Explanation::new("import-io").path("path", path).technical(source)
            }
        }
    }
}

crate::explain::display_in_english!(ImportError);
