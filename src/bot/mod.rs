//! Everything that speaks Telegram: the handler tree, commands, callback codec, keyboards.
//!
//! Handlers parse input and pick a reply; roles are checked in [`schema`] (for commands,
//! buttons and every privileged dialogue step, through `permits`); the work itself is done by
//! the capability modules (`questions`, `events`) and storage.

pub mod commands;
pub mod deeplink;
mod handlers;
mod schema;
pub mod state;

use teloxide::{
    dispatching::dialogue::{self, ErasedStorage},
    prelude::*,
};

pub use schema::schema;
pub use state::State;

use crate::{
    domain::{Lang, Role},
    storage::UserRow,
};

pub use crate::ui::{Tg, callback, keyboards};
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
pub type HandlerResult = Result<(), HandlerError>;
pub type Dialogue = dialogue::Dialogue<State, ErasedStorage<State>>;

/// Who sent the update being handled, loaded once per update.
#[derive(Clone, Debug)]
pub struct UserCtx {
    pub user: UserRow,
    pub chat: ChatId,
    /// The user's language: chosen, or guessed from Telegram until they choose.
    pub lang: Lang,
    /// The language Telegram reports for the user, if it is one of ours.
    pub telegram_lang: Option<Lang>,
    pub role: Role,
    /// An editor of the pack (admins are editors too).
    pub editor: bool,
    /// How Telegram names them: `@username`, or the first name.
    pub name: String,
    /// Questions they have open, and asked in the last 24 hours (read with the user).
    pub open_questions: i64,
    pub questions_today: i64,
}

impl UserCtx {
    pub fn id(&self) -> i64 {
        self.user.id
    }

    pub fn lang_chosen(&self) -> bool {
        self.user.lang.is_some()
    }
}
