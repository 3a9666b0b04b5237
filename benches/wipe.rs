//! Wipe benchmark. Run: `cargo bench --bench wipe`
//! (`FIELDVAULT_WIPE_BENCH_MIB=256` for a smaller file, `FIELDVAULT_WIPE_BENCH_ROUNDS=5` for
//! more rounds, `FIELDVAULT_WIPE_BENCH_DIR=/media/stick` to measure another file system).
//!
//! In one run, on one file system: `wipe_file` against `shred -n 1` on the same size of file
//! (freshly written and synced before each timing; rounds alternate which goes first; the
//! median is reported), and `destroy_vault_dir` on a fake vault folder whose database is that
//! size: time until the key is destroyed, and in total. Prints a markdown table.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use fieldvault_core::testing::disk::{destroy_vault_dir, wipe_file};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Writes `mib` MiB of non-zero data and syncs it, so every block is really allocated.
fn make_file(path: &Path, mib: u64) {
    let chunk: Vec<u8> = (0..1u32 << 20).map(|i| (i % 251) as u8 + 1).collect();
    let mut f = File::create(path).unwrap();
    for _ in 0..mib {
        f.write_all(&chunk).unwrap();
    }
    f.sync_all().unwrap();
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time_ours(path: &Path, mib: u64) -> f64 {
    make_file(path, mib);
    let t = Instant::now();
    let r = wipe_file(path).unwrap();
    let s = t.elapsed().as_secs_f64();
    assert!(r.unlinked && r.overwritten);
    s
}

fn time_shred(path: &Path, mib: u64) -> f64 {
    make_file(path, mib);
    let t = Instant::now();
    // One random pass; shred fdatasyncs after each pass. No -u: it does not unlink.
    let ok = Command::new("shred")
        .arg("-n")
        .arg("1")
        .arg(path)
        .status()
        .unwrap()
        .success();
    let s = t.elapsed().as_secs_f64();
    assert!(ok, "shred failed");
    fs::remove_file(path).unwrap();
    s
}

fn sh(cmd: &str) -> String {
    Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn main() {
    let mib = env_num("FIELDVAULT_WIPE_BENCH_MIB", 1024);
    let rounds = env_num("FIELDVAULT_WIPE_BENCH_ROUNDS", 3).max(1);
    let base = std::env::var_os("FIELDVAULT_WIPE_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
    let dir = tempfile::tempdir_in(&base).unwrap();
    let mb = mib as f64 * 1.048_576;

    let file = dir.path().join("bench.bin");
    let (mut ours, mut shred) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        if round % 2 == 0 {
            ours.push(time_ours(&file, mib));
            shred.push(time_shred(&file, mib));
        } else {
            shred.push(time_shred(&file, mib));
            ours.push(time_ours(&file, mib));
        }
    }
    let (ours_s, shred_s) = (median(ours.clone()), median(shred.clone()));

    let mut key_ms = Vec::new();
    let mut total_s = Vec::new();
    for _ in 0..rounds {
        let vault = dir.path().join("vault");
        fs::create_dir(&vault).unwrap();
        fs::write(vault.join("vault.header"), [b'h'; 1024]).unwrap();
        make_file(&vault.join("vault.db"), mib);
        make_file(&vault.join("vault.db-wal"), 4);
        fs::write(vault.join("vault.db-shm"), vec![1u8; 32 << 10]).unwrap();
        let t = Instant::now();
        let r = destroy_vault_dir(&vault, "vault.header").unwrap();
        total_s.push(t.elapsed().as_secs_f64());
        assert!(r.key_destroyed && r.folder_removed, "{:?}", r.problems);
        key_ms.push(r.key_destroyed_after_ms);
    }

    println!("## Wipe benchmark ({mib} MiB, median of {rounds} rounds)\n");
    println!(
        "Machine: {} × {}",
        sh("nproc"),
        sh("lscpu | sed -n 's/^Model name: *//p'")
    );
    println!(
        "File system: {} ({})\n",
        sh(&format!("findmnt -n -o FSTYPE -T {}", base.display())),
        base.display()
    );
    println!("| operation | time | throughput | goal |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| `wipe_file` (1 random pass, fsync, truncate, rename, unlink, folder fsyncs) | {ours_s:.2} s | {:.0} MB/s | |",
        mb / ours_s
    );
    println!(
        "| `shred -n 1` (1 random pass, fdatasync; does not unlink) | {shred_s:.2} s | {:.0} MB/s | |",
        mb / shred_s
    );
    println!(
        "| ratio wipe_file / shred throughput | | **{:.2}×** | ≥ 0.9× |",
        shred_s / ours_s
    );
    println!(
        "| `destroy_vault_dir`: key destroyed (header overwritten + fsync) | {:.1} ms | | < 1 s |",
        median(key_ms.clone())
    );
    println!(
        "| `destroy_vault_dir`: total ({mib} MiB database + 4 MiB WAL + SHM) | {:.2} s | {:.0} MB/s | |",
        median(total_s.clone()),
        (mb + 4.2) / median(total_s.clone())
    );
    println!(
        "\nAll rounds (s): wipe_file {ours:.2?}, shred {shred:.2?}, destroy {total_s:.2?}; key ms {key_ms:.1?}"
    );
}
