//! The tar layer: a minimal ustar writer and a strict, streaming ustar reader.
//!
//! Why this exists: bundles are tar archives so that `tar -xf` opens them anywhere, but a
//! general tar reader is the wrong tool for files an attacker may craft: it follows pax and
//! GNU extensions that rename entries, knows links and devices, and skips what it does not
//! understand. Our archives are tiny in vocabulary (a few regular files, in a fixed order,
//! with fixed metadata), so the reader here accepts exactly that and names each refusal. It
//! never touches the file system: names are only compared with the names we expect.
//!
//! Headers are written with `tar::Header` (POSIX ustar, mode 0600, uid/gid 0, empty user and
//! group names, mtime 0) so that nothing about the device or the time leaks outside the
//! encrypted, signed content.

use std::io::{self, Read, Write};

use super::padme::padme;
use super::{BundleError, Doc};

/// The tar block size.
pub(crate) const BLOCK: u64 = 512;
/// The end-of-archive marker: two zero blocks.
const END_LEN: u64 = 2 * BLOCK;
/// Name of the final padding entry.
pub(crate) const PADDING_NAME: &str = "padding";

/// `n` rounded up to a whole number of blocks.
pub(crate) fn round_up_block(n: u64) -> u64 {
    n.div_ceil(BLOCK).saturating_mul(BLOCK)
}

/// The shortest archive written: a bundle of one short interview, or a receipt, is as long
/// as one of a dozen, so a small file on a stick says nothing about what it holds.
pub(crate) const MIN_ARCHIVE: u64 = 64 * 1024;

/// Bytes of zeros in the `padding` entry whose header starts at `offset`, so that the whole
/// archive (padding header, padding, end marker included) is
/// `round_up_block(max(padme(base), MIN_ARCHIVE))` bytes long, where `base` is the archive
/// length with an empty padding entry.
pub(crate) fn padding_len(offset: u64) -> u64 {
    let base = offset + BLOCK + END_LEN;
    round_up_block(padme(base).max(MIN_ARCHIVE)) - base
}

/// The padding written before the minimum existed (fieldvault before 2026-12): readers
/// still accept it, so bundles and receipts already on sticks are not refused.
pub(crate) fn padding_len_without_minimum(offset: u64) -> u64 {
    let base = offset + BLOCK + END_LEN;
    round_up_block(padme(base)) - base
}

/// True when `size` is a padding length a fieldvault writer produces at `offset`.
pub(crate) fn padding_is_written_form(offset: u64, size: u64) -> bool {
    size == padding_len(offset) || size == padding_len_without_minimum(offset)
}

/// A ustar header for a regular file with our fixed metadata. `name` must fit in the
/// 100-byte name field (all our names do; checked by callers and tests).
pub(crate) fn regular_header(name: &str, size: u64) -> tar::Header {
    debug_assert!(name.len() < 100 && name.is_ascii());
    let mut h = tar::Header::new_ustar();
    h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
    h.set_mode(0o600);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(0);
    h.set_size(size);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    h
}

/// Writes entries and tracks the archive length.
pub(crate) struct TarWriter<W: Write> {
    out: W,
    pos: u64,
}

impl<W: Write> TarWriter<W> {
    pub(crate) fn new(out: W) -> Self {
        TarWriter { out, pos: 0 }
    }

    /// Writes a raw header block (the corpus uses this for hostile headers).
    pub(crate) fn raw_header(&mut self, header: &tar::Header) -> io::Result<()> {
        self.out.write_all(header.as_bytes())?;
        self.pos += BLOCK;
        Ok(())
    }

    /// Writes `data` and the zeros that complete its last block.
    pub(crate) fn body(&mut self, data: &[u8]) -> io::Result<()> {
        self.out.write_all(data)?;
        self.zeros(round_up_block(data.len() as u64) - data.len() as u64)?;
        self.pos += data.len() as u64;
        Ok(())
    }

    pub(crate) fn zeros(&mut self, mut n: u64) -> io::Result<()> {
        let zero = [0u8; 8192];
        while n > 0 {
            let k = n.min(zero.len() as u64) as usize;
            self.out.write_all(&zero[..k])?;
            self.pos += k as u64;
            n -= k as u64;
        }
        Ok(())
    }

    /// Appends one regular file.
    pub(crate) fn append(&mut self, name: &str, data: &[u8]) -> io::Result<()> {
        self.raw_header(&regular_header(name, data.len() as u64))?;
        self.body(data)
    }

