//! The running bot: startup (with retries), the workers, the dispatcher, and a clean stop.

use std::{future::Future, sync::Arc, time::Duration};

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
    delivery::{Outbox, RateLimiter, Sender},
    storage::{Db, DialogueStorage},
    webapp, webhook, workers,
};

pub use crate::context::{App, AppError};

/// Builds the Bot API client from the configuration; honours `TELOXIDE_API_URL`.
pub fn build_bot(config: &Config) -> Result<Bot, ConfigError> {
    let token = config.require_token()?;
    let bot = Bot::new(token.expose());
    Ok(match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    })
}

/// Refuses a database holding district ids the region file lacks (another region's data, or
/// a district removed from the file): every such row would show a wrong place.
async fn check_districts(db: &Db, url: &str) -> Result<(), AppError> {
    let mut unknown = db.district_ids_in_use().await?;
    unknown.retain(|id| id.parse::<crate::domain::District>().is_err());
    if unknown.is_empty() {
        return Ok(());
    }
    Err(AppError::Region(vec![format!(
        "{}: the database {} holds district ids this region file lacks: {}. Add districts with these ids to the file, or point DATABASE_URL at this region's own database",
        crate::domain::region::current().origin,
        Db::describe(url),
        unknown.join(", ")
    )]))
}

/// Runs the bot until `stop` completes, then finishes the updates in hand and returns.
pub async fn run(config: Config, stop: impl Future<Output = ()> + Send + 'static) -> Result<(), AppError> {
    let bot = build_bot(&config)?;
    let region =
        crate::domain::region::install_from(config.region_file.as_deref()).map_err(AppError::Region)?;
    log::info!("region: {}", region.summary());
    let db = Db::open(&config.database_url).await?;
    log::info!("database ready at {}", Db::describe(&config.database_url));
    check_districts(&db, &config.database_url).await?;
    let (content, dir_changed) = crate::services::packs::open(&db, &config.content_dir)
        .await
        .map_err(|e| match e {
            crate::services::packs::OpenError::Content(p) => AppError::Content(p),
            crate::services::packs::OpenError::Storage(e) => AppError::from(e),
        })?;
    log::info!("content pack: {}", content.get().summary());
    let limiter = Arc::new(RateLimiter::new(config.broadcast_rate));
    let sender = Sender::new(bot.clone(), limiter.clone());
    let lease = Duration::from_secs(config.lease_secs.unsigned_abs());
    let outbox = Arc::new(Outbox::new(db.clone(), sender.clone(), lease));
    let app = Arc::new(App::new(db.clone(), config, content, outbox.clone()));
    if let Some(version) = dir_changed {
        tell_admins_dir_changed(&app, version).await;
    }

    let stop_tx = Arc::new(tokio::sync::watch::channel(false).0);
    let mut stop_rx = stop_tx.subscribe();
    {
        let stop_tx = stop_tx.clone();
        tokio::spawn(async move {
            stop.await;
            stop_tx.send_replace(true);
        });
    }

    let Some(me) = get_me_with_retry(&bot, &mut stop_rx).await? else {
        return Ok(());
    };
    let username = me.username().to_owned();
    log::info!("running as @{username}");
    app.set_bot_username(username);

    let volunteers = db.volunteer_ids().await?;
    commands::register(&bot, &app.config.admin_ids, &volunteers).await;
    commands::withdraw_admin_menus(&bot, &app).await;
    commands::register_editors(&bot, &app, &volunteers).await;
    commands::register_menu_button(&bot, &app).await;

    let tg = bot.clone().parse_mode(ParseMode::Html);
    // Every message the bot sends on its own goes through the outbox and one sender; if this
    // future is dropped (a crash in tests), the guards abort the workers too.
    let mut sending = AbortOnDrop(tokio::spawn(workers::outbox::run(
        outbox.clone(),
        stop_tx.clone(),
    )));
    let scheduler = AbortOnDrop(tokio::spawn(workers::reminders::run(
        app.clone(),
        stop_rx.clone(),
    )));
    let broadcasts = AbortOnDrop(tokio::spawn(workers::broadcast::run(
        app.clone(),
        stop_rx.clone(),
    )));
    let mut heartbeat = AbortOnDrop(tokio::spawn(workers::instances::run(
        app.clone(),
        limiter,
        stop_rx.clone(),
    )));

    // The Mini App: beside the webhook in webhook mode, on WEBAPP_LISTEN when polling.
    let pages = app.config.webapp.as_ref().map(|_| webapp::router(app.clone()));
    let mut serving_pages = None;
    if let (Some(w), None) = (&app.config.webapp, &app.config.webhook) {
        let mut stop_rx = stop_tx.subscribe();
        let stopped = async move {
            let _ = stop_rx.wait_for(|s| *s).await;
        };
        serving_pages = Some(AbortOnDrop(webapp::serve(app.clone(), w.listen, stopped).await?));
    }

    // Webhook mode: updates come from the inbox, and each handled one is marked done there.
    let listening = match app.config.webhook.clone() {
        Some(webhook) => Some(webhook::listen(bot.clone(), &webhook, db.clone(), lease, pages).await?),
        None => None,
    };
    let handler = match &listening {
        Some(l) => {
            let tickets = l.tickets.clone();
            dptree::entry()
                .map(move |u: Update| tickets.ticket(&u))
                .chain(bot::schema())
        }
        None => bot::schema(),
    };

    let storage: Arc<ErasedStorage<State>> = DialogueStorage::<State>::new(db.clone()).erase();
    let mut dispatcher = Dispatcher::builder(tg, handler)
        .dependencies(dptree::deps![app.clone(), storage])
        .default_handler(|upd| async move { log::debug!("no handler for update {}", upd.id.0) })
        .error_handler(Arc::new(handler_failed))
        .build();

    let token = dispatcher.shutdown_token();
    let mut stop_rx = stop_tx.subscribe();
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
    let dispatched = match listening {
        None => {
            let listener = Polling::builder(bot.clone())
                .timeout(Duration::from_secs(10))
                .delete_webhook()
                .await
                .build();
            dispatcher.try_dispatch_with_listener(listener, errors).await
        }
        Some(webhook::Listening {
            listener,
            tickets,
            marking,
        }) => {
            drop(tickets);
            let dispatched = dispatcher.try_dispatch_with_listener(listener, errors).await;
            // The handler tree holds the last tickets: once it is gone, every handled update
            // has been marked done.
            drop(dispatcher);
            if tokio::time::timeout(Duration::from_secs(5), marking)
                .await
                .is_err()
            {
                log::warn!(
                    "atazan::app: handled updates not all marked done; they are handled again after their lease"
                );
            }
            dispatched
        }
    };
    if let Err(e) = dispatched {
        log::error!("cannot start dispatching: {e}");
    }
    if tokio::time::timeout(Duration::from_secs(2), &mut heartbeat.0)
        .await
        .is_err()
    {
        log::warn!("atazan::app: the heartbeat did not stop in time");
    }
    // Normally the stop signal already reached the sender; give sends in flight a moment to
    // record their outcome (what does not finish goes again after the restart).
    if tokio::time::timeout(Duration::from_secs(5), &mut sending.0)
        .await
        .is_err()
    {
        log::warn!("atazan::app: the sender did not stop in time; aborting it");
    }
    drop((sending, scheduler, broadcasts, heartbeat, serving_pages));
    db.close().await;
    if sender.token_revoked() {
        return Err(AppError::TokenRevoked);
    }
    log::info!("stopped");
    Ok(())
}

