//! Questions: intake (idempotent), the volunteer queue with leases, answers, ratings, the FAQ,
//! volunteer invites, and export.

use crate::domain::{
    AnswerDelivery, AnswerText, District, Grant, Lang, Media, MediaKind, QuestionStatus, QuestionText,
    RejectReason, Theme,
};

use super::{
    Db, Lock, StorageError, now,
    outbox::{NewMessage, enqueue},
    sql,
};

/// A question as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub chat_id: Option<i64>,
    pub lang: Lang,
    pub item_id: Option<String>,
    pub follow_up_of: Option<i64>,
    pub body: String,
    pub media_kind: Option<MediaKind>,
    pub media_file_id: Option<String>,
    pub status: QuestionStatus,
    pub claimed_by: Option<i64>,
    pub lease_until: Option<i64>,
    pub answer: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_at: Option<i64>,
    pub delivery: Option<AnswerDelivery>,
    pub reject_reason: Option<RejectReason>,
    pub rating: Option<i64>,
    pub created_at: i64,
    /// Passed to coordinators: only admins may take it.
    pub escalated: bool,
    /// Its post in the volunteer group.
    pub group_message_id: Option<i32>,
    /// What it is about: suggested when asked, confirmed or changed by the volunteer.
    pub theme: Option<Theme>,
    /// The asker's district when they asked (if they had set one).
    pub district: Option<District>,
}

struct RawQuestion {
    id: i64,
    user_id: Option<i64>,
    chat_id: Option<i64>,
    lang: String,
    item_id: Option<String>,
    follow_up_of: Option<i64>,
    body: String,
    media_kind: Option<String>,
    media_file_id: Option<String>,
    status: String,
    claimed_by: Option<i64>,
    lease_until: Option<i64>,
    answer: Option<String>,
    answered_by: Option<i64>,
    answered_at: Option<i64>,
    delivery: Option<String>,
    reject_reason: Option<String>,
    rating: Option<i64>,
    created_at: i64,
    escalated_at: Option<i64>,
    group_message_id: Option<i64>,
    theme: Option<String>,
    district: Option<String>,
}

/// A stored value that should be one of a vocabulary; a corrupt one is logged, not hidden.
fn parsed<T: std::str::FromStr>(id: i64, what: &str, value: &str) -> Option<T> {
    let parsed = value.parse().ok();
    if parsed.is_none() {
        log::error!("atazan::storage: question {id} has an unknown {what} `{value}`");
    }
    parsed
}

impl From<RawQuestion> for QuestionRow {
    fn from(r: RawQuestion) -> Self {
        let id = r.id;
        Self {
            id,
            user_id: r.user_id,
            chat_id: r.chat_id,
            lang: parsed(id, "language", &r.lang).unwrap_or(Lang::Ru),
            item_id: r.item_id,
            follow_up_of: r.follow_up_of,
            body: r.body,
            media_kind: r.media_kind.as_deref().and_then(|k| parsed(id, "media kind", k)),
            media_file_id: r.media_file_id,
            status: parsed(id, "status", &r.status).unwrap_or(QuestionStatus::Waiting),
            claimed_by: r.claimed_by,
            lease_until: r.lease_until,
            answer: r.answer,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
            delivery: r.delivery.as_deref().and_then(|d| parsed(id, "delivery", d)),
            reject_reason: r
                .reject_reason
                .as_deref()
                .and_then(|x| parsed(id, "reject reason", x)),
            rating: r.rating,
            created_at: r.created_at,
            escalated: r.escalated_at.is_some(),
            group_message_id: r.group_message_id.and_then(|m| i32::try_from(m).ok()),
            theme: r.theme.as_deref().and_then(|x| parsed(id, "theme", x)),
            district: r.district.as_deref().and_then(|x| parsed(id, "district", x)),
        }
    }
}

/// A question about to be stored.
#[derive(Debug, Clone)]
pub struct NewQuestion<'a> {
    pub user_id: i64,
    pub chat_id: i64,
    pub source_message_id: i32,
    pub lang: Lang,
    pub item_id: Option<&'a str>,
    pub follow_up_of: Option<i64>,
    /// Suggested from what it is about (the explanation, or the best search match).
    pub theme: Option<Theme>,
    pub text: Option<&'a QuestionText>,
    /// A voice message, a photo, or an album's photos.
    pub media: &'a [Media],
}

