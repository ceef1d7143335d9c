//! The end of the volunteer role (claims released, flow ended,
//! the person told).

use crate::{
    context::App,
    domain::Lang,
    storage::{NewMessage, OutboxKind, StorageError},
    t,
};

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
        app.outbox.wake();
    }
    Ok(existed)
}
