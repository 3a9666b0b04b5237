//! `review`: headquarters' review of the archive from the command line — annotations,
//! filters and corroboration candidates. See `docs/review.md`.

use std::path::Path;

use super::args::ReviewAction;
use super::{CliError, exit, unlock};
use crate::vault::{Annotation, Filter, InterviewReview};

pub(super) fn run(dir: &Path, passphrase_file: Option<&Path>, action: ReviewAction) -> Result<u8, CliError> {
    match action {
        ReviewAction::Show { interview, json } => {
            let vault = unlock(dir, passphrase_file)?;
            print_review(&vault.interview_review(&interview)?, json);
        }
        ReviewAction::Set {
            interview,
            incident,
            status,
            tags,
            untags,
            note,
            reviewer,
        } => {
            let note = super::note_from(note)?;
            let mut vault = unlock(dir, passphrase_file)?;
            let annotation = Annotation {
                status,
                tags,
                untags,
                note,
            };
            let review = vault.annotate(
                &interview,
                incident,
                &annotation,
                reviewer.as_deref().unwrap_or(""),
            )?;
            print_review(&review, false);
        }
        ReviewAction::List {
            status,
            tag,
            kind,
            country,
            facility_type,
            perpetrator,
            from,
            to,
            json,
        } => {
            let vault = unlock(dir, passphrase_file)?;
            let found = vault.find(&Filter {
                status,
                tag,
                kind,
                country,
                facility_type,
                perpetrator,
                from,
                to,
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&found).expect("serialises"));
            } else {
                for f in &found {
                    println!(
                        "{:<14} {:<16} {} incident(s) match",
                        f.code, f.status, f.incidents
                    );
                }
                println!("{} interview(s).", found.len());
            }
        }
        ReviewAction::Corroborate {
            confirm,
            dismiss,
            reviewer,
            limit,
            json,
        } => {
            let mut vault = unlock(dir, passphrase_file)?;
            if let Some((pair, confirmed)) = confirm.map(|p| (p, true)).or(dismiss.map(|p| (p, false))) {
                vault.decide_corroboration(
                    &pair[0],
                    &pair[1],
                    &pair[2],
                    confirmed,
                    reviewer.as_deref().unwrap_or(""),
                )?;
                println!(
                    "{} {} and {} on {}.",
                    if confirmed { "Confirmed" } else { "Dismissed" },
                    pair[0],
                    pair[1],
                    pair[2]
                );
                return Ok(exit::OK);
            }
            let candidates = vault.corroboration_candidates(limit)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&candidates).expect("serialises")
                );
            } else {
                for c in &candidates {
                    println!("{:<14} {:<14} {}", c.first_code, c.second_code, c.basis);
                }
                println!(
                    "{} candidate(s). Confirm or dismiss one: fieldvault review corroborate --confirm FIRST SECOND BASIS --reviewer NAME",
                    candidates.len()
                );
            }
        }
    }
    Ok(exit::OK)
}

fn print_review(review: &InterviewReview, json: bool) {
    if json {
        println!("{}", serde_json::to_string_pretty(review).expect("serialises"));
        return;
    }
    println!(
        "{}  status {}  tags {}",
        review.code,
        review.status,
        review.tags.join(", ")
    );
    for incident in &review.incidents {
        println!(
            "  incident {}: {} {}  status {}  tags {}",
            incident.number,
            incident.kind,
            incident.when.as_deref().unwrap_or("(no date)"),
            incident.status,
            incident.tags.join(", ")
        );
    }
    for a in &review.history {
        let on = a
            .incident
            .map(|i| format!("incident {}", i + 1))
            .unwrap_or_else(|| "interview".into());
        println!("  {} {} {} {}: {}", a.at, a.reviewer, on, a.field, a.value);
    }
}
