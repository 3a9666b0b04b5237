//! The vault's own identity (an Ed25519 signing key and an age X25519 identity, both kept
//! only inside the encrypted database) and the parties it trusts, exchanged as trust cards.

use serde::Serialize;
use serde_json::json;

use super::error::{Damage, Missing, TrustRefusal};
use super::{Role, Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::bundle::card::{CardRole, TrustCard};
use crate::crypto::seal::{AgeIdentity, AgeRecipient};
use crate::crypto::signing::{Fingerprint, PublicKey, SigningKey};
use crate::store::TrustedRow;

/// What `identity show` prints: public facts only.
#[derive(Debug, Clone, Serialize)]
pub struct IdentityInfo {
    pub label: String,
    pub role: Role,
    pub fingerprint: String,
    pub safety_number: String,
    pub age_recipient: String,
    pub ssh_key: String,
}

/// One trusted party as `trust list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TrustedParty {
    pub label: String,
    pub role: Role,
    pub fingerprint: String,
    pub safety_number: String,
    pub age_recipient: String,
    pub added_at: String,
    pub removed_at: Option<String>,
    /// Set only in what `trust_add` returns, when this party had been removed before and
    /// is now trusted again: when it was removed (someone may have removed it for a reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_before: Option<String>,
}

/// What `trust add` would do, shown before the person confirms.
#[derive(Debug, Clone, Serialize)]
pub struct TrustPreview {
    pub label: String,
    pub role: Role,
    pub fingerprint: String,
    /// 40 digits in groups of five, to compare with what the other side reads out.
    pub safety_number: String,
    /// Set when the same signing key is already trusted with another age recipient.
    pub recipient_change: Option<RecipientChange>,
    /// When this party was removed from trust before, if it was.
    pub removed_before: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecipientChange {
    pub old: String,
    pub new: String,
}

/// What the person confirmed before a card is trusted.
#[derive(Debug, Clone, Default)]
pub struct TrustConfirmation {
    /// The safety number (or `SHA256:` fingerprint) the other side read out.
    pub safety_number: String,
    /// The person accepted that a party already trusted now has a new encryption key.
    pub accept_new_recipient: bool,
}

/// The keys of this vault, loaded from the database for one operation and then dropped.
pub(crate) struct Keys {
    pub signing: SigningKey,
    pub age: AgeIdentity,
    pub label: String,
}

fn card_role(role: Role) -> CardRole {
    match role {
        Role::Field => CardRole::Field,
        Role::Headquarters => CardRole::Headquarters,
    }
}

fn role_of(card: CardRole) -> Role {
    match card {
        CardRole::Field => Role::Field,
        CardRole::Headquarters => Role::Headquarters,
    }
}

fn parse_role(text: &str) -> Role {
    if text == "headquarters" {
        Role::Headquarters
    } else {
        Role::Field
    }
}

fn party(row: &TrustedRow) -> Result<TrustedParty, VaultError> {
    let fp = Fingerprint::from_hex(&row.fingerprint)
        .map_err(|_| VaultError::Damaged(Damage::TrustedFingerprintUnreadable))?;
    Ok(TrustedParty {
        label: row.label.clone(),
        role: parse_role(&row.role),
        fingerprint: fp.to_openssh(),
        safety_number: fp.safety_number(),
        age_recipient: row.age_recipient.clone(),
        added_at: row.added_at.clone(),
        removed_at: row.removed_at.clone(),
        removed_before: None,
    })
}

/// Generates the identity of a new vault inside the creating transaction.
pub(crate) fn create_identity(
    tx: &mut crate::store::Tx<'_>,
    label: &str,
    at: &str,
) -> Result<(), VaultError> {
    let signing =
        SigningKey::generate().map_err(|e| VaultError::Damaged(Damage::KeyGeneration(e.to_string())))?;
    let age = AgeIdentity::generate();
    let age_secret = age.to_secret_string();
    let age_text = std::str::from_utf8(age_secret.expose_secret())
        .map_err(|_| VaultError::Damaged(Damage::KeyGeneration("the age identity is not text".into())))?;
    tx.set_identity(label, signing.pkcs8().expose_secret(), age_text, at)?;
    Ok(())
}

impl Vault {
    pub(crate) fn keys(&self) -> Result<Keys, VaultError> {
        let row = self
            .store
            .identity()?
            .ok_or_else(|| VaultError::Damaged(Damage::NoIdentityKeys))?;
        let signing = SigningKey::from_pkcs8(row.signing_pkcs8.expose_secret())
            .map_err(|_| VaultError::Damaged(Damage::SigningKeyUnreadable))?;
        let age = AgeIdentity::from_secret_bytes(&row.age_identity)
            .map_err(|_| VaultError::Damaged(Damage::AgeIdentityUnreadable))?;
        Ok(Keys {
            signing,
            age,
            label: row.label,
        })
    }