    /// Appends the `padding` entry for the current length, then the end-of-archive marker.
    /// Returns the output and the archive length.
    /// An entry of `size` bytes taken from `data` as they are written (an attachment, never
    /// whole in memory); fails if `data` ends early or has more.
    pub(crate) fn append_from(&mut self, name: &str, size: u64, data: &mut dyn Read) -> io::Result<()> {
        self.raw_header(&regular_header(name, size))?;
        let mut piece = zeroize::Zeroizing::new(vec![0u8; 256 * 1024]);
        let mut left = size;
        while left > 0 {
            let want = left.min(piece.len() as u64) as usize;
            data.read_exact(&mut piece[..want])?;
            self.out.write_all(&piece[..want])?;
            self.pos += want as u64;
            left -= want as u64;
        }
        if data.read(&mut piece[..1])? != 0 {
            return Err(io::Error::other(format!("{name} is longer than recorded")));
        }
        self.zeros(round_up_block(size) - size)
    }

    pub(crate) fn finish_padded(mut self) -> io::Result<(W, u64)> {
        let pad = padding_len(self.pos);
        self.raw_header(&regular_header(PADDING_NAME, pad))?;
        self.zeros(pad)?;
        self.zeros(END_LEN)?;
        Ok((self.out, self.pos))
    }
}

/// One entry's header, after every structural check.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EntryHeader {
    pub(crate) name: String,
    pub(crate) size: u64,
    /// Archive offset of the header block.
    pub(crate) offset: u64,
}

/// Reads a strict ustar stream from `R` with a hard total length limit.
pub(crate) struct TarReader<R: Read> {
    inner: R,
    pos: u64,
    limit: u64,
    doc: Doc,
}

impl<R: Read> TarReader<R> {
    pub(crate) fn new(inner: R, limit: u64, doc: Doc) -> Self {
        TarReader {
            inner,
            pos: 0,
            limit,
            doc,
        }
    }

    fn hostile(&self, detail: impl Into<String>) -> BundleError {
        BundleError::hostile(self.doc, detail)
    }

    fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), BundleError> {
        self.inner
            .read_exact(buf)
            .map_err(|e| BundleError::from_read(self.doc, e))?;
        self.pos += buf.len() as u64;
        Ok(())
    }

    /// The next entry's header, or `None` at the first zero block (end of archive).
    pub(crate) fn next_header(&mut self) -> Result<Option<EntryHeader>, BundleError> {
        let offset = self.pos;
        if offset + BLOCK > self.limit {
            return Err(self.too_large());
        }
        let mut block = [0u8; BLOCK as usize];
        self.read_exact(&mut block)?;
        if block.iter().all(|&b| b == 0) {
            return Ok(None);
        }
        let (name, size) = parse_header(&block).map_err(|d| self.hostile(d))?;
        if offset + BLOCK + round_up_block(size) + END_LEN > self.limit {
            return Err(self.too_large());
        }
        Ok(Some(EntryHeader { name, size, offset }))
    }

    fn too_large(&self) -> BundleError {
        self.hostile(format!(
            "the archive inside is larger than the limit of {} bytes",
            self.limit
        ))
    }

    /// Reads an entry's body (at most `max` bytes, checked by the caller against the header),
    /// feeding it to `sink` in pieces, then checks that the rest of its last block is zero.
    pub(crate) fn body(&mut self, size: u64, mut sink: impl FnMut(&[u8])) -> Result<(), BundleError> {
        let mut buf = vec![0u8; 64 * 1024];
        let mut left = size;
        while left > 0 {
            let k = left.min(buf.len() as u64) as usize;
            self.read_exact(&mut buf[..k])?;
            sink(&buf[..k]);
            left -= k as u64;
        }
        let fill = (round_up_block(size) - size) as usize;
        self.read_exact(&mut buf[..fill])?;
        if buf[..fill].iter().any(|&b| b != 0) {
            return Err(self.hostile("hidden data after the end of an entry"));
        }
        Ok(())
    }

    /// Reads a body into memory. `size` must already be checked against a small limit.
    pub(crate) fn body_vec(&mut self, size: u64) -> Result<Vec<u8>, BundleError> {
        let mut out = Vec::with_capacity(size.min(1024 * 1024) as usize);
        self.body(size, |piece| out.extend_from_slice(piece))?;
        Ok(out)
    }

    /// After the first zero block: requires the second one, then reads to the end of the
    /// stream, accepting only zero blocks. Reaching the end without an error is what proves
    /// (for an age stream) that the file is complete and authentic.
    pub(crate) fn finish(mut self) -> Result<(), BundleError> {
        let mut buf = vec![0u8; 64 * 1024];
        let mut second = [0u8; BLOCK as usize];
        self.read_exact(&mut second).map_err(|e| match e.kind() {
            super::ErrorKind::Hostile => self.hostile("the archive's end-of-archive marker is incomplete"),
            _ => e,
        })?;
        if second.iter().any(|&b| b != 0) {
            return Err(self.hostile("data after the end of the archive"));
        }
        loop {
            let n = match self.inner.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(BundleError::from_read(self.doc, e)),
            };
            self.pos += n as u64;
            if buf[..n].iter().any(|&b| b != 0) {
                return Err(self.hostile("data after the end of the archive"));
            }
            if self.pos > self.limit {
                return Err(self.too_large());
            }
        }
        if !self.pos.is_multiple_of(BLOCK) {
            return Err(self.hostile("the archive does not end on a block boundary"));
        }
        Ok(())
    }
}

