//! Admin actions.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardMarkup, InputFile},
};

use crate::{
    bot::{HandlerResult, Tg, UserCtx, callback::Callback, commands, deeplink::DeepLink, keyboards::button},
    context::App,
    domain::{Grant, Role},
    services::{
        invites,
        packs::{self, UploadError},
        volunteers,
    },
    storage::InviteOutcome,
    t,
    telegram_html::escape,
};

/// `/reload`: the pack in `CONTENT_DIR` becomes live, on purpose (also after editors
/// published from Telegram); a broken pack is refused and the live one stays.
pub async fn reload(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let text = match packs::reload_dir(&app, ctx.id()).await {
        Ok(summary) => {
            log::info!("admin {} reloaded the content pack: {summary}", ctx.id());
            t!(ctx.lang, "reload-done", summary = escape(&summary.to_string()))
        }
        Err(UploadError::Problems(problems)) => {
            log::warn!(
                "admin {} tried to reload a broken content pack ({} problems)",
                ctx.id(),
                problems.len()
            );
            let list = problems
                .iter()
                .take(15)
                .map(|p| escape(&p.to_string()))
                .collect::<Vec<_>>()
                .join("\n");
            t!(ctx.lang, "reload-failed", count = problems.len(), problems = list)
        }
        Err(e) => return Err(e.into()),
    };
    bot.send_message(ctx.chat, text).await?;
    Ok(())
}

/// `/addvolunteer`: a one-time invite link.
pub async fn add_volunteer(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let token = invites::create(&app, ctx.id(), Grant::Volunteer, None).await?;
    let link = format!(
        "https://t.me/{}?start={}",
        app.bot_username(),
        DeepLink::VolunteerInvite(token).encode()
    );
    bot.send_message(ctx.chat, t!(ctx.lang, "invite-created", link = escape(&link)))
        .await?;
    Ok(())
}

/// Opening an invite link.
pub async fn invite_opened(bot: &Tg, app: &App, ctx: &UserCtx, token: &str) -> HandlerResult {
    let outcome = invites::accept(app, ctx.id(), &ctx.name, token, Grant::Volunteer).await?;
    let key = match outcome {
        InviteOutcome::Granted => {
            commands::register_for(bot.inner(), ctx.id(), Role::Volunteer).await;
            "invite-granted"
        }
        InviteOutcome::Expired => "invite-expired",
        InviteOutcome::AlreadyUsed => "invite-used",
        InviteOutcome::Unknown => "invite-unknown",
    };
    bot.send_message(ctx.chat, t!(ctx.lang, key)).await?;
    Ok(())
}

/// `/volunteers`: the list, with Remove buttons.
pub async fn volunteers(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let list = app.db.volunteers().await?;
    roster(
        &bot,
        &ctx,
        &list,
        ["volunteers-none", "volunteers-list"],
        |user| Callback::RemoveVolunteer { user },
    )
    .await
}

/// People holding a role, each a Remove button (`keys`: the text for none, the list's title).
pub(super) async fn roster(
    bot: &Tg,
    ctx: &UserCtx,
    list: &[(i64, Option<String>)],
    [none, title]: [&str; 2],
    remove: impl Fn(i64) -> Callback,
) -> HandlerResult {
    if list.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, none)).await?;
        return Ok(());
    }
    let rows = list
        .iter()
        .map(|(id, name)| {
            let name = name.clone().unwrap_or_else(|| t!(ctx.lang, "volunteers-no-name"));
            vec![button(
                t!(ctx.lang, "volunteers-remove", id = id.to_string(), name = name),
                &remove(*id),
            )]
        })
        .collect::<Vec<_>>();
    bot.send_message(ctx.chat, t!(ctx.lang, title, count = list.len()))
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// Remove button under `/volunteers`: the role ends at once (see [`volunteers::remove`]).
pub async fn remove_volunteer(bot: Tg, app: Arc<App>, ctx: UserCtx, user: i64) -> HandlerResult {
    volunteers::remove(&app, ctx.id(), user, ctx.lang).await?;
    commands::register_for(bot.inner(), user, Role::Resident).await;
    bot.send_message(
        ctx.chat,
        t!(ctx.lang, "volunteers-removed", id = user.to_string()),
    )
    .await?;
    Ok(())
}

