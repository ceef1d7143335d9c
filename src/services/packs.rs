//! The live pack and how editors change it from Telegram: a file or a zip is checked exactly as
//! `check-content` checks a folder, the editor sees what would change, and Publish makes it live
//! for everyone at once (one transaction: the old pack or the new one, never a mix). Versions
//! live in the database, never in the repository's `content/`; the last ten are kept, and the
//! first publish keeps the folder's pack as a version before it, so it can be rolled back to.

use std::path::Path;

use chrono::NaiveDate;

use crate::{
    content::{Kind, Library, Pack, PackFiles, Problem, ReviewSummary, law},
    context::App,
    domain::Lang,
    storage::{Db, StorageError},
};

/// Items not checked for this long are listed by `/review`.
pub const STALE_DAYS: u32 = 90;

/// At most this much is downloaded from an editor (a zip's own limits are checked after).
pub const MAX_UPLOAD: u32 = 20 * 1024 * 1024;

/// What the bot serves at start, and whether admins should hear that `CONTENT_DIR` changed
/// since the published pack was made (the published pack stays live; `/reload` takes the folder).
pub async fn open(db: &Db, dir: &Path) -> Result<(Library, Option<i64>), OpenError> {
    let Some(live) = db.live_version().await? else {
        return Ok((Library::open(dir).map_err(OpenError::Content)?, None));
    };
    let zip = db.version_zip(live.id).await?.unwrap_or_default();
    let files =
        PackFiles::from_zip(&zip, &format!("published version {}", live.id)).map_err(OpenError::Content)?;
    let pack = Pack::from_files(&files).map_err(OpenError::Content)?;
    let changed = match PackFiles::from_dir(dir) {
        Ok(d) => d.fingerprint() != live.dir_hash,
        Err(_) => false,
    };
    log::info!(
        "serving published pack version {}{}",
        live.id,
        if changed {
            " (CONTENT_DIR changed since; /reload takes it)"
        } else {
            ""
        }
    );
    Ok((Library::from_pack(pack, live.id, dir), changed.then_some(live.id)))
}

