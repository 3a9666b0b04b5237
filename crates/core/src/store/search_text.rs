//! Korean-aware text for the full-text index, and the matching query syntax.
//!
//! SQLite's `unicode61` tokenizer splits on spaces, so `홍길동` would not match `홍길동이`
//! (the noun with a particle attached), and `trigram` cannot find the two-syllable nouns
//! that most Korean words are. Instead, text is tokenized here, before it reaches FTS5:
//! every run of Hangul (and of Han or kana, which have no spaces either) becomes
//! overlapping bigrams plus the run's last character; other text becomes its lowercased
//! words (letters and digits). FTS5 then only splits on spaces (its `ascii` tokenizer).
//! A query term is rewritten the same way into tokens that must all match: `홍길동` →
//! `"홍길" AND "길동"`, which matches inside `홍길동이`. A one-character query becomes a
//! prefix query, matching every bigram that starts with it and the run-final character.
//! The index keeps no positions (`detail=column`), so the caller confirms each hit
//! against the decrypted text ([`contains_all`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// True for characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}'   // Hangul syllables
        | '\u{1100}'..='\u{11FF}' // Hangul jamo
        | '\u{3130}'..='\u{318F}' // Hangul compatibility jamo
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}') // CJK compatibility ideographs
}

/// A piece of text in one kind of script.
#[derive(Debug, PartialEq, Eq)]
enum Run<'a> {
    Unspaced(Vec<char>),
    Spaced(&'a str),
}

fn runs(text: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut spaced_start: Option<usize> = None;
    let mut unspaced: Vec<char> = Vec::new();
    for (i, c) in text.char_indices() {
        if is_unspaced(c) {
            if let Some(start) = spaced_start.take() {
                out.push(Run::Spaced(&text[start..i]));
            }
            unspaced.push(c);
        } else {
            if !unspaced.is_empty() {
                out.push(Run::Unspaced(std::mem::take(&mut unspaced)));
            }
            spaced_start.get_or_insert(i);
        }
    }
    if let Some(start) = spaced_start {
        out.push(Run::Spaced(&text[start..]));
    }
    if !unspaced.is_empty() {
        out.push(Run::Unspaced(unspaced));
    }
    out
}

/// The lowercased words (runs of letters and digits) of spaced text.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Rewrites text into space-separated index tokens (the per-text form of
/// [`distinct_index_text`], which the tests compare against).
#[cfg(test)]
fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    push_index_text(text, &mut out);
    out
}

/// Appends the index tokens of `text` to `out`, each preceded by a space.
#[cfg(test)]
fn push_index_text(text: &str, out: &mut String) {
    for_each_token(text, |token, _| {
        out.push(' ');
        out.push_str(&token);
    });
}

