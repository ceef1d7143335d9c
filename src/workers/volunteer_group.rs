//! Posting new questions to the optional volunteer group (`VOLUNTEER_CHAT_ID`).
//!
//! Telegram allows about 20 messages a minute in a group, so posts go through a worker: a
//! question is "unposted" until its post exists; when several wait, they go out together in one
//! post. Nothing is dropped: a failed post is retried on the next round.

use std::{collections::VecDeque, sync::Arc, time::Duration};

use teloxide::{RequestError, prelude::*, types::InlineKeyboardMarkup};
use tokio::sync::watch;

use crate::{
    app::App,
    bot::{
        Tg,
        callback::{Callback, VolunteerAction},
        keyboards::button,
    },
    domain::Lang,
    t,
    telegram_html::escape,
};

/// Posts per minute in one group.
const PER_MINUTE: usize = 20;
/// Questions in one batched post.
const BATCH: i64 = 8;

/// Wakes the worker (a question was just stored).
pub async fn announce(app: &App, number: i64) {
    if app.config.volunteer_chat_id.is_some() {
        log::debug!("question {number} queued for the volunteer group");
        app.group_wakeup.notify_one();
    }
}

/// Runs until `stop` turns true.
pub async fn run(bot: Tg, app: Arc<App>, mut stop: watch::Receiver<bool>) {
    let Some(group) = app.config.volunteer_chat_id else {
        return;
    };
    let mut sent: VecDeque<tokio::time::Instant> = VecDeque::new();
    loop {
        if *stop.borrow() {
            return;
        }
        // Respect the group limit: wait for the oldest post of the last minute to age out.
        while sent.len() >= PER_MINUTE {
            let oldest = sent[0];
            if oldest.elapsed() >= Duration::from_secs(60) {
                sent.pop_front();
            } else {
                tokio::select! {
                    _ = tokio::time::sleep_until(oldest + Duration::from_secs(60)) => {}
                    _ = stop.changed() => return,
                }
            }
        }
        let pending = match app.db.unposted_questions(BATCH).await {
            Ok(p) => p,
            Err(e) => {
                log::warn!("volunteer group: cannot read unposted questions: {e}");
                Vec::new()
            }
        };
        if pending.is_empty() {
            tokio::select! {
                _ = app.group_wakeup.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(30)) => {}
                _ = stop.changed() => return,
            }
            continue;
        }
        let ids: Vec<i64> = pending.iter().map(|(id, _, _)| *id).collect();
        let text = if let [(id, lang, body)] = pending.as_slice() {
            t!(
                Lang::Ru,
                "group-question",
                number = *id,
                lang = lang.clone(),
                body = escape(body)
            )
        } else {
            let list = pending
                .iter()
                .map(|(id, lang, body)| {
                    format!(
                        "<b>№{id}</b> ({lang}) {}",
                        escape(&body.chars().take(150).collect::<String>())
                    )
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            t!(Lang::Ru, "group-batch", count = pending.len(), list = list)
        };
        let rows = ids
            .iter()
            .map(|id| {
                vec![button(
                    t!(Lang::Ru, "group-claim", number = *id),
                    &Callback::Volunteer {
                        question: *id,
                        action: VolunteerAction::Claim,
                    },
                )]
            })
            .collect::<Vec<_>>();
        match bot
            .send_message(ChatId(group), text)
            .reply_markup(InlineKeyboardMarkup::new(rows))
            .await
        {
            Ok(m) => {
                sent.push_back(tokio::time::Instant::now());
                if let Err(e) = app.db.set_group_message(&ids, m.id.0).await {
                    log::error!("volunteer group: posted {ids:?} but cannot record it: {e}");
                }
            }
            Err(RequestError::RetryAfter(secs)) => {
                log::warn!("volunteer group: Telegram asks to wait {}s", secs.seconds());
                tokio::time::sleep(secs.duration()).await;
            }
            Err(e) => {
                log::warn!("volunteer group: cannot post {ids:?}: {e}; retrying later");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(10)) => {}
                    _ = stop.changed() => return,
                }
            }
        }
    }
}
