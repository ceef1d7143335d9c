//! Background workers: loops beside the dispatcher that send what nobody is waiting for in a
//! chat: event reminders and notices of moved or cancelled events, announcement broadcasts, and
//! posts to the volunteer group.
//!
//! Each loop claims one row at a time, acts, and records the outcome, so it survives restarts:
//! a row is re-sent at most once per crash. All bulk traffic shares one [`RateLimiter`], which
//! keeps to Telegram's limits.

pub mod broadcast;
pub mod reminders;
mod sender;
pub mod volunteer_group;

pub use sender::{Delivery, RateLimiter, Sender};
