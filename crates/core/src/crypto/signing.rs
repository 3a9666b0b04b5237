//! Device identity signatures in OpenSSH formats.
//!
//! Every field device has one Ed25519 key. It signs bundle manifests (namespace
//! `fieldvault-bundle`) and HQ signs receipts with its own key (`fieldvault-receipt`).
//! Signatures use the SSHSIG format of OpenSSH (`PROTOCOL.sshsig`) so that headquarters can
//! verify them with nothing but `ssh-keygen -Y verify` if this software is ever gone, and
//! public keys and fingerprints are written exactly as `ssh-keygen` writes them so that people
//! can compare them by eye.
//!
//! The SSHSIG wire format is small and fully specified, so it is written here by hand on top
//! of `ring` instead of pulling in another dependency:
//!
//! ```text
//! signed data:  "SSHSIG" string(namespace) string(reserved="") string(hash_alg) string(H(msg))
//! signature:    "SSHSIG" uint32(1) string(pubkey) string(namespace) string(reserved="")
//!               string(hash_alg) string(string("ssh-ed25519") string(sig[64]))
//! ```
//!
//! Parsing is strict: exact lengths, no trailing bytes, bounded sizes, canonical base64.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use ring::digest;
use ring::signature::{self, Ed25519KeyPair, KeyPair as _};

use crate::secret::SecretBytes;

const KEY_TYPE: &str = "ssh-ed25519";
const MAGIC: &[u8; 6] = b"SSHSIG";
const SIG_VERSION: u32 = 1;
const ARMOR_BEGIN: &str = "-----BEGIN SSH SIGNATURE-----";
const ARMOR_END: &str = "-----END SSH SIGNATURE-----";
/// OpenSSH wraps the base64 body of an armored signature at 70 columns.
const ARMOR_LINE: usize = 70;
/// An Ed25519 SSHSIG is about 300 characters armored; anything far beyond that is hostile.
const MAX_ARMORED_LEN: usize = 8 * 1024;
/// Longest public key line accepted (OpenSSH comments are free text, but not novels).
const MAX_PUBLIC_KEY_LINE: usize = 8 * 1024;
/// Longest namespace accepted in a signature; ours are short constants.
const MAX_NAMESPACE_LEN: usize = 256;
/// Longest nested blob (public key or signature) accepted inside an SSHSIG.
const MAX_INNER_BLOB: usize = 1024;

/// Errors from creating, loading or checking device keys and signatures.
///
/// Messages never contain key material, signed data or user text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SigningError {
    #[error(
        "could not create a new signing key because the system random number generator failed; \
         try again, and if it keeps failing the operating system is not usable for this work"
    )]
    KeyGeneration,
    #[error(
        "the stored device signing key is damaged or is not an Ed25519 key in PKCS#8 form; \
         restore the vault from a backup"
    )]
    InvalidPrivateKey,
    #[error(
        "this is not a valid OpenSSH Ed25519 public key ({0}); expected one line like \
         \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… comment\""
    )]
    InvalidPublicKey(&'static str),
    #[error("only Ed25519 keys (\"ssh-ed25519\") are supported; ask for the device's Ed25519 key")]
    UnsupportedKeyType,
    #[error("this is not a valid key fingerprint; expected 64 lowercase hexadecimal characters")]
    InvalidFingerprint,
    #[error(
        "the signature is not a valid OpenSSH signature ({0}); the signature file is damaged, \
         was cut short, or is not a signature at all"
    )]
    MalformedSignature(&'static str),
    #[error(
        "the signature is for a different purpose (expected namespace \"{expected}\"); \
         it must not be accepted here"
    )]
    WrongNamespace { expected: String },
    #[error("the signature uses an unsupported hash algorithm; only sha512 and sha256 are accepted")]
    UnsupportedHash,
    #[error(
        "the signature was made by a different key than the one expected; the data did not \
         come from this device or headquarters, or the wrong key was registered"
    )]
    WrongSigner,
    #[error(
        "the signature does not match the data: the data or its signature was changed after \
         signing; do not trust this data"
    )]
    BadSignature,
}

/// A device's Ed25519 signing key. Cannot be printed, cloned or serialized; the PKCS#8 bytes
/// are kept (zeroized on drop) so the vault can store the key inside its encrypted database.
///
/// Note: `ring` keeps its own expanded copy of the private key and does not promise to
/// zeroize it on drop; keep `SigningKey` values short-lived where possible.
/// `SEQUENCE { version 1, AlgorithmIdentifier { id-Ed25519 }, OCTET STRING { OCTET STRING
/// <seed> } ...`: the DER before the 32-byte seed.
const PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x53, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];
/// `[1] { BIT STRING <public key> }`: the DER between the seed and the public key.
const PKCS8_MIDDLE: [u8; 5] = [0xa1, 0x23, 0x03, 0x21, 0x00];
const PKCS8_LEN: usize = 16 + 32 + 5 + 32;

