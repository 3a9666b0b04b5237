//! Writing bundles and receipts.
//!
//! Why this exists: export must put exactly the sealed bytes on the stick, signed, encrypted
//! to headquarters only, padded, and with nothing in the tar headers that tells who or when.
//! The caller gives the revisions and a way to load each one's JSON; this module computes the
//! file names, sizes and hashes, builds and signs the manifest, and streams
//! tar → age → output. The manifest comes first in the archive but names every interview's
//! hash and size, so every interview is loaded before the first byte is written. What is
//! loaded is kept in memory up to [`KEEP_LOADED_BYTES`] in total and written from there;
//! interviews beyond that are loaded a second time when they are written (so memory stays
//! bounded however large the bundle), and bytes that changed between the two loads abort
//! the export. The interviews are hashed for the manifest on a second thread while the
//! next ones are loaded, and the output is hashed and written on a second thread while the
//! next chunks are encrypted.
//!
//! The caller chooses the file name, writes to a temporary file, syncs, renames, and checks
//! the file on the stick against [`Written::sha256`] (the device cannot decrypt its own
//! bundle: only headquarters can).

use std::io::{self, Read, Write};
use std::sync::{Arc, mpsc};

use super::limits::{MAX_BUNDLE_BYTES, MAX_INTERVIEW_BYTES, MAX_MANIFEST_BYTES};
use super::manifest::{
    AUDIT_FILE_NAME, AttachmentEntry, AuditSummary, Manifest, ManifestEntry, Receipt, format_timestamp,
    interview_file_name,
};
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
    /// The device's audit chain to carry (`None`: an empty one).
    pub audit: Option<crate::audit_chain::CarriedChain>,
    /// Consent changes to carry to headquarters.
    pub consent_changes: Vec<super::ConsentChangeEntry>,
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
    /// The signed manifest of a bundle; `None` for a receipt. The vault keeps its own
    /// record, so only the tests read this, to compare it with what a reader sees.
    #[cfg_attr(
        not(any(test, feature = "testing")),
        expect(dead_code, reason = "read by tests only")
    )]
    pub manifest: Option<Manifest>,
    /// SHA-256 of the encrypted output, for read-back verification of the written file.
    pub sha256: [u8; 32],
    /// Length of the encrypted output in bytes.
    pub len: u64,
}

/// How many bytes of interview JSON [`write_bundle`] keeps in memory between hashing them
/// for the manifest and writing them; interviews past this are loaded again.
pub const KEEP_LOADED_BYTES: u64 = 128 * 1024 * 1024;

/// Writes a bundle to `out`, encrypted to `recipients` (headquarters' keys, nobody else's)
/// and signed by the device key `signer`. `load(i, &items[i])` returns the exact JSON bytes
/// of item `i` (the interchange format; pretty JSON with a trailing newline is fine), in
/// item order. It is called once per item while the interviews loaded so far fit in
/// [`KEEP_LOADED_BYTES`], and twice per item after that; it must return the same bytes
/// both times.
#[cfg(any(test, feature = "testing"))]
pub fn write_bundle<W: Write + Send>(
    out: W,
    signer: &SigningKey,
    recipients: &[AgeRecipient],
    info: &BundleInfo,
    items: &[BundleItem],
    load: impl FnMut(usize, &BundleItem) -> io::Result<Vec<u8>>,
) -> Result<(W, Written), BundleError> {
    let none =
        |_: usize, _: &AttachmentEntry| -> io::Result<Box<dyn Read>> { unreachable!("no attachments") };
    write_bundle_with_attachments(out, signer, recipients, info, items, load, &[], none)
}

