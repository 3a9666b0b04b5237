//! Hold-to-confirm: a destructive action runs only after the button is held down for a
//! few seconds, so a stray click or a tap on the wrong line cannot wipe anything.

use eframe::egui::{self, Sense, WidgetInfo};

/// Draws the button; returns true in the frame the hold completes.
pub fn hold_to_confirm(ui: &mut egui::Ui, label: &str, hold_seconds: f64) -> bool {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let galley = ui
        .painter()
        .layout_no_wrap(label.to_owned(), font, egui::Color32::WHITE);
    let size = egui::vec2(galley.size().x + 32.0, ui.spacing().interact_size.y + 14.0);
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let id = response.id;
    let now = ui.input(|i| i.time);
    let held_since: Option<f64> = ui.data(|d| d.get_temp(id));
    let mut done = false;
    let fraction = if response.is_pointer_button_down_on() {
        let start = held_since.unwrap_or(now);
        ui.data_mut(|d| d.insert_temp(id, start));
        ui.ctx().request_repaint();
        let fraction = ((now - start) / hold_seconds).clamp(0.0, 1.0);
        if fraction >= 1.0 && ui.data(|d| d.get_temp::<bool>(id.with("fired"))) != Some(true) {
            done = true;
            ui.data_mut(|d| d.insert_temp(id.with("fired"), true));
        }
        fraction
    } else {
        ui.data_mut(|d| {
            d.remove::<f64>(id);
            d.remove::<bool>(id.with("fired"));
        });
        0.0
    };
    let painter = ui.painter();
    let danger = egui::Color32::from_rgb(150, 30, 30);
    painter.rect_filled(rect, 6.0, danger.gamma_multiply(0.55));
    let mut filled = rect;
    filled.set_width(rect.width() * fraction as f32);
    painter.rect_filled(filled, 6.0, danger);
    painter.galley(rect.center() - galley.size() / 2.0, galley, egui::Color32::WHITE);
    let label = label.to_owned();
    response.widget_info(|| WidgetInfo::labeled(egui::accesskit::Role::Button, true, &label));
    done
}
