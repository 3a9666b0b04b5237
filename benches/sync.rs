//! Network sync benchmark (#16). Run: `cargo bench --bench sync`
//! (`FIELDVAULT_BENCH_UPLOAD_MIB` sets the large bundle, default 1024;
//! `FIELDVAULT_BENCH_CONCURRENT_MIB=8,32` the per-upload sizes of the memory rounds;
//! `FIELDVAULT_BENCH_SMALL_BUNDLES` the bundles of the shared-bucket round, default 1000).
//!
//! In one run, against the release binary's drop box on loopback:
//! 1. one large bundle sent by fieldvault as `sync` sends an exported one (its SHA-256
//!    recorded at export, signed request, streamed upload) against `curl --upload-file`
//!    sending the same signed request (goal: at least 0.8× curl's throughput); and a file
//!    the vault did not record, hashed first, against `sha256sum` then `curl`;
//! 2. the drop box's peak memory (VmHWM) while 50 devices upload at once, for two upload
//!    sizes (goal: under 100 MB, not growing with the size);
//! 3. 1,000 small bundles from 50 devices through two drop box processes sharing one
//!    bucket of a real Garage server, fetched and acknowledged by headquarters, none lost.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use fieldvault::relay::client::DropBoxClient;
use fieldvault::relay::watch::Watch;
use fieldvault_core::relay::{BodyDigest, RelayRequest};
use fieldvault_core::secret::Passphrase;
use fieldvault_core::vault::{Role, Vault};

mod common;

#[path = "../tests/support/garage.rs"]
mod garage_server;

fn pass() -> Passphrase {
    Passphrase::new("benchmark passphrase 1".into())
}

/// A vault of `role` and its trust card, written next to it.
fn vault(root: &Path, name: &str, role: Role) -> (Vault, PathBuf) {
    let vault = Vault::create(&root.join(name), &pass(), role, name).unwrap();
    let card = root.join(format!("{name}.card"));
    std::fs::write(&card, vault.trust_card().unwrap()).unwrap();
    (vault, card)
}

/// A drop box process (the release binary), stopped when dropped.
struct DropBox {
    child: Child,
    url: String,
    pin: String,
}

impl DropBox {
    fn start(store: &str, cards: &[PathBuf], env: &[(&str, &str)]) -> DropBox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fieldvault"))
            .args(["dropbox", "serve", "--listen", "127.0.0.1:0", "--max-mib", "4096"])
            .arg("--store")
            .arg(store)
            .args(cards.iter().flat_map(|c| [Path::new("--trust"), c.as_path()]))
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = lines.next().unwrap().unwrap();
        let pin = lines.next().unwrap().unwrap();
        DropBox {
            child,
            url: url.strip_prefix("listening on ").unwrap().to_owned(),
            pin: pin.strip_prefix("certificate pin ").unwrap().to_owned(),
        }
    }

    fn peak_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap() / 1024.0
    }

    fn client(&self) -> DropBoxClient {
        DropBoxClient::new(&self.url, &self.pin, None, Watch::default()).unwrap()
    }
}

impl Drop for DropBox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn random_name(i: usize) -> String {
    format!("{:016x}{:016x}", 0x5eed_0000_u64 + i as u64, rand_u64(i as u64))
}

fn rand_u64(seed: u64) -> u64 {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    x ^= x >> 33;
    x.wrapping_mul(0xff51_afd7_ed55_8ccd)
}

fn sha256_of(path: &Path) -> String {
    let mut digest = BodyDigest::default();
    let mut file = std::fs::File::open(path).unwrap();
    let mut piece = vec![0u8; 1 << 20];
    loop {
        let n = std::io::Read::read(&mut file, &mut piece).unwrap();
        if n == 0 {
            return digest.finish();
        }
        digest.update(&piece[..n]);
    }
}

