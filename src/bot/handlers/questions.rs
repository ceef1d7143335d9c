//! Residents' questions: consent, writing, similar answered questions, the receipt (only after
//! the row is committed), `/myquestions`, rating answers and follow-ups.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardMarkup, MessageId, ReplyMarkup},
};

use crate::{
    bot::{
        Dialogue, HandlerResult, State, Tg, UserCtx,
        callback::{Callback, SettingsAction},
        keyboards::{self, button},
        state::{Album, AskStart, Draft},
    },
    context::App,
    delivery::reply,
    domain::{Lang, Media, MediaKind, QuestionStatus, QuestionText, TextError, shorten},
    services::questions::{self, MAX_OPEN, MAX_PER_DAY},
    storage::{NewQuestion, OutboxState, QuestionRow, Submitted},
    t,
    telegram_html::{MAX_MESSAGE_LEN, escape, validate},
};

/// Starts an ask flow: limits, then consent (first time), then the prompt.
pub async fn start(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    start: AskStart,
) -> HandlerResult {
    let (open, today) = (ctx.open_questions, ctx.questions_today);
    if open >= MAX_OPEN || today >= MAX_PER_DAY {
        let key = if open >= MAX_OPEN {
            "ask-limit-open"
        } else {
            "ask-limit-day"
        };
        dialogue.update(State::Idle).await?;
        bot.send_message(ctx.chat, t!(ctx.lang, key, open = MAX_OPEN, day = MAX_PER_DAY))
            .await?;
        return Ok(());
    }
    if !ctx.user.question_consent {
        dialogue
            .update(State::AwaitingConsent {
                start: Box::new(start),
            })
            .await?;
        let markup = InlineKeyboardMarkup::new(vec![vec![
            button(t!(ctx.lang, "ask-consent-yes"), &Callback::Consent(true)),
            button(t!(ctx.lang, "ask-consent-no"), &Callback::Consent(false)),
        ]]);
        bot.send_message(ctx.chat, t!(ctx.lang, "ask-consent"))
            .reply_markup(markup)
            .await?;
        return Ok(());
    }
    proceed(bot, app, ctx, dialogue, start).await
}

/// After consent: either confirm text already written, or ask for the question.
async fn proceed(bot: Tg, app: Arc<App>, ctx: UserCtx, dialogue: Dialogue, start: AskStart) -> HandlerResult {
    if let Some((text, message_id)) = start.text
        && let Ok(text) = QuestionText::parse(&text)
    {
        let draft = Draft {
            text: Some(text),
            media: Vec::new(),
            item: start.item,
            follow_up: start.follow_up,
            source_message: message_id,
        };
        return confirm(app, ctx, dialogue, draft).await;
    }
    let about = start
        .item
        .as_deref()
        .and_then(|id| app.content.get().item(id).map(|i| i.text(ctx.lang).title.clone()));
    let mut text = match (&about, start.follow_up) {
        (_, Some(q)) => t!(ctx.lang, "ask-prompt-follow-up", number = q),
        (Some(title), None) => t!(ctx.lang, "ask-prompt-about", title = escape(title)),
        (None, None) => t!(ctx.lang, "ask-prompt"),
    };
    text.push_str("\n\n");
    text.push_str(&t!(ctx.lang, "ask-prompt-hint"));
    dialogue
        .update(State::Asking {
            item: start.item,
            follow_up: start.follow_up,
        })
        .await?;
    bot.send_message(ctx.chat, text).await?;
    Ok(())
}

/// The consent buttons.
pub async fn consent(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    start: Box<AskStart>,
    message: Option<MessageId>,
    yes: bool,
) -> HandlerResult {
    if let Some(id) = message {
        let key = if yes {
            "ask-consent-given"
        } else {
            "ask-consent-refused"
        };
        bot.edit_message_text(ctx.chat, id, t!(ctx.lang, key)).await?;
    }
    if !yes {
        dialogue.update(State::Idle).await?;
        return Ok(());
    }
    app.db.give_consent(ctx.id()).await?;
    proceed(bot, app, ctx, dialogue, *start).await
}