/// `/export`: questions as a CSV document.
pub async fn export(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let csv = crate::export::questions_csv(&app.db).await?;
    app.db.audit(ctx.id(), "questions_export", "").await?;
    let name = format!("questions-{}.csv", chrono::Utc::now().format("%Y%m%d-%H%M"));
    bot.send_document(ctx.chat, InputFile::memory(csv).file_name(name))
        .await?;
    Ok(())
}

/// `/stats`: numbers and a chart of daily activity.
pub async fn stats(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let s = app.db.stats().await?;
    let lang = ctx.lang;
    let districts = s
        .by_district
        .iter()
        .map(|(d, n)| {
            let name = d.parse::<crate::domain::District>().map_or_else(
                |_| t!(lang, "settings-district-none"),
                |d| d.name(lang).to_owned(),
            );
            format!("{name}: {n}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let median = s
        .median_answer_minutes
        .map_or_else(|| "—".to_owned(), |m| m.to_string());
    let text = t!(
        lang,
        "stats",
        residents = s.residents,
        ru = s.lang_ru,
        kk = s.lang_kk,
        districts = escape(&districts),
        subscribers = s.subscribers,
        blocked = s.blocked,
        waiting = s.questions_waiting,
        answered = s.questions_answered,
        rejected = s.questions_rejected,
        median = median,
        helpful = s.helpful,
        not_helpful = s.not_helpful,
        broadcasts = s.broadcasts,
        sent = s.broadcast_messages
    );
    let undeliverable = app.db.undeliverable_count().await?;
    let expired = app.db.expired_count().await?;
    let mut request = bot.send_message(
        ctx.chat,
        format!(
            "{text}\n\n{}",
            t!(
                lang,
                "stats-undeliverable",
                count = undeliverable,
                expired = expired
            )
        ),
    );
    if undeliverable > 0 {
        request = request.reply_markup(InlineKeyboardMarkup::new(vec![vec![
            button(
                t!(lang, "stats-undeliverable-retry"),
                &Callback::Undeliverable(true),
            ),
            button(
                t!(lang, "stats-undeliverable-discard"),
                &Callback::Undeliverable(false),
            ),
        ]]));
    }
    request.await?;
    let labels = crate::chart::Labels {
        title: t!(lang, "stats-chart-title"),
        users: t!(lang, "stats-chart-users"),
        questions: t!(lang, "stats-chart-questions"),
        days_ago: t!(lang, "stats-chart-days"),
    };
    match crate::chart::daily_activity(&s.daily, &labels) {
        Ok(png) => {
            bot.send_photo(ctx.chat, InputFile::memory(png).file_name("activity.png"))
                .await?;
        }
        Err(e) => log::error!("cannot draw the activity chart: {e}"),
    }
    Ok(())
}

/// Retry or discard everything given up (buttons under `/stats`).
pub async fn undeliverable(bot: Tg, app: Arc<App>, ctx: UserCtx, retry: bool) -> HandlerResult {
    let (count, key, action) = if retry {
        (
            app.db.retry_undeliverable().await?,
            "undeliverable-retried",
            "undeliverable_retried",
        )
    } else {
        (
            app.db.discard_undeliverable().await?,
            "undeliverable-discarded",
            "undeliverable_discarded",
        )
    };
    app.db.audit(ctx.id(), action, &count.to_string()).await?;
    app.outbox.wake();
    bot.send_message(ctx.chat, t!(ctx.lang, key, count = count as i64))
        .await?;
    Ok(())
}
