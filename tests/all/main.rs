//! The integration tests against the real `fieldvault` binary, as one test binary: one
//! link of SQLCipher and OpenSSL instead of one per file. Each module was a test file of
//! its own and keeps its name (`cargo test --test all handoff::` runs one).
//!
//! Two files keep their own binary because they need a process to themselves:
//! `tests/crash.rs` kills child processes mid-write by the hundred, and
//! `tests/stick_picker.rs` sets `FIELDVAULT_MEDIA_ROOT` for its whole process.

#[cfg(feature = "gui")]
#[path = "../app_support/mod.rs"]
mod app_support;
#[path = "../common/mod.rs"]
mod common;
#[path = "../crash_support/mod.rs"]
mod crash_support;

mod analysis;
mod attachments;
mod audit_tamper;
mod bad_input;
mod bundle_parts;
mod consent_changes;
mod delivery_review;
mod desktop_app;
mod first_run;
mod full_disk;
mod handoff;
mod hostile_input;
mod interrupted;
mod no_network;
mod no_plaintext;
mod packaging;
mod recording;
mod review_findings;
mod samples_copy;
mod sync;
mod sync_faults;
mod sync_s3;
mod upgrade;
mod vault_cli;
mod wipe_cli;
mod wipe_delivered;
mod wipe_fs;
