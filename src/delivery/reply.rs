//! Replies a person waits for (a question's receipt, its preview, a volunteer's card): sent
//! at once for speed, and, when Telegram answers 429 or 5xx or cannot be reached, written to the
//! outbox's reply lane, which sends them after the hold with the outbox's retry policy. So a
//! resident always learns their question was stored.

use teloxide::types::ReplyMarkup;

use super::{Envelope, Outbox, SendError};
use crate::storage::{NewMessage, OutboxKind, StorageError};

/// How a reply went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replied {
    /// Telegram took it: the message's id.
    Sent(i32),
    /// Telegram could not take it now: it is in the outbox and goes out after the hold.
    Queued,
    /// It cannot be delivered (the chat blocked the bot, a request Telegram refuses).
    Failed(SendError),
}

/// Sends `text` (Telegram HTML) to `chat`; on a 429, a 5xx or a network error, queues it.
pub async fn send(
    outbox: &Outbox,
    chat: i64,
    text: &str,
    markup: Option<ReplyMarkup>,
) -> Result<Replied, StorageError> {
    let envelope = Envelope {
        chat,
        text,
        markup: markup.clone(),
        photo: None,
        edit: None,
    };
    match outbox.sender.send_now(&envelope).await {
        Ok(id) => Ok(Replied::Sent(id.unwrap_or_default())),
        Err(SendError::RetryAfter(_) | SendError::Transient(_)) => {
            let markup = markup.and_then(|m| serde_json::to_string(&m).ok());
            let note = NewMessage::new(OutboxKind::StaffNote, chat, text.to_owned()).markup(markup);
            outbox.db.enqueue(&note).await?;
            log::info!("atazan::delivery: a reply to chat {chat} could not go now; queued in the outbox");
            outbox.wake();
            Ok(Replied::Queued)
        }
        Err(e) => {
            log::warn!("atazan::delivery: a reply to chat {chat} was refused: {e:?}");
            Ok(Replied::Failed(e))
        }
    }
}
