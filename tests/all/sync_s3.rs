//! The drop box on S3-compatible object storage (#16): a real Garage server on loopback,
//! started here with its own data folder (single node, compression off so that a canary
//! would be seen), its key handed to the drop box through the environment. The whole loop
//! runs through it, and through two drop box processes sharing one bucket (a request
//! served by one is refused as a replay by the other).
//!
//! Garage comes from `FIELDVAULT_GARAGE` (set by `.ci/run`, which builds and caches it) or
//! the `PATH`; without it the tests print `SKIPPED: …` and pass, unless
//! `FIELDVAULT_REQUIRE_INTEROP=1`, where they fail.

use crate::common;
use crate::sync::{DropBox, RawClient, states};

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{card, files_containing, pair};

fn skip_or_fail(why: &str) {
    if std::env::var("FIELDVAULT_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("FIELDVAULT_REQUIRE_INTEROP=1 but {why}");
    }
    eprintln!("SKIPPED: {why}");
}

fn garage_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("FIELDVAULT_GARAGE") {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("garage"))
            .find(|path| path.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A single-node Garage cluster with one bucket and one key, stopped when dropped.
pub(crate) struct Garage {
    child: Child,
    binary: PathBuf,
    dir: tempfile::TempDir,
    s3_port: u16,
    key_id: String,
    secret: String,
}

impl Garage {
    pub(crate) fn start() -> Option<Garage> {
        let Some(binary) = garage_binary() else {
            skip_or_fail("garage is not installed (cargo install garage --locked)");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let (s3_port, rpc_port) = (free_port(), free_port());
        let secret: String = (0..32).map(|i| format!("{:02x}", (i * 37 + 11) % 256)).collect();
        let config = format!(
            "metadata_dir = \"{root}/meta\"\n\
             data_dir = \"{root}/data\"\n\
             db_engine = \"sqlite\"\n\
             replication_factor = 1\n\
             compression_level = \"none\"\n\
             rpc_bind_addr = \"127.0.0.1:{rpc_port}\"\n\
             rpc_public_addr = \"127.0.0.1:{rpc_port}\"\n\
             rpc_secret = \"{secret}\"\n\
             [s3_api]\n\
             s3_region = \"garage\"\n\
             api_bind_addr = \"127.0.0.1:{s3_port}\"\n\
             root_domain = \".s3.garage.localhost\"\n",
            root = dir.path().display()
        );
        std::fs::write(dir.path().join("garage.toml"), config).unwrap();
        let log = std::fs::File::create(dir.path().join("garage.log")).unwrap();
        let child = Command::new(&binary)
            .arg("-c")
            .arg(dir.path().join("garage.toml"))
            .arg("server")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut garage = Garage {
            child,
            binary,
            dir,
            s3_port,
            key_id: String::new(),
            secret: String::new(),
        };
        let node = (0..100)
            .find_map(|_| {
                let id = garage.admin(&["node", "id", "-q"]);
                if id.is_none() {
                    std::thread::sleep(Duration::from_millis(100));
                }
                id
            })
            .expect("garage did not start");
        let node = node.trim().split('@').next().unwrap().to_owned();
        garage
            .admin(&["layout", "assign", "-z", "dc1", "-c", "1G", &node])
            .unwrap();
        garage.admin(&["layout", "apply", "--version", "1"]).unwrap();
        let key = garage.admin(&["key", "create", "fieldvault"]).unwrap();
        let field = |name: &str| {
            key.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_owned())
                .unwrap_or_else(|| panic!("no {name} in {key}"))
        };
        garage.key_id = field("Key ID:");
        garage.secret = field("Secret key:");
        garage.admin(&["bucket", "create", "dropbox"]).unwrap();
        garage
            .admin(&[
                "bucket",
                "allow",
                "--read",
                "--write",
                "--owner",
                "dropbox",
                "--key",
                "fieldvault",
            ])
            .unwrap();
        Some(garage)
    }

    /// Runs a `garage` administration command; its output if it succeeded.
    fn admin(&self, args: &[&str]) -> Option<String> {
        let out = Command::new(&self.binary)
            .arg("-c")
            .arg(self.dir.path().join("garage.toml"))
            .args(args)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    pub(crate) fn store_url(&self) -> String {
        format!(
            "s3://dropbox?endpoint=http://127.0.0.1:{}&region=garage",
            self.s3_port
        )
    }

    pub(crate) fn env(&self) -> [(&str, &str); 2] {
        [
            ("AWS_ACCESS_KEY_ID", self.key_id.as_str()),
            ("AWS_SECRET_ACCESS_KEY", self.secret.as_str()),
        ]
    }

    /// Where Garage keeps objects and their metadata.
    pub(crate) fn files(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn dropbox(&self, cards: &[&Path]) -> DropBox {
        DropBox::launch(&self.store_url(), cards, &[], &self.env())
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hq_interviews(env: &common::Env) -> usize {
    env.run(&["interview", "list"])
        .ok()
        .stdout
        .matches("W26-")
        .count()
}

#[test]
fn field_to_headquarters_and_back_through_a_drop_box_on_garage() {
    let Some(garage) = Garage::start() else { return };
    let pair = pair();
    let hq_card = card(&pair.hq, "hq-relay.card");
    let field_card = card(&pair.field, "field-relay.card");
    let dropbox = garage.dropbox(&[&hq_card, &field_card]);

    let sent = pair
        .field
        .run(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    assert!(sent.stdout.contains("sent bundle"), "{}", sent.stdout);
    // Garage's data and metadata hold nothing readable.
    for canary in ["W26-0001", "narrative", "consent"] {
        let found = files_containing(garage.files(), canary.as_bytes());
        assert!(found.is_empty(), "{canary} in {found:?}");
    }
    pair.hq
        .run(&["sync", "--from", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    assert_eq!(hq_interviews(&pair.hq), 6);
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

#[test]
fn two_drop_boxes_on_one_bucket_serve_as_one() {
    use fieldvault_core::relay::RelayRequest;
    use fieldvault_core::secret::Passphrase;
    use fieldvault_core::vault::Vault;

    let Some(garage) = Garage::start() else { return };
    let pair = pair();
    let hq_card = card(&pair.hq, "hq-relay.card");
    let field_card = card(&pair.field, "field-relay.card");
    // The first makes the certificate and keeps it in the bucket; the second uses it.
    let first = garage.dropbox(&[&hq_card, &field_card]);
    let second = garage.dropbox(&[&hq_card, &field_card]);
    assert_eq!(first.pin, second.pin, "one bucket, one certificate");

    pair.field
        .run(&["sync", "--to", &first.url, "--pin", &first.pin])
        .ok();
    pair.hq
        .run(&["sync", "--from", &second.url, "--pin", &second.pin])
        .ok();
    assert_eq!(hq_interviews(&pair.hq), 6);
    pair.field
        .run(&["sync", "--to", &second.url, "--pin", &second.pin])
        .ok();
    assert!(
        states(&pair.field).contains("delivered  6"),
        "{}",
        states(&pair.field)
    );

    // A request served by one is a replay at the other: the bucket remembers it, even
    // though Garage cannot refuse a second write of the same name.
    let vault = Vault::unlock(
        &pair.field.vault(),
        &Passphrase::new(common::PASSPHRASE.to_owned()),
    )
    .unwrap();
    let request = RelayRequest::new("GET", "/v1/down", b"");
    assert_eq!(
        RawClient::new(&first.url, &first.pin).send(&vault, &request, b""),
        (200, None)
    );
    assert_eq!(
        RawClient::new(&second.url, &second.pin).send(&vault, &request, b""),
        (401, Some("replayed".into()))
    );
    assert_eq!(
        RawClient::new(&first.url, &first.pin).send(&vault, &request, b""),
        (401, Some("replayed".into()))
    );
}
