//! The drop box: an HTTPS service between field laptops and headquarters that holds no key
//! and can read nothing it carries. Each device has a mailbox going up (`up/<device>/`,
//! sealed bundles) and one coming down (`down/<device>/`, receipts). A device may write
//! only its own up-mailbox and read and empty only its own down-mailbox; headquarters lists
//! and fetches every up-mailbox, acknowledges (deletes) what it imported, and writes
//! receipts down. Every request is signed (`fieldvault_core::relay`); each nonce is kept in
//! the store, with put-if-absent, so a request cannot be replayed. The drop box logs
//! nothing: no client address, no file name. See `docs/sync.md`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use futures::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload, WriteMultipart};

use fieldvault_core::relay::{
    BodyDigest, MAX_SKEW_SECONDS, RelayParty, RelayRefusal, RelayRequest, RelaySignature, RelayTrust,
};
use fieldvault_core::vault::Role;

use super::protocol::{self, Listed};

/// What `dropbox serve` was given.
pub struct ServeOptions {
    pub listen: SocketAddr,
    /// `file://DIR` or a folder.
    pub store: String,
    /// Trust cards of headquarters and of the enrolled devices.
    pub cards: Vec<PathBuf>,
    /// The organisation's own certificate and key (PEM), instead of a self-signed one.
    pub cert: Option<(PathBuf, PathBuf)>,
    /// Largest body accepted, in bytes.
    pub max_body: u64,
}

struct DropBox {
    store: Arc<dyn ObjectStore>,
    replay: ReplayGuard,
    trust: RwLock<RelayTrust>,
    /// Largest body accepted, in bytes.
    max_body: u64,
    /// How much of an upload is held in memory before it goes to the store, per upload.
    part_size: usize,
}

/// The store a `--store` URL names, and the part size its uploads are written in.
struct OpenedStore {
    objects: Arc<dyn ObjectStore>,
    part_size: usize,
    /// The folder, for a folder store.
    folder: Option<PathBuf>,
}

/// An upload a folder store has not heard from for this long was cut off with its drop
/// box (killed, or the machine lost power): its staging file is removed.
const STALE_UPLOAD: std::time::Duration = std::time::Duration::from_secs(3600);

/// A folder store is written in small parts: memory stays flat with many uploads at once.
const FOLDER_PART: usize = 256 * 1024;
/// S3 refuses parts under 5 MiB (except the last).
const S3_PART: usize = 5 * 1024 * 1024;
/// How often replay records older than the signature window are removed.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs the drop box until the process is stopped. Prints the address it listens on and
/// the certificate's pin, one line each, before it serves.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    // Both the drop box's HTTPS and an S3 store's use rustls on ring.
    super::tls::install_provider();
    let store = open_store(&options.store)?;
    let trust = read_cards(&options.cards)?;
    // The folder store writes each part on a blocking thread. A small pool keeps memory
    // flat with many uploads at once: each thread would otherwise keep its own allocator
    // arena, and the pool grows to hundreds of threads.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(4)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let (cert_pem, key_pem) = match &options.cert {
            Some((cert, key)) => (
                std::fs::read_to_string(cert).map_err(|e| format!("cannot read {}: {e}", cert.display()))?,
                std::fs::read_to_string(key).map_err(|e| format!("cannot read {}: {e}", key.display()))?,
            ),
            None => stored_certificate(store.objects.as_ref()).await?,
        };
        let der = super::tls::first_der(&cert_pem).ok_or("the certificate is not PEM")?;
        let config =
            axum_server::tls_rustls::RustlsConfig::from_pem(cert_pem.into_bytes(), key_pem.into_bytes())
                .await
                .map_err(|e| format!("the certificate or key is not usable: {e}"))?;
        let replay = replay_guard(store.objects.as_ref()).await?;
        let state = Arc::new(DropBox {
            replay,
            store: store.objects,
            trust: RwLock::new(trust),
            max_body: options.max_body,
            part_size: store.part_size,
        });
        tokio::spawn(prune(state.store.clone(), store.folder.clone()));
        // Listening for SIGHUP before serving: a hangup never stops the drop box.
        let hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
            .map_err(|e| format!("cannot listen for SIGHUP: {e}"))?;
        tokio::spawn(reread_cards_on_hangup(
            state.clone(),
            options.cards.clone(),
            hangups,
        ));
        let listener = std::net::TcpListener::bind(options.listen)
            .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        println!("listening on https://{address}");
        println!("certificate pin {}", super::tls::fingerprint(&der));
        let app = router(state);
        let mut server = axum_server::from_tcp_rustls(listener, config).map_err(|e| e.to_string())?;
        // Each connection reads at most 64 KiB ahead of what was written to the store, so
        // memory depends on the number of uploads, not on how long they run.
        server.http_builder().http1().max_buf_size(64 * 1024);
        server
            .serve(app.into_make_service())
            .await
            .map_err(|e| e.to_string())
    })
}

