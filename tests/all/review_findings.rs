//! The red-team review's findings (#13) that are not about delivery, each reproduced
//! through the real binary: what the review did, and what must now happen instead.
//! The delivery findings are in `delivery_review.rs`; the table is in
//! `docs/reliability.md`.

use crate::common;

use std::fs;

use common::{Env, PASSPHRASE};

const NEW_PASSPHRASE: &str = "a new passphrase for the vault";

/// Finding 3: a copy of the old header with the old passphrase opened every later
/// `vault.db`, although the CLI said the old passphrase no longer opened the vault.
#[test]
fn after_a_passphrase_change_the_old_header_and_passphrase_open_nothing_written_later() {
    let env = Env::with_vault();
    env.add_samples();
    let old_header = fs::read(env.vault().join("vault.header")).unwrap();
    let new_file = env.input("new-pass", &format!("{NEW_PASSPHRASE}\n"));
    let changed = env
        .run(&[
            "passphrase",
            "change",
            "--new-passphrase-file",
            new_file.to_str().unwrap(),
        ])
        .ok();
    assert!(
        changed.stdout.contains("re-encrypted under a new key"),
        "{}",
        changed.stdout
    );
    fs::write(env.pass_file(), format!("{NEW_PASSPHRASE}\n")).unwrap();
    env.add_samples_as("L");
    assert!(
        !fs::read_to_string(env.vault().join("vault.header"))
            .unwrap()
            .contains("next-key")
    );

    // The adversary's view: the old header beside the current database.
    let stolen = Env::new();
    fs::create_dir(stolen.vault()).unwrap();
    fs::copy(env.vault().join("vault.db"), stolen.vault().join("vault.db")).unwrap();
    fs::write(stolen.vault().join("vault.header"), &old_header).unwrap();
    stolen
        .run(&["interview", "list"])
        .fails(5, "does not belong to this vault.header");
    // The owner's view: only the new passphrase opens the vault.
    fs::write(env.pass_file(), format!("{PASSPHRASE}\n")).unwrap();
    env.run(&["interview", "list"]).fails(3, "passphrase");
    fs::write(env.pass_file(), format!("{NEW_PASSPHRASE}\n")).unwrap();
    let listed = env.run(&["interview", "list", "--json"]).ok().stdout;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&listed)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        12
    );
}

/// Finding 5: one changed byte in `vault.header` made `destroy` exit 5 and destroy nothing.
#[test]
fn destroy_wipes_a_vault_whose_header_is_damaged() {
    let env = Env::with_vault();
    env.add_samples();
    let header_path = env.vault().join("vault.header");
    let mut header = fs::read(&header_path).unwrap();
    header[0] ^= 0x20;
    fs::write(&header_path, &header).unwrap();
    env.run(&["interview", "list"]).fails(5, "");
    let out = env
        .run(&["destroy", "--confirm", "DESTROY EVERYTHING", "--json"])
        .ok()
        .stdout;
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["key_destroyed"], true, "{out}");
    assert!(!env.vault().exists(), "the vault folder is still there");
}

/// ... but a folder that is not a vault at all (a mistyped path) is never wiped.
#[test]
fn destroy_refuses_a_folder_that_holds_no_vault_files() {
    let env = Env::new();
    fs::create_dir(env.vault()).unwrap();
    fs::write(env.vault().join("thesis.txt"), "not a vault").unwrap();
    env.run(&["destroy", "--confirm", "DESTROY EVERYTHING"])
        .fails(5, "");
    assert!(env.vault().join("thesis.txt").exists());
}

