//! Attachments encrypted from the first byte: authenticated chunks of fixed size under a
//! key of their own (ChaCha20-Poly1305).
//!
//! A file is `MAGIC (8) ‖ attachment id (16) ‖ chunk 0 ‖ chunk 1 ‖ …`. Each chunk is the
//! ciphertext of up to [`CHUNK`] plaintext bytes followed by its 16-byte tag; every chunk
//! but the last holds exactly [`CHUNK`] bytes and the last holds fewer (an empty last
//! chunk ends a plaintext whose size is a multiple of [`CHUNK`]). The nonce of chunk `n` is
//! `n` (the key is used for one attachment only); the associated data is the attachment id,
//! `n` and whether it is the last chunk. So a chunk moved, repeated, dropped, taken from
//! another attachment or cut off the end fails to open, and the file's end cannot be
//! moved. Chunk `n` starts at a fixed offset: playback can seek without reading before it.
//!
//! The key lives in the encrypted database; destroying it makes the file noise.

use std::io::{self, Read, Write};

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

use super::random::random_array;
use crate::secret::SecretBytes;

/// Plaintext bytes in every chunk but the last.
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
/// Bytes a full chunk takes in the file.
pub const SEALED_CHUNK: usize = CHUNK + TAG;
const MAGIC: &[u8; 8] = b"FVATT1\n\0";
/// Bytes before the first chunk.
pub const HEADER: usize = MAGIC.len() + 16;

/// What can be wrong with an encrypted attachment.
#[derive(Debug, thiserror::Error)]
pub enum ChunkError {
    #[error("the attachment file does not start as fieldvault writes one")]
    NotAnAttachment,
    #[error("the attachment file belongs to another attachment")]
    OtherAttachment,
    #[error("chunk {0} of the attachment does not authenticate (changed, moved or from another file)")]
    Tampered(u64),
    #[error("the attachment file ends early, after {0} complete chunks")]
    Truncated(u64),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// An attachment's key: 32 random bytes, wiped from memory when dropped.
pub struct AttachmentKey(SecretBytes);

impl AttachmentKey {
    pub fn generate() -> AttachmentKey {
        AttachmentKey(SecretBytes::new(random_array::<32>().to_vec()))
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<AttachmentKey> {
        (bytes.len() == 32).then(|| AttachmentKey(SecretBytes::new(bytes.to_vec())))
    }

    pub fn expose_secret(&self) -> &[u8] {
        self.0.expose_secret()
    }

    fn aead(&self) -> LessSafeKey {
        LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, self.expose_secret()).expect("32-byte key"))
    }
}

fn nonce(index: u64) -> Nonce {
    let mut bytes = [0u8; NONCE_LEN];
    bytes[NONCE_LEN - 8..].copy_from_slice(&index.to_be_bytes());
    Nonce::assume_unique_for_key(bytes)
}

fn aad(id: &[u8; 16], index: u64, last: bool) -> [u8; 25] {
    let mut aad = [0u8; 25];
    aad[..16].copy_from_slice(id);
    aad[16..24].copy_from_slice(&index.to_be_bytes());
    aad[24] = u8::from(last);
    aad
}

/// What a finished attachment is: the plaintext's size and its chunk count. (Its SHA-256
/// is the caller's to compute, on another thread if it likes: hashing and encrypting on
/// two cores is what keeps up with the disk.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub size: u64,
    pub chunks: u64,
}

/// Encrypts a plaintext given in pieces of any size into `out`, one chunk at a time:
/// memory holds one chunk, whatever the size.
pub struct ChunkWriter<W: Write> {
    out: W,
    key: LessSafeKey,
    id: [u8; 16],
    index: u64,
    pending: Zeroizing<Vec<u8>>,
    size: u64,
}

impl<W: Write> ChunkWriter<W> {
    pub fn new(mut out: W, key: &AttachmentKey, id: [u8; 16]) -> io::Result<ChunkWriter<W>> {
        out.write_all(MAGIC)?;
        out.write_all(&id)?;
        Ok(ChunkWriter {
            out,
            key: key.aead(),
            id,
            index: 0,
            pending: Zeroizing::new(Vec::with_capacity(SEALED_CHUNK)),
            size: 0,
        })
    }

    pub fn write_all(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        self.size += bytes.len() as u64;
        while !bytes.is_empty() {
            let room = CHUNK - self.pending.len();
            let take = room.min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() == CHUNK {
                self.seal_pending(false)?;
            }
        }
        Ok(())
    }

