//! Trust cards: a device's or headquarters' public keys on one signed, printable page.
//!
//! Why this exists: a bundle is only as trustworthy as the decision that its signer is one
//! of ours, and a bundle is only as private as the decision that its recipient is really
//! headquarters. Both decisions are made by people, in person, by comparing a fingerprint.
//! A trust card carries the age recipient and the ssh key together, with the ssh key's
//! fingerprint in `ssh-keygen -l` form, and is signed by that ssh key (namespace
//! `fieldvault-card`), so the fingerprint people compare also vouches for the age key. The
//! format is plain text (see `docs/trust-card.md`) and parsing is strict, with errors that
//! name the line.

use crate::explain::{Explain, Explanation};
use std::fmt;

use crate::crypto::seal::AgeRecipient;
use crate::crypto::signing::{Fingerprint, PublicKey, SigningKey};

/// SSHSIG namespace of trust card signatures.
pub const CARD_NAMESPACE: &str = "fieldvault-card";
const FIRST_LINE: &str = "fieldvault-trust-card v1";
/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// Longest card accepted (a real one is under 1 KiB).
const MAX_CARD_BYTES: usize = 16 * 1024;

/// Whose card it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardRole {
    /// Headquarters: bundles are encrypted to it, receipts are signed by it.
    Headquarters,
    /// A field laptop: it signs bundles and receipts are encrypted to it.
    Field,
}

impl CardRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CardRole::Headquarters => "headquarters",
            CardRole::Field => "field",
        }
    }
}

impl fmt::Display for CardRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The content of a trust card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustCard {
    /// A name people recognise, e.g. `Seoul HQ` or `laptop 3 (Kim)`.
    pub label: String,
    pub role: CardRole,
    pub age: AgeRecipient,
    pub ssh: PublicKey,
}

/// Why a card was refused. Messages name the line and never quote the card's text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CardError {
    TooLong(usize),
    /// `problem`: what is wrong with the line (a technical detail).
    Line {
        line: usize,
        problem: String,
    },
    BadSignature,
    Invalid(&'static str),
}

impl Explain for CardError {
    fn explain(&self) -> Explanation {
        match self {
            CardError::TooLong(bytes) => Explanation::new("card-too-long").number("bytes", *bytes as f64),
            CardError::Line { line, problem } => Explanation::new("card-line")
                .number("line", *line as f64)
                .technical(problem),
            CardError::BadSignature => Explanation::new("card-bad-signature"),
            CardError::Invalid(why) => Explanation::new("card-cannot-make").technical(why),
        }
    }
}

crate::explain::display_in_english!(CardError);

fn line_err(line: usize, problem: impl Into<String>) -> CardError {
    CardError::Line {
        line,
        problem: problem.into(),
    }
}

fn label_ok(label: &str) -> bool {
    let n = label.chars().count();
    (1..=MAX_LABEL_CHARS).contains(&n) && !label.chars().any(char::is_control) && label.trim() == label
}

impl TrustCard {
    /// The ssh key's fingerprint, as printed on the card.
    pub fn fingerprint(&self) -> Fingerprint {
        self.ssh.fingerprint()
    }

    /// The signed lines, each ending in a newline.
    fn body(&self) -> String {
        format!(
            "{FIRST_LINE}\nlabel: {}\nrole: {}\nage: {}\nssh: {}\nfingerprint: {}\n",
            self.label,
            self.role,
            self.age.as_str(),
            self.ssh.to_openssh(),
            self.fingerprint().to_openssh()
        )
    }

    /// The card text, signed by `signer`, which must be the card's own ssh key.
    pub fn render(&self, signer: &SigningKey) -> Result<String, CardError> {
        if !label_ok(&self.label) {
            return Err(CardError::Invalid(
                "the label must be 1 to 100 characters, without control characters or \
                 surrounding spaces",
            ));
        }
        if signer.public_key() != self.ssh {
            return Err(CardError::Invalid("a card must be signed by its own ssh key"));
        }
        let body = self.body();
        let signature = signer.sign_sshsig(CARD_NAMESPACE, body.as_bytes());
        Ok(format!("{body}signature:\n{signature}"))
    }

