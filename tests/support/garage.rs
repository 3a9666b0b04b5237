//! A real Garage server (S3-compatible object storage) on loopback for the drop box's
//! tests and benchmarks: single node, its own data folder, compression off (so that a
//! canary would be seen in its files), one bucket `dropbox` and one key. Garage comes from
//! `FIELDVAULT_GARAGE` (set by `.ci/run`, which builds and caches it) or the `PATH`.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn garage_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("FIELDVAULT_GARAGE") {
        return Some(PathBuf::from(path));
    }
    // Where `.ci/run` builds it: the target directory's `tools/`.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let built = target.join("tools/bin/garage");
    if built.is_file() {
        return Some(built);
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
pub struct Garage {
    child: Child,
    binary: PathBuf,
    dir: tempfile::TempDir,
    s3_port: u16,
    key_id: String,
    secret: String,
}

impl Garage {
    /// A running Garage, or why there is none (not installed).
    pub fn start() -> Result<Garage, String> {
        let Some(binary) = garage_binary() else {
            return Err(
                "garage is not installed: run .ci/run once (it builds it into target/tools), or \
                 cargo install garage --locked"
                    .into(),
            );
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
        // A node that just started may not take commands yet: each is tried for a while.
        garage.admin_until_done(&["layout", "assign", "-z", "dc1", "-c", "1G", &node]);
        garage.admin_until_done(&["layout", "apply", "--version", "1"]);
        let key = garage.admin_until_done(&["key", "create", "fieldvault"]);
        let field = |name: &str| {
            key.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_owned())
                .unwrap_or_else(|| panic!("no {name} in {key}"))
        };
        garage.key_id = field("Key ID:");
        garage.secret = field("Secret key:");
        garage.admin_until_done(&["bucket", "create", "dropbox"]);
        garage.admin_until_done(&[
            "bucket",
            "allow",
            "--read",
            "--write",
            "--owner",
            "dropbox",
            "--key",
            "fieldvault",
        ]);
        Ok(garage)
    }

    /// Runs an administration command until it succeeds (10 s at most); its output.
    fn admin_until_done(&self, args: &[&str]) -> String {
        for _ in 0..100 {
            if let Some(out) = self.admin(args) {
                return out;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(self.dir.path().join("garage.log")).unwrap_or_default();
        panic!("garage {args:?} kept failing; its log:\n{log}");
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

    pub fn store_url(&self) -> String {
        format!(
            "s3://dropbox?endpoint=http://127.0.0.1:{}&region=garage",
            self.s3_port
        )
    }

    pub fn env(&self) -> [(&str, &str); 2] {
        [
            ("AWS_ACCESS_KEY_ID", self.key_id.as_str()),
            ("AWS_SECRET_ACCESS_KEY", self.secret.as_str()),
        ]
    }

    /// Where Garage keeps objects and their metadata.
    pub fn files(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