pub struct SigningKey {
    key_pair: Ed25519KeyPair,
    pkcs8: SecretBytes,
}

impl SigningKey {
    /// Generates a fresh key from the operating system's random number generator.
    /// The seed and the PKCS#8 document are built in zeroizing buffers here rather than by
    /// `ring::Ed25519KeyPair::generate_pkcs8`, whose document is never wiped.
    pub fn generate() -> Result<SigningKey, SigningError> {
        use ring::rand::SecureRandom;
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        ring::rand::SystemRandom::new()
            .fill(&mut seed[..])
            .map_err(|_| SigningError::KeyGeneration)?;
        let public = Ed25519KeyPair::from_seed_unchecked(&seed[..])
            .map_err(|_| SigningError::KeyGeneration)?
            .public_key()
            .as_ref()
            .to_vec();
        // RFC 8410 PKCS#8 v2 (OneAsymmetricKey) with the public key: the same bytes as
        // ring's own template.
        let mut document = zeroize::Zeroizing::new(Vec::with_capacity(PKCS8_LEN));
        document.extend_from_slice(&PKCS8_PREFIX);
        document.extend_from_slice(&seed[..]);
        document.extend_from_slice(&PKCS8_MIDDLE);
        document.extend_from_slice(&public);
        Self::from_pkcs8(&document)
    }

    /// Loads a key stored by [`SigningKey::pkcs8`] (a PKCS#8 v2 document with the public key).
    /// The caller keeps ownership of `bytes` and should wipe them.
    pub fn from_pkcs8(bytes: &[u8]) -> Result<SigningKey, SigningError> {
        let key_pair = Ed25519KeyPair::from_pkcs8(bytes).map_err(|_| SigningError::InvalidPrivateKey)?;
        Ok(SigningKey {
            key_pair,
            pkcs8: SecretBytes::new(bytes.to_vec()),
        })
    }

    /// The PKCS#8 document, for storage inside the encrypted vault only.
    pub fn pkcs8(&self) -> &SecretBytes {
        &self.pkcs8
    }

    pub fn public_key(&self) -> PublicKey {
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(self.key_pair.public_key().as_ref());
        PublicKey(bytes)
    }

    /// An armored OpenSSH signature over `message` in `namespace`, hash algorithm sha512,
    /// byte for byte what `ssh-keygen -Y sign -n <namespace>` produces for the same key
    /// (Ed25519 is deterministic), so `ssh-keygen -Y verify` accepts it.
    ///
    /// `namespace` must be non-empty (OpenSSH refuses empty namespaces); it is one of our
    /// constants, so an empty one is a programming error and is rejected in debug builds.
    pub fn sign_sshsig(&self, namespace: &str, message: &[u8]) -> String {
        debug_assert!(!namespace.is_empty(), "SSHSIG namespace must not be empty");
        let hash = digest::digest(&digest::SHA512, message);
        let to_sign = signed_data(namespace, HashAlg::Sha512, hash.as_ref());
        let sig = self.key_pair.sign(&to_sign);

        let mut sig_blob = Vec::with_capacity(4 + KEY_TYPE.len() + 4 + 64);
        put_string(&mut sig_blob, KEY_TYPE.as_bytes());
        put_string(&mut sig_blob, sig.as_ref());

        let mut blob = Vec::with_capacity(256);
        blob.extend_from_slice(MAGIC);
        blob.extend_from_slice(&SIG_VERSION.to_be_bytes());
        put_string(&mut blob, &self.public_key().wire_blob());
        put_string(&mut blob, namespace.as_bytes());
        put_string(&mut blob, b"");
        put_string(&mut blob, HashAlg::Sha512.name().as_bytes());
        put_string(&mut blob, &sig_blob);

        armor(&blob)
    }
}

