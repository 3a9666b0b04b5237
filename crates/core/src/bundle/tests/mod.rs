//! The bundle layer's tests: its own unit tests below, the hostile corpus (`corpus`), the
//! standard-tools interoperability checks (`interop`) and the fixtures they share
//! (`testutil`). Nothing here is compiled outside tests.

mod corpus;
mod interop;
pub(super) mod testutil;

use super::*;

/// The words of the design, each now followed by what to do (`what; todo`).
#[test]
fn messages_match_the_design() {
    let starts = |error: BundleError, words: &str| {
        let text = error.to_string();
        assert!(text.starts_with(words), "{text}");
        assert!(text.len() > words.len() + 2, "no advice follows: {text}");
    };
    starts(
        BundleError::NotEncryptedToUs { doc: Doc::Bundle },
        "this bundle was not encrypted to this vault's key — it is meant for another \
         headquarters (or it is a receipt, for a field laptop)",
    );
    assert_eq!(
        BundleError::Damaged { doc: Doc::Bundle }.to_string(),
        "the bundle is damaged or incomplete (it may have been cut short when the stick \
         was pulled); ask for it again"
    );
    starts(
        BundleError::BadSignature { doc: Doc::Bundle },
        "the bundle's signature does not verify: it was changed after it was signed, or \
         forged",
    );
    assert_eq!(
        BundleError::UnsupportedVersion {
            doc: Doc::Bundle,
            found: "fieldvault-bundle/3".into()
        }
        .to_string(),
        "this bundle was made by a newer fieldvault (format fieldvault-bundle/3); update \
         fieldvault"
    );
}

#[test]
fn seal_errors_map_to_kinds() {
    let k = |e| BundleError::from_seal(Doc::Bundle, e).kind();
    assert_eq!(k(SealError::NoMatchingKey), ErrorKind::NotForUs);
    assert_eq!(k(SealError::Truncated), ErrorKind::Damaged);
    assert_eq!(k(SealError::Damaged), ErrorKind::Damaged);
    assert_eq!(k(SealError::NotAgeFile), ErrorKind::NotABundle);
    assert_eq!(k(SealError::PassphraseEncrypted), ErrorKind::NotABundle);
    assert_eq!(k(SealError::HeaderTooLarge), ErrorKind::Hostile);
    let eof = io::Error::from(io::ErrorKind::UnexpectedEof);
    assert_eq!(
        BundleError::from_read(Doc::Bundle, eof).kind(),
        ErrorKind::Hostile
    );
}
