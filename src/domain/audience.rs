//! Who an announcement goes to.

use serde::{Deserialize, Serialize};

use super::{District, Lang};

/// The recipients of a broadcast, always among subscribers who have not blocked the bot.
/// Subscribers who asked for their district only get district announcements only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Audience {
    All,
    Lang { lang: Lang },
    District { district: District },
}
