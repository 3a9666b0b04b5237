//! Reading bundles and receipts: streaming, bounded, and strict.
//!
//! Why this exists: at headquarters a bundle arrives from a stick that anyone could have
//! written (HQ's age recipient is public, so anyone can encrypt to it). Nothing in it may be
//! trusted until the device's signature over the manifest is checked, and nothing read may
//! be committed until the whole age stream has been authenticated to its end. The order is:
//!
//! 1. decrypt (age; our key or "meant for another headquarters");
//! 2. read `manifest.json` and `manifest.json.sig` (bounded sizes);
//! 3. take the signer's key from the signature and ask the caller whether it is trusted;
//! 4. verify the signature over the raw manifest bytes, **before** parsing any JSON;
//! 5. parse and check the manifest; the device it names must be the signer;
//! 6. stream each interview file in manifest order, checking size and SHA-256;
//! 7. check the padding (exact Padmé length, all zeros), the end-of-archive marker, and read
//!    the age stream to its authenticated end ([`BundleReader::finish`]).
//!
//! Memory is bounded by the largest single entry (16 MiB), whatever the bundle's size.
//! Everything not covered by the signature (names, order, entry types, padding, trailing
//! blocks) must be exactly what the writer produces.

use std::collections::HashMap;
use std::io::Read;

use base64::Engine as _;

use super::limits::{
    MAX_BUNDLE_BYTES, MAX_INTERVIEW_BYTES, MAX_MANIFEST_BYTES, MAX_RECEIPT_BYTES, MAX_SIGNATURE_BYTES,
};
use super::manifest::{AUDIT_FILE_NAME, AttachmentEntry, Manifest, ManifestEntry, Receipt};
use super::tarball::{EntryHeader, PADDING_NAME, TarReader, padding_is_written_form};
use super::write::{MANIFEST_NAME, MANIFEST_SIG_NAME, RECEIPT_NAME, RECEIPT_SIG_NAME};
use super::{BUNDLE_NAMESPACE, BundleError, Doc, RECEIPT_NAMESPACE};
use crate::crypto::digest::{Sha256Stream, sha256_hex};
use crate::crypto::seal::{AgeIdentity, DecryptingReader, decrypting_reader};
use crate::crypto::signing::{Fingerprint, PublicKey};

/// A bundle being read. See the module documentation for the order of checks.
pub struct BundleReader<R: Read> {
    tar: TarReader<DecryptingReader<R>>,
    manifest: Manifest,
    signer: PublicKey,
    /// Archive name → manifest index.
    index: HashMap<String, usize>,
    next: usize,
    /// The next attachment to read (they follow the interviews).
    next_attachment: usize,
    padding: Option<EntryHeader>,
    /// Format 2: the device's audit chain (`audit.jsonl`), checked against the manifest.
    audit: Option<Vec<u8>>,
}

