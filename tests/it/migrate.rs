//! Moving a region from SQLite to PostgreSQL with `atazan migrate-db`: residents keep their
//! language, questions their numbers and answers, events their RSVPs; new questions get numbers
//! after the old ones; a second run into the same database is refused and changes nothing.
//! Runs in the PostgreSQL pass of `.ci/run` (it needs a server: `ATAZAN_TEST_POSTGRES`).

use std::process::Stdio;

use atazan::storage::{Db, now};

use crate::{
    questions::{answer, ask, take, volunteer},
    support::{TestApp, database_url, postgres_server, repo_path, scalar, texts},
};

/// `atazan migrate-db --to TO` on the SQLite database `from`.
async fn migrate_db(from: &str, to: &str) -> std::process::Output {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .args(["migrate-db", "--to", to])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", from)
        .env("CONTENT_DIR", repo_path("content"))
        .current_dir(tempfile::tempdir().unwrap().keep())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output();
    tokio::time::timeout(std::time::Duration::from_secs(120), out)
        .await
        .expect("migrate-db ends")
        .unwrap()
}

/// Every table's row count, by name.
async fn counts(db: &Db, tables: &[String]) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for t in tables {
        out.push((
            t.clone(),
            scalar(db, &format!("SELECT COUNT(*) FROM {t}"), &[]).await,
        ));
    }
    out
}

#[tokio::test]
async fn migrate_db_moves_a_region_to_postgres_and_numbers_keep_rising() {
    if postgres_server().is_none() {
        eprintln!("skipped: ATAZAN_TEST_POSTGRES is not set (the PostgreSQL pass of .ci/run runs this)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}/wko.db", dir.path().display());
    let mut app = TestApp::spawn_with(&[("DATABASE_URL", sqlite.as_str())]).await;

    // A season of use on SQLite: residents in both languages, an answered question and a
    // waiting one, an event with an RSVP (and its reminders), a subscriber.
    let resident = app.onboard(7101, "ru").await;
    let kazakh = app.onboard(7102, "kk").await;
    let v = volunteer(&app, 7103).await;
    let answered = ask(&app, &resident, "Что такое курултай по новой Конституции?").await;
    let card = take(&app, &v).await;
    answer(
        &app,
        &v,
        &card,
        "Однопалатный парламент: так его называет новая Конституция.",
    )
    .await;
    app.expect(resident.id, "the answer", |c| {
        c.method == "sendmessage" && c.text().is_some_and(|t| t.contains("Однопалатный"))
    })
    .await;
    let waiting = ask(&app, &resident, "Как избираются маслихаты?").await;
    assert!(waiting > answered);
    let db = app.db().await;
    let csv = format!(
        "id;title_ru;title_kk;kind;starts_at;ends_at;district;venue;address;lat;lon;online_url;organizer;themes;capacity;status\n\
         wko-mig-1;Встреча в Аксае;;meeting;{};;Аксай;ДК;ул. Абая, 1;51.1690;52.9986;;Коалиция;labour;;\n",
        atazan::domain::event::format_local_csv(now() + 3 * 24 * 3600)
    );
    // The operator's import, as on the command line (it leaves an audit entry).
    let file = dir.path().join("events.csv");
    std::fs::write(&file, csv).unwrap();
    let import = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .arg("import-events")
        .arg(&file)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &sqlite)
        .env("CONTENT_DIR", repo_path("content"))
        .output()
        .await
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    app.say(&kazakh, "/start event_wko-mig-1").await; // the welcome, then the card
    let card = app.expect_message(kazakh.id).await;
    app.press(&kazakh, &card, "Барамын");
    let rsvp = app.expect_edit(kazakh.id).await;
    assert!(
        rsvp.buttons().iter().any(|b| b == "↩ Бармаймын (1)"),
        "{:?}",
        rsvp.buttons()
    );
    app.stop().await;

    let tables = texts(
        &db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' \
         AND name <> '_sqlx_migrations' ORDER BY name",
        &[],
    )
    .await;
    let before = counts(&db, &tables).await;
    assert!(
        before
            .iter()
            .filter(|(t, _)| [
                "users",
                "questions",
                "outbox",
                "events",
                "rsvps",
                "reminders",
                "audit_log"
            ]
            .contains(&t.as_str()))
            .all(|(_, n)| *n > 0),
        "the test filled the tables it means to move: {before:?}"
    );
    db.close().await;

    let pg = database_url(dir.path(), "unused").await;
    let out = migrate_db(&sqlite, &pg).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("users: 3 rows"), "{stdout}");
    assert!(stdout.contains("counts verified"), "{stdout}");
    let password = url::Url::parse(&pg).unwrap().password().unwrap_or("").to_owned();
    assert!(
        password.is_empty() || !format!("{stdout}{stderr}").contains(&format!(":{password}@")),
        "the password is not printed: {stdout}"
    );

    let target = Db::open(&pg).await.unwrap();
    assert_eq!(
        counts(&target, &tables).await,
        before,
        "every table arrived whole"
    );

    // A second run is refused and leaves the copy as it was.
    let again = migrate_db(&sqlite, &pg).await;
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("not empty"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(counts(&target, &tables).await, before);

    // The bot on PostgreSQL: the same people, numbers, answers and RSVPs.
    app.vars.insert("DATABASE_URL".into(), pg.clone());
    app.start().await;
    let mine = app.say(&resident, "/myquestions").await;
    let text = mine.text().unwrap();
    assert!(
        text.contains(&format!("№{answered}")) && text.contains(&format!("№{waiting}")),
        "{text}"
    );
    assert!(
        text.contains("Однопалатный"),
        "the answer moved with its question: {text}"
    );
    app.say(&kazakh, "/start event_wko-mig-1").await;
    let card = app.expect_message(kazakh.id).await;
    assert!(
        card.buttons().iter().any(|b| b == "↩ Бармаймын (1)"),
        "the RSVP moved, shown in Kazakh: {:?}",
        card.buttons()
    );
    let next = ask(&app, &resident, "А что с местным самоуправлением?").await;
    assert_eq!(next, waiting + 1, "numbers continue after the copied ones");
    let card = take(&app, &v).await;
    assert!(
        card.text().unwrap().contains("маслихаты"),
        "the waiting question is still first in the queue: {:?}",
        card.text()
    );
    app.stop().await;
    target.close().await;
}

