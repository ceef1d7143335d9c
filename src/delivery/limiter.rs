//! Spaces this instance's sends out within Telegram's limits: a bulk rate (`BROADCAST_RATE`)
//! that replies borrow from, a gap per chat (longer for groups), and holds after a 429.
//!
//! Replies never wait for bulk; they take bulk's next slot instead, but only within the
//! current second ([`DEBT_WINDOW`]), so a burst of replies delays bulk by at most that much and
//! bulk is back at its rate as soon as the burst ends. A 429 holds the chat it came from (and
//! bulk) for `retry_after`; only when several chats answer 429 within [`FLOOD_WINDOW`] is
//! everything paused (Telegram then limits the bot, not one chat).

use std::{
    collections::{HashMap, VecDeque},
    sync::{
        Mutex,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use tokio::time::Instant;

/// Telegram's limit on messages to one private chat.
const PER_CHAT_GAP: Duration = Duration::from_secs(1);
/// Telegram allows about 20 messages a minute in a group.
const PER_GROUP_GAP: Duration = Duration::from_secs(3);
/// Forget per-chat times once this many chats are remembered (older entries no longer matter).
const PER_CHAT_MEMORY: usize = 10_000;
/// How far ahead replies may push bulk: they borrow from the current second only.
pub const DEBT_WINDOW: Duration = Duration::from_secs(1);
/// However busy replies keep it, bulk keeps one slot in this many (a fifth of its rate): a
/// broadcast slows down during a long burst of chatter but does not stop.
const BULK_FLOOR: u32 = 5;
/// 429s from this many different chats within [`FLOOD_WINDOW`] pause everything.
const FLOOD_CHATS: usize = 3;
const FLOOD_WINDOW: Duration = Duration::from_secs(10);

/// Who waits for a message: decides whether it yields to others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Someone is waiting for it (an answer, a receipt, a note to a volunteer, a group post).
    Reply,
    /// One of many (broadcasts, reminders, notices): within `BROADCAST_RATE`, after replies.
    Bulk,
}

#[derive(Debug)]
struct LimiterState {
    next_bulk: Instant,
    /// When bulk last took a slot.
    last_bulk: Instant,
    /// Bulk waits after a 429 anywhere (the bot is near Telegram's limit).
    bulk_held_until: Instant,
    /// Everything waits (429s from several chats).
    paused_until: Instant,
    next_for_chat: HashMap<i64, Instant>,
    /// Recent 429s: when, and from which chat.
    recent_429: VecDeque<(Instant, i64)>,
}

/// Spaces sends out: see the module's documentation.
#[derive(Debug)]
pub struct RateLimiter {
    gap: Duration,
    /// Instances sharing the bot's limits (webhook mode on one database): each takes its share.
    share: AtomicU32,
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
            share: AtomicU32::new(1),
            per_chat,
            state: Mutex::new(LimiterState {
                next_bulk: now,
                last_bulk: now,
                bulk_held_until: now,
                paused_until: now,
                next_for_chat: HashMap::new(),
                recent_429: VecDeque::new(),
            }),
        }
    }

    /// `instances` instances send for this bot now: this one keeps to `1/instances` of the
    /// bulk rate, so that together they stay within it.
    pub fn set_share(&self, instances: u32) {
        let n = instances.max(1);
        if self.share.swap(n, Ordering::Relaxed) != n {
            log::info!("atazan::delivery: {n} instances share the bulk rate");
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
                    ready = ready.max(st.next_bulk).max(st.bulk_held_until);
                }
                if ready <= now {
                    match class {
                        // Slots follow each other on a fixed grid (a wake-up a millisecond
                        // late does not push every later slot back), but an idle limiter
                        // saves none up.
                        Class::Bulk => {
                            let base = if st.next_bulk + self.bulk_gap() >= now {
                                st.next_bulk
                            } else {
                                now
                            };
                            st.next_bulk = base + self.bulk_gap();
                            st.last_bulk = now;
                        }
                        Class::Reply => self.borrow(&mut st, now),
                    }
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

    /// A reply takes bulk's next slot, but never pushes bulk past the current window, nor
    /// further than its floor ([`BULK_FLOOR`]) from its last slot.
    fn borrow(&self, st: &mut LimiterState, now: Instant) {
        let floor = st.last_bulk + self.bulk_gap() * BULK_FLOOR;
        st.next_bulk = (st.next_bulk.max(now) + self.bulk_gap())
            .min(now + DEBT_WINDOW)
            .min(floor.max(st.next_bulk));
    }

    /// An interactive reply went (or is going) out: bulk makes room for it, within the window.
    pub fn note_reply(&self) {
        let mut st = self.lock();
        let now = Instant::now();
        self.borrow(&mut st, now);
    }

    /// Telegram said "retry after `d`" for `chat`: that chat and bulk wait; when several
    /// chats said so lately, everything does.
    pub fn hold(&self, chat: i64, d: Duration) {
        let mut st = self.lock();
        let now = Instant::now();
        let until = now + d;
        let entry = st.next_for_chat.entry(chat).or_insert(until);
        *entry = (*entry).max(until);
        st.bulk_held_until = st.bulk_held_until.max(until);
        while st
            .recent_429
            .front()
            .is_some_and(|(at, _)| *at + FLOOD_WINDOW < now)
        {
            st.recent_429.pop_front();
        }
        st.recent_429.push_back((now, chat));
        let mut chats: Vec<i64> = st.recent_429.iter().map(|(_, c)| *c).collect();
        chats.sort_unstable();
        chats.dedup();
        if chats.len() >= FLOOD_CHATS {
            log::warn!(
                "atazan::delivery: {} chats answered 429 within {}s; pausing all sending for {}s",
                chats.len(),
                FLOOD_WINDOW.as_secs(),
                d.as_secs()
            );
            st.paused_until = st.paused_until.max(until);
        }
    }

    /// Stops all sending for `d`.
    pub fn pause(&self, d: Duration) {
        let mut st = self.lock();
        st.paused_until = st.paused_until.max(Instant::now() + d);
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

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_replies_delays_bulk_by_at_most_the_window() {
        let limiter = RateLimiter::with_gaps(Duration::from_millis(40), Duration::from_secs(1));
        // Ten seconds of 300 updates a second.
        for _ in 0..100 {
            for _ in 0..30 {
                limiter.note_reply();
            }
            tokio::time::advance(Duration::from_millis(100)).await;
        }
        let end = Instant::now();
        limiter.acquire(1, Class::Bulk).await;
        assert!(
            Instant::now() - end <= DEBT_WINDOW,
            "bulk waited {:?} after the burst",
            Instant::now() - end
        );
        // And then it keeps its rate: 25 more within a second.
        let t = Instant::now();
        for chat in 2..=26 {
            limiter.acquire(chat, Class::Bulk).await;
        }
        assert!(
            Instant::now() - t <= Duration::from_millis(40 * 25),
            "at its rate"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn bulk_keeps_a_fifth_of_its_rate_through_endless_chatter() {
        let limiter = std::sync::Arc::new(RateLimiter::with_gaps(
            Duration::from_millis(40),
            Duration::from_secs(1),
        ));
        let chatter = {
            let limiter = limiter.clone();
            tokio::spawn(async move {
                loop {
                    limiter.note_reply();
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            })
        };
        tokio::time::sleep(Duration::from_millis(500)).await;
        let t = Instant::now();
        for chat in 1..=10 {
            limiter.acquire(chat, Class::Bulk).await;
        }
        let took = Instant::now() - t;
        chatter.abort();
        // 10 at 5 a second (a fifth of 25), not never.
        assert!(took <= Duration::from_millis(2100), "10 bulk slots took {took:?}");
        assert!(
            took >= Duration::from_millis(1500),
            "replies still come first: {took:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_holds_its_chat_and_bulk_and_several_hold_everyone() {
        let limiter = RateLimiter::with_gaps(Duration::from_millis(40), Duration::from_secs(1));
        let start = Instant::now();
        limiter.hold(-100, Duration::from_secs(25));
        limiter.acquire(5, Class::Reply).await;
        assert_eq!(Instant::now(), start, "another chat's reply goes at once");
        limiter.acquire(6, Class::Bulk).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(25), "bulk was held");
        let t = Instant::now();
        limiter.hold(7, Duration::from_secs(5));
        limiter.hold(8, Duration::from_secs(5));
        limiter.hold(9, Duration::from_secs(5));
        limiter.acquire(10, Class::Reply).await;
        assert_eq!(
            Instant::now() - t,
            Duration::from_secs(5),
            "three chats: everyone waits"
        );
    }
}
