//! All SQL lives here: SQLite (one file, the default) or PostgreSQL (`DATABASE_URL=postgres://…`),
//! behind one `Db` whose methods are the same for both.
//!
//! Every statement is written once, with `$1` placeholders and SQL both engines accept, and
//! checked at build time against each (the [`sql!`] macro expands it for both; `.sqlx/` holds
//! the offline data of both, `scripts/sqlx-prepare` writes it). Writes that read first lock what
//! they decide about up front: SQLite has one writer anyway (`BEGIN IMMEDIATE`); PostgreSQL takes
//! a transaction-scoped advisory lock per user, question, … (see [`Db::write_tx`] and [`Lock`]).
//!
//! SQLite: WAL mode, one writer connection (`(write db)` statements and transactions queue for
//! it in order instead of sleeping in SQLite's busy handler) and read-only connections beside it
//! (`(pool db)`; they never wait for the writer); foreign keys on; a busy timeout for other
//! processes on the same file (`atazan backup`, a second handle in tests). Migrations are applied at open, from
//! `migrations/sqlite/` or `migrations/postgres/`.

mod broadcasts;
mod dialogue;
mod drafts;
mod events;
mod inbox;
#[cfg(all(feature = "sqlite", feature = "postgres"))]
mod migrate;
mod outbox;
mod packs;
mod questions;
mod report;
mod statements;
mod stats;
mod users;

use std::{path::Path, time::Duration};

#[cfg(feature = "postgres")]
use sqlx::postgres::{PgPool, PgPoolOptions};
#[cfg(feature = "sqlite")]
use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

pub use broadcasts::{Active, AuditEntry, Delivery, Progress};
pub use dialogue::DialogueStorage;
pub use drafts::{CommentRow, NewComment};
pub use events::{DueReminder, ImportSummary, Rsvp, Skipped, StoredEvent};
pub use inbox::{GAP_WAIT_SECS, InboxUpdate};
#[cfg(all(feature = "sqlite", feature = "postgres"))]
pub use migrate::Copied;
pub use outbox::{Finish, Lane, NewMessage, OutboxKind, OutboxRow, OutboxState, RETRY_FOR_SECS};
pub use packs::{KEPT_VERSIONS, VersionInfo};
pub use questions::{
    AnswerRecorded, FaqRow, InviteOutcome, NewQuestion, QuestionLimits, QuestionRow, QueueStats, Submitted,
};
pub use report::{EventGroup, QuestionGroup, RawReport, VotedStatement};
pub use statements::{Ballot, Proposal, SetRow, StatementRow, VoteOutcome, localized};
pub use stats::Stats;
pub use users::{Loaded, UserRow};

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
    #[error("{0}")]
    Unsupported(String),
}

/// The engine behind a [`Db`].
#[derive(Clone, Debug)]
pub enum Backend {
    #[cfg(feature = "sqlite")]
    Sqlite(SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(PgPool),
}

/// A write transaction on either engine.
pub(crate) enum Tx {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            #[cfg(feature = "sqlite")]
            Self::Sqlite(tx) => tx.commit().await,
            #[cfg(feature = "postgres")]
            Self::Postgres(tx) => tx.commit().await,
        }
    }
}

/// What an `execute` did, on either engine.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Done(u64);

impl Done {
    pub(crate) fn rows_affected(self) -> u64 {
        self.0
    }
}