impl<R: Read> BundleReader<R> {
    /// Decrypts, reads and verifies the signed manifest. `trust` receives the signer's key
    /// (taken from the signature) and returns `Ok(())` if it is an enrolled device, or the
    /// error to report (e.g. [`BundleError::unknown_signer`]).
    pub fn open(
        input: R,
        identity: &AgeIdentity,
        trust: impl FnOnce(&PublicKey) -> Result<(), BundleError>,
    ) -> Result<Self, BundleError> {
        let doc = Doc::Bundle;
        let plain = decrypting_reader(identity, input).map_err(|e| BundleError::from_seal(doc, e))?;
        let mut tar = TarReader::new(plain, MAX_BUNDLE_BYTES, doc);
        let (bytes, signer) = read_signed(&mut tar, doc, trust)?;
        let manifest = Manifest::parse(&bytes)?;
        if manifest.device != signer.fingerprint().hex() {
            return Err(BundleError::Tampered {
                doc,
                detail: "the manifest names a different device than the key that signed it".into(),
            });
        }
        let me = identity.recipient();
        if !manifest.recipients.iter().any(|r| r == me.as_str()) {
            return Err(BundleError::Tampered {
                doc,
                detail: "it was re-encrypted to a key the device did not choose".into(),
            });
        }
        let index = manifest
            .interviews
            .iter()
            .enumerate()
            .map(|(i, e)| (e.file.clone(), i))
            .collect();
        // Format 2: the audit chain follows the signature, with the size and hash signed.
        let audit = match &manifest.audit {
            None => None,
            Some(summary) => {
                let h = tar
                    .next_header()?
                    .ok_or_else(|| BundleError::hostile(doc, format!("{AUDIT_FILE_NAME} is missing")))?;
                if h.name != AUDIT_FILE_NAME {
                    return Err(BundleError::hostile(
                        doc,
                        format!("the third entry is not {AUDIT_FILE_NAME}"),
                    ));
                }
                if h.size != summary.size {
                    return Err(BundleError::Tampered {
                        doc,
                        detail: format!("{AUDIT_FILE_NAME} is not the size the manifest signs"),
                    });
                }
                let bytes = tar.body_vec(h.size)?;
                if sha256_hex(&bytes) != summary.sha256 {
                    return Err(BundleError::Tampered {
                        doc,
                        detail: format!("{AUDIT_FILE_NAME} differs from what was signed"),
                    });
                }
                Some(bytes)
            }
        };
        Ok(BundleReader {
            tar,
            manifest,
            signer,
            index,
            next: 0,
            next_attachment: 0,
            padding: None,
            audit,
        })
    }

    /// The verified manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Format 2: the device's audit chain as carried (`audit.jsonl`), its size and hash
    /// already checked against the signed manifest; `None` for a format 1 bundle.
    pub fn audit_chain(&self) -> Option<&[u8]> {
        self.audit.as_deref()
    }

    /// The device key that signed the manifest (already accepted by the trust callback).
    pub fn signer(&self) -> &PublicKey {
        &self.signer
    }

    /// The next interview file, in manifest order, with its size and SHA-256 checked against
    /// the signed manifest. `None` after the last one. Its bytes are authentic, but the
    /// bundle is complete only once [`BundleReader::finish`] succeeds: commit nothing before.
    /// After any error the reader is in an undefined position: drop it and refuse the bundle.
    pub fn next_interview(&mut self) -> Result<Option<(ManifestEntry, Vec<u8>)>, BundleError> {
        let doc = Doc::Bundle;
        if self.padding.is_some() {
            return Ok(None);
        }
        let Some(expected) = self.manifest.interviews.get(self.next) else {
            if self.attachments_left() {
                // The attachments follow: `next_attachment` reads them.
                return Ok(None);
            }
            self.read_padding()?;
            return Ok(None);
        };
        let header = self.tar.next_header()?;
        let h = header.ok_or_else(|| {
            BundleError::hostile(
                doc,
                format!(
                    "{} is listed in the manifest but missing from the archive",
                    expected.file
                ),
            )
        })?;
        if h.size > MAX_INTERVIEW_BYTES {
            return Err(BundleError::hostile(
                doc,
                format!("an entry claims to be larger than the limit of {MAX_INTERVIEW_BYTES} bytes"),
            ));
        }
        if h.name != expected.file {
            if h.name == PADDING_NAME {
                return Err(BundleError::hostile(
                    doc,
                    format!(
                        "{} is listed in the manifest but missing from the archive",
                        expected.file
                    ),
                ));
            }
            return Err(self.misplaced(&h.name));
        }
        let expected = expected.clone();
        if h.size != expected.size {
            return Err(BundleError::Tampered {
                doc,
                detail: format!("{} has a different size than the manifest says", expected.file),
            });
        }
        let mut hash = Sha256Stream::new();
        let mut bytes = Vec::with_capacity(expected.size as usize);
        self.tar.body(h.size, |piece| {
            hash.update(piece);
            bytes.extend_from_slice(piece);
        })?;
        if hex::encode(hash.finish()) != expected.sha256 {
            return Err(BundleError::Tampered {
                doc,
                detail: format!("{} differs from the SHA-256 in the manifest", expected.file),
            });
        }
        self.next += 1;
        Ok(Some((expected, bytes)))
    }

