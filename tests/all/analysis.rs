//! Headquarters' analysis through the real binary (#18): on a generated archive of 300
//! interviews whose counts the test works out by hand, `stats` gives exactly those
//! figures (uncertain dates counted apart, never as certain), and `analysis export`
//! writes CSV that Python's `csv` module reads back with the documented columns.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Value, json};

use crate::common::{Env, card, init_hq};

const KINDS: [&str; 4] = [
    "arbitrary_detention",
    "forced_repatriation",
    "torture_ill_treatment",
    "forced_abortion",
];
const FACILITIES: [&str; 3] = ["kyohwaso", "jipkyulso", "detention_centre"];

/// A small deterministic generator (the same archive every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// An incident date in one of the forms the test counts by hand, and the years it may
/// mean with whether it is certainly in each.
fn date(rng: &mut Rng) -> (Option<String>, Vec<(String, bool)>) {
    let year = 2008 + rng.below(10) as i64;
    match rng.below(5) {
        0 => (Some(year.to_string()), vec![(year.to_string(), true)]),
        1 => (
            Some(format!("{year}-{:02}", 1 + rng.below(12))),
            vec![(year.to_string(), true)],
        ),
        2 => (Some(format!("{year}~")), vec![(year.to_string(), false)]),
        3 => {
            let end = year + 1 + rng.below(3) as i64;
            (
                Some(format!("{year}/{end}")),
                (year..=end).map(|y| (y.to_string(), false)).collect(),
            )
        }
        _ => (None, vec![("unknown".to_owned(), false)]),
    }
}

/// Per (kind, year): incidents certainly there, interviewees certainly there, and the same
/// for "possibly".
type Expected = BTreeMap<(String, String), (u64, BTreeSet<String>, u64, BTreeSet<String>)>;

/// 300 interviews with 1–3 incidents each, written as files into `dir`; and the counts by
/// kind and year, worked out here.
fn generate(dir: &Path) -> (Vec<String>, Expected) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut files = Vec::new();
    let mut expected = Expected::new();
    for n in 0..300 {
        let code = format!("W26-{:04}", 1000 + n);
        let mut incidents = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let kind = KINDS[rng.below(KINDS.len())];
            let (when, years) = date(&mut rng);
            let mut incident = json!({
                "kind": kind,
                "where": { "place": "Onsong, \"North\" Hamgyong", "country": "KP" },
                "facility": { "name": "온성 집결소, 2동", "type": FACILITIES[rng.below(3)] },
                "perpetrators": [ { "kind": "dprk_state_security" } ],
                "victims": [ { "who": "self" } ],
                "source": "direct",
                "description": "Held for weeks.",
            });
            if let Some(when) = when {
                incident["when"] = Value::String(when);
            }
            incidents.push(incident);
            for (year, certain) in years {
                let cell = expected.entry((kind.to_owned(), year)).or_default();
                if certain {
                    cell.0 += 1;
                    cell.1.insert(code.clone());
                } else {
                    cell.2 += 1;
                    cell.3.insert(code.clone());
                }
            }
        }
        let record = json!({
            "code": code,
            "interviewed_on": "2026-10-02",
            "interviewer": "INT-07",
            "language": "ko",
            "consent": { "recording": false, "quote": "anonymised", "share_with": ["un"] },
            "interviewee": { "gender": "female", "birth_year": "1980", "origin": "Onsong", "current_country": "KR" },
            "narrative": format!("Narrative of {code}, with a comma, a \"quote\"\nand a second line."),
            "incidents": incidents,
            "children": [],
            "tags": ["generated"],
        });
        let path = dir.join(format!("{code}.json"));
        std::fs::write(&path, serde_json::to_vec_pretty(&record).unwrap()).unwrap();
        files.push(path.display().to_string());
    }
    (files, expected)
}

