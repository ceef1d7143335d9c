//! The Mini App's API and its doors in the chat, over HTTP as Telegram's webview would call it:
//! who may call (signed `initData` only), what it returns, and that a sign-up made in the app is
//! the one the chat shows, and the reverse, with the confirmation sent through the outbox.

use atazan::{
    domain::event::format_local_csv,
    fakeapi::{self, Call},
    services::events,
    storage::{Db, now},
    webapp::init_data,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, WAIT};

pub const HEADER: &str = "id;title_ru;title_kk;kind;starts_at;ends_at;district;venue;address;lat;lon;online_url;organizer;themes;capacity;status";

/// The public address the bot's buttons name (Telegram needs HTTPS; the test talks to the port).
pub const PUBLIC_URL: &str = "https://app.example.test/app/";

/// The bot with the Mini App served on a free local port; returns it and `http://127.0.0.1:PORT`.
pub async fn spawn_with_webapp(extra: &[(&str, &str)]) -> (TestApp, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let mut vars = vec![("WEBAPP_URL", PUBLIC_URL), ("WEBAPP_LISTEN", listen.as_str())];
    vars.extend_from_slice(extra);
    let app = TestApp::spawn_with(&vars).await;
    let base = format!("http://{listen}");
    // The page's server starts before the bot polls; wait for it anyway (a slow CI machine).
    let client = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + WAIT;
    while client.get(format!("{base}/app/")).send().await.is_err() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "Mini App server did not start"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (app, base)
}

/// `initData` for `user` signed now with the test bot's token.
pub fn signed(user: i64, lang: &str) -> String {
    init_data::sign_user(user, "Resident", lang, now(), fakeapi::TOKEN)
}

/// A CSV row of an event `starts_in` seconds from now.
pub fn row(
    id: &str,
    title: &str,
    starts_in: i64,
    district: &str,
    coords: Option<(f64, f64)>,
    status: &str,
) -> String {
    let (lat, lon) = coords.map_or((String::new(), String::new()), |(a, b)| {
        (a.to_string(), b.to_string())
    });
    let (venue, url) = if coords.is_some() {
        (format!("Дом культуры {id}"), String::new())
    } else {
        (String::new(), "https://example.org/live".to_owned())
    };
    format!(
        "{id};{title};{title} (kk);meeting;{};;{district};{venue};ул. Абая, 1;{lat};{lon};{url};Коалиция;participation;;{status}",
        format_local_csv(now() + starts_in)
    )
}

pub async fn import(db: &Db, rows: &[String]) {
    let bytes = format!("{HEADER}\n{}\n", rows.join("\n")).into_bytes();
    events::import(db, &bytes, now())
        .await
        .expect("the test events import");
}

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    auth: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, String) {
    let mut req = client.request(method, url);
    if let Some(a) = auth {
        req = req.header("Authorization", format!("tma {a}"));
    }
    if let Some(b) = body {
        req = req.header("Content-Type", "application/json").body(b.to_string());
    }
    let r = req.send().await.expect("the API answers");
    let status = r.status();
    (status, r.text().await.unwrap_or_default())
}

/// A GET with `auth` (as `tma …`) or none: its status and body.
async fn get(client: &reqwest::Client, url: &str, auth: Option<&str>) -> (StatusCode, String) {
    call(client, reqwest::Method::GET, url, auth, None).await
}

/// A POST of `body` as JSON with `auth`: its status and body.
async fn post(client: &reqwest::Client, url: &str, auth: Option<&str>, body: Value) -> (StatusCode, String) {
    call(client, reqwest::Method::POST, url, auth, Some(body)).await
}

async fn get_json(client: &reqwest::Client, url: &str, auth: &str) -> Value {
    let (status, body) = call(client, reqwest::Method::GET, url, Some(auth), None).await;
    assert_eq!(status, StatusCode::OK, "{url}: {body}");
    serde_json::from_str(&body).unwrap()
}

const DAY: i64 = 24 * 3600;

