//! Bundles split into parts (#17, item 4), through the real binary. A bundle larger than
//! the part size is written as `NAME.001-of-00N` … parts of one age stream; headquarters'
//! import joins them, `cat NAME.* | age -d | tar -x` recovers them without fieldvault, a
//! part missing, out of order, foreign or extra refuses the bundle with a message that
//! says which, and a receipt lets `wipe exported` take every part.
//!
//! The default part size is FAT32's limit, 4 GiB less one byte; these tests give
//! `--part-size 64KiB` so that a bundle of a few hundred KiB splits. It is the same code
//! path (the writer fills each part to the part size, whatever it is), without writing
//! gigabytes in CI.

use crate::attachments::{input, pdf, wav};
use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Env, Pair, files_containing, pair};

/// The part size the tests use: the smallest accepted.
const PART: u64 = 64 * 1024;

/// A sealed interview `W26-0900` on the laptop with a recording of `seconds` and a scan
/// attached; returns the originals.
fn interview_with_attachments(pair: &Pair, seconds: u32) -> (PathBuf, PathBuf) {
    let draft = pair.field.root.path().join("w26-0900.json");
    let sample = fs::read_to_string(&common::sample_paths()[0]).unwrap();
    fs::write(&draft, sample.replace("W26-0001", "W26-0900")).unwrap();
    pair.field
        .run(&["interview", "add", draft.to_str().unwrap()])
        .ok();
    let (audio, scan) = (
        input(&pair.field, "testimony.wav"),
        input(&pair.field, "letter.pdf"),
    );
    wav(&audio, seconds);
    pdf(&scan);
    pair.field
        .run(&[
            "attach",
            "add",
            "W26-0900",
            audio.to_str().unwrap(),
            scan.to_str().unwrap(),
        ])
        .ok();
    pair.field.run(&["interview", "seal", "W26-0900"]).ok();
    (audio, scan)
}

/// `export --part-size 64KiB` into `dir`; returns the paths it printed, one per part.
fn export_in_parts(env: &Env, dir: &Path) -> Vec<PathBuf> {
    let out = env
        .run(&["export", "--to", dir.to_str().unwrap(), "--part-size", "64KiB"])
        .ok();
    out.stdout.lines().map(PathBuf::from).collect()
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The common name of `NAME.001-of-003`.
fn base_of(part: &Path) -> String {
    name_of(part).rsplit_once('.').unwrap().0.to_owned()
}

/// Every name in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| name_of(&e.unwrap().path()))
        .collect();
    names.sort();
    names
}

fn archive(hq: &Env) -> Vec<serde_json::Value> {
    serde_json::from_str(&hq.run(&["interview", "list", "--json"]).ok().stdout).unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    fieldvault_core::relay::body_digest(bytes)
}

