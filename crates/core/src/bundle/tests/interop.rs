//! The recovery promise, tested: the shell steps in `docs/bundle-format.md` ("Recovery
//! without fieldvault") are extracted from the document and run, exactly as written, with
//! the real `age`, `tar`, `ssh-keygen`, `sha256sum`, `jq` and `python3` on a bundle written
//! by [`write_bundle`](crate::bundle::write_bundle).
//!
//! Why this exists: HQ's ability to read testimonies must not depend on this software
//! surviving. If the document and the format drift apart, this test fails.
//!
//! Project rule for external programs: if one is missing, the test fails when
//! `FIELDVAULT_REQUIRE_INTEROP=1`, and otherwise prints `SKIPPED (install age/openssh-client)`
//! to stderr and passes.

use std::path::Path;
use std::process::{Command, Output};

use super::testutil::{Fixture, item, sample_json};
use crate::bundle::write::BundleItem;

const DOC: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/bundle-format.md"
));
const CARD_DOC: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/trust-card.md"));
const PROGRAMS: [&str; 6] = ["age", "tar", "ssh-keygen", "sha256sum", "jq", "python3"];

/// The fenced block right after `<!-- tested: {marker} -->`.
fn tested_block(marker: &str) -> &'static str {
    block_in(DOC, marker)
}

