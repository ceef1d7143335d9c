//! Presentation shared by the handlers and by the code that writes messages for later (services,
//! workers): the one codec for inline-button data, keyboards, and the bot type messages are
//! sent with. It knows no handler and no worker, so both can use it without a cycle.

pub mod callback;
pub mod keyboards;
pub mod view;

use teloxide::{Bot, adaptors::DefaultParseMode};

/// The bot as handlers use it: every text is Telegram HTML.
pub type Tg = DefaultParseMode<Bot>;
