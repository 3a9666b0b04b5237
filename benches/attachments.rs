//! Attachment benchmark (#17). Run: `cargo bench --bench attachments`
//! (`FIELDVAULT_BENCH_ATTACH_MIB` sets the file, default 1024).
//!
//! In one run on one machine:
//! - `attach add` of a large file (read, SHA-256, chunked ChaCha20-Poly1305, `fsync`,
//!   recorded in the database) against the `age` CLI encrypting the same file to an X25519
//!   recipient, bare and followed by `sync` of its output (goal: at least 0.8× age's
//!   throughput);
//! - the process's peak memory after the unlock while adding and exporting that file,
//!   and while a bundle carrying it is exported and imported at headquarters (goal: under
//!   100 MB, not growing with the size), with the times of that export and import.

mod common;

use std::process::Command;
use std::time::Instant;

use fieldvault_core::secret::Passphrase;
use fieldvault_core::vault::{Flow, Role, TrustConfirmation, Vault};

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap() / 1024.0
}

fn main() {
    let mib = common::env_n("FIELDVAULT_BENCH_ATTACH_MIB", 1024);
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let pass = Passphrase::new("benchmark passphrase 1".into());
    let mut vault = Vault::create(&root.join("vault"), &pass, Role::Field, "bench laptop").unwrap();
    let mut hq = Vault::create(&root.join("hq"), &pass, Role::Headquarters, "bench HQ").unwrap();
    let confirmed = |vault: &Vault, card: &str| TrustConfirmation {
        safety_number: vault.trust_preview(card).unwrap().safety_number,
        accept_new_recipient: false,
    };
    let card = hq.trust_card().unwrap();
    vault.trust_add(&card, &confirmed(&vault, &card)).unwrap();
    let card = vault.trust_card().unwrap();
    hq.trust_add(&card, &confirmed(&hq, &card)).unwrap();
    let mut rng = common::Rng::new(7);
    let mut record = common::interview(1, &mut rng);
    record["consent"]["recording"] = serde_json::Value::Bool(true);
    let code = record["code"].as_str().unwrap().to_owned();
    vault
        .add_interviews(&[("one.json".into(), serde_json::to_vec(&record).unwrap())])
        .unwrap();
    let file = root.join("recording.bin");
    common::random_file(&file, mib, 0x2545_f491_4f6c_dd1d);
    let have_age = Command::new("age").arg("--version").output().is_ok();
    let recipient = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    println!(
        "fieldvault attachment benchmark: {mib} MiB file; {} cores, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or("?")
    );
    // Unlocking peaks at Argon2id's 256 MiB; the high-water mark starts again here.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let (mut ours, mut age_bare, mut age_synced) = (Vec::new(), Vec::new(), Vec::new());
    let mut last_id = String::new();
    for round in 0..3 {
        let started = Instant::now();
        let report = vault.attach_add(&code, &file, false).unwrap();
        ours.push(started.elapsed().as_secs_f64());
        if round < 2 {
            vault.attach_remove(&code, &report.attachment.id).unwrap();
        } else {
            last_id = report.attachment.id;
        }
        if have_age {
            // The same encryption by `age -r`, bare and made durable with `sync`.
            let out = root.join(format!("age-{round}.age"));
            for (times, durable) in [(&mut age_bare, false), (&mut age_synced, true)] {
                let started = Instant::now();
                let status = Command::new("age")
                    .args(["-r", recipient, "-o"])
                    .arg(&out)
                    .arg(&file)
                    .status()
                    .unwrap();
                assert!(status.success());
                if durable {
                    assert!(
                        Command::new("sync")
                            .arg(&out)
                            .arg(root)
                            .status()
                            .unwrap()
                            .success()
                    );
                }
                times.push(started.elapsed().as_secs_f64());
                let _ = std::fs::remove_file(&out);
            }
        }
    }
    let peak_adding = peak_rss_mib();
    let ours = common::median_of(ours);
    let rate = |s: f64| mib as f64 / s;
    println!(
        "\n`attach add` (median of 3): {ours:.2} s, {:.0} MiB/s",
        rate(ours)
    );
    if have_age {
        let (bare, synced) = (common::median_of(age_bare), common::median_of(age_synced));
        println!(
            "`age -r` of the same file: {bare:.2} s, {:.0} MiB/s; fieldvault/age throughput {:.2}",
            rate(bare),
            bare / ours
        );
        println!(
            "`age -r` then `sync` of its output (durable, as attach add is): {synced:.2} s, {:.0} MiB/s; fieldvault/that {:.2}",
            rate(synced),
            synced / ours
        );
    } else {
        println!("age: skipped (not installed)");
    }
    let out = root.join("exported.bin");
    let started = Instant::now();
    vault.attach_export(&code, &last_id, &out).unwrap();
    let export = started.elapsed().as_secs_f64();
    println!(
        "`attach export` (decrypt, check SHA-256, fsync): {export:.2} s, {:.0} MiB/s",
        rate(export)
    );
    let peak_exporting = peak_rss_mib();

    // A bundle carrying it: exported on the laptop, imported at headquarters.
    vault.seal(std::slice::from_ref(&code)).unwrap();
    let stick = root.join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let started = Instant::now();
    let exported = vault.export(&stick).unwrap();
    let bundle_export = started.elapsed().as_secs_f64();
    let peak_bundle_export = peak_rss_mib();
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let started = Instant::now();
    let imported = hq
        .import_bundles_reporting(std::slice::from_ref(&exported.path), None, |_| Flow::Continue)
        .unwrap();
    let bundle_import = started.elapsed().as_secs_f64();
    let peak_bundle_import = peak_rss_mib();
    assert!(
        imported.results.iter().all(|(_, r)| r.is_ok()),
        "the import failed"
    );
    let bundle_mib = std::fs::metadata(&exported.path).unwrap().len() as f64 / (1u64 << 20) as f64;
    println!(
        "bundle carrying it ({bundle_mib:.0} MiB): export (decrypt, sign, age-encrypt, write, flush, read back) {bundle_export:.2} s, {:.0} MiB/s; \
         headquarters import (decrypt, check, store encrypted) {bundle_import:.2} s, {:.0} MiB/s",
        rate(bundle_export),
        rate(bundle_import)
    );
    if reset {
        println!(
            "peak memory after the unlock: {peak_adding:.0} MiB while adding, {peak_exporting:.0} MiB after `attach export` too; \
             {peak_bundle_export:.0} MiB exporting the bundle, {peak_bundle_import:.0} MiB importing it"
        );
    } else {
        println!("peak memory: not measured (/proc/self/clear_refs not writable)");
    }
}
