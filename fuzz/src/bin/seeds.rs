//! Writes seed corpora into `corpus/<target>/` from the repository's test data: the sample
//! interviews and the bad-interview corpus, a trust card signed with the published test
//! key, and the hostile bundle/receipt corpus (raw, and decrypted with the test keys).
#![forbid(unsafe_code)]

use std::fs;
use std::io::Read;
use std::path::Path;

use base64::Engine as _;
use fieldvault_core::testing::bundle::{CardRole, TrustCard};
use fieldvault_core::testing::crypto::seal::decrypting_reader;
use fieldvault_core::testing::crypto::signing::SigningKey;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let data = root.join("tests/data");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let put = |target: &str, name: &str, bytes: &[u8]| {
        let dir = out.join(target);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(name), bytes).unwrap();
    };
    for dir in ["samples", "bad-interviews"] {
        for entry in fs::read_dir(data.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                put("interviews", &name, &fs::read(&path).unwrap());
            }
        }
    }
    let k = fieldvault_fuzz::keys();
    let pkcs8 = base64::engine::general_purpose::STANDARD
        .decode(
            fs::read_to_string(data.join("hostile/keys/device.pkcs8.b64"))
                .unwrap()
                .trim(),
        )
        .unwrap();
    let device = SigningKey::from_pkcs8(&pkcs8).unwrap();
    let card = TrustCard {
        label: "laptop 3 (fuzz seed)".into(),
        role: CardRole::Field,
        age: k.device_age.recipient(),
        ssh: device.public_key(),
    };
    put(
        "trust_card",
        "valid.card",
        card.render(&device).unwrap().as_bytes(),
    );

    for entry in fs::read_dir(data.join("hostile")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.ends_with(".bundle") || name.ends_with(".receipt")) {
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        let (target, identity) = if name.ends_with(".bundle") {
            put("bundle_age", &name, &bytes);
            ("bundle", &k.hq_age)
        } else if name.ends_with(".receipt") {
            ("receipt", &k.device_age)
        } else {
            continue;
        };
        let Ok(mut reader) = decrypting_reader(identity, &bytes[..]) else {
            continue;
        };
        let mut plain = Vec::new();
        if reader.read_to_end(&mut plain).is_err() {
            continue;
        }
        put(target, &name, &plain);
        // The signed JSON documents inside, for the `documents` target.
        for (entry_name, content) in tar_entries(&plain) {
            if entry_name.ends_with(".json") && !entry_name.starts_with("interviews_") {
                put("documents", &format!("{name}-{entry_name}"), content);
            }
        }
    }
    println!("seeds written to {}", out.display());
}

/// (name, content) of each entry of a plain ustar archive, until the first bad header.
fn tar_entries(mut tar: &[u8]) -> Vec<(String, &[u8])> {
    let mut out = Vec::new();
    while tar.len() >= 512 && tar[..512].iter().any(|&b| b != 0) {
        let header = &tar[..512];
        let name = String::from_utf8_lossy(&header[..100])
            .trim_end_matches('\0')
            .replace('/', "_");
        let size_text = String::from_utf8_lossy(&header[124..136]);
        let Ok(size) = usize::from_str_radix(size_text.trim_matches(|c: char| c == '\0' || c == ' '), 8)
        else {
            break;
        };
        let padded = size.div_ceil(512) * 512;
        if tar.len() < 512 + padded {
            break;
        }
        out.push((name, &tar[512..512 + size]));
        tar = &tar[512 + padded..];
    }
    out
}
