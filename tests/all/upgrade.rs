//! Vaults made by the previous release (schema v3, bundle format 1) open with this one:
//! the field laptop and headquarters of `tests/data/vault-v3/` (made with fieldvault at
//! commit 35d6a20: six sample interviews, three delivered and one of them wiped, one sealed
//! since) are migrated in place at the first unlock, lose nothing, and go on delivering.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Env;
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vault-v3")
}

/// A copy of one fixture vault as `env`'s vault, with the fixture's passphrase.
fn copied(name: &str) -> Env {
    let env = Env::new();
    fs::create_dir(env.vault()).unwrap();
    for file in ["vault.header", "vault.db"] {
        fs::copy(fixture().join(name).join(file), env.vault().join(file)).unwrap();
    }
    fs::copy(fixture().join("passphrase.txt"), env.pass_file()).unwrap();
    env
}

fn json(run: common::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn a_field_laptop_and_headquarters_of_the_previous_release_open_and_deliver() {
    let field = copied("field");
    let hq = copied("hq");
    field.run(&["log", "verify"]).ok();
    hq.run(&["log", "verify"]).ok();

    // Everything is where it was, with each revision's own code now recorded.
    let status = json(field.run(&["status", "--json"]).ok());
    assert_eq!(status["interviews"], 6, "{status}");
    assert_eq!(status["revisions"]["delivered"], 2);
    assert_eq!(status["revisions"]["wiped"], 1);
    assert_eq!(status["revisions"]["sealed"], 1);
    let shown = field
        .run(&["interview", "show", "W26-0002", "--json"])
        .ok()
        .stdout;
    assert!(shown.contains("W26-0002"), "{shown}");
    let found = json(field.run(&["search", "--json", "W26-0003"]).ok());
    assert!(!found.as_array().unwrap().is_empty());
    let archive = json(hq.run(&["interview", "list", "--json"]).ok());
    assert_eq!(archive.as_array().unwrap().len(), 3);
    hq.run(&["hq", "review"]).ok();

    // The old bundle still on the stick is recognised at HQ as already imported.
    let old_bundle = fs::read_dir(fixture().join("stick"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let again = hq.run(&["import", old_bundle.to_str().unwrap()]).ok();
    assert!(again.stdout.contains("already imported"), "{}", again.stdout);

    // A new bundle (format 2) from the migrated laptop goes into the migrated archive.
    let stick = tempfile::tempdir().unwrap();
    let bundle = PathBuf::from(
        field
            .run(&["export", "--to", stick.path().to_str().unwrap()])
            .ok()
            .stdout
            .trim(),
    );
    let back = tempfile::tempdir().unwrap();
    let imported = hq
        .run(&[
            "import",
            bundle.to_str().unwrap(),
            "--receipt-to",
            back.path().to_str().unwrap(),
            "--json",
        ])
        .ok();
    let report = json(imported);
    assert_eq!(report["imports"][0]["stored"], 1, "{report}");
    assert!(
        report["imports"][0]["flags"].as_array().unwrap().is_empty(),
        "{report}"
    );
    field
        .run(&["receipt", "import", back.path().to_str().unwrap()])
        .ok();
    let status = json(field.run(&["status", "--json"]).ok());
    assert_eq!(status["revisions"]["delivered"], 3, "{status}");
    field.run(&["log", "verify"]).ok();
    hq.run(&["log", "verify"]).ok();
}
