//! Onboarding, language, settings, privacy, hints, roles, command registration, restarts.

use std::time::Duration;

use atazan::{
    domain::{District, Lang},
    fakeapi::Failure,
};

use crate::support::{ADMIN, TestApp, WAIT};

#[tokio::test]
async fn first_start_greets_in_both_languages_and_offers_the_telegram_language_first() {
    let app = TestApp::spawn().await;
    for (id, code, first) in [
        (101, Some("ru"), "Русский"),
        (102, Some("kk"), "Қазақша"),
        (103, None, "Қазақша"),
        (104, Some("en"), "Қазақша"),
    ] {
        let user = app.user(id, code);
        let greeting = app.say(&user, "/start").await;
        let text = greeting.text().unwrap();
        assert!(
            text.contains("Здравствуйте") && text.contains("Сәлеметсіз бе"),
            "{text}"
        );
        assert_eq!(greeting.buttons()[0], first, "user {id} with {code:?}");
        assert_eq!(greeting.buttons().len(), 2);
    }
}

#[tokio::test]
async fn choosing_a_language_shows_the_menu_in_it_and_survives_a_restart() {
    let mut app = TestApp::spawn().await;
    let user = app.user(200, Some("ru"));
    let choice = app.say(&user, "/start").await;
    app.press(&user, &choice, "Қазақша");

    let edit = app.expect_edit(200).await;
    assert!(
        edit.text().unwrap().contains("қазақша"),
        "the choice is confirmed in place"
    );
    let welcome = app.expect_message(200).await;
    assert!(
        welcome.text().unwrap().contains("Конституциясы"),
        "welcome in Kazakh"
    );
    assert_eq!(
        welcome.buttons(),
        ["📜 Конституция", "📅 Іс-шаралар", "❓ Сұрақ қою", "⚙️ Баптаулар"]
    );
    assert_eq!(welcome.text().unwrap().lines().count(), 3, "three short lines");

    app.restart().await;
    let again = app.say(&user, "/start").await;
    assert!(
        again.text().unwrap().contains("қарапайым тілмен"),
        "still Kazakh after restart: {:?}",
        again.text()
    );

    // /lang switches back.
    let choice = app.say(&user, "/lang").await;
    app.press(&user, &choice, "Русский");
    app.expect_edit(200).await;
    let welcome = app.expect_message(200).await;
    assert!(welcome.text().unwrap().contains("простыми словами"));
    assert_eq!(
        app.db().await.user(200).await.unwrap().unwrap().lang,
        Some(Lang::Ru)
    );
}

#[tokio::test]
async fn unexpected_input_always_gets_a_hint() {
    let app = TestApp::spawn().await;
    let user = app.onboard(300, "ru").await;

    app.fake.send_sticker(&user);
    let hint = app.expect_message(300).await;
    assert!(hint.text().unwrap().contains("меню"), "{:?}", hint.text());

    // A location is never ignored either: it asks for events nearby (none here yet).
    app.fake.send_location(&user, 51.23, 51.37);
    assert!(app.expect_message(300).await.text().unwrap().contains("/events"));

    let unknown = app.say(&user, "/frobnicate").await;
    assert!(unknown.text().unwrap().contains("/help"));

    // 5,000 characters (more than a question may have): a search, answered like any other.
    let long = "ж".repeat(5000);
    let reply = app.say(&user, &long).await;
    assert!(
        reply.text().unwrap().contains("Ничего не нашлось"),
        "{:?}",
        reply.text()
    );
}

#[tokio::test]
async fn settings_change_district_and_subscription_in_place() {
    let app = TestApp::spawn().await;
    let user = app.onboard(400, "ru").await;

    let card = app.say(&user, "⚙️ Настройки").await;
    assert!(card.text().unwrap().contains("не выбран"));
    assert!(
        card.text().unwrap().contains("выключены"),
        "subscription is off until opted in"
    );

    app.press(&user, &card, "📍 Район");
    let list = app.expect_edit(400).await;
    assert_eq!(list.buttons().len(), 14, "13 districts and Back");
    app.press(&user, &list, "Бурлинский район");
    let card = app.expect_edit(400).await;
    assert!(
        card.text().unwrap().contains("Бурлинский район"),
        "{:?}",
        card.text()
    );

    app.press(&user, &card, "🔔 Получать объявления");
    let card = app.expect_edit(400).await;
    assert!(card.text().unwrap().contains("включены, по всей области"));
    app.press(&user, &card, "📍 Только о моём районе");
    let card = app.expect_edit(400).await;
    assert!(card.text().unwrap().contains("только мой район"));

    let stored = app.db().await.user(400).await.unwrap().unwrap();
    assert_eq!(stored.district, Some("burlin".parse::<District>().unwrap()));
    assert!(stored.subscribed && stored.district_only);

    let reply = app.say(&user, "/unsubscribe").await;
    assert!(reply.text().unwrap().contains("отписались"));
    assert!(!app.db().await.user(400).await.unwrap().unwrap().subscribed);
}

