//! The daily-activity chart of `/stats`, drawn to PNG in memory with an embedded font, so it
//! needs no system libraries and renders Cyrillic and Kazakh letters.

use std::sync::Once;

use plotters::prelude::*;

/// DejaVu Sans (see `assets/DejaVuSans.LICENSE`).
const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

pub(crate) fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_err() {
            log::error!("cannot register the chart font");
        }
    });
}

/// Labels of the chart, in the reader's language.
pub struct Labels {
    pub title: String,
    pub users: String,
    pub questions: String,
    pub days_ago: String,
}

/// A PNG with two lines over the last days: new residents and questions. `daily` is
/// (days ago, users, questions), oldest first.
pub fn daily_activity(daily: &[(i64, i64, i64)], labels: &Labels) -> Result<Vec<u8>, String> {
    register_font();
    let (w, h) = (900u32, 500u32);
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let max = daily
            .iter()
            .map(|(_, u, q)| (*u).max(*q))
            .max()
            .unwrap_or(0)
            .max(1);
        let days = daily.len() as i64;
        let mut chart = ChartBuilder::on(&root)
            .caption(&labels.title, ("sans-serif", 26))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(-(days - 1)..0i64, 0..max + max / 5 + 1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc(&labels.days_ago)
            .x_label_formatter(&|x| (-x).to_string())
            .label_style(("sans-serif", 14))
            .draw()
            .map_err(|e| e.to_string())?;
        let series = [(&labels.users, BLUE, 1usize), (&labels.questions, RED, 2usize)];
        for (label, color, column) in series {
            let points = daily
                .iter()
                .map(|row| (-row.0, if column == 1 { row.1 } else { row.2 }));
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(3)))
                .map_err(|e| e.to_string())?
                .label(label.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(3)));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .label_font(("sans-serif", 16))
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    let mut png = Vec::new();
    image_png_encode(&pixels, w, h, &mut png)?;
    Ok(png)
}

/// Encodes RGB pixels as PNG.
fn image_png_encode(pixels: &[u8], w: u32, h: u32, out: &mut Vec<u8>) -> Result<(), String> {
    let mut encoder = png::Encoder::new(out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(pixels).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_png_with_cyrillic_and_kazakh_labels() {
        let daily: Vec<_> = (0..30).rev().map(|d| (d, d % 7, (30 - d) % 5)).collect();
        let labels = Labels {
            title: "Белсенділік / Активность".into(),
            users: "Жаңа тұрғындар".into(),
            questions: "Вопросы".into(),
            days_ago: "күн бұрын".into(),
        };
        let png = daily_activity(&daily, &labels).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert!(
            png.len() > 5_000,
            "a real picture, not an empty image: {} bytes",
            png.len()
        );
    }
}
