//! `wipe file`, `wipe exported` and `destroy` through the real binary: nothing that no
//! receipt covers is removed unless forced, and destroy needs its phrase.

use crate::common;

use std::fs;

use common::{Env, pair};
use serde_json::Value;

#[test]
fn an_unconfirmed_bundle_is_refused_then_wiped_once_confirmed() {
    let pair = pair();
    let bundle = pair.export();
    let before = fs::read(&bundle).unwrap();
    pair.field
        .run(&["wipe", "file", bundle.to_str().unwrap()])
        .fails(6, "no headquarters receipt covers bundle 1");
    assert_eq!(fs::read(&bundle).unwrap(), before, "refused means untouched");

    pair.deliver(&bundle);
    let report: Value = serde_json::from_str(
        &pair
            .field
            .run(&["wipe", "file", bundle.to_str().unwrap(), "--json"])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(report["wiped"][0]["bundle"], 1);
    assert_eq!(report["wiped"][0]["overwritten"], true);
    assert_eq!(report["wiped"][0]["unlinked"], true);
    assert!(report["limits"].as_array().unwrap().len() >= 2);
    assert!(!bundle.exists());
    assert_eq!(
        fs::read_dir(pair.stick.path()).unwrap().count(),
        0,
        "no renamed leftovers"
    );
    // A second wipe of the same thing says what is wrong.
    pair.field
        .run(&["wipe", "file", bundle.to_str().unwrap()])
        .fails(1, "does not exist");
}

#[test]
fn force_wipes_an_unconfirmed_bundle_and_the_report_says_so() {
    let pair = pair();
    let bundle = pair.export();
    let out = pair
        .field
        .run(&["wipe", "file", bundle.to_str().unwrap(), "--force"])
        .ok();
    assert!(out.stdout.contains("NOT confirmed (forced)"), "{}", out.stdout);
    assert!(!bundle.exists());
}

#[test]
fn files_that_are_not_our_bundles_are_refused() {
    let pair = pair();
    let other = pair.stick.path().join("notes.txt");
    fs::write(&other, "not a bundle").unwrap();
    pair.field
        .run(&["wipe", "file", other.to_str().unwrap()])
        .fails(6, "not a bundle this laptop exported");
    pair.field
        .run(&["wipe", "file", pair.stick.path().to_str().unwrap()])
        .fails(1, "not a regular file");
    // A file carrying a bundle's name but other content is not taken for it.
    let bundle = pair.export();
    pair.deliver(&bundle);
    fs::write(&bundle, "replaced").unwrap();
    pair.field
        .run(&["wipe", "file", bundle.to_str().unwrap()])
        .fails(6, "not its content");
    assert!(other.exists() && bundle.exists());
}

#[test]
fn wipe_exported_takes_the_confirmed_and_names_the_rest() {
    let pair = pair();
    let first = pair.export();
    pair.deliver(&first);
    pair.field.add_samples_as("X");
    pair.field.run(&["interview", "seal", "--all"]).ok();
    let second = pair.export();
    let unrelated = pair.stick.path().join("photo.jpg");
    fs::write(&unrelated, "jpeg").unwrap();
    let report: Value = serde_json::from_str(
        &pair
            .field
            .run(&[
                "wipe",
                "exported",
                "--in",
                pair.stick.path().to_str().unwrap(),
                "--json",
            ])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(report["wiped"].as_array().unwrap().len(), 1);
    assert!(!first.exists());
    assert!(second.exists() && unrelated.exists());
    let kept = report["kept"][0]["reason"].as_str().unwrap();
    assert!(kept.contains("no headquarters receipt covers bundle 2"), "{kept}");
}

#[test]
fn destroy_needs_its_phrase_then_leaves_nothing() {
    let env = Env::with_vault();
    env.add_samples();
    env.run(&["destroy"]).fails(2, "DESTROY EVERYTHING");
    env.run(&["destroy", "--confirm", "yes"])
        .fails(2, "nothing was changed");
    assert!(env.vault().join("vault.header").exists());
    let report: Value = serde_json::from_str(
        &env.run(&["destroy", "--confirm", "DESTROY EVERYTHING", "--json"])
            .ok()
            .stdout,
    )
    .unwrap();
    assert_eq!(report["key_destroyed"], true);
    assert!(report["key_destroyed_after_ms"].as_f64().unwrap() < 1000.0);
    assert_eq!(report["folder_removed"], true);
    assert!(!env.vault().exists());
    env.run(&["status"]).fails(5, "does not exist");
}

#[test]
fn destroy_refuses_a_folder_that_is_not_a_vault() {
    let env = Env::new();
    fs::create_dir(env.vault()).unwrap();
    fs::write(env.vault().join("precious.txt"), "keep me").unwrap();
    env.run(&["destroy", "--confirm", "DESTROY EVERYTHING"])
        .fails(5, "not a fieldvault vault");
    assert!(env.vault().join("precious.txt").exists());
}