fn router(state: Arc<DropBox>) -> Router {
    Router::new()
        .route("/v1/up", get(list_up))
        .route("/v1/up/{name}", put(put_up))
        .route("/v1/up/{device}/{name}", get(get_up).delete(ack_up))
        .route("/v1/down", get(list_down))
        .route("/v1/down/{name}", get(get_down).delete(done_down))
        .route("/v1/down/{device}/{name}", put(put_down))
        // Bodies are read by `receive`, after the signature, with the drop box's limit.
        .layer(DefaultBodyLimit::disable())
        .with_state(state)
}

fn open_store(url: &str) -> Result<OpenedStore, String> {
    if let Some(rest) = url.strip_prefix("s3://") {
        return open_s3(rest);
    }
    let dir = match url.strip_prefix("file://") {
        Some(dir) => PathBuf::from(dir),
        None if url.contains("://") => {
            return Err(format!(
                "{url}: the store must be a folder (file://DIR) or an S3 bucket (s3://BUCKET?endpoint=URL)"
            ));
        }
        None => PathBuf::from(url),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create the store {}: {e}", dir.display()))?;
    let store = LocalFileSystem::new_with_prefix(&dir)
        .map_err(|e| format!("cannot open the store {}: {e}", dir.display()))?;
    Ok(OpenedStore {
        objects: Arc::new(store),
        part_size: FOLDER_PART,
        folder: Some(dir),
    })
}

/// `s3://BUCKET?endpoint=URL&region=NAME`; the credentials come from the environment
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`), never from the command line, where
/// other users of the server could read them.
fn open_s3(rest: &str) -> Result<OpenedStore, String> {
    let (bucket, query) = rest.split_once('?').unwrap_or((rest, ""));
    if bucket.is_empty() || bucket.contains('/') {
        return Err(format!(
            "s3://{rest}: name one bucket, as in s3://BUCKET?endpoint=https://s3.example.org"
        ));
    }
    let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
    let mut region = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("endpoint", endpoint)) => {
                builder = builder
                    .with_endpoint(endpoint)
                    .with_allow_http(endpoint.starts_with("http://"));
            }
            Some(("region", name)) => region = Some(name.to_owned()),
            _ => {
                return Err(format!(
                    "s3://{rest}: unknown setting {pair:?} (endpoint=URL and region=NAME are understood)"
                ));
            }
        }
    }
    for variable in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
        if std::env::var_os(variable).is_none() {
            return Err(format!(
                "an S3 store needs its key in the environment: {variable} is not set"
            ));
        }
    }
    let region = region
        .or_else(|| std::env::var("AWS_REGION").ok())
        .unwrap_or_else(|| "us-east-1".to_owned());
    // A store that does not answer is reported within seconds, not after minutes of
    // retries: the laptop on the other end tries again itself.
    let retry = object_store::RetryConfig {
        max_retries: 3,
        retry_timeout: std::time::Duration::from_secs(20),
        ..Default::default()
    };
    let store = builder
        .with_region(region)
        .with_retry(retry)
        .build()
        .map_err(|e| format!("s3://{bucket}: {e}"))?;
    Ok(OpenedStore {
        objects: Arc::new(store),
        part_size: S3_PART,
        // An S3 store drops incomplete uploads by its own lifecycle rule (docs/sync.md).
        folder: None,
    })
}

/// How the drop box makes sure a signed request is served at most once.
enum ReplayGuard {
    /// The store refuses a second object of the same name (a folder; S3 with
    /// `If-None-Match`): the nonce's record is written with put-if-absent.
    PutIfAbsent,
    /// The store overwrites silently (Garage, older S3-compatible servers): each request
    /// writes a record of its own under the nonce, then lists the nonce's records; more
    /// than one means the nonce was used before, or is being used at this moment by
    /// another drop box process, and the request is refused. Of two requests with one
    /// nonce, at most one can be served, given read-after-write consistent listing.
    ClaimAndList { process: String, claims: AtomicU64 },
}

/// Finds which [`ReplayGuard`] the store allows, by writing the same probe twice.
async fn replay_guard(store: &dyn ObjectStore) -> Result<ReplayGuard, String> {
    let probe = StorePath::from(format!("nonce/probe/{}", uuid::Uuid::new_v4().simple()));
    let create = || PutOptions {
        mode: PutMode::Create,
        ..Default::default()
    };
    store
        .put_opts(&probe, PutPayload::from_static(b"probe"), create())
        .await
        .map_err(|e| format!("the store cannot be written: {e}"))?;
    let second = store
        .put_opts(&probe, PutPayload::from_static(b"probe"), create())
        .await;
    let _ = store.delete(&probe).await;
    match second {
        Err(object_store::Error::AlreadyExists { .. }) => Ok(ReplayGuard::PutIfAbsent),
        Ok(_) | Err(object_store::Error::NotImplemented { .. }) => Ok(ReplayGuard::ClaimAndList {
            process: uuid::Uuid::new_v4().simple().to_string(),
            claims: AtomicU64::new(0),
        }),
        Err(e) => Err(format!("the store cannot be written: {e}")),
    }
}

/// Replay records outlive the signature window only briefly: a request older than the
/// window is refused as stale anyway. In a folder store, uploads cut off with an earlier
/// drop box process are removed too.
async fn prune(store: Arc<dyn ObjectStore>, folder: Option<PathBuf>) {
    let mut ticks = tokio::time::interval(PRUNE_EVERY);
    loop {
        ticks.tick().await;
        if let Some(folder) = folder.clone() {
            let _ = tokio::task::spawn_blocking(move || sweep_stale_uploads(&folder, STALE_UPLOAD)).await;
        }
        let cutoff = jiff::Timestamp::now().as_second() - 2 * MAX_SKEW_SECONDS;
        let prefix = StorePath::from("nonce");
        let old: Vec<StorePath> = store
            .list(Some(&prefix))
            .filter_map(|meta| async move {
                meta.ok()
                    .filter(|m| m.last_modified.timestamp() < cutoff)
                    .map(|m| m.location)
            })
            .collect()
            .await;
        for path in old {
            let _ = store.delete(&path).await;
        }
    }
}

fn read_cards(paths: &[PathBuf]) -> Result<RelayTrust, String> {
    let mut texts = Vec::new();
    for path in paths {
        texts
            .push(std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?);
    }
    let trust = RelayTrust::from_cards(&texts).map_err(|e| e.to_string())?;
    if !trust.parties().iter().any(|p| p.role == Role::Headquarters) {
        return Err(
            "no headquarters trust card was given (--trust): nobody could fetch what devices send".into(),
        );
    }
    Ok(trust)
}

/// On SIGHUP the cards are read again: a removed device is refused from then on.
async fn reread_cards_on_hangup(
    state: Arc<DropBox>,
    cards: Vec<PathBuf>,
    mut hangups: tokio::signal::unix::Signal,
) {
    while hangups.recv().await.is_some() {
        match read_cards(&cards) {
            Ok(trust) => *state.trust.write().unwrap_or_else(|e| e.into_inner()) = trust,
            Err(why) => eprintln!("fieldvault dropbox: the trust cards were not reloaded: {why}"),
        }
    }
}

/// The self-signed certificate kept in the store, made at the first start.
async fn stored_certificate(store: &dyn ObjectStore) -> Result<(String, String), String> {
    let cert_path = StorePath::from("tls/cert.pem");
    let key_path = StorePath::from("tls/key.pem");
    if let (Ok(cert), Ok(key)) = (
        read_text(store, &cert_path).await,
        read_text(store, &key_path).await,
    ) {
        return Ok((cert, key));
    }
    let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned(), "::1".to_owned()];
    let (cert, key) = super::tls::self_signed(names)?;
    store
        .put(&key_path, PutPayload::from(key.clone().into_bytes()))
        .await
        .map_err(|e| format!("cannot keep the certificate's key in the store: {e}"))?;
    store
        .put(&cert_path, PutPayload::from(cert.clone().into_bytes()))
        .await
        .map_err(|e| format!("cannot keep the certificate in the store: {e}"))?;
    Ok((cert, key))
}

async fn read_text(store: &dyn ObjectStore, path: &StorePath) -> Result<String, ()> {
    let bytes = store
        .get(path)
        .await
        .map_err(|_| ())?
        .bytes()
        .await
        .map_err(|_| ())?;
    String::from_utf8(bytes.to_vec()).map_err(|_| ())
}

/// Removes the staging files (`NAME#N`, object_store's) of uploads not written to for
/// `idle`; returns how many.
fn sweep_stale_uploads(dir: &std::path::Path, idle: std::time::Duration) -> usize {
    let Some(cutoff) = std::time::SystemTime::now().checked_sub(idle) else {
        return 0;
    };
    let mut removed = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            removed += sweep_stale_uploads(&path, idle);
        } else if entry.file_name().to_string_lossy().contains('#')
            && meta.modified().is_ok_and(|m| m < cutoff)
            && std::fs::remove_file(&path).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// A refusal, as the client reads it back: status and the refusal's code.
fn refuse(refusal: RelayRefusal) -> Response {
    let status = match refusal {
        RelayRefusal::NotAllowed => StatusCode::FORBIDDEN,
        RelayRefusal::Malformed => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNAUTHORIZED,
    };
    (
        status,
        [(protocol::REFUSAL_HEADER, protocol::refusal_code(refusal))],
    )
        .into_response()
}

fn failed(status: StatusCode) -> Response {
    status.into_response()
}

/// A request answered with a status only: refused, or not served.
enum Denied {
    Refused(RelayRefusal),
    Failed(StatusCode),
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        match self {
            Denied::Refused(refusal) => refuse(refusal),
            Denied::Failed(status) => failed(status),
        }
    }
}

