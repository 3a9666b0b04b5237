//! Keeps `docs/interview-format.md` true: its field table must list exactly the fields the
//! interview type has, and its vocabulary, language and date tables are generated here.
//! `FIELDVAULT_WRITE_DOCS=1 cargo test --lib format_doc` rewrites the generated parts.

use std::collections::BTreeSet;

use super::edtf::{EdtfDate, EdtfYear};
use super::interview::{
    Child, Consent, Facility, Incident, Interview, Interviewee, Location, Perpetrator, Victim,
};
use super::{Lang, VocabKind, Vocabulary, edtf_words, names};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/interview-format.md");

/// An interview with every field present: adding a field to the type without naming it
/// here does not compile, and naming it here puts it in the field list checked below.
fn every_field() -> Interview {
    let date = EdtfDate::parse("2019").unwrap();
    let year = EdtfYear::parse("1991").unwrap();
    Interview {
        code: "W26-0001".into(),
        interviewed_on: date.clone(),
        place: Some("x".into()),
        interviewer: "x".into(),
        language: "ko".into(),
        interpreter: Some("x".into()),
        consent: Consent {
            recording: true,
            quote: "x".into(),
            share_with: vec!["x".into()],
            note: Some("x".into()),
        },
        interviewee: Some(Interviewee {
            gender: Some("x".into()),
            birth_year: Some(year.clone()),
            origin: Some("x".into()),
            current_country: Some("KR".into()),
        }),
        narrative: "x".into(),
        incidents: vec![Incident {
            kind: "x".into(),
            when: Some(date),
            location: Some(Location {
                place: Some("x".into()),
                country: Some("KP".into()),
            }),
            facility: Some(Facility {
                name: Some("x".into()),
                kind: Some("x".into()),
            }),
            perpetrators: vec![Perpetrator {
                kind: "x".into(),
                note: Some("x".into()),
            }],
            victims: vec![Victim { who: "self".into() }],
            source: Some("x".into()),
            description: Some("x".into()),
        }],
        children: vec![Child {
            birth_year: Some(year),
            country: Some("CN".into()),
            registered: Some(false),
            with_whom: Some("x".into()),
            note: Some("x".into()),
        }],
        follow_up: Some("x".into()),
        tags: vec!["x".into()],
    }
}

/// Leaf paths of a JSON value: `consent.quote`, `incidents[].where.place`, `tags[]`.
fn leaf_paths(value: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaf_paths(v, &path, out);
            }
        }
        serde_json::Value::Array(items) => match items.first() {
            Some(first @ serde_json::Value::Object(_)) => leaf_paths(first, &format!("{prefix}[]"), out),
            _ => {
                out.insert(if prefix == "tags" {
                    "tags[]".into()
                } else {
                    prefix.to_owned()
                });
            }
        },
        _ => {
            out.insert(prefix.to_owned());
        }
    }
}

fn vocabularies() -> String {
    let vocabulary = Vocabulary::default();
    let mut out = String::new();
    for kind in VocabKind::ALL {
        let (title, field) = match kind {
            VocabKind::IncidentKind => ("Incident kinds", "incidents[].kind"),
            VocabKind::FacilityType => ("Facility types", "incidents[].facility.type"),
            VocabKind::PerpetratorKind => ("Perpetrator kinds", "incidents[].perpetrators[].kind"),
            VocabKind::Quote => ("Quote levels", "consent.quote"),
            VocabKind::Source => ("Sources", "incidents[].source"),
        };
        out.push_str(&format!(
            "### {title} (`{field}`)\n\n| id | English | 한국어 |\n| --- | --- | --- |\n"
        ));
        for term in vocabulary.terms(kind) {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                term.id,
                term.label(Lang::En),
                term.label(Lang::Ko)
            ));
        }
        out.push('\n');
    }
    out
}

fn languages() -> String {
    let mut out = String::from("| tag | English | 한국어 |\n| --- | --- | --- |\n");
    for l in names::languages() {
        out.push_str(&format!("| `{}` | {} | {} |\n", l.code, l.en, l.ko));
    }
    out
}

fn dates() -> String {
    let mut out = String::from("| written | means | 뜻 |\n| --- | --- | --- |\n");
    for text in [
        "2008",
        "2008-11",
        "2008-11-03",
        "2012?",
        "2014~",
        "2014%",
        "2010-21",
        "2010-24",
        "201X",
        "2019-XX",
        "2015/2017",
        "2015/..",
        "../2017",
        "/2017",
    ] {
        let date = EdtfDate::parse(text).unwrap();
        out.push_str(&format!(
            "| `{text}` | {} | {} |\n",
            edtf_words::describe(&date, Lang::En),
            edtf_words::describe(&date, Lang::Ko)
        ));
    }
    out
}

/// `doc` with the section `name` replaced by `body`.
fn with_section(doc: &str, name: &str, body: &str) -> String {
    let start_marker = format!("<!-- generated: {name} -->\n");
    let end_marker = "<!-- end generated -->";
    let start = doc
        .find(&start_marker)
        .unwrap_or_else(|| panic!("no {name} section"))
        + start_marker.len();
    let end = start + doc[start..].find(end_marker).unwrap();
    format!("{}\n{}{}", &doc[..start], body, &doc[end..])
}

#[test]
fn the_interview_format_document_matches_the_code() {
    let doc = std::fs::read_to_string(DOC).unwrap();
    let mut expected = doc.clone();
    for (name, body) in [
        ("vocabularies", vocabularies()),
        ("languages", languages()),
        ("dates", dates()),
    ] {
        expected = with_section(&expected, name, &body);
    }
    if std::env::var("FIELDVAULT_WRITE_DOCS").is_ok_and(|v| v == "1") {
        std::fs::write(DOC, &expected).unwrap();
    } else {
        assert!(
            doc == expected,
            "docs/interview-format.md is out of date: run FIELDVAULT_WRITE_DOCS=1 cargo test --lib format_doc"
        );
    }

    let mut fields = BTreeSet::new();
    leaf_paths(&serde_json::to_value(every_field()).unwrap(), "", &mut fields);
    let documented: BTreeSet<String> = doc
        .lines()
        .skip_while(|l| !l.starts_with("## Fields"))
        .take_while(|l| !l.starts_with("## Vocabularies"))
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next().map(str::to_owned))
        .collect();
    assert_eq!(
        documented, fields,
        "the field table and the interview type differ"
    );
}
