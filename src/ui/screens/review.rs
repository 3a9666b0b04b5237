//! Headquarters' review: filter the archive (status, tag, incident kind, country, facility
//! type, perpetrator, EDTF-aware dates), open an interview's review to set its status, add
//! tags and notes under the reviewer's name, see the consent in force, and confirm or
//! dismiss corroboration candidates. Annotations sit beside the sealed revisions, which
//! never change; each is in the audit log.

use eframe::egui;

use crate::domain::{Lang, Term, VocabKind};
use crate::ui::command::{Command, n};
use crate::ui::i18n::I18n;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::vault::{
    Annotation, Candidate, ConsentView, Filter, Found, InterviewReview, Role, STATUSES, Vault, VaultError,
};

/// The filter as typed: empty means "any".
#[derive(Default, Clone, PartialEq)]
struct FilterForm {
    status: String,
    tag: String,
    kind: String,
    country: String,
    facility_type: String,
    perpetrator: String,
    from: String,
    to: String,
}

impl FilterForm {
    fn filter(&self) -> Filter {
        let given = |s: &String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Filter {
            status: given(&self.status),
            tag: given(&self.tag),
            kind: given(&self.kind),
            country: given(&self.country),
            facility_type: given(&self.facility_type),
            perpetrator: given(&self.perpetrator),
            from: given(&self.from),
            to: given(&self.to),
        }
    }
}

#[derive(Default)]
pub struct ReviewScreen {
    form: FilterForm,
    found: Vec<Found>,
    /// Why the filter was refused (an unknown value, a date that is not EDTF).
    refused: Option<VaultError>,
    open: Option<InterviewReview>,
    consent: Option<ConsentView>,
    /// The annotation being written for the open interview.
    status: String,
    new_tag: String,
    note: String,
    /// Who annotates: recorded with each annotation.
    reviewer: String,
    candidates: Vec<Candidate>,
    /// The open interview's narrative and newest revision, to choose excerpts from.
    narrative: String,
    revision: Option<String>,
    /// The excerpt being chosen: characters `start..end` of the narrative.
    excerpt: (usize, usize),
}

/// The label of a review status in the interface language.
pub fn status_label(i18n: &I18n, status: &str) -> String {
    match status {
        "new" | "reviewed" | "needs_follow_up" | "excluded" => {
            i18n.t(&format!("review-status-{}", status.replace('_', "-")))
        }
        other => other.to_owned(),
    }
}

fn vocabulary_combo(ui: &mut egui::Ui, id: &str, value: &mut String, terms: &[Term], any: &str, lang: Lang) {
    let shown = terms
        .iter()
        .find(|t| t.id == *value)
        .map_or_else(|| any.to_owned(), |t| t.label(lang).to_owned());
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, String::new(), any);
            for term in terms {
                ui.selectable_value(value, term.id.clone(), term.label(lang));
            }
        });
}

impl ReviewScreen {
    fn search(&mut self, vault: &Vault) {
        match vault.find(&self.form.filter()) {
            Ok(found) => {
                self.found = found;
                self.refused = None;
            }
            Err(error) => {
                self.found.clear();
                self.refused = Some(error);
            }
        }
    }

    fn open(&mut self, vault: &Vault, interview_id: &str) {
        self.open = vault.interview_review(interview_id).ok();
        self.consent = vault.consent(interview_id).ok();
        self.status = self.open.as_ref().map(|r| r.status.clone()).unwrap_or_default();
        self.new_tag.clear();
        self.note.clear();
        let shown = vault.show(interview_id).ok();
        self.revision = shown.as_ref().and_then(|v| v.summary.hash.clone());
        self.narrative = shown
            .and_then(|v| v.record)
            .map(|r| r.interview().narrative.clone())
            .unwrap_or_default();
        self.excerpt = (0, 0);
    }