/// Another instance made version `live` live: serve it here too. A version that does not load
/// (it did on the instance that published it) is logged and the current pack stays.
pub async fn follow(app: &App, live: i64) {
    let zip = match app.db.version_zip(live).await {
        Ok(Some(zip)) => zip,
        Ok(None) => return,
        Err(e) => {
            log::warn!("atazan::services::packs: cannot read pack version {live}: {e}");
            return;
        }
    };
    match PackFiles::from_zip(&zip, &format!("published version {live}")).and_then(|f| Pack::from_files(&f)) {
        Ok(pack) => {
            app.content.replace(pack, live);
            log::info!("serving pack version {live}, made live by another instance");
        }
        Err(problems) => log::error!(
            "atazan::services::packs: pack version {live} does not load here ({} problems); keeping version {}",
            problems.len(),
            app.content.version()
        ),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the content pack is broken ({} problems):\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Content(Vec<Problem>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The live pack's files.
pub async fn live_files(app: &App) -> Result<PackFiles, UploadError> {
    let version = app.content.version();
    if version == 0 {
        return PackFiles::from_dir(app.content.dir()).map_err(UploadError::Problems);
    }
    let zip = app.db.version_zip(version).await?.unwrap_or_default();
    PackFiles::from_zip(&zip, "published").map_err(UploadError::Problems)
}

/// What a file an editor sent is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadKind {
    /// `items/<name>.md`
    Item,
    /// `document.toml` or `glossary.toml`
    Root,
    /// The whole pack.
    Zip,
    /// The official text of the Constitution, saved as text or HTML; named `<id>.txt` (or
    /// `.html`) after a draft of the pack, that draft's text.
    LawText,
    /// `<id>.draft.toml`: a draft's `drafts/<id>/draft.toml` (its titles, status and dates).
    DraftMeta,
}

impl UploadKind {
    pub fn of(name: &str) -> Option<Self> {
        let lower = name.to_lowercase();
        if lower == "document.toml" || lower == "glossary.toml" {
            Some(Self::Root)
        } else if lower.ends_with(".draft.toml") {
            Some(Self::DraftMeta)
        } else if lower.ends_with(".md") {
            Some(Self::Item)
        } else if lower.ends_with(".zip") {
            Some(Self::Zip)
        } else if [".txt", ".html", ".htm"].iter().any(|e| lower.ends_with(e)) {
            Some(Self::LawText)
        } else {
            None
        }
    }
}

/// What a checked upload would change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// Other files that differ (document, glossary, the law's text).
    pub other: Vec<String>,
}

impl Changes {
    pub fn between(old: &PackFiles, new: &PackFiles) -> Self {
        let id = |rel: &str| {
            rel.trim_start_matches("items/")
                .trim_end_matches(".md")
                .to_owned()
        };
        let mut c = Self::default();
        for (rel, text) in new.iter() {
            match (old.get(rel), rel.starts_with("items/")) {
                (None, true) => c.added.push(id(rel)),
                (Some(o), true) if o != text => c.changed.push(id(rel)),
                (None, false) => c.other.push(rel.to_owned()),
                (Some(o), false) if o != text => c.other.push(rel.to_owned()),
                _ => {}
            }
        }
        for (rel, _) in old.iter() {
            if new.get(rel).is_none() {
                if rel.starts_with("items/") {
                    c.removed.push(id(rel));
                } else {
                    c.other.push(rel.to_owned());
                }
            }
        }
        c
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty() && self.other.is_empty()
    }
}

/// A checked upload, kept until Publish.
#[derive(Debug, Clone)]
pub struct Checked {
    pub draft: i64,
    pub changes: Changes,
    pub summary: ReviewSummary,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("not a file of the pack")]
    NotPackFile,
    #[error("problems in the pack")]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("cannot zip the pack: {0}")]
    Io(#[from] std::io::Error),
}

/// Checks a file `editor` sent against the live pack, exactly as `check-content` would; keeps
/// the result as a draft to publish.
pub async fn check_upload(app: &App, editor: i64, name: &str, bytes: &[u8]) -> Result<Checked, UploadError> {
    let kind = UploadKind::of(name).ok_or(UploadError::NotPackFile)?;
    let base = app.content.version();
    let live = live_files(app).await?;
    let text = || {
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            UploadError::Problems(vec![Problem {
                file: name.into(),
                line: 0,
                message: format!("not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()),
            }])
        })
    };
    let candidate = match kind {
        UploadKind::Zip => {
            let mut files = PackFiles::from_zip(bytes, name).map_err(UploadError::Problems)?;
            files.root = name.into();
            files
        }
        UploadKind::Item => {
            let mut files = live.clone();
            let file = Path::new(name)
                .file_name()
                .map_or_else(|| name.to_owned(), |f| f.to_string_lossy().into_owned());
            files.insert(format!("items/{file}"), text()?);
            files
        }
        UploadKind::Root => {
            let mut files = live.clone();
            files.insert(name.to_lowercase(), text()?);
            files
        }
        UploadKind::DraftMeta => {
            let mut files = live.clone();
            let file = Path::new(name)
                .file_name()
                .map_or_else(|| name.to_owned(), |f| f.to_string_lossy().to_lowercase());
            let id = file.trim_end_matches(".draft.toml");
            if !crate::domain::draft::is_doc_id(id) {
                return Err(UploadError::Problems(vec![Problem {
                    file: name.into(),
                    line: 0,
                    message: format!(
                        "`{id}` cannot be a document id: lowercase letters, digits and `-`, at most {}",
                        crate::domain::draft::MAX_DOC_ID
                    ),
                }]));
            }
            files.insert(format!("drafts/{id}/draft.toml"), text()?);
            files
        }
        UploadKind::LawText => {
            let input = text()?;
            let today = chrono::Local::now().date_naive();
            // The language is the one whose headings the text has.
            let lang = law::detect_lang(&input).ok_or_else(|| {
                UploadError::Problems(vec![Problem {
                    file: name.into(),
                    line: 1,
                    message: "no article headings («Статья 1» or «1-бап»): is this the official text?".into(),
                }])
            })?;
            // `<draft id>.txt`: that draft's text; anything else, the Constitution's.
            let stem = Path::new(name)
                .file_stem()
                .map(|s| s.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let dir = if live.get(&format!("drafts/{stem}/draft.toml")).is_some() {
                format!("drafts/{stem}")
            } else {
                "law".to_owned()
            };
            law::import_into(&live, &dir, lang, &input, Path::new(name), "", today)
                .map_err(UploadError::Problems)?
                .0
        }
    };
    let pack = Pack::from_files(&candidate).map_err(UploadError::Problems)?;
    let changes = Changes::between(&live, &candidate);
    let draft = app.db.save_draft(editor, &candidate.to_zip()?, base).await?;
    Ok(Checked {
        draft,
        changes,
        summary: pack.summary(),
    })
}

/// What Publish did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Live(i64),
    /// Another version went live since the draft was checked: send a fresh file.
    Conflict,
    /// No such draft (published already, or replaced by a newer file).
    Gone,
}

