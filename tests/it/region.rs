//! Another region without touching code: `REGION_FILE` names the districts, the time zone and the
//! coordinate box; chat mode, the events import and the district filters follow it; a broken file,
//! or a database holding districts the file lacks, is refused at start with what to fix.

use std::{path::Path, process::Stdio};

use tokio::io::AsyncWriteExt;

use crate::support::repo_path;

const ATYRAU: &str = "examples/regions/atyrau.toml";

/// `atazan ARGS` in `dir` with only the given variables (and PATH); stdin is `input`.
async fn atazan(dir: &Path, args: &[&str], vars: &[(&str, &str)], input: &str) -> std::process::Output {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONTENT_DIR", repo_path("content"))
        .envs(vars.iter().copied())
        .current_dir(dir)
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
    tokio::time::timeout(std::time::Duration::from_secs(90), child.wait_with_output())
        .await
        .expect("the command ends")
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const HEADER: &str = "id;title_ru;title_kk;kind;starts_at;ends_at;district;venue;address;lat;lon;online_url;organizer;themes;capacity;status";

/// A start time a week from now, local, as the CSV takes it.
fn next_week(hour: u32) -> String {
    let day = chrono::Utc::now().date_naive() + chrono::Days::new(7);
    format!("{} {hour:02}:00", day.format("%Y-%m-%d"))
}

#[tokio::test]
async fn another_region_runs_chat_mode_the_events_import_and_district_filters() {
    let dir = tempfile::tempdir().unwrap();
    let region = repo_path(ATYRAU).display().to_string();
    let db_url = format!("sqlite://{}/data/chat.db", dir.path().display());
    let vars = [
        ("REGION_FILE", region.as_str()),
        ("DATABASE_URL", db_url.as_str()),
    ];

    // West Kazakhstan's districts and coordinates are refused in Atyrau region, with their lines.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{HEADER}\n\
             w1;Встреча в Уральске;;meeting;{t};;Уральск;;;51.2297;51.3772;;;;;\n\
             w2;Встреча;;meeting;{t};;zhylyoi;;;51.2297;51.3772;;;;;\n",
            t = next_week(10)
        ),
    )
    .unwrap();
    let out = atazan(dir.path(), &["import-events", "bad.csv"], &vars, "").await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bad.csv:2: ") && err.contains("unknown district `Уральск`"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:3: ") && err.contains("outside Атырауская область"),
        "the box of the region file: {err}"
    );

    // Its own district names, old names and towns are accepted.
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "{HEADER}\n\
             k1;Встреча в Кульсары;;meeting;{t1};;Кульсары;ДК нефтяников;;46,9530;54,0190;;;labour;;\n\
             a1;Круглый стол в Атырау;;round_table;{t2};;Гурьев;Акимат;;47.1167;51.8833;;;;;\n",
            t1 = next_week(10),
            t2 = next_week(15)
        ),
    )
    .unwrap();
    let out = atazan(dir.path(), &["import-events", "good.csv"], &vars, "").await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2 added"), "{}", text(&out.stdout));

    // Chat mode: Russian, Settings → District lists Atyrau's districts; choose Zhylyoi (the second); then
    // the events list, filtered by district, shows only Kulsary's meeting in Atyrau's time.
    let out = atazan(
        dir.path(),
        &["chat"],
        &vars,
        "/start\n1\n/settings\n2\n2\n/events\n1\n",
    )
    .await;
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(
        stdout.contains("[1] Атырау") && stdout.contains("[2] Жылыойский район"),
        "the region's districts as buttons: {stdout}"
    );
    assert!(
        !stdout.contains("Уральск") && !stdout.contains("Бурлинский"),
        "nothing of West Kazakhstan: {stdout}"
    );
    assert!(stdout.contains("Район: Жылыойский район"), "{stdout}");
    let events = stdout.rsplit("> /events").next().unwrap();
    let (list, card) = events.split_once("> 1").unwrap();
    assert!(
        list.contains("Встреча в Кульсары") && !list.contains("Круглый стол в Атырау"),
        "the list is filtered to the resident's district: {list}"
    );
    assert!(
        card.contains("10:00–12:00 (время Атырау)") && card.contains("📍 ДК нефтяников, Жылыойский район"),
        "the card in the region's local time: {card}"
    );
}

