//! Review finding 1 (#13): no laptop can be locked out of delivery. Two laptops that used
//! the same interview codes both deliver; a code corrected before delivery still delivers;
//! an interview can be left out of an export. Through the real binary, both sides.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Env, card, init_hq, pair};
use serde_json::Value;

fn json(run: common::Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn export(field: &Env, stick: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["export", "--to", stick.to_str().unwrap()];
    args.extend_from_slice(extra);
    PathBuf::from(field.run(&args).ok().stdout.trim())
}

/// HQ imports `bundle` and returns the report and the receipt's path.
fn import(hq: &Env, bundle: &Path) -> (Value, PathBuf) {
    let back = tempfile::tempdir().unwrap().keep();
    let report = json(
        hq.run(&[
            "import",
            bundle.to_str().unwrap(),
            "--receipt-to",
            back.to_str().unwrap(),
            "--json",
        ])
        .ok(),
    );
    let receipt = fs::read_dir(&back).unwrap().next().unwrap().unwrap().path();
    (report["imports"][0].clone(), receipt)
}

fn status(env: &Env) -> Value {
    json(env.run(&["status", "--json"]).ok())
}

#[test]
fn two_laptops_that_used_the_same_codes_both_deliver_and_hq_flags_the_codes() {
    let hq = init_hq("Seoul HQ");
    let hq_card = card(&hq, "hq.card");
    let laptop = |label: &str| {
        let env = Env::new();
        env.run(&["init", "--label", label]).ok();
        env.trust(hq_card.to_str().unwrap()).ok();
        hq.trust(card(&env, &format!("{label}.card")).to_str().unwrap())
            .ok();
        env.add_samples();
        env.run(&["interview", "seal", "--all"]).ok();
        env
    };
    let a = laptop("laptop A");
    let b = laptop("laptop B");
    let stick = tempfile::tempdir().unwrap();

    let (from_b, _) = import(&hq, &export(&b, stick.path(), &[]));
    assert_eq!(from_b["stored"], 6);
    // Laptop A's bundle used to be refused whole here ("code already belongs to another interview").
    let (from_a, receipt_a) = import(&hq, &export(&a, stick.path(), &[]));
    assert_eq!(from_a["stored"], 6, "{from_a}");
    assert_eq!(from_a["flags"].as_array().unwrap().len(), 6, "{from_a}");

    // Both are kept, keyed by device; the code alone no longer names one interview.
    let listed = json(hq.run(&["interview", "list", "--json"]).ok());
    assert_eq!(listed.as_array().unwrap().len(), 12);
    hq.run(&["interview", "show", "W26-0002"])
        .fails(6, "is used by 2 interviews from different devices");
    let review = json(hq.run(&["hq", "review", "--json"]).ok());
    let flags = review["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 6);
    assert!(flags.iter().all(|f| f["kind"] == "duplicate_code"));
    let text = hq.run(&["hq", "review"]).ok().stdout;
    assert!(text.contains("laptop A") && text.contains("laptop B"), "{text}");

    // The receipt covers everything stored, so laptop A can finish and wipe.
    a.run(&["receipt", "import", receipt_a.to_str().unwrap()]).ok();
    assert_eq!(status(&a)["revisions"]["delivered"], 6);
    a.run(&["wipe", "delivered"]).ok();
    assert_eq!(status(&a)["revisions"]["wiped"], 6);
}

#[test]
fn a_code_corrected_before_delivery_still_delivers_every_revision() {
    let pair = pair();
    let first = export(&pair.field, pair.stick.path(), &[]);
    // Bundle 1 never reaches HQ; the interviewer corrects a code.
    let mut value: Value =
        serde_json::from_slice(&fs::read(common::samples_dir().join("w26-0002.json")).unwrap()).unwrap();
    value["code"] = "W26-0102".into();
    let corrected = pair.field.input("corrected.json", &value.to_string());
    pair.field
        .run(&["interview", "revise", "W26-0002", corrected.to_str().unwrap()])
        .ok();
    pair.field.run(&["interview", "seal", "W26-0102"]).ok();
    let second = export(&pair.field, pair.stick.path(), &[]);

    // The second bundle carries revision 1 under the code it was sealed with.
    let (report, receipt) = import(&pair.hq, &second);
    assert_eq!(report["stored"], 7, "{report}");
    let shown = pair.hq.run(&["interview", "show", "W26-0102"]).ok().stdout;
    assert!(shown.contains("W26-0102"), "{shown}");
    pair.hq
        .run(&["interview", "show", "W26-0002"])
        .fails(7, "no interview has the code");
    pair.field
        .run(&["receipt", "import", receipt.to_str().unwrap()])
        .ok();
    assert_eq!(status(&pair.field)["revisions"]["delivered"], 7);
    // The first bundle arriving late changes nothing and is covered too.
    let (late, _) = import(&pair.hq, &first);
    assert_eq!(late["stored"], 0);
    assert_eq!(late["already_held"], 6);
}

#[test]
fn an_interview_left_out_of_an_export_stays_on_the_laptop_for_the_next() {
    let pair = pair();
    let bundle = export(
        &pair.field,
        pair.stick.path(),
        &["--leave-out", "W26-0002", "--leave-out", "W26-0005"],
    );
    let (report, receipt) = import(&pair.hq, &bundle);
    assert_eq!(report["stored"], 4);
    pair.field
        .run(&["receipt", "import", receipt.to_str().unwrap()])
        .ok();
    let left = json(
        pair.field
            .run(&["interview", "list", "--state", "sealed", "--json"])
            .ok(),
    );
    let codes: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["W26-0002", "W26-0005"]);
    // Leaving out everything, or something unknown, is refused with nothing written.
    pair.field
        .run(&[
            "export",
            "--to",
            pair.stick.path().to_str().unwrap(),
            "--leave-out",
            "W26-0002",
            "--leave-out",
            "W26-0005",
        ])
        .fails(6, "every interview awaiting delivery was left out");
    pair.field
        .run(&[
            "export",
            "--to",
            pair.stick.path().to_str().unwrap(),
            "--leave-out",
            "W99-9999",
        ])
        .fails(7, "no interview has the code");
    let (rest, _) = import(&pair.hq, &export(&pair.field, pair.stick.path(), &[]));
    assert_eq!(rest["stored"], 2);
}