#[tokio::test]
async fn every_api_route_refuses_a_missing_forged_stale_or_foreign_init_data_and_changes_nothing() {
    let (app, base) = spawn_with_webapp(&[]).await;
    let db = app.db().await;
    import(
        &db,
        &[row("w-1", "Встреча", 3 * DAY, "uralsk", Some((51.22, 51.37)), "")],
    )
    .await;
    let client = reqwest::Client::new();
    let user = 4242;
    let good = signed(user, "ru");
    let forged = good.replace("%22id%22%3A4242", "%22id%22%3A4243");
    assert_ne!(forged, good, "the test forges the user id");
    let stale = init_data::sign_user(user, "R", "ru", now() - DAY - 60, fakeapi::TOKEN);
    let foreign = init_data::sign_user(
        user,
        "R",
        "ru",
        now(),
        "654321:ZYXwvuTSRqpoNMLkjiHGFedcba_9876-54",
    );
    let routes = [
        (reqwest::Method::GET, format!("{base}/app/api/me"), None),
        (reqwest::Method::GET, format!("{base}/app/api/events"), None),
        (reqwest::Method::GET, format!("{base}/app/api/events/w-1"), None),
        (
            reqwest::Method::GET,
            format!("{base}/app/api/events/w-1.ics"),
            None,
        ),
        (
            reqwest::Method::POST,
            format!("{base}/app/api/events/w-1/rsvp"),
            Some(json!({ "going": true })),
        ),
    ];
    for (method, url, body) in &routes {
        for auth in [
            None,
            Some(forged.as_str()),
            Some(stale.as_str()),
            Some(foreign.as_str()),
            Some(""),
        ] {
            let (status, text) = call(&client, method.clone(), url, auth, body.clone()).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {url} with {auth:?}: {text}"
            );
        }
        // The same call signed properly goes through.
        let (status, text) = call(&client, method.clone(), url, Some(&good), body.clone()).await;
        assert!(status.is_success(), "{method} {url} signed: {status} {text}");
    }
    // Only the signed sign-up happened: one row, for the signed user.
    let ev = db.event_by_external_id("w-1").await.unwrap().unwrap();
    assert!(db.rsvp(ev.row_id, user).await.unwrap().going);
    assert!(!db.rsvp(ev.row_id, 4243).await.unwrap().going);
    assert_eq!(db.going_count(ev.row_id).await.unwrap(), 1);
    assert!(
        db.user(4243).await.unwrap().is_none(),
        "a forged caller leaves no trace"
    );
}