/// A message while the bot waits for the question.
pub async fn received(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    (item, follow_up): (Option<String>, Option<i64>),
) -> HandlerResult {
    let caption = msg.text().or(msg.caption()).unwrap_or_default();
    let media = if let Some(voice) = msg.voice() {
        Some(Media {
            kind: MediaKind::Voice,
            file_id: voice.file.id.to_string(),
        })
    } else {
        msg.photo().and_then(|sizes| sizes.last()).map(|p| Media {
            kind: MediaKind::Photo,
            file_id: p.file.id.to_string(),
        })
    };
    let text = match QuestionText::parse(caption) {
        Ok(t) => Some(t),
        Err(TextError::Empty) if media.is_some() => None,
        Err(TextError::Empty) => {
            bot.send_message(ctx.chat, t!(ctx.lang, "ask-not-text")).await?;
            return Ok(());
        }
        Err(TextError::TooLong { len, max }) => {
            bot.send_message(ctx.chat, t!(ctx.lang, "ask-too-long", len = len, max = max))
                .await?;
            return Ok(());
        }
    };
    if let (Some(group), Some(m)) = (msg.media_group_id(), media.clone()) {
        let album = Album {
            group: group.0.clone(),
            media: vec![m],
            text,
            item,
            follow_up,
            source_message: msg.id.0,
        };
        return collect_album(app, ctx, dialogue, album).await;
    }
    let draft = Draft {
        text,
        media: media.into_iter().collect(),
        item,
        follow_up,
        source_message: msg.id.0,
    };
    confirm(app, ctx, dialogue, draft).await
}

/// How long after an album's last photo it counts as complete (Telegram sends the parts of an
/// album as separate messages, a moment apart).
const ALBUM_QUIET: std::time::Duration = std::time::Duration::from_millis(1200);

/// A message while an album is arriving: its next photo (and maybe the caption), or something
/// else, which replaces it.
pub async fn album_part(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    album: Box<Album>,
) -> HandlerResult {
    let photo = msg.photo().and_then(|sizes| sizes.last()).map(|p| Media {
        kind: MediaKind::Photo,
        file_id: p.file.id.to_string(),
    });
    let (Some(group), Some(photo)) = (msg.media_group_id(), photo) else {
        return received(bot, app, ctx, dialogue, msg, (album.item, album.follow_up)).await;
    };
    if group.0 != album.group {
        return received(bot, app, ctx, dialogue, msg, (album.item, album.follow_up)).await;
    }
    let mut album = *album;
    album.media.push(photo);
    if album.text.is_none() {
        album.text = msg.caption().and_then(|c| QuestionText::parse(c).ok());
    }
    collect_album(app, ctx, dialogue, album).await
}

/// Keeps the album so far; once no more parts come, it becomes one draft with one preview.
async fn collect_album(app: Arc<App>, ctx: UserCtx, dialogue: Dialogue, album: Album) -> HandlerResult {
    let (group, parts) = (album.group.clone(), album.media.len());
    dialogue
        .update(State::CollectingAlbum {
            album: Box::new(album),
        })
        .await?;
    tokio::spawn(async move {
        tokio::time::sleep(ALBUM_QUIET).await;
        // Only the timer of the last part finishes it.
        let Ok(Some(State::CollectingAlbum { album })) = dialogue.get().await else {
            return;
        };
        if album.group != group || album.media.len() != parts {
            return;
        }
        let draft = Draft {
            text: album.text,
            media: album.media,
            item: album.item,
            follow_up: album.follow_up,
            source_message: album.source_message,
        };
        let chat = ctx.chat;
        if let Err(e) = confirm(app, ctx, dialogue, draft).await {
            log::warn!("cannot show the preview of an album in chat {chat}: {e}");
        }
    });
    Ok(())
}

/// New text while the preview waits: it replaces the question.
pub async fn revised(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    draft: Box<Draft>,
) -> HandlerResult {
    received(bot, app, ctx, dialogue, msg, (draft.item, draft.follow_up)).await
}

