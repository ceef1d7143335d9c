//! The Mini App's figures for README (not part of `cargo test`): the API's list of 700 events
//! (p50/p99 over 500 calls, one at a time) and the page's first load in headless Chromium
//! (bytes transferred, time from navigation to the list shown; 5 cold loads, a fresh profile
//! each). Run with `cargo bench --bench webapp` (Chromium and chromedriver needed for the second).

use std::time::{Duration, Instant};

use atazan::{
    config::Config,
    domain::{District, event::format_local_csv},
    fakeapi::{self, FakeApi},
    services::events,
    storage::{Db, now},
    webapp::init_data,
};
use serde_json::{Value, json};

const EVENTS: usize = 700;

fn csv() -> Vec<u8> {
    let mut out = String::from(
        "id;title_ru;title_kk;kind;starts_at;ends_at;district;venue;address;lat;lon;online_url;organizer;themes;capacity;status\n",
    );
    for i in 0..EVENTS {
        let district = District::all().nth(i % District::all().len()).unwrap();
        let at = now() + 3600 + (i as i64 * 90 * 24 * 3600) / EVENTS as i64;
        out.push_str(&format!(
            "wb-{i:04};Встреча с жителями №{i};Тұрғындармен кездесу №{i};meeting;{};;{};Дом культуры {i};ул. Абая, {i};{:.4};{:.4};;Коалиция;participation;100;\n",
            format_local_csv(at),
            district.id(),
            49.0 + (i % 250) as f64 / 100.0,
            47.0 + (i % 690) as f64 / 100.0,
        ));
    }
    out.into_bytes()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(run());
}

async fn run() {
    let fake = FakeApi::start().await.expect("fake Bot API");
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("webapp.db").display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let vars = [
        ("TELOXIDE_TOKEN", fakeapi::TOKEN.to_owned()),
        ("TELOXIDE_API_URL", fake.url().to_string()),
        ("DATABASE_URL", db_url.clone()),
        (
            "CONTENT_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/content").to_owned(),
        ),
        ("WEBAPP_URL", "https://app.example.test/app/".to_owned()),
        ("WEBAPP_LISTEN", format!("127.0.0.1:{port}")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = Config::from_vars(&vars).expect("config");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(atazan::app::run(config, async move {
        let _ = rx.await;
    }));
    // The bot has migrated the database once its page answers.
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    while client.get(format!("{base}/app/")).send().await.is_err() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let db = Db::open(&db_url).await.unwrap();
    events::import(&db, &csv(), now())
        .await
        .expect("700 events import");
    let auth = format!(
        "tma {}",
        init_data::sign_user(42, "Bench", "ru", now(), fakeapi::TOKEN)
    );

    // The API: the whole list, as the page asks for it on open.
    let mut times = Vec::new();
    let mut bytes = 0;
    for i in 0..520 {
        let t = Instant::now();
        let r = client
            .get(format!("{base}/app/api/events"))
            .header("Authorization", &auth)
            .header("Accept-Encoding", "gzip")
            .send()
            .await
            .unwrap();
        let body = r.bytes().await.unwrap();
        if i >= 20 {
            times.push(t.elapsed());
        }
        bytes = body.len();
    }
    times.sort();
    println!(
        "api list of {EVENTS} events: p50 {:.2} ms, p99 {:.2} ms, {} KB JSON",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        bytes / 1024
    );

    // The page, cold, in Chromium.
    if std::path::Path::new("/usr/bin/chromedriver").exists() {
        let url = format!(
            "{base}/app/#tgWebAppData={}",
            url::form_urlencoded::byte_serialize(auth.trim_start_matches("tma ").as_bytes())
                .collect::<String>()
        );
        let mut loads = Vec::new();
        for _ in 0..5 {
            loads.push(cold_load(&url).await);
        }
        loads.sort_by(|a, b| a.1.total_cmp(&b.1));
        for (bytes, ms) in &loads {
            println!(
                "first load: {} KB transferred, list shown after {ms:.0} ms",
                bytes / 1024
            );
        }
        println!("first load median: list after {:.0} ms", loads[2].1);
    } else {
        println!("first load: skipped (no /usr/bin/chromedriver)");
    }
    let _ = tx.send(());
    let _ = bot.await;
}

/// (bytes transferred, ms to the list) for one load in a fresh browser.
async fn cold_load(url: &str) -> (u64, f64) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut driver = tokio::process::Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
        "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=390,844", format!("--user-data-dir={}", profile.path().display())
        ] }
    }))
    .unwrap();
    let client = loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match fantoccini::ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    };
    client.goto(url).await.unwrap();
    let result = loop {
        let v = client
            .execute(
                "const m = performance.getEntriesByName('atazan-list-shown')[0];
                 if (!m) return null;
                 const nav = performance.getEntriesByType('navigation')[0];
                 const bytes = performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, nav.transferSize);
                 return [bytes, m.startTime];",
                vec![],
            )
            .await
            .unwrap();
        if let Some(a) = v.as_array() {
            break (a[0].as_u64().unwrap_or(0), a[1].as_f64().unwrap_or(0.0));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let _ = client.close().await;
    let _ = driver.kill().await;
    result
}
