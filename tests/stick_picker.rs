//! The stick list (#14): sticks mounted under the media folders are offered by label and
//! free space as one-click destinations, in both languages. A fake media root stands in
//! for `/media/$USER` (`FIELDVAULT_MEDIA_ROOT`); it is its own test binary because it sets
//! that variable for the whole process.
#![cfg(feature = "gui")]

use egui_kittest::kittest::{NodeT as _, Queryable};
use fieldvault_core::domain::Lang;

mod app_support;

use app_support::{PASS, app, click, type_into, wait_for};

#[test]
fn plugged_in_sticks_are_offered_by_label_and_free_space() {
    let root = tempfile::tempdir().unwrap();
    let media = root.path().join("media");
    for label in ["KINGSTON", "TRANSCEND"] {
        std::fs::create_dir_all(media.join(label)).unwrap();
    }
    // SAFETY: set once, before the app or any other thread of this test binary reads it.
    unsafe { std::env::set_var("FIELDVAULT_MEDIA_ROOT", &media) };

    let dir = root.path().join("vault");
    let mut h = app(&dir, Lang::En);
    h.run_steps(2);
    type_into(&mut h, "New passphrase", PASS);
    type_into(&mut h, "Repeat the passphrase", PASS);
    click(&mut h, "Create vault");
    assert!(!h.state().is_locked());

    click(&mut h, "Bring back receipt");
    assert!(h.query_by_label("USB sticks:").is_some());
    let kingston = h.get_by_label_contains("KINGSTON (");
    let text = kingston.accesskit_node().label().unwrap_or_default();
    assert!(text.ends_with(" free)"), "{text}");
    kingston.click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("TRANSCEND (").is_some());
    // The stick chosen with one click is where the receipt is looked for.
    click(&mut h, "Check receipts in this folder");
    wait_for(&mut h, "the receipt check", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    let notice = h
        .state()
        .notice()
        .map(|n| n.detail.clone().unwrap_or_default())
        .unwrap_or_default();
    assert!(notice.contains("KINGSTON"), "{notice}");

    // In Korean, and with no stick plugged in, the list says so.
    click(&mut h, "Lock now");
    std::fs::remove_dir(media.join("KINGSTON")).unwrap();
    std::fs::remove_dir(media.join("TRANSCEND")).unwrap();
    let mut h = app(&dir, Lang::Ko);
    h.run_steps(2);
    type_into(&mut h, "암호 문구", PASS);
    click(&mut h, "열기");
    click(&mut h, "수령증 가져오기");
    assert!(h.query_by_label("USB:").is_some());
    assert!(
        h.query_by_label_contains("USB를 꽂으면 여기에 나타납니다")
            .is_some()
    );
}
