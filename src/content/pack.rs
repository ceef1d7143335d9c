//! The content pack as data, and its loader: every file parsed, every rule checked, every
//! message rendered, before a pack is accepted. Problems carry `file:line`.

use std::{
    collections::{HashMap, HashSet},
    fmt,
    path::{Path, PathBuf},
};

use chrono::NaiveDate;
use serde::Deserialize;

use super::{files::PackFiles, law::LawText, markdown, render};
use crate::{
    domain::{Lang, Theme},
    telegram_html,
};

/// One problem in the pack, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Where the document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Draft,
    Adopted,
    InForce,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocText {
    pub title: String,
    pub phase_note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// `document.toml`: the document, its phase and dates, official sources.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub phase: Phase,
    #[serde(deserialize_with = "date")]
    pub draft_published_on: NaiveDate,
    #[serde(default, deserialize_with = "opt_date")]
    pub adopted_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "opt_date")]
    pub in_force_on: Option<NaiveDate>,
    pub ru: DocText,
    pub kk: DocText,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A TOML date (`2026-03-15`) or a string of one.
fn date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let v = toml::Value::deserialize(d)?;
    let s = match &v {
        toml::Value::Datetime(dt) => dt.to_string(),
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a date YYYY-MM-DD, found {other}"
            )));
        }
    };
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|_| serde::de::Error::custom(format!("`{s}` is not a date YYYY-MM-DD")))
}

fn opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    date(d).map(Some)
}

impl Document {
    pub fn text(&self, lang: Lang) -> &DocText {
        match lang {
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Overview,
    Section,
    Article,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    Draft,
    Reviewed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KkReview {
    Unreviewed,
    Reviewed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub q: String,
    pub a: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    title: String,
    summary: String,
    #[serde(default)]
    changes: String,
    #[serde(default)]
    faq: Vec<Faq>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    kind: Kind,
    section: Option<String>,
    #[serde(default)]
    order: i64,
    #[serde(default)]
    articles: Vec<u32>,
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    source: String,
    status: Review,
    #[serde(default)]
    reviewed_by: String,
    #[serde(default)]
    reviewed_on: String,
    kk_status: KkReview,
    #[serde(default)]
    kk_reviewed_by: String,
    #[serde(default)]
    kk_reviewed_on: String,
    as_of: Option<String>,
    #[serde(default)]
    time_sensitive: bool,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
    ru: RawText,
    kk: RawText,
}

/// An item's text in one language, with its Markdown sources.
#[derive(Debug, Clone)]
pub struct ItemText {
    pub title: String,
    pub summary: String,
    pub changes: String,
    pub faq: Vec<Faq>,
    pub body: String,
}

/// An explanation item: the overview, a section, or an article.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub kind: Kind,
    pub section: Option<String>,
    pub order: i64,
    pub articles: Vec<u32>,
    pub themes: Vec<Theme>,
    pub related: Vec<String>,
    pub source: String,
    pub status: Review,
    pub reviewed_by: String,
    pub reviewed_on: Option<NaiveDate>,
    pub kk_status: KkReview,
    /// Who read the Kazakh part against the official Kazakh text, and when.
    pub kk_reviewed_by: String,
    pub kk_reviewed_on: Option<NaiveDate>,
    /// When its facts were last checked.
    pub as_of: NaiveDate,
    /// Its facts change (appointments, laws in preparation, elections): shown with the date.
    pub time_sensitive: bool,
    pub ru: ItemText,
    pub kk: ItemText,
    /// Rendered messages (Telegram HTML), split to fit, per language.
    pub parts_ru: Vec<String>,
    pub parts_kk: Vec<String>,
    pub file: PathBuf,
}

impl Item {
    pub fn text(&self, lang: Lang) -> &ItemText {
        match lang {
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
        }
    }

    /// The rendered messages of this item in `lang` (at least one).
    pub fn parts(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Ru => &self.parts_ru,
            Lang::Kk => &self.parts_kk,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermText {
    pub term: String,
    pub definition: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub ru: TermText,
    pub kk: TermText,
}

impl Term {
    pub fn text(&self, lang: Lang) -> &TermText {
        match lang {
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    #[serde(default)]
    term: Vec<Term>,
}

/// A validated pack, ready to show.
#[derive(Debug)]
pub struct Pack {
    pub document: Document,
    /// Items in display order: overview, sections by order, then articles by section and order.
    pub items: Vec<Item>,
    by_id: HashMap<String, usize>,
    pub glossary: Vec<Term>,
    /// The Constitution's own text, per language, where an editor imported it.
    pub law: Law,
    /// Drafts in discussion (and after it), by id.
    pub drafts: Vec<super::drafts::Draft>,
    pub search: super::search::Index,
}

/// The official text in each language (either may be missing).
#[derive(Debug, Clone, Default)]
pub struct Law {
    pub ru: Option<LawText>,
    pub kk: Option<LawText>,
}

impl Law {
    pub fn text(&self, lang: Lang) -> Option<&LawText> {
        match lang {
            Lang::Ru => self.ru.as_ref(),
            Lang::Kk => self.kk.as_ref(),
        }
    }

    /// The text in `lang`, or in the other language when only that one is loaded.
    pub fn text_or_other(&self, lang: Lang) -> Option<&LawText> {
        self.text(lang).or(self.ru.as_ref()).or(self.kk.as_ref())
    }

    /// How many articles the loaded text has (0 when none is loaded).
    pub fn article_count(&self) -> u32 {
        self.ru
            .as_ref()
            .or(self.kk.as_ref())
            .map_or(0, |t| t.articles.len() as u32)
    }
}

/// Review counts, for editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReviewSummary {
    pub items: usize,
    pub articles: usize,
    pub sections: usize,
    pub reviewed: usize,
    pub drafts: usize,
    pub kk_unreviewed: usize,
    pub terms: usize,
    /// Explanations that cite article numbers.
    pub with_articles: usize,
    pub time_sensitive: usize,
    /// Articles of the Constitution's text loaded, per language.
    pub law_ru: usize,
    pub law_kk: usize,
    /// Draft laws beside the Constitution: all, in discussion (by status), with a text loaded.
    pub draft_laws: usize,
    pub in_discussion: usize,
    pub with_text: usize,
}

impl fmt::Display for ReviewSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} items ({} sections, {} articles, {} citing article numbers, {} time-sensitive), {} glossary terms; reviewed against the official text: {}, drafts: {}; Kazakh text not yet read by a Kazakh speaker: {}; the Constitution's text: {} articles in Russian, {} in Kazakh; documents: {} (the Constitution and {} draft laws: {} in discussion, {} with their text loaded)",
            self.items,
            self.sections,
            self.articles,
            self.with_articles,
            self.time_sensitive,
            self.terms,
            self.reviewed,
            self.drafts,
            self.kk_unreviewed,
            self.law_ru,
            self.law_kk,
            self.draft_laws + 1,
            self.draft_laws,
            self.in_discussion,
            self.with_text
        )
    }
}

impl Pack {
    pub fn draft(&self, id: &str) -> Option<&super::drafts::Draft> {
        self.drafts.iter().find(|d| d.id == id)
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.by_id.get(id).map(|&i| &self.items[i])
    }