/// Calls `f` with each index token of `text`, in order.
///
/// The same tokens as splitting `text` into runs of unspaced and spaced script (bigrams
/// plus the last character for the first, lowercased words for the second), made in one
/// pass: bulk import tokenizes hundreds of megabytes. A bigram or a final character is a
/// slice of `text` (its characters are adjacent there), and so is a word that is already
/// lowercase; only other words are copied. Bigrams and final characters also come with
/// [`unspaced_key`], a number that identifies them exactly.
fn for_each_token<'a>(text: &'a str, mut f: impl FnMut(Cow<'a, str>, Option<u64>)) {
    let word = |w: &'a str| -> Cow<'a, str> {
        if w.is_ascii() {
            if w.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(w.to_ascii_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        } else {
            let lower = w.to_lowercase();
            if lower == w {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(lower)
            }
        }
    };
    let mut word_start: Option<usize> = None;
    // Where the previous character started, if it was unspaced, its length, and itself.
    let mut prev_unspaced: Option<(usize, usize, char)> = None;
    for (i, c) in text.char_indices() {
        if !c.is_ascii() && is_unspaced(c) {
            if let Some(start) = word_start.take() {
                f(word(&text[start..i]), None);
            }
            if let Some((start, _, prev)) = prev_unspaced {
                f(
                    Cow::Borrowed(&text[start..i + c.len_utf8()]),
                    Some(unspaced_key(prev, Some(c))),
                );
            }
            prev_unspaced = Some((i, c.len_utf8(), c));
        } else {
            if let Some((start, len, last)) = prev_unspaced.take() {
                f(
                    Cow::Borrowed(&text[start..start + len]),
                    Some(unspaced_key(last, None)),
                );
            }
            if c.is_alphanumeric() {
                word_start.get_or_insert(i);
            } else if let Some(start) = word_start.take() {
                f(word(&text[start..i]), None);
            }
        }
    }
    if let Some(start) = word_start {
        f(word(&text[start..]), None);
    }
    if let Some((start, len, last)) = prev_unspaced {
        f(
            Cow::Borrowed(&text[start..start + len]),
            Some(unspaced_key(last, None)),
        );
    }
}

/// A number for a bigram `first second`, or for `first` alone: characters fit in 21 bits,
/// and the second half of a lone character is a value no character has.
fn unspaced_key(first: char, second: Option<char>) -> u64 {
    (u64::from(first) << 21) | second.map_or(0x1F_FFFF, u64::from)
}

/// The distinct index tokens of all of `texts`, each preceded by a space, in the order of
/// their first occurrence. The index stores no positions or counts (`detail=none`), only
/// which revisions hold a token, so a repeated token would add nothing but work for FTS5
/// on the single writer thread; this runs where the text is parsed (on every core during
/// a bulk import).
pub fn distinct_index_text(texts: &[&str]) -> String {
    let len: usize = texts.iter().map(|t| t.len()).sum();
    let hasher = BuildHasherDefault::<TokenHasher>::default;
    let mut slices: HashSet<&str, _> = HashSet::with_capacity_and_hasher(len / 8, hasher());
    let mut lowered: HashSet<String, _> = HashSet::with_hasher(hasher());
    // Bigrams (most tokens of Korean text) are told apart by number, not by hashing text.
    let mut unspaced: HashSet<u64, _> = HashSet::with_capacity_and_hasher(len / 8, hasher());
    let mut out = String::with_capacity(len);
    for text in texts {
        for_each_token(text, |token, key| {
            if let Some(key) = key {
                if unspaced.insert(key) {
                    out.push(' ');
                    out.push_str(&token);
                }
                return;
            }
            if slices.contains(&*token) || lowered.contains(&*token) {
                return;
            }
            out.push(' ');
            out.push_str(&token);
            match token {
                Cow::Borrowed(slice) => slices.insert(slice),
                Cow::Owned(copy) => lowered.insert(copy),
            };
        });
    }
    out
}

/// Keeps the first occurrence of each space-separated token (the reference for
/// [`distinct_index_text`]).
#[cfg(test)]
fn distinct_tokens(tokens: &str) -> String {
    let mut seen: HashSet<&str, BuildHasherDefault<TokenHasher>> =
        HashSet::with_capacity_and_hasher(tokens.len() / 8, BuildHasherDefault::default());
    let mut out = String::with_capacity(tokens.len());
    for token in tokens.split(' ').filter(|t| !t.is_empty()) {
        if seen.insert(token) {
            out.push(' ');
            out.push_str(token);
        }
    }
    out
}

/// A fast hash for short tokens (the multiply-rotate scheme of rustc's `FxHasher`). Not
/// resistant to crafted collisions, which only the vault's own user could craft.
#[derive(Default)]
struct TokenHasher(u64);

impl Hasher for TokenHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        // A product's low bits depend only on the factors' low bits; the table indexes by
        // the low bits, so bring the well-mixed high bits down (as rustc-hash 2 does).
        self.0.rotate_left(26)
    }
}

