//! Controlled vocabularies: incident kinds, facility types, perpetrator kinds, quote levels
//! and source types, each term with an English and a Korean label.
//!
//! Why this exists: vocabularies are data, not Rust enums. The defaults follow DOMAIN.md
//! (HURIDOCS-style terms used in UN submissions), and an organisation may add its own terms
//! without a new build; interview fields hold plain strings that are checked against a
//! [`Vocabulary`] at validation time.

use std::fmt;

use super::Lang;

/// Which vocabulary a term belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VocabKind {
    /// `incidents[].kind`
    IncidentKind,
    /// `incidents[].facility.type`
    FacilityType,
    /// `incidents[].perpetrators[].kind`
    PerpetratorKind,
    /// `consent.quote`
    Quote,
    /// `incidents[].source`
    Source,
}

impl VocabKind {
    /// Every vocabulary.
    pub const ALL: [VocabKind; 5] = [
        VocabKind::IncidentKind,
        VocabKind::FacilityType,
        VocabKind::PerpetratorKind,
        VocabKind::Quote,
        VocabKind::Source,
    ];

    /// The catalogue's selector for this kind (`incident_kind`, `facility_type`…).
    pub fn id(&self) -> &'static str {
        match self {
            VocabKind::IncidentKind => "incident_kind",
            VocabKind::FacilityType => "facility_type",
            VocabKind::PerpetratorKind => "perpetrator_kind",
            VocabKind::Quote => "quote",
            VocabKind::Source => "source",
        }
    }
}

/// One vocabulary term: a stable id stored in interviews, and labels for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// Stable identifier stored in the JSON, e.g. `forced_repatriation`.
    pub id: String,
    /// English label.
    pub en: String,
    /// Korean label.
    pub ko: String,
}

impl Term {
    /// A term from its id and labels.
    pub fn new(id: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> Self {
        Term {
            id: id.into(),
            en: en.into(),
            ko: ko.into(),
        }
    }

    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ko => &self.ko,
        }
    }
}

/// Why a term could not be added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VocabError {
    /// Ids are lowercase ASCII: `^[a-z][a-z0-9_]{0,63}$`.
    BadId(String),
    /// The id is already in that vocabulary.
    Duplicate(String),
    /// A label is empty.
    EmptyLabel(String),
}

impl fmt::Display for VocabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VocabError::BadId(id) => write!(
                f,
                "{} is not a valid term id (use lowercase letters, digits and _, starting with a letter, at most 64)",
                super::quote::quote(id)
            ),
            VocabError::Duplicate(id) => {
                write!(f, "{} is already in the vocabulary", super::quote::quote(id))
            }
            VocabError::EmptyLabel(id) => write!(
                f,
                "term {} needs both an English and a Korean label",
                super::quote::quote(id)
            ),
        }
    }
}

impl std::error::Error for VocabError {}

/// The set of vocabularies used to validate interviews.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vocabulary {
    incident_kinds: Vec<Term>,
    facility_types: Vec<Term>,
    perpetrator_kinds: Vec<Term>,
    quote_levels: Vec<Term>,
    sources: Vec<Term>,
}

const INCIDENT_KINDS: &[(&str, &str, &str)] = &[
    ("trafficking", "Trafficking", "인신매매"),
    ("forced_marriage", "Forced marriage", "강제결혼"),
    ("sexual_exploitation", "Sexual exploitation", "성착취"),
    ("sexual_violence", "Sexual violence", "성폭력"),
    ("abduction", "Abduction", "납치"),
    ("drugging", "Drugging", "약물 투여"),
    ("forced_labour", "Forced labour", "강제노동"),
    ("domestic_servitude", "Domestic servitude", "가사 예속"),
    ("arbitrary_arrest", "Arbitrary arrest", "자의적 체포"),
    ("arbitrary_detention", "Arbitrary detention", "자의적 구금"),
    ("forced_repatriation", "Forced repatriation", "강제송환"),
    (
        "torture_ill_treatment",
        "Torture and ill-treatment",
        "고문 및 가혹행위",
    ),
    ("forced_abortion", "Forced abortion", "강제낙태"),
    ("infanticide", "Infanticide", "영아살해"),
    ("enforced_disappearance", "Enforced disappearance", "강제실종"),
    ("execution", "Execution", "처형"),
    ("death_in_custody", "Death in custody", "구금 중 사망"),
    ("family_separation", "Family separation", "가족 분리"),
    (
        "denial_of_birth_registration",
        "Denial of birth registration",
        "출생등록 거부",
    ),
    ("denial_of_health_care", "Denial of health care", "의료 거부"),
    ("denial_of_education", "Denial of education", "교육 거부"),
    ("surveillance", "Surveillance", "감시"),
    ("other", "Other", "기타"),
];

