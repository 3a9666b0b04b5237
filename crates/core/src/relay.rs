//! The drop box protocol's trust: who may ask the drop box for what. Every request to the
//! drop box is signed with the Ed25519 key of a field device or of headquarters, the same
//! key that signs bundles and receipts, and the drop box checks it against the trust cards
//! it was given. The drop box itself holds no vault and no age identity: it can tell who
//! asks, never read what is carried. See `docs/sync.md`.
//!
//! A signature covers `fieldvault-relay/1`, the method, the path, the time, a random nonce
//! and the SHA-256 of the body, one per line, as an SSHSIG in the namespace
//! `fieldvault-relay` (`ssh-keygen -Y verify` checks it). The drop box refuses a request
//! more than [`MAX_SKEW_SECONDS`] away from its clock, and a nonce it has seen (it keeps
//! them in its store).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::bundle::card::{CardRole, TrustCard};
use crate::crypto::digest::sha256_hex;
use crate::crypto::signing::PublicKey;
use crate::explain::{Explain, Explanation};
use crate::vault::{Role, Vault, VaultError};

/// The first line of every signed request.
pub const PROTOCOL: &str = "fieldvault-relay/1";
/// The SSHSIG namespace of request signatures.
pub const NAMESPACE: &str = "fieldvault-relay";
/// How far a request's time may be from the drop box's clock.
pub const MAX_SKEW_SECONDS: i64 = 300;

/// What a signature covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayRequest {
    pub method: String,
    /// The path with its query, as sent.
    pub path: String,
    /// Seconds since 1970 (UTC).
    pub time: i64,
    /// 32 hexadecimal digits, random per request.
    pub nonce: String,
    /// SHA-256 of the body, hexadecimal (of nothing for a request without one).
    pub body_sha256: String,
}

impl RelayRequest {
    /// A request to sign now, with a fresh nonce.
    pub fn new(method: &str, path: &str, body: &[u8]) -> RelayRequest {
        RelayRequest::with_digest(method, path, sha256_hex(body))
    }

    /// A request whose body was hashed in pieces ([`BodyDigest`]): a bundle sent from a
    /// file is never held in memory whole.
    pub fn with_digest(method: &str, path: &str, body_sha256: String) -> RelayRequest {
        RelayRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            time: jiff::Timestamp::now().as_second(),
            nonce: hex::encode(crate::crypto::random::random_array::<16>()),
            body_sha256,
        }
    }

    /// The exact bytes that are signed.
    pub fn signed_text(&self) -> String {
        format!(
            "{PROTOCOL}\n{}\n{}\n{}\n{}\n{}\n",
            self.method, self.path, self.time, self.nonce, self.body_sha256
        )
    }
}

/// SHA-256 of a body, hexadecimal, as a [`RelayRequest`] names it.
pub fn body_digest(body: &[u8]) -> String {
    sha256_hex(body)
}

/// [`body_digest`] of a body that arrives or leaves in pieces.
#[derive(Default)]
pub struct BodyDigest(crate::crypto::digest::Sha256Stream);

impl BodyDigest {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Hexadecimal, as [`body_digest`] gives it.
    pub fn finish(self) -> String {
        hex::encode(self.0.finish())
    }
}

/// The signature on a request: the signer's key fingerprint (hexadecimal SHA-256 of its
/// OpenSSH public key) and the SSHSIG, base64 of its armored text, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelaySignature {
    pub key: String,
    pub signature: String,
}

impl Vault {
    /// Signs a drop box request with this vault's key.
    pub fn sign_relay(&self, request: &RelayRequest) -> Result<RelaySignature, VaultError> {
        let keys = self.keys()?;
        let armored = keys
            .signing
            .sign_sshsig(NAMESPACE, request.signed_text().as_bytes());
        Ok(RelaySignature {
            key: keys.signing.public_key().fingerprint().hex(),
            signature: BASE64.encode(armored),
        })
    }
}

/// One party the drop box serves.
#[derive(Debug, Clone)]
pub struct RelayParty {
    /// Hexadecimal key fingerprint: the party's mailbox.
    pub fingerprint: String,
    pub role: Role,
    pub label: String,
    key: PublicKey,
}

/// The parties a drop box serves: headquarters and the enrolled devices, from their cards.
#[derive(Debug, Clone, Default)]
pub struct RelayTrust {
    parties: Vec<RelayParty>,
}