/// [`write_bundle`] with attachments: `open(i, &attachments[i])` gives the original bytes
/// of attachment `i`, read once while the bundle is written; they must have the size and
/// SHA-256 the entry records.
#[allow(clippy::too_many_arguments)]
pub fn write_bundle_with_attachments<W: Write + Send>(
    out: W,
    signer: &SigningKey,
    recipients: &[AgeRecipient],
    info: &BundleInfo,
    items: &[BundleItem],
    load: impl FnMut(usize, &BundleItem) -> io::Result<Vec<u8>>,
    attachments: &[AttachmentEntry],
    open: impl FnMut(usize, &AttachmentEntry) -> io::Result<Box<dyn Read>>,
) -> Result<(W, Written), BundleError> {
    write_bundle_keeping(
        out,
        signer,
        recipients,
        info,
        items,
        load,
        attachments,
        open,
        KEEP_LOADED_BYTES,
    )
}

/// [`write_bundle_with_attachments`] with the memory budget as a parameter (tests use a
/// small one).
#[allow(clippy::too_many_arguments)]
fn write_bundle_keeping<W: Write + Send>(
    out: W,
    signer: &SigningKey,
    recipients: &[AgeRecipient],
    info: &BundleInfo,
    items: &[BundleItem],
    mut load: impl FnMut(usize, &BundleItem) -> io::Result<Vec<u8>>,
    attachments: &[AttachmentEntry],
    mut open: impl FnMut(usize, &AttachmentEntry) -> io::Result<Box<dyn Read>>,
    keep_bytes: u64,
) -> Result<(W, Written), BundleError> {
    let doc = Doc::Bundle;
    let io_err = |source| BundleError::Io { doc, source };

    // Loading (SQLCipher reads on this thread) and hashing (on a second thread) overlap.
    let mut kept: Vec<Option<Arc<Vec<u8>>>> = Vec::with_capacity(items.len());
    let mut sizes = Vec::with_capacity(items.len());
    let mut kept_bytes = 0u64;
    let mut tar_len = 0u64;
    let hashes = std::thread::scope(|scope| -> Result<Vec<String>, BundleError> {
        let (sender, receiver) = mpsc::sync_channel::<Arc<Vec<u8>>>(HASH_QUEUE);
        let hasher = scope.spawn(move || receiver.into_iter().map(|b| sha256_hex(&b)).collect::<Vec<_>>());
        for (i, item) in items.iter().enumerate() {
            let bytes = Arc::new(load(i, item).map_err(io_err)?);
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
            sizes.push(bytes.len() as u64);
            // Kept only while everything before it was kept too: the budget is a prefix.
            if kept.len() == i && kept_bytes + bytes.len() as u64 <= keep_bytes {
                kept_bytes += bytes.len() as u64;
                kept.push(Some(Arc::clone(&bytes)));
            }
            if sender.send(bytes).is_err() {
                break; // the hasher is gone: its panic is raised by the join below
            }
        }
        drop(sender);
        Ok(hasher
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })?;
    let entries = items
        .iter()
        .zip(hashes)
        .zip(&sizes)
        .map(|((item, sha256), &size)| ManifestEntry {
            interview_id: item.interview_id.clone(),
            code: item.code.clone(),
            revision: item.revision,
            previous_hash: item.previous_hash.clone(),
            revision_hash: item.revision_hash.clone(),
            file: interview_file_name(&item.revision_hash),
            sha256,
            size,
        })
        .collect();
    kept.resize(items.len(), None);
    for attachment in attachments {
        tar_len += BLOCK + round_up_block(attachment.size);
    }
    let empty_chain = crate::audit_chain::CarriedChain::empty();
    let chain = info.audit.as_ref().unwrap_or(&empty_chain);
    let manifest = Manifest {
        format: BUNDLE_FORMAT.to_owned(),
        bundle_id: info.bundle_id.hyphenated().to_string(),
        device: signer.public_key().fingerprint().hex(),
        sequence: info.sequence,
        created_at: format_timestamp(info.created_at),
        recipients: recipients.iter().map(|r| r.as_str().to_owned()).collect(),
        interviews: entries,
        audit: Some(AuditSummary {
            entries: chain.entries,
            first: chain.first,
            head: chain.head.clone(),
            file: AUDIT_FILE_NAME.to_owned(),
            sha256: sha256_hex(&chain.jsonl),
            size: chain.jsonl.len() as u64,
        }),
        attachments: Some(attachments.to_vec()),
        consent_changes: Some(info.consent_changes.clone()),
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
    if (tar_len + manifest_bytes.len() as u64 + chain.jsonl.len() as u64 + 8 * BLOCK) / 15 * 16
        > MAX_BUNDLE_BYTES
    {
        return Err(BundleError::invalid(
            doc,
            "the bundle would be too large; export fewer interviews at a time",
        ));
    }
    let signature = signer.sign_sshsig(BUNDLE_NAMESPACE, &manifest_bytes);

    // Hashing the output and the system calls that write it run on a second thread,
    // alongside the encryption.
    let (out, sha256, len) = std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<Vec<u8>>(OFFLOAD_QUEUE);
        let output = scope.spawn(move || hash_and_write(out, receiver));
        let encrypted = (|| {
            let sealed = encrypting_writer(recipients, ChannelWriter::new(sender))
                .map_err(|e| BundleError::from_seal(doc, e))?;
            let mut tar = TarWriter::new(sealed);
            tar.append(MANIFEST_NAME, &manifest_bytes).map_err(io_err)?;
            tar.append(MANIFEST_SIG_NAME, signature.as_bytes())
                .map_err(io_err)?;
            tar.append(AUDIT_FILE_NAME, &chain.jsonl).map_err(io_err)?;
            for (i, (item, entry)) in items.iter().zip(&manifest.interviews).enumerate() {
                if let Some(bytes) = kept[i].take() {
                    // The very bytes that were hashed for the manifest.
                    tar.append(&entry.file, &bytes).map_err(io_err)?;
                    continue;
                }
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
            for (i, entry) in attachments.iter().enumerate() {
                let mut source = Hashing {
                    inner: open(i, entry).map_err(io_err)?,
                    digest: Sha256Stream::new(),
                };
                tar.append_from(&entry.file, entry.size, &mut source)
                    .map_err(io_err)?;
                if hex::encode(source.digest.finish()) != entry.sha256 {
                    return Err(BundleError::invalid(
                        doc,
                        format!(
                            "the attachment {} changed since it was stored; nothing usable was \
                             written",
                            entry.name
                        ),
                    ));
                }
            }
            let (sealed, _) = tar.finish_padded().map_err(io_err)?;
            let channel = sealed.finish().map_err(|e| BundleError::from_seal(doc, e))?;
            channel.close().map_err(io_err)
        })();
        // An error of the output thread (a full disk) explains any error seen here (the
        // channel closed under the encryption), so it is reported first.
        let written = output
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            .map_err(io_err)?;
        encrypted.map(|()| written)
    })?;
    Ok((
        out,
        Written {
            manifest: Some(manifest),
            sha256,
            len,
        },
    ))
}

/// A reader that hashes what passes.
struct Hashing<R> {
    inner: R,
    digest: Sha256Stream,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.digest.update(&buf[..n]);
        Ok(n)
    }
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

/// Loaded interviews queued for the hashing thread.
const HASH_QUEUE: usize = 64;

/// Chunks of encrypted output queued for the output thread (each up to [`OFFLOAD_CHUNK`]).
const OFFLOAD_QUEUE: usize = 8;
const OFFLOAD_CHUNK: usize = 256 * 1024;

/// Receives the encrypted output in chunks, hashes, counts and writes it to `out`.
fn hash_and_write<W: Write>(mut out: W, chunks: mpsc::Receiver<Vec<u8>>) -> io::Result<(W, [u8; 32], u64)> {
    let mut hash = Sha256Stream::new();
    let mut len = 0u64;
    for chunk in chunks {
        out.write_all(&chunk)?;
        hash.update(&chunk);
        len += chunk.len() as u64;
    }
    out.flush()?;
    Ok((out, hash.finish(), len))
}

/// Hands what is written to the output thread in chunks of [`OFFLOAD_CHUNK`] bytes.
struct ChannelWriter {
    sender: mpsc::SyncSender<Vec<u8>>,
    pending: Vec<u8>,
}

impl ChannelWriter {
    fn new(sender: mpsc::SyncSender<Vec<u8>>) -> Self {
        ChannelWriter {
            sender,
            pending: Vec::with_capacity(OFFLOAD_CHUNK),
        }
    }

    fn send_pending(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.pending, Vec::with_capacity(OFFLOAD_CHUNK));
        self.sender
            .send(chunk)
            .map_err(|_| io::Error::other("the output stopped (see the error of the output)"))
    }

    /// Sends what is left; the output thread then finishes.
    fn close(mut self) -> io::Result<()> {
        self.send_pending()
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(OFFLOAD_CHUNK - self.pending.len());
        self.pending.extend_from_slice(&buf[..n]);
        if self.pending.len() == OFFLOAD_CHUNK {
            self.send_pending()?;
        }
        Ok(n)
    }

    /// Data reaches the output when a chunk is full or at [`ChannelWriter::close`];
    /// `flush` (which age calls at the end) sends what is pending.
    fn flush(&mut self) -> io::Result<()> {
        self.send_pending()
    }
}

