//! One interview: its fields (the editor's form, read-only), its revision history with
//! hashes, the exact stored record, and what can be done next (edit a draft, seal it,
//! start a correction of a sealed one).

use eframe::egui;

use crate::domain::Lifecycle;
use crate::ui::command::Command;
use crate::ui::form::InterviewForm;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::screens::editor::form_ui;
use crate::ui::widgets::attachments::AttachmentsPanel;
use crate::ui::widgets::consent::ConsentPanel;
use crate::vault::{InterviewView, Role, Vault};

#[derive(Default)]
pub struct DetailScreen {
    id: Option<String>,
    view: Option<InterviewView>,
    form: InterviewForm,
    pretty: String,
    confirm_seal: bool,
    attachments: AttachmentsPanel,
    consent: ConsentPanel,
}

impl DetailScreen {
    /// A photo of this interview, ready to draw.
    pub fn photo_ready(&mut self, shown: crate::ui::widgets::attachments::Shown) {
        self.attachments.photo_ready(shown);
    }

    /// Sound on this interview's page: the recorder and the player.
    pub fn sound(&mut self) -> &mut crate::ui::widgets::sound::SoundPanel {
        &mut self.attachments.sound
    }

    /// A recording is being made: the page keeps the interviewer on it.
    pub fn is_recording(&self) -> bool {
        self.attachments.sound.is_recording()
    }

    pub fn open(&mut self, vault: &Vault, id: &str) {
        self.forget();
        self.id = Some(id.to_owned());
        self.reload(vault);
    }
}

impl Screen for DetailScreen {
    fn reload(&mut self, vault: &Vault) {
        let Some(id) = self.id.clone() else { return };
        self.view = vault.show(&id).ok();
        let record = self.view.as_ref().and_then(|v| v.record.as_ref());
        self.form = record
            .map(|r| InterviewForm::from_value(r.value()))
            .unwrap_or_default();
        self.pretty = record.map(|r| r.pretty_json()).unwrap_or_default();
        self.confirm_seal = false;
        self.attachments.reload(vault, &id);
        self.consent.reload(vault, &id);
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let vault = cx.vault;
        let role = cx.role;
        let commands = &mut *cx.commands;
        let Some(view) = &self.view else {
            ui.label(i18n.t("detail-missing"));
            return;
        };
        let summary = &view.summary;
        let recording = self.attachments.sound.is_recording();
        if ui
            .add_enabled(!recording, egui::Button::new(i18n.t("detail-back")))
            .clicked()
        {
            commands.push(Command::Show(crate::ui::command::View::List));
        }
        ui.heading(&summary.code);
        ui.label(format!(
            "{} · {}",
            summary.state.label(i18n.lang()),
            i18n.ta("list-revision", &[("number", u64::from(summary.revision).into())])
        ));
        if let Some(hash) = &summary.hash {
            ui.horizontal(|ui| {
                ui.label(i18n.t("detail-hash"));
                ui.monospace(hash);
            });
        }
        if role == Role::Headquarters
            && let Some(device) = &summary.device
        {
            ui.label(i18n.ta("detail-device", &[("device", device.as_str().into())]));
        }
        ui.add_space(6.0);
        if role == Role::Field {
            ui.add_enabled_ui(!recording, |ui| {
                ui.horizontal(|ui| match summary.state {
                    Lifecycle::Draft => {
                        if ui.button(i18n.t("detail-edit")).clicked() {
                            commands.push(Command::EditInterview(summary.id.clone()));
                        }
                        if !self.confirm_seal {
                            if ui.button(i18n.t("detail-seal")).clicked() {
                                self.confirm_seal = true;
                            }
                        } else {
                            ui.label(i18n.t("detail-seal-warning"));
                            if ui.button(i18n.t("detail-seal-confirm")).clicked() {
                                commands.push(Command::Seal(summary.id.clone()));
                            }
                            if ui.button(i18n.t("cancel")).clicked() {
                                self.confirm_seal = false;
                            }
                        }
                    }
                    Lifecycle::Sealed | Lifecycle::Exported | Lifecycle::Delivered => {
                        if ui.button(i18n.t("detail-revise")).clicked() {
                            commands.push(Command::EditInterview(summary.id.clone()));
                        }
                    }
                    Lifecycle::Wiped => {
                        ui.label(i18n.t("detail-wiped"));
                    }
                })
            });
        }
        ui.separator();
        if summary.state != Lifecycle::Wiped {
            let draft = role == Role::Field && summary.state == Lifecycle::Draft;
            self.attachments.show(ui, i18n, &summary.id, draft, commands);
        }
        // Consent can be narrowed once something is sealed, even after the laptop's copy
        // was wiped (a draft's consent is simply edited).
        if summary.state != Lifecycle::Draft {
            egui::CollapsingHeader::new(i18n.t("consent-title"))
                .id_salt("consent")
                .show(ui, |ui| self.consent.show(ui, vault, i18n, role, commands));
        }
        egui::CollapsingHeader::new(i18n.t("detail-history"))
            .id_salt("history")
            .show(ui, |ui| {
                for revision in &view.history {
                    ui.horizontal(|ui| {
                        ui.label(i18n.ta(
                            "list-revision",
                            &[("number", u64::from(revision.revision).into())],
                        ));
                        ui.label(revision.state.label(i18n.lang()));
                        ui.weak(&revision.created_at);
                        if let Some(hash) = &revision.hash {
                            ui.monospace(&hash[..hash.len().min(16)]);
                        }
                    });
                }
            });
        egui::ScrollArea::vertical()
            .id_salt("detail-body")
            .show(ui, |ui| {
                if self.pretty.is_empty() {
                    ui.label(i18n.t("detail-no-content"));
                    return;
                }
                // Read-only, but at full contrast: this is for reading a testimony.
                ui.visuals_mut().disabled_alpha = 1.0;
                form_ui(ui, i18n, vault.vocabulary(), &mut self.form, false);
                egui::CollapsingHeader::new(i18n.t("detail-record"))
                    .id_salt("detail-record")
                    .show(ui, |ui| {
                        ui.add(
                            egui::TextEdit::multiline(&mut self.pretty.as_str())
                                .code_editor()
                                .desired_width(f32::INFINITY),
                        );
                    });
            });
    }

    fn forget(&mut self) {
        use zeroize::Zeroize;
        self.pretty.zeroize();
        self.form.zeroize();
        self.attachments.forget();
        self.consent.forget();
        *self = DetailScreen::default();
    }
}
