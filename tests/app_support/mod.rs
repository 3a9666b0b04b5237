//! Helpers for the tests that drive the desktop app through its accessibility tree
//! (egui_kittest), shared by `desktop_app.rs` and `stick_picker.rs`.
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fieldvault::ui::App;
use fieldvault_core::domain::Lang;

pub const PASS: &str = "correct horse battery staple";

/// The real app on the vault folder `dir`, starting in `lang`.
pub fn app(dir: &Path, lang: Lang) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1280.0, 1000.0])
        .with_context_setup(App::setup)
        .build_ui_state(|ui, app: &mut App| app.ui(ui), App::new(dir.to_path_buf(), lang))
}

/// The real app with generated sound (a test tone in, silence out) instead of devices.
pub fn app_with_sound(dir: &Path, lang: Lang) -> Harness<'static, App> {
    Harness::builder()
        .with_size([1280.0, 1000.0])
        .with_context_setup(App::setup)
        .build_ui_state(
            |ui, app: &mut App| app.ui(ui),
            App::new(dir.to_path_buf(), lang).with_audio(fieldvault::audio::Devices::generated()),
        )
}

/// Steps the app for `seconds` of real time (sound arrives in real time).
pub fn run_for(harness: &mut Harness<'_, App>, seconds: f32) {
    let until = Instant::now() + Duration::from_secs_f32(seconds);
    while Instant::now() < until {
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Steps until `done` holds (jobs run on their own thread), or fails after 60 s.
pub fn wait_for(harness: &mut Harness<'_, App>, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(2);
}

/// Clicks the button with this label (a heading may repeat it), or else the one widget.
pub fn click(harness: &mut Harness<'_, App>, label: &str) {
    match harness.query_by_role_and_label(egui::accesskit::Role::Button, label) {
        Some(button) => button.click(),
        None => harness.get_by_label(label).click(),
    }
    harness.run_steps(2);
}

pub fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(1);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}
