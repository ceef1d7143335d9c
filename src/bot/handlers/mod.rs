//! Handlers: one function per user action, grouped by feature.

pub mod admin;
pub mod broadcast;
pub mod content;
pub mod events;
pub mod fallback;
pub mod menu;
pub mod privacy;
pub mod questions;
pub mod settings;
pub mod start;
pub mod volunteer;

use std::sync::Arc;

use teloxide::prelude::*;

use super::{
    Dialogue, HandlerResult, State, Tg, UserCtx, callback::Callback, commands::Command, state::AskStart,
};
use crate::context::App;

/// Routes a command (already authorised) to its handler.
pub async fn command(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    state: State,
    cmd: Command,
) -> HandlerResult {
    match cmd {
        Command::Start(payload) => start::start(bot, app, ctx, dialogue, payload).await,
        Command::Help => start::help(bot, ctx).await,
        Command::Lang => start::choose_language(bot, ctx).await,
        Command::Cancel => start::cancel(bot, ctx, dialogue, state).await,
        Command::Settings => settings::show(bot, ctx).await,
        Command::Subscribe => settings::subscribe(bot, app, ctx, true).await,
        Command::Unsubscribe => settings::subscribe(bot, app, ctx, false).await,
        Command::Privacy => privacy::privacy(bot, ctx).await,
        Command::Mydata => privacy::my_data(bot, app, ctx).await,
        Command::Forget => privacy::forget(bot, ctx).await,
        Command::Constitution => content::constitution(bot, app, ctx).await,
        Command::Article(n) => content::article(bot, app, ctx, n).await,
        Command::Themes => content::themes(bot, app, ctx).await,
        Command::Glossary => content::glossary(bot, app, ctx).await,
        Command::Reload => admin::reload(bot, app, ctx).await,
        Command::Ask => questions::start(bot, app, ctx, dialogue, AskStart::default()).await,
        Command::Myquestions => questions::mine(bot, app, ctx).await,
        Command::Queue => volunteer::queue(bot, app, ctx).await,
        Command::Addvolunteer => admin::add_volunteer(bot, app, ctx).await,
        Command::Volunteers => admin::volunteers(bot, app, ctx).await,
        Command::Export => admin::export(bot, app, ctx).await,
        Command::Broadcast => broadcast::start(bot, ctx, dialogue).await,
        Command::Stopbroadcast => broadcast::stop(bot, app, ctx, None).await,
        Command::Audit => broadcast::audit(bot, app, ctx).await,
        Command::Stats => admin::stats(bot, app, ctx).await,
        Command::Events => events::list(bot, app, ctx).await,
    }
}

/// Routes a button press (decoded and authorised) to its handler. Every press is answered.
pub async fn callback(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    state: State,
    q: CallbackQuery,
    cb: Callback,
) -> HandlerResult {
    let message = q.message.as_ref().map(|m| m.id());
    bot.answer_callback_query(q.id.clone()).await?;
    match cb {
        Callback::SetLang(lang) => {
            start::language_chosen(bot, app, ctx, dialogue, message, lang, state).await
        }
        Callback::Settings(action) => settings::action(bot, app, ctx, message, action).await,
        Callback::SetDistrict(d) => settings::district_chosen(bot, app, ctx, message, d).await,
        Callback::Forget(yes) => privacy::forget_confirmed(bot, app, ctx, dialogue, message, yes).await,
        Callback::Menu(target) => menu::open(bot, app, ctx, dialogue, target).await,
        Callback::AskAbout { item } => {
            let start = AskStart {
                item: Some(item),
                ..AskStart::default()
            };
            questions::start(bot, app, ctx, dialogue, start).await
        }
        Callback::AskSearched => {
            let text = match state {
                State::SearchMiss { text, message_id } => Some((text, message_id)),
                _ => None,
            };
            questions::start(
                bot,
                app,
                ctx,
                dialogue,
                AskStart {
                    text,
                    ..AskStart::default()
                },
            )
            .await
        }
        Callback::Consent(yes) => questions::consent(bot, app, ctx, dialogue, state, message, yes).await,
        Callback::SubmitQuestion(send) => {
            questions::submit(bot, app, ctx, dialogue, state, message, send).await
        }
        Callback::ShowFaq { id } => questions::show_faq(bot, app, ctx, id).await,
        Callback::Rate { question, helpful } => {
            questions::rate(bot, app, ctx, message, question, helpful).await
        }
        Callback::FollowUp { question } => questions::follow_up(bot, app, ctx, dialogue, question).await,
        Callback::TakeNext => volunteer::take_next(bot, app, ctx).await,
        Callback::QueueLang(lang) => volunteer::toggle_lang(bot, app, ctx, lang).await,
        Callback::Volunteer { question, action } => {
            volunteer::action(bot, app, ctx, dialogue, state, q, (question, action)).await
        }
        Callback::RemoveVolunteer { user } => admin::remove_volunteer(bot, app, ctx, user).await,
        Callback::BroadcastTo(choice) => {
            broadcast::audience_chosen(bot, app, ctx, dialogue, state, message, choice).await
        }
        Callback::BroadcastNow => broadcast::send_now(bot, app, ctx, dialogue, state).await,
        Callback::BroadcastLater => broadcast::later(bot, ctx, dialogue, state).await,
        Callback::BroadcastCancel => broadcast::cancel(bot, ctx, dialogue, message).await,
        Callback::StopBroadcast { id } => broadcast::stop(bot, app, ctx, Some(id)).await,
        Callback::Undeliverable(retry) => admin::undeliverable(bot, app, ctx, retry).await,
        nav @ (Callback::Sections { .. }
        | Callback::Section { .. }
        | Callback::Item { .. }
        | Callback::Themes
        | Callback::Theme { .. }
        | Callback::Glossary { .. }) => content::navigate(bot, app, ctx, message, nav).await,
        nav @ (Callback::Events { .. } | Callback::EventsFilter { .. }) => {
            events::navigate(bot, app, ctx, message, nav).await
        }
        Callback::Event { id, action } => events::card_action(bot, app, ctx, message, id, action).await,
        Callback::EventsNear => events::ask_location(bot, ctx).await,
    }
}