impl RelayTrust {
    /// From the text of trust cards (each card's signature is checked).
    pub fn from_cards<S: AsRef<str>>(cards: &[S]) -> Result<RelayTrust, VaultError> {
        let mut parties: Vec<RelayParty> = Vec::new();
        for text in cards {
            let card = TrustCard::parse(text.as_ref())?;
            let fingerprint = card.fingerprint().hex();
            if parties.iter().any(|p| p.fingerprint == fingerprint) {
                continue;
            }
            parties.push(RelayParty {
                fingerprint,
                role: match card.role {
                    CardRole::Headquarters => Role::Headquarters,
                    CardRole::Field => Role::Field,
                },
                label: card.label.clone(),
                key: card.ssh,
            });
        }
        Ok(RelayTrust { parties })
    }

    pub fn parties(&self) -> &[RelayParty] {
        &self.parties
    }

    /// The party that signed `request`, if the signature is theirs and the time is near
    /// `now` (seconds since 1970). The nonce is the caller's to check: it keeps them.
    pub fn verify(
        &self,
        request: &RelayRequest,
        signature: &RelaySignature,
        now: i64,
    ) -> Result<&RelayParty, RelayRefusal> {
        if !is_hex(&request.nonce, 32) || !is_hex(&request.body_sha256, 64) {
            return Err(RelayRefusal::Malformed);
        }
        let party = self
            .parties
            .iter()
            .find(|p| p.fingerprint == signature.key)
            .ok_or(RelayRefusal::UnknownKey)?;
        let armored = BASE64
            .decode(&signature.signature)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or(RelayRefusal::BadSignature)?;
        party
            .key
            .verify_sshsig(NAMESPACE, request.signed_text().as_bytes(), &armored)
            .map_err(|_| RelayRefusal::BadSignature)?;
        let skew = request.time - now;
        if skew.abs() > MAX_SKEW_SECONDS {
            return Err(RelayRefusal::Stale { skew });
        }
        Ok(party)
    }
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Why the drop box refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelayRefusal {
    /// The signing key is not one the drop box was given (or it was taken away).
    UnknownKey,
    /// The signature does not verify: changed on the way, or forged.
    BadSignature,
    /// The request's time is too far from the drop box's clock (`skew` seconds).
    Stale { skew: i64 },
    /// The drop box has seen this request before.
    Replayed,
    /// The signature headers are missing or not well formed.
    Malformed,
    /// A device asked for what only headquarters may do, or for another device's mailbox.
    NotAllowed,
}

impl Explain for RelayRefusal {
    fn explain(&self) -> Explanation {
        match self {
            RelayRefusal::UnknownKey => Explanation::new("relay-unknown-key"),
            RelayRefusal::BadSignature => Explanation::new("relay-bad-signature"),
            RelayRefusal::Stale { skew } => Explanation::new("relay-stale").number("skew", *skew as f64),
            RelayRefusal::Replayed => Explanation::new("relay-replayed"),
            RelayRefusal::Malformed => Explanation::new("relay-malformed"),
            RelayRefusal::NotAllowed => Explanation::new("relay-not-allowed"),
        }
    }
}

crate::explain::display_in_english!(RelayRefusal);

impl std::error::Error for RelayRefusal {}

/// Why a `sync` failed. Nothing is marked delivered, and nothing leaves the drop box,
/// unless the step that does so finished.
#[derive(Debug)]
pub enum SyncError {
    /// No connection (wrong address, no network, the drop box down); the client library's
    /// words (a technical detail).
    Unreachable(String),
    /// The drop box presented another certificate than the pinned one.
    PinMismatch,
    /// The drop box refused the request.
    Refused(RelayRefusal),
    /// The drop box answered with an error status.
    Status(u16),
    /// The drop box sent something other than what was asked for.
    Garbled,
    /// A bundle is larger than the drop box accepts (HTTP 413).
    TooLarge,
    /// The drop box's storage is full (HTTP 507).
    StoreFull,
    /// The person syncing stopped it.
    Cancelled,
    /// The `--proxy` address is not a SOCKS5 address that resolves names itself.
    BadProxy(String),
    Vault(VaultError),
}

impl From<VaultError> for SyncError {
    fn from(error: VaultError) -> Self {
        SyncError::Vault(error)
    }
}

impl Explain for SyncError {
    fn explain(&self) -> Explanation {
        match self {
            SyncError::Unreachable(why) => Explanation::new("sync-unreachable").technical(why),
            SyncError::PinMismatch => Explanation::new("sync-pin-mismatch"),
            SyncError::Refused(refusal) => refusal.explain(),
            SyncError::Status(status) => Explanation::new("sync-status").number("status", *status),
            SyncError::Garbled => Explanation::new("sync-garbled"),
            SyncError::TooLarge => Explanation::new("sync-too-large"),
            SyncError::StoreFull => Explanation::new("sync-store-full"),
            SyncError::Cancelled => Explanation::new("sync-cancelled"),
            SyncError::BadProxy(address) => Explanation::new("sync-bad-proxy").text("address", address),
            SyncError::Vault(error) => error.explain(),
        }
    }
}

crate::explain::display_in_english!(SyncError);

impl std::error::Error for SyncError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::card::TrustCard;
    use crate::crypto::seal::AgeIdentity;
    use crate::crypto::signing::SigningKey;

