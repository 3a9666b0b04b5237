//! No plaintext of an interview reaches the disk outside the encrypted database: the
//! raw bytes of every file in the vault folder and in the process's temp folder are
//! scanned for distinctive strings from the samples after every kind of operation.

mod common;

use common::{Env, files_containing};

/// Distinctive strings from the samples (UTF-8), including codes and Korean text.
const CANARIES: &[&str] = &[
    "W26-0001",
    "W26-0002",
    "restaurant across the river",
    "Changbai",
    "Hyesan pre-trial detention",
    "child-left-behind",
    "두만강을 건넜다",
    "온성 보위부",
    "투먼 변방 구류장",
    "심리 상담 연계",
    "INT-07",
];

#[track_caller]
fn assert_no_canary(env: &Env, after: &str) {
    for canary in CANARIES {
        for dir in [env.vault(), env.tmp()] {
            let hits = files_containing(&dir, canary.as_bytes());
            assert!(
                hits.is_empty(),
                "after {after}: {canary:?} found in plaintext in {hits:?}"
            );
        }
    }
}

#[test]
fn no_plaintext_after_add_update_seal_search_and_show() {
    let env = Env::with_vault();
    env.add_samples();
    assert_no_canary(&env, "add");

    let mut changed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&common::sample_paths()[5]).unwrap()).unwrap();
    changed["narrative"] = "Changbai 온성 보위부 restaurant across the river".into();
    let input = env.input("w6.json", &changed.to_string());
    env.run(&["interview", "update", "W26-0006", input.to_str().unwrap()])
        .ok();
    std::fs::remove_file(&input).unwrap();
    assert_no_canary(&env, "update");

    env.run(&["interview", "seal", "--all"]).ok();
    assert_no_canary(&env, "seal");

    for query in ["Changbai", "보위부", "restaurant"] {
        env.run(&["search", query]).ok();
    }
    env.run(&["interview", "show", "W26-0002"]).ok();
    env.run(&["interview", "list"]).ok();
    assert_no_canary(&env, "search and show");

    let revised = env.input(
        "w1.json",
        &std::fs::read_to_string(&common::sample_paths()[0]).unwrap(),
    );
    env.run(&["interview", "revise", "W26-0001", revised.to_str().unwrap()])
        .ok();
    std::fs::remove_file(&revised).unwrap();
    assert_no_canary(&env, "revise");
}

#[test]
fn the_scan_would_see_plaintext_if_it_were_there() {
    // Guards the guard: the same scan finds a canary planted in the vault folder.
    let env = Env::with_vault();
    std::fs::write(env.vault().join("planted"), "xx 온성 보위부 xx").unwrap();
    assert!(!files_containing(&env.vault(), "온성 보위부".as_bytes()).is_empty());
}
