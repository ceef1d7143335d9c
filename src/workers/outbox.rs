//! The sender loop: drains the outbox (answers, notices, reminders, group posts, notes to staff)
//! and the deliveries of running broadcasts, one claimed row at a time, through the one
//! [`Sender`] and the one retry policy.
//!
//! A row is claimed under a lease (`sending`), sent, and its outcome recorded; a crash between
//! the send and the record leaves the lease to run out, and the row is sent again: at most twice.
//! Outbox rows come before broadcast deliveries, replies before bulk.

use std::{sync::Arc, time::Duration};

use teloxide::types::InlineKeyboardMarkup;
use tokio::sync::{Notify, Semaphore, broadcast, watch};

use super::sender::{Class, Envelope, SendError, Sender, retry_delay};
use crate::{
    domain::Lang,
    storage::{Db, Delivery, Finish, NewMessage, OutboxKind, OutboxRow, OutboxState, now},
    t,
};

/// Sends in flight at once (so network latency does not cap the rate).
const IN_FLIGHT: usize = 16;

/// What the sender needs, shared with whoever writes to the outbox.
pub struct Outbox {
    pub db: Db,
    pub sender: Sender,
    /// Rung when a row is written, so it goes out at once.
    pub wakeup: Notify,
    /// Final states of outbox rows as they happen (a volunteer waiting for their answer).
    pub finished: broadcast::Sender<(i64, OutboxState)>,
}

impl Outbox {
    pub fn new(db: Db, sender: Sender) -> Self {
        Self {
            db,
            sender,
            wakeup: Notify::new(),
            finished: broadcast::channel(256).0,
        }
    }

    /// Waits until a message of `class` to `chat` may go out: this instance's limits, then, on a
    /// database instances share, the chat's turn among all of them (Telegram counts per bot).
    async fn turn(&self, chat: i64, class: Class) {
        self.sender.limiter().acquire(chat, class).await;
        let gap = i64::try_from(self.sender.limiter().chat_gap(chat).as_millis()).unwrap_or(1000);
        match self.db.reserve_chat_slot(chat, gap).await {
            Ok(wait) if wait > 0 => {
                tokio::time::sleep(Duration::from_millis(wait.unsigned_abs())).await;
            }
            Ok(_) => {}
            Err(e) => log::warn!("atazan::workers::outbox: cannot take chat {chat}'s turn: {e}"),
        }
    }
}

enum Job {
    Message(OutboxRow),
    Delivery(Delivery),
}

