//! Hooks for the benchmarks (`benches/app.rs`), compiled only with the `bench-hooks`
//! feature, which release builds do not enable: open the editor on a long narrative, read
//! its length, and report when the first frame was drawn (`FIELDVAULT_TRACE_STARTUP`),
//! optionally closing at once (`FIELDVAULT_EXIT_AFTER_FIRST_FRAME`). Nothing here prints
//! content.

use eframe::egui;

use super::app::{App, View};
use super::screens::editor::EditorScreen;

impl App {
    /// Opens the editor on a new interview with this narrative.
    pub fn open_editor_for_benchmark(&mut self, narrative: String) {
        let lang = self.i18n.lang();
        if let Some(session) = self.session_mut() {
            let mut editor = EditorScreen::new_interview(lang);
            editor.form_mut().narrative = narrative;
            session.screens.editor = Some(editor);
            session.view = View::Editor;
        }
    }

    /// Bytes in the open editor's narrative.
    pub fn editor_narrative_len(&self) -> usize {
        self.session()
            .and_then(|s| s.screens.editor.as_ref())
            .map_or(0, |e| e.form().narrative.len())
    }
}

/// Called once, after the first frame.
pub(super) fn first_frame(ctx: &egui::Context) {
    if std::env::var_os("FIELDVAULT_TRACE_STARTUP").is_some() {
        eprintln!(
            "fieldvault: unlock screen drawn after {} ms",
            startup_elapsed().as_millis()
        );
    }
    if std::env::var_os("FIELDVAULT_EXIT_AFTER_FIRST_FRAME").is_some() {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

/// Time since the process started, for the launch benchmark.
fn startup_elapsed() -> std::time::Duration {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let after = stat.rsplit_once(')')?.1;
            let start_ticks: u64 = after.split_whitespace().nth(19)?.parse().ok()?;
            let uptime: f64 = std::fs::read_to_string("/proc/uptime")
                .ok()?
                .split_whitespace()
                .next()?
                .parse()
                .ok()?;
            Some(std::time::Duration::from_secs_f64(
                (uptime - start_ticks as f64 / 100.0).max(0.0),
            ))
        })
        .unwrap_or_default()
}
