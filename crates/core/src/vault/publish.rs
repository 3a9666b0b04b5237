//! Publication packs: quotable excerpts of testimonies for an audience (the UN, the
//! public, researchers, courts), with consent enforced by the software. An excerpt is a
//! character range of an interview's narrative, cited by code and organisation, with a
//! generalised description of the witness (gender, an age bracket, a province, years,
//! kinds of facility) instead of anything that names or pins them down.
//!
//! - Only interviews whose consent allows quoting (`anonymised` or `named`) *and* sharing
//!   with the audience are used; every other requested interview is listed with why.
//! - A re-identification check: each description's combination of quasi-identifiers must
//!   be shared by at least `k` interviewees of the archive; a rarer one is generalised
//!   step by step (age decade, country instead of province, decades of events, no facility
//!   kinds) or withheld, as the user chooses.
//! - Each excerpt records the sealed revision's hash and its own SHA-256, so every quote
//!   can be checked against the archive ([`Vault::verify_publication`]).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::{IoAction, Operation, ReviewRefusal};
use super::{Role, Vault, VaultError, now};
use crate::domain::{EdtfDate, Lang, VocabKind};
use crate::store::{IncidentFactRow, InterviewFactRow};

/// The pack format, recorded in its JSON.
pub const PUBLICATION_FORMAT: &str = "fieldvault-publication/1";

/// An excerpt a person chose: a range of characters (Unicode scalar values, from 0, end
/// excluded) of an interview's narrative, optionally with the revision it was chosen in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExcerptRequest {
    /// Code or id.
    pub interview: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

/// What to do with a description shared by fewer than `k` interviewees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RarePolicy {
    Generalise,
    Withhold,
}

#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// `un`, `public`, `researchers` or `courts`: must be in the consent's `share_with`.
    pub audience: String,
    pub k: usize,
    pub rare: RarePolicy,
    /// "interviewed by …" in each citation.
    pub organisation: String,
    pub lang: Lang,
}

/// One excerpt in a pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PackExcerpt {
    pub code: String,
    pub interview_id: String,
    pub revision_hash: String,
    pub start: usize,
    pub end: usize,
    /// SHA-256 of the excerpt's text (UTF-8).
    pub excerpt_sha256: String,
    pub text: String,
    pub citation: String,
    pub description: String,
    /// How many generalisation steps the re-identification check took (0: none).
    pub generalised: u8,
}

/// A requested interview left out, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Excluded {
    pub code: String,
    /// `consent_withdrawn`, `no_quote_consent`, `audience_not_allowed`, `too_rare`.
    pub reason: String,
    pub detail: String,
}

/// A description the re-identification check flagged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flagged {
    pub code: String,
    /// The combination as first described, and how many interviewees share it.
    pub combination: String,
    pub shared_by: usize,
    /// `generalised` or `withheld`.
    pub action: String,
}

/// A publication pack, as written to `publication-AUDIENCE.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pack {
    pub format: String,
    pub audience: String,
    pub organisation: String,
    pub made_at: String,
    pub k: usize,
    pub excerpts: Vec<PackExcerpt>,
    pub excluded: Vec<Excluded>,
    pub flagged: Vec<Flagged>,
}

/// What checking a pack against the archive found for one excerpt.
#[derive(Debug, Clone, Serialize)]
pub struct Verified {
    pub code: String,
    pub start: usize,
    pub end: usize,
    /// The archive holds that revision and its narrative has exactly that text there.
    pub ok: bool,
}

const PROVINCES: &[(&str, &str, &[&str])] = &[
    (
        "North Hamgyong",
        "함경북도",
        &["north hamgyong", "함경북", "함북"],
    ),
    (
        "South Hamgyong",
        "함경남도",
        &["south hamgyong", "함경남", "함남"],
    ),
    ("Ryanggang", "양강도", &["ryanggang", "yanggang", "양강"]),
    ("Chagang", "자강도", &["chagang", "자강"]),
    ("North Pyongan", "평안북도", &["north pyongan", "평안북", "평북"]),
    ("South Pyongan", "평안남도", &["south pyongan", "평안남", "평남"]),
    (
        "North Hwanghae",
        "황해북도",
        &["north hwanghae", "황해북", "황북"],
    ),
    (
        "South Hwanghae",
        "황해남도",
        &["south hwanghae", "황해남", "황남"],
    ),
    ("Kangwon", "강원도", &["kangwon", "강원"]),
    ("Rason", "라선", &["rason", "라선", "나선"]),
    ("Pyongyang", "평양", &["pyongyang", "평양"]),
];

