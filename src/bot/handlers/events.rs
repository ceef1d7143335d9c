//! Local events for residents: the list (filters and pages edited in place), event cards with
//! RSVP, reminders, calendar file and map pin, events near a shared location, deep links; and
//! for admins, importing the events CSV sent as a document.

use std::sync::Arc;

use teloxide::{
    net::Download,
    prelude::*,
    types::{
        Document, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Location, MessageId, WebAppInfo,
    },
};

use crate::{
    bot::{
        HandlerResult, Tg, UserCtx,
        callback::{Callback, EventAction, FilterField},
        keyboards::{self, back, button},
    },
    context::App,
    domain::{District, EventFilter, EventStatus, Lang, Period, Theme, event::Coordinates},
    services::events::{self as service, ImportError},
    storage::{Rsvp, StoredEvent, now},
    t,
    telegram_html::{MAX_MESSAGE_LEN, escape},
    ui::view::{View, show},
};

/// Events per page of the list.
const PAGE: u32 = 5;
/// How many events "near me" lists.
const NEAREST: usize = 5;
/// The largest events file accepted from a chat.
const MAX_UPLOAD: u32 = 5 * 1024 * 1024;
/// Characters of a title shown on a button.
const BUTTON_TITLE: usize = 48;

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

fn period_name(lang: Lang, p: Period) -> String {
    t!(lang, &format!("events-period-{}", p.code()))
}

/// A status mark before a title in lists ("❌ Cancelled · "), empty when scheduled.
fn status_mark(lang: Lang, status: EventStatus) -> String {
    match status {
        EventStatus::Scheduled => String::new(),
        EventStatus::Moved => format!("{} · ", t!(lang, "events-status-moved")),
        EventStatus::Cancelled => format!("{} · ", t!(lang, "events-status-cancelled")),
    }
}

/// Venue (or "online") and district, short, for list lines.
fn short_place(s: &StoredEvent, lang: Lang) -> String {
    let e = &s.event;
    let venue = if e.venue.is_empty() && !e.online_url.is_empty() {
        t!(lang, "events-online")
    } else {
        escape(&e.venue)
    };
    if venue.is_empty() {
        return e.district.name(lang).to_owned();
    }
    format!("{venue}, {}", e.district.name(lang))
}

fn open_button(lang: Lang, n: usize, s: &StoredEvent) -> Vec<InlineKeyboardButton> {
    vec![button(
        format!("{n}. {}", short(s.event.title(lang), BUTTON_TITLE)),
        &Callback::Event {
            id: s.row_id,
            action: EventAction::Open,
        },
    )]
}

/// A page of the events list.
async fn list_view(
    app: &App,
    lang: Lang,
    filter: EventFilter,
    page: u16,
) -> Result<View, crate::bot::HandlerError> {
    let offset = u32::from(page) * PAGE;
    let mut found = app.db.upcoming_events(&filter, now(), PAGE + 1, offset).await?;
    let has_next = found.len() > PAGE as usize;
    found.truncate(PAGE as usize);

    let district = filter
        .district
        .map_or_else(|| t!(lang, "events-all-districts"), |d| d.name(lang).to_owned());
    let theme = filter
        .theme
        .map_or_else(|| t!(lang, "events-all-themes"), |th| t!(lang, &th.name_key()));
    let mut text = format!(
        "{}\n<i>{}</i>\n",
        t!(lang, "events-title"),
        t!(
            lang,
            "events-filter-line",
            district = district,
            period = period_name(lang, filter.period),
            theme = theme
        )
    );
    let mut rows = Vec::new();
    if found.is_empty() {
        text.push('\n');
        text.push_str(&t!(lang, "events-empty"));
    }
    for (i, s) in found.iter().enumerate() {
        let n = offset as usize + i + 1;
        text.push('\n');
        text.push_str(&t!(
            lang,
            "events-list-line",
            n = n,
            mark = status_mark(lang, s.event.status),
            title = escape(s.event.title(lang)),
            when = service::date_time(s.event.starts_at),
            place = short_place(s, lang)
        ));
        text.push('\n');
        rows.push(open_button(lang, n, s));
    }
    let mut pager = Vec::new();
    if page > 0 {
        pager.push(button(
            t!(lang, "events-button-prev"),
            &Callback::Events {
                filter,
                page: page - 1,
            },
        ));
    }
    if has_next {
        pager.push(button(
            t!(lang, "events-button-next"),
            &Callback::Events {
                filter,
                page: page + 1,
            },
        ));
    }
    if !pager.is_empty() {
        rows.push(pager);
    }
    let choose = |field| Callback::EventsFilter { filter, field };
    rows.push(vec![
        button(t!(lang, "events-button-district"), &choose(FilterField::District)),
        button(t!(lang, "events-button-theme"), &choose(FilterField::Theme)),
        button(t!(lang, "events-button-period"), &choose(FilterField::Period)),
    ]);
    rows.push(vec![button(
        t!(lang, "events-button-near"),
        &Callback::EventsNear,
    )]);
    if let Some(w) = &app.config.webapp {
        // The Mini App opens on the same district the list shows.
        let mut url = w.url.clone();
        if let Some(d) = filter.district {
            url.query_pairs_mut().append_pair("district", d.id());
        }
        rows.push(vec![InlineKeyboardButton::web_app(
            t!(lang, "events-button-webapp"),
            WebAppInfo { url },
        )]);
    }
    Ok(View {
        text,
        markup: InlineKeyboardMarkup::new(rows),
    })
}