/// An Ed25519 public key (a device's or headquarters').
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    pub fn from_bytes(bytes: [u8; 32]) -> PublicKey {
        PublicKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The SSH wire encoding: `string("ssh-ed25519") string(key)`.
    fn wire_blob(&self) -> Vec<u8> {
        let mut blob = Vec::with_capacity(4 + KEY_TYPE.len() + 4 + 32);
        put_string(&mut blob, KEY_TYPE.as_bytes());
        put_string(&mut blob, &self.0);
        blob
    }

    fn from_wire_blob(blob: &[u8]) -> Result<PublicKey, SigningError> {
        let mut r = WireReader::new(blob);
        let key_type = r
            .string(64)
            .map_err(|_| SigningError::InvalidPublicKey("damaged key data"))?;
        if key_type != KEY_TYPE.as_bytes() {
            return Err(SigningError::UnsupportedKeyType);
        }
        let key = r
            .string(32)
            .map_err(|_| SigningError::InvalidPublicKey("damaged key data"))?;
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| SigningError::InvalidPublicKey("wrong key length"))?;
        r.finish()
            .map_err(|_| SigningError::InvalidPublicKey("unexpected data after the key"))?;
        Ok(PublicKey(key))
    }

    /// `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI…`, without a comment.
    pub fn to_openssh(&self) -> String {
        format!("{KEY_TYPE} {}", STANDARD.encode(self.wire_blob()))
    }

    /// Parses one OpenSSH public key line (`ssh-ed25519 <base64> [comment]`), as found in a
    /// `.pub` file. Surrounding whitespace and a trailing comment are allowed.
    pub fn from_openssh(s: &str) -> Result<PublicKey, SigningError> {
        if s.len() > MAX_PUBLIC_KEY_LINE {
            return Err(SigningError::InvalidPublicKey("far too long"));
        }
        let s = s.trim();
        if s.contains(['\n', '\r']) {
            return Err(SigningError::InvalidPublicKey("more than one line"));
        }
        let mut parts = s.split_ascii_whitespace();
        let key_type = parts.next().ok_or(SigningError::InvalidPublicKey("empty"))?;
        if key_type != KEY_TYPE {
            return Err(SigningError::UnsupportedKeyType);
        }
        let b64 = parts
            .next()
            .ok_or(SigningError::InvalidPublicKey("the key data is missing"))?;
        // The rest of the line is a free-text comment and is ignored.
        let blob = STANDARD
            .decode(b64)
            .map_err(|_| SigningError::InvalidPublicKey("the key data is not valid base64"))?;
        PublicKey::from_wire_blob(&blob)
    }

    /// SHA-256 of the SSH wire blob, as shown by `ssh-keygen -l`.
    pub fn fingerprint(&self) -> Fingerprint {
        let hash = digest::digest(&digest::SHA256, &self.wire_blob());
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(hash.as_ref());
        Fingerprint(bytes)
    }

    /// Checks an armored SSHSIG over `message`: magic, version 1, `namespace` equality,
    /// hash algorithm (sha512, or sha256), that the signature names this very key, and finally
    /// the Ed25519 signature itself.
    pub fn verify_sshsig(&self, namespace: &str, message: &[u8], armored: &str) -> Result<(), SigningError> {
        let blob = dearmor(armored)?;
        let sig = ParsedSshSig::parse(&blob)?;

        if sig.namespace != namespace.as_bytes() {
            return Err(SigningError::WrongNamespace {
                expected: namespace.to_owned(),
            });
        }
        let signer = PublicKey::from_wire_blob(sig.public_key).map_err(|e| match e {
            SigningError::UnsupportedKeyType => SigningError::UnsupportedKeyType,
            _ => SigningError::MalformedSignature("the embedded public key is damaged"),
        })?;
        if signer != *self {
            return Err(SigningError::WrongSigner);
        }

        let raw_sig = parse_signature_blob(sig.signature)?;
        let hash = digest::digest(sig.hash_alg.algorithm(), message);
        let to_verify = signed_data(namespace, sig.hash_alg, hash.as_ref());
        signature::UnparsedPublicKey::new(&signature::ED25519, &self.0)
            .verify(&to_verify, raw_sig)
            .map_err(|_| SigningError::BadSignature)
    }
}

