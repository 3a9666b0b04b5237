//! Secrets as types: passphrases and keys that zeroize on drop and can never be printed.
//!
//! None of these types implement `Debug`, `Display`, `Clone` or `Serialize`, so a secret
//! cannot reach a log line, an error message or a file by accident. Code that needs the
//! bytes asks for them explicitly with `expose_*`, which makes every use easy to audit.

use unicode_normalization::UnicodeNormalization;
use zeroize::{Zeroize, Zeroizing};

/// A passphrase typed by a person, kept as UTF-8 in Unicode normalization form C and
/// compared only through the KDF. Normalizing matters for Korean: an input method may
/// produce a syllable as one code point (NFC) or as its jamo (NFD), and the same
/// passphrase must open the vault either way.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Takes ownership of the string (wiped here) and keeps its NFC form (wiped on drop).
    pub fn new(text: String) -> Self {
        let text = Zeroizing::new(text);
        Passphrase(Zeroizing::new(text.nfc().collect()))
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
        pub struct $name(Zeroizing<[u8; $len]>);

        impl $name {
            pub const LEN: usize = $len;

            pub fn from_bytes(bytes: [u8; $len]) -> Self {
                $name(Zeroizing::new(bytes))
            }

            /// Copies from a slice of exactly `LEN` bytes.
            pub fn from_slice(bytes: &[u8]) -> Option<Self> {
                let mut key = Zeroizing::new([0u8; $len]);
                if bytes.len() != $len {
                    return None;
                }
                key.copy_from_slice(bytes);
                Some($name(key))
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
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    pub fn new(bytes: Vec<u8>) -> Self {
        SecretBytes(Zeroizing::new(bytes))
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
    fn keys_only_accept_their_exact_length() {
        assert!(DatabaseKey::from_slice(&[1u8; 31]).is_none());
        let key = DatabaseKey::from_slice(&[7u8; 32]).unwrap();
        assert_eq!(key.expose_secret(), &[7u8; 32]);
    }
}
