//! A fake Telegram Bot API on loopback: the real bot talks to it through `TELOXIDE_API_URL`.
//!
//! Tests drive the bot like a person would (send text, press buttons, share a location) and
//! read what the bot sent; chat mode uses it to run the bot in a terminal. It checks every
//! request against the Bot API schema and Telegram's rules (text length, HTML, callback data),
//! so a request real Telegram would reject fails here too, and it can fail on demand (429,
//! 5xx, 403) to exercise the bot's error paths.

mod spec;
mod state;

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Router,
    body::Bytes,
    extract::{Path, State as AxState},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::any,
};
use serde_json::{Value, json};
use tokio::sync::watch;

use state::St;
pub use state::{Call, Failure, StoredMessage, buttons_of};

/// A user on the fake Telegram.
#[derive(Debug, Clone)]
pub struct FakeUser {
    pub id: i64,
    pub first_name: String,
    pub language_code: Option<String>,
}

impl FakeUser {
    pub fn new(id: i64, language_code: Option<&str>) -> Self {
        Self {
            id,
            first_name: format!("User{id}"),
            language_code: language_code.map(str::to_owned),
        }
    }

    fn json(&self) -> Value {
        let mut v = json!({ "id": self.id, "is_bot": false, "first_name": self.first_name });
        if let Some(code) = &self.language_code {
            v["language_code"] = json!(code);
        }
        v
    }

    fn private_chat(&self) -> Value {
        json!({ "id": self.id, "type": "private", "first_name": self.first_name })
    }
}

struct Inner {
    st: Mutex<St>,
    /// Bumped whenever an update is queued (wakes long polls).
    updates: watch::Sender<u64>,
    /// Bumped whenever the bot makes a call (wakes waiting tests).
    calls: watch::Sender<u64>,
    /// While true, Telegram is unreachable: requests hang (and time out) until it is back.
    down: watch::Sender<bool>,
}