/// `curl` sending `file` as the signed PUT of bundle `name`; returns the seconds it took.
/// `hash_with_sha256sum` adds the standard tool's hashing of the file to the time.
fn curl_upload(dropbox: &DropBox, device: &Vault, file: &Path, name: &str, hash_with_sha256sum: bool) -> f64 {
    let started = Instant::now();
    let digest = if hash_with_sha256sum {
        let out = Command::new("sha256sum").arg(file).output().unwrap();
        String::from_utf8(out.stdout).unwrap()[..64].to_owned()
    } else {
        sha256_of(file)
    };
    let before_upload = Instant::now();
    let path = format!("/v1/up/{name}");
    let request = RelayRequest::with_digest("PUT", &path, digest);
    let signature = device.sign_relay(&request).unwrap();
    let status = Command::new("curl")
        // `--upload-file` streams the file as a PUT body; `--data-binary @file` would read
        // it into memory first, and curl refuses that for 1 GiB ("out of memory").
        .args(["-sS", "-k", "--http1.1", "-o", "/dev/null", "-w", "%{http_code}"])
        .arg("--upload-file")
        .arg(file)
        .args(["-H", "Expect:"])
        .args(["-H", &format!("x-fieldvault-key: {}", signature.key)])
        .args(["-H", &format!("x-fieldvault-signature: {}", signature.signature)])
        .args(["-H", &format!("x-fieldvault-time: {}", request.time)])
        .args(["-H", &format!("x-fieldvault-nonce: {}", request.nonce)])
        .args([
            "-H",
            &format!("x-fieldvault-body-sha256: {}", request.body_sha256),
        ])
        .arg(format!("{}{path}", dropbox.url))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&status.stdout),
        "201",
        "curl upload failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    if hash_with_sha256sum {
        started.elapsed().as_secs_f64()
    } else {
        before_upload.elapsed().as_secs_f64()
    }
}

fn large_upload(root: &Path, device: &Vault, cards: &[PathBuf]) {
    let mib = common::env_n("FIELDVAULT_BENCH_UPLOAD_MIB", 1024);
    let file = root.join("large.bundle");
    common::random_file(&file, mib, 7);
    let store = root.join("store-large");
    let dropbox = DropBox::start(store.to_str().unwrap(), cards, &[]);
    let client = dropbox.client();
    // `sync` sends an exported bundle with the SHA-256 the vault recorded when it read the
    // file back after writing it; a file the vault does not know is hashed first.
    let recorded = sha256_of(&file);
    let (mut ours, mut hashing, mut tools, mut ceiling) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..3 {
        let started = Instant::now();
        client
            .send_bundle(device, &random_name(round * 4), &file, Some(recorded.clone()))
            .unwrap();
        ours.push(started.elapsed().as_secs_f64());
        let started = Instant::now();
        client
            .send_bundle(device, &random_name(round * 4 + 1), &file, None)
            .unwrap();
        hashing.push(started.elapsed().as_secs_f64());
        tools.push(curl_upload(
            &dropbox,
            device,
            &file,
            &random_name(round * 4 + 2),
            true,
        ));
        ceiling.push(curl_upload(
            &dropbox,
            device,
            &file,
            &random_name(round * 4 + 3),
            false,
        ));
        // The store fills up otherwise: 12 GiB for three rounds of 1 GiB.
        let _ = std::fs::remove_dir_all(store.join("up"));
    }
    let (ours, hashing, tools, ceiling) = (
        common::median_of(ours),
        common::median_of(hashing),
        common::median_of(tools),
        common::median_of(ceiling),
    );
    let rate = |seconds: f64| mib as f64 / seconds;
    println!("\n1. one {mib} MiB bundle over loopback (median of 3 rounds)");
    println!(
        "   fieldvault, as sync sends an exported bundle (SHA-256 recorded at export): {ours:.2} s, {:.0} MiB/s",
        rate(ours)
    );
    println!(
        "   curl --upload-file, the same signed request (hash given): {ceiling:.2} s, {:.0} MiB/s; fieldvault/curl throughput {:.2}",
        rate(ceiling),
        ceiling / ours
    );
    println!(
        "   fieldvault hashing the file first (a bundle the vault did not record): {hashing:.2} s, {:.0} MiB/s",
        rate(hashing)
    );
    println!(
        "   standard tools doing that job (sha256sum, then curl --upload-file): {tools:.2} s, {:.0} MiB/s; fieldvault/tools throughput {:.2}",
        rate(tools),
        tools / hashing
    );
    println!("   drop box peak memory: {:.0} MiB", dropbox.peak_mib());
}

fn concurrent_uploads(root: &Path, devices: &mut [(Vault, PathBuf)], cards: &[PathBuf]) {
    let sizes: Vec<usize> = std::env::var("FIELDVAULT_BENCH_CONCURRENT_MIB")
        .unwrap_or_else(|_| "8,32".into())
        .split(',')
        .map(|s| s.parse().unwrap())
        .collect();
    println!("\n2. {} devices uploading at once", devices.len());
    for mib in sizes {
        let file = root.join(format!("concurrent-{mib}.bundle"));
        common::random_file(&file, mib, mib as u64);
        let store = root.join(format!("store-concurrent-{mib}"));
        let dropbox = DropBox::start(store.to_str().unwrap(), cards, &[]);
        let idle = dropbox.peak_mib();
        let started = Instant::now();
        std::thread::scope(|scope| {
            for (number, (device, _)) in devices.iter_mut().enumerate() {
                let (dropbox, file) = (&dropbox, &file);
                scope.spawn(move || {
                    dropbox
                        .client()
                        .send_bundle(device, &random_name(number), file, None)
                        .unwrap();
                });
            }
        });
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "   {mib} MiB each ({} MiB in all): {seconds:.1} s; drop box peak memory {:.0} MiB (idle {idle:.0} MiB)",
            mib * devices.len(),
            dropbox.peak_mib()
        );
        drop(dropbox);
        let _ = std::fs::remove_dir_all(&store);
    }
}

