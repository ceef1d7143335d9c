//! Test helpers: spawn the bot against the fake Bot API and talk to it like a person.

use std::{collections::HashMap, path::PathBuf, sync::Mutex, time::Duration};

use atazan::{
    app,
    config::Config,
    fakeapi::{self, Call, FakeApi, FakeUser},
    storage::Db,
};
use tempfile::TempDir;
use tokio::{sync::oneshot, task::JoinHandle};

/// Generous: CI machines are slow; tests never assert speed.
pub const WAIT: Duration = Duration::from_secs(20);

pub const ADMIN: i64 = 9001;

/// The running bot: its stop signal and its task.
type Running = (oneshot::Sender<()>, JoinHandle<Result<(), app::AppError>>);

/// A running bot with its fake Telegram and its own database.
pub struct TestApp {
    pub fake: FakeApi,
    /// Holds the database file; removed when the test ends.
    _dir: TempDir,
    pub vars: HashMap<String, String>,
    bot: Option<Running>,
    /// Per chat: how many calls have been consumed by `expect_*`.
    cursors: Mutex<HashMap<i64, usize>>,
}

/// The admin (`ADMIN`) as a fake Telegram user.
pub fn admin_user() -> FakeUser {
    FakeUser::new(ADMIN, Some("ru"))
}

pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

