//! `Debug` for the types that carry testimony text (records, search snippets, stored
//! revisions, editor work copies): it shows identifiers and states only, so a stray
//! `{:?}` in a log line, a panic message or a failed assertion cannot print a testimony.

/// Implements `Debug` showing only the named fields; the rest prints as `..`.
macro_rules! debug_redacted {
    ($ty:ident $(<$lt:lifetime>)? { $($shown:ident),* $(,)? }) => {
        impl $(<$lt>)? std::fmt::Debug for $ty $(<$lt>)? {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($shown), &self.$shown))*
                    .finish_non_exhaustive()
            }
        }
    };
}

pub(crate) use debug_redacted;
