//! Wipe delivered interviews: lists exactly what goes (only revisions headquarters has
//! confirmed with a receipt), asks for the passphrase (the key is rotated), and runs only
//! after the button is held down.

use eframe::egui;

use crate::domain::Lifecycle;
use crate::ui::command::{Command, n};
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::hold_button::hold_to_confirm;
use crate::ui::widgets::passphrase::PassphraseField;
use crate::vault::{InterviewSummary, Role, Vault, WipeDeliveredReport};

/// Seconds the wipe button must be held.
pub const HOLD_SECONDS: f64 = 3.0;

#[derive(Default)]
pub struct WipeScreen {
    delivered: Vec<InterviewSummary>,
    kept: usize,
    /// Unsaved editor work on the interviews that go (it goes with them).
    work_copies: usize,
    passphrase: PassphraseField,
    result: Option<WipeDeliveredReport>,
}

impl WipeScreen {
    pub fn finished(&mut self, result: Option<WipeDeliveredReport>) {
        self.result = result;
        self.delivered.clear();
    }
}

impl Screen for WipeScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        (role == Role::Field).then_some("nav-wipe")
    }

    fn reload(&mut self, vault: &Vault) {
        self.delivered = vault.list(Some(Lifecycle::Delivered)).unwrap_or_default();
        self.delivered.sort_by(|a, b| a.code.cmp(&b.code));
        self.kept = [Lifecycle::Draft, Lifecycle::Sealed, Lifecycle::Exported]
            .iter()
            .map(|s| vault.list(Some(*s)).map(|l| l.len()).unwrap_or(0))
            .sum();
        self.work_copies = vault
            .work_copies()
            .unwrap_or_default()
            .iter()
            .filter(|copy| {
                copy.interview_id
                    .as_ref()
                    .is_some_and(|id| self.delivered.iter().any(|d| &d.id == id))
            })
            .count();
        self.result = None;
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let commands = &mut *cx.commands;
        ui.heading(i18n.t("wipe-title"));
        if let Some(report) = &self.result {
            ui.label(i18n.ta("wipe-done", &[("count", n(report.wiped.len()))]));
            if report.work_copies_discarded > 0 {
                ui.label(i18n.ta(
                    "wipe-work-discarded",
                    &[("count", n(report.work_copies_discarded))],
                ));
            }
            for wiped in &report.wiped {
                ui.label(format!(
                    "{} · {}",
                    wiped.code,
                    &wiped.hash[..wiped.hash.len().min(16)]
                ));
            }
            egui::CollapsingHeader::new(i18n.t("wipe-limits"))
                .id_salt("wipe-limits")
                .show(ui, |ui| {
                    // The core's limits, in the interface language (one message each, in order).
                    for number in 1..=report.limits.len() {
                        ui.label(i18n.t(&format!("wipe-limit-{number}")));
                    }
                });
            return;
        }
        ui.label(i18n.t("wipe-intro"));
        if self.delivered.is_empty() {
            ui.label(i18n.t("wipe-nothing"));
            return;
        }
        ui.strong(i18n.ta("wipe-will-go", &[("count", n(self.delivered.len()))]));
        egui::ScrollArea::vertical()
            .id_salt("wipe-list")
            .max_height(180.0)
            .show(ui, |ui| {
                for row in &self.delivered {
                    ui.label(format!(
                        "{} · {}",
                        row.code,
                        i18n.ta("list-revision", &[("number", u64::from(row.revision).into())])
                    ));
                }
            });
        if self.work_copies > 0 {
            ui.label(i18n.ta("wipe-work-copies", &[("count", n(self.work_copies))]));
        }
        ui.label(i18n.ta("wipe-kept", &[("count", n(self.kept))]));
        ui.separator();
        self.passphrase.show(ui, &i18n.t("wipe-passphrase"));
        ui.add_space(6.0);
        if self.passphrase.is_empty() {
            ui.weak(i18n.t("wipe-need-passphrase"));
        } else if hold_to_confirm(ui, &i18n.t("wipe-hold"), HOLD_SECONDS) {
            commands.push(Command::WipeDelivered(self.passphrase.take()));
        }
    }

    fn forget(&mut self) {
        self.passphrase.clear();
        self.delivered.clear();
        self.result = None;
    }
}
