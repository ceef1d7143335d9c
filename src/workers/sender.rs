//! The one way bulk messages leave the bot: a global rate (`BROADCAST_RATE` per second), at least
//! a second between two messages to the same chat, a pause for everyone when Telegram answers
//! 429, and users who blocked the bot marked as such (403).
//!
//! Interactive replies do not come through here: they are one per user action.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{InlineKeyboardMarkup, ParseMode},
};
use tokio::time::Instant;

use crate::storage::Db;

/// Telegram's limit on messages to one chat.
const PER_CHAT_GAP: Duration = Duration::from_secs(1);
/// Forget per-chat times once this many chats are remembered (older entries no longer matter).
const PER_CHAT_MEMORY: usize = 10_000;

#[derive(Debug)]
struct LimiterState {
    next_global: Instant,
    paused_until: Instant,
    next_for_chat: HashMap<i64, Instant>,
}

/// Spaces sends out: a global rate, a per-chat gap, and a pause for everyone after a 429.
#[derive(Debug)]
pub struct RateLimiter {
    gap: Duration,
    per_chat: Duration,
    state: Mutex<LimiterState>,
}

impl RateLimiter {
    /// `per_second` messages per second overall (at least 1), one per second per chat.
    pub fn new(per_second: u32) -> Self {
        Self::with_gaps(Duration::from_secs(1) / per_second.max(1), PER_CHAT_GAP)
    }

    pub fn with_gaps(gap: Duration, per_chat: Duration) -> Self {
        let now = Instant::now();
        Self {
            gap,
            per_chat,
            state: Mutex::new(LimiterState {
                next_global: now,
                paused_until: now,
                next_for_chat: HashMap::new(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LimiterState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until a message to `chat` may go out, and takes that slot.
    pub async fn acquire(&self, chat: i64) {
        loop {
            let ready = {
                let mut st = self.lock();
                let now = Instant::now();
                let ready = [
                    st.next_global,
                    st.paused_until,
                    st.next_for_chat.get(&chat).copied().unwrap_or(now),
                ]
                .into_iter()
                .max()
                .unwrap_or(now);
                if ready <= now {
                    st.next_global = now + self.gap;
                    if st.next_for_chat.len() >= PER_CHAT_MEMORY {
                        st.next_for_chat.retain(|_, t| *t > now);
                    }
                    st.next_for_chat.insert(chat, now + self.per_chat);
                    return;
                }
                ready
            };
            tokio::time::sleep_until(ready).await;
        }
    }

    /// Stops all sending for `d` (Telegram said "retry after").
    pub fn pause(&self, d: Duration) {
        let mut st = self.lock();
        st.paused_until = st.paused_until.max(Instant::now() + d);
    }
}

/// How one send ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// The user blocked the bot (or deleted their account); now marked in storage.
    Blocked,
    /// Telegram asked to slow down; sending is paused, try the same message again.
    RetryLater,
    /// Anything else (network, 5xx, a rejected message): logged; the caller decides.
    Failed,
}

/// Sends bulk messages (Telegram HTML) within the limits.
pub struct Sender {
    bot: Bot,
    db: Db,
    limiter: Arc<RateLimiter>,
}

impl Sender {
    pub fn new(bot: Bot, db: Db, limiter: Arc<RateLimiter>) -> Self {
        Self { bot, db, limiter }
    }

    /// Sends `text` to `chat` when the limits allow.
    pub async fn send(&self, chat: i64, text: String, markup: Option<InlineKeyboardMarkup>) -> Delivery {
        self.limiter.acquire(chat).await;
        let mut request = self
            .bot
            .send_message(ChatId(chat), text)
            .parse_mode(ParseMode::Html);
        if let Some(markup) = markup {
            request = request.reply_markup(markup);
        }
        let Err(e) = request.await else {
            return Delivery::Sent;
        };
        match e {
            RequestError::RetryAfter(secs) => {
                log::warn!(
                    "atazan::workers::sender: Telegram asked to wait {}s; pausing all bulk sending",
                    secs.seconds()
                );
                self.limiter.pause(secs.duration());
                Delivery::RetryLater
            }
            RequestError::Api(
                ApiError::BotBlocked | ApiError::UserDeactivated | ApiError::CantInitiateConversation,
            ) => {
                log::info!("atazan::workers::sender: chat {chat} blocked the bot; marking it");
                if let Err(e) = self.db.set_blocked(chat, true).await {
                    log::warn!("atazan::workers::sender: cannot mark chat {chat} blocked: {e}");
                }
                Delivery::Blocked
            }
            e => {
                log::warn!("atazan::workers::sender: sending to chat {chat} failed: {e}");
                Delivery::Failed
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn keeps_the_global_rate_the_per_chat_gap_and_pauses() {
        let limiter = RateLimiter::with_gaps(Duration::from_millis(100), Duration::from_secs(1));
        let start = Instant::now();
        limiter.acquire(1).await;
        limiter.acquire(2).await;
        assert_eq!(Instant::now() - start, Duration::from_millis(100), "global gap");
        limiter.acquire(1).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(1), "per-chat gap");
        limiter.pause(Duration::from_secs(5));
        limiter.acquire(3).await;
        assert_eq!(
            Instant::now() - start,
            Duration::from_secs(6),
            "paused for everyone"
        );
    }
}
