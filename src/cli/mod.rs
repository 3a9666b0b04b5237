//! The command-line front end: parse everything first, then run one command against the
//! [`Vault`] façade and turn the outcome into output and an exit code.

mod analysis;
pub mod args;
mod attach;
mod consent;
mod demo;
pub mod exit;
mod output;
mod passphrase;
mod review;
mod sync;
mod trust;

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Parser;

use crate::domain::Lifecycle;
use crate::vault::{ExportOptions, Flow, PartSize, Role, Vault, VaultError};
use args::{
    Cli, Command, DropboxAction, HqAction, HqKeyAction, IdentityAction, InterviewAction, LogAction,
    PassphraseAction, ReceiptAction, StateArg, TrustAction, WipeAction,
};

/// Largest input file read by `interview add`/`update` (the domain limit for a file).
const MAX_INPUT_FILE: u64 = 16 * 1024 * 1024;

/// A failure with its exit code and one line for the person at the keyboard.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError {
            code: exit::USAGE,
            message: message.into(),
        }
    }

    fn input(message: impl Into<String>) -> CliError {
        CliError {
            code: exit::INVALID_INPUT,
            message: message.into(),
        }
    }
}

/// A vault error in the desktop's language (`LANG`): what happened and what to do, from the
/// same catalogue the desktop app uses. Korean messages leave out untranslatable technical
/// text (an operating system's English message); it follows on a line of its own.
impl From<VaultError> for CliError {
    fn from(error: VaultError) -> Self {
        CliError {
            code: exit::code_for(&error),
            message: localized(&error),
        }
    }
}

/// An error in the desktop's language, with any untranslatable detail on its own line.
fn localized(error: &dyn fieldvault_core::explain::Explain) -> String {
    let lang = crate::domain::Lang::from_environment();
    let words = fieldvault_core::explain::explain(lang, error);
    let mut message = words.sentence();
    if lang != crate::domain::Lang::En {
        for detail in &words.technical {
            message.push_str(&format!("\n  기술 정보(영어): {detail}"));
        }
    }
    message
}

/// `Some(vault folder)` when the command line asks for the desktop app: no subcommand
/// (only `--vault` or nothing). Help, version and every subcommand go to [`main`].
pub fn desktop_request() -> Option<Option<PathBuf>> {
    let cli = Cli::try_parse().ok()?;
    if cli.command.is_some() || cli.passphrase_file.is_some() {
        return None;
    }
    Some(cli.vault)
}

/// Entry point for `main`: returns the process exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { exit::USAGE } else { exit::OK };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fieldvault: {}", e.message);
            e.code
        }
    }
}

