//! Trust cards as `trust add` reads them.
#![no_main]
use fieldvault_core::testing::bundle::TrustCard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(e) = TrustCard::parse(text)
    {
        assert!(!e.to_string().is_empty());
    }
});
