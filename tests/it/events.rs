//! Local events as operators and residents meet them: CSV import (CLI and document upload) with
//! every error and its line, export round trip, the list with filters and pages, cards with RSVP,
//! calendar file and map pin, events near a location, reminders sent once across a restart, and
//! notices when an event moves or is cancelled.

use std::{process::Stdio, time::Duration};

use atazan::{
    domain::{District, event::format_local_csv},
    fakeapi::{Call, FakeUser},
    services::events,
    storage::{Db, now},
};
use serde_json::json;

use crate::support::{ADMIN, TestApp, WAIT, repo_path};

const HEADER: &str = "id;title_ru;title_kk;kind;starts_at;ends_at;district;venue;address;lat;lon;online_url;organizer;themes;capacity;status";

/// One CSV row starting `starts_in` seconds from now (local time, as operators write it).
fn row(
    id: &str,
    title: &str,
    starts_in: i64,
    district: &str,
    coords: (&str, &str),
    themes: &str,
    status: &str,
) -> String {
    format!(
        "{id};{title};;meeting;{};;{district};ДК {title};ул. Абая, 1;{};{};;Коалиция;{themes};;{status}",
        format_local_csv(now() + starts_in),
        coords.0,
        coords.1
    )
}

fn csv(rows: &[String]) -> Vec<u8> {
    format!("{HEADER}\n{}\n", rows.join("\n")).into_bytes()
}

const DAY: i64 = 24 * 3600;
const URALSK: (&str, &str) = ("51.2297", "51.3772");
const AKSAI: (&str, &str) = ("51.1690", "52.9986");
const ZHANIBEK: (&str, &str) = ("49.4170", "46.8500");
const NOWHERE: (&str, &str) = ("", "");

async fn import(db: &Db, bytes: &[u8]) -> atazan::storage::ImportSummary {
    events::import(db, bytes, now())
        .await
        .expect("the test file imports")
}

async fn row_id(db: &Db, external: &str) -> i64 {
    db.event_by_external_id(external).await.unwrap().unwrap().row_id
}

fn atazan_cli(db_url: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_atazan"));
    let dir = tempfile::tempdir().unwrap().keep();
    cmd.env_clear()
        .current_dir(dir)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db_url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// The next message to `chat` whose text contains `needle`.
async fn expect_text(app: &TestApp, chat: i64, needle: &str) -> Call {
    app.expect(chat, needle, |c| {
        c.method == "sendmessage" && c.text().is_some_and(|t| t.contains(needle))
    })
    .await
}

/// `/start event_<id>` from an onboarded user: the welcome, then the card.
async fn open_card(app: &TestApp, user: &FakeUser, external: &str) -> Call {
    app.say(user, &format!("/start event_{external}")).await;
    app.expect_message(user.id).await
}

#[tokio::test]
async fn cli_import_lists_every_error_with_its_line_and_export_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = crate::support::database_url(dir.path(), "events").await;
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        csv(&[
            row("ok-1", "Хорошая", DAY, "uralsk", URALSK, "", ""),
            row("bad-district", "Атырау", DAY, "Атырауский район", URALSK, "", ""),
            "bad-end;Конец раньше;;meeting;2027-01-10 18:00;2027-01-10 17:00;uralsk;;;;;;;;;".to_owned(),
            row(
                "bad-coords",
                "Координаты",
                DAY,
                "uralsk",
                ("5x.1", "51.3"),
                "",
                "",
            ),
            row("ok-1", "Дубль", DAY, "uralsk", URALSK, "", ""),
        ]),
    )
    .unwrap();
    let out = atazan_cli(&db_url)
        .arg("import-events")
        .arg(&bad)
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let name = bad.display().to_string();
    for (line, what) in [
        (3, "unknown district `Атырауский район`"),
        (4, "is not after"),
        (5, "bad coordinates"),
        (6, "duplicate id `ok-1` (first on line 2)"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("{name}:{line}: ")) && l.contains(what)),
            "line {line} {what}: {err}"
        );
    }
    assert!(
        !err.contains(&format!("{name}:2:")),
        "the good row is fine: {err}"
    );
    assert!(err.contains("nothing was imported") && !err.contains("panicked"));
    let db = Db::open(&db_url).await.unwrap();
    assert!(db.all_events().await.unwrap().is_empty(), "all or nothing");
    db.close().await;

    // The shipped sample imports; exporting and importing it again changes nothing.
    let sample = repo_path("examples/events.csv");
    let out = atazan_cli(&db_url)
        .arg("import-events")
        .arg(&sample)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("30 added, 0 updated, 0 unchanged"), "{stdout}");

    let exported = dir.path().join("export.csv");
    let out = atazan_cli(&db_url)
        .args(["export-events", "--out"])
        .arg(&exported)
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let bytes = std::fs::read(&exported).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.lines().next().unwrap().ends_with(HEADER), "all columns, `;`");
    assert!(
        !text.contains("51,2041") && text.contains("51.2041"),
        "decimal points"
    );
    let out = atazan_cli(&db_url)
        .arg("import-events")
        .arg(&exported)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("0 added, 0 updated, 30 unchanged"), "{stdout}");
    let stdout_export = atazan_cli(&db_url).arg("export-events").output().await.unwrap();
    assert_eq!(stdout_export.stdout, text.as_bytes(), "stdout and --out agree");
}

