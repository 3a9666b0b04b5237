//! Deleting files so that their content is really gone — as far as software can say so.
//!
//! This is the only module that deletes anything fieldvault wrote. It exists because a plain
//! `unlink` leaves every byte of a testimony on the disk, readable by anyone who images it at a
//! border search. Flash media (SSDs, USB sticks) remap writes, so overwriting a file cannot
//! promise that old blocks are gone; NIST SP 800-88 treats *cryptographic erase* as the sound
//! method for them. So the order here is always:
//!
//! 1. **crypto-erase first**: destroy the only copy of the wrapped database key (the vault
//!    header), after which the database, its WAL and any copy of them are ciphertext without a
//!    key ([`destroy_vault_dir`]);
//! 2. **overwrite second**: random data over every byte of each file, `fsync`, truncate, rename
//!    to a random name, unlink, `fsync` of the folder ([`wipe_file`]);
//! 3. **an honest report**: what was done per file, what failed, and the plain-language
//!    [`limits`] of what any of this guarantees.
//!
//! The overwrite data comes from [`NoiseStream`] (AES-256-GCM keystream under a key drawn
//! once per stream from the operating system's CSPRNG, hardware AES through ring) and is
//! generated on other threads while one writes, so a wipe runs at the speed of the medium. The data only has to
//! be unpredictable and incompressible (a compressing or deduplicating SSD must not be able to
//! store it as "zeros"); it protects no secret, so its key is not kept anywhere.
//!
//! Errors say how far a wipe got and what to do; they name paths but never file content.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use crate::crypto::random::{NoiseStream, fill_random};
use crate::explain::{Explain, Explanation};

/// Size of one write: large enough that system-call overhead vanishes, small enough that a
/// few buffers in flight cost nothing.
const CHUNK: usize = 1 << 20;

/// Overwritten data is flushed to the medium (`fdatasync`) every this many bytes, so that an
/// interruption can report how much was *confirmed* written, and so that a pulled stick is
/// noticed within seconds rather than after the whole file sat in the page cache.
const SYNC_EVERY: u64 = 256 << 20;

/// At most this many threads generate overwrite data for one file.
const GENERATORS: usize = 2;

/// Prefix of the random name a file is renamed to just before it is unlinked.
const WIPED_PREFIX: &str = ".wiped-";

/// What happened to one file, for the wipe report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileWipe {
    /// The path the file had when the wipe started.
    pub path: PathBuf,
    /// Its length in bytes before the wipe.
    pub bytes: u64,
    /// Every byte was overwritten with random data and the medium confirmed it (`fsync`).
    pub overwritten: bool,
    /// It was renamed to a random name before it was unlinked.
    pub renamed: bool,
    /// Its directory entry is gone.
    pub unlinked: bool,
    /// The folder was `fsync`ed after the unlink (false where the file system cannot do it).
    pub dir_synced: bool,
}

/// The report of [`destroy_vault_dir`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct DestroyReport {
    /// The vault header (and every temporary copy of it) was overwritten in place and the
    /// medium confirmed it: the vault can no longer be opened with any passphrase.
    pub key_destroyed: bool,
    /// Milliseconds from the call until the key was destroyed (0 if it was not).
    pub key_destroyed_after_ms: f64,
    /// Every file that was wiped, the header first.
    pub files: Vec<FileWipe>,
    /// The vault folder itself is gone.
    pub folder_removed: bool,
    /// What went wrong along the way, in plain words; empty when everything worked.
    pub problems: Vec<String>,
}

/// The step of a wipe at which it was interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WipeStep {
    Overwriting,
    Truncating,
    Renaming,
    SyncingFolder,
    Unlinking,
}

