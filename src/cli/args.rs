//! The command line, parsed in full into typed commands before anything runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "fieldvault",
    version,
    about = "Encrypted recorder for human-rights testimonies (offline: only `sync` and `dropbox` touch the network)",
    after_help = "Exit codes: 0 ok, 1 other error, 2 bad usage, 3 wrong passphrase, 4 invalid input, \
                  5 not a vault or damaged vault, 6 conflict, 7 not found, 8 audit log broken, \
                  9 bundle or receipt refused."
)]
pub struct Cli {
    /// The vault folder [default: ~/.local/share/fieldvault/vault, the desktop app's].
    #[arg(long, global = true, env = "FIELDVAULT_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,

    /// Read the passphrase from the first line of this file (`-` = standard input)
    /// instead of asking for it in the terminal.
    #[arg(long, global = true, value_name = "PATH")]
    pub passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault in the vault folder (missing or empty; missing parent folders
    /// are made, readable by you only).
    Init {
        /// Make a headquarters vault instead of a field vault.
        #[arg(long)]
        hq: bool,
        /// The name shown on this vault's trust card ("Seoul HQ", "laptop 3").
        #[arg(long)]
        label: Option<String>,
    },
    /// Change the vault's passphrase; the database is re-encrypted under a new key too.
    Passphrase {
        #[command(subcommand)]
        action: PassphraseAction,
    },
    /// Add, list, show, change and seal interviews.
    Interview {
        #[command(subcommand)]
        action: InterviewAction,
    },
    /// Full-text search (codes, narratives, incidents, places, facilities, tags).
    Search {
        /// Words to look for; every word must match. Korean nouns match inside longer words.
        /// `-` reads them from standard input, so they stay out of the shell's history.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// How many interviews are in each lifecycle state.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// The audit log of every change.
    Log {
        #[command(subcommand)]
        action: LogAction,
    },
    /// This vault's public identity and trust card.
    Identity {
        #[command(subcommand)]
        action: IdentityAction,
    },
    /// Whom this vault trusts: headquarters (on a field vault) or enrolled devices (on headquarters).
    Trust {
        #[command(subcommand)]
        action: TrustAction,
    },
    /// Field: write every sealed, undelivered interview into one encrypted bundle in DIR.
    Export {
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// Keep this interview (code or id) out of the bundle; it stays on the laptop for a
        /// later export. Repeat for several.
        #[arg(long, value_name = "CODE|ID")]
        leave_out: Vec<String>,
        /// Largest file to write. A bundle over it is written as numbered parts
        /// (NAME.001-of-003, …) that headquarters' import joins again. Default: 4 GiB less
        /// one byte, the largest file a FAT32 stick takes. A number of bytes, or with a unit:
        /// 100MiB, 2GiB (at least 64KiB).
        #[arg(long, value_name = "SIZE")]
        part_size: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Headquarters: import bundles (each all or nothing) and write a signed receipt for each.
    Import {
        #[arg(required = true, value_name = "BUNDLE")]
        bundles: Vec<PathBuf>,
        /// Folder for the receipts to carry back to the devices.
        #[arg(long, value_name = "DIR")]
        receipt_to: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Field: import a receipt from headquarters; marks exactly the revisions it names delivered.
    Receipt {
        #[command(subcommand)]
        action: ReceiptAction,
    },
    /// Headquarters administration.
    Hq {
        #[command(subcommand)]
        action: HqAction,
    },
    /// Audio recordings, photos and documents of an interview, encrypted inside the vault.
    Attach {
        #[command(subcommand)]
        action: AttachAction,
    },
    /// Remove delivered interviews from this laptop (only what a headquarters receipt covers).
    Wipe {
        #[command(subcommand)]
        action: WipeAction,
    },
    /// PANIC: destroy this vault now. The key goes first (unreadable within a second), then
    /// every file. No passphrase needed; needs the confirmation phrase.
    Destroy {
        /// The confirmation phrase, exactly `DESTROY EVERYTHING`, for scripts (no prompt).
        #[arg(long, value_name = "PHRASE")]
        confirm: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Send to headquarters, or fetch at headquarters, through a drop box: the only command
    /// that uses the network, and only to the address given.
    ///
    /// On a field laptop (`--to`): exports sealed interviews, sends every bundle headquarters
    /// has not confirmed, and applies the receipts waiting. At headquarters (`--from`):
    /// fetches every bundle waiting, imports it with all the checks of `import`, sends its
    /// receipt back and only then removes it from the drop box.
    Sync {
        /// The drop box's address (field laptop), e.g. https://dropbox.example.org:8443.
        #[arg(
            long,
            value_name = "URL",
            conflicts_with = "from",
            required_unless_present = "from"
        )]
        to: Option<String>,
        /// The drop box's address (headquarters).
        #[arg(long, value_name = "URL")]
        from: Option<String>,
        /// The drop box certificate's SHA-256, 64 hexadecimal digits (as `dropbox serve`
        /// prints it): fieldvault talks to exactly that certificate, and to no other.
        #[arg(long, value_name = "FINGERPRINT")]
        pin: String,
        /// Go through a SOCKS5 proxy that looks names up itself, such as Tor:
        /// socks5h://127.0.0.1:9050.
        #[arg(long, value_name = "socks5h://HOST:PORT")]
        proxy: Option<String>,
        /// Print what moved as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run a drop box: an HTTPS relay that holds no key and can read nothing it carries.
    Dropbox {
        #[command(subcommand)]
        action: DropboxAction,
    },
    /// Run a demonstration in a throwaway vault: import the sample interviews, search, show status.
    Demo {
        /// Folder with sample interviews (JSON).
        #[arg(long, value_name = "DIR")]
        samples: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DropboxAction {
    /// Serve until stopped. Needs no vault and no passphrase. Prints the address and the
    /// certificate's pin (give the pin to every laptop and to headquarters).
    Serve {
        /// Address and port to listen on, e.g. 0.0.0.0:8443 (port 0: any free port).
        #[arg(long, value_name = "ADDR")]
        listen: std::net::SocketAddr,
        /// Where to keep what passes through: file://DIR or a folder.
        #[arg(long, value_name = "URL")]
        store: String,
        /// A trust card of headquarters or of an enrolled device (repeat for each; they are
        /// read again on SIGHUP).
        #[arg(long = "trust", value_name = "CARD", required = true)]
        cards: Vec<PathBuf>,
        /// The organisation's own certificate (PEM) instead of a self-signed one; needs --key.
        #[arg(long, value_name = "PEM", requires = "key")]
        cert: Option<PathBuf>,
        /// The private key of --cert (PEM).
        #[arg(long, value_name = "PEM", requires = "cert")]
        key: Option<PathBuf>,
        /// Largest bundle accepted, in MiB (fractions allowed: 0.5 is 512 KiB).
        #[arg(long, value_name = "MIB", default_value_t = 512.0, value_parser = positive_mib)]
        max_mib: f64,
    },
}

#[derive(Debug, Subcommand)]
pub enum IdentityAction {
    /// Print the label, role, fingerprint and public keys.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write this vault's trust card (public; hand it over in person).
    Export {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrustAction {
    /// Trust the party on a card, after comparing its fingerprint with the one the other
    /// side reads out (asked for on a terminal).
    Add {
        #[arg(value_name = "CARD")]
        card: PathBuf,
        /// The fingerprint the other side read out (40 digits, as `identity show` prints
        /// it), for scripts; without it a terminal asks.
        #[arg(long, value_name = "DIGITS")]
        fingerprint: Option<String>,
        /// Accept that a party already trusted now has a new encryption key (future
        /// exports go to it). Without it a terminal asks, and a script is refused.
        #[arg(long)]
        accept_new_recipient: bool,
    },
    /// List trusted parties, current and removed.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop trusting a party (by fingerprint or label).
    Remove {
        #[arg(value_name = "FINGERPRINT|LABEL")]
        selector: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum WipeAction {
    /// Overwrite and delete bundle files that headquarters confirmed (refuses others
    /// unless --force: the only copy of a testimony may be on that stick).
    File {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        json: bool,
    },
    /// Wipe every bundle in DIR that a receipt covers; leave the others and say why.
    Exported {
        #[arg(long = "in", value_name = "DIR")]
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Wipe every delivered revision (or only those of the given codes) and rotate the key.
    Delivered {
        #[arg(value_name = "CODE")]
        codes: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AttachAction {
    /// Encrypt files into the vault as attachments of an interview's draft (audio only
    /// with the interviewee's consent to recording). Nothing unencrypted is written.
    Add {
        /// The interview: its code or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Wipe each original once it is stored (overwritten, then deleted).
        #[arg(long)]
        wipe_source: bool,
        #[arg(long)]
        json: bool,
    },
    /// The interview's attachments: id, name, media type, size, SHA-256 of the original.
    List {
        #[arg(value_name = "ID|CODE")]
        interview: String,
        #[arg(long)]
        json: bool,
    },
    /// Write an attachment UNENCRYPTED to a new file (asks first: the copy is readable by
    /// anyone who finds it).
    Export {
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// The attachment: its id (or the start of it) or its original file name.
        #[arg(value_name = "ATTACHMENT")]
        attachment: String,
        #[arg(long, value_name = "PATH")]
        to: PathBuf,
        /// Confirms, in scripts, that an unencrypted copy is wanted.
        #[arg(long)]
        plaintext_ok: bool,
    },
    /// Take an attachment out of the interview's draft (one added in this draft is wiped).
    Remove {
        #[arg(value_name = "ID|CODE")]
        interview: String,
        #[arg(value_name = "ATTACHMENT")]
        attachment: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReceiptAction {
    /// Apply a receipt: give the file, or the stick's folder to apply every receipt for
    /// this laptop found there (receipts have random names, like bundles).
    Import {
        #[arg(value_name = "FILE|DIR")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum HqAction {
    /// Key escrow: write headquarters' age identity (AGE-SECRET-KEY-1…) to a new file.
    Key {
        #[command(subcommand)]
        action: HqKeyAction,
    },
    /// Enrolled devices and the bundles missing from each.
    Gaps {
        #[arg(long)]
        json: bool,
    },
    /// What a person must look at: codes used by two devices, revisions held back, bundles
    /// refused because a device tried to revise another's interview.
    Review {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum HqKeyAction {
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Confirm without a prompt (scripts): I understand that this file opens every bundle.
        #[arg(long)]
        i_understand: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PassphraseAction {
    /// Set a new passphrase; the old one is asked for first.
    Change {
        /// Read the new passphrase from this file (`-` = standard input).
        #[arg(long, value_name = "PATH")]
        new_passphrase_file: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum InterviewAction {
    /// Add interviews from JSON files (one interview or an array per file; `-` = standard
    /// input). All files are stored in one transaction, or none if any is invalid.
    Add {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Once stored, overwrite and delete the input files: they are plain text on disk.
        #[arg(long)]
        wipe_source: bool,
    },
    /// List interviews (latest revision of each).
    List {
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        #[arg(long)]
        json: bool,
    },
    /// Show one interview by id or code.
    Show {
        #[arg(value_name = "ID|CODE")]
        selector: String,
        /// Print the interview in the JSON interchange format.
        #[arg(long)]
        json: bool,
    },
    /// Replace a draft with the interview in FILE.
    Update {
        #[arg(value_name = "ID|CODE")]
        selector: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Correct a sealed interview: FILE becomes a new draft revision that names the sealed one.
    Revise {
        #[arg(value_name = "ID|CODE")]
        selector: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Seal drafts: they become immutable and get a revision hash.
    Seal(SealArgs),
}

#[derive(Debug, Args)]
pub struct SealArgs {
    #[arg(
        value_name = "ID|CODE",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub selectors: Vec<String>,
    /// Seal every draft.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Subcommand)]
pub enum LogAction {
    /// Verify the hash chain of the audit log end to end.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StateArg {
    Draft,
    Sealed,
    Exported,
    Delivered,
    Wiped,
}

/// A size limit in MiB: a positive number no larger than 1 TiB.
fn positive_mib(typed: &str) -> Result<f64, String> {
    match typed.parse::<f64>() {
        Ok(mib) if mib > 0.0 && mib <= 1024.0 * 1024.0 => Ok(mib),
        _ => Err(format!("{typed} is not a size in MiB between 0 and 1048576")),
    }
}
