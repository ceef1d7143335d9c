//! The broadcast sender: drains the deliveries outbox under Telegram's limits.
//!
//! The shared limiter lets at most `BROADCAST_RATE` bulk messages out a second (never above 30),
//! each recipient getting one message per broadcast. Sends run concurrently so network latency does not cap the
//! rate. A 429 pauses all sending for `retry_after`; 5xx and network errors are retried with
//! backoff; a recipient who blocked the bot (403) is marked and never retried. Every row is
//! marked `sending` before its call and its outcome after, so a crash and restart resume where
//! they stopped: only a row in flight at the crash can be sent twice.

use std::{sync::Arc, time::Duration};

use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{InlineKeyboardMarkup, InputFile},
};
use tokio::{sync::watch, time::Instant};

use crate::{
    app::App,
    bot::{Tg, callback::Callback, keyboards::button},
    domain::Lang,
    storage::{Delivery, DeliveryOutcome as Outcome, now},
    t,
};

use super::RateLimiter;

/// Sends in flight at once.
const IN_FLIGHT: usize = 16;
/// Attempts before a transient failure becomes final.
const MAX_ATTEMPTS: i64 = 5;
/// How often progress messages are edited.
const PROGRESS_EVERY: Duration = Duration::from_secs(3);

/// Runs the sender and the progress reporter until `stop` turns true.
pub async fn run(bot: Tg, app: Arc<App>, limiter: Arc<RateLimiter>, stop: watch::Receiver<bool>) {
    match app.db.requeue_in_flight().await {
        Ok(0) => {}
        Ok(n) => log::warn!("broadcast: {n} deliveries were in flight at the last stop; sending them again"),
        Err(e) => log::error!("broadcast: cannot requeue deliveries in flight: {e}"),
    }
    let progress = tokio::spawn(report_progress(bot.clone(), app.clone(), stop.clone()));
    send_loop(bot, app, limiter, stop).await;
    let _ = progress.await;
}

