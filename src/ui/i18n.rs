//! Every string the app shows, in Korean and English, from Fluent files compiled into the
//! binary (`assets/i18n/{en,ko}/app.ftl`). Switching language at run time only flips which
//! bundle is read; nothing is loaded from disk while the app runs.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::domain::Lang;

pub const EN_FTL: &str = include_str!("../../assets/i18n/en/app.ftl");
pub const KO_FTL: &str = include_str!("../../assets/i18n/ko/app.ftl");

/// Both languages, ready to format.
pub struct I18n {
    lang: Lang,
    en: FluentBundle<FluentResource>,
    ko: FluentBundle<FluentResource>,
}

fn bundle(tag: &str, source: &str) -> FluentBundle<FluentResource> {
    let lang: LanguageIdentifier = tag.parse().expect("a valid built-in language tag");
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("built-in {tag} translations do not parse: {errors:?}"));
    let mut bundle = FluentBundle::new(vec![lang]);
    // No Unicode isolation marks: egui would draw them as boxes.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("built-in {tag} translations repeat a key: {errors:?}"));
    bundle
}

impl I18n {
    pub fn new(lang: Lang) -> I18n {
        I18n {
            lang,
            en: bundle("en", EN_FTL),
            ko: bundle("ko", KO_FTL),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The message `key` in the current language (the key itself if missing, which a
    /// test forbids).
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The message `key` with named arguments.
    pub fn ta(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fluent_args.set(*name, FluentValue::from(*s)),
                Arg::Num(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        self.format(key, Some(&fluent_args))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = match self.lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, args, &mut errors).into_owned()
    }
}

/// A value for a placeable in a message.
pub enum Arg<'a> {
    Str(&'a str),
    Num(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Str(s)
    }
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Num(n as f64)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(n as f64)
    }
}

/// The language a new session starts in: the vault's setting once unlocked, before that
/// the desktop's locale (`LANG`), Korean for `ko*`, English otherwise.
pub fn initial_lang() -> Lang {
    Lang::from_environment()
}

/// Message keys defined in a Fluent source, in order.
pub fn keys(source: &str) -> Vec<String> {
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_key_exists_in_both_languages() {
        let en: BTreeSet<String> = keys(EN_FTL).into_iter().collect();
        let ko: BTreeSet<String> = keys(KO_FTL).into_iter().collect();
        let only_en: Vec<_> = en.difference(&ko).collect();
        let only_ko: Vec<_> = ko.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in Korean: {only_en:?}");
        assert!(only_ko.is_empty(), "missing in English: {only_ko:?}");
        assert!(en.len() > 100, "only {} keys", en.len());
    }

    #[test]
    fn both_files_parse_without_errors() {
        for (tag, source) in [("en", EN_FTL), ("ko", KO_FTL)] {
            if let Err((_, errors)) = FluentResource::try_new(source.to_owned()) {
                panic!("{tag}: {errors:?}");
            }
        }
    }

    /// Every key the screens ask for (`t("…")`, `ta("…"`) is defined; a typo would show
    /// the raw key to an interviewer.
    #[test]
    fn every_key_used_in_the_code_is_defined() {
        let defined: BTreeSet<String> = keys(EN_FTL).into_iter().collect();
        let mut missing = Vec::new();
        let mut used = 0;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for marker in [".t(\"", ".ta(\"", "tkey(\""] {
                    for piece in text.split(marker).skip(1) {
                        let key: String = piece.chars().take_while(|c| *c != '"').collect();
                        used += 1;
                        if !defined.contains(&key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(used > 100, "found only {used} uses");
        assert!(missing.is_empty(), "undefined keys: {missing:#?}");
    }

    /// The app words the core's limits of a delivered wipe itself, to show them in Korean;
    /// the English must stay the core's, line for line.
    #[test]
    fn the_wipe_limits_follow_the_core() {
        let en = I18n::new(Lang::En);
        let ko = I18n::new(Lang::Ko);
        for (index, line) in crate::vault::DELIVERED_LIMITS.iter().enumerate() {
            let key = format!("wipe-limit-{}", index + 1);
            assert_eq!(en.t(&key), *line);
            assert_ne!(ko.t(&key), *line, "{key} is not translated");
        }
        assert_eq!(
            en.t(&format!(
                "wipe-limit-{}",
                crate::vault::DELIVERED_LIMITS.len() + 1
            )),
            format!("wipe-limit-{}", crate::vault::DELIVERED_LIMITS.len() + 1)
        );
    }

    #[test]
    fn arguments_are_filled_in_and_language_switches() {
        let mut i18n = I18n::new(Lang::En);
        let en = i18n.ta("list-count", &[("count", 3usize.into())]);
        i18n.set_lang(Lang::Ko);
        let ko = i18n.ta("list-count", &[("count", 3usize.into())]);
        assert!(en.contains('3') && ko.contains('3') && en != ko, "{en} / {ko}");
    }

    #[test]
    fn one_missing_bundle_is_not_a_range() {
        let i18n = I18n::new(Lang::En);
        let gap = |first: u64, last: u64| {
            i18n.ta(
                "devices-gap",
                &[
                    ("device", "Laptop 3".into()),
                    ("first", first.into()),
                    ("last", last.into()),
                    ("count", (last - first + 1).into()),
                ],
            )
        };
        let one = gap(2, 2);
        assert!(one.contains("bundle") && !one.contains(" to "), "{one}");
        assert!(gap(2, 4).contains(" to "), "{}", gap(2, 4));
        assert!(
            i18n.ta("list-hits", &[("count", 1usize.into())])
                .contains("interview matches")
        );
    }

    /// Variables that hold a number, in every message of both languages.
    const NUMBERS: &[&str] = &[
        "count",
        "ok",
        "failed",
        "done",
        "total",
        "minutes",
        "interviews",
        "draft",
        "sealed",
        "exported",
        "delivered",
        "sequence",
        "first",
        "last",
    ];

    /// Every variable a pattern refers to, select expressions included.
    fn variables(pattern: &fluent_syntax::ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
        fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            if let InlineExpression::VariableReference { id } = e {
                out.insert(id.name.to_owned());
            }
        }
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                match expression {
                    Expression::Inline(e) => inline(e, out),
                    Expression::Select { selector, variants } => {
                        inline(selector, out);
                        for v in variants {
                            variables(&v.value, out);
                        }
                    }
                }
            }
        }
    }

    /// "1 fields", "1 drafts": a count of one followed by a plural noun.
    fn plural_after_one(text: &str) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        words.windows(2).find_map(|w| {
            let next: String = w[1].chars().filter(|c| c.is_alphabetic()).collect();
            let is_plural = next.len() > 3 && next.ends_with('s') && !next.ends_with("ss");
            (w[0] == "1" && is_plural && !["was", "is", "has"].contains(&next.as_str()))
                .then(|| format!("{} {}", w[0], w[1]))
        })
    }

    /// Every message of both languages, rendered with each number at 0, 1 and 2: no
    /// formatting errors, and no English "1 <plural>" (every count goes through a plural
    /// selector where the noun changes).
    #[test]
    fn every_count_reads_right_with_zero_one_and_two() {
        // The detector itself: what the review saw, and what is right.
        assert!(plural_after_one("1 fields to correct").is_some());
        assert!(plural_after_one("0 interviews · 1 drafts").is_some());
        assert!(plural_after_one("1 field to correct · 1 sealed · 1 is").is_none());
        let mut rendered = 0;
        for (tag, source) in [("en", EN_FTL), ("ko", KO_FTL)] {
            let resource = FluentResource::try_new(source.to_owned()).unwrap();
            let bundle = bundle(tag, source);
            for entry in resource.entries() {
                let fluent_syntax::ast::Entry::Message(message) = entry else {
                    continue;
                };
                let Some(pattern) = &message.value else {
                    continue;
                };
                let mut names = BTreeSet::new();
                variables(pattern, &mut names);
                if !names.iter().any(|n| NUMBERS.contains(&n.as_str())) {
                    continue;
                }
                for n in [0u32, 1, 2] {
                    let mut args = FluentArgs::new();
                    for name in &names {
                        if NUMBERS.contains(&name.as_str()) {
                            args.set(name.clone(), FluentValue::from(n));
                        } else {
                            args.set(name.clone(), FluentValue::from("Laptop 3"));
                        }
                    }
                    let value = bundle
                        .get_message(message.id.name)
                        .and_then(|m| m.value())
                        .unwrap();
                    let mut errors = Vec::new();
                    let text = bundle.format_pattern(value, Some(&args), &mut errors);
                    assert!(errors.is_empty(), "{tag} {}: {errors:?}", message.id.name);
                    if tag == "en"
                        && let Some(wrong) = plural_after_one(&text)
                    {
                        panic!("en {} with {n}: {wrong:?} in {text:?}", message.id.name);
                    }
                    rendered += 1;
                }
            }
        }
        assert!(rendered > 60, "only {rendered} renderings");
    }
}
