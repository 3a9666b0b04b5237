//! Headquarters: import bundles from a stick, several at once, each verified and stored
//! whole or not at all, with receipts written for the devices to take back.

use std::path::PathBuf;

use eframe::egui;

use crate::ui::command::Command;
use crate::ui::i18n::I18n;
use crate::ui::notice::{stick_error_notice, unusable_key};
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::path_picker::{PathPicker, PickMode};
use crate::vault::{BundleImport, Role, VaultError};

#[derive(Default)]
pub struct HqImportScreen {
    picker: Option<PathPicker>,
    receipt_picker: Option<PathPicker>,
    write_receipts: bool,
    results: Vec<(String, bool, String)>,
    /// Why the receipt folder could not be written when "Import" was pressed.
    unusable: Option<crate::sticks::Unusable>,
}

impl HqImportScreen {
    pub fn finished(&mut self, i18n: &I18n, results: Vec<(PathBuf, Result<BundleImport, VaultError>)>) {
        self.results = results
            .into_iter()
            .map(|(path, result)| {
                let name = crate::vault::file_name_of(&path);
                match result {
                    Ok(import) => {
                        let report = &import.report;
                        let mut line = if report.already_imported {
                            i18n.t("import-already")
                        } else {
                            i18n.ta(
                                "import-stored",
                                &[
                                    ("count", report.stored.into()),
                                    ("device", report.device_label.as_str().into()),
                                    ("sequence", report.sequence.into()),
                                ],
                            )
                        };
                        if report.held_back > 0 {
                            line.push(' ');
                            line.push_str(
                                &i18n.ta("import-held-back", &[("count", report.held_back.into())]),
                            );
                        }
                        if !report.flags.is_empty() {
                            line.push(' ');
                            line.push_str(
                                &i18n.ta("import-flagged", &[("count", report.flags.len().into())]),
                            );
                        }
                        let receipt = import
                            .receipt
                            .map(|p| format!(" → {}", p.display()))
                            .unwrap_or_default();
                        (name, true, format!("{line}{receipt}"))
                    }
                    Err(error) => {
                        let notice = stick_error_notice(i18n, &error);
                        (
                            name,
                            false,
                            format!("{} {}", notice.headline, notice.detail.unwrap_or_default()),
                        )
                    }
                }
            })
            .collect();
    }
}

impl Screen for HqImportScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        (role == Role::Headquarters).then_some("nav-hq-import")
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let commands = &mut *cx.commands;
        ui.heading(i18n.t("hq-import-title"));
        ui.label(i18n.t("hq-import-intro"));
        for (name, ok, line) in &self.results {
            let color = if *ok {
                egui::Color32::from_rgb(40, 140, 60)
            } else {
                ui.visuals().error_fg_color
            };
            ui.colored_label(color, format!("{name}: {line}"));
        }
        ui.separator();
        let picker = self
            .picker
            .get_or_insert_with(|| PathPicker::new(PickMode::Files { several: true }, None));
        picker.show(ui, i18n);
        let chosen = picker.selected_files();
        ui.checkbox(&mut self.write_receipts, i18n.t("hq-import-receipts"));
        let receipt_dir = if self.write_receipts {
            let folder_picker = self.receipt_picker.get_or_insert_with(|| {
                PathPicker::new(PickMode::Folder, Some(picker.folder()))
                    .with_location_label("picker-receipt-location")
            });
            ui.label(i18n.t("hq-import-receipt-folder"));
            folder_picker.show(ui, i18n);
            Some(folder_picker.folder().to_path_buf())
        } else {
            None
        };
        let label = i18n.ta("hq-import-button", &[("count", chosen.len().into())]);
        if ui
            .add_enabled(!chosen.is_empty(), egui::Button::new(label))
            .clicked()
        {
            // The receipts' stick is checked again now: it may have been pulled.
            match receipt_dir.as_deref().map(crate::sticks::check_destination) {
                Some(Err(why)) => self.unusable = Some(why),
                _ => {
                    self.unusable = None;
                    commands.push(Command::ImportBundles {
                        paths: chosen,
                        receipt_dir,
                    });
                }
            }
        }
        if let Some(why) = self.unusable {
            ui.colored_label(ui.visuals().error_fg_color, i18n.t(unusable_key(why)));
        }
    }

    fn forget(&mut self) {
        self.results.clear();
    }
}
