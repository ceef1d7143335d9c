//! Every message arrives: answers through 5xx, 429, proxies' HTML pages, a kill -9 and blocked
//! residents; what cannot be delivered is shown to admins, who retry or discard it.

use std::time::Duration;

use atazan::{
    domain::QuestionStatus,
    fakeapi::{Call, Failure},
};

use crate::{
    questions::{answer, ask, take, volunteer},
    support::{ADMIN, TestApp},
};

/// Answers sent to `chat` (the resident's copy of an answer).
fn answers_to(app: &TestApp, chat: i64) -> Vec<Call> {
    app.fake
        .calls()
        .into_iter()
        .filter(|c| {
            c.ok && c.method == "sendmessage"
                && c.chat_id() == Some(chat)
                && c.text().is_some_and(|t| t.contains("Ответ на ваш вопрос"))
        })
        .collect()
}

async fn note_containing(app: &TestApp, chat: i64, needle: &str) -> Call {
    app.expect(chat, needle, |c| {
        c.method == "sendmessage" && c.text().is_some_and(|t| t.contains(needle))
    })
    .await
}

#[tokio::test]
async fn an_answer_survives_a_5xx_and_the_volunteer_hears_when_it_arrives() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(12_001, "ru").await;
    let number = ask(&app, &resident, "Что будет с пенсиями?").await;
    let v = volunteer(&app, 12_002).await;
    let card = take(&app, &v).await;
    // The moment the answer goes out, Telegram answers 500 (teloxide waits 10 s on it).
    app.fake.fail_chat("sendmessage", 12_001, Failure::ServerError, 1);
    let told = answer(&app, &v, &card, "Пенсии индексируются ежегодно.").await;
    assert!(
        told.text().unwrap().contains("ждёт доставки"),
        "the volunteer is told it waits: {:?}",
        told.text()
    );
    let arrived = app.expect_message(12_001).await;
    assert!(arrived.text().unwrap().contains("Пенсии индексируются"));
    note_containing(&app, 12_002, "доставлен").await;
    let q = app.db().await.question(number).await.unwrap().unwrap();
    assert_eq!(q.delivery.map(|d| d.as_str()), Some("delivered"));
    assert_eq!(answers_to(&app, 12_001).len(), 1, "sent once");
}

#[tokio::test]
async fn a_429_or_a_proxy_error_page_at_delivery_only_delays_the_answer() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(12_011, "ru").await;
    ask(&app, &resident, "Кто такие акимы?").await;
    let v = volunteer(&app, 12_012).await;
    let card = take(&app, &v).await;
    app.fake
        .fail_chat("sendmessage", 12_011, Failure::TooManyRequests(1), 1);
    let told = answer(&app, &v, &card, "Акимы руководят исполнительной властью.").await;
    assert!(told.text().unwrap().contains("доставлен"), "{:?}", told.text());
    assert_eq!(answers_to(&app, 12_011).len(), 1);
    app.expect_message(12_011).await; // the answer

    ask(&app, &resident, "А маслихаты?").await;
    let card = take(&app, &v).await;
    app.fake
        .fail_chat("sendmessage", 12_011, Failure::BadGatewayHtml, 1);
    answer(&app, &v, &card, "Маслихаты — представительные органы.").await;
    app.expect(12_011, "the second answer", |c| {
        c.text()
            .is_some_and(|t| t.contains("Маслихаты — представительные"))
    })
    .await;
    assert_eq!(answers_to(&app, 12_011).len(), 2, "each answer once");
}

#[tokio::test]
async fn a_kill_9_with_an_answer_pending_loses_nothing() {
    let mut app = TestApp::spawn().await;
    let resident = app.onboard(12_021, "ru").await;
    let number = ask(&app, &resident, "Когда выборы в Курултай?").await;
    let v = volunteer(&app, 12_022).await;
    let card = take(&app, &v).await;
    // Telegram says "wait 8 s": the volunteer hears it waits, and the bot dies meanwhile.
    app.fake
        .fail_chat("sendmessage", 12_021, Failure::TooManyRequests(8), 1);
    let told = answer(&app, &v, &card, "Дату назначает Президент.").await;
    assert!(
        told.text().unwrap().contains("ждёт доставки"),
        "{:?}",
        told.text()
    );
    app.kill().await;
    assert_eq!(answers_to(&app, 12_021).len(), 0);
    app.start().await;
    app.expect(12_021, "the answer after the restart", |c| {
        c.text().is_some_and(|t| t.contains("Дату назначает Президент"))
    })
    .await;
    note_containing(&app, 12_022, "доставлен").await;
    assert_eq!(answers_to(&app, 12_021).len(), 1, "at most twice; here once");
    let q = app.db().await.question(number).await.unwrap().unwrap();
    assert_eq!(q.delivery.map(|d| d.as_str()), Some("delivered"));
}

