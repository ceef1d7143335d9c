//! Domain types: the vocabulary of the bot, parsed once at the edge.
//!
//! Nothing here knows about Telegram or SQL; every type that can be wrong is parsed into a value
//! that cannot be.

mod audience;
mod district;
pub mod draft;
pub mod event;
mod lang;
pub mod opinion;
mod question;
pub mod region;
mod role;
pub mod statement;
mod text;
mod theme;
mod time;

pub use audience::Audience;
pub use district::District;
pub use event::{Event, EventChange, EventFilter, EventKind, EventStatus, Period, ReminderKind};
pub use lang::Lang;
pub use question::{
    AnswerDelivery, AnswerText, MAX_ANSWER_CHARS, MAX_QUESTION_CHARS, Media, MediaKind, QuestionStatus,
    QuestionText, RejectReason, TextError,
};
pub use role::{Grant, Role};
pub use statement::{MAX_STATEMENT_CHARS, StatementText, Vote};
pub use text::{csv_text, csv_untext, fold, fold_char, shorten, utf16_len};
pub use theme::Theme;
pub use time::{format_local, local_day_start, parse_local};

/// A value that is not one of a fixed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
}

/// Parses one of a fixed vocabulary by its stable id (`all` lists the values, `id` names them).
pub(crate) fn parse_id<T: Copy>(
    all: &[T],
    id: impl Fn(T) -> &'static str,
    kind: &'static str,
    s: &str,
) -> Result<T, UnknownValue> {
    let s = s.trim();
    all.iter()
        .copied()
        .find(|v| id(*v) == s)
        .ok_or_else(|| UnknownValue::new(kind, s))
}

impl UnknownValue {
    pub(crate) fn new(kind: &'static str, value: &str) -> Self {
        Self {
            kind,
            value: value.to_owned(),
        }
    }
}

/// The region's time zone (from the region file): times are entered and shown in it.
pub fn region_tz() -> chrono_tz::Tz {
    region::current().time_zone
}
