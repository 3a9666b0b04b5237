//! A bundle file as found on a stick: the age header and payload first.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fieldvault_fuzz::read_bundle(data);
});
