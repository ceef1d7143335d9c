//! The sender loops: one per lane (replies, group posts, bulk), each draining its own outbox
//! rows (and, for bulk, the deliveries of running broadcasts) through the one [`Sender`] and
//! the one retry policy, with its own in-flight limit, so a backlog in one lane never holds
//! another.
//!
//! A row is claimed under a lease (`sending`) only when no other row of its chat is in flight,
//! waits for its turn with the lease renewed meanwhile, is sent, and its outcome recorded,
//! fenced by the claim's attempt number: a holder whose lease ran out can never overwrite a
//! newer outcome. A crash between the send and the record leaves the lease to run out, and the
//! row is sent again: at most twice, and only across a crash.

use std::{future::Future, sync::Arc, time::Duration};

use teloxide::types::ReplyMarkup;
use tokio::{
    sync::{Semaphore, watch},
    time::Instant,
};

use crate::{
    delivery::{Class, Envelope, Lane, Outbox, SendError, retry_delay},
    domain::Lang,
    storage::{Delivery, Finish, NewMessage, OutboxKind, OutboxRow, OutboxState, StorageError, now},
    t,
};

enum Job {
    Message(OutboxRow),
    Delivery(Delivery),
}

/// Runs every lane until `stop` turns true (or the token is revoked: then it asks everything
/// to stop).
/// The lanes end with it: dropped (aborted), it takes them along.
pub async fn run(outbox: Arc<Outbox>, stop_all: Arc<watch::Sender<bool>>) {
    let mut lanes = tokio::task::JoinSet::new();
    for lane in Lane::ALL {
        lanes.spawn(run_lane(outbox.clone(), lane, stop_all.clone()));
    }
    while lanes.join_next().await.is_some() {}
}

async fn run_lane(outbox: Arc<Outbox>, lane: Lane, stop_all: Arc<watch::Sender<bool>>) {
    let mut stop = stop_all.subscribe();
    let permits = Arc::new(Semaphore::new(lane.in_flight()));
    // The lane's sends: aborted with it (a crash leaves their rows to their leases).
    let mut jobs = tokio::task::JoinSet::new();
    loop {
        while jobs.try_join_next().is_some() {}
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
        match claim(&outbox, lane).await {
            Ok(Some(job)) => {
                let (outbox, stop) = (outbox.clone(), stop.clone());
                jobs.spawn(async move {
                    handle(&outbox, lane, job, stop).await;
                    drop(permit);
                    // The chat's next message may be claimed now.
                    outbox.wake();
                });
            }
            Ok(None) => {
                drop(permit);
                tokio::select! {
                    _ = outbox.woken(lane) => {}
                    _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                    _ = stop.changed() => {}
                }
            }
            Err(e) => {
                drop(permit);
                log::warn!("atazan::workers::outbox: cannot claim a message ({lane:?}): {e}");
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }
    // Let sends in flight record their outcome.
    while jobs.join_next().await.is_some() {}
}

async fn claim(outbox: &Outbox, lane: Lane) -> Result<Option<Job>, StorageError> {
    let db = &outbox.db;
    if !db.anything_due().await? {
        return Ok(None);
    }
    let lease = outbox.lease_secs();
    if let Some(row) = db.claim_outbox(lane, lease).await? {
        return Ok(Some(Job::Message(row)));
    }
    if lane != Lane::Bulk {
        return Ok(None);
    }
    Ok(db.claim_delivery(lease).await?.map(Job::Delivery))
}

/// How waiting for a turn ended.
enum Waited {
    /// The turn came and the claim still holds: send.
    Ready,
    /// The claim was lost meanwhile (its lease ran out and another took it): do not send.
    Lost,
    /// The bot is stopping.
    Stopped,
}

/// Waits for `chat`'s turn, renewing the claim every third of the lease, so a long wait (a
/// 429's hold, a group's queue) never lets another sender take the row meanwhile.
async fn wait_keeping_claim<F, Fut>(
    outbox: &Outbox,
    chat: i64,
    class: Class,
    stop: &mut watch::Receiver<bool>,
    renew: F,
) -> Waited
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<bool, StorageError>>,
{
    let every = outbox.lease / 3;
    let mut renewed = Instant::now();
    let mut tick = tokio::time::interval_at(renewed + every, every);
    let turn = outbox.turn(chat, class);
    tokio::pin!(turn);
    loop {
        tokio::select! {
            _ = &mut turn => break,
            _ = tick.tick() => match renew().await {
                Ok(true) => renewed = Instant::now(),
                Ok(false) => return Waited::Lost,
                Err(e) => log::warn!("atazan::workers::outbox: cannot renew a claim for chat {chat}: {e}"),
            },
            _ = super::stopped(stop) => return Waited::Stopped,
        }
    }
    if renewed.elapsed() > outbox.lease / 2 {
        match renew().await {
            Ok(true) => {}
            Ok(false) => return Waited::Lost,
            Err(e) => {
                log::warn!("atazan::workers::outbox: cannot renew a claim for chat {chat}: {e}");
                return Waited::Lost;
            }
        }
    }
    Waited::Ready
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

async fn handle(outbox: &Outbox, lane: Lane, job: Job, mut stop: watch::Receiver<bool>) {
    let lease = outbox.lease_secs();
    match job {
        Job::Message(row) => {
            let finish = if now() > row.expires_at {
                expired(Some(row.kind), "none")
            } else {
                let renew = || outbox.db.renew_outbox(&row, lease);
                match wait_keeping_claim(outbox, row.chat_id, lane.class(), &mut stop, renew).await {
                    Waited::Ready => {}
                    Waited::Lost => {
                        log::info!(
                            "atazan::workers::outbox: message {} was taken over while it waited; not sending it",
                            row.id
                        );
                        return;
                    }
                    Waited::Stopped => {
                        if let Err(e) = outbox.db.unclaim_outbox(&row).await {
                            log::warn!("atazan::workers::outbox: cannot put message {} back: {e}", row.id);
                        }
                        return;
                    }
                }
                let markup = row
                    .markup
                    .as_deref()
                    .and_then(|m| serde_json::from_str::<ReplyMarkup>(m).ok());
                let envelope = Envelope {
                    chat: row.chat_id,
                    text: &row.text,
                    markup,
                    photo: None,
                    edit: row.edit_message_id,
                };
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
            let renew = || outbox.db.renew_delivery(&d, lease);
            match wait_keeping_claim(outbox, d.chat_id, Class::Bulk, &mut stop, renew).await {
                Waited::Ready => {}
                Waited::Lost => return,
                Waited::Stopped => {
                    let _ = outbox.db.unclaim_delivery(&d).await;
                    return;
                }
            }
            // Stop may have been pressed while it waited for its turn.
            match outbox.db.delivery_still_wanted(&d).await {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => {
                    log::warn!(
                        "atazan::workers::outbox: cannot check broadcast {}: {e}",
                        d.broadcast_id
                    );
                    let _ = outbox.db.unclaim_delivery(&d).await;
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
            if let Err(e) = outbox.db.finish_delivery(&d, &finish).await {
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
