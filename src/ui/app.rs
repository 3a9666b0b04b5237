//! The app's state: locked (create or unlock a vault) or open (a [`Session`]: a vault and
//! its screens).
//!
//! Drawing reads the state and pushes [`Command`]s; they are applied after the frame (by
//! `handle` for an open vault), so a screen never changes the vault half-way through
//! drawing. Long work goes to a [`crate::jobs::Job`] that holds the vault until it is done.
//! Locking, by idle time or the panic key, saves the editor's work copy into the vault,
//! then drops the vault (SQLCipher wipes its key), every decrypted value the screens held,
//! egui's widget memory (undo copies of typed text) and, if the app put something there,
//! the clipboard.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::chrome::{show_notice, top_bar};
use super::handle::{self, Handled, Work};
use super::i18n::I18n;
use super::notice::{destroy_notice, error_notice};
use super::screens::unlock::UnlockScreen;
use crate::domain::Lang;
use crate::jobs::Job;
use crate::vault::{Vault, VaultError};

pub use super::command::{Command, JobOutcome, Notice, View};
pub use super::session::Session;

/// Minutes of inactivity before the vault locks itself, unless changed in settings.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 5;

/// The window title: the same whatever is open, so it names no vault, interview or person.
pub const WINDOW_TITLE: &str = "fieldvault";

