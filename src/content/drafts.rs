//! Documents in public discussion beside the Constitution: draft laws that carry it out. Each is
//! a folder of the pack, `drafts/<id>/`, with `draft.toml` (titles, status and dates, the
//! source) and, where an editor imported it, its text by article in `ru.toml` / `kk.toml`, read
//! and checked exactly as the Constitution's own text (`law.rs`).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{Law, PackFiles, Problem, pack::read_toml};
use crate::domain::{
    Lang,
    draft::{MAX_DOC_ID, is_doc_id},
    local_day_start,
};

/// Where a document stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftStatus {
    /// Open for comments from the start of `opens_at` to `closes_at` (Unix seconds, local days).
    Discussion { opens_at: i64, closes_at: i64 },
    /// Discussion over; not adopted (yet).
    Closed,
    /// Adopted; `link` is its official publication.
    Adopted { link: String },
    /// Named in public sources, but where it stands now was not verified (no text to discuss).
    Unverified,
}

/// A draft in the pack.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: String,
    pub title_ru: String,
    pub title_kk: String,
    pub status: DraftStatus,
    /// Where the draft is published (the government's portal, the Mazhilis...).
    pub source: String,
    /// Its text by article, per language, where imported.
    pub text: Law,
    /// A digest of the text in both languages: a new one is a new version of the draft.
    pub text_hash: String,
}

impl Draft {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk if !self.title_kk.is_empty() => &self.title_kk,
            _ => &self.title_ru,
        }
    }

    /// Whether residents may comment at `now`.
    pub fn accepts_comments(&self, now: i64) -> bool {
        matches!(self.status, DraftStatus::Discussion { opens_at, closes_at } if opens_at <= now && now < closes_at)
    }

    /// The discussion's end, when it has one.
    pub fn closes_at(&self) -> Option<i64> {
        match self.status {
            DraftStatus::Discussion { closes_at, .. } => Some(closes_at),
            _ => None,
        }
    }

    pub fn article_count(&self) -> u32 {
        self.text.article_count()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraft {
    #[serde(default = "draft_kind")]
    kind: String,
    status: String,
    #[serde(default)]
    opens: String,
    #[serde(default)]
    closes: String,
    #[serde(default)]
    link: String,
    #[serde(default)]
    source: String,
    ru: RawTitle,
    #[serde(default)]
    kk: Option<RawTitle>,
}

fn draft_kind() -> String {
    "draft".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    title: String,
}

/// The ids of the drafts a pack's files hold (folders with a `draft.toml`), sorted.
pub fn draft_ids(files: &PackFiles) -> BTreeSet<String> {
    files
        .iter()
        .filter_map(|(rel, _)| rel.strip_prefix("drafts/")?.strip_suffix("/draft.toml"))
        .map(str::to_owned)
        .collect()
}

/// Reads and checks every draft of the pack; problems are recorded with their file and line.
pub(super) fn load_drafts(files: &PackFiles, problems: &mut Vec<Problem>) -> Vec<Draft> {
    let mut drafts = Vec::new();
    for (rel, _) in files.iter() {
        if let Some(rest) = rel.strip_prefix("drafts/")
            && let Some((id, name)) = rest.split_once('/')
            && files.get(&format!("drafts/{id}/draft.toml")).is_none()
            && matches!(name, "ru.toml" | "kk.toml")
        {
            problems.push(Problem {
                file: files.path(rel),
                line: 0,
                message: format!("a text without drafts/{id}/draft.toml"),
            });
        }
    }
    for id in draft_ids(files) {
        let rel = format!("drafts/{id}/draft.toml");
        let file = files.path(&rel);
        let problem = |problems: &mut Vec<Problem>, message: String| {
            problems.push(Problem {
                file: file.clone(),
                line: 1,
                message,
            })
        };
        if !is_doc_id(&id) {
            problem(
                problems,
                format!(
                    "`{id}` cannot be a document id: lowercase letters, digits and `-`, at most {MAX_DOC_ID}"
                ),
            );
            continue;
        }
        let Some((raw, _)) = read_toml::<RawDraft>(files, &rel, problems) else {
            continue;
        };
        if raw.kind != "draft" {
            problem(
                problems,
                format!("kind = \"{}\": a document here is a \"draft\"", raw.kind),
            );
        }
        if raw.ru.title.trim().is_empty() {
            problem(problems, "[ru] title is empty".into());
        }
        let date = |name: &str, v: &str, problems: &mut Vec<Problem>| -> Option<NaiveDate> {
            match NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    problems.push(Problem {
                        file: file.clone(),
                        line: 1,
                        message: format!("{name} = \"{v}\": a date YYYY-MM-DD is needed for a discussion"),
                    });
                    None
                }
            }
        };
        let status = match raw.status.as_str() {
            "discussion" => {
                let (opens, closes) = (
                    date("opens", &raw.opens, problems),
                    date("closes", &raw.closes, problems),
                );
                match (opens, closes) {
                    (Some(o), Some(c)) if c >= o => Some(DraftStatus::Discussion {
                        opens_at: local_day_start(o),
                        closes_at: local_day_start(c + chrono::Days::new(1)),
                    }),
                    (Some(_), Some(_)) => {
                        problem(problems, "closes before it opens".into());
                        None
                    }
                    _ => None,
                }
            }
            "closed" => Some(DraftStatus::Closed),
            "unverified" => Some(DraftStatus::Unverified),
            "adopted" if raw.link.starts_with("https://") => Some(DraftStatus::Adopted {
                link: raw.link.clone(),
            }),
            "adopted" => {
                problem(
                    problems,
                    "an adopted document needs link = \"https://…\" (its official publication)".into(),
                );
                None
            }
            other => {
                problem(
                    problems,
                    format!(
                        "status = \"{other}\": one of \"discussion\", \"closed\", \"adopted\", \"unverified\""
                    ),
                );
                None
            }
        };
        if !raw.source.is_empty() && !raw.source.starts_with("https://") {
            problem(problems, format!("source = \"{}\": an https:// link", raw.source));
        }
        let before = problems.len();
        let text = super::pack::load_texts(files, &format!("drafts/{id}"), problems);
        let Some(status) = status else {
            continue;
        };
        if problems.len() > before {
            continue;
        }
        let mut hash = Sha256::new();
        for lang in Lang::ALL {
            if let Some(t) = text.text(lang) {
                for a in &t.articles {
                    hash.update(format!("{lang}:{}:", a.number).as_bytes());
                    hash.update(a.text.as_bytes());
                    hash.update([0]);
                }
            }
        }
        let text_hash = hash.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
        drafts.push(Draft {
            id,
            title_ru: raw.ru.title.trim().to_owned(),
            title_kk: raw.kk.map(|k| k.title.trim().to_owned()).unwrap_or_default(),
            status,
            source: raw.source,
            text,
            text_hash,
        });
    }
    drafts
}
