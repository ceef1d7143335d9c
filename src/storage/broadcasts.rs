//! Broadcasts and their outbox: one delivery row per recipient, written in one transaction,
//! claimed one at a time by the sender; and the audit log.

use crate::domain::{Audience, Lang};

use super::{
    Db, Lock, StorageError, Tx, now,
    outbox::{Finish, NewMessage, enqueue},
    sql,
};

/// (language, district, event) as SQL parameters of an audience.
fn audience_filter(audience: &Audience) -> (Option<&'static str>, Option<&'static str>, Option<i64>) {
    match audience {
        Audience::All => (None, None, None),
        Audience::Lang { lang } => (Some(lang.code()), None, None),
        Audience::District { district } => (None, Some(district.id()), None),
        Audience::Event { event } => (None, None, Some(*event)),
    }
}

/// Writes one delivery per recipient of `audience` (one statement); returns how many.
async fn write_deliveries(tx: &mut Tx, id: i64, audience: &Audience, now: i64) -> Result<i64, StorageError> {
    let (lang, district, event) = audience_filter(audience);
    let done = sql!((tx &mut *tx) => execute, query!(
        "INSERT INTO deliveries (broadcast_id, chat_id, created_at)
         SELECT $4, u.id, $5 FROM users u
         WHERE u.blocked = FALSE
           AND (CASE WHEN CAST($3 AS BIGINT) IS NULL THEN
                  u.subscribed = TRUE
                  AND (CAST($1 AS TEXT) IS NULL OR COALESCE(u.lang, 'ru') = $1)
                  AND (CAST($2 AS TEXT) IS NULL OR u.district = $2)
                  AND (CAST($2 AS TEXT) IS NOT NULL OR u.district_only = FALSE)
                ELSE EXISTS (SELECT 1 FROM rsvps r WHERE r.event_id = $3 AND r.user_id = u.id
                             AND (r.going = TRUE OR r.remind = TRUE)) END)
         ON CONFLICT DO NOTHING",
        lang,
        district,
        event,
        id,
        now
    ))?;
    let total = done.rows_affected() as i64;
    sql!((tx &mut *tx) => execute, query!("UPDATE broadcasts SET total = $2 WHERE id = $1", id, total))?;
    Ok(total)
}

/// A delivery claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub broadcast_id: i64,
    pub chat_id: i64,
    pub attempts: i64,
    pub created_at: i64,
    pub html: String,
    pub photo_file_id: Option<String>,
}

/// Counts for a progress report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub total: i64,
    pub sent: i64,
    pub failed: i64,
    pub blocked: i64,
    pub left: i64,
}

/// A broadcast being sent, with where its progress is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Active {
    pub id: i64,
    pub progress_chat: Option<i64>,
    pub progress_message: Option<i64>,
    /// Stopped by an admin (its final report is due), rather than sending.
    pub stopped: bool,
}

/// An audit log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: i64,
    pub action: String,
    pub detail: String,
}

impl Db {
    /// Stores a broadcast. Sent now: its deliveries are written in the same transaction, one
    /// set-based statement. Scheduled: deliveries are written when it starts.
    /// Returns (id, recipients written).
    pub async fn create_broadcast(
        &self,
        by: i64,
        html: &str,
        photo: Option<&str>,
        audience: &Audience,
        scheduled_at: Option<i64>,
        progress_chat: i64,
    ) -> Result<(i64, i64), StorageError> {
        let t = now();
        let audience_json = serde_json::to_string(audience)?;
        let status = if scheduled_at.is_some() {
            "scheduled"
        } else {
            "sending"
        };
        let started_at = scheduled_at.is_none().then_some(t);
        let mut tx = self.write_tx(Lock::Broadcasts).await?;
        let id = sql!((tx &mut tx) => fetch_one, query_scalar!(
            r#"INSERT INTO broadcasts (created_by, html, photo_file_id, audience, status, scheduled_at, created_at,
                                       progress_chat, started_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id AS "id!""#,
            by,
            html,
            photo,
            audience_json,
            status,
            scheduled_at,
            t,
            progress_chat,
            started_at
        ))?;
        let total = if scheduled_at.is_none() {
            write_deliveries(&mut tx, id, audience, t).await?
        } else {
            0
        };
        tx.commit().await?;
        Ok((id, total))
    }