    pub fn sections(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.kind == Kind::Section)
    }

    pub fn overview(&self) -> Option<&Item> {
        self.items.iter().find(|i| i.kind == Kind::Overview)
    }

    /// The articles of a section, in order.
    pub fn articles_of<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items
            .iter()
            .filter(move |i| i.kind == Kind::Article && i.section.as_deref() == Some(section))
    }

    /// Items on a theme, in display order.
    pub fn on_theme(&self, theme: Theme) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.themes.contains(&theme))
    }

    /// Items explaining article `n`.
    pub fn for_article(&self, n: u32) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.articles.contains(&n))
    }

    pub fn summary(&self) -> ReviewSummary {
        ReviewSummary {
            items: self.items.len(),
            articles: self.items.iter().filter(|i| i.kind == Kind::Article).count(),
            sections: self.sections().count(),
            reviewed: self.items.iter().filter(|i| i.status == Review::Reviewed).count(),
            drafts: self.items.iter().filter(|i| i.status == Review::Draft).count(),
            kk_unreviewed: self
                .items
                .iter()
                .filter(|i| i.kk_status == KkReview::Unreviewed)
                .count(),
            terms: self.glossary.len(),
            with_articles: self.items.iter().filter(|i| !i.articles.is_empty()).count(),
            time_sensitive: self.items.iter().filter(|i| i.time_sensitive).count(),
            law_ru: self.law.ru.as_ref().map_or(0, |t| t.articles.len()),
            law_kk: self.law.kk.as_ref().map_or(0, |t| t.articles.len()),
            draft_laws: self.drafts.len(),
            in_discussion: self
                .drafts
                .iter()
                .filter(|d| matches!(d.status, super::drafts::DraftStatus::Discussion { .. }))
                .count(),
            with_text: self.drafts.iter().filter(|d| d.article_count() > 0).count(),
        }
    }

    /// Items whose facts were last checked `days` or more days before `today`, oldest first.
    pub fn stale(&self, today: NaiveDate, days: u32) -> Vec<&Item> {
        let mut old: Vec<&Item> = self
            .items
            .iter()
            .filter(|i| (today - i.as_of).num_days() >= i64::from(days))
            .collect();
        old.sort_by_key(|i| i.as_of);
        old
    }

    /// Loads and validates the pack in `dir`; all problems at once, or the pack.
    pub fn load(dir: &Path) -> Result<Self, Vec<Problem>> {
        Self::from_files(&PackFiles::from_dir(dir)?)
    }

    /// Validates a pack given as files; all problems at once, or the pack.
    pub fn from_files(files: &PackFiles) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let document = load_document(files, &mut problems);
        let glossary = load_glossary(files, &mut problems);
        let mut items = load_items(files, &mut problems);
        if items.is_empty() {
            problems.push(Problem {
                file: files.path("items"),
                line: 0,
                message: "no items (items/*.md)".into(),
            });
        }
        check_references(&items, &mut problems);
        let law = load_law(files, &items, &mut problems);
        let drafts = super::drafts::load_drafts(files, &mut problems);

        if let Some(document) = &document {
            for item in &mut items {
                for lang in Lang::ALL {
                    match render::item_parts(item, document, lang) {
                        Ok(parts) => match lang {
                            Lang::Ru => item.parts_ru = parts,
                            Lang::Kk => item.parts_kk = parts,
                        },
                        Err(message) => problems.push(Problem {
                            file: item.file.clone(),
                            line: 1,
                            message: format!("[{lang}] {message}"),
                        }),
                    }
                }
            }
            for term in &glossary {
                for lang in Lang::ALL {
                    if let Err(e) = markdown::render(&term.text(lang).definition) {
                        problems.push(Problem {
                            file: files.path("glossary.toml"),
                            line: 1,
                            message: format!("term {} [{lang}]: {}", term.id, e.message),
                        });
                    }
                }
            }
        }
        let Some(document) = document else {
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }

        sort_items(&mut items);
        let by_id = items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.id.clone(), i))
            .collect();
        let search = super::search::Index::build(&items, &glossary, &law);
        Ok(Self {
            document,
            items,
            by_id,
            glossary,
            law,
            drafts,
            search,
        })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn toml_problem(file: &Path, text: &str, first_line: usize, e: &toml::de::Error) -> Problem {
    let line = e
        .span()
        .map_or(first_line, |s| first_line + line_of(text, s.start) - 1);
    let message = e.message().trim().replace('\n', " ");
    Problem {
        file: file.to_owned(),
        line,
        message,
    }
}