#[tokio::test]
async fn admins_import_by_sending_the_csv_and_residents_cannot() {
    let app = TestApp::spawn().await;
    let admin = app.onboard(ADMIN, "ru").await;
    let send_file = |user: &FakeUser, name: &str, bytes: Vec<u8>| {
        let size = bytes.len();
        let file_id = app.fake.add_file(bytes);
        app.fake.send(
            user,
            json!({ "document": { "file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": size } }),
        );
    };

    send_file(
        &admin,
        "december.csv",
        csv(&[
            row("a", "Первая", DAY, "uralsk", URALSK, "", ""),
            row("b", "Вторая", DAY, "Нигде", URALSK, "", ""),
            row("c", "Третья", DAY, "uralsk", URALSK, "weather", "postponed"),
        ]),
    );
    let reply = app.expect_message(ADMIN).await;
    let text = reply.text().unwrap();
    assert!(
        text.contains("Ничего не загружено") && text.contains("3 ошибки"),
        "{text}"
    );
    assert!(
        text.contains("december.csv:3: unknown district `Нигде`"),
        "{text}"
    );
    assert!(text.contains("december.csv:4: unknown theme `weather`"), "{text}");
    assert!(
        text.contains("december.csv:4: unknown status `postponed`"),
        "{text}"
    );
    assert!(app.db().await.all_events().await.unwrap().is_empty());

    send_file(
        &admin,
        "events.csv",
        std::fs::read(repo_path("examples/events.csv")).unwrap(),
    );
    let reply = app.expect_message(ADMIN).await;
    assert!(
        reply
            .text()
            .unwrap()
            .contains("добавлено 30, обновлено 0, без изменений 0"),
        "{:?}",
        reply.text()
    );
    let audit = app.db().await.audit_latest(5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "events_import" && e.actor == ADMIN),
        "imports are audited"
    );

    // Too many problems for one message: the first ones, and all of them in a file.
    let many: Vec<String> = (0..300)
        .map(|i| row(&format!("x{i}"), "Без района", DAY, "Марс", URALSK, "", ""))
        .collect();
    send_file(&admin, "many.csv", csv(&many));
    let reply = app.expect_message(ADMIN).await;
    let text = reply.text().unwrap();
    assert!(
        text.contains("300 ошибок") && text.contains("many.csv:2: unknown district"),
        "{text}"
    );
    assert!(text.contains("…и ещё"), "{text}");
    let all = app
        .expect(ADMIN, "errors.txt", |c| c.method == "senddocument")
        .await;
    assert_eq!(all.params["document"]["file_name"], "errors.txt");
    let listed = all.params["document"]["content"].as_str().unwrap();
    assert_eq!(listed.lines().count(), 300);
    assert!(listed.lines().last().unwrap().starts_with("many.csv:301: "));

    let resident = app.onboard(6100, "ru").await;
    send_file(&resident, "events.csv", b"id;title_ru\n".to_vec());
    let reply = app.expect_message(6100).await;
    assert!(reply.text().unwrap().contains("меню"), "a hint, not an import");
}

