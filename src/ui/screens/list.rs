//! The interview list (the archive at headquarters): filter by lifecycle state, search with
//! highlighted snippets, and unsaved editor work to restore. Rows are drawn only when
//! visible, so ten thousand interviews scroll as smoothly as ten.

use eframe::egui::{self, text::LayoutJob};

use crate::domain::Lifecycle;
use crate::ui::command::{Command, View, n};
use crate::ui::i18n::I18n;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::vault::{InterviewSummary, Role, SearchHit, Vault, WorkCopy};

/// Most search hits shown at once.
const SEARCH_LIMIT: usize = 200;

#[derive(Default)]
pub struct ListScreen {
    filter: Option<Lifecycle>,
    rows: Vec<InterviewSummary>,
    query: String,
    hits: Option<Vec<SearchHit>>,
    searched: String,
    work: Vec<WorkCopy>,
    steps: crate::vault::FirstSteps,
}

impl ListScreen {
    pub fn rows(&self) -> &[InterviewSummary] {
        &self.rows
    }

    pub fn work_copies(&self) -> &[WorkCopy] {
        &self.work
    }

    pub fn set_filter(&mut self, vault: &Vault, filter: Option<Lifecycle>) {
        self.filter = filter;
        self.reload(vault);
    }

    pub fn search(&mut self, vault: &Vault, query: &str) -> Result<(), crate::vault::VaultError> {
        let query = query.trim();
        self.searched = query.to_owned();
        if query.is_empty() {
            self.hits = None;
            return Ok(());
        }
        let mut hits = vault.search(query, SEARCH_LIMIT)?;
        if let Some(state) = self.filter {
            hits.retain(|h| h.state == state);
        }
        self.hits = Some(hits);
        Ok(())
    }

    pub fn first_steps(&self) -> &crate::vault::FirstSteps {
        &self.steps
    }
}

impl Screen for ListScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        Some(match role {
            Role::Field => "nav-interviews",
            Role::Headquarters => "nav-archive",
        })
    }

    /// Re-reads the rows (after any change).
    fn reload(&mut self, vault: &Vault) {
        self.rows = vault.list(self.filter).unwrap_or_default();
        self.rows
            .sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.code.cmp(&b.code)));
        self.work = vault.work_copies().unwrap_or_default();
        self.steps = vault.first_steps().unwrap_or_default();
        if !self.searched.is_empty() {
            let query = self.searched.clone();
            let _ = self.search(vault, &query);
        }
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let role = cx.role;
        let commands = &mut *cx.commands;
        if role == Role::Field && !self.steps.all_done() {
            first_steps(ui, i18n, &self.steps, self.rows.is_empty(), commands);
        }
        ui.horizontal(|ui| {
            ui.heading(i18n.t(if role == Role::Headquarters {
                "list-title-hq"
            } else {
                "list-title"
            }));
            ui.label(i18n.ta("list-count", &[("count", n(self.rows.len()))]));
        });
        for copy in &self.work {
            ui.horizontal(|ui| {
                ui.colored_label(
                    egui::Color32::from_rgb(200, 140, 0),
                    i18n.ta("work-copy-line", &[("time", copy.saved_at.as_str().into())]),
                );
                if ui.button(i18n.t("work-restore")).clicked() {
                    commands.push(Command::RestoreWork(copy.slot.clone()));
                }
                if ui.button(i18n.t("work-discard")).clicked() {
                    commands.push(Command::DiscardWork(copy.slot.clone()));
                }
            });
        }
        ui.horizontal(|ui| {
            let label = ui.label(i18n.t("list-filter"));
            let shown = match self.filter {
                None => i18n.t("state-all"),
                Some(state) => state.label(i18n.lang()).to_owned(),
            };
            egui::ComboBox::from_id_salt("state-filter")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(self.filter.is_none(), i18n.t("state-all"))
                        .clicked()
                    {
                        commands.push(Command::Filter(None));
                    }
                    for state in Lifecycle::ALL {
                        if ui
                            .selectable_label(self.filter == Some(state), state.label(i18n.lang()))
                            .clicked()
                        {
                            commands.push(Command::Filter(Some(state)));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.separator();
            let search_label = ui.label(i18n.t("list-search"));
            let edit = ui
                .add(egui::TextEdit::singleline(&mut self.query).desired_width(240.0))
                .labelled_by(search_label.id);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(i18n.t("list-search-button")).clicked() || enter {
                commands.push(Command::Search(self.query.clone()));
            }
            if self.hits.is_some() && ui.button(i18n.t("list-search-clear")).clicked() {
                self.query.clear();
                commands.push(Command::Search(String::new()));
            }
        });
        ui.separator();
        if let Some(hits) = &self.hits {
            show_hits(ui, i18n, hits, commands);
        } else {
            show_rows(ui, i18n, role, &self.rows, commands);
        }
    }

    fn forget(&mut self) {
        *self = ListScreen::default();
    }
}

