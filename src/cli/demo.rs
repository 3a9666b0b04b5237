//! `fieldvault demo`: the whole core loop in a throwaway vault, for a first look.

use std::path::Path;

use super::{CliError, output};
use crate::secret::Passphrase;
use crate::vault::{Role, Vault};

/// The fictional sample interviews shipped with the source (copies of `shared/samples`).
const SAMPLES: &[(&str, &str)] = &[
    (
        "w26-0001.json",
        include_str!("../../tests/data/samples/w26-0001.json"),
    ),
    (
        "w26-0002.json",
        include_str!("../../tests/data/samples/w26-0002.json"),
    ),
    (
        "w26-0003.json",
        include_str!("../../tests/data/samples/w26-0003.json"),
    ),
    (
        "w26-0004.json",
        include_str!("../../tests/data/samples/w26-0004.json"),
    ),
    (
        "w26-0005.json",
        include_str!("../../tests/data/samples/w26-0005.json"),
    ),
    (
        "w26-0006.json",
        include_str!("../../tests/data/samples/w26-0006.json"),
    ),
];

fn load(dir: Option<&Path>) -> Result<Vec<(String, Vec<u8>)>, CliError> {
    let Some(dir) = dir else {
        return Ok(SAMPLES
            .iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect());
    };
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| CliError::usage(format!("cannot read {}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let bytes = std::fs::read(&path)
                .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
            files.push((path.display().to_string(), bytes));
        }
    }
    files.sort();
    Ok(files)
}

pub fn run(samples: Option<&Path>) -> Result<u8, CliError> {
    let files = load(samples)?;
    let dir = std::env::temp_dir().join(format!("fieldvault-demo-{}", uuid::Uuid::new_v4().simple()));
    let passphrase = Passphrase::new(format!("demo {}", uuid::Uuid::new_v4()));
    let result = (|| -> Result<u8, CliError> {
        println!(
            "1. Creating a throwaway field vault in {} (Argon2id unlock cost included)…",
            dir.display()
        );
        let started = std::time::Instant::now();
        let mut vault = Vault::create(&dir, &passphrase, Role::Field, "Demo laptop")?;
        drop(vault);
        vault = Vault::unlock(&dir, &passphrase)?;
        println!(
            "   created and unlocked again in {:.2} s",
            started.elapsed().as_secs_f64()
        );
        println!(
            "\n2. Importing {} sample interview file(s) in one transaction…",
            files.len()
        );
        for added in vault.add_interviews(&files)? {
            println!("   {}  {}", added.id, added.code);
        }
        println!("\n3. Interviews:");
        output::list(&vault.list(None)?, false);
        for query in ["detention", "Yanji", "보위부", "구류장", "북송"] {
            println!("\n4. Searching for {query:?}:");
            output::search(&vault.search(query, 5)?, false);
        }
        println!("\n5. Sealing every draft (each gets a SHA-256 revision hash)…");
        for s in vault.seal_all_drafts()? {
            println!("   {}  {}", s.code, s.hash.as_deref().unwrap_or(""));
        }
        println!("\n6. Status:");
        output::status(&vault.status()?, false);
        println!("\n7. Audit log:");
        output::log_report(&vault.verify_log()?, false);
        Ok(super::exit::OK)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    println!("\nThe demo vault was removed.");
    result
}