/// Runs one statement on the engine of `(pool db)` or `(tx tx)`, checked at build time against
/// both: `sql!((pool self) => fetch_one, query_as!(Row, "SELECT … WHERE id = $1", id))`.
/// The PostgreSQL copy of the text gets a comment appended, so that the offline data of the
/// two engines (keyed by the text's hash) do not collide.
macro_rules! sql {
    // A claim: on PostgreSQL the subquery locks the row it takes (`pg_lock`, e.g.
    // `" FOR UPDATE SKIP LOCKED"`, between the text's two parts), so that concurrent claimers on
    // several instances take different rows; SQLite has neither the clause nor the need (one
    // writer at a time). The PostgreSQL text differs, so its offline data cannot collide.
    ($on:tt => $method:ident, query_as!($out:path, $head:literal, pg_lock: $lock:literal, $tail:literal $(, $arg:expr)* $(,)?)) => {
        sql!(@on $on,
            e => sqlx::query_as!($out, $head + $tail $(, $arg)*).$method(e).await,
            e => sqlx::query_as!($out, $head + $lock + $tail $(, $arg)*).$method(e).await
        )
    };
    ($on:tt => fetch_optional, query!($head:literal, pg_lock: $lock:literal, $tail:literal $(, $arg:expr)* $(,)?) => |$r:ident| $map:expr) => {
        sql!(@on $on,
            e => sqlx::query!($head + $tail $(, $arg)*).fetch_optional(e).await.map(|o| o.map(|$r| $map)),
            e => sqlx::query!($head + $lock + $tail $(, $arg)*).fetch_optional(e).await.map(|o| o.map(|$r| $map))
        )
    };
    ($on:tt => execute, query!($sql:literal $(, $arg:expr)* $(,)?)) => {
        sql!(@on $on,
            e => sqlx::query!($sql $(, $arg)*).execute(e).await.map(|r| $crate::storage::Done(r.rows_affected())),
            e => sqlx::query!($sql + " -- postgres" $(, $arg)*).execute(e).await.map(|r| $crate::storage::Done(r.rows_affected()))
        )
    };
    // `query!` rows are a type of their own per engine: `=> |r| …` maps each to a common one.
    ($on:tt => fetch_one, query!($sql:literal $(, $arg:expr)* $(,)?) => |$r:ident| $map:expr) => {
        sql!(@on $on,
            e => sqlx::query!($sql $(, $arg)*).fetch_one(e).await.map(|$r| $map),
            e => sqlx::query!($sql + " -- postgres" $(, $arg)*).fetch_one(e).await.map(|$r| $map)
        )
    };
    ($on:tt => fetch_optional, query!($sql:literal $(, $arg:expr)* $(,)?) => |$r:ident| $map:expr) => {
        sql!(@on $on,
            e => sqlx::query!($sql $(, $arg)*).fetch_optional(e).await.map(|o| o.map(|$r| $map)),
            e => sqlx::query!($sql + " -- postgres" $(, $arg)*).fetch_optional(e).await.map(|o| o.map(|$r| $map))
        )
    };
    ($on:tt => fetch_all, query!($sql:literal $(, $arg:expr)* $(,)?) => |$r:ident| $map:expr) => {
        sql!(@on $on,
            e => sqlx::query!($sql $(, $arg)*).fetch_all(e).await.map(|v| v.into_iter().map(|$r| $map).collect::<Vec<_>>()),
            e => sqlx::query!($sql + " -- postgres" $(, $arg)*).fetch_all(e).await.map(|v| v.into_iter().map(|$r| $map).collect::<Vec<_>>())
        )
    };
    ($on:tt => $method:ident, query_as!($out:path, $sql:literal $(, $arg:expr)* $(,)?)) => {
        sql!(@on $on,
            e => sqlx::query_as!($out, $sql $(, $arg)*).$method(e).await,
            e => sqlx::query_as!($out, $sql + " -- postgres" $(, $arg)*).$method(e).await
        )
    };
    ($on:tt => $method:ident, query_scalar!($sql:literal $(, $arg:expr)* $(,)?)) => {
        sql!(@on $on,
            e => sqlx::query_scalar!($sql $(, $arg)*).$method(e).await,
            e => sqlx::query_scalar!($sql + " -- postgres" $(, $arg)*).$method(e).await
        )
    };
    // Reads: SQLite's read-only connections (WAL: they never wait for the writer).
    (@on (pool $db:expr), $l:ident => $lite:expr, $p:ident => $pg:expr) => {
        match &$db.backend {
            #[cfg(feature = "sqlite")]
            $crate::storage::Backend::Sqlite(writer) => {
                $crate::storage::count_statement();
                let $l = $db.reader_or(writer);
                $lite
            }
            #[cfg(feature = "postgres")]
            $crate::storage::Backend::Postgres($p) => {
                $crate::storage::count_statement();
                $pg
            }
        }
    };
    // Writes outside a transaction: SQLite's one writer connection (queued, never busy-waiting).
    (@on (write $db:expr), $l:ident => $lite:expr, $p:ident => $pg:expr) => {
        match &$db.backend {
            #[cfg(feature = "sqlite")]
            $crate::storage::Backend::Sqlite($l) => {
                $crate::storage::count_statement();
                $lite
            }
            #[cfg(feature = "postgres")]
            $crate::storage::Backend::Postgres($p) => {
                $crate::storage::count_statement();
                $pg
            }
        }
    };
    (@on (tx $tx:expr), $l:ident => $lite:expr, $p:ident => $pg:expr) => {
        match $tx {
            #[cfg(feature = "sqlite")]
            $crate::storage::Tx::Sqlite(t) => {
                $crate::storage::count_statement();
                let $l = &mut **t;
                $lite
            }
            #[cfg(feature = "postgres")]
            $crate::storage::Tx::Postgres(t) => {
                $crate::storage::count_statement();
                let $p = &mut **t;
                $pg
            }
        }
    };
}
pub(crate) use sql;

