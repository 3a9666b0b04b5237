//! The app's state: locked (create or unlock a vault) or open (a vault and its screens).
//!
//! Drawing reads the state and pushes [`Command`]s; they are applied after the frame, so a
//! screen never changes the vault half-way through drawing. Long work goes to a
//! [`crate::jobs::Job`] that holds the vault until it is done. Locking, by idle time or the
//! panic key, saves the editor's work copy into the vault, then drops the vault (SQLCipher
//! wipes its key), every decrypted value the screens held, egui's widget memory (undo
//! copies of typed text) and, if the app put something there, the clipboard.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::i18n::{Arg, I18n};
use super::screens::{
    destroy::DestroyScreen, detail::DetailScreen, devices::DevicesScreen, editor::EditorScreen,
    export::ExportScreen, hq_import::HqImportScreen, list::ListScreen, receipt::ReceiptScreen,
    settings::SettingsScreen, trust::TrustScreen, unlock::UnlockScreen, wipe::WipeScreen,
};
use crate::domain::Lang;
use crate::jobs::Job;
use crate::secret::Passphrase;
use crate::vault::{
    BundleImport, ErrorKind, ExchangeKind, ExportReport, ExportStage, IoCause, ReceiptReport, Role,
    StatusReport, TrustConfirmation, Vault, VaultError, WipeDeliveredReport,
};

/// Minutes of inactivity before the vault locks itself, unless changed in settings.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;

/// The window title: the same whatever is open, so it names no vault, interview or person.
pub const WINDOW_TITLE: &str = "fieldvault";

/// Something the person asked for, applied after the frame.
pub enum Command {
    Unlock(Passphrase),
    Create {
        passphrase: Passphrase,
        role: Role,
        label: String,
    },
    Lock,
    Show(View),
    OpenInterview(String),
    NewInterview,
    EditInterview(String),
    SaveInterview,
    AutosaveWork,
    RestoreWork(String),
    DiscardWork(String),
    Seal(String),
    /// Write a bundle to the folder, without the interviews (ids) in `leave_out`.
    Export {
        dir: PathBuf,
        leave_out: Vec<String>,
    },
    ImportReceipt(PathBuf),
    ImportBundles {
        paths: Vec<PathBuf>,
        receipt_dir: Option<PathBuf>,
    },
    WipeDelivered(Passphrase),
    Destroy,
    /// Read a trust card and show what adding it would do.
    TrustPreview(String),
    TrustAdd {
        card: String,
        confirmation: TrustConfirmation,
    },
    TrustRemove(String),
    ExportTrustCard(PathBuf),
    SetLanguage(Lang),
    SetAutoLock(u32),
    /// Text size as a percentage of normal (100, 125, 150).
    SetTextSize(u32),
    ChangePassphrase {
        old: Passphrase,
        new: Passphrase,
    },
    Search(String),
    Filter(Option<crate::domain::Lifecycle>),
    CancelJob,
}

/// The screens of an open vault.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum View {
    List,
    Detail,
    Editor,
    Export,
    Receipt,
    Wipe,
    Destroy,
    Trust,
    Settings,
    HqImport,
    Devices,
}

/// A message at the top of the screen: what just happened, or what went wrong and what to do.
pub struct Notice {
    pub error: bool,
    pub headline: String,
    pub detail: Option<String>,
}

/// What a finished job hands back with the vault.
pub enum JobOutcome {
    Exported(Result<ExportReport, VaultError>),
    Imported {
        results: Vec<(PathBuf, Result<BundleImport, VaultError>)>,
        cancelled: bool,
    },
    Receipt(Result<ReceiptReport, VaultError>),
    Wiped(Result<WipeDeliveredReport, VaultError>),
}

/// An open vault and the screens that show it.
pub struct Session {
    /// `None` while a job holds the vault.
    pub vault: Option<Vault>,
    pub role: Role,
    pub view: View,
    pub status: Option<StatusReport>,
    pub list: ListScreen,
    pub detail: DetailScreen,
    pub editor: Option<EditorScreen>,
    pub export: ExportScreen,
    pub receipt: ReceiptScreen,
    pub wipe: WipeScreen,
    pub destroy: DestroyScreen,
    pub trust: TrustScreen,
    pub settings: SettingsScreen,
    pub hq_import: HqImportScreen,
    pub devices: DevicesScreen,
    pub job: Option<Job<(Vault, JobOutcome)>>,
}

enum State {
    Locked(UnlockScreen),
    Open(Box<Session>),
}

pub struct App {
    pub i18n: I18n,
    vault_dir: PathBuf,
    state: State,
    notice: Option<Notice>,
    auto_lock_minutes: u32,
    last_activity: f64,
    clipboard_used: bool,
    commands: Vec<Command>,
    first_frame_drawn: bool,
}

