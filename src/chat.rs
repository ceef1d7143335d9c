//! `atazan chat`: the real bot (same dispatcher, handlers, storage and content) on an in-process
//! fake Bot API, talked to from a terminal. The protocol is in `../shared/interfaces.md`.

use std::{
    io::{IsTerminal, Write},
    path::Path,
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::{
    app,
    config::{Config, Token, WebApp},
    fakeapi::{self, Call, FakeApi, FakeUser},
    storage::Db,
    telegram_html,
};

/// The local user's role in chat mode (`atazan chat --as`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatRole {
    Resident,
    Volunteer,
    Admin,
}

/// The local user's Telegram id in chat mode.
pub const LOCAL_USER_ID: i64 = 1_000_001;

/// The buttons of the latest bot message that has some.
#[derive(Default, Clone)]
struct Buttons {
    message_id: i32,
    /// (label, callback data: `None` for a reply-keyboard button, which sends its label).
    list: Vec<(String, Option<String>)>,
}

/// Runs chat mode until `/quit` or end of input.
pub async fn run(
    mut config: Config,
    role: ChatRole,
    lang: &str,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let fake = Arc::new(FakeApi::start().await?);
    config.token = Some(Token::parse(fakeapi::TOKEN)?);
    config.api_url = Some(fake.url());
    config.database_url = "sqlite://data/chat.db".into();
    config.volunteer_chat_id = None;
    config.webhook = None;
    config.admin_ids.retain(|id| *id != LOCAL_USER_ID as u64);
    if role == ChatRole::Admin {
        config.admin_ids.push(LOCAL_USER_ID as u64);
    }
    // The Mini App on a local port (WEBAPP_LISTEN if given), opened by a printed link.
    let listen = match &config.webapp {
        Some(w) if w.listen.ip().is_loopback() => w.listen,
        _ => free_local_port()?,
    };
    let page = url::Url::parse(&format!("http://{listen}/app/"))?;
    let tiles = config.webapp.as_ref().and_then(|w| w.tiles.clone());
    config.webapp = Some(WebApp {
        url: page.clone(),
        listen,
        tiles,
    });
    {
        let db = Db::open(&config.database_url).await?;
        db.touch_user(LOCAL_USER_ID).await?;
        db.set_volunteer(LOCAL_USER_ID, role == ChatRole::Volunteer)
            .await?;
        if let Err(e) = load_sample_events(&db).await {
            println!("(the sample events did not load: {e})");
        }
        db.close().await;
    }
    let init_data = crate::webapp::init_data::sign_user(
        LOCAL_USER_ID,
        "Local",
        lang,
        crate::storage::now(),
        fakeapi::TOKEN,
    );
    let fragment: String = url::form_urlencoded::byte_serialize(init_data.as_bytes()).collect();
    println!("Mini App: {page}#tgWebAppData={fragment}");

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(app::run(config, async move {
        let _ = stop_rx.await;
    }));

    let buttons = Arc::new(Mutex::new(Buttons::default()));
    let printer = tokio::spawn(print_calls(fake.clone(), buttons.clone()));
    let user = FakeUser::new(LOCAL_USER_ID, Some(lang));
    let echo = !std::io::stdin().is_terminal();
    if !echo {
        println!(
            "atazan chat: you are user {LOCAL_USER_ID} ({role:?}). Type /start; a number presses a button; /quit exits."
        );
    }

    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut bot = bot;
    loop {
        // A bot that stopped by itself (a broken pack, say) ends chat mode with its error.
        let line = tokio::select! {
            line = lines.next_line() => line?,
            ended = &mut bot => {
                printer.abort();
                return match ended {
                    Ok(result) => result.map_err(Into::into),
                    Err(e) => Err(e.into()),
                };
            }
        };
        let Some(line) = line else { break };
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            continue;
        }
        if echo {
            println!("> {line}");
        }
        if line == "/quit" {
            break;
        }
        let before = fake.calls().len();
        if let Err(e) = send_line(&fake, &user, &buttons, &line) {
            println!("  ({e})");
            continue;
        }
        settle(&fake, before).await;
    }
    settle(&fake, fake.calls().len()).await;
    let _ = stop_tx.send(());
    match bot.await {
        Ok(result) => result?,
        Err(e) => return Err(e.into()),
    }
    printer.abort();
    Ok(())
}

/// The sample events chat mode shows (`examples/sample-events.csv`), built in.
const SAMPLE_EVENTS: &[u8] = include_bytes!("../examples/sample-events.csv");

/// Loads the sample events when nothing is coming up in chat mode's database, moved by whole
/// weeks so that the first starts after today (weekdays and hours stay as written).
async fn load_sample_events(db: &Db) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let now = crate::storage::now();
    let all = crate::domain::EventFilter::default();
    if !db.upcoming_events(&all, now, 1, 0).await?.is_empty() {
        return Ok(());
    }
    let mut events = crate::domain::event::parse_csv(SAMPLE_EVENTS)
        .map_err(|e| format!("examples/sample-events.csv: {} problems", e.len()))?;
    let first = events.iter().map(|e| e.starts_at).min().unwrap_or(now);
    const WEEK: i64 = 7 * 24 * 3600;
    let weeks = if first > now { 0 } else { (now - first) / WEEK + 1 };
    for e in &mut events {
        e.starts_at += weeks * WEEK;
        e.ends_at += weeks * WEEK;
    }
    db.import_events(&events, now, &crate::services::events::notice_text)
        .await?;
    Ok(())
}

