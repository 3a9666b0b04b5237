//! Talking to a drop box: every request signed by the vault, over TLS to exactly the pinned
//! certificate. Used only by `sync`; nothing else in fieldvault opens a socket.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::{Body, Client, Method, Response};

pub use fieldvault_core::relay::SyncError;
use fieldvault_core::relay::{BodyDigest, RelayRefusal, RelayRequest, body_digest};
use fieldvault_core::vault::{BundleFiles, IoAction, Vault, VaultError, write_atomic_from};

use super::protocol::{self, Listed};
use super::tls::{PIN_MISMATCH, Pinned};
use super::watch::{CANCELLED, Watch, Watched};

/// How often a request is tried when the connection fails or the drop box is briefly
/// unavailable, and how long to wait before each new try.
const TRIES: [Duration; 3] = [Duration::ZERO, Duration::from_secs(1), Duration::from_secs(3)];

/// How long a request may take before it is given up (and tried again): two minutes,
/// plus the time to move `bytes` at 8 KiB/s (a poor link through Tor is faster). A drop
/// box that stops answering is never waited on for ever.
fn deadline_for(bytes: u64) -> Duration {
    Duration::from_secs(120 + bytes / (8 * 1024))
}

/// A bundle is read from its file and sent in pieces of this size.
const PIECE: usize = 256 * 1024;

/// A drop box at `url`, reached only if it presents the certificate with `pin`. Its calls
/// block: each runs the HTTP client on a runtime of its own, on this thread.
pub struct DropBoxClient {
    base: String,
    client: Client,
    runtime: tokio::runtime::Runtime,
    watch: Watch,
}

/// What a request carries.
enum Payload<'a> {
    Nothing,
    /// No body, but an answer of this many bytes (a bundle fetched).
    Expecting(u64),
    Bytes(&'a [u8]),
    /// A bundle's file, or its parts joined, streamed; its SHA-256 computed beforehand.
    File {
        files: &'a BundleFiles,
        sha256: String,
        length: u64,
    },
}

impl Payload<'_> {
    /// The length of the request's body.
    fn body_length(&self) -> u64 {
        match self {
            Payload::Nothing | Payload::Expecting(_) => 0,
            Payload::Bytes(bytes) => bytes.len() as u64,
            Payload::File { length, .. } => *length,
        }
    }

    /// Bytes moved by the request, either way.
    fn bytes(&self) -> u64 {
        match self {
            Payload::Nothing => 0,
            Payload::Expecting(bytes) => *bytes,
            Payload::Bytes(bytes) => bytes.len() as u64,
            Payload::File { length, .. } => *length,
        }
    }
}

impl DropBoxClient {
    /// `proxy`, if given, is a `socks5h://` address (Tor): the drop box's name is then
    /// looked up by the proxy, not on the local network.
    pub fn new(url: &str, pin: &str, proxy: Option<&str>, watch: Watch) -> Result<DropBoxClient, SyncError> {
        super::tls::install_provider();
        let config = rustls::ClientConfig::builder_with_provider(super::tls::provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Pinned::new(pin.to_owned())))
            .with_no_client_auth();
        let mut builder = Client::builder()
            .tls_backend_preconfigured(config)
            .connect_timeout(Duration::from_secs(30))
            .tcp_keepalive(Duration::from_secs(30))
            .no_proxy();
        if let Some(proxy) = proxy {
            if !proxy.starts_with("socks5h://") {
                return Err(SyncError::BadProxy(proxy.to_owned()));
            }
            let proxy = reqwest::Proxy::all(proxy).map_err(|_| SyncError::BadProxy(proxy.to_owned()))?;
            builder = builder.proxy(proxy);
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        // The client's timers and connector belong to that runtime.
        let client = {
            let _inside = runtime.enter();
            builder
                .build()
                .map_err(|e| SyncError::Unreachable(e.to_string()))?
        };
        Ok(DropBoxClient {
            base: url.trim_end_matches('/').to_owned(),
            client,
            runtime,
            watch,
        })
    }

    pub fn watch(&self) -> &Watch {
        &self.watch
    }

