//! Bundle exchange benchmark (issue: bundles and receipts). Run: `cargo bench --bench exchange`
//! (`FIELDVAULT_BENCH_EXPORT_N`, `FIELDVAULT_BENCH_IMPORT_N` to change sizes;
//! `FIELDVAULT_BENCH_EXPORT_ROUNDS` sets the export rounds (default 7);
//! `FIELDVAULT_BENCH_EXPORT_ONLY=1` stops after the export, for profiling;
//! `FIELDVAULT_BENCH_MEM_COUNTS=100,500,10000` sets the bundles of the memory test, in
//! interviews of 200 KB each: 10000 makes a 2 GB bundle).
//!
//! In one run on one machine:
//! - export of 10,000 interviews against the `age` CLI encrypting the same tar (goal: at
//!   least 0.8 of its throughput);
//! - headquarters import of 100,000 interviews arriving in 100 bundles (receipts applied
//!   on the laptop between bundles, as in real use);
//! - peak memory while importing bundles of growing size (goal: it does not grow with size).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use fieldvault_core::secret::Passphrase;
use fieldvault_core::vault::{Role, TrustConfirmation, Vault};

fn pass() -> Passphrase {
    Passphrase::new("benchmark passphrase 1".into())
}

fn env_n(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A field vault and a headquarters vault that trust each other.
fn pair(root: &Path) -> (Vault, Vault) {
    let mut field = Vault::create(&root.join("field"), &pass(), Role::Field, "bench laptop").unwrap();
    let mut hq = Vault::create(&root.join("hq"), &pass(), Role::Headquarters, "bench HQ").unwrap();
    // The fingerprint the other side would read out is the card's own.
    let confirmed = |vault: &Vault, card: &str| TrustConfirmation {
        safety_number: vault.trust_preview(card).unwrap().safety_number,
        accept_new_recipient: false,
    };
    let card = hq.trust_card().unwrap();
    field.trust_add(&card, &confirmed(&field, &card)).unwrap();
    let card = field.trust_card().unwrap();
    hq.trust_add(&card, &confirmed(&hq, &card)).unwrap();
    (field, hq)
}

/// Adds `n` generated interviews starting at number `first`, sealed.
fn add_sealed(
    field: &mut Vault,
    rng: &mut common::Rng,
    first: usize,
    n: usize,
    narrative_bytes: Option<usize>,
) {
    // Files stay under the 16 MiB limit of one input file.
    let per_file = narrative_bytes.map_or(1000, |b| (8_000_000 / b).max(1));
    let files: Vec<(String, Vec<u8>)> = (first..first + n)
        .collect::<Vec<_>>()
        .chunks(per_file)
        .map(|chunk| {
            let values: Vec<serde_json::Value> = chunk
                .iter()
                .map(|&i| {
                    let mut v = common::interview(i, rng);
                    if let Some(bytes) = narrative_bytes {
                        v["narrative"] = serde_json::Value::from(common::prose(rng, bytes));
                    }
                    v
                })
                .collect();
            (
                format!("batch-{}.json", chunk[0]),
                serde_json::to_vec(&values).unwrap(),
            )
        })
        .collect();
    field.add_interviews(&files).unwrap();
    field.seal_all_drafts().unwrap();
}

/// Exports, imports at HQ (timed) and applies the receipt; returns (import seconds, bundle path).
fn round_trip(field: &mut Vault, hq: &mut Vault, stick: &Path) -> (f64, PathBuf) {
    let report = field.export(stick).unwrap();
    let back = stick.join("receipts");
    std::fs::create_dir_all(&back).unwrap();
    let started = Instant::now();
    let imported = hq
        .import_bundles(std::slice::from_ref(&report.path), Some(&back))
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    field
        .import_receipt(imported[0].receipt.as_ref().unwrap())
        .unwrap();
    (secs, report.path)
}

/// Seconds `command` took; it must succeed.
fn timed(command: &mut Command) -> f64 {
    let started = Instant::now();
    let status = command.status().unwrap();
    assert!(status.success(), "{command:?} failed");
    started.elapsed().as_secs_f64()
}

/// The median of `values` (sorted in place).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let export_n = env_n("FIELDVAULT_BENCH_EXPORT_N", 10_000);
    let import_n = env_n("FIELDVAULT_BENCH_IMPORT_N", 100_000);
    let work = tempfile::tempdir().unwrap();
    let mut rng = common::Rng::new(7);
    println!("| measure | fieldvault | peer / note |");
    println!("|---|---|---|");

    // 1. Export against the age CLI on the same tar, in alternating rounds (the machine is
    //    shared: the median of several rounds, each pair a few seconds apart, is what counts).
    {
        let root = work.path().join("export");
        let stick = root.join("stick");
        std::fs::create_dir_all(&stick).unwrap();
        let (mut field, mut hq) = pair(&root);
        add_sealed(&mut field, &mut rng, 0, export_n, None);
        let rounds = env_n("FIELDVAULT_BENCH_EXPORT_ROUNDS", 7);
        // The same tar, recovered with HQ's key, is what the age CLI encrypts.
        let key = root.join("hq.key");
        hq.export_hq_key(&key).unwrap();
        let recipient = hq.identity().unwrap().age_recipient;
        let tar = root.join("bundle.tar");
        let again = root.join("again.age");
        let (mut exports, mut ages, mut safe_ages) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            let started = Instant::now();
            let report = field.export(&stick).unwrap();
            exports.push(started.elapsed().as_secs_f64());
            let decrypted = Command::new("age")
                .args([
                    "-d",
                    "-i",
                    key.to_str().unwrap(),
                    "-o",
                    tar.to_str().unwrap(),
                    report.path.to_str().unwrap(),
                ])
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            std::fs::remove_file(&report.path).unwrap();
            if !decrypted {
                println!(
                    "| export | {:.2} s | age CLI not available: install Debian's `age` |",
                    exports[0]
                );
                break;
            }
            ages.push(timed(Command::new("age").args([
                "-r",
                &recipient,
                "-o",
                again.to_str().unwrap(),
                tar.to_str().unwrap(),
            ])));
            // The same job with the export's safeguards: flush the file and its folder to
            // the medium, then read it back and hash it.
            safe_ages.push(timed(
                Command::new("sh")
                    .arg("-c")
                    .arg(r#"age -r "$1" -o "$2" "$3" && sync "$2" "$4" && sha256sum "$2" > /dev/null"#)
                    .args([
                        "sh",
                        &recipient,
                        again.to_str().unwrap(),
                        tar.to_str().unwrap(),
                        root.to_str().unwrap(),
                    ]),
            ));
        }
        if !ages.is_empty() {
            let tar_mb = std::fs::metadata(&tar).unwrap().len() as f64 / 1e6;
            let (export_secs, age_secs, safe_secs) =
                (median(&mut exports), median(&mut ages), median(&mut safe_ages));
            println!(
                "| export, {export_n} interviews ({tar_mb:.0} MB tar), median of {rounds} | {export_secs:.3} s, {:.0} MB/s | `age -r` on the same tar: {age_secs:.3} s, {:.0} MB/s; ratio **{:.2}** (goal ≥ 0.8) |",
                tar_mb / export_secs,
                tar_mb / age_secs,
                age_secs / export_secs
            );
            println!(
                "| (same rounds) | | `age -r` + `sync` of file and folder + `sha256sum` read-back: {safe_secs:.3} s, {:.0} MB/s; ratio **{:.2}** |",
                tar_mb / safe_secs,
                safe_secs / export_secs
            );
        }
    }

    if std::env::var("FIELDVAULT_BENCH_EXPORT_ONLY").is_ok() {
        return;
    }

    // 2. HQ import of import_n interviews in 100 bundles.
    {
        let root = work.path().join("import");
        std::fs::create_dir_all(root.join("stick")).unwrap();
        let (mut field, mut hq) = pair(&root);
        let per_bundle = (import_n / 100).max(1);
        let mut import_secs = 0.0;
        let mut slowest: f64 = 0.0;
        for b in 0..100 {
            add_sealed(&mut field, &mut rng, b * per_bundle, per_bundle, None);
            let (secs, path) = round_trip(&mut field, &mut hq, &root.join("stick"));
            std::fs::remove_file(path).unwrap();
            import_secs += secs;
            slowest = slowest.max(secs);
        }
        let total = per_bundle * 100;
        println!(
            "| HQ import, {total} interviews in 100 bundles | {import_secs:.1} s, {:.0} interviews/s | slowest bundle {slowest:.2} s (the archive grows to {total}) |",
            total as f64 / import_secs
        );
    }

    // 3. Peak memory of importing one bundle, for growing bundle sizes, measured on the real
    // binary in its own process (GNU time's maximum resident set size).
    let mut line = String::new();
    let pass_file = work.path().join("pass");
    std::fs::write(&pass_file, "benchmark passphrase 1\n").unwrap();
    // FIELDVAULT_BENCH_MEM_COUNTS=100,500,10000 adds a 2 GB bundle (200 KB narratives).
    let counts: Vec<usize> = std::env::var("FIELDVAULT_BENCH_MEM_COUNTS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 500, 2000]);
    for (count, narrative) in counts.into_iter().map(|c| (c, 200_000usize)) {
        let root = work.path().join(format!("mem-{count}"));
        std::fs::create_dir_all(root.join("stick")).unwrap();
        let (mut field, hq) = pair(&root);
        add_sealed(&mut field, &mut rng, 0, count, Some(narrative));
        let report = field.export(&root.join("stick")).unwrap();
        drop((field, hq));
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M %e"])
            .arg(env!("CARGO_BIN_EXE_fieldvault"))
            .arg("--vault")
            .arg(root.join("hq"))
            .arg("--passphrase-file")
            .arg(&pass_file)
            .arg("import")
            .arg(&report.path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut fields = stderr.lines().last().unwrap_or("").split_whitespace();
        let kib: f64 = fields.next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
        let secs: f64 = fields.next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
        line.push_str(&format!(
            "{:.0} MB bundle: {:.0} MiB ({secs:.1} s); ",
            report.bytes as f64 / 1e6,
            kib / 1024.0
        ));
        std::fs::remove_dir_all(&root).unwrap();
    }
    println!(
        "| peak memory of `fieldvault import`, one bundle (own process; includes Argon2id's 256 MiB at unlock) | {line} | goal: flat as the bundle grows |"
    );
}