    /// Parses and verifies a card. CRLF line endings and a byte order mark are accepted
    /// (the signature covers the LF form); anything else out of place is refused.
    pub fn parse(text: &str) -> Result<TrustCard, CardError> {
        if text.len() > MAX_CARD_BYTES {
            return Err(CardError::TooLong(text.len()));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = text.replace("\r\n", "\n");
        let lines: Vec<&str> = text.split('\n').collect();
        let field = |n: usize, key: &str| -> Result<&str, CardError> {
            let line = lines
                .get(n - 1)
                .ok_or_else(|| line_err(n, format!("expected \"{key}: …\", but the card ends")))?;
            line.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix(": "))
                .ok_or_else(|| line_err(n, format!("expected \"{key}: …\"")))
        };

        match lines[0] {
            FIRST_LINE => {}
            other if other.starts_with("fieldvault-trust-card ") => {
                return Err(line_err(
                    1,
                    "this card was made by a newer fieldvault; update fieldvault",
                ));
            }
            _ => {
                return Err(line_err(
                    1,
                    format!("this is not a fieldvault trust card (expected \"{FIRST_LINE}\")"),
                ));
            }
        }
        let label = field(2, "label")?;
        if !label_ok(label) {
            return Err(line_err(
                2,
                "the label must be 1 to 100 characters, without control characters or \
                 surrounding spaces",
            ));
        }
        let role = match field(3, "role")? {
            "headquarters" => CardRole::Headquarters,
            "field" => CardRole::Field,
            _ => return Err(line_err(3, "the role must be \"headquarters\" or \"field\"")),
        };
        let age_text = field(4, "age")?;
        let age = match AgeRecipient::parse(age_text) {
            Ok(r) if r.as_str() == age_text => r,
            _ => return Err(line_err(4, "the age recipient is not valid")),
        };
        let ssh_text = field(5, "ssh")?;
        let ssh = match PublicKey::from_openssh(ssh_text) {
            Ok(k) if k.to_openssh() == ssh_text => k,
            Ok(_) => {
                return Err(line_err(
                    5,
                    "the ssh key must be exactly \"ssh-ed25519 AAAA…\", without a comment",
                ));
            }
            Err(e) => return Err(line_err(5, format!("the ssh key is not valid: {e}"))),
        };
        if field(6, "fingerprint")? != ssh.fingerprint().to_openssh() {
            return Err(line_err(
                6,
                "the fingerprint does not match the ssh key on line 5; the card was altered",
            ));
        }
        if lines.get(6) != Some(&"signature:") {
            return Err(line_err(7, "expected \"signature:\""));
        }
        let end = lines
            .iter()
            .position(|l| *l == "-----END SSH SIGNATURE-----")
            .filter(|&i| i > 7)
            .ok_or_else(|| line_err(8, "expected an SSH signature block"))?;
        if let Some(extra) = lines[end + 1..].iter().position(|l| !l.trim().is_empty()) {
            return Err(line_err(end + 2 + extra, "unexpected text after the signature"));
        }
        let card = TrustCard {
            label: label.to_owned(),
            role,
            age,
            ssh,
        };
        let signature = lines[7..=end].join("\n") + "\n";
        card.ssh
            .verify_sshsig(CARD_NAMESPACE, card.body().as_bytes(), &signature)
            .map_err(|_| CardError::BadSignature)?;
        Ok(card)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::seal::AgeIdentity;

    fn card(key: &SigningKey) -> TrustCard {
        TrustCard {
            label: "Seoul HQ 서울".into(),
            role: CardRole::Headquarters,
            age: AgeIdentity::generate().recipient(),
            ssh: key.public_key(),
        }
    }

    fn line_of(e: CardError) -> usize {
        match e {
            CardError::Line { line, .. } => line,
            other => panic!("expected a line error, got {other}"),
        }
    }

    #[test]
    fn render_parse_round_trip() {
        let key = SigningKey::generate().unwrap();
        let c = card(&key);
        let text = c.render(&key).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "fieldvault-trust-card v1");
        assert_eq!(lines[1], "label: Seoul HQ 서울");
        assert_eq!(lines[2], "role: headquarters");
        assert!(lines[3].starts_with("age: age1"));
        assert!(lines[4].starts_with("ssh: ssh-ed25519 AAAA"));
        assert_eq!(
            lines[5],
            format!("fingerprint: {}", key.public_key().fingerprint().to_openssh())
        );
        assert_eq!(lines[6], "signature:");
        assert_eq!(lines[7], "-----BEGIN SSH SIGNATURE-----");
        assert_eq!(TrustCard::parse(&text).unwrap(), c);
        assert_eq!(TrustCard::parse(&text.replace('\n', "\r\n")).unwrap(), c);
        assert_eq!(TrustCard::parse(&format!("\u{feff}{text}\n\n")).unwrap(), c);
        assert_eq!(c.fingerprint(), key.public_key().fingerprint());
    }