#[tokio::test]
async fn a_blocked_resident_is_marked_and_a_refused_message_is_kept_for_admins() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(12_031, "ru").await;
    ask(&app, &resident, "Первый вопрос о праве собственности").await;
    ask(&app, &resident, "Второй вопрос о праве собственности").await;
    let v = volunteer(&app, 12_032).await;

    let card = take(&app, &v).await;
    app.fake
        .fail_chat("sendmessage", 12_031, Failure::CantInitiate, 1);
    let told = answer(&app, &v, &card, "Ответ, который сначала не примут").await;
    assert!(told.text().unwrap().contains("сохранён"), "{:?}", told.text());
    let db = app.db().await;
    assert!(
        !db.user(12_031).await.unwrap().unwrap().blocked,
        "cannot initiate is not a block"
    );

    let admin = app.onboard(ADMIN, "ru").await;
    let stats = app.say(&admin, "/stats").await;
    assert!(
        stats.text().unwrap().contains("Недоставленных сообщений: 1"),
        "{:?}",
        stats.text()
    );
    app.press(&admin, &stats, "Повторить");
    app.expect(12_031, "the retried answer", |c| {
        c.text().is_some_and(|t| t.contains("сначала не примут"))
    })
    .await;

    let card = take(&app, &v).await;
    app.fake.fail_chat("sendmessage", 12_031, Failure::Deactivated, 1);
    let told = answer(&app, &v, &card, "Ответ удалённому аккаунту").await;
    assert!(told.text().unwrap().contains("сохранён"), "{:?}", told.text());
    assert!(db.user(12_031).await.unwrap().unwrap().blocked, "marked");
    assert_eq!(
        db.undeliverable_count().await.unwrap(),
        0,
        "blocked is not 'kept'"
    );
}

#[tokio::test]
async fn reject_notices_survive_a_5xx_too() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(12_041, "ru").await;
    let spam = ask(&app, &resident, "Продаю окна дёшево").await;
    let v = volunteer(&app, 12_042).await;
    let card = take(&app, &v).await;
    app.press(&v, &card, "Отклонить");
    let reasons = app.expect_message(12_042).await;
    app.fake.fail_chat("sendmessage", 12_041, Failure::ServerError, 1);
    app.press(&v, &reasons, "Реклама");
    let told = app
        .expect(12_041, "the rejection", |c| {
            c.text().is_some_and(|t| t.contains("рекламу"))
        })
        .await;
    assert!(told.text().unwrap().contains(&format!("№{spam}")));
    let q = app.db().await.question(spam).await.unwrap().unwrap();
    assert_eq!(q.status, QuestionStatus::Rejected);
}

#[tokio::test]
async fn a_revoked_token_stops_the_bot_and_says_so() {
    let mut app = TestApp::spawn().await;
    let resident = app.onboard(12_051, "ru").await;
    ask(&app, &resident, "Вопрос перед отзывом токена").await;
    let v = volunteer(&app, 12_052).await;
    let card = take(&app, &v).await;
    app.press(&v, &card, "Ответить");
    app.expect_message(12_052).await;
    let preview = app.say(&v, "Ответ").await;
    app.fake
        .fail_chat("sendmessage", 12_051, Failure::Unauthorized, 1);
    app.press(&v, &preview, "✅ Отправить");
    let result = tokio::time::timeout(Duration::from_secs(30), app.join())
        .await
        .expect("the bot stops by itself");
    let err = result.expect_err("a revoked token is an error");
    assert!(err.to_string().contains("revoked"), "{err}");
}

#[tokio::test]
async fn a_reminder_that_could_not_go_out_before_its_event_is_dropped_and_counted() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(12_061, "ru").await;
    let db = app.db().await;
    let csv = format!(
        "id;title_ru;kind;starts_at;district\nr-1;Встреча о земле;meeting;{};uralsk\n",
        atazan::domain::event::format_local_csv(atazan::storage::now() + 3 * 86_400)
    );
    atazan::services::events::import(&db, csv.as_bytes(), atazan::storage::now())
        .await
        .unwrap();
    let event = db.event_by_external_id("r-1").await.unwrap().unwrap().row_id;
    // Telegram fails at the moment of the reminder; meanwhile the event begins.
    app.fake.fail_chat("sendmessage", 12_061, Failure::ServerError, 1);
    let on = atazan::storage::Rsvp {
        going: true,
        remind: true,
    };
    db.set_rsvp(event, resident.id, on, atazan::storage::now())
        .await
        .unwrap();
    crate::support::exec(&db, "UPDATE reminders SET due_at = 1 WHERE kind = '24h'", &[]).await;
    app.fake
        .wait_call(0, crate::support::WAIT, |c| !c.ok && c.chat_id() == Some(12_061))
        .await
        .expect("the failed reminder");
    crate::support::exec(
        &db,
        "UPDATE outbox SET expires_at = 1 WHERE kind = 'reminder'",
        &[],
    )
    .await;
    let deadline = tokio::time::Instant::now() + crate::support::WAIT;
    while db.expired_count().await.unwrap() == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the reminder was not dropped"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let reminders = app
        .fake
        .calls()
        .iter()
        .filter(|c| {
            c.ok && c.chat_id() == Some(12_061) && c.text().is_some_and(|t| t.contains("Встреча о земле"))
        })
        .count();
    assert_eq!(reminders, 0, "a late reminder is not sent");
    let admin = app.onboard(ADMIN, "ru").await;
    let stats = app.say(&admin, "/stats").await;
    assert!(
        stats
            .text()
            .unwrap()
            .contains("напоминания после начала события): 1"),
        "{:?}",
        stats.text()
    );
}
