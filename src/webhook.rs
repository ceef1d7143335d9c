//! Webhook mode: Telegram pushes updates to `WEBHOOK_URL`; we listen on `WEBHOOK_LISTEN`.
//!
//! Every update is stored in the inbox (`storage::inbox`) before Telegram hears 200: an
//! acknowledged update survives a crash, and several instances behind one HTTPS endpoint share
//! the work. Order: a lock would give exclusion, not order (Telegram may post consecutive updates
//! of one chat over parallel connections, to different instances). So an instance only answers
//! 200 and stores; the inbox hands each chat's updates out one at a time in `update_id` order,
//! the next only once the previous was handled ([`InboxTicket`]), and holds an update a moment
//! when the one before it has not arrived yet.
//!
//! The Mini App's page and API (`/app/`), when set up, are served here too.
//!
//! Requests without the secret token get 401; `WEBHOOK_SECRET` is required when instances share
//! a PostgreSQL database (each must check the same secret), random per run otherwise. Stopping
//! never deletes the webhook: the other instances go on serving it (polling mode deletes it when
//! it starts). `/health` answers 200 while the database answers, 503 otherwise.

use std::{
    collections::HashMap,
    convert::Infallible,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::{get, post},
};
use teloxide::{
    prelude::*,
    stop::{StopFlag, StopToken, mk_stop_token},
    update_listeners::{StatefulListener, UpdateListener},
};
use tokio::sync::{Notify, mpsc};
use tokio_stream::wrappers::UnboundedReceiverStream;

use crate::{config::Webhook, context::AppError, storage::Db};

/// Updates one instance handles at once (taken from the inbox, not yet done).
const IN_FLIGHT: usize = 64;

/// How often an instance looks for updates other instances stored.
const POLL: Duration = Duration::from_millis(200);

/// The updates this instance is handling, with when each was taken: their handling leases
/// are renewed while a slow handler runs, so no other instance takes them meanwhile.
#[derive(Default)]
struct Handling(Mutex<HashMap<i64, Instant>>);

impl Handling {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Instant>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn len(&self) -> usize {
        self.lock().len()
    }
}

/// Marks its update done in the inbox once the handler tree has finished with it (the last
/// clone is dropped with the update's dependencies), so the chat's next update may go.
#[derive(Clone)]
pub struct InboxTicket(#[allow(dead_code)] Arc<Ticket>);

struct Ticket {
    update_id: i64,
    done: mpsc::UnboundedSender<i64>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let _ = self.done.send(self.update_id);
    }
}

/// Hands out [`InboxTicket`]s (a dependency of the handler tree in webhook mode).
#[derive(Clone)]
pub struct Tickets {
    done: mpsc::UnboundedSender<i64>,
}

impl Tickets {
    pub fn ticket(&self, update: &Update) -> InboxTicket {
        InboxTicket(Arc::new(Ticket {
            update_id: i64::from(update.id.0),
            done: self.done.clone(),
        }))
    }
}

struct Receiver {
    db: Db,
    secret: String,
    wake: Arc<Notify>,
}

/// The listener the dispatcher reads, the tickets its handler tree takes, and a task that
/// ends once every handled update has been marked done.
pub struct Listening<L> {
    pub listener: L,
    pub tickets: Tickets,
    pub marking: tokio::task::JoinHandle<()>,
}

/// Registers the webhook, serves it (and `/health`), and feeds the dispatcher from the inbox.
pub async fn listen(
    bot: Bot,
    config: &Webhook,
    db: Db,
    lease: Duration,
    pages: Option<axum::Router>,
) -> Result<Listening<impl UpdateListener<Err = Infallible> + use<>>, AppError> {
    let secret = config.secret.clone().unwrap_or_else(|| {
        use rand::distr::{Alphanumeric, SampleString};
        log::info!("WEBHOOK_SECRET is not set: using a random secret for this run");
        Alphanumeric.sample_string(&mut rand::rng(), 32)
    });
    bot.set_webhook(config.url.clone())
        .secret_token(secret.clone())
        .await
        .map_err(|e| AppError::Webhook(format!("setWebhook failed: {e}")))?;

    let wake = Arc::new(Notify::new());
    let receiver = Arc::new(Receiver {
        db: db.clone(),
        secret,
        wake: wake.clone(),
    });
    let health_db = db.clone();
    let path = match config.url.path() {
        "" => "/",
        p => p,
    };
    let router = axum::Router::new()
        .route(path, post(receive))
        .with_state(receiver)
        .route(
            "/health",
            get(move || {
                let db = health_db.clone();
                async move {
                    match db.ping().await {
                        Ok(_) => (StatusCode::OK, "ok"),
                        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
                    }
                }
            }),
        );
    let router = match pages {
        Some(pages) => router.merge(pages),
        None => router,
    };
    let tcp = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| AppError::Webhook(format!("cannot listen on {}: {e}", config.listen)))?;
    log::info!(
        "webhook mode: listening on {}, Telegram posts to {}",
        config.listen,
        config.url
    );

    let (stop_token, stop_flag) = mk_stop_token();
    let server_stop = stop_flag.clone();
    tokio::spawn(async move {
        if let Err(e) = axum::serve(tcp, router).with_graceful_shutdown(server_stop).await {
            log::error!("webhook server stopped: {e}");
        }
    });

    let (updates, rx) = mpsc::unbounded_channel();
    let (done, done_rx) = mpsc::unbounded_channel();
    let handling = Arc::new(Handling::default());
    let lease_secs = i64::try_from(lease.as_secs()).unwrap_or(60).max(1);
    tokio::spawn(feed(
        db.clone(),
        updates,
        wake.clone(),
        handling.clone(),
        lease_secs,
        stop_flag.clone(),
    ));
    tokio::spawn(renew(db.clone(), handling.clone(), lease, stop_flag));
    let marking = tokio::spawn(mark_done(db, done_rx, wake, handling));

    let listener = StatefulListener::new(
        (UnboundedReceiverStream::new(rx), stop_token),
        stream_of,
        |state: &mut (_, StopToken)| state.1.clone(),
    );
    Ok(Listening {
        listener,
        tickets: Tickets { done },
        marking,
    })
}

