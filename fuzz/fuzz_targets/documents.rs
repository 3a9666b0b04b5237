//! The signed JSON documents themselves (manifest.json, receipt.json), which the readers
//! parse only after the signature verified.
#![no_main]
use fieldvault_core::testing::bundle::{Manifest, Receipt};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = Manifest::parse(data) {
        assert!(!e.to_string().is_empty());
    }
    if let Err(e) = Receipt::parse(data) {
        assert!(!e.to_string().is_empty());
    }
});
