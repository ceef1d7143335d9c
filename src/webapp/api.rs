//! The Mini App's JSON API. Each call is authorised by the `Authorization: tma <initData>`
//! header and acts for the user Telegram signed; without it, or with a forged or stale one, the
//! answer is 401 and nothing is read or changed. Times come out already in the region's zone
//! (dates, hours, the card's "when"), so the page never guesses a time zone.

use std::{collections::HashMap, sync::Arc};

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};

use crate::{
    context::App,
    domain::{District, EventFilter, Lang, Period, Theme, event, region},
    services::events::{self as service, RsvpError},
    storage::{NewMessage, OutboxKind, Rsvp, StorageError, StoredEvent, now},
    t,
    telegram_html::escape,
};

use super::init_data::{self, WebAppUser};

/// The most events one list returns (a region's season is a few hundred).
const LIST_LIMIT: u32 = 2000;

/// The page's own texts, from the locale files (the page has no texts of its own).
const TEXTS: &[&str] = &[
    "webapp-title",
    "webapp-tab-list",
    "webapp-tab-map",
    "webapp-tab-calendar",
    "webapp-filter-district",
    "webapp-filter-theme",
    "webapp-filter-from",
    "webapp-filter-to",
    "webapp-filter-reset",
    "webapp-all-districts",
    "webapp-all-themes",
    "webapp-near-me",
    "webapp-near-on",
    "webapp-near-denied",
    "webapp-found",
    "webapp-empty",
    "webapp-going",
    "webapp-not-going",
    "webapp-going-yes",
    "webapp-rsvp-sent",
    "webapp-closed",
    "webapp-calendar-add",
    "webapp-share",
    "webapp-share-copied",
    "webapp-back",
    "webapp-online",
    "webapp-when",
    "webapp-place",
    "webapp-organizer",
    "webapp-themes",
    "webapp-going-count",
    "webapp-cancelled",
    "webapp-moved",
    "webapp-error-auth",
    "webapp-error-network",
    "webapp-error-closed",
    "webapp-retry",
    "webapp-prev-month",
    "webapp-next-month",
    "webapp-weekdays",
    "webapp-months",
    "webapp-day-events",
    "webapp-time-note",
    "webapp-map-label",
    "webapp-no-venue",
    "webapp-km",
    "webapp-details",
];

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/app/api/me", get(me))
        .route("/app/api/events", get(list))
        .route("/app/api/events/{id}", get(one))
        .route("/app/api/events/{id}/rsvp", post(rsvp))
        .with_state(app)
}

/// An API refusal: a status and a line the page can show.
struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<StorageError> for Refusal {
    fn from(e: StorageError) -> Self {
        log::error!("atazan::webapp: storage failed: {e}");
        Self(StatusCode::SERVICE_UNAVAILABLE, "database unavailable".into())
    }
}

/// The caller, as Telegram signed them, with their language and whether the bot knows them.
struct Caller {
    user: WebAppUser,
    lang: Lang,
    known: bool,
}

/// Reads and checks `Authorization: tma <initData>`.
async fn caller(app: &App, headers: &HeaderMap) -> Result<Caller, Refusal> {
    let token = app
        .config
        .token
        .as_ref()
        .ok_or_else(|| Refusal(StatusCode::SERVICE_UNAVAILABLE, "no bot token".into()))?;
    let data = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("tma "))
        .unwrap_or("");
    let user = init_data::validate(data, token.expose(), now()).map_err(|e| {
        log::info!("atazan::webapp: refused a call: {e}");
        Refusal(StatusCode::UNAUTHORIZED, e.to_string())
    })?;
    // The language chosen in the bot wins; Telegram's language for someone the bot never met.
    let stored = app.db.user(user.id).await?;
    let known = stored.is_some();
    let lang = stored
        .and_then(|u| u.lang)
        .or_else(|| Lang::from_telegram(user.language_code.as_deref()))
        .unwrap_or(Lang::Ru);
    Ok(Caller { user, lang, known })
}