impl App {
    /// An app showing the unlock (or create) screen for the vault in `vault_dir`.
    pub fn new(vault_dir: PathBuf, lang: Lang) -> App {
        App {
            i18n: I18n::new(lang),
            state: State::Locked(UnlockScreen::new(&vault_dir)),
            vault_dir,
            notice: None,
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
            last_activity: 0.0,
            clipboard_used: false,
            commands: Vec::new(),
            first_frame_drawn: false,
        }
    }

    /// Sets up egui for this app: the bundled font, and no widget memory kept on disk.
    pub fn setup(ctx: &egui::Context) {
        super::fonts::install(ctx);
        ctx.options_mut(|o| o.zoom_with_keyboard = true);
    }

    pub fn is_locked(&self) -> bool {
        matches!(self.state, State::Locked(_))
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.state {
            State::Open(session) => Some(session),
            State::Locked(_) => None,
        }
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn vault_dir(&self) -> &Path {
        &self.vault_dir
    }

    pub fn auto_lock_minutes(&self) -> u32 {
        self.auto_lock_minutes
    }

    /// Draws one frame and applies what it asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.track_activity(&ctx);
        self.poll_job(&ctx);
        if ctx.input(|i| i.modifiers.command && i.key_pressed(egui::Key::L)) {
            self.commands.push(Command::Lock);
        }
        self.draw(ui);
        if ctx.output(|o| {
            o.commands
                .iter()
                .any(|c| matches!(c, egui::OutputCommand::CopyText(_)))
        }) {
            self.clipboard_used = true;
        }
        for command in std::mem::take(&mut self.commands) {
            self.apply(&ctx, command);
        }
        if !self.first_frame_drawn {
            self.first_frame_drawn = true;
            self.trace_startup(&ctx);
        }
    }

