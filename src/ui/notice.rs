//! Errors as the person reads them, all in the interface language: a headline that names
//! the real cause (the USB stick only when one is involved), and under "details" what
//! happened and what to do, from the core's error catalogue. Untranslatable technical text
//! (an operating system's English message) is kept apart, under its own label.

use super::command::Notice;
use super::i18n::I18n;
use crate::vault::{ErrorKind, IoCause, VaultError};
use fieldvault_core::explain::explain;

/// The notice for an error of an operation on this laptop only (no stick involved).
pub fn error_notice(i18n: &I18n, error: &VaultError) -> Notice {
    notice_for(i18n, error, false)
}

/// The notice for an error of an operation on a USB stick (export, import, receipt,
/// wiping files): file and folder problems are explained in terms of the stick.
pub fn stick_error_notice(i18n: &I18n, error: &VaultError) -> Notice {
    notice_for(i18n, error, true)
}

/// The headline key for `error`: its real cause and next step; the stick is named only
/// when the operation involved one.
pub fn headline_key(error: &VaultError, on_stick: bool) -> &'static str {
    if let Some(cause) = error.io_cause() {
        return match (cause, on_stick) {
            (IoCause::Missing, true) => "err-stick-missing",
            (IoCause::NoPermission | IoCause::ReadOnly, true) => "err-stick-read-only",
            (IoCause::Full, true) => "err-stick-full",
            (IoCause::Other, true) => "err-stick-other",
            (IoCause::Missing, false) => "err-io-missing",
            (IoCause::NoPermission, false) => "err-io-permission",
            (IoCause::ReadOnly, false) => "err-io-read-only",
            (IoCause::Full, false) => "err-io-full",
            (IoCause::Other, false) => "err-io-other",
            (IoCause::Exists, true) => "err-stick-exists",
            (IoCause::Exists, false) => "err-io-exists",
        };
    }
    match error {
        VaultError::PassphraseTooShort { .. } => "err-weak-passphrase",
        VaultError::NotEmpty(_) => "err-not-empty",
        VaultError::InvalidCard(_) | VaultError::Trust(_) => "err-card",
        _ => match error.kind() {
            ErrorKind::WrongPassphrase => "err-wrong-passphrase",
            ErrorKind::InvalidInput => "err-invalid",
            ErrorKind::NotAVault => "err-not-a-vault",
            ErrorKind::Damaged => "err-damaged",
            ErrorKind::Conflict => "err-conflict",
            ErrorKind::NotFound => "err-not-found",
            ErrorKind::Rejected => "err-rejected",
            ErrorKind::Io => "err-io-other",
        },
    }
}

/// The headline for a stick found unusable just before writing.
pub fn unusable_key(why: crate::sticks::Unusable) -> &'static str {
    match why {
        crate::sticks::Unusable::Gone => "err-stick-missing",
        crate::sticks::Unusable::ReadOnly => "err-stick-read-only",
        crate::sticks::Unusable::Full => "err-stick-full",
    }
}

fn notice_for(i18n: &I18n, error: &VaultError, on_stick: bool) -> Notice {
    let words = explain(i18n.lang(), error);
    Notice {
        error: true,
        headline: i18n.t(headline_key(error, on_stick)),
        detail: Some(format!("{}\n{}", words.what, words.todo)),
        technical: words.technical,
    }
}

/// A sync that stopped: the vault's own errors as everywhere else; the drop box's and
/// the network's under one headline.
pub fn sync_notice(i18n: &I18n, error: &crate::relay::client::SyncError) -> Notice {
    if let crate::relay::client::SyncError::Vault(error) = error {
        return error_notice(i18n, error);
    }
    let words = explain(i18n.lang(), error);
    Notice {
        error: true,
        headline: i18n.t("err-sync"),
        detail: Some(format!("{}\n{}", words.what, words.todo)),
        technical: words.technical,
    }
}

