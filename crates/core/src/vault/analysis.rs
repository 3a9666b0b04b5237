//! Headquarters' analysis of the archive: statistics by incident kind, year, country,
//! facility type and perpetrator, and analysis exports (CSV or JSON Lines) for analysts'
//! own tools. Both read the facts of each interview's newest revision (`store::facts`),
//! never the narrative unless an export asks for it.
//!
//! Uncertain dates are counted honestly: an incident is *certainly* in a year only if
//! every day its date may mean is in that year and the date is not marked approximate or
//! uncertain; otherwise it is *possibly* in each year it may touch. Nothing is spread by
//! guesswork, and the two counts are never added together.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::error::{IoAction, Operation};
use super::{Role, Vault, VaultError};
use crate::domain::facts::{InterviewFacts, year_of};
use crate::domain::{InterviewRecord, Lang, VocabKind};
use crate::store::{IncidentFactRow, InterviewFactRow, StatsFact};

/// What statistics can be broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Kind,
    Year,
    Country,
    FacilityType,
    Perpetrator,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Kind,
        Dimension::Year,
        Dimension::Country,
        Dimension::FacilityType,
        Dimension::Perpetrator,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dimension::Kind => "kind",
            Dimension::Year => "year",
            Dimension::Country => "country",
            Dimension::FacilityType => "facility_type",
            Dimension::Perpetrator => "perpetrator",
        }
    }

    pub fn parse(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The vocabulary its values come from, if any.
    fn vocabulary(self) -> Option<VocabKind> {
        match self {
            Dimension::Kind => Some(VocabKind::IncidentKind),
            Dimension::FacilityType => Some(VocabKind::FacilityType),
            Dimension::Perpetrator => Some(VocabKind::PerpetratorKind),
            Dimension::Year | Dimension::Country => None,
        }
    }
}

/// One cell of a statistics table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatsRow {
    /// One value per dimension, in the order asked (`unknown` when not recorded).
    pub keys: Vec<String>,
    /// Incidents in this cell (with a year dimension: certainly in that year).
    pub incidents: u64,
    /// Distinct interviewees (codes) with such an incident.
    pub interviewees: u64,
    /// With a year dimension: incidents possibly, but not certainly, in that year.
    pub incidents_possible: u64,
    pub interviewees_possible: u64,
}

/// A statistics table over the whole archive.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub by: Vec<Dimension>,
    pub rows: Vec<StatsRow>,
    pub total_incidents: u64,
    /// Distinct interviewees (codes) in the archive, with incidents or not.
    pub total_interviewees: u64,
    /// Interviews left out because their consent was withdrawn.
    pub withdrawn: u64,
}

impl Stats {
    /// The label of a key in `lang` (vocabulary values; others as they are).
    pub fn label<'a>(&self, vault: &'a Vault, dimension: Dimension, key: &'a str, lang: Lang) -> &'a str {
        match dimension.vocabulary() {
            Some(kind) if key != UNKNOWN => vault.vocabulary.label(kind, key, lang),
            _ => key,
        }
    }
}

const UNKNOWN: &str = "unknown";

/// Where an incident may fall in time: each year it may touch, and whether certainly.
fn years(incident: &StatsFact, cap: Option<i64>) -> Vec<(String, bool)> {
    let first = incident.earliest.as_deref().and_then(year_of);
    // An open end is capped at the interview: nothing told happened after it.
    let last = incident.latest.as_deref().and_then(year_of).or(cap);
    match (first, last) {
        (Some(first), Some(last)) if first <= last => {
            let certain = first == last && !incident.qualified && incident.latest.is_some();
            (first..=last).map(|y| (y.to_string(), certain)).collect()
        }
        _ => vec![(UNKNOWN.to_owned(), false)],
    }
}

