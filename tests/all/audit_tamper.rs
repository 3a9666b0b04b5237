//! `log verify` catches an audit log changed behind fieldvault's back: the database is
//! opened with the real key (as someone holding it could) and an entry is edited or removed.

use crate::common;

use common::Env;
use fieldvault_core::secret::Passphrase;
use fieldvault_core::testing::crypto::header::VaultHeader;

fn tamper(env: &Env, sql: &str) {
    let header = VaultHeader::parse(&std::fs::read(env.vault().join("vault.header")).unwrap()).unwrap();
    let keys = header
        .unlock(&Passphrase::new(common::PASSPHRASE.to_owned()))
        .unwrap();
    let conn = rusqlite::Connection::open(env.vault().join("vault.db")).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'{}'\";",
        hex::encode(keys.current().expose_secret())
    ))
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

fn session() -> Env {
    let env = Env::with_vault();
    env.add_samples();
    env.run(&["interview", "seal", "W26-0001"]).ok();
    env.run(&["log", "verify"]).ok();
    env
}

#[test]
fn a_changed_entry_is_reported_by_number() {
    let env = session();
    tamper(
        &env,
        "UPDATE audit_log SET action = 'draft_updated' WHERE seq = 3",
    );
    let run = env.run(&["log", "verify"]);
    assert_eq!(run.code, 8, "{}", run.stdout);
    assert!(
        run.stdout.contains("entry 3: changed after it was written"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_changed_payload_is_reported() {
    let env = session();
    tamper(
        &env,
        "UPDATE audit_payload SET payload = '{\"code\":\"X\"}' WHERE seq = 2",
    );
    let run = env.run(&["log", "verify"]);
    assert_eq!(run.code, 8);
    assert!(run.stdout.contains("entry 2: payload changed"), "{}", run.stdout);
}

#[test]
fn a_removed_entry_in_the_middle_is_reported() {
    let env = session();
    tamper(
        &env,
        "DELETE FROM audit_payload WHERE seq = 4; DELETE FROM audit_log WHERE seq = 4",
    );
    let run = env.run(&["log", "verify"]);
    assert_eq!(run.code, 8);
    assert!(run.stdout.contains("entry 4: missing"), "{}", run.stdout);
}

#[test]
fn entries_removed_from_the_end_are_reported() {
    let env = session();
    tamper(
        &env,
        "DELETE FROM audit_payload WHERE seq >= 7; DELETE FROM audit_log WHERE seq >= 7",
    );
    let run = env.run(&["log", "verify"]);
    assert_eq!(run.code, 8);
    assert!(run.stdout.contains("entries removed or added"), "{}", run.stdout);
}