    /// Sends a request signed by `vault`, trying again (signed afresh) if the connection
    /// fails or the drop box is briefly unavailable: every request is idempotent. A
    /// refusal comes back as [`SyncError::Refused`].
    fn send(
        &self,
        vault: &Vault,
        method: Method,
        path: &str,
        payload: &Payload,
    ) -> Result<Response, SyncError> {
        let mut last = None;
        for pause in TRIES {
            if self.watch.is_cancelled() {
                return Err(SyncError::Cancelled);
            }
            std::thread::sleep(pause);
            match self.send_once(vault, method.clone(), path, payload) {
                Err(error @ (SyncError::Unreachable(_) | SyncError::Status(500..=504))) => last = Some(error),
                other => return other,
            }
        }
        Err(last.unwrap_or(SyncError::Garbled))
    }

    fn send_once(
        &self,
        vault: &Vault,
        method: Method,
        path: &str,
        payload: &Payload,
    ) -> Result<Response, SyncError> {
        let sent_bytes = Arc::new(AtomicU64::new(0));
        let (body, digest) = match payload {
            Payload::Nothing | Payload::Expecting(_) => (Body::from(Vec::new()), body_digest(b"")),
            Payload::Bytes(bytes) => (Body::from(bytes.to_vec()), body_digest(bytes)),
            Payload::File { files, sha256, .. } => {
                for path in files.paths() {
                    File::open(path).map_err(|e| vault_io(IoAction::Read, path, e))?;
                }
                (
                    file_body(files.reader(), self.watch.clone(), sent_bytes.clone()),
                    sha256.clone(),
                )
            }
        };
        let request = RelayRequest::with_digest(method.as_str(), path, digest);
        let signature = vault.sign_relay(&request)?;
        // Built inside the runtime: the deadline's timer belongs to it.
        let sent = self.runtime.block_on(async {
            self.client
                .request(method, format!("{}{path}", self.base))
                .header(protocol::KEY_HEADER, signature.key)
                .header(protocol::SIGNATURE_HEADER, signature.signature)
                .header(protocol::TIME_HEADER, request.time.to_string())
                .header(protocol::NONCE_HEADER, request.nonce)
                .header(protocol::BODY_HEADER, request.body_sha256)
                .header(reqwest::header::CONTENT_LENGTH, payload.body_length())
                .body(body)
                .timeout(deadline_for(payload.bytes()))
                .send()
                .await
        });
        // Counted again if it is sent again.
        if sent.is_err() {
            self.watch.rewind(sent_bytes.load(Ordering::Relaxed));
        }
        let response = sent.map_err(|e| self.unreachable(e))?;
        if let Some(refusal) = response
            .headers()
            .get(protocol::REFUSAL_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(protocol::refusal_of)
        {
            return Err(SyncError::Refused(refusal));
        }
        match response.status().as_u16() {
            200..=299 => Ok(response),
            413 => Err(SyncError::TooLarge),
            507 => Err(SyncError::StoreFull),
            status => Err(SyncError::Status(status)),
        }
    }

    fn unreachable(&self, error: reqwest::Error) -> SyncError {
        if self.watch.is_cancelled() || chain_mentions(&error, CANCELLED) {
            return SyncError::Cancelled;
        }
        unreachable(error)
    }

    fn bytes(&self, response: Response) -> Result<Vec<u8>, SyncError> {
        let expected = response.content_length();
        let bytes = self.runtime.block_on(response.bytes()).map_err(unreachable)?;
        match expected {
            Some(length) if length != bytes.len() as u64 => Err(SyncError::Garbled),
            _ => Ok(bytes.to_vec()),
        }
    }

    fn listed(&self, response: Response) -> Result<Vec<Listed>, SyncError> {
        let listed: Vec<Listed> = self
            .runtime
            .block_on(response.json())
            .map_err(|_| SyncError::Garbled)?;
        if listed
            .iter()
            .all(|l| protocol::is_name(&l.name) && protocol::is_name(&l.device))
        {
            Ok(listed)
        } else {
            Err(SyncError::Garbled)
        }
    }

    /// [`DropBoxClient::send_bundle_files`] for a bundle in one file.
    pub fn send_bundle(
        &self,
        vault: &Vault,
        name: &str,
        path: &Path,
        known_sha256: Option<String>,
    ) -> Result<(), SyncError> {
        let length = std::fs::metadata(path)
            .map_err(|e| vault_io(IoAction::Read, path, e))?
            .len();
        let files = BundleFiles {
            name: name.to_owned(),
            files: vec![(path.to_path_buf(), length)],
            split: false,
        };
        self.send_bundle_files(vault, name, &files, known_sha256)
    }

    /// Field: sends a bundle into this device's up-mailbox, streamed from the disk: its
    /// file, or its parts joined into one object (the bundle itself), so that
    /// headquarters fetches one file, whatever the stick it was split for.
    ///
    /// `known_sha256` is the bundle's SHA-256 if the vault recorded it at export (checked by
    /// reading the files back then): they are then read once, not twice. If the drop
    /// box finds other bytes (a file changed on disk since), the files are hashed and sent
    /// once more as they are now, and headquarters' import judges them.
    pub fn send_bundle_files(
        &self,
        vault: &Vault,
        name: &str,
        files: &BundleFiles,
        known_sha256: Option<String>,
    ) -> Result<(), SyncError> {
        let target = format!("/v1/up/{name}");
        if let Some(sha256) = known_sha256 {
            let length = files.len();
            let payload = Payload::File {
                files,
                sha256,
                length,
            };
            match self.send(vault, Method::PUT, &target, &payload) {
                Err(SyncError::Refused(RelayRefusal::BadSignature)) => self.watch.rewind(length),
                other => return other.map(drop),
            }
        }
        let (sha256, length) = hash_files(files)?;
        let payload = Payload::File {
            files,
            sha256,
            length,
        };
        self.send(vault, Method::PUT, &target, &payload).map(drop)
    }

    /// Field: the receipts waiting for this device.
    pub fn receipts(&self, vault: &Vault) -> Result<Vec<Listed>, SyncError> {
        self.listed(self.send(vault, Method::GET, "/v1/down", &Payload::Nothing)?)
    }

    pub fn fetch_receipt(&self, vault: &Vault, name: &str) -> Result<Vec<u8>, SyncError> {
        self.bytes(self.send(vault, Method::GET, &format!("/v1/down/{name}"), &Payload::Nothing)?)
    }

    /// Field: a receipt was applied; the drop box may delete it.
    pub fn receipt_applied(&self, vault: &Vault, name: &str) -> Result<(), SyncError> {
        self.send(
            vault,
            Method::DELETE,
            &format!("/v1/down/{name}"),
            &Payload::Nothing,
        )
        .map(drop)
    }

    /// Headquarters: every bundle waiting, from every device.
    pub fn bundles(&self, vault: &Vault) -> Result<Vec<Listed>, SyncError> {
        self.listed(self.send(vault, Method::GET, "/v1/up", &Payload::Nothing)?)
    }

    /// Headquarters: fetches one bundle into the file `into`, streamed (never whole in
    /// memory); a transfer cut short or of another length leaves no file.
    pub fn fetch_bundle(&self, vault: &Vault, item: &Listed, into: &Path) -> Result<(), SyncError> {
        let path = format!("/v1/up/{}/{}", item.device, item.name);
        let mut last = SyncError::Garbled;
        for _ in TRIES {
            let response = self.send(vault, Method::GET, &path, &Payload::Expecting(item.size))?;
            if response
                .content_length()
                .is_some_and(|length| length != item.size)
            {
                return Err(SyncError::Garbled);
            }
            let download = Download {
                runtime: &self.runtime,
                response,
                piece: bytes::Bytes::new(),
            };
            let mut reader = Watched::new(download.take(item.size + 1), self.watch.clone());
            match write_atomic_from(into, &mut reader) {
                Ok(written) if written == item.size => return Ok(()),
                Ok(_) => {
                    let _ = std::fs::remove_file(into);
                    return Err(SyncError::Garbled);
                }
                Err(_) if self.watch.is_cancelled() => return Err(SyncError::Cancelled),
                // This computer's disk: trying again would not help.
                Err(error) if !reader.failed => return Err(vault_io(IoAction::KeepInTransit, into, error)),
                Err(error) => {
                    self.watch.rewind(reader.passed);
                    last = SyncError::Unreachable(error.to_string());
                }
            }
        }
        Err(last)
    }

    /// Headquarters: a bundle was imported; the drop box may delete it.
    pub fn acknowledge(&self, vault: &Vault, item: &Listed) -> Result<(), SyncError> {
        self.send(
            vault,
            Method::DELETE,
            &format!("/v1/up/{}/{}", item.device, item.name),
            &Payload::Nothing,
        )
        .map(drop)
    }

    /// Headquarters: a receipt for `device`.
    pub fn send_receipt(
        &self,
        vault: &Vault,
        device: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<(), SyncError> {
        self.send(
            vault,
            Method::PUT,
            &format!("/v1/down/{device}/{name}"),
            &Payload::Bytes(&bytes),
        )
        .map(drop)
    }
}

/// A file as a request body, read in [`PIECE`]s as the connection takes them; progress
/// goes to `watch` (and to `sent`, to undo it if the request fails), and a cancelled sync
/// ends the body with an error.
fn file_body(file: impl Read + Send + 'static, watch: Watch, sent: Arc<AtomicU64>) -> Body {
    let pieces = futures::stream::unfold(Some(file), move |file| {
        let (watch, sent) = (watch.clone(), sent.clone());
        async move {
            let mut file = file?;
            if watch.is_cancelled() {
                let cancelled = std::io::Error::new(std::io::ErrorKind::Interrupted, CANCELLED);
                return Some((Err(cancelled), None));
            }
            let mut piece = vec![0u8; PIECE];
            match file.read(&mut piece) {
                Ok(0) => None,
                Ok(n) => {
                    piece.truncate(n);
                    watch.advance(n as u64);
                    sent.fetch_add(n as u64, Ordering::Relaxed);
                    Some((Ok(bytes::Bytes::from(piece)), Some(file)))
                }
                Err(error) => Some((Err(error), None)),
            }
        }
    });
    Body::wrap_stream(pieces)
}

/// A response body read as a `Read`, piece by piece, on the client's runtime.
struct Download<'a> {
    runtime: &'a tokio::runtime::Runtime,
    response: Response,
    piece: bytes::Bytes,
}

impl Read for Download<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.piece.is_empty() {
            match self.runtime.block_on(self.response.chunk()) {
                Ok(Some(piece)) => self.piece = piece,
                Ok(None) => return Ok(0),
                Err(error) => return Err(std::io::Error::other(error)),
            }
        }
        let n = buf.len().min(self.piece.len());
        buf[..n].copy_from_slice(&self.piece.split_to(n));
        Ok(n)
    }
}

