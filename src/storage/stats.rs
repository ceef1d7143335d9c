//! Numbers for `/stats`.

use super::{Db, StorageError, now};

/// A snapshot of the bot's use.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    pub residents: i64,
    pub lang_ru: i64,
    pub lang_kk: i64,
    pub subscribers: i64,
    pub blocked: i64,
    /// (district id or "", users), most first.
    pub by_district: Vec<(String, i64)>,
    pub questions_waiting: i64,
    pub questions_answered: i64,
    pub questions_rejected: i64,
    /// Median minutes from question to answer.
    pub median_answer_minutes: Option<i64>,
    pub helpful: i64,
    pub not_helpful: i64,
    pub broadcasts: i64,
    pub broadcast_messages: i64,
    /// Per day for the last 30 days (oldest first): (days ago, new users, questions).
    pub daily: Vec<(i64, i64, i64)>,
}

impl Db {
    pub async fn stats(&self) -> Result<Stats, StorageError> {
        let u = sqlx::query!(
            r#"SELECT COUNT(*) AS "total!: i64",
                      COALESCE(SUM(lang = 'ru'), 0) AS "ru!: i64",
                      COALESCE(SUM(lang = 'kk'), 0) AS "kk!: i64",
                      COALESCE(SUM(subscribed = 1 AND blocked = 0), 0) AS "subs!: i64",
                      COALESCE(SUM(blocked), 0) AS "blocked!: i64"
               FROM users"#
        )
        .fetch_one(&self.pool)
        .await?;
        let by_district = sqlx::query!(
            r#"SELECT COALESCE(district, '') AS "district!: String", COUNT(*) AS "n!: i64"
               FROM users GROUP BY district ORDER BY COUNT(*) DESC"#
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| (r.district, r.n))
        .collect();
        let q = sqlx::query!(
            r#"SELECT COALESCE(SUM(status IN ('waiting', 'claimed', 'escalated')), 0) AS "waiting!: i64",
                      COALESCE(SUM(status = 'answered'), 0) AS "answered!: i64",
                      COALESCE(SUM(status = 'rejected'), 0) AS "rejected!: i64",
                      COALESCE(SUM(rating = 1), 0) AS "helpful!: i64",
                      COALESCE(SUM(rating = -1), 0) AS "not_helpful!: i64"
               FROM questions"#
        )
        .fetch_one(&self.pool)
        .await?;
        let mut waits = sqlx::query_scalar!(
            r#"SELECT (answered_at - created_at) / 60 AS "m!: i64" FROM questions WHERE answered_at IS NOT NULL"#
        )
        .fetch_all(&self.pool)
        .await?;
        waits.sort_unstable();
        let median_answer_minutes = waits.get(waits.len() / 2).copied();
        let b = sqlx::query!(
            r#"SELECT (SELECT COUNT(*) FROM broadcasts) AS "n!: i64",
                      (SELECT COUNT(*) FROM deliveries WHERE status = 'sent') AS "sent!: i64""#
        )
        .fetch_one(&self.pool)
        .await?;
        let t = now();
        let since = t - 30 * 86_400;
        let users_daily = sqlx::query!(
            r#"SELECT (?1 - first_seen) / 86400 AS "ago!: i64", COUNT(*) AS "n!: i64"
               FROM users WHERE first_seen >= ?2 GROUP BY 1"#,
            t,
            since
        )
        .fetch_all(&self.pool)
        .await?;
        let questions_daily = sqlx::query!(
            r#"SELECT (?1 - created_at) / 86400 AS "ago!: i64", COUNT(*) AS "n!: i64"
               FROM questions WHERE created_at >= ?2 GROUP BY 1"#,
            t,
            since
        )
        .fetch_all(&self.pool)
        .await?;
        let daily = (0..30)
            .rev()
            .map(|ago| {
                let users = users_daily.iter().find(|r| r.ago == ago).map_or(0, |r| r.n);
                let questions = questions_daily.iter().find(|r| r.ago == ago).map_or(0, |r| r.n);
                (ago, users, questions)
            })
            .collect();
        Ok(Stats {
            residents: u.total,
            lang_ru: u.ru,
            lang_kk: u.kk,
            subscribers: u.subs,
            blocked: u.blocked,
            by_district,
            questions_waiting: q.waiting,
            questions_answered: q.answered,
            questions_rejected: q.rejected,
            median_answer_minutes,
            helpful: q.helpful,
            not_helpful: q.not_helpful,
            broadcasts: b.n,
            broadcast_messages: b.sent,
            daily,
        })
    }
}

impl Db {
    /// Every district id stored anywhere (residents, events, broadcasts' audiences), so that a
    /// region file can be checked against the data it is started on.
    pub async fn district_ids_in_use(&self) -> Result<Vec<String>, StorageError> {
        let mut ids: Vec<String> = sqlx::query_scalar!(
            r#"SELECT district AS "district!: String" FROM users WHERE district IS NOT NULL
               UNION SELECT district FROM events"#
        )
        .fetch_all(&self.pool)
        .await?;
        let audiences = sqlx::query_scalar!("SELECT DISTINCT audience FROM broadcasts")
            .fetch_all(&self.pool)
            .await?;
        for audience in audiences {
            let value: serde_json::Value = serde_json::from_str(&audience)?;
            if let Some(id) = value.get("district").and_then(|d| d.as_str()) {
                ids.push(id.to_owned());
            }
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }
}
