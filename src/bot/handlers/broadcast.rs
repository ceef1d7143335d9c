//! Admins: composing an announcement, choosing its audience, previewing it exactly as recipients
//! will see it, sending or scheduling it, stopping it; `/stats` and `/audit`.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardMarkup, InputFile, MessageId},
    utils::render::RenderMessageTextHelper,
};

use crate::{
    bot::{
        Dialogue, HandlerResult, State, Tg, UserCtx,
        callback::{AudienceChoice, Callback},
        keyboards::button,
        state::BroadcastDraft,
    },
    context::App,
    domain::{Audience, District, Lang, format_local, parse_local},
    services::broadcasts,
    t,
    telegram_html::{self, escape},
};

/// `/broadcast`: ask for the announcement.
pub async fn start(bot: Tg, ctx: UserCtx, dialogue: Dialogue) -> HandlerResult {
    dialogue.update(State::BroadcastCompose).await?;
    bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-compose"))
        .await?;
    Ok(())
}

/// The announcement: formatted text, or a photo with a caption.
pub async fn composed(bot: Tg, ctx: UserCtx, dialogue: Dialogue, msg: Message) -> HandlerResult {
    let photo = msg.photo().and_then(|p| p.last()).map(|p| p.file.id.to_string());
    let html = if photo.is_some() {
        msg.html_caption()
            .or_else(|| msg.caption().map(escape))
            .unwrap_or_default()
    } else {
        msg.html_text()
            .or_else(|| msg.text().map(escape))
            .unwrap_or_default()
    };
    let len = telegram_html::validate(&html).unwrap_or(usize::MAX);
    let limit = if photo.is_some() {
        telegram_html::MAX_CAPTION_LEN
    } else {
        telegram_html::MAX_MESSAGE_LEN
    };
    if (html.trim().is_empty() && photo.is_none()) || len > limit {
        bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-bad-input", max = limit))
            .await?;
        return Ok(());
    }
    dialogue
        .update(State::BroadcastAudience {
            draft: BroadcastDraft { html, photo },
        })
        .await?;
    bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-audience"))
        .reply_markup(audience_keyboard(ctx.lang))
        .await?;
    Ok(())
}

fn audience_keyboard(lang: Lang) -> InlineKeyboardMarkup {
    let to = |key: &str, choice| button(t!(lang, key), &Callback::BroadcastTo(choice));
    InlineKeyboardMarkup::new(vec![
        vec![to("broadcast-to-all", AudienceChoice::All)],
        vec![
            to("broadcast-to-ru", AudienceChoice::Lang(Lang::Ru)),
            to("broadcast-to-kk", AudienceChoice::Lang(Lang::Kk)),
        ],
        vec![to("broadcast-to-district", AudienceChoice::Districts)],
        vec![to("broadcast-to-event", AudienceChoice::Events)],
        vec![button(t!(lang, "ask-cancel"), &Callback::BroadcastCancel)],
    ])
}

async fn describe(app: &App, lang: Lang, audience: &Audience) -> String {
    match audience {
        Audience::Event { event } => match app.db.event(*event).await {
            Ok(Some(e)) => t!(
                lang,
                "broadcast-to-event-named",
                title = escape(e.event.title(lang))
            ),
            _ => t!(lang, "broadcast-to-event"),
        },
        Audience::All => t!(lang, "broadcast-to-all"),
        Audience::Lang { lang: l } => t!(
            lang,
            if *l == Lang::Ru {
                "broadcast-to-ru"
            } else {
                "broadcast-to-kk"
            }
        ),
        Audience::District { district } => district.name(lang).to_owned(),
    }
}

/// An audience button: the preview and the recipient count.
pub async fn audience_chosen(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    draft: BroadcastDraft,
    message: Option<MessageId>,
    choice: AudienceChoice,
) -> HandlerResult {
    let audience = match choice {
        AudienceChoice::All => Audience::All,
        AudienceChoice::Lang(lang) => Audience::Lang { lang },
        AudienceChoice::District(district) => Audience::District { district },
        AudienceChoice::Event(event) => Audience::Event { event },
        AudienceChoice::Events => {
            let filter = crate::domain::EventFilter::default();
            let events = app
                .db
                .upcoming_events(&filter, crate::storage::now(), 10, 0)
                .await?;
            if events.is_empty() {
                bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-no-events"))
                    .await?;
                return Ok(());
            }
            let rows: Vec<_> = events
                .iter()
                .map(|e| {
                    let when = chrono::DateTime::from_timestamp(e.event.starts_at, 0)
                        .map(format_local)
                        .unwrap_or_default();
                    vec![button(
                        format!("{when} · {}", e.event.title(ctx.lang)),
                        &Callback::BroadcastTo(AudienceChoice::Event(e.row_id)),
                    )]
                })
                .collect();
            return offer_choices(&bot, &ctx, message, rows).await;
        }
        AudienceChoice::Districts => {
            let rows: Vec<_> = District::all()
                .collect::<Vec<_>>()
                .chunks(2)
                .map(|pair| {
                    pair.iter()
                        .map(|d| {
                            button(
                                d.name(ctx.lang),
                                &Callback::BroadcastTo(AudienceChoice::District(*d)),
                            )
                        })
                        .collect()
                })
                .collect();
            return offer_choices(&bot, &ctx, message, rows).await;
        }
    };
    let count = app.db.audience_size(&audience).await?;
    // The preview, exactly as recipients will get it.
    match &draft.photo {
        Some(photo) => {
            bot.send_photo(ctx.chat, InputFile::file_id(photo.clone().into()))
                .caption(draft.html.clone())
                .await?;
        }
        None => {
            bot.send_message(ctx.chat, draft.html.clone()).await?;
        }
    }
    let markup = InlineKeyboardMarkup::new(vec![
        vec![button(
            t!(ctx.lang, "broadcast-send-now"),
            &Callback::BroadcastNow,
        )],
        vec![button(
            t!(ctx.lang, "broadcast-schedule"),
            &Callback::BroadcastLater,
        )],
        vec![button(t!(ctx.lang, "ask-cancel"), &Callback::BroadcastCancel)],
    ]);
    let text = t!(
        ctx.lang,
        "broadcast-confirm",
        audience = describe(&app, ctx.lang, &audience).await,
        count = count
    );
    dialogue
        .update(State::BroadcastConfirm { draft, audience })
        .await?;
    bot.send_message(ctx.chat, text).reply_markup(markup).await?;
    Ok(())
}