    #[test]
    fn render_refuses_bad_labels_and_foreign_signers() {
        let key = SigningKey::generate().unwrap();
        let mut c = card(&key);
        assert!(c.render(&SigningKey::generate().unwrap()).is_err());
        for bad in ["", " x", "a\nrole: field", &"x".repeat(101)] {
            c.label = bad.into();
            assert!(c.render(&key).is_err(), "{bad:?}");
        }
        c.label = "가".repeat(100);
        TrustCard::parse(&c.render(&key).unwrap()).unwrap();
    }

    #[test]
    fn every_line_is_checked_and_named() {
        let key = SigningKey::generate().unwrap();
        let text = card(&key).render(&key).unwrap();
        let other = SigningKey::generate().unwrap().public_key();
        let replace_line = |n: usize, with: &str| {
            let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
            lines[n - 1] = with.to_owned();
            lines.join("\n")
        };
        let cases = [
            (replace_line(1, "fieldvault-trust-card v2"), 1, "newer"),
            (replace_line(1, "hello"), 1, "not a fieldvault trust card"),
            (replace_line(2, "label: "), 2, "label"),
            (replace_line(2, "label:x"), 2, "label"),
            (replace_line(2, "name: Seoul"), 2, "label"),
            (replace_line(3, "role: admin"), 3, "role"),
            (
                replace_line(4, "age: age1qqqq"),
                4,
                "the age recipient is not valid",
            ),
            (replace_line(5, "ssh: ssh-rsa AAAA"), 5, "ssh key"),
            (
                replace_line(5, &format!("ssh: {} comment", key.public_key().to_openssh())),
                5,
                "without a comment",
            ),
            (
                replace_line(6, &format!("fingerprint: {}", other.fingerprint().to_openssh())),
                6,
                "does not match",
            ),
            (replace_line(7, "sig:"), 7, "signature:"),
            (format!("{text}extra\n"), 14, "after the signature"),
            (text.lines().take(3).collect::<Vec<_>>().join("\n"), 4, "ends"),
        ];
        for (bad, line, word) in cases {
            let e = TrustCard::parse(&bad).unwrap_err();
            let msg = e.to_string();
            assert!(msg.contains(word), "expected {word:?}: {msg}");
            assert_eq!(line_of(e), line, "{msg}");
        }
    }

    #[test]
    fn the_signature_binds_the_age_key_and_label() {
        let key = SigningKey::generate().unwrap();
        let text = card(&key).render(&key).unwrap();
        let age_line = text.lines().nth(3).unwrap();
        let swapped = text.replace(
            age_line,
            &format!("age: {}", AgeIdentity::generate().recipient().as_str()),
        );
        assert_eq!(TrustCard::parse(&swapped), Err(CardError::BadSignature));
        let relabelled = text.replace("label: Seoul HQ", "label: Busan HQ");
        assert_eq!(TrustCard::parse(&relabelled), Err(CardError::BadSignature));
        let role = text.replace("role: headquarters", "role: field");
        assert_eq!(TrustCard::parse(&role), Err(CardError::BadSignature));

        // A whole card made by another key, with this key's public lines pasted in.
        let thief = SigningKey::generate().unwrap();
        let mut fake = card(&key);
        fake.ssh = thief.public_key();
        let fake_text = fake.render(&thief).unwrap();
        let spliced: Vec<&str> = text.lines().take(7).chain(fake_text.lines().skip(7)).collect();
        assert_eq!(
            TrustCard::parse(&(spliced.join("\n") + "\n")),
            Err(CardError::BadSignature)
        );
        // A card signature is no bundle signature, and the other way round.
        let body: String = text.lines().take(6).map(|l| format!("{l}\n")).collect();
        let bundle_sig = key.sign_sshsig("fieldvault-bundle", body.as_bytes());
        assert_eq!(
            TrustCard::parse(&format!("{body}signature:\n{bundle_sig}")),
            Err(CardError::BadSignature)
        );
        assert_eq!(
            TrustCard::parse(&"x".repeat(20_000)),
            Err(CardError::TooLong(20_000))
        );
    }
}
