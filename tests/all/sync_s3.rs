//! The drop box on S3-compatible object storage (#16): a real Garage server on loopback,
//! started here with its own data folder (single node, compression off so that a canary
//! would be seen), its key handed to the drop box through the environment. The whole loop
//! runs through it, and through two drop box processes sharing one bucket (a request
//! served by one is refused as a replay by the other).
//!
//! Garage comes from `FIELDVAULT_GARAGE` (set by `.ci/run`, which builds and caches it) or
//! the `PATH`; without it the tests print `SKIPPED: …` and pass, unless
//! `FIELDVAULT_REQUIRE_INTEROP=1`, where they fail.

use crate::common;
use crate::sync::{DropBox, RawClient, interview_count, states, whole_loop};

use std::path::Path;

#[path = "../support/garage.rs"]
mod garage_server;
use garage_server::Garage;

use common::{card, pair};

fn skip_or_fail(why: &str) {
    if std::env::var("FIELDVAULT_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("FIELDVAULT_REQUIRE_INTEROP=1 but {why}");
    }
    eprintln!("SKIPPED: {why}");
}

/// A Garage server, or `None` (skipped) if it is not installed.
fn garage() -> Option<Garage> {
    match Garage::start() {
        Ok(garage) => Some(garage),
        Err(why) => {
            skip_or_fail(&why);
            None
        }
    }
}

fn dropbox_on(garage: &Garage, cards: &[&Path]) -> DropBox {
    DropBox::launch(&garage.store_url(), cards, &[], &garage.env())
}

#[test]
fn field_to_headquarters_and_back_through_a_drop_box_on_garage() {
    let Some(garage) = garage() else { return };
    let pair = pair();
    let hq_card = card(&pair.hq, "hq-relay.card");
    let field_card = card(&pair.field, "field-relay.card");
    let dropbox = dropbox_on(&garage, &[&hq_card, &field_card]);

    // Garage's data and metadata hold nothing readable.
    whole_loop(&pair, &dropbox, garage.files());
    assert_eq!(dropbox.log(), "", "the drop box logs nothing");
}

#[test]
fn two_drop_boxes_on_one_bucket_serve_as_one() {
    use fieldvault_core::relay::RelayRequest;
    use fieldvault_core::secret::Passphrase;
    use fieldvault_core::vault::Vault;

    let Some(garage) = garage() else { return };
    let pair = pair();
    let hq_card = card(&pair.hq, "hq-relay.card");
    let field_card = card(&pair.field, "field-relay.card");
    // The first makes the certificate and keeps it in the bucket; the second uses it.
    let first = dropbox_on(&garage, &[&hq_card, &field_card]);
    let second = dropbox_on(&garage, &[&hq_card, &field_card]);
    assert_eq!(first.pin, second.pin, "one bucket, one certificate");

    pair.field
        .run(&["sync", "--to", &first.url, "--pin", &first.pin])
        .ok();
    pair.hq
        .run(&["sync", "--from", &second.url, "--pin", &second.pin])
        .ok();
    assert_eq!(interview_count(&pair.hq), 6);
    pair.field
        .run(&["sync", "--to", &second.url, "--pin", &second.pin])
        .ok();
    assert!(
        states(&pair.field).contains("delivered  6"),
        "{}",
        states(&pair.field)
    );

    // A request served by one is a replay at the other: the bucket remembers it, even
    // though Garage cannot refuse a second write of the same name.
    let vault = Vault::unlock(
        &pair.field.vault(),
        &Passphrase::new(common::PASSPHRASE.to_owned()),
    )
    .unwrap();
    let request = RelayRequest::new("GET", "/v1/down", b"");
    assert_eq!(
        RawClient::new(&first.url, &first.pin).send(&vault, &request, b""),
        (200, None)
    );
    assert_eq!(
        RawClient::new(&second.url, &second.pin).send(&vault, &request, b""),
        (401, Some("replayed".into()))
    );
    assert_eq!(
        RawClient::new(&first.url, &first.pin).send(&vault, &request, b""),
        (401, Some("replayed".into()))
    );
}
