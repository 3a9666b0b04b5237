//! A receipt's plaintext, encrypted to the test device and read as `receipt import` does.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let k = fieldvault_fuzz::keys();
    fieldvault_fuzz::read_receipt_bytes(&fieldvault_fuzz::encrypt(data, &k.device_age.recipient()));
});