impl DropBox {
    /// Who signed this request, once: the nonce is recorded, so the same request is refused
    /// if it comes again. Checked from the headers alone, before any body is read: a body
    /// the signature does not vouch for is never buffered.
    async fn authenticate(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
    ) -> Result<RelayParty, Denied> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (Some(key), Some(signature), Some(time), Some(nonce), Some(body_sha256)) = (
            header(protocol::KEY_HEADER),
            header(protocol::SIGNATURE_HEADER),
            header(protocol::TIME_HEADER).and_then(|t| t.parse::<i64>().ok()),
            header(protocol::NONCE_HEADER),
            header(protocol::BODY_HEADER),
        ) else {
            return Err(Denied::Refused(RelayRefusal::Malformed));
        };
        let request = RelayRequest {
            method: method.as_str().to_owned(),
            path: uri.path_and_query().map_or(uri.path(), |p| p.as_str()).to_owned(),
            time,
            nonce,
            body_sha256,
        };
        let now = jiff::Timestamp::now().as_second();
        let party = {
            let trust = self.trust.read().unwrap_or_else(|e| e.into_inner());
            trust
                .verify(&request, &RelaySignature { key, signature }, now)
                .map_err(Denied::Refused)?
                .clone()
        };
        let nonce = format!("nonce/{}/{}", party.fingerprint, request.nonce);
        match self.first_use(&nonce, time).await {
            Ok(true) => Ok(party),
            Ok(false) => Err(Denied::Refused(RelayRefusal::Replayed)),
            // The store takes no writes (full, or out of service): nothing can be served.
            Err(()) => Err(Denied::Failed(StatusCode::INSUFFICIENT_STORAGE)),
        }
    }

    /// Records a nonce; `false` if it was used before.
    async fn first_use(&self, nonce: &str, time: i64) -> Result<bool, ()> {
        let record = || PutPayload::from(time.to_string().into_bytes());
        match &self.replay {
            ReplayGuard::PutIfAbsent => {
                let first = PutOptions {
                    mode: PutMode::Create,
                    ..Default::default()
                };
                match self
                    .store
                    .put_opts(&StorePath::from(nonce), record(), first)
                    .await
                {
                    Ok(_) => Ok(true),
                    Err(object_store::Error::AlreadyExists { .. }) => Ok(false),
                    Err(_) => Err(()),
                }
            }
            ReplayGuard::ClaimAndList { process, claims } => {
                let claim = claims.fetch_add(1, Ordering::Relaxed);
                let mine = StorePath::from(format!("{nonce}/{process}-{claim}"));
                self.store.put(&mine, record()).await.map_err(drop)?;
                let prefix = StorePath::from(nonce);
                let claims: Vec<_> = self.store.list(Some(&prefix)).try_collect().await.map_err(drop)?;
                Ok(claims.len() == 1)
            }
        }
    }

    /// The signed request's party, if its role may do this and every name in the path is
    /// a name fieldvault writes.
    async fn admit(&self, request: &Signed, role: Role, names: &[&str]) -> Result<RelayParty, Denied> {
        let party = self
            .authenticate(&request.method, &request.uri, &request.headers)
            .await?;
        if party.role != role {
            return Err(Denied::Refused(RelayRefusal::NotAllowed));
        }
        if !names.iter().all(|n| protocol::is_name(n)) {
            return Err(Denied::Failed(StatusCode::BAD_REQUEST));
        }
        Ok(party)
    }

    async fn list(&self, prefix: &str) -> Result<Vec<Listed>, Denied> {
        let prefix = StorePath::from(prefix);
        let metas: Vec<_> = self
            .store
            .list(Some(&prefix))
            .try_collect()
            .await
            .map_err(|_| Denied::Failed(StatusCode::SERVICE_UNAVAILABLE))?;
        let mut listed: Vec<Listed> = metas
            .into_iter()
            .filter_map(|meta| {
                let parts: Vec<String> = meta.location.parts().map(|p| p.as_ref().to_owned()).collect();
                match parts.as_slice() {
                    [_, device, name] if protocol::is_name(name) => Some(Listed {
                        device: device.clone(),
                        name: name.clone(),
                        size: meta.size,
                    }),
                    _ => None,
                }
            })
            .collect();
        listed.sort_by(|a, b| (&a.device, &a.name).cmp(&(&b.device, &b.name)));
        Ok(listed)
    }

    /// Streams an object back with its length, so the client can tell a cut transfer.
    async fn read(&self, path: &StorePath) -> Response {
        match self.store.get(path).await {
            Ok(found) => {
                let length = found.meta.size;
                (
                    [(axum::http::header::CONTENT_LENGTH, length.to_string())],
                    Body::from_stream(found.into_stream()),
                )
                    .into_response()
            }
            Err(object_store::Error::NotFound { .. }) => failed(StatusCode::NOT_FOUND),
            Err(_) => failed(StatusCode::SERVICE_UNAVAILABLE),
        }
    }

    /// Writes a body the signature vouches for to `path`, as it arrives, in parts: it
    /// appears there only whole and only if its SHA-256 is the one signed. Anything else
    /// (too long, cut short, other bytes) is aborted and leaves nothing behind.
    async fn receive(&self, request: &Signed, body: Body, path: &StorePath) -> Result<Response, Denied> {
        let declared = request
            .headers
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or(Denied::Failed(StatusCode::LENGTH_REQUIRED))?;
        if declared > self.max_body {
            return Err(Denied::Failed(StatusCode::PAYLOAD_TOO_LARGE));
        }
        let claimed = request
            .headers
            .get(protocol::BODY_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let upload = self
            .store
            .put_multipart(path)
            .await
            .map_err(|_| Denied::Failed(StatusCode::INSUFFICIENT_STORAGE))?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, self.part_size);
        let mut digest = BodyDigest::default();
        let mut received = 0u64;
        let mut frames = body.into_data_stream();
        let streamed = loop {
            match frames.next().await {
                Some(Ok(frame)) => {
                    received += frame.len() as u64;
                    if received > declared {
                        break Err(Denied::Failed(StatusCode::BAD_REQUEST));
                    }
                    digest.update(&frame);
                    if writer.wait_for_capacity(1).await.is_err() {
                        break Err(Denied::Failed(StatusCode::INSUFFICIENT_STORAGE));
                    }
                    writer.put(frame);
                }
                Some(Err(_)) => break Err(Denied::Failed(StatusCode::BAD_REQUEST)),
                None if received != declared => break Err(Denied::Failed(StatusCode::BAD_REQUEST)),
                None if digest_matches(digest, &claimed) => break Ok(()),
                None => break Err(Denied::Refused(RelayRefusal::BadSignature)),
            }
        };
        match streamed {
            Ok(()) => match writer.finish().await {
                Ok(_) => Ok(StatusCode::CREATED.into_response()),
                Err(_) => Err(Denied::Failed(StatusCode::INSUFFICIENT_STORAGE)),
            },
            Err(denied) => {
                let _ = writer.abort().await;
                Err(denied)
            }
        }
    }

    async fn delete(&self, path: &StorePath) -> Response {
        match self.store.delete(path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => StatusCode::NO_CONTENT.into_response(),
            Err(_) => failed(StatusCode::SERVICE_UNAVAILABLE),
        }
    }
}

