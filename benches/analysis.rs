//! Headquarters analysis benchmark (#18). Run: `cargo bench --bench analysis`
//! (`FIELDVAULT_BENCH_N` sets the archive, default 100,000 interviews, delivered in 100
//! bundles from one laptop).
//!
//! In one run on one machine:
//! - `stats` by incident kind × year (goal: under 1 s);
//! - filtered lists (`review list`'s query) with assorted filters: p50 and p99 (goal: p99
//!   under 100 ms);
//! - `analysis export` to CSV against `sqlite3 -csv` writing the same rows and columns
//!   from a plain (unencrypted) SQLite table (goal: at least 0.5× its throughput).

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use fieldvault_core::secret::Passphrase;
use fieldvault_core::vault::{Dimension, ExportFormat, Filter, Role, TrustConfirmation, Vault};

fn pass() -> Passphrase {
    Passphrase::new("benchmark passphrase 1".into())
}

/// A headquarters vault holding `n` generated interviews, delivered in 100 bundles.
fn archive(root: &Path, n: usize, rng: &mut common::Rng) {
    let mut field = Vault::create(&root.join("field"), &pass(), Role::Field, "bench laptop").unwrap();
    let mut hq = Vault::create(&root.join("hq"), &pass(), Role::Headquarters, "bench HQ").unwrap();
    let confirmed = |vault: &Vault, card: &str| TrustConfirmation {
        safety_number: vault.trust_preview(card).unwrap().safety_number,
        accept_new_recipient: false,
    };
    let card = hq.trust_card().unwrap();
    field.trust_add(&card, &confirmed(&field, &card)).unwrap();
    let card = field.trust_card().unwrap();
    hq.trust_add(&card, &confirmed(&hq, &card)).unwrap();
    let stick = root.join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let per_bundle = (n / 100).max(1);
    for b in 0..100 {
        let files: Vec<(String, Vec<u8>)> = (b * per_bundle..(b + 1) * per_bundle)
            .collect::<Vec<_>>()
            .chunks(1000)
            .map(|chunk| {
                let values: Vec<serde_json::Value> =
                    chunk.iter().map(|&i| common::interview(i, rng)).collect();
                (
                    format!("batch-{}.json", chunk[0]),
                    serde_json::to_vec(&values).unwrap(),
                )
            })
            .collect();
        field.add_interviews(&files).unwrap();
        field.seal_all_drafts().unwrap();
        let report = field.export(&stick).unwrap();
        let imported = hq
            .import_bundles(std::slice::from_ref(&report.path), Some(&stick))
            .unwrap();
        field
            .import_receipt(imported[0].receipt.as_ref().unwrap())
            .unwrap();
        std::fs::remove_file(&report.path).unwrap();
    }
}