/// Publishes `editor`'s draft: live for everyone at once, in the audit log.
pub async fn publish(app: &App, editor: i64, draft: i64) -> Result<Published, UploadError> {
    let Some((zip, base)) = app.db.draft(draft, editor).await? else {
        return Ok(Published::Gone);
    };
    let files = PackFiles::from_zip(&zip, "draft").map_err(UploadError::Problems)?;
    let pack = Pack::from_files(&files).map_err(UploadError::Problems)?;
    let summary = pack.summary().to_string();
    let Some(id) = make_live(
        app,
        Some(base),
        &zip,
        editor,
        "publish",
        &summary,
        &format!("draft {draft}"),
    )
    .await?
    else {
        return Ok(Published::Conflict);
    };
    app.db.delete_draft(draft).await?;
    app.content.replace(pack, id);
    log::info!("editor {editor} published pack version {id}");
    Ok(Published::Live(id))
}

/// Records a version (if `base` is still live) and returns its id. While the folder's pack is
/// served (version 0), it is recorded too, just before the first version, so that `/rollback`
/// can return to what was live before anything was published. Its files are read from
/// `CONTENT_DIR` now, as uploads are checked against them; a folder that no longer loads, or
/// that holds exactly `zip` (a `/reload`), is not recorded.
async fn make_live(
    app: &App,
    base: Option<i64>,
    zip: &[u8],
    by: i64,
    what: &str,
    summary: &str,
    audit: &str,
) -> Result<Option<i64>, UploadError> {
    let dir = PackFiles::from_dir(app.content.dir()).ok();
    let dir_hash = dir.as_ref().map(PackFiles::fingerprint).unwrap_or_default();
    let folder = match &dir {
        Some(files) if app.content.version() == 0 => {
            let folder_zip = files.to_zip()?;
            match Pack::from_files(files) {
                Ok(pack) if folder_zip != zip => Some((folder_zip, pack.summary().to_string())),
                _ => None,
            }
        }
        _ => None,
    };
    Ok(app
        .db
        .publish_version(
            base,
            zip,
            by,
            what,
            summary,
            &dir_hash,
            audit,
            folder.as_ref().map(|(z, s)| (z.as_slice(), s.as_str())),
        )
        .await?)
}

/// Makes version `version` live again (as a new version, so history only grows).
pub async fn rollback(app: &App, editor: i64, version: i64) -> Result<Option<i64>, UploadError> {
    let Some(zip) = app.db.version_zip(version).await? else {
        return Ok(None);
    };
    let files = PackFiles::from_zip(&zip, &format!("version {version}")).map_err(UploadError::Problems)?;
    let pack = Pack::from_files(&files).map_err(UploadError::Problems)?;
    let summary = pack.summary().to_string();
    let audit = format!("back to version {version}");
    let Some(id) = make_live(app, None, &zip, editor, "rollback", &summary, &audit).await? else {
        return Ok(None);
    };
    app.content.replace(pack, id);
    log::info!("editor {editor} rolled the pack back to version {version} (now version {id})");
    Ok(Some(id))
}

/// `/reload`: the pack in `CONTENT_DIR` becomes live (and a version), on purpose.
pub async fn reload_dir(app: &App, admin: i64) -> Result<ReviewSummary, UploadError> {
    let files = PackFiles::from_dir(app.content.dir()).map_err(UploadError::Problems)?;
    let pack = Pack::from_files(&files).map_err(UploadError::Problems)?;
    let summary = pack.summary();
    if app.content.version() == 0 && app.db.live_version().await?.is_none() && !app.db.is_shared() {
        // Nothing was ever published: the folder stays the source. (On a shared database the
        // reload becomes a version, which is how the other instances get it.)
        app.content.replace(pack, 0);
        app.db
            .audit(admin, "content_reload", &summary.to_string())
            .await?;
        return Ok(summary);
    }
    let zip = files.to_zip()?;
    let Some(id) = make_live(
        app,
        None,
        &zip,
        admin,
        "reload",
        &summary.to_string(),
        "CONTENT_DIR",
    )
    .await?
    else {
        return Err(UploadError::NotPackFile);
    };
    app.content.replace(pack, id);
    Ok(summary)
}

/// The pack as it is live, as a zip, and its version (0: the folder).
pub async fn live_zip(app: &App) -> Result<(Vec<u8>, i64), UploadError> {
    let version = app.content.version();
    if version > 0
        && let Some(zip) = app.db.version_zip(version).await?
    {
        return Ok((zip, version));
    }
    Ok((live_files(app).await?.to_zip()?, version))
}

