//! Residents' comments on drafts, article by article: each on the version of the text it was
//! made on, hidden until a volunteer approves it, supported once per resident, and answered by
//! the drafters through an editor; every outcome reaches the commenter through the outbox in
//! the same transaction. `/forget` turns a comment into a «removed» row, so the digest's
//! counts still add up.

use super::{
    Db, Lock, StorageError, Tx, now,
    outbox::{NewMessage, enqueue},
    sql,
};
use crate::domain::Lang;

/// A comment as stored, with its support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRow {
    pub id: i64,
    pub doc_id: String,
    pub version: i64,
    pub article: i64,
    pub user_id: Option<i64>,
    pub lang: Lang,
    pub district: Option<String>,
    pub body: String,
    /// `pending`, `approved`, `rejected` or `removed`.
    pub status: String,
    pub reject_reason: Option<String>,
    /// `accepted`, `considered` or `rejected`: what the drafters made of it.
    pub response: Option<String>,
    pub response_note: Option<String>,
    pub agrees: i64,
    pub created_at: i64,
}

/// What a resident's comment is about.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    pub doc_id: &'a str,
    pub version: i64,
    pub article: i64,
    pub user_id: i64,
    pub lang: Lang,
    pub body: &'a str,
}

#[allow(clippy::too_many_arguments)]
fn row(
    id: i64,
    doc_id: String,
    version: i64,
    article: i64,
    user_id: Option<i64>,
    lang: String,
    district: Option<String>,
    body: String,
    status: String,
    reject_reason: Option<String>,
    response: Option<String>,
    response_note: Option<String>,
    agrees: i64,
    created_at: i64,
) -> CommentRow {
    CommentRow {
        id,
        doc_id,
        version,
        article,
        user_id,
        lang: lang.parse().unwrap_or(Lang::Ru),
        district,
        body,
        status,
        reject_reason,
        response,
        response_note,
        agrees,
        created_at,
    }
}

impl Db {
    /// The version number of a draft's text `hash`: the one it has, or the next one.
    pub async fn draft_version(&self, doc: &str, hash: &str) -> Result<i64, StorageError> {
        let known = sql!((pool self) => fetch_optional, query_scalar!(
            r#"SELECT version AS "version!: i64" FROM draft_versions WHERE doc_id = $1 AND text_hash = $2"#,
            doc,
            hash
        ))?;
        if let Some(v) = known {
            return Ok(v);
        }
        let mut tx = self.write_tx(Lock::Draft).await?;
        let t = now();
        sql!((tx &mut tx) => execute, query!(
            "INSERT INTO draft_versions (doc_id, version, text_hash, created_at)
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3 FROM draft_versions WHERE doc_id = $1
             ON CONFLICT DO NOTHING",
            doc,
            hash,
            t
        ))?;
        let v = sql!((tx &mut tx) => fetch_one, query_scalar!(
            r#"SELECT version AS "version!: i64" FROM draft_versions WHERE doc_id = $1 AND text_hash = $2"#,
            doc,
            hash
        ))?;
        tx.commit().await?;
        Ok(v)
    }

