//! The hostile corpus in `tests/data/hostile/`: crafted bundles and receipts, one per attack.
//!
//! Why this exists: every refusal of the reader is a promise (no path traversal, no link, no
//! partial import, no forged receipt...). The corpus pins each promise to a file named after
//! the attack, with its expected error kind and message in `expected.tsv`, so a regression
//! shows up as a named file, and other readers (HQ import tests, other implementations) can
//! reuse the same files.
//!
//! Regenerate with `cargo test --lib bundle::corpus -- --ignored` (keys in `keys/` are kept;
//! age output is randomised, so the files change on every run). The same attacks are also
//! built in memory with fresh keys by `every_attack_is_refused_with_fresh_keys`.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::testutil::trust_only;
use crate::bundle::manifest::{
    AUDIT_FILE_NAME, AttachmentEntry, AuditSummary, Manifest, ManifestEntry, Receipt, attachment_file_name,
    format_timestamp, interview_file_name,
};
use crate::bundle::read::{BundleReader, read_receipt};
use crate::bundle::tarball::{TarWriter, regular_header};
use crate::bundle::write::{
    BundleInfo, BundleItem, MANIFEST_NAME, MANIFEST_SIG_NAME, RECEIPT_NAME, RECEIPT_SIG_NAME, write_bundle,
    write_receipt,
};
use crate::bundle::{
    BUNDLE_FORMAT, BUNDLE_FORMAT_V1, BUNDLE_NAMESPACE, BundleError, Doc, RECEIPT_FORMAT, RECEIPT_NAMESPACE,
};
use crate::crypto::digest::sha256_hex;
use crate::crypto::seal::{AgeIdentity, AgeRecipient, encrypt_to};
use crate::crypto::signing::SigningKey;
use crate::domain::{Vocabulary, parse_interviews, revision_hash_input};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/hostile")
}

/// Every corpus file: name, expected error kind (`ok` if the bundle layer accepts it), and
/// text the message must contain.
/// For `ok` bundles a non-empty text is expected in the interview validation error that the
/// HQ import layer reports (the bundle itself is authentic).
const EXPECTED: &[(&str, &str, &str)] = &[
    ("valid.bundle", "ok", ""),
    ("valid.receipt", "ok", ""),
    (
        "flipped-byte-in-payload.bundle",
        "Damaged",
        "damaged or incomplete",
    ),
    ("truncated-mid-stream.bundle", "Damaged", "cut short"),
    ("extended-with-garbage.bundle", "Damaged", "damaged or incomplete"),
    (
        "encrypted-to-another-hq.bundle",
        "NotForUs",
        "meant for another headquarters",
    ),
    ("not-encrypted.bundle", "NotABundle", "not an age-encrypted file"),
    (
        "signed-by-unknown-device.bundle",
        "UnknownSigner",
        "not trusted here",
    ),
    (
        "signed-in-receipt-namespace.bundle",
        "Forged",
        "signature does not verify",
    ),
    ("manifest-names-other-device.bundle", "Forged", "different device"),
    (
        "manifest-hash-mismatch.bundle",
        "Forged",
        "differs from the SHA-256",
    ),
    ("size-mismatch.bundle", "Forged", "different size"),
    ("path-traversal-dotdot.bundle", "Hostile", "path traversal"),
    ("absolute-path.bundle", "Hostile", "absolute path"),
    ("symlink-entry.bundle", "Hostile", "symbolic link"),
    ("setuid-mode-entry.bundle", "Hostile", "file mode other than 0600"),
    ("owner-named-entry.bundle", "Hostile", "names a user or group"),
    ("timestamped-entry.bundle", "Hostile", "carries a timestamp"),
    ("regular-file-with-link-name.bundle", "Hostile", "has a link name"),
    ("hardlink-entry.bundle", "Hostile", "hard link"),
    ("device-entry.bundle", "Hostile", "device file"),
    ("fifo-entry.bundle", "Hostile", "FIFO"),
    ("directory-entry.bundle", "Hostile", "directory"),
    ("pax-header.bundle", "Hostile", "pax extended header"),
    ("gnu-long-name.bundle", "Hostile", "GNU long-name"),
    ("duplicate-entry.bundle", "Hostile", "appears twice"),
    ("wrong-order.bundle", "Hostile", "not in manifest order"),
    ("oversized-entry.bundle", "Hostile", "larger than the limit"),
    (
        "format-version-3.bundle",
        "UnsupportedVersion",
        "update fieldvault",
    ),
    ("invalid-interview-json.bundle", "ok", "narrative"),
    ("unlisted-extra-file.bundle", "Hostile", "does not list"),
    ("attachments-valid.bundle", "ok", ""),
    ("attachment-missing.bundle", "Hostile", "missing from the archive"),
    ("attachment-unlisted.bundle", "Hostile", "does not list"),
    ("attachment-changed.bundle", "Forged", "differs from the SHA-256"),
    ("attachment-truncated.bundle", "Forged", "different size"),
    ("attachments-swapped.bundle", "Hostile", "not in manifest order"),
    ("attachment-twice.bundle", "Hostile", "appears twice"),
    (
        "missing-listed-file.bundle",
        "Hostile",
        "missing from the archive",
    ),
    ("nonzero-padding.bundle", "Hostile", "padding is not all zeros"),
    (
        "wrong-padding-length.bundle",
        "Hostile",
        "padding has the wrong length",
    ),
    (
        "data-after-end-of-archive.bundle",
        "Hostile",
        "after the end of the archive",
    ),
    (
        "receipt-instead-of-bundle.bundle",
        "NotABundle",
        "a receipt, not a bundle",
    ),
    ("forged-receipt.receipt", "UnknownSigner", "not trusted here"),
    ("modified-receipt.receipt", "Forged", "signature does not verify"),
    (
        "receipt-for-another-device.receipt",
        "NotForUs",
        "for another device",
    ),
    (
        "receipt-hq-mismatch.receipt",
        "Forged",
        "different headquarters key",
    ),
];

