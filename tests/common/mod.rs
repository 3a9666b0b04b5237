//! Helpers for integration tests: run the real `fieldvault` binary against a vault in a
//! private temporary folder, with its own TMPDIR so leaks to temp files can be checked.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASSPHRASE: &str = "correct horse battery staple";

/// The XDG base directories, each pointed into the scratch home folder.
pub const XDG_DIRS: [(&str, &str); 5] = [
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_STATE_HOME", ".local/state"),
    ("XDG_RUNTIME_DIR", "run"),
];

pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/samples")
}

pub fn sample_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

/// The binary under test: the one cargo built, or `FIELDVAULT_TEST_BINARY` (a copy, so
/// that a long crash run is not disturbed by the next build replacing the file).
pub fn binary() -> PathBuf {
    std::env::var_os("FIELDVAULT_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_fieldvault")))
}

/// A scratch area: the vault folder, a passphrase file, an input folder, a TMPDIR, a home
/// folder (with the XDG cache, config, data and state folders inside) and a working folder,
/// so that anything the binary writes outside the vault lands where tests can scan it.
pub struct Env {
    pub root: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails(self, code: i32, needle: &str) -> Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}: {}",
            self.stderr
        );
        self
    }
}

impl Env {
    pub fn new() -> Env {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("tmp")).unwrap();
        fs::create_dir(root.path().join("in")).unwrap();
        fs::create_dir(root.path().join("cwd")).unwrap();
        for dir in XDG_DIRS {
            fs::create_dir_all(root.path().join("home").join(dir.1)).unwrap();
        }
        fs::write(root.path().join("pass"), format!("{PASSPHRASE}\n")).unwrap();
        Env { root }
    }

    /// An initialised field vault.
    pub fn with_vault() -> Env {
        let env = Env::new();
        env.run(&["init"]).ok();
        env
    }

    pub fn vault(&self) -> PathBuf {
        self.root.path().join("vault")
    }

    pub fn tmp(&self) -> PathBuf {
        self.root.path().join("tmp")
    }

    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    /// The working folder commands run in.
    pub fn cwd(&self) -> PathBuf {
        self.root.path().join("cwd")
    }

    pub fn pass_file(&self) -> PathBuf {
        self.root.path().join("pass")
    }

    /// Writes an input file and returns its path.
    pub fn input(&self, name: &str, content: &str) -> PathBuf {
        let path = self.root.path().join("in").join(name);
        fs::write(&path, content).unwrap();
        path
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(binary());
        cmd.env("TMPDIR", self.tmp())
            .env("HOME", self.home())
            .current_dir(self.cwd())
            .env_remove("FIELDVAULT_VAULT")
            // The crash tests give vaults a cheap header on purpose; no test but the one
            // about it (which removes this) wants the binary to strengthen it.
            .env("FIELDVAULT_KEEP_WEAK_KDF", "1")
            // Errors are worded in the desktop's language; the tests read English unless
            // they ask for Korean.
            .env("LC_ALL", "C.UTF-8")
            .arg("--vault")
            .arg(self.vault())
            .arg("--passphrase-file")
            .arg(self.pass_file())
            .stdin(Stdio::null());
        for (var, dir) in XDG_DIRS {
            cmd.env(var, self.home().join(dir));
        }
        cmd
    }

    /// The command with `args`, not yet started.
    pub fn command_with(&self, args: &[&str]) -> Command {
        let mut cmd = self.command();
        cmd.args(args);
        cmd
    }

    /// `trust add CARD`, confirming the fingerprint the other side would read out (the
    /// card's own, as `identity show` prints it on the other machine).
    pub fn trust(&self, card: &str) -> Run {
        let fingerprint = fs::read_to_string(card)
            .ok()
            .and_then(|text| fieldvault_core::testing::bundle::TrustCard::parse(&text).ok())
            .map(|c| c.fingerprint().safety_number())
            .unwrap_or_else(|| "0".into());
        self.run(&["trust", "add", card, "--fingerprint", &fingerprint])
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().unwrap())
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        use std::io::Write;
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        Run::from(child.wait_with_output().unwrap())
    }

    pub fn add_samples(&self) -> Run {
        let paths = sample_paths();
        let mut args = vec!["interview", "add"];
        let strs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        args.extend(strs.iter().map(String::as_str));
        self.run(&args).ok()
    }

    /// Adds the samples again with every code prefixed (a second batch of interviews).
    pub fn add_samples_as(&self, prefix: &str) -> Run {
        let mut args: Vec<String> = vec!["interview".into(), "add".into()];
        for (i, path) in sample_paths().iter().enumerate() {
            let mut value: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
            let code = format!("{prefix}{}", value["code"].as_str().unwrap());
            value["code"] = code.into();
            args.push(
                self.input(&format!("{prefix}-{i}.json"), &value.to_string())
                    .display()
                    .to_string(),
            );
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run(&refs).ok()
    }

    /// Every file under the vault folder with its bytes, to prove nothing changed.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        collect(&self.vault(), &mut files);
        files.retain(|(p, _)| !p.to_string_lossy().ends_with("-shm"));
        files.sort();
        files
    }
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if let Ok(bytes) = fs::read(&path) {
            out.push((path, bytes));
        }
    }
}

