//! Laying out a long testimony typed as one paragraph. egui lays a paragraph out again, in
//! full, whenever it changes, and caches each paragraph (text between newlines) apart; a
//! 50 KB narrative without a line break took 27 ms a keystroke. This layouter cuts long
//! paragraphs into pieces of about 1 KB at sentence ends, lays each out on its own (so egui
//! caches them apart and a keystroke lays out one piece), and joins them. A piece starts on
//! a new line, which shows as a line break after a sentence every dozen lines or so.

use std::ops::Range;
use std::sync::Arc;

use eframe::egui::{self, Galley, TextBuffer, text::LayoutJob};

/// Below this a text is laid out whole, exactly as egui would.
const SPLIT_FROM: usize = 4 * 1024;
/// A piece ends at the first sentence end after this many bytes...
const PIECE: usize = 1024;
/// ...or at a space after this many, if no sentence ends...
const PIECE_AT_SPACE: usize = 3 * 1024;
/// ...or anywhere after this many.
const PIECE_MAX: usize = 8 * 1024;

/// Byte ranges of the pieces of `text`. A cut depends only on the text near it, so typing in
/// one piece leaves the cuts after it where they were once the next sentence end is passed.
pub fn pieces(text: &str) -> Vec<Range<usize>> {
    if text.len() < SPLIT_FROM {
        return std::iter::once(0..text.len()).collect();
    }
    let bytes = text.as_bytes();
    let mut cuts = Vec::new();
    let mut start = 0;
    while text.len() - start > PIECE_MAX.min(SPLIT_FROM) {
        let sentence_end = (start + PIECE..text.len().min(start + PIECE_AT_SPACE)).find(|&i| {
            bytes[i] == b' ' && matches!(bytes[i - 1], b'.' | b'?' | b'!') && text.is_char_boundary(i + 1)
        });
        let space = || {
            (start + PIECE_AT_SPACE..text.len().min(start + PIECE_MAX))
                .find(|&i| bytes[i] == b' ' && text.is_char_boundary(i + 1))
        };
        let any = || {
            (start + PIECE_MAX..text.len())
                .find(|&i| text.is_char_boundary(i))
                .map(|i| i - 1)
        };
        let Some(cut) = sentence_end.or_else(space).or_else(any) else {
            break;
        };
        // Never cut right after a line break: that piece would end in an empty row.
        if bytes[cut] == b'\n' {
            start = cut + 1;
            continue;
        }
        cuts.push(cut + 1);
        start = cut + 1;
    }
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for cut in cuts {
        ranges.push(from..cut);
        from = cut;
    }
    ranges.push(from..text.len());
    ranges
}

/// The layouter for a multi-line `TextEdit` holding long text (same font, colour and line
/// height as egui's own).
pub fn layout(ui: &egui::Ui, text: &dyn TextBuffer, wrap_width: f32) -> Arc<Galley> {
    let text = text.as_str();
    let font_id = egui::TextStyle::Body.resolve(ui.style());
    let color = ui
        .visuals()
        .override_text_color
        .unwrap_or_else(|| ui.visuals().widgets.inactive.text_color());
    let line_height = ui.fonts_mut(|f| f.row_height(&font_id)) + ui.spacing().extra_text_line_spacing;
    let job = |part: &str| {
        let mut job = LayoutJob::simple(part.to_owned(), font_id.clone(), color, wrap_width);
        job.keep_trailing_whitespace = true;
        for section in &mut job.sections {
            section.format.line_height = Some(line_height);
        }
        job
    };
    let ranges = pieces(text);
    if ranges.len() == 1 {
        return ui.fonts_mut(|f| f.layout_job(job(text)));
    }
    let galleys: Vec<Arc<Galley>> = ranges
        .iter()
        .map(|r| ui.fonts_mut(|f| f.layout_job(job(&text[r.clone()]))))
        .collect();
    let mut joined = Galley::concat(Arc::new(job(text)), &galleys, ui.pixels_per_point());
    // `concat` joins paragraphs and so counts a line break between galleys; our pieces are
    // cut inside a paragraph, so the last row of each piece ends without one.
    let mut row = 0;
    for galley in &galleys {
        row += galley.rows.len();
        if let Some(last) = joined.rows.get_mut(row - 1) {
            last.ends_with_newline = false;
        }
    }
    Arc::new(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_paragraph() -> String {
        let sentence = "She was held at the border post for three weeks and questioned every night. ";
        let korean = "그녀는 국경 초소에서 삼 주 동안 붙잡혀 매일 밤 심문을 받았다. ";
        (0..400)
            .map(|i| if i % 2 == 0 { sentence } else { korean })
            .collect()
    }

    #[test]
    fn pieces_cover_the_text_and_end_at_sentences() {
        let text = long_paragraph();
        let ranges = pieces(&text);
        assert!(ranges.len() > 10, "{}", ranges.len());
        assert_eq!(ranges.first().unwrap().start, 0);
        assert_eq!(ranges.last().unwrap().end, text.len());
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(
                text[pair[0].clone()].ends_with(". "),
                "{:?}",
                &text[pair[0].clone()]
            );
        }
        assert_eq!(pieces("short"), std::iter::once(0..5).collect::<Vec<_>>());
    }

    #[test]
    fn typing_in_one_piece_moves_no_cut_after_the_next() {
        let text = long_paragraph();
        let before = pieces(&text);
        let at = before[3].start + 10;
        let mut edited = text.clone();
        edited.insert_str(at, "typed ");
        let after = pieces(&edited);
        let shifted: Vec<Range<usize>> = before[5..].iter().map(|r| r.start + 6..r.end + 6).collect();
        assert_eq!(&after[5..], &shifted[..], "the cuts after the edit stay put");
    }

    #[test]
    fn the_joined_galley_maps_every_character_like_the_text() {
        let ctx = egui::Context::default();
        let text = long_paragraph();
        let mut output = ctx.run_ui(Default::default(), |ui| {
            let galley = layout(ui, &text.as_str(), 600.0);
            assert_eq!(galley.text(), text);
            let chars: usize = galley
                .rows
                .iter()
                .map(|r| r.char_count_including_newline().0)
                .sum();
            assert_eq!(chars, text.chars().count());
            // The end of the text is where the cursor goes at the end.
            let end = galley.end();
            assert_eq!(end.index.0, text.chars().count());
        });
        output.textures_delta.clear();
    }
}
