//! The vault core through the real binary: init, add, show, update, seal, revise,
//! search, status, log verify, passphrase change.

use crate::common;

use common::{Env, sample_paths};
use serde_json::Value;

fn ids_by_code(env: &Env) -> Vec<(String, String)> {
    let list: Value = serde_json::from_str(&env.run(&["interview", "list", "--json"]).ok().stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_sample_round_trips_unchanged() {
    let env = Env::with_vault();
    for path in sample_paths() {
        let original: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let added = env.run(&["interview", "add", path.to_str().unwrap()]).ok();
        let id = added.stdout.split('\t').next().unwrap().trim().to_owned();
        let shown = env.run(&["interview", "show", &id, "--json"]).ok();
        let back: Value = serde_json::from_str(&shown.stdout).unwrap();
        assert_eq!(
            back,
            original,
            "{} changed on the way through the vault",
            path.display()
        );
        let code = original["code"].as_str().unwrap();
        let by_code: Value =
            serde_json::from_str(&env.run(&["interview", "show", code, "--json"]).ok().stdout).unwrap();
        assert_eq!(by_code, original);
    }
}

#[test]
fn several_files_are_added_in_one_go_and_listed() {
    let env = Env::with_vault();
    let added = env.add_samples();
    assert_eq!(added.stdout.lines().count(), sample_paths().len());
    let codes: Vec<String> = ids_by_code(&env).into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        codes,
        [
            "W26-0001", "W26-0002", "W26-0003", "W26-0004", "W26-0005", "W26-0006"
        ]
    );
}

#[test]
fn an_array_and_standard_input_are_accepted() {
    let env = Env::with_vault();
    let a: Value = serde_json::from_slice(&std::fs::read(&sample_paths()[0]).unwrap()).unwrap();
    let b: Value = serde_json::from_slice(&std::fs::read(&sample_paths()[1]).unwrap()).unwrap();
    let run = env
        .run_with_stdin(&["interview", "add", "-"], &Value::Array(vec![a, b]).to_string())
        .ok();
    assert_eq!(run.stdout.lines().count(), 2);
}

#[test]
fn sealing_freezes_an_interview_and_revise_names_the_old_hash() {
    let env = Env::with_vault();
    env.add_samples();
    let sealed = env.run(&["interview", "seal", "W26-0001"]).ok();
    let hash = sealed.stdout.split_whitespace().last().unwrap().to_owned();
    assert_eq!(hash.len(), 64, "{}", sealed.stdout);

    let mut changed: Value = serde_json::from_slice(&std::fs::read(&sample_paths()[0]).unwrap()).unwrap();
    changed["follow_up"] = Value::from("Referred to a counsellor as well.");
    let file = env.input("changed.json", &changed.to_string());
    env.run(&["interview", "update", "W26-0001", file.to_str().unwrap()])
        .fails(6, "interview revise W26-0001");
    env.run(&["interview", "seal", "W26-0001"])
        .fails(6, "already sealed");

    env.run(&["interview", "revise", "W26-0001", file.to_str().unwrap()])
        .ok();
    let show = env.run(&["interview", "show", "W26-0001"]).ok();
    assert!(show.stdout.contains("revision 2"), "{}", show.stdout);
    assert!(
        show.stdout.contains(&hash),
        "history keeps revision 1's hash: {}",
        show.stdout
    );
    let resealed = env.run(&["interview", "seal", "W26-0001"]).ok();
    assert!(!resealed.stdout.contains(&hash), "a new revision has a new hash");
    let back: Value =
        serde_json::from_str(&env.run(&["interview", "show", "W26-0001", "--json"]).ok().stdout).unwrap();
    assert_eq!(back, changed);
}

#[test]
fn seal_all_seals_every_draft_and_the_hash_is_stable() {
    let env = Env::with_vault();
    env.add_samples();
    let out = env.run(&["interview", "seal", "--all"]).ok();
    assert_eq!(out.stdout.lines().count(), 6);
    let status: Value = serde_json::from_str(&env.run(&["status", "--json"]).ok().stdout).unwrap();
    assert_eq!(status["revisions"]["sealed"], 6);
    assert_eq!(status["revisions"]["draft"], 0);
    assert_eq!(status["interviews"], 6);
    let again = env.run(&["interview", "seal", "--all"]).ok();
    assert!(again.stdout.contains("no drafts"), "{}", again.stdout);
}

#[test]
fn drafts_can_be_updated_and_the_change_is_searchable() {
    let env = Env::with_vault();
    env.add_samples();
    let mut changed: Value = serde_json::from_slice(&std::fs::read(&sample_paths()[5]).unwrap()).unwrap();
    changed["narrative"] = Value::from("두 번째 면담에서 탈북 경로를 자세히 들었다. Zanzibarquux.");
    let file = env.input("w6.json", &changed.to_string());
    env.run(&["interview", "update", "W26-0006", file.to_str().unwrap()])
        .ok();
    let hits: Value =
        serde_json::from_str(&env.run(&["search", "zanzibarquux", "--json"]).ok().stdout).unwrap();
    assert_eq!(hits[0]["code"], "W26-0006");
    let old: Value = serde_json::from_str(&env.run(&["search", "예비", "--json"]).ok().stdout).unwrap();
    assert_eq!(
        old.as_array().unwrap().len(),
        0,
        "the old draft text is no longer indexed"
    );
}

fn search_codes(env: &Env, query: &str) -> Vec<String> {
    let hits: Value = serde_json::from_str(&env.run(&["search", query, "--json"]).ok().stdout).unwrap();
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn korean_nouns_are_found_inside_inflected_words() {
    let env = Env::with_vault();
    env.add_samples();
    // "보위부에서" in the narrative of W26-0002: the noun with a particle attached.
    assert!(search_codes(&env, "보위부").contains(&"W26-0002".to_owned()));
    // "두만강을": a two-syllable stem inside a longer word.
    assert!(search_codes(&env, "두만강").contains(&"W26-0002".to_owned()));
    assert!(search_codes(&env, "구류장").contains(&"W26-0002".to_owned()));
    assert!(search_codes(&env, "존재하지않는낱말").is_empty());
}

#[test]
fn english_search_matches_words_places_codes_and_tags_with_snippets() {
    let env = Env::with_vault();
    env.add_samples();
    assert!(search_codes(&env, "Yanji").contains(&"W26-0001".to_owned()));
    assert_eq!(search_codes(&env, "W26-0001"), ["W26-0001"]);
    assert!(search_codes(&env, "child-left-behind").contains(&"W26-0001".to_owned()));
    let hits: Value =
        serde_json::from_str(&env.run(&["search", "restaurant", "--json"]).ok().stdout).unwrap();
    let snippet = &hits[0]["snippets"][0];
    let text = snippet["text"].as_str().unwrap();
    let (a, b) = (
        snippet["highlights"][0][0].as_u64().unwrap() as usize,
        snippet["highlights"][0][1].as_u64().unwrap() as usize,
    );
    assert_eq!(text[a..b].to_lowercase(), "restaurant");
    let human = env.run(&["search", "restaurant"]).ok();
    assert!(human.stdout.contains("[restaurant]"), "{}", human.stdout);
}

#[test]
fn the_audit_log_verifies_after_a_session_of_changes() {
    let env = Env::with_vault();
    env.add_samples();
    env.run(&["interview", "seal", "W26-0002"]).ok();
    let report: Value = serde_json::from_str(&env.run(&["log", "verify", "--json"]).ok().stdout).unwrap();
    // vault created + 6 added + 1 sealed
    assert_eq!(report["entries"], 8);
    assert_eq!(report["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn a_wrong_passphrase_is_one_clear_line_and_changes_nothing() {
    let env = Env::with_vault();
    env.add_samples();
    let before = env.snapshot();
    std::fs::write(env.pass_file(), "not the passphrase at all\n").unwrap();
    let run = env
        .run(&["status"])
        .fails(3, "the passphrase did not open the vault");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    env.run(&["interview", "list"]).fails(3, "did not open");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn changing_the_passphrase_retires_the_old_one() {
    let env = Env::with_vault();
    env.add_samples();
    let new_pass = env.input("new-pass", "a new and longer passphrase\n");
    env.run(&[
        "passphrase",
        "change",
        "--new-passphrase-file",
        new_pass.to_str().unwrap(),
    ])
    .ok();
    env.run(&["status"]).fails(3, "did not open");
    std::fs::copy(&new_pass, env.pass_file()).unwrap();
    let status: Value = serde_json::from_str(&env.run(&["status", "--json"]).ok().stdout).unwrap();
    assert_eq!(status["interviews"], 6);
}

#[test]
fn passphrases_come_from_standard_input_too() {
    let env = Env::with_vault();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fieldvault"));
    cmd.args([
        "--vault",
        env.vault().to_str().unwrap(),
        "--passphrase-file",
        "-",
        "status",
    ]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{}\n", common::PASSPHRASE).as_bytes())
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
}

#[test]
fn a_short_passphrase_is_refused_at_init() {
    let env = Env::new();
    std::fs::write(env.pass_file(), "short\n").unwrap();
    env.run(&["init"]).fails(4, "at least 10 characters");
    assert!(!env.vault().join("vault.header").exists());
}

#[test]
fn the_demo_runs_end_to_end() {
    let env = Env::new();
    let run = env.run(&["demo"]).ok();
    assert!(run.stdout.contains("The audit log is intact"), "{}", run.stdout);
    assert!(run.stdout.contains("W26-0002"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_dir(env.tmp()).unwrap().count(),
        0,
        "the demo vault is removed"
    );
}

#[test]
fn a_korean_passphrase_opens_whether_typed_composed_or_decomposed() {
    let env = Env::new();
    // "한국어 비밀번호입니다": precomposed syllables (NFC) when the vault is made...
    fs_write(
        &env,
        "\u{d55c}\u{ad6d}\u{c5b4} \u{be44}\u{bc00}\u{bc88}\u{d638}\u{c785}\u{b2c8}\u{b2e4}\n",
    );
    env.run(&["init"]).ok();
    // ...and conjoining jamo (NFD), as some input methods produce, when it is opened.
    fs_write(
        &env,
        "\u{1112}\u{1161}\u{11ab}\u{1100}\u{116e}\u{11a8}\u{110b}\u{1165} \u{1107}\u{1175}\u{1106}\u{1175}\u{11af}\
         \u{1107}\u{1165}\u{11ab}\u{1112}\u{1169}\u{110b}\u{1175}\u{11b8}\u{1102}\u{1175}\u{1103}\u{1161}\n",
    );
    env.run(&["status"]).ok();
}

fn fs_write(env: &Env, passphrase: &str) {
    std::fs::write(env.pass_file(), passphrase).unwrap();
}

#[test]
fn an_interview_is_found_by_a_unique_id_prefix() {
    let env = Env::with_vault();
    env.add_samples();
    let (id, code) = ids_by_code(&env).into_iter().next().unwrap();
    let shown: Value =
        serde_json::from_str(&env.run(&["interview", "show", &id[..8], "--json"]).ok().stdout).unwrap();
    assert_eq!(shown["code"], code.as_str());
    env.run(&["interview", "show", "00000000"])
        .fails(7, "no interview has the code or id");
}
