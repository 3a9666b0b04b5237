//! Getting a passphrase: a no-echo prompt on a terminal, or a file / standard input for
//! scripts. The text goes straight into a zeroizing [`Passphrase`].

use std::io::{IsTerminal, Read};
use std::path::Path;

use super::CliError;
use crate::secret::Passphrase;

/// Largest passphrase file read; anything bigger is certainly not a passphrase.
const MAX_PASSPHRASE_FILE: u64 = 64 * 1024;

/// Reads a passphrase from `file` (`-` = standard input) or, without one, from the terminal.
/// With `confirm`, a terminal prompt asks twice.
pub fn obtain(file: Option<&Path>, prompt: &str, confirm: bool) -> Result<Passphrase, CliError> {
    let passphrase = match file {
        Some(path) => from_file(path)?,
        None => from_terminal(prompt, confirm)?,
    };
    if passphrase.is_empty() {
        return Err(CliError::usage(
            "the passphrase is empty; type it, or put it on the first line of the passphrase file",
        ));
    }
    Ok(passphrase)
}

fn from_file(path: &Path) -> Result<Passphrase, CliError> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().take(MAX_PASSPHRASE_FILE).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_PASSPHRASE_FILE).read_to_end(&mut bytes))
    };
    if let Err(e) = result {
        return Err(CliError::usage(format!(
            "cannot read the passphrase file {}: {e}",
            path.display()
        )));
    }
    Passphrase::from_file_bytes(bytes).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
}

fn from_terminal(prompt: &str, confirm: bool) -> Result<Passphrase, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "no passphrase: run this in a terminal to be asked for it, or give --passphrase-file PATH (`-` for standard input)",
        ));
    }
    let read = |p: &str| {
        rpassword::prompt_password(p)
            .map(Passphrase::new)
            .map_err(|e| CliError::usage(format!("cannot read the passphrase from the terminal: {e}")))
    };
    let first = read(prompt)?;
    if confirm {
        let second = read("Type it again: ")?;
        if !first.matches(&second) {
            return Err(CliError::usage(
                "the two passphrases differ; nothing was changed, try again",
            ));
        }
    }
    Ok(first)
}
