//! Promises that must hold under real use: texts at Telegram's limit (emoji count twice),
//! escalation only for coordinators, rights that end with the role, complete forgetting,
//! exports Excel cannot run, and broadcasts that start whole or not at all.

use atazan::{
    domain::{Audience, Lang, QuestionStatus},
    fakeapi::Call,
    services::events,
    storage::{NewQuestion, now},
};

use crate::{
    questions::{answer, ask, exported_questions, receipt_number, take, volunteer},
    support::{ADMIN, TestApp, Val},
};

const GROUP: i64 = -100_555;

/// Every Bot API call to `chats` succeeded (the fake refuses what Telegram would: > 4096 units).
fn all_accepted(app: &TestApp, chats: &[i64]) {
    let refused: Vec<String> = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| !c.ok && c.chat_id().is_some_and(|id| chats.contains(&id)))
        .map(|c| format!("{} {:?}", c.method, c.text().map(|t| t.chars().count())))
        .collect();
    assert!(refused.is_empty(), "refused calls: {refused:?}");
}

/// The alert a button press got, containing `needle`.
async fn alert_containing(app: &TestApp, before: usize, needle: &str) {
    app.fake
        .wait_call(before, crate::support::WAIT, |c| {
            c.method == "answercallbackquery" && c.params["text"].as_str().is_some_and(|t| t.contains(needle))
        })
        .await
        .unwrap_or_else(|| panic!("no alert containing {needle:?}"));
}

async fn text_containing(app: &TestApp, chat: i64, needle: &str) -> Call {
    app.expect(chat, needle, |c| {
        c.method.starts_with("sendmessage") && c.text().is_some_and(|t| t.contains(needle))
    })
    .await
}

#[tokio::test]
async fn emoji_heavy_texts_at_the_limit_fit_every_message_they_appear_in() {
    let app = TestApp::spawn_with(&[("VOLUNTEER_CHAT_ID", &GROUP.to_string())]).await;
    let resident = app.onboard(13_001, "ru").await;
    // 3,499 UTF-16 units: 7 letters and 1,746 emoji (two units each), just under the limit.
    let question = format!("Вопрос {}", "😀".repeat(1746));
    let too_long = format!("Вопрос {}", "😀".repeat(1747));
    app.say(&resident, "/ask").await;
    let consent = app
        .fake
        .calls()
        .into_iter()
        .rev()
        .find(|c| c.chat_id() == Some(13_001))
        .unwrap();
    app.press(&resident, &consent, "Согласен");
    app.expect_edit(13_001).await;
    app.expect_message(13_001).await;
    let refused = app.say(&resident, &too_long).await;
    assert!(
        refused.text().unwrap().contains("3500"),
        "counted as Telegram does: {:?}",
        refused.text()
    );
    let preview = app.say(&resident, &question).await;
    app.press(&resident, &preview, "✅ Отправить");
    let number = receipt_number(app.expect_message(13_001).await.text().unwrap());

    let post = text_containing(&app, GROUP, &format!("№{number}")).await;
    assert!(post.text().unwrap().contains("😀😀😀"));
    let v = volunteer(&app, 13_002).await;
    let card = take(&app, &v).await;
    assert!(
        card.text().unwrap().contains(&"😀".repeat(1746)),
        "the volunteer sees all of it"
    );
    let long_answer = "👍".repeat(1500);
    let told = answer(&app, &v, &card, &long_answer).await;
    assert!(told.text().unwrap().contains("доставлен"), "{:?}", told.text());
    let delivered = app.expect_message(13_001).await;
    let text = delivered.text().unwrap();
    assert!(text.contains(&long_answer), "the answer is whole");
    assert!(text.contains('…'), "the quoted question is shortened");
    all_accepted(&app, &[13_001, 13_002, GROUP]);
}

