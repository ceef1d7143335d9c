//! The reminder schedule: when a reminder (24 h or 2 h before an event a resident asked about)
//! is due, its message is written to the outbox, in the resident's language, in the same
//! transaction that marks it handled. The outbox sends it, and drops it if the event has begun.

use std::{sync::Arc, time::Duration};

use teloxide::types::InlineKeyboardMarkup;
use tokio::sync::watch;

use crate::{
    context::App,
    delivery::Outbox,
    domain::{EventStatus, Lang},
    services::{self, events},
    storage::{DueReminder, NewMessage, OutboxKind, Skipped, StorageError, now},
    t,
    ui::{
        callback::{Callback, EventAction},
        keyboards::button,
    },
};

/// How long the schedule sleeps when nothing is due (or after a failure).
const IDLE: Duration = Duration::from_secs(1);

/// How often discussions past their close date are looked for.
const CLOSINGS_EVERY: Duration = Duration::from_secs(5);

/// Runs until `stop` turns true.
pub async fn run(app: Arc<App>, mut stop: watch::Receiver<bool>) {
    let outbox = app.outbox.clone();
    let mut closings = tokio::time::Instant::now();
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        if closings.elapsed() >= CLOSINGS_EVERY {
            closings = tokio::time::Instant::now();
            if let Err(e) = services::drafts::close_due(&app).await {
                log::warn!("atazan::workers::reminders: closing discussions: {e}");
            }
        }
        let worked = step(&outbox).await.unwrap_or_else(|e| {
            log::warn!("atazan::workers::reminders: {e}");
            false
        });
        if worked {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(IDLE) => {}
            _ = super::stopped(&mut stop) => return,
        }
    }
}

/// Handles one due reminder; `false` when none was due.
async fn step(outbox: &Outbox) -> Result<bool, StorageError> {
    let db = &outbox.db;
    let Some(r) = db.next_due_reminder(now()).await? else {
        return Ok(false);
    };
    let t = now();
    let Some(stored) = db.event(r.event_row_id).await? else {
        db.skip_reminder(r.id, Skipped::NoLongerApplies, t).await?;
        return Ok(true);
    };
    let e = &stored.event;
    if e.status == EventStatus::Cancelled || e.starts_at <= t {
        db.skip_reminder(r.id, Skipped::NoLongerApplies, t).await?;
        return Ok(true);
    }
    let Some(user) = db.user(r.chat_id).await? else {
        db.skip_reminder(r.id, Skipped::NoLongerApplies, t).await?;
        return Ok(true);
    };
    if user.blocked {
        db.skip_reminder(r.id, Skipped::Blocked, t).await?;
        return Ok(true);
    }
    let message = reminder_message(&r, &stored, user.lang.unwrap_or(Lang::Ru), t);
    db.queue_reminder(r.id, &message).await?;
    outbox.wake();
    Ok(true)
}

fn reminder_message(r: &DueReminder, stored: &crate::storage::StoredEvent, lang: Lang, t: i64) -> NewMessage {
    let text = events::reminder_text(&stored.event, r.kind, lang, t);
    let open = InlineKeyboardMarkup::new(vec![vec![button(
        t!(lang, "event-button-open"),
        &Callback::Event {
            id: stored.row_id,
            action: EventAction::Open,
        },
    )]]);
    // A reminder after the event began makes no sense: it expires then.
    NewMessage::new(OutboxKind::Reminder, r.chat_id, text)
        .markup(serde_json::to_string(&open).ok())
        .event(stored.row_id)
        .expires_at(stored.event.starts_at)
}
