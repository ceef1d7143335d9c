//! Volunteers: the queue, claiming under a lease, answering with a preview, releasing,
//! rejecting, escalating, publishing to the FAQ, and answering by reply in the volunteer group.

use std::sync::Arc;

use teloxide::{
    ApiError, RequestError,
    prelude::*,
    sugar::request::RequestReplyExt,
    types::{InlineKeyboardMarkup, InputFile},
};

use crate::{
    app::App,
    bot::{
        Dialogue, HandlerResult, State, Tg, UserCtx,
        callback::{Callback, VolunteerAction},
        keyboards::button,
    },
    domain::{AnswerText, Lang, RejectReason, Role, TextError},
    storage::QuestionRow,
    t,
    telegram_html::escape,
};

/// How long a claim holds a question before it returns to the queue.
pub const LEASE_SECS: i64 = 30 * 60;

fn ago(lang: Lang, at: i64) -> String {
    let minutes = (crate::storage::now() - at).max(0) / 60;
    if minutes < 60 {
        t!(lang, "ago-minutes", count = minutes)
    } else if minutes < 48 * 60 {
        t!(lang, "ago-hours", count = minutes / 60)
    } else {
        t!(lang, "ago-days", count = minutes / 1440)
    }
}

/// `/queue`: what waits, and Take next.
pub async fn queue(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let stats = app.db.queue_stats().await?;
    let langs = app.db.volunteer_langs(ctx.id()).await?;
    let oldest = stats
        .oldest_at
        .map(|at| ago(ctx.lang, at))
        .unwrap_or_else(|| "—".into());
    let mut text = t!(
        ctx.lang,
        "queue-stats",
        waiting = stats.waiting,
        ru = stats.waiting_ru,
        kk = stats.waiting_kk,
        oldest = oldest
    );
    if stats.escalated > 0 {
        text.push('\n');
        text.push_str(&t!(ctx.lang, "queue-escalated", count = stats.escalated));
    }
    let lang_button = |l: Lang| {
        let mark = if langs.contains(&l) { "✓" } else { "✗" };
        button(format!("{mark} {}", t!(l, "lang-name")), &Callback::QueueLang(l))
    };
    let markup = InlineKeyboardMarkup::new(vec![
        vec![button(t!(ctx.lang, "queue-take"), &Callback::TakeNext)],
        vec![lang_button(Lang::Kk), lang_button(Lang::Ru)],
    ]);
    bot.send_message(ctx.chat, text).reply_markup(markup).await?;
    Ok(())
}

/// Toggles a language the volunteer answers in (at least one stays).
pub async fn toggle_lang(bot: Tg, app: Arc<App>, ctx: UserCtx, lang: Lang) -> HandlerResult {
    let mut langs = app.db.volunteer_langs(ctx.id()).await?;
    if langs.contains(&lang) {
        if langs.len() > 1 {
            langs.retain(|l| *l != lang);
        }
    } else {
        langs.push(lang);
    }
    app.db.set_volunteer_langs(ctx.id(), &langs).await?;
    queue(bot, app, ctx).await
}

/// The card of a question, sent to the volunteer's private chat.
async fn send_card(bot: &Tg, app: &App, to: ChatId, lang: Lang, q: &QuestionRow) -> Result<(), RequestError> {
    let about = q
        .item_id
        .as_deref()
        .and_then(|id| app.content.get().item(id).map(|i| i.text(lang).title.clone()))
        .map(|title| format!("\n{}", t!(lang, "card-about", title = escape(&title))))
        .unwrap_or_default();
    let follow = q
        .follow_up_of
        .map(|n| format!("\n{}", t!(lang, "card-follow-up", number = n)))
        .unwrap_or_default();
    let body = if q.body.is_empty() {
        t!(lang, "card-media-only")
    } else {
        escape(&q.body)
    };
    let text = t!(
        lang,
        "card",
        number = q.id,
        lang = q.lang.code(),
        ago = ago(lang, q.created_at),
        extra = format!("{about}{follow}"),
        body = body
    );
    if let (Some(kind), Some(file)) = (q.media_kind.as_deref(), q.media_file_id.as_deref()) {
        let file = InputFile::file_id(file.to_owned().into());
        let sent = match kind {
            "voice" => bot.send_voice(to, file).await.map(drop),
            _ => bot.send_photo(to, file).await.map(drop),
        };
        if let Err(e) = sent {
            log::warn!("cannot show the media of question {}: {e}", q.id);
        }
    }
    let act = |key: &str, action| {
        button(
            t!(lang, key),
            &Callback::Volunteer {
                question: q.id,
                action,
            },
        )
    };
    let markup = InlineKeyboardMarkup::new(vec![
        vec![
            act("card-answer", VolunteerAction::Answer),
            act("card-release", VolunteerAction::Release),
        ],
        vec![
            act("card-reject", VolunteerAction::Reject),
            act("card-escalate", VolunteerAction::Escalate),
        ],
    ]);
    bot.send_message(to, text).reply_markup(markup).await?;
    Ok(())
}

