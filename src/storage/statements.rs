//! Statement sets, residents' votes and proposals: one vote per user per statement (changed by
//! voting again), counted only while the set is open; proposals wait hidden until a volunteer
//! approves them, and the resident hears the outcome through the outbox in the same
//! transaction.

use crate::domain::{Lang, Vote, statement::SetSpec};

use super::{
    Db, Lock, StorageError, now,
    outbox::{NewMessage, enqueue},
    sql,
};

/// A set as stored, with how many statements it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRow {
    pub id: String,
    pub theme: String,
    pub title_ru: String,
    pub title_kk: String,
    pub opens_at: i64,
    pub closes_at: i64,
    /// Published statements.
    pub statements: i64,
}

impl SetRow {
    pub fn title(&self, lang: Lang) -> &str {
        localized(lang, &self.title_ru, &self.title_kk)
    }

    pub fn is_open(&self, now: i64) -> bool {
        self.opens_at <= now && now < self.closes_at
    }
}

/// `ru` or `kk` as the reader's language wants, the other when it is missing.
pub fn localized<'a>(lang: Lang, ru: &'a str, kk: &'a str) -> &'a str {
    match lang {
        Lang::Kk if !kk.is_empty() => kk,
        _ if ru.is_empty() => kk,
        _ => ru,
    }
}

/// A published statement with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    pub id: i64,
    pub set_id: String,
    pub text_ru: String,
    pub text_kk: String,
    pub agree: i64,
    pub disagree: i64,
    pub pass: i64,
}

impl StatementRow {
    pub fn text(&self, lang: Lang) -> &str {
        localized(lang, &self.text_ru, &self.text_kk)
    }

    pub fn votes(&self) -> i64 {
        self.agree + self.disagree + self.pass
    }
}

/// A resident's proposal, waiting for moderation (or just moderated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub id: i64,
    pub set_id: String,
    pub text: String,
    pub lang: Lang,
    pub proposed_by: Option<i64>,
    pub created_at: i64,
}

/// One vote, for groups of opinion (no one's id leaves the storage layer: `voter` is a row
/// number of this set's voters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ballot {
    pub voter: i64,
    pub statement: i64,
    pub vote: i64,
}

/// What became of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    Recorded,
    /// The set is closed (or not open yet); nothing changed.
    Closed,
    /// No such published statement.
    Unknown,
}

impl Db {
    /// Publishes sets from a checked file in one transaction: a set's title, theme and dates
    /// are replaced; statements already there (same text) keep their votes, new ones are added
    /// after them, and those no longer in the file are withdrawn (hidden, votes kept).
    /// Returns (set id, added, withdrawn) per set.
    pub async fn publish_sets(
        &self,
        sets: &[SetSpec],
        by: i64,
    ) -> Result<Vec<(String, usize, usize)>, StorageError> {
        let mut tx = self.write_tx(Lock::Statements).await?;
        let t = now();
        let mut summary = Vec::new();
        for set in sets {
            let theme = set.theme.id();
            sql!((tx &mut tx) => execute, query!(
                "INSERT INTO statement_sets (id, theme, title_ru, title_kk, opens_at, closes_at, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (id) DO UPDATE SET theme = excluded.theme, title_ru = excluded.title_ru,
                     title_kk = excluded.title_kk, opens_at = excluded.opens_at, closes_at = excluded.closes_at,
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                set.id,
                theme,
                set.title_ru,
                set.title_kk,
                set.opens_at,
                set.closes_at,
                by,
                t
            ))?;
            let existing = sql!((tx &mut tx) => fetch_all, query!(
                r#"SELECT id AS "id!", text_ru, text_kk, status FROM statements
                   WHERE set_id = $1 AND status IN ('published', 'withdrawn') AND proposed_by IS NULL"#,
                set.id
            ) => |r| (r.id, r.text_ru, r.text_kk, r.status))?;
            let mut kept = Vec::new();
            let mut added = 0;
            for (position, (ru, kk)) in set.statements.iter().enumerate() {
                let position = position as i64;
                let same = existing
                    .iter()
                    .find(|(_, r, k, _)| (!ru.is_empty() && r == ru) || (ru.is_empty() && k == kk));
                match same {
                    Some((id, ..)) => {
                        kept.push(*id);
                        sql!((tx &mut tx) => execute, query!(
                            "UPDATE statements SET text_ru = $2, text_kk = $3, position = $4, status = 'published' WHERE id = $1",
                            id,
                            ru,
                            kk,
                            position
                        ))?;
                    }
                    None => {
                        added += 1;
                        sql!((tx &mut tx) => execute, query!(
                            "INSERT INTO statements (set_id, position, text_ru, text_kk, status, created_at)
                             VALUES ($1, $2, $3, $4, 'published', $5)",
                            set.id,
                            position,
                            ru,
                            kk,
                            t
                        ))?;
                    }
                }
            }
            let mut withdrawn = 0;
            for (id, _, _, status) in &existing {
                if !kept.contains(id) && status == "published" {
                    withdrawn += 1;
                    sql!((tx &mut tx) => execute, query!(
                        "UPDATE statements SET status = 'withdrawn' WHERE id = $1",
                        id
                    ))?;
                }
            }
            // Approved proposals stay, after the editors' statements.
            let n = set.statements.len() as i64;
            sql!((tx &mut tx) => execute, query!(
                "UPDATE statements SET position = $2 + position WHERE set_id = $1 AND proposed_by IS NOT NULL
                   AND status = 'published' AND position < $2",
                set.id,
                n
            ))?;
            summary.push((set.id.clone(), added, withdrawn));
        }
        tx.commit().await?;
        Ok(summary)
    }

