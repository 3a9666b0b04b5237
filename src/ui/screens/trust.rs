//! Trust: this vault's own fingerprint and card, and the parties it trusts (headquarters
//! on a field laptop, enrolled devices at headquarters). Adding shows the fingerprint to
//! compare in person before it counts.

use eframe::egui;

use crate::ui::app::Command;
use crate::ui::i18n::I18n;
use crate::ui::widgets::path_picker::{PathPicker, PickMode};
use crate::vault::{IdentityInfo, Role, TrustedParty, Vault};

/// Largest trust card read (they are well under 2 KiB).
const MAX_CARD_BYTES: u64 = 64 * 1024;

#[derive(Default, PartialEq, Eq, Clone, Copy)]
enum Open {
    #[default]
    Nothing,
    SaveCard,
    AddCard,
}

#[derive(Default)]
pub struct TrustScreen {
    identity: Option<IdentityInfo>,
    parties: Vec<TrustedParty>,
    picker: Option<PathPicker>,
    card_picker: Option<PathPicker>,
    compared: bool,
    /// Which picker is open: at most one, so "Folder" names one field.
    open: Open,
    last_added: Option<TrustedParty>,
    error: Option<String>,
}

impl TrustScreen {
    pub fn reload(&mut self, vault: &Vault) {
        self.identity = vault.identity().ok();
        self.parties = vault.trust_list().unwrap_or_default();
    }

    pub fn added(&mut self, party: TrustedParty) {
        self.last_added = Some(party);
        self.picker = None;
        self.compared = false;
        self.open = Open::Nothing;
    }

    pub fn show(&mut self, ui: &mut egui::Ui, i18n: &I18n, role: Role, commands: &mut Vec<Command>) {
        ui.heading(i18n.t("trust-title"));
        if let Some(identity) = &self.identity {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.strong(i18n.t("trust-own"));
                ui.label(&identity.label);
                ui.horizontal(|ui| {
                    ui.label(i18n.t("trust-fingerprint"));
                    ui.monospace(&identity.fingerprint_short);
                });
                ui.weak(&identity.fingerprint);
                if ui
                    .selectable_label(self.open == Open::SaveCard, i18n.t("trust-export-card"))
                    .clicked()
                {
                    self.open = if self.open == Open::SaveCard {
                        Open::Nothing
                    } else {
                        Open::SaveCard
                    };
                }
                if self.open == Open::SaveCard {
                    let picker = self
                        .card_picker
                        .get_or_insert_with(|| PathPicker::new(PickMode::Folder, None));
                    picker.show(ui, i18n);
                    if ui.button(i18n.t("trust-write-card")).clicked() {
                        commands.push(Command::ExportTrustCard(picker.folder().to_path_buf()));
                        self.open = Open::Nothing;
                    }
                }
            });
        }
        ui.add_space(8.0);
        ui.strong(i18n.t(if role == Role::Field {
            "trust-hqs"
        } else {
            "trust-devices"
        }));
        if self.parties.is_empty() {
            ui.label(i18n.t(if role == Role::Field {
                "trust-none-hq"
            } else {
                "trust-none-device"
            }));
        }
        for party in &self.parties {
            ui.horizontal(|ui| {
                ui.label(&party.label);
                ui.monospace(&party.fingerprint_short);
                if party.removed_at.is_some() {
                    ui.weak(i18n.t("trust-removed-mark"));
                } else if ui.small_button(i18n.t("trust-remove")).clicked() {
                    commands.push(Command::TrustRemove(party.fingerprint.clone()));
                }
            });
        }
        if let Some(party) = &self.last_added {
            ui.add_space(6.0);
            ui.colored_label(egui::Color32::from_rgb(40, 140, 60), i18n.t("trust-compare"));
            ui.monospace(&party.fingerprint);
        }
        ui.separator();
        if ui
            .selectable_label(self.open == Open::AddCard, i18n.t("trust-add"))
            .clicked()
        {
            self.open = if self.open == Open::AddCard {
                Open::Nothing
            } else {
                Open::AddCard
            };
        }
        if self.open == Open::AddCard {
            {
                let picker = self
                    .picker
                    .get_or_insert_with(|| PathPicker::new(PickMode::Files { several: false }, None));
                picker.show(ui, i18n);
                ui.checkbox(&mut self.compared, i18n.t("trust-will-compare"));
                let chosen = picker.selected_files();
                let ready = chosen.len() == 1 && self.compared;
                if ui
                    .add_enabled(ready, egui::Button::new(i18n.t("trust-add-button")))
                    .clicked()
                    && let Some(path) = chosen.first()
                {
                    match read_card(path) {
                        Ok(text) => {
                            self.error = None;
                            commands.push(Command::TrustAdd(text));
                        }
                        Err(()) => self.error = Some(i18n.t("trust-unreadable")),
                    }
                }
                if let Some(error) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
            }
        }
    }
}

fn read_card(path: &std::path::Path) -> Result<String, ()> {
    let meta = std::fs::metadata(path).map_err(|_| ())?;
    if meta.len() > MAX_CARD_BYTES {
        return Err(());
    }
    std::fs::read_to_string(path).map_err(|_| ())
}
