//! Attachments of an interview — audio recordings, photos, scanned documents — encrypted
//! from the first byte (`crypto::chunked`) into the vault folder's `attachments/`, one file
//! each, under a key of their own kept in the database.
//!
//! An attachment belongs to the revisions of its interview from the draft it was added to
//! on, until a later draft removes it. Only a draft takes or drops attachments: once
//! sealed, a revision's attachments are fixed with it. For chain of custody each records
//! the SHA-256 and size of the original bytes, the media type sniffed from them, the
//! original file name and the time of import; the audit log records the same.

use std::fs::File;
use std::io::{Read, Write};

use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

use serde::Serialize;
use serde_json::json;

use super::error::{AttachmentRefusal, IoAction, Missing};
use super::{Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::crypto::chunked::{AttachmentKey, ChunkReader, ChunkWriter};
use crate::disk::atomic::create_private;
use crate::disk::wipe::{self, FileWipe};
use crate::domain::Lifecycle;
use crate::store::AttachmentRow;

/// The folder in the vault that holds the encrypted attachment files.
pub const ATTACHMENTS_FOLDER: &str = "attachments";
/// The largest total of one interview's attachments, and of a whole vault's.
pub const INTERVIEW_LIMIT: u64 = 32 << 30;
pub const VAULT_LIMIT: u64 = 256 << 30;

/// An attachment's bytes in memory, wiped when dropped.
pub type Plaintext = Zeroizing<Vec<u8>>;

/// An attachment as a person sees it.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentInfo {
    pub id: String,
    /// The name the original file had.
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    /// SHA-256 of the original bytes, hexadecimal.
    pub sha256: String,
    pub added_at: String,
    /// The revision it was added to.
    pub added_in: u32,
    /// The revision that removed it, if one did.
    pub removed_in: Option<u32>,
    /// `complete`, `recording` (cut off; offered again at unlock) or `wiped`.
    pub state: String,
}

impl From<&AttachmentRow> for AttachmentInfo {
    fn from(row: &AttachmentRow) -> Self {
        AttachmentInfo {
            id: row.id.clone(),
            file_name: row.file_name.clone(),
            media_type: row.media_type.clone(),
            size: row.size,
            sha256: row.sha256.clone(),
            added_at: row.added_at.clone(),
            added_in: row.added_in,
            removed_in: row.removed_in,
            state: row.state.clone(),
        }
    }
}

/// What `attach add` did with one file.
#[derive(Debug, Clone, Serialize)]
pub struct AttachReport {
    pub attachment: AttachmentInfo,
    /// The original, wiped afterwards if asked (`--wipe-source`), with how far it went.
    pub source_wipe: Option<FileWipe>,
}

impl Vault {
    pub(super) fn attachments_dir(&self) -> Result<PathBuf, VaultError> {
        self.exchange_folder(ATTACHMENTS_FOLDER)
    }

    pub(super) fn attachment_path(&self, id: &str) -> PathBuf {
        self.dir.join(ATTACHMENTS_FOLDER).join(id)
    }

    /// The interview's attachments in its latest revision (not those a draft removed).
    pub fn attachments(&self, selector: &str) -> Result<Vec<AttachmentInfo>, VaultError> {
        let id = self.resolve(selector)?;
        let latest = self.latest(&id)?;
        Ok(self
            .store
            .attachments_of(&id)?
            .iter()
            .filter(|a| a.state != "recording")
            .filter(|a| a.removed_in.is_none_or(|r| r > latest.number))
            .map(AttachmentInfo::from)
            .collect())
    }