#[derive(Serialize)]
struct Named {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct DistrictOut {
    id: String,
    name: String,
    /// `[lat_min, lon_min, lat_max, lon_max]` when the region file gives an outline.
    #[serde(rename = "box")]
    outline: Option<[f64; 4]>,
}

/// Who the caller is, the page's texts in their language, and the vocabularies.
async fn me(State(app): State<Arc<App>>, headers: HeaderMap) -> Result<Response, Refusal> {
    let c = caller(&app, &headers).await?;
    let lang = c.lang;
    let texts: HashMap<&str, String> = TEXTS.iter().map(|k| (*k, crate::i18n::t(lang, k))).collect();
    let r = region::current();
    let districts: Vec<DistrictOut> = r
        .districts()
        .iter()
        .map(|d| DistrictOut {
            id: d.id.clone(),
            name: d.names.get(lang).to_owned(),
            outline: d.outline.map(|b| [b.lat_min, b.lon_min, b.lat_max, b.lon_max]),
        })
        .collect();
    let themes: Vec<Named> = Theme::ALL
        .iter()
        .map(|th| Named {
            id: th.id().to_owned(),
            name: crate::i18n::t(lang, &th.name_key()),
        })
        .collect();
    let tiles = app
        .config
        .webapp
        .as_ref()
        .and_then(|w| w.tiles.as_ref())
        .map(|t| serde_json::json!({ "url": t.url, "attribution": t.attribution }));
    let b = r.bounds;
    Ok(Json(serde_json::json!({
        "user": { "id": c.user.id, "first_name": c.user.first_name },
        "lang": lang.code(),
        "texts": texts,
        "districts": districts,
        "themes": themes,
        "region": {
            "name": r.name.get(lang),
            "bounds": [b.lat_min, b.lon_min, b.lat_max, b.lon_max],
            "today": event::local_date(now()).to_string(),
        },
        "tiles": tiles,
        "bot": app.bot_username(),
    }))
    .into_response())
}

/// One event as the page shows it.
#[derive(Serialize)]
struct EventOut {
    id: String,
    title: String,
    kind: String,
    /// Local date of the start (`2026-12-15`), for the calendar.
    date: String,
    /// Local date of the end (differs for an evening that runs past midnight).
    end_date: String,
    /// `18:00–20:00`.
    time: String,
    /// `15.12.2026, 18:00–20:00`.
    when: String,
    starts_at: i64,
    ends_at: i64,
    district: Named,
    venue: String,
    address: String,
    lat: Option<f64>,
    lon: Option<f64>,
    online_url: String,
    organizer: String,
    themes: Vec<Named>,
    capacity: Option<u32>,
    status: &'static str,
    going_count: i64,
    going: bool,
    remind: bool,
    /// Whether sign-ups are open (not cancelled, not over).
    open: bool,
    /// The deep link that opens the event in the bot.
    share_url: String,
    /// The calendar file for this caller, a link valid for a few minutes (Telegram's client
    /// downloads it without the page's headers).
    ics_url: String,
}

/// The names of themes and kinds in one language, looked up once per request (a list of 700
/// events names them 1,400 times).
struct Vocabulary {
    lang: Lang,
    /// The caller (their file links).
    user: i64,
    themes: HashMap<Theme, String>,
    kinds: HashMap<&'static str, String>,
}

impl Vocabulary {
    fn new(lang: Lang, user: i64) -> Self {
        Self {
            lang,
            user,
            themes: Theme::ALL
                .iter()
                .map(|th| (*th, crate::i18n::t(lang, &th.name_key())))
                .collect(),
            kinds: HashMap::new(),
        }
    }

