//! Secrets as types: passphrases and keys that zeroize on drop and can never be printed.
//!
//! None of these types implement `Debug`, `Display`, `Clone` or `Serialize`, so a secret
//! cannot reach a log line, an error message or a file by accident. Code that needs the
//! bytes asks for them explicitly with `expose_*`, which makes every use easy to audit.
//!
//! Each one lives in its own heap buffer that never moves or grows, locked in memory
//! (`mlock`) where the system allows, so it is not written to swap. Locking is best effort:
//! when the system refuses (a low `RLIMIT_MEMLOCK`), [`memory_lock_refused`] says so and
//! the front ends tell the user.

use std::sync::atomic::{AtomicBool, Ordering};

use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

static LOCK_REFUSED: AtomicBool = AtomicBool::new(false);

/// True once the system refused to lock a secret in memory in this process.
pub fn memory_lock_refused() -> bool {
    LOCK_REFUSED.load(Ordering::Relaxed)
}

/// Keeps the pages under one secret buffer in RAM while the secret lives. Declared after
/// the buffer in each type, so the buffer is zeroized before its pages are unlocked.
/// (Held only for its drop, which unlocks the pages.)
struct Pinned(#[allow(dead_code)] Option<region::LockGuard>);

impl Pinned {
    fn pages_of(bytes: &[u8]) -> Pinned {
        if bytes.is_empty() {
            return Pinned(None);
        }
        match region::lock(bytes.as_ptr(), bytes.len()) {
            Ok(guard) => Pinned(Some(guard)),
            Err(_) => {
                LOCK_REFUSED.store(true, Ordering::Relaxed);
                Pinned(None)
            }
        }
    }
}

/// A passphrase typed by a person, kept as UTF-8 in Unicode normalization form C and
/// compared only through the KDF. Normalizing matters for Korean: an input method may
/// produce a syllable as one code point (NFC) or as its jamo (NFD), and the same
/// passphrase must open the vault either way.
pub struct Passphrase(Zeroizing<String>, #[allow(dead_code)] Pinned);

impl Passphrase {
    /// Takes ownership of the string (wiped here) and keeps its NFC form (wiped on drop).
    pub fn new(text: String) -> Self {
        let text = Zeroizing::new(text);
        // NFC at most triples a string (UAX #15): reserving that much up front means the
        // buffer is never reallocated, which would leave an unwiped copy behind.
        let mut normal = Zeroizing::new(String::with_capacity(text.len() * 3 + 4));
        normal.extend(text.nfc());
        let pinned = Pinned::pages_of(normal.as_bytes());
        Passphrase(normal, pinned)
    }

    /// Reads a passphrase from the first line of `bytes` (a file or standard input),
    /// without the line ending. The input buffer is wiped.
    pub fn from_file_bytes(mut bytes: Vec<u8>) -> Result<Self, PassphraseError> {
        let result = (|| {
            let text = std::str::from_utf8(&bytes).map_err(|_| PassphraseError::NotUtf8)?;
            let line = text.split(['\n', '\r']).next().unwrap_or("");
            Ok(Passphrase::new(line.to_owned()))
        })();
        bytes.zeroize();
        result
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether two passphrases are the same (after normalization), in time that depends
    /// on their lengths only, not on where they first differ.
    pub fn matches(&self, other: &Passphrase) -> bool {
        use subtle::ConstantTimeEq;
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }

    /// Length in characters, for strength hints; says nothing else about the content.
    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PassphraseError {
    #[error("the passphrase is not valid UTF-8 text")]
    NotUtf8,
}

/// Declares a fixed-size key type that zeroizes on drop and has no printable form.
macro_rules! fixed_key {
    ($(#[$doc:meta])* $name:ident, $len:expr) => {
        $(#[$doc])*
        pub struct $name(Box<Zeroizing<[u8; $len]>>, #[allow(dead_code)] Pinned);

        impl $name {
            pub const LEN: usize = $len;

            /// Moves `bytes` into the key's own locked buffer and wipes the argument.
            pub fn from_bytes(mut bytes: [u8; $len]) -> Self {
                let key = Self::from_slice(&bytes);
                bytes.zeroize();
                key.unwrap_or_else(|| unreachable!("the length is checked by the type"))
            }

            /// Copies from a slice of exactly `LEN` bytes.
            pub fn from_slice(bytes: &[u8]) -> Option<Self> {
                if bytes.len() != $len {
                    return None;
                }
                let mut key = Box::new(Zeroizing::new([0u8; $len]));
                let pinned = Pinned::pages_of(&key[..]);
                key.copy_from_slice(bytes);
                Some($name(key, pinned))
            }

            pub fn expose_secret(&self) -> &[u8; $len] {
                &self.0
            }
        }
    };
}

fixed_key!(
    /// The random 256-bit key of the SQLCipher database. Never derived from a passphrase.
    DatabaseKey,
    32
);

fixed_key!(
    /// The 256-bit key derived from a passphrase by Argon2id; it only wraps a [`DatabaseKey`].
    WrappingKey,
    32
);

/// Secret bytes of variable length (a PKCS#8 document, an age identity string).
pub struct SecretBytes(Zeroizing<Vec<u8>>, #[allow(dead_code)] Pinned);

impl SecretBytes {
    /// Takes the bytes as they are (their buffer is wiped on drop and never grows).
    pub fn new(bytes: Vec<u8>) -> Self {
        let bytes = Zeroizing::new(bytes);
        let pinned = Pinned::pages_of(&bytes);
        SecretBytes(bytes, pinned)
    }

    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_file_takes_first_line_only() {
        let p = Passphrase::from_file_bytes(b"correct horse\r\nsecond".to_vec()).unwrap();
        assert_eq!(p.expose_secret(), "correct horse");
        assert_eq!(p.char_count(), 13);
    }

    #[test]
    fn passphrase_file_rejects_invalid_utf8() {
        assert_eq!(
            Passphrase::from_file_bytes(vec![0xff, 0xfe]).err(),
            Some(PassphraseError::NotUtf8)
        );
    }

    #[test]
    fn composed_and_decomposed_hangul_are_the_same_passphrase() {
        let composed = Passphrase::new("한국어 비밀".to_owned());
        let decomposed = Passphrase::new("한국어 비밀".nfd().collect());
        assert_eq!(composed.expose_secret(), decomposed.expose_secret());
        assert_eq!(composed.expose_secret(), "한국어 비밀");
    }

    #[test]
    fn secrets_are_locked_in_memory_where_the_system_allows() {
        let key = DatabaseKey::from_bytes([3u8; 32]);
        let passphrase = Passphrase::new("한국어 비밀 passphrase".to_owned());
        let locked_kib = || {
            std::fs::read_to_string("/proc/self/status").ok().and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmLck:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
            })
        };
        if let Some(kib) = locked_kib() {
            // Either some page is locked, or the refusal was recorded to be reported.
            assert!(
                kib > 0 || memory_lock_refused(),
                "VmLck {kib} kB and no refusal recorded"
            );
        }
        assert_eq!(key.expose_secret(), &[3u8; 32]);
        assert!(passphrase.expose_secret().starts_with("한국어"));
    }

    #[test]
    fn keys_only_accept_their_exact_length() {
        assert!(DatabaseKey::from_slice(&[1u8; 31]).is_none());
        let key = DatabaseKey::from_slice(&[7u8; 32]).unwrap();
        assert_eq!(key.expose_secret(), &[7u8; 32]);
    }
}