    /// Takes a piece it may encrypt in place: whole chunks in it are sealed where they lie
    /// and written out with their tags, with no copy.
    pub fn write_piece(&mut self, mut piece: Vec<u8>) -> io::Result<()> {
        let mut start = 0;
        if self.pending.is_empty() {
            while piece.len() - start >= CHUNK {
                let aad = aad(&self.id, self.index, false);
                let chunk = &mut piece[start..start + CHUNK];
                let tag = self
                    .key
                    .seal_in_place_separate_tag(nonce(self.index), Aad::from(&aad), chunk)
                    .map_err(|_| io::Error::other("chunk sealing failed"))?;
                self.out.write_all(chunk)?;
                self.out.write_all(tag.as_ref())?;
                self.size += CHUNK as u64;
                self.index += 1;
                start += CHUNK;
            }
        }
        let rest = &piece[start..];
        let result = self.write_all(rest);
        // What was not encrypted in place is plaintext: wipe it.
        zeroize::Zeroize::zeroize(&mut piece[start..]);
        result
    }

    fn seal_pending(&mut self, last: bool) -> io::Result<()> {
        let aad = aad(&self.id, self.index, last);
        self.key
            .seal_in_place_append_tag(nonce(self.index), Aad::from(&aad), &mut *self.pending)
            .map_err(|_| io::Error::other("chunk sealing failed"))?;
        self.out.write_all(&self.pending)?;
        self.pending.clear();
        self.index += 1;
        Ok(())
    }

    /// Chunks sealed and written out so far (not the one still filling).
    pub fn chunks_written(&self) -> u64 {
        self.index
    }

    /// The output, to flush it to disk between chunks.
    pub fn output(&self) -> &W {
        &self.out
    }

    /// Seals the last chunk and hands back the output.
    pub fn finish(mut self) -> io::Result<(W, Sealed)> {
        self.seal_pending(true)?;
        self.out.flush()?;
        let sealed = Sealed {
            size: self.size,
            chunks: self.index,
        };
        Ok((self.out, sealed))
    }
}

/// Checks a file's header: the magic and the attachment id it was written for.
pub fn read_header(input: &mut impl Read, id: &[u8; 16]) -> Result<(), ChunkError> {
    let mut header = [0u8; HEADER];
    input.read_exact(&mut header).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => ChunkError::NotAnAttachment,
        _ => ChunkError::Io(e),
    })?;
    if &header[..MAGIC.len()] != MAGIC {
        return Err(ChunkError::NotAnAttachment);
    }
    if &header[MAGIC.len()..] != id {
        return Err(ChunkError::OtherAttachment);
    }
    Ok(())
}

/// Reads what a file cut off while it was written still holds (a recording when the power
/// went): every chunk that opens, in order, up to the end or the first that does not (a
/// torn last write), each handed to `each`. Returns whether the file ended properly, with
/// its last chunk. Nothing that fails to authenticate is handed on.
pub fn salvage<R: Read>(
    mut input: R,
    key: &AttachmentKey,
    id: [u8; 16],
    mut each: impl FnMut(&[u8]) -> io::Result<()>,
) -> Result<bool, ChunkError> {
    read_header(&mut input, &id)?;
    let key = key.aead();
    let mut sealed = Zeroizing::new(vec![0u8; SEALED_CHUNK]);
    let mut index = 0u64;
    loop {
        let mut filled = 0;
        while filled < SEALED_CHUNK {
            match input.read(&mut sealed[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ChunkError::Io(e)),
            }
        }
        let last = filled < SEALED_CHUNK;
        if filled < TAG {
            return Ok(false);
        }
        let aad = aad(&id, index, last);
        match key.open_in_place(nonce(index), Aad::from(&aad), &mut sealed[..filled]) {
            Ok(plain) => each(plain)?,
            Err(_) => return Ok(false),
        }
        if last {
            return Ok(true);
        }
        index += 1;
    }
}

/// Decrypts an attachment in order, chunk by chunk: only authentic bytes come out, and
/// the end is checked (a file cut after a full chunk is an error, not a shorter file).
pub struct ChunkReader<R: Read> {
    input: R,
    key: LessSafeKey,
    id: [u8; 16],
    index: u64,
    sealed: Vec<u8>,
    plain: Zeroizing<Vec<u8>>,
    offset: usize,
    done: bool,
}

impl<R: Read> ChunkReader<R> {
    /// Starts after the header, which is checked here.
    pub fn new(mut input: R, key: &AttachmentKey, id: [u8; 16]) -> Result<ChunkReader<R>, ChunkError> {
        read_header(&mut input, &id)?;
        Ok(ChunkReader::at_chunk(input, key, id, 0))
    }

    /// Starts at chunk `index`; `input` must be positioned at its first byte.
    pub fn at_chunk(input: R, key: &AttachmentKey, id: [u8; 16], index: u64) -> ChunkReader<R> {
        ChunkReader {
            input,
            key: key.aead(),
            id,
            index,
            sealed: vec![0u8; SEALED_CHUNK],
            plain: Zeroizing::new(Vec::new()),
            offset: 0,
            done: false,
        }
    }

