//! Citizen questions and the volunteer queue, end to end.

use std::time::Duration;

use atazan::{domain::QuestionStatus, fakeapi::FakeUser};

use crate::support::{ADMIN, TestApp, WAIT};

/// A resident asks `text` (consenting the first time); returns the receipt's number.
pub(crate) async fn ask(app: &TestApp, user: &FakeUser, text: &str) -> i64 {
    let first = app.say(user, "/ask").await;
    if first.text().unwrap().contains("Перед первым вопросом") {
        app.press(user, &first, "Согласен");
        app.expect_edit(user.id).await;
        app.expect_message(user.id).await; // the prompt
    }
    let preview = app.say(user, text).await;
    assert!(
        preview.text().unwrap().contains("Отправить волонтёрам?"),
        "{:?}",
        preview.text()
    );
    app.press(user, &preview, "✅ Отправить");
    let receipt = app.expect_message(user.id).await;
    receipt_number(receipt.text().unwrap())
}

pub(crate) fn receipt_number(text: &str) -> i64 {
    let after = text
        .split('№')
        .nth(1)
        .unwrap_or_else(|| panic!("no number in {text}"));
    after
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

pub(crate) async fn volunteer(app: &TestApp, id: i64) -> FakeUser {
    let user = app.onboard(id, "ru").await;
    app.db().await.set_volunteer(id, true).await.unwrap();
    user
}

/// The volunteer takes the next question; returns its card.
pub(crate) async fn take(app: &TestApp, v: &FakeUser) -> atazan::fakeapi::Call {
    let queue = app.say(v, "/queue").await;
    app.press(v, &queue, "Взять следующий");
    app.expect_message(v.id).await
}

/// The volunteer answers the question on `card` with `text` through the preview.
pub(crate) async fn answer(
    app: &TestApp,
    v: &FakeUser,
    card: &atazan::fakeapi::Call,
    text: &str,
) -> atazan::fakeapi::Call {
    app.press(v, card, "Ответить");
    assert!(
        app.expect_message(v.id)
            .await
            .text()
            .unwrap()
            .contains("Напишите ответ")
    );
    let preview = app.say(v, text).await;
    assert!(preview.text().unwrap().contains("Так житель увидит ответ"));
    app.press(v, &preview, "✅ Отправить");
    app.expect_message(v.id).await
}

#[tokio::test]
async fn consent_then_receipt_only_after_the_question_is_stored() {
    let app = TestApp::spawn().await;
    let user = app.onboard(2001, "ru").await;
    let notice = app.say(&user, "❓ Задать вопрос").await;
    let text = notice.text().unwrap();
    assert!(text.contains("/forget") && text.contains("e-Otinish"), "{text}");
    app.press(&user, &notice, "Отмена");
    app.expect_edit(2001).await;
    assert!(
        !app.db().await.has_consent(2001).await.unwrap(),
        "no consent stored on Cancel"
    );

    let number = ask(&app, &user, "Что будет с <b>землёй</b> & пастбищами?").await;
    let q = app
        .db()
        .await
        .question(number)
        .await
        .unwrap()
        .expect("the question is stored when the receipt is sent");
    assert_eq!(
        q.body, "Что будет с <b>землёй</b> & пастбищами?",
        "user text arrives intact"
    );
    assert_eq!(q.status, QuestionStatus::Waiting);
    assert!(app.db().await.has_consent(2001).await.unwrap());

    let mine = app.say(&user, "/myquestions").await;
    assert!(
        mine.text().unwrap().contains(&format!("№{number}")) && mine.text().unwrap().contains("&lt;b&gt;")
    );
}

#[tokio::test]
async fn bad_input_in_the_ask_flow_gets_a_hint_and_the_flow_continues() {
    let app = TestApp::spawn().await;
    let user = app.onboard(2002, "ru").await;
    ask(&app, &user, "Первый вопрос про пенсии").await;
    app.say(&user, "/ask").await; // consent already given: the prompt
    app.fake.send_sticker(&user);
    assert!(
        app.expect_message(2002)
            .await
            .text()
            .unwrap()
            .contains("текстом, голосовым")
    );
    let long = app.say(&user, &"в".repeat(5000)).await;
    assert!(long.text().unwrap().contains("5000"), "{:?}", long.text());
    let preview = app.say(&user, "Второй вопрос про землю").await;
    assert!(preview.text().unwrap().contains("Второй вопрос"));
    app.fake.send(&user, serde_json::json!({ "voice": { "file_id": "voice-1", "file_unique_id": "v1", "duration": 3, "mime_type": "audio/ogg", "file_size": 2048 } }));
    let voice = app.expect_message(2002).await;
    assert!(
        voice.text().unwrap().contains("голосовое"),
        "a voice question replaces the text: {:?}",
        voice.text()
    );
}

#[tokio::test]
async fn a_double_tap_or_a_resend_creates_one_question() {
    let app = TestApp::spawn().await;
    let user = app.onboard(2003, "ru").await;
    app.say(&user, "/ask").await;
    let notice_id = app
        .fake
        .calls()
        .iter()
        .rev()
        .find(|c| c.chat_id() == Some(2003))
        .unwrap()
        .clone();
    app.press(&user, &notice_id, "Согласен");
    app.expect_edit(2003).await;
    app.expect_message(2003).await;
    let preview = app.say(&user, "Как избирают Курултай?").await;
    app.press(&user, &preview, "✅ Отправить");
    app.press(&user, &preview, "✅ Отправить");
    let receipt = app.expect_message(2003).await;
    let second = app.expect_message(2003).await;
    assert!(
        second.text().unwrap().contains("уже отправлен"),
        "{:?}",
        second.text()
    );
    let number = receipt_number(receipt.text().unwrap());
    // The same text sent again minutes later is the same question.
    let again = ask(&app, &user, "Как избирают Курултай?").await;
    assert_eq!(again, number);
    assert_eq!(app.db().await.user_questions(2003, 0).await.unwrap().len(), 1);
}

#[tokio::test]
async fn per_user_limits_are_explained() {
    let app = TestApp::spawn().await;
    let user = app.onboard(2004, "ru").await;
    for i in 0..3 {
        ask(&app, &user, &format!("Вопрос номер {i} о Конституции")).await;
    }
    let refused = app.say(&user, "/ask").await;
    assert!(
        refused.text().unwrap().contains("ждут ответа"),
        "{:?}",
        refused.text()
    );
}

#[tokio::test]
async fn two_volunteers_taking_at_once_never_get_the_same_question() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(2010, "ru").await;
    let number = ask(&app, &resident, "Кто назначает акимов?").await;
    let a = volunteer(&app, 2011).await;
    let b = volunteer(&app, 2012).await;
    let qa = app.say(&a, "/queue").await;
    let qb = app.say(&b, "/queue").await;
    assert!(qa.text().unwrap().contains("Ждут ответа: 1"));
    app.press(&a, &qa, "Взять следующий");
    app.press(&b, &qb, "Взять следующий");
    let ra = app.expect_message(2011).await;
    let rb = app.expect_message(2012).await;
    let cards = [&ra, &rb]
        .iter()
        .filter(|c| c.text().unwrap().contains(&format!("Вопрос №{number}")))
        .count();
    let empty = [&ra, &rb]
        .iter()
        .filter(|c| c.text().unwrap().contains("Очередь пуста"))
        .count();
    assert_eq!((cards, empty), (1, 1), "{:?} / {:?}", ra.text(), rb.text());

    // Many claimers straight at the storage: exactly one wins.
    let n2 = ask(&app, &resident, "Что такое Халық Кеңесі?").await;
    let db = app.db().await;
    let mut tasks = Vec::new();
    for v in 0..16 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.claim_next(3000 + v, &[atazan::domain::Lang::Ru], false, 1800)
                .await
                .unwrap()
        }));
    }
    let mut won = Vec::new();
    for t in tasks {
        won.extend(t.await.unwrap().map(|q| q.id));
    }
    assert_eq!(won, vec![n2]);
}

