//! The one way messages the bot sends on its own initiative leave it: one limiter, one
//! classification of Bot API errors and one retry policy for the outbox and broadcasts alike.
//!
//! The limiter keeps bulk traffic (broadcasts, reminders, event notices) within
//! `BROADCAST_RATE` a second and counts interactive replies against the same budget, so bulk
//! yields to people waiting for an answer; replies and outbox replies (answers, notices to
//! staff) never wait behind bulk, only for the per-chat gap and a 429 pause.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{InlineKeyboardMarkup, InputFile, MessageId, ParseMode},
};
use tokio::time::Instant;

/// Telegram's limit on messages to one private chat.
const PER_CHAT_GAP: Duration = Duration::from_secs(1);
/// Telegram allows about 20 messages a minute in a group.
const PER_GROUP_GAP: Duration = Duration::from_secs(3);
/// Forget per-chat times once this many chats are remembered (older entries no longer matter).
const PER_CHAT_MEMORY: usize = 10_000;

/// Who waits for a message: decides whether it yields to others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Someone is waiting for it (an answer, a note to a volunteer).
    Reply,
    /// One of many (broadcasts, reminders, notices): within `BROADCAST_RATE`, after replies.
    Bulk,
}

#[derive(Debug)]
struct LimiterState {
    next_bulk: Instant,
    paused_until: Instant,
    next_for_chat: HashMap<i64, Instant>,
}

/// Spaces sends out: a bulk rate that replies count against, a per-chat gap, and a pause for
/// everyone after a 429.
#[derive(Debug)]
pub struct RateLimiter {
    gap: Duration,
    /// Instances sharing the bot's limits (webhook mode on one database): each takes its share.
    share: std::sync::atomic::AtomicU32,
    per_chat: Duration,
    state: Mutex<LimiterState>,
}

impl RateLimiter {
    /// `per_second` bulk messages per second overall (at least 1), one per second per chat.
    ///
    /// Sends run concurrently, so when they reach Telegram jitters by a few milliseconds; with
    /// sends exactly `1/rate` apart, any jitter puts `rate + 1` into some one-second window. A
    /// 3 % longer gap absorbs 30 ms of it (at 25/s: 24.3 a second).
    pub fn new(per_second: u32) -> Self {
        let gap = Duration::from_secs(1) / per_second.max(1);
        Self::with_gaps(gap + gap * 3 / 100, PER_CHAT_GAP)
    }

    pub fn with_gaps(gap: Duration, per_chat: Duration) -> Self {
        let now = Instant::now();
        Self {
            gap,
            share: std::sync::atomic::AtomicU32::new(1),
            per_chat,
            state: Mutex::new(LimiterState {
                next_bulk: now,
                paused_until: now,
                next_for_chat: HashMap::new(),
            }),
        }
    }

    /// `instances` instances send for this bot now: this one keeps to `1/instances` of the
    /// bulk rate, so that together they stay within it.
    pub fn set_share(&self, instances: u32) {
        let n = instances.max(1);
        if self.share.swap(n, Ordering::Relaxed) != n {
            log::info!("atazan::workers: {n} instances share the bulk rate");
        }
    }

    /// The gap between two bulk messages of this instance.
    fn bulk_gap(&self) -> Duration {
        self.gap * self.share.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LimiterState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The least time between two messages to `chat` (a group gets longer).
    pub(crate) fn chat_gap(&self, chat: i64) -> Duration {
        if chat < 0 {
            PER_GROUP_GAP.max(self.per_chat)
        } else {
            self.per_chat
        }
    }

    /// Waits until a message of `class` to `chat` may go out, and takes that slot.
    pub async fn acquire(&self, chat: i64, class: Class) {
        loop {
            let ready = {
                let mut st = self.lock();
                let now = Instant::now();
                let chat_ready = st.next_for_chat.get(&chat).copied().unwrap_or(now);
                let mut ready = st.paused_until.max(chat_ready);
                if class == Class::Bulk {
                    ready = ready.max(st.next_bulk);
                }
                if ready <= now {
                    // A reply takes a slot from bulk too: the total stays within the budget.
                    // Slots follow each other on a fixed grid (a wake-up a millisecond late
                    // does not push every later slot back), but an idle limiter saves none up.
                    let base = if st.next_bulk + self.bulk_gap() >= now {
                        st.next_bulk
                    } else {
                        now
                    };
                    st.next_bulk = base + self.bulk_gap();
                    if st.next_for_chat.len() >= PER_CHAT_MEMORY {
                        st.next_for_chat.retain(|_, t| *t > now);
                    }
                    st.next_for_chat.insert(chat, now + self.chat_gap(chat));
                    return;
                }
                ready
            };
            tokio::time::sleep_until(ready).await;
        }
    }

    /// An interactive reply went (or is going) out: bulk makes room for it.
    pub fn note_reply(&self) {
        let mut st = self.lock();
        let now = Instant::now();
        st.next_bulk = st.next_bulk.max(now) + self.bulk_gap();
    }

    /// Stops all sending for `d` (Telegram said "retry after").
    pub fn pause(&self, d: Duration) {
        let mut st = self.lock();
        st.paused_until = st.paused_until.max(Instant::now() + d);
    }
}

/// What a failed Bot API call means for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The chat cannot get messages from the bot (blocked, deactivated, not found, kicked).
    Unreachable(String),
    /// 429: all sending is paused for this long; the same message goes again after it.
    RetryAfter(Duration),
    /// 5xx, timeouts, refused connections, invalid JSON from a proxy: try again later.
    Transient(String),
    /// 401: the token was revoked; the bot stops.
    TokenRevoked,
    /// Anything else: trying the same request again will not help.
    Permanent(String),
}

