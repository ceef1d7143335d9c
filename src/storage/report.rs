//! The report's raw numbers for a period: questions by theme and district with their answer
//! times, events per district with attendance, the statements voted on most, and when today's
//! subscribers subscribed.

use super::{Db, StorageError, sql};

/// Questions received in the period, grouped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionGroup {
    pub theme: Option<String>,
    pub district: Option<String>,
    pub received: i64,
    pub answered: i64,
}

/// Events starting in the period, per district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventGroup {
    pub district: String,
    pub planned: i64,
    pub held: i64,
    pub cancelled: i64,
    pub reported: i64,
    pub attendance: i64,
}

/// A statement's votes cast in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VotedStatement {
    pub set_id: String,
    pub title_ru: String,
    pub title_kk: String,
    pub text_ru: String,
    pub text_kk: String,
    pub agree: i64,
    pub disagree: i64,
    pub pass: i64,
}

/// Everything the report counts, for `from <= t < to` (Unix seconds), as of `now`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawReport {
    pub questions: Vec<QuestionGroup>,
    /// Seconds from question to answer, of the period's questions answered by now.
    pub answer_secs: Vec<i64>,
    pub events: Vec<EventGroup>,
    /// Most voted first, at most ten.
    pub statements: Vec<VotedStatement>,
    /// When each current subscriber (not blocked) subscribed, ascending.
    pub subscribed_at: Vec<i64>,
    /// Sets with votes in the period.
    pub voted_sets: Vec<String>,
}

impl Db {
    pub async fn report(&self, from: i64, to: i64, now: i64) -> Result<RawReport, StorageError> {
        let questions = sql!((pool self) => fetch_all, query!(
            r#"SELECT theme, district, COUNT(*) AS "received!: i64",
                      COUNT(*) FILTER (WHERE status = 'answered') AS "answered!: i64"
               FROM questions WHERE created_at >= $1 AND created_at < $2
               GROUP BY theme, district"#,
            from,
            to
        ) => |r| QuestionGroup {
            theme: r.theme,
            district: r.district,
            received: r.received,
            answered: r.answered,
        })?;
        let answer_secs = sql!((pool self) => fetch_all, query_scalar!(
            r#"SELECT answered_at - created_at AS "secs!: i64" FROM questions
               WHERE created_at >= $1 AND created_at < $2 AND status = 'answered' AND answered_at IS NOT NULL
               ORDER BY 1"#,
            from,
            to
        ))?;
        let events = sql!((pool self) => fetch_all, query!(
            r#"SELECT district, COUNT(*) AS "planned!: i64",
                      COUNT(*) FILTER (WHERE status <> 'cancelled' AND ends_at <= $3) AS "held!: i64",
                      COUNT(*) FILTER (WHERE status = 'cancelled') AS "cancelled!: i64",
                      COUNT(*) FILTER (WHERE status <> 'cancelled' AND ends_at <= $3 AND attendance IS NOT NULL) AS "reported!: i64",
                      -- PostgreSQL sums BIGINTs as NUMERIC.
                      CAST(COALESCE(SUM(CASE WHEN status <> 'cancelled' AND ends_at <= $3 THEN attendance END), 0) AS BIGINT) AS "attendance!: i64"
               FROM events WHERE starts_at >= $1 AND starts_at < $2 GROUP BY district"#,
            from,
            to,
            now
        ) => |r| EventGroup {
            district: r.district,
            planned: r.planned,
            held: r.held,
            cancelled: r.cancelled,
            reported: r.reported,
            attendance: r.attendance,
        })?;
        let statements = sql!((pool self) => fetch_all, query!(
            r#"SELECT s.set_id, t.title_ru, t.title_kk, s.text_ru, s.text_kk,
                      COUNT(*) FILTER (WHERE v.vote = 1) AS "agree!: i64",
                      COUNT(*) FILTER (WHERE v.vote = -1) AS "disagree!: i64",
                      COUNT(*) FILTER (WHERE v.vote = 0) AS "pass!: i64"
               FROM votes v JOIN statements s ON s.id = v.statement_id JOIN statement_sets t ON t.id = s.set_id
               WHERE v.voted_at >= $1 AND v.voted_at < $2 AND s.status = 'published'
               GROUP BY s.id, s.set_id, t.title_ru, t.title_kk, s.text_ru, s.text_kk
               ORDER BY COUNT(*) DESC, s.id LIMIT 10"#,
            from,
            to
        ) => |r| VotedStatement {
            set_id: r.set_id,
            title_ru: r.title_ru,
            title_kk: r.title_kk,
            text_ru: r.text_ru,
            text_kk: r.text_kk,
            agree: r.agree,
            disagree: r.disagree,
            pass: r.pass,
        })?;
        let voted_sets = sql!((pool self) => fetch_all, query_scalar!(
            r#"SELECT DISTINCT s.set_id AS "set_id!" FROM votes v JOIN statements s ON s.id = v.statement_id
               WHERE v.voted_at >= $1 AND v.voted_at < $2 ORDER BY 1"#,
            from,
            to
        ))?;
        let subscribed_at = sql!((pool self) => fetch_all, query_scalar!(
            r#"SELECT COALESCE(subscribed_at, first_seen) AS "t!: i64" FROM users
               WHERE subscribed = TRUE AND blocked = FALSE ORDER BY 1"#
        ))?;
        Ok(RawReport {
            questions,
            answer_secs,
            events,
            statements,
            subscribed_at,
            voted_sets,
        })
    }

    /// A volunteer's work: (answered, seconds to answer each, helpful, not helpful).
    pub async fn volunteer_work(&self, volunteer: i64) -> Result<(Vec<i64>, i64, i64), StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT answered_at - created_at AS "secs!: i64", rating FROM questions
               WHERE answered_by = $1 AND status = 'answered' AND answered_at IS NOT NULL ORDER BY 1"#,
            volunteer
        ) => |r| (r.secs, r.rating))?;
        let helpful = rows.iter().filter(|(_, r)| *r == Some(1)).count() as i64;
        let not_helpful = rows.iter().filter(|(_, r)| *r == Some(-1)).count() as i64;
        Ok((rows.into_iter().map(|(s, _)| s).collect(), helpful, not_helpful))
    }
}