fn run(cli: Cli) -> Result<u8, CliError> {
    let Some(command) = cli.command else {
        use clap::CommandFactory;
        let _ = Cli::command().print_help();
        if !cfg!(feature = "gui") {
            println!(
                "\nThis build has no desktop app (built without the `gui` feature); use the commands above."
            );
        }
        return Ok(exit::OK);
    };
    if let Command::Demo { samples } = &command {
        return demo::run(samples.as_deref());
    }
    if let Command::Generate { what } = command {
        return generate(what);
    }
    if let Command::Dropbox {
        action:
            DropboxAction::Serve {
                listen,
                store,
                cards,
                cert,
                key,
                max_mib,
            },
    } = command
    {
        let options = crate::relay::server::ServeOptions {
            listen,
            store,
            cards,
            cert: cert.zip(key),
            max_body: (max_mib * 1024.0 * 1024.0) as u64,
        };
        crate::relay::server::serve(options).map_err(|why| CliError {
            code: exit::OTHER,
            message: why,
        })?;
        return Ok(exit::OK);
    }
    if let Command::Destroy { confirm, json } = &command {
        let dir = chosen_vault(cli.vault.clone());
        Vault::check_destroyable(&dir)?;
        confirm_destroy(&dir, confirm.as_deref())?;
        let report = Vault::destroy(&dir)?;
        output::destroy(&report, *json);
        return Ok(if report.problems.is_empty() {
            exit::OK
        } else {
            exit::OTHER
        });
    }
    let dir = chosen_vault(cli.vault.clone());
    let passphrase_file = cli.passphrase_file.as_deref();
    match command {
        Command::Init { hq, label } => {
            let passphrase = passphrase::obtain(passphrase_file, "New vault passphrase: ", true)?;
            let role = if hq { Role::Headquarters } else { Role::Field };
            let label = label.unwrap_or_else(|| if hq { "Headquarters" } else { "Field device" }.to_owned());
            let vault = Vault::create(&dir, &passphrase, role, &label)?;
            println!("Created a {} vault in {}", role.as_str(), vault.dir().display());
            Ok(exit::OK)
        }
        Command::Passphrase {
            action: PassphraseAction::Change { new_passphrase_file },
        } => {
            if passphrase_file.is_some_and(is_stdin) && new_passphrase_file.as_deref().is_some_and(is_stdin) {
                return Err(CliError::usage(
                    "only one of the passphrases can come from standard input",
                ));
            }
            let old = passphrase::obtain(passphrase_file, "Current passphrase: ", false)?;
            let mut vault = Vault::unlock(&dir, &old)?;
            let new = passphrase::obtain(new_passphrase_file.as_deref(), "New passphrase: ", true)?;
            vault.change_passphrase(&old, &new)?;
            println!(
                "The passphrase was changed and the database re-encrypted under a new key. The old passphrase no longer opens this vault, nor a copy of its old vault.header with any later copy of vault.db."
            );
            Ok(exit::OK)
        }
        Command::Interview { action } => {
            let stdin_files = match &action {
                InterviewAction::Add { files, .. } => files.iter().filter(|f| is_stdin(f)).count(),
                InterviewAction::Update { file, .. } | InterviewAction::Revise { file, .. } => {
                    usize::from(is_stdin(file))
                }
                _ => 0,
            };
            if stdin_files > 1 || (stdin_files == 1 && passphrase_file.is_some_and(is_stdin)) {
                return Err(CliError::usage(
                    "standard input (`-`) can be used only once per command",
                ));
            }
            // Read inputs before asking for the passphrase, so a typo costs no unlock.
            let inputs = match &action {
                InterviewAction::Add { files, .. } => {
                    files.iter().map(read_input).collect::<Result<Vec<_>, _>>()?
                }
                InterviewAction::Update { file, .. } | InterviewAction::Revise { file, .. } => {
                    vec![read_input(file)?]
                }
                _ => Vec::new(),
            };
            let mut vault = unlock(&dir, passphrase_file)?;
            interview(&mut vault, action, inputs)
        }
        Command::Search { query, limit, json } => {
            let words = if query == ["-"] {
                if passphrase_file.is_some_and(is_stdin) {
                    return Err(CliError::usage(
                        "standard input (`-`) can be used only once per command: give the passphrase in a file",
                    ));
                }
                read_query_from_stdin()?
            } else {
                zeroize::Zeroizing::new(query.join(" "))
            };
            let vault = unlock(&dir, passphrase_file)?;
            let hits = vault.search(&words, limit)?;
            output::search(&hits, json);
            Ok(exit::OK)
        }
        Command::Status { json } => {
            let vault = unlock(&dir, passphrase_file)?;
            output::status(&vault.status()?, json);
            Ok(exit::OK)
        }
        Command::Log {
            action: LogAction::Verify { json },
        } => {
            let vault = unlock(&dir, passphrase_file)?;
            let report = vault.verify_log()?;
            output::log_report(&report, json);
            Ok(if report.is_intact() {
                exit::OK
            } else {
                exit::LOG_BROKEN
            })
        }
        Command::Identity { action } => {
            let vault = unlock(&dir, passphrase_file)?;
            match action {
                IdentityAction::Show { json } => output::identity(&vault.identity()?, json),
                IdentityAction::Export { file } => {
                    let card = vault.trust_card()?;
                    crate::vault::write_atomic(&file, card.as_bytes()).map_err(|e| {
                        CliError::from(VaultError::io(crate::vault::IoAction::WriteTrustCard, &file, e))
                    })?;
                    let id = vault.identity()?;
                    println!("Wrote the trust card of {:?} to {}", id.label, file.display());
                    println!("Fingerprint to compare in person: {}", id.safety_number);
                }
            }
            Ok(exit::OK)
        }
        Command::Trust { action } => {
            let card_text = match &action {
                TrustAction::Add { card, .. } => Some(std::fs::read_to_string(card).map_err(|e| {
                    CliError::input(format!("cannot read the trust card {}: {e}", card.display()))
                })?),
                _ => None,
            };
            let mut vault = unlock(&dir, passphrase_file)?;
            match action {
                TrustAction::Add {
                    fingerprint,
                    accept_new_recipient,
                    ..
                } => {
                    let card_text = card_text.unwrap_or_default();
                    let preview = vault.trust_preview(&card_text)?;
                    let confirmation = trust::confirm(&preview, fingerprint, accept_new_recipient)?;
                    let party = vault.trust_add(&card_text, &confirmation)?;
                    println!(
                        "Now trusting {:?} ({}), fingerprint {}.",
                        party.label,
                        party.role.as_str(),
                        party.safety_number
                    );
                }
                TrustAction::List { json } => output::trust_list(&vault.trust_list()?, json),
                TrustAction::Remove { selector } => {
                    let party = vault.trust_remove(&selector)?;
                    println!("No longer trusting {:?} ({}).", party.label, party.safety_number);
                }
            }
            Ok(exit::OK)
        }
        Command::Export {
            to,
            leave_out,
            part_size,
            json,
        } => {
            let part_size = match part_size {
                Some(text) => text.parse::<PartSize>().map_err(VaultError::from)?,
                None => PartSize::default(),
            };
            let mut vault = unlock(&dir, passphrase_file)?;
            let options = ExportOptions { leave_out, part_size };
            output::export(&vault.export_with(&to, &options, |_| {})?, json);
            Ok(exit::OK)
        }
        Command::Import {
            bundles,
            receipt_to,
            json,
        } => {
            let (paths, skipped) = crate::vault::bundles_among(&bundles)?;
            for (path, why) in &skipped {
                eprintln!("skipped {}: {why}", path.display());
            }
            if paths.is_empty() {
                return Err(CliError::input(
                    "no bundle among the files given: a bundle is the file with a long hexadecimal name that `export` wrote",
                ));
            }
            let mut vault = unlock(&dir, passphrase_file)?;
            let outcome =
                vault.import_bundles_reporting(&bundles, receipt_to.as_deref(), |_| Flow::Continue)?;
            // The files passed over before unlocking were named already.
            for (path, why) in outcome.skipped.iter().skip(skipped.len()) {
                eprintln!("skipped {}: {why}", path.display());
            }
            if outcome.results.is_empty() {
                return Err(CliError::input(
                    "no bundle among the files given: a bundle is the file with a long hexadecimal name that `export` wrote",
                ));
            }
            // Each bundle is all or nothing on its own: one refused bundle does not keep the
            // others on the stick out, as in the desktop app.
            let mut imports = Vec::new();
            let mut refused = None;
            for (_, result) in outcome.results {
                match result {
                    Ok(done) => imports.push(done),
                    Err(e) if e.refuses_the_file() => {
                        let e = CliError::from(e);
                        eprintln!("fieldvault: {} (nothing from this file was stored)", e.message);
                        refused.get_or_insert(e.code);
                    }
                    Err(e) => {
                        output::imports(&imports, &[], json);
                        return Err(e.into());
                    }
                }
            }
            let gaps = vault.gaps()?;
            output::imports(&imports, &gaps, json);
            Ok(refused.unwrap_or(exit::OK))
        }
        Command::Receipt {
            action: ReceiptAction::Import { file, json },
        } => {
            let mut vault = unlock(&dir, passphrase_file)?;
            if file.is_dir() {
                // A stick's folder: every receipt for this laptop in it.
                let found = vault.import_receipts_in(&file)?;
                output::receipts_found(&found, json);
                return Ok(match (found.applied.is_empty(), found.refused.is_empty()) {
                    (_, false) => exit::REFUSED,
                    (true, true) => {
                        return Err(CliError::from(VaultError::NotFound(
                            crate::vault::Missing::ReceiptIn { dir: file.clone() },
                        )));
                    }
                    (false, true) => exit::OK,
                });
            }
            output::receipt(&vault.import_receipt(&file)?, json);
            Ok(exit::OK)
        }
        Command::Hq {
            action: HqAction::Gaps { json },
        } => {
            let vault = unlock(&dir, passphrase_file)?;
            output::gaps(&vault.gaps()?, json);
            Ok(exit::OK)
        }
        Command::Hq {
            action: HqAction::Review { json },
        } => {
            let vault = unlock(&dir, passphrase_file)?;
            output::review(&vault.review()?, json);
            Ok(exit::OK)
        }
        Command::Hq {
            action:
                HqAction::Key {
                    action: HqKeyAction::Export { out, i_understand },
                },
        } => {
            confirm_key_export(i_understand)?;
            let mut vault = unlock(&dir, passphrase_file)?;
            let fingerprint = vault.export_hq_key(&out)?;
            println!(
                "Wrote headquarters' age identity ({fingerprint}) to {}.",
                out.display()
            );
            println!("Whoever holds this file can read every bundle: keep it offline, in a safe.");
            Ok(exit::OK)
        }
        Command::Attach { action } => attach::run(&dir, passphrase_file, action),
        Command::Stats { by, json, csv } => analysis::stats(&dir, passphrase_file, &by, json, csv),
        Command::Analysis { action } => analysis::run(&dir, passphrase_file, action),
        Command::Review { action } => review::run(&dir, passphrase_file, action),
        Command::Consent { action } => consent::run(&dir, passphrase_file, action),
        Command::Publish {
            check: Some(args::PublishAction::Verify { pack }),
            ..
        } => analysis::verify_publication(&dir, passphrase_file, &pack),
        Command::Publish {
            check: None,
            audience,
            excerpts,
            to,
            k,
            rare,
            organisation,
            lang,
            plaintext_ok,
        } => analysis::publish(
            &dir,
            passphrase_file,
            analysis::PublishArgs {
                audience: audience.unwrap_or_default(),
                excerpts: excerpts.unwrap_or_default(),
                to: to.unwrap_or_default(),
                k,
                rare,
                organisation,
                lang,
                plaintext_ok,
            },
        ),
        Command::Wipe {
            action: WipeAction::Delivered { codes, json },
        } => {
            Vault::probe(&dir)?;
            let passphrase = passphrase::obtain(passphrase_file, "Vault passphrase: ", false)?;
            let mut vault = Vault::unlock(&dir, &passphrase)?;
            output::wipe_delivered(&vault.wipe_delivered(&passphrase, &codes)?, json);
            Ok(exit::OK)
        }
        Command::Wipe {
            action: WipeAction::File { paths, force, json },
        } => {
            let mut vault = unlock(&dir, passphrase_file)?;
            output::file_wipe(&vault.wipe_files(&paths, force)?, json);
            Ok(exit::OK)
        }
        Command::Wipe {
            action: WipeAction::Exported { dir: stick, json },
        } => {
            let mut vault = unlock(&dir, passphrase_file)?;
            output::file_wipe(&vault.wipe_exported(&stick)?, json);
            Ok(exit::OK)
        }
        Command::Sync {
            to,
            from,
            pin,
            proxy,
            json,
        } => sync::run(&dir, passphrase_file, sync::Target { to, from, pin, proxy }, json),
        Command::Demo { .. }
        | Command::Destroy { .. }
        | Command::Dropbox { .. }
        | Command::Generate { .. } => {
            unreachable!("handled above")
        }
    }
}

