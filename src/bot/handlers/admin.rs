//! Admin actions.

use std::sync::Arc;

use teloxide::prelude::*;

use crate::{
    app::App,
    bot::{HandlerResult, Tg, UserCtx},
    t,
    telegram_html::escape,
};

/// `/reload`: read the content pack again; a broken pack is refused and the old one stays.
pub async fn reload(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let text = match app.content.reload() {
        Ok(summary) => {
            log::info!("admin {} reloaded the content pack: {summary}", ctx.id());
            t!(ctx.lang, "reload-done", summary = escape(&summary.to_string()))
        }
        Err(problems) => {
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
    };
    bot.send_message(ctx.chat, text).await?;
    Ok(())
}
