//! Create or unlock a vault. The passphrase is typed into [`PassphraseField`], which keeps
//! no copies; it is handed over once, on Enter or the button, and the fields are cleared.

use std::path::Path;

use eframe::egui;

use crate::ui::command::Command;
use crate::ui::i18n::I18n;
use crate::ui::widgets::passphrase::{PassphraseField, strength_key};
use crate::vault::{MIN_PASSPHRASE_CHARS, Role, Vault};

pub struct UnlockScreen {
    /// Whether the folder holds a vault (unlock) or not (create).
    exists: bool,
    passphrase: PassphraseField,
    repeat: PassphraseField,
    label: String,
    headquarters: bool,
    mismatch: bool,
}

impl UnlockScreen {
    pub fn new(dir: &Path) -> UnlockScreen {
        UnlockScreen {
            exists: Vault::probe(dir).is_ok() || dir.join(crate::vault::HEADER_FILE).exists(),
            passphrase: PassphraseField::default(),
            repeat: PassphraseField::default(),
            label: String::new(),
            headquarters: false,
            mismatch: false,
        }
    }

    pub fn refresh_probe(&mut self, dir: &Path) {
        self.exists = Vault::probe(dir).is_ok() || dir.join(crate::vault::HEADER_FILE).exists();
    }

    pub fn show(&mut self, ui: &mut egui::Ui, i18n: &I18n, commands: &mut Vec<Command>) {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.set_max_width(460.0);
            if self.exists {
                self.unlock(ui, i18n, commands);
            } else {
                self.create(ui, i18n, commands);
            }
        });
    }

    fn unlock(&mut self, ui: &mut egui::Ui, i18n: &I18n, commands: &mut Vec<Command>) {
        ui.heading(i18n.t("unlock-title"));
        ui.add_space(8.0);
        let field = self.passphrase.show(ui, &i18n.t("unlock-passphrase"));
        if !field.response.has_focus() && ui.memory(|m| m.focused().is_none()) {
            field.response.request_focus();
        }
        ui.add_space(8.0);
        let clicked = ui
            .add_enabled(
                !self.passphrase.is_empty(),
                egui::Button::new(i18n.t("unlock-button")),
            )
            .clicked();
        if (clicked || field.submitted) && !self.passphrase.is_empty() {
            commands.push(Command::Unlock(self.passphrase.take()));
        }
        ui.add_space(16.0);
        ui.weak(i18n.t("unlock-hint"));
    }

    fn create(&mut self, ui: &mut egui::Ui, i18n: &I18n, commands: &mut Vec<Command>) {
        ui.heading(i18n.t("create-title"));
        ui.label(i18n.t("create-intro"));
        ui.add_space(8.0);
        let first = self.passphrase.show(ui, &i18n.t("create-passphrase"));
        // On the very first launch the cursor waits in the first field.
        if ui.memory(|m| m.focused().is_none()) {
            first.response.request_focus();
        }
        ui.weak(i18n.t(strength_key(self.passphrase.char_count())));
        let second = self.repeat.show(ui, &i18n.t("create-repeat"));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let label = ui.label(i18n.t("create-label"));
            ui.add(egui::TextEdit::singleline(&mut self.label).hint_text(i18n.t("create-label-hint")))
                .labelled_by(label.id);
        });
        ui.checkbox(&mut self.headquarters, i18n.t("create-hq"));
        if self.mismatch {
            ui.colored_label(ui.visuals().error_fg_color, i18n.t("create-mismatch"));
        }
        let ready = self.passphrase.char_count() >= MIN_PASSPHRASE_CHARS && !self.repeat.is_empty();
        let clicked = ui
            .add_enabled(ready, egui::Button::new(i18n.t("create-button")))
            .clicked();
        if ready && (clicked || first.submitted || second.submitted) {
            let passphrase = self.passphrase.take();
            let repeat = self.repeat.take();
            if !passphrase.matches(&repeat) {
                self.mismatch = true;
                return;
            }
            self.mismatch = false;
            let role = if self.headquarters {
                Role::Headquarters
            } else {
                Role::Field
            };
            let label = if self.label.trim().is_empty() {
                i18n.t(if self.headquarters {
                    "create-default-hq-label"
                } else {
                    "create-default-field-label"
                })
            } else {
                self.label.trim().to_owned()
            };
            commands.push(Command::Create {
                passphrase,
                role,
                label,
            });
        }
    }
}

impl Drop for UnlockScreen {
    fn drop(&mut self) {
        self.passphrase.clear();
        self.repeat.clear();
    }
}
