//! The USB handoff loop through the real binary: a field vault and a headquarters vault
//! exchange trust cards; the field exports, HQ imports and answers with a receipt; the
//! field imports it. Plus recovery with `age`, `tar` and `ssh-keygen` alone, and the
//! hostile cases that must change nothing.

use crate::common;

use std::fs;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, Pair, Run, card, init_hq, pair};
use serde_json::Value;

fn export(pair: &Pair) -> PathBuf {
    pair.export()
}

fn status(env: &Env) -> Value {
    serde_json::from_str(&env.run(&["status", "--json"]).ok().stdout).unwrap()
}

/// The receipts in `dir`: receipts have random names like bundles, so they are the
/// visible files other than the bundles and other files named in `besides`.
fn receipts(dir: &Path, besides: &[&Path]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    found.retain(|p| {
        let name = p.file_name().unwrap();
        !name.to_string_lossy().starts_with('.') && !besides.iter().any(|b| b.file_name() == Some(name))
    });
    found.sort();
    found
}

#[test]
fn the_whole_loop_delivers_exactly_what_was_sent() {
    let pair = pair();
    let bundle = export(&pair);
    let name = bundle.file_name().unwrap().to_str().unwrap();
    assert!(
        name.len() >= 32 && name.chars().all(|c| c.is_ascii_hexdigit()),
        "random name: {name}"
    );
    assert_eq!(status(&pair.field)["revisions"]["exported"], 6);

    let back = tempfile::tempdir().unwrap();
    let imported = pair
        .hq
        .run(&[
            "import",
            bundle.to_str().unwrap(),
            "--receipt-to",
            back.path().to_str().unwrap(),
        ])
        .ok();
    assert!(
        imported.stdout.contains("6 revision(s) stored"),
        "{}",
        imported.stdout
    );
    let receipt = receipts(back.path(), &[]).pop().expect("a receipt");

    // HQ's archive holds the interviews unchanged, searchable, with device and bundle.
    for sample in common::sample_paths() {
        let original: Value = serde_json::from_slice(&fs::read(&sample).unwrap()).unwrap();
        let code = original["code"].as_str().unwrap();
        let shown: Value =
            serde_json::from_str(&pair.hq.run(&["interview", "show", code, "--json"]).ok().stdout).unwrap();
        assert_eq!(shown, original);
    }
    let show = pair.hq.run(&["interview", "show", "W26-0002"]).ok();
    assert!(
        show.stdout.contains("Device:") && show.stdout.contains("Bundle:"),
        "{}",
        show.stdout
    );
    let hits: Value =
        serde_json::from_str(&pair.hq.run(&["search", "보위부", "--json"]).ok().stdout).unwrap();
    assert_eq!(hits[0]["code"], "W26-0002");

    let applied = pair
        .field
        .run(&["receipt", "import", receipt.to_str().unwrap()])
        .ok();
    assert!(
        applied.stdout.contains("Seoul HQ confirmed delivery"),
        "{}",
        applied.stdout
    );
    let s = status(&pair.field);
    assert_eq!(s["revisions"]["delivered"], 6);
    assert_eq!(s["revisions"]["exported"], 0);

    // Applying the same receipt again changes nothing.
    let again = pair
        .field
        .run(&["receipt", "import", receipt.to_str().unwrap()])
        .ok();
    assert!(again.stdout.contains("already applied"), "{}", again.stdout);
    pair.field.run(&["log", "verify"]).ok();
    pair.hq.run(&["log", "verify"]).ok();
}

#[test]
fn reimporting_a_bundle_is_a_no_op_that_says_so() {
    let pair = pair();
    let bundle = export(&pair);
    pair.hq.run(&["import", bundle.to_str().unwrap()]).ok();
    let before = pair.hq.snapshot();
    let again = pair.hq.run(&["import", bundle.to_str().unwrap()]).ok();
    assert!(again.stdout.contains("already imported"), "{}", again.stdout);
    assert_eq!(status(&pair.hq)["interviews"], 6);
    assert_eq!(before.len(), pair.hq.snapshot().len());
}

