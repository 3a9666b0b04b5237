//! Errors in words a person can act on, in Korean and English, from one catalogue.
//!
//! Every error the person can meet implements [`Explain`]: it names a message id and its
//! arguments. The catalogue (`assets/i18n/{en,ko}/errors.ftl`) holds, for each id, what
//! happened (`err-<id>`) and what to do (`rec-<id>`), as rage pairs them. The CLI and the
//! desktop app both render errors from here ([`explain`]), in the interface language; an
//! error's `Display` is its English rendering, so logs and tests read the same words.
//!
//! Arguments are data (paths, codes, fingerprints, counts), never testimony. Text that
//! cannot be translated (an operating system's error message, a parser's finding) is
//! kept apart as a *technical detail*: the English message quotes it inline, the Korean
//! one does not, and the app shows it under a separate, labelled heading.

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::lang::Lang;

/// The English catalogue.
pub const EN_FTL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/i18n/en/errors.ftl"
));
/// The Korean catalogue.
pub const KO_FTL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/i18n/ko/errors.ftl"
));

/// An error that can say, in the catalogue's words, what happened and what to do.
pub trait Explain {
    fn explain(&self) -> Explanation;
}

/// A message id with its arguments: which words to use, not yet in a language.
#[derive(Debug, Clone)]
pub struct Explanation {
    id: &'static str,
    args: Vec<(&'static str, Value)>,
    cause: Option<Box<Explanation>>,
    technical: Option<String>,
}

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Number(f64),
}

impl Explanation {
    /// The message `err-<id>` / `rec-<id>`.
    pub fn new(id: &'static str) -> Explanation {
        Explanation {
            id,
            args: Vec::new(),
            cause: None,
            technical: None,
        }
    }

    /// A text argument: a code, a fingerprint, a label, or an id a message selects on.
    pub fn text(mut self, name: &'static str, value: impl fmt::Display) -> Explanation {
        self.args.push((name, Value::Text(value.to_string())));
        self
    }

    /// A path argument.
    pub fn path(self, name: &'static str, path: &Path) -> Explanation {
        self.text(name, path.display())
    }

    /// A number argument (plural forms select on it).
    pub fn number(mut self, name: &'static str, value: impl Into<f64>) -> Explanation {
        self.args.push((name, Value::Number(value.into())));
        self
    }

    /// The error this one wraps: its words are `$cause` and its advice `$cause_todo`.
    pub fn cause(mut self, cause: &(impl Explain + ?Sized)) -> Explanation {
        self.cause = Some(Box::new(cause.explain()));
        self
    }

    /// Untranslatable text (an OS error, a parser's finding), as `$detail` in English.
    pub fn technical(mut self, detail: impl fmt::Display) -> Explanation {
        self.technical = Some(detail.to_string());
        self
    }

    /// The message id, without the `err-`/`rec-` prefix.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The text arguments (data: paths, codes, labels), this explanation's and its causes'.
    #[cfg(test)]
    fn text_args(&self) -> Vec<String> {
        let mut texts: Vec<String> = self
            .args
            .iter()
            .filter_map(|(_, value)| match value {
                Value::Text(text) => Some(text.clone()),
                Value::Number(_) => None,
            })
            .collect();
        if let Some(cause) = &self.cause {
            texts.extend(cause.text_args());
        }
        texts
    }

    /// Every message id this explanation uses, its own first, then its causes'.
    pub fn ids(&self) -> Vec<&'static str> {
        let mut ids = vec![self.id];
        if let Some(cause) = &self.cause {
            ids.extend(cause.ids());
        }
        ids
    }
}

/// An error in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// What happened.
    pub what: String,
    /// What to do.
    pub todo: String,
    /// Untranslatable details (English), for a technical contact; empty for most errors.
    pub technical: Vec<String>,
}

impl Explained {
    /// What happened and what to do, as one sentence: `what; todo`.
    pub fn sentence(&self) -> String {
        if self.todo.is_empty() {
            self.what.clone()
        } else {
            format!("{}; {}", self.what, self.todo)
        }
    }
}

/// `error` in `lang`.
pub fn explain(lang: Lang, error: &(impl Explain + ?Sized)) -> Explained {
    render(lang, &error.explain())
}

/// `Display` for an error type: its English sentence (`what; todo`).
macro_rules! display_in_english {
    ($ty:ty) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::explain::display(self, f)
            }
        }
    };
}
pub(crate) use display_in_english;

/// `error` as one English sentence: its `Display`.
pub(crate) fn display(error: &(impl Explain + ?Sized), f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&explain(Lang::En, error).sentence())
}

