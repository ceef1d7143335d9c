//! Webhook mode: Telegram pushes updates to `WEBHOOK_URL`; we listen on `WEBHOOK_LISTEN`.
//!
//! teloxide registers the webhook with a secret token and rejects any request without it
//! (HTTP 401). When `WEBHOOK_SECRET` is unset a random one is generated at start, so the
//! endpoint is never open. `/health` answers 200 while the database answers, 503 otherwise.

use axum::{http::StatusCode, routing::get};
use teloxide::{
    prelude::*,
    update_listeners::{UpdateListener, webhooks},
};

use crate::{config::Webhook, context::AppError, storage::Db};

/// Registers the webhook and serves it (and `/health`); returns the update listener.
pub async fn listen(
    bot: Bot,
    config: &Webhook,
    db: Db,
) -> Result<impl UpdateListener<Err = std::convert::Infallible>, AppError> {
    let secret = config.secret.clone().unwrap_or_else(|| {
        use rand::distr::{Alphanumeric, SampleString};
        log::info!("WEBHOOK_SECRET is not set: using a random secret for this run");
        Alphanumeric.sample_string(&mut rand::rng(), 32)
    });
    let options = webhooks::Options::new(config.listen, config.url.clone()).secret_token(secret);
    let (listener, stop, router) = webhooks::axum_to_router(bot, options)
        .await
        .map_err(|e| AppError::Webhook(format!("setWebhook failed: {e}")))?;
    let router = router.route(
        "/health",
        get(move || {
            let db = db.clone();
            async move {
                match db.ping().await {
                    Ok(_) => (StatusCode::OK, "ok"),
                    Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
                }
            }
        }),
    );
    let tcp = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| AppError::Webhook(format!("cannot listen on {}: {e}", config.listen)))?;
    log::info!(
        "webhook mode: listening on {}, Telegram posts to {}",
        config.listen,
        config.url
    );
    tokio::spawn(async move {
        if let Err(e) = axum::serve(tcp, router).with_graceful_shutdown(stop).await {
            log::error!("webhook server stopped: {e}");
        }
    });
    Ok(listener)
}
