//! Draft laws in discussion: `/drafts`, a draft's card, its text article by article (◀ ▶), the
//! approved comments under an article with support, a resident's comment, the volunteers'
//! moderation, and for editors the digest (`/digest ID`) with the drafters' responses.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId},
};

use super::{law::pages, moderation};
use crate::{
    bot::{
        Dialogue, HandlerResult, State, Tg, UserCtx,
        callback::Callback,
        keyboards::{back, button},
    },
    content::drafts::{Draft, DraftStatus},
    context::App,
    domain::{
        Lang,
        draft::{CommentError, CommentText, MAX_COMMENT_CHARS, Response},
        format_local, shorten,
    },
    report::digest::{self, author},
    services::drafts::{self, Commented, MAX_NOTE_CHARS},
    storage::{CommentRow, now},
    t,
    telegram_html::escape,
    ui::view::{View, part_pager, show},
};

/// Comments shown per page under an article.
const COMMENTS_PER_PAGE: usize = 5;
/// A comment's text in the list (UTF-16 units): five fit one message with room to spare.
const COMMENT_IN_LIST: usize = 600;
/// Comments offered for a response under the digest.
const RESPONSES_OFFERED: usize = 10;

fn date(t: i64) -> String {
    let s = format_local(chrono::DateTime::from_timestamp(t, 0).unwrap_or_default());
    s.split(' ').next().unwrap_or_default().to_owned()
}

/// Where a draft stands, in one line.
fn status_line(d: &Draft, lang: Lang, t: i64) -> String {
    match &d.status {
        DraftStatus::Discussion { opens_at, closes_at } if t < *opens_at => {
            t!(lang, "draft-status-soon", date = date(*opens_at))
        }
        DraftStatus::Discussion { closes_at, .. } if t < *closes_at => t!(
            lang,
            "draft-status-open",
            date = date(closes_at - 1),
            days = drafts::days_left(d, t).unwrap_or(0)
        ),
        DraftStatus::Discussion { closes_at, .. } => {
            t!(lang, "draft-status-ended", date = date(closes_at - 1))
        }
        DraftStatus::Closed => t!(lang, "draft-status-closed"),
        DraftStatus::Adopted { link } => t!(lang, "draft-status-adopted", link = escape(link)),
        DraftStatus::Unverified => t!(lang, "draft-status-unverified"),
    }
}

/// `/drafts` and its button: every document with its status.
pub async fn list(bot: Tg, app: Arc<App>, ctx: UserCtx, message: Option<MessageId>) -> HandlerResult {
    let pack = app.content.get();
    let t = now();
    if pack.drafts.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "drafts-none")).await?;
        return Ok(());
    }
    let mut text = t!(ctx.lang, "drafts-title");
    let mut rows = Vec::new();
    // Open discussions first (closing soonest first), then those about to open, then the rest.
    let mut docs: Vec<&Draft> = pack.drafts.iter().collect();
    docs.sort_by_key(|d| match d.status {
        DraftStatus::Discussion { opens_at, closes_at } if opens_at <= t && t < closes_at => (0, closes_at),
        DraftStatus::Discussion { opens_at, .. } if t < opens_at => (1, opens_at),
        _ => (2, 0),
    });
    for d in docs {
        text.push_str(&format!(
            "\n\n📜 <b>{}</b>\n{}",
            escape(d.title(ctx.lang)),
            status_line(d, ctx.lang, t)
        ));
        if d.article_count() == 0 {
            text.push('\n');
            text.push_str(&t!(ctx.lang, "draft-text-not-loaded"));
        }
        rows.push(vec![button(
            shorten(d.title(ctx.lang), 60),
            &Callback::Draft { doc: d.id.clone() },
        )]);
    }
    let view = View {
        text: shorten(&text, crate::telegram_html::MAX_MESSAGE_LEN),
        markup: InlineKeyboardMarkup::new(rows),
    };
    show(&bot, ctx.chat, message, view).await
}

fn unknown(lang: Lang) -> View {
    View {
        text: t!(lang, "drafts-unknown"),
        markup: InlineKeyboardMarkup::new(vec![vec![back(lang, &Callback::Drafts)]]),
    }
}