#[test]
fn hq_reports_missing_bundles_per_device() {
    let pair = pair();
    let first = export(&pair);
    // Bundles 2 and 3 are made but never reach headquarters.
    let _second = export(&pair);
    let _third = export(&pair);
    let fourth = export(&pair);
    pair.hq.run(&["import", first.to_str().unwrap()]).ok();
    let out = pair.hq.run(&["import", fourth.to_str().unwrap()]).ok();
    assert!(
        out.stdout.contains("bundles 2 to 3 not received"),
        "{}",
        out.stdout
    );
    let gaps: Value = serde_json::from_str(&pair.hq.run(&["hq", "gaps", "--json"]).ok().stdout).unwrap();
    assert_eq!(gaps[0]["first_missing"], 2);
    assert_eq!(gaps[0]["last_missing"], 3);
}

#[test]
fn nothing_to_export_or_nobody_to_export_to_is_explained() {
    let field = Env::with_vault();
    let stick = tempfile::tempdir().unwrap();
    field.add_samples();
    field.run(&["interview", "seal", "W26-0001"]).ok();
    field
        .run(&["export", "--to", stick.path().to_str().unwrap()])
        .fails(6, "trust add");
    let hq = init_hq("HQ");
    field.trust(card(&hq, "hq.card").to_str().unwrap()).ok();
    field
        .run(&["export", "--to", stick.path().to_str().unwrap()])
        .ok();
    field
        .run(&["export", "--to", "/nonexistent/stick"])
        .fails(1, "/nonexistent/stick");
}

#[test]
fn export_onto_the_laptop_disk_warns_that_no_stick_is_there() {
    let pair = pair();
    // The test's stick is a folder on the same disk as the vault: what an unmounted
    // stick's empty mount point looks like.
    let out = pair
        .field
        .run(&["export", "--to", pair.stick.path().to_str().unwrap()])
        .ok();
    assert!(out.stderr.contains("not on a separate stick"), "{}", out.stderr);
    assert!(Path::new(out.stdout.trim()).is_file());
    // A folder on another file system (tmpfs, where there is one) gets no warning.
    if let Ok(other) = tempfile::tempdir_in("/dev/shm") {
        let out = pair
            .field
            .run(&["export", "--to", other.path().to_str().unwrap()])
            .ok();
        let same_fs = std::fs::metadata(other.path()).unwrap().dev()
            == std::fs::metadata(pair.stick.path()).unwrap().dev();
        assert_eq!(
            out.stderr.contains("not on a separate stick"),
            same_fs,
            "{}",
            out.stderr
        );
    }
}

fn refused_without_change(env: &Env, args: &[&str], needle: &str) -> Run {
    let before = env.snapshot();
    let run = env.run(args);
    assert_eq!(run.code, 9, "expected refusal: {} {}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(needle),
        "message lacks {needle:?}: {}",
        run.stderr
    );
    assert_eq!(env.snapshot(), before, "a refused file changed the vault");
    run
}

#[test]
fn damaged_bundles_are_refused_and_change_nothing() {
    let pair = pair();
    let bundle = export(&pair);
    let bytes = fs::read(&bundle).unwrap();
    let work = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("flipped-early", {
            let mut b = bytes.clone();
            b[200] ^= 1;
            b
        }),
        ("flipped-middle", {
            let mut b = bytes.clone();
            let mid = b.len() / 2;
            b[mid] ^= 0x40;
            b
        }),
        ("flipped-last", {
            let mut b = bytes.clone();
            let last = b.len() - 1;
            b[last] ^= 1;
            b
        }),
        ("truncated", bytes[..bytes.len() - 100].to_vec()),
        ("extended", [bytes.clone(), vec![0u8; 100]].concat()),
    ];
    for (name, content) in cases {
        let path = work.path().join(name);
        fs::write(&path, content).unwrap();
        refused_without_change(&pair.hq, &["import", path.to_str().unwrap()], name);
    }
    // The intact bundle still imports afterwards.
    pair.hq.run(&["import", bundle.to_str().unwrap()]).ok();
}