#[tokio::test]
async fn an_expired_lease_returns_the_question_and_the_late_answer_is_refused() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(2020, "ru").await;
    let number = ask(&app, &resident, "Можно ли обратиться в Конституционный суд?").await;
    let slow = volunteer(&app, 2021).await;
    let fast = volunteer(&app, 2022).await;
    let card = take(&app, &slow).await;
    assert!(card.text().unwrap().contains(&format!("№{number}")));
    crate::support::exec(&app.db().await, "UPDATE questions SET lease_until = 1", &[]).await;

    let card2 = take(&app, &fast).await;
    assert!(
        card2.text().unwrap().contains(&format!("№{number}")),
        "the expired lease returned it to the queue"
    );
    app.press(&slow, &card, "Ответить");
    let late = app.expect_message(2021).await;
    assert!(
        late.text().unwrap().contains("уже не за вами"),
        "{:?}",
        late.text()
    );
}

#[tokio::test]
async fn an_answer_reaches_the_resident_quoted_and_can_be_rated() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(2030, "ru").await;
    let number = ask(&app, &resident, "Будет ли бесплатная медицина?").await;
    let v = volunteer(&app, 2031).await;
    let card = take(&app, &v).await;
    let done = answer(&app, &v, &card, "Да, гарантированный объём <помощи> сохраняется.").await;
    assert!(done.text().unwrap().contains("доставлен"));

    let delivered = app.expect_message(2030).await;
    let text = delivered.text().unwrap();
    assert!(
        text.contains(&format!("№{number}"))
            && text.contains("<blockquote>Будет ли бесплатная медицина?</blockquote>"),
        "{text}"
    );
    assert!(text.contains("&lt;помощи&gt;"));
    assert_eq!(
        delivered.buttons(),
        ["👍 Помогло", "👎 Не помогло", "❓ Уточнить"]
    );
    app.press(&resident, &delivered, "Помогло");
    assert!(app.expect_message(2030).await.text().unwrap().contains("Спасибо"));
    let q = app.db().await.question(number).await.unwrap().unwrap();
    assert_eq!(
        (q.status, q.rating, q.delivery.map(|d| d.as_str())),
        (QuestionStatus::Answered, Some(1), Some("delivered"))
    );

    // Publishing to the FAQ makes the answer show up for a similar question.
    app.press(&v, &done, "В частые вопросы");
    app.expect_message(2031).await;
    app.say(&v, "Будет ли медицина бесплатной?").await;
    let other = app.onboard(2032, "ru").await;
    app.say(&other, "/ask").await;
    let consent = app
        .fake
        .calls()
        .iter()
        .rev()
        .find(|c| c.chat_id() == Some(2032))
        .unwrap()
        .clone();
    app.press(&other, &consent, "Согласен");
    app.expect_edit(2032).await;
    app.expect_message(2032).await;
    let preview = app.say(&other, "медицина будет бесплатной?").await;
    assert!(
        preview.buttons().iter().any(|b| b.starts_with("💡")),
        "deflection offered: {:?}",
        preview.buttons()
    );
    app.press(&other, &preview, "💡");
    assert!(
        app.expect_message(2032)
            .await
            .text()
            .unwrap()
            .contains("гарантированный объём")
    );
}

