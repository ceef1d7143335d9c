//! The outbox: messages the bot sends on its own initiative, written in the transaction that
//! causes them and claimed one at a time under a lease by the sender.
//!
//! Broadcast deliveries live in their own table (`broadcasts.rs`) but end the same way, through
//! [`Finish`].

use super::{Db, Lock, StorageError, Tx, now, sql};
use crate::domain::Lang;

/// What a message is; decides its priority and what its outcome changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxKind {
    /// A volunteer's answer to a resident (updates the question's delivery state).
    Answer,
    /// A resident told their question was not taken up.
    Rejection,
    /// Admins told a question was passed to them.
    Escalation,
    /// Someone signed up for an event told it moved or was cancelled.
    Notice,
    /// An event reminder (expires when the event starts).
    Reminder,
    /// A new question posted to the volunteer group (records the post's message id).
    GroupPost,
    /// An edit of a group post (the question was passed on or answered).
    GroupEdit,
    /// A note to one person: delivery and broadcast reports to staff, and a reply (a receipt, a
    /// preview, a card) whose direct send met a 429 or a 5xx.
    StaffNote,
}

impl OutboxKind {
    pub const ALL: [Self; 8] = [
        Self::Answer,
        Self::Rejection,
        Self::Escalation,
        Self::Notice,
        Self::Reminder,
        Self::GroupPost,
        Self::GroupEdit,
        Self::StaffNote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answer => "answer",
            Self::Rejection => "rejection",
            Self::Escalation => "escalation",
            Self::Notice => "notice",
            Self::Reminder => "reminder",
            Self::GroupPost => "group_post",
            Self::GroupEdit => "group_edit",
            Self::StaffNote => "staff_note",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Bulk kinds share the broadcast rate; the others are replies a person waits for.
    pub fn is_bulk(self) -> bool {
        matches!(self, Self::Notice | Self::Reminder)
    }
}

/// A message to write to the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub kind: OutboxKind,
    pub chat_id: i64,
    pub text: String,
    /// JSON of the inline keyboard.
    pub markup: Option<String>,
    pub edit_message_id: Option<i32>,
    pub question_id: Option<i64>,
    pub event_id: Option<i64>,
    /// Unix time after which the message no longer makes sense (dropped, counted as expired).
    pub expires_at: i64,
}

/// How long a message is retried unless it says otherwise.
pub const RETRY_FOR_SECS: i64 = 24 * 3600;

impl NewMessage {
    /// A message of `kind` to `chat`, retried for a day.
    pub fn new(kind: OutboxKind, chat_id: i64, text: String) -> Self {
        Self {
            kind,
            chat_id,
            text,
            markup: None,
            edit_message_id: None,
            question_id: None,
            event_id: None,
            expires_at: now() + RETRY_FOR_SECS,
        }
    }

    pub fn markup(mut self, json: Option<String>) -> Self {
        self.markup = json;
        self
    }

    pub fn question(mut self, id: i64) -> Self {
        self.question_id = Some(id);
        self
    }

    pub fn event(mut self, id: i64) -> Self {
        self.event_id = Some(id);
        self
    }

    pub fn edit(mut self, message_id: i32) -> Self {
        self.edit_message_id = Some(message_id);
        self
    }

    pub fn expires_at(mut self, at: i64) -> Self {
        self.expires_at = at;
        self
    }
}

/// A message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: OutboxKind,
    pub chat_id: i64,
    pub text: String,
    pub markup: Option<String>,
    pub edit_message_id: Option<i32>,
    pub question_id: Option<i64>,
    pub attempts: i64,
    pub expires_at: i64,
    pub created_at: i64,
}

/// How one send attempt ended, for an outbox row or a broadcast delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// Telegram took it (with the message id, when a message was sent).
    Sent { message_id: Option<i32> },
    /// Try again at this Unix time.
    Retry { at: i64, error: String },
    /// The chat cannot receive messages from the bot (blocked, deactivated, not found, kicked).
    Blocked { error: String },
    /// Given up: kept for admins, who can retry or discard it.
    Undeliverable { error: String },
    /// No longer makes sense (its time passed): dropped and counted.
    Expired,
}

/// Where an outbox message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    Waiting,
    Sent,
    Blocked,
    Undeliverable,
    Expired,
    Discarded,
}

