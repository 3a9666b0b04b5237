//! Headquarters' statistics: counts of incidents and of distinct interviewees by a chosen
//! breakdown, optionally by year, as a table and a bar chart in the interface language.
//! Uncertain dates are shown apart ("possibly in the year"), never added to the certain
//! counts. The chart can be saved as SVG or PNG for a report (counts only).

use eframe::egui;
use egui_plot::{Bar, BarChart, GridMark, Legend, Plot};

use crate::domain::Lang;
use crate::ui::chart::{Chart, Series};
use crate::ui::command::{Command, n};
use crate::ui::i18n::I18n;
use crate::ui::screen::{Screen, ScreenCtx};
use crate::ui::widgets::path_picker::{PathPicker, PickMode};
use crate::vault::{Dimension, Role, Stats, Vault};

const CERTAIN: [u8; 3] = [40, 90, 160];
const SECOND: [u8; 3] = [150, 180, 220];

pub struct StatsScreen {
    primary: Dimension,
    by_year: bool,
    /// With a year: the value of the breakdown whose years the chart shows.
    chart_key: Option<String>,
    stats: Option<Stats>,
    /// Why the counts could not be read.
    problem: Option<crate::vault::VaultError>,
    picker: Option<PathPicker>,
}

impl Default for StatsScreen {
    fn default() -> StatsScreen {
        StatsScreen {
            primary: Dimension::Kind,
            by_year: false,
            chart_key: None,
            stats: None,
            problem: None,
            picker: None,
        }
    }
}

fn dimension_key(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Kind => "stats-dim-kind",
        Dimension::Year => "stats-dim-year",
        Dimension::Country => "stats-dim-country",
        Dimension::FacilityType => "stats-dim-facility-type",
        Dimension::Perpetrator => "stats-dim-perpetrator",
    }
}

impl StatsScreen {
    fn dimensions(&self) -> Vec<Dimension> {
        if self.by_year && self.primary != Dimension::Year {
            vec![self.primary, Dimension::Year]
        } else {
            vec![self.primary]
        }
    }

    fn count(&mut self, vault: &Vault) {
        match vault.stats(&self.dimensions()) {
            Ok(stats) => {
                self.problem = None;
                let keys = chart_keys(&stats);
                if !self.chart_key.as_ref().is_some_and(|k| keys.contains(k)) {
                    self.chart_key = keys.into_iter().next();
                }
                self.stats = Some(stats);
            }
            Err(error) => {
                self.stats = None;
                self.problem = Some(error);
            }
        }
    }

    /// The chart for what is on the screen, labelled in `lang`.
    fn chart(&self, vault: &Vault, i18n: &I18n) -> Option<Chart> {
        let stats = self.stats.as_ref()?;
        let lang = i18n.lang();
        let what = i18n.t(dimension_key(self.primary));
        if stats.by.len() == 2 {
            let key = self.chart_key.as_ref()?;
            let rows: Vec<_> = stats.rows.iter().filter(|r| &r.keys[0] == key).collect();
            return Some(Chart {
                title: format!(
                    "{} · {}",
                    stats.label(vault, self.primary, key, lang),
                    i18n.t("stats-dim-year")
                ),
                labels: rows.iter().map(|r| r.keys[1].clone()).collect(),
                series: vec![
                    Series {
                        name: i18n.t("stats-incidents-certain"),
                        values: rows.iter().map(|r| r.incidents).collect(),
                        color: CERTAIN,
                    },
                    Series {
                        name: i18n.t("stats-incidents-possible"),
                        values: rows.iter().map(|r| r.incidents_possible).collect(),
                        color: SECOND,
                    },
                ],
                footnote: Some(i18n.t("stats-uncertain-short")),
            });
        }
        let year = self.primary == Dimension::Year;
        Some(Chart {
            title: what,
            labels: stats
                .rows
                .iter()
                .map(|r| stats.label(vault, self.primary, &r.keys[0], lang).to_owned())
                .collect(),
            series: if year {
                vec![
                    Series {
                        name: i18n.t("stats-incidents-certain"),
                        values: stats.rows.iter().map(|r| r.incidents).collect(),
                        color: CERTAIN,
                    },
                    Series {
                        name: i18n.t("stats-incidents-possible"),
                        values: stats.rows.iter().map(|r| r.incidents_possible).collect(),
                        color: SECOND,
                    },
                ]
            } else {
                vec![
                    Series {
                        name: i18n.t("stats-incidents"),
                        values: stats.rows.iter().map(|r| r.incidents).collect(),
                        color: CERTAIN,
                    },
                    Series {
                        name: i18n.t("stats-interviewees"),
                        values: stats.rows.iter().map(|r| r.interviewees).collect(),
                        color: SECOND,
                    },
                ]
            },
            footnote: year.then(|| i18n.t("stats-uncertain-short")),
        })
    }