/// A field laptop that sent the generated archive to headquarters.
fn archive() -> (Env, Env, Expected) {
    let field = Env::with_vault();
    let hq = init_hq("Seoul HQ");
    field.trust(card(&hq, "hq.card").to_str().unwrap()).ok();
    hq.trust(card(&field, "field.card").to_str().unwrap()).ok();
    let dir = field.root.path().join("generated");
    std::fs::create_dir_all(&dir).unwrap();
    let (files, expected) = generate(&dir);
    let mut args = vec!["interview", "add"];
    args.extend(files.iter().map(String::as_str));
    field.run(&args).ok();
    field.run(&["interview", "seal", "--all"]).ok();
    let stick = field.root.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let bundle = field
        .run(&["export", "--to", stick.to_str().unwrap()])
        .ok()
        .stdout;
    hq.run(&["import", bundle.trim()]).ok();
    (field, hq, expected)
}

#[test]
fn stats_equal_the_hand_computed_counts_and_the_csv_reads_back_in_python() {
    let (field, hq, expected) = archive();
    let stats: Value =
        serde_json::from_str(&hq.run(&["stats", "--by", "kind,year", "--json"]).ok().stdout).unwrap();
    let mut got = BTreeMap::new();
    for row in stats["rows"].as_array().unwrap() {
        let keys: Vec<String> = row["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        got.insert(
            (keys[0].clone(), keys[1].clone()),
            (
                row["incidents"].as_u64().unwrap(),
                row["interviewees"].as_u64().unwrap(),
                row["incidents_possible"].as_u64().unwrap(),
                row["interviewees_possible"].as_u64().unwrap(),
            ),
        );
    }
    let want: BTreeMap<(String, String), (u64, u64, u64, u64)> = expected
        .iter()
        .map(|(k, v)| (k.clone(), (v.0, v.1.len() as u64, v.2, v.3.len() as u64)))
        .collect();
    assert_eq!(got, want);
    assert_eq!(stats["total_interviewees"], 300);
    // The same figures as a table, with the rule said in words.
    let table = hq.run(&["stats", "--by", "kind,year"]).ok().stdout;
    assert!(table.starts_with("kind"), "{table}");
    assert!(table.contains("certainly in a year only if"), "{table}");
    // Bad input: a clear message, nothing changed.
    hq.run(&["stats", "--by", "kind,colour"])
        .fails(2, "unknown breakdown 'colour'");
    field.run(&["stats"]).fails(6, "headquarters");

    // The analysis export, read back by Python's csv module.
    let out = hq.root.path().join("analysis");
    std::fs::create_dir_all(&out).unwrap();
    hq.run(&["analysis", "export", "--to", out.to_str().unwrap()])
        .fails(2, "--plaintext-ok");
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing written unconfirmed"
    );
    hq.run(&[
        "analysis",
        "export",
        "--to",
        out.to_str().unwrap(),
        "--plaintext-ok",
    ])
    .ok();
    let script = r#"
