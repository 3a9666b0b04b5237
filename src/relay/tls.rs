//! The drop box's certificate and the client's pin. The drop box makes a self-signed
//! certificate at its first start and keeps it in its store; the laptop and headquarters
//! trust exactly that certificate, by the SHA-256 of its DER bytes (64 hexadecimal digits,
//! what `openssl x509 -noout -fingerprint -sha256` prints without the colons), and no
//! certificate authority. An organisation's own certificate is pinned the same way.

use std::sync::Arc;

use rustls::DigitallySignedStruct;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};

use fieldvault_core::relay::body_digest;

/// The pin of a certificate: SHA-256 of its DER bytes, lowercase hexadecimal.
pub fn fingerprint(der: &[u8]) -> String {
    body_digest(der)
}

/// A pin as typed: 64 hexadecimal digits, colons and spaces allowed, any case.
pub fn parse_pin(typed: &str) -> Option<String> {
    let pin: String = typed
        .chars()
        .filter(|c| !matches!(c, ':' | ' '))
        .collect::<String>()
        .to_ascii_lowercase();
    (pin.len() == 64 && pin.bytes().all(|b| b.is_ascii_hexdigit())).then_some(pin)
}

/// A self-signed certificate for `names`, as PEM: (certificate, private key).
pub fn self_signed(names: Vec<String>) -> Result<(String, String), String> {
    let made = rcgen::generate_simple_self_signed(names).map_err(|e| e.to_string())?;
    Ok((made.cert.pem(), made.signing_key.serialize_pem()))
}

/// The DER bytes of the first certificate in a PEM text.
pub fn first_der(pem: &str) -> Option<Vec<u8>> {
    use rustls::pki_types::pem::PemObject;
    CertificateDer::pem_slice_iter(pem.as_bytes())
        .next()
        .and_then(Result::ok)
        .map(|der| der.as_ref().to_vec())
}

/// rustls on ring, as axum-server and reqwest are built here: no aws-lc (and its native
/// build tools) to install. rustls 0.23.48 deprecates this provider because ring has no
/// post-quantum key exchange; a recorded session could be decrypted by a future quantum
/// computer, but what it carries is age-encrypted bundles and signed receipts anyway
/// (see `docs/sync.md`).
#[allow(deprecated)]
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Makes [`provider`] the process's default: the S3 client and the SOCKS proxy's TLS
/// find it there.
pub fn install_provider() {
    let _ = CryptoProvider::install_default(provider().as_ref().clone());
}

/// Accepts the server whose certificate has exactly this pin, whatever its name; checks
/// the handshake signatures as usual.
#[derive(Debug)]
pub struct Pinned {
    pin: String,
    provider: Arc<CryptoProvider>,
}

impl Pinned {
    pub fn new(pin: String) -> Pinned {
        Pinned {
            pin,
            provider: provider(),
        }
    }
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if fingerprint(end_entity.as_ref()) == self.pin {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(PIN_MISMATCH.into()))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The text of the handshake error a wrong pin gives (the client recognises it).
pub const PIN_MISMATCH: &str = "the drop box presented another certificate than the pinned one";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_read_as_people_copy_them() {
        let hex = "ab".repeat(32);
        assert_eq!(parse_pin(&hex.to_uppercase()), Some(hex.clone()));
        let colons: Vec<String> = (0..32).map(|_| "AB".to_owned()).collect();
        assert_eq!(parse_pin(&colons.join(":")), Some(hex));
        assert_eq!(parse_pin("abc"), None);
        assert_eq!(parse_pin(&"zz".repeat(32)), None);
    }

    #[test]
    fn a_self_signed_certificate_has_a_stable_pin() {
        let (cert, key) = self_signed(vec!["localhost".into()]).unwrap();
        assert!(key.contains("PRIVATE KEY"));
        let der = first_der(&cert).unwrap();
        assert_eq!(fingerprint(&der).len(), 64);
        assert_eq!(fingerprint(&der), fingerprint(&first_der(&cert).unwrap()));
    }
}
