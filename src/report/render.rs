//! The report drawn for people: PNG charts a phone can read, a CSV per table for the coalition's
//! spreadsheets and one self-contained, printable HTML document, all in the reader's language.
//! Counts of people from 1 to 4 never appear exactly, in any of them.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use base64::Engine;
use chrono::NaiveDate;
use plotters::{
    prelude::*,
    style::text_anchor::{HPos, Pos, VPos},
};

use super::{ReportData, SMALL_CELL, StatementRow, shown};
use crate::{
    domain::{Lang, csv_text, shorten},
    t,
};

/// One chart of the report.
pub struct Chart {
    /// The file name, e.g. "questions-by-theme.png".
    pub file: String,
    /// The chart's title in the reader's language (also in the PNG, as its `Title` text).
    pub title: String,
    pub png: Vec<u8>,
}

/// The whole report, ready to write or send.
pub struct Rendered {
    pub charts: Vec<Chart>,
    /// (file name, CSV bytes), one per table.
    pub csvs: Vec<(String, Vec<u8>)>,
    /// The document, `report.html`.
    pub html: String,
}

/// The document's file name.
const HTML_FILE: &str = "report.html";

/// Charts, tables and the document, in `lang`.
pub fn render(data: &ReportData, lang: Lang) -> Result<Rendered, String> {
    let tables = tables(data, lang);
    let charts = charts(data, lang)?;
    let csvs = tables
        .iter()
        .map(|table| Ok((table.file.to_owned(), table.csv()?)))
        .collect::<Result<Vec<_>, String>>()?;
    let html = html(data, lang, &charts, &tables);
    Ok(Rendered { charts, csvs, html })
}

/// Writes every file (report.html, the PNGs, the CSVs) into `dir` (created if missing); returns the paths.
pub fn write_dir(r: &Rendered, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();
    for (name, bytes) in files(r) {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        paths.push(path);
    }
    Ok(paths)
}

