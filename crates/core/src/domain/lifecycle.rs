//! The life of an interview: draft → sealed → exported → delivered → wiped.
//!
//! Why this exists: every front end and the vault must agree on what each state means and
//! which moves are allowed, above all that nothing leaves `draft` for editing again and
//! nothing is wiped before HQ's receipt covers it (the panic destroy is a separate action
//! outside this state machine).

use serde::{Deserialize, Serialize};

use super::Lang;

/// Where an interview is in its life. Stored and serialized as snake_case (`draft`...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// Being typed in; editable.
    Draft,
    /// Immutable and hashed; a correction is a new revision pointing at this one.
    Sealed,
    /// Written into an encrypted bundle on some medium.
    Exported,
    /// HQ's signed receipt names this exact revision hash.
    Delivered,
    /// Gone from the laptop; a tombstone keeps the code and hash.
    Wiped,
}

impl Lifecycle {
    /// Every state, in order.
    pub const ALL: [Lifecycle; 5] = [
        Lifecycle::Draft,
        Lifecycle::Sealed,
        Lifecycle::Exported,
        Lifecycle::Delivered,
        Lifecycle::Wiped,
    ];

    /// The stored name: `draft`, `sealed`, `exported`, `delivered`, `wiped`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Lifecycle::Draft => "draft",
            Lifecycle::Sealed => "sealed",
            Lifecycle::Exported => "exported",
            Lifecycle::Delivered => "delivered",
            Lifecycle::Wiped => "wiped",
        }
    }

    /// Inverse of [`Lifecycle::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// A label for people.
    pub fn label(&self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Lifecycle::Draft) => "Draft",
            (Lang::En, Lifecycle::Sealed) => "Sealed",
            (Lang::En, Lifecycle::Exported) => "Exported",
            (Lang::En, Lifecycle::Delivered) => "Delivered",
            (Lang::En, Lifecycle::Wiped) => "Wiped",
            (Lang::Ko, Lifecycle::Draft) => "초안",
            (Lang::Ko, Lifecycle::Sealed) => "봉인됨",
            (Lang::Ko, Lifecycle::Exported) => "내보냄",
            (Lang::Ko, Lifecycle::Delivered) => "전달 확인됨",
            (Lang::Ko, Lifecycle::Wiped) => "삭제됨",
        }
    }

    /// Only drafts may be edited.
    pub fn can_edit(&self) -> bool {
        matches!(self, Lifecycle::Draft)
    }

    /// Whether the ordinary workflow may move from `self` to `next`.
    ///
    /// `exported → exported` is allowed (a second export, e.g. to another stick).
    /// Wiping is only allowed once delivered; the panic destroy is not a transition.
    pub fn can_move_to(&self, next: Lifecycle) -> bool {
        matches!(
            (self, next),
            (Lifecycle::Draft, Lifecycle::Sealed)
                | (Lifecycle::Sealed, Lifecycle::Exported)
                | (Lifecycle::Exported, Lifecycle::Exported)
                | (Lifecycle::Exported, Lifecycle::Delivered)
                | (Lifecycle::Delivered, Lifecycle::Wiped)
        )
    }
}

impl std::fmt::Display for Lifecycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for l in Lifecycle::ALL {
            assert_eq!(Lifecycle::parse(l.as_str()), Some(l));
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
            assert_eq!(serde_json::from_str::<Lifecycle>(&json).unwrap(), l);
        }
        assert_eq!(Lifecycle::parse("Draft"), None);
        assert_eq!(Lifecycle::parse(""), None);
    }

    #[test]
    fn labels() {
        assert_eq!(Lifecycle::Delivered.label(Lang::Ko), "전달 확인됨");
        assert_eq!(Lifecycle::Wiped.label(Lang::Ko), "삭제됨");
        assert_eq!(Lifecycle::Sealed.label(Lang::En), "Sealed");
    }

    #[test]
    fn only_drafts_edit_and_no_wipe_before_delivery() {
        assert!(Lifecycle::Draft.can_edit());
        assert!(Lifecycle::ALL[1..].iter().all(|l| !l.can_edit()));
        for l in Lifecycle::ALL {
            assert_eq!(l.can_move_to(Lifecycle::Wiped), l == Lifecycle::Delivered);
            assert!(!l.can_move_to(Lifecycle::Draft));
        }
        assert!(Lifecycle::Draft.can_move_to(Lifecycle::Sealed));
        assert!(!Lifecycle::Draft.can_move_to(Lifecycle::Exported));
    }
}
