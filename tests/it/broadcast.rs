//! Announcements: audience, preview, confirm, progress, Telegram's limits, stop, schedule,
//! resume after a crash; stats and audit.

use std::{collections::HashMap, time::Duration};

use atazan::{
    domain::{District, Lang},
    fakeapi::{Call, Failure},
    storage::Db,
};

use crate::support::{ADMIN, TestApp, WAIT};

/// Subscribers with ids `from..from+n`, language `lang`, optional district.
async fn subscribers(db: &Db, from: i64, n: i64, lang: Lang, district: Option<District>) -> Vec<i64> {
    let mut ids = Vec::new();
    for id in from..from + n {
        db.touch_user(id).await.unwrap();
        db.set_lang(id, lang).await.unwrap();
        if let Some(d) = district {
            db.set_district(id, d).await.unwrap();
        }
        db.set_subscription(id, true, false).await.unwrap();
        ids.push(id);
    }
    ids
}

/// The admin composes `text` and picks the audience button `audience`; returns the confirm message.
async fn compose(app: &TestApp, audience: &str, text: &str) -> Call {
    let admin = app.onboard(ADMIN, "ru").await;
    assert!(
        app.say(&admin, "/broadcast")
            .await
            .text()
            .unwrap()
            .contains("Напишите объявление")
    );
    app.fake.send(
        &admin,
        serde_json::json!({ "text": text, "entities": [{ "type": "bold", "offset": 0, "length": 5 }] }),
    );
    let choose = app.expect_message(ADMIN).await;
    app.press(&admin, &choose, audience);
    let preview = app.expect_message(ADMIN).await;
    assert!(
        preview.text().unwrap().starts_with("<b>"),
        "the preview keeps the formatting: {:?}",
        preview.text()
    );
    app.expect_message(ADMIN).await
}

fn sends_to(app: &TestApp, ids: &[i64]) -> HashMap<i64, usize> {
    let mut count = HashMap::new();
    for c in app.fake.calls() {
        if c.method == "sendmessage" && c.ok && c.chat_id().is_some_and(|id| ids.contains(&id)) {
            *count.entry(c.chat_id().unwrap()).or_insert(0) += 1;
        }
    }
    count
}

async fn wait_until(what: &str, cond: impl FnMut() -> bool) {
    crate::support::wait_until(what, WAIT * 2, cond).await
}

#[tokio::test]
async fn audience_preview_confirm_and_progress() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "30")]).await;
    let db = app.db().await;
    let kk = subscribers(&db, 5000, 4, Lang::Kk, None).await;
    let ru = subscribers(&db, 5100, 3, Lang::Ru, None).await;
    let unsubscribed = 5200;
    db.touch_user(unsubscribed).await.unwrap();
    db.set_lang(unsubscribed, Lang::Kk).await.unwrap();

    let confirm = compose(&app, "Казахоязычным", "Жиын ертең сағат 10-да").await;
    assert!(
        confirm.text().unwrap().contains("Получат 4 человека"),
        "{:?}",
        confirm.text()
    );
    app.press(&crate::support::admin_user(), &confirm, "Отправить сейчас");
    let progress = app.expect_message(ADMIN).await;
    assert!(progress.buttons().iter().any(|b| b.contains("Остановить")));

    wait_until("all Kazakh subscribers got it", || sends_to(&app, &kk).len() == 4).await;
    assert!(sends_to(&app, &ru).is_empty() && sends_to(&app, &[unsubscribed]).is_empty());
    let report = app
        .expect(ADMIN, "final report", |c| {
            c.method == "sendmessage" && c.text().is_some_and(|t| t.contains("завершена"))
        })
        .await;
    assert!(
        report.text().unwrap().contains("Доставлено: 4 из 4"),
        "{:?}",
        report.text()
    );
    let edited = app
        .fake
        .message(ADMIN, progress.result_message_id().unwrap())
        .unwrap();
    assert!(edited.edits >= 1, "the progress message is edited");

    let audit = app.say(&crate::support::admin_user(), "/audit").await;
    assert!(audit.text().unwrap().contains("broadcast"), "{:?}", audit.text());
}

