//! Records what `fieldvault --version` says about the build: the commit it was built from
//! and the settings that make a build reproducible (docs/reproducible-builds.md). Nothing
//! here reads the clock, so two builds of one commit with the same settings are identical.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn main() {
    // A source tarball has no .git: the packager names the commit instead.
    println!("cargo:rerun-if-env-changed=FIELDVAULT_COMMIT");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/index");
    let commit = std::env::var("FIELDVAULT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| {
            let head = git(&["rev-parse", "HEAD"])?;
            let dirty =
                git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
            Some(if dirty {
                format!("{head} (with uncommitted changes)")
            } else {
                head
            })
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let remapped = flags.split('\x1f').any(|f| f.starts_with("--remap-path-prefix"));
    let epoch = std::env::var("SOURCE_DATE_EPOCH").unwrap_or_else(|_| "unset".to_owned());
    // Cargo names custom profiles by the one they inherit; these say what was built.
    let opt_level = std::env::var("OPT_LEVEL").unwrap_or_default();
    let debug = std::env::var("DEBUG").unwrap_or_default();
    let target = std::env::var("TARGET").unwrap_or_default();
    println!("cargo:rustc-env=FIELDVAULT_COMMIT={commit}");
    println!(
        "cargo:rustc-env=FIELDVAULT_BUILD_SETTINGS=opt-level {opt_level}, debug info {debug}, target {target}, SOURCE_DATE_EPOCH {epoch}, \
         paths remapped: {}, OpenSSL: vendored (built from source with SQLCipher)",
        if remapped { "yes" } else { "no" }
    );
}