#[tokio::test]
async fn myquestions_with_ten_long_answered_questions_is_paged() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(13_011, "ru").await;
    let db = app.db().await;
    for i in 0..10 {
        let text = atazan::domain::QuestionText::parse(&format!("{i} {}", "🏛".repeat(1700))).unwrap();
        let q = NewQuestion {
            theme: None,
            user_id: 13_011,
            chat_id: 13_011,
            source_message_id: 100 + i,
            lang: Lang::Ru,
            item_id: None,
            follow_up_of: None,
            text: Some(&text),
            media: &[],
        };
        let (id, _) = db.insert_question(&q, |_| None).await.unwrap();
        crate::support::exec(
            &db,
            "UPDATE questions SET status = 'answered', answer = $2, delivery = 'delivered' WHERE id = $1",
            &[Val::I(id), Val::S("✅".repeat(1500))],
        )
        .await;
    }
    app.fake.send_text(&resident, "/myquestions");
    let mut seen = 0;
    while seen < 10 {
        let page = app.expect_message(13_011).await;
        seen += page.text().unwrap().matches('№').count();
    }
    assert_eq!(seen, 10, "every question is listed");
    all_accepted(&app, &[13_011]);
}

#[tokio::test]
async fn a_question_passed_to_coordinators_is_theirs_alone() {
    let app = TestApp::spawn_with(&[("VOLUNTEER_CHAT_ID", &GROUP.to_string())]).await;
    let admin = app.onboard(ADMIN, "ru").await;
    let resident = app.onboard(13_021, "ru").await;
    let number = ask(&app, &resident, "Сложный вопрос о земле").await;
    let post = text_containing(&app, GROUP, &format!("№{number}")).await;
    let a = volunteer(&app, 13_022).await;
    let b = volunteer(&app, 13_023).await;
    let card = take(&app, &a).await;
    app.press(&a, &card, "Координаторам");
    text_containing(&app, 13_022, "передан").await;
    text_containing(&app, ADMIN, &format!("№{number}")).await;
    let edited = app
        .expect(GROUP, "the post says it was passed on", |c| {
            c.method == "editmessagetext" && c.text().is_some_and(|t| t.contains("передан координаторам"))
        })
        .await;
    assert!(edited.buttons().is_empty(), "no claim button on it any more");

    // Another volunteer: the old claim button (or forged data), a reply in the group, the queue.
    app.fake
        .press(&b, post.result_message_id().unwrap(), &format!("v:{number}:c"));
    text_containing(&app, 13_023, "только они").await;
    app.fake
        .send_in_group(&b, GROUP, "Мой ответ", post.result_message_id().unwrap());
    text_containing(&app, GROUP, "только они").await;
    let queue = app.say(&b, "/queue").await;
    app.press(&b, &queue, "Взять следующий");
    assert!(app.expect_message(13_023).await.text().unwrap().contains("пуста"));
    let q = app.db().await.question(number).await.unwrap().unwrap();
    assert_eq!((q.status, q.answer), (QuestionStatus::Escalated, None));

    // A coordinator takes and answers it.
    let card = take(&app, &admin).await;
    assert!(card.text().unwrap().contains(&format!("№{number}")));
    let told = answer(&app, &admin, &card, "Ответ координатора").await;
    assert!(told.text().unwrap().contains("доставлен"));
    text_containing(&app, 13_021, "Ответ координатора").await;
}

#[tokio::test]
async fn a_volunteer_removed_mid_answer_can_finish_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.onboard(ADMIN, "ru").await;
    let resident = app.onboard(13_031, "ru").await;
    let number = ask(&app, &resident, "Вопрос, на который не ответят").await;
    let v = volunteer(&app, 13_032).await;
    let card = take(&app, &v).await;
    app.press(&v, &card, "Ответить");
    app.expect_message(13_032).await;

    let list = app.say(&admin, "/volunteers").await;
    app.press(&admin, &list, "13032");
    app.expect_message(ADMIN).await;

    text_containing(&app, 13_032, "снял с вас роль").await;
    app.say(&v, "Ответ после снятия роли").await;
    let q = app.db().await.question(number).await.unwrap().unwrap();
    assert_eq!(
        (q.status, q.claimed_by, q.answer),
        (QuestionStatus::Waiting, None, None)
    );
    let before = app.fake.calls().len();
    app.press(&v, &card, "Ответить");
    alert_containing(&app, before, "недоступно").await;
}