fn checked(label: String, on: bool) -> String {
    if on { format!("✓ {label}") } else { label }
}

/// Choosing one filter: every value, the current one ticked, and Back to the list.
fn filter_view(lang: Lang, filter: EventFilter, field: FilterField) -> View {
    let to = |filter: EventFilter| Callback::Events { filter, page: 0 };
    let (key, options): (&str, Vec<(String, EventFilter, bool)>) = match field {
        FilterField::District => (
            "events-choose-district",
            std::iter::once(None)
                .chain(District::all().map(Some))
                .map(|d| {
                    let label =
                        d.map_or_else(|| t!(lang, "events-all-districts"), |d| d.name(lang).to_owned());
                    (
                        label,
                        EventFilter {
                            district: d,
                            ..filter
                        },
                        filter.district == d,
                    )
                })
                .collect(),
        ),
        FilterField::Theme => (
            "events-choose-theme",
            std::iter::once(None)
                .chain(Theme::ALL.into_iter().map(Some))
                .map(|th| {
                    let label =
                        th.map_or_else(|| t!(lang, "events-all-themes"), |th| t!(lang, &th.name_key()));
                    (label, EventFilter { theme: th, ..filter }, filter.theme == th)
                })
                .collect(),
        ),
        FilterField::Period => (
            "events-choose-period",
            Period::ALL
                .into_iter()
                .map(|p| {
                    (
                        period_name(lang, p),
                        EventFilter { period: p, ..filter },
                        filter.period == p,
                    )
                })
                .collect(),
        ),
    };
    let per_row = if field == FilterField::Theme { 1 } else { 2 };
    let mut rows: Vec<Vec<InlineKeyboardButton>> = options
        .chunks(per_row)
        .map(|chunk| {
            chunk
                .iter()
                .map(|(label, f, on)| button(checked(label.clone(), *on), &to(*f)))
                .collect()
        })
        .collect();
    rows.push(vec![back(lang, &to(filter))]);
    View {
        text: t!(lang, key),
        markup: InlineKeyboardMarkup::new(rows),
    }
}

/// `/events` or the menu button: upcoming events in the resident's district (all if none).
pub async fn list(bot: Tg, app: Arc<App>, ctx: UserCtx) -> HandlerResult {
    let filter = EventFilter {
        district: ctx.user.district,
        ..EventFilter::default()
    };
    let view = list_view(&app, ctx.lang, filter, 0).await?;
    show::<crate::bot::HandlerError>(&bot, ctx.chat, None, view).await?;
    super::organisers::offer(&bot, &ctx).await
}

