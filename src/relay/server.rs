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
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use futures::TryStreamExt;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};

use fieldvault_core::relay::{
    RelayParty, RelayRefusal, RelayRequest, RelaySignature, RelayTrust, body_digest,
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
    pub max_body: usize,
}

struct DropBox {
    store: Arc<dyn ObjectStore>,
    trust: RwLock<RelayTrust>,
    /// Largest body read, in bytes.
    max_body: usize,
}

/// Runs the drop box until the process is stopped. Prints the address it listens on and
/// the certificate's pin, one line each, before it serves.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    let store = open_store(&options.store)?;
    let trust = read_cards(&options.cards)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let (cert_pem, key_pem) = match &options.cert {
            Some((cert, key)) => (
                std::fs::read_to_string(cert).map_err(|e| format!("cannot read {}: {e}", cert.display()))?,
                std::fs::read_to_string(key).map_err(|e| format!("cannot read {}: {e}", key.display()))?,
            ),
            None => stored_certificate(store.as_ref()).await?,
        };
        let der = super::tls::first_der(&cert_pem).ok_or("the certificate is not PEM")?;
        let config =
            axum_server::tls_rustls::RustlsConfig::from_pem(cert_pem.into_bytes(), key_pem.into_bytes())
                .await
                .map_err(|e| format!("the certificate or key is not usable: {e}"))?;
        let state = Arc::new(DropBox {
            store,
            trust: RwLock::new(trust),
            max_body: options.max_body,
        });
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
        axum_server::from_tcp_rustls(listener, config)
            .map_err(|e| e.to_string())?
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
        // Bodies are read by `signed_body`, after the signature, with the drop box's limit.
        .layer(DefaultBodyLimit::disable())
        .with_state(state)
}

fn open_store(url: &str) -> Result<Arc<dyn ObjectStore>, String> {
    let dir = match url.strip_prefix("file://") {
        Some(dir) => PathBuf::from(dir),
        None if url.contains("://") => {
            return Err(format!(
                "{url}: this build of the drop box keeps its store in a folder (file://DIR); S3 is not built in yet"
            ));
        }
        None => PathBuf::from(url),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create the store {}: {e}", dir.display()))?;
    let store = LocalFileSystem::new_with_prefix(&dir)
        .map_err(|e| format!("cannot open the store {}: {e}", dir.display()))?;
    Ok(Arc::new(store))
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
        let seen = StorePath::from(format!("nonce/{}/{}", party.fingerprint, request.nonce));
        let first = PutOptions {
            mode: PutMode::Create,
            ..Default::default()
        };
        match self
            .store
            .put_opts(&seen, PutPayload::from(time.to_string().into_bytes()), first)
            .await
        {
            Ok(_) => Ok(party),
            Err(object_store::Error::AlreadyExists { .. }) => Err(Denied::Refused(RelayRefusal::Replayed)),
            Err(_) => Err(Denied::Failed(StatusCode::SERVICE_UNAVAILABLE)),
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

    async fn read(&self, path: &StorePath) -> Response {
        match self.store.get(path).await {
            Ok(found) => match found.bytes().await {
                Ok(bytes) => bytes.into_response(),
                Err(_) => failed(StatusCode::SERVICE_UNAVAILABLE),
            },
            Err(object_store::Error::NotFound { .. }) => failed(StatusCode::NOT_FOUND),
            Err(_) => failed(StatusCode::SERVICE_UNAVAILABLE),
        }
    }

    async fn write(&self, path: &StorePath, body: Bytes) -> Response {
        match self.store.put(path, PutPayload::from(body)).await {
            Ok(_) => StatusCode::CREATED.into_response(),
            Err(_) => failed(StatusCode::INSUFFICIENT_STORAGE),
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

/// Reads a body the signature vouches for: up to the limit, and only if its SHA-256 is
/// the one signed.
async fn signed_body(request: &Signed, body: Body, limit: usize) -> Result<Bytes, Denied> {
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Denied::Failed(StatusCode::PAYLOAD_TOO_LARGE))?;
    let claimed = request
        .headers
        .get(protocol::BODY_HEADER)
        .and_then(|v| v.to_str().ok());
    if claimed == Some(body_digest(&bytes).as_str()) {
        Ok(bytes)
    } else {
        Err(Denied::Refused(RelayRefusal::BadSignature))
    }
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
            let bytes = signed_body(&request, body, dropbox.max_body).await?;
            Ok(dropbox
                .write(
                    &StorePath::from(format!("up/{}/{name}", party.fingerprint)),
                    bytes,
                )
                .await)
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
            let bytes = signed_body(&request, body, dropbox.max_body).await?;
            Ok(dropbox
                .write(&StorePath::from(format!("down/{device}/{name}")), bytes)
                .await)
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
