//! The steps volunteers' moderation shares, for residents' proposed statements and their
//! comments on drafts: Approve / Reject under a card, the reason a rejection needs, and what
//! the volunteer sees after each decision (how many still wait, and the next one).

use teloxide::{prelude::*, types::InlineKeyboardMarkup};

use crate::{
    bot::{HandlerResult, Tg, UserCtx, callback::Callback, keyboards::button},
    domain::Lang,
    t,
};

/// Approve / Reject under a card.
pub fn approve_reject(lang: Lang, approve: Callback, reject: Callback) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![vec![
        button(t!(lang, "moderation-approve"), &approve),
        button(t!(lang, "moderation-reject"), &reject),
    ]])
}

/// Asks for the reason of a rejection (the author will read it).
pub async fn ask_reason(bot: &Tg, ctx: &UserCtx, max: usize) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "moderation-reason-prompt", max = max))
        .await?;
    Ok(())
}

/// The reason in `msg`, if it is one: text, not empty, at most `max` characters.
pub fn reason(msg: &Message, max: usize) -> Option<&str> {
    msg.text()
        .map(str::trim)
        .filter(|r| !r.is_empty() && r.chars().count() <= max)
}

/// After a decision: `key` (with how many still wait) and, when some do, the button to the next.
pub async fn decided(
    bot: &Tg,
    ctx: &UserCtx,
    key: &str,
    waiting: i64,
    next_key: &str,
    next: Callback,
) -> HandlerResult {
    let mut request = bot.send_message(ctx.chat, t!(ctx.lang, key, waiting = waiting));
    if waiting > 0 {
        request = request.reply_markup(InlineKeyboardMarkup::new(vec![vec![button(
            t!(ctx.lang, next_key),
            &next,
        )]]));
    }
    request.await?;
    Ok(())
}
