//! The interview editor: every field of the interview model, incidents and children as
//! sub-forms, vocabulary pickers, EDTF dates checked as they are typed. Saving is explicit;
//! in between, the form is autosaved as a work copy inside the encrypted vault a moment
//! after typing stops (and on lock), so a crash, a power cut or auto-lock loses nothing.

use eframe::egui;
use zeroize::Zeroize;

use crate::domain::{InterviewRecord, Lang, Lifecycle, VocabKind, Vocabulary};
use crate::ui::command::{Command, View};
use crate::ui::form::{ChildForm, IncidentForm, InterviewForm, PerpetratorForm};
use crate::ui::i18n::I18n;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::fields::{
    Choices, GenderWords, NamedTexts, country_row, date_row, gender_row, language_row, text_area, text_row,
    vocab_row,
};
use crate::vault::{InterviewView, Vault, VaultError, WorkCopy};

/// Seconds after the last keystroke before the work copy is saved.
const AUTOSAVE_AFTER: f64 = 2.0;
/// Seconds after the last keystroke before the form is checked again.
const CHECK_AFTER: f64 = 0.4;

pub struct EditorScreen {
    slot: String,
    interview_id: Option<String>,
    /// The state of the interview when editing began (None for a new one).
    state: Option<Lifecycle>,
    form: InterviewForm,
    problems: Vec<String>,
    changed_at: Option<f64>,
    checked: bool,
    work_saved: bool,
}

impl EditorScreen {
    pub fn new_interview(lang: Lang) -> EditorScreen {
        let today = jiff::Zoned::now().date().to_string();
        EditorScreen::with(None, None, InterviewForm::new_interview(&today, lang.as_str()))
    }

    /// Edits a draft, or starts a correction of a sealed interview.
    pub fn edit(view: &InterviewView) -> EditorScreen {
        let form = view
            .record
            .as_ref()
            .map(|r| InterviewForm::from_value(r.value()))
            .unwrap_or_default();
        EditorScreen::with(Some(view.summary.id.clone()), Some(view.summary.state), form)
    }

    /// Picks up an autosaved work copy.
    pub fn restore(copy: WorkCopy) -> EditorScreen {
        let form = serde_json::from_str(&copy.form).unwrap_or_default();
        let mut editor = EditorScreen::with(copy.interview_id, None, form);
        editor.slot = copy.slot;
        editor.work_saved = true;
        editor
    }

    fn with(interview_id: Option<String>, state: Option<Lifecycle>, form: InterviewForm) -> EditorScreen {
        EditorScreen {
            slot: uuid::Uuid::new_v4().to_string(),
            interview_id,
            state,
            form,
            problems: Vec::new(),
            changed_at: None,
            checked: false,
            work_saved: true,
        }
    }

    pub fn slot(&self) -> &str {
        &self.slot
    }

    pub fn form(&self) -> &InterviewForm {
        &self.form
    }

    pub fn form_mut(&mut self) -> &mut InterviewForm {
        self.work_saved = false;
        &mut self.form
    }

    /// Stores the form as an interview revision: a new interview, an updated draft, or a
    /// correction of a sealed one. Returns the interview id.
    pub fn save(&mut self, vault: &mut Vault) -> Result<String, VaultError> {
        let bytes = serde_json::to_vec(&self.form.to_value()).unwrap_or_default();
        let label = "editor";
        let id = match &self.interview_id {
            None => {
                let added = vault.add_interviews(&[(label.to_owned(), bytes)])?;
                added.into_iter().next().map(|a| a.id).unwrap_or_default()
            }
            Some(id) => {
                let current = vault.show(id)?.summary.state;
                if current == Lifecycle::Draft {
                    vault.update_draft(id, label, &bytes)?.id
                } else {
                    vault.revise(id, label, &bytes)?.id
                }
            }
        };
        let _ = vault.discard_work_copy(&self.slot);
        self.work_saved = true;
        Ok(id)
    }

    /// Saves the work copy if anything changed since the last one.
    pub fn save_work(&mut self, vault: &mut Vault) -> Result<(), VaultError> {
        if self.work_saved {
            return Ok(());
        }
        let form = zeroize::Zeroizing::new(serde_json::to_string(&self.form).unwrap_or_default());
        vault.save_work_copy(&self.slot, self.interview_id.as_deref(), &form)?;
        self.work_saved = true;
        Ok(())
    }

