//! Interview JSON as `interview add` reads it.
#![no_main]
use fieldvault_core::domain::{Vocabulary, parse_interviews};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = parse_interviews("fuzz.json", data, &Vocabulary::default()) {
        assert!(!e.to_string().is_empty());
    }
});
