//! Support for `tests/crash.rs`: a seeded random number generator, cheap-to-unlock test
//! vaults, copying vault folders, and running the real binary until a random moment at
//! which it is killed with SIGKILL.
#![allow(dead_code)]

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fieldvault_core::secret::Passphrase;
use fieldvault_core::testing::crypto::header::{KdfParams, VaultHeader};
use fieldvault_core::vault::Vault;

use crate::common::PASSPHRASE;

/// Kills per operation: `FIELDVAULT_CRASH_KILLS`, or a handful for `cargo test`.
pub fn kills() -> usize {
    std::env::var("FIELDVAULT_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
}

/// The seed: `FIELDVAULT_CRASH_SEED`, or one drawn from the clock (printed, so that a
/// failure can be replayed with the same seed).
pub fn seed() -> u64 {
    std::env::var("FIELDVAULT_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
}

/// SplitMix64: small, seeded and good enough to spread kill moments.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A delay drawn uniformly from `0..=max`, in microseconds.
    pub fn delay(&mut self, max: Duration) -> Duration {
        let micros = max.as_micros().max(1) as u64;
        Duration::from_micros(self.next_u64() % (micros + 1))
    }
}

/// What a failure message needs to be replayed: the operation, the seed, the trial and
/// the kill moment.
#[derive(Clone)]
pub struct Trial {
    pub op: &'static str,
    pub seed: u64,
    pub index: usize,
    pub delay: Duration,
    pub outcome: String,
}

impl fmt::Display for Trial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{} kill {} at {:?}, {}; replay with FIELDVAULT_CRASH_SEED={} FIELDVAULT_CRASH_KILLS={}]",
            self.op,
            self.index,
            self.delay,
            self.outcome,
            self.seed,
            kills()
        )
    }
}

/// How a killed run ended.
#[derive(Debug)]
pub enum Outcome {
    /// SIGKILL arrived while the command ran.
    Killed,
    /// The command finished before the kill; its exit code and output.
    Exited {
        code: i32,
        stdout: String,
        stderr: String,
    },
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        matches!(self, Outcome::Exited { code: 0, .. })
    }

    pub fn describe(&self) -> String {
        match self {
            Outcome::Killed => "killed mid-run".into(),
            Outcome::Exited { code, stderr, .. } => {
                format!("finished first with exit {code} {}", stderr.trim())
            }
        }
    }
}

/// Runs `cmd` and sends SIGKILL after `delay` (`Child::kill` is SIGKILL on Unix).
pub fn run_and_kill(mut cmd: Command, delay: Duration) -> Outcome {
    keep_cheap_kdf(&mut cmd);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn fieldvault");
    std::thread::sleep(delay);
    let _ = child.kill();
    let output = child.wait_with_output().expect("wait for fieldvault");
    match output.status.code() {
        None => Outcome::Killed,
        Some(code) => Outcome::Exited {
            code,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        },
    }
}

/// Runs `cmd` to the end and returns (exit code, stdout, stderr, wall time).
pub fn run_timed(mut cmd: Command) -> (i32, String, String, Duration) {
    keep_cheap_kdf(&mut cmd);
    let start = Instant::now();
    let output = cmd.stdin(Stdio::null()).output().expect("run fieldvault");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        start.elapsed(),
    )
}

/// Argon2id at its smallest accepted setting (8 MiB, one pass): about 10 ms instead of
/// 0.7 s per command, so that hundreds of kills fit in minutes.
pub const CHEAP_KDF: KdfParams = KdfParams {
    memory_kib: KdfParams::MIN_MEMORY_KIB,
    iterations: 1,
    parallelism: 1,
};

/// Re-wraps a vault's key in a header with [`CHEAP_KDF`]. The header records its own KDF
/// parameters and the library accepts any within the documented bounds, so this needs no
/// test-only code path in fieldvault: it is what a header written with other parameters
/// looks like. Key rotations (`wipe delivered`) keep the parameters of the header.
pub fn cheapen_kdf(vault: &Path) {
    let path = vault.join("vault.header");
    let header = VaultHeader::parse(&fs::read(&path).unwrap()).unwrap();
    let pass = Passphrase::new(PASSPHRASE.into());
    let keys = header.unlock(&pass).unwrap();
    let cheap = VaultHeader::create(&pass, keys.current(), CHEAP_KDF).unwrap();
    fs::write(&path, cheap.to_bytes()).unwrap();
}

/// The vaults here have a cheap header on purpose (see `cheapen_kdf`): the binary must not
/// strengthen it at the first unlock, or every later run would take Argon2's full time.
fn keep_cheap_kdf(cmd: &mut Command) {
    cmd.env("FIELDVAULT_KEEP_WEAK_KDF", "1");
}

/// Opens a vault in this process (what every command does first).
pub fn unlock(vault: &Path) -> Result<Vault, String> {
    Vault::unlock(vault, &Passphrase::new(PASSPHRASE.into())).map_err(|e| e.to_string())
}

/// Copies a folder tree (vault folders are small and flat).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Files in `dir` under a final name (not a hidden temporary one), sorted.
pub fn final_names(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    out.sort();
    out
}

/// Hidden temporary files (`.NAME.partial`, `NAME.tmp-…`) left in `dir`.
pub fn leftovers(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name().to_string_lossy().into_owned();
            name.starts_with('.') || name.contains(".tmp-")
        })
        .count()
}

/// Running totals printed at the end of each operation's test, for docs/reliability.md.
#[derive(Default, Debug)]
pub struct Tally {
    pub killed: usize,
    pub finished_first: usize,
    pub leftovers: usize,
}

impl Tally {
    /// Counts one run; every 50 runs prints progress, so that a long run that is cut short
    /// still says how far it got.
    pub fn count(&mut self, op: &str, outcome: &Outcome) {
        match outcome {
            Outcome::Killed => self.killed += 1,
            Outcome::Exited { .. } => self.finished_first += 1,
        }
        let runs = self.killed + self.finished_first;
        if runs.is_multiple_of(50) {
            eprintln!(
                "crash {op}: {runs} runs so far ({} killed mid-run), all checks passed",
                self.killed
            );
        }
    }

    pub fn report(&self, op: &str, seed: u64, max: Duration) {
        eprintln!(
            "crash {op}: {} kills mid-run, {} runs finished before the kill, {} temporary files left behind, kill window up to {max:?}, seed {seed}: nothing lost",
            self.killed, self.finished_first, self.leftovers
        );
    }
}
