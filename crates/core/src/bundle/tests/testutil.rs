//! Shared test fixtures: keys, items and a one-call bundle writer.

use crate::bundle::manifest::Receipt;
use crate::bundle::write::{BundleInfo, BundleItem, Written, write_bundle};
use crate::bundle::{BundleError, Doc, RECEIPT_FORMAT};
use crate::crypto::digest::sha256_hex;
use crate::crypto::seal::{AgeIdentity, AgeRecipient};
use crate::crypto::signing::{PublicKey, SigningKey};

/// The JSON of `tests/data/samples/w26-000n.json` (n in 1..=6).
pub(crate) fn sample_json(n: usize) -> Vec<u8> {
    const SAMPLES: [&[u8]; 6] = [
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/samples/w26-0001.json"
        )),
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/samples/w26-0002.json"
        )),
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/samples/w26-0003.json"
        )),
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/samples/w26-0004.json"
        )),
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/samples/w26-0005.json"
        )),
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/samples/w26-0006.json"
        )),
    ];
    SAMPLES[n - 1].to_vec()
}

/// A first revision with a made-up (but well-formed) revision hash.
pub(crate) fn item(n: usize) -> BundleItem {
    BundleItem {
        interview_id: format!("00000000-0000-4000-8000-00000000000{n}"),
        code: format!("W26-000{n}"),
        revision: 1,
        previous_hash: None,
        revision_hash: sha256_hex(format!("revision {n}").as_bytes()),
    }
}

pub(crate) struct Fixture {
    pub(crate) device: SigningKey,
    pub(crate) device_age: AgeIdentity,
    pub(crate) hq_key: SigningKey,
    pub(crate) hq_age: AgeIdentity,
}

impl Fixture {
    pub(crate) fn new() -> Fixture {
        Fixture {
            device: SigningKey::generate().unwrap(),
            device_age: AgeIdentity::generate(),
            hq_key: SigningKey::generate().unwrap(),
            hq_age: AgeIdentity::generate(),
        }
    }

    pub(crate) fn recipients(&self) -> Vec<AgeRecipient> {
        vec![self.hq_age.recipient()]
    }

    pub(crate) fn info(&self) -> BundleInfo {
        BundleInfo {
            bundle_id: uuid::Uuid::from_u128(0x0f8fad5b_d9cb_469f_a165_70867728950e),
            sequence: 7,
            created_at: "2026-03-01T09:30:00Z".parse().unwrap(),
            audit: None,
            consent_changes: Vec::new(),
        }
    }

    pub(crate) fn bundle(&self, items: &[BundleItem], jsons: &[Vec<u8>]) -> (Vec<u8>, Written) {
        write_bundle(
            Vec::new(),
            &self.device,
            &self.recipients(),
            &self.info(),
            items,
            |i, _| Ok(jsons[i].clone()),
        )
        .unwrap()
    }

    pub(crate) fn receipt(&self) -> Receipt {
        Receipt {
            format: RECEIPT_FORMAT.into(),
            receipt_id: "7c9e6679-7425-40de-944b-e07fc1f90ae7".into(),
            bundle_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            device: self.device.public_key().fingerprint().hex(),
            hq: self.hq_key.public_key().fingerprint().hex(),
            sequence: 7,
            received_at: "2026-03-02T10:00:00Z".into(),
            revisions: (1..=2).map(|n| (&manifest_entry(n)).into()).collect(),
        }
    }

    pub(crate) fn trust_device(&self, k: &PublicKey) -> Result<(), BundleError> {
        trust_only(&self.device.public_key(), Doc::Bundle, k)
    }

    pub(crate) fn trust_hq(&self, k: &PublicKey) -> Result<(), BundleError> {
        trust_only(&self.hq_key.public_key(), Doc::Receipt, k)
    }
}

fn manifest_entry(n: usize) -> crate::bundle::ManifestEntry {
    let it = item(n);
    crate::bundle::ManifestEntry {
        file: crate::bundle::manifest::interview_file_name(&it.revision_hash),
        interview_id: it.interview_id,
        code: it.code,
        revision: it.revision,
        previous_hash: it.previous_hash,
        revision_hash: it.revision_hash,
        sha256: sha256_hex(b""),
        size: 0,
    }
}

pub(crate) fn trust_only(trusted: &PublicKey, doc: Doc, k: &PublicKey) -> Result<(), BundleError> {
    if k == trusted {
        Ok(())
    } else {
        Err(BundleError::unknown_signer(doc, k))
    }
}
