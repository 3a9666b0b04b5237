//! Validation errors, and the checks serde cannot express: vocabularies, EDTF dates,
//! code/country/language formats, size limits and NUL characters.
//!
//! Why this exists: an interviewer fixing an import file needs *every* problem at once,
//! each with the exact path (`incidents[2].when: "2014-13" is not a date (...)`). And since
//! these messages end up in terminals, logs and screenshots, they must never carry
//! testimony: free text (narrative, descriptions, notes) is never quoted, and any value
//! that is quoted (codes, dates, vocabulary terms) is cut to
//! [`MAX_QUOTED_CHARS`](super::limits::MAX_QUOTED_CHARS) characters.

use std::fmt;

use serde_json::Value;

use super::edtf::{EdtfDate, EdtfError};
use super::interview::{Incident, Interview};
use super::limits::*;
pub use super::quote::quote;
use super::vocabulary::{VocabKind, Vocabulary};
use crate::explain::{Explain, Explanation};

/// One problem in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// Where: `incidents[2].when`; for files `w26-0001.json: incidents[2].when`,
    /// `batch.json: [3].code` or `batch.json: line 3 column 5`. Empty for the whole value.
    pub path: String,
    /// What is wrong, without testimony content.
    pub problem: Problem,
}

/// What is wrong with a value. Quoted values (codes, dates, vocabulary terms) are cut short;
/// free text is never quoted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The JSON is not an object; `found` is `null`, `boolean`, `number`, `string` or `list`.
    NotAnInterview {
        found: &'static str,
    },
    FileTooLarge {
        bytes: usize,
        limit: usize,
    },
    /// Not JSON at all; `detail` is the parser's finding (a technical detail).
    NotJson {
        detail: String,
    },
    /// JSON of the wrong shape (a missing field, a wrong type); `detail` is the finding.
    Shape {
        detail: String,
    },
    /// A field the format does not have; `allowed` lists the fields allowed there.
    UnknownField {
        allowed: String,
    },
    EmptyList,
    TooManyInterviews {
        count: usize,
        limit: usize,
    },
    /// A file holds several interviews where one is wanted.
    NotOneInterview {
        count: usize,
    },
    /// Two interviews in one file with the same code; `first` is the earlier one's index.
    DuplicateCode {
        code: String,
        first: usize,
    },
    /// Two interviews in one import (of several files) with the same code; `first` names
    /// the file that had it first.
    CodeTwiceInImport {
        code: String,
        first: String,
    },
    Date(EdtfError),
    ContainsNul,
    InvalidCode {
        value: String,
    },
    NotACountry {
        value: String,
    },
    NotALanguage {
        value: String,
    },
    NotInVocabulary {
        value: String,
        kind: VocabKind,
        suggestion: Option<String>,
    },
    TooLongBytes {
        bytes: usize,
        limit: usize,
    },
    TooLongChars {
        chars: usize,
        limit: usize,
    },
    /// Too many `what` (`entries`, `incidents`, `children`, `tags`, `perpetrators`, `victims`).
    TooMany {
        what: &'static str,
        count: usize,
        limit: usize,
    },
    Empty,
}