    /// Streams the file at `path` into the vault as an attachment of the interview's
    /// draft, encrypted as it is read: no plaintext is written anywhere. Audio needs the
    /// interview's consent to recording. With `wipe_source`, the original is wiped after
    /// the attachment is stored.
    pub fn attach_add(
        &mut self,
        selector: &str,
        path: &Path,
        wipe_source: bool,
    ) -> Result<AttachReport, VaultError> {
        let (interview_id, latest) = self.draft_of(selector)?;
        let before = std::fs::symlink_metadata(path).map_err(|e| VaultError::io(IoAction::Read, path, e))?;
        if !before.file_type().is_file() {
            return Err(VaultError::Attachment(AttachmentRefusal::NotARegularFile(
                path.to_path_buf(),
            )));
        }
        self.check_room(&interview_id, before.len())?;
        let mut source = File::open(path).map_err(|e| VaultError::io(IoAction::Read, path, e))?;
        let mut head = vec![0u8; 8192];
        let head_len =
            read_up_to(&mut source, &mut head).map_err(|e| VaultError::io(IoAction::Read, path, e))?;
        head.truncate(head_len);
        let media_type = sniff(&head);
        if media_type.starts_with("audio/") && !self.consents_to_recording(selector)? {
            return Err(VaultError::Attachment(AttachmentRefusal::NoRecordingConsent {
                code: latest.code.clone(),
            }));
        }

        let id_bytes = crate::crypto::random::random_array::<16>();
        let id = hex::encode(id_bytes);
        let key = AttachmentKey::generate();
        let dir = self.attachments_dir()?;
        let partial = dir.join(format!(".{id}.partial"));
        // Two threads: this one reads and hashes the original, the other encrypts and
        // writes; a few pieces in flight between them bound the memory.
        let stored = std::thread::scope(|scope| {
            let (pieces, arriving) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
            let writing = scope.spawn(|| {
                let out = create_private(&partial)?;
                // A third thread flushes what is written every 64 MiB, so that the disk
                // works while encryption goes on and the final `fsync` has little left.
                let flushing = out.try_clone()?;
                let (flush, flushes) = std::sync::mpsc::sync_channel::<()>(1);
                let flusher = std::thread::spawn(move || {
                    for () in flushes {
                        let _ = flushing.sync_data();
                    }
                });
                let mut writer = ChunkWriter::new(out, &key, id_bytes)?;
                let mut since_flush = 0usize;
                for piece in arriving {
                    since_flush += piece.len();
                    writer.write_piece(piece)?;
                    if since_flush >= 64 << 20 {
                        since_flush = 0;
                        let _ = flush.try_send(());
                    }
                }
                drop(flush);
                let _ = flusher.join();
                let (out, sealed) = writer.finish()?;
                out.sync_all()?;
                Ok::<_, std::io::Error>(sealed)
            });
            let mut digest = crate::crypto::digest::Sha256Stream::new();
            digest.update(&head);
            let mut read = Ok(head.len() as u64);
            if pieces.send(head).is_ok() {
                read = (|| {
                    let mut total = head_len as u64;
                    loop {
                        let mut piece = vec![0u8; 1 << 20];
                        let n = read_up_to(&mut source, &mut piece)?;
                        if n == 0 {
                            return Ok(total);
                        }
                        piece.truncate(n);
                        digest.update(&piece);
                        total += n as u64;
                        // More than was there at the start: it grows; stop here.
                        if total > before.len() || pieces.send(piece).is_err() {
                            return Ok(total);
                        }
                    }
                })();
            }
            drop(pieces);
            let written = writing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let sealed = written.map_err(|e| VaultError::io(IoAction::StoreAttachment, &partial, e))?;
            let total = read.map_err(|e| VaultError::io(IoAction::Read, path, e))?;
            Ok::<_, VaultError>((sealed, total, digest.finish()))
        });
        let (sealed, read_bytes, sha256) = match stored {
            Ok(stored) => stored,
            Err(error) => {
                let _ = std::fs::remove_file(&partial);
                return Err(error);
            }
        };
        // A file that changed while it was read is not what anyone chose to keep.
        let after = std::fs::symlink_metadata(path).ok();
        if sealed.size != before.len()
            || read_bytes != before.len()
            || after.is_none_or(|a| a.len() != before.len() || a.modified().ok() != before.modified().ok())
        {
            let _ = std::fs::remove_file(&partial);
            return Err(VaultError::Attachment(AttachmentRefusal::ChangedWhileReading(
                path.to_path_buf(),
            )));
        }
        let final_path = self.attachment_path(&id);
        std::fs::rename(&partial, &final_path)
            .and_then(|()| crate::disk::atomic::sync_dir(&dir))
            .map_err(|e| {
                let _ = std::fs::remove_file(&partial);
                VaultError::io(IoAction::StoreAttachment, &final_path, e)
            })?;
        let row = AttachmentRow {
            id: id.clone(),
            interview_id: interview_id.clone(),
            added_in: latest.number,
            removed_in: None,
            file_name: crate::disk::atomic::file_name_of(path),
            media_type,
            size: sealed.size,
            sha256: hex::encode(sha256),
            added_at: now(),
            state: "complete".into(),
            key: Some(key.expose_secret().to_vec()),
            device: None,
            origin_id: None,
        };
        let recorded = self.store.write(|tx| {
            tx.insert_attachment(&row)?;
            audit::append(
                tx,
                &row.added_at,
                Action::AttachmentAdded,
                &interview_id,
                json!({
                    "attachment": row.id,
                    "revision": row.added_in,
                    "sha256": row.sha256,
                    "size": row.size,
                    "media_type": row.media_type,
                }),
            )?;
            Ok::<_, VaultError>(())
        });
        if let Err(error) = recorded {
            let _ = std::fs::remove_file(&final_path);
            return Err(error);
        }
        let source_wipe = if wipe_source {
            Some(wipe::wipe_file(path)?)
        } else {
            None
        };
        Ok(AttachReport {
            attachment: AttachmentInfo::from(&row),
            source_wipe,
        })
    }

