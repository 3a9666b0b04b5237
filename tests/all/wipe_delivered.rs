//! `wipe delivered`: only what a receipt covers goes; it is gone from every page of the
//! database decrypted with the current key, free pages included; what is undelivered is
//! intact; and a copy of the vault taken before the wipe does not open with the new key.

use crate::common;

use std::fs;

use common::{Env, card, contains, decrypted_pages};
use serde_json::Value;

/// Distinctive text of W26-0001 and W26-0002, which will be delivered and wiped.
const WIPED: &[&str] = &[
    "restaurant across the river",
    "Changbai",
    "두만강을 건넜다",
    "투먼 변방 구류장",
];
/// Distinctive text of W26-0004 and W26-0005, which stay undelivered.
const KEPT: &[&str] = &["신의주 집결소", "Heilongjiang"];

/// A field vault where W26-0001 and W26-0002 were delivered (receipt applied), W26-0003
/// is exported without a receipt, and the rest are drafts.
fn delivered_vault() -> Env {
    let field = Env::with_vault();
    let hq = Env::new();
    hq.run(&["init", "--hq", "--label", "HQ"]).ok();
    field.trust(card(&hq, "hq.card").to_str().unwrap()).ok();
    hq.trust(card(&field, "f.card").to_str().unwrap()).ok();
    field.add_samples();
    field.run(&["interview", "seal", "W26-0001", "W26-0002"]).ok();
    let stick = tempfile::tempdir().unwrap();
    let bundle = field
        .run(&["export", "--to", stick.path().to_str().unwrap()])
        .ok()
        .stdout
        .trim()
        .to_owned();
    let back = tempfile::tempdir().unwrap();
    hq.run(&["import", &bundle, "--receipt-to", back.path().to_str().unwrap()])
        .ok();
    let receipt = fs::read_dir(back.path()).unwrap().next().unwrap().unwrap().path();
    field.run(&["receipt", "import", receipt.to_str().unwrap()]).ok();
    field.run(&["interview", "seal", "W26-0003"]).ok();
    field
        .run(&["export", "--to", stick.path().to_str().unwrap()])
        .ok();
    field
}

#[test]
fn wiped_text_is_gone_from_every_decrypted_page_and_the_rest_is_intact() {
    let field = delivered_vault();
    let before = decrypted_pages(&field.vault(), common::PASSPHRASE);
    // Guard the guard: the decryption works and sees the canaries before the wipe.
    assert!(contains(&before, "CREATE TABLE revisions"));
    for canary in WIPED.iter().chain(KEPT) {
        assert!(
            contains(&before, canary),
            "{canary} not visible before the wipe: decryption is wrong"
        );
    }
    let copy = tempfile::tempdir().unwrap();
    for f in ["vault.header", "vault.db"] {
        fs::copy(field.vault().join(f), copy.path().join(f)).unwrap();
    }

    let report: Value =
        serde_json::from_str(&field.run(&["wipe", "delivered", "--json"]).ok().stdout).unwrap();
    let wiped: Vec<&str> = report["wiped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(wiped, ["W26-0001", "W26-0002"]);
    assert!(report["wiped"][0]["receipt_id"].is_string());
    assert_eq!(report["key_rotated"], true);
    assert!(
        report["kept"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["code"] == "W26-0003" && k["state"] == "exported")
    );

    let after = decrypted_pages(&field.vault(), common::PASSPHRASE);
    assert!(
        contains(&after, "CREATE TABLE revisions"),
        "the new key decrypts the pages"
    );
    for canary in WIPED {
        assert!(!contains(&after, canary), "{canary} survives in a decrypted page");
    }
    for canary in KEPT {
        assert!(contains(&after, canary), "{canary} (undelivered) was lost");
    }
    for file in ["vault.db", "vault.header", "vault.db-wal"] {
        let path = field.vault().join(file);
        if let Ok(raw) = fs::read(&path) {
            for canary in WIPED {
                assert!(!contains(&raw, canary), "{canary} in raw {file}");
            }
        }
    }
    // Tombstones remain; content does not; undelivered interviews are untouched.
    let show = field.run(&["interview", "show", "W26-0001"]).ok();
    assert!(
        show.stdout.contains("wiped") && show.stdout.contains("content wiped"),
        "{}",
        show.stdout
    );
    let kept: Value = serde_json::from_str(
        &field
            .run(&["interview", "show", "W26-0004", "--json"])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        kept,
        serde_json::from_slice::<Value>(&fs::read(&common::sample_paths()[3]).unwrap()).unwrap()
    );
    assert!(field.run(&["search", "Changbai", "--json"]).ok().stdout.trim() == "[]");
    field.run(&["log", "verify"]).ok();

    // The pre-wipe copy is encrypted under a key that no longer exists: the new header
    // does not open it.
    fs::copy(
        field.vault().join("vault.header"),
        copy.path().join("vault.header"),
    )
    .unwrap();
    let old = std::process::Command::new(env!("CARGO_BIN_EXE_fieldvault"))
        .args([
            "--vault",
            copy.path().to_str().unwrap(),
            "--passphrase-file",
            field.pass_file().to_str().unwrap(),
            "status",
        ])
        .output()
        .unwrap();
    assert_eq!(
        old.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&old.stderr)
    );
}

#[test]
fn nothing_undelivered_is_ever_wiped_by_name() {
    let field = delivered_vault();
    let before = field.snapshot();
    field
        .run(&["wipe", "delivered", "W26-0003"])
        .fails(6, "W26-0003 is exported");
    field
        .run(&["wipe", "delivered", "W26-0004"])
        .fails(6, "no headquarters receipt covers it");
    field
        .run(&["wipe", "delivered", "W99-9999"])
        .fails(6, "not in this vault");
    assert_eq!(field.snapshot(), before);
}

#[test]
fn a_second_wipe_has_nothing_to_do_and_the_vault_still_opens() {
    let field = delivered_vault();
    field.run(&["wipe", "delivered"]).ok();
    let again: Value =
        serde_json::from_str(&field.run(&["wipe", "delivered", "--json"]).ok().stdout).unwrap();
    assert_eq!(again["wiped"].as_array().unwrap().len(), 0);
    let status: Value = serde_json::from_str(&field.run(&["status", "--json"]).ok().stdout).unwrap();
    assert_eq!(status["revisions"]["wiped"], 2);
    assert_eq!(status["interviews"], 6);
}

#[test]
fn a_wrong_passphrase_wipes_nothing() {
    let field = delivered_vault();
    let before = field.snapshot();
    fs::write(field.pass_file(), "wrong passphrase entirely\n").unwrap();
    field.run(&["wipe", "delivered"]).fails(3, "did not open");
    assert_eq!(field.snapshot(), before);
}