/// A key fingerprint: SHA-256 of the public key's SSH wire blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// `SHA256:<base64 without padding>`, exactly as `ssh-keygen -l` prints it.
    pub fn to_openssh(&self) -> String {
        format!("SHA256:{}", STANDARD_NO_PAD.encode(self.0))
    }

    /// For people comparing keys in person: the first 64 bits as uppercase hex in groups of
    /// four, e.g. `3F2A 9C1B 77D0 E4A5`.
    pub fn short(&self) -> String {
        let mut out = String::with_capacity(19);
        for (i, byte) in self.0[..8].iter().enumerate() {
            if i > 0 && i % 2 == 0 {
                out.push(' ');
            }
            let _ = write!(out, "{byte:02X}");
        }
        out
    }

    /// For people comparing keys in person or reading them aloud: 40 decimal digits in
    /// eight groups of five, 132 bits of the fingerprint. Each group is one 4-byte slice
    /// of the SHA-256 (big-endian) modulo 100000, zero-padded, as Signal's safety numbers
    /// do with 5-byte slices; `docs/trust-card.md` shows how to compute it by hand.
    pub fn safety_number(&self) -> String {
        self.0
            .chunks_exact(4)
            .map(|chunk| {
                let value = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                format!("{:05}", value % 100_000)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// True when `typed` is this fingerprint's safety number (spaces, dashes and other
    /// separators ignored) or its `SHA256:` form.
    pub fn matches_typed(&self, typed: &str) -> bool {
        let typed = typed.trim();
        if typed.starts_with("SHA256:") {
            return typed == self.to_openssh();
        }
        let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
        let only_separators = typed
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '-' || c == '.');
        only_separators && digits == self.safety_number().replace(' ', "")
    }

    /// Full lowercase hex (64 characters); the device id used in manifests.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses the form written by [`Fingerprint::hex`]: exactly 64 lowercase hex characters.
    pub fn from_hex(s: &str) -> Result<Fingerprint, SigningError> {
        if s.len() != 64 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(SigningError::InvalidFingerprint);
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(s, &mut bytes).map_err(|_| SigningError::InvalidFingerprint)?;
        Ok(Fingerprint(bytes))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HashAlg {
    Sha256,
    Sha512,
}

impl HashAlg {
    fn name(self) -> &'static str {
        match self {
            HashAlg::Sha256 => "sha256",
            HashAlg::Sha512 => "sha512",
        }
    }

    fn algorithm(self) -> &'static digest::Algorithm {
        match self {
            HashAlg::Sha256 => &digest::SHA256,
            HashAlg::Sha512 => &digest::SHA512,
        }
    }

    fn from_name(name: &[u8]) -> Result<HashAlg, SigningError> {
        match name {
            b"sha256" => Ok(HashAlg::Sha256),
            b"sha512" => Ok(HashAlg::Sha512),
            _ => Err(SigningError::UnsupportedHash),
        }
    }
}

/// The blob that is actually signed (PROTOCOL.sshsig, "Signed Data").
fn signed_data(namespace: &str, hash_alg: HashAlg, hash: &[u8]) -> Vec<u8> {
    let mut data = Vec::with_capacity(6 + 4 + namespace.len() + 4 + 4 + 6 + 4 + hash.len());
    data.extend_from_slice(MAGIC);
    put_string(&mut data, namespace.as_bytes());
    put_string(&mut data, b""); // reserved
    put_string(&mut data, hash_alg.name().as_bytes());
    put_string(&mut data, hash);
    data
}

struct ParsedSshSig<'a> {
    public_key: &'a [u8],
    namespace: &'a [u8],
    hash_alg: HashAlg,
    signature: &'a [u8],
}

impl<'a> ParsedSshSig<'a> {
    fn parse(blob: &'a [u8]) -> Result<Self, SigningError> {
        use SigningError::MalformedSignature as Bad;
        let mut r = WireReader::new(blob);
        if r.fixed(MAGIC.len()).map_err(|_| Bad("too short"))? != MAGIC {
            return Err(Bad("it does not start with the SSHSIG marker"));
        }
        let version = r.u32().map_err(|_| Bad("too short"))?;
        if version != SIG_VERSION {
            return Err(Bad("unsupported signature format version"));
        }
        let public_key = r
            .string(MAX_INNER_BLOB)
            .map_err(|_| Bad("damaged public key field"))?;
        let namespace = r
            .string(MAX_NAMESPACE_LEN)
            .map_err(|_| Bad("damaged namespace field"))?;
        let reserved = r
            .string(MAX_INNER_BLOB)
            .map_err(|_| Bad("damaged reserved field"))?;
        if !reserved.is_empty() {
            // Not covered by the signature in OpenSSH, so anything here would be unsigned.
            return Err(Bad("the reserved field is not empty"));
        }
        let hash_alg = r.string(64).map_err(|_| Bad("damaged hash algorithm field"))?;
        let hash_alg = HashAlg::from_name(hash_alg)?;
        let signature = r
            .string(MAX_INNER_BLOB)
            .map_err(|_| Bad("damaged signature field"))?;
        r.finish()
            .map_err(|_| Bad("unexpected data after the signature"))?;
        Ok(ParsedSshSig {
            public_key,
            namespace,
            hash_alg,
            signature,
        })
    }
}

/// `string("ssh-ed25519") string(sig[64])` → the raw 64-byte signature.
fn parse_signature_blob(blob: &[u8]) -> Result<&[u8], SigningError> {
    use SigningError::MalformedSignature as Bad;
    let mut r = WireReader::new(blob);
    let sig_type = r.string(64).map_err(|_| Bad("damaged signature field"))?;
    if sig_type != KEY_TYPE.as_bytes() {
        return Err(SigningError::UnsupportedKeyType);
    }
    let raw = r.string(64).map_err(|_| Bad("damaged signature field"))?;
    if raw.len() != 64 {
        return Err(Bad("wrong Ed25519 signature length"));
    }
    r.finish()
        .map_err(|_| Bad("unexpected data after the Ed25519 signature"))?;
    Ok(raw)
}

fn armor(blob: &[u8]) -> String {
    let b64 = STANDARD.encode(blob);
    let mut out = String::with_capacity(b64.len() + b64.len() / ARMOR_LINE + 64);
    out.push_str(ARMOR_BEGIN);
    out.push('\n');
    // Base64 output is ASCII, so splitting on byte boundaries is safe.
    for line in b64.as_bytes().chunks(ARMOR_LINE) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(ARMOR_END);
    out.push('\n');
    out
}

