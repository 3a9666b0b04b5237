//! Headquarters' publication pack: the excerpts chosen on the Review screen (each with the
//! revision it was chosen in), the audience, the re-identification check's k and what to
//! do with a rare witness, and the folder to write the pack to. The pack is written
//! unencrypted, so the button waits for an explicit tick. Consent is enforced by the
//! vault, not here: every interview left out is listed with its reason.

use eframe::egui;

use crate::ui::command::{Command, n};
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::path_picker::{PathPicker, PickMode};
use crate::vault::{ExcerptRequest, PublishOptions, RarePolicy, Role, Vault};

/// One excerpt chosen in the app.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub code: String,
    pub request: ExcerptRequest,
    /// Its text, as shown when it was chosen.
    pub text: String,
}

const AUDIENCES: [&str; 4] = ["un", "public", "researchers", "courts"];

pub struct PublishScreen {
    chosen: Vec<Chosen>,
    audience: String,
    k: usize,
    withhold: bool,
    organisation: String,
    understood: bool,
    picker: Option<PathPicker>,
}

impl Default for PublishScreen {
    fn default() -> PublishScreen {
        PublishScreen {
            chosen: Vec::new(),
            audience: "un".into(),
            k: 3,
            withhold: false,
            organisation: String::new(),
            understood: false,
            picker: None,
        }
    }
}

impl PublishScreen {
    /// Adds an excerpt chosen on the Review screen; the same range twice is kept once.
    /// Returns how many are chosen.
    pub fn add(&mut self, chosen: Chosen) -> usize {
        let same = |c: &Chosen| {
            c.request.interview == chosen.request.interview
                && (c.request.start, c.request.end) == (chosen.request.start, chosen.request.end)
        };
        if !self.chosen.iter().any(same) {
            self.chosen.push(chosen);
        }
        self.chosen.len()
    }

    fn body(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        ui.heading(i18n.t("publish-title"));
        ui.label(i18n.t("publish-intro"));
        ui.separator();
        ui.strong(i18n.ta("publish-chosen", &[("count", n(self.chosen.len()))]));
        if self.chosen.is_empty() {
            ui.weak(i18n.t("publish-none-chosen"));
        }
        let mut remove = None;
        for (i, chosen) in self.chosen.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!(
                    "{} {}–{}",
                    chosen.code, chosen.request.start, chosen.request.end
                ));
                ui.label(format!("“{}”", chosen.text));
                if ui.small_button(i18n.t("publish-remove")).clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.chosen.remove(i);
        }
        ui.separator();
        egui::Grid::new("publish-options").num_columns(2).show(ui, |ui| {
            ui.label(i18n.t("publish-audience"));
            egui::ComboBox::from_id_salt("publish-audience")
                .selected_text(i18n.t(&format!("publish-audience-{}", self.audience)))
                .show_ui(ui, |ui| {
                    for audience in AUDIENCES {
                        ui.selectable_value(
                            &mut self.audience,
                            audience.to_owned(),
                            i18n.t(&format!("publish-audience-{audience}")),
                        );
                    }
                });
            ui.end_row();
            let label = ui.label(i18n.t("publish-k"));
            ui.add(egui::DragValue::new(&mut self.k).range(1..=50))
                .labelled_by(label.id);
            ui.end_row();
            ui.label(i18n.t("publish-rare"));
            ui.horizontal(|ui| {
                ui.radio_value(&mut self.withhold, false, i18n.t("publish-generalise"));
                ui.radio_value(&mut self.withhold, true, i18n.t("publish-withhold"));
            });
            ui.end_row();
            let label = ui.label(i18n.t("publish-organisation"));
            ui.text_edit_singleline(&mut self.organisation)
                .labelled_by(label.id);
            ui.end_row();
        });
        ui.separator();
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        egui::CollapsingHeader::new(i18n.t("publish-folder"))
            .id_salt("publish-picker")
            .show(ui, |ui| picker.show(ui, i18n));
        ui.horizontal(|ui| {
            ui.label(i18n.t("export-destination"));
            ui.monospace(picker.folder().display().to_string());
        });
        ui.checkbox(&mut self.understood, i18n.t("publish-understood"));
        let ready = self.understood && !self.chosen.is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(i18n.t("publish-write")))
            .clicked()
        {
            let organisation = match self.organisation.trim() {
                "" => cx
                    .vault
                    .identity()
                    .map(|identity| identity.label)
                    .unwrap_or_default(),
                given => given.to_owned(),
            };
            cx.commands.push(Command::Publish {
                requests: self.chosen.iter().map(|c| c.request.clone()).collect(),
                options: PublishOptions {
                    audience: self.audience.clone(),
                    k: self.k,
                    rare: if self.withhold {
                        RarePolicy::Withhold
                    } else {
                        RarePolicy::Generalise
                    },
                    organisation,
                    lang: i18n.lang(),
                },
                dir: picker.folder().to_path_buf(),
            });
            self.understood = false;
        }
    }
}

impl Screen for PublishScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        (role == Role::Headquarters).then_some("nav-publish")
    }

    fn reload(&mut self, _vault: &Vault) {
        if self.picker.is_none() {
            self.picker = Some(PathPicker::new(PickMode::Folder, None));
        }
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        egui::ScrollArea::vertical()
            .id_salt("publish-screen")
            .show(ui, |ui| self.body(ui, cx));
    }

    fn forget(&mut self) {
        *self = PublishScreen::default();
    }
}