/// Take next: the volunteer's current claim, or the oldest waiting question.
pub async fn take_next(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let id = match app.db.current_claim(ctx.id()).await? {
        Some(id) => Some(id),
        None => {
            let langs = app.db.volunteer_langs(ctx.id()).await?;
            let escalated = ctx.role.allows(Role::Admin);
            app.db.claim_next(ctx.id(), &langs, escalated, LEASE_SECS).await?
        }
    };
    let Some(q) = (match id {
        Some(id) => app.db.question(id).await?,
        None => None,
    }) else {
        bot.send_message(ctx.chat, t!(ctx.lang, "queue-empty")).await?;
        return Ok(());
    };
    log::info!("volunteer {} took question {}", ctx.id(), q.id);
    send_card(&bot, &app, ChatId(ctx.id()), ctx.lang, &q).await?;
    Ok(())
}

/// A volunteer button on a question.
pub async fn action(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    q: CallbackQuery,
    question: i64,
    action: VolunteerAction,
) -> HandlerResult {
    let me = ctx.id();
    let private = ChatId(me);
    let lang = ctx.lang;
    let message = q.message.as_ref().map(|m| (m.chat().id, m.id()));
    match action {
        VolunteerAction::Claim => {
            if !app.db.claim(question, me, LEASE_SECS).await? {
                bot.send_message(private, t!(lang, "claim-lost", number = question))
                    .await?;
                return Ok(());
            }
            let Some(row) = app.db.question(question).await? else {
                return Ok(());
            };
            if let Err(e) = send_card(&bot, &app, private, lang, &row).await {
                log::warn!("cannot send question {question} to volunteer {me}: {e}");
                app.db.release(question, me).await?;
            }
        }
        VolunteerAction::Answer | VolunteerAction::EditAnswer => {
            if !holds(&app, question, me).await? {
                bot.send_message(private, t!(lang, "claim-lost", number = question))
                    .await?;
                return Ok(());
            }
            dialogue.update(State::Answering { question }).await?;
            bot.send_message(
                private,
                t!(
                    lang,
                    "answer-prompt",
                    number = question,
                    max = crate::domain::MAX_ANSWER_CHARS
                ),
            )
            .await?;
        }
        VolunteerAction::SendAnswer => {
            let Some(State::PreviewingAnswer { question: q2, text }) = dialogue.get().await? else {
                bot.send_message(private, t!(lang, "callback-outdated")).await?;
                return Ok(());
            };
            if q2 != question {
                bot.send_message(private, t!(lang, "callback-outdated")).await?;
                return Ok(());
            }
            dialogue.update(State::Idle).await?;
            let answer = AnswerText::parse(&text).map_err(|e| format!("stored preview invalid: {e}"))?;
            finish_answer(&bot, &app, me, lang, question, &answer).await?;
        }
        VolunteerAction::Release => {
            let key = if app.db.release(question, me).await? {
                "released"
            } else {
                "claim-lost"
            };
            dialogue.update(State::Idle).await?;
            bot.send_message(private, t!(lang, key, number = question))
                .await?;
        }
        VolunteerAction::Reject => {
            let rows = RejectReason::ALL
                .map(|r| {
                    vec![button(
                        t!(lang, &format!("reject-{}", r.as_str())),
                        &Callback::Volunteer {
                            question,
                            action: VolunteerAction::RejectWith(r),
                        },
                    )]
                })
                .to_vec();
            bot.send_message(private, t!(lang, "reject-choose", number = question))
                .reply_markup(InlineKeyboardMarkup::new(rows))
                .await?;
        }
        VolunteerAction::RejectWith(reason) => {
            if !app.db.reject_question(question, me, reason).await? {
                bot.send_message(private, t!(lang, "claim-lost", number = question))
                    .await?;
                return Ok(());
            }
            dialogue.update(State::Idle).await?;
            if let Some(row) = app.db.question(question).await?
                && let Some(chat) = row.chat_id
            {
                let polite = t!(row.lang, &format!("rejected-{}", reason.as_str()));
                let text = t!(row.lang, "rejected", number = question, reason = polite);
                if let Err(e) = bot.send_message(ChatId(chat), text).await {
                    log::warn!("cannot tell the resident about rejected question {question}: {e}");
                }
            }
            bot.send_message(private, t!(lang, "reject-done", number = question))
                .await?;
            if let Some((chat, id)) = message {
                let _ = bot.edit_message_reply_markup(chat, id).await;
            }
        }
        VolunteerAction::Escalate => {
            if !app.db.escalate_question(question, me).await? {
                bot.send_message(private, t!(lang, "claim-lost", number = question))
                    .await?;
                return Ok(());
            }
            dialogue.update(State::Idle).await?;
            for admin in &app.config.admin_ids {
                let markup = InlineKeyboardMarkup::new(vec![vec![button(
                    t!(Lang::Ru, "queue-take"),
                    &Callback::Volunteer {
                        question,
                        action: VolunteerAction::Claim,
                    },
                )]]);
                if let Err(e) = bot
                    .send_message(
                        ChatId(*admin as i64),
                        t!(Lang::Ru, "escalated-to-admins", number = question),
                    )
                    .reply_markup(markup)
                    .await
                {
                    log::warn!("cannot tell admin {admin} about escalated question {question}: {e}");
                }
            }
            bot.send_message(private, t!(lang, "escalate-done", number = question))
                .await?;
        }
        VolunteerAction::PublishFaq => {
            let answered = app
                .db
                .question(question)
                .await?
                .is_some_and(|q| q.answer.is_some());
            if !answered {
                bot.send_message(private, t!(lang, "callback-outdated")).await?;
                return Ok(());
            }
            dialogue.update(State::PublishingFaq { question }).await?;
            bot.send_message(private, t!(lang, "faq-prompt", number = question))
                .await?;
        }
    }
    Ok(())
}

