//! The text of the Constitution itself, article by article, in each language, as the official
//! publication has it.
//!
//! An editor saves the official text (adilet.zan.kz, or the publication ordered on 17 March
//! 2026) as plain text or as the HTML page; [`parse`] finds the preamble, the sections
//! («Раздел I. …» / «І бөлім») and the articles («Статья 1» / «1-бап») and reports every gap and
//! duplicate with its line. The result lives in the pack as `law/<lang>.toml` ([`LawText`]),
//! checked with the rest of the pack. The pack never takes the text from news.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::domain::Lang;

/// The text of the Constitution in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawText {
    pub lang: Lang,
    /// Where the editor copied it from (a URL or the publication's name).
    #[serde(default)]
    pub source: String,
    /// The day it was imported, YYYY-MM-DD.
    #[serde(default)]
    pub imported_on: String,
    #[serde(default)]
    pub preamble: String,
    #[serde(default)]
    pub sections: Vec<LawSection>,
    #[serde(default)]
    pub articles: Vec<LawArticle>,
}

/// A section heading, e.g. «Раздел I. Общие положения».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawSection {
    pub number: u32,
    pub heading: String,
}

/// One article: its number, its section and its text (points on their own lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawArticle {
    pub number: u32,
    pub section: u32,
    pub text: String,
}

impl LawText {
    pub fn article(&self, number: u32) -> Option<&LawArticle> {
        self.articles.iter().find(|a| a.number == number)
    }

    pub fn section(&self, number: u32) -> Option<&LawSection> {
        self.sections.iter().find(|s| s.number == number)
    }

    /// What an import found, for the editor.
    pub fn report(&self) -> String {
        let range = match (self.articles.first(), self.articles.last()) {
            (Some(a), Some(b)) => format!(" ({}–{})", a.number, b.number),
            _ => String::new(),
        };
        format!(
            "{}: preamble {}, {} sections, {} articles{range}",
            self.lang,
            if self.preamble.is_empty() {
                "not found"
            } else {
                "found"
            },
            self.sections.len(),
            self.articles.len()
        )
    }

    /// Structural problems of a loaded text, each with the index of the article it concerns
    /// (to locate it in the file): numbers from 1 without gaps or repeats, sections that exist.
    pub fn problems(&self) -> Vec<(Option<usize>, String)> {
        let mut problems = Vec::new();
        if self.articles.is_empty() {
            problems.push((None, "no articles".to_owned()));
        }
        for (i, s) in self.sections.iter().enumerate() {
            if s.number != i as u32 + 1 {
                problems.push((None, format!("section {} is number {} in order", s.number, i + 1)));
            }
        }
        for (i, a) in self.articles.iter().enumerate() {
            if a.number != i as u32 + 1 {
                problems.push((
                    Some(i),
                    format!(
                        "article {} where article {} was expected: numbers run from 1 without gaps or repeats",
                        a.number,
                        i + 1
                    ),
                ));
            }
            if !self.sections.is_empty() && self.section(a.section).is_none() {
                problems.push((
                    Some(i),
                    format!(
                        "article {} is in section {}, which does not exist",
                        a.number, a.section
                    ),
                ));
            }
            if a.text.trim().is_empty() {
                problems.push((Some(i), format!("article {} has no text", a.number)));
            }
        }
        problems
    }
}

/// A problem found while importing, at a line of the file the editor gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: usize,
    pub message: String,
}

/// One line of text and the line of the file it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    number: usize,
    text: String,
}

static RU_SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:раздел|глава)\s+([IVXLCІХСМ]+|\d+)\s*\.?\s*(.*)$").expect("regex"));
static KK_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^([IVXLCІХСМ]+|\d+)\s*-?\s*(?:бөлім|тарау)\s*\.?\s*(.*)$").expect("regex")
});
static RU_ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^статья\s+(\d{1,3})\s*\.?\s*(.*)$").expect("regex"));
static KK_ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(\d{1,3})\s*-\s*бап\s*\.?\s*(.*)$").expect("regex"));

