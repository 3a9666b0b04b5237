//! SHA-256, one-shot and streaming, for revision hashes and file checksums.

use ring::digest::{Context, SHA256};

/// The SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    to_array(ring::digest::digest(&SHA256, bytes))
}

/// SHA-256 and length of everything `file` gives (a bundle's file or its parts joined),
/// read in 1 MiB pieces (a bundle may be gigabytes).
pub fn sha256_reader(mut file: impl std::io::Read) -> std::io::Result<([u8; 32], u64)> {
    let mut hash = Sha256Stream::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok((hash.finish(), total));
        }
        hash.update(&buf[..n]);
        total += n as u64;
    }
}

/// The SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha256(bytes))
}

/// Incremental SHA-256 for data that arrives in pieces (audio files, bundles).
#[derive(Clone)]
pub struct Sha256Stream(Context);

impl Sha256Stream {
    pub fn new() -> Self {
        Sha256Stream(Context::new(&SHA256))
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> [u8; 32] {
        to_array(self.0.finish())
    }
}

impl Default for Sha256Stream {
    fn default() -> Self {
        Self::new()
    }
}

fn to_array(digest: ring::digest::Digest) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // FIPS 180-2 test vectors.
    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn known_vectors() {
        assert_eq!(sha256_hex(b"abc"), ABC);
        assert_eq!(sha256_hex(b""), EMPTY);
        assert_eq!(hex::encode(sha256(b"abc")), ABC);
    }

    #[test]
    fn stream_matches_one_shot() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut s = Sha256Stream::new();
        for chunk in data.chunks(333) {
            s.update(chunk);
        }
        assert_eq!(s.finish(), sha256(&data));
        assert_eq!(hex::encode(Sha256Stream::default().finish()), EMPTY);
    }
}