/// The province a free-text origin names, if it names one.
fn province(origin: Option<&str>) -> Option<usize> {
    let origin = origin?.to_lowercase();
    PROVINCES
        .iter()
        .position(|(_, _, keys)| keys.iter().any(|k| origin.contains(k)))
}

/// The quasi-identifiers of one interviewee, at a generalisation level (0–4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Described {
    gender: String,
    /// Age at the interview: (decade, part of it: 0 early, 1 mid, 2 late, 3 unknown).
    age: Option<(i64, u8)>,
    province: Option<usize>,
    /// First and last year of the events.
    years: Option<(i64, i64)>,
    facilities: BTreeSet<String>,
}

fn describe(person: &InterviewFactRow, incidents: &[&IncidentFactRow], level: u8) -> Described {
    let interviewed = EdtfDate::parse(&person.interviewed_on)
        .ok()
        .and_then(|d| d.latest())
        .map(|d| d.0);
    let exact_birth = person
        .birth_year
        .as_deref()
        .filter(|b| !b.contains(['~', '?', '%']))
        .and(person.birth_earliest)
        .filter(|e| Some(*e) == person.birth_latest);
    let age = match (
        interviewed,
        exact_birth,
        person.birth_earliest,
        person.birth_latest,
    ) {
        (Some(at), Some(born), _, _) => {
            let age = at - born;
            let part = match age % 10 {
                0..=3 => 0,
                4..=6 => 1,
                _ => 2,
            };
            Some((age / 10 * 10, if level >= 1 { 3 } else { part }))
        }
        // An uncertain birth year gives a decade if both ends fall in one.
        (Some(at), None, Some(first), Some(last)) if (at - last) / 10 == (at - first) / 10 => {
            Some(((at - last) / 10 * 10, 3))
        }
        _ => None,
    };
    let dated: Vec<i64> = incidents
        .iter()
        .flat_map(|i| [i.earliest.as_deref(), i.latest.as_deref()])
        .flatten()
        .filter_map(crate::domain::facts::year_of)
        .collect();
    let years = match (dated.iter().min(), dated.iter().max()) {
        (Some(first), Some(last)) if level >= 3 => Some((first / 10 * 10, last / 10 * 10 + 9)),
        (Some(first), Some(last)) => Some((*first, *last)),
        _ => None,
    };
    Described {
        gender: person.gender.clone().unwrap_or_default(),
        age,
        province: if level >= 2 {
            None
        } else {
            province(person.origin.as_deref())
        },
        years,
        facilities: if level >= 4 {
            BTreeSet::new()
        } else {
            incidents.iter().filter_map(|i| i.facility_type.clone()).collect()
        },
    }
}

/// The description as a reader sees it.
fn words(described: &Described, vault: &Vault, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let who = match (described.gender.as_str(), ko) {
        ("female", false) => "A woman",
        ("male", false) => "A man",
        (_, false) => "A person",
        ("female", true) => "여성",
        ("male", true) => "남성",
        (_, true) => "사람",
    };
    let pronoun = match described.gender.as_str() {
        "female" => "her",
        "male" => "his",
        _ => "their",
    };
    let age = described.age.map(|(decade, part)| {
        if ko {
            let part = ["초반", "중반", "후반", ""][part as usize];
            format!("{decade}대 {part}").trim().to_owned()
        } else {
            let part = ["early ", "mid-", "late ", ""][part as usize];
            format!("in {pronoun} {part}{decade}s")
        }
    });
    let place = match (described.province, ko) {
        (Some(p), false) => format!("from {}", PROVINCES[p].0),
        (Some(p), true) => format!("{} 출신", PROVINCES[p].1),
        (None, false) => "from North Korea".to_owned(),
        (None, true) => "북한 출신".to_owned(),
    };
    let years = described.years.map(|(first, last)| match (first == last, ko) {
        (true, false) => format!("in {first}"),
        (true, true) => format!("{first}년에"),
        (false, false) => format!("between {first} and {last}"),
        (false, true) => format!("{first}–{last}년에"),
    });
    let facilities: Vec<&str> = described
        .facilities
        .iter()
        .map(|f| vault.vocabulary.label(VocabKind::FacilityType, f, lang))
        .collect();
    if ko {
        let mut out = format!(
            "{place} {}{who}.",
            age.map(|a| format!("{a} ")).unwrap_or_default()
        );
        if let Some(years) = years {
            out.push_str(&format!(" 진술된 사건은 {years} 있었습니다."));
        }
        if !facilities.is_empty() {
            out.push_str(&format!(" 관련 시설: {}.", facilities.join(", ")));
        }
        out
    } else {
        let mut out = format!(
            "{who}{} {place}.",
            age.map(|a| format!(" {a}")).unwrap_or_default()
        );
        if let Some(years) = years {
            out.push_str(&format!(" The events described took place {years}."));
        }
        if !facilities.is_empty() {
            out.push_str(&format!(" Facilities involved: {}.", facilities.join(", ")));
        }
        out
    }
}

