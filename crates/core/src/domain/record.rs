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
use super::validate::{self, Problem, ValidationError, ValidationErrors, quote};
use super::vocabulary::Vocabulary;

/// A validated interview: the JSON value exactly as given, plus its typed form.
#[derive(Clone, PartialEq)]
pub struct InterviewRecord {
    value: Value,
    interview: Interview,
}

crate::redact::debug_redacted!(InterviewRecord {});

/// Text for the full-text index, per field group. Groups are joined with newlines.
#[derive(Clone, Default, PartialEq, Eq)]
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

crate::redact::debug_redacted!(SearchFields { code });

impl InterviewRecord {
    /// Validate one JSON value against the typed model, vocabularies and limits. On error,
    /// returns all errors found (shape errors stop at the first, since the typed form cannot
    /// be built past it; date, vocabulary, format and limit errors are all reported).
    pub fn from_value(value: Value, vocab: &Vocabulary) -> Result<Self, ValidationErrors> {
        if !value.is_object() {
            return Err(ValidationErrors::one(
                "",
                Problem::NotAnInterview {
                    found: kind_of(&value),
                },
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
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
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
            Problem::FileTooLarge {
                bytes: bytes.len(),
                limit: MAX_FILE_BYTES,
            },
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
                Problem::NotJson {
                    detail: validate::truncate_quoted(&msg),
                },
            ));
        }
    };
    match value {
        Value::Array(items) => {
            if items.is_empty() {
                return Err(ValidationErrors::one(source, Problem::EmptyList));
            }
            if items.len() > MAX_INTERVIEWS_PER_FILE {
                return Err(ValidationErrors::one(
                    source,
                    Problem::TooManyInterviews {
                        count: items.len(),
                        limit: MAX_INTERVIEWS_PER_FILE,
                    },
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
                                Problem::DuplicateCode {
                                    code: quote(r.code()),
                                    first,
                                },
                            )));
                        }
                        records.push(r);
                    }
                    Err(es) => errors.extend(es.into_iter().map(|e| in_file(e.within(&prefix, ".")))),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The in-repository copies of `shared/samples` (`tests/samples_copy.rs` keeps them equal).
    const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/samples");

    /// Every `*.json` sample, sorted by name. Fails clearly if the directory is missing.
    fn samples() -> Vec<(String, Vec<u8>)> {
        let dir = std::fs::read_dir(SAMPLES).unwrap_or_else(|e| {
            panic!("cannot read the sample interviews at {SAMPLES} ({e}); they belong in the repository")
        });
        let mut out: Vec<(String, Vec<u8>)> = dir
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        out.sort();
        assert!(out.len() >= 6, "expected at least 6 samples in {SAMPLES}");
        out
    }