/// What a panic destroy did: done, or done but for files it could not overwrite (counted
/// in the interface language, their English details listed as technical).
pub fn destroy_notice(i18n: &I18n, result: Result<crate::vault::DestroyReport, VaultError>) -> Notice {
    match result {
        Ok(report) if report.problems.is_empty() => Notice::done(i18n.t("destroy-done"), None),
        Ok(report) => {
            let count = report.problems.len();
            let mut notice = Notice::failed(
                i18n.t("destroy-partial"),
                Some(i18n.ta("destroy-problems", &[("count", count.into())])),
            );
            notice.technical = report.problems;
            notice
        }
        Err(error) => error_notice(i18n, &error),
    }
}

/// Each problem of an interview that does not validate, in the interface language.
pub fn problems(i18n: &I18n, error: &VaultError) -> Vec<String> {
    match error {
        VaultError::Invalid(errors) => errors
            .iter()
            .map(|e| explain(i18n.lang(), e).sentence())
            .collect(),
        other => vec![explain(i18n.lang(), other).sentence()],
    }
}

#[cfg(test)]
mod tests {
    //! Every error headline names its own cause (the USB stick only when one is involved),
    //! and a Korean notice is Korean from headline to advice.

    use super::*;
    use crate::domain::Lang;
    use fieldvault_core::testing::error_examples;

    fn every_kind_of_error() -> Vec<VaultError> {
        error_examples()
    }

    fn mentions_stick(text: &str) -> bool {
        text.contains("USB") || text.to_lowercase().contains("stick")
    }

    #[test]
    fn no_headline_mentions_a_stick_unless_one_is_involved() {
        for lang in [Lang::En, Lang::Ko] {
            let i18n = I18n::new(lang);
            for error in every_kind_of_error() {
                let key = headline_key(&error, false);
                let headline = error_notice(&i18n, &error).headline;
                assert_ne!(headline, key, "{key} is not translated");
                assert!(!mentions_stick(&headline), "{lang:?} {error}: {headline}");
                let on_stick = stick_error_notice(&i18n, &error).headline;
                if error.io_cause().is_some() {
                    assert!(mentions_stick(&on_stick), "{lang:?} {error}: {on_stick}");
                } else {
                    assert_eq!(on_stick, headline, "only file problems change on a stick");
                }
            }
        }
    }

    #[test]
    fn each_file_problem_has_its_own_headline() {
        let keys: std::collections::BTreeSet<&str> = every_kind_of_error()
            .iter()
            .filter(|e| e.io_cause().is_some())
            .flat_map(|e| [headline_key(e, false), headline_key(e, true)])
            .collect();
        assert_eq!(keys.len(), 11, "{keys:?}");
    }

    /// Words that only an English sentence has.
    const ENGLISH: &[&str] = &[
        " the ",
        " is ",
        " was ",
        " not ",
        " and ",
        " could ",
        " cannot ",
        " this ",
        " again",
        " with ",
        " from ",
        " nothing ",
        " use ",
        " give ",
    ];

    #[test]
    fn a_korean_notice_has_no_english_sentence() {
        let i18n = I18n::new(Lang::Ko);
        for error in every_kind_of_error() {
            for notice in [error_notice(&i18n, &error), stick_error_notice(&i18n, &error)] {
                let shown = format!(" {} {} ", notice.headline, notice.detail.unwrap_or_default());
                let lower = shown.to_lowercase();
                let english: Vec<&&str> = ENGLISH.iter().filter(|w| lower.contains(**w)).collect();
                assert!(english.is_empty(), "{english:?} in {shown:?}");
                assert!(shown.chars().any(|c| ('가'..='힣').contains(&c)), "{shown}");
                // Technical text stays apart, labelled, and out of the sentences.
                for line in &notice.technical {
                    assert!(!shown.contains(line.as_str()), "{line} in {shown}");
                }
            }
        }
    }

    #[test]
    fn an_english_notice_is_english() {
        let i18n = I18n::new(Lang::En);
        let notice = error_notice(&i18n, &VaultError::WrongPassphrase);
        assert_eq!(
            notice.detail.as_deref(),
            Some(
                "the passphrase did not open the vault (nothing was changed)\ncheck the keyboard layout and try again"
            )
        );
    }
}
