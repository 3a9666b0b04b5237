//! The analysis facts of each interview's newest revision (schema v7): one row per
//! interview and per incident, refreshed with the revision they come from and rebuilt
//! whole when the program's facts version changes. Statistics, filters and exports read
//! these typed rows instead of parsing every record.

use rusqlite::params;

use super::{Result, Store, Tx};
use crate::domain::facts::InterviewFacts;

/// What `facts_version` in `meta` must say for the facts to be current; raise it when
/// the extraction changes, and every vault rebuilds them at its next unlock.
pub const FACTS_VERSION: &str = "1";
const FACTS_VERSION_KEY: &str = "facts_version";

/// One interview's facts as stored.
#[derive(Clone)]
pub struct InterviewFactRow {
    pub interview_id: String,
    pub code: String,
    pub device: Option<String>,
    pub revision_hash: Option<String>,
    pub interviewed_on: String,
    pub gender: Option<String>,
    pub birth_year: Option<String>,
    pub birth_earliest: Option<i64>,
    pub birth_latest: Option<i64>,
    pub origin: Option<String>,
    pub current_country: Option<String>,
    pub quote: String,
    pub share_with: String,
    pub tags: String,
}

crate::redact::debug_redacted!(InterviewFactRow { interview_id, code });

/// An interview as statistics read it: (code, interviewed on).
pub type StatsInterview = (String, String);

/// What statistics read of one incident.
pub struct StatsFact {
    /// The interview's position in the list `stats_facts` returns with it.
    pub interview: u32,
    pub kind: String,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub qualified: bool,
    pub country: Option<String>,
    pub facility_type: Option<String>,
    pub perpetrators: String,
}

/// One incident's facts as stored.
#[derive(Clone)]
pub struct IncidentFactRow {
    pub interview_id: String,
    pub idx: u32,
    pub kind: String,
    pub when_edtf: Option<String>,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub qualified: bool,
    pub country: Option<String>,
    pub place: Option<String>,
    pub facility_type: Option<String>,
    pub facility_name: Option<String>,
    pub perpetrators: String,
    pub victims: String,
    pub source: Option<String>,
}

crate::redact::debug_redacted!(IncidentFactRow {
    interview_id,
    idx,
    kind
});

impl Store {
    /// Whether the facts were made by this program's extraction.
    pub fn facts_current(&self) -> Result<bool> {
        use super::Reads;
        Ok(self.meta(FACTS_VERSION_KEY)?.as_deref() == Some(FACTS_VERSION))
    }

    /// Every interview's facts, by code.
    pub fn interview_facts(&self) -> Result<Vec<InterviewFactRow>> {
        let mut statement = self.conn.prepare(
            "SELECT f.interview_id, f.code, f.device, r.hash, f.interviewed_on, f.gender, f.birth_year,
                    f.birth_earliest, f.birth_latest, f.origin, f.current_country, f.quote, f.share_with, f.tags
             FROM interview_facts f JOIN revisions r ON r.rowid = f.revision_rowid",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(InterviewFactRow {
                interview_id: r.get(0)?,
                code: r.get(1)?,
                device: r.get(2)?,
                revision_hash: r.get(3)?,
                interviewed_on: r.get(4)?,
                gender: r.get(5)?,
                birth_year: r.get(6)?,
                birth_earliest: r.get(7)?,
                birth_latest: r.get(8)?,
                origin: r.get(9)?,
                current_country: r.get(10)?,
                quote: r.get(11)?,
                share_with: r.get(12)?,
                tags: r.get(13)?,
            })
        })?;
        // Sorted here rather than by SQLite: faster than its sorter for wide rows.
        let mut facts = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        facts.sort_unstable_by(|a, b| (&a.code, &a.interview_id).cmp(&(&b.code, &b.interview_id)));
        Ok(facts)
    }

    /// What statistics need of every incident, compactly: (interview's index in
    /// `interviews`, kind, first day, last day, qualified, country, facility type,
    /// perpetrators), and the interviews as (code, interviewed on); without the
    /// interviews (ids) in `leave_out`.
    pub fn stats_facts(
        &self,
        leave_out: &std::collections::HashSet<String>,
    ) -> Result<(Vec<StatsInterview>, Vec<StatsFact>)> {
        let mut ids: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut interviews = Vec::new();
        {
            let mut statement = self
                .conn
                .prepare("SELECT interview_id, code, interviewed_on FROM interview_facts")?;
            let mut rows = statement.query([])?;
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                if leave_out.contains(&id) {
                    continue;
                }
                ids.insert(id, interviews.len() as u32);
                interviews.push((r.get(1)?, r.get(2)?));
            }
        }
        let mut facts = Vec::new();
        let mut statement = self.conn.prepare(
            "SELECT interview_id, kind, earliest, latest, qualified, country, facility_type, perpetrators FROM incident_facts",
        )?;
        let mut rows = statement.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let Some(&interview) = ids.get(&id) else { continue };
            facts.push(StatsFact {
                interview,
                kind: r.get(1)?,
                earliest: r.get(2)?,
                latest: r.get(3)?,
                qualified: r.get::<_, i64>(4)? != 0,
                country: r.get(5)?,
                facility_type: r.get(6)?,
                perpetrators: r.get(7)?,
            });
        }
        Ok((interviews, facts))
    }

    /// One interview's incidents' facts, in order.
    pub fn incident_facts_of(&self, interview_id: &str) -> Result<Vec<IncidentFactRow>> {
        self.incident_facts_where("WHERE i.interview_id = ?1", [interview_id])
    }

    /// Every incident's facts, by interview then position.
    pub fn incident_facts(&self) -> Result<Vec<IncidentFactRow>> {
        self.incident_facts_where("", [])
    }

    /// How many incidents each interview has (from the key's index alone).
    pub fn incident_counts(&self) -> Result<std::collections::HashMap<String, usize>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT interview_id, count(*) FROM incident_facts GROUP BY interview_id")?;
        let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every incident's facts in key order (interview id, position): the table is read
    /// in storage order (one pass over its pages) and sorted here, which is faster than
    /// following the key's index row by row.
    pub fn incident_facts_in_key_order(&self) -> Result<Vec<IncidentFactRow>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT interview_id, idx, kind, when_edtf, earliest, latest, qualified, country,
                    place, facility_type, facility_name, perpetrators, victims, source
             FROM incident_facts",
        )?;
        let rows = statement.query_map([], incident_fact)?;
        let mut facts = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        facts.sort_unstable_by(|a, b| (&a.interview_id, a.idx).cmp(&(&b.interview_id, b.idx)));
        Ok(facts)
    }

    fn incident_facts_where<P: rusqlite::Params>(
        &self,
        clause: &str,
        params: P,
    ) -> Result<Vec<IncidentFactRow>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT i.interview_id, i.idx, i.kind, i.when_edtf, i.earliest, i.latest, i.qualified, i.country,
                    i.place, i.facility_type, i.facility_name, i.perpetrators, i.victims, i.source
             FROM incident_facts i JOIN interview_facts f ON f.interview_id = i.interview_id
             {clause}
             ORDER BY f.code, i.interview_id, i.idx"
        ))?;
        let rows = statement.query_map(params, incident_fact)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// One `incident_facts` row, selected in the column order above.
