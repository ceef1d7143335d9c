//! The rules of the question flow once a question is stored: who may take it, how an answer,
//! a rejection or an escalation is recorded together with the messages it causes, and how the
//! volunteer learns whether the resident got the answer.
//!
//! Handlers call one function here and render its outcome; every message to someone else goes
//! into the outbox in the same transaction as the change.

use std::time::Duration;

use teloxide::types::InlineKeyboardMarkup;

use crate::{
    bot::{
        callback::{Callback, VolunteerAction},
        keyboards::button,
    },
    context::App,
    domain::{AnswerText, Lang, RejectReason},
    storage::{AnswerRecorded, NewMessage, OutboxKind, OutboxState, QuestionRow, StorageError},
    t,
    telegram_html::{MAX_MESSAGE_LEN, escape, fit},
};

/// How long a claim holds a question before it returns to the queue.
pub const LEASE_SECS: i64 = 30 * 60;
/// Open questions a resident may have at once.
pub const MAX_OPEN: i64 = 3;
/// Questions a resident may send per 24 hours.
pub const MAX_PER_DAY: i64 = 5;
/// How long a volunteer's "Send" waits to say whether the answer arrived (later: a note).
const DELIVERY_WAIT: Duration = Duration::from_secs(5);

/// Where an answer stands when the volunteer is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// The resident has it.
    Delivered,
    /// Telegram could not take it yet; it is retried, and the volunteer hears how it ends.
    Waiting,
    /// Stored, but the resident cannot get it (blocked the bot, erased their data, or a day of
    /// retries failed; admins see it).
    Undeliverable,
    /// The volunteer no longer holds the question.
    ClaimLost,
}

/// Markup as stored in the outbox.
fn markup_json(markup: &InlineKeyboardMarkup) -> Option<String> {
    serde_json::to_string(markup).ok()
}

/// The post of a new question in the volunteer group, if there is a group.
pub fn group_post(app: &App, number: i64, lang: Lang, body: &str) -> Option<NewMessage> {
    let group = app.config.volunteer_chat_id?;
    let ui = Lang::Ru;
    let text = if body.is_empty() {
        t!(
            ui,
            "group-question",
            number = number,
            lang = lang.code(),
            body = t!(ui, "card-media-only")
        )
    } else {
        fit(MAX_MESSAGE_LEN, body, |quoted| {
            t!(
                ui,
                "group-question",
                number = number,
                lang = lang.code(),
                body = quoted
            )
        })
    };
    let markup = InlineKeyboardMarkup::new(vec![vec![button(
        t!(ui, "group-claim", number = number),
        &Callback::Volunteer {
            question: number,
            action: VolunteerAction::Claim,
        },
    )]]);
    Some(NewMessage::new(OutboxKind::GroupPost, group, text).markup(markup_json(&markup)))
}

/// The message that brings `answer` to the resident who asked `q`.
pub fn answer_message(q: &QuestionRow, chat: i64, answer: &AnswerText) -> NewMessage {
    let lang = q.lang;
    let answer_html = escape(answer.as_str());
    let text = if q.body.is_empty() {
        t!(
            lang,
            "answer-to-resident",
            number = q.id,
            question = t!(lang, "card-media-only"),
            answer = answer_html.clone()
        )
    } else {
        fit(MAX_MESSAGE_LEN, &q.body, |quoted| {
            t!(
                lang,
                "answer-to-resident",
                number = q.id,
                question = quoted,
                answer = answer_html.clone()
            )
        })
    };
    let question = q.id;
    let markup = InlineKeyboardMarkup::new(vec![
        vec![
            button(
                t!(lang, "answer-helpful"),
                &Callback::Rate {
                    question,
                    helpful: true,
                },
            ),
            button(
                t!(lang, "answer-not-helpful"),
                &Callback::Rate {
                    question,
                    helpful: false,
                },
            ),
        ],
        vec![button(
            t!(lang, "answer-follow-up"),
            &Callback::FollowUp { question },
        )],
    ]);
    NewMessage::new(OutboxKind::Answer, chat, text)
        .markup(markup_json(&markup))
        .question(question)
}

