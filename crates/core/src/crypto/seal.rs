//! age encryption of bundles and receipts, streaming.
//!
//! Bundles are encrypted to headquarters' X25519 age recipients and receipts to the device's,
//! in the standard age v1 format, so that `age -d -i key.txt` opens them without this software.
//!
//! Only X25519 identities are ever used to decrypt. Files protected by a passphrase (scrypt
//! stanzas) are refused with their own error, before any key is tried. Unknown stanza types
//! are ignored exactly as age itself ignores them (age writers add random "grease" stanzas,
//! so refusing them would refuse age's own output); they can never yield the file key.
//!
//! The payload is authenticated per 64 KiB chunk: a reader returns only authentic chunks,
//! but truncation is detected only at the end. Callers must read to the end without an error
//! before acting on the plaintext (e.g. import in one transaction that commits only then).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use age::secrecy::ExposeSecret as _;

use crate::secret::SecretBytes;

/// The age header (recipient stanzas, MAC and nonce) may not be larger than this. An X25519
/// stanza is two lines of about 100 bytes; these limits leave room for about a hundred
/// recipients plus age's grease stanzas, while keeping a hostile file from making us buffer
/// gigabytes or spend minutes of CPU in age's header parser (quadratic in the line count).
const MAX_HEADER_LEN: usize = 16 * 1024;
const MAX_HEADER_LINES: usize = 256;

/// Errors from age sealing and opening. Messages never contain keys or plaintext.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("no recipients given: a file must be encrypted to at least one key")]
    NoRecipients,
    #[error(
        "an age recipient is not valid; expected a public key of the form \"age1…\" \
         (check that it was copied completely)"
    )]
    InvalidRecipient,
    #[error(
        "the age secret key is not valid; expected one line of the form \"AGE-SECRET-KEY-1…\" \
         (the stored key may be damaged)"
    )]
    InvalidIdentity,
    #[error(
        "this file was not encrypted to this vault's key — it is meant for another \
         headquarters or device"
    )]
    NoMatchingKey,
    #[error(
        "this file is protected by a passphrase, not by a key; fieldvault only opens files \
         encrypted to a vault key"
    )]
    PassphraseEncrypted,
    #[error("this is not an age-encrypted file, or its beginning is damaged")]
    NotAgeFile,
    #[error("the file header is far larger than any valid file's; the file is damaged or hostile")]
    HeaderTooLarge,
    #[error("the file is damaged or was changed after it was written; do not trust its contents")]
    Damaged,
    #[error(
        "the file is incomplete (cut short); it was probably not copied completely — copy it \
         again from the original"
    )]
    Truncated,
    #[error("could not encrypt: {0}")]
    Encrypt(String),
    #[error("could not read or write the file: {0}")]
    Io(#[source] io::Error),
}

impl SealError {
    fn from_read_error(e: io::Error) -> SealError {
        match e.kind() {
            io::ErrorKind::UnexpectedEof => SealError::Truncated,
            io::ErrorKind::InvalidData => match unwrap_seal_error(&e) {
                Some(SealError::HeaderTooLarge) => SealError::HeaderTooLarge,
                _ => SealError::Damaged,
            },
            _ => SealError::Io(e),
        }
    }

    fn from_decrypt_error(e: age::DecryptError) -> SealError {
        use age::DecryptError as D;
        match e {
            D::NoMatchingKeys => SealError::NoMatchingKey,
            D::UnknownFormat | D::InvalidHeader => SealError::NotAgeFile,
            D::InvalidMac | D::DecryptionFailed | D::KeyDecryptionFailed => SealError::Damaged,
            D::ExcessiveWork { .. } => SealError::PassphraseEncrypted,
            D::Io(e) => SealError::from_read_error(e),
            // Plugins are not used; anything else is treated as damage.
            _ => SealError::Damaged,
        }
    }
}

fn unwrap_seal_error(e: &io::Error) -> Option<&SealError> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<SealError>())
}

/// An X25519 age identity (a vault's or HQ's private key). Cannot be printed or cloned.
pub struct AgeIdentity(age::x25519::Identity);

impl AgeIdentity {
    pub fn generate() -> AgeIdentity {
        AgeIdentity(age::x25519::Identity::generate())
    }

    /// Parses `AGE-SECRET-KEY-1…` (surrounding whitespace allowed, e.g. a trailing newline).
    pub fn from_secret_string(s: &str) -> Result<AgeIdentity, SealError> {
        age::x25519::Identity::from_str(s.trim())
            .map(AgeIdentity)
            .map_err(|_| SealError::InvalidIdentity)
    }