/// The one classification of Bot API errors.
pub fn classify(e: &RequestError) -> SendError {
    match e {
        RequestError::RetryAfter(secs) => SendError::RetryAfter(secs.duration()),
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::BotKickedFromChannel,
        ) => SendError::Unreachable(e.to_string()),
        RequestError::Api(ApiError::InvalidToken) => SendError::TokenRevoked,
        // Telegram's own refusals say what they are; anything else unknown is a server or
        // proxy failure (teloxide reports a JSON 5xx this way).
        RequestError::Api(ApiError::Unknown(d))
            if ![
                "Bad Request",
                "Forbidden",
                "Unauthorized",
                "Not Found",
                "Conflict",
            ]
            .iter()
            .any(|p| d.starts_with(p)) =>
        {
            SendError::Transient(e.to_string())
        }
        RequestError::Api(_) | RequestError::MigrateToChatId(_) => SendError::Permanent(e.to_string()),
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            SendError::Transient(e.to_string())
        }
    }
}

/// Seconds to wait before trying a message again after its `attempts`-th transient failure,
/// `age` seconds after it was written: first retries within seconds (a short outage ends
/// quickly), then growing, with ±20% jitter so many rows do not retry in step.
pub fn retry_delay(attempts: i64, age: i64) -> i64 {
    let base = 1i64 << attempts.clamp(1, 12);
    let cap = match age {
        ..600 => 5,
        600..3600 => 60,
        _ => 600,
    };
    let delay = base.min(cap) as f64 * rand::random_range(0.8..1.2);
    (delay.round() as i64).max(1)
}

/// One message as the sender sends it.
#[derive(Debug, Clone)]
pub struct Envelope<'a> {
    pub chat: i64,
    /// Telegram HTML (a caption when `photo` is set).
    pub text: &'a str,
    pub markup: Option<InlineKeyboardMarkup>,
    pub photo: Option<&'a str>,
    /// Edit this message instead of sending a new one.
    pub edit: Option<i32>,
}

/// Sends [`Envelope`]s within the limits and classifies what goes wrong.
#[derive(Clone)]
pub struct Sender {
    bot: Bot,
    limiter: Arc<RateLimiter>,
    revoked: Arc<AtomicBool>,
}