    /// Every set (open or not), newest opening first.
    pub async fn statement_sets(&self) -> Result<Vec<SetRow>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT s.id AS "id!", s.theme, s.title_ru, s.title_kk, s.opens_at, s.closes_at,
                      (SELECT COUNT(*) FROM statements x WHERE x.set_id = s.id AND x.status = 'published') AS "statements!: i64"
               FROM statement_sets s ORDER BY s.opens_at DESC, s.id"#
        ) => |r| SetRow {
            id: r.id,
            theme: r.theme,
            title_ru: r.title_ru,
            title_kk: r.title_kk,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            statements: r.statements,
        })?;
        Ok(rows)
    }

    /// The set `id`, if it exists.
    pub async fn statement_set(&self, id: &str) -> Result<Option<SetRow>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query!(
            r#"SELECT s.id AS "id!", s.theme, s.title_ru, s.title_kk, s.opens_at, s.closes_at,
                      (SELECT COUNT(*) FROM statements x WHERE x.set_id = s.id AND x.status = 'published') AS "statements!: i64"
               FROM statement_sets s WHERE s.id = $1"#,
            id
        ) => |r| SetRow {
            id: r.id,
            theme: r.theme,
            title_ru: r.title_ru,
            title_kk: r.title_kk,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
            statements: r.statements,
        })?;
        Ok(row)
    }

    /// A set's published statements in order, with their counts.
    pub async fn set_statements(&self, set: &str) -> Result<Vec<StatementRow>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT s.id AS "id!", s.set_id, s.text_ru, s.text_kk,
                      COUNT(v.user_id) FILTER (WHERE v.vote = 1) AS "agree!: i64",
                      COUNT(v.user_id) FILTER (WHERE v.vote = -1) AS "disagree!: i64",
                      COUNT(v.user_id) FILTER (WHERE v.vote = 0) AS "pass!: i64"
               FROM statements s LEFT JOIN votes v ON v.statement_id = s.id
               WHERE s.set_id = $1 AND s.status = 'published'
               GROUP BY s.id, s.set_id, s.text_ru, s.text_kk, s.position
               ORDER BY s.position, s.id"#,
            set
        ) => |r| StatementRow {
            id: r.id,
            set_id: r.set_id,
            text_ru: r.text_ru,
            text_kk: r.text_kk,
            agree: r.agree,
            disagree: r.disagree,
            pass: r.pass,
        })?;
        Ok(rows)
    }

    /// The set's published statement ids in order, each with `user`'s vote if any (the
    /// voting card's one read).
    pub async fn user_progress(
        &self,
        set: &str,
        user: i64,
    ) -> Result<Vec<(i64, Option<Vote>)>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT s.id AS "id!", v.vote AS "vote?: i64"
               FROM statements s LEFT JOIN votes v ON v.statement_id = s.id AND v.user_id = $2
               WHERE s.set_id = $1 AND s.status = 'published'
               ORDER BY s.position, s.id"#,
            set,
            user
        ) => |r| (r.id, r.vote.and_then(Vote::from_value)))?;
        Ok(rows)
    }

    /// A published statement's texts and set.
    pub async fn statement(&self, id: i64) -> Result<Option<(String, String, String)>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query!(
            "SELECT set_id, text_ru, text_kk FROM statements WHERE id = $1 AND status = 'published'",
            id
        ) => |r| (r.set_id, r.text_ru, r.text_kk))?;
        Ok(row)
    }

    /// Records (or changes) `user`'s vote, in one statement that also checks the set is open
    /// at `t` and the statement published.
    pub async fn vote(
        &self,
        user: i64,
        statement: i64,
        vote: Vote,
        t: i64,
    ) -> Result<VoteOutcome, StorageError> {
        let value = vote.value();
        let done = sql!((write self) => execute, query!(
            "INSERT INTO votes (statement_id, user_id, vote, voted_at)
             SELECT s.id, $2, $3, $4 FROM statements s JOIN statement_sets t ON t.id = s.set_id
             WHERE s.id = $1 AND s.status = 'published' AND t.opens_at <= $4 AND $4 < t.closes_at
             ON CONFLICT (statement_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
            statement,
            user,
            value,
            t
        ))?;
        if done.rows_affected() > 0 {
            return Ok(VoteOutcome::Recorded);
        }
        Ok(match self.statement(statement).await? {
            Some(_) => VoteOutcome::Closed,
            None => VoteOutcome::Unknown,
        })
    }

    /// Every vote of a set, voters numbered 0.. in no meaningful order (for groups of opinion).
    pub async fn set_ballots(&self, set: &str) -> Result<Vec<Ballot>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT v.user_id AS "user!", v.statement_id AS "statement!", v.vote AS "vote!"
               FROM votes v JOIN statements s ON s.id = v.statement_id
               WHERE s.set_id = $1 AND s.status = 'published' ORDER BY v.user_id"#,
            set
        ) => |r| (r.user, r.statement, r.vote))?;
        let mut voter = -1;
        let mut last = None;
        Ok(rows
            .into_iter()
            .map(|(user, statement, vote)| {
                if last != Some(user) {
                    voter += 1;
                    last = Some(user);
                }
                Ballot {
                    voter,
                    statement,
                    vote,
                }
            })
            .collect())
    }

    /// A user's votes, for `/mydata`: (set title RU, KK, statement RU, KK, vote), by set.
    pub async fn user_votes(
        &self,
        user: i64,
    ) -> Result<Vec<(String, String, String, String, Vote)>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT t.title_ru, t.title_kk, s.text_ru, s.text_kk, v.vote AS "vote!"
               FROM votes v JOIN statements s ON s.id = v.statement_id JOIN statement_sets t ON t.id = s.set_id
               WHERE v.user_id = $1 ORDER BY t.id, s.position"#,
            user
        ) => |r| (r.title_ru, r.title_kk, r.text_ru, r.text_kk, r.vote))?;
        Ok(rows
            .into_iter()
            .filter_map(|(a, b, c, d, v)| Vote::from_value(v).map(|v| (a, b, c, d, v)))
            .collect())
    }

    /// Stores a resident's proposal for moderation (hidden until approved).
    pub async fn propose(&self, set: &str, user: i64, lang: Lang, text: &str) -> Result<i64, StorageError> {
        let t = now();
        let (ru, kk) = match lang {
            Lang::Ru => (text, ""),
            Lang::Kk => ("", text),
        };
        let id = sql!((write self) => fetch_one, query_scalar!(
            r#"INSERT INTO statements (set_id, position, text_ru, text_kk, status, proposed_by, created_at)
               VALUES ($1, 0, $2, $3, 'proposed', $4, $5) RETURNING id AS "id!""#,
            set,
            ru,
            kk,
            user,
            t
        ))?;
        Ok(id)
    }

    /// Proposals waiting for moderation.
    pub async fn proposals_waiting(&self) -> Result<i64, StorageError> {
        let n = sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM statements WHERE status = 'proposed'"#
        ))?;
        Ok(n)
    }

    /// The oldest proposal waiting.
    pub async fn next_proposal(&self) -> Result<Option<Proposal>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query!(
            r#"SELECT id AS "id!", set_id, text_ru, text_kk, proposed_by, created_at FROM statements
               WHERE status = 'proposed' ORDER BY created_at, id LIMIT 1"#
        ) => |r| proposal(r.id, r.set_id, r.text_ru, r.text_kk, r.proposed_by, r.created_at))?;
        Ok(row)
    }

    /// Approves (`reason` None: published after the set's other statements) or rejects a
    /// proposal still waiting, with the proposer's message (`tell`, given the proposal) queued
    /// in the same transaction. None: already moderated (or gone).
    pub async fn moderate(
        &self,
        id: i64,
        by: i64,
        reason: Option<&str>,
        tell: impl FnOnce(&Proposal) -> Option<NewMessage>,
    ) -> Result<Option<Proposal>, StorageError> {
        let mut tx = self.write_tx(Lock::Statements).await?;
        let t = now();
        let status = if reason.is_some() { "rejected" } else { "published" };
        let row = sql!((tx &mut tx) => fetch_optional, query!(
            r#"UPDATE statements SET status = $2, reject_reason = CAST($3 AS TEXT), moderated_by = $4, moderated_at = $5,
                   position = CASE WHEN CAST($3 AS TEXT) IS NULL
                                   THEN (SELECT COALESCE(MAX(o.position), -1) + 1 FROM statements o
                                         WHERE o.set_id = statements.set_id AND o.status = 'published')
                                   ELSE position END
               WHERE id = $1 AND status = 'proposed'
               RETURNING id AS "id!", set_id, text_ru, text_kk, proposed_by, created_at"#,
            id,
            status,
            reason,
            by,
            t
        ) => |r| proposal(r.id, r.set_id, r.text_ru, r.text_kk, r.proposed_by, r.created_at))?;
        if let Some(p) = &row
            && let Some(message) = tell(p)
        {
            enqueue(&mut tx, &message).await?;
        }
        tx.commit().await?;
        Ok(row)
    }
}

fn proposal(id: i64, set_id: String, ru: String, kk: String, by: Option<i64>, at: i64) -> Proposal {
    let (text, lang) = if ru.is_empty() {
        (kk, Lang::Kk)
    } else {
        (ru, Lang::Ru)
    };
    Proposal {
        id,
        set_id,
        text,
        lang,
        proposed_by: by,
        created_at: at,
    }
}