/// The fake server; stops when dropped.
pub struct FakeApi {
    inner: Arc<Inner>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The bot's own user name on the fake Telegram.
pub const BOT_USERNAME: &str = "atazan_test_bot";
pub const BOT_ID: i64 = 777_000_001;

/// The token tests and chat mode use: well-formed for `Config`, but not shaped like a real
/// BotFather token, so secret scanners stay quiet.
pub const TOKEN: &str = "777000001:fake-token-for-tests";

impl FakeApi {
    /// Starts a server on `127.0.0.1` with a free port.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts a server on `addr` (tests that make the bot wait for an unreachable API).
    pub async fn start_on(addr: SocketAddr) -> std::io::Result<Self> {
        let inner = Arc::new(Inner {
            st: Mutex::new(St::default()),
            updates: watch::channel(0).0,
            calls: watch::channel(0).0,
            down: watch::channel(false).0,
        });
        let app = Router::new()
            .route("/{*path}", any(handle))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                log::error!("fake Bot API stopped: {e}");
            }
        });
        Ok(Self { inner, addr, server })
    }

    /// The base URL to give the bot as `TELOXIDE_API_URL`.
    pub fn url(&self) -> url::Url {
        url::Url::parse(&format!("http://{}/", self.addr)).expect("a socket address is a valid URL")
    }

    fn st(&self) -> std::sync::MutexGuard<'_, St> {
        self.inner.st.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push_update(&self, build: impl FnOnce(&mut St, i64) -> Value) -> i64 {
        let id = {
            let mut st = self.st();
            st.next_update_id += 1;
            let id = st.next_update_id;
            let mut update = build(&mut st, id);
            update["update_id"] = json!(id);
            st.pending.push_back(update);
            id
        };
        self.inner.updates.send_modify(|v| *v += 1);
        id
    }

    /// The id of the latest update given to the bot (0 before the first).
    pub fn last_update_id(&self) -> i64 {
        self.st().next_update_id
    }

    /// The user sends a message with `fields` (e.g. `{"text": "hi"}`); returns its message id.
    pub fn send(&self, user: &FakeUser, fields: Value) -> i32 {
        let mut message_id = 0;
        self.push_update(|st, _| {
            message_id = st.next_message_id(user.id);
            let mut message = json!({
                "message_id": message_id,
                "date": state::now(),
                "chat": user.private_chat(),
                "from": user.json(),
            });
            if let (Some(m), Some(f)) = (message.as_object_mut(), fields.as_object()) {
                m.extend(f.clone());
            }
            if let Some(text) = message["text"].as_str()
                && let Some(cmd) = text.split_whitespace().next().filter(|w| w.starts_with('/'))
            {
                message["entities"] =
                    json!([{ "type": "bot_command", "offset": 0, "length": cmd.encode_utf16().count() }]);
            }
            st.remember_user_message(user.id, message_id, &message);
            json!({ "message": message })
        });
        message_id
    }

    /// The user sends photos together (one album, as Telegram delivers it: one message per
    /// photo with the same `media_group_id`, the caption on the first).
    pub fn send_album(&self, user: &FakeUser, file_ids: &[&str], caption: &str) -> Vec<i32> {
        let group = format!("album-{}-{}", user.id, state::now());
        file_ids
            .iter()
            .enumerate()
            .map(|(i, file)| {
                let mut fields = json!({
                    "media_group_id": group,
                    "photo": [{ "file_id": file, "file_unique_id": file, "width": 800, "height": 600 }],
                });
                if i == 0 && !caption.is_empty() {
                    fields["caption"] = json!(caption);
                }
                self.send(user, fields)
            })
            .collect()
    }

    /// The user writes `text` in group `group`, as a reply to message `reply_to` there.
    pub fn send_in_group(&self, user: &FakeUser, group: i64, text: &str, reply_to: i32) -> i32 {
        let mut message_id = 0;
        self.push_update(|st, _| {
            message_id = st.next_message_id(group);
            let replied = st.message_json(group, reply_to);
            let mut message = json!({
                "message_id": message_id,
                "date": state::now(),
                "chat": { "id": group, "type": "supergroup", "title": "Volunteers" },
                "from": user.json(),
                "text": text,
            });
            if let Some(r) = replied {
                message["reply_to_message"] = r;
            }
            st.remember_user_message(group, message_id, &message);
            json!({ "message": message })
        });
        message_id
    }

    /// The user sends `text`.
    pub fn send_text(&self, user: &FakeUser, text: &str) -> i32 {
        self.send(user, json!({ "text": text }))
    }

    /// The user sends a sticker.
    pub fn send_sticker(&self, user: &FakeUser) -> i32 {
        self.send(
            user,
            json!({ "sticker": {
                "file_id": "sticker-1", "file_unique_id": "s1", "type": "regular",
                "width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"
            }}),
        )
    }

    /// The user shares a location.
    pub fn send_location(&self, user: &FakeUser, latitude: f64, longitude: f64) -> i32 {
        self.send(
            user,
            json!({ "location": { "latitude": latitude, "longitude": longitude } }),
        )
    }

    /// The user presses a button with `data` under the bot's message `message_id`.
    pub fn press(&self, user: &FakeUser, message_id: i32, data: &str) -> i64 {
        self.push_update(|st, id| {
            let message = st.message_json(user.id, message_id).unwrap_or_else(|| {
                json!({ "message_id": message_id, "date": state::now(), "chat": user.private_chat(), "text": "?" })
            });
            json!({ "callback_query": {
                "id": format!("cbq-{id}"),
                "from": user.json(),
                "chat_instance": format!("ci-{}", user.id),
                "message": message,
                "data": data,
            }})
        })
    }

    /// The user types `@bot <query>` in any chat.
    pub fn inline_query(&self, user: &FakeUser, query: &str) -> i64 {
        self.push_update(|_, id| {
            json!({ "inline_query": { "id": format!("iq-{id}"), "from": user.json(), "query": query, "offset": "" } })
        })
    }

    /// The user blocks the bot: Telegram tells the bot, and refuses messages to them from now on.
    pub fn block(&self, user: &FakeUser) {
        self.push_update(|st, _| {
            st.blocked.insert(user.id);
            json!({ "my_chat_member": {
                "chat": user.private_chat(),
                "from": user.json(),
                "date": state::now(),
                "old_chat_member": { "user": state::bot_user(), "status": "member" },
                "new_chat_member": { "user": state::bot_user(), "status": "kicked", "until_date": 0 },
            }})
        });
    }

    /// The next `times` calls of `method` fail with `failure`.
    pub fn fail(&self, method: &str, failure: Failure, times: u32) {
        self.st()
            .failures
            .push((method.to_ascii_lowercase(), None, failure, times));
    }

    /// The next `times` calls of `method` to `chat` fail with `failure`.
    pub fn fail_chat(&self, method: &str, chat: i64, failure: Failure, times: u32) {
        self.st()
            .failures
            .push((method.to_ascii_lowercase(), Some(chat), failure, times));
    }

    /// Stores a file a user can send (`/file` in chat mode); returns its `file_id`.
    pub fn add_file(&self, bytes: Vec<u8>) -> String {
        self.st().add_file(bytes)
    }

    /// How many calls the bot made so far (cheaper than `calls().len()`).
    pub fn call_count(&self) -> usize {
        self.st().calls.len()
    }

    /// Call number `i`.
    pub fn call(&self, i: usize) -> Option<Call> {
        self.st().calls.get(i).cloned()
    }

    /// Every call the bot made so far.
    pub fn calls(&self) -> Vec<Call> {
        self.st().calls.clone()
    }

    /// The current state of a message the bot sent (after edits).
    pub fn message(&self, chat: i64, message_id: i32) -> Option<StoredMessage> {
        self.st().messages.get(&(chat, message_id)).cloned()
    }

    /// Takes the queued updates out, oldest first, as Telegram would post them to a webhook
    /// (tests that play Telegram and the load balancer in front of several instances).
    pub fn take_updates(&self) -> Vec<Value> {
        self.st().pending.drain(..).collect()
    }

    /// Whether all queued updates have been fetched and confirmed by the bot.
    pub fn updates_confirmed(&self) -> bool {
        self.st().pending.is_empty()
    }

    /// Waits until `pred` holds for the calls made after the first `from` calls; returns the
    /// index of the first call that satisfies it.
    pub async fn wait_call(
        &self,
        from: usize,
        timeout: Duration,
        pred: impl Fn(&Call) -> bool,
    ) -> Option<usize> {
        let mut rx = self.inner.calls.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        // Each call is looked at once: many waiters at once stay cheap.
        let mut next = from;
        loop {
            rx.borrow_and_update();
            {
                let st = self.st();
                if let Some(i) = st.calls.iter().skip(next).position(&pred) {
                    return Some(next + i);
                }
                next = next.max(st.calls.len());
            }
            if tokio::time::timeout_at(deadline, rx.changed()).await.is_err() {
                return None;
            }
        }
    }

    /// Waits until the bot has made no call for `quiet`, at most `timeout`.
    pub async fn wait_quiet(&self, quiet: Duration, timeout: Duration) {
        let mut rx = self.inner.calls.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            match tokio::time::timeout(quiet, rx.changed()).await {
                Err(_) => return,
                Ok(Err(_)) => return,
                Ok(Ok(())) if tokio::time::Instant::now() >= deadline => return,
                Ok(Ok(())) => {}
            }
        }
    }

    /// Makes Telegram unreachable for `duration`: requests hang meanwhile (the bot's HTTP
    /// client times out and retries), updates users send are held, as Telegram holds them.
    pub async fn outage(&self, duration: Duration) {
        self.inner.down.send_replace(true);
        tokio::time::sleep(duration).await;
        self.inner.down.send_replace(false);
    }

    /// Subscribes to "the bot made a call" notifications.
    pub fn subscribe_calls(&self) -> watch::Receiver<u64> {
        self.inner.calls.subscribe()
    }
}