fn shared_bucket(root: &Path, devices: &mut [(Vault, PathBuf)], hq: &Vault, cards: &[PathBuf]) {
    println!(
        "\n3. small bundles from {} devices through two drop boxes on one Garage bucket",
        devices.len()
    );
    let garage = match garage_server::Garage::start() {
        Ok(garage) => garage,
        Err(why) => {
            println!("   skipped: {why}");
            return;
        }
    };
    let count = common::env_n("FIELDVAULT_BENCH_SMALL_BUNDLES", 1000);
    let first = DropBox::start(&garage.store_url(), cards, &garage.env());
    let second = DropBox::start(&garage.store_url(), cards, &garage.env());
    let dropboxes = [&first, &second];
    let bundles = root.join("small");
    std::fs::create_dir_all(&bundles).unwrap();
    // 10–100 KiB each; what each should hold, by name.
    let mut expected = std::collections::BTreeMap::new();
    let mut files = Vec::new();
    for i in 0..count {
        let name = random_name(10_000 + i);
        let path = bundles.join(&name);
        let size = 10 * 1024 + (rand_u64(i as u64) % (90 * 1024)) as usize;
        let bytes: Vec<u8> = (0..size)
            .map(|b| (rand_u64((i * 131 + b) as u64) >> 11) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        expected.insert(name.clone(), sha256_of(&path));
        files.push((i % devices.len(), name, path));
    }
    let started = Instant::now();
    std::thread::scope(|scope| {
        for (number, (device, _)) in devices.iter_mut().enumerate() {
            let mine: Vec<_> = files.iter().filter(|(d, _, _)| *d == number).collect();
            scope.spawn(move || {
                let clients = [dropboxes[0].client(), dropboxes[1].client()];
                for (turn, (_, name, path)) in mine.into_iter().enumerate() {
                    clients[turn % 2].send_bundle(device, name, path, None).unwrap();
                }
            });
        }
    });
    let uploaded = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let clients = [first.client(), second.client()];
    let waiting = clients[0].bundles(hq).unwrap();
    let listed = waiting.len();
    let into = root.join("fetched");
    let (mut intact, mut wrong) = (0, 0);
    for (turn, item) in waiting.iter().enumerate() {
        let client = &clients[turn % 2];
        client.fetch_bundle(hq, item, &into).unwrap();
        if expected.get(&item.name) == Some(&sha256_of(&into)) {
            intact += 1;
            client.acknowledge(hq, item).unwrap();
        } else {
            wrong += 1;
        }
    }
    let fetched = started.elapsed().as_secs_f64();
    let left = clients[1].bundles(hq).unwrap().len();
    println!(
        "   {count} bundles up in {uploaded:.1} s ({:.0}/s), alternating between the two drop boxes",
        count as f64 / uploaded
    );
    println!(
        "   headquarters listed {listed}, fetched and checked them in {fetched:.1} s ({:.0}/s): {intact} intact, {wrong} wrong, {} missing; {left} left after acknowledging",
        listed as f64 / fetched,
        count - intact.min(count)
    );
    assert_eq!(intact, count, "bundles were lost or changed");
    assert_eq!(left, 0);
}

fn main() {
    fieldvault::relay::tls::install_provider();
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    println!("fieldvault sync benchmark; machine: {}", machine());
    let (hq, hq_card) = vault(root, "hq", Role::Headquarters);
    let started = Instant::now();
    let mut devices: Vec<(Vault, PathBuf)> = (0..50)
        .map(|i| vault(root, &format!("device-{i:02}"), Role::Field))
        .collect();
    println!(
        "(50 device vaults made in {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    let mut cards = vec![hq_card];
    cards.extend(devices.iter().map(|(_, card)| card.clone()));
    large_upload(root, &devices[0].0, &cards);
    concurrent_uploads(root, &mut devices, &cards);
    shared_bucket(root, &mut devices, &hq, &cards);
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "{cpus} cores, load average {}",
        load.split_whitespace().next().unwrap_or("?")
    )
}
