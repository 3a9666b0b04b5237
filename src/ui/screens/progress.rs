//! What the screen shows while a job runs: what it is doing, how far it is, and a way to
//! stop it where stopping is safe (between bundles of an import).

use eframe::egui;

use crate::jobs::Job;
use crate::ui::command::{Command, JobOutcome};
use crate::ui::i18n::I18n;
use crate::vault::Vault;

pub fn show(ui: &mut egui::Ui, i18n: &I18n, job: &Job<(Vault, JobOutcome)>, commands: &mut Vec<Command>) {
    ui.add_space(24.0);
    let title = match job.name() {
        "export" => "job-export",
        "import" => "job-import",
        "receipt" => "job-receipt",
        "wipe" => "job-wipe",
        "sync" => "job-sync",
        "attach" => "job-attach",
        "photo" => "job-photo",
        "recording" => "job-recording",
        "audio" => "job-audio",
        _ => "job-working",
    };
    ui.heading(i18n.t(title));
    let progress = job.progress();
    let (done, total) = progress.fraction();
    if total > 0 && job.name() == "sync" {
        // Bytes, shown in MiB with one decimal.
        let mib = |bytes: u64| format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
        ui.add(
            egui::ProgressBar::new(done as f32 / total as f32)
                .show_percentage()
                .text(i18n.ta(
                    "job-sync-progress",
                    &[
                        ("done", mib(done).as_str().into()),
                        ("total", mib(total).as_str().into()),
                    ],
                )),
        );
    } else if total > 0 {
        ui.add(
            egui::ProgressBar::new(done as f32 / total as f32)
                .show_percentage()
                .text(i18n.ta("job-progress", &[("done", done.into()), ("total", total.into())])),
        );
    } else {
        ui.add(egui::ProgressBar::new(0.0).animate(true));
    }
    let step = progress.step();
    if !step.is_empty() {
        ui.weak(step);
    }
    ui.add_space(8.0);
    if job.name() == "import" || job.name() == "sync" {
        let (stopping, cancel) = if job.name() == "sync" {
            ("job-sync-stopping", "job-sync-cancel")
        } else {
            ("job-stopping", "job-cancel")
        };
        if progress.cancelled() {
            ui.label(i18n.t(stopping));
        } else if ui.button(i18n.t(cancel)).clicked() {
            commands.push(Command::CancelJob);
        }
    } else {
        ui.weak(i18n.t("job-no-cancel"));
    }
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
}