    /// As [`AgeIdentity::from_secret_string`], for a key stored by
    /// [`AgeIdentity::to_secret_string`].
    pub fn from_secret_bytes(bytes: &SecretBytes) -> Result<AgeIdentity, SealError> {
        let s = std::str::from_utf8(bytes.expose_secret()).map_err(|_| SealError::InvalidIdentity)?;
        Self::from_secret_string(s)
    }

    /// `AGE-SECRET-KEY-1…` as zeroizing bytes, for storage in the vault and HQ key escrow.
    pub fn to_secret_string(&self) -> SecretBytes {
        SecretBytes::new(self.0.to_string().expose_secret().as_bytes().to_vec())
    }

    pub fn recipient(&self) -> AgeRecipient {
        AgeRecipient(self.0.to_public().to_string())
    }
}

/// A validated X25519 age recipient (`age1…`), kept in canonical form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeRecipient(String);

impl AgeRecipient {
    pub fn parse(s: &str) -> Result<AgeRecipient, SealError> {
        let parsed = age::x25519::Recipient::from_str(s.trim()).map_err(|_| SealError::InvalidRecipient)?;
        Ok(AgeRecipient(parsed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn to_age(&self) -> age::x25519::Recipient {
        age::x25519::Recipient::from_str(&self.0).expect("validated when constructed")
    }
}

fn encryptor(recipients: &[AgeRecipient]) -> Result<age::Encryptor, SealError> {
    if recipients.is_empty() {
        return Err(SealError::NoRecipients);
    }
    let parsed: Vec<age::x25519::Recipient> = recipients.iter().map(|r| r.to_age()).collect();
    age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient)).map_err(|e| match e {
        age::EncryptError::Io(e) => SealError::Io(e),
        age::EncryptError::MissingRecipients => SealError::NoRecipients,
        other => SealError::Encrypt(other.to_string()),
    })
}

/// Streams `plaintext` into `output`, encrypted to exactly these recipients (at least one).
/// Returns the number of plaintext bytes. `output` is flushed but not synced to disk.
#[cfg(any(test, feature = "testing"))]
pub fn encrypt_to<R: Read, W: Write>(
    recipients: &[AgeRecipient],
    mut plaintext: R,
    output: W,
) -> Result<u64, SealError> {
    let mut writer = encrypting_writer(recipients, output)?;
    let n = io::copy(&mut plaintext, &mut writer).map_err(SealError::Io)?;
    writer.finish()?;
    Ok(n)
}

/// A writer that encrypts everything written to it (e.g. by `tar::Builder`) into `W`.
///
/// [`SealingWriter::finish`] **must** be called: it writes the final authenticated chunk.
/// A writer dropped without `finish` leaves a file that every reader rejects as incomplete.
pub struct SealingWriter<W: Write> {
    inner: age::stream::StreamWriter<W>,
    written: u64,
}

impl<W: Write> SealingWriter<W> {
    /// Writes the last chunk, flushes and returns the output.
    pub fn finish(self) -> Result<W, SealError> {
        let mut out = self.inner.finish().map_err(SealError::Io)?;
        out.flush().map_err(SealError::Io)?;
        Ok(out)
    }

    /// Plaintext bytes written so far.
    #[cfg(test)]
    pub fn plaintext_len(&self) -> u64 {
        self.written
    }
}

impl<W: Write> Write for SealingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Starts an encrypted stream to these recipients; the age header is written immediately.
pub fn encrypting_writer<W: Write>(
    recipients: &[AgeRecipient],
    output: W,
) -> Result<SealingWriter<W>, SealError> {
    let inner = encryptor(recipients)?
        .wrap_output(output)
        .map_err(SealError::Io)?;
    Ok(SealingWriter { inner, written: 0 })
}

/// A reader of the plaintext of an age file. Read errors carry a [`SealError`] inside the
/// `io::Error` (see [`SealError::from_io`]); reaching EOF without an error means the whole
/// file was authentic and complete.
pub struct DecryptingReader<R: Read> {
    inner: age::stream::StreamReader<HeaderLimit<BufReader<R>>>,
}

impl<R: Read> Read for DecryptingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                return e;
            }
            let kind = e.kind();
            match SealError::from_read_error(e) {
                SealError::Io(e) => e,
                err => io::Error::new(kind, err),
            }
        })
    }
}

impl SealError {
    /// Recovers the [`SealError`] from an error returned by a [`DecryptingReader`] (or by code
    /// that read from one, like `tar` or `serde_json`); other I/O errors become `Io`.
    pub fn from_io(e: io::Error) -> SealError {
        if unwrap_seal_error(&e).is_some() {
            let kind = e.kind();
            match e.into_inner().map(|b| b.downcast::<SealError>()) {
                Some(Ok(seal)) => *seal,
                _ => SealError::Io(io::Error::from(kind)),
            }
        } else {
            SealError::Io(e)
        }
    }
}