    /// The interview and its latest revision, which must be a draft (only a draft takes
    /// or drops attachments).
    pub(super) fn draft_of(&self, selector: &str) -> Result<(String, crate::store::RevisionRow), VaultError> {
        let interview_id = self.resolve(selector)?;
        let latest = self.latest(&interview_id)?;
        if latest.state != Lifecycle::Draft {
            return Err(VaultError::Interview(super::error::InterviewRefusal::Fixed {
                code: latest.code.clone(),
                revision: latest.number,
                state: latest.state,
            }));
        }
        Ok((interview_id, latest))
    }

    pub(super) fn consents_to_recording(&self, selector: &str) -> Result<bool, VaultError> {
        Ok(self
            .show(selector)?
            .record
            .is_some_and(|record| record.interview().consent.recording))
    }

    pub(super) fn check_room(&self, interview_id: &str, adding: u64) -> Result<(), VaultError> {
        let interview = self.store.attachment_bytes(Some(interview_id))?;
        if interview + adding > INTERVIEW_LIMIT {
            return Err(VaultError::Attachment(AttachmentRefusal::InterviewFull {
                limit_gib: INTERVIEW_LIMIT >> 30,
            }));
        }
        let vault = self.store.attachment_bytes(None)?;
        if vault + adding > VAULT_LIMIT {
            return Err(VaultError::Attachment(AttachmentRefusal::VaultFull {
                limit_gib: VAULT_LIMIT >> 30,
            }));
        }
        Ok(())
    }

    /// One of the interview's current attachments, by id (or a unique prefix of it) or
    /// by its original file name.
    fn find_attachment(&self, selector: &str, attachment: &str) -> Result<AttachmentRow, VaultError> {
        let interview_id = self.resolve(selector)?;
        let latest = self.latest(&interview_id)?;
        let rows: Vec<AttachmentRow> = self
            .store
            .attachments_of(&interview_id)?
            .into_iter()
            .filter(|a| a.state != "recording")
            .filter(|a| a.removed_in.is_none_or(|r| r > latest.number))
            .filter(|a| a.file_name == attachment || (attachment.len() >= 4 && a.id.starts_with(attachment)))
            .collect();
        match <[AttachmentRow; 1]>::try_from(rows) {
            Ok([row]) => Ok(row),
            Err(rows) if rows.is_empty() => Err(VaultError::NotFound(Missing::Attachment {
                selector: attachment.to_owned(),
            })),
            Err(_) => Err(VaultError::NotFound(Missing::SeveralAttachments {
                selector: attachment.to_owned(),
            })),
        }
    }

