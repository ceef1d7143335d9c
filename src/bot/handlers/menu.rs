//! The main menu: its reply-keyboard buttons (matched in either language) and inline shortcuts.

use std::sync::Arc;

use teloxide::prelude::*;

use crate::{
    bot::{Dialogue, HandlerResult, Tg, UserCtx, callback::MenuTarget},
    context::App,
    i18n,
};

use super::{content, events, questions, settings};
use crate::bot::state::AskStart;

/// A main-menu button, recognised by its text in either language.
#[derive(Clone, Copy, Debug)]
pub struct MenuButton(pub MenuTarget);

impl MenuButton {
    pub fn from_message(m: Message) -> Option<Self> {
        let text = m.text()?;
        [
            ("menu-constitution", MenuTarget::Constitution),
            ("menu-events", MenuTarget::Events),
            ("menu-ask", MenuTarget::Ask),
            ("menu-settings", MenuTarget::Settings),
        ]
        .into_iter()
        .find(|(key, _)| i18n::is_any(text, key))
        .map(|(_, target)| Self(target))
    }
}

pub async fn pressed(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    button: MenuButton,
) -> HandlerResult {
    // A menu button leaves whatever flow the user was in.
    dialogue.update(crate::bot::State::Idle).await?;
    open(bot, app, ctx, dialogue, button.0).await
}

pub async fn open(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    target: MenuTarget,
) -> HandlerResult {
    match target {
        MenuTarget::Settings => settings::show(bot, ctx).await,
        MenuTarget::Constitution => content::constitution(bot, app, ctx).await,
        MenuTarget::Ask => questions::start(bot, app, ctx, dialogue, AskStart::default()).await,
        MenuTarget::Events => events::list(bot, app, ctx).await,
    }
}