impl TestApp {
    /// The bot with default settings and one admin (`ADMIN`).
    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    /// The bot with extra environment variables.
    pub async fn spawn_with(extra: &[(&str, &str)]) -> Self {
        let _ = env_logger::builder().is_test(true).try_init();
        let fake = FakeApi::start().await.expect("fake Bot API starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let mut vars: HashMap<String, String> = [
            ("TELOXIDE_TOKEN", fakeapi::TOKEN.to_owned()),
            ("TELOXIDE_API_URL", fake.url().to_string()),
            ("DATABASE_URL", database_url(dir.path(), "test").await),
            ("ADMIN_IDS", ADMIN.to_string()),
            ("CONTENT_DIR", repo_path("content").display().to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        for (k, v) in extra {
            vars.insert((*k).to_owned(), (*v).to_owned());
        }
        let mut app = Self {
            fake,
            _dir: dir,
            vars,
            bot: None,
            cursors: Mutex::new(HashMap::new()),
        };
        app.start().await;
        app
    }

    pub fn config(&self) -> Config {
        Config::from_vars(&self.vars).expect("test config is valid")
    }

    /// Starts the bot and waits until it polls for updates.
    pub async fn start(&mut self) {
        let (tx, rx) = oneshot::channel::<()>();
        let before = self.fake.calls().len();
        let handle = tokio::spawn(app::run(self.config(), async move {
            let _ = rx.await;
        }));
        self.bot = Some((tx, handle));
        // Startup is done when the bot deletes/checks its webhook right before polling.
        self.fake
            .wait_call(before, WAIT, |c| {
                c.method == "getwebhookinfo" || c.method == "deletewebhook"
            })
            .await
            .expect("the bot starts polling");
    }

    /// Stops the bot as SIGTERM would and waits for it to finish.
    pub async fn stop(&mut self) {
        if let Some((tx, handle)) = self.bot.take() {
            let _ = tx.send(());
            tokio::time::timeout(WAIT, handle)
                .await
                .expect("the bot stops in time")
                .expect("the bot task did not panic")
                .expect("the bot stops cleanly");
        }
    }

    /// Waits for the bot to stop by itself and returns how it ended.
    pub async fn join(&mut self) -> Result<(), app::AppError> {
        let (_tx, handle) = self.bot.take().expect("the bot is running");
        handle.await.expect("the bot task did not panic")
    }

    /// Kills the bot mid-flight (like `kill -9`): nothing gets to finish.
    pub async fn kill(&mut self) {
        if let Some((_tx, handle)) = self.bot.take() {
            handle.abort();
            let _ = handle.await;
        }
    }

    pub async fn restart(&mut self) {
        self.stop().await;
        self.start().await;
    }

    /// A second handle to the bot's database (WAL: reads never block the bot).
    pub async fn db(&self) -> Db {
        Db::open(&self.vars["DATABASE_URL"])
            .await
            .expect("database opens")
    }

    pub fn user(&self, id: i64, lang: Option<&str>) -> FakeUser {
        FakeUser::new(id, lang)
    }

    /// The next call to `chat` (after those already consumed) satisfying `pred`.
    pub async fn expect(&self, chat: i64, what: &str, pred: impl Fn(&Call) -> bool) -> Call {
        expect_call(&self.fake, &self.cursors, chat, what, pred).await
    }

    /// The next message the bot sends to `chat`.
    pub async fn expect_message(&self, chat: i64) -> Call {
        self.expect(chat, "sendMessage", |c| c.method == "sendmessage")
            .await
    }

    /// The next edit of a message in `chat`.
    pub async fn expect_edit(&self, chat: i64) -> Call {
        self.expect(chat, "edit", |c| c.method.starts_with("editmessage"))
            .await
    }

    /// Sends `text` as `user` and returns the bot's next message to them.
    pub async fn say(&self, user: &FakeUser, text: &str) -> Call {
        self.fake.send_text(user, text);
        self.expect_message(user.id).await
    }

    /// Presses the inline button labelled `label` (exactly, or containing it) under `message`.
    pub fn press(&self, user: &FakeUser, message: &Call, label: &str) {
        let data = message
            .callback_data(label)
            .unwrap_or_else(|| panic!("no button {label:?} in {:?}", message.buttons()));
        let id = message
            .result_message_id()
            .or_else(|| message.params["message_id"].as_i64().map(|i| i as i32))
            .expect("message id");
        self.fake.press(user, id, &data);
    }

    /// A user who has chosen `lang` (`"ru"` or `"kk"`) and seen the welcome.
    pub async fn onboard(&self, id: i64, lang: &str) -> FakeUser {
        let user = self.user(id, Some(lang));
        let choice = self.say(&user, "/start").await;
        self.press(
            &user,
            &choice,
            if lang == "kk" {
                "Қазақша"
            } else {
                "Русский"
            },
        );
        self.expect_message(id).await;
        user
    }

    /// Marks everything sent to `chat` so far as seen.
    pub fn skip_all(&self, chat: i64) {
        self.cursors.lock().unwrap().insert(chat, self.fake.calls().len());
    }
}

/// The next call to `chat` after those `cursors` marks consumed that satisfies `pred`.
pub async fn expect_call(
    fake: &FakeApi,
    cursors: &Mutex<HashMap<i64, usize>>,
    chat: i64,
    what: &str,
    pred: impl Fn(&Call) -> bool,
) -> Call {
    let from = *cursors.lock().unwrap().get(&chat).unwrap_or(&0);
    let i = fake
        .wait_call(from, WAIT, |c| c.chat_id() == Some(chat) && c.ok && pred(c))
        .await
        .unwrap_or_else(|| {
            panic!(
                "no {what} to chat {chat}; calls since: {:#?}",
                summarize(&fake.calls()[from..])
            )
        });
    cursors.lock().unwrap().insert(chat, i + 1);
    fake.calls()[i].clone()
}

fn summarize(calls: &[Call]) -> Vec<String> {
    calls
        .iter()
        .map(|c| {
            format!(
                "{} ok={} {}",
                c.method,
                c.ok,
                c.params.to_string().chars().take(200).collect::<String>()
            )
        })
        .collect()
}

/// The engine the end-to-end suite runs on: SQLite files by default, PostgreSQL when
/// `ATAZAN_TEST_POSTGRES` names a server URL whose user may create databases (`.ci/run` sets it
/// for its second pass). Every call gives a fresh, empty database of its own.
pub async fn database_url(dir: &std::path::Path, name: &str) -> String {
    match postgres_server() {
        Some(server) => fresh_postgres_database(&server).await,
        None => format!("sqlite://{}", dir.join(format!("{name}.db")).display()),
    }
}

/// The PostgreSQL server the suite runs against, if it does.
pub fn postgres_server() -> Option<String> {
    std::env::var("ATAZAN_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
}

async fn fresh_postgres_database(server: &str) -> String {
    use sqlx::{Connection, Executor};
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("atazan_test_{}_{n}", std::process::id());
    let mut conn = sqlx::PgConnection::connect(server)
        .await
        .expect("ATAZAN_TEST_POSTGRES: the server answers");
    if n == 0 {
        // The databases of earlier runs (their process is gone) go before this run makes its own.
        let stale: Vec<String> = sqlx::query_scalar(
            "SELECT datname FROM pg_database WHERE datname LIKE 'atazan\\_test\\_%' AND datname NOT LIKE $1",
        )
        .bind(format!("atazan\\_test\\_{}\\_%", std::process::id()))
        .fetch_all(&mut conn)
        .await
        .expect("the server lists its databases");
        for old in stale {
            let _ = conn
                .execute(format!("DROP DATABASE IF EXISTS {old} WITH (FORCE)").as_str())
                .await;
        }
    }
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("the test user may create databases");
    let _ = conn.close().await;
    let mut url = url::Url::parse(server).expect("ATAZAN_TEST_POSTGRES is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// A value bound to a test's own statement.
pub enum Val {
    I(i64),
    S(String),
}

macro_rules! raw {
    ($db:expr, $sql:expr, $args:expr, |$q:ident, $pool:ident| $run:expr) => {
        match $db.backend() {
            atazan::storage::Backend::Sqlite($pool) => {
                let mut $q = sqlx::query($sql);
                for a in $args {
                    $q = match a {
                        Val::I(i) => $q.bind(*i),
                        Val::S(s) => $q.bind(s.clone()),
                    };
                }
                $run
            }
            atazan::storage::Backend::Postgres($pool) => {
                let mut $q = sqlx::query($sql);
                for a in $args {
                    $q = match a {
                        Val::I(i) => $q.bind(*i),
                        Val::S(s) => $q.bind(s.clone()),
                    };
                }
                $run
            }
        }
    };
}

/// A statement of the test's own (moving a time, breaking a row), with `$1` placeholders, on
/// whichever engine the suite runs; returns the rows it changed.
pub async fn exec(db: &Db, sql: &str, args: &[Val]) -> u64 {
    raw!(db, sql, args, |q, pool| q
        .execute(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .rows_affected())
}

/// The first column of the first row, as a number.
pub async fn scalar(db: &Db, sql: &str, args: &[Val]) -> i64 {
    use sqlx::Row;
    raw!(db, sql, args, |q, pool| q
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get::<i64, _>(0))
}

/// The first column of every row, as text.
pub async fn texts(db: &Db, sql: &str, args: &[Val]) -> Vec<String> {
    use sqlx::Row;
    raw!(db, sql, args, |q, pool| q
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect())
}

/// Waits until `cond` holds, polling; fails the test naming `what` after `timeout`.
pub async fn wait_until(what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + timeout;
    while !cond() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
