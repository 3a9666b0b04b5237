//! Recordings as FLAC: lossless, because a testimony's recording is evidence (no codec
//! artefacts for a court or a voice analyst to argue over), and read by every audio tool.
//! Mono, 16-bit, at the rate the microphone gave (16 kHz when it can: speech needs no
//! more). The interviewer's markers ride inside the file as Vorbis comment chapters
//! (`CHAPTER001=00:01:23.450`, `CHAPTER001NAME=label`), so they reach headquarters with
//! the bytes the SHA-256 covers.
//!
//! Encoding streams, a frame (4,096 samples) at a time, so memory does not grow with the
//! length; the header's sample count and MD5 come from a first pass over the samples.

use std::io::{self, Write};

use flacenc::bitsink::ByteSink;
use flacenc::component::{BitRepr, MetadataBlockData, Stream};
use flacenc::error::Verify;
use flacenc::source::{Context, Fill, FrameBuf};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Samples in every FLAC frame but the last.
const BLOCK: usize = 4096;
/// The Vorbis comment block's type in a FLAC stream.
const VORBIS_COMMENT: u8 = 4;

/// A point in a recording the interviewer marked, with what they typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// Milliseconds from the start of the recording.
    pub at_ms: u64,
    pub label: String,
}

/// A recording decoded into memory for playback (wiped when dropped).
pub struct Audio {
    pub rate: u32,
    pub samples: Zeroizing<Vec<i16>>,
    pub markers: Vec<Marker>,
}

impl Audio {
    pub fn duration_ms(&self) -> u64 {
        self.samples.len() as u64 * 1000 / u64::from(self.rate.max(1))
    }
}

