//! The editor's form: every field of an interview as the text typed into it. It converts
//! to the interchange JSON (which the vault validates) and back, and serializes as a whole
//! for the autosaved work copy, so that even a half-typed, invalid form survives a crash.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use zeroize::Zeroize;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
#[serde(default)]
pub struct InterviewForm {
    pub code: String,
    pub interviewed_on: String,
    pub place: String,
    pub interviewer: String,
    pub language: String,
    pub interpreter: String,
    pub consent_recording: bool,
    pub consent_quote: String,
    /// Comma-separated.
    pub consent_share_with: String,
    pub consent_note: String,
    pub gender: String,
    pub birth_year: String,
    pub origin: String,
    pub current_country: String,
    pub narrative: String,
    pub incidents: Vec<IncidentForm>,
    pub children: Vec<ChildForm>,
    pub follow_up: String,
    /// Comma-separated.
    pub tags: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
#[serde(default)]
pub struct IncidentForm {
    pub kind: String,
    pub when: String,
    pub place: String,
    pub country: String,
    pub facility_name: String,
    pub facility_type: String,
    pub perpetrators: Vec<PerpetratorForm>,
    /// Comma-separated: `self`, `sister`, …
    pub victims: String,
    pub source: String,
    pub description: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
#[serde(default)]
pub struct PerpetratorForm {
    pub kind: String,
    pub note: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Zeroize)]
#[serde(default)]
pub struct ChildForm {
    pub birth_year: String,
    pub country: String,
    /// "", "yes" or "no".
    pub registered: String,
    pub with_whom: String,
    pub note: String,
}

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn list(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        map.insert(key.to_owned(), Value::String(value.to_owned()));
    }
}