/// Paths of files under `dir` whose raw bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files
        .into_iter()
        .filter(|(_, bytes)| bytes.windows(needle.len()).any(|w| w == needle))
        .map(|(p, _)| p)
        .collect()
}

/// Every page of `vault.db` decrypted with the vault's *current* key (free pages included),
/// concatenated: SQLCipher 4 defaults, 4096-byte pages, 80 reserved bytes per page
/// (16-byte IV, 64-byte HMAC), the first 16 bytes of page 1 being the salt.
pub fn decrypted_pages(vault: &Path, passphrase: &str) -> Vec<u8> {
    use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::NoPadding};
    use fieldvault_core::secret::Passphrase;
    use fieldvault_core::testing::crypto::header::VaultHeader;
    const PAGE: usize = 4096;
    const RESERVE: usize = 80;
    let header = VaultHeader::parse(&fs::read(vault.join("vault.header")).unwrap()).unwrap();
    let keys = header.unlock(&Passphrase::new(passphrase.to_owned())).unwrap();
    let key = keys.current().expose_secret();
    let db = fs::read(vault.join("vault.db")).unwrap();
    assert_eq!(db.len() % PAGE, 0, "vault.db is not whole pages");
    let mut out = Vec::with_capacity(db.len());
    for (i, page) in db.chunks(PAGE).enumerate() {
        let start = if i == 0 { 16 } else { 0 };
        let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
        let mut data = page[start..PAGE - RESERVE].to_vec();
        cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
            .decrypt_padded_mut::<NoPadding>(&mut data)
            .unwrap();
        out.extend_from_slice(&data);
    }
    out
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A headquarters vault with a label.
pub fn init_hq(label: &str) -> Env {
    let hq = Env::new();
    hq.run(&["init", "--hq", "--label", label]).ok();
    hq
}

/// Writes `env`'s trust card into its scratch folder and returns the path.
pub fn card(env: &Env, name: &str) -> PathBuf {
    let path = env.root.path().join(name);
    env.run(&["identity", "export", path.to_str().unwrap()]).ok();
    path
}

/// A field vault and a headquarters vault that trust each other; the samples sealed on
/// the field side; a scratch "stick".
pub struct Pair {
    pub field: Env,
    pub hq: Env,
    pub stick: tempfile::TempDir,
}

pub fn pair() -> Pair {
    let field = Env::with_vault();
    let hq = init_hq("Seoul HQ");
    field.trust(card(&hq, "hq.card").to_str().unwrap()).ok();
    hq.trust(card(&field, "field.card").to_str().unwrap()).ok();
    field.add_samples();
    field.run(&["interview", "seal", "--all"]).ok();
    Pair {
        field,
        hq,
        stick: tempfile::tempdir().unwrap(),
    }
}

impl Pair {
    /// Exports to the stick and returns the bundle's path.
    pub fn export(&self) -> PathBuf {
        let out = self
            .field
            .run(&["export", "--to", self.stick.path().to_str().unwrap()])
            .ok();
        PathBuf::from(out.stdout.trim())
    }

    /// HQ imports `bundle`; the field applies the receipt.
    pub fn deliver(&self, bundle: &Path) {
        let back = tempfile::tempdir().unwrap();
        self.hq
            .run(&[
                "import",
                bundle.to_str().unwrap(),
                "--receipt-to",
                back.path().to_str().unwrap(),
            ])
            .ok();
        let receipt = fs::read_dir(back.path()).unwrap().next().unwrap().unwrap().path();
        self.field
            .run(&["receipt", "import", receipt.to_str().unwrap()])
            .ok();
    }
}

/// Whether every one of `tools` is on the `PATH`. A missing one makes the calling test
/// print `SKIPPED: …` and pass here; in CI (`FIELDVAULT_REQUIRE_INTEROP=1`) it fails the test,
/// naming what is missing and `install`, the Debian packages that bring it.
pub fn tools_available(tools: &[&str], install: &str) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| {
            !Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("FIELDVAULT_REQUIRE_INTEROP").is_ok_and(|v| v == "1") {
        panic!("missing {missing:?}: install Debian's {install}");
    }
    eprintln!("SKIPPED: {missing:?} not installed (Debian: {install})");
    false
}

/// Whether `xvfb-run` and `xdotool` are here for the tests that drive the app in a real window.
pub fn window_tools_available() -> bool {
    tools_available(&["xvfb-run", "xdotool"], "xvfb and xdotool")
}