#[test]
fn a_bundle_for_another_hq_or_from_a_stranger_is_refused() {
    let pair = pair();
    let bundle = export(&pair);
    // Another headquarters that knows the device but is not a recipient.
    let other = init_hq("Other HQ");
    other.trust(card(&pair.field, "f.card").to_str().unwrap()).ok();
    refused_without_change(
        &other,
        &["import", bundle.to_str().unwrap()],
        "not encrypted to this",
    );

    // A device headquarters never enrolled.
    let stranger = Env::with_vault();
    stranger.trust(card(&pair.hq, "h.card").to_str().unwrap()).ok();
    stranger.add_samples();
    stranger.run(&["interview", "seal", "--all"]).ok();
    let out = stranger
        .run(&["export", "--to", pair.stick.path().to_str().unwrap()])
        .ok();
    refused_without_change(&pair.hq, &["import", out.stdout.trim()], "not trusted here");
}

#[test]
fn a_removed_device_is_no_longer_accepted() {
    let pair = pair();
    let bundle = export(&pair);
    let fp = serde_json::from_str::<Value>(&pair.field.run(&["identity", "show", "--json"]).ok().stdout)
        .unwrap()["safety_number"]
        .as_str()
        .unwrap()
        .replace(' ', "");
    pair.hq.run(&["trust", "remove", &fp]).ok();
    refused_without_change(
        &pair.hq,
        &["import", bundle.to_str().unwrap()],
        "removed from the enrolled devices",
    );
    // Trusting it again works, but says it had been removed and when.
    let again = pair
        .hq
        .trust(card(&pair.field, "again.card").to_str().unwrap())
        .ok();
    assert!(
        again.stderr.contains("was removed from trust on"),
        "{}",
        again.stderr
    );
    pair.hq.run(&["import", bundle.to_str().unwrap()]).ok();
    // A first-time add says nothing of the kind.
    let other = init_hq("Other HQ");
    let first = pair
        .field
        .trust(card(&other, "other.card").to_str().unwrap())
        .ok();
    assert!(!first.stderr.contains("removed"), "{}", first.stderr);
}

#[test]
fn receipts_for_another_device_or_from_a_stranger_do_not_count() {
    let pair = pair();
    let bundle = export(&pair);
    let back = tempfile::tempdir().unwrap();
    pair.hq
        .run(&[
            "import",
            bundle.to_str().unwrap(),
            "--receipt-to",
            back.path().to_str().unwrap(),
        ])
        .ok();
    let receipt = receipts(back.path(), &[]).pop().unwrap();
    // Another field device that trusts the same HQ cannot even open it.
    let other = Env::with_vault();
    other.trust(card(&pair.hq, "h.card").to_str().unwrap()).ok();
    refused_without_change(
        &other,
        &["receipt", "import", receipt.to_str().unwrap()],
        "not encrypted to this",
    );
    // A damaged receipt is refused.
    let mut bytes = fs::read(&receipt).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    let damaged = back.path().join("damaged");
    fs::write(&damaged, bytes).unwrap();
    refused_without_change(
        &pair.field,
        &["receipt", "import", damaged.to_str().unwrap()],
        "damaged",
    );
    // A field vault that no longer trusts that HQ ignores its receipt.
    let hq_fp = serde_json::from_str::<Value>(&pair.hq.run(&["identity", "show", "--json"]).ok().stdout)
        .unwrap()["safety_number"]
        .as_str()
        .unwrap()
        .replace(' ', "");
    pair.field.run(&["trust", "remove", &hq_fp]).ok();
    refused_without_change(
        &pair.field,
        &["receipt", "import", receipt.to_str().unwrap()],
        "not trusted here",
    );
}