/// Checks one non-zero header block; returns (name, size) or the reason it is refused.
fn parse_header(block: &[u8; BLOCK as usize]) -> Result<(String, u64), &'static str> {
    let stored = parse_octal(&block[148..156]).ok_or("a tar header's checksum field is invalid")?;
    let computed: u64 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| if (148..156).contains(&i) { 32 } else { u64::from(b) })
        .sum();
    if stored != computed {
        return Err("a tar header's checksum is wrong");
    }
    match block[156] {
        b'0' => {}
        b'1' => return Err("an entry is a hard link; only regular files are allowed"),
        b'2' => return Err("an entry is a symbolic link; only regular files are allowed"),
        b'3' | b'4' => return Err("an entry is a device file; only regular files are allowed"),
        b'5' => return Err("an entry is a directory; only regular files are allowed"),
        b'6' => return Err("an entry is a FIFO; only regular files are allowed"),
        b'x' | b'g' => {
            return Err("an entry is a pax extended header, which could change names or sizes");
        }
        b'L' | b'K' => return Err("an entry is a GNU long-name header, which could change names"),
        _ => return Err("an entry has an unknown type; only regular files are allowed"),
    }
    if &block[257..263] != b"ustar\0" || &block[263..265] != b"00" {
        return Err("a tar header is not in the POSIX ustar format");
    }
    if block[345..500].iter().any(|&b| b != 0) {
        return Err("an entry name uses the ustar prefix field (a long name)");
    }
    let field = &block[..100];
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    if field[end..].iter().any(|&b| b != 0) {
        return Err("an entry name has hidden bytes after its end");
    }
    let name = std::str::from_utf8(&field[..end]).map_err(|_| "an entry name is not UTF-8")?;
    if name.is_empty() {
        return Err("an entry has an empty name");
    }
    if name.starts_with('/') {
        return Err("an entry has an absolute path");
    }
    if name.split(['/', '\\']).any(|c| c == "..") {
        return Err("an entry name contains '..' (path traversal)");
    }
    if name.chars().any(|c| c.is_control() || c == '\\') {
        return Err("an entry name contains control characters or backslashes");
    }
    let size = parse_octal(&block[124..136]).ok_or("an entry's size field is invalid")?;
    if name.len() >= 100 || !name.is_ascii() {
        return Err("an entry name is longer or other than any fieldvault writes");
    }
    // Every header must be byte for byte what the writer produces for this name and size:
    // no mode, owner, time or link name can ride along (docs/bundle-format.md).
    let expected = regular_header(name, size);
    let expected = expected.as_bytes();
    if block[..] != expected[..] {
        const FIELDS: [(std::ops::Range<usize>, &str); 8] = [
            (100..108, "a tar header has a file mode other than 0600"),
            (108..124, "a tar header names an owner (uid or gid other than 0)"),
            (136..148, "a tar header carries a timestamp"),
            (157..257, "a tar header has a link name"),
            (265..329, "a tar header names a user or group"),
            (329..345, "a tar header has device numbers"),
            (
                124..136,
                "a tar header writes its size in a form fieldvault never writes",
            ),
            (
                0..512,
                "a tar header differs from the exact form fieldvault writes",
            ),
        ];
        let differs = |range: &std::ops::Range<usize>| block[range.clone()] != expected[range.clone()];
        return Err(FIELDS.iter().find(|(range, _)| differs(range)).map_or(
            "a tar header differs from the exact form fieldvault writes",
            |(_, why)| why,
        ));
    }
    Ok((name.to_owned(), size))
}

