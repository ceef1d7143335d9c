//! Chat mode driven through a pipe, as scripts and evaluators use it.

use std::process::Stdio;

use tokio::io::AsyncWriteExt;

use crate::support::repo_path;

async fn chat(args: &[&str], input: &str) -> (String, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .arg("chat")
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONTENT_DIR", repo_path("content"))
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .await
        .unwrap();
    let out = tokio::time::timeout(std::time::Duration::from_secs(90), child.wait_with_output())
        .await
        .expect("chat mode ends at end of input")
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    (stdout, dir)
}

#[tokio::test]
async fn piped_onboarding_language_change_and_settings() {
    let (out, dir) = chat(&[], "/start\n2\n4\n2\n3\n/lang\n2\n").await;
    // The bilingual greeting with numbered buttons, Russian first for a Russian Telegram app.
    assert!(
        out.contains("Здравствуйте") && out.contains("  [1] Русский\n  [2] Қазақша"),
        "{out}"
    );
    // Pressing 2 chose Kazakh: the choice is shown as an edit, then the Kazakh welcome and menu.
    assert!(out.contains("bot (edited message 2): ✓ Тіл: қазақша"), "{out}");
    assert!(out.contains("[4] ⚙️ Баптаулар"), "{out}");
    // Settings → District → Baiterek: the card is edited in place.
    assert!(out.contains("Аудан: Бәйтерек ауданы"), "{out}");
    // /lang then Русский.
    assert!(out.contains("✓ Язык: русский"), "{out}");
    assert!(
        dir.join("data/chat.db").exists(),
        "chat mode keeps its own database"
    );
}

#[tokio::test]
async fn admin_sees_admin_commands_and_numbers_can_be_sent_as_text() {
    let (out, _) = chat(&["--as", "admin", "--lang", "kk"], "/start\n1\n/help\n\\1\n").await;
    assert!(
        out.contains("[1] Қазақша"),
        "Kazakh first for a Kazakh app: {out}"
    );
    assert!(out.contains("/broadcast"), "{out}");
    // `\1` is the text "1" (a search), not a press of button [1] (the Constitution menu).
    let after = out.split("> \\1").nth(1).unwrap_or_default();
    let reply = after.lines().find(|l| l.starts_with("bot:")).unwrap_or_default();
    assert!(reply.contains("табыл"), "a search reply: {reply:?} in {out}");
}

/// A newcomer without Telegram: chat mode prints a link to the Mini App for its own user, and
/// the app lists the sample events chat mode loaded into its own database; the chat's
/// /events shows them too.
#[tokio::test]
async fn chat_mode_opens_the_mini_app_on_its_sample_events() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .arg("chat")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONTENT_DIR", repo_path("content"))
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(crate::support::WAIT, lines.next_line())
        .await
        .expect("chat mode prints at once")
        .unwrap()
        .expect("a first line");
    let link = first
        .strip_prefix("Mini App: ")
        .unwrap_or_else(|| panic!("the first line names the Mini App: {first}"));
    let (page, fragment) = link
        .split_once("#tgWebAppData=")
        .expect("the link carries initData");
    assert!(
        page.starts_with("http://127.0.0.1:") && page.ends_with("/app/"),
        "{page}"
    );
    let init_data: String = url::form_urlencoded::parse(format!("d={fragment}").as_bytes())
        .next()
        .unwrap()
        .1
        .into_owned();
    let client = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + crate::support::WAIT;
    let events = loop {
        match client
            .get(format!("{page}api/events"))
            .header("Authorization", format!("tma {init_data}"))
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => break r.json::<serde_json::Value>().await.unwrap(),
            other => {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "the Mini App answers: {other:?}"
                );
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    };
    let events = events["events"].as_array().unwrap();
    assert!(
        events.len() >= 35,
        "the sample events are there: {}",
        events.len()
    );
    let districts: std::collections::BTreeSet<&str> = events
        .iter()
        .filter_map(|e| e["district"]["id"].as_str())
        .collect();
    assert_eq!(districts.len(), 13, "across every district: {districts:?}");
    // The same events in the chat.
    stdin.write_all(b"/start\n1\n/events\n/quit\n").await.unwrap();
    drop(stdin);
    let mut rest = String::new();
    while let Ok(Some(line)) = tokio::time::timeout(crate::support::WAIT, lines.next_line())
        .await
        .unwrap()
    {
        rest.push_str(&line);
        rest.push('\n');
    }
    assert!(rest.contains("[ОБРАЗЕЦ]"), "{rest}");
    assert!(
        rest.contains("Карта и календарь"),
        "the list offers the Mini App: {rest}"
    );
}