impl Explain for Problem {
    fn explain(&self) -> Explanation {
        match self {
            Problem::NotAnInterview { found } => {
                Explanation::new("problem-not-an-interview").text("found", found)
            }
            Problem::FileTooLarge { bytes, limit } => with_limit(
                Explanation::new("problem-file-too-large").number("bytes", *bytes as f64),
                *limit,
            ),
            Problem::NotJson { detail } => Explanation::new("problem-not-json").technical(detail),
            Problem::Shape { detail } => Explanation::new("problem-shape").technical(detail),
            Problem::UnknownField { allowed } if allowed.is_empty() => {
                Explanation::new("problem-unknown-field")
            }
            Problem::UnknownField { allowed } => {
                Explanation::new("problem-unknown-field-allowed").text("allowed", allowed)
            }
            Problem::EmptyList => Explanation::new("problem-empty-list"),
            Problem::TooManyInterviews { count, limit } => Explanation::new("problem-too-many-interviews")
                .number("count", *count as f64)
                .number("limit", *limit as f64),
            Problem::NotOneInterview { count } => {
                Explanation::new("problem-not-one-interview").number("count", *count as f64)
            }
            Problem::DuplicateCode { code, first } => Explanation::new("problem-duplicate-code")
                .text("code", code)
                .number("first", *first as f64),
            Problem::CodeTwiceInImport { code, first } => Explanation::new("problem-code-twice-in-import")
                .text("code", code)
                .text("first", first),
            Problem::Date(error) => error.explain(),
            Problem::ContainsNul => Explanation::new("problem-nul"),
            Problem::InvalidCode { value } => Explanation::new("problem-invalid-code").text("value", value),
            Problem::NotACountry { value } => Explanation::new("problem-not-a-country").text("value", value),
            Problem::NotALanguage { value } => {
                Explanation::new("problem-not-a-language").text("value", value)
            }
            Problem::NotInVocabulary {
                value,
                kind,
                suggestion,
            } => {
                let explanation = match suggestion {
                    Some(term) => {
                        Explanation::new("problem-not-in-vocabulary-suggest").text("suggestion", term)
                    }
                    None => Explanation::new("problem-not-in-vocabulary"),
                };
                explanation.text("value", value).text("kind", kind.id())
            }
            Problem::TooLongBytes { bytes, limit } => with_limit(
                Explanation::new("problem-too-long-bytes").number("bytes", *bytes as f64),
                *limit,
            ),
            Problem::TooLongChars { chars, limit } => Explanation::new("problem-too-long-chars")
                .number("chars", *chars as f64)
                .number("limit", *limit as f64),
            Problem::TooMany { what, count, limit } => Explanation::new("problem-too-many")
                .text("what", what)
                .number("count", *count as f64)
                .number("limit", *limit as f64),
            Problem::Empty => Explanation::new("problem-empty"),
        }
    }
}

/// A size limit in bytes, with its round unit (`1 MiB`, `64 KiB`) when it has one.
fn with_limit(explanation: Explanation, limit: usize) -> Explanation {
    let unit = if limit >= 1024 * 1024 && limit.is_multiple_of(1024 * 1024) {
        format!("{} MiB", limit / (1024 * 1024))
    } else if limit >= 1024 && limit.is_multiple_of(1024) {
        format!("{} KiB", limit / 1024)
    } else {
        "none".to_owned()
    };
    explanation.number("limit", limit as f64).text("unit", unit)
}

/// What is wrong, in English, without the advice (the front ends add it from [`Explain`]).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::explain::explain(crate::domain::Lang::En, self).what)
    }
}

impl ValidationError {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, problem: Problem) -> Self {
        ValidationError {
            path: path.into(),
            problem,
        }
    }

    /// What is wrong, in English.
    pub fn message(&self) -> String {
        self.problem.to_string()
    }

    /// Put `prefix` in front of the path: `[3]` + `code` = `[3].code`, `f.json` + `code` =
    /// `f.json: code`.
    pub(crate) fn within(mut self, prefix: &str, sep: &str) -> Self {
        self.path = if self.path.is_empty() {
            prefix.to_owned()
        } else if self.path.starts_with('[') && sep == "." {
            format!("{prefix}{}", self.path)
        } else {
            format!("{prefix}{sep}{}", self.path)
        };
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

impl Explain for ValidationError {
    fn explain(&self) -> Explanation {
        let problem = self.problem.explain();
        if self.path.is_empty() {
            problem
        } else {
            Explanation::new("validation-at")
                .text("path", &self.path)
                .cause(&self.problem)
        }
    }
}

impl std::error::Error for ValidationError {}

/// Every problem found. Never empty when returned as an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl ValidationErrors {
    /// The errors, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.0.iter()
    }
    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// One error.
    pub fn one(path: impl Into<String>, problem: Problem) -> Self {
        ValidationErrors(vec![ValidationError::new(path, problem)])
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::explain::explain(crate::domain::Lang::En, self).what)
    }
}

