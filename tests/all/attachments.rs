//! Attachments through the real binary (#17, first part): audio, image and PDF files made
//! here go into an interview's draft encrypted, come back byte for byte only after an
//! explicit confirmation, and leave no plaintext anywhere in the vault folder; audio is
//! refused without consent to recording; special, changing and missing files are refused
//! with nothing kept; a sealed revision takes no attachment; and `wipe delivered` destroys
//! an attachment's key and file with its interview.

use crate::common;

use std::path::{Path, PathBuf};

use common::{Env, files_containing, sample_paths};

/// A canary that must never appear in the vault folder in the clear.
pub(crate) const CANARY: &[u8] = b"FV-CANARY:attachment-plaintext-7d1c";

/// A WAV file (16-bit mono PCM at 16 kHz) of `seconds` of a tone, with the canary in it.
pub(crate) fn wav(path: &Path, seconds: u32) {
    let samples = 16_000 * seconds;
    let mut bytes = Vec::new();
    let data_len = samples * 2 + CANARY.len() as u32;
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&16_000u32.to_le_bytes());
    bytes.extend_from_slice(&32_000u32.to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let value = ((i as f32 * 440.0 * std::f32::consts::TAU / 16_000.0).sin() * 8000.0) as i16;
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    bytes.extend_from_slice(CANARY);
    std::fs::write(path, bytes).unwrap();
}