    /// The narrative, selectable: a selection (or the two numbers) becomes an excerpt for
    /// a publication pack, with the revision it was chosen in.
    fn excerpt_chooser(&mut self, ui: &mut egui::Ui, i18n: &I18n, commands: &mut Vec<Command>) {
        let Some(review) = &self.open else {
            return;
        };
        if self.narrative.is_empty() {
            return;
        }
        egui::CollapsingHeader::new(i18n.t("excerpt-title"))
            .id_salt("excerpt-chooser")
            .show(ui, |ui| {
                ui.weak(i18n.t("excerpt-hint"));
                let label = ui.label(i18n.t("excerpt-narrative"));
                let mut text = self.narrative.as_str();
                let output = egui::TextEdit::multiline(&mut text)
                    .desired_rows(6)
                    .desired_width(f32::INFINITY)
                    .show(ui);
                output.response.response.labelled_by(label.id);
                if let Some(range) = output.cursor_range {
                    let chars = range.as_sorted_char_range();
                    if chars.start.0 != chars.end.0 {
                        self.excerpt = (chars.start.0, chars.end.0);
                    }
                }
                let length = self.narrative.chars().count();
                ui.horizontal(|ui| {
                    let label = ui.label(i18n.t("excerpt-from"));
                    ui.add(egui::DragValue::new(&mut self.excerpt.0).range(0..=length))
                        .labelled_by(label.id);
                    let label = ui.label(i18n.t("excerpt-to"));
                    ui.add(egui::DragValue::new(&mut self.excerpt.1).range(0..=length))
                        .labelled_by(label.id);
                });
                let (start, end) = self.excerpt;
                if start < end {
                    let chosen: String = self.narrative.chars().skip(start).take(end - start).collect();
                    ui.label(format!("“{chosen}”"));
                    if ui.button(i18n.t("excerpt-add")).clicked() {
                        commands.push(Command::AddExcerpt(crate::ui::screens::publish::Chosen {
                            code: review.code.clone(),
                            request: crate::vault::ExcerptRequest {
                                interview: review.interview_id.clone(),
                                start,
                                end,
                                revision: self.revision.clone(),
                            },
                            text: chosen,
                        }));
                    }
                }
            });
    }