impl WipeStep {
    /// Where the file stands after an interruption at this step, as a catalogue selector.
    fn state_id(self) -> &'static str {
        match self {
            WipeStep::Overwriting => "overwriting",
            WipeStep::Truncating => "truncating",
            WipeStep::Renaming => "renaming",
            WipeStep::SyncingFolder | WipeStep::Unlinking => "unlinking",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WipeError {
    NotFound {
        path: PathBuf,
    },
    /// `kind`: what it is instead (`folder`, `device`, `pipe`, `socket`, `other`).
    NotAFile {
        path: PathBuf,
        kind: &'static str,
    },
    /// A vault folder to destroy that is not a folder.
    NotAFolder {
        path: PathBuf,
    },
    Symlink {
        path: PathBuf,
    },
    HardLinked {
        path: PathBuf,
        links: u64,
    },
    ReadOnly {
        path: PathBuf,
    },
    NotWritable {
        path: PathBuf,
    },
    Interrupted {
        path: PathBuf,
        /// Where the file is now (its original path, or the random name it was renamed to).
        now_at: PathBuf,
        /// Share of the file's bytes that the medium confirmed overwritten.
        done_percent: u8,
        step: WipeStep,
        source: io::Error,
    },
    /// `action`: what could not be done (`open`, `read-metadata`, `replaced-while-opening`…).
    Io {
        path: PathBuf,
        action: &'static str,
        source: io::Error,
    },
}

impl Explain for WipeError {
    fn explain(&self) -> Explanation {
        match self {
            WipeError::NotFound { path } => Explanation::new("wipe-not-found").path("path", path),
            WipeError::NotAFile { path, kind } => Explanation::new("wipe-not-a-file")
                .path("path", path)
                .text("kind", kind),
            WipeError::NotAFolder { path } => Explanation::new("wipe-not-a-folder").path("path", path),
            WipeError::Symlink { path } => Explanation::new("wipe-symlink").path("path", path),
            WipeError::HardLinked { path, links } => Explanation::new("wipe-hard-linked")
                .path("path", path)
                .number("links", *links as f64),
            WipeError::ReadOnly { path } => Explanation::new("wipe-read-only").path("path", path),
            WipeError::NotWritable { path } => Explanation::new("wipe-not-writable").path("path", path),
            WipeError::Interrupted {
                path,
                now_at,
                done_percent,
                step,
                source,
            } => Explanation::new("wipe-interrupted")
                .path("path", path)
                .path("now_at", now_at)
                .number("percent", *done_percent)
                .text("state", step.state_id())
                .technical(source),
            WipeError::Io { path, action, source } => Explanation::new("wipe-io")
                .path("path", path)
                .text("action", action)
                .technical(source),
        }
    }
}

crate::explain::display_in_english!(WipeError);

/// Overwrites the file at `path` with random data, then truncates, renames and unlinks it.
///
/// Steps: one pass of random data in 1 MiB writes, `fsync`; truncate to 0, `fsync`; rename to
/// a random name in the same folder, `fsync` of the folder; unlink, `fsync` of the folder.
/// Refuses directories, symbolic links (never followed), other non-regular files, and files
/// with more than one hard link. An interruption is reported with how far it got; running the
/// wipe again on the same path completes it.
pub fn wipe_file(path: &Path) -> Result<FileWipe, WipeError> {
    let meta = check_regular(path)?;
    if meta.nlink() > 1 {
        return Err(WipeError::HardLinked {
            path: path.to_owned(),
            links: meta.nlink(),
        });
    }
    let file = open_same_file(path, &meta)?;
    let len = meta.len();
    let mut report = FileWipe {
        path: path.to_owned(),
        bytes: len,
        overwritten: false,
        renamed: false,
        unlinked: false,
        dir_synced: false,
    };
    let stop = |now_at: &Path, done: u64, step: WipeStep, source: io::Error| WipeError::Interrupted {
        path: path.to_owned(),
        now_at: now_at.to_owned(),
        done_percent: percent(done, len),
        step,
        source,
    };

    overwrite(&file, len).map_err(|(done, e)| stop(path, done, WipeStep::Overwriting, e))?;
    report.overwritten = true;
    file.set_len(0)
        .and_then(|()| file.sync_all())
        .map_err(|e| stop(path, len, WipeStep::Truncating, e))?;
    drop(file);

    let dir = parent_dir(path);
    let hidden = dir.join(random_name());
    fs::rename(path, &hidden).map_err(|e| stop(path, len, WipeStep::Renaming, e))?;
    report.renamed = true;
    sync_dir(&dir).map_err(|e| stop(&hidden, len, WipeStep::SyncingFolder, e))?;
    fs::remove_file(&hidden).map_err(|e| stop(&hidden, len, WipeStep::Unlinking, e))?;
    report.unlinked = true;
    report.dir_synced = sync_dir(&dir).map_err(|e| stop(&dir, len, WipeStep::SyncingFolder, e))?;
    Ok(report)
}

/// Overwrites the first `len` bytes of an already-open file in place with random data and
/// `fsync`s it. Used to scrub a superseded vault header whose name was already replaced by an
/// atomic rename. The file must have been opened for writing.
pub fn scrub_open_file(file: &File, len: u64) -> Result<(), WipeError> {
    let path = PathBuf::from("(an open file)");
    overwrite(file, len)
        .and_then(|()| file.sync_all().map_err(|e| (len, e)))
        .map_err(|(done, source)| match read_only_or_denied(&source, &path) {
            Some(e) if done == 0 => e,
            _ => WipeError::Interrupted {
                now_at: path.clone(),
                path,
                done_percent: percent(done, len),
                step: WipeStep::Overwriting,
                source,
            },
        })
}

/// The panic action on a vault folder.
///
/// First the header `header_name` (and any temporary copy of it, `header_name.*`) is
/// overwritten in place with random bytes and `fsync`ed: from then on the vault cannot be
/// opened — that is the crypto-erase, and the time it took is reported. Then the header is
/// wiped and unlinked, then every other regular file in the folder (database, WAL, SHM,
/// leftovers, sub-folders) is wiped with [`wipe_file`], then the folder is removed and its
/// parent `fsync`ed. Individual failures are collected in the report and do not stop the rest.
///
/// Returns an error only when nothing could be done: `dir` is missing, not a folder, a link,
/// or on a read-only medium.
pub fn destroy_vault_dir(dir: &Path, header_name: &str) -> Result<DestroyReport, WipeError> {
    let started = Instant::now();
    let meta = fs::symlink_metadata(dir).map_err(|e| not_found_or_io(dir, "read", e))?;
    if meta.file_type().is_symlink() {
        return Err(WipeError::Symlink { path: dir.to_owned() });
    }
    if !meta.is_dir() {
        return Err(WipeError::NotAFolder { path: dir.to_owned() });
    }
    let mut report = DestroyReport {
        key_destroyed: false,
        key_destroyed_after_ms: 0.0,
        files: Vec::new(),
        folder_removed: false,
        problems: Vec::new(),
    };

    // 1. Crypto-erase: every file that may hold the wrapped key, before anything else.
    let header = dir.join(header_name);
    let mut key_files = vec![header.clone()];
    // Temporary copies: `.vault.header.tmp-…` from the atomic write, and the unhidden
    // `vault.header.tmp-…` that versions before 2026-11-28 left.
    let copy_prefix = format!("{header_name}.");
    let hidden_prefix = format!(".{header_name}.");
    if let Ok(entries) = fs::read_dir(dir) {
        key_files.extend(
            entries
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with(&copy_prefix) || n.starts_with(&hidden_prefix))
                })
                .map(|e| e.path()),
        );
    }
    let mut all_scrubbed = true;
    for (i, path) in key_files.iter().enumerate() {
        match scrub_in_place(path) {
            Ok(()) => {}
            Err(e @ WipeError::ReadOnly { .. }) => return Err(e),
            Err(WipeError::NotFound { .. }) if i == 0 => {
                all_scrubbed = false;
                report.problems.push(format!(
                    "no vault header {} was found, so no key was destroyed here; the folder is \
                     wiped anyway",
                    path.display()
                ));
            }
            Err(e) => {
                all_scrubbed = false;
                report
                    .problems
                    .push(format!("the key in {} may survive: {e}", path.display()));
            }
        }
    }
    if all_scrubbed {
        report.key_destroyed = true;
        report.key_destroyed_after_ms = started.elapsed().as_secs_f64() * 1000.0;
    }

    // 2. Overwrite and unlink every file: the key files first, then everything else.
    for path in key_files.iter().filter(|p| p.exists()) {
        remove_one(path, &mut report);
    }
    remove_tree_contents(dir, &mut report);

    // 3. The folder itself.
    match fs::remove_dir(dir) {
        Ok(()) => {
            report.folder_removed = true;
            if let Err(e) = sync_dir(&parent_dir(dir)) {
                report.problems.push(format!(
                    "the vault folder was removed but its parent could not be synced ({e}); it may \
                     reappear empty after a power cut"
                ));
            }
        }
        Err(e) => report.problems.push(format!(
            "could not remove the vault folder {} ({e})",
            dir.display()
        )),
    }
    Ok(report)
}