/// `pg_dump` or `pg_restore` with `args`; panics with its stderr on failure.
async fn pg_tool(tool: &str, args: &[&str]) {
    let out = tokio::process::Command::new(tool)
        .args(args)
        .output()
        .await
        .unwrap_or_else(|e| panic!("{tool} runs (PostgreSQL's client tools are installed): {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn the_readme_backup_and_restore_on_postgres_keep_questions_and_numbers() {
    if postgres_server().is_none() {
        eprintln!("skipped: ATAZAN_TEST_POSTGRES is not set (the PostgreSQL pass of .ci/run runs this)");
        return;
    }
    let mut app = TestApp::spawn().await;
    let resident = app.onboard(7201, "ru").await;
    let asked = ask(&app, &resident, "Кто назначает акимов районов?").await;

    // The backup is taken while the bot runs, as the README's cron line does.
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("atazan.dump");
    let live = app.vars["DATABASE_URL"].clone();
    pg_tool(
        "pg_dump",
        &["--format=custom", &format!("--file={}", dump.display()), &live],
    )
    .await;
    app.stop().await;

    let restored = database_url(dir.path(), "unused").await;
    pg_tool(
        "pg_restore",
        &[
            "--no-owner",
            "--exit-on-error",
            &format!("--dbname={restored}"),
            &dump.display().to_string(),
        ],
    )
    .await;
    app.vars.insert("DATABASE_URL".into(), restored);
    app.start().await;
    let mine = app.say(&resident, "/myquestions").await;
    assert!(
        mine.text().unwrap().contains(&format!("№{asked}")),
        "{:?}",
        mine.text()
    );
    let next = ask(&app, &resident, "А кто их отстраняет?").await;
    assert_eq!(next, asked + 1, "the restored sequence continues");
    app.stop().await;
}