tokio::task_local! {
    /// SQL statements run by the future in [`counting`].
    static STATEMENTS: std::cell::Cell<u32>;
}

/// Counts one statement for the update in hand, if one is being counted (every [`sql!`]
/// statement calls it; `BEGIN` and `COMMIT` are not counted).
pub(crate) fn count_statement() {
    let _ = STATEMENTS.try_with(|c| c.set(c.get() + 1));
}

/// Runs `f`, counting the SQL statements it runs (not those of tasks it spawns).
pub async fn counting<F: std::future::Future>(f: F) -> (F::Output, u32) {
    STATEMENTS
        .scope(std::cell::Cell::new(0), async {
            let out = f.await;
            (out, STATEMENTS.with(std::cell::Cell::get))
        })
        .await
}

/// The statement counts of the last few thousand updates, per chat, oldest first.
static PER_UPDATE: std::sync::Mutex<std::collections::VecDeque<(i64, i64, u32)>> =
    std::sync::Mutex::new(std::collections::VecDeque::new());

/// Records that update `update_id` of `chat` ran `n` statements (see [`statements_per_update`]).
pub fn record_update_statements(chat: i64, update_id: i64, n: u32) {
    let mut all = PER_UPDATE.lock().unwrap_or_else(|e| e.into_inner());
    if all.len() >= 4096 {
        all.pop_front();
    }
    all.push_back((chat, update_id, n));
}

/// (update id, SQL statements it ran) of each recent update of `chat`, in the order they
/// finished: what the hot path costs, for tests and benchmarks.
pub fn statements_per_update(chat: i64) -> Vec<(i64, u32)> {
    let all = PER_UPDATE.lock().unwrap_or_else(|e| e.into_inner());
    all.iter()
        .filter(|(c, ..)| *c == chat)
        .map(|&(_, id, n)| (id, n))
        .collect()
}

/// The database: a cheap-to-clone handle.
#[derive(Clone, Debug)]
pub struct Db {
    /// PostgreSQL's pool, or SQLite's one writer connection.
    backend: Backend,
    /// SQLite: read-only connections beside the writer.
    #[cfg(feature = "sqlite")]
    reader: Option<SqlitePool>,
    /// Dialogue states read with the user for the update in hand (see `dialogue.rs`).
    primed: dialogue::Primed,
}

/// What a write transaction must not overlap with on PostgreSQL: transactions that read and
/// then decide take the lock of what they decide about (one user, one question, the packs...),
/// so that unrelated writes run in parallel, on one instance or several. SQLite has one writer.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lock {
    /// Conditional updates and inserts that are right without a lock (fenced by their WHERE).
    None,
    /// One user's questions, RSVPs, data.
    User(i64),
    /// One question's answer, rejection, escalation, FAQ entry.
    Question(i64),
    /// One reminder.
    Reminder(i64),
    /// Broadcasts' states (rare: one lock for all).
    Broadcasts,
    /// The events table as a whole (imports).
    Events,
    /// Content packs, drafts and editors.
    Packs,
    /// Invites.
    Invites,
    /// Which admins have menus.
    AdminMenus,
    /// Statement sets and their moderation.
    Statements,
    /// One draft's versions and comments.
    Draft,
}

impl Lock {
    /// The advisory lock's key: a namespace in the top byte, the id below (a collision only
    /// makes two transactions wait for each other).
    #[cfg(feature = "postgres")]
    fn key(self) -> Option<i64> {
        let (ns, id): (i64, i64) = match self {
            Self::None => return None,
            Self::User(id) => (1, id),
            Self::Question(id) => (2, id),
            Self::Reminder(id) => (3, id),
            Self::Broadcasts => (4, 0),
            Self::Events => (5, 0),
            Self::Packs => (6, 0),
            Self::Invites => (7, 0),
            Self::AdminMenus => (8, 0),
            Self::Statements => (9, 0),
            Self::Draft => (10, 0),
        };
        Some((ns << 56) | (id & 0x00FF_FFFF_FFFF_FFFF))
    }
}

