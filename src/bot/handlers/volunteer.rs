//! Volunteers: the queue, claiming under a lease, answering with a preview, releasing,
//! rejecting, escalating, publishing to the FAQ, and answering by reply in the volunteer group.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    sugar::request::RequestReplyExt,
    types::{InlineKeyboardMarkup, InputFile, InputMedia, InputMediaPhoto, ReplyMarkup},
};

use crate::{
    bot::{
        Dialogue, HandlerResult, State, Tg, UserCtx,
        callback::{Callback, VolunteerAction},
        keyboards::button,
    },
    context::App,
    delivery::reply::{self, Replied},
    domain::{AnswerText, Lang, MediaKind, RejectReason, Role, TextError, Theme},
    services::questions::{self, Answered, LEASE_SECS},
    storage::QuestionRow,
    t,
    telegram_html::{MAX_MESSAGE_LEN, escape, fit},
};

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
    let proposals = app.db.proposals_waiting().await?;
    if proposals > 0 {
        text.push('\n');
        text.push_str(&t!(ctx.lang, "queue-proposals", count = proposals));
    }
    let comments = app.db.comments_waiting().await?;
    if comments > 0 {
        text.push('\n');
        text.push_str(&t!(ctx.lang, "queue-comments", count = comments));
    }
    let lang_button = |l: Lang| {
        let mark = if langs.contains(&l) { "✓" } else { "✗" };
        button(format!("{mark} {}", t!(l, "lang-name")), &Callback::QueueLang(l))
    };
    let markup = InlineKeyboardMarkup::new(vec![
        vec![button(t!(ctx.lang, "queue-take"), &Callback::TakeNext)],
        vec![lang_button(Lang::Kk), lang_button(Lang::Ru)],
    ]);
    let mut markup = markup;
    if proposals > 0 {
        markup = markup.append_row(vec![button(
            t!(ctx.lang, "moderation-next"),
            &Callback::ModerateNext,
        )]);
    }
    if comments > 0 {
        markup = markup.append_row(vec![button(
            t!(ctx.lang, "comment-moderation-next"),
            &Callback::ModerateNextComment,
        )]);
    }
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
async fn send_card(bot: &Tg, app: &App, to: ChatId, lang: Lang, q: &QuestionRow) -> HandlerResult {
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
    let theme = q
        .theme
        .map_or_else(|| t!(lang, "card-theme-none"), |th| t!(lang, &th.name_key()));
    let district = q
        .district
        .map_or_else(|| t!(lang, "settings-district-none"), |d| d.name(lang).to_owned());
    let placed = format!("\n{}", t!(lang, "card-theme", theme = theme, district = district));
    let extra = format!("{about}{follow}{placed}");
    let render = |body: &str| {
        t!(
            lang,
            "card",
            number = q.id,
            lang = q.lang.code(),
            ago = ago(lang, q.created_at),
            extra = extra.clone(),
            body = body
        )
    };
    let text = if q.body.is_empty() {
        render(&t!(lang, "card-media-only"))
    } else {
        fit(MAX_MESSAGE_LEN, &q.body, render)
    };
    // Every photo of an album, then the card; media that cannot be shown is logged, the card
    // still goes.
    let media = app.db.question_media(q).await.unwrap_or_else(|e| {
        log::warn!("cannot read the media of question {}: {e}", q.id);
        Vec::new()
    });
    let shown = match media.as_slice() {
        [] => Ok(()),
        [m] => {
            let file = InputFile::file_id(m.file_id.clone().into());
            match m.kind {
                MediaKind::Voice => bot.send_voice(to, file).await.map(drop),
                MediaKind::Photo => bot.send_photo(to, file).await.map(drop),
            }
        }
        many => {
            let group = many.iter().map(|m| {
                InputMedia::Photo(InputMediaPhoto::new(InputFile::file_id(m.file_id.clone().into())))
            });
            bot.send_media_group(to, group).await.map(drop)
        }
    };
    if let Err(e) = shown {
        log::warn!("cannot show the media of question {}: {e}", q.id);
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
        vec![act("card-theme-button", VolunteerAction::Theme(None))],
    ]);
    // The card itself survives a 429 or a 5xx (it goes through the outbox then).
    let markup = Some(ReplyMarkup::InlineKeyboard(markup));
    match reply::send(&app.outbox, to.0, &text, markup).await? {
        Replied::Sent(_) | Replied::Queued => Ok(()),
        Replied::Failed(e) => Err(format!("the card was refused: {e:?}").into()),
    }
}

