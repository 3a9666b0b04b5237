//! A validated interview ([`InterviewRecord`]), file parsing ([`parse_interviews`]) and the
//! bytes the revision hash is taken over ([`revision_hash_input`]).
//!
//! Why this exists: the JSON as given is the record of a testimony; the typed form is how
//! the program reads it. Keeping both means `show --json` returns exactly what was entered
//! (including `null` versus absent), while every other module works with checked types.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::canonical::{to_canonical_string, to_pretty_string, write_canonical, write_string};
use super::interview::Interview;
use super::limits::*;
use super::validate::{self, ValidationError, ValidationErrors, quote};
use super::vocabulary::Vocabulary;

/// A validated interview: the JSON value exactly as given, plus its typed form.
#[derive(Clone, Debug, PartialEq)]
pub struct InterviewRecord {
    value: Value,
    interview: Interview,
}

/// Text for the full-text index, per field group. Groups are joined with newlines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchFields {
    /// The interviewee code.
    pub code: String,
    /// The narrative.
    pub narrative: String,
    /// Incident descriptions.
    pub incidents: String,
    /// Interview place, origin, incident places, and every country code.
    pub places: String,
    /// Facility names and type ids.
    pub facilities: String,
    /// Tags.
    pub tags: String,
}

impl InterviewRecord {
    /// Validate one JSON value against the typed model, vocabularies and limits. On error,
    /// returns all errors found (shape errors stop at the first, since the typed form cannot
    /// be built past it; date, vocabulary, format and limit errors are all reported).
    pub fn from_value(value: Value, vocab: &Vocabulary) -> Result<Self, ValidationErrors> {
        if !value.is_object() {
            return Err(ValidationErrors::one(
                "",
                format!("expected an interview object, found {}", kind_of(&value)),
            ));
        }
        let mut errors = Vec::new();
        let bad_dates = validate::check_dates(&value, &mut errors);
        let typed = if bad_dates.is_empty() {
            serde_path_to_error::deserialize::<_, Interview>(&value)
        } else {
            let patched = validate::patch_dates(value.clone(), &bad_dates);
            serde_path_to_error::deserialize::<_, Interview>(&patched)
        };
        match typed {
            Err(e) => {
                errors.push(validate::from_serde(e));
                Err(ValidationErrors(errors))
            }
            Ok(interview) => {
                errors.extend(validate::check_interview(&interview, vocab));
                validate::check_nul(&value, &mut String::new(), &mut errors);
                if errors.is_empty() {
                    Ok(InterviewRecord { value, interview })
                } else {
                    Err(ValidationErrors(errors))
                }
            }
        }
    }

    /// The typed form.
    pub fn interview(&self) -> &Interview {
        &self.interview
    }

    /// The JSON value exactly as given.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Give back the JSON value.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// The interviewee code.
    pub fn code(&self) -> &str {
        &self.interview.code
    }

    /// RFC 8785-compatible canonical JSON of the value (sorted keys, no whitespace, UTF-8).
    pub fn canonical_json(&self) -> String {
        to_canonical_string(&self.value)
    }

    /// Pretty JSON for people (`interview show --json`), keys sorted.
    pub fn pretty_json(&self) -> String {
        to_pretty_string(&self.value)
    }

