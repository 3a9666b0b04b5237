//! Size limits for interviews and import files.
//!
//! Why this exists: an import file may be hostile or simply broken (a runaway export, a
//! pasted binary). Bounding every size keeps validation, storage and the UI predictable,
//! and gives the interviewer a clear message naming the limit and the actual size instead
//! of a hang or an out-of-memory crash. The limits are generous for real testimonies.

/// Largest import file, in bytes (16 MiB).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Most interviews in one import file.
pub const MAX_INTERVIEWS_PER_FILE: usize = 10_000;
/// Largest `narrative`, in bytes of UTF-8 (1 MiB).
pub const MAX_NARRATIVE_BYTES: usize = 1024 * 1024;
/// Largest long free text (`description`, every `note`, `follow_up`), in bytes (64 KiB).
pub const MAX_LONG_TEXT_BYTES: usize = 64 * 1024;
/// Largest short text (`place`, `origin`, facility `name`, `who`, `with_whom`, `gender`,
/// `share_with` entries...), in bytes (1 KiB).
pub const MAX_SHORT_TEXT_BYTES: usize = 1024;
/// Most incidents in one interview.
pub const MAX_INCIDENTS: usize = 500;
/// Most children in one interview.
pub const MAX_CHILDREN: usize = 100;
/// Most tags in one interview.
pub const MAX_TAGS: usize = 200;
/// Longest tag, in characters (not bytes, so Korean tags get the same room).
pub const MAX_TAG_CHARS: usize = 100;
/// Most perpetrators, and separately most victims, in one incident.
pub const MAX_PARTIES_PER_INCIDENT: usize = 200;
/// Most `consent.share_with` entries.
pub const MAX_SHARE_WITH: usize = 100;
/// Longest quoted value in an error message, in characters. Longer values are cut.
pub const MAX_QUOTED_CHARS: usize = 40;

/// Human form of a byte count for messages: `1048576 bytes (1 MiB)`.
pub fn describe_bytes(n: usize) -> String {
    if n >= 1024 * 1024 && n.is_multiple_of(1024 * 1024) {
        format!("{n} bytes ({} MiB)", n / (1024 * 1024))
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{n} bytes ({} KiB)", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_as_documented() {
        assert_eq!(MAX_NARRATIVE_BYTES, 1_048_576);
        assert_eq!(MAX_LONG_TEXT_BYTES, 65_536);
        assert_eq!(MAX_FILE_BYTES, 16_777_216);
        assert_eq!(describe_bytes(MAX_NARRATIVE_BYTES), "1048576 bytes (1 MiB)");
        assert_eq!(describe_bytes(MAX_LONG_TEXT_BYTES), "65536 bytes (64 KiB)");
        assert_eq!(describe_bytes(1000), "1000 bytes");
    }
}