    /// The next chunk's plaintext, or `None` after the last one.
    pub fn next_chunk(&mut self) -> Result<Option<&[u8]>, ChunkError> {
        if self.done {
            return Ok(None);
        }
        let mut filled = 0;
        while filled < SEALED_CHUNK {
            match self.input.read(&mut self.sealed[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ChunkError::Io(e)),
            }
        }
        if filled < TAG {
            return Err(ChunkError::Truncated(self.index));
        }
        // A full chunk is never the last: the last is always shorter.
        let last = filled < SEALED_CHUNK;
        let aad = aad(&self.id, self.index, last);
        self.plain.clear();
        self.plain.extend_from_slice(&self.sealed[..filled]);
        let opened = self
            .key
            .open_in_place(nonce(self.index), Aad::from(&aad), &mut self.plain)
            .map_err(|_| {
                if last {
                    // A cut file ends in a short piece of a full chunk: it fails as a last chunk.
                    ChunkError::Truncated(self.index)
                } else {
                    ChunkError::Tampered(self.index)
                }
            })?
            .len();
        self.plain.truncate(opened);
        self.index += 1;
        self.done = last;
        self.offset = 0;
        Ok(Some(&self.plain))
    }
}

impl<R: Read> Read for ChunkReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.offset == self.plain.len() {
            if self.done {
                return Ok(0);
            }
            if self.next_chunk().map_err(io::Error::other)?.is_none() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.plain.len() - self.offset);
        buf[..n].copy_from_slice(&self.plain[self.offset..self.offset + n]);
        self.offset += n;
        Ok(n)
    }
}