/// What `destroy` does and does not guarantee, for its report. An auditor reads these;
/// they never claim more than is true. Each operation has its own list (`wipe delivered`'s
/// is in `vault::wipe_delivered`).
pub const DESTROY_LIMITS: &[&str] = &[
    "The protection rests on the key: the vault header, the only copy of the wrapped \
     database key, is destroyed first. Every copy of the database that may survive anywhere \
     is ciphertext whose key is gone.",
    "On SSDs and USB sticks, overwriting does not guarantee that the old blocks are gone: the \
     device's controller remaps writes, and old blocks may survive in remapped or spare areas \
     that no software can reach. Only the destroyed key protects what is there.",
    "Copies of data may exist in the file system's journal and in blocks the file system \
     moved or freed earlier (for example when the database grew or was rewritten); they are \
     not overwritten.",
    "File names may persist in directory blocks or in the journal on some file systems (FAT \
     marks a deleted name instead of erasing it). Files are renamed to a random name before \
     they are unlinked to reduce this, but it is not guaranteed.",
    "A stuck or unreadable sector, a backup, a snapshot, a cloud sync or a copy made outside \
     fieldvault is not touched.",
];

/// What `wipe file` does and does not guarantee.
pub const FILE_LIMITS: &[&str] = &[
    "Each file was overwritten with random bytes, flushed, renamed to a random name and \
     unlinked. The vault and its key are not touched.",
    "A bundle is encrypted to headquarters' key: a copy that survives opens only with that \
     key. Wiping removes the file from the stick, so that the stick no longer shows a \
     delivery; it is not what keeps the content secret.",
    "On USB sticks and SSDs the controller remaps writes: old blocks of the file may survive \
     physically in areas no software can reach.",
    "The file's name may persist in directory blocks or the journal on some file systems \
     (FAT marks a deleted name instead of erasing it).",
    "Other copies of the file (another stick, a backup, headquarters' own copy) are not \
     touched.",
];