#[tokio::test]
async fn a_broken_region_file_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(repo_path(ATYRAU)).unwrap();
    let line = source.lines().position(|l| l.starts_with("time_zone")).unwrap() + 1;
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, source.replacen("Asia/Atyrau", "Asia/Atlantis", 1)).unwrap();
    let region = broken.display().to_string();
    let vars = [("REGION_FILE", region.as_str())];
    let at = format!("{region}:{line}: ");

    for args in [&["check-content"][..], &["chat"][..]] {
        let out = atazan(dir.path(), args, &vars, "/start\n").await;
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.lines()
                .any(|l| l.contains(&at) && l.contains("Asia/Atlantis")),
            "{args:?} names the file, the line and the value: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }

    // A duplicate district id is named with both lines.
    let first = source.lines().position(|l| l == "id = \"inder\"").unwrap() + 1;
    let second = source.lines().position(|l| l == "id = \"isatay\"").unwrap() + 1;
    std::fs::write(&broken, source.replacen("id = \"isatay\"", "id = \"inder\"", 1)).unwrap();
    let out = atazan(dir.path(), &["check-content"], &vars, "").await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{region}:{second}: ")) && err.contains(&format!("line {first}")),
        "{err}"
    );

    // The shipped files pass.
    for file in ["regions/west-kazakhstan.toml", ATYRAU] {
        let path = repo_path(file).display().to_string();
        let out = atazan(
            dir.path(),
            &["check-content"],
            &[("REGION_FILE", path.as_str())],
            "",
        )
        .await;
        assert_eq!(out.status.code(), Some(0), "{file}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("districts"), "{}", text(&out.stdout));
    }
}

#[tokio::test]
async fn a_database_with_districts_the_region_lacks_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    // West Kazakhstan (the default): a resident chooses Baiterek (the third district).
    let out = atazan(dir.path(), &["chat"], &[], "/start\n1\n/settings\n2\n3\n").await;
    assert!(
        text(&out.stdout).contains("Район: Байтерекский район"),
        "{}",
        text(&out.stdout)
    );

    // The same database under Atyrau region's file: refused, with the ids to map.
    let region = repo_path(ATYRAU).display().to_string();
    let out = atazan(
        dir.path(),
        &["chat"],
        &[("REGION_FILE", region.as_str())],
        "/start\n",
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("baiterek") && err.contains(&region) && !err.contains("panicked"),
        "the unknown ids and the file: {err}"
    );
    assert!(
        !text(&out.stdout).contains("Здравствуйте"),
        "the bot did not start"
    );
}

#[tokio::test]
async fn a_database_from_before_region_files_keeps_its_events_and_rsvps() {
    // A database as the previous release left it: the migrations alone, with West Kazakhstan's
    // district list as a CHECK on events, one event, an RSVP and its reminder.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/old.db", dir.path().display());
    let options: sqlx::sqlite::SqliteConnectOptions = url.parse().unwrap();
    let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true).foreign_keys(true))
        .await
        .unwrap();
    sqlx::migrate!("./migrations/sqlite").run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO users (id, first_seen, last_seen) VALUES (77, 0, 0)",
        "INSERT INTO events (id, external_id, title_ru, kind, starts_at, ends_at, district, updated_at)
         VALUES (5, 'old-1', 'Встреча', 'meeting', 4102444800, 4102452000, 'burlin', 0)",
        "INSERT INTO rsvps (event_id, user_id, going, remind, created_at) VALUES (5, 77, 1, 1, 0)",
        "INSERT INTO reminders (event_id, chat_id, kind, due_at) VALUES (5, 77, '24h', 4102358400)",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    let refused = sqlx::query(
        "INSERT INTO events (external_id, title_ru, kind, starts_at, ends_at, district, updated_at)
         VALUES ('x', 'x', 'meeting', 1, 2, 'zhylyoi', 0)",
    )
    .execute(&pool)
    .await;
    assert!(refused.is_err(), "the old schema knows West Kazakhstan only");
    pool.close().await;

    let db = atazan::storage::Db::open(&url).await.unwrap();
    let atazan::storage::Backend::Sqlite(pool) = db.backend().clone() else {
        unreachable!("an SQLite URL opens SQLite")
    };
    let rsvp = db.rsvp(5, 77).await.unwrap();
    assert!(rsvp.going && rsvp.remind, "the RSVP survived: {rsvp:?}");
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
    };
    assert_eq!(count("SELECT COUNT(*) FROM reminders").await, 1);
    assert_eq!(count("SELECT COUNT(*) FROM events").await, 1);
    sqlx::query(
        "INSERT INTO events (external_id, title_ru, kind, starts_at, ends_at, district, updated_at)
         VALUES ('x', 'x', 'meeting', 1, 2, 'zhylyoi', 0)",
    )
    .execute(&pool)
    .await
    .expect("districts are the region file's now");
    // Foreign keys are on again: a reminder for an event that does not exist is refused.
    assert!(
        sqlx::query("INSERT INTO reminders (event_id, chat_id, kind, due_at) VALUES (999, 77, '2h', 0)")
            .execute(&pool)
            .await
            .is_err()
    );
    db.close().await;
    // Opening again changes nothing.
    let db = atazan::storage::Db::open(&url).await.unwrap();
    assert!(db.rsvp(5, 77).await.unwrap().going);
    db.close().await;
}
