//! Background workers: loops beside the dispatcher that send what nobody is waiting for in a
//! chat (event reminders, notices of moved or cancelled events; later broadcasts).
//!
//! Each loop claims one row at a time, acts, and records the outcome, so it survives restarts:
//! a row is re-sent at most once per crash. All bulk traffic goes through one [`Sender`], which
//! keeps to Telegram's limits.

pub mod reminders;
mod sender;

pub use sender::{Delivery, RateLimiter, Sender};
