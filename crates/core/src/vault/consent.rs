//! Consent changes: an interviewee may later narrow or withdraw the consent recorded in
//! the interview. A change is recorded beside the sealed revisions (which never change),
//! in the audit chain, and — on a field laptop — carried to headquarters in the next
//! bundle's signed manifest, even after the interview itself was wiped from the laptop.
//! Statistics, analysis exports and publication packs honour the effective consent: the
//! recorded one narrowed by every change, in order. A change can only narrow: to widen
//! consent, the interview is corrected (a new revision).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::json;

use super::error::ReviewRefusal;
use super::{Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::bundle::ConsentChangeEntry;
use crate::bundle::manifest::MAX_CONSENT_NOTE_BYTES;
use crate::store::{ConsentChangeRow, InterviewFactRow};

/// The quoting levels, narrowest first.
const QUOTE_LEVELS: [&str; 3] = ["no", "anonymised", "named"];

fn rank(quote: &str) -> usize {
    QUOTE_LEVELS.iter().position(|q| *q == quote).unwrap_or(0)
}

/// What a person asks to change.
#[derive(Debug, Clone, Default)]
pub struct ConsentChange {
    pub quote: Option<String>,
    pub share_with: Option<Vec<String>>,
    pub withdraw: bool,
    pub note: Option<String>,
}

/// The consent in force: the recorded one narrowed by every change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffectiveConsent {
    pub quote: String,
    pub share_with: Vec<String>,
    /// Withdrawn altogether: the testimony is used for nothing more.
    pub withdrawn: bool,
}

impl EffectiveConsent {
    /// The recorded consent narrowed by `changes`, in order.
    pub fn of(quote: &str, share_with: &[String], changes: &[ConsentChangeRow]) -> EffectiveConsent {
        let mut effective = EffectiveConsent {
            quote: quote.to_owned(),
            share_with: share_with.to_vec(),
            withdrawn: false,
        };
        for change in changes {
            if change.withdrawn {
                effective.withdrawn = true;
                effective.quote = "no".into();
                effective.share_with.clear();
            }
            if let Some(q) = &change.quote
                && rank(q) < rank(&effective.quote)
            {
                effective.quote = q.clone();
            }
            if let Some(allowed) = &change.share_with {
                effective.share_with.retain(|a| allowed.contains(a));
            }
        }
        effective
    }
}

/// Interview facts as analysis may use them (see [`Vault::facts_with_consent`]).
#[derive(Default)]
pub(super) struct ConsentedFacts {
    /// Every interview not withdrawn, its consent columns those in force.
    pub interviews: Vec<InterviewFactRow>,
    /// Interviews (ids) whose consent a change narrowed.
    pub changed: HashSet<String>,
    /// Withdrawn interviews: id and code.
    pub withdrawn: HashMap<String, String>,
}

/// An interview's consent: as recorded, the changes since, and what is in force.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentView {
    pub code: String,
    pub interview_id: String,
    /// `None` once the interview's content was wiped from this laptop.
    pub recorded: Option<EffectiveConsent>,
    pub changes: Vec<ConsentChangeRow>,
    pub effective: Option<EffectiveConsent>,
}

/// A change recorded here, as a bundle carries it.
pub(super) fn bundle_entry(row: ConsentChangeRow) -> ConsentChangeEntry {
    ConsentChangeEntry {
        id: row.id,
        interview_id: row.interview_id,
        code: row.code,
        revision_hash: row.revision_hash,
        at: row.at,
        quote: row.quote,
        share_with: row.share_with,
        withdrawn: row.withdrawn,
        note: row.note,
    }
}

/// A change a bundle carried, as headquarters stores it.
pub(super) fn received_row(entry: &ConsentChangeEntry, device: &str) -> ConsentChangeRow {
    ConsentChangeRow {
        id: entry.id.clone(),
        interview_id: entry.interview_id.clone(),
        code: entry.code.clone(),
        revision_hash: entry.revision_hash.clone(),
        at: entry.at.clone(),
        quote: entry.quote.clone(),
        share_with: entry.share_with.clone(),
        withdrawn: entry.withdrawn,
        note: entry.note.clone(),
        origin: Some(device.to_owned()),
    }
}