/// Opens an age file for streaming decryption with `identity`.
///
/// Fails with [`SealError::NoMatchingKey`] if the file was not encrypted to this identity,
/// [`SealError::PassphraseEncrypted`] for passphrase files, and `NotAgeFile`, `Damaged`,
/// `Truncated` or `HeaderTooLarge` for bad input. Payload damage is reported while reading.
pub fn decrypting_reader<R: Read>(
    identity: &AgeIdentity,
    input: R,
) -> Result<DecryptingReader<R>, SealError> {
    let limiting = Arc::new(AtomicBool::new(true));
    let limited = HeaderLimit::new(BufReader::new(input), Arc::clone(&limiting));
    let decryptor = age::Decryptor::new_buffered(limited).map_err(SealError::from_decrypt_error)?;
    // The header and nonce have been read: the payload is read in bounded chunks by age.
    limiting.store(false, Ordering::Relaxed);
    if decryptor.is_scrypt() {
        return Err(SealError::PassphraseEncrypted);
    }
    let inner = decryptor
        .decrypt(std::iter::once(&identity.0 as &dyn age::Identity))
        .map_err(SealError::from_decrypt_error)?;
    Ok(DecryptingReader { inner })
}

/// Limits how much the age header parser may consume, then steps aside for the payload.
///
/// age's header parser re-parses the whole header after each line it reads, so its cost grows
/// with the square of the number of lines: both bytes and lines are capped.
struct HeaderLimit<R> {
    inner: R,
    active: Arc<AtomicBool>,
    bytes_left: usize,
    lines_left: usize,
}

impl<R: BufRead> HeaderLimit<R> {
    fn new(inner: R, active: Arc<AtomicBool>) -> Self {
        HeaderLimit {
            inner,
            active,
            bytes_left: MAX_HEADER_LEN,
            lines_left: MAX_HEADER_LINES,
        }
    }

    fn limiting(&self) -> bool {
        self.active.load(Ordering::Relaxed)
    }
}