/// Shows the question back with Send / Cancel, and answered questions that may already help.
async fn confirm(app: Arc<App>, ctx: UserCtx, dialogue: Dialogue, draft: Draft) -> HandlerResult {
    let body = draft.text.as_ref().map(|t| t.as_str()).unwrap_or_default();
    let similar = questions::similar_faq(&app, body, ctx.lang).await;
    let mut rows: Vec<_> = similar
        .iter()
        .map(|(id, q)| {
            vec![button(
                format!("💡 {}", q.chars().take(60).collect::<String>()),
                &Callback::ShowFaq { id: *id },
            )]
        })
        .collect();
    rows.push(vec![
        button(t!(ctx.lang, "ask-send"), &Callback::SubmitQuestion(true)),
        button(t!(ctx.lang, "ask-cancel"), &Callback::SubmitQuestion(false)),
    ]);
    let media = match draft.media.as_slice() {
        [] => String::new(),
        [m] => t!(ctx.lang, &format!("ask-media-{}", m.kind.as_str())),
        many => t!(ctx.lang, "ask-media-album", count = many.len()),
    };
    let mut text = t!(ctx.lang, "ask-confirm", question = escape(body), media = media);
    if !similar.is_empty() {
        text.push_str("\n\n");
        text.push_str(&t!(ctx.lang, "ask-similar"));
    }
    dialogue
        .update(State::ConfirmingQuestion {
            draft: Box::new(draft),
        })
        .await?;
    let preview = ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows));
    reply::send(&app.outbox, ctx.chat.0, &text, Some(preview)).await?;
    Ok(())
}

/// Send or Cancel under a preview that is no longer pending: a second tap on a question
/// already sent, or a stale preview.
pub async fn already_handled(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "ask-already-handled"))
        .await?;
    Ok(())
}

/// Send or Cancel under the preview. The receipt goes out only after the row is committed.
pub async fn submit(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    draft: Box<Draft>,
    message: Option<MessageId>,
    send: bool,
) -> HandlerResult {
    if !send {
        dialogue.update(State::Idle).await?;
        if let Some(id) = message {
            bot.edit_message_text(ctx.chat, id, t!(ctx.lang, "ask-cancelled"))
                .await?;
        }
        return Ok(());
    }
    let body = draft.text.as_ref().map(QuestionText::as_str).unwrap_or_default();
    let new = NewQuestion {
        user_id: ctx.id(),
        chat_id: ctx.chat.0,
        source_message_id: draft.source_message,
        lang: ctx.lang,
        item_id: draft.item.as_deref(),
        follow_up_of: draft.follow_up,
        theme: questions::suggested_theme(&app, draft.item.as_deref(), body, ctx.lang),
        text: draft.text.as_ref(),
        media: &draft.media,
    };
    // Stored, with its group post, and the dialogue ended, in one transaction.
    let (number, created) = match questions::submit(&app, &new, body).await? {
        Submitted::Created(n) => (n, true),
        Submitted::Duplicate(n) => (n, false),
        Submitted::OverLimit => {
            let text = t!(ctx.lang, "ask-limit-open", open = MAX_OPEN, day = MAX_PER_DAY);
            bot.send_message(ctx.chat, text).await?;
            return Ok(());
        }
    };
    if created {
        log::info!("question {number} received from user {}", ctx.id());
        if app.config.volunteer_chat_id.is_some() {
            app.outbox.wake(); // its group post
        }
    }
    if let Some(id) = message {
        // The preview stays as a record of what was sent, without buttons.
        let _ = bot.edit_message_reply_markup(ctx.chat, id).await;
    }
    // The question is stored: the resident hears so even through a 429 or a 5xx. Once, and
    // only if they have none, the receipt offers to say where they are from (the report counts
    // districts); the main menu is already there from the welcome.
    let offer = created && ctx.user.district.is_none() && !ctx.user.district_asked;
    let (receipt, markup) = if offer {
        app.db.set_district_asked(ctx.id()).await?;
        let text = format!(
            "{}\n\n{}",
            t!(ctx.lang, "ask-receipt", number = number),
            t!(ctx.lang, "ask-district-offer")
        );
        let button = button(
            t!(ctx.lang, "ask-district-button"),
            &Callback::Settings(SettingsAction::DistrictOnce),
        );
        (
            text,
            ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new([[button]])),
        )
    } else {
        let text = t!(ctx.lang, "ask-receipt", number = number);
        (text, ReplyMarkup::Keyboard(keyboards::main_menu(ctx.lang)))
    };
    reply::send(&app.outbox, ctx.chat.0, &receipt, Some(markup)).await?;
    Ok(())
}

/// A suggested answered question, opened from the preview.
pub async fn show_faq(bot: Tg, app: Arc<App>, ctx: UserCtx, id: i64) -> HandlerResult {
    let Some(faq) = app.db.faq_entry(id).await? else {
        bot.send_message(ctx.chat, t!(ctx.lang, "callback-outdated"))
            .await?;
        return Ok(());
    };
    bot.send_message(
        ctx.chat,
        t!(
            ctx.lang,
            "faq-entry",
            question = escape(&faq.question),
            answer = escape(&faq.answer)
        ),
    )
    .await?;
    Ok(())
}

