//! How messages leave the bot: the outbox handle everyone writes to, three lanes, the one
//! [`Sender`] and its [`RateLimiter`], and interactive replies that survive a 429 or a 5xx.
//!
//! Below `context` (which holds an [`Outbox`]) and above `storage`: handlers, services and the
//! workers use it; it uses neither of them.
//!
//! Lanes: replies (answers, receipts, notes to one person), group posts (the volunteer group
//! and other group chats, paced per chat) and bulk (broadcasts, reminders, event notices). Each
//! has its own claims and in-flight limit, so a backlog in one never holds another; a row is
//! claimed only when no other row of its chat is in flight, so it waits at most one chat gap
//! (or a 429's hold, with the lease renewed meanwhile).

mod limiter;
pub mod reply;
mod sender;

use std::time::Duration;

use tokio::sync::{Notify, broadcast};

pub use limiter::{Class, RateLimiter};
pub use sender::{Envelope, SendError, Sender, retry_delay};

use crate::storage::{Db, OutboxState};

/// The lanes; the SQL that tells them apart is in storage.
pub use crate::storage::Lane;

impl Lane {
    pub const ALL: [Self; 3] = [Self::Reply, Self::Group, Self::Bulk];

    /// Sends in flight at once in this lane (so network latency does not cap its rate).
    pub fn in_flight(self) -> usize {
        match self {
            Self::Reply => 8,
            Self::Group => 4,
            Self::Bulk => 12,
        }
    }

    pub fn class(self) -> Class {
        match self {
            Self::Bulk => Class::Bulk,
            Self::Reply | Self::Group => Class::Reply,
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Reply => 0,
            Self::Group => 1,
            Self::Bulk => 2,
        }
    }
}

/// What the sender needs, shared with whoever writes to the outbox.
pub struct Outbox {
    pub db: Db,
    pub sender: Sender,
    /// How long a claim holds before another sender may take the row (renewed while waiting).
    pub lease: Duration,
    /// Rung per lane when a row is written, so it goes out at once.
    wakeups: [Notify; 3],
    /// Final states of outbox rows as they happen (a volunteer waiting for their answer).
    pub finished: broadcast::Sender<(i64, OutboxState)>,
}

impl Outbox {
    pub fn new(db: Db, sender: Sender, lease: Duration) -> Self {
        Self {
            db,
            sender,
            lease,
            wakeups: [Notify::new(), Notify::new(), Notify::new()],
            finished: broadcast::channel(256).0,
        }
    }

    /// Something was written to the outbox (or a chat's message finished): every lane looks.
    pub fn wake(&self) {
        for w in &self.wakeups {
            w.notify_one();
        }
    }

    /// Completes when `lane` is woken.
    pub async fn woken(&self, lane: Lane) {
        self.wakeups[lane.index()].notified().await;
    }

    /// The lease in whole seconds, as storage keeps it.
    pub fn lease_secs(&self) -> i64 {
        i64::try_from(self.lease.as_secs()).unwrap_or(60).max(1)
    }

    /// Waits until a message of `class` to `chat` may go out: this instance's limits, then, on a
    /// database instances share, the chat's turn among all of them (Telegram counts per bot).
    pub async fn turn(&self, chat: i64, class: Class) {
        self.sender.limiter().acquire(chat, class).await;
        let gap = i64::try_from(self.sender.limiter().chat_gap(chat).as_millis()).unwrap_or(1000);
        match self.db.reserve_chat_slot(chat, gap).await {
            Ok(wait) if wait > 0 => {
                tokio::time::sleep(Duration::from_millis(wait.unsigned_abs())).await;
            }
            Ok(_) => {}
            Err(e) => log::warn!("atazan::delivery: cannot take chat {chat}'s turn: {e}"),
        }
    }
}