/// What `wipe exported` does and does not guarantee.
pub const EXPORTED_LIMITS: &[&str] = &[
    "Only bundles that a headquarters receipt confirmed were wiped; every other file in the \
     folder was left as it was, with the reason.",
    "Each wiped bundle was overwritten with random bytes, flushed, renamed to a random name \
     and unlinked. The vault and its key are not touched.",
    "On USB sticks and SSDs the controller remaps writes: old blocks may survive physically; \
     they are encrypted to headquarters' key.",
    "Names may persist in directory blocks or the journal on some file systems (FAT marks a \
     deleted name instead of erasing it).",
];

// ---------------------------------------------------------------------------------------------
// Steps

/// `lstat`s `path` and accepts only a regular file (no link is followed).
fn check_regular(path: &Path) -> Result<Metadata, WipeError> {
    let meta = fs::symlink_metadata(path).map_err(|e| not_found_or_io(path, "read", e))?;
    let t = meta.file_type();
    let kind = if t.is_symlink() {
        return Err(WipeError::Symlink {
            path: path.to_owned(),
        });
    } else if t.is_file() {
        return Ok(meta);
    } else if t.is_dir() {
        "folder"
    } else if t.is_block_device() || t.is_char_device() {
        "device"
    } else if t.is_fifo() {
        "pipe"
    } else if t.is_socket() {
        "socket"
    } else {
        "other"
    };
    Err(WipeError::NotAFile {
        path: path.to_owned(),
        kind,
    })
}