    fn sample(name: &str) -> Value {
        let (_, bytes) = samples().into_iter().find(|(n, _)| n == name).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    fn vocab() -> Vocabulary {
        Vocabulary::default()
    }

    #[test]
    fn debug_output_shows_no_testimony() {
        for (name, bytes) in samples() {
            let records = parse_interviews(&name, &bytes, &vocab()).unwrap();
            for record in records {
                let narrative = record.interview().narrative.clone();
                let printed = format!("{record:?} {:?} {:?}", record.interview(), record.search_fields());
                assert!(
                    printed.contains(&record.interview().code),
                    "{name}: the code is shown"
                );
                // What is left once the type names, field names and the code are taken out.
                let printed = [
                    "InterviewRecord",
                    "Interview",
                    "SearchFields",
                    "code",
                    &record.interview().code,
                ]
                .iter()
                .fold(printed, |text, shown| text.replace(shown, ""));
                let words: Vec<&str> = narrative
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
                    .collect();
                assert!(!words.is_empty(), "{name} has a narrative");
                for word in words {
                    assert!(
                        !printed.contains(word),
                        "{name}: Debug printed {word:?}: {printed}"
                    );
                }
            }
        }
    }

    /// `base` with the member at JSON pointer `ptr` set to `new`, or removed when `None`.
    fn with(base: &Value, ptr: &str, new: Option<Value>) -> Value {
        let mut v = base.clone();
        let (parent, last) = ptr.rsplit_once('/').unwrap();
        let parent = v.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
        match (parent, new) {
            (Value::Object(m), Some(n)) => {
                m.insert(last.to_owned(), n);
            }
            (Value::Object(m), None) => {
                m.remove(last);
            }
            (Value::Array(a), Some(n)) => a[last.parse::<usize>().unwrap()] = n,
            (Value::Array(a), None) => {
                a.remove(last.parse::<usize>().unwrap());
            }
            _ => panic!("{ptr} is not in an object or array"),
        }
        v
    }

    fn errors_of(v: Value) -> Vec<ValidationError> {
        InterviewRecord::from_value(v, &vocab())
            .expect_err("expected a validation error")
            .0
    }

    #[test]
    fn every_sample_validates_unchanged() {
        for (name, bytes) in samples() {
            let recs = parse_interviews(&name, &bytes, &vocab()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(recs.len(), 1);
            let as_given: Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(recs[0].value(), &as_given, "{name}");
            assert_eq!(recs[0].code(), as_given["code"].as_str().unwrap());
        }
    }

    #[test]
    fn null_and_absent_are_kept_apart() {
        let v = sample("w26-0002.json");
        assert_eq!(v["interpreter"], Value::Null);
        let r = InterviewRecord::from_value(v.clone(), &vocab()).unwrap();
        assert_eq!(r.value()["interpreter"], Value::Null);
        assert!(r.canonical_json().contains("\"interpreter\":null"));
        let minimal = sample("w26-0006.json");
        let r = InterviewRecord::from_value(minimal, &vocab()).unwrap();
        assert!(r.value().get("interpreter").is_none());
        assert!(!r.canonical_json().contains("interpreter"));
    }

    #[test]
    fn a_batch_of_all_samples_validates() {
        let all: Vec<Value> = samples()
            .iter()
            .map(|(_, b)| serde_json::from_slice(b).unwrap())
            .collect();
        let bytes = serde_json::to_vec(&all).unwrap();
        let recs = parse_interviews("batch.json", &bytes, &vocab()).unwrap();
        assert_eq!(recs.len(), all.len());
        for (r, v) in recs.iter().zip(&all) {
            assert_eq!(r.value(), v);
        }
        // Pretty output parses back to the same content.
        for r in &recs {
            let back: Value = serde_json::from_str(&r.pretty_json()).unwrap();
            assert_eq!(&back, r.value());
        }
    }

    #[test]
    fn canonical_json_is_stable_and_sorted() {
        for (name, bytes) in samples() {
            let r = &parse_interviews(&name, &bytes, &vocab()).unwrap()[0];
            let c = r.canonical_json();
            // Compact: exactly as long as serde_json's whitespace-free output.
            assert_eq!(c.len(), serde_json::to_string(r.value()).unwrap().len());
            let back: Value = serde_json::from_str(&c).unwrap();
            assert_eq!(&back, r.value());
            let again = InterviewRecord::from_value(back, &vocab()).unwrap();
            assert_eq!(again.canonical_json(), c, "{name}");
            let map = r.value().as_object().unwrap();
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let members: Vec<String> = keys
                .iter()
                .map(|k| format!("\"{k}\":{}", to_canonical_string(&map[k.as_str()])))
                .collect();
            assert_eq!(c, format!("{{{}}}", members.join(",")), "{name}");
        }
        let minimal = InterviewRecord::from_value(sample("w26-0006.json"), &vocab()).unwrap();
        assert_eq!(
            minimal.canonical_json(),
            r#"{"code":"W26-0006","consent":{"quote":"no","recording":false,"share_with":[]},"interviewed_on":"2026-11-20","interviewer":"INT-07","language":"ko","narrative":"짧은 예비 면담. 본 면담은 다음 주에 진행 예정.","place":"Seoul"}"#
        );
    }

    #[test]
    fn revision_hash_input_layout() {
        let r = InterviewRecord::from_value(sample("w26-0006.json"), &vocab()).unwrap();
        let first = String::from_utf8(revision_hash_input("W26-0006", 1, None, &r)).unwrap();
        assert_eq!(
            first,
            format!(
                r#"{{"content":{},"format":"fieldvault-revision/1","interview_id":"W26-0006","previous":null,"revision":1}}"#,
                r.canonical_json()
            )
        );
        let h = "ab".repeat(32);
        let second = revision_hash_input("W26-0006", 2, Some(&h), &r);
        let v: Value = serde_json::from_slice(&second).unwrap();
        assert_eq!(v["previous"], json!(h));
        assert_eq!(v["revision"], json!(2));
        // It is itself canonical JSON.
        assert_eq!(to_canonical_string(&v).into_bytes(), second);
    }

    #[test]
    fn bad_inputs_name_the_exact_path() {
        let base = sample("w26-0001.json");
        let long = |n: usize| json!("a".repeat(n));
        let many = |n: usize, item: Value| Value::Array(vec![item; n]);
        let table: Vec<(&str, Option<Value>, &str, &str)> = vec![
            (
                "/incidents/2/when",
                Some(json!("2014-13")),
                "incidents[2].when",
                "\"2014-13\" is not a date (",
            ),
            (
                "/incidents/0/when",
                Some(json!("2019/2015")),
                "incidents[0].when",
                "ends before it starts",
            ),
            (
                "/interviewed_on",
                Some(json!("")),
                "interviewed_on",
                "\"\" is not a date (it is empty)",
            ),
            ("/interviewed_on", None, "", "missing field `interviewed_on`"),
            ("/code", None, "", "missing field `code`"),
            (
                "/code",
                Some(json!("W 26")),
                "code",
                "\"W 26\" is not a valid code",
            ),
            (
                "/interviewer",
                Some(json!("")),
                "interviewer",
                "is not a valid code",
            ),
            (
                "/interpreter",
                Some(json!("Kim Young-hee (interpreter)")),
                "interpreter",
                "is not a valid code",
            ),
            (
                "/language",
                Some(json!("ko_KR")),
                "language",
                "\"ko_KR\" is not a language tag",
            ),
            (
                "/incidents/1/kind",
                Some(json!("trafficing")),
                "incidents[1].kind",
                "\"trafficing\" is not an incident kind (see the vocabulary list; did you mean \"trafficking\"?)",
            ),
            (
                "/incidents/2/facility/type",
                Some(json!("gulag")),
                "incidents[2].facility.type",
                "\"gulag\" is not a facility type (see the vocabulary list)",
            ),
            (
                "/incidents/0/perpetrators/0/kind",
                Some(json!("brokr")),
                "incidents[0].perpetrators[0].kind",
                "is not a perpetrator kind",
            ),
            (
                "/incidents/0/source",
                Some(json!("rumour")),
                "incidents[0].source",
                "is not a source type",
            ),
            (
                "/consent/quote",
                Some(json!("anonymized")),
                "consent.quote",
                "did you mean \"anonymised\"?",
            ),
            (
                "/consent/recording",
                Some(json!("yes")),
                "consent.recording",
                "invalid type: string \"yes\", expected a boolean",
            ),
            ("/consent/recording", None, "consent", "missing field `recording`"),
            (
                "/consent/share_with/0",
                Some(json!("")),
                "consent.share_with[0]",
                "is empty",
            ),
            (
                "/incidents/0/whenn",
                Some(json!("2014")),
                "incidents[0].whenn",
                "unknown field (allowed here: kind, when, where, facility, perpetrators, victims, source, description)",
            ),
            (
                "/interviewee/name",
                Some(json!("x")),
                "interviewee.name",
                "unknown field (allowed here: gender, birth_year, origin, current_country)",
            ),
            (
                "/interviewee/current_country",
                Some(json!("kor")),
                "interviewee.current_country",
                "\"kor\" is not a country code",
            ),
            (
                "/incidents/3/where/country",
                Some(json!("North Korea")),
                "incidents[3].where.country",
                "is not a country code",
            ),
            (
                "/children/0/country",
                Some(json!("cn")),
                "children[0].country",
                "is not a country code",
            ),
            (
                "/interviewee/birth_year",
                Some(json!("1991-04")),
                "interviewee.birth_year",
                "\"1991-04\" is not a year (",
            ),
            (
                "/children/0/birth_year",
                Some(json!(2016)),
                "children[0].birth_year",
                "invalid type: integer `2016`, expected an EDTF year string",
            ),
            (
                "/children/0/registered",
                Some(json!("no")),
                "children[0].registered",
                "invalid type: string \"no\", expected a boolean",
            ),
            (
                "/interviewee",
                Some(json!("x")),
                "interviewee",
                "invalid type: string \"x\"",
            ),
            (
                "/incidents/0/victims/0/who",
                Some(json!(" ")),
                "incidents[0].victims[0].who",
                "is empty",
            ),
            (
                "/incidents/0/victims/0",
                Some(json!({})),
                "incidents[0].victims[0]",
                "missing field `who`",
            ),
            ("/tags/0", Some(json!("")), "tags[0]", "is empty"),
            (
                "/tags/1",
                Some(json!("태".repeat(101))),
                "tags[1]",
                "too long: 101 characters, the limit is 100",
            ),
            (
                "/tags",
                Some(many(201, json!("t"))),
                "tags",
                "too many tags: 201, the limit is 200",
            ),
            (
                "/incidents",
                Some(many(501, json!({"kind": "other"}))),
                "incidents",
                "too many incidents: 501, the limit is 500",
            ),
            (
                "/children",
                Some(many(101, json!({}))),
                "children",
                "too many children: 101, the limit is 100",
            ),
            (
                "/narrative",
                Some(long(MAX_NARRATIVE_BYTES + 1)),
                "narrative",
                "too long: 1048577 bytes, the limit is 1048576 bytes (1 MiB)",
            ),
            (
                "/incidents/0/description",
                Some(long(65_537)),
                "incidents[0].description",
                "too long: 65537 bytes, the limit is 65536 bytes (64 KiB)",
            ),
            (
                "/consent/note",
                Some(long(65_537)),
                "consent.note",
                "the limit is 65536 bytes",
            ),
            (
                "/place",
                Some(long(1025)),
                "place",
                "too long: 1025 bytes, the limit is 1024 bytes (1 KiB)",
            ),
            (
                "/narrative",
                Some(json!("before\u{0}after")),
                "narrative",
                "contains a NUL character",
            ),
            (
                "/narrative",
                Some(json!(["x"])),
                "narrative",
                "invalid type: sequence, expected a string",
            ),
        ];
        for (ptr, new, path, msg) in table {
            let errs = errors_of(with(&base, ptr, new));
            assert!(
                errs.iter().any(|e| e.path == path && e.message().contains(msg)),
                "{ptr}: expected `{path}: …{msg}…`, got {errs:?}"
            );
            assert_eq!(errs.len(), 1, "{ptr}: {errs:?}");
        }
    }

    #[test]
    fn all_semantic_errors_are_reported_together() {
        let base = sample("w26-0001.json");
        let v = with(&base, "/incidents/2/when", Some(json!("2014-13")));
        let v = with(&v, "/incidents/4/when", Some(json!("2014-02-30")));
        let v = with(&v, "/incidents/1/kind", Some(json!("trafficing")));
        let v = with(&v, "/interviewee/current_country", Some(json!("kr")));
        let v = with(&v, "/tags/0", Some(json!("")));
        let errs = errors_of(v.clone());
        let paths: Vec<&str> = errs.iter().map(|e| e.path.as_str()).collect();
        for p in [
            "incidents[2].when",
            "incidents[4].when",
            "incidents[1].kind",
            "interviewee.current_country",
            "tags[0]",
        ] {
            assert!(paths.contains(&p), "{p} missing from {paths:?}");
        }
        assert_eq!(errs.len(), 5);
        // A bad date does not hide a shape error, nor the other way round.
        let v = with(&v, "/consent/recording", Some(json!("yes")));
        let errs = errors_of(v);
        let paths: Vec<&str> = errs.iter().map(|e| e.path.as_str()).collect();
        assert!(paths.contains(&"incidents[2].when") && paths.contains(&"consent.recording"));
    }

    #[test]
    fn messages_never_quote_testimony() {
        let secret = "Kim Young-hee was beaten at the Onsong holding centre by officer Pak";
        let base = sample("w26-0001.json");
        let mut v = with(
            &base,
            "/narrative",
            Some(json!(format!("{secret}\u{0}{}", "x".repeat(MAX_NARRATIVE_BYTES)))),
        );
        v = with(
            &v,
            "/incidents/0/description",
            Some(json!(format!("{secret}{}", "x".repeat(70_000)))),
        );
        v = with(
            &v,
            "/incidents/1/kind",
            Some(json!(format!("{}{secret}", "k".repeat(MAX_QUOTED_CHARS)))),
        );
        v = with(
            &v,
            "/consent/note",
            Some(json!(format!("{secret}{}", "x".repeat(70_000)))),
        );
        v = with(&v, "/children/0/note", Some(json!(format!("{secret}\u{0}"))));
        let errs = errors_of(v.clone());
        assert!(errs.len() >= 5, "{errs:?}");
        for e in &errs {
            let text = e.to_string();
            assert!(!text.contains("Onsong"), "leaks testimony: {text}");
            assert!(text.chars().count() < 300, "too long: {text}");
        }
        // A long string where a boolean belongs is cut too.
        let v = with(
            &base,
            "/consent/recording",
            Some(json!(format!("{}{secret}", "k".repeat(MAX_QUOTED_CHARS)))),
        );
        let text = errors_of(v)[0].to_string();
        assert!(!text.contains("Onsong") && text.contains('…'), "{text}");
        // Unknown keys are cut in paths.
        let v = with(&base, &format!("/{}", "k".repeat(100)), Some(json!(1)));
        let e = &errors_of(v)[0];
        assert!(e.path.chars().count() <= MAX_QUOTED_CHARS + 1, "{}", e.path);
        // Regression (found by tests/hostile_input.rs): a key holding a backtick was split
        // there, and the rest of it was echoed in full as the "allowed here" list.
        let key = format!("note`{secret}{}", "x".repeat(100_000));
        let v = with(&base, &format!("/consent/{key}"), Some(json!(1)));
        let text = errors_of(v)[0].to_string();
        assert!(!text.contains("Onsong") && text.chars().count() < 300, "{text}");
        assert!(
            text.contains("allowed here: recording, quote, share_with, note"),
            "{text}"
        );
    }

    #[test]
    fn file_level_errors() {
        let v = vocab();
        let path_of = |r: Result<Vec<InterviewRecord>, ValidationErrors>| {
            let e = r.expect_err("expected an error");
            e.0[0].to_string()
        };
        // The source label prefixes every path.
        let bad = with(
            &sample("w26-0001.json"),
            "/incidents/2/when",
            Some(json!("2014-13")),
        );
        let s = path_of(parse_interviews(
            "w26-0001.json",
            &serde_json::to_vec(&bad).unwrap(),
            &v,
        ));
        assert!(
            s.starts_with("w26-0001.json: incidents[2].when: \"2014-13\" is not a date"),
            "{s}"
        );
        // Arrays: [index] in front.
        let good = sample("w26-0002.json");
        let bad_kind = with(&sample("w26-0003.json"), "/incidents/0/kind", Some(json!("x")));
        let batch = serde_json::to_vec(&json!([good, good.clone(), bad_kind])).unwrap();
        let errs = parse_interviews("batch.json", &batch, &v).unwrap_err();
        let texts: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(
            texts.contains(&"batch.json: [1].code: \"W26-0002\" is also used by [0]".to_owned()),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("batch.json: [2].incidents[0].kind: \"x\" is not an incident kind")),
            "{texts:?}"
        );
        assert!(errs.to_string().ends_with("(and 1 more)"));
        // Missing field at the root of an array element.
        let s = path_of(parse_interviews("b.json", br#"[{"code":"A"}]"#, &v));
        assert!(s.starts_with("b.json: [0]: missing field"), "{s}");
        // Malformed JSON.
        let s = path_of(parse_interviews("f.json", b"{\n  \"code\": \"A\",\n    ]\n}", &v));
        assert!(s.starts_with("f.json: line 3 column 5: "), "{s}");
        assert!(!s.contains(" at line"), "{s}");
        // Duplicate keys.
        let s = path_of(parse_interviews("f.json", br#"{"code":"A","code":"B"}"#, &v));
        assert!(
            s.starts_with("f.json: line 1 column ") && s.contains("duplicate key \"code\""),
            "{s}"
        );
        // Not an interview.
        let s = path_of(parse_interviews("f.json", b"\"hello\"", &v));
        assert_eq!(s, "f.json: expected an interview object, found a string");
        let s = path_of(parse_interviews("f.json", b"[]", &v));
        assert!(s.contains("the list is empty"), "{s}");
        let s = path_of(parse_interviews("f.json", b"", &v));
        assert!(s.starts_with("f.json: line 1 column 0: EOF"), "{s}");
        // Size limits.
        let big = vec![b' '; MAX_FILE_BYTES + 1];
        let s = path_of(parse_interviews("big.json", &big, &v));
        assert_eq!(
            s,
            "big.json: the file is too large: 16777217 bytes, the limit is 16777216 bytes (16 MiB)"
        );
        let many = format!("[{}{{}}]", "{},".repeat(MAX_INTERVIEWS_PER_FILE));
        let s = path_of(parse_interviews("many.json", many.as_bytes(), &v));
        assert_eq!(
            s,
            "many.json: too many interviews: 10001, the limit is 10000 per file"
        );
        // A byte order mark is tolerated.
        let (_, bytes) = samples().into_iter().next().unwrap();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(&bytes);
        assert_eq!(parse_interviews("bom.json", &bom, &v).unwrap().len(), 1);
    }

    #[test]
    fn search_fields() {
        let r = InterviewRecord::from_value(sample("w26-0004.json"), &vocab()).unwrap();
        let s = r.search_fields();
        assert_eq!(s.code, "W26-0004");
        assert!(s.narrative.starts_with("2017년"));
        assert!(s.incidents.contains("신분증 검사로 체포"));
        assert_eq!(s.incidents.lines().count(), 4);
        assert!(
            s.places.contains("신의주, 평안북도") && s.places.contains("단동") && s.places.contains("KP")
        );
        assert_eq!(s.places.lines().filter(|l| *l == "신의주").count(), 1);
        assert!(s.facilities.contains("개천 교화소") && s.facilities.contains("kyohwaso"));
        assert_eq!(s.tags, "단동\n집결소\n교화소");
    }

    #[test]
    fn extended_vocabulary_is_used() {
        let base = sample("w26-0003.json");
        let v = with(&base, "/incidents/0/kind", Some(json!("forced_sterilisation")));
        assert!(InterviewRecord::from_value(v.clone(), &vocab()).is_err());
        let mut voc = vocab();
        voc.extend(
            crate::domain::VocabKind::IncidentKind,
            [crate::domain::Term::new(
                "forced_sterilisation",
                "Forced sterilisation",
                "강제불임",
            )],
        )
        .unwrap();
        assert!(InterviewRecord::from_value(v, &voc).is_ok());
    }
}