    fn card(role: CardRole, label: &str, key: &SigningKey) -> String {
        TrustCard {
            label: label.into(),
            role,
            age: AgeIdentity::generate().recipient(),
            ssh: key.public_key(),
        }
        .render(key)
        .unwrap()
    }

    fn signed(key: &SigningKey, request: &RelayRequest) -> RelaySignature {
        RelaySignature {
            key: key.public_key().fingerprint().hex(),
            signature: BASE64.encode(key.sign_sshsig(NAMESPACE, request.signed_text().as_bytes())),
        }
    }

    #[test]
    fn a_signed_request_names_its_party_and_nothing_else_passes() {
        let hq = SigningKey::generate().unwrap();
        let device = SigningKey::generate().unwrap();
        let stranger = SigningKey::generate().unwrap();
        let trust = RelayTrust::from_cards(&[
            card(CardRole::Headquarters, "Seoul HQ", &hq),
            card(CardRole::Field, "laptop 3", &device),
        ])
        .unwrap();
        let request = RelayRequest::new("PUT", "/v1/up/ab12", b"bundle bytes");
        let now = request.time;
        let party = trust.verify(&request, &signed(&device, &request), now).unwrap();
        assert_eq!((party.role, party.label.as_str()), (Role::Field, "laptop 3"));

        assert_eq!(
            trust
                .verify(&request, &signed(&stranger, &request), now)
                .unwrap_err(),
            RelayRefusal::UnknownKey
        );
        // Another path, body, time or nonce under the same signature.
        let sig = signed(&device, &request);
        for changed in [
            RelayRequest {
                path: "/v1/up/cd34".into(),
                ..request.clone()
            },
            RelayRequest {
                body_sha256: body_digest(b"other bytes"),
                ..request.clone()
            },
            RelayRequest {
                time: request.time + 1,
                ..request.clone()
            },
            RelayRequest {
                nonce: "0".repeat(32),
                ..request.clone()
            },
        ] {
            assert_eq!(
                trust.verify(&changed, &sig, now).unwrap_err(),
                RelayRefusal::BadSignature
            );
        }
        // A signature claiming to be headquarters' key.
        let forged = RelaySignature {
            key: hq.public_key().fingerprint().hex(),
            signature: sig.signature.clone(),
        };
        assert_eq!(
            trust.verify(&request, &forged, now).unwrap_err(),
            RelayRefusal::BadSignature
        );
        // Too old, too far ahead.
        for now in [
            request.time + MAX_SKEW_SECONDS + 1,
            request.time - MAX_SKEW_SECONDS - 1,
        ] {
            assert!(matches!(
                trust.verify(&request, &sig, now).unwrap_err(),
                RelayRefusal::Stale { .. }
            ));
        }
        let garbled = RelaySignature {
            signature: "not base64 at all!".into(),
            ..sig.clone()
        };
        assert_eq!(
            trust.verify(&request, &garbled, now).unwrap_err(),
            RelayRefusal::BadSignature
        );
    }

    #[test]
    fn the_signed_text_is_what_ssh_keygen_would_check() {
        let request = RelayRequest {
            method: "GET".into(),
            path: "/v1/down".into(),
            time: 1_796_400_000,
            nonce: "0123456789abcdef0123456789abcdef".into(),
            body_sha256: body_digest(b""),
        };
        assert_eq!(
            request.signed_text(),
            "fieldvault-relay/1\nGET\n/v1/down\n1796400000\n0123456789abcdef0123456789abcdef\n\
             e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        );
    }
}