/// An incident's values along a dimension (several for perpetrators).
fn values(incident: &StatsFact, dimension: Dimension) -> Vec<String> {
    let one = |v: &Option<String>| vec![v.clone().unwrap_or_else(|| UNKNOWN.to_owned())];
    match dimension {
        Dimension::Kind => vec![incident.kind.clone()],
        Dimension::Country => one(&incident.country),
        Dimension::FacilityType => one(&incident.facility_type),
        Dimension::Perpetrator => {
            let kinds: Vec<String> = incident
                .perpetrators
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            if kinds.is_empty() {
                vec![UNKNOWN.to_owned()]
            } else {
                kinds
            }
        }
        Dimension::Year => unreachable!("years are counted apart"),
    }
}

#[derive(Default)]
struct Cell {
    incidents: u64,
    /// Interviewees by their index among the distinct codes.
    interviewees: HashSet<u32>,
    incidents_possible: u64,
    interviewees_possible: HashSet<u32>,
}

/// The format of an analysis export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Jsonl,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
        }
    }
}

/// What an analysis export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysisExport {
    pub interviews_file: PathBuf,
    pub incidents_file: PathBuf,
    pub interviews: usize,
    pub incidents: usize,
    /// Interviews left out because their consent was withdrawn.
    pub withdrawn: usize,
    pub with_text: bool,
}

/// The interviews file's columns, in order (`docs/analysis-export.md`).
pub const INTERVIEW_COLUMNS: &[&str] = &[
    "code",
    "interview_id",
    "revision_hash",
    "device",
    "interviewed_on",
    "gender",
    "birth_year",
    "birth_year_earliest",
    "birth_year_latest",
    "origin",
    "current_country",
    "consent_quote",
    "consent_share_with",
    "consent_changed",
    "tags",
    "incident_count",
];

/// The incidents file's columns, in order (`docs/analysis-export.md`).
pub const INCIDENT_COLUMNS: &[&str] = &[
    "code",
    "interview_id",
    "incident",
    "kind",
    "kind_en",
    "kind_ko",
    "when",
    "when_earliest",
    "when_latest",
    "when_qualified",
    "country",
    "place",
    "facility_type",
    "facility_type_en",
    "facility_type_ko",
    "facility_name",
    "perpetrators",
    "perpetrators_en",
    "perpetrators_ko",
    "victims",
    "source",
    "source_en",
    "source_ko",
];

impl Vault {
    /// Rebuilds the analysis facts if the program's extraction changed since they were
    /// made (and after the upgrade that introduced them).
    pub(super) fn refresh_facts_if_stale(&mut self) -> Result<(), VaultError> {
        if self.store.facts_current()? {
            return Ok(());
        }
        let vocabulary = self.vocabulary.clone();
        self.store.write(|tx| {
            tx.rebuild_facts(|content| {
                let value = serde_json::from_str(content).ok()?;
                let record = InterviewRecord::from_value(value, &vocabulary).ok()?;
                Some(InterviewFacts::of(record.interview()))
            })
        })?;
        Ok(())
    }