/// Writes the man page or a shell's completions, from the same definitions as the parser.
fn generate(what: args::Generated) -> Result<u8, CliError> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    let shell = match what {
        args::Generated::Man => {
            clap_mangen::Man::new(command)
                .render(&mut out)
                .map_err(|e| CliError {
                    code: exit::OTHER,
                    message: format!("cannot write the manual page: {e}"),
                })?;
            return Ok(exit::OK);
        }
        args::Generated::Bash => clap_complete::Shell::Bash,
        args::Generated::Zsh => clap_complete::Shell::Zsh,
        args::Generated::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut command, "fieldvault", &mut out);
    Ok(exit::OK)
}

/// A note given as `-` is read from standard input, so that its words stay out of the
/// shell's history file (which is plain text on the disk).
fn note_from(note: Option<String>) -> Result<Option<String>, CliError> {
    match note.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
                .map_err(|e| CliError::input(format!("cannot read the note from standard input: {e}")))?;
            Ok(Some(text.trim().to_owned()).filter(|t| !t.is_empty()))
        }
        _ => Ok(note),
    }
}

/// The phrase that confirms `destroy`.
const DESTROY_PHRASE: &str = "DESTROY EVERYTHING";

fn confirm_destroy(dir: &Path, given: Option<&str>) -> Result<(), CliError> {
    use std::io::IsTerminal;
    let answer = match given {
        Some(phrase) => phrase.to_owned(),
        None if std::io::stdin().is_terminal() => {
            eprintln!(
                "This destroys the vault in {} and every interview in it, now and for good.",
                dir.display()
            );
            eprintln!("Interviews not yet delivered to headquarters will be lost.");
            eprint!("Type {DESTROY_PHRASE} to go on: ");
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| CliError::usage(format!("cannot read the confirmation: {e}")))?;
            line.trim().to_owned()
        }
        None => {
            return Err(CliError::usage(format!(
                "destroy needs confirmation: --confirm \"{DESTROY_PHRASE}\" (nothing was changed)"
            )));
        }
    };
    if answer == DESTROY_PHRASE {
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "the confirmation was not {DESTROY_PHRASE:?}; nothing was changed"
        )))
    }
}

