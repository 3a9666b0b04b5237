//! Audio recorded in the app, safe while it is made. The microphone's samples go into a
//! journal — an attachment file of raw 16-bit samples in authenticated chunks, flushed to
//! disk as each 64 KiB chunk fills (about 2 s at 16 kHz) — so a crash or a pulled power
//! cord loses at most the chunk still filling. Stopping turns the journal into a FLAC
//! attachment of the interview's draft (`crate::audio`); a journal left by a crash is
//! offered at the next unlock ([`Vault::cut_off_recordings`]), to keep or discard.
//!
//! Recording needs the interview's consent to recording, as `attach add` of audio does.

use std::fs::File;
use std::io::{BufReader, Write};

use serde::Serialize;
use serde_json::json;
use zeroize::Zeroizing;

use super::attachments::{AttachmentInfo, Plaintext};
use super::error::{AttachmentRefusal, IoAction, Missing};
use super::{Vault, VaultError, now};
use crate::audio::{FlacEncoder, Survey};
use crate::audit::{self, Action};
use crate::crypto::chunked::{self, AttachmentKey, ChunkWriter};
use crate::disk::atomic::create_private;
use crate::store::AttachmentRow;

pub use crate::audio::{Audio, Marker};

/// The rate recordings ask the microphone for: speech needs no more.
pub const SPEECH_RATE: u32 = 16_000;
/// The largest recording decoded into memory to play.
const PLAY_LIMIT: u64 = 1 << 30;

/// A recording being made: append samples as they arrive. It owns its file, not the
/// vault, so it can live on the audio thread while the vault serves the screens. Dropped
/// without [`Vault::finish_recording`] (the vault locked), it closes its journal, which
/// the next unlock offers.
pub struct RecordingJournal {
    id: String,
    writer: Option<ChunkWriter<File>>,
    rate: u32,
    samples: u64,
    synced_chunks: u64,
}

impl RecordingJournal {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Milliseconds recorded so far.
    pub fn recorded_ms(&self) -> u64 {
        self.samples * 1000 / u64::from(self.rate)
    }

    /// Appends mono samples. Each chunk that fills is encrypted, written and flushed to
    /// the disk before this returns.
    pub fn append(&mut self, samples: &[i16]) -> std::io::Result<()> {
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the recording is closed"))?;
        let mut bytes = Zeroizing::new(Vec::with_capacity(samples.len() * 2));
        for sample in samples {
            bytes.extend_from_slice(&sample.to_le_bytes());
        }
        writer.write_all(&bytes)?;
        self.samples += samples.len() as u64;
        if writer.chunks_written() > self.synced_chunks {
            writer.output().sync_data()?;
            self.synced_chunks = writer.chunks_written();
        }
        Ok(())
    }

    /// Seals the last chunk: the journal then holds every sample.
    fn close(&mut self) -> std::io::Result<()> {
        if let Some(writer) = self.writer.take() {
            let (file, _) = writer.finish()?;
            file.sync_all()?;
        }
        Ok(())
    }
}

impl Drop for RecordingJournal {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

/// A recording whose making was cut off (a crash, the power, a lock), kept as a journal
/// until someone keeps or discards it.
#[derive(Debug, Clone, Serialize)]
pub struct CutOffRecording {
    pub id: String,
    pub interview_id: String,
    /// The interview's code, to name it to a person.
    pub code: String,
    pub started_at: String,
    /// About how much the journal holds.
    pub recorded_ms: u64,
}

/// The journal's media type: raw 16-bit little-endian mono samples at `rate`.
fn journal_type(rate: u32) -> String {
    format!("audio/L16;rate={rate};channels=1")
}

fn journal_rate(media_type: &str) -> u32 {
    media_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("rate="))
        .and_then(|r| r.parse().ok())
        .filter(|r| (1..=655_350).contains(r))
        .unwrap_or(SPEECH_RATE)
}

/// Writes through [`ChunkWriter`] while hashing what passes.
struct HashingSeal {
    writer: ChunkWriter<File>,
    digest: crate::crypto::digest::Sha256Stream,
}