    /// For the launch benchmark only (`benches/app.rs`): how long after process start the
    /// first frame was built, and optionally close at once. Prints no content.
    fn trace_startup(&self, ctx: &egui::Context) {
        if std::env::var_os("FIELDVAULT_TRACE_STARTUP").is_some() {
            eprintln!(
                "fieldvault: unlock screen drawn after {} ms",
                super::startup_elapsed().as_millis()
            );
        }
        if std::env::var_os("FIELDVAULT_EXIT_AFTER_FIRST_FRAME").is_some() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// For the frame-time benchmark: opens the editor on a new interview with this narrative.
    #[doc(hidden)]
    pub fn open_editor_for_benchmark(&mut self, narrative: String) {
        if let State::Open(session) = &mut self.state {
            let mut editor = EditorScreen::new_interview(self.i18n.lang());
            editor.form_mut().narrative = narrative;
            session.editor = Some(editor);
            session.view = View::Editor;
        }
    }

    /// For the frame-time benchmark: bytes in the open editor's narrative.
    #[doc(hidden)]
    pub fn editor_narrative_len(&self) -> usize {
        self.session()
            .and_then(|s| s.editor.as_ref())
            .map_or(0, |e| e.form().narrative.len())
    }

    fn track_activity(&mut self, ctx: &egui::Context) {
        let (now, active) = ctx.input(|i| {
            let active = i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::Ime(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::PointerMoved(_)
                        | egui::Event::MouseWheel { .. }
                        | egui::Event::Paste(_)
                )
            });
            (i.time, active)
        });
        if active || self.last_activity == 0.0 {
            self.last_activity = now;
        }
        if let State::Open(session) = &self.state {
            let limit = f64::from(self.auto_lock_minutes) * 60.0;
            let idle = now - self.last_activity;
            if idle >= limit && session.job.is_none() {
                self.commands.push(Command::Lock);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64((limit - idle).max(1.0)));
            }
        }
    }

    fn draw(&mut self, ui: &mut egui::Ui) {
        let i18n = &self.i18n;
        let commands = &mut self.commands;
        egui::Panel::top("top").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(WINDOW_TITLE);
                if let State::Open(session) = &self.state {
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
                    if matches!(self.state, State::Open(_)) && ui.button(i18n.t("nav-lock")).clicked() {
                        commands.push(Command::Lock);
                    }
                    let other = match i18n.lang() {
                        Lang::En => Lang::Ko,
                        Lang::Ko => Lang::En,
                    };
                    if ui.button(i18n.t("switch-language")).clicked() {
                        commands.push(Command::SetLanguage(other));
                    }
                });
            });
        });
        if let Some(notice) = &self.notice {
            let mut dismiss = false;
            egui::Panel::top("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    let color = if notice.error {
                        ui.visuals().error_fg_color
                    } else {
                        egui::Color32::from_rgb(40, 140, 60)
                    };
                    ui.colored_label(color, &notice.headline);
                    if ui.small_button(i18n.t("notice-dismiss")).clicked() {
                        dismiss = true;
                    }
                });
                if let Some(detail) = &notice.detail {
                    egui::CollapsingHeader::new(i18n.t("notice-details"))
                        .id_salt("notice-details")
                        .show(ui, |ui| {
                            ui.label(detail);
                        });
                }
            });
            if dismiss {
                self.notice = None;
            }
        }
        match &mut self.state {
            State::Locked(screen) => {
                egui::CentralPanel::default().show(ui, |ui| screen.show(ui, i18n, commands));
            }
            State::Open(session) => draw_session(ui, i18n, session, commands),
        }
    }

    fn poll_job(&mut self, ctx: &egui::Context) {
        let State::Open(session) = &mut self.state else {
            return;
        };
        let Some(job) = session.job.as_mut() else { return };
        let Some(result) = job.try_take() else {
            return;
        };
        session.job = None;
        match result {
            Ok((vault, outcome)) => {
                session.vault = Some(vault);
                let notice = self.job_done(outcome);
                self.notice = Some(notice);
                self.refresh();
            }
            Err(panicked) => {
                // The vault went down with the job; the database is consistent (every write
                // is one transaction), so lock and ask for the passphrase again.
                self.notice = Some(Notice {
                    error: true,
                    headline: self.i18n.t("err-job-crashed"),
                    detail: Some(panicked.to_string()),
                });
                self.lock(ctx);
            }
        }
    }

    fn job_done(&mut self, outcome: JobOutcome) -> Notice {
        let State::Open(session) = &mut self.state else {
            return self.plain(false, "done");
        };
        let i18n = &self.i18n;
        match outcome {
            JobOutcome::Exported(Ok(report)) => {
                let notice = Notice {
                    error: false,
                    headline: i18n.ta("export-done", &[("count", report.interviews.len().into())]),
                    detail: Some(report.path.display().to_string()),
                };
                session.export.finished(Ok(report));
                notice
            }
            JobOutcome::Exported(Err(error)) => {
                let notice = stick_error_notice(i18n, &error);
                session.export.finished(Err(()));
                notice
            }
            JobOutcome::Receipt(Ok(report)) => {
                let notice = Notice {
                    error: false,
                    headline: i18n.ta("receipt-done", &[("count", report.delivered.len().into())]),
                    detail: Some(report.delivered.join(", ")),
                };
                session.receipt.finished(Some(report));
                notice
            }
            JobOutcome::Receipt(Err(error)) => {
                session.receipt.finished(None);
                stick_error_notice(i18n, &error)
            }
            JobOutcome::Wiped(Ok(report)) => {
                let notice = Notice {
                    error: false,
                    headline: i18n.ta("wipe-done", &[("count", report.wiped.len().into())]),
                    detail: Some(report.limits.join("\n")),
                };
                session.wipe.finished(Some(report));
                notice
            }
            JobOutcome::Wiped(Err(error)) => {
                session.wipe.finished(None);
                error_notice(i18n, &error)
            }
            JobOutcome::Imported { results, cancelled } => {
                let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
                let failed = results.len() - ok;
                let notice = Notice {
                    error: failed > 0,
                    headline: i18n.ta(
                        if cancelled {
                            "import-cancelled"
                        } else {
                            "import-done"
                        },
                        &[("ok", ok.into()), ("failed", failed.into())],
                    ),
                    detail: None,
                };
                session.hq_import.finished(&self.i18n, results);
                notice
            }
        }
    }

    fn plain(&self, error: bool, key: &str) -> Notice {
        Notice {
            error,
            headline: self.i18n.t(key),
            detail: None,
        }
    }

    /// Re-reads what the screens show after a change.
    fn refresh(&mut self) {
        let State::Open(session) = &mut self.state else {
            return;
        };
        let Some(vault) = session.vault.as_ref() else {
            return;
        };
        session.status = vault.status().ok();
        session.list.reload(vault);
        if session.view == View::Detail {
            session.detail.reload(vault);
        }
        if session.view == View::Trust || session.view == View::Devices {
            session.trust.reload(vault);
            session.devices.reload(vault);
        }
    }

    fn lock(&mut self, ctx: &egui::Context) {
        if let State::Open(session) = &mut self.state {
            if let Some(job) = session.job.take() {
                // Never kill a job half-way: wait for it, then drop the vault it returns.
                if let Some(Ok((vault, _))) = job.wait() {
                    session.vault = Some(vault);
                }
            }
            if let (Some(editor), Some(vault)) = (session.editor.as_mut(), session.vault.as_mut()) {
                let _ = editor.save_work(vault);
            }
            session.forget();
        }
        // Dropping the session drops the vault: SQLCipher wipes its key.
        self.state = State::Locked(UnlockScreen::new(&self.vault_dir));
        // Undo copies of typed text and other widget state live in egui's memory.
        ctx.memory_mut(|m| m.data.clear());
        if self.clipboard_used {
            ctx.copy_text(String::new());
            self.clipboard_used = false;
        }
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Lock => {
                self.lock(ctx);
                self.notice = Some(self.plain(false, "locked-notice"));
            }
            Command::Unlock(passphrase) => {
                let result = Vault::unlock(&self.vault_dir.clone(), &passphrase).and_then(|mut vault| {
                    vault.strengthen_weak_kdf(&passphrase)?;
                    Ok(vault)
                });
                self.open(ctx, result)
            }
            Command::Create {
                passphrase,
                role,
                label,
            } => {
                let result = Vault::create(&self.vault_dir.clone(), &passphrase, role, &label);
                self.open(ctx, result);
            }
            Command::SetLanguage(lang) => {
                self.i18n.set_lang(lang);
                if let State::Open(session) = &mut self.state
                    && let Some(vault) = session.vault.as_mut()
                {
                    let _ = vault.set_setting("ui.language", lang.as_str());
                }
            }
            Command::SetTextSize(percent) => {
                let percent = text_size(percent);
                ctx.set_zoom_factor(percent as f32 / 100.0);
                if let State::Open(session) = &mut self.state
                    && let Some(vault) = session.vault.as_mut()
                {
                    let _ = vault.set_setting("ui.text_size", &percent.to_string());
                }
            }
            Command::SetAutoLock(minutes) => {
                let minutes = minutes.clamp(1, 120);
                self.auto_lock_minutes = minutes;
                if let State::Open(session) = &mut self.state
                    && let Some(vault) = session.vault.as_mut()
                {
                    let _ = vault.set_setting("ui.auto_lock_minutes", &minutes.to_string());
                }
                self.notice = Some(Notice {
                    error: false,
                    headline: self
                        .i18n
                        .ta("settings-saved", &[("minutes", u64::from(minutes).into())]),
                    detail: None,
                });
            }
            other => self.apply_in_session(ctx, other),
        }
    }

    fn open(&mut self, ctx: &egui::Context, result: Result<Vault, VaultError>) {
        match result {
            Ok(vault) => {
                if let Ok(Some(lang)) = vault.setting("ui.language")
                    && let Some(lang) = Lang::parse(&lang)
                {
                    self.i18n.set_lang(lang);
                }
                if let Ok(Some(minutes)) = vault.setting("ui.auto_lock_minutes")
                    && let Ok(minutes) = minutes.parse::<u32>()
                {
                    self.auto_lock_minutes = minutes.clamp(1, 120);
                }
                if let Ok(Some(percent)) = vault.setting("ui.text_size")
                    && let Ok(percent) = percent.parse::<u32>()
                {
                    ctx.set_zoom_factor(text_size(percent) as f32 / 100.0);
                }
                self.last_activity = ctx.input(|i| i.time);
                let session = Session::new(vault, &self.i18n);
                self.notice = session.pending_work_notice(&self.i18n);
                self.state = State::Open(Box::new(session));
                ctx.memory_mut(|m| m.data.clear());
            }
            Err(error) => {
                if let State::Locked(screen) = &mut self.state {
                    screen.refresh_probe(&self.vault_dir);
                }
                self.notice = Some(error_notice(&self.i18n, &error));
            }
        }
    }

    fn apply_in_session(&mut self, ctx: &egui::Context, command: Command) {
        let State::Open(session) = &mut self.state else {
            return;
        };
        if let Command::CancelJob = command {
            if let Some(job) = &session.job {
                job.progress().cancel();
            }
            return;
        }
        let Some(vault) = session.vault.as_mut() else {
            self.notice = Some(self.plain(true, "err-busy"));
            return;
        };
        let i18n = &self.i18n;
        let mut notice = None;
        let mut refresh = true;
        match command {
            Command::Show(view) => {
                session.view = view;
                match view {
                    View::Trust => session.trust.reload(vault),
                    View::Devices => session.devices.reload(vault),
                    View::Wipe => session.wipe.reload(vault),
                    View::Export => session.export.reload(vault),
                    View::Destroy => session.destroy.reload(vault),
                    _ => {}
                }
                refresh = false;
            }
            Command::OpenInterview(id) => {
                session.detail.open(vault, &id);
                session.view = View::Detail;
                refresh = false;
            }
            Command::NewInterview => {
                session.editor = Some(EditorScreen::new_interview(i18n.lang()));
                session.view = View::Editor;
                refresh = false;
            }
            Command::EditInterview(id) => match vault.show(&id) {
                Ok(view) => {
                    session.editor = Some(EditorScreen::edit(&view));
                    session.view = View::Editor;
                    refresh = false;
                }
                Err(error) => notice = Some(error_notice(i18n, &error)),
            },
            Command::SaveInterview => {
                if let Some(editor) = session.editor.as_mut() {
                    match editor.save(vault) {
                        Ok(id) => {
                            notice = Some(Notice {
                                error: false,
                                headline: i18n.t("editor-saved"),
                                detail: None,
                            });
                            session.editor = None;
                            session.detail.open(vault, &id);
                            session.view = View::Detail;
                        }
                        Err(error) => {
                            editor.show_errors(&error);
                            notice = Some(error_notice(i18n, &error));
                        }
                    }
                }
            }
            Command::AutosaveWork => {
                if let Some(editor) = session.editor.as_mut()
                    && let Err(error) = editor.save_work(vault)
                {
                    notice = Some(error_notice(i18n, &error));
                }
                refresh = false;
            }
            Command::RestoreWork(slot) => match vault.work_copies() {
                Ok(copies) => {
                    if let Some(copy) = copies.into_iter().find(|c| c.slot == slot) {
                        session.editor = Some(EditorScreen::restore(copy));
                        session.view = View::Editor;
                    }
                    refresh = false;
                }
                Err(error) => notice = Some(error_notice(i18n, &error)),
            },
            Command::DiscardWork(slot) => {
                if let Err(error) = vault.discard_work_copy(&slot) {
                    notice = Some(error_notice(i18n, &error));
                }
                if session.editor.as_ref().is_some_and(|e| e.slot() == slot) {
                    session.editor = None;
                    session.view = View::List;
                }
            }
            Command::Seal(id) => match vault.seal(std::slice::from_ref(&id)) {
                Ok(sealed) => {
                    let hash = sealed.first().and_then(|s| s.hash.clone()).unwrap_or_default();
                    notice = Some(Notice {
                        error: false,
                        headline: i18n.t("seal-done"),
                        detail: Some(hash),
                    });
                    session.detail.open(vault, &id);
                }
                Err(error) => notice = Some(error_notice(i18n, &error)),
            },
            Command::TrustPreview(card) => match vault.trust_preview(&card) {
                Ok(preview) => session.trust.previewed(card, preview),
                Err(error) => notice = Some(error_notice(i18n, &error)),
            },
            Command::TrustAdd { card, confirmation } => match vault.trust_add(&card, &confirmation) {
                Ok(party) => {
                    notice = Some(Notice {
                        error: false,
                        headline: match &party.removed_before {
                            None => i18n.ta("trust-added", &[("label", party.label.as_str().into())]),
                            Some(when) => i18n.ta(
                                "trust-added-again",
                                &[
                                    ("label", party.label.as_str().into()),
                                    ("when", when.as_str().into()),
                                ],
                            ),
                        },
                        detail: Some(party.fingerprint.clone()),
                    });
                    session.trust.added(party);
                }
                Err(error) => notice = Some(error_notice(i18n, &error)),
            },
            Command::TrustRemove(fingerprint) => match vault.trust_remove(&fingerprint) {
                Ok(party) => {
                    notice = Some(Notice {
                        error: false,
                        headline: i18n.ta("trust-removed", &[("label", party.label.as_str().into())]),
                        detail: None,
                    })
                }
                Err(error) => notice = Some(error_notice(i18n, &error)),
            },
            Command::ExportTrustCard(dir) => {
                let result = vault.trust_card().and_then(|card| {
                    let path = dir.join(trust_card_file_name(vault.role()));
                    crate::vault::files::write_atomic(&path, card.as_bytes())
                        .map_err(|e| VaultError::io("write the trust card to", &path, e))
                        .map(|()| path)
                });
                notice = Some(match result {
                    Ok(path) => Notice {
                        error: false,
                        headline: i18n.t("trust-card-written"),
                        detail: Some(path.display().to_string()),
                    },
                    Err(error) => error_notice(i18n, &error),
                });
                refresh = false;
            }
            Command::ChangePassphrase { old, new } => {
                notice = Some(match vault.change_passphrase(&old, &new) {
                    Ok(()) => self.plain(false, "settings-passphrase-changed"),
                    Err(error) => error_notice(i18n, &error),
                });
                refresh = false;
            }
            Command::Search(query) => {
                if let Err(error) = session.list.search(vault, &query) {
                    notice = Some(error_notice(i18n, &error));
                }
                refresh = false;
            }
            Command::Filter(state) => {
                session.list.set_filter(vault, state);
                refresh = false;
            }
            Command::Destroy => {
                let dir = vault.dir().to_path_buf();
                session.vault = None;
                session.forget();
                let result = Vault::destroy(&dir);
                self.state = State::Locked(UnlockScreen::new(&self.vault_dir));
                ctx.memory_mut(|m| m.data.clear());
                self.notice = Some(match result {
                    Ok(report) if report.problems.is_empty() => self.plain(false, "destroy-done"),
                    Ok(report) => Notice {
                        error: true,
                        headline: self.i18n.t("destroy-partial"),
                        detail: Some(report.problems.join("\n")),
                    },
                    Err(error) => error_notice(&self.i18n, &error),
                });
                return;
            }
            Command::Export { dir, leave_out } => {
                let verifying = self.i18n.t("job-export-verifying");
                self.start_job(ctx, "export", move |vault, progress| {
                    JobOutcome::Exported(vault.export_reporting(&dir, &leave_out, |stage| match stage {
                        // About a hundred updates, whatever the number of interviews.
                        ExportStage::Writing { done, total } => {
                            if done == total || done % (total / 100).max(1) == 0 {
                                progress.set(done as u64, total as u64);
                            }
                        }
                        ExportStage::Verifying => progress.set_step(verifying.clone()),
                    }))
                });
                return;
            }
            Command::ImportReceipt(path) => {
                self.start_job(ctx, "receipt", move |vault, _progress| {
                    JobOutcome::Receipt(receipts_in(vault, &path))
                });
                return;
            }
            Command::WipeDelivered(passphrase) => {
                self.start_job(ctx, "wipe", move |vault, _progress| {
                    JobOutcome::Wiped(vault.wipe_delivered(&passphrase, &[]))
                });
                return;
            }
            Command::ImportBundles { paths, receipt_dir } => {
                self.start_job(ctx, "import", move |vault, progress| {
                    let mut results = Vec::new();
                    // Receipts and unfinished exports are named, with the reason, not tried.
                    let sorted = crate::vault::bundles_among(&paths).and_then(|(bundles, mut skipped)| {
                        let (bundles, own_receipts) = vault.set_aside_own_receipts(bundles)?;
                        skipped.extend(own_receipts);
                        Ok((bundles, skipped))
                    });
                    let paths = match sorted {
                        Ok((bundles, skipped)) => {
                            for (path, why) in skipped {
                                let refused = VaultError::Exchange {
                                    kind: ExchangeKind::Rejected,
                                    message: format!("skipped: {why}"),
                                };
                                results.push((path, Err(refused)));
                            }
                            bundles
                        }
                        Err(e) => {
                            if let Some(first) = paths.into_iter().next() {
                                results.push((first, Err(e)));
                            }
                            Vec::new()
                        }
                    };
                    let total = paths.len() as u64;
                    let mut cancelled = false;
                    let mut finished = 0;
                    for (done, path) in paths.into_iter().enumerate() {
                        // Stopping between bundles is safe: each import is all or nothing.
                        if progress.cancelled() {
                            cancelled = true;
                            break;
                        }
                        progress.set(done as u64, total);
                        progress.set_step(crate::vault::files::file_name_of(&path));
                        let result = vault
                            .import_bundles(std::slice::from_ref(&path), receipt_dir.as_deref())
                            .map(|mut imported| imported.remove(0));
                        results.push((path, result));
                        finished = done as u64 + 1;
                    }
                    progress.set(finished, total);
                    JobOutcome::Imported { results, cancelled }
                });
                return;
            }
            Command::Lock
            | Command::Unlock(_)
            | Command::Create { .. }
            | Command::SetLanguage(_)
            | Command::SetAutoLock(_)
            | Command::SetTextSize(_)
            | Command::CancelJob => {}
        }
        if let Some(notice) = notice {
            self.notice = Some(notice);
        }
        if refresh {
            self.refresh();
        }
    }

    fn start_job(
        &mut self,
        ctx: &egui::Context,
        name: &str,
        work: impl FnOnce(&mut Vault, &crate::jobs::Progress) -> JobOutcome + Send + 'static,
    ) {
        let State::Open(session) = &mut self.state else {
            return;
        };
        let Some(mut vault) = session.vault.take() else {
            return;
        };
        let wake = ctx.clone();
        let spawned = Job::spawn(
            name,
            move || wake.request_repaint(),
            move |progress| {
                let outcome = work(&mut vault, progress);
                (vault, outcome)
            },
        );
        match spawned {
            Ok(job) => session.job = Some(job),
            Err(_) => {
                // The closure (and the vault in it) is gone; lock rather than guess.
                self.notice = Some(self.plain(true, "err-job-crashed"));
                self.lock(ctx);
            }
        }
    }
}