/// The characters `start..end` of `text`, if the range is inside it.
fn excerpt(text: &str, start: usize, end: usize) -> Option<&str> {
    if start >= end {
        return None;
    }
    let mut bounds = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let from = bounds.clone().nth(start)?;
    let to = bounds.nth(end)?;
    Some(&text[from..to])
}

impl Vault {
    /// Makes a pack of the requested excerpts for `options.audience` (nothing is written).
    pub fn publication_pack(
        &self,
        requests: &[ExcerptRequest],
        options: &PublishOptions,
    ) -> Result<Pack, VaultError> {
        self.require(Role::Headquarters, Operation::Analysis)?;
        // The consent in force: a withdrawn testimony is neither quoted nor counted.
        let consented = self.facts_with_consent()?;
        let people = consented.interviews;
        let incidents = self.store.incident_facts()?;
        let mut by_interview: HashMap<&str, Vec<&IncidentFactRow>> = HashMap::new();
        for incident in &incidents {
            by_interview
                .entry(incident.interview_id.as_str())
                .or_default()
                .push(incident);
        }
        let audience = options.audience.as_str();
        if !people
            .iter()
            .any(|p| p.share_with.split_whitespace().any(|a| a == audience))
        {
            return Err(VaultError::Review(ReviewRefusal::NoConsentFor {
                audience: audience.to_owned(),
            }));
        }
        let facts: HashMap<&str, &InterviewFactRow> =
            people.iter().map(|p| (p.interview_id.as_str(), p)).collect();
        let mut pack = Pack {
            format: PUBLICATION_FORMAT.into(),
            audience: audience.to_owned(),
            organisation: options.organisation.clone(),
            made_at: now(),
            k: options.k,
            excerpts: Vec::new(),
            excluded: Vec::new(),
            flagged: Vec::new(),
        };
        // Every interviewee's description at each level, counted once.
        let mut counts: Vec<HashMap<Described, usize>> = vec![HashMap::new(); 5];
        for person in &people {
            let theirs = by_interview
                .get(person.interview_id.as_str())
                .cloned()
                .unwrap_or_default();
            for (level, count) in counts.iter_mut().enumerate() {
                *count.entry(describe(person, &theirs, level as u8)).or_default() += 1;
            }
        }
        let mut judged: HashMap<String, Option<(u8, Described)>> = HashMap::new();
        for request in requests {
            let view = self.show(&request.interview)?;
            let summary = &view.summary;
            let Some(record) = view.record.as_ref() else {
                return Err(VaultError::NotFound(super::error::Missing::Interview {
                    selector: request.interview.clone(),
                }));
            };
            let hash = summary.hash.clone().unwrap_or_default();
            if let Some(chosen) = &request.revision
                && *chosen != hash
            {
                return Err(VaultError::Review(ReviewRefusal::ExcerptRevisionChanged {
                    code: summary.code.clone(),
                    chosen: chosen.clone(),
                    current: hash,
                }));
            }
            let narrative = &record.interview().narrative;
            let Some(text) = excerpt(narrative, request.start, request.end) else {
                return Err(VaultError::Review(ReviewRefusal::ExcerptOutOfRange {
                    code: summary.code.clone(),
                    start: request.start,
                    end: request.end,
                    length: narrative.chars().count(),
                }));
            };
            // Consent first: withdrawn, quoting, then the audience.
            let exclude = |reason: &str, detail: String| Excluded {
                code: summary.code.clone(),
                reason: reason.to_owned(),
                detail,
            };
            if consented.withdrawn.contains_key(&summary.id) {
                if !pack.excluded.iter().any(|e| e.code == summary.code) {
                    pack.excluded.push(exclude(
                        "consent_withdrawn",
                        "the interviewee withdrew their consent (`consent show` lists the change)".to_owned(),
                    ));
                }
                continue;
            }
            let Some(person) = facts.get(summary.id.as_str()) else {
                continue;
            };
            let since = if consented.changed.contains(&summary.id) {
                " since a consent change"
            } else {
                ""
            };
            if !matches!(person.quote.as_str(), "anonymised" | "named") {
                if !pack.excluded.iter().any(|e| e.code == summary.code) {
                    pack.excluded.push(exclude(
                        "no_quote_consent",
                        format!(
                            "consent.quote is \"{}\"{since}: the interviewee did not agree to be quoted",
                            person.quote
                        ),
                    ));
                }
                continue;
            }
            if !person.share_with.split_whitespace().any(|a| a == audience) {
                if !pack.excluded.iter().any(|e| e.code == summary.code) {
                    pack.excluded.push(exclude(
                        "audience_not_allowed",
                        format!(
                            "consent.share_with is [{}]{since}: it does not include \"{audience}\"",
                            person.share_with.replace(' ', ", ")
                        ),
                    ));
                }
                continue;
            }
            // The re-identification check, once per interview.
            let theirs = by_interview
                .get(person.interview_id.as_str())
                .cloned()
                .unwrap_or_default();
            let verdict = judged
                .entry(person.interview_id.clone())
                .or_insert_with(|| {
                    let first = describe(person, &theirs, 0);
                    let shared = counts[0].get(&first).copied().unwrap_or(0);
                    if shared >= options.k {
                        return Some((0, first));
                    }
                    let generalised = match options.rare {
                        RarePolicy::Withhold => None,
                        RarePolicy::Generalise => (1..=4u8).find_map(|level| {
                            let d = describe(person, &theirs, level);
                            (counts[level as usize].get(&d).copied().unwrap_or(0) >= options.k)
                                .then_some((level, d))
                        }),
                    };
                    pack.flagged.push(Flagged {
                        code: summary.code.clone(),
                        combination: words(&first, self, Lang::En),
                        shared_by: shared,
                        action: if generalised.is_some() {
                            "generalised"
                        } else {
                            "withheld"
                        }
                        .into(),
                    });
                    generalised
                })
                .clone();
            let Some((level, described)) = verdict else {
                if !pack.excluded.iter().any(|e| e.code == summary.code) {
                    pack.excluded.push(exclude(
                        "too_rare",
                        format!(
                            "fewer than {} interviewees share even its most general description",
                            options.k
                        ),
                    ));
                }
                continue;
            };
            let citation = match options.lang {
                Lang::Ko => format!("{} 증언, {} 면담", summary.code, options.organisation),
                Lang::En => format!(
                    "Testimony of {}, interviewed by {}",
                    summary.code, options.organisation
                ),
            };
            pack.excerpts.push(PackExcerpt {
                code: summary.code.clone(),
                interview_id: summary.id.clone(),
                revision_hash: hash,
                start: request.start,
                end: request.end,
                excerpt_sha256: crate::crypto::digest::sha256_hex(text.as_bytes()),
                text: text.to_owned(),
                citation,
                description: words(&described, self, options.lang),
                generalised: level,
            });
        }
        Ok(pack)
    }