impl Write for HashingSeal {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.digest.update(buf);
        self.writer.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Vault {
    /// Starts a recording into the interview's draft. Refused unless the interview is a
    /// draft whose consent allows recording.
    pub fn begin_recording(&mut self, selector: &str, rate: u32) -> Result<RecordingJournal, VaultError> {
        let (interview_id, latest) = self.draft_of(selector)?;
        if !self.consents_to_recording(selector)? {
            return Err(VaultError::Attachment(AttachmentRefusal::NoRecordingConsent {
                code: latest.code.clone(),
            }));
        }
        self.check_room(&interview_id, 0)?;
        let id_bytes = crate::crypto::random::random_array::<16>();
        let id = hex::encode(id_bytes);
        let key = AttachmentKey::generate();
        let dir = self.attachments_dir()?;
        let path = self.attachment_path(&id);
        let started_at = now();
        let row = AttachmentRow {
            id: id.clone(),
            interview_id: interview_id.clone(),
            added_in: latest.number,
            removed_in: None,
            file_name: format!("recording-{}.flac", started_at.replace([':', '-'], "")),
            media_type: journal_type(rate),
            size: 0,
            sha256: String::new(),
            added_at: started_at,
            state: "recording".into(),
            key: Some(key.expose_secret().to_vec()),
            device: None,
            origin_id: None,
        };
        // The key is stored before the first sample is written: whatever reaches the
        // disk can be recovered.
        self.store.write(|tx| {
            tx.insert_attachment(&row)?;
            tx.set_recording_markers(&id, "[]")?;
            Ok::<_, VaultError>(())
        })?;
        let opened = create_private(&path).and_then(|file| {
            let writer = ChunkWriter::new(file, &key, id_bytes)?;
            writer.output().sync_all()?;
            crate::disk::atomic::sync_dir(&dir)?;
            Ok(writer)
        });
        match opened {
            Ok(writer) => Ok(RecordingJournal {
                id,
                writer: Some(writer),
                rate,
                samples: 0,
                synced_chunks: 0,
            }),
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                let _ = self.store.write(|tx| tx.delete_recording(&id));
                Err(VaultError::io(IoAction::StoreAttachment, &path, e))
            }
        }
    }

    /// Keeps the markers dropped so far with the recording (they survive a crash).
    pub fn save_recording_markers(&mut self, recording: &str, markers: &[Marker]) -> Result<(), VaultError> {
        let markers = serde_json::to_string(markers).expect("markers serialise");
        self.store
            .write(|tx| tx.set_recording_markers(recording, &markers))?;
        Ok(())
    }

    /// Ends a recording: its journal becomes a FLAC attachment of the draft.
    pub fn finish_recording(&mut self, mut journal: RecordingJournal) -> Result<AttachmentInfo, VaultError> {
        journal
            .close()
            .map_err(|e| VaultError::io(IoAction::StoreAttachment, &self.attachment_path(&journal.id), e))?;
        self.keep_recording(&journal.id)
    }

    /// Recordings cut off before they were finished, to offer at unlock.
    pub fn cut_off_recordings(&self) -> Result<Vec<CutOffRecording>, VaultError> {
        let mut found = Vec::new();
        for row in self.store.recordings()? {
            let rate = u64::from(journal_rate(&row.media_type));
            let stored = std::fs::metadata(self.attachment_path(&row.id)).map_or(0, |m| m.len());
            let body = stored.saturating_sub(chunked::HEADER as u64);
            let whole = body / chunked::SEALED_CHUNK as u64;
            let rest = (body % chunked::SEALED_CHUNK as u64).saturating_sub(16);
            let bytes = whole * chunked::CHUNK as u64 + rest;
            found.push(CutOffRecording {
                id: row.id.clone(),
                code: self.latest(&row.interview_id).map(|r| r.code).unwrap_or_default(),
                interview_id: row.interview_id,
                started_at: row.added_at,
                recorded_ms: bytes / 2 * 1000 / rate,
            });
        }
        Ok(found)
    }

