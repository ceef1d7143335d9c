//! The rules of announcements: a broadcast is stored with all its deliveries at once (or
//! scheduled), audited with who did it, and handed to the sender.

use crate::{
    context::App,
    domain::{Audience, format_local},
    storage::StorageError,
};

/// An announcement as the admin wrote it.
pub struct Announcement<'a> {
    pub html: &'a str,
    pub photo: Option<&'a str>,
    pub audience: &'a Audience,
}

/// The audit detail of an audience: stable words, not Rust's debug output.
fn audience_detail(audience: &Audience) -> String {
    match audience {
        Audience::All => "all subscribers".to_owned(),
        Audience::Lang { lang } => format!("language {}", lang.code()),
        Audience::District { district } => format!("district {}", district.id()),
        Audience::Event { event } => format!("signed up for event {event}"),
    }
}

/// Sends `a` now: returns (broadcast id, recipients).
pub async fn send_now(app: &App, admin: i64, a: &Announcement<'_>) -> Result<(i64, i64), StorageError> {
    let (id, total) = app
        .db
        .create_broadcast(admin, a.html, a.photo, a.audience, None, admin)
        .await?;
    let detail = format!("#{id} to {}, {total} recipients", audience_detail(a.audience));
    app.db.audit(admin, "broadcast", &detail).await?;
    log::info!("admin {admin} started broadcast {id} to {total} recipients");
    app.outbox.wake();
    Ok((id, total))
}

/// Schedules `a` for `at`: returns the broadcast id.
pub async fn schedule(
    app: &App,
    admin: i64,
    a: &Announcement<'_>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<i64, StorageError> {
    let (id, _) = app
        .db
        .create_broadcast(admin, a.html, a.photo, a.audience, Some(at.timestamp()), admin)
        .await?;
    let detail = format!("#{id} to {} at {}", audience_detail(a.audience), format_local(at));
    app.db.audit(admin, "broadcast_scheduled", &detail).await?;
    Ok(id)
}
