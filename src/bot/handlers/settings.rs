//! Settings: language, district, announcement subscription; and noticing a blocked bot.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{ChatMemberUpdated, MessageId},
};

use crate::{
    bot::{HandlerResult, Tg, UserCtx, callback::SettingsAction, keyboards},
    context::App,
    domain::{District, Lang},
    storage::UserRow,
    t,
};

fn card(lang: Lang, user: &UserRow) -> String {
    let district = user
        .district
        .map_or_else(|| t!(lang, "settings-district-none"), |d| d.name(lang).to_owned());
    let subscription = match (user.subscribed, user.district_only) {
        (false, _) => t!(lang, "settings-sub-off"),
        (true, false) => t!(lang, "settings-sub-all"),
        (true, true) => t!(lang, "settings-sub-district"),
    };
    t!(
        lang,
        "settings-card",
        language = t!(lang, "lang-name"),
        district = district,
        subscription = subscription
    )
}

/// `/settings` or the menu button: the settings card.
pub async fn show(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, card(ctx.lang, &ctx.user))
        .reply_markup(keyboards::settings(ctx.lang, &ctx.user))
        .await?;
    Ok(())
}

/// Shows the card in place of `message` (or anew).
async fn refresh(bot: &Tg, app: &App, ctx: &UserCtx, message: Option<MessageId>) -> HandlerResult {
    let user = app.db.user(ctx.id()).await?.unwrap_or_else(|| ctx.user.clone());
    let lang = user.lang.unwrap_or(ctx.lang);
    let (text, markup) = (card(lang, &user), keyboards::settings(lang, &user));
    match message {
        Some(id) => {
            bot.edit_message_text(ctx.chat, id, text)
                .reply_markup(markup)
                .await?;
        }
        None => {
            bot.send_message(ctx.chat, text).reply_markup(markup).await?;
        }
    }
    Ok(())
}

/// A settings button.
pub async fn action(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    action: SettingsAction,
) -> HandlerResult {
    let user = &ctx.user;
    match action {
        SettingsAction::Show => {}
        SettingsAction::Lang => {
            bot.send_message(ctx.chat, t!(ctx.lang, "lang-choose"))
                .reply_markup(keyboards::languages(ctx.lang))
                .await?;
            return Ok(());
        }
        SettingsAction::District => {
            let text = t!(ctx.lang, "district-choose");
            let markup = keyboards::districts(ctx.lang, user.district);
            match message {
                Some(id) => {
                    bot.edit_message_text(ctx.chat, id, text)
                        .reply_markup(markup)
                        .await?
                }
                None => bot.send_message(ctx.chat, text).reply_markup(markup).await?,
            };
            return Ok(());
        }
        SettingsAction::DistrictOnce => {
            bot.send_message(ctx.chat, t!(ctx.lang, "ask-district-once"))
                .reply_markup(keyboards::districts(ctx.lang, user.district))
                .await?;
            return Ok(());
        }
        SettingsAction::ToggleSubscription => {
            app.db
                .set_subscription(ctx.id(), !user.subscribed, user.district_only)
                .await?;
        }
        SettingsAction::ToggleDistrictOnly => {
            if user.district.is_none() && !user.district_only {
                bot.send_message(ctx.chat, t!(ctx.lang, "settings-need-district"))
                    .await?;
                return Ok(());
            }
            app.db
                .set_subscription(ctx.id(), user.subscribed, !user.district_only)
                .await?;
        }
    }
    refresh(&bot, &app, &ctx, message).await
}

/// A district button.
pub async fn district_chosen(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    district: District,
) -> HandlerResult {
    app.db.set_district(ctx.id(), district).await?;
    refresh(&bot, &app, &ctx, message).await
}

/// `/subscribe` and `/unsubscribe`.
pub async fn subscribe(bot: Tg, app: Arc<App>, ctx: UserCtx, on: bool) -> HandlerResult {
    app.db
        .set_subscription(ctx.id(), on, ctx.user.district_only && on)
        .await?;
    let key = if on { "subscribe-done" } else { "unsubscribe-done" };
    bot.send_message(ctx.chat, t!(ctx.lang, key)).await?;
    Ok(())
}

/// The user blocked (or unblocked) the bot: remember it, so nothing is sent in vain.
pub async fn membership_changed(app: Arc<App>, update: ChatMemberUpdated) -> HandlerResult {
    if !update.chat.is_private() {
        return Ok(());
    }
    let user = update.from.id.0 as i64;
    let blocked = update.new_chat_member.is_banned() || update.new_chat_member.is_left();
    log::info!(
        "user {user} {} the bot",
        if blocked { "blocked" } else { "unblocked" }
    );
    app.db.set_blocked(user, blocked).await?;
    Ok(())
}