#[tokio::test]
async fn a_sign_up_in_the_app_is_the_one_the_chat_shows_and_the_reverse() {
    let (app, base) = spawn_with_webapp(&[]).await;
    let db = app.db().await;
    import(
        &db,
        &[row(
            "w-2",
            "Круглый стол о маслихатах",
            2 * DAY,
            "burlin",
            Some((51.17, 52.99)),
            "",
        )],
    )
    .await;
    let ev = db.event_by_external_id("w-2").await.unwrap().unwrap();
    let client = reqwest::Client::new();

    // A, in the chat: the card's "Я приду".
    let a = app.onboard(5001, "ru").await;
    let card = app.say(&a, "/start ev_w-2").await;
    let card = if card.buttons().iter().any(|b| b.contains("Я приду")) {
        card
    } else {
        app.expect_message(a.id).await
    };
    app.press(&a, &card, "Я приду");
    let edited = app.expect_edit(a.id).await;
    assert!(
        edited.buttons().iter().any(|b| b.contains("Я иду")),
        "{:?}",
        edited.buttons()
    );
    // … and the app shows A as coming, with the count.
    let seen = get_json(
        &client,
        &format!("{base}/app/api/events/w-2"),
        &signed(a.id, "ru"),
    )
    .await;
    assert_eq!(seen["going"], true);
    assert_eq!(seen["remind"], true);
    assert_eq!(seen["going_count"], 1);

    // B, in the app: the same rule (coming means reminders), the confirmation in B's chat.
    let b = app.onboard(5002, "ru").await;
    app.skip_all(b.id);
    let (status, body) = post(
        &client,
        &format!("{base}/app/api/events/w-2/rsvp"),
        Some(&signed(b.id, "ru")),
        json!({ "going": true }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(after["going"], true);
    assert_eq!(after["going_count"], 2);
    assert_eq!(
        db.rsvp(ev.row_id, a.id).await.unwrap(),
        db.rsvp(ev.row_id, b.id).await.unwrap()
    );
    let reminders = |u: i64| {
        let db = db.clone();
        async move { db.pending_reminders(u).await.unwrap().len() }
    };
    assert_eq!(reminders(a.id).await, reminders(b.id).await);
    assert!(
        reminders(b.id).await > 0,
        "signing up in the app schedules reminders"
    );
    let note = app
        .expect(b.id, "the confirmation", |c: &Call| c.method == "sendmessage")
        .await;
    let text = note.text().unwrap();
    assert!(
        text.contains("Круглый стол о маслихатах") && text.contains("записались"),
        "{text}"
    );
    // Saying it again changes nothing and sends nothing more.
    let (status, _) = post(
        &client,
        &format!("{base}/app/api/events/w-2/rsvp"),
        Some(&signed(b.id, "ru")),
        json!({ "going": true }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // B's card in the chat shows B as coming.
    let card = app.say(&b, "/start ev_w-2").await;
    let card = if card.buttons().iter().any(|x| x.contains("Я иду")) {
        card
    } else {
        app.expect_message(b.id).await
    };
    assert!(
        card.buttons().iter().any(|x| x.contains("Я иду (2)")),
        "{:?}",
        card.buttons()
    );

    // Withdrawing in the app drops the reminders and is said in the chat too.
    app.skip_all(b.id);
    let (status, _) = post(
        &client,
        &format!("{base}/app/api/events/w-2/rsvp"),
        Some(&signed(b.id, "ru")),
        json!({ "going": false }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!db.rsvp(ev.row_id, b.id).await.unwrap().going);
    assert_eq!(reminders(b.id).await, 0);
    let note = app
        .expect(b.id, "the withdrawal", |c: &Call| c.method == "sendmessage")
        .await;
    assert!(note.text().unwrap().contains("отменена"), "{:?}", note.text());
}

#[tokio::test]
async fn the_list_filters_by_district_theme_and_dates_in_the_regions_zone() {
    let (app, base) = spawn_with_webapp(&[]).await;
    let db = app.db().await;
    import(
        &db,
        &[
            row("f-1", "Уральск", DAY, "uralsk", Some((51.22, 51.37)), ""),
            row("f-2", "Аксай", 2 * DAY, "burlin", Some((51.17, 52.99)), ""),
            row("f-3", "Онлайн", 3 * DAY, "uralsk", None, ""),
            row(
                "f-4",
                "Отменено",
                4 * DAY,
                "uralsk",
                Some((51.2, 51.3)),
                "cancelled",
            ),
        ],
    )
    .await;
    let client = reqwest::Client::new();
    let auth = signed(6001, "kk");
    let all = get_json(&client, &format!("{base}/app/api/events"), &auth).await;
    let ids: Vec<&str> = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["f-1", "f-2", "f-3", "f-4"],
        "soonest first, the cancelled one marked, not hidden"
    );
    assert_eq!(all["events"][3]["status"], "cancelled");
    assert_eq!(all["events"][3]["open"], false);
    // Kazakh for a caller whose Telegram is in Kazakh and who never chose in the bot.
    assert_eq!(all["events"][0]["title"], "Уральск (kk)");
    assert_eq!(all["events"][0]["district"]["name"], "Орал");
    let burlin = get_json(&client, &format!("{base}/app/api/events?district=burlin"), &auth).await;
    assert_eq!(burlin["events"].as_array().unwrap().len(), 1);
    assert_eq!(burlin["events"][0]["id"], "f-2");
    // Dates are local days: from the day after tomorrow up to the same day.
    let day = |offset: i64| atazan::domain::event::local_date(now() + offset).to_string();
    let one_day = get_json(
        &client,
        &format!("{base}/app/api/events?from={}&to={}", day(2 * DAY), day(2 * DAY)),
        &auth,
    )
    .await;
    let ids: Vec<&str> = one_day["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["f-2"]);
    assert_eq!(one_day["events"][0]["date"], day(2 * DAY));
    // Nonsense is refused with a reason, not ignored.
    let (status, text) = get(
        &client,
        &format!("{base}/app/api/events?district=atlantis"),
        Some(&auth),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    let (status, _) = get(
        &client,
        &format!("{base}/app/api/events?from=tomorrow"),
        Some(&auth),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A cancelled event takes no sign-up: 409 with the reason, nothing stored.
    let (status, text) = post(
        &client,
        &format!("{base}/app/api/events/f-4/rsvp"),
        Some(&auth),
        json!({ "going": true }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    let f4 = db.event_by_external_id("f-4").await.unwrap().unwrap();
    assert_eq!(db.going_count(f4.row_id).await.unwrap(), 0);
    // A malformed body and an unknown event are told apart.
    let (status, _) = post(
        &client,
        &format!("{base}/app/api/events/f-1/rsvp"),
        Some(&auth),
        json!({ "going": "yes" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = get(&client, &format!("{base}/app/api/events/nope"), Some(&auth)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The calendar file is the event's, in the caller's language.
    let (status, ics) = get(&client, &format!("{base}/app/api/events/f-2.ics"), Some(&auth)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        ics.contains("BEGIN:VEVENT") && ics.contains("SUMMARY:Аксай (kk)"),
        "{ics}"
    );
    // Telegram's client downloads the file itself: the event's short-lived link works without
    // the header, for that event only.
    let link = all["events"][1]["ics_url"].as_str().unwrap().to_owned();
    assert!(link.starts_with("api/events/f-2.ics?link="), "{link}");
    let (status, ics) = get(&client, &format!("{base}/app/{link}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ics.contains("SUMMARY:Аксай"), "{ics}");
    let elsewhere = link.replace("f-2.ics", "f-1.ics");
    let (status, _) = get(&client, &format!("{base}/app/{elsewhere}"), None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a link opens its own event's file only"
    );
    let (status, _) = get(
        &client,
        &format!("{base}/app/api/events/f-2.ics?link=1.2.3"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_menu_button_and_events_open_the_app_and_a_shared_link_opens_the_event() {
    let (app, _base) = spawn_with_webapp(&[]).await;
    let db = app.db().await;
    import(
        &db,
        &[row(
            "m-1",
            "Встреча в Аксае",
            DAY,
            "burlin",
            Some((51.17, 52.99)),
            "",
        )],
    )
    .await;
    // The default menu button, at start.
    let default = app
        .fake
        .calls()
        .into_iter()
        .find(|c| c.method == "setchatmenubutton" && c.ok && c.params.get("chat_id").is_none())
        .expect("the default menu button is set at start");
    assert_eq!(default.params["menu_button"]["type"], "web_app");
    assert_eq!(default.params["menu_button"]["web_app"]["url"], PUBLIC_URL);
    // Choosing Kazakh gives the chat a Kazakh menu button.
    let user = app.onboard(7001, "kk").await;
    let own = app
        .fake
        .calls()
        .into_iter()
        .find(|c| c.method == "setchatmenubutton" && c.ok && c.chat_id() == Some(user.id))
        .expect("the chat's menu button is set when the language is chosen");
    assert_eq!(own.params["menu_button"]["text"], "Кездесулер");
    // /events has the web_app button, on the district the list shows.
    let list = app.say(&user, "/events").await;
    let markup = &list.params["reply_markup"]["inline_keyboard"];
    let urls: Vec<String> = markup
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter())
        .filter_map(|b| b["web_app"]["url"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(urls, [PUBLIC_URL.to_owned()], "{markup}");
    assert!(
        list.buttons().iter().any(|b| b.contains("Карта және күнтізбе")),
        "{:?}",
        list.buttons()
    );
    // The link the app shares opens the card in the bot.
    let card = app.say(&user, "/start ev_m-1").await;
    let card = if card.text().is_some_and(|t| t.contains("Встреча в Аксае")) {
        card
    } else {
        app.expect_message(user.id).await
    };
    assert!(card.text().unwrap().contains("Встреча в Аксае"));
}

#[tokio::test]
async fn without_webapp_url_there_is_no_app_and_no_button() {
    let app = TestApp::spawn().await;
    let user = app.onboard(7101, "ru").await;
    let list = app.say(&user, "/events").await;
    assert!(!list.params["reply_markup"].to_string().contains("web_app"));
    assert!(!app.fake.calls().iter().any(|c| c.method == "setchatmenubutton"));
}

#[tokio::test]
async fn webapp_url_must_be_https() {
    let vars = [("WEBAPP_URL", "http://app.example.test/app/")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let err = atazan::config::Config::from_vars(&vars).unwrap_err().to_string();
    assert!(err.contains("WEBAPP_URL") && err.contains("HTTPS"), "{err}");
}

/// In webhook mode the webhook's server serves the page and its API (one port behind the
/// proxy); WEBAPP_LISTEN is not used.
#[tokio::test]
async fn webhook_mode_serves_the_mini_app_beside_the_webhook() {
    let fake = atazan::fakeapi::FakeApi::start().await.unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let vars = [
        ("TELOXIDE_TOKEN", fakeapi::TOKEN.to_owned()),
        ("TELOXIDE_API_URL", fake.url().to_string()),
        (
            "DATABASE_URL",
            crate::support::database_url(dir.path(), "wh").await,
        ),
        (
            "CONTENT_DIR",
            crate::support::repo_path("content").display().to_string(),
        ),
        ("WEBHOOK_URL", format!("http://127.0.0.1:{port}/telegram")),
        ("WEBHOOK_LISTEN", format!("127.0.0.1:{port}")),
        ("WEBHOOK_SECRET", "s3cret".to_owned()),
        ("WEBAPP_URL", PUBLIC_URL.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = atazan::config::Config::from_vars(&vars).unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(atazan::app::run(config, async move {
        let _ = rx.await;
    }));
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = tokio::time::Instant::now() + WAIT;
    let page = loop {
        match client.get(format!("{base}/app/")).send().await {
            Ok(r) => break r,
            Err(e) => {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "the webhook server serves the page: {e}"
                );
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    };
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(page.text().await.unwrap().contains("static/app.js"));
    let (status, _) = get(&client, &format!("{base}/app/api/events"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let events = get_json(&client, &format!("{base}/app/api/events"), &signed(9100, "ru")).await;
    assert!(events["events"].as_array().unwrap().is_empty());
    // The webhook itself still refuses a stranger.
    let (status, _) = post(&client, &format!("{base}/telegram"), None, json!({})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let _ = tx.send(());
    tokio::time::timeout(WAIT, bot).await.unwrap().unwrap().unwrap();
}

/// The app's one message, the sign-up confirmation, against what Telegram and people do: a
/// 429 and a 5xx at that moment, a kill with it pending, a resident who blocked the bot, a
/// text at its longest (emoji: two UTF-16 units each), and /forget before it went out.
mod confirmation {
    use std::time::Duration;

    use atazan::fakeapi::Failure;

    use super::*;

    async fn sign_up(base: &str, user: i64, event: &str) {
        let client = reqwest::Client::new();
        let (status, body) = post(
            &client,
            &format!("{base}/app/api/events/{event}/rsvp"),
            Some(&signed(user, "ru")),
            json!({ "going": true }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    fn confirmations(app: &TestApp, user: i64) -> usize {
        app.fake
            .calls()
            .iter()
            .filter(|c| {
                c.method == "sendmessage"
                    && c.ok
                    && c.chat_id() == Some(user)
                    && c.text().is_some_and(|t| t.contains("записались"))
            })
            .count()
    }

    #[tokio::test]
    async fn arrives_once_through_a_429_and_a_5xx() {
        let (app, base) = spawn_with_webapp(&[]).await;
        import(
            &app.db().await,
            &[row("c-1", "Встреча", 2 * DAY, "uralsk", Some((51.22, 51.37)), "")],
        )
        .await;
        let user = app.onboard(9201, "ru").await;
        app.fake
            .fail_chat("sendmessage", user.id, Failure::TooManyRequests(1), 1);
        app.fake
            .fail_chat("sendmessage", user.id, Failure::ServerError, 1);
        sign_up(&base, user.id, "c-1").await;
        crate::support::wait_until("the confirmation", WAIT, || confirmations(&app, user.id) == 1).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(confirmations(&app, user.id), 1, "sent once");
    }

    #[tokio::test]
    async fn a_kill_with_it_pending_sends_it_after_the_restart() {
        let (mut app, base) = spawn_with_webapp(&[("SEND_LEASE_SECS", "3")]).await;
        import(
            &app.db().await,
            &[row("c-2", "Встреча", 2 * DAY, "uralsk", Some((51.22, 51.37)), "")],
        )
        .await;
        let user = app.onboard(9202, "ru").await;
        // Telegram answers 5xx for a while: the confirmation is stored, not yet sent.
        app.fake
            .fail_chat("sendmessage", user.id, Failure::ServerError, 1);
        let before = app.fake.calls().len();
        sign_up(&base, user.id, "c-2").await;
        app.fake
            .wait_call(before, WAIT, |c| {
                c.method == "sendmessage" && !c.ok && c.chat_id() == Some(user.id)
            })
            .await
            .expect("the first attempt met the 5xx");
        app.kill().await;
        assert_eq!(confirmations(&app, user.id), 0);
        app.start().await;
        crate::support::wait_until("the confirmation after the restart", WAIT, || {
            confirmations(&app, user.id) == 1
        })
        .await;
    }

    #[tokio::test]
    async fn a_resident_who_blocked_the_bot_keeps_the_sign_up_and_is_marked() {
        let (app, base) = spawn_with_webapp(&[]).await;
        let db = app.db().await;
        import(
            &db,
            &[row("c-3", "Встреча", 2 * DAY, "uralsk", Some((51.22, 51.37)), "")],
        )
        .await;
        let user = app.onboard(9203, "ru").await;
        app.fake.block(&user);
        sign_up(&base, user.id, "c-3").await;
        let ev = db.event_by_external_id("c-3").await.unwrap().unwrap();
        assert!(
            db.rsvp(ev.row_id, user.id).await.unwrap().going,
            "the sign-up stands"
        );
        let deadline = tokio::time::Instant::now() + WAIT;
        while !db.user(user.id).await.unwrap().unwrap().blocked {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the resident is marked as having blocked the bot"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(confirmations(&app, user.id), 0);
    }

    #[tokio::test]
    async fn the_longest_title_and_place_in_emoji_fit_telegrams_limit() {
        let (app, base) = spawn_with_webapp(&[]).await;
        let title = "🗳".repeat(200);
        let long = "🏛".repeat(300);
        let csv_row = format!(
            "c-4;{title};{title};meeting;{};;uralsk;{long};{long};51.22;51.37;;{long};participation;;",
            format_local_csv(now() + 2 * DAY)
        );
        import(&app.db().await, &[csv_row]).await;
        let user = app.onboard(9204, "ru").await;
        sign_up(&base, user.id, "c-4").await;
        // The fake Bot API refuses texts over 4,096 UTF-16 units, as Telegram does.
        crate::support::wait_until("the long confirmation", WAIT, || {
            confirmations(&app, user.id) == 1
        })
        .await;
        let sent = app
            .fake
            .calls()
            .into_iter()
            .find(|c| {
                c.method == "sendmessage"
                    && c.ok
                    && c.chat_id() == Some(user.id)
                    && c.text().is_some_and(|t| t.contains("записались"))
            })
            .unwrap();
        let text = sent.text().unwrap();
        assert!(text.contains(&title), "the whole title");
        assert!(text.encode_utf16().count() <= 4096);
    }

    #[tokio::test]
    async fn forget_before_it_went_out_drops_it_with_the_sign_up() {
        let (app, base) = spawn_with_webapp(&[]).await;
        let db = app.db().await;
        import(
            &db,
            &[row("c-5", "Встреча", 2 * DAY, "uralsk", Some((51.22, 51.37)), "")],
        )
        .await;
        let user = app.onboard(9205, "ru").await;
        let queued = |db: Db| async move {
            crate::support::scalar(
                &db,
                "SELECT COUNT(*) FROM outbox WHERE chat_id = $1 AND status IN ('pending', 'sending')",
                &[crate::support::Val::I(9205)],
            )
            .await
        };
        // A long flood wait: the confirmation waits in the outbox.
        app.fake
            .fail_chat("sendmessage", user.id, Failure::TooManyRequests(30), 1);
        let before = app.fake.calls().len();
        sign_up(&base, user.id, "c-5").await;
        app.fake
            .wait_call(before, WAIT, |c| {
                c.method == "sendmessage" && !c.ok && c.chat_id() == Some(user.id)
            })
            .await
            .expect("the first attempt met the 429");
        assert_eq!(
            queued(db.clone()).await,
            1,
            "the confirmation waits in the outbox"
        );
        app.skip_all(user.id);
        let confirm = app.say(&user, "/forget").await;
        app.press(&user, &confirm, "Удалить");
        app.expect_edit(user.id).await;
        let ev = db.event_by_external_id("c-5").await.unwrap().unwrap();
        let deadline = tokio::time::Instant::now() + WAIT;
        while db.user(user.id).await.unwrap().is_some() {
            assert!(tokio::time::Instant::now() < deadline, "the user is forgotten");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            !db.rsvp(ev.row_id, user.id).await.unwrap().going,
            "the sign-up went with them"
        );
        assert_eq!(db.going_count(ev.row_id).await.unwrap(), 0);
        // Reading the app afterwards leaves no trace either.
        let client = reqwest::Client::new();
        let seen = get_json(
            &client,
            &format!("{base}/app/api/events/c-5"),
            &signed(user.id, "ru"),
        )
        .await;
        assert_eq!(seen["going"], false);
        assert!(db.user(user.id).await.unwrap().is_none());
        assert_eq!(
            confirmations(&app, user.id),
            0,
            "the pending confirmation was dropped"
        );
    }
}