    /// Writes `publication-AUDIENCE.md` and `.json` into `dir` (never over existing files),
    /// each atomically and durably. Unencrypted: front ends confirm first.
    pub fn write_publication(
        &self,
        pack: &Pack,
        dir: &Path,
        lang: Lang,
    ) -> Result<(PathBuf, PathBuf), VaultError> {
        self.require(Role::Headquarters, Operation::Analysis)?;
        let markdown = dir.join(format!("publication-{}.md", pack.audience));
        let json = dir.join(format!("publication-{}.json", pack.audience));
        for file in [&markdown, &json] {
            if file.exists() {
                return Err(VaultError::io(
                    IoAction::ExportAnalysis,
                    file,
                    std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                ));
            }
        }
        let text = render_markdown(pack, lang);
        let data = serde_json::to_vec_pretty(pack).expect("a pack serialises");
        crate::disk::atomic::write_atomic(&json, &data)
            .map_err(|e| VaultError::io(IoAction::ExportAnalysis, &json, e))?;
        if let Err(e) = crate::disk::atomic::write_atomic(&markdown, text.as_bytes()) {
            let _ = std::fs::remove_file(&json);
            return Err(VaultError::io(IoAction::ExportAnalysis, &markdown, e));
        }
        Ok((markdown, json))
    }

