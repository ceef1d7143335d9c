//! Editors and published packs: the role, versions (the newest is live, ten kept),
//! and checked uploads waiting for Publish.

use super::{Db, Lock, StorageError, now, sql};

/// How many published versions are kept.
pub const KEPT_VERSIONS: i64 = 10;

/// A published version, without its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub id: i64,
    pub published_by: i64,
    pub published_at: i64,
    pub what: String,
    pub summary: String,
    pub dir_hash: String,
}

impl Db {
    /// Ends the editor role; their pending drafts go. Returns whether they were an editor.
    pub async fn remove_editor(&self, user_id: i64) -> Result<bool, StorageError> {
        let mut tx = self.write_tx(Lock::Packs).await?;
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE users SET editor = FALSE WHERE id = $1 AND editor = TRUE",
            user_id
        ))?
        .rows_affected();
        sql!((tx &mut tx) => execute, query!("DELETE FROM pack_drafts WHERE editor = $1", user_id))?;
        tx.commit().await?;
        Ok(done > 0)
    }

    pub async fn editors(&self) -> Result<Vec<(i64, Option<String>)>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT id AS "id!", display_name FROM users WHERE editor = TRUE ORDER BY id"#
        ) => |r| (r.id, r.display_name))?;
        Ok(rows)
    }

    /// The newest published version (the live pack), without its files.
    pub async fn live_version(&self) -> Result<Option<VersionInfo>, StorageError> {
        Ok(self.versions(1).await?.into_iter().next())
    }

    /// The newest `limit` versions, newest first.
    pub async fn versions(&self, limit: i64) -> Result<Vec<VersionInfo>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query_as!(
            VersionInfo,
            r#"SELECT id AS "id!", published_by, published_at, what, summary, dir_hash
               FROM pack_versions ORDER BY id DESC LIMIT $1"#,
            limit
        ))?;
        Ok(rows)
    }

    /// The files of version `id`, zipped.
    pub async fn version_zip(&self, id: i64) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(
            sql!((pool self) => fetch_optional, query_scalar!("SELECT zip FROM pack_versions WHERE id = $1", id))?,
        )
    }

    /// Makes `zip` the live pack if version `base` still is (0: none published yet), in one
    /// transaction with its audit entry; keeps the newest [`KEPT_VERSIONS`]. When nothing is
    /// published yet, `folder` (the zip and summary of the pack served from `CONTENT_DIR` until
    /// now) is recorded first as a version of its own (`what` = `folder`), so that `/rollback`
    /// can return to it.
    #[allow(clippy::too_many_arguments)]
    pub async fn publish_version(
        &self,
        base: Option<i64>,
        zip: &[u8],
        by: i64,
        what: &str,
        summary: &str,
        dir_hash: &str,
        audit: &str,
        folder: Option<(&[u8], &str)>,
    ) -> Result<Option<i64>, StorageError> {
        let mut tx = self.write_tx(Lock::Packs).await?;
        let live = sql!((tx &mut tx) => fetch_one, query_scalar!(r#"SELECT MAX(id) AS "id: i64" FROM pack_versions"#))?
            .unwrap_or(0);
        if let Some(base) = base
            && base != live
        {
            return Ok(None);
        }
        let t = now();
        let mut versions = Vec::with_capacity(2);
        if live == 0
            && let Some((folder_zip, folder_summary)) = folder
        {
            versions.push((
                folder_zip,
                "folder",
                folder_summary,
                "the pack served from CONTENT_DIR before the first publish",
            ));
        }
        versions.push((zip, what, summary, audit));
        let mut id = 0;
        for (zip, what, summary, audit) in versions {
            id = sql!((tx &mut tx) => fetch_one, query_scalar!(
                r#"INSERT INTO pack_versions (zip, published_by, published_at, what, summary, dir_hash)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id AS "id!""#,
                zip,
                by,
                t,
                what,
                summary,
                dir_hash
            ))?;
            let action = format!("pack_{what}");
            let detail = format!("version {id}: {audit}");
            sql!((tx &mut tx) => execute, query!(
                "INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)",
                t,
                by,
                action,
                detail
            ))?;
        }
        let oldest_kept = id - KEPT_VERSIONS + 1;
        sql!((tx &mut tx) => execute, query!("DELETE FROM pack_versions WHERE id < $1", oldest_kept))?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Keeps a checked upload until Publish; returns its id.
    pub async fn save_draft(&self, editor: i64, zip: &[u8], base: i64) -> Result<i64, StorageError> {
        let t = now();
        let mut tx = self.write_tx(Lock::Packs).await?;
        // One pending draft per editor: a newer file replaces the older one.
        sql!((tx &mut tx) => execute, query!("DELETE FROM pack_drafts WHERE editor = $1", editor))?;
        let id = sql!((tx &mut tx) => fetch_one, query_scalar!(
            r#"INSERT INTO pack_drafts (editor, zip, base, created_at) VALUES ($1, $2, $3, $4) RETURNING id AS "id!""#,
            editor,
            zip,
            base,
            t
        ))?;
        tx.commit().await?;
        Ok(id)
    }

    /// The draft `id` of `editor`: its files and the version it was checked against.
    pub async fn draft(&self, id: i64, editor: i64) -> Result<Option<(Vec<u8>, i64)>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query!(
            "SELECT zip, base FROM pack_drafts WHERE id = $1 AND editor = $2",
            id,
            editor
        ) => |r| (r.zip, r.base))?;
        Ok(row)
    }

    pub async fn delete_draft(&self, id: i64) -> Result<(), StorageError> {
        sql!((write self) => execute, query!("DELETE FROM pack_drafts WHERE id = $1", id))?;
        Ok(())
    }
}
