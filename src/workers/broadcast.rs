//! Broadcasts over time: starts scheduled ones when their time comes (status and deliveries in
//! one transaction) and keeps each admin's progress message current, with a final report.
//!
//! The deliveries themselves go out through the sender loop ([`super::outbox`]), within
//! `BROADCAST_RATE` and after replies people wait for.

use std::{collections::HashMap, sync::Arc, time::Duration};

use teloxide::types::{InlineKeyboardMarkup, ReplyMarkup};
use tokio::sync::watch;

use crate::{
    context::App,
    delivery::{Class, Envelope},
    domain::Lang,
    storage::{Active, NewMessage, OutboxKind},
    t,
    ui::{callback::Callback, keyboards::button},
};

/// How often progress messages are edited (and scheduled broadcasts looked at).
const PROGRESS_EVERY: Duration = Duration::from_secs(3);
/// How often scheduled broadcasts are looked at.
const SCHEDULE_EVERY: Duration = Duration::from_secs(1);

/// Runs until `stop` turns true.
pub async fn run(app: Arc<App>, mut stop: watch::Receiver<bool>) {
    let mut progress = tokio::time::interval(PROGRESS_EVERY);
    let mut schedule = tokio::time::interval(SCHEDULE_EVERY);
    // What each progress message shows now: an edit that would change nothing is not sent.
    let mut shown = HashMap::new();
    loop {
        tokio::select! {
            _ = schedule.tick() => start_due(&app).await,
            _ = progress.tick() => report_progress(&app, &mut shown).await,
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
                app.outbox.wake();
            }
            Ok(None) => log::info!("broadcast {id}: stopped before its time; not started"),
            Err(e) => log::error!("broadcast {id}: cannot start: {e}"),
        }
    }
}

/// Edits each active broadcast's progress message; queues the final report.
async fn report_progress(app: &App, shown: &mut HashMap<i64, String>) {
    let Ok(active) = app.db.active_broadcasts().await else {
        return;
    };
    shown.retain(|id, _| active.iter().any(|b| b.id == *id));
    for b in active {
        if let Err(e) = report_one(app, &b, shown).await {
            log::warn!("broadcast {}: cannot report progress: {e}", b.id);
        }
    }
}

async fn report_one(
    app: &App,
    b: &Active,
    shown: &mut HashMap<i64, String>,
) -> Result<(), crate::storage::StorageError> {
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
        // The same limits and error handling as every other send; "not modified" is success.
        let envelope = Envelope {
            chat,
            text: &text,
            markup: Some(ReplyMarkup::InlineKeyboard(markup)),
            photo: None,
            edit: i32::try_from(message).ok(),
        };
        let key = format!("{finished}\n{text}");
        if shown.get(&b.id) != Some(&key) {
            match app.outbox.sender.send(&envelope, Class::Reply).await {
                Ok(_) => {
                    shown.insert(b.id, key);
                }
                Err(e) => log::debug!("broadcast {}: cannot edit progress: {e:?}", b.id),
            }
        }
    }
    if finished {
        let report = b
            .progress_chat
            .map(|chat| NewMessage::new(OutboxKind::StaffNote, chat, text));
        app.db.finish_broadcast(b.id, report.as_ref()).await?;
        app.outbox.wake();
    }
    Ok(())
}
