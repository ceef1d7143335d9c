//! Broadcasts and their outbox: one delivery row per recipient, written in one transaction,
//! claimed one at a time by the sender; and the audit log.

use crate::domain::Audience;

use super::{Db, StorageError, now};

/// A delivery claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub broadcast_id: i64,
    pub chat_id: i64,
    pub attempts: i64,
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
    pub status: String,
}

/// Outcome of one send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Sent,
    /// Try again at this Unix time.
    Retry {
        at: i64,
        error: String,
    },
    Failed(String),
    Blocked,
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
    /// Recipients of `audience` now.
    pub async fn audience_ids(&self, audience: &Audience) -> Result<Vec<i64>, StorageError> {
        let (lang, district) = match audience {
            Audience::All => (None, None),
            Audience::Lang { lang } => (Some(lang.code()), None),
            Audience::District { district } => (None, Some(district.id())),
            Audience::Event { event } => {
                let ids = sqlx::query_scalar!(
                    r#"SELECT u.id AS "id!" FROM rsvps r JOIN users u ON u.id = r.user_id
                       WHERE r.event_id = ?1 AND (r.going = 1 OR r.remind = 1) AND u.blocked = 0
                       ORDER BY u.id"#,
                    event
                )
                .fetch_all(&self.pool)
                .await?;
                return Ok(ids);
            }
        };
        let ids = sqlx::query_scalar!(
            r#"SELECT id AS "id!" FROM users
               WHERE subscribed = 1 AND blocked = 0
                 AND (?1 IS NULL OR COALESCE(lang, 'ru') = ?1)
                 AND (?2 IS NULL OR district = ?2)
                 AND (?2 IS NOT NULL OR district_only = 0)
               ORDER BY id"#,
            lang,
            district
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }

    /// Stores a broadcast. Sent now: its deliveries are written in the same transaction.
    /// Scheduled: deliveries are written when it starts.
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
        let mut tx = self.write_tx().await?;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO broadcasts (created_by, html, photo_file_id, audience, status, scheduled_at, created_at, progress_chat)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id AS "id!""#,
            by,
            html,
            photo,
            audience_json,
            status,
            scheduled_at,
            t,
            progress_chat
        )
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        let total = if scheduled_at.is_none() {
            self.start_broadcast(id).await?
        } else {
            0
        };
        Ok((id, total))
    }

    /// Writes the deliveries of a broadcast (audience as of now) and marks it sending; one transaction.
    pub async fn start_broadcast(&self, id: i64) -> Result<i64, StorageError> {
        let Some(audience) = sqlx::query_scalar!("SELECT audience FROM broadcasts WHERE id = ?1", id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(0);
        };
        let audience: Audience = serde_json::from_str(&audience)?;
        let ids = self.audience_ids(&audience).await?;
        let t = now();
        let total = ids.len() as i64;
        let mut tx = self.write_tx().await?;
        for chat in &ids {
            sqlx::query!(
                "INSERT OR IGNORE INTO deliveries (broadcast_id, chat_id) VALUES (?1, ?2)",
                id,
                chat
            )
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query!(
            "UPDATE broadcasts SET status = 'sending', started_at = ?2, total = ?3 WHERE id = ?1",
            id,
            t,
            total
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(total)
    }

    /// Scheduled broadcasts whose time has come.
    pub async fn due_broadcasts(&self) -> Result<Vec<i64>, StorageError> {
        let t = now();
        let ids = sqlx::query_scalar!(
            r#"SELECT id AS "id!" FROM broadcasts WHERE status = 'scheduled' AND scheduled_at <= ?1 ORDER BY id"#,
            t
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }

    /// After a crash: rows marked `sending` may or may not have gone out; send them again
    /// (at most one duplicate per row in flight at the crash).
    pub async fn requeue_in_flight(&self) -> Result<u64, StorageError> {
        let done = sqlx::query!("UPDATE deliveries SET status = 'pending' WHERE status = 'sending'")
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Claims the next due delivery of a sending broadcast, marking it `sending`.
    pub async fn claim_delivery(&self) -> Result<Option<Delivery>, StorageError> {
        let t = now();
        let row = sqlx::query!(
            r#"UPDATE deliveries SET status = 'sending', attempts = attempts + 1
               WHERE (broadcast_id, chat_id) = (
                   SELECT d.broadcast_id, d.chat_id FROM deliveries d
                   JOIN broadcasts b ON b.id = d.broadcast_id
                   WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 AND b.status = 'sending'
                   ORDER BY d.broadcast_id, d.next_attempt_at, d.chat_id LIMIT 1)
               RETURNING broadcast_id AS "broadcast_id!", chat_id AS "chat_id!", attempts AS "attempts!""#,
            t
        )
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let b = sqlx::query!(
            "SELECT html, photo_file_id FROM broadcasts WHERE id = ?1",
            row.broadcast_id
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Some(Delivery {
            broadcast_id: row.broadcast_id,
            chat_id: row.chat_id,
            attempts: row.attempts,
            html: b.html,
            photo_file_id: b.photo_file_id,
        }))
    }

    /// Records how a send went.
    pub async fn finish_delivery(
        &self,
        broadcast: i64,
        chat: i64,
        outcome: &DeliveryOutcome,
    ) -> Result<(), StorageError> {
        let t = now();
        match outcome {
            DeliveryOutcome::Sent => {
                sqlx::query!(
                    "UPDATE deliveries SET status = 'sent', sent_at = ?3 WHERE broadcast_id = ?1 AND chat_id = ?2",
                    broadcast,
                    chat,
                    t
                )
                .execute(&self.pool)
                .await?;
            }
            DeliveryOutcome::Retry { at, error } => {
                sqlx::query!(
                    "UPDATE deliveries SET status = 'pending', next_attempt_at = ?3, error = ?4
                     WHERE broadcast_id = ?1 AND chat_id = ?2 AND status = 'sending'",
                    broadcast,
                    chat,
                    at,
                    error
                )
                .execute(&self.pool)
                .await?;
            }
            DeliveryOutcome::Failed(error) => {
                sqlx::query!(
                    "UPDATE deliveries SET status = 'failed', error = ?3 WHERE broadcast_id = ?1 AND chat_id = ?2",
                    broadcast,
                    chat,
                    error
                )
                .execute(&self.pool)
                .await?;
            }
            DeliveryOutcome::Blocked => {
                let mut tx = self.write_tx().await?;
                sqlx::query!(
                    "UPDATE deliveries SET status = 'blocked' WHERE broadcast_id = ?1 AND chat_id = ?2",
                    broadcast,
                    chat
                )
                .execute(&mut *tx)
                .await?;
                sqlx::query!("UPDATE users SET blocked = 1 WHERE id = ?1", chat)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    pub async fn broadcast_progress(&self, id: i64) -> Result<Progress, StorageError> {
        let row = sqlx::query!(
            r#"SELECT COUNT(*) AS "total!: i64",
                      COALESCE(SUM(status = 'sent'), 0) AS "sent!: i64",
                      COALESCE(SUM(status = 'failed'), 0) AS "failed!: i64",
                      COALESCE(SUM(status = 'blocked'), 0) AS "blocked!: i64",
                      COALESCE(SUM(status IN ('pending', 'sending')), 0) AS "left!: i64"
               FROM deliveries WHERE broadcast_id = ?1"#,
            id
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Progress {
            total: row.total,
            sent: row.sent,
            failed: row.failed,
            blocked: row.blocked,
            left: row.left,
        })
    }

    /// Broadcasts being sent (and stopped ones whose final report is due).
    pub async fn active_broadcasts(&self) -> Result<Vec<Active>, StorageError> {
        let rows = sqlx::query_as!(
            Active,
            r#"SELECT id AS "id!", progress_chat, progress_message, status FROM broadcasts
               WHERE status = 'sending' OR (status = 'stopped' AND finished_at IS NULL) ORDER BY id"#
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }

    pub async fn set_progress_message(&self, id: i64, message: i64) -> Result<(), StorageError> {
        sqlx::query!(
            "UPDATE broadcasts SET progress_message = ?2 WHERE id = ?1",
            id,
            message
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks a broadcast finished (`done`, or keeps `stopped`).
    pub async fn finish_broadcast(&self, id: i64) -> Result<(), StorageError> {
        let t = now();
        sqlx::query!(
            "UPDATE broadcasts SET status = CASE WHEN status = 'sending' THEN 'done' ELSE status END, finished_at = ?2
             WHERE id = ?1",
            id,
            t
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stops a broadcast: what has not gone out is cancelled. Returns whether one was stopped.
    pub async fn stop_broadcast(&self, id: Option<i64>) -> Result<Option<i64>, StorageError> {
        let mut tx = self.write_tx().await?;
        let target = match id {
            Some(id) => Some(id),
            None => sqlx::query_scalar!(
                r#"SELECT id AS "id!" FROM broadcasts WHERE status IN ('sending', 'scheduled') ORDER BY id DESC LIMIT 1"#
            )
            .fetch_optional(&mut *tx)
            .await?,
        };
        let Some(id) = target else { return Ok(None) };
        let done = sqlx::query!(
            "UPDATE broadcasts SET status = 'stopped' WHERE id = ?1 AND status IN ('sending', 'scheduled')",
            id
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "UPDATE deliveries SET status = 'cancelled' WHERE broadcast_id = ?1 AND status = 'pending'",
            id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((done.rows_affected() == 1).then_some(id))
    }

    pub async fn audit(&self, actor: i64, action: &str, detail: &str) -> Result<(), StorageError> {
        let t = now();
        sqlx::query!(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)",
            t,
            actor,
            action,
            detail
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn audit_latest(&self, limit: i64) -> Result<Vec<AuditEntry>, StorageError> {
        let rows = sqlx::query_as!(
            AuditEntry,
            r#"SELECT at AS "at!", actor AS "actor!", action AS "action!", detail AS "detail!"
               FROM audit_log ORDER BY id DESC LIMIT ?1"#,
            limit
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }
}
