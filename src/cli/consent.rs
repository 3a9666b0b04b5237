//! `consent`: recording an interviewee's later narrowing or withdrawal of consent, and
//! showing an interview's consent as recorded and as in force. See
//! `docs/consent-changes.md`.

use std::path::Path;

use super::args::ConsentAction;
use super::{CliError, exit, unlock};
use crate::vault::{ConsentChange, ConsentView, EffectiveConsent};

pub(super) fn run(dir: &Path, passphrase_file: Option<&Path>, action: ConsentAction) -> Result<u8, CliError> {
    match action {
        ConsentAction::Show { interview, json } => {
            let vault = unlock(dir, passphrase_file)?;
            print_consent(&vault.consent(&interview)?, json);
        }
        ConsentAction::Change {
            interview,
            withdraw,
            quote,
            share_with,
            note,
        } => {
            let mut vault = unlock(dir, passphrase_file)?;
            // `none`: shared with no one.
            let share_with = share_with.map(|list| {
                list.into_iter()
                    .filter(|a| !a.trim().eq_ignore_ascii_case("none"))
                    .collect()
            });
            let note = super::note_from(note)?;
            let view = vault.change_consent(
                &interview,
                &ConsentChange {
                    quote,
                    share_with,
                    withdraw,
                    note,
                },
            )?;
            println!("Recorded a consent change for {}.", view.code);
            print_consent(&view, false);
            if vault.role() == crate::vault::Role::Field {
                println!(
                    "It goes to headquarters with the next export (`fieldvault export --to DIR`), even if nothing else is sealed."
                );
            }
        }
    }
    Ok(exit::OK)
}

fn describe(consent: &EffectiveConsent) -> String {
    if consent.withdrawn {
        return "withdrawn: not to be quoted, exported for analysis or counted".into();
    }
    let audiences = if consent.share_with.is_empty() {
        "no one".to_owned()
    } else {
        consent.share_with.join(", ")
    };
    format!("quote {}, share with {audiences}", consent.quote)
}

fn print_consent(view: &ConsentView, json: bool) {
    if json {
        println!("{}", serde_json::to_string_pretty(view).expect("serialises"));
        return;
    }
    println!("{}", view.code);
    match &view.recorded {
        Some(recorded) => println!("  recorded:  {}", describe(recorded)),
        None => println!("  recorded:  (the interview's content is no longer on this laptop)"),
    }
    for change in &view.changes {
        let mut what = Vec::new();
        if change.withdrawn {
            what.push("withdrawn".to_owned());
        }
        if let Some(q) = &change.quote {
            what.push(format!("quote {q}"));
        }
        if let Some(list) = &change.share_with {
            what.push(format!(
                "share with {}",
                if list.is_empty() {
                    "no one".to_owned()
                } else {
                    list.join(", ")
                }
            ));
        }
        let from = match &change.origin {
            Some(device) => format!(" (from device {})", &device[..device.len().min(16)]),
            None => String::new(),
        };
        println!("  {}  {}{from}", change.at, what.join("; "));
        if let Some(note) = &change.note {
            println!("      note: {note}");
        }
    }
    if let Some(effective) = &view.effective {
        println!("  in force:  {}", describe(effective));
    }
}
