//! The inbox: updates stored as they arrive (webhook mode), handed out one per chat at a time
//! in `update_id` order, whichever instance received them; and the instances themselves, which
//! announce themselves so that together they keep to Telegram's per-bot limits.

use super::{Db, StorageError, now, sql};

/// An update that arrived while its predecessor (`update_id - 1`) is missing waits this long
/// for it: the predecessor may be for the same chat and still on its way to another instance.
pub const GAP_WAIT_SECS: i64 = 2;

/// An instance silent for this long is gone (its share of the rate goes to the others).
pub const INSTANCE_SILENT_SECS: i64 = 15;

/// An update handed out for handling.
#[derive(Debug, Clone)]
pub struct InboxUpdate {
    pub update_id: i64,
    pub payload: String,
}

impl Db {
    /// Stores an update as it arrives; `false` if it was stored before (Telegram resends
    /// updates it did not hear a 200 for).
    pub async fn inbox_put(
        &self,
        update_id: i64,
        chat_id: Option<i64>,
        payload: &str,
    ) -> Result<bool, StorageError> {
        let t = now();
        let done = sql!((write self) => execute, query!(
            "INSERT INTO inbox (update_id, chat_id, payload, received_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            update_id,
            chat_id,
            payload,
            t
        ))?;
        Ok(done.rows_affected() == 1)
    }