#[tokio::test]
async fn privacy_mydata_and_forget() {
    let app = TestApp::spawn().await;
    let user = app.onboard(500, "kk").await;

    let privacy = app.say(&user, "/privacy").await;
    assert!(privacy.text().unwrap().contains("/forget"));

    let data = app.say(&user, "/mydata").await;
    assert!(
        data.text().unwrap().contains("Сіз 0 сұрақ қойдыңыз"),
        "{:?}",
        data.text()
    );
    assert!(data.text().unwrap().contains("500") && data.text().unwrap().contains("Қазақша"));

    let confirm = app.say(&user, "/forget").await;
    app.press(&user, &confirm, "Қалдыру");
    assert!(app.expect_edit(500).await.text().unwrap().contains("ештеңе"));
    assert!(
        app.db().await.user(500).await.unwrap().is_some(),
        "kept when the user says keep"
    );

    let confirm = app.say(&user, "/forget").await;
    app.press(&user, &confirm, "Өшіру");
    app.expect_edit(500).await;
    app.expect_message(500).await;
    assert!(app.db().await.user(500).await.unwrap().is_none(), "erased");
}

#[tokio::test]
async fn roles_are_checked_on_commands_and_on_buttons() {
    let app = TestApp::spawn().await;
    let resident = app.onboard(600, "ru").await;
    let refused = app.say(&resident, "/stats").await;
    assert!(
        refused.text().unwrap().contains("недоступно"),
        "{:?}",
        refused.text()
    );
    let refused = app.say(&resident, "/queue").await;
    assert!(
        refused.text().unwrap().contains("недоступно"),
        "{:?}",
        refused.text()
    );

    // Forged or stale button data: a polite alert, nothing changes.
    let menu = app.say(&resident, "/settings").await;
    let id = menu.result_message_id().unwrap();
    let before = app.fake.calls().len();
    app.fake.press(&resident, id, "d:atyrau");
    let i = app
        .fake
        .wait_call(before, WAIT, |c| c.method == "answercallbackquery")
        .await
        .expect("the press is answered");
    let alert = app.fake.calls()[i].clone();
    assert!(alert.params["text"].as_str().unwrap().contains("устарела"));
    assert_eq!(app.db().await.user(600).await.unwrap().unwrap().district, None);

    let admin = app.onboard(ADMIN, "ru").await;
    let help = app.say(&admin, "/help").await;
    assert!(
        help.text().unwrap().contains("/broadcast"),
        "admins see their commands"
    );
    let help = app.say(&resident, "/help").await;
    assert!(!help.text().unwrap().contains("/broadcast"));
}

#[tokio::test]
async fn commands_are_registered_per_language_and_admin_scope() {
    let app = TestApp::spawn().await;
    let calls: Vec<_> = app
        .fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "setmycommands")
        .collect();
    let for_lang = |lang: &str| {
        calls
            .iter()
            .find(|c| c.params["language_code"] == lang && c.params["scope"]["type"] == "default")
    };
    let ru = for_lang("ru").expect("Russian commands");
    let kk = for_lang("kk").expect("Kazakh commands");
    assert!(ru.params["commands"].to_string().contains("Задать вопрос"));
    assert!(kk.params["commands"].to_string().contains("Сұрақ қою"));
    assert!(!ru.params["commands"].to_string().contains("broadcast"));
    let admin = calls
        .iter()
        .find(|c| c.params["scope"]["chat_id"] == ADMIN)
        .expect("admin scope");
    assert!(admin.params["commands"].to_string().contains("broadcast"));
}

#[tokio::test]
async fn a_user_who_blocks_the_bot_is_marked() {
    let app = TestApp::spawn().await;
    let user = app.onboard(700, "ru").await;
    app.fake.block(&user);
    let db = app.db().await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while !db.user(700).await.unwrap().unwrap().blocked {
        assert!(tokio::time::Instant::now() < deadline, "blocked flag not set");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_unreachable_bot_api_at_startup_is_retried() {
    // Reserve a port, free it, point the bot at it, and only later start Telegram there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let vars = [
        ("TELOXIDE_TOKEN".to_owned(), atazan::fakeapi::TOKEN.to_owned()),
        ("TELOXIDE_API_URL".to_owned(), format!("http://{port}/")),
        (
            "DATABASE_URL".to_owned(),
            crate::support::database_url(dir.path(), "t").await,
        ),
    ]
    .into_iter()
    .collect();
    let config = atazan::config::Config::from_vars(&vars).unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(atazan::app::run(config, async move {
        let _ = rx.await;
    }));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(!bot.is_finished(), "the bot waits instead of giving up");
    let fake = atazan::fakeapi::FakeApi::start_on(port).await.unwrap();
    let user = atazan::fakeapi::FakeUser::new(1, Some("ru"));
    fake.send_text(&user, "/start");
    fake.wait_call(0, WAIT, |c| c.method == "sendmessage")
        .await
        .expect("the bot answers once Telegram is back");
    let _ = tx.send(());
    tokio::time::timeout(WAIT, bot).await.unwrap().unwrap().unwrap();
}

#[tokio::test]
async fn a_failing_reply_does_not_stop_the_bot() {
    let app = TestApp::spawn().await;
    let user = app.onboard(800, "ru").await;
    app.fake.fail("sendmessage", Failure::Blocked, 1);
    let before = app.fake.calls().len();
    app.fake.send_text(&user, "/help");
    app.fake
        .wait_call(before, WAIT, |c| c.method == "sendmessage" && !c.ok)
        .await
        .expect("the failed send");
    app.skip_all(800);
    let help = app.say(&user, "/help").await;
    assert!(help.text().unwrap().contains("/constitution"));
}

#[tokio::test]
async fn dialogue_state_survives_a_crash() {
    let mut app = TestApp::spawn().await;
    let user = app.user(900, Some("ru"));
    app.say(&user, "/start").await;
    app.kill().await;
    app.start().await;
    // Still choosing a language: text gets the language buttons again, not the menu.
    let again = app.say(&user, "привет").await;
    assert_eq!(again.buttons(), ["Русский", "Қазақша"]);
}