/// Finding 8: search words and input files stayed behind (shell history, plain files).
#[test]
fn search_words_can_come_from_standard_input_and_inputs_can_be_wiped() {
    let env = Env::with_vault();
    let sample = common::sample_paths()[0].clone();
    let copy = env.input("interview.json", &fs::read_to_string(&sample).unwrap());
    let kept = env.run(&["interview", "add", copy.to_str().unwrap()]).ok();
    assert!(
        kept.stderr.contains("still on this disk as plain text"),
        "{}",
        kept.stderr
    );
    let code: serde_json::Value = serde_json::from_slice(&fs::read(&sample).unwrap()).unwrap();
    let mut value = code.clone();
    value["code"] = "W26-0901".into();
    let second = env.input("second.json", &value.to_string());
    let wiped = env
        .run(&["interview", "add", "--wipe-source", second.to_str().unwrap()])
        .ok();
    assert!(wiped.stderr.contains("Overwrote and deleted"), "{}", wiped.stderr);
    assert!(!second.exists());
    assert!(copy.exists());

    let by_argument = env.run(&["search", "--json", "W26-0901"]).ok().stdout;
    let by_stdin = env
        .run_with_stdin(&["search", "--json", "-"], "W26-0901\n")
        .ok()
        .stdout;
    assert_eq!(by_argument, by_stdin);
    assert!(by_stdin.contains("W26-0901"), "{by_stdin}");
    env.run_with_stdin(&["search", "-"], "  \n")
        .fails(2, "no search words");
}

/// Finding 10: the reader accepts 8 MiB / one pass in a header; unlocking now re-wraps the
/// key with today's parameters, and the vault file is private.
#[test]
fn unlock_strengthens_a_weak_header_and_the_database_file_is_private() {
    use fieldvault_core::secret::Passphrase;
    use fieldvault_core::testing::crypto::header::{KdfParams, VaultHeader};
    use std::os::unix::fs::PermissionsExt as _;

    let env = Env::with_vault();
    let path = env.vault().join("vault.header");
    let pass = Passphrase::new(PASSPHRASE.into());
    let header = VaultHeader::parse(&fs::read(&path).unwrap()).unwrap();
    let keys = header.unlock(&pass).unwrap();
    let weak = KdfParams {
        memory_kib: 8 * 1024,
        iterations: 1,
        parallelism: 1,
    };
    fs::write(
        &path,
        VaultHeader::create(&pass, keys.current(), weak)
            .unwrap()
            .to_bytes(),
    )
    .unwrap();
    let run = env
        .command_with(&["status"])
        .env_remove("FIELDVAULT_KEEP_WEAK_KDF")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("stronger passphrase hashing"));
    let now = VaultHeader::parse(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(now.params(), &KdfParams::DEFAULT);
    env.run(&["status"]).ok();

    let mode = |name: &str| fs::metadata(env.vault().join(name)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("vault.db"), 0o600);
    // A vault made by an older version (world-readable vault.db) is made private at unlock.
    fs::set_permissions(env.vault().join("vault.db"), fs::Permissions::from_mode(0o644)).unwrap();
    env.run(&["status"]).ok();
    assert_eq!(mode("vault.db"), 0o600);
}

/// Finding 10: every wipe printed one generic list, telling `wipe file` users that "the
/// vault header ... is destroyed first". Each operation now says what it did.
#[test]
fn each_wipe_operation_reports_what_it_did() {
    let pair = common::pair();
    let stick = pair.stick.path();
    let bundle = pair.export();
    pair.deliver(&bundle);

    let stray = stick.join("stray-bundle-copy");
    fs::copy(&bundle, &stray).unwrap();
    let file = pair
        .field
        .run(&["wipe", "file", "--force", stray.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(!file.contains("vault header"), "{file}");
    assert!(file.contains("The vault and its key are not touched"), "{file}");

    let exported = pair
        .field
        .run(&["wipe", "exported", "--in", stick.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(
        exported.contains("Only bundles that a headquarters receipt confirmed"),
        "{exported}"
    );
    assert!(!exported.contains("vault header"), "{exported}");

    let delivered = pair.field.run(&["wipe", "delivered"]).ok().stdout;
    assert!(delivered.contains("The database key was replaced"), "{delivered}");

    let destroy = pair
        .field
        .run(&["destroy", "--confirm", "DESTROY EVERYTHING"])
        .ok()
        .stdout;
    assert!(
        destroy.contains("the vault header") && destroy.contains("is destroyed first"),
        "{destroy}"
    );
}