/// Parses a TOML file of the pack; problems are recorded, `None` returned.
pub(super) fn read_toml<T: serde::de::DeserializeOwned>(
    files: &PackFiles,
    rel: &str,
    problems: &mut Vec<Problem>,
) -> Option<(T, String)> {
    let file = files.path(rel);
    let Some(text) = files.get(rel) else {
        problems.push(Problem {
            file,
            line: 0,
            message: "missing".into(),
        });
        return None;
    };
    match toml::from_str::<T>(text) {
        Ok(value) => Some((value, text.to_owned())),
        Err(e) => {
            problems.push(toml_problem(&file, text, 1, &e));
            None
        }
    }
}

fn load_document(files: &PackFiles, problems: &mut Vec<Problem>) -> Option<Document> {
    let file = files.path("document.toml");
    let (d, _) = read_toml::<Document>(files, "document.toml", problems)?;
    for lang in Lang::ALL {
        if d.text(lang).title.trim().is_empty() || d.text(lang).phase_note.trim().is_empty() {
            problems.push(Problem {
                file: file.clone(),
                line: 1,
                message: format!("[{lang}] title and phase_note must not be empty"),
            });
        }
    }
    Some(d)
}

fn load_glossary(files: &PackFiles, problems: &mut Vec<Problem>) -> Vec<Term> {
    let file = files.path("glossary.toml");
    let Some((g, text)) = read_toml::<RawGlossary>(files, "glossary.toml", problems) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    for t in &g.term {
        let line = text
            .find(&format!("id = \"{}\"", t.id))
            .map_or(1, |o| line_of(&text, o));
        let mut report = |message: String| {
            problems.push(Problem {
                file: file.clone(),
                line,
                message,
            })
        };
        if !seen.insert(t.id.clone()) {
            report(format!("duplicate term id `{}`", t.id));
        }
        for lang in Lang::ALL {
            if t.text(lang).term.trim().is_empty() || t.text(lang).definition.trim().is_empty() {
                report(format!(
                    "term `{}` [{lang}]: term and definition must not be empty",
                    t.id
                ));
            }
        }
    }
    g.term
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 50
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn load_items(files: &PackFiles, problems: &mut Vec<Problem>) -> Vec<Item> {
    files
        .items()
        .filter_map(|(rel, text)| load_item(&files.path(rel), text, problems))
        .collect()
}

/// Splits a file into front matter (with its first line number) and body (with its first line).
fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let end = rest.find("\n+++")?;
    let front = &rest[..end + 1];
    let after = &rest[end + 4..];
    let body = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .unwrap_or(after);
    let body_line = 2 + front.matches('\n').count() + 1;
    Some((front, 2, body, body_line))
}