    pub fn show_errors(&mut self, i18n: &I18n, error: &VaultError) {
        self.problems = crate::ui::notice::problems(i18n, error);
    }
}

impl Screen for EditorScreen {
    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let vocabulary = cx.vault.vocabulary();
        let commands = &mut *cx.commands;
        let now = ui.input(|i| i.time);
        ui.horizontal(|ui| {
            ui.heading(match (&self.interview_id, self.state) {
                (None, _) => i18n.t("editor-title-new"),
                (Some(_), Some(Lifecycle::Draft) | None) => i18n.t("editor-title-draft"),
                (Some(_), Some(_)) => i18n.t("editor-title-revise"),
            });
            if ui.button(i18n.t("editor-save")).clicked() {
                commands.push(Command::SaveInterview);
            }
            if ui.button(i18n.t("editor-close")).clicked() {
                commands.push(Command::AutosaveWork);
                commands.push(Command::Show(View::List));
            }
            if ui.button(i18n.t("work-discard")).clicked() {
                commands.push(Command::DiscardWork(self.slot.clone()));
            }
            ui.weak(if self.work_saved {
                i18n.t("editor-autosaved")
            } else {
                i18n.t("editor-unsaved")
            });
        });
        if self.state.is_some_and(|s| s != Lifecycle::Draft) {
            ui.label(i18n.t("editor-revise-note"));
        }
        // One line that is always there, so the form never moves while someone types.
        if self.problems.is_empty() {
            ui.weak(i18n.t("editor-ready"));
        } else {
            ui.colored_label(
                ui.visuals().error_fg_color,
                i18n.ta("editor-problem-count", &[("count", self.problems.len().into())]),
            );
        }
        ui.separator();
        let changed = egui::ScrollArea::vertical()
            .id_salt("editor-form")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let changed = form_ui(ui, i18n, vocabulary, &mut self.form, true);
                if !self.problems.is_empty() {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.colored_label(ui.visuals().error_fg_color, i18n.t("editor-problems"));
                        for problem in &self.problems {
                            ui.colored_label(ui.visuals().error_fg_color, format!("• {problem}"));
                        }
                    });
                }
                changed
            })
            .inner;
        if changed {
            self.changed_at = Some(now);
            self.checked = false;
            self.work_saved = false;
        }
        if let Some(at) = self.changed_at {
            if !self.checked && now - at >= CHECK_AFTER {
                self.problems = match InterviewRecord::from_value(self.form.to_value(), vocabulary) {
                    Ok(_) => Vec::new(),
                    Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
                };
                self.checked = true;
            }
            if !self.work_saved && now - at >= AUTOSAVE_AFTER {
                commands.push(Command::AutosaveWork);
            }
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(500));
        }
    }

    /// Wipes the form's text from memory.
    fn forget(&mut self) {
        self.form.zeroize();
        self.problems.zeroize();
    }
}