impl OutboxState {
    fn parse(s: &str) -> Self {
        match s {
            "sent" => Self::Sent,
            "blocked" => Self::Blocked,
            "undeliverable" => Self::Undeliverable,
            "expired" => Self::Expired,
            "discarded" => Self::Discarded,
            _ => Self::Waiting,
        }
    }

    pub fn is_final(self) -> bool {
        self != Self::Waiting
    }
}

/// The lanes messages wait in (see `delivery`): each claims only its own rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// To one person: answers, receipts, rejections, notes to volunteers and admins.
    Reply,
    /// To a group chat (the volunteer group's posts and edits): paced per chat.
    Group,
    /// One of many: broadcasts, reminders, event notices.
    Bulk,
}

impl Lane {
    /// The lane's number in SQL: `CASE WHEN kind IN ('notice', 'reminder') THEN 2 WHEN chat_id < 0 THEN 1 ELSE 0 END`.
    fn code(self) -> i32 {
        match self {
            Self::Reply => 0,
            Self::Group => 1,
            Self::Bulk => 2,
        }
    }
}

/// Writes `m` to the outbox inside `tx`; returns its id.
pub(crate) async fn enqueue(tx: &mut Tx, m: &NewMessage) -> Result<i64, StorageError> {
    let t = now();
    let kind = m.kind.as_str();
    let edit_message_id = m.edit_message_id.map(i64::from);
    let id = sql!((tx &mut *tx) => fetch_one, query_scalar!(
        r#"INSERT INTO outbox (kind, chat_id, text, markup, edit_message_id, question_id, event_id,
                               next_attempt_at, expires_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) RETURNING id AS "id!""#,
        kind,
        m.chat_id,
        m.text,
        m.markup,
        edit_message_id,
        m.question_id,
        m.event_id,
        t,
        m.expires_at
    ))?;
    Ok(id)
}

struct RawRow {
    id: i64,
    kind: String,
    chat_id: i64,
    text: String,
    markup: Option<String>,
    edit_message_id: Option<i64>,
    question_id: Option<i64>,
    attempts: i64,
    expires_at: i64,
    created_at: i64,
}