/// A draft's card: status, source, how many articles and comments; read from the start.
pub async fn card(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    doc: String,
) -> HandlerResult {
    let pack = app.content.get();
    let Some(d) = pack.draft(&doc) else {
        return show(&bot, ctx.chat, message, unknown(ctx.lang)).await;
    };
    let lang = ctx.lang;
    let mut text = format!(
        "📜 <b>{}</b>\n{}",
        escape(d.title(lang)),
        status_line(d, lang, now())
    );
    if !d.source.is_empty() {
        text.push_str(&format!(
            "\n{}",
            t!(lang, "draft-source", url = escape(&d.source))
        ));
    }
    let mut rows = Vec::new();
    if d.article_count() == 0 {
        text.push_str("\n\n");
        text.push_str(&t!(lang, "draft-text-not-loaded"));
    } else {
        let per_article = app.db.approved_per_article(&d.id).await?;
        let total: i64 = per_article.iter().map(|(_, n)| n).sum();
        text.push_str("\n\n");
        text.push_str(&t!(
            lang,
            "draft-summary",
            articles = d.article_count(),
            comments = total
        ));
        rows.push(vec![button(
            t!(lang, "draft-read"),
            &Callback::DraftArticle {
                doc: d.id.clone(),
                article: 1,
                part: 0,
            },
        )]);
        // The most discussed articles, a button each.
        let mut top = per_article.clone();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let buttons: Vec<InlineKeyboardButton> = top
            .iter()
            .take(4)
            .map(|(n, c)| {
                button(
                    t!(lang, "draft-article-comments", number = *n, count = *c),
                    &Callback::DraftArticle {
                        doc: d.id.clone(),
                        article: *n as u16,
                        part: 0,
                    },
                )
            })
            .collect();
        for pair in buttons.chunks(2) {
            rows.push(pair.to_vec());
        }
    }
    rows.push(vec![back(lang, &Callback::Drafts)]);
    let view = View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    };
    show(&bot, ctx.chat, message, view).await
}

/// Article `n` of a draft, page `part`: its text, how many comments, and what can be done.
pub async fn article(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    (doc, n, part): (String, u16, u16),
) -> HandlerResult {
    let view = article_view(&app, &doc, u32::from(n), usize::from(part), ctx.lang).await?;
    show(&bot, ctx.chat, message, view.unwrap_or_else(|| unknown(ctx.lang))).await
}

async fn article_view(
    app: &App,
    doc: &str,
    n: u32,
    part: usize,
    lang: Lang,
) -> Result<Option<View>, crate::storage::StorageError> {
    let pack = app.content.get();
    let Some(d) = pack.draft(doc) else {
        return Ok(None);
    };
    let Some(law) = d.text.text_or_other(lang) else {
        return Ok(None);
    };
    let Some(a) = law.article(n) else {
        return Ok(None);
    };
    let count = d.article_count();
    let pages = pages(&a.text);
    let part = part.min(pages.len() - 1);
    let comments = app.db.article_comment_count(doc, i64::from(n)).await?;
    let open = d.accepts_comments(now());
    let mut text = t!(
        lang,
        "draft-article",
        doc = escape(d.title(lang)),
        number = n,
        text = escape(&pages[part])
    );
    if law.lang != lang {
        text.push_str("\n\n");
        text.push_str(&t!(lang, "law-other-language"));
    }
    text.push_str("\n\n");
    text.push_str(&t!(lang, "draft-article-footer", count = comments));
    if !open {
        text.push('\n');
        text.push_str(&status_line(d, lang, now()));
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    rows.extend(part_pager(part, pages.len(), |part| Callback::DraftArticle {
        doc: doc.to_owned(),
        article: n as u16,
        part,
    }));
    let mut act = Vec::new();
    if comments > 0 {
        act.push(button(
            t!(lang, "draft-comments-button", count = comments),
            &Callback::DraftComments {
                doc: doc.to_owned(),
                article: n as u16,
                page: 0,
            },
        ));
    }
    if open {
        act.push(button(
            t!(lang, "draft-comment-button"),
            &Callback::WriteComment {
                doc: doc.to_owned(),
                article: n as u16,
            },
        ));
    }
    rows.push(act);
    let mut nav = Vec::new();
    if n > 1 {
        nav.push(button(
            t!(lang, "law-button-previous", number = n - 1),
            &Callback::DraftArticle {
                doc: doc.to_owned(),
                article: (n - 1) as u16,
                part: 0,
            },
        ));
    }
    if n < count {
        nav.push(button(
            t!(lang, "law-button-next", number = n + 1),
            &Callback::DraftArticle {
                doc: doc.to_owned(),
                article: (n + 1) as u16,
                part: 0,
            },
        ));
    }
    rows.push(nav);
    rows.push(vec![back(lang, &Callback::Draft { doc: doc.to_owned() })]);
    rows.retain(|r| !r.is_empty());
    Ok(Some(View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    }))
}