/// Runs until `stop` turns true (or the token is revoked: then it asks everything to stop).
pub async fn run(outbox: Arc<Outbox>, stop_all: Arc<watch::Sender<bool>>) {
    let mut stop = stop_all.subscribe();
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    loop {
        if *stop.borrow_and_update() {
            break;
        }
        if outbox.sender.token_revoked() {
            stop_all.send_replace(true);
            break;
        }
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        match claim(&outbox.db).await {
            Ok(Some(job)) => {
                let (outbox, stop) = (outbox.clone(), stop.clone());
                tokio::spawn(async move {
                    handle(&outbox, job, stop).await;
                    drop(permit);
                });
            }
            Ok(None) => {
                drop(permit);
                tokio::select! {
                    _ = outbox.wakeup.notified() => {}
                    _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                    _ = stop.changed() => {}
                }
            }
            Err(e) => {
                drop(permit);
                log::warn!("atazan::workers::outbox: cannot claim a message: {e}");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }
    // Let sends in flight record their outcome.
    let _ = permits.acquire_many(IN_FLIGHT as u32).await;
}

async fn claim(db: &Db) -> Result<Option<Job>, crate::storage::StorageError> {
    if !db.anything_due().await? {
        return Ok(None);
    }
    if let Some(row) = db.claim_outbox(true).await? {
        return Ok(Some(Job::Message(row)));
    }
    Ok(db.claim_delivery().await?.map(Job::Delivery))
}

/// Decides what a failed attempt means for a message written at `created_at`.
fn after_failure(
    error: SendError,
    attempts: i64,
    created_at: i64,
    expires_at: i64,
    kind: Option<OutboxKind>,
) -> Finish {
    let t = now();
    match error {
        SendError::Unreachable(error) => Finish::Blocked { error },
        SendError::RetryAfter(d) => Finish::Retry {
            at: t + d.as_secs() as i64 + 1,
            error: "429 Too Many Requests".into(),
        },
        SendError::TokenRevoked => Finish::Retry {
            at: t + 60,
            error: "401: the token was revoked".into(),
        },
        SendError::Transient(error) => {
            let at = t + retry_delay(attempts, t - created_at);
            if at <= expires_at {
                Finish::Retry { at, error }
            } else {
                expired(kind, &error)
            }
        }
        SendError::Permanent(error) => Finish::Undeliverable { error },
    }
}

/// A message whose time ran out: a reminder is dropped; anything else is kept for admins.
fn expired(kind: Option<OutboxKind>, last_error: &str) -> Finish {
    if kind == Some(OutboxKind::Reminder) {
        Finish::Expired
    } else {
        Finish::Undeliverable {
            error: format!("retried for a day; last error: {last_error}"),
        }
    }
}

async fn handle(outbox: &Outbox, job: Job, mut stop: watch::Receiver<bool>) {
    match job {
        Job::Message(row) => {
            let finish = if now() > row.expires_at {
                expired(Some(row.kind), "none")
            } else {
                let markup = row
                    .markup
                    .as_deref()
                    .and_then(|m| serde_json::from_str::<InlineKeyboardMarkup>(m).ok());
                let envelope = Envelope {
                    chat: row.chat_id,
                    text: &row.text,
                    markup,
                    photo: None,
                    edit: row.edit_message_id,
                };
                let class = if row.kind.is_bulk() {
                    Class::Bulk
                } else {
                    Class::Reply
                };
                tokio::select! {
                    _ = outbox.turn(row.chat_id, class) => {}
                    _ = super::stopped(&mut stop) => {
                        if let Err(e) = outbox.db.unclaim_outbox(row.id).await {
                            log::warn!("atazan::workers::outbox: cannot put message {} back: {e}", row.id);
                        }
                        return;
                    }
                }
                match outbox.sender.send_now(&envelope).await {
                    Ok(message_id) => Finish::Sent { message_id },
                    Err(e) => after_failure(e, row.attempts, row.created_at, row.expires_at, Some(row.kind)),
                }
            };
            log_finish(&format!("message {} ({})", row.id, row.kind.as_str()), &finish);
            match outbox.db.finish_outbox(&row, &finish, report_note(&row)).await {
                Ok(state) if state.is_final() => {
                    let _ = outbox.finished.send((row.id, state));
                }
                Ok(_) => {}
                Err(e) => log::error!(
                    "atazan::workers::outbox: cannot record how message {} went: {e}",
                    row.id
                ),
            }
        }
        Job::Delivery(d) => {
            let envelope = Envelope {
                chat: d.chat_id,
                text: &d.html,
                markup: None,
                photo: d.photo_file_id.as_deref(),
                edit: None,
            };
            tokio::select! {
                _ = outbox.turn(d.chat_id, Class::Bulk) => {}
                _ = super::stopped(&mut stop) => {
                    let _ = outbox.db.unclaim_delivery(d.broadcast_id, d.chat_id).await;
                    return;
                }
            }
            // Stop may have been pressed while it waited for its turn.
            match outbox.db.delivery_still_wanted(d.broadcast_id, d.chat_id).await {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => {
                    log::warn!(
                        "atazan::workers::outbox: cannot check broadcast {}: {e}",
                        d.broadcast_id
                    );
                    let _ = outbox.db.unclaim_delivery(d.broadcast_id, d.chat_id).await;
                    return;
                }
            }
            let finish = match outbox.sender.send_now(&envelope).await {
                Ok(message_id) => Finish::Sent { message_id },
                Err(e) => after_failure(
                    e,
                    d.attempts,
                    d.created_at,
                    d.created_at + crate::storage::RETRY_FOR_SECS,
                    None,
                ),
            };
            if !matches!(finish, Finish::Sent { .. }) {
                log_finish(
                    &format!("broadcast {} to chat {}", d.broadcast_id, d.chat_id),
                    &finish,
                );
            }
            if let Err(e) = outbox
                .db
                .finish_delivery(d.broadcast_id, d.chat_id, &finish)
                .await
            {
                log::error!(
                    "atazan::workers::outbox: cannot record delivery of broadcast {} to {}: {e}",
                    d.broadcast_id,
                    d.chat_id
                );
            }
        }
    }
}

fn log_finish(what: &str, finish: &Finish) {
    match finish {
        Finish::Sent { .. } => log::debug!("atazan::workers::outbox: {what} sent"),
        Finish::Retry { at, error } => log::info!(
            "atazan::workers::outbox: {what} not sent ({error}); retrying in {}s",
            at - now()
        ),
        Finish::Blocked { error } => {
            log::info!("atazan::workers::outbox: {what}: the chat cannot be reached ({error})")
        }
        Finish::Undeliverable { error } => {
            log::warn!("atazan::workers::outbox: {what} is undeliverable, kept for admins: {error}")
        }
        Finish::Expired => log::info!("atazan::workers::outbox: {what} expired before it could go out"),
    }
}

/// The note to a volunteer who waits to hear how their answer ended.
fn report_note(row: &OutboxRow) -> impl FnOnce(i64, Lang, OutboxState) -> Option<NewMessage> + use<> {
    let (kind, question) = (row.kind, row.question_id);
    move |to, lang, state| {
        let (OutboxKind::Answer, Some(number)) = (kind, question) else {
            return None;
        };
        let key = match state {
            OutboxState::Sent => "answer-delivered",
            OutboxState::Waiting => return None,
            _ => "answer-undeliverable",
        };
        Some(NewMessage::new(
            OutboxKind::StaffNote,
            to,
            t!(lang, key, number = number),
        ))
    }
}
