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

use super::edtf::EdtfDate;
use super::interview::{Incident, Interview};
use super::limits::*;
use super::vocabulary::{VocabKind, Vocabulary};

/// One problem in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// Where: `incidents[2].when`; for files `w26-0001.json: incidents[2].when`,
    /// `batch.json: [3].code` or `batch.json: line 3 column 5`. Empty for the whole value.
    pub path: String,
    /// What is wrong, without testimony content.
    pub message: String,
}

impl ValidationError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ValidationError {
            path: path.into(),
            message: message.into(),
        }
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
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
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
    pub fn one(path: impl Into<String>, message: impl Into<String>) -> Self {
        ValidationErrors(vec![ValidationError::new(path, message)])
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.split_first() {
            None => f.write_str("no errors"),
            Some((first, [])) => first.fmt(f),
            Some((first, rest)) => write!(f, "{first} (and {} more)", rest.len()),
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

/// `s` in double quotes, escaped, cut to [`MAX_QUOTED_CHARS`] characters (`"abc…"`).
pub fn quote(s: &str) -> String {
    let mut cut: String = s.chars().take(MAX_QUOTED_CHARS).collect();
    if cut.len() < s.len() {
        cut.push('…');
    }
    format!("{cut:?}")
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
        let message = if allowed.is_empty() || allowed.starts_with("there are no fields") {
            "unknown field".to_owned()
        } else {
            format!("unknown field (allowed here: {allowed})")
        };
        return ValidationError::new(path, message);
    }
    ValidationError::new(path, truncate_quoted(&message))
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
                errors.push(ValidationError::new(path, e.to_string()));
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
        Value::String(s) if s.contains('\0') => errors.push(ValidationError::new(
            path.clone(),
            "contains a NUL character, which is not allowed in text",
        )),
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
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ValidationError::new(path, message));
    }

    fn code(&mut self, path: &str, s: &str) {
        if !is_valid_code(s) {
            self.err(
                path,
                format!(
                    "{} is not a valid code (1 to 64 ASCII letters, digits, '.', '_' or '-', \
                     starting with a letter or digit; never a real name)",
                    quote(s)
                ),
            );
        }
    }

    fn country(&mut self, path: impl Into<String>, s: &str) {
        if !is_valid_country(s) {
            self.err(
                path,
                format!(
                    "{} is not a country code (use ISO 3166-1 alpha-2 in capitals, e.g. KP, CN, KR)",
                    quote(s)
                ),
            );
        }
    }

    fn term(&mut self, path: impl Into<String>, kind: VocabKind, s: &str) {
        if self.vocab.contains(kind, s) {
            return;
        }
        let hint = match self.vocab.suggest(kind, s) {
            Some(t) => format!("; did you mean {}?", quote(t)),
            None => String::new(),
        };
        self.err(
            path,
            format!(
                "{} is not {} (see the vocabulary list{hint})",
                quote(s),
                kind.noun()
            ),
        );
    }

    /// Free text: length in bytes only, never quoted.
    fn text(&mut self, path: impl Into<String>, s: &str, max: usize) {
        if s.len() > max {
            self.err(
                path,
                format!(
                    "too long: {} bytes, the limit is {}",
                    s.len(),
                    describe_bytes(max)
                ),
            );
        }
    }

    fn opt_text(&mut self, path: impl Into<String>, s: &Option<String>, max: usize) {
        if let Some(s) = s {
            self.text(path, s, max);
        }
    }

    fn count(&mut self, path: &str, what: &str, n: usize, max: usize) {
        if n > max {
            self.err(path, format!("too many {what}: {n}, the limit is {max}"));
        }
    }

    fn non_empty(&mut self, path: impl Into<String>, s: &str, max: usize) {
        let path = path.into();
        if s.trim().is_empty() {
            self.err(path, "is empty");
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
                format!(
                    "{} is not a language tag (use BCP 47, e.g. ko, en, ko-KR)",
                    quote(&iv.language)
                ),
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
                self.err(format!("tags[{i}]"), "is empty");
            } else if n > MAX_TAG_CHARS {
                self.err(
                    format!("tags[{i}]"),
                    format!("too long: {n} characters, the limit is {MAX_TAG_CHARS}"),
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
        let one = ValidationErrors::one("incidents[2].when", "\"2014-13\" is not a date");
        assert_eq!(one.to_string(), "incidents[2].when: \"2014-13\" is not a date");
        let mut many = one.clone();
        many.0.push(ValidationError::new("", "x"));
        many.0.push(ValidationError::new("a", "y"));
        assert_eq!(
            many.to_string(),
            "incidents[2].when: \"2014-13\" is not a date (and 2 more)"
        );
        assert_eq!(ValidationError::new("", "whole").to_string(), "whole");
        assert_eq!(many.iter().count(), 3);
    }

    #[test]
    fn within() {
        let e = ValidationError::new("code", "m");
        assert_eq!(e.clone().within("[3]", ".").path, "[3].code");
        assert_eq!(e.within("f.json", ": ").path, "f.json: code");
        let e = ValidationError::new("[3].code", "m");
        assert_eq!(e.within("f.json", ": ").path, "f.json: [3].code");
        assert_eq!(ValidationError::new("", "m").within("[1]", ".").path, "[1]");
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