#[tokio::test]
async fn rejecting_tells_the_resident_politely_and_a_blocked_resident_keeps_the_answer() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(2040, "ru").await;
    let spam = ask(&app, &resident, "Купите наши окна недорого").await;
    let v = volunteer(&app, 2041).await;
    let card = take(&app, &v).await;
    app.press(&v, &card, "Отклонить");
    let reasons = app.expect_message(2041).await;
    app.press(&v, &reasons, "Реклама");
    let told = app.expect_message(2040).await;
    assert!(told.text().unwrap().contains(&format!("№{spam}")) && told.text().unwrap().contains("рекламу"));
    app.expect_message(2041).await;

    let number = ask(&app, &resident, "Что меняется для маслихатов?").await;
    app.fake.block(&resident);
    let card = take(&app, &v).await;
    let done = answer(&app, &v, &card, "Ответ, который не дойдёт").await;
    assert!(done.text().unwrap().contains("сохранён"), "{:?}", done.text());
    let q = app.db().await.question(number).await.unwrap().unwrap();
    assert_eq!(q.answer.as_deref(), Some("Ответ, который не дойдёт"));
    assert_eq!(q.delivery.map(|d| d.as_str()), Some("undeliverable"));
}

#[tokio::test]
async fn a_reply_in_the_volunteer_group_answers_the_question() {
    let group = -100_777;
    let app = TestApp::spawn_with(&[("VOLUNTEER_CHAT_ID", "-100777")]).await;
    let resident = app.onboard(2050, "kk").await;
    app.say(&resident, "/ask").await;
    let consent = app
        .fake
        .calls()
        .iter()
        .rev()
        .find(|c| c.chat_id() == Some(2050))
        .unwrap()
        .clone();
    app.press(&resident, &consent, "Келісемін");
    app.expect_edit(2050).await;
    app.expect_message(2050).await;
    let preview = app.say(&resident, "Жер кімге тиесілі?").await;
    app.press(&resident, &preview, "Жіберу");
    let receipt = app.expect_message(2050).await;
    let number = receipt_number(receipt.text().unwrap());

    let post = app.expect_message(group).await;
    assert!(
        post.text().unwrap().contains(&format!("№{number}")) && post.text().unwrap().contains("Жер кімге")
    );
    let v = volunteer(&app, 2051).await;
    app.fake.send_in_group(
        &v,
        group,
        "Жер халыққа тиесілі.",
        post.result_message_id().unwrap(),
    );
    assert!(
        app.expect_message(group)
            .await
            .text()
            .unwrap()
            .contains("доставлен")
    );
    let answer = app.expect_message(2050).await;
    assert!(
        answer.text().unwrap().contains("Жер халыққа тиесілі."),
        "{:?}",
        answer.text()
    );

    // A resident's reply in the group is not an answer.
    let n2 = {
        let preview = app.say(&resident, "/ask").await;
        let _ = preview;
        let p = app.say(&resident, "Тағы бір сұрақ").await;
        app.press(&resident, &p, "Жіберу");
        receipt_number(app.expect_message(2050).await.text().unwrap())
    };
    let post = app.expect_message(group).await;
    let stranger = app.onboard(2052, "ru").await;
    app.fake
        .send_in_group(&stranger, group, "Я отвечу!", post.result_message_id().unwrap());
    assert!(
        app.expect_message(group)
            .await
            .text()
            .unwrap()
            .contains("недоступно")
    );
    assert_eq!(
        app.db().await.question(n2).await.unwrap().unwrap().status,
        QuestionStatus::Waiting
    );
}

