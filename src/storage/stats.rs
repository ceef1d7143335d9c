//! Numbers for `/stats`.

use super::{Db, StorageError, now, sql};

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
        let u = sql!((pool self) => fetch_one, query!(
            r#"SELECT COUNT(*) AS "total!: i64",
                      COUNT(*) FILTER (WHERE lang = 'ru') AS "ru!: i64",
                      COUNT(*) FILTER (WHERE lang = 'kk') AS "kk!: i64",
                      COUNT(*) FILTER (WHERE subscribed = TRUE AND blocked = FALSE) AS "subs!: i64",
                      COUNT(*) FILTER (WHERE blocked) AS "blocked!: i64"
               FROM users"#
        ) => |r| (r.total, r.ru, r.kk, r.subs, r.blocked))?;
        let (residents, lang_ru, lang_kk, subscribers, blocked) = u;
        let by_district = sql!((pool self) => fetch_all, query!(
            r#"SELECT COALESCE(district, '') AS "district!: String", COUNT(*) AS "n!: i64"
               FROM users GROUP BY district ORDER BY COUNT(*) DESC"#
        ) => |r| (r.district, r.n))?;
        let q = sql!((pool self) => fetch_one, query!(
            r#"SELECT COUNT(*) FILTER (WHERE status IN ('waiting', 'claimed', 'escalated')) AS "waiting!: i64",
                      COUNT(*) FILTER (WHERE status = 'answered') AS "answered!: i64",
                      COUNT(*) FILTER (WHERE status = 'rejected') AS "rejected!: i64",
                      COUNT(*) FILTER (WHERE rating = 1) AS "helpful!: i64",
                      COUNT(*) FILTER (WHERE rating = -1) AS "not_helpful!: i64"
               FROM questions"#
        ) => |r| (r.waiting, r.answered, r.rejected, r.helpful, r.not_helpful))?;
        let (questions_waiting, questions_answered, questions_rejected, helpful, not_helpful) = q;
        let mut waits = sql!((pool self) => fetch_all, query_scalar!(
            r#"SELECT (answered_at - created_at) / 60 AS "m!: i64" FROM questions WHERE answered_at IS NOT NULL"#
        ))?;
        waits.sort_unstable();
        let median_answer_minutes = waits.get(waits.len() / 2).copied();
        let b = sql!((pool self) => fetch_one, query!(
            r#"SELECT (SELECT COUNT(*) FROM broadcasts) AS "n!: i64",
                      (SELECT COUNT(*) FROM deliveries WHERE status = 'sent') AS "sent!: i64""#
        ) => |r| (r.n, r.sent))?;
        let (broadcasts, broadcast_messages) = b;
        let t = now();
        let since = t - 30 * 86_400;
        let users_daily = sql!((pool self) => fetch_all, query!(
            r#"SELECT ($1 - first_seen) / 86400 AS "ago!: i64", COUNT(*) AS "n!: i64"
               FROM users WHERE first_seen >= $2 GROUP BY 1"#,
            t,
            since
        ) => |r| (r.ago, r.n))?;
        let questions_daily = sql!((pool self) => fetch_all, query!(
            r#"SELECT ($1 - created_at) / 86400 AS "ago!: i64", COUNT(*) AS "n!: i64"
               FROM questions WHERE created_at >= $2 GROUP BY 1"#,
            t,
            since
        ) => |r| (r.ago, r.n))?;
        let daily = (0..30)
            .rev()
            .map(|ago| {
                let count = |rows: &[(i64, i64)]| rows.iter().find(|r| r.0 == ago).map_or(0, |r| r.1);
                let (users, questions) = (count(&users_daily), count(&questions_daily));
                (ago, users, questions)
            })
            .collect();
        Ok(Stats {
            residents,
            lang_ru,
            lang_kk,
            subscribers,
            blocked,
            by_district,
            questions_waiting,
            questions_answered,
            questions_rejected,
            median_answer_minutes,
            helpful,
            not_helpful,
            broadcasts,
            broadcast_messages,
            daily,
        })
    }
}

impl Db {
    /// Every district id stored anywhere (residents, events, broadcasts' audiences), so that a
    /// region file can be checked against the data it is started on.
    pub async fn district_ids_in_use(&self) -> Result<Vec<String>, StorageError> {
        let mut ids: Vec<String> = sql!((pool self) => fetch_all, query_scalar!(
            r#"SELECT district AS "district!: String" FROM users WHERE district IS NOT NULL
               UNION SELECT district FROM events"#
        ))?;
        let audiences =
            sql!((pool self) => fetch_all, query_scalar!("SELECT DISTINCT audience FROM broadcasts"))?;
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