/// Splits the body into its `# ru` and `# kk` parts, with their first lines.
fn split_languages(body: &str, first_line: usize) -> Result<HashMap<Lang, (String, usize)>, (usize, String)> {
    let mut parts: HashMap<Lang, (String, usize)> = HashMap::new();
    let mut current: Option<Lang> = None;
    for (i, line) in body.lines().enumerate() {
        let n = first_line + i;
        let marker = match line.trim_end() {
            "# ru" => Some(Lang::Ru),
            "# kk" => Some(Lang::Kk),
            _ => None,
        };
        if let Some(lang) = marker {
            if parts.contains_key(&lang) {
                return Err((n, format!("second `# {lang}` part")));
            }
            parts.insert(lang, (String::new(), n + 1));
            current = Some(lang);
            continue;
        }
        match current {
            Some(lang) => {
                let part = &mut parts.get_mut(&lang).expect("inserted above").0;
                part.push_str(line);
                part.push('\n');
            }
            None if line.trim().is_empty() => {}
            None => return Err((n, "text before the first `# ru` or `# kk` line".into())),
        }
    }
    Ok(parts)
}

fn load_item(file: &Path, text: &str, problems: &mut Vec<Problem>) -> Option<Item> {
    let mut report = |line: usize, message: String| {
        problems.push(Problem {
            file: file.to_owned(),
            line,
            message,
        })
    };
    let Some((front, front_line, body, body_line)) = split_front_matter(text) else {
        report(1, "expected front matter between `+++` lines at the top".into());
        return None;
    };
    let raw: RawItem = match toml::from_str(front) {
        Ok(r) => r,
        Err(e) => {
            let p = toml_problem(file, front, front_line, &e);
            report(p.line, p.message);
            return None;
        }
    };
    let field_line = |key: &str| {
        front
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(front_line, |i| front_line + i)
    };

    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_id(&raw.id) {
        report(
            field_line("id"),
            format!("id `{}` must be 1-50 characters of a-z, 0-9, _ and -", raw.id),
        );
    } else if raw.id != stem {
        report(
            field_line("id"),
            format!("id `{}` differs from the file name `{stem}.md`", raw.id),
        );
    }
    let mut themes = Vec::new();
    for t in &raw.themes {
        match t.parse::<Theme>() {
            Ok(t) => themes.push(t),
            Err(e) => report(field_line("themes"), e.to_string()),
        }
    }
    if !(raw.source.starts_with("https://") || raw.source.starts_with("http://")) {
        report(
            field_line("source"),
            "source must be the URL of the publication the text was checked against".into(),
        );
    }
    let reviewed_on = if raw.reviewed_on.trim().is_empty() {
        None
    } else {
        match NaiveDate::parse_from_str(raw.reviewed_on.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                report(
                    field_line("reviewed_on"),
                    format!("reviewed_on `{}` is not a date YYYY-MM-DD", raw.reviewed_on),
                );
                None
            }
        }
    };
    let as_of = match raw.as_of.as_deref().map(str::trim) {
        None | Some("") => {
            report(
                field_line("kk_status"),
                "as_of (YYYY-MM-DD: when the facts were last checked) is missing".into(),
            );
            None
        }
        Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                report(
                    field_line("as_of"),
                    format!("as_of `{d}` is not a date YYYY-MM-DD"),
                );
                None
            }
        },
    };
    if raw.status == Review::Reviewed && (raw.reviewed_by.trim().is_empty() || reviewed_on.is_none()) {
        report(
            field_line("status"),
            "a reviewed item needs reviewed_by and reviewed_on".into(),
        );
    }
    match (raw.kind, &raw.section) {
        (Kind::Article, None) => report(field_line("kind"), "an article needs `section`".into()),
        (Kind::Overview | Kind::Section, Some(_)) => {
            report(field_line("section"), "only articles belong to a section".into())
        }
        _ => {}
    }

    let parts = match split_languages(body, body_line) {
        Ok(p) => p,
        Err((line, message)) => {
            report(line, message);
            return None;
        }
    };
    let mut texts = HashMap::new();
    for lang in Lang::ALL {
        let raw_text = match lang {
            Lang::Ru => &raw.ru,
            Lang::Kk => &raw.kk,
        };
        let lang_line = field_line(&format!("[{lang}]"));
        if raw_text.title.trim().is_empty() {
            report(lang_line, format!("[{lang}] title is empty"));
        }
        if raw_text.summary.trim().is_empty() {
            report(lang_line, format!("[{lang}] summary is empty"));
        }
        let body = match parts.get(&lang) {
            Some((b, line)) if b.trim().is_empty() => {
                report(*line - 1, format!("the `# {lang}` part is empty"));
                String::new()
            }
            Some((b, line)) => {
                if let Err(e) = markdown::render_blocks(b) {
                    report(line + line_of(b, e.offset) - 1, format!("[{lang}] {}", e.message));
                }
                b.clone()
            }
            None => {
                report(body_line, format!("missing language: no `# {lang}` part"));
                String::new()
            }
        };
        for (what, md) in std::iter::once(("changes", &raw_text.changes))
            .chain(raw_text.faq.iter().map(|f| ("faq answer", &f.a)))
        {
            if let Err(e) = markdown::render_blocks(md) {
                report(lang_line, format!("[{lang}] {what}: {}", e.message));
            }
        }
        texts.insert(
            lang,
            ItemText {
                title: raw_text.title.trim().to_owned(),
                summary: raw_text.summary.trim().to_owned(),
                changes: raw_text.changes.trim().to_owned(),
                faq: raw_text.faq.clone(),
                body,
            },
        );
    }
    Some(Item {
        id: raw.id,
        kind: raw.kind,
        section: raw.section,
        order: raw.order,
        articles: raw.articles,
        themes,
        related: raw.related,
        source: raw.source,
        status: raw.status,
        reviewed_by: raw.reviewed_by,
        reviewed_on,
        kk_status: raw.kk_status,
        kk_reviewed_by: raw.kk_reviewed_by,
        kk_reviewed_on: NaiveDate::parse_from_str(raw.kk_reviewed_on.trim(), "%Y-%m-%d").ok(),
        as_of: as_of?,
        time_sensitive: raw.time_sensitive,
        ru: texts.remove(&Lang::Ru)?,
        kk: texts.remove(&Lang::Kk)?,
        parts_ru: Vec::new(),
        parts_kk: Vec::new(),
        file: file.to_owned(),
    })
}

