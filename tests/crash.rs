//! Crash consistency: the real binary is killed with SIGKILL at a random moment, drawn
//! across the operation's measured duration, during `interview add`, `interview update`,
//! `interview seal`, `export`, headquarters `import`, `receipt import` and
//! `wipe delivered`. After every kill:
//!
//! - the vault opens, its database passes SQLite's integrity check and `log verify` passes;
//! - every operation that reported success before is fully there, and the interrupted one
//!   is either wholly there or not at all;
//! - every bundle (and receipt) under its final name is complete: it imports fully at
//!   headquarters;
//! - headquarters holds all of a bundle's interviews or none;
//! - running the interrupted command again completes it.
//!
//! `cargo test` runs a handful of kills per operation. The long mode is one command:
//!
//! ```sh
//! FIELDVAULT_CRASH_KILLS=500 cargo test --test crash -- --nocapture
//! ```
//!
//! The seed is printed at the start of each operation's run and in every failure message;
//! `FIELDVAULT_CRASH_SEED=N` replays it.
//!
//! Speed: unlocking costs Argon2id (0.7 s at the default 256 MiB). After `init` the tests
//! re-wrap each vault's key in a header with Argon2id at its smallest accepted setting
//! (8 MiB, one pass), which the header format allows anyway; key rotations keep it. Vaults
//! are then reused: the add, update, seal and export runs work on one growing vault each,
//! and the import, receipt and wipe runs copy a prepared vault folder before every kill.

mod common;
mod crash_support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Env, card, sample_paths};
use crash_support::{
    Outcome, Rng, Tally, Trial, cheapen_kdf, copy_dir, final_names, kills, leftovers, run_and_kill,
    run_timed, seed, unlock,
};
use fieldvault_core::domain::Lifecycle;

/// A field vault whose header has the cheap KDF.
fn fast_field() -> Env {
    let env = Env::with_vault();
    cheapen_kdf(&env.vault());
    env
}

fn fast_hq() -> Env {
    let hq = common::init_hq("Seoul HQ");
    cheapen_kdf(&hq.vault());
    hq
}

/// A field vault and a headquarters vault that trust each other.
fn fast_pair() -> (Env, Env) {
    let field = fast_field();
    let hq = fast_hq();
    field.trust(card(&hq, "hq.card").to_str().unwrap()).ok();
    hq.trust(card(&field, "field.card").to_str().unwrap()).ok();
    (field, hq)
}

/// Writes one file holding `n` interviews (the samples, cycled) whose codes start with
/// `prefix`; returns its path and the codes.
fn batch(env: &Env, prefix: &str, n: usize) -> (PathBuf, Vec<String>) {
    let samples: Vec<serde_json::Value> = sample_paths()
        .iter()
        .map(|p| serde_json::from_slice(&fs::read(p).unwrap()).unwrap())
        .collect();
    let mut items = Vec::new();
    let mut codes = Vec::new();
    for i in 0..n {
        let mut value = samples[i % samples.len()].clone();
        let code = format!("{prefix}{i}-{}", value["code"].as_str().unwrap());
        value["code"] = code.clone().into();
        codes.push(code);
        items.push(value);
    }
    let path = env.input(
        &format!("{prefix}batch.json"),
        &serde_json::Value::Array(items).to_string(),
    );
    (path, codes)
}

/// Code → (state, revision) of every interview, read through the façade after checking
/// every database page. Fails if the vault does not open.
fn states(vault: &Path, trial: &Trial) -> BTreeMap<String, (Lifecycle, u32)> {
    let v = unlock(vault).unwrap_or_else(|e| panic!("{trial}: the vault does not open: {e}"));
    v.check_integrity()
        .unwrap_or_else(|e| panic!("{trial}: integrity check failed: {e}"));
    let log = v.verify_log().unwrap();
    assert!(log.is_intact(), "{trial}: audit log broken: {:?}", log.problems);
    v.list(None)
        .unwrap()
        .into_iter()
        .map(|s| (s.code, (s.state, s.revision)))
        .collect()
}

/// `log verify` through the binary, which also proves the binary opens the vault.
fn log_verifies(env: &Env, trial: &Trial) {
    let run = env.run(&["log", "verify"]);
    assert_eq!(
        run.code, 0,
        "{trial}: log verify failed: {} {}",
        run.stdout, run.stderr
    );
}

