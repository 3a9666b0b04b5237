//! `stats` and `analysis export`: headquarters' counts and analysis files from the command
//! line. See `docs/analysis-export.md`.

use std::path::Path;

use super::args::{AnalysisAction, AnalysisFormat};
use super::{CliError, exit, unlock};
use crate::vault::{Dimension, ExportFormat, Stats};

pub(super) fn stats(
    dir: &Path,
    passphrase_file: Option<&Path>,
    by: &[Dimension],
    json: bool,
    csv: bool,
) -> Result<u8, CliError> {
    let vault = unlock(dir, passphrase_file)?;
    let stats = vault.stats(by)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&stats).expect("stats serialise")
        );
    } else if csv {
        print!("{}", stats_csv(&stats));
    } else {
        print!("{}", stats_table(&stats));
    }
    Ok(exit::OK)
}

fn header(stats: &Stats) -> Vec<String> {
    let mut header: Vec<String> = stats.by.iter().map(|d| d.name().to_owned()).collect();
    if stats.by.contains(&Dimension::Year) {
        header.extend(
            [
                "incidents_certain",
                "interviewees_certain",
                "incidents_possible",
                "interviewees_possible",
            ]
            .map(str::to_owned),
        );
    } else {
        header.extend(["incidents", "interviewees"].map(str::to_owned));
    }
    header
}

fn cells(stats: &Stats, row: &crate::vault::StatsRow) -> Vec<String> {
    let mut cells = row.keys.clone();
    cells.push(row.incidents.to_string());
    cells.push(row.interviewees.to_string());
    if stats.by.contains(&Dimension::Year) {
        cells.push(row.incidents_possible.to_string());
        cells.push(row.interviewees_possible.to_string());
    }
    cells
}

fn stats_csv(stats: &Stats) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(header(stats));
    for row in &stats.rows {
        let _ = out.write_record(cells(stats, row));
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn stats_table(stats: &Stats) -> String {
    let header = header(stats);
    let rows: Vec<Vec<String>> = stats.rows.iter().map(|r| cells(stats, r)).collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([header[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&header);
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push_str(&format!(
        "{} incidents in all; {} interviewees in the archive.",
        stats.total_incidents, stats.total_interviewees
    ));
    if stats.withdrawn > 0 {
        out.push_str(&format!(
            " {} interview(s) whose consent was withdrawn are not counted.",
            stats.withdrawn
        ));
    }
    if stats.by.contains(&Dimension::Year) {
        out.push_str(
            " An incident is certainly in a year only if its date cannot mean another year and is not marked approximate or uncertain; otherwise it counts as possibly in each year it may mean.",
        );
    }
    if stats.by.contains(&Dimension::Perpetrator) {
        out.push_str(" An incident with several kinds of perpetrator counts once under each.");
    }
    out.push('\n');
    out
}

pub(super) fn run(
    dir: &Path,
    passphrase_file: Option<&Path>,
    action: AnalysisAction,
) -> Result<u8, CliError> {
    match action {
        AnalysisAction::Export {
            format,
            to,
            with_text,
            plaintext_ok,
        } => {
            super::attach::confirm_plaintext(&to, plaintext_ok, "analysis export")?;
            let vault = unlock(dir, passphrase_file)?;
            let format = match format {
                AnalysisFormat::Csv => ExportFormat::Csv,
                AnalysisFormat::Jsonl => ExportFormat::Jsonl,
            };
            let written = vault.analysis_export(&to, format, with_text)?;
            println!(
                "Wrote {} ({} interviews) and {} ({} incidents) UNENCRYPTED{}.",
                written.interviews_file.display(),
                written.interviews,
                written.incidents_file.display(),
                written.incidents,
                if with_text {
                    ", with the narratives"
                } else {
                    ", without narratives"
                }
            );
            if written.withdrawn > 0 {
                println!(
                    "Left out {} interview(s) whose consent was withdrawn.",
                    written.withdrawn
                );
            }
            println!(
                "Wipe them when done: fieldvault wipe file --force {} {}",
                written.interviews_file.display(),
                written.incidents_file.display()
            );
            Ok(exit::OK)
        }
    }
}

/// What `publish` was given.
pub(super) struct PublishArgs {
    pub audience: String,
    pub excerpts: std::path::PathBuf,
    pub to: std::path::PathBuf,
    pub k: u16,
    pub rare: String,
    pub organisation: Option<String>,
    pub lang: String,
    pub plaintext_ok: bool,
}

pub(super) fn publish(dir: &Path, passphrase_file: Option<&Path>, args: PublishArgs) -> Result<u8, CliError> {
    use crate::domain::Lang;
    use crate::vault::{ExcerptRequest, PublishOptions, RarePolicy};
    let text = std::fs::read_to_string(&args.excerpts).map_err(|e| {
        CliError::usage(format!(
            "cannot read the excerpts file {}: {e}",
            args.excerpts.display()
        ))
    })?;
    let requests: Vec<ExcerptRequest> = serde_json::from_str(&text).map_err(|e| {
        CliError::usage(format!(
            "{} is not a list of excerpts ({e}); each is {{\"interview\": \"W26-0001\", \"start\": 0, \"end\": 120}}",
            args.excerpts.display()
        ))
    })?;
    super::attach::confirm_plaintext(&args.to, args.plaintext_ok, "publish")?;
    let vault = unlock(dir, passphrase_file)?;
    let lang = if args.lang == "ko" { Lang::Ko } else { Lang::En };
    let organisation = match args.organisation {
        Some(name) => name,
        None => vault.identity()?.label,
    };
    let options = PublishOptions {
        audience: args.audience,
        k: usize::from(args.k),
        rare: if args.rare == "withhold" {
            RarePolicy::Withhold
        } else {
            RarePolicy::Generalise
        },
        organisation,
        lang,
    };
    let pack = vault.publication_pack(&requests, &options)?;
    let (markdown, json) = vault.write_publication(&pack, &args.to, lang)?;
    println!(
        "Wrote {} and {} UNENCRYPTED: {} excerpt(s); {} interview(s) left out; {} description(s) flagged by the re-identification check (k = {}).",
        markdown.display(),
        json.display(),
        pack.excerpts.len(),
        pack.excluded.len(),
        pack.flagged.len(),
        pack.k
    );
    for x in &pack.excluded {
        println!("  left out {}: {}", x.code, x.detail);
    }
    for f in &pack.flagged {
        println!(
            "  {}: shared by {} interviewee(s), {}",
            f.code, f.shared_by, f.action
        );
    }
    Ok(exit::OK)
}

pub(super) fn verify_publication(
    dir: &Path,
    passphrase_file: Option<&Path>,
    pack: &Path,
) -> Result<u8, CliError> {
    let text = std::fs::read_to_string(pack)
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", pack.display())))?;
    let pack_data: crate::vault::Pack = serde_json::from_str(&text).map_err(|e| {
        CliError::usage(format!(
            "{} is not a fieldvault publication pack: {e}",
            pack.display()
        ))
    })?;
    let vault = unlock(dir, passphrase_file)?;
    let checked = vault.verify_publication(&pack_data)?;
    let bad = checked.iter().filter(|c| !c.ok).count();
    for c in &checked {
        println!(
            "{} {} {}–{}",
            if c.ok { "ok      " } else { "MISMATCH" },
            c.code,
            c.start,
            c.end
        );
    }
    if bad > 0 {
        return Err(CliError {
            code: exit::LOG_BROKEN,
            message: format!("{bad} excerpt(s) do not match the archive"),
        });
    }
    println!("All {} excerpt(s) match the archive.", checked.len());
    Ok(exit::OK)
}