fn reply(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

fn bad_request(description: impl Into<String>) -> Response {
    let d = format!("Bad Request: {}", description.into());
    reply(
        StatusCode::BAD_REQUEST,
        json!({ "ok": false, "error_code": 400, "description": d }),
    )
}

async fn handle(
    AxState(inner): AxState<Arc<Inner>>,
    Path(path): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // `/bot<token>/<Method>` or `/file/bot<token>/<file path>`.
    if let Some(rest) = path.strip_prefix("file/bot") {
        let file = rest
            .split_once('/')
            .map(|(_, f)| f.to_owned())
            .unwrap_or_default();
        let st = inner.st.lock().unwrap_or_else(|e| e.into_inner());
        return match st.files.get(&file) {
            Some(bytes) => (StatusCode::OK, bytes.clone()).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let mut down = inner.down.subscribe();
    // An outage: hold the request until Telegram is back (the client may give up first).
    let _ = down.wait_for(|d| !*d).await;
    let Some((_token, method)) = path.strip_prefix("bot").and_then(|r| r.split_once('/')) else {
        return reply(
            StatusCode::NOT_FOUND,
            json!({ "ok": false, "error_code": 404, "description": "Not Found" }),
        );
    };
    let method = method.to_ascii_lowercase();
    let params = match parse_params(&headers, &body).await {
        Ok(p) => p,
        Err(e) => return bad_request(e),
    };

    if method == "getupdates" {
        return get_updates(&inner, params).await;
    }

    let response = {
        let mut st = inner.st.lock().unwrap_or_else(|e| e.into_inner());
        let response = st.call(&method, &params);
        let result = response.as_ref().ok().cloned().unwrap_or(Value::Null);
        st.calls.push(Call {
            method: method.clone(),
            params,
            ok: response.is_ok(),
            result,
            at: std::time::Instant::now(),
        });
        response
    };
    inner.calls.send_modify(|v| *v += 1);
    match response {
        Ok(result) => reply(StatusCode::OK, json!({ "ok": true, "result": result })),
        Err(e) => e.into_response(),
    }
}

async fn parse_params(headers: &HeaderMap, body: &Bytes) -> Result<Value, String> {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if body.is_empty() {
        return Ok(json!({}));
    }
    if content_type.starts_with("multipart/form-data") {
        return state::parse_multipart(content_type, body).await;
    }
    serde_json::from_slice(body).map_err(|e| format!("request body is not JSON: {e}"))
}

async fn get_updates(inner: &Inner, params: Value) -> Response {
    let offset = params["offset"].as_i64().unwrap_or(0);
    let limit = params["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let timeout = params["timeout"].as_u64().unwrap_or(0).min(50);
    let mut rx = inner.updates.subscribe();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        rx.borrow_and_update();
        let batch: Vec<Value> = {
            let mut st = inner.st.lock().unwrap_or_else(|e| e.into_inner());
            // Updates before `offset` are confirmed: Telegram forgets them.
            st.pending
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            st.pending.iter().take(limit).cloned().collect()
        };
        if !batch.is_empty() || tokio::time::timeout_at(deadline, rx.changed()).await.is_err() {
            // Telegram went away while this poll waited: the answer never arrives.
            if *inner.down.borrow() {
                let mut down = inner.down.subscribe();
                let _ = down.wait_for(|d| !*d).await;
                continue;
            }
            return reply(StatusCode::OK, json!({ "ok": true, "result": batch }));
        }
    }
}

/// The most calls among `times` (sorted) within any one second: what Telegram's per-second
/// limits count.
pub fn busiest_second(times: &[std::time::Instant]) -> usize {
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| **t < times[i] + Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}