    /// Text for the full-text index, per field group.
    pub fn search_fields(&self) -> SearchFields {
        let iv = &self.interview;
        let mut candidates: Vec<Option<&String>> = vec![iv.place.as_ref()];
        if let Some(p) = &iv.interviewee {
            candidates.push(p.origin.as_ref());
            candidates.push(p.current_country.as_ref());
        }
        for l in iv.incidents.iter().filter_map(|i| i.location.as_ref()) {
            candidates.push(l.place.as_ref());
            candidates.push(l.country.as_ref());
        }
        candidates.extend(iv.children.iter().map(|c| c.country.as_ref()));
        let mut places: Vec<&str> = Vec::new();
        for s in candidates.into_iter().flatten() {
            if !s.is_empty() && !places.contains(&s.as_str()) {
                places.push(s);
            }
        }
        let mut facilities: Vec<&str> = Vec::new();
        for f in iv.incidents.iter().filter_map(|i| i.facility.as_ref()) {
            for s in [&f.name, &f.kind].into_iter().flatten() {
                if !s.is_empty() && !facilities.contains(&s.as_str()) {
                    facilities.push(s);
                }
            }
        }
        SearchFields {
            code: iv.code.clone(),
            narrative: iv.narrative.clone(),
            incidents: iv
                .incidents
                .iter()
                .filter_map(|i| i.description.as_deref())
                .filter(|d| !d.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            places: places.join("\n"),
            facilities: facilities.join("\n"),
            tags: iv.tags.join("\n"),
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Parse a file's bytes: one interview object or a JSON array of them. `source` labels the
/// file in error paths: `w26-0001.json: incidents[2].when: ...`, `batch.json: [3].code: ...`,
/// `batch.json: line 3 column 5: ...`. A leading UTF-8 byte order mark is ignored. Duplicate
/// object keys and duplicate interview codes within the file are errors. All interviews are
/// checked and all errors returned; nothing is returned unless every interview is valid.
pub fn parse_interviews(
    source: &str,
    bytes: &[u8],
    vocab: &Vocabulary,
) -> Result<Vec<InterviewRecord>, ValidationErrors> {
    let in_file = |e: ValidationError| e.within(source, ": ");
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ValidationErrors::one(
            source,
            format!(
                "the file is too large: {} bytes, the limit is {}",
                bytes.len(),
                describe_bytes(MAX_FILE_BYTES)
            ),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value = match serde_json::from_slice::<StrictValue>(bytes) {
        Ok(StrictValue(v)) => v,
        Err(e) => {
            let at = format!(" at line {} column {}", e.line(), e.column());
            let msg = e.to_string();
            let msg = msg.strip_suffix(&at).unwrap_or(&msg).to_owned();
            return Err(ValidationErrors::one(
                format!("{source}: line {} column {}", e.line(), e.column()),
                validate::truncate_quoted(&msg),
            ));
        }
    };
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                return Err(ValidationErrors::one(
                    source,
                    "the list is empty; expected at least one interview",
                ));
            }
            if items.len() > MAX_INTERVIEWS_PER_FILE {
                return Err(ValidationErrors::one(
                    source,
                    format!(
                        "too many interviews: {}, the limit is {MAX_INTERVIEWS_PER_FILE} per file",
                        items.len()
                    ),
                ));
            }
            let mut errors = Vec::new();
            let mut records = Vec::with_capacity(items.len());
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (i, item) in items.into_iter().enumerate() {
                let prefix = format!("[{i}]");
                match InterviewRecord::from_value(item, vocab) {
                    Ok(r) => {
                        if let Some(first) = seen.insert(r.code().to_owned(), i) {
                            errors.push(in_file(ValidationError::new(
                                format!("{prefix}.code"),
                                format!("{} is also used by [{first}]", quote(r.code())),
                            )));
                        }
                        records.push(r);
                    }
                    Err(es) => {
                        errors.extend(es.into_iter().map(|e| in_file(e.within(&prefix, "."))))
                    }
                }
            }
            if errors.is_empty() {
                Ok(records)
            } else {
                Err(ValidationErrors(errors))
            }
        }
        other => InterviewRecord::from_value(other, vocab)
            .map(|r| vec![r])
            .map_err(|es| ValidationErrors(es.into_iter().map(in_file).collect())),
    }
}

/// The format tag inside the revision hash input.
pub const REVISION_FORMAT: &str = "fieldvault-revision/1";

/// Bytes over which the revision hash (SHA-256, computed elsewhere) is taken: the canonical
/// JSON of `{"content":<value>,"format":"fieldvault-revision/1","interview_id":..,
/// "previous":<hex or null>,"revision":n}`. See `docs/revision-hash.md`.
pub fn revision_hash_input(
    interview_id: &str,
    revision: u32,
    previous_hash: Option<&str>,
    record: &InterviewRecord,
) -> Vec<u8> {
    // Written directly in sorted key order, so the (possibly large) value is not cloned.
    let mut out = String::with_capacity(256);
    out.push_str("{\"content\":");
    write_canonical(&mut out, &record.value);
    out.push_str(",\"format\":");
    write_string(&mut out, REVISION_FORMAT);
    out.push_str(",\"interview_id\":");
    write_string(&mut out, interview_id);
    out.push_str(",\"previous\":");
    match previous_hash {
        Some(h) => write_string(&mut out, h),
        None => out.push_str("null"),
    }
    out.push_str(",\"revision\":");
    out.push_str(&revision.to_string());
    out.push('}');
    out.into_bytes()
}

/// A JSON value parsed with duplicate object keys refused (serde_json would keep the last
/// one silently, dropping testimony).
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let StrictValue(v) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key {}", quote(&key))));
            }
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}