/// Key escrow needs an explicit yes: a typed word on a terminal, or the flag in scripts.
fn confirm_key_export(flag: bool) -> Result<(), CliError> {
    use std::io::IsTerminal;
    if flag {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            "exporting headquarters' key needs confirmation: add --i-understand (the file will open every bundle)",
        ));
    }
    eprintln!("The key file will open EVERY bundle ever sent to this headquarters.");
    eprint!("Type EXPORT to write it: ");
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| CliError::usage(format!("cannot read the confirmation: {e}")))?;
    if answer.trim() == "EXPORT" {
        Ok(())
    } else {
        Err(CliError::usage("not confirmed; nothing was written"))
    }
}

fn interview(
    vault: &mut Vault,
    action: InterviewAction,
    inputs: Vec<(String, Vec<u8>)>,
) -> Result<u8, CliError> {
    match action {
        InterviewAction::Add { files, wipe_source } => {
            let added = vault.add_interviews(&inputs)?;
            for a in &added {
                println!("{}\t{}", a.id, a.code);
            }
            eprintln!("Added {} interview(s) as drafts.", added.len());
            let on_disk: Vec<&PathBuf> = files.iter().filter(|f| !is_stdin(f)).collect();
            if wipe_source {
                for file in on_disk {
                    match crate::vault::wipe_file(file) {
                        Ok(_) => eprintln!("Overwrote and deleted {}.", file.display()),
                        Err(e) => eprintln!(
                            "warning: {} was stored in the vault but could not be wiped ({e}); delete it by hand",
                            file.display()
                        ),
                    }
                }
            } else if !on_disk.is_empty() {
                eprintln!(
                    "warning: the input files are still on this disk as plain text: {}. Add with --wipe-source to overwrite and delete them once stored.",
                    on_disk
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        InterviewAction::List { state, json } => {
            output::list(&vault.list(state.map(lifecycle))?, json);
        }
        InterviewAction::Show { selector, json } => {
            output::show(&vault.show(&selector)?, json);
        }
        InterviewAction::Update { selector, .. } => {
            let (label, bytes) = &inputs[0];
            let s = vault.update_draft(&selector, label, bytes)?;
            println!("Updated draft {} (revision {}).", s.code, s.revision);
        }
        InterviewAction::Revise { selector, .. } => {
            let (label, bytes) = &inputs[0];
            let s = vault.revise(&selector, label, bytes)?;
            println!(
                "{} now has draft revision {}; seal it when the correction is complete.",
                s.code, s.revision
            );
        }
        InterviewAction::Seal(args) => {
            let sealed = if args.all {
                vault.seal_all_drafts()?
            } else {
                vault.seal(&args.selectors)?
            };
            if sealed.is_empty() {
                println!("There were no drafts to seal.");
            }
            for s in &sealed {
                println!(
                    "Sealed {} revision {}  {}",
                    s.code,
                    s.revision,
                    s.hash.as_deref().unwrap_or("")
                );
            }
        }
    }
    Ok(exit::OK)
}

fn unlock(dir: &Path, passphrase_file: Option<&Path>) -> Result<Vault, CliError> {
    // Check the folder before asking for a passphrase that could not help.
    Vault::probe(dir)?;
    let passphrase = passphrase::obtain(passphrase_file, "Vault passphrase: ", false)?;
    let mut vault = Vault::unlock(dir, &passphrase)?;
    // FIELDVAULT_KEEP_WEAK_KDF=1 is for the crash tests only, which unlock thousands of
    // times with a deliberately cheap header.
    if std::env::var_os("FIELDVAULT_KEEP_WEAK_KDF").is_none_or(|v| v != "1")
        && vault.strengthen_weak_kdf(&passphrase)?
    {
        eprintln!("note: the vault's key is now protected with today's stronger passphrase hashing");
    }
    // A recording cut off by a crash, the power or a lock is offered until someone decides.
    for cut in vault.cut_off_recordings().unwrap_or_default() {
        eprintln!(
            "note: a recording of {code} was cut off after about {}; keep it with `fieldvault attach recover {code}` (or wipe it: add --discard)",
            attach::duration(cut.recorded_ms),
            code = cut.code
        );
    }
    if crate::secret::memory_lock_refused() {
        eprintln!(
            "note: this system did not let fieldvault lock its keys in memory (RLIMIT_MEMLOCK), so they could reach the swap area; encrypted swap, or none, avoids that (docs/vault-format.md)"
        );
    }
    Ok(vault)
}

/// Search words from standard input (first 64 KiB), in a buffer wiped after use.
fn read_query_from_stdin() -> Result<zeroize::Zeroizing<String>, CliError> {
    use std::io::Read;
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(64 * 1024));
    std::io::stdin()
        .take(64 * 1024)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::usage(format!("cannot read the search words from standard input: {e}")))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| CliError::input("the search words on standard input are not UTF-8 text"))?;
    let words = zeroize::Zeroizing::new(text.split_whitespace().collect::<Vec<_>>().join(" "));
    if words.is_empty() {
        return Err(CliError::usage("no search words on standard input"));
    }
    Ok(words)
}

