//! The sample interviews are kept in the repository (`tests/data/samples`) so that a plain
//! clone builds its demo and runs its tests; where the project's `shared/samples` sits
//! beside the repository (as in CI), the copies must be identical, so that a changed or
//! added sample cannot go untested.

use std::fs;
use std::path::Path;

fn json_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_repository_copies_equal_shared_samples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/samples");
    if !shared.is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "CI runs with shared/ beside the repository, but {} is missing",
                shared.display()
            );
        }
        eprintln!("SKIPPED: no shared/samples beside this clone");
        return;
    }
    let ours = json_files(&root.join("tests/data/samples"));
    let theirs = json_files(&shared);
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&ours),
        names(&theirs),
        "copy shared/samples/*.json into tests/data/samples/"
    );
    for ((name, a), (_, b)) in ours.iter().zip(&theirs) {
        assert_eq!(a, b, "{name} differs from shared/samples: copy it again");
    }
}
