//! Events, RSVPs, reminders (a schedule: a due reminder becomes an outbox message) and the
//! notices of moved or cancelled events (outbox messages).
//!
//! An import is one transaction: events upserted by external id, and for every change residents
//! must hear about, the notices (outbox rows) and the rescheduled reminders, so a crash leaves
//! either the old list or the new one with its notices, never half of each.

use std::collections::HashMap;

use super::{
    Db, Lock, StorageError, Tx, now,
    outbox::{NewMessage, OutboxKind, enqueue},
    sql,
};
use crate::domain::{
    District, Event, EventChange, EventFilter, EventKind, EventStatus, Lang, ReminderKind, Theme,
    event::{Coordinates, MAX_DURATION_SECS},
};

/// An event as stored: the database row id (used in buttons) and the event.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub row_id: i64,
    pub event: Event,
}

struct RawEvent {
    id: i64,
    external_id: String,
    title_ru: String,
    title_kk: String,
    kind: String,
    starts_at: i64,
    ends_at: i64,
    district: String,
    venue: String,
    address: String,
    lat: Option<f64>,
    lon: Option<f64>,
    online_url: String,
    organizer: String,
    themes: String,
    capacity: Option<i64>,
    status: String,
}

impl From<RawEvent> for StoredEvent {
    fn from(r: RawEvent) -> Self {
        // The table's CHECK constraints keep these parseable; a fallback beats a panic.
        let warn = |what: &str, value: &str| {
            log::warn!(
                "atazan::storage::events: event {} has a bad {what} `{value}`",
                r.id
            );
        };
        let kind = r.kind.parse().unwrap_or_else(|_| {
            warn("kind", &r.kind);
            EventKind::Meeting
        });
        let district = r.district.parse().unwrap_or_else(|_| {
            warn("district", &r.district);
            District::main_city()
        });
        let status = r.status.parse().unwrap_or_else(|_| {
            warn("status", &r.status);
            EventStatus::Scheduled
        });
        let themes = r
            .themes
            .split('|')
            .filter(|t| !t.is_empty())
            .filter_map(|t| t.parse::<Theme>().ok())
            .collect();
        Self {
            row_id: r.id,
            event: Event {
                id: r.external_id,
                title_ru: r.title_ru,
                title_kk: r.title_kk,
                kind,
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                district,
                venue: r.venue,
                address: r.address,
                coordinates: r.lat.zip(r.lon).map(|(lat, lon)| Coordinates { lat, lon }),
                online_url: r.online_url,
                organizer: r.organizer,
                themes,
                capacity: r.capacity.and_then(|c| u32::try_from(c).ok()),
                status,
            },
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Notices queued for residents who signed up for moved or cancelled events.
    pub notices: usize,
}

/// A resident's sign-up for one event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rsvp {
    pub going: bool,
    pub remind: bool,
}

/// A reminder whose time has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReminder {
    pub id: i64,
    pub event_row_id: i64,
    pub chat_id: i64,
    pub kind: ReminderKind,
}

/// Why a due reminder was not written to the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// The event was cancelled, has started or is gone, or the resident is.
    NoLongerApplies,
    /// The resident blocked the bot.
    Blocked,
}

