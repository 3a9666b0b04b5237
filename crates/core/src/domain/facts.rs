//! The coded facts of an interview, as analysis needs them: vocabulary values, places,
//! and each EDTF date as the first and last day it may mean, with whether it was
//! qualified as approximate or uncertain. Statistics, filters and analysis exports read
//! these, never the narrative. Derived from the record; nothing here is stored twice in
//! a way that could disagree (the store rebuilds them from the revisions).

use super::edtf::{EdtfDate, Ymd};
use super::interview::Interview;

/// One interview's facts.
#[derive(Clone, PartialEq, Eq)]
pub struct InterviewFacts {
    pub code: String,
    pub interviewed_on: String,
    pub gender: Option<String>,
    pub birth_year: Option<String>,
    pub birth_earliest: Option<i64>,
    pub birth_latest: Option<i64>,
    pub origin: Option<String>,
    pub current_country: Option<String>,
    pub quote: String,
    pub share_with: Vec<String>,
    pub tags: Vec<String>,
    pub incidents: Vec<IncidentFacts>,
}

crate::redact::debug_redacted!(InterviewFacts { code });

/// One incident's facts.
#[derive(Clone, PartialEq, Eq)]
pub struct IncidentFacts {
    pub kind: String,
    pub when: Option<String>,
    /// First and last day the date may mean, `YYYY-MM-DD`; `None` if open or unknown.
    pub earliest: Option<String>,
    pub latest: Option<String>,
    /// Marked approximate (`~`), uncertain (`?`) or both (`%`).
    pub qualified: bool,
    pub country: Option<String>,
    pub place: Option<String>,
    pub facility_type: Option<String>,
    pub facility_name: Option<String>,
    pub perpetrators: Vec<String>,
    pub victims: Vec<String>,
    pub source: Option<String>,
}

crate::redact::debug_redacted!(IncidentFacts { kind });

impl InterviewFacts {
    pub fn of(interview: &Interview) -> InterviewFacts {
        let person = interview.interviewee.as_ref();
        let birth = person.and_then(|p| p.birth_year.as_ref());
        InterviewFacts {
            code: interview.code.clone(),
            interviewed_on: interview.interviewed_on.as_str().to_owned(),
            gender: person.and_then(|p| p.gender.clone()),
            birth_year: birth.map(|b| b.as_str().to_owned()),
            birth_earliest: birth.and_then(|b| b.date().earliest()).map(|d| d.0),
            birth_latest: birth.and_then(|b| b.date().latest()).map(|d| d.0),
            origin: person.and_then(|p| p.origin.clone()),
            current_country: person.and_then(|p| p.current_country.clone()),
            quote: interview.consent.quote.clone(),
            share_with: interview.consent.share_with.clone(),
            tags: interview.tags.clone(),
            incidents: interview
                .incidents
                .iter()
                .map(|incident| IncidentFacts {
                    kind: incident.kind.clone(),
                    when: incident.when.as_ref().map(|w| w.as_str().to_owned()),
                    earliest: incident.when.as_ref().and_then(EdtfDate::earliest).map(day),
                    latest: incident.when.as_ref().and_then(EdtfDate::latest).map(day),
                    qualified: incident.when.as_ref().is_some_and(is_qualified),
                    country: incident.location.as_ref().and_then(|l| l.country.clone()),
                    place: incident.location.as_ref().and_then(|l| l.place.clone()),
                    facility_type: incident.facility.as_ref().and_then(|f| f.kind.clone()),
                    facility_name: incident.facility.as_ref().and_then(|f| f.name.clone()),
                    perpetrators: incident.perpetrators.iter().map(|p| p.kind.clone()).collect(),
                    victims: incident.victims.iter().map(|v| v.who.clone()).collect(),
                    source: incident.source.clone(),
                })
                .collect(),
        }
    }
}

/// Approximate, uncertain or both, anywhere in the date.
pub fn is_qualified(date: &EdtfDate) -> bool {
    date.as_str().contains(['~', '?', '%'])
}

/// A real calendar day as `YYYY-MM-DD` (EDTF bounds take every month end as the 31st).
pub fn day((year, month, day): Ymd) -> String {
    let last = days_in_month(year, month);
    let sign = if year < 0 { "-" } else { "" };
    format!("{sign}{:04}-{month:02}-{:02}", year.abs(), day.min(last))
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The year of a `YYYY-MM-DD` day.
pub fn year_of(day: &str) -> Option<i64> {
    let (sign, rest) = day.strip_prefix('-').map_or((1, day), |r| (-1, r));
    rest.split('-').next()?.parse::<i64>().ok().map(|y| sign * y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(s: &str) -> (Option<String>, Option<String>, bool) {
        let date = EdtfDate::parse(s).unwrap();
        (
            date.earliest().map(day),
            date.latest().map(day),
            is_qualified(&date),
        )
    }

    #[test]
    fn dates_become_real_first_and_last_days() {
        assert_eq!(
            bounds("2008-11"),
            (Some("2008-11-01".into()), Some("2008-11-30".into()), false)
        );
        assert_eq!(
            bounds("2008-02"),
            (Some("2008-02-01".into()), Some("2008-02-29".into()), false)
        );
        assert_eq!(
            bounds("2014~"),
            (Some("2014-01-01".into()), Some("2014-12-31".into()), true)
        );
        assert_eq!(
            bounds("2012?"),
            (Some("2012-01-01".into()), Some("2012-12-31".into()), true)
        );
        assert_eq!(
            bounds("2015/2017"),
            (Some("2015-01-01".into()), Some("2017-12-31".into()), false)
        );
        assert_eq!(
            bounds("201X"),
            (Some("2010-01-01".into()), Some("2019-12-31".into()), false)
        );
        assert_eq!(bounds("2015/.."), (Some("2015-01-01".into()), None, false));
        assert_eq!(year_of("2014-03-02"), Some(2014));
    }
}