/// The first problem, and how many more there are (the app lists them all).
impl Explain for ValidationErrors {
    fn explain(&self) -> Explanation {
        match self.0.split_first() {
            None => Explanation::new("validation-none"),
            Some((first, [])) => first.explain(),
            Some((first, rest)) => Explanation::new("validation-and-more")
                .number("more", rest.len() as f64)
                .cause(first),
        }
    }
}

impl std::error::Error for ValidationErrors {}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

// ---------------------------------------------------------------------------------------
// Formats

/// `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`: interviewee, interviewer and interpreter codes.
pub fn is_valid_code(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

/// ISO 3166-1 alpha-2 shape: two uppercase ASCII letters.
pub fn is_valid_country(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|c| c.is_ascii_uppercase())
}

/// A loose BCP 47 check: a 2–3 or 5–8 letter language (or `x`/`i` for private use and
/// grandfathered tags) then `-`-separated subtags of 1–8 letters or digits.
pub fn is_valid_language(s: &str) -> bool {
    if s.is_empty() || s.len() > 64 {
        return false;
    }
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or_default();
    let first_ok = first.bytes().all(|c| c.is_ascii_alphabetic())
        && (matches!(first.len(), 2 | 3 | 5..=8)
            || (first.len() == 1 && matches!(first, "x" | "X" | "i" | "I") && s.len() > 2));
    first_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

// ---------------------------------------------------------------------------------------
// Serde errors

/// Turn a typed-deserialization error into a [`ValidationError`] with a path.
pub(crate) fn from_serde(err: serde_path_to_error::Error<serde_json::Error>) -> ValidationError {
    use serde_path_to_error::Segment;
    let mut path = String::new();
    for seg in err.path().iter() {
        match seg {
            Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&cut(key));
            }
            Segment::Unknown => path.push_str(if path.is_empty() { "?" } else { ".?" }),
        }
    }
    let message = err.into_inner().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // serde writes "unknown field `KEY`, expected one of `a`, `b`" (or ", expected `a`",
        // or ", there are no fields"). KEY comes from the input and may itself hold
        // backticks, so the list is found from the end; otherwise the rest of a hostile key
        // would be echoed in full as the "allowed" list.
        let (field, allowed) = match ["`, expected ", "`, there are no fields"]
            .iter()
            .filter_map(|marker| rest.rfind(marker))
            .max()
        {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest.strip_suffix('`').unwrap_or(rest), ""),
        };
        let allowed = allowed
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .replace('`', "");
        let field = cut(field);
        if !path.ends_with(&field) {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&field);
        }
        let allowed = if allowed.starts_with("there are no fields") {
            String::new()
        } else {
            allowed
        };
        return ValidationError::new(path, Problem::UnknownField { allowed });
    }
    ValidationError::new(
        path,
        Problem::Shape {
            detail: truncate_quoted(&message),
        },
    )
}

fn cut(s: &str) -> String {
    let mut c: String = s.chars().take(MAX_QUOTED_CHARS).collect();
    if c.len() < s.len() {
        c.push('…');
    }
    c
}