/// Opens `path` for writing (never creating or truncating it) and checks that it is still the
/// file `meta` describes, so a swap for a link between the check and the open is caught.
fn open_same_file(path: &Path, meta: &Metadata) -> Result<File, WipeError> {
    let file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| read_only_or_denied(&e, path).unwrap_or_else(|| not_found_or_io(path, "open", e)))?;
    let now = file.metadata().map_err(|e| io_err(path, "read", e))?;
    if now.dev() != meta.dev() || now.ino() != meta.ino() || !now.is_file() {
        return Err(WipeError::Io {
            path: path.to_owned(),
            action: "replaced",
            source: io::Error::other("the file changed under us"),
        });
    }
    Ok(file)
}

/// Overwrites a key file in place, whatever its link count: in a panic the key must die
/// under every name it has.
fn scrub_in_place(path: &Path) -> Result<(), WipeError> {
    let meta = check_regular(path)?;
    let file = open_same_file(path, &meta)?;
    scrub_open_file(&file, meta.len()).map_err(|e| match e {
        WipeError::Interrupted {
            done_percent,
            step,
            source,
            ..
        } => WipeError::Interrupted {
            path: path.to_owned(),
            now_at: path.to_owned(),
            done_percent,
            step,
            source,
        },
        other => other,
    })
}

/// Wipes every entry inside `dir`, depth first, recording results and problems.
fn remove_tree_contents(dir: &Path, report: &mut DestroyReport) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            report
                .problems
                .push(format!("could not list the folder {} ({e})", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => {
                remove_tree_contents(&path, report);
                if let Err(e) = fs::remove_dir(&path) {
                    report
                        .problems
                        .push(format!("could not remove the folder {} ({e})", path.display()));
                }
            }
            Ok(_) => remove_one(&path, report),
            Err(e) => report
                .problems
                .push(format!("could not read {} ({e})", path.display())),
        }
    }
}

/// Wipes one file for [`destroy_vault_dir`]; what cannot be overwritten is at least unlinked.
fn remove_one(path: &Path, report: &mut DestroyReport) {
    match wipe_file(path) {
        Ok(done) => report.files.push(done),
        Err(WipeError::NotFound { .. }) => {}
        Err(e @ (WipeError::Symlink { .. } | WipeError::HardLinked { .. } | WipeError::NotAFile { .. })) => {
            let unlinked = fs::remove_file(path).is_ok();
            report.problems.push(format!(
                "{e}; in the panic destroy it was {} without overwriting",
                if unlinked { "unlinked" } else { "left in place" }
            ));
        }
        Err(e) => report.problems.push(e.to_string()),
    }
}

/// Writes `len` bytes of random data from offset 0, syncing every [`SYNC_EVERY`] bytes and at
/// the end. On failure returns how many bytes the medium had confirmed, and the error.
///
/// Other threads generate the random data while this one writes.
fn overwrite(file: &File, len: u64) -> Result<(), (u64, io::Error)> {
    overwrite_into(&mut FileSink(file), len, SYNC_EVERY)
}

/// Where [`overwrite`] writes: a file, or a failing stand-in in the tests.
trait Sink {
    fn write_all_at(&mut self, buf: &[u8], offset: u64) -> io::Result<()>;
    fn sync_data(&mut self) -> io::Result<()>;
}

struct FileSink<'a>(&'a File);

impl Sink for FileSink<'_> {
    fn write_all_at(&mut self, buf: &[u8], offset: u64) -> io::Result<()> {
        self.0.write_all_at(buf, offset)
    }
    fn sync_data(&mut self) -> io::Result<()> {
        self.0.sync_data()
    }
}