    fn filters(&mut self, ui: &mut egui::Ui, vault: &Vault, i18n: &I18n) {
        let lang = i18n.lang();
        let any = i18n.t("review-any");
        let vocabulary = vault.vocabulary();
        let before = self.form.clone();
        egui::Grid::new("review-filters").num_columns(4).show(ui, |ui| {
            ui.label(i18n.t("review-status"));
            egui::ComboBox::from_id_salt("review-filter-status")
                .selected_text(if self.form.status.is_empty() {
                    any.clone()
                } else {
                    status_label(i18n, &self.form.status)
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.form.status, String::new(), &any);
                    for status in STATUSES {
                        ui.selectable_value(
                            &mut self.form.status,
                            status.to_owned(),
                            status_label(i18n, status),
                        );
                    }
                });
            ui.label(i18n.t("review-kind"));
            vocabulary_combo(
                ui,
                "review-filter-kind",
                &mut self.form.kind,
                vocabulary.incident_kinds(),
                &any,
                lang,
            );
            ui.end_row();
            ui.label(i18n.t("review-facility-type"));
            vocabulary_combo(
                ui,
                "review-filter-facility",
                &mut self.form.facility_type,
                vocabulary.facility_types(),
                &any,
                lang,
            );
            ui.label(i18n.t("review-perpetrator"));
            vocabulary_combo(
                ui,
                "review-filter-perpetrator",
                &mut self.form.perpetrator,
                vocabulary.perpetrator_kinds(),
                &any,
                lang,
            );
            ui.end_row();
            let label = ui.label(i18n.t("review-country"));
            ui.add(egui::TextEdit::singleline(&mut self.form.country).desired_width(60.0))
                .labelled_by(label.id);
            let label = ui.label(i18n.t("review-tag"));
            ui.text_edit_singleline(&mut self.form.tag).labelled_by(label.id);
            ui.end_row();
            let label = ui.label(i18n.t("review-from"));
            ui.add(egui::TextEdit::singleline(&mut self.form.from).desired_width(100.0))
                .labelled_by(label.id);
            let label = ui.label(i18n.t("review-to"));
            ui.add(egui::TextEdit::singleline(&mut self.form.to).desired_width(100.0))
                .labelled_by(label.id);
            ui.end_row();
        });
        ui.weak(i18n.t("review-dates-hint"));
        // Menus and choices apply at once; typed fields when the person presses Filter.
        let chosen = |f: &FilterForm| {
            (
                f.status.clone(),
                f.kind.clone(),
                f.facility_type.clone(),
                f.perpetrator.clone(),
            )
        };
        let apply = ui.button(i18n.t("review-apply")).clicked();
        if apply || chosen(&before) != chosen(&self.form) {
            self.search(vault);
        }
    }

    fn annotation_form(&mut self, ui: &mut egui::Ui, i18n: &I18n, commands: &mut Vec<Command>) {
        let Some(review) = &self.open else {
            return;
        };
        ui.horizontal(|ui| {
            let label = ui.label(i18n.t("review-reviewer"));
            ui.text_edit_singleline(&mut self.reviewer).labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            ui.label(i18n.t("review-set-status"));
            egui::ComboBox::from_id_salt("review-set-status")
                .selected_text(status_label(i18n, &self.status))
                .show_ui(ui, |ui| {
                    for status in STATUSES {
                        ui.selectable_value(&mut self.status, status.to_owned(), status_label(i18n, status));
                    }
                });
        });
        ui.horizontal(|ui| {
            let label = ui.label(i18n.t("review-add-tag"));
            ui.text_edit_singleline(&mut self.new_tag).labelled_by(label.id);
        });
        let label = ui.label(i18n.t("review-note"));
        ui.add(egui::TextEdit::multiline(&mut self.note).desired_rows(2))
            .labelled_by(label.id);
        if ui.button(i18n.t("review-save")).clicked() {
            let annotation = Annotation {
                status: (self.status != review.status).then(|| self.status.clone()),
                tags: Some(self.new_tag.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .into_iter()
                    .collect(),
                untags: Vec::new(),
                note: Some(self.note.trim().to_owned()).filter(|n| !n.is_empty()),
            };
            commands.push(Command::Annotate {
                interview: review.interview_id.clone(),
                annotation,
                reviewer: self.reviewer.clone(),
            });
        }
    }

    fn opened(&mut self, ui: &mut egui::Ui, vault: &Vault, i18n: &I18n, commands: &mut Vec<Command>) {
        let Some(review) = self.open.clone() else {
            ui.weak(i18n.t("review-pick"));
            return;
        };
        ui.heading(&review.code);
        ui.label(format!(
            "{}: {}",
            i18n.t("review-status"),
            status_label(i18n, &review.status)
        ));
        if !review.tags.is_empty() {
            ui.label(format!("{}: {}", i18n.t("review-tags"), review.tags.join(", ")));
        }
        if let Some(effective) = self.consent.as_ref().and_then(|c| c.effective.as_ref()) {
            let consent = if effective.withdrawn {
                i18n.t("review-consent-withdrawn")
            } else {
                let lang = i18n.lang();
                let audiences = if effective.share_with.is_empty() {
                    i18n.t("review-no-one")
                } else {
                    effective.share_with.join(", ")
                };
                i18n.ta(
                    "review-consent",
                    &[
                        (
                            "quote",
                            vault
                                .vocabulary()
                                .label(VocabKind::Quote, &effective.quote, lang)
                                .into(),
                        ),
                        ("audiences", audiences.as_str().into()),
                    ],
                )
            };
            ui.label(consent);
        }
        for incident in &review.incidents {
            ui.label(format!(
                "{}. {} {} · {}",
                incident.number,
                vault
                    .vocabulary()
                    .label(VocabKind::IncidentKind, &incident.kind, i18n.lang()),
                incident.when.as_deref().unwrap_or(""),
                status_label(i18n, &incident.status)
            ));
        }
        self.excerpt_chooser(ui, i18n, commands);
        ui.separator();
        self.annotation_form(ui, i18n, commands);
        if !review.history.is_empty() {
            egui::CollapsingHeader::new(i18n.ta("review-history", &[("count", n(review.history.len()))]))
                .id_salt("review-history")
                .show(ui, |ui| {
                    for row in &review.history {
                        ui.label(format!(
                            "{} · {} · {}: {}",
                            row.at, row.reviewer, row.field, row.value
                        ));
                    }
                });
        }
    }

    fn corroboration(&mut self, ui: &mut egui::Ui, i18n: &I18n, commands: &mut Vec<Command>) {
        egui::CollapsingHeader::new(i18n.ta("review-candidates", &[("count", n(self.candidates.len()))]))
            .id_salt("review-candidates")
            .show(ui, |ui| {
                if self.candidates.is_empty() {
                    ui.weak(i18n.t("review-no-candidates"));
                }
                for candidate in &self.candidates {
                    ui.horizontal(|ui| {
                        ui.label(format!(
                            "{} · {} · {}",
                            candidate.first_code, candidate.second_code, candidate.basis
                        ));
                        for (key, confirm) in [("review-confirm", true), ("review-dismiss", false)] {
                            if ui.small_button(i18n.t(key)).clicked() {
                                commands.push(Command::DecideCorroboration {
                                    first: candidate.first.clone(),
                                    second: candidate.second.clone(),
                                    basis: candidate.basis.clone(),
                                    confirm,
                                    reviewer: self.reviewer.clone(),
                                });
                            }
                        }
                    });
                }
            });
    }
}

