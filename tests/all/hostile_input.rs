//! Hostile input at scale: structure-aware mutations of valid interview JSON, trust cards,
//! bundles and receipts, each made by the real writer, fed to the parsers and to the
//! [`Vault`] façade. Every mutant must give either a clean result or a clear error, never a
//! panic; a mutant the façade refuses must leave the vault exactly as it was (its files,
//! byte for byte, and what it reports).
//!
//! Bundles and receipts are mutated at three layers: the encrypted file as found on a stick,
//! the plaintext tar inside (encrypted again, so the tar reader and signature check are
//! reached), and the signed documents (mutated interviews or receipt fields, signed again
//! with the published test keys of `tests/data/hostile/keys`, so the checks behind the
//! signature are reached too).
//!
//! Case counts: `cargo test` runs a few hundred per parser. The long mode is one command
//! (one million cases per parser test):
//!
//! ```sh
//! FIELDVAULT_HOSTILE_CASES=1000000 cargo test --release --test all hostile_input:: -- --nocapture
//! ```
//!
//! The façade tests (each case a real SQLCipher transaction) take a tenth of that count.

use crate::common;

use std::cell::RefCell;
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

use fieldvault_core::domain::{Vocabulary, parse_interviews, revision_hash_input};
use fieldvault_core::secret::Passphrase;
use fieldvault_core::testing::bundle::{
    BundleError, BundleInfo, BundleItem, BundleReader, CardRole, Doc, Manifest, Receipt, ReceiptEntry,
    TrustCard, read_receipt, write_bundle, write_receipt,
};
use fieldvault_core::testing::crypto::digest::sha256_hex;
use fieldvault_core::testing::crypto::seal::{AgeIdentity, AgeRecipient, decrypting_reader, encrypt_to};
use fieldvault_core::testing::crypto::signing::{PublicKey, SigningKey};
use fieldvault_core::vault::{ErrorKind, Role, TrustConfirmation, Vault};

// ---------------------------------------------------------------------------------------
// Case counts

fn cases(quick: u32) -> u32 {
    std::env::var("FIELDVAULT_HOSTILE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(quick)
}

fn config(quick: u32) -> Config {
    Config {
        cases: cases(quick),
        // Mutants are generated, not persisted: a failure prints the shrunk input and seed.
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// Façade cases: a tenth of the parser count, each one a real database transaction.
fn facade_config(quick: u32) -> Config {
    let mut c = config(quick);
    if std::env::var("FIELDVAULT_HOSTILE_CASES").is_ok() {
        c.cases = (c.cases / 10).max(quick);
    }
    c
}

fn run<S: Strategy>(config: Config, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&strategy.prop_map(Short), |Short(v)| test(v)) {
        panic!("{}", short(&e.to_string(), 8_000));
    }
}

/// A generated input whose `Debug` (printed for a failing case) is cut to a readable size:
/// mutants can hold strings of megabytes.
#[derive(Clone)]
struct Short<T>(T);

impl<T: std::fmt::Debug> std::fmt::Debug for Short<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&short(&format!("{:#?}", self.0), 4_000))
    }
}

/// `text` cut to about `max` bytes, with runs of one repeated character shown as a count.
fn short(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut n = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            n += 1;
        }
        if n > 8 {
            out.push_str(&format!("{c}×{n}"));
        } else {
            out.extend(std::iter::repeat_n(c, n));
        }
        if out.len() > max {
            out.push_str(" …(cut)");
            break;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Mutations

/// Words the validators know, so that mutants land on meaningful values as well as noise.
const WORDS: &[&str] = &[
    "code",
    "interviewed_on",
    "place",
    "interviewer",
    "language",
    "interpreter",
    "consent",
    "recording",
    "quote",
    "share_with",
    "note",
    "interviewee",
    "gender",
    "birth_year",
    "origin",
    "current_country",
    "narrative",
    "incidents",
    "kind",
    "when",
    "where",
    "country",
    "facility",
    "type",
    "perpetrators",
    "victims",
    "source",
    "description",
    "children",
    "registered",
    "with_whom",
    "follow_up",
    "tags",
    "trafficking",
    "forced_repatriation",
    "kwanliso",
    "jipkyulso",
    "dprk_state_security",
    "self",
    "sister",
    "direct",
    "hearsay",
    "no",
    "anonymised",
    "named",
    "un",
    "courts",
    "female",
    "KP",
    "CN",
    "kp",
    "ko",
    "en",
    "1991~",
    "2015/2017",
    "2012?",
    "2008-11",
    "2026-02-30",
    "2026-13-01",
    "0000",
    "-1991",
    "1991-00",
    "..",
    "../../etc/passwd",
    "/etc/passwd",
    "\u{0}",
    "\u{202e}",
    "\u{feff}",
    "\r\n",
    "W26-0001",
    "interviews/",
    "manifest.json",
    "null",
    "true",
    "9999999999999999999999",
];

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(WORDS).prop_map(str::to_owned),
        2 => any::<String>(),
        2 => "[A-Za-z0-9 ._~?%/:-]{0,24}",
        1 => (1usize..70_000).prop_map(|n| "가".repeat(n)),
        1 => (1usize..2_000_000).prop_map(|n| "x".repeat(n)),
    ]
}