async fn send_loop(bot: Tg, app: Arc<App>, limiter: Arc<RateLimiter>, mut stop: watch::Receiver<bool>) {
    let permits = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    let mut last_schedule_check = Instant::now() - Duration::from_secs(60);
    loop {
        if *stop.borrow() {
            break;
        }
        if last_schedule_check.elapsed() >= Duration::from_secs(1) {
            last_schedule_check = Instant::now();
            start_due(&bot, &app).await;
        }
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        match app.db.claim_delivery().await {
            Ok(Some(delivery)) => {
                // The shared limiter spaces sends (global rate, per chat) and holds them during
                // a 429 pause; the send itself runs concurrently so latency does not cap the rate.
                tokio::select! {
                    _ = limiter.acquire(delivery.chat_id) => {}
                    _ = stop.changed() => {
                        let _ = app.db.finish_delivery(
                            delivery.broadcast_id,
                            delivery.chat_id,
                            &Outcome::Retry { at: now(), error: "stopped".into() },
                        ).await;
                        break;
                    }
                }
                let (bot, app, limiter) = (bot.clone(), app.clone(), limiter.clone());
                tokio::spawn(async move {
                    send_one(&bot, &app, &limiter, delivery).await;
                    drop(permit);
                });
            }
            Ok(None) => {
                drop(permit);
                tokio::select! {
                    _ = app.broadcast_wakeup.notified() => {}
                    _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                    _ = stop.changed() => break,
                }
            }
            Err(e) => {
                drop(permit);
                log::warn!("broadcast: cannot claim a delivery: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
    // Let sends in flight record their outcome.
    let _ = permits.acquire_many(IN_FLIGHT as u32).await;
}

/// Starts scheduled broadcasts whose time has come.
async fn start_due(bot: &Tg, app: &App) {
    let due = match app.db.due_broadcasts().await {
        Ok(d) => d,
        Err(e) => {
            log::warn!("broadcast: cannot read scheduled broadcasts: {e}");
            return;
        }
    };
    for id in due {
        match app.db.start_broadcast(id).await {
            Ok(total) => {
                log::info!("broadcast {id}: scheduled time reached, sending to {total}");
                if let Ok(Some(a)) = app
                    .db
                    .active_broadcasts()
                    .await
                    .map(|v| v.into_iter().find(|a| a.id == id))
                    && let Some(chat) = a.progress_chat
                {
                    let _ = bot
                        .send_message(
                            ChatId(chat),
                            t!(Lang::Ru, "broadcast-scheduled-started", id = id, total = total),
                        )
                        .await;
                }
            }
            Err(e) => log::error!("broadcast {id}: cannot start: {e}"),
        }
    }
}

async fn send_one(bot: &Tg, app: &App, limiter: &RateLimiter, d: Delivery) {
    let chat = ChatId(d.chat_id);
    let result = match &d.photo_file_id {
        Some(photo) => bot
            .send_photo(chat, InputFile::file_id(photo.clone().into()))
            .caption(d.html.clone())
            .await
            .map(drop),
        None => bot.send_message(chat, d.html.clone()).await.map(drop),
    };
    let outcome = match result {
        Ok(()) => Outcome::Sent,
        Err(RequestError::RetryAfter(secs)) => {
            log::warn!(
                "broadcast: Telegram asks to wait {}s; pausing all sending",
                secs.seconds()
            );
            limiter.pause(secs.duration());
            Outcome::Retry {
                at: now() + i64::from(secs.seconds()),
                error: "429".into(),
            }
        }
        Err(RequestError::Api(
            ApiError::BotBlocked | ApiError::UserDeactivated | ApiError::ChatNotFound | ApiError::BotKicked,
        )) => Outcome::Blocked,
        Err(RequestError::Api(e)) => Outcome::Failed(e.to_string()),
        Err(e) if d.attempts < MAX_ATTEMPTS => {
            let backoff = 2i64.pow(d.attempts.clamp(0, 6) as u32);
            Outcome::Retry {
                at: now() + backoff,
                error: e.to_string(),
            }
        }
        Err(e) => Outcome::Failed(e.to_string()),
    };
    if let Err(e) = app.db.finish_delivery(d.broadcast_id, d.chat_id, &outcome).await {
        log::error!(
            "broadcast {}: cannot record delivery to {}: {e}",
            d.broadcast_id,
            d.chat_id
        );
    }
}

/// Edits each active broadcast's progress message every few seconds; sends the final report.
async fn report_progress(bot: Tg, app: Arc<App>, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(PROGRESS_EVERY) => {}
            _ = stop.changed() => return,
        }
        let Ok(active) = app.db.active_broadcasts().await else {
            continue;
        };
        for b in active {
            let Ok(p) = app.db.broadcast_progress(b.id).await else {
                continue;
            };
            let finished = p.left == 0 || b.status == "stopped";
            let eta = p.left / i64::from(app.config.broadcast_rate.max(1));
            let lang = Lang::Ru;
            let text = if finished {
                let key = if b.status == "stopped" {
                    "broadcast-stopped-report"
                } else {
                    "broadcast-done"
                };
                t!(
                    lang,
                    key,
                    id = b.id,
                    sent = p.sent,
                    failed = p.failed,
                    blocked = p.blocked,
                    total = p.total
                )
            } else {
                t!(
                    lang,
                    "broadcast-progress",
                    id = b.id,
                    sent = p.sent,
                    failed = p.failed + p.blocked,
                    left = p.left,
                    eta = eta
                )
            };
            if let (Some(chat), Some(message)) = (b.progress_chat, b.progress_message) {
                let markup = if finished {
                    InlineKeyboardMarkup::new(Vec::<Vec<_>>::new())
                } else {
                    InlineKeyboardMarkup::new(vec![vec![button(
                        t!(lang, "broadcast-stop"),
                        &Callback::StopBroadcast { id: b.id },
                    )]])
                };
                let edit = bot
                    .edit_message_text(
                        ChatId(chat),
                        teloxide::types::MessageId(message as i32),
                        text.clone(),
                    )
                    .reply_markup(markup);
                if let Err(e) = edit.await
                    && !matches!(e, RequestError::Api(ApiError::MessageNotModified))
                {
                    log::debug!("broadcast {}: cannot edit progress: {e}", b.id);
                }
                if finished {
                    let _ = bot.send_message(ChatId(chat), text).await;
                }
            }
            if finished && let Err(e) = app.db.finish_broadcast(b.id).await {
                log::error!("broadcast {}: cannot mark finished: {e}", b.id);
            }
        }
    }
}
