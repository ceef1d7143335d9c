//! The events worker: sends due reminders (24 h and 2 h before an event, to residents who asked)
//! and drains the notices outbox (moved or cancelled events), through the shared [`Sender`].
//!
//! Exactly once, as far as Telegram allows: a reminder is marked handled right after its send,
//! and a notice is marked `sending` before and `sent` after; a crash between the two re-sends
//! that one message after the restart (at most one duplicate per crash), never loses it.

use std::time::Duration;

use teloxide::types::InlineKeyboardMarkup;
use tokio::sync::watch;

use super::{Delivery, Sender};
use crate::{
    bot::{
        callback::{Callback, EventAction},
        keyboards::button,
    },
    domain::{EventStatus, Lang},
    events,
    storage::{Db, DueReminder, Outcome, StorageError, now},
    t,
};

/// How long the worker sleeps when there is nothing to do (or after a failure).
const IDLE: Duration = Duration::from_secs(1);

/// Runs until `stop` turns true.
pub async fn run(db: Db, sender: Sender, mut stop: watch::Receiver<bool>) {
    match db.requeue_interrupted_notices().await {
        Ok(0) => {}
        Ok(n) => log::info!("atazan::workers::reminders: resending {n} notices interrupted by a stop"),
        Err(e) => log::warn!("atazan::workers::reminders: cannot requeue interrupted notices: {e}"),
    }
    loop {
        if *stop.borrow_and_update() {
            return;
        }
        // A step is never cut short by a stop: a message sent but not yet marked would go out
        // again after the restart. (A crash still can do that: at most one duplicate.)
        let worked = step(&db, &sender).await.unwrap_or_else(|e| {
            log::warn!("atazan::workers::reminders: {e}");
            false
        });
        if worked {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(IDLE) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

/// Handles one notice or one reminder; `false` when there was nothing to do or it failed.
async fn step(db: &Db, sender: &Sender) -> Result<bool, StorageError> {
    if let Some(notice) = db.claim_notice().await? {
        let outcome = match sender.send(notice.chat_id, notice.text, None).await {
            Delivery::Sent => Outcome::Sent,
            Delivery::Blocked => Outcome::Blocked,
            Delivery::RetryLater | Delivery::Failed => Outcome::Failed,
        };
        db.finish_notice(notice.id, outcome, now()).await?;
        return Ok(outcome != Outcome::Failed);
    }
    let Some(reminder) = db.next_due_reminder(now()).await? else {
        return Ok(false);
    };
    remind(db, sender, reminder).await
}

async fn remind(db: &Db, sender: &Sender, r: DueReminder) -> Result<bool, StorageError> {
    let t = now();
    let Some(stored) = db.event(r.event_row_id).await? else {
        db.finish_reminder(r.id, Outcome::Skipped, t).await?;
        return Ok(true);
    };
    let e = &stored.event;
    if e.status == EventStatus::Cancelled || e.starts_at <= t {
        db.finish_reminder(r.id, Outcome::Skipped, t).await?;
        return Ok(true);
    }
    let Some(user) = db.user(r.chat_id).await? else {
        db.finish_reminder(r.id, Outcome::Skipped, t).await?;
        return Ok(true);
    };
    if user.blocked {
        db.finish_reminder(r.id, Outcome::Blocked, t).await?;
        return Ok(true);
    }
    let lang = user.lang.unwrap_or(Lang::Ru);
    let text = events::reminder_text(e, r.kind, lang, t);
    let open = InlineKeyboardMarkup::new(vec![vec![button(
        t!(lang, "event-button-open"),
        &Callback::Event {
            id: stored.row_id,
            action: EventAction::Open,
        },
    )]]);
    match sender.send(r.chat_id, text, Some(open)).await {
        Delivery::Sent => db.finish_reminder(r.id, Outcome::Sent, now()).await?,
        Delivery::Blocked => db.finish_reminder(r.id, Outcome::Blocked, now()).await?,
        Delivery::RetryLater => return Ok(false),
        Delivery::Failed => {
            db.retry_reminder(r.id, now()).await?;
            return Ok(false);
        }
    }
    Ok(true)
}
