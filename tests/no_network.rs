//! No command opens a network socket: each runs under `strace -f` and any `socket()` call
//! other than a local Unix socket fails the test (issue "Prove it", item 4; the desktop
//! app joins this list when it exists).

mod common;

use std::process::Command;

use common::{Env, pair};

fn strace_available() -> bool {
    if Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return true;
    }
    if std::env::var("FIELDVAULT_REQUIRE_INTEROP").is_ok_and(|v| v == "1") {
        panic!("strace is missing: install Debian's strace");
    }
    eprintln!("SKIPPED: strace not installed");
    false
}

/// Runs one fieldvault command of `env` under strace and returns the socket calls it made.
fn sockets_opened(env: &Env, args: &[&str]) -> Vec<String> {
    let trace = env
        .root
        .path()
        .join(format!("trace-{}", args.join("-").replace('/', "_")));
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-e", "trace=socket,connect,socketpair", "-o"])
        .arg(&trace);
    let inner = env.command();
    cmd.arg(inner.get_program()).args(inner.get_args()).args(args);
    for (key, value) in inner.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .filter(|l| l.contains("socket(") || l.contains("connect(") || l.contains("socketpair("))
        .filter(|l| !l.contains("AF_UNIX") && !l.contains("AF_LOCAL"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_field_or_headquarters_command_opens_a_network_socket() {
    if !strace_available() {
        return;
    }
    let pair = pair();
    let stick = pair.stick.path().to_str().unwrap().to_owned();
    let sample = common::sample_paths()[0].display().to_string();
    let mut seen = Vec::new();
    for args in [
        vec!["status"],
        vec!["interview", "list"],
        vec!["interview", "show", "W26-0002", "--json"],
        vec!["search", "보위부"],
        vec!["log", "verify"],
        vec!["identity", "show"],
        vec!["trust", "list"],
        vec!["interview", "revise", "W26-0001", &sample],
    ] {
        seen.extend(sockets_opened(&pair.field, &args));
    }
    let bundle = pair
        .field
        .run(&["export", "--to", &stick])
        .ok()
        .stdout
        .trim()
        .to_owned();
    seen.extend(sockets_opened(
        &pair.hq,
        &["import", &bundle, "--receipt-to", &stick],
    ));
    let receipt = std::fs::read_dir(&stick)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "receipt"))
        .unwrap();
    seen.extend(sockets_opened(
        &pair.field,
        &["receipt", "import", receipt.to_str().unwrap()],
    ));
    seen.extend(sockets_opened(&pair.field, &["wipe", "delivered"]));
    seen.extend(sockets_opened(&pair.field, &["wipe", "exported", "--in", &stick]));
    seen.extend(sockets_opened(&pair.field, &["interview", "seal", "W26-0001"]));
    seen.extend(sockets_opened(&pair.field, &["export", "--to", &stick]));
    assert!(
        seen.is_empty(),
        "network sockets were opened:\n{}",
        seen.join("\n")
    );
}

#[test]
fn the_check_would_see_a_network_socket() {
    // Guards the guard: the same filter catches a program that does open one.
    if !strace_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("t");
    let _ = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=socket,connect", "-o"])
        .arg(&trace)
        // bash opens a TCP socket to the loopback discard port (refused; nothing leaves).
        .args(["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true"])
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&trace).unwrap_or_default();
    assert!(text.lines().any(|l| l.contains("socket(AF_INET")), "{text}");
}
