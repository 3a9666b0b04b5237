//! The one widget that takes a passphrase. egui's `TextEdit` keeps undo copies of what is
//! typed in its memory, even in password mode; this field keeps the characters only in a
//! zeroizing buffer it owns, draws bullets, has no undo, no copy and no selection, and
//! hands the text over exactly once as a [`Passphrase`].

use eframe::egui::{self, Event, ImeEvent, Key, Sense, WidgetInfo};
use zeroize::{Zeroize, Zeroizing};

use crate::secret::Passphrase;

/// Most bytes a passphrase may have here. The buffer is allocated at this size once and
/// never grows: growing a `String` moves it and leaves the old copy unwiped on the heap.
const CAPACITY: usize = 1024;

pub struct PassphraseField {
    buffer: Zeroizing<String>,
}

impl Default for PassphraseField {
    fn default() -> Self {
        PassphraseField {
            buffer: Zeroizing::new(String::with_capacity(CAPACITY)),
        }
    }
}

/// What happened in the field this frame.
pub struct PassphraseResponse {
    pub response: egui::Response,
    /// Enter was pressed while the field had focus.
    pub submitted: bool,
}

impl PassphraseField {
    /// Draws `label` and, under it, the field it names (for screen readers and tests).
    pub fn show(&mut self, ui: &mut egui::Ui, label: &str) -> PassphraseResponse {
        let label_response = ui.label(label);
        let height = ui.spacing().interact_size.y + 8.0;
        let width = ui.available_width().clamp(120.0, 420.0);
        let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), Sense::click());
        if response.clicked() {
            response.request_focus();
        }
        let mut submitted = false;
        if response.has_focus() {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    response.id,
                    egui::EventFilter {
                        tab: false,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: false,
                    },
                )
            });
            let events = ui.input(|i| i.events.clone());
            for event in events {
                match event {
                    Event::Text(text) | Event::Ime(ImeEvent::Commit(text)) | Event::Paste(text) => {
                        let mut text = Zeroizing::new(text);
                        self.type_text(&text);
                        text.zeroize();
                    }
                    Event::Key {
                        key: Key::Backspace,
                        pressed: true,
                        ..
                    } => {
                        self.buffer.pop();
                    }
                    Event::Key {
                        key: Key::Enter,
                        pressed: true,
                        ..
                    } => submitted = true,
                    _ => {}
                }
            }
            ui.output_mut(|o| {
                o.ime = Some(egui::output::IMEOutput {
                    purpose: egui::IMEPurpose::Password,
                    rect,
                    cursor_rect: egui::Rect::from_min_size(rect.right_top(), egui::vec2(1.0, rect.height())),
                    should_interrupt_composition: false,
                })
            });
        }
        let visuals = ui.style().interact(&response);
        let painter = ui.painter();
        let stroke = if response.has_focus() {
            ui.visuals().selection.stroke
        } else {
            visuals.bg_stroke
        };
        painter.rect(
            rect,
            4.0,
            ui.visuals().extreme_bg_color,
            stroke,
            egui::StrokeKind::Inside,
        );
        let bullets = "•".repeat(self.buffer.chars().count().min(64));
        let font = egui::TextStyle::Body.resolve(ui.style());
        let text_pos = rect.left_center() + egui::vec2(8.0, 0.0);
        let galley = painter.layout_no_wrap(bullets, font, ui.visuals().text_color());
        let cursor_x = text_pos.x + galley.size().x + 1.0;
        painter.galley(
            text_pos - egui::vec2(0.0, galley.size().y / 2.0),
            galley,
            ui.visuals().text_color(),
        );
        if response.has_focus() {
            painter.line_segment(
                [
                    egui::pos2(cursor_x, rect.top() + 5.0),
                    egui::pos2(cursor_x, rect.bottom() - 5.0),
                ],
                egui::Stroke::new(1.5, ui.visuals().text_color()),
            );
        }
        response.widget_info(|| WidgetInfo::new(egui::accesskit::Role::PasswordInput));
        let response = response.labelled_by(label_response.id);
        PassphraseResponse { response, submitted }
    }

    /// Appends typed text, in place: what does not fit the fixed buffer is dropped.
    fn type_text(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            if self.buffer.len() + c.len_utf8() <= self.buffer.capacity() {
                self.buffer.push(c);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.buffer.is_empty()
    }

    /// Characters typed so far, for the strength hint; never the characters themselves.
    pub fn char_count(&self) -> usize {
        self.buffer.chars().count()
    }

    /// Hands over what was typed and leaves the field empty.
    pub fn take(&mut self) -> Passphrase {
        let typed = std::mem::replace(&mut *self.buffer, String::with_capacity(CAPACITY));
        Passphrase::new(typed)
    }

    /// Forgets what was typed (the buffer is wiped, and keeps its size).
    pub fn clear(&mut self) {
        self.buffer.zeroize();
        self.buffer.reserve_exact(CAPACITY);
    }
}

/// A rough strength hint from length alone: the only property we can judge without
/// keeping or analysing the text.
pub fn strength_key(chars: usize) -> &'static str {
    match chars {
        0 => "pass-strength-empty",
        1..10 => "pass-strength-short",
        10..16 => "pass-strength-fair",
        16..24 => "pass-strength-good",
        _ => "pass-strength-strong",
    }
}

#[cfg(test)]
mod buffer_tests {
    use super::*;

    #[test]
    fn the_buffer_never_moves_while_typing_and_stops_at_its_capacity() {
        let mut field = PassphraseField::default();
        let start = field.buffer.as_ptr();
        for _ in 0..2000 {
            field.type_text("비밀\n");
        }
        assert_eq!(field.buffer.as_ptr(), start, "the buffer was reallocated");
        assert!(field.buffer.len() <= CAPACITY);
        let taken = field.take();
        assert!(taken.char_count() > 300);
        assert!(field.is_empty());
    }
}
