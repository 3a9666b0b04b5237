//! Vault core benchmark (issue: vault core). Run: `cargo bench --bench vault`
//! (`FIELDVAULT_BENCH_N=10000` for a quicker run).
//!
//! Measures, in one run on one machine: bulk import of N generated interviews through the
//! `Vault` façade against a plain rusqlite + SQLCipher loop inserting the same rows;
//! search latency (p50/p99) in English and Korean; unlock time with the default Argon2id
//! parameters; vault size per interview; and search with `cipher_memory_security` on.

mod common;

use std::time::Instant;

use fieldvault_core::secret::Passphrase;
use fieldvault_core::vault::{Role, Vault};
use rusqlite::params;

const EN_QUERIES: &[&str] = &[
    "checkpoint",
    "Yanji",
    "interrogation",
    "detention centre",
    "pregnant",
    "missionary church",
    "Dandong phone",
    "G07-000107",
    "repatriated winter",
    "smuggler",
    "Changbai",
    "hunger fear",
];
const KO_QUERIES: &[&str] = &[
    "보위부",
    "구류장",
    "북송",
    "교화소",
    "혜산",
    "강제로 낙태",
    "선교사",
    "장백",
    "노동단련대",
    "검문소",
    "호구",
    "단둥",
];

fn main() {
    let n: usize = std::env::var("FIELDVAULT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let work = tempfile::tempdir().expect("temp dir");
    println!("Generating {n} interviews…");
    let mut rng = common::Rng::new(42);
    let interviews: Vec<serde_json::Value> = (0..n).map(|i| common::interview(i, &mut rng)).collect();
    let files: Vec<(String, Vec<u8>)> = interviews
        .chunks(1000)
        .enumerate()
        .map(|(i, chunk)| (format!("batch-{i}.json"), serde_json::to_vec(chunk).unwrap()))
        .collect();
    let input_bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    // Baseline: the same rows inserted by a plain loop into SQLCipher, same pragmas.
    let baseline_path = work.path().join("baseline.db");
    let baseline_secs = {
        let conn = rusqlite::Connection::open(&baseline_path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'{}'\";",
            "ab".repeat(32)
        ))
        .unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;
             PRAGMA temp_store = MEMORY; CREATE TABLE t(id TEXT PRIMARY KEY, code TEXT UNIQUE, content TEXT);",
        )
        .unwrap();
        let started = Instant::now();
        let mut conn = conn;
        let tx = conn.transaction().unwrap();
        {
            let mut stmt = tx.prepare("INSERT INTO t VALUES (?1, ?2, ?3)").unwrap();
            for (i, value) in interviews.iter().enumerate() {
                stmt.execute(params![
                    format!("{i:032x}"),
                    value["code"].as_str(),
                    value.to_string()
                ])
                .unwrap();
            }
        }
        tx.commit().unwrap();
        started.elapsed().as_secs_f64()
    };
    let baseline_size = dir_size(work.path(), "baseline.db");

    // Second peer: the same plain loop doing the same indexing work (the rows plus the same
    // pre-tokenized full-text rows), so the façade's own overhead shows.
    let vocabulary = fieldvault_core::domain::Vocabulary::default();
    let prepared: Vec<(String, String, String)> = interviews
        .iter()
        .map(|v| {
            let record =
                fieldvault_core::domain::InterviewRecord::from_value(v.clone(), &vocabulary).unwrap();
            let text = fieldvault_core::testing::store::search_tokens(&record.search_fields());
            (record.code().to_owned(), record.canonical_json(), text)
        })
        .collect();
    let indexed_secs = {
        let mut conn = rusqlite::Connection::open(work.path().join("indexed.db")).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'{}'\";",
            "cd".repeat(32)
        ))
        .unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;
             PRAGMA temp_store = MEMORY; CREATE TABLE t(id TEXT PRIMARY KEY, code TEXT UNIQUE, content TEXT);
             CREATE VIRTUAL TABLE f USING fts5(text, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');",
        )
        .unwrap();
        let started = Instant::now();
        let tx = conn.transaction().unwrap();
        {
            let mut rows = tx.prepare("INSERT INTO t VALUES (?1, ?2, ?3)").unwrap();
            let mut fts = tx.prepare("INSERT INTO f(rowid, text) VALUES (?1, ?2)").unwrap();
            for (i, (code, content, text)) in prepared.iter().enumerate() {
                rows.execute(params![format!("{i:032x}"), code, content]).unwrap();
                fts.execute(params![i as i64 + 1, text]).unwrap();
            }
        }
        tx.commit().unwrap();
        started.elapsed().as_secs_f64()
    };
    drop(prepared);

    let dir = work.path().join("vault");
    let pass = || Passphrase::new("benchmark passphrase 1".into());
    let mut vault = Vault::create(&dir, &pass(), Role::Field, "benchmark").unwrap();
    let started = Instant::now();
    let added = vault.add_interviews(&files).unwrap();
    let import_secs = started.elapsed().as_secs_f64();
    assert_eq!(added.len(), n);
    drop(vault);
    if std::env::var("FIELDVAULT_BENCH_IMPORT_ONLY").is_ok() {
        println!(
            "import: {import_secs:.2} s, baseline {baseline_secs:.2} s, same indexing {indexed_secs:.2} s"
        );
        return;
    }

    let mut unlock_times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let v = Vault::unlock(&dir, &pass()).unwrap();
        unlock_times.push(started.elapsed().as_secs_f64());
        drop(v);
    }
    unlock_times.sort_by(f64::total_cmp);
    let mut vault = Vault::unlock(&dir, &pass()).unwrap();
    let vault_size = dir_size(&dir, "vault.db");

    let measure = |vault: &Vault, queries: &[&str]| -> (f64, f64, f64) {
        let mut times = Vec::new();
        let mut hits = 0usize;
        for round in 0..25 {
            for q in queries {
                let started = Instant::now();
                let found = vault.search(q, 20).unwrap();
                times.push(started.elapsed().as_secs_f64() * 1000.0);
                if round == 0 {
                    hits += found.len();
                }
            }
        }
        times.sort_by(f64::total_cmp);
        (
            common::percentile(&times, 50.0),
            common::percentile(&times, 99.0),
            hits as f64 / queries.len() as f64,
        )
    };
    let (en50, en99, en_hits) = measure(&vault, EN_QUERIES);
    let (ko50, ko99, ko_hits) = measure(&vault, KO_QUERIES);
    vault.set_cipher_memory_security(true).unwrap();
    let (mem_en50, mem_en99, _) = measure(&vault, EN_QUERIES);
    let (mem_ko50, mem_ko99, _) = measure(&vault, KO_QUERIES);

    let rate = n as f64 / import_secs;
    let baseline_rate = n as f64 / baseline_secs;
    println!();
    println!("| measure | fieldvault | peer / note |");
    println!("|---|---|---|");
    println!(
        "| bulk import, {n} interviews ({:.0} MB JSON) | {:.1} s, {rate:.0}/s | plain rusqlite+SQLCipher loop inserting the same rows: {baseline_secs:.1} s, {baseline_rate:.0}/s; ratio **{:.2}** (goal ≥ 0.5) |",
        input_bytes as f64 / 1e6,
        import_secs,
        rate / baseline_rate
    );
    println!(
        "| bulk import vs a plain loop doing the same indexing | | plain loop, rows + the same full-text rows (tokens precomputed, untimed): {indexed_secs:.1} s; ratio **{:.2}** |",
        indexed_secs / import_secs
    );
    println!(
        "| search, English, 20 newest | p50 {en50:.2} ms, p99 {en99:.2} ms | {en_hits:.1} hits/query (goal p50 < 20, p99 < 100) |"
    );
    println!("| search, Korean, 20 newest | p50 {ko50:.2} ms, p99 {ko99:.2} ms | {ko_hits:.1} hits/query |");
    println!(
        "| search with cipher_memory_security = ON | en p50 {mem_en50:.2} / p99 {mem_en99:.2} ms; ko p50 {mem_ko50:.2} / p99 {mem_ko99:.2} ms | ON/OFF p50 ratio: en {:.1}×, ko {:.1}× |",
        mem_en50 / en50,
        mem_ko50 / ko50
    );
    println!(
        "| unlock (Argon2id default params + open) | median {:.2} s (min {:.2}, max {:.2}) | goal 0.5–1 s |",
        unlock_times[2], unlock_times[0], unlock_times[4]
    );
    println!(
        "| vault size | {:.0} MB, {:.1} KB/interview | baseline rows only: {:.1} KB/interview |",
        vault_size as f64 / 1e6,
        vault_size as f64 / n as f64 / 1024.0,
        baseline_size as f64 / n as f64 / 1024.0
    );
}

/// Bytes of a database file and its WAL.
fn dir_size(dir: &std::path::Path, db: &str) -> u64 {
    [db.to_owned(), format!("{db}-wal")]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum()
}
