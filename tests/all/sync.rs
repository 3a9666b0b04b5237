//! The network handoff (#16, first part): field → drop box → headquarters → drop box →
//! field over loopback, with the real binary on both sides and a real drop box (file store,
//! self-signed certificate pinned by its SHA-256). Also: a wrong pin sends nothing, a
//! device the drop box does not know is refused, and the drop box's store holds no
//! plaintext.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::{Env, binary, card, files_containing, pair};

/// A drop box process, stopped when dropped.
pub(crate) struct DropBox {
    pub(crate) child: Child,
    pub(crate) url: String,
    pub(crate) pin: String,
    store: Option<tempfile::TempDir>,
    /// Everything the drop box wrote to its standard error: its log.
    log: tempfile::NamedTempFile,
}

impl DropBox {
    pub(crate) fn start(cards: &[&Path]) -> DropBox {
        DropBox::start_on(tempfile::tempdir().unwrap(), cards)
    }

    /// A drop box on an existing store (a restart keeps what the store holds).
    pub(crate) fn start_on(store: tempfile::TempDir, cards: &[&Path]) -> DropBox {
        let path = store.path().to_str().unwrap().to_owned();
        let mut dropbox = DropBox::launch(&path, cards, &[], &[]);
        dropbox.store = Some(store);
        dropbox
    }

    /// `dropbox serve --store STORE` with `extra` arguments and environment.
    pub(crate) fn launch(store: &str, cards: &[&Path], extra: &[&str], env: &[(&str, &str)]) -> DropBox {
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut command = Command::new(binary());
        command
            .args(["dropbox", "serve", "--store", store])
            .args(extra)
            .env("LC_ALL", "C.UTF-8")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(log.reopen().unwrap());
        if !extra.contains(&"--listen") {
            command.args(["--listen", "127.0.0.1:0"]);
        }
        for card in cards {
            command.arg("--trust").arg(card);
        }
        let mut child = command.spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let Some(Ok(url)) = lines.next() else {
            panic!(
                "the drop box did not start: {}",
                std::fs::read_to_string(log.path()).unwrap_or_default()
            );
        };
        let pin = lines.next().unwrap().unwrap();
        DropBox {
            child,
            url: url.strip_prefix("listening on ").unwrap().to_owned(),
            pin: pin.strip_prefix("certificate pin ").unwrap().to_owned(),
            store: None,
            log,
        }
    }

    /// What the drop box logged so far.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap()
    }

    pub(crate) fn store(&self) -> &Path {
        self.store.as_ref().unwrap().path()
    }

    /// Stops the drop box and hands back its store.
    pub(crate) fn stop(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.store.take().unwrap()
    }
}

