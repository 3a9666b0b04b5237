//! Sound on an interview's page: recording into its draft (only with the interviewee's
//! consent to recording) with a level meter, pause, elapsed time and markers the
//! interviewer drops and labels while listening; recordings cut off by a crash, to keep
//! or wipe; and a player that plays a recording from memory, with seeking and the
//! markers to jump to. Nothing here writes a file: samples go into the vault's encrypted
//! journal, and playback decodes into memory that is wiped when the player closes.

use std::sync::Arc;

use eframe::egui;

use crate::audio::recorder::WriteFailure;
use crate::audio::{AudioError, Player, Recorder};
use crate::ui::command::Command;
use crate::ui::i18n::I18n;
use crate::vault::{Audio, CutOffRecording, Vault};

#[derive(Default)]
pub struct SoundPanel {
    recorder: Option<Recorder>,
    playing: Option<Playing>,
    cut_off: Vec<CutOffRecording>,
    may_record: bool,
    /// Why sound could not start or play (translated), until the next try.
    problem: Option<String>,
}

struct Playing {
    attachment: String,
    name: String,
    player: Arc<Player>,
    /// Keeps the output going; `None` if no output would start (the reason is shown).
    _output: Option<Box<dyn Send>>,
    output_problem: Option<String>,
}

/// `1:02:03` or `2:03`.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    match s / 3600 {
        0 => format!("{}:{:02}", s / 60, s % 60),
        h => format!("{h}:{:02}:{:02}", s / 60 % 60, s % 60),
    }
}

/// A person's words for why sound would not start.
pub fn audio_problem(i18n: &I18n, error: &AudioError) -> String {
    match error {
        AudioError::NotInThisBuild => i18n.t("rec-no-sound"),
        AudioError::NoDevice => i18n.t("rec-no-device"),
        AudioError::Device(reason) => i18n.ta("rec-device", &[("reason", reason.as_str().into())]),
    }
}

/// A person's words for why a recording stopped being written.
pub fn write_failure(i18n: &I18n, failure: &WriteFailure) -> String {
    let reason = match failure {
        WriteFailure::DiskFull => i18n.t("rec-disk-full"),
        WriteFailure::Other(detail) => detail.clone(),
    };
    i18n.ta("rec-failed", &[("reason", reason.as_str().into())])
}

