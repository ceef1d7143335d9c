//! Answers to what the bot did not expect: never silence.

use teloxide::{prelude::*, types::MessageKind};

use crate::{
    bot::{HandlerResult, Tg, UserCtx, keyboards},
    t,
};

/// A sticker, photo, voice, location… where nothing of the kind was asked for.
pub async fn unexpected_message(bot: Tg, ctx: UserCtx, msg: Message) -> HandlerResult {
    if !matches!(msg.kind, MessageKind::Common(_)) {
        // Service messages (pins, members joining…) need no answer.
        return Ok(());
    }
    bot.send_message(ctx.chat, t!(ctx.lang, "hint-unexpected"))
        .reply_markup(keyboards::main_menu(ctx.lang))
        .await?;
    Ok(())
}

/// `/something` the bot does not know.
pub async fn unknown_command(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "hint-unknown-command"))
        .await?;
    Ok(())
}

/// A button whose data is not ours (forged, or from an old version of the bot).
pub async fn unknown_callback(bot: Tg, q: CallbackQuery, ctx: UserCtx) -> HandlerResult {
    log::warn!(
        "unrecognised callback data from user {}: {:?}",
        ctx.id(),
        q.data.as_deref().map(|d| d.chars().take(64).collect::<String>())
    );
    bot.answer_callback_query(q.id)
        .text(t!(ctx.lang, "callback-outdated"))
        .show_alert(true)
        .await?;
    Ok(())
}

/// A button of a step the user is no longer in (pressed twice, or after /cancel).
pub async fn outdated_button(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "callback-outdated"))
        .await?;
    Ok(())
}