/// The fixed test keys (test keys only: see `tests/data/hostile/README.md`).
struct Keys {
    hq_age: AgeIdentity,
    other_hq_age: AgeIdentity,
    device_age: AgeIdentity,
    device: SigningKey,
    hq: SigningKey,
    unknown_device: SigningKey,
}

const AGE_KEYS: [&str; 3] = ["hq.agekey", "other-hq.agekey", "device.agekey"];
const SSH_KEYS: [&str; 3] = ["device.pkcs8.b64", "hq.pkcs8.b64", "unknown-device.pkcs8.b64"];

impl Keys {
    fn generate() -> Keys {
        Keys {
            hq_age: AgeIdentity::generate(),
            other_hq_age: AgeIdentity::generate(),
            device_age: AgeIdentity::generate(),
            device: SigningKey::generate().unwrap(),
            hq: SigningKey::generate().unwrap(),
            unknown_device: SigningKey::generate().unwrap(),
        }
    }

    fn load(dir: &Path) -> Keys {
        let age = |name: &str| {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let line = text.lines().find(|l| l.starts_with("AGE-SECRET-KEY-1")).unwrap();
            AgeIdentity::from_secret_string(line).unwrap()
        };
        let ssh = |name: &str| {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            SigningKey::from_pkcs8(&STANDARD.decode(text.trim()).unwrap()).unwrap()
        };
        Keys {
            hq_age: age(AGE_KEYS[0]),
            other_hq_age: age(AGE_KEYS[1]),
            device_age: age(AGE_KEYS[2]),
            device: ssh(SSH_KEYS[0]),
            hq: ssh(SSH_KEYS[1]),
            unknown_device: ssh(SSH_KEYS[2]),
        }
    }

