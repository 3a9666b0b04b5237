//! `wipe_file` on real file systems, checked by scanning the raw bytes of the image.
//!
//! ext4 is loop-mounted by the kernel; FAT32 (what USB sticks use) is mounted through FUSE with
//! `fusefat -o rw+`, because this kernel has no vfat driver. Both need root, loop devices or
//! `/dev/fuse`, and the tools `mkfs.ext4`, `debugfs`, `mkfs.vfat`, `mcopy` and `fusefat`
//! (Debian: e2fsprogs, dosfstools, mtools, fusefat). Where they are missing the tests print
//! `SKIPPED: …` and pass, unless `FIELDVAULT_REQUIRE_INTEROP=1`, where they fail.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use fieldvault_core::testing::disk::{WipeError, wipe_file};

const NAME: &str = "CANARYNAME-7f3a.bundle";
const CANARY: &[u8; 32] = b"FV-CANARY:testimony-must-vanish!";
const CONTENT_LEN: usize = 2 << 20;

fn skip_or_fail(why: &str) {
    if std::env::var("FIELDVAULT_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("FIELDVAULT_REQUIRE_INTEROP=1 but {why}");
    }
    eprintln!("SKIPPED: {why}");
}

fn run(cmd: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {cmd}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{cmd} {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn content() -> Vec<u8> {
    CANARY.iter().copied().cycle().take(CONTENT_LEN).collect()
}

/// Unmounts on drop, even when the test panics; `mount -o loop` frees its loop device itself.
struct Mounted {
    dir: PathBuf,
    fuse: bool,
}

impl Mounted {
    fn unmount(&mut self) {
        if self.dir.as_os_str().is_empty() {
            return;
        }
        let _ = Command::new("sync").status();
        for attempt in 0..50 {
            let ok = if self.fuse {
                Command::new("fusermount").arg("-u").arg(&self.dir).status()
            } else {
                Command::new("umount").arg(&self.dir).status()
            }
            .map(|s| s.success())
            .unwrap_or(false);
            if ok {
                break;
            }
            if attempt == 49 {
                let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if self.fuse {
            // fusefat writes back on exit; wait until it is gone from the mount table.
            for _ in 0..50 {
                let table = fs::read_to_string("/proc/mounts").unwrap_or_default();
                if !table.contains(self.dir.to_str().unwrap_or("\u{0}")) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        self.dir = PathBuf::new();
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.unmount();
    }
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Pieces of [`NAME`] as FAT stores them: UTF-16 long-name fragments (a long-name entry holds
/// 5 + 6 + 2 characters) and the 8.3 short name, without first bytes that a deletion rewrites.
fn fat_name_hits(raw: &[u8]) -> Vec<(&'static str, usize)> {
    let pieces: [(&str, Vec<u8>); 4] = [
        ("long name chars 2-5", utf16le("ANAR")),
        ("long name chars 6-11", utf16le("YNAME-")),
        ("long name chars 19-22", utf16le("ndle")),
        ("short name", b"ANARY~1BUN".to_vec()),
    ];
    pieces
        .into_iter()
        .map(|(what, p)| (what, find_all(raw, &p).len()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// A fresh ext4 image with 4 KiB blocks, loop-mounted at `mnt`.
fn mount_ext4(img: &Path, mnt: &Path, read_only: bool) -> Result<Mounted, String> {
    let opts = if read_only { "loop,ro" } else { "loop" };
    run(
        "mount",
        &["-o", opts, img.to_str().unwrap(), mnt.to_str().unwrap()],
    )?;
    Ok(Mounted {
        dir: mnt.to_owned(),
        fuse: false,
    })
}

fn make_ext4(img: &Path) -> Result<(), String> {
    fs::File::create(img)
        .and_then(|f| f.set_len(64 << 20))
        .map_err(|e| e.to_string())?;
    run("mkfs.ext4", &["-q", "-F", "-b", "4096", img.to_str().unwrap()]).map(drop)
}

/// The inode that owns 4 KiB block `block` of an ext4 image (8 is the journal).
fn ext4_owner(img: &Path, block: usize) -> String {
    run(
        "debugfs",
        &["-R", &format!("icheck {block}"), img.to_str().unwrap()],
    )
    .ok()
    .and_then(|out| {
        out.lines()
            .nth(1)
            .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
    })
    .unwrap_or_else(|| "?".to_owned())
}

#[test]
fn ext4_wipe_leaves_no_content_and_no_live_name() {
    let work = tempfile::tempdir().unwrap();
    let (img, mnt) = (work.path().join("ext4.img"), work.path().join("mnt"));
    fs::create_dir(&mnt).unwrap();
    if let Err(e) = make_ext4(&img) {
        return skip_or_fail(&format!("cannot make an ext4 image: {e}"));
    }
    let mut m = match mount_ext4(&img, &mnt, false) {
        Ok(m) => m,
        Err(e) => return skip_or_fail(&format!("cannot loop-mount ext4 (needs root): {e}")),
    };
    let file = mnt.join(NAME);
    fs::write(&file, content()).unwrap();
    fs::File::open(&file).unwrap().sync_all().unwrap();
    run("sync", &[]).unwrap();
    m.unmount();

    let raw = fs::read(&img).unwrap();
    assert!(
        !find_all(&raw, CANARY).is_empty(),
        "the canary must be on the image before the wipe"
    );
    assert!(
        !find_all(&raw, NAME.as_bytes()).is_empty(),
        "the name must be on the image before"
    );

    let mut m = mount_ext4(&img, &mnt, false).unwrap();
    let report = wipe_file(&file).unwrap();
    assert!(report.overwritten && report.renamed && report.unlinked && report.dir_synced);
    assert_eq!(
        fs::read_dir(&mnt)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != "lost+found")
            .count(),
        0
    );
    m.unmount();

    let raw = fs::read(&img).unwrap();
    let content_hits = find_all(&raw, CANARY);
    assert!(
        content_hits.is_empty(),
        "{} runs of the canary content survived on ext4, first at byte {}",
        content_hits.len(),
        content_hits[0]
    );
    // Since Linux 5.13 ext4 zeroes a deleted directory entry, so the name leaves the directory
    // block. The journal (inode 8) still holds copies of the directory block as it was logged
    // when the file was created; those are reported, not failed, and documented in
    // docs/wiping.md. A hit anywhere else is a failure.
    let mut in_journal = 0;
    for hit in find_all(&raw, NAME.as_bytes()) {
        let block = hit / 4096;
        let owner = ext4_owner(&img, block);
        assert_eq!(
            owner, "8",
            "the file name survived at byte {hit} (block {block}, owner inode {owner}), outside the journal"
        );
        in_journal += 1;
    }
    eprintln!("NOTE: ext4: content gone; the file name remains in {in_journal} journal block(s) only");
}

#[test]
fn ext4_read_only_medium_is_refused_and_file_untouched() {
    let work = tempfile::tempdir().unwrap();
    let (img, mnt) = (work.path().join("ext4.img"), work.path().join("mnt"));
    fs::create_dir(&mnt).unwrap();
    if let Err(e) = make_ext4(&img) {
        return skip_or_fail(&format!("cannot make an ext4 image: {e}"));
    }
    let mut m = match mount_ext4(&img, &mnt, false) {
        Ok(m) => m,
        Err(e) => return skip_or_fail(&format!("cannot loop-mount ext4 (needs root): {e}")),
    };
    let file = mnt.join(NAME);
    fs::write(&file, content()).unwrap();
    m.unmount();

    let _m = mount_ext4(&img, &mnt, true).unwrap();
    let err = wipe_file(&file).unwrap_err();
    assert!(matches!(err, WipeError::ReadOnly { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("the medium is read-only; nothing was wiped"),
        "{err}"
    );
    assert_eq!(fs::read(&file).unwrap(), content());
}

/// A FAT32 image holding the canary file (copied in with mtools), FUSE-mounted read-write.
fn fat_with_canary(work: &Path) -> Result<(PathBuf, PathBuf, Mounted), String> {
    let (img, mnt) = (work.join("fat.img"), work.join("mnt"));
    fs::create_dir(&mnt).map_err(|e| e.to_string())?;
    fs::File::create(&img)
        .and_then(|f| f.set_len(64 << 20))
        .map_err(|e| e.to_string())?;
    run("mkfs.vfat", &["-F", "32", img.to_str().unwrap()])?;
    let src = work.join(NAME);
    fs::write(&src, content()).map_err(|e| e.to_string())?;
    run(
        "mcopy",
        &["-i", img.to_str().unwrap(), src.to_str().unwrap(), "::/"],
    )?;
    fs::remove_file(&src).map_err(|e| e.to_string())?;
    run(
        "fusefat",
        &["-o", "rw+", img.to_str().unwrap(), mnt.to_str().unwrap()],
    )?;
    let m = Mounted {
        dir: mnt.clone(),
        fuse: true,
    };
    if !mnt.join(NAME).exists() {
        return Err("the FUSE mount does not show the file".to_owned());
    }
    Ok((img, mnt, m))
}

#[test]
fn fat32_wipe_leaves_no_content_and_no_long_name() {
    let work = tempfile::tempdir().unwrap();
    let (img, mnt, mut m) = match fat_with_canary(work.path()) {
        Ok(x) => x,
        Err(e) => return skip_or_fail(&format!("cannot make and FUSE-mount a FAT32 image: {e}")),
    };
    let raw = fs::read(&img).unwrap();
    assert!(
        !find_all(&raw, CANARY).is_empty(),
        "the canary must be on the image before the wipe"
    );
    assert_eq!(
        fat_name_hits(&raw).len(),
        4,
        "every piece of the name must be on the image before"
    );
    let file = mnt.join(NAME);
    let report = wipe_file(&file).unwrap();
    assert!(
        report.overwritten && report.renamed && report.unlinked,
        "{report:?}"
    );
    assert!(!file.exists());
    assert_eq!(fs::read_dir(&mnt).unwrap().count(), 0);
    m.unmount();

    let raw = fs::read(&img).unwrap();
    let content_hits = find_all(&raw, CANARY);
    assert!(
        content_hits.is_empty(),
        "{} runs of the canary content survived on FAT32, first at byte {}",
        content_hits.len(),
        content_hits[0]
    );
    // A plain `rm` on the same mount leaves the whole name (FAT only marks entries deleted);
    // renaming first makes fusefat write the random long name over the original long-name
    // entries. fusefat keeps the old 8.3 alias (`CANARY~1.BUN`) across a rename, so that
    // survives in the deleted entry: reported, and documented in docs/wiping.md.
    let names = fat_name_hits(&raw);
    let long: Vec<_> = names
        .iter()
        .filter(|(what, _)| what.starts_with("long"))
        .collect();
    assert!(
        long.is_empty(),
        "pieces of the long file name survived on FAT32: {names:?}"
    );
    let short = names.iter().any(|(what, _)| *what == "short name");
    eprintln!("NOTE: FAT32 (fusefat): content gone, long name gone, 8.3 alias left: {short}");
}

#[test]
fn fat32_read_only_mount_is_refused_and_file_untouched() {
    let work = tempfile::tempdir().unwrap();
    let (img, mnt, mut m) = match fat_with_canary(work.path()) {
        Ok(x) => x,
        Err(e) => return skip_or_fail(&format!("cannot make and FUSE-mount a FAT32 image: {e}")),
    };
    m.unmount();
    run(
        "fusefat",
        &["-o", "ro", img.to_str().unwrap(), mnt.to_str().unwrap()],
    )
    .unwrap();
    let _m = Mounted {
        dir: mnt.clone(),
        fuse: true,
    };
    let file = mnt.join(NAME);
    let err = wipe_file(&file).unwrap_err();
    assert!(matches!(err, WipeError::ReadOnly { .. }), "{err}");
    assert_eq!(fs::read(&file).unwrap(), content());
}