impl Session {
    fn new(vault: Vault, i18n: &I18n) -> Session {
        let role = vault.role();
        let mut session = Session {
            role,
            view: View::List,
            status: vault.status().ok(),
            list: ListScreen::default(),
            detail: DetailScreen::default(),
            editor: None,
            export: ExportScreen::default(),
            receipt: ReceiptScreen::default(),
            wipe: WipeScreen::default(),
            destroy: DestroyScreen::default(),
            trust: TrustScreen::default(),
            settings: SettingsScreen::default(),
            hq_import: HqImportScreen::default(),
            devices: DevicesScreen::default(),
            job: None,
            vault: None,
        };
        session.list.reload(&vault);
        let _ = i18n;
        session.vault = Some(vault);
        session
    }

    fn pending_work_notice(&self, i18n: &I18n) -> Option<Notice> {
        let count = self.list.work_copies().len();
        (count > 0).then(|| Notice {
            error: false,
            headline: i18n.ta("work-pending", &[("count", count.into())]),
            detail: None,
        })
    }

    /// Drops every decrypted value the screens hold.
    fn forget(&mut self) {
        if let Some(editor) = self.editor.as_mut() {
            editor.forget();
        }
        self.editor = None;
        self.list.forget();
        self.detail.forget();
        self.wipe.forget();
        self.export.forget();
        self.hq_import.forget();
    }
}

