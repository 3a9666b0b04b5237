//! The first day of a newcomer, with nothing set up: an empty home folder, no `--vault`,
//! no XDG variables. The command line as the README writes it, and the desktop app's first
//! launch in a real window (Xvfb), both make the default vault with private folders.

use crate::common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PASSPHRASE: &str = common::PASSPHRASE;

/// A command with only an empty HOME: no vault named anywhere.
fn newcomer(home: &Path) -> Command {
    let mut cmd = Command::new(common::binary());
    cmd.env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", "C.UTF-8")
        .current_dir(home)
        .stdin(Stdio::null());
    cmd
}

fn default_vault(home: &Path) -> PathBuf {
    home.join(".local/share/fieldvault/vault")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_command_line_makes_and_opens_the_default_vault_in_an_empty_home() {
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let pass = scratch.path().join("pass");
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap();

    let init = newcomer(&home)
        .args(["--passphrase-file", pass.to_str().unwrap(), "init"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&init.stderr);
    assert!(init.status.success(), "{stderr}");
    let vault = default_vault(&home);
    assert!(
        stderr.contains(&vault.display().to_string()),
        "it says which vault: {stderr}"
    );
    assert!(vault.join("vault.header").is_file());
    for dir in [
        home.join(".local"),
        home.join(".local/share"),
        home.join(".local/share/fieldvault"),
        vault.clone(),
    ] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    assert_eq!(mode(&vault.join("vault.db")), 0o600);
    assert_eq!(mode(&vault.join("vault.header")), 0o600);

    let status = newcomer(&home)
        .args(["--passphrase-file", pass.to_str().unwrap(), "status", "--json"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(report["interviews"], 0, "{report}");
    assert!(String::from_utf8_lossy(&status.stderr).contains(&vault.display().to_string()));
}

#[cfg(feature = "gui")]
#[test]
fn the_app_first_launch_in_an_empty_home_creates_the_default_vault() {
    if !common::window_tools_available() {
        return;
    }
    // A desktop in English, and one in Korean (the app speaks the desktop's language).
    for locale in ["C.UTF-8", "ko_KR.UTF-8"] {
        first_launch(locale);
    }
}

#[cfg(feature = "gui")]
fn first_launch(locale: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path().join("home");
    std::fs::create_dir(&home).unwrap();
    // The cursor waits in the first field: the passphrase is typed twice (Tab between) and
    // Enter creates the vault.
    let script = r#"
        "$APP" &
        app=$!
        trap 'kill $app 2>/dev/null; wait $app' EXIT
        window=$(timeout 120 xdotool search --sync --onlyvisible --name '^fieldvault' | head -n 1)
        [ -n "$window" ] || { echo "no window appeared" >&2; exit 3; }
        xdotool windowfocus --sync "$window"
        sleep 1
        xdotool type --delay 15 "$PASSPHRASE"
        xdotool key Tab
        xdotool type --delay 15 "$PASSPHRASE"
        xdotool key Return
        for _ in $(seq 1 120); do
            [ -f "$VAULT/vault.header" ] && break
            sleep 0.5
        done
        sleep 3
        [ -n "$SHOT" ] && import -window root "$SHOT"
        exit 0
    "#;
    let shot = std::env::var("FIELDVAULT_SCREENSHOT").unwrap_or_default();
    let mut cmd = Command::new("xvfb-run");
    cmd.env_clear()
        .env("HOME", &home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", locale)
        .env("APP", common::binary())
        .env("VAULT", default_vault(&home))
        .env("PASSPHRASE", PASSPHRASE)
        .env("SHOT", shot)
        .current_dir(&home)
        .args(["-a", "-s", "-screen 0 1280x900x24", "bash", "-c", script]);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{locale}: the app session failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vault = default_vault(&home);
    assert!(
        vault.join("vault.header").is_file(),
        "{locale}: no vault was created: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(vault.join("vault.db").is_file());
    assert_eq!(mode(&home.join(".local/share/fieldvault")), 0o700);
    // The vault the app made opens with the passphrase typed into it.
    let pass = scratch.path().join("pass");
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap();
    let status = newcomer(&home)
        .args(["--passphrase-file", pass.to_str().unwrap(), "status"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    // Nothing but the vault was written into the empty home.
    let mut written = Vec::new();
    collect(&home, &mut written);
    written.retain(|p| !p.starts_with(&vault));
    assert!(
        written.iter().all(|p| p.is_dir()),
        "files outside the vault: {written:?}"
    );
}

#[cfg(feature = "gui")]
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        out.push(path.clone());
        if path.is_dir() {
            collect(&path, out);
        }
    }
}

#[test]
fn the_version_names_the_commit_and_the_build_settings() {
    let home = tempfile::tempdir().unwrap();
    let out = newcomer(home.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.starts_with(&format!("fieldvault {}", env!("CARGO_PKG_VERSION"))),
        "{said}"
    );
    // Built from a git checkout (as the README's commands and CI do): the full commit.
    let commit = said
        .lines()
        .find_map(|l| l.strip_prefix("commit: "))
        .unwrap_or_else(|| panic!("no commit line: {said}"));
    assert!(
        commit.len() >= 40 && commit[..40].bytes().all(|b| b.is_ascii_hexdigit()),
        "{said}"
    );
    assert!(
        said.contains("SOURCE_DATE_EPOCH") && said.contains("paths remapped"),
        "{said}"
    );
}