#[tokio::test]
async fn telegram_429_pauses_everything_and_403_marks_the_recipient_blocked() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "30")]).await;
    let db = app.db().await;
    let ids = subscribers(&db, 6000, 8, Lang::Ru, None).await;
    app.fake
        .fail_chat("sendmessage", 6002, Failure::TooManyRequests(2), 1);
    app.fake.fail_chat("sendmessage", 6005, Failure::Blocked, 1);

    let confirm = compose(&app, "Всем подписчикам", "Важно: встреча переносится").await;
    app.press(&crate::support::admin_user(), &confirm, "Отправить сейчас");
    wait_until("everyone reachable got it", || sends_to(&app, &ids).len() == 7).await;

    let calls = app.fake.calls();
    let throttled = calls
        .iter()
        .find(|c| c.chat_id() == Some(6002) && !c.ok)
        .expect("the 429");
    // The retry waits out retry_after (2 s): a lower bound, which a slow machine only makes
    // later. (Speed itself is measured by the benchmarks.)
    let retried = calls
        .iter()
        .find(|c| c.chat_id() == Some(6002) && c.ok && c.method == "sendmessage")
        .expect("the retry");
    assert!(
        retried.at >= throttled.at + Duration::from_secs(2),
        "retried after {:?}",
        retried.at - throttled.at
    );
    assert_eq!(
        sends_to(&app, &[6002]).get(&6002),
        Some(&1),
        "the throttled message is retried once"
    );

    let blocked_calls = calls
        .iter()
        .filter(|c| c.chat_id() == Some(6005) && c.method == "sendmessage")
        .count();
    assert_eq!(blocked_calls, 1, "a blocked recipient is never retried");
    assert!(db.user(6005).await.unwrap().unwrap().blocked);
}

#[tokio::test]
async fn stop_cancels_what_has_not_gone_out() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "2")]).await;
    let db = app.db().await;
    let ids = subscribers(&db, 7000, 30, Lang::Ru, None).await;
    let confirm = compose(&app, "Всем подписчикам", "Длинная рассылка").await;
    app.press(&crate::support::admin_user(), &confirm, "Отправить сейчас");
    let progress = app.expect_message(ADMIN).await;
    wait_until("a few sends", || !sends_to(&app, &ids).is_empty()).await;
    app.press(&crate::support::admin_user(), &progress, "Остановить");
    app.expect(ADMIN, "stopped", |c| {
        c.text().is_some_and(|t| t.contains("остановлена"))
    })
    .await;
    let sent_at_stop = sends_to(&app, &ids).values().sum::<usize>();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent_later = sends_to(&app, &ids).values().sum::<usize>();
    assert!(sent_later <= sent_at_stop + 1, "{sent_at_stop} then {sent_later}");
    assert!(sent_later < 30);
}

#[tokio::test]
async fn a_scheduled_broadcast_starts_at_its_time_for_its_district() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "30")]).await;
    let db = app.db().await;
    let aksai = subscribers(
        &db,
        8000,
        3,
        Lang::Ru,
        Some("burlin".parse::<District>().unwrap()),
    )
    .await;
    let uralsk = subscribers(
        &db,
        8100,
        3,
        Lang::Ru,
        Some("uralsk".parse::<District>().unwrap()),
    )
    .await;
    let admin = crate::support::admin_user();
    let choose = {
        app.onboard(ADMIN, "ru").await;
        app.say(&admin, "/broadcast").await;
        app.say(&admin, "Встреча в Аксае").await
    };
    app.press(&admin, &choose, "Подписчикам района");
    let districts = app.expect_edit(ADMIN).await;
    app.press(&admin, &districts, "Бурлинский район");
    app.expect_message(ADMIN).await; // preview
    let confirm = app.expect_message(ADMIN).await;
    assert!(
        confirm.text().unwrap().contains("Получат 3 человека"),
        "{:?}",
        confirm.text()
    );
    app.press(&admin, &confirm, "Запланировать");
    app.expect_message(ADMIN).await;
    assert!(
        app.say(&admin, "вчера")
            .await
            .text()
            .unwrap()
            .contains("Не понял время")
    );
    let later = atazan::domain::format_local(chrono::Utc::now() + chrono::Duration::days(1));
    assert!(
        app.say(&admin, &later)
            .await
            .text()
            .unwrap()
            .contains("запланирована")
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(sends_to(&app, &aksai).is_empty(), "not before its time");

    crate::support::exec(&db, "UPDATE broadcasts SET scheduled_at = 0", &[]).await;
    wait_until("the district got it", || sends_to(&app, &aksai).len() == 3).await;
    assert!(sends_to(&app, &uralsk).is_empty());
}