/// Strict dearmoring: optional surrounding whitespace, the BEGIN line, base64 lines (LF or
/// CRLF), the END line. Nothing else.
fn dearmor(armored: &str) -> Result<Vec<u8>, SigningError> {
    use SigningError::MalformedSignature as Bad;
    if armored.len() > MAX_ARMORED_LEN {
        return Err(Bad("far too long"));
    }
    let mut lines = armored.trim().lines();
    if lines.next() != Some(ARMOR_BEGIN) {
        return Err(Bad("the \"BEGIN SSH SIGNATURE\" line is missing"));
    }
    let mut b64 = String::with_capacity(armored.len());
    let mut ended = false;
    for line in lines {
        if ended {
            return Err(Bad("unexpected text after the \"END SSH SIGNATURE\" line"));
        }
        if line == ARMOR_END {
            ended = true;
            continue;
        }
        if line.is_empty()
            || !line
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            return Err(Bad("unexpected characters inside the armor"));
        }
        b64.push_str(line);
    }
    if !ended {
        return Err(Bad("the \"END SSH SIGNATURE\" line is missing"));
    }
    STANDARD
        .decode(b64.as_bytes())
        .map_err(|_| Bad("the armored text is not valid base64"))
}

fn put_string(out: &mut Vec<u8>, data: &[u8]) {
    let len = u32::try_from(data.len()).expect("SSH strings here are far below 4 GiB");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(data);
}

/// A bounds-checked reader of the SSH wire encoding (RFC 4251 `uint32` and `string`).
struct WireReader<'a> {
    data: &'a [u8],
}

#[derive(Debug)]
struct WireError;

impl<'a> WireReader<'a> {
    fn new(data: &'a [u8]) -> Self {
        WireReader { data }
    }

    fn fixed(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if self.data.len() < n {
            return Err(WireError);
        }
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, WireError> {
        let bytes: [u8; 4] = self.fixed(4)?.try_into().map_err(|_| WireError)?;
        Ok(u32::from_be_bytes(bytes))
    }

    fn string(&mut self, max: usize) -> Result<&'a [u8], WireError> {
        let len = usize::try_from(self.u32()?).map_err(|_| WireError)?;
        if len > max {
            return Err(WireError);
        }
        self.fixed(len)
    }

    fn finish(self) -> Result<(), WireError> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(WireError)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::process::{Command, Output, Stdio};

    const NS: &str = "fieldvault-bundle";

