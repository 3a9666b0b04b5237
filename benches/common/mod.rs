//! Deterministic generator of realistic interviews (English and Korean, ~2 KB narrative)
//! for benchmarks. No randomness from the OS: the same seed gives the same corpus.
#![allow(dead_code)]

use serde_json::{Value, json};

/// xorshift64*: small, fast, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub const EN_WORDS: &[&str] = &[
    "the",
    "border",
    "river",
    "market",
    "broker",
    "village",
    "police",
    "night",
    "family",
    "work",
    "detention",
    "centre",
    "checkpoint",
    "questioned",
    "beaten",
    "sold",
    "husband",
    "son",
    "daughter",
    "mother",
    "winter",
    "train",
    "bus",
    "papers",
    "hospital",
    "prison",
    "camp",
    "labour",
    "field",
    "restaurant",
    "promised",
    "crossed",
    "returned",
    "held",
    "months",
    "years",
    "guards",
    "cell",
    "interrogation",
    "hunger",
    "fear",
    "escape",
    "phone",
    "money",
    "debt",
    "farm",
    "factory",
    "city",
    "Yanji",
    "Tumen",
    "Shenyang",
    "Hyesan",
    "Musan",
    "Onsong",
    "Chongjin",
    "Dandong",
    "Changbai",
    "repatriated",
    "pregnant",
    "abortion",
    "registration",
    "school",
    "church",
    "missionary",
    "smuggler",
];

pub const KO_WORDS: &[&str] = &[
    "국경을",
    "강을",
    "건넜다",
    "시장에서",
    "브로커가",
    "마을로",
    "공안에게",
    "밤에",
    "가족과",
    "일자리를",
    "구류장에",
    "검문소에서",
    "조사를",
    "받았다",
    "맞았다",
    "팔려갔다",
    "남편은",
    "아들을",
    "딸과",
    "어머니는",
    "겨울에",
    "기차를",
    "버스를",
    "서류가",
    "병원으로",
    "교화소에서",
    "관리소",
    "노동단련대에",
    "보위부에서",
    "집결소로",
    "연길",
    "투먼",
    "심양",
    "혜산",
    "무산",
    "온성",
    "청진",
    "단둥",
    "장백",
    "북송되었다",
    "임신한",
    "낙태를",
    "강제로",
    "호구",
    "학교에",
    "교회에서",
    "선교사의",
    "도움으로",
    "돈을",
    "빚을",
    "농촌",
    "공장에서",
    "도시로",
    "몇",
    "달",
    "동안",
    "갇혀",
    "있었다",
    "배고픔과",
    "두려움",
];

const KINDS: &[&str] = &[
    "trafficking",
    "forced_marriage",
    "arbitrary_detention",
    "forced_repatriation",
    "torture_ill_treatment",
    "forced_abortion",
    "family_separation",
    "forced_labour",
];
const FACILITIES: &[&str] = &[
    "detention_centre",
    "mss_holding",
    "jipkyulso",
    "kuryujang",
    "kyohwaso",
];

fn text(rng: &mut Rng, words: &[&str], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 32);
    while out.len() < bytes {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(rng.pick(words));
        if rng.below(12) == 0 {
            out.push('.');
        }
    }
    out
}

/// Interview number `n`: even numbers in English, odd in Korean; ~2 KB narrative.
pub fn interview(n: usize, rng: &mut Rng) -> Value {
    let korean = n % 2 == 1;
    let words = if korean { KO_WORDS } else { EN_WORDS };
    let incidents: Vec<Value> = (0..1 + rng.below(3))
        .map(|_| {
            json!({
                "kind": rng.pick(KINDS),
                "when": format!("{}-{:02}", 2005 + rng.below(18), 1 + rng.below(12)),
                "where": { "place": rng.pick(words), "country": if rng.below(2) == 0 { "CN" } else { "KP" } },
                "facility": { "name": text(rng, words, 20), "type": rng.pick(FACILITIES) },
                "perpetrators": [ { "kind": "unknown" } ],
                "victims": [ { "who": "self" } ],
                "source": "direct",
                "description": text(rng, words, 120),
            })
        })
        .collect();
    json!({
        "code": format!("G{:02}-{:06}", n % 100, n),
        "interviewed_on": format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        "place": if korean { "서울" } else { "Seoul" },
        "interviewer": format!("INT-{:02}", rng.below(40)),
        "language": if korean { "ko" } else { "en" },
        "consent": { "recording": rng.below(2) == 0, "quote": "anonymised", "share_with": ["un"] },
        "interviewee": { "gender": "female", "birth_year": format!("{}", 1960 + rng.below(40)), "current_country": "KR" },
        "narrative": text(rng, words, 2000),
        "incidents": incidents,
        "tags": [ rng.pick(words).to_lowercase() ],
    })
}

/// About `bytes` of English prose (for large narratives).
pub fn prose(rng: &mut Rng, bytes: usize) -> String {
    text(rng, EN_WORDS, bytes)
}

/// Percentile (0–100) of sorted samples.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// A benchmark size from the environment, or `default`.
pub fn env_n(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The middle value (sorts `values`).
pub fn median_of(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A file of `mib` MiB of pseudo-random bytes from `seed` (incompressible, like audio or an
/// encrypted bundle).
pub fn random_file(path: &std::path::Path, mib: usize, seed: u64) {
    use std::io::Write;
    let mut state = seed | 1;
    let mut block = vec![0u8; 1 << 20];
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for _ in 0..mib {
        for chunk in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chunk.copy_from_slice(&state.to_le_bytes()[..chunk.len()]);
        }
        file.write_all(&block).unwrap();
    }
    file.flush().unwrap();
}
