//! Wrapping the database key under the passphrase-derived key (ChaCha20-Poly1305).
//!
//! The wrapped form is `nonce (12) ‖ ciphertext (32) ‖ tag (16)`, with a fresh random nonce
//! each time. The caller's associated data binds the wrap to the header it lives in, so a
//! header whose KDF parameters or salt were edited fails to unwrap instead of deriving a
//! different key.

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

use super::random::random_array;
use crate::secret::{DatabaseKey, WrappingKey};

/// Length of a wrapped key: nonce, encrypted key, tag.
pub const WRAPPED_LEN: usize = NONCE_LEN + DatabaseKey::LEN + 16;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnwrapError {
    /// The wrapping key is not the one that wrapped it, or the data was changed.
    #[error("the key did not unwrap (wrong passphrase, or the header was changed)")]
    WrongKey,
    #[error("a wrapped key must be {WRAPPED_LEN} bytes")]
    WrongLength,
}

fn aead_key(wrapping: &WrappingKey) -> LessSafeKey {
    // A 32-byte key is always accepted by ChaCha20-Poly1305.
    LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, wrapping.expose_secret()).expect("32-byte key"))
}

/// Encrypts `key` under `wrapping`, bound to `aad`.
pub fn wrap(wrapping: &WrappingKey, key: &DatabaseKey, aad: &[u8]) -> Vec<u8> {
    let nonce_bytes = random_array::<NONCE_LEN>();
    let mut sealed = Zeroizing::new(key.expose_secret().to_vec());
    aead_key(wrapping)
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce_bytes),
            Aad::from(aad),
            &mut *sealed,
        )
        .expect("sealing 32 bytes cannot fail");
    let mut out = Vec::with_capacity(WRAPPED_LEN);
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(&sealed);
    out
}

/// Decrypts a wrapped key; `WrongKey` if `wrapping` or `aad` differ from the wrap.
pub fn unwrap(wrapping: &WrappingKey, wrapped: &[u8], aad: &[u8]) -> Result<DatabaseKey, UnwrapError> {
    if wrapped.len() != WRAPPED_LEN {
        return Err(UnwrapError::WrongLength);
    }
    let (nonce_bytes, sealed) = wrapped.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce_bytes).map_err(|_| UnwrapError::WrongLength)?;
    let mut buffer = Zeroizing::new(sealed.to_vec());
    let plain = aead_key(wrapping)
        .open_in_place(nonce, Aad::from(aad), &mut buffer)
        .map_err(|_| UnwrapError::WrongKey)?;
    DatabaseKey::from_slice(plain).ok_or(UnwrapError::WrongLength)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (WrappingKey, DatabaseKey) {
        (WrappingKey::from_bytes([1; 32]), DatabaseKey::from_bytes([2; 32]))
    }

    #[test]
    fn round_trip_with_the_same_key_and_aad() {
        let (w, k) = keys();
        let wrapped = wrap(&w, &k, b"aad");
        assert_eq!(wrapped.len(), WRAPPED_LEN);
        assert_eq!(
            unwrap(&w, &wrapped, b"aad").unwrap().expose_secret(),
            k.expose_secret()
        );
    }

    #[test]
    fn wrong_key_aad_or_any_flipped_byte_fails() {
        let (w, k) = keys();
        let wrapped = wrap(&w, &k, b"aad");
        assert_eq!(
            unwrap(&WrappingKey::from_bytes([9; 32]), &wrapped, b"aad").err(),
            Some(UnwrapError::WrongKey)
        );
        assert_eq!(unwrap(&w, &wrapped, b"other").err(), Some(UnwrapError::WrongKey));
        for i in 0..wrapped.len() {
            let mut bad = wrapped.clone();
            bad[i] ^= 1;
            assert!(unwrap(&w, &bad, b"aad").is_err(), "flip at {i} accepted");
        }
        assert_eq!(
            unwrap(&w, &wrapped[1..], b"aad").err(),
            Some(UnwrapError::WrongLength)
        );
    }

    #[test]
    fn nonces_differ_between_wraps() {
        let (w, k) = keys();
        assert_ne!(wrap(&w, &k, b""), wrap(&w, &k, b""));
    }
}