async fn holds(app: &App, question: i64, volunteer: i64) -> Result<bool, crate::storage::StorageError> {
    Ok(app.db.question(question).await?.is_some_and(|q| {
        q.claimed_by == Some(volunteer) && q.status == crate::domain::QuestionStatus::Claimed
    }))
}

/// The volunteer's answer text: check it, then show the preview.
pub async fn answer_written(
    bot: Tg,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    question: i64,
) -> HandlerResult {
    let answer = match AnswerText::parse(msg.text().unwrap_or_default()) {
        Ok(a) => a,
        Err(TextError::Empty) => {
            bot.send_message(ctx.chat, t!(ctx.lang, "answer-not-text"))
                .await?;
            return Ok(());
        }
        Err(TextError::TooLong { len, max }) => {
            bot.send_message(ctx.chat, t!(ctx.lang, "ask-too-long", len = len, max = max))
                .await?;
            return Ok(());
        }
    };
    dialogue
        .update(State::PreviewingAnswer {
            question,
            text: answer.as_str().to_owned(),
        })
        .await?;
    let preview = format!(
        "{}\n\n{}",
        t!(ctx.lang, "answer-preview"),
        escape(answer.as_str())
    );
    let act = |key: &str, action| button(t!(ctx.lang, key), &Callback::Volunteer { question, action });
    let markup = InlineKeyboardMarkup::new(vec![
        vec![
            act("answer-send", VolunteerAction::SendAnswer),
            act("answer-edit", VolunteerAction::EditAnswer),
        ],
        vec![act("card-release", VolunteerAction::Release)],
    ]);
    bot.send_message(ctx.chat, preview).reply_markup(markup).await?;
    Ok(())
}

/// New text while the preview waits: it replaces the answer.
pub async fn answer_rewritten(
    bot: Tg,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    (question, _old): (i64, String),
) -> HandlerResult {
    answer_written(bot, ctx, dialogue, msg, question).await
}

/// Records an answer and delivers it; tells the volunteer how it went.
async fn finish_answer(
    bot: &Tg,
    app: &App,
    volunteer: i64,
    lang: Lang,
    question: i64,
    answer: &AnswerText,
) -> HandlerResult {
    let to = ChatId(volunteer);
    if !app.db.answer_question(question, volunteer, answer).await? {
        bot.send_message(to, t!(lang, "claim-lost", number = question))
            .await?;
        return Ok(());
    }
    log::info!("volunteer {volunteer} answered question {question}");
    let delivered = deliver(bot, app, question).await?;
    let key = if delivered {
        "answer-delivered"
    } else {
        "answer-undeliverable"
    };
    let markup = InlineKeyboardMarkup::new(vec![vec![
        button(
            t!(lang, "answer-publish"),
            &Callback::Volunteer {
                question,
                action: VolunteerAction::PublishFaq,
            },
        ),
        button(t!(lang, "queue-take"), &Callback::TakeNext),
    ]]);
    bot.send_message(to, t!(lang, key, number = question))
        .reply_markup(markup)
        .await?;
    Ok(())
}

