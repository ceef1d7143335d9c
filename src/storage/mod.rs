//! All SQL lives here: the SQLite database behind the bot.
//!
//! One pool, WAL mode (readers never wait for the writer), foreign keys on, a busy timeout so
//! concurrent workers wait for a lock instead of failing, and migrations applied at open.

mod broadcasts;
mod dialogue;
mod events;
mod outbox;
mod packs;
mod questions;
mod stats;
mod users;

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

pub use broadcasts::{Active, AuditEntry, Delivery, Progress};
pub use dialogue::DialogueStorage;
pub use events::{DueReminder, ImportSummary, Rsvp, Skipped, StoredEvent};
pub use outbox::{Finish, NewMessage, OutboxKind, OutboxRow, OutboxState, RETRY_FOR_SECS};
pub use packs::{KEPT_VERSIONS, VersionInfo};
pub use questions::{AnswerRecorded, FaqRow, InviteOutcome, NewQuestion, QuestionRow, QueueStats};
pub use stats::Stats;
pub use users::UserRow;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database file: {0}")]
    Io(#[from] std::io::Error),
    #[error("stored dialogue state is unreadable: {0}")]
    State(#[from] serde_json::Error),
}

/// The database: a cheap-to-clone handle.
#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
}

/// Unix seconds now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Db {
    /// Opens (creating if needed) the database at `url` and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self, StorageError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let path = options.get_filename();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        drop_district_check(&pool).await?;
        Ok(Self { pool })
    }

    /// The file behind the database, for messages.
    pub fn describe(url: &str) -> String {
        SqliteConnectOptions::from_str(url)
            .map(|o| Path::new(o.get_filename()).display().to_string())
            .unwrap_or_else(|_| url.to_owned())
    }

    /// A write transaction, taking the write lock up front (`BEGIN IMMEDIATE`): a transaction
    /// that reads and then writes would otherwise fail with SQLITE_BUSY when another writer
    /// got in between, instead of waiting for the busy timeout.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes the pool, waiting for connections to finish (checkpoints the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Rebuilds `events` without the CHECK that listed West Kazakhstan's district ids (the region
/// file names the districts now), once per database. Not a migration: sqlx runs SQLite migrations
/// inside a transaction, where foreign keys cannot be switched off, and with them on, dropping the
/// old table would delete every RSVP, reminder and notice of every event.
async fn drop_district_check(pool: &SqlitePool) -> Result<(), StorageError> {
    let schema: Option<String> =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'")
            .fetch_optional(pool)
            .await?;
    if !schema.is_some_and(|s| s.contains("'shyngyrlau'")) {
        return Ok(());
    }
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let rebuilt = rebuild_events(&mut conn).await;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    rebuilt?;
    log::info!("events table rebuilt: districts now come from the region file");
    Ok(())
}

async fn rebuild_events(conn: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    use sqlx::{Connection as _, Executor as _};
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    tx.execute(include_str!("sqlite/events_without_district_check.sql"))
        .await?;
    let broken = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *tx)
        .await?;
    if !broken.is_empty() {
        tx.rollback().await?;
        return Err(sqlx::Error::Protocol(format!(
            "rebuilding events would leave {} rows without their event; nothing was changed",
            broken.len()
        )));
    }
    tx.commit().await
}

impl Db {
    /// A consistent copy of the live database at `path` (SQLite `VACUUM INTO`): readers and
    /// the running bot are not blocked. Refuses to overwrite an existing file.
    pub async fn backup(&self, path: &Path) -> Result<(), StorageError> {
        if path.exists() {
            return Err(StorageError::Io(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} already exists; choose a new file name", path.display()),
            )));
        }
        let target = path.to_string_lossy().into_owned();
        sqlx::query("VACUUM INTO ?1")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
