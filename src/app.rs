//! The running bot: shared state, startup (with retries), the dispatcher, and a clean stop.

use std::{
    future::Future,
    sync::{Arc, OnceLock},
    time::Duration,
};

use teloxide::{
    ApiError, RequestError,
    dispatching::dialogue::{ErasedStorage, Storage},
    error_handlers::LoggingErrorHandler,
    prelude::*,
    types::ParseMode,
    update_listeners::Polling,
};

use crate::{
    bot::{self, State, commands},
    config::{Config, ConfigError},
    content::{Library, Problem},
    domain::Role,
    storage::{Db, DialogueStorage, StorageError, UserRow},
    webhook, workers,
};

/// State shared by all handlers and workers.
pub struct App {
    pub db: Db,
    pub config: Config,
    pub content: Library,
    /// Wakes the volunteer-group worker when a question arrives.
    pub group_wakeup: tokio::sync::Notify,
    /// Wakes the broadcast sender when a broadcast starts.
    pub broadcast_wakeup: tokio::sync::Notify,
    bot_username: OnceLock<String>,
}

impl App {
    pub fn new(db: Db, config: Config, content: Library) -> Self {
        Self {
            db,
            config,
            content,
            group_wakeup: tokio::sync::Notify::new(),
            broadcast_wakeup: tokio::sync::Notify::new(),
            bot_username: OnceLock::new(),
        }
    }

    /// The one place roles are decided: admins come only from `ADMIN_IDS`, volunteers from storage.
    pub fn role_of(&self, user: &UserRow) -> Role {
        if u64::try_from(user.id).is_ok_and(|id| self.config.admin_ids.contains(&id)) {
            Role::Admin
        } else if user.is_volunteer {
            Role::Volunteer
        } else {
            Role::Resident
        }
    }

    /// The bot's @username (known after the first `getMe`), for share links.
    pub fn bot_username(&self) -> &str {
        self.bot_username.get().map_or("atazan_bot", String::as_str)
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
    #[error("Telegram rejected TELOXIDE_TOKEN: check it with @BotFather (/mybots → API Token)")]
    TokenRejected,
}

/// Builds the Bot API client from the configuration; honours `TELOXIDE_API_URL`.
pub fn build_bot(config: &Config) -> Result<Bot, ConfigError> {
    let token = config.require_token()?;
    let bot = Bot::new(token.expose());
    Ok(match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    })
}

/// Runs the bot until `stop` completes, then finishes the updates in hand and returns.
pub async fn run(config: Config, stop: impl Future<Output = ()> + Send + 'static) -> Result<(), AppError> {
    let bot = build_bot(&config)?;
    let content = Library::open(&config.content_dir).map_err(AppError::Content)?;
    log::info!("content pack: {}", content.get().summary());
    let db = Db::open(&config.database_url).await?;
    log::info!("database ready at {}", Db::describe(&config.database_url));
    let app = Arc::new(App::new(db.clone(), config, content));

    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        stop.await;
        let _ = stop_tx.send(true);
    });

    let Some(me) = get_me_with_retry(&bot, &mut stop_rx).await? else {
        return Ok(());
    };
    let username = me.username().to_owned();
    log::info!("running as @{username}");
    let _ = app.bot_username.set(username);

    let volunteers = db.volunteer_ids().await?;
    commands::register(&bot, &app.config.admin_ids, &volunteers).await;

    let tg = bot.clone().parse_mode(ParseMode::Html);
    // One limiter for all bulk traffic (broadcasts, reminders, notices): together they stay
    // within BROADCAST_RATE and one message per second per chat.
    let limiter = Arc::new(workers::RateLimiter::new(app.config.broadcast_rate));
    let group_worker = tokio::spawn(workers::volunteer_group::run(
        tg.clone(),
        app.clone(),
        stop_rx.clone(),
    ));
    let broadcaster = tokio::spawn(workers::broadcast::run(
        tg.clone(),
        app.clone(),
        limiter.clone(),
        stop_rx.clone(),
    ));
    // The events worker (reminders, notices) runs beside the dispatcher and stops with it; if
    // this future is dropped (a crash in tests), the guard aborts it too.
    let sender = workers::Sender::new(bot.clone(), db.clone(), limiter.clone());
    let mut worker = AbortOnDrop(tokio::spawn(workers::reminders::run(
        db.clone(),
        sender,
        stop_rx.clone(),
    )));

    let storage: Arc<ErasedStorage<State>> = DialogueStorage::<State>::new(db.clone()).erase();
    let mut dispatcher = Dispatcher::builder(tg, bot::schema())
        .dependencies(dptree::deps![app.clone(), storage])
        .default_handler(|upd| async move { log::debug!("no handler for update {}", upd.id.0) })
        .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"))
        .build();

    let token = dispatcher.shutdown_token();
    tokio::spawn(async move {
        while !*stop_rx.borrow_and_update() {
            if stop_rx.changed().await.is_err() {
                return;
            }
        }
        log::info!("stopping: finishing the updates in hand");
        // Shutdown is refused until dispatching has started; keep asking.
        loop {
            match token.shutdown() {
                Ok(done) => {
                    done.await;
                    return;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    });

    let errors = LoggingErrorHandler::with_custom_text("getting updates failed");
    let dispatched = match app.config.webhook.clone() {
        None => {
            let listener = Polling::builder(bot.clone())
                .timeout(Duration::from_secs(10))
                .delete_webhook()
                .await
                .build();
            dispatcher.try_dispatch_with_listener(listener, errors).await
        }
        Some(webhook) => {
            let listener = webhook::listen(bot.clone(), &webhook, db.clone()).await?;
            dispatcher.try_dispatch_with_listener(listener, errors).await
        }
    };
    if let Err(e) = dispatched {
        log::error!("cannot start dispatching: {e}");
    }
    let _ = group_worker.await;
    let _ = broadcaster.await;
    // Normally the stop signal already reached the worker; give it a moment to finish a send.
    if tokio::time::timeout(Duration::from_secs(5), &mut worker.0)
        .await
        .is_err()
    {
        log::warn!("atazan::app: the events worker did not stop in time; aborting it");
    }
    drop(worker);
    db.close().await;
    log::info!("stopped");
    Ok(())
}

/// A background task that ends when its handle is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// `getMe` until it works: an unreachable Bot API is reported and retried; a rejected token stops.
/// Returns `None` if asked to stop meanwhile.
async fn get_me_with_retry(
    bot: &Bot,
    stop: &mut tokio::sync::watch::Receiver<bool>,
) -> Result<Option<teloxide::types::Me>, AppError> {
    let mut delay = Duration::from_secs(1);
    loop {
        match bot.get_me().await {
            Ok(me) => return Ok(Some(me)),
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                return Err(AppError::TokenRejected);
            }
            Err(e) => {
                log::warn!("Bot API unreachable ({e}); retrying in {}s", delay.as_secs());
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = stop.wait_for(|s| *s) => return Ok(None),
        }
        delay = (delay * 2).min(Duration::from_secs(30));
    }
}

/// Completes on Ctrl-C or SIGTERM (what systemd and Docker send).
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                log::warn!("cannot listen for SIGTERM: {e}");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