/// Cut every `"..."` literal in a serde message to [`MAX_QUOTED_CHARS`] characters, so a
/// string given where e.g. a boolean was expected is not echoed in full.
pub(crate) fn truncate_quoted(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len().min(512));
    let mut chars = msg.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '"' {
            continue;
        }
        let mut n = 0;
        let mut escaped = false;
        let mut closed = false;
        for c in chars.by_ref() {
            if !escaped && c == '"' {
                if n > MAX_QUOTED_CHARS {
                    out.push('…');
                }
                out.push('"');
                closed = true;
                break;
            }
            escaped = !escaped && c == '\\';
            n += 1;
            if n <= MAX_QUOTED_CHARS {
                out.push(c);
            }
        }
        if !closed {
            break;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Dates, checked on the raw value so that *all* bad dates are reported

/// Where dates live in an interview value, as JSON pointers, and whether each is a year.
fn date_fields(value: &Value) -> Vec<(String, String, bool)> {
    let mut out = vec![
        ("interviewed_on".to_owned(), "/interviewed_on".to_owned(), false),
        (
            "interviewee.birth_year".to_owned(),
            "/interviewee/birth_year".to_owned(),
            true,
        ),
    ];
    if let Some(items) = value.get("incidents").and_then(Value::as_array) {
        for i in 0..items.len() {
            out.push((
                format!("incidents[{i}].when"),
                format!("/incidents/{i}/when"),
                false,
            ));
        }
    }
    if let Some(items) = value.get("children").and_then(Value::as_array) {
        for i in 0..items.len() {
            out.push((
                format!("children[{i}].birth_year"),
                format!("/children/{i}/birth_year"),
                true,
            ));
        }
    }
    out
}

/// Check every date string in `value`. Returns the JSON pointers of the bad ones (so the
/// caller can patch them and still find shape and vocabulary errors) and pushes an error
/// for each. Non-string values are left for serde to report.
pub(crate) fn check_dates(value: &Value, errors: &mut Vec<ValidationError>) -> Vec<String> {
    let mut bad = Vec::new();
    for (path, pointer, year_only) in date_fields(value) {
        if let Some(Value::String(s)) = value.pointer(&pointer) {
            let r = if year_only {
                EdtfDate::parse_year(s)
            } else {
                EdtfDate::parse(s)
            };
            if let Err(e) = r {
                errors.push(ValidationError::new(path, Problem::Date(e)));
                bad.push(pointer);
            }
        }
    }
    bad
}

/// Replace the date strings at `pointers` by a valid placeholder.
pub(crate) fn patch_dates(mut value: Value, pointers: &[String]) -> Value {
    for p in pointers {
        if let Some(v) = value.pointer_mut(p) {
            *v = Value::String("2000".to_owned());
        }
    }
    value
}

/// True when some string in `value` (a key or a value) contains NUL.
fn has_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

/// Report every string in `value` that contains NUL, by path, without content.
pub(crate) fn check_nul(value: &Value, path: &mut String, errors: &mut Vec<ValidationError>) {
    // Paths are only built when there is something to report (almost never).
    if has_nul(value) {
        check_nul_at(value, path, errors);
    }
}

fn check_nul_at(value: &Value, path: &mut String, errors: &mut Vec<ValidationError>) {
    match value {
        Value::String(s) if s.contains('\0') => {
            errors.push(ValidationError::new(path.clone(), Problem::ContainsNul))
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_nul_at(item, path, errors);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&cut(k));
                check_nul_at(item, path, errors);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Typed checks

struct Checker<'a> {
    vocab: &'a Vocabulary,
    errors: Vec<ValidationError>,
}

impl Checker<'_> {
    fn err(&mut self, path: impl Into<String>, problem: Problem) {
        self.errors.push(ValidationError::new(path, problem));
    }

    fn code(&mut self, path: &str, s: &str) {
        if !is_valid_code(s) {
            self.err(path, Problem::InvalidCode { value: quote(s) });
        }
    }

    fn country(&mut self, path: impl Into<String>, s: &str) {
        if !is_valid_country(s) {
            self.err(path, Problem::NotACountry { value: quote(s) });
        }
    }

    fn term(&mut self, path: impl Into<String>, kind: VocabKind, s: &str) {
        if self.vocab.contains(kind, s) {
            return;
        }
        let suggestion = self.vocab.suggest(kind, s).map(quote);
        self.err(
            path,
            Problem::NotInVocabulary {
                value: quote(s),
                kind,
                suggestion,
            },
        );
    }

    /// Free text: length in bytes only, never quoted.
    fn text(&mut self, path: impl Into<String>, s: &str, max: usize) {
        if s.len() > max {
            self.err(
                path,
                Problem::TooLongBytes {
                    bytes: s.len(),
                    limit: max,
                },
            );
        }
    }

    fn opt_text(&mut self, path: impl Into<String>, s: &Option<String>, max: usize) {
        if let Some(s) = s {
            self.text(path, s, max);
        }
    }

    fn count(&mut self, path: &str, what: &'static str, n: usize, max: usize) {
        if n > max {
            self.err(
                path,
                Problem::TooMany {
                    what,
                    count: n,
                    limit: max,
                },
            );
        }
    }

    fn non_empty(&mut self, path: impl Into<String>, s: &str, max: usize) {
        let path = path.into();
        if s.trim().is_empty() {
            self.err(path, Problem::Empty);
        } else {
            self.text(path, s, max);
        }
    }

    fn interview(&mut self, iv: &Interview) {
        self.code("code", &iv.code);
        self.opt_text("place", &iv.place, MAX_SHORT_TEXT_BYTES);
        self.code("interviewer", &iv.interviewer);
        if let Some(i) = &iv.interpreter {
            self.code("interpreter", i);
        }
        if !is_valid_language(&iv.language) {
            self.err(
                "language",
                Problem::NotALanguage {
                    value: quote(&iv.language),
                },
            );
        }

        let c = &iv.consent;
        self.term("consent.quote", VocabKind::Quote, &c.quote);
        self.count(
            "consent.share_with",
            "entries",
            c.share_with.len(),
            MAX_SHARE_WITH,
        );
        for (i, s) in c.share_with.iter().enumerate() {
            self.non_empty(format!("consent.share_with[{i}]"), s, MAX_SHORT_TEXT_BYTES);
        }
        self.opt_text("consent.note", &c.note, MAX_LONG_TEXT_BYTES);

        if let Some(p) = &iv.interviewee {
            self.opt_text("interviewee.gender", &p.gender, MAX_SHORT_TEXT_BYTES);
            self.opt_text("interviewee.origin", &p.origin, MAX_SHORT_TEXT_BYTES);
            if let Some(cc) = &p.current_country {
                self.country("interviewee.current_country", cc);
            }
        }

        self.text("narrative", &iv.narrative, MAX_NARRATIVE_BYTES);

        self.count("incidents", "incidents", iv.incidents.len(), MAX_INCIDENTS);
        for (i, inc) in iv.incidents.iter().enumerate() {
            self.incident(&format!("incidents[{i}]"), inc);
        }

        self.count("children", "children", iv.children.len(), MAX_CHILDREN);
        for (i, ch) in iv.children.iter().enumerate() {
            let p = format!("children[{i}]");
            if let Some(cc) = &ch.country {
                self.country(format!("{p}.country"), cc);
            }
            self.opt_text(format!("{p}.with_whom"), &ch.with_whom, MAX_SHORT_TEXT_BYTES);
            self.opt_text(format!("{p}.note"), &ch.note, MAX_LONG_TEXT_BYTES);
        }

        self.opt_text("follow_up", &iv.follow_up, MAX_LONG_TEXT_BYTES);

        self.count("tags", "tags", iv.tags.len(), MAX_TAGS);
        for (i, t) in iv.tags.iter().enumerate() {
            let n = t.chars().count();
            if t.trim().is_empty() {
                self.err(format!("tags[{i}]"), Problem::Empty);
            } else if n > MAX_TAG_CHARS {
                self.err(
                    format!("tags[{i}]"),
                    Problem::TooLongChars {
                        chars: n,
                        limit: MAX_TAG_CHARS,
                    },
                );
            }
        }
    }

    fn incident(&mut self, p: &str, inc: &Incident) {
        self.term(format!("{p}.kind"), VocabKind::IncidentKind, &inc.kind);
        if let Some(l) = &inc.location {
            self.opt_text(format!("{p}.where.place"), &l.place, MAX_SHORT_TEXT_BYTES);
            if let Some(cc) = &l.country {
                self.country(format!("{p}.where.country"), cc);
            }
        }
        if let Some(f) = &inc.facility {
            self.opt_text(format!("{p}.facility.name"), &f.name, MAX_SHORT_TEXT_BYTES);
            if let Some(k) = &f.kind {
                self.term(format!("{p}.facility.type"), VocabKind::FacilityType, k);
            }
        }
        self.count(
            &format!("{p}.perpetrators"),
            "perpetrators",
            inc.perpetrators.len(),
            MAX_PARTIES_PER_INCIDENT,
        );
        for (j, perp) in inc.perpetrators.iter().enumerate() {
            let q = format!("{p}.perpetrators[{j}]");
            self.term(format!("{q}.kind"), VocabKind::PerpetratorKind, &perp.kind);
            self.opt_text(format!("{q}.note"), &perp.note, MAX_LONG_TEXT_BYTES);
        }
        self.count(
            &format!("{p}.victims"),
            "victims",
            inc.victims.len(),
            MAX_PARTIES_PER_INCIDENT,
        );
        for (j, v) in inc.victims.iter().enumerate() {
            self.non_empty(format!("{p}.victims[{j}].who"), &v.who, MAX_SHORT_TEXT_BYTES);
        }
        if let Some(s) = &inc.source {
            self.term(format!("{p}.source"), VocabKind::Source, s);
        }
        self.opt_text(format!("{p}.description"), &inc.description, MAX_LONG_TEXT_BYTES);
    }
}

/// Every vocabulary, format and limit problem of a typed interview (dates are checked on the
/// raw value by [`check_dates`]).
pub(crate) fn check_interview(iv: &Interview, vocab: &Vocabulary) -> Vec<ValidationError> {
    let mut c = Checker {
        vocab,
        errors: Vec::new(),
    };
    c.interview(iv);
    c.errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        let date = EdtfDate::parse("2014-13").unwrap_err();
        let one = ValidationErrors::one("incidents[2].when", Problem::Date(date));
        let text = one.to_string();
        assert_eq!(
            text,
            "incidents[2].when: \"2014-13\" is not a date (a month, day or season is out of range)"
        );
        let mut many = one.clone();
        many.0.push(ValidationError::new("", Problem::Empty));
        many.0.push(ValidationError::new("a", Problem::ContainsNul));
        let text = many.to_string();
        assert_eq!(
            text,
            "incidents[2].when: \"2014-13\" is not a date (a month, day or season is out of range) (and 2 more)"
        );
        assert_eq!(ValidationError::new("", Problem::Empty).to_string(), "is empty");
        assert_eq!(many.iter().count(), 3);
    }

    #[test]
    fn within() {
        let e = ValidationError::new("code", Problem::Empty);
        assert_eq!(e.clone().within("[3]", ".").path, "[3].code");
        assert_eq!(e.within("f.json", ": ").path, "f.json: code");
        let e = ValidationError::new("[3].code", Problem::Empty);
        assert_eq!(e.within("f.json", ": ").path, "f.json: [3].code");
        assert_eq!(
            ValidationError::new("", Problem::Empty).within("[1]", ".").path,
            "[1]"
        );
    }

    #[test]
    fn quoting_is_cut() {
        assert_eq!(quote("2014-13"), "\"2014-13\"");
        let long = "가".repeat(100);
        let q = quote(&long);
        assert_eq!(q.chars().count(), MAX_QUOTED_CHARS + 3);
        assert!(q.ends_with("…\""));
        assert_eq!(quote("a\"\n"), "\"a\\\"\\n\"");
        let msg = format!("invalid type: string \"{}\", expected a boolean", "x".repeat(90));
        assert_eq!(
            truncate_quoted(&msg),
            format!("invalid type: string \"{}…\", expected a boolean", "x".repeat(40))
        );
        assert_eq!(truncate_quoted(r#"a "b\"c" d"#), r#"a "b\"c" d"#);
    }

    #[test]
    fn formats() {
        for ok in ["W26-0001", "INT-07", "a", "x.y_z-1"] {
            assert!(is_valid_code(ok), "{ok}");
        }
        for bad in ["", "-W", "W 26", "김", &"a".repeat(65)] {
            assert!(!is_valid_code(bad), "{bad}");
        }
        for ok in ["ko", "en", "ko-KR", "zh-Hans-CN", "yue", "x-private", "es-419"] {
            assert!(is_valid_language(ok), "{ok}");
        }
        for bad in ["", "k", "korean language", "ko_KR", "ko-", "한국어", "x"] {
            assert!(!is_valid_language(bad), "{bad}");
        }
        assert!(is_valid_country("KP"));
        for bad in ["kp", "KOR", "K", ""] {
            assert!(!is_valid_country(bad), "{bad}");
        }
    }
}