/// Quotes a string as an FTS5 phrase.
fn phrase(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Turns what a person typed into an FTS5 MATCH expression: every term must match
/// (implicit AND). Returns `None` when nothing searchable is left.
pub fn match_expression(query: &str) -> Option<String> {
    let mut parts = Vec::new();
    for term in query.split_whitespace() {
        for run in runs(term) {
            match run {
                // Prefix match: "detain" finds "detained".
                Run::Spaced(s) => parts.extend(words(s).map(|w| format!("{}*", phrase(&w)))),
                Run::Unspaced(chars) if chars.len() == 1 => {
                    parts.push(format!("{}*", phrase(&chars[0].to_string())));
                }
                Run::Unspaced(chars) => {
                    for pair in chars.windows(2) {
                        let quoted = phrase(&format!("{}{}", pair[0], pair[1]));
                        if !parts.contains(&quoted) {
                            parts.push(quoted);
                        }
                    }
                }
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// The pieces of a query to look for when highlighting a snippet, lowercased.
pub fn highlight_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for term in query.split_whitespace() {
        for run in runs(term) {
            let piece = match run {
                Run::Spaced(s) => s.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase(),
                Run::Unspaced(chars) => chars.into_iter().collect(),
            };
            if !piece.is_empty() && !terms.contains(&piece) {
                terms.push(piece);
            }
        }
    }
    // Longest first, so that a longer term wins where two overlap.
    terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    terms
}

/// True when every term occurs in `text` (lowercased): confirms an index hit, since the
/// index matches tokens anywhere in a field, not the exact sequence typed.
pub fn contains_all(text_lower: &str, terms: &[String]) -> bool {
    terms.iter().all(|t| text_lower.contains(t.as_str()))
}

/// A short excerpt of `text` around the first match of any term, with the matched
/// byte ranges (relative to the returned excerpt) for highlighting.
pub fn snippet(text: &str, terms: &[String], context_chars: usize) -> Option<(String, Vec<(usize, usize)>)> {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths (rarely); fall back to exact-case search then.
    let haystack = if lower.len() == text.len() {
        lower.as_str()
    } else {
        text
    };
    let (first, first_len) = terms
        .iter()
        .filter_map(|t| haystack.find(t.as_str()).map(|at| (at, t.len())))
        .min()?;
    let start = text[..first]
        .char_indices()
        .rev()
        .nth(context_chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let end = text[first + first_len..]
        .char_indices()
        .nth(context_chars)
        .map_or(text.len(), |(i, _)| first + first_len + i);
    let (start, end) = (word_start(text, start), word_end(text, end));
    let excerpt_hay = &haystack[start..end];
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for term in terms {
        let mut from = 0;
        while let Some(at) = excerpt_hay[from..].find(term.as_str()) {
            let range = (from + at, from + at + term.len());
            if !ranges.iter().any(|r| range.0 < r.1 && r.0 < range.1) {
                ranges.push(range);
            }
            from = range.1;
        }
    }
    ranges.sort_unstable();
    let mut excerpt = String::new();
    if start > 0 {
        excerpt.push('…');
    }
    let shift = excerpt.len();
    excerpt.push_str(text[start..end].trim_end());
    let ranges = ranges
        .into_iter()
        .map(|(a, b)| (a + shift, b + shift))
        .filter(|&(_, b)| b <= excerpt.len())
        .collect();
    if end < text.len() {
        excerpt.push('…');
    }
    Some((excerpt.replace(['\n', '\r'], " "), ranges))
}

/// Moves a cut point back to the start of its word (at most 20 characters).
fn word_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take(20)
        .find(|(_, c)| c.is_whitespace())
        .map_or(if at <= 20 { 0 } else { at }, |(i, c)| i + c.len_utf8())
}

/// Moves a cut point forward to the end of its word (at most 20 characters).
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .take(20)
        .find(|(_, c)| c.is_whitespace())
        .map_or(if text.len() - at <= 20 { text.len() } else { at }, |(i, _)| {
            at + i
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-pass tokenizer that `push_index_text` replaced, kept as the reference.
    fn index_text_by_runs(text: &str) -> String {
        let mut out = String::new();
        for run in runs(text) {
            match run {
                Run::Spaced(s) => {
                    for word in words(s) {
                        out.push(' ');
                        out.push_str(&word);
                    }
                }
                Run::Unspaced(chars) => {
                    for pair in chars.windows(2) {
                        out.push(' ');
                        out.push(pair[0]);
                        out.push(pair[1]);
                    }
                    if let Some(last) = chars.last() {
                        out.push(' ');
                        out.push(*last);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn one_pass_tokens_equal_the_run_by_run_tokens() {
        for text in [
            "",
            " ",
            "홍길동이 왔다",
            "Yanji에서 2014",
            "온성 보위부에서 조사를 Yanji",
            "북",
            "a",
            "ÀÉÎ ŒUVRE ΣΊΣΥΦΟΣ straße İstanbul",
            "W26-0001: detained (2014~) at 구류장, then 長白 and ひらがなカタカナ!",
            "mixed漢字and한글text123abc",
            "trailing 한",
            "한 leading",
            "  多  空白  ",
            "tab\tnew\nline\u{0}nul",
        ] {
            assert_eq!(index_text(text), index_text_by_runs(text), "{text:?}");
        }
    }

    #[test]
    fn distinct_index_text_is_the_first_occurrence_of_every_token() {
        let texts = [
            "Yanji yanji YANJI 보위부에서 보위부 Straße STRASSE straße",
            "W26-0001 w26 보위 ΣΊΣΥΦΟΣ σίσυφος 2014 2014",
            "",
            "漢字 ひらがな 한 yanji",
        ];
        let all: String = texts.iter().map(|t| index_text(t)).collect();
        assert_eq!(distinct_index_text(&texts), distinct_tokens(&all));
    }

    #[test]
    fn repeated_tokens_are_kept_once_in_first_order() {
        assert_eq!(
            distinct_tokens(" 보위 위부 yanji 보위 b yanji 위부 a"),
            " 보위 위부 yanji b a"
        );
        assert_eq!(distinct_tokens(""), "");
        assert_eq!(distinct_tokens("  x  "), " x");
    }

    #[test]
    fn hangul_runs_become_bigrams_and_final_character() {
        let tokens: Vec<String> = index_text("홍길동이 왔다")
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        assert_eq!(tokens, ["홍길", "길동", "동이", "이", "왔다", "다"]);
    }

    #[test]
    fn mixed_scripts_split_at_the_boundary() {
        let tokens: Vec<String> = index_text("Yanji에서 2014")
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        assert_eq!(tokens, ["yanji", "에서", "서", "2014"]);
    }

    #[test]
    fn korean_noun_query_is_all_of_its_bigrams() {
        assert_eq!(match_expression("홍길동").unwrap(), "\"홍길\" AND \"길동\"");
        assert_eq!(match_expression("북").unwrap(), "\"북\"*");
    }

    #[test]
    fn latin_terms_are_prefix_phrases_and_anded() {
        assert_eq!(
            match_expression("W26-0001 Detention").unwrap(),
            "\"w26\"* AND \"0001\"* AND \"detention\"*"
        );
    }

    #[test]
    fn quotes_and_operators_are_neutralised() {
        assert_eq!(
            match_expression("a\"b OR").unwrap(),
            "\"a\"* AND \"b\"* AND \"or\"*"
        );
        assert_eq!(match_expression("  - ( ) "), None);
    }

    #[test]
    fn snippet_highlights_every_match_in_the_window() {
        let text = "Long before that she was held at a detention centre near Yanji for weeks and weeks.";
        let (s, ranges) = snippet(text, &highlight_terms("yanji detention"), 18).unwrap();
        assert_eq!(s, "…she was held at a detention centre near Yanji…");
        let marked: Vec<&str> = ranges.iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(marked, ["detention", "Yanji"]);
    }

    #[test]
    fn snippet_finds_korean_noun_inside_a_longer_word() {
        let (s, ranges) = snippet("온성 보위부에서 조사를 받았다", &highlight_terms("보위부"), 4).unwrap();
        assert_eq!(&s[ranges[0].0..ranges[0].1], "보위부");
    }
}
