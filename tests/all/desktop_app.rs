//! The desktop app, driven through its accessibility tree by label (egui_kittest), without
//! a display: a field laptop and headquarters do the whole handoff loop, Korean is typed
//! through input-method events, and the vault locks itself when left alone.
#![cfg(feature = "gui")]

use std::path::Path;

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fieldvault::ui::App;
use fieldvault::ui::app::View;
use fieldvault_core::domain::{Lang, Lifecycle};

use crate::app_support;
use crate::common;

use app_support::{PASS, app, click, type_into, wait_for};

fn create_vault(harness: &mut Harness<'_, App>, hq: bool) {
    harness.run_steps(2);
    type_into(harness, "New passphrase", PASS);
    type_into(harness, "Repeat the passphrase", PASS);
    if hq {
        click(
            harness,
            "This is the headquarters vault (imports bundles from field laptops)",
        );
    }
    click(harness, "Create vault");
    assert!(
        !harness.state().is_locked(),
        "{:?}",
        harness.state().notice().map(|n| &n.headline)
    );
}

fn go_to_folder(harness: &mut Harness<'_, App>, folder: &Path) {
    let field = harness.get_by_label("Folder");
    field.click();
    harness.run_steps(1);
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    harness
        .get_by_label("Folder")
        .type_text(&folder.display().to_string());
    harness.run_steps(1);
    click(harness, "Go");
}

fn status(app: &App, state: &str) -> u64 {
    app.session()
        .and_then(|s| s.status.as_ref())
        .and_then(|s| s.revisions.get(state).copied())
        .unwrap_or(0)
}

fn add_trust_card(harness: &mut Harness<'_, App>, cards: &Path, file: &str) {
    click(harness, "Trust and keys");
    click(harness, "Add a trust card");
    go_to_folder(harness, cards);
    click(harness, file);
    click(harness, "Read the card");
    // The other side reads out its fingerprint; the interviewer types it.
    let text = std::fs::read_to_string(cards.join(file)).unwrap();
    let spoken = fieldvault_core::testing::bundle::TrustCard::parse(&text)
        .unwrap()
        .fingerprint()
        .safety_number();
    let prompt = "Ask the other side to read out the fingerprint shown on their screen, and type it here:";
    harness.get_by_label(prompt).click();
    harness.run_steps(1);
    harness.get_by_label(prompt).type_text(&spoken);
    harness.run_steps(1);
    click(harness, "Add");
    let notice = harness
        .state()
        .notice()
        .map(|n| n.headline.clone())
        .unwrap_or_default();
    assert!(notice.ends_with("is now trusted."), "{notice}");
}

fn save_trust_card(harness: &mut Harness<'_, App>, cards: &Path) {
    click(harness, "Trust and keys");
    click(harness, "Save this vault's trust card to a folder");
    go_to_folder(harness, cards);
    click(harness, "Save trust card");
}

