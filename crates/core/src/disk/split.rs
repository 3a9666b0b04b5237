//! One stream written into numbered files of at most a given size each.
//!
//! Export writes a bundle through this so that a bundle larger than a FAT32 stick's file
//! limit lands as several files. Each file but the last is filled to exactly the part size;
//! the next file is created only when a byte is left for it (so there is never an empty
//! last file), and a file is flushed to the medium (`fsync`) as soon as it is full. The
//! caller names the files (temporary names), syncs the last one, renames them all and
//! syncs the folder, as with any atomic write.

use std::fs::File;
use std::io::{self, Write};
use std::path::PathBuf;

use super::atomic::create_private;

/// Where part `n` (1-based) goes.
pub type PartPath = Box<dyn Fn(u32) -> PathBuf + Send>;

/// Writes into part files of at most `part_size` bytes each.
pub struct SplitWriter {
    part_size: u64,
    path_of: PartPath,
    /// The parts filled and synced, with their sizes.
    done: Vec<(PathBuf, u64)>,
    /// The part being written: its path, file and size so far.
    current: (PathBuf, File, u64),
}

/// What a [`SplitWriter`] wrote: every part with its size, in order; the last part's file
/// is still open and not yet synced.
pub struct Split {
    pub parts: Vec<(PathBuf, u64)>,
    pub last: File,
}

impl SplitWriter {
    /// Starts with `first`, already created at `first_path` (part 1); later parts are
    /// created (owner-only, never over an existing file) at `path_of(n)`.
    pub fn new(first_path: PathBuf, first: File, part_size: u64, path_of: PartPath) -> SplitWriter {
        SplitWriter {
            part_size: part_size.max(1),
            path_of,
            done: Vec::new(),
            current: (first_path, first, 0),
        }
    }

    /// Flushes the last part's buffers and hands back the parts.
    pub fn finish(mut self) -> io::Result<Split> {
        self.current.1.flush()?;
        let (path, last, len) = self.current;
        self.done.push((path, len));
        Ok(Split {
            parts: self.done,
            last,
        })
    }
}

impl Write for SplitWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.current.2 == self.part_size {
            self.current.1.sync_all()?;
            let number = self.done.len() as u32 + 2;
            let path = (self.path_of)(number);
            let file = create_private(&path)?;
            let (full_path, _, len) = std::mem::replace(&mut self.current, (path, file, 0));
            self.done.push((full_path, len));
        }
        let room = (self.part_size - self.current.2).min(buf.len() as u64) as usize;
        let n = self.current.1.write(&buf[..room])?;
        self.current.2 += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.current.1.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(bytes: &[u8], part_size: u64, piece: usize) -> (tempfile::TempDir, Split) {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().to_path_buf();
        let first = base.join("p1");
        let file = create_private(&first).unwrap();
        let mut writer = SplitWriter::new(
            first,
            file,
            part_size,
            Box::new(move |n| base.join(format!("p{n}"))),
        );
        for chunk in bytes.chunks(piece) {
            writer.write_all(chunk).unwrap();
        }
        let done = writer.finish().unwrap();
        (dir, done)
    }

    #[test]
    fn parts_are_full_but_the_last_and_join_to_the_stream() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        for (part_size, piece, parts) in [
            (300, 7, 4),
            (300, 1000, 4),
            (250, 64, 4),
            (1000, 3, 1),
            (5000, 10, 1),
        ] {
            let (_dir, done) = split(&bytes, part_size, piece);
            assert_eq!(done.parts.len(), parts, "{part_size} {piece}");
            let mut joined = Vec::new();
            for (i, (path, len)) in done.parts.iter().enumerate() {
                let content = std::fs::read(path).unwrap();
                assert_eq!(content.len() as u64, *len);
                if i + 1 < parts {
                    assert_eq!(*len, part_size);
                }
                assert!(*len > 0 && *len <= part_size);
                joined.extend(content);
            }
            assert_eq!(joined, bytes);
        }
    }

    #[test]
    fn an_exact_multiple_leaves_no_empty_last_part() {
        let (dir, done) = split(&[7u8; 600], 300, 64);
        assert_eq!(done.parts.len(), 2);
        assert!(!dir.path().join("p3").exists());
    }

    #[test]
    fn a_part_that_exists_already_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p2"), b"keep").unwrap();
        let first = dir.path().join("p1");
        let file = create_private(&first).unwrap();
        let base = dir.path().to_path_buf();
        let mut writer = SplitWriter::new(first, file, 4, Box::new(move |n| base.join(format!("p{n}"))));
        let error = writer.write_all(b"123456").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(dir.path().join("p2")).unwrap(), b"keep");
    }
}
