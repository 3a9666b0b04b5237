//! The device's audit chain as carried in every bundle (`audit.jsonl`, bundle format 2),
//! so that headquarters can tell when a laptop's log was rewritten after it had seen it.
//!
//! Each line is one entry without its payload (which may name interviews): sequence,
//! time, action, subject, the payload's digest, and the hashes that chain the entries, as
//! canonical JSON. Headquarters recomputes every hash ([`check`]), keeps each device's
//! entries, and flags any entry that differs from the one it received before. See
//! `docs/audit-log.md` and `docs/bundle-format.md`.

use serde::{Deserialize, Serialize};

use crate::audit::{GENESIS, entry_hash};
use crate::crypto::digest::sha256_hex;
use crate::store::{Store, StoreError};

/// One carried entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriedEntry {
    pub action: String,
    pub at: String,
    pub hash: String,
    pub payload_sha256: String,
    pub prev: String,
    pub seq: i64,
    pub subject: String,
}

/// The chain ready to go into a bundle.
#[derive(Debug, Clone, Default)]
pub struct CarriedChain {
    pub entries: u64,
    /// The hash of the last entry (the genesis value for an empty log).
    pub head: String,
    /// `audit.jsonl`: one canonical JSON object per line.
    pub jsonl: Vec<u8>,
}

/// The whole chain of `store`, without payloads. The fields of [`CarriedEntry`] are
/// declared in sorted order, so serde writes each line in canonical form directly.
pub fn export(store: &Store) -> Result<CarriedChain, StoreError> {
    let mut jsonl = Vec::new();
    let mut entries = 0;
    let mut head = GENESIS.to_owned();
    store.for_each_audit_entry(|row| {
        let entry = CarriedEntryRef {
            action: &row.action,
            at: &row.at,
            hash: &row.hash,
            payload_sha256: &row.payload_digest,
            prev: &row.prev_hash,
            seq: row.seq,
            subject: &row.subject,
        };
        // Writing into a Vec cannot fail, and these plain strings always serialize.
        let _ = serde_json::to_writer(&mut jsonl, &entry);
        jsonl.push(b'\n');
        entries += 1;
        head.clone_from(&row.hash);
    })?;
    Ok(CarriedChain { entries, head, jsonl })
}

/// [`CarriedEntry`] borrowed, for writing; the same fields in the same (sorted) order.
#[derive(Serialize)]
struct CarriedEntryRef<'a> {
    action: &'a str,
    at: &'a str,
    hash: &'a str,
    payload_sha256: &'a str,
    prev: &'a str,
    seq: i64,
    subject: &'a str,
}

/// Parses `audit.jsonl` and checks that it is one unbroken chain from entry 1 that ends
/// at `head` with `entries` entries. The reason names an entry, never its content.
pub fn check(jsonl: &[u8], entries: u64, head: &str) -> Result<Vec<CarriedEntry>, String> {
    let text = std::str::from_utf8(jsonl).map_err(|_| "audit.jsonl is not UTF-8".to_owned())?;
    let mut chain = Vec::new();
    let mut prev = GENESIS.to_owned();
    for (i, line) in text.lines().enumerate() {
        let entry: CarriedEntry =
            serde_json::from_str(line).map_err(|_| format!("audit.jsonl line {} is not an entry", i + 1))?;
        if entry.seq != i as i64 + 1 {
            return Err(format!("audit.jsonl line {} is not entry {}", i + 1, i + 1));
        }
        if entry.prev != prev {
            return Err(format!("entry {} does not follow the entry before it", entry.seq));
        }
        let recomputed = entry_hash(
            entry.seq,
            &entry.at,
            &entry.action,
            &entry.subject,
            &entry.payload_sha256,
            &entry.prev,
        );
        if recomputed != entry.hash {
            return Err(format!("entry {} does not match its hash", entry.seq));
        }
        prev = entry.hash.clone();
        chain.push(entry);
    }
    if chain.len() as u64 != entries || prev != head {
        return Err("the chain does not end at the head the manifest names".into());
    }
    Ok(chain)
}

/// SHA-256 of `audit.jsonl`, as the manifest lists it.
pub fn digest(jsonl: &[u8]) -> String {
    sha256_hex(jsonl)
}

impl CarriedChain {
    /// An empty log (a bundle written without a vault, as tests and tools do).
    pub fn empty() -> CarriedChain {
        CarriedChain {
            entries: 0,
            head: GENESIS.to_owned(),
            jsonl: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{self, Action};
    use crate::secret::DatabaseKey;

    fn store_with_entries(n: usize) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            Store::create(&dir.path().join("vault.db"), &DatabaseKey::from_bytes([5; 32])).unwrap();
        for i in 0..n {
            store
                .write(|tx| {
                    audit::append(
                        tx,
                        "2026-12-04T00:00:00Z",
                        Action::Sealed,
                        &format!("id-{i}"),
                        serde_json::json!({ "n": i }),
                    )
                })
                .unwrap();
        }
        (dir, store)
    }

    #[test]
    fn an_exported_chain_checks_and_any_change_is_caught() {
        let (_dir, store) = store_with_entries(5);
        let chain = export(&store).unwrap();
        assert_eq!(chain.entries, 5);
        let entries = check(&chain.jsonl, chain.entries, &chain.head).unwrap();
        assert_eq!(entries.len(), 5);
        assert!(
            !String::from_utf8_lossy(&chain.jsonl).contains("\"n\""),
            "payloads stay home"
        );

        let text = String::from_utf8(chain.jsonl.clone()).unwrap();
        let edited = text.replacen("id-2", "id-9", 1);
        assert!(
            check(edited.as_bytes(), 5, &chain.head)
                .unwrap_err()
                .contains("entry 3")
        );
        let dropped: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
        assert!(check(dropped.as_bytes(), 4, &chain.head).is_err());
        assert!(check(&chain.jsonl, 5, GENESIS).is_err());
        let empty = export(&store_with_entries(0).1).unwrap();
        assert_eq!(check(&empty.jsonl, 0, &empty.head).unwrap().len(), 0);
    }
}
