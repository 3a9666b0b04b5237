//! Shared by the fuzz targets: the published test keys of `tests/data/hostile/keys`, so that
//! seeds decrypted from the hostile corpus (and the valid controls) reach the parsers behind
//! the encryption, and a plaintext mutated by the fuzzer is encrypted again before reading.
#![forbid(unsafe_code)]

use std::sync::OnceLock;

use fieldvault_core::testing::bundle::{BundleError, BundleReader, Doc, read_receipt};
use fieldvault_core::testing::crypto::seal::{AgeIdentity, AgeRecipient, encrypt_to};
use fieldvault_core::testing::crypto::signing::PublicKey;
use fieldvault_core::domain::{Vocabulary, parse_interviews};

const HQ_AGE: &str = include_str!("../../tests/data/hostile/keys/hq.agekey");
const DEVICE_AGE: &str = include_str!("../../tests/data/hostile/keys/device.agekey");
const DEVICE_PUB: &str = include_str!("../../tests/data/hostile/keys/device.pub");
const HQ_PUB: &str = include_str!("../../tests/data/hostile/keys/hq.pub");

fn secret_line(file: &str) -> &str {
    file.lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .expect("an age secret key line")
}

pub struct Keys {
    pub hq_age: AgeIdentity,
    pub device_age: AgeIdentity,
    pub device_pub: PublicKey,
    pub hq_pub: PublicKey,
}

pub fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        hq_age: AgeIdentity::from_secret_string(secret_line(HQ_AGE)).unwrap(),
        device_age: AgeIdentity::from_secret_string(secret_line(DEVICE_AGE)).unwrap(),
        device_pub: PublicKey::from_openssh(DEVICE_PUB.trim()).unwrap(),
        hq_pub: PublicKey::from_openssh(HQ_PUB.trim()).unwrap(),
    })
}

pub fn encrypt(plaintext: &[u8], to: &AgeRecipient) -> Vec<u8> {
    let mut out = Vec::new();
    encrypt_to(std::slice::from_ref(to), plaintext, &mut out).expect("encrypt");
    out
}

/// Reads a bundle as the test headquarters does, trusting only the test device; every
/// authentic interview is also validated, as the HQ import does. Errors must have a message.
pub fn read_bundle(encrypted: &[u8]) {
    let k = keys();
    let trust = |key: &PublicKey| {
        if *key == k.device_pub {
            Ok(())
        } else {
            Err(BundleError::unknown_signer(Doc::Bundle, key))
        }
    };
    let result = (|| {
        let mut reader = BundleReader::open(encrypted, &k.hq_age, trust)?;
        while let Some((entry, bytes)) = reader.next_interview()? {
            if let Err(e) = parse_interviews(&entry.file, &bytes, &Vocabulary::default()) {
                assert!(!e.to_string().is_empty());
            }
        }
        reader.finish()
    })();
    if let Err(e) = result {
        assert!(!e.to_string().is_empty());
    }
}

/// Reads a receipt as the test device does, trusting only the test headquarters.
pub fn read_receipt_bytes(encrypted: &[u8]) {
    let k = keys();
    let trust = |key: &PublicKey| {
        if *key == k.hq_pub {
            Ok(())
        } else {
            Err(BundleError::unknown_signer(Doc::Receipt, key))
        }
    };
    if let Err(e) = read_receipt(encrypted, &k.device_age, &k.device_pub.fingerprint(), trust) {
        assert!(!e.to_string().is_empty());
    }
}