impl ReviewScreen {
    fn body(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let vault = cx.vault;
        ui.heading(i18n.t("review-title"));
        self.filters(ui, vault, i18n);
        if let Some(error) = &self.refused {
            let notice = crate::ui::notice::error_notice(i18n, error);
            ui.colored_label(ui.visuals().error_fg_color, notice.headline);
            if let Some(detail) = notice.detail {
                ui.label(detail);
            }
        }
        ui.separator();
        let mut chosen = None;
        ui.columns(2, |columns| {
            columns[0].strong(i18n.ta("review-found", &[("count", n(self.found.len()))]));
            egui::ScrollArea::vertical()
                .id_salt("review-found")
                .max_height(360.0)
                .show(&mut columns[0], |ui| {
                    for found in &self.found {
                        let selected = self
                            .open
                            .as_ref()
                            .is_some_and(|r| r.interview_id == found.interview_id);
                        let text = format!(
                            "{} · {} · {}",
                            found.code,
                            status_label(i18n, &found.status),
                            i18n.ta("review-matching", &[("count", n(found.incidents as usize))])
                        );
                        if ui.selectable_label(selected, text).clicked() {
                            chosen = Some(found.interview_id.clone());
                        }
                    }
                });
            self.opened(&mut columns[1], vault, i18n, cx.commands);
        });
        if let Some(id) = chosen {
            self.open(vault, &id);
        }
        ui.separator();
        self.corroboration(ui, i18n, cx.commands);
    }
}

impl Screen for ReviewScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        (role == Role::Headquarters).then_some("nav-review")
    }

    fn reload(&mut self, vault: &Vault) {
        self.search(vault);
        self.candidates = vault.corroboration_candidates(50).unwrap_or_default();
        if let Some(id) = self.open.as_ref().map(|r| r.interview_id.clone()) {
            self.open(vault, &id);
        }
        if self.reviewer.is_empty() {
            self.reviewer = std::env::var("FIELDVAULT_REVIEWER").unwrap_or_default();
        }
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        // A laptop screen is small: the whole screen scrolls.
        egui::ScrollArea::vertical()
            .id_salt("review-screen")
            .show(ui, |ui| self.body(ui, cx));
    }

    fn forget(&mut self) {
        *self = ReviewScreen::default();
    }
}
