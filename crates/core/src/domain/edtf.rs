//! Dates as testimonies give them: EDTF (ISO 8601-2) levels 0 and 1.
//!
//! Why this exists: people remember "winter 2010", "around 2014", "between 2015 and 2017".
//! EDTF records that honestly (`2010-24`, `2014~`, `2015/2017`) instead of forcing a false
//! precision. Parsing is done by the `edtf` crate (level 1), which handles calendar ranges
//! (`2014-02-30` is rejected), qualifiers, unspecified digits and seasons; on top of it this
//! module rejects intervals that end before they start (`2019/2015`, which the crate
//! accepts), keeps the exact original text for display and storage, and offers the stricter
//! year-only form used for birth years.

use std::fmt;

use edtf::level_1::{Edtf, Precision};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::quote::quote;
use crate::explain::{Explain, Explanation};

/// A calendar point `(year, month, day)`, used for ordering and bounds.
pub type Ymd = (i64, u32, u32);

/// A validated EDTF date. [`fmt::Display`] and [`EdtfDate::as_str`] give back the exact
/// original text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EdtfDate {
    text: String,
    parsed: Edtf,
}

/// Why a string is not an acceptable EDTF date.
/// A value that is not an EDTF date (or year). It quotes the value, cut short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdtfError {
    /// The value, quoted and cut to a few dozen characters.
    pub value: String,
    pub why: DateProblem,
}

/// Why a value is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateProblem {
    Empty,
    /// A month, day or season is out of range.
    OutOfRange,
    /// Not written as EDTF.
    Syntax,
    /// The interval ends before it starts.
    EndsBeforeStart,
    /// A date where a year is wanted.
    NotAYear,
}

impl DateProblem {
    /// The catalogue's selector.
    pub fn id(self) -> &'static str {
        match self {
            DateProblem::Empty => "empty",
            DateProblem::OutOfRange => "range",
            DateProblem::Syntax => "syntax",
            DateProblem::EndsBeforeStart => "backwards",
            DateProblem::NotAYear => "year",
        }
    }
}

impl Explain for EdtfError {
    fn explain(&self) -> Explanation {
        let id = if self.why == DateProblem::NotAYear {
            "edtf-not-a-year"
        } else {
            "edtf-not-a-date"
        };
        Explanation::new(id)
            .text("value", &self.value)
            .text("why", self.why.id())
    }
}

crate::explain::display_in_english!(EdtfError);

impl std::error::Error for EdtfError {}

impl EdtfDate {
    /// Parse an EDTF level 0/1 date, date-time or interval.
    pub fn parse(s: &str) -> Result<EdtfDate, EdtfError> {
        let fail = |why| EdtfError { value: quote(s), why };
        if s.is_empty() {
            return Err(fail(DateProblem::Empty));
        }
        let parsed = match Edtf::parse(s) {
            Ok(p) => p,
            Err(edtf::ParseError::OutOfRange) => return Err(fail(DateProblem::OutOfRange)),
            Err(_) => return Err(fail(DateProblem::Syntax)),
        };
        if let Edtf::Interval(a, b) = parsed
            && date_bounds(&b).1 < date_bounds(&a).0
        {
            return Err(fail(DateProblem::EndsBeforeStart));
        }
        Ok(EdtfDate {
            text: s.to_owned(),
            parsed,
        })
    }

    /// Parse an EDTF *year*: `1991`, `1991~`, `1991?`, `1991%`, `199X`, `19XX`.
    pub fn parse_year(s: &str) -> Result<EdtfDate, EdtfError> {
        let not_year = || EdtfError {
            value: quote(s),
            why: DateProblem::NotAYear,
        };
        let d = EdtfDate::parse(s).map_err(|_| not_year())?;
        if d.is_year() { Ok(d) } else { Err(not_year()) }
    }

    /// The original text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is a single year (possibly qualified or with unspecified digits).
    pub fn is_year(&self) -> bool {
        match self.parsed {
            Edtf::Date(d) => matches!(
                d.precision(),
                Precision::Year(_) | Precision::Decade(_) | Precision::Century(_)
            ),
            _ => false,
        }
    }

    /// Whether this is an interval (`2015/2017`, `2015/..`, `/2017`).
    pub fn is_interval(&self) -> bool {
        matches!(
            self.parsed,
            Edtf::Interval(..) | Edtf::IntervalFrom(..) | Edtf::IntervalTo(..)
        )
    }

    /// Earliest day this date could mean; `None` for an open or unknown start.
    pub fn earliest(&self) -> Option<Ymd> {
        match self.parsed {
            Edtf::Date(d) | Edtf::Interval(d, _) | Edtf::IntervalFrom(d, _) => Some(date_bounds(&d).0),
            Edtf::IntervalTo(..) => None,
            Edtf::YYear(y) => Some((y.value(), 1, 1)),
            Edtf::DateTime(dt) => {
                let c = dt.date();
                Some((i64::from(c.year()), c.month(), c.day()))
            }
        }
    }

    /// Latest day this date could mean; `None` for an open or unknown end.
    pub fn latest(&self) -> Option<Ymd> {
        match self.parsed {
            Edtf::Date(d) | Edtf::Interval(_, d) | Edtf::IntervalTo(_, d) => Some(date_bounds(&d).1),
            Edtf::IntervalFrom(..) => None,
            Edtf::YYear(y) => Some((y.value(), 12, 31)),
            Edtf::DateTime(dt) => {
                let c = dt.date();
                Some((i64::from(c.year()), c.month(), c.day()))
            }
        }
    }
}