    /// Counts of incidents and of distinct interviewees, broken down by `by` (in that
    /// order; none gives the totals).
    pub fn stats(&self, by: &[Dimension]) -> Result<Stats, VaultError> {
        self.require(Role::Headquarters, Operation::Analysis)?;
        // A withdrawn testimony is counted no more.
        let withdrawn = self.withdrawn_interviews()?;
        let leave_out: std::collections::HashSet<String> = withdrawn.keys().cloned().collect();
        let (interviews, incidents) = self.store.stats_facts(&leave_out)?;
        // Each interview's distinct interviewee (by code) and the last year it allows.
        let mut codes: HashMap<&str, u32> = HashMap::new();
        let people: Vec<(u32, Option<i64>)> = interviews
            .iter()
            .map(|(code, on)| {
                let next = codes.len() as u32;
                let person = *codes.entry(code.as_str()).or_insert(next);
                let cap = crate::domain::EdtfDate::parse(on)
                    .ok()
                    .and_then(|d| d.latest())
                    .map(|d| d.0);
                (person, cap)
            })
            .collect();
        let mut cells: HashMap<Vec<String>, Cell> = HashMap::new();
        let year_at = by.iter().position(|d| *d == Dimension::Year);
        let others: Vec<Dimension> = by.iter().copied().filter(|d| *d != Dimension::Year).collect();
        for incident in &incidents {
            let (person, cap) = people[incident.interview as usize];
            // Every combination of the incident's values, one dimension after another.
            let mut keys: Vec<Vec<String>> = vec![Vec::with_capacity(by.len())];
            for dimension in &others {
                let options = values(incident, *dimension);
                if options.len() == 1 {
                    for key in &mut keys {
                        key.push(options[0].clone());
                    }
                    continue;
                }
                keys = keys
                    .into_iter()
                    .flat_map(|k| {
                        options.iter().map(move |v| {
                            let mut k = k.clone();
                            k.push(v.clone());
                            k
                        })
                    })
                    .collect();
            }
            let spans = match year_at {
                Some(_) => years(incident, cap),
                None => vec![(String::new(), true)],
            };
            for key in keys {
                for (year, certain) in &spans {
                    let mut key = key.clone();
                    if let Some(at) = year_at {
                        key.insert(at, year.clone());
                    }
                    let cell = cells.entry(key).or_default();
                    if *certain {
                        cell.incidents += 1;
                        cell.interviewees.insert(person);
                    } else {
                        cell.incidents_possible += 1;
                        cell.interviewees_possible.insert(person);
                    }
                }
            }
        }
        let mut rows: Vec<StatsRow> = cells
            .into_iter()
            .map(|(keys, cell)| StatsRow {
                keys,
                incidents: cell.incidents,
                interviewees: cell.interviewees.len() as u64,
                incidents_possible: cell.incidents_possible,
                interviewees_possible: cell.interviewees_possible.len() as u64,
            })
            .collect();
        rows.sort_by(|a, b| a.keys.cmp(&b.keys));
        Ok(Stats {
            by: by.to_vec(),
            rows,
            total_incidents: incidents.len() as u64,
            total_interviewees: codes.len() as u64,
            withdrawn: withdrawn.len() as u64,
        })
    }