fn block_in(doc: &'static str, marker: &str) -> &'static str {
    let tag = format!("<!-- tested: {marker} -->\n```sh\n");
    let start = doc
        .find(&tag)
        .unwrap_or_else(|| panic!("{tag} is missing from the doc"))
        + tag.len();
    let len = doc[start..].find("\n```").expect("unterminated block");
    &doc[start..start + len + 1]
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// `true` if the test may run; panics or prints SKIPPED otherwise (see module docs).
fn programs_available() -> bool {
    let missing: Vec<&str> = PROGRAMS.into_iter().filter(|p| !on_path(p)).collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("FIELDVAULT_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("interop test needs {missing:?}: apt-get install -y age openssh-client jq python3");
    }
    eprintln!("SKIPPED (install age/openssh-client): missing {missing:?}");
    false
}

fn sh(script: &str, dir: &Path, env: &[(&str, &str)]) -> Output {
    Command::new("sh")
        .arg("-e")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn describe(out: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A bundle in parts, as export names and cuts them, joined by `cat` in the shell's order
/// and read by `age` and `tar`, as the document's block says.
#[test]
fn parts_joined_by_cat_recover_the_bundle() {
    if !programs_available() {
        return;
    }
    let f = Fixture::new();
    let items: Vec<BundleItem> = (1..=3).map(item).collect();
    let jsons: Vec<Vec<u8>> = (1..=3).map(sample_json).collect();
    let (bundle, _) = f.bundle(&items, &jsons);
    let tmp = tempfile::TempDir::new().unwrap();
    let dir = tmp.path();
    let name = "3f2a0c1b9d8e7f60a1b2c3d4e5f60718";
    // Ten parts, so that `*` must sort 002 before 010.
    let part = bundle.len().div_ceil(10);
    let pieces: Vec<&[u8]> = bundle.chunks(part).collect();
    let count = pieces.len() as u32;
    assert_eq!(count, 10);
    for (i, piece) in pieces.iter().enumerate() {
        let file = crate::bundle::parts::part_file_name(name, i as u32 + 1, count);
        std::fs::write(dir.join(file), piece).unwrap();
    }
    let mut key = f.hq_age.to_secret_string().expose_secret().to_vec();
    key.push(b'\n');
    std::fs::write(dir.join("hq-key.txt"), key).unwrap();
    let block = tested_block("recovery-parts");
    assert!(block.contains(&format!("NAME={name}")), "{block}");
    let out = sh(block, dir, &[]);
    assert!(out.status.success(), "{}", describe(&out));
    for (it, json) in items.iter().zip(&jsons) {
        let path = dir.join(format!("recovered/interviews/{}.json", it.revision_hash));
        assert_eq!(&std::fs::read(path).unwrap(), json);
    }
}

#[test]
fn recovery_steps_in_the_doc_work_with_standard_tools() {
    if !programs_available() {
        return;
    }
    let f = Fixture::new();
    let items: Vec<BundleItem> = (1..=6).map(item).collect();
    let jsons: Vec<Vec<u8>> = (1..=6).map(sample_json).collect();
    let (bundle, _) = f.bundle(&items, &jsons);

    let tmp = tempfile::TempDir::new().unwrap();
    let dir = tmp.path();
    let bundle_name = "W26-device-3F2A-0001.bundle";
    std::fs::write(dir.join(bundle_name), &bundle).unwrap();
    let mut key = f.hq_age.to_secret_string().expose_secret().to_vec();
    key.push(b'\n');
    std::fs::write(dir.join("hq-key.txt"), key).unwrap();

    // Step 0 of the document sets placeholders; the test supplies the real values instead.
    let script: String = tested_block("recovery")
        .lines()
        .filter(|l| !l.starts_with("BUNDLE=") && !l.starts_with("DEVICE_"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(script.contains("age -d -i hq-key.txt"), "{script}");
    let ssh_key = f.device.public_key().to_openssh();
    let env = [
        ("BUNDLE", bundle_name),
        ("DEVICE_ID", "device-3F2A"),
        ("DEVICE_SSH_KEY", ssh_key.as_str()),
    ];
    let out = sh(&script, dir, &env);
    assert!(out.status.success(), "recovery steps failed: {}", describe(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fingerprint = f.device.public_key().fingerprint().to_openssh();
    assert!(
        stdout.contains(&format!(
            "Good \"fieldvault-bundle\" signature for device-3F2A with ED25519 key {fingerprint}"
        )) || stderr.contains("Good \"fieldvault-bundle\" signature"),
        "{}",
        describe(&out)
    );
    assert_eq!(stdout.matches(": OK").count(), 6, "{}", describe(&out));

    let recovered = dir.join("recovered");
    for (it, json) in items.iter().zip(&jsons) {
        let path = recovered.join(format!("interviews/{}.json", it.revision_hash));
        assert_eq!(&std::fs::read(path).unwrap(), json);
    }
    let out = sh(tested_block("recovery-python"), &recovered, &[]);
    assert!(out.status.success(), "{}", describe(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("all 6 files match"));

    // The checks mean something: a changed manifest fails step 2, a changed file step 3.
    let step2 = "echo \"$DEVICE_ID namespaces=\\\"fieldvault-bundle\\\" $DEVICE_SSH_KEY\" > allowed_signers\n\
                 ssh-keygen -Y verify -f allowed_signers -I \"$DEVICE_ID\" -n fieldvault-bundle \\\n  \
                 -s manifest.json.sig < manifest.json\n";
    assert!(
        script.contains(step2),
        "step 2 of the document changed:\n{script}"
    );
    let manifest = std::fs::read(recovered.join("manifest.json")).unwrap();
    let mut changed = manifest.clone();
    changed[manifest.len() / 2] ^= 1;
    std::fs::write(recovered.join("manifest.json"), &changed).unwrap();
    assert!(!sh(step2, &recovered, &env).status.success());
    std::fs::write(recovered.join("manifest.json"), &manifest).unwrap();
    assert!(sh(step2, &recovered, &env).status.success());

    let victim = recovered.join(format!("interviews/{}.json", items[2].revision_hash));
    let mut bytes = std::fs::read(&victim).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&victim, bytes).unwrap();
    let step3 = "jq -r '.interviews[] | .sha256 + \"  \" + .file' manifest.json | sha256sum -c -";
    assert!(script.contains(step3));
    assert!(!sh(step3, &recovered, &[]).status.success());
    assert!(
        !sh(tested_block("recovery-python"), &recovered, &[])
            .status
            .success()
    );

    // The tar headers carry nothing about the device or the time.
    let listing = sh("tar -tvf bundle.tar", dir, &[]);
    let listing = String::from_utf8_lossy(&listing.stdout);
    for line in listing.lines() {
        assert!(line.starts_with("-rw------- 0/0 "), "{line}");
        assert!(line.contains("1970-01-01 00:00"), "{line}");
    }
}

#[test]
fn card_check_in_the_doc_works_with_ssh_keygen() {
    use crate::bundle::card::{CardRole, TrustCard};
    if !programs_available() {
        return;
    }
    let f = Fixture::new();
    let card = TrustCard {
        label: "laptop 3 (서울)".into(),
        role: CardRole::Field,
        age: f.device_age.recipient(),
        ssh: f.device.public_key(),
    };
    let tmp = tempfile::TempDir::new().unwrap();
    std::fs::write(tmp.path().join("card.txt"), card.render(&f.device).unwrap()).unwrap();
    let out = sh(block_in(CARD_DOC, "card"), tmp.path(), &[]);
    assert!(out.status.success(), "{}", describe(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&card.fingerprint().to_openssh()),
        "{}",
        describe(&out)
    );

    // A card with a swapped age key fails the same commands.
    let text = card.render(&f.device).unwrap();
    let age_line = format!("age: {}", f.device_age.recipient().as_str());
    let other = format!("age: {}", f.hq_age.recipient().as_str());
    std::fs::write(tmp.path().join("card.txt"), text.replace(&age_line, &other)).unwrap();
    assert!(!sh(block_in(CARD_DOC, "card"), tmp.path(), &[]).status.success());
}
