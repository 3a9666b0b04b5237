//! An interview's consent on its page: what it records, the changes since and the consent
//! in force, and a form to record that the interviewee narrowed or withdrew it. The form
//! offers only narrowing (fewer audiences, less quoting, withdrawal), as the vault allows.

use std::collections::BTreeSet;

use eframe::egui;

use crate::domain::VocabKind;
use crate::ui::command::Command;
use crate::ui::i18n::I18n;
use crate::vault::{ConsentChange, ConsentView, EffectiveConsent, Role, Vault};

const QUOTE_LEVELS: [&str; 3] = ["no", "anonymised", "named"];

#[derive(Default)]
pub struct ConsentPanel {
    view: Option<ConsentView>,
    withdraw: bool,
    quote: String,
    audiences: BTreeSet<String>,
    note: String,
}

impl ConsentPanel {
    pub fn reload(&mut self, vault: &Vault, interview: &str) {
        self.view = vault.consent(interview).ok();
        self.withdraw = false;
        self.note.clear();
        let effective = self.view.as_ref().and_then(|v| v.effective.as_ref());
        self.quote = effective.map(|e| e.quote.clone()).unwrap_or_default();
        self.audiences = effective
            .map(|e| e.share_with.iter().cloned().collect())
            .unwrap_or_default();
    }

    fn describe(vault: &Vault, i18n: &I18n, consent: &EffectiveConsent) -> String {
        if consent.withdrawn {
            return i18n.t("review-consent-withdrawn");
        }
        let audiences = if consent.share_with.is_empty() {
            i18n.t("review-no-one")
        } else {
            consent.share_with.join(", ")
        };
        i18n.ta(
            "review-consent",
            &[
                (
                    "quote",
                    vault
                        .vocabulary()
                        .label(VocabKind::Quote, &consent.quote, i18n.lang())
                        .into(),
                ),
                ("audiences", audiences.as_str().into()),
            ],
        )
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        vault: &Vault,
        i18n: &I18n,
        role: Role,
        commands: &mut Vec<Command>,
    ) {
        let Some(view) = &self.view else {
            return;
        };
        let effective = view.effective.clone();
        match &effective {
            Some(consent) => {
                ui.label(Self::describe(vault, i18n, consent));
            }
            None if view.changes.iter().any(|c| c.withdrawn) => {
                ui.label(i18n.t("review-consent-withdrawn"));
            }
            None => {}
        }
        let interview = view.interview_id.clone();
        let changes = view.changes.len();
        egui::CollapsingHeader::new(i18n.t("consent-change-title"))
            .id_salt("consent-change")
            .show(ui, |ui| {
                if changes > 0 {
                    ui.weak(i18n.ta("consent-changes-so-far", &[("count", changes.into())]));
                }
                ui.checkbox(&mut self.withdraw, i18n.t("consent-withdraw"));
                if !self.withdraw
                    && let Some(consent) = effective.as_ref().filter(|c| !c.withdrawn)
                {
                    let allowed = QUOTE_LEVELS.iter().position(|q| *q == consent.quote).unwrap_or(0);
                    ui.horizontal(|ui| {
                        ui.label(i18n.t("consent-quote"));
                        let lang = i18n.lang();
                        egui::ComboBox::from_id_salt("consent-quote")
                            .selected_text(vault.vocabulary().label(VocabKind::Quote, &self.quote, lang))
                            .show_ui(ui, |ui| {
                                for level in &QUOTE_LEVELS[..=allowed] {
                                    let label = vault.vocabulary().label(VocabKind::Quote, level, lang);
                                    ui.selectable_value(&mut self.quote, (*level).to_owned(), label);
                                }
                            });
                    });
                    if !consent.share_with.is_empty() {
                        ui.label(i18n.t("consent-audiences"));
                        for audience in &consent.share_with {
                            let mut kept = self.audiences.contains(audience);
                            if ui.checkbox(&mut kept, audience).changed() {
                                if kept {
                                    self.audiences.insert(audience.clone());
                                } else {
                                    self.audiences.remove(audience);
                                }
                            }
                        }
                    }
                }
                let label = ui.label(i18n.t("consent-note"));
                ui.add(egui::TextEdit::multiline(&mut self.note).desired_rows(2))
                    .labelled_by(label.id);
                if ui.button(i18n.t("consent-record")).clicked() {
                    let narrower_quote = effective
                        .as_ref()
                        .filter(|c| c.quote != self.quote && !self.quote.is_empty())
                        .map(|_| self.quote.clone());
                    let fewer = effective
                        .as_ref()
                        .filter(|c| c.share_with.iter().any(|a| !self.audiences.contains(a)))
                        .map(|_| self.audiences.iter().cloned().collect());
                    commands.push(Command::ChangeConsent {
                        interview: interview.clone(),
                        change: ConsentChange {
                            quote: if self.withdraw { None } else { narrower_quote },
                            share_with: if self.withdraw { None } else { fewer },
                            withdraw: self.withdraw,
                            note: Some(self.note.trim().to_owned()).filter(|n| !n.is_empty()),
                        },
                    });
                }
                if role == Role::Field {
                    ui.weak(i18n.t("consent-travels"));
                }
            });
    }

    pub fn forget(&mut self) {
        use zeroize::Zeroize;
        self.note.zeroize();
        *self = ConsentPanel::default();
    }
}
