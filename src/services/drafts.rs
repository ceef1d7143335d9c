//! Drafts in public discussion: which documents take comments and until when, a resident's
//! comment on the version they read, its moderation and the drafters' response (the commenter
//! told each time, through the outbox), the digest for the drafters, and the end of a
//! discussion at its close date (admins told once).

use teloxide::types::InlineKeyboardMarkup;

use crate::{
    content::drafts::{Draft, DraftStatus},
    context::App,
    domain::{
        Lang,
        draft::{CommentText, Response},
    },
    report::digest::{Digest, DigestArticle},
    storage::{CommentRow, Db, NewComment, NewMessage, OutboxKind, StorageError, now},
    t,
    telegram_html::escape,
    ui::{callback::Callback, keyboards::button},
};

/// Longest reason for a rejection, and longest note on a response.
pub const MAX_NOTE_CHARS: usize = 500;

const DAY: i64 = 24 * 3600;

/// Whole days left to comment (the last day counts as one), when the discussion is open.
pub fn days_left(draft: &Draft, now: i64) -> Option<i64> {
    draft
        .accepts_comments(now)
        .then(|| draft.closes_at().map(|c| (c - now + DAY - 1) / DAY))
        .flatten()
}

/// The version residents read now (numbered on first sight of its text).
pub async fn current_version(db: &Db, draft: &Draft) -> Result<i64, StorageError> {
    db.draft_version(&draft.id, &draft.text_hash).await
}

/// What became of a comment sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commented {
    /// Stored, waiting for a volunteer: its number.
    Stored(i64),
    /// The discussion is not open (any more).
    Closed,
    /// No such document or article.
    Unknown,
}

/// Stores `user`'s comment on `article` of `doc`, if the discussion is open.
pub async fn comment(
    app: &App,
    user: i64,
    lang: Lang,
    doc: &str,
    article: u32,
    text: &CommentText,
) -> Result<Commented, StorageError> {
    let pack = app.content.get();
    let Some(draft) = pack.draft(doc) else {
        return Ok(Commented::Unknown);
    };
    if article == 0 || article > draft.article_count() {
        return Ok(Commented::Unknown);
    }
    if !draft.accepts_comments(now()) {
        return Ok(Commented::Closed);
    }
    let version = current_version(&app.db, draft).await?;
    let id = app
        .db
        .add_comment(&NewComment {
            doc_id: doc,
            version,
            article: i64::from(article),
            user_id: user,
            lang,
            body: text.as_str(),
        })
        .await?;
    log::info!("comment {id} on {doc} article {article} from user {user}");
    Ok(Commented::Stored(id))
}

fn title_of(app: &App, doc: &str, lang: Lang) -> String {
    app.content
        .get()
        .draft(doc)
        .map_or_else(|| doc.to_owned(), |d| d.title(lang).to_owned())
}

/// Approves (`reason` None) or rejects a waiting comment; the author is told. None when it no
/// longer waits.
pub async fn moderate(
    app: &App,
    volunteer: i64,
    id: i64,
    reason: Option<&str>,
) -> Result<Option<CommentRow>, StorageError> {
    let done = app
        .db
        .moderate_comment(id, volunteer, reason, |c| {
            let to = c.user_id?;
            let lang = c.lang;
            let title = escape(&title_of(app, &c.doc_id, lang));
            let text = match reason {
                None => t!(
                    lang,
                    "comment-approved",
                    number = c.id,
                    doc = title,
                    article = c.article
                ),
                Some(r) => t!(
                    lang,
                    "comment-rejected",
                    number = c.id,
                    doc = title,
                    article = c.article,
                    reason = escape(r)
                ),
            };
            Some(NewMessage::new(OutboxKind::Notice, to, text))
        })
        .await?;
    if let Some(c) = &done {
        app.outbox.wake();
        let what = if reason.is_some() {
            "comment_rejected"
        } else {
            "comment_approved"
        };
        app.db.audit(volunteer, what, &c.id.to_string()).await?;
    }
    Ok(done)
}