fn check_references(items: &[Item], problems: &mut Vec<Problem>) {
    let mut ids: HashMap<&str, &Item> = HashMap::new();
    for item in items {
        if let Some(first) = ids.insert(&item.id, item) {
            problems.push(Problem {
                file: item.file.clone(),
                line: 2,
                message: format!("duplicate id `{}` (also in {})", item.id, first.file.display()),
            });
        }
    }
    let overviews = items.iter().filter(|i| i.kind == Kind::Overview).count();
    if overviews != 1
        && let Some(first) = items.first()
    {
        problems.push(Problem {
            file: first.file.with_file_name("overview.md"),
            line: 0,
            message: format!("expected exactly one overview item, found {overviews}"),
        });
    }
    for item in items {
        if let Some(section) = &item.section {
            match ids.get(section.as_str()) {
                Some(s) if s.kind == Kind::Section => {}
                Some(_) => problems.push(Problem {
                    file: item.file.clone(),
                    line: 1,
                    message: format!("section `{section}` is not a section item"),
                }),
                None => problems.push(Problem {
                    file: item.file.clone(),
                    line: 1,
                    message: format!("section `{section}` does not exist"),
                }),
            }
        }
        for r in &item.related {
            if !ids.contains_key(r.as_str()) {
                problems.push(Problem {
                    file: item.file.clone(),
                    line: 1,
                    message: format!("related item `{r}` does not exist"),
                });
            }
        }
    }
}