/// The text sizes offered (percent of normal): larger text for older eyes.
pub const TEXT_SIZES: [u32; 3] = [100, 125, 150];

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
    audio: crate::audio::Devices,
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
            audio: crate::audio::Devices::system(),
        }
    }

    /// The same app recording from and playing to `audio` instead of the computer's
    /// devices (tests use generated sound).
    pub fn with_audio(mut self, audio: crate::audio::Devices) -> App {
        self.audio = audio;
        self
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

    pub(super) fn session_mut(&mut self) -> Option<&mut Session> {
        match &mut self.state {
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
            #[cfg(feature = "bench-hooks")]
            super::bench_hooks::first_frame(&ctx);
        }
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
            // Nobody touches the laptop during an interview: recording is not idleness.
            if session.screens.detail.is_recording() {
                self.last_activity = now;
                ctx.request_repaint_after(std::time::Duration::from_secs(1));
            } else if idle >= limit && session.job.is_none() {
                self.commands.push(Command::Lock);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64((limit - idle).max(1.0)));
            }
        }
    }

    fn draw(&mut self, ui: &mut egui::Ui) {
        let i18n = &self.i18n;
        let commands = &mut self.commands;
        let session = match &self.state {
            State::Open(session) => Some(&**session),
            State::Locked(_) => None,
        };
        top_bar(ui, i18n, session, commands);
        if let Some(notice) = &self.notice
            && show_notice(ui, i18n, notice)
        {
            self.notice = None;
        }
        match &mut self.state {
            State::Locked(screen) => {
                egui::CentralPanel::default().show(ui, |ui| screen.show(ui, i18n, commands));
            }
            State::Open(session) => session.draw(ui, i18n, commands),
        }
    }

    fn poll_job(&mut self, ctx: &egui::Context) {
        let State::Open(session) = &mut self.state else {
            return;
        };
        let Some(result) = session.job.as_mut().and_then(Job::try_take) else {
            return;
        };
        session.job = None;
        match result {
            Ok((vault, outcome)) => {
                session.vault = Some(vault);
                // Screens re-read the vault first, then show the job's result.
                session.refresh();
                if let Some(notice) = handle::job_done(session, &self.i18n, outcome) {
                    self.notice = Some(notice);
                }
            }
            Err(panicked) => {
                // The vault went down with the job; the database is consistent (every write
                // is one transaction), so lock and ask for the passphrase again.
                let mut notice = Notice::failed(self.i18n.t("err-job-crashed"), None);
                notice.technical.push(panicked.to_string());
                self.notice = Some(notice);
                self.lock(ctx);
            }
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
            if let (Some(editor), Some(vault)) = (session.screens.editor.as_mut(), session.vault.as_mut()) {
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
                self.notice = Some(Notice::done(self.i18n.t("locked-notice"), None));
            }
            Command::Unlock(passphrase) => {
                let result = Vault::unlock(&self.vault_dir, &passphrase).and_then(|mut vault| {
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
                let result = Vault::create(&self.vault_dir, &passphrase, role, &label);
                self.open(ctx, result);
            }
            Command::SetLanguage(lang) => {
                self.i18n.set_lang(lang);
                self.save_setting("ui.language", lang.as_str());
            }
            Command::SetTextSize(percent) => {
                let percent = text_size(percent);
                ctx.set_zoom_factor(percent as f32 / 100.0);
                self.save_setting("ui.text_size", &percent.to_string());
            }
            Command::SetAutoLock(minutes) => {
                let minutes = minutes.clamp(1, 120);
                self.auto_lock_minutes = minutes;
                self.save_setting("ui.auto_lock_minutes", &minutes.to_string());
                let headline = self
                    .i18n
                    .ta("settings-saved", &[("minutes", u64::from(minutes).into())]);
                self.notice = Some(Notice::done(headline, None));
            }
            Command::CancelJob => {
                if let Some(job) = self.session().and_then(|s| s.job.as_ref()) {
                    job.progress().cancel();
                }
            }
            Command::Destroy => self.destroy(ctx),
            other => self.apply_in_session(ctx, other),
        }
    }

    /// Keeps an interface setting in the open vault (nowhere else: no state files).
    fn save_setting(&mut self, key: &str, value: &str) {
        if let Some(vault) = self.session_mut().and_then(|s| s.vault.as_mut()) {
            let _ = vault.set_setting(key, value);
        }
    }

    fn open(&mut self, ctx: &egui::Context, result: Result<Vault, VaultError>) {
        match result {
            Ok(vault) => {
                let setting = |key: &str| vault.setting(key).ok().flatten();
                if let Some(lang) = setting("ui.language").and_then(|l| Lang::parse(&l)) {
                    self.i18n.set_lang(lang);
                }
                if let Some(minutes) = setting("ui.auto_lock_minutes").and_then(|m| m.parse::<u32>().ok()) {
                    self.auto_lock_minutes = minutes.clamp(1, 120);
                }
                if let Some(percent) = setting("ui.text_size").and_then(|p| p.parse::<u32>().ok()) {
                    ctx.set_zoom_factor(text_size(percent) as f32 / 100.0);
                }
                self.last_activity = ctx.input(|i| i.time);
                let session = Session::new(vault, self.audio.clone());
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

    fn destroy(&mut self, ctx: &egui::Context) {
        let Some(session) = self.session_mut() else { return };
        let Some(dir) = session.vault.as_ref().map(|v| v.dir().to_path_buf()) else {
            return;
        };
        session.vault = None;
        session.forget();
        let result = Vault::destroy(&dir);
        self.state = State::Locked(UnlockScreen::new(&self.vault_dir));
        ctx.memory_mut(|m| m.data.clear());
        self.notice = Some(destroy_notice(&self.i18n, result));
    }

    fn apply_in_session(&mut self, ctx: &egui::Context, command: Command) {
        let State::Open(session) = &mut self.state else {
            return;
        };
        let Some(mut vault) = session.vault.take() else {
            self.notice = Some(Notice::failed(self.i18n.t("err-busy"), None));
            return;
        };
        let handled = handle::in_session(session, &mut vault, &self.i18n, command);
        session.vault = Some(vault);
        match handled {
            Handled::Done { notice, refresh } => {
                if refresh {
                    session.refresh();
                }
                if notice.is_some() {
                    self.notice = notice;
                }
            }
            Handled::Job { name, work } => self.start_job(ctx, name, work),
        }
    }

    fn start_job(&mut self, ctx: &egui::Context, name: &str, work: Work) {
        let Some(session) = self.session_mut() else { return };
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
                self.notice = Some(Notice::failed(self.i18n.t("err-job-crashed"), None));
                self.lock(ctx);
            }
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        App::ui(self, ui);
    }
}

/// The nearest offered text size.
fn text_size(percent: u32) -> u32 {
    TEXT_SIZES
        .iter()
        .copied()
        .min_by_key(|s| s.abs_diff(percent))
        .unwrap_or(100)
}
