//! Local events: their vocabulary (kind, status, reminder kinds, listing filters), local time
//! ↔ UTC, distances, and the operators' CSV format (`../shared/interfaces.md`), parsed once
//! here into values that cannot be wrong, and written back in the same format.
//!
//! Parsing is all or nothing: every problem in a file is collected with its line number, and a
//! file with any problem yields no events.

use std::{collections::HashMap, fmt, str::FromStr};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::{District, Theme, UnknownValue, region_tz};

/// The kinds of events the coalition runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Meeting,
    RoundTable,
    PublicDiscussion,
    DialoguePlatform,
    Online,
}

impl EventKind {
    pub const ALL: [Self; 5] = [
        Self::Meeting,
        Self::RoundTable,
        Self::PublicDiscussion,
        Self::DialoguePlatform,
        Self::Online,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::Meeting => "meeting",
            Self::RoundTable => "round_table",
            Self::PublicDiscussion => "public_discussion",
            Self::DialoguePlatform => "dialogue_platform",
            Self::Online => "online",
        }
    }

    /// The locale key of the kind's name.
    pub fn name_key(self) -> String {
        format!("event-kind-{}", self.id().replace('_', "-"))
    }
}

impl FromStr for EventKind {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse_id(&Self::ALL, Self::id, "event kind", s)
    }
}

/// Whether an event takes place as planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EventStatus {
    #[default]
    Scheduled,
    Moved,
    Cancelled,
}

impl EventStatus {
    pub const ALL: [Self; 3] = [Self::Scheduled, Self::Moved, Self::Cancelled];

    pub fn id(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Moved => "moved",
            Self::Cancelled => "cancelled",
        }
    }
}

impl FromStr for EventStatus {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        super::parse_id(&Self::ALL, Self::id, "event status", s)
    }
}

/// When a reminder goes out before an event starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    DayBefore,
    TwoHoursBefore,
}

impl ReminderKind {
    pub const ALL: [Self; 2] = [Self::DayBefore, Self::TwoHoursBefore];

    pub fn id(self) -> &'static str {
        match self {
            Self::DayBefore => "24h",
            Self::TwoHoursBefore => "2h",
        }
    }

    /// Seconds before the start.
    pub fn lead_secs(self) -> i64 {
        match self {
            Self::DayBefore => 24 * 3600,
            Self::TwoHoursBefore => 2 * 3600,
        }
    }

    /// Whether this reminder is worth scheduling for an event starting at `starts_at`, seen at
    /// `now`: the day-before one only while it is still ahead; the last one while the event is
    /// (so a resident who signs up an hour before still gets the address once).
    pub fn applies(self, starts_at: i64, now: i64) -> bool {
        match self {
            Self::DayBefore => starts_at - self.lead_secs() > now,
            Self::TwoHoursBefore => starts_at > now,
        }
    }
}

impl FromStr for ReminderKind {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.id() == s.trim())
            .ok_or_else(|| UnknownValue::new("reminder kind", s))
    }
}

/// A point on Earth in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl Coordinates {
    /// Great-circle distance (haversine), in kilometres.
    pub fn distance_km(self, other: Self) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0;
        let (phi1, phi2) = (self.lat.to_radians(), other.lat.to_radians());
        let dphi = (other.lat - self.lat).to_radians();
        let dlambda = (other.lon - self.lon).to_radians();
        let a = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().atan2((1.0 - a).sqrt())
    }
}

/// The longest an event may last: longer is a typo (a wrong year or month in `ends_at`), and
/// the listing relies on it to skip past events quickly.
pub const MAX_DURATION_SECS: i64 = 7 * 24 * 3600;

/// What `ends_at` defaults to: two hours after the start.
pub const DEFAULT_DURATION_SECS: i64 = 2 * 3600;

/// Local wall time (the region's zone) of a UTC instant.
pub fn local(unix: i64) -> DateTime<chrono_tz::Tz> {
    DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .with_timezone(&region_tz())
}

/// `YYYY-MM-DD HH:MM` in local time: the CSV form.
pub fn format_local_csv(unix: i64) -> String {
    local(unix).format("%Y-%m-%d %H:%M").to_string()
}

/// Parses `YYYY-MM-DD HH:MM` or `DD.MM.YYYY HH:MM` as local time (the region's zone) into Unix seconds.
pub fn parse_local_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let naive = ["%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
        .into_iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())?;
    region_tz()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.timestamp())
}