    /// Checks every excerpt of a pack against the archive: the revision it names is held,
    /// and its narrative has exactly that text at that range.
    pub fn verify_publication(&self, pack: &Pack) -> Result<Vec<Verified>, VaultError> {
        self.require(Role::Headquarters, Operation::Analysis)?;
        let mut found = Vec::new();
        for e in &pack.excerpts {
            let narrative = self.revision_narrative(&e.interview_id, &e.revision_hash)?;
            let ok = narrative
                .as_deref()
                .and_then(|n| excerpt(n, e.start, e.end))
                .is_some_and(|t| {
                    t == e.text && crate::crypto::digest::sha256_hex(t.as_bytes()) == e.excerpt_sha256
                });
            found.push(Verified {
                code: e.code.clone(),
                start: e.start,
                end: e.end,
                ok,
            });
        }
        Ok(found)
    }

    /// The narrative of an interview's revision with this hash, if the archive holds it.
    fn revision_narrative(&self, interview_id: &str, hash: &str) -> Result<Option<String>, VaultError> {
        let Some(row) = self
            .store
            .revisions_of(interview_id)?
            .into_iter()
            .find(|r| r.hash.as_deref() == Some(hash))
        else {
            return Ok(None);
        };
        let Some(content) = row.content else {
            return Ok(None);
        };
        let value: serde_json::Value = serde_json::from_str(&content).unwrap_or_default();
        Ok(value["narrative"].as_str().map(str::to_owned))
    }
}

fn render_markdown(pack: &Pack, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let mut out = String::new();
    if ko {
        out.push_str(&format!("# 증언 발췌: {}\n\n", pack.audience));
        out.push_str(&format!(
            "{} 작성, {} (fieldvault). 증언자의 동의가 이 대상에게 인용과 공유를 허락한 면담만 실었습니다. 증언자는 일반적인 말로만 묘사하며, 그 묘사는 기록 보관소의 면담 대상자 {}명 이상에게 해당합니다.\n\n",
            pack.organisation, pack.made_at, pack.k
        ));
    } else {
        out.push_str(&format!("# Testimony excerpts for: {}\n\n", pack.audience));
        out.push_str(&format!(
            "Prepared by {} on {} with fieldvault. Only interviews whose consent allows quoting and sharing with this audience are used. Witnesses are described in general terms only, each description shared by at least {} interviewees of the archive.\n\n",
            pack.organisation, pack.made_at, pack.k
        ));
    }
    for e in &pack.excerpts {
        out.push_str(&format!("## {}\n\n*{}*\n\n", e.citation, e.description));
        for line in e.text.lines() {
            out.push_str(&format!("> {line}\n"));
        }
        out.push_str(&format!(
            "\n<small>{} {}, {} {}–{}, SHA-256 {}</small>\n\n",
            if ko { "개정판" } else { "Revision" },
            e.revision_hash,
            if ko {
                "진술 문자"
            } else {
                "narrative characters"
            },
            e.start,
            e.end,
            e.excerpt_sha256
        ));
    }
    if !pack.excluded.is_empty() {
        out.push_str(if ko {
            "## 제외한 면담\n\n"
        } else {
            "## Interviews left out\n\n"
        });
        for x in &pack.excluded {
            out.push_str(&format!("- {}: {} ({})\n", x.code, x.reason, x.detail));
        }
        out.push('\n');
    }
    if !pack.flagged.is_empty() {
        out.push_str(if ko {
            "## 재식별 검사\n\n"
        } else {
            "## Re-identification check\n\n"
        });
        for f in &pack.flagged {
            out.push_str(&format!(
                "- {}: \"{}\" is shared by {} interviewee(s), fewer than {}: {}\n",
                f.code, f.combination, f.shared_by, pack.k, f.action
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_count_characters_not_bytes() {
        assert_eq!(excerpt("국경을 넘었다", 0, 3), Some("국경을"));
        assert_eq!(excerpt("국경을 넘었다", 4, 7), Some("넘었다"));
        assert_eq!(excerpt("abc", 1, 4), None);
        assert_eq!(excerpt("abc", 2, 2), None);
    }

    #[test]
    fn provinces_are_found_in_either_language() {
        assert_eq!(
            province(Some("Musan, North Hamgyong")).map(|p| PROVINCES[p].0),
            Some("North Hamgyong")
        );
        assert_eq!(
            province(Some("혜산, 양강도")).map(|p| PROVINCES[p].0),
            Some("Ryanggang")
        );
        assert_eq!(province(Some("somewhere")), None);
    }
}
