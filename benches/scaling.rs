//! Scaling benchmarks (`docs/scaling.md`): webhook mode through the inbox with one instance on
//! SQLite, one on PostgreSQL and two on PostgreSQL (updates per second, update → reply p50 / p99);
//! a broadcast shared by two instances (achieved rate, busiest second); `migrate-db` for 100,000
//! users and 10,000 questions. Needs a PostgreSQL server whose user may create databases:
//! `BENCH_PG=postgres://atazan:atazan@127.0.0.1/postgres cargo bench --bench scaling`.
//! Instances run in this process (the same code as `atazan run`), against the in-repo fake Bot
//! API on loopback; the benchmark posts updates as Telegram does, 40 connections at once.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicI64, Ordering},
    },
    time::{Duration, Instant},
};

use atazan::{
    app,
    config::Config,
    domain::{Audience, Lang},
    fakeapi::{self, FakeApi},
    storage::Db,
};
use serde_json::json;
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(300);
const SECRET: &str = "bench-secret";

/// A fresh database on the benchmark's PostgreSQL server.
async fn pg_database(server: &str, name: &str) -> String {
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::PgConnection::connect(server)
        .await
        .expect("BENCH_PG answers");
    let name = format!("atazan_bench_{name}");
    conn.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// An instance in webhook mode on `db_url`; its stop signal, task and port.
struct Instance {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), app::AppError>>,
    port: u16,
}

