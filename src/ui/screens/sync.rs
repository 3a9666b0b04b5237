//! "Send to headquarters" on a field laptop, "Fetch from drop box" at headquarters: the
//! network handoff through the organisation's drop box, started only by the button here
//! (never on its own, on a timer or at start-up). The drop box's address, its pinned
//! certificate and an optional Tor proxy are kept in the vault's settings.

use eframe::egui;

use crate::relay::sync::SyncReport;
use crate::ui::command::{Command, n};
use crate::ui::screen::{Screen, ScreenCtx};
use crate::vault::{Role, Vault};

/// The settings this screen keeps in the vault.
pub const ADDRESS_SETTING: &str = "sync.url";
pub const PIN_SETTING: &str = "sync.pin";
pub const PROXY_SETTING: &str = "sync.proxy";

#[derive(Default)]
pub struct SyncScreen {
    address: String,
    pin: String,
    proxy: String,
    /// Sealed interviews not yet exported, and exported ones waiting for a receipt.
    sealed: u64,
    exported: u64,
    /// Why the form cannot be sent as it is (a message id).
    invalid: Option<&'static str>,
    /// What the last sync moved, and whether it stopped on a fault.
    result: Option<(SyncReport, bool)>,
}

impl SyncScreen {
    pub fn finished(&mut self, report: SyncReport, stopped: bool) {
        self.result = Some((report, stopped));
    }

    /// The form's fields checked: a message id naming the first problem.
    fn check(&self) -> Result<Command, &'static str> {
        let address = self.address.trim();
        if !address.starts_with("https://") || address.len() <= "https://".len() {
            return Err("sync-bad-address");
        }
        let pin = crate::relay::tls::parse_pin(&self.pin).ok_or("sync-bad-pin")?;
        let proxy = self.proxy.trim();
        if !proxy.is_empty() && !proxy.starts_with("socks5h://") {
            return Err("sync-bad-proxy");
        }
        Ok(Command::Sync {
            address: address.to_owned(),
            pin,
            proxy: (!proxy.is_empty()).then(|| proxy.to_owned()),
        })
    }

    fn show_result(&self, ui: &mut egui::Ui, i18n: &crate::ui::i18n::I18n, role: Role) {
        let Some((report, stopped)) = &self.result else {
            return;
        };
        ui.separator();
        ui.strong(i18n.t(if *stopped {
            "sync-moved-before-stop"
        } else {
            "sync-moved"
        }));
        let mut lines = Vec::new();
        if role == Role::Field {
            if report.exported > 0 {
                lines.push(i18n.t("sync-exported"));
            }
            lines.push(i18n.ta("sync-sent", &[("count", n(report.sent.len()))]));
            lines.push(i18n.ta("sync-receipts", &[("count", n(report.receipts.len()))]));
            lines.push(i18n.ta("sync-delivered", &[("count", n(report.delivered.len()))]));
        } else {
            lines.push(i18n.ta("sync-imported", &[("count", n(report.imported.len()))]));
            lines.push(i18n.ta("sync-refused", &[("count", n(report.refused.len()))]));
        }
        for line in lines {
            ui.label(line);
        }
        for (bundle, why) in &report.refused {
            ui.colored_label(ui.visuals().error_fg_color, format!("{bundle}: {why}"));
        }
    }
}

impl Screen for SyncScreen {
    fn nav(&self, role: Role) -> Option<&'static str> {
        Some(match role {
            Role::Field => "nav-sync-field",
            Role::Headquarters => "nav-sync-hq",
        })
    }

    fn reload(&mut self, vault: &Vault) {
        for (key, field) in [
            (ADDRESS_SETTING, &mut self.address),
            (PIN_SETTING, &mut self.pin),
            (PROXY_SETTING, &mut self.proxy),
        ] {
            if field.is_empty() {
                *field = vault.setting(key).ok().flatten().unwrap_or_default();
            }
        }
        let status = vault.status().ok();
        let count = |state: &str| {
            status
                .as_ref()
                .and_then(|s| s.revisions.get(state).copied())
                .unwrap_or(0)
        };
        self.sealed = count("sealed");
        self.exported = count("exported");
    }

    fn show(&mut self, ui: &mut egui::Ui, cx: &mut ScreenCtx<'_>) {
        let i18n = cx.i18n;
        let field = cx.role == Role::Field;
        ui.heading(i18n.t(if field {
            "sync-title-field"
        } else {
            "sync-title-hq"
        }));
        ui.label(i18n.t(if field {
            "sync-intro-field"
        } else {
            "sync-intro-hq"
        }));
        ui.add_space(6.0);
        if field {
            ui.label(i18n.ta(
                "sync-waiting",
                &[("sealed", self.sealed.into()), ("exported", self.exported.into())],
            ));
        }
        egui::Grid::new("sync-target").num_columns(2).show(ui, |ui| {
            for (key, value, hint) in [
                (
                    "sync-address",
                    &mut self.address,
                    "https://dropbox.example.org:8443",
                ),
                ("sync-pin", &mut self.pin, "64 hex digits"),
                ("sync-proxy", &mut self.proxy, "socks5h://127.0.0.1:9050"),
            ] {
                let label = ui.label(i18n.t(key));
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(520.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
        });
        ui.weak(i18n.t("sync-pin-hint"));
        ui.add_space(6.0);
        let start = i18n.t(if field {
            "sync-start-field"
        } else {
            "sync-start-hq"
        });
        if ui.button(start).clicked() {
            match self.check() {
                Ok(command) => {
                    self.invalid = None;
                    self.result = None;
                    cx.commands.push(command);
                }
                Err(key) => self.invalid = Some(key),
            }
        }
        if let Some(key) = self.invalid {
            ui.colored_label(ui.visuals().error_fg_color, i18n.t(key));
        }
        self.show_result(ui, i18n, cx.role);
    }

    fn forget(&mut self) {
        *self = SyncScreen::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_names_its_first_problem() {
        let mut screen = SyncScreen {
            address: "dropbox.example.org".into(),
            ..SyncScreen::default()
        };
        assert_eq!(screen.check().err(), Some("sync-bad-address"));
        screen.address = "https://dropbox.example.org:8443".into();
        screen.pin = "12ab".into();
        assert_eq!(screen.check().err(), Some("sync-bad-pin"));
        screen.pin = "AB".repeat(32);
        screen.proxy = "socks5://127.0.0.1:9050".into();
        assert_eq!(screen.check().err(), Some("sync-bad-proxy"));
        screen.proxy = " ".into();
        match screen.check() {
            Ok(Command::Sync { pin, proxy, .. }) => {
                assert_eq!(pin, "ab".repeat(32));
                assert_eq!(proxy, None);
            }
            _ => panic!("a good form is refused"),
        }
    }
}
