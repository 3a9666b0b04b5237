//! Recording benchmark (#17). Run: `cargo bench --bench recording`
//! (`FIELDVAULT_BENCH_RECORD_MINUTES` sets the length of each signal, default 10).
//!
//! For three generated 16 kHz mono signals — a quiet room, speech-like sound (voiced
//! syllables with pauses over room noise) and white noise at speaking level (the worst
//! case for any lossless coder) — in one run on one machine:
//! - how fast the journal takes samples (encrypt, write, `fdatasync` per 64 KiB chunk),
//!   as a multiple of real time;
//! - how fast Stop turns the journal into an encrypted FLAC attachment, and its size per
//!   hour, against the reference `flac` CLI (`flac -5`, if installed) on the same samples;
//! - how fast playback decodes it into memory.

mod common;

use std::process::Command;
use std::time::Instant;

use fieldvault_core::secret::Passphrase;
use fieldvault_core::vault::{Role, SPEECH_RATE, Vault};

const RATE: usize = SPEECH_RATE as usize;

/// A generated signal of so many seconds.
type Signal = fn(&mut common::Rng, usize) -> Vec<i16>;

/// Roughly Gaussian noise: the sum of four uniform values.
fn noise(rng: &mut common::Rng, amplitude: f64) -> f64 {
    let sum: f64 = (0..4)
        .map(|_| (rng.next() % 20_001) as f64 / 10_000.0 - 1.0)
        .sum();
    sum / 2.0 * amplitude
}

fn room(rng: &mut common::Rng, seconds: usize) -> Vec<i16> {
    (0..seconds * RATE).map(|_| noise(rng, 30.0) as i16).collect()
}

/// Phrases of 2–5 s with pauses of 0.5–1.5 s; within a phrase, syllables at about 4 Hz of
/// a voiced sound (a drifting fundamental of 110–220 Hz with falling harmonics) and now and
/// then a fricative hiss; room noise under all of it.
fn speech_like(rng: &mut common::Rng, seconds: usize) -> Vec<i16> {
    let total = seconds * RATE;
    let mut out = Vec::with_capacity(total);
    let mut phase = 0.0f64;
    while out.len() < total {
        let phrase = RATE * (2 + rng.below(4));
        let pitch = 110.0 + rng.below(110) as f64;
        for n in 0..phrase {
            let t = n as f64 / RATE as f64;
            let f0 = pitch * (1.0 + 0.1 * (t * 0.7).sin());
            phase += f0 / RATE as f64;
            let syllable = (t * 4.0 * std::f64::consts::PI).sin().abs().powf(1.5);
            let voiced: f64 = (1..=10)
                .map(|h| (phase * h as f64 * std::f64::consts::TAU).sin() / h as f64)
                .sum();
            let hiss = if (t * 4.0) as usize % 5 == 3 {
                noise(rng, 1_500.0)
            } else {
                0.0
            };
            out.push((voiced * 4_000.0 * syllable + hiss + noise(rng, 30.0)) as i16);
        }
        let pause = RATE / 2 + rng.below(RATE);
        out.extend((0..pause).map(|_| noise(rng, 30.0) as i16));
    }
    out.truncate(total);
    out
}

fn white(rng: &mut common::Rng, seconds: usize) -> Vec<i16> {
    (0..seconds * RATE)
        .map(|_| ((rng.next() % 16_001) as i64 - 8_000) as i16)
        .collect()
}

/// The `flac` CLI on the same samples as raw little-endian: (seconds, bytes).
fn reference_flac(dir: &std::path::Path, samples: &[i16]) -> Option<(f64, u64)> {
    let raw = dir.join("reference.raw");
    let out = dir.join("reference.flac");
    let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    std::fs::write(&raw, bytes).ok()?;
    let started = Instant::now();
    let status = Command::new("flac")
        .args([
            "-5",
            "-s",
            "-f",
            "--force-raw-format",
            "--endian=little",
            "--sign=signed",
        ])
        .args(["--channels=1", "--bps=16", &format!("--sample-rate={RATE}"), "-o"])
        .arg(&out)
        .arg(&raw)
        .status()
        .ok()?;
    let took = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(&out).ok()?.len();
    let _ = std::fs::remove_file(&raw);
    let _ = std::fs::remove_file(&out);
    status.success().then_some((took, size))
}

fn main() {
    let minutes = common::env_n("FIELDVAULT_BENCH_RECORD_MINUTES", 10);
    let seconds = minutes * 60;
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let pass = Passphrase::new("benchmark passphrase 1".into());
    let mut vault = Vault::create(&root.join("vault"), &pass, Role::Field, "bench laptop").unwrap();
    let mut rng = common::Rng::new(11);
    let mut record = common::interview(1, &mut rng);
    record["consent"]["recording"] = serde_json::Value::Bool(true);
    let code = record["code"].as_str().unwrap().to_owned();
    vault
        .add_interviews(&[("one.json".into(), serde_json::to_vec(&record).unwrap())])
        .unwrap();
    println!(
        "fieldvault recording benchmark: {minutes} min of each signal at {RATE} Hz; {} cores, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or("?")
    );
    let hour = 3600.0 / seconds as f64;
    println!(
        "raw 16-bit samples: {:.1} MB per hour",
        (RATE * 2 * 3600) as f64 / 1e6
    );
    let signals: [(&str, Signal); 3] = [
        ("quiet room", room),
        ("speech-like", speech_like),
        ("white noise", white),
    ];
    for (name, make) in signals {
        let samples = make(&mut rng, seconds);
        let mut journal = vault.begin_recording(&code, SPEECH_RATE).unwrap();
        let started = Instant::now();
        for block in samples.chunks(RATE / 50) {
            journal.append(block).unwrap();
        }
        let append = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let info = vault.finish_recording(journal).unwrap();
        let finish = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let audio = vault.read_audio(&code, &info.id).unwrap().unwrap();
        let decode = started.elapsed().as_secs_f64();
        assert_eq!(
            &audio.samples[..],
            &samples[..],
            "the recording comes back exactly"
        );
        println!(
            "{name}: journal {:.0}x real time; Stop (FLAC, encrypted) {:.0}x real time ({finish:.2} s); {:.1} MB per hour; playback decode {:.0}x real time",
            seconds as f64 / append,
            seconds as f64 / finish,
            info.size as f64 * hour / 1e6,
            seconds as f64 / decode,
        );
        match reference_flac(root, &samples) {
            Some((took, size)) => println!(
                "  flac -5 CLI: {:.0}x real time ({took:.2} s), {:.1} MB per hour; fieldvault's size {:.2}x, speed {:.2}x the CLI's",
                seconds as f64 / took,
                size as f64 * hour / 1e6,
                info.size as f64 / size as f64,
                took / finish,
            ),
            None => println!("  flac CLI not installed (Debian: apt-get install flac): no reference"),
        }
    }
}
