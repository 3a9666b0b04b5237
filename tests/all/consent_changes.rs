//! Consent changes through the real binary (#18): an interviewee withdraws on the
//! laptop after the interview was delivered and wiped there; the change alone travels in
//! the next bundle, headquarters stores it (with its own audit entry), the receipt
//! confirms it, and from then on statistics, analysis exports and publication packs leave
//! the testimony out. At headquarters a narrowing applies at once; a widening is refused
//! and changes nothing.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::{Env, pair};

fn json_of(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&env.run(args).ok().stdout).unwrap()
}

fn stick_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The audit log's actions, read from the database with the real key (as an auditor
/// holding it could).
fn audit_actions(env: &Env) -> Vec<String> {
    use fieldvault_core::secret::Passphrase;
    use fieldvault_core::testing::crypto::header::VaultHeader;
    let header = VaultHeader::parse(&std::fs::read(env.vault().join("vault.header")).unwrap()).unwrap();
    let keys = header
        .unlock(&Passphrase::new(crate::common::PASSPHRASE.to_owned()))
        .unwrap();
    let conn = rusqlite::Connection::open(env.vault().join("vault.db")).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'{}'\";",
        hex::encode(keys.current().expose_secret())
    ))
    .unwrap();
    let mut statement = conn.prepare("SELECT action FROM audit_log ORDER BY seq").unwrap();
    statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn publish(hq: &Env, codes: &[&str], audience: &str) -> Value {
    let requests: Vec<Value> = codes
        .iter()
        .map(|code| json!({ "interview": code, "start": 0, "end": 20 }))
        .collect();
    let scratch = tempfile::tempdir().unwrap();
    let excerpts = scratch.path().join("excerpts.json");
    std::fs::write(&excerpts, serde_json::to_vec(&requests).unwrap()).unwrap();
    let out = scratch.path().join("pack");
    std::fs::create_dir_all(&out).unwrap();
    hq.run(&[
        "publish",
        "--audience",
        audience,
        "--excerpts",
        excerpts.to_str().unwrap(),
        "--to",
        out.to_str().unwrap(),
        "--k",
        "1",
        "--plaintext-ok",
    ])
    .ok();
    serde_json::from_slice(&std::fs::read(out.join(format!("publication-{audience}.json"))).unwrap()).unwrap()
}

