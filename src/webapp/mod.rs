//! The Mini App: the events on a map, in a list and in a month calendar, opened inside
//! Telegram from the bot's menu button or `/events`. One page (plain HTML, CSS and JavaScript,
//! built into the binary with the map library it uses) and a JSON API under `/app/api/` that
//! works on the same data and rules as the chat: a sign-up made here is the one the chat shows,
//! with the same reminders, and its confirmation goes out through the outbox.
//!
//! Every API call names its caller with Telegram's signed `initData` ([`init_data`]); nothing
//! else is believed. In polling mode the page is served on `WEBAPP_LISTEN`; in webhook mode the
//! webhook's server serves it too.

mod api;
mod assets;
pub mod init_data;

use std::{net::SocketAddr, sync::Arc};

use axum::Router;

use crate::context::{App, AppError};

/// The page and its API, under `/app/`.
pub fn router(app: Arc<App>) -> Router {
    let tiles = app.config.webapp.as_ref().and_then(|w| w.tiles.clone());
    assets::router(tiles.as_ref()).merge(api::router(app)).layer(
        tower_http::compression::CompressionLayer::new()
            .gzip(true)
            .no_br()
            .no_deflate()
            .no_zstd(),
    )
}

/// Serves the Mini App on `listen` until `stop` completes (polling mode).
pub async fn serve(
    app: Arc<App>,
    listen: SocketAddr,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<tokio::task::JoinHandle<()>, AppError> {
    let tcp = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| AppError::WebApp(format!("cannot listen on {listen}: {e}")))?;
    let local = tcp.local_addr().unwrap_or(listen);
    log::info!(
        "Mini App: serving http://{local}/app/ (Telegram opens it at {})",
        app.config
            .webapp
            .as_ref()
            .map_or_else(String::new, |w| w.url.to_string())
    );
    let router = router(app);
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(tcp, router).with_graceful_shutdown(stop).await {
            log::error!("Mini App server stopped: {e}");
        }
    }))
}