impl Vault {
    /// An interview's consent, recorded and in force.
    pub fn consent(&self, selector: &str) -> Result<ConsentView, VaultError> {
        let view = self.show(selector)?;
        let changes = self.store.consent_changes_of(&view.summary.id)?;
        let recorded = view.record.as_ref().map(|r| {
            let c = &r.interview().consent;
            EffectiveConsent {
                quote: c.quote.clone(),
                share_with: c.share_with.clone(),
                withdrawn: false,
            }
        });
        let effective = recorded
            .as_ref()
            .map(|r| EffectiveConsent::of(&r.quote, &r.share_with, &changes));
        Ok(ConsentView {
            code: view.summary.code,
            interview_id: view.summary.id,
            recorded,
            changes,
            effective,
        })
    }

    /// Records a narrowing or withdrawal of an interview's consent. On a field laptop it
    /// goes to headquarters with the next export.
    pub fn change_consent(
        &mut self,
        selector: &str,
        change: &ConsentChange,
    ) -> Result<ConsentView, VaultError> {
        let current = self.consent(selector)?;
        let code = current.code.clone();
        if !change.withdraw && change.quote.is_none() && change.share_with.is_none() {
            return Err(VaultError::Review(ReviewRefusal::NoConsentChange));
        }
        if let Some(q) = &change.quote
            && !QUOTE_LEVELS.contains(&q.as_str())
        {
            return Err(VaultError::Review(ReviewRefusal::UnknownValue {
                what: "quoting level",
                value: q.clone(),
                known: QUOTE_LEVELS.join(", "),
            }));
        }
        let share_with: Option<Vec<String>> = change.share_with.as_ref().map(|list| {
            let mut list: Vec<String> = list
                .iter()
                .map(|a| a.trim().to_lowercase())
                .filter(|a| !a.is_empty())
                .collect();
            list.sort();
            list.dedup();
            list
        });
        if let Some(list) = &share_with
            && let Some(bad) = list
                .iter()
                .find(|a| a.len() > 32 || !a.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        {
            return Err(VaultError::Review(ReviewRefusal::UnknownValue {
                what: "audience",
                value: bad.clone(),
                known: "un, courts, researchers, public".into(),
            }));
        }
        // Only narrowing: a wider consent is a correction of the interview itself.
        if let Some(effective) = &current.effective {
            if let Some(q) = &change.quote
                && rank(q) > rank(&effective.quote)
            {
                return Err(VaultError::Review(ReviewRefusal::ConsentWidening {
                    code,
                    what: format!("quote \"{q}\" (now \"{}\")", effective.quote),
                }));
            }
            if let Some(list) = &share_with
                && let Some(wider) = list.iter().find(|a| !effective.share_with.contains(a))
            {
                return Err(VaultError::Review(ReviewRefusal::ConsentWidening {
                    code,
                    what: format!(
                        "sharing with \"{wider}\" (now [{}])",
                        effective.share_with.join(", ")
                    ),
                }));
            }
        }
        if change
            .note
            .as_ref()
            .is_some_and(|n| n.len() > MAX_CONSENT_NOTE_BYTES)
        {
            return Err(VaultError::Review(ReviewRefusal::UnknownValue {
                what: "note",
                value: format!("of {} bytes", change.note.as_ref().map_or(0, String::len)),
                known: format!("a note of at most {MAX_CONSENT_NOTE_BYTES} bytes"),
            }));
        }
        let latest_sealed = self
            .store
            .revisions_of(&current.interview_id)?
            .into_iter()
            .rev()
            .find_map(|r| r.hash);
        let row = ConsentChangeRow {
            id: uuid::Uuid::new_v4().hyphenated().to_string(),
            interview_id: current.interview_id.clone(),
            code: current.code.clone(),
            revision_hash: latest_sealed,
            at: now(),
            quote: change.quote.clone(),
            share_with,
            withdrawn: change.withdraw,
            note: change.note.clone().filter(|n| !n.trim().is_empty()),
            origin: None,
        };
        self.store.write(|tx| {
            tx.insert_consent_change(&row)?;
            audit::append(
                tx,
                &row.at,
                Action::ConsentChanged,
                &row.interview_id,
                json!({
                    "change": row.id,
                    "quote": row.quote,
                    "share_with": row.share_with,
                    "withdrawn": row.withdrawn,
                }),
            )?;
            Ok::<_, VaultError>(())
        })?;
        self.consent(&current.interview_id)
    }

    /// Field: how many consent changes wait to go to headquarters (the next export
    /// carries them, with or without interviews).
    pub fn consent_changes_to_send(&self) -> Result<usize, VaultError> {
        Ok(self.store.undelivered_consent_changes()?.len())
    }

    /// Field: how many consent changes no bundle has carried yet (`sync` exports for them
    /// even when nothing is sealed; a bundle already waiting in its outbox carries the rest).
    pub fn consent_changes_never_sent(&self) -> Result<usize, VaultError> {
        Ok(self.store.unsent_consent_changes()?)
    }

    /// The ids (and codes) of interviews whose consent was withdrawn.
    pub(super) fn withdrawn_interviews(&self) -> Result<HashMap<String, String>, VaultError> {
        Ok(self
            .store
            .consent_changes()?
            .into_iter()
            .filter(|c| c.withdrawn)
            .map(|c| (c.interview_id, c.code))
            .collect())
    }

    /// The archive's interview facts with the consent in force: changes applied to
    /// `quote` and `share_with`, and withdrawn interviews set apart.
    pub(super) fn facts_with_consent(&self) -> Result<ConsentedFacts, VaultError> {
        let mut by: HashMap<String, Vec<ConsentChangeRow>> = HashMap::new();
        for change in self.store.consent_changes()? {
            by.entry(change.interview_id.clone()).or_default().push(change);
        }
        let mut facts = ConsentedFacts::default();
        for mut row in self.store.interview_facts()? {
            let Some(changes) = by.get(&row.interview_id) else {
                facts.interviews.push(row);
                continue;
            };
            let recorded: Vec<String> = row.share_with.split_whitespace().map(str::to_owned).collect();
            let effective = EffectiveConsent::of(&row.quote, &recorded, changes);
            if effective.withdrawn {
                facts.withdrawn.insert(row.interview_id.clone(), row.code.clone());
                continue;
            }
            row.quote = effective.quote;
            row.share_with = effective.share_with.join(" ");
            facts.changed.insert(row.interview_id.clone());
            facts.interviews.push(row);
        }
        Ok(facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(quote: Option<&str>, share: Option<&[&str]>, withdrawn: bool) -> ConsentChangeRow {
        ConsentChangeRow {
            id: "c".into(),
            interview_id: "i".into(),
            code: "W".into(),
            revision_hash: None,
            at: "2026-12-05T00:00:00Z".into(),
            quote: quote.map(str::to_owned),
            share_with: share.map(|s| s.iter().map(|a| a.to_string()).collect()),
            withdrawn,
            note: None,
            origin: None,
        }
    }

    #[test]
    fn changes_only_narrow() {
        let recorded = ["un".to_owned(), "researchers".to_owned()];
        let narrowed = EffectiveConsent::of(
            "named",
            &recorded,
            &[
                change(Some("anonymised"), None, false),
                change(None, Some(&["researchers", "public"]), false),
            ],
        );
        assert_eq!(narrowed.quote, "anonymised");
        assert_eq!(narrowed.share_with, ["researchers"], "never widened to public");
        // A later "named" cannot undo an earlier narrowing.
        let again = EffectiveConsent::of(
            "anonymised",
            &recorded,
            &[
                change(Some("no"), None, false),
                change(Some("named"), None, false),
            ],
        );
        assert_eq!(again.quote, "no");
        let withdrawn = EffectiveConsent::of("named", &recorded, &[change(None, None, true)]);
        assert!(withdrawn.withdrawn && withdrawn.share_with.is_empty() && withdrawn.quote == "no");
    }
}