    fn save(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        for (name, id) in AGE_KEYS
            .iter()
            .zip([&self.hq_age, &self.other_hq_age, &self.device_age])
        {
            let secret = id.to_secret_string();
            let text = format!(
                "# TEST KEY ONLY, published with fieldvault's test corpus: never use it\n\
                 # public key: {}\n{}\n",
                id.recipient().as_str(),
                std::str::from_utf8(secret.expose_secret()).unwrap()
            );
            std::fs::write(dir.join(name), text).unwrap();
        }
        for (name, key) in SSH_KEYS
            .iter()
            .zip([&self.device, &self.hq, &self.unknown_device])
        {
            let text = format!("{}\n", STANDARD.encode(key.pkcs8().expose_secret()));
            std::fs::write(dir.join(name), text).unwrap();
            let public = format!(
                "{} {}\n",
                key.public_key().to_openssh(),
                name.split('.').next().unwrap()
            );
            std::fs::write(dir.join(name.replace(".pkcs8.b64", ".pub")), public).unwrap();
        }
    }
}

/// Two real sample interviews with their real revision hashes.
fn interviews() -> Vec<(BundleItem, Vec<u8>)> {
    let vocab = Vocabulary::default();
    [
        &include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/samples/w26-0006.json"
        ))[..],
        &include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/samples/w26-0003.json"
        ))[..],
    ]
    .iter()
    .enumerate()
    .map(|(i, bytes)| {
        let record = parse_interviews("sample", bytes, &vocab).unwrap().remove(0);
        let interview_id = format!("00000000-0000-4000-8000-00000000000{}", i + 1);
        let hash = sha256_hex(&revision_hash_input(&interview_id, 1, None, &record));
        let item = BundleItem {
            interview_id,
            code: record.code().to_owned(),
            revision: 1,
            previous_hash: None,
            revision_hash: hash,
        };
        (item, bytes.to_vec())
    })
    .collect()
}

fn info() -> BundleInfo {
    BundleInfo {
        bundle_id: uuid::Uuid::from_u128(0x3b241101_e2bb_4255_8caf_4136c566a962),
        sequence: 1,
        created_at: "2026-09-20T08:00:00Z".parse().unwrap(),
        audit: None,
        consent_changes: Vec::new(),
    }
}

fn manifest_for(k: &Keys, signer: &SigningKey, items: &[(BundleItem, Vec<u8>)]) -> Manifest {
    let info = info();
    Manifest {
        format: BUNDLE_FORMAT_V1.into(),
        bundle_id: info.bundle_id.hyphenated().to_string(),
        device: signer.public_key().fingerprint().hex(),
        sequence: info.sequence,
        created_at: format_timestamp(info.created_at),
        recipients: vec![k.hq_age.recipient().as_str().into()],
        interviews: items
            .iter()
            .map(|(it, bytes)| ManifestEntry {
                interview_id: it.interview_id.clone(),
                code: it.code.clone(),
                revision: it.revision,
                previous_hash: it.previous_hash.clone(),
                revision_hash: it.revision_hash.clone(),
                file: interview_file_name(&it.revision_hash),
                sha256: sha256_hex(bytes),
                size: bytes.len() as u64,
            })
            .collect(),
        // Hand-built bundles keep format 1 (manifest, signature, files): readers must
        // go on reading it, and each attack needs no audit chain.
        audit: None,
        attachments: None,
        consent_changes: None,
    }
}

/// A tar entry for hand-built archives.
struct Raw {
    header: tar::Header,
    data: Vec<u8>,
}

fn file(name: &str, data: &[u8]) -> Raw {
    Raw {
        header: regular_header(name, data.len() as u64),
        data: data.to_vec(),
    }
}

/// A regular file whose otherwise correct header was changed by `change`.
fn tweaked(name: &str, data: &[u8], change: impl FnOnce(&mut tar::Header)) -> Raw {
    let mut raw = file(name, data);
    change(&mut raw.header);
    raw.header.set_cksum();
    raw
}

/// An entry with any name bytes and type; `size` as claimed by the header.
fn odd(name: &[u8], ty: tar::EntryType, data: &[u8], size: u64) -> Raw {
    let mut header = regular_header("x", 0);
    let field = &mut header.as_old_mut().name;
    field.fill(0);
    field[..name.len()].copy_from_slice(name);
    header.set_entry_type(ty);
    header.set_size(size);
    if ty.is_hard_link() || ty.is_symlink() {
        header.set_link_name("/etc/passwd").unwrap();
    }
    header.set_cksum();
    Raw {
        header,
        data: data.to_vec(),
    }
}