/// The codes' states, all equal (the operation is one transaction); panics if mixed.
fn common_state(
    all: &BTreeMap<String, (Lifecycle, u32)>,
    codes: &[String],
    trial: &Trial,
) -> Option<Lifecycle> {
    let found: Vec<Option<Lifecycle>> = codes.iter().map(|c| all.get(c).map(|s| s.0)).collect();
    assert!(
        found.windows(2).all(|w| w[0] == w[1]),
        "{trial}: one operation left its interviews in different states: {:?}",
        codes.iter().zip(&found).collect::<Vec<_>>()
    );
    found[0]
}

fn announce(op: &'static str) -> (u64, Rng) {
    let seed = seed();
    eprintln!(
        "crash {op}: seed {seed}, {} kills (FIELDVAULT_CRASH_SEED={seed} replays)",
        kills()
    );
    (seed, Rng::new(seed))
}

fn trial(op: &'static str, seed: u64, index: usize, delay: Duration) -> Trial {
    Trial {
        op,
        seed,
        index,
        delay,
        outcome: String::new(),
    }
}

#[test]
fn killed_interview_add_leaves_all_or_nothing_and_a_rerun_completes_it() {
    let op = "interview add";
    let (seed, mut rng) = announce(op);
    let env = fast_field();
    let (first, mut expected) = batch(&env, "A-", 6);
    let (code, _, err, mut window) =
        run_timed(env.command_with(&["interview", "add", first.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    let mut tally = Tally::default();
    for i in 0..kills() {
        let (file, codes) = batch(&env, &format!("A{i}-"), 6);
        let mut t = trial(op, seed, i, rng.delay(window));
        let outcome = run_and_kill(
            env.command_with(&["interview", "add", file.to_str().unwrap()]),
            t.delay,
        );
        t.outcome = outcome.describe();
        tally.count(op, &outcome);
        log_verifies(&env, &t);
        let all = states(&env.vault(), &t);
        for c in &expected {
            assert_eq!(all.get(c).map(|s| s.0), Some(Lifecycle::Draft), "{t}: {c} lost");
        }
        let now = common_state(&all, &codes, &t);
        if outcome.succeeded() {
            assert_eq!(now, Some(Lifecycle::Draft), "{t}: reported success, not there");
        }
        // Run it again: it adds the batch, or says the codes are already there.
        let (code, _, err, took) = run_timed(env.command_with(&["interview", "add", file.to_str().unwrap()]));
        match now {
            None => {
                assert_eq!(code, 0, "{t}: the rerun failed: {err}");
                window = took;
            }
            Some(_) => assert_eq!(code, 6, "{t}: rerun over a completed add: {err}"),
        }
        let all = states(&env.vault(), &t);
        assert_eq!(common_state(&all, &codes, &t), Some(Lifecycle::Draft), "{t}");
        expected.extend(codes);
    }
    tally.report(op, seed, window);
}

#[test]
fn killed_interview_update_leaves_the_old_or_the_new_text_and_a_rerun_completes_it() {
    let op = "interview update";
    let (seed, mut rng) = announce(op);
    let env = fast_field();
    let (file, codes) = batch(&env, "U-", 6);
    env.run(&["interview", "add", file.to_str().unwrap()]).ok();
    let target = codes[0].clone();
    let mut base: serde_json::Value = serde_json::from_slice(&fs::read(&sample_paths()[0]).unwrap()).unwrap();
    base["code"] = target.clone().into();
    let narrative = |i: usize| format!("Corrected account, version {i}. {}", "text ".repeat(2000));
    let write = |i: usize| {
        let mut v = base.clone();
        v["narrative"] = narrative(i).into();
        env.input(&format!("update-{i}.json"), &v.to_string())
    };
    let read = |t: &Trial| -> String {
        let v = unlock(&env.vault()).unwrap_or_else(|e| panic!("{t}: does not open: {e}"));
        let view = v.show(&target).unwrap();
        view.record.unwrap().value()["narrative"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let first = write(0);
    let (code, _, err, mut window) =
        run_timed(env.command_with(&["interview", "update", &target, first.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    let mut tally = Tally::default();
    for i in 1..=kills() {
        let file = write(i);
        let mut t = trial(op, seed, i, rng.delay(window));
        let outcome = run_and_kill(
            env.command_with(&["interview", "update", &target, file.to_str().unwrap()]),
            t.delay,
        );
        t.outcome = outcome.describe();
        tally.count(op, &outcome);
        log_verifies(&env, &t);
        let all = states(&env.vault(), &t);
        for c in &codes {
            assert_eq!(all.get(c).map(|s| s.0), Some(Lifecycle::Draft), "{t}: {c}");
        }
        let text = read(&t);
        assert!(
            text == narrative(i - 1) || text == narrative(i),
            "{t}: the narrative is neither the old nor the new one"
        );
        if outcome.succeeded() {
            assert_eq!(text, narrative(i), "{t}: reported success, old text");
        }
        let (code, _, err, took) =
            run_timed(env.command_with(&["interview", "update", &target, file.to_str().unwrap()]));
        assert_eq!(code, 0, "{t}: the rerun failed: {err}");
        window = took;
        assert_eq!(read(&t), narrative(i), "{t}: the rerun did not update");
    }
    tally.report(op, seed, window);
}

#[test]
fn killed_interview_seal_leaves_drafts_or_sealed_and_a_rerun_completes_it() {
    let op = "interview seal";
    let (seed, mut rng) = announce(op);
    let env = fast_field();
    let (file, mut sealed) = batch(&env, "S-", 6);
    env.run(&["interview", "add", file.to_str().unwrap()]).ok();
    let (code, _, err, mut window) = run_timed(env.command_with(&["interview", "seal", "--all"]));
    assert_eq!(code, 0, "{err}");
    let mut tally = Tally::default();
    for i in 0..kills() {
        let (file, codes) = batch(&env, &format!("S{i}-"), 6);
        env.run(&["interview", "add", file.to_str().unwrap()]).ok();
        let mut t = trial(op, seed, i, rng.delay(window));
        let outcome = run_and_kill(env.command_with(&["interview", "seal", "--all"]), t.delay);
        t.outcome = outcome.describe();
        tally.count(op, &outcome);
        log_verifies(&env, &t);
        let all = states(&env.vault(), &t);
        for c in &sealed {
            assert_eq!(all.get(c).map(|s| s.0), Some(Lifecycle::Sealed), "{t}: {c}");
        }
        let now = common_state(&all, &codes, &t);
        assert!(
            matches!(now, Some(Lifecycle::Draft | Lifecycle::Sealed)),
            "{t}: {now:?}"
        );
        if outcome.succeeded() {
            assert_eq!(now, Some(Lifecycle::Sealed), "{t}: reported success, not sealed");
        }
        let (code, _, err, took) = run_timed(env.command_with(&["interview", "seal", "--all"]));
        if now == Some(Lifecycle::Draft) {
            assert_eq!(code, 0, "{t}: the rerun failed: {err}");
            window = took;
        }
        let all = states(&env.vault(), &t);
        assert_eq!(common_state(&all, &codes, &t), Some(Lifecycle::Sealed), "{t}");
        sealed.extend(codes);
    }
    tally.report(op, seed, window);
}

#[test]
fn killed_export_never_leaves_an_incomplete_bundle_under_its_final_name() {
    let op = "export";
    let (seed, mut rng) = announce(op);
    let (field, hq) = fast_pair();
    // Enough interviews that writing the bundle takes a measurable part of the run.
    let (file, codes) = batch(&field, "E-", 60);
    field.run(&["interview", "add", file.to_str().unwrap()]).ok();
    field.run(&["interview", "seal", "--all"]).ok();
    let stick = field.root.path().join("stick");
    fs::create_dir(&stick).unwrap();
    let export = || field.command_with(&["export", "--to", stick.to_str().unwrap()]);
    let (code, _, err, mut window) = run_timed(export());
    assert_eq!(code, 0, "{err}");
    let mut checked: Vec<PathBuf> = Vec::new();
    let mut tally = Tally::default();
    // Every bundle under a final name must import fully at headquarters.
    let check_stick = |checked: &mut Vec<PathBuf>, t: &Trial| {
        for bundle in final_names(&stick) {
            if checked.contains(&bundle) {
                continue;
            }
            let run = hq.run(&["import", bundle.to_str().unwrap()]);
            assert_eq!(
                run.code,
                0,
                "{t}: {} is under its final name but does not import: {}",
                bundle.display(),
                run.stderr
            );
            checked.push(bundle);
        }
        let held = states(&hq.vault(), t);
        for c in &codes {
            assert!(held.contains_key(c), "{t}: HQ lacks {c}");
        }
    };
    check_stick(&mut checked, &trial(op, seed, 0, Duration::ZERO));
    for i in 0..kills() {
        let mut t = trial(op, seed, i, rng.delay(window));
        let outcome = run_and_kill(export(), t.delay);
        t.outcome = outcome.describe();
        tally.count(op, &outcome);
        log_verifies(&field, &t);
        let all = states(&field.vault(), &t);
        assert_eq!(common_state(&all, &codes, &t), Some(Lifecycle::Exported), "{t}");
        if let Outcome::Exited { code: 0, stdout, .. } = &outcome {
            assert!(Path::new(stdout.trim()).is_file(), "{t}: reported bundle missing");
        }
        check_stick(&mut checked, &t);
        let (code, _, err, took) = run_timed(export());
        assert_eq!(code, 0, "{t}: the rerun failed: {err}");
        window = took;
        check_stick(&mut checked, &t);
    }
    tally.leftovers = leftovers(&stick);
    tally.report(op, seed, window);
}

/// A field vault with `first` delivered and `second` exported in `bundle`; headquarters
/// holding `first` only; the receipt headquarters wrote for `bundle` on a copy of itself.
struct Handoff {
    field: Env,
    hq: Env,
    first: Vec<String>,
    second: Vec<String>,
    bundle: PathBuf,
    receipt: PathBuf,
}

fn handoff() -> Handoff {
    let (field, hq) = fast_pair();
    let stick = field.root.path().join("stick");
    fs::create_dir(&stick).unwrap();
    let export = |stick: &Path| {
        PathBuf::from(
            field
                .run(&["export", "--to", stick.to_str().unwrap()])
                .ok()
                .stdout
                .trim(),
        )
    };
    // Headquarters imports `bundle` and writes its receipt into a new folder `back`.
    let import = |hq: &Env, bundle: &Path, back: &str| {
        let back = field.root.path().join(back);
        fs::create_dir(&back).unwrap();
        hq.run(&[
            "import",
            bundle.to_str().unwrap(),
            "--receipt-to",
            back.to_str().unwrap(),
        ])
        .ok();
        let receipts = final_names(&back);
        assert_eq!(receipts.len(), 1);
        receipts[0].clone()
    };
    let (file, first) = batch(&field, "H-", 6);
    field.run(&["interview", "add", file.to_str().unwrap()]).ok();
    field.run(&["interview", "seal", "--all"]).ok();
    let b1 = export(&stick);
    let r1 = import(&hq, &b1, "back1");
    field.run(&["receipt", "import", r1.to_str().unwrap()]).ok();
    let (file, second) = batch(&field, "N-", 30);
    field.run(&["interview", "add", file.to_str().unwrap()]).ok();
    field.run(&["interview", "seal", "--all"]).ok();
    let bundle = export(&stick);
    // The receipt for the second bundle comes from a copy, so that `hq` still lacks it.
    let scratch = Env::new();
    copy_dir(&hq.vault(), &scratch.vault());
    let receipt = import(&scratch, &bundle, "back2");
    Handoff {
        field,
        hq,
        first,
        second,
        bundle,
        receipt,
    }
}

#[test]
fn killed_hq_import_holds_all_of_a_bundle_or_none_and_a_rerun_completes_it() {
    let op = "hq import";
    let (seed, mut rng) = announce(op);
    let h = handoff();
    let trial_env = Env::new();
    let receipts = trial_env.root.path().join("receipts");
    let import = |env: &Env| {
        env.command_with(&[
            "import",
            h.bundle.to_str().unwrap(),
            "--receipt-to",
            receipts.to_str().unwrap(),
        ])
    };
    let fresh = || {
        let _ = fs::remove_dir_all(trial_env.vault());
        let _ = fs::remove_dir_all(&receipts);
        fs::create_dir(&receipts).unwrap();
        copy_dir(&h.hq.vault(), &trial_env.vault());
    };
    fresh();
    let (code, _, err, mut window) = run_timed(import(&trial_env));
    assert_eq!(code, 0, "{err}");
    let mut tally = Tally::default();
    for i in 0..kills() {
        fresh();
        let mut t = trial(op, seed, i, rng.delay(window));
        let outcome = run_and_kill(import(&trial_env), t.delay);
        t.outcome = outcome.describe();
        tally.count(op, &outcome);
        log_verifies(&trial_env, &t);
        let all = states(&trial_env.vault(), &t);
        for c in &h.first {
            assert!(all.contains_key(c), "{t}: HQ lost {c} of an earlier bundle");
        }
        let held = h.second.iter().filter(|c| all.contains_key(*c)).count();
        assert!(
            held == 0 || held == h.second.len(),
            "{t}: HQ holds {held} of the bundle's {} interviews",
            h.second.len()
        );
        if outcome.succeeded() {
            assert_eq!(held, h.second.len(), "{t}: reported success, not imported");
        }
        // A receipt under its final name must be complete: the field vault accepts it.
        for receipt in final_names(&receipts) {
            let field = Env::new();
            copy_dir(&h.field.vault(), &field.vault());
            let run = field.run(&["receipt", "import", receipt.to_str().unwrap()]);
            assert_eq!(run.code, 0, "{t}: incomplete receipt: {}", run.stderr);
        }
        tally.leftovers += leftovers(&receipts);
        let (code, _, err, took) = run_timed(import(&trial_env));
        assert_eq!(code, 0, "{t}: the rerun failed: {err}");
        window = took;
        let all = states(&trial_env.vault(), &t);
        assert!(
            h.second.iter().all(|c| all.contains_key(c)),
            "{t}: rerun incomplete"
        );
        assert!(!final_names(&receipts).is_empty(), "{t}: rerun wrote no receipt");
    }
    tally.report(op, seed, window);
}

#[test]
fn killed_receipt_import_marks_all_or_nothing_and_a_rerun_completes_it() {
    let op = "receipt import";
    let (seed, mut rng) = announce(op);
    let h = handoff();
    let trial_env = Env::new();
    let fresh = || {
        let _ = fs::remove_dir_all(trial_env.vault());
        copy_dir(&h.field.vault(), &trial_env.vault());
    };
    let apply = || trial_env.command_with(&["receipt", "import", h.receipt.to_str().unwrap()]);
    fresh();
    let (code, _, err, mut window) = run_timed(apply());
    assert_eq!(code, 0, "{err}");
    let mut tally = Tally::default();
    for i in 0..kills() {
        fresh();
        let mut t = trial(op, seed, i, rng.delay(window));
        let outcome = run_and_kill(apply(), t.delay);
        t.outcome = outcome.describe();
        tally.count(op, &outcome);
        log_verifies(&trial_env, &t);
        let all = states(&trial_env.vault(), &t);
        assert_eq!(
            common_state(&all, &h.first, &t),
            Some(Lifecycle::Delivered),
            "{t}"
        );
        let now = common_state(&all, &h.second, &t);
        assert!(
            matches!(now, Some(Lifecycle::Exported | Lifecycle::Delivered)),
            "{t}: {now:?}"
        );
        if outcome.succeeded() {
            assert_eq!(now, Some(Lifecycle::Delivered), "{t}: reported success");
        }
        let (code, _, err, took) = run_timed(apply());
        assert_eq!(code, 0, "{t}: the rerun failed: {err}");
        window = took;
        let all = states(&trial_env.vault(), &t);
        assert_eq!(
            common_state(&all, &h.second, &t),
            Some(Lifecycle::Delivered),
            "{t}"
        );
    }
    tally.report(op, seed, window);
}

#[test]
fn killed_wipe_delivered_keeps_the_vault_openable_and_a_rerun_completes_it() {
    let op = "wipe delivered";
    let (seed, mut rng) = announce(op);
    let h = handoff();
    // Deliver the second bundle too, then keep a draft and a sealed interview around.
    h.field
        .run(&["receipt", "import", h.receipt.to_str().unwrap()])
        .ok();
    let (file, kept_sealed) = batch(&h.field, "K-", 3);
    h.field.run(&["interview", "add", file.to_str().unwrap()]).ok();
    h.field.run(&["interview", "seal", "--all"]).ok();
    let (file, kept_drafts) = batch(&h.field, "D-", 3);
    h.field.run(&["interview", "add", file.to_str().unwrap()]).ok();
    let delivered: Vec<String> = h.first.iter().chain(&h.second).cloned().collect();

    let trial_env = Env::new();
    let fresh = || {
        let _ = fs::remove_dir_all(trial_env.vault());
        copy_dir(&h.field.vault(), &trial_env.vault());
    };
    let wipe = || trial_env.command_with(&["wipe", "delivered"]);
    fresh();
    let (code, _, err, mut window) = run_timed(wipe());
    assert_eq!(code, 0, "{err}");
    let mut tally = Tally::default();
    for i in 0..kills() {
        fresh();
        let mut t = trial(op, seed, i, rng.delay(window));
        let outcome = run_and_kill(wipe(), t.delay);
        t.outcome = outcome.describe();
        tally.count(op, &outcome);
        log_verifies(&trial_env, &t);
        let all = states(&trial_env.vault(), &t);
        assert_eq!(
            common_state(&all, &kept_sealed, &t),
            Some(Lifecycle::Sealed),
            "{t}"
        );
        assert_eq!(
            common_state(&all, &kept_drafts, &t),
            Some(Lifecycle::Draft),
            "{t}"
        );
        let now = common_state(&all, &delivered, &t);
        assert!(
            matches!(now, Some(Lifecycle::Delivered | Lifecycle::Wiped)),
            "{t}: {now:?}"
        );
        if outcome.succeeded() {
            assert_eq!(now, Some(Lifecycle::Wiped), "{t}: reported success");
        }
        {
            let v = unlock(&trial_env.vault()).unwrap();
            for c in kept_drafts.iter().chain(&kept_sealed) {
                assert!(v.show(c).unwrap().record.is_some(), "{t}: {c} lost its content");
            }
        }
        let (code, _, err, took) = run_timed(wipe());
        assert_eq!(code, 0, "{t}: the rerun failed: {err}");
        window = took;
        let all = states(&trial_env.vault(), &t);
        assert_eq!(common_state(&all, &delivered, &t), Some(Lifecycle::Wiped), "{t}");
        let header = fs::read_to_string(trial_env.vault().join("vault.header")).unwrap();
        assert!(!header.contains("next-key"), "{t}: the rotation was not finished");
    }
    tally.report(op, seed, window);
}

#[test]
fn killed_passphrase_change_leaves_exactly_one_passphrase_that_opens_and_a_rerun_completes_it() {
    use fieldvault_core::secret::Passphrase;
    use fieldvault_core::vault::Vault;
    const NEW: &str = "the passphrase after the change";
    let op = "passphrase change";
    let (seed, mut rng) = announce(op);
    let prepared = fast_field();
    let (file, codes) = batch(&prepared, "P-", 6);
    prepared.run(&["interview", "add", file.to_str().unwrap()]).ok();

    let trial_env = Env::new();
    let new_file = trial_env.input("new-pass", &format!("{NEW}\n"));
    let fresh = || {
        let _ = fs::remove_dir_all(trial_env.vault());
        copy_dir(&prepared.vault(), &trial_env.vault());
        fs::write(trial_env.pass_file(), format!("{}\n", common::PASSPHRASE)).unwrap();
    };
    let change = || {
        trial_env.command_with(&[
            "passphrase",
            "change",
            "--new-passphrase-file",
            new_file.to_str().unwrap(),
        ])
    };
    let opens = |passphrase: &str| Vault::unlock(&trial_env.vault(), &Passphrase::new(passphrase.into()));
    fresh();
    let (code, _, err, mut window) = run_timed(change());
    assert_eq!(code, 0, "{err}");
    let mut tally = Tally::default();
    for i in 0..kills() {
        fresh();
        let mut t = trial(op, seed, i, rng.delay(window));
        let outcome = run_and_kill(change(), t.delay);
        t.outcome = outcome.describe();
        tally.count(op, &outcome);
        // Exactly one passphrase opens; the old one is tried first, as trying the new one
        // finishes an interrupted change.
        let old_opens = opens(common::PASSPHRASE).is_ok();
        let vault = opens(NEW);
        assert!(
            old_opens != vault.is_ok(),
            "{t}: old passphrase opens: {old_opens}, new: {:?}",
            vault.as_ref().err().map(ToString::to_string)
        );
        if outcome.succeeded() {
            assert!(
                vault.is_ok(),
                "{t}: reported success but the new passphrase fails"
            );
        }
        let header = fs::read_to_string(trial_env.vault().join("vault.header")).unwrap();
        assert!(
            !header.contains("next-key"),
            "{t}: an unlock left the re-key unfinished"
        );
        if let Ok(v) = vault {
            v.check_integrity()
                .unwrap_or_else(|e| panic!("{t}: integrity: {e}"));
            let listed: Vec<String> = v.list(None).unwrap().into_iter().map(|s| s.code).collect();
            assert_eq!(listed, codes, "{t}: interviews changed");
            continue;
        }
        // The change had not begun: running it again completes it.
        let (code, _, err, took) = run_timed(change());
        assert_eq!(code, 0, "{t}: the rerun failed: {err}");
        window = took;
        let v = opens(NEW).unwrap_or_else(|e| panic!("{t}: after the rerun: {e}"));
        assert_eq!(v.list(None).unwrap().len(), codes.len(), "{t}");
        assert!(opens(common::PASSPHRASE).is_err(), "{t}");
    }
    tally.report(op, seed, window);
}