    fn table(&self, ui: &mut egui::Ui, vault: &Vault, i18n: &I18n, stats: &Stats) {
        let lang: Lang = i18n.lang();
        let with_year = stats.by.contains(&Dimension::Year);
        egui::ScrollArea::vertical()
            .id_salt("stats-table")
            .max_height(260.0)
            .show(ui, |ui| {
                egui::Grid::new("stats-grid").striped(true).show(ui, |ui| {
                    for dimension in &stats.by {
                        ui.strong(i18n.t(dimension_key(*dimension)));
                    }
                    if with_year {
                        ui.strong(i18n.t("stats-incidents-certain"));
                        ui.strong(i18n.t("stats-interviewees-certain"));
                        ui.strong(i18n.t("stats-incidents-possible"));
                        ui.strong(i18n.t("stats-interviewees-possible"));
                    } else {
                        ui.strong(i18n.t("stats-incidents"));
                        ui.strong(i18n.t("stats-interviewees"));
                    }
                    ui.end_row();
                    for row in &stats.rows {
                        for (dimension, key) in stats.by.iter().zip(&row.keys) {
                            ui.label(stats.label(vault, *dimension, key, lang));
                        }
                        ui.label(row.incidents.to_string());
                        ui.label(row.interviewees.to_string());
                        if with_year {
                            ui.label(row.incidents_possible.to_string());
                            ui.label(row.interviewees_possible.to_string());
                        }
                        ui.end_row();
                    }
                });
            });
    }
}

/// The values of the first breakdown, in order (for the chart's choice with a year).
fn chart_keys(stats: &Stats) -> Vec<String> {
    let mut keys: Vec<String> = stats.rows.iter().map(|r| r.keys[0].clone()).collect();
    keys.dedup();
    keys
}

