//! The façade both front ends use: create, unlock, change the passphrase, and work with
//! interviews. Neither the CLI nor the desktop app sees SQL, keys or file formats; they
//! call [`Vault`] and get typed results or a [`VaultError`] that says what to do next.

mod analysis;
mod attachments;
mod consent;
mod error;
#[cfg(any(test, feature = "testing"))]
pub(crate) mod error_examples;
mod exchange;
mod export;
mod first_steps;
mod identity;
mod interviews;
mod publish;
mod recording;
mod review;
mod wipe_delivered;
mod wipe_files;
mod workspace;

use std::fs;
use std::path::{Path, PathBuf};

use crate::crypto::header::{KdfParams, VaultHeader};
use crate::crypto::random::new_database_key;
use crate::disk::{atomic as files, harden};
use crate::domain::Vocabulary;
use crate::secret::Passphrase;
use crate::store::{Store, StoreError};

use crate::audit;
pub use crate::audit::LogReport;
pub use crate::bundle::parts::{
    BundleFiles, DEFAULT_PART_SIZE, JoinedReader, MIN_PART_SIZE, PartSize, PartSizeError, PartsError,
    parse_part_name, part_file_name,
};
pub use crate::disk::atomic::{file_name_of, write_atomic, write_atomic_from};
pub use crate::disk::harden::forbid_core_dumps;
pub use crate::disk::wipe::{
    DESTROY_LIMITS, DestroyReport, EXPORTED_LIMITS, FILE_LIMITS, FileWipe, WipeError, WipeStep, wipe_file,
};
use crate::store::Reads;
pub use crate::store::{AnnotationRow, Found};
pub use analysis::{
    AnalysisExport, Dimension, ExportFormat, INCIDENT_COLUMNS, INTERVIEW_COLUMNS, Stats, StatsRow,
};
pub use attachments::{ATTACHMENTS_FOLDER, AttachReport, AttachmentInfo};
pub use consent::{ConsentChange, ConsentView, EffectiveConsent};
pub use error::{
    AttachmentRefusal, CardError, Damage, ErrorKind, ImportError, InterviewRefusal, IoAction, IoCause,
    Missing, NotCovered, NothingToExport, Operation, ReceiptRefusal, ReviewRefusal, TrustRefusal, VaultError,
};
pub use exchange::{
    BundleImport, BundleImports, Flow, HeldSummary, ImportStage, PassedOver, ReceiptReport, ReceiptsFound,
    RefusedReceipt, Review, Skipped, bundle_files, bundles_among,
};
pub use exchange::{Gap, ImportReport};
pub use export::{ExportOptions, ExportReport, ExportStage, ExportedRevision};
pub use first_steps::{FirstSteps, Step};
pub use identity::{IdentityInfo, RecipientChange, TrustConfirmation, TrustPreview, TrustedParty};
pub use interviews::{
    Added, InterviewSummary, InterviewView, RevisionInfo, SearchHit, Snippet, StatusReport,
};
pub use publish::{
    ExcerptRequest, Excluded, Flagged, PUBLICATION_FORMAT, Pack, PackExcerpt, PublishOptions, RarePolicy,
    Verified,
};
pub use recording::{Audio, CutOffRecording, Marker, RecordingJournal, SPEECH_RATE};
pub use review::{Annotation, Candidate, Filter, IncidentReview, InterviewReview, STATUSES};
pub use wipe_delivered::{DELIVERED_LIMITS, KeptRevision, WipeDeliveredReport, WipedRevision};
pub use wipe_files::{FileWipeReport, KeptFile, WipedFile};
pub use workspace::WorkCopy;

/// File names inside a vault directory; see `docs/vault-format.md`.
pub const HEADER_FILE: &str = "vault.header";
pub const DATABASE_FILE: &str = "vault.db";

/// Shortest passphrase accepted for a new vault or a passphrase change.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// Whether the vault belongs to a field device or to headquarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Field,
    Headquarters,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Field => "field",
            Role::Headquarters => "headquarters",
        }
    }

    fn parse(text: &str) -> Option<Role> {
        match text {
            "field" => Some(Role::Field),
            "headquarters" => Some(Role::Headquarters),
            _ => None,
        }
    }
}

/// An unlocked vault. Dropping it (or calling [`Vault::lock`]) closes the database,
/// which makes SQLCipher wipe its copy of the key.
pub struct Vault {
    dir: PathBuf,
    store: Store,
    role: Role,
    vocabulary: Vocabulary,
}

/// Where the vault lives unless told otherwise, for the app and the CLI alike:
/// `$XDG_DATA_HOME/fieldvault/vault`, that is `~/.local/share/fieldvault/vault`.
pub fn default_dir() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("fieldvault").join("vault")
}