    fn attachments_left(&self) -> bool {
        self.manifest
            .attachments
            .as_ref()
            .is_some_and(|a| self.next_attachment < a.len())
    }

    /// The padding entry, which must come next.
    fn read_padding(&mut self) -> Result<(), BundleError> {
        let doc = Doc::Bundle;
        let h = self
            .tar
            .next_header()?
            .ok_or_else(|| BundleError::hostile(doc, "the padding entry at the end is missing"))?;
        if h.name != PADDING_NAME {
            return Err(self.misplaced(&h.name));
        }
        if !padding_is_written_form(h.offset, h.size) {
            return Err(BundleError::hostile(doc, "the padding has the wrong length"));
        }
        self.padding = Some(h);
        Ok(())
    }

    /// The next attachment, in manifest order, after every interview was read: its bytes
    /// go to `sink` as they are decrypted (never whole in memory), and its size and
    /// SHA-256 are checked against the signed manifest at the end. `None` after the last
    /// one. As with interviews, nothing is complete before [`BundleReader::finish`]; a
    /// sink error stops the reading and is returned as an I/O error.
    pub fn next_attachment(
        &mut self,
        sink: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<Option<AttachmentEntry>, BundleError> {
        let doc = Doc::Bundle;
        if self.padding.is_some() {
            return Ok(None);
        }
        if self.next < self.manifest.interviews.len() {
            return Err(BundleError::invalid(
                doc,
                "attachments are read after the interviews",
            ));
        }
        let Some(expected) = self
            .manifest
            .attachments
            .as_ref()
            .and_then(|a| a.get(self.next_attachment))
            .cloned()
        else {
            self.read_padding()?;
            return Ok(None);
        };
        let missing = || {
            BundleError::hostile(
                doc,
                format!(
                    "{} is listed in the manifest but missing from the archive",
                    expected.file
                ),
            )
        };
        let h = self.tar.next_header()?.ok_or_else(missing)?;
        if h.name != expected.file {
            if h.name == PADDING_NAME {
                return Err(missing());
            }
            return Err(self.misplaced(&h.name));
        }
        if h.size != expected.size {
            return Err(BundleError::Tampered {
                doc,
                detail: format!("{} has a different size than the manifest says", expected.file),
            });
        }
        let mut hash = Sha256Stream::new();
        let mut failed = None;
        self.tar.body(h.size, |piece| {
            hash.update(piece);
            if failed.is_none()
                && let Err(e) = sink(piece)
            {
                failed = Some(e);
            }
        })?;
        if let Some(source) = failed {
            return Err(BundleError::Io { doc, source });
        }
        if hex::encode(hash.finish()) != expected.sha256 {
            return Err(BundleError::Tampered {
                doc,
                detail: format!("{} differs from the SHA-256 in the manifest", expected.file),
            });
        }
        self.next_attachment += 1;
        Ok(Some(expected))
    }

    /// Why an entry with this name is not the one expected now.
    fn misplaced(&self, name: &str) -> BundleError {
        let attachment = self
            .manifest
            .attachments
            .iter()
            .flatten()
            .position(|a| a.file == name);
        let detail = match self.index.get(name) {
            Some(&i) if i < self.next => "an interview file appears twice",
            Some(_) => "the interview files are not in manifest order",
            None if attachment.is_some_and(|i| i < self.next_attachment) => "an attachment appears twice",
            None if attachment.is_some() => "the attachments are not in manifest order",
            None if name == MANIFEST_NAME || name == MANIFEST_SIG_NAME || name == AUDIT_FILE_NAME => {
                "an entry appears twice"
            }
            None if name == PADDING_NAME => "the padding entry is not at the end",
            None => "the archive holds a file that the manifest does not list",
        };
        BundleError::hostile(Doc::Bundle, detail)
    }

    /// Checks every remaining interview (as [`BundleReader::next_interview`] does, without
    /// keeping them), the padding, the end of the archive, and reads the age stream to its
    /// authenticated end. Only when this returns `Ok` is the bundle known to be complete and
    /// unaltered; a caller commits what it read only then.
    pub fn finish(mut self) -> Result<(), BundleError> {
        while self.next_interview()?.is_some() {}
        while self.next_attachment(&mut |_| Ok(()))?.is_some() {}
        let padding = self.padding.take().expect("set when next_interview returns None");
        finish_padding(self.tar, Doc::Bundle, &padding)
    }
}

/// Reads and verifies a receipt (small: the whole tar is capped at
/// [`MAX_RECEIPT_BYTES`]). `device` is this laptop's key fingerprint; `trust` receives the
/// signer's key and accepts only headquarters keys this device trusts. The receipt's `hq`
/// must be its signer and its `device` must be `device`.
pub fn read_receipt<R: Read>(
    input: R,
    identity: &AgeIdentity,
    device: &Fingerprint,
    trust: impl FnOnce(&PublicKey) -> Result<(), BundleError>,
) -> Result<Receipt, BundleError> {
    let doc = Doc::Receipt;
    let plain = decrypting_reader(identity, input).map_err(|e| BundleError::from_seal(doc, e))?;
    let mut tar = TarReader::new(plain, MAX_RECEIPT_BYTES, doc);
    let (bytes, signer) = read_signed(&mut tar, doc, trust)?;
    let receipt = Receipt::parse(&bytes)?;
    if receipt.hq != signer.fingerprint().hex() {
        return Err(BundleError::Tampered {
            doc,
            detail: "the receipt names a different headquarters key than the one that signed it".into(),
        });
    }
    if receipt.device != device.hex() {
        let short = Fingerprint::from_hex(&receipt.device)
            .map(|f| f.short())
            .unwrap_or_default();
        return Err(BundleError::ReceiptForAnotherDevice { device: short });
    }
    let h = tar
        .next_header()?
        .ok_or_else(|| BundleError::hostile(doc, "the padding entry at the end is missing"))?;
    if h.name != PADDING_NAME {
        return Err(BundleError::hostile(
            doc,
            "the archive holds a file that does not belong in a receipt",
        ));
    }
    if !padding_is_written_form(h.offset, h.size) {
        return Err(BundleError::hostile(doc, "the padding has the wrong length"));
    }
    finish_padding(tar, doc, &h)?;
    Ok(receipt)
}

/// Steps 2–4: the document and its signature, the trust decision, the signature check.
fn read_signed<R: Read>(
    tar: &mut TarReader<R>,
    doc: Doc,
    trust: impl FnOnce(&PublicKey) -> Result<(), BundleError>,
) -> Result<(Vec<u8>, PublicKey), BundleError> {
    let (name, sig_name, other, namespace) = match doc {
        Doc::Bundle => (MANIFEST_NAME, MANIFEST_SIG_NAME, RECEIPT_NAME, BUNDLE_NAMESPACE),
        Doc::Receipt => (RECEIPT_NAME, RECEIPT_SIG_NAME, MANIFEST_NAME, RECEIPT_NAMESPACE),
    };
    let h = tar
        .next_header()?
        .ok_or_else(|| BundleError::hostile(doc, "the archive inside is empty"))?;
    if h.name == other {
        return Err(BundleError::NotADocument {
            doc,
            reason: match doc {
                Doc::Bundle => "it is a receipt, not a bundle",
                Doc::Receipt => "it is a bundle, not a receipt",
            },
        });
    }
    if h.name != name {
        return Err(BundleError::hostile(
            doc,
            format!("the first entry is not {name}"),
        ));
    }
    if h.size > MAX_MANIFEST_BYTES {
        return Err(BundleError::hostile(
            doc,
            format!("{name} is larger than the limit of {MAX_MANIFEST_BYTES} bytes"),
        ));
    }
    let bytes = tar.body_vec(h.size)?;

    let h = tar
        .next_header()?
        .ok_or_else(|| BundleError::hostile(doc, format!("{sig_name} is missing")))?;
    if h.name != sig_name {
        return Err(BundleError::hostile(
            doc,
            format!("the second entry is not {sig_name}"),
        ));
    }
    if h.size > MAX_SIGNATURE_BYTES {
        return Err(BundleError::hostile(
            doc,
            format!("{sig_name} is larger than the limit of {MAX_SIGNATURE_BYTES} bytes"),
        ));
    }
    let sig = tar.body_vec(h.size)?;
    let sig = String::from_utf8(sig).map_err(|_| BundleError::BadSignature { doc })?;
    let signer = embedded_signer(&sig).ok_or(BundleError::BadSignature { doc })?;
    // Verify before the trust decision, so that nothing (such as "signed by a removed
    // device") is said about a key that did not make this signature.
    signer
        .verify_sshsig(namespace, &bytes, &sig)
        .map_err(|_| BundleError::BadSignature { doc })?;
    trust(&signer)?;
    Ok((bytes, signer))
}

/// Step 7: padding content, end marker, authenticated end of the age stream.
fn finish_padding<R: Read>(
    mut tar: TarReader<R>,
    doc: Doc,
    padding: &EntryHeader,
) -> Result<(), BundleError> {
    let mut nonzero = false;
    tar.body(padding.size, |piece| {
        nonzero |= piece.iter().any(|&b| b != 0);
    })?;
    if nonzero {
        return Err(BundleError::hostile(doc, "the padding is not all zeros"));
    }
    if tar.next_header()?.is_some() {
        return Err(BundleError::hostile(doc, "an entry follows the padding"));
    }
    tar.finish()
}

/// The public key named inside an armored SSHSIG, without checking anything else; the full,
/// strict check is [`PublicKey::verify_sshsig`], run right after the trust decision.
fn embedded_signer(armored: &str) -> Option<PublicKey> {
    let body: String = armored
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-----"))
        .collect();
    let blob = base64::engine::general_purpose::STANDARD.decode(body).ok()?;
    // "SSHSIG" uint32(1) string(string("ssh-ed25519") string(key[32])) ...
    let expect_prefix: &[u8] = b"SSHSIG\0\0\0\x01\0\0\0\x33\0\0\0\x0bssh-ed25519\0\0\0\x20";
    let rest = blob.strip_prefix(expect_prefix)?;
    let key: [u8; 32] = rest.get(..32)?.try_into().ok()?;
    Some(PublicKey::from_bytes(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::tests::testutil::{Fixture, item, sample_json};
    use crate::bundle::write::BundleItem;
    use crate::bundle::{ErrorKind, write_receipt};
    use crate::crypto::signing::SigningKey;

    #[test]
    fn round_trip() {
        let f = Fixture::new();
        let items: Vec<BundleItem> = (1..=6).map(item).collect();
        let jsons: Vec<Vec<u8>> = (1..=6).map(sample_json).collect();
        let (file, written) = f.bundle(&items, &jsons);
        let mut seen = None;
        let mut r = BundleReader::open(&file[..], &f.hq_age, |k| {
            seen = Some(k.clone());
            f.trust_device(k)
        })
        .unwrap();
        assert_eq!(seen, Some(f.device.public_key()));
        assert_eq!(Some(r.manifest()), written.manifest.as_ref());
        for (i, json) in jsons.iter().enumerate() {
            let (entry, bytes) = r.next_interview().unwrap().unwrap();
            assert_eq!(&bytes, json);
            assert_eq!(entry.revision_hash, items[i].revision_hash);
        }
        assert!(r.next_interview().unwrap().is_none());
        assert!(r.next_interview().unwrap().is_none());
        r.finish().unwrap();

        // finish() alone checks everything too.
        BundleReader::open(&file[..], &f.hq_age, |k| f.trust_device(k))
            .unwrap()
            .finish()
            .unwrap();
    }

    #[test]
    fn receipt_round_trip() {
        let f = Fixture::new();
        let (file, _) =
            write_receipt(Vec::new(), &f.hq_key, &f.device_age.recipient(), &f.receipt()).unwrap();
        let fp = f.device.public_key().fingerprint();
        let r = read_receipt(&file[..], &f.device_age, &fp, |k| f.trust_hq(k)).unwrap();
        assert_eq!(r, f.receipt());
        // A bundle is not a receipt, and the other way round.
        let (bundle, _) = f.bundle(&[item(1)], &[sample_json(1)]);
        let e = read_receipt(&bundle[..], &f.hq_age, &fp, |k| f.trust_hq(k)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotABundle, "{e}");
        let e = BundleReader::open(&file[..], &f.device_age, |k| f.trust_device(k))
            .err()
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::NotABundle, "{e}");
    }

    #[test]
    fn trust_is_asked_before_anything_is_parsed() {
        let f = Fixture::new();
        let (file, _) = f.bundle(&[item(1)], &[sample_json(1)]);
        let e = BundleReader::open(&file[..], &f.hq_age, |k| {
            Err(BundleError::unknown_signer(Doc::Bundle, k))
        })
        .err()
        .unwrap();
        assert_eq!(e.kind(), ErrorKind::UnknownSigner);
        assert!(
            e.to_string()
                .contains(&f.device.public_key().fingerprint().to_openssh())
        );
    }

    #[test]
    fn signer_is_taken_from_the_signature() {
        let key = SigningKey::generate().unwrap();
        let sig = key.sign_sshsig(BUNDLE_NAMESPACE, b"m");
        assert_eq!(embedded_signer(&sig), Some(key.public_key()));
        assert_eq!(
            embedded_signer(&sig.replace('\n', "\r\n")),
            Some(key.public_key())
        );
        assert_eq!(embedded_signer(""), None);
        assert_eq!(embedded_signer("-----BEGIN SSH SIGNATURE-----\nAAAA\n"), None);
    }

    #[test]
    fn a_bundle_for_another_hq_and_a_reencrypted_one() {
        let f = Fixture::new();
        let (file, _) = f.bundle(&[item(1)], &[sample_json(1)]);
        let other = AgeIdentity::generate();
        let e = BundleReader::open(&file[..], &other, |k| f.trust_device(k))
            .err()
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::NotForUs);
        assert!(
            e.to_string().starts_with(
                "this bundle was not encrypted to this vault's key — it is meant for another \
                 headquarters (or it is a receipt, for a field laptop)"
            ),
            "{e}"
        );
        // The same signed content re-encrypted to another key by someone else.
        let mut plain = Vec::new();
        crate::crypto::seal::decrypting_reader(&f.hq_age, &file[..])
            .unwrap()
            .read_to_end(&mut plain)
            .unwrap();
        let mut rewrapped = Vec::new();
        crate::crypto::seal::encrypt_to(&[other.recipient()], &plain[..], &mut rewrapped).unwrap();
        let e = BundleReader::open(&rewrapped[..], &other, |k| f.trust_device(k))
            .err()
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::Forged, "{e}");
    }

