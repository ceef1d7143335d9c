//! Handlers: one function per user action, grouped by feature.

pub mod admin;
pub mod broadcast;
pub mod content;
pub mod drafts;
pub mod editors;
pub mod events;
pub mod fallback;
pub mod law;
pub mod menu;
mod moderation;
pub mod organisers;
pub mod privacy;
pub mod questions;
pub mod report;
pub mod settings;
pub mod start;
pub mod statements;
mod toc;
pub mod volunteer;

use std::sync::Arc;

use super::{Dialogue, HandlerResult, State, Tg, UserCtx, commands::Command, state::AskStart};
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
        Command::Article(n) => law::article(bot, app, ctx, n).await,
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
        Command::Addeditor => editors::add_editor(bot, app, ctx).await,
        Command::Editors => editors::editors(bot, app, ctx).await,
        Command::Rollback => editors::versions(bot, app, ctx).await,
        Command::Pack => editors::pack(bot, app, ctx).await,
        Command::Review => editors::review(bot, app, ctx).await,
        Command::Statements => statements::list(bot, app, ctx).await,
        Command::Drafts => drafts::list(bot, app, ctx, None).await,
        Command::Digest(id) => drafts::digest(bot, app, ctx, id).await,
        Command::Report(arg) => report::report(bot, app, ctx, arg).await,
        Command::Mystats => report::mystats(bot, app, ctx).await,
        Command::Addorganiser(arg) => organisers::add(bot, app, ctx, arg).await,
        Command::Organisers => organisers::list(bot, app, ctx).await,
    }
}