/// Reads the official text in `lang` (plain text or an HTML page): all of it, or every problem.
pub fn parse(input: &str, lang: Lang) -> Result<LawText, Vec<ImportProblem>> {
    let lines = if looks_like_html(input) {
        html_lines(input)
    } else {
        input
            .lines()
            .enumerate()
            .map(|(i, l)| Line {
                number: i + 1,
                text: l.trim().to_owned(),
            })
            .filter(|l| !l.text.is_empty())
            .collect()
    };
    let (section_re, article_re) = match lang {
        Lang::Ru => (&*RU_SECTION, &*RU_ARTICLE),
        Lang::Kk => (&*KK_SECTION, &*KK_ARTICLE),
    };
    let mut problems = Vec::new();
    let mut preamble: Vec<&str> = Vec::new();
    let mut sections: Vec<(LawSection, usize)> = Vec::new();
    let mut articles: Vec<(LawArticle, usize)> = Vec::new();
    let mut body: Vec<String> = Vec::new();
    let mut pending_title = false;
    let flush = |articles: &mut Vec<(LawArticle, usize)>, body: &mut Vec<String>| {
        if let Some((a, _)) = articles.last_mut()
            && !body.is_empty()
        {
            a.text = body.join("\n");
        }
        body.clear();
    };
    for line in &lines {
        let text = line.text.as_str();
        if let Some(c) = section_re.captures(text) {
            let Some(number) = section_number(&c[1]) else {
                problems.push(ImportProblem {
                    line: line.number,
                    message: format!("section number `{}` is not a number", &c[1]),
                });
                continue;
            };
            flush(&mut articles, &mut body);
            let rest = c[2].trim();
            pending_title = rest.is_empty();
            sections.push((
                LawSection {
                    number,
                    heading: text.to_owned(),
                },
                line.number,
            ));
            continue;
        }
        if let Some(c) = article_re.captures(text) {
            let number: u32 = c[1].parse().unwrap_or(0);
            flush(&mut articles, &mut body);
            pending_title = false;
            let Some((section, _)) = sections.last() else {
                problems.push(ImportProblem {
                    line: line.number,
                    message: format!("article {number} comes before the first section heading"),
                });
                continue;
            };
            articles.push((
                LawArticle {
                    number,
                    section: section.number,
                    text: String::new(),
                },
                line.number,
            ));
            let rest = c[2].trim();
            if !rest.is_empty() {
                body.push(rest.to_owned());
            }
            continue;
        }
        if pending_title {
            // «РАЗДЕЛ I» on one line, «ОБЩИЕ ПОЛОЖЕНИЯ» on the next.
            if let Some((s, _)) = sections.last_mut() {
                s.heading = format!("{}. {text}", s.heading.trim_end_matches('.'));
            }
            pending_title = false;
            continue;
        }
        if articles.is_empty() && sections.is_empty() {
            preamble.push(text);
        } else if articles.is_empty() {
            problems.push(ImportProblem {
                line: line.number,
                message: "text between a section heading and its first article".to_owned(),
            });
        } else {
            body.push(text.to_owned());
        }
    }
    flush(&mut articles, &mut body);

    let heading = match lang {
        Lang::Ru => "«Статья 1»",
        Lang::Kk => "«1-бап»",
    };
    if articles.is_empty() {
        problems.push(ImportProblem {
            line: lines.last().map_or(1, |l| l.number),
            message: format!("no article headings like {heading} found: is this the {lang} text?"),
        });
    }
    for (i, (s, line)) in sections.iter().enumerate() {
        if s.number != i as u32 + 1 {
            problems.push(ImportProblem {
                line: *line,
                message: format!("section {} where section {} was expected", s.number, i + 1),
            });
        }
    }
    let mut seen = std::collections::HashMap::new();
    let mut expected = 1;
    for (a, line) in &articles {
        if let Some(first) = seen.insert(a.number, *line) {
            problems.push(ImportProblem {
                line: *line,
                message: format!("article {} again (first at line {first})", a.number),
            });
            continue;
        }
        if a.number != expected {
            problems.push(ImportProblem {
                line: *line,
                message: format!("article {} where article {expected} was expected", a.number),
            });
        }
        expected = a.number + 1;
        if a.text.trim().is_empty() {
            problems.push(ImportProblem {
                line: *line,
                message: format!("article {} has no text", a.number),
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(problems);
    }
    Ok(LawText {
        lang,
        source: String::new(),
        imported_on: String::new(),
        preamble: preamble.join("\n"),
        sections: sections.into_iter().map(|(s, _)| s).collect(),
        articles: articles.into_iter().map(|(a, _)| a).collect(),
    })
}

/// The header of `law/<lang>.toml`.
const HEADER: &str = "# The text of the Constitution of the Republic of Kazakhstan, as officially published.\n\
# Written by `atazan import-text` (or a file sent to the bot); to change it, import the official\n\
# text again rather than editing here.\n\n";

/// The header of `drafts/<id>/<lang>.toml`.
const DRAFT_HEADER: &str = "# The text of a draft law, as published for public discussion.\n\
# Written by `atazan import-text --doc` (or a file sent to the bot); a new text is a new version\n\
# of the draft: comments stay with the version they were made on.\n\n";

/// Imports the official text in `lang` (`input`, read from `input_name`) into `files`: the
/// new files, the text as parsed, or every problem (with lines of `input_name`, or of the pack
/// when the pack would no longer hold together). Nothing changes on a problem.
pub fn import(
    files: &super::PackFiles,
    lang: Lang,
    input: &str,
    input_name: &std::path::Path,
    source: &str,
    today: chrono::NaiveDate,
) -> Result<(super::PackFiles, LawText), Vec<super::Problem>> {
    import_into(files, "law", lang, input, input_name, source, today)
}

/// As [`import`], into `<dir>/<lang>.toml`: `law` for the Constitution, `drafts/<id>` for a draft
/// (whose `draft.toml` must exist).
pub fn import_into(
    files: &super::PackFiles,
    dir: &str,
    lang: Lang,
    input: &str,
    input_name: &std::path::Path,
    source: &str,
    today: chrono::NaiveDate,
) -> Result<(super::PackFiles, LawText), Vec<super::Problem>> {
    let mut text = parse(input, lang).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| super::Problem {
                file: input_name.to_owned(),
                line: p.line,
                message: p.message,
            })
            .collect::<Vec<_>>()
    })?;
    text.source = source.to_owned();
    text.imported_on = today.format("%Y-%m-%d").to_string();
    let toml = toml::to_string(&text).map_err(|e| {
        vec![super::Problem {
            file: input_name.to_owned(),
            line: 0,
            message: format!("cannot write the text: {e}"),
        }]
    })?;
    let mut files = files.clone();
    let header = if dir == "law" { HEADER } else { DRAFT_HEADER };
    files.insert(format!("{dir}/{lang}.toml"), format!("{header}{toml}"));
    super::Pack::from_files(&files)?;
    Ok((files, text))
}

