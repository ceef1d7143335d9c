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
