//! Recording through the real binary (#17): `attach record` with the generated test tone
//! (the same chain as the microphone, without a sound device). A recording killed with
//! SIGKILL part-way loses at most 5 seconds, leaves nothing readable on disk, and is
//! offered at the next unlock to keep or wipe; recording needs the interviewee's consent.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::attachments::vault_with_drafts;
use crate::common::{Env, files_containing};

/// The first 32 samples of the test tone, as the journal holds them: never in the clear.
fn tone_start() -> Vec<u8> {
    (0..32)
        .flat_map(|n| {
            let t = f64::from(n) / 16_000.0;
            (((t * 440.0 * std::f64::consts::TAU).sin() * 8_000.0) as i16).to_le_bytes()
        })
        .collect()
}

/// The sample count and rate a FLAC file's STREAMINFO block gives.
fn flac_length(flac: &[u8]) -> (u64, u32) {
    assert_eq!(&flac[..4], b"fLaC");
    // "fLaC", a block header (4), min/max block size (2 + 2), min/max frame size (3 + 3):
    // then 20 bits of rate, 3 of channels, 5 of bits per sample, 36 of sample count.
    let packed = u64::from_be_bytes(flac[18..26].try_into().unwrap());
    let rate = (packed >> 44) as u32;
    let samples = packed & ((1 << 36) - 1);
    (samples, rate)
}

/// Starts `attach record` on the test tone and returns it once it says it records.
fn start_recording(env: &Env, interview: &str) -> (std::process::Child, Instant) {
    let mut child = env
        .command_with(&[
            "attach",
            "record",
            interview,
            "--input",
            "test-tone",
            "--seconds",
            "300",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut said)
        .unwrap();
    assert!(said.starts_with(&format!("Recording {interview}")), "{said}");
    (child, Instant::now())
}

#[test]
fn a_recording_killed_part_way_loses_at_most_five_seconds_and_is_offered_at_unlock() {
    let env = vault_with_drafts();
    let (mut child, started) = start_recording(&env, "W26-0001");
    std::thread::sleep(Duration::from_millis(7_300));
    // SIGKILL: no destructor, no flush; as if the power went.
    child.kill().unwrap();
    let recorded = started.elapsed();
    child.wait().unwrap();

    // Only ciphertext on disk.
    assert_eq!(
        files_containing(&env.vault(), &tone_start()),
        Vec::<std::path::PathBuf>::new()
    );
    // The next unlock says so, and the recording is not an attachment until kept.
    let listed = env.run(&["attach", "list", "W26-0001"]).ok();
    assert!(
        listed
            .stderr
            .contains("a recording of W26-0001 was cut off after about"),
        "{}",
        listed.stderr
    );
    assert!(listed.stderr.contains("fieldvault attach recover W26-0001"));
    assert!(listed.stdout.contains("No attachments"), "{}", listed.stdout);

    let kept = env.run(&["attach", "recover", "W26-0001"]).ok();
    let name = kept
        .stdout
        .strip_prefix("Kept ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{}", kept.stdout))
        .to_owned();
    assert!(
        name.starts_with("recording-") && name.ends_with(".flac"),
        "{name}"
    );
    let out = env.root.path().join("kept.flac");
    env.run(&[
        "attach",
        "export",
        "W26-0001",
        &name,
        "--to",
        out.to_str().unwrap(),
        "--plaintext-ok",
    ])
    .ok();
    let (samples, rate) = flac_length(&std::fs::read(&out).unwrap());
    assert_eq!(rate, 16_000);
    let kept_secs = samples as f64 / f64::from(rate);
    let recorded_secs = recorded.as_secs_f64();
    assert!(
        kept_secs >= recorded_secs - 5.0 && kept_secs <= recorded_secs + 0.5,
        "recorded for {recorded_secs:.2} s before the kill, kept {kept_secs:.2} s"
    );
    // Kept once: the offer is gone.
    let again = env.run(&["attach", "list", "W26-0001"]).ok();
    assert!(!again.stderr.contains("cut off"), "{}", again.stderr);
    assert!(again.stdout.contains(&name));
}

#[test]
fn a_cut_off_recording_can_be_wiped_instead() {
    let env = vault_with_drafts();
    let (mut child, _) = start_recording(&env, "W26-0001");
    std::thread::sleep(Duration::from_millis(2_500));
    child.kill().unwrap();
    child.wait().unwrap();
    let wiped = env.run(&["attach", "recover", "W26-0001", "--discard"]).ok();
    assert!(
        wiped.stdout.starts_with("Wiped the recording of W26-0001"),
        "{}",
        wiped.stdout
    );
    assert_eq!(
        std::fs::read_dir(env.vault().join("attachments"))
            .unwrap()
            .count(),
        0,
        "its file is gone"
    );
    let listed = env.run(&["attach", "list", "W26-0001"]).ok();
    assert!(!listed.stderr.contains("cut off"));
    // The audit chain, which records the discarding, still verifies.
    env.run(&["log", "verify"]).ok();
}

#[test]
fn a_finished_recording_is_kept_whole_and_recording_needs_consent() {
    let env = vault_with_drafts();
    let done = env
        .run(&[
            "attach",
            "record",
            "W26-0001",
            "--input",
            "test-tone",
            "--seconds",
            "2",
        ])
        .ok();
    assert!(done.stdout.starts_with("Recorded recording-"), "{}", done.stdout);
    let listed = env.run(&["attach", "list", "W26-0001", "--json"]).ok();
    assert!(
        listed.stdout.contains("\"media_type\": \"audio/flac\""),
        "{}",
        listed.stdout
    );

    // W26-0002's consent does not allow recording: refused before anything is kept.
    let refused = env
        .run(&[
            "attach",
            "record",
            "W26-0002",
            "--input",
            "test-tone",
            "--seconds",
            "2",
        ])
        .fails(6, "does not allow recording");
    assert!(refused.stderr.contains("recording: true"), "{}", refused.stderr);
    let none = env.run(&["attach", "list", "W26-0002"]).ok();
    assert!(none.stdout.contains("No attachments") && !none.stderr.contains("cut off"));
    // No microphone in a build without sound: a clear message, nothing kept.
    if !cfg!(feature = "sound") {
        env.run(&["attach", "record", "W26-0001", "--seconds", "1"])
            .fails(2, "no sound support");
    }
}