/// Strict octal number field: optional leading spaces, octal digits, then NULs or spaces.
/// GNU base-256 numbers (high bit set) are refused: we never write them.
fn parse_octal(field: &[u8]) -> Option<u64> {
    let start = field.iter().position(|&b| b != b' ')?;
    let digits_end = field[start..]
        .iter()
        .position(|&b| !(b'0'..=b'7').contains(&b))
        .map_or(field.len(), |p| start + p);
    if digits_end == start || field[digits_end..].iter().any(|&b| b != 0 && b != b' ') {
        return None;
    }
    let mut n: u64 = 0;
    for &d in &field[start..digits_end] {
        n = n.checked_mul(8)?.checked_add(u64::from(d - b'0'))?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::ErrorKind;

    fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = TarWriter::new(Vec::new());
        for (name, data) in entries {
            w.append(name, data).unwrap();
        }
        let (out, len) = w.finish_padded().unwrap();
        assert_eq!(out.len() as u64, len);
        out
    }

    fn header_with(mutate: impl FnOnce(&mut tar::Header)) -> [u8; 512] {
        let mut h = regular_header("interviews/a.json", 3);
        mutate(&mut h);
        h.set_cksum();
        *h.as_bytes()
    }

    fn refusal(block: [u8; 512]) -> &'static str {
        parse_header(&block).unwrap_err()
    }

    #[test]
    fn written_archives_read_back_and_are_padded() {
        let data = b"{\"x\":1}\n".to_vec();
        let bytes = archive(&[("a", &data), ("interviews/b.json", b"")]);
        assert_eq!(bytes.len() as u64 % BLOCK, 0);
        let mut r = TarReader::new(&bytes[..], 1 << 20, Doc::Bundle);
        let h = r.next_header().unwrap().unwrap();
        assert_eq!((h.name.as_str(), h.size, h.offset), ("a", 8, 0));
        assert_eq!(r.body_vec(h.size).unwrap(), data);
        let h = r.next_header().unwrap().unwrap();
        assert_eq!((h.name.as_str(), h.size), ("interviews/b.json", 0));
        r.body_vec(0).unwrap();
        let h = r.next_header().unwrap().unwrap();
        assert_eq!(h.name, PADDING_NAME);
        assert_eq!(h.size, padding_len(h.offset));
        let pad = r.body_vec(h.size).unwrap();
        assert!(pad.iter().all(|&b| b == 0));
        assert!(r.next_header().unwrap().is_none());
        r.finish().unwrap();
    }

    #[test]
    fn headers_leak_nothing() {
        let h = regular_header("manifest.json", 10);
        assert_eq!(h.mode().unwrap(), 0o600);
        assert_eq!(h.uid().unwrap(), 0);
        assert_eq!(h.gid().unwrap(), 0);
        assert_eq!(h.mtime().unwrap(), 0);
        assert_eq!(h.username_bytes(), Some(&b""[..]));
        assert_eq!(h.groupname_bytes(), Some(&b""[..]));
        assert_eq!(&h.as_bytes()[257..265], b"ustar\x0000");
    }

    #[test]
    fn total_lengths_follow_padme() {
        for n in [0usize, 1, 511, 512, 5000, 100_000, 1_000_000] {
            let data = vec![b'a'; n];
            let len = archive(&[("x", &data)]).len() as u64;
            let base = 2 * BLOCK + round_up_block(n as u64) + END_LEN;
            assert_eq!(len, round_up_block(padme(base).max(MIN_ARCHIVE)), "n = {n}");
            assert!(len >= MIN_ARCHIVE, "n = {n}: every archive is at least 64 KiB");
        }
    }

    #[test]
    fn every_kind_of_bad_header_is_named() {
        use tar::EntryType as T;
        for (ty, word) in [
            (T::Link, "hard link"),
            (T::Symlink, "symbolic link"),
            (T::Char, "device"),
            (T::Block, "device"),
            (T::Directory, "directory"),
            (T::Fifo, "FIFO"),
            (T::XHeader, "pax"),
            (T::XGlobalHeader, "pax"),
            (T::GNULongName, "GNU long-name"),
            (T::GNULongLink, "GNU long-name"),
            (T::Continuous, "unknown type"),
        ] {
            let msg = refusal(header_with(|h| h.set_entry_type(ty)));
            assert!(msg.contains(word), "{ty:?}: {msg}");
        }
        // Old-style regular files (type NUL) are not what we write either.
        let msg = refusal(header_with(|h| h.as_mut_bytes()[156] = 0));
        assert!(msg.contains("unknown type"), "{msg}");
        let named = |name: &[u8]| {
            header_with(|h| {
                let field = &mut h.as_old_mut().name;
                field.fill(0);
                field[..name.len()].copy_from_slice(name);
            })
        };
        assert!(refusal(named(b"../x")).contains(".."));
        assert!(refusal(named(b"interviews/../../x")).contains(".."));
        assert!(refusal(named(b"..")).contains(".."));
        assert!(refusal(named(b"a\\..\\b")).contains(".."));
        assert!(refusal(named(b"/etc/passwd")).contains("absolute"));
        assert!(refusal(named(b"a\x1b[2Jb")).contains("control"));
        assert!(refusal(named(b"\xff")).contains("UTF-8"));
        assert!(refusal(named(b"a\0b")).contains("hidden"));
        let mut gnu = header_with(|_| {});
        gnu[257..265].copy_from_slice(b"ustar  \0");
        let mut h = tar::Header::from_byte_slice(&gnu).clone();
        h.set_cksum();
        assert!(refusal(*h.as_bytes()).contains("ustar"));
        let prefixed = header_with(|h| h.as_ustar_mut().unwrap().prefix[0] = b'a');
        assert!(refusal(prefixed).contains("prefix"));
        let mut bad_sum = header_with(|_| {});
        bad_sum[0] ^= 1;
        assert!(refusal(bad_sum).contains("checksum"));
        let mut base256 = header_with(|_| {});
        base256[124] = 0x80;
        let mut h = tar::Header::from_byte_slice(&base256).clone();
        h.set_cksum();
        assert!(refusal(*h.as_bytes()).contains("size"));
    }

    #[test]
    fn octal_fields_are_strict() {
        assert_eq!(parse_octal(b"00000000017\0"), Some(15));
        assert_eq!(parse_octal(b"   17 \0\0"), Some(15));
        assert_eq!(parse_octal(b"0000008\0"), None);
        assert_eq!(parse_octal(b"12 3\0"), None);
        assert_eq!(parse_octal(b"\0\0\0"), None);
        assert_eq!(parse_octal(b"77777777777777777777777"), None);
    }

    #[test]
    fn limits_and_trailing_data() {
        let bytes = archive(&[("a", &[7u8; 2000])]);
        let mut r = TarReader::new(&bytes[..], 1024, Doc::Bundle);
        let e = r.next_header().unwrap_err();
        assert!(e.to_string().contains("larger than the limit"), "{e}");

        let mut extended = bytes.clone();
        extended.extend_from_slice(&[0u8; 1024]);
        extended.extend_from_slice(b"x");
        let mut r = TarReader::new(&extended[..], 1 << 20, Doc::Bundle);
        while let Some(h) = r.next_header().unwrap() {
            r.body_vec(h.size).unwrap();
        }
        assert_eq!(r.finish().unwrap_err().kind(), ErrorKind::Hostile);

        // Extra zero blocks are fine; a cut in the end marker is not.
        let mut zeros = bytes.clone();
        zeros.extend_from_slice(&[0u8; 2048]);
        for (input, ok) in [(&zeros[..], true), (&bytes[..bytes.len() - 512], false)] {
            let mut r = TarReader::new(input, 1 << 20, Doc::Bundle);
            while let Some(h) = r.next_header().unwrap() {
                r.body_vec(h.size).unwrap();
            }
            assert_eq!(r.finish().is_ok(), ok);
        }

        // Junk in the fill after a body.
        let mut junk = archive(&[("a", b"abc")]);
        junk[512 + 3] = 1;
        let mut r = TarReader::new(&junk[..], 1 << 20, Doc::Bundle);
        let h = r.next_header().unwrap().unwrap();
        assert!(r.body_vec(h.size).unwrap_err().to_string().contains("hidden"));
    }
}
