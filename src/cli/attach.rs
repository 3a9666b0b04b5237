//! `attach`: an interview's attachments from the command line (add, list, export with an
//! explicit confirmation, remove). See `docs/attachments.md`.

use std::path::Path;

use super::args::AttachAction;
use super::{CliError, exit, output, unlock};

pub(super) fn run(dir: &Path, passphrase_file: Option<&Path>, action: AttachAction) -> Result<u8, CliError> {
    match action {
        AttachAction::Add {
            interview,
            files,
            wipe_source,
            json,
        } => {
            let mut vault = unlock(dir, passphrase_file)?;
            let mut reports = Vec::new();
            for file in &files {
                // What was stored before a failure is said too: it stays.
                match vault.attach_add(&interview, file, wipe_source) {
                    Ok(report) => reports.push(report),
                    Err(error) => {
                        output::attached(&reports, json);
                        return Err(error.into());
                    }
                }
            }
            output::attached(&reports, json);
            Ok(exit::OK)
        }
        AttachAction::List { interview, json } => {
            let vault = unlock(dir, passphrase_file)?;
            output::attachments(&vault.attachments(&interview)?, json);
            Ok(exit::OK)
        }
        AttachAction::Export {
            interview,
            attachment,
            to,
            plaintext_ok,
        } => {
            confirm_plaintext(&to, plaintext_ok)?;
            let vault = unlock(dir, passphrase_file)?;
            let info = vault.attach_export(&interview, &attachment, &to)?;
            println!(
                "Wrote {} ({} bytes, SHA-256 {} as recorded at import) UNENCRYPTED to {}.",
                info.file_name,
                info.size,
                info.sha256,
                to.display()
            );
            println!("Wipe it when done: fieldvault wipe file --force {}", to.display());
            Ok(exit::OK)
        }
        AttachAction::Remove {
            interview,
            attachment,
        } => {
            let mut vault = unlock(dir, passphrase_file)?;
            let info = vault.attach_remove(&interview, &attachment)?;
            println!("Removed {} ({}) from the draft.", info.file_name, info.id);
            Ok(exit::OK)
        }
    }
}

/// An unencrypted copy is written only when the person says so: `--plaintext-ok` in a
/// script, or "yes" typed at the terminal after reading what it means.
fn confirm_plaintext(to: &Path, given: bool) -> Result<(), CliError> {
    use std::io::IsTerminal;
    if given {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "attach export writes an UNENCRYPTED copy: confirm with --plaintext-ok (nothing was written)",
        ));
    }
    eprintln!(
        "This writes the attachment UNENCRYPTED to {}: anyone who gets that disk can read it.",
        to.display()
    );
    eprint!("Type yes to go on: ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| CliError::usage(format!("cannot read the confirmation: {e}")))?;
    if line.trim() == "yes" {
        Ok(())
    } else {
        Err(CliError::usage("not confirmed; nothing was written"))
    }
}