fn draw_session(ui: &mut egui::Ui, i18n: &I18n, session: &mut Session, commands: &mut Vec<Command>) {
    let busy = session.job.is_some();
    egui::Panel::left("nav").resizable(false).show(ui, |ui| {
        ui.add_space(6.0);
        let nav: &[(View, &str)] = match session.role {
            Role::Field => &[
                (View::List, "nav-interviews"),
                (View::Export, "nav-export"),
                (View::Receipt, "nav-receipt"),
                (View::Wipe, "nav-wipe"),
                (View::Trust, "nav-trust"),
                (View::Settings, "nav-settings"),
                (View::Destroy, "nav-destroy"),
            ],
            Role::Headquarters => &[
                (View::List, "nav-archive"),
                (View::HqImport, "nav-hq-import"),
                (View::Devices, "nav-devices"),
                (View::Trust, "nav-trust"),
                (View::Settings, "nav-settings"),
                (View::Destroy, "nav-destroy"),
            ],
        };
        ui.add_enabled_ui(!busy, |ui| {
            if session.role == Role::Field && ui.button(i18n.t("nav-new-interview")).clicked() {
                commands.push(Command::NewInterview);
            }
            ui.separator();
            for (view, key) in nav {
                if ui.selectable_label(session.view == *view, i18n.t(key)).clicked() {
                    commands.push(Command::Show(*view));
                }
            }
        });
        ui.add_space(12.0);
        ui.weak(i18n.t("panic-lock-hint"));
    });
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(job) = &session.job {
            super::screens::progress::show(ui, i18n, job, commands);
            return;
        }
        let Some(vault) = session.vault.as_ref() else {
            return;
        };
        match session.view {
            View::List => session.list.show(ui, i18n, session.role, commands),
            View::Detail => session.detail.show(ui, i18n, vault, session.role, commands),
            View::Editor => match session.editor.as_mut() {
                Some(editor) => editor.show(ui, i18n, vault.vocabulary(), commands),
                None => session.list.show(ui, i18n, session.role, commands),
            },
            View::Export => session.export.show(ui, i18n, commands),
            View::Receipt => session.receipt.show(ui, i18n, commands),
            View::Wipe => session.wipe.show(ui, i18n, commands),
            View::Destroy => session.destroy.show(ui, i18n, commands),
            View::Trust => session.trust.show(ui, i18n, session.role, commands),
            View::Settings => session.settings.show(ui, i18n, commands),
            View::HqImport => session.hq_import.show(ui, i18n, commands),
            View::Devices => session.devices.show(ui, i18n, commands),
        }
    });
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