/// The signed head of a bundle: manifest and signature.
fn head(manifest_bytes: &[u8], signer: &SigningKey, namespace: &str) -> Vec<Raw> {
    let sig = signer.sign_sshsig(namespace, manifest_bytes);
    vec![
        file(MANIFEST_NAME, manifest_bytes),
        file(MANIFEST_SIG_NAME, sig.as_bytes()),
    ]
}

/// Bodies after a header with a size claim larger than the data are written as given, and
/// the archive is then padded and ended as the writer would.
fn tar_of(entries: Vec<Raw>) -> Vec<u8> {
    let mut w = TarWriter::new(Vec::new());
    for e in entries {
        w.raw_header(&e.header).unwrap();
        w.body(&e.data).unwrap();
    }
    w.finish_padded().unwrap().0
}

fn seal(to: &AgeIdentity, plain: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encrypt_to(&[to.recipient()], plain, &mut out).unwrap();
    out
}

fn valid_bundle(signer: &SigningKey, to: &[AgeRecipient]) -> Vec<u8> {
    let items = interviews();
    let only: Vec<BundleItem> = items.iter().map(|(it, _)| it.clone()).collect();
    write_bundle(Vec::new(), signer, to, &info(), &only, |i, _| {
        Ok(items[i].1.clone())
    })
    .unwrap()
    .0
}

fn receipt_for(k: &Keys, hq: &SigningKey, device: &SigningKey) -> Receipt {
    let items = interviews();
    let m = manifest_for(k, device, &items);
    Receipt {
        format: RECEIPT_FORMAT.into(),
        receipt_id: "9a1f3e52-1d4b-4c7e-8f0a-2b6c5d7e8f90".into(),
        bundle_id: m.bundle_id.clone(),
        device: device.public_key().fingerprint().hex(),
        hq: hq.public_key().fingerprint().hex(),
        sequence: 1,
        received_at: "2026-09-22T10:15:00Z".into(),
        revisions: m.interviews.iter().map(Into::into).collect(),
    }
}

fn receipt_tar(receipt_bytes: &[u8], sig: &str) -> Vec<u8> {
    tar_of(vec![
        file(RECEIPT_NAME, receipt_bytes),
        file(RECEIPT_SIG_NAME, sig.as_bytes()),
    ])
}

