//! Editors keep the pack true without server access: they send a file or a zip, see every
//! problem or what would change, and Publish; `/rollback`, `/pack`, `/review`, and the
//! "checked" buttons on an item. Admins grant and remove the role (`/addeditor`, `/editors`).

use std::sync::Arc;

use teloxide::{
    net::Download,
    prelude::*,
    types::{Document, InlineKeyboardMarkup, InputFile},
};

use crate::{
    bot::{HandlerResult, Tg, UserCtx, callback::Callback, deeplink::DeepLink, keyboards::button},
    content::Problem,
    context::App,
    domain::{Grant, Lang},
    services::{
        invites,
        packs::{self, Marked, Published, UploadError, UploadKind},
    },
    storage::InviteOutcome,
    t,
    telegram_html::{MAX_MESSAGE_LEN, escape},
};

/// Whether a document is one an editor sends to change the pack.
pub fn is_pack_file(doc: &Document) -> bool {
    doc.file_name.as_deref().and_then(UploadKind::of).is_some()
}

/// `/addeditor`: a one-time invite link.
pub async fn add_editor(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let token = invites::create(&app, ctx.id(), Grant::Editor, None).await?;
    let link = format!(
        "https://t.me/{}?start={}",
        app.bot_username(),
        DeepLink::EditorInvite(token).encode()
    );
    bot.send_message(
        ctx.chat,
        t!(ctx.lang, "editor-invite-created", link = escape(&link)),
    )
    .await?;
    Ok(())
}

/// Opening an editor invite link.
pub async fn invite_opened(bot: &Tg, app: &App, ctx: &UserCtx, token: &str) -> HandlerResult {
    let key = match invites::accept(app, ctx.id(), &ctx.name, token, Grant::Editor).await? {
        InviteOutcome::Granted => {
            crate::bot::commands::register_editor(bot.inner(), ctx.id(), ctx.role, true).await;
            "editor-invite-granted"
        }
        InviteOutcome::Expired => "invite-expired",
        InviteOutcome::AlreadyUsed => "invite-used",
        InviteOutcome::Unknown => "invite-unknown",
    };
    bot.send_message(ctx.chat, t!(ctx.lang, key)).await?;
    Ok(())
}

/// `/editors`: the list, with Remove buttons.
pub async fn editors(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let list = app.db.editors().await?;
    super::admin::roster(&bot, &ctx, &list, ["editors-none", "editors-list"], |user| {
        Callback::RemoveEditor { user }
    })
    .await
}

/// Remove under `/editors`.
pub async fn remove_editor(bot: Tg, app: Arc<App>, ctx: UserCtx, user: i64) -> HandlerResult {
    packs::remove(&app, ctx.id(), user).await?;
    let role = match app.db.user(user).await? {
        Some(u) => app.role_of(&u),
        None => crate::domain::Role::Resident,
    };
    crate::bot::commands::register_editor(bot.inner(), user, role, role == crate::domain::Role::Admin).await;
    bot.send_message(ctx.chat, t!(ctx.lang, "editors-removed", id = user.to_string()))
        .await?;
    Ok(())
}