/// A list button (page, filter screen, filter value): the screen, in place.
pub async fn navigate(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    cb: Callback,
) -> HandlerResult {
    let view = match cb {
        Callback::Events { filter, page } => list_view(&app, ctx.lang, filter, page).await?,
        Callback::EventsFilter { filter, field } => filter_view(ctx.lang, filter, field),
        _ => return Ok(()),
    };
    show(&bot, ctx.chat, message, view).await
}

/// The card: what, when (local time), where, who, status, and the sign-up count.
fn card_text(s: &StoredEvent, lang: Lang, rsvp: Rsvp, going: i64, at: i64) -> String {
    let e = &s.event;
    let mut lines = vec![
        format!("<b>{}</b>", escape(e.title(lang))),
        t!(lang, &e.kind.name_key()),
    ];
    match e.status {
        EventStatus::Cancelled => lines.push(t!(lang, "event-card-cancelled")),
        EventStatus::Moved => lines.push(t!(lang, "event-card-moved")),
        EventStatus::Scheduled => {}
    }
    if e.ends_at <= at {
        lines.push(t!(lang, "event-card-over"));
    }
    lines.push(String::new());
    lines.push(t!(lang, "event-card-when", when = service::when(e)));
    lines.push(t!(lang, "event-card-where", place = service::place(e, lang)));
    if !e.online_url.is_empty() {
        lines.push(t!(lang, "event-card-online", link = service::link(&e.online_url)));
    }
    if !e.organizer.is_empty() {
        lines.push(t!(lang, "event-card-organizer", organizer = escape(&e.organizer)));
    }
    if !e.themes.is_empty() {
        let themes: Vec<String> = e.themes.iter().map(|th| t!(lang, &th.name_key())).collect();
        lines.push(themes.join(", "));
    }
    lines.push(match e.capacity {
        Some(c) => t!(lang, "event-card-capacity", count = going, capacity = c),
        None => t!(lang, "event-card-going", count = going),
    });
    if rsvp.remind && e.status != EventStatus::Cancelled && e.starts_at > at {
        lines.push(t!(lang, "event-card-reminders-on"));
    }
    lines.join("\n")
}

fn card_markup(s: &StoredEvent, lang: Lang, rsvp: Rsvp, going: i64, at: i64) -> InlineKeyboardMarkup {
    let e = &s.event;
    let act = |action| Callback::Event { id: s.row_id, action };
    let mut rows = Vec::new();
    let open = service::accepts_signups(e, at);
    if open {
        let going_key = if rsvp.going {
            "event-button-going-on"
        } else {
            "event-button-going"
        };
        let remind_key = if rsvp.remind {
            "event-button-remind-on"
        } else {
            "event-button-remind"
        };
        rows.push(vec![
            button(t!(lang, going_key, count = going), &act(EventAction::Going)),
            button(t!(lang, remind_key), &act(EventAction::Remind)),
        ]);
    }
    let mut more = Vec::new();
    if e.ends_at > at {
        more.push(button(
            t!(lang, "event-button-calendar"),
            &act(EventAction::Calendar),
        ));
    }
    if e.coordinates.is_some() {
        more.push(button(t!(lang, "event-button-map"), &act(EventAction::Map)));
    }
    if !more.is_empty() {
        rows.push(more);
    }
    if open
        && !e.online_url.is_empty()
        && let Ok(url) = e.online_url.parse()
    {
        rows.push(vec![InlineKeyboardButton::url(
            t!(lang, "event-button-online"),
            url,
        )]);
    }
    InlineKeyboardMarkup::new(rows)
}

async fn card_view(app: &App, ctx: &UserCtx, s: &StoredEvent) -> Result<View, crate::bot::HandlerError> {
    let rsvp = app.db.rsvp(s.row_id, ctx.id()).await?;
    let going = app.db.going_count(s.row_id).await?;
    let at = now();
    Ok(View {
        text: card_text(s, ctx.lang, rsvp, going, at),
        markup: card_markup(s, ctx.lang, rsvp, going, at),
    })
}

async fn not_found(bot: &Tg, ctx: &UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "event-not-found"))
        .await?;
    Ok(())
}

