//! Running it for real: webhook mode, backups, faults the bot survives, random input.

use std::time::Duration;

use atazan::fakeapi::{Failure, FakeApi};
use proptest::{prelude::*, test_runner::TestRunner};

use crate::support::{TestApp, WAIT, repo_path};

#[tokio::test]
async fn webhook_mode_rejects_a_wrong_secret_and_serves_updates_and_health() {
    let fake = FakeApi::start().await.unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/telegram");
    let vars = [
        ("TELOXIDE_TOKEN", atazan::fakeapi::TOKEN.to_owned()),
        ("TELOXIDE_API_URL", fake.url().to_string()),
        (
            "DATABASE_URL",
            crate::support::database_url(dir.path(), "w").await,
        ),
        ("CONTENT_DIR", repo_path("content").display().to_string()),
        ("WEBHOOK_URL", url.clone()),
        ("WEBHOOK_LISTEN", format!("127.0.0.1:{port}")),
        ("WEBHOOK_SECRET", "s3cret-token".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = atazan::config::Config::from_vars(&vars).unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(atazan::app::run(config, async move {
        let _ = rx.await;
    }));
    let i = fake
        .wait_call(0, WAIT, |c| c.method == "setwebhook")
        .await
        .expect("the webhook is registered");
    let set = fake.calls()[i].clone();
    assert_eq!(set.params["url"], url.as_str());
    assert_eq!(set.params["secret_token"], "s3cret-token");

    let update = serde_json::json!({ "update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": { "id": 77, "type": "private", "first_name": "W" },
        "from": { "id": 77, "is_bot": false, "first_name": "W", "language_code": "ru" }, "text": "/start",
        "entities": [{ "type": "bot_command", "offset": 0, "length": 6 }] } });
    let client = reqwest::Client::new();
    // The server starts right after the webhook is registered.
    let health = format!("http://127.0.0.1:{port}/health");
    let deadline = tokio::time::Instant::now() + WAIT;
    while client.get(&health).send().await.is_err() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "webhook server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let wrong = client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", "guess")
        .header("content-type", "application/json")
        .body(update.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !fake.calls().iter().any(|c| c.method == "sendmessage"),
        "a forged update is not handled"
    );

    let right = client
        .post(&url)
        .header("X-Telegram-Bot-Api-Secret-Token", "s3cret-token")
        .header("content-type", "application/json")
        .body(update.to_string())
        .send()
        .await
        .unwrap();
    assert!(right.status().is_success());
    fake.wait_call(0, WAIT, |c| c.method == "sendmessage" && c.chat_id() == Some(77))
        .await
        .expect("reply to the pushed update");

    let health = client
        .get(format!("http://127.0.0.1:{port}/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let _ = tx.send(());
    tokio::time::timeout(WAIT, bot).await.unwrap().unwrap().unwrap();
}

#[tokio::test]
async fn backup_is_a_consistent_copy_taken_while_the_bot_runs() {
    let app = TestApp::spawn().await;
    app.onboard(4001, "kk").await;
    let out = tempfile::tempdir().unwrap();
    let copy = out.path().join("copy.db");
    if crate::support::postgres_server().is_some() {
        // PostgreSQL has its own tools: the command says so instead of writing a file.
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
            .env_clear()
            .env("DATABASE_URL", &app.vars["DATABASE_URL"])
            .arg("backup")
            .arg(&copy)
            .output()
            .await
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        assert!(!copy.exists());
        return;
    }
    let status = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .env_clear()
        .env("DATABASE_URL", &app.vars["DATABASE_URL"])
        .arg("backup")
        .arg(&copy)
        .status()
        .await
        .unwrap();
    assert!(status.success());
    let restored = atazan::storage::Db::open(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    assert_eq!(
        restored.user(4001).await.unwrap().unwrap().lang,
        Some(atazan::domain::Lang::Kk)
    );
    let again = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .env_clear()
        .env("DATABASE_URL", &app.vars["DATABASE_URL"])
        .arg("backup")
        .arg(&copy)
        .output()
        .await
        .unwrap();
    assert_eq!(again.status.code(), Some(1), "never overwrites");
}

#[tokio::test]
async fn a_5xx_on_one_reply_does_not_hold_up_the_updates_after_it() {
    let app = TestApp::spawn().await;
    let user = app.onboard(4100, "ru").await;
    // The reply to /help meets a 500 (teloxide waits 10 s, then gives up on that reply: an
    // interactive reply is not queued, the user can ask again); the updates after it are all
    // fetched, confirmed and answered.
    app.fake.fail_chat("sendmessage", 4100, Failure::ServerError, 1);
    app.fake.send_text(&user, "/help");
    app.fake.send_text(&user, "/privacy");
    app.fake.send_text(&user, "/settings");
    app.expect(4100, "the /privacy reply", |c| {
        c.text().is_some_and(|t| t.contains("Какие данные хранит бот"))
    })
    .await;
    app.expect(4100, "the /settings reply", |c| {
        c.text().is_some_and(|t| t.contains("Настройки"))
    })
    .await;
    let failed = app
        .fake
        .calls()
        .iter()
        .filter(|c| !c.ok && c.chat_id() == Some(4100))
        .count();
    assert_eq!(failed, 1, "only the one reply met the failure");
    assert!(app.fake.updates_confirmed());
}

#[tokio::test]
async fn concurrent_writers_never_surface_sqlite_busy() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    let mut tasks = Vec::new();
    for i in 0..64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.touch_user(10_000 + i).await?;
            db.set_subscription(10_000 + i, true, false).await?;
            // A read-then-write transaction under contention (the question intake).
            let text = atazan::domain::QuestionText::parse(&format!("Вопрос {i}")).unwrap();
            let q = atazan::storage::NewQuestion {
                theme: None,
                user_id: 10_000 + i,
                chat_id: 10_000 + i,
                source_message_id: 1,
                lang: atazan::domain::Lang::Ru,
                item_id: None,
                follow_up_of: None,
                text: Some(&text),
                media: &[],
            };
            db.insert_question(&q, |_| None).await?;
            db.audit(1, "load", &i.to_string()).await
        }));
    }
    for t in tasks {
        t.await.unwrap().expect("no busy/locked error reaches the caller");
    }
    assert_eq!(
        db.audience_size(&atazan::domain::Audience::All).await.unwrap(),
        64
    );
}

