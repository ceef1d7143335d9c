//! The binary as an operator runs it: configuration errors, secrets in logs, SIGTERM.

use std::{process::Stdio, time::Duration};

use atazan::fakeapi::{self, FakeApi, FakeUser};

use crate::support::WAIT;

fn atazan() -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"));
    // No .env from the developer's checkout, no inherited settings.
    let dir = tempfile::tempdir().unwrap().keep();
    cmd.env_clear()
        .current_dir(dir)
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

#[tokio::test]
async fn missing_token_is_one_line_naming_the_variable() {
    let out = atazan().arg("run").output().await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("TELOXIDE_TOKEN") && err.contains("@BotFather") && err.contains("atazan chat"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[tokio::test]
async fn malformed_values_are_one_line_errors() {
    for (k, v) in [
        ("TELOXIDE_TOKEN", "12345"),
        ("ADMIN_IDS", "me"),
        ("TELOXIDE_API_URL", "not a url"),
    ] {
        let out = atazan()
            .env("TELOXIDE_TOKEN", fakeapi::TOKEN)
            .env(k, v)
            .output()
            .await
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{k}={v}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(k), "{err}");
    }
}

#[tokio::test]
async fn usage_errors_exit_with_2() {
    let out = atazan().arg("frobnicate").output().await.unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn sigterm_stops_cleanly_and_the_token_never_reaches_the_logs() {
    let fake = FakeApi::start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let child = atazan()
        .env("TELOXIDE_TOKEN", fakeapi::TOKEN)
        .env("TELOXIDE_API_URL", fake.url().to_string())
        .env(
            "DATABASE_URL",
            crate::support::database_url(dir.path(), "bot").await,
        )
        .env("CONTENT_DIR", crate::support::repo_path("content"))
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let user = FakeUser::new(42, Some("ru"));
    fake.send_text(&user, "/start");
    fake.wait_call(0, WAIT, |c| c.method == "sendmessage")
        .await
        .expect("the bot answers");
    // A failing call logs an error too: it must not carry the token either.
    fake.fail("sendmessage", atazan::fakeapi::Failure::ServerError, 1);
    fake.send_text(&user, "/help");
    let n = fake.calls().len();
    fake.wait_call(n.saturating_sub(1), WAIT, |c| !c.ok).await;

    let pid = child.id().unwrap().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("stops within the service stop timeout")
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "exit status after SIGTERM");
    let logs = String::from_utf8_lossy(&out.stderr) + String::from_utf8_lossy(&out.stdout);
    assert!(logs.contains("stopped"), "graceful stop is logged");
    let secret = fakeapi::TOKEN.split_once(':').unwrap().1;
    assert!(!logs.contains(secret), "the token leaked into the logs");
}

#[tokio::test]
async fn export_questions_writes_csv_from_the_bots_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::database_url(dir.path(), "bot").await;
    let db = atazan::storage::Db::open(&url).await.unwrap();
    db.touch_user(5).await.unwrap();
    let text = atazan::domain::QuestionText::parse("Экспортируемый вопрос").unwrap();
    let q = atazan::storage::NewQuestion {
        theme: None,
        user_id: 5,
        chat_id: 5,
        source_message_id: 1,
        lang: atazan::domain::Lang::Ru,
        item_id: None,
        follow_up_of: None,
        text: Some(&text),
        media: &[],
    };
    db.insert_question(&q, |_| None).await.unwrap();
    db.close().await;
    let out = dir.path().join("q.csv");
    let status = atazan()
        .env("DATABASE_URL", &url)
        .args(["export-questions", "--out"])
        .arg(&out)
        .status()
        .await
        .unwrap();
    assert!(status.success());
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.starts_with('\u{feff}') && csv.contains("Экспортируемый вопрос") && csv.contains(";waiting;"),
        "{csv}"
    );
}
