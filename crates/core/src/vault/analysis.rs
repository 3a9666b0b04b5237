//! Headquarters' analysis of the archive: statistics by incident kind, year, country,
//! facility type and perpetrator, and analysis exports (CSV or JSON Lines) for analysts'
//! own tools. Both read the facts of each interview's newest revision (`store::facts`),
//! never the narrative unless an export asks for it.
//!
//! Uncertain dates are counted honestly: an incident is *certainly* in a year only if
//! every day its date may mean is in that year and the date is not marked approximate or
//! uncertain; otherwise it is *possibly* in each year it may touch. Nothing is spread by
//! guesswork, and the two counts are never added together.

use std::borrow::Cow;
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
        let counts = self.store.incident_counts()?;
        let count_of = |id: &str| counts.get(id).copied().unwrap_or(0);
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
        let labels = Labels::new(&self.vocabulary);
        let mut interview_columns = INTERVIEW_COLUMNS.to_vec();
        let mut incident_columns = INCIDENT_COLUMNS.to_vec();
        if with_text {
            interview_columns.push("narrative");
            incident_columns.push("description");
        }
        let interview_rows = interviews.iter().map(|f| {
            let mut row = interview_row(
                f,
                count_of(&f.interview_id),
                consented.changed.contains(&f.interview_id),
            );
            if with_text {
                row.push(Cow::Borrowed(
                    texts.get(&f.interview_id).map_or("", |t| t.0.as_str()),
                ));
            }
            row
        });
        // The interviews file is written on a second thread while the incidents are read.
        let (interviews_written, incidents_written) = std::thread::scope(|scope| {
            let interviews_written =
                scope.spawn(|| write_table(&interviews_file, format, &interview_columns, interview_rows));
            let incidents_written = (|| {
                // In key order; written in the interviews' code order, each interview's
                // incidents a range of the list.
                let mut incidents = self.store.incident_facts_in_key_order()?;
                incidents.retain(|i| !consented.withdrawn.contains_key(&i.interview_id));
                let mut ranges: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
                for (at, incident) in incidents.iter().enumerate() {
                    ranges
                        .entry(incident.interview_id.as_str())
                        .and_modify(|r| r.end = at + 1)
                        .or_insert(at..at + 1);
                }
                let range_of = |id: &str| ranges.get(id).cloned().unwrap_or(0..0);
                let rows = interviews.iter().flat_map(|f| {
                    incidents[range_of(&f.interview_id)].iter().map(|i| {
                        let mut row = incident_row(&labels, i, &f.code);
                        if with_text {
                            let text = texts
                                .get(&i.interview_id)
                                .and_then(|t| t.1.get(i.idx as usize))
                                .map_or("", String::as_str);
                            row.push(Cow::Borrowed(text));
                        }
                        row
                    })
                });
                write_table(&incidents_file, format, &incident_columns, rows)?;
                Ok::<usize, VaultError>(interviews.iter().map(|f| range_of(&f.interview_id).len()).sum())
            })();
            let interviews_written = interviews_written
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (interviews_written, incidents_written)
        });
        let written = interviews_written.and(incidents_written);
        let incidents = match written {
            Ok(incidents) => incidents,
            Err(error) => {
                // Both files or neither.
                let _ = std::fs::remove_file(&interviews_file);
                let _ = std::fs::remove_file(&incidents_file);
                return Err(error);
            }
        };
        Ok(AnalysisExport {
            interviews_file,
            incidents_file,
            interviews: interviews.len(),
            incidents,
            withdrawn: consented.withdrawn.len(),
            with_text,
        })
    }
}

/// One row of a table: the values of its columns, in order, borrowed where they can be.
type Row<'a> = Vec<Cow<'a, str>>;

/// Vocabulary labels by id, looked up once per value in the export's loop.
struct Labels<'a>(HashMap<(VocabKind, &'a str), &'a crate::domain::Term>);

impl<'a> Labels<'a> {
    fn new(vocabulary: &'a crate::domain::Vocabulary) -> Labels<'a> {
        let mut map = HashMap::new();
        for kind in [
            VocabKind::IncidentKind,
            VocabKind::FacilityType,
            VocabKind::PerpetratorKind,
            VocabKind::Source,
        ] {
            for term in vocabulary.terms(kind) {
                map.insert((kind, term.id.as_str()), term);
            }
        }
        Labels(map)
    }

    /// The label in `lang`, or the value itself when it is not in the vocabulary.
    fn of<'v>(&self, kind: VocabKind, value: &'v str, lang: Lang) -> Cow<'v, str>
    where
        'a: 'v,
    {
        match self.0.get(&(kind, value)) {
            Some(term) => Cow::Borrowed(term.label(lang)),
            None => Cow::Borrowed(value),
        }
    }

