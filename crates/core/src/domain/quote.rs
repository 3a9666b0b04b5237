//! How a value the person gave is quoted in an error message: in double quotes, escaped,
//! and cut short, so that a message names the value without ever repeating a long piece
//! of testimony. A leaf module: validation and date parsing both use it, and neither
//! imports the other for it.

use super::limits::MAX_QUOTED_CHARS;

/// `s` in double quotes, escaped, cut to [`MAX_QUOTED_CHARS`] characters (`"abc…"`).
pub fn quote(s: &str) -> String {
    let mut cut: String = s.chars().take(MAX_QUOTED_CHARS).collect();
    if cut.len() < s.len() {
        cut.push('…');
    }
    format!("{cut:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_and_escaped() {
        assert_eq!(quote("abc"), "\"abc\"");
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        let long = "가".repeat(MAX_QUOTED_CHARS + 10);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), MAX_QUOTED_CHARS + 3, "{quoted}");
        assert!(quoted.ends_with("…\""));
    }
}