/// Where chunk `index` starts in the file (playback seeks there).
#[cfg(test)]
fn chunk_offset(index: u64) -> u64 {
    HEADER as u64 + index * SEALED_CHUNK as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(plain: &[u8], key: &AttachmentKey, id: [u8; 16]) -> (Vec<u8>, Sealed) {
        let mut writer = ChunkWriter::new(Vec::new(), key, id).unwrap();
        // Uneven pieces, borrowed and owned (whole chunks of an owned piece are sealed
        // in place), as a file or a microphone gives them.
        let sizes = [7_777, 3 * CHUNK, 100, CHUNK, 1];
        let (mut offset, mut turn) = (0, 0);
        while offset < plain.len() {
            let n = sizes[turn % sizes.len()].min(plain.len() - offset);
            let piece = &plain[offset..offset + n];
            if turn % 2 == 0 {
                writer.write_all(piece).unwrap();
            } else {
                writer.write_piece(piece.to_vec()).unwrap();
            }
            offset += n;
            turn += 1;
        }
        writer.finish().unwrap()
    }

    fn opened(file: &[u8], key: &AttachmentKey, id: [u8; 16]) -> Result<Vec<u8>, ChunkError> {
        let mut reader = ChunkReader::new(file, key, id)?;
        let mut out = Vec::new();
        while let Some(chunk) = reader.next_chunk()? {
            out.extend_from_slice(chunk);
        }
        Ok(out)
    }

    fn plain(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn round_trips_every_size_around_the_chunk_boundary() {
        let key = AttachmentKey::generate();
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5] {
            let text = plain(len);
            let (file, info) = sealed(&text, &key, [7; 16]);
            assert_eq!(info.size, len as u64);
            assert_eq!(info.chunks, (len / CHUNK) as u64 + 1, "{len}");
            assert_eq!(file.len(), HEADER + len + TAG * info.chunks as usize);
            assert_eq!(opened(&file, &key, [7; 16]).unwrap(), text, "{len}");
            // `Read` gives the same bytes.
            let mut via_read = Vec::new();
            ChunkReader::new(&file[..], &key, [7; 16])
                .unwrap()
                .read_to_end(&mut via_read)
                .unwrap();
            assert_eq!(via_read, text);
        }
    }

    #[test]
    fn no_plaintext_shows_in_the_file() {
        let text = b"FV-CANARY:attachment-plaintext!".repeat(5000);
        let (file, _) = sealed(&text, &AttachmentKey::generate(), [1; 16]);
        assert!(!file.windows(16).any(|w| w == &text[..16]));
    }

    #[test]
    fn chunks_reordered_repeated_dropped_swapped_or_cut_are_refused() {
        let key = AttachmentKey::generate();
        let id = [3; 16];
        let text = plain(3 * CHUNK + 100);
        let (file, _) = sealed(&text, &key, id);
        let chunk =
            |i: usize| &file[HEADER + i * SEALED_CHUNK..(HEADER + (i + 1) * SEALED_CHUNK).min(file.len())];
        let join = |order: &[usize]| {
            let mut out = file[..HEADER].to_vec();
            for &i in order {
                out.extend_from_slice(chunk(i));
            }
            out
        };
        assert!(matches!(
            opened(&join(&[1, 0, 2, 3]), &key, id),
            Err(ChunkError::Tampered(0))
        ));
        assert!(matches!(
            opened(&join(&[0, 0, 1, 2, 3]), &key, id),
            Err(ChunkError::Tampered(1))
        ));
        assert!(matches!(
            opened(&join(&[0, 2, 3]), &key, id),
            Err(ChunkError::Tampered(1))
        ));
        // Dropping the last chunk, or cutting it, leaves a file that does not end properly.
        assert!(matches!(
            opened(&join(&[0, 1, 2]), &key, id),
            Err(ChunkError::Truncated(3))
        ));
        assert!(matches!(
            opened(&file[..file.len() - 10], &key, id),
            Err(ChunkError::Truncated(3))
        ));
        assert!(matches!(
            opened(&file[..HEADER + SEALED_CHUNK + 100], &key, id),
            Err(ChunkError::Truncated(1))
        ));
        // A flipped bit anywhere.
        let mut flipped = file.clone();
        flipped[HEADER + SEALED_CHUNK + 9] ^= 1;
        assert!(matches!(opened(&flipped, &key, id), Err(ChunkError::Tampered(1))));
        // A chunk from another attachment (another key, or the same key and another id).
        let other_key = AttachmentKey::generate();
        let (other, _) = sealed(&text, &other_key, [4; 16]);
        let mut swapped = file.clone();
        swapped[HEADER..HEADER + SEALED_CHUNK].copy_from_slice(&other[HEADER..HEADER + SEALED_CHUNK]);
        assert!(matches!(opened(&swapped, &key, id), Err(ChunkError::Tampered(0))));
        let (same_key_other_id, _) = sealed(&text, &key, [5; 16]);
        let mut swapped = file.clone();
        swapped[HEADER..HEADER + SEALED_CHUNK]
            .copy_from_slice(&same_key_other_id[HEADER..HEADER + SEALED_CHUNK]);
        assert!(matches!(opened(&swapped, &key, id), Err(ChunkError::Tampered(0))));
        // The header names the attachment.
        assert!(matches!(
            opened(&file, &key, [9; 16]),
            Err(ChunkError::OtherAttachment)
        ));
        assert!(matches!(
            opened(b"not one", &key, id),
            Err(ChunkError::NotAnAttachment)
        ));
        // The wrong key opens nothing.
        assert!(matches!(
            opened(&file, &other_key, id),
            Err(ChunkError::Tampered(0))
        ));
    }

    #[test]
    fn playback_can_start_at_any_chunk() {
        let key = AttachmentKey::generate();
        let text = plain(4 * CHUNK + 3);
        let (file, _) = sealed(&text, &key, [8; 16]);
        let start = chunk_offset(2) as usize;
        let mut reader = ChunkReader::at_chunk(&file[start..], &key, [8; 16], 2);
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, &text[2 * CHUNK..]);
    }

    #[test]
    fn salvage_keeps_every_whole_chunk_of_a_cut_file_and_nothing_torn() {
        let key = AttachmentKey::generate();
        let id = [9u8; 16];
        let plain: Vec<u8> = (0..3 * CHUNK + 500).map(|i| (i % 251) as u8).collect();
        let (file, _) = sealed(&plain, &key, id);
        let salvaged = |bytes: &[u8]| {
            let mut out = Vec::new();
            let ended = salvage(bytes, &key, id, |chunk| {
                out.extend_from_slice(chunk);
                Ok(())
            })
            .unwrap();
            (out, ended)
        };
        // Whole: everything, ended properly.
        assert_eq!(salvaged(&file), (plain.clone(), true));
        // Cut inside the last chunk, after the third or inside the second: whole chunks only.
        assert_eq!(
            salvaged(&file[..file.len() - 10]),
            (plain[..3 * CHUNK].to_vec(), false)
        );
        assert_eq!(
            salvaged(&file[..HEADER + 3 * SEALED_CHUNK]),
            (plain[..3 * CHUNK].to_vec(), false)
        );
        assert_eq!(
            salvaged(&file[..HEADER + SEALED_CHUNK + 40]),
            (plain[..CHUNK].to_vec(), false)
        );
        // A changed byte in chunk 1: chunk 0 only.
        let mut changed = file.clone();
        changed[HEADER + SEALED_CHUNK + 5] ^= 1;
        assert_eq!(salvaged(&changed), (plain[..CHUNK].to_vec(), false));
        // Another attachment's id: refused outright.
        assert!(matches!(
            salvage(&file[..], &key, [1u8; 16], |_| Ok(())),
            Err(ChunkError::OtherAttachment)
        ));
    }
}
