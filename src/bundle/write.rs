//! Writing bundles and receipts.
//!
//! Why this exists: export must put exactly the sealed bytes on the stick, signed, encrypted
//! to headquarters only, padded, and with nothing in the tar headers that tells who or when.
//! The caller gives the revisions and a way to load each one's JSON; this module computes the
//! file names, sizes and hashes, builds and signs the manifest, and streams
//! tar → age → output. Interviews are loaded twice (once to hash them for the manifest, which
//! comes first in the archive, and once to write them), so memory holds one interview at a
//! time however large the bundle; bytes that change between the two loads abort the export.
//!
//! The caller chooses the file name, writes to a temporary file, syncs, renames, and checks
//! the file on the stick against [`Written::sha256`] (the device cannot decrypt its own
//! bundle: only headquarters can).

use std::io::{self, Write};

use super::limits::{MAX_BUNDLE_BYTES, MAX_INTERVIEW_BYTES, MAX_MANIFEST_BYTES};
use super::manifest::{Manifest, ManifestEntry, Receipt, format_timestamp, interview_file_name};
use super::tarball::{BLOCK, TarWriter, round_up_block};
use super::{BUNDLE_FORMAT, BUNDLE_NAMESPACE, BundleError, Doc, RECEIPT_NAMESPACE};
use crate::crypto::digest::{Sha256Stream, sha256_hex};
use crate::crypto::seal::{AgeRecipient, encrypting_writer};
use crate::crypto::signing::SigningKey;

/// Archive names of the signed parts.
pub(crate) const MANIFEST_NAME: &str = "manifest.json";
pub(crate) const MANIFEST_SIG_NAME: &str = "manifest.json.sig";
pub(crate) const RECEIPT_NAME: &str = "receipt.json";
pub(crate) const RECEIPT_SIG_NAME: &str = "receipt.json.sig";

/// The bundle-wide manifest fields chosen by the caller.
#[derive(Clone, Debug)]
pub struct BundleInfo {
    pub bundle_id: uuid::Uuid,
    /// Per device, 1 for its first bundle.
    pub sequence: u64,
    pub created_at: jiff::Timestamp,
}

/// One sealed revision to export; its JSON bytes come from the loader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleItem {
    pub interview_id: String,
    pub code: String,
    pub revision: u32,
    pub previous_hash: Option<String>,
    pub revision_hash: String,
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Written {
    /// The signed manifest of a bundle; `None` for a receipt.
    pub manifest: Option<Manifest>,
    /// SHA-256 of the encrypted output, for read-back verification of the written file.
    pub sha256: [u8; 32],
    /// Length of the encrypted output in bytes.
    pub len: u64,
}