/// A published FAQ entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqRow {
    pub id: i64,
    pub lang: String,
    pub question: String,
    pub answer: String,
}

/// The queue as a volunteer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueStats {
    pub waiting: i64,
    pub waiting_ru: i64,
    pub waiting_kk: i64,
    pub escalated: i64,
    pub oldest_at: Option<i64>,
}

/// What recording an answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerRecorded {
    /// Stored; its delivery is this outbox row (none: the resident cannot get it).
    Recorded { outbox: Option<i64> },
    /// The volunteer no longer holds the question.
    ClaimLost,
}

/// What opening a volunteer invite did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteOutcome {
    Granted,
    Expired,
    AlreadyUsed,
    Unknown,
}

/// Questions a duplicate check looks back over (a resend of the same text).
const DUPLICATE_WINDOW_SECS: i64 = 600;

/// How many questions one resident may have open, and ask in 24 hours.
#[derive(Debug, Clone, Copy)]
pub struct QuestionLimits {
    pub open: i64,
    pub per_day: i64,
}

/// How [`Db::submit_question`] went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// Stored under this number.
    Created(i64),
    /// Stored before (a double tap, a redelivery, the same text again): its number.
    Duplicate(i64),
    /// Not stored: the resident has too many open questions, or asked too many today.
    OverLimit,
}

impl Db {
    pub async fn has_consent(&self, user_id: i64) -> Result<bool, StorageError> {
        let at = sql!((pool self) => fetch_optional, query_scalar!("SELECT question_consent_at FROM users WHERE id = $1", user_id))?;
        Ok(matches!(at, Some(Some(_))))
    }

    pub async fn give_consent(&self, user_id: i64) -> Result<(), StorageError> {
        let t = now();
        sql!((write self) => execute, query!(
            "UPDATE users SET question_consent_at = $2 WHERE id = $1",
            user_id,
            t
        ))?;
        Ok(())
    }

    /// Stores a question, once: the same message (double tap, redelivery) or the same text
    /// resent within minutes gives back the number already issued. Returns (number, created).
    /// When this returns, the row is committed, with its post to the volunteer group
    /// (`group_post`, given the number) when there is one.
    pub async fn insert_question(
        &self,
        q: &NewQuestion<'_>,
        group_post: impl FnOnce(i64) -> Option<NewMessage>,
    ) -> Result<(i64, bool), StorageError> {
        match self.submit_question(q, None, false, group_post).await? {
            Submitted::Created(id) => Ok((id, true)),
            Submitted::Duplicate(id) => Ok((id, false)),
            Submitted::OverLimit => unreachable!("no limits were given"),
        }
    }