/// Export over the part size → numbered parts, each within it → headquarters imports the
/// stick and the attachments come out byte for byte → `cat`, `age` and `tar` alone recover
/// the same bytes → the receipt comes back and `wipe exported` takes every part.
#[test]
fn a_bundle_over_the_part_size_travels_in_parts_and_arrives_whole() {
    let pair = pair();
    let (audio, scan) = interview_with_attachments(&pair, 4);
    let stick = pair.stick.path();
    let parts = export_in_parts(&pair.field, stick);

    assert!(parts.len() >= 3, "{parts:?}");
    let base = base_of(&parts[0]);
    assert!(
        base.len() == 32 && base.bytes().all(|b| b.is_ascii_hexdigit()),
        "{base}"
    );
    let count = parts.len();
    for (i, part) in parts.iter().enumerate() {
        assert_eq!(name_of(part), format!("{base}.{:03}-of-{count:03}", i + 1));
        let len = fs::metadata(part).unwrap().len();
        assert!(len <= PART, "{part:?} is {len} bytes");
        if i + 1 < count {
            assert_eq!(len, PART, "every part but the last is full");
        }
    }
    // Exactly the parts on the stick: nothing temporary, nothing in the clear.
    let mut expected: Vec<String> = parts.iter().map(|p| name_of(p)).collect();
    expected.sort();
    assert_eq!(names_in(stick), expected);
    assert_eq!(
        files_containing(stick, crate::attachments::CANARY),
        Vec::<PathBuf>::new()
    );

    // Headquarters imports the stick: one bundle, joined from its parts.
    let imported = pair
        .hq
        .run(&[
            "import",
            stick.to_str().unwrap(),
            "--receipt-to",
            stick.to_str().unwrap(),
        ])
        .ok();
    assert!(
        imported
            .stdout
            .contains(&format!("{base} ({count} parts): bundle 1")),
        "{}",
        imported.stdout
    );
    assert_eq!(archive(&pair.hq).len(), 7);
    for original in [&audio, &scan] {
        let name = name_of(original);
        let out = pair.hq.root.path().join(format!("hq-{name}"));
        pair.hq
            .run(&[
                "attach",
                "export",
                "W26-0900",
                &name,
                "--to",
                out.to_str().unwrap(),
                "--plaintext-ok",
            ])
            .ok();
        assert_eq!(fs::read(&out).unwrap(), fs::read(original).unwrap(), "{name}");
    }

    // Standard tools alone: the parts joined by `cat` in glob order are the age file.
    if common::tools_available(&["age"], "age") {
        let work = tempfile::tempdir().unwrap();
        let key = work.path().join("hq-key.txt");
        pair.hq
            .run(&[
                "hq",
                "key",
                "export",
                "--out",
                key.to_str().unwrap(),
                "--i-understand",
            ])
            .ok();
        let script = format!(
            "cat '{}'/{base}.*-of-* | age -d -i hq-key.txt | tar -xf - && sha256sum attachments/*",
            stick.display()
        );
        let out = Command::new("sh")
            .args(["-c", &script])
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let sums = String::from_utf8_lossy(&out.stdout).into_owned();
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(work.path().join("manifest.json")).unwrap()).unwrap();
        let entries = manifest["attachments"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        for entry in entries {
            let file = entry["file"].as_str().unwrap();
            let line = format!("{}  {file}", entry["sha256"].as_str().unwrap());
            assert!(sums.contains(&line), "{line} not in {sums}");
            let original = if entry["name"] == "testimony.wav" {
                &audio
            } else {
                &scan
            };
            let recovered = fs::read(work.path().join(file)).unwrap();
            assert_eq!(sha256_hex(&recovered), sha256_hex(&fs::read(original).unwrap()));
        }
    }

    // The receipt comes back: `wipe exported` takes every part and leaves the receipt.
    pair.field
        .run(&["receipt", "import", stick.to_str().unwrap()])
        .ok();
    let wiped = pair
        .field
        .run(&["wipe", "exported", "--in", stick.to_str().unwrap(), "--json"])
        .ok();
    let wiped: serde_json::Value = serde_json::from_str(&wiped.stdout).unwrap();
    assert_eq!(wiped["wiped"].as_array().unwrap().len(), count, "{wiped}");
    let left = names_in(stick);
    assert_eq!(left.len(), 1, "only the receipt stays: {left:?}");
    assert!(!left[0].contains(&base), "{left:?}");
}

/// Copies `parts` into a fresh folder, under the names `rename` gives (None: left out).
fn stick_with(parts: &[PathBuf], rename: impl Fn(usize, &str) -> Option<String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, part) in parts.iter().enumerate() {
        if let Some(name) = rename(i, &name_of(part)) {
            fs::copy(part, dir.path().join(name)).unwrap();
        }
    }
    dir
}