#[test]
fn the_stick_holds_nothing_readable() {
    let pair = pair();
    let bundle = export(&pair);
    let bytes = fs::read(&bundle).unwrap();
    for needle in [
        "W26-0001",
        "Changbai",
        "온성 보위부",
        "fieldvault-bundle",
        "manifest.json",
        "INT-07",
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} visible on the stick"
        );
    }
    assert_eq!(
        fs::read_dir(pair.stick.path()).unwrap().count(),
        1,
        "no temporary files left behind"
    );
}

#[test]
fn hq_recovers_everything_with_age_tar_and_ssh_keygen_alone() {
    if !common::tools_available(
        &["age", "tar", "ssh-keygen", "sha256sum"],
        "age and openssh-client",
    ) {
        return;
    }
    let pair = pair();
    let bundle = export(&pair);
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

    let sh = |script: &str| {
        let out = Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    sh(&format!(
        "age -d -i hq-key.txt '{}' > bundle.tar && tar -xf bundle.tar",
        bundle.display()
    ));
    let field_card = fs::read_to_string(card(&pair.field, "field.card")).unwrap();
    let ssh_line = field_card.lines().find_map(|l| l.strip_prefix("ssh: ")).unwrap();
    fs::write(
        work.path().join("allowed_signers"),
        format!("device namespaces=\"fieldvault-bundle\" {ssh_line}\n"),
    )
    .unwrap();
    let verified = sh(
        "ssh-keygen -Y verify -f allowed_signers -I device -n fieldvault-bundle -s manifest.json.sig < manifest.json",
    );
    assert!(verified.contains("Good"), "{verified}");
    let manifest: Value =
        serde_json::from_slice(&fs::read(work.path().join("manifest.json")).unwrap()).unwrap();
    let sums = sh("sha256sum interviews/*.json");
    for entry in manifest["interviews"].as_array().unwrap() {
        let line = format!(
            "{}  {}",
            entry["sha256"].as_str().unwrap(),
            entry["file"].as_str().unwrap()
        );
        assert!(sums.contains(&line), "{line} not in\n{sums}");
        let recovered: Value =
            serde_json::from_slice(&fs::read(work.path().join(entry["file"].as_str().unwrap())).unwrap())
                .unwrap();
        assert_eq!(recovered["code"], entry["code"]);
    }
    assert_eq!(manifest["interviews"].as_array().unwrap().len(), 6);
    // A changed manifest no longer verifies.
    sh("sed -i 's/W26-0001/W26-9999/' manifest.json");
    let tampered = Command::new("sh")
        .arg("-c")
        .arg("ssh-keygen -Y verify -f allowed_signers -I device -n fieldvault-bundle -s manifest.json.sig < manifest.json")
        .current_dir(work.path())
        .output()
        .unwrap();
    assert!(!tampered.status.success());
}

#[test]
fn key_escrow_needs_confirmation_and_only_on_hq() {
    let pair = pair();
    let out = pair.hq.root.path().join("escrow.txt");
    let out = out.to_str().unwrap();
    let escrow = |env: &Env| env.run(&["hq", "key", "export", "--out", out, "--i-understand"]);
    pair.hq
        .run(&["hq", "key", "export", "--out", out])
        .fails(2, "--i-understand");
    assert!(!Path::new(out).exists());
    escrow(&pair.field).fails(6, "headquarters");
    escrow(&pair.hq).ok();
    let text = fs::read_to_string(out).unwrap();
    assert!(text.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")), "{text}");
    // Never overwrites an existing file.
    escrow(&pair.hq).fails(1, "escrow.txt");
}

#[test]
fn trust_cards_are_checked() {
    let field = Env::with_vault();
    let other_field = Env::with_vault();
    let own = card(&field, "own.card");
    field.trust(own.to_str().unwrap()).fails(4, "trust card");
    let peer = card(&other_field, "peer.card");
    field.trust(peer.to_str().unwrap()).fails(4, "field");
    let hq = init_hq("HQ");
    let hq_card = card(&hq, "hq.card");
    let text = fs::read_to_string(&hq_card).unwrap();
    let tampered = field.input("tampered.card", &text.replace("label: HQ", "label: HQ2"));
    field.trust(tampered.to_str().unwrap()).fails(4, "trust card");
    // Without the fingerprint read out by the other side, a script is refused; a wrong
    // one is refused as a possibly swapped card.
    field
        .run(&["trust", "add", hq_card.to_str().unwrap()])
        .fails(2, "needs the fingerprint the other side reads out");
    field
        .run(&[
            "trust",
            "add",
            hq_card.to_str().unwrap(),
            "--fingerprint",
            "12345 67890",
        ])
        .fails(4, "may have been swapped");
    let shown: Value = serde_json::from_str(&hq.run(&["identity", "show", "--json"]).ok().stdout).unwrap();
    let spoken = shown["safety_number"].as_str().unwrap();
    assert_eq!(spoken.split(' ').count(), 8, "{spoken}");
    assert!(
        spoken.chars().filter(char::is_ascii_digit).count() == 40,
        "{spoken}"
    );
    let added = field
        .run(&["trust", "add", hq_card.to_str().unwrap(), "--fingerprint", spoken])
        .ok();
    assert!(added.stdout.contains(spoken), "{}", added.stdout);
}

/// A stick in real use holds old receipts, an unfinished export and sometimes a damaged
/// file beside the new bundles: `import STICK` (or `STICK/*`) imports every good bundle,
/// says why it passed over the rest, and exits with the refusal's code.
#[test]
fn importing_a_whole_stick_takes_the_bundles_and_passes_over_the_rest() {
    let pair = pair();
    let stick = pair.stick.path();
    let first = export(&pair);
    pair.hq
        .run(&[
            "import",
            first.to_str().unwrap(),
            "--receipt-to",
            stick.to_str().unwrap(),
        ])
        .ok();
    pair.field.add_samples_as("X");
    pair.field.run(&["interview", "seal", "--all"]).ok();
    let second = export(&pair);
    let mut damaged = fs::read(&second).unwrap();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x01;
    let damaged_copy = stick.join("0123456789abcdef0123456789abcdef");
    fs::write(&damaged_copy, damaged).unwrap();
    let bundles: [&Path; 3] = [&first, &second, &damaged_copy];
    fs::write(
        stick.join(".fedcba9876543210fedcba9876543210.partial"),
        b"cut off",
    )
    .unwrap();
    assert_eq!(receipts(stick, &bundles).len(), 1);

    let before = status(&pair.hq)["interviews"].clone();
    assert_eq!(before, 6);
    let run = pair
        .hq
        .run(&[
            "import",
            stick.to_str().unwrap(),
            "--receipt-to",
            stick.to_str().unwrap(),
        ])
        .fails(9, "0123456789abcdef0123456789abcdef");
    assert!(
        run.stderr.contains("nothing from this file was stored"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("a receipt this headquarters wrote, for a field laptop"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("an export that never finished"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("already imported"), "{}", run.stdout);
    assert!(run.stdout.contains("6 revision(s) stored"), "{}", run.stdout);
    assert_eq!(status(&pair.hq)["interviews"], 12);
    assert_eq!(
        receipts(stick, &bundles).len(),
        3,
        "a fresh receipt for each bundle read, the old one too"
    );
    pair.hq.run(&["log", "verify"]).ok();

    // Nothing but receipts: a clear word, not an attempt to decrypt them.
    let only_receipt = receipts(stick, &bundles).pop().unwrap();
    pair.hq
        .run(&["import", only_receipt.to_str().unwrap()])
        .fails(4, "no bundle among the files given");
}
