//! The typed interview record: interview, consent, interviewee, incidents, children.
//!
//! Why this exists: it is the one shape every module agrees on, modelled on the HURIDOCS
//! Events Standard Formats (events, acts, victims, perpetrators, sources). Unknown fields
//! are refused (`deny_unknown_fields`) so a typo never silently drops testimony. Fields
//! checked against a [`super::Vocabulary`] are plain strings, because vocabularies are data
//! an organisation may extend. Dates are [`EdtfDate`]s. Optional fields accept `null`.
//! Build values through [`super::InterviewRecord::from_value`], which also checks
//! vocabularies, formats and limits.

use serde::{Deserialize, Serialize};

use super::edtf::{EdtfDate, EdtfYear};

/// One interview with one interviewee.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    /// Pseudonymous interviewee code, unique in the organisation (`W26-0012`); never a name.
    pub code: String,
    /// When the interview took place.
    pub interviewed_on: EdtfDate,
    /// Where the interview took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The interviewer's code.
    pub interviewer: String,
    /// BCP 47 tag of the interview language (`ko`, `en`, `ko-KR`).
    pub language: String,
    /// The interpreter's code, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<String>,
    /// What the interviewee agreed to.
    pub consent: Consent,
    /// Who was interviewed (no names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewee: Option<Interviewee>,
    /// The testimony as told. Absent means empty.
    #[serde(default)]
    pub narrative: String,
    /// Each act the testimony describes.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// Children born or left behind.
    #[serde(default)]
    pub children: Vec<Child>,
    /// Referrals and needs (medical, legal, counselling).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

crate::redact::debug_redacted!(Interview { code });

/// What the interviewee agreed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Whether audio recording was allowed.
    pub recording: bool,
    /// Quote level, vocabulary `quote`: `no`, `anonymised`, `named`.
    pub quote: String,
    /// Who the testimony may be shared with (`un`, `courts`, `researchers`...).
    #[serde(default)]
    pub share_with: Vec<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Who was interviewed. Never a name.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interviewee {
    /// As the interviewee describes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// An EDTF year: `1991`, `1991~`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<EdtfYear>,
    /// Place of origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country where the interviewee now lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_country: Option<String>,
}

crate::redact::debug_redacted!(Interviewee {});

/// One act the testimony describes.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Vocabulary `incident kind`.
    pub kind: String,
    /// When it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<EdtfDate>,
    /// Where it happened (`where` in JSON).
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The facility, if it happened in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<Facility>,
    /// Who did it.
    #[serde(default)]
    pub perpetrators: Vec<Perpetrator>,
    /// Who suffered it.
    #[serde(default)]
    pub victims: Vec<Victim>,
    /// Vocabulary `source`: `direct`, `witnessed`, `hearsay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What happened, in the interviewee's or interviewer's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

crate::redact::debug_redacted!(Incident {});

/// A place.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Place name, any language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// ISO 3166-1 alpha-2 code (`CN`, `KP`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

crate::redact::debug_redacted!(Location {});

/// A place of detention or treatment.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    /// Its name as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Vocabulary `facility type` (`type` in JSON).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

crate::redact::debug_redacted!(Facility {});

/// Who committed an act.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Perpetrator {
    /// Vocabulary `perpetrator kind`.
    pub kind: String,
    /// Free note (never a name that could endanger someone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

crate::redact::debug_redacted!(Perpetrator {});

/// Who suffered an act: `self` or a relation such as `sister`, `cellmate`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Victim {
    /// `self`, or a relation.
    pub who: String,
}

crate::redact::debug_redacted!(Victim {});

/// A child born or left behind.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Child {
    /// An EDTF year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<EdtfYear>,
    /// ISO 3166-1 alpha-2 code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Whether the birth is registered; `None` when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered: Option<bool>,
    /// Who the child lives with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_whom: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

crate::redact::debug_redacted!(Child {});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_interview_deserializes() {
        let iv: Interview = serde_json::from_str(
            r#"{"code":"W26-0006","interviewed_on":"2026-11-20","interviewer":"INT-07",
                "language":"ko","consent":{"recording":false,"quote":"no"}}"#,
        )
        .unwrap();
        assert_eq!(iv.code, "W26-0006");
        assert!(iv.narrative.is_empty() && iv.incidents.is_empty() && iv.place.is_none());
    }

    #[test]
    fn keywords_are_renamed() {
        let i: Incident =
            serde_json::from_str(r#"{"kind":"other","where":{"country":"CN"},"facility":{"type":"other"}}"#)
                .unwrap();
        assert_eq!(i.location.unwrap().country.as_deref(), Some("CN"));
        assert_eq!(i.facility.unwrap().kind.as_deref(), Some("other"));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let e = serde_json::from_str::<Victim>(r#"{"who":"self","name":"x"}"#).unwrap_err();
        assert!(e.to_string().contains("unknown field"));
    }
}