/// Builds the corpus file `name` with keys `k`.
fn build(name: &str, k: &Keys) -> Vec<u8> {
    let items = interviews();
    let hq = [k.hq_age.recipient()];
    let m = manifest_for(k, &k.device, &items);
    let mb = m.to_canonical_bytes();
    let f0 = &m.interviews[0].file;
    let f1 = &m.interviews[1].file;
    let (d0, d1) = (&items[0].1, &items[1].1);
    // A bundle whose archive is `rest` after a correctly signed head.
    let signed = |rest: Vec<Raw>| {
        let mut all = head(&mb, &k.device, BUNDLE_NAMESPACE);
        all.extend(rest);
        seal(&k.hq_age, &tar_of(all))
    };
    // A bundle with an edited manifest, signed by the device, and normal files.
    let signed_manifest = |edit: &dyn Fn(&mut Manifest), files: Vec<Raw>| {
        let mut m = m.clone();
        edit(&mut m);
        let mut all = head(&m.to_canonical_bytes(), &k.device, BUNDLE_NAMESPACE);
        all.extend(files);
        seal(&k.hq_age, &tar_of(all))
    };
    let normal_files = || vec![file(f0, d0), file(f1, d1)];
    let receipt_file = |hq_key: &SigningKey, device: &SigningKey, to: &AgeIdentity| {
        let bytes = receipt_for(k, hq_key, device).to_canonical_bytes();
        seal(
            to,
            &receipt_tar(&bytes, &hq_key.sign_sshsig(RECEIPT_NAMESPACE, &bytes)),
        )
    };
    use tar::EntryType as T;
    match name {
        "valid.bundle" => valid_bundle(&k.device, &hq),
        "valid.receipt" => {
            write_receipt(
                Vec::new(),
                &k.hq,
                &k.device_age.recipient(),
                &receipt_for(k, &k.hq, &k.device),
            )
            .unwrap()
            .0
        }
        "flipped-byte-in-payload.bundle" => {
            let mut b = valid_bundle(&k.device, &hq);
            let i = b.len() - 200;
            b[i] ^= 0x20;
            b
        }
        "truncated-mid-stream.bundle" => {
            let mut b = valid_bundle(&k.device, &hq);
            b.truncate(b.len() * 2 / 3);
            b
        }
        "extended-with-garbage.bundle" => {
            let mut b = valid_bundle(&k.device, &hq);
            b.extend_from_slice(&[0x5a; 100]);
            b
        }
        "encrypted-to-another-hq.bundle" => valid_bundle(&k.device, &[k.other_hq_age.recipient()]),
        "not-encrypted.bundle" => {
            let mut all = head(&mb, &k.device, BUNDLE_NAMESPACE);
            all.extend(normal_files());
            tar_of(all)
        }
        "signed-by-unknown-device.bundle" => valid_bundle(&k.unknown_device, &hq),
        "signed-in-receipt-namespace.bundle" => {
            let mut all = head(&mb, &k.device, RECEIPT_NAMESPACE);
            all.extend(normal_files());
            seal(&k.hq_age, &tar_of(all))
        }
        "manifest-names-other-device.bundle" => signed_manifest(
            &|m| m.device = k.unknown_device.public_key().fingerprint().hex(),
            normal_files(),
        ),
        "manifest-hash-mismatch.bundle" => {
            let mut changed = d0.clone();
            let i = changed.iter().position(|&b| b == b'W').unwrap();
            changed[i] = b'X';
            signed(vec![file(f0, &changed), file(f1, d1)])
        }
        "size-mismatch.bundle" => {
            let mut longer = d0.clone();
            longer.push(b'\n');
            signed(vec![file(f0, &longer), file(f1, d1)])
        }
        "path-traversal-dotdot.bundle" => {
            signed(vec![odd(b"../../../home/user/.bashrc", T::Regular, b"evil\n", 5)])
        }
        "absolute-path.bundle" => signed(vec![odd(b"/etc/cron.d/evil", T::Regular, b"evil\n", 5)]),
        "symlink-entry.bundle" => signed(vec![odd(f0.as_bytes(), T::Symlink, b"", 0)]),
        // Review finding 7: each of these was imported before headers had to be exact.
        "setuid-mode-entry.bundle" => signed(vec![tweaked(f0, d0, |h| h.set_mode(0o4777)), file(f1, d1)]),
        "owner-named-entry.bundle" => signed(vec![
            tweaked(f0, d0, |h| h.set_username("root").unwrap()),
            file(f1, d1),
        ]),
        "timestamped-entry.bundle" => signed(vec![
            tweaked(f0, d0, |h| h.set_mtime(1_790_000_000)),
            file(f1, d1),
        ]),
        "regular-file-with-link-name.bundle" => signed(vec![
            tweaked(f0, d0, |h| h.set_link_name("/etc/passwd").unwrap()),
            file(f1, d1),
        ]),
        "hardlink-entry.bundle" => signed(vec![odd(f0.as_bytes(), T::Link, b"", 0)]),
        "device-entry.bundle" => signed(vec![odd(f0.as_bytes(), T::Char, b"", 0)]),
        "fifo-entry.bundle" => signed(vec![odd(f0.as_bytes(), T::Fifo, b"", 0)]),
        "directory-entry.bundle" => signed(vec![odd(b"interviews/", T::Directory, b"", 0)]),
        "pax-header.bundle" => {
            let pax = b"30 path=../../../etc/passwd\n";
            signed(vec![
                odd(b"PaxHeaders/x", T::XHeader, pax, pax.len() as u64),
                file(f0, d0),
            ])
        }
        "gnu-long-name.bundle" => {
            let long = b"../../../etc/passwd\0";
            signed(vec![
                odd(b"././@LongLink", T::GNULongName, long, long.len() as u64),
                file(f0, d0),
            ])
        }
        "duplicate-entry.bundle" => signed(vec![file(f0, d0), file(f0, d0), file(f1, d1)]),
        "wrong-order.bundle" => signed(vec![file(f1, d1), file(f0, d0)]),
        "oversized-entry.bundle" => signed(vec![odd(f0.as_bytes(), T::Regular, b"", 1 << 30)]),
        "format-version-3.bundle" => {
            let mut v = serde_json::to_value(&m).unwrap();
            v["format"] = "fieldvault-bundle/3".into();
            v["attachments"] = serde_json::json!([]);
            let bytes = crate::domain::canonical::to_canonical_string(&v).into_bytes();
            let mut all = head(&bytes, &k.device, BUNDLE_NAMESPACE);
            all.extend(normal_files());
            seal(&k.hq_age, &tar_of(all))
        }
        "invalid-interview-json.bundle" => {
            let bad = b"{\n  \"code\": \"W26-0099\",\n  \"narrative\": 42\n}\n".to_vec();
            let item = BundleItem {
                interview_id: "00000000-0000-4000-8000-000000000099".into(),
                code: "W26-0099".into(),
                revision: 1,
                previous_hash: None,
                revision_hash: sha256_hex(&bad),
            };
            write_bundle(Vec::new(), &k.device, &hq, &info(), &[item], |_, _| {
                Ok(bad.clone())
            })
            .unwrap()
            .0
        }
        "unlisted-extra-file.bundle" => {
            let extra = interview_file_name(&sha256_hex(b"extra"));
            signed(vec![file(f0, d0), file(f1, d1), file(&extra, b"{}\n")])
        }
        "missing-listed-file.bundle" => signed(vec![file(f0, d0)]),
        name if name.starts_with("attachment") => {
            // Format 2, with two attachments of the first interview after the interviews.
            let (a, b) = (
                b"%PDF-1.4 attachment A".to_vec(),
                b"\x89PNG attachment B".to_vec(),
            );
            let entry = |id: &str, bytes: &[u8]| AttachmentEntry {
                id: id.into(),
                interview_id: items[0].0.interview_id.clone(),
                added_in: items[0].0.revision,
                removed_in: None,
                name: format!("{}.bin", &id[..4]),
                media_type: "application/octet-stream".into(),
                added_at: "2026-09-20T07:59:00Z".into(),
                file: attachment_file_name(id),
                sha256: sha256_hex(bytes),
                size: bytes.len() as u64,
            };
            let (ea, eb) = (entry(&"a".repeat(32), &a), entry(&"b".repeat(32), &b));
            let with = |files: Vec<Raw>| {
                let mut m = m.clone();
                m.format = BUNDLE_FORMAT.into();
                m.audit = Some(AuditSummary {
                    entries: 0,
                    first: 0,
                    head: "0".repeat(64),
                    file: AUDIT_FILE_NAME.into(),
                    sha256: sha256_hex(b""),
                    size: 0,
                });
                m.attachments = Some(vec![ea.clone(), eb.clone()]);
                m.consent_changes = Some(Vec::new());
                let mut all = head(&m.to_canonical_bytes(), &k.device, BUNDLE_NAMESPACE);
                all.push(file(AUDIT_FILE_NAME, b""));
                all.extend(normal_files());
                all.extend(files);
                seal(&k.hq_age, &tar_of(all))
            };
            let (fa, fb) = (ea.file.clone(), eb.file.clone());
            match name {
                "attachments-valid.bundle" => with(vec![file(&fa, &a), file(&fb, &b)]),
                "attachment-missing.bundle" => with(vec![file(&fa, &a)]),
                "attachment-unlisted.bundle" => {
                    let extra = attachment_file_name(&"c".repeat(32));
                    with(vec![file(&fa, &a), file(&fb, &b), file(&extra, b"extra")])
                }
                "attachment-changed.bundle" => {
                    let mut changed = b.clone();
                    changed[0] ^= 1;
                    with(vec![file(&fa, &a), file(&fb, &changed)])
                }
                "attachment-truncated.bundle" => with(vec![file(&fa, &a), file(&fb, &b[..b.len() - 1])]),
                "attachments-swapped.bundle" => with(vec![file(&fb, &b), file(&fa, &a)]),
                "attachment-twice.bundle" => with(vec![file(&fa, &a), file(&fa, &a), file(&fb, &b)]),
                _ => unreachable!("{name}"),
            }
        }
        "nonzero-padding.bundle" | "wrong-padding-length.bundle" => {
            // Small archives get no padding at all: grow one interview (with trailing spaces,
            // still signed) until the padding is non-empty.
            let mut grown = items.clone();
            loop {
                let m = manifest_for(k, &k.device, &grown);
                let mut all = head(&m.to_canonical_bytes(), &k.device, BUNDLE_NAMESPACE);
                all.push(file(&m.interviews[0].file, &grown[0].1));
                all.push(file(&m.interviews[1].file, &grown[1].1));
                let mut plain = tar_of(all);
                let pad_header = find_padding_header(&plain);
                let pad_len = tar::Header::from_byte_slice(&plain[pad_header..pad_header + 512])
                    .size()
                    .unwrap() as usize;
                if pad_len > 0 {
                    if name == "nonzero-padding.bundle" {
                        plain[pad_header + 512 + pad_len / 2] = 1;
                    } else {
                        let mut h =
                            tar::Header::from_byte_slice(&plain[pad_header..pad_header + 512]).clone();
                        h.set_size(pad_len as u64 - 512);
                        h.set_cksum();
                        plain[pad_header..pad_header + 512].copy_from_slice(h.as_bytes());
                        plain.truncate(plain.len() - 512);
                    }
                    return seal(&k.hq_age, &plain);
                }
                grown[0].1.extend_from_slice(&[b' '; 500]);
            }
        }
        "data-after-end-of-archive.bundle" => {
            let mut all = head(&mb, &k.device, BUNDLE_NAMESPACE);
            all.extend(normal_files());
            let mut plain = tar_of(all);
            plain.extend_from_slice(&[0u8; 512]);
            let mut hidden = [0u8; 512];
            hidden[..12].copy_from_slice(b"hidden data\n");
            plain.extend_from_slice(&hidden);
            seal(&k.hq_age, &plain)
        }
        "receipt-instead-of-bundle.bundle" => receipt_file(&k.hq, &k.device, &k.hq_age),
        "forged-receipt.receipt" => receipt_file(&k.unknown_device, &k.device, &k.device_age),
        "modified-receipt.receipt" => {
            let r = receipt_for(k, &k.hq, &k.device);
            let sig = k.hq.sign_sshsig(RECEIPT_NAMESPACE, &r.to_canonical_bytes());
            let mut more = r.clone();
            let mut extra = more.revisions[0].clone();
            extra.revision_hash = sha256_hex(b"an interview HQ never received");
            extra.code = "W26-0077".into();
            more.revisions.push(extra);
            seal(&k.device_age, &receipt_tar(&more.to_canonical_bytes(), &sig))
        }
        "receipt-for-another-device.receipt" => receipt_file(&k.hq, &k.unknown_device, &k.device_age),
        "receipt-hq-mismatch.receipt" => {
            let mut r = receipt_for(k, &k.hq, &k.device);
            r.hq = k.unknown_device.public_key().fingerprint().hex();
            let bytes = r.to_canonical_bytes();
            seal(
                &k.device_age,
                &receipt_tar(&bytes, &k.hq.sign_sshsig(RECEIPT_NAMESPACE, &bytes)),
            )
        }
        other => panic!("no recipe for corpus file {other}"),
    }
}

