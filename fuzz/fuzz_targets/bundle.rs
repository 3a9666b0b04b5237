//! A bundle's plaintext (the tar inside the age encryption), encrypted to the test
//! headquarters and read as HQ import reads it: the tar reader, the signature check, the
//! manifest and the interviews are all reached.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let k = fieldvault_fuzz::keys();
    fieldvault_fuzz::read_bundle(&fieldvault_fuzz::encrypt(data, &k.hq_age.recipient()));
});
