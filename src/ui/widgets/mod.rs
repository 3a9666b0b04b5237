//! Widgets the screens share: the passphrase field, hold-to-confirm, the file picker,
//! labelled fields, vocabulary pickers, attachments, sound and consent.

pub mod attachments;
pub mod consent;
pub mod fields;
pub mod hold_button;
pub mod long_text;
pub mod passphrase;
pub mod path_picker;
pub mod sound;
