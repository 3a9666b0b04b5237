//! The Korean-capable font, shipped inside the binary (NanumGothic, SIL OFL 1.1; licence in
//! `assets/fonts/NanumGothic-OFL.txt`). Nothing is fetched or looked up at run time, so the
//! app looks the same on every laptop and Hangul never falls back to empty boxes.

use std::sync::Arc;

use eframe::egui;

pub(crate) const NANUM_GOTHIC: &[u8] = include_bytes!("../../assets/fonts/NanumGothic.ttf");
const FONT_NAME: &str = "NanumGothic";

/// Adds NanumGothic after egui's own fonts, for both proportional and monospace text.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        FONT_NAME.to_owned(),
        Arc::new(egui::FontData::from_static(NANUM_GOTHIC)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(FONT_NAME.to_owned());
    }
    ctx.set_fonts(fonts);
}