#[cfg(test)]
mod tests {
    fn no_attachments(_: usize, _: &AttachmentEntry) -> io::Result<Box<dyn Read>> {
        unreachable!("no attachments")
    }

    use super::*;
    use crate::bundle::ErrorKind;
    use crate::bundle::padme::padme;
    use crate::bundle::tests::testutil::{Fixture, item, sample_json};
    use crate::crypto::digest::sha256;

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

        // Past the memory budget, interviews are loaded again and must not have changed.
        let mut calls = 0;
        let changing = |_: usize, _: &BundleItem| {
            calls += 1;
            Ok(vec![b'x'; calls])
        };
        let e = write_bundle_keeping(
            Vec::new(),
            &f.device,
            &f.recipients(),
            &f.info(),
            &[item(1)],
            changing,
            &[],
            no_attachments,
            0,
        )
        .unwrap_err();
        assert!(e.to_string().contains("changed while"), "{e}");
    }

    #[test]
    fn interviews_within_the_budget_are_loaded_once_the_rest_twice() {
        let f = Fixture::new();
        let items = [item(1), item(2), item(3)];
        let jsons = [sample_json(1), sample_json(2), sample_json(3)];
        let budget = (jsons[0].len() + jsons[1].len()) as u64;
        let mut loads = [0; 3];
        let (out, written) = write_bundle_keeping(
            Vec::new(),
            &f.device,
            &f.recipients(),
            &f.info(),
            &items,
            |i, _| {
                loads[i] += 1;
                Ok(jsons[i].clone())
            },
            &[],
            no_attachments,
            budget,
        )
        .unwrap();
        assert_eq!(loads, [1, 1, 2]);
        // The same archive as with everything loaded twice (budget 0), apart from the
        // random age header and nonce: compare what HQ decrypts.
        let (again, _) = write_bundle_keeping(
            Vec::new(),
            &f.device,
            &f.recipients(),
            &f.info(),
            &items,
            |i, _| Ok(jsons[i].clone()),
            &[],
            no_attachments,
            0,
        )
        .unwrap();
        let open = |bytes: &[u8]| {
            let mut plain = Vec::new();
            crate::crypto::seal::decrypting_reader(&f.hq_age, bytes)
                .unwrap()
                .read_to_end(&mut plain)
                .unwrap();
            plain
        };
        assert_eq!(open(&out), open(&again));
        assert_eq!(written.len, out.len() as u64);
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