/// A loopback address with a port nobody listens on.
fn free_local_port() -> std::io::Result<std::net::SocketAddr> {
    std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()
}

/// Waits until the bot has fetched the input and gone quiet.
async fn settle(fake: &FakeApi, before: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while !fake.updates_confirmed() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The reply may take a moment after the update is fetched.
    fake.wait_call(before, Duration::from_secs(3), |c| c.method != "getupdates")
        .await;
    fake.wait_quiet(Duration::from_millis(300), Duration::from_secs(15))
        .await;
}

fn send_line(fake: &FakeApi, user: &FakeUser, buttons: &Mutex<Buttons>, line: &str) -> Result<(), String> {
    if let Some(rest) = line.strip_prefix("/loc ") {
        let mut it = rest
            .split_whitespace()
            .map(|s| s.replace(',', ".").parse::<f64>());
        return match (it.next(), it.next()) {
            (Some(Ok(lat)), Some(Ok(lon)))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
            {
                fake.send_location(user, lat, lon);
                Ok(())
            }
            _ => Err("usage: /loc LAT LON, e.g. /loc 51.23 51.37".into()),
        };
    }
    if let Some(path) = line.strip_prefix("/file ") {
        let path = Path::new(path.trim());
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = bytes.len();
        let file_id = fake.add_file(bytes);
        fake.send(user, json!({ "document": { "file_id": file_id, "file_unique_id": file_id, "file_name": name, "file_size": size } }));
        return Ok(());
    }
    if let Some(escaped) = line.strip_prefix('\\') {
        fake.send_text(user, escaped);
        return Ok(());
    }
    if let Ok(n) = line.parse::<usize>() {
        let b = buttons.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let (label, data) = b
            .list
            .get(n.wrapping_sub(1))
            .cloned()
            .ok_or_else(|| format!("no button [{n}]; to send the number as text, type \\{n}"))?;
        match data {
            Some(data) => {
                fake.press(user, b.message_id, &data);
            }
            None => {
                fake.send_text(user, &label);
            }
        }
        return Ok(());
    }
    fake.send_text(user, line);
    Ok(())
}

/// Prints what the bot sends, in order, as it arrives.
async fn print_calls(fake: Arc<FakeApi>, buttons: Arc<Mutex<Buttons>>) {
    let mut seen = 0;
    let mut rx = fake.subscribe_calls();
    loop {
        let calls = fake.calls();
        for call in &calls[seen..] {
            if let Some(text) = render(call, &buttons) {
                println!("{text}");
            }
        }
        seen = calls.len();
        let _ = std::io::stdout().flush();
        if rx.changed().await.is_err() {
            return;
        }
    }
}

/// How a call looks in the terminal (`None` for calls a user would not see).
fn render(call: &Call, buttons: &Mutex<Buttons>) -> Option<String> {
    if !call.ok {
        return None;
    }
    let p = &call.params;
    let mut out = match call.method.as_str() {
        "sendmessage" => format!("bot: {}", telegram_html::to_plain(call.text()?)),
        "editmessagetext" => format!(
            "bot (edited message {}): {}",
            p["message_id"],
            telegram_html::to_plain(call.text()?)
        ),
        "editmessagereplymarkup" => format!("bot (buttons of message {} changed)", p["message_id"]),
        "sendvenue" => format!(
            "bot: 📍 {} — {} ({}, {})",
            p["title"].as_str()?,
            p["address"].as_str().unwrap_or(""),
            p["latitude"],
            p["longitude"]
        ),
        "sendlocation" => format!("bot: 📍 {}, {}", p["latitude"], p["longitude"]),
        "senddocument" => format!(
            "bot: 📎 {} {}",
            p["document"]["file_name"].as_str().unwrap_or("file"),
            call.text().map(telegram_html::to_plain).unwrap_or_default()
        ),
        "sendphoto" => format!(
            "bot: 🖼 {}",
            call.text().map(telegram_html::to_plain).unwrap_or_default()
        ),
        "answercallbackquery" => format!("bot (notice): {}", p["text"].as_str()?),
        _ => return None,
    };
    let markup = &p["reply_markup"];
    let list = fakeapi::buttons_of(markup);
    if !list.is_empty() {
        let message_id = p["message_id"].as_i64().map(|i| i as i32).unwrap_or_else(|| {
            // A new message: the fake numbers them per chat; recover the id from the reply.
            call.result_message_id().unwrap_or_default()
        });
        let inline = markup["inline_keyboard"].is_array();
        for (i, (label, _)) in list.iter().enumerate() {
            out.push_str(&format!("\n  [{}] {label}", i + 1));
        }
        *buttons.lock().unwrap_or_else(|e| e.into_inner()) = Buttons {
            message_id,
            list: list
                .into_iter()
                .map(|(l, d)| (l, if inline { d } else { None }))
                .collect(),
        };
    } else if call.method == "editmessagetext" && markup.is_null() {
        let mut b = buttons.lock().unwrap_or_else(|e| e.into_inner());
        if p["message_id"].as_i64() == Some(i64::from(b.message_id)) {
            b.list.clear();
        }
    }
    Some(out)
}