    /// Stores a question as [`Db::insert_question`] does, in one statement that also keeps
    /// `limits` (open questions, questions in 24 hours) when given, and, when `end_dialogue`,
    /// ends the asker's dialogue in the same transaction (the ask flow is over, whatever the
    /// outcome).
    pub async fn submit_question(
        &self,
        q: &NewQuestion<'_>,
        limits: Option<QuestionLimits>,
        end_dialogue: bool,
        group_post: impl FnOnce(i64) -> Option<NewMessage>,
    ) -> Result<Submitted, StorageError> {
        let mut tx = self.write_tx(Lock::User(q.user_id)).await?;
        let t = now();
        let body = q.text.map_or("", QuestionText::as_str);
        let duplicates_since = t - DUPLICATE_WINDOW_SECS;
        let day_ago = t - 86_400;
        let source_message_id = i64::from(q.source_message_id);
        let lang = q.lang.code();
        let media_kind = q.media.first().map(|m| m.kind.as_str());
        let media_file = q.media.first().map(|m| m.file_id.as_str());
        let theme = q.theme.map(Theme::id);
        let limits = limits.unwrap_or(QuestionLimits {
            open: i64::MAX,
            per_day: i64::MAX,
        });
        let id = sql!((tx &mut tx) => fetch_optional, query_scalar!(
            r#"INSERT INTO questions (user_id, chat_id, source_message_id, lang, item_id, follow_up_of,
                                      body, media_kind, media_file_id, created_at, theme, district)
               SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS TEXT),
                      CAST($5 AS TEXT), CAST($6 AS BIGINT), CAST($7 AS TEXT), CAST($8 AS TEXT),
                      CAST($9 AS TEXT), CAST($10 AS BIGINT), CAST($15 AS TEXT),
                      (SELECT u.district FROM users u WHERE u.id = $1)
               WHERE NOT EXISTS (SELECT 1 FROM questions d
                                 WHERE (d.chat_id = $2 AND d.source_message_id = $3)
                                    OR (d.user_id = $1 AND d.body = $7 AND d.body != '' AND d.created_at >= $11
                                        AND d.status IN ('waiting', 'claimed', 'escalated')))
                 AND (SELECT COUNT(*) FROM questions o
                      WHERE o.user_id = $1 AND o.status IN ('waiting', 'claimed', 'escalated')) < $12
                 AND (SELECT COUNT(*) FROM questions o WHERE o.user_id = $1 AND o.created_at >= $13) < $14
               RETURNING id AS "id!""#,
            q.user_id,
            q.chat_id,
            source_message_id,
            lang,
            q.item_id,
            q.follow_up_of,
            body,
            media_kind,
            media_file,
            t,
            duplicates_since,
            limits.open,
            day_ago,
            limits.per_day,
            theme
        ))?;
        let outcome = match id {
            Some(id) => {
                for (position, m) in q.media.iter().enumerate().skip(1) {
                    let (position, kind) = (position as i64, m.kind.as_str());
                    sql!((tx &mut tx) => execute, query!(
                        "INSERT INTO question_media (question_id, position, kind, file_id) VALUES ($1, $2, $3, $4)",
                        id,
                        position,
                        kind,
                        m.file_id
                    ))?;
                }
                if let Some(post) = group_post(id) {
                    enqueue(&mut tx, &post.question(id)).await?;
                }
                Submitted::Created(id)
            }
            // Not stored: a duplicate (the number already issued) or over a limit. Rare, so a
            // second look is fine.
            None => {
                let existing = sql!((tx &mut tx) => fetch_optional, query_scalar!(
                    r#"SELECT id AS "id!" FROM questions
                       WHERE (chat_id = $1 AND source_message_id = $2)
                          OR (user_id = $3 AND body = $4 AND body != '' AND created_at >= $5
                              AND status IN ('waiting', 'claimed', 'escalated'))
                       LIMIT 1"#,
                    q.chat_id,
                    source_message_id,
                    q.user_id,
                    body,
                    duplicates_since
                ))?;
                match existing {
                    Some(id) => Submitted::Duplicate(id),
                    None => Submitted::OverLimit,
                }
            }
        };
        if end_dialogue {
            sql!((tx &mut tx) => execute, query!("DELETE FROM dialogues WHERE chat_id = $1", q.chat_id))?;
        }
        tx.commit().await?;
        if end_dialogue {
            self.prime_dialogue(q.chat_id, None);
        }
        Ok(outcome)
    }

    /// All the media of a question, in the order sent (an album has several).
    pub async fn question_media(&self, q: &QuestionRow) -> Result<Vec<Media>, StorageError> {
        let mut all: Vec<Media> = q
            .media_kind
            .zip(q.media_file_id.clone())
            .map(|(kind, file_id)| Media { kind, file_id })
            .into_iter()
            .collect();
        let rest = sql!((pool self) => fetch_all, query!(
            "SELECT kind, file_id FROM question_media WHERE question_id = $1 ORDER BY position",
            q.id
        ) => |r| (r.kind, r.file_id))?;
        all.extend(rest.into_iter().filter_map(|(kind, file_id)| {
            Some(Media {
                kind: kind.parse().ok()?,
                file_id,
            })
        }));
        Ok(all)
    }

    pub async fn question(&self, id: i64) -> Result<Option<QuestionRow>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query_as!(
            RawQuestion,
            r#"SELECT id AS "id!", user_id, chat_id, lang, item_id, follow_up_of, body, media_kind, media_file_id,
                      status, claimed_by, lease_until, answer, answered_by, answered_at, delivery,
                      reject_reason, rating, created_at, escalated_at, group_message_id, theme, district
               FROM questions WHERE id = $1"#,
            id
        ))?;
        Ok(row.map(Into::into))
    }

    /// A user's questions, newest first (`limit` 0: all, for export of one's own data).
    pub async fn user_questions(&self, user_id: i64, limit: i64) -> Result<Vec<QuestionRow>, StorageError> {
        let limit = if limit <= 0 { i64::MAX } else { limit };
        let rows = sql!((pool self) => fetch_all, query_as!(
            RawQuestion,
            r#"SELECT id AS "id!", user_id, chat_id, lang, item_id, follow_up_of, body, media_kind, media_file_id,
                      status, claimed_by, lease_until, answer, answered_by, answered_at, delivery,
                      reject_reason, rating, created_at, escalated_at, group_message_id, theme, district
               FROM questions WHERE user_id = $1 ORDER BY id DESC LIMIT $2"#,
            user_id,
            limit
        ))?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Every question, oldest first (for `/export` and `export-questions`).
    pub async fn all_questions(&self) -> Result<Vec<QuestionRow>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query_as!(
            RawQuestion,
            r#"SELECT id AS "id!", user_id, chat_id, lang, item_id, follow_up_of, body, media_kind, media_file_id,
                      status, claimed_by, lease_until, answer, answered_by, answered_at, delivery,
                      reject_reason, rating, created_at, escalated_at, group_message_id, theme, district
               FROM questions ORDER BY id"#
        ))?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Counts of what waits in `langs` (expired claims count as waiting).
    pub async fn queue_stats(&self) -> Result<QueueStats, StorageError> {
        let t = now();
        let row = sql!((pool self) => fetch_one, query!(
            r#"SELECT
                 COUNT(*) FILTER (WHERE status = 'waiting' OR (status = 'claimed' AND lease_until < $1)) AS "waiting!: i64",
                 COUNT(*) FILTER (WHERE (status = 'waiting' OR (status = 'claimed' AND lease_until < $1)) AND lang = 'ru') AS "ru!: i64",
                 COUNT(*) FILTER (WHERE (status = 'waiting' OR (status = 'claimed' AND lease_until < $1)) AND lang = 'kk') AS "kk!: i64",
                 COUNT(*) FILTER (WHERE status = 'escalated') AS "escalated!: i64",
                 MIN(CASE WHEN status = 'waiting' OR (status = 'claimed' AND lease_until < $1) THEN created_at END) AS "oldest: i64"
               FROM questions"#,
            t
        ) => |row| QueueStats {
            waiting: row.waiting,
            waiting_ru: row.ru,
            waiting_kk: row.kk,
            escalated: row.escalated,
            oldest_at: row.oldest,
        })?;
        Ok(row)
    }

    /// The question a volunteer holds under a live lease (the one taken last), if any.
    pub async fn current_claim(&self, volunteer: i64) -> Result<Option<QuestionRow>, StorageError> {
        let t = now();
        let row = sql!((pool self) => fetch_optional, query_as!(
            RawQuestion,
            r#"SELECT id AS "id!", user_id, chat_id, lang, item_id, follow_up_of, body, media_kind, media_file_id,
                      status, claimed_by, lease_until, answer, answered_by, answered_at, delivery,
                      reject_reason, rating, created_at, escalated_at, group_message_id, theme, district
               FROM questions
               WHERE status = 'claimed' AND claimed_by = $1 AND lease_until >= $2
               ORDER BY lease_until DESC, id DESC LIMIT 1"#,
            volunteer,
            t
        ))?;
        Ok(row.map(Into::into))
    }

    /// Claims the oldest waiting question in `langs` under a lease; escalated ones only for
    /// admins (`admin`). One statement: two volunteers can never win the same row.
    pub async fn claim_next(
        &self,
        volunteer: i64,
        langs: &[Lang],
        admin: bool,
        lease_secs: i64,
    ) -> Result<Option<QuestionRow>, StorageError> {
        let t = now();
        let until = t + lease_secs;
        let ru = langs.contains(&Lang::Ru);
        let kk = langs.contains(&Lang::Kk);
        let row = sql!((write self) => fetch_optional, query_as!(
            RawQuestion,
            r#"UPDATE questions SET status = 'claimed', claimed_by = $1, lease_until = $2
               WHERE id = (
                   SELECT id FROM questions
                   WHERE (status = 'waiting' OR (status = 'claimed' AND lease_until < $3)
                          OR ($6 AND status = 'escalated'))
                     AND ($6 OR escalated_at IS NULL)
                     AND (($4 AND lang = 'ru') OR ($5 AND lang = 'kk'))
                   ORDER BY created_at, id LIMIT 1"#,
            pg_lock: " FOR UPDATE SKIP LOCKED",
            r#")
                 AND (status = 'waiting' OR (status = 'claimed' AND lease_until < $3) OR ($6 AND status = 'escalated'))
               RETURNING id AS "id!", user_id, chat_id, lang, item_id, follow_up_of, body, media_kind, media_file_id,
                      status, claimed_by, lease_until, answer, answered_by, answered_at, delivery,
                      reject_reason, rating, created_at, escalated_at, group_message_id, theme, district"#,
            volunteer,
            until,
            t,
            ru,
            kk,
            admin
        ))?;
        Ok(row.map(Into::into))
    }

    /// Claims one question (a claim button, a reply in the volunteer group). A question passed
    /// to coordinators is refused unless `admin`.
    pub async fn claim(
        &self,
        id: i64,
        volunteer: i64,
        admin: bool,
        lease_secs: i64,
    ) -> Result<Option<QuestionRow>, StorageError> {
        let t = now();
        let until = t + lease_secs;
        let row = sql!((write self) => fetch_optional, query_as!(
            RawQuestion,
            r#"UPDATE questions SET status = 'claimed', claimed_by = $2, lease_until = $3
               WHERE id = $1 AND ($5 OR escalated_at IS NULL)
                 AND (status IN ('waiting', 'escalated')
                      OR (status = 'claimed' AND (lease_until < $4 OR claimed_by = $2)))
               RETURNING id AS "id!", user_id, chat_id, lang, item_id, follow_up_of, body, media_kind, media_file_id,
                      status, claimed_by, lease_until, answer, answered_by, answered_at, delivery,
                      reject_reason, rating, created_at, escalated_at, group_message_id, theme, district"#,
            id,
            volunteer,
            until,
            t,
            admin
        ))?;
        Ok(row.map(Into::into))
    }

    /// Gives a claimed question back to the queue (to coordinators, if it was passed to them).
    pub async fn release(&self, id: i64, volunteer: i64) -> Result<bool, StorageError> {
        let done = sql!((write self) => execute, query!(
            "UPDATE questions
             SET status = CASE WHEN escalated_at IS NULL THEN 'waiting' ELSE 'escalated' END,
                 claimed_by = NULL, lease_until = NULL
             WHERE id = $1 AND status = 'claimed' AND claimed_by = $2",
            id,
            volunteer
        ))?;
        Ok(done.rows_affected() == 1)
    }

    /// Records the answer, if the volunteer still holds the question (nobody took it over after
    /// the lease expired), and its delivery to the resident in the same transaction. `delivery`
    /// is `None` when the resident cannot get it (they erased their data).
    pub async fn answer_question(
        &self,
        id: i64,
        volunteer: i64,
        answer: &AnswerText,
        delivery: Option<&NewMessage>,
    ) -> Result<AnswerRecorded, StorageError> {
        let t = now();
        let text = answer.as_str();
        let state = if delivery.is_some() {
            "pending"
        } else {
            "undeliverable"
        };
        let mut tx = self.write_tx(Lock::Question(id)).await?;
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE questions SET status = 'answered', answer = $3, answered_by = $2, answered_at = $4,
                    delivery = $5, lease_until = NULL
             WHERE id = $1 AND claimed_by = $2 AND status = 'claimed'",
            id,
            volunteer,
            text,
            t,
            state
        ))?;
        if done.rows_affected() != 1 {
            return Ok(AnswerRecorded::ClaimLost);
        }
        let outbox = match delivery {
            Some(m) => Some(enqueue(&mut tx, m).await?),
            None => None,
        };
        tx.commit().await?;
        Ok(AnswerRecorded::Recorded { outbox })
    }

    /// Rejects a question the volunteer holds; the resident's notice commits with it.
    pub async fn reject_question(
        &self,
        id: i64,
        volunteer: i64,
        reason: RejectReason,
        notice: Option<&NewMessage>,
    ) -> Result<bool, StorageError> {
        let r = reason.as_str();
        let mut tx = self.write_tx(Lock::Question(id)).await?;
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE questions SET status = 'rejected', reject_reason = $3, lease_until = NULL
             WHERE id = $1 AND claimed_by = $2 AND status = 'claimed'",
            id,
            volunteer,
            r
        ))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        if let Some(m) = notice {
            enqueue(&mut tx, m).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Passes a question the volunteer holds to coordinators (admins); their notes and the
    /// edit of the group post commit with it.
    pub async fn escalate_question(
        &self,
        id: i64,
        volunteer: i64,
        notes: &[NewMessage],
    ) -> Result<bool, StorageError> {
        let t = now();
        let mut tx = self.write_tx(Lock::Question(id)).await?;
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE questions SET status = 'escalated', claimed_by = NULL, lease_until = NULL,
                    escalated_at = COALESCE(escalated_at, $3)
             WHERE id = $1 AND claimed_by = $2 AND status = 'claimed'",
            id,
            volunteer,
            t
        ))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        for m in notes {
            enqueue(&mut tx, m).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// A volunteer's role ended: what they hold goes back to the queue.
    pub async fn release_all(&self, volunteer: i64) -> Result<u64, StorageError> {
        let done = sql!((write self) => execute, query!(
            "UPDATE questions
             SET status = CASE WHEN escalated_at IS NULL THEN 'waiting' ELSE 'escalated' END,
                 claimed_by = NULL, lease_until = NULL
             WHERE status = 'claimed' AND claimed_by = $1",
            volunteer
        ))?;
        Ok(done.rows_affected())
    }

    /// The resident's rating of an answer to their own question.
    pub async fn rate_answer(&self, id: i64, user_id: i64, helpful: bool) -> Result<bool, StorageError> {
        let rating: i64 = if helpful { 1 } else { -1 };
        let done = sql!((write self) => execute, query!(
            "UPDATE questions SET rating = $3 WHERE id = $1 AND user_id = $2 AND status = 'answered'",
            id,
            user_id,
            rating
        ))?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn publish_faq(
        &self,
        question_id: i64,
        lang: Lang,
        question: &str,
        answer: &str,
        by: i64,
    ) -> Result<i64, StorageError> {
        let t = now();
        let code = lang.code();
        let mut tx = self.write_tx(Lock::Question(question_id)).await?;
        sql!((tx &mut tx) => execute, query!("DELETE FROM faq WHERE question_id = $1", question_id))?;
        let id = sql!((tx &mut tx) => fetch_one, query_scalar!(
            r#"INSERT INTO faq (question_id, lang, question, answer, published_by, published_at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id AS "id!""#,
            question_id,
            code,
            question,
            answer,
            by,
            t
        ))?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes down the FAQ entry made from `question`; the audit log keeps who did it.
    pub async fn unpublish_faq(&self, question: i64, by: i64) -> Result<bool, StorageError> {
        let t = now();
        let mut tx = self.write_tx(Lock::Question(question)).await?;
        let done = sql!((tx &mut tx) => execute, query!("DELETE FROM faq WHERE question_id = $1", question))?;
        if done.rows_affected() > 0 {
            let detail = format!("question {question}");
            sql!((tx &mut tx) => execute, query!(
                "INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, 'faq_unpublished', $3)",
                t,
                by,
                detail
            ))?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn faq_entries(&self) -> Result<Vec<FaqRow>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query_as!(
            FaqRow,
            r#"SELECT id AS "id!", lang, question, answer FROM faq ORDER BY id"#
        ))?;
        Ok(rows)
    }

    pub async fn faq_entry(&self, id: i64) -> Result<Option<FaqRow>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query_as!(
            FaqRow,
            r#"SELECT id AS "id!", lang, question, answer FROM faq WHERE id = $1"#,
            id
        ))?;
        Ok(row)
    }

    /// A one-time invite granting `grants`, valid for `valid_secs`.
    pub async fn create_invite(
        &self,
        token: &str,
        by: i64,
        valid_secs: i64,
        grants: Grant,
        district: Option<District>,
    ) -> Result<(), StorageError> {
        let t = now();
        let until = t + valid_secs;
        let grants = grants.as_str();
        let district = district.map(District::id);
        sql!((write self) => execute, query!(
            "INSERT INTO invites (token, created_by, created_at, expires_at, grants, district) VALUES ($1, $2, $3, $4, $5, $6)",
            token,
            by,
            t,
            until,
            grants,
            district
        ))?;
        Ok(())
    }

    /// Uses an invite of the kind `grants` (a link of another kind is unknown here): the role
    /// (an organiser's: for the invite's district) is granted and the name kept, once.
    pub async fn use_invite(
        &self,
        token: &str,
        user_id: i64,
        name: &str,
        grants: Grant,
    ) -> Result<InviteOutcome, StorageError> {
        let mut tx = self.write_tx(Lock::Invites).await?;
        let t = now();
        let kind = grants.as_str();
        let invite = sql!((tx &mut tx) => fetch_optional, query!(
            "SELECT expires_at, used_by, district FROM invites WHERE token = $1 AND grants = $2",
            token,
            kind
        ) => |i| (i.expires_at, i.used_by, i.district))?;
        let outcome = match invite {
            None => InviteOutcome::Unknown,
            Some((_, Some(_), _)) => InviteOutcome::AlreadyUsed,
            Some((expires_at, None, _)) if expires_at < t => InviteOutcome::Expired,
            Some((_, _, district)) => {
                sql!((tx &mut tx) => execute, query!(
                    "UPDATE invites SET used_by = $2, used_at = $3 WHERE token = $1 AND used_by IS NULL",
                    token,
                    user_id,
                    t
                ))?;
                match grants {
                    Grant::Volunteer => sql!((tx &mut tx) => execute, query!(
                        "UPDATE users SET role = 'volunteer', display_name = $2 WHERE id = $1",
                        user_id,
                        name
                    ))?,
                    Grant::Editor => sql!((tx &mut tx) => execute, query!(
                        "UPDATE users SET editor = TRUE, display_name = $2 WHERE id = $1",
                        user_id,
                        name
                    ))?,
                    Grant::Organiser => sql!((tx &mut tx) => execute, query!(
                        "UPDATE users SET organiser_district = $3, display_name = $2 WHERE id = $1",
                        user_id,
                        name,
                        district
                    ))?,
                };
                InviteOutcome::Granted
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// The volunteer holding `id` (or an admin) sets its theme; whether it changed.
    pub async fn set_question_theme(&self, id: i64, theme: Theme) -> Result<bool, StorageError> {
        let theme = theme.id();
        let done = sql!((write self) => execute, query!("UPDATE questions SET theme = $2 WHERE id = $1", id, theme))?;
        Ok(done.rows_affected() > 0)
    }

    /// The languages a volunteer answers in.
    pub async fn volunteer_langs(&self, user_id: i64) -> Result<Vec<Lang>, StorageError> {
        let langs = sql!((pool self) => fetch_optional, query_scalar!("SELECT volunteer_langs FROM users WHERE id = $1", user_id))?
            .unwrap_or_default();
        Ok(langs.split(',').filter_map(|l| l.parse().ok()).collect())
    }

    pub async fn set_volunteer_langs(&self, user_id: i64, langs: &[Lang]) -> Result<(), StorageError> {
        let joined = langs.iter().map(|l| l.code()).collect::<Vec<_>>().join(",");
        sql!((write self) => execute, query!(
            "UPDATE users SET volunteer_langs = $2 WHERE id = $1",
            user_id,
            joined
        ))?;
        Ok(())
    }
}

impl Db {
    /// The question posted as (or in) group message `message_id`, when that post held one question.
    pub async fn question_by_group_message(&self, message_id: i32) -> Result<Option<i64>, StorageError> {
        let message_id = i64::from(message_id);
        let ids = sql!((pool self) => fetch_all, query_scalar!(
            r#"SELECT id AS "id!" FROM questions WHERE group_message_id = $1 LIMIT 2"#,
            message_id
        ))?;
        Ok(if ids.len() == 1 {
            ids.first().copied()
        } else {
            None
        })
    }

    /// Volunteers (stored role) with the name they had when they joined, by id.
    pub async fn volunteers(&self) -> Result<Vec<(i64, Option<String>)>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT id AS "id!", display_name FROM users WHERE role = 'volunteer' ORDER BY id"#
        ) => |r| (r.id, r.display_name))?;
        Ok(rows)
    }
}