/// The language of a saved official text: the one whose article headings it has most of.
pub fn detect_lang(input: &str) -> Option<Lang> {
    let text = if looks_like_html(input) {
        html_lines(input).into_iter().map(|l| l.text).collect::<Vec<_>>()
    } else {
        input.lines().map(|l| l.trim().to_owned()).collect()
    };
    let count = |re: &Regex| text.iter().filter(|l| re.is_match(l)).count();
    let (ru, kk) = (count(&RU_ARTICLE), count(&KK_ARTICLE));
    match (ru, kk) {
        (0, 0) => None,
        (ru, kk) if ru >= kk => Some(Lang::Ru),
        _ => Some(Lang::Kk),
    }
}

/// A section number: Roman (Latin letters, or the Cyrillic look-alikes Kazakh texts use) or Arabic.
fn section_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let mut total = 0u32;
    let mut last = 0u32;
    for c in s.chars().rev() {
        let v = match c.to_ascii_uppercase() {
            'I' | 'І' | 'і' => 1,
            'V' => 5,
            'X' | 'Х' | 'х' => 10,
            'L' => 50,
            'C' | 'С' | 'с' => 100,
            'M' | 'М' | 'м' => 1000,
            _ => return None,
        };
        if v < last {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            last = v;
        }
    }
    (total > 0).then_some(total)
}

