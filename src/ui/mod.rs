//! The desktop app (eframe, glow renderer): the interviewer's whole day, and headquarters'
//! import desk, in Korean and English. It talks only to the [`crate::vault::Vault`] façade
//! and [`crate::jobs`]; it never names SQL, age or ring. eframe's `persistence` feature is
//! off, and the app writes nothing outside the vault: no state files, no recent-file lists,
//! no logs. See `docs/desktop-app.md`.

pub mod app;
#[cfg(feature = "bench-hooks")]
mod bench_hooks;
pub mod chart;
mod chrome;
pub mod command;
mod fonts;
pub mod form;
mod handle;
pub mod i18n;
mod notice;
pub mod screen;
pub mod screens;
pub mod session;
pub mod widgets;

use std::path::PathBuf;

pub use app::App;

/// Where the app looks for a vault when no `--vault` is given: `$XDG_DATA_HOME/fieldvault/vault`
/// (usually `~/.local/share/fieldvault/vault`).
pub fn default_vault_dir() -> PathBuf {
    crate::vault::default_dir()
}

/// Opens the window and runs until it is closed.
pub fn run(vault_dir: Option<PathBuf>) -> Result<(), String> {
    let vault_dir = vault_dir.unwrap_or_else(default_vault_dir);
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title(app::WINDOW_TITLE)
            .with_app_id("fieldvault")
            // A laptop screen is small: the window takes all of it, and keeps a sensible
            // size when the desktop un-maximizes it. Nothing about it is saved.
            .with_inner_size([1100.0, 760.0])
            .with_maximized(true)
            .with_min_inner_size([720.0, 480.0]),
        // No window geometry or egui memory is saved between runs.
        persist_window: false,
        ..Default::default()
    };
    let lang = i18n::initial_lang();
    eframe::run_native(
        app::WINDOW_TITLE,
        options,
        Box::new(move |cc| {
            App::setup(&cc.egui_ctx);
            Ok(Box::new(App::new(vault_dir, lang)))
        }),
    )
    .map_err(|e| e.to_string())
}