/// Each fault is refused before anything is stored, naming the bundle and the part; the
/// complete set imports afterwards.
#[test]
fn a_missing_reordered_foreign_or_extra_part_refuses_the_bundle_and_stores_nothing() {
    let pair = pair();
    interview_with_attachments(&pair, 4);
    let first = tempfile::tempdir().unwrap();
    let parts = export_in_parts(&pair.field, first.path());
    let (base, count) = (base_of(&parts[0]), parts.len());
    assert!(count >= 3, "{parts:?}");
    // A second export of the same interviews: another bundle, parts of the same sizes.
    let second = tempfile::tempdir().unwrap();
    let other = export_in_parts(&pair.field, second.path());
    assert!(other.len() >= 3, "{other:?}");

    let import = |dir: &Path, needle: &str| {
        let run = pair.hq.run(&["import", dir.to_str().unwrap()]);
        let run = run.fails(9, needle);
        assert!(run.stderr.contains(&base), "{}", run.stderr);
        assert_eq!(archive(&pair.hq).len(), 0, "nothing may be stored");
    };

    let missing = stick_with(&parts, |i, name| (i != 1).then(|| name.to_owned()));
    import(
        missing.path(),
        &format!("part 2 of {count} of {base} is missing; copy every part of the bundle from the stick"),
    );
    // Given only the first part's path, the import still looks for the others beside it.
    let run = pair.hq.run(&[
        "import",
        missing.path().join(name_of(&parts[0])).to_str().unwrap(),
    ]);
    run.fails(9, "part 2 of");

    // The short last part and part 2 swap names.
    let swapped = stick_with(&parts, |i, _| {
        let n = match i {
            1 => count,
            i if i == count - 1 => 2,
            i => i + 1,
        };
        Some(format!("{base}.{n:03}-of-{count:03}"))
    });
    import(swapped.path(), &format!("part 2 of {count} of {base} is "));

    // Part 2 of the other bundle, renamed into this one: the sizes fit, the stream does not.
    let foreign = stick_with(&parts, |i, name| (i != 1).then(|| name.to_owned()));
    fs::copy(&other[1], foreign.path().join(name_of(&parts[1]))).unwrap();
    import(
        foreign.path(),
        &format!("the {count} parts of {base} do not join into one intact bundle"),
    );

    // A part beyond the count.
    let extra = stick_with(&parts, |_, name| Some(name.to_owned()));
    let beyond = format!("{base}.{:03}-of-{count:03}", count + 1);
    fs::copy(&parts[0], extra.path().join(&beyond)).unwrap();
    import(
        extra.path(),
        &format!("{beyond} is not one of the {count} parts of {base}"),
    );

    // A part renamed with another count: two exports mixed.
    let mixed = stick_with(&parts, |i, name| match i {
        0 => Some(format!("{base}.001-of-{:03}", count + 1)),
        _ => Some(name.to_owned()),
    });
    import(
        mixed.path(),
        &format!("the parts of {base} come from two exports"),
    );

    // Korean, from the same catalogue.
    let korean = pair
        .hq
        .command_with(&["import", missing.path().to_str().unwrap()])
        .env("LC_ALL", "ko_KR.UTF-8")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&korean.stderr);
    assert!(said.contains("번째 조각이 없습니다"), "{said}");

    // The whole set, as export wrote it, imports.
    pair.hq.run(&["import", first.path().to_str().unwrap()]).ok();
    assert_eq!(archive(&pair.hq).len(), 7);
}

/// A split bundle in the outbox goes up as one object; headquarters fetches and imports
/// it; the receipt's return wipes every part from the outbox.
#[test]
fn a_split_bundle_goes_through_sync_whole() {
    let (pair, _, _, dropbox) = crate::sync::pair_and_dropbox();
    let (audio, _) = interview_with_attachments(&pair, 4);
    let outbox = pair.field.vault().join("outbox");
    fs::create_dir_all(&outbox).unwrap();
    let parts = export_in_parts(&pair.field, &outbox);
    assert!(parts.len() >= 3, "{parts:?}");
    let base = base_of(&parts[0]);

    let sent = pair
        .field
        .run(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin, "--json"])
        .ok();
    let sent: serde_json::Value = serde_json::from_str(&sent.stdout).unwrap();
    assert_eq!(sent["sent"], serde_json::json!([base]), "{sent}");
    pair.hq
        .run(&["sync", "--from", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    assert_eq!(archive(&pair.hq).len(), 7);
    let out = pair.hq.root.path().join("testimony-at-hq.wav");
    pair.hq
        .run(&[
            "attach",
            "export",
            "W26-0900",
            "testimony.wav",
            "--to",
            out.to_str().unwrap(),
            "--plaintext-ok",
        ])
        .ok();
    assert_eq!(fs::read(&out).unwrap(), fs::read(&audio).unwrap());

    // The receipt comes down; the parts leave the outbox.
    pair.field
        .run(&["sync", "--to", &dropbox.url, "--pin", &dropbox.pin])
        .ok();
    let left: Vec<String> = names_in(&outbox)
        .into_iter()
        .filter(|n| n.contains(&base))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_bundle_within_the_part_size_stays_one_file_and_bad_sizes_are_refused() {
    let pair = pair();
    let stick = pair.stick.path();
    pair.field
        .run(&["export", "--to", stick.to_str().unwrap(), "--part-size", "1KiB"])
        .fails(4, "too small");
    pair.field
        .run(&["export", "--to", stick.to_str().unwrap(), "--part-size", "4 gigs"])
        .fails(4, "is not a part size");
    assert!(names_in(stick).is_empty());
    let out = pair
        .field
        .run(&["export", "--to", stick.to_str().unwrap(), "--part-size", "100MiB"])
        .ok();
    let name = out.stdout.trim();
    assert_eq!(out.stdout.lines().count(), 1);
    let name = name_of(Path::new(name));
    assert!(
        name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}"
    );
    assert_eq!(names_in(stick), [name]);
}