impl SoundPanel {
    pub fn reload(&mut self, vault: &Vault, interview: &str) {
        let view = vault.show(interview).ok();
        self.may_record = view
            .as_ref()
            .and_then(|v| v.record.as_ref())
            .is_some_and(|r| r.interview().consent.recording);
        let id = view.map(|v| v.summary.id).unwrap_or_default();
        self.cut_off = vault
            .cut_off_recordings()
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.interview_id == id)
            .collect();
    }

    pub fn is_recording(&self) -> bool {
        self.recorder.is_some()
    }

    pub fn recording_started(&mut self, recorder: Recorder) {
        self.problem = None;
        self.recorder = Some(recorder);
    }

    pub fn cannot_start(&mut self, problem: String) {
        self.problem = Some(problem);
    }

    pub fn take_recorder(&mut self) -> Option<Recorder> {
        self.recorder.take()
    }

    /// A recording decoded for playback, and the output playing it (or why none would).
    pub fn audio_ready(
        &mut self,
        attachment: String,
        name: String,
        audio: Audio,
        start_output: impl FnOnce(Arc<Player>) -> Result<Box<dyn Send>, String>,
    ) {
        let player = Arc::new(Player::new(audio));
        let (output, output_problem) = match start_output(player.clone()) {
            Ok(output) => (Some(output), None),
            Err(problem) => (None, Some(problem)),
        };
        self.playing = Some(Playing {
            attachment,
            name,
            player,
            _output: output,
            output_problem,
        });
    }

    pub fn play_failed(&mut self, problem: String) {
        self.playing = None;
        self.problem = Some(problem);
    }

    /// The recorder (on a draft) and cut-off recordings.
    pub fn show_recorder(
        &mut self,
        ui: &mut egui::Ui,
        i18n: &I18n,
        interview: &str,
        draft: bool,
        commands: &mut Vec<Command>,
    ) {
        if let Some(problem) = &self.problem {
            ui.colored_label(ui.visuals().warn_fg_color, problem);
        }
        for cut in &self.cut_off {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    i18n.ta(
                        "rec-cut-off",
                        &[
                            ("started", cut.started_at.as_str().into()),
                            ("time", clock(cut.recorded_ms).as_str().into()),
                        ],
                    ),
                );
                if draft && ui.button(i18n.t("rec-keep")).clicked() {
                    commands.push(Command::KeepRecording(cut.id.clone()));
                }
                if ui.button(i18n.t("rec-discard")).clicked() {
                    commands.push(Command::DiscardRecording(cut.id.clone()));
                }
            });
        }
        if !draft {
            return;
        }
        let Some(recorder) = &mut self.recorder else {
            if self.may_record {
                if ui.button(i18n.t("rec-start")).clicked() {
                    commands.push(Command::StartRecording {
                        interview: interview.to_owned(),
                    });
                }
            } else {
                ui.weak(i18n.t("rec-no-consent"));
            }
            return;
        };
        // The meter and the clock move: draw again soon.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(50));
        ui.group(|ui| {
            let time = clock(recorder.recorded_ms());
            if recorder.is_paused() {
                ui.strong(i18n.ta("rec-paused", &[("time", time.as_str().into())]));
            } else {
                ui.strong(i18n.ta("rec-recording", &[("time", time.as_str().into())]));
            }
            ui.add(
                egui::ProgressBar::new(recorder.level())
                    .desired_width(240.0)
                    .text(i18n.t("rec-level")),
            );
            if let Some(failure) = recorder.failure() {
                ui.colored_label(ui.visuals().error_fg_color, write_failure(i18n, &failure));
            }
            let mut markers_changed = false;
            ui.horizontal(|ui| {
                let paused = recorder.is_paused();
                if ui
                    .button(i18n.t(if paused { "rec-resume" } else { "rec-pause" }))
                    .clicked()
                {
                    recorder.set_paused(!paused);
                }
                if ui.button(i18n.t("rec-mark")).clicked() {
                    recorder.mark();
                    markers_changed = true;
                }
                if ui.button(i18n.t("rec-stop")).clicked() {
                    commands.push(Command::StopRecording);
                }
            });
            let newest = recorder.markers.len();
            for (n, marker) in recorder.markers.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    let name = ui.label(i18n.ta("rec-marker", &[("n", (n + 1).into())]));
                    ui.monospace(clock(marker.at_ms));
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut marker.label)
                                .id_salt(("marker", n))
                                .hint_text(i18n.t("rec-marker-hint")),
                        )
                        .labelled_by(name.id);
                    // A marker just dropped takes the keyboard: type what is being said.
                    if markers_changed && n + 1 == newest {
                        edit.request_focus();
                    }
                    markers_changed |= edit.lost_focus();
                });
            }
            if markers_changed {
                commands.push(Command::SaveMarkers {
                    recording: recorder.id().to_owned(),
                    markers: recorder.markers.clone(),
                });
            }
            ui.weak(i18n.t("rec-saved-note"));
        });
    }

    /// The player, when a recording is loaded.
    pub fn show_player(&mut self, ui: &mut egui::Ui, i18n: &I18n) {
        let Some(playing) = &self.playing else { return };
        let player = &playing.player;
        let mut close = false;
        ui.group(|ui| {
            ui.strong(&playing.name);
            if let Some(problem) = &playing.output_problem {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    i18n.ta("play-no-output", &[("reason", problem.as_str().into())]),
                );
            }
            if player.is_playing() {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(100));
            }
            ui.horizontal(|ui| {
                if player.is_playing() {
                    if ui.button(i18n.t("play-pause")).clicked() {
                        player.pause();
                    }
                } else if ui.button(i18n.t("play-play")).clicked() {
                    player.play();
                }
                let duration = player.duration_ms();
                let mut position = player.position_ms();
                let slider = ui.add(
                    egui::Slider::new(&mut position, 0..=duration.max(1))
                        .show_value(false)
                        .text(i18n.t("play-position")),
                );
                if slider.changed() {
                    player.seek_ms(position);
                }
                ui.label(i18n.ta(
                    "play-time",
                    &[
                        ("position", clock(player.position_ms()).as_str().into()),
                        ("duration", clock(duration).as_str().into()),
                    ],
                ));
            });
            if !player.markers().is_empty() {
                ui.label(i18n.t("play-markers"));
                for marker in player.markers() {
                    let label = format!("{}  {}", clock(marker.at_ms), marker.label);
                    if ui.link(label).clicked() {
                        player.seek_ms(marker.at_ms);
                    }
                }
            }
            close = ui.button(i18n.t("play-close")).clicked();
        });
        if close {
            self.playing = None;
        }
    }

    /// The attachment now playing, if any.
    pub fn playing(&self) -> Option<&str> {
        self.playing.as_ref().map(|p| p.attachment.as_str())
    }

    /// Stops playback and recording (the recording's journal closes with everything
    /// recorded, offered at the next unlock) and drops the decoded samples.
    pub fn forget(&mut self) {
        *self = SoundPanel::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_as_people_say_them() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(83_999), "1:23");
        assert_eq!(clock(3_723_000), "1:02:03");
    }
}
