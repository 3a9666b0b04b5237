//! USB sticks as the interviewer sees them: the folders desktops mount removable media
//! under (`/media/$USER/LABEL`, `/run/media/$USER/LABEL`, `/media/LABEL`), each with its
//! label and free space, so the app can offer them as one-click destinations; and a check
//! just before writing that the chosen stick is still there, writable and not full.

use std::path::{Path, PathBuf};

/// One mounted stick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stick {
    pub path: PathBuf,
    /// The volume label (the mount folder's name, which desktops take from the label).
    pub label: String,
    pub free_bytes: u64,
    pub total_bytes: u64,
}

/// Why a destination cannot take a bundle now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    /// The folder is gone, or only an empty mount point is left: the stick was removed.
    Gone,
    ReadOnly,
    Full,
}

/// Free space a bundle needs at the very least (the smallest bundle is 64 KiB).
pub const MIN_FREE_BYTES: u64 = 1024 * 1024;

/// The folders media are mounted under. `FIELDVAULT_MEDIA_ROOT` replaces them (tests, and
/// systems that mount sticks elsewhere); every folder under it then counts as a stick.
fn media_roots() -> (Vec<PathBuf>, bool) {
    if let Some(root) = std::env::var_os("FIELDVAULT_MEDIA_ROOT") {
        return (vec![PathBuf::from(root)], false);
    }
    let user = std::env::var("USER").unwrap_or_default();
    let mut roots = Vec::new();
    if !user.is_empty() {
        roots.push(PathBuf::from(format!("/media/{user}")));
        roots.push(PathBuf::from(format!("/run/media/{user}")));
    }
    roots.push(PathBuf::from("/media"));
    (roots, true)
}

/// The sticks mounted now, by label.
pub fn sticks() -> Vec<Stick> {
    let (roots, must_be_mounted) = media_roots();
    let mut found: Vec<Stick> = Vec::new();
    for root in &roots {
        let Ok(read) = std::fs::read_dir(root) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            if !path.is_dir() || roots.contains(&path) || found.iter().any(|s| s.path == path) {
                continue;
            }
            if must_be_mounted && !is_mount_point(&path) {
                continue; // an empty mount point left behind by a pulled stick
            }
            let (free_bytes, total_bytes) = space(&path).unwrap_or((0, 0));
            found.push(Stick {
                label: entry.file_name().to_string_lossy().into_owned(),
                path,
                free_bytes,
                total_bytes,
            });
        }
    }
    found.sort_by_key(|s| s.label.to_lowercase());
    found
}

/// True when `path` is on another file system than its parent folder.
fn is_mount_point(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let parent = path.parent().unwrap_or(Path::new("/"));
        matches!((std::fs::metadata(path), std::fs::metadata(parent)), (Ok(a), Ok(b)) if a.dev() != b.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

/// (free, total) bytes of the file system holding `path`.
fn space(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        let s = rustix::fs::statvfs(path).ok()?;
        Some((
            s.f_bavail.saturating_mul(s.f_frsize),
            s.f_blocks.saturating_mul(s.f_frsize),
        ))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Checks, just before writing, that `dir` is still there, writable and has room.
pub fn check_destination(dir: &Path) -> Result<(), Unusable> {
    if !dir.is_dir() {
        return Err(Unusable::Gone);
    }
    #[cfg(unix)]
    if rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_err() {
        return Err(Unusable::ReadOnly);
    }
    match space(dir) {
        Some((free, _)) if free < MIN_FREE_BYTES => Err(Unusable::Full),
        _ => Ok(()),
    }
}

/// "3.2 GB", "850 MB": sizes as people read them.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 || value >= 10.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_read_only_destination_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(check_destination(dir.path()), Ok(()));
        assert_eq!(check_destination(&dir.path().join("pulled")), Err(Unusable::Gone));
        assert_eq!(human_bytes(3_200_000_000), "3.2 GB");
        assert_eq!(human_bytes(850_000_000), "850 MB");
        assert_eq!(human_bytes(512), "512 B");
    }
}
