//! Headquarters' review of the archive: annotations that never touch the sealed
//! revisions (a status, tags and notes per interview and per incident, each naming its
//! reviewer and written to the audit chain), filters over the coded facts (status, tag,
//! incident kind, country, facility type, perpetrator and an EDTF-aware date range), and
//! corroboration candidates — interviews from different devices that describe the same
//! facility, place or month — for a reviewer to confirm or dismiss.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::json;

use super::error::{Operation, ReviewRefusal};
use super::{Role, Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::domain::facts::day;
use crate::domain::{EdtfDate, VocabKind};
use crate::store::{AnnotationRow, Decision, FactFilter, Found, IncidentFactRow};

/// The review statuses, in the order a review moves through them.
pub const STATUSES: [&str; 4] = ["new", "reviewed", "needs_follow_up", "excluded"];

/// What one annotation records (any of these; at least one).
#[derive(Debug, Clone, Default)]
pub struct Annotation {
    pub status: Option<String>,
    pub tags: Vec<String>,
    pub untags: Vec<String>,
    pub note: Option<String>,
}

/// A filter as a person gives it: vocabulary codes, an ISO country, EDTF dates.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<String>,
    pub tag: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub facility_type: Option<String>,
    pub perpetrator: Option<String>,
    /// Incidents that may have happened on or after this date (EDTF; its first day)…
    pub from: Option<String>,
    /// …and on or before this one (its last day).
    pub to: Option<String>,
}

/// The review of one interview: its status and tags, each incident's, and the history.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewReview {
    pub code: String,
    pub interview_id: String,
    pub status: String,
    pub tags: Vec<String>,
    pub incidents: Vec<IncidentReview>,
    pub history: Vec<AnnotationRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncidentReview {
    /// From 1, as people count them.
    pub number: u32,
    pub kind: String,
    pub when: Option<String>,
    pub status: String,
    pub tags: Vec<String>,
}

/// Two interviews from different devices that may describe the same thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub first: String,
    pub first_code: String,
    pub second: String,
    pub second_code: String,
    /// What they share, as a key: `facility:TYPE:NAME`, `place:COUNTRY:PLACE` or
    /// `period:KIND:COUNTRY:YYYY-MM`.
    pub basis: String,
}

/// Folds a name for comparison: lower case, single spaces.
fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The keys on which an incident may corroborate another.
fn bases(incident: &IncidentFactRow) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(name) = incident.facility_name.as_deref().filter(|n| !n.trim().is_empty()) {
        let kind = incident.facility_type.as_deref().unwrap_or("unknown");
        keys.push(format!("facility:{kind}:{}", fold(name)));
    }
    if let Some(place) = incident.place.as_deref().filter(|p| !p.trim().is_empty()) {
        let country = incident.country.as_deref().unwrap_or("unknown");
        keys.push(format!("place:{country}:{}", fold(place)));
    }
    // The same month: only dates no wider than a month, not marked approximate.
    if let (Some(first), Some(last)) = (&incident.earliest, &incident.latest)
        && !incident.qualified
        && first.get(..7) == last.get(..7)
    {
        let country = incident.country.as_deref().unwrap_or("unknown");
        keys.push(format!("period:{}:{country}:{}", incident.kind, &first[..7]));
    }
    keys
}

impl Vault {
    /// Checks `value` against the vocabulary `kind`, naming the nearest term if it is not one.
    fn known(&self, kind: VocabKind, what: &'static str, value: &str) -> Result<String, VaultError> {
        if self.vocabulary.contains(kind, value) {
            return Ok(value.to_owned());
        }
        let known = match self.vocabulary.suggest(kind, value) {
            Some(near) => near.to_owned(),
            None => self
                .vocabulary
                .terms(kind)
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        };
        Err(VaultError::Review(ReviewRefusal::UnknownValue {
            what,
            value: value.to_owned(),
            known,
        }))
    }

    fn status_of(value: &str) -> Result<String, VaultError> {
        if STATUSES.contains(&value) {
            Ok(value.to_owned())
        } else {
            Err(VaultError::Review(ReviewRefusal::UnknownValue {
                what: "review status",
                value: value.to_owned(),
                known: STATUSES.join(", "),
            }))
        }
    }

