//! Canonical JSON (RFC 8785 / JCS compatible for the values fieldvault stores).
//!
//! Why this exists: a sealed interview is hashed and signed, and HQ must be able to recompute
//! the same bytes from the same content with any tool. So the serialization is fixed here:
//! object members sorted by their keys' UTF-16 code units, no insignificant whitespace,
//! strings escaped minimally (`\"`, `\\`, `\b \f \n \r \t`, other controls as lowercase
//! `\u00xx`, everything else literal UTF-8). This does not rely on `serde_json::Map`'s
//! ordering, which changes if any crate in the build enables `preserve_order`.
//!
//! Integers are written as-is. Validated interviews contain no numbers at all; a float is
//! written the way `serde_json` writes it, which can differ from RFC 8785 for some values.

use serde_json::Value;

/// The canonical form of `v`.
pub fn to_canonical_string(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(&mut out, v);
    out
}

/// Append the canonical form of `v` to `out`.
pub fn write_canonical(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            let mut first = true;
            let mut member = |out: &mut String, k: &str, val: &Value| {
                if !first {
                    out.push(',');
                }
                first = false;
                write_string(out, k);
                out.push(':');
                write_canonical(out, val);
            };
            if in_key_order(map.keys()) {
                // The usual case (a BTreeMap iterates sorted, and keys are ASCII): no sort.
                for (k, val) in map {
                    member(out, k, val);
                }
            } else {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| key_order(a.0, b.0));
                for (k, val) in entries {
                    member(out, k, val);
                }
            }
            out.push('}');
        }
    }
}

/// The canonical member order: keys compared by their UTF-16 code units (RFC 8785).
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        // Same as UTF-16 order for ASCII, without encoding.
        a.cmp(b)
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}

/// True when `keys` already come in canonical order (strictly increasing).
fn in_key_order<'a>(keys: impl Iterator<Item = &'a String>) -> bool {
    let mut previous: Option<&str> = None;
    for key in keys {
        if let Some(p) = previous
            && key_order(p, key) != std::cmp::Ordering::Less
        {
            return false;
        }
        previous = Some(key);
    }
    true
}

/// True for the bytes that a JSON string cannot hold as they are.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Append `s` as a JSON string literal with minimal escaping. Runs that need no escape
/// are copied whole (escapes are rare in testimony text); they are found 16 bytes at a
/// time, a test the compiler turns into vector instructions.
pub fn write_string(out: &mut String, s: &str) {
    const CHUNK: usize = 16;
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + CHUNK)
            && !chunk.iter().fold(false, |any, &b| any | needs_escape(b))
        {
            i += CHUNK;
            continue;
        }
        let b = bytes[i];
        if needs_escape(b) {
            // `b` is ASCII, so `i` is a character boundary.
            out.push_str(&s[plain_from..i]);
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 0xf)]));
                }
            }
            plain_from = i + 1;
        }
        i += 1;
    }
    out.push_str(&s[plain_from..]);
    out.push('"');
}

/// Pretty JSON for people: two-space indentation, keys in canonical order.
pub fn to_pretty_string(v: &Value) -> String {
    let mut out = String::new();
    write_pretty(&mut out, v, 0);
    out
}

fn indent(out: &mut String, level: usize) {
    out.push('\n');
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_pretty(out: &mut String, v: &Value, level: usize) {
    match v {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, level + 1);
                write_pretty(out, item, level + 1);
            }
            indent(out, level);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| key_order(a.0, b.0));
            out.push('{');
            for (i, (k, val)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, level + 1);
                write_string(out, k);
                out.push_str(": ");
                write_pretty(out, val, level + 1);
            }
            indent(out, level);
            out.push('}');
        }
        other => write_canonical(out, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorted_compact_minimal_escapes() {
        let v = json!({"b": [1, true, null], "a": {"z": "x", "y": "\"\\\n\t\u{1}/é한"}, "": 0});
        assert_eq!(
            to_canonical_string(&v),
            r#"{"":0,"a":{"y":"\"\\\n\t\u0001/é한","z":"x"},"b":[1,true,null]}"#
        );
    }

    #[test]
    fn utf16_key_order() {
        // By code point U+FF61 comes first; in UTF-16 U+1F600 (surrogates D83D DE00) does.
        let v = json!({"\u{1F600}": 1, "\u{FF61}": 2});
        assert_eq!(to_canonical_string(&v), "{\"\u{1F600}\":1,\"\u{FF61}\":2}");
    }

    #[test]
    fn agrees_with_serde_json_escaping() {
        let s: String = (0u32..0x80).filter_map(char::from_u32).collect();
        let mut ours = String::new();
        write_string(&mut ours, &s);
        assert_eq!(ours, serde_json::to_string(&s).unwrap());
    }

    #[test]
    fn escapes_found_at_every_position_and_in_long_runs() {
        let filler = "한글 text é ".repeat(7);
        for at in 0..40 {
            for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}", "\t"] {
                let s = format!("{}{special}{}", &"abcdefghij".repeat(4)[..at], filler);
                let mut ours = String::new();
                write_string(&mut ours, &s);
                assert_eq!(ours, serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }

    #[test]
    fn unsorted_and_non_ascii_keys_are_ordered() {
        let mut map = serde_json::Map::new();
        for k in ["é", "b", "\u{1F600}", "a", "\u{FF61}", "ab"] {
            map.insert(k.into(), Value::Null);
        }
        assert_eq!(
            to_canonical_string(&Value::Object(map)),
            "{\"a\":null,\"ab\":null,\"b\":null,\"é\":null,\"\u{1F600}\":null,\"\u{FF61}\":null}"
        );
    }

    #[test]
    fn pretty_parses_back_to_the_same_value() {
        let v = json!({"b": [], "a": {"c": [1, {"d": null}]}, "e": {}});
        let p = to_pretty_string(&v);
        assert_eq!(serde_json::from_str::<Value>(&p).unwrap(), v);
        assert!(p.starts_with("{\n  \"a\": {"));
    }
}
