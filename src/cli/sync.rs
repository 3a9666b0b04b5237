//! `sync`: the vault's side of the drop box, on an explicit command only (`docs/sync.md`).

use std::path::Path;

use super::{CliError, exit, localized, output, unlock};
use crate::vault::Role;

/// Where `sync` goes: `--to` (a field laptop) or `--from` (headquarters), the pin, and an
/// optional proxy.
pub(super) struct Target {
    pub to: Option<String>,
    pub from: Option<String>,
    pub pin: String,
    pub proxy: Option<String>,
}

pub(super) fn run(
    dir: &Path,
    passphrase_file: Option<&Path>,
    target: Target,
    json: bool,
) -> Result<u8, CliError> {
    let Target { to, from, pin, proxy } = target;
    let Some(pin) = crate::relay::tls::parse_pin(&pin) else {
        return Err(CliError::usage(
            "--pin must be the drop box certificate's SHA-256: 64 hexadecimal digits, as `dropbox serve` prints it",
        ));
    };
    let mut vault = unlock(dir, passphrase_file)?;
    match (to.is_some(), vault.role()) {
        (true, Role::Headquarters) => {
            return Err(CliError::usage(
                "this is a headquarters vault: it fetches with `sync --from URL`",
            ));
        }
        (false, Role::Field) => {
            return Err(CliError::usage(
                "this is a field vault: it sends with `sync --to URL`",
            ));
        }
        _ => {}
    }
    let url = to.as_deref().or(from.as_deref()).unwrap_or_default();
    let watch = crate::relay::watch::Watch::default();
    let client =
        crate::relay::client::DropBoxClient::new(url, &pin, proxy.as_deref(), watch).map_err(sync_error)?;
    let mut report = crate::relay::sync::SyncReport::default();
    let outcome = crate::relay::sync::run(&mut vault, &client, &mut report);
    // What moved before a fault is said too: it is kept.
    if outcome.is_ok() || !report.is_empty() {
        output::sync(&report, json);
    }
    outcome.map_err(sync_error)?;
    Ok(if report.refused.is_empty() {
        exit::OK
    } else {
        exit::REFUSED
    })
}

/// A sync failure in the desktop's language; a refusal by the drop box exits 9.
fn sync_error(error: crate::relay::client::SyncError) -> CliError {
    use crate::relay::client::SyncError;
    let code = match &error {
        SyncError::Vault(error) => exit::code_for(error),
        SyncError::Refused(_) => exit::REFUSED,
        _ => exit::OTHER,
    };
    CliError {
        code,
        message: localized(&error),
    }
}
