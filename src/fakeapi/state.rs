//! What the fake Telegram remembers, and how each method answers.

use std::collections::{HashMap, HashSet, VecDeque};

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// An error answer: HTTP status and Telegram's JSON body.
#[derive(Debug)]
pub struct ApiErr {
    status: StatusCode,
    body: Value,
    /// Sent instead of JSON (a proxy's error page).
    html: Option<&'static str>,
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        match self.html {
            Some(page) => (
                self.status,
                [(axum::http::header::CONTENT_TYPE, "text/html")],
                page,
            )
                .into_response(),
            None => (self.status, axum::Json(self.body)).into_response(),
        }
    }
}
use serde_json::{Value, json};

use super::{BOT_ID, BOT_USERNAME, spec};
use crate::telegram_html;

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    /// Method name, lowercase (`sendmessage`).
    pub method: String,
    pub params: Value,
    /// Whether the fake answered `ok: true`.
    pub ok: bool,
    /// The `result` the fake answered with (`null` on errors).
    pub result: Value,
    /// When the request arrived.
    pub at: std::time::Instant,
}

impl Call {
    /// The chat the call is addressed to, if any.
    pub fn chat_id(&self) -> Option<i64> {
        self.params["chat_id"]
            .as_i64()
            .or_else(|| self.params["chat_id"].as_str()?.parse().ok())
    }

    /// The id of the message this call created or edited.
    pub fn result_message_id(&self) -> Option<i32> {
        self.result["message_id"].as_i64().map(|i| i as i32)
    }

    pub fn text(&self) -> Option<&str> {
        self.params["text"]
            .as_str()
            .or_else(|| self.params["caption"].as_str())
    }

    /// Labels of all buttons (inline or reply keyboard), row by row.
    pub fn buttons(&self) -> Vec<String> {
        buttons_of(&self.params["reply_markup"])
            .into_iter()
            .map(|(label, _)| label)
            .collect()
    }

    /// Callback data of the inline button labelled `label` (or containing it).
    pub fn callback_data(&self, label: &str) -> Option<String> {
        buttons_of(&self.params["reply_markup"])
            .into_iter()
            .find(|(l, _)| l == label)
            .or_else(|| {
                buttons_of(&self.params["reply_markup"])
                    .into_iter()
                    .find(|(l, _)| l.contains(label))
            })
            .and_then(|(_, d)| d)
    }
}

/// (label, callback data) of every button in a `reply_markup`.
pub fn buttons_of(markup: &Value) -> Vec<(String, Option<String>)> {
    let rows = markup["inline_keyboard"]
        .as_array()
        .or_else(|| markup["keyboard"].as_array());
    rows.into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .map(|b| {
            let label = b["text"]
                .as_str()
                .or_else(|| b.as_str())
                .unwrap_or_default()
                .to_owned();
            (label, b["callback_data"].as_str().map(str::to_owned))
        })
        .collect()
}

/// A message the bot sent, as it stands now.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMessage {
    pub text: String,
    pub reply_markup: Value,
    pub edits: u32,
}

/// A failure to inject.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// 429 with `retry_after` seconds.
    TooManyRequests(u32),
    /// 500.
    ServerError,
    /// 403 "bot was blocked by the user".
    Blocked,
    /// 403 "user is deactivated".
    Deactivated,
    /// 400 "chat not found".
    ChatNotFound,
    /// 403 "bot can't initiate conversation with a user" (not a block).
    CantInitiate,
    /// 401: the token was revoked.
    Unauthorized,
    /// 502 with an HTML page, as a reverse proxy answers when Telegram is unreachable.
    BadGatewayHtml,
}

#[derive(Default)]
pub(super) struct St {
    pub next_update_id: i64,
    pub pending: VecDeque<Value>,
    pub calls: Vec<Call>,
    pub messages: HashMap<(i64, i32), StoredMessage>,
    pub user_messages: HashMap<(i64, i32), Value>,
    next_message_ids: HashMap<i64, i32>,
    /// (method, only this chat, failure, times left).
    pub failures: Vec<(String, Option<i64>, Failure, u32)>,
    pub blocked: HashSet<i64>,
    pub files: HashMap<String, Vec<u8>>,
    next_file: u64,
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

pub fn bot_user() -> Value {
    json!({ "id": BOT_ID, "is_bot": true, "first_name": "Ata Zan", "username": BOT_USERNAME })
}

fn error(status: StatusCode, description: &str, parameters: Option<Value>) -> ApiErr {
    let mut body = json!({ "ok": false, "error_code": status.as_u16(), "description": description });
    if let Some(p) = parameters {
        body["parameters"] = p;
    }
    ApiErr {
        status,
        body,
        html: None,
    }
}

fn bad(description: impl AsRef<str>) -> ApiErr {
    error(
        StatusCode::BAD_REQUEST,
        &format!("Bad Request: {}", description.as_ref()),
        None,
    )
}

impl St {
    pub fn next_message_id(&mut self, chat: i64) -> i32 {
        let id = self.next_message_ids.entry(chat).or_insert(0);
        *id += 1;
        *id
    }