/// The deep link `dr_<doc>_<n>`: the article in a new message.
pub async fn open_link(bot: &Tg, app: &App, ctx: &UserCtx, doc: &str, n: u32) -> HandlerResult {
    let view = article_view(app, doc, n, 0, ctx.lang).await?;
    show(bot, ctx.chat, None, view.unwrap_or_else(|| unknown(ctx.lang))).await
}

/// The approved comments on an article, page `page`, each with its support button.
pub async fn comments(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    (doc, n, page): (String, u16, u16),
) -> HandlerResult {
    let view = comments_view(&app, &doc, n, usize::from(page), ctx.lang).await?;
    show(&bot, ctx.chat, message, view.unwrap_or_else(|| unknown(ctx.lang))).await
}

async fn comments_view(
    app: &App,
    doc: &str,
    n: u16,
    page: usize,
    lang: Lang,
) -> Result<Option<View>, crate::storage::StorageError> {
    let pack = app.content.get();
    let Some(d) = pack.draft(doc) else {
        return Ok(None);
    };
    let current = drafts::current_version(&app.db, d).await?;
    let mut list: Vec<CommentRow> = app.db.article_comments(doc, i64::from(n)).await?;
    list.sort_by(|a, b| b.agrees.cmp(&a.agrees).then(a.id.cmp(&b.id)));
    let pages = list.len().div_ceil(COMMENTS_PER_PAGE).max(1);
    let page = page.min(pages - 1);
    let shown =
        &list[(page * COMMENTS_PER_PAGE).min(list.len())..((page + 1) * COMMENTS_PER_PAGE).min(list.len())];
    let mut text = t!(
        lang,
        "draft-comments-title",
        doc = escape(d.title(lang)),
        number = i64::from(n),
        count = list.len()
    );
    let mut rows: Vec<Vec<InlineKeyboardButton>> = Vec::new();
    let mut support = Vec::new();
    for c in shown {
        let older = if c.version < current {
            format!(" {}", t!(lang, "draft-comment-older", version = c.version))
        } else {
            String::new()
        };
        let response = c
            .response
            .as_deref()
            .and_then(|r| r.parse::<Response>().ok())
            .map(|r| {
                format!(
                    "\n{}",
                    t!(lang, "draft-comment-responded", response = t!(lang, r.name_key()))
                )
            })
            .unwrap_or_default();
        text.push_str(&format!(
            "\n\n💬 №{} · {}{older}\n«{}»\n👍 {}{response}",
            c.id,
            escape(&author(lang, c.district.as_deref())),
            escape(&shorten(&c.body, COMMENT_IN_LIST)),
            c.agrees
        ));
        support.push(button(
            t!(lang, "draft-agree-button", number = c.id),
            &Callback::AgreeComment { comment: c.id },
        ));
    }
    for chunk in support.chunks(3) {
        rows.push(chunk.to_vec());
    }
    rows.extend(part_pager(page, pages, |page| Callback::DraftComments {
        doc: doc.to_owned(),
        article: n,
        page,
    }));
    rows.push(vec![back(
        lang,
        &Callback::DraftArticle {
            doc: doc.to_owned(),
            article: n,
            part: 0,
        },
    )]);
    Ok(Some(View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    }))
}

/// "Support": once per resident; the list is shown again with the new count.
pub async fn agree(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    comment: i64,
) -> HandlerResult {
    let Some(c) = app.db.comment(comment).await? else {
        return show(&bot, ctx.chat, None, unknown(ctx.lang)).await;
    };
    if !app.db.agree_comment(comment, ctx.id()).await? && c.status == "approved" {
        bot.send_message(ctx.chat, t!(ctx.lang, "draft-agree-already", number = comment))
            .await?;
        return Ok(());
    }
    let view = comments_view(&app, &c.doc_id, c.article as u16, 0, ctx.lang).await?;
    show(&bot, ctx.chat, message, view.unwrap_or_else(|| unknown(ctx.lang))).await
}