/// The earliest and latest day a single EDTF date may denote. Seasons and unspecified
/// months or days widen to the whole year or month; month ends are taken as the 31st,
/// which only matters for ordering and errs on the lenient side.
fn date_bounds(d: &edtf::level_1::Date) -> (Ymd, Ymd) {
    let year = |y: i32| ((i64::from(y), 1, 1), (i64::from(y), 12, 31));
    let span = |y: i32, width: i64| {
        let y = i64::from(y);
        let (lo, hi) = if y >= 0 { (y, y + width) } else { (y - width, y) };
        ((lo, 1, 1), (hi, 12, 31))
    };
    match d.precision() {
        Precision::Century(y) => span(y, 99),
        Precision::Decade(y) => span(y, 9),
        Precision::Year(y)
        | Precision::Season(y, _)
        | Precision::MonthOfYear(y)
        | Precision::DayOfYear(y) => year(y),
        Precision::Month(y, m) | Precision::DayOfMonth(y, m) => ((i64::from(y), m, 1), (i64::from(y), m, 31)),
        Precision::Day(y, m, day) => ((i64::from(y), m, day), (i64::from(y), m, day)),
    }
}

impl fmt::Display for EdtfDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for EdtfDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EdtfDate({:?})", self.text)
    }
}

impl std::str::FromStr for EdtfDate {
    type Err = EdtfError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EdtfDate::parse(s)
    }
}

impl Serialize for EdtfDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

struct DateVisitor {
    year_only: bool,
}

impl serde::de::Visitor<'_> for DateVisitor {
    type Value = EdtfDate;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year_only {
            f.write_str("an EDTF year string such as \"1991\" or \"1991~\"")
        } else {
            f.write_str("an EDTF date string such as \"2008-11\" or \"2015/2017\"")
        }
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EdtfDate, E> {
        let r = if self.year_only {
            EdtfDate::parse_year(v)
        } else {
            EdtfDate::parse(v)
        };
        r.map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for EdtfDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(DateVisitor { year_only: false })
    }
}

/// An [`EdtfDate`] that is a single year (`birth_year`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct EdtfYear(EdtfDate);

impl EdtfYear {
    /// Parse a year-only EDTF value, see [`EdtfDate::parse_year`].
    pub fn parse(s: &str) -> Result<EdtfYear, EdtfError> {
        EdtfDate::parse_year(s).map(EdtfYear)
    }
    /// The date form.
    pub fn date(&self) -> &EdtfDate {
        &self.0
    }
    /// The original text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl std::ops::Deref for EdtfYear {
    type Target = EdtfDate;
    fn deref(&self) -> &EdtfDate {
        &self.0
    }
}

impl fmt::Display for EdtfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for EdtfYear {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for EdtfYear {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(DateVisitor { year_only: true }).map(EdtfYear)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_dates_round_trip() {
        for s in [
            "2008",
            "2008-11",
            "2008-11-03",
            "2014~",
            "2012?",
            "2019-10~",
            "2012%",
            "2015/2017",
            "2013-04/2019",
            "2015/..",
            "../2017",
            "/2017",
            "2015/",
            "201X",
            "20XX",
            "2004-XX",
            "1985-04-XX",
            "2001-21",
            "2010-24",
            "Y170000002",
            "2016-02-29",
            "2019/2019",
            "2019-05/2019",
            "201X/2015",
            "2019-10~/2020",
            "2004-01-01T10:10:10Z",
            "-0500",
        ] {
            let d = EdtfDate::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(d.to_string(), s);
            assert_eq!(d.as_str(), s);
        }
    }

    #[test]
    fn bad_dates_are_rejected_with_a_reason() {
        for (s, why) in [
            ("2014-13", "out of range"),
            ("2014-02-30", "out of range"),
            ("2015-02-29", "out of range"),
            ("2019-25", "out of range"),
            ("2019/2015", "ends before it starts"),
            ("2020-10/2020-01-05", "ends before it starts"),
            ("", "it is empty"),
            (" 2008", "use EDTF"),
            ("2008-1", "use EDTF"),
            ("14 March", "use EDTF"),
            ("../..", "use EDTF"),
            ("2019-1X", "use EDTF"),
            ("2004-06~-11", "use EDTF"),
        ] {
            let e = EdtfDate::parse(s).unwrap_err().to_string();
            assert!(e.starts_with(&format!("{s:?} is not a date (")), "{e}");
            assert!(e.contains(why), "{s}: {e}");
        }
    }

    #[test]
    fn years() {
        for s in ["1991", "1991~", "1991?", "1991%", "199X", "19XX"] {
            assert!(EdtfYear::parse(s).is_ok(), "{s}");
        }
        for s in ["1991-04", "1991/1992", "Y170000002", "91", "", "199Y"] {
            let e = EdtfYear::parse(s).unwrap_err().to_string();
            assert!(e.contains("is not a year"), "{s}: {e}");
        }
    }

    #[test]
    fn bounds() {
        let d = EdtfDate::parse("2013-04/2019").unwrap();
        assert!(d.is_interval());
        assert_eq!(d.earliest(), Some((2013, 4, 1)));
        assert_eq!(d.latest(), Some((2019, 12, 31)));
        assert_eq!(EdtfDate::parse("2015/..").unwrap().latest(), None);
        assert_eq!(EdtfDate::parse("/2015").unwrap().earliest(), None);
        assert_eq!(EdtfDate::parse("198X").unwrap().latest(), Some((1989, 12, 31)));
    }

    #[test]
    fn serde_is_a_plain_string() {
        let d: EdtfDate = serde_json::from_str("\"2014~\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2014~\"");
        let e = serde_json::from_str::<EdtfDate>("\"2014-13\"").unwrap_err();
        assert!(e.to_string().contains("is not a date"));
        let e = serde_json::from_str::<EdtfYear>("1991").unwrap_err();
        assert!(e.to_string().contains("expected an EDTF year"), "{e}");
    }
}