async fn instance(fake: &FakeApi, db_url: &str, rate: u32) -> Instance {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let vars: HashMap<String, String> = [
        ("TELOXIDE_TOKEN", fakeapi::TOKEN.to_owned()),
        ("TELOXIDE_API_URL", fake.url().to_string()),
        ("DATABASE_URL", db_url.to_owned()),
        ("ADMIN_IDS", "1".to_owned()),
        ("CONTENT_DIR", content.display().to_string()),
        ("BROADCAST_RATE", rate.to_string()),
        ("WEBHOOK_URL", "https://bench.example.kz/telegram".to_owned()),
        ("WEBHOOK_LISTEN", format!("127.0.0.1:{port}")),
        ("WEBHOOK_SECRET", SECRET.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = Config::from_vars(&vars).expect("config");
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(app::run(config, async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::new();
    let deadline = Instant::now() + WAIT;
    while !client
        .get(format!("http://127.0.0.1:{port}/health"))
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(Instant::now() < deadline, "instance starts");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Instance { stop, task, port }
}

impl Instance {
    async fn stop(self) {
        let _ = self.stop.send(());
        let _ = tokio::time::timeout(WAIT, self.task).await;
    }
}

/// Residents who chose Russian, straight in the database.
async fn residents(db: &Db, from: i64, n: i64) {
    for id in from..from + n {
        db.touch_user(id).await.unwrap();
        db.set_lang(id, Lang::Ru).await.unwrap();
    }
}

/// Per chat, the moments the bot sent it a message (fed from the fake's call log).
fn replies(fake: Arc<FakeApi>) -> Arc<Mutex<HashMap<i64, mpsc::UnboundedSender<Instant>>>> {
    let routes: Arc<Mutex<HashMap<i64, mpsc::UnboundedSender<Instant>>>> = Arc::default();
    let r = routes.clone();
    tokio::spawn(async move {
        let mut rx = fake.subscribe_calls();
        let mut seen = fake.call_count();
        loop {
            let _ = tokio::time::timeout(Duration::from_millis(50), rx.changed()).await;
            while let Some(c) = fake.call(seen) {
                seen += 1;
                if c.method == "sendmessage"
                    && let Some(chat) = c.chat_id()
                    && let Some(tx) = r.lock().unwrap().get(&chat)
                {
                    let _ = tx.send(Instant::now());
                }
            }
        }
    });
    routes
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

static UPDATE_ID: AtomicI64 = AtomicI64::new(1);

/// `users` residents each send `per_user` `/help`s, one after the other's reply, posted to the
/// instances in turn (a load balancer), at most 40 posts in flight (Telegram's default); returns
/// updates per second and the sorted update → reply times.
async fn webhook_load(db_urls: &[String], users: i64, per_user: usize) -> (f64, Vec<Duration>) {
    let fake = Arc::new(FakeApi::start().await.unwrap());
    let db = Db::open(&db_urls[0]).await.unwrap();
    static NEXT_USER: AtomicI64 = AtomicI64::new(3_000_000);
    let first = NEXT_USER.fetch_add(users, Ordering::Relaxed);
    residents(&db, first, users).await;
    let mut instances = Vec::new();
    for url in db_urls {
        instances.push(instance(&fake, url, 25).await);
    }
    let ports: Vec<u16> = instances.iter().map(|i| i.port).collect();
    let routes = replies(fake.clone());
    let connections = Arc::new(tokio::sync::Semaphore::new(40));
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut lanes = Vec::new();
    for (n, user) in (first..first + users).enumerate() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        routes.lock().unwrap().insert(user, tx);
        let (client, connections, ports) = (client.clone(), connections.clone(), ports.clone());
        lanes.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for k in 0..per_user {
                let id = UPDATE_ID.fetch_add(1, Ordering::Relaxed);
                let update = json!({ "update_id": id, "message": {
                    "message_id": k + 1, "date": 0,
                    "chat": { "id": user, "type": "private", "first_name": "B" },
                    "from": { "id": user, "is_bot": false, "first_name": "B", "language_code": "ru" },
                    "text": "/help", "entities": [{ "type": "bot_command", "offset": 0, "length": 5 }] } });
                let port = ports[(n + k) % ports.len()];
                let sent = Instant::now();
                {
                    let _slot = connections.acquire().await.unwrap();
                    let r = client
                        .post(format!("http://127.0.0.1:{port}/telegram"))
                        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                        .header("content-type", "application/json")
                        .body(update.to_string())
                        .send()
                        .await
                        .expect("the instance answers");
                    assert_eq!(r.status(), 200);
                }
                let at = tokio::time::timeout(WAIT, rx.recv())
                    .await
                    .expect("a reply")
                    .expect("the watcher runs");
                times.push(at - sent);
            }
            times
        }));
    }
    let mut all = Vec::new();
    for l in lanes {
        all.extend(l.await.unwrap());
    }
    let rate = all.len() as f64 / started.elapsed().as_secs_f64();
    for i in instances {
        i.stop().await;
    }
    db.close().await;
    all.sort();
    (rate, all)
}

/// A broadcast to `n` subscribers sent by `instances` instances together at `rate`: achieved
/// rate and the busiest second.
async fn shared_broadcast(db_url: &str, instances: usize, n: i64, rate: u32) -> (f64, usize) {
    let fake = Arc::new(FakeApi::start().await.unwrap());
    let db = Db::open(db_url).await.unwrap();
    const FIRST: i64 = 4_000_000;
    for id in FIRST..FIRST + n {
        db.touch_user(id).await.unwrap();
        db.set_lang(id, Lang::Ru).await.unwrap();
        db.set_subscription(id, true, false).await.unwrap();
    }
    let mut running = Vec::new();
    for _ in 0..instances {
        running.push(instance(&fake, db_url, rate).await);
    }
    // One heartbeat: every instance knows its share.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let before = fake.call_count();
    db.create_broadcast(1, "<b>Всем</b>", None, &Audience::All, None, 1)
        .await
        .unwrap();
    let deadline = Instant::now() + WAIT;
    let sent = |fake: &FakeApi| -> Vec<Instant> {
        fake.calls()[before..]
            .iter()
            .filter(|c| {
                c.method == "sendmessage" && c.chat_id().is_some_and(|ch| (FIRST..FIRST + n).contains(&ch))
            })
            .map(|c| c.at)
            .collect()
    };
    loop {
        if sent(&fake).len() as i64 >= n {
            break;
        }
        assert!(Instant::now() < deadline, "broadcast finishes");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut times = sent(&fake);
    times.sort();
    let span = (*times.last().unwrap() - times[0]).as_secs_f64();
    let busiest = fakeapi::busiest_second(&times);
    for i in running {
        i.stop().await;
    }
    db.close().await;
    ((times.len() - 1) as f64 / span, busiest)
}

/// `migrate-db` of an SQLite database with `users` residents and `questions` questions.
async fn migrate(server: &str, users: i64, questions: i64) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let source_url = format!("sqlite://{}", dir.path().join("region.db").display());
    let source = Db::open(&source_url).await.unwrap();
    let atazan::storage::Backend::Sqlite(pool) = source.backend() else {
        unreachable!()
    };
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users})
         INSERT INTO users (id, lang, district, subscribed, first_seen, last_seen)
         SELECT 10000000 + i, CASE i % 3 WHEN 0 THEN 'kk' ELSE 'ru' END, 'uralsk', i % 2, 1700000000, 1760000000 FROM n"
    ))
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {questions})
         INSERT INTO questions (user_id, chat_id, source_message_id, lang, body, status, answer, answered_by,
                                answered_at, delivery, created_at)
         SELECT 10000000 + i, 10000000 + i, i, 'ru',
                'Как новая Конституция меняет работу маслихатов и акимов в районах области?',
                'answered', 'Маслихаты утверждают бюджет района; акимы отчитываются перед жителями.', 1, 1760000000,
                'delivered', 1750000000 + i FROM n"
    ))
    .execute(pool)
    .await
    .unwrap();
    let target_url = pg_database(server, "migrate").await;
    let target = Db::open(&target_url).await.unwrap();
    let t = Instant::now();
    let copied = source.copy_to(&target, |_, _| {}).await.expect("the copy lands");
    let took = t.elapsed();
    assert!(copied.total_rows() >= users + questions);
    source.close().await;
    target.close().await;
    took
}