    /// An attachment's plaintext in memory (to show a photo), if it is at most `limit`
    /// bytes; `None` if it is larger. The buffer is wiped when dropped.
    pub fn read_attachment(
        &self,
        selector: &str,
        attachment: &str,
        limit: u64,
    ) -> Result<Option<(AttachmentInfo, Plaintext)>, VaultError> {
        let row = self.find_attachment(selector, attachment)?;
        if row.size > limit {
            return Ok(None);
        }
        let mut reader = self.reader_of(&row)?;
        let mut bytes = Zeroizing::new(vec![0u8; row.size as usize]);
        let damaged = |detail: String| {
            VaultError::Attachment(AttachmentRefusal::Damaged {
                name: row.file_name.clone(),
                detail,
            })
        };
        reader
            .read_exact(&mut bytes)
            .map_err(|e| damaged(e.to_string()))?;
        let mut rest = [0u8; 1];
        if reader.read(&mut rest).map_err(|e| damaged(e.to_string()))? != 0
            || crate::crypto::digest::sha256_hex(&bytes) != row.sha256
        {
            return Err(damaged(
                "its bytes differ from the SHA-256 recorded at import".into(),
            ));
        }
        Ok(Some((AttachmentInfo::from(&row), bytes)))
    }

    /// The attachments the revisions `rows` carry (those added in or before one of them
    /// and not removed by then), as manifest entries, with their rows, in a fixed order.
    pub(super) fn attachments_carried(
        &self,
        rows: &[crate::store::RevisionRow],
    ) -> Result<Vec<(crate::bundle::AttachmentEntry, AttachmentRow)>, VaultError> {
        let mut carried: Vec<(crate::bundle::AttachmentEntry, AttachmentRow)> = Vec::new();
        let interviews: std::collections::BTreeSet<&str> =
            rows.iter().map(|r| r.interview_id.as_str()).collect();
        for interview in interviews {
            let numbers: Vec<u32> = rows
                .iter()
                .filter(|r| r.interview_id == interview)
                .map(|r| r.number)
                .collect();
            for a in self.store.attachments_of(interview)? {
                let carries = numbers
                    .iter()
                    .any(|&n| a.added_in <= n && a.removed_in.is_none_or(|r| r > n));
                if a.state != "complete" || !carries {
                    continue;
                }
                let entry = crate::bundle::AttachmentEntry {
                    id: a.id.clone(),
                    interview_id: a.interview_id.clone(),
                    added_in: a.added_in,
                    removed_in: a.removed_in,
                    name: a.file_name.clone(),
                    media_type: a.media_type.clone(),
                    added_at: a.added_at.clone(),
                    file: crate::bundle::manifest::attachment_file_name(&a.id),
                    sha256: a.sha256.clone(),
                    size: a.size,
                };
                carried.push((entry, a));
            }
        }
        Ok(carried)
    }

    /// The plaintext of a stored attachment, checked chunk by chunk as it is read.
    pub(super) fn reader_of(
        &self,
        row: &AttachmentRow,
    ) -> Result<ChunkReader<std::io::BufReader<File>>, VaultError> {
        let (key, id) = super::recording::key_and_id(row)?;
        let path = self.attachment_path(&row.id);
        let file = File::open(&path).map_err(|e| VaultError::io(IoAction::Read, &path, e))?;
        ChunkReader::new(std::io::BufReader::with_capacity(1 << 20, file), &key, id).map_err(|e| {
            VaultError::Attachment(AttachmentRefusal::Damaged {
                name: row.file_name.clone(),
                detail: e.to_string(),
            })
        })
    }