/// An error in the interface language: a headline by kind, with the program's own message
/// (which never carries interview content) under "details".
/// The notice for an error of an operation on this laptop only (no stick involved).
pub fn error_notice(i18n: &I18n, error: &VaultError) -> Notice {
    notice_for(i18n, error, false)
}

/// The notice for an error of an operation on a USB stick (export, import, receipt,
/// wiping files): file and folder problems are explained in terms of the stick.
pub fn stick_error_notice(i18n: &I18n, error: &VaultError) -> Notice {
    notice_for(i18n, error, true)
}

/// The headline key for `error`: its real cause and next step; the stick is named only
/// when the operation involved one.
pub fn headline_key(error: &VaultError, on_stick: bool) -> &'static str {
    if let Some(cause) = error.io_cause() {
        return match (cause, on_stick) {
            (IoCause::Missing, true) => "err-stick-missing",
            (IoCause::NoPermission | IoCause::ReadOnly, true) => "err-stick-read-only",
            (IoCause::Full, true) => "err-stick-full",
            (IoCause::Other, true) => "err-stick-other",
            (IoCause::Missing, false) => "err-io-missing",
            (IoCause::NoPermission, false) => "err-io-permission",
            (IoCause::ReadOnly, false) => "err-io-read-only",
            (IoCause::Full, false) => "err-io-full",
            (IoCause::Other, false) => "err-io-other",
        };
    }
    match error {
        VaultError::WeakPassphrase(_) => "err-weak-passphrase",
        VaultError::NotEmpty(_) => "err-not-empty",
        VaultError::InvalidCard(_) => "err-card",
        _ => match error.kind() {
            ErrorKind::WrongPassphrase => "err-wrong-passphrase",
            ErrorKind::InvalidInput => "err-invalid",
            ErrorKind::NotAVault => "err-not-a-vault",
            ErrorKind::Damaged => "err-damaged",
            ErrorKind::Conflict => "err-conflict",
            ErrorKind::NotFound => "err-not-found",
            ErrorKind::Rejected => "err-rejected",
            ErrorKind::Io => "err-io-other",
        },
    }
}