/// A period to list events in, counted from now in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Period {
    #[default]
    All,
    Today,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Self; 4] = [Self::All, Self::Today, Self::Week, Self::Month];

    pub fn code(self) -> &'static str {
        match self {
            Self::All => "a",
            Self::Today => "d",
            Self::Week => "w",
            Self::Month => "m",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }

    /// The end (exclusive, Unix seconds) of the period that contains `now`: the end of today,
    /// of this week (Monday to Sunday) or of this calendar month, in local time.
    pub fn until(self, now: i64) -> Option<i64> {
        let today = local(now).date_naive();
        let end: NaiveDate = match self {
            Self::All => return None,
            Self::Today => today.succ_opt()?,
            Self::Week => today + Duration::days(7 - i64::from(today.weekday().num_days_from_monday())),
            Self::Month => {
                let (y, m) = if today.month() == 12 {
                    (today.year() + 1, 1)
                } else {
                    (today.year(), today.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)?
            }
        };
        region_tz()
            .from_local_datetime(&end.and_hms_opt(0, 0, 0)?)
            .single()
            .map(|t| t.timestamp())
    }
}

/// What a resident filters the event list by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EventFilter {
    pub district: Option<District>,
    pub theme: Option<Theme>,
    pub period: Period,
}

/// One event, as the operators describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable external id (`[A-Za-z0-9_-]`, fits the deep link `event_<id>`).
    pub id: String,
    pub title_ru: String,
    /// Empty when not translated.
    pub title_kk: String,
    pub kind: EventKind,
    /// Unix seconds (UTC).
    pub starts_at: i64,
    pub ends_at: i64,
    pub district: District,
    pub venue: String,
    pub address: String,
    pub coordinates: Option<Coordinates>,
    pub online_url: String,
    pub organizer: String,
    pub themes: Vec<Theme>,
    pub capacity: Option<u32>,
    pub status: EventStatus,
}

impl Event {
    /// The title in `lang`, falling back to Russian when there is no Kazakh one.
    pub fn title(&self, lang: super::Lang) -> &str {
        match lang {
            super::Lang::Kk if !self.title_kk.is_empty() => &self.title_kk,
            _ => &self.title_ru,
        }
    }

    /// `themes` as stored and written: ids joined with `|`.
    pub fn themes_text(&self) -> String {
        self.themes.iter().map(|t| t.id()).collect::<Vec<_>>().join("|")
    }
}

/// What an import changed about an event that residents who signed up must hear about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventChange {
    /// A new start time (or the status `moved`); `old_starts_at` is what they were told before.
    Moved {
        old_starts_at: i64,
    },
    Cancelled,
    /// Back on after a cancellation.
    Restored,
}

impl EventChange {
    /// The change from `old` to `new`, if residents must be told.
    pub fn between(old: &Event, new: &Event) -> Option<Self> {
        let cancelled = |e: &Event| e.status == EventStatus::Cancelled;
        match (cancelled(old), cancelled(new)) {
            (false, true) => Some(Self::Cancelled),
            (true, false) => Some(Self::Restored),
            (true, true) => None,
            (false, false)
                if old.starts_at != new.starts_at
                    || (new.status == EventStatus::Moved && old.status != EventStatus::Moved) =>
            {
                Some(Self::Moved {
                    old_starts_at: old.starts_at,
                })
            }
            (false, false) => None,
        }
    }
}

/// The longest external id: `event_` + id must fit a 64-character deep link.
pub const MAX_ID_LEN: usize = 58;
const MAX_TITLE_LEN: usize = 200;
const MAX_TEXT_LEN: usize = 300;

/// The CSV columns, in the order export writes them.
pub const COLUMNS: [&str; 16] = [
    "id",
    "title_ru",
    "title_kk",
    "kind",
    "starts_at",
    "ends_at",
    "district",
    "venue",
    "address",
    "lat",
    "lon",
    "online_url",
    "organizer",
    "themes",
    "capacity",
    "status",
];
const REQUIRED: [&str; 5] = ["id", "title_ru", "kind", "starts_at", "district"];

/// A problem in an events file: its line (1 = the header) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.reason)
    }
}

