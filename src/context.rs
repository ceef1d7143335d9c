//! What handlers and workers share: storage, configuration, the content pack and the outbox,
//! and the errors that stop the bot. Kept apart from startup so that nothing imports `app`.

use std::sync::{Arc, OnceLock};

use crate::{
    config::{Config, ConfigError},
    content::{Library, Problem, faq::FaqIndex},
    delivery::Outbox,
    domain::Role,
    storage::{Db, StorageError, UserRow},
};

/// State shared by all handlers and workers.
pub struct App {
    pub db: Db,
    pub config: Config,
    pub content: Library,
    /// Where everything the bot sends on its own initiative is written, and who sends it.
    pub outbox: Arc<Outbox>,
    /// The published FAQ, indexed for "similar questions" (`None`: rebuild on next use).
    pub faq: tokio::sync::RwLock<Option<FaqIndex>>,
    bot_username: OnceLock<String>,
}

impl App {
    pub fn new(db: Db, config: Config, content: Library, outbox: Arc<Outbox>) -> Self {
        Self {
            db,
            config,
            content,
            outbox,
            faq: tokio::sync::RwLock::new(None),
            bot_username: OnceLock::new(),
        }
    }

    /// The one place roles are decided: admins come only from `ADMIN_IDS`, volunteers from storage.
    pub fn role_of(&self, user: &UserRow) -> Role {
        if self.is_admin(user.id) {
            Role::Admin
        } else if user.is_volunteer {
            Role::Volunteer
        } else {
            Role::Resident
        }
    }

    /// Whether `id` is listed in `ADMIN_IDS`.
    pub fn is_admin(&self, id: i64) -> bool {
        u64::try_from(id).is_ok_and(|id| self.config.admin_ids.contains(&id))
    }

    /// Admins' chat ids.
    pub fn admin_chats(&self) -> impl Iterator<Item = i64> + '_ {
        self.config
            .admin_ids
            .iter()
            .filter_map(|id| i64::try_from(*id).ok())
    }

    /// The bot's @username (known after the first `getMe`), for share links.
    pub fn bot_username(&self) -> &str {
        self.bot_username.get().map_or("atazan_bot", String::as_str)
    }

    pub fn set_bot_username(&self, name: String) {
        let _ = self.bot_username.set(name);
    }
}

/// Why the bot could not run.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Storage(#[from] StorageError),
    #[error("the content pack is broken ({} problems):\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Content(Vec<Problem>),
    #[error("webhook mode: {0}")]
    Webhook(String),
    #[error("Mini App: {0}")]
    WebApp(String),
    #[error("{}", .0.join("\n"))]
    Region(Vec<String>),
    #[error("Telegram rejected TELOXIDE_TOKEN: check it with @BotFather (/mybots → API Token)")]
    TokenRejected,
    #[error("Telegram stopped accepting TELOXIDE_TOKEN (401): it was revoked; get a new one from @BotFather")]
    TokenRevoked,
}
