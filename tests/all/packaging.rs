//! Release verification with the real tools (#19): `packaging/sign` signs SHA256SUMS with
//! an OpenSSH key in namespace `fieldvault-release`; `ssh-keygen -Y verify` and
//! `sha256sum -c` accept the release as signed, and refuse it when one byte of an artifact,
//! of the sums or of the signature changed, or when the signature is checked against
//! another key or namespace.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn packaging(script: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("packaging")
        .join(script)
}

fn run(dir: &Path, program: &str, args: &[&str], stdin: Option<&Path>) -> Output {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    if let Some(file) = stdin {
        command.stdin(std::fs::File::open(file).unwrap());
    }
    command.output().unwrap()
}

fn keygen(dir: &Path, name: &str) -> PathBuf {
    let key = dir.join(name);
    let made = run(
        dir,
        "ssh-keygen",
        &[
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            name,
            "-f",
            key.to_str().unwrap(),
        ],
        None,
    );
    assert!(made.status.success(), "{made:?}");
    key
}

/// The release's check, as docs/packaging.md tells a data manager to run it.
fn verifies(release: &Path, allowed: &Path, namespace: &str) -> bool {
    let signature = run(
        release,
        "ssh-keygen",
        &[
            "-Y",
            "verify",
            "-f",
            allowed.to_str().unwrap(),
            "-I",
            "release@example.org",
            "-n",
            namespace,
            "-s",
            "SHA256SUMS.sig",
        ],
        Some(&release.join("SHA256SUMS")),
    );
    let sums = run(release, "sha256sum", &["-c", "--strict", "SHA256SUMS"], None);
    signature.status.success() && sums.status.success()
}

#[test]
fn signed_sums_verify_with_ssh_keygen_and_any_change_fails() {
    if !common::tools_available(&["ssh-keygen", "sha256sum"], "openssh-client and coreutils") {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let release = scratch.path().join("release");
    std::fs::create_dir(&release).unwrap();
    std::fs::write(
        release.join("fieldvault_0.1.0_amd64.deb"),
        b"!<arch>\ndebian-binary stand-in",
    )
    .unwrap();
    std::fs::write(
        release.join("fieldvault-0.1.0-x86_64-linux.tar.gz"),
        vec![7u8; 4096],
    )
    .unwrap();
    std::fs::write(
        release.join("fieldvault-0.1.0.cdx.json"),
        b"{\"bomFormat\":\"CycloneDX\"}\n",
    )
    .unwrap();
    let sums = run(
        &release,
        "sh",
        &[
            "-c",
            "sha256sum fieldvault_0.1.0_amd64.deb fieldvault-0.1.0-x86_64-linux.tar.gz fieldvault-0.1.0.cdx.json > SHA256SUMS",
        ],
        None,
    );
    assert!(sums.status.success());
    let key = keygen(scratch.path(), "release-key");
    let signed = Command::new(packaging("sign"))
        .arg(&release)
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        signed.status.success(),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    assert!(release.join("SHA256SUMS.sig").exists());

    // The allowed_signers line the organisation hands out with its release key.
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let allowed = scratch.path().join("allowed_signers");
    std::fs::write(
        &allowed,
        format!("release@example.org namespaces=\"fieldvault-release\" {public}"),
    )
    .unwrap();
    assert!(
        verifies(&release, &allowed, "fieldvault-release"),
        "the signed release verifies"
    );
    assert!(
        !verifies(&release, &allowed, "fieldvault-bundle"),
        "another namespace does not"
    );

    // Someone else's key, with the same name, is not the release key.
    let other = keygen(scratch.path(), "other-key");
    let impostor = scratch.path().join("impostor_signers");
    let other_public = std::fs::read_to_string(other.with_extension("pub")).unwrap();
    std::fs::write(
        &impostor,
        format!("release@example.org namespaces=\"fieldvault-release\" {other_public}"),
    )
    .unwrap();
    assert!(!verifies(&release, &impostor, "fieldvault-release"));

    // One byte of an artifact changed: the sums no longer match.
    let tar = release.join("fieldvault-0.1.0-x86_64-linux.tar.gz");
    let mut bytes = std::fs::read(&tar).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&tar, &bytes).unwrap();
    assert!(
        !verifies(&release, &allowed, "fieldvault-release"),
        "a modified artifact fails"
    );
    bytes[100] ^= 1;
    std::fs::write(&tar, &bytes).unwrap();
    assert!(verifies(&release, &allowed, "fieldvault-release"));

    // The sums rewritten to match a modified artifact: the signature no longer matches.
    std::fs::write(&tar, b"a different archive").unwrap();
    let resummed = run(
        &release,
        "sh",
        &[
            "-c",
            "sha256sum fieldvault_0.1.0_amd64.deb fieldvault-0.1.0-x86_64-linux.tar.gz fieldvault-0.1.0.cdx.json > SHA256SUMS",
        ],
        None,
    );
    assert!(resummed.status.success());
    assert!(
        !verifies(&release, &allowed, "fieldvault-release"),
        "re-written sums fail the signature"
    );
}