/// What marking an item checked did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marked {
    Live(i64),
    NoSuchItem,
    /// Another version went live meanwhile: open the item again.
    Conflict,
}

/// Records that `editor` (`name`) checked item `id`'s `lang` part against the official text
/// today: the item's front matter says who and when, and the pack is published.
pub async fn mark_checked(
    app: &App,
    editor: i64,
    name: &str,
    id: &str,
    lang: Lang,
    today: NaiveDate,
) -> Result<Marked, UploadError> {
    let base = app.content.version();
    let mut files = live_files(app).await?;
    let rel = format!("items/{id}.md");
    let Some(text) = files.get(&rel) else {
        return Ok(Marked::NoSuchItem);
    };
    let Some(edited) = set_checked(text, lang, name, today) else {
        return Ok(Marked::NoSuchItem);
    };
    files.insert(rel, edited);
    let pack = Pack::from_files(&files).map_err(UploadError::Problems)?;
    let zip = files.to_zip()?;
    let audit = format!("{id} [{lang}] checked against the official text");
    let Some(version) = make_live(
        app,
        Some(base),
        &zip,
        editor,
        "review",
        &pack.summary().to_string(),
        &audit,
    )
    .await?
    else {
        return Ok(Marked::Conflict);
    };
    app.content.replace(pack, version);
    Ok(Marked::Live(version))
}

/// The item file with its front matter saying who checked the `lang` part and when (the rest
/// of the file, comments included, unchanged).
fn set_checked(text: &str, lang: Lang, name: &str, today: NaiveDate) -> Option<String> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++")?;
    let (front, after) = rest.split_at(end + 1);
    let mut doc: toml_edit::DocumentMut = front.parse().ok()?;
    let day = today.format("%Y-%m-%d").to_string();
    match lang {
        Lang::Ru => {
            doc["status"] = toml_edit::value("reviewed");
            doc["reviewed_by"] = toml_edit::value(name);
            doc["reviewed_on"] = toml_edit::value(day.clone());
        }
        Lang::Kk => {
            doc["kk_status"] = toml_edit::value("reviewed");
            doc["kk_reviewed_by"] = toml_edit::value(name);
            doc["kk_reviewed_on"] = toml_edit::value(day.clone());
        }
    }
    doc["as_of"] = toml_edit::value(day);
    Some(format!("+++\n{doc}{after}"))
}

/// Items `/review` lists: not yet checked against the official text (either language), or
/// whose facts were not checked for [`STALE_DAYS`]; oldest first.
pub fn to_review(pack: &Pack, today: NaiveDate) -> Vec<&crate::content::Item> {
    let mut items: Vec<_> = pack
        .items
        .iter()
        .filter(|i| i.kind != Kind::Section || (today - i.as_of).num_days() >= i64::from(STALE_DAYS))
        .filter(|i| {
            i.status != crate::content::Review::Reviewed
                || i.kk_status != crate::content::KkReview::Reviewed
                || (today - i.as_of).num_days() >= i64::from(STALE_DAYS)
        })
        .collect();
    items.sort_by_key(|i| i.as_of);
    items
}

/// Ends `user`'s editor role (their pending file goes).
pub async fn remove(app: &App, admin: i64, user: i64) -> Result<bool, StorageError> {
    let existed = app.db.remove_editor(user).await?;
    app.db.audit(admin, "editor_removed", &user.to_string()).await?;
    Ok(existed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_checked_keeps_the_rest_of_the_file() {
        let text = "+++\nid = \"x\" # the id\nstatus = \"draft\"\nreviewed_by = \"\"\nreviewed_on = \"\"\nkk_status = \"unreviewed\"\nas_of = \"2026-11-26\"\n+++\n# ru\nТекст\n";
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let ru = set_checked(text, Lang::Ru, "@editor", day).unwrap();
        assert!(ru.contains("status = \"reviewed\""), "{ru}");
        assert!(ru.contains("reviewed_by = \"@editor\""));
        assert!(ru.contains("reviewed_on = \"2026-12-02\""));
        assert!(ru.contains("# the id"), "comments stay");
        assert!(ru.ends_with("+++\n# ru\nТекст\n"));
        let kk = set_checked(&ru, Lang::Kk, "@editor", day).unwrap();
        assert!(kk.contains("kk_status = \"reviewed\"") && kk.contains("kk_reviewed_on = \"2026-12-02\""));
    }
}
