//! Bundles split into parts, for sticks whose file system caps a file at 4 GiB (FAT32).
//!
//! A bundle larger than the part size is written as numbered pieces of the *same* age
//! stream: `NAME.001-of-003`, `NAME.002-of-003`, `NAME.003-of-003`. Every part but the last
//! has exactly the part size; joined in name order (`cat NAME.*`) they are the bundle,
//! byte for byte, so `age` and `tar` recover it without fieldvault. This module names the
//! parts, finds the parts of a bundle in a folder, checks that they are all there, in
//! order and of the right sizes before anything is decrypted, and reads them back as one
//! stream. A bundle within the part size stays one file named `NAME`, as before.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::explain::{Explain, Explanation};

/// The largest file FAT32 can hold (4 GiB − 1 byte): the default part size.
pub const DEFAULT_PART_SIZE: u64 = 4 * 1024 * 1024 * 1024 - 1;
/// The smallest part size accepted (64 KiB, the smallest bundle's size): tests use it to
/// split small bundles on the same code path a 4 GiB split takes.
pub const MIN_PART_SIZE: u64 = 64 * 1024;

/// How large each part of a split bundle may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartSize(u64);

impl PartSize {
    /// FAT32's limit, [`DEFAULT_PART_SIZE`].
    pub const FAT32: PartSize = PartSize(DEFAULT_PART_SIZE);
    /// No splitting at all (a bundle never reaches this size).
    pub const UNLIMITED: PartSize = PartSize(u64::MAX);

    /// A size in bytes, at least [`MIN_PART_SIZE`].
    pub fn bytes(bytes: u64) -> Result<PartSize, PartSizeError> {
        if bytes < MIN_PART_SIZE {
            return Err(PartSizeError::TooSmall { bytes });
        }
        Ok(PartSize(bytes))
    }

    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for PartSize {
    fn default() -> Self {
        PartSize::FAT32
    }
}

impl std::str::FromStr for PartSize {
    type Err = PartSizeError;

    /// A number of bytes with an optional binary unit: `4294967295`, `100MiB`, `4GiB`,
    /// `64KiB` (`K`, `M`, `G`, `T` and `KB`… mean the same binary units).
    fn from_str(text: &str) -> Result<PartSize, PartSizeError> {
        let invalid = || PartSizeError::NotASize {
            text: text.to_owned(),
        };
        let trimmed = text.trim();
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let (number, unit) = trimmed.split_at(digits);
        let number: u64 = number.parse().map_err(|_| invalid())?;
        let shift = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "k" | "kb" | "kib" => 10,
            "m" | "mb" | "mib" => 20,
            "g" | "gb" | "gib" => 30,
            "t" | "tb" | "tib" => 40,
            _ => return Err(invalid()),
        };
        let bytes = number.checked_mul(1 << shift).ok_or_else(invalid)?;
        PartSize::bytes(bytes)
    }
}

/// A part size that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartSizeError {
    NotASize { text: String },
    TooSmall { bytes: u64 },
}

impl Explain for PartSizeError {
    fn explain(&self) -> Explanation {
        match self {
            PartSizeError::NotASize { text } => Explanation::new("part-size-not-a-size").text("text", text),
            PartSizeError::TooSmall { bytes } => Explanation::new("part-size-too-small")
                .number("bytes", *bytes as f64)
                .number("min", MIN_PART_SIZE as f64),
        }
    }
}

crate::explain::display_in_english!(PartSizeError);

/// The name of part `number` of `count` of the bundle `base`: the numbers have at least
/// three digits and as many as `count` needs, so the names of one bundle sort in order.
pub fn part_file_name(base: &str, number: u32, count: u32) -> String {
    let width = width_for(count);
    format!("{base}.{number:0width$}-of-{count:0width$}")
}

fn width_for(count: u32) -> usize {
    count.to_string().len().max(3)
}

/// A file name read as a part's: the bundle's name, the part's number and the count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartName {
    pub base: String,
    pub number: u32,
    pub count: u32,
}

/// Reads `name` as [`part_file_name`] writes it, or `None`.
pub fn parse_part_name(name: &str) -> Option<PartName> {
    let (base, suffix) = name.rsplit_once('.')?;
    let (number, count) = suffix.split_once("-of-")?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if base.is_empty() || base.starts_with('.') || !digits(number) || !digits(count) {
        return None;
    }
    let (n, c): (u32, u32) = (number.parse().ok()?, count.parse().ok()?);
    let width = width_for(c);
    if n == 0 || c == 0 || number.len() != width || count.len() != width {
        return None;
    }
    Some(PartName {
        base: base.to_owned(),
        number: n,
        count: c,
    })
}

