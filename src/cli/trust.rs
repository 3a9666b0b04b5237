//! `trust add`: show who a card names, then get the person's confirmation of the safety
//! number the other side reads out (and of a changed encryption key) before it counts.

use std::io::IsTerminal;

use super::CliError;
use crate::vault::{TrustConfirmation, TrustPreview};

/// The confirmation for adding `preview`: from the flags in scripts, otherwise asked for on
/// the terminal.
pub fn confirm(
    preview: &TrustPreview,
    fingerprint: Option<String>,
    accept_new_recipient: bool,
) -> Result<TrustConfirmation, CliError> {
    let interactive = std::io::stdin().is_terminal();
    eprintln!("Card of {:?} ({}).", preview.label, preview.role.as_str());
    if let Some(when) = &preview.removed_before {
        eprintln!(
            "Note: this party was removed from trust on {when}. If it was removed for a reason (a lost or seized device, a replaced key), do not add it again."
        );
    }
    let safety_number = match fingerprint {
        Some(typed) => typed,
        None if interactive => {
            eprintln!("Ask the other side to read out the fingerprint shown on their machine");
            eprintln!("(`fieldvault identity show`), and type it here. This card says:");
            eprintln!("  {}", preview.safety_number);
            eprint!("Fingerprint they read out (or \"yes\" if you compared both screens side by side): ");
            let answer = read_line()?;
            if answer.eq_ignore_ascii_case("yes") {
                preview.safety_number.clone()
            } else {
                answer
            }
        }
        None => {
            return Err(CliError::usage(format!(
                "trust add needs the fingerprint the other side reads out: --fingerprint \"{}\" if that is what they read (nothing was changed)",
                preview.safety_number
            )));
        }
    };
    let mut accept = accept_new_recipient;
    if let Some(change) = &preview.recipient_change
        && !accept
    {
        eprintln!(
            "{:?} is already trusted, with another encryption key. Everything exported from now on would go to the new key:",
            preview.label
        );
        eprintln!("  old: {}", change.old);
        eprintln!("  new: {}", change.new);
        if interactive {
            eprint!("Did they confirm that they changed their key? Type yes to use the new key: ");
            accept = read_line()?.eq_ignore_ascii_case("yes");
        }
    }
    Ok(TrustConfirmation {
        safety_number,
        accept_new_recipient: accept,
    })
}

fn read_line() -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| CliError::usage(format!("cannot read the answer: {e}")))?;
    Ok(line.trim().to_owned())
}
