//! What surrounds every screen: the top bar (title, role and counts, language, lock) and
//! the notice bar under it.

use eframe::egui;

use super::app::WINDOW_TITLE;
use super::command::{Command, Notice};
use super::i18n::I18n;
use super::session::Session;
use crate::domain::Lang;
use crate::vault::{Role, StatusReport};

/// The bar at the top: the title, the vault's role and counts, the language switch and
/// the lock button.
pub fn top_bar(ui: &mut egui::Ui, i18n: &I18n, session: Option<&Session>, commands: &mut Vec<Command>) {
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.strong(WINDOW_TITLE);
            if let Some(session) = session {
                ui.separator();
                ui.label(match session.role {
                    Role::Field => i18n.t("role-field"),
                    Role::Headquarters => i18n.t("role-hq"),
                });
                if let Some(status) = &session.status {
                    ui.separator();
                    ui.label(status_line(i18n, status));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if session.is_some() && ui.button(i18n.t("nav-lock")).clicked() {
                    commands.push(Command::Lock);
                }
                if ui.button(i18n.t("switch-language")).clicked() {
                    commands.push(Command::SetLanguage(match i18n.lang() {
                        Lang::En => Lang::Ko,
                        Lang::Ko => Lang::En,
                    }));
                }
            });
        });
    });
}

/// The notice bar; true if the person dismissed it.
pub fn show_notice(ui: &mut egui::Ui, i18n: &I18n, notice: &Notice) -> bool {
    let mut dismiss = false;
    egui::Panel::top("notice").show(ui, |ui| {
        ui.horizontal(|ui| {
            let color = if notice.error {
                ui.visuals().error_fg_color
            } else {
                egui::Color32::from_rgb(40, 140, 60)
            };
            ui.colored_label(color, &notice.headline);
            dismiss = ui.small_button(i18n.t("notice-dismiss")).clicked();
        });
        if notice.detail.is_some() || !notice.technical.is_empty() {
            egui::CollapsingHeader::new(i18n.t("notice-details"))
                .id_salt("notice-details")
                .show(ui, |ui| {
                    if let Some(detail) = &notice.detail {
                        ui.label(detail);
                    }
                    if !notice.technical.is_empty() {
                        ui.add_space(4.0);
                        ui.weak(i18n.t("notice-technical"));
                        for line in &notice.technical {
                            ui.monospace(line);
                        }
                    }
                });
        }
    });
    dismiss
}

/// "12 interviews · 3 drafts · 4 sealed …" for the top bar.
fn status_line(i18n: &I18n, status: &StatusReport) -> String {
    let count = |state: &str| status.revisions.get(state).copied().unwrap_or(0);
    i18n.ta(
        "status-line",
        &[
            ("interviews", status.interviews.into()),
            ("draft", count("draft").into()),
            ("sealed", count("sealed").into()),
            ("exported", count("exported").into()),
            ("delivered", count("delivered").into()),
        ],
    )
}