/// A deep link `ev_<id>` (or the older `event_<id>`): the card.
pub async fn open_by_external_id(bot: &Tg, app: &App, ctx: &UserCtx, id: &str) -> HandlerResult {
    let Some(s) = app.db.event_by_external_id(id).await? else {
        log::info!("deep link to unknown event {id:?} from user {}", ctx.id());
        return not_found(bot, ctx).await;
    };
    let view = card_view(app, ctx, &s).await?;
    show(bot, ctx.chat, None, view).await
}

/// A button of a card (or a list entry).
pub async fn card_action(
    bot: Tg,
    app: Arc<App>,
    ctx: UserCtx,
    message: Option<MessageId>,
    (id, action): (i64, EventAction),
) -> HandlerResult {
    let Some(s) = app.db.event(id).await? else {
        return not_found(&bot, &ctx).await;
    };
    let e = &s.event;
    let at = now();
    let accepts_signups = service::accepts_signups(e, at);
    match action {
        EventAction::Open => {
            let view = card_view(&app, &ctx, &s).await?;
            return show(&bot, ctx.chat, None, view).await;
        }
        // A stale button of a cancelled or past event changes nothing: the card shows why.
        EventAction::Going => match service::set_coming(&app.db, &s, ctx.id(), |old| !old.going, at).await {
            Ok(_) | Err(service::RsvpError::Closed) => {}
            Err(service::RsvpError::Storage(e)) => return Err(e.into()),
        },
        EventAction::Remind if accepts_signups => {
            let old = app.db.rsvp(id, ctx.id()).await?;
            let new = Rsvp {
                remind: !old.remind,
                ..old
            };
            app.db.set_rsvp(id, ctx.id(), new, at).await?;
            log::info!("user {} set {new:?} for event {}", ctx.id(), e.id);
        }
        EventAction::Remind => {}
        EventAction::Calendar => {
            let file = InputFile::memory(service::ics(e, ctx.lang, at).into_bytes())
                .file_name(service::ics_file_name(e));
            bot.send_document(ctx.chat, file)
                .caption(t!(
                    ctx.lang,
                    "event-ics-caption",
                    title = escape(e.title(ctx.lang))
                ))
                .await?;
            return Ok(());
        }
        EventAction::Map => {
            let Some(c) = e.coordinates else {
                return Ok(());
            };
            let title = if e.venue.is_empty() {
                e.title(ctx.lang).to_owned()
            } else {
                e.venue.clone()
            };
            let address = if e.address.is_empty() {
                e.district.name(ctx.lang).to_owned()
            } else {
                format!("{}, {}", e.address, e.district.name(ctx.lang))
            };
            bot.send_venue(ctx.chat, c.lat, c.lon, title, address).await?;
            return Ok(());
        }
    }
    let view = card_view(&app, &ctx, &s).await?;
    show(&bot, ctx.chat, message, view).await
}

/// "Events near me": the reply keyboard with the location button.
pub async fn ask_location(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "events-near-ask"))
        .reply_markup(keyboards::events_near(ctx.lang))
        .await?;
    Ok(())
}

/// The location button's label arrived as text (a client that cannot share location).
pub async fn near_button_as_text(bot: Tg, ctx: UserCtx) -> HandlerResult {
    bot.send_message(ctx.chat, t!(ctx.lang, "events-near-hint"))
        .await?;
    Ok(())
}

/// `1,2 км` / `15 км`: one decimal below 10 km, whole kilometres above.
fn distance(lang: Lang, km: f64) -> String {
    let n = if km < 10.0 {
        format!("{km:.1}").replace('.', ",")
    } else {
        format!("{km:.0}")
    };
    t!(lang, "events-distance", km = n)
}