#[tokio::test]
async fn a_broadcast_resumes_after_a_crash_without_skipping_anyone() {
    // A short lease: what the killed bot held goes again 3 s later.
    let mut app = TestApp::spawn_with(&[("BROADCAST_RATE", "4"), ("SEND_LEASE_SECS", "3")]).await;
    let db = app.db().await;
    let ids = subscribers(&db, 9100, 16, Lang::Ru, None).await;
    let confirm = compose(&app, "Всем подписчикам", "Переживёт падение").await;
    app.press(&crate::support::admin_user(), &confirm, "Отправить сейчас");
    wait_until("some sends", || sends_to(&app, &ids).len() >= 3).await;
    app.kill().await;
    let before_restart = sends_to(&app, &ids).values().sum::<usize>();
    assert!(before_restart < 16, "killed mid-broadcast");
    app.start().await;
    wait_until("everyone got it after the restart", || {
        sends_to(&app, &ids).len() == 16
    })
    .await;
    let total: usize = sends_to(&app, &ids).values().sum();
    assert!(
        total <= 17,
        "at most the one message in flight is sent twice: {total}"
    );
}

#[tokio::test]
async fn stats_show_numbers_and_a_chart() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    subscribers(
        &db,
        9500,
        5,
        Lang::Kk,
        Some("terekti".parse::<District>().unwrap()),
    )
    .await;
    app.onboard(ADMIN, "ru").await;
    let stats = app.say(&crate::support::admin_user(), "/stats").await;
    let text = stats.text().unwrap();
    assert!(
        text.contains("Теректинский район: 5") && text.contains("Подписчиков: 5"),
        "{text}"
    );
    let chart = app.expect(ADMIN, "chart", |c| c.method == "sendphoto").await;
    assert!(chart.params["photo"]["size"].as_u64().unwrap() > 5_000);
}

#[tokio::test]
async fn an_announcement_to_the_residents_signed_up_for_an_event() {
    let app = TestApp::spawn_with(&[("BROADCAST_RATE", "30")]).await;
    let db = app.db().await;
    let start = atazan::domain::format_local(chrono::Utc::now() + chrono::Duration::days(3));
    let (date, time) = start.split_once(' ').unwrap();
    let csv = format!(
        "id;title_ru;kind;starts_at;district\nbc-1;Круглый стол в Теректы;round_table;{date} {time};terekti\nbc-2;Встреча в Орале;meeting;{date} {time};uralsk\n"
    );
    atazan::services::events::import(&db, csv.as_bytes(), atazan::storage::now())
        .await
        .unwrap();
    let event = db.event_by_external_id("bc-1").await.unwrap().unwrap().row_id;
    let going = subscribers(&db, 9600, 3, Lang::Ru, None).await;
    let others = subscribers(&db, 9700, 2, Lang::Ru, None).await;
    for id in &going {
        db.set_rsvp(
            event,
            *id,
            atazan::storage::Rsvp {
                going: true,
                remind: true,
            },
            atazan::storage::now(),
        )
        .await
        .unwrap();
    }
    let admin = crate::support::admin_user();
    app.onboard(ADMIN, "ru").await;
    app.say(&admin, "/broadcast").await;
    let choose = app.say(&admin, "Круглый стол переносится на час позже").await;
    app.press(&admin, &choose, "Записавшимся на событие");
    let events = app.expect_edit(ADMIN).await;
    app.press(&admin, &events, "Круглый стол");
    app.expect_message(ADMIN).await; // preview
    let confirm = app.expect_message(ADMIN).await;
    assert!(
        confirm.text().unwrap().contains("Получат 3 человека"),
        "{:?}",
        confirm.text()
    );
    app.press(&admin, &confirm, "Отправить сейчас");
    wait_until("the signed-up residents got it", || {
        sends_to(&app, &going).len() == 3
    })
    .await;
    assert!(sends_to(&app, &others).is_empty());
}
