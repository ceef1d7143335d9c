//! First contact, language, help and leaving a flow.

use std::sync::Arc;

use teloxide::{prelude::*, types::MessageId};

use super::{content, events};
use crate::{
    bot::{Dialogue, HandlerResult, State, Tg, UserCtx, deeplink::DeepLink, keyboards},
    context::App,
    domain::{Lang, Role},
    t,
    ui::view::show,
};

/// `/start [payload]`: language first for a newcomer, then the welcome and the main menu.
pub async fn start(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    payload: String,
) -> HandlerResult {
    let payload = Some(payload.trim().to_owned()).filter(|p| !p.is_empty());
    if !ctx.lang_chosen() {
        dialogue.update(State::ChoosingLanguage { payload }).await?;
        let first = ctx.telegram_lang.unwrap_or(Lang::Kk);
        bot.send_message(ctx.chat, t!(first, "lang-choose-first"))
            .reply_markup(keyboards::languages(first))
            .await?;
        return Ok(());
    }
    dialogue.update(State::Idle).await?;
    welcome(&bot, &ctx, ctx.lang).await?;
    if let Some(payload) = payload {
        open_deep_link(bot, app, ctx, &payload).await?;
    }
    Ok(())
}

async fn welcome(bot: &Tg, ctx: &UserCtx, lang: Lang) -> HandlerResult {
    bot.send_message(ctx.chat, t!(lang, "welcome"))
        .reply_markup(keyboards::main_menu(lang))
        .await?;
    Ok(())
}

/// Opens what a `t.me/<bot>?start=<payload>` link points to.
async fn open_deep_link(bot: Tg, app: Arc<App>, ctx: UserCtx, payload: &str) -> HandlerResult {
    match DeepLink::parse(payload) {
        Some(DeepLink::Article(id)) if app.content.get().item(&id).is_some() => {
            return content::open_item(&bot, &app, &ctx, &id).await;
        }
        Some(DeepLink::EditorInvite(token)) => {
            return super::editors::invite_opened(&bot, &app, &ctx, &token).await;
        }
        Some(DeepLink::VolunteerInvite(token)) => {
            return super::admin::invite_opened(&bot, &app, &ctx, &token).await;
        }
        Some(DeepLink::Theme(theme)) => {
            let view = content::theme_view(&app.content.get(), theme, ctx.lang, 0);
            return show(&bot, ctx.chat, None, view).await;
        }
        Some(DeepLink::Event(id)) => return events::open_by_external_id(&bot, &app, &ctx, &id).await,
        Some(DeepLink::LawArticle(n)) => return super::law::open(&bot, &app, &ctx, n).await,
        Some(DeepLink::Statements(set)) => return super::statements::open_link(&bot, &app, &ctx, &set).await,
        Some(DeepLink::DraftArticle(doc, n)) => {
            return super::drafts::open_link(&bot, &app, &ctx, &doc, n).await;
        }
        Some(DeepLink::OrganiserInvite(token)) => {
            return super::organisers::invite_opened(&bot, &app, &ctx, &token).await;
        }
        _ => {}
    }
    log::info!("unrecognised deep link from user {}: {payload:?}", ctx.id());
    bot.send_message(ctx.chat, t!(ctx.lang, "deep-link-unknown"))
        .await?;
    Ok(())
}

/// `/lang`: the language buttons, the current language first.
pub async fn choose_language(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "lang-choose"))
        .reply_markup(keyboards::languages(ctx.lang))
        .await?;
    Ok(())
}

/// A language button: remember it, confirm in the new language, continue where the user was.
pub async fn language_chosen(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    message: Option<MessageId>,
    lang: Lang,
    state: State,
) -> HandlerResult {
    app.db.set_lang(ctx.id(), lang).await?;
    crate::bot::commands::set_menu_button(&bot, &app, ctx.chat, lang).await;
    if let Some(id) = message {
        // The choice stays visible in the chat, without buttons to press again.
        if let Err(e) = bot.edit_message_text(ctx.chat, id, t!(lang, "lang-set")).await {
            log::debug!("cannot edit language message: {e}");
        }
    }
    dialogue.update(State::Idle).await?;
    welcome(&bot, &ctx, lang).await?;
    if let State::ChoosingLanguage {
        payload: Some(payload),
    } = state
    {
        let ctx = UserCtx { lang, ..ctx };
        open_deep_link(bot, app, ctx, &payload).await?;
    }
    Ok(())
}

/// Text while the language buttons are waiting.
pub async fn still_choosing_language(bot: Tg, ctx: UserCtx) -> HandlerResult {
    let first = ctx.telegram_lang.unwrap_or(Lang::Kk);
    bot.send_message(ctx.chat, t!(first, "lang-choose-first"))
        .reply_markup(keyboards::languages(first))
        .await?;
    Ok(())
}

/// `/help`: the commands this user can use.
pub async fn help(bot: Tg, ctx: UserCtx) -> HandlerResult {
    let mut text = t!(ctx.lang, "help");
    if ctx.role.allows(Role::Volunteer) {
        text.push_str("\n\n");
        text.push_str(&t!(ctx.lang, "help-volunteer"));
    }
    if ctx.role.allows(Role::Admin) {
        text.push_str("\n\n");
        text.push_str(&t!(ctx.lang, "help-admin"));
    }
    bot.send_message(ctx.chat, text)
        .reply_markup(keyboards::main_menu(ctx.lang))
        .await?;
    Ok(())
}

/// `/cancel`: leave whatever flow the user is in.
pub async fn cancel(bot: Tg, ctx: UserCtx, dialogue: Dialogue, was: State) -> HandlerResult {
    dialogue.update(State::Idle).await?;
    let key = if was == State::Idle {
        "cancel-nothing"
    } else {
        "cancel-done"
    };
    bot.send_message(ctx.chat, t!(ctx.lang, key))
        .reply_markup(keyboards::main_menu(ctx.lang))
        .await?;
    Ok(())
}