#[tokio::test]
async fn the_list_defaults_to_the_residents_district_filters_and_pages_in_place() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    let mut rows: Vec<String> = (1..=7)
        .map(|i| {
            row(
                &format!("u{i}"),
                &format!("Уральск {i}"),
                i * DAY,
                "uralsk",
                URALSK,
                "participation",
                "",
            )
        })
        .collect();
    rows.push(row("b1", "Аксай трудовой", 2 * DAY, "Аксай", AKSAI, "labour", ""));
    rows.push(row(
        "b2",
        "Аксай отменённый",
        3 * DAY,
        "burlin",
        AKSAI,
        "labour",
        "cancelled",
    ));
    rows.push(row("past", "Прошедшее", -DAY, "burlin", AKSAI, "labour", ""));
    rows.push(row("far", "Через три недели", 21 * DAY, "uralsk", URALSK, "", ""));
    rows.push(row("soon", "Совсем скоро", 120, "uralsk", URALSK, "", ""));
    import(&db, &csv(&rows)).await;

    let user = app.onboard(6200, "ru").await;
    db.set_district(6200, "burlin".parse::<District>().unwrap())
        .await
        .unwrap();
    let list = app.say(&user, "📅 События").await;
    let text = list.text().unwrap();
    assert!(text.contains("Бурлинский район"), "{text}");
    assert!(
        text.contains("Аксай трудовой") && text.contains("Аксай отменённый"),
        "{text}"
    );
    assert!(
        text.contains("❌ Отменено · Аксай отменённый"),
        "cancelled is shown as such: {text}"
    );
    assert!(
        !text.contains("Прошедшее") && !text.contains("Уральск 1"),
        "{text}"
    );
    assert!(
        text.find("Аксай трудовой") < text.find("Аксай отменённый"),
        "soonest first"
    );

    // All districts: five per page, soonest first, Next / Prev edit the same message.
    app.press(&user, &list, "📍 Район");
    let choose = app.expect_edit(6200).await;
    assert!(choose.buttons().iter().any(|b| b == "✓ Бурлинский район"));
    app.press(&user, &choose, "Вся область");
    let page1 = app.expect_edit(6200).await;
    let text = page1.text().unwrap();
    assert!(text.contains("Вся область"), "{text}");
    assert!(text.contains("<b>1.</b> Совсем скоро"), "{text}");
    assert_eq!(page1.buttons().iter().filter(|b| b.contains(". ")).count(), 5);
    assert!(!page1.buttons().iter().any(|b| b.contains("Раньше")));
    app.press(&user, &page1, "Дальше ▶");
    let page2 = app.expect_edit(6200).await;
    assert_eq!(page2.params["message_id"], list.result_message_id().unwrap());
    assert!(page2.text().unwrap().contains("<b>6.</b>"), "{:?}", page2.text());
    app.press(&user, &page2, "Дальше ▶");
    let page3 = app.expect_edit(6200).await;
    assert!(page3.text().unwrap().contains("Через три недели"));
    assert!(!page3.buttons().iter().any(|b| b.contains("Дальше")), "last page");
    app.press(&user, &page3, "◀ Раньше");
    assert!(app.expect_edit(6200).await.text().unwrap().contains("<b>6.</b>"));

    // Theme: labour only.
    let list = app.say(&user, "/events").await;
    app.press(&user, &list, "📍 Район");
    app.press(&user, &app.expect_edit(6200).await, "Вся область");
    app.press(&user, &app.expect_edit(6200).await, "🗂 Тема");
    app.press(&user, &app.expect_edit(6200).await, "Трудовые права");
    let labour = app.expect_edit(6200).await;
    let text = labour.text().unwrap();
    assert!(
        text.contains("Аксай трудовой") && !text.contains("Уральск"),
        "{text}"
    );

    // Period: this week leaves out the event three weeks ahead; today has the one starting soon.
    app.press(&user, &labour, "🗂 Тема");
    app.press(&user, &app.expect_edit(6200).await, "все темы");
    app.press(&user, &app.expect_edit(6200).await, "🗓 Когда");
    app.press(&user, &app.expect_edit(6200).await, "эта неделя");
    let week = app.expect_edit(6200).await;
    assert!(!week.text().unwrap().contains("Через три недели"));
    app.press(&user, &week, "🗓 Когда");
    app.press(&user, &app.expect_edit(6200).await, "сегодня");
    let today = app.expect_edit(6200).await;
    let text = today.text().unwrap();
    assert!(
        !text.contains("Уральск 2") && !text.contains("Через три недели"),
        "{text}"
    );
    let soon_is_today = atazan::domain::Period::Today
        .until(now())
        .is_some_and(|end| end > now() + 180);
    if soon_is_today {
        assert!(text.contains("Совсем скоро"), "{text}");
    }
}