    /// Writes `interviews.EXT` and `incidents.EXT` into `dir` (which must not hold them
    /// already), each atomically and durably. Unencrypted: front ends confirm first. With
    /// `with_text`, the narrative and incident descriptions come too.
    pub fn analysis_export(
        &self,
        dir: &Path,
        format: ExportFormat,
        with_text: bool,
    ) -> Result<AnalysisExport, VaultError> {
        self.require(Role::Headquarters, Operation::Analysis)?;
        // The consent in force: withdrawn interviews are left out, narrowed ones say so.
        let consented = self.facts_with_consent()?;
        let interviews = consented.interviews;
        let mut incidents = self.store.incident_facts()?;
        incidents.retain(|i| !consented.withdrawn.contains_key(&i.interview_id));
        let interviews_file = dir.join(format!("interviews.{}", format.extension()));
        let incidents_file = dir.join(format!("incidents.{}", format.extension()));
        for file in [&interviews_file, &incidents_file] {
            if file.exists() {
                return Err(VaultError::io(
                    IoAction::ExportAnalysis,
                    file,
                    std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                ));
            }
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for incident in &incidents {
            *counts.entry(incident.interview_id.as_str()).or_default() += 1;
        }
        // The texts, only when asked for, from each interview's newest revision.
        let texts: HashMap<String, (String, Vec<String>)> = if with_text {
            interviews
                .iter()
                .filter_map(|f| {
                    let record = self.show(&f.interview_id).ok()?.record?;
                    let interview = record.interview();
                    let descriptions = interview
                        .incidents
                        .iter()
                        .map(|i| i.description.clone().unwrap_or_default())
                        .collect();
                    Some((
                        f.interview_id.clone(),
                        (interview.narrative.clone(), descriptions),
                    ))
                })
                .collect()
        } else {
            HashMap::new()
        };
        let interview_rows = interviews.iter().map(|f| {
            let mut row = self.interview_row(
                f,
                counts.get(f.interview_id.as_str()).copied().unwrap_or(0),
                consented.changed.contains(&f.interview_id),
            );
            if with_text {
                let text = texts
                    .get(&f.interview_id)
                    .map(|t| t.0.clone())
                    .unwrap_or_default();
                row.push(("narrative", text));
            }
            row
        });
        let codes: HashMap<&str, &str> = interviews
            .iter()
            .map(|f| (f.interview_id.as_str(), f.code.as_str()))
            .collect();
        let incident_rows = incidents.iter().map(|i| {
            let mut row = self.incident_row(i, codes.get(i.interview_id.as_str()).copied().unwrap_or(""));
            if with_text {
                let text = texts
                    .get(&i.interview_id)
                    .and_then(|t| t.1.get(i.idx as usize).cloned())
                    .unwrap_or_default();
                row.push(("description", text));
            }
            row
        });
        write_table(&interviews_file, format, interview_rows)?;
        if let Err(error) = write_table(&incidents_file, format, incident_rows) {
            let _ = std::fs::remove_file(&interviews_file);
            return Err(error);
        }
        Ok(AnalysisExport {
            interviews_file,
            incidents_file,
            interviews: interviews.len(),
            incidents: incidents.len(),
            withdrawn: consented.withdrawn.len(),
            with_text,
        })
    }

    fn interview_row(
        &self,
        f: &InterviewFactRow,
        incident_count: usize,
        consent_changed: bool,
    ) -> Vec<(&'static str, String)> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        vec![
            ("code", f.code.clone()),
            ("interview_id", f.interview_id.clone()),
            ("revision_hash", text(&f.revision_hash)),
            ("device", text(&f.device)),
            ("interviewed_on", f.interviewed_on.clone()),
            ("gender", text(&f.gender)),
            ("birth_year", text(&f.birth_year)),
            ("birth_year_earliest", number(f.birth_earliest)),
            ("birth_year_latest", number(f.birth_latest)),
            ("origin", text(&f.origin)),
            ("current_country", text(&f.current_country)),
            ("consent_quote", f.quote.clone()),
            ("consent_share_with", f.share_with.replace(' ', ";")),
            ("consent_changed", consent_changed.to_string()),
            ("tags", f.tags.replace(' ', ";")),
            ("incident_count", incident_count.to_string()),
        ]
    }

    fn incident_row(&self, i: &IncidentFactRow, code: &str) -> Vec<(&'static str, String)> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let label = |kind: VocabKind, v: &str, lang: Lang| {
            if v.is_empty() {
                String::new()
            } else {
                self.vocabulary.label(kind, v, lang).to_owned()
            }
        };
        let labels = |kind: VocabKind, list: &str, lang: Lang| {
            list.split_whitespace()
                .map(|v| self.vocabulary.label(kind, v, lang))
                .collect::<Vec<_>>()
                .join(";")
        };
        let facility = text(&i.facility_type);
        let source = text(&i.source);
        vec![
            ("code", code.to_owned()),
            ("interview_id", i.interview_id.clone()),
            ("incident", (i.idx + 1).to_string()),
            ("kind", i.kind.clone()),
            ("kind_en", label(VocabKind::IncidentKind, &i.kind, Lang::En)),
            ("kind_ko", label(VocabKind::IncidentKind, &i.kind, Lang::Ko)),
            ("when", text(&i.when_edtf)),
            ("when_earliest", text(&i.earliest)),
            ("when_latest", text(&i.latest)),
            (
                "when_qualified",
                if i.qualified { "true" } else { "false" }.to_owned(),
            ),
            ("country", text(&i.country)),
            ("place", text(&i.place)),
            ("facility_type", facility.clone()),
            (
                "facility_type_en",
                label(VocabKind::FacilityType, &facility, Lang::En),
            ),
            (
                "facility_type_ko",
                label(VocabKind::FacilityType, &facility, Lang::Ko),
            ),
            ("facility_name", text(&i.facility_name)),
            ("perpetrators", i.perpetrators.replace(' ', ";")),
            (
                "perpetrators_en",
                labels(VocabKind::PerpetratorKind, &i.perpetrators, Lang::En),
            ),
            (
                "perpetrators_ko",
                labels(VocabKind::PerpetratorKind, &i.perpetrators, Lang::Ko),
            ),
            ("victims", i.victims.replace(' ', ";")),
            ("source", source.clone()),
            ("source_en", label(VocabKind::Source, &source, Lang::En)),
            ("source_ko", label(VocabKind::Source, &source, Lang::Ko)),
        ]
    }
}