fn main() {
    let Ok(server) = std::env::var("BENCH_PG") else {
        eprintln!("set BENCH_PG=postgres://user:password@host/postgres (a user who may create databases)");
        std::process::exit(2);
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut rows: Vec<[String; 2]> = Vec::new();
    runtime.block_on(async {
        let (users, per_user) = (200, 10);
        let dir = tempfile::tempdir().unwrap();
        let setups: [(&str, Vec<String>); 3] = [
            (
                "one instance, SQLite",
                vec![format!("sqlite://{}", dir.path().join("one.db").display())],
            ),
            ("one instance, PostgreSQL", vec![pg_database(&server, "one").await]),
            ("two instances, one PostgreSQL", {
                let url = pg_database(&server, "two").await;
                vec![url.clone(), url]
            }),
        ];
        for (what, urls) in setups {
            let (_, alone) = webhook_load(&urls, 1, 200).await;
            rows.push([
                format!("webhook → inbox → reply, {what}: one resident, 200 updates one after another; p50 / p99"),
                format!("{} / {}", ms(percentile(&alone, 0.5)), ms(percentile(&alone, 0.99))),
            ]);
            let (rate, times) = webhook_load(&urls, users, per_user).await;
            rows.push([
                format!("webhook → inbox → reply, {what}: {users} residents × {per_user} updates, all at once; updates/s, p50 / p99"),
                format!(
                    "{rate:.0} /s, {} / {}",
                    ms(percentile(&times, 0.5)),
                    ms(percentile(&times, 0.99))
                ),
            ]);
        }
        let url = pg_database(&server, "broadcast").await;
        let (rate, busiest) = shared_broadcast(&url, 2, 600, 25).await;
        rows.push([
            "broadcast to 600 subscribers, two instances, BROADCAST_RATE=25: achieved rate, busiest second".into(),
            format!("{rate:.1} /s, {busiest}"),
        ]);
        let took = migrate(&server, 100_000, 10_000).await;
        rows.push([
            "migrate-db: 100,000 users and 10,000 answered questions, SQLite → PostgreSQL".into(),
            format!("{:.1} s", took.as_secs_f64()),
        ]);
    });
    println!("\n| benchmark | measured |\n|---|---|");
    for [what, got] in rows {
        println!("| {what} | {got} |");
    }
}