/// Unix seconds now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Whether `url` names a PostgreSQL database.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl Db {
    /// Opens the database at `url` (SQLite: creating the file if needed) and applies pending
    /// migrations.
    pub async fn open(url: &str) -> Result<Self, StorageError> {
        if is_postgres(url) {
            return Self::open_postgres(url).await;
        }
        Self::open_sqlite(url).await
    }

    #[cfg(feature = "postgres")]
    async fn open_postgres(url: &str) -> Result<Self, StorageError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(30))
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self {
            backend: Backend::Postgres(pool),
            #[cfg(feature = "sqlite")]
            reader: None,
            primed: dialogue::Primed::default(),
        })
    }

    #[cfg(not(feature = "postgres"))]
    async fn open_postgres(_url: &str) -> Result<Self, StorageError> {
        Err(StorageError::Unsupported(
            "this build has no PostgreSQL support (cargo feature `postgres`)".into(),
        ))
    }

    #[cfg(feature = "sqlite")]
    async fn open_sqlite(url: &str) -> Result<Self, StorageError> {
        use std::str::FromStr as _;
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
        // One writer: writes queue for it in the pool (in order, without SQLite's busy-sleep);
        // readers read beside it.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&writer).await?;
        drop_district_check(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Self {
            backend: Backend::Sqlite(writer),
            reader: Some(reader),
            primed: dialogue::Primed::default(),
        })
    }

    /// The pool reads go to: the readers, or the writer where there are none.
    #[cfg(feature = "sqlite")]
    pub(crate) fn reader_or<'a>(&'a self, writer: &'a SqlitePool) -> &'a SqlitePool {
        self.reader.as_ref().unwrap_or(writer)
    }

    #[cfg(not(feature = "sqlite"))]
    async fn open_sqlite(_url: &str) -> Result<Self, StorageError> {
        Err(StorageError::Unsupported(
            "this build has no SQLite support (cargo feature `sqlite`)".into(),
        ))
    }

    /// The database behind `url` for messages: the file, or the server and database without
    /// the password.
    pub fn describe(url: &str) -> String {
        if is_postgres(url) {
            return match url::Url::parse(url) {
                Ok(mut u) => {
                    let _ = u.set_password(None);
                    u.to_string()
                }
                Err(_) => "a PostgreSQL database (unreadable URL)".to_owned(),
            };
        }
        let file = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:")
            .split('?')
            .next()
            .unwrap_or_default();
        Path::new(file).display().to_string()
    }

    /// A write transaction. SQLite: `BEGIN IMMEDIATE` on the one writer, so a transaction that
    /// reads and then writes sees nothing change in between. PostgreSQL: a transaction that
    /// first takes `lock` (a transaction-scoped advisory lock, shared by every instance on the
    /// database, released at commit or rollback); writes under different locks run in parallel.
    pub(crate) async fn write_tx(&self, lock: Lock) -> Result<Tx, sqlx::Error> {
        match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => {
                let _ = lock;
                Ok(Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?))
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                if let Some(key) = lock.key() {
                    sqlx::query("SELECT pg_advisory_xact_lock($1)")
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                }
                Ok(Tx::Postgres(tx))
            }
        }
    }

    /// Whether several instances may share this database (PostgreSQL): what one changes, the
    /// others must learn from the database.
    pub fn is_shared(&self) -> bool {
        match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(_) => false,
            #[cfg(feature = "postgres")]
            Backend::Postgres(_) => true,
        }
    }

    /// The engine and its pool (tests and tools that run their own SQL).
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// Whether the database answers (`/health`).
    pub async fn ping(&self) -> Result<(), StorageError> {
        match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop)?,
            #[cfg(feature = "postgres")]
            Backend::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop)?,
        }
        Ok(())
    }

    /// Closes the pool, waiting for connections to finish (SQLite: checkpoints the WAL).
    pub async fn close(&self) {
        match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => pool.close().await,
            #[cfg(feature = "postgres")]
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

/// Rebuilds `events` without the CHECK that listed West Kazakhstan's district ids (the region
/// file names the districts now), once per database. Not a migration: sqlx runs SQLite migrations
/// inside a transaction, where foreign keys cannot be switched off, and with them on, dropping the
/// old table would delete every RSVP, reminder and notice of every event.
#[cfg(feature = "sqlite")]
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

#[cfg(feature = "sqlite")]
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
        match &self.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite(pool) => {
                let target = path.to_string_lossy().into_owned();
                sqlx::query("VACUUM INTO ?1").bind(target).execute(pool).await?;
                Ok(())
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres(_) => Err(StorageError::Unsupported(
                "`atazan backup` copies an SQLite file; on PostgreSQL use pg_dump (README \"PostgreSQL\")"
                    .into(),
            )),
        }
    }
}
