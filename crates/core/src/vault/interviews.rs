//! Interview operations of the façade: add, update, revise, seal, list, show, search.
//!
//! Every change is one transaction that writes the revision, its search-index entry and
//! an audit entry together; every input is validated in full before anything is written.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use serde::Serialize;
use serde_json::json;

use super::error::{Damage, InterviewRefusal, Missing};
use super::{Vault, VaultError, now};
use crate::audit::{self, Action};
use crate::crypto::digest::sha256_hex;
use crate::domain::{
    self, InterviewRecord, Lifecycle, Problem, ValidationError, ValidationErrors, Vocabulary,
};
use crate::store::Reads;
use crate::store::{self, NewRevision, RevisionRow};

/// An interview added by [`Vault::add_interviews`].
#[derive(Debug, Clone, Serialize)]
pub struct Added {
    pub id: String,
    pub code: String,
}

/// One line of `interview list`.
#[derive(Debug, Clone, Serialize)]
pub struct InterviewSummary {
    pub id: String,
    pub code: String,
    pub revision: u32,
    pub state: Lifecycle,
    pub interviewed_on: Option<String>,
    pub hash: Option<String>,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bundle_id: Option<String>,
}

/// One revision in the history of an interview.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionInfo {
    pub revision: u32,
    pub state: Lifecycle,
    pub hash: Option<String>,
    pub previous_hash: Option<String>,
    pub created_at: String,
    pub sealed_at: Option<String>,
}

/// Everything `interview show` displays.
pub struct InterviewView {
    pub summary: InterviewSummary,
    pub history: Vec<RevisionInfo>,
    /// `None` once the content has been wiped.
    pub record: Option<InterviewRecord>,
}

/// A short excerpt around a match; `highlights` are byte ranges into `text`.
#[derive(Clone, Serialize)]
pub struct Snippet {
    pub field: &'static str,
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

crate::redact::debug_redacted!(Snippet { field, highlights });

#[derive(Clone, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub code: String,
    pub revision: u32,
    pub state: Lifecycle,
    pub snippets: Vec<Snippet>,
}

crate::redact::debug_redacted!(SearchHit {
    id,
    code,
    revision,
    state
});

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub role: super::Role,
    pub interviews: u64,
    /// Revisions in each lifecycle state (every state listed, zero included).
    pub revisions: BTreeMap<&'static str, u64>,
}

/// How long a snippet's context is on each side of the match, in characters.
const SNIPPET_CONTEXT: usize = 60;

/// An interview ready to store: validated, serialized and tokenized off the write path.
struct Prepared<'a> {
    label: &'a str,
    id: String,
    code: String,
    canonical: String,
    tokens: String,
    /// The payload of its `interview_created` audit entry.
    audit_payload: String,
}

impl<'a> Prepared<'a> {
    fn from(label: &'a str, record: InterviewRecord) -> Self {
        Prepared {
            label,
            id: uuid::Uuid::new_v4().to_string(),
            code: record.code().to_owned(),
            canonical: record.canonical_json(),
            tokens: store::search_tokens(&record.search_fields()),
            audit_payload: json!({ "code": record.code(), "revision": 1 }).to_string(),
        }
    }
}

/// What parsing one input file gave.
type Parsed<'a> = Result<Vec<Prepared<'a>>, ValidationErrors>;

