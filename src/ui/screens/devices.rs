//! Headquarters: the device registry and the gap report (bundles a device made that never
//! arrived), so a lost stick is noticed.

use eframe::egui;

use crate::ui::command::Command;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::vault::{Gap, Role, TrustedParty, Vault};

#[derive(Default)]
pub struct DevicesScreen {
    devices: Vec<TrustedParty>,
    gaps: Vec<Gap>,
}

impl Screen for DevicesScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        (role == Role::Headquarters).then_some("nav-devices")
    }

    fn reload(&mut self, vault: &Vault) {
        self.devices = vault.trust_list().unwrap_or_default();
        self.gaps = vault.gaps().unwrap_or_default();
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let commands = &mut *cx.commands;
        ui.heading(i18n.t("devices-title"));
        if self.devices.is_empty() {
            ui.label(i18n.t("trust-none-device"));
        }
        egui::Grid::new("devices").striped(true).show(ui, |ui| {
            for device in &self.devices {
                ui.label(&device.label);
                ui.monospace(&device.safety_number);
                ui.weak(&device.added_at);
                if device.removed_at.is_some() {
                    ui.weak(i18n.t("trust-removed-mark"));
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });
        ui.separator();
        ui.strong(i18n.t("devices-gaps"));
        if self.gaps.is_empty() {
            ui.label(i18n.t("devices-no-gaps"));
        }
        for gap in &self.gaps {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                i18n.ta(
                    "devices-gap",
                    &[
                        ("device", gap.device_label.as_str().into()),
                        ("first", gap.first_missing.into()),
                        ("last", gap.last_missing.into()),
                        ("count", (gap.last_missing - gap.first_missing + 1).into()),
                    ],
                ),
            );
        }
        if ui.button(i18n.t("nav-trust")).clicked() {
            commands.push(Command::Show(crate::ui::command::View::Trust));
        }
    }
}
