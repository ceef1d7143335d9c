//! `atazan migrate-db`: a region's SQLite database copied into an empty PostgreSQL database, so
//! that a deployment that outgrows one machine keeps its residents, questions and history.
//!
//! The copy is one read snapshot of SQLite and one PostgreSQL transaction: it lands whole, with
//! the row counts of every table verified before the commit, or not at all. The SQL here is
//! built at run time (one statement per table, from both engines' catalogs), so it is the one
//! place in `storage` not checked at build time; the schema check at the start stands in for it.

use std::collections::BTreeSet;

use sqlx::{Row as _, sqlite::SqliteRow};

use super::{Backend, Db, StorageError};

/// Every table, in an order that satisfies the foreign keys (questions by id, so a follow-up
/// comes after the question it follows).
const TABLES: &[&str] = &[
    "users",
    "dialogues",
    "questions",
    "question_media",
    "faq",
    "invites",
    "broadcasts",
    "deliveries",
    "audit_log",
    "events",
    "rsvps",
    "reminders",
    "outbox",
    "admin_menus",
    "pack_versions",
    "pack_drafts",
    "inbox",
    "instances",
    "chat_slots",
    "statement_sets",
    "statements",
    "votes",
    "draft_versions",
    "draft_comments",
    "comment_agrees",
    "draft_closings",
];

/// Rows per INSERT (PostgreSQL takes at most 65,535 parameters per statement).
const BATCH_ROWS: usize = 500;

/// What a copy did: rows per table and where each identity sequence now starts.
#[derive(Debug, Default)]
pub struct Copied {
    pub tables: Vec<(String, i64)>,
    pub sequences: Vec<(String, i64)>,
}

impl Copied {
    pub fn total_rows(&self) -> i64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// A column as PostgreSQL declares it, which decides how the SQLite value is read.
struct Column {
    name: String,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Int,
    Bool,
    Text,
    Float,
    Bytes,
}

impl Kind {
    fn of(data_type: &str) -> Option<Self> {
        Some(match data_type {
            "bigint" | "integer" | "smallint" => Self::Int,
            "boolean" => Self::Bool,
            "text" | "character varying" => Self::Text,
            "double precision" | "real" => Self::Float,
            "bytea" => Self::Bytes,
            _ => return None,
        })
    }
}

/// One SQLite value, read as its PostgreSQL column wants it.
enum Value {
    Int(Option<i64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Float(Option<f64>),
    Bytes(Option<Vec<u8>>),
}

impl Value {
    fn read(row: &SqliteRow, i: usize, kind: Kind) -> Result<Self, sqlx::Error> {
        Ok(match kind {
            Kind::Int => Self::Int(row.try_get(i)?),
            Kind::Bool => Self::Bool(row.try_get(i)?),
            Kind::Text => Self::Text(row.try_get(i)?),
            Kind::Float => Self::Float(row.try_get(i)?),
            Kind::Bytes => Self::Bytes(row.try_get(i)?),
        })
    }

    fn len(&self) -> usize {
        match self {
            Self::Text(Some(s)) => s.len(),
            Self::Bytes(Some(b)) => b.len(),
            _ => 8,
        }
    }

    fn bind(self, b: &mut sqlx::query_builder::Separated<'_, '_, sqlx::Postgres, &'static str>) {
        match self {
            Self::Int(v) => b.push_bind(v),
            Self::Bool(v) => b.push_bind(v),
            Self::Text(v) => b.push_bind(v),
            Self::Float(v) => b.push_bind(v),
            Self::Bytes(v) => b.push_bind(v),
        };
    }
}

fn problem(what: impl Into<String>) -> StorageError {
    StorageError::Unsupported(what.into())
}

impl Db {
    /// Copies every row of this SQLite database into `target`, an empty PostgreSQL database
    /// with the current schema, moves the identity sequences past the copied ids (and past ids
    /// SQLite handed out and deleted), and verifies the row counts before committing.
    /// `progress` hears each table as it is done.
    pub async fn copy_to(
        &self,
        target: &Db,
        mut progress: impl FnMut(&str, i64),
    ) -> Result<Copied, StorageError> {
        let (Backend::Sqlite(source), Backend::Postgres(pg)) = (&self.backend, &target.backend) else {
            return Err(problem(
                "migrate-db copies an SQLite database (DATABASE_URL) into a PostgreSQL one (--to postgres://…)",
            ));
        };
        // One read transaction: a snapshot, even if something writes meanwhile (WAL).
        let mut src = source.begin().await?;
        let mut dst = pg.begin().await?;

        let source_tables: BTreeSet<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '_sqlx_migrations'",
        )
        .fetch_all(&mut *src)
        .await?
        .into_iter()
        .collect();
        let known: BTreeSet<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
        if let Some(t) = source_tables.difference(&known).next() {
            return Err(problem(format!(
                "the SQLite database has a table `{t}` that migrate-db does not know; nothing was copied"
            )));
        }