/// Why the parts of a bundle found on a stick cannot be joined. Names are the stick's file
/// names (random hexadecimal), never content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartsError {
    /// Part `part` of `count` is not in the folder.
    Missing { name: String, part: u32, count: u32 },
    /// A part numbered beyond the count its name gives.
    Extra { name: String, part: u32, count: u32 },
    /// Parts of one name that give different counts: two exports mixed.
    Mixed { name: String, counts: (u32, u32) },
    /// A part (not the last) of another size than the others, or a last part larger than
    /// them or empty: cut short, renamed or out of order.
    WrongSize {
        name: String,
        part: u32,
        count: u32,
        size: u64,
        expected: u64,
    },
}

impl Explain for PartsError {
    fn explain(&self) -> Explanation {
        match self {
            PartsError::Missing { name, part, count } => Explanation::new("parts-missing")
                .text("name", name)
                .number("part", *part)
                .number("count", *count),
            PartsError::Extra { name, part, count } => Explanation::new("parts-extra")
                .text("name", name)
                .text("file", part_file_name(name, *part, *count))
                .number("part", *part)
                .number("count", *count),
            PartsError::Mixed { name, counts } => Explanation::new("parts-mixed")
                .text("name", name)
                .number("first", counts.0)
                .number("second", counts.1),
            PartsError::WrongSize {
                name,
                part,
                count,
                size,
                expected,
            } => Explanation::new("parts-wrong-size")
                .text("name", name)
                .text(
                    "which",
                    match (part == count, *size) {
                        (true, 0) => "empty",
                        (true, _) => "last",
                        (false, _) => "other",
                    },
                )
                .number("part", *part)
                .number("count", *count)
                .number("size", *size as f64)
                .number("expected", *expected as f64),
        }
    }
}

crate::explain::display_in_english!(PartsError);

/// The files that make up one bundle on a stick, in order: one file, or all its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFiles {
    /// The bundle's name: the file's, or the parts' common name.
    pub name: String,
    /// Each file and its size, in the order they join.
    pub files: Vec<(PathBuf, u64)>,
    /// Whether these are parts (`NAME.001-of-…`) rather than one file.
    pub split: bool,
}

impl BundleFiles {
    /// The bundle's whole length.
    pub fn len(&self) -> u64 {
        self.files.iter().map(|(_, size)| size).sum()
    }

    /// Never true for a bundle found on a stick; for completeness.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|(path, _)| path.as_path())
    }

    /// The joined stream of the files, opened one after the other.
    pub fn reader(&self) -> JoinedReader {
        JoinedReader {
            files: self.files.clone(),
            next: 0,
            current: None,
        }
    }
}

/// How a path given to an import or a wipe is resolved: an error in the parts set, or
/// a file system error.
#[derive(Debug)]
pub enum LocateError {
    Parts(PartsError),
    Io(PathBuf, io::Error),
}

/// The bundle `path` belongs to: `path` itself, or, when it is a part (or the common name
/// of parts that are there), every part of it in its folder, checked as [`check_parts`]
/// does.
pub fn locate(path: &Path) -> Result<BundleFiles, LocateError> {
    let name = crate::disk::atomic::file_name_of(path);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = match parse_part_name(&name) {
        Some(part) => part.base,
        None => match std::fs::metadata(path) {
            Ok(meta) => {
                return Ok(BundleFiles {
                    name,
                    files: vec![(path.to_path_buf(), meta.len())],
                    split: false,
                });
            }
            // The parts' common name, typed as a bundle's.
            Err(e) if e.kind() == io::ErrorKind::NotFound => name,
            Err(e) => return Err(LocateError::Io(path.to_path_buf(), e)),
        },
    };
    let found = parts_in(&dir, &base).map_err(|e| LocateError::Io(dir.clone(), e))?;
    if found.is_empty() {
        return Err(LocateError::Io(
            path.to_path_buf(),
            io::Error::new(io::ErrorKind::NotFound, "no such file"),
        ));
    }
    check_parts(&base, &found).map_err(LocateError::Parts)?;
    Ok(BundleFiles {
        name: base,
        files: found.into_iter().map(|(path, _, size)| (path, size)).collect(),
        split: true,
    })
}