    /// This vault's public identity.
    pub fn identity(&self) -> Result<IdentityInfo, VaultError> {
        let keys = self.keys()?;
        let public = keys.signing.public_key();
        let fp = public.fingerprint();
        Ok(IdentityInfo {
            label: keys.label,
            role: self.role,
            fingerprint: fp.to_openssh(),
            safety_number: fp.safety_number(),
            age_recipient: keys.age.recipient().as_str().to_owned(),
            ssh_key: public.to_openssh(),
        })
    }

    /// The fingerprint of this vault's signing key, as hex (the device id in manifests).
    pub(crate) fn fingerprint_hex(&self) -> Result<String, VaultError> {
        Ok(self.keys()?.signing.public_key().fingerprint().hex())
    }

    /// This vault's trust card, signed by its own key, to hand to the other side.
    pub fn trust_card(&self) -> Result<String, VaultError> {
        let keys = self.keys()?;
        let card = TrustCard {
            label: keys.label.clone(),
            role: card_role(self.role),
            age: keys.age.recipient(),
            ssh: keys.signing.public_key(),
        };
        Ok(card.render(&keys.signing)?)
    }

    /// What adding a card would do, to show before asking: who it is, the safety number to
    /// compare with the one the other side reads out, and what it would replace.
    pub fn trust_preview(&self, card_text: &str) -> Result<TrustPreview, VaultError> {
        let card = TrustCard::parse(card_text)?;
        let wanted = match self.role {
            Role::Field => Role::Headquarters,
            Role::Headquarters => Role::Field,
        };
        if role_of(card.role) != wanted {
            return Err(VaultError::Trust(TrustRefusal::WrongRole {
                card: role_of(card.role),
                vault: self.role,
            }));
        }
        let fp = card.ssh.fingerprint();
        if fp.hex() == self.fingerprint_hex()? {
            return Err(VaultError::Trust(TrustRefusal::OwnCard));
        }
        let earlier = self.store.trusted_by_fingerprint(&fp.hex())?;
        let new_recipient = card.age.as_str().to_owned();
        Ok(TrustPreview {
            label: card.label.clone(),
            role: wanted,
            fingerprint: fp.to_openssh(),
            safety_number: fp.safety_number(),
            recipient_change: earlier
                .as_ref()
                .filter(|row| row.age_recipient != new_recipient)
                .map(|row| RecipientChange {
                    old: row.age_recipient.clone(),
                    new: new_recipient.clone(),
                }),
            removed_before: earlier.and_then(|row| row.removed_at),
        })
    }

    /// Trusts the party on a card: on a field vault a headquarters, on a headquarters vault
    /// a field device. `confirmation` carries the safety number the other side read out
    /// (it must match the card's: a card swapped in transit is refused) and whether the
    /// person accepted a new encryption key for a party already trusted.
    pub fn trust_add(
        &mut self,
        card_text: &str,
        confirmation: &TrustConfirmation,
    ) -> Result<TrustedParty, VaultError> {
        let preview = self.trust_preview(card_text)?;
        let card = TrustCard::parse(card_text)?;
        let fp = card.ssh.fingerprint();
        if !fp.matches_typed(&confirmation.safety_number) {
            return Err(VaultError::Trust(TrustRefusal::NumberMismatch {
                safety_number: preview.safety_number,
            }));
        }
        if let Some(change) = &preview.recipient_change
            && !confirmation.accept_new_recipient
        {
            return Err(VaultError::Trust(TrustRefusal::RecipientChanged {
                label: crate::domain::quote::quote(&preview.label),
                old: change.old.clone(),
                new: change.new.clone(),
            }));
        }
        let removed_before = preview.removed_before.clone();
        let at = now();
        let row = TrustedRow {
            fingerprint: fp.hex(),
            role: preview.role.as_str().to_owned(),
            label: card.label.clone(),
            age_recipient: card.age.as_str().to_owned(),
            ssh_key: card.ssh.to_openssh(),
            added_at: at.clone(),
            removed_at: None,
        };
        self.store.write(|tx| {
            tx.upsert_trusted(&row, card_text)?;
            audit::append(
                tx,
                &at,
                Action::TrustAdded,
                &fp.hex(),
                json!({
                    "label": card.label,
                    "role": row.role,
                    "removed_before": removed_before,
                    "recipient_changed": preview.recipient_change.is_some(),
                }),
            )?;
            Ok::<_, VaultError>(())
        })?;
        Ok(TrustedParty {
            removed_before,
            ..party(&row)?
        })
    }

