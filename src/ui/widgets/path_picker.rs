//! Choosing a folder or files without the desktop's file dialog. GTK's dialog records
//! every chosen file in `recently-used.xbel` and thumbnails folders; this picker only
//! reads directory listings, writes nothing and remembers nothing after the app closes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use eframe::egui;

use crate::ui::i18n::I18n;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PickMode {
    Folder,
    /// Files; `several` allows more than one.
    Files {
        several: bool,
    },
}

pub struct PathPicker {
    mode: PickMode,
    current: PathBuf,
    typed: String,
    selected: BTreeSet<PathBuf>,
    entries: Vec<(String, bool)>,
    listed: Option<PathBuf>,
    error: Option<String>,
    /// The sticks found, and when (app time): looked for again every couple of seconds,
    /// not on every frame (each look lists folders and asks the file system for space).
    sticks: Vec<crate::sticks::Stick>,
    sticks_at: Option<f64>,
    /// Keeps widget ids apart when a screen shows two pickers.
    salt: u64,
    location_key: &'static str,
}

/// How often the list of sticks is read again while a picker is shown.
const STICK_RESCAN_SECONDS: f64 = 2.0;

static NEXT_SALT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl PathPicker {
    pub fn new(mode: PickMode, start: Option<&Path>) -> PathPicker {
        let current = start
            .map(Path::to_path_buf)
            .filter(|p| p.is_dir())
            .or_else(|| crate::sticks::sticks().into_iter().next().map(|s| s.path))
            .or_else(home)
            .unwrap_or_else(|| PathBuf::from("/"));
        PathPicker {
            mode,
            typed: current.display().to_string(),
            current,
            selected: BTreeSet::new(),
            entries: Vec::new(),
            listed: None,
            error: None,
            sticks: Vec::new(),
            sticks_at: None,
            salt: NEXT_SALT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            location_key: "picker-location",
        }
    }

    /// Names the location field with another message (when a screen shows two pickers).
    pub fn with_location_label(mut self, key: &'static str) -> PathPicker {
        self.location_key = key;
        self
    }

    /// The folder shown (the chosen one in folder mode).
    pub fn folder(&self) -> &Path {
        &self.current
    }

    pub fn selected_files(&self) -> Vec<PathBuf> {
        self.selected.iter().cloned().collect()
    }

    pub fn go_to(&mut self, path: &Path) {
        if path.is_dir() {
            self.current = path.to_path_buf();
            self.typed = path.display().to_string();
            self.listed = None;
        }
    }

    fn refresh(&mut self, i18n: &I18n) {
        if self.listed.as_deref() == Some(self.current.as_path()) {
            return;
        }
        self.listed = Some(self.current.clone());
        self.entries.clear();
        self.error = None;
        match std::fs::read_dir(&self.current) {
            Ok(read) => {
                for entry in read.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let is_dir = entry.path().is_dir();
                    if is_dir || matches!(self.mode, PickMode::Files { .. }) {
                        self.entries.push((name, is_dir));
                    }
                }
                self.entries.sort_by(|a, b| {
                    b.1.cmp(&a.1)
                        .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
                });
            }
            Err(_) => self.error = Some(i18n.t("picker-unreadable")),
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, i18n: &I18n) {
        ui.push_id(("path-picker", self.salt), |ui| self.show_inner(ui, i18n));
    }

    fn show_inner(&mut self, ui: &mut egui::Ui, i18n: &I18n) {
        self.refresh(i18n);
        // The sticks plugged in now, by label and free space: one click picks one.
        let now = ui.input(|i| i.time);
        if self.sticks_at.is_none_or(|at| now - at > STICK_RESCAN_SECONDS) {
            self.sticks = crate::sticks::sticks();
            self.sticks_at = Some(now);
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(STICK_RESCAN_SECONDS));
        }
        let sticks = self.sticks.clone();
        ui.horizontal_wrapped(|ui| {
            ui.strong(i18n.t("picker-sticks"));
            if sticks.is_empty() {
                ui.weak(i18n.t("picker-no-stick"));
            }
            for stick in &sticks {
                let text = i18n.ta(
                    "picker-stick",
                    &[
                        ("label", stick.label.as_str().into()),
                        (
                            "free",
                            crate::sticks::human_bytes(stick.free_bytes).as_str().into(),
                        ),
                    ],
                );
                if ui
                    .selectable_label(self.current.starts_with(&stick.path), text)
                    .clicked()
                {
                    self.go_to(&stick.path);
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            if let Some(home) = home()
                && ui.button(i18n.t("picker-home")).clicked()
            {
                self.go_to(&home);
            }
            if ui.button(i18n.t("picker-up")).clicked()
                && let Some(parent) = self.current.parent().map(Path::to_path_buf)
            {
                self.go_to(&parent);
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(i18n.t(self.location_key));
            let edit = ui.add(egui::TextEdit::singleline(&mut self.typed).desired_width(380.0));
            let edit = edit.labelled_by(label.id);
            if (edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
                || ui.button(i18n.t("picker-go")).clicked()
            {
                let wanted = PathBuf::from(self.typed.trim());
                if wanted.is_dir() {
                    self.go_to(&wanted);
                } else {
                    self.error = Some(i18n.t("picker-no-such-folder"));
                }
            }
        });
        if let Some(error) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        let mut go = None;
        egui::ScrollArea::vertical()
            .max_height(220.0)
            .id_salt(("picker-entries", self.salt))
            .show(ui, |ui| {
                for (name, is_dir) in &self.entries {
                    let path = self.current.join(name);
                    if *is_dir {
                        if ui.selectable_label(false, format!("{name}/")).clicked() {
                            go = Some(path);
                        }
                    } else if let PickMode::Files { several } = self.mode {
                        let mut on = self.selected.contains(&path);
                        if ui.checkbox(&mut on, name.as_str()).changed() {
                            if !several {
                                self.selected.clear();
                            }
                            if on {
                                self.selected.insert(path);
                            } else {
                                self.selected.remove(&path);
                            }
                        }
                    }
                }
                if self.entries.is_empty() {
                    ui.weak(i18n.t("picker-empty"));
                }
            });
        if let Some(path) = go {
            self.go_to(&path);
        }
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from).filter(|p| p.is_dir())
}
