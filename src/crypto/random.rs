//! Randomness from the operating system, and fresh keys made from it.
//!
//! Every salt, nonce and database key comes from here, so there is exactly one place that
//! talks to the OS random number generator. If the OS cannot give us random bytes we stop:
//! carrying on with predictable keys would be far worse than a crash.

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