    pub fn remember_user_message(&mut self, chat: i64, id: i32, message: &Value) {
        self.user_messages.insert((chat, id), message.clone());
    }

    /// The JSON Telegram would send for message `id` in `chat`.
    pub fn message_json(&self, chat: i64, id: i32) -> Option<Value> {
        if let Some(m) = self.messages.get(&(chat, id)) {
            return Some(self.bot_message_json(chat, id, m));
        }
        self.user_messages.get(&(chat, id)).cloned()
    }

    fn bot_message_json(&self, chat: i64, id: i32, m: &StoredMessage) -> Value {
        let chat_json = if chat < 0 {
            json!({ "id": chat, "type": "supergroup", "title": "Group" })
        } else {
            json!({ "id": chat, "type": "private", "first_name": format!("User{chat}") })
        };
        let mut v = json!({
            "message_id": id,
            "date": now(),
            "chat": chat_json,
            "from": bot_user(),
            "text": telegram_html::to_plain(&m.text),
        });
        if m.reply_markup["inline_keyboard"].is_array() {
            v["reply_markup"] = m.reply_markup.clone();
        }
        v
    }

    fn take_failure(&mut self, method: &str, chat: Option<i64>) -> Option<Failure> {
        let i = self
            .failures
            .iter()
            .position(|(m, c, _, n)| m == method && *n > 0 && (c.is_none() || *c == chat))?;
        self.failures[i].3 -= 1;
        let f = self.failures[i].2.clone();
        if self.failures[i].3 == 0 {
            self.failures.remove(i);
        }
        Some(f)
    }

