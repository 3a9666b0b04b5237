//! An interview's attachments on its page: the list (name, media type, size, SHA-256 of the
//! original), adding files to a draft through the app's own picker, removing them from a
//! draft, and showing a photo. A photo is decrypted into memory, decoded there and drawn as
//! a texture — no thumbnail or cache file anywhere — and its EXIF metadata is listed, with
//! a warning when it records where it was taken. The original stays byte for byte.

use std::io::Cursor;

use eframe::egui;

use crate::ui::command::Command;
use crate::ui::i18n::I18n;
use crate::ui::widgets::path_picker::{PathPicker, PickMode};
use crate::ui::widgets::sound::SoundPanel;
use crate::vault::{AttachmentInfo, Vault};

/// Largest photo decrypted into memory to be shown.
const SHOW_LIMIT: u64 = 64 << 20;
/// Photos are drawn at most this many pixels on a side (a texture, in memory only).
const SHOW_SIDE: u32 = 2048;

#[derive(Default)]
pub struct AttachmentsPanel {
    list: Vec<AttachmentInfo>,
    picker: Option<PathPicker>,
    shown: Option<Shown>,
    /// Recording into the draft and playing recordings.
    pub sound: SoundPanel,
}

/// A photo, decrypted and decoded off the UI thread (a job), then drawn.
pub struct Shown {
    id: String,
    /// Decoded pixels, until they become a texture at the next frame.
    image: Option<egui::ColorImage>,
    texture: Option<egui::TextureHandle>,
    /// EXIF fields as (tag, value), in the file's order.
    exif: Vec<(String, String)>,
    /// The EXIF data holds GPS fields.
    located: bool,
    /// Why it cannot be shown (a message id).
    problem: Option<&'static str>,
}

impl AttachmentsPanel {
    pub fn reload(&mut self, vault: &Vault, interview: &str) {
        self.list = vault.attachments(interview).unwrap_or_default();
        self.sound.reload(vault, interview);
        if self
            .shown
            .as_ref()
            .is_some_and(|s| !self.list.iter().any(|a| a.id == s.id))
        {
            self.shown = None;
        }
    }

    /// The attachments that are recordings the app plays (FLAC).
    fn is_recording(info: &AttachmentInfo) -> bool {
        matches!(info.media_type.as_str(), "audio/flac" | "audio/x-flac")
    }

    /// The attachments that are photos (shown in the app).
    fn is_photo(info: &AttachmentInfo) -> bool {
        matches!(info.media_type.as_str(), "image/png" | "image/jpeg")
    }

    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        i18n: &I18n,
        interview: &str,
        draft: bool,
        commands: &mut Vec<Command>,
    ) {
        egui::CollapsingHeader::new(i18n.ta("attach-title", &[("count", self.list.len().into())]))
            .id_salt("attachments")
            .default_open(true)
            .show(ui, |ui| {
                if self.list.is_empty() {
                    ui.weak(i18n.t("attach-none"));
                }
                let mut show = None;
                let mut play = None;
                for info in &self.list {
                    ui.horizontal(|ui| {
                        ui.label(&info.file_name);
                        ui.weak(format!("{} · {}", info.media_type, human_size(info.size)));
                        ui.monospace(&info.sha256[..16]).on_hover_text(&info.sha256);
                        if Self::is_photo(info) && ui.button(i18n.t("attach-show")).clicked() {
                            show = Some(info.id.clone());
                        }
                        if Self::is_recording(info)
                            && self.sound.playing() != Some(info.id.as_str())
                            && ui.button(i18n.t("play-play")).clicked()
                        {
                            play = Some(info.id.clone());
                        }
                        if draft && !self.sound.is_recording() && ui.button(i18n.t("attach-remove")).clicked()
                        {
                            commands.push(Command::RemoveAttachment {
                                interview: interview.to_owned(),
                                attachment: info.id.clone(),
                            });
                        }
                    });
                }
                if let Some(id) = show {
                    commands.push(Command::ShowPhoto {
                        interview: interview.to_owned(),
                        attachment: id,
                    });
                }
                if let Some(id) = play {
                    commands.push(Command::PlayAudio {
                        interview: interview.to_owned(),
                        attachment: id,
                    });
                }
                self.sound.show_player(ui, i18n);
                if let Some(shown) = &mut self.shown {
                    if let Some(image) = shown.image.take() {
                        shown.texture = Some(ui.ctx().load_texture(
                            format!("attachment-{}", shown.id),
                            image,
                            egui::TextureOptions::LINEAR,
                        ));
                    }
                    show_photo(ui, i18n, shown);
                    if ui.button(i18n.t("attach-hide")).clicked() {
                        self.shown = None;
                    }
                }
                ui.separator();
                self.sound.show_recorder(ui, i18n, interview, draft, commands);
                if draft && !self.sound.is_recording() {
                    match &mut self.picker {
                        None => {
                            if ui.button(i18n.t("attach-add")).clicked() {
                                self.picker = Some(PathPicker::new(PickMode::Files { several: true }, None));
                            }
                        }
                        Some(picker) => {
                            ui.label(i18n.t("attach-add-hint"));
                            picker.show(ui, i18n);
                            let chosen = picker.selected_files();
                            ui.horizontal(|ui| {
                                let label = i18n.ta("attach-add-chosen", &[("count", chosen.len().into())]);
                                if ui
                                    .add_enabled(!chosen.is_empty(), egui::Button::new(label))
                                    .clicked()
                                {
                                    commands.push(Command::AttachFiles {
                                        interview: interview.to_owned(),
                                        paths: chosen,
                                    });
                                    self.picker = None;
                                } else if ui.button(i18n.t("cancel")).clicked() {
                                    self.picker = None;
                                }
                            });
                        }
                    }
                }
            });
    }

    /// A photo prepared by [`prepare_photo`] (on the job thread), to draw.
    pub fn photo_ready(&mut self, shown: Shown) {
        self.shown = Some(shown);
    }

    /// Drops the photo on screen (its texture and EXIF) and the list.
    pub fn forget(&mut self) {
        *self = AttachmentsPanel::default();
    }
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