impl Db {
    /// Writes one message to the outbox in its own transaction.
    pub async fn enqueue(&self, m: &NewMessage) -> Result<i64, StorageError> {
        let mut tx = self.write_tx(Lock::None).await?;
        let id = enqueue(&mut tx, m).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Whether any outbox row or broadcast delivery is due now: a read, so an idle sender does
    /// not take the write lock every time it looks.
    pub async fn anything_due(&self) -> Result<bool, StorageError> {
        let t = now();
        let due = sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT (EXISTS (SELECT 1 FROM outbox
                               WHERE (status = 'pending' AND next_attempt_at <= $1)
                                  OR (status = 'sending' AND lease_until < $1))
                    OR EXISTS (SELECT 1 FROM broadcasts b JOIN deliveries d ON d.broadcast_id = b.id
                               WHERE b.status = 'sending'
                                 AND ((d.status = 'pending' AND d.next_attempt_at <= $1)
                                      OR (d.status = 'sending' AND d.lease_until < $1)))) AS "due!: bool""#,
            t
        ))?;
        Ok(due)
    }

    /// Claims the oldest due message of `lane` under a lease of `lease_secs`, skipping chats
    /// that have a message in flight (so a claimed row waits at most one turn of its chat, and
    /// a chat's messages go out in order). The claim's `attempts` fences everything after it.
    pub async fn claim_outbox(&self, lane: Lane, lease_secs: i64) -> Result<Option<OutboxRow>, StorageError> {
        let t = now();
        let until = t + lease_secs;
        let lane = lane.code();
        let row = sql!((write self) => fetch_optional, query_as!(
            RawRow,
            r#"UPDATE outbox SET status = 'sending', attempts = attempts + 1, lease_until = $2
               WHERE id = (
                   SELECT o.id FROM outbox o
                   WHERE ((o.status = 'pending' AND o.next_attempt_at <= $1)
                          OR (o.status = 'sending' AND o.lease_until < $1))
                     AND (CASE WHEN o.kind IN ('notice', 'reminder') THEN 2 WHEN o.chat_id < 0 THEN 1 ELSE 0 END) = $3
                     AND NOT EXISTS (SELECT 1 FROM outbox f
                                     WHERE f.chat_id = o.chat_id AND f.status = 'sending'
                                       AND f.lease_until >= $1 AND f.id <> o.id)
                   ORDER BY o.next_attempt_at, o.id LIMIT 1"#,
            pg_lock: " FOR UPDATE SKIP LOCKED",
            r#")
               RETURNING id AS "id!", kind, chat_id, text, markup, edit_message_id, question_id,
                         attempts, expires_at, created_at"#,
            t,
            until,
            lane
        ))?;
        Ok(row.and_then(|r| {
            let Some(kind) = OutboxKind::parse(&r.kind) else {
                log::error!("atazan::storage: outbox row {} has unknown kind {}", r.id, r.kind);
                return None;
            };
            Some(OutboxRow {
                id: r.id,
                kind,
                chat_id: r.chat_id,
                text: r.text,
                markup: r.markup,
                edit_message_id: r.edit_message_id.and_then(|m| i32::try_from(m).ok()),
                question_id: r.question_id,
                attempts: r.attempts,
                expires_at: r.expires_at,
                created_at: r.created_at,
            })
        }))
    }

    /// Records how sending `row` went, with what follows from it, in one transaction: the
    /// question's delivery state, the group post's id, a blocked chat, and a note to whoever
    /// waits to hear (`report`, given the final state, renders it).
    pub async fn finish_outbox(
        &self,
        row: &OutboxRow,
        finish: &Finish,
        report: impl FnOnce(i64, Lang, OutboxState) -> Option<NewMessage>,
    ) -> Result<OutboxState, StorageError> {
        let t = now();
        let mut tx = self.write_tx(Lock::None).await?;
        let (status, error, next, message_id) = match finish {
            Finish::Sent { message_id } => ("sent", None, None, *message_id),
            Finish::Retry { at, error } => ("pending", Some(error.as_str()), Some(*at), None),
            Finish::Blocked { error } => ("blocked", Some(error.as_str()), None, None),
            Finish::Undeliverable { error } => ("undeliverable", Some(error.as_str()), None, None),
            Finish::Expired => ("expired", None, None, None),
        };
        let finished_at = next.is_none().then_some(t);
        let message_id = message_id.map(i64::from);
        let report_to = sql!((tx &mut tx) => fetch_optional, query_scalar!(
            "UPDATE outbox SET status = $2, last_error = COALESCE($3, last_error),
                    next_attempt_at = COALESCE($4, next_attempt_at), message_id = $5,
                    finished_at = $6, lease_until = NULL
             WHERE id = $1 AND status = 'sending' AND attempts = $7 RETURNING report_to",
            row.id,
            status,
            error,
            next,
            message_id,
            finished_at,
            row.attempts
        ))?;
        let Some(report_to) = report_to else {
            // Discarded, or claimed again after this claim's lease ran out: the newer claim
            // records its own outcome.
            return Ok(OutboxState::Discarded);
        };
        let state = OutboxState::parse(status);
        if let Finish::Blocked { .. } = finish {
            sql!((tx &mut tx) => execute, query!("UPDATE users SET blocked = TRUE WHERE id = $1", row.chat_id))?;
        }
        if let (OutboxKind::Answer, Some(q)) = (row.kind, row.question_id)
            && state.is_final()
        {
            let delivery = if state == OutboxState::Sent {
                "delivered"
            } else {
                "undeliverable"
            };
            sql!((tx &mut tx) => execute, query!("UPDATE questions SET delivery = $2 WHERE id = $1", q, delivery))?;
        }
        if let (OutboxKind::GroupPost, Some(q), Some(m)) = (row.kind, row.question_id, message_id) {
            sql!((tx &mut tx) => execute, query!("UPDATE questions SET group_message_id = $2 WHERE id = $1", q, m))?;
        }
        if state.is_final()
            && let Some(to) = report_to
        {
            let lang = sql!((tx &mut tx) => fetch_optional, query_scalar!("SELECT lang FROM users WHERE id = $1", to))?
                .flatten()
                .and_then(|l| l.parse().ok())
                .unwrap_or(Lang::Ru);
            if let Some(note) = report(to, lang, state) {
                enqueue(&mut tx, &note).await?;
            }
        }
        tx.commit().await?;
        Ok(state)
    }

    /// Puts a claimed message back, untried (the sender is stopping).
    pub async fn unclaim_outbox(&self, row: &OutboxRow) -> Result<(), StorageError> {
        sql!((write self) => execute, query!(
            "UPDATE outbox SET status = 'pending', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, lease_until = NULL
             WHERE id = $1 AND status = 'sending' AND attempts = $2",
            row.id,
            row.attempts
        ))?;
        Ok(())
    }

    /// Extends the claim on `row` by `lease_secs` from now; `false` if it is no longer this
    /// claim's (its lease ran out and another took it, or it was discarded): then it must not
    /// be sent.
    pub async fn renew_outbox(&self, row: &OutboxRow, lease_secs: i64) -> Result<bool, StorageError> {
        let until = now() + lease_secs;
        let done = sql!((write self) => execute, query!(
            "UPDATE outbox SET lease_until = $3 WHERE id = $1 AND status = 'sending' AND attempts = $2",
            row.id,
            row.attempts,
            until
        ))?;
        Ok(done.rows_affected() == 1)
    }

    /// The state of outbox message `id`; `None` if there is no such row.
    pub async fn outbox_state(&self, id: i64) -> Result<Option<OutboxState>, StorageError> {
        let s = sql!((pool self) => fetch_optional, query_scalar!("SELECT status FROM outbox WHERE id = $1", id))?;
        Ok(s.as_deref().map(OutboxState::parse))
    }

    /// Asks to tell `chat` how message `id` ends. Returns `false` when it has ended already
    /// (then the caller reads [`Db::outbox_state`] and tells them itself).
    pub async fn report_outcome_to(&self, id: i64, chat: i64) -> Result<bool, StorageError> {
        let done = sql!((write self) => execute, query!(
            "UPDATE outbox SET report_to = $2 WHERE id = $1 AND status IN ('pending', 'sending')",
            id,
            chat
        ))?;
        Ok(done.rows_affected() == 1)
    }

    /// Messages dropped because their time passed (reminders after their event began).
    pub async fn expired_count(&self) -> Result<i64, StorageError> {
        let n = sql!((pool self) => fetch_one, query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM outbox WHERE status = 'expired'"#))?;
        Ok(n)
    }

    /// Messages given up (outbox and broadcast deliveries), for `/stats`.
    pub async fn undeliverable_count(&self) -> Result<i64, StorageError> {
        let n = sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'undeliverable')
                    + (SELECT COUNT(*) FROM deliveries WHERE status = 'failed') AS "n!: i64""#
        ))?;
        Ok(n)
    }

    /// An admin's "retry": every message given up is tried again (for another day).
    pub async fn retry_undeliverable(&self) -> Result<u64, StorageError> {
        let t = now();
        let until = t + RETRY_FOR_SECS;
        let mut tx = self.write_tx(Lock::None).await?;
        let a = sql!((tx &mut tx) => execute, query!(
            "UPDATE outbox SET status = 'pending', next_attempt_at = $1, expires_at = CASE WHEN expires_at > $2 THEN expires_at ELSE $2 END,
                    attempts = 0, created_at = $1, finished_at = NULL
             WHERE status = 'undeliverable'",
            t,
            until
        ))?;
        let b = sql!((tx &mut tx) => execute, query!(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = $1, attempts = 0, created_at = $1
             WHERE status = 'failed'",
            t
        ))?;
        sql!((tx &mut tx) => execute, query!(
            "UPDATE broadcasts SET status = 'sending', finished_at = NULL
             WHERE status = 'done' AND id IN (SELECT broadcast_id FROM deliveries WHERE status = 'pending')"
        ))?;
        tx.commit().await?;
        Ok(a.rows_affected() + b.rows_affected())
    }

    /// An admin's "discard": messages given up are dropped for good (kept as `discarded`).
    pub async fn discard_undeliverable(&self) -> Result<u64, StorageError> {
        let t = now();
        let mut tx = self.write_tx(Lock::None).await?;
        let a = sql!((tx &mut tx) => execute, query!(
            "UPDATE outbox SET status = 'discarded', finished_at = $1 WHERE status = 'undeliverable'",
            t
        ))?;
        let b = sql!((tx &mut tx) => execute, query!("UPDATE deliveries SET status = 'cancelled' WHERE status = 'failed'"))?;
        tx.commit().await?;
        Ok(a.rows_affected() + b.rows_affected())
    }

    /// Where the latest delivery of the answer to `question` stands.
    pub async fn answer_state(&self, question: i64) -> Result<Option<OutboxState>, StorageError> {
        let s = sql!((pool self) => fetch_optional, query_scalar!(
            "SELECT status FROM outbox WHERE kind = 'answer' AND question_id = $1 ORDER BY id DESC LIMIT 1",
            question
        ))?;
        Ok(s.as_deref().map(OutboxState::parse))
    }
}