#[tokio::test]
async fn a_card_from_a_deep_link_takes_rsvps_and_gives_a_calendar_file_and_a_map_pin() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    import(
        &db,
        &csv(&[row(
            "wko-2026-001",
            "Встреча в Аксае",
            3 * DAY,
            "Аксай",
            AKSAI,
            "labour",
            "",
        )]),
    )
    .await;
    let starts = db
        .event_by_external_id("wko-2026-001")
        .await
        .unwrap()
        .unwrap()
        .event
        .starts_at;

    let user = app.user(6300, Some("ru"));
    let choice = app.say(&user, "/start event_wko-2026-001").await;
    app.press(&user, &choice, "Русский");
    app.expect_message(6300).await; // welcome
    let card = app.expect_message(6300).await;
    let text = card.text().unwrap();
    let local = format_local_csv(starts);
    let (date, time) = local.split_once(' ').unwrap();
    let (y, m, d) = (&date[0..4], &date[5..7], &date[8..10]);
    assert!(
        text.contains(&format!("{d}.{m}.{y}, {time}")),
        "local time: {text}"
    );
    assert!(
        text.contains("время Уральска") && text.contains("Бурлинский район"),
        "{text}"
    );
    assert!(text.contains("Собираются прийти: 0"), "{text}");

    app.press(&user, &card, "Я приду");
    let card = app.expect_edit(6300).await;
    assert!(
        card.buttons().iter().any(|b| b == "✅ Я иду (1)"),
        "{:?}",
        card.buttons()
    );
    assert!(card.text().unwrap().contains("Напомню за сутки и за 2 часа"));
    let id = row_id(&db, "wko-2026-001").await;
    assert!(db.event(id).await.unwrap().is_some());
    assert!(db.rsvp(id, 6300).await.unwrap().going);

    // Another resident sees the count.
    let other = app.onboard(6301, "kk").await;
    let card2 = open_card(&app, &other, "wko-2026-001").await;
    assert!(
        card2.buttons().iter().any(|b| b == "✋ Барамын (1)"),
        "{:?}",
        card2.buttons()
    );
    assert!(card2.text().unwrap().contains("Орал уақыты"));

    // Calendar file: UTC times, the event's title.
    app.press(&user, &card, "В календарь");
    let doc = app
        .expect(6300, "sendDocument", |c| c.method == "senddocument")
        .await;
    assert_eq!(doc.params["document"]["file_name"], "event-wko-2026-001.ics");
    let ics = doc.params["document"]["content"].as_str().unwrap().to_owned();
    let parsed: icalendar::Calendar = ics.parse().expect("a valid iCalendar file");
    let event = parsed
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("one VEVENT");
    use icalendar::Component as _;
    assert_eq!(event.get_summary(), Some("Встреча в Аксае"));
    let dtstart = event.property_value("DTSTART").unwrap();
    let want = atazan::domain::event::utc(starts)
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    assert_eq!(dtstart, want, "DTSTART in UTC: {ics}");
    assert!(ics.contains("DTEND:") && ics.contains("Z\r\n"), "{ics}");

    // Map pin.
    app.press(&user, &card, "На карте");
    let venue = app.expect(6300, "sendVenue", |c| c.method == "sendvenue").await;
    assert_eq!(venue.params["latitude"], 51.169);
    assert_eq!(venue.params["longitude"], 52.9986);
    assert!(venue.params["title"].as_str().unwrap().contains("ДК"));

    // Changing one's mind.
    app.press(&user, &card, "Я иду");
    let card = app.expect_edit(6300).await;
    assert!(
        card.buttons().iter().any(|b| b == "✋ Я приду (0)"),
        "{:?}",
        card.buttons()
    );

    // An unknown event: a polite answer.
    let unknown = open_card(&app, &user, "nope").await;
    assert!(unknown.text().unwrap().contains("не найдено"));
}

