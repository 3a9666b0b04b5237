//! No plaintext of an interview reaches the disk outside the encrypted database: the
//! raw bytes of every file in the vault folder and in the process's temp folder are
//! scanned for distinctive strings from the samples after every kind of operation.

use crate::common;

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

/// Every file under `dir`, except the test's own plaintext inputs (`in/`), that holds a
/// canary.
fn leaks(dir: &std::path::Path) -> Vec<(std::path::PathBuf, &'static str)> {
    let mut found = Vec::new();
    for canary in CANARIES {
        for hit in files_containing(dir, canary.as_bytes()) {
            if !hit.starts_with(dir.join("in")) {
                found.push((hit, *canary));
            }
        }
    }
    found
}

#[test]
fn no_plaintext_in_home_cache_config_data_tmp_cwd_or_on_the_stick_after_a_full_session() {
    // Both sides run with HOME, XDG_{CACHE,CONFIG,DATA,STATE}_HOME, XDG_RUNTIME_DIR, TMPDIR
    // and the working folder inside their scratch folder (see common::Env), so all of it
    // is scanned below, with the stick and the receipt folder.
    let p = common::pair();
    let (field, hq) = (&p.field, &p.hq);
    let mut changed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&common::sample_paths()[0]).unwrap()).unwrap();
    changed["code"] = "W26-0100".into();
    let input = field.input("new.json", &changed.to_string());
    field.run(&["interview", "add", input.to_str().unwrap()]).ok();
    changed["narrative"] = "Changbai 온성 보위부 restaurant across the river".into();
    let input = field.input("new-2.json", &changed.to_string());
    field
        .run(&["interview", "update", "W26-0100", input.to_str().unwrap()])
        .ok();
    for query in ["Changbai", "보위부", "restaurant"] {
        field.run(&["search", query]).ok();
    }
    field.run(&["interview", "show", "W26-0002", "--json"]).ok();
    field.run(&["interview", "list"]).ok();
    field.run(&["status"]).ok();
    field.run(&["interview", "seal", "--all"]).ok();
    let bundle = p.export();
    let back = tempfile::tempdir().unwrap();
    hq.run(&[
        "import",
        bundle.to_str().unwrap(),
        "--receipt-to",
        back.path().to_str().unwrap(),
    ])
    .ok();
    hq.run(&["search", "보위부"]).ok();
    hq.run(&["interview", "show", "W26-0001"]).ok();
    let receipt = std::fs::read_dir(back.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    field.run(&["receipt", "import", receipt.to_str().unwrap()]).ok();
    field
        .run(&["wipe", "exported", "--in", p.stick.path().to_str().unwrap()])
        .ok();
    field.run(&["wipe", "delivered"]).ok();
    field.run(&["log", "verify"]).ok();
    hq.run(&["log", "verify"]).ok();

    let mut all = Vec::new();
    for dir in [field.root.path(), hq.root.path(), p.stick.path(), back.path()] {
        all.extend(leaks(dir));
    }
    assert!(all.is_empty(), "plaintext found on disk: {all:?}");
    // The scan covered the folders the binary could have written to.
    for env in [field, hq] {
        for dir in common::XDG_DIRS {
            assert!(env.home().join(dir.1).is_dir());
        }
        assert!(env.cwd().is_dir() && env.tmp().is_dir());
    }
}

#[test]
fn the_wide_scan_would_see_plaintext_in_the_cache_folder() {
    let env = Env::new();
    let cache = env.home().join(".cache/fieldvault");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(cache.join("thumb"), "xx 두만강을 건넜다 xx").unwrap();
    std::fs::write(env.root.path().join("in/input.json"), "W26-0001").unwrap();
    let found = leaks(env.root.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.starts_with(&cache));
}