const FACILITY_TYPES: &[(&str, &str, &str)] = &[
    ("police_station", "Police station", "경찰서(공안국)"),
    ("border_post", "Border post", "국경 초소"),
    ("detention_centre", "Detention centre (China)", "구류소(중국)"),
    ("mss_holding", "State Security holding cell", "보위부 구류장"),
    ("jipkyulso", "Holding centre (jipkyulso)", "집결소"),
    ("kuryujang", "Pre-trial detention (kuryujang)", "구류장"),
    ("kyohwaso", "Prison (kyohwaso)", "교화소"),
    (
        "rodong_danryeondae",
        "Labour training camp (rodong danryeondae)",
        "노동단련대",
    ),
    (
        "kwanliso",
        "Political prison camp (kwanliso)",
        "관리소(정치범수용소)",
    ),
    ("hospital", "Hospital", "병원"),
    ("other", "Other", "기타"),
];

const PERPETRATOR_KINDS: &[(&str, &str, &str)] = &[
    ("broker_trafficker", "Broker or trafficker", "브로커·인신매매범"),
    ("buyer", "Buyer", "구매자"),
    ("buyer_family", "Buyer's family", "구매자 가족"),
    ("chinese_police", "Chinese police", "중국 공안"),
    ("chinese_border_police", "Chinese border police", "중국 변방 공안"),
    ("dprk_state_security", "DPRK State Security", "북한 국가보위성"),
    ("dprk_public_security", "DPRK Public Security", "북한 사회안전성"),
    ("prison_official", "Prison official", "교도관·구금시설 관리"),
    ("medical_staff", "Medical staff", "의료진"),
    ("unknown", "Unknown", "미상"),
    ("other", "Other", "기타"),
];

const QUOTE_LEVELS: &[(&str, &str, &str)] = &[
    ("no", "No quotes", "인용 불가"),
    ("anonymised", "Anonymised quotes", "익명 인용"),
    ("named", "Named quotes", "실명 인용"),
];

const SOURCES: &[(&str, &str, &str)] = &[
    ("direct", "Direct (own experience)", "직접 경험"),
    ("witnessed", "Witnessed", "목격"),
    ("hearsay", "Hearsay", "전해 들음"),
];

fn terms(table: &[(&str, &str, &str)]) -> Vec<Term> {
    table
        .iter()
        .map(|(id, en, ko)| Term::new(*id, *en, *ko))
        .collect()
}

impl Default for Vocabulary {
    /// The default vocabularies of DOMAIN.md.
    fn default() -> Self {
        Vocabulary {
            incident_kinds: terms(INCIDENT_KINDS),
            facility_types: terms(FACILITY_TYPES),
            perpetrator_kinds: terms(PERPETRATOR_KINDS),
            quote_levels: terms(QUOTE_LEVELS),
            sources: terms(SOURCES),
        }
    }
}

fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

impl Vocabulary {
    /// The terms of one vocabulary, in display order.
    pub fn terms(&self, kind: VocabKind) -> &[Term] {
        match kind {
            VocabKind::IncidentKind => &self.incident_kinds,
            VocabKind::FacilityType => &self.facility_types,
            VocabKind::PerpetratorKind => &self.perpetrator_kinds,
            VocabKind::Quote => &self.quote_levels,
            VocabKind::Source => &self.sources,
        }
    }

    fn terms_mut(&mut self, kind: VocabKind) -> &mut Vec<Term> {
        match kind {
            VocabKind::IncidentKind => &mut self.incident_kinds,
            VocabKind::FacilityType => &mut self.facility_types,
            VocabKind::PerpetratorKind => &mut self.perpetrator_kinds,
            VocabKind::Quote => &mut self.quote_levels,
            VocabKind::Source => &mut self.sources,
        }
    }

    /// Incident kinds (`trafficking`, `forced_repatriation`...).
    pub fn incident_kinds(&self) -> &[Term] {
        self.terms(VocabKind::IncidentKind)
    }

    /// Facility types (`kyohwaso`, `jipkyulso`...).
    pub fn facility_types(&self) -> &[Term] {
        self.terms(VocabKind::FacilityType)
    }

    /// Perpetrator kinds (`broker_trafficker`, `dprk_state_security`...).
    pub fn perpetrator_kinds(&self) -> &[Term] {
        self.terms(VocabKind::PerpetratorKind)
    }

    /// Quote levels (`no`, `anonymised`, `named`).
    pub fn quote_levels(&self) -> &[Term] {
        self.terms(VocabKind::Quote)
    }

    /// Source types (`direct`, `witnessed`, `hearsay`).
    pub fn sources(&self) -> &[Term] {
        self.terms(VocabKind::Source)
    }

    /// The term with this id, if any.
    pub fn get(&self, kind: VocabKind, id: &str) -> Option<&Term> {
        self.terms(kind).iter().find(|t| t.id == id)
    }

    /// Whether `id` is a term of that vocabulary.
    pub fn contains(&self, kind: VocabKind, id: &str) -> bool {
        self.get(kind, id).is_some()
    }

    /// The label for `id`, or `id` itself when it is not in the vocabulary.
    pub fn label<'a>(&'a self, kind: VocabKind, id: &'a str, lang: Lang) -> &'a str {
        self.get(kind, id).map_or(id, |t| t.label(lang))
    }