/// "Comment": the resident writes one, if the discussion is open.
pub async fn write_start(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    (doc, n): (String, u16),
) -> HandlerResult {
    let pack = app.content.get();
    let Some(d) = pack
        .draft(&doc)
        .filter(|d| u32::from(n) >= 1 && u32::from(n) <= d.article_count())
    else {
        return show(&bot, ctx.chat, None, unknown(ctx.lang)).await;
    };
    if !d.accepts_comments(now()) {
        bot.send_message(ctx.chat, t!(ctx.lang, "comment-closed")).await?;
        return Ok(());
    }
    dialogue
        .update(State::Commenting {
            doc: doc.clone(),
            article: u32::from(n),
        })
        .await?;
    bot.send_message(
        ctx.chat,
        t!(
            ctx.lang,
            "comment-prompt",
            doc = escape(d.title(ctx.lang)),
            number = i64::from(n),
            max = MAX_COMMENT_CHARS
        ),
    )
    .await?;
    Ok(())
}

/// The resident's comment.
pub async fn comment_written(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    (doc, article): (String, u32),
) -> HandlerResult {
    let Some(text) = msg.text() else {
        bot.send_message(ctx.chat, t!(ctx.lang, "comment-not-text"))
            .await?;
        return Ok(());
    };
    let body = match CommentText::parse(text) {
        Ok(b) => b,
        Err(CommentError::Empty) => {
            bot.send_message(ctx.chat, t!(ctx.lang, "comment-not-text"))
                .await?;
            return Ok(());
        }
        Err(CommentError::TooLong { len }) => {
            bot.send_message(
                ctx.chat,
                t!(ctx.lang, "comment-too-long", len = len, max = MAX_COMMENT_CHARS),
            )
            .await?;
            return Ok(());
        }
    };
    dialogue.update(State::Idle).await?;
    let reply = match drafts::comment(&app, ctx.id(), ctx.lang, &doc, article, &body).await? {
        Commented::Stored(id) => t!(ctx.lang, "comment-received", number = id),
        Commented::Closed => t!(ctx.lang, "comment-closed"),
        Commented::Unknown => t!(ctx.lang, "drafts-unknown"),
    };
    bot.send_message(ctx.chat, reply).await?;
    Ok(())
}

/// Volunteers: the oldest comment waiting, with Approve / Reject.
pub async fn moderate_next(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let Some(c) = app.db.next_comment().await? else {
        bot.send_message(ctx.chat, t!(ctx.lang, "comment-moderation-empty"))
            .await?;
        return Ok(());
    };
    let pack = app.content.get();
    let title = pack
        .draft(&c.doc_id)
        .map_or(c.doc_id.as_str(), |d| d.title(ctx.lang));
    let waiting = app.db.comments_waiting().await?;
    let text = t!(
        ctx.lang,
        "comment-moderation-card",
        number = c.id,
        doc = escape(title),
        article = c.article,
        lang = c.lang.code(),
        text = escape(&c.body),
        waiting = waiting
    );
    let markup = moderation::approve_reject(
        ctx.lang,
        Callback::ModerateComment {
            comment: c.id,
            approve: true,
        },
        Callback::ModerateComment {
            comment: c.id,
            approve: false,
        },
    );
    bot.send_message(ctx.chat, shorten(&text, crate::telegram_html::MAX_MESSAGE_LEN))
        .reply_markup(markup)
        .await?;
    Ok(())
}

/// Approve shows the comment at once; Reject asks for the reason its author will read.
pub async fn moderation(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    (comment, approve): (i64, bool),
) -> HandlerResult {
    if !approve {
        dialogue.update(State::RejectingComment { comment }).await?;
        return moderation::ask_reason(&bot, &ctx, MAX_NOTE_CHARS).await;
    }
    let key = match drafts::moderate(&app, ctx.id(), comment, None).await? {
        Some(_) => "comment-moderation-approved",
        None => "comment-moderation-already",
    };
    after_moderation(&bot, &app, &ctx, key).await
}

/// The volunteer's reason for a rejection.
pub async fn rejection_written(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    comment: i64,
) -> HandlerResult {
    let Some(reason) = moderation::reason(&msg, MAX_NOTE_CHARS) else {
        return moderation::ask_reason(&bot, &ctx, MAX_NOTE_CHARS).await;
    };
    dialogue.update(State::Idle).await?;
    let key = match drafts::moderate(&app, ctx.id(), comment, Some(reason)).await? {
        Some(_) => "comment-moderation-rejected",
        None => "comment-moderation-already",
    };
    after_moderation(&bot, &app, &ctx, key).await
}

async fn after_moderation(bot: &Tg, app: &App, ctx: &UserCtx, key: &str) -> HandlerResult {
    let waiting = app.db.comments_waiting().await?;
    moderation::decided(
        bot,
        ctx,
        key,
        waiting,
        "comment-moderation-next",
        Callback::ModerateNextComment,
    )
    .await
}

