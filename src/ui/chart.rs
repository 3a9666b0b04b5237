//! A statistics chart as a file for a report. The SVG is written here (rectangles and
//! labels, nothing else) and the PNG is that same SVG drawn by resvg with the app's own
//! font, so both look alike and Korean labels need no font on the laptop. Charts hold
//! counts only, never interview content.

use std::sync::Arc;

/// A horizontal bar chart: one row per label, one bar per series in each row.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// What the rows are ("Incident kind", "Year").
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    /// A line under the chart (how uncertain dates are counted).
    pub footnote: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<u64>,
    /// RGB, as in the app's chart.
    pub color: [u8; 3],
}

const WIDTH: u32 = 960;
const LABEL_WIDTH: f64 = 300.0;
const BAR_HEIGHT: f64 = 16.0;
const ROW_GAP: f64 = 10.0;
const TOP: f64 = 76.0;
const FONT: &str = "NanumGothic";

fn escape(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

impl Chart {
    fn row_height(&self) -> f64 {
        self.series.len().max(1) as f64 * BAR_HEIGHT + ROW_GAP
    }

    fn height(&self) -> u32 {
        (TOP + self.labels.len() as f64 * self.row_height() + 48.0).ceil() as u32
    }

    /// The chart as an SVG document (UTF-8).
    pub fn svg(&self) -> String {
        let (width, height) = (WIDTH, self.height());
        let max = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let plot_width = f64::from(WIDTH) - LABEL_WIDTH - 80.0;
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"{FONT}, sans-serif\">\n\
             <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n\
             <text x=\"16\" y=\"30\" font-size=\"20\" font-weight=\"bold\" fill=\"#111111\">{}</text>\n",
            escape(&self.title)
        );
        // The legend.
        let mut x = 16.0;
        for series in &self.series {
            out.push_str(&format!(
                "<rect x=\"{x}\" y=\"44\" width=\"14\" height=\"14\" fill=\"{}\"/>\n<text x=\"{}\" y=\"56\" font-size=\"14\" fill=\"#111111\">{}</text>\n",
                hex(series.color),
                x + 20.0,
                escape(&series.name)
            ));
            x += 40.0 + 9.0 * series.name.chars().count() as f64;
        }
        for (row, label) in self.labels.iter().enumerate() {
            let y = TOP + row as f64 * self.row_height();
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"end\" fill=\"#111111\">{}</text>\n",
                LABEL_WIDTH - 8.0,
                y + BAR_HEIGHT * self.series.len() as f64 / 2.0 + 5.0,
                escape(label)
            ));
            for (i, series) in self.series.iter().enumerate() {
                let value = series.values.get(row).copied().unwrap_or(0);
                let bar = (value as f64 / max * plot_width).max(0.0);
                let top = y + i as f64 * BAR_HEIGHT;
                out.push_str(&format!(
                    "<rect x=\"{LABEL_WIDTH}\" y=\"{top}\" width=\"{bar:.1}\" height=\"{}\" fill=\"{}\"/>\n<text x=\"{:.1}\" y=\"{}\" font-size=\"12\" fill=\"#333333\">{value}</text>\n",
                    BAR_HEIGHT - 2.0,
                    hex(series.color),
                    LABEL_WIDTH + bar + 4.0,
                    top + BAR_HEIGHT - 4.0,
                ));
            }
        }
        if let Some(note) = &self.footnote {
            out.push_str(&format!(
                "<text x=\"16\" y=\"{}\" font-size=\"12\" fill=\"#555555\">{}</text>\n",
                f64::from(height) - 16.0,
                escape(note)
            ));
        }
        out.push_str("</svg>\n");
        out
    }

    /// The same chart as a PNG image, drawn with the app's font.
    pub fn png(&self) -> Result<Vec<u8>, String> {
        let mut fonts = resvg::usvg::fontdb::Database::new();
        fonts.load_font_data(crate::ui::fonts::NANUM_GOTHIC.to_vec());
        fonts.set_sans_serif_family(FONT);
        let options = resvg::usvg::Options {
            fontdb: Arc::new(fonts),
            ..Default::default()
        };
        let tree = resvg::usvg::Tree::from_str(&self.svg(), &options).map_err(|e| e.to_string())?;
        let size = tree.size().to_int_size();
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
            .ok_or_else(|| "the chart is too large to draw".to_owned())?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        pixmap.encode_png().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        Chart {
            title: "사건 유형 <by kind>".into(),
            labels: vec!["강제송환".into(), "Torture & ill-treatment".into()],
            series: vec![
                Series {
                    name: "incidents".into(),
                    values: vec![12, 3],
                    color: [40, 90, 160],
                },
                Series {
                    name: "interviewees".into(),
                    values: vec![7, 2],
                    color: [120, 160, 210],
                },
            ],
            footnote: Some("counts only".into()),
        }
    }

    #[test]
    fn the_svg_escapes_labels_and_scales_bars_to_the_largest_value() {
        let svg = chart().svg();
        assert!(svg.contains("사건 유형 &lt;by kind&gt;"));
        assert!(svg.contains("Torture &amp; ill-treatment"));
        // The largest value fills the plot's width; the others are in proportion.
        assert!(svg.contains("width=\"580.0\""), "{svg}");
        assert!(svg.contains("width=\"145.0\""), "{svg}");
    }

    #[test]
    fn the_png_draws_the_korean_labels_with_the_app_font() {
        let png = chart().png().unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let image = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(image.width(), WIDTH);
        // Dark pixels where the Korean label is drawn (left of the bars, first row).
        let dark = (0..LABEL_WIDTH as u32)
            .flat_map(|x| (TOP as u32..TOP as u32 + 32).map(move |y| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y).0.iter().all(|&c| c < 100))
            .count();
        assert!(dark > 50, "the label is drawn ({dark} dark pixels)");
    }
}