    /// Starts a scheduled broadcast: status and all its deliveries (audience as of now) in one
    /// transaction. `None` if it is no longer scheduled (stopped meanwhile, or started).
    /// `note` renders the admin's "it started" note, given the recipient count.
    pub async fn start_broadcast(
        &self,
        id: i64,
        note: impl FnOnce(i64, i64) -> Option<NewMessage>,
    ) -> Result<Option<i64>, StorageError> {
        let t = now();
        let mut tx = self.write_tx(Lock::Broadcasts).await?;
        let row = sql!((tx &mut tx) => fetch_optional, query!(
            "UPDATE broadcasts SET status = 'sending', started_at = $2
             WHERE id = $1 AND status = 'scheduled' RETURNING audience, progress_chat",
            id,
            t
        ) => |r| (r.audience, r.progress_chat))?;
        let Some((audience, progress_chat)) = row else {
            return Ok(None);
        };
        let audience: Audience = serde_json::from_str(&audience)?;
        let total = write_deliveries(&mut tx, id, &audience, t).await?;
        if let Some(chat) = progress_chat
            && let Some(m) = note(chat, total)
        {
            enqueue(&mut tx, &m).await?;
        }
        tx.commit().await?;
        Ok(Some(total))
    }

    /// How many would receive `audience` now.
    pub async fn audience_size(&self, audience: &Audience) -> Result<i64, StorageError> {
        let (lang, district, event) = audience_filter(audience);
        let n = sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM users u
               WHERE u.blocked = FALSE
                 AND (CASE WHEN CAST($3 AS BIGINT) IS NULL THEN
                        u.subscribed = TRUE
                        AND (CAST($1 AS TEXT) IS NULL OR COALESCE(u.lang, 'ru') = $1)
                        AND (CAST($2 AS TEXT) IS NULL OR u.district = $2)
                        AND (CAST($2 AS TEXT) IS NOT NULL OR u.district_only = FALSE)
                      ELSE EXISTS (SELECT 1 FROM rsvps r WHERE r.event_id = $3 AND r.user_id = u.id
                                   AND (r.going = TRUE OR r.remind = TRUE)) END)"#,
            lang,
            district,
            event
        ))?;
        Ok(n)
    }

    /// Scheduled broadcasts whose time has come.
    pub async fn due_broadcasts(&self) -> Result<Vec<i64>, StorageError> {
        let t = now();
        let ids = sql!((pool self) => fetch_all, query_scalar!(
            r#"SELECT id AS "id!" FROM broadcasts WHERE status = 'scheduled' AND scheduled_at <= $1 ORDER BY id"#,
            t
        ))?;
        Ok(ids)
    }

    /// Claims the next due delivery of a sending broadcast under a lease (a delivery left
    /// `sending` by a crash is claimed again once its lease ends: at most one duplicate).
    pub async fn claim_delivery(&self, lease_secs: i64) -> Result<Option<Delivery>, StorageError> {
        let t = now();
        let until = t + lease_secs;
        let row = sql!((write self) => fetch_optional, query!(
            r#"UPDATE deliveries SET status = 'sending', attempts = attempts + 1, lease_until = $2
               WHERE (broadcast_id, chat_id) = (
                   SELECT d.broadcast_id, d.chat_id FROM broadcasts b
                   JOIN deliveries d ON d.broadcast_id = b.id
                   WHERE b.status = 'sending'
                     AND ((d.status = 'pending' AND d.next_attempt_at <= $1)
                          OR (d.status = 'sending' AND d.lease_until < $1))
                   ORDER BY b.id LIMIT 1"#,
            pg_lock: " FOR UPDATE OF d SKIP LOCKED",
            r#")
               RETURNING broadcast_id AS "broadcast_id!", chat_id AS "chat_id!", attempts AS "attempts!",
                         created_at AS "created_at!""#,
            t,
            until
        ) => |r| (r.broadcast_id, r.chat_id, r.attempts, r.created_at))?;
        let Some((broadcast_id, chat_id, attempts, created_at)) = row else {
            return Ok(None);
        };
        let (html, photo_file_id) = sql!((pool self) => fetch_one, query!(
            "SELECT html, photo_file_id FROM broadcasts WHERE id = $1",
            broadcast_id
        ) => |b| (b.html, b.photo_file_id))?;
        Ok(Some(Delivery {
            broadcast_id,
            chat_id,
            attempts,
            created_at,
            html,
            photo_file_id,
        }))
    }

    /// Whether a claimed delivery should still go out (its broadcast was not stopped while it
    /// waited for its turn); a stopped one's delivery is cancelled here.
    pub async fn delivery_still_wanted(&self, d: &Delivery) -> Result<bool, StorageError> {
        let (broadcast, chat) = (d.broadcast_id, d.chat_id);
        let status = sql!((pool self) => fetch_optional, query_scalar!("SELECT status FROM broadcasts WHERE id = $1", broadcast))?;
        if status.as_deref() == Some("sending") {
            return Ok(true);
        }
        sql!((write self) => execute, query!(
            "UPDATE deliveries SET status = 'cancelled', lease_until = NULL
             WHERE broadcast_id = $1 AND chat_id = $2 AND status = 'sending' AND attempts = $3",
            broadcast,
            chat,
            d.attempts
        ))?;
        Ok(false)
    }

    /// Extends the claim on `d` by `lease_secs` from now; `false` if it is no longer this
    /// claim's (then it must not be sent).
    pub async fn renew_delivery(&self, d: &Delivery, lease_secs: i64) -> Result<bool, StorageError> {
        let until = now() + lease_secs;
        let done = sql!((write self) => execute, query!(
            "UPDATE deliveries SET lease_until = $4
             WHERE broadcast_id = $1 AND chat_id = $2 AND status = 'sending' AND attempts = $3",
            d.broadcast_id,
            d.chat_id,
            d.attempts,
            until
        ))?;
        Ok(done.rows_affected() == 1)
    }

    /// Puts a claimed delivery back, untried (the sender is stopping).
    pub async fn unclaim_delivery(&self, d: &Delivery) -> Result<(), StorageError> {
        sql!((write self) => execute, query!(
            "UPDATE deliveries SET status = 'pending', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, lease_until = NULL
             WHERE broadcast_id = $1 AND chat_id = $2 AND status = 'sending' AND attempts = $3",
            d.broadcast_id,
            d.chat_id,
            d.attempts
        ))?;
        Ok(())
    }

    /// Records how a send went.
    /// Fenced by the claim: a claim whose lease ran out (and was taken again) records nothing.
    pub async fn finish_delivery(&self, d: &Delivery, finish: &Finish) -> Result<(), StorageError> {
        let (broadcast, chat) = (d.broadcast_id, d.chat_id);
        let t = now();
        let (status, error, next) = match finish {
            Finish::Sent { .. } => ("sent", None, None),
            Finish::Retry { at, error } => ("pending", Some(error.as_str()), Some(*at)),
            Finish::Blocked { error } => ("blocked", Some(error.as_str()), None),
            Finish::Undeliverable { error } => ("failed", Some(error.as_str()), None),
            Finish::Expired => ("failed", Some("expired"), None),
        };
        let sent_at = matches!(finish, Finish::Sent { .. }).then_some(t);
        let mut tx = self.write_tx(Lock::None).await?;
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE deliveries SET status = $3, error = COALESCE($4, error),
                    next_attempt_at = COALESCE($5, next_attempt_at), sent_at = $6, lease_until = NULL
             WHERE broadcast_id = $1 AND chat_id = $2 AND status = 'sending' AND attempts = $7",
            broadcast,
            chat,
            status,
            error,
            next,
            sent_at,
            d.attempts
        ))?;
        if done.rows_affected() == 0 {
            return Ok(());
        }
        if let Finish::Blocked { .. } = finish {
            sql!((tx &mut tx) => execute, query!("UPDATE users SET blocked = TRUE WHERE id = $1", chat))?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn broadcast_progress(&self, id: i64) -> Result<Progress, StorageError> {
        let progress = sql!((pool self) => fetch_one, query_as!(
            Progress,
            r#"SELECT COUNT(*) AS "total!: i64",
                      COUNT(*) FILTER (WHERE status = 'sent') AS "sent!: i64",
                      COUNT(*) FILTER (WHERE status = 'failed') AS "failed!: i64",
                      COUNT(*) FILTER (WHERE status = 'blocked') AS "blocked!: i64",
                      COUNT(*) FILTER (WHERE status IN ('pending', 'sending')) AS "left!: i64"
               FROM deliveries WHERE broadcast_id = $1"#,
            id
        ))?;
        Ok(progress)
    }

    /// Broadcasts being sent (and stopped ones whose final report is due).
    pub async fn active_broadcasts(&self) -> Result<Vec<Active>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query_as!(
            Active,
            r#"SELECT id AS "id!", progress_chat, progress_message, status = 'stopped' AS "stopped!: bool"
               FROM broadcasts
               WHERE status = 'sending' OR (status = 'stopped' AND finished_at IS NULL) ORDER BY id"#
        ))?;
        Ok(rows)
    }

    pub async fn set_progress_message(&self, id: i64, message: i64) -> Result<(), StorageError> {
        sql!((write self) => execute, query!(
            "UPDATE broadcasts SET progress_message = $2 WHERE id = $1",
            id,
            message
        ))?;
        Ok(())
    }

    /// Marks a broadcast finished (`done`, or keeps `stopped`), with the admin's final report.
    pub async fn finish_broadcast(&self, id: i64, report: Option<&NewMessage>) -> Result<(), StorageError> {
        let t = now();
        let mut tx = self.write_tx(Lock::Broadcasts).await?;
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE broadcasts SET status = CASE WHEN status = 'sending' THEN 'done' ELSE status END, finished_at = $2
             WHERE id = $1 AND finished_at IS NULL",
            id,
            t
        ))?;
        if done.rows_affected() == 1
            && let Some(m) = report
        {
            enqueue(&mut tx, m).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The language of the admin who follows broadcast `id`.
    pub async fn lang_of_progress_chat(&self, id: i64) -> Result<Option<Lang>, StorageError> {
        let lang = sql!((pool self) => fetch_optional, query_scalar!(
            "SELECT u.lang FROM broadcasts b JOIN users u ON u.id = b.progress_chat WHERE b.id = $1",
            id
        ))?
        .flatten();
        Ok(lang.and_then(|l| l.parse().ok()))
    }

    /// The language of a user (`None`: unknown or not chosen).
    pub async fn lang_of(&self, chat: i64) -> Result<Option<Lang>, StorageError> {
        let lang =
            sql!((pool self) => fetch_optional, query_scalar!("SELECT lang FROM users WHERE id = $1", chat))?
                .flatten();
        Ok(lang.and_then(|l| l.parse().ok()))
    }

    /// Stops a broadcast: what has not gone out is cancelled. Returns whether one was stopped.
    pub async fn stop_broadcast(&self, id: Option<i64>) -> Result<Option<i64>, StorageError> {
        let mut tx = self.write_tx(Lock::Broadcasts).await?;
        let target = match id {
            Some(id) => Some(id),
            None => sql!((tx &mut tx) => fetch_optional, query_scalar!(
                r#"SELECT id AS "id!" FROM broadcasts WHERE status IN ('sending', 'scheduled') ORDER BY id DESC LIMIT 1"#
            ))?,
        };
        let Some(id) = target else { return Ok(None) };
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE broadcasts SET status = 'stopped' WHERE id = $1 AND status IN ('sending', 'scheduled')",
            id
        ))?;
        sql!((tx &mut tx) => execute, query!(
            "UPDATE deliveries SET status = 'cancelled' WHERE broadcast_id = $1 AND status = 'pending'",
            id
        ))?;
        tx.commit().await?;
        Ok((done.rows_affected() == 1).then_some(id))
    }

    pub async fn audit(&self, actor: i64, action: &str, detail: &str) -> Result<(), StorageError> {
        let t = now();
        sql!((write self) => execute, query!(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)",
            t,
            actor,
            action,
            detail
        ))?;
        Ok(())
    }

    pub async fn audit_latest(&self, limit: i64) -> Result<Vec<AuditEntry>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query_as!(
            AuditEntry,
            r#"SELECT at AS "at!", actor AS "actor!", action AS "action!", detail AS "detail!"
               FROM audit_log ORDER BY id DESC LIMIT $1"#,
            limit
        ))?;
        Ok(rows)
    }
}