    fn kind(&mut self, kind: crate::domain::EventKind) -> String {
        let lang = self.lang;
        self.kinds
            .entry(kind.id())
            .or_insert_with(|| crate::i18n::t(lang, &kind.name_key()))
            .clone()
    }
}

fn event_out(
    app: &App,
    s: &StoredEvent,
    words: &mut Vocabulary,
    rsvp: Rsvp,
    going_count: i64,
    at: i64,
) -> EventOut {
    let lang = words.lang;
    let e = &s.event;
    let (start, end) = (event::local(e.starts_at), event::local(e.ends_at));
    EventOut {
        id: e.id.clone(),
        title: e.title(lang).to_owned(),
        kind: words.kind(e.kind),
        date: start.date_naive().to_string(),
        end_date: end.date_naive().to_string(),
        time: format!("{}–{}", start.format("%H:%M"), end.format("%H:%M")),
        when: service::when(e),
        starts_at: e.starts_at,
        ends_at: e.ends_at,
        district: Named {
            id: e.district.id().to_owned(),
            name: e.district.name(lang).to_owned(),
        },
        venue: e.venue.clone(),
        address: e.address.clone(),
        lat: e.coordinates.map(|c| c.lat),
        lon: e.coordinates.map(|c| c.lon),
        online_url: e.online_url.clone(),
        organizer: e.organizer.clone(),
        themes: e
            .themes
            .iter()
            .map(|th| Named {
                id: th.id().to_owned(),
                name: words.themes.get(th).cloned().unwrap_or_default(),
            })
            .collect(),
        capacity: e.capacity,
        status: e.status.id(),
        going_count,
        going: rsvp.going,
        remind: rsvp.remind,
        open: service::accepts_signups(e, at),
        share_url: format!("https://t.me/{}?start=ev_{}", app.bot_username(), e.id),
        ics_url: format!(
            "api/events/{}.ics?link={}",
            e.id,
            app.config.token.as_ref().map_or_else(String::new, |t| {
                init_data::file_link(t.expose(), &e.id, words.user, at + init_data::FILE_LINK_SECS)
            })
        ),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    district: Option<String>,
    theme: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// Local midnight starting `date` (`YYYY-MM-DD`).
fn local_midnight(date: &str, what: &str) -> Result<i64, Refusal> {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| event::parse_local_time(&format!("{d} 00:00")))
        .ok_or_else(|| {
            Refusal(
                StatusCode::BAD_REQUEST,
                format!("{what}: expected a date like 2026-12-15"),
            )
        })
}

/// Events not over (or, with `from`, starting from that day on), filtered, soonest first.
async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let c = caller(&app, &headers).await?;
    let present = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let district = present(&q.district)
        .map(|d| d.parse::<District>())
        .transpose()
        .map_err(|e| Refusal(StatusCode::BAD_REQUEST, e.to_string()))?;
    let theme = present(&q.theme)
        .map(|th| th.parse::<Theme>())
        .transpose()
        .map_err(|e| Refusal(StatusCode::BAD_REQUEST, e.to_string()))?;
    let at = now();
    let from = present(&q.from).map(|d| local_midnight(&d, "from")).transpose()?;
    let to = present(&q.to)
        .map(|d| local_midnight(&d, "to").map(|t| t + 24 * 3600))
        .transpose()?;
    let filter = EventFilter {
        district,
        theme,
        period: Period::All,
    };
    let events = app
        .db
        .upcoming_events(&filter, from.unwrap_or(at), LIST_LIMIT, 0)
        .await?;
    let mine: HashMap<i64, Rsvp> = app.db.rsvps_of(c.user.id).await?.into_iter().collect();
    let going: HashMap<i64, i64> = app.db.going_counts().await?.into_iter().collect();
    let mut words = Vocabulary::new(c.lang, c.user.id);
    let out: Vec<EventOut> = events
        .iter()
        // A day's events are those that start on it (as the calendar shows them), not an
        // evening of the day before that runs past midnight.
        .filter(|s| from.is_none_or(|from| s.event.starts_at >= from))
        .filter(|s| to.is_none_or(|to| s.event.starts_at < to))
        .map(|s| {
            let rsvp = mine.get(&s.row_id).copied().unwrap_or_default();
            event_out(
                &app,
                s,
                &mut words,
                rsvp,
                going.get(&s.row_id).copied().unwrap_or(0),
                at,
            )
        })
        .collect();
    Ok(Json(serde_json::json!({ "events": out })).into_response())
}

async fn find(app: &App, id: &str) -> Result<StoredEvent, Refusal> {
    let valid = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let found = if valid {
        app.db.event_by_external_id(id).await?
    } else {
        None
    };
    found.ok_or_else(|| Refusal(StatusCode::NOT_FOUND, "no such event".into()))
}

#[derive(Deserialize)]
struct FileQuery {
    link: Option<String>,
}

/// One event (`…/{id}`), or its calendar file (`…/{id}.ics`, also by a file link).
async fn one(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(file): Query<FileQuery>,
) -> Result<Response, Refusal> {
    let at = now();
    if let (Some(event), Some(link)) = (id.strip_suffix(".ics"), file.link.as_deref())
        && !headers.contains_key(header::AUTHORIZATION)
    {
        let token = app
            .config
            .token
            .as_ref()
            .map(|t| t.expose().to_owned())
            .unwrap_or_default();
        let user = init_data::check_file_link(&token, event, link, at).ok_or_else(|| {
            Refusal(
                StatusCode::UNAUTHORIZED,
                "the file link is wrong or expired".into(),
            )
        })?;
        let lang = app.db.user(user).await?.and_then(|u| u.lang).unwrap_or(Lang::Ru);
        let s = find(&app, event).await?;
        return Ok(ics_response(&s, lang, at));
    }
    let c = caller(&app, &headers).await?;
    if let Some(id) = id.strip_suffix(".ics") {
        let s = find(&app, id).await?;
        return Ok(ics_response(&s, c.lang, at));
    }
    let s = find(&app, &id).await?;
    let rsvp = app.db.rsvp(s.row_id, c.user.id).await?;
    one_event(&app, &s, &c, rsvp, at).await
}

/// One event for the caller, with its sign-up `rsvp` and how many are coming.
async fn one_event(app: &App, s: &StoredEvent, c: &Caller, rsvp: Rsvp, at: i64) -> Result<Response, Refusal> {
    let going = app.db.going_count(s.row_id).await?;
    let mut words = Vocabulary::new(c.lang, c.user.id);
    Ok(Json(event_out(app, s, &mut words, rsvp, going, at)).into_response())
}

fn ics_response(s: &StoredEvent, lang: Lang, at: i64) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", service::ics_file_name(&s.event)),
            ),
        ],
        service::ics(&s.event, lang, at),
    )
        .into_response()
}

