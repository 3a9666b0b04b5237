//! `fieldvault`: a subcommand runs the CLI; see `fieldvault --help`.
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(fieldvault::cli::main())
}
