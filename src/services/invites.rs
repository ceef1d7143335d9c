//! One-time invite links that grant a role (`vol_<token>`, `ed_<token>`, `or_<token>`): created
//! by an admin, used once, valid for two days, in the audit log.

use crate::{
    context::App,
    domain::{District, Grant},
    storage::{InviteOutcome, StorageError},
};

/// How long an invite stays valid.
pub const INVITE_SECS: i64 = 48 * 3600;

/// A new one-time invite token granting `grants` (an organiser's for `district`), recorded as
/// created by `admin`.
pub async fn create(
    app: &App,
    admin: i64,
    grants: Grant,
    district: Option<District>,
) -> Result<String, StorageError> {
    use rand::distr::{Alphanumeric, SampleString};
    let token = Alphanumeric.sample_string(&mut rand::rng(), 24);
    app.db
        .create_invite(&token, admin, INVITE_SECS, grants, district)
        .await?;
    app.db
        .audit(admin, &format!("{}_invite", grants.as_str()), "")
        .await?;
    log::info!("admin {admin} created an invite for the {} role", grants.as_str());
    Ok(token)
}

/// `user` (shown to admins as `name`) opens an invite link of the kind `grants`.
pub async fn accept(
    app: &App,
    user: i64,
    name: &str,
    token: &str,
    grants: Grant,
) -> Result<InviteOutcome, StorageError> {
    let outcome = app.db.use_invite(token, user, name, grants).await?;
    if outcome == InviteOutcome::Granted {
        log::info!("user {user} became a {}", grants.as_str());
        app.db
            .audit(user, &format!("{}_granted", grants.as_str()), "by invite")
            .await?;
    }
    Ok(outcome)
}