/// Sends the stored answer to the resident, question quoted. `false` if they cannot get it
/// (blocked the bot, or erased their data): the answer stays stored.
pub async fn deliver(bot: &Tg, app: &App, question: i64) -> Result<bool, crate::bot::HandlerError> {
    let Some(q) = app.db.question(question).await? else {
        return Ok(false);
    };
    let (Some(chat), Some(answer)) = (q.chat_id, q.answer.as_deref()) else {
        app.db.set_delivery(question, false).await?;
        return Ok(false);
    };
    let body = if q.body.is_empty() {
        t!(q.lang, "card-media-only")
    } else {
        escape(&q.body)
    };
    let text = t!(
        q.lang,
        "answer-to-resident",
        number = q.id,
        question = body,
        answer = escape(answer)
    );
    let markup = InlineKeyboardMarkup::new(vec![
        vec![
            button(
                t!(q.lang, "answer-helpful"),
                &Callback::Rate {
                    question,
                    helpful: true,
                },
            ),
            button(
                t!(q.lang, "answer-not-helpful"),
                &Callback::Rate {
                    question,
                    helpful: false,
                },
            ),
        ],
        vec![button(
            t!(q.lang, "answer-follow-up"),
            &Callback::FollowUp { question },
        )],
    ]);
    match bot.send_message(ChatId(chat), text).reply_markup(markup).await {
        Ok(_) => {
            app.db.set_delivery(question, true).await?;
            Ok(true)
        }
        Err(RequestError::Api(ApiError::BotBlocked | ApiError::UserDeactivated | ApiError::ChatNotFound)) => {
            log::info!("answer to question {question} is undeliverable: the resident blocked the bot");
            app.db.set_delivery(question, false).await?;
            app.db.set_blocked(chat, true).await?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// The public wording of an answered question: publish it with the answer.
pub async fn faq_written(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    question: i64,
) -> HandlerResult {
    let Some(q) = app.db.question(question).await? else {
        return Ok(());
    };
    let Some(answer) = q.answer.clone() else {
        return Ok(());
    };
    let text = msg.text().unwrap_or_default().trim();
    let public = if text == "-" || text.is_empty() {
        q.body.clone()
    } else {
        text.to_owned()
    };
    if public.is_empty() || public.chars().count() > crate::domain::MAX_QUESTION_CHARS {
        bot.send_message(ctx.chat, t!(ctx.lang, "faq-prompt", number = question))
            .await?;
        return Ok(());
    }
    let id = app
        .db
        .publish_faq(question, q.lang, &public, &answer, ctx.id())
        .await?;
    dialogue.update(State::Idle).await?;
    log::info!("volunteer {} published question {question} as FAQ {id}", ctx.id());
    bot.send_message(ctx.chat, t!(ctx.lang, "faq-published", number = question))
        .await?;
    Ok(())
}

/// A reply in the volunteer group to a question's post: that is the answer.
pub async fn group_reply(bot: Tg, app: Arc<App>, msg: Message) -> HandlerResult {
    let Some(from) = msg.from.as_ref() else {
        return Ok(());
    };
    let Some(reply_to) = msg.reply_to_message() else {
        return Ok(());
    };
    let Some(question) = app.db.question_by_group_message(reply_to.id.0).await? else {
        return Ok(());
    };
    let volunteer = from.id.0 as i64;
    let user = app.db.touch_user(volunteer).await?;
    let lang = user.lang.unwrap_or(Lang::Ru);
    if !app.role_of(&user).allows(Role::Volunteer) {
        bot.send_message(msg.chat.id, t!(lang, "not-allowed"))
            .reply_to(msg.id)
            .await?;
        return Ok(());
    }
    let answer = match AnswerText::parse(msg.text().unwrap_or_default()) {
        Ok(a) => a,
        Err(_) => {
            bot.send_message(msg.chat.id, t!(lang, "answer-not-text"))
                .reply_to(msg.id)
                .await?;
            return Ok(());
        }
    };
    if !app.db.claim(question, volunteer, LEASE_SECS).await? {
        bot.send_message(msg.chat.id, t!(lang, "claim-lost", number = question))
            .reply_to(msg.id)
            .await?;
        return Ok(());
    }
    if !app.db.answer_question(question, volunteer, &answer).await? {
        bot.send_message(msg.chat.id, t!(lang, "claim-lost", number = question))
            .reply_to(msg.id)
            .await?;
        return Ok(());
    }
    let delivered = deliver(&bot, &app, question).await?;
    let key = if delivered {
        "answer-delivered"
    } else {
        "answer-undeliverable"
    };
    bot.send_message(msg.chat.id, t!(lang, key, number = question))
        .reply_to(msg.id)
        .await?;
    Ok(())
}
