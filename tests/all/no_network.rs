//! No command opens a network socket: each runs under `strace -f` and any `socket()` call
//! other than a local Unix socket fails the test (issue "Prove it", item 4; the desktop
//! app joins it in a real window under Xvfb).

use crate::common;

use std::process::Command;

use common::{Env, pair};

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
    same_environment(&inner, &mut cmd);
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
    if !common::tools_available(&["strace"], "strace") {
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
    // The receipt has a random name like the bundle's: the laptop looks in the folder.
    seen.extend(sockets_opened(&pair.field, &["receipt", "import", &stick]));
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
    if !common::tools_available(&["strace"], "strace") {
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

/// The desktop app in a real window (Xvfb, the debug binary): unlock with the keyboard
/// through `xdotool`, let the interview list draw, lock with the panic key, quit. Under
/// `strace -f` it opens no network socket; afterwards no file in its home, XDG, temp or
/// working folders holds text from the interviews (no cache, log or state file).
#[cfg(feature = "gui")]
#[test]
fn the_desktop_app_in_a_real_window_opens_no_network_socket_and_writes_no_plaintext() {
    if !common::tools_available(&["strace"], "strace") || !common::window_tools_available() {
        return;
    }
    let env = Env::with_vault();
    env.add_samples().ok();
    let trace = env.root.path().join("app.strace");
    // The app takes no --passphrase-file: it asks in its window.
    let script = r#"
        strace -f -qq -e trace=socket,connect,socketpair,openat -o "$TRACE" \
            "$APP" --vault "$VAULT" &
        app=$!
        # $app is strace, which would detach and leave the app running: stop its child.
        trap 'pkill -TERM -P $app; wait $app' EXIT
        window=$(timeout 120 xdotool search --sync --onlyvisible --name '^fieldvault' | head -n 1)
        [ -n "$window" ] || { echo "no window appeared" >&2; exit 3; }
        xdotool windowfocus --sync "$window"
        sleep 1
        xdotool type --delay 15 "$PASSPHRASE"
        xdotool key Return
        # Unlocked once the database is opened; then give the list time to draw.
        for _ in $(seq 1 120); do
            grep -q 'vault\.db", .*= [0-9]' "$TRACE" && break
            sleep 0.5
        done
        sleep 3
        xdotool key ctrl+l
        sleep 1
        exit 0
    "#;
    let inner = env.command();
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", "-screen 0 1280x900x24", "bash", "-c", script])
        .env("TRACE", &trace)
        .env("APP", env!("CARGO_BIN_EXE_fieldvault"))
        .env("VAULT", env.vault())
        .env("PASSPHRASE", common::PASSPHRASE)
        .current_dir(env.cwd());
    same_environment(&inner, &mut cmd);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "the app session failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&trace).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("vault.db") && !l.contains("ENOENT") && l.contains("openat(")),
        "the app never opened the database, so it was not unlocked:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.lines()
            .any(|l| l.contains("connect(") && l.contains("AF_UNIX")),
        "the trace does not show the app's own X11 connection, so it saw nothing"
    );
    let network: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("socket(") || l.contains("connect(") || l.contains("socketpair("))
        .filter(|l| !l.contains("AF_UNIX") && !l.contains("AF_LOCAL"))
        .collect();
    assert!(
        network.is_empty(),
        "network sockets were opened:\n{}",
        network.join("\n")
    );

    for canary in [
        "restaurant across the river",
        "Changbai",
        "두만강을 건넜다",
        "온성 보위부",
        "W26-0001",
    ] {
        for dir in [env.vault(), env.tmp(), env.home(), env.cwd()] {
            let hits = common::files_containing(&dir, canary.as_bytes());
            assert!(hits.is_empty(), "{canary:?} in plaintext in {hits:?}");
        }
    }
}

/// Gives `to` the environment the test harness set on `from` (HOME, XDG, TMPDIR inside the
/// scratch folder).
fn same_environment(from: &Command, to: &mut Command) {
    for (key, value) in from.get_envs() {
        match value {
            Some(v) => to.env(key, v),
            None => to.env_remove(key),
        };
    }
}
