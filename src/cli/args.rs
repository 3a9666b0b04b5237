//! The command line, parsed in full into typed commands before anything runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "fieldvault",
    version,
    long_version = concat!(
        env!("CARGO_PKG_VERSION"),
        "\ncommit: ",
        env!("FIELDVAULT_COMMIT"),
        "\nbuild: ",
        env!("FIELDVAULT_BUILD_SETTINGS")
    ),
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
        /// Show at most this many interviews.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// How many interviews are in each lifecycle state.
    Status {
        /// Print the result as JSON, for scripts (field names are stable).
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
        /// The folder to write the bundle into: the USB stick's (a folder on this laptop's own disk gets a warning).
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
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Headquarters: import bundles (each all or nothing) and write a signed receipt for each.
    Import {
        /// Bundle files (any one part of a split bundle brings the others), or folders such as a stick's, whose bundles are all imported.
        #[arg(required = true, value_name = "BUNDLE")]
        bundles: Vec<PathBuf>,
        /// Folder for the receipts to carry back to the devices.
        #[arg(long, value_name = "DIR")]
        receipt_to: Option<PathBuf>,
        /// Print the result as JSON, for scripts (field names are stable).
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
    /// Headquarters: counts of incidents and of distinct interviewees, broken down by
    /// incident kind, year, country, facility type or perpetrator. Uncertain dates are
    /// counted apart: "certainly in year" and "possibly in year", never added together.
    Stats {
        /// What to break the counts down by, comma-separated, in order:
        /// kind, year, country, facility_type, perpetrator (none: the totals).
        #[arg(long, value_name = "DIMS", value_delimiter = ',', value_parser = dimension)]
        by: Vec<fieldvault_core::vault::Dimension>,
        /// Print as JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print as CSV.
        #[arg(long)]
        csv: bool,
    },
    /// Headquarters: review the archive: a status, tags and notes per interview and per
    /// incident (the sealed revisions never change), filters, corroboration candidates.
    Review {
        #[command(subcommand)]
        action: ReviewAction,
    },
    /// An interviewee narrowed or withdrew their consent: record it, or show an
    /// interview's consent (as recorded, the changes since, and what is in force).
    Consent {
        #[command(subcommand)]
        action: ConsentAction,
    },
    /// Headquarters: a publication pack of quotable excerpts for an audience, with consent
    /// enforced and a re-identification check; `publish verify` checks a pack against the
    /// archive.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Publish {
        #[command(subcommand)]
        check: Option<PublishAction>,
        /// Who the pack is for: un, public, researchers or courts (must be in the
        /// interviewee's consent.share_with).
        #[arg(long, required = true, value_parser = ["un", "public", "researchers", "courts"])]
        audience: Option<String>,
        /// The excerpts: a JSON list of {"interview": CODE, "start": N, "end": N,
        /// "revision": HASH (optional)}, character ranges of the narrative (from 0, end
        /// excluded).
        #[arg(long, required = true, value_name = "FILE")]
        excerpts: Option<PathBuf>,
        /// The folder to write publication-AUDIENCE.md and .json into.
        #[arg(long, required = true, value_name = "DIR")]
        to: Option<PathBuf>,
        /// A description must be shared by at least K interviewees of the archive.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
        k: u16,
        /// What to do with a rarer one: generalise it step by step, or withhold the excerpt.
        #[arg(long, value_parser = ["generalise", "withhold"], default_value = "generalise")]
        rare: String,
        /// The organisation named in citations ("interviewed by …"); the vault's label if not given.
        #[arg(long, value_name = "NAME")]
        organisation: Option<String>,
        /// The pack's language: en or ko.
        #[arg(long, value_parser = ["en", "ko"], default_value = "en")]
        lang: String,
        /// Confirms, in scripts, that unencrypted files are wanted.
        #[arg(long)]
        plaintext_ok: bool,
    },
    /// Headquarters: analysis exports for R, Stata or a spreadsheet.
    Analysis {
        #[command(subcommand)]
        action: AnalysisAction,
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
        /// Print the result as JSON, for scripts (field names are stable).
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
    /// For packagers: write the manual page (roff) or shell completions to standard output.
    #[command(hide = true)]
    Generate {
        /// What to write: man, bash, zsh or fish.
        #[arg(value_enum)]
        what: Generated,
    },
    /// Run a demonstration in a throwaway vault: import the sample interviews, search, show status.
    Demo {
        /// Folder with sample interviews (JSON).
        #[arg(long, value_name = "DIR")]
        samples: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentAction {
    /// The consent an interview records, every change since, and the consent in force.
    Show {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record that the interviewee narrowed or withdrew their consent. A change can only
    /// narrow (a wider consent is a correction of the interview, in a new revision); it
    /// is kept beside the sealed revisions, written to the audit log, and on a field
    /// laptop carried to headquarters in the next export, even after the interview was
    /// wiped here.
    Change {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// Consent withdrawn altogether: the testimony is quoted, exported for analysis
        /// and counted no more.
        #[arg(long)]
        withdraw: bool,
        /// Quoting now allowed: no or anonymised (or named, if it already was).
        #[arg(long, value_name = "LEVEL", value_parser = ["no", "anonymised", "named"])]
        quote: Option<String>,
        /// The audiences still allowed, comma-separated (un, courts, researchers,
        /// public); `none` for no one.
        #[arg(long, value_name = "LIST", value_delimiter = ',')]
        share_with: Option<Vec<String>>,
        /// What the interviewee said, or how they asked (kept encrypted); `-` reads it
        /// from standard input, which keeps it out of the shell's history file.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReviewAction {
    /// An interview's review: its status and tags, each incident's, and every annotation.
    Show {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Annotate an interview, or one of its incidents: each change is kept with the
    /// reviewer's name and written to the audit log.
    Set {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// Annotate this incident (numbered from 1, as `review show` lists them).
        #[arg(long, value_name = "N")]
        incident: Option<u32>,
        /// new, reviewed, needs_follow_up or excluded.
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        /// Add a review tag (repeat for several).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Take a review tag off (repeat for several).
        #[arg(long = "untag", value_name = "TAG")]
        untags: Vec<String>,
        /// A note (kept encrypted in the vault; the audit log keeps only its hash); `-`
        /// reads it from standard input, which keeps it out of the shell's history file.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Your name or initials, recorded with the annotation.
        #[arg(long, env = "FIELDVAULT_REVIEWER", value_name = "NAME")]
        reviewer: Option<String>,
    },
    /// The interviews that match every filter given, by code.
    List {
        /// new, reviewed, needs_follow_up or excluded.
        #[arg(long)]
        status: Option<String>,
        /// A review tag or a tag of the record.
        #[arg(long)]
        tag: Option<String>,
        /// An incident kind (vocabulary code, e.g. forced_repatriation).
        #[arg(long)]
        kind: Option<String>,
        /// Where an incident happened: ISO 3166-1 code (CN, KP).
        #[arg(long)]
        country: Option<String>,
        /// A facility type (vocabulary code, e.g. kyohwaso).
        #[arg(long)]
        facility_type: Option<String>,
        /// A perpetrator kind (vocabulary code, e.g. chinese_police).
        #[arg(long)]
        perpetrator: Option<String>,
        /// Incidents that may have happened on or after this EDTF date (2014, 2014-03).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Incidents that may have happened on or before this EDTF date.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Interviews from different devices that describe the same facility, place or month:
    /// candidates for a reviewer to confirm or dismiss.
    Corroborate {
        /// Confirm the pair FIRST SECOND on BASIS (as listed).
        #[arg(long, num_args = 3, value_names = ["FIRST", "SECOND", "BASIS"], conflicts_with = "dismiss")]
        confirm: Option<Vec<String>>,
        /// Dismiss the pair FIRST SECOND on BASIS: it is not offered again.
        #[arg(long, num_args = 3, value_names = ["FIRST", "SECOND", "BASIS"])]
        dismiss: Option<Vec<String>>,
        /// Your name or initials, recorded with the decision.
        #[arg(long, env = "FIELDVAULT_REVIEWER", value_name = "NAME")]
        reviewer: Option<String>,
        /// List at most this many candidates.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PublishAction {
    /// Check every excerpt of a pack (its .json) against the archive: the revision it
    /// names is held and its narrative has exactly that text there.
    Verify {
        /// The pack's JSON file (publication-AUDIENCE.json, next to its Markdown).
        #[arg(value_name = "PACK.json")]
        pack: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AnalysisAction {
    /// Write interviews.csv and incidents.csv (or .jsonl) UNENCRYPTED into DIR: one row per
    /// interview and one per incident, with the documented columns of
    /// docs/analysis-export.md. No narrative unless --with-text. Asks first.
    Export {
        /// csv or jsonl.
        #[arg(long, value_enum, default_value_t = AnalysisFormat::Csv)]
        format: AnalysisFormat,
        /// The folder to write the two files into (it must not hold them already).
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// Include the narrative and each incident's description.
        #[arg(long)]
        with_text: bool,
        /// Confirms, in scripts, that unencrypted files are wanted.
        #[arg(long)]
        plaintext_ok: bool,
    },
}

/// The file format of an analysis export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnalysisFormat {
    Csv,
    Jsonl,
}

fn dimension(name: &str) -> Result<fieldvault_core::vault::Dimension, String> {
    fieldvault_core::vault::Dimension::parse(name).ok_or_else(|| {
        let known: Vec<&str> = fieldvault_core::vault::Dimension::ALL
            .iter()
            .map(|d| d.name())
            .collect();
        format!("unknown breakdown '{name}': use {}", known.join(", "))
    })
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
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Write this vault's trust card (public; hand it over in person).
    Export {
        /// Where to write the trust card (a new file).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrustAction {
    /// Trust the party on a card, after comparing its fingerprint with the one the other
    /// side reads out (asked for on a terminal).
    Add {
        /// The other party's trust card file.
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
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Stop trusting a party (by fingerprint or label).
    Remove {
        /// The party: its fingerprint or its label, as `trust list` shows them.
        #[arg(value_name = "FINGERPRINT|LABEL")]
        selector: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum WipeAction {
    /// Overwrite and delete bundle files that headquarters confirmed (refuses others
    /// unless --force: the only copy of a testimony may be on that stick).
    File {
        /// The files to wipe.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Wipe files that no receipt covers too (you are sure headquarters has them); without it they are refused.
        #[arg(long)]
        force: bool,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Wipe every bundle in DIR that a receipt covers; leave the others and say why.
    Exported {
        /// The folder to look in: the stick's.
        #[arg(long = "in", value_name = "DIR")]
        dir: PathBuf,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Wipe every delivered revision (or only those of the given codes) and rotate the key.
    Delivered {
        /// Only these interviews (codes); none given: every delivered one.
        #[arg(value_name = "CODE")]
        codes: Vec<String>,
        /// Print the result as JSON, for scripts (field names are stable).
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
        /// The files to attach (audio, photos, documents).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Wipe each original once it is stored (overwritten, then deleted).
        #[arg(long)]
        wipe_source: bool,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// The interview's attachments: id, name, media type, size, SHA-256 of the original.
    List {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Write an attachment UNENCRYPTED to a new file (asks first: the copy is readable by
    /// anyone who finds it).
    Export {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// The attachment: its id (or the start of it) or its original file name.
        #[arg(value_name = "ATTACHMENT")]
        attachment: String,
        /// Where to write the unencrypted copy (a new file; an existing one is never overwritten).
        #[arg(long, value_name = "PATH")]
        to: PathBuf,
        /// Confirms, in scripts, that an unencrypted copy is wanted.
        #[arg(long)]
        plaintext_ok: bool,
    },
    /// Take an attachment out of the interview's draft (one added in this draft is wiped).
    Remove {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// The attachment: its id or its file name, as `attach list` shows.
        #[arg(value_name = "ATTACHMENT")]
        attachment: String,
    },
    /// Record sound into the interview's draft (only with the interviewee's consent to
    /// recording) until Enter is pressed or --seconds have passed. It is encrypted as it
    /// is recorded and reaches the disk every 2 seconds; a recording cut off by a crash
    /// is kept with `attach recover`. Saved as FLAC (lossless).
    Record {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// Where the sound comes from: the computer's microphone, or a generated 440 Hz
        /// tone that checks the recording chain without one.
        #[arg(long, value_enum, default_value_t = SoundInput::Microphone)]
        input: SoundInput,
        /// Stop after this many seconds instead of at Enter.
        #[arg(long, value_name = "N")]
        seconds: Option<u64>,
    },
    /// Keep the interview's recordings that were cut off (a crash, a power cut, a lock)
    /// as attachments of its draft — everything that reached the disk — or, with
    /// --discard, wipe them.
    Recover {
        /// The interview: its code (W26-0001) or id.
        #[arg(value_name = "ID|CODE")]
        interview: String,
        /// Wipe the cut-off recordings instead of keeping them.
        #[arg(long)]
        discard: bool,
    },
}

/// Where `attach record` takes its sound from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SoundInput {
    Microphone,
    TestTone,
}

#[derive(Debug, Subcommand)]
pub enum ReceiptAction {
    /// Apply a receipt: give the file, or the stick's folder to apply every receipt for
    /// this laptop found there (receipts have random names, like bundles).
    Import {
        /// A receipt file, or the stick's folder holding receipts.
        #[arg(value_name = "FILE|DIR")]
        file: PathBuf,
        /// Print the result as JSON, for scripts (field names are stable).
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
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// What a person must look at: codes used by two devices, revisions held back, bundles
    /// refused because a device tried to revise another's interview.
    Review {
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum HqKeyAction {
    /// Write headquarters' age identity (AGE-SECRET-KEY-1…) to a new file, for safe-keeping
    /// offline: whoever holds it can read every bundle.
    Export {
        /// The file to write the identity to (it must not exist yet).
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
        /// Interview JSON files; `-` reads one from standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Once stored, overwrite and delete the input files: they are plain text on disk.
        #[arg(long)]
        wipe_source: bool,
    },
    /// List interviews (latest revision of each).
    List {
        /// Only interviews whose latest revision is in this state.
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
    /// Show one interview by id or code.
    Show {
        /// The interview: its code or id.
        #[arg(value_name = "ID|CODE")]
        selector: String,
        /// Print the interview in the JSON interchange format.
        #[arg(long)]
        json: bool,
    },
    /// Replace a draft with the interview in FILE.
    Update {
        /// The draft: its code or id.
        #[arg(value_name = "ID|CODE")]
        selector: String,
        /// The interview JSON file that replaces the draft.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Correct a sealed interview: FILE becomes a new draft revision that names the sealed one.
    Revise {
        /// The sealed interview: its code or id.
        #[arg(value_name = "ID|CODE")]
        selector: String,
        /// The corrected interview JSON file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Seal drafts: they become immutable and get a revision hash.
    Seal(SealArgs),
}

#[derive(Debug, Args)]
pub struct SealArgs {
    /// Interviews to seal: codes or ids.
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
        /// Print the result as JSON, for scripts (field names are stable).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Generated {
    Man,
    Bash,
    Zsh,
    Fish,
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every argument and subcommand, by its path, that has no help text.
    fn without_help(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" && arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in command.get_subcommands() {
            let at = format!("{path} {}", sub.get_name());
            if sub.get_name() != "help" && sub.get_about().is_none() && sub.get_long_about().is_none() {
                missing.push(at.clone());
            }
            without_help(sub, &at, missing);
        }
    }

    #[test]
    fn every_command_and_flag_has_a_help_text() {
        let mut missing = Vec::new();
        without_help(&Cli::command(), "fieldvault", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }
}