/// Parses and prepares `files` on up to as many threads as there are cores, and hands the
/// results to `consume` in file order while later files are still being parsed, so that
/// the single database writer works at the same time as the parsers. `consume` runs on
/// the calling thread; if it returns early, the parsers stop.
fn parse_pipelined<'f, T>(
    files: &'f [(String, Vec<u8>)],
    vocabulary: &Vocabulary,
    consume: impl FnOnce(&mut dyn Iterator<Item = Parsed<'f>>) -> T,
) -> T {
    let parse = |(label, bytes): &'f (String, Vec<u8>)| -> Parsed<'f> {
        domain::parse_interviews(label, bytes, vocabulary).map(|records| {
            records
                .into_iter()
                .map(|r| Prepared::from(label.as_str(), r))
                .collect()
        })
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if workers <= 1 {
        return consume(&mut files.iter().map(parse));
    }
    let next = AtomicUsize::new(0);
    // A few files in flight per parser: enough to keep the writer busy, bounded in memory.
    let (sender, receiver) = mpsc::sync_channel::<(usize, Parsed<'f>)>(2 * workers);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, parse) = (&next, &parse);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    if sender.send((i, parse(file))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting: BTreeMap<usize, Parsed<'f>> = BTreeMap::new();
        let mut wanted = 0;
        let mut in_order = std::iter::from_fn(|| {
            loop {
                if let Some(parsed) = waiting.remove(&wanted) {
                    wanted += 1;
                    return Some(parsed);
                }
                if wanted == files.len() {
                    return None;
                }
                // Every sender gone before every file arrived: a parser panicked. Panic
                // here too (the transaction rolls back; the scope re-raises the parser's
                // panic), rather than end early and commit part of the import.
                let Ok((i, parsed)) = receiver.recv() else {
                    panic!("a parsing thread stopped before the import was complete");
                };
                waiting.insert(i, parsed);
            }
        });
        let result = consume(&mut in_order);
        // Stops the parsers if `consume` returned early (their next send fails).
        drop(receiver);
        result
    })
}

fn summary_of(row: &RevisionRow) -> InterviewSummary {
    let interviewed_on = row
        .content
        .as_deref()
        .and_then(|c| serde_json::from_str::<serde_json::Value>(c).ok())
        .and_then(|v| {
            v.get("interviewed_on")
                .and_then(|d| d.as_str())
                .map(str::to_owned)
        });
    InterviewSummary {
        id: row.interview_id.clone(),
        code: row.code.clone(),
        revision: row.number,
        state: row.state,
        interviewed_on,
        hash: row.hash.clone(),
        updated_at: row.updated_at.clone(),
        device: row.device.clone(),
        bundle_id: row.bundle_id.clone(),
    }
}

/// Inserts one new interview (revision 1, a draft), its search entry and audit entry.
fn store_new(tx: &mut store::Tx<'_>, at: &str, record: Prepared<'_>) -> Result<Added, VaultError> {
    tx.insert_interview(&record.id, &record.code, None, at)?;
    let rowid = tx.insert_revision(&NewRevision {
        interview_id: &record.id,
        number: 1,
        previous_hash: None,
        state: Lifecycle::Draft,
        content: &record.canonical,
        hash: None,
        now: at,
        device: None,
        bundle_id: None,
    })?;
    tx.index_new_tokens(rowid, &record.tokens)?;
    audit::append_text(tx, at, Action::InterviewCreated, &record.id, record.audit_payload)?;
    Ok(Added {
        id: record.id,
        code: record.code,
    })
}

impl Vault {
    /// Validates every interview in every file and stores them all in one transaction:
    /// all of them, or (on any error) none. `files` are (label, bytes) pairs; the label
    /// names the file in error messages.
    ///
    /// Parsing and validation run on every core while the writer already inserts the
    /// interviews of the files validated so far, inside the one transaction; an error in
    /// any file rolls everything back, so nothing of an invalid import is ever committed.
    /// Errors are reported as if every file had been validated before writing: every
    /// validation error of every file; else every code used twice in the import; else the
    /// first code already in the vault.
    pub fn add_interviews(&mut self, files: &[(String, Vec<u8>)]) -> Result<Vec<Added>, VaultError> {
        let at = now();
        let store = &mut self.store;
        parse_pipelined(files, &self.vocabulary, |parsed| {
            store.write(|tx| {
                let mut added = Vec::new();
                let mut errors = Vec::new();
                let mut duplicates = Vec::new();
                let mut conflict = None;
                let mut seen: HashMap<String, &str> = HashMap::new();
                for ((label, _), result) in files.iter().zip(parsed) {
                    let records = match result {
                        Ok(found) if found.is_empty() => {
                            errors.push(ValidationError::new(label.clone(), Problem::EmptyList));
                            continue;
                        }
                        Ok(found) => found,
                        Err(ValidationErrors(found)) => {
                            errors.extend(found);
                            continue;
                        }
                    };
                    for record in records {
                        if let Some(first) = seen.insert(record.code.clone(), record.label) {
                            duplicates.push(ValidationError::new(
                                format!("{}: code", record.label),
                                Problem::CodeTwiceInImport {
                                    code: domain::quote::quote(&record.code),
                                    first: first.to_owned(),
                                },
                            ));
                        }
                        // Once anything is wrong, the rest is only validated: the
                        // transaction will be rolled back.
                        if !errors.is_empty() || !duplicates.is_empty() || conflict.is_some() {
                            continue;
                        }
                        if tx.interview_id_by_code(&record.code)?.is_some() {
                            conflict = Some(VaultError::Interview(InterviewRefusal::CodeInVault {
                                file: record.label.to_owned(),
                                code: domain::quote::quote(&record.code),
                            }));
                            continue;
                        }
                        added.push(store_new(tx, &at, record)?);
                    }
                }
                if !errors.is_empty() {
                    return Err(ValidationErrors(errors).into());
                }
                if !duplicates.is_empty() {
                    return Err(ValidationErrors(duplicates).into());
                }
                if let Some(conflict) = conflict {
                    return Err(conflict);
                }
                Ok(added)
            })
        })
    }

