//! The device's audit chain as carried in every bundle (`audit.jsonl`, bundle format 2),
//! so that headquarters can tell when a laptop's log was rewritten after it had seen it.
//!
//! Each line is one entry without its payload (which may name interviews): sequence,
//! time, action, subject, the payload's digest, and the hashes that chain the entries, as
//! canonical JSON. A bundle carries the entries from the last one headquarters confirmed
//! (by a receipt for a bundle that carried it) to the newest, at most [`MAX_CARRIED`], so
//! the file stays small however long the laptop is used. Headquarters recomputes every
//! hash ([`check`]), keeps each device's entries, and flags any entry that differs from the
//! one it received before. See `docs/audit-log.md` and `docs/bundle-format.md`.

use serde::{Deserialize, Serialize};

use crate::audit::{GENESIS, entry_hash};
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

/// Most entries one bundle carries (about 45 MB); a longer stretch since the last receipt
/// is cut to its newest entries, so the log can never stop a delivery.
pub const MAX_CARRIED: u64 = 150_000;

/// The chain ready to go into a bundle.
#[derive(Debug, Clone, Default)]
pub struct CarriedChain {
    /// Sequence number of the first entry carried (1 for the whole log; 0 when empty).
    pub first: u64,
    pub entries: u64,
    /// The hash of the last entry (the genesis value for an empty log).
    pub head: String,
    /// `audit.jsonl`: one canonical JSON object per line.
    pub jsonl: Vec<u8>,
}

/// The entries of `store` from `from_seq` on (the newest [`MAX_CARRIED`] of them at most),
/// without payloads. The fields of [`CarriedEntry`] are declared in sorted order, so serde
/// writes each line in canonical form directly.
pub fn export(store: &Store, from_seq: i64) -> Result<CarriedChain, StoreError> {
    let last = store.last_audit_seq()?;
    let from_seq = from_seq.max(1).max(last - MAX_CARRIED as i64 + 1);
    let mut jsonl = Vec::new();
    let mut entries = 0;
    let mut first = 0;
    let mut head = GENESIS.to_owned();
    store.for_each_audit_entry(from_seq, |row| {
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
        if entries == 0 {
            first = row.seq as u64;
        }
        entries += 1;
        head.clone_from(&row.hash);
    })?;
    Ok(CarriedChain {
        first,
        entries,
        head,
        jsonl,
    })
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

/// Parses `audit.jsonl` and checks that it is one unbroken chain of `entries` entries from
/// entry `first` (whose own predecessor is not carried unless `first` is 1) ending at
/// `head`. The reason names an entry, never its content.
pub fn check(jsonl: &[u8], first: u64, entries: u64, head: &str) -> Result<Vec<CarriedEntry>, String> {
    let text = std::str::from_utf8(jsonl).map_err(|_| "audit.jsonl is not UTF-8".to_owned())?;
    let mut chain: Vec<CarriedEntry> = Vec::new();
    let mut prev = GENESIS.to_owned();
    for (i, line) in text.lines().enumerate() {
        let entry: CarriedEntry =
            serde_json::from_str(line).map_err(|_| format!("audit.jsonl line {} is not an entry", i + 1))?;
        let expected = first as i64 + i as i64;
        if entry.seq != expected {
            return Err(format!("audit.jsonl line {} is not entry {expected}", i + 1));
        }
        if (i > 0 || entry.seq == 1) && entry.prev != prev {
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

impl CarriedChain {
    /// An empty log (a bundle written without a vault, as tests and tools do).
    pub fn empty() -> CarriedChain {
        CarriedChain {
            first: 0,
            entries: 0,
            head: GENESIS.to_owned(),
            jsonl: Vec::new(),
        }
    }
}

/// Audit logs made on the spot, for the tests here and in `hq`.
#[cfg(test)]
pub(crate) mod testing {
    use super::{CarriedChain, export};
    use crate::audit::{self, Action};
    use crate::secret::DatabaseKey;
    use crate::store::Store;

    /// A database whose audit log has one entry per subject (payload `{"note": subject}`).
    pub(crate) fn log_store(subjects: &[&str]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(&dir.path().join("log.db"), &DatabaseKey::from_bytes([9; 32])).unwrap();
        for subject in subjects {
            store
                .write(|tx| {
                    audit::append(
                        tx,
                        "2026-12-04T00:00:00Z",
                        Action::Sealed,
                        subject,
                        serde_json::json!({ "note": subject }),
                    )
                })
                .unwrap();
        }
        (dir, store)
    }

    /// Such a log as a bundle carries it, from entry `from`.
    pub(crate) fn chain_of(subjects: &[&str], from: i64) -> CarriedChain {
        export(&log_store(subjects).1, from).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_entries(n: usize) -> (tempfile::TempDir, Store) {
        let subjects: Vec<String> = (0..n).map(|i| format!("id-{i}")).collect();
        testing::log_store(&subjects.iter().map(String::as_str).collect::<Vec<_>>())
    }

    #[test]
    fn an_exported_chain_checks_and_any_change_is_caught() {
        let (_dir, store) = store_with_entries(5);
        let chain = export(&store, 1).unwrap();
        assert_eq!((chain.first, chain.entries), (1, 5));
        let entries = check(&chain.jsonl, 1, chain.entries, &chain.head).unwrap();
        assert_eq!(entries.len(), 5);
        let text = String::from_utf8(chain.jsonl.clone()).unwrap();
        assert!(!text.contains("\"note\""), "payloads stay home");
        // Each line is in canonical form (keys sorted, compact).
        for line in text.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(crate::domain::canonical::to_canonical_string(&value), line);
        }
        let edited = text.replacen("id-2", "id-9", 1);
        let error = check(edited.as_bytes(), 1, 5, &chain.head).unwrap_err();
        assert!(error.contains("entry 3"), "{error}");
        let dropped: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
        assert!(check(dropped.as_bytes(), 1, 4, &chain.head).is_err());
        assert!(check(&chain.jsonl, 1, 5, GENESIS).is_err());
        // A stretch from entry 3 on is a chain too.
        let tail = export(&store, 3).unwrap();
        assert_eq!((tail.first, tail.entries), (3, 3));
        assert_eq!(check(&tail.jsonl, 3, 3, &tail.head).unwrap().len(), 3);
        let empty = export(&store_with_entries(0).1, 1).unwrap();
        assert_eq!(check(&empty.jsonl, 0, 0, &empty.head).unwrap().len(), 0);
    }
}