    /// Takes up to `limit` updates that may be handled now: per chat the oldest not done, if
    /// none of that chat is being handled, and if the update before it has arrived (or waited
    /// [`GAP_WAIT_SECS`]). An update whose instance died mid-handling is taken again after its
    /// lease. On PostgreSQL concurrent takers skip each other's rows.
    /// The lease (`lease_secs`) is renewed while the update is handled ([`Db::inbox_renew`]).
    pub async fn inbox_take(&self, limit: i64, lease_secs: i64) -> Result<Vec<InboxUpdate>, StorageError> {
        let t = now();
        let until = t + lease_secs;
        let settled = t - GAP_WAIT_SECS;
        let rows = sql!((write self) => fetch_all, query_as!(
            InboxUpdate,
            r#"UPDATE inbox SET status = 'handling', lease_until = $2
               WHERE update_id IN (
                   SELECT i.update_id FROM inbox i
                   WHERE (i.status = 'waiting' OR (i.status = 'handling' AND i.lease_until < $1))
                     AND NOT EXISTS (SELECT 1 FROM inbox e
                                     WHERE e.chat_id = i.chat_id AND e.update_id < i.update_id AND e.status <> 'done')
                     AND (i.received_at <= $3
                          OR EXISTS (SELECT 1 FROM inbox p WHERE p.update_id = i.update_id - 1)
                          OR NOT EXISTS (SELECT 1 FROM inbox q WHERE q.update_id < i.update_id))
                   ORDER BY i.update_id LIMIT $4"#,
            pg_lock: " FOR UPDATE SKIP LOCKED",
            r#")
               RETURNING update_id AS "update_id!", payload AS "payload!""#,
            t,
            until,
            settled,
            limit
        ))?;
        let mut rows = rows;
        rows.sort_by_key(|r| r.update_id);
        Ok(rows)
    }

    /// Extends the handling lease of `update_id` by `lease_secs` from now; `false` if it is not
    /// being handled (any more).
    pub async fn inbox_renew(&self, update_id: i64, lease_secs: i64) -> Result<bool, StorageError> {
        let until = now() + lease_secs;
        let done = sql!((write self) => execute, query!(
            "UPDATE inbox SET lease_until = $2 WHERE update_id = $1 AND status = 'handling'",
            update_id,
            until
        ))?;
        Ok(done.rows_affected() == 1)
    }

    /// Records that an update was handled: the chat's next one may go.
    pub async fn inbox_done(&self, update_id: i64) -> Result<(), StorageError> {
        let t = now();
        sql!((write self) => execute, query!(
            "UPDATE inbox SET status = 'done', done_at = $2, lease_until = NULL WHERE update_id = $1",
            update_id,
            t
        ))?;
        Ok(())
    }

    /// Forgets handled updates older than `before` (they hold message texts), keeping the
    /// newest one, which tells the next update that nothing is missing before it.
    pub async fn inbox_prune(&self, before: i64) -> Result<u64, StorageError> {
        let done = sql!((write self) => execute, query!(
            "DELETE FROM inbox WHERE status = 'done' AND done_at < $1
               AND update_id < (SELECT MAX(update_id) FROM inbox)",
            before
        ))?;
        Ok(done.rows_affected())
    }

    /// Announces this instance (at start and then as a heartbeat); returns how many instances
    /// are alive, this one included.
    pub async fn instance_heartbeat(&self, id: &str, started_at: i64) -> Result<i64, StorageError> {
        let t = now();
        sql!((write self) => execute, query!(
            "INSERT INTO instances (id, started_at, seen_at) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
            id,
            started_at,
            t
        ))?;
        let since = t - INSTANCE_SILENT_SECS;
        let long_gone = since - 3600;
        sql!((write self) => execute, query!("DELETE FROM instances WHERE seen_at < $1", long_gone))?;
        let alive = sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM instances WHERE seen_at >= $1"#,
            since
        ))?;
        Ok(alive.max(1))
    }

    /// This instance stops: its share of the rate goes to the others at once.
    pub async fn instance_gone(&self, id: &str) -> Result<(), StorageError> {
        sql!((write self) => execute, query!("DELETE FROM instances WHERE id = $1", id))?;
        Ok(())
    }

    /// What instances follow from each other: the live pack version (0: none published) and
    /// a fingerprint of the FAQ (its newest id and size).
    pub async fn shared_state(&self) -> Result<(i64, (i64, i64)), StorageError> {
        let row = sql!((pool self) => fetch_one, query!(
            r#"SELECT (SELECT COALESCE(MAX(id), 0) FROM pack_versions) AS "pack!: i64",
                      (SELECT COALESCE(MAX(id), 0) FROM faq) AS "faq_max!: i64",
                      (SELECT COUNT(*) FROM faq) AS "faq_count!: i64""#
        ) => |r| (r.pack, (r.faq_max, r.faq_count)))?;
        Ok(row)
    }

    /// Takes the next turn to send to `chat` among all instances (turns `gap_ms` apart, on the
    /// database's clock, so instances' clocks need not agree); returns how many milliseconds to
    /// wait for it. SQLite: one instance, whose limiter keeps the turns; always 0.
    pub async fn reserve_chat_slot(&self, chat: i64, gap_ms: i64) -> Result<i64, StorageError> {
        match &self.backend {
            #[cfg(feature = "sqlite")]
            super::Backend::Sqlite(_) => {
                let _ = (chat, gap_ms);
                Ok(0)
            }
            #[cfg(feature = "postgres")]
            super::Backend::Postgres(pool) => Ok(sqlx::query_scalar!(
                r#"WITH clock AS (SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) AS t)
                   INSERT INTO chat_slots (chat_id, next_ms) SELECT $1, t + $2 FROM clock
                   ON CONFLICT (chat_id) DO UPDATE SET next_ms = GREATEST(chat_slots.next_ms + $2, excluded.next_ms)
                   RETURNING next_ms - $2 - (SELECT t FROM clock) AS "wait_ms!""#,
                chat,
                gap_ms
            )
            .fetch_one(pool)
            .await?),
        }
    }

    /// Forgets turns long past.
    pub async fn prune_chat_slots(&self) -> Result<(), StorageError> {
        let before = (now() - 3600) * 1000;
        sql!((write self) => execute, query!("DELETE FROM chat_slots WHERE next_ms < $1", before))?;
        Ok(())
    }
}