#[tokio::test]
async fn an_admin_taken_off_admin_ids_continues_nothing_after_the_restart() {
    let mut app = TestApp::spawn().await;
    let admin = app.onboard(ADMIN, "ru").await;
    app.db().await.touch_user(13_041).await.unwrap();
    app.db()
        .await
        .set_subscription(13_041, true, false)
        .await
        .unwrap();
    app.say(&admin, "/broadcast").await;
    let choose = app.say(&admin, "Объявление, которое не уйдёт").await;
    app.press(&admin, &choose, "Всем подписчикам");
    let confirm = app
        .expect(ADMIN, "the confirmation", |c| {
            c.buttons().iter().any(|b| b.contains("Запланировать"))
        })
        .await;
    app.press(&admin, &confirm, "Запланировать");
    text_containing(&app, ADMIN, "Когда отправить").await;

    app.vars.insert("ADMIN_IDS".into(), "9002".into());
    let before = app.fake.calls().len();
    app.restart().await;
    assert!(
        app.fake.calls()[before..]
            .iter()
            .any(|c| c.method == "deletemycommands" && c.params["scope"]["chat_id"].as_i64() == Some(ADMIN)),
        "the admin menu is taken away"
    );
    app.skip_all(ADMIN);
    let reply = app.say(&admin, "2030-01-01 10:00").await;
    assert!(reply.text().unwrap().contains("роль снята"), "{:?}", reply.text());
    let before = app.fake.calls().len();
    app.press(&admin, &confirm, "Отправить сейчас");
    alert_containing(&app, before, "недоступно").await;
    let n = crate::support::scalar(&app.db().await, "SELECT COUNT(*) FROM broadcasts", &[]).await;
    assert_eq!(n, 0);
}

