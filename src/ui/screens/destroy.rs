//! Destroy the vault: for when the laptop is about to be seized. Lists what goes, then runs
//! only after the button is held; the key is erased first, so the data is unreadable at once.

use eframe::egui;

use crate::ui::command::{Command, n};
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::hold_button::hold_to_confirm;
use crate::vault::{Role, Vault};

pub const HOLD_SECONDS: f64 = 3.0;

#[derive(Default)]
pub struct DestroyScreen {
    folder: String,
    interviews: u64,
    files: Vec<String>,
}

impl Screen for DestroyScreen {
    fn nav(&self, _role: Role) -> Option<&'static str> {
        Some("nav-destroy")
    }

    fn reload(&mut self, vault: &Vault) {
        self.folder = vault.dir().display().to_string();
        self.interviews = vault.status().map(|s| s.interviews).unwrap_or(0);
        self.files = vault.files_in_folder();
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let commands = &mut *cx.commands;
        ui.heading(i18n.t("destroy-title"));
        ui.label(i18n.t("destroy-intro"));
        ui.add_space(6.0);
        ui.strong(i18n.ta(
            "destroy-what",
            &[
                ("count", n(self.interviews as usize)),
                ("folder", self.folder.as_str().into()),
            ],
        ));
        for file in &self.files {
            ui.monospace(format!("  {file}"));
        }
        ui.add_space(6.0);
        ui.colored_label(ui.visuals().error_fg_color, i18n.t("destroy-warning"));
        ui.add_space(6.0);
        if hold_to_confirm(ui, &i18n.t("destroy-hold"), HOLD_SECONDS) {
            commands.push(Command::Destroy);
        }
    }
}
