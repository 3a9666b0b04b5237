//! Headquarters' review beside the sealed revisions (schema v7): each annotation (a
//! status, a tag added or taken off, a note) is a row of history, and the current status
//! and tags of each interview and incident are kept in `review_state` for filters; the
//! reviewer's decisions on corroboration candidates are kept so none is offered twice.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, Tx};

/// One annotation as stored.
#[derive(Clone, serde::Serialize)]
pub struct AnnotationRow {
    pub id: i64,
    /// The incident's position from 0, or `None` for the interview itself.
    pub incident: Option<u32>,
    /// `status`, `tag`, `untag` or `note`.
    pub field: String,
    pub value: String,
    pub reviewer: String,
    pub at: String,
}

crate::redact::debug_redacted!(AnnotationRow { id, incident, field });

/// The current review of an interview or incident.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReviewState {
    pub status: String,
    pub tags: Vec<String>,
}

impl Default for ReviewState {
    fn default() -> Self {
        ReviewState {
            status: "new".into(),
            tags: Vec::new(),
        }
    }
}

/// Where an incident filter looks (all optional; given ones must all hold for one incident).
#[derive(Debug, Clone, Default)]
pub struct FactFilter {
    pub status: Option<String>,
    pub tag: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub facility_type: Option<String>,
    pub perpetrator: Option<String>,
    /// Incidents whose dates may fall on or after this day (`YYYY-MM-DD`)…
    pub from: Option<String>,
    /// …and on or before this one.
    pub to: Option<String>,
}

impl FactFilter {
    fn on_incidents(&self) -> bool {
        self.kind.is_some()
            || self.country.is_some()
            || self.facility_type.is_some()
            || self.perpetrator.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }
}

/// An interview a filter found: its id, code, review status and how many of its incidents
/// matched (all of them when no incident filter was given).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    pub interview_id: String,
    pub code: String,
    pub status: String,
    pub incidents: u32,
}

/// A decision taken on a corroboration candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub first: String,
    pub second: String,
    pub basis: String,
}

