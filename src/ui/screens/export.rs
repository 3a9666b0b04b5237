//! The export wizard: choose the USB stick's folder, see what goes into the bundle, write
//! it, and see the result of the read-back check.

use eframe::egui;

use crate::domain::Lifecycle;
use crate::ui::command::{Command, n};
use crate::ui::notice::unusable_key;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::path_picker::{PathPicker, PickMode};
use crate::vault::{ExportReport, InterviewSummary, Role, Vault};

#[derive(Default)]
pub struct ExportScreen {
    picker: Option<PathPicker>,
    pending: Vec<InterviewSummary>,
    /// Ids of interviews the interviewer chose to keep out of this bundle.
    left_out: std::collections::BTreeSet<String>,
    hq_count: usize,
    /// Consent changes waiting to go to headquarters.
    consent_changes: usize,
    result: Option<Result<ExportReport, ()>>,
    /// Why the chosen folder could not take the bundle when "Write" was pressed.
    unusable: Option<crate::sticks::Unusable>,
}

impl ExportScreen {
    pub fn finished(&mut self, result: Result<ExportReport, ()>) {
        self.result = Some(result);
    }
}

impl Screen for ExportScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        (role == Role::Field).then_some("nav-export")
    }

    fn reload(&mut self, vault: &Vault) {
        let mut pending = vault.list(Some(Lifecycle::Sealed)).unwrap_or_default();
        pending.extend(vault.list(Some(Lifecycle::Exported)).unwrap_or_default());
        pending.sort_by(|a, b| a.code.cmp(&b.code));
        self.left_out.retain(|id| pending.iter().any(|row| &row.id == id));
        self.pending = pending;
        self.hq_count = vault
            .trust_list()
            .map(|list| list.iter().filter(|p| p.removed_at.is_none()).count())
            .unwrap_or(0);
        self.consent_changes = vault.consent_changes_to_send().unwrap_or(0);
        self.result = None;
        if self.picker.is_none() {
            self.picker = Some(PathPicker::new(PickMode::Folder, None));
        }
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let commands = &mut *cx.commands;
        ui.heading(i18n.t("export-title"));
        if let Some(Ok(report)) = &self.result {
            ui.label(i18n.ta("export-done", &[("count", n(report.interviews.len()))]));
            if report.consent_changes > 0 {
                ui.label(i18n.ta("export-consent-changes", &[("count", n(report.consent_changes))]));
            }
            ui.label(i18n.t("export-verified"));
            ui.horizontal(|ui| {
                ui.label(i18n.t("export-file"));
                ui.monospace(report.path.display().to_string());
            });
            ui.label(i18n.ta(
                "export-recipients",
                &[("names", report.recipients.join(", ").as_str().into())],
            ));
            if !report.recovered.is_empty() {
                ui.label(i18n.ta("export-recovered", &[("count", n(report.recovered.len()))]));
            }
            if report.on_vault_disk {
                ui.colored_label(ui.visuals().warn_fg_color, i18n.t("export-on-vault-disk"));
            }
            ui.label(i18n.t("export-next"));
            return;
        }
        ui.label(i18n.t("export-intro"));
        if self.hq_count == 0 {
            ui.colored_label(ui.visuals().error_fg_color, i18n.t("export-no-hq"));
            return;
        }
        ui.add_space(6.0);
        let going = self.pending.len() - self.left_out.len();
        ui.strong(i18n.ta("export-pending", &[("count", n(going))]));
        ui.label(i18n.t("export-leave-out-hint"));
        egui::ScrollArea::vertical()
            .id_salt("export-pending")
            .max_height(140.0)
            .show(ui, |ui| {
                for row in &self.pending {
                    let mut include = !self.left_out.contains(&row.id);
                    let text = format!("{} · {}", row.code, row.state.label(i18n.lang()));
                    if ui.checkbox(&mut include, text).changed() {
                        if include {
                            self.left_out.remove(&row.id);
                        } else {
                            self.left_out.insert(row.id.clone());
                        }
                    }
                }
            });
        if self.consent_changes > 0 {
            ui.label(i18n.ta("export-consent-pending", &[("count", n(self.consent_changes))]));
        }
        if self.pending.is_empty() && self.consent_changes == 0 {
            ui.label(i18n.t("export-nothing"));
            return;
        }
        ui.separator();
        ui.strong(i18n.t("export-choose-folder"));
        if let Some(picker) = self.picker.as_mut() {
            picker.show(ui, i18n);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.label(i18n.t("export-destination"));
                ui.monospace(picker.folder().display().to_string());
            });
            if ui
                .add_enabled(
                    going > 0 || self.consent_changes > 0,
                    egui::Button::new(i18n.t("export-start")),
                )
                .clicked()
            {
                // Checked again now: the stick may have been pulled since it was chosen.
                match crate::sticks::check_destination(picker.folder()) {
                    Ok(()) => {
                        self.unusable = None;
                        commands.push(Command::Export {
                            dir: picker.folder().to_path_buf(),
                            leave_out: self.left_out.iter().cloned().collect(),
                        });
                    }
                    Err(why) => self.unusable = Some(why),
                }
            }
            if let Some(why) = self.unusable {
                ui.colored_label(ui.visuals().error_fg_color, i18n.t(unusable_key(why)));
            }
        }
    }

    fn forget(&mut self) {
        *self = ExportScreen::default();
    }
}
