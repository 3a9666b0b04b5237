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
/// SHA-256 of the body, hexadecimal: signed, so the drop box checks the signature before
/// it reads the body, then the body against it.
pub const BODY_HEADER: &str = "x-fieldvault-body-sha256";
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

/// The refusal header's value; a stale request's carries how far off its time was
/// (`stale -400`), so that the laptop can say by how much its clock is wrong.
pub fn refusal_code(refusal: RelayRefusal) -> String {
    match refusal {
        RelayRefusal::UnknownKey => "unknown-key".into(),
        RelayRefusal::BadSignature => "bad-signature".into(),
        RelayRefusal::Stale { skew } => format!("stale {skew}"),
        RelayRefusal::Replayed => "replayed".into(),
        RelayRefusal::Malformed => "malformed".into(),
        RelayRefusal::NotAllowed => "not-allowed".into(),
    }
}

pub fn refusal_of(code: &str) -> Option<RelayRefusal> {
    if let Some(skew) = code.strip_prefix("stale ") {
        return skew.parse().ok().map(|skew| RelayRefusal::Stale { skew });
    }
    Some(match code {
        "unknown-key" => RelayRefusal::UnknownKey,
        "bad-signature" => RelayRefusal::BadSignature,
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
            RelayRefusal::Stale { skew: -3600 },
            RelayRefusal::Replayed,
            RelayRefusal::Malformed,
            RelayRefusal::NotAllowed,
        ] {
            assert_eq!(refusal_of(&refusal_code(refusal)), Some(refusal));
        }
        assert_eq!(refusal_of("stale soon"), None);
    }
}