/// Any message kind, any text length, unknown commands, forged callbacks: the bot answers
/// every private message and keeps working.
#[tokio::test]
async fn random_update_streams_always_get_an_answer() {
    let app = TestApp::spawn().await;
    let user = app.onboard(4200, "ru").await;
    let mut runner = TestRunner::deterministic();
    let inputs = prop::collection::vec(
        prop_oneof![
            "\\PC{0,300}".prop_map(|t| ("text", t)),
            "/[a-z]{1,12}( [a-z0-9]{0,8})?".prop_map(|t| ("text", t)),
            "[a-z:0-9_-]{0,70}".prop_map(|d| ("callback", d)),
            Just(("sticker", String::new())),
            Just(("location", String::new())),
            Just(("long", "ы".repeat(5000))),
        ],
        40,
    );
    let stream: Vec<(&str, String)> =
        proptest::strategy::ValueTree::current(&inputs.new_tree(&mut runner).unwrap());
    let menu = app.say(&user, "/settings").await;
    for (kind, value) in stream {
        let before = app.fake.calls().len();
        match kind {
            "callback" => {
                app.fake.press(&user, menu.result_message_id().unwrap(), &value);
            }
            "sticker" => {
                app.fake.send_sticker(&user);
            }
            "location" => {
                app.fake.send_location(&user, 51.2, 51.4);
            }
            _ if value.trim().is_empty() => continue,
            _ => {
                app.fake.send_text(&user, &value);
            }
        }
        let answered = app
            .fake
            .wait_call(before, WAIT, |c| {
                c.ok && (c.chat_id() == Some(4200) || c.method == "answercallbackquery")
            })
            .await;
        assert!(answered.is_some(), "no answer to {kind} {value:?}");
        // Leave any flow the input started, as a user would with /cancel; its reply must come
        // (after the input's), so the next input's answer cannot be this one.
        let before_cancel = app.fake.calls().len();
        app.fake.send_text(&user, "/cancel");
        let cancelled = app
            .fake
            .wait_call(before_cancel, WAIT, |c| {
                c.chat_id() == Some(4200)
                    && c.text()
                        .is_some_and(|t| t.contains("отмен") || t.contains("нечего"))
            })
            .await;
        assert!(cancelled.is_some(), "/cancel is answered after {kind} {value:?}");
    }
    let before = app.fake.calls().len();
    app.fake.send_text(&user, "/help");
    let alive = app
        .fake
        .wait_call(before, WAIT, |c| {
            c.text().is_some_and(|t| t.contains("/constitution"))
        })
        .await;
    assert!(alive.is_some(), "the bot still works after the stream");
}

async fn survives_an_outage(seconds: u64) {
    let app = TestApp::spawn().await;
    let user = app.onboard(4300, "ru").await;
    let outage = app.fake.outage(Duration::from_secs(seconds));
    let during = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        app.fake.send_text(&user, "/privacy");
        app.fake.send_text(&user, "/help");
    };
    tokio::join!(outage, during);
    // Back: both messages sent during the outage are answered.
    let before = 0;
    let help = app.fake.wait_call(before, Duration::from_secs(60), |c| {
        c.text()
            .is_some_and(|t| t.contains("/constitution") && t.contains("Что умеет бот"))
    });
    assert!(
        help.await.is_some(),
        "the update sent during the outage is handled"
    );
    assert!(
        app.fake
            .calls()
            .iter()
            .any(|c| c.ok && c.text().is_some_and(|t| t.contains("Какие данные хранит бот")))
    );
}

#[tokio::test]
async fn an_unreachable_bot_api_for_a_few_seconds_loses_nothing() {
    survives_an_outage(5).await;
}

/// The long version (a minute): `cargo test -- --ignored`, run once by CI.
#[tokio::test]
#[ignore = "long fault test; CI runs it with --ignored"]
async fn an_unreachable_bot_api_for_a_minute_loses_nothing() {
    survives_an_outage(60).await;
}
