//! One file per screen. A screen holds what it shows (a snapshot read from the vault when
//! it opens or after a change) and pushes [`super::app::Command`]s; it never writes to the
//! vault itself.

pub mod destroy;
pub mod detail;
pub mod devices;
pub mod editor;
pub mod export;
pub mod hq_import;
pub mod list;
pub mod progress;
pub mod publish;
pub mod receipt;
pub mod review;
pub mod settings;
pub mod stats;
pub mod sync;
pub mod trust;
pub mod unlock;
pub mod wipe;