#[tokio::test]
async fn forged_volunteer_buttons_do_nothing_but_say_not_allowed() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(2060, "ru").await;
    let number = ask(&app, &resident, "Вопрос для проверки прав").await;
    let intruder = app.onboard(2061, "ru").await;
    let menu = app.say(&intruder, "/settings").await;
    for data in [
        format!("v:{number}:a"),
        "vt".to_owned(),
        format!("rt:{number}:1"),
        "rv:2060".to_owned(),
    ] {
        let before = app.fake.calls().len();
        app.fake
            .press(&intruder, menu.result_message_id().unwrap(), &data);
        let i = app
            .fake
            .wait_call(before, WAIT, |c| c.method == "answercallbackquery")
            .await
            .unwrap();
        let answered = app.fake.calls()[i].clone();
        let said = app
            .fake
            .wait_call(before, Duration::from_secs(2), |c| {
                c.chat_id() == Some(2061) && c.method == "sendmessage"
            })
            .await;
        let refusal = answered.params["text"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| said.map(|j| app.fake.calls()[j].text().unwrap().to_owned()));
        assert!(refusal.unwrap_or_default().contains("недоступно"), "{data}");
    }
    let q = app.db().await.question(number).await.unwrap().unwrap();
    assert_eq!((q.status, q.rating), (QuestionStatus::Waiting, None));
}