/// Writes rows of (column, value) to `path` as CSV (a header line, then one line per row)
/// or JSON Lines (one object per row, columns in order), atomically and durably.
fn write_table(
    path: &Path,
    format: ExportFormat,
    rows: impl Iterator<Item = Vec<(&'static str, String)>>,
) -> Result<(), VaultError> {
    let mut rows = rows.peekable();
    let header: Vec<&str> = rows
        .peek()
        .map(|r| r.iter().map(|c| c.0).collect())
        .unwrap_or_default();
    crate::disk::atomic::write_atomic_with(path, |out| {
        match format {
            ExportFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                if !header.is_empty() {
                    csv.write_record(&header).map_err(std::io::Error::other)?;
                }
                for row in rows {
                    csv.write_record(row.iter().map(|c| c.1.as_str()))
                        .map_err(std::io::Error::other)?;
                }
                csv.flush()?;
            }
            ExportFormat::Jsonl => {
                for row in rows {
                    let object: serde_json::Map<String, serde_json::Value> = row
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v)))
                        .collect();
                    serde_json::to_writer(&mut *out, &object)?;
                    out.write_all(b"\n")?;
                }
            }
        }
        Ok(())
    })
    .map_err(|e| VaultError::io(IoAction::ExportAnalysis, path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Passphrase;

    fn pass() -> Passphrase {
        Passphrase::new("correct horse battery".into())
    }

    /// Headquarters holding the samples, delivered from a field vault.
    fn archive(dir: &Path) -> Vault {
        let mut hq = Vault::create(&dir.join("hq"), &pass(), Role::Headquarters, "HQ").unwrap();
        let mut field = Vault::create(&dir.join("field"), &pass(), Role::Field, "L").unwrap();
        crate::vault::identity::trust_each_other(&mut field, &mut hq);
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/samples");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(samples)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        field.add_interviews(&files).unwrap();
        field.seal_all_drafts().unwrap();
        let stick = dir.join("stick");
        std::fs::create_dir(&stick).unwrap();
        let bundle = field.export(&stick).unwrap().path;
        hq.import_bundles(&[bundle], None).unwrap();
        hq
    }

    #[test]
    fn facts_are_rebuilt_at_unlock_when_stale_and_give_the_same_counts() {
        let dir = tempfile::tempdir().unwrap();
        let hq = archive(dir.path());
        let before = hq.stats(&[Dimension::Kind, Dimension::Year]).unwrap();
        assert_eq!(before.total_interviewees, 6);
        assert!(before.total_incidents > 6);
        // The samples: "2012/2015" is possibly in each of four years, certainly in none.
        let exploitation: Vec<&StatsRow> = before
            .rows
            .iter()
            .filter(|r| r.keys[0] == "sexual_exploitation")
            .collect();
        assert!(
            exploitation
                .iter()
                .any(|r| r.keys[1] == "2013" && r.incidents == 0 && r.incidents_possible >= 1)
        );
        let mut hq = hq;
        hq.store
            .write(|tx| {
                tx.set_meta("facts_version", "0")?;
                tx.set_facts_for_test_clear()
            })
            .unwrap();
        drop(hq);
        let hq = Vault::unlock(&dir.path().join("hq"), &pass()).unwrap();
        let after = hq.stats(&[Dimension::Kind, Dimension::Year]).unwrap();
        assert_eq!(after.rows, before.rows);
    }

    #[test]
    fn a_field_vault_does_no_analysis() {
        let dir = tempfile::tempdir().unwrap();
        let field = Vault::create(&dir.path().join("f"), &pass(), Role::Field, "L").unwrap();
        assert!(matches!(field.stats(&[]), Err(VaultError::WrongRole { .. })));
    }
}