fn split_list(text: &str) -> Vec<Value> {
    text.split([',', '、', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect()
}

impl InterviewForm {
    /// A new interview's form, with today's date and sensible defaults.
    pub fn new_interview(today: &str, language: &str) -> InterviewForm {
        InterviewForm {
            interviewed_on: today.to_owned(),
            language: language.to_owned(),
            consent_quote: "no".to_owned(),
            ..InterviewForm::default()
        }
    }

    /// The form of a stored interview (its interchange JSON).
    pub fn from_value(value: &Value) -> InterviewForm {
        let empty = Value::Null;
        let consent = value.get("consent").unwrap_or(&empty);
        let interviewee = value.get("interviewee").unwrap_or(&empty);
        InterviewForm {
            code: text(value, "code"),
            interviewed_on: text(value, "interviewed_on"),
            place: text(value, "place"),
            interviewer: text(value, "interviewer"),
            language: text(value, "language"),
            interpreter: text(value, "interpreter"),
            consent_recording: consent.get("recording").and_then(Value::as_bool).unwrap_or(false),
            consent_quote: text(consent, "quote"),
            consent_share_with: list(consent, "share_with"),
            consent_note: text(consent, "note"),
            gender: text(interviewee, "gender"),
            birth_year: text(interviewee, "birth_year"),
            origin: text(interviewee, "origin"),
            current_country: text(interviewee, "current_country"),
            narrative: text(value, "narrative"),
            incidents: value
                .get("incidents")
                .and_then(Value::as_array)
                .map(|items| items.iter().map(IncidentForm::from_value).collect())
                .unwrap_or_default(),
            children: value
                .get("children")
                .and_then(Value::as_array)
                .map(|items| items.iter().map(ChildForm::from_value).collect())
                .unwrap_or_default(),
            follow_up: text(value, "follow_up"),
            tags: list(value, "tags"),
        }
    }

    /// The interchange JSON of this form; empty optional fields are left out. The vault
    /// validates it (vocabularies, dates, limits) when it is saved.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert("code".into(), Value::String(self.code.trim().to_owned()));
        map.insert(
            "interviewed_on".into(),
            Value::String(self.interviewed_on.trim().to_owned()),
        );
        put(&mut map, "place", &self.place);
        map.insert(
            "interviewer".into(),
            Value::String(self.interviewer.trim().to_owned()),
        );
        map.insert("language".into(), Value::String(self.language.trim().to_owned()));
        put(&mut map, "interpreter", &self.interpreter);
        let mut consent = Map::new();
        consent.insert("recording".into(), Value::Bool(self.consent_recording));
        consent.insert("quote".into(), Value::String(self.consent_quote.clone()));
        let share = split_list(&self.consent_share_with);
        if !share.is_empty() {
            consent.insert("share_with".into(), Value::Array(share));
        }
        put(&mut consent, "note", &self.consent_note);
        map.insert("consent".into(), Value::Object(consent));
        let mut interviewee = Map::new();
        put(&mut interviewee, "gender", &self.gender);
        put(&mut interviewee, "birth_year", &self.birth_year);
        put(&mut interviewee, "origin", &self.origin);
        put(&mut interviewee, "current_country", &self.current_country);
        if !interviewee.is_empty() {
            map.insert("interviewee".into(), Value::Object(interviewee));
        }
        if !self.narrative.is_empty() {
            map.insert("narrative".into(), Value::String(self.narrative.clone()));
        }
        if !self.incidents.is_empty() {
            map.insert(
                "incidents".into(),
                Value::Array(self.incidents.iter().map(IncidentForm::to_value).collect()),
            );
        }
        if !self.children.is_empty() {
            map.insert(
                "children".into(),
                Value::Array(self.children.iter().map(ChildForm::to_value).collect()),
            );
        }
        put(&mut map, "follow_up", &self.follow_up);
        let tags = split_list(&self.tags);
        if !tags.is_empty() {
            map.insert("tags".into(), Value::Array(tags));
        }
        Value::Object(map)
    }
}

impl IncidentForm {
    fn from_value(value: &Value) -> IncidentForm {
        let empty = Value::Null;
        let location = value.get("where").unwrap_or(&empty);
        let facility = value.get("facility").unwrap_or(&empty);
        IncidentForm {
            kind: text(value, "kind"),
            when: text(value, "when"),
            place: text(location, "place"),
            country: text(location, "country"),
            facility_name: text(facility, "name"),
            facility_type: text(facility, "type"),
            perpetrators: value
                .get("perpetrators")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .map(|p| PerpetratorForm {
                            kind: text(p, "kind"),
                            note: text(p, "note"),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            victims: value
                .get("victims")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| v.get("who").and_then(Value::as_str))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            source: text(value, "source"),
            description: text(value, "description"),
        }
    }

    fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert("kind".into(), Value::String(self.kind.clone()));
        put(&mut map, "when", &self.when);
        let mut location = Map::new();
        put(&mut location, "place", &self.place);
        put(&mut location, "country", &self.country);
        if !location.is_empty() {
            map.insert("where".into(), Value::Object(location));
        }
        let mut facility = Map::new();
        put(&mut facility, "name", &self.facility_name);
        put(&mut facility, "type", &self.facility_type);
        if !facility.is_empty() {
            map.insert("facility".into(), Value::Object(facility));
        }
        if !self.perpetrators.is_empty() {
            let list = self
                .perpetrators
                .iter()
                .map(|p| {
                    let mut m = Map::new();
                    m.insert("kind".into(), Value::String(p.kind.clone()));
                    put(&mut m, "note", &p.note);
                    Value::Object(m)
                })
                .collect();
            map.insert("perpetrators".into(), Value::Array(list));
        }
        let victims: Vec<Value> = split_list(&self.victims)
            .into_iter()
            .map(|who| json!({ "who": who }))
            .collect();
        if !victims.is_empty() {
            map.insert("victims".into(), Value::Array(victims));
        }
        put(&mut map, "source", &self.source);
        put(&mut map, "description", &self.description);
        Value::Object(map)
    }
}

impl ChildForm {
    fn from_value(value: &Value) -> ChildForm {
        ChildForm {
            birth_year: text(value, "birth_year"),
            country: text(value, "country"),
            registered: match value.get("registered") {
                Some(Value::Bool(true)) => "yes".into(),
                Some(Value::Bool(false)) => "no".into(),
                _ => String::new(),
            },
            with_whom: text(value, "with_whom"),
            note: text(value, "note"),
        }
    }

    fn to_value(&self) -> Value {
        let mut map = Map::new();
        put(&mut map, "birth_year", &self.birth_year);
        put(&mut map, "country", &self.country);
        match self.registered.as_str() {
            "yes" => {
                map.insert("registered".into(), Value::Bool(true));
            }
            "no" => {
                map.insert("registered".into(), Value::Bool(false));
            }
            _ => {}
        }
        put(&mut map, "with_whom", &self.with_whom);
        put(&mut map, "note", &self.note);
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InterviewRecord, Vocabulary};

    /// Every sample survives form → JSON → form unchanged in meaning: the editor can show
    /// and save every field of the interview model.
    #[test]
    fn every_sample_round_trips_through_the_form() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/samples");
        let vocabulary = Vocabulary::default();
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let mut original: Value = serde_json::from_slice(&bytes).unwrap();
            // The form cannot tell an empty optional text from a missing one.
            drop_empty_text(&mut original);
            let record = InterviewRecord::from_value(original, &vocabulary).unwrap();
            let form = InterviewForm::from_value(record.value());
            let again = InterviewRecord::from_value(form.to_value(), &vocabulary).unwrap();
            // Equal as typed records; explicit `null`s and empty lists are not kept.
            assert_eq!(record.interview(), again.interview(), "{}", record.code());
            let saved = serde_json::to_string(&form).unwrap();
            assert_eq!(serde_json::from_str::<InterviewForm>(&saved).unwrap(), form);
            seen += 1;
        }
        assert!(seen >= 6);
    }

    fn drop_empty_text(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.retain(|_, v| !matches!(v, Value::String(s) if s.is_empty()));
                map.values_mut().for_each(drop_empty_text);
            }
            Value::Array(items) => items.iter_mut().for_each(drop_empty_text),
            _ => {}
        }
    }

    #[test]
    fn a_new_form_is_incomplete_until_code_and_interviewer_are_given() {
        let vocabulary = Vocabulary::default();
        let mut form = InterviewForm::new_interview("2026-11-28", "ko");
        let errors = InterviewRecord::from_value(form.to_value(), &vocabulary).unwrap_err();
        let paths: Vec<_> = errors.0.iter().map(|e| e.path.as_str()).collect();
        assert!(
            paths.contains(&"code") && paths.contains(&"interviewer"),
            "{paths:?}"
        );
        form.code = "W26-0100".into();
        form.interviewer = "INT-01".into();
        InterviewRecord::from_value(form.to_value(), &vocabulary).unwrap();
    }
}
