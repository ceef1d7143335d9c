//! The rules of the question flow once a question is stored: who may take it, how an answer,
//! a rejection or an escalation is recorded together with the messages it causes, and how the
//! volunteer learns whether the resident got the answer.
//!
//! Handlers call one function here and render its outcome; every message to someone else goes
//! into the outbox in the same transaction as the change.

use std::time::Duration;

use teloxide::types::InlineKeyboardMarkup;

use crate::{
    content::faq::{self, FaqIndex},
    context::App,
    domain::{AnswerText, Lang, QuestionText, RejectReason, Theme},
    storage::{
        AnswerRecorded, NewMessage, NewQuestion, OutboxKind, OutboxState, QuestionLimits, QuestionRow,
        StorageError, Submitted,
    },
    t,
    telegram_html::{MAX_MESSAGE_LEN, escape, fit},
    ui::{
        callback::{Callback, VolunteerAction},
        keyboards::button,
    },
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

/// A text for the volunteer group, in its language(s) (`VOLUNTEER_CHAT_LANG`), joined by
/// `separator` when it is both.
pub fn group_text(app: &App, separator: &str, render: impl Fn(Lang) -> String) -> String {
    app.config
        .volunteer_chat_lang
        .langs()
        .iter()
        .map(|l| render(*l))
        .collect::<Vec<_>>()
        .join(separator)
}

/// A group post about question `number` (asked in `lang`) from template `key`, with the
/// question quoted and shortened to fit.
fn group_question_text(app: &App, key: &str, number: i64, lang: Lang, body: &str) -> String {
    let render = |quoted: &str| {
        group_text(app, "\n\n", |ui| {
            let body = if quoted.is_empty() {
                t!(ui, "card-media-only")
            } else {
                quoted.to_owned()
            };
            t!(ui, key, number = number, lang = lang.code(), body = body)
        })
    };
    fit(MAX_MESSAGE_LEN, body, render)
}

/// The post of a new question in the volunteer group, if there is a group.
pub fn group_post(app: &App, number: i64, lang: Lang, body: &str) -> Option<NewMessage> {
    let group = app.config.volunteer_chat_id?;
    let text = group_question_text(app, "group-question", number, lang, body);
    let markup = InlineKeyboardMarkup::new(vec![vec![button(
        group_text(app, " · ", |ui| t!(ui, "group-claim", number = number)),
        &Callback::Volunteer {
            question: number,
            action: VolunteerAction::Claim,
        },
    )]]);
    Some(NewMessage::new(OutboxKind::GroupPost, group, text).markup(markup_json(&markup)))
}

/// The theme a question is suggested under: the first of the explanation it is about, else
/// of the explanation its text matches best (the volunteer confirms or changes it).
pub fn suggested_theme(app: &App, item: Option<&str>, text: &str, lang: Lang) -> Option<Theme> {
    let pack = app.content.get();
    let of_item = |id: &str| pack.item(id).and_then(|i| i.themes.first().copied());
    item.and_then(of_item).or_else(|| {
        pack.search
            .search(text, lang, 3)
            .into_iter()
            .find_map(|hit| match hit.target {
                crate::content::search::Target::Item(id) => of_item(&id),
                _ => None,
            })
    })
}

/// A resident's Send: the question stored once (with its group post), within the limits, and
/// the ask flow ended, in one transaction.
pub async fn submit(app: &App, q: &NewQuestion<'_>, body: &str) -> Result<Submitted, StorageError> {
    let limits = QuestionLimits {
        open: MAX_OPEN,
        per_day: MAX_PER_DAY,
    };
    app.db
        .submit_question(q, Some(limits), true, |number| {
            group_post(app, number, q.lang, body)
        })
        .await
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
    app.outbox.wake();
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
        app.outbox.wake();
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
            t!(lang, "group-claim", number = question),
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
        let text = group_question_text(app, "group-question-escalated", question, q.lang, &q.body);
        notes.push(
            NewMessage::new(OutboxKind::GroupEdit, group, text)
                .edit(post)
                .question(question),
        );
    }
    let done = app.db.escalate_question(question, volunteer, &notes).await?;
    if done {
        app.outbox.wake();
    }
    Ok(done)
}

/// Up to 3 published answers similar to `text`, in the user's language first.
pub async fn similar_faq(app: &App, text: &str, lang: Lang) -> Vec<(i64, String)> {
    let query = faq::terms(text);
    if query.is_empty() {
        return Vec::new();
    }
    if app.faq.read().await.is_none() {
        match app.db.faq_entries().await {
            Ok(rows) => {
                let entries = rows
                    .into_iter()
                    .map(|e| (e.id, e.lang.parse().unwrap_or(Lang::Ru), e.question));
                *app.faq.write().await = Some(FaqIndex::build(entries));
            }
            Err(e) => {
                log::warn!("cannot read the FAQ: {e}");
                return Vec::new();
            }
        }
    }
    let index = app.faq.read().await;
    let Some(index) = index.as_ref() else {
        return Vec::new();
    };
    index.similar(&query, lang)
}

/// Publishes `question`'s answer under the volunteer's public wording.
pub async fn publish_faq(
    app: &App,
    question: &QuestionRow,
    wording: &QuestionText,
    answer: &str,
    by: i64,
) -> Result<i64, StorageError> {
    let id = app
        .db
        .publish_faq(question.id, question.lang, wording.as_str(), answer, by)
        .await?;
    *app.faq.write().await = None;
    Ok(id)
}

/// Takes the FAQ entry made from `question` down.
pub async fn unpublish_faq(app: &App, question: i64, by: i64) -> Result<bool, StorageError> {
    let done = app.db.unpublish_faq(question, by).await?;
    *app.faq.write().await = None;
    Ok(done)
}
