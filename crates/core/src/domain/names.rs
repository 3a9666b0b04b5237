//! Countries and languages by name, in Korean and English, for the editor's pickers and
//! `docs/interview-format.md`. Interviews store the codes (ISO 3166-1 alpha-2, BCP 47);
//! people choose by name. The names come from Unicode CLDR (`assets/data/*.tsv`).

use std::sync::OnceLock;

use super::Lang;

/// A code with its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named {
    pub code: &'static str,
    pub en: &'static str,
    pub ko: &'static str,
}

impl Named {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ko => self.ko,
        }
    }
}

const COUNTRIES_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/data/countries.tsv"
));
const LANGUAGES_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/data/languages.tsv"
));

/// Countries offered first: where testimonies mostly happen and interviewees now live.
pub const COMMON_COUNTRIES: &[&str] = &["KP", "CN", "KR", "RU", "MN", "TH", "LA", "VN", "KH", "MM", "JP"];

fn parse(tsv: &'static str) -> Vec<Named> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut parts = l.split('\t');
            Some(Named {
                code: parts.next()?,
                en: parts.next()?,
                ko: parts.next()?,
            })
        })
        .collect()
}

/// Every ISO 3166-1 country, by code.
pub fn countries() -> &'static [Named] {
    static LIST: OnceLock<Vec<Named>> = OnceLock::new();
    LIST.get_or_init(|| parse(COUNTRIES_TSV))
}

/// The interview languages offered by name (any other BCP 47 tag can be typed).
pub fn languages() -> &'static [Named] {
    static LIST: OnceLock<Vec<Named>> = OnceLock::new();
    LIST.get_or_init(|| parse(LANGUAGES_TSV))
}

pub fn country(code: &str) -> Option<&'static Named> {
    countries().iter().find(|c| c.code == code)
}

pub fn language(code: &str) -> Option<&'static Named> {
    languages().iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::{is_valid_country, is_valid_language};

    #[test]
    fn the_lists_are_complete_and_valid() {
        assert_eq!(countries().len(), 249, "ISO 3166-1 has 249 codes");
        for c in countries() {
            assert!(is_valid_country(c.code), "{}", c.code);
            assert!(!c.en.is_empty() && !c.ko.is_empty(), "{}", c.code);
        }
        for l in languages() {
            assert!(is_valid_language(l.code), "{}", l.code);
        }
        for code in COMMON_COUNTRIES {
            assert!(country(code).is_some(), "{code}");
        }
        assert_eq!(country("KP").unwrap().name(Lang::Ko), "북한");
        assert_eq!(language("ko").unwrap().name(Lang::En), "Korean");
    }
}