/// Records the drafters' response to an approved comment; the author is told.
pub async fn respond(
    app: &App,
    editor: i64,
    id: i64,
    response: Response,
    note: &str,
) -> Result<Option<CommentRow>, StorageError> {
    let done = app
        .db
        .respond_comment(id, editor, response.id(), note, |c| {
            let to = c.user_id?;
            let lang = c.lang;
            let note = if note.is_empty() {
                String::new()
            } else {
                format!("\n{}", escape(note))
            };
            Some(NewMessage::new(
                OutboxKind::Notice,
                to,
                t!(
                    lang,
                    "comment-response",
                    number = c.id,
                    doc = escape(&title_of(app, &c.doc_id, lang)),
                    article = c.article,
                    response = t!(lang, response.name_key()),
                    note = note
                ),
            ))
        })
        .await?;
    if let Some(c) = &done {
        app.outbox.wake();
        app.db
            .audit(editor, "comment_response", &format!("{} {}", c.id, response.id()))
            .await?;
    }
    Ok(done)
}

/// The digest of `draft`'s discussion, its title in `lang`.
pub async fn digest(db: &Db, draft: &Draft, lang: Lang) -> Result<Digest, StorageError> {
    let rows = db.doc_comments(&draft.id).await?;
    let count = |s: &str| rows.iter().filter(|c| c.status == s).count();
    let mut articles: Vec<DigestArticle> = Vec::new();
    for c in rows.iter().filter(|c| c.status == "approved") {
        match articles.last_mut() {
            Some(a) if a.number == c.article => a.comments.push(c.clone()),
            _ => articles.push(DigestArticle {
                number: c.article,
                comments: vec![c.clone()],
            }),
        }
    }
    for a in &mut articles {
        a.comments
            .sort_by(|x, y| y.agrees.cmp(&x.agrees).then(x.id.cmp(&y.id)));
    }
    Ok(Digest {
        doc_id: draft.id.clone(),
        title: draft.title(lang).to_owned(),
        version: current_version(db, draft).await?,
        pending: count("pending"),
        approved: count("approved"),
        rejected: count("rejected"),
        removed: count("removed"),
        responded: rows
            .iter()
            .filter(|c| c.status == "approved" && c.response.is_some())
            .count(),
        articles,
    })
}

/// Ends the discussions whose close date has passed: each once, admins told with its figures.
/// The number ended.
pub async fn close_due(app: &App) -> Result<usize, StorageError> {
    let pack = app.content.get();
    let t = now();
    let mut closed = 0;
    for draft in &pack.drafts {
        let DraftStatus::Discussion { closes_at, .. } = draft.status else {
            continue;
        };
        if closes_at > t || app.db.discussion_closed(&draft.id).await? {
            continue;
        }
        let d = digest(&app.db, draft, Lang::Ru).await?;
        let mut messages = Vec::new();
        for &admin in &app.config.admin_ids {
            let admin = admin as i64;
            // In the admin's language where they chose one.
            let lang = app.db.user(admin).await?.and_then(|u| u.lang).unwrap_or(Lang::Ru);
            let digest = InlineKeyboardMarkup::new([[button(
                t!(lang, "digest-button"),
                &Callback::DigestOf {
                    doc: draft.id.clone(),
                },
            )]]);
            messages.push(
                NewMessage::new(
                    OutboxKind::Notice,
                    admin,
                    t!(
                        lang,
                        "draft-closed-admin",
                        doc = escape(draft.title(lang)),
                        approved = d.approved,
                        pending = d.pending,
                        rejected = d.rejected,
                        id = draft.id.clone()
                    ),
                )
                .markup(serde_json::to_string(&digest).ok()),
            );
        }
        if app.db.close_discussion(&draft.id, closes_at, &messages).await? {
            log::info!(
                "discussion of {} closed: {} comments approved",
                draft.id,
                d.approved
            );
            app.outbox.wake();
            closed += 1;
        }
    }
    Ok(closed)
}
