//! `fieldvault`: no subcommand opens the desktop app; a subcommand runs the CLI
//! (`fieldvault --help`).
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    // Before any argument, passphrase or input file is read: no core dumps, not dumpable.
    fieldvault_core::vault::forbid_core_dumps();
    #[cfg(feature = "gui")]
    if let Some(vault) = fieldvault::cli::desktop_request() {
        return match fieldvault::ui::run(vault) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(error) => {
                eprintln!(
                    "fieldvault: the desktop app could not start: {error}; the command-line interface still works (fieldvault --help)"
                );
                std::process::ExitCode::from(fieldvault::cli::exit::OTHER)
            }
        };
    }
    std::process::ExitCode::from(fieldvault::cli::main())
}