/// Take next: the volunteer's current claim, or the oldest waiting question.
pub async fn take_next(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let q = match app.db.current_claim(ctx.id()).await? {
        Some(q) => Some(q),
        None => {
            let langs = app.db.volunteer_langs(ctx.id()).await?;
            let admin = ctx.role.allows(Role::Admin);
            app.db.claim_next(ctx.id(), &langs, admin, LEASE_SECS).await?
        }
    };
    let Some(q) = q else {
        bot.send_message(ctx.chat, t!(ctx.lang, "queue-empty")).await?;
        return Ok(());
    };
    log::info!("volunteer {} took question {}", ctx.id(), q.id);
    show_claimed(&bot, &app, &ctx, &q).await
}

/// Sends the card of a question just claimed; if it cannot be shown, the claim is given back
/// so the question does not sit with someone who never saw it.
async fn show_claimed(bot: &Tg, app: &App, ctx: &UserCtx, q: &QuestionRow) -> HandlerResult {
    if let Err(e) = send_card(bot, app, ChatId(ctx.id()), ctx.lang, q).await {
        log::warn!("cannot show question {} to volunteer {}: {e}", q.id, ctx.id());
        app.db.release(q.id, ctx.id()).await?;
        return Err(e);
    }
    Ok(())
}

/// Send under the pending preview of an answer: the answer is recorded and delivered.
pub async fn send_answer(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    (question, _): (i64, VolunteerAction),
    (previewed, text): (i64, AnswerText),
) -> HandlerResult {
    let private = ChatId(ctx.id());
    if previewed != question {
        bot.send_message(private, t!(ctx.lang, "callback-outdated"))
            .await?;
        return Ok(());
    }
    // The preview stays in the dialogue until the answer is recorded.
    let outcome = questions::answer(&app, ctx.id(), question, &text).await?;
    dialogue.update(State::Idle).await?;
    tell_answered(&bot, private, ctx.lang, question, outcome).await
}

