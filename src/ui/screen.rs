//! What every screen of an open vault is: something that reads what it shows from the
//! vault ([`Screen::reload`]), draws it and pushes [`Command`]s ([`Screen::show`]), and
//! drops every decrypted value it holds when the vault locks ([`Screen::forget`]).
//! Screens are listed once, in `session.rs`; adding one is a file and a line there.

use eframe::egui;

use super::command::Command;
use super::i18n::I18n;
use crate::vault::{Role, Vault};

/// What a screen may use while it draws: the interface language, the open vault (to read),
/// the vault's role and the list of commands to apply after the frame.
pub struct ScreenCtx<'a> {
    pub i18n: &'a I18n,
    pub vault: &'a Vault,
    pub role: Role,
    pub commands: &'a mut Vec<Command>,
}

pub trait Screen {
    /// Its entry in the navigation panel for a vault of `role` (a message id), or `None`
    /// if it is reached another way (an interview's detail, the editor).
    fn nav(&self, role: Role) -> Option<&'static str> {
        let _ = role;
        None
    }

    /// Re-reads what it shows: when it is opened and after a change to the vault.
    fn reload(&mut self, vault: &Vault) {
        let _ = vault;
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>);

    /// Drops every decrypted value it holds (the vault is locking).
    fn forget(&mut self) {}
}

/// A screen that is not always there (the editor, only while an interview is open).
impl<S: Screen> Screen for Option<S> {
    fn reload(&mut self, vault: &Vault) {
        if let Some(screen) = self {
            screen.reload(vault);
        }
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        if let Some(screen) = self {
            screen.show(ui, cx);
        }
    }

    fn forget(&mut self) {
        if let Some(screen) = self {
            screen.forget();
        }
        *self = None;
    }
}