import csv, json, sys
out = {}
for name in ("interviews", "incidents"):
    with open(sys.argv[1] + "/" + name + ".csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        out[name] = {"columns": reader.fieldnames, "rows": len(rows), "first": rows[0]}
print(json.dumps(out))
"#;
    let python = std::process::Command::new("python3")
        .args(["-c", script, out.to_str().unwrap()])
        .output()
        .expect("python3 runs");
    assert!(
        python.status.success(),
        "{}",
        String::from_utf8_lossy(&python.stderr)
    );
    let read: Value = serde_json::from_slice(&python.stdout).unwrap();
    let columns = |name: &str| -> Vec<String> {
        read[name]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(columns("interviews"), fieldvault_core::vault::INTERVIEW_COLUMNS);
    assert_eq!(columns("incidents"), fieldvault_core::vault::INCIDENT_COLUMNS);
    assert_eq!(read["interviews"]["rows"], 300);
    let incidents: u64 = expected.values().map(|v| v.0 + v.2).sum::<u64>();
    assert!(read["incidents"]["rows"].as_u64().unwrap() <= incidents);
    let first = &read["incidents"]["first"];
    assert_eq!(first["code"], "W26-1000");
    assert_eq!(first["place"], "Onsong, \"North\" Hamgyong");
    assert_eq!(first["facility_name"], "온성 집결소, 2동");
    assert_eq!(first["perpetrators_en"], "DPRK State Security");
    assert_eq!(first["perpetrators_ko"], "북한 국가보위성");
    assert!(
        !read["interviews"]["first"]
            .as_object()
            .unwrap()
            .contains_key("narrative")
    );
    // A second export into the same folder overwrites nothing.
    hq.run(&[
        "analysis",
        "export",
        "--to",
        out.to_str().unwrap(),
        "--plaintext-ok",
    ])
    .fails(1, "already there");
    // With the text, JSON Lines, elsewhere: the narrative comes whole.
    let text = hq.root.path().join("with-text");
    std::fs::create_dir_all(&text).unwrap();
    hq.run(&[
        "analysis",
        "export",
        "--format",
        "jsonl",
        "--with-text",
        "--to",
        text.to_str().unwrap(),
        "--plaintext-ok",
    ])
    .ok();
    let first_line = std::fs::read_to_string(text.join("interviews.jsonl")).unwrap();
    let first: Value = serde_json::from_str(first_line.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["narrative"],
        "Narrative of W26-1000, with a comma, a \"quote\"\nand a second line."
    );
}

/// An interview with one incident at a facility, in the month given.
fn interview_at(dir: &Path, code: &str, facility: &str, when: &str) -> String {
    let record = json!({
        "code": code,
        "interviewed_on": "2026-10-02",
        "interviewer": "INT-07",
        "language": "ko",
        "consent": { "recording": false, "quote": "anonymised", "share_with": ["un"] },
        "narrative": "Held at the holding centre.",
        "incidents": [
            { "kind": "arbitrary_detention", "when": when, "where": { "place": "Onsong", "country": "KP" },
              "facility": { "name": facility, "type": "jipkyulso" } },
            { "kind": "forced_repatriation", "when": "2013/2019", "where": { "country": "CN" } }
        ],
        "children": [],
        "tags": [],
    });
    let path = dir.join(format!("{code}.json"));
    std::fs::write(&path, serde_json::to_vec(&record).unwrap()).unwrap();
    path.display().to_string()
}

/// A second laptop enrolled at `hq` sends `files`.
fn send(hq: &Env, field: &Env, files: &[String]) {
    field.trust(card(hq, "hq.card").to_str().unwrap()).ok();
    hq.trust(card(field, "field.card").to_str().unwrap()).ok();
    let mut args = vec!["interview", "add"];
    args.extend(files.iter().map(String::as_str));
    field.run(&args).ok();
    field.run(&["interview", "seal", "--all"]).ok();
    let stick = field.root.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let bundle = field
        .run(&["export", "--to", stick.to_str().unwrap()])
        .ok()
        .stdout;
    hq.run(&["import", bundle.trim()]).ok();
}

#[test]
fn review_annotates_filters_and_offers_corroboration_across_devices() {
    let hq = init_hq("Seoul HQ");
    let (one, two) = (Env::with_vault(), Env::with_vault());
    let dir = hq.root.path().join("records");
    std::fs::create_dir_all(&dir).unwrap();
    send(
        &hq,
        &one,
        &[interview_at(&dir, "W26-2001", "Onsong Holding Centre", "2012-03")],
    );
    send(
        &hq,
        &two,
        &[interview_at(
            &dir,
            "W26-2002",
            "onsong  holding centre",
            "2012-03",
        )],
    );

    // Annotations: status, tags and a note on the interview, a status on an incident.
    let before = hq.run(&["interview", "show", "W26-2001", "--json"]).ok().stdout;
    let set = hq
        .run(&[
            "review",
            "set",
            "W26-2001",
            "--status",
            "reviewed",
            "--tag",
            "jipkyulso",
            "--note",
            "Matches the 2012 transfer list.",
            "--reviewer",
            "KJ",
        ])
        .ok();
    assert!(
        set.stdout
            .starts_with("W26-2001  status reviewed  tags jipkyulso"),
        "{}",
        set.stdout
    );
    hq.run(&[
        "review",
        "set",
        "W26-2001",
        "--incident",
        "2",
        "--status",
        "needs_follow_up",
        "--reviewer",
        "KJ",
    ])
    .ok();
    let shown: Value =
        serde_json::from_str(&hq.run(&["review", "show", "W26-2001", "--json"]).ok().stdout).unwrap();
    assert_eq!(shown["incidents"][1]["status"], "needs_follow_up");
    assert_eq!(shown["history"].as_array().unwrap().len(), 4);
    assert_eq!(shown["history"][2]["value"], "Matches the 2012 transfer list.");
    hq.run(&["log", "verify"]).ok();
    // The sealed revision is untouched: it shows exactly as before the review.
    assert_eq!(
        hq.run(&["interview", "show", "W26-2001", "--json"]).ok().stdout,
        before
    );

    // Bad input: a clear message, nothing recorded.
    hq.run(&[
        "review",
        "set",
        "W26-2001",
        "--incident",
        "3",
        "--status",
        "reviewed",
        "--reviewer",
        "KJ",
    ])
    .fails(4, "W26-2001 has no incident 3 (it has 2)");
    hq.run(&["review", "set", "W26-2001", "--status", "reviewed"])
        .fails(4, "names no reviewer");
    hq.run(&[
        "review",
        "set",
        "W26-2001",
        "--status",
        "done",
        "--reviewer",
        "KJ",
    ])
    .fails(4, "not a known review status");
    hq.run(&["review", "list", "--kind", "detention"])
        .fails(4, "not a known incident kind; use one of: trafficking");
    hq.run(&["review", "list", "--from", "spring"])
        .fails(4, "not a date");
    hq.run(&["review", "list", "--country", "china"])
        .fails(4, "not a known country code");
    one.run(&[
        "review",
        "set",
        "W26-2001",
        "--status",
        "reviewed",
        "--reviewer",
        "KJ",
    ])
    .fails(6, "headquarters");
    let again: Value =
        serde_json::from_str(&hq.run(&["review", "show", "W26-2001", "--json"]).ok().stdout).unwrap();
    assert_eq!(
        again["history"].as_array().unwrap().len(),
        4,
        "nothing recorded by refusals"
    );

    // Filters: EDTF-aware ("2013/2019" is found for 2015), status, tag, facility type.
    let list = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["review", "list", "--json"];
        all.extend(args);
        let found: Value = serde_json::from_str(&hq.run(&all).ok().stdout).unwrap();
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        list(&["--kind", "forced_repatriation", "--from", "2015", "--to", "2015"]),
        ["W26-2001", "W26-2002"]
    );
    assert_eq!(
        list(&["--kind", "arbitrary_detention", "--from", "2015"]),
        Vec::<String>::new()
    );
    assert_eq!(list(&["--status", "reviewed"]), ["W26-2001"]);
    assert_eq!(
        list(&["--status", "new", "--facility-type", "jipkyulso"]),
        ["W26-2002"]
    );
    assert_eq!(list(&["--tag", "jipkyulso"]), ["W26-2001"]);
    assert_eq!(
        list(&["--kind", "arbitrary_detention", "--country", "CN"]),
        Vec::<String>::new()
    );

    // Corroboration: the same facility (names folded) and the same month, two devices.
    let candidates: Value =
        serde_json::from_str(&hq.run(&["review", "corroborate", "--json"]).ok().stdout).unwrap();
    let bases: Vec<&str> = candidates
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["basis"].as_str().unwrap())
        .collect();
    assert!(
        bases.contains(&"facility:jipkyulso:onsong holding centre"),
        "{bases:?}"
    );
    assert!(
        bases.contains(&"period:arbitrary_detention:KP:2012-03"),
        "{bases:?}"
    );
    hq.run(&[
        "review",
        "corroborate",
        "--dismiss",
        "W26-2002",
        "W26-2001",
        "period:arbitrary_detention:KP:2012-03",
        "--reviewer",
        "KJ",
    ])
    .ok();
    let after = hq.run(&["review", "corroborate"]).ok().stdout;
    assert!(!after.contains("period:arbitrary_detention"), "{after}");
    assert!(
        after.contains("facility:jipkyulso:onsong holding centre"),
        "{after}"
    );
    hq.run(&["log", "verify"]).ok();
}

