//! Several instances on one database: each announces itself, so that together they keep to
//! Telegram's per-bot bulk rate (each takes its share of `BROADCAST_RATE`), and each follows
//! what another changed — a content pack published, rolled back or reloaded, an FAQ entry added
//! or removed — within one heartbeat.

use std::{sync::Arc, time::Duration};

use tokio::sync::watch;

use crate::{context::App, delivery::RateLimiter};

/// How often an instance announces itself and looks for changes made elsewhere.
pub const HEARTBEAT: Duration = Duration::from_secs(3);

/// Runs until `stop`; then withdraws this instance, so the others take its share at once.
pub async fn run(app: Arc<App>, limiter: Arc<RateLimiter>, mut stop: watch::Receiver<bool>) {
    let id = {
        use rand::distr::{Alphanumeric, SampleString};
        Alphanumeric.sample_string(&mut rand::rng(), 16)
    };
    let started = crate::storage::now();
    let mut faq_seen = None;
    loop {
        match app.db.instance_heartbeat(&id, started).await {
            Ok(alive) => limiter.set_share(u32::try_from(alive).unwrap_or(1)),
            Err(e) => log::warn!("atazan::workers::instances: heartbeat failed: {e}"),
        }
        if let Err(e) = app.db.prune_chat_slots().await {
            log::warn!("atazan::workers::instances: cannot prune chat turns: {e}");
        }
        match app.db.shared_state().await {
            Ok((pack, faq)) => {
                if pack > 0 && pack != app.content.version() {
                    crate::services::packs::follow(&app, pack).await;
                }
                if faq_seen.is_some_and(|seen| seen != faq) {
                    *app.faq.write().await = None;
                }
                faq_seen = Some(faq);
            }
            Err(e) => log::warn!("atazan::workers::instances: cannot read shared state: {e}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(HEARTBEAT) => {}
            _ = stop.wait_for(|s| *s) => break,
        }
    }
    if let Err(e) = app.db.instance_gone(&id).await {
        log::warn!("atazan::workers::instances: cannot withdraw this instance: {e}");
    }
}