fn looks_like_html(input: &str) -> bool {
    let head: String = input.chars().take(2000).collect::<String>().to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<p") || head.contains("<div")
}

/// The text of an HTML page as lines, each with the line of the file it starts on: tags are
/// removed, block elements and `<br>` end a line, scripts and styles are dropped, entities
/// decoded.
fn html_lines(input: &str) -> Vec<Line> {
    const BLOCKS: [&str; 14] = [
        "p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
    ];
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut start_line = 1;
    let mut line = 1;
    let mut rest = input;
    let push = |current: &mut String, start_line: usize, lines: &mut Vec<Line>| {
        let text = html_escape::decode_html_entities(current.trim()).replace('\u{a0}', " ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            lines.push(Line {
                number: start_line,
                text,
            });
        }
        current.clear();
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            add_text(&mut current, &mut start_line, line, rest);
            break;
        };
        let (text, after) = rest.split_at(lt);
        add_text(&mut current, &mut start_line, line, text);
        line += text.matches('\n').count();
        let end = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = &after[..end];
        line += tag.matches('\n').count();
        rest = &after[end..];
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if (name == "script" || name == "style") && !tag.starts_with("</") {
            let close = format!("</{name}");
            let skip = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            line += rest[..skip].matches('\n').count();
            rest = &rest[skip..];
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            push(&mut current, start_line, &mut lines);
        }
    }
    push(&mut current, start_line, &mut lines);
    lines
}

/// Appends text found between tags; a new line starts at the line its first letter is on.
fn add_text(current: &mut String, start_line: &mut usize, line: usize, text: &str) {
    if current.trim().is_empty() {
        let leading = text.len() - text.trim_start().len();
        *start_line = line + text[..leading].matches('\n').count();
    }
    current.push(' ');
    current.push_str(text);
}

/// An article number a reader typed: «статья 9», «ст. 9», «ст.9», «9-бап», «9 бап», «бап 9».
pub fn article_reference(text: &str) -> Option<u32> {
    static REF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:(?:статья|статьи|статью|ст\.?|бап)\s*№?\s*(\d{1,3})|(\d{1,3})\s*-?\s*(?:бап|бабы|бабын))\s*[.!?]?\s*$")
            .expect("regex")
    });
    let c = REF.captures(text)?;
    c.get(1).or_else(|| c.get(2))?.as_str().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numbers_in_both_alphabets() {
        assert_eq!(section_number("I"), Some(1));
        assert_eq!(section_number("IV"), Some(4));
        assert_eq!(section_number("ХІ"), Some(11)); // Cyrillic Х and І
        assert_eq!(section_number("IX"), Some(9));
        assert_eq!(section_number("3"), Some(3));
        assert_eq!(section_number("Q"), None);
    }

    #[test]
    fn typed_article_references() {
        assert_eq!(article_reference("статья 9"), Some(9));
        assert_eq!(article_reference("Ст. 9"), Some(9));
        assert_eq!(article_reference("ст.27"), Some(27));
        assert_eq!(article_reference("9-бап"), Some(9));
        assert_eq!(article_reference("9 бап"), Some(9));
        assert_eq!(article_reference("статья о земле"), None);
        assert_eq!(article_reference("9"), None);
    }

    #[test]
    fn html_lines_keep_file_lines() {
        let html = "<html><body>\n<p>Статья 1</p>\n<p class=\"x\"\n>1. Текст&nbsp;один.</p><script>var a='<p>';</script>\n<p>2. Два</p>";
        let lines = html_lines(html);
        let got: Vec<_> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(got, vec![(2, "Статья 1"), (4, "1. Текст один."), (5, "2. Два")]);
    }

    #[test]
    fn gaps_and_duplicates_are_reported_with_lines() {
        let text = "Преамбула\nРаздел I. Общие\nСтатья 1\nТекст\nСтатья 3\nТекст\nСтатья 3\nТекст\n";
        let problems = parse(text, Lang::Ru).unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![5, 7], "{problems:?}");
        assert!(problems[0].message.contains("article 2 was expected"));
        assert!(problems[1].message.contains("first at line 5"));
    }
}