/// Everything in one zip (for sending through Telegram as one document).
pub fn zip(r: &Rendered) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    for (name, bytes) in files(r) {
        // PNGs are compressed already.
        let method = if name.ends_with(".png") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        zip.start_file(name, options.compression_method(method))
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Every file of the report: the document, the charts, the tables.
fn files(r: &Rendered) -> Vec<(&str, &[u8])> {
    let mut files = vec![(HTML_FILE, r.html.as_bytes())];
    files.extend(r.charts.iter().map(|c| (c.file.as_str(), c.png.as_slice())));
    files.extend(
        r.csvs
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
    );
    files
}

// ---------------------------------------------------------------------------------------------
// Numbers as shown

fn small(n: i64) -> bool {
    (1..SMALL_CELL).contains(&n)
}

fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn duration(lang: Lang, minutes: i64) -> String {
    let (hours, minutes) = (minutes / 60, minutes % 60);
    if hours == 0 {
        t!(lang, "report-duration-m", minutes = minutes)
    } else {
        t!(lang, "report-duration-hm", hours = hours, minutes = minutes)
    }
}

fn percent(part: i64, whole: i64) -> String {
    format!("{}%", (part as f64 * 100.0 / whole as f64).round() as i64)
}

/// A statement's share of `part` votes: hidden when the statement has fewer than five votes or
/// the part itself is a small count.
fn share(s: &StatementRow, part: i64) -> String {
    if s.votes() < SMALL_CELL || small(part) {
        "<5".to_owned()
    } else {
        percent(part, s.votes())
    }
}

/// Answer times are shown from five answered questions.
fn answer_time(data: &ReportData, lang: Lang, minutes: Option<i64>) -> String {
    match minutes {
        Some(m) if data.answers.answered >= SMALL_CELL => duration(lang, m),
        _ => t!(lang, "report-not-shown"),
    }
}

/// The share answered within 48 hours: hidden when it would point at fewer than five people.
fn within_48h_share(data: &ReportData, lang: Lang) -> String {
    let a = &data.answers;
    if a.answered < SMALL_CELL || small(a.within_48h) || small(a.answered - a.within_48h) {
        t!(lang, "report-not-shown")
    } else {
        percent(a.within_48h, a.answered)
    }
}

struct Headline {
    received: i64,
    answered: i64,
    planned: i64,
    held: i64,
    attendance: i64,
}

fn headline(data: &ReportData) -> Headline {
    Headline {
        received: data.by_theme.iter().map(|r| r.received).sum(),
        answered: data.answers.answered,
        planned: data.events.iter().map(|e| e.planned).sum(),
        held: data.events.iter().map(|e| e.held).sum(),
        attendance: data.events.iter().map(|e| e.attendance).sum(),
    }
}

// ---------------------------------------------------------------------------------------------
// Tables (each one CSV and one HTML table)

struct Table {
    file: &'static str,
    title: String,
    header: Vec<String>,
    /// Columns from this index on are numbers (right-aligned).
    first_number: usize,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// UTF-8 with a BOM and `;`, as Excel in a Russian locale expects; no cell runs as a formula.
    fn csv(&self) -> Result<Vec<u8>, String> {
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
            for row in std::iter::once(&self.header).chain(&self.rows) {
                w.write_record(row.iter().map(|cell| csv_text(cell).into_owned()))
                    .map_err(|e| e.to_string())?;
            }
            w.flush().map_err(|e| e.to_string())?;
        }
        Ok(out)
    }

    fn html(&self, out: &mut String) {
        out.push_str("<table>\n<thead><tr>");
        for (i, h) in self.header.iter().enumerate() {
            let class = if i >= self.first_number {
                " class=\"n\""
            } else {
                ""
            };
            out.push_str(&format!("<th{class}>{}</th>", esc(h)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                let class = if i >= self.first_number {
                    " class=\"n\""
                } else {
                    ""
                };
                out.push_str(&format!("<td{class}>{}</td>", esc(cell)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
}

fn tables(data: &ReportData, lang: Lang) -> Vec<Table> {
    let tr = |key: &str| t!(lang, key);
    let questions = |file, title: &str, label: &str, rows: &[super::QuestionRow]| Table {
        file,
        title: tr(title),
        header: vec![tr(label), tr("report-col-received"), tr("report-col-answered")],
        first_number: 1,
        rows: rows
            .iter()
            .map(|r| vec![r.label.clone(), shown(r.received), shown(r.answered)])
            .collect(),
    };
    let statements = |file, title: &str, rows: &[StatementRow]| Table {
        file,
        title: tr(title),
        header: [
            "report-col-set",
            "report-col-statement",
            "report-col-votes",
            "report-col-agree",
            "report-col-disagree",
            "report-col-pass",
            "report-col-agree-share",
            "report-col-disagree-share",
            "report-col-pass-share",
        ]
        .map(tr)
        .to_vec(),
        first_number: 2,
        rows: rows
            .iter()
            .map(|s| {
                vec![
                    s.set_title.clone(),
                    s.text.clone(),
                    shown(s.votes()),
                    shown(s.agree),
                    shown(s.disagree),
                    shown(s.pass),
                    share(s, s.agree),
                    share(s, s.disagree),
                    share(s, s.pass),
                ]
            })
            .collect(),
    };
    let a = &data.answers;
    vec![
        questions(
            "questions-by-theme.csv",
            "report-by-theme",
            "report-col-theme",
            &data.by_theme,
        ),
        questions(
            "questions-by-district.csv",
            "report-by-district",
            "report-col-district",
            &data.by_district,
        ),
        Table {
            file: "answer-times.csv",
            title: tr("report-answer-times"),
            header: vec![tr("report-col-indicator"), tr("report-col-value")],
            first_number: 1,
            rows: vec![
                vec![tr("report-fig-answered"), shown(a.answered)],
                vec![tr("report-fig-median"), answer_time(data, lang, a.median_minutes)],
                vec![tr("report-fig-p90"), answer_time(data, lang, a.p90_minutes)],
                vec![tr("report-row-within48-count"), shown(a.within_48h)],
                vec![tr("report-fig-within48"), within_48h_share(data, lang)],
            ],
        },
        Table {
            file: "events-by-district.csv",
            title: tr("report-events"),
            header: [
                "report-col-district",
                "report-col-planned",
                "report-col-held",
                "report-col-cancelled",
                "report-col-reported",
                "report-col-attendance",
            ]
            .map(tr)
            .to_vec(),
            first_number: 1,
            // Events are not people: their counts are exact; attendance is people.
            rows: data
                .events
                .iter()
                .map(|e| {
                    vec![
                        e.district.clone(),
                        e.planned.to_string(),
                        e.held.to_string(),
                        e.cancelled.to_string(),
                        e.reported.to_string(),
                        shown(e.attendance),
                    ]
                })
                .collect(),
        },
        statements(
            "top-statements.csv",
            "report-top-statements",
            &data.top_statements,
        ),
        statements("consensus.csv", "report-consensus", &data.consensus),
        Table {
            file: "subscribers.csv",
            title: tr("report-subscribers"),
            header: vec![tr("report-col-week"), tr("report-col-subscribers")],
            first_number: 1,
            rows: data
                .subscribers
                .iter()
                .map(|(week, n)| vec![date(*week), shown(*n)])
                .collect(),
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Charts

const WIDTH: u32 = 1000;
const MIN_HEIGHT: u32 = 600;
/// Title and legend above the plot.
const TOP: u32 = 90;
const FONT: &str = "sans-serif";
const BAR_BLUE: RGBColor = RGBColor(37, 99, 170);
const BAR_GREEN: RGBColor = RGBColor(46, 139, 87);
const BAR_RED: RGBColor = RGBColor(200, 60, 50);
const BAR_GREY: RGBColor = RGBColor(150, 150, 150);
/// Statement labels longer than this (UTF-16 units) are cut with "…".
const LABEL_MAX: usize = 34;

/// One bar of a chart: the length drawn and the text beside it (or inside, when stacked).
#[derive(Clone)]
struct Bar {
    value: f64,
    text: String,
}

impl Bar {
    /// A count of people: a small one is drawn empty, labelled "<5".
    fn people(n: i64) -> Self {
        Self {
            value: if small(n) { 0.0 } else { n as f64 },
            text: shown(n),
        }
    }

    fn exact(n: i64) -> Self {
        Self {
            value: n as f64,
            text: n.to_string(),
        }
    }
}

/// Horizontal bars: one row per category, one bar per series (side by side, or stacked to
/// 100 % when `stacked`).
struct HBars {
    file: &'static str,
    title: String,
    x_desc: String,
    series: Vec<(String, RGBColor)>,
    /// (category label, one bar per series).
    rows: Vec<(String, Vec<Bar>)>,
    stacked: bool,
    /// Nothing to show: the chart says so.
    empty: bool,
}

fn charts(data: &ReportData, lang: Lang) -> Result<Vec<Chart>, String> {
    crate::chart::register_font();
    let tr = |key: &str| t!(lang, key);
    let questions = |file, title: &str, rows: &[super::QuestionRow]| HBars {
        file,
        title: tr(title),
        x_desc: tr("report-axis-questions"),
        series: vec![
            (tr("report-col-received"), BAR_BLUE),
            (tr("report-col-answered"), BAR_GREEN),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let bars = vec![Bar::people(r.received), Bar::people(r.answered)];
                (r.label.clone(), bars)
            })
            .collect(),
        stacked: false,
        empty: rows.iter().all(|r| r.received == 0),
    };
    let events = HBars {
        file: "events-by-district.png",
        title: tr("report-events"),
        x_desc: tr("report-axis-events"),
        series: vec![
            (tr("report-col-planned"), BAR_BLUE),
            (tr("report-col-held"), BAR_GREEN),
        ],
        rows: data
            .events
            .iter()
            .map(|e| {
                (
                    e.district.clone(),
                    vec![Bar::exact(e.planned), Bar::exact(e.held)],
                )
            })
            .collect(),
        stacked: false,
        empty: data.events.iter().all(|e| e.planned == 0),
    };
    let statements = HBars {
        file: "top-statements.png",
        title: tr("report-top-statements"),
        x_desc: tr("report-axis-share"),
        series: vec![
            (tr("report-col-agree"), BAR_GREEN),
            (tr("report-col-disagree"), BAR_RED),
            (tr("report-col-pass"), BAR_GREY),
        ],
        rows: data
            .top_statements
            .iter()
            .map(|s| {
                let mut label = shorten(&s.text, LABEL_MAX);
                let bars = [s.agree, s.disagree, s.pass].map(|part| {
                    let text = share(s, part);
                    let value = if text == "<5" {
                        0.0
                    } else {
                        part as f64 * 100.0 / s.votes() as f64
                    };
                    Bar { value, text }
                });
                if s.votes() < SMALL_CELL {
                    label.push_str(" (<5)");
                }
                (label, bars.to_vec())
            })
            .collect(),
        stacked: true,
        empty: data.top_statements.iter().all(|s| s.votes() == 0),
    };
    Ok(vec![
        questions("questions-by-theme.png", "report-by-theme", &data.by_theme).draw(lang)?,
        questions(
            "questions-by-district.png",
            "report-by-district",
            &data.by_district,
        )
        .draw(lang)?,
        events.draw(lang)?,
        subscribers(data, lang)?,
        statements.draw(lang)?,
    ])
}

fn font(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&BLACK)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// The title and legend across the top.
fn draw_top(root: &Area, title: &str, series: &[(String, RGBColor)]) -> Result<(), String> {
    let centre = font(26).pos(Pos::new(HPos::Center, VPos::Top));
    root.draw_text(title, &centre, (WIDTH as i32 / 2, 14))
        .map_err(|e| e.to_string())?;
    let style = font(18).pos(Pos::new(HPos::Left, VPos::Center));
    let widths: Vec<i32> = series
        .iter()
        .map(|(name, _)| {
            let w = root.estimate_text_size(name, &style).map_or(100, |s| s.0);
            w as i32 + 50
        })
        .collect();
    let mut x = (WIDTH as i32 - widths.iter().sum::<i32>()) / 2;
    let y = 66;
    for ((name, color), w) in series.iter().zip(widths) {
        root.draw(&Rectangle::new([(x, y - 8), (x + 18, y + 8)], color.filled()))
            .map_err(|e| e.to_string())?;
        root.draw_text(name, &style, (x + 26, y))
            .map_err(|e| e.to_string())?;
        x += w;
    }
    Ok(())
}

fn no_data(root: &Area, lang: Lang, height: u32) -> Result<(), String> {
    let style = font(24)
        .color(&BAR_GREY)
        .pos(Pos::new(HPos::Center, VPos::Center));
    root.draw_text(
        &t!(lang, "report-no-data"),
        &style,
        (WIDTH as i32 / 2, (TOP + height) as i32 / 2),
    )
    .map_err(|e| e.to_string())
}

/// A nice upper end for a count axis: room for the labels beside the longest bar.
fn x_end(max: f64) -> f64 {
    (max * 1.15).ceil().max(5.0)
}

fn integer_label(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        String::new()
    }
}

impl HBars {
    fn draw(&self, lang: Lang) -> Result<Chart, String> {
        let n = self.rows.len();
        let per_row = if self.stacked {
            40
        } else {
            18 * self.series.len() as u32 + 14
        };
        let height = MIN_HEIGHT.max(TOP + 70 + n as u32 * per_row);
        let mut pixels = vec![0u8; (WIDTH * height * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, height)).into_drawing_area();
            root.fill(&WHITE).map_err(|e| e.to_string())?;
            draw_top(&root, &self.title, &self.series)?;
            if self.empty || n == 0 {
                no_data(&root, lang, height)?;
            } else {
                self.plot(&root)?;
            }
            root.present().map_err(|e| e.to_string())?;
        }
        Ok(Chart {
            file: self.file.to_owned(),
            title: self.title.clone(),
            png: encode_png(&pixels, WIDTH, height, &self.title)?,
        })
    }

    fn plot(&self, root: &Area) -> Result<(), String> {
        let n = self.rows.len();
        let (_, body) = root.split_vertically(TOP);
        let x_max = if self.stacked {
            100.0
        } else {
            let max = self
                .rows
                .iter()
                .flat_map(|(_, bars)| bars.iter().map(|b| b.value))
                .fold(0.0, f64::max);
            x_end(max)
        };
        let mut chart = ChartBuilder::on(&body)
            .margin(12)
            .margin_right(30)
            .x_label_area_size(50)
            .y_label_area_size(330)
            .build_cartesian_2d(0.0..x_max, 0.0..n as f64)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .disable_y_mesh()
            .y_labels(0)
            .y_label_formatter(&|_| String::new())
            .x_labels(if self.stacked { 11 } else { 10 })
            .x_label_formatter(&integer_label)
            .x_desc(self.x_desc.as_str())
            .label_style(font(16))
            .axis_desc_style(font(16))
            .draw()
            .map_err(|e| e.to_string())?;
        let k = self.series.len() as f64;
        let label_style = font(17).pos(Pos::new(HPos::Right, VPos::Center));
        let value_style = font(15).pos(Pos::new(HPos::Left, VPos::Center));
        let inside_style = font(15).color(&WHITE).pos(Pos::new(HPos::Center, VPos::Center));
        for (i, (label, bars)) in self.rows.iter().enumerate() {
            // The first row on top.
            let top = (n - i) as f64 - 0.15;
            let bottom = (n - i - 1) as f64 + 0.15;
            let (x0, yc) = chart.backend_coord(&(0.0, (top + bottom) / 2.0));
            root.draw_text(label, &label_style, (x0 - 10, yc))
                .map_err(|e| e.to_string())?;
            let mut start = 0.0;
            for (j, (bar, (_, color))) in bars.iter().zip(&self.series).enumerate() {
                let (y1, y0, x1) = if self.stacked {
                    (top, bottom, start + bar.value)
                } else {
                    let h = (top - bottom) / k;
                    let y1 = top - h * j as f64;
                    (y1, y1 - h, bar.value)
                };
                let x0 = if self.stacked { start } else { 0.0 };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, y1), (x1.min(x_max), y0)],
                        color.filled(),
                    )))
                    .map_err(|e| e.to_string())?;
                if self.stacked {
                    if bar.value >= 8.0 {
                        let p = chart.backend_coord(&((x0 + x1) / 2.0, (y0 + y1) / 2.0));
                        root.draw_text(&bar.text, &inside_style, p)
                            .map_err(|e| e.to_string())?;
                    }
                    start = x1;
                } else {
                    let (px, py) = chart.backend_coord(&(x1, (y0 + y1) / 2.0));
                    root.draw_text(&bar.text, &value_style, (px + 5, py))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        Ok(())
    }
}

/// Subscribers at the end of each week, as a line.
fn subscribers(data: &ReportData, lang: Lang) -> Result<Chart, String> {
    let title = t!(lang, "report-subscribers");
    let series = [(t!(lang, "report-axis-subscribers"), BAR_BLUE)];
    let points: Vec<(f64, Bar)> = data
        .subscribers
        .iter()
        .enumerate()
        .map(|(i, (_, n))| (i as f64, Bar::people(*n)))
        .collect();
    let height = MIN_HEIGHT;
    let mut pixels = vec![0u8; (WIDTH * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw_top(&root, &title, &series)?;
        if points.is_empty() {
            no_data(&root, lang, height)?;
        } else {
            let (_, body) = root.split_vertically(TOP);
            let last = (points.len() - 1) as f64;
            let max = points.iter().map(|(_, b)| b.value).fold(0.0, f64::max);
            let weeks = &data.subscribers;
            let week_label = |x: &f64| {
                let i = x.round();
                if (x - i).abs() > 1e-9 || i < 0.0 {
                    return String::new();
                }
                weeks
                    .get(i as usize)
                    .map(|(d, _)| d.format("%d.%m").to_string())
                    .unwrap_or_default()
            };
            let mut chart = ChartBuilder::on(&body)
                .margin(12)
                .margin_right(40)
                .x_label_area_size(55)
                .y_label_area_size(80)
                .build_cartesian_2d(-0.4..last + 0.4, 0.0..x_end(max))
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .light_line_style(WHITE)
                .x_labels(points.len().clamp(2, 12))
                .x_label_formatter(&week_label)
                .y_label_formatter(&integer_label)
                .x_desc(t!(lang, "report-axis-week"))
                .y_desc(t!(lang, "report-axis-subscribers"))
                .label_style(font(16))
                .axis_desc_style(font(16))
                .draw()
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|(x, b)| (*x, b.value)),
                    BAR_BLUE.stroke_width(3),
                ))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|(x, b)| Circle::new((*x, b.value), 5, BAR_BLUE.filled())),
                )
                .map_err(|e| e.to_string())?;
            // Every point's count when they fit; otherwise every other one and the last.
            let step = if points.len() <= 14 { 1 } else { 2 };
            let style = font(15).pos(Pos::new(HPos::Center, VPos::Bottom));
            for (i, (x, bar)) in points.iter().enumerate() {
                if i % step == 0 || i == points.len() - 1 {
                    let (px, py) = chart.backend_coord(&(*x, bar.value));
                    root.draw_text(&bar.text, &style, (px, py - 9))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(Chart {
        file: "subscribers.png".to_owned(),
        png: encode_png(&pixels, WIDTH, height, &title)?,
        title,
    })
}

/// RGB pixels as PNG, with the title as its `Title` text (iTXt: tEXt is Latin-1 only, and
/// titles are Cyrillic).
fn encode_png(pixels: &[u8], w: u32, h: u32, title: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .add_itxt_chunk("Title".to_owned(), title.to_owned())
        .map_err(|e| e.to_string())?;
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(pixels).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The document

pub(super) fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_text(s)
}

fn attr(s: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_double_quoted_attribute(s)
}

pub(super) const CSS: &str = "\
body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1040px;margin:0 auto;padding:16px;color:#222;line-height:1.4}
h1{font-size:1.6em;margin:.2em 0}
h2{font-size:1.25em;margin-top:1.6em;border-bottom:2px solid #2563aa;padding-bottom:.2em}
.meta{color:#555}
.note{background:#f3f6fa;border-left:4px solid #2563aa;padding:.5em .8em}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:10px;margin:1em 0}
.figure{border:1px solid #d5dbe3;border-radius:6px;padding:.6em .8em}
.figure .v{font-size:1.5em;font-weight:bold;color:#2563aa}
.figure .k{font-size:.9em;color:#444}
img{max-width:100%;height:auto;display:block;margin:.8em 0}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.95em}
th,td{border:1px solid #ccd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eef2f7}
.n{text-align:right;white-space:nowrap}
@media print{body{max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}img,table,.figure{break-inside:avoid}.note{border-left-color:#000}}
";

fn html(data: &ReportData, lang: Lang, charts: &[Chart], tables: &[Table]) -> String {
    let tr = |key: &str| t!(lang, key);
    let h = headline(data);
    let title = tr("report-title");
    let period = t!(lang, "report-period", from = date(data.from), to = date(data.to));
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} ({})</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        lang.code(),
        esc(&title),
        esc(&period),
    ));
    out.push_str(&format!("<h1>{}</h1>\n", esc(&title)));
    out.push_str(&format!(
        "<p class=\"meta\">{}<br>{}</p>\n",
        esc(&period),
        esc(&t!(lang, "report-generated", at = data.generated_at.as_str())),
    ));
    out.push_str(&format!(
        "<p class=\"note\">{}</p>\n",
        esc(&tr("report-small-note"))
    ));

    let figures = [
        (tr("report-fig-received"), shown(h.received)),
        (tr("report-fig-answered"), shown(h.answered)),
        (
            tr("report-fig-median"),
            answer_time(data, lang, data.answers.median_minutes),
        ),
        (
            tr("report-fig-p90"),
            answer_time(data, lang, data.answers.p90_minutes),
        ),
        (tr("report-fig-within48"), within_48h_share(data, lang)),
        (
            tr("report-fig-events"),
            t!(lang, "report-events-of", held = h.held, planned = h.planned),
        ),
        (tr("report-fig-attendance"), shown(h.attendance)),
        (
            tr("report-fig-subscribers"),
            data.subscribers
                .last()
                .map_or_else(|| shown(0), |(_, n)| shown(*n)),
        ),
    ];
    out.push_str(&format!(
        "<h2>{}</h2>\n<div class=\"figures\">\n",
        esc(&tr("report-headline"))
    ));
    for (label, value) in figures {
        out.push_str(&format!(
            "<div class=\"figure\"><div class=\"v\">{}</div><div class=\"k\">{}</div></div>\n",
            esc(&value),
            esc(&label)
        ));
    }
    out.push_str("</div>\n");

    // Each table under its chart, when it has one.
    let chart_of = |csv: &str| {
        let png = csv.replace(".csv", ".png");
        charts.iter().find(|c| c.file == png)
    };
    for table in tables {
        out.push_str(&format!("<h2>{}</h2>\n", esc(&table.title)));
        if let Some(chart) = chart_of(table.file) {
            out.push_str(&format!(
                "<img src=\"data:image/png;base64,{}\" alt=\"{}\">\n",
                base64::engine::general_purpose::STANDARD.encode(&chart.png),
                attr(&chart.title),
            ));
        }
        if table.rows.is_empty() {
            out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(&tr("report-no-data"))));
        } else {
            table.html(&mut out);
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{AnswerTimes, EventRow, QuestionRow};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn q(label: &str, received: i64, answered: i64) -> QuestionRow {
        QuestionRow {
            label: label.into(),
            received,
            answered,
        }
    }

    fn s(text: &str, agree: i64, disagree: i64, pass: i64) -> StatementRow {
        StatementRow {
            set_title: "Права граждан".into(),
            text: text.into(),
            agree,
            disagree,
            pass,
        }
    }

    fn sample() -> ReportData {
        ReportData {
            from: day(1),
            to: day(31),
            generated_at: "2026-03-31 18:05".into(),
            by_theme: vec![
                q("Права и свободы", 42, 37),
                q("Құқықтар мен бостандықтар", 17, 9),
                q("Редкая тема", 3, 3),
                q("=HYPERLINK(\"x\")", 6, 0),
                q("—", 0, 0),
            ],
            by_district: vec![
                q("Уральск", 51, 40),
                q("Бөрлі ауданы", 14, 6),
                q("Казталовский район", 3, 3),
            ],
            answers: AnswerTimes {
                answered: 49,
                median_minutes: Some(185),
                p90_minutes: Some(2_950),
                within_48h: 41,
            },
            events: vec![
                EventRow {
                    district: "Уральск".into(),
                    planned: 12,
                    held: 9,
                    cancelled: 1,
                    reported: 7,
                    attendance: 311,
                },
                EventRow {
                    district: "Теректі ауданы".into(),
                    planned: 2,
                    held: 1,
                    cancelled: 0,
                    reported: 1,
                    attendance: 3,
                },
            ],
            top_statements: vec![
                s(
                    "Местные акимы должны избираться жителями района напрямую, без согласования",
                    120,
                    30,
                    12,
                ),
                s("<script>alert(1)</script>", 40, 20, 3),
                s("Тұжырым аз дауыспен", 2, 1, 0),
            ],
            consensus: vec![s("Конституция должна быть написана понятным языком", 88, 5, 7)],
            subscribers: (0..5)
                .map(|w| (day(2) + chrono::Days::new(7 * w), 300 + 45 * w as i64))
                .collect(),
        }
    }

    fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes).unwrap();
        let text = text.strip_prefix('\u{feff}').expect("a BOM");
        csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    fn csv_of<'a>(r: &'a Rendered, name: &str) -> &'a [u8] {
        &r.csvs.iter().find(|(n, _)| n == name).unwrap().1
    }

    fn png_info(png: &[u8]) -> (u32, u32, Option<String>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        reader.finish().unwrap();
        let info = reader.info();
        let title = info
            .utf8_text
            .iter()
            .find(|c| c.keyword == "Title")
            .map(|c| c.get_text().unwrap());
        (info.width, info.height, title)
    }

    const CHART_TITLES: [(&str, &str); 5] = [
        ("questions-by-theme.png", "report-by-theme"),
        ("questions-by-district.png", "report-by-district"),
        ("events-by-district.png", "report-events"),
        ("subscribers.png", "report-subscribers"),
        ("top-statements.png", "report-top-statements"),
    ];

    #[test]
    fn charts_are_pngs_titled_in_the_readers_language() {
        for lang in Lang::ALL {
            let r = render(&sample(), lang).unwrap();
            assert_eq!(r.charts.len(), CHART_TITLES.len());
            for (file, key) in CHART_TITLES {
                let chart = r.charts.iter().find(|c| c.file == file).unwrap();
                let want = t!(lang, key);
                assert_eq!(chart.title, want);
                let (w, h, title) = png_info(&chart.png);
                assert_eq!((w, h), (WIDTH, MIN_HEIGHT), "{file}");
                assert_eq!(title.as_deref(), Some(want.as_str()), "{file}");
                assert!(chart.png.len() > 10_000, "{file}: a real picture");
            }
        }
        let kk = render(&sample(), Lang::Kk).unwrap();
        assert!(kk.charts[0].title.chars().any(|c| "әғқңөұүһі".contains(c)));
        assert_ne!(
            kk.charts[0].title,
            render(&sample(), Lang::Ru).unwrap().charts[0].title
        );
    }

    #[test]
    fn many_categories_make_a_taller_chart() {
        let mut data = sample();
        data.by_district = (0..20).map(|i| q(&format!("Район {i}"), 10 + i, i)).collect();
        let r = render(&data, Lang::Ru).unwrap();
        let (w, h, _) = png_info(&r.charts[1].png);
        assert_eq!(w, WIDTH);
        assert!(h > MIN_HEIGHT, "{h}");
    }

    #[test]
    fn small_counts_show_as_under_five() {
        let r = render(&sample(), Lang::Ru).unwrap();
        let rows = csv_rows(csv_of(&r, "questions-by-theme.csv"));
        let rare = rows.iter().find(|row| row[0] == "Редкая тема").unwrap();
        assert_eq!(rare[1..], ["<5", "<5"]);
        assert!(rows.iter().flatten().all(|cell| cell != "3"));
        let districts = csv_rows(csv_of(&r, "questions-by-district.csv"));
        assert_eq!(districts[3][1..], ["<5", "<5"]);
        // Attendance of three people, and a statement with three votes: no exact count, no share.
        let events = csv_rows(csv_of(&r, "events-by-district.csv"));
        assert_eq!(events[2][5], "<5");
        let statements = csv_rows(csv_of(&r, "top-statements.csv"));
        assert_eq!(statements[3][2..], ["<5", "<5", "<5", "0", "<5", "<5", "<5"]);
        // A share of three votes out of 63 is hidden too.
        assert_eq!(statements[2][5], "<5");
        assert_eq!(statements[2][8], "<5");

        let row = r
            .html
            .split("<tr>")
            .find(|tr| tr.contains("Редкая тема"))
            .unwrap();
        let row = &row[..row.find("</tr>").unwrap()];
        assert_eq!(row.matches("<td class=\"n\">&lt;5</td>").count(), 2, "{row}");
        assert!(!row.contains(">3<"), "{row}");
        assert!(!r.html.contains(">3<"));
    }

    #[test]
    fn answer_times_from_fewer_than_five_are_not_shown() {
        let mut data = sample();
        data.answers = AnswerTimes {
            answered: 4,
            median_minutes: Some(61),
            p90_minutes: Some(200),
            within_48h: 4,
        };
        let r = render(&data, Lang::Ru).unwrap();
        let rows = csv_rows(csv_of(&r, "answer-times.csv"));
        let hidden = t!(Lang::Ru, "report-not-shown");
        assert_eq!(
            rows[1..].iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
            ["<5", &hidden, &hidden, "<5", &hidden]
        );
        assert!(!r.html.contains("1 ч 1 мин") && !r.html.contains(">100%<"));

        let r = render(&sample(), Lang::Ru).unwrap();
        assert!(r.html.contains("3 ч 5 мин"), "median shown from 49 answers");
        assert!(r.html.contains("49 ч 10 мин"));
        assert!(r.html.contains("84%"), "41 of 49 within 48 hours");
        assert!(
            r.html
                .contains(&t!(Lang::Ru, "report-events-of", held = 10, planned = 14))
        );
        let kk = render(&sample(), Lang::Kk).unwrap();
        assert!(kk.html.contains("3 сағ 5 мин"));
    }

    #[test]
    fn html_embeds_every_chart_and_escapes_text() {
        for lang in Lang::ALL {
            let r = render(&sample(), lang).unwrap();
            assert!(r.html.starts_with("<!DOCTYPE html>"));
            assert!(r.html.contains(&format!("<html lang=\"{}\">", lang.code())));
            assert!(r.html.contains("<meta charset=\"utf-8\">"));
            assert!(r.html.contains("@media print"));
            for chart in &r.charts {
                let b64 = base64::engine::general_purpose::STANDARD.encode(&chart.png);
                assert!(
                    r.html.contains(&format!("data:image/png;base64,{b64}")),
                    "{}",
                    chart.file
                );
            }
            assert!(!r.html.contains("<script>"));
            assert!(r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
            assert!(r.html.contains("01.03.2026 – 31.03.2026"));
            assert!(r.html.contains("2026-03-31 18:05"));
            assert!(r.html.contains(&esc(&t!(lang, "report-small-note")).into_owned()));
        }
    }

    #[test]
    fn csvs_have_a_bom_semicolons_a_translated_header_and_no_formulas() {
        let r = render(&sample(), Lang::Kk).unwrap();
        let names: Vec<_> = r.csvs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "questions-by-theme.csv",
                "questions-by-district.csv",
                "answer-times.csv",
                "events-by-district.csv",
                "top-statements.csv",
                "consensus.csv",
                "subscribers.csv",
            ]
        );
        for (name, bytes) in &r.csvs {
            assert!(bytes.starts_with("\u{feff}".as_bytes()), "{name}");
            let first = std::str::from_utf8(bytes).unwrap().lines().next().unwrap();
            assert!(first.contains(';'), "{name}: {first}");
        }
        let rows = csv_rows(csv_of(&r, "questions-by-theme.csv"));
        assert_eq!(rows[0], ["Тақырып", "Түсті", "Жауап берілді"]);
        assert!(rows.iter().any(|row| row[0] == "'=HYPERLINK(\"x\")"));
        let weeks = csv_rows(csv_of(&r, "subscribers.csv"));
        assert_eq!(weeks[1], ["02.03.2026", "300"]);
    }

    #[test]
    fn empty_data_renders_with_a_no_data_note() {
        let data = ReportData {
            from: day(1),
            to: day(7),
            generated_at: "2026-03-07 09:00".into(),
            events: vec![EventRow {
                district: "Уральск".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        for lang in Lang::ALL {
            let r = render(&data, lang).unwrap();
            assert_eq!(r.charts.len(), 5);
            for chart in &r.charts {
                let (w, h, title) = png_info(&chart.png);
                assert_eq!((w, h), (WIDTH, MIN_HEIGHT));
                assert_eq!(title.as_deref(), Some(chart.title.as_str()));
            }
            assert!(r.html.contains(&esc(&t!(lang, "report-no-data")).into_owned()));
            assert_eq!(r.csvs.len(), 7);
        }
        assert!(render(&ReportData::default(), Lang::Ru).is_ok());
    }

    #[test]
    fn zip_and_dir_hold_every_file() {
        let r = render(&sample(), Lang::Ru).unwrap();
        let mut want: Vec<String> = vec![HTML_FILE.to_owned()];
        want.extend(r.charts.iter().map(|c| c.file.clone()));
        want.extend(r.csvs.iter().map(|(n, _)| n.clone()));
        assert_eq!(want.len(), 13);

        let bytes = zip(&r).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
        let mut sorted = names.clone();
        sorted.sort();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        assert_eq!(sorted, want_sorted);
        let mut html = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(HTML_FILE).unwrap(), &mut html).unwrap();
        assert_eq!(html, r.html);

        let dir = tempfile::tempdir().unwrap();
        let paths = write_dir(&r, &dir.path().join("report")).unwrap();
        assert_eq!(paths.len(), want.len());
        for (path, name) in paths.iter().zip(&want) {
            assert_eq!(path.file_name().unwrap().to_str().unwrap(), name);
            assert!(std::fs::metadata(path).unwrap().len() > 0);
        }
    }
}