fn sort_items(items: &mut [Item]) {
    let section_order: HashMap<String, i64> = items
        .iter()
        .filter(|i| i.kind == Kind::Section)
        .map(|i| (i.id.clone(), i.order))
        .collect();
    items.sort_by_key(|i| {
        let rank = match i.kind {
            Kind::Overview => 0,
            Kind::Section => 1,
            Kind::Article => 2,
        };
        let section = i
            .section
            .as_ref()
            .and_then(|s| section_order.get(s))
            .copied()
            .unwrap_or(0);
        (rank, section, i.order, i.id.clone())
    });
}

/// Telegram's limit, re-exported for the renderer's checks.
pub const MAX_LEN: usize = telegram_html::MAX_MESSAGE_LEN;

/// Reads `<dir>/ru.toml` and `<dir>/kk.toml` where present (a text by article: the
/// Constitution's, or a draft's) and checks them: numbers from 1 without gaps, each article in a
/// section, the two languages agreeing.
pub(super) fn load_texts(files: &PackFiles, dir: &str, problems: &mut Vec<Problem>) -> Law {
    let mut law = Law::default();
    for lang in [Lang::Ru, Lang::Kk] {
        let rel = format!("{dir}/{lang}.toml");
        if files.get(&rel).is_none() {
            continue;
        }
        let Some((text, raw)) = read_toml::<LawText>(files, &rel, problems) else {
            continue;
        };
        let file = files.path(&rel);
        // The line of the n-th `[[articles]]` table, to point at an article.
        let article_lines: Vec<usize> = raw
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "[[articles]]")
            .map(|(i, _)| i + 1)
            .collect();
        if text.lang != lang {
            problems.push(Problem {
                file: file.clone(),
                line: 1,
                message: format!("lang = \"{}\" in the file for {lang}", text.lang),
            });
        }
        for (index, message) in text.problems() {
            let line = index.and_then(|i| article_lines.get(i).copied()).unwrap_or(1);
            problems.push(Problem {
                file: file.clone(),
                line,
                message,
            });
        }
        match lang {
            Lang::Ru => law.ru = Some(text),
            Lang::Kk => law.kk = Some(text),
        }
    }
    if let (Some(ru), Some(kk)) = (&law.ru, &law.kk) {
        let shape = |t: &LawText| {
            t.articles
                .iter()
                .map(|a| (a.number, a.section))
                .collect::<Vec<_>>()
        };
        if shape(ru) != shape(kk) || ru.sections.len() != kk.sections.len() {
            problems.push(Problem {
                file: files.path(&format!("{dir}/kk.toml")),
                line: 1,
                message: format!(
                    "the Russian and Kazakh texts disagree: {} sections and {} articles against {} and {}, or articles in other sections",
                    ru.sections.len(),
                    ru.articles.len(),
                    kk.sections.len(),
                    kk.articles.len()
                ),
            });
        }
    }
    law
}

/// Reads `law/ru.toml` and `law/kk.toml` where present and checks them: numbers from 1 without
/// gaps, each article in a section, the two languages agreeing, and every article an
/// explanation cites existing.
fn load_law(files: &PackFiles, items: &[Item], problems: &mut Vec<Problem>) -> Law {
    let law = load_texts(files, "law", problems);
    let count = law.article_count();
    if count > 0 {
        for item in items {
            for n in &item.articles {
                if *n == 0 || *n > count {
                    problems.push(Problem {
                        file: item.file.clone(),
                        line: 1,
                        message: format!(
                            "article {n} does not exist: the loaded text has articles 1–{count}"
                        ),
                    });
                }
            }
        }
    }
    law
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Whatever an editor saves, the loader answers with problems, never a panic.
        #[test]
        fn any_item_text_is_parsed_or_refused_without_panic(body in "\\PC{0,400}", front in "[a-z_ =\"\\[\\]0-9\n]{0,200}") {
            let text = format!("+++\n{front}\n+++\n{body}");
            let _ = split_front_matter(&text);
            let _ = split_languages(&body, 1);
            let _ = markdown::render_blocks(&body);
            let mut problems = Vec::new();
            let _ = load_item(Path::new("items/x.md"), &text, &mut problems);
        }
    }
}