type Shared = State<Arc<DropBox>>;

/// What identifies a request: its method, path and headers (the signature is in them).
struct Signed {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Signed {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Signed {
            method: parts.method.clone(),
            uri: parts.uri.clone(),
            headers: parts.headers.clone(),
        })
    }
}

fn digest_matches(digest: BodyDigest, claimed: &str) -> bool {
    digest.finish() == claimed
}

fn answer(result: Result<Response, Denied>) -> Response {
    result.unwrap_or_else(IntoResponse::into_response)
}

/// A device sends a sealed bundle into its own up-mailbox.
async fn put_up(
    State(dropbox): Shared,
    UrlPath(name): UrlPath<String>,
    request: Signed,
    body: Body,
) -> Response {
    answer(
        async {
            let party = dropbox.admit(&request, Role::Field, &[&name]).await?;
            let path = StorePath::from(format!("up/{}/{name}", party.fingerprint));
            dropbox.receive(&request, body, &path).await
        }
        .await,
    )
}

/// Headquarters lists every up-mailbox.
async fn list_up(State(dropbox): Shared, request: Signed) -> Response {
    answer(
        async {
            dropbox.admit(&request, Role::Headquarters, &[]).await?;
            Ok(axum::Json(dropbox.list("up").await?).into_response())
        }
        .await,
    )
}