/// Holds the pointer down on a hold-to-confirm button for `seconds` of app time.
fn hold(harness: &mut Harness<'_, App>, label: &str, seconds: f32) {
    let center = harness.get_by_label(label).rect().center();
    harness.event(egui::Event::PointerMoved(center));
    harness.event(egui::Event::PointerButton {
        pos: center,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    let steps = (seconds / 0.25).ceil() as usize + 2;
    harness.run_steps(steps);
    harness.event(egui::Event::PointerButton {
        pos: center,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run_steps(2);
}

fn ime(harness: &mut Harness<'_, App>, event: egui::ImeEvent) {
    harness.event(egui::Event::Ime(event));
    harness.step();
}

fn preedit(text: &str) -> egui::ImeEvent {
    egui::ImeEvent::Preedit {
        text: text.to_owned(),
        active_range_chars: None,
    }
}

#[test]
fn field_and_headquarters_do_the_whole_handoff_in_the_app() {
    let root = tempfile::tempdir().unwrap();
    let cards = root.path().join("cards");
    let usb = root.path().join("usb");
    std::fs::create_dir_all(&cards).unwrap();
    std::fs::create_dir_all(&usb).unwrap();

    // Headquarters creates its vault and hands over its trust card.
    let mut hq = app(&root.path().join("hq"), Lang::En);
    create_vault(&mut hq, true);
    save_trust_card(&mut hq, &cards);
    assert!(cards.join("headquarters.card").is_file());

    // The laptop trusts headquarters; headquarters enrols the laptop.
    let mut field = app(&root.path().join("field"), Lang::En);
    create_vault(&mut field, false);
    add_trust_card(&mut field, &cards, "headquarters.card");
    save_trust_card(&mut field, &cards);
    add_trust_card(&mut hq, &cards, "field-device.card");

    // A new interview, with Korean typed through the input method.
    click(&mut field, "+ New interview");
    type_into(&mut field, "Interviewee code", "W26-0901");
    type_into(&mut field, "Interviewer code", "INT-07");
    field.get_by_label("Narrative").click();
    field.run_steps(1);
    for event in [
        preedit("ㅎ"),
        preedit("하"),
        preedit("한"),
        egui::ImeEvent::Commit("한".into()),
        preedit("ㄱ"),
        preedit("구"),
        preedit("국"),
        egui::ImeEvent::Commit("국".into()),
        egui::ImeEvent::Commit(" ".into()),
        preedit("ㅎ"),
        preedit("하"),
        preedit("할"),
        // Backspace during composition: the input method shortens the preedit.
        preedit("하"),
        egui::ImeEvent::Commit("하".into()),
    ] {
        ime(&mut field, event);
    }
    field.run_steps(2);
    let narrative = field
        .state()
        .session()
        .and_then(|s| s.screens.editor.as_ref())
        .map(|e| e.form().narrative.clone())
        .unwrap();
    assert_eq!(narrative, "한국 하", "the field holds exactly the committed text");
    click(&mut field, "Save");
    assert_eq!(
        field.state().session().unwrap().view,
        View::Detail,
        "{:?}",
        field.state().notice().map(|n| (&n.headline, &n.detail))
    );
    assert_eq!(status(field.state(), "draft"), 1);
    // The detail shows the stored interview in the form's labelled fields, read-only.
    assert!(
        field
            .query(egui_kittest::kittest::by().label("Narrative").value("한국 하"))
            .is_some(),
        "the detail shows the saved narrative under its label"
    );

    click(&mut field, "Seal…");
    click(&mut field, "Seal now");
    assert_eq!(status(field.state(), "sealed"), 1);
    let hash = field.state().notice().and_then(|n| n.detail.clone()).unwrap();
    assert_eq!(hash.len(), 64, "the seal shows the revision hash: {hash}");

    // Export to the stick.
    click(&mut field, "Export to USB");
    go_to_folder(&mut field, &usb);
    click(&mut field, "Write bundle");
    wait_for(&mut field, "the export", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert_eq!(status(field.state(), "exported"), 1);
    let bundle = std::fs::read_dir(&usb).unwrap().next().unwrap().unwrap().path();
    let bundle_name = bundle.file_name().unwrap().to_string_lossy().into_owned();

    // Headquarters imports it and writes the receipt onto the stick.
    click(&mut hq, "Import bundles");
    go_to_folder(&mut hq, &usb);
    click(&mut hq, &bundle_name);
    click(&mut hq, "Write receipts for the laptops");
    click(&mut hq, "Import 1 bundle");
    wait_for(&mut hq, "the import", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    let headline = hq.state().notice().unwrap().headline.clone();
    assert_eq!(headline, "Imported: 1. Refused: 0.");
    assert_eq!(hq.state().session().unwrap().screens.list.rows().len(), 1);
    // The receipt has a random name like the bundle's: two such files are on the stick now.
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 2);

    // The receipt comes back (the laptop finds it in the stick's folder); the delivered
    // interview is wiped.
    click(&mut field, "Bring back receipt");
    go_to_folder(&mut field, &usb);
    click(&mut field, "Check receipts in this folder");
    wait_for(&mut field, "the receipt", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert_eq!(status(field.state(), "delivered"), 1);

    click(&mut field, "Wipe delivered");
    assert!(
        field.query_by_label_contains("W26-0901").is_some(),
        "the wipe lists what goes"
    );
    type_into(&mut field, "Passphrase (the vault key is replaced)", PASS);
    hold(&mut field, "Hold to wipe", 1.0);
    assert_eq!(
        status(field.state(), "delivered"),
        1,
        "a short press wipes nothing"
    );
    hold(&mut field, "Hold to wipe", 3.5);
    wait_for(&mut field, "the wipe", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert_eq!(
        status(field.state(), "wiped"),
        1,
        "{:?}",
        field.state().notice().map(|n| &n.detail)
    );
    assert_eq!(status(field.state(), "delivered"), 0);
    // The whole first day is done: the checklist has ticked every step and goes away.
    click(&mut field, "Interviews");
    assert!(
        field
            .state()
            .session()
            .unwrap()
            .screens
            .list
            .first_steps()
            .all_done()
    );
    assert!(
        field
            .query_by_label("First steps: the way of an interview to headquarters")
            .is_none()
    );
}

#[test]
fn the_vault_locks_after_idle_time_and_on_the_panic_key() {
    let root = tempfile::tempdir().unwrap();
    let mut harness = app(&root.path().join("v"), Lang::En);
    create_vault(&mut harness, false);
    click(&mut harness, "+ New interview");
    type_into(&mut harness, "Interviewee code", "W26-0777");

    // Four minutes idle: still open. Past five: locked, and the typed form kept as a
    // work copy inside the vault.
    let start = harness.ctx.input(|i| i.time);
    harness.input_mut().time = Some(start + 240.0);
    harness.run_steps(1);
    harness.input_mut().time = None;
    harness.run_steps(1);
    assert!(!harness.state().is_locked());
    harness.input_mut().time = Some(start + 240.0 + 301.0);
    harness.run_steps(1);
    harness.input_mut().time = None;
    harness.run_steps(2);
    assert!(harness.state().is_locked(), "auto-lock after 5 idle minutes");
    assert!(
        harness.state().session().is_none(),
        "every decrypted value is dropped"
    );
    assert!(
        harness.query_by_label("Passphrase").is_some(),
        "back at the unlock screen"
    );

    // Unlocking again offers the kept work.
    type_into(&mut harness, "Passphrase", PASS);
    click(&mut harness, "Unlock");
    assert!(!harness.state().is_locked());
    click(&mut harness, "Continue editing");
    let code = harness
        .state()
        .session()
        .unwrap()
        .screens
        .editor
        .as_ref()
        .unwrap()
        .form()
        .code
        .clone();
    assert_eq!(code, "W26-0777");

    // The panic key locks at once.
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::L]);
    harness.run_steps(2);
    assert!(harness.state().is_locked());
}

#[test]
fn the_app_speaks_korean_and_says_so_when_the_passphrase_is_wrong() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("v");
    {
        let mut harness = app(&dir, Lang::En);
        create_vault(&mut harness, false);
        click(&mut harness, "Lock now");
    }
    let mut harness = app(&dir, Lang::Ko);
    harness.run_steps(2);
    assert!(harness.query_by_label("보관함 열기").is_some());
    type_into(&mut harness, "암호 문구", "not the passphrase at all");
    click(&mut harness, "열기");
    assert!(harness.state().is_locked());
    let notice = harness.state().notice().unwrap();
    assert!(
        notice.error && notice.headline.starts_with("암호 문구로 보관함을 열 수 없습니다"),
        "{}",
        notice.headline
    );
    // What happened and what to do are Korean too, from the error catalogue (#15).
    let detail = notice.detail.clone().unwrap_or_default();
    assert_eq!(
        detail,
        "암호 문구로 보관함을 열 수 없습니다(아무것도 바뀌지 않았습니다)\n한/영 입력 상태를 확인하고 다시 입력하세요"
    );
    click(&mut harness, "자세히");
    assert!(harness.query_by_label(&detail).is_some(), "the details are shown");

    type_into(&mut harness, "암호 문구", PASS);
    click(&mut harness, "열기");
    assert!(!harness.state().is_locked());
    assert!(harness.query_by_label("+ 새 면담").is_some());
    click(&mut harness, "English");
    assert!(
        harness.query_by_label("+ New interview").is_some(),
        "switches at run time"
    );
    assert_eq!(harness.state().session().map(|s| s.view), Some(View::List));
    let _ = Lifecycle::Draft;
}

/// The first day (#14): countries, languages and gender are chosen by name in the
/// interface language (codes are stored), and an uncertain date is explained in words as
/// it is typed.
#[test]
fn pickers_and_the_date_helper_speak_the_interface_language() {
    for (lang, texts) in [
        (
            Lang::En,
            [
                "+ New interview",
                "Language of the interview",
                "Korean (ko)",
                "Country where they live now",
                "Type to search",
                "South Korea (KR)",
                "Gender",
                "Female",
                "Date of interview",
                "= around October 2019",
                "Year of birth",
                "= 1991, not certain",
            ],
        ),
        (
            Lang::Ko,
            [
                "+ 새 면담",
                "면담 언어",
                "한국어 (ko)",
                "현재 사는 나라",
                "검색어 입력",
                "대한민국 (KR)",
                "성별",
                "여성",
                "면담 날짜",
                "= 2019년 10월 무렵",
                "출생 연도",
                "= 1991년 (확실하지 않음)",
            ],
        ),
    ] {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("vault");
        let mut h = app(&dir, Lang::En);
        create_vault(&mut h, false);
        if lang == Lang::Ko {
            click(&mut h, "Lock now");
            h = app(&dir, Lang::Ko);
            h.run_steps(2);
            type_into(&mut h, "암호 문구", PASS);
            click(&mut h, "열기");
        }
        let [
            new,
            language,
            korean,
            country,
            search,
            south,
            gender,
            female,
            date,
            date_words,
            birth,
            birth_words,
        ] = texts;
        click(&mut h, new);
        click(&mut h, language);
        click(&mut h, korean);
        click(&mut h, country);
        h.get_by_label(search).click();
        h.run_steps(1);
        h.get_by_label(search).type_text("KR");
        h.run_steps(2);
        click(&mut h, south);
        click(&mut h, gender);
        click(&mut h, female);
        // The date starts as today's: replace it.
        h.get_by_label(date).click();
        h.run_steps(1);
        h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
        h.get_by_label(date).type_text("2019-10~");
        h.run_steps(2);
        assert!(
            h.query_by_label(date_words).is_some(),
            "{lang:?}: no {date_words:?}"
        );
        type_into(&mut h, birth, "1991?");
        assert!(
            h.query_by_label(birth_words).is_some(),
            "{lang:?}: no {birth_words:?}"
        );
        let form = h
            .state()
            .session()
            .and_then(|s| s.screens.editor.as_ref())
            .map(|e| e.form().clone())
            .unwrap();
        assert_eq!(form.language, "ko", "{lang:?}");
        assert_eq!(form.current_country, "KR", "{lang:?}");
        assert_eq!(form.gender, "female", "{lang:?}");
    }
}

/// The first day (#14): the empty list shows the way of an interview to headquarters as a
/// checklist whose steps link to their screens and tick themselves as the vault shows them
/// done, in both languages.
#[test]
fn the_first_day_checklist_leads_to_each_screen_and_ticks_itself() {
    use fieldvault_core::vault::Step;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    let mut h = app(&dir, Lang::En);
    create_vault(&mut h, false);
    assert!(
        h.query_by_label("First steps: the way of an interview to headquarters")
            .is_some()
    );
    assert!(h.query_by_label_contains("1. Exchange trust cards").is_some());
    let steps = |h: &Harness<'_, App>| h.state().session().unwrap().screens.list.first_steps().clone();
    assert!(steps(&h).done.is_empty());
    // Each unfinished step leads to its screen.
    click(&mut h, "→ Trust and keys");
    assert_eq!(h.state().session().unwrap().view, View::Trust);
    click(&mut h, "Interviews");
    click(&mut h, "→ New interview");
    assert_eq!(h.state().session().unwrap().view, View::Editor);
    type_into(&mut h, "Interviewee code", "W26-0950");
    type_into(&mut h, "Interviewer code", "INT-07");
    click(&mut h, "Save");
    click(&mut h, "Interviews");
    assert!(steps(&h).is_done(Step::TakeInterview), "{:?}", steps(&h));
    assert!(!steps(&h).is_done(Step::Seal));

    click(&mut h, "Lock now");
    let mut h = app(&dir, Lang::Ko);
    h.run_steps(2);
    type_into(&mut h, "암호 문구", PASS);
    click(&mut h, "열기");
    // With an interview in the list the checklist is folded; it opens on a click.
    click(&mut h, "첫 단계: 면담이 본부에 닿기까지");
    assert!(h.query_by_label_contains("2. 면담 기록하기").is_some());
    click(&mut h, "→ 내보내기");
    assert_eq!(h.state().session().unwrap().view, View::Export);
}

/// Larger text for older eyes (#14): chosen in Settings, kept in the vault's settings (not
/// in a file), and back at the next unlock.
#[test]
fn larger_text_is_kept_in_the_vault() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    let mut h = app(&dir, Lang::En);
    create_vault(&mut h, false);
    click(&mut h, "Settings");
    click(&mut h, "Larger");
    assert!(
        (h.ctx.zoom_factor() - 1.5).abs() < 1e-6,
        "{}",
        h.ctx.zoom_factor()
    );
    click(&mut h, "Lock now");
    let mut h = app(&dir, Lang::En);
    h.run_steps(2);
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-6);
    type_into(&mut h, "Passphrase", PASS);
    click(&mut h, "Unlock");
    assert!(
        (h.ctx.zoom_factor() - 1.5).abs() < 1e-6,
        "{}",
        h.ctx.zoom_factor()
    );
    // Nothing but the vault holds it.
    let mut outside: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    outside.sort();
    assert_eq!(outside, ["vault"]);
}

/// The app's "Send to headquarters" and "Fetch from drop box" through a real drop box:
/// the form names a bad pin, the address and pin are kept in the vault for next time,
/// and the loop closes with the interview delivered.
#[test]
fn field_and_headquarters_sync_through_a_drop_box_in_the_app() {
    let root = tempfile::tempdir().unwrap();
    let cards = root.path().join("cards");
    std::fs::create_dir_all(&cards).unwrap();
    let mut hq = app(&root.path().join("hq"), Lang::En);
    create_vault(&mut hq, true);
    save_trust_card(&mut hq, &cards);
    let mut field = app(&root.path().join("field"), Lang::En);
    create_vault(&mut field, false);
    add_trust_card(&mut field, &cards, "headquarters.card");
    save_trust_card(&mut field, &cards);
    add_trust_card(&mut hq, &cards, "field-device.card");
    let dropbox =
        crate::sync::DropBox::start(&[&cards.join("headquarters.card"), &cards.join("field-device.card")]);

    click(&mut field, "+ New interview");
    type_into(&mut field, "Interviewee code", "W26-0902");
    type_into(&mut field, "Interviewer code", "INT-07");
    click(&mut field, "Save");
    click(&mut field, "Seal…");
    click(&mut field, "Seal now");
    assert_eq!(status(field.state(), "sealed"), 1);

    click(&mut field, "Send to headquarters");
    type_into(&mut field, "Drop box address", &dropbox.url);
    type_into(&mut field, "Certificate pin", "12ab");
    click(&mut field, "Send now");
    assert!(
        field
            .query_by_label_contains("The pin must be 64 characters")
            .is_some()
    );
    assert_eq!(status(field.state(), "sealed"), 1, "nothing moved");
    field.get_by_label("Certificate pin").click();
    field.run_steps(1);
    field.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    field.get_by_label("Certificate pin").type_text(&dropbox.pin);
    field.run_steps(2);
    click(&mut field, "Send now");
    wait_for(&mut field, "the sync", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    let headline = field.state().notice().unwrap().headline.clone();
    assert_eq!(
        headline,
        "Sync finished. Bundles sent: 1. Confirmed delivered: 0.",
        "{:?}",
        field.state().notice().map(|n| &n.detail)
    );
    assert_eq!(status(field.state(), "exported"), 1);
    assert!(field.query_by_label_contains("Receipts applied: 0").is_some());

    click(&mut hq, "Fetch from drop box");
    type_into(&mut hq, "Drop box address", &dropbox.url);
    type_into(&mut hq, "Certificate pin", &dropbox.pin);
    click(&mut hq, "Fetch now");
    wait_for(&mut hq, "the fetch", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert_eq!(
        hq.state().notice().unwrap().headline,
        "Sync finished. Imported: 1. Refused: 0."
    );
    assert_eq!(hq.state().session().unwrap().screens.list.rows().len(), 1);

    // Locked and unlocked again: the drop box is remembered, in the vault.
    click(&mut field, "Lock now");
    type_into(&mut field, "Passphrase", PASS);
    click(&mut field, "Unlock");
    click(&mut field, "Send to headquarters");
    assert!(
        field
            .query(
                egui_kittest::kittest::by()
                    .label("Drop box address")
                    .value(&dropbox.url)
            )
            .is_some(),
        "the address is kept"
    );
    click(&mut field, "Send now");
    wait_for(&mut field, "the second sync", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert_eq!(status(field.state(), "delivered"), 1);
}

/// A JPEG (encoded here) whose EXIF data records a GPS latitude reference.
fn jpeg_with_gps() -> Vec<u8> {
    let mut jpeg = Vec::new();
    let pixels = image::RgbImage::from_fn(32, 24, |x, y| image::Rgb([(x * 8) as u8, (y * 10) as u8, 128]));
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode_image(&pixels)
        .unwrap();
    // TIFF, little-endian: IFD0 with one entry (GPSInfo -> the GPS IFD at 26), then the
    // GPS IFD with one entry (GPSLatitudeRef = "N").
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[0x25, 0x88, 4, 0]);
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&26u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[0x01, 0x00, 2, 0]);
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&0u32.to_le_bytes());
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A photo added through the app's own picker is listed with its hash, shown from memory
/// with its EXIF fields and a warning that it records a place, and the vault folder holds
/// no copy of its bytes in the clear.
#[test]
fn a_photo_is_attached_shown_from_memory_and_its_metadata_reported() {
    let root = tempfile::tempdir().unwrap();
    let photos = root.path().join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    let photo = jpeg_with_gps();
    std::fs::write(photos.join("passport.jpg"), &photo).unwrap();
    let vault_dir = root.path().join("field");
    let mut field = app(&vault_dir, Lang::En);
    create_vault(&mut field, false);
    click(&mut field, "+ New interview");
    type_into(&mut field, "Interviewee code", "W26-0903");
    type_into(&mut field, "Interviewer code", "INT-07");
    click(&mut field, "Save");

    click(&mut field, "Add files…");
    go_to_folder(&mut field, &photos);
    click(&mut field, "passport.jpg");
    click(&mut field, "Attach 1 file");
    wait_for(&mut field, "the attachment", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert_eq!(
        field.state().notice().unwrap().headline,
        "1 file attached, encrypted in the vault.",
        "{:?}",
        field.state().notice().map(|n| &n.detail)
    );
    assert!(field.query_by_label_contains("image/jpeg").is_some());
    click(&mut field, "Show");
    // Decrypted and decoded on a job's thread, not the UI's.
    wait_for(&mut field, "the photo", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert!(
        field
            .query_by_label("The photo, decrypted in memory only")
            .is_some()
    );
    assert!(
        field
            .query_by_label_contains("This photo records where it was taken (GPS)")
            .is_some()
    );
    assert!(field.query_by_label_contains("EXIF metadata (").is_some());
    // No plaintext copy of the photo anywhere in the vault folder.
    let needle = &photo[photo.len() - 64..];
    assert_eq!(
        common::files_containing(&vault_dir, needle),
        Vec::<std::path::PathBuf>::new()
    );
}

/// The words the recording screen shows, in one language.
struct RecordingWords {
    lang: Lang,
    new_interview: &'static str,
    interviewee: &'static str,
    interviewer: &'static str,
    allowed: &'static str,
    save: &'static str,
    record: &'static str,
    recording: &'static str,
    paused: &'static str,
    pause: &'static str,
    resume: &'static str,
    mark: &'static str,
    /// The first marker's label field.
    marker: &'static str,
    stop: &'static str,
    saved: &'static str,
    play: &'static str,
    close_player: &'static str,
    /// The player's position at 2 s, whatever the length.
    at_two_seconds: &'static str,
}

/// Records through the generated input on the interview's page — level meter, pause,
/// a labelled marker — saves it as a FLAC attachment, plays it from memory and seeks to
/// the marker; nothing of the sound is on disk in the clear.
fn record_and_play_in_the_app(words: &RecordingWords) {
    let root = tempfile::tempdir().unwrap();
    let vault_dir = root.path().join("field");
    let mut field = if words.lang == Lang::En {
        let mut field = app_support::app_with_sound(&vault_dir, Lang::En);
        create_vault(&mut field, false);
        field
    } else {
        let mut english = app(&vault_dir, Lang::En);
        create_vault(&mut english, false);
        click(&mut english, "Lock now");
        let mut field = app_support::app_with_sound(&vault_dir, words.lang);
        field.run_steps(2);
        type_into(&mut field, "암호 문구", PASS);
        click(&mut field, "열기");
        field
    };
    click(&mut field, words.new_interview);
    type_into(&mut field, words.interviewee, "W26-0904");
    type_into(&mut field, words.interviewer, "INT-07");
    click(&mut field, words.allowed);
    click(&mut field, words.save);

    click(&mut field, words.record);
    assert!(field.query_by_label_contains(words.recording).is_some());
    assert!(field.state().session().unwrap().screens.detail.is_recording());
    app_support::run_for(&mut field, 2.5);
    click(&mut field, words.mark);
    // The new marker's label has the keyboard: the interviewer types straight away.
    field.get_by_label(words.marker).type_text("arrest");
    field.run_steps(2);
    click(&mut field, words.pause);
    assert!(field.query_by_label_contains(words.paused).is_some());
    app_support::run_for(&mut field, 0.5);
    click(&mut field, words.resume);
    app_support::run_for(&mut field, 1.0);
    click(&mut field, words.stop);
    wait_for(&mut field, "the recording", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    let notice = field.state().notice().unwrap();
    assert_eq!(notice.headline, words.saved, "{:?}", notice.detail);
    assert!(field.query_by_label_contains("audio/flac").is_some());

    click(&mut field, words.play);
    wait_for(&mut field, "the decoded recording", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert!(field.query_by_label(words.close_player).is_some());
    // The marker, dropped about 2.5 s in, seeks there.
    let marker = field.get_by_label_contains("arrest");
    marker.click();
    field.run_steps(2);
    assert!(
        field.query_by_label_contains(words.at_two_seconds).is_some(),
        "the player is at the marker"
    );
    click(&mut field, words.play);
    app_support::run_for(&mut field, 0.3);

    // Neither the FLAC nor the samples are in the clear anywhere under the test's folder
    // (the vault and everything else the app could have written there).
    let tone: Vec<u8> = (0..32)
        .flat_map(|n| {
            let t = f64::from(n) / 16_000.0;
            (((t * 440.0 * std::f64::consts::TAU).sin() * 8_000.0) as i16).to_le_bytes()
        })
        .collect();
    assert_eq!(
        common::files_containing(root.path(), &tone),
        Vec::<std::path::PathBuf>::new()
    );
    assert_eq!(
        common::files_containing(root.path(), b"fLaC"),
        Vec::<std::path::PathBuf>::new()
    );
    // One attachment file: the journal went when the recording was saved.
    assert_eq!(
        std::fs::read_dir(vault_dir.join("attachments")).unwrap().count(),
        1
    );
}

#[test]
fn the_recording_screen_records_marks_pauses_saves_and_plays_in_english() {
    record_and_play_in_the_app(&RecordingWords {
        lang: Lang::En,
        new_interview: "+ New interview",
        interviewee: "Interviewee code",
        interviewer: "Interviewer code",
        allowed: "Audio recording allowed",
        save: "Save",
        record: "Record audio",
        recording: "● Recording",
        paused: "Paused at",
        pause: "Pause",
        resume: "Resume",
        mark: "Add marker",
        marker: "Marker 1",
        stop: "Stop and save",
        saved: "1 file attached, encrypted in the vault.",
        play: "Play",
        close_player: "Close the player",
        at_two_seconds: "0:02 of 0:0",
    });
}

#[test]
fn the_recording_screen_records_marks_pauses_saves_and_plays_in_korean() {
    record_and_play_in_the_app(&RecordingWords {
        lang: Lang::Ko,
        new_interview: "+ 새 면담",
        interviewee: "대상자 코드",
        interviewer: "면담자 코드",
        allowed: "녹음 허용",
        save: "저장",
        record: "녹음하기",
        recording: "● 녹음 중",
        paused: "에서 일시 정지",
        pause: "일시 정지",
        resume: "계속 녹음",
        mark: "표시 추가",
        marker: "표시 1",
        stop: "멈추고 저장",
        saved: "파일 1개를 암호화해 보관함에 첨부했습니다.",
        play: "재생",
        close_player: "재생기 닫기",
        at_two_seconds: "중 0:02",
    });
}

/// Recording is not idleness: the vault does not lock itself while a recording runs. The
/// panic key still locks at once; the recording keeps everything recorded, the next unlock
/// says a recording was cut off, and the interview's page keeps it as an attachment.
#[test]
fn a_recording_cut_off_by_the_panic_key_is_offered_at_unlock_and_kept() {
    let root = tempfile::tempdir().unwrap();
    let mut field = app_support::app_with_sound(&root.path().join("v"), Lang::En);
    create_vault(&mut field, false);
    click(&mut field, "+ New interview");
    type_into(&mut field, "Interviewee code", "W26-0905");
    type_into(&mut field, "Interviewer code", "INT-07");
    click(&mut field, "Audio recording allowed");
    click(&mut field, "Save");
    click(&mut field, "Record audio");
    app_support::run_for(&mut field, 1.0);
    // Ten idle minutes: still recording, still open.
    let start = field.ctx.input(|i| i.time);
    field.input_mut().time = Some(start + 600.0);
    field.run_steps(1);
    field.input_mut().time = None;
    field.run_steps(2);
    assert!(!field.state().is_locked(), "no auto-lock while recording");
    assert!(field.state().session().unwrap().screens.detail.is_recording());

    field.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::L]);
    field.run_steps(2);
    assert!(field.state().is_locked());
    type_into(&mut field, "Passphrase", PASS);
    click(&mut field, "Unlock");
    assert!(!field.state().is_locked());
    let notice = field.state().notice().unwrap();
    assert!(
        notice.error
            && notice
                .headline
                .starts_with("A recording was cut off before it was saved."),
        "{}",
        notice.headline
    );
    click(&mut field, "W26-0905");
    assert!(field.query_by_label_contains("was cut off after about").is_some());
    click(&mut field, "Keep it");
    wait_for(&mut field, "the kept recording", |app| {
        app.session().is_some_and(|s| s.job.is_none())
    });
    assert!(field.query_by_label_contains("audio/flac").is_some());
    assert!(field.query_by_label_contains("was cut off after about").is_none());
}

/// What the review and statistics screens say, in one language.
struct ReviewWords {
    lang: Lang,
    passphrase: &'static str,
    unlock: &'static str,
    nav_review: &'static str,
    country: &'static str,
    from: &'static str,
    filter: &'static str,
    four: &'static str,
    none: &'static str,
    not_a_date: &'static str,
    reviewer: &'static str,
    add_tag: &'static str,
    note: &'static str,
    save: &'static str,
    saved: &'static str,
    nav_stats: &'static str,
    repatriation: &'static str,
    totals: &'static str,
    by_year: &'static str,
    certainly: &'static str,
    save_folder: &'static str,
    folder: &'static str,
    go: &'static str,
    save_svg: &'static str,
    save_png: &'static str,
    excerpt_title: &'static str,
    narrative: &'static str,
    add_excerpt: &'static str,
    two_chosen: &'static str,
    nav_publish: &'static str,
    pack_folder: &'static str,
    k: &'static str,
    understood: &'static str,
    write_pack: &'static str,
    written: &'static str,
}

/// Selects the whole narrative of the open interview on the Review screen and adds it to
/// the publication pack.
fn choose_whole_narrative(hq: &mut Harness<'_, App>, words: &ReviewWords, code: &str) {
    hq.get_by_label_contains(&format!("{code} ·")).click();
    hq.run_steps(2);
    if hq.query_by_label(words.narrative).is_none() {
        click(hq, words.excerpt_title);
    }
    hq.get_by_label(words.narrative).click();
    hq.run_steps(1);
    hq.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    hq.run_steps(2);
    click(hq, words.add_excerpt);
}

/// Headquarters reviews and counts the six sample interviews in the app: filters (a bad
/// date refused in words), an annotation saved under the reviewer's name, the statistics
/// table by kind and by year, and the chart saved as SVG and PNG with labels in the
/// interface language.
fn review_and_count_in_the_app(words: &ReviewWords) {
    let pair = common::pair();
    pair.deliver(&pair.export());
    let mut hq = app(&pair.hq.vault(), words.lang);
    hq.run_steps(2);
    type_into(&mut hq, words.passphrase, PASS);
    click(&mut hq, words.unlock);
    assert!(!hq.state().is_locked());

    click(&mut hq, words.nav_review);
    assert!(
        hq.query_by_label_contains("W26-0006").is_some(),
        "every interview is listed at first"
    );
    type_into(&mut hq, words.country, "KP");
    click(&mut hq, words.filter);
    assert!(
        hq.query_by_label_contains(words.four).is_some(),
        "four interviews tell of North Korea"
    );
    assert!(hq.query_by_label_contains("W26-0005").is_none());
    type_into(&mut hq, words.from, "2020");
    click(&mut hq, words.filter);
    assert!(
        hq.query_by_label_contains(words.none).is_some(),
        "none after 2020 there"
    );
    hq.get_by_label(words.from).click();
    hq.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    hq.get_by_label(words.from).type_text("spring");
    hq.run_steps(1);
    click(&mut hq, words.filter);
    assert!(
        hq.query_by_label_contains(words.not_a_date).is_some(),
        "a date that is not EDTF is refused in words"
    );
    hq.get_by_label(words.from).click();
    hq.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    hq.get_by_label(words.from).type_text("2019");
    hq.run_steps(1);
    click(&mut hq, words.filter);
    hq.get_by_label_contains("W26-0001 ·").click();
    hq.run_steps(2);
    type_into(&mut hq, words.reviewer, "KJ");
    type_into(&mut hq, words.add_tag, "detention-2019");
    type_into(&mut hq, words.note, "매일 밤 구타 — cross-check with W26-0004");
    click(&mut hq, words.save);
    let notice = hq.state().notice().unwrap();
    assert!(notice.headline.contains(words.saved), "{}", notice.headline);
    let review = hq
        .state()
        .session()
        .unwrap()
        .vault
        .as_ref()
        .unwrap()
        .interview_review("W26-0001")
        .unwrap();
    assert_eq!(review.tags, ["detention-2019"]);
    assert!(
        review
            .history
            .iter()
            .any(|a| a.reviewer == "KJ" && a.field == "note")
    );

    click(&mut hq, words.nav_stats);
    assert!(
        hq.query_by_label(words.repatriation).is_some(),
        "kinds are labelled in the interface language"
    );
    assert!(hq.query_by_label_contains(words.totals).is_some());
    click(&mut hq, words.by_year);
    assert!(
        hq.query_all_by_label(words.certainly).next().is_some(),
        "certain and possible counts apart"
    );

    let reports = tempfile::tempdir().unwrap();
    click(&mut hq, words.save_folder);
    hq.get_by_label(words.folder).click();
    hq.run_steps(1);
    hq.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    hq.get_by_label(words.folder)
        .type_text(&reports.path().display().to_string());
    hq.run_steps(1);
    click(&mut hq, words.go);
    click(&mut hq, words.save_svg);
    click(&mut hq, words.save_png);
    let svg = std::fs::read_to_string(reports.path().join("chart-kind-year.svg")).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(
        svg.contains(words.certainly),
        "the chart speaks the interface language"
    );
    let png = std::fs::read(reports.path().join("chart-kind-year.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    // Saving again never overwrites.
    click(&mut hq, words.save_svg);
    assert!(reports.path().join("chart-kind-year-2.svg").exists());
    // Counts only: no interview text reached the folder.
    assert_eq!(
        common::files_containing(reports.path(), "구타".as_bytes()),
        Vec::<std::path::PathBuf>::new()
    );

    // Excerpts chosen in the app: W26-0001 agreed to anonymised quotes for the UN,
    // W26-0002 to no quotes at all.
    click(&mut hq, words.nav_review);
    hq.get_by_label(words.from).click();
    hq.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    hq.key_press(egui::Key::Delete);
    hq.get_by_label(words.country).click();
    hq.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    hq.key_press(egui::Key::Delete);
    hq.run_steps(1);
    click(&mut hq, words.filter);
    choose_whole_narrative(&mut hq, words, "W26-0001");
    choose_whole_narrative(&mut hq, words, "W26-0002");
    let notice = hq.state().notice().unwrap();
    assert!(notice.headline.contains(words.two_chosen), "{}", notice.headline);
    click(&mut hq, words.nav_publish);
    let packs = tempfile::tempdir().unwrap();
    click(&mut hq, words.pack_folder);
    hq.get_by_label(words.folder).click();
    hq.run_steps(1);
    hq.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    hq.get_by_label(words.folder)
        .type_text(&packs.path().display().to_string());
    hq.run_steps(1);
    click(&mut hq, words.go);
    // Six interviews are too few for k = 3: every description would be withheld.
    hq.get_by_label(words.k).click();
    hq.run_steps(1);
    hq.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    hq.get_by_label(words.k).type_text("1");
    hq.key_press(egui::Key::Enter);
    hq.run_steps(2);
    click(&mut hq, words.understood);
    click(&mut hq, words.write_pack);
    let notice = hq.state().notice().unwrap();
    assert!(
        notice.headline.contains(words.written),
        "{} {:?}",
        notice.headline,
        notice.detail
    );
    let pack: fieldvault_core::vault::Pack =
        serde_json::from_slice(&std::fs::read(packs.path().join("publication-un.json")).unwrap()).unwrap();
    // Never an excerpt without matching consent; the other is left out with its reason.
    assert_eq!(pack.k, 1);
    assert_eq!(pack.excerpts.len(), 1, "{pack:?}");
    assert_eq!(pack.excerpts[0].code, "W26-0001");
    assert!(pack.excerpts[0].citation.contains("W26-0001"));
    let left_out: Vec<(&str, &str)> = pack
        .excluded
        .iter()
        .map(|x| (x.code.as_str(), x.reason.as_str()))
        .collect();
    assert!(
        left_out.contains(&("W26-0002", "no_quote_consent")),
        "{left_out:?}"
    );
    // Whatever was quoted verifies against the sealed revision it came from.
    let vault = hq.state().session().unwrap().vault.as_ref().unwrap();
    assert!(vault.verify_publication(&pack).unwrap().iter().all(|v| v.ok));
}

#[test]
fn headquarters_reviews_and_counts_in_english() {
    review_and_count_in_the_app(&ReviewWords {
        lang: Lang::En,
        passphrase: "Passphrase",
        unlock: "Unlock",
        nav_review: "Review",
        country: "Country (CN, KP)",
        from: "From (EDTF)",
        filter: "Filter",
        four: "4 interviews",
        none: "0 interviews",
        not_a_date: "is not a date fieldvault reads",
        reviewer: "Reviewer",
        add_tag: "Add tag",
        note: "Note",
        save: "Save annotation",
        saved: "Annotation of W26-0001 saved",
        nav_stats: "Statistics",
        repatriation: "Forced repatriation",
        totals: "incidents in all; 6 interviewees",
        by_year: "and by year",
        certainly: "Incidents certainly in the year",
        save_folder: "Folder for the chart",
        folder: "Folder",
        go: "Go",
        save_svg: "Save as SVG",
        save_png: "Save as PNG",
        excerpt_title: "Choose an excerpt to quote",
        narrative: "Narrative (newest revision)",
        add_excerpt: "Add to the publication pack",
        two_chosen: "2 excerpts chosen",
        nav_publish: "Publication pack",
        pack_folder: "Folder for the pack",
        k: "Shared by at least (k)",
        understood: "I understand that the pack is written unencrypted (Markdown and JSON).",
        write_pack: "Write the publication pack",
        written: "Publication pack written",
    });
}

#[test]
fn headquarters_reviews_and_counts_in_korean() {
    review_and_count_in_the_app(&ReviewWords {
        lang: Lang::Ko,
        passphrase: "암호 문구",
        unlock: "열기",
        nav_review: "검토",
        country: "국가 (CN, KP)",
        from: "시작 (EDTF)",
        filter: "걸러내기",
        four: "면담 4건",
        none: "면담 0건",
        not_a_date: "읽을 수 있는 날짜가 아닙니다",
        reviewer: "검토자",
        add_tag: "태그 추가",
        note: "메모",
        save: "주석 저장",
        saved: "W26-0001 의 주석을 저장",
        nav_stats: "통계",
        repatriation: "강제송환",
        totals: "면담 대상자 6명",
        by_year: "연도별로도",
        certainly: "확실히 그 해의 사건",
        save_folder: "차트를 저장할 폴더",
        folder: "폴더",
        go: "이동",
        save_svg: "SVG로 저장",
        save_png: "PNG로 저장",
        excerpt_title: "인용할 발췌 고르기",
        narrative: "진술 (최신 개정판)",
        add_excerpt: "공개 자료에 추가",
        two_chosen: "모두 2개를 골랐습니다",
        nav_publish: "공개 자료",
        pack_folder: "공개 자료를 저장할 폴더",
        k: "최소 공유 인원 (k)",
        understood: "공개 자료가 암호화되지 않은 채로(Markdown, JSON) 저장됨을 이해합니다.",
        write_pack: "공개 자료 쓰기",
        written: "공개 자료를 썼습니다",
    });
}

/// An interviewee withdraws after the interview was sealed: the interviewer records it on
/// the interview's page, and it waits for the next export.
#[test]
fn a_consent_withdrawal_is_recorded_on_the_interview_page() {
    let env = common::Env::with_vault();
    env.add_samples();
    env.run(&["interview", "seal", "--all"]).ok();
    let mut field = app(&env.vault(), Lang::En);
    field.run_steps(2);
    type_into(&mut field, "Passphrase", PASS);
    click(&mut field, "Unlock");
    field.get_by_label("W26-0003").click();
    field.run_steps(2);
    click(&mut field, "Consent in force and later changes");
    assert!(
        field
            .query_by_label_contains("Consent in force: Anonymised")
            .is_some(),
        "the consent in force is shown"
    );
    click(&mut field, "Record a consent change");
    click(&mut field, "The interviewee withdraws their consent altogether");
    type_into(
        &mut field,
        "What the interviewee asked, and how (kept encrypted)",
        "Asked by phone; fears for her brother.",
    );
    click(&mut field, "Record the change");
    let notice = field.state().notice().unwrap();
    assert!(
        notice.headline.contains("Consent change for W26-0003 recorded"),
        "{}",
        notice.headline
    );
    let vault = field.state().session().unwrap().vault.as_ref().unwrap();
    let consent = vault.consent("W26-0003").unwrap();
    assert!(consent.effective.unwrap().withdrawn);
    assert_eq!(
        consent.changes[0].note.as_deref(),
        Some("Asked by phone; fears for her brother.")
    );
    assert_eq!(vault.consent_changes_to_send().unwrap(), 1);
    assert!(field.query_by_label_contains("Consent withdrawn").is_some());
}