impl Db {
    /// Every event, soonest first (for export).
    pub async fn all_events(&self) -> Result<Vec<StoredEvent>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query_as!(
            RawEvent,
            r#"SELECT id AS "id!", external_id, title_ru, title_kk, kind, starts_at, ends_at, district,
                      venue, address, lat, lon, online_url, organizer, themes, capacity, status
               FROM events ORDER BY starts_at, external_id"#
        ))?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// One event by its row id.
    pub async fn event(&self, row_id: i64) -> Result<Option<StoredEvent>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query_as!(
            RawEvent,
            r#"SELECT id AS "id!", external_id, title_ru, title_kk, kind, starts_at, ends_at, district,
                      venue, address, lat, lon, online_url, organizer, themes, capacity, status
               FROM events WHERE id = $1"#,
            row_id
        ))?;
        Ok(row.map(Into::into))
    }

    /// A district's events over in the last `days` (not cancelled), newest first, each with the
    /// attendance recorded so far: what its organiser reports on.
    pub async fn events_to_report(
        &self,
        district: District,
        now: i64,
        days: i64,
    ) -> Result<Vec<(i64, String, String, i64, Option<i64>)>, StorageError> {
        let district = district.id();
        let since = now - days * 86_400;
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT id AS "id!", title_ru, title_kk, starts_at, attendance FROM events
               WHERE district = $1 AND status <> 'cancelled' AND ends_at <= $2 AND ends_at >= $3
               ORDER BY starts_at DESC LIMIT 20"#,
            district,
            now,
            since
        ) => |r| (r.id, r.title_ru, r.title_kk, r.starts_at, r.attendance))?;
        Ok(rows)
    }

    /// Records how many came to an event of `district` that is over, and a short note; whether
    /// it was recorded (not: another district's, cancelled, not over yet, or unknown).
    pub async fn record_attendance(
        &self,
        row_id: i64,
        district: District,
        attendance: i64,
        note: Option<&str>,
        now: i64,
    ) -> Result<bool, StorageError> {
        let district = district.id();
        let done = sql!((write self) => execute, query!(
            "UPDATE events SET attendance = $3, report_note = $4, reported_at = $5
             WHERE id = $1 AND district = $2 AND status <> 'cancelled' AND ends_at <= $5",
            row_id,
            district,
            attendance,
            note,
            now
        ))?;
        Ok(done.rows_affected() > 0)
    }

    /// One event by its external id (deep links).
    pub async fn event_by_external_id(&self, id: &str) -> Result<Option<StoredEvent>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query_as!(
            RawEvent,
            r#"SELECT id AS "id!", external_id, title_ru, title_kk, kind, starts_at, ends_at, district,
                      venue, address, lat, lon, online_url, organizer, themes, capacity, status
               FROM events WHERE external_id = $1"#,
            id
        ))?;
        Ok(row.map(Into::into))
    }

    /// Events not yet over at `now` that match `filter`, soonest first: `limit` of them after
    /// skipping `offset`. Cancelled and moved events are included (the card says so).
    pub async fn upcoming_events(
        &self,
        filter: &EventFilter,
        now: i64,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<StoredEvent>, StorageError> {
        // No event lasts longer than MAX_DURATION_SECS, so the index on starts_at skips the past.
        let since = now - MAX_DURATION_SECS;
        let theme = filter.theme.map(Theme::id);
        let until = filter.period.until(now);
        let (limit, offset) = (i64::from(limit), i64::from(offset));
        let district = filter.district.map(|d| d.id());
        let rows = sql!((pool self) => fetch_all, query_as!(
            RawEvent,
            r#"SELECT id AS "id!", external_id, title_ru, title_kk, kind, starts_at, ends_at,
                      district, venue, address, lat, lon, online_url, organizer, themes,
                      capacity, status
               FROM events
               WHERE (CAST($1 AS TEXT) IS NULL OR district = $1) AND starts_at > $2 AND ends_at > $3
                 AND (CAST($4 AS TEXT) IS NULL OR replace('|' || themes || '|', '|' || $4 || '|', '') <> '|' || themes || '|')
                 AND (CAST($5 AS BIGINT) IS NULL OR starts_at < $5)
               ORDER BY starts_at, id LIMIT $6 OFFSET $7"#,
            district,
            since,
            now,
            theme,
            until,
            limit,
            offset
        ))?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Where the events not yet over at `now` take place: (row id, coordinates), for "near me"
    /// (only the few nearest are then loaded whole).
    pub async fn upcoming_event_places(&self, now: i64) -> Result<Vec<(i64, Coordinates)>, StorageError> {
        let since = now - MAX_DURATION_SECS;
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT id AS "id!", lat AS "lat!", lon AS "lon!" FROM events
               WHERE starts_at > $1 AND ends_at > $2 AND lat IS NOT NULL AND lon IS NOT NULL"#,
            since,
            now
        ) => |r| (r.id, r.lat, r.lon))?;
        Ok(rows
            .into_iter()
            .map(|(id, lat, lon)| (id, Coordinates { lat, lon }))
            .collect())
    }

    /// Upserts `events` by external id in one transaction. For each change residents must hear
    /// about, queues `notice(event, change, their language)` for everyone signed up and
    /// reschedules their reminders.
    pub async fn import_events(
        &self,
        events: &[Event],
        now: i64,
        notice: &(dyn Fn(&Event, EventChange, Lang) -> String + Sync),
    ) -> Result<ImportSummary, StorageError> {
        let mut tx = self.write_tx(Lock::Events).await?;
        let existing: HashMap<String, StoredEvent> = sql!((tx &mut tx) => fetch_all, query_as!(
            RawEvent,
            r#"SELECT id AS "id!", external_id, title_ru, title_kk, kind, starts_at, ends_at, district,
                      venue, address, lat, lon, online_url, organizer, themes, capacity, status
               FROM events"#
        ))?
        .into_iter()
        .map(|r| {
            let s = StoredEvent::from(r);
            (s.event.id.clone(), s)
        })
        .collect();

        let mut summary = ImportSummary::default();
        for event in events {
            match existing.get(&event.id) {
                None => {
                    upsert_event(&mut tx, event, now).await?;
                    summary.added += 1;
                }
                Some(old) if old.event == *event => summary.unchanged += 1,
                Some(old) => {
                    upsert_event(&mut tx, event, now).await?;
                    summary.updated += 1;
                    let Some(change) = EventChange::between(&old.event, event) else {
                        continue;
                    };
                    summary.notices += queue_notices(&mut tx, old.row_id, event, change, now, notice).await?;
                    reschedule_reminders(&mut tx, old.row_id, event, change, now).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(summary)
    }

    /// The user's sign-up for an event (both off when none).
    pub async fn rsvp(&self, event_row_id: i64, user_id: i64) -> Result<Rsvp, StorageError> {
        let row = sql!((pool self) => fetch_optional, query!(
            r#"SELECT going AS "going: bool", remind AS "remind: bool" FROM rsvps
               WHERE event_id = $1 AND user_id = $2"#,
            event_row_id,
            user_id
        ) => |r| Rsvp {
            going: r.going,
            remind: r.remind,
        })?;
        Ok(row.unwrap_or_default())
    }

    /// How many residents said they are coming.
    pub async fn going_count(&self, event_row_id: i64) -> Result<i64, StorageError> {
        let n = sql!((pool self) => fetch_one, query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM rsvps WHERE event_id = $1 AND going = TRUE"#,
            event_row_id
        ))?;
        Ok(n)
    }

    /// Every sign-up of a user: (event row id, sign-up), for the Mini App's list.
    pub async fn rsvps_of(&self, user_id: i64) -> Result<Vec<(i64, Rsvp)>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT event_id AS "event_id!", going AS "going: bool", remind AS "remind: bool"
               FROM rsvps WHERE user_id = $1"#,
            user_id
        ) => |r| (r.event_id, Rsvp { going: r.going, remind: r.remind }))?;
        Ok(rows)
    }

    /// How many residents said they are coming, per event that has any.
    pub async fn going_counts(&self) -> Result<Vec<(i64, i64)>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            r#"SELECT event_id AS "event_id!", COUNT(*) AS "n!: i64" FROM rsvps
               WHERE going = TRUE GROUP BY event_id"#
        ) => |r| (r.event_id, r.n))?;
        Ok(rows)
    }

    /// Records the user's sign-up and schedules (or drops) their reminders, in one transaction.
    pub async fn set_rsvp(
        &self,
        event_row_id: i64,
        user_id: i64,
        rsvp: Rsvp,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.write_tx(Lock::User(user_id)).await?;
        if rsvp.going || rsvp.remind {
            sql!((tx &mut tx) => execute, query!(
                "INSERT INTO rsvps (event_id, user_id, going, remind, created_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (event_id, user_id) DO UPDATE SET going = excluded.going, remind = excluded.remind",
                event_row_id,
                user_id,
                rsvp.going,
                rsvp.remind,
                now
            ))?;
        } else {
            sql!((tx &mut tx) => execute, query!(
                "DELETE FROM rsvps WHERE event_id = $1 AND user_id = $2",
                event_row_id,
                user_id
            ))?;
        }
        if rsvp.remind {
            schedule_reminders(&mut tx, event_row_id, Some(user_id), now).await?;
        } else {
            sql!((tx &mut tx) => execute, query!(
                "DELETE FROM reminders WHERE event_id = $1 AND chat_id = $2 AND sent_at IS NULL",
                event_row_id,
                user_id
            ))?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A user's reminders still to send: (event row id, kind, due at), soonest first.
    pub async fn pending_reminders(
        &self,
        chat_id: i64,
    ) -> Result<Vec<(i64, ReminderKind, i64)>, StorageError> {
        let rows = sql!((pool self) => fetch_all, query!(
            "SELECT event_id, kind, due_at FROM reminders WHERE chat_id = $1 AND sent_at IS NULL
             ORDER BY due_at, id",
            chat_id
        ) => |r| (r.event_id, r.kind, r.due_at))?;
        Ok(rows
            .into_iter()
            .filter_map(|(event, kind, due)| Some((event, kind.parse().ok()?, due)))
            .collect())
    }

    /// The most overdue reminder not yet handled, if any is due at `now`.
    pub async fn next_due_reminder(&self, now: i64) -> Result<Option<DueReminder>, StorageError> {
        let row = sql!((pool self) => fetch_optional, query!(
            r#"SELECT id AS "id!", event_id, chat_id, kind FROM reminders
               WHERE sent_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT 1"#,
            now
        ) => |r| (r.id, r.event_id, r.chat_id, r.kind))?;
        Ok(row.and_then(|(id, event_row_id, chat_id, kind)| {
            let Ok(kind) = kind.parse() else {
                log::error!("atazan::storage: reminder {id} has unknown kind {kind}");
                return None;
            };
            Some(DueReminder {
                id,
                event_row_id,
                chat_id,
                kind,
            })
        }))
    }

    /// Marks a due reminder handled without sending it.
    pub async fn skip_reminder(&self, id: i64, why: Skipped, now: i64) -> Result<(), StorageError> {
        let outcome = match why {
            Skipped::NoLongerApplies => "skipped",
            Skipped::Blocked => "blocked",
        };
        sql!((write self) => execute, query!(
            "UPDATE reminders SET sent_at = $2, outcome = $3 WHERE id = $1",
            id,
            now,
            outcome
        ))?;
        Ok(())
    }

    /// Hands a due reminder to the outbox: marked handled and its message written, together.
    pub async fn queue_reminder(&self, id: i64, message: &NewMessage) -> Result<(), StorageError> {
        let t = now();
        let mut tx = self.write_tx(Lock::Reminder(id)).await?;
        let done = sql!((tx &mut tx) => execute, query!(
            "UPDATE reminders SET sent_at = $2, outcome = 'queued' WHERE id = $1 AND sent_at IS NULL",
            id,
            t
        ))?;
        if done.rows_affected() == 1 {
            enqueue(&mut tx, message).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Writes an event, new or changed, keyed by its external id.
async fn upsert_event(tx: &mut Tx, e: &Event, now: i64) -> Result<(), StorageError> {
    let (kind, district, status, themes) = (e.kind.id(), e.district.id(), e.status.id(), e.themes_text());
    let (lat, lon) = (e.coordinates.map(|c| c.lat), e.coordinates.map(|c| c.lon));
    let capacity = e.capacity.map(i64::from);
    sql!((tx &mut *tx) => execute, query!(
        "INSERT INTO events (external_id, title_ru, title_kk, kind, starts_at, ends_at, district, venue,
                             address, lat, lon, online_url, organizer, themes, capacity, status, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (external_id) DO UPDATE SET
             title_ru = excluded.title_ru, title_kk = excluded.title_kk, kind = excluded.kind,
             starts_at = excluded.starts_at, ends_at = excluded.ends_at, district = excluded.district,
             venue = excluded.venue, address = excluded.address, lat = excluded.lat, lon = excluded.lon,
             online_url = excluded.online_url, organizer = excluded.organizer, themes = excluded.themes,
             capacity = excluded.capacity, status = excluded.status, updated_at = excluded.updated_at",
        e.id,
        e.title_ru,
        e.title_kk,
        kind,
        e.starts_at,
        e.ends_at,
        district,
        e.venue,
        e.address,
        lat,
        lon,
        e.online_url,
        e.organizer,
        themes,
        capacity,
        status,
        now
    ))?;
    Ok(())
}

/// Queues a notice for everyone signed up for the event (and not blocking the bot).
async fn queue_notices(
    tx: &mut Tx,
    row_id: i64,
    event: &Event,
    change: EventChange,
    now: i64,
    notice: &(dyn Fn(&Event, EventChange, Lang) -> String + Sync),
) -> Result<usize, StorageError> {
    let people = sql!((tx &mut *tx) => fetch_all, query!(
        r#"SELECT u.id AS "id!", u.lang FROM rsvps r JOIN users u ON u.id = r.user_id
           WHERE r.event_id = $1 AND u.blocked = FALSE ORDER BY r.created_at, u.id"#,
        row_id
    ) => |p| (p.id, p.lang))?;
    for (id, lang) in &people {
        let lang = lang.as_deref().and_then(|l| l.parse().ok()).unwrap_or(Lang::Ru);
        let text = notice(event, change, lang);
        // A notice about an event is worth sending until the event is over.
        let message = NewMessage::new(OutboxKind::Notice, *id, text)
            .event(row_id)
            .expires_at(event.ends_at.max(now + 3600));
        enqueue(tx, &message).await?;
    }
    Ok(people.len())
}

/// After a change: a cancelled event reminds nobody; a new time means new reminders (even for
/// those already sent for the old time); a restored event gets its reminders back.
async fn reschedule_reminders(
    tx: &mut Tx,
    row_id: i64,
    event: &Event,
    change: EventChange,
    now: i64,
) -> Result<(), StorageError> {
    match change {
        EventChange::Cancelled => {
            sql!((tx &mut *tx) => execute, query!(
                "DELETE FROM reminders WHERE event_id = $1 AND sent_at IS NULL",
                row_id
            ))?;
            return Ok(());
        }
        EventChange::Moved { old_starts_at } if old_starts_at != event.starts_at => {
            sql!((tx &mut *tx) => execute, query!("DELETE FROM reminders WHERE event_id = $1", row_id))?;
        }
        EventChange::Moved { .. } | EventChange::Restored => {}
    }
    schedule_reminders(tx, row_id, None, now).await
}

/// Creates the reminders that still make sense for the event's sign-ups with reminders on
/// (one user's, or everyone's); existing ones are kept.
async fn schedule_reminders(
    tx: &mut Tx,
    row_id: i64,
    user_id: Option<i64>,
    now: i64,
) -> Result<(), StorageError> {
    let Some(starts_at) = sql!((tx &mut *tx) => fetch_optional, query_scalar!(
        "SELECT starts_at FROM events WHERE id = $1 AND status != 'cancelled'",
        row_id
    ))?
    else {
        return Ok(());
    };
    for kind in ReminderKind::ALL {
        if !kind.applies(starts_at, now) {
            continue;
        }
        let (id, due) = (kind.id(), starts_at - kind.lead_secs());
        sql!((tx &mut *tx) => execute, query!(
            "INSERT INTO reminders (event_id, chat_id, kind, due_at)
             SELECT event_id, user_id, $3, $4 FROM rsvps
             WHERE event_id = $1 AND remind = TRUE AND (CAST($2 AS BIGINT) IS NULL OR user_id = $2)
             ON CONFLICT DO NOTHING",
            row_id,
            user_id,
            id,
            due
        ))?;
    }
    Ok(())
}
