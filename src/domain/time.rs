//! Local wall time in the region (its file's zone) ↔ unambiguous instants.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::region_tz;

/// Parses `YYYY-MM-DD HH:MM` or `DD.MM.YYYY HH:MM` as local time in the region.
pub fn parse_local(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let naive = ["%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())?;
    // Kazakhstan's zones have no daylight saving; elsewhere a repeated autumn hour means its
    // first occurrence and a skipped spring hour does not exist.
    region_tz()
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Unix seconds of the start of local day `d` in the region.
pub fn local_day_start(d: NaiveDate) -> i64 {
    let naive = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    region_tz()
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc().timestamp(), |t| t.timestamp())
}

/// Formats an instant as local `DD.MM.YYYY HH:MM`.
pub fn format_local(t: DateTime<Utc>) -> String {
    t.with_timezone(&region_tz()).format("%d.%m.%Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_are_utc_plus_5() {
        let a = parse_local("2026-12-01 10:00").unwrap();
        let b = parse_local("01.12.2026 10:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_rfc3339(), "2026-12-01T05:00:00+00:00");
        assert_eq!(format_local(a), "01.12.2026 10:00");
        assert!(parse_local("завтра").is_none() && parse_local("2026-13-01 10:00").is_none());
    }
}