fn show_rows(
    ui: &mut egui::Ui,
    i18n: &I18n,
    role: Role,
    rows: &[InterviewSummary],
    commands: &mut Vec<Command>,
) {
    if rows.is_empty() {
        ui.add_space(12.0);
        ui.label(i18n.t(if role == Role::Field {
            "list-empty"
        } else {
            "list-empty-hq"
        }));
        return;
    }
    let row_height = ui.spacing().interact_size.y + 4.0;
    egui::ScrollArea::vertical()
        .id_salt("interview-rows")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            egui::Grid::new("rows")
                .num_columns(if role == Role::Headquarters { 6 } else { 5 })
                .striped(true)
                .min_row_height(row_height)
                .start_row(range.start)
                .show(ui, |ui| {
                    for row in &rows[range] {
                        if ui.link(&row.code).clicked() {
                            commands.push(Command::OpenInterview(row.id.clone()));
                        }
                        ui.label(row.state.label(i18n.lang()));
                        ui.label(row.interviewed_on.as_deref().unwrap_or("—"));
                        ui.label(i18n.ta("list-revision", &[("number", u64::from(row.revision).into())]));
                        ui.weak(&row.updated_at);
                        if role == Role::Headquarters {
                            ui.weak(row.device.as_deref().map_or("—", |d| &d[..d.len().min(12)]));
                        }
                        ui.end_row();
                    }
                });
        });
}

fn show_hits(ui: &mut egui::Ui, i18n: &I18n, hits: &[SearchHit], commands: &mut Vec<Command>) {
    ui.label(i18n.ta("list-hits", &[("count", n(hits.len()))]));
    egui::ScrollArea::vertical()
        .id_salt("search-hits")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for hit in hits {
                ui.horizontal(|ui| {
                    if ui.link(&hit.code).clicked() {
                        commands.push(Command::OpenInterview(hit.id.clone()));
                    }
                    ui.weak(hit.state.label(i18n.lang()));
                });
                for snippet in &hit.snippets {
                    let field = field_label(i18n, snippet.field);
                    ui.label(highlighted(ui, &field, &snippet.text, &snippet.highlights));
                }
                ui.separator();
            }
        });
}

/// The name of the field a snippet comes from, in the interface language.
fn field_label(i18n: &I18n, field: &str) -> String {
    match field {
        "narrative" => i18n.t("snippet-narrative"),
        "incidents" => i18n.t("snippet-incidents"),
        "places" => i18n.t("snippet-places"),
        "facilities" => i18n.t("snippet-facilities"),
        "tags" => i18n.t("snippet-tags"),
        "code" => i18n.t("snippet-code"),
        other => other.to_owned(),
    }
}

/// The snippet with its matches on a highlight colour.
fn highlighted(ui: &egui::Ui, field: &str, text: &str, ranges: &[(usize, usize)]) -> LayoutJob {
    let mut job = LayoutJob::default();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = egui::TextFormat::simple(font.clone(), ui.visuals().text_color());
    let weak = egui::TextFormat::simple(font.clone(), ui.visuals().weak_text_color());
    let mut strong = egui::TextFormat::simple(font, ui.visuals().strong_text_color());
    strong.background = egui::Color32::from_rgba_unmultiplied(250, 200, 0, 90);
    job.append(&format!("{field}: "), 0.0, weak);
    let mut at = 0;
    for &(start, end) in ranges {
        if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        job.append(&text[at..start], 0.0, normal.clone());
        job.append(&text[start..end], 0.0, strong.clone());
        at = end;
    }
    job.append(&text[at..], 0.0, normal);
    job
}

/// The first day's checklist: each step of the loop, ticked when the vault shows it done,
/// with a button to the screen where it is done. Open while the list is empty.
fn first_steps(
    ui: &mut egui::Ui,
    i18n: &I18n,
    steps: &crate::vault::FirstSteps,
    open: bool,
    commands: &mut Vec<Command>,
) {
    use crate::vault::Step;
    egui::CollapsingHeader::new(i18n.t("steps-title"))
        .id_salt("first-steps")
        .default_open(open)
        .show(ui, |ui| {
            for (n, step) in Step::ALL.iter().enumerate() {
                let (text, button, view) = match step {
                    Step::ExchangeCards => ("steps-cards", "steps-go-trust", View::Trust),
                    Step::TakeInterview => ("steps-interview", "steps-go-new", View::Editor),
                    Step::Seal => ("steps-seal", "steps-go-list", View::List),
                    Step::Export => ("steps-export", "steps-go-export", View::Export),
                    Step::BringBackReceipt => ("steps-receipt", "steps-go-receipt", View::Receipt),
                    Step::Wipe => ("steps-wipe", "steps-go-wipe", View::Wipe),
                };
                ui.horizontal(|ui| {
                    let mut done = steps.is_done(*step);
                    ui.add_enabled(
                        false,
                        egui::Checkbox::new(&mut done, format!("{}. {}", n + 1, i18n.t(text))),
                    );
                    if !done && view != View::List && ui.small_button(i18n.t(button)).clicked() {
                        commands.push(if view == View::Editor {
                            Command::NewInterview
                        } else {
                            Command::Show(view)
                        });
                    }
                });
            }
        });
    ui.add_space(6.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    #[test]
    fn snippet_fields_are_named_in_the_interface_language() {
        let mut i18n = I18n::new(Lang::Ko);
        assert_eq!(field_label(&i18n, "narrative"), "진술");
        assert_eq!(field_label(&i18n, "facilities"), "시설");
        i18n.set_lang(Lang::En);
        assert_eq!(field_label(&i18n, "places"), "places");
    }
}