        for table in TABLES {
            let busy: bool = sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {table})"))
                .fetch_one(&mut *dst)
                .await?;
            if busy {
                return Err(problem(format!(
                    "the target database is not empty (`{table}` has rows); migrate-db copies into an empty database only"
                )));
            }
        }

        let mut copied = Copied::default();
        for table in TABLES {
            let columns = columns(&mut dst, table).await?;
            let source_columns: BTreeSet<String> =
                sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                    .bind(*table)
                    .fetch_all(&mut *src)
                    .await?
                    .into_iter()
                    .collect();
            let target_columns: BTreeSet<String> = columns.iter().map(|c| c.name.clone()).collect();
            if source_columns != target_columns {
                let only_source: Vec<_> = source_columns.difference(&target_columns).collect();
                let only_target: Vec<_> = target_columns.difference(&source_columns).collect();
                return Err(problem(format!(
                    "`{table}` differs between the engines (only in SQLite: {only_source:?}; only in PostgreSQL: {only_target:?}); nothing was copied"
                )));
            }
            let rows = copy_table(&mut src, &mut dst, table, &columns).await?;
            progress(table, rows);
            copied.tables.push(((*table).to_owned(), rows));
        }

        for (table, column) in identities(&mut dst).await? {
            let max: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX({column}) FROM {table}"))
                .fetch_one(&mut *dst)
                .await?;
            let handed_out: Option<i64> =
                sqlx::query_scalar("SELECT CAST(seq AS INTEGER) FROM sqlite_sequence WHERE name = $1")
                    .bind(&table)
                    .fetch_optional(&mut *src)
                    .await
                    .ok()
                    .flatten();
            let next = max.unwrap_or(0).max(handed_out.unwrap_or(0)) + 1;
            sqlx::query("SELECT setval(pg_get_serial_sequence($1, $2), $3, false)")
                .bind(&table)
                .bind(&column)
                .bind(next)
                .execute(&mut *dst)
                .await?;
            copied.sequences.push((table, next));
        }

        for (table, rows) in &copied.tables {
            let there: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut *dst)
                .await?;
            let here: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut *src)
                .await?;
            if there != *rows || here != *rows {
                return Err(problem(format!(
                    "`{table}`: {here} rows in SQLite, {rows} read, {there} in PostgreSQL; nothing was committed"
                )));
            }
        }
        dst.commit().await?;
        src.rollback().await?;
        Ok(copied)
    }
}

async fn columns(dst: &mut sqlx::PgConnection, table: &str) -> Result<Vec<Column>, StorageError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *dst)
    .await?;
    if rows.is_empty() {
        return Err(problem(format!("the target database has no table `{table}`")));
    }
    rows.into_iter()
        .map(|(name, data_type)| {
            let kind = Kind::of(&data_type).ok_or_else(|| {
                problem(format!(
                    "`{table}.{name}`: PostgreSQL type {data_type} is not copied"
                ))
            })?;
            Ok(Column { name, kind })
        })
        .collect()
}

async fn identities(dst: &mut sqlx::PgConnection) -> Result<Vec<(String, String)>, StorageError> {
    Ok(sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name",
    )
    .fetch_all(&mut *dst)
    .await?)
}

/// Streams `table` out of SQLite in rowid order and inserts it in batches; returns the rows.
async fn copy_table(
    src: &mut sqlx::SqliteConnection,
    dst: &mut sqlx::PgConnection,
    table: &str,
    columns: &[Column],
) -> Result<i64, StorageError> {
    use futures_util::TryStreamExt as _;
    let list = columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let select = format!("SELECT {list} FROM {table} ORDER BY rowid");
    let mut stream = sqlx::query(&select).fetch(&mut *src);
    let mut batch: Vec<Vec<Value>> = Vec::new();
    let mut bytes = 0usize;
    let mut total = 0i64;
    while let Some(row) = stream.try_next().await? {
        total += 1;
        let values = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                Value::read(&row, i, c.kind)
                    .map_err(|e| problem(format!("`{table}` row {total}, column `{}`: {e}", c.name)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        bytes += values.iter().map(Value::len).sum::<usize>();
        batch.push(values);
        // A few large rows (content packs) go alone rather than as one huge statement.
        if batch.len() >= BATCH_ROWS || bytes >= 8 << 20 {
            insert(dst, table, &list, std::mem::take(&mut batch)).await?;
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        insert(dst, table, &list, batch).await?;
    }
    Ok(total)
}

async fn insert(
    dst: &mut sqlx::PgConnection,
    table: &str,
    list: &str,
    rows: Vec<Vec<Value>>,
) -> Result<(), StorageError> {
    let mut q = sqlx::QueryBuilder::<sqlx::Postgres>::new(format!("INSERT INTO {table} ({list}) "));
    q.push_values(rows, |mut b, row| {
        for v in row {
            v.bind(&mut b);
        }
    });
    q.build().execute(&mut *dst).await.map_err(|e| {
        problem(format!(
            "`{table}`: PostgreSQL refused a row ({e}); nothing was committed"
        ))
    })?;
    Ok(())
}