/// Parses an events CSV: `;` or `,` (from the header), with or without a UTF-8 BOM, columns in
/// any order. Returns every event, or every problem (never both).
pub fn parse_csv(input: &[u8]) -> Result<Vec<Event>, Vec<RowError>> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let header_line = input.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if header_line.contains(&b';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(input);
    let mut errors = Vec::new();
    let err = |line: u64, reason: String| RowError { line, reason };

    let mut records = reader.byte_records();
    let header = match records.next() {
        None => return Err(vec![err(1, "the file is empty: expected a header line".into())]),
        Some(Err(e)) => return Err(vec![err(1, format!("unreadable header: {e}"))]),
        Some(Ok(h)) => h,
    };
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(name).trim().to_lowercase();
        if name.is_empty() && header.len() > 1 && i == header.len() - 1 {
            continue; // a trailing separator
        }
        match COLUMNS.iter().find(|c| **c == name) {
            Some(c) if columns.contains_key(c) => errors.push(err(1, format!("column `{c}` appears twice"))),
            Some(c) => {
                columns.insert(c, i);
            }
            None => errors.push(err(
                1,
                format!("unknown column `{name}` (expected: {})", COLUMNS.join(", ")),
            )),
        }
    }
    for c in REQUIRED {
        if !columns.contains_key(c) {
            errors.push(err(1, format!("missing required column `{c}`")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut events = Vec::new();
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                errors.push(err(line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        let mut cells = HashMap::new();
        let mut bad_utf8 = false;
        for (name, i) in &columns {
            match std::str::from_utf8(record.get(*i).unwrap_or_default()) {
                Ok(s) => {
                    cells.insert(*name, super::csv_untext(s.trim()));
                }
                Err(_) => bad_utf8 = true,
            }
        }
        if bad_utf8 {
            errors.push(err(line, "not valid UTF-8 (save the file as UTF-8)".into()));
            continue;
        }
        match parse_row(&cells) {
            Ok(event) => {
                if let Some(first) = first_line_of.get(&event.id) {
                    errors.push(err(
                        line,
                        format!("duplicate id `{}` (first on line {first})", event.id),
                    ));
                    continue;
                }
                first_line_of.insert(event.id.clone(), line);
                events.push(event);
            }
            Err(reasons) => errors.extend(reasons.into_iter().map(|r| err(line, r))),
        }
    }
    if errors.is_empty() {
        Ok(events)
    } else {
        Err(errors)
    }
}

/// One row's cells (trimmed) → an event, or every reason it is not one.
fn parse_row(cells: &HashMap<&'static str, &str>) -> Result<Event, Vec<String>> {
    let get = |c: &str| cells.get(c).copied().unwrap_or_default();
    let mut reasons = Vec::new();
    let mut required = |c: &str| {
        let v = get(c);
        if v.is_empty() {
            reasons.push(format!("`{c}` is empty (required)"));
        }
        v
    };
    let id = required("id");
    let title_ru = required("title_ru");
    let kind = required("kind");
    let starts = required("starts_at");
    let district = required("district");

    if !id.is_empty()
        && (id.len() > MAX_ID_LEN
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        reasons.push(format!(
            "id `{id}`: use at most {MAX_ID_LEN} characters A-Z, a-z, 0-9, _ and -"
        ));
    }
    for (c, max) in [
        ("title_ru", MAX_TITLE_LEN),
        ("title_kk", MAX_TITLE_LEN),
        ("venue", MAX_TEXT_LEN),
        ("address", MAX_TEXT_LEN),
        ("organizer", MAX_TEXT_LEN),
    ] {
        if get(c).chars().count() > max {
            reasons.push(format!("`{c}` is longer than {max} characters"));
        }
    }
    let kind = match kind {
        "" => None,
        k => k
            .parse::<EventKind>()
            .map_err(|_| {
                let all: Vec<_> = EventKind::ALL.iter().map(|k| k.id()).collect();
                reasons.push(format!(
                    "unknown kind `{k}` (expected one of: {})",
                    all.join(", ")
                ));
            })
            .ok(),
    };
    let time = |c: &str, v: &str, reasons: &mut Vec<String>| match v {
        "" => None,
        v => parse_local_time(v).or_else(|| {
            reasons.push(format!(
                "`{c}` `{v}` is not a time: use YYYY-MM-DD HH:MM or DD.MM.YYYY HH:MM"
            ));
            None
        }),
    };
    let starts_at = time("starts_at", starts, &mut reasons);
    let ends_at = time("ends_at", get("ends_at"), &mut reasons);
    let ends_at = match (starts_at, ends_at) {
        (Some(s), None) if get("ends_at").is_empty() => Some(s + DEFAULT_DURATION_SECS),
        (Some(s), Some(e)) if e <= s => {
            reasons.push(format!(
                "ends_at {} is not after starts_at {}",
                get("ends_at"),
                starts
            ));
            None
        }
        (Some(s), Some(e)) if e - s > MAX_DURATION_SECS => {
            reasons.push(format!(
                "the event lasts more than 7 days (ends_at {}): check the date",
                get("ends_at")
            ));
            None
        }
        (_, e) => e,
    };
    let district = match district {
        "" => None,
        d => District::parse_loose(d)
            .map_err(|_| reasons.push(format!("unknown district `{d}`")))
            .ok(),
    };
    let coordinates = parse_coordinates(get("lat"), get("lon"), &mut reasons);
    let online_url = get("online_url");
    if !online_url.is_empty()
        && !url::Url::parse(online_url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
    {
        reasons.push(format!("online_url `{online_url}` is not an http(s) link"));
    }
    let mut themes = Vec::new();
    for t in get("themes").split('|').map(str::trim).filter(|t| !t.is_empty()) {
        match t.parse::<Theme>() {
            Ok(t) if !themes.contains(&t) => themes.push(t),
            Ok(_) => {}
            Err(_) => {
                let all: Vec<_> = Theme::ALL.iter().map(|t| t.id()).collect();
                reasons.push(format!("unknown theme `{t}` (expected: {})", all.join(", ")));
            }
        }
    }
    let capacity = match get("capacity") {
        "" => None,
        c => match c.parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                reasons.push(format!("capacity `{c}` is not a positive whole number"));
                None
            }
        },
    };
    let status = match get("status") {
        "" => Some(EventStatus::Scheduled),
        s => s
            .parse::<EventStatus>()
            .map_err(|_| {
                reasons.push(format!(
                    "unknown status `{s}` (expected scheduled, moved or cancelled)"
                ))
            })
            .ok(),
    };
    match (kind, starts_at, ends_at, district, status) {
        (Some(kind), Some(starts_at), Some(ends_at), Some(district), Some(status)) if reasons.is_empty() => {
            Ok(Event {
                id: id.to_owned(),
                title_ru: title_ru.to_owned(),
                title_kk: get("title_kk").to_owned(),
                kind,
                starts_at,
                ends_at,
                district,
                venue: get("venue").to_owned(),
                address: get("address").to_owned(),
                coordinates,
                online_url: online_url.to_owned(),
                organizer: get("organizer").to_owned(),
                themes,
                capacity,
                status,
            })
        }
        _ => Err(reasons),
    }
}

fn parse_coordinates(lat: &str, lon: &str, reasons: &mut Vec<String>) -> Option<Coordinates> {
    let number = |s: &str| s.replace(',', ".").parse::<f64>().ok().filter(|n| n.is_finite());
    match (lat, lon) {
        ("", "") => None,
        ("", _) | (_, "") => {
            reasons.push("bad coordinates: give both lat and lon, or neither".into());
            None
        }
        (a, o) => match (number(a), number(o)) {
            // The region file's generous box: coordinates outside are a typo or swapped.
            (Some(lat), Some(lon)) if super::region::current().bounds.contains(lat, lon) => {
                Some(Coordinates { lat, lon })
            }
            (Some(lat), Some(lon)) => {
                let region = super::region::current();
                reasons.push(format!(
                    "bad coordinates {lat}, {lon}: outside {} ({}); swapped?",
                    region.name.ru, region.bounds
                ));
                None
            }
            _ => {
                reasons.push(format!(
                    "bad coordinates `{a}`, `{o}`: use decimal degrees such as 51.2333"
                ));
                None
            }
        },
    }
}

/// Writes events in the import format: `;`, UTF-8 with BOM, decimal points, every column, free
/// text that would start a formula prefixed with `'` (the import drops it again).
pub fn write_csv(events: &[Event]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(COLUMNS);
        for e in events {
            let (lat, lon) = e.coordinates.map_or((String::new(), String::new()), |c| {
                (c.lat.to_string(), c.lon.to_string())
            });
            // Free text is written so that Excel never runs it as a formula.
            let text = super::csv_text;
            let _ = w.write_record([
                e.id.as_str(),
                &text(&e.title_ru),
                &text(&e.title_kk),
                e.kind.id(),
                &format_local_csv(e.starts_at),
                &format_local_csv(e.ends_at),
                e.district.id(),
                &text(&e.venue),
                &text(&e.address),
                &lat,
                &lon,
                &text(&e.online_url),
                &text(&e.organizer),
                &e.themes_text(),
                &e.capacity.map(|c| c.to_string()).unwrap_or_default(),
                e.status.id(),
            ]);
        }
        let _ = w.flush();
    }
    out
}

/// Today in local time: for messages such as "today" / "tomorrow".
pub fn local_date(unix: i64) -> NaiveDate {
    local(unix).date_naive()
}

/// The instant `unix` as a UTC `DateTime`.
pub fn utc(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const HEADER: &str = "id;title_ru;title_kk;kind;starts_at;ends_at;district;venue;address;lat;lon;online_url;organizer;themes;capacity;status";

    fn parse(s: &str) -> Result<Vec<Event>, Vec<RowError>> {
        parse_csv(s.as_bytes())
    }

    #[test]
    fn both_date_forms_are_local_time() {
        let a = parse_local_time("2026-12-15 18:00").unwrap();
        let b = parse_local_time("15.12.2026 18:00").unwrap();
        assert_eq!(a, b);
        // Asia/Oral is UTC+5: 18:00 local is 13:00 UTC.
        assert_eq!(utc(a).format("%Y-%m-%dT%H:%MZ").to_string(), "2026-12-15T13:00Z");
        assert_eq!(format_local_csv(a), "2026-12-15 18:00");
        assert!(parse_local_time("15/12/2026 18:00").is_none());
        assert!(parse_local_time("2026-02-30 10:00").is_none());
    }

    #[test]
    fn comma_file_with_bom_any_order_and_decimal_comma() {
        let csv = "\u{FEFF}district,kind,starts_at,title_ru,id,lat,lon,themes\n\
                   Аксай,meeting,01.12.2026 15:00,Встреча,ev-1,\"51,17\",\"52,99\",labour|participation\n";
        let events = parse(csv).unwrap();
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e.district.id(), "burlin");
        assert_eq!(e.ends_at - e.starts_at, DEFAULT_DURATION_SECS);
        assert_eq!(
            e.coordinates,
            Some(Coordinates {
                lat: 51.17,
                lon: 52.99
            })
        );
        assert_eq!(e.themes, vec![Theme::Labour, Theme::Participation]);
        assert_eq!(e.status, EventStatus::Scheduled);
    }

    #[test]
    fn semicolon_file_with_decimal_comma_unquoted() {
        let csv = format!(
            "{HEADER}\nx1;Круглый стол;Дөңгелек үстел;round_table;2026-12-20 10:00;2026-12-20 12:30;Зеленовский район;Дом культуры;ул. Абая 1;51,23;51,37;;Акимат;;40;moved\n"
        );
        let e = &parse(&csv).unwrap()[0];
        assert_eq!(e.district.id(), "baiterek");
        assert_eq!(e.coordinates.unwrap().lat, 51.23);
        assert_eq!(e.capacity, Some(40));
        assert_eq!(e.status, EventStatus::Moved);
    }

    #[test]
    fn every_error_is_reported_with_its_line() {
        let csv = format!(
            "{HEADER}\n\
             a;Ок;;meeting;2026-12-01 10:00;;uralsk;;;;;;;;;\n\
             b;Нет района;;meeting;2026-12-01 10:00;;Атырау;;;;;;;;;\n\
             c;Конец раньше;;meeting;2026-12-01 10:00;2026-12-01 09:00;uralsk;;;;;;;;;\n\
             d;Координаты;;meeting;2026-12-01 10:00;;uralsk;;;abc;51;;;;;\n\
             a;Дубль;;meeting;2026-12-01 10:00;;uralsk;;;;;;;;;\n\
             e;;;party;tomorrow;;uralsk;;;;;;;weather;-3;gone\n"
        );
        let errors = parse(&csv).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert!(
            errors[0].line == 3 && errors[0].reason.contains("district"),
            "{errors:?}"
        );
        assert!(
            errors[1].line == 4 && errors[1].reason.contains("not after"),
            "{errors:?}"
        );
        assert!(
            errors[2].line == 5 && errors[2].reason.contains("coordinates"),
            "{errors:?}"
        );
        assert!(errors[3].line == 6 && errors[3].reason.contains("duplicate id `a` (first on line 2)"));
        let row7: Vec<_> = errors
            .iter()
            .filter(|e| e.line == 7)
            .map(|e| e.reason.as_str())
            .collect();
        for what in ["title_ru", "kind", "starts_at", "theme", "capacity", "status"] {
            assert!(row7.iter().any(|r| r.contains(what)), "{what}: {row7:?}");
        }
        assert!(!lines.contains(&2));
    }

    #[test]
    fn header_problems_are_line_one() {
        let errors = parse("id;title;kind\n").unwrap_err();
        assert!(errors.iter().all(|e| e.line == 1));
        assert!(errors.iter().any(|e| e.reason.contains("unknown column `title`")));
        assert!(
            errors
                .iter()
                .any(|e| e.reason.contains("missing required column `starts_at`"))
        );
        assert_eq!(parse("").unwrap_err()[0].line, 1);
    }

    #[test]
    fn swapped_or_far_coordinates_are_refused() {
        let row = |lat: &str, lon: &str| {
            format!(
                "id;title_ru;kind;starts_at;district;lat;lon\nx;T;meeting;2026-12-01 10:00;uralsk;{lat};{lon}\n"
            )
        };
        assert!(parse(&row("51.23", "51.37")).is_ok());
        assert!(parse(&row("5.123", "51.37")).is_err());
        assert!(parse(&row("51.23", "")).is_err());
        assert!(parse(&row("NaN", "51")).is_err());
    }

    #[test]
    fn export_then_import_is_identity() {
        let csv = format!(
            "{HEADER}\n\
             x1;\"Встреча; «кавычки»\";Кездесу;meeting;2026-12-20 10:00;2026-12-20 12:30;Орал;ДК \"Металлист\";ул. Абая, 1;51.2333;51.3667;;Акимат;labour|participation;40;scheduled\n\
             x2;Онлайн;;online;21.12.2026 19:00;;uralsk;;;;;https://example.org/live;;;;cancelled\n\
             x3;=HYPERLINK(\"http://evil\");+7 777;meeting;2026-12-22 10:00;;uralsk;@venue;-адрес;;;;=1+1;;;scheduled\n"
        );
        let events = parse(&csv).unwrap();
        let exported = write_csv(&events);
        let text = String::from_utf8_lossy(&exported);
        assert!(
            text.contains("'=HYPERLINK") && text.contains("'+7 777") && text.contains("'@venue"),
            "formulas are written as text: {text}"
        );
        assert!(exported.starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(parse_csv(&exported).unwrap(), events);
        assert_eq!(write_csv(&parse_csv(&exported).unwrap()), exported);
    }

    #[test]
    fn periods_end_at_local_midnight() {
        // Tuesday 2026-12-15 18:00 local.
        let now = parse_local_time("2026-12-15 18:00").unwrap();
        let at = |s: &str| parse_local_time(s).unwrap();
        assert_eq!(Period::Today.until(now), Some(at("2026-12-16 00:00")));
        assert_eq!(Period::Week.until(now), Some(at("2026-12-21 00:00")));
        assert_eq!(Period::Month.until(now), Some(at("2027-01-01 00:00")));
        assert_eq!(Period::All.until(now), None);
    }

    #[test]
    fn haversine_uralsk_to_aksai() {
        let uralsk = Coordinates {
            lat: 51.2333,
            lon: 51.3667,
        };
        let aksai = Coordinates {
            lat: 51.1678,
            lon: 52.9950,
        };
        let d = uralsk.distance_km(aksai);
        assert!((110.0..120.0).contains(&d), "{d}");
        assert_eq!(uralsk.distance_km(uralsk), 0.0);
    }

    #[test]
    fn the_readme_example_and_the_sample_file_parse() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        let block = readme
            .split("```csv\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("README has a ```csv example");
        assert_eq!(parse(block).unwrap().len(), 2);
        let sample = std::fs::read(root.join("examples/events.csv")).unwrap();
        let events = parse_csv(&sample).unwrap();
        assert_eq!(events.len(), 30);
        assert!(
            events
                .iter()
                .all(|e| e.title_ru.contains("ОБРАЗЕЦ") && e.title_kk.contains("ҮЛГІ"))
        );
        for d in District::all() {
            assert!(events.iter().any(|e| e.district == d), "{d:?} has a sample event");
        }
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = parse_csv(&bytes);
        }

        #[test]
        fn arbitrary_rows_under_a_valid_header_never_panic(rows in "[a-z0-9;,.:\\- \"\n|]{0,300}") {
            let _ = parse(&format!("{HEADER}\n{rows}"));
        }
    }
}
