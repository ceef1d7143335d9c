//! Background work beside the dispatcher: the sender loop that drains the outbox and broadcast
//! deliveries, the reminder schedule, broadcasts' start and progress, and the heartbeat through
//! which instances on one database share the rate and follow each other's changes.
//!
//! Everything the bot sends on its own initiative is a row first (written with the change that
//! causes it) and goes out through [`outbox`]'s loop and the one [`Sender`], so it survives
//! restarts and is retried the same way.

pub mod broadcast;
pub mod instances;
pub mod outbox;
pub mod reminders;

/// Completes when `stop` turns true (or its sender is gone).
pub(crate) async fn stopped(stop: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}