/// The chart on screen: horizontal bars, one row per label (first at the top), as in the
/// saved file, so that long Korean or English labels stay readable.
fn plot(ui: &mut egui::Ui, chart: &Chart) {
    let rows = chart.labels.len();
    let labels = chart.labels.clone();
    let count = chart.series.len().max(1) as f64;
    let thickness = 0.8 / count;
    // Row i is drawn at y = rows - 1 - i.
    let position = move |i: usize| (rows - 1 - i) as f64;
    Plot::new("stats-plot")
        .height((rows as f32 * 24.0 * count as f32).clamp(160.0, 360.0))
        .legend(Legend::default())
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show_grid([true, false])
        .y_axis_min_width(240.0)
        .y_grid_spacer(move |_| {
            (0..rows)
                .map(|i| GridMark {
                    value: position(i),
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| {
            let at = mark.value.round();
            if (mark.value - at).abs() < 1e-6 && at >= 0.0 && (at as usize) < rows {
                labels[rows - 1 - at as usize].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |plot_ui| {
            for (s, series) in chart.series.iter().enumerate() {
                // The first series on top within each row.
                let offset = ((count - 1.0) / 2.0 - s as f64) * thickness;
                let bars = series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| Bar::new(position(i) + offset, *v as f64).width(thickness))
                    .collect();
                let [r, g, b] = series.color;
                plot_ui.bar_chart(
                    BarChart::new(series.name.clone(), bars)
                        .horizontal()
                        .color(egui::Color32::from_rgb(r, g, b)),
                );
            }
        });
}

impl StatsScreen {
    fn body(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let vault = cx.vault;
        ui.heading(i18n.t("stats-title"));
        let before = (self.primary, self.by_year);
        ui.horizontal(|ui| {
            ui.label(i18n.t("stats-breakdown"));
            egui::ComboBox::from_id_salt("stats-primary")
                .selected_text(i18n.t(dimension_key(self.primary)))
                .show_ui(ui, |ui| {
                    for dimension in Dimension::ALL {
                        ui.selectable_value(&mut self.primary, dimension, i18n.t(dimension_key(dimension)));
                    }
                });
            if self.primary != Dimension::Year {
                ui.checkbox(&mut self.by_year, i18n.t("stats-by-year"));
            }
        });
        if before != (self.primary, self.by_year) {
            self.count(vault);
        }
        if let Some(problem) = &self.problem {
            let notice = crate::ui::notice::error_notice(i18n, problem);
            ui.colored_label(ui.visuals().error_fg_color, notice.headline);
            return;
        }
        let Some(stats) = self.stats.take() else {
            return;
        };
        ui.label(i18n.ta(
            "stats-totals",
            &[
                ("incidents", n(stats.total_incidents as usize)),
                ("interviewees", n(stats.total_interviewees as usize)),
            ],
        ));
        if stats.withdrawn > 0 {
            ui.label(i18n.ta("stats-withdrawn", &[("count", n(stats.withdrawn as usize))]));
        }
        if stats.rows.is_empty() {
            ui.label(i18n.t("stats-empty"));
            self.stats = Some(stats);
            return;
        }
        self.table(ui, vault, i18n, &stats);
        if stats.by.contains(&Dimension::Year) {
            ui.weak(i18n.t("stats-uncertain"));
        }
        ui.separator();
        if stats.by.len() == 2 {
            let lang = i18n.lang();
            ui.horizontal(|ui| {
                ui.label(i18n.t("stats-chart-for"));
                let shown = self
                    .chart_key
                    .as_deref()
                    .map(|k| stats.label(vault, self.primary, k, lang).to_owned())
                    .unwrap_or_default();
                egui::ComboBox::from_id_salt("stats-chart-key")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for key in chart_keys(&stats) {
                            let label = stats.label(vault, self.primary, &key, lang).to_owned();
                            ui.selectable_value(&mut self.chart_key, Some(key), label);
                        }
                    });
            });
        }
        self.stats = Some(stats);
        let Some(chart) = self.chart(vault, i18n) else {
            return;
        };
        plot(ui, &chart);
        ui.separator();
        ui.strong(i18n.t("stats-save-title"));
        let name = format!(
            "chart-{}",
            self.dimensions()
                .iter()
                .map(|d| d.name())
                .collect::<Vec<_>>()
                .join("-")
        );
        if let Some(picker) = self.picker.as_mut() {
            egui::CollapsingHeader::new(i18n.t("stats-save-folder"))
                .id_salt("stats-save-picker")
                .show(ui, |ui| picker.show(ui, i18n));
            ui.horizontal(|ui| {
                ui.label(i18n.t("export-destination"));
                ui.monospace(picker.folder().display().to_string());
            });
            ui.horizontal(|ui| {
                for (key, png) in [("stats-save-svg", false), ("stats-save-png", true)] {
                    if ui.button(i18n.t(key)).clicked() {
                        cx.commands.push(Command::SaveChart {
                            dir: picker.folder().to_path_buf(),
                            name: name.clone(),
                            chart: chart.clone(),
                            png,
                        });
                    }
                }
            });
        }
    }
}

impl Screen for StatsScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        (role == Role::Headquarters).then_some("nav-stats")
    }

    fn reload(&mut self, vault: &Vault) {
        self.count(vault);
        if self.picker.is_none() {
            self.picker = Some(PathPicker::new(PickMode::Folder, None));
        }
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        // A laptop screen is small: the whole screen scrolls.
        egui::ScrollArea::vertical()
            .id_salt("stats-screen")
            .show(ui, |ui| self.body(ui, cx));
    }

    fn forget(&mut self) {
        *self = StatsScreen::default();
    }
}