#[tokio::test]
async fn sharing_a_location_lists_the_five_nearest_with_distances() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    import(
        &db,
        &csv(&[
            row("u1", "Уральск один", DAY, "uralsk", URALSK, "", ""),
            row("u2", "Уральск два", 2 * DAY, "uralsk", URALSK, "", ""),
            row("a1", "Аксай", 3 * DAY, "burlin", AKSAI, "", ""),
            row("z1", "Жанибек", DAY, "zhanibek", ZHANIBEK, "", ""),
            row("z2", "Жанибек два", 2 * DAY, "zhanibek", ZHANIBEK, "", ""),
            row("z3", "Жанибек три", 3 * DAY, "zhanibek", ZHANIBEK, "", ""),
            row("online", "Онлайн", DAY, "uralsk", NOWHERE, "", ""),
            row("old", "Прошлое в Аксае", -DAY, "burlin", AKSAI, "", ""),
        ]),
    )
    .await;
    let user = app.onboard(6400, "ru").await;

    let list = app.say(&user, "/events").await;
    app.press(&user, &list, "Рядом со мной");
    let ask = app.expect_message(6400).await;
    let keyboard = &ask.params["reply_markup"]["keyboard"];
    assert_eq!(keyboard[0][0]["text"], "📍 Мероприятия рядом");
    assert_eq!(keyboard[0][0]["request_location"], true);
    assert!(
        ask.buttons().contains(&"📜 Конституция".to_owned()),
        "the menu stays"
    );

    // Next to Aksai.
    app.fake.send_location(&user, 51.17, 53.0);
    let near = app.expect_message(6400).await;
    let text = near.text().unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("</b> ") && l.contains(" км"))
        .collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        lines[0].contains("Аксай") && lines[0].contains("0,1 км"),
        "{text}"
    );
    assert!(lines[1].contains("Уральск"), "{text}");
    assert!(!text.contains("Онлайн") && !text.contains("Прошлое"), "{text}");
    assert_eq!(near.buttons().len(), 5);
    app.press(&user, &near, "1. Аксай");
    let card = app.expect_message(6400).await;
    assert!(card.text().unwrap().contains("<b>Аксай</b>"));
}

#[tokio::test]
async fn a_reminder_is_sent_once_even_across_a_restart() {
    let mut app = TestApp::spawn().await;
    let db = app.db().await;
    // Starts in an hour: the two-hour reminder is already due; the day-before one no longer applies.
    import(
        &db,
        &csv(&[row("soon", "Встреча через час", 3600, "uralsk", URALSK, "", "")]),
    )
    .await;
    let user = app.onboard(6500, "kk").await;
    let card = open_card(&app, &user, "soon").await;
    app.press(&user, &card, "Барамын");
    app.expect_edit(6500).await;

    let reminder = expect_text(&app, 6500, "Жақында басталады").await;
    let text = reminder.text().unwrap();
    assert!(
        text.contains("Встреча через час") && text.contains("сағат"),
        "{text}"
    );
    assert!(reminder.buttons().iter().any(|b| b == "Іс-шараны ашу"));

    app.restart().await;
    app.fake.wait_quiet(Duration::from_secs(3), WAIT).await;
    app.stop().await;
    let sent = app
        .fake
        .calls()
        .iter()
        .filter(|c| c.method == "sendmessage" && c.text().is_some_and(|t| t.contains("Жақында басталады")))
        .count();
    assert_eq!(sent, 1, "exactly one reminder");
}

#[tokio::test]
async fn reminders_survive_telegrams_429_and_a_blocked_user_is_marked() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    import(
        &db,
        &csv(&[row("soon", "Скорая встреча", 3600, "uralsk", URALSK, "", "")]),
    )
    .await;
    let id = row_id(&db, "soon").await;
    let kind = app.onboard(6600, "ru").await;
    let blocker = app.onboard(6601, "ru").await;
    app.fake.fail_chat(
        "sendmessage",
        6600,
        atazan::fakeapi::Failure::TooManyRequests(1),
        1,
    );
    let on = atazan::storage::Rsvp {
        going: true,
        remind: true,
    };
    db.set_rsvp(id, kind.id, on, now()).await.unwrap();
    expect_text(&app, 6600, "Скоро начало").await;

    // The blocking user: Telegram answers 403, the bot marks them and moves on.
    app.fake
        .fail_chat("sendmessage", 6601, atazan::fakeapi::Failure::Blocked, 1);
    db.set_rsvp(id, blocker.id, on, now()).await.unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    while !db.user(6601).await.unwrap().unwrap().blocked {
        assert!(tokio::time::Instant::now() < deadline, "blocked user not marked");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.fake.wait_quiet(Duration::from_secs(2), WAIT).await;
    let to_kind = app
        .fake
        .calls()
        .iter()
        .filter(|c| c.ok && c.chat_id() == Some(6600) && c.text().is_some_and(|t| t.contains("Скоро начало")))
        .count();
    assert_eq!(to_kind, 1);
}