/// Records `answer` to `question` by `volunteer` with its delivery, then waits a few seconds
/// to say whether it arrived.
pub async fn answer(
    app: &App,
    volunteer: i64,
    question: i64,
    answer: &AnswerText,
) -> Result<Answered, StorageError> {
    let Some(q) = app.db.question(question).await? else {
        return Ok(Answered::ClaimLost);
    };
    let delivery = q.chat_id.map(|chat| answer_message(&q, chat, answer));
    // Subscribe before the row exists, so its outcome cannot be missed.
    let mut finished = app.outbox.finished.subscribe();
    let outbox = match app
        .db
        .answer_question(question, volunteer, answer, delivery.as_ref())
        .await?
    {
        AnswerRecorded::ClaimLost => return Ok(Answered::ClaimLost),
        AnswerRecorded::Recorded { outbox: None } => return Ok(Answered::Undeliverable),
        AnswerRecorded::Recorded { outbox: Some(id) } => id,
    };
    log::info!("volunteer {volunteer} answered question {question} (delivery {outbox})");
    app.outbox.wakeup.notify_one();
    let waited = tokio::time::timeout(DELIVERY_WAIT, async {
        loop {
            match finished.recv().await {
                Ok((id, state)) if id == outbox => return Some(state),
                Ok(_) => {}
                // Missed some: the stored state says.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return None,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
    .await
    .ok()
    .flatten();
    let state = match waited {
        Some(state) => state,
        None if app.db.report_outcome_to(outbox, volunteer).await? => return Ok(Answered::Waiting),
        None => app.db.outbox_state(outbox).await?.unwrap_or(OutboxState::Waiting),
    };
    Ok(match state {
        OutboxState::Sent => Answered::Delivered,
        OutboxState::Waiting => Answered::Waiting,
        _ => Answered::Undeliverable,
    })
}

/// Rejects a question the volunteer holds; the resident hears why, politely.
pub async fn reject(
    app: &App,
    volunteer: i64,
    question: i64,
    reason: RejectReason,
) -> Result<bool, StorageError> {
    let Some(q) = app.db.question(question).await? else {
        return Ok(false);
    };
    let notice = q.chat_id.map(|chat| {
        let polite = t!(q.lang, &format!("rejected-{}", reason.as_str()));
        let text = t!(q.lang, "rejected", number = question, reason = polite);
        NewMessage::new(OutboxKind::Rejection, chat, text).question(question)
    });
    let done = app
        .db
        .reject_question(question, volunteer, reason, notice.as_ref())
        .await?;
    if done {
        app.outbox.wakeup.notify_one();
    }
    Ok(done)
}

/// Passes a question the volunteer holds to coordinators: each admin gets a note with a Take
/// button, and the group post says it was passed on (its claim button goes).
pub async fn escalate(app: &App, volunteer: i64, question: i64) -> Result<bool, StorageError> {
    let Some(q) = app.db.question(question).await? else {
        return Ok(false);
    };
    let mut notes = Vec::new();
    for admin in app.admin_chats() {
        let lang = app.db.lang_of(admin).await?.unwrap_or(Lang::Ru);
        let markup = InlineKeyboardMarkup::new(vec![vec![button(
            t!(lang, "queue-take"),
            &Callback::Volunteer {
                question,
                action: VolunteerAction::Claim,
            },
        )]]);
        notes.push(
            NewMessage::new(
                OutboxKind::Escalation,
                admin,
                t!(lang, "escalated-to-admins", number = question),
            )
            .markup(markup_json(&markup))
            .question(question),
        );
    }
    if let (Some(group), Some(post)) = (app.config.volunteer_chat_id, q.group_message_id) {
        let ui = Lang::Ru;
        let render = |body: &str| {
            t!(
                ui,
                "group-question-escalated",
                number = question,
                lang = q.lang.code(),
                body = body
            )
        };
        let text = if q.body.is_empty() {
            render(&t!(ui, "card-media-only"))
        } else {
            fit(MAX_MESSAGE_LEN, &q.body, render)
        };
        notes.push(
            NewMessage::new(OutboxKind::GroupEdit, group, text)
                .edit(post)
                .question(question),
        );
    }
    let done = app.db.escalate_question(question, volunteer, &notes).await?;
    if done {
        app.outbox.wakeup.notify_one();
    }
    Ok(done)
}
