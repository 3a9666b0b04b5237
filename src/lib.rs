//! fieldvault: an offline-first encrypted recorder for human-rights testimonies.
//!
//! Interviews live in an SQLCipher database whose random key is wrapped by a key derived
//! from the interviewer's passphrase (see `docs/vault-format.md`). Both front ends, the CLI
//! and the desktop app, go through one façade, [`vault::Vault`]; the modules below it are
//! layered so that only `crypto` touches age and ring, and only `store` touches SQL.
#![forbid(unsafe_code)]

pub mod audit;
pub mod audit_chain;
pub mod bundle;
pub mod cli;
pub mod crypto;
pub mod domain;
pub mod hq;
pub mod jobs;
pub mod secret;
pub mod sticks;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
pub mod vault;
pub mod wipe;
