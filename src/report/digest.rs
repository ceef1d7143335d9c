//! The digest of a draft's discussion for the drafters: per article, the approved comments with
//! their support, the author's district (never a name) and what the drafters made of each, plus
//! the moderation figures — as one CSV (UTF-8 with BOM, `;`, for Excel) and one printable HTML
//! document in the reader's language.

use super::render::{CSS, esc};
use crate::{
    domain::{Lang, csv_text, draft::Response},
    i18n,
    storage::CommentRow,
    t,
};

/// One article's part of the digest.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestArticle {
    pub number: i64,
    /// Approved comments, most supported first.
    pub comments: Vec<CommentRow>,
}

/// The digest of a draft's discussion, for the drafters.
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub doc_id: String,
    pub title: String,
    /// The version residents read now.
    pub version: i64,
    pub articles: Vec<DigestArticle>,
    /// Comments by state: waiting, approved, rejected, removed by their authors (`/forget`).
    pub pending: usize,
    pub approved: usize,
    pub rejected: usize,
    pub removed: usize,
    /// Of the approved: answered by the drafters.
    pub responded: usize,
}

/// How a comment's author is shown: «житель <district>», never a name.
pub fn author(lang: Lang, district: Option<&str>) -> String {
    match district.and_then(|d| d.parse::<crate::domain::District>().ok()) {
        Some(d) => t!(lang, "comment-author", district = d.name(lang)),
        None => i18n::t(lang, "comment-author-region"),
    }
}

fn response_name(lang: Lang, r: Option<&str>) -> String {
    r.and_then(|r| r.parse::<Response>().ok())
        .map_or_else(|| t!(lang, "digest-no-response"), |r| t!(lang, r.name_key()))
}

/// The digest as CSV: one row per approved comment.
pub fn csv(d: &Digest, lang: Lang) -> Result<Vec<u8>, String> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        let header = [
            "digest-col-article",
            "digest-col-number",
            "digest-col-version",
            "digest-col-author",
            "digest-col-lang",
            "digest-col-text",
            "digest-col-agrees",
            "digest-col-response",
            "digest-col-note",
        ]
        .map(|k| t!(lang, k));
        w.write_record(&header).map_err(|e| e.to_string())?;
        for a in &d.articles {
            for c in &a.comments {
                let row = [
                    a.number.to_string(),
                    c.id.to_string(),
                    c.version.to_string(),
                    author(lang, c.district.as_deref()),
                    c.lang.code().to_owned(),
                    c.body.clone(),
                    c.agrees.to_string(),
                    response_name(lang, c.response.as_deref()),
                    c.response_note.clone().unwrap_or_default(),
                ];
                w.write_record(row.iter().map(|cell| csv_text(cell).into_owned()))
                    .map_err(|e| e.to_string())?;
            }
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The digest as one HTML document.
pub fn html(d: &Digest, lang: Lang, generated_at: &str) -> String {
    let title = t!(lang, "digest-title", doc = d.title.as_str());
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        lang.code(),
        esc(&title),
        esc(&title)
    );
    out.push_str(&format!(
        "<p class=\"meta\">{}</p>\n",
        esc(&t!(
            lang,
            "digest-meta",
            at = generated_at,
            version = d.version,
            id = d.doc_id.as_str()
        ))
    ));
    out.push_str(&format!(
        "<p>{}</p>\n",
        esc(&t!(
            lang,
            "digest-figures",
            approved = d.approved,
            pending = d.pending,
            rejected = d.rejected,
            removed = d.removed,
            responded = d.responded
        ))
    ));
    if d.articles.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", esc(&t!(lang, "digest-empty"))));
    }
    for a in &d.articles {
        out.push_str(&format!(
            "<h2>{}</h2>\n<table>\n<thead><tr><th>№</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            esc(&t!(lang, "digest-article", number = a.number, count = a.comments.len())),
            esc(&t!(lang, "digest-col-author")),
            esc(&t!(lang, "digest-col-text")),
            esc(&t!(lang, "digest-col-agrees")),
            esc(&t!(lang, "digest-col-response")),
        ));
        for c in &a.comments {
            let older = if c.version < d.version {
                format!(
                    " <em>({})</em>",
                    esc(&t!(lang, "digest-older-version", version = c.version))
                )
            } else {
                String::new()
            };
            let note = c
                .response_note
                .as_deref()
                .filter(|n| !n.is_empty())
                .map(|n| format!("<br>{}", esc(n)))
                .unwrap_or_default();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}{older}</td><td class=\"n\">{}</td><td>{}{note}</td></tr>\n",
                c.id,
                esc(&author(lang, c.district.as_deref())),
                esc(&c.body).replace('\n', "<br>"),
                c.agrees,
                esc(&response_name(lang, c.response.as_deref())),
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