fn reasons(pack: &Value) -> Vec<(String, String)> {
    pack["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_owned(),
                x["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn analysis_codes(hq: &Env) -> (Vec<String>, String) {
    let scratch = tempfile::tempdir().unwrap();
    hq.run(&[
        "analysis",
        "export",
        "--to",
        scratch.path().to_str().unwrap(),
        "--plaintext-ok",
    ])
    .ok();
    let csv = std::fs::read_to_string(scratch.path().join("interviews.csv")).unwrap();
    let codes = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    (codes, csv)
}

#[test]
fn a_withdrawal_on_the_laptop_reaches_headquarters_after_the_wipe_and_is_honoured() {
    let pair = pair();
    let bundle = pair.export();
    pair.deliver(&bundle);
    pair.field.run(&["wipe", "delivered"]).ok();
    std::fs::remove_file(&bundle).unwrap();
    let before = json_of(&pair.hq, &["stats", "--json"]);
    assert_eq!(before["total_interviewees"], 6, "{before}");
    let pack = publish(&pair.hq, &["W26-0001", "W26-0003"], "un");
    assert_eq!(pack["excerpts"].as_array().unwrap().len(), 2, "{pack}");

    // The interview is no longer on the laptop; the withdrawal is still recorded there.
    let said = pair
        .field
        .run_with_stdin(
            &["consent", "change", "W26-0001", "--withdraw", "--note", "-"],
            "asked by phone on 3 December\n",
        )
        .ok()
        .stdout;
    assert!(said.contains("Recorded a consent change for W26-0001"), "{said}");
    assert!(
        said.contains("goes to headquarters with the next export"),
        "{said}"
    );
    let shown = json_of(&pair.field, &["consent", "show", "W26-0001", "--json"]);
    assert_eq!(shown["changes"][0]["withdrawn"], true, "{shown}");

    // The next export carries the change alone.
    let out = pair
        .field
        .run(&["export", "--to", pair.stick.path().to_str().unwrap()])
        .ok();
    assert!(out.stderr.contains("Exported 0 revision(s)"), "{}", out.stderr);
    assert!(out.stderr.contains("1 consent change(s)"), "{}", out.stderr);
    let only = stick_files(pair.stick.path());
    assert_eq!(only.len(), 1);

    let back = tempfile::tempdir().unwrap();
    let imported = pair
        .hq
        .run(&[
            "import",
            only[0].to_str().unwrap(),
            "--receipt-to",
            back.path().to_str().unwrap(),
        ])
        .ok()
        .stdout;
    assert!(imported.contains("0 revision(s) stored"), "{imported}");
    assert!(imported.contains("1 consent change(s) stored"), "{imported}");
    let at_hq = json_of(&pair.hq, &["consent", "show", "W26-0001", "--json"]);
    assert_eq!(at_hq["effective"]["withdrawn"], true, "{at_hq}");
    assert_eq!(at_hq["changes"][0]["note"], "asked by phone on 3 December");
    assert!(
        at_hq["changes"][0]["origin"]
            .as_str()
            .is_some_and(|d| d.len() == 64),
        "{at_hq}"
    );
    // Importing the same bundle again stores nothing twice.
    let again = pair.hq.run(&["import", only[0].to_str().unwrap()]).ok().stdout;
    assert!(again.contains("already imported"), "{again}");
    assert_eq!(
        json_of(&pair.hq, &["consent", "show", "W26-0001", "--json"])["changes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Honoured everywhere from now on.
    let after = json_of(&pair.hq, &["stats", "--json"]);
    assert_eq!(after["total_interviewees"], 5, "{after}");
    assert_eq!(after["withdrawn"], 1, "{after}");
    let (codes, _) = analysis_codes(&pair.hq);
    assert!(
        !codes.contains(&"W26-0001".to_owned()) && codes.len() == 5,
        "{codes:?}"
    );
    let pack = publish(&pair.hq, &["W26-0001", "W26-0003"], "un");
    let quoted: Vec<&str> = pack["excerpts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(quoted, ["W26-0003"]);
    assert_eq!(
        reasons(&pack),
        [("W26-0001".to_owned(), "consent_withdrawn".to_owned())]
    );
    let actions = audit_actions(&pair.hq);
    assert_eq!(
        actions.iter().filter(|a| *a == "consent_changed").count(),
        1,
        "{actions:?}"
    );
    pair.hq.run(&["log", "verify"]).ok();

    // The receipt confirms it; after that nothing is left to send.
    let receipt = stick_files(back.path()).remove(0);
    let applied = pair
        .field
        .run(&["receipt", "import", receipt.to_str().unwrap()])
        .ok()
        .stdout;
    assert!(applied.contains("holds 1 consent change(s)"), "{applied}");
    std::fs::remove_file(&only[0]).unwrap();
    pair.field
        .run(&["export", "--to", pair.stick.path().to_str().unwrap()])
        .fails(6, "nothing to export");
    pair.field.run(&["log", "verify"]).ok();
}

#[test]
fn headquarters_narrows_at_once_and_a_widening_changes_nothing() {
    let pair = pair();
    pair.deliver(&pair.export());
    let hq = &pair.hq;
    let changes = |code: &str| {
        json_of(hq, &["consent", "show", code, "--json"])["changes"]
            .as_array()
            .unwrap()
            .len()
    };
    // W26-0001 agreed to anonymised quotes for the UN and researchers.
    hq.run(&["consent", "change", "W26-0001", "--quote", "named"])
        .fails(4, "can only narrow");
    hq.run(&["consent", "change", "W26-0001", "--share-with", "un,public"])
        .fails(4, "sharing with \"public\"");
    hq.run(&["consent", "change", "W26-0001"])
        .fails(4, "names nothing");
    hq.run(&["consent", "change", "W26-0404", "--withdraw"])
        .fails(7, "no interview has the code or id \"W26-0404\"");
    assert_eq!(changes("W26-0001"), 0, "a refusal records nothing");

    let said = hq
        .run(&["consent", "change", "W26-0001", "--share-with", "researchers"])
        .ok()
        .stdout;
    assert!(
        said.contains("in force:  quote anonymised, share with researchers"),
        "{said}"
    );
    assert!(
        !said.contains("next export"),
        "headquarters exports nothing: {said}"
    );
    let pack = publish(hq, &["W26-0001", "W26-0003"], "un");
    assert_eq!(
        reasons(&pack),
        [("W26-0001".to_owned(), "audience_not_allowed".to_owned())]
    );
    assert!(
        pack["excluded"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("since a consent change"),
        "{pack}"
    );
    let (_, csv) = analysis_codes(hq);
    let row = csv.lines().find(|l| l.starts_with("W26-0001,")).unwrap();
    assert!(row.contains(",anonymised,researchers,true,"), "{row}");
    // Narrowing twice keeps the narrowest: quoting off, then a wider list changes nothing.
    hq.run(&["consent", "change", "W26-0001", "--quote", "no"]).ok();
    hq.run(&["consent", "change", "W26-0001", "--share-with", "un,researchers"])
        .fails(4, "can only narrow");
    let shown = json_of(hq, &["consent", "show", "W26-0001", "--json"]);
    assert_eq!(
        shown["effective"],
        json!({ "quote": "no", "share_with": ["researchers"], "withdrawn": false })
    );
    assert_eq!(
        shown["recorded"]["quote"], "anonymised",
        "the sealed record is unchanged"
    );
    let actions = audit_actions(hq);
    assert_eq!(
        actions.iter().filter(|a| *a == "consent_changed").count(),
        2,
        "{actions:?}"
    );
    hq.run(&["log", "verify"]).ok();
}
