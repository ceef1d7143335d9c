//! Broadcasts over time: starts scheduled ones when their time comes (status and deliveries in
//! one transaction) and keeps each admin's progress message current, with a final report.
//!
//! The deliveries themselves go out through the sender loop ([`super::outbox`]), within
//! `BROADCAST_RATE` and after replies people wait for.

use std::{sync::Arc, time::Duration};

use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{InlineKeyboardMarkup, MessageId},
};
use tokio::sync::watch;

use crate::{
    context::App,
    domain::Lang,
    storage::{Active, NewMessage, OutboxKind},
    t,
    ui::{Tg, callback::Callback, keyboards::button},
};

/// How often progress messages are edited (and scheduled broadcasts looked at).
const PROGRESS_EVERY: Duration = Duration::from_secs(3);
/// How often scheduled broadcasts are looked at.
const SCHEDULE_EVERY: Duration = Duration::from_secs(1);

/// Runs until `stop` turns true.
pub async fn run(bot: Tg, app: Arc<App>, mut stop: watch::Receiver<bool>) {
    let mut progress = tokio::time::interval(PROGRESS_EVERY);
    let mut schedule = tokio::time::interval(SCHEDULE_EVERY);
    loop {
        tokio::select! {
            _ = schedule.tick() => start_due(&app).await,
            _ = progress.tick() => report_progress(&bot, &app).await,
            _ = super::stopped(&mut stop) => return,
        }
    }
}

/// Starts scheduled broadcasts whose time has come.
async fn start_due(app: &App) {
    let due = match app.db.due_broadcasts().await {
        Ok(d) => d,
        Err(e) => {
            log::warn!("atazan::workers::broadcast: cannot read scheduled broadcasts: {e}");
            return;
        }
    };
    for id in due {
        let langs = app.db.lang_of_progress_chat(id).await.ok().flatten();
        let note = |chat: i64, total: i64| {
            let lang = langs.unwrap_or(Lang::Ru);
            Some(NewMessage::new(
                OutboxKind::StaffNote,
                chat,
                t!(lang, "broadcast-scheduled-started", id = id, total = total),
            ))
        };
        match app.db.start_broadcast(id, note).await {
            Ok(Some(total)) => {
                log::info!("broadcast {id}: scheduled time reached, sending to {total}");
                app.outbox.wakeup.notify_one();
            }
            Ok(None) => log::info!("broadcast {id}: stopped before its time; not started"),
            Err(e) => log::error!("broadcast {id}: cannot start: {e}"),
        }
    }
}

/// Edits each active broadcast's progress message; queues the final report.
async fn report_progress(bot: &Tg, app: &App) {
    let Ok(active) = app.db.active_broadcasts().await else {
        return;
    };
    for b in active {
        if let Err(e) = report_one(bot, app, &b).await {
            log::warn!("broadcast {}: cannot report progress: {e}", b.id);
        }
    }
}

async fn report_one(bot: &Tg, app: &App, b: &Active) -> Result<(), crate::storage::StorageError> {
    let p = app.db.broadcast_progress(b.id).await?;
    let stopped = b.stopped;
    let finished = p.left == 0 || stopped;
    let lang = match b.progress_chat {
        Some(chat) => app.db.lang_of(chat).await?.unwrap_or(Lang::Ru),
        None => Lang::Ru,
    };
    let eta = p.left / i64::from(app.config.broadcast_rate.max(1));
    let text = if finished {
        let key = if stopped {
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
            .edit_message_text(ChatId(chat), MessageId(message as i32), text.clone())
            .reply_markup(markup);
        if let Err(e) = edit.await
            && !matches!(e, RequestError::Api(ApiError::MessageNotModified))
        {
            log::debug!("broadcast {}: cannot edit progress: {e}", b.id);
        }
    }
    if finished {
        let report = b
            .progress_chat
            .map(|chat| NewMessage::new(OutboxKind::StaffNote, chat, text));
        app.db.finish_broadcast(b.id, report.as_ref()).await?;
        app.outbox.wakeup.notify_one();
    }
    Ok(())
}
