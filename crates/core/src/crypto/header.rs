//! `vault.header`: the database key, wrapped under the passphrase, in a small versioned
//! text file of fixed size (see `docs/vault-format.md`).
//!
//! ```text
//! fieldvault-vault-header v1
//! kdf argon2id v=19 m=262144 t=3 p=1
//! salt <base64, 16 bytes>
//! key <base64: nonce ‖ wrapped key ‖ tag>
//! next-key <base64>                  (only while a re-key is in progress)
//! check <SHA-256 hex of every line above, newlines included>
//! <spaces up to 1023 bytes, then a newline>
//! ```
//!
//! Changing the passphrase rewrites only this file; destroying it destroys the only copy of
//! the wrapped key. The `check` line tells damage apart from a wrong passphrase; the AEAD's
//! associated data (magic, kdf and salt lines, slot name) makes an edited header fail to
//! unlock rather than derive something else. Nothing here names the device, its role, the
//! number of interviews or any date.

use crate::explain::{Explain, Explanation};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::digest::sha256_hex;
pub use super::kdf::KdfParams;
use super::kdf::{KdfError, SALT_LEN, derive_wrapping_key};
use super::keywrap::{self, UnwrapError, WRAPPED_LEN};
use super::random::random_array;
use crate::secret::{DatabaseKey, Passphrase, WrappingKey};