impl<R: BufRead> BufRead for HeaderLimit<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if !self.limiting() {
            return self.inner.fill_buf();
        }
        if self.bytes_left == 0 || self.lines_left == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                SealError::HeaderTooLarge,
            ));
        }
        let limit = self.bytes_left;
        let buf = self.inner.fill_buf()?;
        Ok(&buf[..buf.len().min(limit)])
    }

    fn consume(&mut self, amount: usize) {
        if self.limiting() {
            // The consumed bytes are still at the front of the buffer: no I/O happens here.
            let lines = match self.inner.fill_buf() {
                Ok(buf) => buf[..amount.min(buf.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count(),
                Err(_) => 0,
            };
            self.lines_left = self.lines_left.saturating_sub(lines);
            self.bytes_left = self.bytes_left.saturating_sub(amount);
        }
        self.inner.consume(amount);
    }
}

impl<R: BufRead> Read for HeaderLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.limiting() {
            return self.inner.read(buf);
        }
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::process::{Command, Output, Stdio};

    fn run_age(args: &[&str], dir: &Path, stdin: &[u8]) -> Output {
        let mut child = Command::new("age")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "could not run `age` ({e}); this interop test needs the age command-line \
                     tool: install it with `apt-get install -y age`"
                )
            });
        let mut stdin_pipe = child.stdin.take().unwrap();
        let input = stdin.to_vec();
        let feeder = std::thread::spawn(move || {
            let _ = stdin_pipe.write_all(&input);
        });
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        out
    }

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    fn seal(recipients: &[AgeRecipient], data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let n = encrypt_to(recipients, data, &mut out).unwrap();
        assert_eq!(n, data.len() as u64);
        out
    }

    fn open(identity: &AgeIdentity, file: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut reader = decrypting_reader(identity, file)?;
        let mut out = Vec::new();
        reader.read_to_end(&mut out).map_err(SealError::from_io)?;
        Ok(out)
    }

    #[test]
    fn round_trip_various_sizes() {
        let id = AgeIdentity::generate();
        // Around the 64 KiB STREAM chunk boundaries, where truncation is subtle.
        for len in [0, 1, 65535, 65536, 65537, 2 * 65536, 200_000] {
            let data = sample(len);
            let file = seal(&[id.recipient()], &data);
            assert_eq!(open(&id, &file).unwrap(), data, "length {len}");
        }
    }

    #[test]
    fn writer_api_round_trip() {
        let id = AgeIdentity::generate();
        let mut w = encrypting_writer(&[id.recipient()], Vec::new()).unwrap();
        w.write_all(b"manifest").unwrap();
        w.write_all(&sample(100_000)).unwrap();
        assert_eq!(w.plaintext_len(), 100_008);
        let file = w.finish().unwrap();
        let plain = open(&id, &file).unwrap();
        assert_eq!(&plain[..8], b"manifest");
        assert_eq!(plain.len(), 100_008);
    }

    #[test]
    fn every_recipient_decrypts_and_others_do_not() {
        let hq1 = AgeIdentity::generate();
        let hq2 = AgeIdentity::generate();
        let device = AgeIdentity::generate();
        let file = seal(&[hq1.recipient(), hq2.recipient()], b"testimony");
        assert_eq!(open(&hq1, &file).unwrap(), b"testimony");
        assert_eq!(open(&hq2, &file).unwrap(), b"testimony");
        let err = open(&device, &file).unwrap_err();
        assert!(matches!(err, SealError::NoMatchingKey), "{err}");
        assert!(err.to_string().contains("not encrypted to this vault's key"));
    }

    #[test]
    fn many_recipients_fit_in_the_header_limit() {
        let ids: Vec<AgeIdentity> = (0..100).map(|_| AgeIdentity::generate()).collect();
        let recipients: Vec<AgeRecipient> = ids.iter().map(AgeIdentity::recipient).collect();
        let file = seal(&recipients, b"x");
        assert_eq!(open(&ids[99], &file).unwrap(), b"x");
    }

    #[test]
    fn no_recipients_is_an_error() {
        let mut out = Vec::new();
        assert!(matches!(
            encrypt_to(&[], &b"x"[..], &mut out),
            Err(SealError::NoRecipients)
        ));
        assert!(out.is_empty(), "nothing may be written without recipients");
        assert!(matches!(
            encrypting_writer(&[], Vec::new()),
            Err(SealError::NoRecipients)
        ));
    }

    #[test]
    fn keys_round_trip_and_parse_strictly() {
        let id = AgeIdentity::generate();
        let secret = id.to_secret_string();
        assert!(secret.expose_secret().starts_with(b"AGE-SECRET-KEY-1"));
        let again = AgeIdentity::from_secret_bytes(&secret).unwrap();
        assert_eq!(again.recipient(), id.recipient());
        let text = std::str::from_utf8(secret.expose_secret()).unwrap();
        let again = AgeIdentity::from_secret_string(&format!("{text}\n")).unwrap();
        assert_eq!(again.recipient(), id.recipient());
        assert!(AgeIdentity::from_secret_string(&text[..text.len() - 1]).is_err());
        assert!(AgeIdentity::from_secret_string("").is_err());

        let r = id.recipient();
        assert!(r.as_str().starts_with("age1"));
        assert_eq!(AgeRecipient::parse(r.as_str()).unwrap(), r);
        assert!(AgeRecipient::parse(&r.as_str()[..r.as_str().len() - 1]).is_err());
        assert!(
            AgeRecipient::parse(text).is_err(),
            "a secret key is not a recipient"
        );
        assert!(AgeRecipient::parse("age1").is_err());
    }

    #[test]
    fn truncation_is_detected() {
        let id = AgeIdentity::generate();
        let data = sample(3 * 65536 + 10);
        let file = seal(&[id.recipient()], &data);
        let header_end = file.len() - (data.len() + 4 * 16);
        // Cut at chunk boundaries (the dangerous case: a whole number of valid chunks),
        // inside chunks, inside the header and right after it.
        let chunk = 65536 + 16;
        let cuts = [
            header_end + chunk,
            header_end + 2 * chunk,
            header_end + 3 * chunk,
            header_end + 100,
            file.len() - 1,
            header_end,
            header_end - 5,
            20,
            0,
        ];
        for cut in cuts {
            let err = open(&id, &file[..cut]).unwrap_err();
            assert!(
                matches!(
                    err,
                    SealError::Truncated | SealError::Damaged | SealError::NotAgeFile
                ),
                "cut at {cut}: {err}"
            );
        }
        assert!(matches!(
            open(&id, &file[..header_end + chunk]),
            Err(SealError::Truncated)
        ));
    }

    #[test]
    fn flipped_bytes_are_detected() {
        let id = AgeIdentity::generate();
        let data = sample(70_000);
        let file = seal(&[id.recipient()], &data);
        // Every byte of the header and nonce, and a spread of payload bytes.
        let header_end = file.len() - (data.len() + 2 * 16);
        let positions = (0..header_end).chain((header_end..file.len()).step_by(997));
        for i in positions.chain([file.len() - 1]) {
            let mut bad = file.clone();
            bad[i] ^= 0x04;
            match open(&id, &bad) {
                Ok(plain) => panic!("flip at {i} went unnoticed ({} bytes)", plain.len()),
                Err(
                    SealError::Damaged
                    | SealError::NotAgeFile
                    | SealError::NoMatchingKey
                    | SealError::Truncated,
                ) => {}
                Err(other) => panic!("flip at {i}: unexpected error {other}"),
            }
        }
        let mut bad = file.clone();
        bad[header_end + 1000] ^= 1;
        let err = open(&id, &bad).unwrap_err();
        assert!(matches!(err, SealError::Damaged));
        assert!(err.to_string().contains("damaged or was changed"));
    }

    #[test]
    fn hostile_headers_are_bounded() {
        let id = AgeIdentity::generate();
        // A header line that never ends.
        let mut file = b"age-encryption.org/v1\n-> X25519 ".to_vec();
        file.extend(std::iter::repeat_n(b'A', 10 * 1024 * 1024));
        assert!(matches!(open(&id, &file), Err(SealError::HeaderTooLarge)));
        // Many small grease-like stanzas.
        let mut file = b"age-encryption.org/v1\n".to_vec();
        for _ in 0..20_000 {
            file.extend_from_slice(b"-> x\n\n");
        }
        assert!(matches!(open(&id, &file), Err(SealError::HeaderTooLarge)));
        assert!(matches!(
            open(&id, b"not an age file at all\n"),
            Err(SealError::NotAgeFile)
        ));
        assert!(matches!(
            open(&id, b"-----BEGIN AGE ENCRYPTED FILE-----\n"),
            Err(SealError::NotAgeFile)
        ));
    }

    #[test]
    fn passphrase_files_are_refused() {
        let id = AgeIdentity::generate();
        let enc = age::Encryptor::with_user_passphrase(age::secrecy::SecretString::from(
            "correct horse".to_owned(),
        ));
        let mut file = Vec::new();
        let mut w = enc.wrap_output(&mut file).unwrap();
        w.write_all(b"x").unwrap();
        w.finish().unwrap();
        assert!(matches!(open(&id, &file), Err(SealError::PassphraseEncrypted)));
    }

    #[test]
    fn interop_age_cli_decrypts_our_output() {
        let dir = tempfile::TempDir::new().unwrap();
        let hq = AgeIdentity::generate();
        let other = AgeIdentity::generate();
        let mut key_file = hq.to_secret_string().expose_secret().to_vec();
        key_file.push(b'\n');
        std::fs::write(dir.path().join("key.txt"), &key_file).unwrap();
        let data = sample(150_000);
        let file = seal(&[other.recipient(), hq.recipient()], &data);
        std::fs::write(dir.path().join("bundle.age"), &file).unwrap();

        let out = run_age(&["-d", "-i", "key.txt", "bundle.age"], dir.path(), b"");
        assert!(
            out.status.success(),
            "age -d failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, data);

        // And the CLI, too, rejects a truncated file.
        std::fs::write(dir.path().join("cut.age"), &file[..file.len() - 20]).unwrap();
        let out = run_age(&["-d", "-i", "key.txt", "cut.age"], dir.path(), b"");
        assert!(!out.status.success());
    }

    #[test]
    fn interop_we_decrypt_age_cli_output() {
        let dir = tempfile::TempDir::new().unwrap();
        let device = AgeIdentity::generate();
        let data = sample(100_000);
        let out = run_age(&["-r", device.recipient().as_str()], dir.path(), &data);
        assert!(
            out.status.success(),
            "age -r failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(open(&device, &out.stdout).unwrap(), data);
        let stranger = AgeIdentity::generate();
        assert!(matches!(
            open(&stranger, &out.stdout),
            Err(SealError::NoMatchingKey)
        ));

        // A key generated by age-keygen is accepted as an identity.
        let out = Command::new("age-keygen")
            .current_dir(dir.path())
            .output()
            .expect("age-keygen is part of the age package: apt-get install -y age");
        let text = String::from_utf8(out.stdout).unwrap();
        let secret = text.lines().find(|l| l.starts_with("AGE-SECRET-KEY-1")).unwrap();
        let public = text
            .lines()
            .find_map(|l| l.strip_prefix("# public key: "))
            .unwrap();
        let id = AgeIdentity::from_secret_string(secret).unwrap();
        assert_eq!(id.recipient().as_str(), public);
    }
}