    /// Answers one call (everything but `getUpdates`).
    pub fn call(&mut self, method: &str, p: &Value) -> Result<Value, ApiErr> {
        spec::check(method, p).map_err(|e| {
            if e == "Not Found" {
                error(StatusCode::NOT_FOUND, "Not Found", None)
            } else {
                bad(e)
            }
        })?;
        let target = p["chat_id"]
            .as_i64()
            .or_else(|| p["chat_id"].as_str().and_then(|s| s.parse().ok()));
        if let Some(f) = self.take_failure(method, target) {
            return Err(match f {
                Failure::TooManyRequests(s) => error(
                    StatusCode::TOO_MANY_REQUESTS,
                    &format!("Too Many Requests: retry after {s}"),
                    Some(json!({ "retry_after": s })),
                ),
                Failure::ServerError => {
                    error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error", None)
                }
                Failure::Blocked => error(
                    StatusCode::FORBIDDEN,
                    "Forbidden: bot was blocked by the user",
                    None,
                ),
                Failure::Deactivated => error(StatusCode::FORBIDDEN, "Forbidden: user is deactivated", None),
                Failure::ChatNotFound => error(StatusCode::BAD_REQUEST, "Bad Request: chat not found", None),
                Failure::CantInitiate => error(
                    StatusCode::FORBIDDEN,
                    "Unauthorized: bot can't initiate conversation with a user",
                    None,
                ),
                Failure::Unauthorized => error(StatusCode::UNAUTHORIZED, "Unauthorized", None),
                Failure::BadGatewayHtml => ApiErr {
                    status: StatusCode::BAD_GATEWAY,
                    body: Value::Null,
                    html: Some(
                        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
                    ),
                },
            });
        }
        let chat = p["chat_id"]
            .as_i64()
            .or_else(|| p["chat_id"].as_str().and_then(|s| s.parse().ok()));
        if let Some(chat) = chat
            && self.blocked.contains(&chat)
            && method.starts_with("send")
        {
            return Err(error(
                StatusCode::FORBIDDEN,
                "Forbidden: bot was blocked by the user",
                None,
            ));
        }
        check_markup(&p["reply_markup"]).map_err(bad)?;

        match method {
            "getme" => Ok(json!({
                "id": BOT_ID, "is_bot": true, "first_name": "Ata Zan", "username": BOT_USERNAME,
                "can_join_groups": true, "can_read_all_group_messages": false,
                "supports_inline_queries": true, "can_connect_to_business": false, "has_main_web_app": false,
            })),
            "getwebhookinfo" => {
                Ok(json!({ "url": "", "has_custom_certificate": false, "pending_update_count": 0 }))
            }
            "deletewebhook"
            | "setmycommands"
            | "setchatmenubutton"
            | "deletemycommands"
            | "answercallbackquery"
            | "answerinlinequery"
            | "deletemessage"
            | "setwebhook"
            | "sendchataction" => Ok(json!(true)),
            "sendmessage" => {
                let chat = chat.ok_or_else(|| bad("chat not found"))?;
                let text = p["text"].as_str().unwrap_or_default();
                check_text(text, p["parse_mode"].as_str()).map_err(bad)?;
                let id = self.next_message_id(chat);
                let m = StoredMessage {
                    text: text.to_owned(),
                    reply_markup: p["reply_markup"].clone(),
                    edits: 0,
                };
                let v = self.bot_message_json(chat, id, &m);
                self.messages.insert((chat, id), m);
                Ok(v)
            }
            "editmessagetext" | "editmessagereplymarkup" => {
                let chat = chat.ok_or_else(|| bad("chat not found"))?;
                let id = p["message_id"].as_i64().unwrap_or_default() as i32;
                let mut m = self
                    .messages
                    .get(&(chat, id))
                    .cloned()
                    .ok_or_else(|| bad("message to edit not found"))?;
                let new_text = match p["text"].as_str() {
                    Some(t) => {
                        check_text(t, p["parse_mode"].as_str()).map_err(bad)?;
                        t.to_owned()
                    }
                    None => m.text.clone(),
                };
                // Without reply_markup, an edit removes the inline keyboard, as on Telegram.
                let new_markup = p["reply_markup"].clone();
                if new_text == m.text && new_markup == m.reply_markup {
                    return Err(bad(
                        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
                    ));
                }
                m.text = new_text;
                m.reply_markup = new_markup;
                m.edits += 1;
                let v = self.bot_message_json(chat, id, &m);
                self.messages.insert((chat, id), m);
                Ok(v)
            }
            "sendlocation" | "sendvenue" | "senddocument" | "sendphoto" | "sendvoice" => {
                let chat = chat.ok_or_else(|| bad("chat not found"))?;
                if let Some(caption) = p["caption"].as_str() {
                    check_text(caption, p["parse_mode"].as_str()).map_err(bad)?;
                }
                let id = self.next_message_id(chat);
                let m = StoredMessage {
                    text: p["caption"]
                        .as_str()
                        .or(p["title"].as_str())
                        .unwrap_or_default()
                        .to_owned(),
                    reply_markup: p["reply_markup"].clone(),
                    edits: 0,
                };
                let mut v = self.bot_message_json(chat, id, &m);
                if let Some(o) = v.as_object_mut() {
                    o.remove("text");
                    if method == "sendlocation" || method == "sendvenue" {
                        o.insert(
                            "location".into(),
                            json!({ "latitude": p["latitude"], "longitude": p["longitude"] }),
                        );
                    }
                    if method == "senddocument" {
                        o.insert(
                            "document".into(),
                            json!({ "file_id": "doc", "file_unique_id": "doc" }),
                        );
                    }
                    if method == "sendphoto" {
                        o.insert("photo".into(), json!([{ "file_id": "photo", "file_unique_id": "photo", "width": 1, "height": 1 }]));
                    }
                }
                self.messages.insert((chat, id), m);
                Ok(v)
            }
            "sendmediagroup" => {
                let chat = chat.ok_or_else(|| bad("chat not found"))?;
                // teloxide sends `media` as a JSON string inside multipart, or as JSON.
                let media = match &p["media"] {
                    Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
                    v => v.clone(),
                };
                let items = media.as_array().cloned().unwrap_or_default();
                if !(2..=10).contains(&items.len()) {
                    return Err(bad("wrong number of media in the album: 2 to 10"));
                }
                let mut sent = Vec::new();
                for item in &items {
                    let id = self.next_message_id(chat);
                    let m = StoredMessage {
                        text: item["caption"].as_str().unwrap_or_default().to_owned(),
                        reply_markup: Value::Null,
                        edits: 0,
                    };
                    let mut v = self.bot_message_json(chat, id, &m);
                    if let Some(o) = v.as_object_mut() {
                        o.remove("text");
                        o.insert("media_group_id".into(), json!(format!("album-{chat}-{id}")));
                        o.insert("photo".into(), json!([{ "file_id": item["media"], "file_unique_id": "photo", "width": 1, "height": 1 }]));
                    }
                    self.messages.insert((chat, id), m);
                    sent.push(v);
                }
                Ok(Value::Array(sent))
            }
            "getfile" => {
                let file_id = p["file_id"].as_str().unwrap_or_default();
                if !self.files.contains_key(file_id) {
                    return Err(bad("invalid file_id"));
                }
                Ok(
                    json!({ "file_id": file_id, "file_unique_id": file_id, "file_size": self.files[file_id].len(), "file_path": file_id }),
                )
            }
            _ => Err(error(StatusCode::NOT_FOUND, "Not Found", None)),
        }
    }