    /// Turns a recording's journal into a FLAC attachment of the interview's draft: all
    /// of it if it was closed, every whole chunk if it was cut off. The journal goes.
    pub fn keep_recording(&mut self, recording: &str) -> Result<AttachmentInfo, VaultError> {
        let journal = self.recording_row(recording)?;
        let (interview_id, latest) = self.draft_of(&journal.interview_id)?;
        let (key, id) = key_and_id(&journal)?;
        let rate = journal_rate(&journal.media_type);
        let markers: Vec<Marker> = self
            .store
            .recording_markers(&journal.id)?
            .and_then(|m| serde_json::from_str(&m).ok())
            .unwrap_or_default();
        let journal_path = self.attachment_path(&journal.id);
        let damaged = |detail: String| {
            VaultError::Attachment(AttachmentRefusal::Damaged {
                name: journal.file_name.clone(),
                detail,
            })
        };
        let open = || {
            File::open(&journal_path)
                .map(|f| BufReader::with_capacity(1 << 20, f))
                .map_err(|e| VaultError::io(IoAction::Read, &journal_path, e))
        };
        // First pass: the sample count and MD5 the FLAC header carries.
        let mut survey = Survey::default();
        let ended = chunked::salvage(open()?, &key, id, |chunk| {
            survey.add(chunk).map_err(std::io::Error::other)
        })
        .map_err(|e| damaged(e.to_string()))?;

        // Second pass: encode and encrypt into the new attachment.
        let new_bytes = crate::crypto::random::random_array::<16>();
        let new_id = hex::encode(new_bytes);
        let new_key = AttachmentKey::generate();
        let dir = self.attachments_dir()?;
        let partial = dir.join(format!(".{new_id}.partial"));
        let written = (|| {
            let out = create_private(&partial)?;
            let seal = HashingSeal {
                writer: ChunkWriter::new(out, &new_key, new_bytes)?,
                digest: crate::crypto::digest::Sha256Stream::new(),
            };
            let mut encoder =
                FlacEncoder::new(seal, rate, &survey, &markers).map_err(std::io::Error::other)?;
            chunked::salvage(open().map_err(std::io::Error::other)?, &key, id, |chunk| {
                encoder.add(chunk).map_err(std::io::Error::other)
            })
            .map_err(std::io::Error::other)?;
            let seal = encoder.finish().map_err(std::io::Error::other)?;
            let (out, sealed) = seal.writer.finish()?;
            out.sync_all()?;
            Ok::<_, std::io::Error>((sealed, seal.digest.finish()))
        })();
        let final_path = self.attachment_path(&new_id);
        let stored = written.and_then(|stored| {
            std::fs::rename(&partial, &final_path)?;
            crate::disk::atomic::sync_dir(&dir)?;
            Ok(stored)
        });
        let (sealed, sha256) = match stored {
            Ok(stored) => stored,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(VaultError::io(IoAction::StoreAttachment, &final_path, e));
            }
        };
        let row = AttachmentRow {
            id: new_id,
            interview_id: interview_id.clone(),
            added_in: latest.number,
            removed_in: None,
            file_name: journal.file_name.clone(),
            media_type: "audio/flac".into(),
            size: sealed.size,
            sha256: hex::encode(sha256),
            added_at: journal.added_at.clone(),
            state: "complete".into(),
            key: Some(new_key.expose_secret().to_vec()),
            device: None,
            origin_id: None,
        };
        let recorded_ms = survey_ms(&survey, rate);
        let at = now();
        let recorded = self.store.write(|tx| {
            tx.insert_attachment(&row)?;
            tx.delete_recording(&journal.id)?;
            audit::append(
                tx,
                &at,
                Action::AttachmentAdded,
                &interview_id,
                json!({
                    "attachment": row.id,
                    "revision": row.added_in,
                    "sha256": row.sha256,
                    "size": row.size,
                    "media_type": row.media_type,
                    "recorded_ms": recorded_ms,
                    "cut_off": !ended,
                }),
            )?;
            Ok::<_, VaultError>(())
        });
        if let Err(error) = recorded {
            let _ = std::fs::remove_file(&final_path);
            return Err(error);
        }
        // Its key is gone with its row: the journal file is noise now.
        let _ = std::fs::remove_file(&journal_path);
        Ok(AttachmentInfo::from(&row))
    }

    /// Drops a cut-off recording: its key, then its file. The audit log records it.
    pub fn discard_recording(&mut self, recording: &str) -> Result<(), VaultError> {
        let journal = self.recording_row(recording)?;
        let at = now();
        self.store.write(|tx| {
            tx.delete_recording(&journal.id)?;
            audit::append(
                tx,
                &at,
                Action::AttachmentRemoved,
                &journal.interview_id,
                json!({ "attachment": journal.id, "revision": journal.added_in, "recording_discarded": true }),
            )?;
            Ok::<_, VaultError>(())
        })?;
        let path = self.attachment_path(&journal.id);
        if path.exists() {
            crate::disk::wipe::wipe_file(&path)?;
        }
        Ok(())
    }

    /// A FLAC recording decoded into memory to play, with its markers; `None` if it is
    /// larger than 1 GiB (some 15 hours).
    pub fn read_audio(&self, selector: &str, attachment: &str) -> Result<Option<Audio>, VaultError> {
        let Some((info, flac)) = self.read_attachment(selector, attachment, PLAY_LIMIT)? else {
            return Ok(None);
        };
        let flac: Plaintext = flac;
        crate::audio::decode(&flac).map(Some).map_err(|e| {
            VaultError::Attachment(AttachmentRefusal::Damaged {
                name: info.file_name,
                detail: e.to_string(),
            })
        })
    }

    fn recording_row(&self, recording: &str) -> Result<AttachmentRow, VaultError> {
        self.store
            .recordings()?
            .into_iter()
            .find(|r| r.id == recording)
            .ok_or_else(|| {
                VaultError::NotFound(Missing::Attachment {
                    selector: recording.to_owned(),
                })
            })
    }
}