/// SHA-256 and length of a file, read in pieces.
fn hash_files(files: &BundleFiles) -> Result<(String, u64), SyncError> {
    let path = files.files[0].0.as_path();
    let mut file = files.reader();
    let mut digest = BodyDigest::default();
    let mut piece = vec![0u8; 256 * 1024];
    let mut length = 0u64;
    loop {
        let n = file
            .read(&mut piece)
            .map_err(|e| vault_io(IoAction::Read, path, e))?;
        if n == 0 {
            return Ok((digest.finish(), length));
        }
        digest.update(&piece[..n]);
        length += n as u64;
    }
}

fn vault_io(action: IoAction, path: &Path, error: std::io::Error) -> SyncError {
    SyncError::Vault(VaultError::io(action, path, error))
}

fn chain_mentions(error: &dyn std::error::Error, text: &str) -> bool {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = source {
        if e.to_string().contains(text) {
            return true;
        }
        source = e.source();
    }
    false
}

fn unreachable(error: reqwest::Error) -> SyncError {
    // rustls reports a wrong pin as a handshake error carrying our text.
    if chain_mentions(&error, PIN_MISMATCH) {
        return SyncError::PinMismatch;
    }
    // The innermost cause says what happened ("Connection refused"); reqwest's own words
    // ("error sending request") do not. The URL is left out.
    let mut innermost: &dyn std::error::Error = &error;
    while let Some(next) = innermost.source() {
        innermost = next;
    }
    SyncError::Unreachable(innermost.to_string())
}
