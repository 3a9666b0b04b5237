//! Applying the commands of an open vault, after the frame that asked for them: each
//! either finishes at once (with a notice, and screens re-read) or hands long work to a
//! background job. Also what a finished job's outcome means for the screens.

use super::command::{Command, JobOutcome, Notice};
use super::i18n::I18n;
use super::notice::{error_notice, stick_error_notice, sync_notice};
use super::screens::editor::EditorScreen;
use super::screens::sync::{ADDRESS_SETTING, PIN_SETTING, PROXY_SETTING};
use super::session::{Session, View};
use crate::jobs::Progress;
use crate::relay::client::{DropBoxClient, SyncError};
use crate::relay::sync::SyncReport;
use crate::relay::watch::Watch;
use crate::vault::{ExportStage, Flow, ImportStage, IoAction, Role, Vault, VaultError};

/// Long work for a background job; it gets the vault and hands it back with the outcome.
pub type Work = Box<dyn FnOnce(&mut Vault, &Progress) -> JobOutcome + Send>;

/// What applying a command came to.
pub enum Handled {
    /// Done: show the notice, if any, and re-read the screens if `refresh`.
    Done { notice: Option<Notice>, refresh: bool },
    /// Start a background job named `name`.
    Job { name: &'static str, work: Work },
}

impl Handled {
    fn notice(notice: Notice) -> Handled {
        Handled::Done {
            notice: Some(notice),
            refresh: true,
        }
    }

    fn quiet() -> Handled {
        Handled::Done {
            notice: None,
            refresh: false,
        }
    }

    fn refreshed() -> Handled {
        Handled::Done {
            notice: None,
            refresh: true,
        }
    }

    fn error(i18n: &I18n, error: &VaultError) -> Handled {
        Handled::notice(error_notice(i18n, error))
    }