impl Drop for DropBox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A field laptop and headquarters that trust each other (the samples sealed on the
/// laptop), their trust cards, and a drop box that serves both.
pub(crate) fn pair_and_dropbox() -> (common::Pair, PathBuf, PathBuf, DropBox) {
    let pair = pair();
    let hq_card = card(&pair.hq, "hq-relay.card");
    let field_card = card(&pair.field, "field-relay.card");
    let dropbox = DropBox::start(&[&hq_card, &field_card]);
    (pair, hq_card, field_card, dropbox)
}

/// Every file under `dir` (none if it does not exist).
pub(crate) fn objects_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(objects_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// Sends requests signed by hand, as a client that does not follow the protocol would:
/// answers with the status and the refusal code, if any.
pub(crate) struct RawClient {
    url: String,
    client: reqwest::blocking::Client,
}

impl RawClient {
    pub(crate) fn new(url: &str, pin: &str) -> RawClient {
        fieldvault::relay::tls::install_provider();
        let tls = rustls::ClientConfig::builder_with_provider(fieldvault::relay::tls::provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(std::sync::Arc::new(fieldvault::relay::tls::Pinned::new(
                pin.to_owned(),
            )))
            .with_no_client_auth();
        let client = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls)
            .no_proxy()
            .build()
            .unwrap();
        RawClient {
            url: url.to_owned(),
            client,
        }
    }

    pub(crate) fn send(
        &self,
        vault: &fieldvault_core::vault::Vault,
        request: &fieldvault_core::relay::RelayRequest,
        body: &[u8],
    ) -> (u16, Option<String>) {
        let signature = vault.sign_relay(request).unwrap();
        let response = self
            .client
            .request(
                reqwest::Method::from_bytes(request.method.as_bytes()).unwrap(),
                format!("{}{}", self.url, request.path),
            )
            .header("x-fieldvault-key", signature.key)
            .header("x-fieldvault-signature", signature.signature)
            .header("x-fieldvault-time", request.time.to_string())
            .header("x-fieldvault-nonce", request.nonce.clone())
            .header("x-fieldvault-body-sha256", request.body_sha256.clone())
            .body(body.to_vec())
            .send()
            .unwrap();
        let refusal = response
            .headers()
            .get("x-fieldvault-refusal")
            .map(|v| v.to_str().unwrap().to_owned());
        (response.status().as_u16(), refusal)
    }
}

/// Field → drop box → headquarters → drop box → field: the six sealed samples are sent,
/// imported and confirmed delivered. After the laptop's sync, `stored` (where the drop
/// box's store keeps its bytes) holds no code, no narrative word, no interview JSON.
pub(crate) fn whole_loop(pair: &common::Pair, dropbox: &DropBox, stored: &Path) {
    let sent = pair
        .field
        .run(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    assert!(sent.stdout.contains("sent bundle"), "{}", sent.stdout);
    assert!(
        states(&pair.field).contains("exported   6"),
        "{}",
        states(&pair.field)
    );
    for canary in ["W26-0001", "narrative", "consent"] {
        let found = files_containing(stored, canary.as_bytes());
        assert!(found.is_empty(), "{canary} in {found:?}");
    }
    let fetched = pair
        .hq
        .run(&["sync", "--from", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    assert!(fetched.stdout.contains("imported bundle"), "{}", fetched.stdout);
    assert_eq!(interview_count(&pair.hq), 6);
    let back = pair
        .field
        .run(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    assert!(back.stdout.contains("applied receipt"), "{}", back.stdout);
    assert!(
        states(&pair.field).contains("delivered  6"),
        "{}",
        states(&pair.field)
    );
}

/// How many interviews `env` lists (headquarters' archive).
pub(crate) fn interview_count(env: &Env) -> usize {
    env.run(&["interview", "list"])
        .ok()
        .stdout
        .matches("W26-")
        .count()
}

pub(crate) fn states(env: &Env) -> String {
    env.run(&["status"]).ok().stdout
}

#[test]
fn field_to_headquarters_and_back_through_a_drop_box() {
    let (pair, _, _, dropbox) = pair_and_dropbox();
    assert_eq!(dropbox.pin.len(), 64, "{}", dropbox.pin);

    whole_loop(&pair, &dropbox, dropbox.store());
    // Confirmed bundles left the outbox; the drop box is empty but for its own files.
    let outbox: Vec<_> = std::fs::read_dir(pair.field.vault().join("outbox"))
        .unwrap()
        .collect();
    assert!(outbox.is_empty(), "{outbox:?}");
    assert_eq!(objects_under(&dropbox.store().join("up")), Vec::<PathBuf>::new());
    assert_eq!(
        objects_under(&dropbox.store().join("down")),
        Vec::<PathBuf>::new()
    );
    // Its log holds no interview code, no client address and no object name: it is empty.
    assert_eq!(dropbox.log(), "");
    let again = pair
        .hq
        .run(&["sync", "--from", &dropbox.url, "--pin", &dropbox.pin, "--json"])
        .ok();
    let report: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(report["imported"].as_array().unwrap().len(), 0, "{report}");
}

#[test]
fn a_wrong_pin_sends_nothing_and_a_stranger_is_refused() {
    let (pair, hq_card, _, dropbox) = pair_and_dropbox();

    let wrong = "0".repeat(64);
    pair.field
        .run(&["sync", "--to", &dropbox.url, "--pin", &wrong])
        .fails(1, "another certificate than the pinned one");
    pair.field
        .run(&["sync", "--to", &dropbox.url, "--pin", "abc"])
        .fails(2, "64 hexadecimal digits");
    let up = dropbox.store().join("up");
    assert!(!up.exists() || std::fs::read_dir(&up).unwrap().next().is_none());

    // A laptop whose card the drop box was not given.
    let stranger = Env::with_vault();
    stranger.trust(hq_card.to_str().unwrap()).ok();
    stranger.add_samples();
    stranger.run(&["interview", "seal", "--all"]).ok();
    stranger
        .run(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin])
        .fails(9, "the drop box does not know this key");
    // A field laptop cannot fetch what others sent.
    pair.field
        .run(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    let field_as_hq = pair
        .field
        .run(&["sync", "--from", &dropbox.url, "--pin", &dropbox.pin]);
    assert_eq!(field_as_hq.code, 2, "{}", field_as_hq.stderr);
}

/// `sync` is the one command that opens network sockets, and it connects only to the
/// address it was given (the drop box), never anywhere else (no DNS, no proxy lookup).
#[test]
fn sync_connects_only_to_the_drop_box() {
    let strace = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !strace {
        assert!(
            std::env::var_os("FIELDVAULT_REQUIRE_INTEROP").is_none(),
            "strace is missing"
        );
        return;
    }
    let (pair, _, _, dropbox) = pair_and_dropbox();
    let trace = pair.field.root.path().join("sync-trace");
    let inner = pair
        .field
        .command_with(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin]);
    let mut traced = Command::new("strace");
    traced
        .args(["-f", "-qq", "-e", "trace=connect", "-o"])
        .arg(&trace)
        .arg(inner.get_program())
        .args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => traced.env(key, value),
            None => traced.env_remove(key),
        };
    }
    traced.current_dir(inner.get_current_dir().unwrap());
    let out = traced.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let port = dropbox.url.rsplit(':').next().unwrap().to_owned();
    let connects: Vec<String> = std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .filter(|l| l.contains("connect(") && !l.contains("AF_UNIX"))
        .map(str::to_owned)
        .collect();
    assert!(!connects.is_empty(), "sync connected nowhere");
    for line in &connects {
        assert!(
            line.contains(&format!("sin_port=htons({port})")) && line.contains("127.0.0.1"),
            "a connection elsewhere than the drop box: {line}"
        );
    }
}

/// A request sent twice is refused the second time; a device whose card the drop box no
/// longer has (cards re-read on SIGHUP) is refused from then on; a device cannot list what
/// headquarters may list.
#[test]
fn replays_removed_devices_and_roles_are_refused() {
    use fieldvault_core::relay::RelayRequest;
    use fieldvault_core::secret::Passphrase;
    use fieldvault_core::vault::Vault;

    let (pair, hq_card, field_card, dropbox) = pair_and_dropbox();
    let vault = Vault::unlock(
        &pair.field.vault(),
        &Passphrase::new(common::PASSPHRASE.to_owned()),
    )
    .unwrap();
    let raw = RawClient::new(&dropbox.url, &dropbox.pin);
    let send_with = |request: &RelayRequest, body: &[u8]| raw.send(&vault, request, body);
    let send = |request: &RelayRequest| send_with(request, b"");
    let list = RelayRequest::new("GET", "/v1/down", b"");
    assert_eq!(send(&list), (200, None));
    assert_eq!(send(&list), (401, Some("replayed".into())));
    assert_eq!(
        send(&RelayRequest::new("GET", "/v1/up", b"")),
        (403, Some("not-allowed".into())),
        "a device may not list what others sent"
    );
    let mut stale = RelayRequest::new("GET", "/v1/down", b"");
    stale.time -= 3600;
    let (status, refusal) = send(&stale);
    assert_eq!(status, 401);
    assert!(
        refusal.as_deref().is_some_and(|r| r.starts_with("stale -")),
        "{refusal:?}"
    );
    // A body other than the one signed is refused, and nothing is stored.
    let signed = RelayRequest::new("PUT", "/v1/up/0123456789abcdef", b"the signed bundle");
    assert_eq!(
        send_with(&signed, b"another body"),
        (401, Some("bad-signature".into()))
    );
    assert_eq!(objects_under(&dropbox.store().join("up")), Vec::<PathBuf>::new());

    // Headquarters takes the laptop off the drop box: its card is replaced, the drop box
    // told to read the cards again.
    std::fs::copy(&hq_card, &field_card).unwrap();
    let hangup = Command::new("kill")
        .args(["-HUP", &dropbox.child.id().to_string()])
        .status()
        .unwrap();
    assert!(hangup.success());
    let refused = (0..50).find_map(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let answer = send(&RelayRequest::new("GET", "/v1/down", b""));
        (answer.1.as_deref() == Some("unknown-key")).then_some(answer)
    });
    assert_eq!(refused, Some((401, Some("unknown-key".into()))));
}

/// A drop box restarted between the two halves keeps its certificate (same pin) and what
/// it holds; two laptops syncing at the same time both get through.
#[test]
fn a_restart_keeps_the_pin_and_two_laptops_sync_at_once() {
    let pair = pair();
    let second = Env::with_vault();
    let hq_card = card(&pair.hq, "hq-relay.card");
    second.trust(hq_card.to_str().unwrap()).ok();
    let second_card = card(&second, "second.card");
    pair.hq.trust(second_card.to_str().unwrap()).ok();
    second.add_samples_as("X");
    second.run(&["interview", "seal", "--all"]).ok();
    let field_card = card(&pair.field, "field-relay.card");
    let cards = [hq_card.as_path(), field_card.as_path(), second_card.as_path()];
    let dropbox = DropBox::start(&cards);

    let (url, pin) = (dropbox.url.clone(), dropbox.pin.clone());
    let both = std::thread::scope(|scope| {
        let first = scope.spawn(|| pair.field.run(&["sync", "--to", &url, "--pin", &pin]));
        let other = scope.spawn(|| second.run(&["sync", "--to", &url, "--pin", &pin]));
        [first.join().unwrap(), other.join().unwrap()]
    });
    for run in both {
        assert_eq!(run.code, 0, "{}", run.stderr);
    }

    // Restart on the same store.
    let restarted = DropBox::start_on(dropbox.stop(), &cards);
    assert_eq!(restarted.pin, pin, "the certificate is kept in the store");
    let fetched = pair
        .hq
        .run(&[
            "sync",
            "--from",
            &restarted.url,
            "--pin",
            &restarted.pin,
            "--json",
        ])
        .ok();
    let report: serde_json::Value = serde_json::from_str(&fetched.stdout).unwrap();
    assert_eq!(report["imported"].as_array().unwrap().len(), 2, "{report}");
    assert_eq!(interview_count(&pair.hq), 12);
}

/// `--proxy socks5h://` (Tor): the laptop connects only to the proxy and hands it the drop
/// box's *name*, which is never looked up on the laptop; any other proxy form is refused.
#[test]
fn sync_goes_through_a_socks_proxy_that_looks_up_the_name() {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};

    let (pair, _, _, dropbox) = pair_and_dropbox();
    let port = dropbox.url.rsplit(':').next().unwrap().to_owned();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = listener.local_addr().unwrap();
    let asked: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = asked.clone();
    // A minimal SOCKS5 server (RFC 1928, no authentication, CONNECT only) that resolves
    // `dropbox.invalid` to the drop box on loopback.
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            let record = record.clone();
            std::thread::spawn(move || {
                let mut greeting = [0u8; 2];
                client.read_exact(&mut greeting).unwrap();
                let mut methods = vec![0u8; greeting[1] as usize];
                client.read_exact(&mut methods).unwrap();
                client.write_all(&[5, 0]).unwrap();
                let mut head = [0u8; 4];
                client.read_exact(&mut head).unwrap();
                let host = match head[3] {
                    3 => {
                        let mut len = [0u8; 1];
                        client.read_exact(&mut len).unwrap();
                        let mut name = vec![0u8; len[0] as usize];
                        client.read_exact(&mut name).unwrap();
                        String::from_utf8(name).unwrap()
                    }
                    other => format!("address type {other}"),
                };
                let mut target_port = [0u8; 2];
                client.read_exact(&mut target_port).unwrap();
                let target_port = u16::from_be_bytes(target_port);
                record.lock().unwrap().push(format!("{host}:{target_port}"));
                let upstream = TcpStream::connect(("127.0.0.1", target_port)).unwrap();
                client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0]).unwrap();
                let (mut a, mut b) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut a, &mut b);
                    let _ = b.shutdown(std::net::Shutdown::Both);
                });
                let (mut c, mut d) = (upstream, client);
                let _ = std::io::copy(&mut c, &mut d);
                let _ = d.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    let named = format!("https://dropbox.invalid:{port}");
    let through = pair
        .field
        .run(&[
            "sync",
            "--to",
            &named,
            "--pin",
            &dropbox.pin,
            "--proxy",
            &format!("socks5h://{proxy}"),
        ])
        .ok();
    assert!(through.stdout.contains("sent bundle"), "{}", through.stdout);
    let asked = asked.lock().unwrap().clone();
    assert!(!asked.is_empty());
    assert!(
        asked.iter().all(|a| a == &format!("dropbox.invalid:{port}")),
        "{asked:?}"
    );
    // Without the proxy the name means nothing here.
    pair.field
        .run(&["sync", "--to", &named, "--pin", &dropbox.pin])
        .fails(1, "cannot be reached");
    // A proxy that would look the name up locally, or is not SOCKS, is refused.
    for wrong in [
        "socks5://127.0.0.1:9050",
        "http://127.0.0.1:8080",
        "127.0.0.1:9050",
    ] {
        pair.field
            .run(&["sync", "--to", &named, "--pin", &dropbox.pin, "--proxy", wrong])
            .fails(1, "socks5h://");
    }
}

