//! Interruptions and hostile media around the vault: a key rotation cut short at either
//! point still opens and is finished by the next unlock; a vault on a read-only medium
//! gives a clear message and is not changed.

use crate::common;

use std::fs;
use std::process::Command;

use common::Env;
use fieldvault_core::secret::{DatabaseKey, Passphrase};
use fieldvault_core::testing::crypto::header::VaultHeader;
use fieldvault_core::testing::crypto::random::new_database_key;

fn header(env: &Env) -> VaultHeader {
    VaultHeader::parse(&fs::read(env.vault().join("vault.header")).unwrap()).unwrap()
}

/// Writes a header with a fresh key staged as `next-key`, as `wipe delivered` does before
/// re-keying; returns the staged key.
fn stage(env: &Env) -> DatabaseKey {
    let h = header(env);
    let keys = h.unlock(&Passphrase::new(common::PASSPHRASE.into())).unwrap();
    let next = new_database_key();
    fs::write(
        env.vault().join("vault.header"),
        keys.stage_next(&h, &next).to_bytes(),
    )
    .unwrap();
    next
}

fn rekey_database(env: &Env, old: &DatabaseKey, new: &DatabaseKey) {
    let conn = rusqlite::Connection::open(env.vault().join("vault.db")).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'{}'\"; PRAGMA journal_mode = DELETE; PRAGMA rekey = \"x'{}'\";",
        hex::encode(old.expose_secret()),
        hex::encode(new.expose_secret())
    ))
    .unwrap();
}

#[test]
fn a_rotation_cut_before_the_rekey_opens_with_the_old_key_and_drops_the_pending_one() {
    let env = Env::with_vault();
    env.add_samples();
    stage(&env);
    assert!(header(&env).has_pending_key());
    env.run(&["status"]).ok();
    assert!(
        !header(&env).has_pending_key(),
        "the unused pending key is dropped"
    );
    env.run(&["log", "verify"]).ok();
    assert!(env.run(&["interview", "list"]).ok().stdout.contains("W26-0006"));
}

#[test]
fn a_rotation_cut_after_the_rekey_opens_with_the_new_key_and_finishes() {
    let env = Env::with_vault();
    env.add_samples();
    let old = header(&env)
        .unlock(&Passphrase::new(common::PASSPHRASE.into()))
        .unwrap();
    let old_key = DatabaseKey::from_bytes(*old.current().expose_secret());
    let next = stage(&env);
    rekey_database(&env, &old_key, &next);
    env.run(&["status"]).ok();
    let finished = header(&env);
    assert!(!finished.has_pending_key());
    let keys = finished
        .unlock(&Passphrase::new(common::PASSPHRASE.into()))
        .unwrap();
    assert_eq!(
        keys.current().expose_secret(),
        next.expose_secret(),
        "the new key is now the only one"
    );
    assert!(env.run(&["interview", "list"]).ok().stdout.contains("W26-0006"));
    env.run(&["log", "verify"]).ok();
}

/// A small ext4 image mounted read-only, holding a vault; unmounted on drop.
struct ReadOnlyVault {
    env: Env,
    mount: std::path::PathBuf,
}

impl Drop for ReadOnlyVault {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mount).status();
    }
}

fn read_only_vault() -> Option<ReadOnlyVault> {
    let env = Env::new();
    let image = env.root.path().join("medium.img");
    let mount = env.root.path().join("vault");
    fs::create_dir(&mount).unwrap();
    let ok = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let image_s = image.to_str().unwrap().to_owned();
    let mount_s = mount.to_str().unwrap().to_owned();
    let (image_s, mount_s) = (image_s.as_str(), mount_s.as_str());
    if !(ok("truncate", &["-s", "64M", image_s])
        && ok("mkfs.ext4", &["-q", image_s])
        && ok("mount", &["-o", "loop", image_s, mount_s]))
    {
        if std::env::var("FIELDVAULT_REQUIRE_INTEROP").is_ok_and(|v| v == "1") {
            panic!("cannot loop-mount an ext4 image (needs root, mkfs.ext4 and loop devices)");
        }
        eprintln!("SKIPPED: cannot loop-mount an ext4 image here");
        return None;
    }
    // The vault folder is the mount point itself: remove lost+found so it starts empty.
    fs::remove_dir_all(mount.join("lost+found")).unwrap();
    let guard = ReadOnlyVault { env, mount };
    guard.env.run(&["init"]).ok();
    guard.env.add_samples();
    assert!(ok("mount", &["-o", "remount,ro", mount_s]));
    Some(guard)
}

#[test]
fn a_vault_on_a_read_only_medium_says_so_and_is_not_changed() {
    let Some(ro) = read_only_vault() else { return };
    let before = ro.env.snapshot();
    let input = ro.env.root.path().join("in").join("w.json");
    fs::copy(&common::sample_paths()[0], &input).unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&fs::read(&input).unwrap()).unwrap();
    value["code"] = "W26-7777".into();
    fs::write(&input, value.to_string()).unwrap();
    let run = ro.env.run(&["interview", "add", input.to_str().unwrap()]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(ro.env.snapshot(), before);
}