/// Writes a bundle to `out`, encrypted to `recipients` (headquarters' keys, nobody else's)
/// and signed by the device key `signer`. `load(i, &items[i])` returns the exact JSON bytes
/// of item `i` (the interchange format; pretty JSON with a trailing newline is fine); it is
/// called twice per item, and must return the same bytes both times.
pub fn write_bundle<W: Write>(
    out: W,
    signer: &SigningKey,
    recipients: &[AgeRecipient],
    info: &BundleInfo,
    items: &[BundleItem],
    mut load: impl FnMut(usize, &BundleItem) -> io::Result<Vec<u8>>,
) -> Result<(W, Written), BundleError> {
    let doc = Doc::Bundle;
    let io_err = |source| BundleError::Io { doc, source };

    let mut entries = Vec::with_capacity(items.len());
    let mut tar_len = 0u64;
    for (i, item) in items.iter().enumerate() {
        let bytes = load(i, item).map_err(io_err)?;
        if bytes.len() as u64 > MAX_INTERVIEW_BYTES {
            return Err(BundleError::invalid(
                doc,
                format!(
                    "interview {} is {} bytes, over the limit of {MAX_INTERVIEW_BYTES} bytes",
                    item.code,
                    bytes.len()
                ),
            ));
        }
        tar_len += BLOCK + round_up_block(bytes.len() as u64);
        entries.push(ManifestEntry {
            interview_id: item.interview_id.clone(),
            code: item.code.clone(),
            revision: item.revision,
            previous_hash: item.previous_hash.clone(),
            revision_hash: item.revision_hash.clone(),
            file: interview_file_name(&item.revision_hash),
            sha256: sha256_hex(&bytes),
            size: bytes.len() as u64,
        });
    }
    let manifest = Manifest {
        format: BUNDLE_FORMAT.to_owned(),
        bundle_id: info.bundle_id.hyphenated().to_string(),
        device: signer.public_key().fingerprint().hex(),
        sequence: info.sequence,
        created_at: format_timestamp(info.created_at),
        recipients: recipients.iter().map(|r| r.as_str().to_owned()).collect(),
        interviews: entries,
    };
    manifest.validate().map_err(|d| BundleError::invalid(doc, d))?;
    let manifest_bytes = manifest.to_canonical_bytes();
    if manifest_bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(BundleError::invalid(
            doc,
            "the manifest would be too large; export fewer interviews at a time",
        ));
    }
    // Generous estimate (padding adds at most 1/16); the reader enforces the same limit.
    if (tar_len + manifest_bytes.len() as u64 + 8 * BLOCK) / 15 * 16 > MAX_BUNDLE_BYTES {
        return Err(BundleError::invalid(
            doc,
            "the bundle would be too large; export fewer interviews at a time",
        ));
    }
    let signature = signer.sign_sshsig(BUNDLE_NAMESPACE, &manifest_bytes);

    let sealed =
        encrypting_writer(recipients, HashingWriter::new(out)).map_err(|e| BundleError::from_seal(doc, e))?;
    let mut tar = TarWriter::new(sealed);
    tar.append(MANIFEST_NAME, &manifest_bytes).map_err(io_err)?;
    tar.append(MANIFEST_SIG_NAME, signature.as_bytes())
        .map_err(io_err)?;
    for (i, (item, entry)) in items.iter().zip(&manifest.interviews).enumerate() {
        let bytes = load(i, item).map_err(io_err)?;
        if sha256_hex(&bytes) != entry.sha256 {
            return Err(BundleError::invalid(
                doc,
                format!(
                    "interview {} changed while it was being exported; nothing usable was \
                     written, export again",
                    item.code
                ),
            ));
        }
        tar.append(&entry.file, &bytes).map_err(io_err)?;
    }
    let (sealed, _) = tar.finish_padded().map_err(io_err)?;
    let hashing = sealed.finish().map_err(|e| BundleError::from_seal(doc, e))?;
    let (out, sha256, len) = hashing.finish();
    Ok((
        out,
        Written {
            manifest: Some(manifest),
            sha256,
            len,
        },
    ))
}

/// Writes a receipt, signed by headquarters' key `signer` (which must be the key named in
/// `receipt.hq`) and encrypted to the device's age recipient.
pub fn write_receipt<W: Write>(
    out: W,
    signer: &SigningKey,
    device_recipient: &AgeRecipient,
    receipt: &Receipt,
) -> Result<(W, Written), BundleError> {
    let doc = Doc::Receipt;
    let io_err = |source| BundleError::Io { doc, source };
    receipt.validate().map_err(|d| BundleError::invalid(doc, d))?;
    if receipt.hq != signer.public_key().fingerprint().hex() {
        return Err(BundleError::invalid(
            doc,
            "the receipt's hq field must be the fingerprint of the signing key",
        ));
    }
    let bytes = receipt.to_canonical_bytes();
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(BundleError::invalid(doc, "the receipt would be too large"));
    }
    let signature = signer.sign_sshsig(RECEIPT_NAMESPACE, &bytes);
    let sealed = encrypting_writer(std::slice::from_ref(device_recipient), HashingWriter::new(out))
        .map_err(|e| BundleError::from_seal(doc, e))?;
    let mut tar = TarWriter::new(sealed);
    tar.append(RECEIPT_NAME, &bytes).map_err(io_err)?;
    tar.append(RECEIPT_SIG_NAME, signature.as_bytes())
        .map_err(io_err)?;
    let (sealed, _) = tar.finish_padded().map_err(io_err)?;
    let hashing = sealed.finish().map_err(|e| BundleError::from_seal(doc, e))?;
    let (out, sha256, len) = hashing.finish();
    Ok((
        out,
        Written {
            manifest: None,
            sha256,
            len,
        },
    ))
}