    /// The labels of a space-separated list, `;`-separated.
    fn list(&self, kind: VocabKind, values: &str, lang: Lang) -> String {
        values
            .split_whitespace()
            .map(|v| self.0.get(&(kind, v)).map_or(v, |t| t.label(lang)))
            .collect::<Vec<_>>()
            .join(";")
    }
}

fn text(value: &Option<String>) -> Cow<'_, str> {
    Cow::Borrowed(value.as_deref().unwrap_or(""))
}

fn number(value: Option<i64>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string()))
}

fn list(values: &str) -> Cow<'_, str> {
    if values.contains(' ') {
        Cow::Owned(values.replace(' ', ";"))
    } else {
        Cow::Borrowed(values)
    }
}

/// An interviews file row, in the order of [`INTERVIEW_COLUMNS`].
fn interview_row(f: &InterviewFactRow, incident_count: usize, consent_changed: bool) -> Row<'_> {
    vec![
        Cow::Borrowed(f.code.as_str()),
        Cow::Borrowed(f.interview_id.as_str()),
        text(&f.revision_hash),
        text(&f.device),
        Cow::Borrowed(f.interviewed_on.as_str()),
        text(&f.gender),
        text(&f.birth_year),
        number(f.birth_earliest),
        number(f.birth_latest),
        text(&f.origin),
        text(&f.current_country),
        Cow::Borrowed(f.quote.as_str()),
        list(&f.share_with),
        Cow::Borrowed(if consent_changed { "true" } else { "false" }),
        list(&f.tags),
        Cow::Owned(incident_count.to_string()),
    ]
}

/// An incidents file row, in the order of [`INCIDENT_COLUMNS`].
fn incident_row<'a>(labels: &Labels<'a>, i: &'a IncidentFactRow, code: &'a str) -> Row<'a> {
    let facility = i.facility_type.as_deref().unwrap_or("");
    let source = i.source.as_deref().unwrap_or("");
    let label = |kind: VocabKind, value: &'a str, lang: Lang| {
        if value.is_empty() {
            Cow::Borrowed("")
        } else {
            labels.of(kind, value, lang)
        }
    };
    vec![
        Cow::Borrowed(code),
        Cow::Borrowed(i.interview_id.as_str()),
        Cow::Owned((i.idx + 1).to_string()),
        Cow::Borrowed(i.kind.as_str()),
        label(VocabKind::IncidentKind, &i.kind, Lang::En),
        label(VocabKind::IncidentKind, &i.kind, Lang::Ko),
        text(&i.when_edtf),
        text(&i.earliest),
        text(&i.latest),
        Cow::Borrowed(if i.qualified { "true" } else { "false" }),
        text(&i.country),
        text(&i.place),
        Cow::Borrowed(facility),
        label(VocabKind::FacilityType, facility, Lang::En),
        label(VocabKind::FacilityType, facility, Lang::Ko),
        text(&i.facility_name),
        list(&i.perpetrators),
        Cow::Owned(labels.list(VocabKind::PerpetratorKind, &i.perpetrators, Lang::En)),
        Cow::Owned(labels.list(VocabKind::PerpetratorKind, &i.perpetrators, Lang::Ko)),
        list(&i.victims),
        Cow::Borrowed(source),
        label(VocabKind::Source, source, Lang::En),
        label(VocabKind::Source, source, Lang::Ko),
    ]
}

/// Writes a header and rows to `path` as CSV (a header line, then one line per row) or
/// JSON Lines (one object per row, columns in order), atomically and durably.
fn write_table<'a>(
    path: &Path,
    format: ExportFormat,
    columns: &[&str],
    rows: impl Iterator<Item = Row<'a>>,
) -> Result<(), VaultError> {
    crate::disk::atomic::write_atomic_with(path, |out| {
        match format {
            ExportFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(columns).map_err(std::io::Error::other)?;
                for row in rows {
                    debug_assert_eq!(row.len(), columns.len());
                    csv.write_record(row.iter().map(|c| c.as_ref()))
                        .map_err(std::io::Error::other)?;
                }
                csv.flush()?;
            }
            ExportFormat::Jsonl => {
                for row in rows {
                    let object: serde_json::Map<String, serde_json::Value> = columns
                        .iter()
                        .zip(row)
                        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.into_owned())))
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
