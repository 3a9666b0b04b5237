//! fieldvault's two front ends: the command-line interface (`cli`) and the desktop app
//! (`ui`, feature `gui`). Both speak only to the core's façade
//! ([`fieldvault_core::vault::Vault`]) and the plain types it uses; the store, crypto,
//! bundle and disk layers are private to `fieldvault-core`, so reaching for them here does
//! not build. See `docs/architecture.md`.
#![forbid(unsafe_code)]

pub mod audio;
pub mod cli;
pub mod relay;
#[cfg(feature = "gui")]
pub mod ui;

// The core's public modules under their short names, for `crate::vault::Vault` and friends.
pub(crate) use fieldvault_core::{domain, secret, vault};
#[cfg(feature = "gui")]
pub(crate) use fieldvault_core::{jobs, sticks};
