//! An open vault and its screens. The screens are listed once, in [`screens!`] below:
//! that list makes the [`View`] enum, the fields of [`Screens`], the navigation panel's
//! order and the lookup from a view to its screen.

use eframe::egui;

use super::command::{Command, Notice};
use super::i18n::I18n;
use super::screen::{Screen, ScreenCtx};
use super::screens::{
    destroy::DestroyScreen, detail::DetailScreen, devices::DevicesScreen, editor::EditorScreen,
    export::ExportScreen, hq_import::HqImportScreen, list::ListScreen, publish::PublishScreen,
    receipt::ReceiptScreen, review::ReviewScreen, settings::SettingsScreen, stats::StatsScreen,
    sync::SyncScreen, trust::TrustScreen, wipe::WipeScreen,
};
use crate::jobs::Job;
use crate::vault::{Role, StatusReport, Vault};

use super::command::JobOutcome;

/// Declares the screens of an open vault, in navigation order: `View => field: Type`.
macro_rules! screens {
    ($($view:ident => $field:ident: $ty:ty,)*) => {
        /// The screens of an open vault.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum View {
            $($view,)*
        }

        /// One of each screen, holding what it shows.
        #[derive(Default)]
        pub struct Screens {
            $(pub $field: $ty,)*
        }

        impl Screens {
            /// Every view, in navigation order.
            pub const ALL: &[View] = &[$(View::$view,)*];

            pub fn get_mut(&mut self, view: View) -> &mut dyn Screen {
                match view {
                    $(View::$view => &mut self.$field,)*
                }
            }

            pub fn get(&self, view: View) -> &dyn Screen {
                match view {
                    $(View::$view => &self.$field,)*
                }
            }
        }
    };
}

screens! {
    List => list: ListScreen,
    Detail => detail: DetailScreen,
    Editor => editor: Option<EditorScreen>,
    Export => export: ExportScreen,
    Receipt => receipt: ReceiptScreen,
    Wipe => wipe: WipeScreen,
    HqImport => hq_import: HqImportScreen,
    Sync => sync: SyncScreen,
    Review => review: ReviewScreen,
    Stats => stats: StatsScreen,
    Publish => publish: PublishScreen,
    Devices => devices: DevicesScreen,
    Trust => trust: TrustScreen,
    Settings => settings: SettingsScreen,
    Destroy => destroy: DestroyScreen,
}

/// An open vault and the screens that show it.
pub struct Session {
    /// `None` while a job holds the vault.
    pub vault: Option<Vault>,
    pub role: Role,
    pub view: View,
    pub status: Option<StatusReport>,
    pub screens: Screens,
    pub job: Option<Job<(Vault, JobOutcome)>>,
    /// The microphone and speakers (or generated sound, in tests).
    pub audio: crate::audio::Devices,
}

impl Session {
    pub(super) fn new(vault: Vault, audio: crate::audio::Devices) -> Session {
        let mut session = Session {
            role: vault.role(),
            view: View::List,
            status: vault.status().ok(),
            screens: Screens::default(),
            job: None,
            vault: None,
            audio,
        };
        session.screens.list.reload(&vault);
        session.vault = Some(vault);
        session
    }

    /// The notice for interviews left open when the vault last locked.
    pub(super) fn pending_work_notice(&self, i18n: &I18n) -> Option<Notice> {
        // A recording cut off by a crash or a lock comes first: it cannot be taken again.
        let cut_off = self
            .vault
            .as_ref()
            .and_then(|v| v.cut_off_recordings().ok())
            .map_or(0, |r| r.len());
        if cut_off > 0 {
            return Some(Notice::failed(
                i18n.ta("rec-cut-off-notice", &[("count", cut_off.into())]),
                None,
            ));
        }
        let count = self.screens.list.work_copies().len();
        (count > 0).then(|| Notice::done(i18n.ta("work-pending", &[("count", count.into())]), None))
    }

    /// Re-reads what the screens show after a change: the status line, the list, and the
    /// screen on view.
    pub(super) fn refresh(&mut self) {
        let Some(vault) = self.vault.as_ref() else {
            return;
        };
        self.status = vault.status().ok();
        self.screens.list.reload(vault);
        if self.view != View::List {
            self.screens.get_mut(self.view).reload(vault);
        }
    }

    /// Drops every decrypted value the screens hold.
    pub(super) fn forget(&mut self) {
        for view in Screens::ALL {
            self.screens.get_mut(*view).forget();
        }
    }

    /// The navigation panel and the screen on view.
    pub(super) fn draw(&mut self, ui: &mut egui::Ui, i18n: &I18n, commands: &mut Vec<Command>) {
        // A recording keeps the interviewer on the interview's page.
        let busy = self.job.is_some() || self.screens.detail.is_recording();
        egui::Panel::left("nav").resizable(false).show(ui, |ui| {
            ui.add_space(6.0);
            ui.add_enabled_ui(!busy, |ui| {
                if self.role == Role::Field && ui.button(i18n.t("nav-new-interview")).clicked() {
                    commands.push(Command::NewInterview);
                }
                ui.separator();
                for view in Screens::ALL {
                    if let Some(key) = self.screens.get(*view).nav(self.role)
                        && ui.selectable_label(self.view == *view, i18n.t(key)).clicked()
                    {
                        commands.push(Command::Show(*view));
                    }
                }
            });
            ui.add_space(12.0);
            ui.weak(i18n.t("panic-lock-hint"));
        });
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(job) = &self.job {
                super::screens::progress::show(ui, i18n, job, commands);
                return;
            }
            let Some(vault) = self.vault.as_ref() else {
                return;
            };
            // The editor's view with no interview open falls back to the list.
            let view = match self.view {
                View::Editor if self.screens.editor.is_none() => View::List,
                view => view,
            };
            let mut cx = ScreenCtx {
                i18n,
                vault,
                role: self.role,
                commands,
            };
            self.screens.get_mut(view).show(ui, &mut cx);
        });
    }
}