#[tokio::test]
async fn moving_or_cancelling_an_event_notifies_everyone_signed_up() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    let original = row("m1", "Круглый стол", 3 * DAY, "uralsk", URALSK, "", "");
    import(
        &db,
        &csv(&[
            original.clone(),
            row("other", "Другое", DAY, "uralsk", URALSK, "", ""),
        ]),
    )
    .await;
    let id = row_id(&db, "m1").await;
    let ru = app.onboard(6700, "ru").await;
    let kk = app.onboard(6701, "kk").await;
    let bystander = app.onboard(6702, "ru").await;
    for user in [&ru, &kk] {
        let card = open_card(&app, user, "m1").await;
        let going = card.buttons().into_iter().find(|b| b.starts_with('✋')).unwrap();
        app.press(user, &card, &going);
        app.expect_edit(user.id).await;
    }
    assert_eq!(bystander.id, 6702, "onboarded, never signed up");

    // Moved a day later: a notice in each one's language with the old and new time.
    let summary = import(
        &db,
        &csv(&[row("m1", "Круглый стол", 4 * DAY, "uralsk", URALSK, "", "moved")]),
    )
    .await;
    let new_start = db.event(id).await.unwrap().unwrap().event.starts_at;
    assert_eq!((summary.updated, summary.notices, summary.added), (1, 2, 0));
    let local = format_local_csv(new_start);
    let time = local.split_once(' ').unwrap().1;
    let notice = expect_text(&app, 6700, "Мероприятие перенесено").await;
    assert!(notice.text().unwrap().contains(time), "{:?}", notice.text());
    expect_text(&app, 6701, "Іс-шара ауыстырылды").await;
    let reminders: Vec<i64> = db
        .pending_reminders(6700)
        .await
        .unwrap()
        .into_iter()
        .filter(|(e, _, _)| *e == id)
        .map(|(_, _, due)| due)
        .collect();
    assert_eq!(
        reminders,
        vec![new_start - DAY, new_start - 2 * 3600],
        "reminders follow the new time"
    );

    // Cancelled: a notice, no reminders left, the card says so.
    import(
        &db,
        &csv(&[row(
            "m1",
            "Круглый стол",
            4 * DAY,
            "uralsk",
            URALSK,
            "",
            "cancelled",
        )]),
    )
    .await;
    expect_text(&app, 6700, "Мероприятие отменено").await;
    expect_text(&app, 6701, "Іс-шара болдырылмады").await;
    assert!(
        db.pending_reminders(6700)
            .await
            .unwrap()
            .iter()
            .all(|(e, _, _)| *e != id)
    );
    assert!(
        db.pending_reminders(6701)
            .await
            .unwrap()
            .iter()
            .all(|(e, _, _)| *e != id)
    );
    app.fake.wait_quiet(Duration::from_secs(2), WAIT).await;
    assert!(
        !app.fake
            .calls()
            .iter()
            .any(|c| c.chat_id() == Some(6702) && c.text().is_some_and(|t| t.contains("Круглый стол"))),
        "only those signed up are told"
    );
    let card = open_card(&app, &ru, "m1").await;
    assert!(
        card.text().unwrap().contains("Мероприятие отменено"),
        "shown as cancelled, not dropped"
    );
    assert!(
        !card.buttons().iter().any(|b| b.contains("Я иду")),
        "no sign-ups on a cancelled event"
    );

    // /forget takes the sign-ups with the user.
    let confirm = app.say(&ru, "/forget").await;
    app.press(&ru, &confirm, "Удалить");
    app.expect_edit(6700).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while db.rsvp(id, 6700).await.unwrap() != atazan::storage::Rsvp::default() {
        assert!(tokio::time::Instant::now() < deadline, "RSVP not erased");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
