//! fieldvault's core: everything below the two front ends (the CLI and the desktop app).
//!
//! Interviews live in an SQLCipher database whose random key is wrapped by a key derived
//! from the interviewer's passphrase (see `docs/vault-format.md`). The front ends reach all
//! of it through one façade, [`vault::Vault`], and the few plain types it speaks in
//! ([`domain`], [`secret`], [`jobs`], [`sticks`], [`explain`]); the drop box checks
//! requests with [`relay`]. The layers under the façade are private
//! to this crate, so a front end that reaches for them does not build
//! (`docs/architecture.md`):
//!
//! ```compile_fail
//! use fieldvault_core::store::Store; // SQL stays behind the façade
//! ```
//! ```compile_fail
//! use fieldvault_core::crypto::seal::AgeIdentity; // so do keys
//! ```
//! ```compile_fail
//! use fieldvault_core::bundle::BundleReader; // and bundle parsing
//! ```
//! ```compile_fail
//! use fieldvault_core::disk::wipe::wipe_file; // and the disk primitives
//! ```
//! ```no_run
//! // The façade is what a front end uses:
//! use fieldvault_core::{secret::Passphrase, vault::Vault};
//! let _ = Vault::unlock(std::path::Path::new("vault"), &Passphrase::new("x".into()));
//! ```
#![forbid(unsafe_code)]

pub mod domain;
pub mod explain;
pub mod jobs;
pub mod relay;
pub mod secret;
pub mod sticks;
pub mod vault;

mod audio;
mod audit;
mod audit_chain;
mod bundle;
mod crypto;
mod disk;
mod redact;
mod store;

#[cfg(feature = "testing")]
pub mod testing;