#[derive(Deserialize)]
struct RsvpBody {
    going: bool,
}

/// "Я приду" / cancel: the chat's rule ([`service::set_coming`]); the confirmation goes to the
/// resident's chat through the outbox.
async fn rsvp(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<RsvpBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Refusal> {
    let c = caller(&app, &headers).await?;
    let Json(body) = body.map_err(|e| Refusal(e.status(), e.body_text()))?;
    let s = find(&app, &id).await?;
    let at = now();
    // Someone who opened the app by a link without ever writing to the bot becomes a user
    // when they sign up (their language from Telegram), so /mydata and /forget cover it.
    if !c.known {
        app.db.touch_user(c.user.id).await?;
        app.db.set_lang(c.user.id, c.lang).await?;
    }
    let (old, new) = match service::set_coming(&app.db, &s, c.user.id, |_| body.going, at).await {
        Ok(change) => change,
        Err(RsvpError::Closed) => {
            return Err(Refusal(
                StatusCode::CONFLICT,
                crate::i18n::t(c.lang, "webapp-error-closed"),
            ));
        }
        Err(RsvpError::Storage(e)) => return Err(e.into()),
    };
    if new.going != old.going {
        let e = &s.event;
        let text = if new.going {
            t!(
                c.lang,
                "webapp-rsvp-confirmed",
                title = escape(e.title(c.lang)),
                when = service::when(e),
                place = service::place(e, c.lang)
            )
        } else {
            t!(
                c.lang,
                "webapp-rsvp-withdrawn",
                title = escape(e.title(c.lang)),
                when = service::when(e)
            )
        };
        app.db
            .enqueue(&NewMessage::new(OutboxKind::StaffNote, c.user.id, text))
            .await?;
        app.outbox.wake();
    }
    one_event(&app, &s, &c, new, at).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_text_exists_in_both_languages() {
        for key in TEXTS {
            for lang in [Lang::Ru, Lang::Kk] {
                let text = crate::i18n::t(lang, key);
                assert_ne!(text, *key, "{key} is missing in {lang}");
            }
        }
    }
}