/// The first line of every header, whatever its version.
const MAGIC: &str = "fieldvault-vault-header";
/// The version this code writes and reads.
pub const VERSION: u32 = 1;
/// Every v1 header is exactly this long, so that its size says nothing and an in-place
/// overwrite covers all of it.
pub const HEADER_LEN: usize = 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeaderError {
    WrongPassphrase,
    NotAHeader,
    UnsupportedVersion(u32),
    /// What is damaged, in English (a technical detail).
    Damaged(String),
    Kdf(#[from] KdfError),
}

impl Explain for HeaderError {
    fn explain(&self) -> Explanation {
        match self {
            HeaderError::WrongPassphrase => Explanation::new("header-wrong-passphrase"),
            HeaderError::NotAHeader => Explanation::new("header-not-a-header"),
            HeaderError::UnsupportedVersion(version) => {
                Explanation::new("header-newer-version").number("version", *version)
            }
            HeaderError::Damaged(what) => Explanation::new("header-damaged").technical(what),
            HeaderError::Kdf(error) => error.explain(),
        }
    }
}

crate::explain::display_in_english!(HeaderError);

fn damaged(what: impl Into<String>) -> HeaderError {
    HeaderError::Damaged(what.into())
}

/// A parsed header; holds only wrapped keys, never a plain one.
#[derive(Clone, PartialEq, Eq)]
pub struct VaultHeader {
    params: KdfParams,
    salt: [u8; SALT_LEN],
    wrapped_key: Vec<u8>,
    wrapped_next_key: Option<Vec<u8>>,
}

/// The keys a passphrase unlocked, and the wrapping key to re-wrap them without running
/// Argon2 again (for staging and promoting a re-key).
pub struct UnlockedKeys {
    current: DatabaseKey,
    next: Option<DatabaseKey>,
    wrapping: WrappingKey,
}

impl UnlockedKeys {
    pub fn current(&self) -> &DatabaseKey {
        &self.current
    }

    /// The pending key of an interrupted re-key, if any.
    pub fn next(&self) -> Option<&DatabaseKey> {
        self.next.as_ref()
    }

    /// A header that also carries `next` as the pending key (written before a re-key).
    pub fn stage_next(&self, header: &VaultHeader, next: &DatabaseKey) -> VaultHeader {
        let mut staged = header.clone();
        staged.wrapped_next_key = Some(keywrap::wrap(&self.wrapping, next, &header.aad("next-key")));
        staged
    }

    /// A header whose current key is `key` and which has no pending key (written after the
    /// database has been re-keyed to `key`).
    pub fn promote(&self, header: &VaultHeader, key: &DatabaseKey) -> VaultHeader {
        let mut promoted = header.clone();
        promoted.wrapped_key = keywrap::wrap(&self.wrapping, key, &header.aad("key"));
        promoted.wrapped_next_key = None;
        promoted
    }
}

impl VaultHeader {
    /// A new header wrapping `key` under `passphrase`, with a fresh salt.
    pub fn create(
        passphrase: &Passphrase,
        key: &DatabaseKey,
        params: KdfParams,
    ) -> Result<VaultHeader, HeaderError> {
        params.validate()?;
        let salt = random_array::<SALT_LEN>();
        let wrapping = derive_wrapping_key(passphrase, &salt, &params)?;
        let mut header = VaultHeader {
            params,
            salt,
            wrapped_key: Vec::new(),
            wrapped_next_key: None,
        };
        header.wrapped_key = keywrap::wrap(&wrapping, key, &header.aad("key"));
        Ok(header)
    }

    pub fn params(&self) -> &KdfParams {
        &self.params
    }

    #[cfg(any(test, feature = "testing"))]
    pub fn has_pending_key(&self) -> bool {
        self.wrapped_next_key.is_some()
    }

    fn kdf_line(&self) -> String {
        let p = &self.params;
        format!(
            "kdf argon2id v=19 m={} t={} p={}",
            p.memory_kib, p.iterations, p.parallelism
        )
    }

    /// Associated data for a key slot: the lines that must not change under it.
    fn aad(&self, slot: &str) -> Vec<u8> {
        format!(
            "{MAGIC} v{VERSION}\n{}\nsalt {}\n{slot}",
            self.kdf_line(),
            BASE64.encode(self.salt)
        )
        .into_bytes()
    }

    /// Derives the wrapping key once and unwraps the current and any pending key.
    pub fn unlock(&self, passphrase: &Passphrase) -> Result<UnlockedKeys, HeaderError> {
        let wrapping = derive_wrapping_key(passphrase, &self.salt, &self.params)?;
        let open = |wrapped: &[u8], slot: &str| {
            keywrap::unwrap(&wrapping, wrapped, &self.aad(slot)).map_err(|e| match e {
                UnwrapError::WrongKey => HeaderError::WrongPassphrase,
                UnwrapError::WrongLength => damaged(format!("the {slot} line has the wrong length")),
            })
        };
        let current = open(&self.wrapped_key, "key")?;
        let next = match &self.wrapped_next_key {
            Some(w) => Some(open(w, "next-key")?),
            None => None,
        };
        Ok(UnlockedKeys {
            current,
            next,
            wrapping,
        })
    }

    /// The first step of a passphrase change: a header under `new` (fresh salt, today's
    /// default parameters or the header's own if stronger) that still holds the current key
    /// and stages `next` as the pending key. Returns it with the keys it holds, for
    /// promoting once the database has been re-keyed to `next`.
    pub fn rewrap_staging(
        &self,
        old: &Passphrase,
        new: &Passphrase,
        next: &DatabaseKey,
    ) -> Result<(VaultHeader, UnlockedKeys), HeaderError> {
        let keys = self.unlock(old)?;
        let params = KdfParams::DEFAULT.at_least(&self.params);
        let header = VaultHeader::create(new, &keys.current, params)?;
        let wrapping = derive_wrapping_key(new, &header.salt, &header.params)?;
        let fresh = UnlockedKeys {
            current: keys.current,
            next: None,
            wrapping,
        };
        let staged = fresh.stage_next(&header, next);
        Ok((staged, fresh))
    }

    /// The file's bytes: exactly [`HEADER_LEN`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = format!(
            "{MAGIC} v{VERSION}\n{}\nsalt {}\nkey {}\n",
            self.kdf_line(),
            BASE64.encode(self.salt),
            BASE64.encode(&self.wrapped_key)
        );
        if let Some(next) = &self.wrapped_next_key {
            body.push_str(&format!("next-key {}\n", BASE64.encode(next)));
        }
        body.push_str(&format!("check {}\n", sha256_hex(body.as_bytes())));
        let mut bytes = body.into_bytes();
        bytes.resize(HEADER_LEN - 1, b' ');
        bytes.push(b'\n');
        bytes
    }

    /// Parses a header file, telling apart "not ours", "newer" and "damaged".
    pub fn parse(bytes: &[u8]) -> Result<VaultHeader, HeaderError> {
        let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let first = std::str::from_utf8(first_line).map_err(|_| HeaderError::NotAHeader)?;
        let version = first
            .strip_prefix(MAGIC)
            .and_then(|rest| rest.strip_prefix(" v"))
            .ok_or(HeaderError::NotAHeader)?;
        let version: u32 = version
            .parse()
            .map_err(|_| damaged("line 1: unreadable version"))?;
        if version != VERSION {
            return Err(HeaderError::UnsupportedVersion(version));
        }
        if bytes.len() != HEADER_LEN {
            return Err(damaged(format!(
                "it is {} bytes long instead of {HEADER_LEN}; it was cut short or extended",
                bytes.len()
            )));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| damaged("it is not text"))?;
        let lines: Vec<&str> = text.trim_end_matches([' ', '\n']).split('\n').collect();
        let check_at = lines.len() - 1;
        let Some(check) = lines[check_at].strip_prefix("check ") else {
            return Err(damaged("the check line is missing"));
        };
        let body: String = lines[..check_at].iter().map(|l| format!("{l}\n")).collect();
        if sha256_hex(body.as_bytes()) != check {
            return Err(damaged("its check sum does not match its contents"));
        }
        if !matches!(check_at, 4 | 5) {
            return Err(damaged(format!(
                "{} lines where 5 or 6 were expected",
                lines.len()
            )));
        }
        let field = |n: usize, name: &str| -> Result<&str, HeaderError> {
            lines[n]
                .strip_prefix(name)
                .and_then(|r| r.strip_prefix(' '))
                .ok_or_else(|| damaged(format!("line {}: expected {name}", n + 1)))
        };
        let params = parse_kdf(field(1, "kdf")?)?;
        let salt: [u8; SALT_LEN] = decode(field(2, "salt")?, 3)?
            .try_into()
            .map_err(|_| damaged("line 3: the salt has the wrong length"))?;
        let wrapped_key = decode(field(3, "key")?, 4)?;
        let wrapped_next_key = if check_at == 5 {
            Some(decode(field(4, "next-key")?, 5)?)
        } else {
            None
        };
        if wrapped_key.len() != WRAPPED_LEN
            || wrapped_next_key.as_ref().is_some_and(|w| w.len() != WRAPPED_LEN)
        {
            return Err(damaged("a wrapped key has the wrong length"));
        }
        Ok(VaultHeader {
            params,
            salt,
            wrapped_key,
            wrapped_next_key,
        })
    }
}

