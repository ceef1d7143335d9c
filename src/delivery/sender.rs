//! The one way messages leave the bot on its own initiative: one classification of Bot API
//! errors and one retry policy for the outbox, broadcasts and interactive replies alike.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use teloxide::{
    ApiError, RequestError,
    prelude::*,
    types::{InputFile, MessageId, ParseMode, ReplyMarkup},
};

use super::limiter::{Class, RateLimiter};

/// What a failed Bot API call means for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The chat cannot get messages from the bot (blocked, deactivated, not found, kicked).
    Unreachable(String),
    /// 429: the chat (and bulk) is held this long; the same message goes again after it.
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
    /// Buttons under it, or a reply keyboard (an edit keeps only inline buttons).
    pub markup: Option<ReplyMarkup>,
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
                if let Some(ReplyMarkup::InlineKeyboard(markup)) = m.markup.clone() {
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
                    "atazan::delivery: Telegram asked to wait {}s before writing to chat {}",
                    d.as_secs(),
                    m.chat
                );
                self.limiter.hold(m.chat, *d);
            }
            SendError::TokenRevoked if !self.revoked.swap(true, Ordering::Relaxed) => {
                log::error!(
                    "atazan::delivery: Telegram rejects the token (401): it was revoked; \
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