/// `/digest ID` (editors), and the button under a closing notice: the digest as HTML and CSV, then the comments still without the
/// drafters' response, each with the three responses.
pub async fn digest(bot: Tg, app: Arc<App>, ctx: UserCtx, arg: String) -> HandlerResult {
    let pack = app.content.get();
    let id = arg.trim();
    let Some(d) = pack.draft(id) else {
        let ids: Vec<&str> = pack.drafts.iter().map(|d| d.id.as_str()).collect();
        bot.send_message(
            ctx.chat,
            t!(
                ctx.lang,
                "digest-usage",
                ids = if ids.is_empty() {
                    "—".to_owned()
                } else {
                    ids.join(", ")
                }
            ),
        )
        .await?;
        return Ok(());
    };
    let lang = ctx.lang;
    let data = drafts::digest(&app.db, d, lang).await?;
    let generated = format_local(chrono::Utc::now());
    let html = digest::html(&data, lang, &generated);
    let csv = digest::csv(&data, lang).map_err(std::io::Error::other)?;
    let caption = t!(
        lang,
        "digest-caption",
        doc = escape(d.title(lang)),
        approved = data.approved,
        pending = data.pending,
        rejected = data.rejected,
        removed = data.removed
    );
    bot.send_document(
        ctx.chat,
        InputFile::memory(html.into_bytes()).file_name(format!("digest-{}.html", d.id)),
    )
    .caption(caption)
    .await?;
    bot.send_document(
        ctx.chat,
        InputFile::memory(csv).file_name(format!("digest-{}.csv", d.id)),
    )
    .await?;
    let open: Vec<&CommentRow> = data
        .articles
        .iter()
        .flat_map(|a| &a.comments)
        .filter(|c| c.response.is_none())
        .take(RESPONSES_OFFERED)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let mut text = t!(lang, "digest-respond-title");
    let mut rows = Vec::new();
    for c in open {
        text.push_str(&format!(
            "\n\n№{} · {} · 👍 {}\n«{}»",
            c.id,
            t!(lang, "digest-article-short", number = c.article),
            c.agrees,
            escape(&shorten(&c.body, 200))
        ));
        rows.push(
            Response::ALL
                .iter()
                .map(|r| {
                    button(
                        t!(
                            lang,
                            "digest-respond-button",
                            number = c.id,
                            response = t!(lang, r.name_key())
                        ),
                        &Callback::Respond {
                            comment: c.id,
                            response: *r,
                        },
                    )
                })
                .collect::<Vec<_>>(),
        );
    }
    bot.send_message(ctx.chat, shorten(&text, crate::telegram_html::MAX_MESSAGE_LEN))
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// A response button: the editor adds the drafters' note (or «-»).
pub async fn respond_start(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    (comment, response): (i64, Response),
) -> HandlerResult {
    if app
        .db
        .comment(comment)
        .await?
        .is_none_or(|c| c.status != "approved")
    {
        bot.send_message(ctx.chat, t!(ctx.lang, "respond-gone", number = comment))
            .await?;
        return Ok(());
    }
    dialogue
        .update(State::RespondingNote { comment, response })
        .await?;
    bot.send_message(
        ctx.chat,
        t!(
            ctx.lang,
            "respond-note-prompt",
            number = comment,
            response = t!(ctx.lang, response.name_key()),
            max = MAX_NOTE_CHARS
        ),
    )
    .await?;
    Ok(())
}

/// The drafters' note; the commenter is told.
pub async fn respond_note_written(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    (comment, response): (i64, Response),
) -> HandlerResult {
    if !ctx.editor {
        dialogue.update(State::Idle).await?;
        bot.send_message(ctx.chat, t!(ctx.lang, "role-ended")).await?;
        return Ok(());
    }
    let note = msg.text().map(str::trim).unwrap_or_default();
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
        bot.send_message(
            ctx.chat,
            t!(
                ctx.lang,
                "respond-note-prompt",
                number = comment,
                response = t!(ctx.lang, response.name_key()),
                max = MAX_NOTE_CHARS
            ),
        )
        .await?;
        return Ok(());
    }
    let note = if note == "-" { "" } else { note };
    dialogue.update(State::Idle).await?;
    let key = match drafts::respond(&app, ctx.id(), comment, response, note).await? {
        Some(_) => "respond-recorded",
        None => "respond-gone",
    };
    bot.send_message(ctx.chat, t!(ctx.lang, key, number = comment))
        .await?;
    Ok(())
}