#[tokio::test]
async fn forget_erases_the_user_and_anonymises_their_questions() {
    let app = TestApp::spawn().await;
    let user = app.onboard(2070, "ru").await;
    let number = ask(&app, &user, "Вопрос, который останется без имени").await;
    let confirm = app.say(&user, "/forget").await;
    app.press(&user, &confirm, "Удалить");
    app.expect_edit(2070).await;
    let db = app.db().await;
    assert!(db.user(2070).await.unwrap().is_none());
    let q = db.question(number).await.unwrap().unwrap();
    assert_eq!((q.user_id, q.chat_id), (None, None));
    assert_eq!(q.body, "Вопрос, который останется без имени");
}

#[tokio::test]
async fn invites_grant_the_volunteer_role_once_and_admins_can_revoke_it() {
    let app = TestApp::spawn().await;
    let admin = app.onboard(ADMIN, "ru").await;
    let invite = app.say(&admin, "/addvolunteer").await;
    let text = invite.text().unwrap();
    let token = text
        .split("start=vol_")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let newcomer = app.onboard(2080, "ru").await;
    app.say(&newcomer, &format!("/start vol_{token}")).await; // welcome
    assert!(
        app.expect_message(2080)
            .await
            .text()
            .unwrap()
            .contains("волонтёр коалиции")
    );
    assert!(
        app.say(&newcomer, "/queue")
            .await
            .text()
            .unwrap()
            .contains("Очередь вопросов")
    );
    let other = app.onboard(2081, "ru").await;
    app.say(&other, &format!("/start vol_{token}")).await;
    assert!(
        app.expect_message(2081)
            .await
            .text()
            .unwrap()
            .contains("уже использовано")
    );

    let list = app.say(&admin, "/volunteers").await;
    app.press(&admin, &list, "2080");
    app.expect_message(ADMIN).await;
    assert!(
        app.expect_message(2080)
            .await
            .text()
            .unwrap()
            .contains("снял с вас роль"),
        "the volunteer is told"
    );
    assert!(
        app.say(&newcomer, "/queue")
            .await
            .text()
            .unwrap()
            .contains("недоступно")
    );
}

/// The admin's `/export`, as Excel reads it: (starts with a BOM, the data rows).
pub(crate) async fn exported_questions(app: &TestApp) -> (bool, Vec<csv::StringRecord>) {
    let admin = app.onboard(ADMIN, "ru").await;
    app.fake.send_text(&admin, "/export");
    let doc = app
        .expect(ADMIN, "document", |c| c.method == "senddocument")
        .await;
    let content = doc.params["document"]["content"].as_str().unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(content.trim_start_matches('\u{feff}').as_bytes());
    let rows = reader.records().map(Result::unwrap).collect();
    (content.starts_with('\u{feff}'), rows)
}

#[tokio::test]
async fn export_sends_a_csv_that_excel_opens() {
    let app = TestApp::spawn().await;
    let user = app.onboard(2090, "ru").await;
    ask(&app, &user, "Вопрос; с точкой с запятой и \"кавычками\"").await;
    let (bom, rows) = exported_questions(&app).await;
    assert!(bom, "UTF-8 BOM for Excel");
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][6], "Вопрос; с точкой с запятой и \"кавычками\"");
}