/// A volunteer button on a question.
pub async fn action(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    dialogue: Dialogue,
    q: CallbackQuery,
    (question, action): (i64, VolunteerAction),
) -> HandlerResult {
    let me = ctx.id();
    let private = ChatId(me);
    let lang = ctx.lang;
    let message = q.message.as_ref().map(|m| (m.chat().id, m.id()));
    match action {
        VolunteerAction::Claim => {
            let admin = ctx.role.allows(Role::Admin);
            let Some(row) = app.db.claim(question, me, admin, LEASE_SECS).await? else {
                bot.send_message(
                    private,
                    t!(lang, refusal(&app, question, admin).await?, number = question),
                )
                .await?;
                return Ok(());
            };
            show_claimed(&bot, &app, &ctx, &row).await?;
        }
        VolunteerAction::Theme(choice) => {
            if !holds(&app, question, me).await? {
                bot.send_message(private, t!(lang, "claim-lost", number = question))
                    .await?;
                return Ok(());
            }
            match choice {
                None => {
                    let rows = Theme::ALL
                        .chunks(2)
                        .map(|pair| {
                            pair.iter()
                                .map(|th| {
                                    button(
                                        t!(lang, &th.name_key()),
                                        &Callback::Volunteer {
                                            question,
                                            action: VolunteerAction::Theme(Some(*th)),
                                        },
                                    )
                                })
                                .collect::<Vec<_>>()
                        })
                        .collect::<Vec<_>>();
                    bot.send_message(private, t!(lang, "card-theme-choose", number = question))
                        .reply_markup(InlineKeyboardMarkup::new(rows))
                        .await?;
                }
                Some(theme) => {
                    app.db.set_question_theme(question, theme).await?;
                    if let Some((chat, id)) = message {
                        let _ = bot.edit_message_reply_markup(chat, id).await;
                    }
                    bot.send_message(
                        private,
                        t!(
                            lang,
                            "card-theme-set",
                            number = question,
                            theme = t!(lang, &theme.name_key())
                        ),
                    )
                    .await?;
                }
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
            // Send under a preview that is no longer the pending one.
            bot.send_message(private, t!(lang, "callback-outdated")).await?;
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
            if !questions::reject(&app, me, question, reason).await? {
                bot.send_message(private, t!(lang, "claim-lost", number = question))
                    .await?;
                return Ok(());
            }
            dialogue.update(State::Idle).await?;
            bot.send_message(private, t!(lang, "reject-done", number = question))
                .await?;
            if let Some((chat, id)) = message {
                let _ = bot.edit_message_reply_markup(chat, id).await;
            }
        }
        VolunteerAction::Escalate => {
            if !questions::escalate(&app, me, question).await? {
                bot.send_message(private, t!(lang, "claim-lost", number = question))
                    .await?;
                return Ok(());
            }
            dialogue.update(State::Idle).await?;
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
        VolunteerAction::UnpublishFaq => {
            let key = if questions::unpublish_faq(&app, question, me).await? {
                "faq-unpublished"
            } else {
                "callback-outdated"
            };
            bot.send_message(private, t!(lang, key, number = question))
                .await?;
        }
    }
    Ok(())
}

/// Why a claim was refused: the question is with coordinators (for a volunteer), or gone.
async fn refusal(
    app: &App,
    question: i64,
    admin: bool,
) -> Result<&'static str, crate::storage::StorageError> {
    let escalated = app.db.question(question).await?.is_some_and(|q| q.escalated);
    Ok(if escalated && !admin {
        "claim-escalated"
    } else {
        "claim-lost"
    })
}

/// Tells the volunteer where their answer stands (with what they can do next).
async fn tell_answered(bot: &Tg, to: ChatId, lang: Lang, question: i64, outcome: Answered) -> HandlerResult {
    let mut request = bot.send_message(to, t!(lang, answered_key(outcome), number = question));
    if outcome != Answered::ClaimLost {
        request = request.reply_markup(InlineKeyboardMarkup::new(vec![vec![
            button(
                t!(lang, "answer-publish"),
                &Callback::Volunteer {
                    question,
                    action: VolunteerAction::PublishFaq,
                },
            ),
            button(t!(lang, "queue-take"), &Callback::TakeNext),
        ]]));
    }
    request.await?;
    Ok(())
}

/// What the volunteer is told about their answer.
fn answered_key(outcome: Answered) -> &'static str {
    match outcome {
        Answered::Delivered => "answer-delivered",
        Answered::Waiting => "answer-waiting",
        Answered::Undeliverable => "answer-undeliverable",
        Answered::ClaimLost => "claim-lost",
    }
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
    let preview = format!(
        "{}\n\n{}",
        t!(ctx.lang, "answer-preview"),
        escape(answer.as_str())
    );
    dialogue
        .update(State::PreviewingAnswer {
            question,
            text: answer,
        })
        .await?;
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

/// The question a volunteer holds (the one they took last).
#[derive(Debug, Clone, Copy)]
pub struct Claimed(pub i64);

/// Text from a volunteer who holds a question, outside any flow: their answer draft for it.
pub async fn draft_for_claim(
    bot: Tg,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    claimed: Claimed,
) -> HandlerResult {
    answer_written(bot, ctx, dialogue, msg, claimed.0).await
}

/// New text while the preview waits: it replaces the answer.
pub async fn answer_rewritten(
    bot: Tg,
    ctx: UserCtx,
    dialogue: Dialogue,
    msg: Message,
    (question, _old): (i64, AnswerText),
) -> HandlerResult {
    answer_written(bot, ctx, dialogue, msg, question).await
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
    // Only a wording the volunteer writes is published: never the resident's own text, which
    // may carry personal details.
    let public = match crate::domain::QuestionText::parse(msg.text().unwrap_or_default()) {
        Ok(p) if p.as_str() != "-" && p.as_str().trim() != q.body.trim() => p,
        _ => {
            bot.send_message(ctx.chat, t!(ctx.lang, "faq-prompt", number = question))
                .await?;
            return Ok(());
        }
    };
    let id = questions::publish_faq(&app, &q, &public, &answer, ctx.id()).await?;
    dialogue.update(State::Idle).await?;
    log::info!("volunteer {} published question {question} as FAQ {id}", ctx.id());
    let markup = InlineKeyboardMarkup::new(vec![vec![button(
        t!(ctx.lang, "faq-unpublish"),
        &Callback::Volunteer {
            question,
            action: VolunteerAction::UnpublishFaq,
        },
    )]]);
    bot.send_message(ctx.chat, t!(ctx.lang, "faq-published", number = question))
        .reply_markup(markup)
        .await?;
    Ok(())
}

/// A reply in the volunteer group to a question's post: that is the answer. The same rules
/// as in a private chat: a volunteer (or admin, for a question passed to coordinators) claims
/// it and answers in one go.
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
    let role = app.role_of(&user);
    // Replies in the group are in the group's language(s), like its posts.
    let say = |key: &str| {
        let text = questions::group_text(&app, "\n", |lang| t!(lang, key, number = question));
        bot.send_message(msg.chat.id, text).reply_to(msg.id)
    };
    if !role.allows(Role::Volunteer) {
        say("not-allowed").await?;
        return Ok(());
    }
    let Ok(answer) = AnswerText::parse(msg.text().unwrap_or_default()) else {
        say("answer-not-text").await?;
        return Ok(());
    };
    let admin = role.allows(Role::Admin);
    if app
        .db
        .claim(question, volunteer, admin, LEASE_SECS)
        .await?
        .is_none()
    {
        say(refusal(&app, question, admin).await?).await?;
        return Ok(());
    }
    let outcome = questions::answer(&app, volunteer, question, &answer).await?;
    say(answered_key(outcome)).await?;
    Ok(())
}
