//! Talking to a drop box: every request signed by the vault, over TLS to exactly the pinned
//! certificate. Used only by `sync`; nothing else in fieldvault opens a socket.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use reqwest::blocking::{Client, Response};

use fieldvault_core::relay::RelayRequest;
pub use fieldvault_core::relay::SyncError;
use fieldvault_core::vault::Vault;

use super::protocol::{self, Listed};
use super::tls::{PIN_MISMATCH, Pinned};

/// A drop box at `url`, reached only if it presents the certificate with `pin`.
pub struct DropBoxClient {
    base: String,
    client: Client,
}

impl DropBoxClient {
    pub fn new(url: &str, pin: &str) -> Result<DropBoxClient, SyncError> {
        let config = rustls::ClientConfig::builder_with_provider(super::tls::provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Pinned::new(pin.to_owned())))
            .with_no_client_auth();
        let client = Client::builder()
            .use_preconfigured_tls(config)
            .connect_timeout(Duration::from_secs(30))
            .timeout(Duration::from_secs(3600))
            .no_proxy()
            .build()
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        Ok(DropBoxClient {
            base: url.trim_end_matches('/').to_owned(),
            client,
        })
    }

    /// Sends a request signed by `vault`; a refusal comes back as [`SyncError::Refused`].
    fn send(&self, vault: &Vault, method: Method, path: &str, body: Vec<u8>) -> Result<Response, SyncError> {
        let request = RelayRequest::new(method.as_str(), path, &body);
        let signature = vault.sign_relay(&request)?;
        let response = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header(protocol::KEY_HEADER, signature.key)
            .header(protocol::SIGNATURE_HEADER, signature.signature)
            .header(protocol::TIME_HEADER, request.time.to_string())
            .header(protocol::NONCE_HEADER, request.nonce)
            .header(protocol::BODY_HEADER, request.body_sha256)
            .body(body)
            .send()
            .map_err(unreachable)?;
        if let Some(refusal) = response
            .headers()
            .get(protocol::REFUSAL_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(protocol::refusal_of)
        {
            return Err(SyncError::Refused(refusal));
        }
        match response.status() {
            status if status.is_success() => Ok(response),
            status => Err(SyncError::Status(status.as_u16())),
        }
    }

    fn bytes(response: Response) -> Result<Vec<u8>, SyncError> {
        let expected = response.content_length();
        let bytes = response.bytes().map_err(unreachable)?;
        match expected {
            Some(length) if length != bytes.len() as u64 => Err(SyncError::Garbled),
            _ => Ok(bytes.to_vec()),
        }
    }

    fn listed(response: Response) -> Result<Vec<Listed>, SyncError> {
        let listed: Vec<Listed> = response.json().map_err(|_| SyncError::Garbled)?;
        if listed
            .iter()
            .all(|l| protocol::is_name(&l.name) && protocol::is_name(&l.device))
        {
            Ok(listed)
        } else {
            Err(SyncError::Garbled)
        }
    }

    /// Field: sends a bundle into this device's up-mailbox.
    pub fn send_bundle(&self, vault: &Vault, name: &str, bytes: Vec<u8>) -> Result<(), SyncError> {
        self.send(vault, Method::PUT, &format!("/v1/up/{name}"), bytes)
            .map(drop)
    }

    /// Field: the receipts waiting for this device.
    pub fn receipts(&self, vault: &Vault) -> Result<Vec<Listed>, SyncError> {
        Self::listed(self.send(vault, Method::GET, "/v1/down", Vec::new())?)
    }

    pub fn fetch_receipt(&self, vault: &Vault, name: &str) -> Result<Vec<u8>, SyncError> {
        Self::bytes(self.send(vault, Method::GET, &format!("/v1/down/{name}"), Vec::new())?)
    }

    /// Field: a receipt was applied; the drop box may delete it.
    pub fn receipt_applied(&self, vault: &Vault, name: &str) -> Result<(), SyncError> {
        self.send(vault, Method::DELETE, &format!("/v1/down/{name}"), Vec::new())
            .map(drop)
    }

    /// Headquarters: every bundle waiting, from every device.
    pub fn bundles(&self, vault: &Vault) -> Result<Vec<Listed>, SyncError> {
        Self::listed(self.send(vault, Method::GET, "/v1/up", Vec::new())?)
    }

    pub fn fetch_bundle(&self, vault: &Vault, item: &Listed) -> Result<Vec<u8>, SyncError> {
        let bytes = Self::bytes(self.send(
            vault,
            Method::GET,
            &format!("/v1/up/{}/{}", item.device, item.name),
            Vec::new(),
        )?)?;
        if bytes.len() as u64 == item.size {
            Ok(bytes)
        } else {
            Err(SyncError::Garbled)
        }
    }

    /// Headquarters: a bundle was imported; the drop box may delete it.
    pub fn acknowledge(&self, vault: &Vault, item: &Listed) -> Result<(), SyncError> {
        self.send(
            vault,
            Method::DELETE,
            &format!("/v1/up/{}/{}", item.device, item.name),
            Vec::new(),
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
        self.send(vault, Method::PUT, &format!("/v1/down/{device}/{name}"), bytes)
            .map(drop)
    }
}

fn unreachable(error: reqwest::Error) -> SyncError {
    // rustls reports a wrong pin as a handshake error carrying our text.
    let mut source: Option<&dyn std::error::Error> = Some(&error);
    while let Some(e) = source {
        if e.to_string().contains(PIN_MISMATCH) {
            return SyncError::PinMismatch;
        }
        source = e.source();
    }
    // The innermost cause says what happened ("Connection refused"); reqwest's own words
    // ("error sending request") do not. The URL is left out.
    let mut innermost: &dyn std::error::Error = &error;
    while let Some(next) = innermost.source() {
        innermost = next;
    }
    SyncError::Unreachable(innermost.to_string())
}