/// A drop box given a store it cannot use says which and why, and does not start.
#[test]
fn a_drop_box_with_an_unusable_store_says_why() {
    let hq = common::init_hq("Seoul HQ");
    let hq_card = card(&hq, "hq-relay.card");
    let serve = |store: &str, env: &[(&str, &str)]| {
        let out = Command::new(binary())
            .args([
                "dropbox",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--store",
                store,
                "--trust",
            ])
            .arg(&hq_card)
            .env("LC_ALL", "C.UTF-8")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let ftp = serve("ftp://example.org/box", &[]);
    assert!(ftp.contains("file://DIR") && ftp.contains("s3://BUCKET"), "{ftp}");
    let no_key = serve("s3://dropbox?endpoint=http://127.0.0.1:9", &[]);
    assert!(no_key.contains("AWS_ACCESS_KEY_ID"), "{no_key}");
    let two = serve("s3://dropbox/sub", &[]);
    assert!(two.contains("name one bucket"), "{two}");
    let unknown = serve("s3://dropbox?endpiont=http://127.0.0.1:9", &[]);
    assert!(unknown.contains("endpiont"), "{unknown}");
    // A store nobody answers for: refused at start, not at the first laptop's request.
    let down = serve(
        "s3://dropbox?endpoint=http://127.0.0.1:9",
        &[("AWS_ACCESS_KEY_ID", "GK0"), ("AWS_SECRET_ACCESS_KEY", "0")],
    );
    assert!(down.contains("cannot"), "{down}");
}