fn incident_fact(r: &rusqlite::Row<'_>) -> rusqlite::Result<IncidentFactRow> {
    Ok(IncidentFactRow {
        interview_id: r.get(0)?,
        idx: r.get(1)?,
        kind: r.get(2)?,
        when_edtf: r.get(3)?,
        earliest: r.get(4)?,
        latest: r.get(5)?,
        qualified: r.get::<_, i64>(6)? != 0,
        country: r.get(7)?,
        place: r.get(8)?,
        facility_type: r.get(9)?,
        facility_name: r.get(10)?,
        perpetrators: r.get(11)?,
        victims: r.get(12)?,
        source: r.get(13)?,
    })
}

impl Tx<'_> {
    /// Replaces an interview's facts with those of its revision `revision_rowid`.
    pub fn set_facts(
        &mut self,
        interview_id: &str,
        revision_rowid: i64,
        device: Option<&str>,
        facts: &InterviewFacts,
    ) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM incident_facts WHERE interview_id = ?1")?
            .execute([interview_id])?;
        self.tx
            .prepare_cached(
                "INSERT OR REPLACE INTO interview_facts(interview_id, revision_rowid, code, device, interviewed_on,
                     gender, birth_year, birth_earliest, birth_latest, origin, current_country, quote, share_with, tags)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                interview_id,
                revision_rowid,
                facts.code,
                device,
                facts.interviewed_on,
                facts.gender,
                facts.birth_year,
                facts.birth_earliest,
                facts.birth_latest,
                facts.origin,
                facts.current_country,
                facts.quote,
                facts.share_with.join(" "),
                facts.tags.join(" "),
            ])?;
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO incident_facts(interview_id, idx, kind, when_edtf, earliest, latest, qualified, country,
                 place, facility_type, facility_name, perpetrators, victims, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for (idx, incident) in facts.incidents.iter().enumerate() {
            insert.execute(params![
                interview_id,
                idx as i64,
                incident.kind,
                incident.when,
                incident.earliest,
                incident.latest,
                i64::from(incident.qualified),
                incident.country,
                incident.place,
                incident.facility_type,
                incident.facility_name,
                incident.perpetrators.join(" "),
                incident.victims.join(" "),
                incident.source,
            ])?;
        }
        Ok(())
    }

    /// Empties the facts (tests: a vault from before they existed).
    #[cfg(test)]
    pub fn set_facts_for_test_clear(&mut self) -> Result<()> {
        self.tx
            .execute_batch("DELETE FROM incident_facts; DELETE FROM interview_facts;")?;
        Ok(())
    }

    /// Rebuilds every interview's facts from its newest revision that has content, with
    /// `extract` reading a revision's stored JSON (`None`: leave that interview out).
    pub fn rebuild_facts(
        &mut self,
        mut extract: impl FnMut(&str) -> Option<InterviewFacts>,
    ) -> Result<usize> {
        self.tx
            .execute_batch("DELETE FROM incident_facts; DELETE FROM interview_facts;")?;
        let latest: Vec<(String, i64, Option<String>, String)> = {
            let mut statement = self.tx.prepare(
                "SELECT r.interview_id, r.rowid, r.device, c.content
                 FROM revisions r JOIN revision_content c ON c.rowid = r.rowid
                 WHERE r.number = (SELECT max(number) FROM revisions r2 WHERE r2.interview_id = r.interview_id)",
            )?;
            let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut built = 0;
        for (interview_id, rowid, device, content) in latest {
            if let Some(facts) = extract(&content) {
                self.set_facts(&interview_id, rowid, device.as_deref(), &facts)?;
                built += 1;
            }
        }
        self.set_meta(FACTS_VERSION_KEY, FACTS_VERSION)?;
        Ok(built)
    }
}