    /// Stores a file users can send; returns its file id (also its download path).
    pub fn add_file(&mut self, bytes: Vec<u8>) -> String {
        self.next_file += 1;
        let id = format!("file-{}", self.next_file);
        self.files.insert(id.clone(), bytes);
        id
    }
}

fn check_text(text: &str, parse_mode: Option<&str>) -> Result<(), String> {
    let len = match parse_mode {
        Some(m) if m.eq_ignore_ascii_case("html") => {
            telegram_html::validate(text).map_err(|e| format!("can't parse entities: {e}"))?
        }
        Some(other) => return Err(format!("unsupported parse_mode {other} in this fake")),
        None => text.encode_utf16().count(),
    };
    if text.trim().is_empty() || len == 0 {
        return Err("message text is empty".into());
    }
    if len > telegram_html::MAX_MESSAGE_LEN {
        return Err("message is too long".into());
    }
    Ok(())
}

fn check_markup(markup: &Value) -> Result<(), String> {
    if markup.is_null() {
        return Ok(());
    }
    if let Some(rows) = markup["inline_keyboard"].as_array() {
        for b in rows.iter().filter_map(Value::as_array).flatten() {
            if b["text"].as_str().is_none_or(str::is_empty) {
                return Err("inline keyboard button text is empty".into());
            }
            if let Some(d) = b["callback_data"].as_str()
                && (d.is_empty() || d.len() > 64)
            {
                return Err("BUTTON_DATA_INVALID".into());
            }
            let kinds = [
                "callback_data",
                "url",
                "switch_inline_query",
                "switch_inline_query_current_chat",
                "web_app",
                "login_url",
                "copy_text",
                "switch_inline_query_chosen_chat",
                "pay",
                "callback_game",
            ];
            if kinds.iter().filter(|k| !b[**k].is_null()).count() != 1 {
                return Err("inline keyboard button must have exactly one action".into());
            }
        }
    } else if let Some(rows) = markup["keyboard"].as_array() {
        for b in rows.iter().filter_map(Value::as_array).flatten() {
            let text = b["text"].as_str().or_else(|| b.as_str());
            if text.is_none_or(str::is_empty) {
                return Err("keyboard button text is empty".into());
            }
        }
    } else if markup["remove_keyboard"].as_bool() != Some(true)
        && markup["force_reply"].as_bool() != Some(true)
    {
        return Err("unsupported reply_markup".into());
    }
    Ok(())
}

/// Parses a `multipart/form-data` body: text fields as JSON values (or strings), files stored.
pub async fn parse_multipart(content_type: &str, body: &[u8]) -> Result<Value, String> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| e.to_string())?;
    let data = body.to_vec();
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes::Bytes::from(data)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut out = serde_json::Map::new();
    {
        while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field.bytes().await.map_err(|e| e.to_string())?;
            let value = match file_name {
                Some(f) => {
                    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                    json!({ "file_name": f, "size": bytes.len(), "content": String::from_utf8_lossy(&bytes), "hex": hex })
                }
                None => {
                    let s = String::from_utf8_lossy(&bytes).into_owned();
                    serde_json::from_str(&s).unwrap_or(Value::String(s))
                }
            };
            out.insert(name, value);
        }
    }
    // Files travel as separate parts, referenced by `attach://<part name>`.
    let refs: Vec<(String, String)> = out
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.strip_prefix("attach://")?.to_owned())))
        .collect();
    for (key, part) in refs {
        if let Some(file) = out.remove(&part) {
            out.insert(key, file);
        }
    }
    Ok(Value::Object(out))
}
