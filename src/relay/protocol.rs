//! What the drop box and its clients agree on besides the signature itself: header names,
//! object names, the list format and how a refusal travels back.

use serde::{Deserialize, Serialize};

use fieldvault_core::relay::RelayRefusal;

/// The signer's key fingerprint (hexadecimal).
pub const KEY_HEADER: &str = "x-fieldvault-key";
/// The SSHSIG, base64 of its armored text.
pub const SIGNATURE_HEADER: &str = "x-fieldvault-signature";
/// Seconds since 1970.
pub const TIME_HEADER: &str = "x-fieldvault-time";
/// 32 hexadecimal digits.
pub const NONCE_HEADER: &str = "x-fieldvault-nonce";
/// Why a request was refused (a code from [`refusal_code`]).
pub const REFUSAL_HEADER: &str = "x-fieldvault-refusal";

/// One object in a mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    /// The device's key fingerprint (hexadecimal): the mailbox.
    pub device: String,
    pub name: String,
    pub size: u64,
}

/// Bundle, receipt and mailbox names are lowercase hexadecimal (fieldvault writes random
/// names); nothing else reaches the store's paths.
pub fn is_name(name: &str) -> bool {
    (8..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub fn refusal_code(refusal: RelayRefusal) -> &'static str {
    match refusal {
        RelayRefusal::UnknownKey => "unknown-key",
        RelayRefusal::BadSignature => "bad-signature",
        RelayRefusal::Stale { .. } => "stale",
        RelayRefusal::Replayed => "replayed",
        RelayRefusal::Malformed => "malformed",
        RelayRefusal::NotAllowed => "not-allowed",
    }
}

pub fn refusal_of(code: &str) -> Option<RelayRefusal> {
    Some(match code {
        "unknown-key" => RelayRefusal::UnknownKey,
        "bad-signature" => RelayRefusal::BadSignature,
        "stale" => RelayRefusal::Stale { skew: 0 },
        "replayed" => RelayRefusal::Replayed,
        "malformed" => RelayRefusal::Malformed,
        "not-allowed" => RelayRefusal::NotAllowed,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_climb_out_of_a_mailbox() {
        assert!(is_name("0123abcd"));
        for bad in ["..", "../up", "a/b", "ABCDEF01", "short", "", "0123abcd\n"] {
            assert!(!is_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn every_refusal_travels_back() {
        for refusal in [
            RelayRefusal::UnknownKey,
            RelayRefusal::BadSignature,
            RelayRefusal::Replayed,
            RelayRefusal::Malformed,
            RelayRefusal::NotAllowed,
        ] {
            assert_eq!(refusal_of(refusal_code(refusal)), Some(refusal));
        }
        assert!(matches!(refusal_of("stale"), Some(RelayRefusal::Stale { .. })));
    }
}