/// A handler's error, logged once with what it means: Telegram's "message is not modified" (a
/// button pressed twice, an edit to what is shown) counts as done; a flood wait on a direct
/// reply is said as such (the replies a person waits for go through the outbox then, see
/// `delivery::reply`).
async fn handler_failed(error: bot::HandlerError) {
    match error.downcast_ref::<RequestError>() {
        Some(RequestError::Api(ApiError::MessageNotModified)) => {
            log::debug!("atazan::app: an edit would change nothing; counted as done")
        }
        Some(RequestError::RetryAfter(after)) => log::warn!(
            "atazan::app: a reply met Telegram's flood wait ({}s) and was not sent",
            after.seconds()
        ),
        _ => log::error!("a handler failed: {error}"),
    }
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

/// `CONTENT_DIR` differs from the folder the published pack was made beside: the published
/// pack stays live; admins hear it once per start (`/reload` takes the folder on purpose).
async fn tell_admins_dir_changed(app: &App, version: i64) {
    for admin in app.admin_chats().collect::<Vec<_>>() {
        let lang = app
            .db
            .lang_of(admin)
            .await
            .ok()
            .flatten()
            .unwrap_or(crate::domain::Lang::Ru);
        let note = crate::storage::NewMessage::new(
            crate::storage::OutboxKind::StaffNote,
            admin,
            crate::t!(lang, "pack-dir-changed", version = version),
        );
        if let Err(e) = app.db.enqueue(&note).await {
            log::warn!("cannot tell admin {admin} that CONTENT_DIR changed: {e}");
        }
    }
    app.outbox.wake();
}