fn hostile_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        hostile_string().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(hostile_string(), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A change to the JSON tree; node numbers are taken modulo the number of nodes.
#[derive(Debug, Clone)]
enum JsonEdit {
    Set(usize, Value),
    Remove(usize),
    AddKey(usize, String, Value),
    Copy(usize, usize),
    Nest(usize, u16),
}

fn json_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        4 => (any::<usize>(), hostile_value()).prop_map(|(n, v)| JsonEdit::Set(n, v)),
        2 => any::<usize>().prop_map(JsonEdit::Remove),
        2 => (any::<usize>(), hostile_string(), hostile_value()).prop_map(|(n, k, v)| JsonEdit::AddKey(n, k, v)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| JsonEdit::Copy(a, b)),
        1 => (any::<usize>(), 1u16..300).prop_map(|(n, d)| JsonEdit::Nest(n, d)),
    ]
}

/// A change to the bytes; positions are taken modulo the length.
#[derive(Debug, Clone)]
enum ByteEdit {
    Flip(usize, u8),
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    prop_oneof![
        3 => (any::<usize>(), 1u8..=255).prop_map(|(p, b)| ByteEdit::Flip(p, b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| ByteEdit::Set(p, b)),
        2 => (any::<usize>(), prop_oneof![
            prop::collection::vec(any::<u8>(), 1..16),
            hostile_string().prop_map(String::into_bytes),
            (1usize..100_000).prop_map(|n| vec![b'['; n]),
        ]).prop_map(|(p, b)| ByteEdit::Insert(p, b)),
        2 => (any::<usize>(), 1usize..600).prop_map(|(p, n)| ByteEdit::Delete(p, n)),
        1 => any::<usize>().prop_map(ByteEdit::Truncate),
        1 => (any::<usize>(), 1usize..1_100).prop_map(|(p, n)| ByteEdit::Duplicate(p, n)),
    ]
}

fn apply_bytes(bytes: &mut Vec<u8>, edits: &[ByteEdit]) {
    for edit in edits {
        let len = bytes.len().max(1);
        match edit {
            ByteEdit::Flip(p, b) if !bytes.is_empty() => bytes[p % len] ^= b,
            ByteEdit::Set(p, b) if !bytes.is_empty() => bytes[p % len] = *b,
            ByteEdit::Insert(p, ins) => {
                let at = p % (bytes.len() + 1);
                bytes.splice(at..at, ins.iter().copied());
            }
            ByteEdit::Delete(p, n) if !bytes.is_empty() => {
                let at = p % len;
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            ByteEdit::Truncate(p) => bytes.truncate(p % len),
            ByteEdit::Duplicate(p, n) if !bytes.is_empty() => {
                let at = p % len;
                let end = (at + n).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(end..end, copy);
            }
            _ => {}
        }
    }
}

#[derive(Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

fn node_paths(value: &Value, here: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(here.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                here.push(Seg::Key(k.clone()));
                node_paths(v, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                here.push(Seg::Index(i));
                node_paths(v, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(value: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(value, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

fn apply_json(value: &mut Value, edits: &[JsonEdit]) {
    for edit in edits {
        let mut paths = Vec::new();
        node_paths(value, &mut Vec::new(), &mut paths);
        let pick = |n: usize| paths[n % paths.len()].clone();
        match edit {
            JsonEdit::Set(n, v) => *node_mut(value, &pick(*n)) = v.clone(),
            JsonEdit::Remove(n) => {
                let path = pick(*n);
                if let Some((last, parent)) = path.split_last() {
                    match (node_mut(value, parent), last) {
                        (Value::Object(m), Seg::Key(k)) => {
                            m.remove(k);
                        }
                        (Value::Array(a), Seg::Index(i)) => {
                            a.remove(*i);
                        }
                        _ => {}
                    }
                }
            }
            JsonEdit::AddKey(n, k, v) => match node_mut(value, &pick(*n)) {
                Value::Object(m) => {
                    m.insert(k.clone(), v.clone());
                }
                Value::Array(a) => a.push(v.clone()),
                _ => {}
            },
            JsonEdit::Copy(from, to) => {
                let v = node_mut(value, &pick(*from)).clone();
                *node_mut(value, &pick(*to)) = v;
            }
            JsonEdit::Nest(n, depth) => {
                let target = node_mut(value, &pick(*n));
                let mut v = target.take();
                for _ in 0..*depth {
                    v = Value::Array(vec![v]);
                }
                *target = v;
            }
        }
    }
}

fn samples() -> Vec<Vec<u8>> {
    common::sample_paths()
        .iter()
        .map(|p| fs::read(p).unwrap())
        .collect()
}

/// One interview file mutated: a sample (or all of them as an array), JSON edits, then
/// byte edits of the serialized text.
#[derive(Debug, Clone)]
struct JsonMutant {
    base: usize,
    array: bool,
    pretty: bool,
    json: Vec<JsonEdit>,
    bytes: Vec<ByteEdit>,
}

fn json_mutant() -> impl Strategy<Value = JsonMutant> {
    (
        0usize..6,
        prop::bool::weighted(0.2),
        any::<bool>(),
        prop::collection::vec(json_edit(), 0..4),
        prop::collection::vec(byte_edit(), 0..3),
    )
        .prop_map(|(base, array, pretty, json, bytes)| JsonMutant {
            base,
            array,
            pretty,
            json,
            bytes,
        })
}

impl JsonMutant {
    fn build(&self, samples: &[Vec<u8>]) -> Vec<u8> {
        let parse = |b: &[u8]| serde_json::from_slice::<Value>(b).unwrap();
        let mut value = if self.array {
            Value::Array(samples.iter().map(|s| parse(s)).collect())
        } else {
            parse(&samples[self.base])
        };
        apply_json(&mut value, &self.json);
        let mut bytes = if self.pretty {
            serde_json::to_vec_pretty(&value).unwrap()
        } else {
            serde_json::to_vec(&value).unwrap()
        };
        apply_bytes(&mut bytes, &self.bytes);
        bytes
    }
}

/// What every refusal must look like: non-empty, naming the file, short enough to read.
fn clear(message: &str, label: &str) -> Result<(), TestCaseError> {
    prop_assert!(!message.trim().is_empty(), "empty error message");
    prop_assert!(
        message.contains(label),
        "the error does not name {label}: {message}"
    );
    prop_assert!(
        message.len() < 2_000,
        "an unreadably long error ({} bytes): {}",
        message.len(),
        short(message, 600)
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Interview JSON

#[test]
fn mutated_interview_json_is_refused_clearly_or_accepted_consistently() {
    let samples = samples();
    let vocab = Vocabulary::default();
    run(config(512), json_mutant(), |m| {
        let bytes = m.build(&samples);
        match parse_interviews("mutant.json", &bytes, &vocab) {
            Err(e) => clear(&e.to_string(), "mutant.json")?,
            // What was accepted is stored as canonical JSON and parsed again when sealed:
            // that must succeed and give the same record.
            Ok(records) => {
                for r in records {
                    let again = parse_interviews("canonical.json", r.canonical_json().as_bytes(), &vocab)
                        .map_err(|e| TestCaseError::fail(format!("canonical form refused: {e}")))?;
                    prop_assert_eq!(again.len(), 1);
                    prop_assert_eq!(again[0].canonical_json(), r.canonical_json());
                }
            }
        }
        Ok(())
    });
}

/// Every file under the vault folder with its bytes, and what the vault reports.
fn vault_state(v: &Vault) -> (Vec<(PathBuf, Vec<u8>)>, String) {
    let mut files = Vec::new();
    collect(v.dir(), &mut files);
    files.retain(|(p, _)| !p.to_string_lossy().ends_with("-shm"));
    files.sort();
    let report = format!(
        "{:?} {:?} {:?}",
        v.status().unwrap(),
        v.list(None).unwrap(),
        v.verify_log().unwrap().entries
    );
    (files, report)
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push((path.clone(), fs::read(&path).unwrap()));
        }
    }
}

fn unchanged(v: &Vault, before: &(Vec<(PathBuf, Vec<u8>)>, String), what: &str) -> Result<(), TestCaseError> {
    let after = vault_state(v);
    prop_assert!(after.1 == before.1, "{what}: the vault reports a change");
    prop_assert!(after.0 == before.0, "{what}: the vault's files changed");
    Ok(())
}

/// What the person types after the other side reads out its safety number.
fn confirmed(vault: &Vault, card: &str) -> TrustConfirmation {
    TrustConfirmation {
        safety_number: vault.trust_preview(card).unwrap().safety_number,
        accept_new_recipient: false,
    }
}

fn pass() -> Passphrase {
    Passphrase::new(common::PASSPHRASE.into())
}

/// A façade test's vault, put back to its starting state after every 200 accepted mutants
/// (every three in the quick mode, so that `cargo test` resets it too). Each case reads the
/// whole vault and verifies its audit log, so a vault that kept every accepted mutant
/// would make a case cost more the longer the run. Acceptance is rare (1 to 25 in 100,000
/// in the long run), so this is a bound, not a speed-up.
struct FacadeVault {
    vault: Option<Vault>,
    dir: PathBuf,
    pristine: PathBuf,
    accepted: usize,
    reset_after: usize,
    resets: usize,
    accepted_in_all: usize,
}

impl FacadeVault {
    fn new(vault: Vault, scratch: &Path) -> FacadeVault {
        let dir = vault.dir().to_path_buf();
        drop(vault);
        let pristine = scratch.join("pristine");
        copy_vault(&dir, &pristine);
        FacadeVault {
            vault: Some(Vault::unlock(&dir, &pass()).unwrap()),
            dir,
            pristine,
            accepted: 0,
            reset_after: if std::env::var("FIELDVAULT_HOSTILE_CASES").is_ok() {
                200
            } else {
                3
            },
            resets: 0,
            accepted_in_all: 0,
        }
    }

    /// The vault, fresh again if enough mutants were accepted into it.
    fn get(&mut self) -> &mut Vault {
        if self.accepted >= self.reset_after {
            drop(self.vault.take());
            fs::remove_dir_all(&self.dir).unwrap();
            copy_vault(&self.pristine, &self.dir);
            self.vault = Some(Vault::unlock(&self.dir, &pass()).unwrap());
            self.accepted = 0;
            self.resets += 1;
        }
        self.vault.as_mut().unwrap()
    }

    /// Records that the last mutant was accepted (and so may have changed the vault).
    fn accepted(&mut self) {
        self.accepted += 1;
        self.accepted_in_all += 1;
    }
}

impl Drop for FacadeVault {
    fn drop(&mut self) {
        eprintln!(
            "façade: {} mutants accepted; the vault was reset {} times",
            self.accepted_in_all, self.resets
        );
    }
}

/// Copies a closed vault's folder (the SQLite shared-memory file is rebuilt on open).
fn copy_vault(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_vault(&path, &to.join(entry.file_name()));
        } else if !path.to_string_lossy().ends_with("-shm") {
            fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn mutated_interview_json_added_through_the_facade_changes_nothing_when_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = Vault::create(&dir.path().join("v"), &pass(), Role::Field, "laptop").unwrap();
    let samples = samples();
    first
        .add_interviews(&[("w26-0001.json".into(), samples[0].clone())])
        .unwrap();
    let vault = RefCell::new(FacadeVault::new(first, dir.path()));
    run(facade_config(96), json_mutant(), |m| {
        let bytes = m.build(&samples);
        let mut facade = vault.borrow_mut();
        let v = facade.get();
        let before = vault_state(v);
        match v.add_interviews(&[("mutant.json".into(), bytes)]) {
            Ok(added) => {
                prop_assert!(!added.is_empty());
                facade.accepted();
            }
            Err(e) => {
                prop_assert!(
                    matches!(e.kind(), ErrorKind::InvalidInput | ErrorKind::Conflict),
                    "unexpected kind {:?}: {e}",
                    e.kind()
                );
                if e.kind() == ErrorKind::InvalidInput {
                    clear(&e.to_string(), "mutant.json")?;
                }
                unchanged(v, &before, "add")?;
            }
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// Trust cards

/// A change to a card: to one line's value, to the line structure, or to the bytes.
#[derive(Debug, Clone)]
enum CardEdit {
    Value(usize, String),
    Key(usize, String),
    DropLine(usize),
    DupLine(usize),
    SwapLines(usize, usize),
    Crlf,
    Bytes(Vec<ByteEdit>),
}

fn card_edit() -> impl Strategy<Value = CardEdit> {
    prop_oneof![
        3 => (any::<usize>(), hostile_string()).prop_map(|(n, s)| CardEdit::Value(n, s)),
        1 => (any::<usize>(), hostile_string()).prop_map(|(n, s)| CardEdit::Key(n, s)),
        1 => any::<usize>().prop_map(CardEdit::DropLine),
        1 => any::<usize>().prop_map(CardEdit::DupLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| CardEdit::SwapLines(a, b)),
        1 => Just(CardEdit::Crlf),
        3 => prop::collection::vec(byte_edit(), 1..3).prop_map(CardEdit::Bytes),
    ]
}

fn mutate_card(card: &str, edits: &[CardEdit]) -> Vec<u8> {
    let mut text = card.to_owned();
    for edit in edits {
        let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let n = lines.len();
        match edit {
            CardEdit::Value(i, s) => {
                let line = &mut lines[i % n];
                *line = match line.split_once(": ") {
                    Some((k, _)) => format!("{k}: {s}"),
                    None => s.clone(),
                };
            }
            CardEdit::Key(i, s) => {
                let line = &mut lines[i % n];
                if let Some((_, v)) = line.split_once(": ") {
                    *line = format!("{s}: {v}");
                }
            }
            CardEdit::DropLine(i) => {
                lines.remove(i % n);
            }
            CardEdit::DupLine(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            CardEdit::SwapLines(a, b) => lines.swap(a % n, b % n),
            CardEdit::Crlf => {
                text = text.replace('\n', "\r\n");
                continue;
            }
            CardEdit::Bytes(b) => {
                let mut bytes = text.into_bytes();
                apply_bytes(&mut bytes, b);
                text = String::from_utf8_lossy(&bytes).into_owned();
                continue;
            }
        }
        text = lines.join("\n");
    }
    text.into_bytes()
}

/// The published test keys: an Ed25519 key and an age identity per side.
struct TestKeys {
    device: SigningKey,
    device_age: AgeIdentity,
    hq: SigningKey,
    hq_age: AgeIdentity,
}

fn test_keys() -> TestKeys {
    let keys = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile/keys");
    let signing = |name: &str| {
        let b64 = fs::read_to_string(keys.join(name)).unwrap();
        let der = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .unwrap();
        SigningKey::from_pkcs8(&der).unwrap()
    };
    let age = |name: &str| {
        let text = fs::read_to_string(keys.join(name)).unwrap();
        let line = text.lines().find(|l| l.starts_with("AGE-SECRET-KEY-")).unwrap();
        AgeIdentity::from_secret_string(line).unwrap()
    };
    TestKeys {
        device: signing("device.pkcs8.b64"),
        device_age: age("device.agekey"),
        hq: signing("hq.pkcs8.b64"),
        hq_age: age("hq.agekey"),
    }
}

fn card_of(label: &str, role: CardRole, signer: &SigningKey, age: &AgeIdentity) -> String {
    TrustCard {
        label: label.into(),
        role,
        age: age.recipient(),
        ssh: signer.public_key(),
    }
    .render(signer)
    .unwrap()
}

/// Review finding 6: re-adding a card with the same signing key and a new age recipient
/// silently redirected every later export. Now it shows both and needs a yes.
#[test]
fn a_card_that_changes_a_trusted_partys_encryption_key_needs_an_explicit_yes() {
    let k = test_keys();
    let dir = tempfile::tempdir().unwrap();
    let mut field = Vault::create(&dir.path().join("field"), &pass(), Role::Field, "laptop 3").unwrap();
    let card = card_of("Seoul HQ", CardRole::Headquarters, &k.hq, &k.hq_age);
    field.trust_add(&card, &confirmed(&field, &card)).unwrap();
    let other_age = AgeIdentity::generate();
    let changed = card_of("Seoul HQ", CardRole::Headquarters, &k.hq, &other_age);
    let preview = field.trust_preview(&changed).unwrap();
    let change = preview.recipient_change.clone().expect("the change is shown");
    assert_eq!(change.old, k.hq_age.recipient().as_str());
    assert_eq!(change.new, other_age.recipient().as_str());
    let error = field
        .trust_add(&changed, &confirmed(&field, &changed))
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");
    assert!(error.to_string().contains("another encryption key"), "{error}");
    assert_eq!(field.trust_list().unwrap()[0].age_recipient, change.old);
    let yes = TrustConfirmation {
        accept_new_recipient: true,
        ..confirmed(&field, &changed)
    };
    field.trust_add(&changed, &yes).unwrap();
    assert_eq!(field.trust_list().unwrap()[0].age_recipient, change.new);
}

/// Review finding 4: a card swapped in transit is caught by the fingerprint read aloud.
#[test]
fn a_card_whose_fingerprint_differs_from_the_one_read_out_is_refused() {
    let k = test_keys();
    let dir = tempfile::tempdir().unwrap();
    let mut field = Vault::create(&dir.path().join("field"), &pass(), Role::Field, "laptop 3").unwrap();
    let genuine = card_of("Seoul HQ", CardRole::Headquarters, &k.hq, &k.hq_age);
    let swapped = card_of("Seoul HQ", CardRole::Headquarters, &k.device, &k.hq_age);
    let read_out = TrustConfirmation {
        safety_number: TrustCard::parse(&genuine).unwrap().fingerprint().safety_number(),
        accept_new_recipient: false,
    };
    let error = field.trust_add(&swapped, &read_out).unwrap_err();
    assert!(error.to_string().contains("does not match this card"), "{error}");
    assert!(field.trust_list().unwrap().is_empty());
    field.trust_add(&genuine, &read_out).unwrap();
}

#[test]
fn mutated_trust_cards_are_refused_or_mean_exactly_the_original() {
    let k = test_keys();
    let text = card_of("Seoul HQ", CardRole::Headquarters, &k.hq, &k.hq_age);
    let original = TrustCard::parse(&text).unwrap();
    run(config(512), prop::collection::vec(card_edit(), 1..4), |edits| {
        let bytes = mutate_card(&text, &edits);
        let Ok(mutant) = std::str::from_utf8(&bytes) else {
            return Ok(());
        };
        match TrustCard::parse(mutant) {
            // The signature covers every field: nothing else may be accepted.
            Ok(card) => prop_assert_eq!(card, original.clone()),
            Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
        }
        Ok(())
    });
}

#[test]
fn mutated_trust_cards_added_through_the_facade_change_nothing_when_refused() {
    let dir = tempfile::tempdir().unwrap();
    let vault = RefCell::new(FacadeVault::new(
        Vault::create(&dir.path().join("v"), &pass(), Role::Field, "laptop").unwrap(),
        dir.path(),
    ));
    // A real vault's own card, written by the real writer, as the mutation base.
    let hq_dir = tempfile::tempdir().unwrap();
    let hq_card = Vault::create(&hq_dir.path().join("hq"), &pass(), Role::Headquarters, "Seoul HQ")
        .unwrap()
        .trust_card()
        .unwrap();
    let hq_fingerprint = TrustCard::parse(&hq_card).unwrap().fingerprint().to_openssh();
    let hq_safety_number = TrustCard::parse(&hq_card).unwrap().fingerprint().safety_number();
    run(
        facade_config(96),
        prop::collection::vec(card_edit(), 1..4),
        |edits| {
            let bytes = mutate_card(&hq_card, &edits);
            let Ok(mutant) = std::str::from_utf8(&bytes) else {
                return Ok(());
            };
            let mut facade = vault.borrow_mut();
            let v = facade.get();
            let before = vault_state(v);
            // The person confirms the genuine card's safety number, read out by HQ.
            let confirm = TrustConfirmation {
                safety_number: hq_safety_number.clone(),
                accept_new_recipient: false,
            };
            match v.trust_add(mutant, &confirm) {
                // The signature covers every field: only the original party can be added
                // (again: adding a trusted card once more is allowed and logged).
                Ok(party) => {
                    prop_assert_eq!(party.label.as_str(), "Seoul HQ");
                    let all = v.trust_list().unwrap();
                    prop_assert_eq!(all.len(), 1, "a second party was added");
                    prop_assert_eq!(&all[0].fingerprint, &hq_fingerprint);
                    facade.accepted();
                }
                Err(e) => {
                    prop_assert!(!e.to_string().trim().is_empty());
                    unchanged(v, &before, "trust add")?;
                }
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------
// Bundles

/// The samples as a bundle's items with true revision hashes, and their bytes.
fn bundle_items(samples: &[Vec<u8>]) -> (Vec<BundleItem>, Vec<Vec<u8>>) {
    let vocab = Vocabulary::default();
    let mut items = Vec::new();
    for (i, bytes) in samples.iter().enumerate() {
        let record = parse_interviews("s.json", bytes, &vocab).unwrap().remove(0);
        let id = format!("00000000-0000-4000-8000-{:012}", i + 1);
        let hash = sha256_hex(&revision_hash_input(&id, 1, None, &record));
        items.push(BundleItem {
            interview_id: id,
            code: record.code().to_owned(),
            revision: 1,
            previous_hash: None,
            revision_hash: hash,
        });
    }
    (items, samples.to_vec())
}

fn write(
    signer: &SigningKey,
    to: &AgeRecipient,
    items: &[BundleItem],
    contents: &[Vec<u8>],
) -> Option<Vec<u8>> {
    let info = BundleInfo {
        bundle_id: uuid::Uuid::new_v4(),
        sequence: 1,
        created_at: jiff::Timestamp::now(),
        audit: None,
        consent_changes: Vec::new(),
    };
    // The writer refuses some mutants itself (an oversized interview): those are skipped.
    write_bundle(
        Vec::new(),
        signer,
        std::slice::from_ref(to),
        &info,
        items,
        |i, _| Ok(contents[i].clone()),
    )
    .ok()
    .map(|(out, _)| out)
}

fn decrypt(identity: &AgeIdentity, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut decrypting_reader(identity, bytes).unwrap(), &mut out).unwrap();
    out
}

fn encrypt(to: &AgeRecipient, plain: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encrypt_to(std::slice::from_ref(to), plain, &mut out).unwrap();
    out
}

/// How a bundle or receipt is mutated.
#[derive(Debug, Clone)]
enum Layer {
    /// The encrypted file's bytes.
    Encrypted(Vec<ByteEdit>),
    /// The plaintext tar's bytes, then encrypted again.
    Plaintext(Vec<ByteEdit>),
    /// One interview's JSON (bundles) or the receipt's fields, then signed again.
    Signed(usize, JsonMutant),
}

fn layer() -> impl Strategy<Value = Layer> {
    prop_oneof![
        prop::collection::vec(byte_edit(), 1..3).prop_map(Layer::Encrypted),
        prop::collection::vec(byte_edit(), 1..3).prop_map(Layer::Plaintext),
        (0usize..6, json_mutant()).prop_map(|(i, m)| Layer::Signed(i, m)),
    ]
}

/// Everything a bundle reader yields: the manifest and each interview's bytes.
fn read_all(
    bytes: &[u8],
    identity: &AgeIdentity,
    device: &PublicKey,
) -> Result<(Manifest, Vec<Vec<u8>>), BundleError> {
    let mut reader = BundleReader::open(bytes, identity, |key| {
        if key == device {
            Ok(())
        } else {
            Err(BundleError::unknown_signer(Doc::Bundle, key))
        }
    })?;
    let manifest = reader.manifest().clone();
    let mut files = Vec::new();
    while let Some((_, bytes)) = reader.next_interview()? {
        files.push(bytes);
    }
    reader.finish()?;
    Ok((manifest, files))
}

/// A mutated bundle, and the interview bytes it was signed with.
fn mutate_bundle(
    layer: &Layer,
    valid: &[u8],
    plain: &[u8],
    k: &TestKeys,
    to: &AgeRecipient,
    samples: &[Vec<u8>],
) -> Option<(Vec<u8>, Vec<Vec<u8>>)> {
    let (mut items, mut contents) = bundle_items(samples);
    match layer {
        Layer::Encrypted(edits) => {
            let mut bytes = valid.to_vec();
            apply_bytes(&mut bytes, edits);
            Some((bytes, contents))
        }
        Layer::Plaintext(edits) => {
            let mut bytes = plain.to_vec();
            apply_bytes(&mut bytes, edits);
            Some((encrypt(to, &bytes), contents))
        }
        Layer::Signed(i, m) => {
            let mutated = m.build(samples);
            // A mutant that still parses gets its true revision hash, as a device would write.
            if let Ok(mut records) = parse_interviews("m.json", &mutated, &Vocabulary::default())
                && records.len() == 1
            {
                let record = records.remove(0);
                items[*i].code = record.code().to_owned();
                items[*i].revision_hash =
                    sha256_hex(&revision_hash_input(&items[*i].interview_id, 1, None, &record));
            }
            contents[*i] = mutated;
            Some((write(&k.device, to, &items, &contents)?, contents))
        }
    }
}

#[test]
fn mutated_bundles_are_refused_or_yield_exactly_what_was_signed() {
    let k = test_keys();
    let samples = samples();
    let (items, contents) = bundle_items(&samples);
    let to = k.hq_age.recipient();
    let valid = write(&k.device, &to, &items, &contents).unwrap();
    let plain = decrypt(&k.hq_age, &valid);
    let (_, original) = read_all(&valid, &k.hq_age, &k.device.public_key()).unwrap();
    run(config(256), layer(), |layer| {
        let Some((bytes, signed)) = mutate_bundle(&layer, &valid, &plain, &k, &to, &samples) else {
            return Ok(());
        };
        match read_all(&bytes, &k.hq_age, &k.device.public_key()) {
            Ok((_, files)) => match layer {
                // age authenticates every byte of the file.
                Layer::Encrypted(_) => {
                    prop_assert!(bytes == valid, "a changed encrypted bundle was accepted")
                }
                Layer::Plaintext(_) => prop_assert!(files == original, "changed content was accepted"),
                Layer::Signed(..) => prop_assert!(files == signed),
            },
            Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
        }
        Ok(())
    });
}

#[test]
fn mutated_bundles_imported_at_headquarters_change_nothing_when_refused() {
    let k = test_keys();
    let samples = samples();
    let dir = tempfile::tempdir().unwrap();
    let mut hq = Vault::create(&dir.path().join("hq"), &pass(), Role::Headquarters, "Seoul HQ").unwrap();
    let card = card_of("laptop 3", CardRole::Field, &k.device, &k.device_age);
    hq.trust_add(&card, &confirmed(&hq, &card)).unwrap();
    // Headquarters' own age identity, from its key escrow file.
    let escrow = dir.path().join("hq-key.txt");
    hq.export_hq_key(&escrow).unwrap();
    let text = fs::read_to_string(&escrow).unwrap();
    let hq_age =
        AgeIdentity::from_secret_string(text.lines().find(|l| l.starts_with("AGE-SECRET")).unwrap()).unwrap();
    let to = hq_age.recipient();
    let (items, contents) = bundle_items(&samples);
    let valid = write(&k.device, &to, &items, &contents).unwrap();
    let plain = decrypt(&hq_age, &valid);
    let hq = RefCell::new(FacadeVault::new(hq, dir.path()));
    let file = dir.path().join("mutant.bundle");
    run(facade_config(64), layer(), |layer| {
        let Some((bytes, _)) = mutate_bundle(&layer, &valid, &plain, &k, &to, &samples) else {
            return Ok(());
        };
        fs::write(&file, &bytes).unwrap();
        let mut facade = hq.borrow_mut();
        let v = facade.get();
        let before = vault_state(v);
        match v.import_bundles(std::slice::from_ref(&file), None) {
            Ok(done) => {
                prop_assert_eq!(done.len(), 1);
                facade.accepted();
            }
            Err(e) => {
                prop_assert!(
                    matches!(e.kind(), ErrorKind::Rejected | ErrorKind::Conflict),
                    "unexpected kind {:?}: {e}",
                    e.kind()
                );
                prop_assert!(!e.to_string().trim().is_empty());
                unchanged(v, &before, "import")?;
            }
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// Receipts

fn receipt_mutant() -> impl Strategy<Value = (Layer, Vec<JsonEdit>)> {
    (layer(), prop::collection::vec(json_edit(), 1..3))
}

/// A receipt changed at one layer; for the signed layer its fields are edited as JSON and
/// it is signed again (mutants the writer itself refuses come back as `None`).
fn mutate_receipt(
    layer: &Layer,
    edits: &[JsonEdit],
    receipt: &Receipt,
    valid: &[u8],
    plain: Option<&[u8]>,
    hq: &SigningKey,
    to: &AgeRecipient,
) -> Option<(Vec<u8>, Option<Receipt>)> {
    match layer {
        Layer::Encrypted(e) => {
            let mut bytes = valid.to_vec();
            apply_bytes(&mut bytes, e);
            Some((bytes, None))
        }
        Layer::Plaintext(e) => {
            let mut bytes = plain?.to_vec();
            apply_bytes(&mut bytes, e);
            Some((encrypt(to, &bytes), None))
        }
        Layer::Signed(..) => {
            let mut value = serde_json::to_value(receipt).unwrap();
            apply_json(&mut value, edits);
            let mutated: Receipt = serde_json::from_value(value).ok()?;
            let (bytes, _) = write_receipt(Vec::new(), hq, to, &mutated).ok()?;
            Some((bytes, Some(mutated)))
        }
    }
}

fn sample_receipt(k: &TestKeys, device: &str, entries: Vec<ReceiptEntry>) -> Receipt {
    Receipt {
        format: fieldvault_core::testing::bundle::RECEIPT_FORMAT.into(),
        receipt_id: uuid::Uuid::new_v4().to_string(),
        bundle_id: uuid::Uuid::new_v4().to_string(),
        device: device.into(),
        hq: k.hq.public_key().fingerprint().hex(),
        sequence: 1,
        received_at: "2026-11-28T10:00:00Z".into(),
        revisions: entries,
    }
}

#[test]
fn mutated_receipts_are_refused_or_say_exactly_what_was_signed() {
    let k = test_keys();
    let samples = samples();
    let (items, _) = bundle_items(&samples);
    let entries = items
        .iter()
        .map(|i| ReceiptEntry {
            interview_id: i.interview_id.clone(),
            code: i.code.clone(),
            revision: 1,
            revision_hash: i.revision_hash.clone(),
        })
        .collect();
    let device_fp = k.device.public_key().fingerprint();
    let receipt = sample_receipt(&k, &device_fp.hex(), entries);
    let to = k.device_age.recipient();
    let (valid, _) = write_receipt(Vec::new(), &k.hq, &to, &receipt).unwrap();
    let plain = decrypt(&k.device_age, &valid);
    let hq_pub = k.hq.public_key();
    let read = |bytes: &[u8]| {
        read_receipt(bytes, &k.device_age, &device_fp, |key| {
            if *key == hq_pub {
                Ok(())
            } else {
                Err(BundleError::unknown_signer(Doc::Receipt, key))
            }
        })
    };
    run(config(256), receipt_mutant(), |(layer, edits)| {
        let Some((bytes, signed)) =
            mutate_receipt(&layer, &edits, &receipt, &valid, Some(&plain), &k.hq, &to)
        else {
            return Ok(());
        };
        match read(&bytes) {
            Ok(got) => match layer {
                Layer::Encrypted(_) => {
                    prop_assert!(bytes == valid, "a changed encrypted receipt was accepted")
                }
                Layer::Plaintext(_) => prop_assert_eq!(got, receipt.clone()),
                Layer::Signed(..) => prop_assert_eq!(Some(got), signed),
            },
            Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
        }
        Ok(())
    });
}

#[test]
fn mutated_receipts_imported_on_the_laptop_change_nothing_when_refused() {
    let k = test_keys();
    let dir = tempfile::tempdir().unwrap();
    let mut field = Vault::create(&dir.path().join("field"), &pass(), Role::Field, "laptop 3").unwrap();
    let card = card_of("Seoul HQ", CardRole::Headquarters, &k.hq, &k.hq_age);
    field.trust_add(&card, &confirmed(&field, &card)).unwrap();
    let files: Vec<(String, Vec<u8>)> = samples()
        .into_iter()
        .enumerate()
        .map(|(i, b)| (format!("{i}.json"), b))
        .collect();
    field.add_interviews(&files).unwrap();
    field.seal_all_drafts().unwrap();
    let stick = dir.path().join("stick");
    fs::create_dir(&stick).unwrap();
    // The real export; headquarters' side is played with the published test HQ key.
    let report = field.export(&stick).unwrap();
    let manifest = {
        let bytes = fs::read(&report.path).unwrap();
        let reader = BundleReader::open(&bytes[..], &k.hq_age, |_| Ok(())).unwrap();
        reader.manifest().clone()
    };
    let mut receipt = sample_receipt(
        &k,
        &manifest.device,
        manifest.interviews.iter().map(ReceiptEntry::from).collect(),
    );
    receipt.bundle_id = manifest.bundle_id.clone();
    receipt.sequence = manifest.sequence;
    let to = TrustCard::parse(&field.trust_card().unwrap()).unwrap().age;
    let (valid, _) = write_receipt(Vec::new(), &k.hq, &to, &receipt).unwrap();
    let field = RefCell::new(FacadeVault::new(field, dir.path()));
    let file = dir.path().join("mutant.receipt");
    run(facade_config(64), receipt_mutant(), |(layer, edits)| {
        // No plaintext layer here: the laptop's age key never leaves the vault.
        let Some((bytes, _)) = mutate_receipt(&layer, &edits, &receipt, &valid, None, &k.hq, &to) else {
            return Ok(());
        };
        fs::write(&file, &bytes).unwrap();
        let mut facade = field.borrow_mut();
        let v = facade.get();
        let before = vault_state(v);
        let exported: Vec<String> = v
            .list(None)
            .unwrap()
            .into_iter()
            .filter(|s| s.state == fieldvault_core::domain::Lifecycle::Exported)
            .map(|s| s.code)
            .collect();
        match v.import_receipt(&file) {
            // Accepted: it was signed by the trusted HQ and names revisions of that bundle;
            // exactly those are now delivered.
            Ok(r) => {
                for line in &r.delivered {
                    let code = line.split(' ').next().unwrap();
                    prop_assert!(exported.iter().any(|c| c == code), "{code} was not exported");
                }
                facade.accepted();
            }
            Err(e) => {
                prop_assert!(
                    matches!(e.kind(), ErrorKind::Rejected | ErrorKind::Io),
                    "unexpected kind {:?}: {e}",
                    e.kind()
                );
                prop_assert!(!e.to_string().trim().is_empty());
                unchanged(v, &before, "receipt import")?;
            }
        }
        Ok(())
    });
}