/// Every field of the form; read-only when `editable` is false. Returns true on a change.
pub fn form_ui(
    ui: &mut egui::Ui,
    i18n: &I18n,
    vocabulary: &Vocabulary,
    form: &mut InterviewForm,
    editable: bool,
) -> bool {
    let none = i18n.t("choose-none");
    let choices = Choices {
        vocabulary,
        lang: i18n.lang(),
        none_label: &none,
    };
    let bad_date = i18n.t("editor-bad-date");
    let (search, other) = (i18n.t("choose-search"), i18n.t("choose-other-code"));
    let named = NamedTexts {
        lang: i18n.lang(),
        none: &none,
        search: &search,
        other: &other,
    };
    let (female, male, own) = (
        i18n.t("gender-female"),
        i18n.t("gender-male"),
        i18n.t("gender-own-words"),
    );
    let gender_words = GenderWords {
        none: &none,
        female: &female,
        male: &male,
        own_words: &own,
    };
    let mut changed = false;
    ui.add_enabled_ui(editable, |ui| {
        egui::CollapsingHeader::new(i18n.t("section-interview"))
            .id_salt("section-interview")
            .default_open(true)
            .show(ui, |ui| {
                changed |= text_row(ui, &i18n.t("field-code"), &mut form.code);
                changed |= date_row(
                    ui,
                    &i18n.t("field-interviewed-on"),
                    &mut form.interviewed_on,
                    false,
                    &bad_date,
                    i18n.lang(),
                );
                changed |= text_row(ui, &i18n.t("field-place"), &mut form.place);
                changed |= text_row(ui, &i18n.t("field-interviewer"), &mut form.interviewer);
                changed |= language_row(ui, &i18n.t("field-language"), &mut form.language, &named);
                changed |= text_row(ui, &i18n.t("field-interpreter"), &mut form.interpreter);
            });
        egui::CollapsingHeader::new(i18n.t("section-consent"))
            .id_salt("section-consent")
            .default_open(true)
            .show(ui, |ui| {
                changed |= ui
                    .checkbox(&mut form.consent_recording, i18n.t("field-recording"))
                    .changed();
                changed |= vocab_row(
                    ui,
                    &i18n.t("field-quote"),
                    &choices,
                    VocabKind::Quote,
                    &mut form.consent_quote,
                    false,
                );
                changed |= text_row(ui, &i18n.t("field-share-with"), &mut form.consent_share_with);
                changed |= text_row(ui, &i18n.t("field-consent-note"), &mut form.consent_note);
            });
        egui::CollapsingHeader::new(i18n.t("section-interviewee"))
            .id_salt("section-interviewee")
            .default_open(true)
            .show(ui, |ui| {
                changed |= gender_row(ui, &i18n.t("field-gender"), &mut form.gender, &gender_words);
                changed |= date_row(
                    ui,
                    &i18n.t("field-birth-year"),
                    &mut form.birth_year,
                    true,
                    &bad_date,
                    i18n.lang(),
                );
                changed |= text_row(ui, &i18n.t("field-origin"), &mut form.origin);
                changed |= country_row(
                    ui,
                    &i18n.t("field-current-country"),
                    &mut form.current_country,
                    &named,
                );
            });
        egui::CollapsingHeader::new(i18n.t("section-narrative"))
            .id_salt("section-narrative")
            .default_open(true)
            .show(ui, |ui| {
                let label = ui.label(i18n.t("field-narrative"));
                changed |= ui
                    .add(
                        egui::TextEdit::multiline(&mut form.narrative)
                            .id(egui::Id::unique("field-narrative"))
                            .layouter(&mut crate::ui::widgets::long_text::layout)
                            .desired_rows(12)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id)
                    .changed();
            });
        egui::CollapsingHeader::new(i18n.ta("section-incidents", &[("count", form.incidents.len().into())]))
            .id_salt("section-incidents")
            .default_open(true)
            .show(ui, |ui| {
                let mut remove = None;
                for (index, incident) in form.incidents.iter_mut().enumerate() {
                    ui.push_id(("incident", index), |ui| {
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            ui.horizontal(|ui| {
                                ui.strong(i18n.ta("incident-number", &[("number", (index + 1).into())]));
                                if editable && ui.small_button(i18n.t("incident-remove")).clicked() {
                                    remove = Some(index);
                                }
                            });
                            changed |= incident_ui(ui, i18n, &choices, incident, &bad_date);
                        });
                    });
                }
                if let Some(index) = remove {
                    form.incidents.remove(index);
                    changed = true;
                }
                if editable && ui.button(i18n.t("incident-add")).clicked() {
                    form.incidents.push(IncidentForm {
                        victims: "self".into(),
                        ..IncidentForm::default()
                    });
                    changed = true;
                }
            });
        egui::CollapsingHeader::new(i18n.ta("section-children", &[("count", form.children.len().into())]))
            .id_salt("section-children")
            .default_open(true)
            .show(ui, |ui| {
                let mut remove = None;
                for (index, child) in form.children.iter_mut().enumerate() {
                    ui.push_id(("child", index), |ui| {
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            ui.horizontal(|ui| {
                                ui.strong(i18n.ta("child-number", &[("number", (index + 1).into())]));
                                if editable && ui.small_button(i18n.t("child-remove")).clicked() {
                                    remove = Some(index);
                                }
                            });
                            changed |= child_ui(ui, i18n, child, &bad_date);
                        });
                    });
                }
                if let Some(index) = remove {
                    form.children.remove(index);
                    changed = true;
                }
                if editable && ui.button(i18n.t("child-add")).clicked() {
                    form.children.push(ChildForm::default());
                    changed = true;
                }
            });
        egui::CollapsingHeader::new(i18n.t("section-follow-up"))
            .id_salt("section-follow-up")
            .default_open(true)
            .show(ui, |ui| {
                changed |= text_area(ui, &i18n.t("field-follow-up"), &mut form.follow_up, 3);
                changed |= text_row(ui, &i18n.t("field-tags"), &mut form.tags);
            });
    });
    changed
}