/// An editor sent a pack file: every problem, or what would change and Publish.
pub async fn upload(bot: Tg, app: Arc<App>, ctx: UserCtx, doc: Document) -> HandlerResult {
    let name = doc.file_name.clone().unwrap_or_default();
    if doc.file.size > packs::MAX_UPLOAD {
        bot.send_message(ctx.chat, t!(ctx.lang, "pack-too-big")).await?;
        return Ok(());
    }
    let file = bot.get_file(doc.file.id.clone()).await?;
    let mut bytes = Vec::new();
    bot.inner().download_file(&file.path, &mut bytes).await?;
    match packs::check_upload(&app, ctx.id(), &name, &bytes).await {
        Ok(checked) => {
            let c = &checked.changes;
            let list = |ids: &[String]| {
                if ids.is_empty() {
                    "—".to_owned()
                } else {
                    escape(&ids.join(", "))
                }
            };
            let text = t!(
                ctx.lang,
                "pack-checked",
                name = escape(&name),
                added = list(&c.added),
                changed = list(&c.changed),
                removed = list(&c.removed),
                other = list(&c.other),
                summary = escape(&checked.summary.to_string())
            );
            let text = crate::domain::shorten(&text, MAX_MESSAGE_LEN);
            let markup = if c.is_empty() {
                InlineKeyboardMarkup::default()
            } else {
                InlineKeyboardMarkup::new(vec![vec![button(
                    t!(ctx.lang, "pack-button-publish"),
                    &Callback::PublishPack { draft: checked.draft },
                )]])
            };
            let text = if c.is_empty() {
                t!(ctx.lang, "pack-unchanged", name = escape(&name))
            } else {
                text
            };
            bot.send_message(ctx.chat, text).reply_markup(markup).await?;
        }
        Err(UploadError::Problems(problems)) => {
            log::info!("editor {} sent {name} with {} problems", ctx.id(), problems.len());
            send_problems(&bot, &ctx, &name, &problems).await?;
        }
        Err(UploadError::NotPackFile) => {
            bot.send_message(ctx.chat, t!(ctx.lang, "pack-not-a-pack-file"))
                .await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Every problem: in the message while they fit, all of them as a text file when not.
async fn send_problems(bot: &Tg, ctx: &UserCtx, name: &str, problems: &[Problem]) -> HandlerResult {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let mut text = t!(
        ctx.lang,
        "pack-refused",
        name = escape(name),
        count = problems.len()
    );
    text.push('\n');
    let mut shown = 0;
    for line in &lines {
        let line = format!("\n{}", escape(line));
        if crate::domain::utf16_len(&text) + crate::domain::utf16_len(&line) > MAX_MESSAGE_LEN - 200 {
            break;
        }
        text.push_str(&line);
        shown += 1;
    }
    if shown < lines.len() {
        text.push_str("\n\n");
        text.push_str(&t!(ctx.lang, "pack-refused-more", count = lines.len() - shown));
    }
    bot.send_message(ctx.chat, text).await?;
    if shown < lines.len() {
        let all = InputFile::memory(lines.join("\n").into_bytes()).file_name("problems.txt");
        bot.send_document(ctx.chat, all).await?;
    }
    Ok(())
}

/// Publish under a checked file.
pub async fn publish(bot: Tg, app: Arc<App>, ctx: UserCtx, draft: i64) -> HandlerResult {
    let text = match packs::publish(&app, ctx.id(), draft).await {
        Ok(Published::Live(version)) => t!(ctx.lang, "pack-published", version = version),
        Ok(Published::Conflict) => t!(ctx.lang, "pack-conflict"),
        Ok(Published::Gone) => t!(ctx.lang, "pack-draft-gone"),
        Err(UploadError::Problems(problems)) => {
            return send_problems(&bot, &ctx, "draft", &problems).await;
        }
        Err(e) => return Err(e.into()),
    };
    bot.send_message(ctx.chat, text).await?;
    Ok(())
}

/// `/rollback`: the kept versions, each a button.
pub async fn versions(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let versions = app.db.versions(crate::storage::KEPT_VERSIONS).await?;
    let live = app.content.version();
    let rows: Vec<_> = versions
        .iter()
        .filter(|v| v.id != live)
        .map(|v| {
            // The folder's pack, kept when the first version was published.
            let key = if v.what == "folder" {
                "pack-button-version-folder"
            } else {
                "pack-button-version"
            };
            vec![button(
                t!(
                    ctx.lang,
                    key,
                    version = v.id,
                    date = chrono::DateTime::from_timestamp(v.published_at, 0)
                        .map(crate::domain::format_local)
                        .unwrap_or_default()
                ),
                &Callback::Rollback { version: v.id },
            )]
        })
        .collect();
    if rows.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "pack-no-versions"))
            .await?;
        return Ok(());
    }
    bot.send_message(ctx.chat, t!(ctx.lang, "pack-versions", live = live))
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// A version button under `/rollback`.
pub async fn rollback(bot: Tg, app: Arc<App>, ctx: UserCtx, version: i64) -> HandlerResult {
    let text = match packs::rollback(&app, ctx.id(), version).await {
        Ok(Some(now)) => t!(ctx.lang, "pack-rolled-back", version = version, now = now),
        Ok(None) => t!(ctx.lang, "pack-draft-gone"),
        Err(UploadError::Problems(problems)) => {
            return send_problems(&bot, &ctx, &format!("version {version}"), &problems).await;
        }
        Err(e) => return Err(e.into()),
    };
    bot.send_message(ctx.chat, text).await?;
    Ok(())
}

/// `/pack`: the live pack as a zip.
pub async fn pack(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let (zip, version) = packs::live_zip(&app).await?;
    let name = format!("atazan-pack-v{version}.zip");
    bot.send_document(ctx.chat, InputFile::memory(zip).file_name(name))
        .caption(t!(ctx.lang, "pack-sent", version = version))
        .await?;
    Ok(())
}

/// `/review`: items not yet checked or not checked for long, each a button.
pub async fn review(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let pack = app.content.get();
    let today = chrono::Local::now().date_naive();
    let items = packs::to_review(&pack, today);
    if items.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "review-none")).await?;
        return Ok(());
    }
    let rows: Vec<_> = items
        .iter()
        .take(30)
        .map(|i| {
            vec![button(
                t!(
                    ctx.lang,
                    "review-button",
                    title =
                        crate::domain::shorten(&i.text(ctx.lang).title, crate::ui::keyboards::TITLE_IN_LABEL),
                    date = i.as_of.format("%d.%m.%Y").to_string()
                ),
                &Callback::Item {
                    id: i.id.clone(),
                    part: 0,
                },
            )]
        })
        .collect();
    bot.send_message(
        ctx.chat,
        t!(
            ctx.lang,
            "review-list",
            count = items.len(),
            days = packs::STALE_DAYS
        ),
    )
    .reply_markup(InlineKeyboardMarkup::new(rows))
    .await?;
    Ok(())
}

/// "Checked against the official text" on an item (one button per language).
pub async fn mark_checked(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    (item, lang): (String, Lang),
) -> HandlerResult {
    let today = chrono::Local::now().date_naive();
    let text = match packs::mark_checked(&app, ctx.id(), &ctx.name, &item, lang, today).await {
        Ok(Marked::Live(version)) => t!(
            ctx.lang,
            "review-marked",
            item = escape(&item),
            lang = lang.code(),
            version = version
        ),
        Ok(Marked::NoSuchItem) => t!(ctx.lang, "callback-outdated"),
        Ok(Marked::Conflict) => t!(ctx.lang, "pack-conflict"),
        Err(UploadError::Problems(problems)) => {
            return send_problems(&bot, &ctx, &item, &problems).await;
        }
        Err(e) => return Err(e.into()),
    };
    bot.send_message(ctx.chat, text).await?;
    Ok(())
}