/// Replaces the audience buttons with `rows` (and Cancel), in place.
async fn offer_choices(
    bot: &Tg,
    ctx: &UserCtx,
    message: Option<MessageId>,
    mut rows: Vec<Vec<teloxide::types::InlineKeyboardButton>>,
) -> HandlerResult {
    rows.push(vec![button(
        t!(ctx.lang, "ask-cancel"),
        &Callback::BroadcastCancel,
    )]);
    if let Some(id) = message {
        bot.edit_message_reply_markup(ctx.chat, id)
            .reply_markup(InlineKeyboardMarkup::new(rows))
            .await?;
    }
    Ok(())
}

/// Send now: the outbox rows are written in one transaction, then the sender takes over.
pub async fn send_now(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    (draft, audience): (BroadcastDraft, Audience),
) -> HandlerResult {
    let announcement = broadcasts::Announcement {
        html: &draft.html,
        photo: draft.photo.as_deref(),
        audience: &audience,
    };
    let (id, total) = broadcasts::send_now(&app, ctx.id(), &announcement).await?;
    dialogue.update(State::Idle).await?;
    let progress = bot
        .send_message(
            ctx.chat,
            t!(
                ctx.lang,
                "broadcast-progress",
                id = id,
                sent = 0,
                failed = 0,
                left = total,
                eta = 0
            ),
        )
        .reply_markup(InlineKeyboardMarkup::new(vec![vec![button(
            t!(ctx.lang, "broadcast-stop"),
            &Callback::StopBroadcast { id },
        )]]))
        .await?;
    app.db.set_progress_message(id, i64::from(progress.id.0)).await?;
    Ok(())
}

/// Schedule: ask when.
pub async fn later(
    bot: Tg,
    ctx: UserCtx,
    dialogue: Dialogue,
    (draft, audience): (BroadcastDraft, Audience),
) -> HandlerResult {
    dialogue.update(State::BroadcastWhen { draft, audience }).await?;
    bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-when")).await?;
    Ok(())
}

/// The time for a scheduled broadcast (local time).
pub async fn when_written(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    (draft, audience): (BroadcastDraft, Audience),
) -> HandlerResult {
    let Some(at) = msg
        .text()
        .and_then(parse_local)
        .filter(|t| *t > chrono::Utc::now())
    else {
        bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-when-bad"))
            .await?;
        return Ok(());
    };
    let announcement = broadcasts::Announcement {
        html: &draft.html,
        photo: draft.photo.as_deref(),
        audience: &audience,
    };
    let id = broadcasts::schedule(&app, ctx.id(), &announcement, at).await?;
    dialogue.update(State::Idle).await?;
    let markup = InlineKeyboardMarkup::new(vec![vec![button(
        t!(ctx.lang, "broadcast-stop"),
        &Callback::StopBroadcast { id },
    )]]);
    bot.send_message(
        ctx.chat,
        t!(ctx.lang, "broadcast-scheduled", id = id, at = format_local(at)),
    )
    .reply_markup(markup)
    .await?;
    Ok(())
}

pub async fn cancel(bot: Tg, ctx: UserCtx, dialogue: Dialogue, message: Option<MessageId>) -> HandlerResult {
    dialogue.update(State::Idle).await?;
    match message {
        Some(id) => {
            bot.edit_message_text(ctx.chat, id, t!(ctx.lang, "broadcast-cancelled"))
                .await?
        }
        None => {
            bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-cancelled"))
                .await?
        }
    };
    Ok(())
}

/// Stop under a broadcast's progress message.
pub async fn stop_button(bot: Tg, app: Arc<App>, ctx: UserCtx, id: i64) -> HandlerResult {
    stop(bot, app, ctx, Some(id)).await
}

/// `/stopbroadcast` (the running one) or the Stop button (that one).
pub async fn stop(bot: Tg, app: Arc<App>, ctx: UserCtx, id: Option<i64>) -> HandlerResult {
    match app.db.stop_broadcast(id).await? {
        Some(id) => {
            app.db
                .audit(ctx.id(), "broadcast_stopped", &format!("#{id}"))
                .await?;
            log::info!("admin {} stopped broadcast {id}", ctx.id());
            bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-stopped", id = id))
                .await?;
        }
        None => {
            bot.send_message(ctx.chat, t!(ctx.lang, "broadcast-nothing-to-stop"))
                .await?;
        }
    }
    Ok(())
}

/// `/audit`: the latest admin actions.
pub async fn audit(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let entries = app.db.audit_latest(20).await?;
    if entries.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "audit-empty")).await?;
        return Ok(());
    }
    let lines = entries
        .iter()
        .map(|e| {
            let at = chrono::DateTime::from_timestamp(e.at, 0)
                .map(format_local)
                .unwrap_or_default();
            format!(
                "{at} · {} · <b>{}</b> {}",
                e.actor,
                escape(&e.action),
                escape(&e.detail)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    bot.send_message(ctx.chat, format!("{}\n\n{lines}", t!(ctx.lang, "audit-title")))
        .await?;
    Ok(())
}