    /// Runs a program needed for an interop test; a missing program fails the test loudly.
    fn run(program: &str, args: &[&str], dir: &Path, stdin: Option<&[u8]>) -> Output {
        use std::io::Write as _;
        let mut child = Command::new(program)
            .args(args)
            .current_dir(dir)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "could not run `{program}` ({e}); this interop test needs OpenSSH's \
                     ssh-keygen: install it with `apt-get install -y openssh-client`"
                )
            });
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input).unwrap();
        }
        child.wait_with_output().unwrap()
    }

    fn flip_armor_byte(armored: &str, index: usize) -> String {
        let mut bytes = armored.as_bytes().to_vec();
        let i = ARMOR_BEGIN.len() + 1 + index;
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn sign_verify_round_trip() {
        let key = SigningKey::generate().unwrap();
        let msg = b"{\"manifest\":1}";
        let sig = key.sign_sshsig(NS, msg);
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----\n"));
        assert!(sig.ends_with("\n-----END SSH SIGNATURE-----\n"));
        assert!(sig.lines().all(|l| l.len() <= 70));
        key.public_key().verify_sshsig(NS, msg, &sig).unwrap();
        // CRLF line endings (a file that passed through Windows) are still fine.
        let crlf = sig.replace('\n', "\r\n");
        key.public_key().verify_sshsig(NS, msg, &crlf).unwrap();
    }

    #[test]
    fn pkcs8_round_trip_keeps_identity() {
        let key = SigningKey::generate().unwrap();
        let again = SigningKey::from_pkcs8(key.pkcs8().expose_secret()).unwrap();
        assert_eq!(key.public_key(), again.public_key());
        // Ed25519 is deterministic: the same key signs the same message identically.
        assert_eq!(key.sign_sshsig(NS, b"m"), again.sign_sshsig(NS, b"m"));
        assert_eq!(
            SigningKey::from_pkcs8(b"not a key").err(),
            Some(SigningError::InvalidPrivateKey)
        );
    }

    #[test]
    fn verify_rejects_wrong_namespace_key_and_message() {
        let key = SigningKey::generate().unwrap();
        let other = SigningKey::generate().unwrap();
        let msg = b"manifest bytes".to_vec();
        let sig = key.sign_sshsig(NS, &msg);
        let pk = key.public_key();

        assert_eq!(
            pk.verify_sshsig("fieldvault-receipt", &msg, &sig),
            Err(SigningError::WrongNamespace {
                expected: "fieldvault-receipt".into()
            })
        );
        assert_eq!(
            other.public_key().verify_sshsig(NS, &msg, &sig),
            Err(SigningError::WrongSigner)
        );
        for i in 0..msg.len() {
            let mut flipped = msg.clone();
            flipped[i] ^= 0x01;
            assert_eq!(
                pk.verify_sshsig(NS, &flipped, &sig),
                Err(SigningError::BadSignature)
            );
        }
        assert_eq!(pk.verify_sshsig(NS, b"", &sig), Err(SigningError::BadSignature));
    }

    #[test]
    fn verify_rejects_every_flipped_armor_character() {
        let key = SigningKey::generate().unwrap();
        let pk = key.public_key();
        let sig = key.sign_sshsig(NS, b"msg");
        let body_len = sig.len() - ARMOR_BEGIN.len() - ARMOR_END.len() - 2;
        for i in 0..body_len {
            let bad = flip_armor_byte(&sig, i);
            if bad == sig || bad.as_bytes()[ARMOR_BEGIN.len() + 1 + i] == b'\n' {
                continue;
            }
            assert!(
                pk.verify_sshsig(NS, b"msg", &bad).is_err(),
                "flipping armor character {i} was not detected"
            );
        }
    }

    #[test]
    fn verify_rejects_bad_armor_and_truncation() {
        let key = SigningKey::generate().unwrap();
        let pk = key.public_key();
        let sig = key.sign_sshsig(NS, b"msg");
        let malformed = |s: &str| {
            matches!(
                pk.verify_sshsig(NS, b"msg", s),
                Err(SigningError::MalformedSignature(_))
            )
        };
        for cut in [2, 10, 30, 40, sig.len() / 2, sig.len() - 2] {
            assert!(malformed(&sig[..sig.len() - cut]), "truncated by {cut}");
        }
        // Lose one whole base64 line but keep the armor lines.
        let mut lines: Vec<&str> = sig.lines().collect();
        lines.remove(2);
        assert!(malformed(&lines.join("\n")));
        assert!(malformed(""));
        assert!(malformed(
            &sig.replace("BEGIN SSH SIGNATURE", "BEGIN PGP SIGNATURE")
        ));
        assert!(malformed(&format!("{sig}trailing text\n")));
        assert!(malformed(&format!("junk\n{sig}")));
        assert!(malformed(&sig.replacen('\n', "\n \n", 1)));
        assert!(malformed(&"A".repeat(MAX_ARMORED_LEN + 1)));

        // Trailing bytes inside the blob are rejected even though base64 is valid.
        let mut blob = dearmor(&sig).unwrap();
        blob.push(0);
        assert!(malformed(&armor(&blob)));
        // Version other than 1.
        let mut blob = dearmor(&sig).unwrap();
        blob[9] = 2;
        assert!(malformed(&armor(&blob)));
        // A huge length prefix does not allocate or panic.
        let mut blob = dearmor(&sig).unwrap();
        blob[10..14].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(malformed(&armor(&blob)));
    }

    #[test]
    fn verify_accepts_sha256_and_rejects_other_hashes() {
        let key = SigningKey::generate().unwrap();
        let pk = key.public_key();
        let msg = b"receipt";
        // Build a sha256 signature by hand, as `ssh-keygen -Y sign -O hashalg=sha256` would.
        let hash = digest::digest(&digest::SHA256, msg);
        let sig = key
            .key_pair
            .sign(&signed_data(NS, HashAlg::Sha256, hash.as_ref()));
        let build = |alg: &str| {
            let mut sig_blob = Vec::new();
            put_string(&mut sig_blob, KEY_TYPE.as_bytes());
            put_string(&mut sig_blob, sig.as_ref());
            let mut blob = Vec::new();
            blob.extend_from_slice(MAGIC);
            blob.extend_from_slice(&1u32.to_be_bytes());
            put_string(&mut blob, &pk.wire_blob());
            put_string(&mut blob, NS.as_bytes());
            put_string(&mut blob, b"");
            put_string(&mut blob, alg.as_bytes());
            put_string(&mut blob, &sig_blob);
            armor(&blob)
        };
        pk.verify_sshsig(NS, msg, &build("sha256")).unwrap();
        assert_eq!(
            pk.verify_sshsig(NS, msg, &build("sha512")),
            Err(SigningError::BadSignature)
        );
        assert_eq!(
            pk.verify_sshsig(NS, msg, &build("md5")),
            Err(SigningError::UnsupportedHash)
        );
    }

    #[test]
    fn generated_keys_are_pkcs8_documents_that_ring_reads_back() {
        let key = SigningKey::generate().unwrap();
        let document = key.pkcs8().expose_secret();
        assert_eq!(document.len(), PKCS8_LEN);
        let again = SigningKey::from_pkcs8(document).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        let other = SigningKey::generate().unwrap();
        assert_ne!(other.public_key(), key.public_key());
        // Signatures from the rebuilt document verify like any other.
        let sig = again.sign_sshsig("test", b"message");
        key.public_key().verify_sshsig("test", b"message", &sig).unwrap();
    }

    #[test]
    fn public_key_openssh_round_trip_and_strictness() {
        let pk = SigningKey::generate().unwrap().public_key();
        let line = pk.to_openssh();
        assert!(line.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"));
        assert_eq!(PublicKey::from_openssh(&line).unwrap(), pk);
        assert_eq!(
            PublicKey::from_openssh(&format!("  {line} field laptop 7 \n")).unwrap(),
            pk
        );
        assert!(PublicKey::from_openssh("").is_err());
        assert!(PublicKey::from_openssh("ssh-ed25519").is_err());
        assert_eq!(
            PublicKey::from_openssh(&line.replace("ssh-ed25519 ", "ssh-rsa ")),
            Err(SigningError::UnsupportedKeyType)
        );
        assert!(PublicKey::from_openssh(&format!("{line}\nssh-ed25519 AAAA")).is_err());
        // Truncated base64, and a blob with one byte too many.
        assert!(PublicKey::from_openssh(&line[..line.len() - 4]).is_err());
        let mut blob = pk.wire_blob();
        blob.push(0);
        let long = format!("ssh-ed25519 {}", STANDARD.encode(&blob));
        assert!(PublicKey::from_openssh(&long).is_err());
    }

    #[test]
    fn fingerprint_formats() {
        let fp = Fingerprint([
            0x3f, 0x2a, 0x9c, 0x1b, 0x77, 0xd0, 0xe4, 0xa5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0xff,
        ]);
        assert_eq!(fp.short(), "3F2A 9C1B 77D0 E4A5");
        let spoken = fp.safety_number();
        assert_eq!(spoken.len(), 47, "{spoken}");
        assert_eq!(spoken.split(' ').count(), 8);
        let first = u32::from_be_bytes(fp.as_bytes()[..4].try_into().unwrap()) % 100_000;
        assert!(spoken.starts_with(&format!("{first:05} ")), "{spoken}");
        assert!(fp.matches_typed(&spoken));
        assert!(fp.matches_typed(&spoken.replace(' ', "-")));
        assert!(fp.matches_typed(&fp.to_openssh()));
        let mut wrong = spoken.clone().into_bytes();
        wrong[0] = if wrong[0] == b'9' { b'8' } else { wrong[0] + 1 };
        assert!(!fp.matches_typed(std::str::from_utf8(&wrong).unwrap()));
        assert!(!fp.matches_typed(&spoken[..23]));
        assert!(!fp.matches_typed(""));
        assert_eq!(fp.hex().len(), 64);
        assert!(fp.hex().starts_with("3f2a9c1b77d0e4a5"));
        assert_eq!(Fingerprint::from_hex(&fp.hex()).unwrap(), fp);
        assert!(Fingerprint::from_hex(&fp.hex().to_uppercase()).is_err());
        assert!(Fingerprint::from_hex(&fp.hex()[..62]).is_err());
        assert!(Fingerprint::from_hex(&format!("{}zz", &fp.hex()[..62])).is_err());
        assert!(fp.to_openssh().starts_with("SHA256:"));
        assert!(!fp.to_openssh().ends_with('='));
    }

    #[test]
    fn interop_ssh_keygen_verifies_our_signature_and_fingerprint() {
        let dir = tempfile::TempDir::new().unwrap();
        let key = SigningKey::generate().unwrap();
        let pk = key.public_key();
        let msg = "{\"interviews\":[\"W26-0012\"],\"note\":\"증언\"}\n".as_bytes();
        std::fs::write(dir.path().join("msg"), msg).unwrap();
        std::fs::write(dir.path().join("msg.sig"), key.sign_sshsig(NS, msg)).unwrap();
        std::fs::write(
            dir.path().join("allowed_signers"),
            format!("dev {}\n", pk.to_openssh()),
        )
        .unwrap();
        std::fs::write(dir.path().join("key.pub"), format!("{}\n", pk.to_openssh())).unwrap();

        let verify_in = |namespace: &str| {
            run(
                "ssh-keygen",
                &[
                    "-Y",
                    "verify",
                    "-f",
                    "allowed_signers",
                    "-I",
                    "dev",
                    "-n",
                    namespace,
                    "-s",
                    "msg.sig",
                ],
                dir.path(),
                Some(msg),
            )
        };
        let out = verify_in(NS);
        assert!(
            out.status.success(),
            "ssh-keygen -Y verify rejected our signature: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        // And refuses it in another namespace, so the check above means something.
        assert!(!verify_in("fieldvault-receipt").status.success());

        let out = run(
            "ssh-keygen",
            &["-Y", "check-novalidate", "-n", NS, "-s", "msg.sig"],
            dir.path(),
            Some(msg),
        );
        assert!(
            out.status.success(),
            "ssh-keygen -Y check-novalidate rejected our signature: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        let out = run("ssh-keygen", &["-l", "-f", "key.pub"], dir.path(), None);
        assert!(out.status.success());
        let listing = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            listing.split_whitespace().nth(1),
            Some(pk.fingerprint().to_openssh().as_str()),
            "fingerprint differs from `ssh-keygen -l`: {listing}"
        );
    }

    /// Extracts the Ed25519 seed from an unencrypted `openssh-key-v1` private key file.
    fn seed_from_openssh_private_key(pem: &str) -> [u8; 32] {
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let blob = STANDARD.decode(b64).unwrap();
        let mut r = WireReader::new(&blob);
        assert_eq!(r.fixed(15).unwrap(), b"openssh-key-v1\0");
        assert_eq!(r.string(64).unwrap(), b"none", "cipher");
        assert_eq!(r.string(64).unwrap(), b"none", "kdf");
        r.string(64).unwrap();
        assert_eq!(r.u32().unwrap(), 1, "number of keys");
        r.string(1024).unwrap();
        let mut p = WireReader::new(r.string(4096).unwrap());
        assert_eq!(p.u32().unwrap(), p.u32().unwrap(), "check bytes");
        assert_eq!(p.string(64).unwrap(), KEY_TYPE.as_bytes());
        p.string(32).unwrap();
        let private = p.string(64).unwrap();
        private[..32].try_into().unwrap()
    }

    #[test]
    fn interop_signature_is_byte_identical_to_ssh_keygen() {
        let dir = tempfile::TempDir::new().unwrap();
        let out = run(
            "ssh-keygen",
            &["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", "dev"],
            dir.path(),
            None,
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let msg = "manifest 증언\n".as_bytes();
        std::fs::write(dir.path().join("msg"), msg).unwrap();
        let out = run(
            "ssh-keygen",
            &["-Y", "sign", "-f", "dev", "-n", NS, "msg"],
            dir.path(),
            None,
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let theirs = std::fs::read_to_string(dir.path().join("msg.sig")).unwrap();

        let pem = std::fs::read_to_string(dir.path().join("dev")).unwrap();
        let seed = seed_from_openssh_private_key(&pem);
        let key = SigningKey {
            key_pair: Ed25519KeyPair::from_seed_unchecked(&seed).unwrap(),
            pkcs8: SecretBytes::new(Vec::new()),
        };
        let pub_line = std::fs::read_to_string(dir.path().join("dev.pub")).unwrap();
        assert_eq!(key.public_key(), PublicKey::from_openssh(&pub_line).unwrap());
        assert_eq!(key.sign_sshsig(NS, msg), theirs);
    }

    #[test]
    fn interop_we_verify_ssh_keygen_signature() {
        let dir = tempfile::TempDir::new().unwrap();
        let out = run(
            "ssh-keygen",
            &["-q", "-t", "ed25519", "-N", "", "-C", "hq test key", "-f", "hq"],
            dir.path(),
            None,
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let msg = b"receipt for bundle 1\n";
        std::fs::write(dir.path().join("msg"), msg).unwrap();
        let out = run(
            "ssh-keygen",
            &["-Y", "sign", "-f", "hq", "-n", "fieldvault-receipt", "msg"],
            dir.path(),
            None,
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

        let pub_line = std::fs::read_to_string(dir.path().join("hq.pub")).unwrap();
        let pk = PublicKey::from_openssh(&pub_line).unwrap();
        let sig = std::fs::read_to_string(dir.path().join("msg.sig")).unwrap();
        pk.verify_sshsig("fieldvault-receipt", msg, &sig).unwrap();
        assert!(pk.verify_sshsig(NS, msg, &sig).is_err());
        assert!(
            pk.verify_sshsig("fieldvault-receipt", b"receipt for bundle 2\n", &sig)
                .is_err()
        );

        // Our fingerprint of their key matches theirs.
        let out = run("ssh-keygen", &["-l", "-f", "hq.pub"], dir.path(), None);
        let listing = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            listing.split_whitespace().nth(1),
            Some(pk.fingerprint().to_openssh().as_str())
        );

        // sha256 signatures from OpenSSH verify as well.
        std::fs::write(dir.path().join("msg256"), msg).unwrap();
        let out = run(
            "ssh-keygen",
            &[
                "-Y",
                "sign",
                "-O",
                "hashalg=sha256",
                "-f",
                "hq",
                "-n",
                "fieldvault-receipt",
                "msg256",
            ],
            dir.path(),
            None,
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let sig = std::fs::read_to_string(dir.path().join("msg256.sig")).unwrap();
        pk.verify_sshsig("fieldvault-receipt", msg, &sig).unwrap();
    }
}
