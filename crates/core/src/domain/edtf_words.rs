//! What an EDTF date means, in words, in Korean and English: the editor shows it as the
//! interviewer types ("2019?" → "2019, not certain"), so an uncertain date is recorded as
//! uncertain without anyone learning the notation.

use edtf::level_1::{Certainty, Date, Edtf, Precision, Season, Terminal};

use super::Lang;
use super::edtf::EdtfDate;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn season(s: Season, lang: Lang) -> &'static str {
    match (s, lang) {
        (Season::Spring, Lang::En) => "spring",
        (Season::Summer, Lang::En) => "summer",
        (Season::Autumn, Lang::En) => "autumn",
        (Season::Winter, Lang::En) => "winter",
        (Season::Spring, Lang::Ko) => "봄",
        (Season::Summer, Lang::Ko) => "여름",
        (Season::Autumn, Lang::Ko) => "가을",
        (Season::Winter, Lang::Ko) => "겨울",
    }
}

fn month_en(m: u32) -> &'static str {
    MONTHS_EN[(m.clamp(1, 12) - 1) as usize]
}

/// One date without its qualifier.
fn core(d: &Date, lang: Lang) -> String {
    match (d.precision(), lang) {
        (Precision::Century(y), Lang::En) => format!("the {y}s (century)"),
        (Precision::Decade(y), Lang::En) => format!("the {y}s"),
        (Precision::Year(y), Lang::En) => format!("{y}"),
        (Precision::Season(y, s), Lang::En) => format!("{} {y}", season(s, lang)),
        (Precision::Month(y, m), Lang::En) => format!("{} {y}", month_en(m)),
        (Precision::Day(y, m, day), Lang::En) => format!("{day} {} {y}", month_en(m)),
        (Precision::MonthOfYear(y), Lang::En) => format!("some month in {y}"),
        (Precision::DayOfYear(y), Lang::En) => format!("some day in {y}"),
        (Precision::DayOfMonth(y, m), Lang::En) => format!("some day in {} {y}", month_en(m)),
        (Precision::Century(y), Lang::Ko) => format!("{y}년대 (100년)"),
        (Precision::Decade(y), Lang::Ko) => format!("{y}년대"),
        (Precision::Year(y), Lang::Ko) => format!("{y}년"),
        (Precision::Season(y, s), Lang::Ko) => format!("{y}년 {}", season(s, lang)),
        (Precision::Month(y, m), Lang::Ko) => format!("{y}년 {m}월"),
        (Precision::Day(y, m, day), Lang::Ko) => format!("{y}년 {m}월 {day}일"),
        (Precision::MonthOfYear(y), Lang::Ko) => format!("{y}년 중 어느 달"),
        (Precision::DayOfYear(y), Lang::Ko) => format!("{y}년 중 어느 날"),
        (Precision::DayOfMonth(y, m), Lang::Ko) => format!("{y}년 {m}월 중 어느 날"),
    }
}

/// One date with its qualifier (`?` uncertain, `~` approximate, `%` both).
fn single(d: &Date, lang: Lang) -> String {
    let text = core(d, lang);
    match (d.certainty(), lang) {
        (Certainty::Certain, _) => text,
        (Certainty::Uncertain, Lang::En) => format!("{text}, not certain"),
        (Certainty::Approximate, Lang::En) => format!("around {text}"),
        (Certainty::ApproximateUncertain, Lang::En) => format!("around {text}, not certain"),
        (Certainty::Uncertain, Lang::Ko) => format!("{text} (확실하지 않음)"),
        (Certainty::Approximate, Lang::Ko) => format!("{text} 무렵"),
        (Certainty::ApproximateUncertain, Lang::Ko) => format!("{text} 무렵 (확실하지 않음)"),
    }
}

/// What `date` means, in words.
pub fn describe(date: &EdtfDate, lang: Lang) -> String {
    let Ok(parsed) = Edtf::parse(date.as_str()) else {
        return date.as_str().to_owned();
    };
    match (parsed, lang) {
        (Edtf::Date(d), _) => single(&d, lang),
        (Edtf::YYear(y), Lang::En) => format!("the year {}", y.value()),
        (Edtf::YYear(y), Lang::Ko) => format!("{}년", y.value()),
        (Edtf::DateTime(_), Lang::En) => format!("exactly {}", date.as_str()),
        (Edtf::DateTime(_), Lang::Ko) => format!("정확히 {}", date.as_str()),
        (Edtf::Interval(a, b), Lang::En) => {
            format!("sometime between {} and {}", single(&a, lang), single(&b, lang))
        }
        (Edtf::Interval(a, b), Lang::Ko) => format!("{}부터 {} 사이", single(&a, lang), single(&b, lang)),
        (Edtf::IntervalFrom(a, Terminal::Open), Lang::En) => format!("from {} on", single(&a, lang)),
        (Edtf::IntervalFrom(a, Terminal::Unknown), Lang::En) => {
            format!("from {}; the end is not known", single(&a, lang))
        }
        (Edtf::IntervalTo(Terminal::Open, b), Lang::En) => format!("until {}", single(&b, lang)),
        (Edtf::IntervalTo(Terminal::Unknown, b), Lang::En) => {
            format!("until {}; the start is not known", single(&b, lang))
        }
        (Edtf::IntervalFrom(a, Terminal::Open), Lang::Ko) => format!("{}부터 계속", single(&a, lang)),
        (Edtf::IntervalFrom(a, Terminal::Unknown), Lang::Ko) => {
            format!("{}부터 (끝은 모름)", single(&a, lang))
        }
        (Edtf::IntervalTo(Terminal::Open, b), Lang::Ko) => format!("{}까지", single(&b, lang)),
        (Edtf::IntervalTo(Terminal::Unknown, b), Lang::Ko) => {
            format!("(시작은 모름) {}까지", single(&b, lang))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, lang: Lang) -> String {
        describe(&EdtfDate::parse(text).unwrap(), lang)
    }

    /// The forms the issue names, and the rest of level 1, in both languages.
    #[test]
    fn uncertain_dates_read_as_words() {
        let cases = [
            ("2019?", "2019, not certain", "2019년 (확실하지 않음)"),
            (
                "2013/2019",
                "sometime between 2013 and 2019",
                "2013년부터 2019년 사이",
            ),
            ("2019-10~", "around October 2019", "2019년 10월 무렵"),
            ("2008-11-03", "3 November 2008", "2008년 11월 3일"),
            ("2010-24", "winter 2010", "2010년 겨울"),
            ("2014%", "around 2014, not certain", "2014년 무렵 (확실하지 않음)"),
            ("201X", "the 2010s", "2010년대"),
            ("2015/..", "from 2015 on", "2015년부터 계속"),
            (
                "/2017",
                "until 2017; the start is not known",
                "(시작은 모름) 2017년까지",
            ),
            ("2019-XX", "some month in 2019", "2019년 중 어느 달"),
        ];
        for (text, en, ko) in cases {
            assert_eq!(words(text, Lang::En), en, "{text}");
            assert_eq!(words(text, Lang::Ko), ko, "{text}");
        }
    }
}