fn stream_of<A, B>(state: &mut (A, B)) -> &mut A {
    &mut state.0
}

/// One POST from Telegram: checked, stored, acknowledged. A database that does not answer
/// gets Telegram to resend later (503) rather than losing the update.
async fn receive(State(st): State<Arc<Receiver>>, headers: HeaderMap, body: String) -> StatusCode {
    let token = headers
        .get("x-telegram-bot-api-secret-token")
        .map(|v| v.as_bytes());
    if token != Some(st.secret.as_bytes()) {
        return StatusCode::UNAUTHORIZED;
    }
    let update: Update = match serde_json::from_str(&body) {
        Ok(u) => u,
        Err(e) => {
            log::warn!("atazan::webhook: an update teloxide cannot read, dropped: {e}");
            return StatusCode::OK;
        }
    };
    let chat = update
        .chat()
        .map(|c| c.id.0)
        .or_else(|| update.from().and_then(|u| i64::try_from(u.id.0).ok()));
    match st.db.inbox_put(i64::from(update.id.0), chat, &body).await {
        Ok(_) => {
            st.wake.notify_one();
            StatusCode::OK
        }
        Err(e) => {
            log::error!("atazan::webhook: cannot store update {}: {e}", update.id.0);
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Takes what may be handled now from the inbox and passes it to the dispatcher, until stopped.
async fn feed(
    db: Db,
    updates: mpsc::UnboundedSender<Result<Update, Infallible>>,
    wake: Arc<Notify>,
    handling: Arc<Handling>,
    lease_secs: i64,
    mut stop: StopFlag,
) {
    loop {
        if stop.is_stopped() {
            return;
        }
        let room = IN_FLIGHT.saturating_sub(handling.len());
        if room > 0 {
            match db.inbox_take(room as i64, lease_secs).await {
                Ok(taken) => {
                    for row in taken {
                        match serde_json::from_str::<Update>(&row.payload) {
                            Ok(update) => {
                                handling.lock().insert(row.update_id, Instant::now());
                                if updates.send(Ok(update)).is_err() {
                                    return;
                                }
                            }
                            Err(e) => {
                                log::warn!(
                                    "atazan::webhook: stored update {} is unreadable: {e}",
                                    row.update_id
                                );
                                let _ = db.inbox_done(row.update_id).await;
                            }
                        }
                    }
                }
                Err(e) => log::warn!("atazan::webhook: cannot read the inbox: {e}"),
            }
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = &mut stop => return,
        }
    }
}

/// Records handled updates (and, now and then, forgets old ones); ends when the dispatcher and
/// its tickets are gone.
async fn mark_done(
    db: Db,
    mut done: mpsc::UnboundedReceiver<i64>,
    wake: Arc<Notify>,
    handling: Arc<Handling>,
) {
    let mut last_prune = std::time::Instant::now();
    while let Some(update_id) = done.recv().await {
        if let Err(e) = db.inbox_done(update_id).await {
            log::warn!("atazan::webhook: cannot mark update {update_id} handled: {e}");
        }
        handling.lock().remove(&update_id);
        wake.notify_one();
        if last_prune.elapsed() > Duration::from_secs(60) {
            last_prune = std::time::Instant::now();
            let before = crate::storage::now() - 600;
            if let Err(e) = db.inbox_prune(before).await {
                log::warn!("atazan::webhook: cannot prune the inbox: {e}");
            }
        }
    }
}

/// Renews the handling lease of every update handled for longer than a third of the lease, a
/// third of the lease apart, until stopped: a slow handler (an editor's 20 MB pack, a database
/// waiting on a lock) keeps its update; only a crash lets the lease run out.
async fn renew(db: Db, handling: Arc<Handling>, lease: Duration, mut stop: StopFlag) {
    let every = lease / 3;
    let lease_secs = i64::try_from(lease.as_secs()).unwrap_or(60).max(1);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = &mut stop => return,
        }
        let slow: Vec<i64> = handling
            .lock()
            .iter()
            .filter(|(_, taken)| taken.elapsed() >= every)
            .map(|(id, _)| *id)
            .collect();
        for id in slow {
            match db.inbox_renew(id, lease_secs).await {
                Ok(true) => log::debug!("atazan::webhook: update {id} is still being handled; lease renewed"),
                Ok(false) => log::warn!("atazan::webhook: update {id} is no longer this instance's"),
                Err(e) => log::warn!("atazan::webhook: cannot renew the lease of update {id}: {e}"),
            }
        }
    }
}