fn survey_ms(survey: &Survey, rate: u32) -> u64 {
    survey.samples() * 1000 / u64::from(rate)
}

/// An attachment row's key and binary id.
pub(super) fn key_and_id(row: &AttachmentRow) -> Result<(AttachmentKey, [u8; 16]), VaultError> {
    let damaged = |detail: String| {
        VaultError::Attachment(AttachmentRefusal::Damaged {
            name: row.file_name.clone(),
            detail,
        })
    };
    let key = row
        .key
        .as_deref()
        .and_then(AttachmentKey::from_bytes)
        .ok_or_else(|| damaged("its key is gone (the attachment was wiped)".into()))?;
    let id: [u8; 16] = hex::decode(&row.id)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| damaged("its id is not 32 hexadecimal digits".into()))?;
    Ok((key, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Passphrase;
    use crate::vault::Role;

    fn pass() -> Passphrase {
        Passphrase::new("correct horse battery".into())
    }

    /// A field vault with W26-0001 (consents to recording) and W26-0002 (does not) as drafts.
    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let mut vault = Vault::create(&dir.path().join("v"), &pass(), Role::Field, "L").unwrap();
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/samples");
        let files: Vec<(String, Vec<u8>)> = ["w26-0001.json", "w26-0002.json"]
            .iter()
            .map(|n| (n.to_string(), std::fs::read(samples.join(n)).unwrap()))
            .collect();
        vault.add_interviews(&files).unwrap();
        (dir, vault)
    }

    /// A second of a tone whose samples count up, so a gap or a repeat would show.
    fn second(n: u64) -> Vec<i16> {
        (0..SPEECH_RATE as u64)
            .map(|i| ((n * SPEECH_RATE as u64 + i) % 30_000) as i16)
            .collect()
    }

    #[test]
    fn a_finished_recording_is_a_flac_attachment_with_its_markers() {
        let (_dir, mut vault) = vault();
        let mut journal = vault.begin_recording("W26-0001", SPEECH_RATE).unwrap();
        let mut expected = Vec::new();
        for n in 0..5 {
            journal.append(&second(n)).unwrap();
            expected.extend(second(n));
        }
        assert_eq!(journal.recorded_ms(), 5_000);
        let markers = vec![Marker {
            at_ms: 2_000,
            label: "detention".into(),
        }];
        vault.save_recording_markers(journal.id(), &markers).unwrap();
        // While it is made it is not an attachment yet.
        assert!(vault.attachments("W26-0001").unwrap().is_empty());
        let info = vault.finish_recording(journal).unwrap();
        assert_eq!(info.media_type, "audio/flac");
        assert!(vault.cut_off_recordings().unwrap().is_empty());
        let listed = vault.attachments("W26-0001").unwrap();
        assert_eq!(listed.len(), 1);
        let audio = vault.read_audio("W26-0001", &info.id).unwrap().unwrap();
        assert_eq!(&audio.samples[..], &expected[..]);
        assert_eq!(audio.markers, markers);
        // Only the FLAC is left in the folder: the journal went.
        let files = std::fs::read_dir(vault.dir.join(super::super::ATTACHMENTS_FOLDER))
            .unwrap()
            .count();
        assert_eq!(files, 1);
    }

    #[test]
    fn a_cut_off_recording_keeps_every_whole_chunk() {
        let (dir, mut vault) = vault();
        let mut journal = vault.begin_recording("W26-0001", SPEECH_RATE).unwrap();
        for n in 0..7 {
            journal.append(&second(n)).unwrap();
        }
        // A crash: the process ends without closing the journal.
        std::mem::forget(journal);
        drop(vault);
        let mut vault = Vault::unlock(&dir.path().join("v"), &pass()).unwrap();
        let cut = vault.cut_off_recordings().unwrap();
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].code, "W26-0001");
        // 7 s of 16-bit samples is 224,000 bytes: three whole 64 KiB chunks reached the disk.
        let whole_ms = 3 * chunked::CHUNK as u64 / 2 * 1000 / u64::from(SPEECH_RATE);
        assert_eq!(cut[0].recorded_ms, whole_ms);
        assert!(7_000 - whole_ms <= 5_000, "at most 5 s lost");
        let info = vault.keep_recording(&cut[0].id).unwrap();
        let audio = vault.read_audio("W26-0001", &info.id).unwrap().unwrap();
        let expected: Vec<i16> = (0..7).flat_map(second).collect();
        assert_eq!(&audio.samples[..], &expected[..audio.samples.len()]);
        assert_eq!(audio.duration_ms(), whole_ms);
        assert!(vault.cut_off_recordings().unwrap().is_empty());
    }

    #[test]
    fn a_recording_dropped_by_a_lock_keeps_everything_and_can_be_discarded() {
        let (dir, mut vault) = vault();
        let mut journal = vault.begin_recording("W26-0001", SPEECH_RATE).unwrap();
        journal.append(&second(0)).unwrap();
        drop(journal);
        let cut = vault.cut_off_recordings().unwrap();
        assert_eq!(cut[0].recorded_ms, 1_000);
        let path = vault.attachment_path(&cut[0].id);
        assert!(path.exists());
        vault.discard_recording(&cut[0].id).unwrap();
        assert!(!path.exists());
        assert!(vault.cut_off_recordings().unwrap().is_empty());
        assert!(vault.attachments("W26-0001").unwrap().is_empty());
        drop(dir);
    }

    #[test]
    fn recording_needs_consent_and_a_draft() {
        let (_dir, mut vault) = vault();
        assert!(matches!(
            vault.begin_recording("W26-0002", SPEECH_RATE),
            Err(VaultError::Attachment(
                AttachmentRefusal::NoRecordingConsent { .. }
            ))
        ));
        vault.seal_all_drafts().unwrap();
        assert!(matches!(
            vault.begin_recording("W26-0001", SPEECH_RATE),
            Err(VaultError::Interview(_))
        ));
        assert!(vault.cut_off_recordings().unwrap().is_empty());
    }
}