/// The headline for a stick found unusable just before writing.
pub fn unusable_key(why: crate::sticks::Unusable) -> &'static str {
    match why {
        crate::sticks::Unusable::Gone => "err-stick-missing",
        crate::sticks::Unusable::ReadOnly => "err-stick-read-only",
        crate::sticks::Unusable::Full => "err-stick-full",
    }
}

fn notice_for(i18n: &I18n, error: &VaultError, on_stick: bool) -> Notice {
    Notice {
        error: true,
        headline: i18n.t(headline_key(error, on_stick)),
        detail: Some(error.to_string()),
    }
}

fn trust_card_file_name(role: Role) -> &'static str {
    match role {
        Role::Field => "field-device.card",
        Role::Headquarters => "headquarters.card",
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        App::ui(self, ui);
    }
}

/// The text sizes offered (percent of normal): larger text for older eyes.
pub const TEXT_SIZES: [u32; 3] = [100, 125, 150];

/// The nearest offered text size.
fn text_size(percent: u32) -> u32 {
    TEXT_SIZES
        .iter()
        .copied()
        .min_by_key(|s| s.abs_diff(percent))
        .unwrap_or(100)
}

/// A helper for screens: an `Arg` from a displayable count.
pub fn n(count: usize) -> Arg<'static> {
    Arg::from(count)
}