impl Store {
    pub fn annotations_of(&self, interview_id: &str) -> Result<Vec<AnnotationRow>> {
        let mut statement = self.conn.prepare(
            "SELECT id, incident, field, value, reviewer, at FROM annotations WHERE interview_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([interview_id], |r| {
            Ok(AnnotationRow {
                id: r.get(0)?,
                incident: r.get::<_, Option<i64>>(1)?.map(|i| i as u32),
                field: r.get(2)?,
                value: r.get(3)?,
                reviewer: r.get(4)?,
                at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn review_state(&self, interview_id: &str, incident: Option<u32>) -> Result<ReviewState> {
        let state = self
            .conn
            .query_row(
                "SELECT status, tags FROM review_state WHERE interview_id = ?1 AND incident = ?2",
                params![interview_id, incident.map_or(-1, i64::from)],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        Ok(
            state.map_or_else(ReviewState::default, |(status, tags)| ReviewState {
                status,
                tags: tags.split_whitespace().map(str::to_owned).collect(),
            }),
        )
    }

    /// The interviews that `filter` finds, by code. With incident conditions the query
    /// starts from the incidents that meet them (indexed by kind, country and facility
    /// type), so a narrow filter reads few rows.
    pub fn find(&self, filter: &FactFilter) -> Result<Vec<Found>> {
        let interview_clause = "(?1 IS NULL OR coalesce(s.status, 'new') = ?1)
               AND (?2 IS NULL
                    OR instr(' ' || f.tags || ' ', ' ' || ?2 || ' ') > 0
                    OR EXISTS (SELECT 1 FROM review_state t WHERE t.interview_id = f.interview_id
                               AND instr(t.tags, ' ' || ?2 || ' ') > 0))";
        let sql = if filter.on_incidents() {
            format!(
                "WITH matched AS (
                     SELECT i.interview_id, count(*) AS n FROM incident_facts i
                     WHERE (?3 IS NULL OR i.kind = ?3)
                       AND (?4 IS NULL OR i.country = ?4)
                       AND (?5 IS NULL OR i.facility_type = ?5)
                       AND (?6 IS NULL OR instr(' ' || i.perpetrators || ' ', ' ' || ?6 || ' ') > 0)
                       AND (?7 IS NULL OR (i.earliest IS NOT NULL OR i.latest IS NOT NULL) AND (i.latest IS NULL OR i.latest >= ?7))
                       AND (?8 IS NULL OR (i.earliest IS NOT NULL OR i.latest IS NOT NULL) AND (i.earliest IS NULL OR i.earliest <= ?8))
                     GROUP BY i.interview_id)
                 SELECT f.interview_id, f.code, coalesce(s.status, 'new'), m.n
                 FROM matched m JOIN interview_facts f ON f.interview_id = m.interview_id
                 LEFT JOIN review_state s ON s.interview_id = f.interview_id AND s.incident = -1
                 WHERE {interview_clause}
                 ORDER BY f.code, f.interview_id"
            )
        } else {
            format!(
                "SELECT f.interview_id, f.code, coalesce(s.status, 'new'),
                        (SELECT count(*) FROM incident_facts i WHERE i.interview_id = f.interview_id)
                 FROM interview_facts f
                 LEFT JOIN review_state s ON s.interview_id = f.interview_id AND s.incident = -1
                 WHERE {interview_clause} AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL AND ?6 IS NULL
                   AND ?7 IS NULL AND ?8 IS NULL
                 ORDER BY f.code, f.interview_id"
            )
        };
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(
            params![
                filter.status,
                filter.tag,
                filter.kind,
                filter.country,
                filter.facility_type,
                filter.perpetrator,
                filter.from,
                filter.to,
            ],
            |r| {
                Ok(Found {
                    interview_id: r.get(0)?,
                    code: r.get(1)?,
                    status: r.get(2)?,
                    incidents: r.get::<_, i64>(3)? as u32,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Corroboration candidates already confirmed or dismissed.
    pub fn decisions(&self) -> Result<Vec<(Decision, String)>> {
        let mut statement = self
            .conn
            .prepare("SELECT first, second, basis, decision FROM corroborations")?;
        let rows = statement.query_map([], |r| {
            Ok((
                Decision {
                    first: r.get(0)?,
                    second: r.get(1)?,
                    basis: r.get(2)?,
                },
                r.get(3)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

impl Tx<'_> {
    /// Records an annotation and brings the review state up to date with it.
    pub fn annotate(
        &mut self,
        interview_id: &str,
        incident: Option<u32>,
        field: &str,
        value: &str,
        reviewer: &str,
        at: &str,
    ) -> Result<i64> {
        let slot = incident.map_or(-1, i64::from);
        self.tx.execute(
            "INSERT INTO annotations(interview_id, incident, field, value, reviewer, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![interview_id, incident.map(i64::from), field, value, reviewer, at],
        )?;
        let id = self.tx.last_insert_rowid();
        self.tx.execute(
            "INSERT OR IGNORE INTO review_state(interview_id, incident, status, tags) VALUES (?1, ?2, 'new', '')",
            params![interview_id, slot],
        )?;
        let update = match field {
            "status" => "UPDATE review_state SET status = ?3 WHERE interview_id = ?1 AND incident = ?2",
            "tag" => {
                "UPDATE review_state SET tags = CASE WHEN instr(tags, ' ' || ?3 || ' ') > 0 THEN tags
                     WHEN tags = '' THEN ' ' || ?3 || ' ' ELSE tags || ?3 || ' ' END
                 WHERE interview_id = ?1 AND incident = ?2"
            }
            "untag" => {
                "UPDATE review_state SET tags = CASE WHEN replace(tags, ' ' || ?3 || ' ', ' ') = ' ' THEN ''
                     ELSE replace(tags, ' ' || ?3 || ' ', ' ') END
                 WHERE interview_id = ?1 AND incident = ?2"
            }
            _ => return Ok(id),
        };
        self.tx.execute(update, params![interview_id, slot, value])?;
        Ok(id)
    }

    pub fn decide(&mut self, decision: &Decision, verdict: &str, reviewer: &str, at: &str) -> Result<()> {
        self.tx.execute(
            "INSERT OR REPLACE INTO corroborations(first, second, basis, decision, reviewer, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![decision.first, decision.second, decision.basis, verdict, reviewer, at],
        )?;
        Ok(())
    }
}