    /// Stores a resident's comment, waiting for moderation, with their district now; its number.
    pub async fn add_comment(&self, c: &NewComment<'_>) -> Result<i64, StorageError> {
        let mut tx = self.write_tx(Lock::User(c.user_id)).await?;
        let t = now();
        let lang = c.lang.code();
        let id = sql!((tx &mut tx) => fetch_one, query_scalar!(
            r#"INSERT INTO draft_comments (doc_id, version, article, user_id, lang, district, body, created_at)
               VALUES ($1, $2, $3, $4, $5, (SELECT district FROM users WHERE id = $4), $6, $7)
               RETURNING id AS "id!: i64""#,
            c.doc_id,
            c.version,
            c.article,
            c.user_id,
            lang,
            c.body,
            t
        ))?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn comment(&self, id: i64) -> Result<Option<CommentRow>, StorageError> {
        Ok(sql!((pool self) => fetch_optional, query!(
            r#"SELECT c.id AS "id!: i64", c.doc_id, c.version AS "version!: i64", c.article AS "article!: i64",
                      c.user_id AS "user_id?: i64", c.lang, c.district, c.body, c.status, c.reject_reason,
                      c.response, c.response_note,
                      (SELECT COUNT(*) FROM comment_agrees a WHERE a.comment_id = c.id) AS "agrees!: i64",
                      c.created_at AS "created_at!: i64"
               FROM draft_comments c WHERE c.id = $1"#,
            id
        ) => |r| row(r.id, r.doc_id, r.version, r.article, r.user_id, r.lang, r.district, r.body, r.status,
                     r.reject_reason, r.response, r.response_note, r.agrees, r.created_at))?)
    }

    /// Every comment on `doc` (all statuses), by article then number: the digest's rows.
    pub async fn doc_comments(&self, doc: &str) -> Result<Vec<CommentRow>, StorageError> {
        Ok(sql!((pool self) => fetch_all, query!(
            r#"SELECT c.id AS "id!: i64", c.doc_id, c.version AS "version!: i64", c.article AS "article!: i64",
                      c.user_id AS "user_id?: i64", c.lang, c.district, c.body, c.status, c.reject_reason,
                      c.response, c.response_note,
                      (SELECT COUNT(*) FROM comment_agrees a WHERE a.comment_id = c.id) AS "agrees!: i64",
                      c.created_at AS "created_at!: i64"
               FROM draft_comments c WHERE c.doc_id = $1 ORDER BY c.article, c.id"#,
            doc
        ) => |r| row(r.id, r.doc_id, r.version, r.article, r.user_id, r.lang, r.district, r.body, r.status,
                     r.reject_reason, r.response, r.response_note, r.agrees, r.created_at))?)
    }

    /// A resident's own comments, newest first (for `/mydata`).
    pub async fn user_comments(&self, user: i64) -> Result<Vec<CommentRow>, StorageError> {
        Ok(sql!((pool self) => fetch_all, query!(
            r#"SELECT c.id AS "id!: i64", c.doc_id, c.version AS "version!: i64", c.article AS "article!: i64",
                      c.user_id AS "user_id?: i64", c.lang, c.district, c.body, c.status, c.reject_reason,
                      c.response, c.response_note,
                      (SELECT COUNT(*) FROM comment_agrees a WHERE a.comment_id = c.id) AS "agrees!: i64",
                      c.created_at AS "created_at!: i64"
               FROM draft_comments c WHERE c.user_id = $1 ORDER BY c.id DESC"#,
            user
        ) => |r| row(r.id, r.doc_id, r.version, r.article, r.user_id, r.lang, r.district, r.body, r.status,
                     r.reject_reason, r.response, r.response_note, r.agrees, r.created_at))?)
    }

    /// The approved comments on article `article` of `doc`, by number.
    pub async fn article_comments(&self, doc: &str, article: i64) -> Result<Vec<CommentRow>, StorageError> {
        Ok(sql!((pool self) => fetch_all, query!(
            r#"SELECT c.id AS "id!: i64", c.doc_id, c.version AS "version!: i64", c.article AS "article!: i64",
                      c.user_id AS "user_id?: i64", c.lang, c.district, c.body, c.status, c.reject_reason,
                      c.response, c.response_note,
                      (SELECT COUNT(*) FROM comment_agrees a WHERE a.comment_id = c.id) AS "agrees!: i64",
                      c.created_at AS "created_at!: i64"
               FROM draft_comments c WHERE c.doc_id = $1 AND c.article = $2 AND c.status = 'approved' ORDER BY c.id"#,
            doc,
            article
        ) => |r| row(r.id, r.doc_id, r.version, r.article, r.user_id, r.lang, r.district, r.body, r.status,
                     r.reject_reason, r.response, r.response_note, r.agrees, r.created_at))?)
    }

    /// How many approved comments article `article` of `doc` has.
    pub async fn article_comment_count(&self, doc: &str, article: i64) -> Result<i64, StorageError> {
        Ok(sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM draft_comments WHERE doc_id = $1 AND article = $2 AND status = 'approved'"#,
            doc,
            article
        ))?)
    }

    /// Approved comments per article of `doc`: (article, count).
    pub async fn approved_per_article(&self, doc: &str) -> Result<Vec<(i64, i64)>, StorageError> {
        Ok(sql!((pool self) => fetch_all, query!(
            r#"SELECT article AS "article!: i64", COUNT(*) AS "n!: i64" FROM draft_comments
               WHERE doc_id = $1 AND status = 'approved' GROUP BY article ORDER BY article"#,
            doc
        ) => |r| (r.article, r.n))?)
    }

    /// (document, status, comments) over every comment: what `check-content` reports.
    pub async fn comment_states(&self) -> Result<Vec<(String, String, i64)>, StorageError> {
        Ok(sql!((pool self) => fetch_all, query!(
            r#"SELECT doc_id, status, COUNT(*) AS "n!: i64" FROM draft_comments GROUP BY doc_id, status ORDER BY doc_id, status"#
        ) => |r| (r.doc_id, r.status, r.n))?)
    }

    /// Comments waiting for a volunteer.
    pub async fn comments_waiting(&self) -> Result<i64, StorageError> {
        Ok(sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM draft_comments WHERE status = 'pending'"#
        ))?)
    }

    /// The oldest comment waiting for a volunteer.
    pub async fn next_comment(&self) -> Result<Option<CommentRow>, StorageError> {
        let id = sql!((pool self) => fetch_optional, query_scalar!(
            r#"SELECT id AS "id!: i64" FROM draft_comments WHERE status = 'pending' ORDER BY created_at, id LIMIT 1"#
        ))?;
        match id {
            Some(id) => self.comment(id).await,
            None => Ok(None),
        }
    }

    /// Approves (`reason` None) or rejects a waiting comment, queueing `tell(comment)` for its
    /// author in the same transaction; None when it no longer waits.
    pub async fn moderate_comment(
        &self,
        id: i64,
        by: i64,
        reason: Option<&str>,
        tell: impl FnOnce(&CommentRow) -> Option<NewMessage>,
    ) -> Result<Option<CommentRow>, StorageError> {
        let mut tx = self.write_tx(Lock::Draft).await?;
        let t = now();
        let status = if reason.is_some() { "rejected" } else { "approved" };
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE draft_comments SET status = $2, reject_reason = CAST($3 AS TEXT), moderated_by = $4, moderated_at = $5
             WHERE id = $1 AND status = 'pending'",
            id,
            status,
            reason,
            by,
            t
        ))?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        tell_author(tx, id, tell).await
    }

    /// `user` supports an approved comment; false when they did already (or it is not shown).
    pub async fn agree_comment(&self, comment: i64, user: i64) -> Result<bool, StorageError> {
        let mut tx = self.write_tx(Lock::User(user)).await?;
        let t = now();
        let done = sql!((tx &mut tx) => execute, query!(
            "INSERT INTO comment_agrees (comment_id, user_id, created_at)
             SELECT id, $2, $3 FROM draft_comments WHERE id = $1 AND status = 'approved'
             ON CONFLICT DO NOTHING",
            comment,
            user,
            t
        ))?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records the drafters' response to an approved comment and queues `tell(comment)` for its
    /// author; None when there is no such approved comment.
    pub async fn respond_comment(
        &self,
        id: i64,
        by: i64,
        response: &str,
        note: &str,
        tell: impl FnOnce(&CommentRow) -> Option<NewMessage>,
    ) -> Result<Option<CommentRow>, StorageError> {
        let mut tx = self.write_tx(Lock::Draft).await?;
        let t = now();
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE draft_comments SET response = $2, response_note = $3, responded_by = $4, responded_at = $5
             WHERE id = $1 AND status = 'approved'",
            id,
            response,
            note,
            by,
            t
        ))?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        tell_author(tx, id, tell).await
    }

    /// Whether `doc`'s discussion was marked closed.
    pub async fn discussion_closed(&self, doc: &str) -> Result<bool, StorageError> {
        let n = sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM draft_closings WHERE doc_id = $1"#,
            doc
        ))?;
        Ok(n > 0)
    }

    /// Marks `doc`'s discussion closed, queueing `messages` (to admins) once; false when it was.
    pub async fn close_discussion(
        &self,
        doc: &str,
        closes_at: i64,
        messages: &[NewMessage],
    ) -> Result<bool, StorageError> {
        let mut tx = self.write_tx(Lock::Draft).await?;
        let t = now();
        let done = sql!((tx &mut tx) => execute, query!(
            "INSERT INTO draft_closings (doc_id, closes_at, closed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            doc,
            closes_at,
            t
        ))?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        for m in messages {
            enqueue(&mut tx, m).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// After a moderation or a response: the comment as it now is, `tell(comment)` queued for its
/// author, and the transaction committed.
async fn tell_author(
    mut tx: Tx,
    id: i64,
    tell: impl FnOnce(&CommentRow) -> Option<NewMessage>,
) -> Result<Option<CommentRow>, StorageError> {
    let c = sql!((tx &mut tx) => fetch_one, query!(
        r#"SELECT c.id AS "id!: i64", c.doc_id, c.version AS "version!: i64", c.article AS "article!: i64",
                      c.user_id AS "user_id?: i64", c.lang, c.district, c.body, c.status, c.reject_reason,
                      c.response, c.response_note, c.created_at AS "created_at!: i64"
               FROM draft_comments c WHERE c.id = $1"#,
        id
    ) => |r| row(r.id, r.doc_id, r.version, r.article, r.user_id, r.lang, r.district, r.body, r.status,
                 r.reject_reason, r.response, r.response_note, 0, r.created_at))?;
    if let Some(m) = tell(&c) {
        enqueue(&mut tx, &m).await?;
    }
    tx.commit().await?;
    Ok(Some(c))
}
