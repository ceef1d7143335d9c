//! Who an announcement goes to.

use serde::{Deserialize, Serialize};

use super::{District, Lang};

/// The recipients of a broadcast, never anyone who blocked the bot. Subscribers, except for an
/// event's audience: residents who signed up for it (they asked to hear about it). Subscribers
/// who asked for their district only get district announcements only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum Audience {
    All,
    Lang {
        lang: Lang,
    },
    District {
        district: District,
    },
    /// Residents signed up for an event (its row id).
    Event {
        event: i64,
    },
}