#[tokio::test]
async fn forget_leaves_the_telegram_id_in_no_table() {
    let app = TestApp::spawn().await;
    let id: i64 = 713_317_131;
    let resident = app.onboard(id, "ru").await;
    let number = ask(&app, &resident, "Вопрос перед удалением данных").await;
    let v = volunteer(&app, 13_052).await;
    let card = take(&app, &v).await;
    answer(&app, &v, &card, "Ответ перед удалением").await;
    app.expect_message(id).await;

    let db = app.db().await;
    db.set_subscription(id, true, false).await.unwrap();
    let (b, total) = db
        .create_broadcast(ADMIN, "<b>Объявление</b>", None, &Audience::All, None, ADMIN)
        .await
        .unwrap();
    assert_eq!(total, 1);
    text_containing(&app, id, "Объявление").await;
    let csv = format!(
        "id;title_ru;kind;starts_at;district\nf-1;Встреча;meeting;{};uralsk\n",
        atazan::domain::event::format_local_csv(now() + 3 * 86_400)
    );
    events::import(&db, csv.as_bytes(), now()).await.unwrap();
    let event = db.event_by_external_id("f-1").await.unwrap().unwrap().row_id;
    db.set_rsvp(
        event,
        id,
        atazan::storage::Rsvp {
            going: true,
            remind: true,
        },
        now(),
    )
    .await
    .unwrap();
    db.audit(ADMIN, "volunteer_removed", &id.to_string())
        .await
        .unwrap();
    let _ = b;

    let confirm = app.say(&resident, "/forget").await;
    app.press(&resident, &confirm, "Удалить");
    app.expect_edit(id).await;

    // Every table and column the engine has, from its own catalogue.
    let (tables_sql, columns_sql) = if crate::support::postgres_server().is_some() {
        (
            "SELECT table_name::TEXT FROM information_schema.tables
             WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
            "SELECT column_name::TEXT FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = $1",
        )
    } else {
        (
            "SELECT name FROM sqlite_master
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_sqlx_migrations'",
            "SELECT name FROM pragma_table_info($1)",
        )
    };
    let tables = crate::support::texts(&db, tables_sql, &[]).await;
    assert!(tables.len() >= 10, "{tables:?}");
    let mut found = Vec::new();
    for table in &tables {
        let columns = crate::support::texts(&db, columns_sql, &[Val::S(table.clone())]).await;
        for column in columns {
            let n = crate::support::scalar(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%' || $1 || '%'"
                ),
                &[Val::S(id.to_string())],
            )
            .await;
            if n > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    assert!(found.is_empty(), "the id is still in {found:?}");
    let q = db.question(number).await.unwrap().unwrap();
    assert_eq!(
        q.body, "Вопрос перед удалением данных",
        "the question stays, anonymised"
    );
    let audit = db.audit_latest(20).await.unwrap();
    assert!(
        audit.iter().any(|e| e.action == "volunteer_removed"),
        "what staff did stays"
    );
}

#[tokio::test]
async fn the_faq_never_publishes_the_residents_own_words_and_can_be_unpublished() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(13_061, "ru").await;
    let own_words = "Меня зовут Айгуль, живу на Абая 5, что с пособием?";
    ask(&app, &resident, own_words).await;
    let v = volunteer(&app, 13_062).await;
    let card = take(&app, &v).await;
    let done = answer(&app, &v, &card, "Пособие сохраняется.").await;
    app.press(&v, &done, "В частые вопросы");
    app.expect_message(13_062).await;
    for refused in ["-", own_words] {
        let again = app.say(&v, refused).await;
        assert!(again.text().unwrap().contains("своими словами"), "{refused}");
    }
    let published = app.say(&v, "Сохраняется ли пособие?").await;
    assert!(published.text().unwrap().contains("опубликован"));
    let faq = app.db().await.faq_entries().await.unwrap();
    assert_eq!(faq.len(), 1);
    assert_eq!(faq[0].question, "Сохраняется ли пособие?");
    app.press(&v, &published, "Снять");
    text_containing(&app, 13_062, "снят").await;
    assert!(app.db().await.faq_entries().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_export_never_runs_a_residents_text_as_a_formula() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(13_071, "ru").await;
    ask(&app, &resident, "=HYPERLINK(\"http://evil.example\";\"нажми\")").await;
    let (_, rows) = exported_questions(&app).await;
    let row = &rows[0];
    assert_eq!(&row[6], "'=HYPERLINK(\"http://evil.example\";\"нажми\")");
}

#[tokio::test]
async fn a_stopped_scheduled_broadcast_never_starts() {
    let app = TestApp::spawn().await;
    let db = app.db().await;
    db.touch_user(13_081).await.unwrap();
    db.set_subscription(13_081, true, false).await.unwrap();
    let (id, _) = db
        .create_broadcast(
            ADMIN,
            "Запланированное",
            None,
            &Audience::All,
            Some(now() + 3600),
            ADMIN,
        )
        .await
        .unwrap();
    let admin = app.onboard(ADMIN, "ru").await;
    app.say(&admin, "/stopbroadcast").await;
    // Its time comes after it was stopped.
    crate::support::exec(
        &db,
        "UPDATE broadcasts SET scheduled_at = 1 WHERE id = $1",
        &[Val::I(id)],
    )
    .await;
    assert_eq!(db.start_broadcast(id, |_, _| None).await.unwrap(), None);
    let progress = db.broadcast_progress(id).await.unwrap();
    assert_eq!(progress.total, 0, "no deliveries were written");
}

#[tokio::test]
async fn an_album_of_three_photos_is_one_question_and_volunteers_see_every_photo() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(13_091, "ru").await;
    app.db().await.give_consent(13_091).await.unwrap();
    app.say(&resident, "/ask").await;
    app.fake.send_album(
        &resident,
        &["ph-1", "ph-2", "ph-3"],
        "Что написано на этих стендах?",
    );
    let preview = app.expect_message(13_091).await;
    let text = preview.text().unwrap();
    assert!(
        text.contains("3 фото") && text.contains("Что написано на этих стендах?"),
        "one preview with all photos and the caption: {text}"
    );
    app.press(&resident, &preview, "✅ Отправить");
    let receipt = app.expect_message(13_091).await;
    let number = receipt_number(receipt.text().unwrap());
    let calls = app.fake.calls();
    let previews = calls
        .iter()
        .filter(|c| {
            c.chat_id() == Some(13_091) && c.text().is_some_and(|t| t.contains("Отправить волонтёрам?"))
        })
        .count();
    let receipts = calls
        .iter()
        .filter(|c| {
            c.chat_id() == Some(13_091) && c.text().is_some_and(|t| t.contains(&format!("№{number}")))
        })
        .count();
    assert_eq!((previews, receipts), (1, 1), "one preview, one receipt");
    let db = app.db().await;
    assert_eq!(
        db.user_questions(13_091, 0).await.unwrap().len(),
        1,
        "one question"
    );

    let v = volunteer(&app, 13_092).await;
    let queue = app.say(&v, "/queue").await;
    app.press(&v, &queue, "Взять следующий");
    let album = app
        .expect(13_092, "the album", |c| c.method == "sendmediagroup")
        .await;
    let media = album.params["media"].to_string();
    for photo in ["ph-1", "ph-2", "ph-3"] {
        assert!(media.contains(photo), "{photo} in {media}");
    }
    let card = app.expect_message(13_092).await;
    assert!(
        card.text().unwrap().contains("Что написано на этих стендах?"),
        "{:?}",
        card.text()
    );
}