/// A record for the publication test: who, and what consent.
fn witness(
    dir: &Path,
    code: &str,
    (gender, born, origin): (&str, &str, &str),
    (facility, when): (&str, &str),
    consent: Value,
) -> String {
    let record = json!({
        "code": code,
        "interviewed_on": "2026-10-02",
        "interviewer": "INT-07",
        "language": "ko",
        "consent": consent,
        "interviewee": { "gender": gender, "birth_year": born, "origin": origin, "current_country": "KR" },
        "narrative": format!("{code}: 보위부 구류장에서 석 달을 보냈다. They beat us every night."),
        "incidents": [ { "kind": "torture_ill_treatment", "when": when, "facility": { "type": facility } } ],
        "children": [],
        "tags": [],
    });
    let path = dir.join(format!("{code}.json"));
    std::fs::write(&path, serde_json::to_vec(&record).unwrap()).unwrap();
    path.display().to_string()
}

#[test]
fn a_publication_pack_keeps_to_consent_withholds_a_rare_witness_and_verifies() {
    let hq = init_hq("Seoul HQ");
    let field = Env::with_vault();
    let dir = hq.root.path().join("records");
    std::fs::create_dir_all(&dir).unwrap();
    let un = json!({ "recording": false, "quote": "anonymised", "share_with": ["un", "researchers"] });
    let mut files = Vec::new();
    // Five women of one description; one of them agreed only to researchers, one to no quote.
    for n in 1..=5 {
        let consent = match n {
            4 => json!({ "recording": false, "quote": "anonymised", "share_with": ["researchers"] }),
            5 => json!({ "recording": false, "quote": "no", "share_with": ["un"] }),
            _ => un.clone(),
        };
        files.push(witness(
            &dir,
            &format!("W26-300{n}"),
            ("female", "1984", "Musan, North Hamgyong"),
            ("kuryujang", "2012-05"),
            consent,
        ));
    }
    // A planted unique combination: the only man, the only one from Ryanggang, the only camp.
    files.push(witness(
        &dir,
        "W26-3009",
        ("male", "1950", "Hyesan, Ryanggang"),
        ("kwanliso", "1999"),
        un.clone(),
    ));
    send(&hq, &field, &files);

    let all: Vec<Value> = ["W26-3001", "W26-3002", "W26-3004", "W26-3005", "W26-3009"]
        .iter()
        .map(|code| json!({ "interview": code, "start": 10, "end": 24 }))
        .collect();
    let excerpts = hq.root.path().join("excerpts.json");
    std::fs::write(&excerpts, serde_json::to_vec(&all).unwrap()).unwrap();
    let out = hq.root.path().join("pack");
    std::fs::create_dir_all(&out).unwrap();
    let said = hq
        .run(&[
            "publish",
            "--audience",
            "un",
            "--excerpts",
            excerpts.to_str().unwrap(),
            "--to",
            out.to_str().unwrap(),
            "--plaintext-ok",
        ])
        .ok()
        .stdout;
    assert!(said.contains("2 excerpt(s); 3 interview(s) left out"), "{said}");
    let pack: Value =
        serde_json::from_slice(&std::fs::read(out.join("publication-un.json")).unwrap()).unwrap();
    let quoted: Vec<&str> = pack["excerpts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(quoted, ["W26-3001", "W26-3002"]);
    // Never an excerpt without matching consent, checked against the records themselves.
    for code in &quoted {
        let record: Value =
            serde_json::from_slice(&std::fs::read(dir.join(format!("{code}.json"))).unwrap()).unwrap();
        assert_ne!(record["consent"]["quote"], "no");
        assert!(
            record["consent"]["share_with"]
                .as_array()
                .unwrap()
                .contains(&json!("un"))
        );
    }
    let reasons: BTreeMap<&str, &str> = pack["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["code"].as_str().unwrap(), x["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        BTreeMap::from([
            ("W26-3004", "audience_not_allowed"),
            ("W26-3005", "no_quote_consent"),
            ("W26-3009", "too_rare")
        ])
    );
    // The planted unique combination is flagged, and withheld: even generalised it is one man.
    let flagged = pack["flagged"].as_array().unwrap();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["code"], "W26-3009");
    assert_eq!(flagged[0]["shared_by"], 1);
    assert_eq!(flagged[0]["action"], "withheld");
    // A general description and the citation; the exact characters asked for.
    let first = &pack["excerpts"][0];
    assert_eq!(
        first["citation"],
        "Testimony of W26-3001, interviewed by Seoul HQ"
    );
    assert_eq!(
        first["description"],
        "A woman in her early 40s from North Hamgyong. The events described took place in 2012. Facilities involved: Pre-trial detention (kuryujang)."
    );
    assert_eq!(first["text"], "보위부 구류장에서 석 달을");
    let markdown = std::fs::read_to_string(out.join("publication-un.md")).unwrap();
    assert!(
        markdown.contains("## Testimony of W26-3001, interviewed by Seoul HQ"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("Musan") && !markdown.contains("1984"),
        "no town, no birth year"
    );

    // Every excerpt verifies against the archive; a changed one does not.
    let pack_file = out.join("publication-un.json");
    assert!(
        hq.run(&["publish", "verify", pack_file.to_str().unwrap()])
            .ok()
            .stdout
            .contains("All 2 excerpt(s) match the archive.")
    );
    let forged = hq.root.path().join("forged.json");
    let mut changed = pack.clone();
    changed["excerpts"][1]["text"] = json!("They were kind to us.");
    std::fs::write(&forged, serde_json::to_vec(&changed).unwrap()).unwrap();
    hq.run(&["publish", "verify", forged.to_str().unwrap()])
        .fails(8, "do not match the archive");

    // Bad requests: a clear message, nothing written.
    let other = hq.root.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let publish = |audience: &str, requests: Value| {
        std::fs::write(&excerpts, serde_json::to_vec(&requests).unwrap()).unwrap();
        hq.run(&[
            "publish",
            "--audience",
            audience,
            "--excerpts",
            excerpts.to_str().unwrap(),
            "--to",
            other.to_str().unwrap(),
            "--plaintext-ok",
        ])
    };
    publish(
        "public",
        json!([{ "interview": "W26-3001", "start": 0, "end": 5 }]),
    )
    .fails(4, "no interviewee's consent allows sharing with \"public\"");
    publish(
        "un",
        json!([{ "interview": "W26-3001", "start": 10, "end": 5000 }]),
    )
    .fails(4, "is not inside its narrative");
    publish(
        "un",
        json!([{ "interview": "W26-3001", "start": 0, "end": 5, "revision": "0".repeat(64) }]),
    )
    .fails(4, "was chosen in revision");
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 0);
    field
        .run(&[
            "publish",
            "--audience",
            "un",
            "--excerpts",
            excerpts.to_str().unwrap(),
            "--to",
            other.to_str().unwrap(),
            "--plaintext-ok",
        ])
        .fails(6, "headquarters");
}