/// Offset of the header named `padding` in a plain archive written by `tar_of`.
fn find_padding_header(plain: &[u8]) -> usize {
    let mut at = 0;
    loop {
        let h = tar::Header::from_byte_slice(&plain[at..at + 512]);
        if h.path_bytes().as_ref() == b"padding" {
            return at;
        }
        at += 512 + (h.size().unwrap() as usize).div_ceil(512) * 512;
    }
}

/// Runs one file through the reader as HQ (bundles) or as the device (receipts). When the
/// bundle layer accepts a bundle, the inner result is the HQ import layer's verdict on the
/// interviews (`parse_interviews`), as a message.
fn check(k: &Keys, name: &str, bytes: &[u8]) -> Result<Result<(), String>, BundleError> {
    if name.ends_with(".receipt") {
        let fp = k.device.public_key().fingerprint();
        read_receipt(bytes, &k.device_age, &fp, |key| {
            trust_only(&k.hq.public_key(), Doc::Receipt, key)
        })?;
        return Ok(Ok(()));
    }
    let mut r = BundleReader::open(bytes, &k.hq_age, |key| {
        trust_only(&k.device.public_key(), Doc::Bundle, key)
    })?;
    let mut jsons = Vec::new();
    while let Some((_, json)) = r.next_interview()? {
        jsons.push(json);
    }
    r.finish()?;
    let vocab = Vocabulary::default();
    Ok(jsons
        .iter()
        .try_for_each(|json| parse_interviews("interview", json, &vocab).map(drop))
        .map_err(|e| e.to_string()))
}