impl Sender {
    pub fn new(bot: Bot, limiter: Arc<RateLimiter>) -> Self {
        Self {
            bot,
            limiter,
            revoked: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn limiter(&self) -> &RateLimiter {
        &self.limiter
    }

    /// Whether Telegram said the token is no longer valid.
    pub fn token_revoked(&self) -> bool {
        self.revoked.load(Ordering::Relaxed)
    }

    /// Waits for the limits, then sends; the id of the message sent (or edited).
    pub async fn send(&self, m: &Envelope<'_>, class: Class) -> Result<Option<i32>, SendError> {
        self.limiter.acquire(m.chat, class).await;
        self.send_now(m).await
    }

    /// Sends without waiting for the limiter (the caller has a slot).
    pub async fn send_now(&self, m: &Envelope<'_>) -> Result<Option<i32>, SendError> {
        let chat = ChatId(m.chat);
        let result = match (m.edit, m.photo) {
            (Some(id), _) => {
                let mut edit = self
                    .bot
                    .edit_message_text(chat, MessageId(id), m.text)
                    .parse_mode(ParseMode::Html);
                if let Some(markup) = m.markup.clone() {
                    edit = edit.reply_markup(markup);
                }
                match edit.await {
                    Ok(_) | Err(RequestError::Api(ApiError::MessageNotModified)) => Ok(Some(id)),
                    Err(e) => Err(e),
                }
            }
            (None, Some(photo)) => {
                let mut send = self
                    .bot
                    .send_photo(chat, InputFile::file_id(photo.to_owned().into()))
                    .caption(m.text)
                    .parse_mode(ParseMode::Html);
                if let Some(markup) = m.markup.clone() {
                    send = send.reply_markup(markup);
                }
                send.await.map(|msg| Some(msg.id.0))
            }
            (None, None) => {
                let mut send = self.bot.send_message(chat, m.text).parse_mode(ParseMode::Html);
                if let Some(markup) = m.markup.clone() {
                    send = send.reply_markup(markup);
                }
                send.await.map(|msg| Some(msg.id.0))
            }
        };
        let e = match result {
            Ok(id) => return Ok(id),
            Err(e) => e,
        };
        let error = classify(&e);
        match &error {
            SendError::RetryAfter(d) => {
                log::warn!(
                    "atazan::workers::sender: Telegram asked to wait {}s; pausing all sending",
                    d.as_secs()
                );
                self.limiter.pause(*d);
            }
            SendError::TokenRevoked if !self.revoked.swap(true, Ordering::Relaxed) => {
                log::error!(
                    "atazan::workers::sender: Telegram rejects the token (401): it was revoked; \
                     stopping (get a new one from @BotFather)"
                );
            }
            _ => {}
        }
        Err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn keeps_the_bulk_rate_the_per_chat_gap_and_pauses() {
        let limiter = RateLimiter::with_gaps(Duration::from_millis(100), Duration::from_secs(1));
        let start = Instant::now();
        limiter.acquire(1, Class::Bulk).await;
        limiter.acquire(2, Class::Bulk).await;
        assert_eq!(Instant::now() - start, Duration::from_millis(100), "bulk gap");
        limiter.acquire(1, Class::Bulk).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(1), "per-chat gap");
        limiter.pause(Duration::from_secs(5));
        limiter.acquire(3, Class::Bulk).await;
        assert_eq!(
            Instant::now() - start,
            Duration::from_secs(6),
            "paused for everyone"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn replies_never_wait_behind_bulk_and_bulk_yields_to_them() {
        let limiter = RateLimiter::with_gaps(Duration::from_millis(100), Duration::from_secs(1));
        let start = Instant::now();
        for chat in 1..=5 {
            limiter.acquire(chat, Class::Bulk).await;
        }
        assert_eq!(Instant::now() - start, Duration::from_millis(400));
        // Bulk has taken slots up to 500 ms; a reply goes now.
        limiter.acquire(100, Class::Reply).await;
        assert_eq!(Instant::now() - start, Duration::from_millis(400), "no wait");
        for _ in 0..3 {
            limiter.note_reply();
        }
        limiter.acquire(6, Class::Bulk).await;
        assert_eq!(
            Instant::now() - start,
            Duration::from_millis(900),
            "bulk made room for the four replies"
        );
    }

    #[test]
    fn errors_are_classified_once_for_everyone() {
        use teloxide::types::Seconds;
        assert_eq!(
            classify(&RequestError::RetryAfter(Seconds::from_seconds(7))),
            SendError::RetryAfter(Duration::from_secs(7))
        );
        for api in [
            ApiError::BotBlocked,
            ApiError::UserDeactivated,
            ApiError::ChatNotFound,
            ApiError::BotKicked,
        ] {
            assert!(matches!(
                classify(&RequestError::Api(api)),
                SendError::Unreachable(_)
            ));
        }
        assert!(
            matches!(
                classify(&RequestError::Api(ApiError::CantInitiateConversation)),
                SendError::Permanent(_)
            ),
            "a user who never started the bot has not blocked it"
        );
        assert_eq!(
            classify(&RequestError::Api(ApiError::InvalidToken)),
            SendError::TokenRevoked
        );
        assert!(matches!(
            classify(&RequestError::Api(ApiError::Unknown(
                "Internal Server Error".into()
            ))),
            SendError::Transient(_)
        ));
        assert!(matches!(
            classify(&RequestError::Api(ApiError::Unknown(
                "Bad Request: something new".into()
            ))),
            SendError::Permanent(_)
        ));
    }

    #[test]
    fn retries_start_within_seconds_and_grow() {
        for attempts in 1..30 {
            assert!((1..=6).contains(&retry_delay(attempts, 30)), "early: seconds");
            assert!(retry_delay(attempts, 7200) <= 720);
        }
        assert!(retry_delay(12, 7200) >= 480, "late: minutes");
    }
}