/// The current time as stored in the vault (UTC, seconds).
pub(crate) fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Refuses passphrases too short to resist guessing, with the reason in words.
pub fn check_new_passphrase(passphrase: &Passphrase) -> Result<(), VaultError> {
    if passphrase.char_count() < MIN_PASSPHRASE_CHARS {
        return Err(VaultError::PassphraseTooShort {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

impl Vault {
    /// Creates a new vault in `dir`, which must be missing or empty, with fresh identity
    /// keys. `label` names it on its trust card ("Seoul HQ", "laptop 3").
    pub fn create(dir: &Path, passphrase: &Passphrase, role: Role, label: &str) -> Result<Vault, VaultError> {
        harden::forbid_core_dumps();
        check_new_passphrase(passphrase)?;
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 100 || label.chars().any(char::is_control) {
            return Err(VaultError::Trust(TrustRefusal::BadLabel));
        }
        match fs::read_dir(dir) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(VaultError::NotEmpty(dir.to_path_buf()));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // On a fresh account even ~/.local/share may be missing: every missing
                // folder on the way is made, readable by this user only.
                files::create_private_dirs(dir)
                    .map_err(|e| VaultError::io(IoAction::CreateVaultFolder, dir, e))?;
            }
            Err(e) => return Err(VaultError::io(IoAction::ReadFolder, dir, e)),
        }
        let key = new_database_key();
        let header = VaultHeader::create(passphrase, &key, KdfParams::DEFAULT).map_err(VaultError::Header)?;
        let db_path = dir.join(DATABASE_FILE);
        let mut store = Store::create(&db_path, &key).map_err(|e| VaultError::store_at(e, &db_path))?;
        let at = now();
        store.write(|tx| -> Result<(), VaultError> {
            tx.set_meta("role", role.as_str())?;
            tx.set_meta("created_at", &at)?;
            identity::create_identity(tx, label, &at)?;
            audit::append(
                tx,
                &at,
                audit::Action::VaultCreated,
                role.as_str(),
                serde_json::json!({}),
            )?;
            Ok(())
        })?;
        // The header is written last: a folder without one is an unfinished vault.
        let header_path = dir.join(HEADER_FILE);
        files::write_atomic(&header_path, &header.to_bytes())
            .map_err(|e| VaultError::io(IoAction::WriteVaultHeader, &header_path, e))?;
        Ok(Vault {
            dir: dir.to_path_buf(),
            store,
            role,
            vocabulary: Vocabulary::default(),
        })
    }

    /// Opens the vault in `dir` with `passphrase`. A wrong passphrase changes nothing.
    pub fn unlock(dir: &Path, passphrase: &Passphrase) -> Result<Vault, VaultError> {
        harden::forbid_core_dumps();
        let header = read_header(dir)?;
        let keys = header.unlock(passphrase).map_err(VaultError::from_header)?;
        let db_path = dir.join(DATABASE_FILE);
        if !db_path.is_file() {
            return Err(VaultError::Damaged(Damage::DatabaseMissing(db_path)));
        }
        for suffix in ["", "-wal", "-shm"] {
            let path = dir.join(format!("{DATABASE_FILE}{suffix}"));
            files::restrict_to_owner(&path)
                .map_err(|e| VaultError::io(IoAction::ProtectDatabase, &path, e))?;
        }
        let mut rotated = false;
        let mut store = match Store::open(&db_path, keys.current()) {
            Err(StoreError::WrongKey) => match keys.next() {
                // A key rotation was interrupted after the database took the new key.
                Some(next) => {
                    rotated = true;
                    Store::open(&db_path, next)
                }
                None => Err(StoreError::WrongKey),
            },
            other => other,
        }
        .map_err(|e| match e {
            StoreError::WrongKey => VaultError::Damaged(Damage::DatabaseNotOfThisHeader(db_path.clone())),
            e => VaultError::store_at(e, &db_path),
        })?;
        let header_path = dir.join(HEADER_FILE);
        if rotated && let Some(next) = keys.next() {
            // Finish the interrupted rotation: the new key becomes the only one.
            files::replace_scrubbing(&header_path, &keys.promote(&header, next).to_bytes())
                .map_err(|e| VaultError::io(IoAction::WriteVaultHeader, &header_path, e))?;
        } else if let Some(next) = keys.next() {
            // Interrupted before the database changed: finish the re-key now, so that a
            // rotation once begun always completes (a passphrase change promised it).
            store.rekey(next)?;
            files::replace_scrubbing(&header_path, &keys.promote(&header, next).to_bytes())
                .map_err(|e| VaultError::io(IoAction::WriteVaultHeader, &header_path, e))?;
        }
        let role = store
            .meta("role")?
            .as_deref()
            .and_then(Role::parse)
            .ok_or_else(|| VaultError::Damaged(Damage::RoleUnrecorded))?;
        let mut vault = Vault {
            dir: dir.to_path_buf(),
            store,
            role,
            vocabulary: Vocabulary::default(),
        };
        if vault.role == Role::Headquarters {
            vault.refresh_facts_if_stale()?;
        }
        Ok(vault)
    }

    /// Checks that `dir` holds a readable vault header, without asking for a passphrase.
    pub fn probe(dir: &Path) -> Result<(), VaultError> {
        read_header(dir).map(|_| ())
    }

    /// Sets a new passphrase and re-encrypts the database under a new key, so that a copy
    /// of the old header with the old passphrase opens neither the vault nor any later
    /// copy of its database. Crash-safe: at every moment exactly one of the two
    /// passphrases opens the vault, and an interrupted re-key is finished at the next
    /// unlock (see `docs/vault-format.md`).
    pub fn change_passphrase(&mut self, old: &Passphrase, new: &Passphrase) -> Result<(), VaultError> {
        check_new_passphrase(new)?;
        let header = read_header(&self.dir)?;
        let next = new_database_key();
        let (staged, keys) = header
            .rewrap_staging(old, new, &next)
            .map_err(VaultError::from_header)?;
        let at = now();
        // Log first: if writing the header fails, the log says an attempt was made.
        self.store.write(|tx| -> Result<(), VaultError> {
            audit::append(
                tx,
                &at,
                audit::Action::PassphraseChanged,
                "vault",
                serde_json::json!({ "key_rotated": true }),
            )?;
            Ok(())
        })?;
        // 1. The new passphrase takes over (the superseded header is overwritten), with
        //    the new key staged; 2. the database takes the new key; 3. the old key goes.
        let path = self.dir.join(HEADER_FILE);
        files::replace_scrubbing(&path, &staged.to_bytes())
            .map_err(|e| VaultError::io(IoAction::WriteVaultHeader, &path, e))?;
        self.store.rekey(&next)?;
        files::replace_scrubbing(&path, &keys.promote(&staged, &next).to_bytes())
            .map_err(|e| VaultError::io(IoAction::WriteVaultHeader, &path, e))
    }

    /// Re-wraps the key with today's Argon2 parameters when the header has weaker ones (the
    /// format accepts down to 8 MiB and one pass, as an old or hand-made header may have).
    /// The front ends call this right after unlocking; returns whether it did anything.
    pub fn strengthen_weak_kdf(&mut self, passphrase: &Passphrase) -> Result<bool, VaultError> {
        let header = read_header(&self.dir)?;
        if !header.params().weaker_than_default() {
            return Ok(false);
        }
        let keys = header.unlock(passphrase).map_err(VaultError::from_header)?;
        let stronger = VaultHeader::create(
            passphrase,
            keys.current(),
            KdfParams::DEFAULT.at_least(header.params()),
        )
        .map_err(VaultError::Header)?;
        let path = self.dir.join(HEADER_FILE);
        files::replace_scrubbing(&path, &stronger.to_bytes())
            .map_err(|e| VaultError::io(IoAction::WriteVaultHeader, &path, e))?;
        Ok(true)
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A folder inside the vault's folder, made readable by its owner only if it is missing:
    /// where `sync` keeps bundles and receipts in transit (`outbox`, `inbox`). They are
    /// encrypted like on a stick, and `destroy` wipes them with the vault.
    pub fn exchange_folder(&self, name: &str) -> Result<PathBuf, VaultError> {
        let dir = self.dir.join(name);
        files::create_private_dirs(&dir).map_err(|e| VaultError::io(IoAction::CreateVaultFolder, &dir, e))?;
        Ok(dir)
    }

    /// The names of the files in the vault's folder, sorted: what `destroy` will wipe.
    pub fn files_in_folder(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.dir)
            .map(|read| {
                read.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Verifies the audit log end to end.
    pub fn verify_log(&self) -> Result<LogReport, VaultError> {
        Ok(audit::verify(&self.store)?)
    }

    /// Checks every database page for damage.
    pub fn check_integrity(&self) -> Result<(), VaultError> {
        Ok(self.store.integrity_check()?)
    }

    /// Turns SQLCipher's `cipher_memory_security` on or off for this session. Off by
    /// default: it made searches many times slower here (see `docs/benchmarks.md`),
    /// and the key and decrypted pages are dropped on lock either way.
    pub fn set_cipher_memory_security(&mut self, on: bool) -> Result<(), VaultError> {
        Ok(self.store.set_memory_security(on)?)
    }

    /// Closes the database and drops every key.
    pub fn lock(self) {}
}

pub(crate) fn read_header(dir: &Path) -> Result<VaultHeader, VaultError> {
    let path = dir.join(HEADER_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(if dir.is_dir() {
                VaultError::NotAVault(dir.to_path_buf())
            } else {
                VaultError::NoSuchFolder(dir.to_path_buf())
            });
        }
        Err(e) => return Err(VaultError::io(IoAction::ReadVaultHeader, &path, e)),
    };
    VaultHeader::parse(&bytes).map_err(VaultError::Header)
}