fn assert_outcome(name: &str, result: Result<Result<(), String>, BundleError>, kind: &str, text: &str) {
    match result {
        Ok(import) => {
            assert_eq!(kind, "ok", "{name} was accepted");
            match import {
                Ok(()) => assert!(text.is_empty(), "{name}: the interviews were accepted"),
                Err(e) => assert!(!text.is_empty() && e.contains(text), "{name}: {e}"),
            }
        }
        Err(e) => {
            assert_eq!(e.kind().as_str(), kind, "{name}: {e}");
            assert!(e.to_string().contains(text), "{name}: expected {text:?} in: {e}");
        }
    }
}

#[test]
fn every_attack_is_refused_with_fresh_keys() {
    let k = Keys::generate();
    for (name, kind, text) in EXPECTED {
        let bytes = build(name, &k);
        assert_outcome(name, check(&k, name, &bytes), kind, text);
    }
}

#[test]
fn corpus_files_give_their_expected_errors() {
    let dir = corpus_dir();
    let k = Keys::load(&dir.join("keys"));
    let tsv = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let mut rows = 0;
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [name, kind, text] = cols[..] else {
            panic!("bad expected.tsv line: {line}")
        };
        let mut bytes = Vec::new();
        std::fs::File::open(dir.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}; regenerate the corpus"))
            .read_to_end(&mut bytes)
            .unwrap();
        assert!(
            bytes.len() < 128 * 1024,
            "{name} is larger than a corpus file should be"
        );
        assert_outcome(name, check(&k, name, &bytes), kind, text);
        rows += 1;
    }
    assert_eq!(
        rows,
        EXPECTED.len(),
        "expected.tsv is out of date; regenerate the corpus"
    );
}

/// `cargo test --lib bundle::corpus -- --ignored` regenerates the corpus files.
#[test]
#[ignore = "writes tests/data/hostile; run explicitly to regenerate the corpus"]
fn regenerate_corpus() {
    let dir = corpus_dir();
    let keys_dir = dir.join("keys");
    if !keys_dir.join(SSH_KEYS[0]).exists() {
        Keys::generate().save(&keys_dir);
    }
    let k = Keys::load(&keys_dir);
    let mut tsv = String::from("file\tkind\tmessage contains\n");
    for (name, kind, text) in EXPECTED {
        std::fs::write(dir.join(name), build(name, &k)).unwrap();
        tsv.push_str(&format!("{name}\t{kind}\t{text}\n"));
    }
    std::fs::write(dir.join("expected.tsv"), tsv).unwrap();
}