/// Hashes and counts what passes through to `W`.
struct HashingWriter<W: Write> {
    inner: W,
    hash: Sha256Stream,
    len: u64,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hash: Sha256Stream::new(),
            len: 0,
        }
    }

    fn finish(self) -> (W, [u8; 32], u64) {
        (self.inner, self.hash.finish(), self.len)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::ErrorKind;
    use crate::bundle::padme;
    use crate::bundle::testutil::{Fixture, item, sample_json};
    use crate::crypto::digest::sha256;
    use std::io::Read as _;

    #[test]
    fn output_hash_and_length_describe_the_file() {
        let f = Fixture::new();
        let (out, written) = f.bundle(&[item(1)], &[sample_json(1)]);
        assert_eq!(written.len, out.len() as u64);
        assert_eq!(written.sha256, sha256(&out));
        let m = written.manifest.unwrap();
        assert_eq!(m.device, f.device.public_key().fingerprint().hex());
        assert_eq!(m.interviews[0].sha256, sha256_hex(&sample_json(1)));
        assert_eq!(m.recipients, vec![f.hq_age.recipient().as_str().to_owned()]);
    }

    #[test]
    fn bundle_sizes_are_padded() {
        let f = Fixture::new();
        let mut lens = Vec::new();
        for extra in 0..40 {
            let mut json = sample_json(1);
            json.extend(std::iter::repeat_n(b' ', 200_000 + extra * 37));
            let (out, _) = f.bundle(&[item(1)], &[json]);
            // The age header varies (age adds random "grease" stanzas); the tar inside is
            // what is padded.
            let mut plain = Vec::new();
            crate::crypto::seal::decrypting_reader(&f.hq_age, &out[..])
                .unwrap()
                .read_to_end(&mut plain)
                .unwrap();
            lens.push(plain.len());
        }
        lens.dedup();
        // Around 200 KB Padmé steps are 4 KiB apart: 1.5 KB of growth shows at most once.
        assert!(lens.len() <= 2, "too many distinct sizes: {lens:?}");
        assert!(
            lens.iter()
                .all(|&l| l as u64 == padme(l as u64).div_ceil(512) * 512)
        );
    }

    #[test]
    fn invalid_requests_write_nothing() {
        let f = Fixture::new();
        let mut out = Vec::new();
        let none = |_: usize, _: &BundleItem| -> io::Result<Vec<u8>> { Ok(b"{}".to_vec()) };
        let e = write_bundle(&mut out, &f.device, &[], &f.info(), &[item(1)], none).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let e = write_bundle(&mut out, &f.device, &f.recipients(), &f.info(), &[], none).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let mut bad = item(1);
        bad.revision_hash = "not hex".into();
        let e = write_bundle(&mut out, &f.device, &f.recipients(), &f.info(), &[bad], none).unwrap_err();
        assert!(e.to_string().contains("revision_hash"), "{e}");
        let huge = |_: usize, _: &BundleItem| Ok(vec![b' '; MAX_INTERVIEW_BYTES as usize + 1]);
        let e = write_bundle(&mut out, &f.device, &f.recipients(), &f.info(), &[item(1)], huge).unwrap_err();
        assert!(e.to_string().contains("over the limit"), "{e}");
        assert!(out.is_empty(), "nothing may be written for an invalid request");

        let mut calls = 0;
        let changing = |_: usize, _: &BundleItem| {
            calls += 1;
            Ok(vec![b'x'; calls])
        };
        let e = write_bundle(
            Vec::new(),
            &f.device,
            &f.recipients(),
            &f.info(),
            &[item(1)],
            changing,
        )
        .unwrap_err();
        assert!(e.to_string().contains("changed while"), "{e}");
    }

    #[test]
    fn receipts_must_be_signed_by_the_named_hq() {
        let f = Fixture::new();
        let mut r = f.receipt();
        r.hq = f.device.public_key().fingerprint().hex();
        let e = write_receipt(Vec::new(), &f.hq_key, &f.device_age.recipient(), &r).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        let (out, w) = write_receipt(Vec::new(), &f.hq_key, &f.device_age.recipient(), &f.receipt()).unwrap();
        assert_eq!(w.len, out.len() as u64);
    }
}
