//! `attach`: an interview's attachments from the command line (add, list, export with an
//! explicit confirmation, remove). See `docs/attachments.md`.

use std::path::Path;

use super::args::{AttachAction, SoundInput};
use super::{CliError, exit, output, unlock};
use crate::audio::{Devices, Recorder};
use crate::vault::{CutOffRecording, SPEECH_RATE, Vault};

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
            confirm_plaintext(&to, plaintext_ok, "attach export")?;
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
        AttachAction::Record {
            interview,
            input,
            seconds,
        } => {
            let mut vault = unlock(dir, passphrase_file)?;
            record(&mut vault, &interview, input, seconds)
        }
        AttachAction::Recover { interview, discard } => {
            let mut vault = unlock(dir, passphrase_file)?;
            let cut: Vec<CutOffRecording> = vault
                .cut_off_recordings()?
                .into_iter()
                .filter(|r| r.code == interview || r.interview_id == interview)
                .collect();
            if cut.is_empty() {
                println!("No cut-off recordings of {interview}.");
            }
            for recording in cut {
                if discard {
                    vault.discard_recording(&recording.id)?;
                    println!(
                        "Wiped the recording of {} started {} (about {}).",
                        recording.code,
                        recording.started_at,
                        duration(recording.recorded_ms)
                    );
                } else {
                    let info = vault.keep_recording(&recording.id)?;
                    println!(
                        "Kept {} ({}, {} bytes, SHA-256 {}) in the draft of {}.",
                        info.file_name,
                        duration(recording.recorded_ms),
                        info.size,
                        info.sha256,
                        recording.code
                    );
                }
            }
            Ok(exit::OK)
        }
    }
}

/// `attach record`: from the input into the draft's journal until Enter or the time is up.
fn record(
    vault: &mut Vault,
    interview: &str,
    input: SoundInput,
    seconds: Option<u64>,
) -> Result<u8, CliError> {
    let devices = match input {
        SoundInput::Microphone => Devices::system(),
        SoundInput::TestTone => Devices::generated(),
    };
    let capture = devices.input.start(SPEECH_RATE).map_err(|error| {
        CliError::usage(format!(
            "cannot record: {error}; nothing was recorded (--input test-tone checks the rest without a microphone)"
        ))
    })?;
    // A refusal (no consent, a sealed interview) closes the input again: nothing is kept.
    let journal = vault.begin_recording(interview, capture.rate)?;
    run_recording(
        vault,
        interview,
        Recorder::start(interview, capture, journal),
        seconds,
    )
}

fn run_recording(
    vault: &mut Vault,
    interview: &str,
    recorder: Recorder,
    seconds: Option<u64>,
) -> Result<u8, CliError> {
    match seconds {
        Some(seconds) => eprintln!("Recording {interview} for {seconds} s (encrypted as it goes)."),
        None => eprintln!("Recording {interview} (encrypted as it goes): press Enter to stop."),
    }
    let deadline = seconds.map(|s| std::time::Instant::now() + std::time::Duration::from_secs(s));
    match deadline {
        Some(deadline) => {
            while std::time::Instant::now() < deadline && recorder.failure().is_none() {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
        None => {
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
        }
    }
    let failure = recorder.failure();
    let journal = recorder.stop();
    let recorded_ms = journal.recorded_ms();
    if let Some(failure) = failure {
        let failure = failure.to_string();
        drop(journal);
        return Err(CliError {
            code: exit::OTHER,
            message: format!(
                "the recording stopped being written: {failure}. What reached the disk (about {}) is kept: free some space, then keep it with `fieldvault attach recover {interview}`",
                duration(recorded_ms)
            ),
        });
    }
    let info = vault.finish_recording(journal)?;
    println!(
        "Recorded {} ({}, {} bytes, SHA-256 {}) into the draft of {interview}.",
        info.file_name,
        duration(recorded_ms),
        info.size,
        info.sha256
    );
    Ok(exit::OK)
}

/// Milliseconds as "1 h 02 min 03 s", "2 min 03 s" or "4 s".
pub(super) fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3600, s / 60 % 60, s % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s:02} s"),
        (h, m, s) => format!("{h} h {m:02} min {s:02} s"),
    }
}

/// An unencrypted copy is written only when the person says so: `--plaintext-ok` in a
/// script, or "yes" typed at the terminal after reading what it means.
pub(super) fn confirm_plaintext(to: &Path, given: bool, command: &str) -> Result<(), CliError> {
    use std::io::IsTerminal;
    if given {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "{command} writes UNENCRYPTED files: confirm with --plaintext-ok (nothing was written)"
        )));
    }
    eprintln!(
        "This writes UNENCRYPTED to {}: anyone who gets that disk can read it.",
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
