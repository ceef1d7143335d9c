//! What a user is in the middle of: the dialogue state, kept in the database across restarts.

use serde::{Deserialize, Serialize};

/// A chat's dialogue state. `Idle` is the default: commands, menu buttons and free text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,
    /// First contact: the user is choosing a language; `payload` is a deep link to open after.
    ChoosingLanguage { payload: Option<String> },
}