/// Renders an explanation; a cause is rendered first and passed in as `$cause` (what
/// happened) and `$cause_todo` (its advice).
fn render(lang: Lang, explanation: &Explanation) -> Explained {
    let mut args = FluentArgs::new();
    let mut technical = Vec::new();
    if let Some(cause) = &explanation.cause {
        let inner = render(lang, cause);
        args.set("cause", FluentValue::from(inner.what));
        args.set("cause_todo", FluentValue::from(inner.todo));
        technical.extend(inner.technical);
    }
    if let Some(detail) = &explanation.technical {
        args.set("detail", FluentValue::from(detail.clone()));
        technical.push(detail.clone());
    }
    for (name, value) in &explanation.args {
        match value {
            Value::Text(text) => args.set(*name, FluentValue::from(text.clone())),
            Value::Number(number) => args.set(*name, FluentValue::from(*number)),
        }
    }
    let bundle = catalogue(lang);
    Explained {
        what: format(bundle, &format!("err-{}", explanation.id), &args),
        todo: format(bundle, &format!("rec-{}", explanation.id), &args),
        technical,
    }
}

type Bundle = FluentBundle<FluentResource>;

fn catalogue(lang: Lang) -> &'static Bundle {
    static EN: OnceLock<Bundle> = OnceLock::new();
    static KO: OnceLock<Bundle> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| bundle("en", EN_FTL)),
        Lang::Ko => KO.get_or_init(|| bundle("ko", KO_FTL)),
    }
}

fn bundle(tag: &str, source: &str) -> Bundle {
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(_, errors)| {
        panic!("the built-in {tag} error catalogue does not parse: {errors:?}")
    });
    let mut bundle = FluentBundle::new_concurrent(vec![tag.parse().expect("a valid built-in language tag")]);
    // No Unicode isolation marks: terminals and egui would show them.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("the built-in {tag} error catalogue repeats an id: {errors:?}"));
    bundle
}

/// The message, or its id if the catalogue lacks it (a test forbids that).
fn format(bundle: &Bundle, id: &str, args: &FluentArgs<'_>) -> String {
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_owned();
    };
    let mut errors = Vec::new();
    let text = bundle
        .format_pattern(pattern, Some(args), &mut errors)
        .into_owned();
    // A missing argument shows as `{$name}`; the tests render every example to catch it.
    debug_assert!(errors.is_empty(), "{id}: {errors:?}");
    text
}