    /// Every party trusted now or before.
    pub fn trust_list(&self) -> Result<Vec<TrustedParty>, VaultError> {
        self.store.trusted()?.iter().map(party).collect()
    }

    /// Stops trusting a party, found by label, by fingerprint (the 40-digit safety number or
    /// `SHA256:…`), or by a unique prefix of its hex fingerprint.
    pub fn trust_remove(&mut self, selector: &str) -> Result<TrustedParty, VaultError> {
        let row = self.find_trusted(selector)?;
        let at = now();
        self.store.write(|tx| {
            if !tx.remove_trusted(&row.fingerprint, &at)? {
                return Err(VaultError::Trust(TrustRefusal::AlreadyRemoved {
                    label: row.label.clone(),
                }));
            }
            audit::append(
                tx,
                &at,
                Action::TrustRemoved,
                &row.fingerprint,
                json!({ "label": row.label }),
            )?;
            Ok(())
        })?;
        party(&row)
    }

    fn find_trusted(&self, selector: &str) -> Result<TrustedRow, VaultError> {
        let wanted = normalise_fingerprint(selector);
        let rows = self.store.trusted()?;
        let matches: Vec<&TrustedRow> = rows
            .iter()
            .filter(|r| {
                r.label == selector
                    || (wanted.len() >= 8 && r.fingerprint.starts_with(&wanted))
                    || Fingerprint::from_hex(&r.fingerprint).is_ok_and(|fp| fp.matches_typed(selector))
            })
            .collect();
        match matches.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(VaultError::NotFound(Missing::Party {
                selector: selector.to_owned(),
            })),
            _ => Err(VaultError::NotFound(Missing::SeveralParties {
                selector: selector.to_owned(),
            })),
        }
    }

    /// Active trusted headquarters (field) or devices (HQ).
    pub(crate) fn active_trusted(&self) -> Result<Vec<TrustedRow>, VaultError> {
        Ok(self
            .store
            .trusted()?
            .into_iter()
            .filter(|r| r.removed_at.is_none())
            .collect())
    }

    /// Looks up an active trusted party by its signing key.
    pub(crate) fn trusted_signer(&self, key: &PublicKey) -> Result<Option<TrustedRow>, VaultError> {
        Ok(self
            .store
            .trusted_by_fingerprint(&key.fingerprint().hex())?
            .filter(|r| r.removed_at.is_none() && r.ssh_key == key.to_openssh()))
    }

    pub(crate) fn recipient_of(row: &TrustedRow) -> Result<AgeRecipient, VaultError> {
        AgeRecipient::parse(&row.age_recipient).map_err(|_| {
            VaultError::Damaged(Damage::StoredAgeKeyUnreadable {
                label: row.label.clone(),
            })
        })
    }
}

/// For tests: `a` and `b` trust each other's cards, each confirming the safety number the
/// other would read out.
#[cfg(test)]
pub(crate) fn trust_each_other(a: &mut Vault, b: &mut Vault) {
    fn trust(to: &mut Vault, card: &str) {
        let confirmation = TrustConfirmation {
            safety_number: to.trust_preview(card).unwrap().safety_number,
            accept_new_recipient: false,
        };
        to.trust_add(card, &confirmation).unwrap();
    }
    let (card_a, card_b) = (a.trust_card().unwrap(), b.trust_card().unwrap());
    trust(a, &card_b);
    trust(b, &card_a);
}

/// Accepts `3F2A 9C1B …`, `3f2a9c1b…` or `SHA256:…` and gives lowercase hex without spaces
/// (empty when it is not hex).
fn normalise_fingerprint(text: &str) -> String {
    let hex: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.chars().all(|c| c.is_ascii_hexdigit()) {
        hex
    } else {
        String::new()
    }
}