    /// The closest term id within edit distance 2, for "did you mean" hints.
    pub fn suggest(&self, kind: VocabKind, id: &str) -> Option<&str> {
        if id.chars().count() > 64 {
            return None;
        }
        self.terms(kind)
            .iter()
            .map(|t| (edit_distance(&t.id, id), t.id.as_str()))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, t)| t)
    }

    /// Add an organisation's terms to one vocabulary. Either all are added or none.
    pub fn extend(
        &mut self,
        kind: VocabKind,
        new_terms: impl IntoIterator<Item = Term>,
    ) -> Result<(), VocabError> {
        let mut added: Vec<Term> = Vec::new();
        for t in new_terms {
            if !valid_id(&t.id) {
                return Err(VocabError::BadId(t.id));
            }
            if t.en.trim().is_empty() || t.ko.trim().is_empty() {
                return Err(VocabError::EmptyLabel(t.id));
            }
            if self.contains(kind, &t.id) || added.iter().any(|a| a.id == t.id) {
                return Err(VocabError::Duplicate(t.id));
            }
            added.push(t);
        }
        self.terms_mut(kind).extend(added);
        Ok(())
    }
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_domain_md() {
        let v = Vocabulary::default();
        assert_eq!(v.incident_kinds().len(), 23);
        assert_eq!(v.facility_types().len(), 11);
        assert_eq!(v.perpetrator_kinds().len(), 11);
        assert!(v.contains(VocabKind::IncidentKind, "forced_repatriation"));
        assert!(v.contains(VocabKind::FacilityType, "rodong_danryeondae"));
        assert!(v.contains(VocabKind::Quote, "anonymised"));
        assert!(v.contains(VocabKind::Source, "hearsay"));
        assert!(!v.contains(VocabKind::IncidentKind, "kwanliso"));
    }

    #[test]
    fn every_term_has_valid_id_and_both_labels() {
        let v = Vocabulary::default();
        for k in VocabKind::ALL {
            let ts = v.terms(k);
            for (i, t) in ts.iter().enumerate() {
                assert!(valid_id(&t.id), "{}", t.id);
                assert!(!t.en.is_empty() && !t.ko.is_empty(), "{}", t.id);
                assert!(
                    t.ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
                    "{} has no Hangul label",
                    t.id
                );
                assert!(ts[..i].iter().all(|o| o.id != t.id), "duplicate {}", t.id);
            }
        }
    }

    #[test]
    fn korean_labels() {
        let v = Vocabulary::default();
        let ko = |k, id| v.label(k, id, Lang::Ko).to_string();
        assert_eq!(ko(VocabKind::IncidentKind, "trafficking"), "인신매매");
        assert_eq!(ko(VocabKind::IncidentKind, "forced_repatriation"), "강제송환");
        assert_eq!(
            ko(VocabKind::IncidentKind, "torture_ill_treatment"),
            "고문 및 가혹행위"
        );
        assert_eq!(ko(VocabKind::FacilityType, "kwanliso"), "관리소(정치범수용소)");
        assert_eq!(ko(VocabKind::FacilityType, "kyohwaso"), "교화소");
        assert_eq!(ko(VocabKind::FacilityType, "jipkyulso"), "집결소");
        assert_eq!(ko(VocabKind::FacilityType, "kuryujang"), "구류장");
        assert_eq!(ko(VocabKind::FacilityType, "rodong_danryeondae"), "노동단련대");
        assert_eq!(ko(VocabKind::FacilityType, "mss_holding"), "보위부 구류장");
        assert_eq!(v.label(VocabKind::Source, "nope", Lang::En), "nope");
    }

    #[test]
    fn suggestions() {
        let v = Vocabulary::default();
        assert_eq!(
            v.suggest(VocabKind::IncidentKind, "trafficing"),
            Some("trafficking")
        );
        assert_eq!(v.suggest(VocabKind::Quote, "anonymized"), Some("anonymised"));
        assert_eq!(v.suggest(VocabKind::IncidentKind, "bicycle"), None);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn extend_is_all_or_nothing() {
        let mut v = Vocabulary::default();
        v.extend(
            VocabKind::IncidentKind,
            [Term::new(
                "forced_sterilisation",
                "Forced sterilisation",
                "강제불임",
            )],
        )
        .unwrap();
        assert!(v.contains(VocabKind::IncidentKind, "forced_sterilisation"));
        let before = v.clone();
        let err = v
            .extend(
                VocabKind::FacilityType,
                [
                    Term::new("ok_one", "OK", "좋음"),
                    Term::new("Bad Id", "Bad", "나쁨"),
                ],
            )
            .unwrap_err();
        assert!(matches!(err, VocabError::BadId(_)));
        assert_eq!(v, before);
        assert!(matches!(
            v.extend(VocabKind::Quote, [Term::new("no", "No", "아니오")]),
            Err(VocabError::Duplicate(_))
        ));
        assert!(matches!(
            v.extend(VocabKind::Quote, [Term::new("x", "X", " ")]),
            Err(VocabError::EmptyLabel(_))
        ));
    }
}