    fn job(
        name: &'static str,
        work: impl FnOnce(&mut Vault, &Progress) -> JobOutcome + Send + 'static,
    ) -> Handled {
        Handled::Job {
            name,
            work: Box::new(work),
        }
    }
}

/// Applies a command that needs the open vault (the app handles locking, unlocking,
/// settings that apply before a vault is open, destroying and cancelling).
pub fn in_session(session: &mut Session, vault: &mut Vault, i18n: &I18n, command: Command) -> Handled {
    let screens = &mut session.screens;
    match command {
        Command::Show(view) => {
            session.view = view;
            screens.get_mut(view).reload(vault);
            Handled::quiet()
        }
        Command::OpenInterview(id) => {
            screens.detail.open(vault, &id);
            session.view = View::Detail;
            Handled::quiet()
        }
        Command::NewInterview => {
            screens.editor = Some(EditorScreen::new_interview(i18n.lang()));
            session.view = View::Editor;
            Handled::quiet()
        }
        Command::EditInterview(id) => match vault.show(&id) {
            Ok(view) => {
                screens.editor = Some(EditorScreen::edit(&view));
                session.view = View::Editor;
                Handled::quiet()
            }
            Err(error) => Handled::error(i18n, &error),
        },
        Command::SaveInterview => {
            let Some(editor) = screens.editor.as_mut() else {
                return Handled::refreshed();
            };
            match editor.save(vault) {
                Ok(id) => {
                    screens.editor = None;
                    screens.detail.open(vault, &id);
                    session.view = View::Detail;
                    Handled::notice(Notice::done(i18n.t("editor-saved"), None))
                }
                Err(error) => {
                    editor.show_errors(i18n, &error);
                    Handled::error(i18n, &error)
                }
            }
        }
        Command::AutosaveWork => match screens.editor.as_mut().map(|e| e.save_work(vault)) {
            Some(Err(error)) => Handled::Done {
                notice: Some(error_notice(i18n, &error)),
                refresh: false,
            },
            _ => Handled::quiet(),
        },
        Command::RestoreWork(slot) => match vault.work_copies() {
            Ok(copies) => {
                if let Some(copy) = copies.into_iter().find(|c| c.slot == slot) {
                    screens.editor = Some(EditorScreen::restore(copy));
                    session.view = View::Editor;
                }
                Handled::quiet()
            }
            Err(error) => Handled::error(i18n, &error),
        },
        Command::DiscardWork(slot) => {
            let result = vault.discard_work_copy(&slot);
            if screens.editor.as_ref().is_some_and(|e| e.slot() == slot) {
                screens.editor = None;
                session.view = View::List;
            }
            match result {
                Ok(_) => Handled::refreshed(),
                Err(error) => Handled::error(i18n, &error),
            }
        }
        Command::Seal(id) => match vault.seal(std::slice::from_ref(&id)) {
            Ok(sealed) => {
                let hash = sealed.first().and_then(|s| s.hash.clone()).unwrap_or_default();
                screens.detail.open(vault, &id);
                Handled::notice(Notice::done(i18n.t("seal-done"), Some(hash)))
            }
            Err(error) => Handled::error(i18n, &error),
        },
        Command::TrustPreview(card) => match vault.trust_preview(&card) {
            Ok(preview) => {
                screens.trust.previewed(card, preview);
                Handled::refreshed()
            }
            Err(error) => Handled::error(i18n, &error),
        },
        Command::TrustAdd { card, confirmation } => match vault.trust_add(&card, &confirmation) {
            Ok(party) => {
                let label = party.label.as_str();
                let headline = match &party.removed_before {
                    None => i18n.ta("trust-added", &[("label", label.into())]),
                    Some(when) => i18n.ta(
                        "trust-added-again",
                        &[("label", label.into()), ("when", when.as_str().into())],
                    ),
                };
                let notice = Notice::done(headline, Some(party.fingerprint.clone()));
                screens.trust.added(party);
                Handled::notice(notice)
            }
            Err(error) => Handled::error(i18n, &error),
        },
        Command::TrustRemove(fingerprint) => match vault.trust_remove(&fingerprint) {
            Ok(party) => Handled::notice(Notice::done(
                i18n.ta("trust-removed", &[("label", party.label.as_str().into())]),
                None,
            )),
            Err(error) => Handled::error(i18n, &error),
        },
        Command::ExportTrustCard(dir) => {
            let result = vault.trust_card().and_then(|card| {
                let path = dir.join(trust_card_file_name(vault.role()));
                crate::vault::write_atomic(&path, card.as_bytes())
                    .map_err(|e| VaultError::io(IoAction::WriteTrustCard, &path, e))
                    .map(|()| path)
            });
            let notice = match result {
                Ok(path) => Notice::done(i18n.t("trust-card-written"), Some(path.display().to_string())),
                Err(error) => error_notice(i18n, &error),
            };
            Handled::Done {
                notice: Some(notice),
                refresh: false,
            }
        }
        Command::ChangePassphrase { old, new } => {
            let notice = match vault.change_passphrase(&old, &new) {
                Ok(()) => Notice::done(i18n.t("settings-passphrase-changed"), None),
                Err(error) => error_notice(i18n, &error),
            };
            Handled::Done {
                notice: Some(notice),
                refresh: false,
            }
        }
        Command::Search(query) => match screens.list.search(vault, &query) {
            Ok(()) => Handled::quiet(),
            Err(error) => Handled::Done {
                notice: Some(error_notice(i18n, &error)),
                refresh: false,
            },
        },
        Command::Filter(state) => {
            screens.list.set_filter(vault, state);
            Handled::quiet()
        }
        Command::ChangeConsent { interview, change } => match vault.change_consent(&interview, &change) {
            Ok(view) => {
                screens.detail.open(vault, &view.interview_id);
                let detail = (vault.role() == Role::Field).then(|| i18n.t("consent-travels"));
                Handled::notice(Notice::done(
                    i18n.ta("consent-recorded", &[("code", view.code.as_str().into())]),
                    detail,
                ))
            }
            Err(error) => Handled::error(i18n, &error),
        },
        Command::Annotate {
            interview,
            annotation,
            reviewer,
        } => match vault.annotate(&interview, None, &annotation, &reviewer) {
            Ok(review) => Handled::notice(Notice::done(
                i18n.ta("review-saved", &[("code", review.code.as_str().into())]),
                None,
            )),
            Err(error) => Handled::error(i18n, &error),
        },
        Command::DecideCorroboration {
            first,
            second,
            basis,
            confirm,
            reviewer,
        } => match vault.decide_corroboration(&first, &second, &basis, confirm, &reviewer) {
            Ok(()) => Handled::notice(Notice::done(
                i18n.t(if confirm {
                    "review-confirmed"
                } else {
                    "review-dismissed"
                }),
                None,
            )),
            Err(error) => Handled::error(i18n, &error),
        },
        Command::AddExcerpt(chosen) => {
            let code = chosen.code.clone();
            let count = screens.publish.add(chosen);
            Handled::Done {
                notice: Some(Notice::done(
                    i18n.ta(
                        "excerpt-added",
                        &[("code", code.as_str().into()), ("count", count.into())],
                    ),
                    None,
                )),
                refresh: false,
            }
        }
        Command::Publish {
            requests,
            options,
            dir,
        } => {
            let written = vault.publication_pack(&requests, &options).and_then(|pack| {
                vault
                    .write_publication(&pack, &dir, options.lang)
                    .map(|files| (pack, files))
            });
            let notice = match written {
                Ok((pack, (markdown, _json))) => {
                    let mut detail = vec![markdown.display().to_string()];
                    detail.extend(pack.excluded.iter().map(|x| format!("{}: {}", x.code, x.detail)));
                    Notice::done(
                        i18n.ta(
                            "publish-written",
                            &[
                                ("excerpts", pack.excerpts.len().into()),
                                ("excluded", pack.excluded.len().into()),
                            ],
                        ),
                        Some(detail.join("\n")),
                    )
                }
                Err(error) => error_notice(i18n, &error),
            };
            Handled::Done {
                notice: Some(notice),
                refresh: false,
            }
        }
        Command::SaveChart {
            dir,
            name,
            chart,
            png,
        } => {
            let notice = match save_chart(&dir, &name, &chart, png) {
                Ok(path) => Notice::done(i18n.t("stats-saved"), Some(path.display().to_string())),
                Err(error) => error_notice(i18n, &error),
            };
            Handled::Done {
                notice: Some(notice),
                refresh: false,
            }
        }
        Command::Export { dir, leave_out } => {
            let verifying = i18n.t("job-export-verifying");
            Handled::job("export", move |vault, progress| {
                JobOutcome::Exported(vault.export_reporting(&dir, &leave_out, |stage| match stage {
                    // About a hundred updates, whatever the number of interviews.
                    ExportStage::Writing { done, total } => {
                        if done == total || done % (total / 100).max(1) == 0 {
                            progress.set(done as u64, total as u64);
                        }
                    }
                    ExportStage::Verifying => progress.set_step(verifying.clone()),
                }))
            })
        }
        Command::AttachFiles { interview, paths } => Handled::job("attach", move |vault, progress| {
            let mut attached = Vec::new();
            for (done, path) in paths.iter().enumerate() {
                progress.set(done as u64, paths.len() as u64);
                match vault.attach_add(&interview, path, false) {
                    Ok(report) => attached.push(report),
                    Err(error) => return JobOutcome::Attached(attached, Some(error)),
                }
            }
            JobOutcome::Attached(attached, None)
        }),
        Command::ShowPhoto {
            interview,
            attachment,
        } => Handled::job("photo", move |vault, _| {
            JobOutcome::Photo(crate::ui::widgets::attachments::prepare_photo(
                vault,
                &interview,
                &attachment,
            ))
        }),
        Command::StartRecording { interview } => {
            let started = session
                .audio
                .input
                .start(crate::vault::SPEECH_RATE)
                .map_err(|e| crate::ui::widgets::sound::audio_problem(i18n, &e))
                .and_then(|capture| {
                    vault
                        .begin_recording(&interview, capture.rate)
                        .map(|journal| crate::audio::Recorder::start(&interview, capture, journal))
                        .map_err(|e| error_notice(i18n, &e).headline)
                });
            match started {
                Ok(recorder) => screens.detail.sound().recording_started(recorder),
                Err(problem) => screens.detail.sound().cannot_start(problem),
            }
            Handled::quiet()
        }
        Command::StopRecording => {
            let Some(recorder) = screens.detail.sound().take_recorder() else {
                return Handled::quiet();
            };
            let markers = recorder.markers.clone();
            let failure = recorder.failure();
            let journal = recorder.stop();
            if let Err(error) = vault.save_recording_markers(journal.id(), &markers) {
                return Handled::error(i18n, &error);
            }
            if let Some(failure) = failure {
                // What reached the disk stays as a cut-off recording, offered on the page.
                drop(journal);
                return Handled::notice(Notice::failed(
                    crate::ui::widgets::sound::write_failure(i18n, &failure),
                    None,
                ));
            }
            Handled::job("recording", move |vault, _| {
                let saved = vault
                    .finish_recording(journal)
                    .map(|attachment| crate::vault::AttachReport {
                        attachment,
                        source_wipe: None,
                    });
                match saved {
                    Ok(report) => JobOutcome::Attached(vec![report], None),
                    Err(error) => JobOutcome::Attached(Vec::new(), Some(error)),
                }
            })
        }
        Command::SaveMarkers { recording, markers } => {
            match vault.save_recording_markers(&recording, &markers) {
                Ok(()) => Handled::quiet(),
                Err(error) => Handled::Done {
                    notice: Some(error_notice(i18n, &error)),
                    refresh: false,
                },
            }
        }
        Command::KeepRecording(recording) => Handled::job("recording", move |vault, _| {
            match vault.keep_recording(&recording) {
                Ok(attachment) => JobOutcome::Attached(
                    vec![crate::vault::AttachReport {
                        attachment,
                        source_wipe: None,
                    }],
                    None,
                ),
                Err(error) => JobOutcome::Attached(Vec::new(), Some(error)),
            }
        }),
        Command::DiscardRecording(recording) => match vault.discard_recording(&recording) {
            Ok(()) => Handled::notice(Notice::done(i18n.t("rec-discarded"), None)),
            Err(error) => Handled::error(i18n, &error),
        },
        Command::PlayAudio {
            interview,
            attachment,
        } => Handled::job("audio", move |vault, _| {
            let name = vault
                .attachments(&interview)
                .ok()
                .and_then(|list| list.into_iter().find(|a| a.id == attachment))
                .map(|a| a.file_name)
                .unwrap_or_default();
            let result = vault
                .read_audio(&interview, &attachment)
                .map(|audio| audio.map(|audio| (name, audio)));
            JobOutcome::Audio { attachment, result }
        }),
        Command::RemoveAttachment {
            interview,
            attachment,
        } => match vault.attach_remove(&interview, &attachment) {
            Ok(info) => Handled::notice(Notice::done(
                i18n.ta("attach-removed", &[("name", info.file_name.as_str().into())]),
                None,
            )),
            Err(error) => Handled::notice(error_notice(i18n, &error)),
        },
        Command::Sync { address, pin, proxy } => {
            // Kept for next time before anything moves.
            let kept = [
                (ADDRESS_SETTING, address.as_str()),
                (PIN_SETTING, pin.as_str()),
                (PROXY_SETTING, proxy.as_deref().unwrap_or_default()),
            ]
            .into_iter()
            .try_for_each(|(key, value)| vault.set_setting(key, value));
            if let Err(error) = kept {
                return Handled::notice(error_notice(i18n, &error));
            }
            Handled::job("sync", move |vault, progress| {
                let watch = Watch::default();
                let mut report = SyncReport::default();
                let outcome = DropBoxClient::new(&address, &pin, proxy.as_deref(), watch.clone())
                    .and_then(|client| run_watched(vault, &client, &mut report, &watch, progress));
                JobOutcome::Synced(report, outcome.err())
            })
        }
        Command::ImportReceipt(path) => Handled::job("receipt", move |vault, _| {
            JobOutcome::Receipt(vault.import_receipts_at(&path))
        }),
        Command::WipeDelivered(passphrase) => Handled::job("wipe", move |vault, _| {
            JobOutcome::Wiped(vault.wipe_delivered(&passphrase, &[]))
        }),
        Command::ImportBundles { paths, receipt_dir } => Handled::job("import", move |vault, progress| {
            JobOutcome::Imported(
                vault.import_bundles_reporting(&paths, receipt_dir.as_deref(), |stage| {
                    match stage {
                        ImportStage::Bundle { done, total, path } => {
                            // Stopping between bundles is safe: each import is all or nothing.
                            if progress.cancelled() {
                                return Flow::Stop;
                            }
                            progress.set(done as u64, total as u64);
                            progress.set_step(crate::vault::file_name_of(path));
                        }
                        ImportStage::Done { done, total } => progress.set(done as u64, total as u64),
                    }
                    Flow::Continue
                }),
            )
        }),
        Command::Lock
        | Command::Unlock(_)
        | Command::Create { .. }
        | Command::SetLanguage(_)
        | Command::SetAutoLock(_)
        | Command::SetTextSize(_)
        | Command::Destroy
        | Command::CancelJob => Handled::quiet(),
    }
}

/// Runs a sync on a thread of its own while this one passes its progress to the screen and
/// the screen's Cancel to it.
fn run_watched(
    vault: &mut Vault,
    client: &DropBoxClient,
    report: &mut SyncReport,
    watch: &Watch,
    progress: &Progress,
) -> Result<(), SyncError> {
    std::thread::scope(|scope| {
        let running = scope.spawn(|| crate::relay::sync::run(vault, client, report));
        while !running.is_finished() {
            let (done, total) = watch.progress();
            progress.set(done, total);
            if progress.cancelled() {
                watch.cancel();
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        running
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Hands a finished job's outcome to its screen and says how it went.
pub fn job_done(session: &mut Session, i18n: &I18n, outcome: JobOutcome) -> Option<Notice> {
    let screens = &mut session.screens;
    let notice = match outcome {
        JobOutcome::Audio { attachment, result } => {
            let output = session.audio.output.clone();
            let sound = screens.detail.sound();
            match result {
                Ok(Some((name, audio))) => sound.audio_ready(attachment, name, audio, |player| {
                    output
                        .start(player)
                        .map_err(|e| crate::ui::widgets::sound::audio_problem(i18n, &e))
                }),
                Ok(None) => sound.play_failed(i18n.t("play-too-large")),
                Err(_) => sound.play_failed(i18n.t("play-unreadable")),
            }
            return None;
        }
        JobOutcome::Photo(shown) => {
            // Nothing to announce: the photo appears where it was asked for.
            screens.detail.photo_ready(shown);
            return None;
        }
        JobOutcome::Exported(Ok(report)) => {
            let notice = Notice::done(
                i18n.ta("export-done", &[("count", report.interviews.len().into())]),
                Some(report.path.display().to_string()),
            );
            screens.export.finished(Ok(report));
            notice
        }
        JobOutcome::Exported(Err(error)) => {
            screens.export.finished(Err(()));
            stick_error_notice(i18n, &error)
        }
        JobOutcome::Receipt(Ok(report)) => {
            let notice = Notice::done(
                i18n.ta("receipt-done", &[("count", report.delivered.len().into())]),
                Some(report.delivered.join(", ")),
            );
            screens.receipt.finished(Some(report));
            notice
        }
        JobOutcome::Receipt(Err(error)) => {
            screens.receipt.finished(None);
            stick_error_notice(i18n, &error)
        }
        JobOutcome::Wiped(Ok(report)) => {
            let limits: Vec<String> = (1..=report.limits.len())
                .map(|number| i18n.t(&format!("wipe-limit-{number}")))
                .collect();
            let notice = Notice::done(
                i18n.ta("wipe-done", &[("count", report.wiped.len().into())]),
                Some(limits.join("\n")),
            );
            screens.wipe.finished(Some(report));
            notice
        }
        JobOutcome::Wiped(Err(error)) => {
            screens.wipe.finished(None);
            error_notice(i18n, &error)
        }
        JobOutcome::Imported(Err(error)) => {
            screens.hq_import.finished(i18n, Vec::new());
            stick_error_notice(i18n, &error)
        }
        JobOutcome::Attached(attached, fault) => {
            let names: Vec<&str> = attached.iter().map(|r| r.attachment.file_name.as_str()).collect();
            let done = i18n.ta("attach-done", &[("count", attached.len().into())]);
            match fault {
                None => Notice::done(done, Some(names.join(", "))),
                Some(error) => {
                    let mut notice = error_notice(i18n, &error);
                    if !attached.is_empty() {
                        notice.detail = Some(format!(
                            "{done} {}\n{}",
                            names.join(", "),
                            notice.detail.unwrap_or_default()
                        ));
                    }
                    notice
                }
            }
        }
        JobOutcome::Synced(report, fault) => {
            let moved = if session.role == Role::Field {
                i18n.ta(
                    "sync-done-field",
                    &[
                        ("sent", report.sent.len().into()),
                        ("delivered", report.delivered.len().into()),
                    ],
                )
            } else {
                i18n.ta(
                    "sync-done-hq",
                    &[
                        ("imported", report.imported.len().into()),
                        ("refused", report.refused.len().into()),
                    ],
                )
            };
            let notice = match &fault {
                None => Notice::done(moved, None),
                Some(fault) => sync_notice(i18n, fault),
            };
            screens.sync.finished(report, fault.is_some());
            notice
        }
        JobOutcome::Imported(Ok(imports)) => {
            let key = if imports.stopped {
                "import-cancelled"
            } else {
                "import-done"
            };
            // Files passed over are listed with the bundles, each with its reason.
            let mut results: Vec<_> = imports
                .skipped
                .into_iter()
                .map(|(path, why)| (path, Err(VaultError::PassedOver(why))))
                .collect();
            results.extend(imports.results);
            let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
            let failed = results.len() - ok;
            let headline = i18n.ta(key, &[("ok", ok.into()), ("failed", failed.into())]);
            let notice = if failed > 0 {
                Notice::failed(headline, None)
            } else {
                Notice::done(headline, None)
            };
            screens.hq_import.finished(i18n, results);
            notice
        }
    };
    Some(notice)
}

fn trust_card_file_name(role: Role) -> &'static str {
    match role {
        Role::Field => "field-device.card",
        Role::Headquarters => "headquarters.card",
    }
}

/// Writes a chart into `dir` under `name` (then `name-2`, `name-3`… if taken): a file of
/// counts, flushed and renamed like every file the app writes.
fn save_chart(
    dir: &std::path::Path,
    name: &str,
    chart: &crate::ui::chart::Chart,
    png: bool,
) -> Result<std::path::PathBuf, VaultError> {
    let extension = if png { "png" } else { "svg" };
    let path = (1..1000)
        .map(|n| match n {
            1 => dir.join(format!("{name}.{extension}")),
            n => dir.join(format!("{name}-{n}.{extension}")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{name}.{extension}")));
    let bytes = if png {
        chart
            .png()
            .map_err(|e| VaultError::io(IoAction::ExportAnalysis, &path, std::io::Error::other(e)))?
    } else {
        chart.svg().into_bytes()
    };
    crate::vault::write_atomic(&path, &bytes)
        .map_err(|e| VaultError::io(IoAction::ExportAnalysis, &path, e))?;
    Ok(path)
}
