//! The events capability between the bot (or the CLI) and storage: import and export in the
//! operators' CSV format, the texts residents get about an event (card lines, reminders,
//! notices of a move or cancellation) and calendar files.
//!
//! No Telegram types here: the bot and the reminder worker both build on these.

use icalendar::{Calendar, Component, EventLike};

use crate::{
    domain::{
        Event, EventChange, EventStatus, Lang, ReminderKind,
        event::{self, RowError},
    },
    storage::{Db, ImportSummary, Rsvp, StorageError, StoredEvent},
    t,
    telegram_html::escape,
};

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has problems; nothing was imported.
    #[error("{} problems in the file; nothing was imported", .0.len())]
    Invalid(Vec<RowError>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Parses `bytes` and upserts every event, all or nothing. Residents signed up for events whose
/// time or status changed get a notice (queued in the outbox, in their language).
pub async fn import(db: &Db, bytes: &[u8], now: i64) -> Result<ImportSummary, ImportError> {
    let events = event::parse_csv(bytes).map_err(ImportError::Invalid)?;
    let summary = db.import_events(&events, now, &notice_text).await?;
    Ok(summary)
}

/// Every event in the import format.
pub async fn export(db: &Db) -> Result<Vec<u8>, StorageError> {
    let events: Vec<Event> = db.all_events().await?.into_iter().map(|s| s.event).collect();
    Ok(event::write_csv(&events))
}

/// A sign-up after the resident says whether they are coming: coming means reminders by
/// default, not coming means none; saying again what they said changes nothing. The chat's
/// "Я приду" button and the Mini App both go through it.
pub fn coming(old: Rsvp, going: bool) -> Rsvp {
    if old.going == going {
        old
    } else {
        Rsvp { going, remind: going }
    }
}

/// Why a sign-up was refused.
#[derive(Debug, thiserror::Error)]
pub enum RsvpError {
    /// Cancelled, or already over: the card says so.
    #[error("the event no longer takes sign-ups")]
    Closed,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Records whether `user` is coming to `s` at `now`, decided from their sign-up so far (the
/// chat's button toggles, the app says yes or no); returns the sign-up before and after.
pub async fn set_coming(
    db: &Db,
    s: &StoredEvent,
    user: i64,
    going: impl FnOnce(Rsvp) -> bool,
    now: i64,
) -> Result<(Rsvp, Rsvp), RsvpError> {
    if !accepts_signups(&s.event, now) {
        return Err(RsvpError::Closed);
    }
    let old = db.rsvp(s.row_id, user).await?;
    let new = coming(old, going(old));
    if new != old {
        db.set_rsvp(s.row_id, user, new, now).await?;
        log::info!("user {user} set {new:?} for event {}", s.event.id);
    }
    Ok((old, new))
}

/// Whether `e` still takes sign-ups at `now` (not cancelled, not over).
pub fn accepts_signups(e: &Event, now: i64) -> bool {
    e.status != EventStatus::Cancelled && e.ends_at > now
}

/// `15.12.2026, 18:00`.
pub fn date_time(unix: i64) -> String {
    event::local(unix).format("%d.%m.%Y, %H:%M").to_string()
}

/// When an event takes place, in local time: `15.12.2026, 18:00–20:00` (or both dates when
/// it spans days).
pub fn when(e: &Event) -> String {
    let (start, end) = (event::local(e.starts_at), event::local(e.ends_at));
    if start.date_naive() == end.date_naive() {
        format!("{}–{}", date_time(e.starts_at), end.format("%H:%M"))
    } else {
        format!("{} – {}", date_time(e.starts_at), date_time(e.ends_at))
    }
}

/// The start relative to `now`: "today, 18:00", "tomorrow, 18:00" or the date.
pub fn when_relative(starts_at: i64, now: i64, lang: Lang) -> String {
    let time = event::local(starts_at).format("%H:%M").to_string();
    let (day, today) = (event::local_date(starts_at), event::local_date(now));
    if day == today {
        t!(lang, "event-when-today", time = time)
    } else if Some(day) == today.succ_opt() {
        t!(lang, "event-when-tomorrow", time = time)
    } else {
        date_time(starts_at)
    }
}

/// Where: venue, address and district (escaped HTML), or "online".
pub fn place(e: &Event, lang: Lang) -> String {
    let parts: Vec<String> = [e.venue.as_str(), e.address.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(escape)
        .chain([e.district.name(lang).to_owned()])
        .collect();
    if e.venue.is_empty() && e.address.is_empty() && !e.online_url.is_empty() {
        return format!("{}, {}", t!(lang, "events-online"), e.district.name(lang));
    }
    parts.join(", ")
}

/// The notice for a resident signed up for `e` after `change` (Telegram HTML).
pub fn notice_text(e: &Event, change: EventChange, lang: Lang) -> String {
    let title = escape(e.title(lang));
    match change {
        EventChange::Moved { old_starts_at } => t!(
            lang,
            "event-notice-moved",
            title = title,
            old = date_time(old_starts_at),
            when = when(e),
            place = place(e, lang)
        ),
        EventChange::Cancelled => t!(lang, "event-notice-cancelled", title = title, when = when(e)),
        EventChange::Restored => t!(
            lang,
            "event-notice-restored",
            title = title,
            when = when(e),
            place = place(e, lang)
        ),
    }
}

/// The reminder sent `kind` before `e` starts (Telegram HTML).
pub fn reminder_text(e: &Event, kind: ReminderKind, lang: Lang, now: i64) -> String {
    let key = match kind {
        ReminderKind::DayBefore => "event-reminder-day",
        ReminderKind::TwoHoursBefore => "event-reminder-soon",
    };
    let mut text = t!(
        lang,
        key,
        title = escape(e.title(lang)),
        when = when_relative(e.starts_at, now, lang),
        place = place(e, lang)
    );
    if !e.online_url.is_empty() {
        text.push('\n');
        text.push_str(&t!(lang, "event-card-online", link = link(&e.online_url)));
    }
    text
}

/// An HTML link to `url` showing the URL itself.
pub fn link(url: &str) -> String {
    format!("<a href=\"{}\">{}</a>", escape(url), escape(url))
}

/// A calendar file (iCalendar) for one event: UTC times (`…Z`), which every phone calendar
/// imports at the right local time; a cancelled event is marked so.
pub fn ics(e: &Event, lang: Lang, now: i64) -> String {
    let mut ev = icalendar::Event::new();
    ev.uid(&format!("{}@atazan", e.id))
        .summary(e.title(lang))
        .starts(event::utc(e.starts_at))
        .ends(event::utc(e.ends_at))
        .timestamp(event::utc(now));
    let location: Vec<&str> = [e.venue.as_str(), e.address.as_str(), e.district.name(lang)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    ev.location(&location.join(", "));
    let mut description = Vec::new();
    if !e.organizer.is_empty() {
        description.push(format!("{}: {}", t!(lang, "event-organizer"), e.organizer));
    }
    if !e.online_url.is_empty() {
        description.push(e.online_url.clone());
        ev.url(&e.online_url);
    }
    if !description.is_empty() {
        ev.description(&description.join("\n"));
    }
    if let Some(c) = e.coordinates {
        ev.add_property("GEO", format!("{};{}", c.lat, c.lon));
    }
    ev.status(if e.status == EventStatus::Cancelled {
        icalendar::EventStatus::Cancelled
    } else {
        icalendar::EventStatus::Confirmed
    });
    let mut cal = Calendar::new();
    cal.name("Ата Заң").push(ev.done());
    cal.done().to_string()
}

/// The `.ics` file name of an event.
pub fn ics_file_name(e: &Event) -> String {
    format!("event-{}.ics", e.id)
}