    /// Writes the attachment's plaintext to the new file `to` (never over an existing
    /// one), checking it against the SHA-256 recorded at import. Front ends ask for an
    /// explicit confirmation first: the copy is unencrypted.
    pub fn attach_export(
        &self,
        selector: &str,
        attachment: &str,
        to: &Path,
    ) -> Result<AttachmentInfo, VaultError> {
        let row = self.find_attachment(selector, attachment)?;
        let mut reader = self.reader_of(&row)?;
        let out = create_private(to).map_err(|e| VaultError::io(IoAction::ExportAttachment, to, e))?;
        let damaged = |detail: String| {
            VaultError::Attachment(AttachmentRefusal::Damaged {
                name: row.file_name.clone(),
                detail,
            })
        };
        // Two threads: one decrypts, this one hashes and writes (and a third flushes
        // every 64 MiB, as `attach add` does).
        let copied = std::thread::scope(|scope| {
            let (pieces, arriving) = std::sync::mpsc::sync_channel::<Zeroizing<Vec<u8>>>(4);
            let decrypting = scope.spawn(move || {
                loop {
                    let mut piece = Zeroizing::new(vec![0u8; 1 << 20]);
                    let n = read_up_to(&mut reader, &mut piece)?;
                    if n == 0 {
                        return Ok::<_, std::io::Error>(());
                    }
                    piece.truncate(n);
                    if pieces.send(piece).is_err() {
                        return Ok(());
                    }
                }
            });
            let flushing = out
                .try_clone()
                .map_err(|e| VaultError::io(IoAction::ExportAttachment, to, e))?;
            let (flush, flushes) = std::sync::mpsc::sync_channel::<()>(1);
            let flusher = scope.spawn(move || {
                for () in flushes {
                    let _ = flushing.sync_data();
                }
            });
            let mut out = out;
            let mut digest = crate::crypto::digest::Sha256Stream::new();
            let mut since_flush = 0usize;
            let mut written = Ok(());
            for piece in arriving {
                digest.update(&piece);
                if let Err(e) = out.write_all(&piece) {
                    written = Err(VaultError::io(IoAction::ExportAttachment, to, e));
                    break;
                }
                since_flush += piece.len();
                if since_flush >= 64 << 20 {
                    since_flush = 0;
                    let _ = flush.try_send(());
                }
            }
            drop(flush);
            let _ = flusher.join();
            let decrypted = decrypting
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            written?;
            decrypted.map_err(|e| damaged(e.to_string()))?;
            out.sync_all()
                .map_err(|e| VaultError::io(IoAction::ExportAttachment, to, e))?;
            if hex::encode(digest.finish()) != row.sha256 {
                return Err(damaged(
                    "its bytes differ from the SHA-256 recorded at import".into(),
                ));
            }
            Ok(())
        });
        if let Err(error) = copied {
            let _ = std::fs::remove_file(to);
            return Err(error);
        }
        Ok(AttachmentInfo::from(&row))
    }

    /// Drops an attachment from the interview's draft. One added in this draft is wiped
    /// (its key, then its file); one carried from a sealed revision stays with that
    /// revision.
    pub fn attach_remove(&mut self, selector: &str, attachment: &str) -> Result<AttachmentInfo, VaultError> {
        let row = self.find_attachment(selector, attachment)?;
        let latest = self.latest(&row.interview_id)?;
        if latest.state != Lifecycle::Draft {
            return Err(VaultError::Interview(super::error::InterviewRefusal::Fixed {
                code: latest.code.clone(),
                revision: latest.number,
                state: latest.state,
            }));
        }
        let at = now();
        self.store.write(|tx| {
            tx.remove_attachment(&row.id, latest.number)?;
            audit::append(
                tx,
                &at,
                Action::AttachmentRemoved,
                &row.interview_id,
                json!({ "attachment": row.id, "revision": latest.number }),
            )?;
            Ok::<_, VaultError>(())
        })?;
        if row.added_in == latest.number {
            let path = self.attachment_path(&row.id);
            if path.exists() {
                wipe::wipe_file(&path)?;
            }
        }
        Ok(AttachmentInfo::from(&row))
    }
}

/// Reads until `buf` is full or the input ends.
fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The media type from the first bytes (never from the name); `application/octet-stream`
/// when they say nothing known.
pub fn sniff(head: &[u8]) -> String {
    infer::get(head).map_or_else(
        || "application/octet-stream".to_owned(),
        |kind| kind.mime_type().to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_come_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), "application/pdf");
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), "audio/x-wav");
        assert_eq!(sniff(b"plain words"), "application/octet-stream");
    }
}
