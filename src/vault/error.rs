//! What can go wrong, in words a person can act on. Messages never carry interview
//! content: at most a code, an identifier or a path.

use std::path::{Path, PathBuf};

use crate::crypto::header::HeaderError;
use crate::domain::ValidationErrors;
use crate::store::StoreError;

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
            _ => IoCause::Other,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(
        "the passphrase did not open the vault (nothing was changed); check the keyboard layout and try again"
    )]
    WrongPassphrase,
    #[error("{0}")]
    WeakPassphrase(String),
    #[error("{} is not a fieldvault vault (it has no vault.header); check the --vault path, or run `fieldvault --vault {} init` to make a new vault", .0.display(), .0.display())]
    NotAVault(PathBuf),
    #[error("{} does not exist; check the --vault path, or run `fieldvault --vault {} init` to make a new vault", .0.display(), .0.display())]
    NoSuchFolder(PathBuf),
    #[error("{} already holds files; a new vault needs an empty or new folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("vault.header: {0}")]
    Header(HeaderError),
    #[error("the vault is damaged: {0}")]
    Damaged(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(#[from] ValidationErrors),
    #[error("{0}")]
    NotFound(String),
    #[error("trust card: {0}")]
    InvalidCard(String),
    #[error("{message}")]
    Exchange {
        kind: super::exchange::ExchangeKind,
        message: String,
    },
    #[error("export failed: {message}")]
    Export { message: String, cause: IoCause },
    #[error("{0}")]
    Wipe(String),
    #[error("{0}")]
    Conflict(String),
    #[error("could not {action} {}: {reason}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        reason: String,
        cause: IoCause,
    },
}

impl VaultError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            VaultError::WrongPassphrase => ErrorKind::WrongPassphrase,
            VaultError::WeakPassphrase(_) | VaultError::Invalid(_) | VaultError::InvalidCard(_) => {
                ErrorKind::InvalidInput
            }
            VaultError::NotAVault(_) | VaultError::NoSuchFolder(_) => ErrorKind::NotAVault,
            VaultError::Header(_) | VaultError::Damaged(_) => ErrorKind::Damaged,
            VaultError::Store(StoreError::Damaged(_) | StoreError::NewerSchema { .. }) => ErrorKind::Damaged,
            VaultError::NotEmpty(_) | VaultError::Conflict(_) => ErrorKind::Conflict,
            VaultError::NotFound(_) => ErrorKind::NotFound,
            VaultError::Exchange { kind, .. } => match kind {
                super::exchange::ExchangeKind::Rejected => ErrorKind::Rejected,
                super::exchange::ExchangeKind::Unsupported => ErrorKind::Rejected,
                super::exchange::ExchangeKind::Io => ErrorKind::Io,
            },
            VaultError::Export { .. } | VaultError::Wipe(_) => ErrorKind::Io,
            VaultError::Store(_) | VaultError::Io { .. } => ErrorKind::Io,
        }
    }

    /// An I/O failure, with advice that fits the usual causes.
    pub fn io(action: &'static str, path: &Path, error: std::io::Error) -> VaultError {
        use std::io::ErrorKind as K;
        let reason = match error.kind() {
            K::PermissionDenied => "permission denied; use a folder you can write to".to_owned(),
            K::ReadOnlyFilesystem => "the medium is read-only; use a writable folder".to_owned(),
            K::StorageFull => "the disk is full; free some space and try again".to_owned(),
            K::NotFound => "it does not exist".to_owned(),
            _ => error.to_string(),
        };
        VaultError::Io {
            action,
            path: path.to_path_buf(),
            reason,
            cause: IoCause::of(error.kind()),
        }
    }

    /// For a file or folder problem, what kind it was.
    pub fn io_cause(&self) -> Option<IoCause> {
        match self {
            VaultError::Io { cause, .. } | VaultError::Export { cause, .. } => Some(*cause),
            VaultError::Store(StoreError::ReadOnly) => Some(IoCause::ReadOnly),
            _ if self.kind() == ErrorKind::Io => Some(IoCause::Other),
            _ => None,
        }
    }

    pub(crate) fn store_at(error: StoreError, path: &Path) -> VaultError {
        match error {
            StoreError::ReadOnly => VaultError::Io {
                action: "write to",
                path: path.to_path_buf(),
                reason: "the database is read-only or on a read-only medium; use a writable folder".into(),
                cause: IoCause::ReadOnly,
            },
            StoreError::Damaged(what) => VaultError::Damaged(format!(
                "{} ({what}); restore the vault from a backup",
                path.display()
            )),
            other => VaultError::Store(other),
        }
    }

    pub(crate) fn from_header(error: HeaderError) -> VaultError {
        match error {
            HeaderError::WrongPassphrase => VaultError::WrongPassphrase,
            other => VaultError::Header(other),
        }
    }
}
