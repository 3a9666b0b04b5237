//! Trust: this vault's own fingerprint and card, and the parties it trusts (headquarters
//! on a field laptop, enrolled devices at headquarters). Adding shows the fingerprint to
//! compare in person before it counts.

use eframe::egui;

use crate::ui::command::Command;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::path_picker::{PathPicker, PickMode};
use crate::vault::{IdentityInfo, Role, TrustConfirmation, TrustPreview, TrustedParty, Vault};

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
    /// The card chosen and what adding it would do, once read.
    pending: Option<(String, TrustPreview)>,
    /// The fingerprint the other side read out, as typed.
    read_out: String,
    accept_new_key: bool,
    /// Which picker is open: at most one, so "Folder" names one field.
    open: Open,
    last_added: Option<TrustedParty>,
    error: Option<String>,
}

impl TrustScreen {
    pub fn added(&mut self, party: TrustedParty) {
        self.last_added = Some(party);
        self.picker = None;
        self.pending = None;
        self.read_out.clear();
        self.accept_new_key = false;
        self.open = Open::Nothing;
    }

    /// The card the person chose, read and checked, waiting for the fingerprint.
    pub fn previewed(&mut self, card: String, preview: TrustPreview) {
        self.pending = Some((card, preview));
        self.read_out.clear();
        self.accept_new_key = false;
    }
}

impl Screen for TrustScreen {
    fn nav(&self, _role: Role) -> Option<&'static str> {
        Some("nav-trust")
    }

    fn reload(&mut self, vault: &Vault) {
        self.identity = vault.identity().ok();
        self.parties = vault.trust_list().unwrap_or_default();
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let role = cx.role;
        let commands = &mut *cx.commands;
        ui.heading(i18n.t("trust-title"));
        if let Some(identity) = &self.identity {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.strong(i18n.t("trust-own"));
                ui.label(&identity.label);
                ui.horizontal(|ui| {
                    ui.label(i18n.t("trust-fingerprint"));
                    ui.monospace(&identity.safety_number);
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
                ui.monospace(&party.safety_number);
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
                let chosen = picker.selected_files();
                if ui
                    .add_enabled(chosen.len() == 1, egui::Button::new(i18n.t("trust-read-card")))
                    .clicked()
                    && let Some(path) = chosen.first()
                {
                    match read_card(path) {
                        Ok(text) => {
                            self.error = None;
                            commands.push(Command::TrustPreview(text));
                        }
                        Err(()) => self.error = Some(i18n.t("trust-unreadable")),
                    }
                }
                if let Some((card, preview)) = &self.pending {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.strong(&preview.label);
                        ui.label(i18n.t("trust-card-says"));
                        ui.monospace(&preview.safety_number);
                        let prompt = ui.label(i18n.t("trust-type-read-out"));
                        ui.add(
                            egui::TextEdit::singleline(&mut self.read_out)
                                .id_salt("trust-read-out")
                                .hint_text("12345 67890 …")
                                .desired_width(380.0),
                        )
                        .labelled_by(prompt.id);
                        if let Some(change) = &preview.recipient_change {
                            ui.colored_label(ui.visuals().warn_fg_color, i18n.t("trust-new-key"));
                            ui.monospace(format!("{}\n→ {}", change.old, change.new));
                            ui.checkbox(&mut self.accept_new_key, i18n.t("trust-accept-new-key"));
                        }
                        if let Some(when) = &preview.removed_before {
                            ui.colored_label(
                                ui.visuals().warn_fg_color,
                                i18n.ta("trust-was-removed", &[("when", when.as_str().into())]),
                            );
                        }
                        let ready = !self.read_out.trim().is_empty()
                            && (preview.recipient_change.is_none() || self.accept_new_key);
                        if ui
                            .add_enabled(ready, egui::Button::new(i18n.t("trust-add-button")))
                            .clicked()
                        {
                            commands.push(Command::TrustAdd {
                                card: card.clone(),
                                confirmation: TrustConfirmation {
                                    safety_number: self.read_out.clone(),
                                    accept_new_recipient: self.accept_new_key,
                                },
                            });
                        }
                    });
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
