//! The words screens and the app speak to each other in: [`Command`]s a screen pushes
//! while drawing (applied after the frame), the [`Notice`] shown at the top, and the
//! [`JobOutcome`] a finished background job hands back with the vault. Screens import this
//! module, never `app`, so no screen depends on the app that holds it.

use std::path::PathBuf;

use super::i18n::Arg;
use crate::domain::Lang;
use crate::secret::Passphrase;
use crate::vault::{
    BundleImports, ExportReport, ReceiptReport, Role, TrustConfirmation, VaultError, WipeDeliveredReport,
};

pub use super::session::View;

/// Something the person asked for, applied after the frame.
pub enum Command {
    Unlock(Passphrase),
    Create {
        passphrase: Passphrase,
        role: Role,
        label: String,
    },
    Lock,
    Show(View),
    OpenInterview(String),
    NewInterview,
    EditInterview(String),
    SaveInterview,
    AutosaveWork,
    RestoreWork(String),
    DiscardWork(String),
    Seal(String),
    /// Write a bundle to the folder, without the interviews (ids) in `leave_out`.
    Export {
        dir: PathBuf,
        leave_out: Vec<String>,
    },
    ImportReceipt(PathBuf),
    ImportBundles {
        paths: Vec<PathBuf>,
        receipt_dir: Option<PathBuf>,
    },
    /// Encrypt files into the interview's draft as attachments.
    AttachFiles {
        interview: String,
        paths: Vec<PathBuf>,
    },
    /// Decrypt and decode a photo attachment to show it (a job).
    ShowPhoto {
        interview: String,
        attachment: String,
    },
    /// Start recording from the microphone into the interview's draft.
    StartRecording {
        interview: String,
    },
    /// Stop the recording and save it as an attachment (a job).
    StopRecording,
    /// Keep the markers dropped so far with the recording being made.
    SaveMarkers {
        recording: String,
        markers: Vec<crate::vault::Marker>,
    },
    /// Keep or wipe a recording that was cut off.
    KeepRecording(String),
    DiscardRecording(String),
    /// Decrypt and decode a recording to play it (a job).
    PlayAudio {
        interview: String,
        attachment: String,
    },
    /// Take an attachment out of the interview's draft.
    RemoveAttachment {
        interview: String,
        attachment: String,
    },
    /// Sync through the drop box at `address` whose certificate has `pin` (kept in the
    /// vault's settings for next time).
    Sync {
        address: String,
        pin: String,
        proxy: Option<String>,
    },
    WipeDelivered(Passphrase),
    Destroy,
    /// Read a trust card and show what adding it would do.
    TrustPreview(String),
    TrustAdd {
        card: String,
        confirmation: TrustConfirmation,
    },
    TrustRemove(String),
    ExportTrustCard(PathBuf),
    SetLanguage(Lang),
    SetAutoLock(u32),
    /// Text size as a percentage of normal (100, 125, 150).
    SetTextSize(u32),
    ChangePassphrase {
        old: Passphrase,
        new: Passphrase,
    },
    Search(String),
    Filter(Option<crate::domain::Lifecycle>),
    /// Record that the interviewee narrowed or withdrew their consent.
    ChangeConsent {
        interview: String,
        change: crate::vault::ConsentChange,
    },
    /// Headquarters: record a review annotation of an interview.
    Annotate {
        interview: String,
        annotation: crate::vault::Annotation,
        reviewer: String,
    },
    /// Headquarters: confirm or dismiss a corroboration candidate.
    DecideCorroboration {
        first: String,
        second: String,
        basis: String,
        confirm: bool,
        reviewer: String,
    },
    /// Headquarters: keep an excerpt chosen on the Review screen for a publication pack.
    AddExcerpt(crate::ui::screens::publish::Chosen),
    /// Headquarters: write a publication pack of these excerpts into `dir`.
    Publish {
        requests: Vec<crate::vault::ExcerptRequest>,
        options: crate::vault::PublishOptions,
        dir: PathBuf,
    },
    /// Headquarters: write a statistics chart into `dir` as `name.svg` or `name.png`
    /// (never over a file already there).
    SaveChart {
        dir: PathBuf,
        name: String,
        chart: crate::ui::chart::Chart,
        png: bool,
    },
    CancelJob,
}

/// A message at the top of the screen: what just happened, or what went wrong and what to do.
pub struct Notice {
    pub error: bool,
    pub headline: String,
    pub detail: Option<String>,
    /// Untranslatable technical text (English), for a technical contact.
    pub technical: Vec<String>,
}

impl Notice {
    /// Something that went as asked.
    pub fn done(headline: String, detail: Option<String>) -> Notice {
        Notice {
            error: false,
            headline,
            detail,
            technical: Vec::new(),
        }
    }

    /// Something that did not.
    pub fn failed(headline: String, detail: Option<String>) -> Notice {
        Notice {
            error: true,
            headline,
            detail,
            technical: Vec::new(),
        }
    }
}

/// What a finished job hands back with the vault.
pub enum JobOutcome {
    Exported(Result<ExportReport, VaultError>),
    Imported(Result<BundleImports, VaultError>),
    Receipt(Result<ReceiptReport, VaultError>),
    Wiped(Result<WipeDeliveredReport, VaultError>),
    /// The files attached (in order) and the error that stopped the rest, if one did.
    Attached(Vec<crate::vault::AttachReport>, Option<VaultError>),
    /// A recording decoded into memory to play (`None`: too large), or why not.
    Audio {
        attachment: String,
        result: Result<Option<(String, crate::vault::Audio)>, VaultError>,
    },
    /// A photo decrypted and decoded, to show.
    Photo(crate::ui::widgets::attachments::Shown),
    /// What a sync moved, and the fault that stopped it, if one did.
    Synced(
        crate::relay::sync::SyncReport,
        Option<crate::relay::client::SyncError>,
    ),
}

/// A helper for screens: an `Arg` from a displayable count.
pub fn n(count: usize) -> Arg<'static> {
    Arg::from(count)
}