    /// The filter in the store's terms, every value checked.
    fn fact_filter(&self, filter: &Filter) -> Result<FactFilter, VaultError> {
        let date = |value: &str, last: bool| -> Result<String, VaultError> {
            let parsed = EdtfDate::parse(value).map_err(|_| {
                VaultError::Review(ReviewRefusal::BadDate {
                    value: value.to_owned(),
                })
            })?;
            let bound = if last { parsed.latest() } else { parsed.earliest() };
            bound.map(day).ok_or_else(|| {
                VaultError::Review(ReviewRefusal::BadDate {
                    value: value.to_owned(),
                })
            })
        };
        let country = match &filter.country {
            Some(c) if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) => Some(c.clone()),
            Some(c) => {
                return Err(VaultError::Review(ReviewRefusal::UnknownValue {
                    what: "country code",
                    value: c.clone(),
                    known: "two capital letters, ISO 3166-1 (CN, KP, KR, RU, LA, TH)".into(),
                }));
            }
            None => None,
        };
        Ok(FactFilter {
            status: filter.status.as_deref().map(Self::status_of).transpose()?,
            tag: filter.tag.clone(),
            kind: filter
                .kind
                .as_deref()
                .map(|k| self.known(VocabKind::IncidentKind, "incident kind", k))
                .transpose()?,
            country,
            facility_type: filter
                .facility_type
                .as_deref()
                .map(|k| self.known(VocabKind::FacilityType, "facility type", k))
                .transpose()?,
            perpetrator: filter
                .perpetrator
                .as_deref()
                .map(|k| self.known(VocabKind::PerpetratorKind, "perpetrator kind", k))
                .transpose()?,
            from: filter.from.as_deref().map(|d| date(d, false)).transpose()?,
            to: filter.to.as_deref().map(|d| date(d, true)).transpose()?,
        })
    }

    /// The interviews a filter finds, by code (an incident filter needs one incident that
    /// meets all its conditions; an incident "2013/2019" is found for 2015).
    pub fn find(&self, filter: &Filter) -> Result<Vec<Found>, VaultError> {
        self.require(Role::Headquarters, Operation::Review)?;
        let filter = self.fact_filter(filter)?;
        Ok(self.store.find(&filter)?)
    }

    /// Records an annotation of an interview, or of its incident `incident` (from 1).
    pub fn annotate(
        &mut self,
        selector: &str,
        incident: Option<u32>,
        annotation: &Annotation,
        reviewer: &str,
    ) -> Result<InterviewReview, VaultError> {
        self.require(Role::Headquarters, Operation::Review)?;
        let reviewer = reviewer.trim();
        if reviewer.is_empty() {
            return Err(VaultError::Review(ReviewRefusal::NoReviewer));
        }
        if annotation.status.is_none()
            && annotation.tags.is_empty()
            && annotation.untags.is_empty()
            && annotation.note.as_deref().is_none_or(|n| n.trim().is_empty())
        {
            return Err(VaultError::Review(ReviewRefusal::NothingToRecord));
        }
        let status = annotation.status.as_deref().map(Self::status_of).transpose()?;
        let review = self.interview_review(selector)?;
        let incident = match incident {
            Some(number) if number == 0 || number as usize > review.incidents.len() => {
                return Err(VaultError::Review(ReviewRefusal::NoSuchIncident {
                    code: review.code,
                    number,
                    count: review.incidents.len() as u32,
                }));
            }
            Some(number) => Some(number - 1),
            None => None,
        };
        let clean = |tag: &str| tag.split_whitespace().collect::<Vec<_>>().join("-");
        let mut fields: Vec<(&str, String)> = Vec::new();
        if let Some(status) = status {
            fields.push(("status", status));
        }
        fields.extend(
            annotation
                .tags
                .iter()
                .map(|t| ("tag", clean(t)))
                .filter(|(_, t)| !t.is_empty()),
        );
        fields.extend(
            annotation
                .untags
                .iter()
                .map(|t| ("untag", clean(t)))
                .filter(|(_, t)| !t.is_empty()),
        );
        if let Some(note) = annotation.note.as_deref().filter(|n| !n.trim().is_empty()) {
            fields.push(("note", note.trim().to_owned()));
        }
        let at = now();
        let interview_id = review.interview_id.clone();
        self.store.write(|tx| {
            for (field, value) in &fields {
                let id = tx.annotate(&interview_id, incident, field, value, reviewer, &at)?;
                // The audit entry names the annotation; a note's text stays in the table.
                let shown = if *field == "note" {
                    json!({ "note_sha256": crate::crypto::digest::sha256_hex(value.as_bytes()) })
                } else {
                    json!({ "value": value })
                };
                audit::append(
                    tx,
                    &at,
                    Action::Annotated,
                    &interview_id,
                    json!({
                        "annotation": id,
                        "incident": incident.map(|i| i + 1),
                        "field": field,
                        "reviewer": reviewer,
                        "detail": shown,
                    }),
                )?;
            }
            Ok::<_, VaultError>(())
        })?;
        self.interview_review(&interview_id)
    }

    /// An interview's review: status, tags, each incident's, and every annotation.
    pub fn interview_review(&self, selector: &str) -> Result<InterviewReview, VaultError> {
        self.require(Role::Headquarters, Operation::Review)?;
        let interview_id = self.resolve(selector)?;
        let latest = self.latest(&interview_id)?;
        let state = self.store.review_state(&interview_id, None)?;
        let incidents: Vec<IncidentFactRow> = self.store.incident_facts_of(&interview_id)?;
        let mut reviews = Vec::new();
        for incident in &incidents {
            let state = self.store.review_state(&interview_id, Some(incident.idx))?;
            reviews.push(IncidentReview {
                number: incident.idx + 1,
                kind: incident.kind.clone(),
                when: incident.when_edtf.clone(),
                status: state.status,
                tags: state.tags,
            });
        }
        Ok(InterviewReview {
            code: latest.code,
            history: self.store.annotations_of(&interview_id)?,
            interview_id,
            status: state.status,
            tags: state.tags,
            incidents: reviews,
        })
    }

    /// Pairs of interviews from different devices that share a facility, a place or a
    /// month of the same kind of incident, not yet confirmed or dismissed; at most `limit`.
    pub fn corroboration_candidates(&self, limit: usize) -> Result<Vec<Candidate>, VaultError> {
        self.require(Role::Headquarters, Operation::Review)?;
        let interviews: HashMap<String, (String, Option<String>)> = self
            .store
            .interview_facts()?
            .into_iter()
            .map(|f| (f.interview_id, (f.code, f.device)))
            .collect();
        let decided: BTreeSet<(String, String, String)> = self
            .store
            .decisions()?
            .into_iter()
            .map(|(d, _)| (d.first, d.second, d.basis))
            .collect();
        let mut by_basis: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for incident in self.store.incident_facts()? {
            for basis in bases(&incident) {
                by_basis
                    .entry(basis)
                    .or_default()
                    .insert(incident.interview_id.clone());
            }
        }
        let mut found = Vec::new();
        for (basis, ids) in by_basis {
            let mut ids: Vec<&String> = ids.iter().filter(|id| interviews.contains_key(*id)).collect();
            ids.sort_by_key(|id| &interviews[*id].0);
            for (n, a) in ids.iter().enumerate() {
                for b in &ids[n + 1..] {
                    let (code_a, device_a) = &interviews[*a];
                    let (code_b, device_b) = &interviews[*b];
                    if device_a == device_b {
                        continue;
                    }
                    if decided.contains(&((*a).clone(), (*b).clone(), basis.clone())) {
                        continue;
                    }
                    found.push(Candidate {
                        first: (*a).clone(),
                        first_code: code_a.clone(),
                        second: (*b).clone(),
                        second_code: code_b.clone(),
                        basis: basis.clone(),
                    });
                    if found.len() >= limit {
                        return Ok(found);
                    }
                }
            }
        }
        Ok(found)
    }

    /// Confirms or dismisses a candidate: it is not offered again, and the audit log says so.
    pub fn decide_corroboration(
        &mut self,
        first: &str,
        second: &str,
        basis: &str,
        confirm: bool,
        reviewer: &str,
    ) -> Result<(), VaultError> {
        self.require(Role::Headquarters, Operation::Review)?;
        let reviewer = reviewer.trim();
        if reviewer.is_empty() {
            return Err(VaultError::Review(ReviewRefusal::NoReviewer));
        }
        let (mut a, mut b) = (self.resolve(first)?, self.resolve(second)?);
        let (code_a, code_b) = (self.latest(&a)?.code, self.latest(&b)?.code);
        if (code_a.as_str(), a.as_str()) > (code_b.as_str(), b.as_str()) {
            std::mem::swap(&mut a, &mut b);
        }
        let decision = Decision {
            first: a.clone(),
            second: b.clone(),
            basis: basis.to_owned(),
        };
        let verdict = if confirm { "confirmed" } else { "dismissed" };
        let at = now();
        self.store.write(|tx| {
            tx.decide(&decision, verdict, reviewer, &at)?;
            audit::append(
                tx,
                &at,
                Action::CorroborationDecided,
                &a,
                json!({ "with": b, "basis": basis, "decision": verdict, "reviewer": reviewer }),
            )?;
            Ok::<_, VaultError>(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(kind: &str, earliest: Option<&str>, latest: Option<&str>) -> IncidentFactRow {
        IncidentFactRow {
            interview_id: "i".into(),
            idx: 0,
            kind: kind.into(),
            when_edtf: None,
            earliest: earliest.map(str::to_owned),
            latest: latest.map(str::to_owned),
            qualified: false,
            country: Some("KP".into()),
            place: Some("  Onsong ".into()),
            facility_type: Some("jipkyulso".into()),
            facility_name: Some("Onsong  Holding Centre".into()),
            perpetrators: String::new(),
            victims: String::new(),
            source: None,
        }
    }

    #[test]
    fn bases_fold_names_and_take_only_month_precise_periods() {
        let month = bases(&incident(
            "forced_repatriation",
            Some("2012-03-01"),
            Some("2012-03-31"),
        ));
        assert_eq!(
            month,
            [
                "facility:jipkyulso:onsong holding centre",
                "place:KP:onsong",
                "period:forced_repatriation:KP:2012-03"
            ]
        );
        let year = bases(&incident(
            "forced_repatriation",
            Some("2012-01-01"),
            Some("2012-12-31"),
        ));
        assert_eq!(year.len(), 2, "a whole year is no period to corroborate on");
    }
}
