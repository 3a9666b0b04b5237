//! The interview model: pure data and rules, no I/O.
//!
//! Why this exists: every other module (store, bundle, HQ import, UI, CLI) must agree on
//! what an interview is, what makes it valid, and which bytes are hashed when it is sealed.
//! Keeping that here, free of I/O and of any other module of this crate, makes the rules
//! testable on their own and lets HQ and the laptop run exactly the same checks.
//!
//! - [`interview`]: the typed record (serde, unknown fields refused)
//! - [`vocabulary`]: incident kinds, facility types... as data, with ko/en labels
//! - [`edtf`]: EDTF dates (`2014~`, `2015/2017`)
//! - [`lifecycle`]: draft → sealed → exported → delivered → wiped
//! - [`validate`]: errors with paths, and the semantic checks
//! - [`record`]: [`InterviewRecord`], [`parse_interviews`], [`revision_hash_input`]
//! - [`canonical`]: RFC 8785-compatible canonical JSON
//! - [`limits`]: size limits
//! - [`quote`]: how a given value is quoted in an error message (a leaf)

pub mod canonical;
pub mod edtf;
pub mod edtf_words;
pub mod facts;
#[cfg(test)]
mod format_doc;
pub mod interview;
pub mod lang;
pub mod lifecycle;
pub mod limits;
pub mod names;
pub mod quote;
pub mod record;
pub mod validate;
pub mod vocabulary;

pub use edtf::{DateProblem, EdtfDate, EdtfError, EdtfYear};
pub use interview::{
    Child, Consent, Facility, Incident, Interview, Interviewee, Location, Perpetrator, Victim,
};
pub use lang::Lang;
pub use lifecycle::Lifecycle;
pub use record::{InterviewRecord, REVISION_FORMAT, SearchFields, parse_interviews, revision_hash_input};
pub use validate::{Problem, ValidationError, ValidationErrors};
pub use vocabulary::{Term, VocabError, VocabKind, Vocabulary};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang() {
        assert_eq!(Lang::parse("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.as_str()), Some(l));
        }
    }
}
