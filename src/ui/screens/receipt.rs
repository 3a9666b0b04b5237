//! Bring headquarters' receipt back: choose the stick's folder; every receipt for this
//! laptop in it is checked (receipts have random names, like bundles), and only the
//! interviews they name become "delivered" (and may then be wiped).

use eframe::egui;

use crate::ui::command::{Command, n};
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::path_picker::{PathPicker, PickMode};
use crate::vault::{ReceiptReport, Role};

#[derive(Default)]
pub struct ReceiptScreen {
    picker: Option<PathPicker>,
    result: Option<ReceiptReport>,
}

impl ReceiptScreen {
    pub fn finished(&mut self, result: Option<ReceiptReport>) {
        self.result = result;
    }
}

impl Screen for ReceiptScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        (role == Role::Field).then_some("nav-receipt")
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let commands = &mut *cx.commands;
        ui.heading(i18n.t("receipt-title"));
        ui.label(i18n.t("receipt-intro"));
        if let Some(report) = &self.result {
            ui.label(i18n.ta("receipt-done", &[("count", n(report.delivered.len()))]));
            ui.label(i18n.ta("receipt-from", &[("name", report.headquarters.as_str().into())]));
            for code in &report.delivered {
                ui.label(code);
            }
            ui.label(i18n.t("receipt-next"));
            ui.separator();
        }
        let picker = self
            .picker
            .get_or_insert_with(|| PathPicker::new(PickMode::Folder, None));
        picker.show(ui, i18n);
        if ui.button(i18n.t("receipt-import")).clicked() {
            commands.push(Command::ImportReceipt(picker.folder().to_path_buf()));
        }
    }
}