/// Decrypts a photo into memory, reads its EXIF fields and decodes it: the slow part of
/// showing one, done on a job's thread, never the UI's.
pub fn prepare_photo(vault: &Vault, interview: &str, id: &str) -> Shown {
    let mut shown = Shown {
        id: id.to_owned(),
        image: None,
        texture: None,
        exif: Vec::new(),
        located: false,
        problem: None,
    };
    let bytes = match vault.read_attachment(interview, id, SHOW_LIMIT) {
        Ok(Some((_, bytes))) => bytes,
        Ok(None) => {
            shown.problem = Some("attach-too-large-to-show");
            return shown;
        }
        Err(_) => {
            shown.problem = Some("attach-unreadable");
            return shown;
        }
    };
    (shown.exif, shown.located) = exif_fields(&bytes);
    shown.image = decode(&bytes);
    if shown.image.is_none() {
        shown.problem = Some("attach-undecodable");
    }
    shown
}

/// The EXIF fields of a photo as (tag, value), and whether any of them is a GPS field.
pub fn exif_fields(bytes: &[u8]) -> (Vec<(String, String)>, bool) {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return (Vec::new(), false);
    };
    let located = exif.fields().any(|f| f.tag.context() == exif::Context::Gps);
    let fields = exif
        .fields()
        .map(|f| (f.tag.to_string(), f.display_value().with_unit(&exif).to_string()))
        .collect();
    (fields, located)
}

/// Decodes a PNG or JPEG from memory, within limits (a hostile file cannot make it
/// allocate without bound), scaled down to at most [`SHOW_SIDE`] pixels on a side.
fn decode(bytes: &[u8]) -> Option<egui::ColorImage> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 << 20);
    reader.limits(limits);
    let decoded = reader.decode().ok()?;
    let decoded = if decoded.width() > SHOW_SIDE || decoded.height() > SHOW_SIDE {
        decoded.thumbnail(SHOW_SIDE, SHOW_SIDE)
    } else {
        decoded
    };
    let rgba = decoded.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Some(egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}

fn show_photo(ui: &mut egui::Ui, i18n: &I18n, shown: &Shown) {
    if let Some(problem) = shown.problem {
        ui.colored_label(ui.visuals().warn_fg_color, i18n.t(problem));
    }
    if let Some(texture) = &shown.texture {
        let size = texture.size_vec2();
        let scale = (ui.available_width() / size.x).min(1.0);
        ui.add(egui::Image::new((texture.id(), size * scale)).alt_text(i18n.t("attach-photo")));
    }
    if shown.located {
        ui.colored_label(ui.visuals().warn_fg_color, i18n.t("attach-gps-warning"));
    }
    if shown.exif.is_empty() {
        ui.weak(i18n.t("attach-no-exif"));
        return;
    }
    egui::CollapsingHeader::new(i18n.ta("attach-exif", &[("count", shown.exif.len().into())]))
        .id_salt("attachment-exif")
        .show(ui, |ui| {
            egui::Grid::new("attachment-exif-grid")
                .num_columns(2)
                .show(ui, |ui| {
                    for (tag, value) in &shown.exif {
                        ui.label(tag);
                        ui.label(value);
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(3 * 1024 * 1024 / 2), "1.5 MiB");
        assert_eq!(human_size(5 << 30), "5.0 GiB");
    }

    #[test]
    fn a_hostile_image_decodes_to_nothing() {
        assert!(decode(b"\x89PNG\r\n\x1a\nnot really").is_none());
        assert!(decode(b"").is_none());
    }
}