/// Headquarters fetches one bundle.
async fn get_up(
    State(dropbox): Shared,
    UrlPath((device, name)): UrlPath<(String, String)>,
    request: Signed,
) -> Response {
    answer(
        async {
            dropbox
                .admit(&request, Role::Headquarters, &[&device, &name])
                .await?;
            Ok(dropbox
                .read(&StorePath::from(format!("up/{device}/{name}")))
                .await)
        }
        .await,
    )
}

/// Headquarters acknowledges a bundle it imported: only then is it deleted.
async fn ack_up(
    State(dropbox): Shared,
    UrlPath((device, name)): UrlPath<(String, String)>,
    request: Signed,
) -> Response {
    answer(
        async {
            dropbox
                .admit(&request, Role::Headquarters, &[&device, &name])
                .await?;
            Ok(dropbox
                .delete(&StorePath::from(format!("up/{device}/{name}")))
                .await)
        }
        .await,
    )
}

/// Headquarters sends a receipt down to a device.
async fn put_down(
    State(dropbox): Shared,
    UrlPath((device, name)): UrlPath<(String, String)>,
    request: Signed,
    body: Body,
) -> Response {
    answer(
        async {
            dropbox
                .admit(&request, Role::Headquarters, &[&device, &name])
                .await?;
            let path = StorePath::from(format!("down/{device}/{name}"));
            dropbox.receive(&request, body, &path).await
        }
        .await,
    )
}