/// Message ids defined in a catalogue, in order.
pub fn ids_in(source: &str) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(resource, _)| resource);
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! The catalogue against the code: both languages hold the same ids, every id pairs
    //! what happened with what to do, every id the code can name is in the catalogue and
    //! rendered by an example, and the Korean words carry no English.

    use std::collections::BTreeSet;

    use super::*;
    use crate::vault::error_examples::{examples, relay_refusals, sync_errors};

    fn catalogue_ids(source: &str) -> BTreeSet<String> {
        ids_in(source).into_iter().collect()
    }

    /// Ids (without `err-`) that `impl Explain` blocks in the core's sources can name:
    /// every string literal with a hyphen inside such a block.
    fn ids_named_in_code() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![root.clone()];
        let mut ids = BTreeSet::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("error_examples.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut inside = false;
            for line in text.lines() {
                if line.starts_with("impl Explain for ") {
                    inside = true;
                } else if inside && line == "}" {
                    inside = false;
                } else if inside {
                    for literal in line.split('"').skip(1).step_by(2) {
                        if literal.contains('-')
                            && literal
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        {
                            ids.insert(literal.to_owned());
                        }
                    }
                }
            }
        }
        ids
    }

    #[test]
    fn both_languages_hold_the_same_ids_in_pairs() {
        let en = catalogue_ids(EN_FTL);
        let ko = catalogue_ids(KO_FTL);
        assert_eq!(en, ko, "the English and Korean catalogues differ");
        for id in &en {
            let (kind, rest) = id.split_once('-').unwrap();
            let other = match kind {
                "err" => format!("rec-{rest}"),
                "rec" => format!("err-{rest}"),
                _ => panic!("{id}: every id is err-* or rec-*"),
            };
            assert!(en.contains(&other), "{id} has no {other}");
        }
    }

    #[test]
    fn every_id_the_code_names_has_an_example_and_both_messages() {
        let named = ids_named_in_code();
        assert!(named.len() > 100, "the scan found only {} ids", named.len());
        let mut used: BTreeSet<String> = examples()
            .iter()
            .flat_map(|e| e.explain().ids())
            .map(str::to_owned)
            .collect();
        used.extend(relay_refusals().iter().map(|e| e.explain().id().to_owned()));
        used.extend(sync_errors().iter().map(|e| e.explain().id().to_owned()));
        let in_catalogue: BTreeSet<String> = catalogue_ids(EN_FTL)
            .into_iter()
            .filter_map(|id| id.strip_prefix("err-").map(str::to_owned))
            .collect();
        let unexampled: Vec<_> = named.difference(&used).collect();
        assert!(unexampled.is_empty(), "no example renders {unexampled:?}");
        let missing: Vec<_> = named.difference(&in_catalogue).collect();
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
        let unused: Vec<_> = in_catalogue.difference(&named).collect();
        assert!(unused.is_empty(), "in the catalogue but never named: {unused:?}");
    }

    #[test]
    fn every_example_renders_with_all_its_arguments_in_both_languages() {
        for error in examples() {
            for lang in Lang::ALL {
                // `format` asserts (in debug builds, as tests are) that no argument is missing.
                let words = explain(lang, &error);
                for text in [&words.what, &words.todo] {
                    assert!(!text.is_empty(), "{lang:?} {error:?}");
                    assert!(
                        !text.starts_with("err-") && !text.starts_with("rec-"),
                        "{lang:?}: {text}"
                    );
                    assert!(!text.contains("{$") && !text.contains("{ $"), "{lang:?}: {text}");
                }
            }
        }
    }

    /// English words left in a Korean text once data (paths, codes, quoted values,
    /// commands in backticks, file names) and the few names that stay English are taken out.
    fn english_words(text: &str) -> Vec<String> {
        const NAMES: &[&str] = &[
            "fieldvault",
            "vault.header",
            "USB",
            "HTTP",
            "EDTF",
            "JSON",
            "NUL",
            "ISO",
            "BCP",
            "MiB",
            "KiB",
            "GiB",
            "CLI",
            "null",
            "docs/interview-format.md",
            "docs/desktop-app.md",
            "Argon2",
            "Tor",
            "SHA256",
            "init",
            "--force",
            "--accept-new-recipient",
            "--vault",
        ];
        let mut rest = String::new();
        for (i, part) in text.split('`').enumerate() {
            if i % 2 == 0 {
                rest.push_str(part);
            }
        }
        let mut rest: String = rest.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        for name in NAMES {
            rest = rest.replace(name, " ");
        }
        rest.split(|c: char| {
            !(c.is_ascii_alphabetic() || c == '/' || c == '.' || c == '-' || c == '_' || c == ':')
        })
        .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
        .filter(|w| !w.contains('/') && !w.contains(':') && !w.contains('.'))
        .map(str::to_owned)
        .collect()
    }

    #[test]
    fn relay_refusals_and_sync_errors_render_in_both_languages() {
        for error in sync_errors() {
            for lang in Lang::ALL {
                let words = explain(lang, &error);
                assert!(
                    !words.what.starts_with("err-") && !words.todo.starts_with("rec-"),
                    "{words:?}"
                );
            }
            let korean = explain(Lang::Ko, &error).sentence();
            assert!(english_words(&korean).is_empty(), "{korean}");
        }
        for refusal in relay_refusals() {
            for lang in Lang::ALL {
                let words = explain(lang, &refusal);
                assert!(
                    !words.what.starts_with("err-") && !words.todo.starts_with("rec-"),
                    "{words:?}"
                );
            }
            assert!(english_words(&explain(Lang::Ko, &refusal).sentence()).is_empty());
        }
    }

    #[test]
    fn korean_words_carry_no_english() {
        for error in examples() {
            let words = explain(Lang::Ko, &error);
            let data = error.explain().text_args();
            for text in [&words.what, &words.todo] {
                // Arguments are data (paths, codes, JSON field names), not words.
                let text = data
                    .iter()
                    .fold(text.clone(), |text, value| text.replace(value.as_str(), " "));
                let english = english_words(&text);
                assert!(english.is_empty(), "{english:?} in {text:?} ({error:?})");
            }
            for detail in &words.technical {
                assert!(
                    !words.what.contains(detail.as_str()),
                    "technical text in {:?}",
                    words.what
                );
            }
        }
    }

    #[test]
    fn english_sentences_keep_technical_details_inline() {
        let error =
            crate::vault::VaultError::Store(crate::store::StoreError::Damaged("corrupt pages".into()));
        assert_eq!(
            error.to_string(),
            "the database file is damaged (corrupt pages); restore the vault from a backup"
        );
        let korean = explain(Lang::Ko, &error);
        assert_eq!(korean.technical, ["corrupt pages"]);
        assert!(!korean.sentence().contains("corrupt"));
    }
}