    #[test]
    fn every_cut_is_detected() {
        let f = Fixture::new();
        let items: Vec<BundleItem> = (1..=3).map(item).collect();
        let jsons: Vec<Vec<u8>> = (1..=3).map(sample_json).collect();
        let (file, _) = f.bundle(&items, &jsons);
        for cut in (0..file.len())
            .step_by(file.len() / 97 + 1)
            .chain([file.len() - 1])
        {
            let result =
                BundleReader::open(&file[..cut], &f.hq_age, |k| f.trust_device(k)).and_then(|r| r.finish());
            let e = result.expect_err("a cut bundle was accepted");
            assert!(
                matches!(e.kind(), ErrorKind::Damaged | ErrorKind::NotABundle),
                "cut at {cut}: {e}"
            );
        }
    }

    #[test]
    fn the_interview_order_is_enforced_and_reading_is_lazy() {
        let f = Fixture::new();
        let (file, _) = f.bundle(&[item(1), item(2)], &[sample_json(1), sample_json(2)]);
        let mut r = BundleReader::open(&file[..], &f.hq_age, |k| f.trust_device(k)).unwrap();
        assert_eq!(r.manifest().interviews.len(), 2);
        assert_eq!(r.next_interview().unwrap().unwrap().1, sample_json(1));
        r.finish().unwrap();
    }
}
