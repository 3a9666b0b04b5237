//! Labelled form fields. Every input carries its label in the accessibility tree, so a
//! screen reader (and the UI tests) can find it by name.

use eframe::egui;

use crate::domain::{EdtfDate, Lang, VocabKind, Vocabulary};

/// A one-line text field with its label on the left; returns true when it changed.
pub fn text_row(ui: &mut egui::Ui, label: &str, value: &mut String) -> bool {
    ui.horizontal(|ui| {
        let label = ui.add_sized([170.0, 20.0], egui::Label::new(label).truncate());
        ui.add(egui::TextEdit::singleline(value).desired_width(320.0))
            .labelled_by(label.id)
            .changed()
    })
    .inner
}

/// A multi-line text field under its label; returns true when it changed.
pub fn text_area(ui: &mut egui::Ui, label: &str, value: &mut String, rows: usize) -> bool {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::multiline(value)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
    .changed()
}

/// An EDTF date field that says at once whether the text is a date.
pub fn date_row(ui: &mut egui::Ui, label: &str, value: &mut String, year_only: bool, invalid: &str) -> bool {
    let changed = text_row(ui, label, value);
    let text = value.trim();
    if !text.is_empty() {
        let parsed = if year_only {
            EdtfDate::parse_year(text)
        } else {
            EdtfDate::parse(text)
        };
        if parsed.is_err() {
            ui.colored_label(ui.visuals().error_fg_color, format!("! {invalid}"));
        }
    }
    changed
}

/// What a vocabulary picker needs besides its field: the terms, the language to label
/// them in, and the text shown for "nothing chosen".
pub struct Choices<'a> {
    pub vocabulary: &'a Vocabulary,
    pub lang: Lang,
    pub none_label: &'a str,
}

/// A vocabulary picker showing labels in the interface language and storing the id.
pub fn vocab_row(
    ui: &mut egui::Ui,
    label: &str,
    choices: &Choices<'_>,
    kind: VocabKind,
    value: &mut String,
    optional: bool,
) -> bool {
    let Choices {
        vocabulary,
        lang,
        none_label,
    } = *choices;
    let mut changed = false;
    ui.horizontal(|ui| {
        let label_response = ui.add_sized([170.0, 20.0], egui::Label::new(label).truncate());
        let shown = if value.is_empty() {
            none_label.to_owned()
        } else {
            vocabulary.label(kind, value, lang).to_owned()
        };
        egui::ComboBox::from_id_salt(label_response.id.with("combo"))
            .selected_text(shown)
            .width(320.0)
            .show_ui(ui, |ui| {
                if optional {
                    changed |= ui.selectable_value(value, String::new(), none_label).changed();
                }
                for term in vocabulary.terms(kind) {
                    changed |= ui
                        .selectable_value(value, term.id.clone(), term.label(lang))
                        .changed();
                }
            })
            .response
            .labelled_by(label_response.id);
    });
    changed
}