/// A minimal PDF with the canary in its text.
pub(crate) fn pdf(path: &Path) {
    let mut bytes = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ".to_vec();
    bytes.extend_from_slice(CANARY);
    bytes.extend_from_slice(b"\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    std::fs::write(path, bytes).unwrap();
}

/// A PNG signature and header followed by the canary (enough for the media type).
fn png(path: &Path) {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0".to_vec();
    bytes.extend_from_slice(CANARY);
    std::fs::write(path, bytes).unwrap();
}

/// A vault with the samples added as drafts; `W26-0001` consents to recording and
/// `W26-0002` does not.
pub(crate) fn vault_with_drafts() -> Env {
    let env = Env::with_vault();
    let mut args = vec!["interview".to_owned(), "add".to_owned()];
    args.extend(sample_paths().iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.run(&args).ok();
    env
}

pub(crate) fn input(env: &Env, name: &str) -> PathBuf {
    let dir = env.root.path().join("input-files");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn audio_image_and_pdf_round_trip_byte_for_byte_with_no_plaintext_in_the_vault() {
    let env = vault_with_drafts();
    let (audio, photo, scan) = (
        input(&env, "interview.wav"),
        input(&env, "passport.png"),
        input(&env, "letter.pdf"),
    );
    wav(&audio, 3);
    png(&photo);
    pdf(&scan);
    let added = env
        .run(&[
            "attach",
            "add",
            "W26-0001",
            audio.to_str().unwrap(),
            photo.to_str().unwrap(),
            scan.to_str().unwrap(),
            "--json",
        ])
        .ok();
    let added: serde_json::Value = serde_json::from_str(&added.stdout).unwrap();
    let types: Vec<&str> = added
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["attachment"]["media_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["audio/x-wav", "image/png", "application/pdf"]);
    for (report, file) in added.as_array().unwrap().iter().zip([&audio, &photo, &scan]) {
        let bytes = std::fs::read(file).unwrap();
        assert_eq!(report["attachment"]["size"], bytes.len());
        assert_eq!(
            report["attachment"]["sha256"].as_str().unwrap(),
            hex_sha256(&bytes)
        );
    }
    // Encrypted from the first byte: the canary is nowhere in the vault folder.
    assert_eq!(files_containing(&env.vault(), CANARY), Vec::<PathBuf>::new());

    let listed = env.run(&["attach", "list", "W26-0001"]).ok().stdout;
    assert!(
        listed.contains("interview.wav") && listed.contains("letter.pdf"),
        "{listed}"
    );

    // Export asks for a confirmation and writes the original bytes.
    let out = env.root.path().join("exported.pdf");
    env.run(&[
        "attach",
        "export",
        "W26-0001",
        "letter.pdf",
        "--to",
        out.to_str().unwrap(),
    ])
    .fails(2, "UNENCRYPTED");
    assert!(!out.exists());
    let said = env
        .run(&[
            "attach",
            "export",
            "W26-0001",
            "letter.pdf",
            "--to",
            out.to_str().unwrap(),
            "--plaintext-ok",
        ])
        .ok();
    assert!(said.stdout.contains("UNENCRYPTED"), "{}", said.stdout);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&scan).unwrap());
    // Never over an existing file.
    env.run(&[
        "attach",
        "export",
        "W26-0001",
        "letter.pdf",
        "--to",
        out.to_str().unwrap(),
        "--plaintext-ok",
    ])
    .fails(1, "exported.pdf");
}

/// SHA-256, hexadecimal (the core's, as the drop box protocol uses it).
fn hex_sha256(bytes: &[u8]) -> String {
    fieldvault_core::relay::body_digest(bytes)
}

#[test]
fn audio_needs_consent_to_recording() {
    let env = vault_with_drafts();
    let audio = input(&env, "recording.wav");
    wav(&audio, 1);
    let refused = env
        .run(&["attach", "add", "W26-0002", audio.to_str().unwrap()])
        .fails(6, "does not allow recording");
    assert!(refused.stderr.contains("recording: true"), "{}", refused.stderr);
    assert!(
        env.run(&["attach", "list", "W26-0002"])
            .ok()
            .stdout
            .contains("No attachments")
    );
    // A photo needs no such consent.
    let photo = input(&env, "photo.png");
    png(&photo);
    env.run(&["attach", "add", "W26-0002", photo.to_str().unwrap()])
        .ok();
}

#[test]
fn special_missing_and_sealed_cases_are_refused_and_keep_nothing() {
    let env = vault_with_drafts();
    let missing = input(&env, "not-there.pdf");
    env.run(&["attach", "add", "W26-0001", missing.to_str().unwrap()])
        .fails(1, "not-there.pdf");
    let fifo = input(&env, "pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    env.run(&["attach", "add", "W26-0001", fifo.to_str().unwrap()])
        .fails(4, "not a regular file");
    env.run(&["attach", "add", "W26-0001", "/dev/null"])
        .fails(4, "not a regular file");
    let folder = input(&env, "folder");
    std::fs::create_dir_all(&folder).unwrap();
    env.run(&["attach", "add", "W26-0001", folder.to_str().unwrap()])
        .fails(4, "not a regular file");
    // Nothing partial in the vault folder.
    let stored: Vec<_> = std::fs::read_dir(env.vault().join("attachments"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(stored.is_empty(), "{stored:?}");

    // Once sealed, the revision's attachments are fixed.
    env.run(&["interview", "seal", "W26-0003"]).ok();
    let scan = input(&env, "late.pdf");
    pdf(&scan);
    env.run(&["attach", "add", "W26-0003", scan.to_str().unwrap()])
        .fails(6, "cannot change");
}

#[test]
fn a_file_that_grows_while_it_is_read_is_refused() {
    let env = vault_with_drafts();
    let growing = input(&env, "growing.pdf");
    pdf(&growing);
    // Appended to by another process while the vault reads it.
    let appender = {
        let growing = growing.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new().append(true).open(&growing).unwrap();
            for _ in 0..400 {
                file.write_all(&[b'x'; 64 * 1024]).unwrap();
                file.sync_data().unwrap();
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(50));
    let run = env.run(&["attach", "add", "W26-0001", growing.to_str().unwrap()]);
    appender.join().unwrap();
    if run.code == 0 {
        // The read finished between two appends: then it must be exactly what was there.
        return;
    }
    assert!(
        run.stderr.contains("changed while it was being read"),
        "{}",
        run.stderr
    );
    assert!(
        env.run(&["attach", "list", "W26-0001"])
            .ok()
            .stdout
            .contains("No attachments")
    );
}

#[test]
fn removing_from_a_draft_wipes_what_that_draft_added() {
    let env = vault_with_drafts();
    let scan = input(&env, "wrong-file.pdf");
    pdf(&scan);
    let added = env
        .run(&["attach", "add", "W26-0001", scan.to_str().unwrap(), "--json"])
        .ok();
    let added: serde_json::Value = serde_json::from_str(&added.stdout).unwrap();
    let id = added[0]["attachment"]["id"].as_str().unwrap().to_owned();
    assert!(env.vault().join("attachments").join(&id).is_file());
    env.run(&["attach", "remove", "W26-0001", &id[..8]]).ok();
    assert!(!env.vault().join("attachments").join(&id).exists());
    assert!(
        env.run(&["attach", "list", "W26-0001"])
            .ok()
            .stdout
            .contains("No attachments")
    );
    env.run(&["attach", "remove", "W26-0001", &id[..8]])
        .fails(7, "no attachment");
}

#[test]
fn the_original_can_be_wiped_once_stored() {
    let env = vault_with_drafts();
    let scan = input(&env, "original.pdf");
    pdf(&scan);
    let said = env
        .run(&[
            "attach",
            "add",
            "W26-0001",
            scan.to_str().unwrap(),
            "--wipe-source",
        ])
        .ok();
    assert!(said.stdout.contains("wiped the original"), "{}", said.stdout);
    assert!(!scan.exists());
    assert!(
        env.run(&["attach", "list", "W26-0001"])
            .ok()
            .stdout
            .contains("original.pdf")
    );
}

/// A sealed interview on the paired laptop (`W26-0900`, consent to recording) with a
/// recording and a scan attached; returns their paths.
fn laptop_interview_with_attachments(pair: &common::Pair) -> (PathBuf, PathBuf) {
    let draft = pair.field.root.path().join("w26-0900.json");
    let sample = std::fs::read_to_string(&sample_paths()[0]).unwrap();
    std::fs::write(&draft, sample.replace("W26-0001", "W26-0900")).unwrap();
    pair.field
        .run(&["interview", "add", draft.to_str().unwrap()])
        .ok();
    let (audio, scan) = (
        input(&pair.field, "testimony.wav"),
        input(&pair.field, "letter.pdf"),
    );
    wav(&audio, 2);
    pdf(&scan);
    pair.field
        .run(&[
            "attach",
            "add",
            "W26-0900",
            audio.to_str().unwrap(),
            scan.to_str().unwrap(),
        ])
        .ok();
    pair.field.run(&["interview", "seal", "W26-0900"]).ok();
    (audio, scan)
}

/// Add → seal → export → headquarters import → headquarters export, byte for byte; the
/// same bytes with `age` and `tar` alone; no plaintext in either vault folder or on the
/// stick; and once the receipt is back, `wipe delivered` takes the laptop's copies.
#[test]
fn attachments_travel_to_headquarters_byte_for_byte() {
    let pair = common::pair();
    let (audio, scan) = laptop_interview_with_attachments(&pair);
    let stick = pair.stick.path();
    pair.field.run(&["export", "--to", stick.to_str().unwrap()]).ok();
    let bundle = std::fs::read_dir(stick).unwrap().next().unwrap().unwrap().path();
    assert_eq!(files_containing(stick, CANARY), Vec::<PathBuf>::new());
    pair.hq
        .run(&[
            "import",
            bundle.to_str().unwrap(),
            "--receipt-to",
            stick.to_str().unwrap(),
        ])
        .ok();
    let listed = pair.hq.run(&["attach", "list", "W26-0900", "--json"]).ok();
    let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    assert_eq!(files_containing(&pair.hq.vault(), CANARY), Vec::<PathBuf>::new());
    for original in [&audio, &scan] {
        let name = original.file_name().unwrap().to_str().unwrap();
        let out = pair.hq.root.path().join(format!("hq-{name}"));
        pair.hq
            .run(&[
                "attach",
                "export",
                "W26-0900",
                name,
                "--to",
                out.to_str().unwrap(),
                "--plaintext-ok",
            ])
            .ok();
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(original).unwrap(),
            "{name}"
        );
    }

    // Standard tools alone: age, then tar; the manifest names each file and its hash.
    let work = tempfile::tempdir().unwrap();
    let key = work.path().join("hq-key.txt");
    pair.hq
        .run(&[
            "hq",
            "key",
            "export",
            "--out",
            key.to_str().unwrap(),
            "--i-understand",
        ])
        .ok();
    if std::process::Command::new("age")
        .arg("--version")
        .output()
        .is_ok()
    {
        let script = format!(
            "age -d -i hq-key.txt '{}' | tar -xf - && sha256sum attachments/*",
            bundle.display()
        );
        let out = std::process::Command::new("sh")
            .args(["-c", &script])
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let sums = String::from_utf8_lossy(&out.stdout).into_owned();
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(work.path().join("manifest.json")).unwrap()).unwrap();
        let entries = manifest["attachments"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        for entry in entries {
            let line = format!(
                "{}  {}",
                entry["sha256"].as_str().unwrap(),
                entry["file"].as_str().unwrap()
            );
            assert!(sums.contains(&line), "{line} not in {sums}");
            let original = if entry["name"] == "testimony.wav" {
                &audio
            } else {
                &scan
            };
            assert_eq!(
                std::fs::read(work.path().join(entry["file"].as_str().unwrap())).unwrap(),
                std::fs::read(original).unwrap()
            );
        }
    } else {
        assert!(
            std::env::var_os("FIELDVAULT_REQUIRE_INTEROP").is_none(),
            "age is missing"
        );
    }

    // The receipt comes back; the delivered interview's attachments are wiped with it.
    pair.field
        .run(&["receipt", "import", stick.to_str().unwrap()])
        .ok();
    let kept: Vec<_> = std::fs::read_dir(pair.field.vault().join("attachments"))
        .unwrap()
        .collect();
    assert_eq!(kept.len(), 2);
    let wiped = pair.field.run(&["wipe", "delivered", "--json"]).ok();
    let wiped: serde_json::Value = serde_json::from_str(&wiped.stdout).unwrap();
    assert_eq!(wiped["attachments_wiped"].as_array().unwrap().len(), 2, "{wiped}");
    let left: Vec<_> = std::fs::read_dir(pair.field.vault().join("attachments"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Headquarters still has them.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(
            &pair.hq.run(&["attach", "list", "W26-0900", "--json"]).ok().stdout
        )
        .unwrap()
        .as_array()
        .unwrap()
        .len(),
        2
    );
}

/// `sync` carries attachments like a stick does; a second import of the same bundle
/// stores nothing twice.
#[test]
fn sync_carries_attachments() {
    let (pair, _, _, dropbox) = crate::sync::pair_and_dropbox();
    let (_, scan) = laptop_interview_with_attachments(&pair);
    pair.field
        .run(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    pair.hq
        .run(&["sync", "--from", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    let out = pair.hq.root.path().join("letter-at-hq.pdf");
    pair.hq
        .run(&[
            "attach",
            "export",
            "W26-0900",
            "letter.pdf",
            "--to",
            out.to_str().unwrap(),
            "--plaintext-ok",
        ])
        .ok();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&scan).unwrap());
    assert_eq!(files_containing(dropbox.store(), CANARY), Vec::<PathBuf>::new());
    assert_eq!(
        std::fs::read_dir(pair.hq.vault().join("attachments"))
            .unwrap()
            .count(),
        2
    );
}