    /// Finds an interview by its code, its full id, or a unique id prefix (8+ characters).
    pub fn resolve(&self, selector: &str) -> Result<String, VaultError> {
        let by_code = self.store.interview_ids_by_code(selector)?;
        match by_code.as_slice() {
            [(id, _)] => return Ok(id.clone()),
            [] => {}
            several => {
                // Headquarters: devices used the same code; both interviews are kept.
                let ids = several
                    .iter()
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(VaultError::Interview(InterviewRefusal::CodeOnSeveralDevices {
                    code: domain::quote::quote(selector),
                    count: several.len(),
                    ids,
                }));
            }
        }
        let lower = selector.to_ascii_lowercase();
        if self.store.interview_exists(&lower)? {
            return Ok(lower);
        }
        if lower.len() >= 8 && lower.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            let matches = self.store.interview_ids_with_prefix(&lower)?;
            match matches.len() {
                1 => return Ok(matches.into_iter().next().unwrap_or_default()),
                n if n > 1 => {
                    return Err(VaultError::NotFound(Missing::SeveralInterviews {
                        selector: selector.to_owned(),
                    }));
                }
                _ => {}
            }
        }
        Err(VaultError::NotFound(Missing::Interview {
            selector: selector.to_owned(),
        }))
    }

    pub(super) fn latest(&self, interview_id: &str) -> Result<RevisionRow, VaultError> {
        self.store.latest_revision(interview_id)?.ok_or_else(|| {
            VaultError::Damaged(Damage::NoRevisions {
                interview: interview_id.to_owned(),
            })
        })
    }

    fn parse_one(&self, label: &str, bytes: &[u8]) -> Result<InterviewRecord, VaultError> {
        let mut records = domain::parse_interviews(label, bytes, &self.vocabulary)?;
        if records.len() != 1 {
            return Err(
                ValidationErrors::one(label, Problem::NotOneInterview { count: records.len() }).into(),
            );
        }
        Ok(records.remove(0))
    }

    /// For a change to an interview: its id, the new content (validated) and its latest
    /// revision as stored.
    fn incoming_revision(
        &self,
        selector: &str,
        label: &str,
        bytes: &[u8],
    ) -> Result<(String, InterviewRecord, RevisionRow), VaultError> {
        let id = self.resolve(selector)?;
        let record = self.parse_one(label, bytes)?;
        let latest = self.latest(&id)?;
        Ok((id, record, latest))
    }

    fn check_code_free(&self, interview_id: &str, code: &str) -> Result<(), VaultError> {
        match self.store.interview_id_by_code(code)? {
            Some(other) if other != interview_id => Err(VaultError::Interview(InterviewRefusal::CodeTaken {
                code: domain::quote::quote(code),
            })),
            _ => Ok(()),
        }
    }

    /// Replaces the content of a draft. Sealed interviews are refused; see [`Vault::revise`].
    pub fn update_draft(
        &mut self,
        selector: &str,
        label: &str,
        bytes: &[u8],
    ) -> Result<InterviewSummary, VaultError> {
        let (id, record, latest) = self.incoming_revision(selector, label, bytes)?;
        if latest.state != Lifecycle::Draft {
            return Err(VaultError::Interview(InterviewRefusal::Fixed {
                code: latest.code.clone(),
                revision: latest.number,
                state: latest.state,
            }));
        }
        self.check_code_free(&id, record.code())?;
        let at = now();
        self.store.write(|tx| {
            tx.set_code(&id, record.code())?;
            tx.update_draft_content(latest.rowid, &record.canonical_json(), &at)?;
            tx.index_revision(latest.rowid, &record.search_fields())?;
            audit::append(
                tx,
                &at,
                Action::DraftUpdated,
                &id,
                json!({ "code": record.code(), "revision": latest.number }),
            )?;
            Ok::<_, VaultError>(())
        })?;
        Ok(summary_of(&self.latest(&id)?))
    }

    /// Starts a correction of a sealed interview: a new draft revision naming the old hash.
    pub fn revise(
        &mut self,
        selector: &str,
        label: &str,
        bytes: &[u8],
    ) -> Result<InterviewSummary, VaultError> {
        let (id, record, latest) = self.incoming_revision(selector, label, bytes)?;
        match latest.state {
            Lifecycle::Draft => {
                return Err(VaultError::Interview(InterviewRefusal::StillDraft {
                    code: latest.code.clone(),
                    revision: latest.number,
                }));
            }
            Lifecycle::Wiped => {
                return Err(VaultError::Interview(InterviewRefusal::WipedAfterDelivery {
                    code: latest.code.clone(),
                }));
            }
            _ => {}
        }
        self.check_code_free(&id, record.code())?;
        let at = now();
        let number = latest.number + 1;
        self.store.write(|tx| {
            tx.set_code(&id, record.code())?;
            let rowid = tx.insert_revision(&NewRevision {
                interview_id: &id,
                number,
                previous_hash: latest.hash.as_deref(),
                state: Lifecycle::Draft,
                content: &record.canonical_json(),
                hash: None,
                now: &at,
                device: None,
                bundle_id: None,
            })?;
            tx.unindex_revision(latest.rowid)?;
            tx.index_revision(rowid, &record.search_fields())?;
            audit::append(
                tx,
                &at,
                Action::RevisionCreated,
                &id,
                json!({ "code": record.code(), "revision": number, "previous": latest.hash }),
            )?;
            Ok::<_, VaultError>(())
        })?;
        Ok(summary_of(&self.latest(&id)?))
    }

    /// Seals the latest draft of each selected interview. All or nothing.
    pub fn seal(&mut self, selectors: &[String]) -> Result<Vec<InterviewSummary>, VaultError> {
        let mut ids = Vec::new();
        for selector in selectors {
            let id = self.resolve(selector)?;
            let latest = self.latest(&id)?;
            if latest.state != Lifecycle::Draft {
                return Err(VaultError::Interview(InterviewRefusal::AlreadySealed {
                    code: latest.code.clone(),
                    revision: latest.number,
                    state: latest.state,
                    hash: latest.hash.clone(),
                }));
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        self.seal_ids(&ids)
    }

    /// Seals every interview whose latest revision is a draft.
    pub fn seal_all_drafts(&mut self) -> Result<Vec<InterviewSummary>, VaultError> {
        let ids: Vec<String> = self
            .store
            .list_latest(Some(Lifecycle::Draft))?
            .into_iter()
            .map(|r| r.interview_id)
            .collect();
        self.seal_ids(&ids)
    }

    fn seal_ids(&mut self, ids: &[String]) -> Result<Vec<InterviewSummary>, VaultError> {
        let at = now();
        let vocabulary = self.vocabulary.clone();
        self.store.write(|tx| {
            for id in ids {
                let latest = tx.latest_revision(id)?.ok_or_else(|| {
                    VaultError::Damaged(Damage::NoRevisions {
                        interview: id.clone(),
                    })
                })?;
                let value: serde_json::Value =
                    serde_json::from_str(latest.content.as_deref().unwrap_or("null")).map_err(|_| {
                        VaultError::Damaged(Damage::RevisionUnreadable {
                            code: latest.code.clone(),
                            revision: latest.number,
                        })
                    })?;
                let record = InterviewRecord::from_value(value, &vocabulary)?;
                let input =
                    domain::revision_hash_input(id, latest.number, latest.previous_hash.as_deref(), &record);
                let hash = sha256_hex(&input);
                tx.seal_revision(latest.rowid, &hash, &at)?;
                audit::append(
                    tx,
                    &at,
                    Action::Sealed,
                    id,
                    json!({ "code": latest.code, "revision": latest.number, "hash": hash }),
                )?;
            }
            Ok::<_, VaultError>(())
        })?;
        ids.iter().map(|id| Ok(summary_of(&self.latest(id)?))).collect()
    }

    /// The latest revision of every interview, optionally only those in one state.
    pub fn list(&self, state: Option<Lifecycle>) -> Result<Vec<InterviewSummary>, VaultError> {
        Ok(self.store.list_latest(state)?.iter().map(summary_of).collect())
    }

    /// One interview with its history and (unless wiped) its content.
    pub fn show(&self, selector: &str) -> Result<InterviewView, VaultError> {
        let id = self.resolve(selector)?;
        let revisions = self.store.revisions_of(&id)?;
        let latest = revisions.last().ok_or_else(|| {
            VaultError::Damaged(Damage::NoRevisions {
                interview: id.clone(),
            })
        })?;
        let record = match &latest.content {
            Some(content) => {
                let value = serde_json::from_str(content).map_err(|_| {
                    VaultError::Damaged(Damage::RevisionUnreadable {
                        code: latest.code.clone(),
                        revision: latest.number,
                    })
                })?;
                Some(InterviewRecord::from_value(value, &self.vocabulary)?)
            }
            None => None,
        };
        Ok(InterviewView {
            summary: summary_of(latest),
            history: revisions
                .iter()
                .map(|r| RevisionInfo {
                    revision: r.number,
                    state: r.state,
                    hash: r.hash.clone(),
                    previous_hash: r.previous_hash.clone(),
                    created_at: r.created_at.clone(),
                    sealed_at: r.sealed_at.clone(),
                })
                .collect(),
            record,
        })
    }

    /// Full-text search over codes, narratives, incident descriptions, places, facilities
    /// and tags; Korean nouns match inside longer words.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, VaultError> {
        let terms = store::highlight_terms(query);
        // The index matches tokens, not exact sequences: fetch extra and confirm each hit
        // against the text itself.
        let rows = self
            .store
            .search(query, limit.saturating_mul(2).saturating_add(10))?;
        let mut hits = Vec::with_capacity(limit);
        for row in rows {
            if hits.len() == limit {
                break;
            }
            let revision = row.revision;
            let Some(record) = revision
                .content
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok())
                .and_then(|value| InterviewRecord::from_value(value, &self.vocabulary).ok())
            else {
                continue;
            };
            let fields = record.search_fields();
            let labelled = [
                ("narrative", &fields.narrative),
                ("incidents", &fields.incidents),
                ("places", &fields.places),
                ("facilities", &fields.facilities),
                ("tags", &fields.tags),
                ("code", &fields.code),
            ];
            let all_lower: String = labelled.iter().map(|(_, t)| t.to_lowercase() + "\n").collect();
            if !store::contains_all(&all_lower, &terms) {
                continue;
            }
            let mut snippets = Vec::new();
            for (field, text) in labelled {
                if let Some((text, highlights)) = store::snippet(text, &terms, SNIPPET_CONTEXT) {
                    snippets.push(Snippet {
                        field,
                        text,
                        highlights,
                    });
                    if snippets.len() == 2 {
                        break;
                    }
                }
            }
            hits.push(SearchHit {
                id: revision.interview_id,
                code: revision.code,
                revision: revision.number,
                state: revision.state,
                snippets,
            });
        }
        Ok(hits)
    }

    /// Counts of interviews and of revisions by lifecycle state.
    pub fn status(&self) -> Result<StatusReport, VaultError> {
        let mut revisions: BTreeMap<&'static str, u64> =
            Lifecycle::ALL.iter().map(|s| (s.as_str(), 0)).collect();
        for (state, n) in self.store.count_by_state()? {
            revisions.insert(state.as_str(), n);
        }
        Ok(StatusReport {
            role: self.role,
            interviews: self.store.interview_count()?,
            revisions,
        })
    }
}
