//! Hostile and mistaken input: each case gets one clear line naming what is wrong, a
//! documented exit code, and leaves the vault exactly as it was.

use crate::common;

use std::fs;
use std::path::Path;

use common::Env;

fn corpus() -> Vec<(String, i32, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad-interviews");
    fs::read_to_string(dir.join("expected.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let file = dir.join(parts.next().unwrap()).display().to_string();
            (
                file,
                parts.next().unwrap().parse().unwrap(),
                parts.next().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn every_bad_interview_in_the_corpus_is_refused_and_nothing_changes() {
    let env = Env::with_vault();
    env.add_samples();
    let before = env.snapshot();
    let cases = corpus();
    assert!(cases.len() >= 20, "the corpus shrank");
    for (file, code, needle) in cases {
        let run = env.run(&["interview", "add", &file]);
        assert_eq!(run.code, code, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(&needle),
            "{file}: message lacks {needle:?}: {}",
            run.stderr
        );
        assert!(run.stderr.starts_with("fieldvault: "), "{file}: {}", run.stderr);
        assert_eq!(env.snapshot(), before, "{file} changed the vault");
    }
}

#[test]
fn one_bad_file_among_good_ones_stores_nothing() {
    let env = Env::with_vault();
    let good = common::sample_paths()[0].display().to_string();
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad-interviews/impossible-month.json");
    env.run(&["interview", "add", &good, bad.to_str().unwrap()])
        .fails(4, "2014-13");
    assert!(
        env.run(&["interview", "list"])
            .ok()
            .stdout
            .contains("No interviews")
    );
}

#[test]
fn validation_messages_never_quote_testimony() {
    let env = Env::with_vault();
    let mut value: serde_json::Value =
        serde_json::from_slice(&fs::read(&common::sample_paths()[0]).unwrap()).unwrap();
    value["incidents"][0]["description"] = serde_json::Value::from(12345);
    value["narrative"] = serde_json::Value::from("SECRET-NARRATIVE-CANARY\u{0}");
    let file = env.input("bad.json", &value.to_string());
    let run = env.run(&["interview", "add", file.to_str().unwrap()]);
    assert_eq!(run.code, 4);
    assert!(!run.stderr.contains("SECRET-NARRATIVE-CANARY"), "{}", run.stderr);
}

#[test]
fn a_duplicate_code_is_a_conflict() {
    let env = Env::with_vault();
    env.add_samples();
    let before = env.snapshot();
    let path = common::sample_paths()[2].display().to_string();
    env.run(&["interview", "add", &path])
        .fails(6, "already in the vault");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_narrative_over_the_limit_is_refused_with_the_limit() {
    let env = Env::with_vault();
    let mut value: serde_json::Value =
        serde_json::from_slice(&fs::read(&common::sample_paths()[5]).unwrap()).unwrap();
    value["narrative"] = serde_json::Value::from("가".repeat(400_000)); // 1.2 MB of UTF-8
    let file = env.input("long.json", &value.to_string());
    env.run(&["interview", "add", file.to_str().unwrap()])
        .fails(4, "narrative");
}

#[test]
fn unknown_ids_and_codes_are_not_found() {
    let env = Env::with_vault();
    env.add_samples();
    env.run(&["interview", "show", "W99-0000"])
        .fails(7, "no interview has the code or id");
    env.run(&["interview", "seal", "W99-0000"]).fails(7, "W99-0000");
}

#[test]
fn a_folder_that_is_not_a_vault_is_named() {
    let env = Env::new();
    fs::create_dir(env.vault()).unwrap();
    fs::write(env.vault().join("notes.txt"), "hello").unwrap();
    env.run(&["status"]).fails(5, "is not a fieldvault vault");
    env.run(&["init"]).fails(6, "already holds files");
    assert_eq!(fs::read_dir(env.vault()).unwrap().count(), 1);
    let missing = Env::new();
    missing.run(&["status"]).fails(5, "does not exist");
}

#[test]
fn a_truncated_header_is_reported_as_damage() {
    let env = Env::with_vault();
    let header = env.vault().join("vault.header");
    let bytes = fs::read(&header).unwrap();
    fs::write(&header, &bytes[..bytes.len() / 3]).unwrap();
    let run = env.run(&["status"]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(run.stderr.contains("vault.header"), "{}", run.stderr);
}

#[test]
fn a_header_that_is_not_ours_is_reported() {
    let env = Env::with_vault();
    fs::write(
        env.vault().join("vault.header"),
        "SQLite format 3\0 and other things",
    )
    .unwrap();
    env.run(&["status"]).fails(5, "vault.header");
}

#[test]
fn a_damaged_database_is_reported_and_not_made_worse() {
    let env = Env::with_vault();
    env.add_samples();
    let db = env.vault().join("vault.db");
    let mut bytes = fs::read(&db).unwrap();
    for b in &mut bytes[100..4000] {
        *b ^= 0x5a;
    }
    fs::write(&db, &bytes).unwrap();
    let run = env.run(&["status"]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(run.stderr.contains("damaged"), "{}", run.stderr);
    assert_eq!(fs::read(&db).unwrap(), bytes);
}

#[test]
fn a_database_from_another_vault_is_refused() {
    let a = Env::with_vault();
    let b = Env::with_vault();
    fs::copy(b.vault().join("vault.db"), a.vault().join("vault.db")).unwrap();
    a.run(&["status"])
        .fails(5, "does not belong to this vault.header");
}

#[test]
fn standard_input_cannot_serve_twice() {
    let env = Env::with_vault();
    env.run(&["interview", "add", "-", "-"]).fails(2, "only once");
}

/// New interviews (the samples with codes prefixed by `prefix`), one file each.
fn renamed_samples(env: &Env, prefix: &str) -> Vec<String> {
    common::sample_paths()
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let mut value: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
            value["code"] = format!("{prefix}{}", value["code"].as_str().unwrap()).into();
            env.input(&format!("{prefix}-{i}.json"), &value.to_string())
                .display()
                .to_string()
        })
        .collect()
}

/// Import writes the files validated so far while later ones are still being parsed: an
/// error in a later file must still leave the vault exactly as it was, and errors are
/// reported as if everything had been validated first (validation errors, then codes used
/// twice, then codes already in the vault).
#[test]
fn errors_found_after_interviews_were_written_store_nothing() {
    let env = Env::with_vault();
    env.add_samples();
    let before = env.snapshot();
    let mut good = Vec::new();
    for batch in 0..8 {
        good.extend(renamed_samples(&env, &format!("B{batch}-")));
    }
    let conflicting = common::sample_paths()[2].display().to_string();
    let bad = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/bad-interviews/impossible-month.json")
        .display()
        .to_string();
    let run_with = |extra: &[&str]| {
        let mut args = vec!["interview", "add"];
        args.extend(good.iter().map(String::as_str));
        args.extend(extra);
        env.run(&args)
    };

    run_with(&[&conflicting, &bad]).fails(4, "2014-13");
    assert_eq!(env.snapshot(), before);
    run_with(&[&conflicting]).fails(6, "already in the vault");
    assert_eq!(env.snapshot(), before);
    let again = renamed_samples(&env, "B3-again");
    let twice = env.input("twice.json", &fs::read_to_string(&good[20]).unwrap());
    let run = run_with(&[&again[0], twice.to_str().unwrap(), &conflicting]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("appears twice"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);

    // And all of them together, without the bad ones, are stored.
    run_with(&[]).ok();
    let listed = env.run(&["interview", "list", "--json"]).ok();
    assert!(listed.stdout.contains("B7-W26-0006"), "{}", listed.stdout);
}

/// Errors come in the desktop's language (#15): what happened and what to do, both Korean,
/// from the catalogue the app uses; an exit code does not change with the language.
#[test]
fn errors_are_worded_in_the_desktops_language() {
    let env = Env::with_vault();
    env.add_samples();
    let korean = |args: &[&str]| {
        let out = env
            .command_with(args)
            .env("LC_ALL", "ko_KR.UTF-8")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = korean(&["interview", "show", "W99-0000"]);
    assert_eq!(code, 7, "{stderr}");
    assert!(
        stderr.contains(
            "코드나 id 가 \"W99-0000\" 인 면담이 없습니다; `interview list` 가 모든 면담을 보여 줍니다"
        ),
        "{stderr}"
    );
    let missing = Env::new();
    let out = missing
        .command_with(&["status"])
        .env("LC_ALL", "ko_KR.UTF-8")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("폴더가 없습니다"), "{stderr}");
    for word in [" the ", " does ", " not ", " check "] {
        assert!(!stderr.contains(word), "English {word:?} in {stderr}");
    }
    // The same errors in English, with the same exit codes.
    env.run(&["interview", "show", "W99-0000"]).fails(
        7,
        "no interview has the code or id \"W99-0000\"; `interview list` shows them all",
    );
}
