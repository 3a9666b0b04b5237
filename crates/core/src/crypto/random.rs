//! Randomness from the operating system, and fresh keys made from it.
//!
//! Every salt, nonce and database key comes from here, so there is exactly one place that
//! talks to the OS random number generator. If the OS cannot give us random bytes we stop:
//! carrying on with predictable keys would be far worse than a crash.

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::secret::DatabaseKey;

/// Fills `buf` with bytes from the operating system's CSPRNG.
///
/// # Panics
/// If the OS random number generator fails. That only happens on a broken system, and no
/// key, salt or nonce may ever be made without it, so this is deliberately fatal.
pub fn fill_random(buf: &mut [u8]) {
    SystemRandom::new().fill(buf).expect(
        "the operating system's random number generator failed; \
         fieldvault cannot make keys safely and stops here",
    );
}

/// Returns `N` fresh random bytes (for salts and nonces, which are not secret).
pub fn random_array<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    fill_random(&mut out);
    out
}

/// Fast unpredictable bytes for overwriting files: the AES-256-GCM keystream (AES-CTR) under a
/// random key that is never stored, each call with a fresh nonce. Hardware AES makes it
/// faster than any disk. It protects no secret; it must only be incompressible and
/// unpredictable, so that a compressing or deduplicating device really writes it.
pub struct NoiseStream {
    key: LessSafeKey,
    counter: u64,
}

impl NoiseStream {
    pub fn new() -> NoiseStream {
        let key = Zeroizing::new(random_array::<32>());
        NoiseStream {
            key: LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key.as_ref()).expect("32-byte key")),
            counter: 0,
        }
    }

    /// Overwrites `buf` with keystream bytes.
    pub fn fill(&mut self, buf: &mut [u8]) {
        buf.fill(0);
        let mut nonce = [0u8; 12];
        nonce[4..].copy_from_slice(&self.counter.to_be_bytes());
        self.counter += 1;
        // Encrypting zeros yields the keystream; the tag is discarded.
        let _tag = self
            .key
            .seal_in_place_separate_tag(Nonce::assume_unique_for_key(nonce), Aad::empty(), buf)
            .expect("AES-GCM accepts any buffer up to 64 GiB");
    }
}

impl Default for NoiseStream {
    fn default() -> Self {
        NoiseStream::new()
    }
}

/// A fresh random 256-bit SQLCipher key.
pub fn new_database_key() -> DatabaseKey {
    let mut bytes = Zeroizing::new([0u8; DatabaseKey::LEN]);
    fill_random(bytes.as_mut());
    DatabaseKey::from_bytes(*bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bytes_differ_between_calls() {
        let a: [u8; 32] = random_array();
        let b: [u8; 32] = random_array();
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
    }

    #[test]
    fn database_keys_are_fresh() {
        let a = new_database_key();
        let b = new_database_key();
        assert_ne!(a.expose_secret(), b.expose_secret());
    }

    #[test]
    fn fill_random_fills_odd_lengths() {
        let mut buf = [0u8; 1000];
        fill_random(&mut buf[..999]);
        assert_eq!(buf[999], 0);
        assert!(buf[..999].iter().any(|&b| b != 0));
    }
}