/// The vault folder: `--vault` or `FIELDVAULT_VAULT` if given, otherwise the default the
/// desktop app also uses, named on standard error so nobody works on a vault unawares.
fn chosen_vault(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| {
        let dir = crate::vault::default_dir();
        eprintln!(
            "Vault: {} (the default; --vault DIR or FIELDVAULT_VAULT chooses another)",
            dir.display()
        );
        dir
    })
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads an input file (or standard input), refusing anything over the size limit.
fn read_input(path: &PathBuf) -> Result<(String, Vec<u8>), CliError> {
    let mut bytes = Vec::new();
    let label = if is_stdin(path) {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    let result = if is_stdin(path) {
        std::io::stdin().take(MAX_INPUT_FILE + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_INPUT_FILE + 1).read_to_end(&mut bytes))
    };
    result.map_err(|e| CliError::input(format!("cannot read {label}: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_FILE {
        return Err(CliError::input(format!(
            "{label} is larger than {} MiB; split it into several files",
            MAX_INPUT_FILE / (1024 * 1024)
        )));
    }
    Ok((label, bytes))
}

fn lifecycle(state: StateArg) -> Lifecycle {
    match state {
        StateArg::Draft => Lifecycle::Draft,
        StateArg::Sealed => Lifecycle::Sealed,
        StateArg::Exported => Lifecycle::Exported,
        StateArg::Delivered => Lifecycle::Delivered,
        StateArg::Wiped => Lifecycle::Wiped,
    }
}
