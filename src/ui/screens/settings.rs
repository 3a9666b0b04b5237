//! Settings: interface language, minutes before auto-lock, and the passphrase. Settings are
//! kept inside the vault, never in a file of their own.

use eframe::egui;

use crate::domain::Lang;
use crate::ui::command::Command;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::passphrase::{PassphraseField, strength_key};
use crate::vault::Role;

#[derive(Default)]
pub struct SettingsScreen {
    minutes: Option<u32>,
    old: PassphraseField,
    new: PassphraseField,
    repeat: PassphraseField,
    mismatch: bool,
}

impl SettingsScreen {
    /// The auto-lock value shown, synced from the app.
    pub fn set_minutes(&mut self, minutes: u32) {
        self.minutes = Some(minutes);
    }
}

impl Screen for SettingsScreen {
    fn nav(&self, _role: Role) -> Option<&'static str> {
        Some("nav-settings")
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let commands = &mut *cx.commands;
        ui.heading(i18n.t("settings-title"));
        ui.horizontal(|ui| {
            ui.label(i18n.t("settings-language"));
            for (lang, name) in [(Lang::Ko, "한국어"), (Lang::En, "English")] {
                if ui.selectable_label(i18n.lang() == lang, name).clicked() {
                    commands.push(Command::SetLanguage(lang));
                }
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(i18n.t("settings-auto-lock"));
            let minutes = self
                .minutes
                .get_or_insert(crate::ui::app::DEFAULT_AUTO_LOCK_MINUTES);
            ui.add(egui::DragValue::new(minutes).range(1..=120).suffix(" min"))
                .labelled_by(label.id);
            if ui.button(i18n.t("settings-apply")).clicked() {
                commands.push(Command::SetAutoLock(*minutes));
            }
        });
        ui.horizontal(|ui| {
            ui.label(i18n.t("settings-text-size"));
            let current = (ui.ctx().zoom_factor() * 100.0).round() as u32;
            for (percent, key) in crate::ui::app::TEXT_SIZES.iter().zip([
                "settings-text-normal",
                "settings-text-large",
                "settings-text-larger",
            ]) {
                if ui.selectable_label(current == *percent, i18n.t(key)).clicked() {
                    commands.push(Command::SetTextSize(*percent));
                }
            }
        });
        ui.weak(i18n.t("panic-lock-hint"));
        ui.separator();
        ui.strong(i18n.t("settings-passphrase"));
        self.old.show(ui, &i18n.t("settings-old-passphrase"));
        self.new.show(ui, &i18n.t("settings-new-passphrase"));
        ui.weak(i18n.t(strength_key(self.new.char_count())));
        self.repeat.show(ui, &i18n.t("settings-repeat-passphrase"));
        if self.mismatch {
            ui.colored_label(ui.visuals().error_fg_color, i18n.t("create-mismatch"));
        }
        let ready = !self.old.is_empty() && !self.new.is_empty() && !self.repeat.is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(i18n.t("settings-change")))
            .clicked()
        {
            let old = self.old.take();
            let new = self.new.take();
            let repeat = self.repeat.take();
            self.mismatch = !new.matches(&repeat);
            if !self.mismatch {
                commands.push(Command::ChangePassphrase { old, new });
            }
        }
    }
}

impl Drop for SettingsScreen {
    fn drop(&mut self) {
        self.old.clear();
        self.new.clear();
        self.repeat.clear();
    }
}
