//! Labelled form fields. Every input carries its label in the accessibility tree, so a
//! screen reader (and the UI tests) can find it by name.

use eframe::egui;

use crate::domain::names::{self, Named};
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

/// An EDTF date field that says, as it is typed, what the date means in words ("around
/// October 2019") or that it is not a date yet, with the forms to use.
pub fn date_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    year_only: bool,
    invalid: &str,
    lang: Lang,
) -> bool {
    let changed = text_row(ui, label, value);
    let text = value.trim();
    if !text.is_empty() {
        let parsed = if year_only {
            EdtfDate::parse_year(text)
        } else {
            EdtfDate::parse(text)
        };
        ui.horizontal(|ui| {
            ui.add_space(174.0);
            match parsed {
                Ok(date) => {
                    ui.weak(format!("= {}", crate::domain::edtf_words::describe(&date, lang)));
                }
                Err(_) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("! {invalid}"));
                }
            }
        });
    }
    changed
}

/// A picker of named codes (countries, languages): the names in the interface language,
/// the code stored. A search box narrows the list; a code not in the list can be typed in
/// the "other" box, and a stored value the list does not know is kept and shown as it is.
pub fn named_row(
    ui: &mut egui::Ui,
    label: &str,
    items: &[Named],
    first: &[&str],
    value: &mut String,
    texts: &NamedTexts<'_>,
) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let label_response = ui.add_sized([170.0, 20.0], egui::Label::new(label).truncate());
        let shown = if value.is_empty() {
            texts.none.to_owned()
        } else {
            match items.iter().find(|n| n.code == value.as_str()) {
                Some(n) => format!("{} ({})", n.name(texts.lang), n.code),
                None => value.clone(),
            }
        };
        let id = label_response.id.with("named");
        let mut filter = ui.data_mut(|d| d.get_temp::<String>(id.with("filter")).unwrap_or_default());
        egui::ComboBox::from_id_salt(id)
            .selected_text(shown)
            .width(320.0)
            .height(320.0)
            // Typing in the search box must not close the list; a choice closes it.
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show_ui(ui, |ui| {
                let search = ui.weak(texts.search);
                ui.add(egui::TextEdit::singleline(&mut filter).desired_width(280.0))
                    .labelled_by(search.id);
                let mut chosen = ui.selectable_value(value, String::new(), texts.none).changed();
                let wanted = filter.trim().to_lowercase();
                let matches = |n: &&Named| {
                    wanted.is_empty()
                        || n.code.to_lowercase() == wanted
                        || n.en.to_lowercase().contains(&wanted)
                        || n.ko.contains(&wanted)
                };
                let common = first.iter().filter_map(|c| items.iter().find(|n| n.code == *c));
                let rest = items.iter().filter(|n| !first.contains(&n.code));
                for n in common.chain(rest).filter(matches) {
                    let text = format!("{} ({})", n.name(texts.lang), n.code);
                    chosen |= ui.selectable_value(value, n.code.to_owned(), text).clicked();
                }
                if chosen {
                    changed = true;
                    ui.close();
                }
            })
            .response
            .labelled_by(label_response.id);
        ui.data_mut(|d| d.insert_temp(id.with("filter"), filter));
        let other = ui.label(texts.other);
        changed |= ui
            .add(egui::TextEdit::singleline(value).desired_width(60.0))
            .labelled_by(other.id)
            .changed();
    });
    changed
}

/// The words a [`named_row`] needs, in the interface language.
pub struct NamedTexts<'a> {
    pub lang: Lang,
    pub none: &'a str,
    pub search: &'a str,
    pub other: &'a str,
}

/// The countries picker.
pub fn country_row(ui: &mut egui::Ui, label: &str, value: &mut String, texts: &NamedTexts<'_>) -> bool {
    named_row(
        ui,
        label,
        names::countries(),
        names::COMMON_COUNTRIES,
        value,
        texts,
    )
}

/// The interview language picker.
pub fn language_row(ui: &mut egui::Ui, label: &str, value: &mut String, texts: &NamedTexts<'_>) -> bool {
    named_row(ui, label, names::languages(), &[], value, texts)
}

/// Gender: female, male, or words the interviewee chose (free text, kept as typed).
pub fn gender_row(ui: &mut egui::Ui, label: &str, value: &mut String, words: &GenderWords<'_>) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let label_response = ui.add_sized([170.0, 20.0], egui::Label::new(label).truncate());
        let shown = match value.as_str() {
            "" => words.none,
            "female" => words.female,
            "male" => words.male,
            other => other,
        }
        .to_owned();
        egui::ComboBox::from_id_salt(label_response.id.with("gender"))
            .selected_text(shown)
            .width(160.0)
            .show_ui(ui, |ui| {
                changed |= ui.selectable_value(value, String::new(), words.none).changed();
                changed |= ui
                    .selectable_value(value, "female".to_owned(), words.female)
                    .changed();
                changed |= ui
                    .selectable_value(value, "male".to_owned(), words.male)
                    .changed();
            })
            .response
            .labelled_by(label_response.id);
        let own = ui.label(words.own_words);
        changed |= ui
            .add(egui::TextEdit::singleline(value).desired_width(140.0))
            .labelled_by(own.id)
            .changed();
    });
    changed
}

/// The words of a [`gender_row`].
pub struct GenderWords<'a> {
    pub none: &'a str,
    pub female: &'a str,
    pub male: &'a str,
    pub own_words: &'a str,
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