fn incident_ui(
    ui: &mut egui::Ui,
    i18n: &I18n,
    choices: &Choices<'_>,
    incident: &mut IncidentForm,
    bad_date: &str,
) -> bool {
    let mut changed = false;
    changed |= vocab_row(
        ui,
        &i18n.t("field-incident-kind"),
        choices,
        VocabKind::IncidentKind,
        &mut incident.kind,
        false,
    );
    changed |= date_row(
        ui,
        &i18n.t("field-when"),
        &mut incident.when,
        false,
        bad_date,
        i18n.lang(),
    );
    changed |= text_row(ui, &i18n.t("field-incident-place"), &mut incident.place);
    changed |= country_picker(ui, i18n, &i18n.t("field-country"), &mut incident.country);
    changed |= text_row(ui, &i18n.t("field-facility-name"), &mut incident.facility_name);
    changed |= vocab_row(
        ui,
        &i18n.t("field-facility-type"),
        choices,
        VocabKind::FacilityType,
        &mut incident.facility_type,
        true,
    );
    let mut remove = None;
    for (index, perpetrator) in incident.perpetrators.iter_mut().enumerate() {
        ui.push_id(("perpetrator", index), |ui| {
            changed |= vocab_row(
                ui,
                &i18n.t("field-perpetrator-kind"),
                choices,
                VocabKind::PerpetratorKind,
                &mut perpetrator.kind,
                false,
            );
            ui.horizontal(|ui| {
                changed |= text_row(ui, &i18n.t("field-perpetrator-note"), &mut perpetrator.note);
                if ui.small_button(i18n.t("perpetrator-remove")).clicked() {
                    remove = Some(index);
                }
            });
        });
    }
    if let Some(index) = remove {
        incident.perpetrators.remove(index);
        changed = true;
    }
    if ui.small_button(i18n.t("perpetrator-add")).clicked() {
        incident.perpetrators.push(PerpetratorForm::default());
        changed = true;
    }
    changed |= text_row(ui, &i18n.t("field-victims"), &mut incident.victims);
    changed |= vocab_row(
        ui,
        &i18n.t("field-source"),
        choices,
        VocabKind::Source,
        &mut incident.source,
        true,
    );
    changed |= text_area(ui, &i18n.t("field-description"), &mut incident.description, 3);
    changed
}

/// A country picker labelled in the interface language.
fn country_picker(ui: &mut egui::Ui, i18n: &I18n, label: &str, value: &mut String) -> bool {
    let (none, search, other) = (
        i18n.t("choose-none"),
        i18n.t("choose-search"),
        i18n.t("choose-other-code"),
    );
    let texts = NamedTexts {
        lang: i18n.lang(),
        none: &none,
        search: &search,
        other: &other,
    };
    country_row(ui, label, value, &texts)
}

fn child_ui(ui: &mut egui::Ui, i18n: &I18n, child: &mut ChildForm, bad_date: &str) -> bool {
    let mut changed = false;
    changed |= date_row(
        ui,
        &i18n.t("field-child-birth-year"),
        &mut child.birth_year,
        true,
        bad_date,
        i18n.lang(),
    );
    changed |= country_picker(ui, i18n, &i18n.t("field-child-country"), &mut child.country);
    ui.horizontal(|ui| {
        ui.add_sized([170.0, 20.0], egui::Label::new(i18n.t("field-registered")));
        changed |= ui
            .radio_value(&mut child.registered, String::new(), i18n.t("registered-unknown"))
            .changed();
        changed |= ui
            .radio_value(&mut child.registered, "yes".into(), i18n.t("registered-yes"))
            .changed();
        changed |= ui
            .radio_value(&mut child.registered, "no".into(), i18n.t("registered-no"))
            .changed();
    });
    changed |= text_row(ui, &i18n.t("field-with-whom"), &mut child.with_whom);
    changed |= text_row(ui, &i18n.t("field-child-note"), &mut child.note);
    changed
}