fn main() {
    let n = common::env_n("FIELDVAULT_BENCH_N", 100_000);
    let work = tempfile::tempdir().unwrap();
    let root = work.path();
    let mut rng = common::Rng::new(18);
    println!(
        "fieldvault analysis benchmark: {n} interviews; {} cores, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or("?")
    );
    let started = Instant::now();
    archive(root, n, &mut rng);
    println!("archive built in {:.0} s", started.elapsed().as_secs_f64());
    let hq = Vault::unlock(&root.join("hq"), &pass()).unwrap();

    // 1. stats by kind × year.
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let stats = hq.stats(&[Dimension::Kind, Dimension::Year]).unwrap();
        times.push(started.elapsed().as_secs_f64());
        rows = stats.rows.len();
        assert!(stats.total_incidents > n as u64);
    }
    println!(
        "stats --by kind,year: median {:.3} s over 5 runs ({rows} rows; goal under 1 s)",
        common::median_of(times)
    );

    // 2. Filtered lists.
    const KINDS: [&str; 4] = [
        "trafficking",
        "forced_repatriation",
        "arbitrary_detention",
        "forced_abortion",
    ];
    const FACILITIES: [&str; 3] = ["kyohwaso", "jipkyulso", "detention_centre"];
    let mut times = Vec::new();
    let mut found = 0;
    for q in 0..200 {
        let year = 2005 + q % 18;
        let filter = match q % 4 {
            0 => Filter {
                kind: Some(KINDS[q % KINDS.len()].into()),
                from: Some(year.to_string()),
                to: Some(year.to_string()),
                ..Filter::default()
            },
            1 => Filter {
                country: Some(if q % 8 == 1 { "CN" } else { "KP" }.into()),
                facility_type: Some(FACILITIES[q % 3].into()),
                ..Filter::default()
            },
            2 => Filter {
                status: Some("new".into()),
                kind: Some(KINDS[(q / 4) % KINDS.len()].into()),
                country: Some("CN".into()),
                from: Some(format!("{year}-03")),
                to: Some(format!("{}", year + 2)),
                ..Filter::default()
            },
            _ => Filter {
                perpetrator: Some("unknown".into()),
                facility_type: Some(FACILITIES[q % 3].into()),
                from: Some(year.to_string()),
                ..Filter::default()
            },
        };
        let started = Instant::now();
        found += hq.find(&filter).unwrap().len();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "filtered list, 200 queries: p50 {:.1} ms, p99 {:.1} ms (goal p99 under 100 ms); {} interviews found per query on average",
        common::percentile(&times, 0.50),
        common::percentile(&times, 0.99),
        found / 200
    );

    // 3. analysis export against sqlite3 -csv of the same rows from a plain table.
    // Each side three times (a fresh folder each time), the medians compared: one run on a
    // shared machine is too noisy for a ratio.
    let mut our_times = Vec::new();
    let mut written = None;
    for run in 1..=3 {
        let out = root.join(format!("export-{run}"));
        std::fs::create_dir_all(&out).unwrap();
        let started = Instant::now();
        written = Some(hq.analysis_export(&out, ExportFormat::Csv, false).unwrap());
        our_times.push(started.elapsed().as_secs_f64());
    }
    let written = written.unwrap();
    let ours = common::median_of(our_times);
    let bytes = std::fs::metadata(&written.interviews_file).unwrap().len()
        + std::fs::metadata(&written.incidents_file).unwrap().len();
    let plain = root.join("plain.sqlite");
    {
        let db = rusqlite::Connection::open(&plain).unwrap();
        for (table, file) in [
            ("interviews", &written.interviews_file),
            ("incidents", &written.incidents_file),
        ] {
            let mut reader = csv::Reader::from_path(file).unwrap();
            let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
            db.execute_batch(&format!(
                "CREATE TABLE {table} ({});",
                header
                    .iter()
                    .map(|h| format!("\"{h}\" TEXT"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .unwrap();
            let tx = db.unchecked_transaction().unwrap();
            {
                let marks = vec!["?"; header.len()].join(", ");
                let mut insert = tx
                    .prepare(&format!("INSERT INTO {table} VALUES ({marks})"))
                    .unwrap();
                for record in reader.records() {
                    let record = record.unwrap();
                    insert.execute(rusqlite::params_from_iter(record.iter())).unwrap();
                }
            }
            tx.commit().unwrap();
        }
    }
    let mut peer_times = Vec::new();
    for run in 1..=3 {
        let peer_out = root.join(format!("peer-{run}"));
        std::fs::create_dir_all(&peer_out).unwrap();
        let started = Instant::now();
        for table in ["interviews", "incidents"] {
            let status = Command::new("sh")
                .arg("-c")
                .arg(r#"sqlite3 -csv -header "$1" "SELECT * FROM $2" > "$3" && sync "$3""#)
                .args([
                    "sh",
                    plain.to_str().unwrap(),
                    table,
                    peer_out.join(format!("{table}.csv")).to_str().unwrap(),
                ])
                .status()
                .expect("sqlite3 runs (Debian: apt-get install sqlite3)");
            assert!(status.success());
        }
        peer_times.push(started.elapsed().as_secs_f64());
    }
    let peer = common::median_of(peer_times);
    println!(
        "analysis export (CSV, {} interviews, {} incidents, {:.0} MB): {ours:.2} s, {:.0} MB/s; sqlite3 -csv of the same rows from a plain table, then sync: {peer:.2} s (medians of 3); ratio {:.2} (goal at least 0.5)",
        written.interviews,
        written.incidents,
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / ours,
        peer / ours
    );
}
