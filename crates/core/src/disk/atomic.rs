//! Durable file writes: temporary name, fsync, rename, fsync of the directory.
//!
//! A power cut or a pulled stick at any moment leaves either the old file or the new
//! one under the final name, never a half-written one.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically and durably.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_from(path, &mut &bytes[..]).map(drop)
}

/// Writes what `fill` writes to `path` atomically and durably (a temporary name in the same
/// folder, `fsync`, rename, `fsync` of the folder). If `fill` fails, nothing appears under
/// `path`.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = parent_dir(path);
    let tmp = temp_path(path);
    let result = (|| {
        let file = create_private(&tmp)?;
        let mut out = io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_dir(&dir)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes everything `reader` gives to `path` atomically and durably, in pieces (a bundle
/// coming over the network is never held in memory whole); returns the number of bytes.
/// If reading fails, nothing appears under `path`.
pub fn write_atomic_from(path: &Path, reader: &mut dyn io::Read) -> io::Result<u64> {
    let dir = parent_dir(path);
    let tmp = temp_path(path);
    let result = (|| {
        let mut file = create_private(&tmp)?;
        let written = io::copy(reader, &mut file)?;
        file.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_dir(&dir)?;
        Ok(written)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Replaces `path` atomically like [`write_atomic`], then overwrites the superseded file's
/// blocks in place with random bytes (it holds an older wrapped key). The old content is
/// reached through a handle opened before the rename, so the name always points at a
/// complete file.
pub fn replace_scrubbing(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let old = OpenOptions::new().read(true).write(true).open(path).ok();
    write_atomic(path, bytes)?;
    if let Some(old) = old {
        let len = old.metadata()?.len();
        crate::disk::wipe::scrub_open_file(&old, len).map_err(io::Error::other)?;
    }
    Ok(())
}

/// The last part of `path` as text (lossy), or empty: how a file on a stick is named in
/// messages and looked up among the names the vault recorded.
pub fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Creates a new file readable only by its owner; fails if it exists.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Creates a directory and any missing parents, each readable by its owner only.
pub fn create_private_dirs(path: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Takes away group and other access from `path` if it has any (vaults made before
/// 2026-12 had a world-readable `vault.db`). A missing file is fine.
pub fn restrict_to_owner(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match fs::metadata(path) {
            Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
                let mode = meta.permissions().mode() & 0o700;
                fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Makes a rename or unlink in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A hidden name next to `path` (`.NAME.tmp-…`): if the process dies before the rename,
/// the leftover is not listed by `*` globs or file managers, so nobody mistakes it for a
/// receipt or bundle (or feeds it to `import /media/stick/*`).
fn temp_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".tmp-{}", uuid::Uuid::new_v4().simple()));
    parent_dir(path).join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn temporary_names_are_hidden() {
        let tmp = temp_path(Path::new("/stick/abc.receipt"));
        let name = tmp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".abc.receipt.tmp-"), "{name}");
        assert_eq!(tmp.parent(), Some(Path::new("/stick")));
    }

    #[test]
    fn replacing_scrubs_the_old_file_through_a_held_handle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h");
        write_atomic(&path, b"OLDKEYOLDKEY").unwrap();
        let mut held = fs::File::open(&path).unwrap();
        replace_scrubbing(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let mut old = Vec::new();
        std::io::Read::read_to_end(&mut held, &mut old).unwrap();
        assert_eq!(old.len(), 12);
        assert_ne!(old, b"OLDKEYOLDKEY");
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        create_private(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