/// A device lists its own down-mailbox.
async fn list_down(State(dropbox): Shared, request: Signed) -> Response {
    answer(
        async {
            let party = dropbox.admit(&request, Role::Field, &[]).await?;
            Ok(axum::Json(dropbox.list(&format!("down/{}", party.fingerprint)).await?).into_response())
        }
        .await,
    )
}

/// A device fetches one of its receipts.
async fn get_down(State(dropbox): Shared, UrlPath(name): UrlPath<String>, request: Signed) -> Response {
    answer(
        async {
            let party = dropbox.admit(&request, Role::Field, &[&name]).await?;
            Ok(dropbox
                .read(&StorePath::from(format!("down/{}/{name}", party.fingerprint)))
                .await)
        }
        .await,
    )
}

/// A device says it applied a receipt: only then is it deleted.
async fn done_down(State(dropbox): Shared, UrlPath(name): UrlPath<String>, request: Signed) -> Response {
    answer(
        async {
            let party = dropbox.admit(&request, Role::Field, &[&name]).await?;
            Ok(dropbox
                .delete(&StorePath::from(format!("down/{}/{name}", party.fingerprint)))
                .await)
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stale_staging_files_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let mailbox = dir.path().join("up").join("0123abcd");
        std::fs::create_dir_all(&mailbox).unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let files = [
            ("0123456789abcdef#1", true),
            ("fedcba9876543210#2", false),
            ("0123456789abcdef", true),
        ];
        for (name, aged) in files {
            let file = std::fs::File::create(mailbox.join(name)).unwrap();
            if aged {
                file.set_modified(old).unwrap();
            }
        }
        assert_eq!(sweep_stale_uploads(dir.path(), STALE_UPLOAD), 1);
        assert!(
            !mailbox.join("0123456789abcdef#1").exists(),
            "stale staging file kept"
        );
        assert!(
            mailbox.join("fedcba9876543210#2").exists(),
            "an upload in progress was removed"
        );
        assert!(
            mailbox.join("0123456789abcdef").exists(),
            "a finished bundle was removed"
        );
    }
}