fn decode(text: &str, line: usize) -> Result<Vec<u8>, HeaderError> {
    BASE64
        .decode(text)
        .map_err(|_| damaged(format!("line {line}: not valid base64")))
}

fn parse_kdf(text: &str) -> Result<KdfParams, HeaderError> {
    let rest = text
        .strip_prefix("argon2id v=19 ")
        .ok_or_else(|| damaged("line 2: only Argon2id version 19 is known"))?;
    let mut values = [0u32; 3];
    let parts: Vec<&str> = rest.split(' ').collect();
    if parts.len() != 3 {
        return Err(damaged("line 2: expected m=, t= and p="));
    }
    for (i, (part, name)) in parts.iter().zip(["m=", "t=", "p="]).enumerate() {
        values[i] = part
            .strip_prefix(name)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| damaged(format!("line 2: {name} is not a number")))?;
    }
    let params = KdfParams {
        memory_kib: values[0],
        iterations: values[1],
        parallelism: values[2],
    };
    params.validate()?;
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cheap parameters for format tests; one test below uses the real default.
    const FAST: KdfParams = crate::crypto::kdf::tests::TEST;

    fn pass(s: &str) -> Passphrase {
        Passphrase::new(s.to_owned())
    }

    #[test]
    fn create_parse_unlock_round_trip() {
        let key = DatabaseKey::from_bytes([7; 32]);
        let header = VaultHeader::create(&pass("secret words here"), &key, FAST).unwrap();
        let bytes = header.to_bytes();
        assert_eq!(bytes.len(), HEADER_LEN);
        let parsed = VaultHeader::parse(&bytes).unwrap();
        assert!(parsed == header);
        let keys = parsed.unlock(&pass("secret words here")).unwrap();
        assert_eq!(keys.current().expose_secret(), &[7; 32]);
        assert!(keys.next().is_none());
    }

    #[test]
    fn the_default_parameters_work() {
        let key = DatabaseKey::from_bytes([3; 32]);
        let header = VaultHeader::create(&pass("p"), &key, KdfParams::DEFAULT).unwrap();
        assert!(header.params().memory_kib >= 64 * 1024);
        let parsed = VaultHeader::parse(&header.to_bytes()).unwrap();
        assert_eq!(
            parsed.unlock(&pass("p")).unwrap().current().expose_secret(),
            &[3; 32]
        );
    }

    #[test]
    fn a_wrong_passphrase_is_reported_as_such() {
        let header = VaultHeader::create(&pass("right"), &DatabaseKey::from_bytes([1; 32]), FAST).unwrap();
        assert_eq!(
            header.unlock(&pass("wrong")).err(),
            Some(HeaderError::WrongPassphrase)
        );
    }

    #[test]
    fn every_flipped_byte_is_refused_and_never_yields_a_key() {
        let key = DatabaseKey::from_bytes([5; 32]);
        let bytes = VaultHeader::create(&pass("pw"), &key, FAST).unwrap().to_bytes();
        // Every byte of the meaningful lines, and a sample of the padding.
        let body_len = bytes
            .iter()
            .position(|&b| b == b' ' && bytes[..].ends_with(b"\n"))
            .unwrap_or(400);
        for i in (0..body_len.max(300)).chain([600, 1000, HEADER_LEN - 1]) {
            let mut bad = bytes.clone();
            bad[i] ^= 0x01;
            match VaultHeader::parse(&bad) {
                Err(_) => {}
                Ok(h) => assert!(
                    h.unlock(&pass("pw")).is_err() || h == VaultHeader::parse(&bytes).unwrap(),
                    "flip at {i} gave a different header that unlocked"
                ),
            }
        }
    }

    #[test]
    fn truncated_extended_foreign_and_newer_headers_are_told_apart() {
        let bytes = VaultHeader::create(&pass("pw"), &DatabaseKey::from_bytes([5; 32]), FAST)
            .unwrap()
            .to_bytes();
        assert!(matches!(
            VaultHeader::parse(&bytes[..300]),
            Err(HeaderError::Damaged(_))
        ));
        let mut longer = bytes.clone();
        longer.push(b' ');
        assert!(matches!(
            VaultHeader::parse(&longer),
            Err(HeaderError::Damaged(_))
        ));
        assert_eq!(
            VaultHeader::parse(b"SQLite format 3\0").err(),
            Some(HeaderError::NotAHeader)
        );
        assert_eq!(VaultHeader::parse(b"").err(), Some(HeaderError::NotAHeader));
        assert_eq!(
            VaultHeader::parse(b"fieldvault-vault-header v7\nwhatever").err(),
            Some(HeaderError::UnsupportedVersion(7))
        );
    }

    #[test]
    fn hostile_kdf_parameters_are_refused_before_any_work() {
        let header = VaultHeader::create(&pass("pw"), &DatabaseKey::from_bytes([5; 32]), FAST).unwrap();
        let text = String::from_utf8(header.to_bytes()).unwrap();
        let body: String = text
            .lines()
            .take(4)
            .map(|l| {
                if l.starts_with("kdf") {
                    "kdf argon2id v=19 m=4294967295 t=1 p=1\n".to_owned()
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        let mut forged = format!("{body}check {}\n", sha256_hex(body.as_bytes())).into_bytes();
        forged.resize(HEADER_LEN - 1, b' ');
        forged.push(b'\n');
        assert!(matches!(
            VaultHeader::parse(&forged),
            Err(HeaderError::Kdf(KdfError::OutOfBounds { .. }))
        ));
    }

    #[test]
    fn edited_parameters_with_a_fixed_check_fail_to_unlock() {
        let header = VaultHeader::create(&pass("pw"), &DatabaseKey::from_bytes([5; 32]), FAST).unwrap();
        let mut edited = header.clone();
        edited.params.iterations = 2;
        let reparsed = VaultHeader::parse(&edited.to_bytes()).unwrap();
        assert_eq!(
            reparsed.unlock(&pass("pw")).err(),
            Some(HeaderError::WrongPassphrase)
        );
    }

    #[test]
    fn a_passphrase_change_stages_a_new_key_under_the_new_passphrase_only() {
        let key = DatabaseKey::from_bytes([9; 32]);
        let next = DatabaseKey::from_bytes([10; 32]);
        let header = VaultHeader::create(&pass("old"), &key, FAST).unwrap();
        assert_eq!(
            header.rewrap_staging(&pass("wrong"), &pass("new"), &next).err(),
            Some(HeaderError::WrongPassphrase)
        );
        let (staged, keys) = header.rewrap_staging(&pass("old"), &pass("new"), &next).unwrap();
        let staged = VaultHeader::parse(&staged.to_bytes()).unwrap();
        let both = staged.unlock(&pass("new")).unwrap();
        assert_eq!(both.current().expose_secret(), &[9; 32]);
        assert_eq!(both.next().unwrap().expose_secret(), &[10; 32]);
        assert_eq!(
            staged.unlock(&pass("old")).err(),
            Some(HeaderError::WrongPassphrase)
        );
        assert_eq!(staged.params(), &KdfParams::DEFAULT);
        // Promoted after the re-key: only the new key, only the new passphrase.
        let done = VaultHeader::parse(&keys.promote(&staged, &next).to_bytes()).unwrap();
        let only = done.unlock(&pass("new")).unwrap();
        assert_eq!(only.current().expose_secret(), &[10; 32]);
        assert!(only.next().is_none());
    }

    #[test]
    fn a_re_key_is_staged_then_promoted() {
        let old = DatabaseKey::from_bytes([1; 32]);
        let next = DatabaseKey::from_bytes([2; 32]);
        let header = VaultHeader::create(&pass("pw"), &old, FAST).unwrap();
        let keys = header.unlock(&pass("pw")).unwrap();
        let staged = VaultHeader::parse(&keys.stage_next(&header, &next).to_bytes()).unwrap();
        assert!(staged.has_pending_key());
        let both = staged.unlock(&pass("pw")).unwrap();
        assert_eq!(both.current().expose_secret(), &[1; 32]);
        assert_eq!(both.next().unwrap().expose_secret(), &[2; 32]);
        let promoted = VaultHeader::parse(&both.promote(&staged, &next).to_bytes()).unwrap();
        assert!(!promoted.has_pending_key());
        assert_eq!(
            promoted.unlock(&pass("pw")).unwrap().current().expose_secret(),
            &[2; 32]
        );
    }
}