fn overwrite_into(sink: &mut dyn Sink, len: u64, sync_every: u64) -> Result<(), (u64, io::Error)> {
    if len == 0 {
        return Ok(());
    }
    let mut confirmed = 0u64;
    let mut written = 0u64;
    let mut write = |buf: &[u8]| -> Result<(), (u64, io::Error)> {
        sink.write_all_at(buf, written).map_err(|e| (confirmed, e))?;
        written += buf.len() as u64;
        if written == len || written - confirmed >= sync_every {
            sink.sync_data().map_err(|e| (confirmed, e))?;
            confirmed = written;
        }
        Ok(())
    };
    if len <= CHUNK as u64 {
        let mut buf = vec![0u8; len as usize];
        NoiseStream::new().fill(&mut buf);
        return write(&buf);
    }
    // Generating the data costs about as much CPU as the medium takes to absorb it, so it is
    // spread over up to GENERATORS threads, each with its own stream and two buffers that
    // circulate: the generator fills empty ones, the writer takes full ones in turn.
    let generators = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, GENERATORS);
    std::thread::scope(|scope| {
        let mut lanes = Vec::with_capacity(generators);
        for _ in 0..generators {
            let (full_tx, full_rx) = mpsc::sync_channel::<Vec<u8>>(2);
            let (empty_tx, empty_rx) = mpsc::channel::<Vec<u8>>();
            for _ in 0..2 {
                let _ = empty_tx.send(vec![0u8; CHUNK]);
            }
            let mut stream = NoiseStream::new();
            scope.spawn(move || {
                while let Ok(mut buf) = empty_rx.recv() {
                    stream.fill(&mut buf);
                    if full_tx.send(buf).is_err() {
                        break;
                    }
                }
            });
            lanes.push((full_rx, empty_tx));
        }
        let mut left = len;
        for (full_rx, empty_tx) in lanes.iter().cycle() {
            if left == 0 {
                break;
            }
            let buf = full_rx.recv().expect("a random-data thread stopped unexpectedly");
            let n = left.min(CHUNK as u64) as usize;
            write(&buf[..n])?;
            left -= n as u64;
            let _ = empty_tx.send(buf);
        }
        Ok(())
        // Dropping `lanes` here ends the generator threads.
    })
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn percent(done: u64, len: u64) -> u8 {
    if len == 0 {
        100
    } else {
        (u128::from(done) * 100 / u128::from(len)) as u8
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `fsync`s a folder. Returns `Ok(false)` where the file system cannot sync folders.
fn sync_dir(dir: &Path) -> io::Result<bool> {
    match File::open(dir)?.sync_all() {
        Ok(()) => Ok(true),
        Err(e) if matches!(e.kind(), io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported) => Ok(false),
        Err(e) => Err(e),
    }
}

fn random_name() -> String {
    let mut bytes = [0u8; 16];
    fill_random(&mut bytes);
    format!("{WIPED_PREFIX}{}", hex::encode(bytes))
}

fn io_err(path: &Path, action: &'static str, source: io::Error) -> WipeError {
    WipeError::Io {
        path: path.to_owned(),
        action,
        source,
    }
}

fn not_found_or_io(path: &Path, action: &'static str, source: io::Error) -> WipeError {
    if source.kind() == io::ErrorKind::NotFound {
        WipeError::NotFound {
            path: path.to_owned(),
        }
    } else {
        io_err(path, action, source)
    }
}

fn read_only_or_denied(e: &io::Error, path: &Path) -> Option<WipeError> {
    match e.kind() {
        io::ErrorKind::ReadOnlyFilesystem => Some(WipeError::ReadOnly {
            path: path.to_owned(),
        }),
        io::ErrorKind::PermissionDenied => Some(WipeError::NotWritable {
            path: path.to_owned(),
        }),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn write_file(path: &Path, bytes: &[u8]) {
        fs::write(path, bytes).unwrap();
    }

    fn canary(len: usize) -> Vec<u8> {
        b"CANARY-testimony-do-not-leak-01!"
            .iter()
            .copied()
            .cycle()
            .take(len)
            .collect()
    }

    fn names_in(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect()
    }

    #[test]
    fn noise_is_not_repeating_and_fills_odd_lengths() {
        let mut c = NoiseStream::new();
        let mut a = vec![0u8; 1000];
        c.fill(&mut a);
        let mut b = vec![0u8; 1000];
        c.fill(&mut b);
        assert_ne!(a, b);
        assert!(a[900..].iter().any(|&x| x != 0));
    }

    #[test]
    fn overwrite_replaces_every_byte_with_random_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let len = CHUNK * 2 + 123; // exercises the two-thread path and a partial last chunk
        let old = canary(len);
        write_file(&path, &old);
        let file = OpenOptions::new().write(true).open(&path).unwrap();
        overwrite(&file, len as u64).unwrap();
        drop(file);
        let mut new = Vec::new();
        File::open(&path).unwrap().read_to_end(&mut new).unwrap();
        assert_eq!(new.len(), len);
        let same = old.iter().zip(&new).filter(|(a, b)| a == b).count();
        // Random bytes agree with the old ones about 1 time in 256.
        assert!(same < len / 128, "{same} of {len} bytes unchanged");
        assert!(!new.windows(32).any(|w| w == &old[..32]), "a canary run survived");
        let zeros = new.iter().filter(|&&b| b == 0).count();
        assert!(zeros < len / 128, "too many zero bytes: {zeros}");
    }

    #[test]
    fn scrub_open_file_overwrites_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.header");
        write_file(&path, &[b'k'; 1024]);
        let file = OpenOptions::new().write(true).open(&path).unwrap();
        scrub_open_file(&file, 1024).unwrap();
        let after = fs::read(&path).unwrap();
        assert_eq!(after.len(), 1024);
        assert!(after.iter().filter(|&&b| b == b'k').count() < 32);
    }

    #[test]
    fn wiped_file_is_gone_and_leaves_no_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("W26-0012.bundle");
        write_file(&path, &canary(100_000));
        let report = wipe_file(&path).unwrap();
        assert_eq!(
            report,
            FileWipe {
                path: path.clone(),
                bytes: 100_000,
                overwritten: true,
                renamed: true,
                unlinked: true,
                dir_synced: true
            }
        );
        assert!(!path.exists());
        assert!(
            names_in(dir.path()).is_empty(),
            "left: {:?}",
            names_in(dir.path())
        );
    }

    #[test]
    fn empty_file_is_wiped_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty");
        write_file(&path, b"");
        let report = wipe_file(&path).unwrap();
        assert!(report.unlinked && report.overwritten);
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn refuses_folders_links_hard_links_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        assert!(matches!(wipe_file(&sub), Err(WipeError::NotAFile { .. })));

        let target = dir.path().join("target");
        write_file(&target, b"precious");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = wipe_file(&link).unwrap_err();
        assert!(matches!(err, WipeError::Symlink { .. }), "{err}");
        assert_eq!(fs::read(&target).unwrap(), b"precious");
        assert!(fs::symlink_metadata(&link).is_ok());

        let other = dir.path().join("other-name");
        fs::hard_link(&target, &other).unwrap();
        let err = wipe_file(&target).unwrap_err();
        assert!(matches!(err, WipeError::HardLinked { links: 2, .. }), "{err}");
        assert!(err.to_string().contains("other names"), "{err}");
        assert_eq!(fs::read(&other).unwrap(), b"precious");

        let missing = dir.path().join("missing");
        assert!(matches!(wipe_file(&missing), Err(WipeError::NotFound { .. })));
    }

    #[test]
    fn refuses_a_pipe() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .map(|s| s.success());
        if ok.unwrap_or(false) {
            assert!(matches!(
                wipe_file(&fifo),
                Err(WipeError::NotAFile { kind: "pipe", .. })
            ));
        }
    }

    /// Accepts `fail_after` bytes, then fails like a pulled stick.
    struct PulledStick {
        fail_after: u64,
        written: u64,
    }

    impl Sink for PulledStick {
        fn write_all_at(&mut self, buf: &[u8], offset: u64) -> io::Result<()> {
            assert_eq!(offset, self.written);
            if self.written + buf.len() as u64 > self.fail_after {
                return Err(io::Error::from_raw_os_error(5)); // EIO
            }
            self.written += buf.len() as u64;
            Ok(())
        }
        fn sync_data(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn interruption_reports_confirmed_progress() {
        let every = 4 * CHUNK as u64;
        let len = every * 4;
        let mut stick = PulledStick {
            fail_after: every * 3 / 2,
            written: 0,
        };
        let (confirmed, e) = overwrite_into(&mut stick, len, every).unwrap_err();
        assert_eq!(confirmed, every);
        assert_eq!(percent(confirmed, len), 25);
        let err = WipeError::Interrupted {
            path: "/media/stick/x.bundle".into(),
            now_at: "/media/stick/x.bundle".into(),
            done_percent: percent(confirmed, len),
            step: WipeStep::Overwriting,
            source: e,
        };
        let text = err.to_string();
        assert!(text.contains("overwritten 25%"), "{text}");
        assert!(text.contains("still there"), "{text}");
        assert!(text.contains("run the wipe again"), "{text}");
    }

    #[test]
    fn destroy_vault_dir_removes_everything_key_first() {
        let parent = tempfile::tempdir().unwrap();
        let vault = parent.path().join("vault");
        fs::create_dir(&vault).unwrap();
        write_file(&vault.join("vault.header"), &[b'h'; 1024]);
        write_file(&vault.join("vault.header.tmp-0123"), &[b'h'; 1024]);
        write_file(&vault.join(".vault.header.tmp-4567"), &[b'h'; 1024]);
        write_file(&vault.join("vault.db"), &canary(CHUNK + 5));
        write_file(&vault.join("vault.db-wal"), &canary(4096));
        write_file(&vault.join("vault.db-shm"), &canary(32768));
        fs::create_dir(vault.join("attachments")).unwrap();
        write_file(&vault.join("attachments").join("a.bin"), &canary(10));
        std::os::unix::fs::symlink("/etc/passwd", vault.join("stray-link")).unwrap();

        let report = destroy_vault_dir(&vault, "vault.header").unwrap();
        assert!(report.key_destroyed);
        assert!(report.key_destroyed_after_ms > 0.0 && report.key_destroyed_after_ms < 5000.0);
        assert!(report.folder_removed, "{:?}", report.problems);
        assert!(!vault.exists());
        assert!(fs::metadata("/etc/passwd").unwrap().len() > 0);
        let wiped: Vec<_> = report
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(wiped[0], "vault.header");
        assert_eq!(wiped.len(), 7, "{wiped:?}");
        // Both kinds of temporary header copy go right after the header, with the key.
        let mut copies = vec![wiped[1].clone(), wiped[2].clone()];
        copies.sort();
        assert_eq!(copies, [".vault.header.tmp-4567", "vault.header.tmp-0123"]);
        assert!(report.files.iter().all(|f| f.overwritten && f.unlinked));
        // The symlink was removed, not followed, and that is reported.
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(report.problems[0].contains("symbolic link"));
    }

    #[test]
    fn destroy_without_header_still_wipes_but_says_so() {
        let parent = tempfile::tempdir().unwrap();
        let vault = parent.path().join("v");
        fs::create_dir(&vault).unwrap();
        write_file(&vault.join("vault.db"), &canary(100));
        let report = destroy_vault_dir(&vault, "vault.header").unwrap();
        assert!(!report.key_destroyed);
        assert!(report.folder_removed);
        assert!(report.problems[0].contains("no vault header"));
    }

    #[test]
    fn destroy_refuses_a_file_or_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("f");
        write_file(&f, b"x");
        assert!(matches!(
            destroy_vault_dir(&f, "vault.header"),
            Err(WipeError::NotAFolder { .. })
        ));
        assert!(matches!(
            destroy_vault_dir(&dir.path().join("nope"), "vault.header"),
            Err(WipeError::NotFound { .. })
        ));
    }

    #[test]
    fn limits_are_honest_and_each_fits_its_operation() {
        for list in [DESTROY_LIMITS, FILE_LIMITS, EXPORTED_LIMITS] {
            let all = list.join(" ");
            assert!(all.contains("remap"), "{all}");
            assert!(!all.to_lowercase().contains("guaranteed to be gone"));
        }
        // Review finding 10: `wipe file` said the vault header was destroyed first.
        assert!(DESTROY_LIMITS.join(" ").contains("vault header"));
        for list in [FILE_LIMITS, EXPORTED_LIMITS] {
            let all = list.join(" ");
            assert!(!all.contains("vault header"), "{all}");
            assert!(all.contains("not touched"), "{all}");
        }
        assert!(EXPORTED_LIMITS.join(" ").contains("receipt confirmed"));
    }
}