/// Every regular file in `dir` named as a part of `base`, with its name read and its size,
/// sorted by name.
pub fn parts_in(dir: &Path, base: &str) -> io::Result<Vec<(PathBuf, PartName, u64)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(part) = parse_part_name(&name).filter(|p| p.base == base) else {
            continue;
        };
        let meta = std::fs::symlink_metadata(entry.path())?;
        if meta.is_file() {
            found.push((entry.path(), part, meta.len()));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Checks that `found` (sorted by name) is exactly parts 1 to N of one export: one count,
/// no part missing or beyond the count, every part but the last of one size, the last
/// one not empty and not larger. What it cannot see (a part swapped for another of the
/// same size) the decryption refuses later, since age authenticates every 64 KiB.
pub fn check_parts(base: &str, found: &[(PathBuf, PartName, u64)]) -> Result<(), PartsError> {
    let name = base.to_owned();
    let Some(count) = found.first().map(|(_, p, _)| p.count) else {
        return Err(PartsError::Missing {
            name,
            part: 1,
            count: 1,
        });
    };
    if let Some((_, other, _)) = found.iter().find(|(_, p, _)| p.count != count) {
        let mut counts = (count, other.count);
        if counts.0 > counts.1 {
            counts = (counts.1, counts.0);
        }
        return Err(PartsError::Mixed { name, counts });
    }
    if let Some((_, extra, _)) = found.iter().find(|(_, p, _)| p.number > count) {
        return Err(PartsError::Extra {
            name,
            part: extra.number,
            count,
        });
    }
    let size_of = |n: u32| found.iter().find(|(_, p, _)| p.number == n).map(|(_, _, s)| *s);
    if let Some(part) = (1..=count).find(|&n| size_of(n).is_none()) {
        return Err(PartsError::Missing { name, part, count });
    }
    let sizes: Vec<u64> = (1..=count).filter_map(size_of).collect();
    let (body, last) = sizes.split_at(sizes.len() - 1);
    // The part size is the one most parts before the last have (the first's on a tie),
    // so the message names the odd part out rather than its neighbours.
    let expected = body
        .iter()
        .max_by_key(|&&s| (body.iter().filter(|&&t| t == s).count(), s == body[0]))
        .copied()
        .unwrap_or(last[0]);
    let wrong = |part: usize, size: u64| PartsError::WrongSize {
        name: name.clone(),
        part: part as u32 + 1,
        count,
        size,
        expected,
    };
    if let Some((i, &size)) = body.iter().enumerate().find(|&(_, &s)| s != expected) {
        return Err(wrong(i, size));
    }
    if last[0] == 0 || last[0] > expected {
        return Err(wrong(body.len(), last[0]));
    }
    Ok(())
}

/// Reads files one after the other as one stream, opening each only when the one before
/// is used up; a file that is not the size it had when it was listed is an error (a copy
/// still in progress), never a silently shorter or longer stream.
pub struct JoinedReader {
    files: Vec<(PathBuf, u64)>,
    next: usize,
    current: Option<(File, u64)>,
}

impl Read for JoinedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.current.is_none() {
                let Some((path, _)) = self.files.get(self.next) else {
                    return Ok(0);
                };
                self.current = Some((File::open(path)?, 0));
            }
            let (file, read) = self.current.as_mut().expect("opened above");
            let n = file.read(buf)?;
            *read += n as u64;
            let expected = self.files[self.next].1;
            if *read > expected || (n == 0 && *read != expected) {
                return Err(io::Error::other(format!(
                    "{} changed size while it was read",
                    self.files[self.next].0.display()
                )));
            }
            if n > 0 {
                return Ok(n);
            }
            self.current = None;
            self.next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_sort_in_order_and_say_the_count() {
        assert_eq!(part_file_name("ab12", 2, 3), "ab12.002-of-003");
        assert_eq!(part_file_name("ab12", 7, 1200), "ab12.0007-of-1200");
        let mut names: Vec<String> = (1..=12).rev().map(|n| part_file_name("x", n, 12)).collect();
        names.sort();
        let numbers: Vec<u32> = names.iter().map(|n| parse_part_name(n).unwrap().number).collect();
        assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
        assert_eq!(
            parse_part_name("ab12.002-of-003"),
            Some(PartName {
                base: "ab12".into(),
                number: 2,
                count: 3
            })
        );
        for not_a_part in [
            "ab12",
            "ab12.2-of-3",
            "ab12.0002-of-0003",
            "ab12.000-of-003",
            ".ab12.001-of-003",
            ".001-of-003",
            "ab12.001-of-003.partial",
            "ab12.00a-of-003",
            "ab12.receipt",
        ] {
            assert_eq!(parse_part_name(not_a_part), None, "{not_a_part}");
        }
    }

    #[test]
    fn part_sizes_parse_with_binary_units() {
        let size = |s: &str| s.parse::<PartSize>().map(PartSize::get);
        assert_eq!(size("4GiB"), Ok(4 << 30));
        assert_eq!(size("100MiB"), Ok(100 << 20));
        assert_eq!(size("64kib"), Ok(64 << 10));
        assert_eq!(size("2 G"), Ok(2 << 30));
        assert_eq!(size("4294967295"), Ok(DEFAULT_PART_SIZE));
        assert_eq!(size("1KiB"), Err(PartSizeError::TooSmall { bytes: 1024 }));
        for bad in ["", "GiB", "4 GB x", "-1", "1.5GiB", "99999999999TiB"] {
            assert!(matches!(size(bad), Err(PartSizeError::NotASize { .. })), "{bad}");
        }
        assert_eq!(PartSize::default().get(), 4_294_967_295);
    }

    fn set(parts: &[(u32, u32, u64)]) -> Vec<(PathBuf, PartName, u64)> {
        parts
            .iter()
            .map(|&(number, count, size)| {
                (
                    PathBuf::from(part_file_name("b", number, count)),
                    PartName {
                        base: "b".into(),
                        number,
                        count,
                    },
                    size,
                )
            })
            .collect()
    }

    #[test]
    fn a_complete_set_passes_and_each_fault_is_named() {
        assert_eq!(
            check_parts("b", &set(&[(1, 3, 10), (2, 3, 10), (3, 3, 4)])),
            Ok(())
        );
        assert_eq!(check_parts("b", &set(&[(1, 2, 10), (2, 2, 10)])), Ok(()));
        let missing = check_parts("b", &set(&[(1, 3, 10), (3, 3, 4)])).unwrap_err();
        assert_eq!(
            missing,
            PartsError::Missing {
                name: "b".into(),
                part: 2,
                count: 3
            }
        );
        assert_eq!(
            missing.to_string(),
            "part 2 of 3 of b is missing; copy every part of the bundle from the stick, then import again"
        );
        assert!(matches!(
            check_parts("b", &set(&[(1, 2, 10), (2, 2, 4), (3, 2, 4)])),
            Err(PartsError::Extra {
                part: 3,
                count: 2,
                ..
            })
        ));
        assert!(matches!(
            check_parts("b", &set(&[(1, 2, 10), (2, 3, 10), (3, 3, 4)])),
            Err(PartsError::Mixed { counts: (2, 3), .. })
        ));
        // The short last part moved into the middle: that part is named.
        assert!(matches!(
            check_parts("b", &set(&[(1, 4, 10), (2, 4, 4), (3, 4, 10), (4, 4, 10)])),
            Err(PartsError::WrongSize {
                part: 2,
                size: 4,
                expected: 10,
                ..
            })
        ));
        assert!(matches!(
            check_parts("b", &set(&[(1, 2, 10), (2, 2, 11)])),
            Err(PartsError::WrongSize { part: 2, .. })
        ));
        assert!(matches!(
            check_parts("b", &set(&[(1, 2, 10), (2, 2, 0)])),
            Err(PartsError::WrongSize { part: 2, .. })
        ));
    }

    #[test]
    fn parts_are_found_beside_any_one_of_them_and_read_as_one_stream() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..250u32).map(|i| i as u8).collect();
        for (i, chunk) in bytes.chunks(100).enumerate() {
            std::fs::write(dir.path().join(part_file_name("b", i as u32 + 1, 3)), chunk).unwrap();
        }
        std::fs::write(dir.path().join("other"), b"x").unwrap();
        std::fs::write(dir.path().join(part_file_name("c", 1, 2)), b"x").unwrap();
        for given in ["b.002-of-003", "b"] {
            let found = locate(&dir.path().join(given)).unwrap();
            assert!(found.split);
            assert_eq!(found.name, "b");
            assert_eq!(found.files.len(), 3);
            assert_eq!(found.len(), 250);
            let mut joined = Vec::new();
            found.reader().read_to_end(&mut joined).unwrap();
            assert_eq!(joined, bytes);
        }
        let single = locate(&dir.path().join("other")).unwrap();
        assert!(!single.split);
        assert!(matches!(
            locate(&dir.path().join("c.001-of-002")),
            Err(LocateError::Parts(PartsError::Missing { part: 2, .. }))
        ));

        // A part that grows after it was listed stops the stream.
        let found = locate(&dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b.001-of-003"), [0u8; 101]).unwrap();
        let mut joined = Vec::new();
        let error = found.reader().read_to_end(&mut joined).unwrap_err();
        assert!(error.to_string().contains("changed size"), "{error}");
    }
}