fn status_label(lang: Lang, status: QuestionStatus) -> String {
    t!(lang, &format!("question-status-{}", status.as_str()))
}

/// One question of `/myquestions`: number, status (and whether its answer reached them),
/// the question and the answer, both shortened.
async fn mine_entry(app: &App, lang: Lang, q: &QuestionRow) -> Result<String, crate::storage::StorageError> {
    let mut status = status_label(lang, q.status);
    if q.status == QuestionStatus::Answered {
        let delivery = match app.db.answer_state(q.id).await? {
            Some(OutboxState::Sent) => "delivery-sent",
            Some(OutboxState::Waiting) => "delivery-waiting",
            _ => "delivery-shown-here",
        };
        status = format!("{status} · {}", t!(lang, delivery));
    }
    let body = if q.body.is_empty() {
        t!(lang, "card-media-only")
    } else {
        escape(&shorten(&q.body, 200))
    };
    let mut entry = t!(
        lang,
        "myquestions-entry",
        number = q.id,
        status = status,
        question = body
    );
    if let Some(a) = q.answer.as_deref() {
        entry.push('\n');
        entry.push_str(&t!(lang, "myquestions-answer", answer = escape(&shorten(a, 600))));
    }
    Ok(entry)
}

/// `/myquestions`: the latest ten, in as many messages as they need.
pub async fn mine(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let questions = app.db.user_questions(ctx.id(), 10).await?;
    if questions.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "myquestions-none"))
            .await?;
        return Ok(());
    }
    let mut pages = vec![t!(ctx.lang, "myquestions-title")];
    for q in &questions {
        let entry = mine_entry(&app, ctx.lang, q).await?;
        let page = pages.last_mut().expect("one page at least");
        let joined = format!("{page}\n\n{entry}");
        if validate(&joined).is_ok_and(|len| len <= MAX_MESSAGE_LEN) {
            *page = joined;
        } else {
            pages.push(entry);
        }
    }
    for page in pages {
        bot.send_message(ctx.chat, page).await?;
    }
    Ok(())
}

/// Helpful / Not helpful under an answer.
pub async fn rate(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    (question, helpful): (i64, bool),
) -> HandlerResult {
    if !app.db.rate_answer(question, ctx.id(), helpful).await? {
        bot.send_message(ctx.chat, t!(ctx.lang, "not-allowed")).await?;
        return Ok(());
    }
    if let Some(id) = message {
        let markup = InlineKeyboardMarkup::new(vec![vec![button(
            t!(ctx.lang, "answer-follow-up"),
            &Callback::FollowUp { question },
        )]]);
        let _ = bot
            .edit_message_reply_markup(ctx.chat, id)
            .reply_markup(markup)
            .await;
    }
    let key = if helpful {
        "rate-thanks-helpful"
    } else {
        "rate-thanks-not-helpful"
    };
    bot.send_message(ctx.chat, t!(ctx.lang, key)).await?;
    Ok(())
}

/// "Ask a follow-up" under an answer: only the asker may.
pub async fn follow_up(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    question: i64,
) -> HandlerResult {
    let Some(q) = app
        .db
        .question(question)
        .await?
        .filter(|q| q.user_id == Some(ctx.id()))
    else {
        bot.send_message(ctx.chat, t!(ctx.lang, "not-allowed")).await?;
        return Ok(());
    };
    let start_with = AskStart {
        item: q.item_id,
        follow_up: Some(q.id),
        text: None,
    };
    start(bot, app, ctx, dialogue, start_with).await
}

/// "Ask about this" under an item.
pub async fn ask_about(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    item: String,
) -> HandlerResult {
    let start = AskStart {
        item: Some(item),
        ..AskStart::default()
    };
    self::start(bot, app, ctx, dialogue, start).await
}

/// "Ask volunteers" under a search that found nothing: the searched text is the question.
pub async fn ask_searched(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    searched: (String, i32),
) -> HandlerResult {
    let start = AskStart {
        text: Some(searched),
        ..AskStart::default()
    };
    self::start(bot, app, ctx, dialogue, start).await
}

/// The same button when the search is no longer the last thing the user did: a fresh question.
pub async fn ask_fresh(bot: Tg, app: Arc<App>, ctx: UserCtx, dialogue: Dialogue) -> HandlerResult {
    self::start(bot, app, ctx, dialogue, AskStart::default()).await
}
