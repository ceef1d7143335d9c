//! Who volunteers: one-time invites, and the end of the role (claims released, flow ended,
//! the person told).

use crate::{
    context::App,
    domain::Lang,
    storage::{InviteOutcome, NewMessage, OutboxKind, StorageError},
    t,
};

/// How long a volunteer invite stays valid.
pub const INVITE_SECS: i64 = 48 * 3600;

/// A new one-time invite token, recorded as created by `admin`.
pub async fn create_invite(app: &App, admin: i64) -> Result<String, StorageError> {
    use rand::distr::{Alphanumeric, SampleString};
    let token = Alphanumeric.sample_string(&mut rand::rng(), 24);
    app.db.create_invite(&token, admin, INVITE_SECS).await?;
    app.db.audit(admin, "volunteer_invite", "").await?;
    log::info!("admin {admin} created a volunteer invite");
    Ok(token)
}

/// `user` (shown to admins as `name`) opens an invite.
pub async fn accept_invite(
    app: &App,
    user: i64,
    name: &str,
    token: &str,
) -> Result<InviteOutcome, StorageError> {
    let outcome = app.db.use_invite(token, user, name).await?;
    if outcome == InviteOutcome::Granted {
        log::info!("user {user} became a volunteer");
        app.db.audit(user, "volunteer_granted", "by invite").await?;
    }
    Ok(outcome)
}

/// Ends `user`'s volunteer role at once: what they hold goes back to the queue, what they were
/// in the middle of ends, and they are told (in their language). Returns whether they existed.
pub async fn remove(app: &App, admin: i64, user: i64, fallback: Lang) -> Result<bool, StorageError> {
    let existed = app.db.set_volunteer(user, false).await?;
    let released = app.db.release_all(user).await?;
    app.db.reset_dialogue(user).await?;
    app.db
        .audit(admin, "volunteer_removed", &user.to_string())
        .await?;
    log::info!("admin {admin} removed volunteer {user} ({released} claims released)");
    if existed {
        let lang = app.db.lang_of(user).await?.unwrap_or(fallback);
        let note = NewMessage::new(OutboxKind::StaffNote, user, t!(lang, "volunteer-role-ended"));
        app.db.enqueue(&note).await?;
        app.outbox.wakeup.notify_one();
    }
    Ok(existed)
}