/// What cannot be encoded or decoded.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("the recording is not a FLAC file fieldvault can read: {0}")]
    NotFlac(String),
    #[error("the FLAC encoder refused the recording: {0}")]
    Encoder(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Sample count and MD5 of 16-bit mono samples given as little-endian bytes: the first
/// pass, whose results the FLAC header carries.
pub struct Survey(Context);

impl Default for Survey {
    fn default() -> Self {
        Survey(Context::new(16, 1))
    }
}

impl Survey {
    /// Samples counted so far.
    pub fn samples(&self) -> u64 {
        self.0.total_samples() as u64
    }

    pub fn add(&mut self, le_bytes: &[u8]) -> Result<(), AudioError> {
        self.0
            .fill_le_bytes(le_bytes, 2)
            .map_err(|e| AudioError::Encoder(e.to_string()))
    }
}

/// Streams 16-bit mono samples (little-endian bytes) into FLAC frames written to `out`.
pub struct FlacEncoder<W: Write> {
    out: W,
    config: flacenc::error::Verified<flacenc::config::Encoder>,
    info: flacenc::component::StreamInfo,
    frame: FrameBuf,
    pending: Zeroizing<Vec<u8>>,
    frame_number: usize,
}

impl<W: Write> FlacEncoder<W> {
    /// Writes the header: the stream's facts from `survey`, and the markers.
    pub fn new(mut out: W, rate: u32, survey: &Survey, markers: &[Marker]) -> Result<Self, AudioError> {
        let encoder = |e: &dyn std::fmt::Display| AudioError::Encoder(e.to_string());
        let mut stream = Stream::new(rate as usize, 1, 16).map_err(|e| encoder(&e))?;
        let info = stream.stream_info_mut();
        info.set_total_samples(survey.0.total_samples());
        info.set_md5_digest(&survey.0.md5_digest());
        info.set_block_sizes(BLOCK, BLOCK).map_err(|e| encoder(&e))?;
        let info = info.clone();
        let comments = vorbis_comments(markers);
        stream.add_metadata_block(
            MetadataBlockData::new_unknown(VORBIS_COMMENT, &comments).map_err(|e| encoder(&e))?,
        );
        let mut sink = ByteSink::new();
        stream.write(&mut sink).map_err(|e| encoder(&e))?;
        out.write_all(sink.as_slice())?;
        let mut config = flacenc::config::Encoder::default();
        config.block_size = BLOCK;
        Ok(FlacEncoder {
            out,
            config: config.into_verified().map_err(|(_, e)| encoder(&e))?,
            info,
            frame: FrameBuf::with_size(1, BLOCK).map_err(|e| encoder(&e))?,
            pending: Zeroizing::new(Vec::with_capacity(2 * BLOCK)),
            frame_number: 0,
        })
    }

    /// Takes samples as little-endian bytes (an even count).
    pub fn add(&mut self, mut le_bytes: &[u8]) -> Result<(), AudioError> {
        while !le_bytes.is_empty() {
            let take = (2 * BLOCK - self.pending.len()).min(le_bytes.len());
            self.pending.extend_from_slice(&le_bytes[..take]);
            le_bytes = &le_bytes[take..];
            if self.pending.len() == 2 * BLOCK {
                self.encode_pending()?;
            }
        }
        Ok(())
    }

    fn encode_pending(&mut self) -> Result<(), AudioError> {
        let encoder = |e: &dyn std::fmt::Display| AudioError::Encoder(e.to_string());
        self.frame
            .fill_le_bytes(&self.pending, 2)
            .map_err(|e| encoder(&e))?;
        let frame =
            flacenc::encode_fixed_size_frame(&self.config, &self.frame, self.frame_number, &self.info)
                .map_err(|e| encoder(&e))?;
        let mut sink = ByteSink::new();
        frame.write(&mut sink).map_err(|e| encoder(&e))?;
        self.out.write_all(sink.as_slice())?;
        self.pending.clear();
        self.frame_number += 1;
        Ok(())
    }

    /// Encodes what is left and hands back the output.
    pub fn finish(mut self) -> Result<W, AudioError> {
        if !self.pending.is_empty() {
            self.encode_pending()?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The Vorbis comment block: the encoder's name and one chapter per marker.
fn vorbis_comments(markers: &[Marker]) -> Vec<u8> {
    let mut comments = vec!["ENCODER=fieldvault".to_owned()];
    for (n, marker) in markers.iter().enumerate() {
        let n = n + 1;
        let ms = marker.at_ms;
        comments.push(format!(
            "CHAPTER{n:03}={:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        ));
        comments.push(format!("CHAPTER{n:03}NAME={}", marker.label));
    }
    let vendor = b"fieldvault";
    let mut block = Vec::new();
    block.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    block.extend_from_slice(vendor);
    block.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for comment in &comments {
        block.extend_from_slice(&(comment.len() as u32).to_le_bytes());
        block.extend_from_slice(comment.as_bytes());
    }
    block
}

/// The markers in a FLAC file's Vorbis comment chapters, in time order.
fn markers_from<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Marker> {
    let mut times = std::collections::BTreeMap::new();
    let mut labels = std::collections::BTreeMap::new();
    for (name, value) in tags {
        let name = name.to_ascii_uppercase();
        let Some(rest) = name.strip_prefix("CHAPTER") else {
            continue;
        };
        if let Some(n) = rest.strip_suffix("NAME") {
            labels.insert(n.to_owned(), value.to_owned());
        } else if let Some(ms) = parse_chapter_time(value) {
            times.insert(rest.to_owned(), ms);
        }
    }
    let mut markers: Vec<Marker> = times
        .into_iter()
        .map(|(n, at_ms)| Marker {
            at_ms,
            label: labels.remove(&n).unwrap_or_default(),
        })
        .collect();
    markers.sort_by_key(|m| m.at_ms);
    markers
}

/// `HH:MM:SS.mmm` in milliseconds.
fn parse_chapter_time(value: &str) -> Option<u64> {
    let (hms, ms) = value.split_once('.').unwrap_or((value, "0"));
    let mut parts = hms.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    let ms: u64 = format!("{ms:0<3}").get(..3)?.parse().ok()?;
    Some(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// Decodes a FLAC recording from memory: 16-bit mono (the first channel of anything
/// wider), with its markers.
pub fn decode(flac: &[u8]) -> Result<Audio, AudioError> {
    let not_flac = |e: claxon::Error| AudioError::NotFlac(e.to_string());
    let mut reader = claxon::FlacReader::new(io::Cursor::new(flac)).map_err(not_flac)?;
    let info = reader.streaminfo();
    let channels = info.channels as usize;
    let shift = info.bits_per_sample.saturating_sub(16);
    let markers = markers_from(reader.tags());
    // A header cannot make this allocate beyond what the file could hold.
    let expected = info.samples.unwrap_or(0).min(flac.len() as u64 * 8) as usize;
    let mut samples = Zeroizing::new(Vec::with_capacity(expected));
    for (n, sample) in reader.samples().enumerate() {
        let sample = sample.map_err(not_flac)?;
        if n % channels == 0 {
            samples.push((sample >> shift) as i16);
        }
    }
    Ok(Audio {
        rate: info.sample_rate,
        samples,
        markers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(samples: &[i16], rate: u32, markers: &[Marker]) -> Vec<u8> {
        let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        let mut survey = Survey::default();
        survey.add(&bytes).unwrap();
        let mut encoder = FlacEncoder::new(Vec::new(), rate, &survey, markers).unwrap();
        // Uneven pieces, as a journal's chunks give them.
        for piece in bytes.chunks(1000) {
            encoder.add(piece).unwrap();
        }
        encoder.finish().unwrap()
    }

    #[test]
    fn samples_and_markers_come_back_exactly() {
        let samples: Vec<i16> = (0..40_000)
            .map(|i| ((i as f64 * 0.05).sin() * 12_000.0) as i16 ^ (i % 7) as i16)
            .collect();
        let markers = vec![
            Marker {
                at_ms: 1_250,
                label: "기소 이야기 시작".into(),
            },
            Marker {
                at_ms: 3_723_004,
                label: "transfer to Jongori".into(),
            },
        ];
        let flac = encode(&samples, 16_000, &markers);
        assert_eq!(&flac[..4], b"fLaC");
        assert!(flac.len() < samples.len() * 2, "FLAC compresses a smooth signal");
        let audio = decode(&flac).unwrap();
        assert_eq!(audio.rate, 16_000);
        assert_eq!(&audio.samples[..], &samples[..]);
        assert_eq!(audio.markers, markers);
        assert_eq!(audio.duration_ms(), 2_500);
    }

    #[test]
    fn short_and_empty_recordings_encode() {
        for len in [0usize, 1, 4095, 4096, 4097] {
            let samples: Vec<i16> = (0..len).map(|i| i as i16).collect();
            let audio = decode(&encode(&samples, 48_000, &[])).unwrap();
            assert_eq!(&audio.samples[..], &samples[..], "{len} samples");
        }
    }

    #[test]
    fn garbage_is_not_flac() {
        assert!(matches!(decode(b"RIFF....WAVE"), Err(AudioError::NotFlac(_))));
        let mut flac = encode(&[1, 2, 3, 4, 5], 16_000, &[]);
        let end = flac.len() - 1;
        flac[end] ^= 0xFF;
        assert!(decode(&flac).is_err(), "a changed frame fails its CRC");
    }

    #[test]
    fn chapter_times_parse() {
        assert_eq!(parse_chapter_time("01:02:03.456"), Some(3_723_456));
        assert_eq!(parse_chapter_time("00:00:05"), Some(5_000));
        assert_eq!(parse_chapter_time("00:00:05.5"), Some(5_500));
        assert_eq!(parse_chapter_time("nonsense"), None);
    }
}
