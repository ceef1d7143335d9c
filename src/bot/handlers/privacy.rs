//! `/privacy`, `/mydata`, `/forget`: what is stored, showing it, erasing it.

use std::sync::Arc;

use teloxide::{prelude::*, types::MessageId};

use crate::{
    bot::{Dialogue, HandlerResult, Tg, UserCtx, keyboards},
    context::App,
    t,
};

pub async fn privacy(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "privacy")).await?;
    Ok(())
}

fn date(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| {
            t.with_timezone(&crate::domain::region_tz())
                .format("%d.%m.%Y %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// Everything stored about the user, as they would read it.
pub async fn my_data(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let lang = ctx.lang;
    let user = app.db.user(ctx.id()).await?.unwrap_or_else(|| ctx.user.clone());
    let yes_no = |b: bool| t!(lang, if b { "word-yes" } else { "word-no" });
    let text = t!(
        lang,
        "mydata",
        id = user.id.to_string(),
        language = user
            .lang
            .map_or_else(|| t!(lang, "settings-district-none"), |l| t!(l, "lang-name")),
        district = user
            .district
            .map_or_else(|| t!(lang, "settings-district-none"), |d| d.name(lang).to_owned()),
        role = t!(lang, &format!("role-{}", ctx.role.as_str())),
        subscribed = yes_no(user.subscribed),
        first_seen = date(user.first_seen),
        last_seen = date(user.last_seen),
    );
    let (questions, rsvps) = app.db.user_activity(ctx.id()).await?;
    let mut text = text;
    if let Some(name) = app.db.display_name(ctx.id()).await? {
        text.push('\n');
        text.push_str(&t!(
            lang,
            "mydata-name",
            name = crate::telegram_html::escape(&name)
        ));
    }
    let text = format!(
        "{text}\n{}",
        t!(
            lang,
            "mydata-activity",
            questions = t!(lang, "count-questions", count = questions),
            rsvps = rsvps
        )
    );
    // Their votes: shown to them only, here.
    let votes = app.db.user_votes(ctx.id()).await?;
    let mut text = text;
    if !votes.is_empty() {
        text.push_str(&format!("\n\n{}", t!(lang, "mydata-votes", count = votes.len())));
        for (set_ru, set_kk, ru, kk, vote) in &votes {
            text.push_str(&format!(
                "\n• {}: «{}» — {}",
                crate::telegram_html::escape(crate::storage::localized(lang, set_ru, set_kk)),
                crate::telegram_html::escape(crate::storage::localized(lang, ru, kk)),
                t!(lang, super::statements::vote_key(*vote))
            ));
        }
    }
    // Their comments on drafts, with where each stands.
    let comments = app.db.user_comments(ctx.id()).await?;
    if !comments.is_empty() {
        text.push_str(&format!(
            "\n\n{}",
            t!(lang, "mydata-comments", count = comments.len())
        ));
        for c in &comments {
            text.push_str(&format!(
                "\n• №{} ({}, {}): «{}» — {}",
                c.id,
                crate::telegram_html::escape(&c.doc_id),
                t!(lang, "digest-article-short", number = c.article),
                crate::telegram_html::escape(&crate::domain::shorten(&c.body, 120)),
                t!(lang, &format!("comment-status-{}", c.status))
            ));
        }
    }
    let text = crate::domain::shorten(&text, crate::telegram_html::MAX_MESSAGE_LEN);
    bot.send_message(ctx.chat, text).await?;
    Ok(())
}

/// `/forget`: ask first.
pub async fn forget(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "forget-confirm"))
        .reply_markup(keyboards::forget(ctx.lang))
        .await?;
    Ok(())
}

/// The answer to the `/forget` question.
pub async fn forget_confirmed(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    message: Option<MessageId>,
    yes: bool,
) -> HandlerResult {
    let text = if yes {
        app.db.forget_user(ctx.id()).await?;
        // The dialogue row went with the user; make sure teloxide's cached view agrees.
        dialogue.exit().await?;
        log::info!("user {} erased their data", ctx.id());
        t!(ctx.lang, "forget-done")
    } else {
        t!(ctx.lang, "forget-kept")
    };
    match message {
        Some(id) => bot.edit_message_text(ctx.chat, id, text).await?,
        None => bot.send_message(ctx.chat, text).await?,
    };
    if yes {
        bot.send_message(ctx.chat, t!(ctx.lang, "forget-restart"))
            .reply_markup(teloxide::types::KeyboardRemove::new())
            .await?;
    }
    Ok(())
}