/// Applies every receipt for this laptop in the stick's folder `dir` (a file works too),
/// as one report: what was delivered, from which headquarters.
fn receipts_in(vault: &mut Vault, dir: &std::path::Path) -> Result<ReceiptReport, VaultError> {
    if !dir.is_dir() {
        return vault.import_receipt(dir);
    }
    let found = vault.import_receipts_in(dir)?;
    if found.applied.is_empty() {
        return Err(match found.refused.into_iter().next() {
            Some((name, why)) => VaultError::Exchange {
                kind: ExchangeKind::Rejected,
                message: format!("{name}: {why}"),
            },
            None => VaultError::NotFound(format!(
                "no receipt for this laptop in {}; headquarters writes it onto the stick when it imports the bundle",
                dir.display()
            )),
        });
    }
    let mut merged = ReceiptReport {
        receipt_id: String::new(),
        bundle_id: String::new(),
        headquarters: String::new(),
        delivered: Vec::new(),
        already_delivered: 0,
    };
    let mut ids = Vec::new();
    let mut hqs: Vec<String> = Vec::new();
    for report in found.applied {
        ids.push(report.receipt_id);
        if !hqs.contains(&report.headquarters) {
            hqs.push(report.headquarters);
        }
        merged.delivered.extend(report.delivered);
        merged.already_delivered += report.already_delivered;
    }
    merged.receipt_id = ids.join(", ");
    merged.headquarters = hqs.join(", ");
    Ok(merged)
}

#[cfg(test)]
mod tests {
    //! Every error headline names its own cause; the USB stick only when one is involved.

    use super::*;
    use crate::domain::Lang;

    fn every_kind_of_error() -> Vec<VaultError> {
        let io = |kind: std::io::ErrorKind| {
            VaultError::io("create the vault folder", std::path::Path::new("/x"), kind.into())
        };
        vec![
            VaultError::WrongPassphrase,
            VaultError::WeakPassphrase("too short".into()),
            VaultError::NotAVault("/x".into()),
            VaultError::NoSuchFolder("/x".into()),
            VaultError::NotEmpty("/x".into()),
            VaultError::Damaged("a page".into()),
            VaultError::NotFound("W26-0001".into()),
            VaultError::InvalidCard("bad".into()),
            VaultError::Conflict("sealed".into()),
            VaultError::Exchange {
                kind: ExchangeKind::Rejected,
                message: "forged".into(),
            },
            io(std::io::ErrorKind::NotFound),
            io(std::io::ErrorKind::PermissionDenied),
            io(std::io::ErrorKind::ReadOnlyFilesystem),
            io(std::io::ErrorKind::StorageFull),
            io(std::io::ErrorKind::Other),
        ]
    }

    fn mentions_stick(text: &str) -> bool {
        text.contains("USB") || text.to_lowercase().contains("stick")
    }

    #[test]
    fn no_headline_mentions_a_stick_unless_one_is_involved() {
        for lang in [Lang::En, Lang::Ko] {
            let i18n = I18n::new(lang);
            for error in every_kind_of_error() {
                let key = headline_key(&error, false);
                let headline = error_notice(&i18n, &error).headline;
                assert_ne!(headline, key, "{key} is not translated");
                assert!(!mentions_stick(&headline), "{lang:?} {error}: {headline}");
                let on_stick = stick_error_notice(&i18n, &error).headline;
                if error.io_cause().is_some() {
                    assert!(mentions_stick(&on_stick), "{lang:?} {error}: {on_stick}");
                } else {
                    assert_eq!(on_stick, headline, "only file problems change on a stick");
                }
            }
        }
    }

    #[test]
    fn each_file_problem_has_its_own_headline() {
        let keys: std::collections::BTreeSet<&str> = every_kind_of_error()
            .iter()
            .filter(|e| e.io_cause().is_some())
            .flat_map(|e| [headline_key(e, false), headline_key(e, true)])
            .collect();
        assert_eq!(keys.len(), 9, "{keys:?}");
    }
}