/// A location shared outside any flow: the nearest upcoming events with distances.
pub async fn nearest(bot: Tg, app: Arc<App>, ctx: UserCtx, location: Location) -> HandlerResult {
    let here = Coordinates {
        lat: location.latitude,
        lon: location.longitude,
    };
    let mut places: Vec<(f64, i64)> = app
        .db
        .upcoming_event_places(now())
        .await?
        .into_iter()
        .map(|(id, c)| (here.distance_km(c), id))
        .collect();
    // Nearest first; equally near, the sooner (lower row ids come from earlier imports).
    places.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    places.truncate(NEAREST);
    let mut found = Vec::new();
    for (km, id) in places {
        if let Some(s) = app.db.event(id).await? {
            found.push((km, s));
        }
    }
    if found.is_empty() {
        bot.send_message(ctx.chat, t!(ctx.lang, "events-near-none"))
            .await?;
        return Ok(());
    }
    let lang = ctx.lang;
    let mut text = t!(lang, "events-near-title");
    text.push('\n');
    let mut rows = Vec::new();
    for (i, (km, s)) in found.iter().enumerate() {
        text.push('\n');
        text.push_str(&t!(
            lang,
            "events-near-line",
            n = i + 1,
            mark = status_mark(lang, s.event.status),
            title = escape(s.event.title(lang)),
            distance = distance(lang, *km),
            when = service::date_time(s.event.starts_at),
            place = short_place(s, lang)
        ));
        text.push('\n');
        rows.push(open_button(lang, i + 1, s));
    }
    bot.send_message(ctx.chat, text)
        .reply_markup(InlineKeyboardMarkup::new(rows))
        .await?;
    Ok(())
}

/// An admin sent a document: import it as the events CSV, all or nothing.
pub async fn upload(bot: Tg, app: Arc<App>, ctx: UserCtx, doc: Document) -> HandlerResult {
    let name = doc.file_name.clone().unwrap_or_else(|| "events.csv".to_owned());
    let is_csv = name.to_lowercase().ends_with(".csv")
        || doc
            .mime_type
            .as_ref()
            .is_some_and(|m| m.essence_str() == "text/csv");
    if !is_csv {
        bot.send_message(ctx.chat, t!(ctx.lang, "events-import-not-csv"))
            .await?;
        return Ok(());
    }
    if doc.file.size > MAX_UPLOAD {
        bot.send_message(ctx.chat, t!(ctx.lang, "events-import-too-big"))
            .await?;
        return Ok(());
    }
    let file = bot.get_file(doc.file.id.clone()).await?;
    let mut bytes = Vec::new();
    bot.inner().download_file(&file.path, &mut bytes).await?;
    match service::import(&app.db, &bytes, now()).await {
        Ok(summary) => {
            log::info!("admin {} imported events from {name}: {summary:?}", ctx.id());
            let detail = format!(
                "{name}: {} added, {} updated, {} unchanged",
                summary.added, summary.updated, summary.unchanged
            );
            app.db.audit(ctx.id(), "events_import", &detail).await?;
            bot.send_message(
                ctx.chat,
                t!(
                    ctx.lang,
                    "events-import-done",
                    added = summary.added,
                    updated = summary.updated,
                    unchanged = summary.unchanged,
                    notices = summary.notices
                ),
            )
            .await?;
        }
        Err(ImportError::Invalid(errors)) => {
            log::info!("admin {} sent {name} with {} problems", ctx.id(), errors.len());
            let lines: Vec<String> = errors.iter().map(|e| format!("{name}:{e}")).collect();
            let head = t!(ctx.lang, "events-import-failed", count = errors.len());
            let mut text = format!("{head}\n");
            let mut shown = 0;
            for line in &lines {
                let line = format!("\n{}", escape(line));
                // Leave room for the "…and N more" line.
                if text.len() + line.len() > MAX_MESSAGE_LEN - 200 {
                    break;
                }
                text.push_str(&line);
                shown += 1;
            }
            if shown < lines.len() {
                text.push_str("\n\n");
                text.push_str(&t!(
                    ctx.lang,
                    "events-import-failed-more",
                    count = lines.len() - shown
                ));
            }
            bot.send_message(ctx.chat, text).await?;
            if shown < lines.len() {
                let all = InputFile::memory(lines.join("\n").into_bytes()).file_name("errors.txt");
                bot.send_document(ctx.chat, all).await?;
            }
        }
        Err(ImportError::Storage(e)) => return Err(e.into()),
    }
    Ok(())
}
